/**
 * Customer labels (tags), as Capillary's v2 API sends and receives them: the organisation's labels and the
 * request that adds some, the change of a customer's labels (tag and untag by name) and its answer, the labels of
 * a customer, and the search for customers by label name with its paging.
 *
 * Capillary reports "nothing to list" in a warning, not an error: a customer without labels is answered with
 * warning 33001 and no `data`, an organisation without labels with warning 33002; so `data` is optional in those
 * bodies. A change that names an unknown label is answered with warning 33000 for it (the known ones are applied),
 * and one that removes a label the customer does not have with warning 33001.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema } from "effect"
import { CustomerId } from "./Customer.ts"

const notBlank = (what: string) =>
  Schema.makeFilter((value: string) => value.trim() === "" ? `${what} cannot be empty` : undefined)

// ---------------------------------------------------------------------------------------------------------------
// Organisation labels
// ---------------------------------------------------------------------------------------------------------------

/**
 * A label's id.
 *
 * @since 0.2.0
 * @category ids
 */
export const LabelId = Schema.Int.pipe(Schema.brand("LabelId"))

/**
 * The type of `LabelId`.
 *
 * @since 0.2.0
 * @category ids
 */
export type LabelId = typeof LabelId.Type

/**
 * A label's name in a request: not blank. Names are matched exactly (case-sensitive) when tagging.
 *
 * @since 0.2.0
 * @category validation
 */
export const LabelName = Schema.String.check(notBlank("a label name"))

/**
 * A label to add to the organisation: its name and an optional description.
 *
 * @since 0.2.0
 * @category organisation labels
 */
export const NewLabel = Schema.Struct({
  name: LabelName,
  description: Schema.optional(Schema.String)
})

/**
 * The type of `NewLabel`.
 *
 * @since 0.2.0
 * @category organisation labels
 */
export type NewLabel = typeof NewLabel.Type

/**
 * The body of `POST /v2/organization/labels`: one label or more, no name twice (an empty list is Capillary's
 * 33006).
 *
 * @since 0.2.0
 * @category organisation labels
 */
export const OrgLabelsAdd = Schema.Struct({
  orgLabels: Schema.NonEmptyArray(NewLabel).check(
    Schema.makeFilter((labels) => {
      const seen = new Set<string>()
      for (const { name } of labels) {
        if (seen.has(name)) return `the label "${name}" appears twice`
        seen.add(name)
      }
      return undefined
    })
  )
})

/**
 * The type of `OrgLabelsAdd`.
 *
 * @since 0.2.0
 * @category organisation labels
 */
export type OrgLabelsAdd = typeof OrgLabelsAdd.Type

/**
 * The answer to adding labels: `entity` is the organisation's id (the documented example answers 1779, the
 * organisation of its labels).
 *
 * @since 0.2.0
 * @category organisation labels
 */
export const OrgLabelsAdded = Schema.Struct({
  entity: Schema.Int,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `OrgLabelsAdded`.
 *
 * @since 0.2.0
 * @category organisation labels
 */
export type OrgLabelsAdded = typeof OrgLabelsAdded.Type

/**
 * A label of the organisation: id, organisation, name, description, who last changed it and whether it is
 * active. Read as Capillary stored it (a stored name may be empty).
 *
 * @since 0.2.0
 * @category organisation labels
 */
export const OrgLabel = Schema.Struct({
  id: LabelId,
  orgId: Schema.Int,
  name: Schema.String,
  description: Schema.optional(Schema.String),
  lastUpdatedBy: Schema.optional(Schema.Int),
  active: Schema.Boolean
})

/**
 * The type of `OrgLabel`.
 *
 * @since 0.2.0
 * @category organisation labels
 */
export type OrgLabel = typeof OrgLabel.Type

/**
 * The answer of `GET /v2/organization/labels`: the labels in `data`; absent, with warning 33002, when the
 * organisation has none.
 *
 * @since 0.2.0
 * @category organisation labels
 */
export const OrgLabels = Schema.Struct({
  data: Schema.optional(Schema.Array(OrgLabel)),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `OrgLabels`.
 *
 * @since 0.2.0
 * @category organisation labels
 */
export type OrgLabels = typeof OrgLabels.Type

// ---------------------------------------------------------------------------------------------------------------
// A customer's labels
// ---------------------------------------------------------------------------------------------------------------

/**
 * A label named in a change of a customer's labels.
 *
 * @since 0.2.0
 * @category customer labels
 */
export const LabelRef = Schema.Struct({ labelName: LabelName })

/**
 * The body of `POST /v2/customers/{userId}/changeLabels`: labels to tag (`add`) and to untag (`remove`), by name;
 * at least one, and no name both added and removed.
 *
 * @since 0.2.0
 * @category customer labels
 */
export const ChangeLabels = Schema.Struct({
  add: Schema.optional(Schema.Array(LabelRef)),
  remove: Schema.optional(Schema.Array(LabelRef))
}).check(Schema.makeFilter((change) => {
  const added = new Set((change.add ?? []).map((label) => label.labelName))
  if (added.size === 0 && (change.remove ?? []).length === 0) return "a change names at least one label"
  const both = (change.remove ?? []).find((label) => added.has(label.labelName))
  return both === undefined ? undefined : `the label "${both.labelName}" is both added and removed`
}))

/**
 * The type of `ChangeLabels`.
 *
 * @since 0.2.0
 * @category customer labels
 */
export type ChangeLabels = typeof ChangeLabels.Type

/**
 * The answer to a change of labels: the customer's id as `entity`, with warning 33000 for each unknown label and
 * 33001 for each label removed that the customer did not have. When the change only removed labels the customer
 * did not have, nothing changed and Capillary answers the warnings alone (no `entity`), as documented.
 *
 * @since 0.2.0
 * @category customer labels
 */
export const LabelsChanged = Schema.Struct({
  entity: Schema.optional(CustomerId),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `LabelsChanged`.
 *
 * @since 0.2.0
 * @category customer labels
 */
export type LabelsChanged = typeof LabelsChanged.Type

/**
 * A label tagged to a customer: the tagging's id, the organisation, who tagged it, the label and whether the
 * tagging was deleted.
 *
 * @since 0.2.0
 * @category customer labels
 */
export const CustomerLabel = Schema.Struct({
  id: Schema.Int,
  orgId: Schema.Int,
  addedBy: Schema.optional(Schema.Int),
  labelId: LabelId,
  userId: CustomerId,
  labelName: Schema.String,
  deleted: Schema.Boolean
})

/**
 * The type of `CustomerLabel`.
 *
 * @since 0.2.0
 * @category customer labels
 */
export type CustomerLabel = typeof CustomerLabel.Type

/**
 * The answer of `GET /v2/customers/{userId}/labels`: the customer's labels in `data`; absent, with warning 33001,
 * when the customer has none.
 *
 * @since 0.2.0
 * @category customer labels
 */
export const CustomerLabels = Schema.Struct({
  data: Schema.optional(Schema.Array(CustomerLabel)),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `CustomerLabels`.
 *
 * @since 0.2.0
 * @category customer labels
 */
export type CustomerLabels = typeof CustomerLabels.Type

/**
 * The path of the customer label endpoints: the customer's id.
 *
 * @since 0.2.0
 * @category customer labels
 */
export const UserPath = Schema.Struct({ userId: Schema.FiniteFromString.pipe(Schema.decodeTo(CustomerId)) })

// ---------------------------------------------------------------------------------------------------------------
// Search by label
// ---------------------------------------------------------------------------------------------------------------

/**
 * The page size of a search when `limit` is absent.
 *
 * @since 0.2.0
 * @category search
 */
export const searchPageSize = 10

const IntFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int))

/**
 * A search's `limit`: a number of customers from 1, or -1 for all of them.
 *
 * @since 0.2.0
 * @category search
 */
export const SearchLimit = IntFromString.check(
  Schema.makeFilter((limit: number) => limit === -1 || limit >= 1 ? undefined : "a limit is -1 (all) or 1 or more")
)

/**
 * The query of `GET /v2/customers/labels/search`: `q` the start of a label's name (case-sensitive; the whole name
 * matches too), `offset` (0 or more) and `limit` (default 10, -1 for all) page the customers found.
 *
 * @since 0.2.0
 * @category search
 */
export const SearchQuery = Schema.Struct({
  q: Schema.String.check(notBlank("a label search")),
  offset: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(0))),
  limit: Schema.optional(SearchLimit)
})

/**
 * The type of `SearchQuery`.
 *
 * @since 0.2.0
 * @category search
 */
export type SearchQuery = typeof SearchQuery.Type

/**
 * A label of a customer a search found.
 *
 * @since 0.2.0
 * @category search
 */
export const MatchedLabel = Schema.Struct({
  orgId: Schema.Int,
  labelId: LabelId,
  userId: CustomerId,
  labelName: Schema.String
})

/**
 * A customer a search found, with the labels of theirs that match.
 *
 * @since 0.2.0
 * @category search
 */
export const LabelSearchHit = Schema.Struct({
  userId: CustomerId,
  customerLabels: Schema.Array(MatchedLabel)
})

/**
 * The type of `LabelSearchHit`.
 *
 * @since 0.2.0
 * @category search
 */
export type LabelSearchHit = typeof LabelSearchHit.Type

/**
 * The answer of a search: the page asked for (`limit` -1 reads as all) and the number of customers found in all.
 *
 * @since 0.2.0
 * @category search
 */
export const LabelSearchResult = Schema.Struct({
  pagination: Schema.Struct({ limit: Schema.Int, offset: Schema.Int, total: Schema.Int }),
  data: Schema.Array(LabelSearchHit),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `LabelSearchResult`.
 *
 * @since 0.2.0
 * @category search
 */
export type LabelSearchResult = typeof LabelSearchResult.Type
