/**
 * The subscriptions store on the emulator database: a customer's status per channel, priority and org unit (only
 * the statuses set through the API are stored; any other is subscribed, Capillary's default), and the log of
 * every status that changed, on the emulator clock. Also the customer resolution the engagement behaviours share:
 * a customer of the organisation by id, by v2 lookup identifier, or by v1.1 identifier (`mobile`, `email`,
 * `external_id`, `id`). Every function runs in the caller's transaction.
 */
import { Customer, type Subscription } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { type RawInput, Rejection } from "../Behaviour.ts"
import * as CustomerStore from "./customers.ts"
import { dayOf } from "./dates.ts"

/** The tables (part of migration `0120_engagement`). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE customer_subscriptions (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('TRANS', 'BULK')),
    org_unit_id INTEGER NOT NULL,
    subscribed INTEGER NOT NULL CHECK (subscribed IN (0, 1)),
    account_id TEXT NOT NULL,
    source TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (customer_id, channel, priority, org_unit_id)
  )`
  yield* sql`CREATE TABLE customer_subscription_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    org_unit_id INTEGER NOT NULL,
    subscribed INTEGER NOT NULL CHECK (subscribed IN (0, 1)),
    account_id TEXT NOT NULL,
    source TEXT,
    added_by INTEGER NOT NULL,
    added_at INTEGER NOT NULL,
    reason TEXT
  )`
  yield* sql`CREATE INDEX customer_subscription_log_by_customer ON customer_subscription_log (customer_id, id)`
})

// ---------------------------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------------------------

/** 8015: no customer for the id or identifier. */
export const customerNotFound = () => CustomerStore.notFound()

/** A customer of the organisation by id (all its profiles); undefined when the organisation has none. */
export const customer = (orgId: number, customerId: number) => CustomerStore.load(orgId, customerId, { source: "ALL" })

/** A customer of the organisation by id: 8015 when there is none, 8069 when it was merged into another. */
export const requireCustomer = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  yield* CustomerStore.active(orgId, customerId, customerNotFound)
  const found = yield* customer(orgId, customerId)
  if (found === undefined) return yield* customerNotFound()
  return found
})

/** The customer a v2 lookup names (identifier in a source, or any for `ALL`), or 8015. */
export const requireByIdentifier = Effect.fnUntraced(function*(orgId: number, query: Customer.IdentifierQuery) {
  const id = yield* CustomerStore.findByIdentifier(
    orgId,
    { type: query.identifierName, value: query.identifierValue },
    { source: query.source, accountId: query.accountId }
  )
  return yield* requireCustomer(orgId, id ?? 0)
})

/** A v2 lookup's own codes (8001, 8002, 8003, 8013), as the customers store answers them. */
export const rejectLookup = (input: RawInput): Rejection | undefined => CustomerStore.rejectLookup(input)

/** How a v1.1 request names a customer. */
export interface V11Ref {
  readonly mobile?: string | undefined
  readonly email?: string | undefined
  readonly external_id?: string | undefined
  readonly id?: number | string | undefined
}

const v11Types = [["mobile", "mobile"], ["email", "email"], ["external_id", "externalId"]] as const

/**
 * The customer a v1.1 item names: by `id` when given, else by the first of `mobile`, `email`, `external_id` (in
 * any source); undefined when the organisation has none.
 */
export const v11Customer = Effect.fnUntraced(function*(orgId: number, ref: V11Ref) {
  const id = ref.id === undefined || String(ref.id).trim() === "" ? undefined : Number(ref.id)
  if (id !== undefined) return Number.isInteger(id) && id > 0 ? yield* customer(orgId, id) : undefined
  for (const [name, type] of v11Types) {
    const value = ref[name]
    if (value === undefined || value.trim() === "") continue
    const found = yield* CustomerStore.findByIdentifier(orgId, { type, value }, { source: "ALL" })
    return found === undefined ? undefined : yield* customer(orgId, found)
  }
  return undefined
})

/** The identifiers and names v1.1 answers carry for a customer (from its INSTORE profile, else its first). */
export const v11Identity = (found: Customer.Customer) => {
  const profile = found.profiles.find((candidate) => candidate.source === "INSTORE") ?? found.profiles[0]
  const all = found.profiles.flatMap((candidate) => candidate.identifiers)
  const value = (type: string) => all.find((identifier) => identifier.type === type)?.value ?? null
  return {
    user_id: found.id,
    mobile: value("mobile"),
    email: value("email"),
    external_id: value("externalId"),
    firstname: profile?.firstName ?? null,
    lastname: profile?.lastName ?? null
  }
}

/** The v1.1 item status of a customer no identifier found: 1012. */
export const v11NotFound = { success: false, code: 1012, message: "Cannot find customer for provided identifier" }

/** A v1.1 request status from its items' outcomes: 200 all succeeded, 201 some failed, 500 all failed. */
export const v11Status = (outcomes: ReadonlyArray<boolean>) => {
  const succeeded = outcomes.filter(Boolean).length
  const counts = { total: outcomes.length, success_count: succeeded }
  if (succeeded === outcomes.length) return { success: true, code: 200, message: "SUCCESS", ...counts }
  if (succeeded === 0) {
    return { success: false, code: 500, message: "All requests have failed due to errors", ...counts }
  }
  return { success: false, code: 201, message: "Some requests have failed due to errors", ...counts }
}

// ---------------------------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------------------------

/** The organisation itself, as an org unit: statuses not narrowed to a concept. */
export const organisationUnit = -1

/** The channels every customer has a status for (subscribed until they opt out). */
export const baseChannels = ["EMAIL", "SMS"] as const

const priorities = ["TRANS", "BULK"] as const

/** A v2 request channel as Capillary stores and answers it: `MOBILE` is `SMS`, the others upper case. */
export const storedChannel = (channel: string) => channel === "MOBILE" ? "SMS" : channel.toUpperCase()

/** The log's channel type: `mobile` for SMS, the channel in lower case otherwise. */
const channelType = (channel: string) => channel === "SMS" ? "mobile" : channel.toLowerCase()

interface StatusRow {
  readonly channel: string
  readonly priority: string
  readonly org_unit_id: number
  readonly subscribed: number
  readonly account_id: string
  readonly source: string | null
}

const stored = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<StatusRow>`SELECT channel, priority, org_unit_id, subscribed, account_id, source FROM customer_subscriptions
      WHERE customer_id = ${customerId}`
  )

const channelOrder = (channel: string) => {
  const base = (baseChannels as ReadonlyArray<string>).indexOf(channel)
  return base === -1 ? `1${channel}` : `0${base}`
}

/**
 * A customer's statuses: every base channel in both priorities for the organisation (subscribed unless set
 * otherwise), and every status set through the API, org units included; TRANS before BULK, email and SMS first.
 */
export const statuses = Effect.fnUntraced(function*(customerId: number) {
  const rows = yield* stored(customerId)
  const byKey = new Map(rows.map((row) => [`${row.channel} ${row.priority} ${row.org_unit_id}`, row]))
  for (const channel of baseChannels) {
    for (const priority of priorities) {
      const key = `${channel} ${priority} ${organisationUnit}`
      if (!byKey.has(key)) {
        byKey.set(key, {
          channel,
          priority,
          org_unit_id: organisationUnit,
          subscribed: 1,
          account_id: "",
          source: null
        })
      }
    }
  }
  return [...byKey.values()].sort((a, b) =>
    a.org_unit_id - b.org_unit_id || priorities.indexOf(a.priority as "TRANS") -
      priorities.indexOf(b.priority as "TRANS") ||
    channelOrder(a.channel).localeCompare(channelOrder(b.channel))
  )
})

/** A status as v2 answers it. */
const toStatus = (row: StatusRow): Subscription.SubscriptionStatus => ({
  channel: row.channel,
  priority: row.priority,
  type: row.subscribed === 1 ? "OPTIN" : "OPTOUT",
  ...(row.org_unit_id === organisationUnit ? {} : { orgUnitId: row.org_unit_id })
})

/**
 * A customer's subscriptions as v2 answers them (and as a customer read with `embed=subscriptions` carries them);
 * undefined when the organisation has no such customer.
 */
export const forCustomer = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const [known] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM customers
    WHERE id = ${customerId} AND org_id = ${orgId}`
  if (known!.n === 0) return undefined
  const rows = yield* statuses(customerId)
  return rows.map(toStatus) satisfies Subscription.CustomerSubscriptions
})

/** One status to set. */
export interface StatusChange {
  /** As stored: `SMS`, `EMAIL`, `WECHAT`, ... */
  readonly channel: string
  readonly priority: "TRANS" | "BULK"
  readonly subscribed: boolean
  readonly orgUnitId: number
  readonly accountId: string
  readonly source: string | undefined
}

/**
 * Sets a customer's status; a status that changes (from the stored one, or from the default subscribed) is
 * logged at `now`, by the till, with the reason. Returns whether it changed.
 */
export const set = Effect.fnUntraced(function*(options: {
  readonly customerId: number
  readonly change: StatusChange
  readonly by: number
  readonly now: number
  readonly reason: string | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { change, customerId, now } = options
  const [current] = yield* sql<{ subscribed: number }>`SELECT subscribed FROM customer_subscriptions
    WHERE customer_id = ${customerId} AND channel = ${change.channel} AND priority = ${change.priority}
      AND org_unit_id = ${change.orgUnitId}`
  const subscribed = change.subscribed ? 1 : 0
  yield* sql`INSERT INTO customer_subscriptions
      (customer_id, channel, priority, org_unit_id, subscribed, account_id, source, updated_at)
    VALUES (${customerId}, ${change.channel}, ${change.priority}, ${change.orgUnitId}, ${subscribed},
      ${change.accountId}, ${change.source ?? null}, ${now})
    ON CONFLICT (customer_id, channel, priority, org_unit_id) DO UPDATE SET subscribed = excluded.subscribed,
      account_id = excluded.account_id, source = excluded.source, updated_at = excluded.updated_at`
  const changed = (current?.subscribed ?? 1) !== subscribed
  if (changed) {
    yield* sql`INSERT INTO customer_subscription_log
        (customer_id, channel, priority, org_unit_id, subscribed, account_id, source, added_by, added_at, reason)
      VALUES (${customerId}, ${change.channel}, ${change.priority}, ${change.orgUnitId}, ${subscribed},
        ${change.accountId}, ${change.source ?? null}, ${options.by}, ${now}, ${options.reason ?? null})`
  }
  return changed
})

/** A customer's log of status changes, oldest first, as v2 answers it (dates are days, UTC). */
export const log = Effect.fnUntraced(function*(customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<
    StatusRow & { readonly added_by: number; readonly added_at: number; readonly reason: string | null }
  >`SELECT channel, priority, org_unit_id, subscribed, account_id, source, added_by, added_at, reason
    FROM customer_subscription_log WHERE customer_id = ${customerId} ORDER BY id`
  return rows.map((row): Subscription.SubscriptionLogEntry => ({
    orgUnitId: row.org_unit_id,
    ...(row.source === null ? {} : { source: row.source }),
    accountId: row.account_id,
    commChannelType: channelType(row.channel),
    priority: row.priority,
    status: row.subscribed === 1,
    addedBy: row.added_by,
    addedOn: dayOf(row.added_at),
    ...(row.reason === null ? {} : { reason: row.reason })
  }))
})

/**
 * A customer's organisation-level statuses as a v1.1 read answers them: per channel, each priority with
 * `user_preference` (`NOT_SET` when never set through the API: subscribed by default), optionally narrowed.
 */
export const v11Channels = Effect.fnUntraced(function*(
  customerId: number,
  filter: { readonly channel?: string | undefined; readonly priority?: string | undefined }
) {
  const rows = yield* stored(customerId)
  const set = new Map(
    rows.filter((row) => row.org_unit_id === organisationUnit).map((row) => [`${row.channel} ${row.priority}`, row])
  )
  const channels = [...new Set([...baseChannels, ...[...set.values()].map((row) => row.channel)])]
    .sort((a, b) => channelOrder(a).localeCompare(channelOrder(b)))
    .filter((channel) => filter.channel === undefined || channel === filter.channel)
  return channels.map((name) => ({
    name,
    priority: priorities.filter((priority) => filter.priority === undefined || priority === filter.priority).map(
      (priority) => {
        const row = set.get(`${name} ${priority}`)
        const subscribed = row === undefined || row.subscribed === 1
        return {
          name: priority,
          subscribed: subscribed ? "ALL" : "",
          unsubscribed: subscribed ? "" : "ALL",
          user_preference: row === undefined ? "NOT_SET" : subscribed ? "SUBSCRIBED" : "UNSUBSCRIBED"
        }
      }
    )
  }))
})

/** Whether the database has the subscriptions tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master
      WHERE type = 'table' AND name = 'customer_subscriptions'`,
    (rows) => rows[0]!.n > 0
  )
)
