/** The requests declarations as data: routes, idempotency, reversibility, error codes, per-customer keys, paging. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Customer, Request, RequestsApi } from "../src/index.ts"
import * as Examples from "./fixtures/requestsExamples.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) =>
      mapping.codes.map((code) => [code, (new mapping.error({ code, message: "" }) as { _tag: string })._tag])
    )
  )

describe("RequestsApi", () => {
  it("declares the v2 routes under stable ids, one declaration per method and path", () => {
    assert.deepStrictEqual(
      RequestsApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.section]),
      [
        ["customers.addRequest", "POST", "/v2/requests", "PII deletion"],
        ["customers.updateRequests", "PUT", "/v2/requests", "PII deletion"],
        ["customers.getRequest", "GET", "/v2/requests/{id}", "PII deletion"],
        ["customers.listRequests", "GET", "/v2/requests", "PII deletion"],
        ["customers.goodwillRequests", "GET", "/v2/customers/{customerId}/goodwillRequest", "Customer"],
        ["customers.retroRequests", "GET", "/v2/customers/{customerId}/retroRequest", "Customer"],
        ["customers.retroRequestsByIdentifier", "GET", "/v2/customers/lookup/retroRequest", "Customer (Lookup)"],
        ["customers.changeRequests", "GET", "/v2/customers/{customerId}/changeRequest", "Customer"]
      ]
    )
    assert.isTrue(RequestsApi.endpoints.every((endpoint) => endpoint.family === "v2" && endpoint.variant === undefined))
    const routes = RequestsApi.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`)
    assert.strictEqual(new Set(routes).size, routes.length)
  })

  it("raising and changing requests are unsafe writes; an approval cannot be undone; reads change nothing", () => {
    assert.deepStrictEqual(RequestsApi.addRequest.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(
      RequestsApi.addRequest.reversibility,
      Endpoint.reversibleUnderSetting("client_auto_approve=false", "customers.updateRequests")
    )
    assert.deepStrictEqual(RequestsApi.updateRequests.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(RequestsApi.updateRequests.reversibility, Endpoint.irreversible)
    for (const endpoint of RequestsApi.endpoints.filter((endpoint) => endpoint.method === "GET")) {
      assert.deepStrictEqual(endpoint.idempotency, Endpoint.read)
      assert.deepStrictEqual(endpoint.reversibility, Endpoint.noEffect)
    }
  })

  it("maps the documented codes to the named errors", () => {
    assert.deepStrictEqual(codesOf(RequestsApi.addRequest), {
      8015: "CustomerNotFound",
      8003: "InvalidSource",
      8013: "InvalidIdentifier",
      9006: "InvalidRequestType",
      9008: "InvalidRequestType",
      93026: "InvalidGroupDetails",
      1101: "InvalidRequestProgram",
      8069: "CustomerMerged",
      8066: "MergeConflict",
      9021: "RequestsBlocked"
    })
    assert.deepStrictEqual(codesOf(RequestsApi.updateRequests), {
      9050: "RequestNotFound",
      9051: "RequesterCannotApprove",
      9021: "RequestsBlocked"
    })
    assert.deepStrictEqual(codesOf(RequestsApi.getRequest), { 9050: "RequestNotFound" })
    assert.deepStrictEqual(codesOf(RequestsApi.goodwillRequests), { 9050: "RequestNotFound", 8015: "CustomerNotFound" })
    assert.deepStrictEqual(codesOf(RequestsApi.retroRequests), { 9050: "RequestNotFound", 8015: "CustomerNotFound" })
    assert.deepStrictEqual(codesOf(RequestsApi.changeRequests), {
      8015: "CustomerNotFound",
      8003: "InvalidSource",
      8013: "InvalidIdentifier"
    })
  })

  it("serialises per customer by the identifier, the victim or the customer id", () => {
    const key = RequestsApi.addRequest.customerKey!
    assert.strictEqual(key({ query: {}, body: Examples.piiDeletionAddBody as Request.RequestAdd }), "919986000581")
    assert.strictEqual(key({ query: {}, body: Examples.groupGoodwillAddBody as Request.RequestAdd }), undefined)
    const merge: Request.RequestAdd = {
      type: "CHANGE_IDENTIFIER",
      baseType: "MERGE",
      changeIdentifierRequest: {
        changeIdentifiers: { add: [{ type: "id", value: "10" }], remove: [{ type: "id", value: "11" }] }
      }
    }
    assert.strictEqual(key({ query: {}, body: merge }), "11")
    assert.strictEqual(RequestsApi.updateRequests.customerKey, undefined)
    const customerId = Customer.CustomerId.make(100001)
    assert.strictEqual(RequestsApi.goodwillRequests.customerKey!({ path: { customerId }, query: {} }), "100001")
  })

  it("the lists are paged by offset and limit, 10 a page, up to pagination.total", () => {
    const paging = RequestsApi.listRequests.paging!
    assert.strictEqual(paging.style, "offset-limit")
    const query = { requestType: "CUSTOMER", requestSubType: "DELETE" } as const
    const first = paging.first(query)
    assert.deepStrictEqual(first, { ...query, offset: 0, limit: 10 })
    const page = (count: number, total: number): Request.RequestsPage => ({
      pagination: { limit: 10, offset: 0, total },
      data: Array.from({ length: count }, (_, i) => ({ type: "CUSTOMER", baseType: "DELETE", id: i + 1 })),
      warnings: []
    })
    assert.deepStrictEqual(paging.next(first, page(10, 25)), { ...query, offset: 10, limit: 10 })
    assert.strictEqual(paging.next(first, page(10, 10)), undefined)
    assert.strictEqual(paging.next(first, page(4, 25)), undefined)
    for (const endpoint of [RequestsApi.goodwillRequests, RequestsApi.retroRequests, RequestsApi.changeRequests]) {
      assert.strictEqual(endpoint.paging?.style, "offset-limit")
    }
  })
})
