import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { CapillaryConfig, Credentials, RateLimiter } from "../src/index.ts"
import { makeClient } from "./fixtures/client.ts"
import * as Endpoints from "./fixtures/endpoints.ts"
import { pause, real, start } from "./fixtures/server.ts"

const PER_MINUTE = 3
const KEY = "demo.till GET /v2/customers/{id}"
const OTHER_KEY = "demo.till POST /v2/customers"
const GET_CUSTOMER_FAMILY = "GET /v2/customers/{id}"
const customer = { id: 42, firstName: "Tom", warnings: [] }
const credentials = Credentials.basic("demo.till", "demo123")

/** Lets forked fibers run until they are all waiting (on the limiter or on the TestClock). */
const settle = TestClock.adjust(0)

/** Starts `count` acquisitions of `key`, in order; `passed` records the index of each one that got through. */
const acquireAll = (limiter: RateLimiter.RateLimiter, key: string, count: number, passed: Array<number>) =>
  Effect.forEach(
    Array.from({ length: count }, (_, i) => i),
    (i) => Effect.forkChild(Effect.andThen(limiter.acquire(key, PER_MINUTE), Effect.sync(() => passed.push(i)))),
    { concurrency: 1 }
  )

describe("RateLimiter", () => {
  describe("sliding window", () => {
    it.effect("lets N calls through at once and holds the rest until the window slides", () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter.make
        const passed: Array<number> = []
        const fibers = yield* acquireAll(limiter, KEY, 7, passed)
        yield* settle
        assert.strictEqual(passed.length, 3)
        yield* TestClock.adjust("59999 millis")
        assert.strictEqual(passed.length, 3, "nothing more before the first call is a minute old")
        yield* TestClock.adjust("1 millis")
        assert.strictEqual(passed.length, 6)
        yield* TestClock.adjust("60 seconds")
        assert.strictEqual(passed.length, 7)
        yield* Fiber.joinAll(fibers)
      }))

    it.effect("reads a limit below one call per minute as one, instead of waiting forever", () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter.make
        const passed: Array<number> = []
        for (const limit of [0, -5, 0.5]) {
          yield* Effect.forkChild(
            Effect.andThen(limiter.acquire(`zero-${limit}`, limit), Effect.sync(() => passed.push(limit)))
          )
        }
        yield* settle
        assert.deepStrictEqual(passed, [0, -5, 0.5])
      }))

    it.effect("frees each slot a minute after its own call, not at a fixed window edge", () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter.make
        const passed: Array<number> = []
        yield* limiter.acquire(KEY, 2) // t = 0
        yield* TestClock.adjust("30 seconds")
        yield* limiter.acquire(KEY, 2) // t = 30 s
        yield* TestClock.adjust("10 seconds")
        const third = yield* Effect.forkChild(
          Effect.andThen(limiter.acquire(KEY, 2), Effect.sync(() => passed.push(3)))
        )
        const fourth = yield* Effect.forkChild(
          Effect.andThen(limiter.acquire(KEY, 2), Effect.sync(() => passed.push(4)))
        )
        yield* settle
        assert.deepStrictEqual(passed, [])
        yield* TestClock.adjust("20 seconds") // t = 60 s: the call of t = 0 leaves the window
        assert.deepStrictEqual(passed, [3])
        yield* TestClock.adjust("29 seconds") // t = 89 s
        assert.deepStrictEqual(passed, [3])
        yield* TestClock.adjust("1 second") // t = 90 s: the call of t = 30 s leaves the window
        assert.deepStrictEqual(passed, [3, 4])
        yield* Fiber.joinAll([third, fourth])
      }))

    it.effect("keeps keys independent", () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter.make
        const passed: Array<number> = []
        const held = yield* acquireAll(limiter, KEY, PER_MINUTE + 1, passed)
        yield* settle
        assert.strictEqual(passed.length, PER_MINUTE)
        // another key is not held up by the full one
        yield* Effect.forEach([1, 2, 3], () => limiter.acquire(OTHER_KEY, PER_MINUTE), { discard: true })
        yield* TestClock.adjust("60 seconds")
        assert.strictEqual(passed.length, PER_MINUTE + 1)
        yield* Fiber.joinAll(held)
      }))

    it.effect("serves waiting callers of one key in arrival order", () =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter.make
        const passed: Array<number> = []
        const fibers = yield* acquireAll(limiter, KEY, 8, passed)
        yield* settle
        yield* TestClock.adjust("60 seconds")
        yield* TestClock.adjust("60 seconds")
        assert.deepStrictEqual(passed, [0, 1, 2, 3, 4, 5, 6, 7])
        yield* Fiber.joinAll(fibers)
      }))
  })

  describe("in the client", () => {
    it.effect("spreads a burst over the window of the endpoint family", () =>
      Effect.gen(function*() {
        const server = yield* start((request) => ({
          json: request.path === "/v2/customers/lookup" ? { entity: 42, warnings: [] } : customer
        }))
        const client = yield* makeClient(server.url, {
          rateLimit: { enabled: true, perMinute: { [GET_CUSTOMER_FAMILY]: PER_MINUTE } },
          timeout: "1 hour"
        })
        const fiber = yield* Effect.forkChild(
          Effect.forEach(
            Array.from({ length: 7 }, (_, i) => i + 1),
            (id) => client.execute(Endpoints.getCustomer, { path: { id }, query: {} }),
            { concurrency: "unbounded" }
          )
        )
        yield* real(() => server.waitForRequests(3))
        yield* pause(50)
        assert.strictEqual(server.requests.length, 3)
        yield* TestClock.adjust("60 seconds")
        yield* real(() => server.waitForRequests(6))
        yield* pause(50)
        assert.strictEqual(server.requests.length, 6)
        yield* TestClock.adjust("60 seconds")
        yield* real(() => server.waitForRequests(7))
        const results = yield* Fiber.join(fiber)
        assert.strictEqual(results.length, 7)
        assert.strictEqual(server.requests.length, 7)
        // other families are not limited
        yield* Effect.forEach(
          [1, 2, 3, 4],
          () =>
            client.execute(Endpoints.lookupByMobile, {
              query: { identifierName: "mobile", identifierValue: "919000000001" }
            }),
          { concurrency: "unbounded", discard: true }
        )
        assert.strictEqual(server.requests.length, 11)
      }))

    it.live("is off for a custom base URL unless enabled", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: customer }))
        const client = yield* makeClient(server.url, { rateLimit: { perMinute: { [GET_CUSTOMER_FAMILY]: 1 } } })
        assert.isFalse(client.settings.rateLimit.enabled)
        yield* Effect.forEach([1, 2, 3, 4, 5], (id) =>
          client.execute(Endpoints.getCustomer, { path: { id }, query: {} }), {
          concurrency: "unbounded"
        })
        assert.strictEqual(server.requests.length, 5)
      }))
  })

  describe("configuration", () => {
    it("is off by default for a custom base URL, with no documented limits", () => {
      const settings = CapillaryConfig.make({ baseUrl: "http://127.0.0.1:8080", credentials })
      assert.isFalse(settings.rateLimit.enabled)
      assert.deepStrictEqual(settings.rateLimit.perMinute, {})
      assert.isUndefined(settings.rateLimit.defaultPerMinute)
    })

    it("is on for a named cluster, with the documented limits of its region", () => {
      const india = CapillaryConfig.make({ cluster: "india", credentials })
      assert.isTrue(india.rateLimit.enabled)
      assert.strictEqual(india.rateLimit.perMinute["POST /v2/customers"], 600)
      assert.strictEqual(india.rateLimit.perMinute["POST /v1.1/transaction/add"], 1500)
      assert.strictEqual(india.rateLimit.perMinute["POST /v2/coupon/issue"], 300)

      const apac2 = CapillaryConfig.make({ cluster: "apac2", credentials })
      assert.strictEqual(apac2.rateLimit.perMinute["POST /v2/customers"], 100)
      assert.strictEqual(apac2.rateLimit.perMinute["PUT /v2/customers/{id}"], 1000)

      const eu = CapillaryConfig.make({ cluster: "eu", credentials })
      assert.isTrue(eu.rateLimit.enabled)
      assert.strictEqual(eu.rateLimit.perMinute["PUT /v2/customers/{id}"], 50)
      assert.strictEqual(eu.rateLimit.perMinute["POST /v1.1/customer/add"], 400)

      // "No default limit in the US"
      const us = CapillaryConfig.make({ cluster: "us", credentials })
      assert.isTrue(us.rateLimit.enabled)
      assert.deepStrictEqual(us.rateLimit.perMinute, {})
    })

    it("lets declared limits override the documented ones, and can be turned off", () => {
      const settings = CapillaryConfig.make({
        cluster: "india",
        credentials,
        rateLimit: { perMinute: { "POST /v2/customers": 10 }, defaultPerMinute: 60 }
      })
      assert.strictEqual(settings.rateLimit.perMinute["POST /v2/customers"], 10)
      assert.strictEqual(settings.rateLimit.perMinute["POST /v2/transactions"], 1200)
      assert.strictEqual(settings.rateLimit.defaultPerMinute, 60)
      assert.isFalse(
        CapillaryConfig.make({ cluster: "india", credentials, rateLimit: { enabled: false } }).rateLimit.enabled
      )
    })
  })
})
