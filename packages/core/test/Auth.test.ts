import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { Auth, CapillaryError, Credentials } from "../src/index.ts"
import { makeClient } from "./fixtures/client.ts"
import * as Endpoints from "./fixtures/endpoints.ts"
import { pause, real, type Recorded, start, type TestServer } from "./fixtures/server.ts"

const customer = { id: 42, firstName: "Tom", warnings: [] }
const oauth = Credentials.oauth("demo-key", "demo-secret")

/** An OAuth-speaking server: issues numbered tokens with the given ttl and accepts only tokens it issued and did not revoke. */
const oauthServer = (options: { readonly ttlSeconds: number; readonly tokenDelayMs?: number }) =>
  Effect.gen(function*() {
    let issued = 0
    const revoked = new Set<string>()
    const server: TestServer = yield* start(async (request: Recorded) => {
      if (request.path === "/v3/oauth/token/generate") {
        const body = request.body as { key?: string; secret?: string }
        if (body.key !== "demo-key" || body.secret !== "demo-secret") {
          return { json: { data: null, errors: [{ code: 320001, message: "Invalid client key and secret" }] } }
        }
        if (options.tokenDelayMs !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs))
        }
        issued++
        return { json: { data: { accessToken: `token-${issued}`, ttlSeconds: options.ttlSeconds }, errors: null } }
      }
      const token = String(request.headers["x-cap-api-oauth-token"] ?? "")
      if (!token.startsWith("token-") || revoked.has(token)) {
        return {
          json: {
            response: {
              status: { success: "false", code: "498", message: "Token expired at 2026-11-22T10:00:00.000+0530" }
            }
          }
        }
      }
      return { json: customer }
    })
    const tokenRequests = () => server.requests.filter((r) => r.path === "/v3/oauth/token/generate").length
    return { server, tokenRequests, revoke: (token: string) => revoked.add(token) }
  })

const get = { path: { id: 42 }, query: {} } as const

describe("Auth", () => {
  it("builds Capillary's Basic header from the till and the MD5 of the password", () => {
    // The worked example of Capillary's docs.
    assert.strictEqual(Auth.md5Hex("server123"), "8a16a6b70505eb1f1ff7cdc0cd5559a7")
    const header = Auth.basicHeader(Credentials.basic("store.server", "server123") as Credentials.Basic)
    assert.strictEqual(
      Redacted.value(header),
      "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"
    )
    assert.notInclude(String(header), "c3RvcmU")
  })

  it.live("sends Basic credentials on every request", () =>
    Effect.gen(function*() {
      const server = yield* start(() => ({ json: customer }))
      const client = yield* makeClient(server.url, { credentials: Credentials.basic("store.server", "server123") })
      yield* client.execute(Endpoints.getCustomer, get)
      assert.strictEqual(
        server.requests[0]!.headers.authorization,
        "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3"
      )
      assert.isUndefined(server.requests[0]!.headers["x-cap-api-oauth-token"])
    }))

  it.live("exchanges key and secret for a token, sends it as X-CAP-API-OAUTH-TOKEN, and caches it", () =>
    Effect.gen(function*() {
      const { server, tokenRequests } = yield* oauthServer({ ttlSeconds: 300 })
      const client = yield* makeClient(server.url, { credentials: oauth })
      yield* client.execute(Endpoints.getCustomer, get)
      yield* client.execute(Endpoints.getCustomer, get)
      assert.strictEqual(tokenRequests(), 1)
      const [tokenRequest, first, second] = server.requests
      assert.strictEqual(tokenRequest!.method, "POST")
      assert.deepStrictEqual(tokenRequest!.body, { key: "demo-key", secret: "demo-secret" })
      assert.isUndefined(tokenRequest!.headers.authorization)
      for (const request of [first!, second!]) {
        assert.strictEqual(request.headers["x-cap-api-oauth-token"], "token-1")
        assert.isUndefined(request.headers.authorization)
      }
    }))

  it.live("fails with Unauthorized when the key and secret are wrong", () =>
    Effect.gen(function*() {
      const { server } = yield* oauthServer({ ttlSeconds: 300 })
      const client = yield* makeClient(server.url, { credentials: Credentials.oauth("demo-key", "wrong") })
      const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, get))
      assert.instanceOf(error, CapillaryError.CapillaryError)
      const reason = (error as CapillaryError.CapillaryError).reason
      assert(reason._tag === "Unauthorized")
      assert.strictEqual(reason.code, 320001)
      assert.strictEqual(server.requests.length, 1)
    }))

  it.effect("refreshes the token before it expires", () =>
    Effect.gen(function*() {
      const { server, tokenRequests } = yield* oauthServer({ ttlSeconds: 300 })
      const client = yield* makeClient(server.url, { credentials: oauth, tokenRefreshWindow: "60 seconds" })
      yield* client.execute(Endpoints.getCustomer, get)
      yield* TestClock.adjust("200 seconds")
      yield* client.execute(Endpoints.getCustomer, get)
      assert.strictEqual(tokenRequests(), 1, "still fresh at 200 s")
      yield* TestClock.adjust("45 seconds")
      yield* client.execute(Endpoints.getCustomer, get)
      assert.strictEqual(tokenRequests(), 2, "refreshed inside the last 60 s of a 300 s token")
      assert.strictEqual(server.requests.at(-1)!.headers["x-cap-api-oauth-token"], "token-2")
    }))

  it.live("refreshes once and retries when the token expires mid-run", () =>
    Effect.gen(function*() {
      const { revoke, server, tokenRequests } = yield* oauthServer({ ttlSeconds: 3600 })
      const client = yield* makeClient(server.url, { credentials: oauth })
      yield* client.execute(Endpoints.getCustomer, get)
      revoke("token-1")
      const result = yield* client.execute(Endpoints.getCustomer, get)
      assert.strictEqual(result.id, 42)
      assert.strictEqual(tokenRequests(), 2)
      const last = server.requests.slice(-3)
      assert.deepStrictEqual(
        last.map((r) => [r.path, r.headers["x-cap-api-oauth-token"]]),
        [["/v2/customers/42", "token-1"], ["/v3/oauth/token/generate", undefined], ["/v2/customers/42", "token-2"]]
      )
    }))

  it.live("refreshes only once per call: a token rejected again is an Unauthorized error", () =>
    Effect.gen(function*() {
      const { revoke, server } = yield* oauthServer({ ttlSeconds: 3600 })
      const client = yield* makeClient(server.url, { credentials: oauth })
      revoke("token-1")
      revoke("token-2")
      const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, get))
      const reason = (error as CapillaryError.CapillaryError).reason
      assert(reason._tag === "Unauthorized")
      assert.strictEqual(reason.code, 498)
      assert.isTrue(reason.tokenRejected)
      assert.strictEqual(server.requests.filter((r) => r.path !== "/v3/oauth/token/generate").length, 2)
    }))

  it.live("concurrent callers share one token refresh", () =>
    Effect.gen(function*() {
      const { tokenRequests, server } = yield* oauthServer({ ttlSeconds: 300, tokenDelayMs: 100 })
      const client = yield* makeClient(server.url, { credentials: oauth })
      const results = yield* Effect.forEach(
        Array.from({ length: 25 }, () => get),
        (input) => client.execute(Endpoints.getCustomer, input),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(results.length, 25)
      assert.strictEqual(tokenRequests(), 1)
    }))

  it.effect("a refresh in flight is shared by callers arriving while it runs, under the TestClock", () =>
    Effect.gen(function*() {
      const { tokenRequests, server } = yield* oauthServer({ ttlSeconds: 300, tokenDelayMs: 50 })
      const client = yield* makeClient(server.url, { credentials: oauth })
      yield* client.execute(Endpoints.getCustomer, get)
      yield* TestClock.adjust("299 seconds")
      const fibers = yield* Effect.forEach(
        [1, 2, 3, 4, 5],
        () => Effect.forkChild(client.execute(Endpoints.getCustomer, get))
      )
      yield* pause(10)
      yield* real(() => server.waitForRequests(8))
      for (const fiber of fibers) yield* Fiber.join(fiber)
      assert.strictEqual(tokenRequests(), 2)
    }))
})

describe("Auth over HTTP 401", () => {
  it.live("a token request refused with HTTP 401 reports the body's code and is not retried", () =>
    Effect.gen(function*() {
      const server = yield* start(() => ({
        status: 401,
        json: { data: null, errors: [{ code: 320001, message: "Invalid client key and secret" }] }
      }))
      const client = yield* makeClient(server.url, { credentials: Credentials.oauth("demo-key", "nope") })
      const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, get))
      const reason = (error as CapillaryError.CapillaryError).reason
      assert(reason._tag === "Unauthorized")
      assert.strictEqual(reason.code, 320001)
      assert.isFalse(reason.tokenRejected)
      assert.strictEqual(server.requests.length, 1)
    }))
})
