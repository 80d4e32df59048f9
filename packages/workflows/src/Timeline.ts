/**
 * The timeline of workflow runs: what each execution did, in order — started; a step started, an attempt failed
 * and was retried (with the reason and the delay), a step succeeded or failed; a compensation started, was
 * retried, finished or failed; the run completed. Each event is published on a `PubSub` (a `Stream` per execution,
 * or of all of them) and recorded as an event of the current tracing span; steps and compensations run in spans of
 * their own (`<flow>.run`, `<flow>.<step>`, `<flow>.<step>/<compensation>`).
 *
 * The timeline is live and in-process: it shows what this process executes. After a restart, a resumed execution
 * shows what the new process does (its memoized steps are not replayed as events). Each execution keeps its
 * events so a late subscriber still sees the whole run; the oldest executions are forgotten past `maxExecutions`.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, PubSub, Schema, Stream } from "effect"

const base = {
  /** Position of the event in its execution's timeline in this process, from 1. */
  seq: Schema.Int,
  /** Epoch milliseconds, from Effect's `Clock`. */
  at: Schema.Number,
  executionId: Schema.String,
  flow: Schema.String
}

/**
 * The run started. (Its business key is left out: it may be personal data, such as a mobile number, and events
 * also go to traces.)
 *
 * @since 0.1.0
 * @category events
 */
export const FlowStarted = Schema.TaggedStruct("FlowStarted", base)

/**
 * A step's attempt started.
 *
 * @since 0.1.0
 * @category events
 */
export const StepStarted = Schema.TaggedStruct("StepStarted", { ...base, step: Schema.String, attempt: Schema.Int })

/**
 * An attempt failed and the step will try again after `delayMillis`.
 *
 * @since 0.1.0
 * @category events
 */
export const StepRetried = Schema.TaggedStruct("StepRetried", {
  ...base,
  step: Schema.String,
  attempt: Schema.Int,
  error: Schema.String,
  reason: Schema.String,
  delayMillis: Schema.Number
})

/**
 * The step succeeded; `recovered` when its effect was found by its natural key rather than done again.
 *
 * @since 0.1.0
 * @category events
 */
export const StepSucceeded = Schema.TaggedStruct("StepSucceeded", {
  ...base,
  step: Schema.String,
  attempt: Schema.Int,
  recovered: Schema.Boolean
})

/**
 * The step failed for good; `business` when the error is one of its business outcomes.
 *
 * @since 0.1.0
 * @category events
 */
export const StepFailed = Schema.TaggedStruct("StepFailed", {
  ...base,
  step: Schema.String,
  attempt: Schema.Int,
  error: Schema.String,
  reason: Schema.String,
  business: Schema.Boolean
})

/**
 * The run waits, durably, before its next step.
 *
 * @since 0.1.0
 * @category events
 */
export const Waiting = Schema.TaggedStruct("Waiting", { ...base, name: Schema.String, durationMillis: Schema.Number })

/**
 * A step's compensation started.
 *
 * @since 0.1.0
 * @category events
 */
export const Compensating = Schema.TaggedStruct("Compensating", {
  ...base,
  step: Schema.String,
  compensation: Schema.String
})

/**
 * A compensation attempt failed and will be tried again after `delayMillis`.
 *
 * @since 0.1.0
 * @category events
 */
export const CompensationRetried = Schema.TaggedStruct("CompensationRetried", {
  ...base,
  step: Schema.String,
  compensation: Schema.String,
  attempt: Schema.Int,
  error: Schema.String,
  reason: Schema.String,
  delayMillis: Schema.Number
})

/**
 * A step's compensation finished: `undone` when it found the step's effect and reversed it, false when there was
 * nothing to undo.
 *
 * @since 0.1.0
 * @category events
 */
export const Compensated = Schema.TaggedStruct("Compensated", {
  ...base,
  step: Schema.String,
  compensation: Schema.String,
  undone: Schema.Boolean
})

/**
 * A compensation failed after its retries: the step's effect may still be in place.
 *
 * @since 0.1.0
 * @category events
 */
export const CompensationFailed = Schema.TaggedStruct("CompensationFailed", {
  ...base,
  step: Schema.String,
  compensation: Schema.String,
  error: Schema.String,
  reason: Schema.String
})

/**
 * The run completed: succeeded, or failed (after its compensations ran) with the error.
 *
 * @since 0.1.0
 * @category events
 */
export const FlowCompleted = Schema.TaggedStruct("FlowCompleted", {
  ...base,
  succeeded: Schema.Boolean,
  error: Schema.optional(Schema.String),
  reason: Schema.optional(Schema.String)
})

/**
 * Any timeline event.
 *
 * @since 0.1.0
 * @category events
 */
export const Event = Schema.Union([
  FlowStarted,
  StepStarted,
  StepRetried,
  StepSucceeded,
  StepFailed,
  Waiting,
  Compensating,
  CompensationRetried,
  Compensated,
  CompensationFailed,
  FlowCompleted
])

/**
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/**
 * An event as emitted: the timeline numbers and dates it.
 *
 * @since 0.1.0
 * @category events
 */
export type EventInput = DistributiveOmit<Event, "seq" | "at">

/**
 * The operations of the timeline.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Records an event of an execution: numbered, dated, published, and added to the current span. The same event
   * (kind, step, compensation and attempt) is recorded once per execution.
   */
  readonly emit: (event: EventInput) => Effect.Effect<void>
  /** The events of an execution so far, in order. */
  readonly history: (executionId: string) => Effect.Effect<ReadonlyArray<Event>>
  /**
   * The events of an execution, from its first (those already recorded, then the live ones), ending after
   * `FlowCompleted`. An execution this process never completes keeps the stream open: bound it.
   */
  readonly events: (executionId: string) => Stream.Stream<Event>
  /** The live events of every execution, from the moment of subscription. */
  readonly all: Stream.Stream<Event>
}

/**
 * The timeline service.
 *
 * @since 0.1.0
 * @category services
 */
export class Timeline extends Context.Service<Timeline, Service>()("@capillary-effect/workflows/Timeline") {}

/**
 * How many executions keep their events, by default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxExecutions = 1000

const dedupKey = (event: EventInput): string =>
  [
    event._tag,
    "step" in event ? event.step : "name" in event ? event.name : "",
    "compensation" in event ? event.compensation : "",
    "attempt" in event ? String(event.attempt) : ""
  ].join("/")

interface Execution {
  readonly events: Array<Event>
  readonly keys: Set<string>
}

/**
 * Builds a timeline that keeps the events of the last `maxExecutions` executions.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(options: { readonly maxExecutions?: number | undefined } = {}) {
  const maxExecutions = options.maxExecutions ?? defaultMaxExecutions
  const pubsub = yield* PubSub.unbounded<Event>()
  const executions = new Map<string, Execution>()

  const executionOf = (executionId: string): Execution => {
    let execution = executions.get(executionId)
    if (execution === undefined) {
      execution = { events: [], keys: new Set() }
      executions.set(executionId, execution)
      if (executions.size > maxExecutions) {
        const oldest = executions.keys().next()
        if (oldest.done !== true) executions.delete(oldest.value)
      }
    }
    return execution
  }

  const emit = (input: EventInput) =>
    Effect.gen(function*() {
      const execution = executionOf(input.executionId)
      const key = dedupKey(input)
      if (execution.keys.has(key)) return
      execution.keys.add(key)
      const at = yield* Clock.currentTimeMillis
      const event = { ...input, seq: execution.events.length + 1, at } as Event
      execution.events.push(event)
      yield* PubSub.publish(pubsub, event)
      const span = yield* Effect.option(Effect.currentSpan)
      if (Option.isSome(span)) {
        const nanos = yield* Clock.currentTimeNanos
        const { _tag, at: _at, ...attributes } = event
        span.value.event(`timeline.${_tag}`, nanos, attributes)
      }
    })

  const history = (executionId: string) => Effect.sync(() => [...(executions.get(executionId)?.events ?? [])])

  const events = (executionId: string): Stream.Stream<Event> =>
    Stream.unwrap(Effect.gen(function*() {
      // Subscribe first, then read what is recorded: an event published in between is in both, and is dropped
      // from the live part by its number.
      const subscription = yield* PubSub.subscribe(pubsub)
      const recorded = [...(executions.get(executionId)?.events ?? [])]
      const last = recorded.at(-1)?.seq ?? 0
      const live = Stream.fromSubscription(subscription).pipe(
        Stream.filter((event) => event.executionId === executionId && event.seq > last)
      )
      return Stream.concat(Stream.fromIterable(recorded), live).pipe(
        Stream.takeUntil((event) => event._tag === "FlowCompleted")
      )
    }))

  return Timeline.of({ emit, history, events, all: Stream.fromPubSub(pubsub) })
})

/**
 * The timeline service, keeping the events of the last `maxExecutions` executions (default 1000).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: { readonly maxExecutions?: number | undefined } = {}): Layer.Layer<Timeline> =>
  Layer.effect(Timeline, make(options))
