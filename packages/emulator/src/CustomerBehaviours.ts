/**
 * What the emulator does for the customers endpoints of `@capillary-effect/customers`: registration with
 * Capillary's identity rules (the same identifier in the same source is 8006; in another source the profile is
 * attached to that customer with warning 8050; an email, mobile or external id held by another customer is 1016,
 * 1032 or 1033), reads by id and by identifier within the organisation, and lookups. An unknown source is 8003
 * and an unknown identifier name 8013. Concurrent registrations of one identifier give one customer: the
 * identifiers table's UNIQUE index decides, and a violation is answered as 8006.
 *
 * @since 0.1.0
 */
import { Customer, CustomersApi } from "@capillary-effect/customers"
import { Effect, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import { handle, type RawInput, Rejection } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/customers.ts"

/**
 * The customers tables: customers, their profiles (one per source and account) and their identifiers (unique
 * per organisation, source, account, type and value).
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = { "0100_customers": Store.createTables }

const isSource = Schema.is(Customer.Source)
const isLookupSource = Schema.is(Customer.LookupSource)
const isIdentifierType = Schema.is(Customer.IdentifierType)

const reject = (code: number, message: string) => new Rejection({ status: 400, code, message })

const invalidSource = (source: unknown) =>
  typeof source === "string" && !isLookupSource(source) ? reject(8003, "Invalid source") : undefined

/** A read by id: an unknown source is 8003. */
const rejectRead = (input: RawInput) => invalidSource(input.query.source)

/** A read by identifier: no source 8001, unknown source 8003, no identifier 8002, unknown identifier 8013. */
const rejectLookup = (input: RawInput) => {
  const { identifierName, identifierValue, source } = input.query
  if (source === undefined) return reject(8001, "Source is required for a lookup")
  if (identifierName === undefined || identifierValue === undefined) {
    return reject(8002, "Identifier name and value are required for a lookup")
  }
  return invalidSource(source) ??
    (typeof identifierName === "string" && !isIdentifierType(identifierName)
      ? reject(8013, "Invalid identifier")
      : undefined)
}

/** A registration: a profile with an unknown source is 8003. */
const rejectRegistration = (input: RawInput) => {
  const profiles = typeof input.body === "object" && input.body !== null
    ? (input.body as { readonly profiles?: unknown }).profiles
    : undefined
  if (!Array.isArray(profiles)) return undefined
  const unknown = profiles.some((profile) =>
    typeof profile === "object" && profile !== null && typeof profile.source === "string" && !isSource(profile.source)
  )
  return unknown ? reject(8003, "Invalid source") : undefined
}

/**
 * `customers.add`: registers in the caller's organisation; `createdId` is the new customer, or the one the
 * profile was attached to (warning 8050). No loyalty side effects are modelled yet.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const add = handle(
  CustomersApi.add,
  (input, context) =>
    Effect.gen(function*() {
      const registered = yield* Store.register({
        orgId: context.principal.orgId,
        request: input.body,
        now: context.now,
        by: context.principal.tillCode
      })
      return {
        createdId: Customer.CustomerId.make(registered.customerId),
        warnings: registered.combined ? [Store.combining] : [],
        sideEffects: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectRegistration }
)

/**
 * `customers.get`: a customer of the caller's organisation by id, with the profiles of the source (`ALL` when
 * absent); 8015 when the organisation has no such customer or it has no profile in that source.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const get = handle(
  CustomersApi.get,
  (input, context) =>
    Effect.gen(function*() {
      const customer = yield* Store.load(context.principal.orgId, input.path.id, {
        source: input.query.source ?? "ALL",
        accountId: input.query.accountId
      })
      if (customer === undefined) return yield* Store.notFound()
      return customer
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectRead }
)

const find = (orgId: number, query: Customer.IdentifierQuery) =>
  Store.findByIdentifier(orgId, { type: query.identifierName, value: query.identifierValue }, {
    source: query.source,
    accountId: query.accountId
  })

/**
 * `customers.getByIdentifier`: the customer holding the identifier in the source (any source for `ALL`), with
 * the profiles of that source; 8015 when none does.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const getByIdentifier = handle(
  CustomersApi.getByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const id = yield* find(context.principal.orgId, input.query)
      const customer = id === undefined ? undefined : yield* Store.load(context.principal.orgId, id, {
        source: input.query.source,
        accountId: input.query.accountId
      })
      if (customer === undefined) return yield* Store.notFound()
      return customer
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

/**
 * `customers.lookup`: the id of the customer holding the identifier in the source, as `entity`; 8015 when
 * none does.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const lookup = handle(
  CustomersApi.lookup,
  (input, context) =>
    Effect.gen(function*() {
      const id = yield* find(context.principal.orgId, input.query)
      if (id === undefined) return yield* Store.notFound()
      return { entity: Customer.CustomerId.make(id), warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

/**
 * The customers endpoints, their behaviours and their migration, for `Emulator.catalog`.
 *
 * @since 0.1.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: CustomersApi.endpoints,
  behaviours: [add, get, getByIdentifier, lookup],
  migrations
}
