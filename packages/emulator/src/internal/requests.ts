/**
 * The requests store on the emulator database: requests of every kind (PII deletion, goodwill points, customer
 * merge) with their status, who raised and last changed them, and a log of their statuses on the emulator clock;
 * each organisation's PII deletion waiting period; and the deletion itself. Requests keep no personal data of
 * their own: a PII deletion names its customer by id only, and the identifiers of a request are customer ids.
 * Every function runs in the caller's transaction.
 */
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { reject } from "../Behaviour.ts"

/** The tables (migration `0150_requests`). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('CUSTOMER', 'GOODWILL', 'CHANGE_IDENTIFIER', 'TRANSACTION')),
    base_type TEXT NOT NULL,
    status TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE,
    group_id INTEGER,
    program_id INTEGER,
    comments TEXT NOT NULL,
    details TEXT NOT NULL,
    auto_approved INTEGER NOT NULL CHECK (auto_approved IN (0, 1)),
    created_at INTEGER NOT NULL,
    created_by_till INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by_till INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_comments TEXT,
    scheduled_at INTEGER,
    processed_at INTEGER,
    previous_status_label TEXT
  )`
  yield* sql`CREATE INDEX requests_by_kind ON requests (org_id, type, base_type, created_at)`
  yield* sql`CREATE INDEX requests_by_customer ON requests (org_id, customer_id)`
  yield* sql`CREATE TABLE request_status_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    comments TEXT NOT NULL
  )`
  yield* sql`CREATE INDEX request_status_log_by_request ON request_status_log (request_id, id)`
  yield* sql`CREATE TABLE pii_deletion_settings (
    org_id INTEGER PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    delete_after_days INTEGER NOT NULL CHECK (delete_after_days BETWEEN 0 AND 90)
  )`
})

// ---------------------------------------------------------------------------------------------------------------
// Rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

/** 9050: no such request (of that kind) in the organisation, or none for an unknown customer. */
export const requestNotFound = (what = "Request") => reject(9050, `${what} not found`)

/** 9051: the till that raised a PII deletion cannot approve it. */
export const sameUser = () => reject(9051, "Same user cannot request and approve")

/** 93026: the group of a group goodwill request is unknown or not active. */
export const invalidGroup = () => reject(93026, "Invalid Group Details Provided")

/** 1101: the program of a goodwill request is not one of the organisation's. */
export const invalidProgram = () => reject(1101, "Invalid programId passed")

/** 400: a change the request's status does not allow, or an input Capillary refuses without a code of its own. */
export const invalid = (message: string) => reject(400, message)

// ---------------------------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------------------------

/** A request row. */
export interface RequestRow {
  readonly id: number
  readonly org_id: number
  readonly type: string
  readonly base_type: string
  readonly status: string
  readonly customer_id: number | null
  readonly group_id: number | null
  readonly program_id: number | null
  readonly comments: string
  readonly details: string
  readonly auto_approved: number
  readonly created_at: number
  readonly created_by_till: number
  readonly created_by: string
  readonly updated_at: number
  readonly updated_by_till: number
  readonly updated_by: string
  readonly updated_comments: string | null
  readonly scheduled_at: number | null
  readonly processed_at: number | null
  readonly previous_status_label: string | null
}

/** What a goodwill request asks for (its `details`). */
export const GoodwillDetails = Schema.Struct({
  points: Schema.Number,
  reason: Schema.optional(Schema.String),
  goodwillComments: Schema.optional(Schema.String),
  earningEntityType: Schema.Literals(["CUSTOMER", "USERGROUP2"]),
  group: Schema.optional(Schema.Struct({
    identifierType: Schema.String,
    identifierValue: Schema.Union([Schema.Number, Schema.String])
  }))
})

/** What a merge request asks for (its `details`): the customer merged away and the one it is merged into. */
export const MergeDetails = Schema.Struct({ victimId: Schema.Number, survivorId: Schema.Number })

/** The till acting on a request. */
export interface Actor {
  readonly tillId: number
  readonly tillCode: string
}

/** Appends a status to a request's log. */
export const logStatus = (requestId: number, status: string, at: number, by: string, comments: string) =>
  SqlClient.SqlClient.use((sql) =>
    sql`INSERT INTO request_status_log (request_id, status, changed_at, changed_by, comments)
      VALUES (${requestId}, ${status}, ${at}, ${by}, ${comments})`
  )

/** Inserts a new PENDING request, logs it, and answers its id. */
export const insert = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly type: string
  readonly baseType: string
  readonly customerId: number | undefined
  readonly groupId: number | undefined
  readonly programId: number | undefined
  readonly comments: string
  readonly details: unknown
  readonly autoApproved: boolean
  readonly now: number
  readonly by: Actor
}) {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ id: number }>`INSERT INTO requests
      (org_id, type, base_type, status, customer_id, group_id, program_id, comments, details, auto_approved,
        created_at, created_by_till, created_by, updated_at, updated_by_till, updated_by)
    VALUES (${options.orgId}, ${options.type}, ${options.baseType}, 'PENDING', ${options.customerId ?? null},
      ${options.groupId ?? null}, ${options.programId ?? null}, ${options.comments},
      ${JSON.stringify(options.details)}, ${options.autoApproved ? 1 : 0}, ${options.now}, ${options.by.tillId},
      ${options.by.tillCode}, ${options.now}, ${options.by.tillId}, ${options.by.tillCode})
    RETURNING id`
  yield* logStatus(row!.id, "PENDING", options.now, options.by.tillCode, options.comments)
  return row!.id
})

/** A request of the organisation by id, if it has one. */
export const find = (orgId: number, id: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(sql<RequestRow>`SELECT * FROM requests WHERE org_id = ${orgId} AND id = ${id}`, ([row]) => row)
  )

/** Sets a request's status, who changed it and when, and logs it. */
export const setStatus = Effect.fnUntraced(function*(options: {
  readonly request: RequestRow
  readonly status: string
  readonly now: number
  readonly by: Actor
  readonly comments: string
  readonly scheduledAt?: number | undefined
  readonly previousStatusLabel?: string | null | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { by, now, request } = options
  yield* sql`UPDATE requests SET status = ${options.status}, updated_at = ${now}, updated_by_till = ${by.tillId},
      updated_by = ${by.tillCode}, updated_comments = ${options.comments},
      scheduled_at = COALESCE(${options.scheduledAt ?? null}, scheduled_at),
      previous_status_label = CASE WHEN ${options.previousStatusLabel === undefined ? 0 : 1} = 1
        THEN ${options.previousStatusLabel ?? null} ELSE previous_status_label END
    WHERE id = ${request.id}`
  yield* logStatus(request.id, options.status, now, by.tillCode, options.comments)
})

/** A request's status log, oldest first. */
export const statusLog = (requestId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ status: string; changed_at: number; changed_by: string; comments: string }>`SELECT status, changed_at,
        changed_by, comments
      FROM request_status_log WHERE request_id = ${requestId} ORDER BY id`
  )

/** What a list of requests selects. */
export interface ListFilter {
  readonly type: string
  readonly baseType: string
  readonly status?: string | undefined
  readonly customerId?: number | undefined
  /** Epoch milliseconds, inclusive. */
  readonly from?: number | undefined
  /** Epoch milliseconds, exclusive. */
  readonly until?: number | undefined
  readonly programId?: number | undefined
  readonly autoApproved?: boolean | undefined
  readonly requestId?: number | undefined
  readonly fromId?: number | undefined
  readonly toId?: number | undefined
  readonly sort: "created_at" | "updated_at"
  readonly order: "ASC" | "DESC"
  readonly limit: number
  readonly offset: number
}

/** One page of the organisation's requests of a kind, and how many there are in all. */
export const list = Effect.fnUntraced(function*(orgId: number, filter: ListFilter) {
  const sql = yield* SqlClient.SqlClient
  const where = sql.and([
    sql`org_id = ${orgId}`,
    sql`type = ${filter.type}`,
    sql`base_type = ${filter.baseType}`,
    ...(filter.status === undefined ? [] : [sql`status = ${filter.status}`]),
    ...(filter.customerId === undefined ? [] : [sql`customer_id = ${filter.customerId}`]),
    ...(filter.from === undefined ? [] : [sql`created_at >= ${filter.from}`]),
    ...(filter.until === undefined ? [] : [sql`created_at < ${filter.until}`]),
    ...(filter.programId === undefined ? [] : [sql`program_id = ${filter.programId}`]),
    ...(filter.autoApproved === undefined ? [] : [sql`auto_approved = ${filter.autoApproved ? 1 : 0}`]),
    ...(filter.requestId === undefined ? [] : [sql`id = ${filter.requestId}`]),
    ...(filter.fromId === undefined ? [] : [sql`id >= ${filter.fromId}`]),
    ...(filter.toId === undefined ? [] : [sql`id <= ${filter.toId}`])
  ])
  const [count] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM requests WHERE ${where}`
  // The order is a choice of two columns and two directions, never text from the request.
  const order = sql.literal(`${filter.sort} ${filter.order}, id ${filter.order}`)
  const rows = yield* sql<RequestRow>`SELECT * FROM requests WHERE ${where} ORDER BY ${order}
    LIMIT ${filter.limit} OFFSET ${filter.offset}`
  return { rows, total: count!.n }
})

// ---------------------------------------------------------------------------------------------------------------
// PII deletion
// ---------------------------------------------------------------------------------------------------------------

const dayMillis = 24 * 60 * 60 * 1000

/** The organisation's deletion waiting period in days (`CONF_PII_DATA_DELETE_AFTER_DAYS`, 0 when not set). */
export const waitingDays = (orgId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ days: number }>`SELECT delete_after_days AS days FROM pii_deletion_settings WHERE org_id = ${orgId}`,
      ([row]) => row?.days ?? 0
    )
  )

/** Sets the organisation's deletion waiting period (0 to 90 days). */
export const setWaitingDays = (orgId: number, days: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql`INSERT INTO pii_deletion_settings (org_id, delete_after_days) VALUES (${orgId}, ${days})
      ON CONFLICT (org_id) DO UPDATE SET delete_after_days = excluded.delete_after_days`
  )

/** When an approved deletion is carried out: the waiting period after its approval. */
export const scheduleFrom = (approvedAt: number, days: number) => approvedAt + days * dayMillis

/** Sets a customer's status label column directly (when the customer status tables are not modelled). */
export const setStatusLabelColumn = (customerId: number, label: string | null) =>
  SqlClient.SqlClient.use((sql) => sql`UPDATE customers SET status_label = ${label} WHERE id = ${customerId}`)

/** The customer's status label column (null when never set). */
export const statusLabelColumn = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ status_label: string | null }>`SELECT status_label FROM customers WHERE id = ${customerId}`,
      ([row]) => row?.status_label ?? null
    )
  )

/** Whether the organisation has the customer (merged or not). */
export const customerExists = (orgId: number, customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM customers WHERE id = ${customerId} AND org_id = ${orgId}`,
      ([row]) => row!.n > 0
    )
  )

const tableExists = (name: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${name}`,
      ([row]) => row!.n > 0
    )
  )

const columnExists = (table: string, column: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`,
      (rows) => rows.some((row) => row.name === column)
    )
  )

/**
 * Deletes a customer's personal data, as Capillary's PII deletion does, keeping the customer id and everything
 * attributed to it (points, transactions, group memberships, coupons, requests):
 * - names, custom fields and communication channels of every profile; the extended fields (the emulator treats
 *   every custom and extended field as marked PII);
 * - every identifier (mobile, email, external id, social ids), so nothing finds the customer by them any more;
 *   cards stay the customer's, without their custom and extended fields;
 * - the identifier values kept in the customer's identifier change log.
 * The customer's status is the caller's to set.
 */
export const deletePersonalData = Effect.fnUntraced(function*(orgId: number, customerId: number, now: number) {
  const sql = yield* SqlClient.SqlClient
  const tracksChanges = yield* columnExists("customer_profiles", "modified_at")
  yield* sql`UPDATE customer_profiles SET first_name = NULL, last_name = NULL, fields = '{}', comm_channels = '[]'
    WHERE customer_id = ${customerId}`
  if (tracksChanges) {
    yield* sql`UPDATE customer_profiles SET modified_at = ${now}, modified_by = 'PII_DELETION'
      WHERE customer_id = ${customerId}`
  }
  yield* sql`DELETE FROM customer_identifiers WHERE org_id = ${orgId} AND customer_id = ${customerId}
    AND type NOT IN ('cardnumber', 'cardExternalId')`
  if (yield* columnExists("customer_identifiers", "card_fields")) {
    yield* sql`UPDATE customer_identifiers SET card_fields = NULL WHERE org_id = ${orgId} AND customer_id = ${customerId}`
  }
  if (yield* tableExists("customer_identifier_changes")) {
    yield* sql`UPDATE customer_identifier_changes SET added = '[]', removed = '[]'
      WHERE org_id = ${orgId} AND customer_id = ${customerId}`
  }
  yield* sql`UPDATE customers SET extended_fields = '{}' WHERE id = ${customerId}`
})

/** The approved deletions of the organisation whose waiting period is over, oldest first. */
export const dueDeletions = (orgId: number, now: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<RequestRow>`SELECT * FROM requests WHERE org_id = ${orgId} AND type = 'CUSTOMER' AND base_type = 'DELETE'
      AND status = 'APPROVED' AND processed_at IS NULL AND scheduled_at <= ${now} ORDER BY scheduled_at, id`
  )

/** Marks a deletion carried out at its scheduled time, and logs it. */
export const markDeleted = Effect.fnUntraced(function*(request: RequestRow, at: number) {
  const sql = yield* SqlClient.SqlClient
  yield* sql`UPDATE requests SET status = 'DELETED', processed_at = ${at}, updated_at = ${at} WHERE id = ${request.id}`
  yield* logStatus(request.id, "DELETED", at, "PII_DELETION", "")
})

/** The customer's deletion request that is still open (pending, or approved and not carried out), if any. */
export const openDeletion = (orgId: number, customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ id: number }>`SELECT id FROM requests WHERE org_id = ${orgId} AND customer_id = ${customerId}
        AND type = 'CUSTOMER' AND status IN ('PENDING', 'APPROVED') ORDER BY id LIMIT 1`,
      ([row]) => row?.id
    )
  )

/** Whether the customer's personal data was deleted. */
export const deleted = (orgId: number, customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM requests WHERE org_id = ${orgId} AND customer_id = ${customerId}
        AND type = 'CUSTOMER' AND status = 'DELETED'`,
      ([row]) => row!.n > 0
    )
  )

/** Whether the database has the requests tables (their migration is part of the emulator's catalog). */
export const modelled = tableExists("requests")
