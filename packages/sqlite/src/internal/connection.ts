/**
 * One `node:sqlite` database as an effect/sql `Connection`. Every method is synchronous underneath, so callers
 * must serialise access (`SqliteClient` does, with a semaphore); this module only runs statements.
 */
import { Array as Arr, Cause, Effect, Stream } from "effect"
import { SqlClient, type SqlConnection, type SqlError } from "effect/sql"
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite"
import { sqlError } from "./errors.ts"

type TransformRows = (<A extends object>(rows: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined

/** Prepared statements kept per connection, least recently used dropped first. */
const STATEMENT_CACHE_SIZE = 256

/** Rows read from the iterator per stream pull. */
const STREAM_CHUNK_SIZE = 128

/** What a statement run returns: row objects, rows as arrays, or, for `executeRaw`, the run result. */
type Mode = "objects" | "arrays" | "raw"

/** `node:sqlite` binds null, numbers, bigints, strings and bytes; the other values effect/sql passes are mapped. */
const bindable = (value: unknown): SQLInputValue => {
  if (value === undefined) return null
  if (typeof value === "boolean") return value ? 1 : 0
  if (value instanceof Date) return value.toISOString()
  return value as SQLInputValue
}

const bindAll = (params: ReadonlyArray<unknown>): Array<SQLInputValue> => params.map(bindable)

/** Builds the connection over an open database. */
export const make = (db: DatabaseSync): SqlConnection.Connection => {
  const cache = new Map<string, StatementSync>()

  const prepare = (sql: string): StatementSync => {
    const cached = cache.get(sql)
    if (cached !== undefined) {
      cache.delete(sql)
      cache.set(sql, cached)
      return cached
    }
    const statement = db.prepare(sql)
    if (cache.size >= STATEMENT_CACHE_SIZE) {
      const oldest = cache.keys().next()
      if (oldest.done !== true) cache.delete(oldest.value)
    }
    cache.set(sql, statement)
    return statement
  }

  const run = (
    sql: string,
    params: ReadonlyArray<unknown>,
    mode: Mode,
    cached: boolean
  ): Effect.Effect<any, SqlError.SqlError> =>
    Effect.withFiber((fiber) => {
      const safeIntegers = fiber.getRef(SqlClient.SafeIntegers)
      return Effect.try({
        try: () => {
          const statement = cached ? prepare(sql) : db.prepare(sql)
          statement.setReadBigInts(safeIntegers)
          statement.setReturnArrays(mode === "arrays")
          const args = bindAll(params)
          if (statement.columns().length > 0) return statement.all(...args)
          const result = statement.run(...args)
          return mode === "raw" ? { changes: result.changes, lastInsertRowid: result.lastInsertRowid } : []
        },
        catch: (cause) => sqlError(cause, "execute")
      })
    })

  const withTransform = (effect: Effect.Effect<ReadonlyArray<any>, SqlError.SqlError>, transformRows: TransformRows) =>
    transformRows === undefined ? effect : Effect.map(effect, transformRows)

  /** Without parameters, a statement that returns no rows is run as a script: every statement in `sql` runs. */
  const runUnprepared = (sql: string, params: ReadonlyArray<unknown>) =>
    params.length > 0 ? run(sql, params, "objects", false) : Effect.withFiber((fiber) => {
      const safeIntegers = fiber.getRef(SqlClient.SafeIntegers)
      return Effect.try({
        try: (): ReadonlyArray<any> => {
          const statement = db.prepare(sql)
          if (statement.columns().length > 0) {
            statement.setReadBigInts(safeIntegers)
            return statement.all()
          }
          db.exec(sql)
          return []
        },
        catch: (cause) => sqlError(cause, "execute")
      })
    })

  const stream = (sql: string, params: ReadonlyArray<unknown>, transformRows: TransformRows) =>
    Stream.unwrap(Effect.gen(function*() {
      const safeIntegers = yield* SqlClient.SafeIntegers
      // A statement of its own: the iterator keeps it busy until the stream ends.
      const iterator = yield* Effect.acquireRelease(
        Effect.try({
          try: () => {
            const statement = db.prepare(sql)
            statement.setReadBigInts(safeIntegers)
            return statement.iterate(...bindAll(params))
          },
          catch: (cause) => sqlError(cause, "stream")
        }),
        (iterator) => Effect.sync(() => db.isOpen && iterator.return?.())
      )
      let done = false
      const readChunk = Effect.try({
        try: () => {
          const rows: Array<object> = []
          while (rows.length < STREAM_CHUNK_SIZE) {
            const next = iterator.next()
            if (next.done === true) {
              done = true
              break
            }
            rows.push(next.value as object)
          }
          return transformRows === undefined ? rows : transformRows(rows)
        },
        catch: (cause) => sqlError(cause, "stream")
      })
      const pull = Effect.suspend(() =>
        done ?
          Cause.done() :
          Effect.flatMap(readChunk, (rows) => Arr.isReadonlyArrayNonEmpty(rows) ? Effect.succeed(rows) : Cause.done())
      )
      return Stream.fromPull(Effect.succeed(pull))
    }))

  return {
    execute: (sql, params, transformRows) => withTransform(run(sql, params, "objects", true), transformRows),
    executeRaw: (sql, params) => run(sql, params, "raw", true),
    executeValues: (sql, params) => run(sql, params, "arrays", true),
    executeValuesUnprepared: (sql, params) => run(sql, params, "arrays", false),
    executeUnprepared: (sql, params, transformRows) => withTransform(runUnprepared(sql, params), transformRows),
    executeStream: stream
  }
}
