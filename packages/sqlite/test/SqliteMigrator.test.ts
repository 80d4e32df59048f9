import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as path from "node:path"
import { SqliteClient, SqliteMigrator } from "../src/index.ts"
import { tempDir } from "./fixtures/tempDir.ts"

/** Counts how often each migration body ran. */
const makeMigrations = (ran: Array<string>) => ({
  "0001_customers": Effect.gen(function*() {
    ran.push("customers")
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE customers (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE)`
  }),
  "0002_coupons": Effect.gen(function*() {
    ran.push("coupons")
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE coupons (code TEXT PRIMARY KEY, customer_id TEXT REFERENCES customers (id))`
  })
})

const tables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
  return rows.map((row) => row.name)
})

const recorded = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ migration_id: number; name: string }>`
    SELECT migration_id, name FROM effect_sql_migrations ORDER BY migration_id`
  return rows.map((row) => [row.migration_id, row.name] as const)
})

describe("SqliteMigrator", () => {
  it.live("applies migrations once, records them, and re-running is a no-op", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const filename = path.join(dir, "migrated.db")
      const ran: Array<string> = []
      const loader = SqliteMigrator.fromRecord(makeMigrations(ran))
      const migrated = SqliteMigrator.layer({ loader }).pipe(Layer.provideMerge(SqliteClient.layer({ filename })))

      const first = yield* Effect.all({ tables, recorded }).pipe(Effect.provide(migrated))
      assert.deepStrictEqual(first.tables, ["coupons", "customers", "effect_sql_migrations"])
      assert.deepStrictEqual(first.recorded, [[1, "customers"], [2, "coupons"]])
      assert.deepStrictEqual(ran, ["customers", "coupons"])

      // A new process on the same file: nothing runs again.
      const second = yield* Effect.gen(function*() {
        const again = yield* SqliteMigrator.run({ loader })
        return { again, recorded: yield* recorded }
      }).pipe(Effect.provide(migrated))
      assert.deepStrictEqual(second.again, [])
      assert.deepStrictEqual(second.recorded, [[1, "customers"], [2, "coupons"]])
      assert.deepStrictEqual(ran, ["customers", "coupons"])
    }))

  it.effect("runs only the migrations added since the last run", () =>
    Effect.gen(function*() {
      const ran: Array<string> = []
      const migrations = makeMigrations(ran)
      const applied = yield* SqliteMigrator.run({
        loader: SqliteMigrator.fromRecord({ "0001_customers": migrations["0001_customers"] })
      })
      assert.deepStrictEqual(applied, [[1, "customers"]])
      const later = yield* SqliteMigrator.run({ loader: SqliteMigrator.fromRecord(migrations) })
      assert.deepStrictEqual(later, [[2, "coupons"]])
      assert.deepStrictEqual(ran, ["customers", "coupons"])
    }).pipe(Effect.provide(SqliteClient.layer({ filename: ":memory:" }))))

  it.effect("a failing migration rolls back every migration of the run and records none", () =>
    Effect.gen(function*() {
      const ran: Array<string> = []
      const error = yield* Effect.flip(SqliteMigrator.run({
        loader: SqliteMigrator.fromRecord({
          ...makeMigrations(ran),
          "0003_broken": Effect.gen(function*() {
            const sql = yield* SqlClient.SqlClient
            yield* sql`CREATE TABLE broken (`
          })
        })
      }))
      assert.strictEqual(error._tag, "MigrationError")
      assert.deepStrictEqual(ran, ["customers", "coupons"])
      assert.deepStrictEqual(yield* tables, ["effect_sql_migrations"])
      assert.deepStrictEqual(yield* recorded, [])
    }).pipe(Effect.provide(SqliteClient.layer({ filename: ":memory:" }))))
})
