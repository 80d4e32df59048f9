/**
 * What the emulator does for the requests endpoints of `@capillary-effect/customers` (`RequestsApi`):
 * - PII deletion: raised PENDING for a customer found by identifier (or id); approved by another till than the one
 *   that raised it (9051), or at once with `client_auto_approve=true`; then the customer's status becomes
 *   `deletion_pending` and, once the organisation's waiting period (`CONF_PII_DATA_DELETE_AFTER_DAYS`, 0 unless set
 *   with `setDeletionWaitingDays`) has passed since the approval, the customer's personal data is deleted (names,
 *   identifiers, channels, custom and extended fields, identifier values in the change log), the status becomes
 *   `DELETED` and the request `DELETED`. The customer id and everything attributed to it (points, groups,
 *   requests) stay. A pending request can be rejected; a pending or approved one not yet carried out cancelled,
 *   which restores the customer's previous status. One open deletion per customer.
 * - Goodwill points for a customer or an active user group (93026), into a program of the organisation (1101; the
 *   default or group program when none is named): approving awards the points through the ledger, so balances
 *   change; rejecting awards nothing.
 * - Every status change is logged on the emulator clock and shown in the deletion details of a read.
 * - Reads by id (9050 when the organisation has no such request), lists by kind with paging, date range, status
 *   and customer filters, and a customer's goodwill requests (9050 for an unknown customer).
 * - A customer's identifier change requests are the customer's applied identifier changes and merges (one-step,
 *   `APPROVED`), as the customers store records them.
 * - Customer merges (`CHANGE_IDENTIFIER` / `MERGE`) of two standing customers of the organisation (8015 unknown,
 *   8069 already merged), raised PENDING for the victim; approving merges them through the customers store
 *   (`mergeCustomers`: profiles, identifiers and every lot of the victim's wallets, redeemable and promised,
 *   move to the survivor; 8066 when both have a profile in one source and account, then the approval is refused
 *   and the request stays PENDING). A pending merge can be rejected, and a rejected one set back to pending;
 *   none is cancelled. Capillary shows a pending merge's change as `PROCESSING`; the emulator shows the
 *   request's status once it is approved or rejected (assumed: Capillary's docs show only the pending one).
 *   Anyone may approve a merge (the docs name the requester rule for PII deletions only).
 * What it refuses, and why:
 * - retro-transaction requests are always an empty list for a known customer (9050 for an unknown one): the
 *   emulator keeps no transactions, so no transaction can be tagged retroactively;
 * - transaction requests (`TRANSACTION` / `REGULAR_TXN_ADD`) cannot be raised (the body schema has no such kind) and
 *   list empty, for the same reason.
 * Deletions that fall due with the clock are carried out lazily, by the next call of any requests endpoint
 * (or by `processDueDeletions`).
 *
 * @since 0.2.0
 */
import { Customer, Request, RequestsApi } from "@capillary-effect/customers"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, reject, Rejection } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Customers from "./internal/customers.ts"
import { isoSeconds } from "./internal/dates.ts"
import * as Ledger from "./internal/ledger.ts"
import * as Store from "./internal/requests.ts"
import * as UserGroupStore from "./internal/usergroups.ts"
import { Organizations } from "./Organizations.ts"

/**
 * The requests tables: requests, their status log and each organisation's PII deletion waiting period.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = { "0150_requests": Store.createTables }

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

/** A till as the request reads describe it. */
const tillActor = (id: number, code: string): Request.RequestActor => ({
  id,
  code,
  description: "",
  name: code,
  type: "TILL",
  referenceId: -1,
  adminType: "GENERAL",
  isActive: true,
  isOuEnabled: false,
  default: false
})

interface Who {
  readonly orgId: number
  readonly actor: Store.Actor
  readonly now: number
}

const whoOf = (context: { readonly principal: { orgId: number; tillId: number; tillCode: string }; now: number }) => ({
  orgId: context.principal.orgId,
  actor: { tillId: context.principal.tillId, tillCode: context.principal.tillCode },
  now: context.now
})

/** The customer a request names: by id, or by identifier in its source (and account); 8015 / 8069. */
const resolveCustomer = Effect.fnUntraced(function*(orgId: number, info: Request.CustomerIdentification) {
  const id = info.identifierType === "id"
    ? Number(info.identifierValue)
    : yield* Customers.findByIdentifier(orgId, { type: info.identifierType, value: info.identifierValue }, {
      source: info.source,
      accountId: info.accountId
    })
  if (id === undefined) return yield* Customers.notFound()
  yield* Customers.active(orgId, id, Customers.notFound)
  return id
})

/** The program points go into: the one named (1101 when not the organisation's), else the owner type's default. */
const resolveProgram = Effect.fnUntraced(function*(
  orgId: number,
  programId: number | undefined,
  type: Ledger.OwnerType
) {
  const program = programId === undefined
    ? yield* Ledger.defaultProgram(orgId, type)
    : yield* Ledger.program(orgId, programId)
  if (program === undefined) return yield* Store.invalidProgram()
  return program
})

const deletionPending = { label: "deletion_pending", status: "PENDING_DELETION" } as const
const deletedStatus = { label: "DELETED", status: "DELETED" } as const

/**
 * Sets the customer's status to one of the platform's deletion labels (created for the organisation the first
 * time, as Capillary does), or restores an earlier label. Without the customer status tables, the label column.
 */
const setCustomerStatus = Effect.fnUntraced(function*(
  who: Who,
  customerId: number,
  label: string | null,
  reason: string,
  platform?: { readonly label: string; readonly status: string }
) {
  if (!(yield* Customers.statusModelled)) return yield* Store.setStatusLabelColumn(customerId, label)
  if (label === null) return yield* Store.setStatusLabelColumn(customerId, null)
  const defined = yield* Customers.statusLabels(who.orgId)
  if (!defined.some((entry) => entry.label === label)) {
    // A label restored from before the organisation defined its labels is set as it was.
    if (platform === undefined) return yield* Store.setStatusLabelColumn(customerId, label)
    yield* Customers.defineStatusLabel(who.orgId, { ...platform, isDefault: false })
  }
  yield* Customers.setStatus({
    orgId: who.orgId,
    customerId,
    label,
    reason,
    createdOn: who.now,
    now: who.now,
    by: { id: who.actor.tillId, code: who.actor.tillCode }
  })
})

const currentStatus = (orgId: number, customerId: number) =>
  Effect.flatMap(Customers.statusModelled, (modelled) =>
    modelled
      ? Effect.map(Customers.currentStatusLabel(orgId, customerId), (label) => label ?? null)
      : Store.statusLabelColumn(customerId))

/**
 * Carries out the organisation's approved PII deletions whose waiting period has passed: deletes the customers'
 * personal data, sets their status to `DELETED` and marks the requests `DELETED`, at their scheduled time. Every
 * requests endpoint runs it first; other modules can too.
 *
 * @since 0.2.0
 * @category deletion
 */
export const processDueDeletions = Effect.fnUntraced(function*(orgId: number, now: number) {
  for (const request of yield* Store.dueDeletions(orgId, now)) {
    const at = request.scheduled_at ?? now
    if (request.customer_id !== null) {
      yield* Store.deletePersonalData(orgId, request.customer_id, at)
      yield* setCustomerStatus(
        { orgId, actor: { tillId: request.updated_by_till, tillCode: request.updated_by }, now: at },
        request.customer_id,
        deletedStatus.label,
        `PII deletion request ${request.id}`,
        deletedStatus
      )
    }
    yield* Store.markDeleted(request, at)
  }
})

/**
 * Sets an organisation's PII deletion waiting period (`CONF_PII_DATA_DELETE_AFTER_DAYS`, 0 to 90 days; 0 deletes at
 * approval). For tests and seeds.
 *
 * @since 0.2.0
 * @category deletion
 */
export const setDeletionWaitingDays = (orgId: number, days: number) =>
  Number.isInteger(days) && days >= 0 && days <= 90
    ? Store.setWaitingDays(orgId, days)
    : Effect.die(new RangeError(`a PII deletion waiting period is 0 to 90 days, not ${days}`))

// ---------------------------------------------------------------------------------------------------------------
// Status changes
// ---------------------------------------------------------------------------------------------------------------

const approvePii = Effect.fnUntraced(function*(
  who: Who,
  request: Store.RequestRow,
  comments: string,
  auto: boolean
) {
  if (!auto && request.created_by_till === who.actor.tillId) return yield* Store.sameUser()
  const customerId = request.customer_id!
  const previous = yield* currentStatus(who.orgId, customerId)
  const days = yield* Store.waitingDays(who.orgId)
  yield* Store.setStatus({
    request,
    status: "APPROVED",
    now: who.now,
    by: who.actor,
    comments,
    scheduledAt: Store.scheduleFrom(who.now, days),
    previousStatusLabel: previous
  })
  yield* setCustomerStatus(
    who,
    customerId,
    deletionPending.label,
    `PII deletion request ${request.id}`,
    deletionPending
  )
  yield* processDueDeletions(who.orgId, who.now)
})

const decodeGoodwillDetails = Schema.decodeUnknownEffect(Schema.fromJsonString(Store.GoodwillDetails))

/** What a goodwill request asks for, as stored (a defect when the row is not one the emulator wrote). */
const decodeGoodwill = (request: Store.RequestRow) => Effect.orDie(decodeGoodwillDetails(request.details))

const approveGoodwill = Effect.fnUntraced(function*(who: Who, request: Store.RequestRow, comments: string) {
  const details = yield* decodeGoodwill(request)
  const owner: Ledger.Owner = request.group_id === null
    ? { orgId: who.orgId, type: "CUSTOMER", id: request.customer_id! }
    : { orgId: who.orgId, type: "USERGROUP2", id: request.group_id }
  yield* Ledger.award(owner, request.program_id!, details.points, {
    notes: `Goodwill request ${request.id}${details.reason === undefined ? "" : `: ${details.reason}`}`,
    tillId: who.actor.tillId,
    now: who.now
  })
  yield* Store.setStatus({ request, status: "APPROVED", now: who.now, by: who.actor, comments })
})

const decodeMergeDetails = Schema.decodeUnknownEffect(Schema.fromJsonString(Store.MergeDetails))

/** Which customers a merge request merges, as stored (a defect when the row is not one the emulator wrote). */
const decodeMerge = (request: Store.RequestRow) => Effect.orDie(decodeMergeDetails(request.details))

const approveMerge = Effect.fnUntraced(function*(who: Who, request: Store.RequestRow, comments: string) {
  const details = yield* decodeMerge(request)
  yield* Customers.mergeCustomers({
    orgId: who.orgId,
    victimId: details.victimId,
    survivorId: details.survivorId,
    now: who.now,
    by: who.actor.tillCode,
    tillId: who.actor.tillId
  })
  yield* Store.setStatus({ request, status: "APPROVED", now: who.now, by: who.actor, comments })
})

/** Applies one status change, or rejects it (its item then carries the rejection as its error). */
const applyUpdate = Effect.fnUntraced(function*(who: Who, update: Request.StatusUpdate) {
  const request = yield* Store.find(who.orgId, update.id)
  if (request === undefined || request.type !== update.type || request.base_type !== update.baseType) {
    return yield* Store.requestNotFound()
  }
  const target = update.status === "CANCELLED" ? "CANCELED" : update.status
  const comments = update.comments ?? ""
  const refuse = () =>
    Store.invalid(
      `Request ${request.id} is ${request.status}: it cannot be set to ${target}${
        request.status === "REJECTED" && target === "APPROVED" ? " (set it to PENDING first)" : ""
      }`
    )
  const pii = request.type === "CUSTOMER"
  switch (target) {
    case "APPROVED": {
      if (request.status !== "PENDING") return yield* refuse()
      return pii
        ? yield* approvePii(who, request, comments, false)
        : request.type === "CHANGE_IDENTIFIER"
        ? yield* approveMerge(who, request, comments)
        : yield* approveGoodwill(who, request, comments)
    }
    case "REJECTED":
    case "PENDING": {
      if (request.status !== (target === "REJECTED" ? "PENDING" : "REJECTED")) return yield* refuse()
      return yield* Store.setStatus({ request, status: target, now: who.now, by: who.actor, comments })
    }
    case "CANCELED": {
      if (!pii || (request.status !== "PENDING" && request.status !== "APPROVED")) return yield* refuse()
      yield* Store.setStatus({ request, status: "CANCELED", now: who.now, by: who.actor, comments })
      if (request.status === "APPROVED") {
        yield* setCustomerStatus(
          who,
          request.customer_id!,
          request.previous_status_label,
          `PII deletion request ${request.id} cancelled`
        )
      }
      return
    }
    case "CUSTOM":
      return yield* refuse()
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------------------------

const commonOf = (row: Store.RequestRow) => ({
  status: row.status,
  attribution: {
    createDate: isoSeconds(row.created_at),
    createdBy: tillActor(row.created_by_till, row.created_by),
    modifiedBy: tillActor(row.updated_by_till, row.updated_by),
    modifiedDate: isoSeconds(row.updated_at)
  },
  id: row.id,
  orgId: row.org_id,
  addedOn: isoSeconds(row.created_at),
  userId: row.customer_id ?? -1,
  comments: row.comments,
  oneStep: false,
  warnings: []
})

/** A request as `GET /v2/requests/{id}` and the lists answer it (the emulator raises no transaction requests). */
const render = Effect.fnUntraced(function*(row: Store.RequestRow) {
  if (row.type !== "GOODWILL" && row.type !== "CUSTOMER" && row.type !== "CHANGE_IDENTIFIER") {
    return yield* Effect.die(new Error(`request ${row.id} is of a kind the emulator does not raise: ${row.type}`))
  }
  if (row.type === "CHANGE_IDENTIFIER") {
    const details = yield* decodeMerge(row)
    return {
      type: "CHANGE_IDENTIFIER",
      baseType: "MERGE",
      ...commonOf(row),
      changeIdentifierRequest: {
        requestId: row.id,
        changeType: "MERGE",
        changeStatus: row.status === "PENDING" ? "PROCESSING" : row.status,
        changeIdentifiers: {
          add: [{ type: "id", value: String(details.survivorId) }],
          remove: [{ type: "id", value: String(details.victimId) }]
        },
        oneStep: false
      }
    } satisfies Request.MergeRequest
  }
  if (row.type === "GOODWILL") {
    const details = yield* decodeGoodwill(row)
    return {
      type: "GOODWILL",
      baseType: "POINTS",
      ...commonOf(row),
      goodwillRequest: {
        points: details.points,
        ...(details.reason === undefined ? {} : { reason: details.reason }),
        ...(details.goodwillComments === undefined ? {} : { comments: details.goodwillComments }),
        ...(row.status === "APPROVED" ? { approvedValue: String(details.points) } : {})
      },
      earningEntityType: details.earningEntityType,
      ...(row.program_id === null ? {} : { programId: row.program_id }),
      ...(row.group_id === null ? {} : {
        userGroup2IdentificationInfo: { identifierType: "id", identifierValue: row.group_id }
      })
    } satisfies Request.GoodwillRequest
  }
  const log = yield* Store.statusLog(row.id)
  return {
    type: "CUSTOMER",
    baseType: "DELETE",
    ...commonOf(row),
    customerDeletionDetails: {
      requestId: row.id,
      userId: row.customer_id ?? -1,
      status: row.status,
      ...(row.scheduled_at === null ? {} : { scheduledTime: isoSeconds(row.scheduled_at) }),
      ...(row.processed_at === null ? {} : { deletedOn: isoSeconds(row.processed_at) }),
      statusLog: log.map((entry) => ({
        status: entry.status,
        changedOn: isoSeconds(entry.changed_at),
        changedBy: entry.changed_by,
        ...(entry.comments === "" ? {} : { comments: entry.comments })
      }))
    }
  } satisfies Request.PiiDeletionRequest
})

const dayPattern = /^\d{4}-\d{2}-\d{2}$/

/** A date filter as epoch milliseconds: a day (its start, or the next day's for an end) or an ISO-8601 instant. */
const parseDate = (text: string | undefined, end: boolean) => {
  if (text === undefined) return Effect.succeed(undefined)
  const at = dayPattern.test(text) ? Date.parse(`${text}T00:00:00Z`) + (end ? 86_400_000 : 0) : Date.parse(text)
  return Number.isNaN(at)
    ? Effect.fail(Store.invalid(`Invalid date ${JSON.stringify(text)}: use YYYY-MM-DD or ISO-8601`))
    : Effect.succeed(at)
}

const paging = (limit: number | undefined, offset: number | undefined) => ({
  limit: limit ?? Request.defaultPageSize,
  offset: offset ?? 0
})

/** A known customer of the organisation, or the rejection given. */
const knownCustomer = (orgId: number, customerId: number, missing: () => Rejection) =>
  Effect.flatMap(
    Store.customerExists(orgId, customerId),
    (exists) => exists ? Effect.void : Effect.fail(missing())
  )

// ---------------------------------------------------------------------------------------------------------------
// Behaviours
// ---------------------------------------------------------------------------------------------------------------

const knownTypes = new Set<string>(Request.RequestType.literals)

/** A body of an unknown `type` is 9006, a `baseType` that does not go with it 9008; an unknown source 8003. */
const rejectAdd = (input: RawInput) => {
  const body = typeof input.body === "object" && input.body !== null ? input.body as Record<string, unknown> : {}
  if (typeof body.type === "string" && !knownTypes.has(body.type)) return reject(9006, "Request Type is invalid")
  if (
    typeof body.type === "string" && typeof body.baseType === "string" &&
    Request.baseTypeOf[body.type as Request.RequestType] !== body.baseType
  ) return reject(9008, "Request Base Type is invalid")
  const info = body.customerIdentificationInfo
  if (typeof info === "object" && info !== null) {
    const source = (info as Record<string, unknown>).source
    if (
      typeof source === "string" && !Request.CustomerIdentification.fields.source.literals.includes(source as never)
    ) {
      return reject(8003, "Invalid source")
    }
  }
  return undefined
}

/** A list of an unknown `requestType` is 9006, of a sub-type that does not go with it 9008. */
const rejectList = (input: RawInput) => {
  const { requestSubType, requestType } = input.query
  if (typeof requestType === "string" && !knownTypes.has(requestType)) return reject(9006, "Request Type is invalid")
  if (
    typeof requestType === "string" && typeof requestSubType === "string" &&
    Request.baseTypeOf[requestType as Request.RequestType] !== requestSubType
  ) return reject(9008, "Request Base Type is invalid")
  return undefined
}

/** A lookup of an unknown source is 8003, of an unknown identifier 8013. */
const rejectLookup = (input: RawInput) => {
  const { identifierName, source } = input.query
  if (typeof source === "string" && !Customer.Source.literals.includes(source as never)) {
    return reject(8003, "Invalid source")
  }
  return typeof identifierName === "string" && !Customer.IdentifierType.literals.includes(identifierName as never)
    ? reject(8013, "Invalid identifier")
    : undefined
}

/**
 * `customers.addRequest`: raises a PII deletion or a goodwill request (customer or group), PENDING, approved at once
 * with `client_auto_approve=true`, or a customer merge (approved at once the same way). A second open deletion of a
 * customer, or one of a customer whose data is already deleted, is 400.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const addRequest = handle(
  RequestsApi.addRequest,
  (input, context) =>
    Effect.gen(function*() {
      const who = whoOf(context)
      yield* processDueDeletions(who.orgId, who.now)
      const body = input.body
      const auto = input.query.client_auto_approve === true
      const autoComments = (comments: string) => comments === "" ? "AUTO_APPROVED" : `${comments}; AUTO_APPROVED`
      let id: number
      switch (body.type) {
        case "CHANGE_IDENTIFIER": {
          const { add, remove } = body.changeIdentifierRequest.changeIdentifiers
          const details: typeof Store.MergeDetails.Type = {
            victimId: Number(remove[0]!.value),
            survivorId: Number(add[0]!.value)
          }
          yield* Customers.active(who.orgId, details.victimId, Customers.notFound)
          yield* Customers.active(who.orgId, details.survivorId, Customers.notFound)
          const comments = body.comments ?? ""
          id = yield* Store.insert({
            orgId: who.orgId,
            type: "CHANGE_IDENTIFIER",
            baseType: "MERGE",
            customerId: details.victimId,
            groupId: undefined,
            programId: undefined,
            comments,
            details,
            autoApproved: auto,
            now: who.now,
            by: who.actor
          })
          if (auto) yield* approveMerge(who, (yield* Store.find(who.orgId, id))!, autoComments(comments))
          break
        }
        case "CUSTOMER": {
          const customerId = yield* resolveCustomer(who.orgId, body.customerIdentificationInfo)
          if (yield* Store.deleted(who.orgId, customerId)) {
            return yield* Store.invalid("The customer's personal data is already deleted")
          }
          const open = yield* Store.openDeletion(who.orgId, customerId)
          if (open !== undefined) {
            return yield* Store.invalid(`A PII deletion request (${open}) is already open for the customer`)
          }
          const comments = body.comments ?? ""
          id = yield* Store.insert({
            orgId: who.orgId,
            type: "CUSTOMER",
            baseType: "DELETE",
            customerId,
            groupId: undefined,
            programId: undefined,
            comments,
            details: {},
            autoApproved: auto,
            now: who.now,
            by: who.actor
          })
          if (auto) yield* approvePii(who, (yield* Store.find(who.orgId, id))!, autoComments(comments), true)
          break
        }
        case "GOODWILL": {
          const group = "userGroup2IdentificationInfo" in body ? body.userGroup2IdentificationInfo : undefined
          let customerId: number | undefined
          let groupId: number | undefined
          if ("customerIdentificationInfo" in body) {
            customerId = yield* resolveCustomer(who.orgId, body.customerIdentificationInfo)
          } else if (group !== undefined) {
            const value = String(group.identifierValue)
            const found = yield* UserGroupStore.find(
              who.orgId,
              group.identifierType === "id" ? { id: Number(value) } : { externalId: value }
            )
            if (found === undefined || found.status !== "ACTIVE") return yield* Store.invalidGroup()
            groupId = found.id
          }
          const program = yield* resolveProgram(
            who.orgId,
            body.programId,
            group === undefined ? "CUSTOMER" : "USERGROUP2"
          )
          const comments = body.comments ?? body.goodwillRequest.comments ?? ""
          id = yield* Store.insert({
            orgId: who.orgId,
            type: "GOODWILL",
            baseType: "POINTS",
            customerId,
            groupId,
            programId: program.id,
            comments,
            details: {
              points: body.goodwillRequest.points,
              ...(body.goodwillRequest.reason === undefined ? {} : { reason: body.goodwillRequest.reason }),
              ...(body.goodwillRequest.comments === undefined
                ? {}
                : { goodwillComments: body.goodwillRequest.comments }),
              earningEntityType: group === undefined ? "CUSTOMER" : "USERGROUP2",
              ...(group === undefined ? {} : {
                group: { identifierType: group.identifierType, identifierValue: group.identifierValue }
              })
            } satisfies typeof Store.GoodwillDetails.Type,
            autoApproved: auto,
            now: who.now,
            by: who.actor
          })
          if (auto) yield* approveGoodwill(who, (yield* Store.find(who.orgId, id))!, autoComments(comments))
          break
        }
      }
      return { createdId: Request.RequestId.make(id), warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectAdd }
)

/**
 * `customers.updateRequests`: applies each status change on its own (a refused one rolls back alone and comes
 * back as its item's errors: 9050 unknown request, 9051 the requesting till approving a deletion, 400 a change
 * its status does not allow, or the award's own code).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updateRequests = handle(
  RequestsApi.updateRequests,
  (input, context) =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const who = whoOf(context)
      yield* processDueDeletions(who.orgId, who.now)
      const response: Array<Request.StatusUpdateResult> = []
      for (const update of input.body) {
        const applied = yield* sql.withTransaction(applyUpdate(who, update)).pipe(
          Effect.catchTag("SqlError", Effect.die),
          Effect.result
        )
        response.push(
          applied._tag === "Success"
            ? { entityId: update.id, result: true, warnings: [] }
            : {
              entityId: update.id,
              errors: [{ status: false, code: applied.failure.code, message: applied.failure.message }]
            }
        )
      }
      return {
        response,
        totalCount: response.length,
        failureCount: response.filter((item) => item.errors !== undefined).length
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `customers.getRequest`: a request of the organisation by id; 9050 when it has none.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getRequest = handle(
  RequestsApi.getRequest,
  (input, context) =>
    Effect.gen(function*() {
      const who = whoOf(context)
      yield* processDueDeletions(who.orgId, who.now)
      const row = yield* Store.find(who.orgId, input.path.id)
      if (row === undefined) return yield* Store.requestNotFound()
      return yield* render(row)
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `customers.listRequests`: the organisation's requests of one kind (of one customer, status and date range),
 * newest first unless told, one page with the total. Transaction requests list empty.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const listRequests = handle(
  RequestsApi.listRequests,
  (input, context) =>
    Effect.gen(function*() {
      const who = whoOf(context)
      yield* processDueDeletions(who.orgId, who.now)
      const query = input.query
      const customerId = query.identifierType === undefined || query.identifierValue === undefined ||
          query.source === undefined
        ? undefined
        : yield* resolveCustomer(who.orgId, {
          source: query.source,
          identifierType: query.identifierType,
          identifierValue: query.identifierValue,
          ...(query.accountId === undefined ? {} : { accountId: query.accountId })
        })
      const { limit, offset } = paging(query.limit, query.offset)
      const sort = query.sort === "LAST_UPDATED_ON" ? "updated_at" : "created_at"
      const order = query.order ?? "DESC"
      const { rows, total } = yield* Store.list(who.orgId, {
        type: query.requestType,
        baseType: query.requestSubType,
        status: query.status,
        customerId,
        from: yield* parseDate(query.start_date, false),
        until: yield* parseDate(query.end_date, true),
        sort,
        order,
        limit,
        offset
      })
      return {
        pagination: {
          limit,
          offset,
          sortBy: sort === "created_at" ? "r.created_on" : "r.last_updated_on",
          sortOrder: order,
          total
        },
        data: yield* Effect.forEach(rows, render),
        warnings: [],
        errors: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectList }
)

/**
 * `customers.goodwillRequests`: a customer's goodwill requests (by request, program, auto-approval), newest first;
 * 9050 for an unknown customer, or an unknown `requestId`. The emulator raises no one-step goodwill, so asking for
 * those lists none.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const goodwillRequests = handle(
  RequestsApi.goodwillRequests,
  (input, context) =>
    Effect.gen(function*() {
      const who = whoOf(context)
      yield* processDueDeletions(who.orgId, who.now)
      const customerId = input.path.customerId
      yield* knownCustomer(who.orgId, customerId, () => Store.requestNotFound("Goodwill request"))
      const query = input.query
      const { limit, offset } = paging(query.limit, query.offset)
      const { rows, total } = query.is_one_step_change === true
        ? { rows: [], total: 0 }
        : yield* Store.list(who.orgId, {
          type: "GOODWILL",
          baseType: "POINTS",
          customerId,
          programId: query.programId,
          autoApproved: query.autoApprove,
          requestId: query.requestId,
          sort: "created_at",
          order: "DESC",
          limit,
          offset
        })
      if (query.requestId !== undefined && total === 0) return yield* Store.requestNotFound("Goodwill request")
      const programs = yield* Ledger.programs(who.orgId)
      const data = yield* Effect.forEach(rows, (row) =>
        Effect.map(decodeGoodwill(row), (details): Request.GoodwillRequestEntry => {
          const program = programs.find((candidate) =>
            candidate.id === row.program_id
          )
          return {
            id: row.id,
            addedBy: tillActor(row.created_by_till, row.created_by),
            updatedBy: tillActor(row.updated_by_till, row.updated_by),
            addedOn: isoSeconds(row.created_at),
            updatedOn: isoSeconds(row.updated_at),
            ...(row.program_id === null ? {} : { programId: row.program_id }),
            userId: customerId,
            requestId: row.id,
            goodwillType: "POINTS",
            goodwillStatus: row.status,
            comments: row.comments,
            ...(details.reason === undefined ? {} : { reason: details.reason }),
            ...(row.status === "APPROVED" ? { approvedValue: String(details.points) } : {}),
            ...(row.updated_comments === null ? {} : { updatedComments: row.updated_comments }),
            ...(program === undefined ? {} : {
              program: {
                programId: program.id,
                programName: program.name,
                pointsToCurrencyRatio: program.points_to_currency_ratio,
                programDescription: program.description,
                default: program.is_default === 1
              }
            }),
            earningEntityType: details.earningEntityType,
            oneStep: false
          }
        }))
      return { pagination: { limit, offset, total }, data, warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/** The emulator keeps no transactions, so a known customer has no retro-transaction requests. */
const noRetroRequests = (limit: number | undefined, offset: number | undefined) => ({
  pagination: { ...paging(limit, offset), total: 0 },
  data: [],
  warnings: [],
  errors: []
})

/**
 * `customers.retroRequests`: an empty list for a known customer (the emulator has no transactions to tag); 9050
 * for an unknown one.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const retroRequests = handle(
  RequestsApi.retroRequests,
  (input, context) =>
    Effect.gen(function*() {
      yield* knownCustomer(context.principal.orgId, input.path.customerId, () => Store.requestNotFound())
      return noRetroRequests(input.query.limit, input.query.offset)
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `customers.retroRequestsByIdentifier`: as `retroRequests`, for the customer holding the identifier; 8015 when
 * none does.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const retroRequestsByIdentifier = handle(
  RequestsApi.retroRequestsByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const query = input.query
      const id = yield* Customers.findByIdentifier(
        context.principal.orgId,
        { type: query.identifierName, value: query.identifierValue },
        { source: query.source, accountId: query.accountId }
      )
      if (id === undefined) return yield* Customers.notFound()
      return noRetroRequests(query.limit, query.offset)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

const valuesOf = (pairs: ReadonlyArray<{ readonly value: string }>) =>
  pairs.length === 0 ? null : pairs.map((pair) => pair.value).join(",")

/**
 * `customers.changeRequests`: the customer's applied identifier changes and merges, newest first, each one-step and
 * `APPROVED` (of one kind, date range and id range when asked); 8015 for an unknown customer. After a PII deletion
 * their values are null.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const changeRequests = handle(
  RequestsApi.changeRequests,
  (input, context) =>
    Effect.gen(function*() {
      const who = whoOf(context)
      yield* processDueDeletions(who.orgId, who.now)
      const customerId = input.path.customerId
      yield* knownCustomer(who.orgId, customerId, Customers.notFound)
      const query = input.query
      const from = yield* parseDate(query.startDate, false)
      const until = yield* parseDate(query.endDate, true)
      const changes = (yield* Customers.identifierChanges(who.orgId, customerId)).filter((change) =>
        (query.changeType === undefined || change.changeType === query.changeType) &&
        (from === undefined || change.at >= from) &&
        (until === undefined || change.at < until) &&
        (query.startId === undefined || change.id >= query.startId) &&
        (query.endId === undefined || change.id <= query.endId)
      ).reverse()
      const { limit, offset } = paging(query.limit, query.offset)
      const data = changes.slice(offset, offset + limit).map((change): Request.ChangeRequestEntry => {
        const by: Request.RequestActor = { code: change.by, name: change.by, type: "TILL" }
        return {
          id: change.id,
          status: "APPROVED",
          addedBy: by,
          updatedBy: by,
          addedOn: isoSeconds(change.at),
          updatedOn: isoSeconds(change.at),
          userId: change.customerId,
          requestId: change.id,
          baseType: change.changeType,
          oldValue: change.merge === undefined ? valuesOf(change.remove) : String(change.merge.victimId),
          newValue: change.merge === undefined ? valuesOf(change.add) : String(change.merge.survivorId),
          comments: "",
          oneStep: true
        }
      })
      return { pagination: { limit, offset, total: changes.length }, data, warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * The demo approver: a second till of the demo organisation, so that a PII deletion raised by the demo till can be
 * approved (Capillary refuses an approval by the till that raised it).
 *
 * @since 0.2.0
 * @category seeding
 */
export const demoApprover = { username: "demo.approver", password: "approver123", storeCode: "demo.store" } as const

const demoOrgId = 100

/**
 * Adds the demo approver till to the demo organisation, once; does nothing when the requests tables are not in the
 * catalog or the demo organisation does not exist.
 *
 * @since 0.2.0
 * @category seeding
 */
export const seedDemo = Effect.gen(function*() {
  if (!(yield* Store.modelled)) return
  const sql = yield* SqlClient.SqlClient
  const [org] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM orgs WHERE id = ${demoOrgId}`
  const [till] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM tills WHERE username = ${demoApprover.username}`
  if (org!.n === 0 || till!.n > 0) return
  const organizations = yield* Organizations
  yield* organizations.createTill({ orgId: demoOrgId, ...demoApprover })
}).pipe(Effect.orDie)

/**
 * The requests endpoints, their behaviours and their migration, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: RequestsApi.endpoints,
  behaviours: [
    addRequest,
    updateRequests,
    getRequest,
    listRequests,
    goodwillRequests,
    retroRequests,
    retroRequestsByIdentifier,
    changeRequests
  ],
  migrations
}
