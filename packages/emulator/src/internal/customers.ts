/**
 * The customers store on the emulator database: registration with Capillary's identity rules, and reads of a
 * customer by id or identifier. The registration behaviour and the demo seed both write through `register`.
 */
import { Customer } from "@capillary-effect/customers"
import { Effect, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { Rejection } from "../Behaviour.ts"

/** The tables (migration `0100_customers`). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    loyalty_type TEXT NOT NULL,
    extended_fields TEXT NOT NULL,
    status_label TEXT
  )`
  yield* sql`CREATE TABLE customer_profiles (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    account_id TEXT NOT NULL,
    first_name TEXT,
    last_name TEXT,
    fields TEXT NOT NULL,
    comm_channels TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (customer_id, source, account_id)
  )`
  // An identifier belongs to one customer per organisation, source and account: the index decides between
  // concurrent registrations of the same identifier.
  yield* sql`CREATE TABLE customer_identifiers (
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    account_id TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    series_id INTEGER,
    status_label TEXT,
    UNIQUE (org_id, source, account_id, type, value)
  )`
  yield* sql`CREATE INDEX customer_identifiers_by_value ON customer_identifiers (org_id, type, value)`
  yield* sql`CREATE INDEX customer_identifiers_by_customer ON customer_identifiers (customer_id)`
})

// ---------------------------------------------------------------------------------------------------------------
// Rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

const reject = (code: number, message: string, status = 400) => new Rejection({ status, code, message })

/** 8015: no customer for the id or identifier. */
export const notFound = () => reject(8015, "Customer not found for the given identifiers")

const alreadyExists = (id: number) =>
  reject(8006, `add failed, customer already exists with id ${id} for the same source`)

/** 1016 email, 1032 mobile, 1033 external id (and any other identifier type). */
const inUse = (type: string) =>
  type === "email"
    ? reject(1016, "Email is already used by another customer")
    : type === "mobile"
    ? reject(1032, "Mobile is already used by another customer")
    : reject(
      1033,
      type === "externalId"
        ? "External id is already used by another customer"
        : `${type} is already used by another customer`
    )

/** The warning of a registration attached to a customer found in another source. */
export const combining = { status: false, code: 8050, message: "Same Customer found in other sources,Combining" }

// ---------------------------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------------------------

interface Owner {
  readonly customer_id: number
  readonly source: string
  readonly account_id: string
}

/** An absent account and the empty account are the same account (INSTORE has none). */
const accountOf = (accountId: string | undefined) => accountId ?? ""

/** Who holds an identifier in the organisation: in one source and account, or in any. */
const owners = (
  orgId: number,
  identifier: { readonly type: string; readonly value: string },
  where?: { readonly source: string; readonly accountId: string }
) =>
  SqlClient.SqlClient.use((sql) =>
    sql<Owner>`SELECT customer_id, source, account_id FROM customer_identifiers
      WHERE ${
      sql.and([
        sql`org_id = ${orgId}`,
        sql`type = ${identifier.type}`,
        sql`value = ${identifier.value}`,
        ...(where === undefined ? [] : [sql`source = ${where.source}`, sql`account_id = ${where.accountId}`])
      ])
    } ORDER BY rowid`
  )

const isUniqueViolation = (error: SqlError.SqlError) => error.reason._tag === "UniqueViolation"

// ---------------------------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------------------------

/** What a registration did. */
export interface Registered {
  readonly customerId: number
  /** The profiles were attached to a customer found in another source. */
  readonly combined: boolean
}

/**
 * Registers a customer in an organisation, as Capillary does. The first identifier of a profile is the one
 * the customer is recognised by:
 * - known in the profile's own source and account: 8006, the customer already exists;
 * - known in another source (or account): the profiles are attached to that customer (warning 8050);
 * - otherwise a new customer.
 * Any other identifier held by another customer in the same source and account is refused (1016 email, 1032
 * mobile, 1033 otherwise). Runs in the caller's transaction; a UNIQUE violation (a concurrent registration of the
 * same identifier) is answered as 8006.
 */
export const register = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Customer.CustomerAdd
  readonly now: number
  /** Who registered it (till code). */
  readonly by: string
  /** A fixed id, for seeds; otherwise the next one. */
  readonly id?: number | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, request } = options
  const profiles = request.profiles.map((profile) => ({ ...profile, account: accountOf(profile.accountId) }))

  for (const profile of profiles) {
    const [same] = yield* owners(orgId, profile.identifiers[0], { source: profile.source, accountId: profile.account })
    if (same !== undefined) return yield* alreadyExists(same.customer_id)
  }
  let target: number | undefined
  for (const profile of profiles) {
    const [elsewhere] = yield* owners(orgId, profile.identifiers[0])
    if (elsewhere !== undefined) {
      target = elsewhere.customer_id
      break
    }
  }
  for (const profile of profiles) {
    if (target !== undefined) {
      const existing = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM customer_profiles
        WHERE customer_id = ${target} AND source = ${profile.source} AND account_id = ${profile.account}`
      if (existing[0]!.n > 0) {
        return yield* reject(8007, `Customer ${target} already has a profile in source ${profile.source}`)
      }
    }
    for (const identifier of profile.identifiers.slice(1)) {
      const [holder] = yield* owners(orgId, identifier, { source: profile.source, accountId: profile.account })
      if (holder !== undefined && holder.customer_id !== target) return yield* inUse(identifier.type)
    }
  }

  const customerId = target ?? (yield* sql<{ id: number }>`INSERT INTO customers
      (id, org_id, created_at, loyalty_type, extended_fields, status_label)
    VALUES (${options.id ?? null}, ${orgId}, ${now}, ${request.loyaltyInfo?.loyaltyType ?? "loyalty"},
      ${JSON.stringify(request.extendedFields ?? {})}, ${request.statusLabel ?? null})
    RETURNING id`)[0]!.id
  for (const profile of profiles) {
    yield* sql`INSERT INTO customer_profiles
        (customer_id, source, account_id, first_name, last_name, fields, comm_channels, created_at, created_by)
      VALUES (${customerId}, ${profile.source}, ${profile.account}, ${profile.firstName ?? null},
        ${profile.lastName ?? null}, ${JSON.stringify(profile.fields ?? {})}, ${
      JSON.stringify(profile.commChannels ?? [])
    },
        ${now}, ${options.by})`
    for (const identifier of profile.identifiers) {
      yield* sql`INSERT INTO customer_identifiers
          (org_id, source, account_id, type, value, customer_id, series_id, status_label)
        VALUES (${orgId}, ${profile.source}, ${profile.account}, ${identifier.type}, ${identifier.value}, ${customerId},
          ${identifier.seriesId ?? null}, ${identifier.statusLabel ?? null})`.pipe(
        Effect.catchIf(isUniqueViolation, () =>
          Effect.flatMap(
            owners(orgId, identifier, { source: profile.source, accountId: profile.account }),
            ([holder]) => Effect.fail(alreadyExists(holder?.customer_id ?? customerId))
          ))
      )
    }
  }
  return { customerId, combined: target !== undefined } satisfies Registered
})

// ---------------------------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------------------------

/** Which profiles a read returns: one source or `ALL`, and one account when given (empty means any). */
export interface ProfileFilter {
  readonly source: Customer.LookupSource
  readonly accountId?: string | undefined
}

const sourceMatches = (filter: ProfileFilter, row: { readonly source: string; readonly account_id: string }) =>
  (filter.source === "ALL" || row.source === filter.source) &&
  (filter.accountId === undefined || filter.accountId === "" || row.account_id === filter.accountId)

/** The customer holding an identifier in the source (or any, for `ALL`), if any. */
export const findByIdentifier = (
  orgId: number,
  identifier: { readonly type: string; readonly value: string },
  filter: ProfileFilter
) =>
  Effect.map(
    owners(orgId, identifier),
    (rows) => rows.filter((row) => sourceMatches(filter, row)).map((row) => row.customer_id).sort((a, b) => a - b)[0]
  )

const decodeFields = Schema.decodeUnknownSync(Schema.fromJsonString(Customer.Fields))
const decodeChannels = Schema.decodeUnknownSync(Schema.fromJsonString(Schema.Array(Customer.CommChannel)))
const decodeIdentifierType = Schema.decodeUnknownSync(Customer.IdentifierType)
const decodeSource = Schema.decodeUnknownSync(Customer.Source)

/**
 * A customer of the organisation with the profiles the filter selects; undefined when there is no such
 * customer, or no profile of it matches (not found in that source).
 */
export const load = Effect.fnUntraced(function*(orgId: number, id: number, filter: ProfileFilter) {
  const sql = yield* SqlClient.SqlClient
  const [customer] = yield* sql<{
    id: number
    loyalty_type: string
    extended_fields: string
  }>`SELECT id, loyalty_type, extended_fields FROM customers WHERE id = ${id} AND org_id = ${orgId}`
  if (customer === undefined) return undefined
  const profiles = (yield* sql<{
    source: string
    account_id: string
    first_name: string | null
    last_name: string | null
    fields: string
    comm_channels: string
    created_at: number
    created_by: string
  }>`SELECT source, account_id, first_name, last_name, fields, comm_channels, created_at, created_by
    FROM customer_profiles WHERE customer_id = ${id} ORDER BY rowid`).filter((row) => sourceMatches(filter, row))
  if (profiles.length === 0) return undefined
  const identifiers = yield* sql<{
    source: string
    account_id: string
    type: string
    value: string
    series_id: number | null
    status_label: string | null
  }>`SELECT source, account_id, type, value, series_id, status_label FROM customer_identifiers
    WHERE customer_id = ${id} ORDER BY rowid`
  const userId = Customer.CustomerId.make(customer.id)
  return new Customer.Customer({
    id: userId,
    profiles: profiles.map((profile) => {
      const createDate = new Date(profile.created_at).toISOString()
      const till = { code: profile.created_by, name: profile.created_by, type: "TILL" }
      return {
        source: decodeSource(profile.source),
        accountId: profile.account_id,
        userId,
        ...(profile.first_name === null ? {} : { firstName: profile.first_name }),
        ...(profile.last_name === null ? {} : { lastName: profile.last_name }),
        identifiers: identifiers
          .filter((row) => row.source === profile.source && row.account_id === profile.account_id)
          .map((row) => ({
            type: decodeIdentifierType(row.type),
            value: row.value,
            ...(row.series_id === null ? {} : { seriesId: row.series_id }),
            ...(row.status_label === null ? {} : { statusLabel: row.status_label })
          })),
        commChannels: decodeChannels(profile.comm_channels),
        fields: decodeFields(profile.fields),
        attribution: { createDate, createdBy: till, modifiedDate: createDate, modifiedBy: till }
      }
    }),
    loyaltyInfo: {
      loyaltyType: customer.loyalty_type === "non_loyalty" ? "non_loyalty" : "loyalty",
      lifetimePurchases: 0
    },
    segments: {},
    extendedFields: decodeFields(customer.extended_fields),
    warnings: []
  })
})

/** Whether the database has the customers tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'customers'`,
    (rows) => rows[0]!.n > 0
  )
)
