/**
 * The store of the v2 customer batches on the emulator database: the bulk upsert (find a customer by the
 * identifiers of a profile in its source and account, update them, or register them through
 * `internal/customers.ts`), and customer hierarchies: a hierarchy is known by its code and a company by its
 * external id (both registered on first use: the emulator has no hierarchy configuration), and each customer has
 * at most one association, with a role, a parent (never themselves nor one of their descendants) and a company.
 * Everything runs in the caller's transaction.
 */
import { Customer, type CustomerBulk } from "@capillary-effect/customers"
import { Effect, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { reject } from "../Behaviour.ts"
import * as Customers from "./customers.ts"

/** The tables (migration `0141_customer_associations`; the customers tables come first). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE customer_hierarchies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (org_id, code)
  )`
  yield* sql`CREATE TABLE customer_companies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    UNIQUE (org_id, external_id)
  )`
  yield* sql`CREATE TABLE customer_associations (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    hierarchy_id INTEGER NOT NULL REFERENCES customer_hierarchies (id) ON DELETE CASCADE,
    role_code TEXT,
    child_role_code TEXT,
    parent_customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,
    company_id INTEGER REFERENCES customer_companies (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (parent_customer_id IS NULL OR parent_customer_id <> customer_id)
  )`
  yield* sql`CREATE INDEX customer_associations_by_parent ON customer_associations (parent_customer_id)`
})

const isUniqueViolation = (error: SqlError.SqlError) => error.reason._tag === "UniqueViolation"

const decodeFields = Schema.decodeUnknownSync(Schema.fromJsonString(Customer.Fields))

/** A profile's source and account, with their defaults (INSTORE, no account). */
const placeOf = (profile: { readonly source?: string | undefined; readonly accountId?: string | undefined }) => ({
  source: profile.source ?? "INSTORE",
  account: profile.accountId ?? ""
})

/** Who holds an identifier in one source and account. */
const holder = (
  orgId: number,
  identifier: { readonly type: string; readonly value: string },
  place: { readonly source: string; readonly account: string }
) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ customer_id: number }>`SELECT customer_id FROM customer_identifiers
        WHERE org_id = ${orgId} AND source = ${place.source} AND account_id = ${place.account}
          AND type = ${identifier.type} AND value = ${identifier.value}`,
      (rows) => rows[0]?.customer_id
    )
  )

// ---------------------------------------------------------------------------------------------------------------
// Upsert
// ---------------------------------------------------------------------------------------------------------------

/** What an upsert did to one customer. */
export interface Upserted {
  readonly customerId: number
  readonly created: boolean
  readonly warnings: ReadonlyArray<{ readonly status: boolean; readonly code: number; readonly message: string }>
}

/**
 * Upserts one customer: the customer holding any identifier of a profile in that profile's source and account
 * (8053 when two customers do) is updated: names, custom fields (merged), channels (replaced when sent), a new
 * profile for a source they have none in (warning 8050), extended fields (merged), non-loyalty to loyalty (the
 * reverse is 1046) and the status label; with `changeIdentifiers`, an identifier of the request replaces the
 * profile's one of the same type (or is added when it has none; cards are always added), 8008 when another
 * customer holds it there. Otherwise the customer is registered.
 */
export const upsert = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customer: CustomerBulk.UpsertCustomer
  readonly changeIdentifiers: boolean
  readonly now: number
  readonly by: string
}) {
  const sql = yield* SqlClient.SqlClient
  const { customer, now, orgId } = options
  let target: number | undefined
  for (const profile of customer.profiles) {
    for (const identifier of profile.identifiers) {
      const found = yield* holder(orgId, identifier, placeOf(profile))
      if (found === undefined) continue
      if (target !== undefined && found !== target) {
        return yield* reject(8053, "Each identifier is registered with a different customer. Unable to merge accounts")
      }
      target = found
    }
  }
  if (target === undefined) {
    const request: Customer.CustomerAdd = {
      ...(customer.loyaltyInfo === undefined ? {} : { loyaltyInfo: customer.loyaltyInfo }),
      ...(customer.associatedWith === undefined ? {} : { associatedWith: customer.associatedWith }),
      profiles: customer.profiles.map((profile) => ({
        ...profile,
        source: profile.source ?? "INSTORE",
        accountId: profile.accountId ?? ""
      })) as unknown as Customer.CustomerAdd["profiles"],
      ...(customer.extendedFields === undefined ? {} : { extendedFields: customer.extendedFields }),
      ...(customer.statusLabel === undefined ? {} : { statusLabel: customer.statusLabel }),
      ...(customer.referralCode === undefined ? {} : { referralCode: customer.referralCode })
    }
    const registered = yield* Customers.register({ orgId, request, now, by: options.by })
    return {
      customerId: registered.customerId,
      created: true,
      warnings: registered.combined ? [Customers.combining] : []
    } satisfies Upserted
  }
  const customerId = target
  const warnings: Array<Upserted["warnings"][number]> = []
  const [row] = yield* sql<{ loyalty_type: string; extended_fields: string }>`SELECT loyalty_type, extended_fields
    FROM customers WHERE id = ${customerId}`
  if (customer.loyaltyInfo !== undefined) {
    if (customer.loyaltyInfo.loyaltyType === "non_loyalty" && row!.loyalty_type === "loyalty") {
      return yield* reject(1046, "Conversion of loyalty customer to non-loyalty is not allowed")
    }
    yield* sql`UPDATE customers SET loyalty_type = ${customer.loyaltyInfo.loyaltyType} WHERE id = ${customerId}`
  }
  if (customer.extendedFields !== undefined) {
    const merged = { ...decodeFields(row!.extended_fields), ...customer.extendedFields }
    yield* sql`UPDATE customers SET extended_fields = ${JSON.stringify(merged)} WHERE id = ${customerId}`
  }
  if (customer.statusLabel !== undefined) {
    yield* sql`UPDATE customers SET status_label = ${customer.statusLabel} WHERE id = ${customerId}`
  }
  for (const profile of customer.profiles) {
    const place = placeOf(profile)
    const [existing] = yield* sql<{ first_name: string | null; last_name: string | null; fields: string }>`
      SELECT first_name, last_name, fields FROM customer_profiles
      WHERE customer_id = ${customerId} AND source = ${place.source} AND account_id = ${place.account}`
    const addIdentifiers = existing === undefined || options.changeIdentifiers
    if (existing === undefined) {
      yield* sql`INSERT INTO customer_profiles
          (customer_id, source, account_id, first_name, last_name, fields, comm_channels, created_at, created_by)
        VALUES (${customerId}, ${place.source}, ${place.account}, ${profile.firstName ?? null},
          ${profile.lastName ?? null}, ${JSON.stringify(profile.fields ?? {})},
          ${JSON.stringify(profile.commChannels ?? [])}, ${now}, ${options.by})`
      warnings.push(Customers.combining)
    } else {
      yield* sql`UPDATE customer_profiles SET first_name = ${profile.firstName ?? existing.first_name},
          last_name = ${profile.lastName ?? existing.last_name},
          fields = ${JSON.stringify({ ...decodeFields(existing.fields), ...profile.fields })}
        WHERE customer_id = ${customerId} AND source = ${place.source} AND account_id = ${place.account}`
      if (profile.commChannels !== undefined) {
        yield* sql`UPDATE customer_profiles SET comm_channels = ${JSON.stringify(profile.commChannels)}
          WHERE customer_id = ${customerId} AND source = ${place.source} AND account_id = ${place.account}`
      }
    }
    if (!addIdentifiers) continue
    for (const identifier of profile.identifiers) {
      const held = yield* holder(orgId, identifier, place)
      if (held === customerId) continue
      if (held !== undefined) return yield* reject(8008, "The new identifier already exists in the same source")
      // One identifier of a type in the request replaces the profile's one of that type (a card is always added).
      const single = profile.identifiers.filter((other) => other.type === identifier.type).length === 1
      const [current] = existing === undefined || !single || identifier.type === "cardnumber"
        ? []
        : yield* sql<{ value: string }>`SELECT value FROM customer_identifiers
          WHERE customer_id = ${customerId} AND source = ${place.source} AND account_id = ${place.account}
            AND type = ${identifier.type} ORDER BY rowid LIMIT 1`
      if (current !== undefined) {
        yield* sql`UPDATE customer_identifiers SET value = ${identifier.value}
          WHERE customer_id = ${customerId} AND source = ${place.source} AND account_id = ${place.account}
            AND type = ${identifier.type} AND value = ${current.value}`.pipe(
          Effect.catchIf(
            isUniqueViolation,
            () => Effect.fail(reject(8008, "The new identifier already exists in the same source"))
          )
        )
        continue
      }
      yield* sql`INSERT INTO customer_identifiers
          (org_id, source, account_id, type, value, customer_id, series_id, status_label)
        VALUES (${orgId}, ${place.source}, ${place.account}, ${identifier.type}, ${identifier.value}, ${customerId},
          ${identifier.seriesId ?? null}, ${identifier.statusLabel ?? null})`.pipe(
        Effect.catchIf(
          isUniqueViolation,
          () => Effect.fail(reject(8008, "The new identifier already exists in the same source"))
        )
      )
    }
  }
  return { customerId, created: false, warnings } satisfies Upserted
})

// ---------------------------------------------------------------------------------------------------------------
// Hierarchies
// ---------------------------------------------------------------------------------------------------------------

/** A customer named by profiles: found by the first identifier of a profile in its source, or registered. */
export const findOrRegister = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customer: {
    readonly profiles: Customer.CustomerAdd["profiles"]
    readonly extendedFields?: Customer.Fields | undefined
    readonly loyaltyInfo?: { readonly loyaltyType: Customer.LoyaltyType } | undefined
    readonly associatedWith?: string | undefined
    readonly referralCode?: string | undefined
    readonly statusLabel?: string | undefined
    readonly loyaltyProgramEnrollments?: Customer.CustomerAdd["loyaltyProgramEnrollments"] | undefined
  }
  readonly register: boolean
  readonly now: number
  readonly by: string
}) {
  const { customer, orgId } = options
  for (const profile of customer.profiles) {
    const found = yield* holder(orgId, profile.identifiers[0], placeOf(profile))
    if (found !== undefined) return { customerId: found, created: false, combined: false }
  }
  if (!options.register) return yield* reject(8015, "Customer not found for the given identifiers")
  const registered = yield* Customers.register({
    orgId,
    request: customer as Customer.CustomerAdd,
    now: options.now,
    by: options.by
  })
  return { customerId: registered.customerId, created: true, combined: registered.combined }
})

/** A hierarchy's id by code, registered on first use. */
export const hierarchy = Effect.fnUntraced(function*(orgId: number, code: string, now: number) {
  const sql = yield* SqlClient.SqlClient
  yield* sql`INSERT INTO customer_hierarchies (org_id, code, created_at) VALUES (${orgId}, ${code}, ${now})
    ON CONFLICT (org_id, code) DO NOTHING`
  const [row] = yield* sql<{ id: number }>`SELECT id FROM customer_hierarchies
    WHERE org_id = ${orgId} AND code = ${code}`
  return row!.id
})

/** A company's id by external id, registered on first use. */
export const company = Effect.fnUntraced(function*(orgId: number, externalId: string) {
  const sql = yield* SqlClient.SqlClient
  yield* sql`INSERT INTO customer_companies (org_id, external_id) VALUES (${orgId}, ${externalId})
    ON CONFLICT (org_id, external_id) DO NOTHING`
  const [row] = yield* sql<{ id: number }>`SELECT id FROM customer_companies
    WHERE org_id = ${orgId} AND external_id = ${externalId}`
  return row!.id
})

/** An association row with its hierarchy code and company external id. */
export interface AssociationRow {
  readonly customer_id: number
  readonly hierarchy_id: number
  readonly code: string
  readonly role_code: string | null
  readonly child_role_code: string | null
  readonly parent_customer_id: number | null
  readonly company_id: number | null
  readonly external_id: string | null
  readonly created_at: number
  readonly updated_at: number
}

const selectAssociation = (sql: SqlClient.SqlClient) =>
  sql`SELECT a.customer_id, a.hierarchy_id, h.code, a.role_code, a.child_role_code, a.parent_customer_id,
      a.company_id, c.external_id, a.created_at, a.updated_at
    FROM customer_associations a
    JOIN customer_hierarchies h ON h.id = a.hierarchy_id
    LEFT JOIN customer_companies c ON c.id = a.company_id`

/** A customer's association, if any. */
export const association = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<AssociationRow>`${selectAssociation(sql)} WHERE a.customer_id = ${customerId}`,
      (rows) => rows[0]
    )
  )

/** A parent's children, by creation (or last update) time, ascending unless `DESC`. */
export const children = (
  parentId: number,
  order: { readonly by: "createdon" | "lastUpdatedOn"; readonly descending: boolean }
) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<AssociationRow>`${selectAssociation(sql)} WHERE a.parent_customer_id = ${parentId}
        ORDER BY a.customer_id`,
      (rows) =>
        [...rows].sort((x, y) => {
          const compared = order.by === "lastUpdatedOn"
            ? x.updated_at - y.updated_at || x.customer_id - y.customer_id
            : x.created_at - y.created_at || x.customer_id - y.customer_id
          return order.descending ? -compared : compared
        })
    )
  )

/** How many children a customer has. */
export const childCount = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM customer_associations WHERE parent_customer_id = ${customerId}`,
      (rows) => rows[0]?.n ?? 0
    )
  )

/** 400 when the parent is the customer or one of the customer's descendants (the chain is bounded). */
const checkParent = Effect.fnUntraced(function*(customerId: number, parentId: number) {
  if (parentId === customerId) {
    return yield* reject(400, `Invalid association: customer ${customerId} cannot be their own parent`)
  }
  let current: number | null = parentId
  for (let depth = 0; depth < 1000 && current !== null; depth++) {
    if (current === customerId) {
      return yield* reject(400, `Invalid association: customer ${parentId} descends from customer ${customerId}`)
    }
    const row: AssociationRow | undefined = yield* association(current)
    current = row?.parent_customer_id ?? null
  }
})

/**
 * Associates a customer with a hierarchy, or changes their association: the role, the role of children named
 * with them, the parent (`null` removes it; absent keeps it) and the company. Answers whether the association
 * is new.
 */
export const associate = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly hierarchyId: number
  readonly roleCode: string | undefined
  readonly childRoleCode: string | undefined
  readonly parentId: number | null | undefined
  readonly companyId: number | undefined
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, now } = options
  if (options.parentId !== undefined && options.parentId !== null) yield* checkParent(customerId, options.parentId)
  const existing = yield* association(customerId)
  if (existing === undefined) {
    yield* sql`INSERT INTO customer_associations (customer_id, org_id, hierarchy_id, role_code, child_role_code,
        parent_customer_id, company_id, created_at, updated_at)
      VALUES (${customerId}, ${options.orgId}, ${options.hierarchyId}, ${options.roleCode ?? null},
        ${options.childRoleCode ?? null}, ${options.parentId ?? null}, ${options.companyId ?? null}, ${now}, ${now})`
    return true
  }
  yield* sql`UPDATE customer_associations SET hierarchy_id = ${options.hierarchyId},
      role_code = ${options.roleCode ?? existing.role_code},
      child_role_code = ${options.childRoleCode ?? existing.child_role_code},
      parent_customer_id = ${options.parentId === undefined ? existing.parent_customer_id : options.parentId},
      company_id = ${options.companyId ?? existing.company_id},
      updated_at = ${now}
    WHERE customer_id = ${customerId}`
  return false
})

/** Whether the database has the association tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'customer_associations'`,
    (rows) => rows[0]!.n > 0
  )
)
