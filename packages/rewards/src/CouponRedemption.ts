/**
 * Coupon redemption as Capillary's v2 API sends and receives it: the redeem request (one bill, one customer,
 * one code or a batch of at most 50), the redemption answer with its redemption ids, the `is_redeemable` check
 * and the reactivation of redemptions. Requests carry Capillary's rules (a code is 1 to 50 characters, a bill
 * amount is a number, a batch holds 1 to 50 codes), so a bad request fails before anything is sent.
 *
 * Wire conventions kept as they are: `billAmount` is sent as a numeric string (`"2000"`) and read as a string or
 * a number; `redemptionTime` is `YYYY-MM-DD HH:MM:SS` or ISO-8601 (Capillary evaluates the rules at it but
 * stores its own time); in a single redeem answer `redemption[].id` is the redemption id, while in a bulk answer
 * `result.id` is the coupon's id and `result.redemptionId` the redemption's (read either with
 * {@link redemptionIdOf}).
 *
 * @since 0.1.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import * as Coupon from "./Coupon.ts"

// ---------------------------------------------------------------------------------------------------------------
// Ids and wire values
// ---------------------------------------------------------------------------------------------------------------

/**
 * A redemption's id: what a redeem answers, what reactivation takes. A positive integer.
 *
 * @since 0.1.0
 * @category ids
 */
export const RedemptionId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("RedemptionId"))

/**
 * The type of `RedemptionId`.
 *
 * @since 0.1.0
 * @category ids
 */
export type RedemptionId = typeof RedemptionId.Type

/**
 * The most codes one bulk redemption takes.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxBulkCodes = 50

/**
 * A bill amount: a number of 0 or more, sent as a numeric string (`"2000"`) as Capillary documents it; read
 * from a string or a number.
 *
 * @since 0.1.0
 * @category wire values
 */
export const BillAmount = Envelope.LooseNumber.check(
  Schema.isGreaterThanOrEqualTo(0, { message: "a bill amount is 0 or more" })
)

const timeMessage = "a redemption time is YYYY-MM-DD HH:MM:SS or ISO-8601, e.g. 2020-06-12 10:00:00"

/**
 * When the redemption happens, as the rules should see it: `YYYY-MM-DD HH:MM:SS` or ISO-8601. Capillary uses it
 * to evaluate the rules and stores its own time.
 *
 * @since 0.1.0
 * @category wire values
 */
export const RedemptionTime = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/, {
    message: timeMessage
  })
)

// ---------------------------------------------------------------------------------------------------------------
// Redeem
// ---------------------------------------------------------------------------------------------------------------

/**
 * One code to redeem: `{"code": "MGU9Y4PM"}`. Codes are compared without regard to case.
 *
 * @since 0.1.0
 * @category redeem
 */
export const RedemptionRequestItem = Schema.Struct({ code: Coupon.CouponCode })

const redeemFields = {
  redemptionRequestList: Schema.NonEmptyArray(RedemptionRequestItem),
  /** The customer who redeems: id, mobile, email or external id. */
  user: Coupon.CustomerReference,
  /** The bill the coupons are redeemed on; what an unknown outcome is reconciled by. */
  transactionNumber: Schema.optional(Schema.String),
  billAmount: BillAmount,
  redemptionTime: Schema.optional(RedemptionTime)
}

/**
 * The body of `POST /v2/coupon/redeem`: the codes, the customer, the bill (number and amount) and optionally the
 * time the rules are evaluated at.
 *
 * @since 0.1.0
 * @category redeem
 */
export const CouponRedeem = Schema.Struct(redeemFields)

/**
 * The type of `CouponRedeem`.
 *
 * @since 0.1.0
 * @category redeem
 */
export type CouponRedeem = typeof CouponRedeem.Type

/**
 * The body of `POST /v2/coupon/bulk/redeem`: as {@link CouponRedeem}, with 1 to 50 codes.
 *
 * @since 0.1.0
 * @category redeem
 */
export const CouponBulkRedeem = Schema.Struct({
  ...redeemFields,
  redemptionRequestList: Schema.NonEmptyArray(RedemptionRequestItem).check(
    Schema.isMaxLength(maxBulkCodes, { message: `a bulk redemption takes at most ${maxBulkCodes} codes` })
  )
})

/**
 * The type of `CouponBulkRedeem`.
 *
 * @since 0.1.0
 * @category redeem
 */
export type CouponBulkRedeem = typeof CouponBulkRedeem.Type

/**
 * The query of `POST /v2/coupon/bulk/redeem`: the customer's source and account, for multi-account sources.
 *
 * @since 0.1.0
 * @category redeem
 */
export const CouponBulkRedeemQuery = Schema.Struct({
  source: Schema.optional(Schema.String),
  accountId: Schema.optional(Schema.String)
})

/**
 * A status as the redeem answers carry it: `{status, message, code}` (700 is success).
 *
 * @since 0.1.0
 * @category redeem
 */
export const RedemptionStatusCode = Schema.Struct({
  status: Schema.Boolean,
  message: Schema.String,
  code: Schema.Number
})

/**
 * The status of one coupon in a redeem answer: its code and message, whether it succeeded, and the same again
 * as `statusCode`.
 *
 * @since 0.1.0
 * @category redeem
 */
export const ItemRedemptionStatus = Schema.Struct({
  statusCode: Schema.optional(RedemptionStatusCode),
  warnings: Schema.optional(Schema.Array(Schema.Json)),
  warningsAsStatusCode: Schema.optional(Schema.Array(Schema.Json)),
  message: Schema.String,
  code: Schema.Number,
  success: Schema.Boolean
})

/**
 * One redeemed coupon: the code, the discount it gives (`couponValue`, `discountType`, ...) and its status. In a
 * single redeem answer `id` is the redemption id (what reactivation takes, and what a transaction's
 * `redemptions.couponRedemptions` lists); in a bulk answer `id` is the coupon's id and `redemptionId` the
 * redemption's. `seriesCode` carries the series id.
 *
 * @since 0.1.0
 * @category redeem
 */
export class CouponRedemption extends Schema.Class<CouponRedemption>("CouponRedemption")({
  id: Schema.Int,
  redemptionId: Schema.optional(Envelope.LooseNumber),
  currencyInput: Schema.optional(Schema.Boolean),
  localToBaseCurrencyExchangeRate: Schema.optional(Schema.Finite),
  warnings: Schema.optional(Schema.Array(Schema.Json)),
  appendedErrorMessage: Schema.optional(Schema.String),
  code: Schema.String,
  discountCode: Schema.optional(Schema.String),
  seriesCode: Schema.optional(Schema.Union([Schema.Number, Schema.String])),
  isAbsolute: Schema.optional(Schema.Boolean),
  couponValue: Schema.optional(Schema.Finite),
  redemptionStatus: ItemRedemptionStatus,
  discountType: Schema.optional(Coupon.DiscountType),
  discountValue: Schema.optional(Schema.Finite),
  discountUpto: Schema.optional(Schema.Finite)
}) {}

/**
 * The redemption id of a redeemed coupon: `redemptionId` when the answer carries a positive one (bulk answers),
 * else `id` (single answers). `undefined` when neither is a positive id (e.g. the `-1` of a check-only answer).
 *
 * @since 0.1.0
 * @category redeem
 */
export const redemptionIdOf = (redemption: CouponRedemption): RedemptionId | undefined => {
  const id = redemption.redemptionId !== undefined && redemption.redemptionId > 0
    ? redemption.redemptionId
    : redemption.id
  return Number.isSafeInteger(id) && id > 0 ? RedemptionId.make(id) : undefined
}

/**
 * The answer to `POST /v2/coupon/redeem`: each coupon redeemed, the overall status and the customer.
 *
 * @since 0.1.0
 * @category redeem
 */
export const CouponRedeemResult = Schema.Struct({
  redemption: Schema.Array(CouponRedemption),
  redemptionStatus: Schema.optional(RedemptionStatusCode),
  customer: Schema.optional(Coupon.CouponCustomer),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `CouponRedeemResult`.
 *
 * @since 0.1.0
 * @category redeem
 */
export type CouponRedeemResult = typeof CouponRedeemResult.Type

/**
 * The answer to `POST /v2/coupon/bulk/redeem`: the v2 bulk envelope, one item per code (`entityId` the coupon's
 * id, `result` its redemption), `totalCount` and `failureCount`.
 *
 * @since 0.1.0
 * @category redeem
 */
export const CouponBulkRedeemResult = Envelope.V2Bulk(CouponRedemption)

/**
 * The type of `CouponBulkRedeemResult`.
 *
 * @since 0.1.0
 * @category redeem
 */
export type CouponBulkRedeemResult = typeof CouponBulkRedeemResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Is redeemable
// ---------------------------------------------------------------------------------------------------------------

/**
 * Codes in a query string: comma-separated (`code=A,B`), read as a list of 1 or more codes.
 *
 * @since 0.1.0
 * @category is redeemable
 */
export const CodeList = Schema.String.pipe(
  Schema.decodeTo(Schema.NonEmptyArray(Coupon.CouponCode), {
    decode: SchemaGetter.transform((text) =>
      text.split(",").map((code) => code.trim()) as unknown as readonly [string, ...Array<string>]
    ),
    encode: SchemaGetter.transform((codes) => codes.join(","))
  })
)

/**
 * The query of `GET /v2/coupon/is_redeemable`: the customer (`id`, `mobile`, `email` or `externalId`, at least
 * one), the codes, and how much detail to answer (`true`: the discount; `extended`: the series configuration).
 *
 * @since 0.1.0
 * @category is redeemable
 */
export const IsRedeemableQuery = Schema.Struct({
  id: Schema.optional(Coupon.CustomerIdFromString),
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  externalId: Schema.optional(Schema.String),
  code: CodeList,
  details: Schema.optional(Schema.Literals(["true", "extended"]))
}).check(Schema.makeFilter((query) =>
  query.id !== undefined ||
    [query.mobile, query.email, query.externalId].some((value) => value !== undefined && value.trim() !== "")
    ? undefined
    : "an is_redeemable check needs the customer's id, mobile, email or external id"
))

/**
 * The type of `IsRedeemableQuery`.
 *
 * @since 0.1.0
 * @category is redeemable
 */
export type IsRedeemableQuery = typeof IsRedeemableQuery.Type

/**
 * One code of an `is_redeemable` answer: whether it can be redeemed now by that customer, how often the customer
 * redeemed it and how many redemptions are left (`-1`: unlimited). Capillary does not document the form of a
 * code that cannot be redeemed; the SDK reads `isRedeemable: false` with the reason's code and message in
 * `redemptionStatus` (as the emulator sends it) and in `appendedErrorMessage`. With `details`, the discount.
 *
 * @since 0.1.0
 * @category is redeemable
 */
export class RedeemableCoupon extends Schema.Class<RedeemableCoupon>("RedeemableCoupon")({
  code: Schema.String,
  isRedeemable: Schema.Boolean,
  appendedErrorMessage: Schema.optional(Schema.String),
  isAbsolute: Schema.optional(Schema.Boolean),
  numberOfRedemptionsByUser: Schema.optional(Schema.Int),
  redemptionsLeft: Schema.optional(Schema.Int),
  warnings: Schema.optional(Schema.Array(Schema.Json)),
  redemptionStatus: Schema.optional(ItemRedemptionStatus),
  description: Schema.optional(Schema.String),
  discountCode: Schema.optional(Schema.String),
  discountType: Schema.optional(Coupon.DiscountType),
  discountValue: Schema.optional(Schema.Finite),
  discountUpto: Schema.optional(Schema.Finite),
  validTillDate: Schema.optional(Schema.String)
}) {}

/**
 * The answer to `GET /v2/coupon/is_redeemable`: one item per code, the overall status and the customer.
 *
 * @since 0.1.0
 * @category is redeemable
 */
export const IsRedeemableResult = Schema.Struct({
  customer: Schema.optional(Coupon.CouponCustomer),
  redemption: Schema.Array(RedeemableCoupon),
  redemptionStatus: Schema.optional(RedemptionStatusCode),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `IsRedeemableResult`.
 *
 * @since 0.1.0
 * @category is redeemable
 */
export type IsRedeemableResult = typeof IsRedeemableResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Reactivate
// ---------------------------------------------------------------------------------------------------------------

/**
 * The body of `POST /v2/coupon/reactivate`: the redemptions to undo, by id (1 or more).
 *
 * @since 0.1.0
 * @category reactivate
 */
export const CouponReactivate = Schema.Struct({
  redemptionIds: Schema.NonEmptyArray(RedemptionId)
})

/**
 * The type of `CouponReactivate`.
 *
 * @since 0.1.0
 * @category reactivate
 */
export type CouponReactivate = typeof CouponReactivate.Type

/**
 * The answer to `POST /v2/coupon/reactivate`: `{"warnings": [], "errors": [], "success": true}`.
 *
 * @since 0.1.0
 * @category reactivate
 */
export const CouponReactivateResult = Schema.Struct({
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue)),
  success: Schema.optional(Schema.Boolean)
})
