/**
 * IssueRedeemTransfer on the in-memory engine, against the in-process emulator (default catalog, demo seed): the
 * SDK over real HTTP, with the final state read from the emulator's database and request log.
 */
import { CapillaryError } from "@capillary-effect/core"
import { Emulator } from "@capillary-effect/emulator"
import { Coupon, Coupons } from "@capillary-effect/rewards"
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { Engine, IssueRedeemTransfer, Timeline } from "../src/index.ts"
import {
  balances,
  bob,
  couponsOf,
  eventually,
  flowsOn,
  logOf,
  query,
  redemptionsOn,
  reset,
  setFaults,
  statusesOf,
  tom,
  transfersWith
} from "./fixtures/emulator.ts"
import { describeTimeline } from "./fixtures/timeline.ts"

let bills = 0
const nextBill = () => `BILL-IRT-${++bills}`

const payload = (overrides: Partial<IssueRedeemTransfer.Payload> = {}): IssueRedeemTransfer.Payload => ({
  customerId: tom.id,
  seriesId: 5001,
  billNumber: nextBill(),
  billAmount: 250,
  groupExternalId: "demo-family",
  points: 100,
  direction: "toGroup",
  ...overrides
})

const timelineOf = (input: IssueRedeemTransfer.Payload) =>
  Effect.gen(function*() {
    const executionId = yield* IssueRedeemTransfer.executionId(input)
    return yield* Timeline.Timeline.use((timeline) => timeline.history(executionId))
  })

const POSTS = ["rewards.issueCoupon", "rewards.redeemCoupons", "usergroups.transferPoints"] as const

/** How many times each write of the flow reached the emulator. */
const writes = Effect.gen(function*() {
  const entries = yield* logOf()
  return POSTS.map((endpoint) => entries.filter((entry) => entry.endpoint === endpoint).length)
})

layer(flowsOn(Engine.layerMemory), { excludeTestServices: true })("IssueRedeemTransfer (memory engine)", (it) => {
  it.effect("issues, redeems on the bill and moves the points to the group", () =>
    Effect.gen(function*() {
      yield* reset
      const before = yield* balances(tom.id)
      const input = payload()
      const result = yield* IssueRedeemTransfer.execute(input)

      const [coupon] = yield* couponsOf(tom.id)
      assert.deepStrictEqual(coupon, { code: result.couponCode, series_id: 5001, status: "REDEEMED" })
      assert.deepStrictEqual(yield* redemptionsOn(input.billNumber), [{ id: result.redemptionId, reactivated: 0 }])
      const after = yield* balances(tom.id)
      assert.deepStrictEqual(after, { own: before.own - 100, group: before.group + 100 })
      const [transfer] = yield* transfersWith("[ref:wf-")
      assert.strictEqual(transfer?.id, result.transferId)
      assert.deepStrictEqual(yield* writes, [1, 1, 1])
    }))

  it.effect("runs the same bill once: executing it again answers the stored result and sends nothing", () =>
    Effect.gen(function*() {
      yield* reset
      const input = payload()
      const first = yield* IssueRedeemTransfer.execute(input)
      const requests = (yield* logOf()).length
      const again = yield* IssueRedeemTransfer.execute(input)
      assert.deepStrictEqual(again, first)
      assert.strictEqual((yield* logOf()).length, requests)
      assert.strictEqual((yield* couponsOf(tom.id)).length, 1)
      assert.strictEqual((yield* redemptionsOn(input.billNumber)).length, 1)
      assert.strictEqual((yield* transfersWith("[ref:wf-")).length, 1)

      // a failed run too: its stored failure, nothing sent again
      const failing = payload({ seriesId: 5005 })
      const failure = yield* Effect.flip(IssueRedeemTransfer.execute(failing))
      const afterFailure = (yield* logOf()).length
      assert.deepStrictEqual(yield* Effect.flip(IssueRedeemTransfer.execute(failing)), failure)
      assert.strictEqual((yield* logOf()).length, afterFailure)
    }))

  it.effect("moves points from the group to the customer the other way", () =>
    Effect.gen(function*() {
      yield* reset
      const before = yield* balances(bob.id)
      yield* IssueRedeemTransfer.execute(
        payload({ customerId: bob.id, seriesId: 5003, direction: "toCustomer", points: 40 })
      )
      assert.deepStrictEqual(yield* balances(bob.id), { own: before.own + 40, group: before.group - 40 })
    }))

  describe("a failure at each step", () => {
    it.effect("LoadCustomer: an unknown customer fails at once, and nothing is written", () =>
      Effect.gen(function*() {
        yield* reset
        const input = payload({ customerId: 999_999 })
        const error = yield* Effect.flip(IssueRedeemTransfer.execute(input))
        assert.strictEqual(error._tag, "CustomerNotFound")
        assert.deepStrictEqual(yield* writes, [0, 0, 0])
        assert.deepStrictEqual(describeTimeline(yield* timelineOf(input)), [
          "FlowStarted",
          "StepStarted LoadCustomer #1",
          "StepFailed LoadCustomer #1 CustomerNotFound (business)",
          "FlowCompleted failed CustomerNotFound"
        ])
      }))

    it.effect("IssueCoupon: an expired series fails; its compensation finds nothing to revoke", () =>
      Effect.gen(function*() {
        yield* reset
        const input = payload({ seriesId: 5005 })
        const error = yield* Effect.flip(IssueRedeemTransfer.execute(input))
        assert.strictEqual(error._tag, "SeriesExpired")
        assert.deepStrictEqual(yield* couponsOf(tom.id), [])
        assert.deepStrictEqual(yield* writes, [1, 0, 0])
        assert.deepStrictEqual(describeTimeline(yield* timelineOf(input)).slice(-4), [
          "StepFailed IssueCoupon #1 SeriesExpired (business)",
          "Compensating IssueCoupon RevokeCoupon",
          "Compensated IssueCoupon RevokeCoupon: nothing to undo",
          "FlowCompleted failed SeriesExpired"
        ])
      }))

    it.effect("RedeemCoupon: a bill below the series' minimum fails; the coupon is revoked", () =>
      Effect.gen(function*() {
        yield* reset
        const series = yield* Coupons.Coupons.use((coupons) =>
          coupons.createSeries({
            description: "BIGBILL",
            discountType: "ABS",
            discountValue: 25,
            validTillDate: "2099-12-31T23:59:59Z",
            expiryStrategyType: "SERIES_EXPIRY",
            minBillAmount: 500
          } as Coupon.CouponSeriesCreate)
        )
        const before = yield* balances(tom.id)
        const input = payload({ seriesId: series.id, billAmount: 100 })
        const error = yield* Effect.flip(IssueRedeemTransfer.execute(input))
        assert.strictEqual(error._tag, "InvalidBillAmount")
        const [coupon] = yield* couponsOf(tom.id)
        assert.strictEqual(coupon?.status, "REVOKED")
        assert.deepStrictEqual(yield* redemptionsOn(input.billNumber), [])
        assert.deepStrictEqual(yield* balances(tom.id), before)
        assert.deepStrictEqual(describeTimeline(yield* timelineOf(input)).slice(-6), [
          "StepFailed RedeemCoupon #1 InvalidBillAmount (business)",
          "Compensating RedeemCoupon ReactivateRedemption",
          "Compensated RedeemCoupon ReactivateRedemption: nothing to undo",
          "Compensating IssueCoupon RevokeCoupon",
          "Compensated IssueCoupon RevokeCoupon: undone",
          "FlowCompleted failed InvalidBillAmount"
        ])
      }))

    it.effect("TransferPoints: not enough points fails without retry; the redemption is reactivated, the coupon revoked", () =>
      Effect.gen(function*() {
        yield* reset
        const before = yield* balances(bob.id)
        const input = payload({ customerId: bob.id, points: 1000 })
        const error = yield* Effect.flip(IssueRedeemTransfer.execute(input))
        assert.strictEqual(error._tag, "InsufficientPoints")

        // a business error is not retried: one transfer request
        assert.deepStrictEqual(yield* statusesOf("usergroups.transferPoints"), [400])
        const [coupon] = yield* couponsOf(bob.id)
        assert.strictEqual(coupon?.status, "REVOKED")
        assert.deepStrictEqual((yield* redemptionsOn(input.billNumber)).map((row) => row.reactivated), [1])
        assert.deepStrictEqual(yield* balances(bob.id), before)
        assert.deepStrictEqual(yield* transfersWith("[ref:wf-"), [])
        assert.deepStrictEqual(describeTimeline(yield* timelineOf(input)), [
          "FlowStarted",
          "StepStarted LoadCustomer #1",
          "StepSucceeded LoadCustomer #1",
          "StepStarted IssueCoupon #1",
          "StepSucceeded IssueCoupon #1",
          "StepStarted RedeemCoupon #1",
          "StepSucceeded RedeemCoupon #1",
          "StepStarted TransferPoints #1",
          "StepFailed TransferPoints #1 InsufficientPoints (business)",
          "Compensating TransferPoints TransferBack",
          "Compensated TransferPoints TransferBack: nothing to undo",
          "Compensating RedeemCoupon ReactivateRedemption",
          "Compensated RedeemCoupon ReactivateRedemption: undone",
          "Compensating IssueCoupon RevokeCoupon",
          "Compensated IssueCoupon RevokeCoupon: undone",
          "FlowCompleted failed InsufficientPoints"
        ])
      }))
  })

  it.effect("a 521 is retried by the step's rule, and the redemption is made once", () =>
    Effect.gen(function*() {
      yield* reset
      yield* setFaults([{ kind: "customerBusy", endpoint: "rewards.redeemCoupons", times: 2 }])
      const input = payload()
      const result = yield* IssueRedeemTransfer.execute(input)
      assert.deepStrictEqual(yield* statusesOf("rewards.redeemCoupons"), [521, 521, 200])
      assert.deepStrictEqual(yield* redemptionsOn(input.billNumber), [{ id: result.redemptionId, reactivated: 0 }])
      const retried = (yield* timelineOf(input)).filter((event) => event._tag === "StepRetried")
      assert.deepStrictEqual(retried.map((event) => [event.step, event.attempt, event.error]), [
        ["RedeemCoupon", 1, "CapillaryError"],
        ["RedeemCoupon", 2, "CapillaryError"]
      ])
      for (const event of retried) {
        assert.include(event.reason, "Busy")
        assert.isAbove(event.delayMillis, 0)
      }
      assert.include(describeTimeline(yield* timelineOf(input)), "StepSucceeded RedeemCoupon #3")
    }))

  it.effect("a redemption whose outcome is unknown is still found by its bill number and reactivated", () =>
    Effect.gen(function*() {
      yield* reset
      // The redemption is applied but answered 500, and the SDK's read-back fails too: AmbiguousOutcome.
      yield* setFaults([
        { kind: "applyThenServerError", endpoint: "rewards.redeemCoupons", times: 1 },
        { kind: "serverError", endpoint: "rewards.customerCoupons", times: 1 }
      ])
      const input = payload()
      const error = yield* Effect.flip(IssueRedeemTransfer.execute(input))
      assert.instanceOf(error, CapillaryError.CapillaryError)
      assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "AmbiguousOutcome")
      assert.deepStrictEqual((yield* redemptionsOn(input.billNumber)).map((row) => row.reactivated), [1])
      assert.strictEqual((yield* couponsOf(tom.id))[0]?.status, "REVOKED")
      assert.deepStrictEqual(describeTimeline(yield* timelineOf(input)).slice(-6), [
        "StepFailed RedeemCoupon #1 CapillaryError",
        "Compensating RedeemCoupon ReactivateRedemption",
        "Compensated RedeemCoupon ReactivateRedemption: undone",
        "Compensating IssueCoupon RevokeCoupon",
        "Compensated IssueCoupon RevokeCoupon: undone",
        "FlowCompleted failed CapillaryError"
      ])
    }))

  it.effect("the timeline is a Stream per execution: live from the start, or replayed to a late subscriber", () =>
    Effect.gen(function*() {
      yield* reset
      const timeline = yield* Timeline.Timeline
      const input = payload()
      const executionId = yield* IssueRedeemTransfer.executionId(input)
      const live = yield* Effect.forkChild(Stream.runCollect(timeline.events(executionId)))
      yield* Effect.yieldNow
      yield* IssueRedeemTransfer.execute(input)
      const seen = yield* Fiber.join(live)
      const late = yield* Stream.runCollect(timeline.events(executionId))
      assert.deepStrictEqual(seen, late)
      assert.deepStrictEqual(seen.map((event) => event.seq), seen.map((_, i) => i + 1))
      assert.deepStrictEqual(describeTimeline(seen), [
        "FlowStarted",
        "StepStarted LoadCustomer #1",
        "StepSucceeded LoadCustomer #1",
        "StepStarted IssueCoupon #1",
        "StepSucceeded IssueCoupon #1",
        "StepStarted RedeemCoupon #1",
        "StepSucceeded RedeemCoupon #1",
        "StepStarted TransferPoints #1",
        "StepSucceeded TransferPoints #1",
        "FlowCompleted succeeded"
      ])
      for (const [earlier, later] of seen.slice(1).map((event, i) => [seen[i]!, event] as const)) {
        assert.isAtMost(earlier.at, later.at)
      }
    }))
})

describe("IssueRedeemTransfer under the TestClock", () => {
  it.effect(
    "one TestClock drives the step's retry delay, the durable hold, and the emulator's time",
    () =>
      Effect.gen(function*() {
        const start = Date.parse("2026-03-02T09:00:00Z")
        yield* TestClock.setTime(start)
        yield* Effect.gen(function*() {
          yield* setFaults([{ kind: "customerBusy", endpoint: "rewards.redeemCoupons", times: 1 }])
          const input = payload({ holdTransferSeconds: 2 * 3600 })
          const executionId = yield* IssueRedeemTransfer.executionId(input)
          const timeline = yield* Timeline.Timeline
          const history = timeline.history(executionId)
          const fiber = yield* Effect.forkChild(IssueRedeemTransfer.execute(input))
          const live = (self: Effect.Effect<any, any, any>) => TestClock.withLive(self)

          // The 521 is met and the step waits for its retry delay, on the TestClock: nothing moves until it advances.
          yield* live(eventually(history, (events) => events.some((event) => event._tag === "StepRetried")))
          yield* live(Effect.sleep("100 millis"))
          assert.deepStrictEqual(yield* statusesOf("rewards.redeemCoupons"), [521])
          yield* TestClock.adjust("1 second")
          // Redeemed; now the durable hold of two hours.
          yield* live(eventually(history, (events) => events.some((event) => event._tag === "Waiting")))
          yield* live(Effect.sleep("100 millis"))
          assert.deepStrictEqual(yield* statusesOf("usergroups.transferPoints"), [])
          yield* TestClock.adjust("2 hours")
          const result = yield* Fiber.join(fiber)

          // The emulator's time is the TestClock's: issued at the start, redeemed after the retry delay, transferred
          // after the hold.
          const [issued] = yield* couponsOfTimes(tom.id)
          const [redeemed] = yield* redemptionTimes(input.billNumber)
          const [transferred] = yield* transferTimes(result.transferId)
          assert.strictEqual(issued, start)
          assert.isTrue(redeemed! > start && redeemed! <= start + 1000, `redeemed at ${redeemed! - start} ms`)
          assert.isTrue(
            transferred! >= redeemed! + 2 * 3600 * 1000 && transferred! <= start + 2 * 3600 * 1000 + 1000,
            `transferred at ${transferred! - start} ms`
          )
          const events = yield* history
          assert.strictEqual(events.at(0)?.at, start)
          assert.strictEqual(events.at(-1)?._tag, "FlowCompleted")
          assert.strictEqual(events.at(-1)?.at, transferred)
          const clock = yield* Effect.flatMap(
            Emulator.Emulator,
            ({ url }) =>
              Effect.promise(() => fetch(`${url}/__emulator/clock`).then((response) => response.json() as any))
          )
          assert.strictEqual(clock.now, start + 1000 + 2 * 3600 * 1000)
        }).pipe(Effect.provide(flowsOn(Engine.layerMemory)))
      }),
    20_000
  )
})

const couponsOfTimes = (customerId: number) =>
  Effect.map(
    query<{ issued_at: number }>((sql) => sql`SELECT issued_at FROM coupons WHERE customer_id = ${customerId}`),
    (rows) => rows.map((row) => row.issued_at)
  )
const redemptionTimes = (billNumber: string) =>
  Effect.map(
    query<{ redeemed_at: number }>((sql) =>
      sql`SELECT redeemed_at FROM coupon_redemptions WHERE transaction_number = ${billNumber}`
    ),
    (rows) => rows.map((row) => row.redeemed_at)
  )
const transferTimes = (id: number) =>
  Effect.map(
    query<{ created_at: number }>((sql) => sql`SELECT created_at FROM points_transfers WHERE id = ${id}`),
    (rows) => rows.map((row) => row.created_at)
  )
