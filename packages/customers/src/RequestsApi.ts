/**
 * The endpoint declarations of Capillary's v2 requests (index sections "PII deletion" and "Customer"): raise a
 * request (PII deletion, goodwill points for a customer or a group, customer merge), change request statuses,
 * read a request by id, list requests by kind, and a customer's goodwill, retro-transaction and identifier change
 * requests. All kinds share `/v2/requests`, told apart by `type` and `baseType` in the body or
 * `requestType` / `requestSubType` in the query, so each method of that path has one declaration whose body or
 * success is a union of the kinds.
 *
 * @since 0.2.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import { Schema } from "effect"
import * as Customer from "./Customer.ts"
import { CustomerMerged, CustomerNotFound, InvalidIdentifier, InvalidSource, MergeConflict } from "./CustomerErrors.ts"
import * as Request from "./Request.ts"
import {
  InvalidGroupDetails,
  InvalidRequestProgram,
  InvalidRequestType,
  RequesterCannotApprove,
  RequestNotFound,
  RequestsBlocked
} from "./RequestErrors.ts"

const customerNotFound = Endpoint.codes(CustomerNotFound, [8015])
const invalidSource = Endpoint.codes(InvalidSource, [8003])
const invalidIdentifier = Endpoint.codes(InvalidIdentifier, [8013])
const requestNotFound = Endpoint.codes(RequestNotFound, [9050])
const invalidType = Endpoint.codes(InvalidRequestType, [9006, 9008])
const blocked = Endpoint.codes(RequestsBlocked, [9021])

/** The customer a new request concerns, for per-customer serialisation. */
const customerOfAdd = (body: Request.RequestAdd): string | undefined => {
  if ("customerIdentificationInfo" in body) return body.customerIdentificationInfo.identifierValue
  if ("changeIdentifierRequest" in body) return body.changeIdentifierRequest.changeIdentifiers.remove[0]?.value
  return undefined
}

/**
 * `POST /v2/requests`: raises a request, pending until someone else approves it, or approved at once with
 * `client_auto_approve=true`. The body says which kind (see `Request.RequestAdd`). Not safe to send twice: a
 * second identical body is a second request. A pending request is withdrawn by rejecting (or, for a PII
 * deletion, cancelling) it; an auto-approved one has taken effect and is not.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const addRequest = Endpoint.make({
  id: "customers.addRequest",
  section: "PII deletion",
  summary: "Add a request (PII deletion, goodwill points, customer merge)",
  family: "v2",
  method: "POST",
  path: "/v2/requests",
  query: Request.RequestAddQuery,
  body: Request.RequestAdd,
  success: Request.RequestCreated,
  errors: [
    customerNotFound,
    invalidSource,
    invalidIdentifier,
    invalidType,
    Endpoint.codes(InvalidGroupDetails, [93026]),
    Endpoint.codes(InvalidRequestProgram, [1101]),
    Endpoint.codes(CustomerMerged, [8069]),
    Endpoint.codes(MergeConflict, [8066]),
    blocked
  ],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversibleUnderSetting("client_auto_approve=false", "customers.updateRequests"),
  customerKey: (input) => customerOfAdd(input.body)
})

/**
 * `PUT /v2/requests`: sets the status of requests (approve, reject, cancel a PII deletion, back to pending). The
 * answer has one result per change; a refused change is a result with errors (9050 unknown request, 9051 the
 * requester approving, ...), not a failure of the call. An approval takes effect (points awarded, personal data
 * deleted, accounts merged) and cannot be undone.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updateRequests = Endpoint.make({
  id: "customers.updateRequests",
  section: "PII deletion",
  summary: "Update request statuses (approve, reject, cancel)",
  family: "v2",
  method: "PUT",
  path: "/v2/requests",
  body: Request.StatusUpdates,
  success: Request.StatusUpdateResults,
  errors: [requestNotFound, Endpoint.codes(RequesterCannotApprove, [9051]), blocked],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible
})

/**
 * `GET /v2/requests/{id}`: a request of the organisation, of any kind, with its status.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getRequest = Endpoint.make({
  id: "customers.getRequest",
  section: "PII deletion",
  summary: "Retrieve a request's status by id",
  family: "v2",
  method: "GET",
  path: "/v2/requests/{id}",
  params: Schema.Struct({ id: Request.RequestIdFromString }),
  success: Request.RequestDetails,
  errors: [requestNotFound]
})

/**
 * `GET /v2/requests`: the organisation's requests of one kind, optionally of one customer and status, newest
 * first unless told, a page at a time.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const listRequests = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.listRequests",
    section: "PII deletion",
    summary: "Retrieve request details by type and sub-type",
    family: "v2",
    method: "GET",
    path: "/v2/requests",
    query: Request.RequestsQuery,
    success: Request.RequestsPage,
    errors: [customerNotFound, invalidSource, invalidIdentifier, invalidType],
    customerKey: (input) => input.query.identifierValue
  }),
  Pagination.offsetLimit({
    items: (page: Request.RequestsPage) => page.data,
    total: (page: Request.RequestsPage) => page.pagination.total,
    pageSize: Request.defaultPageSize
  })
)

const CustomerPath = Schema.Struct({ customerId: Customer.CustomerIdFromString })

/**
 * `GET /v2/customers/{customerId}/goodwillRequest`: a customer's goodwill requests; 9050 when the customer is
 * unknown.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const goodwillRequests = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.goodwillRequests",
    section: "Customer",
    summary: "Get a customer's goodwill requests",
    family: "v2",
    method: "GET",
    path: "/v2/customers/{customerId}/goodwillRequest",
    params: CustomerPath,
    query: Request.GoodwillRequestsQuery,
    success: Request.GoodwillRequests,
    errors: [requestNotFound, customerNotFound],
    customerKey: (input) => String(input.path.customerId)
  }),
  Pagination.offsetLimit({
    items: (page: Request.GoodwillRequests) => page.data,
    total: (page: Request.GoodwillRequests) => page.pagination.total,
    pageSize: Request.defaultPageSize
  })
)

/**
 * `GET /v2/customers/{customerId}/retroRequest`: a customer's retro-transaction requests; 9050 when the customer
 * is unknown.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const retroRequests = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.retroRequests",
    section: "Customer",
    summary: "Get a customer's retro requests",
    family: "v2",
    method: "GET",
    path: "/v2/customers/{customerId}/retroRequest",
    params: CustomerPath,
    query: Request.RetroRequestsQuery,
    success: Request.RetroRequests,
    errors: [requestNotFound, customerNotFound],
    customerKey: (input) => String(input.path.customerId)
  }),
  Pagination.offsetLimit({
    items: (page: Request.RetroRequests) => page.data,
    total: (page: Request.RetroRequests) => page.pagination.total,
    pageSize: Request.defaultPageSize
  })
)

/**
 * `GET /v2/customers/lookup/retroRequest`: the retro-transaction requests of the customer holding an identifier
 * in a source.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const retroRequestsByIdentifier = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.retroRequestsByIdentifier",
    section: "Customer (Lookup)",
    summary: "Get a customer's retro requests by identifier",
    family: "v2",
    method: "GET",
    path: "/v2/customers/lookup/retroRequest",
    query: Request.RetroRequestsLookupQuery,
    success: Request.RetroRequests,
    errors: [customerNotFound, invalidSource, invalidIdentifier, requestNotFound],
    customerKey: (input) => input.query.identifierValue
  }),
  Pagination.offsetLimit({
    items: (page: Request.RetroRequests) => page.data,
    total: (page: Request.RetroRequests) => page.pagination.total,
    pageSize: Request.defaultPageSize
  })
)

/**
 * `GET /v2/customers/{customerId}/changeRequest`: a customer's identifier change requests (and merges), optionally
 * of one kind.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const changeRequests = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.changeRequests",
    section: "Customer",
    summary: "Get a customer's identifier change requests",
    family: "v2",
    method: "GET",
    path: "/v2/customers/{customerId}/changeRequest",
    params: CustomerPath,
    query: Request.ChangeRequestsQuery,
    success: Request.ChangeRequests,
    errors: [customerNotFound, invalidSource, invalidIdentifier],
    customerKey: (input) => String(input.path.customerId)
  }),
  Pagination.offsetLimit({
    items: (page: Request.ChangeRequests) => page.data,
    total: (page: Request.ChangeRequests) => page.pagination.total,
    pageSize: Request.defaultPageSize
  })
)

/**
 * Every requests endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [
  addRequest,
  updateRequests,
  getRequest,
  listRequests,
  goodwillRequests,
  retroRequests,
  retroRequestsByIdentifier,
  changeRequests
] as const
