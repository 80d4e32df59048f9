/**
 * The customers service: register a customer, read one by id or by identifier, and look up a customer's id,
 * each failing with the domain errors it can meet. A registration is not safe to send twice, so when its outcome
 * is unknown (the connection dropped after sending, a timeout, a 5xx) the service looks the customer up by the
 * first identifier of the first profile, in that profile's source, and answers with the id it finds.
 *
 * @since 0.1.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer, Option } from "effect"
import type * as Customer from "./Customer.ts"
import type {
  CustomerAlreadyExists,
  CustomerMerged,
  CustomerNotFound,
  IdentifierInUse,
  InvalidIdentifier,
  InvalidSource
} from "./CustomerErrors.ts"
import * as CustomersApi from "./CustomersApi.ts"

/**
 * Which customer to find: an identifier in a source (or `ALL`), optionally within one account.
 *
 * @since 0.1.0
 * @category models
 */
export interface IdentifierLookup {
  readonly source: Customer.LookupSource
  readonly accountId?: string | undefined
  readonly identifier: { readonly type: Customer.IdentifierType; readonly value: string }
}

/**
 * Which profiles a read by id returns: those of one source (default `ALL`), optionally of one account.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly source?: Customer.LookupSource | undefined
  readonly accountId?: string | undefined
}

/**
 * How a registration can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type AddError = CapillaryError.CapillaryError | CustomerAlreadyExists | IdentifierInUse | InvalidSource

/**
 * How a read by id can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetError = CapillaryError.CapillaryError | CustomerNotFound | InvalidSource | CustomerMerged

/**
 * How a read or lookup by identifier can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type LookupError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidSource
  | InvalidIdentifier
  | CustomerMerged

/**
 * The operations of the customers service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Registers a customer. An outcome the SDK cannot know is resolved by looking the customer up: when found,
   * the answer is `{createdId, warnings: []}` without side effects (and so is a customer that already had that
   * identifier in that source before); when not found, the registration is sent again.
   */
  readonly add: (customer: Customer.CustomerAdd) => Effect.Effect<Customer.CustomerCreated, AddError>
  /** Reads a customer by id. */
  readonly get: (id: Customer.CustomerId, options?: GetOptions) => Effect.Effect<Customer.Customer, GetError>
  /** Reads a customer by identifier. */
  readonly getByIdentifier: (lookup: IdentifierLookup) => Effect.Effect<Customer.Customer, LookupError>
  /** Finds a customer's id by identifier (`entity` of the answer). */
  readonly lookup: (lookup: IdentifierLookup) => Effect.Effect<Customer.CustomerLookup, LookupError>
}

/**
 * The customers service.
 *
 * @since 0.1.0
 * @category services
 */
export class Customers extends Context.Service<Customers, Service>()("@capillary-effect/customers/Customers") {}

const identifierQuery = (lookup: IdentifierLookup): Customer.IdentifierQuery => ({
  source: lookup.source,
  ...(lookup.accountId === undefined ? {} : { accountId: lookup.accountId }),
  identifierName: lookup.identifier.type,
  identifierValue: lookup.identifier.value
})

/**
 * Builds the service on the client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  // Read back after an ambiguous failure: found in the first profile's own source means the registration
  // happened. It runs only after the body was validated and sent, so the first profile and identifier exist.
  const findRegistered = (customer: Customer.CustomerAdd) => {
    const [profile] = customer.profiles
    const [identifier] = profile.identifiers
    return client.execute(CustomersApi.lookup, {
      query: identifierQuery({ source: profile.source, accountId: profile.accountId, identifier })
    }).pipe(
      Effect.map(({ entity }) => Option.some<Customer.CustomerCreated>({ createdId: entity, warnings: [] })),
      Effect.catchTag("CustomerNotFound", () => Effect.succeedNone)
    )
  }

  const add = Effect.fn("Customers.add")(function*(customer: Customer.CustomerAdd) {
    return yield* client.execute(CustomersApi.add, { body: customer }, {
      reconcile: Effect.suspend(() => findRegistered(customer))
    })
  })

  const get = Effect.fn("Customers.get")(function*(id: Customer.CustomerId, options?: GetOptions) {
    return yield* client.execute(CustomersApi.get, {
      path: { id },
      query: {
        source: options?.source ?? "ALL",
        ...(options?.accountId === undefined ? {} : { accountId: options.accountId })
      }
    })
  })

  const getByIdentifier = Effect.fn("Customers.getByIdentifier")(function*(lookup: IdentifierLookup) {
    return yield* client.execute(CustomersApi.getByIdentifier, { query: identifierQuery(lookup) })
  })

  const lookup = Effect.fn("Customers.lookup")(function*(lookup: IdentifierLookup) {
    return yield* client.execute(CustomersApi.lookup, { query: identifierQuery(lookup) })
  })

  return Customers.of({ add, get, getByIdentifier, lookup })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Customers, never, CapillaryClient.CapillaryClient> = Layer.effect(Customers, make)
