import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import { Schema } from "effect"
import { Endpoint } from "../src/index.ts"
import { CustomerNotFound, ReferenceExists } from "./fixtures/endpoints.ts"

const twoErrors = Endpoint.make({
  id: "test.twoErrors",
  section: "Test",
  summary: "An endpoint that can fail in two named ways",
  family: "v2",
  method: "GET",
  path: "/v2/things/{id}",
  params: Schema.Struct({ id: Schema.String }),
  success: Schema.Struct({ id: Schema.String }),
  errors: [Endpoint.codes(CustomerNotFound, [8015]), Endpoint.codes(ReferenceExists, [744])]
})

const noErrors = Endpoint.make({
  id: "test.noErrors",
  section: "Test",
  summary: "An endpoint that declares no domain error",
  family: "v2",
  method: "GET",
  path: "/v2/things",
  success: Schema.Struct({ count: Schema.Number })
})

describe("Endpoint", () => {
  it("infers the union of every declared domain error, and defaults reads", () => {
    expectTypeOf<Endpoint.ErrorOf<typeof twoErrors>>().toEqualTypeOf<CustomerNotFound | ReferenceExists>()
    expectTypeOf<Endpoint.ErrorOf<typeof noErrors>>().toEqualTypeOf<never>()
    expectTypeOf<Endpoint.InputOf<typeof twoErrors>>().toEqualTypeOf<{ readonly path: { readonly id: string } }>()
    assert.deepStrictEqual(twoErrors.errors.map((mapping) => mapping.codes), [[8015], [744]])
    assert.strictEqual(twoErrors.idempotency._tag, "Read")
    assert.strictEqual(twoErrors.reversibility._tag, "NoEffect")
    assert.strictEqual(twoErrors.rateLimitFamily, "GET /v2/things/{id}")
  })

  it("renders paths, percent-encoding values and naming what is missing", () => {
    assert.deepStrictEqual(Endpoint.renderPath("/v2/customers/{id}/x", { id: "a b/c" }), {
      _tag: "Path",
      path: "/v2/customers/a%20b%2Fc/x"
    })
    assert.deepStrictEqual(Endpoint.renderPath("/v2/{a}/{b}", { a: "1", b: "" }), { _tag: "Missing", names: ["b"] })
  })
})
