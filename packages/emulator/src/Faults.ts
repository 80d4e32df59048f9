/**
 * Fault injection: rules that make matching requests slow or fail the way Capillary can — 429 with
 * Retry-After, 5xx, 461, 521, a connection reset before the change is applied, or the change applied and then
 * the connection reset or a 5xx returned. Rules match by endpoint, by path, by entity (any value in the
 * request, such as a customer's mobile, a coupon code or a group id) or by the `X-Emulator-Fault` header, and
 * fire with a probability drawn from a seeded generator, so a run reproduces.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Ref, Schema } from "effect"

/**
 * The kinds of fault.
 *
 * @since 0.1.0
 * @category models
 */
export const FaultKind = Schema.Literals([
  "latency",
  "rateLimit",
  "serverError",
  "searchBusy",
  "customerBusy",
  "resetBeforeApply",
  "applyThenReset",
  "applyThenServerError"
])

/**
 * @since 0.1.0
 * @category models
 */
export type FaultKind = typeof FaultKind.Type

/**
 * A fault rule. Unset matchers match everything.
 *
 * @since 0.1.0
 * @category models
 */
export const FaultRule = Schema.Struct({
  kind: FaultKind,
  /** Endpoint id (e.g. `customers.add`). */
  endpoint: Schema.optional(Schema.String),
  /** Request path prefix (e.g. `/v2/coupon`). */
  path: Schema.optional(Schema.String),
  /** HTTP method. */
  method: Schema.optional(Schema.String),
  /** A value the request carries anywhere (path, query or body): a customer id or mobile, a coupon code, a group id. */
  entity: Schema.optional(Schema.String),
  /** Chance of firing for a matching request, 0 to 1 (default 1). */
  probability: Schema.optional(Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1 }))),
  /** How many times the rule fires at most (default: no limit). */
  times: Schema.optional(Schema.Int.check(Schema.isGreaterThan(0))),
  /** latency: delay in milliseconds, at most a minute (default 1000). */
  latencyMs: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 60_000 }))),
  /** serverError / applyThenServerError: the status (default 500). */
  status: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 500, maximum: 599 }))),
  /** rateLimit: the Retry-After seconds (default 1). */
  retryAfterSeconds: Schema.optional(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type FaultRule = typeof FaultRule.Type

/**
 * A rule as stored, with its id and how often it fired.
 *
 * @since 0.1.0
 * @category models
 */
export interface ActiveRule {
  readonly id: number
  readonly rule: FaultRule
  readonly fired: number
}

/**
 * What a request is matched on.
 *
 * @since 0.1.0
 * @category models
 */
export interface Target {
  readonly endpoint: string | undefined
  readonly method: string
  readonly path: string
  readonly values: ReadonlySet<string>
  /** The `X-Emulator-Fault` header, if any. */
  readonly header: string | undefined
}

/**
 * The faults that fire for one request: an optional delay, then at most one failure.
 *
 * @since 0.1.0
 * @category models
 */
export interface Decision {
  readonly latencyMs: number
  readonly failure: FaultRule | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly list: Effect.Effect<{ readonly seed: number; readonly rules: ReadonlyArray<ActiveRule> }>
  /** Adds rules; returns their ids. */
  readonly add: (rules: ReadonlyArray<FaultRule>) => Effect.Effect<ReadonlyArray<number>>
  /** Removes every rule, or the one with the id. */
  readonly clear: (id?: number) => Effect.Effect<void>
  /** Restarts the random sequence from a seed. */
  readonly reseed: (seed: number) => Effect.Effect<void>
  readonly decide: (target: Target) => Effect.Effect<Decision>
}

/**
 * @since 0.1.0
 * @category services
 */
export class Faults extends Context.Service<Faults, Service>()("@capillary-effect/emulator/Faults") {}

/**
 * Parses the `X-Emulator-Fault` header: `kind` with optional `;name=value` parameters, e.g.
 * `rateLimit;retryAfterSeconds=2` or `serverError;status=503`. Undefined when it is not a known fault.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseHeader = (header: string): FaultRule | undefined => {
  const [kind, ...parameters] = header.split(";").map((part) => part.trim())
  const candidate: Record<string, unknown> = { kind }
  for (const parameter of parameters) {
    const [name, value] = parameter.split("=").map((part) => part.trim())
    if (name === undefined || value === undefined) return undefined
    candidate[name] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value
  }
  const decoded = Schema.decodeUnknownOption(FaultRule)(candidate)
  return decoded._tag === "Some" ? decoded.value : undefined
}

// mulberry32: a small, well-distributed generator whose whole state is one number, so a seed replays a run.
const nextRandom = (state: number): readonly [number, number] => {
  const next = (state + 0x6d2b79f5) | 0
  let t = next
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next]
}

const matches = (rule: FaultRule, target: Target) =>
  (rule.endpoint === undefined || rule.endpoint === target.endpoint) &&
  (rule.path === undefined || target.path.startsWith(rule.path)) &&
  (rule.method === undefined || rule.method.toUpperCase() === target.method) &&
  (rule.entity === undefined || target.values.has(rule.entity))

interface State {
  readonly seed: number
  readonly random: number
  readonly nextId: number
  readonly rules: ReadonlyArray<ActiveRule>
}

/**
 * The fault table, starting from a seed.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (seed = 1): Layer.Layer<Faults> =>
  Layer.effect(
    Faults,
    Effect.gen(function*() {
      const state = yield* Ref.make<State>({ seed, random: seed, nextId: 1, rules: [] })

      const add = (rules: ReadonlyArray<FaultRule>) =>
        Ref.modify(state, (current) => {
          const added = rules.map((rule, i) => ({ id: current.nextId + i, rule, fired: 0 }))
          return [added.map((rule) => rule.id), {
            ...current,
            nextId: current.nextId + rules.length,
            rules: [...current.rules, ...added]
          }]
        })

      const clear = (id?: number) =>
        Ref.update(state, (current) => ({
          ...current,
          rules: id === undefined ? [] : current.rules.filter((rule) => rule.id !== id)
        }))

      const reseed = (next: number) => Ref.update(state, (current) => ({ ...current, seed: next, random: next }))

      const decide = (target: Target) =>
        Ref.modify(state, (current): readonly [Decision, State] => {
          let random = current.random
          let latencyMs = 0
          let failure: FaultRule | undefined
          const fired = new Set<number>()
          const fromHeader = target.header === undefined ? undefined : parseHeader(target.header)
          const candidates: ReadonlyArray<{ readonly id: number; readonly rule: FaultRule; readonly fired: number }> =
            fromHeader === undefined ? current.rules : [{ id: 0, rule: fromHeader, fired: 0 }, ...current.rules]
          for (const { fired: count, id, rule } of candidates) {
            if (!matches(rule, target) || (rule.times !== undefined && count >= rule.times)) continue
            if (rule.kind !== "latency" && failure !== undefined) continue
            const [draw, next] = nextRandom(random)
            random = next
            if (draw >= (rule.probability ?? 1)) continue
            fired.add(id)
            if (rule.kind === "latency") latencyMs += rule.latencyMs ?? 1000
            else failure = rule
          }
          const rules = current.rules.map((rule) => fired.has(rule.id) ? { ...rule, fired: rule.fired + 1 } : rule)
          return [{ latencyMs, failure }, { ...current, random, rules }]
        })

      return Faults.of({
        list: Effect.map(Ref.get(state), ({ rules, seed }) => ({ seed, rules })),
        add,
        clear,
        reseed,
        decide
      })
    })
  )
