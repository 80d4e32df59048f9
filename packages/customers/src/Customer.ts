/**
 * The customer, as Capillary's v2 API sends and receives it: ids, sources, identifiers, communication channels,
 * profiles, the register request and its answer, the customer read by id or identifier, and the lookup answer;
 * the profile update, the identifier change (cards included), the search page, the customer status and its log,
 * and the customer images. Requests carry Capillary's own validation (mobile numbers, emails, name lengths, page
 * bounds), so a bad request fails before anything is sent; what Capillary returns is read as it stored it.
 *
 * Capillary's documented bodies are looser than its field tables: flags arrive as `"true"` / `"false"` strings,
 * an identifier value as a JSON number, and identifier types in reads in another case (`cardNumber`). Requests
 * accept those forms and send the canonical one (booleans, strings, `cardnumber`); reads normalise them.
 *
 * @since 0.1.0
 */
import { Envelope, Multipart } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"

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

const identifierTypes = [
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
] as const

/**
 * The kinds of identifier a customer can be registered and found by.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const IdentifierType = Schema.Literals(identifierTypes)

/**
 * The type of `IdentifierType`.
 *
 * @since 0.1.0
 * @category identifiers
 */
export type IdentifierType = typeof IdentifierType.Type

const identifierTypeByLowerCase = new Map<string, IdentifierType>(
  identifierTypes.map((type) => [type.toLowerCase(), type])
)

/**
 * An identifier type as Capillary writes it in reads, in any letter case (its customer reads say `cardNumber`),
 * decoded to the canonical `IdentifierType`.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const IdentifierTypeAsRead = Schema.String.pipe(
  Schema.decodeTo(IdentifierType, {
    decode: SchemaGetter.transform((value) =>
      identifierTypeByLowerCase.get(value.toLowerCase()) ?? value as IdentifierType
    ),
    encode: SchemaGetter.transform((value) => value)
  })
)

/**
 * Whether an identifier type names a loyalty card (`cardnumber`, `cardExternalId`). A card belongs to one
 * customer in the whole organisation, whatever the source.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const isCardType = (type: string): boolean => type === "cardnumber" || type === "cardExternalId"

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

/**
 * A flag of a request: a boolean, or the strings `"true"` / `"false"` that Capillary's own examples send; sent as
 * a boolean.
 *
 * @since 0.2.0
 * @category validation
 */
export const Flag = Schema.Union([Schema.Boolean, Schema.Literals(["true", "false"])]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === true || value === "true"),
    encode: SchemaGetter.transform((value) => value)
  })
)

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
  customFields: Schema.optional(Fields),
  /** cardnumber: the code of the card series (external card series). */
  seriesCode: Schema.optional(Schema.String),
  /** cardnumber: the card's external id, which the customer can also be found by (`cardExternalId`). */
  cardExternalId: Schema.optional(Schema.String)
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
  primary: Schema.optional(Flag),
  verified: Schema.optional(Flag),
  subscribed: Schema.optional(Flag),
  meta: Schema.optional(Schema.Struct({
    residence: Schema.optional(Flag),
    office: Schema.optional(Flag),
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

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/

/**
 * A date-time as an enrolment takes it: `YYYY-MM-DDTHH:MM:SS` with a UTC offset (`+05:30`) or `Z`.
 *
 * @since 0.2.0
 * @category register
 */
export const EnrollmentDateTime = Schema.String.check(
  Schema.makeFilter((value) =>
    isoDateTime.test(value) && !Number.isNaN(Date.parse(value))
      ? undefined
      : "a date-time YYYY-MM-DDTHH:MM:SS with its offset (+05:30 or Z)"
  )
)

/**
 * Enrolment in a loyalty program, at registration or by an update: the program, the tier to set (its number, 1
 * for the lowest) until `tierExpiryDate`, and points to credit (at most three decimals) that expire on
 * `pointsExpiryDate`.
 *
 * @since 0.1.0
 * @category register
 */
export const ProgramEnrollment = Schema.Struct({
  programId: Schema.Int,
  tierNumber: Schema.optional(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1))),
  loyaltyPoints: Schema.optional(
    Schema.Finite.check(
      Schema.isGreaterThanOrEqualTo(0),
      Schema.makeFilter((points) =>
        Math.abs(points * 1000 - Math.round(points * 1000)) < 1e-6 ? undefined : "at most three decimals"
      )
    )
  ),
  tierExpiryDate: Schema.optional(EnrollmentDateTime),
  pointsExpiryDate: Schema.optional(EnrollmentDateTime)
})

/**
 * The type of `ProgramEnrollment`.
 *
 * @since 0.2.0
 * @category register
 */
export type ProgramEnrollment = typeof ProgramEnrollment.Type

/**
 * Program enrolments of a request: each program once.
 *
 * @since 0.2.0
 * @category register
 */
export const ProgramEnrollments = Schema.Array(ProgramEnrollment).check(
  Schema.makeFilter((enrolments) => {
    const seen = new Set<number>()
    for (const { programId } of enrolments) {
      if (seen.has(programId)) return `program ${programId} is enrolled twice`
      seen.add(programId)
    }
    return undefined
  })
)

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
  loyaltyProgramEnrollments: Schema.optional(ProgramEnrollments),
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
 * Points awarded by a registration or an update: `awardedPoints` floored to an integer, and with
 * `rawSideEffects=true` the exact `rawAwardedPoints`.
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
 * An identifier as Capillary returns it: read as stored (not validated again), its type in any letter case.
 *
 * @since 0.2.0
 * @category read
 */
export const StoredIdentifier = Schema.Struct({ ...identifierFields, type: IdentifierTypeAsRead })

/**
 * The type of `StoredIdentifier`.
 *
 * @since 0.2.0
 * @category read
 */
export type StoredIdentifier = typeof StoredIdentifier.Type

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
  identifiers: Schema.Array(StoredIdentifier),
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

// ---------------------------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------------------------

/**
 * A file in Capillary's file service, as an image upload or read describes it: its handle, size in bytes (sent
 * as a string), storage path (`s3Token`) and versions.
 *
 * @since 0.2.0
 * @category images
 */
export const ImageFile = Schema.Struct({
  acl: Schema.optional(Schema.String),
  fileSize: Schema.optional(Envelope.LooseNumber),
  fileHandle: Schema.optional(Schema.String),
  lastModified: Schema.optional(Schema.String),
  latestVersion: Schema.optional(Schema.Int),
  name: Schema.optional(Schema.String),
  namespace: Schema.optional(Schema.String),
  s3Token: Schema.optional(Schema.String),
  version: Schema.optional(Schema.Int)
})

/**
 * The type of `ImageFile`.
 *
 * @since 0.2.0
 * @category images
 */
export type ImageFile = typeof ImageFile.Type

/**
 * One image result: a code, the file (uploads and reads), the signed URLs (reads), a message and whether it
 * succeeded (sent as `"true"` / `"false"`).
 *
 * @since 0.2.0
 * @category images
 */
export const CustomerImage = Schema.Struct({
  code: Schema.optional(Schema.Number),
  file: Schema.optional(ImageFile),
  filePath: Schema.optional(Schema.String),
  secureFilePath: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String),
  status: Schema.optional(Envelope.LooseBoolean)
})

/**
 * The type of `CustomerImage`.
 *
 * @since 0.2.0
 * @category images
 */
export type CustomerImage = typeof CustomerImage.Type

/**
 * The answer of the image endpoints: one result per image uploaded or deleted, with warnings and errors.
 *
 * @since 0.2.0
 * @category images
 */
export const ImagesResult = Schema.Struct({
  data: Schema.Array(CustomerImage),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `ImagesResult`.
 *
 * @since 0.2.0
 * @category images
 */
export type ImagesResult = typeof ImagesResult.Type

/**
 * An image to upload: a `Multipart.FilePart` of an image media type, at most 5 MB.
 *
 * @since 0.2.0
 * @category images
 */
export const ImageUpload = Multipart.FilePart.check(
  Schema.makeFilter((file) =>
    !file.type.startsWith("image/")
      ? "an image upload has an image media type (image/jpeg, image/png, ...)"
      : file.content.byteLength > maxImageBytes
      ? `an image is at most ${maxImageBytes} bytes`
      : undefined
  )
)

/**
 * The largest image an upload takes, in bytes.
 *
 * @since 0.2.0
 * @category images
 */
export const maxImageBytes = 5 * 1024 * 1024

/**
 * The multipart body of `POST .../setImage`: one image, or several, under `FILE`.
 *
 * @since 0.2.0
 * @category images
 */
export const SetImageBody = Schema.Struct({
  FILE: Schema.Union([ImageUpload, Schema.NonEmptyArray(ImageUpload)])
})

/**
 * The type of `SetImageBody`.
 *
 * @since 0.2.0
 * @category images
 */
export type SetImageBody = typeof SetImageBody.Type

/**
 * The query of `POST /v2/customers/lookup/setImage`: the customer by identifier in a source.
 *
 * @since 0.2.0
 * @category images
 */
export const ImageLookupQuery = Schema.Struct({
  source: LookupSource,
  accountId: Schema.optional(Schema.String),
  identifierName: IdentifierType,
  identifierValue: Schema.String
}).check(Schema.makeFilter((query) => {
  const issue = valueIssue(query.identifierName, query.identifierValue)
  return issue === undefined ? undefined : { path: ["identifierValue"], issue }
}))

/**
 * The query of `DELETE /v2/customers/{id}/deleteImage`: the positions of the images to delete, counted from 0 in
 * the order they were added (`image_ids`, repeated for several).
 *
 * @since 0.2.0
 * @category images
 */
export const DeleteImagesQuery = Schema.Struct({
  image_ids: Schema.NonEmptyArray(
    Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))))
  ).check(Schema.isUnique({ message: "an image position appears twice" }))
})

/**
 * The type of `DeleteImagesQuery`.
 *
 * @since 0.2.0
 * @category images
 */
export type DeleteImagesQuery = typeof DeleteImagesQuery.Type

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
  /** The customer's images, when the read embeds them (`embed=CUSTOMERIMAGE`). */
  customerImage: Schema.optional(Schema.Array(CustomerImage)),
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
 * What a customer read can embed: the loyalty summary of the default program (`points`), every program
 * (`mlp`), promotional points, expiry schedules, expired points, the customer's subscriptions and images.
 *
 * @since 0.2.0
 * @category read
 */
export const Embed = Schema.Literals([
  "points",
  "mlp",
  "promotionalPoints",
  "expirySchedules",
  "expiredPoints",
  "subscriptions",
  "CUSTOMERIMAGE"
])

/**
 * The type of `Embed`.
 *
 * @since 0.2.0
 * @category read
 */
export type Embed = typeof Embed.Type

/**
 * `embed`: the embeds of a read, comma-separated on the wire (`embed=points,mlp`).
 *
 * @since 0.2.0
 * @category read
 */
export const EmbedList = Schema.String.pipe(
  Schema.decodeTo(Schema.Array(Embed), {
    // The parts are checked against `Embed` when the array is decoded.
    decode: SchemaGetter.transform((text: string) => text.split(",").map((part) => part.trim()) as Array<Embed>),
    encode: SchemaGetter.transform((list: ReadonlyArray<string>) => list.join(","))
  })
)

/**
 * The query of a read by identifier with embeds (`GET /v2/customers/lookup/customerDetails`).
 *
 * @since 0.2.0
 * @category read
 */
export const IdentifierDetailsQuery = Schema.Struct({
  ...IdentifierQuery.fields,
  embed: Schema.optional(EmbedList)
}).check(Schema.makeFilter((query) => {
  const issue = valueIssue(query.identifierName, query.identifierValue)
  return issue === undefined ? undefined : { path: ["identifierValue"], issue }
}))

/**
 * The type of `IdentifierDetailsQuery`.
 *
 * @since 0.2.0
 * @category read
 */
export type IdentifierDetailsQuery = typeof IdentifierDetailsQuery.Type

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

// ---------------------------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------------------------

const checkIdentifierQuery = <A extends { readonly identifierName: string; readonly identifierValue: string }>() =>
  Schema.makeFilter<A>((query) => {
    const issue = valueIssue(query.identifierName, query.identifierValue)
    return issue === undefined ? undefined : { path: ["identifierValue"], issue }
  })

/**
 * `use_async`: `true` runs the loyalty activities of a write in the background (no side effects in the answer).
 *
 * @since 0.2.0
 * @category update
 */
export const UseAsync = Schema.Literals(["true", "false"]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === "true"),
    encode: SchemaGetter.transform((value): "true" | "false" => (value ? "true" : "false"))
  })
)

/**
 * The query of a write to one profile of a customer known by id: its source (not `ALL`), the account within the
 * source (sources with several accounts), and `use_async`.
 *
 * @since 0.2.0
 * @category update
 */
export const ProfileQuery = Schema.Struct({
  source: Source,
  accountId: Schema.optional(Schema.String),
  use_async: Schema.optional(UseAsync)
})

/**
 * The type of `ProfileQuery`.
 *
 * @since 0.2.0
 * @category update
 */
export type ProfileQuery = typeof ProfileQuery.Type

/**
 * The query of a registration: the source (and account, for sources with several) it is made in, which must be
 * one of the registration's profiles; `rawSideEffects` (`true`: points side effects also carry the exact
 * `rawAwardedPoints`); and `mlp_single_enroll` (`true`: a loyalty customer is enrolled in every loyalty program of
 * the organisation; otherwise in the programs of `loyaltyProgramEnrollments`).
 *
 * @since 0.2.0
 * @category register
 */
export const AddQuery = Schema.Struct({
  source: Schema.optional(Source),
  accountId: Schema.optional(Schema.String),
  rawSideEffects: Schema.optional(UseAsync),
  mlp_single_enroll: Schema.optional(UseAsync)
})

/**
 * The type of `AddQuery`.
 *
 * @since 0.2.0
 * @category register
 */
export type AddQuery = typeof AddQuery.Type

/**
 * The query of a write to the profile of a customer found by identifier: the source (not `ALL`) and account, the
 * identifier (its value valid for its type), and `use_async`.
 *
 * @since 0.2.0
 * @category update
 */
export const ProfileLookupQuery = Schema.Struct({
  source: Source,
  accountId: Schema.optional(Schema.String),
  identifierName: IdentifierType,
  identifierValue: Schema.String,
  use_async: Schema.optional(UseAsync)
}).check(checkIdentifierQuery())

/**
 * The type of `ProfileLookupQuery`.
 *
 * @since 0.2.0
 * @category update
 */
export type ProfileLookupQuery = typeof ProfileLookupQuery.Type

/**
 * An identifier value as Capillary's update example sends it: a string, or a number (`919111111111`) read as
 * its decimal string.
 *
 * @since 0.2.0
 * @category update
 */
export const IdentifierValue = Schema.Union([Schema.String, Schema.Finite]).pipe(
  Schema.decodeTo(Schema.String, {
    decode: SchemaGetter.transform((value) => (typeof value === "number" ? String(value) : value)),
    encode: SchemaGetter.transform((value) => value)
  })
)

const noRepeatedIdentifier = Schema.makeFilter(
  (identifiers: ReadonlyArray<{ readonly type: string; readonly value: string }>) => {
    const seen = new Set<string>()
    for (const { type, value } of identifiers) {
      const key = `${type}\u0000${value}`
      if (seen.has(key)) return `the ${type} identifier appears twice`
      seen.add(key)
    }
    return undefined
  }
)

/**
 * An identifier in an update: valid for its type, its value a string or a number.
 *
 * @since 0.2.0
 * @category update
 */
export const UpdateIdentifier = Schema.Struct({ ...identifierFields, value: IdentifierValue }).check(checkValue())

/**
 * The profile part of an update: names, the identifiers the profile should have (new ones are added; an
 * identifier is changed with `changeIdentifier`, not here), communication channels and custom fields. Its source
 * and account, when given, are those of the request.
 *
 * @since 0.2.0
 * @category update
 */
export const ProfileUpdate = Schema.Struct({
  firstName: Schema.optional(Name),
  lastName: Schema.optional(Name),
  source: Schema.optional(Source),
  accountId: Schema.optional(Schema.String),
  identifiers: Schema.optional(Schema.Array(UpdateIdentifier).check(noRepeatedIdentifier)),
  commChannels: Schema.optional(Schema.Array(CommChannel)),
  fields: Schema.optional(Fields)
})

/**
 * The type of `ProfileUpdate`.
 *
 * @since 0.2.0
 * @category update
 */
export type ProfileUpdate = typeof ProfileUpdate.Type

/**
 * The body of `PUT /v2/customers/{id}` and `PUT /v2/customers/lookup`: the profile of the request's source (one
 * at most), the loyalty type (`non_loyalty` to `loyalty` only), extended fields and program enrolments. Something
 * must be updated.
 *
 * @since 0.2.0
 * @category update
 */
export const CustomerUpdate = Schema.Struct({
  profiles: Schema.optional(
    Schema.Array(ProfileUpdate).check(Schema.isMaxLength(1, { message: "an update changes one profile" }))
  ),
  loyaltyInfo: Schema.optional(Schema.Struct({ loyaltyType: LoyaltyType })),
  extendedFields: Schema.optional(Fields),
  loyaltyProgramEnrollments: Schema.optional(ProgramEnrollments)
}).check(
  Schema.makeFilter((update) =>
    (update.profiles?.length ?? 0) > 0 || update.loyaltyInfo !== undefined || update.extendedFields !== undefined ||
      (update.loyaltyProgramEnrollments?.length ?? 0) > 0
      ? undefined
      : "an update needs a profile, a loyalty type, extended fields or a program enrolment"
  )
)

/**
 * The type of `CustomerUpdate`.
 *
 * @since 0.2.0
 * @category update
 */
export type CustomerUpdate = typeof CustomerUpdate.Type

/**
 * The answer to an update: the customer's id, warnings, and the side effects of the loyalty activities (absent
 * when they ran in the background).
 *
 * @since 0.2.0
 * @category update
 */
export const CustomerUpdated = CustomerCreated

/**
 * The type of `CustomerUpdated`.
 *
 * @since 0.2.0
 * @category update
 */
export type CustomerUpdated = typeof CustomerUpdated.Type

// ---------------------------------------------------------------------------------------------------------------
// Identifier change
// ---------------------------------------------------------------------------------------------------------------

/**
 * The query of `POST /v2/customers/{id}/changeIdentifier`: the source and account of the profile whose
 * identifiers change.
 *
 * @since 0.2.0
 * @category identifier change
 */
export const ChangeIdentifierQuery = Schema.Struct({
  source: Source,
  accountId: Schema.optional(Schema.String)
})

/**
 * The type of `ChangeIdentifierQuery`.
 *
 * @since 0.2.0
 * @category identifier change
 */
export type ChangeIdentifierQuery = typeof ChangeIdentifierQuery.Type

/**
 * The body of `POST /v2/customers/{id}/changeIdentifier`: identifiers to `add` and to `remove` in the profile
 * (removals apply first, so a value can be swapped in one call). A loyalty card is linked as the identifier
 * `cardnumber` with its `seriesId` (or `seriesCode`) and `statusLabel`, and delinked by removing it. At least one
 * identifier; none both added and removed, none twice.
 *
 * @since 0.2.0
 * @category identifier change
 */
export const IdentifierChange = Schema.Struct({
  add: Schema.optional(Schema.Array(Identifier)),
  remove: Schema.optional(Schema.Array(Identifier))
}).check(Schema.makeFilter((change) => {
  const add = change.add ?? []
  const remove = change.remove ?? []
  if (add.length + remove.length === 0) return "an identifier change needs an identifier to add or remove"
  const seen = new Set<string>()
  for (const { type, value } of [...add, ...remove]) {
    const key = `${type}\u0000${value}`
    if (seen.has(key)) return `the ${type} identifier appears twice`
    seen.add(key)
  }
  return undefined
}))

/**
 * The type of `IdentifierChange`.
 *
 * @since 0.2.0
 * @category identifier change
 */
export type IdentifierChange = typeof IdentifierChange.Type

/**
 * The answer to an identifier change: the customer's id (the surviving customer's when the change merged two
 * customers, with warning 8051), warnings; older answers carry `success` instead of the id.
 *
 * @since 0.2.0
 * @category identifier change
 */
export const IdentifierChanged = Schema.Struct({
  createdId: Schema.optional(CustomerId),
  success: Schema.optional(Schema.Boolean),
  warnings: Envelope.V2Warnings
})

/**
 * The type of `IdentifierChanged`.
 *
 * @since 0.2.0
 * @category identifier change
 */
export type IdentifierChanged = typeof IdentifierChanged.Type

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------

/**
 * The largest page of a search.
 *
 * @since 0.2.0
 * @category search
 */
export const maxSearchLimit = 100

const IntFromString = (check: ReturnType<typeof Schema.isGreaterThanOrEqualTo>) =>
  Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(check)))

/**
 * The query of `GET /v2/customers/search`: the keyword (`q`: first names, last names and identifier values that
 * start with it, in every source), and the page (`limit` 1 to 100, default 10; `offset` from 0).
 *
 * @since 0.2.0
 * @category search
 */
export const SearchQuery = Schema.Struct({
  q: Schema.String.check(
    Schema.makeFilter((q) => q.trim() === "" ? "the search keyword is empty" : undefined),
    Schema.isMaxLength(255, { message: "the search keyword is at most 255 characters" })
  ),
  limit: Schema.optional(
    IntFromString(Schema.isBetween({ minimum: 1, maximum: maxSearchLimit }, {
      message: `a search page has 1 to ${maxSearchLimit} customers`
    }))
  ),
  offset: Schema.optional(
    IntFromString(Schema.isGreaterThanOrEqualTo(0, { message: "a search offset is 0 or more" }))
  )
})

/**
 * The type of `SearchQuery`.
 *
 * @since 0.2.0
 * @category search
 */
export type SearchQuery = typeof SearchQuery.Type

/**
 * What matched the keyword: a name (`idType` `firstName` / `lastName`) or an identifier (its type), with its
 * value and the profile's source and account.
 *
 * @since 0.2.0
 * @category search
 */
export const MatchedIdentifier = Schema.Struct({
  idType: Schema.String,
  idValue: Schema.String,
  source: Schema.optional(Source),
  accountId: Schema.optional(Schema.String)
})

/**
 * A profile of a found customer: source, account and names.
 *
 * @since 0.2.0
 * @category search
 */
export const SearchProfile = Schema.Struct({
  source: Source,
  accountId: Schema.optional(Schema.String),
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String)
})

/**
 * A found customer: its id, what matched, and its profiles.
 *
 * @since 0.2.0
 * @category search
 */
export const SearchResult = Schema.Struct({
  userId: CustomerId,
  matchedIdentifiers: Schema.Array(MatchedIdentifier),
  profiles: Schema.Array(SearchProfile)
})

/**
 * The type of `SearchResult`.
 *
 * @since 0.2.0
 * @category search
 */
export type SearchResult = typeof SearchResult.Type

/**
 * A page of a search: its `limit` and `offset`, the `total` number of customers found, and the customers.
 *
 * @since 0.2.0
 * @category search
 */
export const SearchPage = Schema.Struct({
  pagination: Schema.Struct({ limit: Schema.Int, offset: Schema.Int, total: Schema.Int }),
  data: Schema.Array(SearchResult),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `SearchPage`.
 *
 * @since 0.2.0
 * @category search
 */
export type SearchPage = typeof SearchPage.Type

// ---------------------------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------------------------

/**
 * An ISO-8601 date and time with an offset or `Z` (e.g. `2021-09-16T12:10:45Z`).
 *
 * @since 0.2.0
 * @category status
 */
export const IsoDateTime = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, {
    message: "a date and time is ISO-8601 with an offset, e.g. 2021-09-16T12:10:45Z"
  }),
  Schema.makeFilter((value) => Number.isNaN(Date.parse(value)) ? "not a valid date and time" : undefined)
)

/**
 * The body of `PUT /v2/customers/lookup/status`: the new status label (one the organisation defined under a
 * system status), why, and when (`createdOn`, default now).
 *
 * @since 0.2.0
 * @category status
 */
export const StatusUpdate = Schema.Struct({
  label: Schema.String.check(
    Schema.makeFilter((label) => label.trim() === "" ? "the status label is empty" : undefined)
  ),
  reason: Schema.String,
  createdOn: Schema.optional(IsoDateTime)
})

/**
 * The type of `StatusUpdate`.
 *
 * @since 0.2.0
 * @category status
 */
export type StatusUpdate = typeof StatusUpdate.Type

/**
 * The answer to a status update: the customer's id and warnings.
 *
 * @since 0.2.0
 * @category status
 */
export const StatusUpdated = Schema.Struct({
  createdId: CustomerId,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `StatusUpdated`.
 *
 * @since 0.2.0
 * @category status
 */
export type StatusUpdated = typeof StatusUpdated.Type

/**
 * One change of a customer's status: the label and its system status (`ACTIVE`, `SUSPENDED`, ...), why, when
 * (`createdOn`; `autoUpdateTime` its date), who (`createdBy` id, `createdByUser` name), the customer
 * (`entityId`) and whether it is the customer's current status (`isActive`).
 *
 * @since 0.2.0
 * @category status
 */
export const StatusLogEntry = Schema.Struct({
  label: Schema.String,
  status: Schema.String,
  reason: Schema.optional(Schema.String),
  createdOn: Schema.optional(Schema.String),
  autoUpdateTime: Schema.optional(Schema.String),
  createdBy: Schema.optional(Schema.Number),
  createdByUser: Schema.optional(Schema.String),
  entityId: Schema.optional(Schema.Number),
  isActive: Schema.optional(Schema.Boolean),
  actions: Schema.optional(Schema.Array(Schema.Json))
})

/**
 * The type of `StatusLogEntry`.
 *
 * @since 0.2.0
 * @category status
 */
export type StatusLogEntry = typeof StatusLogEntry.Type

/**
 * The answer of `GET /v2/customers/{id}/statusLog`: the customer's status changes, newest first.
 *
 * @since 0.2.0
 * @category status
 */
export const StatusLog = Schema.Struct({
  data: Schema.Array(StatusLogEntry),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `StatusLog`.
 *
 * @since 0.2.0
 * @category status
 */
export type StatusLog = typeof StatusLog.Type
