/**
 * The timeline service on its own: numbering, de-duplication, per-execution streams (replayed to a late subscriber,
 * live to an early one, ending with the run), the stream of every execution, and its memory bound.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Option, Stream, Tracer } from "effect"
import { Timeline } from "../src/index.ts"

const started = (executionId: string) => ({ _tag: "FlowStarted", executionId, flow: "F" }) as const
const step = (executionId: string, name: string, attempt = 1) =>
  ({ _tag: "StepStarted", executionId, flow: "F", step: name, attempt }) as const
const completed = (executionId: string) => ({ _tag: "FlowCompleted", executionId, flow: "F", succeeded: true }) as const

describe("Timeline", () => {
  it.effect("numbers the events of each execution, dates them by the Clock, and records each event once", () =>
    Effect.gen(function*() {
      const timeline = yield* Timeline.make()
      yield* timeline.emit(started("e1"))
      yield* timeline.emit(step("e1", "A"))
      yield* timeline.emit(step("e1", "A"))
      yield* timeline.emit(step("e2", "A"))
      yield* timeline.emit(step("e1", "A", 2))
      const e1 = yield* timeline.history("e1")
      assert.deepStrictEqual(e1.map((event) => [event._tag, event.seq, event.at]), [
        ["FlowStarted", 1, 0],
        ["StepStarted", 2, 0],
        ["StepStarted", 3, 0]
      ])
      assert.deepStrictEqual((yield* timeline.history("e2")).map((event) => event.seq), [1])
      assert.deepStrictEqual(yield* timeline.history("nope"), [])
    }))

  it.effect("streams an execution: what was recorded, then what comes, until it completes", () =>
    Effect.gen(function*() {
      const timeline = yield* Timeline.make()
      yield* timeline.emit(started("e1"))
      const early = yield* Effect.forkChild(Stream.runCollect(timeline.events("e1")))
      yield* Effect.yieldNow
      yield* timeline.emit(step("e2", "Other"))
      yield* timeline.emit(step("e1", "A"))
      yield* timeline.emit(completed("e1"))
      const seen = yield* Fiber.join(early)
      assert.deepStrictEqual(seen.map((event) => event._tag), ["FlowStarted", "StepStarted", "FlowCompleted"])
      const late = yield* Stream.runCollect(timeline.events("e1"))
      assert.deepStrictEqual(late, seen)
    }))

  it.effect("streams every execution live", () =>
    Effect.gen(function*() {
      const timeline = yield* Timeline.make()
      const all = yield* Effect.forkChild(Stream.runCollect(Stream.take(timeline.all, 3)))
      yield* Effect.yieldNow
      yield* timeline.emit(started("e1"))
      yield* timeline.emit(started("e2"))
      yield* timeline.emit(completed("e1"))
      assert.deepStrictEqual((yield* Fiber.join(all)).map((event) => event.executionId), ["e1", "e2", "e1"])
    }))

  it.effect("forgets the oldest executions past its bound", () =>
    Effect.gen(function*() {
      const timeline = yield* Timeline.make({ maxExecutions: 2 })
      for (const id of ["e1", "e2", "e3"]) yield* timeline.emit(started(id))
      assert.deepStrictEqual(yield* timeline.history("e1"), [])
      assert.strictEqual((yield* timeline.history("e3")).length, 1)
    }))

  it.effect("adds each event to the current span", () =>
    Effect.gen(function*() {
      const timeline = yield* Timeline.make()
      const span = yield* Effect.andThen(timeline.emit(step("e1", "A")), Effect.currentSpan).pipe(
        Effect.withSpan("a step")
      )
      const events = (span as Tracer.NativeSpan).events
      assert.deepStrictEqual(events.map(([name]) => name), ["timeline.StepStarted"])
      assert.deepStrictEqual(Option.some(events[0]![2]["step"]), Option.some("A"))
    }))
})
