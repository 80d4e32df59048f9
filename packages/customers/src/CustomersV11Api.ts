/**
 * The endpoint declarations of Capillary's v1.1 customer API: register (or update, for a customer already
 * known) and update customers, request an identity change, read customers with their points, coupons and notes,
 * their transactions, redemptions and coupons, and the engagement records: notes, tickets, preferences,
 * interactions and product recommendations. The client calls them, the emulator serves them, and both validate
 * with the same schemas.
 *
 * v1.1 answers HTTP 200 whatever happened: the request `status` (200 all succeeded, 201 some items failed, 500
 * all failed) and each item's `item_status` carry the outcome. A request whose single item failed, or whose items
 * all failed, fails with the named error of the (first) item's code; a batch where only some failed succeeds, and
 * each item tells its own outcome.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { RecommendationsUnavailable } from "./CustomerActivityErrors.ts"
import { BatchLimitExceeded } from "./CustomerBulkErrors.ts"
import * as CustomerEngagementV11 from "./CustomerEngagementV11.ts"
import { CustomerAlreadyExists, CustomerNotFound, IdentifierInUse } from "./CustomerErrors.ts"
import * as CustomerV11 from "./CustomerV11.ts"
import {
  IdentityChangeFailed,
  InvalidIdentifierValue,
  InvalidRegistrationDate,
  InvalidStatusValue,
  LoyaltyConversionNotAllowed,
  MissingIdentifier,
  NoCustomerNotes,
  NoCustomerPreferences,
  NotesUpdateFailed,
  PreferencesFailed,
  TicketAlreadyExists,
  TicketRejected
} from "./CustomerV11Errors.ts"
import { InvalidProgram } from "./LoyaltyErrors.ts"

const notFound = Endpoint.codes(CustomerNotFound, [1011, 1012, 816])
const missing = Endpoint.codes(MissingIdentifier, [1015, 1104])
const inUse = Endpoint.codes(IdentifierInUse, [1016, 1032, 1033])
const invalidValue = Endpoint.codes(InvalidIdentifierValue, [1001, 1002, 1003, 1007, 1042])
const invalidStatus = Endpoint.codes(InvalidStatusValue, [1061, 1062])
const batchLimit = Endpoint.codes(BatchLimitExceeded, [1060])

const readErrors = [notFound, missing] as const

/** Serialises a read per customer: the value of its first identifier (all of them, for a batch read). */
const byQuery = (input: { readonly query: CustomerV11.IdentifierQuery }) => {
  const { email, external_id, id, mobile } = input.query
  return CustomerV11.identifiersOf({ id, mobile, email, external_id })[0]?.value
}

/** Serialises a write per customer: the first identifier of its first customer. */
const byFirstCustomer = (input: {
  readonly body: {
    readonly root: {
      readonly customer: ReadonlyArray<Parameters<typeof CustomerV11.identifiersOf>[0]>
    }
  }
}) => {
  const [first] = input.body.root.customer
  return first === undefined ? undefined : CustomerV11.identifiersOf(first)[0]?.value
}

/**
 * `POST /v1.1/customer/add`: registers 1 to 100 customers, each with its own `item_status` (1000). A customer
 * already known by the identifiers given is updated instead, as Capillary documents: their profile, fields and
 * any identifier they do not have yet; an identifier they hold with another value is left as it is (warning
 * 91006). Sending it again leaves the same state, so it is retried like an idempotent write. Serialised per
 * customer by the first identifier of the first customer.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const add = Endpoint.make({
  id: "customers.addV11",
  section: "Customer",
  summary: "Add Customer (v1.1)",
  family: "v1.1",
  method: "POST",
  path: "/v1.1/customer/add",
  body: CustomerV11.AddRequest,
  success: CustomerV11.CustomersResponse,
  errors: [
    Endpoint.codes(CustomerAlreadyExists, [1014]),
    inUse,
    invalidValue,
    Endpoint.codes(InvalidRegistrationDate, [1034]),
    invalidStatus,
    batchLimit
  ],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible,
  customerKey: byFirstCustomer
})

/**
 * `POST /v1.1/customer/update`: changes one customer's details (names, dates, tills, groups, fraud status,
 * fields; non-loyalty to loyalty, never back: 1046) and adds identifiers they do not have yet. Sending it again
 * leaves the same state; what it changed cannot all be undone (a conversion to loyalty is final).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const update = Endpoint.make({
  id: "customers.updateV11",
  section: "Customer",
  summary: "Update Customer details (v1.1)",
  family: "v1.1",
  method: "POST",
  path: "/v1.1/customer/update",
  body: CustomerV11.UpdateRequest,
  success: CustomerV11.CustomersResponse,
  errors: [
    notFound,
    missing,
    inUse,
    invalidValue,
    Endpoint.codes(LoyaltyConversionNotAllowed, [1046]),
    invalidStatus,
    batchLimit
  ],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible,
  customerKey: byFirstCustomer
})

/**
 * `POST /v1.1/customer/update_identity`: asks for a customer's mobile, email or external id to change (1040).
 * The request stays pending until Capillary's team approves it; the identifier does not change meanwhile. Sent
 * again, the same request is refused (1041), so it is not re-sent blindly.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updateIdentity = Endpoint.make({
  id: "customers.updateIdentityV11",
  section: "Customer",
  summary: "Update Customer Identifier (v1.1)",
  family: "v1.1",
  method: "POST",
  path: "/v1.1/customer/update_identity",
  body: CustomerV11.IdentityChangeRequest,
  success: CustomerV11.IdentityChangeResponse,
  errors: [notFound, missing, inUse, invalidValue, Endpoint.codes(IdentityChangeFailed, [1025, 1041]), batchLimit],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => input.body.root.customer[0]?.old_value
})

/**
 * `GET /v1.1/customer/get`: one or several customers (comma-separated values of one identifier, or a card's
 * external id), each with points and tier (of the default program, or of `program_id`; 1101 when that is not a
 * program of the organisation), registration details, recent transactions, coupons (filtered and paged by the
 * `coupon_*` options) and notes, and every part its options ask for: each program's points with the gaps to
 * upgrade and renew (`mlp`, `gap_to_upgrade_for`, `gap_to_renew_for`), the next tier, tier history, expiry
 * schedule, expired points, points totals, promotional points, promised points, user groups, subscriptions,
 * segments, cards, programs, and the upgrade and retention criteria (see `CustomerV11.GetQuery`).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const get = Endpoint.make({
  id: "customers.getV11",
  section: "Customer",
  summary: "Get Customer Details (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/get",
  query: CustomerV11.GetQuery,
  success: CustomerV11.CustomersResponse,
  errors: [...readErrors, Endpoint.codes(InvalidProgram, [1101])],
  customerKey: (input) => byQuery(input) ?? CustomerV11.requestedIdentifiers(input.query)[0]?.value
})

/**
 * `GET /v1.1/customer/transactions`: the transactions of one or several customers, with filters.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const transactions = Endpoint.make({
  id: "customers.transactionsV11",
  section: "Customer",
  summary: "Get Customer Transactions (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/transactions",
  query: CustomerV11.TransactionsQuery,
  success: CustomerV11.TransactionsResponse,
  errors: readErrors,
  customerKey: byQuery
})

/**
 * `GET /v1.1/customer/redemptions`: the points and coupon redemptions of one or several customers.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const redemptions = Endpoint.make({
  id: "customers.redemptionsV11",
  section: "Customer",
  summary: "Get Customer Redemptions (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/redemptions",
  query: CustomerV11.RedemptionsQuery,
  success: CustomerV11.RedemptionsResponse,
  errors: readErrors,
  customerKey: byQuery
})

/**
 * `GET /v1.1/customer/coupons`: a customer's coupons, issued and redeemed, with their redemptions.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const coupons = Endpoint.make({
  id: "customers.couponsV11",
  section: "Customer",
  summary: "Get Customer Coupons (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/coupons",
  query: CustomerV11.CouponsQuery,
  success: CustomerV11.CouponsResponse,
  errors: readErrors,
  customerKey: byQuery
})

/**
 * `POST /v1.1/customer/notes`: adds notes to a customer, or changes the text of notes by id (1037 when the
 * customer has no note with that id). A new note is not safe to send twice (it would be added twice); changing
 * a note can be undone by changing it back, adding cannot.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const addNotes = Endpoint.make({
  id: "customers.addNotesV11",
  section: "Customer",
  summary: "Add/Update Customer Notes (v1.1)",
  family: "v1.1",
  method: "POST",
  path: "/v1.1/customer/notes",
  body: CustomerEngagementV11.NotesRequest,
  success: CustomerEngagementV11.NotesResponse,
  errors: [notFound, missing, Endpoint.codes(NotesUpdateFailed, [1036, 1037]), batchLimit],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: byFirstCustomer
})

/**
 * `GET /v1.1/customer/notes`: a customer's notes (1028 when they have none).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getNotes = Endpoint.make({
  id: "customers.getNotesV11",
  section: "Customer",
  summary: "Get Customer Notes (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/notes",
  query: CustomerEngagementV11.NotesQuery,
  success: CustomerEngagementV11.NotesResponse,
  errors: [...readErrors, Endpoint.codes(NoCustomerNotes, [1028])],
  customerKey: byQuery
})

/**
 * `GET /v1.1/customer/recommendations`: a customer's product recommendations (1051 when Capillary has none for
 * them).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const recommendations = Endpoint.make({
  id: "customers.recommendationsV11",
  section: "Customer",
  summary: "Get Product Recommendations (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/recommendations",
  query: CustomerEngagementV11.RecommendationsQuery,
  success: CustomerEngagementV11.RecommendationsResponse,
  errors: [...readErrors, Endpoint.codes(RecommendationsUnavailable, [1051])],
  customerKey: byQuery
})

/**
 * `GET /v1.1/customer/interaction`: the org's interactions with one or several customers (messages, surveys,
 * social activity), by network.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const interactions = Endpoint.make({
  id: "customers.interactionsV11",
  section: "Customer",
  summary: "Get Customer Interactions (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/interaction",
  query: CustomerEngagementV11.InteractionsQuery,
  success: CustomerEngagementV11.InteractionsResponse,
  errors: readErrors,
  customerKey: byQuery
})

/**
 * `POST /v1.1/customer/tickets`: opens tickets for a customer (1300). A ticket whose subject the customer already
 * has is refused (1301), so a ticket sent again is not created twice; the `CustomersV11` service reads an unknown
 * outcome back by subject. A ticket cannot be deleted.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const addTicket = Endpoint.make({
  id: "customers.addTicketV11",
  section: "Customer",
  summary: "Add Ticket (v1.1)",
  family: "v1.1",
  method: "POST",
  path: "/v1.1/customer/tickets",
  body: CustomerEngagementV11.TicketRequest,
  success: CustomerEngagementV11.TicketAddResponse,
  errors: [
    notFound,
    missing,
    Endpoint.codes(TicketAlreadyExists, [1301]),
    Endpoint.codes(TicketRejected, [1302, 1303]),
    batchLimit
  ],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: byFirstCustomer
})

/**
 * `GET /v1.1/customer/tickets`: the tickets of one or several customers, with filters.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getTickets = Endpoint.make({
  id: "customers.getTicketsV11",
  section: "Customer",
  summary: "Get Ticket Details (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/tickets",
  query: CustomerEngagementV11.TicketsQuery,
  success: CustomerEngagementV11.TicketsResponse,
  errors: readErrors,
  customerKey: byQuery
})

/**
 * `POST /v1.1/customer/preferences`: sets preferences (values and the preferred store) of 1 to 100 customers.
 * Setting the same values again leaves the same state, and setting the old values undoes it.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updatePreferences = Endpoint.make({
  id: "customers.updatePreferencesV11",
  section: "Customer",
  summary: "Add/Update Customer Preferences (v1.1)",
  family: "v1.1",
  method: "POST",
  path: "/v1.1/customer/preferences",
  body: CustomerEngagementV11.PreferencesRequest,
  success: CustomerEngagementV11.PreferencesResponse,
  errors: [notFound, missing, Endpoint.codes(PreferencesFailed, [1029, 1030, 1035]), batchLimit],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updatePreferencesV11"),
  customerKey: byFirstCustomer
})

/**
 * `GET /v1.1/customer/preferences`: the preferences of one or several customers (1031 when none are set).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getPreferences = Endpoint.make({
  id: "customers.getPreferencesV11",
  section: "Customer",
  summary: "Get Customer Preferences (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/preferences",
  query: CustomerEngagementV11.PreferencesQuery,
  success: CustomerEngagementV11.PreferencesResponse,
  errors: [
    ...readErrors,
    Endpoint.codes(NoCustomerPreferences, [1031]),
    Endpoint.codes(PreferencesFailed, [1029, 1030, 1035])
  ],
  customerKey: byQuery
})

/**
 * Every v1.1 customers endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints: ReadonlyArray<Endpoint.Any> = [
  add,
  update,
  updateIdentity,
  get,
  transactions,
  redemptions,
  coupons,
  addNotes,
  getNotes,
  recommendations,
  interactions,
  addTicket,
  getTickets,
  updatePreferences,
  getPreferences
]
