/**
 * Schema migrations for a SQLite database through effect/sql's `Migrator`: numbered migration effects run once,
 * in id order, inside one transaction, and are recorded in `effect_sql_migrations`, so running them again is a
 * no-op.
 *
 * @since 0.1.0
 */
import { type Effect, Layer } from "effect"
import { Migrator, type SqlClient, type SqlError } from "effect/sql"

/**
 * What the migrator is given: a `loader` (see `fromRecord`), and optionally the `table` recording applied
 * migrations (default `effect_sql_migrations`).
 *
 * @since 0.1.0
 * @category models
 */
export type MigratorOptions<R = never> = Migrator.MigratorOptions<R>

/**
 * Loads migrations from a record keyed `<id>_<name>`, e.g. `"0001_customers"`, each value an effect that uses
 * `SqlClient`.
 *
 * @since 0.1.0
 * @category loaders
 */
export const fromRecord: (
  migrations: Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>>
) => Migrator.Loader = Migrator.fromRecord

/**
 * Runs the pending migrations and returns the `[id, name]` of each one it applied.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run: <R = never>(
  options: MigratorOptions<R>
) => Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError.SqlError,
  SqlClient.SqlClient | R
> = Migrator.make({})

/**
 * Runs the pending migrations when the layer is built; put it on top of `SqliteClient.layer` with
 * `Layer.provideMerge` so everything built on the database sees the migrated schema.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <R = never>(
  options: MigratorOptions<R>
): Layer.Layer<never, Migrator.MigrationError | SqlError.SqlError, SqlClient.SqlClient | R> =>
  Layer.effectDiscard(run(options))
