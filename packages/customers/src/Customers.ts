/**
 * The customers service: register a customer, read one by id or by identifier, and look up a customer's id;
 * update a profile, search, set the status and read its log, change identifiers (link and delink cards) and
 * delete images, each failing with the domain errors it can meet. A registration is not safe to send twice, so
 * when its outcome is unknown (the connection dropped after sending, a timeout, a 5xx) the service looks the
 * customer up by the first identifier of the first profile, in that profile's source, and answers with the id it
 * finds. An identifier change is reconciled the same way: the profile is read back, and the change happened when
 * every added identifier is there and every removed one is gone.
 *
 * @since 0.1.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer, Option, Stream } from "effect"
import type { CardSeriesNotFound, InvalidCardStatus, MaxActiveCardsExceeded } from "./CardErrors.ts"
import type * as Customer from "./Customer.ts"
import type {
  CustomerAlreadyExists,
  CustomerMerged,
  CustomerNotFound,
  IdentifierConflict,
  IdentifierInUse,
  IdentifierRequired,
  ImageNotFound,
  InvalidContactDetails,
  InvalidIdentifier,
  InvalidPaging,
  InvalidSource,
  InvalidStatusLabel,
  LoyaltyDowngradeNotAllowed,
  MergeConflict,
  NotInLoyaltyProgram
} from "./CustomerErrors.ts"
import * as CustomersApi from "./CustomersApi.ts"
import type { InvalidProgram } from "./LoyaltyErrors.ts"

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
  /** What to embed: loyalty summaries, schedules, subscriptions, images. */
  readonly embed?: ReadonlyArray<Customer.Embed> | undefined
}

/**
 * Which profile a write changes: the customer's profile in one source (not `ALL`), within one account for
 * sources with several.
 *
 * @since 0.2.0
 * @category models
 */
export interface ProfileSelector {
  readonly source: Customer.Source
  readonly accountId?: string | undefined
}

/**
 * Which customer's profile a write changes, found by an identifier in the profile's source.
 *
 * @since 0.2.0
 * @category models
 */
export interface ProfileLookup extends ProfileSelector {
  readonly identifier: { readonly type: Customer.IdentifierType; readonly value: string }
}

/**
 * Options of a write with loyalty activities: `useAsync` runs them in the background (no side effects in the
 * answer).
 *
 * @since 0.2.0
 * @category models
 */
export interface WriteOptions {
  readonly useAsync?: boolean | undefined
}

/**
 * Options of a registration: the `source` (and `accountId`) it is made in, one of its profiles'; `rawSideEffects`
 * (points side effects also carry the exact `rawAwardedPoints`); `mlpSingleEnroll` (a loyalty customer is
 * enrolled in every loyalty program of the organisation).
 *
 * @since 0.2.0
 * @category models
 */
export interface AddOptions {
  readonly source?: Customer.Source | undefined
  readonly accountId?: string | undefined
  readonly rawSideEffects?: boolean | undefined
  readonly mlpSingleEnroll?: boolean | undefined
}

/**
 * A search page: `limit` 1 to 100 (default 10) customers from `offset` (default 0).
 *
 * @since 0.2.0
 * @category models
 */
export interface SearchOptions {
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

/**
 * How a registration can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type AddError =
  | CapillaryError.CapillaryError
  | CustomerAlreadyExists
  | IdentifierInUse
  | InvalidSource
  | CardLinkError

/**
 * How a registration whose body can carry program enrolments can fail: as any registration, or as its
 * enrolments (`EnrolmentError`).
 *
 * @since 0.2.0
 * @category errors
 */
export type AddWithEnrolmentsError = AddError | EnrolmentError

/**
 * How the registration of a body of type `C` can fail: with the enrolment errors when `C` has
 * `loyaltyProgramEnrollments` (a `CustomerAdd` may), without them when it has none (a registration literal
 * without enrolments cannot meet them).
 *
 * @since 0.2.0
 * @category errors
 */
export type AddErrorOf<C extends Customer.CustomerAdd> = "loyaltyProgramEnrollments" extends keyof C
  ? AddWithEnrolmentsError
  : AddError

/**
 * How program enrolments (`loyaltyProgramEnrollments`) can fail: a program that is not the organisation's, or a
 * customer who is not a loyalty one.
 *
 * @since 0.2.0
 * @category errors
 */
export type EnrolmentError = InvalidProgram | NotInLoyaltyProgram

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
 * How an update by id can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type UpdateError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidSource
  | CustomerMerged
  | LoyaltyDowngradeNotAllowed
  | IdentifierConflict
  | IdentifierInUse
  | InvalidContactDetails
  | EnrolmentError

/**
 * How an update by identifier can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type UpdateByIdentifierError = UpdateError | InvalidIdentifier

/**
 * How a search can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type SearchError = CapillaryError.CapillaryError | InvalidPaging

/**
 * How a status update can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type StatusError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidSource
  | InvalidIdentifier
  | InvalidStatusLabel
  | CustomerMerged

/**
 * How a read of the status log can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type StatusLogError = CapillaryError.CapillaryError | CustomerNotFound | CustomerMerged

/**
 * How an identifier change can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type ChangeIdentifierError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidSource
  | CustomerMerged
  | IdentifierConflict
  | IdentifierInUse
  | InvalidIdentifier
  | IdentifierRequired
  | MergeConflict
  | InvalidContactDetails
  | CardLinkError

/**
 * How linking a card number (at registration or by `changeIdentifier`) can fail: an unknown card series, a
 * label that is not a card label, or one active card too many for the customer.
 *
 * @since 0.2.0
 * @category errors
 */
export type CardLinkError = CardSeriesNotFound | InvalidCardStatus | MaxActiveCardsExceeded

/**
 * How an image deletion can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type DeleteImagesError = CapillaryError.CapillaryError | CustomerNotFound | CustomerMerged | ImageNotFound

/**
 * The operations of the customers service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Registers a customer, enrolled in the programs of `loyaltyProgramEnrollments` (the points they award are the
   * answer's `sideEffects`). An outcome the SDK cannot know is resolved by looking the customer up: when found,
   * the answer is `{createdId, warnings: []}` without side effects (and so is a customer that already had that
   * identifier in that source before); when not found, the registration is sent again.
   */
  readonly add: <C extends Customer.CustomerAdd>(
    customer: C,
    options?: AddOptions
  ) => Effect.Effect<Customer.CustomerCreated, AddErrorOf<C>>
  /** Reads a customer by id. */
  readonly get: (
    id: Customer.CustomerId,
    options?: GetOptions
  ) => Effect.Effect<CustomersApi.CustomerDetails, GetError>
  /** Reads a customer by identifier, with the embeds asked for. */
  readonly getByIdentifier: (
    lookup: IdentifierLookup,
    options?: { readonly embed?: ReadonlyArray<Customer.Embed> | undefined }
  ) => Effect.Effect<CustomersApi.CustomerDetails, LookupError>
  /** Finds a customer's id by identifier (`entity` of the answer). */
  readonly lookup: (lookup: IdentifierLookup) => Effect.Effect<Customer.CustomerLookup, LookupError>
  /** Updates the customer's profile in a source, its extended fields or its loyalty type. */
  readonly update: (
    id: Customer.CustomerId,
    changes: Customer.CustomerUpdate,
    profile: ProfileSelector & WriteOptions
  ) => Effect.Effect<Customer.CustomerUpdated, UpdateError>
  /** Updates the profile of the customer with an identifier in a source. */
  readonly updateByIdentifier: (
    lookup: ProfileLookup,
    changes: Customer.CustomerUpdate,
    options?: WriteOptions
  ) => Effect.Effect<Customer.CustomerUpdated, UpdateByIdentifierError>
  /** One page of the customers whose names or identifiers start with the keyword. */
  readonly search: (keyword: string, page?: SearchOptions) => Effect.Effect<Customer.SearchPage, SearchError>
  /** Every customer whose names or identifiers start with the keyword, read page by page as consumed. */
  readonly searchAll: (keyword: string) => Stream.Stream<Customer.SearchResult, SearchError>
  /** Sets the status label of the customer with an identifier in a source. */
  readonly updateStatus: (
    lookup: ProfileLookup,
    status: Customer.StatusUpdate,
    options?: WriteOptions
  ) => Effect.Effect<Customer.StatusUpdated, StatusError>
  /** The customer's status changes, newest first. */
  readonly statusLog: (id: Customer.CustomerId) => Effect.Effect<Customer.StatusLog, StatusLogError>
  /**
   * Removes and adds identifiers of the customer's profile in a source (cards included). An outcome the SDK
   * cannot know is resolved by reading the profile: when every added identifier is there and every removed one
   * gone, the answer is `{createdId: id, warnings: []}`; otherwise the change is sent again. A change that merged
   * the customer into another cannot be read back this way (the customer then answers `CustomerMerged`), so it
   * stays an ambiguous outcome.
   */
  readonly changeIdentifier: (
    id: Customer.CustomerId,
    change: Customer.IdentifierChange,
    profile: ProfileSelector
  ) => Effect.Effect<Customer.IdentifierChanged, ChangeIdentifierError>
  /** Deletes the customer's images at the given positions (from 0, in the order they were added). */
  readonly deleteImages: (
    id: Customer.CustomerId,
    positions: readonly [number, ...Array<number>]
  ) => Effect.Effect<Customer.ImagesResult, DeleteImagesError>
  /** Uploads images of a customer (multipart); each call adds images. */
  readonly setImages: (
    id: Customer.CustomerId,
    images: Customer.SetImageBody["FILE"]
  ) => Effect.Effect<Customer.ImagesResult, GetError>
  /** Uploads images of the customer with an identifier. */
  readonly setImagesByIdentifier: (
    lookup: IdentifierLookup,
    images: Customer.SetImageBody["FILE"]
  ) => Effect.Effect<Customer.ImagesResult, LookupError>
}

/**
 * The customers service.
 *
 * @since 0.1.0
 * @category services
 */
export class Customers extends Context.Service<Customers, Service>()("@capillary-effect/customers/Customers") {}

const embedQuery = (embed: ReadonlyArray<Customer.Embed> | undefined) =>
  embed === undefined || embed.length === 0 ? {} : { embed }

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

  const register = Effect.fn("Customers.add")(function*(customer: Customer.CustomerAdd, options?: AddOptions) {
    const query: Customer.AddQuery = {
      ...(options?.source === undefined ? {} : { source: options.source }),
      ...(options?.accountId === undefined ? {} : { accountId: options.accountId }),
      ...(options?.rawSideEffects === undefined ? {} : { rawSideEffects: options.rawSideEffects }),
      ...(options?.mlpSingleEnroll === undefined ? {} : { mlp_single_enroll: options.mlpSingleEnroll })
    }
    return yield* client.execute(CustomersApi.add, { query, body: customer }, {
      reconcile: Effect.suspend(() => findRegistered(customer))
    })
  })
  // The enrolment errors (1101, 8089) answer only enrolments: a body without any cannot meet them.
  const add = <C extends Customer.CustomerAdd>(customer: C, options?: AddOptions) =>
    register(customer, options) as Effect.Effect<Customer.CustomerCreated, AddErrorOf<C>>

  const get = Effect.fn("Customers.get")(function*(id: Customer.CustomerId, options?: GetOptions) {
    return yield* client.execute(CustomersApi.get, {
      path: { id },
      query: {
        source: options?.source ?? "ALL",
        ...(options?.accountId === undefined ? {} : { accountId: options.accountId }),
        ...embedQuery(options?.embed)
      }
    })
  })

  const getByIdentifier = Effect.fn("Customers.getByIdentifier")(
    function*(lookup: IdentifierLookup, options?: { readonly embed?: ReadonlyArray<Customer.Embed> | undefined }) {
      return yield* client.execute(CustomersApi.getByIdentifier, {
        query: { ...identifierQuery(lookup), ...embedQuery(options?.embed) }
      })
    }
  )

  const lookup = Effect.fn("Customers.lookup")(function*(lookup: IdentifierLookup) {
    return yield* client.execute(CustomersApi.lookup, { query: identifierQuery(lookup) })
  })

  const profileQuery = (profile: ProfileSelector) => ({
    source: profile.source,
    ...(profile.accountId === undefined ? {} : { accountId: profile.accountId })
  })
  const asyncQuery = (options: WriteOptions | undefined) =>
    options?.useAsync === undefined ? {} : { use_async: options.useAsync }
  const lookupQuery = (lookup: ProfileLookup, options: WriteOptions | undefined) => ({
    ...profileQuery(lookup),
    identifierName: lookup.identifier.type,
    identifierValue: lookup.identifier.value,
    ...asyncQuery(options)
  })

  const update = Effect.fn("Customers.update")(
    function*(id: Customer.CustomerId, changes: Customer.CustomerUpdate, profile: ProfileSelector & WriteOptions) {
      return yield* client.execute(CustomersApi.update, {
        path: { id },
        query: { ...profileQuery(profile), ...asyncQuery(profile) },
        body: changes
      })
    }
  )

  const updateByIdentifier = Effect.fn("Customers.updateByIdentifier")(
    function*(lookup: ProfileLookup, changes: Customer.CustomerUpdate, options?: WriteOptions) {
      return yield* client.execute(CustomersApi.updateByIdentifier, {
        query: lookupQuery(lookup, options),
        body: changes
      })
    }
  )

  const search = Effect.fn("Customers.search")(function*(keyword: string, page?: SearchOptions) {
    return yield* client.execute(CustomersApi.search, {
      query: {
        q: keyword.trim(),
        ...(page?.limit === undefined ? {} : { limit: page.limit }),
        ...(page?.offset === undefined ? {} : { offset: page.offset })
      }
    })
  })

  const searchAll = (keyword: string): Stream.Stream<Customer.SearchResult, SearchError> =>
    client.stream(CustomersApi.search, { query: { q: keyword.trim() } }).pipe(Stream.withSpan("Customers.searchAll"))

  const updateStatus = Effect.fn("Customers.updateStatus")(
    function*(lookup: ProfileLookup, status: Customer.StatusUpdate, options?: WriteOptions) {
      return yield* client.execute(CustomersApi.updateStatus, { query: lookupQuery(lookup, options), body: status })
    }
  )

  const statusLog = Effect.fn("Customers.statusLog")(function*(id: Customer.CustomerId) {
    return yield* client.execute(CustomersApi.statusLog, { path: { id } })
  })

  // Read back after an ambiguous failure: the change is atomic, so it happened exactly when the profile has
  // every added identifier and none of the removed ones.
  const findChanged = (id: Customer.CustomerId, change: Customer.IdentifierChange, profile: ProfileSelector) =>
    client.execute(CustomersApi.get, { path: { id }, query: profileQuery(profile) }).pipe(
      Effect.map((customer) => {
        const held = new Set(
          customer.profiles
            .filter((candidate) => (candidate.accountId ?? "") === (profile.accountId ?? ""))
            .flatMap((candidate) => candidate.identifiers.map(({ type, value }) => `${type}\u0000${value}`))
        )
        const has = ({ type, value }: Customer.Identifier) => held.has(`${type}\u0000${value}`)
        const applied = (change.add ?? []).every(has) && !(change.remove ?? []).some(has)
        return applied
          ? Option.some<Customer.IdentifierChanged>({ createdId: id, warnings: [] })
          : Option.none()
      }),
      Effect.catchTag("CustomerNotFound", () => Effect.succeedNone)
    )

  const changeIdentifier = Effect.fn("Customers.changeIdentifier")(
    function*(id: Customer.CustomerId, change: Customer.IdentifierChange, profile: ProfileSelector) {
      return yield* client.execute(CustomersApi.changeIdentifier, {
        path: { id },
        query: profileQuery(profile),
        body: change
      }, { reconcile: Effect.suspend(() => findChanged(id, change, profile)) })
    }
  )

  const deleteImages = Effect.fn("Customers.deleteImages")(
    function*(id: Customer.CustomerId, positions: readonly [number, ...Array<number>]) {
      return yield* client.execute(CustomersApi.deleteImages, { path: { id }, query: { image_ids: positions } })
    }
  )

  const setImages = Effect.fn("Customers.setImages")(
    function*(id: Customer.CustomerId, images: Customer.SetImageBody["FILE"]) {
      return yield* client.execute(CustomersApi.setImages, { path: { id }, body: { FILE: images } })
    }
  )

  const setImagesByIdentifier = Effect.fn("Customers.setImagesByIdentifier")(
    function*(lookup: IdentifierLookup, images: Customer.SetImageBody["FILE"]) {
      return yield* client.execute(CustomersApi.setImagesByIdentifier, {
        query: identifierQuery(lookup),
        body: { FILE: images }
      })
    }
  )

  return Customers.of({
    add,
    get,
    getByIdentifier,
    lookup,
    update,
    updateByIdentifier,
    search,
    searchAll,
    updateStatus,
    statusLog,
    changeIdentifier,
    deleteImages,
    setImages,
    setImagesByIdentifier
  })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Customers, never, CapillaryClient.CapillaryClient> = Layer.effect(Customers, make)
