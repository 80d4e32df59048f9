/**
 * Coupons and coupon series, as Capillary's v2 API sends and receives them: ids and codes, the series definition
 * (discount, validity, issue and redemption limits), the series as Capillary returns it with its counters, the
 * issue requests (one coupon or several) and the issued coupons, revocation, the coupon reads and their queries,
 * and a customer's coupons with their redemption history. Requests carry Capillary's own rules
 * (a percentage is at most 100, a `DAYS` expiry needs a number of days, a `GENERIC` series needs its code), so a
 * bad request fails before anything is sent; what Capillary returns is read as it stored it.
 *
 * Wire conventions kept as they are: `-1` means unlimited (or "any") in every limit field; fields that hold JSON
 * in a string (`redemptionRange`, `redeemAtStore`, `storeIdsJson`, `mutualExclusiveSeriesIds`) stay strings;
 * dates are ISO-8601 strings, except `fixedExpiryDate`, `latestIssualTime` and `latestRedemptionTime`, which
 * are epoch milliseconds.
 *
 * @since 0.1.0
 */
import { Envelope } from "@capillary-effect/core"
import { Option, Schema, SchemaGetter } from "effect"

// ---------------------------------------------------------------------------------------------------------------
// Ids and codes
// ---------------------------------------------------------------------------------------------------------------

/**
 * A coupon series' id (an "offer id"): a positive integer.
 *
 * @since 0.1.0
 * @category ids
 */
export const CouponSeriesId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("CouponSeriesId"))

/**
 * The type of `CouponSeriesId`.
 *
 * @since 0.1.0
 * @category ids
 */
export type CouponSeriesId = typeof CouponSeriesId.Type

/**
 * A coupon series id in a path or query string.
 *
 * @since 0.1.0
 * @category ids
 */
export const CouponSeriesIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(CouponSeriesId))

/**
 * A coupon's id. Capillary's issue answer documents `0` when it does not say, so zero is accepted.
 *
 * @since 0.1.0
 * @category ids
 */
export const CouponId = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(Schema.brand("CouponId"))

/**
 * The type of `CouponId`.
 *
 * @since 0.1.0
 * @category ids
 */
export type CouponId = typeof CouponId.Type

/**
 * A coupon id in a query string.
 *
 * @since 0.1.0
 * @category ids
 */
export const CouponIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(CouponId))

/**
 * A customer's id (Capillary's `userId`): a positive integer. It carries the same brand as the `CustomerId` of
 * `@capillary-effect/customers`, so an id read there is accepted here as it is.
 *
 * @since 0.1.0
 * @category ids
 */
export const CustomerId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("CustomerId"))

/**
 * The type of `CustomerId`.
 *
 * @since 0.1.0
 * @category ids
 */
export type CustomerId = typeof CustomerId.Type

/**
 * A customer id in a query string.
 *
 * @since 0.1.0
 * @category ids
 */
export const CustomerIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(CustomerId))

/**
 * A coupon code in a request: 1 to 50 characters, no spaces. Capillary compares codes without regard to case and
 * stores them in upper case.
 *
 * @since 0.1.0
 * @category ids
 */
export const CouponCode = Schema.String.check(
  Schema.isPattern(/^\S{1,50}$/, { message: "a coupon code is 1 to 50 characters without spaces" })
)

// ---------------------------------------------------------------------------------------------------------------
// Enumerations and wire values
// ---------------------------------------------------------------------------------------------------------------

/**
 * How a discount is given: an absolute amount (`ABS`) or a percentage (`PERC`).
 *
 * @since 0.1.0
 * @category enums
 */
export const DiscountType = Schema.Literals(["ABS", "PERC"])

/**
 * The type of `DiscountType`.
 *
 * @since 0.1.0
 * @category enums
 */
export type DiscountType = typeof DiscountType.Type

/**
 * What a discount applies to: the whole bill or line items.
 *
 * @since 0.1.0
 * @category enums
 */
export const DiscountOn = Schema.Literals(["BILL", "LINEITEM"])

/**
 * The type of `DiscountOn`.
 *
 * @since 0.1.0
 * @category enums
 */
export type DiscountOn = typeof DiscountOn.Type

/**
 * How long an issued coupon is valid: until the series' `validTillDate` (`SERIES_EXPIRY`), for
 * `expiryStrategyValue` days from issue (`DAYS`), or until the end of the month `expiryStrategyValue` months
 * after issue (`MONTHS_END`).
 *
 * @since 0.1.0
 * @category enums
 */
export const ExpiryStrategyType = Schema.Literals(["SERIES_EXPIRY", "DAYS", "MONTHS_END"])

/**
 * The type of `ExpiryStrategyType`.
 *
 * @since 0.1.0
 * @category enums
 */
export type ExpiryStrategyType = typeof ExpiryStrategyType.Type

/**
 * How codes are made: one random code per coupon (`DISC_CODE`), one random code and a PIN (`DISC_CODE_PIN`), or
 * one code shared by every coupon of the series (`GENERIC`, whose code is `genericCode`).
 *
 * @since 0.1.0
 * @category enums
 */
export const ClientHandlingType = Schema.Literals(["DISC_CODE", "GENERIC", "DISC_CODE_PIN"])

/**
 * The type of `ClientHandlingType`.
 *
 * @since 0.1.0
 * @category enums
 */
export type ClientHandlingType = typeof ClientHandlingType.Type

/**
 * Who owns a series: nobody in particular (`NONE`) or the loyalty program (`LOYALTY`).
 *
 * @since 0.1.0
 * @category enums
 */
export const OwnedBy = Schema.Literals(["NONE", "LOYALTY"])

/**
 * A limit: a non-negative integer, or `-1` for unlimited (or "any").
 *
 * @since 0.1.0
 * @category wire values
 */
export const Limit = Schema.Int.check(
  Schema.isGreaterThanOrEqualTo(-1, { message: "a limit is -1 (unlimited) or more" })
)

const isoMessage = "a date is ISO-8601, e.g. 2021-05-10T00:00:00+05:30 (without an offset it is read as UTC)"

/**
 * An ISO-8601 date and time as v2 sends and accepts it (`2021-05-10T00:00:00+05:30`, `2021-05-09T00:00:00Z`).
 * Without an offset, Capillary reads it as UTC.
 *
 * @since 0.1.0
 * @category wire values
 */
export const DateTimeString = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/, {
    message: isoMessage
  }),
  Schema.makeFilter((value) => Number.isNaN(Date.parse(value)) ? isoMessage : undefined)
)

const parseJsonText = Schema.decodeUnknownOption(Schema.fromJsonString(Schema.Unknown))

/**
 * A string that holds JSON, as several series fields do (`"[-1]"`, `"{\"dom\":[\"-1\"]}"`). It stays a string.
 *
 * @since 0.1.0
 * @category wire values
 */
export const JsonText = Schema.String.check(
  Schema.makeFilter((value) =>
    Option.isSome(parseJsonText(value)) ? undefined : "the value must be JSON in a string, e.g. \"[-1]\""
  )
)

// ---------------------------------------------------------------------------------------------------------------
// Series definition (create and update)
// ---------------------------------------------------------------------------------------------------------------

/** The fields a series definition may carry, all optional (an update sends only what changes). */
const definitionFields = {
  description: Schema.optional(Schema.String.check(Schema.isBetweenLength(1, 250))),
  /** The discount code the POS applies (free text, e.g. `NO_VALUE`). */
  discountCode: Schema.optional(Schema.String),
  discountType: Schema.optional(DiscountType),
  discountValue: Schema.optional(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))),
  /** The largest discount of a percentage (0: no cap). */
  discountUpto: Schema.optional(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))),
  discountOn: Schema.optional(DiscountOn),
  /** The series' end: no coupon is issued after it (712), and `SERIES_EXPIRY` coupons expire with it. */
  validTillDate: Schema.optional(DateTimeString),
  validDaysFromCreation: Schema.optional(Limit),
  expiryStrategyType: Schema.optional(ExpiryStrategyType),
  /** Days (`DAYS`) or months (`MONTHS_END`) of validity; Capillary sends 1 for `SERIES_EXPIRY`. */
  expiryStrategyValue: Schema.optional(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  /** Coupons that can be issued in all (`-1`: unlimited). */
  maxCreate: Schema.optional(Limit),
  /** Redemptions in all (`-1`: unlimited). */
  maxRedeem: Schema.optional(Limit),
  isTransferrable: Schema.optional(Schema.Boolean),
  /** Anyone may redeem a coupon, not only the customer it was issued to. */
  anyUser: Schema.optional(Schema.Boolean),
  /** A customer may redeem a coupon of the series more than once. */
  sameUserMultipleRedeem: Schema.optional(Schema.Boolean),
  isReferralExistingUsersAllowed: Schema.optional(Schema.Boolean),
  isMultipleUseAllowed: Schema.optional(Schema.Boolean),
  isValidationRequired: Schema.optional(Schema.Boolean),
  isValidWithDiscountedItem: Schema.optional(Schema.Boolean),
  smsTemplate: Schema.optional(Schema.String),
  isSMSDisabled: Schema.optional(Schema.Boolean),
  info: Schema.optional(Schema.String),
  /** A customer may hold more than one coupon of the series (false: a second issue is 5004). */
  isMultipleVouchersPerUserAllowed: Schema.optional(Schema.Boolean),
  /** Issuing to a customer who holds an active coupon of the series answers that coupon instead of a new one. */
  doNotResendExistingVoucher: Schema.optional(Schema.Boolean),
  /** JSON array of series ids that cannot be redeemed together with this one. */
  mutualExclusiveSeriesIds: Schema.optional(JsonText),
  /** Coupons one customer can hold (`-1`: unlimited; over it, 5002). */
  maxVouchersPerUser: Schema.optional(Limit),
  minDaysBetweenVouchers: Schema.optional(Limit),
  /** JSON object `{"dom":[...],"dow":[...],"hours":[...]}` of the days and hours redemption is allowed in. */
  redemptionRange: Schema.optional(JsonText),
  minBillAmount: Schema.optional(Schema.Finite),
  maxBillAmount: Schema.optional(Schema.Finite),
  maxRedemptionsInSeriesPerUser: Schema.optional(Limit),
  minDaysBetweenRedemption: Schema.optional(Limit),
  redemptionValidFrom: Schema.optional(DateTimeString),
  redemptionValidAfterDays: Schema.optional(Limit),
  /** JSON array of store ids (`"[-1]"`: every store). */
  redeemAtStore: Schema.optional(JsonText),
  storeIdsJson: Schema.optional(JsonText),
  alphaNumeric: Schema.optional(Schema.Boolean),
  /** Length of generated codes. */
  randomCodeLength: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 4, maximum: 32 }))),
  resendMessageEnabled: Schema.optional(Schema.Boolean),
  clientHandlingType: Schema.optional(ClientHandlingType),
  /** The one code of a `GENERIC` series. */
  genericCode: Schema.optional(CouponCode),
  /** Seen values: `CAMPAIGN`, `LOYALTY`, `UNDEFINED`. */
  seriesType: Schema.optional(Schema.String),
  ownedBy: Schema.optional(OwnedBy),
  ownerId: Schema.optional(Schema.Int),
  campaignId: Schema.optional(Schema.Int),
  tag: Schema.optional(Schema.String),
  termsAndConditions: Schema.optional(Schema.String),
  customPropertyMap: Schema.optional(Schema.Record(Schema.String, Schema.String)),
  productInfo: Schema.optional(Schema.Array(Schema.Json)),
  redemptionOrgEntityDetails: Schema.optional(Schema.Array(Schema.Json)),
  targetUserDetails: Schema.optional(Schema.Record(Schema.String, Schema.Json))
}

type Definition = Schema.Struct<typeof definitionFields>["Type"]

/** What is wrong with a series definition as a whole, if anything (absent fields are not checked). */
const definitionIssue = (series: Definition): string | undefined => {
  if (series.discountType === "PERC" && series.discountValue !== undefined && series.discountValue > 100) {
    return "a percentage discount is at most 100"
  }
  if (
    (series.expiryStrategyType === "DAYS" || series.expiryStrategyType === "MONTHS_END") &&
    series.expiryStrategyValue !== undefined && series.expiryStrategyValue < 1
  ) {
    return `a ${series.expiryStrategyType} expiry needs expiryStrategyValue of 1 or more`
  }
  if (series.clientHandlingType === "GENERIC" && series.genericCode === undefined) {
    return "a GENERIC series needs its genericCode"
  }
  if (series.genericCode !== undefined && series.clientHandlingType !== "GENERIC") {
    return "genericCode is only for a GENERIC series (clientHandlingType GENERIC)"
  }
  const { maxBillAmount, minBillAmount } = series
  if (
    minBillAmount !== undefined && maxBillAmount !== undefined && minBillAmount !== -1 && maxBillAmount !== -1 &&
    minBillAmount > maxBillAmount
  ) {
    return "minBillAmount is more than maxBillAmount"
  }
  return undefined
}

const checkDefinition = <A extends Definition>() => Schema.makeFilter<A>((series) => definitionIssue(series))

/**
 * A new series, as `POST /v2/coupon/series` takes it (flat; see {@link CouponSeriesCreateBody}): a description,
 * the discount, the series' end date and the expiry strategy are required; every other field has Capillary's
 * default (limits `-1`, DISC_CODE codes). A `DAYS` or `MONTHS_END` expiry needs `expiryStrategyValue`, and a
 * `GENERIC` series its `genericCode`.
 *
 * @since 0.1.0
 * @category series
 */
export const CouponSeriesCreate = Schema.Struct({
  ...definitionFields,
  description: Schema.String.check(Schema.isBetweenLength(1, 250)),
  discountType: DiscountType,
  discountValue: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)),
  validTillDate: DateTimeString,
  expiryStrategyType: ExpiryStrategyType
}).check(
  checkDefinition(),
  Schema.makeFilter((series) =>
    series.expiryStrategyType !== "SERIES_EXPIRY" && series.expiryStrategyValue === undefined
      ? `a ${series.expiryStrategyType} expiry needs expiryStrategyValue`
      : undefined
  )
)

/**
 * The type of `CouponSeriesCreate`.
 *
 * @since 0.1.0
 * @category series
 */
export type CouponSeriesCreate = typeof CouponSeriesCreate.Type

/**
 * The body of `POST /v2/coupon/series`. Capillary's documentation shows the series wrapped as
 * `{"CouponSeriesV2": {...}}` while its field tables and the update endpoint use the flat object, and whether the
 * wrapper is required is not confirmed. The SDK sends the flat object; the schema reads either form (so the
 * emulator accepts both), and always writes the flat one.
 *
 * @since 0.1.0
 * @category series
 */
export const CouponSeriesCreateBody = Schema.Union([
  CouponSeriesCreate,
  Schema.Struct({ CouponSeriesV2: CouponSeriesCreate })
]).pipe(
  Schema.decodeTo(Schema.toType(CouponSeriesCreate), {
    decode: SchemaGetter.transform((body) => "CouponSeriesV2" in body ? body.CouponSeriesV2 : body),
    encode: SchemaGetter.passthrough()
  })
)

/**
 * The body of `PUT /v2/coupon/series/{id}`: the fields that change (flat). The result must still be a valid
 * series: the emulator checks the merged series as a whole.
 *
 * @since 0.1.0
 * @category series
 */
export const CouponSeriesUpdate = Schema.Struct(definitionFields).check(checkDefinition())

/**
 * The type of `CouponSeriesUpdate`.
 *
 * @since 0.1.0
 * @category series
 */
export type CouponSeriesUpdate = typeof CouponSeriesUpdate.Type

// ---------------------------------------------------------------------------------------------------------------
// Series, as Capillary returns it
// ---------------------------------------------------------------------------------------------------------------

/**
 * A coupon series as Capillary returns it (created, updated or read): the definition with Capillary's defaults
 * filled in, its counters (`numIssued`, `numRedeemed`) and bookkeeping (`createdOn`, `seriesCode`,
 * `latestIssualTime`, ...). Unknown fields are dropped.
 *
 * @since 0.1.0
 * @category series
 */
export class CouponSeries extends Schema.Class<CouponSeries>("CouponSeries")({
  id: CouponSeriesId,
  orgId: Schema.Int,
  description: Schema.String,
  discountCode: Schema.optional(Schema.String),
  validTillDate: Schema.String,
  validDaysFromCreation: Schema.optional(Schema.Int),
  expiryStrategyType: ExpiryStrategyType,
  expiryStrategyValue: Schema.optional(Schema.Int),
  maxCreate: Schema.Int,
  maxRedeem: Schema.Int,
  isTransferrable: Schema.optional(Schema.Boolean),
  anyUser: Schema.optional(Schema.Boolean),
  sameUserMultipleRedeem: Schema.optional(Schema.Boolean),
  isReferralExistingUsersAllowed: Schema.optional(Schema.Boolean),
  isMultipleUseAllowed: Schema.optional(Schema.Boolean),
  isValidationRequired: Schema.optional(Schema.Boolean),
  isValidWithDiscountedItem: Schema.optional(Schema.Boolean),
  /** The id of the user who created the series. */
  createdBy: Schema.optional(Schema.Int),
  numIssued: Schema.Int,
  numRedeemed: Schema.Int,
  createdOn: Schema.optional(Schema.String),
  lastUsed: Schema.optional(Schema.String),
  seriesCode: Schema.optional(Schema.String),
  smsTemplate: Schema.optional(Schema.String),
  isSMSDisabled: Schema.optional(Schema.Boolean),
  info: Schema.optional(Schema.String),
  isMultipleVouchersPerUserAllowed: Schema.optional(Schema.Boolean),
  doNotResendExistingVoucher: Schema.optional(Schema.Boolean),
  mutualExclusiveSeriesIds: Schema.optional(Schema.String),
  storeIdsJson: Schema.optional(Schema.String),
  maxVouchersPerUser: Schema.optional(Schema.Int),
  minDaysBetweenVouchers: Schema.optional(Schema.Int),
  maxReferralsPerReferee: Schema.optional(Schema.Int),
  discountUpto: Schema.optional(Schema.Finite),
  discountValue: Schema.Finite,
  redemptionRange: Schema.optional(Schema.String),
  minBillAmount: Schema.optional(Schema.Finite),
  maxBillAmount: Schema.optional(Schema.Finite),
  redeemAtStore: Schema.optional(Schema.String),
  campaignId: Schema.optional(Schema.Int),
  tag: Schema.optional(Schema.String),
  maxRedemptionsInSeriesPerUser: Schema.optional(Schema.Int),
  minDaysBetweenRedemption: Schema.optional(Schema.Int),
  redemptionValidFrom: Schema.optional(Schema.String),
  redemptionValidAfterDays: Schema.optional(Schema.Int),
  issueToLoyalty: Schema.optional(Schema.Boolean),
  termsAndConditions: Schema.optional(Schema.String),
  ownedBy: Schema.optional(Schema.String),
  ownerId: Schema.optional(Schema.Int),
  alphaNumeric: Schema.optional(Schema.Boolean),
  randomCodeLength: Schema.optional(Schema.Int),
  /** The series' end in epoch milliseconds. */
  fixedExpiryDate: Schema.optional(Schema.Number),
  /** When the last coupon was issued, epoch milliseconds (0: never). */
  latestIssualTime: Schema.optional(Schema.Number),
  /** When the last coupon was redeemed, epoch milliseconds (0: never). */
  latestRedemptionTime: Schema.optional(Schema.Number),
  resendMessageEnabled: Schema.optional(Schema.Boolean),
  seriesType: Schema.optional(Schema.String),
  clientHandlingType: Schema.optional(ClientHandlingType),
  genericCode: Schema.optional(Schema.String),
  discountOn: Schema.optional(DiscountOn),
  discountType: DiscountType,
  customPropertyMap: Schema.optional(Schema.Record(Schema.String, Schema.String)),
  warnings: Schema.optional(Envelope.V2Warnings)
}) {}

/**
 * The answer to `GET /v2/coupon/series`: the series found, as `entity`.
 *
 * @since 0.1.0
 * @category series
 */
export const CouponSeriesList = Schema.Struct({
  entity: Schema.Array(CouponSeries),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `CouponSeriesList`.
 *
 * @since 0.1.0
 * @category series
 */
export type CouponSeriesList = typeof CouponSeriesList.Type

/**
 * The query of `GET /v2/coupon/series`: one id or more, repeated (`?ids=1&ids=2`).
 *
 * @since 0.1.0
 * @category series
 */
export const CouponSeriesQuery = Schema.Struct({
  ids: Schema.NonEmptyArray(CouponSeriesIdFromString)
})

// ---------------------------------------------------------------------------------------------------------------
// Issue
// ---------------------------------------------------------------------------------------------------------------

/**
 * Which customer a coupon is for: the id, mobile, email or external id (at least one, not blank). Capillary's
 * own examples send the others as empty strings, and sometimes the id as `""`; both are accepted.
 *
 * @since 0.1.0
 * @category issue
 */
export const CustomerReference = Schema.Struct({
  id: Schema.optional(Schema.Union([CustomerId, Schema.Literal("")])),
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  externalId: Schema.optional(Schema.String)
}).check(Schema.makeFilter((customer) =>
  customer.id !== undefined && customer.id !== "" ||
    [customer.mobile, customer.email, customer.externalId].some((value) => value !== undefined && value.trim() !== "")
    ? undefined
    : "a customer needs an id, mobile, email or external id"
))

/**
 * The type of `CustomerReference`.
 *
 * @since 0.1.0
 * @category issue
 */
export type CustomerReference = typeof CustomerReference.Type

/**
 * The value a customer reference is known by: the id, else the first non-blank of mobile, email, external id.
 *
 * @since 0.1.0
 * @category issue
 */
export const referenceKey = (customer: CustomerReference): string | undefined => {
  if (customer.id !== undefined && customer.id !== "") return String(customer.id)
  return [customer.mobile, customer.email, customer.externalId].find((value) =>
    value !== undefined && value.trim() !== ""
  )
}

/**
 * The body of `POST /v2/coupon/issue`: the series and the customer.
 *
 * @since 0.1.0
 * @category issue
 */
export const CouponIssue = Schema.Struct({
  seriesId: CouponSeriesId,
  customer: CustomerReference
})

/**
 * The type of `CouponIssue`.
 *
 * @since 0.1.0
 * @category issue
 */
export type CouponIssue = typeof CouponIssue.Type

/**
 * A profile of the customer in an issue answer, as Capillary returns it (the parts the SDK reads).
 *
 * @since 0.1.0
 * @category issue
 */
export const CouponCustomerProfile = Schema.Struct({
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  source: Schema.optional(Schema.String),
  accountId: Schema.optional(Schema.String),
  userId: Schema.optional(CustomerId),
  identifiers: Schema.optional(Schema.Array(Schema.Struct({ type: Schema.String, value: Schema.String }))),
  fields: Schema.optional(Schema.Record(Schema.String, Schema.Json))
})

/**
 * The customer a coupon was issued to, in an issue answer.
 *
 * @since 0.1.0
 * @category issue
 */
export const CouponCustomer = Schema.Struct({
  id: CustomerId,
  profiles: Schema.optional(Schema.Array(CouponCustomerProfile))
})

/**
 * A coupon: what `POST /v2/coupon/issue` answers (with the customer and warnings) and what `GET /v2/coupon` lists
 * (without them). `validTill` is when it expires. Capillary's documented list items carry only the code, the
 * series and the discount; `id`, `issuedToId`, `issuedOn` and `redemptionCount` are read when present (the
 * emulator sends them), and `issuedOn` is what an unknown issue is reconciled by.
 *
 * @since 0.1.0
 * @category coupons
 */
export class Coupon extends Schema.Class<Coupon>("Coupon")({
  code: Schema.String,
  seriesId: CouponSeriesId,
  description: Schema.optional(Schema.String),
  discountCode: Schema.optional(Schema.String),
  validTill: Schema.String,
  discountType: DiscountType,
  discountValue: Schema.Finite,
  discountUpto: Schema.optional(Schema.Finite),
  discountOn: Schema.optional(DiscountOn),
  detailedInfo: Schema.optional(Schema.String),
  customer: Schema.optional(CouponCustomer),
  redemptionCount: Schema.optional(Schema.Int),
  id: Schema.optional(CouponId),
  /** The customer the coupon was issued to (not in Capillary's documented list items). */
  issuedToId: Schema.optional(CustomerId),
  /** When the coupon was issued, ISO-8601 to the second (not in Capillary's documented list items). */
  issuedOn: Schema.optional(Schema.String),
  /**
   * Where the coupon is in its life: `ISSUED`, `REDEEMED`, `REVOKED` or `EXPIRED` (by the clock). Not in
   * Capillary's documented list items; the emulator sends it.
   */
  status: Schema.optional(Schema.String),
  warnings: Schema.optional(Envelope.V2Warnings)
}) {}

// ---------------------------------------------------------------------------------------------------------------
// Coupon reads
// ---------------------------------------------------------------------------------------------------------------

/**
 * The query of `GET /v2/coupon`: coupons issued to customers, by id, or by code (each repeated, at least one
 * value in all). Codes match without regard to case.
 *
 * @since 0.1.0
 * @category coupons
 */
export const CouponQuery = Schema.Struct({
  issuedToIds: Schema.optional(Schema.Array(CustomerIdFromString)),
  couponIds: Schema.optional(Schema.Array(CouponIdFromString)),
  couponCodes: Schema.optional(Schema.Array(CouponCode))
}).check(
  Schema.makeFilter((query) =>
    (query.issuedToIds?.length ?? 0) + (query.couponIds?.length ?? 0) + (query.couponCodes?.length ?? 0) > 0
      ? undefined
      : "a coupon read needs issuedToIds, couponIds or couponCodes"
  )
)

/**
 * The type of `CouponQuery`.
 *
 * @since 0.1.0
 * @category coupons
 */
export type CouponQuery = typeof CouponQuery.Type

/**
 * The answer to `GET /v2/coupon`: the coupons found, as `data`.
 *
 * @since 0.1.0
 * @category coupons
 */
export const CouponList = Schema.Struct({
  data: Schema.Array(Coupon),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `CouponList`.
 *
 * @since 0.1.0
 * @category coupons
 */
export type CouponList = typeof CouponList.Type

// ---------------------------------------------------------------------------------------------------------------
// Issue multiple
// ---------------------------------------------------------------------------------------------------------------

/**
 * The most coupons one `POST /v2/coupon/issue/multiple` issues.
 *
 * @since 0.1.0
 * @category issue
 */
export const maxIssueCount = 500

/**
 * The body of `POST /v2/coupon/issue/multiple`: the series, how many coupons (1 to 500; Capillary takes 1 when
 * it is left out, and answers 677 outside the range) and the customer.
 *
 * @since 0.1.0
 * @category issue
 */
export const CouponIssueMultiple = Schema.Struct({
  seriesId: CouponSeriesId,
  count: Schema.optional(
    Schema.Int.check(
      Schema.isBetween({ minimum: 1, maximum: maxIssueCount }, { message: `count is 1 to ${maxIssueCount}` })
    )
  ),
  customer: CustomerReference
})

/**
 * The type of `CouponIssueMultiple`.
 *
 * @since 0.1.0
 * @category issue
 */
export type CouponIssueMultiple = typeof CouponIssueMultiple.Type

/**
 * A coupon in an issue-multiple answer: its code and id.
 *
 * @since 0.1.0
 * @category issue
 */
export const IssuedCouponRef = Schema.Struct({
  code: Schema.String,
  couponId: CouponId
})

/**
 * The series' discount as an issue-multiple answer repeats it (`couponConfig`; the parts the SDK reads).
 *
 * @since 0.1.0
 * @category issue
 */
export const CouponConfig = Schema.Struct({
  id: Schema.optional(Schema.Int),
  description: Schema.optional(Schema.String),
  discountCode: Schema.optional(Schema.String),
  info: Schema.optional(Schema.String),
  discountUpto: Schema.optional(Schema.Finite),
  discountValue: Schema.optional(Schema.Finite),
  discountOn: Schema.optional(Schema.String),
  discountType: Schema.optional(Schema.String),
  customPropertyMap: Schema.optional(Schema.Record(Schema.String, Schema.String))
})

/**
 * The answer to `POST /v2/coupon/issue/multiple`: the coupons issued, the series' discount, the counts and the
 * customer. Capillary documents a partial success as this body with the reason in `errors`.
 *
 * @since 0.1.0
 * @category issue
 */
export const CouponIssueMultipleResult = Schema.Struct({
  coupons: Schema.Array(IssuedCouponRef),
  couponConfig: Schema.optional(CouponConfig),
  totalCount: Schema.optional(Schema.Int),
  failureCount: Schema.optional(Schema.Int),
  successCount: Schema.optional(Schema.Int),
  customer: Schema.optional(CouponCustomer),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue)),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `CouponIssueMultipleResult`.
 *
 * @since 0.1.0
 * @category issue
 */
export type CouponIssueMultipleResult = typeof CouponIssueMultipleResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Revoke
// ---------------------------------------------------------------------------------------------------------------

/**
 * The most codes one `POST /v2/coupon/revoke` takes.
 *
 * @since 0.1.0
 * @category revoke
 */
export const maxRevokeCodes = 50

/**
 * The body of `POST /v2/coupon/revoke`: what to revoke, of the unredeemed coupons of a series: the coupons with
 * these codes (at most 50), the customer's coupons, or the customer's coupons with these codes. The series is
 * needed, except to revoke one code alone. A GENERIC code is revoked only with the customer who holds it.
 *
 * @since 0.1.0
 * @category revoke
 */
export const CouponRevoke = Schema.Struct({
  couponSeriesId: Schema.optional(CouponSeriesId),
  customer: Schema.optional(CustomerReference),
  couponCodes: Schema.optional(
    Schema.Array(CouponCode).check(
      Schema.isBetweenLength(1, maxRevokeCodes, { message: `a revoke takes 1 to ${maxRevokeCodes} codes` })
    )
  )
}).check(Schema.makeFilter((revoke) => {
  if (revoke.customer === undefined && revoke.couponCodes === undefined) {
    return "a revoke needs coupon codes or a customer"
  }
  const alone = revoke.customer === undefined && revoke.couponCodes?.length === 1
  return revoke.couponSeriesId === undefined && !alone
    ? "a revoke needs couponSeriesId, except for one code"
    : undefined
}))

/**
 * The type of `CouponRevoke`.
 *
 * @since 0.1.0
 * @category revoke
 */
export type CouponRevoke = typeof CouponRevoke.Type

/**
 * A revoked coupon: its id, code and customer.
 *
 * @since 0.1.0
 * @category revoke
 */
export const RevokedCoupon = Schema.Struct({
  couponId: CouponId,
  couponCode: Schema.String,
  issuedToUserId: Schema.optional(CustomerId)
})

/**
 * Codes that could not be revoked, with the reason (e.g. 682 not found, 405 already redeemed).
 *
 * @since 0.1.0
 * @category revoke
 */
export const RevokeFailure = Schema.Struct({
  errorCode: Schema.optional(Schema.Number),
  errorMessage: Schema.optional(Schema.String),
  couponCodes: Schema.optional(Schema.Array(Schema.String))
})

/**
 * What a revoke did: how many coupons it concerned, which were revoked and which were not, and why.
 *
 * @since 0.1.0
 * @category revoke
 */
export const RevokeOutcome = Schema.Struct({
  totalCount: Schema.Int,
  failedCount: Schema.Int,
  revokedCoupons: Schema.Array(RevokedCoupon),
  failedToRevoke: Schema.optional(Schema.Array(RevokeFailure))
})

/**
 * The type of `RevokeOutcome`.
 *
 * @since 0.1.0
 * @category revoke
 */
export type RevokeOutcome = typeof RevokeOutcome.Type

/**
 * The answer to `POST /v2/coupon/revoke`: the outcome as `entity`. Codes that could not be revoked are listed in
 * `failedToRevoke`, not failed.
 *
 * @since 0.1.0
 * @category revoke
 */
export const CouponRevokeResult = Schema.Struct({
  entity: RevokeOutcome,
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue)),
  success: Schema.optional(Schema.Boolean)
})

// ---------------------------------------------------------------------------------------------------------------
// Customer coupons (basic)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Which coupons of a customer to read: redeemed or not, active or expired, or both conditions, or redeemable.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export const CustomerCouponStatus = Schema.Literals([
  "REDEEMED",
  "UNREDEEMED",
  "ACTIVE",
  "EXPIRED",
  "ACTIVE_REDEEMED",
  "ACTIVE_UNREDEEMED",
  "EXPIRED_REDEEMED",
  "EXPIRED_UNREDEEMED",
  "REDEEMABLE"
])

/**
 * The type of `CustomerCouponStatus`.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export type CustomerCouponStatus = typeof CustomerCouponStatus.Type

const IntFromString = (minimum: number) =>
  Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(Schema.isGreaterThanOrEqualTo(minimum))))

/**
 * The query of `GET /v2/customers/coupons`: the customer (`id`, `mobile`, `email` or `external_Id`, as
 * Capillary spells them, at least one), which coupons, the order (newest first by default), and the page
 * (`limit` from 1, `offset` the number of coupons to skip).
 *
 * @since 0.1.0
 * @category customer coupons
 */
export const CustomerCouponsQuery = Schema.Struct({
  id: Schema.optional(CustomerIdFromString),
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  external_Id: Schema.optional(Schema.String),
  status: Schema.optional(CustomerCouponStatus),
  sort_order: Schema.optional(Schema.Literals(["ASC", "DESC"])),
  limit: Schema.optional(IntFromString(1)),
  offset: Schema.optional(IntFromString(0))
}).check(Schema.makeFilter((query) =>
  query.id !== undefined ||
    [query.mobile, query.email, query.external_Id].some((value) => value !== undefined && value.trim() !== "")
    ? undefined
    : "a customer coupons read needs the customer's id, mobile, email or external id"
))

/**
 * The type of `CustomerCouponsQuery`.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export type CustomerCouponsQuery = typeof CustomerCouponsQuery.Type

/**
 * A store, as coupon reads name where a coupon was issued or redeemed.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export const StoreRef = Schema.Struct({
  code: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String)
})

/**
 * A redemption of a coupon, as the customer coupons read lists it: its id, when, on which bill
 * (`transactionNumber`, empty when none was given) and where.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export const CouponRedemptionRecord = Schema.Struct({
  id: Schema.Int,
  date: Schema.optional(Schema.String),
  transactionNumber: Schema.optional(Schema.String),
  redeemedAt: Schema.optional(StoreRef)
})

/**
 * The type of `CouponRedemptionRecord`.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export type CouponRedemptionRecord = typeof CouponRedemptionRecord.Type

/**
 * A coupon of a customer with its history: the discount, the validity, how often it was redeemed and how many
 * redemptions are left (`-1`: unlimited), and each redemption (`redemptions`) and reversed redemption
 * (`reversedRedemptions`: those reactivated; Capillary documents no item of it, the SDK reads them as
 * redemptions).
 *
 * @since 0.1.0
 * @category customer coupons
 */
export class CustomerCoupon extends Schema.Class<CustomerCoupon>("CustomerCoupon")({
  code: Schema.String,
  seriesId: CouponSeriesId,
  description: Schema.optional(Schema.String),
  validTill: Schema.String,
  discountType: DiscountType,
  discountValue: Schema.Finite,
  discountUpto: Schema.optional(Schema.Finite),
  redemptionCount: Schema.optional(Schema.Int),
  redemptionsLeft: Schema.optional(Schema.Int),
  id: CouponId,
  createdDate: Schema.optional(Schema.String),
  transactionNumber: Schema.optional(Schema.String),
  issuedAt: Schema.optional(StoreRef),
  customProperty: Schema.optional(Schema.Array(Schema.Struct({ name: Schema.String, value: Schema.String }))),
  redemptions: Schema.optional(Schema.Array(CouponRedemptionRecord)),
  reversedRedemptions: Schema.optional(Schema.Array(CouponRedemptionRecord)),
  validTillDateTime: Schema.optional(Schema.String)
}) {}

/**
 * A customer and their coupons, in the customer coupons read.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export const CustomerCouponsCustomer = Schema.Struct({
  firstname: Schema.optional(Schema.String),
  lastname: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  mobile: Schema.optional(Schema.String),
  id: CustomerId,
  externalId: Schema.optional(Schema.String),
  coupons: Schema.Array(CustomerCoupon)
})

/**
 * The page of a customer coupons read: `limit` and `offset` come back as strings (`"100"`), `total` as a number,
 * both read either way.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export const CustomerCouponsPagination = Schema.Struct({
  limit: Envelope.LooseNumber,
  offset: Envelope.LooseNumber,
  total: Schema.Union([Schema.Finite, Envelope.LooseNumber])
})

/**
 * The answer to `GET /v2/customers/coupons`: the page and the customers with their coupons, as `entity`.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export const CustomerCouponsPage = Schema.Struct({
  entity: Schema.Struct({
    pagination: CustomerCouponsPagination,
    customers: Schema.Array(CustomerCouponsCustomer)
  }),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue)),
  success: Schema.optional(Schema.Boolean)
})

/**
 * The type of `CustomerCouponsPage`.
 *
 * @since 0.1.0
 * @category customer coupons
 */
export type CustomerCouponsPage = typeof CustomerCouponsPage.Type
