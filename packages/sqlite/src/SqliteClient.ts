/**
 * An effect/sql `SqlClient` on Node's built-in `node:sqlite`: one database connection shared through a
 * semaphore, transactions with savepoints for nested ones, `SqlError`s classified from SQLite's extended result
 * codes, and snapshots of the whole database. It uses effect's SQLite dialect, so `effect/cluster`'s SQL
 * storage (and the durable workflow engine on top of it) runs on it.
 *
 * @since 0.1.0
 */
import { Context, Duration, Effect, Layer, Scope, Semaphore } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient, SqlError, Statement } from "effect/sql"
import { DatabaseSync } from "node:sqlite"
import * as Connection from "./internal/connection.ts"
import { classify } from "./internal/errors.ts"

/**
 * How to open the database.
 *
 * @since 0.1.0
 * @category models
 */
export interface SqliteClientConfig {
  /** A file path, or `":memory:"` for a private in-memory database. */
  readonly filename: string
  /** Opens the database read-only. Default `false`. */
  readonly readonly?: boolean | undefined
  /** How long a statement waits for another process's lock before failing with `LockTimeoutError`. Default 5 seconds. */
  readonly busyTimeout?: Duration.Input | undefined
  /** Extra attributes for every query span. */
  readonly spanAttributes?: Record<string, unknown> | undefined
  /** Renames identifiers in queries, e.g. camelCase to snake_case. */
  readonly transformQueryNames?: ((name: string) => string) | undefined
  /** Renames result columns, e.g. snake_case to camelCase. */
  readonly transformResultNames?: ((name: string) => string) | undefined
}

/**
 * The client: effect/sql's `SqlClient` plus what only SQLite offers.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends SqlClient.SqlClient {
  /** The configuration the database was opened with. */
  readonly config: SqliteClientConfig
  /**
   * Writes a consistent, compacted copy of the whole database to a new file (`VACUUM INTO`). The file must not
   * exist yet; open the copy with another `layer({ filename })` to import it. Fails inside a transaction: SQLite
   * cannot vacuum in one.
   */
  readonly snapshotTo: (path: string) => Effect.Effect<void, SqlError.SqlError>
}

/**
 * The `node:sqlite` client; it is also an effect/sql `SqlClient`.
 *
 * @since 0.1.0
 * @category services
 */
export class SqliteClient extends Context.Service<SqliteClient, Service>()(
  "@capillary-effect/sqlite/SqliteClient"
) {}

/**
 * The `SqlClient.driver` of this client. effect/cluster only special-cases `"pglite"`; the dialect it branches
 * on comes from the statement compiler, which is effect's SQLite compiler.
 *
 * @since 0.1.0
 * @category constants
 */
export const driver = "sqlite-node"

const DEFAULT_BUSY_TIMEOUT = Duration.seconds(5)

const isFile = (filename: string) => filename !== ":memory:" && filename !== "" && !filename.startsWith("file::memory:")

const openError = (cause: unknown) => {
  const reason = classify(cause, "open")
  return new SqlError.SqlError({
    reason: reason._tag === "UnknownError"
      ? new SqlError.ConnectionError({ cause, message: reason.message, operation: "open" })
      : reason
  })
}

/** The pragmas of every connection: busy timeout, foreign keys, and WAL for writable files. */
const configure = (db: DatabaseSync, config: SqliteClientConfig) =>
  Effect.try({
    try: () => {
      const busyMillis = Math.max(0, Math.round(Duration.toMillis(config.busyTimeout ?? DEFAULT_BUSY_TIMEOUT)))
      db.exec(`PRAGMA busy_timeout = ${busyMillis}`)
      db.exec("PRAGMA foreign_keys = ON")
      if (isFile(config.filename) && config.readonly !== true) db.exec("PRAGMA journal_mode = WAL")
    },
    catch: openError
  })

/**
 * Opens the database for the lifetime of the current scope and builds the client on it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(
  config: SqliteClientConfig
): Effect.fn.Return<Service, SqlError.SqlError, Scope.Scope | Reactivity.Reactivity> {
  const db = yield* Effect.acquireRelease(
    Effect.try({
      try: () => new DatabaseSync(config.filename, { readOnly: config.readonly ?? false }),
      catch: openError
    }),
    (db) => Effect.sync(() => db.isOpen && db.close())
  )
  yield* configure(db, config)
  const connection = Connection.make(db)
  const semaphore = yield* Semaphore.make(1)
  const acquirers = SqlClient.makeSqliteAcquirers({
    connection: Effect.succeed(connection),
    semaphore,
    isTransaction: () => db.isTransaction
  })

  const client = yield* SqlClient.make({
    ...acquirers,
    driver,
    compiler: Statement.makeCompilerSqlite(config.transformQueryNames),
    transformRows: config.transformResultNames === undefined
      ? undefined
      : Statement.defaultTransforms(config.transformResultNames).array,
    spanAttributes: [
      ...Object.entries(config.spanAttributes ?? {}),
      ["db.system.name", "sqlite"]
    ],
    // Take the write lock up front: a deferred transaction that later writes fails with SQLITE_BUSY instead of
    // waiting when another process wrote in between.
    beginTransaction: "BEGIN IMMEDIATE",
    releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
    prepareTransactionControls: true
  })

  const snapshotTo = (path: string) => Effect.asVoid(client`VACUUM INTO ${path}`.raw)

  return Object.assign(client, { config, snapshotTo }) satisfies Service
})

/**
 * Provides the client as `SqliteClient` and as effect/sql's `SqlClient`; the database is closed when the
 * layer's scope closes. Files are opened in WAL mode; every connection has foreign keys on and a busy timeout.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (config: SqliteClientConfig): Layer.Layer<SqliteClient | SqlClient.SqlClient, SqlError.SqlError> =>
  Layer.effectContext(
    Effect.map(
      make(config),
      (client) => Context.make(SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client))
    )
  ).pipe(Layer.provide(Reactivity.layer))

/**
 * Writes a snapshot of the database to `path`; see `Service.snapshotTo`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const snapshotTo = (path: string): Effect.Effect<void, SqlError.SqlError, SqliteClient> =>
  SqliteClient.use((client) => client.snapshotTo(path))
