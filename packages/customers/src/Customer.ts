/**
 * The customer, as Capillary's v2 API sends and receives it: ids, sources, identifiers, communication channels,
 * profiles, the register request and its answer, the customer read by id or identifier, and the lookup answer.
 * Requests carry Capillary's own validation (mobile numbers, emails, name lengths), so a bad request fails
 * before anything is sent; what Capillary returns is read as it stored it.
 *
 * @since 0.1.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema } from "effect"

// ---------------------------------------------------------------------------------------------------------------
// Ids, sources, identifier types
// ---------------------------------------------------------------------------------------------------------------

/**
 * A customer's id (Capillary's `userId`): a positive integer, the same in every source.
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
 * A customer id in a path or query string.
 *
 * @since 0.1.0
 * @category ids
 */
export const CustomerIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(CustomerId))

const sources = [
  "INSTORE",
  "MARTJACK",
  "WECHAT",
  "FACEBOOK",
  "WEB_ENGAGE",
  "TMALL",
  "TAOBAO",
  "JD",
  "ECOMMERCE",
  "WEBSITE",
  "LINE",
  "MOBILE_APP"
] as const

/**
 * Where a customer profile comes from. A customer has at most one profile per source and account.
 *
 * @since 0.1.0
 * @category sources
 */
export const Source = Schema.Literals(sources)

/**
 * The type of `Source`.
 *
 * @since 0.1.0
 * @category sources
 */
export type Source = typeof Source.Type

/**
 * A source to read in: one source, or `ALL` for every source of the customer.
 *
 * @since 0.1.0
 * @category sources
 */
export const LookupSource = Schema.Literals([...sources, "ALL"])

/**
 * The type of `LookupSource`.
 *
 * @since 0.1.0
 * @category sources
 */
export type LookupSource = typeof LookupSource.Type

/**
 * The kinds of identifier a customer can be registered and found by.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const IdentifierType = Schema.Literals([
  "mobile",
  "email",
  "externalId",
  "wechat",
  "martjackId",
  "fbId",
  "tmall_uname",
  "cuid",
  "unionId",
  "ali_uname",
  "jd_uname",
  "vip_uname",
  "line",
  "mobilePush",
  "cardnumber",
  "cardExternalId"
])

/**
 * The type of `IdentifierType`.
 *
 * @since 0.1.0
 * @category identifiers
 */
export type IdentifierType = typeof IdentifierType.Type

// ---------------------------------------------------------------------------------------------------------------
// Validated values
// ---------------------------------------------------------------------------------------------------------------

const mobileMessage = "a mobile number is 8 to 15 digits, country code included, and nothing else"
const emailMessage = "an email address is local@domain.tld, at most 255 characters"

/**
 * A mobile number as Capillary accepts it: digits only, country code included, 8 to 15 digits
 * (e.g. `919010000022`).
 *
 * @since 0.1.0
 * @category validation
 */
export const Mobile = Schema.String.check(Schema.isPattern(/^\d{8,15}$/, { message: mobileMessage }))

/**
 * An email address: one `@`, a dotted domain, no spaces, at most 255 characters.
 *
 * @since 0.1.0
 * @category validation
 */
export const Email = Schema.String.check(
  Schema.isMaxLength(255, { message: emailMessage }),
  Schema.isPattern(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, { message: emailMessage })
)

/**
 * A first or last name: at most 100 characters.
 *
 * @since 0.1.0
 * @category validation
 */
export const Name = Schema.String.check(Schema.isMaxLength(100, { message: "a name is at most 100 characters" }))

const isMobile = Schema.is(Mobile)
const isEmail = Schema.is(Email)

/** What is wrong with an identifier or channel value of the given type, if anything (no value may be empty). */
const valueIssue = (type: string, value: string): string | undefined => {
  if (value.trim() === "") return `the ${type} value is empty`
  if (type === "mobile" && !isMobile(value)) return mobileMessage
  if (type === "email" && !isEmail(value)) return emailMessage
  return undefined
}

const checkValue = <A extends { readonly type: string; readonly value: string }>() =>
  Schema.makeFilter<A>((input) => {
    const issue = valueIssue(input.type, input.value)
    return issue === undefined ? undefined : { path: ["value"], issue }
  })

// ---------------------------------------------------------------------------------------------------------------
// Identifiers, channels, fields
// ---------------------------------------------------------------------------------------------------------------

/**
 * Custom fields (`fields`) or extended fields (`extendedFields`): name to value.
 *
 * @since 0.1.0
 * @category models
 */
export const Fields = Schema.Record(Schema.String, Schema.Json)

/**
 * The type of `Fields`.
 *
 * @since 0.1.0
 * @category models
 */
export type Fields = typeof Fields.Type

const identifierFields = {
  type: IdentifierType,
  value: Schema.String,
  /** cardnumber: the card series. */
  seriesId: Schema.optional(Schema.Int),
  /** cardnumber: the card's status label (e.g. `ACTIVE`). */
  statusLabel: Schema.optional(Schema.String),
  /** cardnumber: the card's extended fields. */
  extendedFields: Schema.optional(Fields),
  /** cardnumber: the card's custom fields. */
  customFields: Schema.optional(Fields)
}

/**
 * An identifier in a request: `{type, value}`, plus the series and status label of a card number. Mobiles and
 * emails must be valid.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const Identifier = Schema.Struct(identifierFields).check(checkValue())

/**
 * The type of `Identifier`.
 *
 * @since 0.1.0
 * @category identifiers
 */
export type Identifier = typeof Identifier.Type

/**
 * The kinds of communication channel.
 *
 * @since 0.1.0
 * @category channels
 */
export const CommChannelType = Schema.Literals(["mobile", "email", "wechat", "ios", "android", "line", "mobilePush"])

/**
 * The type of `CommChannelType`.
 *
 * @since 0.1.0
 * @category channels
 */
export type CommChannelType = typeof CommChannelType.Type

const commChannelFields = {
  type: CommChannelType,
  value: Schema.String,
  primary: Schema.optional(Schema.Boolean),
  verified: Schema.optional(Schema.Boolean),
  subscribed: Schema.optional(Schema.Boolean),
  meta: Schema.optional(Schema.Struct({
    residence: Schema.optional(Schema.Boolean),
    office: Schema.optional(Schema.Boolean),
    lastViewedDate: Schema.optional(Schema.String)
  }))
}

/**
 * A communication channel in a request: how to reach the customer, and whether they subscribed. Mobiles and
 * emails must be valid.
 *
 * @since 0.1.0
 * @category channels
 */
export const CommChannel = Schema.Struct(commChannelFields).check(checkValue())

/**
 * The type of `CommChannel`.
 *
 * @since 0.1.0
 * @category channels
 */
export type CommChannel = typeof CommChannel.Type

// ---------------------------------------------------------------------------------------------------------------
// Register
// ---------------------------------------------------------------------------------------------------------------

/**
 * Whether a customer is enrolled in the loyalty program.
 *
 * @since 0.1.0
 * @category models
 */
export const LoyaltyType = Schema.Literals(["loyalty", "non_loyalty"])

/**
 * The type of `LoyaltyType`.
 *
 * @since 0.1.0
 * @category models
 */
export type LoyaltyType = typeof LoyaltyType.Type

/**
 * A profile in a register request: the customer as one source knows them. Its first identifier is the one the
 * customer is recognised by; no identifier may appear twice.
 *
 * @since 0.1.0
 * @category register
 */
export const Profile = Schema.Struct({
  firstName: Schema.optional(Name),
  lastName: Schema.optional(Name),
  source: Source,
  /** The account within the source (`""` or absent for INSTORE). */
  accountId: Schema.optional(Schema.String),
  identifiers: Schema.NonEmptyArray(Identifier).check(
    Schema.makeFilter((identifiers) => {
      const seen = new Set<string>()
      for (const { type, value } of identifiers) {
        const key = `${type}\u0000${value}`
        if (seen.has(key)) return `the ${type} identifier appears twice`
        seen.add(key)
      }
      return undefined
    })
  ),
  commChannels: Schema.optional(Schema.Array(CommChannel)),
  fields: Schema.optional(Fields)
})

/**
 * The type of `Profile`.
 *
 * @since 0.1.0
 * @category register
 */
export type Profile = typeof Profile.Type

/**
 * Enrolment in a loyalty program at registration.
 *
 * @since 0.1.0
 * @category register
 */
export const ProgramEnrollment = Schema.Struct({
  programId: Schema.Int,
  tierNumber: Schema.optional(Schema.Int),
  loyaltyPoints: Schema.optional(Schema.Finite),
  tierExpiryDate: Schema.optional(Schema.String),
  pointsExpiryDate: Schema.optional(Schema.String)
})

/**
 * The body of `POST /v2/customers`: one profile or more (at most one per source and account), loyalty type,
 * extended fields, program enrolments, referral code and status label.
 *
 * @since 0.1.0
 * @category register
 */
export const CustomerAdd = Schema.Struct({
  loyaltyInfo: Schema.optional(Schema.Struct({ loyaltyType: LoyaltyType })),
  /** The till code the customer is registered at. */
  associatedWith: Schema.optional(Schema.String),
  profiles: Schema.NonEmptyArray(Profile).check(
    Schema.makeFilter((profiles) => {
      const seen = new Set<string>()
      for (const { accountId, source } of profiles) {
        const key = `${source}\u0000${accountId ?? ""}`
        if (seen.has(key)) return `more than one profile for source ${source} and account "${accountId ?? ""}"`
        seen.add(key)
      }
      return undefined
    })
  ),
  extendedFields: Schema.optional(Fields),
  loyaltyProgramEnrollments: Schema.optional(Schema.Array(ProgramEnrollment)),
  referralCode: Schema.optional(Schema.String),
  statusLabel: Schema.optional(Schema.String)
})

/**
 * The type of `CustomerAdd`.
 *
 * @since 0.1.0
 * @category register
 */
export type CustomerAdd = typeof CustomerAdd.Type

/**
 * Points awarded by a registration.
 *
 * @since 0.1.0
 * @category side effects
 */
export const PointsSideEffect = Schema.Struct({
  type: Schema.Literal("points"),
  entityType: Schema.optional(Schema.String),
  awardedPoints: Schema.optional(Schema.Finite),
  rawAwardedPoints: Schema.optional(Schema.Finite)
})

/**
 * A coupon issued by a registration.
 *
 * @since 0.1.0
 * @category side effects
 */
export const CouponSideEffect = Schema.Struct({
  type: Schema.Literal("coupon"),
  id: Schema.optional(Schema.Int),
  entityType: Schema.optional(Schema.String),
  couponType: Schema.optional(Schema.String),
  couponCode: Schema.optional(Schema.String),
  trimmedCouponCode: Schema.optional(Schema.String),
  validTill: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  discountCode: Schema.optional(Schema.String)
})

/**
 * An alternate currency awarded by a registration.
 *
 * @since 0.1.0
 * @category side effects
 */
export const AlternateCurrencySideEffect = Schema.Struct({
  type: Schema.Literal("alternate_currency"),
  entityType: Schema.optional(Schema.String),
  alternateCurrencyIdentifier: Schema.optional(Schema.String),
  alternateCurrencyName: Schema.optional(Schema.String),
  awardedValue: Schema.optional(Schema.Finite),
  rawAwardedValue: Schema.optional(Schema.Finite)
})

/**
 * A side effect of another kind, kept whole.
 *
 * @since 0.1.0
 * @category side effects
 */
export const OtherSideEffect = Schema.StructWithRest(Schema.Struct({ type: Schema.String }), [
  Schema.Record(Schema.String, Schema.Json)
])

/**
 * What a registration also did: points, coupons, alternate currencies, or another kind.
 *
 * @since 0.1.0
 * @category side effects
 */
export const SideEffect = Schema.Union([
  PointsSideEffect,
  CouponSideEffect,
  AlternateCurrencySideEffect,
  OtherSideEffect
])

/**
 * The type of `SideEffect`.
 *
 * @since 0.1.0
 * @category side effects
 */
export type SideEffect = typeof SideEffect.Type

/**
 * The answer to a registration: the customer's id (an existing one when the profile was attached to a customer
 * found in another source, with warning 8050), warnings and side effects. Side effects are absent when unknown.
 *
 * @since 0.1.0
 * @category register
 */
export const CustomerCreated = Schema.Struct({
  createdId: CustomerId,
  warnings: Envelope.V2Warnings,
  sideEffects: Schema.optional(Schema.Array(SideEffect))
})

/**
 * The type of `CustomerCreated`.
 *
 * @since 0.1.0
 * @category register
 */
export type CustomerCreated = typeof CustomerCreated.Type

// ---------------------------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------------------------

/**
 * A till, user or system that created or changed a profile.
 *
 * @since 0.1.0
 * @category read
 */
export const Actor = Schema.Struct({
  id: Schema.optional(Schema.Number),
  code: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String)
})

/**
 * When and by whom a profile was created and last changed (ISO-8601 dates).
 *
 * @since 0.1.0
 * @category read
 */
export const Attribution = Schema.Struct({
  createDate: Schema.optional(Schema.String),
  createdBy: Schema.optional(Actor),
  modifiedDate: Schema.optional(Schema.String),
  modifiedBy: Schema.optional(Actor)
})

/**
 * A profile as Capillary returns it: one source's view of the customer. Stored identifiers and channels are
 * read as they are, not validated again.
 *
 * @since 0.1.0
 * @category read
 */
export const CustomerProfile = Schema.Struct({
  source: Source,
  accountId: Schema.optional(Schema.String),
  userId: Schema.optional(CustomerId),
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  identifiers: Schema.Array(Schema.Struct(identifierFields)),
  commChannels: Schema.optional(Schema.Array(Schema.Struct(commChannelFields))),
  fields: Schema.optional(Fields),
  attribution: Schema.optional(Attribution)
})

/**
 * The type of `CustomerProfile`.
 *
 * @since 0.1.0
 * @category read
 */
export type CustomerProfile = typeof CustomerProfile.Type

/**
 * The loyalty part of a customer: type and lifetime purchases.
 *
 * @since 0.1.0
 * @category read
 */
export const LoyaltyInfo = Schema.Struct({
  loyaltyType: LoyaltyType,
  lifetimePurchases: Schema.optional(Schema.Finite)
})

/**
 * A customer, as `GET /v2/customers/{id}` and `GET /v2/customers/lookup/customerDetails` return it: the id,
 * the profiles of the requested source (or of every source), loyalty information, extended fields and
 * warnings.
 *
 * @since 0.1.0
 * @category read
 */
export class Customer extends Schema.Class<Customer>("Customer")({
  id: CustomerId,
  profiles: Schema.Array(CustomerProfile),
  loyaltyInfo: Schema.optional(LoyaltyInfo),
  segments: Schema.optional(Fields),
  extendedFields: Schema.optional(Fields),
  warnings: Schema.optional(Envelope.V2Warnings)
}) {}

/**
 * The query of a read by identifier: the source (or `ALL`), the account, and the identifier, whose value must
 * be valid for its type.
 *
 * @since 0.1.0
 * @category read
 */
export const IdentifierQuery = Schema.Struct({
  source: LookupSource,
  accountId: Schema.optional(Schema.String),
  identifierName: IdentifierType,
  identifierValue: Schema.String
}).check(Schema.makeFilter((query) => {
  const issue = valueIssue(query.identifierName, query.identifierValue)
  return issue === undefined ? undefined : { path: ["identifierValue"], issue }
}))

/**
 * The type of `IdentifierQuery`.
 *
 * @since 0.1.0
 * @category read
 */
export type IdentifierQuery = typeof IdentifierQuery.Type

/**
 * The answer to a lookup: the customer's id as `entity`.
 *
 * @since 0.1.0
 * @category read
 */
export const CustomerLookup = Schema.Struct({
  entity: CustomerId,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `CustomerLookup`.
 *
 * @since 0.1.0
 * @category read
 */
export type CustomerLookup = typeof CustomerLookup.Type
