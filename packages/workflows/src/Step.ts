/**
 * A workflow step, declared as data: its name (the journal key), what it takes and answers (schemas, so the
 * durable engine can journal them), how it finds its own effect again by a natural key, how it is undone, how
 * each of its errors is retried, which of its errors are business outcomes, and whether its effect can be
 * reversed. `Flow` runs steps; a step never runs on its own.
 *
 * A step's life in a run: an optional `baseline` read (journaled) of what existed before it; its compensation
 * registered (before it runs, so a step whose outcome is unknown is still undone); then attempts, each journaled:
 * `recover` looks the effect up by its natural key (a replay after a crash, or a retry after an ambiguous
 * failure, finds what an earlier attempt did instead of doing it twice), and `run` does it when it is not there.
 * A failed attempt is retried by the rule of its error's tag, or the step fails.
 *
 * @since 0.1.0
 */
import type { CapillaryError } from "@capillary-effect/core"
import { type Effect, type Option, Schedule, type Schema } from "effect"

// ---------------------------------------------------------------------------------------------------------------
// Reversibility
// ---------------------------------------------------------------------------------------------------------------

/**
 * Whether a step's effect can be undone, which `Flow.define` checks:
 * - `ReadOnly`: it changes nothing;
 * - `Reversible`: its compensation undoes it;
 * - `ReversibleUnderSetting`: its compensation undoes it only when the organisation enables `setting` (such as
 *   `Allow_points_redemption_reversal`); a flow that does not declare the setting among its `orgSettings` treats
 *   the step as a pivot;
 * - `Retained`: it changes something that is deliberately left in place when the run fails, because keeping it is
 *   harmless and running again finds it (a find-or-register of a customer); it is not a pivot;
 * - `Pivot`: the point of no return; nothing after it may fail for business reasons.
 *
 * @since 0.1.0
 * @category reversibility
 */
export type Reversibility =
  | { readonly _tag: "ReadOnly" }
  | { readonly _tag: "Reversible" }
  | { readonly _tag: "ReversibleUnderSetting"; readonly setting: string }
  | { readonly _tag: "Retained"; readonly why: string }
  | { readonly _tag: "Pivot" }

/**
 * A step that changes nothing.
 *
 * @since 0.1.0
 * @category reversibility
 */
export const readOnly: Reversibility = { _tag: "ReadOnly" }

/**
 * A step its compensation undoes.
 *
 * @since 0.1.0
 * @category reversibility
 */
export const reversible: Reversibility = { _tag: "Reversible" }

/**
 * A step its compensation undoes when the organisation enables the setting.
 *
 * @since 0.1.0
 * @category reversibility
 */
export const reversibleUnderSetting = (setting: string): Reversibility => ({ _tag: "ReversibleUnderSetting", setting })

/**
 * A step whose effect is kept when the run fails, and why keeping it is harmless.
 *
 * @since 0.1.0
 * @category reversibility
 */
export const retained = (why: string): Reversibility => ({ _tag: "Retained", why })

/**
 * The irreversible step of a flow: nothing after it may fail for business reasons.
 *
 * @since 0.1.0
 * @category reversibility
 */
export const pivot: Reversibility = { _tag: "Pivot" }

// ---------------------------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------------------------

/**
 * The tags of an error union.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Tag<E> = E extends { readonly _tag: infer T extends string } ? T : never

/**
 * How failures with one error tag are retried: the schedule (fed the error) decides the delays and when to stop;
 * `while` narrows which errors of the tag are retried at all.
 *
 * @since 0.1.0
 * @category retries
 */
export interface RetryRule<E> {
  readonly schedule: Schedule.Schedule<unknown, E>
  readonly while?: ((error: E) => boolean) | undefined
}

/**
 * A retry rule per error tag; a tag without a rule is not retried.
 *
 * @since 0.1.0
 * @category retries
 */
export type RetryPolicy<E> = { readonly [K in Tag<E>]?: RetryRule<Extract<E, { readonly _tag: K }>> }

/**
 * Retries every error of the tag on the schedule.
 *
 * @since 0.1.0
 * @category retries
 */
export const retryOn = <E>(schedule: Schedule.Schedule<unknown, E>): RetryRule<E> => ({ schedule })

/**
 * Retries the errors of the tag that satisfy the predicate, on the schedule.
 *
 * @since 0.1.0
 * @category retries
 */
export const retryWhen = <E>(
  schedule: Schedule.Schedule<unknown, E>,
  predicate: (error: E) => boolean
): RetryRule<E> => ({ schedule, while: predicate })

/**
 * Retries a `CapillaryError` whose reason is retryable (busy 461 / 521, rate limited, timeout, transport, 5xx of
 * a read), on the schedule. `AmbiguousOutcome` is not retried: it means the SDK's own read-back failed too, so the
 * run fails and the compensations look the effect up by its natural key.
 *
 * @since 0.1.0
 * @category retries
 */
export const retryTransient = (
  schedule: Schedule.Schedule<unknown, CapillaryError.CapillaryError>
): RetryRule<CapillaryError.CapillaryError> => ({ schedule, while: (error) => error.retryable })

/**
 * The retry rule the built-in flows give `CapillaryError`: a transient failure (busy, rate limited, a timeout, a
 * dropped connection) is tried again up to 4 times, after 100 ms doubling each time, with jitter.
 *
 * @since 0.1.0
 * @category retries
 */
export const transient: RetryRule<CapillaryError.CapillaryError> = retryTransient(
  Schedule.exponential("100 millis").pipe(Schedule.jittered, Schedule.upTo({ times: 4 }))
)

// ---------------------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------------------

/**
 * A schema with no service requirements, as the journal needs.
 *
 * @since 0.1.0
 * @category models
 */
export type Codec<A> = Schema.Codec<A, any, never, never>

/**
 * What a step's functions receive.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context<I, B = void> {
  /** The step's input, computed by the flow from the payload and the answers of earlier steps. */
  readonly input: I
  /** What the baseline read found before the step ran (`undefined` without a baseline). */
  readonly baseline: B
  /** The workflow execution. */
  readonly executionId: string
  /**
   * A key stable across attempts, replays and restarts of this step in this execution (a hex digest of the
   * execution and the step name): natural keys of the step's effect derive from it (a transfer reference).
   */
  readonly key: string
  /** 1 for the first attempt. */
  readonly attempt: number
}

/**
 * What a step reads before it runs, journaled, so its natural-key lookups can tell its own effect from what was
 * there before (the coupons a customer already held, whether a group existed).
 *
 * @since 0.1.0
 * @category models
 */
export interface Baseline<I, B, E, R> {
  readonly success: Codec<B>
  readonly read: (context: Context<I, undefined>) => Effect.Effect<B, E, R>
}

/**
 * How a step is undone: `lookup` finds its effect by its natural key (still in place, not undone yet), and `undo`
 * reverses what it found. Nothing found means nothing to undo: the step did not happen, or was undone already.
 * Runs as journaled activities, with its own retries; a compensation that still fails is recorded on the timeline
 * (`CompensationFailed`) and logged at error level, and the other compensations still run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Compensation<I, B, U, CE, R> {
  /** What the compensation does, for the timeline and the journal (`<step>/<name>`); default `compensate`. */
  readonly name?: string | undefined
  readonly error: Codec<CE>
  readonly lookup: (context: Context<I, B>) => Effect.Effect<Option.Option<U>, CE, R>
  readonly undo: (found: NoInfer<U>, context: Context<I, B>) => Effect.Effect<void, CE, R>
  readonly retry?: RetryPolicy<CE> | undefined
}

/**
 * A step.
 *
 * @since 0.1.0
 * @category models
 */
export interface Step<Name extends string, I, A, E, B, R> {
  readonly _tag: "Step"
  readonly name: Name
  readonly input: Codec<I>
  readonly success: Codec<A>
  readonly error: Codec<E>
  readonly reversibility: Reversibility
  /** The error tags that are business outcomes: never retried, and what makes a step fail "for business reasons". */
  readonly businessErrors: ReadonlyArray<Tag<E>>
  readonly retry: RetryPolicy<E>
  readonly baseline: Baseline<I, B, E, R> | undefined
  /** Finds the step's effect by its natural key, before each attempt: found, it is the answer and nothing is sent. */
  readonly recover: ((context: Context<I, B>) => Effect.Effect<Option.Option<A>, E, R>) | undefined
  readonly run: (context: Context<I, B>) => Effect.Effect<A, E, R>
  readonly compensation: Compensation<I, B, any, any, R> | undefined
}

/**
 * Any step.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = Step<string, any, any, any, any, any>

/**
 * Whether a step can fail for business reasons.
 *
 * @since 0.1.0
 * @category predicates
 */
export const failsForBusiness = (step: Any): boolean => step.businessErrors.length > 0

/**
 * Declares a step. Business error tags must not have a retry rule, and a reversible step needs a compensation;
 * `Flow.define` reports both.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <
  const Name extends string,
  I,
  A,
  E,
  R,
  B = undefined,
  RB = never,
  RR = never,
  U = never,
  CE = never,
  RC = never
>(options: {
  readonly name: Name
  readonly input: Codec<I>
  readonly success: Codec<A>
  readonly error: Codec<E>
  readonly reversibility: Reversibility
  readonly businessErrors?: ReadonlyArray<Tag<NoInfer<E>>> | undefined
  readonly retry?: RetryPolicy<NoInfer<E>> | undefined
  readonly baseline?: Baseline<NoInfer<I>, B, NoInfer<E>, RB> | undefined
  readonly recover?:
    | ((context: Context<NoInfer<I>, NoInfer<B>>) => Effect.Effect<Option.Option<NoInfer<A>>, NoInfer<E>, RR>)
    | undefined
  readonly run: (context: Context<NoInfer<I>, NoInfer<B>>) => Effect.Effect<NoInfer<A>, NoInfer<E>, R>
  readonly compensation?: Compensation<NoInfer<I>, NoInfer<B>, U, CE, RC> | undefined
}): Step<Name, I, A, E, B, R | RB | RR | RC> => ({
  _tag: "Step",
  name: options.name,
  input: options.input,
  success: options.success,
  error: options.error,
  reversibility: options.reversibility,
  businessErrors: options.businessErrors ?? [],
  retry: options.retry ?? {},
  baseline: options.baseline,
  recover: options.recover,
  run: options.run,
  compensation: options.compensation
})
