/**
 * One-time passwords (validation codes), as Capillary's v2 OTP endpoints send and receive them: the generate
 * request and its answer, the validate request and its answer (`entity: true | false`; a code that does not match
 * is an answer, not an error), and the read of the latest valid code of a customer.
 *
 * An OTP code is a secret: every schema here holds it as `Redacted`, so it never prints (in logs, spans, error
 * messages or `JSON.stringify`); `Redacted.value` reads it. Enumerations (entity type, action, channel type) are
 * read without regard to case, as Capillary's own examples mix them (`"email"`, `"MOBILE"`, `"whatsapp"`), and
 * sent in upper case.
 *
 * What Capillary does not document and is assumed here: the code's alphabet and length (its samples are 6 or 7
 * upper-case letters and digits; 4 to 10 letters or digits are accepted), and that a template, when given, holds
 * the `{{ validation_code }}` placeholder exactly once (Capillary warns that several placeholders each show it).
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import * as Customer from "./Customer.ts"

const caseInsensitive = <const L extends ReadonlyArray<string>>(literals: L) =>
  Schema.String.pipe(Schema.decodeTo(Schema.Literals(literals), {
    decode: SchemaGetter.transform((value: string) => value.toUpperCase() as L[number]),
    encode: SchemaGetter.passthrough()
  }))

// ---------------------------------------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------------------------------------

/**
 * Whom the OTP is for: a mobile number or an email address.
 *
 * @since 0.2.0
 * @category enumerations
 */
export const OtpEntityType = caseInsensitive(["MOBILE", "EMAIL"])

/**
 * The type of `OtpEntityType`.
 *
 * @since 0.2.0
 * @category enumerations
 */
export type OtpEntityType = typeof OtpEntityType.Type

/**
 * What the OTP confirms: a coupon or points redemption, a registration, a group or subscription change, a points
 * transfer, a status or identifier change, a card issue, or another purpose (`GENERIC`).
 *
 * @since 0.2.0
 * @category enumerations
 */
export const OtpAction = caseInsensitive([
  "COUPON",
  "POINTS",
  "REGISTRATION",
  "USERGROUP",
  "SUBSCRIPTION",
  "GENERIC",
  "POINTSTRANSFER",
  "CUSTOMER_STATUS_UPDATE",
  "CUSTOMER_IDENTIFIER_CHANGE",
  "CUSTOMER_ISSUE_LINK_CARD"
])

/**
 * The type of `OtpAction`.
 *
 * @since 0.2.0
 * @category enumerations
 */
export type OtpAction = typeof OtpAction.Type

/**
 * How the OTP is delivered: SMS, email, a voice call (`PHONE`), WhatsApp, Zalo (`MOBILE` and `BOTH` are older
 * names Capillary still lists).
 *
 * @since 0.2.0
 * @category enumerations
 */
export const OtpChannelType = caseInsensitive(["SMS", "EMAIL", "PHONE", "MOBILE", "BOTH", "WHATSAPP", "ZALO"])

/**
 * The type of `OtpChannelType`.
 *
 * @since 0.2.0
 * @category enumerations
 */
export type OtpChannelType = typeof OtpChannelType.Type

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

const isMobile = Schema.is(Customer.Mobile)
const isEmail = Schema.is(Customer.Email)

/** The channel types whose value is a mobile number, and the one whose value is an email address. */
const mobileChannels: ReadonlySet<string> = new Set(["SMS", "PHONE", "MOBILE", "WHATSAPP"])

const placeholder = /\{\{\s*validation_code\s*\}\}/g

/** What is wrong with a template, if anything: it must show the code exactly once. */
const templateIssue = (template: string): string | undefined => {
  const count = template.match(placeholder)?.length ?? 0
  return count === 1 ? undefined : "a template holds the {{ validation_code }} placeholder exactly once"
}

/** What is wrong with an entity value of a type, if anything. */
const entityIssue = (type: OtpEntityType, value: string): string | undefined => {
  if (value.trim() === "") return "the entity value is empty"
  if (type === "MOBILE" && !isMobile(value)) return "a mobile number is 8 to 15 digits, country code included"
  if (type === "EMAIL" && !isEmail(value)) return "an email address is local@domain.tld, at most 255 characters"
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------------------------

/**
 * An OTP code on the wire: 4 to 10 letters or digits.
 *
 * @since 0.2.0
 * @category codes
 */
export const OtpCodeValue = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9]{4,10}$/, { message: "an OTP code is 4 to 10 letters or digits" })
)

/**
 * An OTP code, held `Redacted` so it never prints; sent and received as the plain string.
 *
 * @since 0.2.0
 * @category codes
 */
export const OtpCode = Schema.RedactedFromValue(OtpCodeValue)

/**
 * The type of `OtpCode`.
 *
 * @since 0.2.0
 * @category codes
 */
export type OtpCode = typeof OtpCode.Type

// ---------------------------------------------------------------------------------------------------------------
// Generate
// ---------------------------------------------------------------------------------------------------------------

/**
 * A delivery channel: its type and where to send (a mobile number for SMS, voice and WhatsApp, an email address
 * for EMAIL).
 *
 * @since 0.2.0
 * @category generate
 */
export const OtpChannel = Schema.Struct({
  type: OtpChannelType,
  value: Schema.String
}).check(Schema.makeFilter((channel) => {
  if (channel.value.trim() === "") return { path: ["value"], issue: "the channel value is empty" }
  if (mobileChannels.has(channel.type) && !isMobile(channel.value)) {
    return { path: ["value"], issue: `a ${channel.type} channel is sent to a mobile number of 8 to 15 digits` }
  }
  return channel.type === "EMAIL" && !isEmail(channel.value)
    ? { path: ["value"], issue: "an EMAIL channel is sent to an email address" }
    : undefined
}))

/**
 * The type of `OtpChannel`.
 *
 * @since 0.2.0
 * @category generate
 */
export type OtpChannel = typeof OtpChannel.Type

/**
 * The subject and body of the OTP email; the body shows the code through `{{ validation_code }}`.
 *
 * @since 0.2.0
 * @category generate
 */
export const EmailTemplate = Schema.Struct({
  subject: Schema.String,
  body: Schema.String.check(Schema.makeFilter(templateIssue))
})

/**
 * The body of `POST /v2/otp/generate`: whom (entity type and value), for what (action), through which channels,
 * and optionally the SMS, email, WhatsApp or Zalo template. A WhatsApp channel needs `whatsappTemplateName`
 * (Capillary's 607), a Zalo channel `zaloTemplateIdentifier` (621).
 *
 * @since 0.2.0
 * @category generate
 */
export const OtpGenerate = Schema.Struct({
  entityType: OtpEntityType,
  entityValue: Schema.String,
  action: OtpAction,
  /** The SMS template; Capillary's own when absent. */
  template: Schema.optional(Schema.String.check(Schema.makeFilter(templateIssue))),
  emailTemplate: Schema.optional(EmailTemplate),
  whatsappTemplateName: Schema.optional(Schema.String.check(Schema.isNonEmpty())),
  zaloTemplateIdentifier: Schema.optional(Schema.String.check(Schema.isNonEmpty())),
  channels: Schema.NonEmptyArray(OtpChannel)
}).check(Schema.makeFilter((request) => {
  const entity = entityIssue(request.entityType, request.entityValue)
  if (entity !== undefined) return { path: ["entityValue"], issue: entity }
  const types = new Set(request.channels.map((channel) => channel.type))
  if (types.has("WHATSAPP") && request.whatsappTemplateName === undefined) {
    return { path: ["whatsappTemplateName"], issue: "a WHATSAPP channel needs whatsappTemplateName" }
  }
  return types.has("ZALO") && request.zaloTemplateIdentifier === undefined
    ? { path: ["zaloTemplateIdentifier"], issue: "a ZALO channel needs zaloTemplateIdentifier" }
    : undefined
}))

/**
 * The type of `OtpGenerate`.
 *
 * @since 0.2.0
 * @category generate
 */
export type OtpGenerate = typeof OtpGenerate.Type

/**
 * The answer to a generate: the id of the OTP request. Capillary documents that a generate repeated while the
 * previous OTP is still valid sends that same code again and answers `createdId` 1.
 *
 * @since 0.2.0
 * @category generate
 */
export const OtpCreated = Schema.Struct({
  createdId: Schema.Int,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `OtpCreated`.
 *
 * @since 0.2.0
 * @category generate
 */
export type OtpCreated = typeof OtpCreated.Type

// ---------------------------------------------------------------------------------------------------------------
// Validate
// ---------------------------------------------------------------------------------------------------------------

/**
 * The body of `POST /v2/otp/validate`: the entity the OTP was sent for, the code the customer gives, and the
 * action it was issued for (any action when absent).
 *
 * @since 0.2.0
 * @category validate
 */
export const OtpValidate = Schema.Struct({
  entityType: OtpEntityType,
  entityValue: Schema.String,
  code: OtpCode,
  action: Schema.optional(OtpAction)
}).check(Schema.makeFilter((request) => {
  const entity = entityIssue(request.entityType, request.entityValue)
  return entity === undefined ? undefined : { path: ["entityValue"], issue: entity }
}))

/**
 * The type of `OtpValidate`.
 *
 * @since 0.2.0
 * @category validate
 */
export type OtpValidate = typeof OtpValidate.Type

/**
 * The answer to a validate: `entity` is whether the code is the valid OTP of the entity. A code that does not
 * match is `false`, not an error envelope.
 *
 * @since 0.2.0
 * @category validate
 */
export const OtpValidation = Schema.Struct({
  entity: Schema.Boolean,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `OtpValidation`.
 *
 * @since 0.2.0
 * @category validate
 */
export type OtpValidation = typeof OtpValidation.Type

// ---------------------------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------------------------

/**
 * The identifiers a customer's OTP is read by (Capillary lists `external_id`; the v2 customers API names it
 * `externalId`; both are accepted).
 *
 * @since 0.2.0
 * @category read
 */
export const OtpIdentifierName = Schema.Literals(["mobile", "email", "externalId", "external_id", "wechat"])

/**
 * The type of `OtpIdentifierName`.
 *
 * @since 0.2.0
 * @category read
 */
export type OtpIdentifierName = typeof OtpIdentifierName.Type

/**
 * The query of `GET /v2/otp`: the customer (identifier, source, account), how recent the OTP must be
 * (`threshold`, in seconds) and what it was issued for (`scope`).
 *
 * @since 0.2.0
 * @category read
 */
export const OtpQuery = Schema.Struct({
  source: Schema.optional(Customer.LookupSource),
  accountId: Schema.optional(Schema.String),
  identifierName: OtpIdentifierName,
  identifierValue: Schema.String.check(Schema.isNonEmpty()),
  threshold: Schema.optional(
    Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(Schema.isGreaterThan(0))))
  ),
  scope: Schema.optional(OtpAction)
}).check(Schema.makeFilter((query) => {
  if (query.identifierName === "mobile" && !isMobile(query.identifierValue)) {
    return { path: ["identifierValue"], issue: "a mobile number is 8 to 15 digits, country code included" }
  }
  return query.identifierName === "email" && !isEmail(query.identifierValue)
    ? { path: ["identifierValue"], issue: "an email address is local@domain.tld, at most 255 characters" }
    : undefined
}))

/**
 * The type of `OtpQuery`.
 *
 * @since 0.2.0
 * @category read
 */
export type OtpQuery = typeof OtpQuery.Type

/**
 * The latest valid OTP of a customer: the organisation, the customer, the code (`Redacted`) and until when it is
 * valid (ISO-8601 with offset).
 *
 * @since 0.2.0
 * @category read
 */
export const OtpDetails = Schema.Struct({
  orgId: Schema.Int,
  userId: Customer.CustomerId,
  code: OtpCode,
  validUpto: Schema.String,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `OtpDetails`.
 *
 * @since 0.2.0
 * @category read
 */
export type OtpDetails = typeof OtpDetails.Type
