import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Schema, Stream } from "effect"
import { ClusterWorkflowEngine, SingleRunner } from "effect/cluster"
import { Digest } from "effect/crypto"
import { SqlClient, type SqlError } from "effect/sql"
import { Activity, Workflow } from "effect/workflow"
import * as fs from "node:fs"
import * as path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { SqliteClient } from "../src/index.ts"
import { tempDir } from "./fixtures/tempDir.ts"

const memory = SqliteClient.layer({ filename: ":memory:" })

/** Runs `effect` on a fresh in-memory database that has a `customers` table. */
const withCustomers = <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient | SqliteClient.SqliteClient>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE customers (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      points INTEGER NOT NULL CHECK (points >= 0),
      group_id INTEGER REFERENCES groups (id)
    )`
    yield* sql`CREATE TABLE groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`
    return yield* effect
  }).pipe(Effect.provide(memory))

const points = (id: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ points: number }>`SELECT points FROM customers WHERE id = ${id}`
    return rows[0]?.points
  })

const count = (table: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ n: number }>`SELECT count(*) AS n FROM ${sql(table)}`
    return rows[0]!.n
  })

const reasonOf = <A, R>(effect: Effect.Effect<A, SqlError.SqlError, R>) =>
  Effect.map(Effect.flip(effect), (error) => error.reason)

class Boom extends Schema.TaggedError<Boom>()("Boom", {}) {}

describe("SqliteClient", () => {
  describe("queries", () => {
    it.effect("binds interpolated values as parameters", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const hostile = "x'); DROP TABLE customers; --"
        const rows = yield* sql`SELECT ${1} + ${2} AS n, ${hostile} AS s, ${null} AS z, ${2.5} AS r`
        assert.deepStrictEqual(rows.map((row) => ({ ...row })), [{ n: 3, s: hostile, z: null, r: 2.5 }])
        const inList = yield* sql<{ value: number }>`SELECT value FROM json_each('[1,2,3,4]') WHERE ${
          sql.in("value", [2, 4])
        } ORDER BY value`
        assert.deepStrictEqual(inList.map((row) => row.value), [2, 4])
      }).pipe(Effect.provide(memory)))

    it.effect("inserts with sql.insert and reads the rows back", () =>
      withCustomers(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`INSERT INTO customers ${sql.insert({ id: "c1", email: "ann@example.com", points: 10 })}`
        yield* sql`INSERT INTO customers ${
          sql.insert([
            { id: "c2", email: "bob@example.com", points: 20 },
            { id: "c3", email: "cy@example.com", points: 30 }
          ])
        }`
        const rows = yield* sql<{ id: string; email: string; points: number }>`
          SELECT id, email, points FROM customers ORDER BY id`
        assert.deepStrictEqual(rows.map((row) => ({ ...row })), [
          { id: "c1", email: "ann@example.com", points: 10 },
          { id: "c2", email: "bob@example.com", points: 20 },
          { id: "c3", email: "cy@example.com", points: 30 }
        ])
        const returned = yield* sql<{ id: string }>`
          INSERT INTO customers ${sql.insert({ id: "c4", email: "dee@example.com", points: 0 })} RETURNING id`
        assert.deepStrictEqual(returned.map((row) => row.id), ["c4"])
        yield* sql`UPDATE customers SET ${sql.update({ points: 11 })} WHERE id = ${"c1"}`
        assert.strictEqual(yield* points("c1"), 11)
      })))

    it.effect("maps booleans, dates, undefined and bytes to SQLite values", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const at = new Date("2026-01-02T03:04:05.000Z")
        const [row] =
          yield* sql`SELECT ${true} AS yes, ${false} AS no, ${at} AS at, ${undefined} AS none, ${new Uint8Array([
            1,
            2,
            3
          ])} AS bytes`
        assert.strictEqual(row!.yes, 1)
        assert.strictEqual(row!.no, 0)
        assert.strictEqual(row!.at, "2026-01-02T03:04:05.000Z")
        assert.strictEqual(row!.none, null)
        assert.deepStrictEqual([...(row!.bytes as Uint8Array)], [1, 2, 3])
      }).pipe(Effect.provide(memory)))

    it.effect("returns the run result from raw, arrays from values, and bigints under SafeIntegers", () =>
      withCustomers(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const raw = yield* sql`INSERT INTO groups (name) VALUES (${"gold"}), (${"silver"})`.raw
        assert.deepStrictEqual({ ...(raw as object) }, { changes: 2, lastInsertRowid: 2 })
        const values = yield* sql`SELECT id, name FROM groups ORDER BY id`.values
        assert.deepStrictEqual(values.map((row) => [...row]), [[1, "gold"], [2, "silver"]])
        const objects = yield* sql`SELECT id, name FROM groups ORDER BY id`
        assert.deepStrictEqual(objects.map((row) => ({ ...row })), [{ id: 1, name: "gold" }, { id: 2, name: "silver" }])
        const big = yield* sql`SELECT ${9007199254740993n} AS n`.pipe(
          Effect.provideService(SqlClient.SafeIntegers, true)
        )
        assert.strictEqual(big[0]!.n, 9007199254740993n)
      })))

    it.effect("runs a parameterless unprepared script statement by statement", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql.unsafe("CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (7)").unprepared
        const rows = yield* sql`SELECT y FROM b`.unprepared
        assert.deepStrictEqual(rows.map((row) => row.y), [7])
        const selected = yield* sql`SELECT ${5} AS five`.unprepared
        assert.deepStrictEqual(selected.map((row) => row.five), [5])
      }).pipe(Effect.provide(memory)))

    it.effect("streams rows in chunks and releases the connection when the stream stops early", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE TABLE n (v INTEGER)`
        yield* sql`WITH RECURSIVE seq(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM seq WHERE v < 1000)
          INSERT INTO n SELECT v FROM seq`
        const all = yield* Stream.runCollect(sql<{ v: number }>`SELECT v FROM n ORDER BY v`.stream)
        assert.strictEqual(all.length, 1000)
        assert.strictEqual(all[999]!.v, 1000)
        const firstFive = yield* Stream.runCollect(
          Stream.take(sql<{ v: number }>`SELECT v FROM n ORDER BY v`.stream, 5)
        )
        assert.deepStrictEqual(firstFive.map((row) => row.v), [1, 2, 3, 4, 5])
        // The early stop reset the statement: writes and transactions still work.
        yield* sql.withTransaction(sql`DELETE FROM n WHERE v > 10`)
        assert.strictEqual(yield* count("n"), 10)
        const failed = yield* Effect.flip(Stream.runCollect(sql`SELECT * FROM missing_table`.stream))
        assert.strictEqual(failed.reason._tag, "SqlSyntaxError")
      }).pipe(Effect.provide(memory)))

    it.effect("renames columns with transformQueryNames and transformResultNames", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE TABLE people (first_name TEXT, last_name TEXT)`
        yield* sql`INSERT INTO people ${sql.insert({ firstName: "Ann", lastName: "Lee" })}`
        const rows = yield* sql`SELECT * FROM people`
        assert.deepStrictEqual(rows.map((row) => ({ ...row })), [{ firstName: "Ann", lastName: "Lee" }])
      }).pipe(Effect.provide(SqliteClient.layer({
        filename: ":memory:",
        transformQueryNames: (name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        transformResultNames: (name) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
      }))))

    it.effect("uses the sqlite dialect and reports its driver", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const client = yield* SqliteClient.SqliteClient
        assert.strictEqual(sql, client)
        assert.strictEqual(sql.driver, "sqlite-node")
        assert.strictEqual(sql.onDialectOrElse({ sqlite: () => "sqlite", orElse: () => "other" }), "sqlite")
        const [pragmas] = yield* sql`SELECT * FROM pragma_foreign_keys, pragma_busy_timeout`
        assert.deepStrictEqual({ ...pragmas }, { foreign_keys: 1, timeout: 5000 })
      }).pipe(Effect.provide(memory)))
  })

  describe("errors", () => {
    it.effect("a duplicate primary key or unique value is a UniqueViolation naming the columns", () =>
      withCustomers(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`INSERT INTO customers ${sql.insert({ id: "c1", email: "ann@example.com", points: 1 })}`
        yield* sql`INSERT INTO groups ${sql.insert({ id: 1, name: "gold" })}`

        const duplicateId = yield* reasonOf(
          sql`INSERT INTO customers ${sql.insert({ id: "c1", email: "other@example.com", points: 1 })}`
        )
        assert.strictEqual(duplicateId._tag, "UniqueViolation")
        assert.strictEqual(duplicateId._tag === "UniqueViolation" && duplicateId.constraint, "customers.id")
        assert.isFalse(duplicateId.isRetryable)

        const duplicateRowid = yield* reasonOf(sql`INSERT INTO groups ${sql.insert({ id: 1, name: "again" })}`)
        assert.strictEqual(duplicateRowid._tag, "UniqueViolation")

        const duplicateEmail = yield* reasonOf(
          sql`INSERT INTO customers ${sql.insert({ id: "c2", email: "ann@example.com", points: 1 })}`
        )
        assert.strictEqual(duplicateEmail._tag, "UniqueViolation")
        assert.strictEqual(duplicateEmail._tag === "UniqueViolation" && duplicateEmail.constraint, "customers.email")
        assert.strictEqual(duplicateEmail.message, "UNIQUE constraint failed: customers.email")
      })))

    it.effect("other constraint failures are a ConstraintError", () =>
      withCustomers(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const check = yield* reasonOf(
          sql`INSERT INTO customers ${sql.insert({ id: "c1", email: "a@example.com", points: -1 })}`
        )
        assert.strictEqual(check._tag, "ConstraintError")
        const notNull = yield* reasonOf(sql`INSERT INTO customers (id, points) VALUES (${"c2"}, ${1})`)
        assert.strictEqual(notNull._tag, "ConstraintError")
        const foreignKey = yield* reasonOf(
          sql`INSERT INTO customers ${sql.insert({ id: "c3", email: "c@example.com", points: 1, group_id: 99 })}`
        )
        assert.strictEqual(foreignKey._tag, "ConstraintError")
        assert.strictEqual(yield* count("customers"), 0)
      })))

    it.effect("syntax errors and unknown tables are a SqlSyntaxError; unbindable values an UnknownError", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        assert.strictEqual((yield* reasonOf(sql`SELEC 1`))._tag, "SqlSyntaxError")
        assert.strictEqual((yield* reasonOf(sql`SELECT * FROM nowhere`))._tag, "SqlSyntaxError")
        const unbindable = yield* reasonOf(sql`SELECT ${Symbol("x") as unknown as string} AS v`)
        assert.strictEqual(unbindable._tag, "UnknownError")
      }).pipe(Effect.provide(memory)))

    it.effect("a database that cannot be opened fails the layer with a ConnectionError", () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const error = yield* Effect.flip(
          Layer.build(SqliteClient.layer({ filename: path.join(dir, "missing", "folder", "db.sqlite") }))
        )
        assert.strictEqual(error.reason._tag, "ConnectionError")
        assert.isTrue(error.isRetryable)
      }))
  })

  describe("transactions", () => {
    it.effect("commits on success and rolls back on failure", () =>
      withCustomers(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql.withTransaction(Effect.gen(function*() {
          yield* sql`INSERT INTO customers ${sql.insert({ id: "c1", email: "a@example.com", points: 1 })}`
          yield* sql`INSERT INTO customers ${sql.insert({ id: "c2", email: "b@example.com", points: 2 })}`
        }))
        assert.strictEqual(yield* count("customers"), 2)

        const exit = yield* Effect.exit(sql.withTransaction(Effect.gen(function*() {
          yield* sql`INSERT INTO customers ${sql.insert({ id: "c3", email: "c@example.com", points: 3 })}`
          return yield* new Boom()
        })))
        assert.isTrue(Exit.isFailure(exit))
        assert.strictEqual(yield* count("customers"), 2)

        // A failing statement rolls back the statements before it.
        const duplicate = yield* Effect.flip(sql.withTransaction(Effect.gen(function*() {
          yield* sql`UPDATE customers SET points = 100`
          yield* sql`INSERT INTO customers ${sql.insert({ id: "c1", email: "z@example.com", points: 1 })}`
        })))
        assert.strictEqual(duplicate._tag, "SqlError")
        assert.strictEqual(yield* points("c1"), 1)
      })))

    it.effect("nested transactions are savepoints: an inner failure keeps the outer work", () =>
      withCustomers(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const insert = (id: string) =>
          sql`INSERT INTO customers ${sql.insert({ id, email: `${id}@example.com`, points: 1 })}`
        yield* sql.withTransaction(Effect.gen(function*() {
          yield* insert("outer-1")
          const inner = yield* Effect.exit(sql.withTransaction(Effect.andThen(insert("inner-1"), new Boom())))
          assert.isTrue(Exit.isFailure(inner))
          yield* sql.withTransaction(insert("inner-2"))
          yield* insert("outer-2")
        }))
        const ids = yield* sql<{ id: string }>`SELECT id FROM customers ORDER BY id`
        assert.deepStrictEqual(ids.map((row) => row.id), ["inner-2", "outer-1", "outer-2"])

        // An outer failure also undoes what committed savepoints did.
        yield* Effect.exit(sql.withTransaction(Effect.gen(function*() {
          yield* sql.withTransaction(insert("inner-3"))
          return yield* new Boom()
        })))
        assert.strictEqual(yield* count("customers"), 3)
        const [state] = yield* sql`SELECT 1 AS ok`
        assert.strictEqual(state!.ok, 1)
      })))

    it.live("50 concurrent read-modify-write transactions on a file are all applied", () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const filename = path.join(dir, "counter.db")
        const total = yield* Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* sql`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`
          yield* sql`INSERT INTO counter VALUES (1, 0)`
          const increment = sql.withTransaction(Effect.gen(function*() {
            const [row] = yield* sql<{ n: number }>`SELECT n FROM counter WHERE id = 1`
            yield* Effect.yieldNow
            yield* sql`UPDATE counter SET n = ${row!.n + 1} WHERE id = 1`
          }))
          // Plain statements from other fibers interleave with the transactions.
          const reads = Effect.forEach(Array.from({ length: 50 }), () => count("counter"), { concurrency: "unbounded" })
          yield* Effect.all([
            Effect.forEach(Array.from({ length: 50 }), () => increment, { concurrency: "unbounded", discard: true }),
            reads
          ], { concurrency: "unbounded" })
          const [row] = yield* sql<{ n: number }>`SELECT n FROM counter`
          const [mode] = yield* sql<{ journal_mode: string }>`PRAGMA journal_mode`
          return { n: row!.n, mode: mode!.journal_mode }
        }).pipe(Effect.provide(SqliteClient.layer({ filename })))
        assert.deepStrictEqual(total, { n: 50, mode: "wal" })
      }))
  })

  describe("files", () => {
    it.live("keeps data across layers on the same file and closes the database with the layer", () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const filename = path.join(dir, "persist.db")
        yield* Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`
          yield* sql`INSERT INTO notes ${sql.insert([{ body: "one" }, { body: "two" }])}`
        }).pipe(Effect.provide(SqliteClient.layer({ filename })))

        // Closed: the write-ahead log was checkpointed away and another connection can take an exclusive lock.
        assert.isTrue(fs.existsSync(filename))
        assert.isFalse(fs.existsSync(`${filename}-wal`))
        const other = new DatabaseSync(filename)
        other.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT")
        other.close()

        const bodies = yield* Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          const rows = yield* sql<{ body: string }>`SELECT body FROM notes ORDER BY id`
          return rows.map((row) => row.body)
        }).pipe(Effect.provide(SqliteClient.layer({ filename })))
        assert.deepStrictEqual(bodies, ["one", "two"])
      }))

    it.live("snapshotTo writes a database file that opens with the same rows", () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const snapshot = path.join(dir, "snapshot.db")
        const inTransaction = yield* withCustomers(Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          yield* sql`INSERT INTO customers ${
            sql.insert([
              { id: "c1", email: "a@example.com", points: 5 },
              { id: "c2", email: "b@example.com", points: 7 }
            ])
          }`
          yield* SqliteClient.snapshotTo(snapshot)
          yield* sql`UPDATE customers SET points = 0`
          return yield* reasonOf(sql.withTransaction(SqliteClient.snapshotTo(path.join(dir, "never.db"))))
        }))
        assert.isTrue(fs.existsSync(snapshot))
        assert.isFalse(fs.existsSync(path.join(dir, "never.db")))
        assert.strictEqual(inTransaction._tag, "UnknownError")

        const rows = yield* Effect.gen(function*() {
          const sql = yield* SqlClient.SqlClient
          return yield* sql<{ id: string; points: number }>`SELECT id, points FROM customers ORDER BY id`
        }).pipe(Effect.provide(SqliteClient.layer({ filename: snapshot })))
        assert.deepStrictEqual(rows.map((row) => ({ ...row })), [{ id: "c1", points: 5 }, { id: "c2", points: 7 }])

        // The target must not exist yet.
        const exists = yield* withCustomers(reasonOf(SqliteClient.snapshotTo(snapshot)))
        assert.strictEqual(exists._tag, "UnknownError")
      }))
  })

  describe("effect/cluster", () => {
    const SmokeWorkflow = Workflow.make("SqliteSmokeWorkflow", {
      payload: { id: Schema.String, name: Schema.String },
      success: Schema.String,
      idempotencyKey: (payload) => payload.id
    })

    it.live(
      "SingleRunner and ClusterWorkflowEngine run a two-activity workflow on the client",
      () =>
        Effect.gen(function*() {
          const dir = yield* tempDir
          const filename = path.join(dir, "cluster.db")
          const runs: Array<string> = []
          const WorkflowLive = SmokeWorkflow.toLayer(Effect.fnUntraced(function*(payload) {
            const greeting = yield* Activity.make({
              name: "Greet",
              success: Schema.String,
              execute: Effect.sync(() => {
                runs.push("Greet")
                return `hello ${payload.name}`
              })
            })
            return yield* Activity.make({
              name: "Shout",
              success: Schema.String,
              execute: Effect.sync(() => {
                runs.push("Shout")
                return greeting.toUpperCase()
              })
            })
          }))
          const SqlLive = SqliteClient.layer({ filename })
          const ClusterLive = SingleRunner.layer({ shardingConfig: { entityMessagePollInterval: "100 millis" } }).pipe(
            Layer.provide([SqlLive, Digest.layerWebCrypto])
          )
          const Live = WorkflowLive.pipe(
            Layer.provideMerge(ClusterWorkflowEngine.layer),
            Layer.provideMerge(ClusterLive),
            Layer.provideMerge(SqlLive)
          )
          const { again, messages, result } = yield* Effect.gen(function*() {
            const result = yield* SmokeWorkflow.execute({ id: "run-1", name: "ann" })
            const again = yield* SmokeWorkflow.execute({ id: "run-1", name: "ann" })
            const sql = yield* SqlClient.SqlClient
            const [row] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM cluster_messages`
            return { again, messages: row!.n, result }
          }).pipe(Effect.provide(Live), Effect.timeout("30 seconds"))
          assert.strictEqual(result, "HELLO ANN")
          assert.strictEqual(again, "HELLO ANN")
          assert.deepStrictEqual(runs, ["Greet", "Shout"])
          assert.isAbove(messages, 0)
        }),
      60_000
    )
  })
})
