/**
 * The subscriptions service: opt a customer in or out of channels and priorities, read their subscriptions by id
 * or by identifier and the log of their status changes, and the v1.1 update and read of SMS and email
 * subscriptions for customers named by any identifier, each failing with the domain errors its endpoint declares.
 * Updates set statuses, so the client retries them like reads.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import type * as Customer from "./Customer.ts"
import type { CustomerMerged, CustomerNotFound, InvalidIdentifier, InvalidSource } from "./CustomerErrors.ts"
import type { IdentifierLookup } from "./Customers.ts"
import type * as Subscription from "./Subscription.ts"
import type { InvalidChannel } from "./SubscriptionErrors.ts"
import * as SubscriptionsApi from "./SubscriptionsApi.ts"

/**
 * How an update can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type UpdateError = CapillaryError.CapillaryError | CustomerNotFound | InvalidChannel | CustomerMerged

/**
 * How a read by id, or of the log, can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type GetError = CapillaryError.CapillaryError | CustomerNotFound | CustomerMerged

/**
 * How a read by identifier can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type LookupError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidSource
  | InvalidIdentifier
  | CustomerMerged

/**
 * How a v1.1 call fails as a whole (one customer not found; with several, each item carries its own status).
 *
 * @since 0.2.0
 * @category errors
 */
export type V11Error = CapillaryError.CapillaryError | CustomerNotFound

/**
 * Which customers a v1.1 read is about: one identifier type and one value or more, optionally narrowed to a
 * channel and a priority.
 *
 * @since 0.2.0
 * @category models
 */
export interface V11Read {
  readonly identifier: "mobile" | "email" | "external_id" | "id"
  readonly values: NonEmptyReadonlyArray<string>
  readonly channel?: typeof Subscription.V11ChannelFilter.Type | undefined
  readonly priority?: Subscription.Priority | undefined
}

/**
 * The operations of the subscriptions service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Opts a customer in or out; the answer echoes the changes. */
  readonly update: (
    userId: Customer.CustomerId,
    update: Subscription.SubscriptionsUpdate
  ) => Effect.Effect<Subscription.SubscriptionsUpdated, UpdateError>
  /** A customer's subscriptions, by id. */
  readonly get: (customerId: Customer.CustomerId) => Effect.Effect<Subscription.Subscriptions, GetError>
  /** A customer's subscriptions, by identifier in a source (or `ALL`). */
  readonly getByIdentifier: (lookup: IdentifierLookup) => Effect.Effect<Subscription.Subscriptions, LookupError>
  /** Every change of a customer's subscription statuses, oldest first. */
  readonly statusLog: (userId: Customer.CustomerId) => Effect.Effect<Subscription.SubscriptionLog, GetError>
  /** The v1.1 update: each item names its customer; items succeed or fail on their own. */
  readonly updateV11: (
    items: NonEmptyReadonlyArray<Subscription.V11SubscriptionUpdate>
  ) => Effect.Effect<Subscription.V11SubscriptionsUpdated, V11Error>
  /** The v1.1 read of one customer or more. */
  readonly getV11: (read: V11Read) => Effect.Effect<Subscription.V11Subscriptions, V11Error>
}

/**
 * The subscriptions service.
 *
 * @since 0.2.0
 * @category services
 */
export class Subscriptions extends Context.Service<Subscriptions, Service>()(
  "@capillary-effect/customers/Subscriptions"
) {}

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const update = Effect.fn("Subscriptions.update")(function*(
    userId: Customer.CustomerId,
    request: Subscription.SubscriptionsUpdate
  ) {
    return yield* client.execute(SubscriptionsApi.update, { path: { userId }, body: request })
  })

  const get = Effect.fn("Subscriptions.get")(function*(customerId: Customer.CustomerId) {
    return yield* client.execute(SubscriptionsApi.get, { path: { userId: customerId } })
  })

  const getByIdentifier = Effect.fn("Subscriptions.getByIdentifier")(function*(lookup: IdentifierLookup) {
    return yield* client.execute(SubscriptionsApi.getByIdentifier, {
      query: {
        source: lookup.source,
        ...(lookup.accountId === undefined ? {} : { accountId: lookup.accountId }),
        identifierName: lookup.identifier.type,
        identifierValue: lookup.identifier.value
      }
    })
  })

  const statusLog = Effect.fn("Subscriptions.statusLog")(function*(userId: Customer.CustomerId) {
    return yield* client.execute(SubscriptionsApi.statusLog, { path: { userId } })
  })

  const updateV11 = Effect.fn("Subscriptions.updateV11")(function*(
    items: NonEmptyReadonlyArray<Subscription.V11SubscriptionUpdate>
  ) {
    return yield* client.execute(SubscriptionsApi.updateV11, { body: { root: { subscription: items } } })
  })

  const getV11 = Effect.fn("Subscriptions.getV11")(function*(read: V11Read) {
    return yield* client.execute(SubscriptionsApi.getV11, {
      query: {
        [read.identifier]: read.values.join(","),
        ...(read.channel === undefined ? {} : { channel: read.channel }),
        ...(read.priority === undefined ? {} : { priority: read.priority })
      }
    })
  })

  return Subscriptions.of({ update, get, getByIdentifier, statusLog, updateV11, getV11 })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Subscriptions, never, CapillaryClient.CapillaryClient> = Layer.effect(
  Subscriptions,
  make
)
