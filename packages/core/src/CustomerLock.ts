/**
 * Per-customer serialisation: calls that concern the same customer run one at a time, so the client never
 * races itself into Capillary's 521 "multiple actions are running for the same customer". The lock is
 * re-entrant: a call made while its fiber holds the key (a write's read-back of the same customer) runs at once
 * instead of waiting for itself.
 *
 * @since 0.1.0
 */
import { Context, Effect, Semaphore } from "effect"

/**
 * @since 0.1.0
 * @category models
 */
export interface CustomerLock {
  /** Runs the effect while holding the lock of the key. */
  readonly withLock: (key: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** How many keys currently have a lock (holders or waiters); locks are dropped when unused. */
  readonly size: Effect.Effect<number>
}

/** The keys the current fiber (and the fibers it starts) holds, per lock table. */
const Held = Context.Reference<ReadonlySet<string>>("@capillary-effect/core/CustomerLock/Held", {
  defaultValue: () => new Set()
})

let tables = 0

interface Entry {
  readonly permit: Semaphore.Semaphore
  users: number
}

/**
 * Creates a lock table. Entries are removed when their last user leaves, so memory stays bounded by the number
 * of customers in flight.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<CustomerLock> = Effect.sync(() => {
  const entries = new Map<string, Entry>()
  const table = ++tables

  const enter = (key: string) =>
    Effect.sync(() => {
      let entry = entries.get(key)
      if (entry === undefined) {
        entry = { permit: Semaphore.makeUnsafe(1), users: 0 }
        entries.set(key, entry)
      }
      entry.users++
      return entry
    })

  const leave = (key: string, entry: Entry) =>
    Effect.sync(() => {
      entry.users--
      if (entry.users === 0) entries.delete(key)
    })

  const withLock = (key: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.gen(function*() {
      const held = yield* Held
      const mark = `${table}:${key}`
      if (held.has(mark)) return yield* effect
      const holding = Effect.provideService(effect, Held, new Set([...held, mark]))
      return yield* Effect.acquireUseRelease(
        enter(key),
        (entry) => entry.permit.withPermit(holding),
        (entry) => leave(key, entry)
      )
    })

  return { withLock, size: Effect.sync(() => entries.size) }
})
