/**
 * The endpoint declarations of Capillary's v2 coupons: create, update and read coupon series; issue one coupon
 * or several to a customer; redeem coupons on a bill, one or a batch of at most 50 (all or nothing); check
 * whether codes can be redeemed; reactivate redemptions; revoke unredeemed coupons; and read coupons by
 * customer, id or code, or a customer's coupons with their redemptions. The client calls them, the emulator
 * serves them, and both validate with the same schemas.
 *
 * @since 0.1.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import { Schema } from "effect"
import * as Coupon from "./Coupon.ts"
import {
  BulkRedeemFailed,
  CouponAlreadyRedeemed,
  CouponExpired,
  CouponIssueFailed,
  CouponNotIssuedToCustomer,
  CouponRevoked,
  CustomerNotFound,
  InvalidBillAmount,
  InvalidCouponCode,
  InvalidRedemption,
  InvalidSeries,
  MaxCouponsPerUser,
  MaxRedemptionsReached,
  SeriesExpired
} from "./CouponErrors.ts"
import * as CouponRedemption from "./CouponRedemption.ts"

const invalidSeries = Endpoint.codes(InvalidSeries, [707])
const customerNotFound = Endpoint.codes(CustomerNotFound, [701, 8015])
const seriesExpired = Endpoint.codes(SeriesExpired, [712])
const invalidCouponCode = Endpoint.codes(InvalidCouponCode, [702, 719])

const issueErrors = [
  invalidSeries,
  seriesExpired,
  customerNotFound,
  Endpoint.codes(MaxCouponsPerUser, [5002, 5004]),
  Endpoint.codes(CouponIssueFailed, [709, 722])
] as const

/** Why one coupon cannot be redeemed: what a redeem fails with, and what a bulk redeem reports per code. */
const redeemErrors = [
  invalidCouponCode,
  Endpoint.codes(CouponNotIssuedToCustomer, [703, 710, 723]),
  Endpoint.codes(CouponAlreadyRedeemed, [711]),
  seriesExpired,
  Endpoint.codes(CouponExpired, [713]),
  Endpoint.codes(MaxRedemptionsReached, [714, 728, 736]),
  Endpoint.codes(InvalidBillAmount, [733]),
  Endpoint.codes(CouponRevoked, [660]),
  customerNotFound
] as const

/** Serialises a call per customer: the id, else the first identifier given. */
const byUser = (input: { readonly body: { readonly user: Coupon.CustomerReference } }) =>
  Coupon.referenceKey(input.body.user)

/**
 * `POST /v2/coupon/series`: creates a coupon series and answers it, with Capillary's defaults filled in. The SDK
 * sends the flat series object (see `Coupon.CouponSeriesCreateBody` on the `{"CouponSeriesV2": ...}` wrapper).
 * Not safe to send twice: each call creates a series, and none can be deleted.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createCouponSeries = Endpoint.make({
  id: "rewards.createCouponSeries",
  section: "Coupon",
  summary: "Create coupon series",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/series",
  body: Coupon.CouponSeriesCreateBody,
  success: Coupon.CouponSeries,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible
})

/**
 * `PUT /v2/coupon/series/{id}`: changes the fields sent and answers the whole series. Sending the same change
 * again leaves the same series, and another update puts the old values back.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const updateCouponSeries = Endpoint.make({
  id: "rewards.updateCouponSeries",
  section: "Coupon",
  summary: "Update coupon series",
  family: "v2",
  method: "PUT",
  path: "/v2/coupon/series/{id}",
  params: Schema.Struct({ id: Coupon.CouponSeriesIdFromString }),
  body: Coupon.CouponSeriesUpdate,
  success: Coupon.CouponSeries,
  errors: [invalidSeries],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("rewards.updateCouponSeries")
})

/**
 * `GET /v2/coupon/series?ids=..&ids=..`: the series with those ids, as `entity`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getCouponSeries = Endpoint.make({
  id: "rewards.getCouponSeries",
  section: "Coupon",
  summary: "Get coupon series details",
  family: "v2",
  method: "GET",
  path: "/v2/coupon/series",
  query: Coupon.CouponSeriesQuery,
  success: Coupon.CouponSeriesList,
  errors: [invalidSeries]
})

/**
 * `POST /v2/coupon/issue`: issues a coupon of a series to a customer, within the series' limits, and answers the
 * coupon with the customer. Not safe to send twice: each call can issue another coupon. Revoking the coupon
 * (`rewards.revokeCoupon`, with the series, the code and, for a GENERIC code, the customer) undoes it.
 * Serialised per customer by the customer's id, else its mobile, email or external id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const issueCoupon = Endpoint.make({
  id: "rewards.issueCoupon",
  section: "Coupon",
  summary: "Issue single coupon",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/issue",
  body: Coupon.CouponIssue,
  success: Coupon.Coupon,
  errors: issueErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("rewards.revokeCoupon"),
  customerKey: (input) => Coupon.referenceKey(input.body.customer)
})

/**
 * `GET /v2/coupon?issuedToIds=..&couponIds=..&couponCodes=..`: coupons issued to customers, by id or by code, as
 * `data`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getCoupons = Endpoint.make({
  id: "rewards.getCoupons",
  section: "Coupon",
  summary: "Get coupon details",
  family: "v2",
  method: "GET",
  path: "/v2/coupon",
  query: Coupon.CouponQuery,
  success: Coupon.CouponList,
  errors: [invalidCouponCode, customerNotFound]
})

/**
 * `POST /v2/coupon/issue/multiple`: issues `count` coupons (1 to 500; 677 outside) of one series to a customer
 * and answers their codes and ids. Capillary documents a partial success (some coupons, and the reason in
 * `errors`); the emulator issues all or nothing. Not safe to send twice; revoking the coupons undoes it.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const issueMultipleCoupons = Endpoint.make({
  id: "rewards.issueMultipleCoupons",
  section: "Coupon",
  summary: "Issue multiple coupons from a series",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/issue/multiple",
  body: Coupon.CouponIssueMultiple,
  success: Coupon.CouponIssueMultipleResult,
  errors: issueErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("rewards.revokeCoupon"),
  customerKey: (input) => Coupon.referenceKey(input.body.customer)
})

/**
 * `POST /v2/coupon/redeem`: redeems codes for a customer on a bill and answers each redemption, whose `id` is
 * the redemption id. A coupon that cannot be redeemed fails the call: the SDK reads Capillary's top-level
 * `errors[]` (the emulator's form) and maps its code to the named error; Capillary's documentation leaves open
 * whether a failure can also come as a 200 item with `redemptionStatus.success: false` (the `Coupons` service
 * reads that too). Not safe to send twice: a single-use coupon sent again is already redeemed (711), so the
 * `Coupons` service reconciles an unknown outcome by the bill's transaction number. Reactivating the redemption
 * (`rewards.reactivateCoupons`) undoes it.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const redeemCoupons = Endpoint.make({
  id: "rewards.redeemCoupons",
  section: "Coupon",
  summary: "Redeem coupons",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/redeem",
  body: CouponRedemption.CouponRedeem,
  success: CouponRedemption.CouponRedeemResult,
  errors: redeemErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("rewards.reactivateCoupons"),
  customerKey: byUser
})

/**
 * `POST /v2/coupon/bulk/redeem`: redeems 1 to 50 codes for a customer on a bill, all or nothing: if one code
 * fails, none is redeemed and the call fails with 749 (`BulkRedeemFailed`, whose message names the code that
 * failed and its own code). More than 50 codes are refused before sending. Answers the v2 bulk envelope. Not
 * safe to send twice; reactivating the redemptions undoes it.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const bulkRedeemCoupons = Endpoint.make({
  id: "rewards.bulkRedeemCoupons",
  section: "Coupon",
  summary: "Redeem bulk coupons",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/bulk/redeem",
  query: CouponRedemption.CouponBulkRedeemQuery,
  body: CouponRedemption.CouponBulkRedeem,
  success: CouponRedemption.CouponBulkRedeemResult,
  errors: [Endpoint.codes(BulkRedeemFailed, [749]), ...redeemErrors],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("rewards.reactivateCoupons"),
  customerKey: byUser
})

/**
 * `GET /v2/coupon/is_redeemable?id|mobile|email|externalId=..&code=A,B&details=..`: whether each code can be
 * redeemed now by the customer, by the same rules as a redeem (but the bill amount, which the query does not
 * carry), without redeeming anything. A code that cannot be redeemed is an item with `isRedeemable: false`, not
 * a failure.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const isRedeemable = Endpoint.make({
  id: "rewards.isRedeemable",
  section: "Coupon",
  summary: "Check if coupon is redeemable",
  family: "v2",
  method: "GET",
  path: "/v2/coupon/is_redeemable",
  query: CouponRedemption.IsRedeemableQuery,
  success: CouponRedemption.IsRedeemableResult,
  errors: [customerNotFound, invalidCouponCode]
})

/**
 * `POST /v2/coupon/reactivate`: undoes redemptions by id, so their coupons can be redeemed again (510 for an id
 * that is unknown or already reactivated, 661 for none). All or nothing. Capillary documents POST (one
 * third-party client uses PATCH). Not sent twice blindly: sent again, an id already reactivated is refused.
 * Redeeming the coupon again (with a new redemption id) undoes it.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const reactivateCoupons = Endpoint.make({
  id: "rewards.reactivateCoupons",
  section: "Coupon",
  summary: "Reactivate redeemed coupon",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/reactivate",
  body: CouponRedemption.CouponReactivate,
  success: CouponRedemption.CouponReactivateResult,
  errors: [Endpoint.codes(InvalidRedemption, [510, 661])],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("rewards.redeemCoupons")
})

/**
 * `POST /v2/coupon/revoke`: revokes unredeemed coupons of a series, by codes (at most 50), by customer, or both;
 * a revoked coupon can no longer be redeemed (660). The body is Capillary's documented one
 * (`{couponSeriesId, customer?, couponCodes?}`), and so is the answer: codes that could not be revoked (682 not
 * found or already revoked, 405 redeemed) are listed in `entity.failedToRevoke`, not failed. Sending it again
 * revokes nothing more and leaves the same state. A revoked coupon cannot be reinstated.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const revokeCoupon = Endpoint.make({
  id: "rewards.revokeCoupon",
  section: "Coupon",
  summary: "Revoke coupon",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/revoke",
  body: Coupon.CouponRevoke,
  success: Coupon.CouponRevokeResult,
  errors: [invalidSeries, seriesExpired, customerNotFound],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible
})

/**
 * `GET /v2/customers/coupons?id|mobile|email|external_Id=..&status=..&limit=..&offset=..`: a customer's
 * coupons with their redemptions (each with its bill's `transactionNumber`) and reversed redemptions, newest
 * first unless `sort_order=ASC`, a page at a time (`entity.pagination`, whose `limit` and `offset` come back as
 * strings). Paged: `CapillaryClient.stream` reads every page.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const customerCoupons = Endpoint.withPaging(
  Endpoint.make({
    id: "rewards.customerCoupons",
    section: "Coupon",
    summary: "Get all customer coupons",
    family: "v2",
    method: "GET",
    path: "/v2/customers/coupons",
    query: Coupon.CustomerCouponsQuery,
    success: Coupon.CustomerCouponsPage,
    errors: [customerNotFound]
  }),
  Pagination.offsetLimit({
    items: (page: Coupon.CustomerCouponsPage) => page.entity.customers.flatMap((customer) => customer.coupons),
    total: (page: Coupon.CustomerCouponsPage) => page.entity.pagination.total,
    pageSize: 100
  })
)

// ---------------------------------------------------------------------------------------------------------------
// Customer coupons (detailed), by customer id
// ---------------------------------------------------------------------------------------------------------------

const DetailedIssue = Schema.Struct({
  status: Schema.optional(Schema.Boolean),
  code: Schema.Number,
  message: Schema.String
})

/**
 * A processing status inside a detailed coupon (`status`, `couponStatus`): the code and message, and whether it
 * succeeded, given twice as Capillary writes it.
 *
 * @since 0.2.0
 * @category customer coupons
 */
export const DetailedCouponStatus = Schema.Struct({
  statusCode: Schema.optional(Schema.Struct({
    status: Schema.optional(Schema.Boolean),
    code: Schema.optional(Schema.Number),
    message: Schema.optional(Schema.String)
  })),
  warnings: Schema.optional(Schema.Array(Schema.Json)),
  warningsAsStatusCode: Schema.optional(Schema.Array(Schema.Json)),
  code: Schema.optional(Schema.Number),
  success: Schema.optional(Schema.Boolean),
  message: Schema.optional(Schema.String)
})

/**
 * A redemption (or reversed redemption) of a detailed coupon. Capillary documents these lists only empty; the
 * fields are those of the basic customer coupons read's redemptions.
 *
 * @since 0.2.0
 * @category customer coupons
 */
export const DetailedRedemption = Schema.Struct({
  id: Schema.optional(Schema.Int),
  date: Schema.optional(Schema.String),
  transactionNumber: Schema.optional(Schema.String),
  redeemedAt: Schema.optional(Coupon.StoreRef)
})

/**
 * A coupon of a customer in detail: the coupon with its whole series, who issued it where, its status, the
 * discount, the redemptions left and the redemption history. `discountType` here is a deprecated boolean; the
 * discount type is `couponDiscountType`.
 *
 * @since 0.2.0
 * @category customer coupons
 */
export const DetailedCustomerCoupon = Schema.Struct({
  id: Coupon.CouponId,
  seriesId: Coupon.CouponSeriesId,
  series: Schema.optional(Coupon.CouponSeries),
  code: Schema.String,
  description: Schema.optional(Schema.String),
  createdDate: Schema.optional(Schema.String),
  validTill: Schema.String,
  isRedeemed: Schema.optional(Schema.Boolean),
  issuedTo: Coupon.CustomerId,
  issuedBy: Schema.optional(Schema.Int),
  orgId: Schema.optional(Schema.Int),
  refId: Schema.optional(Schema.Int),
  issuedAt: Schema.optional(Schema.Struct({
    id: Schema.optional(Schema.Int),
    code: Schema.optional(Schema.String),
    description: Schema.optional(Schema.String),
    name: Schema.optional(Schema.String),
    type: Schema.optional(Schema.String),
    adminType: Schema.optional(Schema.String),
    isOrgUnit: Schema.optional(Schema.Boolean)
  })),
  status: Schema.optional(DetailedCouponStatus),
  couponDiscountType: Schema.optional(Coupon.DiscountType),
  issuedOn: Schema.optional(Schema.String),
  activeFrom: Schema.optional(Schema.String),
  redemptionsLeft: Schema.optional(Schema.Int),
  couponStatus: Schema.optional(DetailedCouponStatus),
  redemptionInfo: Schema.optional(Schema.Array(DetailedRedemption)),
  reversedRedemptionInfo: Schema.optional(Schema.Array(DetailedRedemption)),
  discountType: Schema.optional(Schema.Boolean),
  discountValue: Schema.optional(Schema.Finite),
  discountValueAsDouble: Schema.optional(Schema.Finite),
  discountUpto: Schema.optional(Schema.Finite),
  redeemed: Schema.optional(Schema.Boolean),
  seriesName: Schema.optional(Schema.String),
  trimmedCode: Schema.optional(Schema.String)
})

/**
 * The type of `DetailedCustomerCoupon`.
 *
 * @since 0.2.0
 * @category customer coupons
 */
export type DetailedCustomerCoupon = typeof DetailedCustomerCoupon.Type

/**
 * The query of the detailed customer coupons read: the case of the codes in the answer (upper case by default).
 *
 * @since 0.2.0
 * @category customer coupons
 */
export const DetailedCouponsQuery = Schema.Struct({
  coupon_code_case: Schema.optional(Schema.Literals(["LOWER", "UPPER", "AS_IT_IS"]))
})

/**
 * The answer to `GET /v2/customers/{customerId}/coupons`: the customer's coupons in detail, as `entity`.
 *
 * @since 0.2.0
 * @category customer coupons
 */
export const DetailedCustomerCoupons = Schema.Struct({
  entity: Schema.Array(DetailedCustomerCoupon),
  warnings: Schema.optional(Schema.Array(DetailedIssue)),
  errors: Schema.optional(Schema.Array(DetailedIssue)),
  success: Schema.optional(Schema.Boolean)
})

/**
 * The type of `DetailedCustomerCoupons`.
 *
 * @since 0.2.0
 * @category customer coupons
 */
export type DetailedCustomerCoupons = typeof DetailedCustomerCoupons.Type

/**
 * `GET /v2/customers/{customerId}/coupons`: every coupon of the customer in detail (series, issuer, status,
 * redemptions), newest first; 8015 when the organisation has no such customer. Serialised per customer by id.
 * (Not in `endpoints`, which lists the coupons endpoints declared before it; catalogs add it on its own.)
 *
 * @since 0.2.0
 * @category endpoints
 */
export const customerCouponsById = Endpoint.make({
  id: "rewards.customerCouponsById",
  section: "Customer",
  summary: "Get Customer Coupons (Detailed)",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{customerId}/coupons",
  params: Schema.Struct({ customerId: Coupon.CustomerIdFromString }),
  query: DetailedCouponsQuery,
  success: DetailedCustomerCoupons,
  errors: [customerNotFound],
  customerKey: (input) => String(input.path.customerId)
})

/**
 * Every coupons endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [
  createCouponSeries,
  updateCouponSeries,
  getCouponSeries,
  issueCoupon,
  getCoupons,
  issueMultipleCoupons,
  redeemCoupons,
  bulkRedeemCoupons,
  isRedeemable,
  reactivateCoupons,
  revokeCoupon,
  customerCoupons,
  customerCouponsById
] as const
