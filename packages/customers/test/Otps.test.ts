/**
 * The OTP service against a scripted server over a real socket: what each operation sends, the answers it reads
 * (a `false` validation is a value), which errors come back, what is refused before sending, and that a code
 * never shows in what the service returns or fails with.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { CustomerErrors, type Otp, OtpErrors } from "../src/index.ts"
import { otpsAt } from "./fixtures/access.ts"
import * as Examples from "./fixtures/accessOtp.ts"
import { failure, serve } from "./fixtures/capillary.ts"

const generate: Otp.OtpGenerate = {
  entityType: "MOBILE",
  entityValue: "919000000001",
  action: "POINTS",
  channels: [{ type: "SMS", value: "919000000001" }]
}

const validate = (code: string): Otp.OtpValidate => ({
  entityType: "MOBILE",
  entityValue: "919000000001",
  code: Redacted.make(code),
  action: "POINTS"
})

describe("Otps", () => {
  it.live("sends each operation to its route and reads the documented answers", () =>
    Effect.gen(function*() {
      let validation = Examples.validateSuccess
      const server = yield* serve((request) =>
        request.path === "/v2/otp/generate"
          ? { json: Examples.generateResponse }
          : request.path === "/v2/otp/validate"
          ? { json: validation }
          : { json: Examples.getResponse }
      )
      const otps = yield* otpsAt(server.url)

      assert.deepStrictEqual(yield* otps.generate(generate), { createdId: 10, warnings: [] })
      assert.isTrue(yield* otps.validate(validate("A2WX11I")))
      validation = Examples.validateFailure
      assert.isFalse(yield* otps.validate(validate("ZZZZ99")))
      const details = yield* otps.get({
        identifier: { type: "mobile", value: "8799361139" },
        source: "WECHAT",
        accountId: "WECHAT-API1",
        thresholdSeconds: 60,
        scope: "POINTS"
      })
      assert.strictEqual(Redacted.value(details.code), "538AD87")
      assert.notInclude(JSON.stringify(details), "538AD87")

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/otp/generate", {}],
        ["POST", "/v2/otp/validate", {}],
        ["POST", "/v2/otp/validate", {}],
        ["GET", "/v2/otp", Examples.getQuery]
      ])
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, generate)
      assert.deepStrictEqual<unknown>(server.sent[1]!.body, {
        entityType: "MOBILE",
        entityValue: "919000000001",
        code: "A2WX11I",
        action: "POINTS"
      })
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next = failure(600, "\"Invalid or Null action passed\"")
      const server = yield* serve(() => next)
      const otps = yield* otpsAt(server.url)
      const lookup = otps.get({ identifier: { type: "mobile", value: "919000000001" } })

      for (const code of [600, 601, 602, 603, 607, 621, 8056]) {
        next = failure(code, "invalid")
        const error = yield* Effect.flip(otps.generate(generate))
        assert.instanceOf(error, OtpErrors.InvalidOtpRequest)
        assert.strictEqual((error as OtpErrors.InvalidOtpRequest).code, code)
      }
      next = failure(429, "Rate limit exceeded")
      assert.instanceOf(yield* Effect.flip(otps.generate(generate)), OtpErrors.OtpLimitExceeded)
      for (const code of [606, 608, 874, 875]) {
        next = failure(code, "Unable to generate OTP")
        assert.instanceOf(yield* Effect.flip(otps.generate(generate)), OtpErrors.OtpNotGenerated)
      }
      next = failure(8015, "Customer not found for the given identifiers")
      assert.instanceOf(yield* Effect.flip(otps.generate(generate)), CustomerErrors.CustomerNotFound)
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.CustomerNotFound)

      next = failure(604, "No OTP passed")
      assert.instanceOf(yield* Effect.flip(otps.validate(validate("ABCD12"))), OtpErrors.InvalidOtpRequest)
      for (const code of [605, 876]) {
        next = failure(code, "OTP is invalid or expired")
        assert.instanceOf(yield* Effect.flip(otps.validate(validate("ABCD12"))), OtpErrors.InvalidOtp)
      }
      next = failure(9001, "No valid OTP found")
      assert.instanceOf(yield* Effect.flip(otps.validate(validate("ABCD12"))), OtpErrors.NoValidOtp)
      assert.instanceOf(yield* Effect.flip(lookup), OtpErrors.NoValidOtp)
      next = failure(8003, "Invalid source")
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.InvalidSource)
      next = failure(8013, "Invalid identifier")
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.InvalidIdentifier)
      // the documented failure body (two errors): the first one names the error
      next = { status: 400, json: Examples.generateFailure }
      const first = yield* Effect.flip(otps.generate(generate))
      assert.instanceOf(first, OtpErrors.InvalidOtpRequest)
      assert.strictEqual((first as OtpErrors.InvalidOtpRequest).code, 600)
      // an HTTP 429 is the core's rate limit (retried), not the daily cap
      next = { status: 429, json: { errors: [{ status: false, code: 429, message: "Rate limit exceeded" }] } }
      const limited = yield* Effect.flip(otps.generate(generate))
      assert(limited._tag === "CapillaryError")
      assert.strictEqual(limited.reason._tag, "RateLimited")
    }))

  it.live("refuses invalid input before sending, without echoing the code", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: Examples.validateSuccess }))
      const otps = yield* otpsAt(server.url)
      const attempts = [
        otps.generate({ ...generate, entityValue: "12" }),
        otps.generate({ ...generate, channels: [{ type: "WHATSAPP", value: "919000000001" }] }),
        otps.validate(validate("SECRET-99")),
        otps.get({ identifier: { type: "email", value: "not-an-email" } })
      ] as const
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt as Effect.Effect<unknown, CapillaryError.CapillaryError | unknown>)
        assert(error instanceof CapillaryError.CapillaryError, String(error))
        assert.strictEqual(error.reason._tag, "InvalidRequest")
        assert.strictEqual(error.attempts, 0)
        assert.notInclude(error.reason.message, "SECRET-99")
      }
      assert.strictEqual(server.sent.length, 0)
    }))
})
