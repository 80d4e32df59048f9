/**
 * The customer activity service: a customer's transactions, one page or every page as a `Stream`, and their
 * product recommendations, each failing with the domain errors it can meet.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError, type Endpoint } from "@capillary-effect/core"
import { Context, Effect, Layer, Stream } from "effect"
import type * as Customer from "./Customer.ts"
import type * as CustomerActivity from "./CustomerActivity.ts"
import * as CustomerActivityApi from "./CustomerActivityApi.ts"
import type { IdentifierLookup } from "./Customers.ts"

/**
 * How an operation of an endpoint can fail: the client's errors and the endpoint's named errors.
 *
 * @since 0.2.0
 * @category errors
 */
export type ErrorOf<Ep> = CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>

/**
 * The operations of the customer activity service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** One page of a customer's transactions. */
  readonly transactionsPage: (
    id: Customer.CustomerId,
    query?: CustomerActivity.TransactionsQuery
  ) => Effect.Effect<CustomerActivity.TransactionsPage, ErrorOf<typeof CustomerActivityApi.transactions>>
  /** Every transaction of a customer, read a page at a time. */
  readonly transactions: (
    id: Customer.CustomerId,
    query?: CustomerActivity.TransactionsQuery
  ) => Stream.Stream<CustomerActivity.Transaction, ErrorOf<typeof CustomerActivityApi.transactions>>
  /** A customer's product recommendations, by identifier. */
  readonly recommendations: (
    lookup: IdentifierLookup
  ) => Effect.Effect<CustomerActivity.Recommendations, ErrorOf<typeof CustomerActivityApi.recommendations>>
}

/**
 * The customer activity service.
 *
 * @since 0.2.0
 * @category services
 */
export class CustomerActivities extends Context.Service<CustomerActivities, Service>()(
  "@capillary-effect/customers/CustomerActivities"
) {}

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const transactionsPage = Effect.fn("CustomerActivities.transactionsPage")(function*(
    id: Customer.CustomerId,
    query?: CustomerActivity.TransactionsQuery
  ) {
    return yield* client.execute(CustomerActivityApi.transactions, { path: { id }, query: query ?? {} })
  })

  const transactions = (id: Customer.CustomerId, query?: CustomerActivity.TransactionsQuery) =>
    client.stream(CustomerActivityApi.transactions, { path: { id }, query: query ?? {} }).pipe(
      Stream.withSpan("CustomerActivities.transactions")
    )

  const recommendations = Effect.fn("CustomerActivities.recommendations")(function*(lookup: IdentifierLookup) {
    return yield* client.execute(CustomerActivityApi.recommendations, {
      query: {
        source: lookup.source,
        ...(lookup.accountId === undefined ? {} : { accountId: lookup.accountId }),
        identifierName: lookup.identifier.type,
        identifierValue: lookup.identifier.value
      }
    })
  })

  return CustomerActivities.of({ transactionsPage, transactions, recommendations })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<CustomerActivities, never, CapillaryClient.CapillaryClient> = Layer.effect(
  CustomerActivities,
  make
)
