/**
 * The emulator's request log: the most recent exchanges (request and response), with secrets and personal data
 * masked, for the admin API and the playground.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Ref } from "effect"

/**
 * One exchange.
 *
 * @since 0.1.0
 * @category models
 */
export interface Entry {
  readonly at: number
  readonly requestId: string
  readonly method: string
  /** Path and query, masked. */
  readonly url: string
  readonly endpoint: string | undefined
  readonly orgId: number | undefined
  readonly status: number
  readonly durationMs: number
  /** The fault that fired, if any. */
  readonly fault: string | undefined
  readonly requestBody: unknown
  readonly responseBody: unknown
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly append: (entry: Entry) => Effect.Effect<void>
  /** The latest entries, newest last. */
  readonly recent: (limit: number) => Effect.Effect<ReadonlyArray<Entry>>
  readonly clear: Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category services
 */
export class RequestLog extends Context.Service<RequestLog, Service>()("@capillary-effect/emulator/RequestLog") {}

/**
 * A log keeping the last `capacity` exchanges.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (capacity = 500): Layer.Layer<RequestLog> =>
  Layer.effect(
    RequestLog,
    Effect.map(Ref.make<ReadonlyArray<Entry>>([]), (entries) =>
      RequestLog.of({
        append: (entry) => Ref.update(entries, (all) => [...all.slice(-(capacity - 1)), entry]),
        recent: (limit) => Effect.map(Ref.get(entries), (all) => all.slice(-Math.max(0, limit))),
        clear: Ref.set(entries, [])
      }))
  )
