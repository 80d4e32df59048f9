/**
 * The workflow DSL: a flow is declared with a name, schemas for its payload, success and error, an idempotency key
 * from the business key of the payload, and its steps in order, each fed from the payload and the answers of the
 * steps before it. `Flow.define` checks the declaration (a pivot may not be followed by a step that can fail for
 * business reasons, a reversible step needs a compensation, ...) and turns it into an `effect/workflow` `Workflow`
 * with its handler layer; the same flow runs on any engine (`Engine.layerMemory`, `Engine.layerSqlite`).
 *
 * ```ts
 * const Flow1 = Flow.make({ name: "Reward", payload: { billNumber: Schema.String }, success, error,
 *     idempotencyKey: (payload) => payload.billNumber })
 *   .step(IssueCoupon, ({ payload }) => ({ ... }))
 *   .step(RedeemCoupon, ({ payload, IssueCoupon }) => ({ code: IssueCoupon.code, ... }))
 *   .returns(({ IssueCoupon, RedeemCoupon }) => ({ ... }))
 * export const Reward = Flow.defineUnsafe(Flow1)   // or Flow.define: a Result failing with InvalidFlowDefinition
 * // Reward.layer registers it; Reward.execute(payload) runs it (again with the same key: the stored result).
 * ```
 *
 * How a run goes: a `FlowStarted` activity, then each step (see `Step`): its baseline read, its compensation
 * registered as a workflow finalizer before it runs, its attempts as journaled activities (`<step>` with the
 * attempt number) with the per-tag retry rules, their delays as durable sleeps (`<step>/retry-<n>`). When a step
 * fails for good, the run fails with its error, and the registered compensations run in reverse order, each as
 * journaled activities with its own retries: they look the effect up by its natural key and undo only what they
 * find. Everything is recorded on the `Timeline`.
 *
 * @since 0.1.0
 */
import { Cause, Clock, Duration, Effect, Exit, Option, Pull, Result, Schedule, Schema } from "effect"
import type { Layer } from "effect"
import { Activity, DurableClock, Workflow } from "effect/workflow"
import type { WorkflowEngine } from "effect/workflow"
import type * as Step from "./Step.ts"
import { Timeline } from "./Timeline.ts"

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

/**
 * A flow declaration that cannot be run safely; `steps` names the steps at fault (the pivot and the step after it
 * that can fail for business reasons, or the one step whose declaration is wrong).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidFlowDefinition extends Schema.TaggedError<InvalidFlowDefinition>()("InvalidFlowDefinition", {
  flow: Schema.String,
  steps: Schema.Array(Schema.String),
  message: Schema.String
}) {}

// ---------------------------------------------------------------------------------------------------------------
// Declaration
// ---------------------------------------------------------------------------------------------------------------

type PayloadSchema<P> = P extends Schema.Struct.Fields ? Schema.Struct<P> : P

/**
 * What a flow is declared with, before its steps.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<
  Name extends string,
  Payload extends Schema.Struct.Fields | Workflow.AnyStructSchema,
  Success extends Schema.Top,
  Error extends Schema.Top
> {
  readonly name: Name
  readonly payload: Payload
  readonly success: Success
  readonly error: Error
  /** The business key of a run: the same key is the same execution (run once, its result stored). */
  readonly idempotencyKey: (payload: PayloadSchema<Payload>["Type"]) => string
  /**
   * Organisation settings the flow relies on: a step reversible only under one of them counts as reversible;
   * under any other setting, it counts as a pivot.
   */
  readonly orgSettings?: ReadonlyArray<string> | undefined
}

type Entry =
  | { readonly _tag: "Step"; readonly step: Step.Any; readonly input: (state: Record<string, unknown>) => unknown }
  | {
    readonly _tag: "Sleep"
    readonly name: string
    readonly duration: (state: Record<string, unknown>) => Duration.Input | undefined
  }

/**
 * A declared flow, not yet checked: `Flow.define` turns it into a `Flow`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Declaration<
  Name extends string,
  Payload extends Workflow.AnyStructSchema,
  Success extends Schema.Top,
  Error extends Schema.Top,
  R
> {
  readonly _tag: "Declaration"
  readonly name: Name
  readonly payload: Payload
  readonly success: Success
  readonly error: Error
  readonly idempotencyKey: (payload: Payload["Type"]) => string
  readonly orgSettings: ReadonlyArray<string>
  readonly entries: ReadonlyArray<Entry>
  readonly result: (state: Record<string, unknown>) => Success["Type"]
  /** Type-level only: the services the steps need. */
  readonly Services?: (_: never) => R
}

/**
 * Adds steps to a flow declaration, each with its input computed from the payload and the earlier answers (by step
 * name); `returns` ends it with the flow's answer.
 *
 * @since 0.1.0
 * @category models
 */
export interface Builder<
  Name extends string,
  Payload extends Workflow.AnyStructSchema,
  Success extends Schema.Top,
  Error extends Schema.Top,
  State,
  R
> {
  /** Adds a step; its error must be one of the flow's errors. */
  readonly step: <StepName extends string, I, A, E extends Error["Type"], B, R2>(
    step: Step.Step<StepName, I, A, E, B, R2>,
    input: (state: State) => NoInfer<I>
  ) => Builder<Name, Payload, Success, Error, State & { readonly [K in StepName]: A }, R | R2>
  /**
   * Waits between steps, durably: the deadline is journaled, so a restart does not start the wait again (an
   * undefined or zero duration does not wait).
   */
  readonly sleep: (
    name: string,
    duration: (state: State) => Duration.Input | undefined
  ) => Builder<Name, Payload, Success, Error, State, R>
  /** Ends the declaration with the flow's answer. */
  readonly returns: (result: (state: State) => Success["Type"]) => Declaration<Name, Payload, Success, Error, R>
}

const builder = <
  Name extends string,
  Payload extends Workflow.AnyStructSchema,
  Success extends Schema.Top,
  Error extends Schema.Top,
  State,
  R
>(
  base: Omit<Declaration<Name, Payload, Success, Error, R>, "entries" | "result" | "_tag">,
  entries: ReadonlyArray<Entry>
): Builder<Name, Payload, Success, Error, State, R> => ({
  step: (step, input) =>
    builder(base, [...entries, { _tag: "Step", step, input: input as (state: Record<string, unknown>) => unknown }]),
  sleep: (name, duration) =>
    builder(base, [...entries, {
      _tag: "Sleep",
      name,
      duration: duration as (state: Record<string, unknown>) => Duration.Input | undefined
    }]),
  returns: (result) => ({
    ...base,
    _tag: "Declaration",
    entries,
    result: result as Declaration<any, any, any, any, any>["result"]
  })
})

/**
 * Starts a flow declaration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <
  const Name extends string,
  Payload extends Schema.Struct.Fields | Workflow.AnyStructSchema,
  Success extends Schema.Top,
  Error extends Schema.Top
>(
  options: Options<Name, Payload, Success, Error>
): Builder<
  Name,
  PayloadSchema<Payload>,
  Success,
  Error,
  { readonly payload: PayloadSchema<Payload>["Type"] },
  never
> => {
  const payload = (Schema.isSchema(options.payload)
    ? options.payload
    : Schema.Struct(options.payload as Schema.Struct.Fields)) as PayloadSchema<Payload>
  return builder({
    name: options.name,
    payload,
    success: options.success,
    error: options.error,
    idempotencyKey: options.idempotencyKey as (payload: PayloadSchema<Payload>["Type"]) => string,
    orgSettings: options.orgSettings ?? []
  }, [])
}

const stepsOf = (entries: ReadonlyArray<Entry>): ReadonlyArray<Step.Any> =>
  entries.flatMap((entry) => entry._tag === "Step" ? [entry.step] : [])

// ---------------------------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------------------------

const describeReversibility = (step: Step.Any, orgSettings: ReadonlyArray<string>): string | undefined => {
  const reversibility = step.reversibility
  if (reversibility._tag === "Pivot") return "an irreversible pivot"
  if (reversibility._tag === "ReversibleUnderSetting" && !orgSettings.includes(reversibility.setting)) {
    return `reversible only under the org setting ${reversibility.setting}, which the flow does not declare`
  }
  return undefined
}

/**
 * The problems of a declaration, first found first: an empty flow; a step named `payload` or twice; a reversible
 * step without a compensation; a business error with a retry rule; a pivot (or a step reversible only under an
 * undeclared setting) followed by a step that can fail for business reasons.
 *
 * @since 0.1.0
 * @category checking
 */
export const check = (declaration: Declaration<any, any, any, any, any>): Option.Option<InvalidFlowDefinition> => {
  const flow = declaration.name
  const invalid = (steps: ReadonlyArray<string>, message: string) =>
    Option.some(new InvalidFlowDefinition({ flow, steps, message: `Flow ${flow}: ${message}` }))
  const steps = stepsOf(declaration.entries)
  if (steps.length === 0) return invalid([], "a flow needs at least one step")
  const seen = new Set<string>()
  for (const entry of declaration.entries) {
    if (entry._tag !== "Sleep") continue
    if (seen.has(entry.name) || entry.name.includes("/")) {
      return invalid([entry.name], `the sleep "${entry.name}" needs a name of its own without "/"`)
    }
    seen.add(entry.name)
  }
  for (const step of steps) {
    if (step.name === "payload" || step.name === "FlowStarted" || step.name.includes("/")) {
      return invalid([step.name], `a step may not be named "${step.name}" (no "payload", "FlowStarted" or "/")`)
    }
    if (seen.has(step.name)) return invalid([step.name], `two steps are named "${step.name}"`)
    seen.add(step.name)
    const tag = step.reversibility._tag
    if ((tag === "Reversible" || tag === "ReversibleUnderSetting") && step.compensation === undefined) {
      return invalid([step.name], `step "${step.name}" is reversible but declares no compensation`)
    }
    const retried = step.businessErrors.filter((error) => step.retry[error] !== undefined)
    if (retried.length > 0) {
      return invalid([step.name], `step "${step.name}" retries its business errors ${retried.join(", ")}`)
    }
  }
  for (const [i, pivot] of steps.entries()) {
    const why = describeReversibility(pivot, declaration.orgSettings)
    if (why === undefined) continue
    const later = steps.slice(i + 1).find((step) => step.businessErrors.length > 0)
    if (later !== undefined) {
      return invalid(
        [pivot.name, later.name],
        `step "${pivot.name}" is ${why}, but it is followed by step "${later.name}", which can fail for business ` +
          `reasons (${
            later.businessErrors.join(", ")
          }); nothing could undo "${pivot.name}" then. Move "${later.name}" ` +
          `before it, or make "${pivot.name}" reversible.`
      )
    }
  }
  return Option.none()
}

// ---------------------------------------------------------------------------------------------------------------
// Flows
// ---------------------------------------------------------------------------------------------------------------

/**
 * A checked flow: its `effect/workflow` `Workflow` (execute, poll, execution ids) and the layer that registers its
 * handler with the engine.
 *
 * @since 0.1.0
 * @category models
 */
export interface Flow<
  Name extends string,
  Payload extends Workflow.AnyStructSchema,
  Success extends Schema.Top,
  Error extends Schema.Top,
  R
> {
  readonly _tag: "Flow"
  readonly name: Name
  readonly workflow: Workflow.Workflow<Name, Payload, Success, Error>
  /** The steps, in order. */
  readonly steps: ReadonlyArray<Step.Any>
  readonly orgSettings: ReadonlyArray<string>
  /** Runs the flow (or joins the execution with the same idempotency key), as `Workflow.execute`. */
  readonly execute: Workflow.Workflow<Name, Payload, Success, Error>["execute"]
  /** The execution id of a payload. */
  readonly executionId: Workflow.Workflow<Name, Payload, Success, Error>["executionId"]
  /** The result of an execution, if it has one. */
  readonly poll: Workflow.Workflow<Name, Payload, Success, Error>["poll"]
  /** Registers the flow's handler with the engine; needs the services of its steps and the `Timeline`. */
  readonly layer: Layer.Layer<never, never, WorkflowEngine.WorkflowEngine | Timeline | R>
}

/**
 * Any flow.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = Flow<string, any, any, any, any>

/** The error of a failure, as the timeline shows it: its tag and message. */
const describeError = (error: unknown): { readonly error: string; readonly reason: string } => {
  if (typeof error === "object" && error !== null && "_tag" in error) {
    const message = "message" in error && typeof error.message === "string" ? error.message : ""
    return { error: String(error._tag), reason: message }
  }
  return { error: "Defect", reason: String(error) }
}

const describeCause = (cause: Cause.Cause<unknown>) => {
  const error = Cause.findErrorOption(cause)
  return Option.isSome(error) ? describeError(error.value) : describeError(Cause.squash(cause))
}

interface Attempts<A, E, R> {
  readonly name: string
  readonly success: Step.Codec<A>
  readonly error: Step.Codec<E>
  readonly retry: Step.RetryPolicy<E>
  readonly businessErrors: ReadonlyArray<string>
  readonly execute: (attempt: number) => Effect.Effect<A, E, R>
  readonly onRetry: (attempt: number, error: E, delayMillis: number) => Effect.Effect<void>
  readonly onFail: (attempt: number, error: E) => Effect.Effect<void>
}

/**
 * Runs an activity attempt after attempt (`Activity.CurrentAttempt` keys each one in the journal) until it
 * succeeds, or its error's tag has no retry rule, the rule refuses it, or the rule's schedule is spent. The delays
 * are durable sleeps. `fresh` says whether the last attempt ran in this process run rather than being replayed
 * from the journal; `onRetry` / `onFail` are called only for attempts that ran now.
 */
const attempts = Effect.fnUntraced(function*<A, E, R>(options: Attempts<A, E, R>) {
  const steppers = new Map<
    string,
    (now: number, input: unknown) => Pull.Pull<[unknown, Duration.Duration], unknown, unknown>
  >()
  let attempt = 1
  while (true) {
    let ran = false
    const current = attempt
    const activity = Activity.make({
      name: options.name,
      success: options.success,
      error: options.error,
      execute: Effect.suspend(() => {
        ran = true
        return options.execute(current)
      })
    })
    const result = yield* Effect.result(Effect.provideService(activity, Activity.CurrentAttempt, current))
    if (Result.isSuccess(result)) return { value: result.success, fresh: ran }
    const error = result.failure
    const tag = describeError(error).error
    const rule = options.businessErrors.includes(tag)
      ? undefined
      : (options.retry as Record<string, Step.RetryRule<unknown> | undefined>)[tag]
    let delay: Duration.Duration | undefined
    if (rule !== undefined && (rule.while === undefined || rule.while(error))) {
      let stepper = steppers.get(tag)
      if (stepper === undefined) {
        stepper = yield* Schedule.toStep(rule.schedule as Schedule.Schedule<unknown, unknown>)
        steppers.set(tag, stepper)
      }
      const now = yield* Clock.currentTimeMillis
      delay = yield* stepper(now, error).pipe(
        Effect.map(([, next]) => next as Duration.Duration | undefined),
        Pull.catchDone(() => Effect.succeed(undefined)),
        Effect.orElseSucceed(() => undefined)
      )
    }
    if (delay === undefined) {
      if (ran) yield* options.onFail(current, error)
      return yield* Effect.fail(error)
    }
    if (ran) yield* options.onRetry(current, error, Duration.toMillis(delay))
    yield* DurableClock.sleep({ name: `${options.name}/retry-${current}`, duration: delay })
    attempt++
  }
})

const runCompensation = Effect.fnUntraced(function*(
  flow: string,
  step: Step.Any,
  context: Omit<Step.Context<unknown, unknown>, "attempt">
) {
  const timeline = yield* Timeline
  const compensation = step.compensation!
  const label = compensation.name ?? "compensate"
  const name = `${step.name}/${label}`
  const event = { executionId: context.executionId, flow, step: step.name, compensation: label }
  yield* attempts({
    name,
    success: Schema.Boolean,
    error: compensation.error,
    retry: compensation.retry ?? {},
    businessErrors: [],
    execute: (attempt) =>
      Effect.gen(function*() {
        yield* timeline.emit({ _tag: "Compensating", ...event })
        const found = yield* compensation.lookup({ ...context, attempt })
        if (Option.isSome(found)) yield* compensation.undo(found.value, { ...context, attempt })
        yield* timeline.emit({ _tag: "Compensated", ...event, undone: Option.isSome(found) })
        return Option.isSome(found)
      }),
    onRetry: (attempt, error, delayMillis) =>
      timeline.emit({ _tag: "CompensationRetried", ...event, attempt, ...describeError(error), delayMillis }),
    onFail: (_, error) => timeline.emit({ _tag: "CompensationFailed", ...event, ...describeError(error) })
  }).pipe(
    Effect.catch((error) =>
      Effect.logError(
        `compensation ${name} of ${flow} failed after its retries; the effect may still be in place`,
        error
      )
    ),
    Effect.withSpan(`${flow}.${name}`, { attributes: { executionId: context.executionId, step: step.name } })
  )
})

interface RunState {
  /** Whether the last activity of the body ran in this process run (not replayed from the journal). */
  previousFresh: boolean
}

const runStep = Effect.fnUntraced(function*(
  flow: string,
  step: Step.Any,
  input: unknown,
  executionId: string,
  run: RunState
) {
  const timeline = yield* Timeline
  const key = yield* Activity.idempotencyKey(step.name)
  const base = { input, executionId, key }
  const events = { executionId, flow, step: step.name }
  const onRetry = (label: string) => (attempt: number, error: unknown, delayMillis: number) =>
    timeline.emit({ _tag: "StepRetried", ...events, step: label, attempt, ...describeError(error), delayMillis })
  const onFail = (label: string) => (attempt: number, error: unknown) =>
    timeline.emit({
      _tag: "StepFailed",
      ...events,
      step: label,
      attempt,
      ...describeError(error),
      business: step.businessErrors.includes(describeError(error).error)
    })

  let baseline: unknown = undefined
  if (step.baseline !== undefined) {
    const read = step.baseline.read
    const found = yield* attempts({
      name: `${step.name}/baseline`,
      success: step.baseline.success,
      error: step.error,
      retry: step.retry,
      businessErrors: step.businessErrors,
      execute: (attempt) => read({ ...base, baseline: undefined, attempt }),
      onRetry: onRetry(`${step.name}/baseline`),
      onFail: onFail(`${step.name}/baseline`)
    })
    baseline = found.value
    run.previousFresh = found.fresh
  }

  const context = { ...base, baseline }
  // Registered before the step runs: a step whose outcome is unknown is still looked up and undone.
  if (step.compensation !== undefined) {
    yield* Workflow.addFinalizer((exit) => Exit.isFailure(exit) ? runCompensation(flow, step, context) : Effect.void)
  }

  // The first attempt right after an activity that ran now cannot have run before: no need to look it up.
  const skipRecoverFirst = run.previousFresh
  const recover = step.recover
  const outcome = yield* attempts({
    name: step.name,
    success: step.success,
    error: step.error,
    retry: step.retry,
    businessErrors: step.businessErrors,
    execute: (attempt) =>
      Effect.gen(function*() {
        yield* timeline.emit({ _tag: "StepStarted", ...events, attempt })
        if (recover !== undefined && !(attempt === 1 && skipRecoverFirst)) {
          const found = yield* recover({ ...context, attempt })
          if (Option.isSome(found)) {
            yield* timeline.emit({ _tag: "StepSucceeded", ...events, attempt, recovered: true })
            return found.value
          }
        }
        const value = yield* step.run({ ...context, attempt })
        yield* timeline.emit({ _tag: "StepSucceeded", ...events, attempt, recovered: false })
        return value
      }),
    onRetry: onRetry(step.name),
    onFail: onFail(step.name)
  })
  run.previousFresh = outcome.fresh
  return outcome.value
}, (effect, flow, step, _input, executionId) =>
  Effect.withSpan(effect, `${flow}.${step.name}`, {
    attributes: { executionId, step: step.name, reversibility: step.reversibility._tag }
  }))

/**
 * Checks a declaration and builds the flow, or answers why it cannot run.
 *
 * @since 0.1.0
 * @category constructors
 */
export const define = <
  Name extends string,
  Payload extends Workflow.AnyStructSchema,
  Success extends Schema.Top,
  Error extends Schema.Top,
  R
>(
  declaration: Declaration<Name, Payload, Success, Error, R>
): Result.Result<Flow<Name, Payload, Success, Error, R>, InvalidFlowDefinition> => {
  const problem = check(declaration)
  if (Option.isSome(problem)) return Result.fail(problem.value)
  const flow = declaration.name
  const workflow = Workflow.make(flow, {
    payload: declaration.payload,
    success: declaration.success,
    error: declaration.error,
    idempotencyKey: declaration.idempotencyKey
  }) as unknown as Workflow.Workflow<Name, Payload, Success, Error>

  const body = (payload: Payload["Type"], executionId: string) =>
    Effect.gen(function*() {
      const timeline = yield* Timeline
      // Registered first, so it runs last: after every compensation.
      yield* Workflow.addFinalizer((exit) =>
        Exit.isFailure(exit)
          ? timeline.emit({ _tag: "FlowCompleted", executionId, flow, succeeded: false, ...describeCause(exit.cause) })
          : Effect.void
      )
      const run: RunState = { previousFresh: false }
      yield* Activity.make({
        name: "FlowStarted",
        execute: Effect.suspend(() => {
          run.previousFresh = true
          return timeline.emit({ _tag: "FlowStarted", executionId, flow })
        })
      })
      const state: Record<string, unknown> = { payload }
      for (const entry of declaration.entries) {
        if (entry._tag === "Step") {
          state[entry.step.name] = yield* runStep(flow, entry.step, entry.input(state), executionId, run)
          continue
        }
        const duration = entry.duration(state)
        if (duration === undefined || Duration.isZero(Duration.fromInputUnsafe(duration))) continue
        yield* timeline.emit({
          _tag: "Waiting",
          executionId,
          flow,
          name: entry.name,
          durationMillis: Duration.toMillis(Duration.fromInputUnsafe(duration))
        })
        yield* DurableClock.sleep({ name: entry.name, duration, inMemoryThreshold: 0 })
        // What follows a wait may have run before a restart: look it up before doing it.
        run.previousFresh = false
      }
      const result = declaration.result(state)
      yield* timeline.emit({ _tag: "FlowCompleted", executionId, flow, succeeded: true })
      return result
    }).pipe(Effect.withSpan(`${flow}.run`, { attributes: { executionId } }))

  return Result.succeed({
    _tag: "Flow",
    name: declaration.name,
    workflow,
    steps: stepsOf(declaration.entries),
    orgSettings: declaration.orgSettings,
    execute: ((payload: any, options?: any) => workflow.execute(payload, options)) as typeof workflow.execute,
    executionId: (payload) => workflow.executionId(payload),
    poll: (executionId) => workflow.poll(executionId),
    layer: workflow.toLayer(body as any) as unknown as Layer.Layer<
      never,
      never,
      WorkflowEngine.WorkflowEngine | Timeline | R
    >
  })
}

/**
 * `define` for flows declared at module level: throws the `InvalidFlowDefinition` (an `Error` naming the steps)
 * when the declaration is invalid, so a bad flow fails when its module loads.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defineUnsafe = <
  Name extends string,
  Payload extends Workflow.AnyStructSchema,
  Success extends Schema.Top,
  Error extends Schema.Top,
  R
>(declaration: Declaration<Name, Payload, Success, Error, R>): Flow<Name, Payload, Success, Error, R> => {
  const defined = define(declaration)
  if (Result.isFailure(defined)) throw defined.failure
  return defined.success
}
