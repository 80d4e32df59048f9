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
 * An older documented customer read renders XML's empty elements as `[]` and `[[]]` and lists the customers as an
 * array; those read as empty values too.
 *
 * The customer read (`GetQuery`) takes every option Capillary documents for it (the v1.1 documentation, and the
 * `get-customer-details-v1` reference page), and `Customer11` types every part they bring back, in v1.1's wire
 * forms (numbers as strings, wrapped lists, `YYYY-MM-DD HH:MM:SS` dates): each program's points with the gaps to
 * upgrade and renew, the next tier, tier history, expiry schedule, expired points, points totals, promotional
 * points, trackers, segments, user groups, subscriptions, cards, programs with their partner programs.
 *
 * Assumed where the documentation gives no shape (the names it gives, in v1.1's spelling):
 * - `card_details`: a `card` list of `{card_number, card_external_id, series_id, status_label}`, the fields the
 *   v2 card identifiers carry;
 * - `delayed_accrual` ("promised points and conversion details"): `{promised_points, conversion_schedule:
 *   {schedule: [{points, conversion_date, program_id, points_type}]}}`;
 * - `tier_update_criteria`: the program, the current and next tier and `upgrade_strategy` items as
 *   `gap_to_upgrade` has them; `membership_retention_criteria`: a `criteria` list of `{program_id, slab,
 *   period_days, min_visits, min_lifetime_purchases}` (the documentation's words: within a period, the fewest
 *   visits and the lowest lifetime purchases);
 * - `segments`: a `segment` list of `{name, value}`; `trackers`: a `tracker` list of the tracker fields of the
 *   upgrade strategies with `current_value`; `user_groups2` (an array in the documented answers, always empty
 *   there): `{id, external_id, name, status, primary_member, joined_on}`; `linked_partner_programs` of a points
 *   summary: a `linked_partner_program` list of the partner program link's fields; `expiry_schedule` items carry
 *   `program_id` (the documentation names it) beside the documented `points` and `expiry_date`;
 * - in the coupons read, `series_id`, `description` and `status` of each coupon beyond the documented fields.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter, type Types } from "effect"
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
    value === "" || (dateTimePattern.test(value) && parseDateTime(value) !== undefined)
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
    parseDateTime(value) !== undefined
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
 * not one, or names a day or time that does not exist (`2024-02-30`, `25:00:00`).
 *
 * @since 0.2.0
 * @category wire
 */
export const parseDateTime = (value: string): number | undefined => {
  const dateOnly = datePattern.test(value)
  if (!dateOnly && !dateTimePattern.test(value)) return undefined
  const millis = Date.parse(dateOnly ? `${value}T00:00:00Z` : `${value.replace(" ", "T")}Z`)
  if (Number.isNaN(millis)) return undefined
  // The parser rolls days over (`02-30` is `03-01`): the date must read back as written.
  const written = formatDateTime(millis)
  return (dateOnly ? written.slice(0, 10) : written) === value ? millis : undefined
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
 * An empty array, as some documented v1.1 answers write an empty element (`"current_slab": []`,
 * `"custom_fields": [[]]`): the JSON rendering of an XML element with nothing in it.
 *
 * @since 0.2.0
 * @category wire
 */
export const EmptyArray = Schema.Tuple([])

/**
 * A text that an empty element may stand for (`[]`, `null`), read as the empty string.
 *
 * @since 0.2.0
 * @category wire
 */
export const Text = Schema.Union([Schema.String, EmptyArray, Schema.Null]).pipe(
  Schema.decodeTo(Schema.String, {
    decode: SchemaGetter.transform((value) => (typeof value === "string" ? value : "")),
    encode: SchemaGetter.transform((value): string => value)
  })
)

/** Items as sent: empty elements (`[]`) among them stand for nothing. */
const itemsOf = (inner: unknown): Array<unknown> =>
  (Array.isArray(inner) ? inner : [inner]).filter((value) => !(Array.isArray(value) && value.length === 0))

/**
 * A collection v1.1 wraps under a key (`{"field": [...]}`), read as its items; a single object or a missing or
 * empty value stands for the items it holds, and empty elements (`[[]]`, as some documented answers render
 * `<field/>`) for none. Written back wrapped, as an array.
 *
 * @since 0.2.0
 * @category wire
 */
export const Wrapped = <const K extends string, S extends Schema.Top>(key: K, item: S) => {
  const items = Schema.Array(Schema.Union([EmptyArray, item]))
  return Schema.Union([
    Schema.Struct({
      [key]: Schema.optional(Schema.NullOr(Schema.Union([items, item, Schema.Literal("")])))
    }),
    items,
    Schema.Literal("")
  ]).pipe(
    Schema.decodeTo(Schema.Array(Schema.toType(item)), {
      decode: SchemaGetter.transform((value: unknown) => {
        const inner = Array.isArray(value) || value === "" ? value : (value as Record<string, unknown>)[key]
        if (inner === undefined || inner === null || inner === "") return [] as never
        return itemsOf(inner) as never
      }),
      encode: SchemaGetter.transform((items) => ({ [key]: items }) as never)
    })
  )
}

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
 * The identifier types a v1.1 read or write names a customer by (`card_external_id`: the external id of one of
 * the customer's cards, which only the customer read takes).
 *
 * @since 0.2.0
 * @category identifiers
 */
export type IdentifierType = "id" | "mobile" | "email" | "external_id" | "card_external_id"

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
 * several customers of one identifier type, separated by commas); a card's external id (customer read only)
 * when none of `id`, mobile, email and external id is given.
 *
 * @since 0.2.0
 * @category identifiers
 */
export const requestedIdentifiers = (query: {
  readonly id?: string | undefined
  readonly mobile?: string | undefined
  readonly email?: string | undefined
  readonly external_id?: string | undefined
  readonly card_external_id?: string | undefined
}): ReadonlyArray<Identifier> => {
  // Only these name customers in a query (`user_id` there is a flag).
  const card = query.card_external_id?.trim() ?? ""
  const [first] = [
    ...identifiersOf({ id: query.id, mobile: query.mobile, email: query.email, external_id: query.external_id }),
    ...(card === "" ? [] : [{ type: "card_external_id" as const, value: card }])
  ]
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
 * The values that name a loyalty tracker (a running count of purchases, visits or points over a window), as the
 * tier upgrade and renewal strategies and the customer's `trackers` carry them.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const TrackerIdentifiers = Schema.Struct({
  tracker_name: Schema.optional(Schema.String),
  tracker_type: Schema.optional(Schema.String),
  tracker_mode: Schema.optional(Schema.String),
  tracker_case_name: Schema.optional(Schema.String),
  tracker_case_period_type: Schema.optional(Schema.String),
  tracker_case_period_value: Schema.optional(LooseString)
})

/**
 * The type of `TrackerIdentifiers`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type TrackerIdentifiers = typeof TrackerIdentifiers.Type

/**
 * A tracker of the customer (`trackers`, with `next_slab=true` or `tracker_info=true`): the tracker and the
 * customer's current value in it (assumed shape: the tracker fields of the upgrade strategies and the value the
 * strategies show).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const Tracker = Schema.Struct({
  ...TrackerIdentifiers.fields,
  current_value: Schema.optional(Envelope.LooseNumber),
  value_valid_upto: Schema.optional(Schema.String)
})

/**
 * The type of `Tracker`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type Tracker = typeof Tracker.Type

/**
 * One way a customer can reach the next tier (`gap_to_upgrade.upgrade_strategy[]`): what it counts
 * (`LIFETIME_POINTS`, `CUMULATIVE_PURCHASES`, `CURRENT_POINTS`, `TRACKER_VALUE_BASED`, ...), the tracker when it is
 * tracker based (`upgrade_entity_identifers`, spelled as Capillary spells it), the threshold, and the customer's
 * value, the gap and until when the value holds (`YYYY-MM-DD`).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const UpgradeStrategy = Schema.Struct({
  upgrade_based_on: Schema.String,
  upgrade_entity_identifers: Schema.optional(TrackerIdentifiers),
  upgrade_threshold: Schema.optional(Envelope.LooseNumber),
  customer_upgrade_entity_values: Schema.optional(Schema.Struct({
    current_value: Schema.optional(Envelope.LooseNumber),
    gap_to_upgrade: Schema.optional(Envelope.LooseNumber),
    value_valid_upto: Schema.optional(Schema.String)
  }))
})

/**
 * The type of `UpgradeStrategy`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type UpgradeStrategy = typeof UpgradeStrategy.Type

/**
 * What a customer still needs to reach the next tier of a program (with `gap_to_upgrade_for`): each upgrade
 * strategy, and the custom condition that combines them when one is set (`((A AND B) OR C)`, with its
 * `expression_relation` `[[1, 2], [3]]`). No strategy at the highest tier.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const GapToUpgrade = Schema.Struct({
  custom_expression: Schema.optional(Schema.String),
  expression_relation: Schema.optional(Schema.Json),
  upgrade_strategy: Schema.optional(Envelope.V11List(UpgradeStrategy))
})

/**
 * The type of `GapToUpgrade`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type GapToUpgrade = typeof GapToUpgrade.Type

/**
 * One way a customer keeps their tier (`gap_to_renew.renew_strategy[]`): what it counts (`VISITS`, `PURCHASE`,
 * `POINTS`, `TRACKER`), the tracker when it is tracker based, the threshold, the customer's value and the gap.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const RenewStrategy = Schema.Struct({
  renew_based_on: Schema.String,
  renew_entity_identifiers: Schema.optional(TrackerIdentifiers),
  renew_threshold: Schema.optional(Envelope.LooseNumber),
  customer_renew_entity_value: Schema.optional(Envelope.LooseNumber),
  customer_gap_to_renew_value: Schema.optional(Envelope.LooseNumber)
})

/**
 * The type of `RenewStrategy`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type RenewStrategy = typeof RenewStrategy.Type

/**
 * What a customer needs to keep their tier in a program (with `gap_to_renew_for`): when the tier expires
 * (`YYYY-MM-DD`), whether the renewal is confirmed already, each renewal strategy and the custom condition that
 * combines them.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const GapToRenew = Schema.Struct({
  tier_expiry_date: Schema.optional(Schema.String),
  renew_confirmed: Schema.optional(Envelope.LooseBoolean),
  custom_expression: Schema.optional(Schema.String),
  expression_relation: Schema.optional(Schema.Json),
  renew_strategy: Schema.optional(Envelope.V11List(RenewStrategy))
})

/**
 * The type of `GapToRenew`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type GapToRenew = typeof GapToRenew.Type

/**
 * A partner program the customer is linked to, as a program's points summary lists it
 * (`linked_partner_programs.linked_partner_program[]`; assumed shape: the fields of the partner program link,
 * in v1.1's spelling).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const LinkedPartnerProgram = Schema.Struct({
  partner_program_id: Schema.optional(Envelope.LooseNumber),
  partner_program_name: Schema.String,
  partner_program_type: Schema.optional(Schema.String),
  partner_membership_id: Schema.optional(LooseString),
  partner_tier_name: Schema.optional(Schema.String),
  partner_tier_expiry_date: Schema.optional(Schema.String)
})

/**
 * The type of `LinkedPartnerProgram`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type LinkedPartnerProgram = typeof LinkedPartnerProgram.Type

/**
 * A program's points of a customer (`points_summaries.points_summary[]`), numbers as strings as v1.1 sends them:
 * running totals, the current and next tier, promised (`delayed_points`) and redeemable points, the program, the
 * partner programs the customer is linked to in it, and, when asked, the gaps to upgrade and to renew.
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
  currentSlabDescription: Schema.optional(Schema.String),
  nextSlab: Schema.optional(Schema.String),
  nextSlabSerialNumber: Schema.optional(Envelope.LooseNumber),
  nextSlabDescription: Schema.optional(Schema.String),
  slabSNo: Schema.optional(Envelope.LooseNumber),
  slabExpiryDate: Schema.optional(Schema.String),
  totalPoints: Schema.optional(LooseString),
  delayed_points: Schema.optional(Envelope.LooseNumber),
  delayed_returned_points: Schema.optional(Envelope.LooseNumber),
  total_available_points: Schema.optional(Envelope.LooseNumber),
  total_returned_points: Schema.optional(Envelope.LooseNumber),
  program_title: Schema.optional(Schema.String),
  program_description: Schema.optional(Schema.String),
  program_points_to_currency_ratio: Schema.optional(Envelope.LooseNumber),
  linked_partner_programs: Schema.optional(Wrapped("linked_partner_program", LinkedPartnerProgram)),
  gap_to_upgrade: Schema.optional(GapToUpgrade),
  gap_to_renew: Schema.optional(GapToRenew)
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
  redeemed: Schema.optional(Envelope.LooseBoolean),
  same_user_multiple_redeem: Schema.optional(Envelope.LooseBoolean)
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
  created_date: Schema.optional(Schema.String),
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

/**
 * Points that will expire (`expiry_schedule[]`): how many, when (the documentation shows `YYYY-MM-DD`, and says
 * date and time; the emulator writes `YYYY-MM-DD 23:59:59`, the last moment they can be used) and in which
 * program.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const ExpiringPoints = Schema.Struct({
  points: Envelope.LooseNumber,
  expiry_date: Schema.String,
  program_id: Schema.optional(Envelope.LooseNumber)
})

/**
 * The type of `ExpiringPoints`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type ExpiringPoints = typeof ExpiringPoints.Type

/**
 * Points that expired (`expired_points[]`): how many, the day (`YYYY-MM-DD`) and the program.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const ExpiredPoints = Schema.Struct({
  points: Envelope.LooseNumber,
  expired_on: Schema.String,
  program_id: Schema.optional(Envelope.LooseNumber)
})

/**
 * The type of `ExpiredPoints`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type ExpiredPoints = typeof ExpiredPoints.Type

/**
 * A tier change of the customer (`slab_history.history[]`, most recent first): from and to which tier, at which
 * store, the kind (`UPGRADE`, `DOWNGRADE`, `RENEW`), when (`YYYY-MM-DD HH:MM:SS`), the expiry of both tiers, notes
 * and the program.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const SlabChange = Schema.Struct({
  to: Schema.String,
  from: Schema.optional(Schema.String),
  store: Schema.optional(CodeName),
  type: Schema.String,
  changed_on: Schema.String,
  to_tier_expiry_date: Schema.optional(Schema.String),
  from_tier_expiry_date: Schema.optional(Schema.String),
  notes: Schema.optional(Schema.String),
  program_id: Schema.optional(Envelope.LooseNumber)
})

/**
 * The type of `SlabChange`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type SlabChange = typeof SlabChange.Type

/**
 * A customer's points totals (`points_summary=true`): points expired, redeemed, adjusted and returned.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const PointsTotals = Schema.Struct({
  expired: Schema.optional(Envelope.LooseNumber),
  redeemed: Schema.optional(Envelope.LooseNumber),
  adjusted: Schema.optional(Envelope.LooseNumber),
  returned: Schema.optional(Envelope.LooseNumber)
})

/**
 * The type of `PointsTotals`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type PointsTotals = typeof PointsTotals.Type

/**
 * Promotional points awarded to the customer directly (`promotion_points.customer[]`): how many, when they
 * expire, the store that issued them and when.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const CustomerPromotionPoints = Schema.Struct({
  points: Envelope.LooseNumber,
  expiry_date: Schema.optional(Schema.String),
  issued_at: Schema.optional(CodeName),
  issued_on: Schema.optional(Schema.String)
})

/**
 * The type of `CustomerPromotionPoints`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type CustomerPromotionPoints = typeof CustomerPromotionPoints.Type

/**
 * Promotional points awarded on a transaction (`promotion_points.transactions[]`).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const TransactionPromotionPoints = Schema.Struct({
  transaction_id: Schema.optional(LooseString),
  ...CustomerPromotionPoints.fields
})

/**
 * The type of `TransactionPromotionPoints`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type TransactionPromotionPoints = typeof TransactionPromotionPoints.Type

/**
 * Promotional points awarded on a line item (`promotion_points.lineitems[]`).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const LineItemPromotionPoints = Schema.Struct({
  lineitem_id: Schema.optional(LooseString),
  ...TransactionPromotionPoints.fields
})

/**
 * The type of `LineItemPromotionPoints`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type LineItemPromotionPoints = typeof LineItemPromotionPoints.Type

/**
 * The customer's promotional points (`promotion_points=true`, at most 1000): awarded to the customer, on
 * transactions and on line items.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const PromotionPoints = Schema.Struct({
  customer: Schema.optional(ArrayOrWrapped("item", CustomerPromotionPoints)),
  transactions: Schema.optional(ArrayOrWrapped("item", TransactionPromotionPoints)),
  lineitems: Schema.optional(ArrayOrWrapped("item", LineItemPromotionPoints))
})

/**
 * The type of `PromotionPoints`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type PromotionPoints = typeof PromotionPoints.Type

/**
 * Promised points that become redeemable on a date (`delayed_accrual.conversion_schedule.schedule[]`): how many,
 * when (`YYYY-MM-DD HH:MM:SS`), in which program and of which points type.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const PointsConversion = Schema.Struct({
  points: Envelope.LooseNumber,
  conversion_date: Schema.String,
  program_id: Schema.optional(Envelope.LooseNumber),
  points_type: Schema.optional(Schema.String)
})

/**
 * The type of `PointsConversion`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type PointsConversion = typeof PointsConversion.Type

/**
 * The customer's promised points and when they convert to redeemable points (`delayed_accrual=true`; assumed
 * shape: Capillary documents the option, "promised points and conversion details", and no answer).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const DelayedAccrual = Schema.Struct({
  promised_points: Schema.optional(Envelope.LooseNumber),
  conversion_schedule: Schema.optional(Wrapped("schedule", PointsConversion))
})

/**
 * The type of `DelayedAccrual`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type DelayedAccrual = typeof DelayedAccrual.Type

/**
 * What a customer needs for the next tier (`tier_update_criteria`, with `tier_upgrade_criteria=true`; left out at
 * the highest tier): the program, the current and next tier, and the upgrade strategies (assumed shape: those of
 * `gap_to_upgrade`).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const TierUpgradeCriteria = Schema.Struct({
  program_id: Schema.optional(Envelope.LooseNumber),
  current_slab: Schema.optional(Schema.String),
  next_slab: Schema.optional(Schema.String),
  upgrade_strategy: Schema.optional(Envelope.V11List(UpgradeStrategy))
})

/**
 * The type of `TierUpgradeCriteria`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type TierUpgradeCriteria = typeof TierUpgradeCriteria.Type

/**
 * A tier retention rule (`membership_retention_criteria.criteria[]`; assumed shape from the documentation's
 * words: within a period, the fewest visits and the lowest lifetime purchases that keep the tier).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const RetentionCriterion = Schema.Struct({
  program_id: Schema.optional(Envelope.LooseNumber),
  slab: Schema.optional(Schema.String),
  period_days: Schema.optional(Envelope.LooseNumber),
  min_visits: Schema.optional(Envelope.LooseNumber),
  min_lifetime_purchases: Schema.optional(Envelope.LooseNumber)
})

/**
 * The type of `RetentionCriterion`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type RetentionCriterion = typeof RetentionCriterion.Type

/**
 * A segment the customer is in (`segments.segment[]`; assumed shape: the segment's name and the customer's value
 * in it, as v1.1 writes attributes).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const Segment = Schema.Struct({
  name: Schema.String,
  value: Schema.optional(Schema.NullOr(LooseString))
})

/**
 * The type of `Segment`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type Segment = typeof Segment.Type

/**
 * A user group the customer is a member of (`user_groups2[]`, with `user_group=true`; assumed shape: the group
 * and the membership as the v2 user group API keeps them).
 *
 * @since 0.2.0
 * @category loyalty
 */
export const UserGroupMembership = Schema.Struct({
  id: LooseString,
  external_id: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  primary_member: Schema.optional(Envelope.LooseBoolean),
  joined_on: Schema.optional(Schema.String)
})

/**
 * The type of `UserGroupMembership`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type UserGroupMembership = typeof UserGroupMembership.Type

/**
 * A subscription status of the customer (`subscriptions.subscription[]`): the channel (`sms`, `email`, ...), the
 * priority (`TRANS`, `BULK`), the scope and whether the customer is subscribed (`1` / `0`; the documented
 * registration answer calls it `status`).
 *
 * @since 0.2.0
 * @category read
 */
export const SubscriptionStatus = Schema.Struct({
  priority: Schema.String,
  scope: Schema.optional(Schema.String),
  is_subscribed: Schema.optional(LooseString),
  status: Schema.optional(LooseString),
  channel: Schema.String
})

/**
 * The type of `SubscriptionStatus`.
 *
 * @since 0.2.0
 * @category read
 */
export type SubscriptionStatus = typeof SubscriptionStatus.Type

/**
 * A partner program of a loyalty program, as `program_summary=true` lists it.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const PartnerProgramBrief = Schema.Struct({
  partnerProgramId: Envelope.LooseNumber,
  partnerProgramName: Schema.String,
  partnerProgramDescription: Schema.optional(Schema.String),
  isTierBased: Schema.optional(Envelope.LooseBoolean),
  pointsExchangeRate: Schema.optional(Envelope.LooseNumber),
  partnerProgramType: Schema.optional(Schema.String),
  membershipPeriodType: Schema.optional(Schema.String),
  membershipPeriodValue: Schema.optional(Envelope.LooseNumber),
  partnerProgramTiers: Schema.optional(ArrayOrWrapped(
    "tier",
    Schema.Struct({ tierNumber: Envelope.LooseNumber, tierName: Schema.String })
  ))
})

/**
 * The type of `PartnerProgramBrief`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type PartnerProgramBrief = typeof PartnerProgramBrief.Type

/**
 * A loyalty program the customer is in (`programs_list.program[]`, with `program_summary=true`): its id, name,
 * description, whether it is the organisation's default, its points to currency ratio and its partner programs.
 *
 * @since 0.2.0
 * @category loyalty
 */
export const ProgramBrief = Schema.Struct({
  programId: Envelope.LooseNumber,
  programName: Schema.optional(Schema.String),
  programDescription: Schema.optional(Schema.String),
  isDefault: Schema.optional(Envelope.LooseBoolean),
  pointsToCurrencyRatio: Schema.optional(Envelope.LooseNumber),
  PartnerPrograms: Schema.optional(Wrapped("PartnerProgram", PartnerProgramBrief))
})

/**
 * The type of `ProgramBrief`.
 *
 * @since 0.2.0
 * @category loyalty
 */
export type ProgramBrief = typeof ProgramBrief.Type

const nullableString = Schema.optional(Schema.NullOr(LooseString))

/** The fields of a v1.1 customer item (see `Customer11`). */
const Customer11Struct = Schema.Struct({
  user_id: nullableString,
  id: nullableString,
  firstname: nullableString,
  lastname: nullableString,
  mobile: nullableString,
  email: nullableString,
  external_id: nullableString,
  card_external_id: nullableString,
  lifetime_points: Schema.optional(Envelope.LooseNumber),
  loyalty_points: Schema.optional(Envelope.LooseNumber),
  current_slab: Schema.optional(Text),
  tier_expiry_date: Schema.optional(Schema.String),
  next_slab: Schema.optional(Schema.String),
  next_slab_serial_number: Schema.optional(Envelope.LooseNumber),
  next_slab_description: Schema.optional(Schema.String),
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
  gender: Schema.optional(Schema.NullOr(Schema.String)),
  registered_by: Schema.optional(Schema.String),
  registered_store: Schema.optional(CodeName),
  registered_till: Schema.optional(CodeName),
  user_groups2: Schema.optional(ArrayOrWrapped("user_group2", UserGroupMembership)),
  fraud_details: Schema.optional(Schema.Struct({
    status: Schema.optional(Schema.String),
    marked_by: Schema.optional(Schema.Json),
    modified_on: Schema.optional(Schema.Json),
    reason: Schema.optional(Schema.String)
  })),
  ndnc_status: Schema.optional(Text),
  optin_status: Schema.optional(Text),
  expiry_schedule: Schema.optional(ArrayOrWrapped("schedule", ExpiringPoints)),
  expired_points: Schema.optional(ArrayOrWrapped("item", ExpiredPoints)),
  slab_history: Schema.optional(Wrapped("history", SlabChange)),
  points_summary: Schema.optional(PointsTotals),
  promotion_points: Schema.optional(PromotionPoints),
  trackers: Schema.optional(Wrapped("tracker", Tracker)),
  current_nps_status: Schema.optional(Schema.Json),
  custom_fields: Schema.optional(Fields),
  extended_fields: Schema.optional(Fields),
  segments: Schema.optional(Wrapped("segment", Segment)),
  subscriptions: Schema.optional(Wrapped("subscription", SubscriptionStatus)),
  side_effects: Schema.optional(Wrapped("effect", Schema.Record(Schema.String, Schema.Json))),
  transactions: Schema.optional(Wrapped("transaction", Transaction)),
  coupons: Schema.optional(ArrayOrWrapped("coupon", CouponBrief)),
  notes: Schema.optional(ArrayOrWrapped("note", Note)),
  card_details: Schema.optional(Wrapped("card", Card)),
  customer_image: Schema.optional(Text),
  membership_retention_criteria: Schema.optional(Wrapped("criteria", RetentionCriterion)),
  tier_update_criteria: Schema.optional(TierUpgradeCriteria),
  delayed_accrual: Schema.optional(DelayedAccrual),
  programs_list: Schema.optional(Wrapped("program", ProgramBrief)),
  item_status: Schema.optional(ItemStatus)
})

/**
 * The type of `Customer11`.
 *
 * @since 0.2.0
 * @category read
 */
export interface Customer11 extends Types.Simplify<typeof Customer11Struct.Type> {}

/**
 * `Customer11` as v1.1 writes it.
 *
 * @since 0.2.0
 * @category read
 */
export interface Customer11Encoded extends Types.Simplify<typeof Customer11Struct.Encoded> {}

/**
 * A customer, as the v1.1 customer answers carry it : identifiers (absent or
 * null when the customer has none), names, points and tier, registration and update dates, type and source,
 * groups and fraud status, fields, subscriptions and side effects (register and update), and, in a read, the
 * registering store and till, fraud details, recent transactions, coupons, notes and cards, and each part the
 * read's options ask for (next tier, tier history, expiry schedule, expired points, points totals, promotional
 * points, trackers, segments, user groups, retention and upgrade criteria, promised points, programs); with its
 * `item_status`. A failed item carries the identifier it was asked for and its status only. Declared through
 * named interfaces, which keeps the answer schemas that embed it within what the compiler can check.
 *
 * @since 0.2.0
 * @category read
 */
export const Customer11: Schema.Codec<Customer11, Customer11Encoded> = Customer11Struct

/**
 * The `customers` of a v1.1 customer answer: `{"customer": [...]}` (a single object stands for one), or, as an
 * older documented read shows it, the array itself; always written wrapped.
 *
 * @since 0.2.0
 * @category read
 */
export const CustomerList = Schema.Union([
  Schema.Struct({ customer: Envelope.V11List(Customer11) }),
  Schema.Array(Customer11)
]).pipe(
  Schema.decodeTo(Schema.Struct({ customer: Schema.Array(Schema.toType(Customer11)) }), {
    decode: SchemaGetter.transform((value) => (Array.isArray(value) ? { customer: value } : value) as never),
    encode: SchemaGetter.passthrough()
  })
)

/**
 * The answer to `customer/add`, `customer/update` and `customer/get`: the status and `customers.customer[]`,
 * one item per customer of the request, each with its `item_status`.
 *
 * @since 0.2.0
 * @category read
 */
export const CustomersResponse = Body({ customers: CustomerList })

/**
 * The type of `CustomersResponse`.
 *
 * @since 0.2.0
 * @category read
 */
export type CustomersResponse = typeof CustomersResponse.Type

/**
 * The transaction types the customer read filters its transactions by (`ALL`: any).
 *
 * @since 0.2.0
 * @category read
 */
export const transactionTypes = [
  "REGULAR",
  "NOT_INTERESTED",
  "RETURN",
  "NOT_INTERESTED_RETURN",
  "MIXED",
  "NI_MIXED",
  "ALL"
] as const

/**
 * The org entity types a coupon filter names (`coupon_org_entity_type`).
 *
 * @since 0.2.0
 * @category read
 */
export const couponOrgEntityTypes = ["TILL", "STORE", "ZONE", "CONCEPT"] as const

/**
 * The coupon statuses the customer read filters its coupons by (`coupon_status`).
 *
 * @since 0.2.0
 * @category read
 */
export const couponStatuses = ["unredeemed", "redeemed", "expired", "active"] as const

/** A date in `YYYY-MM-DD` (the `date` filter of the customer read). */
const DayOnly = Schema.String.check(
  Schema.makeFilter((value) =>
    datePattern.test(value) && parseDateTime(value) !== undefined ? undefined : "a date is YYYY-MM-DD, a real day"
  )
)

/** A positive whole number in a query string (a program id). */
const IdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(Schema.isGreaterThan(0))))

/**
 * The query of `customer/get`, every documented option:
 * - the customers: `mobile`, `email`, `external_id` or `id` (several, separated by commas) or, failing those,
 *   `card_external_id`;
 * - which parts: `user_id`, `next_slab`, `slab_history`, `registered_store`, `registered_till` and
 *   `fraud_details` (returned unless `false`), `ndnc_status`, `optin_status`, `expiry_schedule`,
 *   `expired_points`, `points_summary`, `promotion_points`, `membership_retention_criteria`,
 *   `tier_upgrade_criteria`, `mlp` (each program's points), `gap_to_upgrade_for` and `gap_to_renew_for` (days
 *   from today), `user_group`, `customer_image`, `transactions` (returned unless `false`), `subscriptions`,
 *   `segments`, `member_care_access`, `card_details`, `tracker_info`, `delayed_accrual`, `basic`,
 *   `program_summary`, and `program_id` (one program's loyalty details);
 * - which coupons: `coupon_limit`, `coupon_offset`, `coupon_order_by`, `coupon_sort_order`, `coupon_active`,
 *   `coupon_status`, `coupon_offer` (a series), `coupon_org_entity_type` and `coupon_org_entity_value`;
 * - which transactions: `number`, `store_code`, `till_code`, `amount`, `date`, `type`, `tenders`,
 *   `credit_notes`.
 *
 * @since 0.2.0
 * @category read
 */
export const GetQuery = Schema.Struct({
  ...identifierQueryFields,
  card_external_id: Schema.optional(Schema.String),
  user_id: Schema.optional(Flag),
  coupon_limit: Schema.optional(CountFromString),
  coupon_offset: Schema.optional(CountFromString),
  coupon_order_by: Schema.optional(Schema.Literals(["created_date", "created_by", "valid_till"])),
  coupon_sort_order: Schema.optional(Schema.Literals(["asc", "desc"])),
  coupon_active: Schema.optional(Flag),
  coupon_status: Schema.optional(Schema.Literals(couponStatuses)),
  coupon_offer: Schema.optional(CountFromString),
  coupon_org_entity_type: Schema.optional(Schema.Literals(couponOrgEntityTypes)),
  coupon_org_entity_value: Schema.optional(Schema.String),
  next_slab: Schema.optional(Flag),
  slab_history: Schema.optional(Flag),
  registered_store: Schema.optional(Flag),
  registered_till: Schema.optional(Flag),
  fraud_details: Schema.optional(Flag),
  ndnc_status: Schema.optional(Flag),
  optin_status: Schema.optional(Flag),
  expiry_schedule: Schema.optional(Flag),
  expired_points: Schema.optional(Flag),
  points_summary: Schema.optional(Flag),
  promotion_points: Schema.optional(Flag),
  membership_retention_criteria: Schema.optional(Flag),
  tier_upgrade_criteria: Schema.optional(Flag),
  mlp: Schema.optional(Flag),
  gap_to_upgrade_for: Schema.optional(CountFromString),
  gap_to_renew_for: Schema.optional(CountFromString),
  user_group: Schema.optional(Flag),
  customer_image: Schema.optional(Flag),
  transactions: Schema.optional(Flag),
  subscriptions: Schema.optional(Flag),
  segments: Schema.optional(Flag),
  member_care_access: Schema.optional(Flag),
  card_details: Schema.optional(Flag),
  tracker_info: Schema.optional(Flag),
  delayed_accrual: Schema.optional(Flag),
  basic: Schema.optional(Flag),
  program_id: Schema.optional(IdFromString),
  program_summary: Schema.optional(Flag),
  number: Schema.optional(Schema.String),
  store_code: Schema.optional(Schema.String),
  till_code: Schema.optional(Schema.String),
  amount: Schema.optional(Schema.FiniteFromString),
  date: Schema.optional(DayOnly),
  type: Schema.optional(Schema.Literals(transactionTypes)),
  tenders: Schema.optional(Flag),
  credit_notes: Schema.optional(Flag)
}).check(Schema.makeFilter((query) =>
  requestedIdentifiers(query).length > 0
    ? undefined
    : "a v1.1 customer read needs the customer's mobile, email, external_id, id or card_external_id"
))

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
