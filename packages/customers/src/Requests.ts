/**
 * The requests service: raise a PII deletion, goodwill points (for a customer or a user group) or a customer
 * merge; approve, reject or cancel a request; read a request and list requests by kind; and read a customer's
 * goodwill, retro-transaction and identifier change requests. Each operation fails with the domain errors it
 * can meet.
 *
 * A status change is one item of Capillary's bulk `PUT /v2/requests`: the service sends one and turns a refused
 * item into a named error (9050 `RequestNotFound`, 9051 `RequesterCannotApprove`, 9021 `RequestsBlocked`; for a
 * merge's approval 8069 `CustomerMerged` and 8053/8066 `MergeConflict`; any other code `RequestUpdateRefused`).
 * When its outcome is unknown, the service reads the request back and answers as applied when the request already
 * has the status that was set.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer, Option, type Stream } from "effect"
import type * as Customer from "./Customer.ts"
import {
  CustomerMerged,
  type CustomerNotFound,
  type InvalidIdentifier,
  type InvalidSource,
  MergeConflict
} from "./CustomerErrors.ts"
import * as Request from "./Request.ts"
import {
  type InvalidGroupDetails,
  type InvalidRequestProgram,
  type InvalidRequestType,
  RequesterCannotApprove,
  RequestNotFound,
  RequestsBlocked,
  RequestUpdateRefused
} from "./RequestErrors.ts"
import * as RequestsApi from "./RequestsApi.ts"

/**
 * Options of a new request: comments, and whether to approve it as it is raised (`client_auto_approve`).
 *
 * @since 0.2.0
 * @category models
 */
export interface AddOptions {
  readonly comments?: string | undefined
  readonly autoApprove?: boolean | undefined
}

/**
 * Options of a goodwill request: the loyalty program the points go into (the default one when absent).
 *
 * @since 0.2.0
 * @category models
 */
export interface GoodwillOptions extends AddOptions {
  readonly programId?: number | undefined
}

/**
 * How raising a request can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type AddError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidSource
  | InvalidIdentifier
  | InvalidRequestType
  | InvalidGroupDetails
  | InvalidRequestProgram
  | CustomerMerged
  | MergeConflict
  | RequestsBlocked

/**
 * How a status change can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type UpdateError =
  | CapillaryError.CapillaryError
  | RequestNotFound
  | RequesterCannotApprove
  | RequestsBlocked
  | CustomerMerged
  | MergeConflict
  | RequestUpdateRefused

/**
 * How a read of a request by id can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type GetError = CapillaryError.CapillaryError | RequestNotFound

/**
 * How a list of requests by kind can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type ListError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidSource
  | InvalidIdentifier
  | InvalidRequestType

/**
 * How a customer's goodwill or retro request list can fail (9050 for an unknown customer).
 *
 * @since 0.2.0
 * @category errors
 */
export type CustomerListError = CapillaryError.CapillaryError | RequestNotFound | CustomerNotFound

/**
 * How the retro requests of a customer found by identifier can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type LookupListError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidSource
  | InvalidIdentifier
  | RequestNotFound

/**
 * How a customer's identifier change request list can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type ChangeListError = CapillaryError.CapillaryError | CustomerNotFound | InvalidSource | InvalidIdentifier

/**
 * The operations of the requests service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Raises a request of any kind, as the body says. */
  readonly add: (
    body: Request.RequestAdd,
    options?: { readonly autoApprove?: boolean | undefined }
  ) => Effect.Effect<Request.RequestCreated, AddError>
  /** Raises the deletion of a customer's personal data. */
  readonly requestPiiDeletion: (
    customer: Request.CustomerIdentification,
    options?: AddOptions
  ) => Effect.Effect<Request.RequestCreated, AddError>
  /** Raises goodwill points for a customer. */
  readonly requestGoodwill: (
    customer: Request.CustomerIdentification,
    goodwill: Request.GoodwillPoints,
    options?: GoodwillOptions
  ) => Effect.Effect<Request.RequestCreated, AddError>
  /** Raises goodwill points for a user group. */
  readonly requestGroupGoodwill: (
    group: Request.GroupIdentification,
    goodwill: Request.GoodwillPoints,
    options?: GoodwillOptions
  ) => Effect.Effect<Request.RequestCreated, AddError>
  /** Raises the merge of the victim's account into the survivor's. */
  readonly requestMerge: (
    merge: { readonly survivor: Customer.CustomerId; readonly victim: Customer.CustomerId },
    options?: AddOptions
  ) => Effect.Effect<Request.RequestCreated, AddError>
  /** Sets the status of one request; its result when applied. */
  readonly updateStatus: (update: Request.StatusUpdate) => Effect.Effect<Request.StatusUpdateResult, UpdateError>
  /** Sets the status of several requests; one result per change, refused ones with their errors. */
  readonly updateStatuses: (
    updates: readonly [Request.StatusUpdate, ...Array<Request.StatusUpdate>]
  ) => Effect.Effect<
    Request.StatusUpdateResults,
    CapillaryError.CapillaryError | RequestNotFound | RequesterCannotApprove | RequestsBlocked
  >
  /** Approves a request. */
  readonly approve: (
    type: Request.RequestType,
    id: Request.RequestId,
    comments?: string
  ) => Effect.Effect<Request.StatusUpdateResult, UpdateError>
  /** Rejects a pending request. */
  readonly reject: (
    type: Request.RequestType,
    id: Request.RequestId,
    comments?: string
  ) => Effect.Effect<Request.StatusUpdateResult, UpdateError>
  /** Cancels a PII deletion not carried out yet. */
  readonly cancelPiiDeletion: (
    id: Request.RequestId,
    comments?: string
  ) => Effect.Effect<Request.StatusUpdateResult, UpdateError>
  /** Reads a request by id. */
  readonly get: (id: Request.RequestId) => Effect.Effect<Request.RequestDetails, GetError>
  /** One page of the requests of one kind. */
  readonly list: (query: Request.RequestsQuery) => Effect.Effect<Request.RequestsPage, ListError>
  /** Every request of one kind matching the query, read page by page. */
  readonly listAll: (query: Request.RequestsQuery) => Stream.Stream<Request.RequestDetails, ListError>
  /** A customer's goodwill requests. */
  readonly goodwillRequests: (
    customerId: Customer.CustomerId,
    query?: Request.GoodwillRequestsQuery
  ) => Effect.Effect<Request.GoodwillRequests, CustomerListError>
  /** A customer's retro-transaction requests. */
  readonly retroRequests: (
    customerId: Customer.CustomerId,
    query?: Request.RetroRequestsQuery
  ) => Effect.Effect<Request.RetroRequests, CustomerListError>
  /** The retro-transaction requests of the customer holding an identifier. */
  readonly retroRequestsByIdentifier: (
    query: Request.RetroRequestsLookupQuery
  ) => Effect.Effect<Request.RetroRequests, LookupListError>
  /** A customer's identifier change requests. */
  readonly changeRequests: (
    customerId: Customer.CustomerId,
    query?: Request.ChangeRequestsQuery
  ) => Effect.Effect<Request.ChangeRequests, ChangeListError>
}

/**
 * The requests service.
 *
 * @since 0.2.0
 * @category services
 */
export class Requests extends Context.Service<Requests, Service>()("@capillary-effect/customers/Requests") {}

const normalise = (status: string) => (status === "CANCELLED" ? "CANCELED" : status)

/** Whether a request read shows the status an update set (a carried-out PII deletion was approved). */
const reached = (details: Request.RequestDetails, update: Request.StatusUpdate) => {
  const status = typeof details.status === "string" ? normalise(details.status) : undefined
  const target = normalise(update.status)
  return status === target || (target === "APPROVED" && details.type === "CUSTOMER" && status === "DELETED")
}

const withComments = (comments: string | undefined) => (comments === undefined ? {} : { comments })

/** The named error of a refused status change. */
const refusal = (item: Request.StatusUpdateResult) => {
  const [issue] = item.errors ?? []
  const props = {
    code: issue?.code ?? 0,
    message: issue?.message ?? `the change of request ${item.entityId} was refused`
  }
  switch (issue?.code) {
    case 9050:
      return new RequestNotFound(props)
    case 9051:
      return new RequesterCannotApprove(props)
    case 9021:
      return new RequestsBlocked(props)
    case 8069:
      return new CustomerMerged(props)
    case 8053:
    case 8066:
      return new MergeConflict(props)
    default:
      return new RequestUpdateRefused(props)
  }
}

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const add = Effect.fn("Requests.add")(function*(
    body: Request.RequestAdd,
    options?: { readonly autoApprove?: boolean | undefined }
  ) {
    return yield* client.execute(RequestsApi.addRequest, {
      query: options?.autoApprove === undefined ? {} : { client_auto_approve: options.autoApprove },
      body
    })
  })

  const requestPiiDeletion = (customer: Request.CustomerIdentification, options?: AddOptions) =>
    add({
      type: "CUSTOMER",
      baseType: "DELETE",
      ...withComments(options?.comments),
      customerIdentificationInfo: customer
    }, options)

  const requestGoodwill = (
    customer: Request.CustomerIdentification,
    goodwill: Request.GoodwillPoints,
    options?: GoodwillOptions
  ) =>
    add({
      type: "GOODWILL",
      baseType: "POINTS",
      goodwillRequest: goodwill,
      earningEntityType: "CUSTOMER",
      customerIdentificationInfo: customer,
      ...withComments(options?.comments),
      ...(options?.programId === undefined ? {} : { programId: options.programId })
    }, options)

  const requestGroupGoodwill = (
    group: Request.GroupIdentification,
    goodwill: Request.GoodwillPoints,
    options?: GoodwillOptions
  ) =>
    add({
      type: "GOODWILL",
      baseType: "POINTS",
      goodwillRequest: goodwill,
      earningEntityType: "USERGROUP2",
      userGroup2IdentificationInfo: group,
      ...withComments(options?.comments),
      ...(options?.programId === undefined ? {} : { programId: options.programId })
    }, options)

  const requestMerge = (
    merge: { readonly survivor: Customer.CustomerId; readonly victim: Customer.CustomerId },
    options?: AddOptions
  ) =>
    add({
      type: "CHANGE_IDENTIFIER",
      baseType: "MERGE",
      ...withComments(options?.comments),
      changeIdentifierRequest: {
        changeIdentifiers: {
          add: [{ type: "id", value: String(merge.survivor) }],
          remove: [{ type: "id", value: String(merge.victim) }]
        }
      }
    }, options)

  const get = Effect.fn("Requests.get")(function*(id: Request.RequestId) {
    return yield* client.execute(RequestsApi.getRequest, { path: { id } })
  })

  const updateStatuses = Effect.fn("Requests.updateStatuses")(function*(
    updates: readonly [Request.StatusUpdate, ...Array<Request.StatusUpdate>]
  ) {
    return yield* client.execute(RequestsApi.updateRequests, { body: updates })
  })

  // Read back after an ambiguous failure: the request already has the status that was set means it was applied.
  const findApplied = (update: Request.StatusUpdate) =>
    Effect.map(get(update.id), (details) =>
      reached(details, update)
        ? Option.some<Request.StatusUpdateResults>({
          response: [{ entityId: update.id, result: true, warnings: [] }],
          totalCount: 1,
          failureCount: 0
        })
        : Option.none())

  const updateStatus = Effect.fn("Requests.updateStatus")(function*(update: Request.StatusUpdate) {
    const results = yield* client.execute(RequestsApi.updateRequests, { body: [update] }, {
      reconcile: Effect.suspend(() => findApplied(update))
    })
    const item = results.response.find((result) => result.entityId === update.id) ?? results.response[0]
    if (item === undefined) {
      return yield* new RequestUpdateRefused({ code: 0, message: "the update answered no result" })
    }
    if ((item.errors ?? []).length > 0 || item.result === false) return yield* refusal(item)
    return item
  })

  const setStatus = (
    type: Request.RequestType,
    id: Request.RequestId,
    status: Request.TargetStatus,
    comments: string | undefined
  ) => updateStatus({ type, baseType: Request.baseTypeOf[type], id, status, ...withComments(comments) })

  const list = Effect.fn("Requests.list")(function*(query: Request.RequestsQuery) {
    return yield* client.execute(RequestsApi.listRequests, { query })
  })

  const listAll = (query: Request.RequestsQuery) => client.stream(RequestsApi.listRequests, { query })

  const goodwillRequests = Effect.fn("Requests.goodwillRequests")(function*(
    customerId: Customer.CustomerId,
    query?: Request.GoodwillRequestsQuery
  ) {
    return yield* client.execute(RequestsApi.goodwillRequests, { path: { customerId }, query: query ?? {} })
  })

  const retroRequests = Effect.fn("Requests.retroRequests")(function*(
    customerId: Customer.CustomerId,
    query?: Request.RetroRequestsQuery
  ) {
    return yield* client.execute(RequestsApi.retroRequests, { path: { customerId }, query: query ?? {} })
  })

  const retroRequestsByIdentifier = Effect.fn("Requests.retroRequestsByIdentifier")(function*(
    query: Request.RetroRequestsLookupQuery
  ) {
    return yield* client.execute(RequestsApi.retroRequestsByIdentifier, { query })
  })

  const changeRequests = Effect.fn("Requests.changeRequests")(function*(
    customerId: Customer.CustomerId,
    query?: Request.ChangeRequestsQuery
  ) {
    return yield* client.execute(RequestsApi.changeRequests, { path: { customerId }, query: query ?? {} })
  })

  return Requests.of({
    add,
    requestPiiDeletion,
    requestGoodwill,
    requestGroupGoodwill,
    requestMerge,
    updateStatus,
    updateStatuses,
    approve: (type, id, comments) => setStatus(type, id, "APPROVED", comments),
    reject: (type, id, comments) => setStatus(type, id, "REJECTED", comments),
    cancelPiiDeletion: (id, comments) => setStatus("CUSTOMER", id, "CANCELED", comments),
    get,
    list,
    listAll,
    goodwillRequests,
    retroRequests,
    retroRequestsByIdentifier,
    changeRequests
  })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Requests, never, CapillaryClient.CapillaryClient> = Layer.effect(Requests, make)
