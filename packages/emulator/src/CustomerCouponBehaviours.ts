/**
 * What the emulator does for the detailed customer coupons read of `@capillary-effect/rewards`
 * (`CouponsApi.customerCouponsById`, `GET /v2/customers/{customerId}/coupons`): every coupon of a customer of the
 * organisation (revoked ones left out), newest first, from the coupon tables: the coupon with its whole series,
 * who issued it (the till's id) and where (the till's store, as code and name: the emulator has no store ids or
 * names), when it was issued and until when it is valid, the discount (`discountType` is Capillary's deprecated
 * boolean: true for an absolute discount), the redemptions left for the customer (by the series' rules, -1 when
 * unlimited), its standing redemptions (`redemptionInfo`) and reactivated ones (`reversedRedemptionInfo`). Codes
 * come in upper case unless `coupon_code_case` asks for `LOWER` or `AS_IT_IS` (as issued). The processing statuses
 * Capillary adds to each coupon (`status`, `couponStatus`) record calls the emulator does not keep, so they are
 * absent. A customer the organisation does not have is 8015.
 *
 * @since 0.2.0
 */
import { Coupon, CouponsApi } from "@capillary-effect/rewards"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql"
import { handle } from "./Behaviour.ts"
import * as CouponBehaviours from "./CouponBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Customers from "./internal/customers.ts"
import * as Store from "./internal/customersV11.ts"
import { isoSeconds } from "./internal/dates.ts"

/**
 * The read needs the customers and coupon tables.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = CouponBehaviours.migrations

const caseOf = (code: string, wanted: "LOWER" | "UPPER" | "AS_IT_IS" | undefined) =>
  wanted === "LOWER" ? code.toLowerCase() : wanted === "AS_IT_IS" ? code : code.toUpperCase()

/**
 * `rewards.customerCouponsById`: the customer's coupons in detail (see the module doc).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const customerCouponsById = handle(
  CouponsApi.customerCouponsById,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const customerId = input.path.customerId
      const customer = yield* Customers.load(orgId, customerId, { source: "ALL" })
      if (customer === undefined) return yield* Customers.notFound()
      const all = yield* Store.coupons(orgId, customerId)
      const entity: Array<CouponsApi.DetailedCustomerCoupon> = []
      for (const coupon of all) {
        const till = yield* Store.storeOf(orgId, coupon.issuedBy)
        const standing = Store.standing(coupon)
        const record = (redemption: Store.RedemptionRecord) => ({
          id: redemption.id,
          date: isoSeconds(redemption.redeemedAt),
          transactionNumber: redemption.transactionNumber,
          redeemedAt: { code: redemption.redeemedBy, name: redemption.redeemedBy }
        })
        const code = caseOf(coupon.code, input.query.coupon_code_case)
        entity.push({
          id: Coupon.CouponId.make(coupon.id),
          seriesId: Coupon.CouponSeriesId.make(coupon.seriesId),
          series: coupon.series,
          code,
          description: coupon.series.description,
          createdDate: isoSeconds(coupon.issuedAt),
          validTill: isoSeconds(coupon.validTill),
          isRedeemed: standing.length > 0,
          issuedTo: Coupon.CustomerId.make(customerId),
          ...(till === undefined ? {} : { issuedBy: till.id }),
          orgId,
          ...(till === undefined
            ? {}
            : { issuedAt: { code: till.store_code, name: till.store_code, type: "STORE" } }),
          couponDiscountType: coupon.series.discountType,
          issuedOn: isoSeconds(coupon.issuedAt),
          activeFrom: isoSeconds(coupon.issuedAt),
          redemptionsLeft: Store.redemptionsLeft(coupon, all),
          redemptionInfo: standing.map(record),
          reversedRedemptionInfo: coupon.redemptions.filter((redemption) => redemption.reactivatedAt !== null).map(
            record
          ),
          discountType: coupon.series.discountType === "ABS",
          discountValue: coupon.series.discountValue,
          discountValueAsDouble: coupon.series.discountValue,
          ...(coupon.series.discountUpto === undefined ? {} : { discountUpto: coupon.series.discountUpto }),
          redeemed: standing.length > 0,
          seriesName: coupon.series.description,
          trimmedCode: code.trim()
        })
      }
      return { entity, warnings: [], errors: [], success: true }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * The detailed customer coupons endpoint and its behaviour, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: [CouponsApi.customerCouponsById],
  behaviours: [customerCouponsById],
  migrations
}
