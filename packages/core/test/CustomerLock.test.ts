import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { CustomerLock } from "../src/index.ts"

const CUSTOMER_A = "919000000001"
const CUSTOMER_B = "919000000002"

/** Lets forked fibers run until they are all waiting. */
const settle = TestClock.adjust(0)

/** A call that records when it starts and ends, and finishes when `release` is completed. */
const call = (log: Array<string>, name: string, release: Deferred.Deferred<void>) =>
  Effect.gen(function*() {
    log.push(`start ${name}`)
    yield* Deferred.await(release)
    log.push(`end ${name}`)
    return name
  })

describe("CustomerLock", () => {
  it.effect("runs calls for the same customer one at a time, in order", () =>
    Effect.gen(function*() {
      const lock = yield* CustomerLock.make
      const log: Array<string> = []
      const first = yield* Deferred.make<void>()
      const second = yield* Deferred.make<void>()
      const f1 = yield* Effect.forkChild(lock.withLock(CUSTOMER_A)(call(log, "1", first)))
      const f2 = yield* Effect.forkChild(lock.withLock(CUSTOMER_A)(call(log, "2", second)))
      yield* settle
      assert.deepStrictEqual(log, ["start 1"])
      assert.strictEqual(yield* lock.size, 1)
      yield* Deferred.succeed(first, void 0)
      yield* settle
      assert.deepStrictEqual(log, ["start 1", "end 1", "start 2"])
      yield* Deferred.succeed(second, void 0)
      assert.strictEqual(yield* Fiber.join(f1), "1")
      assert.strictEqual(yield* Fiber.join(f2), "2")
      assert.deepStrictEqual(log, ["start 1", "end 1", "start 2", "end 2"])
    }))

  it.effect("runs calls for different customers concurrently", () =>
    Effect.gen(function*() {
      const lock = yield* CustomerLock.make
      const log: Array<string> = []
      const release = yield* Deferred.make<void>()
      const fa = yield* Effect.forkChild(lock.withLock(CUSTOMER_A)(call(log, "a", release)))
      const fb = yield* Effect.forkChild(lock.withLock(CUSTOMER_B)(call(log, "b", release)))
      yield* settle
      assert.deepStrictEqual(log, ["start a", "start b"])
      assert.strictEqual(yield* lock.size, 2)
      yield* Deferred.succeed(release, void 0)
      yield* Fiber.joinAll([fa, fb])
      assert.strictEqual(yield* lock.size, 0)
    }))

  it.effect("is re-entrant: a call made while holding a customer's lock runs at once", () =>
    Effect.gen(function*() {
      const lock = yield* CustomerLock.make
      const nested = yield* lock.withLock(CUSTOMER_A)(lock.withLock(CUSTOMER_A)(Effect.succeed("inner"))).pipe(
        Effect.timeout("1 second")
      )
      assert.strictEqual(nested, "inner")
      assert.strictEqual(yield* lock.size, 0)
    }))

  it.effect("re-entry is per lock table: another table's lock of the same key is still taken", () =>
    Effect.gen(function*() {
      const first = yield* CustomerLock.make
      const second = yield* CustomerLock.make
      const sizes = yield* first.withLock(CUSTOMER_A)(
        second.withLock(CUSTOMER_A)(
          Effect.all([first.size, second.size])
        )
      )
      assert.deepStrictEqual(sizes, [1, 1])
    }))

  it.effect("drops a customer's entry when its last call succeeds", () =>
    Effect.gen(function*() {
      const lock = yield* CustomerLock.make
      assert.strictEqual(yield* lock.size, 0)
      const result = yield* lock.withLock(CUSTOMER_A)(Effect.succeed(7))
      assert.strictEqual(result, 7)
      assert.strictEqual(yield* lock.size, 0)
    }))

  it.effect("drops the entry after a failure, and the failure reaches the caller", () =>
    Effect.gen(function*() {
      const lock = yield* CustomerLock.make
      const exit = yield* Effect.exit(lock.withLock(CUSTOMER_A)(Effect.fail("boom")))
      assert.deepStrictEqual(exit, Exit.fail("boom"))
      assert.strictEqual(yield* lock.size, 0)
      // the lock is free again
      assert.strictEqual(yield* lock.withLock(CUSTOMER_A)(Effect.succeed("next")), "next")
      assert.strictEqual(yield* lock.size, 0)
    }))

  it.effect("drops the entry after interrupting a holder and a waiter, and frees the lock", () =>
    Effect.gen(function*() {
      const lock = yield* CustomerLock.make
      const log: Array<string> = []
      const never = yield* Deferred.make<void>()
      const holder = yield* Effect.forkChild(lock.withLock(CUSTOMER_A)(call(log, "holder", never)))
      const waiter = yield* Effect.forkChild(lock.withLock(CUSTOMER_A)(call(log, "waiter", never)))
      yield* settle
      assert.strictEqual(yield* lock.size, 1)
      yield* Fiber.interrupt(waiter)
      assert.strictEqual(yield* lock.size, 1, "the holder still holds the entry")
      yield* Fiber.interrupt(holder)
      assert.strictEqual(yield* lock.size, 0)
      assert.deepStrictEqual(log, ["start holder"])
      assert.strictEqual(yield* lock.withLock(CUSTOMER_A)(Effect.succeed("after")), "after")
    }))

  it.effect("passes the lock on when the holder is interrupted", () =>
    Effect.gen(function*() {
      const lock = yield* CustomerLock.make
      const log: Array<string> = []
      const never = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const holder = yield* Effect.forkChild(lock.withLock(CUSTOMER_A)(call(log, "holder", never)))
      const waiter = yield* Effect.forkChild(lock.withLock(CUSTOMER_A)(call(log, "waiter", release)))
      yield* settle
      yield* Fiber.interrupt(holder)
      yield* settle
      assert.deepStrictEqual(log, ["start holder", "start waiter"])
      assert.strictEqual(yield* lock.size, 1)
      yield* Deferred.succeed(release, void 0)
      assert.strictEqual(yield* Fiber.join(waiter), "waiter")
      assert.strictEqual(yield* lock.size, 0)
    }))

  it.effect("keeps the number of entries bounded by the customers in flight", () =>
    Effect.gen(function*() {
      const lock = yield* CustomerLock.make
      const customers = Array.from({ length: 50 }, (_, i) => `9190000${String(i).padStart(5, "0")}`)
      const release = yield* Deferred.make<void>()
      const calls = yield* Effect.forkChild(
        Effect.forEach([...customers, ...customers], (customer) => lock.withLock(customer)(Deferred.await(release)), {
          concurrency: "unbounded"
        })
      )
      yield* settle
      assert.strictEqual(yield* lock.size, customers.length)
      yield* Deferred.succeed(release, void 0)
      yield* Fiber.join(calls)
      assert.strictEqual(yield* lock.size, 0)
    }))
})
