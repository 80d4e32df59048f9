/** The points declarations as data: routes, idempotency, paging, error codes, wire schemas. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { PointsApi, PointsErrors } from "../src/index.ts"
import * as Documented from "./fixtures/points.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

describe("PointsApi", () => {
  it("declares the v2 points reads under stable ids", () => {
    assert.deepStrictEqual(
      PointsApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.family]),
      [
        ["rewards.pointsBalance", "GET", "/v2/customers/{userId}/points/balance", "v2"],
        ["rewards.ledgerBalance", "GET", "/v2/pointsLedger/getCustomerLedgerBalance", "v2"],
        ["rewards.ledgerInfo", "GET", "/v2/pointsLedger/getCustomerLedgerInfo", "v2"]
      ]
    )
    for (const endpoint of PointsApi.endpoints) {
      assert.strictEqual(endpoint.section, "Points")
      assert.deepStrictEqual(endpoint.idempotency, Endpoint.read)
      assert.deepStrictEqual(endpoint.reversibility, Endpoint.noEffect)
    }
  })

  it("maps the customer, program and group codes to their named errors", () => {
    for (const endpoint of PointsApi.endpoints) {
      assert.deepStrictEqual(codesOf(endpoint), {
        8015: "PointsCustomerNotFound",
        816: "PointsCustomerNotFound",
        1101: "InvalidProgram",
        1619: "InvalidUserGroup",
        1632: "InvalidUserGroup"
      })
    }
    const error = new PointsErrors.InsufficientPoints({ code: 804, message: "Insufficient current points" })
    assert.strictEqual(error._tag, "InsufficientPoints")
  })

  it("ledger entries are paged as the ledger pages: offset is the page number, 10 a page, until pageCount", () => {
    const paging = PointsApi.ledgerInfo.paging!
    assert.strictEqual(paging.style, "ledger")
    const query = { identifierName: "id", identifierValue: "1", source: "INSTORE" } as const
    const first = paging.first(query)
    assert.deepStrictEqual([first.offset, first.limit], [0, 10])
    const page = Schema.decodeUnknownSync(PointsApi.ledgerInfo.success)(Documented.ledgerInfoResponse)
    assert.strictEqual(paging.items(page).length, 2)
    assert.strictEqual(paging.next(first, page)?.offset, 1)
    assert.strictEqual(paging.next({ ...first, offset: 1 }, page), undefined)
    assert.strictEqual(paging.next(first, { ...page, ledgerEntries: [] }), undefined)
    assert.strictEqual(PointsApi.pointsBalance.paging, undefined)
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of PointsApi.endpoints) {
      for (const schema of [endpoint.params, endpoint.query, endpoint.body, endpoint.success]) {
        if (schema === undefined) continue
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
