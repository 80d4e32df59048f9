/**
 * The client-side limiter: at most N calls in any 60-second window per key (API key and endpoint family),
 * waiting on the `Clock` rather than failing, so a burst is spread out instead of answered with 429s.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Semaphore } from "effect"

/**
 * @since 0.1.0
 * @category models
 */
export interface RateLimiter {
  /** Waits until one more call under `key` fits its limit, then records it. */
  readonly acquire: (key: string, perMinute: number) => Effect.Effect<void>
}

const windowMillis = 60_000

interface Window {
  readonly permit: Semaphore.Semaphore
  /** Start times of the calls of the last window, oldest first. */
  readonly calls: Array<number>
}

/**
 * A sliding-window limiter. Callers of one key are served in order; keys do not wait for each other.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<RateLimiter> = Effect.sync(() => {
  const windows = new Map<string, Window>()

  const windowOf = (key: string): Window => {
    let window = windows.get(key)
    if (window === undefined) {
      window = { permit: Semaphore.makeUnsafe(1), calls: [] }
      windows.set(key, window)
    }
    return window
  }

  const drop = (window: Window, now: number) => {
    while (window.calls.length > 0 && window.calls[0]! <= now - windowMillis) window.calls.shift()
  }

  const acquire = (key: string, perMinute: number) => {
    // A limit below one call per minute could never be met; the least it means is one.
    const limit = Math.max(1, Math.floor(perMinute))
    const window = windowOf(key)
    return window.permit.withPermit(Effect.gen(function*() {
      let now = yield* Clock.currentTimeMillis
      drop(window, now)
      while (window.calls.length >= limit) {
        const wait = window.calls[0]! + windowMillis - now
        yield* Effect.logDebug("capillary: client-side rate limit reached, waiting").pipe(
          Effect.annotateLogs({ family: key, waitMillis: wait })
        )
        yield* Effect.sleep(wait)
        now = yield* Clock.currentTimeMillis
        drop(window, now)
      }
      window.calls.push(now)
    }))
  }

  return { acquire }
})
