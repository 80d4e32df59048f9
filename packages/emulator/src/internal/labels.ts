/**
 * The labels store on the emulator database: an organisation's labels (names unique in it, at most
 * `maxLabelsPerOrg`), and the taggings of its customers (a label at most once per customer while it is tagged;
 * an untagged tagging is kept, marked deleted). Every function runs in the caller's transaction.
 */
import { Customer, Label } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { reject } from "../Behaviour.ts"

/** The tables (part of migration `0120_engagement`). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE org_labels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    last_updated_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, name)
  )`
  yield* sql`CREATE TABLE customer_labels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES org_labels (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    added_by INTEGER NOT NULL,
    added_at INTEGER NOT NULL,
    deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    deleted_at INTEGER
  )`
  yield* sql`CREATE UNIQUE INDEX customer_labels_tagged ON customer_labels (label_id, customer_id) WHERE deleted = 0`
  yield* sql`CREATE INDEX customer_labels_by_customer ON customer_labels (customer_id, deleted)`
})

/**
 * The most labels an organisation of the emulator may have: its `ORG_MAX_LABEL_COUNT`, which every organisation
 * has set (so 33004, "Org max Label config not set", is never answered).
 */
export const maxLabelsPerOrg = 100

/** 33006: an add with no labels. */
export const emptyPayload = () => reject(33006, "Org labels empty post payload")

const labelExists = (name: string) => reject(33003, `Label ${name} already exists in org`)

const isUniqueViolation = (error: SqlError.SqlError) =>
  error.reason._tag === "UniqueViolation" || error.reason._tag === "ConstraintError"

/**
 * Adds labels to an organisation, all or none: a name taken is 33003, more than the organisation's limit 33005.
 * Concurrent adds of one name: the UNIQUE index decides, the loser gets 33003.
 */
export const addToOrg = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly labels: ReadonlyArray<Label.NewLabel>
  readonly by: number
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, labels } = options
  if (labels.length === 0) return yield* emptyPayload()
  for (const label of labels) {
    const [taken] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM org_labels
      WHERE org_id = ${orgId} AND name = ${label.name}`
    if (taken!.n > 0) return yield* labelExists(label.name)
  }
  const [count] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM org_labels WHERE org_id = ${orgId}`
  if (count!.n + labels.length > maxLabelsPerOrg) return yield* reject(33005, "Org max Label count exceed")
  for (const label of labels) {
    yield* sql`INSERT INTO org_labels (org_id, name, description, active, last_updated_by, created_at)
      VALUES (${orgId}, ${label.name}, ${label.description ?? null}, 1, ${options.by}, ${options.now})`.pipe(
      Effect.catchIf(isUniqueViolation, () => Effect.fail(labelExists(label.name)))
    )
  }
})

/** An organisation's labels, in the order they were added. */
export const orgLabels = Effect.fnUntraced(function*(orgId: number) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    id: number
    name: string
    description: string | null
    active: number
    last_updated_by: number
  }>`SELECT id, name, description, active, last_updated_by FROM org_labels WHERE org_id = ${orgId} ORDER BY id`
  return rows.map((row) => ({
    id: Label.LabelId.make(row.id),
    orgId,
    name: row.name,
    ...(row.description === null ? {} : { description: row.description }),
    lastUpdatedBy: row.last_updated_by,
    active: row.active === 1
  }))
})

/** The warning of a label a change names that the organisation does not have. */
const unknownLabel = (name: string) => ({ status: false, code: 33000, message: `${name} label not found` })

/** The warning of a label removed that the customer does not have. */
export const noUserLabels = { status: false, code: 33001, message: "User labels not found" }

/**
 * Tags a customer with the labels of `add` and untags those of `remove`. An unknown label is skipped with warning
 * 33000; removing a label the customer does not have is warning 33001; tagging a label the customer has changes
 * nothing. Returns the warnings.
 */
export const change = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly change: Label.ChangeLabels
  readonly by: number
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, orgId, now } = options
  const warnings: Array<{ status: boolean; code: number; message: string }> = []
  const labelId = Effect.fnUntraced(function*(name: string) {
    const [row] = yield* sql<{ id: number }>`SELECT id FROM org_labels WHERE org_id = ${orgId} AND name = ${name}`
    if (row === undefined) warnings.push(unknownLabel(name))
    return row?.id
  })
  for (const { labelName } of options.change.add ?? []) {
    const id = yield* labelId(labelName)
    if (id === undefined) continue
    yield* sql`INSERT INTO customer_labels (org_id, label_id, customer_id, added_by, added_at, deleted)
      SELECT ${orgId}, ${id}, ${customerId}, ${options.by}, ${now}, 0
      WHERE NOT EXISTS (SELECT 1 FROM customer_labels
        WHERE label_id = ${id} AND customer_id = ${customerId} AND deleted = 0)`
  }
  for (const { labelName } of options.change.remove ?? []) {
    const id = yield* labelId(labelName)
    if (id === undefined) continue
    const removed = yield* sql<{ id: number }>`UPDATE customer_labels SET deleted = 1, deleted_at = ${now}
      WHERE label_id = ${id} AND customer_id = ${customerId} AND deleted = 0 RETURNING id`
    if (removed.length === 0) warnings.push(noUserLabels)
  }
  return warnings
})

/** The labels a customer is tagged with, in the order they were tagged. */
export const customerLabels = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ id: number; label_id: number; name: string; added_by: number }>`SELECT
      customer_labels.id, customer_labels.label_id, org_labels.name, customer_labels.added_by
    FROM customer_labels JOIN org_labels ON org_labels.id = customer_labels.label_id
    WHERE customer_labels.org_id = ${orgId} AND customer_labels.customer_id = ${customerId}
      AND customer_labels.deleted = 0
    ORDER BY customer_labels.id`
  return rows.map((row) => ({
    id: row.id,
    orgId,
    addedBy: row.added_by,
    labelId: Label.LabelId.make(row.label_id),
    userId: Customer.CustomerId.make(customerId),
    labelName: row.name,
    deleted: false
  }))
})

/**
 * The customers tagged with a label whose name starts with `q` (case-sensitive), by customer id, each with those
 * labels; `limit` -1 is all. Returns the page and the number of customers found.
 */
export const search = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly q: string
  readonly offset: number
  readonly limit: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, q } = options
  // substr keeps the match case-sensitive (LIKE is not, in SQLite) and free of wildcard characters.
  const rows = yield* sql<{ customer_id: number; label_id: number; name: string }>`SELECT
      customer_labels.customer_id, customer_labels.label_id, org_labels.name
    FROM customer_labels JOIN org_labels ON org_labels.id = customer_labels.label_id
    WHERE customer_labels.org_id = ${orgId} AND customer_labels.deleted = 0
      AND substr(org_labels.name, 1, ${[...q].length}) = ${q}
    ORDER BY customer_labels.customer_id, customer_labels.id`
  const byCustomer = new Map<number, Array<Label.LabelSearchHit["customerLabels"][number]>>()
  for (const row of rows) {
    const userId = Customer.CustomerId.make(row.customer_id)
    const labels = byCustomer.get(row.customer_id) ?? []
    labels.push({ orgId, labelId: Label.LabelId.make(row.label_id), userId, labelName: row.name })
    byCustomer.set(row.customer_id, labels)
  }
  const all = [...byCustomer.entries()].map(([userId, customerLabels]) => ({
    userId: Customer.CustomerId.make(userId),
    customerLabels
  }))
  const end = options.limit === -1 ? all.length : options.offset + options.limit
  return { page: all.slice(options.offset, end), total: all.length }
})
