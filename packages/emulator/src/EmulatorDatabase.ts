/**
 * The emulator's storage: SQLite through the project's `node:sqlite` adapter, in memory or in a file (state
 * then survives a restart), with its migrations. Domain behaviours add their own migrations after these.
 *
 * @since 0.1.0
 */
import { SqliteClient, SqliteMigrator } from "@capillary-effect/sqlite"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

/**
 * A migration: runs once, in name order, recorded in `effect_sql_migrations`.
 *
 * @since 0.1.0
 * @category models
 */
export type Migration = Effect.Effect<void, unknown, SqlClient.SqlClient>

/**
 * The foundation tables: settings (`meta`), organisations, tills and OAuth clients.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  "0001_foundation": Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`
    yield* sql`CREATE TABLE orgs (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL
    )`
    yield* sql`CREATE TABLE tills (
      id INTEGER PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
      username TEXT NOT NULL UNIQUE,
      password_md5 TEXT NOT NULL,
      store_code TEXT NOT NULL
    )`
    yield* sql`CREATE TABLE oauth_clients (
      id INTEGER PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      client_key TEXT NOT NULL UNIQUE,
      secret_sha256 TEXT NOT NULL,
      token_ttl_seconds INTEGER NOT NULL,
      default_till_id INTEGER NOT NULL REFERENCES tills (id)
    )`
  }),
  "0002_programs": Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE programs (
      id INTEGER PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      is_default INTEGER NOT NULL,
      is_group INTEGER NOT NULL,
      points_to_currency_ratio REAL NOT NULL
    )`
    yield* sql`CREATE TABLE tiers (
      program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
      serial INTEGER NOT NULL,
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      threshold REAL NOT NULL,
      PRIMARY KEY (program_id, serial)
    )`
  })
}

/**
 * Where the database lives: `":memory:"` or a file path.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly filename: string
  /** Migrations of domain behaviours, run after the foundation's. */
  readonly migrations?: Readonly<Record<string, Migration>> | undefined
}

/**
 * Opens the database and runs every migration.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options) =>
  SqliteMigrator.layer({
    loader: SqliteMigrator.fromRecord({ ...migrations, ...options.migrations })
  }).pipe(Layer.provideMerge(SqliteClient.layer({ filename: options.filename })))
