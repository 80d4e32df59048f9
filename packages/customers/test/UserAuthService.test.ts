/**
 * The user authentication service against a scripted server over a real socket: what each operation sends (the
 * digest, never the typed password), the named errors, refusals before sending, and how an ambiguous registration
 * is reconciled by authorising with the same credentials.
 */
import { Auth, CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Customer, UserAuth, UserAuthErrors } from "../src/index.ts"
import { userAuthAt } from "./fixtures/access.ts"
import * as Examples from "./fixtures/accessUserAuth.ts"
import { failure, serve } from "./fixtures/capillary.ts"

const credentials: UserAuth.UserCredentials = {
  mobile: "71000000000",
  email: "tom.sawyer@example.com",
  password: UserAuth.hashPassword("tom123")
}

const wire = { mobile: "71000000000", email: "tom.sawyer@example.com", password: Auth.md5Hex("tom123") }

describe("UserAuthService", () => {
  it.live("sends each operation to its route with the digest, and reads the documented answers", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.path === "/v2/user_auth/register"
          ? { json: Examples.registerResponse }
          : { json: Examples.authorizeResponse }
      )
      const auth = yield* userAuthAt(server.url)
      const customer = yield* auth.register(credentials)
      assert.instanceOf(customer, Customer.Customer)
      assert.strictEqual(customer.id, 24335250)
      yield* auth.authorize(credentials)
      yield* auth.updatePassword({ ...credentials, password: UserAuth.hashPassword("tom12345") })
      assert.deepStrictEqual(server.sent.map(({ method, path }) => [method, path]), [
        ["POST", "/v2/user_auth/register"],
        ["POST", "/v2/user_auth/authorize_user"],
        ["POST", "/v2/user_auth/update"]
      ])
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, wire)
      assert.deepStrictEqual<unknown>(server.sent[2]!.body, { ...wire, password: Auth.md5Hex("tom12345") })
      for (const sent of server.sent) assert.notInclude(JSON.stringify(sent.body), "tom123\"")
    }))

  it.live("turns Capillary's codes, and an entity: false, into the named errors", () =>
    Effect.gen(function*() {
      let next = failure(91029, Examples.errorCodes[91029])
      const server = yield* serve(() => next)
      const auth = yield* userAuthAt(server.url)
      assert.instanceOf(yield* Effect.flip(auth.register(credentials)), UserAuthErrors.UserAlreadyRegistered)
      next = failure(91031, Examples.errorCodes[91031])
      assert.instanceOf(yield* Effect.flip(auth.register(credentials)), UserAuthErrors.RegistrationFailed)
      next = failure(91027, Examples.errorCodes[91027])
      assert.instanceOf(yield* Effect.flip(auth.register(credentials)), UserAuthErrors.InvalidUsername)
      assert.instanceOf(yield* Effect.flip(auth.authorize(credentials)), UserAuthErrors.InvalidUsername)
      assert.instanceOf(yield* Effect.flip(auth.updatePassword(credentials)), UserAuthErrors.InvalidUsername)
      next = failure(91028, Examples.errorCodes[91028])
      assert.instanceOf(yield* Effect.flip(auth.authorize(credentials)), UserAuthErrors.InvalidPasswordFormat)
      next = failure(91024, Examples.errorCodes[91024])
      assert.instanceOf(yield* Effect.flip(auth.authorize(credentials)), UserAuthErrors.AuthenticationFailed)
      next = failure(91026, Examples.errorCodes[91026])
      assert.instanceOf(yield* Effect.flip(auth.updatePassword(credentials)), UserAuthErrors.PasswordUpdateFailed)
      next = { json: { entity: false, warnings: [] } }
      assert.instanceOf(yield* Effect.flip(auth.authorize(credentials)), UserAuthErrors.AuthenticationFailed)
      assert.instanceOf(yield* Effect.flip(auth.updatePassword(credentials)), UserAuthErrors.PasswordUpdateFailed)
    }))

  it.live("refuses invalid credentials before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: Examples.authorizeResponse }))
      const auth = yield* userAuthAt(server.url)
      const attempts = [
        auth.register({ password: credentials.password } as UserAuth.UserCredentials),
        auth.authorize({ ...credentials, mobile: "+91 7100" }),
        auth.updatePassword({ ...credentials, password: UserAuth.hashPassword("") })
      ] as const
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt as Effect.Effect<unknown, unknown>)
        assert(error instanceof CapillaryError.CapillaryError, String(error))
        assert.strictEqual(error.reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  it.live("an ambiguous registration that now authorises was done: the customer is read back", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.path === "/v2/user_auth/register"
          ? "reset"
          : request.path === "/v2/user_auth/authorize_user"
          ? { json: Examples.authorizeResponse }
          : { json: Examples.registerResponse }
      )
      const auth = yield* userAuthAt(server.url)
      const customer = yield* auth.register(credentials)
      assert.strictEqual(customer.id, 24335250)
      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/user_auth/register", {}],
        ["POST", "/v2/user_auth/authorize_user", {}],
        ["GET", "/v2/customers/lookup/customerDetails", {
          source: "ALL",
          identifierName: "mobile",
          identifierValue: "71000000000"
        }]
      ])
    }))

  it.live("an ambiguous registration that does not authorise was not done: it is sent again", () =>
    Effect.gen(function*() {
      let registers = 0
      const server = yield* serve((request) => {
        if (request.path === "/v2/user_auth/authorize_user") return failure(91024, Examples.errorCodes[91024])
        registers++
        return registers === 1 ? "reset" : { json: Examples.registerResponse }
      })
      const auth = yield* userAuthAt(server.url)
      const customer = yield* auth.register(credentials)
      assert.strictEqual(customer.id, 24335250)
      assert.deepStrictEqual(server.sent.map(({ path }) => path), [
        "/v2/user_auth/register",
        "/v2/user_auth/authorize_user",
        "/v2/user_auth/register"
      ])
    }))
})
