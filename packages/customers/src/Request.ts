/**
 * Capillary's v2 requests: changes to a customer that an organisation's staff raise and another approves. One
 * path, `/v2/requests`, carries every kind, told apart by `type` and `baseType`:
 * - PII deletion (`CUSTOMER` / `DELETE`): forget a customer's personal data once approved and the organisation's
 *   waiting period has passed;
 * - goodwill points (`GOODWILL` / `POINTS`): points for a customer, or for a user group (`earningEntityType:
 *   USERGROUP2`), awarded when approved;
 * - customer merge (`CHANGE_IDENTIFIER` / `MERGE`): a victim account merged into a survivor when approved;
 * - transaction requests (`TRANSACTION` / `REGULAR_TXN_ADD`), which this package reads but does not raise.
 * The customer-scoped reads list a customer's goodwill, retro-transaction and identifier change requests.
 *
 * What Capillary's documentation leaves out, and is assumed here:
 * - the body of a merge request: `changeIdentifierRequest.changeIdentifiers` with the survivor's id in `add`
 *   and the victim's in `remove`, the shape Capillary's reads of a merge request show;
 * - the deletion details of a read (`customerDeletionDetails`), documented only as "the request, its scheduled
 *   time and its status": `requestId`, `userId`, `status`, `scheduledTime`, `deletedOn` and a `statusLog`;
 * - the read of a goodwill request by id: the request's common fields plus `goodwillRequest` (points, reason,
 *   approved value), `earningEntityType`, `programId` and the group's identification;
 * - the list of identifier change requests (`/changeRequest`), documented without a response: the shape of its
 *   sibling `/retroRequest` (`pagination`, `data[]`), each entry with `baseType`, `oldValue` and `newValue`.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import * as Customer from "./Customer.ts"

// ---------------------------------------------------------------------------------------------------------------
// Ids, kinds, statuses
// ---------------------------------------------------------------------------------------------------------------

/**
 * A request's id: a positive integer, the `createdId` of its creation.
 *
 * @since 0.2.0
 * @category ids
 */
export const RequestId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("RequestId"))

/**
 * The type of `RequestId`.
 *
 * @since 0.2.0
 * @category ids
 */
export type RequestId = typeof RequestId.Type

/**
 * A request id in a path or query string.
 *
 * @since 0.2.0
 * @category ids
 */
export const RequestIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(RequestId))

/**
 * A request id as an update names it: a number, or a string of digits (Capillary's PII example sends
 * `"13538087"`). Sent as a number.
 *
 * @since 0.2.0
 * @category ids
 */
export const RequestIdLoose = Schema.Union([
  Schema.Finite,
  Schema.String.check(Schema.isPattern(/^\d+$/, { message: "a request id is digits only" }))
]).pipe(
  Schema.decodeTo(RequestId, {
    decode: SchemaGetter.transform((value) => (typeof value === "number" ? value : Number(value))),
    encode: SchemaGetter.transform((value) => value)
  })
)

/**
 * The kind of a request (`type`): `CUSTOMER` (PII deletion), `GOODWILL`, `CHANGE_IDENTIFIER` (merge) or
 * `TRANSACTION`.
 *
 * @since 0.2.0
 * @category kinds
 */
export const RequestType = Schema.Literals(["CUSTOMER", "GOODWILL", "CHANGE_IDENTIFIER", "TRANSACTION"])

/**
 * The type of `RequestType`.
 *
 * @since 0.2.0
 * @category kinds
 */
export type RequestType = typeof RequestType.Type

/**
 * The sub-kind of a request (`baseType`, `requestSubType`): `DELETE` for `CUSTOMER`, `POINTS` for `GOODWILL`,
 * `MERGE` for `CHANGE_IDENTIFIER`, `REGULAR_TXN_ADD` for `TRANSACTION`.
 *
 * @since 0.2.0
 * @category kinds
 */
export const RequestBaseType = Schema.Literals(["DELETE", "POINTS", "MERGE", "REGULAR_TXN_ADD"])

/**
 * The type of `RequestBaseType`.
 *
 * @since 0.2.0
 * @category kinds
 */
export type RequestBaseType = typeof RequestBaseType.Type

/**
 * The base type that goes with each request type.
 *
 * @since 0.2.0
 * @category kinds
 */
export const baseTypeOf: { readonly [T in RequestType]: RequestBaseType } = {
  CUSTOMER: "DELETE",
  GOODWILL: "POINTS",
  CHANGE_IDENTIFIER: "MERGE",
  TRANSACTION: "REGULAR_TXN_ADD"
}

/**
 * A status an update sets: `APPROVED`, `REJECTED`, `PENDING` (a rejected request back to pending),
 * `CANCELED` (a PII deletion; `CANCELLED` is read as the same) or `CUSTOM` (transaction requests only).
 *
 * @since 0.2.0
 * @category statuses
 */
export const TargetStatus = Schema.Literals(["APPROVED", "REJECTED", "PENDING", "CANCELED", "CANCELLED", "CUSTOM"])

/**
 * The type of `TargetStatus`.
 *
 * @since 0.2.0
 * @category statuses
 */
export type TargetStatus = typeof TargetStatus.Type

/**
 * The statuses a request can be in: `PENDING`, `APPROVED`, `REJECTED`, `CANCELED`, `DELETED` (a PII deletion
 * carried out), and for transaction requests `SUCCESS` and `FAILURE`. Reads take any string, as Capillary adds
 * statuses; this is the list to filter by.
 *
 * @since 0.2.0
 * @category statuses
 */
export const RequestStatus = Schema.Literals([
  "PENDING",
  "APPROVED",
  "REJECTED",
  "CANCELED",
  "DELETED",
  "SUCCESS",
  "FAILURE"
])

/**
 * The type of `RequestStatus`.
 *
 * @since 0.2.0
 * @category statuses
 */
export type RequestStatus = typeof RequestStatus.Type

// ---------------------------------------------------------------------------------------------------------------
// Who a request is about
// ---------------------------------------------------------------------------------------------------------------

/**
 * How a request names its customer: `id` (the customer id) or any identifier type.
 *
 * @since 0.2.0
 * @category identification
 */
export const CustomerIdentifierType = Schema.Literals(["id", ...Customer.IdentifierType.literals])

/**
 * The type of `CustomerIdentifierType`.
 *
 * @since 0.2.0
 * @category identification
 */
export type CustomerIdentifierType = typeof CustomerIdentifierType.Type

const isMobile = Schema.is(Customer.Mobile)
const isEmail = Schema.is(Customer.Email)

/** What is wrong with an identifier value of the given type, if anything. */
const identifierIssue = (type: string, value: string): string | undefined => {
  if (value.trim() === "") return `the ${type} value is empty`
  if (type === "id" && !/^[1-9]\d*$/.test(value)) return "a customer id is a positive integer"
  if (type === "mobile" && !isMobile(value)) return "a mobile number is 8 to 15 digits, country code included"
  if (type === "email" && !isEmail(value)) return "an email address is local@domain.tld, at most 255 characters"
  return undefined
}

/**
 * The customer of a request (`customerIdentificationInfo`): an identifier in a source (and account), or the
 * customer's `id`. Mobiles, emails and ids must be valid.
 *
 * @since 0.2.0
 * @category identification
 */
export const CustomerIdentification = Schema.Struct({
  source: Customer.Source,
  accountId: Schema.optional(Schema.String),
  identifierType: CustomerIdentifierType,
  identifierValue: Schema.String
}).check(Schema.makeFilter((info) => {
  const issue = identifierIssue(info.identifierType, info.identifierValue)
  return issue === undefined ? undefined : { path: ["identifierValue"], issue }
}))

/**
 * The type of `CustomerIdentification`.
 *
 * @since 0.2.0
 * @category identification
 */
export type CustomerIdentification = typeof CustomerIdentification.Type

/**
 * A user group's id or external id, as a number or a string (Capillary's example sends the id as a number).
 *
 * @since 0.2.0
 * @category identification
 */
export const GroupIdentifierValue = Schema.Union([Schema.Int, Schema.String])

/**
 * The user group of a group goodwill request (`userGroup2IdentificationInfo`): its `id` or `externalId`; the
 * source and account are accepted as Capillary sends them.
 *
 * @since 0.2.0
 * @category identification
 */
export const GroupIdentification = Schema.Struct({
  identifierType: Schema.Literals(["id", "externalId"]),
  identifierValue: GroupIdentifierValue,
  source: Schema.optional(Schema.String),
  accountId: Schema.optional(Schema.String)
}).check(Schema.makeFilter((info) => {
  const value = String(info.identifierValue)
  if (value.trim() === "") return { path: ["identifierValue"], issue: "the group's identifier is empty" }
  return info.identifierType === "id" && !/^[1-9]\d*$/.test(value)
    ? { path: ["identifierValue"], issue: "a group id is a positive integer" }
    : undefined
}))

/**
 * The type of `GroupIdentification`.
 *
 * @since 0.2.0
 * @category identification
 */
export type GroupIdentification = typeof GroupIdentification.Type

// ---------------------------------------------------------------------------------------------------------------
// Raising a request
// ---------------------------------------------------------------------------------------------------------------

/**
 * Comments on a request: at most 255 characters.
 *
 * @since 0.2.0
 * @category add
 */
export const Comments = Schema.String.check(
  Schema.isMaxLength(255, { message: "comments are at most 255 characters" })
)

/**
 * The body of a PII deletion request: the customer whose personal data is to be deleted.
 *
 * @since 0.2.0
 * @category add
 */
export const PiiDeletionAdd = Schema.Struct({
  type: Schema.Literal("CUSTOMER"),
  baseType: Schema.Literal("DELETE"),
  comments: Schema.optional(Comments),
  customerIdentificationInfo: CustomerIdentification
})

/**
 * The type of `PiiDeletionAdd`.
 *
 * @since 0.2.0
 * @category add
 */
export type PiiDeletionAdd = typeof PiiDeletionAdd.Type

/**
 * Goodwill points: how many (more than zero, at most three decimals), why (e.g. `POINTS_ISSUE`) and comments.
 *
 * @since 0.2.0
 * @category add
 */
export const GoodwillPoints = Schema.Struct({
  points: Schema.Finite.check(
    Schema.makeFilter((points) =>
      points > 0 && Math.abs(points * 1000 - Math.round(points * 1000)) < 1e-6
        ? undefined
        : "goodwill points are more than zero, with at most three decimals"
    )
  ),
  reason: Schema.optional(Schema.String),
  comments: Schema.optional(Comments)
})

/**
 * The type of `GoodwillPoints`.
 *
 * @since 0.2.0
 * @category add
 */
export type GoodwillPoints = typeof GoodwillPoints.Type

/**
 * The body of a goodwill points request for a customer, optionally into one loyalty program.
 *
 * @since 0.2.0
 * @category add
 */
export const GoodwillAdd = Schema.Struct({
  type: Schema.Literal("GOODWILL"),
  baseType: Schema.Literal("POINTS"),
  goodwillRequest: GoodwillPoints,
  earningEntityType: Schema.optional(Schema.Literal("CUSTOMER")),
  customerIdentificationInfo: CustomerIdentification,
  comments: Schema.optional(Comments),
  programId: Schema.optional(Schema.Int.check(Schema.isGreaterThan(0)))
})

/**
 * The type of `GoodwillAdd`.
 *
 * @since 0.2.0
 * @category add
 */
export type GoodwillAdd = typeof GoodwillAdd.Type

/**
 * The body of a goodwill points request for a user group ("Request Goodwill points (Group)").
 *
 * @since 0.2.0
 * @category add
 */
export const GroupGoodwillAdd = Schema.Struct({
  type: Schema.Literal("GOODWILL"),
  baseType: Schema.Literal("POINTS"),
  goodwillRequest: GoodwillPoints,
  earningEntityType: Schema.Literal("USERGROUP2"),
  userGroup2IdentificationInfo: GroupIdentification,
  comments: Schema.optional(Comments),
  programId: Schema.optional(Schema.Int.check(Schema.isGreaterThan(0)))
})

/**
 * The type of `GroupGoodwillAdd`.
 *
 * @since 0.2.0
 * @category add
 */
export type GroupGoodwillAdd = typeof GroupGoodwillAdd.Type

/**
 * An identifier of a change request: `{type, value}` (`type: "id"` with a customer id for a merge).
 *
 * @since 0.2.0
 * @category add
 */
export const ChangedIdentifier = Schema.Struct({ type: Schema.String, value: Schema.String })

/**
 * The identifiers a change request adds and removes.
 *
 * @since 0.2.0
 * @category add
 */
export const ChangeIdentifiers = Schema.Struct({
  add: Schema.Array(ChangedIdentifier),
  remove: Schema.Array(ChangedIdentifier)
})

const customerIdOf = (identifiers: ReadonlyArray<typeof ChangedIdentifier.Type>) =>
  identifiers.length === 1 && identifiers[0]!.type === "id" && /^[1-9]\d*$/.test(identifiers[0]!.value)
    ? identifiers[0]!.value
    : undefined

/**
 * The body of a customer merge request: the survivor's id in `add`, the victim's in `remove` (one each, both
 * `type: "id"`, not the same customer).
 *
 * @since 0.2.0
 * @category add
 */
export const MergeAdd = Schema.Struct({
  type: Schema.Literal("CHANGE_IDENTIFIER"),
  baseType: Schema.Literal("MERGE"),
  comments: Schema.optional(Comments),
  changeIdentifierRequest: Schema.Struct({ changeIdentifiers: ChangeIdentifiers })
}).check(Schema.makeFilter((body) => {
  const { add, remove } = body.changeIdentifierRequest.changeIdentifiers
  const survivor = customerIdOf(add)
  const victim = customerIdOf(remove)
  if (survivor === undefined || victim === undefined) {
    return {
      path: ["changeIdentifierRequest", "changeIdentifiers"],
      issue: "a merge names one survivor in add and one victim in remove, each as {type: \"id\", value: <customer id>}"
    }
  }
  return survivor === victim
    ? { path: ["changeIdentifierRequest", "changeIdentifiers"], issue: "a customer cannot be merged into itself" }
    : undefined
}))

/**
 * The type of `MergeAdd`.
 *
 * @since 0.2.0
 * @category add
 */
export type MergeAdd = typeof MergeAdd.Type

/**
 * The body of `POST /v2/requests`: a PII deletion, a goodwill request (customer or group) or a merge.
 *
 * @since 0.2.0
 * @category add
 */
export const RequestAdd = Schema.Union([PiiDeletionAdd, GoodwillAdd, GroupGoodwillAdd, MergeAdd])

/**
 * The type of `RequestAdd`.
 *
 * @since 0.2.0
 * @category add
 */
export type RequestAdd = typeof RequestAdd.Type

/**
 * A boolean in a query string: `"true"` or `"false"`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const BooleanFromString = Schema.Literals(["true", "false"]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === "true"),
    encode: SchemaGetter.transform((value): "true" | "false" => (value ? "true" : "false"))
  })
)

/**
 * The query of `POST /v2/requests`: `client_auto_approve=true` approves the request as it is raised, with no
 * second person (Capillary advises against it in normal use).
 *
 * @since 0.2.0
 * @category add
 */
export const RequestAddQuery = Schema.Struct({ client_auto_approve: Schema.optional(BooleanFromString) })

/**
 * The type of `RequestAddQuery`.
 *
 * @since 0.2.0
 * @category add
 */
export type RequestAddQuery = typeof RequestAddQuery.Type

/**
 * The answer to a new request: its id.
 *
 * @since 0.2.0
 * @category add
 */
export const RequestCreated = Schema.Struct({
  createdId: RequestId,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `RequestCreated`.
 *
 * @since 0.2.0
 * @category add
 */
export type RequestCreated = typeof RequestCreated.Type

// ---------------------------------------------------------------------------------------------------------------
// Changing a request's status
// ---------------------------------------------------------------------------------------------------------------

/**
 * One status change of `PUT /v2/requests`: which request (its kind and id), the status to set and comments.
 *
 * @since 0.2.0
 * @category update
 */
export const StatusUpdate = Schema.Struct({
  type: RequestType,
  baseType: RequestBaseType,
  id: RequestIdLoose,
  status: TargetStatus,
  comments: Schema.optional(Comments)
}).check(Schema.makeFilter((update) =>
  baseTypeOf[update.type] === update.baseType
    ? undefined
    : { path: ["baseType"], issue: `the base type of a ${update.type} request is ${baseTypeOf[update.type]}` }
))

/**
 * The type of `StatusUpdate`.
 *
 * @since 0.2.0
 * @category update
 */
export type StatusUpdate = typeof StatusUpdate.Type

/**
 * The body of `PUT /v2/requests`: status changes, at least one.
 *
 * @since 0.2.0
 * @category update
 */
export const StatusUpdates = Schema.NonEmptyArray(StatusUpdate)

/**
 * The outcome of one status change: the request's id, `result: true` when it was applied, or its errors.
 *
 * @since 0.2.0
 * @category update
 */
export const StatusUpdateResult = Schema.Struct({
  entityId: Schema.Number,
  result: Schema.optional(Schema.Boolean),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue)),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `StatusUpdateResult`.
 *
 * @since 0.2.0
 * @category update
 */
export type StatusUpdateResult = typeof StatusUpdateResult.Type

/**
 * The answer to `PUT /v2/requests`: one result per change, how many there were and how many failed. A failed
 * change is a result with errors, not a failure of the call.
 *
 * @since 0.2.0
 * @category update
 */
export const StatusUpdateResults = Schema.Struct({
  response: Schema.Array(StatusUpdateResult),
  totalCount: Schema.Number,
  failureCount: Schema.Number,
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `StatusUpdateResults`.
 *
 * @since 0.2.0
 * @category update
 */
export type StatusUpdateResults = typeof StatusUpdateResults.Type

// ---------------------------------------------------------------------------------------------------------------
// Reading requests
// ---------------------------------------------------------------------------------------------------------------

/**
 * A till, store or user that raised or changed a request, as Capillary describes it.
 *
 * @since 0.2.0
 * @category read
 */
export const RequestActor = Schema.Struct({
  id: Schema.optional(Schema.Number),
  code: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  referenceId: Schema.optional(Schema.Number),
  adminType: Schema.optional(Schema.String),
  isActive: Schema.optional(Schema.Boolean),
  isOuEnabled: Schema.optional(Schema.Boolean),
  timeZoneId: Schema.optional(Schema.Number),
  currencyId: Schema.optional(Schema.Number),
  languageId: Schema.optional(Schema.Number),
  default: Schema.optional(Schema.Boolean)
})

/**
 * The type of `RequestActor`.
 *
 * @since 0.2.0
 * @category read
 */
export type RequestActor = typeof RequestActor.Type

/**
 * When and by whom a request was raised and last changed (ISO-8601 dates).
 *
 * @since 0.2.0
 * @category read
 */
export const RequestAttribution = Schema.Struct({
  createDate: Schema.optional(Schema.String),
  createdBy: Schema.optional(RequestActor),
  modifiedBy: Schema.optional(RequestActor),
  modifiedDate: Schema.optional(Schema.String)
})

const commonFields = {
  status: Schema.optional(Schema.String),
  attribution: Schema.optional(RequestAttribution),
  id: Schema.optional(Schema.Number),
  orgId: Schema.optional(Schema.Number),
  addedOn: Schema.optional(Schema.String),
  userId: Schema.optional(Schema.Number),
  comments: Schema.optional(Schema.String),
  oneStep: Schema.optional(Schema.Boolean),
  warnings: Schema.optional(Envelope.V2Warnings)
}

/**
 * One change of a request's status, as the emulator's deletion details log it.
 *
 * @since 0.2.0
 * @category read
 */
export const StatusLogEntry = Schema.Struct({
  status: Schema.String,
  changedOn: Schema.String,
  changedBy: Schema.optional(Schema.String),
  comments: Schema.optional(Schema.String)
})

/**
 * The type of `StatusLogEntry`.
 *
 * @since 0.2.0
 * @category read
 */
export type StatusLogEntry = typeof StatusLogEntry.Type

/**
 * The deletion part of a PII deletion request: its status, when the deletion is scheduled (once approved) and
 * when it was carried out, and the log of its statuses.
 *
 * @since 0.2.0
 * @category read
 */
export const CustomerDeletionDetails = Schema.Struct({
  requestId: Schema.optional(Schema.Number),
  userId: Schema.optional(Schema.Number),
  status: Schema.optional(Schema.String),
  scheduledTime: Schema.optional(Schema.String),
  deletedOn: Schema.optional(Schema.String),
  statusLog: Schema.optional(Schema.Array(StatusLogEntry))
})

/**
 * A PII deletion request, as read by id or listed.
 *
 * @since 0.2.0
 * @category read
 */
export const PiiDeletionRequest = Schema.Struct({
  type: Schema.Literal("CUSTOMER"),
  baseType: Schema.Literal("DELETE"),
  ...commonFields,
  customerDeletionDetails: Schema.optional(CustomerDeletionDetails)
})

/**
 * The type of `PiiDeletionRequest`.
 *
 * @since 0.2.0
 * @category read
 */
export type PiiDeletionRequest = typeof PiiDeletionRequest.Type

/**
 * A goodwill points request, as read by id or listed.
 *
 * @since 0.2.0
 * @category read
 */
export const GoodwillRequest = Schema.Struct({
  type: Schema.Literal("GOODWILL"),
  baseType: Schema.Literal("POINTS"),
  ...commonFields,
  goodwillRequest: Schema.optional(Schema.Struct({
    points: Schema.optional(Schema.Number),
    reason: Schema.optional(Schema.String),
    comments: Schema.optional(Schema.String),
    approvedValue: Schema.optional(Schema.String)
  })),
  earningEntityType: Schema.optional(Schema.String),
  programId: Schema.optional(Schema.Number),
  userGroup2IdentificationInfo: Schema.optional(Schema.Struct({
    identifierType: Schema.String,
    identifierValue: GroupIdentifierValue
  }))
})

/**
 * The type of `GoodwillRequest`.
 *
 * @since 0.2.0
 * @category read
 */
export type GoodwillRequest = typeof GoodwillRequest.Type

/**
 * The change part of a merge request: the survivor (`add`) and the victim (`remove`) and the change's status.
 *
 * @since 0.2.0
 * @category read
 */
export const ChangeIdentifierDetails = Schema.Struct({
  id: Schema.optional(Schema.Number),
  userId: Schema.optional(Schema.Number),
  requestId: Schema.optional(Schema.Number),
  changeType: Schema.optional(Schema.String),
  changeStatus: Schema.optional(Schema.String),
  changeIdentifiers: Schema.optional(ChangeIdentifiers),
  oneStep: Schema.optional(Schema.Boolean)
})

/**
 * A customer merge request, as read by id or listed (lists may leave out `type` and `baseType`).
 *
 * @since 0.2.0
 * @category read
 */
export const MergeRequest = Schema.Struct({
  type: Schema.optional(Schema.Literal("CHANGE_IDENTIFIER")),
  baseType: Schema.optional(Schema.Literal("MERGE")),
  ...commonFields,
  changeIdentifierRequest: ChangeIdentifierDetails
})

/**
 * The type of `MergeRequest`.
 *
 * @since 0.2.0
 * @category read
 */
export type MergeRequest = typeof MergeRequest.Type

/**
 * A request of another kind (a transaction request), kept whole.
 *
 * @since 0.2.0
 * @category read
 */
export const OtherRequest = Schema.StructWithRest(
  Schema.Struct({ type: Schema.optional(Schema.String), baseType: Schema.optional(Schema.String) }),
  [Schema.Record(Schema.String, Schema.Json)]
)

/**
 * A request of any kind, as `GET /v2/requests/{id}` answers it and `GET /v2/requests` lists it.
 *
 * @since 0.2.0
 * @category read
 */
export const RequestDetails = Schema.Union([PiiDeletionRequest, GoodwillRequest, MergeRequest, OtherRequest])

/**
 * The type of `RequestDetails`.
 *
 * @since 0.2.0
 * @category read
 */
export type RequestDetails = typeof RequestDetails.Type

/**
 * Whether a request read is a PII deletion request.
 *
 * @since 0.2.0
 * @category guards
 */
export const isPiiDeletion = Schema.is(PiiDeletionRequest)

/**
 * Whether a request read is a goodwill request.
 *
 * @since 0.2.0
 * @category guards
 */
export const isGoodwill = Schema.is(GoodwillRequest)

/**
 * Whether a request read is a merge request.
 *
 * @since 0.2.0
 * @category guards
 */
export const isMerge = Schema.is(MergeRequest)

// ---------------------------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------------------------

const IntFromString = (minimum: number) =>
  Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(Schema.isGreaterThanOrEqualTo(minimum))))

/**
 * The page size of a request list when none is given.
 *
 * @since 0.2.0
 * @category lists
 */
export const defaultPageSize = 10

/**
 * The `pagination` of a request list: the page's `limit` and `offset`, the order and the total.
 *
 * @since 0.2.0
 * @category lists
 */
export const RequestPagination = Schema.Struct({
  limit: Schema.Number,
  offset: Schema.Number,
  sortBy: Schema.optional(Schema.String),
  sortOrder: Schema.optional(Schema.String),
  total: Schema.Number
})

/**
 * The query of `GET /v2/requests`: the kind of request (both `requestType` and `requestSubType`), optionally
 * its status, the customer (`source`, `identifierType`, `identifierValue`), a date range (`start_date`,
 * `end_date`, `YYYY-MM-DD` or ISO-8601), the order (`sort` by `ADDED_ON` or `LAST_UPDATED_ON`, `order`) and the
 * page (`limit` from 1, `offset` from 0).
 *
 * @since 0.2.0
 * @category lists
 */
export const RequestsQuery = Schema.Struct({
  requestType: RequestType,
  requestSubType: RequestBaseType,
  status: Schema.optional(RequestStatus),
  source: Schema.optional(Customer.Source),
  accountId: Schema.optional(Schema.String),
  identifierType: Schema.optional(CustomerIdentifierType),
  identifierValue: Schema.optional(Schema.String),
  start_date: Schema.optional(Schema.String),
  end_date: Schema.optional(Schema.String),
  sort: Schema.optional(Schema.Literals(["ADDED_ON", "LAST_UPDATED_ON"])),
  order: Schema.optional(Schema.Literals(["ASC", "DESC"])),
  limit: Schema.optional(IntFromString(1)),
  offset: Schema.optional(IntFromString(0))
}).check(Schema.makeFilter((query) => {
  if (baseTypeOf[query.requestType] !== query.requestSubType) {
    return {
      path: ["requestSubType"],
      issue: `the sub-type of ${query.requestType} requests is ${baseTypeOf[query.requestType]}`
    }
  }
  if ((query.identifierType === undefined) !== (query.identifierValue === undefined)) {
    return { path: ["identifierValue"], issue: "a customer is named by both identifierType and identifierValue" }
  }
  if (query.identifierType !== undefined && query.identifierValue !== undefined) {
    if (query.source === undefined) return { path: ["source"], issue: "a customer is named within a source" }
    const issue = identifierIssue(query.identifierType, query.identifierValue)
    if (issue !== undefined) return { path: ["identifierValue"], issue }
  }
  return undefined
}))

/**
 * The type of `RequestsQuery`.
 *
 * @since 0.2.0
 * @category lists
 */
export type RequestsQuery = typeof RequestsQuery.Type

/**
 * A page of `GET /v2/requests`.
 *
 * @since 0.2.0
 * @category lists
 */
export const RequestsPage = Schema.Struct({
  pagination: RequestPagination,
  data: Schema.Array(RequestDetails),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `RequestsPage`.
 *
 * @since 0.2.0
 * @category lists
 */
export type RequestsPage = typeof RequestsPage.Type

/**
 * The query of a customer's goodwill requests: one request, one-step requests only, one program, auto-approved
 * requests only, and the page.
 *
 * @since 0.2.0
 * @category goodwill
 */
export const GoodwillRequestsQuery = Schema.Struct({
  requestId: Schema.optional(RequestIdFromString),
  is_one_step_change: Schema.optional(BooleanFromString),
  programId: Schema.optional(IntFromString(1)),
  autoApprove: Schema.optional(BooleanFromString),
  limit: Schema.optional(IntFromString(1)),
  offset: Schema.optional(IntFromString(0))
})

/**
 * The type of `GoodwillRequestsQuery`.
 *
 * @since 0.2.0
 * @category goodwill
 */
export type GoodwillRequestsQuery = typeof GoodwillRequestsQuery.Type

/**
 * A goodwill request in a customer's list: who raised and changed it, its status, the approved value (once
 * approved, a string), comments and the program.
 *
 * @since 0.2.0
 * @category goodwill
 */
export const GoodwillRequestEntry = Schema.Struct({
  id: Schema.Number,
  addedBy: Schema.optional(RequestActor),
  updatedBy: Schema.optional(RequestActor),
  enteredBy: Schema.optional(RequestActor),
  addedOn: Schema.optional(Schema.String),
  updatedOn: Schema.optional(Schema.String),
  programId: Schema.optional(Schema.Number),
  userId: Schema.optional(Schema.Number),
  requestId: Schema.optional(Schema.Number),
  goodwillType: Schema.optional(Schema.String),
  goodwillStatus: Schema.optional(Schema.String),
  comments: Schema.optional(Schema.String),
  reason: Schema.optional(Schema.String),
  approvedValue: Schema.optional(Schema.String),
  updatedComments: Schema.optional(Schema.String),
  program: Schema.optional(Schema.Struct({
    programId: Schema.optional(Schema.Number),
    programName: Schema.optional(Schema.String),
    pointsToCurrencyRatio: Schema.optional(Schema.Number),
    programDescription: Schema.optional(Schema.String),
    default: Schema.optional(Schema.Boolean)
  })),
  earningEntityType: Schema.optional(Schema.String),
  oneStep: Schema.optional(Schema.Boolean)
})

/**
 * The type of `GoodwillRequestEntry`.
 *
 * @since 0.2.0
 * @category goodwill
 */
export type GoodwillRequestEntry = typeof GoodwillRequestEntry.Type

/**
 * A customer's goodwill requests.
 *
 * @since 0.2.0
 * @category goodwill
 */
export const GoodwillRequests = Schema.Struct({
  pagination: RequestPagination,
  data: Schema.Array(GoodwillRequestEntry),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `GoodwillRequests`.
 *
 * @since 0.2.0
 * @category goodwill
 */
export type GoodwillRequests = typeof GoodwillRequests.Type

const filterFields = {
  startDate: Schema.optional(Schema.String),
  endDate: Schema.optional(Schema.String),
  startId: Schema.optional(IntFromString(0)),
  endId: Schema.optional(IntFromString(0)),
  offset: Schema.optional(IntFromString(0)),
  limit: Schema.optional(IntFromString(1)),
  startLimit: Schema.optional(Schema.String)
}

/**
 * The query of a customer's retro-transaction requests: `changeType=RETRO`, a date range, a range of ids and the
 * page.
 *
 * @since 0.2.0
 * @category retro
 */
export const RetroRequestsQuery = Schema.Struct({
  changeType: Schema.optional(Schema.Literal("RETRO")),
  ...filterFields
})

/**
 * The type of `RetroRequestsQuery`.
 *
 * @since 0.2.0
 * @category retro
 */
export type RetroRequestsQuery = typeof RetroRequestsQuery.Type

/**
 * The query of `GET /v2/customers/lookup/retroRequest`: the customer by identifier in a source, and the filters
 * of {@link RetroRequestsQuery}.
 *
 * @since 0.2.0
 * @category retro
 */
export const RetroRequestsLookupQuery = Schema.Struct({
  source: Customer.Source,
  accountId: Schema.optional(Schema.String),
  identifierName: Customer.IdentifierType,
  identifierValue: Schema.String,
  changeType: Schema.optional(Schema.Literal("RETRO")),
  ...filterFields
}).check(Schema.makeFilter((query) => {
  const issue = identifierIssue(query.identifierName, query.identifierValue)
  return issue === undefined ? undefined : { path: ["identifierValue"], issue }
}))

/**
 * The type of `RetroRequestsLookupQuery`.
 *
 * @since 0.2.0
 * @category retro
 */
export type RetroRequestsLookupQuery = typeof RetroRequestsLookupQuery.Type

/**
 * A retro-transaction request: a transaction made before the customer registered, to be tagged to them.
 *
 * @since 0.2.0
 * @category retro
 */
export const RetroRequestEntry = Schema.Struct({
  id: Schema.Number,
  status: Schema.optional(Schema.String),
  addedBy: Schema.optional(RequestActor),
  addedByParent: Schema.optional(RequestActor),
  updatedBy: Schema.optional(RequestActor),
  addedOn: Schema.optional(Schema.String),
  updatedOn: Schema.optional(Schema.String),
  userId: Schema.optional(Schema.Number),
  requestId: Schema.optional(Schema.Number),
  baseType: Schema.optional(Schema.String),
  reason: Schema.optional(Schema.String),
  comments: Schema.optional(Schema.String),
  transactionId: Schema.optional(Schema.Number),
  warnings: Schema.optional(Envelope.V2Warnings),
  reqAdd: Schema.optional(Schema.Boolean),
  oneStep: Schema.optional(Schema.Boolean)
})

/**
 * The type of `RetroRequestEntry`.
 *
 * @since 0.2.0
 * @category retro
 */
export type RetroRequestEntry = typeof RetroRequestEntry.Type

/**
 * A customer's retro-transaction requests.
 *
 * @since 0.2.0
 * @category retro
 */
export const RetroRequests = Schema.Struct({
  pagination: RequestPagination,
  data: Schema.Array(RetroRequestEntry),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `RetroRequests`.
 *
 * @since 0.2.0
 * @category retro
 */
export type RetroRequests = typeof RetroRequests.Type

/**
 * The kinds of identifier change: a mobile, email or external id, or a merge of two customers.
 *
 * @since 0.2.0
 * @category change requests
 */
export const ChangeType = Schema.Literals(["MOBILE", "EMAIL", "EXTERNAL_ID", "MERGE"])

/**
 * The type of `ChangeType`.
 *
 * @since 0.2.0
 * @category change requests
 */
export type ChangeType = typeof ChangeType.Type

/**
 * The query of a customer's identifier change requests: one kind of change, a date range, a range of ids and
 * the page.
 *
 * @since 0.2.0
 * @category change requests
 */
export const ChangeRequestsQuery = Schema.Struct({
  changeType: Schema.optional(ChangeType),
  ...filterFields
})

/**
 * The type of `ChangeRequestsQuery`.
 *
 * @since 0.2.0
 * @category change requests
 */
export type ChangeRequestsQuery = typeof ChangeRequestsQuery.Type

/**
 * An identifier change request of a customer: the kind of change (`baseType`), the old and new values (for a
 * merge, the victim's and the survivor's ids), its status and who raised and changed it.
 *
 * @since 0.2.0
 * @category change requests
 */
export const ChangeRequestEntry = Schema.Struct({
  id: Schema.Number,
  status: Schema.optional(Schema.String),
  addedBy: Schema.optional(RequestActor),
  updatedBy: Schema.optional(RequestActor),
  addedOn: Schema.optional(Schema.String),
  updatedOn: Schema.optional(Schema.String),
  userId: Schema.optional(Schema.Number),
  requestId: Schema.optional(Schema.Number),
  baseType: Schema.optional(Schema.String),
  oldValue: Schema.optional(Schema.NullOr(Schema.String)),
  newValue: Schema.optional(Schema.NullOr(Schema.String)),
  reason: Schema.optional(Schema.String),
  comments: Schema.optional(Schema.String),
  updatedComments: Schema.optional(Schema.String),
  warnings: Schema.optional(Envelope.V2Warnings),
  oneStep: Schema.optional(Schema.Boolean)
})

/**
 * The type of `ChangeRequestEntry`.
 *
 * @since 0.2.0
 * @category change requests
 */
export type ChangeRequestEntry = typeof ChangeRequestEntry.Type

/**
 * A customer's identifier change requests.
 *
 * @since 0.2.0
 * @category change requests
 */
export const ChangeRequests = Schema.Struct({
  pagination: RequestPagination,
  data: Schema.Array(ChangeRequestEntry),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `ChangeRequests`.
 *
 * @since 0.2.0
 * @category change requests
 */
export type ChangeRequests = typeof ChangeRequests.Type
