/**
 * The customer as Capillary's v1.1 API sends and receives it: the wire conventions of v1.1 (a `{"root": {...}}`
 * request, a `{"response": {"status": ..., ...}}` answer with an `item_status` on each item, numbers sent as
 * strings, collections wrapped as `{"field": [...]}` that may hold one object instead of an array, dates as
 * `YYYY-MM-DD HH:MM:SS` in the cluster's time zone), the register and update requests, the identity change
 * request, and the reads: a customer, their transactions, their points and coupon redemptions and their coupons.
 *
 * Requests carry Capillary's own validation (mobile numbers 8 to 15 digits, emails, external ids of at most 250
 * characters, names of at most 100, dates in the v1.1 format, one identifier at least), so a bad request fails
 * before anything is sent. Answers are read as Capillary's documentation shows them, loose types included: the
 * same field comes as a number or a string, a collection as an array or a single object, and some documented
 * answers leave out the `response` wrapper (every answer schema here accepts both and reads the wrapped form).
 *
 * Assumed where the documentation gives no shape: `card_details` of the customer read (a `card` list of
 * `{card_number, card_external_id, series_id, status_label}`, the fields the v2 card identifiers carry), and, in
 * the coupons read, `series_id`, `description` and `status` of each coupon beyond the documented fields.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import * as Customer from "./Customer.ts"

// ---------------------------------------------------------------------------------------------------------------
// Wire conventions
// ---------------------------------------------------------------------------------------------------------------

/**
 * A value v1.1 sends either as a string or as a number (`"user_id": 15` and `"user_id": "15"`), read as a
 * string.
 *
 * @since 0.2.0
 * @category wire
 */
export const LooseString = Schema.Union([Schema.String, Schema.Finite]).pipe(
  Schema.decodeTo(Schema.String, {
    decode: SchemaGetter.transform((value) => (typeof value === "number" ? String(value) : value)),
    encode: SchemaGetter.transform((value): string | number => value)
  })
)

const dateTimePattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
const dateTimeMessage = "a v1.1 date is YYYY-MM-DD HH:MM:SS, e.g. 2016-09-11 11:11:11"

/**
 * A date and time in a v1.1 request: `YYYY-MM-DD HH:MM:SS` in the cluster's time zone (any offset is ignored by
 * Capillary), or empty for none.
 *
 * @since 0.2.0
 * @category wire
 */
export const DateTime = Schema.String.check(
  Schema.makeFilter((value) =>
    value === "" || (dateTimePattern.test(value) && !Number.isNaN(Date.parse(value.replace(" ", "T") + "Z")))
      ? undefined
      : dateTimeMessage
  )
)

const datePattern = /^\d{4}-\d{2}-\d{2}$/

/**
 * A date in a v1.1 query (`YYYY-MM-DD`); `start_date` / `end_date` of some reads also take a time
 * (`YYYY-MM-DD HH:MM:SS`).
 *
 * @since 0.2.0
 * @category wire
 */
export const QueryDate = Schema.String.check(
  Schema.makeFilter((value) =>
    (datePattern.test(value) || dateTimePattern.test(value)) &&
      !Number.isNaN(Date.parse(value.slice(0, 10) + "T00:00:00Z"))
      ? undefined
      : "a v1.1 query date is YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS)"
  )
)

/**
 * Formats epoch milliseconds as v1.1 writes dates: `YYYY-MM-DD HH:MM:SS`, here in UTC (the emulator's cluster
 * time zone).
 *
 * @since 0.2.0
 * @category wire
 */
export const formatDateTime = (millis: number): string => new Date(millis).toISOString().slice(0, 19).replace("T", " ")

/**
 * Reads a v1.1 date (`YYYY-MM-DD HH:MM:SS`, or a date alone) in UTC as epoch milliseconds; undefined when it is
 * not one.
 *
 * @since 0.2.0
 * @category wire
 */
export const parseDateTime = (value: string): number | undefined => {
  const text = datePattern.test(value) ? `${value}T00:00:00Z` : `${value.replace(" ", "T")}Z`
  const millis = Date.parse(text)
  return (datePattern.test(value) || dateTimePattern.test(value)) && !Number.isNaN(millis) ? millis : undefined
}

/**
 * A v1.1 boolean flag in a query string: `true` or `false`.
 *
 * @since 0.2.0
 * @category wire
 */
export const Flag = Schema.Literals(["true", "false"]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === "true"),
    encode: SchemaGetter.transform((value): "true" | "false" => (value ? "true" : "false"))
  })
)

/**
 * A non-negative whole number in a query string.
 *
 * @since 0.2.0
 * @category wire
 */
export const CountFromString = Schema.FiniteFromString.pipe(
  Schema.decodeTo(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
)

/**
 * A collection v1.1 wraps under a key (`{"field": [...]}`), read as its items; a single object or a missing or
 * empty value stands for the items it holds. Written back wrapped, as an array.
 *
 * @since 0.2.0
 * @category wire
 */
export const Wrapped = <const K extends string, S extends Schema.Top>(key: K, item: S) =>
  Schema.Union([
    Schema.Struct({
      [key]: Schema.optional(Schema.NullOr(Schema.Union([Schema.Array(item), item, Schema.Literal("")])))
    }),
    Schema.Array(item),
    Schema.Literal("")
  ]).pipe(
    Schema.decodeTo(Schema.Array(Schema.toType(item)), {
      decode: SchemaGetter.transform((value: unknown) => {
        const inner = Array.isArray(value) || value === "" ? value : (value as Record<string, unknown>)[key]
        if (inner === undefined || inner === null || inner === "") return [] as never
        return (Array.isArray(inner) ? inner : [inner]) as never
      }),
      encode: SchemaGetter.transform((items) => ({ [key]: items }) as never)
    })
  )

/**
 * A custom or extended field: `{name, value}` (values come as strings, sometimes as numbers).
 *
 * @since 0.2.0
 * @category fields
 */
export const Field = Schema.Struct({ name: Schema.String, value: Schema.NullOr(LooseString) })

/**
 * The type of `Field`.
 *
 * @since 0.2.0
 * @category fields
 */
export type Field = typeof Field.Type

/**
 * A `custom_fields` / `extended_fields` object: `{"field": [{name, value}, ...]}`, read as the list of fields.
 *
 * @since 0.2.0
 * @category fields
 */
export const Fields = Wrapped("field", Field)

/**
 * The warning codes of an item: `{"warning": ["1017"]}`, `{"warning": []}` or `[]`.
 *
 * @since 0.2.0
 * @category status
 */
export const Warnings = Schema.Union([
  Schema.Struct({ warning: Schema.optional(Schema.NullOr(Envelope.V11List(Envelope.LooseNumber))) }),
  Schema.Array(Envelope.LooseNumber)
]).pipe(
  Schema.decodeTo(Schema.Array(Schema.Finite), {
    decode: SchemaGetter.transform((value) => (Array.isArray(value) ? value : (value as any).warning ?? []) as never),
    encode: SchemaGetter.transform((codes) => ({ warning: codes }) as never)
  })
)

/**
 * The `item_status` of one item of a v1.1 answer: whether it succeeded, its code (1000 and such on success,
 * the reason on failure), the message and any warning codes.
 *
 * @since 0.2.0
 * @category status
 */
export const ItemStatus = Schema.Struct({
  success: Envelope.LooseBoolean,
  code: Envelope.LooseNumber,
  message: Schema.String,
  warnings: Schema.optional(Warnings)
})

/**
 * The type of `ItemStatus`.
 *
 * @since 0.2.0
 * @category status
 */
export type ItemStatus = typeof ItemStatus.Type

/**
 * The `status` of a v1.1 answer: 200 when every item succeeded, 201 when some failed, 500 when all failed, with
 * the number of items and of successes. The interaction read calls the code `response_code`.
 *
 * @since 0.2.0
 * @category status
 */
export const Status = Schema.Struct({
  success: Envelope.LooseBoolean,
  code: Schema.optional(Envelope.LooseNumber),
  response_code: Schema.optional(Envelope.LooseNumber),
  message: Schema.String,
  total: Schema.optional(Envelope.LooseNumber),
  success_count: Schema.optional(Envelope.LooseNumber)
})

/**
 * The type of `Status`.
 *
 * @since 0.2.0
 * @category status
 */
export type Status = typeof Status.Type

/**
 * A v1.1 answer: `{"response": {"status": ..., ...content}}`. A body without the `response` wrapper (as some
 * documented examples show it) is read as if it had one; it is always written wrapped.
 *
 * @since 0.2.0
 * @category wire
 */
export const Body = <const Fields extends Schema.Struct.Fields>(content: Fields) => {
  const inner = Schema.Struct({ status: Status, ...content })
  const wrapped = Schema.Struct({ response: inner })
  return Schema.Union([wrapped, inner]).pipe(
    Schema.decodeTo(Schema.toType(wrapped), {
      decode: SchemaGetter.transform((value: unknown) =>
        (typeof value === "object" && value !== null && "response" in value ? value : { response: value }) as never
      ),
      encode: SchemaGetter.passthrough()
    })
  )
}

/**
 * The request status of a batch from its items' statuses: 200 when all succeeded, 201 when some failed, 500 when
 * all failed, with `total` and `success_count`.
 *
 * @since 0.2.0
 * @category status
 */
export const batchStatus = (items: ReadonlyArray<{ readonly item_status?: ItemStatus | undefined }>): Status => {
  const succeeded = items.filter((item) => item.item_status?.success !== false).length
  const all = succeeded === items.length
  const none = succeeded === 0
  return {
    success: !none,
    code: all ? 200 : none ? 500 : 201,
    message: all
      ? "Success"
      : none
      ? "All requests have failed due to errors"
      : "Some requests have failed due to errors",
    total: items.length,
    success_count: succeeded
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers
// ---------------------------------------------------------------------------------------------------------------

const mobilePattern = /^\d{8,15}$/
const isEmail = Schema.is(Customer.Email)

/**
 * Whether a value is a mobile number as Capillary accepts it (8 to 15 digits, country code included).
 *
 * @since 0.2.0
 * @category identifiers
 */
export const isMobile = (value: string): boolean => mobilePattern.test(value)

/**
 * Whether a value is an email address as Capillary accepts it.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const isEmailAddress = (value: string): boolean => isEmail(value)

/**
 * Whether a value is an external id as Capillary accepts it: 1 to 250 characters, not blank.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const isExternalId = (value: string): boolean => value.trim() !== "" && value.length <= 250

/**
 * A mobile number in a v1.1 request (a string, or a number as some clients send it); empty means none.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const MobileValue = LooseString.check(
  Schema.makeFilter((value) =>
    value === "" || isMobile(value) ? undefined : "a mobile number is 8 to 15 digits, country code included"
  )
)

/**
 * An email address in a v1.1 request; empty means none.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const EmailValue = Schema.String.check(
  Schema.makeFilter((value) => value === "" || isEmail(value) ? undefined : "an email address is local@domain.tld")
)

/**
 * An external id in a v1.1 request: at most 250 characters; empty means none.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const ExternalIdValue = Schema.String.check(
  Schema.isMaxLength(250, { message: "an external id is at most 250 characters" })
)

/**
 * The identifier types a v1.1 read or write names a customer by.
 *
 * @since 0.2.0
 * @category identifiers
 */
export type IdentifierType = "id" | "mobile" | "email" | "external_id"

/**
 * An identifier of a customer in v1.1 terms.
 *
 * @since 0.2.0
 * @category identifiers
 */
export interface Identifier {
  readonly type: IdentifierType
  readonly value: string
}

/**
 * The identifiers of a record, in the order Capillary looks a customer up: `id` (or `user_id`), mobile, email,
 * external id; empty values are left out.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const identifiersOf = (record: {
  readonly id?: string | undefined
  readonly user_id?: string | undefined
  readonly mobile?: string | undefined
  readonly email?: string | undefined
  readonly external_id?: string | undefined
}): ReadonlyArray<Identifier> => {
  const candidates: ReadonlyArray<readonly [IdentifierType, string | undefined]> = [
    ["id", record.id],
    ["id", record.user_id],
    ["mobile", record.mobile],
    ["email", record.email],
    ["external_id", record.external_id]
  ]
  return candidates.flatMap(([type, value]) =>
    value === undefined || value.trim() === "" ? [] : [{ type, value: value.trim() }]
  )
}

/**
 * The customers a read names: each value of the first identifier given (`mobile=919...,919...`: Capillary reads
 * several customers of one identifier type, separated by commas).
 *
 * @since 0.2.0
 * @category identifiers
 */
export const requestedIdentifiers = (query: {
  readonly id?: string | undefined
  readonly mobile?: string | undefined
  readonly email?: string | undefined
  readonly external_id?: string | undefined
}): ReadonlyArray<Identifier> => {
  // Only these four name customers in a query (`user_id` there is a flag).
  const [first] = identifiersOf({
    id: query.id,
    mobile: query.mobile,
    email: query.email,
    external_id: query.external_id
  })
  if (first === undefined) return []
  return first.value.split(",").map((value) => value.trim()).filter((value) => value !== "").map((value) => ({
    type: first.type,
    value
  }))
}

const identifierQueryFields = {
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  external_id: Schema.optional(Schema.String),
  id: Schema.optional(Schema.String)
}

const namesACustomer = Schema.makeFilter((query: {
  readonly mobile?: string | undefined
  readonly email?: string | undefined
  readonly external_id?: string | undefined
  readonly id?: string | undefined
}) =>
  requestedIdentifiers(query).length > 0
    ? undefined
    : "a v1.1 customer read needs the customer's mobile, email, external_id or id"
)

/**
 * The identifier part of a v1.1 read: `mobile`, `email`, `external_id` or `id` (the first one given is used;
 * several customers of that type may be read at once, their values separated by commas).
 *
 * @since 0.2.0
 * @category identifiers
 */
export const IdentifierQuery = Schema.Struct(identifierQueryFields).check(namesACustomer)

/**
 * The type of `IdentifierQuery`.
 *
 * @since 0.2.0
 * @category identifiers
 */
export type IdentifierQuery = typeof IdentifierQuery.Type

/**
 * Extends the identifier query of a v1.1 read with more parameters, keeping the rule that a customer is named.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const queryWith = <const Fields extends Schema.Struct.Fields>(fields: Fields) =>
  Schema.Struct({ ...identifierQueryFields, ...fields }).check(namesACustomer)

// ---------------------------------------------------------------------------------------------------------------
// Register and update
// ---------------------------------------------------------------------------------------------------------------

/**
 * The registration types: a loyalty member, a customer who registered identifiers only, or one who did neither.
 *
 * @since 0.2.0
 * @category register
 */
export const customerTypes = ["LOYALTY", "NON_LOYALTY", "NOT_INTERESTED"] as const

/**
 * The sources a v1.1 registration names.
 *
 * @since 0.2.0
 * @category register
 */
export const sources = [
  "INSTORE",
  "ECOMM",
  "NEWSLETTER",
  "CAMPAIGNS",
  "NCA",
  "WECHAT",
  "MARTJACK",
  "WEB_ENGAGE",
  "ECOMMERCE",
  "JD",
  "TAOBAO",
  "TMALL",
  "FACEBOOK",
  "WEBSITE",
  "KAOLA",
  "PINDUODUO",
  "SUNING",
  "GLOBAL_SCANNER",
  "XIAOHONGSHU",
  "OTHERS"
] as const

/**
 * The test and control groups.
 *
 * @since 0.2.0
 * @category register
 */
export const testControlStatuses = ["TEST", "CONTROL", "INVALID"] as const

/**
 * The NDNC (do not call / disturb) statuses.
 *
 * @since 0.2.0
 * @category register
 */
export const ndncStatuses = ["NDNC", "INVALID", "DND", "UNKNOWN"] as const

/**
 * The fraud statuses an update can set.
 *
 * @since 0.2.0
 * @category register
 */
export const fraudStatuses = ["CONFIRMED", "NONE"] as const

/** A string whose upper-case form is one of the values (Capillary reads these without regard to case); empty allowed. */
const oneOf = (values: ReadonlyArray<string>, what: string) =>
  Schema.String.check(
    Schema.makeFilter((value) =>
      value === "" || values.includes(value.toUpperCase()) ? undefined : `${what} is one of ${values.join(", ")}`
    )
  )

/**
 * A subscription in a registration or update (`priority` TRANS or BULK, `channel` sms or email,
 * `is_subscribed` 1 or 0). Subscriptions have endpoints of their own; see the module documentation of the
 * emulator for what it does with these.
 *
 * @since 0.2.0
 * @category register
 */
export const SubscriptionInput = Schema.Struct({
  priority: Schema.String,
  scope: Schema.optional(Schema.String),
  is_subscribed: LooseString,
  channel: Schema.String
})

const profileFields = {
  firstname: Schema.optional(Customer.Name),
  lastname: Schema.optional(Customer.Name),
  registered_on: Schema.optional(DateTime),
  updated_on: Schema.optional(DateTime),
  registered_till: Schema.optional(Schema.String.check(Schema.isMaxLength(50))),
  associated_with: Schema.optional(Schema.String.check(Schema.isMaxLength(50))),
  type: Schema.optional(oneOf(customerTypes, "type")),
  test_control_status: Schema.optional(oneOf(testControlStatuses, "test_control_status")),
  ndnc_status: Schema.optional(oneOf(ndncStatuses, "ndnc_status")),
  subscriptions: Schema.optional(Wrapped("subscription", SubscriptionInput)),
  custom_fields: Schema.optional(Fields),
  extended_fields: Schema.optional(Fields)
}

/**
 * A customer to register with `customer/add`: at least one of mobile, email and external id (the org's primary
 * identifier is one of them), names, registration date and till, type, source, groups, fields and
 * subscriptions.
 *
 * @since 0.2.0
 * @category register
 */
export const CustomerInput = Schema.Struct({
  mobile: Schema.optional(MobileValue),
  email: Schema.optional(EmailValue),
  external_id: Schema.optional(ExternalIdValue),
  ...profileFields,
  referral_code: Schema.optional(Schema.String),
  source: Schema.optional(oneOf(sources, "source")),
  accountId: Schema.optional(Schema.String)
}).check(Schema.makeFilter((customer) =>
  identifiersOf(customer).length > 0
    ? undefined
    : "a customer is registered with a mobile number, an email or an external id (1007)"
))

/**
 * The type of `CustomerInput`.
 *
 * @since 0.2.0
 * @category register
 */
export type CustomerInput = typeof CustomerInput.Type

/**
 * The most customers one v1.1 batch may carry (1060 beyond).
 *
 * @since 0.2.0
 * @category register
 */
export const maxBatch = 100

/**
 * The body of `customer/add`: `{"root": {"customer": [...]}}`, 1 to 100 customers.
 *
 * @since 0.2.0
 * @category register
 */
export const AddRequest = Schema.Struct({
  root: Schema.Struct({
    customer: Envelope.V11List(CustomerInput).check(Schema.isMinLength(1), Schema.isMaxLength(maxBatch))
  })
})

/**
 * The type of `AddRequest`.
 *
 * @since 0.2.0
 * @category register
 */
export type AddRequest = typeof AddRequest.Type

/**
 * A customer's change with `customer/update`: the customer (by `id` / `user_id`, mobile, email or external id;
 * the first given names them), and what changes: names, dates and tills, type (non-loyalty to loyalty only),
 * groups, fraud status, fields; an identifier the customer does not have yet is added.
 *
 * @since 0.2.0
 * @category update
 */
export const CustomerUpdate = Schema.Struct({
  id: Schema.optional(LooseString),
  user_id: Schema.optional(LooseString),
  mobile: Schema.optional(MobileValue),
  email: Schema.optional(EmailValue),
  external_id: Schema.optional(ExternalIdValue),
  ...profileFields,
  fraud_status: Schema.optional(Schema.Struct({ status: oneOf(fraudStatuses, "fraud_status.status") }))
}).check(Schema.makeFilter((customer) =>
  identifiersOf(customer).length > 0
    ? undefined
    : "an update names the customer by id, mobile, email or external id"
))

/**
 * The type of `CustomerUpdate`.
 *
 * @since 0.2.0
 * @category update
 */
export type CustomerUpdate = typeof CustomerUpdate.Type

/**
 * The body of `customer/update`: one customer (the endpoint takes no batch).
 *
 * @since 0.2.0
 * @category update
 */
export const UpdateRequest = Schema.Struct({
  root: Schema.Struct({
    customer: Envelope.V11List(CustomerUpdate).check(Schema.isMinLength(1), Schema.isMaxLength(1))
  })
})

/**
 * The type of `UpdateRequest`.
 *
 * @since 0.2.0
 * @category update
 */
export type UpdateRequest = typeof UpdateRequest.Type

/**
 * An identity change request: which identifier (`mobile`, `email`, `external_id`), its current value and the new
 * one, which must be valid for its type.
 *
 * @since 0.2.0
 * @category update
 */
export const IdentityChange = Schema.Struct({
  identifier: Schema.Literals(["mobile", "email", "external_id"]),
  old_value: LooseString.check(Schema.isMinLength(1)),
  new_value: LooseString.check(Schema.isMinLength(1))
}).check(Schema.makeFilter((change) => {
  const valid = change.identifier === "mobile"
    ? isMobile(change.new_value)
    : change.identifier === "email"
    ? isEmail(change.new_value)
    : isExternalId(change.new_value)
  if (!valid) return { path: ["new_value"], issue: `the new value is not a valid ${change.identifier}` }
  return change.old_value === change.new_value
    ? { path: ["new_value"], issue: "the new value is the current one" }
    : undefined
}))

/**
 * The type of `IdentityChange`.
 *
 * @since 0.2.0
 * @category update
 */
export type IdentityChange = typeof IdentityChange.Type

/**
 * The body of `customer/update_identity`: one change request.
 *
 * @since 0.2.0
 * @category update
 */
export const IdentityChangeRequest = Schema.Struct({
  root: Schema.Struct({
    customer: Envelope.V11List(IdentityChange).check(Schema.isMinLength(1), Schema.isMaxLength(1))
  })
})

/**
 * The type of `IdentityChangeRequest`.
 *
 * @since 0.2.0
 * @category update
 */
export type IdentityChangeRequest = typeof IdentityChangeRequest.Type

/**
 * An identity change request as answered: the change, `updated` (the request was taken) and its item status
 * (1040 on success; the request stays pending until Capillary's team approves it).
 *
 * @since 0.2.0
 * @category update
 */
export const IdentityChangeResult = Schema.Struct({
  identifier: Schema.String,
  old_value: Schema.optional(LooseString),
  new_value: Schema.optional(LooseString),
  updated: Schema.optional(Envelope.LooseBoolean),
  item_status: Schema.optional(ItemStatus)
})

/**
 * The answer to `customer/update_identity`.
 *
 * @since 0.2.0
 * @category update
 */
export const IdentityChangeResponse = Body({
  customers: Schema.Struct({ customer: Envelope.V11List(IdentityChangeResult) })
})

/**
 * The type of `IdentityChangeResponse`.
 *
 * @since 0.2.0
 * @category update
 */
export type IdentityChangeResponse = typeof IdentityChangeResponse.Type

// ---------------------------------------------------------------------------------------------------------------
// The customer, as v1.1 answers it
// ---------------------------------------------------------------------------------------------------------------

/**
 * A program's points of a customer (`points_summaries.points_summary[]`), numbers as strings as v1.1 sends them;
 * `totalPoints` is often empty.
 *
 * @since 0.2.0
 * @category read
 */
export const PointsSummary = Schema.Struct({
  programId: Schema.optional(Envelope.LooseNumber),
  redeemed: Schema.optional(Envelope.LooseNumber),
  expired: Schema.optional(Envelope.LooseNumber),
  returned: Schema.optional(Envelope.LooseNumber),
  adjusted: Schema.optional(Envelope.LooseNumber),
  lifetimePoints: Schema.optional(Envelope.LooseNumber),
  loyaltyPoints: Schema.optional(Envelope.LooseNumber),
  cumulativePurchases: Schema.optional(Envelope.LooseNumber),
  currentSlab: Schema.optional(Schema.String),
  nextSlab: Schema.optional(Schema.String),
  nextSlabSerialNumber: Schema.optional(Envelope.LooseNumber),
  nextSlabDescription: Schema.optional(Schema.String),
  slabSNo: Schema.optional(Envelope.LooseNumber),
  slabExpiryDate: Schema.optional(Schema.String),
  totalPoints: Schema.optional(LooseString)
})

/**
 * The type of `PointsSummary`.
 *
 * @since 0.2.0
 * @category read
 */
export type PointsSummary = typeof PointsSummary.Type

/**
 * A store or till by code and name.
 *
 * @since 0.2.0
 * @category read
 */
export const CodeName = Schema.Struct({
  code: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String)
})

/**
 * A coupon of a customer, as the customer read lists it.
 *
 * @since 0.2.0
 * @category read
 */
export const CouponBrief = Schema.Struct({
  id: Schema.optional(LooseString),
  series_id: Schema.optional(LooseString),
  code: Schema.String,
  description: Schema.optional(Schema.String),
  created_date: Schema.optional(Schema.String),
  valid_till: Schema.optional(Schema.String),
  redeemed: Schema.optional(Envelope.LooseBoolean)
})

/**
 * The type of `CouponBrief`.
 *
 * @since 0.2.0
 * @category read
 */
export type CouponBrief = typeof CouponBrief.Type

/**
 * A list v1.1 sends either as an array or wrapped under a key (`"coupons": [...]` in JSON, `<coupons><coupon>`
 * in XML), read as the items and written as a plain array.
 *
 * @since 0.2.0
 * @category wire
 */
export const ArrayOrWrapped = <const K extends string, S extends Schema.Top>(key: K, item: S) =>
  Schema.Union([Schema.Array(item), Wrapped(key, item)]).pipe(
    Schema.decodeTo(Schema.Array(Schema.toType(item)), {
      decode: SchemaGetter.passthrough(),
      encode: SchemaGetter.passthrough()
    })
  )

/**
 * A note on a customer.
 *
 * @since 0.2.0
 * @category read
 */
export const Note = Schema.Struct({
  id: Schema.optional(LooseString),
  date: Schema.optional(Schema.String),
  added_on: Schema.optional(Schema.String),
  description: Schema.String
})

/**
 * The type of `Note`.
 *
 * @since 0.2.0
 * @category read
 */
export type Note = typeof Note.Type

/**
 * A card of the customer (assumed shape: the fields the v2 card identifiers carry).
 *
 * @since 0.2.0
 * @category read
 */
export const Card = Schema.Struct({
  card_number: Schema.String,
  card_external_id: Schema.optional(Schema.String),
  series_id: Schema.optional(LooseString),
  status_label: Schema.optional(Schema.String)
})

/**
 * A transaction of a customer, as `customer/transactions` (and the customer read) list them.
 *
 * @since 0.2.0
 * @category transactions
 */
export const Transaction = Schema.Struct({
  id: Schema.optional(LooseString),
  number: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  amount: Schema.optional(Envelope.LooseNumber),
  notes: Schema.optional(Schema.String),
  billing_time: Schema.optional(Schema.String),
  gross_amount: Schema.optional(Envelope.LooseNumber),
  discount: Schema.optional(Envelope.LooseNumber),
  store: Schema.optional(Schema.Json),
  points: Schema.optional(Schema.Struct({
    issued: Schema.optional(Envelope.LooseNumber),
    redeemed: Schema.optional(Envelope.LooseNumber)
  })),
  coupons: Schema.optional(Schema.Json),
  basket_size: Schema.optional(Envelope.LooseNumber),
  line_items: Schema.optional(Schema.Json)
})

/**
 * The type of `Transaction`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type Transaction = typeof Transaction.Type

const nullableString = Schema.optional(Schema.NullOr(LooseString))

/**
 * A customer, as the v1.1 customer answers carry it: identifiers (absent or null when the customer has none),
 * names, points and tier, registration and update dates, type and source, groups and fraud status, fields,
 * subscriptions and side effects (register and update), and, in a read, the registering store and till, fraud
 * details, recent transactions, coupons, notes and cards; with its `item_status`. A failed item carries the
 * identifier it was asked for and its status only.
 *
 * @since 0.2.0
 * @category read
 */
export const Customer11 = Schema.Struct({
  user_id: nullableString,
  id: nullableString,
  firstname: nullableString,
  lastname: nullableString,
  mobile: nullableString,
  email: nullableString,
  external_id: nullableString,
  lifetime_points: Schema.optional(Envelope.LooseNumber),
  loyalty_points: Schema.optional(Envelope.LooseNumber),
  current_slab: Schema.optional(Schema.String),
  tier_expiry_date: Schema.optional(Schema.String),
  points_summaries: Schema.optional(Wrapped("points_summary", PointsSummary)),
  lifetime_purchases: Schema.optional(Envelope.LooseNumber),
  registered_on: Schema.optional(Schema.String),
  updated_on: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  source: Schema.optional(Schema.String),
  test_control_status: Schema.optional(Schema.String),
  fraud_status: Schema.optional(Schema.String),
  reason: Schema.optional(Schema.String),
  identifiers: Schema.optional(Schema.Json),
  gender: Schema.optional(Schema.String),
  registered_by: Schema.optional(Schema.String),
  registered_store: Schema.optional(CodeName),
  registered_till: Schema.optional(CodeName),
  fraud_details: Schema.optional(Schema.Struct({
    status: Schema.optional(Schema.String),
    marked_by: Schema.optional(Schema.Json),
    modified_on: Schema.optional(Schema.Json)
  })),
  trackers: Schema.optional(Schema.Json),
  current_nps_status: Schema.optional(Schema.Json),
  custom_fields: Schema.optional(Fields),
  extended_fields: Schema.optional(Fields),
  subscriptions: Schema.optional(Wrapped("subscription", Schema.Record(Schema.String, Schema.Json))),
  side_effects: Schema.optional(Wrapped("effect", Schema.Record(Schema.String, Schema.Json))),
  transactions: Schema.optional(Wrapped("transaction", Transaction)),
  coupons: Schema.optional(ArrayOrWrapped("coupon", CouponBrief)),
  notes: Schema.optional(ArrayOrWrapped("note", Note)),
  card_details: Schema.optional(Wrapped("card", Card)),
  item_status: Schema.optional(ItemStatus)
})

/**
 * The type of `Customer11`.
 *
 * @since 0.2.0
 * @category read
 */
export type Customer11 = typeof Customer11.Type

/**
 * The answer to `customer/add`, `customer/update` and `customer/get`: the status and `customers.customer[]`,
 * one item per customer of the request, each with its `item_status`.
 *
 * @since 0.2.0
 * @category read
 */
export const CustomersResponse = Body({
  customers: Schema.Struct({ customer: Envelope.V11List(Customer11) })
})

/**
 * The type of `CustomersResponse`.
 *
 * @since 0.2.0
 * @category read
 */
export type CustomersResponse = typeof CustomersResponse.Type

/**
 * The query of `customer/get`: the customers (see `IdentifierQuery`), whether to include the id (`user_id`), each
 * program's points (`mlp`), the cards (`card_details`), and which coupons (`coupon_limit`, `coupon_offset`,
 * `coupon_order_by`, `coupon_sort_order`).
 *
 * @since 0.2.0
 * @category read
 */
export const GetQuery = queryWith({
  user_id: Schema.optional(Flag),
  mlp: Schema.optional(Flag),
  card_details: Schema.optional(Flag),
  coupon_limit: Schema.optional(CountFromString),
  coupon_offset: Schema.optional(CountFromString),
  coupon_order_by: Schema.optional(Schema.Literals(["created_date", "created_by", "valid_till"])),
  coupon_sort_order: Schema.optional(Schema.Literals(["asc", "desc"]))
})

/**
 * The type of `GetQuery`.
 *
 * @since 0.2.0
 * @category read
 */
export type GetQuery = typeof GetQuery.Type

// ---------------------------------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------------------------------

/**
 * The query of `customer/transactions`: the customers, a period, filters by bill and store, and the order and
 * number of transactions.
 *
 * @since 0.2.0
 * @category transactions
 */
export const TransactionsQuery = queryWith({
  start_date: Schema.optional(QueryDate),
  end_date: Schema.optional(QueryDate),
  transaction_date: Schema.optional(QueryDate),
  amount: Schema.optional(Schema.String),
  number: Schema.optional(Schema.String),
  transaction_id: Schema.optional(Schema.String),
  store_code: Schema.optional(Schema.String),
  till_code: Schema.optional(Schema.String),
  credit_notes: Schema.optional(Flag),
  custom_fields: Schema.optional(Flag),
  limit: Schema.optional(CountFromString),
  sort: Schema.optional(Schema.Literals(["trans_id", "trans_date"])),
  order: Schema.optional(Schema.Literals(["asc", "desc"])),
  mlp: Schema.optional(Flag)
})

/**
 * The type of `TransactionsQuery`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type TransactionsQuery = typeof TransactionsQuery.Type

/**
 * A customer with their transactions (`count` of them in all, `rows` asked for, `start` the first id).
 *
 * @since 0.2.0
 * @category transactions
 */
export const CustomerTransactions = Schema.Struct({
  user_id: nullableString,
  mobile: nullableString,
  email: nullableString,
  external_id: nullableString,
  firstname: nullableString,
  lastname: nullableString,
  lifetime_points: Schema.optional(Envelope.LooseNumber),
  lifetime_purchases: Schema.optional(Envelope.LooseNumber),
  loyalty_points: Schema.optional(Envelope.LooseNumber),
  registered_on: Schema.optional(Schema.String),
  updated_on: Schema.optional(Schema.String),
  current_slab: Schema.optional(Schema.String),
  count: Schema.optional(Envelope.LooseNumber),
  start: Schema.optional(LooseString),
  rows: Schema.optional(Envelope.LooseNumber),
  transactions: Schema.optional(Wrapped("transaction", Transaction)),
  item_status: Schema.optional(ItemStatus)
})

/**
 * The answer to `customer/transactions`: `customer`, one or several.
 *
 * @since 0.2.0
 * @category transactions
 */
export const TransactionsResponse = Body({ customer: Envelope.V11List(CustomerTransactions) })

/**
 * The type of `TransactionsResponse`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type TransactionsResponse = typeof TransactionsResponse.Type

// ---------------------------------------------------------------------------------------------------------------
// Redemptions
// ---------------------------------------------------------------------------------------------------------------

/**
 * The query of `customer/redemptions`: the customers, the kind (`points` or `coupons`), a period (`YYYY-MM-DD`),
 * limits and id ranges per kind, and the order.
 *
 * @since 0.2.0
 * @category redemptions
 */
export const RedemptionsQuery = queryWith({
  type: Schema.optional(Schema.Literals(["points", "coupons"])),
  start_date: Schema.optional(QueryDate),
  end_date: Schema.optional(QueryDate),
  coupons_limit: Schema.optional(CountFromString),
  points_limit: Schema.optional(CountFromString),
  limit: Schema.optional(CountFromString),
  coupons_start_id: Schema.optional(CountFromString),
  coupons_end_id: Schema.optional(CountFromString),
  points_start_id: Schema.optional(CountFromString),
  points_end_id: Schema.optional(CountFromString),
  sort: Schema.optional(Schema.Literals(["redemption_id", "redeemed_time"])),
  order: Schema.optional(Schema.Literals(["asc", "desc"])),
  mlp: Schema.optional(Flag)
})

/**
 * The type of `RedemptionsQuery`.
 *
 * @since 0.2.0
 * @category redemptions
 */
export type RedemptionsQuery = typeof RedemptionsQuery.Type

/**
 * A coupon redemption: the redemption id, the coupon and its series, the bill and when and where.
 *
 * @since 0.2.0
 * @category redemptions
 */
export const CouponRedemption = Schema.Struct({
  id: LooseString,
  code: Schema.optional(Schema.String),
  series_id: Schema.optional(LooseString),
  description: Schema.optional(Schema.String),
  discount_code: Schema.optional(Schema.String),
  discount_type: Schema.optional(Schema.String),
  transaction_number: Schema.optional(Schema.String),
  redeemed_time: Schema.optional(Schema.String),
  redeemed_at: Schema.optional(Schema.String)
})

/**
 * The type of `CouponRedemption`.
 *
 * @since 0.2.0
 * @category redemptions
 */
export type CouponRedemption = typeof CouponRedemption.Type

/**
 * A points redemption: its id, the program, the points, the bill (when one was named) and when and where.
 *
 * @since 0.2.0
 * @category redemptions
 */
export const PointsRedemption = Schema.Struct({
  id: LooseString,
  program_id: Schema.optional(LooseString),
  points_redeemed: Envelope.LooseNumber,
  transaction_number: Schema.optional(Schema.String),
  redeemed_time: Schema.optional(Schema.String),
  redeemed_at: Schema.optional(Schema.String)
})

/**
 * The type of `PointsRedemption`.
 *
 * @since 0.2.0
 * @category redemptions
 */
export type PointsRedemption = typeof PointsRedemption.Type

/**
 * A customer's redemptions: counts of each kind, the first ids, and the coupon and points redemptions.
 *
 * @since 0.2.0
 * @category redemptions
 */
export const CustomerRedemptions = Schema.Struct({
  user_id: nullableString,
  mobile: nullableString,
  email: nullableString,
  external_id: nullableString,
  firstname: nullableString,
  lastname: nullableString,
  rows: Schema.optional(Envelope.LooseNumber),
  coupons_count: Schema.optional(Envelope.LooseNumber),
  points_count: Schema.optional(Envelope.LooseNumber),
  coupons_start_id: Schema.optional(LooseString),
  points_start_id: Schema.optional(LooseString),
  redemptions: Schema.optional(Schema.Struct({
    coupons: Schema.optional(Wrapped("coupon", CouponRedemption)),
    points: Schema.optional(Wrapped("point", PointsRedemption))
  })),
  item_status: Schema.optional(ItemStatus)
})

/**
 * The answer to `customer/redemptions`: `customer`, one or several.
 *
 * @since 0.2.0
 * @category redemptions
 */
export const RedemptionsResponse = Body({ customer: Envelope.V11List(CustomerRedemptions) })

/**
 * The type of `RedemptionsResponse`.
 *
 * @since 0.2.0
 * @category redemptions
 */
export type RedemptionsResponse = typeof RedemptionsResponse.Type

// ---------------------------------------------------------------------------------------------------------------
// Coupons
// ---------------------------------------------------------------------------------------------------------------

/**
 * The query of `customer/coupons`: one customer, a period (`YYYY-MM-DD`), statuses (`redeemed`, `expired`,
 * `active`, several separated by `;`), a series, a store, the order and the number of coupons.
 *
 * @since 0.2.0
 * @category coupons
 */
export const CouponsQuery = queryWith({
  start_date: Schema.optional(QueryDate),
  end_date: Schema.optional(QueryDate),
  status: Schema.optional(
    Schema.String.check(
      Schema.makeFilter((value) =>
        value.split(";").every((status) => ["redeemed", "expired", "active"].includes(status.trim().toLowerCase()))
          ? undefined
          : "a coupon status is redeemed, expired or active (several separated by ;)"
      )
    )
  ),
  series_id: Schema.optional(Schema.String),
  store_id: Schema.optional(Schema.String),
  order_by: Schema.optional(Schema.Literals(["created_date", "amount", "valid_till"])),
  sort_order: Schema.optional(Schema.Literals(["asc", "desc"])),
  limit: Schema.optional(CountFromString)
})

/**
 * The type of `CouponsQuery`.
 *
 * @since 0.2.0
 * @category coupons
 */
export type CouponsQuery = typeof CouponsQuery.Type

/**
 * A redemption of a customer's coupon: when, on which bill and where.
 *
 * @since 0.2.0
 * @category coupons
 */
export const CouponUse = Schema.Struct({
  date: Schema.optional(Schema.String),
  transaction_number: Schema.optional(Schema.String),
  redeemed_at: Schema.optional(CodeName)
})

/**
 * A coupon of a customer, with its redemptions.
 *
 * @since 0.2.0
 * @category coupons
 */
export const CustomerCoupon = Schema.Struct({
  id: LooseString,
  series_id: Schema.optional(LooseString),
  description: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  redemption_count: Schema.optional(Envelope.LooseNumber),
  created_date: Schema.optional(Schema.String),
  valid_till: Schema.optional(Schema.String),
  code: Schema.String,
  transaction_number: Schema.optional(Schema.String),
  redemptions: Schema.optional(Wrapped("redemption", CouponUse))
})

/**
 * The type of `CustomerCoupon`.
 *
 * @since 0.2.0
 * @category coupons
 */
export type CustomerCoupon = typeof CustomerCoupon.Type

/**
 * A customer and their coupons.
 *
 * @since 0.2.0
 * @category coupons
 */
export const CustomerCoupons = Schema.Struct({
  firstname: nullableString,
  lastname: nullableString,
  email: nullableString,
  mobile: nullableString,
  external_id: nullableString,
  id: nullableString,
  coupons: Schema.optional(Wrapped("coupon", CustomerCoupon)),
  item_status: Schema.optional(ItemStatus)
})

/**
 * The answer to `customer/coupons`: the page (`limit` and `offset` as strings, `total` a number) and the
 * customer with their coupons.
 *
 * @since 0.2.0
 * @category coupons
 */
export const CouponsResponse = Body({
  pagination: Schema.optional(Schema.Struct({
    limit: Envelope.LooseNumber,
    offset: Envelope.LooseNumber,
    total: Envelope.LooseNumber
  })),
  customers: Schema.Struct({ customer: Envelope.V11List(CustomerCoupons) })
})

/**
 * The type of `CouponsResponse`.
 *
 * @since 0.2.0
 * @category coupons
 */
export type CouponsResponse = typeof CouponsResponse.Type
