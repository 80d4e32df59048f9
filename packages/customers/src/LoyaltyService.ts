/**
 * The customer loyalty service: a customer's loyalty details, points balance, tier, points expiry and promised
 * points schedules (each by id or by identifier), loyalty events and promotion data (a page, or every page as a
 * `Stream`), points transfers, and a user group's trackers. All of them are reads, retried on transient
 * failures; each fails with the domain errors it can meet.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer, type Stream } from "effect"
import type * as Customer from "./Customer.ts"
import type {
  CustomerMerged,
  CustomerNotFound,
  InvalidIdentifier,
  InvalidPaging,
  InvalidSource
} from "./CustomerErrors.ts"
import type { IdentifierLookup } from "./Customers.ts"
import type * as Loyalty from "./Loyalty.ts"
import * as LoyaltyApi from "./LoyaltyApi.ts"
import type { InvalidEntityType, InvalidGroup, InvalidProgram, LoyaltyReadFailed } from "./LoyaltyErrors.ts"

/**
 * Which programs a read covers: one (`programId`, the default program when absent), or every program of the
 * customer (`allPrograms`, which wins).
 *
 * @since 0.2.0
 * @category models
 */
export interface ProgramScope {
  readonly programId?: Loyalty.ProgramId | undefined
  readonly allPrograms?: boolean | undefined
}

/**
 * Which part of an expiry schedule: the programs, only the soonest expiry of each program, points type and
 * expiry type, and a date range (`YYYY-MM-DD`, inclusive).
 *
 * @since 0.2.0
 * @category models
 */
export interface ExpiryOptions extends ProgramScope {
  readonly earliestOnly?: boolean | undefined
  readonly startDate?: string | undefined
  readonly endDate?: string | undefined
}

/**
 * Which loyalty events: one kind, a date range (`YYYY-MM-DD`, inclusive), and the page size (1 to 100, 10 by
 * default).
 *
 * @since 0.2.0
 * @category models
 */
export interface EventsOptions {
  readonly eventType?: Loyalty.LoyaltyEventType | undefined
  readonly fromDate?: string | undefined
  readonly toDate?: string | undefined
  readonly pageSize?: number | undefined
}

/**
 * Which customer a promotion data read is about: an identifier (including `id` and `cuid`) in a source.
 *
 * @since 0.2.0
 * @category models
 */
export interface PromotionLookup {
  readonly source: Customer.LookupSource
  readonly accountId?: string | undefined
  readonly identifier: { readonly type: typeof Loyalty.PromotionIdentifierName.Type; readonly value: string }
}

/**
 * Which promotions: the programs (all when absent) and the page size (0 to 100).
 *
 * @since 0.2.0
 * @category models
 */
export interface PromotionOptions {
  readonly programIds?: ReadonlyArray<Loyalty.ProgramId> | undefined
  readonly pageSize?: number | undefined
}

/**
 * Which user group a trackers read is about.
 *
 * @since 0.2.0
 * @category models
 */
export type GroupRef =
  | { readonly id: number }
  | { readonly externalId: string }
  | { readonly primaryUserId: Customer.CustomerId }

/**
 * How a read by id can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type ByIdError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | CustomerMerged
  | InvalidProgram
  | LoyaltyReadFailed

/**
 * How a read by identifier can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type LookupError = ByIdError | InvalidSource | InvalidIdentifier

/**
 * How a loyalty events read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type EventsError = CapillaryError.CapillaryError | CustomerNotFound | CustomerMerged | InvalidPaging

/**
 * How a points transfers read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type TransfersError = CapillaryError.CapillaryError | CustomerNotFound | CustomerMerged

/**
 * How a promotion data read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type PromotionError = LookupError | InvalidPaging

/**
 * How a trackers read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type TrackersError = CapillaryError.CapillaryError | InvalidGroup | InvalidEntityType | LoyaltyReadFailed

/**
 * The operations of the customer loyalty service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** The customer's points and tier in each of their programs, or in the one named. */
  readonly loyaltyDetails: (
    customerId: Customer.CustomerId,
    options?: { readonly programId?: Loyalty.ProgramId | undefined }
  ) => Effect.Effect<Loyalty.LoyaltyDetails, ByIdError>
  /** The loyalty details of the customer with an identifier. */
  readonly loyaltyDetailsByIdentifier: (
    lookup: IdentifierLookup,
    options?: { readonly programId?: Loyalty.ProgramId | undefined }
  ) => Effect.Effect<Loyalty.LoyaltyDetails, LookupError>
  /** The points balance of the customer with an identifier, in one program or summed over all. */
  readonly pointsBalance: (
    lookup: IdentifierLookup,
    options?: ProgramScope
  ) => Effect.Effect<Loyalty.PointsBalance, LookupError | InvalidEntityType>
  /** The customer's tier in one program or all of them. */
  readonly tierDetails: (
    customerId: Customer.CustomerId,
    options?: ProgramScope
  ) => Effect.Effect<Loyalty.TierDetails, ByIdError>
  /** The tier of the customer with an identifier. */
  readonly tierDetailsByIdentifier: (
    lookup: IdentifierLookup,
    options?: ProgramScope
  ) => Effect.Effect<Loyalty.TierDetails, LookupError>
  /** The customer's points that will expire, earliest first. */
  readonly expirySchedule: (
    customerId: Customer.CustomerId,
    options?: ExpiryOptions
  ) => Effect.Effect<Loyalty.ExpiryScheduleResponse, ByIdError>
  /** The expiry schedule of the customer with an identifier. */
  readonly expiryScheduleByIdentifier: (
    lookup: IdentifierLookup,
    options?: ExpiryOptions
  ) => Effect.Effect<Loyalty.ExpiryScheduleResponse, LookupError>
  /** The customer's promised points by the date they become redeemable. */
  readonly promisedSchedule: (
    customerId: Customer.CustomerId,
    options?: ProgramScope
  ) => Effect.Effect<Loyalty.PromisedSchedule, ByIdError>
  /** The promised points schedule of the customer with an identifier. */
  readonly promisedScheduleByIdentifier: (
    lookup: IdentifierLookup,
    options?: ProgramScope
  ) => Effect.Effect<Loyalty.PromisedSchedule, LookupError>
  /** One page of the customer's loyalty events (`page` from 1). */
  readonly loyaltyEvents: (
    customerId: Customer.CustomerId,
    options?: EventsOptions & { readonly page?: number | undefined }
  ) => Effect.Effect<Loyalty.LoyaltyEvents, EventsError>
  /** Every loyalty event of the customer, page after page, read as the stream is consumed. */
  readonly allLoyaltyEvents: (
    customerId: Customer.CustomerId,
    options?: EventsOptions
  ) => Stream.Stream<Loyalty.LoyaltyEvent, EventsError>
  /** The points transferred out of and into the customer's account. */
  readonly pointsTransfers: (customerId: Customer.CustomerId) => Effect.Effect<Loyalty.PointsTransfers, TransfersError>
  /** One page of the promotions the customer is associated with (`offset`: records to skip). */
  readonly promotionData: (
    lookup: PromotionLookup,
    options?: PromotionOptions & { readonly offset?: number | undefined }
  ) => Effect.Effect<Loyalty.PromotionData, PromotionError>
  /** Every promotion the customer is associated with, page after page. */
  readonly promotions: (
    lookup: PromotionLookup,
    options?: PromotionOptions
  ) => Stream.Stream<typeof Loyalty.OpenEntry.Type, PromotionError>
  /** The trackers of a user group. */
  readonly trackers: (
    group: GroupRef,
    options?: { readonly source?: Customer.LookupSource | undefined }
  ) => Effect.Effect<Loyalty.Trackers, TrackersError>
}

/**
 * The customer loyalty service.
 *
 * @since 0.2.0
 * @category services
 */
export class CustomerLoyalty extends Context.Service<CustomerLoyalty, Service>()(
  "@capillary-effect/customers/CustomerLoyalty"
) {}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const lookupFields = (lookup: IdentifierLookup) => ({
  source: lookup.source,
  ...(lookup.accountId === undefined ? {} : { accountId: lookup.accountId }),
  identifierName: lookup.identifier.type,
  identifierValue: lookup.identifier.value
})

const scopeFields = (options: ProgramScope = {}) => ({
  ...(options.programId === undefined ? {} : { programId: options.programId }),
  ...(options.allPrograms === undefined ? {} : { fetchDataForAllPrograms: options.allPrograms })
})

const expiryFields = (options: ExpiryOptions = {}) => ({
  ...scopeFields(options),
  ...(options.earliestOnly === undefined ? {} : { fetchEarliestExpiryOnly: options.earliestOnly }),
  ...(options.startDate === undefined ? {} : { startDate: options.startDate }),
  ...(options.endDate === undefined ? {} : { endDate: options.endDate })
})

const eventsQuery = (options: EventsOptions & { readonly page?: number | undefined } = {}) => {
  const query: Mutable<Loyalty.LoyaltyEventsQuery> = {}
  if (options.eventType !== undefined) query.eventType = options.eventType
  if (options.fromDate !== undefined) query.fromDate = options.fromDate
  if (options.toDate !== undefined) query.toDate = options.toDate
  if (options.pageSize !== undefined) query.limit = options.pageSize
  if (options.page !== undefined) query.page = options.page
  return query
}

const promotionQuery = (
  lookup: PromotionLookup,
  options: PromotionOptions & { readonly offset?: number | undefined } = {}
) => {
  const query: Mutable<Loyalty.PromotionDataQuery> = {
    source: lookup.source,
    identifierName: lookup.identifier.type,
    identifierValue: lookup.identifier.value
  }
  if (lookup.accountId !== undefined) query.accountId = lookup.accountId
  if (options.programIds !== undefined && options.programIds.length > 0) query.programIds = options.programIds.join(",")
  if (options.pageSize !== undefined) query.limit = options.pageSize
  if (options.offset !== undefined) query.offset = options.offset
  return query
}

const groupQuery = (group: GroupRef) =>
  "id" in group
    ? { identifierType: "id", identifierValue: String(group.id) } as const
    : "externalId" in group
    ? { identifierType: "externalId", identifierValue: group.externalId } as const
    : { identifierType: "primaryUserId", identifierValue: String(group.primaryUserId) } as const

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const loyaltyDetails = Effect.fn("CustomerLoyalty.loyaltyDetails")(function*(
    customerId: Customer.CustomerId,
    options: { readonly programId?: Loyalty.ProgramId | undefined } = {}
  ) {
    return yield* client.execute(LoyaltyApi.loyaltyDetails, {
      path: { customerId },
      query: options.programId === undefined ? {} : { programId: options.programId }
    })
  })

  const loyaltyDetailsByIdentifier = Effect.fn("CustomerLoyalty.loyaltyDetailsByIdentifier")(function*(
    lookup: IdentifierLookup,
    options: { readonly programId?: Loyalty.ProgramId | undefined } = {}
  ) {
    return yield* client.execute(LoyaltyApi.loyaltyDetailsByIdentifier, {
      query: { ...lookupFields(lookup), ...(options.programId === undefined ? {} : { programId: options.programId }) }
    })
  })

  const pointsBalance = Effect.fn("CustomerLoyalty.pointsBalance")(
    function*(lookup: IdentifierLookup, options?: ProgramScope) {
      return yield* client.execute(LoyaltyApi.pointsBalanceByIdentifier, {
        query: { ...lookupFields(lookup), ...scopeFields(options), entityType: "CUSTOMER" }
      })
    }
  )

  const tierDetails = Effect.fn("CustomerLoyalty.tierDetails")(
    function*(customerId: Customer.CustomerId, options?: ProgramScope) {
      return yield* client.execute(LoyaltyApi.tierDetails, {
        path: { userId: customerId },
        query: scopeFields(options)
      })
    }
  )

  const tierDetailsByIdentifier = Effect.fn("CustomerLoyalty.tierDetailsByIdentifier")(
    function*(lookup: IdentifierLookup, options?: ProgramScope) {
      return yield* client.execute(LoyaltyApi.tierDetailsByIdentifier, {
        query: { ...lookupFields(lookup), ...scopeFields(options) }
      })
    }
  )

  const expirySchedule = Effect.fn("CustomerLoyalty.expirySchedule")(
    function*(customerId: Customer.CustomerId, options?: ExpiryOptions) {
      return yield* client.execute(LoyaltyApi.pointsExpirySchedule, {
        path: { userId: customerId },
        query: expiryFields(options)
      })
    }
  )

  const expiryScheduleByIdentifier = Effect.fn("CustomerLoyalty.expiryScheduleByIdentifier")(
    function*(lookup: IdentifierLookup, options?: ExpiryOptions) {
      return yield* client.execute(LoyaltyApi.pointsExpiryScheduleByIdentifier, {
        query: { ...lookupFields(lookup), ...expiryFields(options) }
      })
    }
  )

  const promisedSchedule = Effect.fn("CustomerLoyalty.promisedSchedule")(
    function*(customerId: Customer.CustomerId, options?: ProgramScope) {
      return yield* client.execute(LoyaltyApi.promisedPointsSchedule, {
        path: { userId: customerId },
        query: scopeFields(options)
      })
    }
  )

  const promisedScheduleByIdentifier = Effect.fn("CustomerLoyalty.promisedScheduleByIdentifier")(
    function*(lookup: IdentifierLookup, options?: ProgramScope) {
      return yield* client.execute(LoyaltyApi.promisedPointsScheduleByIdentifier, {
        query: { ...lookupFields(lookup), ...scopeFields(options) }
      })
    }
  )

  const loyaltyEvents = Effect.fn("CustomerLoyalty.loyaltyEvents")(function*(
    customerId: Customer.CustomerId,
    options?: EventsOptions & { readonly page?: number | undefined }
  ) {
    return yield* client.execute(LoyaltyApi.loyaltyEvents, {
      path: { userId: customerId },
      query: eventsQuery(options)
    })
  })

  const allLoyaltyEvents = (customerId: Customer.CustomerId, options?: EventsOptions) =>
    client.stream(LoyaltyApi.loyaltyEvents, { path: { userId: customerId }, query: eventsQuery(options) })

  const pointsTransfers = Effect.fn("CustomerLoyalty.pointsTransfers")(function*(customerId: Customer.CustomerId) {
    return yield* client.execute(LoyaltyApi.pointsTransfers, { path: { userId: customerId } })
  })

  const promotionData = Effect.fn("CustomerLoyalty.promotionData")(function*(
    lookup: PromotionLookup,
    options?: PromotionOptions & { readonly offset?: number | undefined }
  ) {
    return yield* client.execute(LoyaltyApi.promotionData, { query: promotionQuery(lookup, options) })
  })

  const promotions = (lookup: PromotionLookup, options?: PromotionOptions) =>
    client.stream(LoyaltyApi.promotionData, { query: promotionQuery(lookup, options) })

  const trackers = Effect.fn("CustomerLoyalty.trackers")(function*(
    group: GroupRef,
    options: { readonly source?: Customer.LookupSource | undefined } = {}
  ) {
    return yield* client.execute(LoyaltyApi.userEntityTrackers, {
      query: {
        type: "USERGROUP2",
        ...groupQuery(group),
        ...(options.source === undefined ? {} : { source: options.source })
      }
    })
  })

  return CustomerLoyalty.of({
    loyaltyDetails,
    loyaltyDetailsByIdentifier,
    pointsBalance,
    tierDetails,
    tierDetailsByIdentifier,
    expirySchedule,
    expiryScheduleByIdentifier,
    promisedSchedule,
    promisedScheduleByIdentifier,
    loyaltyEvents,
    allLoyaltyEvents,
    pointsTransfers,
    promotionData,
    promotions,
    trackers
  })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<CustomerLoyalty, never, CapillaryClient.CapillaryClient> = Layer.effect(
  CustomerLoyalty,
  make
)
