import { SqliteClient, SqliteMigrator } from "@capillary-effect/sqlite"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

// Migrations run once, in id order, and are recorded in effect_sql_migrations.
const Migrations = SqliteMigrator.layer({
  loader: SqliteMigrator.fromRecord({
    "0001_customers": Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE customers (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, points INTEGER NOT NULL)`
    })
  })
})

// A file path, or ":memory:". The layer provides SqliteClient and effect/sql's SqlClient.
export const SqlLive = Migrations.pipe(Layer.provideMerge(SqliteClient.layer({ filename: ":memory:" })))

export const program = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`INSERT INTO customers ${sql.insert({ id: "c1", email: "ann@example.com", points: 10 })}`

  // All or nothing; a nested withTransaction is a savepoint.
  yield* sql.withTransaction(sql`UPDATE customers SET points = points + ${5} WHERE id = ${"c1"}`)

  // A duplicate key (PRIMARY KEY or UNIQUE) fails with reason UniqueViolation.
  const duplicate = yield* sql`INSERT INTO customers ${sql.insert({ id: "c1", email: "x@example.com", points: 0 })}`
    .pipe(Effect.flip)
  console.log(duplicate.reason._tag) // "UniqueViolation"

  const rows = yield* sql<{ id: string; points: number }>`SELECT id, points FROM customers`
  console.log(rows) // [{ id: "c1", points: 15 }]
})

export const main = program.pipe(Effect.provide(SqlLive))

if (import.meta.main) Effect.runPromise(main)
