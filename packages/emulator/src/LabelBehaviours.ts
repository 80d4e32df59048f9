/**
 * What the emulator does for the customer label endpoints of `@capillary-effect/customers`. An organisation has its
 * own labels (names unique in it: 33003; at most 100, its `ORG_MAX_LABEL_COUNT`: 33005; an empty add 33006), added
 * all or none, active, last changed by the till that added them. A customer of the organisation (8015 otherwise,
 * 8069 once merged into another) is tagged and untagged by label name: an unknown name is skipped with warning
 * 33000, untagging a label the customer does not have is warning 33001 (a change that only did that is answered with
 * its warnings and no `entity`, as documented), tagging one they have changes nothing. A list with nothing in it is
 * answered as Capillary does: no `data`, warning 33001 (customer) or 33002 (organisation). The search finds
 * customers tagged with a label whose name starts with `q` (case-sensitive), by customer id, paged by `offset` and
 * `limit` (default 10, -1 for all). Requires the customers tables (`CustomerBehaviours.migrations`).
 *
 * @since 0.2.0
 */
import { Customer, Label, LabelsApi } from "@capillary-effect/customers"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql"
import { handle, type RawInput } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/labels.ts"
import * as Referrals from "./internal/referrals.ts"
import * as Subscriptions from "./internal/subscriptions.ts"

/**
 * The engagement tables (labels and taggings, subscription statuses and their log, referral campaigns, codes and
 * invitations): one migration, `0120_engagement`, shared by the label, subscription and referral catalogs, with the
 * customers tables they refer to.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  "0120_engagement": Effect.all([Store.createTables, Subscriptions.createTables, Referrals.createTables], {
    discard: true
  })
}

/** An add whose `orgLabels` is an empty list: 33006. */
const rejectEmpty = (input: RawInput) => {
  const body = input.body
  const labels = typeof body === "object" && body !== null ? (body as { orgLabels?: unknown }).orgLabels : undefined
  return Array.isArray(labels) && labels.length === 0 ? Store.emptyPayload() : undefined
}

/**
 * `customers.addOrgLabels`: adds the labels to the caller's organisation; `entity` is its id.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const addOrgLabels = handle(
  LabelsApi.addOrgLabels,
  (input, context) =>
    Store.addToOrg({
      orgId: context.principal.orgId,
      labels: input.body.orgLabels,
      by: context.principal.tillId,
      now: context.now
    }).pipe(
      Effect.as({ entity: context.principal.orgId, warnings: [] }),
      Effect.catchTag("SqlError", Effect.die)
    ),
  { rejectInvalid: rejectEmpty }
)

/**
 * `customers.getOrgLabels`: the organisation's labels, in the order they were added.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getOrgLabels = handle(
  LabelsApi.getOrgLabels,
  (_input, context) =>
    Store.orgLabels(context.principal.orgId).pipe(
      Effect.map((labels) =>
        labels.length === 0
          ? { warnings: [{ status: false, code: 33002, message: "Org labels not found" }], errors: [] }
          : { data: labels, warnings: [], errors: [] }
      ),
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * `customers.changeLabels`: tags and untags a customer of the caller's organisation.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const changeLabels = handle(
  LabelsApi.changeLabels,
  (input, context) =>
    Effect.gen(function*() {
      const customer = yield* Subscriptions.requireCustomer(context.principal.orgId, input.path.userId)
      const warnings = yield* Store.change({
        orgId: context.principal.orgId,
        customerId: customer.id,
        change: input.body,
        by: context.principal.tillId,
        now: context.now
      })
      const { add = [], remove = [] } = input.body
      // Only removals, of labels the customer did not have: nothing changed, Capillary answers the warnings alone.
      const unchanged = add.length === 0 && warnings.length === remove.length &&
        warnings.every((warning) => warning.code === Store.noUserLabels.code)
      return unchanged
        ? { warnings, errors: [] }
        : { entity: Customer.CustomerId.make(customer.id), warnings }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `customers.getLabels`: the labels a customer of the caller's organisation is tagged with.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getLabels = handle(
  LabelsApi.getLabels,
  (input, context) =>
    Effect.gen(function*() {
      const customer = yield* Subscriptions.requireCustomer(context.principal.orgId, input.path.userId)
      const labels = yield* Store.customerLabels(context.principal.orgId, customer.id)
      return labels.length === 0
        ? { warnings: [Store.noUserLabels], errors: [] }
        : { data: labels, warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `customers.searchByLabel`: the customers of the caller's organisation tagged with a label whose name starts
 * with `q`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const searchByLabel = handle(LabelsApi.searchByLabel, (input, context) =>
  Effect.gen(function*() {
    const offset = input.query.offset ?? 0
    const limit = input.query.limit ?? Label.searchPageSize
    const found = yield* Store.search({ orgId: context.principal.orgId, q: input.query.q, offset, limit })
    return { pagination: { limit, offset, total: found.total }, data: found.page, warnings: [], errors: [] }
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * The customer label endpoints, their behaviours and the engagement migration, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: LabelsApi.endpoints,
  behaviours: [addOrgLabels, getOrgLabels, changeLabels, getLabels, searchByLabel],
  migrations
}
