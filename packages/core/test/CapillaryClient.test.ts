import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Option, Schema } from "effect"
import { TestClock } from "effect/testing"
import { CapillaryError, Endpoint } from "../src/index.ts"
import { makeClient } from "./fixtures/client.ts"
import * as Endpoints from "./fixtures/endpoints.ts"
import { captured } from "./fixtures/observe.ts"
import { pause, real, start } from "./fixtures/server.ts"

const customer = { id: 42, firstName: "Tom", warnings: [] }
const notFound = {
  errors: [{ status: false, code: 8015, message: "Customer not found for the given identifiers" }],
  warnings: []
}

const reasonOf = (error: unknown) => {
  assert.instanceOf(error, CapillaryError.CapillaryError)
  return (error as CapillaryError.CapillaryError).reason
}

describe("CapillaryClient", () => {
  describe("requests", () => {
    it.live("encodes path and query, and decodes the success body", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: customer, headers: { "X-CAP-REQUEST-ID": "req-1" } }))
        const client = yield* makeClient(server.url)
        const result = yield* client.execute(Endpoints.getCustomer, { path: { id: 42 }, query: { source: "INSTORE" } })
        assert.deepStrictEqual(result, customer)
        const [request] = server.requests
        assert.strictEqual(request!.method, "GET")
        assert.strictEqual(request!.path, "/v2/customers/42")
        assert.strictEqual(request!.query.get("source"), "INSTORE")
        assert.strictEqual(request!.headers.accept, "application/json")
        assert.match(String(request!.headers["user-agent"]), /^capillary-effect\/\d+\.\d+\.\d+/)
      }))

    it.live("always sends an endpoint's variant query parameters", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: customer }))
        const client = yield* makeClient(server.url)
        const groupBalance = Endpoint.make({
          id: "test.groupBalance",
          section: "User group",
          summary: "A group's balance",
          family: "v2",
          method: "GET",
          path: "/v2/customers/{id}",
          params: Endpoints.getCustomer.params,
          success: Endpoints.Customer,
          variant: { entityType: "FLEET" }
        })
        yield* client.execute(groupBalance, { path: { id: 42 } })
        const [request] = server.requests
        assert.strictEqual(request!.query.get("entityType"), "FLEET")
        assert.strictEqual(request!.path, "/v2/customers/42")
      }))

    it.live("sends JSON bodies and attribution headers", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: { createdId: 7, warnings: [] } }))
        const client = yield* makeClient(server.url, {
          attribution: { entityType: "STORE_CODE", entityCode: "s1", tillCode: "t1" }
        })
        const result = yield* client.execute(Endpoints.addCustomer, {
          body: { mobile: "919000000001", firstName: "Ann" }
        })
        assert.strictEqual(result.createdId, 7)
        const [request] = server.requests
        assert.deepStrictEqual(request!.body, { mobile: "919000000001", firstName: "Ann" })
        assert.strictEqual(request!.headers["content-type"], "application/json")
        assert.strictEqual(request!.headers["x-cap-api-attribution-entity-type"], "STORE_CODE")
        assert.strictEqual(request!.headers["x-cap-api-attribution-entity-code"], "s1")
        assert.strictEqual(request!.headers["x-cap-api-attribution-till-code"], "t1")
      }))

    it.live("rejects invalid input before sending anything", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: { createdId: 1, warnings: [] } }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(
          client.execute(Endpoints.addCustomer, { body: { mobile: "not-a-number", firstName: "Ann" } })
        )
        const reason = reasonOf(error)
        assert.strictEqual(reason._tag, "InvalidRequest")
        assert.strictEqual((error as CapillaryError.CapillaryError).attempts, 0)
        assert.match(reason.message, /invalid body/)
        assert.strictEqual(server.requests.length, 0)
      }))

    it.live("maps declared Capillary codes to domain errors, whatever the HTTP status", () =>
      Effect.gen(function*() {
        const server = yield* start((_, index) => ({
          status: index === 0 ? 400 : 200,
          json: notFound,
          headers: { "X-CAP-REQUEST-ID": `req-${index}` }
        }))
        const client = yield* makeClient(server.url)
        for (const _ of [0, 1]) {
          const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 1 }, query: {} }))
          assert.instanceOf(error, Endpoints.CustomerNotFound)
          assert.strictEqual((error as Endpoints.CustomerNotFound).code, 8015)
        }
        const second = yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 1 }, query: {} }))
        assert.strictEqual((second as Endpoints.CustomerNotFound).requestId, "req-2")
        // business errors are never retried
        assert.strictEqual(server.requests.length, 3)
      }))

    it.live("reports undeclared codes as an API error with status, code and request id", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({
          status: 400,
          json: { errors: [{ code: 8003, message: "Invalid source", status: false }] },
          headers: { "X-CAP-REQUEST-ID": "abc123" }
        }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 1 }, query: {} }))
        const reason = reasonOf(error)
        assert(reason._tag === "ApiError")
        assert.strictEqual(reason.status, 400)
        assert.strictEqual(reason.code, 8003)
        assert.strictEqual(reason.requestId, "abc123")
        assert.strictEqual((error as CapillaryError.CapillaryError).requestId, "abc123")
        assert.strictEqual(server.requests.length, 1)
        assert.include((error as CapillaryError.CapillaryError).message, "test.getCustomer")
      }))

    it.live("fails with a decode error when the body does not match the declared schema", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: { id: "not a number" } }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 1 }, query: {} }))
        assert.strictEqual(reasonOf(error)._tag, "DecodeError")
        assert.strictEqual(server.requests.length, 1)
      }))
  })

  describe("retries", () => {
    for (
      const [status, tag] of [[429, "RateLimited"], [500, "ApiError"], [503, "ApiError"], [461, "Busy"], [
        521,
        "Busy"
      ]] as const
    ) {
      it.live(`retries a read on ${status} and succeeds`, () =>
        Effect.gen(function*() {
          const server = yield* start((_, index) => index < 2 ? { status, json: {} } : { json: customer })
          const client = yield* makeClient(server.url)
          const result = yield* client.execute(Endpoints.getCustomer, { path: { id: 42 }, query: {} })
          assert.strictEqual(result.id, 42)
          assert.strictEqual(server.requests.length, 3)
        }))

      it.live(`gives up on ${status} after maxRetries with reason ${tag}`, () =>
        Effect.gen(function*() {
          const server = yield* start(() => ({ status, json: {} }))
          const client = yield* makeClient(server.url, {
            retry: { baseDelay: "1 millis", maxDelay: "2 millis", maxRetries: 2 }
          })
          const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 42 }, query: {} }))
          assert.strictEqual(reasonOf(error)._tag, tag)
          assert.isTrue((error as CapillaryError.CapillaryError).retryable)
          assert.strictEqual((error as CapillaryError.CapillaryError).attempts, 3)
          assert.strictEqual(server.requests.length, 3)
        }))
    }

    it.live("retries a write that certainly was not applied (429, 461, 521)", () =>
      Effect.gen(function*() {
        const statuses = [429, 461, 521]
        const server = yield* start((_, index) =>
          index < 3 ? { status: statuses[index]!, json: {} } : { json: { createdId: 9, warnings: [] } }
        )
        const client = yield* makeClient(server.url)
        const result = yield* client.execute(Endpoints.addCustomer, {
          body: { mobile: "919000000001", firstName: "A" }
        })
        assert.strictEqual(result.createdId, 9)
        assert.strictEqual(server.requests.length, 4)
      }))

    it.effect("honours Retry-After, driven by the TestClock", () =>
      Effect.gen(function*() {
        const server = yield* start((_, index) =>
          index === 0 ? { status: 429, headers: { "Retry-After": "2" }, json: {} } : { json: customer }
        )
        const client = yield* makeClient(server.url)
        const fiber = yield* Effect.forkChild(client.execute(Endpoints.getCustomer, { path: { id: 42 }, query: {} }))
        yield* real(() => server.waitForRequests(1))
        yield* pause(50)
        yield* TestClock.adjust("1900 millis")
        yield* pause(50)
        assert.strictEqual(server.requests.length, 1, "no retry before Retry-After elapsed")
        yield* TestClock.adjust("200 millis")
        yield* real(() => server.waitForRequests(2))
        const result = yield* Fiber.join(fiber)
        assert.strictEqual(result.id, 42)
      }))

    it.live("fails at once when Retry-After is beyond the bound", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ status: 429, headers: { "Retry-After": "3600" }, json: {} }))
        const client = yield* makeClient(server.url, { retry: { maxRetryAfter: "30 seconds", baseDelay: "1 millis" } })
        const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 42 }, query: {} }))
        const reason = reasonOf(error)
        assert(reason._tag === "RateLimited")
        assert.strictEqual(reason.retryAfterMillis, 3_600_000)
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("backs off exponentially with a cap", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ status: 503, json: {} }))
        const client = yield* makeClient(server.url, {
          retry: { baseDelay: "40 millis", maxDelay: "100 millis", maxRetries: 4, jitter: 0 }
        })
        yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 1 }, query: {} }))
        const gaps = server.requests.slice(1).map((request, i) => request.at - server.requests[i]!.at)
        // 40, 80, then capped at 100, 100 (small scheduling slack allowed)
        for (const [gap, expected] of gaps.map((gap, i) => [gap, [40, 80, 100, 100][i]!] as const)) {
          assert.isAtLeast(gap, expected - 5)
          assert.isBelow(gap, expected + 80)
        }
      }))
  })

  describe("ambiguous writes", () => {
    it.live("never re-sends an unsafe write after a connection reset after sending", () =>
      Effect.gen(function*() {
        const server = yield* start(() => "reset")
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(
          client.execute(Endpoints.addCustomer, { body: { mobile: "919000000001", firstName: "Ann" } })
        )
        const reason = reasonOf(error)
        assert.strictEqual(reason._tag, "AmbiguousOutcome")
        assert.isFalse((error as CapillaryError.CapillaryError).retryable)
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("treats a 5xx on an unsafe write as ambiguous", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({
          status: 500,
          json: { errors: [{ code: 500, message: "Internal error" }] }
        }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(client.execute(Endpoints.bulkIssue, { body: { seriesIds: [1] } }))
        assert.strictEqual(reasonOf(error)._tag, "AmbiguousOutcome")
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("re-sends a write with a dedup key after a reset, and reads after a reset", () =>
      Effect.gen(function*() {
        const server = yield* start((request, index) =>
          index % 2 === 0 ? "reset" : request.method === "GET" ? { json: customer } : { json: { createdId: 5 } }
        )
        const client = yield* makeClient(server.url)
        const created = yield* client.execute(Endpoints.addTransaction, { body: { billNumber: "B1", billAmount: 10 } })
        assert.strictEqual(created.createdId, 5)
        const read = yield* client.execute(Endpoints.getCustomer, { path: { id: 42 }, query: {} })
        assert.strictEqual(read.id, 42)
        assert.strictEqual(server.requests.length, 4)
      }))

    it.live("reconciles by reading back: found means done, not found means safe to send again", () =>
      Effect.gen(function*() {
        const server = yield* start((_, index) => index === 0 ? "reset" : { json: { createdId: 11, warnings: [] } })
        const client = yield* makeClient(server.url)
        const found = yield* client.execute(
          Endpoints.addCustomer,
          { body: { mobile: "919000000001", firstName: "Ann" } },
          { reconcile: Effect.succeed(Option.some({ createdId: 3, warnings: [] })) }
        )
        assert.strictEqual(found.createdId, 3)
        assert.strictEqual(server.requests.length, 1)

        server.setHandler((_, index) => index === 1 ? "reset" : { json: { createdId: 12, warnings: [] } })
        const resent = yield* client.execute(
          Endpoints.addCustomer,
          { body: { mobile: "919000000002", firstName: "Bo" } },
          { reconcile: Effect.succeed(Option.none()) }
        )
        assert.strictEqual(resent.createdId, 12)
        assert.strictEqual(server.requests.length, 3)
      }))

    it.live("a read-back of the same customer runs inside the write's per-customer lock without waiting on it", () =>
      Effect.gen(function*() {
        const server = yield* start((request) =>
          request.method === "POST" ? "reset" : { json: { entity: 21, warnings: [] } }
        )
        const client = yield* makeClient(server.url, { serializePerCustomer: true })
        const lookup = Endpoint.make({
          id: "test.lookupKeyed",
          section: "Customer",
          summary: "Look a customer up",
          family: "v2",
          method: "GET",
          path: "/v2/customers/lookup",
          query: Schema.Struct({ identifierValue: Schema.String }),
          success: Schema.Struct({ entity: Schema.Number }),
          customerKey: (input) => input.query.identifierValue
        })
        const created = yield* client.execute(
          Endpoints.addCustomer,
          { body: { mobile: "919000000031", firstName: "Ann" } },
          {
            reconcile: client.execute(lookup, { query: { identifierValue: "919000000031" } }).pipe(
              Effect.map(({ entity }) => Option.some({ createdId: entity, warnings: [] }))
            )
          }
        ).pipe(Effect.timeout("5 seconds"))
        assert.strictEqual(created.createdId, 21)
      }))

    it.live("a 501 is final and never ambiguous: the server does not implement the write", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({
          status: 501,
          json: { errors: [{ status: false, code: 501, message: "Not modelled" }], warnings: [] }
        }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(
          client.execute(Endpoints.addCustomer, { body: { mobile: "919000000032", firstName: "Bo" } })
        )
        assert.strictEqual(reasonOf(error)._tag, "ApiError")
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("retries any request refused before sending (connection refused)", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: {} }))
        const closedPort = yield* Effect.promise(() =>
          import("node:net").then((net) =>
            new Promise<number>((resolve) => {
              const probe = net.createServer().listen(0, "127.0.0.1", () => {
                const port = (probe.address() as { port: number }).port
                probe.close(() => resolve(port))
              })
            })
          )
        )
        void server
        const client = yield* makeClient(`http://127.0.0.1:${closedPort}`, {
          retry: { maxRetries: 2, baseDelay: "1 millis" }
        })
        const error = yield* Effect.flip(
          client.execute(Endpoints.addCustomer, { body: { mobile: "919000000001", firstName: "A" } })
        )
        const reason = reasonOf(error)
        assert(reason._tag === "TransportError")
        assert.isFalse(reason.sent)
        assert.strictEqual((error as CapillaryError.CapillaryError).attempts, 3)
      }))
  })

  describe("timeouts and interruption", () => {
    it.live("times out a request that gets no answer, and retries a read", () =>
      Effect.gen(function*() {
        const server = yield* start(() => "hang")
        const client = yield* makeClient(server.url, {
          timeout: "100 millis",
          retry: { maxRetries: 1, baseDelay: "1 millis" }
        })
        const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 1 }, query: {} }))
        const reason = reasonOf(error)
        assert(reason._tag === "Timeout")
        assert.strictEqual(reason.timeoutMillis, 100)
        assert.strictEqual(server.requests.length, 2)
      }))

    it.live("a timed-out unsafe write is ambiguous and not re-sent", () =>
      Effect.gen(function*() {
        const server = yield* start(() => "hang")
        const client = yield* makeClient(server.url, { timeout: "100 millis" })
        const error = yield* Effect.flip(
          client.execute(Endpoints.addCustomer, { body: { mobile: "919000000001", firstName: "A" } })
        )
        assert.strictEqual(reasonOf(error)._tag, "AmbiguousOutcome")
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("interruption cancels the request on the wire", () =>
      Effect.gen(function*() {
        const server = yield* start(() => "hang")
        const client = yield* makeClient(server.url)
        const fiber = yield* Effect.forkChild(client.execute(Endpoints.getCustomer, { path: { id: 1 }, query: {} }))
        yield* real(() => server.waitForRequests(1))
        yield* Fiber.interrupt(fiber)
        yield* real(() => server.waitForAborted(1))
        const exit = yield* Fiber.await(fiber)
        assert.isTrue(Exit.hasInterrupts(exit))
      }))
  })

  describe("observability", () => {
    it.live("traces each call as one span with endpoint, attempts, HTTP status and request id", () =>
      Effect.gen(function*() {
        const server = yield* start((_, index) =>
          index === 0
            ? { status: 503, json: {}, headers: { "X-CAP-REQUEST-ID": "first" } }
            : { json: customer, headers: { "X-CAP-REQUEST-ID": "second" } }
        )
        const client = yield* makeClient(server.url)
        const { exit, spanList } = yield* captured(
          client.execute(Endpoints.getCustomer, { path: { id: 42 }, query: {} })
        )
        assert.isTrue(Exit.isSuccess(exit))
        const span = spanList.find((s) => s.name === "Capillary.test.getCustomer")
        assert.isDefined(span)
        assert.strictEqual(span!.attributes.get("capillary.endpoint"), "test.getCustomer")
        assert.strictEqual(span!.attributes.get("http.route"), "/v2/customers/{id}")
        assert.strictEqual(span!.attributes.get("capillary.attempt"), 2)
        assert.strictEqual(span!.attributes.get("http.response.status_code"), 200)
        assert.strictEqual(span!.attributes.get("capillary.request_id"), "second")
        assert.deepStrictEqual(span!.events.map(([name, , attributes]) => [name, attributes["capillary.reason"]]), [[
          "capillary.retry",
          "ApiError"
        ]])
        // the HTTP client's own span (which would carry the raw URL) is not emitted
        assert.deepStrictEqual(spanList.map((s) => s.name), ["Capillary.test.getCustomer"])
      }))
  })

  describe("per-customer serialisation", () => {
    it.live("never overlaps two calls for the same customer when enabled", () =>
      Effect.gen(function*() {
        let inFlight = 0
        let maxInFlight = 0
        const server = yield* start(async () => {
          inFlight++
          maxInFlight = Math.max(maxInFlight, inFlight)
          await new Promise((resolve) => setTimeout(resolve, 20))
          inFlight--
          return { json: customer }
        })
        const serialised = yield* makeClient(server.url, { serializePerCustomer: true })
        yield* Effect.forEach([1, 2, 3, 4], () =>
          serialised.execute(Endpoints.getCustomer, { path: { id: 42 }, query: {} }), {
          concurrency: "unbounded"
        })
        assert.strictEqual(maxInFlight, 1)
        // different customers still run concurrently
        yield* Effect.forEach([1, 2, 3, 4], (id) =>
          serialised.execute(Endpoints.getCustomer, { path: { id }, query: {} }), {
          concurrency: "unbounded"
        })
        assert.isAbove(maxInFlight, 1)
      }))
  })
})
