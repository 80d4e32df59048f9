/** The OTP declarations as data: routes, idempotency, reversibility, error codes, per-customer keys, wire schemas. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Redacted, Schema } from "effect"
import { OtpApi, OtpErrors } from "../src/index.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const invalidRequest = Object.fromEntries(
  [600, 601, 602, 603, 604, 607, 621, 8056].map((code) => [code, "InvalidOtpRequest"])
)

describe("OtpApi", () => {
  it("declares the three v2 routes under stable ids, in the index section OTP", () => {
    assert.deepStrictEqual(
      OtpApi.endpoints.map((
        endpoint
      ) => [endpoint.id, endpoint.method, endpoint.path, endpoint.family, endpoint.section]),
      [
        ["customers.generateOtp", "POST", "/v2/otp/generate", "v2", "OTP"],
        ["customers.validateOtp", "POST", "/v2/otp/validate", "v2", "OTP"],
        ["customers.getOtp", "GET", "/v2/otp", "v2", "OTP"]
      ]
    )
  })

  it("a generate is retried (the valid code is sent again); a validate is sent once; the read changes nothing", () => {
    assert.deepStrictEqual(OtpApi.generate.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(OtpApi.generate.reversibility, Endpoint.irreversible)
    assert.deepStrictEqual(OtpApi.validate.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(OtpApi.validate.reversibility, Endpoint.irreversible)
    assert.deepStrictEqual(OtpApi.get.idempotency, Endpoint.read)
    assert.deepStrictEqual(OtpApi.get.reversibility, Endpoint.noEffect)
  })

  it("maps each documented code to its named error, on the endpoints where it can occur", () => {
    assert.deepStrictEqual(codesOf(OtpApi.generate), {
      ...invalidRequest,
      429: "OtpLimitExceeded",
      606: "OtpNotGenerated",
      608: "OtpNotGenerated",
      874: "OtpNotGenerated",
      875: "OtpNotGenerated",
      8015: "CustomerNotFound"
    })
    assert.deepStrictEqual(codesOf(OtpApi.validate), {
      ...invalidRequest,
      605: "InvalidOtp",
      876: "InvalidOtp",
      9001: "NoValidOtp"
    })
    assert.deepStrictEqual(codesOf(OtpApi.get), {
      8015: "CustomerNotFound",
      8003: "InvalidSource",
      8013: "InvalidIdentifier",
      9001: "NoValidOtp"
    })
    const error = new OtpErrors.OtpLimitExceeded({ code: 429, message: "Rate limit exceeded", requestId: "r-1" })
    assert.strictEqual(error._tag, "OtpLimitExceeded")
    assert.strictEqual(error.requestId, "r-1")
  })

  it("serialises per entity value, or per the read's identifier value", () => {
    const channels = [{ type: "SMS", value: "919000000001" }] as const
    assert.strictEqual(
      OtpApi.generate.customerKey?.({
        body: { entityType: "MOBILE", entityValue: "919000000001", action: "POINTS", channels }
      }),
      "919000000001"
    )
    assert.strictEqual(
      OtpApi.validate.customerKey?.({
        body: { entityType: "EMAIL", entityValue: "tom@example.com", code: Redacted.make("ABC123") }
      }),
      "tom@example.com"
    )
    assert.strictEqual(
      OtpApi.get.customerKey?.({ query: { identifierName: "mobile", identifierValue: "919000000001" } }),
      "919000000001"
    )
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of OtpApi.endpoints) {
      for (const schema of [endpoint.params, endpoint.query, endpoint.body, endpoint.success]) {
        if (schema === undefined) continue
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
