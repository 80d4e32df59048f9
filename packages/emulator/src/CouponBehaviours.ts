/**
 * What the emulator does for the coupon endpoints of `@capillary-effect/rewards`: coupon series per
 * organisation (created flat or wrapped in `CouponSeriesV2`, updated, read), coupons issued within the series'
 * limits (one or several at once), redeemed on bills (one request, or a batch of at most 50 all or nothing),
 * checked, reactivated and revoked, and coupon reads by customer, id or code, with a customer's redemption
 * history. An issue checks, inside its transaction: the series exists
 * (707), the customer exists in the organisation (8015), the series has not ended by the emulator clock (712);
 * then `doNotResendExistingVoucher` answers a customer's active coupon again; a GENERIC series or
 * `isMultipleVouchersPerUserAllowed: false` allows one coupon per customer (5004), `maxVouchersPerUser` caps
 * them (5002), `minDaysBetweenVouchers` spaces them (709), and `maxCreate` caps the series (722). Validity:
 * `SERIES_EXPIRY` until the series' `validTillDate`, `DAYS` for `expiryStrategyValue` days from issue,
 * `MONTHS_END` to the end of the month `expiryStrategyValue` months after issue. Codes are upper case, unique in
 * the organisation, compared without regard to case, and drawn from Effect's `Random` seeded with the series and
 * its draw counter, so the same state always issues the same code; a GENERIC series' coupons share its code.
 *
 * A redemption checks, inside its transaction and in this order: the customer exists (8015), the code exists
 * in the organisation without regard to case (702), the coupon is not revoked (660), it is the customer's or
 * the series is `anyUser` (703), the series has not ended (712) and the coupon is valid (713) by the emulator
 * clock, it is not already redeemed (711; `isMultipleUseAllowed` lets anyone redeem it again,
 * `sameUserMultipleRedeem` the same customer), the customer is under `maxRedemptionsInSeriesPerUser` (728) and
 * `minDaysBetweenRedemption` (738), the bill is within `minBillAmount`..`maxBillAmount` (733), and the series
 * under `maxRedeem` (714). The coupon's state and the series' `numRedeemed` change only in statements that check
 * them again (`... WHERE status = 'ISSUED'`, `... WHERE num_redeemed < max_redeem`), so of concurrent
 * redemptions of one single-use coupon exactly one succeeds. Each redemption is recorded with its bill's
 * transaction number (redemption ids start at 900001); reactivation undoes it and the counters.
 *
 * @since 0.1.0
 */
import { Coupon, CouponRedemption, CouponsApi } from "@capillary-effect/rewards"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, Rejection } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import { EmulatorClock } from "./EmulatorClock.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/coupons.ts"

/**
 * The coupons tables: series (definition, limit columns, counters), coupons (code unique per organisation,
 * customer, issue time, validity, status) and redemptions (coupon, customer, bill, time, reactivation). They
 * refer to customers, so the customers migration is part of the catalog too.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  "0300_coupons": Store.createTables,
  "0310_coupon_redemptions": Store.createRedemptionTables
}

const isPositiveInteger = (value: unknown) => typeof value === "string" && /^\d+$/.test(value) && Number(value) > 0

const bodyOf = (input: RawInput): Record<string, unknown> =>
  typeof input.body === "object" && input.body !== null ? input.body as Record<string, unknown> : {}

/** An issue: no series id is 756, one that is not a positive integer 707. */
const rejectIssue = (input: RawInput) => {
  const { seriesId } = bodyOf(input)
  if (seriesId === undefined || seriesId === null || seriesId === "") {
    return new Rejection({ status: 400, code: 756, message: "seriesId is mandatory to set" })
  }
  return isPositiveInteger(String(seriesId)) ? undefined : Store.invalidSeries()
}

/** An issue of several coupons: as an issue, and a count outside 1..500 is 677. */
const rejectIssueMultiple = (input: RawInput) => {
  const issue = rejectIssue(input)
  if (issue !== undefined) return issue
  const { count } = bodyOf(input)
  if (count === undefined) return undefined
  return typeof count === "number" && Number.isInteger(count) && count >= 1 && count <= Coupon.maxIssueCount
    ? undefined
    : new Rejection({ status: 400, code: 677, message: "Invalid coupon count. Minimum 1 and Maximum 500." })
}

/** A batch of more than 50 codes: 629. */
const rejectBulkRedeem = (input: RawInput) => {
  const { redemptionRequestList } = bodyOf(input)
  return Array.isArray(redemptionRequestList) && redemptionRequestList.length > CouponRedemption.maxBulkCodes
    ? new Rejection({
      status: 400,
      code: 629,
      message: `Invalid input: at most ${CouponRedemption.maxBulkCodes} coupons can be redeemed in a batch`
    })
    : undefined
}

/** No redemption ids: 661; ids that are not positive integers: 510. */
const rejectReactivate = (input: RawInput) => {
  const { redemptionIds } = bodyOf(input)
  if (!Array.isArray(redemptionIds) || redemptionIds.length === 0) {
    return new Rejection({ status: 400, code: 661, message: "No redemption ids passed" })
  }
  return redemptionIds.every((id) => typeof id === "number" && Number.isInteger(id) && id > 0)
    ? undefined
    : new Rejection({ status: 400, code: 510, message: "Invalid redemption id" })
}

/** Neither codes nor a customer: 756. */
const rejectRevoke = (input: RawInput) => {
  const { couponCodes, customer } = bodyOf(input)
  return couponCodes === undefined && customer === undefined
    ? new Rejection({ status: 400, code: 756, message: "CouponCode/s or customer info is mandatory" })
    : undefined
}

/** A series in the path that is not a positive integer: 707. */
const rejectSeriesPath = (input: RawInput) => {
  const { id } = input.path
  return id !== undefined && !isPositiveInteger(id) ? Store.invalidSeries() : undefined
}

/** Series ids in the query that are not positive integers: 707. */
const rejectSeriesQuery = (input: RawInput) => {
  const { ids } = input.query
  const list = ids === undefined ? [] : typeof ids === "string" ? [ids] : ids
  return list.some((id) => !isPositiveInteger(id)) ? Store.invalidSeries() : undefined
}

/**
 * `rewards.createCouponSeries`: creates a series in the caller's organisation, with Capillary's defaults for
 * what the definition leaves out; a GENERIC code already used in the organisation is refused (400).
 *
 * @since 0.1.0
 * @category behaviours
 */
export const createSeries = handle(
  CouponsApi.createCouponSeries,
  (input, context) =>
    Store.createSeries({
      orgId: context.principal.orgId,
      definition: input.body,
      now: context.now,
      by: context.principal.tillId
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `rewards.updateCouponSeries`: changes the fields sent; the merged series must still be valid (400); 707 for
 * a series the organisation does not have.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const updateSeries = handle(
  CouponsApi.updateCouponSeries,
  (input, context) =>
    Store.updateSeries({ orgId: context.principal.orgId, id: input.path.id, changes: input.body }).pipe(
      Effect.catchTag("SqlError", Effect.die)
    ),
  { rejectInvalid: rejectSeriesPath }
)

/**
 * `rewards.getCouponSeries`: the organisation's series with those ids. Ids it does not have are left out with a
 * 707 warning each; when none is found, 707.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const getSeries = handle(
  CouponsApi.getCouponSeries,
  (input, context) =>
    Effect.gen(function*() {
      const ids = [...new Set<number>(input.query.ids)]
      const found = yield* Store.findSeries(context.principal.orgId, ids)
      if (found.length === 0) return yield* Store.invalidSeries(ids[0])
      const known = new Set<number>(found.map((series) => series.id))
      const warnings = ids.filter((id) => !known.has(id)).map((id) => ({
        status: false,
        code: 707,
        message: `Invalid series id ${id}`
      }))
      return { entity: found, warnings }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectSeriesQuery }
)

/**
 * `rewards.issueCoupon`: issues within the series' limits (see the module documentation) and answers the coupon
 * with the customer.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const issue = handle(
  CouponsApi.issueCoupon,
  (input, context) =>
    Effect.gen(function*() {
      const issued = yield* Store.issue({
        orgId: context.principal.orgId,
        request: input.body,
        now: context.now,
        by: context.principal.tillCode
      })
      return yield* Store.issuedAnswer(context.principal.orgId, issued)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectIssue }
)

/**
 * `rewards.getCoupons`: the organisation's coupons matching every filter given, with a 702 warning for each code
 * or id it does not have. Each coupon carries `id`, `issuedToId`, `issuedOn` and `redemptionCount` besides the
 * documented fields.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const getCoupons = handle(
  CouponsApi.getCoupons,
  (input, context) =>
    Store.findCoupons(context.principal.orgId, input.query, context.now).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `rewards.issueMultipleCoupons`: issues `count` coupons (default 1) with the issue rules, all or nothing; 677
 * for a count outside 1..500.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const issueMultiple = handle(
  CouponsApi.issueMultipleCoupons,
  (input, context) =>
    Store.issueMultiple({
      orgId: context.principal.orgId,
      request: input.body,
      now: context.now,
      by: context.principal.tillCode
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectIssueMultiple }
)

/**
 * `rewards.redeemCoupons`: redeems the codes on the bill by the redemption rules (see the module
 * documentation), all or none; a code that cannot be redeemed fails the request with its own code, as a
 * top-level `errors[]` envelope.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const redeem = handle(
  CouponsApi.redeemCoupons,
  (input, context) =>
    Store.redeem({
      orgId: context.principal.orgId,
      request: input.body,
      now: context.now,
      by: context.principal.tillCode
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `rewards.bulkRedeemCoupons`: as `redeem`, but a code that cannot be redeemed fails the whole batch with 749
 * (its own code and message in the error's message), and nothing of the batch is applied; 629 for more than 50
 * codes.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const bulkRedeem = handle(
  CouponsApi.bulkRedeemCoupons,
  (input, context) =>
    Store.bulkRedeem({
      orgId: context.principal.orgId,
      request: input.body,
      now: context.now,
      by: context.principal.tillCode
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectBulkRedeem }
)

/**
 * `rewards.isRedeemable`: each code checked by the redemption rules (but the bill amount), without writing.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const isRedeemable = handle(
  CouponsApi.isRedeemable,
  (input, context) =>
    Store.isRedeemable({ orgId: context.principal.orgId, query: input.query, now: context.now }).pipe(
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * `rewards.reactivateCoupons`: undoes redemptions by id, all or nothing (510 unknown or already reactivated, 661
 * none).
 *
 * @since 0.1.0
 * @category behaviours
 */
export const reactivate = handle(
  CouponsApi.reactivateCoupons,
  (input, context) =>
    Store.reactivate({
      orgId: context.principal.orgId,
      redemptionIds: input.body.redemptionIds,
      now: context.now
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectReactivate }
)

/**
 * `rewards.revokeCoupon`: revokes unredeemed coupons by codes, customer or both; what cannot be revoked is
 * listed by reason (682 not found or already revoked, 405 redeemed); 756 with neither codes nor customer.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const revoke = handle(
  CouponsApi.revokeCoupon,
  (input, context) =>
    Store.revoke({ orgId: context.principal.orgId, request: input.body, now: context.now }).pipe(
      Effect.catchTag("SqlError", Effect.die)
    ),
  { rejectInvalid: rejectRevoke }
)

/**
 * `rewards.customerCoupons`: a page of the customer's coupons with their redemptions and reversed redemptions.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const customerCoupons = handle(
  CouponsApi.customerCoupons,
  (input, context) =>
    Store.customerCoupons({ orgId: context.principal.orgId, query: input.query, now: context.now }).pipe(
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * The coupon endpoints, their behaviours and their migrations, for `Emulator.catalog`.
 *
 * @since 0.1.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: CouponsApi.endpoints,
  behaviours: [
    createSeries,
    updateSeries,
    getSeries,
    issue,
    getCoupons,
    issueMultiple,
    redeem,
    bulkRedeem,
    isRedeemable,
    reactivate,
    revoke,
    customerCoupons
  ],
  migrations
}

// ---------------------------------------------------------------------------------------------------------------
// Demo seed
// ---------------------------------------------------------------------------------------------------------------

/**
 * The demo series of org `demo`, by id, as `seedDemo` creates them:
 * - `welcome` (WELCOME10): 10 off, valid 30 days from issue, one coupon per customer (`maxVouchersPerUser` 1);
 * - `birthday` (BIRTHDAY20): 20% off up to 500, only two coupons in all (`maxCreate` 2);
 * - `anyUser` (ANYUSER5): 5 off, redeemable by anyone and more than once, valid to the end of next month;
 * - `freeShipping` (FREESHIP): 50 off, one GENERIC code shared by every customer, answered again when held;
 * - `expired` (SUMMER15): 15% off, ended on 2020-08-31.
 *
 * @since 0.1.0
 * @category seeding
 */
export const demoSeries = {
  welcome: {
    id: 5001,
    definition: {
      description: "WELCOME10",
      discountCode: "WELCOME10",
      discountType: "ABS",
      discountValue: 10,
      validTillDate: "2099-12-31T23:59:59Z",
      expiryStrategyType: "DAYS",
      expiryStrategyValue: 30,
      maxVouchersPerUser: 1
    }
  },
  birthday: {
    id: 5002,
    definition: {
      description: "BIRTHDAY20",
      discountCode: "BIRTHDAY20",
      discountType: "PERC",
      discountValue: 20,
      discountUpto: 500,
      validTillDate: "2099-12-31T23:59:59Z",
      expiryStrategyType: "SERIES_EXPIRY",
      maxCreate: 2
    }
  },
  anyUser: {
    id: 5003,
    definition: {
      description: "ANYUSER5",
      discountCode: "ANYUSER5",
      discountType: "ABS",
      discountValue: 5,
      validTillDate: "2099-12-31T23:59:59Z",
      expiryStrategyType: "MONTHS_END",
      expiryStrategyValue: 1,
      anyUser: true,
      sameUserMultipleRedeem: true
    }
  },
  freeShipping: {
    id: 5004,
    definition: {
      description: "FREESHIP",
      discountCode: "FREESHIP",
      discountType: "ABS",
      discountValue: 50,
      validTillDate: "2099-12-31T23:59:59Z",
      expiryStrategyType: "SERIES_EXPIRY",
      clientHandlingType: "GENERIC",
      genericCode: "FREESHIP",
      doNotResendExistingVoucher: true
    }
  },
  expired: {
    id: 5005,
    definition: {
      description: "SUMMER15",
      discountCode: "SUMMER15",
      discountType: "PERC",
      discountValue: 15,
      validTillDate: "2020-08-31T23:59:59Z",
      expiryStrategyType: "SERIES_EXPIRY"
    }
  }
} as const satisfies Record<string, { readonly id: number; readonly definition: Coupon.CouponSeriesCreate }>

/**
 * Creates the demo series (`demoSeries`) in org `demo`, through the create behaviour's own SQL. It does nothing
 * when the coupons tables are not part of the catalog, when there is no org `demo` (the `empty` seed), or for a
 * series that already exists, so it can run after any seed.
 *
 * @since 0.1.0
 * @category seeding
 */
export const seedDemo: Effect.Effect<void, never, SqlClient.SqlClient | EmulatorClock> = Effect.gen(function*() {
  if (!(yield* Store.modelled)) return
  const sql = yield* SqlClient.SqlClient
  const [org] = yield* sql<{ id: number }>`SELECT id FROM orgs WHERE name = 'demo'`
  if (org === undefined) return
  const [till] = yield* sql<{ id: number }>`SELECT id FROM tills WHERE org_id = ${org.id} ORDER BY id LIMIT 1`
  const now = yield* EmulatorClock.use((clock) => clock.now)
  for (const { definition, id } of Object.values(demoSeries)) {
    const [existing] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM coupon_series WHERE id = ${id}`
    if (existing!.n > 0) continue
    yield* Store.createSeries({
      orgId: org.id,
      definition: Schema.decodeUnknownSync(Coupon.CouponSeriesCreate)(definition),
      now,
      by: till?.id ?? 0,
      id
    })
  }
}).pipe(Effect.orDie)
