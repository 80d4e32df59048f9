/**
 * The customer activity reads: the recommendation shape decodes the documented answers of Capillary's
 * recommendation engine, the transactions page is read and streamed, and the codes become named errors.
 */
import { Endpoint } from "@capillary-effect/core"
import { ScriptedCapillary } from "@capillary-effect/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Schema, Stream } from "effect"
import {
  Customer,
  CustomerActivity,
  CustomerActivityApi,
  CustomerActivityErrors,
  CustomerErrors
} from "../src/index.ts"
import * as Examples from "./fixtures/v11BulkExamples.ts"
import { customerActivitiesAt } from "./fixtures/v11Capillary.ts"

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown): S["Type"] => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success
}

const id = Customer.CustomerId.make(42)

const page = (offset: number, count: number, total: number) => ({
  pagination: { limit: 2, offset, sortBy: "BILLING_TIME", sortOrder: "DESC", total },
  data: Array.from(
    { length: count },
    (_, i) => ({ id: offset + i + 1, customerId: 42, billNumber: `b-${offset + i}` })
  ),
  warnings: [],
  errors: []
})

describe("CustomerActivity", () => {
  it("the recommendation engine's documented answers decode and encode back", () => {
    for (const example of [Examples.userRecommendations, Examples.itemRecommendations, Examples.cartRecommendations]) {
      const decoded = accepts(CustomerActivity.Recommendations, example)
      assert.deepStrictEqual(
        accepts(CustomerActivity.Recommendations, Schema.encodeSync(CustomerActivity.Recommendations)(decoded)),
        decoded
      )
      assert.isAbove(decoded.recommendedItems.items.length, 0)
    }
    const user = accepts(CustomerActivity.Recommendations, Examples.userRecommendations)
    assert.deepStrictEqual(user.recommendedItems.items.map((item) => [item.sku, item.rank]), [["564714", 1], [
      "564716",
      2
    ]])
  })

  it("a transactions page is 1 to 1000 transactions, ordered by billing time, embeds named", () => {
    accepts(CustomerActivity.TransactionsQuery, {
      limit: "1000",
      offset: "0",
      sortOrder: "ASC",
      embed: "BILL_CF,BILL_POINTS"
    })
    for (
      const bad of [
        { limit: "0" },
        { limit: "1001" },
        { offset: "-1" },
        { sortBy: "AMOUNT" },
        { embed: "EVERYTHING" },
        { startDate: "2024-01-01" }
      ]
    ) {
      assert(Result.isFailure(Schema.decodeUnknownResult(CustomerActivity.TransactionsQuery)(bad)), JSON.stringify(bad))
    }
    accepts(CustomerActivity.TransactionsPage, page(0, 2, 2))
  })

  it("declares the routes and codes", () => {
    assert.deepStrictEqual(
      CustomerActivityApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.section]),
      [
        ["customers.transactions", "GET", "/v2/customers/{id}/transactions", "Customer"],
        ["customers.recommendations", "GET", "/v2/customers/lookup/recommendations", "Customer (Lookup)"]
      ]
    )
    assert.strictEqual(CustomerActivityApi.transactions.paging?.style, "offset-limit")
    assert.deepStrictEqual(CustomerActivityApi.recommendations.idempotency, Endpoint.read)
  })

  it.live("reads a page, streams every page, and names the errors", () =>
    Effect.gen(function*() {
      let fail: { code: number; message: string } | undefined
      const server = yield* ScriptedCapillary.serve((request) => {
        if (fail !== undefined) return { status: 400, json: { errors: [{ status: false, ...fail }], warnings: [] } }
        if (request.path.endsWith("recommendations")) return { json: Examples.userRecommendations }
        const offset = Number(request.query.offset ?? 0)
        return { json: offset === 0 ? page(0, 2, 3) : page(2, 1, 3) }
      })
      const activity = yield* customerActivitiesAt(server.url)
      const first = yield* activity.transactionsPage(id, { limit: 2 })
      assert.strictEqual(first.pagination.total, 3)
      const all = yield* Stream.runCollect(activity.transactions(id, { limit: 2, sortOrder: "ASC" }))
      assert.deepStrictEqual(all.map((transaction) => transaction.id), [1, 2, 3])
      const recommended = yield* activity.recommendations({
        source: "INSTORE",
        identifier: { type: "mobile", value: "919000000001" }
      })
      assert.strictEqual(recommended.boxType, "you-may-also-like")
      assert.deepStrictEqual(server.sent.map(({ path, query }) => [path, query]), [
        ["/v2/customers/42/transactions", { limit: "2" }],
        ["/v2/customers/42/transactions", { limit: "2", sortOrder: "ASC", offset: "0" }],
        ["/v2/customers/42/transactions", { limit: "2", sortOrder: "ASC", offset: "2" }],
        ["/v2/customers/lookup/recommendations", {
          source: "INSTORE",
          identifierName: "mobile",
          identifierValue: "919000000001"
        }]
      ])

      fail = { code: 1051, message: "No transactions or recommendations found for the customer" }
      assert.instanceOf(
        yield* Effect.flip(
          activity.recommendations({ source: "ALL", identifier: { type: "email", value: "tom@example.com" } })
        ),
        CustomerActivityErrors.RecommendationsUnavailable
      )
      fail = { code: 8015, message: "Customer not found for the given identifiers" }
      assert.instanceOf(yield* Effect.flip(activity.transactionsPage(id)), CustomerErrors.CustomerNotFound)
      fail = { code: 8102, message: "limit too large" }
      assert.instanceOf(yield* Effect.flip(activity.transactionsPage(id)), CustomerErrors.InvalidPaging)
    }))
})
