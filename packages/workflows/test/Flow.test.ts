/**
 * The DSL on its own, with steps over an in-memory "world" (a set of applied effects): the definition checks,
 * then how runs retry, recover, compensate and report, on the in-memory engine.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Fiber, Layer, Logger, Option, Ref, Result, Schedule, Schema, Tracer } from "effect"
import { TestClock } from "effect/testing"
import { Engine, Flow, Step, Timeline } from "../src/index.ts"
import { describeTimeline } from "./fixtures/timeline.ts"

// ---------------------------------------------------------------------------------------------------------------
// A small world
// ---------------------------------------------------------------------------------------------------------------

class Transient extends Schema.TaggedError<Transient>()("Transient", { message: Schema.String }) {}
class Rejected extends Schema.TaggedError<Rejected>()("Rejected", { message: Schema.String }) {}
class Unknown extends Schema.TaggedError<Unknown>()("Unknown", { message: Schema.String }) {}

const StepError = Schema.Union([Transient, Rejected, Unknown])
type StepError = typeof StepError.Type

/** What happened, and how each step should behave at each attempt. */
class World extends Context.Service<World, {
  readonly applied: Ref.Ref<ReadonlyArray<string>>
  readonly calls: Ref.Ref<ReadonlyArray<string>>
  /** Per step and attempt: what the attempt does. */
  readonly script: Ref.Ref<Readonly<Record<string, ReadonlyArray<Outcome>>>>
  readonly undoFailures: Ref.Ref<Readonly<Record<string, ReadonlyArray<"Transient" | "Rejected">>>>
}>()("test/World") {
  static readonly layer = Layer.effect(
    World,
    Effect.gen(function*() {
      return World.of({
        applied: yield* Ref.make<ReadonlyArray<string>>([]),
        calls: yield* Ref.make<ReadonlyArray<string>>([]),
        script: yield* Ref.make<Readonly<Record<string, ReadonlyArray<Outcome>>>>({}),
        undoFailures: yield* Ref.make<Readonly<Record<string, ReadonlyArray<"Transient" | "Rejected">>>>({})
      })
    })
  )
}

/** What an attempt does: succeed, fail (transient or for business), or apply its effect and then fail (unknown). */
type Outcome = "ok" | "transient" | "rejected" | "applyThenUnknown" | "applyThenTransient"

const record = (line: string) => World.use((world) => Ref.update(world.calls, (calls) => [...calls, line]))

const fastRetry = Schedule.spaced("1 millis").pipe(Schedule.upTo({ times: 2 }))

/** A step that applies `name` to the world, following the script, undone by removing it. */
const worldStep = <const Name extends string>(name: Name, reversibility: Step.Reversibility = Step.reversible) =>
  Step.make({
    name,
    input: Schema.String,
    success: Schema.String,
    error: StepError,
    reversibility,
    businessErrors: ["Rejected"],
    retry: { Transient: Step.retryOn(fastRetry) },
    recover: () =>
      Effect.gen(function*() {
        yield* record(`${name}: recover`)
        const applied = yield* World.use((world) => Ref.get(world.applied))
        return applied.includes(name) ? Option.some(name) : Option.none()
      }),
    run: ({ attempt, input }) =>
      Effect.gen(function*() {
        const world = yield* World
        yield* record(`${name}: run #${attempt} (${input})`)
        const outcome = (yield* Ref.get(world.script))[name]?.[attempt - 1] ?? "ok"
        const apply = Ref.update(world.applied, (applied) => [...applied, name])
        switch (outcome) {
          case "ok":
            yield* apply
            return name
          case "transient":
            return yield* new Transient({ message: `${name} busy` })
          case "rejected":
            return yield* new Rejected({ message: `${name} refused` })
          case "applyThenUnknown":
            yield* apply
            return yield* new Unknown({ message: `${name}: connection lost after sending` })
          case "applyThenTransient":
            yield* apply
            return yield* new Transient({ message: `${name}: timeout after sending` })
        }
      }),
    compensation: {
      name: `Undo${name}`,
      error: Schema.Union([Transient, Rejected]),
      retry: { Transient: Step.retryOn(fastRetry) },
      lookup: () =>
        Effect.map(
          World.use((world) => Ref.get(world.applied)),
          (applied) => applied.includes(name) ? Option.some(name) : Option.none()
        ),
      undo: (found) =>
        Effect.gen(function*() {
          const world = yield* World
          yield* record(`${name}: undo`)
          const failures = (yield* Ref.get(world.undoFailures))[name] ?? []
          const [next, ...rest] = failures
          yield* Ref.update(world.undoFailures, (all) => ({ ...all, [name]: rest }))
          if (next === "Transient") return yield* new Transient({ message: `undo ${name} busy` })
          if (next === "Rejected") return yield* new Rejected({ message: `undo ${name} refused` })
          yield* Ref.update(world.applied, (applied) => applied.filter((effect) => effect !== found))
        })
    }
  })

const A = worldStep("A")
const B = worldStep("B")
const C = worldStep("C")

let runs = 0

const threeSteps = Flow.make({
  name: "ThreeSteps",
  payload: { id: Schema.String },
  success: Schema.Array(Schema.String),
  error: StepError,
  idempotencyKey: (payload) => payload.id
})
  .step(A, ({ payload }) => payload.id)
  .step(B, ({ A }) => `after ${A}`)
  .step(C, ({ B }) => `after ${B}`)
  .returns(({ A, B, C }) => [A, B, C])

const ThreeSteps = Flow.defineUnsafe(threeSteps)

const Live = ThreeSteps.layer.pipe(Layer.provideMerge(Engine.layerMemory), Layer.provideMerge(World.layer))

/** Runs the flow with a script; answers its result, the world after, the calls made and the timeline. */
const runWith = (
  script: Readonly<Record<string, ReadonlyArray<Outcome>>>,
  undoFailures: Readonly<Record<string, ReadonlyArray<"Transient" | "Rejected">>> = {}
) =>
  Effect.gen(function*() {
    const world = yield* World
    yield* Ref.set(world.script, script)
    yield* Ref.set(world.undoFailures, undoFailures)
    const payload = { id: `run-${++runs}` }
    const result = yield* Effect.result(ThreeSteps.execute(payload))
    const executionId = yield* ThreeSteps.executionId(payload)
    return {
      id: payload.id,
      result,
      applied: yield* Ref.get(world.applied),
      calls: yield* Ref.get(world.calls),
      timeline: describeTimeline(yield* Timeline.Timeline.use((timeline) => timeline.history(executionId)))
    }
  }).pipe(Effect.provide(Live))

// ---------------------------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------------------------

const declare = (...steps: ReadonlyArray<Step.Any>) =>
  steps.reduce(
    (builder, step) => builder.step(step, () => "x") as any,
    Flow.make({
      name: "Checked",
      payload: { id: Schema.String },
      success: Schema.Void,
      error: StepError,
      idempotencyKey: (payload) => payload.id
    }) as any
  ).returns(() => undefined) as Flow.Declaration<"Checked", any, any, any, never>

const readStep = <const Name extends string>(name: Name, businessErrors: ReadonlyArray<"Rejected"> = []) =>
  Step.make({
    name,
    input: Schema.String,
    success: Schema.String,
    error: StepError,
    reversibility: Step.readOnly,
    businessErrors,
    run: () => Effect.succeed(name)
  })

const pivotStep = <const Name extends string>(name: Name) => ({ ...readStep(name), reversibility: Step.pivot })

describe("Flow.define", () => {
  it("rejects a pivot followed by a step that can fail for business reasons, naming both", () => {
    const defined = Flow.define(declare(A, pivotStep("Redeem"), readStep("Notify"), worldStep("Transfer")))
    assert.isTrue(Result.isFailure(defined))
    const error = (defined as Result.Failure<unknown, Flow.InvalidFlowDefinition>).failure
    assert.instanceOf(error, Flow.InvalidFlowDefinition)
    assert.deepStrictEqual(error.steps, ["Redeem", "Transfer"])
    assert.include(error.message, "step \"Redeem\" is an irreversible pivot")
    assert.include(error.message, "followed by step \"Transfer\", which can fail for business reasons (Rejected)")
  })

  it("defineUnsafe throws that error when the module declaring the flow loads", () => {
    assert.throws(
      () => Flow.defineUnsafe(declare(pivotStep("Redeem"), B)),
      /Flow Checked: step "Redeem" is an irreversible pivot, but it is followed by step "B"/
    )
  })

  it("accepts a pivot last, or followed only by steps that cannot fail for business reasons", () => {
    assert.isTrue(Result.isSuccess(Flow.define(declare(A, B, pivotStep("Redeem")))))
    assert.isTrue(Result.isSuccess(Flow.define(declare(A, pivotStep("Redeem"), readStep("Notify")))))
  })

  it("treats a step reversible only under an org setting as a pivot, unless the flow declares the setting", () => {
    const underSetting = { ...worldStep("ReversePoints"), reversibility: Step.reversibleUnderSetting("Allow_reversal") }
    const rejected = Flow.define(declare(underSetting, B))
    assert.isTrue(Result.isFailure(rejected))
    assert.include(
      (rejected as Result.Failure<unknown, Flow.InvalidFlowDefinition>).failure.message,
      "reversible only under the org setting Allow_reversal, which the flow does not declare"
    )
    const declared = { ...declare(underSetting, B), orgSettings: ["Allow_reversal"] }
    assert.isTrue(Result.isSuccess(Flow.define(declared)))
  })

  it("rejects the other mistakes, naming the step", () => {
    const problem = (declaration: Flow.Declaration<any, any, any, any, any>) => {
      const defined = Flow.define(declaration)
      return Result.isFailure(defined) ? [defined.failure.steps, defined.failure.message] : undefined
    }
    const noUndo = { ...worldStep("Issue"), compensation: undefined }
    assert.deepStrictEqual(problem(declare(noUndo)), [
      ["Issue"],
      "Flow Checked: step \"Issue\" is reversible but declares no compensation"
    ])
    const retriedBusiness = { ...worldStep("Issue"), retry: { Rejected: Step.retryOn(fastRetry) } }
    assert.deepStrictEqual(problem(declare(retriedBusiness)), [
      ["Issue"],
      "Flow Checked: step \"Issue\" retries its business errors Rejected"
    ])
    assert.deepStrictEqual(problem(declare(A, A))?.[0], ["A"])
    assert.deepStrictEqual(problem(declare(readStep("payload")))?.[0], ["payload"])
    assert.deepStrictEqual(problem(declare())?.[1], "Flow Checked: a flow needs at least one step")
  })

  it("keeps the declared steps and their reversibility", () => {
    assert.deepStrictEqual(ThreeSteps.steps.map((step) => [step.name, step.reversibility._tag]), [
      ["A", "Reversible"],
      ["B", "Reversible"],
      ["C", "Reversible"]
    ])
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------------------------

describe("a run", () => {
  it.live("threads each step's answer into the next", () =>
    Effect.gen(function*() {
      const { applied, calls, id, result, timeline } = yield* runWith({})
      assert.deepStrictEqual(result, Result.succeed(["A", "B", "C"]))
      assert.deepStrictEqual(applied, ["A", "B", "C"])
      assert.deepStrictEqual(calls, [`A: run #1 (${id})`, "B: run #1 (after A)", "C: run #1 (after B)"])
      assert.strictEqual(timeline.at(-1), "FlowCompleted succeeded")
    }))

  it.live("compensates in reverse order when a step fails for business reasons, without retrying it", () =>
    Effect.gen(function*() {
      const { applied, calls, id, result, timeline } = yield* runWith({ C: ["rejected"] })
      assert.isTrue(Result.isFailure(result))
      assert.strictEqual((result as Result.Failure<unknown, StepError>).failure._tag, "Rejected")
      assert.deepStrictEqual(applied, [])
      assert.deepStrictEqual(calls.filter((call) => call.includes("run") || call.includes("undo")), [
        `A: run #1 (${id})`,
        "B: run #1 (after A)",
        "C: run #1 (after B)",
        "B: undo",
        "A: undo"
      ])
      assert.deepStrictEqual(timeline.slice(-8), [
        "StepFailed C #1 Rejected (business)",
        "Compensating C UndoC",
        "Compensated C UndoC: nothing to undo",
        "Compensating B UndoB",
        "Compensated B UndoB: undone",
        "Compensating A UndoA",
        "Compensated A UndoA: undone",
        "FlowCompleted failed Rejected"
      ])
    }))

  it.live("retries an error by its tag's rule, looking the effect up before each new attempt", () =>
    Effect.gen(function*() {
      const { applied, calls, result, timeline } = yield* runWith({ B: ["transient", "transient"] })
      assert.isTrue(Result.isSuccess(result))
      assert.deepStrictEqual(applied, ["A", "B", "C"])
      assert.deepStrictEqual(calls.filter((call) => call.startsWith("B")), [
        "B: run #1 (after A)",
        "B: recover",
        "B: run #2 (after A)",
        "B: recover",
        "B: run #3 (after A)"
      ])
      assert.deepStrictEqual(timeline.filter((line) => line.includes(" B ")), [
        "StepStarted B #1",
        "StepRetried B #1 Transient",
        "StepStarted B #2",
        "StepRetried B #2 Transient",
        "StepStarted B #3",
        "StepSucceeded B #3"
      ])
    }))

  it.live("fails when the rule's schedule is spent, and compensates", () =>
    Effect.gen(function*() {
      const { applied, result, timeline } = yield* runWith({ B: ["transient", "transient", "transient"] })
      assert.strictEqual((result as Result.Failure<unknown, StepError>).failure._tag, "Transient")
      assert.deepStrictEqual(applied, [])
      assert.include(timeline, "StepFailed B #3 Transient")
    }))

  it.live("an effect applied before a retryable failure is found by its natural key, not done twice", () =>
    Effect.gen(function*() {
      const { applied, result, timeline } = yield* runWith({ B: ["applyThenTransient"] })
      assert.isTrue(Result.isSuccess(result))
      assert.deepStrictEqual(applied, ["A", "B", "C"])
      assert.include(timeline, "StepSucceeded B #2 (recovered)")
    }))

  it.live("an effect applied before an unknown failure is undone: the compensation was registered before it ran", () =>
    Effect.gen(function*() {
      const { applied, calls, result, timeline } = yield* runWith({ B: ["applyThenUnknown"] })
      assert.strictEqual((result as Result.Failure<unknown, StepError>).failure._tag, "Unknown")
      assert.deepStrictEqual(applied, [])
      assert.deepStrictEqual(calls.filter((call) => call.includes("undo")), ["B: undo", "A: undo"])
      assert.include(timeline, "StepFailed B #1 Unknown")
      assert.include(timeline, "Compensated B UndoB: undone")
    }))

  it.live("retries a compensation by its rule; one that still fails is reported and the others still run", () =>
    Effect.gen(function*() {
      const logs: Array<string> = []
      const capture = Logger.layer([Logger.make<unknown, void>((options) => {
        logs.push(`${options.logLevel}: ${String((options.message as ReadonlyArray<unknown>)[0])}`)
      })])
      const { applied, result, timeline } = yield* runWith({ C: ["rejected"] }, {
        B: ["Transient"],
        A: ["Rejected"]
      }).pipe(Effect.provide(capture))
      assert.deepStrictEqual(logs, [
        "Error: compensation A/UndoA of ThreeSteps failed after its retries; the effect may still be in place"
      ])
      assert.strictEqual((result as Result.Failure<unknown, StepError>).failure._tag, "Rejected")
      assert.deepStrictEqual(applied, ["A"])
      assert.deepStrictEqual(timeline.slice(-6), [
        "Compensating B UndoB",
        "CompensationRetried B UndoB #1 Transient",
        "Compensated B UndoB: undone",
        "Compensating A UndoA",
        "CompensationFailed A UndoA Rejected",
        "FlowCompleted failed Rejected"
      ])
    }))
})

describe("spans", () => {
  it.live("a run, its steps and its compensations are spans, with the timeline as their events", () =>
    Effect.gen(function*() {
      const spans: Array<Tracer.NativeSpan> = []
      const tracer = Tracer.make({
        span(options) {
          const span = new Tracer.NativeSpan(options)
          spans.push(span)
          return span
        }
      })
      const { result } = yield* runWith({ C: ["rejected"] }).pipe(Effect.provideService(Tracer.Tracer, tracer))
      assert.isTrue(Result.isFailure(result))
      const names = new Set(spans.map((span) => span.name))
      for (
        const name of ["ThreeSteps.run", "ThreeSteps.A", "ThreeSteps.C", "ThreeSteps.B/UndoB", "ThreeSteps.A/UndoA"]
      ) {
        assert.isTrue(names.has(name), `no span ${name} in ${[...names].join(", ")}`)
      }
      const stepC = spans.find((span) => span.name === "ThreeSteps.C")!
      assert.strictEqual(stepC.attributes.get("reversibility"), "Reversible")
      const events = spans.flatMap((span) => span.events.map(([name]) => name))
      for (const event of ["timeline.StepStarted", "timeline.StepFailed", "timeline.Compensated"]) {
        assert.include(events, event)
      }
    }))
})

/** Lets the forked run go on, without the clock moving, until the condition holds (at most 5000 turns). */
const settle = <E, R>(condition: Effect.Effect<boolean, E, R>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 5000; i++) {
      if (yield* condition) return
      yield* Effect.yieldNow
    }
    return assert.fail("the run did not get there")
  })

describe("a durable wait", () => {
  const Waits = Flow.defineUnsafe(
    Flow.make({
      name: "Waits",
      payload: { id: Schema.String, hours: Schema.Number },
      success: Schema.Array(Schema.String),
      error: StepError,
      idempotencyKey: (payload) => payload.id
    })
      .step(A, ({ payload }) => payload.id)
      .sleep("Cooling", ({ payload }) => `${payload.hours} hours`)
      .step(B, () => "after the wait")
      .returns(({ A, B }) => [A, B])
  )

  it.effect("waits on the clock between steps", () =>
    Effect.gen(function*() {
      const world = yield* World
      const fiber = yield* Effect.forkChild(Waits.execute({ id: "wait-1", hours: 3 }))
      const executionId = yield* Waits.executionId({ id: "wait-1", hours: 3 })
      const history = Timeline.Timeline.use((timeline) => timeline.history(executionId))
      // A is done and the run waits: its durable clock is set on the TestClock.
      yield* settle(Effect.map(history, (events) => events.some((event) => event._tag === "Waiting")))
      for (let i = 0; i < 200; i++) yield* Effect.yieldNow
      assert.deepStrictEqual(yield* Ref.get(world.applied), ["A"])
      yield* TestClock.adjust("2 hours")
      assert.deepStrictEqual(yield* Ref.get(world.applied), ["A"])
      yield* TestClock.adjust("1 hour")
      assert.deepStrictEqual(yield* Fiber.join(fiber), ["A", "B"])
      const events = yield* history
      const waiting = events.find((event) => event._tag === "Waiting")
      assert.deepStrictEqual(waiting?._tag === "Waiting" ? [waiting.name, waiting.durationMillis] : [], [
        "Cooling",
        3 * 3600 * 1000
      ])
      assert.strictEqual(events.at(-1)?.at, 3 * 3600 * 1000)
    }).pipe(Effect.provide(Waits.layer.pipe(Layer.provideMerge(Engine.layerMemory), Layer.provideMerge(World.layer)))))
})
