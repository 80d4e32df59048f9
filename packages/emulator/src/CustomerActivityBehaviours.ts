/**
 * What the emulator does for the customer activity reads of `@capillary-effect/customers`
 * (`CustomerActivityApi`), answering with what it truly has:
 * - transactions: the emulator has no transactions store yet (transactions arrive with the transactions
 *   package), so a customer of the organisation has an empty page (`data: []`, `pagination.total` 0, the page and
 *   order asked for); a customer it does not have is 8015. A bad page is 8100 (negative offset), 8101 (limit not
 *   positive) or 8102 (limit above 1000).
 * - recommendations: the emulator has no recommendation engine and no transactions to recommend from, so a
 *   customer of the organisation gets Capillary's documented 1051 "No transactions or recommendations found for
 *   the customer" (its message names the missing model); one it does not have is 8015. A lookup without source is
 *   8001, without identifier 8002, with an unknown source 8003 or identifier 8013.
 *
 * @since 0.2.0
 */
import { CustomerActivityApi } from "@capillary-effect/customers"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql"
import { handle, type RawInput, reject } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Customers from "./internal/customers.ts"

/**
 * The activity reads need only the customers tables.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = CustomerBehaviours.migrations

/** A bad page: 8100 negative offset, 8101 limit not positive, 8102 limit above 1000. */
const rejectPage = (input: RawInput) => {
  const { limit, offset } = input.query
  if (typeof offset === "string" && /^-\d+$/.test(offset)) return reject(8100, "offset cannot be negative")
  if (typeof limit === "string" && /^-?\d+$/.test(limit)) {
    if (Number(limit) <= 0) return reject(8101, "limit must be positive")
    if (Number(limit) > 1000) return reject(8102, "limit cannot be more than 1000")
  }
  return undefined
}

/** A lookup: the customers' lookup codes (8001, 8002, 8003, 8013). */
const rejectLookup = (input: RawInput) => Customers.rejectLookup(input)

/**
 * `customers.transactions`: an empty page for a customer of the organisation (no transactions store yet).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const transactions = handle(
  CustomerActivityApi.transactions,
  (input, context) =>
    Effect.gen(function*() {
      const customer = yield* Customers.load(context.principal.orgId, input.path.id, { source: "ALL" })
      if (customer === undefined) return yield* Customers.notFound()
      return {
        pagination: {
          limit: input.query.limit ?? 20,
          offset: input.query.offset ?? 0,
          sortBy: input.query.sortBy ?? "BILLING_TIME",
          sortOrder: input.query.sortOrder ?? "DESC",
          total: 0
        },
        data: [],
        warnings: [],
        errors: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectPage }
)

/**
 * `customers.recommendations`: 1051 for a customer of the organisation (no recommendation engine), 8015 otherwise.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const recommendations = handle(
  CustomerActivityApi.recommendations,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const id = yield* Customers.findByIdentifier(context.principal.orgId, {
        type: query.identifierName,
        value: query.identifierValue
      }, { source: query.source, accountId: query.accountId })
      if (id === undefined) return yield* Customers.notFound()
      return yield* reject(
        1051,
        "No transactions or recommendations found for the customer: the emulator has no recommendation engine"
      )
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

/**
 * The customer activity endpoints and their behaviours, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: CustomerActivityApi.endpoints,
  behaviours: [transactions, recommendations],
  migrations
}
