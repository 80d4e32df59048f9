/**
 * The engines: the same flow on the in-memory and the durable SQLite engine, chosen by configuration; and crash
 * recovery on SQLite, with worker processes (test/fixtures/worker.ts) killed with SIGKILL between steps and
 * restarted on the same journal, against the in-process emulator, which shows each side effect once.
 */
import { Emulator } from "@capillary-effect/emulator"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Ref, Schema } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { Engine, Flow, IssueRedeemTransfer, Step } from "../src/index.ts"
import {
  admin,
  bob,
  clientOptions,
  couponsOf,
  eventually,
  flowsOn,
  logOf,
  redemptionsOn,
  Services,
  setFaults,
  statusesOf,
  tom,
  transfersWith
} from "./fixtures/emulator.ts"

// ---------------------------------------------------------------------------------------------------------------
// The same flow on every engine
// ---------------------------------------------------------------------------------------------------------------

const runs = Ref.makeUnsafe(0)

const Count = Step.make({
  name: "Count",
  input: Schema.String,
  success: Schema.String,
  error: Schema.Never,
  reversibility: Step.readOnly,
  run: ({ input }) => Effect.map(Ref.updateAndGet(runs, (n) => n + 1), (n) => `${input} #${n}`)
})

const Counted = Flow.defineUnsafe(
  Flow.make({
    name: "Counted",
    payload: { id: Schema.String },
    success: Schema.String,
    error: Schema.Never,
    idempotencyKey: (payload) => payload.id
  }).step(Count, ({ payload }) => payload.id).returns(({ Count }) => Count)
)

const tempDir = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "capillary-workflows-"))),
  (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
)

const withEnv = (env: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromEnv({ env }))

/** The rows of a table of a SQLite file, read with node:sqlite directly. */
const countRows = (file: string, table: string) => {
  const db = new DatabaseSync(file, { readOnly: true })
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe("Engine.layerConfig", () => {
  it.live("runs on the in-memory engine by default", () =>
    Effect.gen(function*() {
      const before = yield* Ref.get(runs)
      const live = Counted.layer.pipe(Layer.provideMerge(Engine.layerConfig), Layer.provide(withEnv({})))
      const result = yield* Counted.execute({ id: "mem" }).pipe(Effect.provide(live))
      assert.strictEqual(result, `mem #${before + 1}`)
    }))

  it.live(
    "runs the same flow durably on SQLite with CAPILLARY_WORKFLOW_ENGINE=sqlite; the journal outlives it",
    () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const db = Path.join(dir, "journal.db")
        const live = () =>
          Counted.layer.pipe(
            Layer.provideMerge(Engine.layerConfig),
            Layer.provide(withEnv({ CAPILLARY_WORKFLOW_ENGINE: "sqlite", CAPILLARY_WORKFLOW_DB: db }))
          )
        const before = yield* Ref.get(runs)
        const first = yield* Counted.execute({ id: "durable" }).pipe(Effect.provide(live()))
        assert.strictEqual(first, `durable #${before + 1}`)
        assert.isAbove(countRows(db, "cluster_messages"), 0)
        // A new engine on the same file answers from the journal: the step does not run again.
        const again = yield* Counted.execute({ id: "durable" }).pipe(Effect.provide(live()))
        assert.strictEqual(again, first)
        assert.strictEqual(yield* Ref.get(runs), before + 1)
      }),
    30_000
  )

  it.live("refuses an unknown engine", () =>
    Effect.gen(function*() {
      const live = Counted.layer.pipe(
        Layer.provideMerge(Engine.layerConfig),
        Layer.provide(withEnv({ CAPILLARY_WORKFLOW_ENGINE: "postgres" }))
      )
      const error = yield* Effect.flip(Counted.execute({ id: "x" }).pipe(Effect.provide(live)))
      assert.include(String(error), "CAPILLARY_WORKFLOW_ENGINE")
    }))
})

describe("Engine.layerSqlite", () => {
  class NotFound extends Schema.TaggedError<NotFound>()("NotFound", { message: Schema.String }) {}
  // Another package's class of the same outcome: the same tag and fields.
  class AlsoNotFound extends Schema.TaggedError<AlsoNotFound>()("NotFound", { message: Schema.String }) {}

  const Missing = Step.make({
    name: "Missing",
    input: Schema.String,
    success: Schema.String,
    error: AlsoNotFound,
    reversibility: Step.readOnly,
    businessErrors: ["NotFound"],
    run: ({ input }) => Effect.fail(new AlsoNotFound({ message: `${input} is not there` }))
  })

  const Lookup = Flow.defineUnsafe(
    Flow.make({
      name: "Lookup",
      payload: { id: Schema.String },
      success: Schema.String,
      error: NotFound,
      idempotencyKey: (payload) => payload.id
    }).step(Missing, ({ payload }) => payload.id).returns(({ Missing }) => Missing)
  )

  it.live(
    "fails with the step's error, even one the flow lists under another package's class of that outcome",
    () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const live = Lookup.layer.pipe(Layer.provideMerge(Engine.layerSqlite({ filename: Path.join(dir, "j.db") })))
        const error = yield* Effect.flip(Lookup.execute({ id: "x" }).pipe(Effect.provide(live)))
        assert.deepStrictEqual([error._tag, error.message], ["NotFound", "x is not there"])
      }),
    30_000
  )

  it.live(
    "runs the built-in flows unchanged: a success, and a failure whose steps are undone",
    () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        yield* Effect.gen(function*() {
          const result = yield* IssueRedeemTransfer.execute({
            customerId: tom.id,
            seriesId: 5001,
            billNumber: "BILL-DURABLE-1",
            billAmount: 250,
            groupExternalId: "demo-family",
            points: 100,
            direction: "toGroup"
          })
          assert.deepStrictEqual(yield* redemptionsOn("BILL-DURABLE-1"), [{ id: result.redemptionId, reactivated: 0 }])
          const error = yield* Effect.flip(IssueRedeemTransfer.execute({
            customerId: bob.id,
            seriesId: 5001,
            billNumber: "BILL-DURABLE-2",
            billAmount: 250,
            groupExternalId: "demo-family",
            points: 1000,
            direction: "toGroup"
          }))
          assert.strictEqual(error._tag, "InsufficientPoints")
          assert.deepStrictEqual((yield* redemptionsOn("BILL-DURABLE-2")).map((row) => row.reactivated), [1])
          assert.deepStrictEqual((yield* couponsOf(bob.id)).map((coupon) => coupon.status), ["REVOKED"])
        }).pipe(Effect.provide(flowsOn(Engine.layerSqlite({ filename: Path.join(dir, "journal.db") }))))
      }),
    30_000
  )
})

// ---------------------------------------------------------------------------------------------------------------
// Crash recovery
// ---------------------------------------------------------------------------------------------------------------

const worker = Path.join(import.meta.dirname, "fixtures", "worker.ts")

interface Worker {
  readonly child: ChildProcess
  /** The JSON lines printed so far. */
  readonly lines: () => ReadonlyArray<any>
  readonly output: () => string
}

/** Starts a worker process (the real node binary, so a SIGKILL kills it and nothing else). */
const startWorker = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.sync((): Worker => {
      const child = spawn(process.execPath, [worker, ...args], { stdio: ["ignore", "pipe", "pipe"] })
      let output = ""
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8")
      })
      child.stderr!.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8")
      })
      return {
        child,
        output: () => output,
        lines: () => output.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line))
      }
    }),
    ({ child }) =>
      Effect.sync(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
      })
  )

/** Kills the worker with SIGKILL and waits until it is gone (at most 5 seconds). */
const kill = (worker: Worker) =>
  Effect.promise(() =>
    new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve("still running"), 5_000)
      worker.child.once("exit", (_, signal) => {
        clearTimeout(timer)
        resolve(signal)
      })
      worker.child.kill("SIGKILL")
    })
  )

/** Waits for the worker's `done` line (at most 30 seconds). */
const done = (worker: Worker) =>
  Effect.map(
    eventually(Effect.sync(worker.lines), (lines) => lines.some((line) => "done" in line || "gaveUp" in line), 30),
    (lines) => lines.find((line) => "done" in line)?.done ?? assert.fail(`no result:\n${worker.output()}`)
  )

/** The steps a worker started, from the timeline events it printed. */
const stepsStarted = (worker: Worker) =>
  worker.lines().filter((line) => line.event?._tag === "StepStarted").map((line) => line.event.step as string)

const POSTS = ["rewards.issueCoupon", "rewards.redeemCoupons", "usergroups.transferPoints"] as const

const Bench = Services.pipe(Layer.provideMerge(Emulator.layerTest({ client: clientOptions })))

describe("Engine.layerSqlite: crash recovery", () => {
  it.live(
    "a worker killed during the hold between two steps is restarted and completes; each effect once",
    () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const journal = Path.join(dir, "journal.db")
        const { url } = yield* Emulator.Emulator
        const payload: IssueRedeemTransfer.Payload = {
          customerId: tom.id,
          seriesId: 5001,
          billNumber: "BILL-CRASH-1",
          billAmount: 250,
          groupExternalId: "demo-family",
          points: 100,
          direction: "toGroup",
          holdTransferSeconds: 2
        }
        const args = (mode: string) => [url, journal, mode, JSON.stringify(payload)]

        const first = yield* startWorker(args("start"))
        // The step boundary: the emulator's request log shows the redemption made, and the worker's timeline shows
        // the step journaled and the run waiting in its durable hold.
        yield* eventually(statusesOf("rewards.redeemCoupons"), (statuses) => statuses.includes(200), 20)
        yield* eventually(Effect.sync(first.lines), (lines) => lines.some((line) => line.event?._tag === "Waiting"))
        assert.strictEqual(yield* kill(first), "SIGKILL")
        assert.deepStrictEqual(stepsStarted(first), ["LoadCustomer", "IssueCoupon", "RedeemCoupon"])
        assert.deepStrictEqual(yield* statusesOf("usergroups.transferPoints"), [])

        const second = yield* startWorker(args("resume"))
        const result = yield* done(second)
        assert.property(result, "success", JSON.stringify(result))
        // the restarted worker only ran what was left
        assert.deepStrictEqual(stepsStarted(second), ["TransferPoints"])

        const entries = yield* logOf()
        assert.deepStrictEqual(POSTS.map((endpoint) => entries.filter((entry) => entry.endpoint === endpoint).length), [
          1,
          1,
          1
        ])
        const coupons = yield* couponsOf(tom.id)
        assert.deepStrictEqual(coupons.map((coupon) => [coupon.code, coupon.status]), [[
          result.success.couponCode,
          "REDEEMED"
        ]])
        assert.deepStrictEqual(yield* redemptionsOn(payload.billNumber), [{
          id: result.success.redemptionId,
          reactivated: 0
        }])
        assert.deepStrictEqual((yield* transfersWith("[ref:wf-")).map((transfer) => transfer.id), [
          result.success.transferId
        ])
      }).pipe(Effect.provide(Bench)),
    60_000
  )

  it.live(
    "a worker killed while its redemption is in flight is restarted; the redemption is found by its bill",
    () =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const journal = Path.join(dir, "journal.db")
        const { url } = yield* Emulator.Emulator
        const payload: IssueRedeemTransfer.Payload = {
          customerId: tom.id,
          seriesId: 5003,
          billNumber: "BILL-CRASH-2",
          billAmount: 250,
          groupExternalId: "demo-family",
          points: 100,
          direction: "toGroup"
        }
        const args = (mode: string) => [url, journal, mode, JSON.stringify(payload)]
        // The redemption request is held for two seconds by the emulator: the worker dies waiting for it.
        yield* setFaults([{ kind: "latency", endpoint: "rewards.redeemCoupons", latencyMs: 2000, times: 1 }])

        const first = yield* startWorker(args("start"))
        // The step boundary, from the emulator: the coupon was issued, and the redemption request has arrived (its
        // latency rule fired) and is being held.
        yield* eventually(statusesOf("rewards.issueCoupon"), (statuses) => statuses.includes(200), 20)
        yield* eventually(
          Effect.map(admin("/faults"), ({ body }) => body.rules[0]?.fired as number),
          (fired) => fired === 1,
          10
        )
        assert.deepStrictEqual(yield* statusesOf("rewards.redeemCoupons"), [])
        assert.strictEqual(yield* kill(first), "SIGKILL")
        assert.deepStrictEqual(stepsStarted(first), ["LoadCustomer", "IssueCoupon", "RedeemCoupon"])
        // The emulator still completes the request it was holding: the redemption is made, its answer lost.
        assert.deepStrictEqual(yield* eventually(statusesOf("rewards.redeemCoupons"), (s) => s.length > 0, 5), [200])

        const second = yield* startWorker(args("resume"))
        const result = yield* done(second)
        assert.property(result, "success", JSON.stringify(result))
        const redeemLine = second.lines().find((line) =>
          line.event?._tag === "StepSucceeded" && line.event.step === "RedeemCoupon"
        )
        // the restarted worker looked the redemption up by the bill's number instead of redeeming again
        assert.strictEqual(redeemLine?.event.recovered, true, second.output())
        assert.deepStrictEqual(stepsStarted(second), ["RedeemCoupon", "TransferPoints"])

        const entries = yield* logOf()
        assert.deepStrictEqual(POSTS.map((endpoint) => entries.filter((entry) => entry.endpoint === endpoint).length), [
          1,
          1,
          1
        ])
        assert.strictEqual((yield* couponsOf(tom.id)).length, 1)
        assert.deepStrictEqual((yield* redemptionsOn(payload.billNumber)).length, 1)
        assert.deepStrictEqual((yield* transfersWith("[ref:wf-")).length, 1)
      }).pipe(Effect.provide(Bench)),
    60_000
  )
})
