/**
 * The customer labels service: add labels to the organisation and list them, tag and untag a customer, list a
 * customer's labels, and find customers by label (one page, or every page as a stream), each failing with the
 * domain errors its endpoint declares. Adding labels is not safe to send twice, so when its outcome is unknown
 * the service reads the organisation's labels back: every name there means the add happened, none means it did
 * not (and it is sent again), some leaves the outcome unknown.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer, type Stream } from "effect"
import type { CustomerId } from "./Customer.ts"
import type { CustomerMerged, CustomerNotFound } from "./CustomerErrors.ts"
import type * as Label from "./Label.ts"
import type { LabelExists, LabelLimitReached, LabelNotFound, LabelsNotFound, NoLabelsGiven } from "./LabelErrors.ts"
import * as LabelsApi from "./LabelsApi.ts"

/**
 * How adding labels to the organisation can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type AddError = CapillaryError.CapillaryError | LabelExists | LabelLimitReached | NoLabelsGiven

/**
 * How a change of a customer's labels can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type ChangeError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | CustomerMerged
  | LabelNotFound
  | LabelsNotFound

/**
 * How reading a customer's labels can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type CustomerLabelsError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | CustomerMerged
  | LabelsNotFound

/**
 * How a search by label can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type SearchError = CapillaryError.CapillaryError

/**
 * Which page of a search: `offset` (default 0) and `limit` (default 10, -1 for all).
 *
 * @since 0.2.0
 * @category models
 */
export interface PageOptions {
  readonly offset?: number | undefined
  readonly limit?: number | undefined
}

/**
 * The operations of the customer labels service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /**
   * Adds labels to the organisation. An outcome the SDK cannot know is resolved by reading the organisation's
   * labels: all of the names there is taken as the add (answered `{entity: organisation id, warnings: []}`).
   */
  readonly addToOrganisation: (labels: Label.OrgLabelsAdd) => Effect.Effect<Label.OrgLabelsAdded, AddError>
  /** The organisation's labels (no `data` and warning 33002 when it has none). */
  readonly organisationLabels: Effect.Effect<Label.OrgLabels, CapillaryError.CapillaryError | LabelsNotFound>
  /** Tags and untags a customer by label name; skipped names come back as warnings 33000 and 33001. */
  readonly changeLabels: (
    userId: CustomerId,
    change: Label.ChangeLabels
  ) => Effect.Effect<Label.LabelsChanged, ChangeError>
  /** A customer's labels (no `data` and warning 33001 when they have none). */
  readonly customerLabels: (userId: CustomerId) => Effect.Effect<Label.CustomerLabels, CustomerLabelsError>
  /** One page of the customers tagged with a label whose name starts with `q`. */
  readonly search: (q: string, page?: PageOptions) => Effect.Effect<Label.LabelSearchResult, SearchError>
  /** Every customer tagged with a label whose name starts with `q`, page after page. */
  readonly searchAll: (q: string) => Stream.Stream<Label.LabelSearchHit, SearchError>
}

/**
 * The customer labels service.
 *
 * @since 0.2.0
 * @category services
 */
export class Labels extends Context.Service<Labels, Service>()("@capillary-effect/customers/Labels") {}

/** The reconciliation of an add whose labels are partly in the organisation fails: the outcome stays unknown. */
const partlyAdded = { _tag: "PartlyAdded" } as const

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  // Every name among the organisation's labels: the add happened; none: it did not; some: unknown.
  const findAdded = (labels: Label.OrgLabelsAdd) =>
    Effect.flatMap(client.execute(LabelsApi.getOrgLabels), (listed) => {
      const byName = new Map((listed.data ?? []).map((label) => [label.name, label]))
      const found = labels.orgLabels.flatMap((label) => byName.get(label.name) ?? [])
      if (found.length === 0) return Effect.succeedNone
      if (found.length < labels.orgLabels.length) return Effect.fail(partlyAdded)
      return Effect.succeedSome<Label.OrgLabelsAdded>({ entity: found[0]!.orgId, warnings: [] })
    })

  const addToOrganisation = Effect.fn("Labels.addToOrganisation")(function*(labels: Label.OrgLabelsAdd) {
    return yield* client.execute(LabelsApi.addOrgLabels, { body: labels }, {
      reconcile: Effect.suspend(() => findAdded(labels))
    })
  })

  const organisationLabels = client.execute(LabelsApi.getOrgLabels).pipe(
    Effect.withSpan("Labels.organisationLabels")
  )

  const changeLabels = Effect.fn("Labels.changeLabels")(function*(userId: CustomerId, change: Label.ChangeLabels) {
    return yield* client.execute(LabelsApi.changeLabels, { path: { userId }, body: change })
  })

  const customerLabels = Effect.fn("Labels.customerLabels")(function*(userId: CustomerId) {
    return yield* client.execute(LabelsApi.getLabels, { path: { userId } })
  })

  const searchQuery = (q: string, page: PageOptions = {}): Label.SearchQuery => ({
    q,
    ...(page.offset === undefined ? {} : { offset: page.offset }),
    ...(page.limit === undefined ? {} : { limit: page.limit })
  })

  const search = Effect.fn("Labels.search")(function*(q: string, page?: PageOptions) {
    return yield* client.execute(LabelsApi.searchByLabel, { query: searchQuery(q, page) })
  })

  const searchAll = (q: string) => client.stream(LabelsApi.searchByLabel, { query: searchQuery(q) })

  return Labels.of({ addToOrganisation, organisationLabels, changeLabels, customerLabels, search, searchAll })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Labels, never, CapillaryClient.CapillaryClient> = Layer.effect(Labels, make)
