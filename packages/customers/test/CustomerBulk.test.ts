/**
 * The customer batches: every documented example decodes (and encodes back), requests carry Capillary's
 * validation, the declarations say what they do, and the service sends each operation to its route and answers
 * per item.
 */
import { CapillaryError, Endpoint } from "@capillary-effect/core"
import { ScriptedCapillary } from "@capillary-effect/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Schema, Stream } from "effect"
import { CustomerBulk, CustomerBulkApi, CustomerBulkErrors, CustomerErrors } from "../src/index.ts"
import * as Examples from "./fixtures/v11BulkExamples.ts"
import { customersBulkAt } from "./fixtures/v11Capillary.ts"

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown): S["Type"] => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success
}

const rejects = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  assert(Result.isFailure(Schema.decodeUnknownResult(schema)(input)), `accepted ${JSON.stringify(input)}`)
}

const roundTrips = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown): S["Type"] => {
  const decoded = accepts(schema, input)
  assert.deepStrictEqual(accepts(schema, Schema.encodeSync(schema)(decoded)), decoded)
  return decoded
}

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const profile = (mobile: string) => ({
  source: "INSTORE" as const,
  identifiers: [{ type: "mobile" as const, value: mobile }] as [{ readonly type: "mobile"; readonly value: string }]
})

describe("CustomerBulk", () => {
  it("every documented example decodes and encodes back", () => {
    roundTrips(CustomerBulk.UpsertBody, Examples.upsertRequest)
    roundTrips(CustomerBulk.UpsertBody, Examples.upsertWithSubscriptionRequest)
    const upserted = roundTrips(CustomerBulk.UpsertResult, Examples.upsertResponse)
    assert.strictEqual(upserted.failureCount, 1)
    assert.strictEqual(upserted.response[0]!.result!.id, 176671442)
    assert.deepStrictEqual(upserted.response[0]!.errors, [{
      status: false,
      code: 3017,
      message: "status label invalid"
    }])

    const associated = roundTrips(CustomerBulk.AssociateResult, Examples.associateResponse)
    const [item] = associated
    assert.strictEqual(item!.entity!.associationDetails!.hierarchyId, 21)
    assert.strictEqual(item!.entity!.associationDetails!.childCustomers!.length, 2)
    assert.deepStrictEqual(item!.childEntities!.map((child) => child.associationDetails!.childCustomer), [true, true])
    assert.deepStrictEqual([item!.childCount, item!.childSuccessCount, item!.childFailureCount], [2, 2, 0])

    const updated = roundTrips(CustomerBulk.AssociationUpdateResult, Examples.updateAssociationResponse)
    assert.strictEqual(updated[0]!.associationDetails!.parentCustomer!.profiles[0]!.firstName, "Jim")
    assert.deepStrictEqual(updated[0]!.errors, [{}])

    const children = roundTrips(CustomerBulk.HierarchyPage, Examples.childrenResponse)
    assert.strictEqual(children.entity.count, 2)
    assert.deepStrictEqual(children.entity.customers.map((child): number | undefined => child.profiles[0]!.userId), [
      409967645,
      409967644
    ])
  })

  it("an upsert profile needs identifiers, once each, and one profile per source; batches hold 1 to 100", () => {
    // The documented subscription example sends a profile without source (INSTORE).
    const [subscribed] = accepts(CustomerBulk.UpsertBody, Examples.upsertWithSubscriptionRequest)
    assert.isUndefined(subscribed!.profiles[0].source)
    rejects(CustomerBulk.UpsertBody, [{ profiles: [{ identifiers: [] }] }])
    rejects(CustomerBulk.UpsertBody, [{ profiles: [{ identifiers: [{ type: "mobile", value: "12" }] }] }])
    rejects(CustomerBulk.UpsertBody, [{ profiles: [profile("919000000001"), { ...profile("919000000002") }] }])
    rejects(CustomerBulk.UpsertBody, [{
      profiles: [{
        identifiers: [{ type: "mobile", value: "919000000001" }, { type: "mobile", value: "919000000001" }]
      }]
    }])
    rejects(CustomerBulk.UpsertBody, [])
    rejects(CustomerBulk.UpsertBody, Array.from({ length: 101 }, () => ({ profiles: [profile("919000000001")] })))
    assert.deepStrictEqual(accepts(CustomerBulk.UpsertQuery, { skipChangeIdentifier: "false" }), {
      skipChangeIdentifier: false
    })
  })

  it("an association names a hierarchy; the children read names the parent and a page", () => {
    accepts(CustomerBulk.AssociateBody, [{
      profiles: [profile("919000000001")],
      associationDetails: {
        hierarchyCode: "fleet",
        roleCode: "FA",
        childCustomers: [{ profiles: [profile("919000000002")] }]
      }
    }])
    rejects(CustomerBulk.AssociateBody, [{
      profiles: [profile("919000000001")],
      associationDetails: { hierarchyCode: "" }
    }])
    const query = {
      source: "INSTORE",
      associationEntityType: "parentCustomer",
      associationEntityIdentifierType: "mobile",
      associationEntityIdentifierValue: "919000000001"
    }
    accepts(CustomerBulk.HierarchyQuery, { ...query, limit: "10", offset: "0", sortOrder: "DESC" })
    rejects(CustomerBulk.HierarchyQuery, { ...query, associationEntityType: "company" })
    rejects(CustomerBulk.HierarchyQuery, { ...query, limit: "101" })
    rejects(CustomerBulk.HierarchyQuery, { ...query, associationEntityIdentifierType: "cuid" })
  })

  it("declares the batch routes, what sending again does, and their codes", () => {
    assert.deepStrictEqual(
      CustomerBulkApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.section]),
      [
        ["customers.upsertBulk", "POST", "/v2/integrations/customer/upsert/bulk", "Customer"],
        ["customers.associate", "POST", "/v2/bulk", "Customer"],
        ["customers.updateAssociation", "PUT", "/v2/bulk", "Customer"],
        ["customers.children", "GET", "/v2/customers/bulk", "Customer"]
      ]
    )
    assert.deepStrictEqual(CustomerBulkApi.upsert.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(CustomerBulkApi.associate.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(CustomerBulkApi.associate.reversibility, Endpoint.reversible("customers.updateAssociation"))
    assert.strictEqual(CustomerBulkApi.children.paging?.style, "offset-limit")
    assert.deepStrictEqual(codesOf(CustomerBulkApi.upsert), {
      1060: "BatchLimitExceeded",
      8003: "InvalidSource",
      8011: "InvalidSource"
    })
    assert.deepStrictEqual(codesOf(CustomerBulkApi.children), {
      8015: "CustomerNotFound",
      8003: "InvalidSource",
      8011: "InvalidSource",
      8013: "InvalidIdentifier",
      8100: "InvalidPaging",
      8101: "InvalidPaging",
      8102: "InvalidPaging"
    })
  })

  it.live("the service sends each batch to its route and reads every page of children", () =>
    Effect.gen(function*() {
      const server = yield* ScriptedCapillary.serve((request) => {
        if (request.path.endsWith("upsert/bulk")) return { json: Examples.upsertResponse }
        if (request.path === "/v2/bulk") {
          return { json: request.method === "POST" ? Examples.associateResponse : Examples.updateAssociationResponse }
        }
        const offset = Number(request.query.offset)
        const customers = offset === 0
          ? Examples.childrenResponse.entity.customers
          : offset === 2
          ? [Examples.childrenResponse.entity.customers[0]]
          : []
        return {
          json: { ...Examples.childrenResponse, entity: { ...Examples.childrenResponse.entity, customers, count: 3 } }
        }
      })
      const bulk = yield* customersBulkAt(server.url)
      const upserted = yield* bulk.upsert([{ profiles: [profile("919000000001")] }], { skipChangeIdentifier: false })
      assert.strictEqual(upserted.totalCount, 1)
      yield* bulk.associate([{ profiles: [profile("919000000001")] }])
      yield* bulk.updateAssociation([{ profiles: [profile("919000000001")] }], {
        source: "WECHAT",
        accountId: "WECHAT-CM"
      })
      const query = {
        source: "WECHAT",
        accountId: "WECHAT-CM",
        associationEntityType: "parentCustomer",
        associationEntityIdentifierType: "mobile",
        associationEntityIdentifierValue: "917169721931",
        limit: 2
      } as const
      const all = yield* Stream.runCollect(bulk.children(query))
      assert.strictEqual(all.length, 3)
      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/integrations/customer/upsert/bulk", { skipChangeIdentifier: "false" }],
        ["POST", "/v2/bulk", {}],
        ["PUT", "/v2/bulk", { source: "WECHAT", accountId: "WECHAT-CM" }],
        ["GET", "/v2/customers/bulk", { ...query, limit: "2", offset: "0" }],
        ["GET", "/v2/customers/bulk", { ...query, limit: "2", offset: "2" }]
      ])
      assert.deepStrictEqual(server.sent[0]!.body, [{ profiles: [profile("919000000001")] }])
    }))

  it.live("turns the request-level codes into named errors", () =>
    Effect.gen(function*() {
      let next: ScriptedCapillary.Answer = {
        status: 400,
        json: { errors: [{ status: false, code: 1060, message: "Batch limit exceeded" }] }
      }
      const server = yield* ScriptedCapillary.serve(() => next)
      const bulk = yield* customersBulkAt(server.url)
      assert.instanceOf(
        yield* Effect.flip(bulk.upsert([{ profiles: [profile("919000000001")] }])),
        CustomerBulkErrors.BatchLimitExceeded
      )
      next = { status: 400, json: { errors: [{ status: false, code: 8015, message: "Customer not found" }] } }
      const missing = yield* Effect.flip(bulk.childrenPage({
        source: "INSTORE",
        associationEntityType: "parentCustomer",
        associationEntityIdentifierType: "mobile",
        associationEntityIdentifierValue: "919000000001"
      }))
      assert.instanceOf(missing, CustomerErrors.CustomerNotFound)
      const refused = yield* Effect.flip(bulk.associate([]))
      assert.instanceOf(refused, CapillaryError.CapillaryError)
      assert.strictEqual(server.sent.length, 2)
    }))
})
