/**
 * The v1.1 customers service: register and update customers, request identity changes, read customers and their
 * transactions, redemptions and coupons, and keep notes, tickets and preferences, each operation failing with the
 * domain errors it can meet. Batches answer per item: a batch in which only some customers failed succeeds, and
 * each item's `item_status` says what happened to it.
 *
 * A ticket is not safe to send twice, but Capillary refuses a second ticket with the same subject for a customer,
 * so when the outcome of `addTicket` is unknown (the connection dropped after sending, a timeout, a 5xx) the
 * service reads the customer's tickets back and answers with those of the subjects it sent (with a 1300 item
 * status, as the creation answers it), or sends the request again when they are not there.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError, type Endpoint } from "@capillary-effect/core"
import { Context, Effect, Layer, Option } from "effect"
import type * as CustomerEngagementV11 from "./CustomerEngagementV11.ts"
import * as CustomersV11Api from "./CustomersV11Api.ts"
import type * as CustomerV11 from "./CustomerV11.ts"

/**
 * How an operation of an endpoint can fail: the client's errors and the endpoint's named errors.
 *
 * @since 0.2.0
 * @category errors
 */
export type ErrorOf<Ep> = CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>

/**
 * The operations of the v1.1 customers service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Registers 1 to 100 customers (a customer already known is updated); one item per customer. */
  readonly add: (
    customers: readonly [CustomerV11.CustomerInput, ...Array<CustomerV11.CustomerInput>]
  ) => Effect.Effect<CustomerV11.CustomersResponse, ErrorOf<typeof CustomersV11Api.add>>
  /** Changes one customer's details. */
  readonly update: (
    customer: CustomerV11.CustomerUpdate
  ) => Effect.Effect<CustomerV11.CustomersResponse, ErrorOf<typeof CustomersV11Api.update>>
  /** Asks for a customer's mobile, email or external id to change (the request stays pending). */
  readonly updateIdentity: (
    change: CustomerV11.IdentityChange
  ) => Effect.Effect<CustomerV11.IdentityChangeResponse, ErrorOf<typeof CustomersV11Api.updateIdentity>>
  /** Reads one or several customers. */
  readonly get: (
    query: CustomerV11.GetQuery
  ) => Effect.Effect<CustomerV11.CustomersResponse, ErrorOf<typeof CustomersV11Api.get>>
  /** Reads customers' transactions. */
  readonly transactions: (
    query: CustomerV11.TransactionsQuery
  ) => Effect.Effect<CustomerV11.TransactionsResponse, ErrorOf<typeof CustomersV11Api.transactions>>
  /** Reads customers' points and coupon redemptions. */
  readonly redemptions: (
    query: CustomerV11.RedemptionsQuery
  ) => Effect.Effect<CustomerV11.RedemptionsResponse, ErrorOf<typeof CustomersV11Api.redemptions>>
  /** Reads a customer's coupons. */
  readonly coupons: (
    query: CustomerV11.CouponsQuery
  ) => Effect.Effect<CustomerV11.CouponsResponse, ErrorOf<typeof CustomersV11Api.coupons>>
  /** Adds notes to a customer, or changes notes by id. */
  readonly addNotes: (
    notes: CustomerEngagementV11.NotesInput
  ) => Effect.Effect<CustomerEngagementV11.NotesResponse, ErrorOf<typeof CustomersV11Api.addNotes>>
  /** Reads a customer's notes. */
  readonly getNotes: (
    query: CustomerV11.IdentifierQuery
  ) => Effect.Effect<CustomerEngagementV11.NotesResponse, ErrorOf<typeof CustomersV11Api.getNotes>>
  /** Reads a customer's product recommendations. */
  readonly recommendations: (
    query: CustomerEngagementV11.RecommendationsQuery
  ) => Effect.Effect<CustomerEngagementV11.RecommendationsResponse, ErrorOf<typeof CustomersV11Api.recommendations>>
  /** Reads the org's interactions with customers. */
  readonly interactions: (
    query: CustomerEngagementV11.InteractionsQuery
  ) => Effect.Effect<CustomerEngagementV11.InteractionsResponse, ErrorOf<typeof CustomersV11Api.interactions>>
  /** Opens tickets for a customer; an unknown outcome is read back by subject. */
  readonly addTicket: (
    tickets: CustomerEngagementV11.TicketsInput
  ) => Effect.Effect<CustomerEngagementV11.TicketAddResponse, ErrorOf<typeof CustomersV11Api.addTicket>>
  /** Reads customers' tickets. */
  readonly getTickets: (
    query: CustomerEngagementV11.TicketsQuery
  ) => Effect.Effect<CustomerEngagementV11.TicketsResponse, ErrorOf<typeof CustomersV11Api.getTickets>>
  /** Sets preferences of 1 to 100 customers. */
  readonly updatePreferences: (
    customers: readonly [CustomerEngagementV11.PreferencesInput, ...Array<CustomerEngagementV11.PreferencesInput>]
  ) => Effect.Effect<CustomerEngagementV11.PreferencesResponse, ErrorOf<typeof CustomersV11Api.updatePreferences>>
  /** Reads customers' preferences. */
  readonly getPreferences: (
    query: CustomerEngagementV11.PreferencesQuery
  ) => Effect.Effect<CustomerEngagementV11.PreferencesResponse, ErrorOf<typeof CustomersV11Api.getPreferences>>
}

/**
 * The v1.1 customers service.
 *
 * @since 0.2.0
 * @category services
 */
export class CustomersV11 extends Context.Service<CustomersV11, Service>()(
  "@capillary-effect/customers/CustomersV11"
) {}

/** The identifier of the ticket request's customer, as a query. */
const queryOf = (tickets: CustomerEngagementV11.TicketsInput): CustomerEngagementV11.TicketsQuery => {
  const id = tickets.user_id ?? tickets.id
  return id !== undefined && id.trim() !== ""
    ? { id }
    : {
      ...(tickets.mobile === undefined || tickets.mobile === "" ? {} : { mobile: tickets.mobile }),
      ...(tickets.email === undefined || tickets.email === "" ? {} : { email: tickets.email }),
      ...(tickets.external_id === undefined || tickets.external_id === "" ? {} : { external_id: tickets.external_id })
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

  // Read back after an ambiguous ticket creation: every subject sent is among the customer's tickets.
  const findTickets = (tickets: CustomerEngagementV11.TicketsInput) =>
    client.execute(CustomersV11Api.getTickets, { query: queryOf(tickets) }).pipe(
      Effect.map((answer): Option.Option<CustomerEngagementV11.TicketAddResponse> => {
        const [customer] = answer.response.customer
        const subjects = tickets.ticket.map((ticket) => ticket.subject.trim().toLowerCase())
        const found = (customer?.tickets ?? []).filter((ticket) =>
          subjects.includes((ticket.subject ?? "").trim().toLowerCase())
        )
        if (customer === undefined || found.length < subjects.length) return Option.none()
        const { item_status: _status, tickets: _tickets, ...identifiers } = customer
        return Option.some({
          response: {
            status: { success: true, code: 200, message: "SUCCESS" },
            customers: {
              customer: [{
                ...identifiers,
                ticket: found,
                item_status: { success: true, code: 1300, message: "Ticket added successfully" }
              }]
            }
          }
        })
      }),
      Effect.catchTag("CustomerNotFound", () => Effect.succeedNone)
    )

  const add = Effect.fn("CustomersV11.add")(function*(
    customers: readonly [CustomerV11.CustomerInput, ...Array<CustomerV11.CustomerInput>]
  ) {
    return yield* client.execute(CustomersV11Api.add, { body: { root: { customer: customers } } })
  })

  const update = Effect.fn("CustomersV11.update")(function*(customer: CustomerV11.CustomerUpdate) {
    return yield* client.execute(CustomersV11Api.update, { body: { root: { customer: [customer] } } })
  })

  const updateIdentity = Effect.fn("CustomersV11.updateIdentity")(function*(change: CustomerV11.IdentityChange) {
    return yield* client.execute(CustomersV11Api.updateIdentity, { body: { root: { customer: [change] } } })
  })

  const get = Effect.fn("CustomersV11.get")(function*(query: CustomerV11.GetQuery) {
    return yield* client.execute(CustomersV11Api.get, { query })
  })

  const transactions = Effect.fn("CustomersV11.transactions")(function*(query: CustomerV11.TransactionsQuery) {
    return yield* client.execute(CustomersV11Api.transactions, { query })
  })

  const redemptions = Effect.fn("CustomersV11.redemptions")(function*(query: CustomerV11.RedemptionsQuery) {
    return yield* client.execute(CustomersV11Api.redemptions, { query })
  })

  const coupons = Effect.fn("CustomersV11.coupons")(function*(query: CustomerV11.CouponsQuery) {
    return yield* client.execute(CustomersV11Api.coupons, { query })
  })

  const addNotes = Effect.fn("CustomersV11.addNotes")(function*(notes: CustomerEngagementV11.NotesInput) {
    return yield* client.execute(CustomersV11Api.addNotes, { body: { root: { customer: [notes] } } })
  })

  const getNotes = Effect.fn("CustomersV11.getNotes")(function*(query: CustomerV11.IdentifierQuery) {
    return yield* client.execute(CustomersV11Api.getNotes, { query })
  })

  const recommendations = Effect.fn("CustomersV11.recommendations")(function*(
    query: CustomerEngagementV11.RecommendationsQuery
  ) {
    return yield* client.execute(CustomersV11Api.recommendations, { query })
  })

  const interactions = Effect.fn("CustomersV11.interactions")(function*(
    query: CustomerEngagementV11.InteractionsQuery
  ) {
    return yield* client.execute(CustomersV11Api.interactions, { query })
  })

  const addTicket = Effect.fn("CustomersV11.addTicket")(function*(tickets: CustomerEngagementV11.TicketsInput) {
    return yield* client.execute(CustomersV11Api.addTicket, { body: { root: { customer: [tickets] } } }, {
      reconcile: Effect.suspend(() => findTickets(tickets))
    })
  })

  const getTickets = Effect.fn("CustomersV11.getTickets")(function*(query: CustomerEngagementV11.TicketsQuery) {
    return yield* client.execute(CustomersV11Api.getTickets, { query })
  })

  const updatePreferences = Effect.fn("CustomersV11.updatePreferences")(function*(
    customers: readonly [CustomerEngagementV11.PreferencesInput, ...Array<CustomerEngagementV11.PreferencesInput>]
  ) {
    return yield* client.execute(CustomersV11Api.updatePreferences, { body: { root: { customer: customers } } })
  })

  const getPreferences = Effect.fn("CustomersV11.getPreferences")(function*(
    query: CustomerEngagementV11.PreferencesQuery
  ) {
    return yield* client.execute(CustomersV11Api.getPreferences, { query })
  })

  return CustomersV11.of({
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
  })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<CustomersV11, never, CapillaryClient.CapillaryClient> = Layer.effect(CustomersV11, make)
