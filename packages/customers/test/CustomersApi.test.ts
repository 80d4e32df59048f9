/** The declarations as data: routes, idempotency, reversibility, error codes, per-customer keys, wire schemas. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Customer, CustomerErrors, CustomersApi } from "../src/index.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const mobile = { type: "mobile", value: "919000000001" } as const

describe("CustomersApi", () => {
  it("declares the four v2 routes under stable ids", () => {
    assert.deepStrictEqual(
      CustomersApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.family]),
      [
        ["customers.add", "POST", "/v2/customers", "v2"],
        ["customers.get", "GET", "/v2/customers/{id}", "v2"],
        ["customers.getByIdentifier", "GET", "/v2/customers/lookup/customerDetails", "v2"],
        ["customers.lookup", "GET", "/v2/customers/lookup", "v2"]
      ]
    )
  })

  it("a registration is an unsafe, irreversible write; reads change nothing", () => {
    assert.deepStrictEqual(CustomersApi.add.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CustomersApi.add.reversibility, Endpoint.irreversible)
    for (const read of [CustomersApi.get, CustomersApi.getByIdentifier, CustomersApi.lookup]) {
      assert.deepStrictEqual(read.idempotency, Endpoint.read)
      assert.deepStrictEqual(read.reversibility, Endpoint.noEffect)
    }
  })

  it("maps each documented code to its named error, on the endpoints where it can occur", () => {
    assert.deepStrictEqual(codesOf(CustomersApi.add), {
      8006: "CustomerAlreadyExists",
      1016: "IdentifierInUse",
      1032: "IdentifierInUse",
      1033: "IdentifierInUse",
      8003: "InvalidSource",
      8011: "InvalidSource"
    })
    const read = {
      8015: "CustomerNotFound",
      1011: "CustomerNotFound",
      1012: "CustomerNotFound",
      816: "CustomerNotFound",
      8003: "InvalidSource",
      8011: "InvalidSource",
      8069: "CustomerMerged"
    }
    assert.deepStrictEqual(codesOf(CustomersApi.get), read)
    assert.deepStrictEqual(codesOf(CustomersApi.getByIdentifier), { ...read, 8013: "InvalidIdentifier" })
    assert.deepStrictEqual(codesOf(CustomersApi.lookup), { ...read, 8013: "InvalidIdentifier" })
    const error = new CustomerErrors.CustomerNotFound({ code: 8015, message: "not found", requestId: "r-1" })
    assert.strictEqual(error._tag, "CustomerNotFound")
    assert.strictEqual(error.requestId, "r-1")
  })

  it("serialises per customer: the first identifier of a registration, the id, the looked-up value", () => {
    const body: Customer.CustomerAdd = {
      profiles: [{ source: "INSTORE", identifiers: [mobile, { type: "email", value: "tom@example.com" }] }]
    }
    assert.strictEqual(CustomersApi.add.customerKey?.({ body }), "919000000001")
    assert.strictEqual(
      CustomersApi.get.customerKey?.({ path: { id: Customer.CustomerId.make(17742) }, query: {} }),
      "17742"
    )
    const query = { source: "ALL", identifierName: "mobile", identifierValue: "919000000001" } as const
    assert.strictEqual(CustomersApi.lookup.customerKey?.({ query }), "919000000001")
    assert.strictEqual(CustomersApi.getByIdentifier.customerKey?.({ query }), "919000000001")
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of CustomersApi.endpoints) {
      for (const schema of [endpoint.params, endpoint.query, endpoint.body, endpoint.success]) {
        if (schema === undefined) continue
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
