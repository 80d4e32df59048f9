/**
 * Example inputs of the catalog's operations, in their encoded form (what the generated form holds), chosen to
 * work against the emulator's demo seed: Tom (100001, mobile 919000000001), Ann (100002), Bob (100003), the
 * "Demo family" group (`demo-family`, Tom its primary member, Bob in it), coupon series 5001 to 5005.
 */
import { Seed } from "@capillary-effect/emulator"

const { ann, bob, tom } = Seed.demo.customers

/** By operation id: `{ path?, query?, body? }`. */
export const examples: Readonly<Record<string, Record<string, unknown>>> = {
  "core.generateToken": { body: { key: Seed.demo.client.key, secret: Seed.demo.client.secret } },
  "customers.add": {
    body: {
      profiles: [{
        firstName: "Huck",
        lastName: "Finn",
        source: "INSTORE",
        identifiers: [{ type: "mobile", value: "919000000042" }, { type: "email", value: "huck@example.com" }]
      }]
    }
  },
  "customers.get": { path: { id: String(tom.id) }, query: { source: "INSTORE" } },
  "customers.getByIdentifier": {
    query: { source: "INSTORE", identifierName: "mobile", identifierValue: tom.mobile }
  },
  "customers.lookup": { query: { source: "INSTORE", identifierName: "mobile", identifierValue: tom.mobile } },
  "usergroups.create": { body: { externalId: "playground-team", groupName: "Playground team", maxGroupSize: 4 } },
  "usergroups.get": { query: { externalId: "demo-family" } },
  "usergroups.join": { query: { externalId: "demo-family" }, body: [{ userId: ann.id }] },
  "usergroups.leave": {
    path: { groupId: "" },
    query: { source: "INSTORE", identifierName: "mobile", identifierValue: bob.mobile }
  },
  "usergroups.delete": { query: { externalId: "playground-team" } },
  "usergroups.isTransferrable": {
    body: {
      pointsTobeTransferred: 50,
      transferredBy: { identifierType: "mobile", identifierValue: tom.mobile, source: "INSTORE" },
      fromEntity: { type: "CUSTOMER", identifierType: "mobile", identifierValue: tom.mobile, source: "INSTORE" },
      toEntity: { type: "USERGROUP2", identifierType: "externalId", identifierValue: "demo-family" }
    }
  },
  "usergroups.transferPoints": {
    body: {
      pointsTobeTransferred: 50,
      notes: "from the playground",
      transferredBy: { identifierType: "mobile", identifierValue: tom.mobile, source: "INSTORE" },
      fromEntity: { type: "CUSTOMER", identifierType: "mobile", identifierValue: tom.mobile, source: "INSTORE" },
      toEntity: { type: "USERGROUP2", identifierType: "externalId", identifierValue: "demo-family" }
    }
  },
  "usergroups.pointsTransfers": {
    query: { identifierName: "mobile", identifierValue: tom.mobile, userEntityType: "CUSTOMER", source: "INSTORE" }
  },
  "rewards.createCouponSeries": {
    body: {
      description: "PLAYGROUND5",
      discountType: "ABS",
      discountValue: 5,
      validTillDate: "2099-12-31T23:59:59Z",
      expiryStrategyType: "SERIES_EXPIRY"
    }
  },
  "rewards.updateCouponSeries": { path: { id: "5003" }, body: { info: "updated from the playground" } },
  "rewards.getCouponSeries": { query: { ids: ["5001", "5003"] } },
  "rewards.issueCoupon": { body: { seriesId: 5003, customer: { id: tom.id } } },
  "rewards.issueMultipleCoupons": { body: { seriesId: 5003, count: 2, customer: { mobile: ann.mobile } } },
  "rewards.getCoupons": { query: { issuedToIds: [String(tom.id)] } },
  "rewards.customerCoupons": { query: { id: String(tom.id) } },
  "rewards.isRedeemable": { query: { id: String(tom.id), code: "FREESHIP" } },
  "rewards.redeemCoupons": {
    body: {
      redemptionRequestList: [{ code: "" }],
      user: { id: tom.id },
      transactionNumber: "PLAY-1",
      billAmount: 250
    }
  },
  "rewards.bulkRedeemCoupons": {
    body: {
      redemptionRequestList: [{ code: "" }],
      user: { id: tom.id },
      transactionNumber: "PLAY-2",
      billAmount: 250
    }
  },
  "rewards.reactivateCoupons": { body: { redemptionIds: [900001] } },
  "rewards.revokeCoupon": { body: { couponSeriesId: 5003, customer: { id: tom.id } } },
  "rewards.pointsBalance": { path: { userId: String(tom.id) } },
  "rewards.ledgerBalance": { query: { identifierName: "mobile", identifierValue: tom.mobile, source: "INSTORE" } },
  "rewards.ledgerInfo": { query: { identifierName: "mobile", identifierValue: tom.mobile, source: "INSTORE" } }
}
