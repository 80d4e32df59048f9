/**
 * The requests service against a scripted server over a real socket: what each operation sends, how refused
 * items and Capillary's codes become named errors, what is refused before sending, and how an ambiguous status
 * change is reconciled by reading the request back.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Customer, CustomerErrors, Request, RequestErrors } from "../src/index.ts"
import { failure, refused, requestsAt, serve, updated } from "./fixtures/requests.ts"
import * as Examples from "./fixtures/requestsExamples.ts"

const tom: Request.CustomerIdentification = {
  source: "INSTORE",
  identifierType: "mobile",
  identifierValue: "919000000001"
}
const requestId = Request.RequestId.make(77)
const customerId = Customer.CustomerId.make(100001)

const piiRead = (status: string) => ({
  type: "CUSTOMER",
  baseType: "DELETE",
  status,
  id: 77,
  customerDeletionDetails: { requestId: 77, userId: 100001, status },
  warnings: []
})

describe("Requests", () => {
  it.live("sends each kind of request to POST /v2/requests with its body", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: { createdId: 77, warnings: [] } }))
      const requests = yield* requestsAt(server.url)

      const created = yield* requests.requestPiiDeletion(tom, { comments: "app deletion" })
      assert.strictEqual(created.createdId, 77)
      yield* requests.requestGoodwill(tom, { points: 100, reason: "POINTS_ISSUE" }, {
        programId: 1001,
        autoApprove: true
      })
      yield* requests.requestGroupGoodwill({ identifierType: "id", identifierValue: 5 }, { points: 50 })
      yield* requests.requestMerge({ survivor: Customer.CustomerId.make(10), victim: Customer.CustomerId.make(11) })
      yield* requests.add(Examples.piiDeletionAddBody as Request.RequestAdd, { autoApprove: false })

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/requests", {}],
        ["POST", "/v2/requests", { client_auto_approve: "true" }],
        ["POST", "/v2/requests", {}],
        ["POST", "/v2/requests", {}],
        ["POST", "/v2/requests", { client_auto_approve: "false" }]
      ])
      assert.deepStrictEqual(server.sent.map(({ body }) => body), [
        {
          type: "CUSTOMER",
          baseType: "DELETE",
          comments: "app deletion",
          customerIdentificationInfo: tom
        },
        {
          type: "GOODWILL",
          baseType: "POINTS",
          goodwillRequest: { points: 100, reason: "POINTS_ISSUE" },
          earningEntityType: "CUSTOMER",
          customerIdentificationInfo: tom,
          programId: 1001
        },
        {
          type: "GOODWILL",
          baseType: "POINTS",
          goodwillRequest: { points: 50 },
          earningEntityType: "USERGROUP2",
          userGroup2IdentificationInfo: { identifierType: "id", identifierValue: 5 }
        },
        {
          type: "CHANGE_IDENTIFIER",
          baseType: "MERGE",
          changeIdentifierRequest: {
            changeIdentifiers: { add: [{ type: "id", value: "10" }], remove: [{ type: "id", value: "11" }] }
          }
        },
        Examples.piiDeletionAddBody
      ])
    }))

  it.live("sends status changes as one-item bulk bodies and reads by id, kind and customer", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) => {
        if (request.method === "PUT") return updated(77)
        if (request.path === "/v2/requests/77") return { json: piiRead("PENDING") }
        if (request.path === "/v2/requests") return { json: Examples.mergeListFromParentOrg }
        if (request.path.endsWith("/goodwillRequest")) return { json: Examples.goodwillRequests }
        if (request.path.endsWith("/changeRequest")) {
          return { json: { pagination: { limit: 10, offset: 0, total: 0 }, data: [], warnings: [], errors: [] } }
        }
        return { json: Examples.retroRequests }
      })
      const requests = yield* requestsAt(server.url)

      const approved = yield* requests.approve("CUSTOMER", requestId, "valid")
      assert.deepStrictEqual(approved, { entityId: 77, result: true, warnings: [] })
      yield* requests.reject("GOODWILL", requestId)
      yield* requests.cancelPiiDeletion(requestId, "changed their mind")
      const read = yield* requests.get(requestId)
      assert(Request.isPiiDeletion(read))
      const page = yield* requests.list({ requestType: "CHANGE_IDENTIFIER", requestSubType: "MERGE", limit: 10 })
      assert.strictEqual(page.data.length, 5)
      const goodwill = yield* requests.goodwillRequests(customerId, { programId: 973 })
      assert.strictEqual(goodwill.data[0]!.requestId, 13039305)
      yield* requests.retroRequests(customerId, { changeType: "RETRO" })
      yield* requests.retroRequestsByIdentifier({
        source: "INSTORE",
        identifierName: "mobile",
        identifierValue: "919000000001"
      })
      yield* requests.changeRequests(customerId, { changeType: "MOBILE" })

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["PUT", "/v2/requests", {}],
        ["PUT", "/v2/requests", {}],
        ["PUT", "/v2/requests", {}],
        ["GET", "/v2/requests/77", {}],
        ["GET", "/v2/requests", { requestType: "CHANGE_IDENTIFIER", requestSubType: "MERGE", limit: "10" }],
        ["GET", "/v2/customers/100001/goodwillRequest", { programId: "973" }],
        ["GET", "/v2/customers/100001/retroRequest", { changeType: "RETRO" }],
        ["GET", "/v2/customers/lookup/retroRequest", {
          source: "INSTORE",
          identifierName: "mobile",
          identifierValue: "919000000001"
        }],
        ["GET", "/v2/customers/100001/changeRequest", { changeType: "MOBILE" }]
      ])
      assert.deepStrictEqual(server.sent.slice(0, 3).map(({ body }) => body), [
        [{ type: "CUSTOMER", baseType: "DELETE", id: 77, status: "APPROVED", comments: "valid" }],
        [{ type: "GOODWILL", baseType: "POINTS", id: 77, status: "REJECTED" }],
        [{ type: "CUSTOMER", baseType: "DELETE", id: 77, status: "CANCELED", comments: "changed their mind" }]
      ])
    }))

  it.live("reads every page of a list as a stream", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) => {
        const offset = Number(request.query.offset ?? "0")
        const ids = [1, 2, 3, 4, 5].slice(offset, offset + 2)
        return {
          json: {
            pagination: { limit: 2, offset, total: 5 },
            data: ids.map((id) => ({ ...piiRead("PENDING"), id })),
            warnings: []
          }
        }
      })
      const requests = yield* requestsAt(server.url)
      const all = yield* Stream.runCollect(
        requests.listAll({ requestType: "CUSTOMER", requestSubType: "DELETE", limit: 2 })
      )
      assert.deepStrictEqual(Array.from(all).map((item) => item.id), [1, 2, 3, 4, 5])
      assert.deepStrictEqual(server.sent.map(({ query }) => query.offset), ["0", "2", "4"])
    }))

  it.live("turns refused status changes into named errors", () =>
    Effect.gen(function*() {
      let next = refused(77, 9051, "Same user cannot request and approve")
      const server = yield* serve(() => next)
      const requests = yield* requestsAt(server.url)
      const approve = requests.approve("CUSTOMER", requestId)

      const same = yield* Effect.flip(approve)
      assert.instanceOf(same, RequestErrors.RequesterCannotApprove)
      assert.strictEqual((same as RequestErrors.RequesterCannotApprove).code, 9051)
      next = refused(77, 9050, "Request not found")
      assert.instanceOf(yield* Effect.flip(approve), RequestErrors.RequestNotFound)
      next = refused(77, 9021, "Request Add/Update is blocked for the org")
      assert.instanceOf(yield* Effect.flip(approve), RequestErrors.RequestsBlocked)
      // a merge's approval refused for its customers
      const approveMerge = requests.approve("CHANGE_IDENTIFIER", requestId)
      next = refused(77, 8066, "Unable to combine, user id already used in same source (INSTORE)")
      const conflict = yield* Effect.flip(approveMerge)
      assert.instanceOf(conflict, CustomerErrors.MergeConflict)
      assert.strictEqual((conflict as CustomerErrors.MergeConflict).code, 8066)
      next = refused(77, 8069, "Customer is merged into another account (user id 10)")
      assert.instanceOf(yield* Effect.flip(approveMerge), CustomerErrors.CustomerMerged)
      next = refused(77, 400, "Request 77 is REJECTED: set it to PENDING before APPROVED")
      const other = yield* Effect.flip(approve)
      assert.instanceOf(other, RequestErrors.RequestUpdateRefused)
      assert.strictEqual((other as RequestErrors.RequestUpdateRefused).code, 400)
      // the bulk operation answers the refused items as they are
      const bulk = yield* requests.updateStatuses([{
        type: "CUSTOMER",
        baseType: "DELETE",
        id: requestId,
        status: "REJECTED"
      }])
      assert.deepStrictEqual([bulk.failureCount, bulk.response[0]!.errors?.[0]?.code], [1, 400])
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next = failure(8015, "Customer not found for the given identifiers")
      const server = yield* serve(() => next)
      const requests = yield* requestsAt(server.url)
      const add = requests.requestPiiDeletion(tom)
      const group = requests.requestGroupGoodwill({ identifierType: "id", identifierValue: 9 }, { points: 1 })

      assert.instanceOf(yield* Effect.flip(add), CustomerErrors.CustomerNotFound)
      next = failure(8003, "Invalid source")
      assert.instanceOf(yield* Effect.flip(add), CustomerErrors.InvalidSource)
      next = failure(8013, "Invalid identifier")
      assert.instanceOf(yield* Effect.flip(add), CustomerErrors.InvalidIdentifier)
      for (const code of [9006, 9008]) {
        next = failure(code, "Request Type is invalid")
        assert.instanceOf(yield* Effect.flip(add), RequestErrors.InvalidRequestType)
      }
      next = failure(93026, "Invalid Group Details Provided")
      assert.instanceOf(yield* Effect.flip(group), RequestErrors.InvalidGroupDetails)
      next = failure(1101, "Invalid programId passed")
      assert.instanceOf(yield* Effect.flip(group), RequestErrors.InvalidRequestProgram)
      next = { status: 400, json: Examples.addBlockedFromChildOrg }
      assert.instanceOf(yield* Effect.flip(add), RequestErrors.RequestsBlocked)
      next = failure(8069, "Customer merged into another account")
      assert.instanceOf(yield* Effect.flip(add), CustomerErrors.CustomerMerged)
      next = failure(8066, "Unable to combine, user id already used in same source (INSTORE)")
      const merge = requests.requestMerge({
        survivor: Customer.CustomerId.make(10),
        victim: Customer.CustomerId.make(11)
      }, { autoApprove: true })
      assert.instanceOf(yield* Effect.flip(merge), CustomerErrors.MergeConflict)
      next = failure(9050, "Request not found")
      assert.instanceOf(yield* Effect.flip(requests.get(requestId)), RequestErrors.RequestNotFound)
      assert.instanceOf(yield* Effect.flip(requests.retroRequests(customerId)), RequestErrors.RequestNotFound)
      assert.instanceOf(yield* Effect.flip(requests.goodwillRequests(customerId)), RequestErrors.RequestNotFound)
      next = failure(8015, "Customer not found for the given identifiers")
      assert.instanceOf(yield* Effect.flip(requests.changeRequests(customerId)), CustomerErrors.CustomerNotFound)
      // a documented 400 without a name of its own is the core error, with its code
      next = { status: 400, json: Examples.groupGoodwillInvalid }
      const invalid = yield* Effect.flip(group)
      assert(invalid._tag === "CapillaryError" && invalid.reason._tag === "ApiError")
      assert.strictEqual(invalid.reason.code, 400)
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: { createdId: 1, warnings: [] } }))
      const requests = yield* requestsAt(server.url)
      const attempts: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        requests.requestPiiDeletion({ ...tom, identifierValue: "12" }),
        requests.requestPiiDeletion(tom, { comments: "x".repeat(256) }),
        requests.requestGoodwill(tom, { points: 0 }),
        requests.requestMerge({ survivor: customerId, victim: customerId }),
        requests.approve("CUSTOMER", 0 as Request.RequestId),
        requests.list({ requestType: "CUSTOMER", requestSubType: "POINTS" }),
        requests.retroRequestsByIdentifier({ source: "INSTORE", identifierName: "email", identifierValue: "nope" })
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        assert(error instanceof CapillaryError.CapillaryError, String(error))
        assert.strictEqual(error.reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  it.live("an ambiguous status change that was applied is read back, not sent again", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) => request.method === "PUT" ? "reset" : { json: piiRead("DELETED") })
      const requests = yield* requestsAt(server.url)
      const result = yield* requests.approve("CUSTOMER", requestId)
      assert.deepStrictEqual(result, { entityId: 77, result: true, warnings: [] })
      assert.deepStrictEqual(server.sent.map(({ method, path }) => [method, path]), [
        ["PUT", "/v2/requests"],
        ["GET", "/v2/requests/77"]
      ])
    }))

  it.live("an ambiguous status change the read back shows not applied is sent again", () =>
    Effect.gen(function*() {
      let puts = 0
      const server = yield* serve((request) => {
        if (request.method === "GET") return { json: piiRead("PENDING") }
        puts++
        return puts === 1 ? "reset" : updated(77)
      })
      const requests = yield* requestsAt(server.url)
      const result = yield* requests.reject("CUSTOMER", requestId)
      assert.strictEqual(result.result, true)
      assert.deepStrictEqual(server.sent.map(({ method }) => method), ["PUT", "GET", "PUT"])
    }))

  it.live("an ambiguous request creation is not sent again", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => "reset")
      const requests = yield* requestsAt(server.url)
      const error = yield* Effect.flip(requests.requestPiiDeletion(tom))
      assert(error._tag === "CapillaryError")
      assert.strictEqual(error.reason._tag, "AmbiguousOutcome")
      assert.strictEqual(server.sent.length, 1)
    }))
})
