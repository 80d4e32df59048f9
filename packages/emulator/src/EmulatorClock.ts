/**
 * The emulator's clock: all emulator time (token expiry, coupon validity, ledger dates) comes from it. It runs
 * on Effect's `Clock` plus an offset that the admin API can set or advance, so a `TestClock` drives it in tests
 * and a running emulator can be moved forward in time. The offset is stored, so it survives a restart.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Ref } from "effect"
import { SqlClient } from "effect/sql"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Emulator time, in epoch milliseconds. */
  readonly now: Effect.Effect<number>
  /** Moves emulator time to an instant. */
  readonly set: (epochMillis: number) => Effect.Effect<void>
  /** Moves emulator time forward (or back, with a negative amount). */
  readonly advance: (millis: number) => Effect.Effect<void>
  /** Reads the stored offset again (after a reset or a restore replaced the database's contents). */
  readonly reload: Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category services
 */
export class EmulatorClock extends Context.Service<EmulatorClock, Service>()(
  "@capillary-effect/emulator/EmulatorClock"
) {}

const offsetKey = "clock.offsetMillis"

/**
 * The clock, with its offset kept in the emulator database's `meta` table.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<EmulatorClock, never, SqlClient.SqlClient> = Layer.effect(
  EmulatorClock,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const stored = sql<{ value: string }>`SELECT value FROM meta WHERE key = ${offsetKey}`.pipe(
      Effect.orDie,
      Effect.map((rows) =>
        Option.match(Option.fromUndefinedOr(rows[0]), { onNone: () => 0, onSome: (row) => Number(row.value) })
      )
    )
    const offset = yield* Ref.make(yield* stored)
    const save = (value: number) =>
      sql`INSERT INTO meta (key, value) VALUES (${offsetKey}, ${String(value)})
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`.pipe(Effect.orDie, Effect.asVoid)
    const now = Effect.zipWith(Clock.currentTimeMillis, Ref.get(offset), (real, delta) => real + delta)
    const set = (epochMillis: number) =>
      Effect.gen(function*() {
        const delta = epochMillis - (yield* Clock.currentTimeMillis)
        yield* Ref.set(offset, delta)
        yield* save(delta)
      })
    const advance = (millis: number) => Effect.flatMap(Ref.updateAndGet(offset, (delta) => delta + millis), save)
    const reload = Effect.flatMap(stored, (value) => Ref.set(offset, value))
    return EmulatorClock.of({ now, set, advance, reload })
  })
)
