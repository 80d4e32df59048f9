/**
 * The requests schemas: every documented example decodes (and the bodies encode back as sent), and what
 * Capillary would refuse is refused before sending.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Request, RequestsApi } from "../src/index.ts"
import * as Examples from "./fixtures/requestsExamples.ts"

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success as S["Type"]
}

const rejects = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

/** Decodes, then encodes back to the same JSON. */
const roundTrips = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const decoded = accepts(schema, input)
  assert.deepStrictEqual(Schema.encodeSync(schema)(decoded), input)
  return decoded
}

describe("Request", () => {
  describe("documented request bodies", () => {
    it("the PII deletion, group goodwill and add answers decode and encode back", () => {
      const pii = roundTrips(Request.RequestAdd, Examples.piiDeletionAddBody)
      assert.strictEqual(pii.type, "CUSTOMER")
      const group = roundTrips(Request.RequestAdd, Examples.groupGoodwillAddBody)
      assert(group.type === "GOODWILL" && "userGroup2IdentificationInfo" in group)
      assert.strictEqual(group.userGroup2IdentificationInfo.identifierValue, 3832764)
      roundTrips(Request.RequestAdd, Examples.groupGoodwillAddOpenApiBody)
      for (const answer of Examples.addResponses) roundTrips(RequestsApi.addRequest.success, answer)
    })

    it("the documented status updates decode; a string id is read as a number", () => {
      const [approve] = accepts(Request.StatusUpdates, Examples.piiApproveBody)
      assert.strictEqual(approve.id, 13538087)
      assert.deepStrictEqual<unknown>(Schema.encodeSync(Request.StatusUpdates)([approve]), [
        { ...Examples.piiApproveBody[0]!, id: 13538087 }
      ])
      const [cancel] = accepts(Request.StatusUpdates, Examples.piiCancelBody)
      assert.deepStrictEqual([cancel.id, cancel.status], [1458345, "CANCELED"])
      roundTrips(Request.StatusUpdates, Examples.transactionApproveBody)
      roundTrips(Request.StatusUpdates, Examples.mergeApproveBody)
    })

    it("the documented update answers decode, refused items with their codes", () => {
      const same = roundTrips(RequestsApi.updateRequests.success, Examples.sameUserCannotApprove)
      assert.deepStrictEqual([same.failureCount, same.response[0]!.errors?.[0]?.code], [1, 9051])
      roundTrips(RequestsApi.updateRequests.success, Examples.piiApproved)
      for (const answer of Examples.requestApproved) roundTrips(RequestsApi.updateRequests.success, answer)
      const blocked = roundTrips(RequestsApi.updateRequests.success, Examples.updateBlockedFromChildOrg)
      assert.strictEqual(blocked.response[0]!.errors?.[0]?.code, 9021)
    })
  })

  describe("documented reads", () => {
    it("a transaction request by id is kept whole", () => {
      const read = roundTrips(RequestsApi.getRequest.success, Examples.transactionRequest)
      assert.isFalse(Request.isPiiDeletion(read) || Request.isGoodwill(read) || Request.isMerge(read))
      assert.deepStrictEqual([read.type, read.baseType, read.id], ["TRANSACTION", "REGULAR_TXN_ADD", 902581])
    })

    it("merge requests by id decode as merges", () => {
      for (const example of [Examples.mergeRequest, Examples.mergeRequestFromChildOrg]) {
        const read = roundTrips(RequestsApi.getRequest.success, example)
        assert(Request.isMerge(read))
        assert.strictEqual(read.changeIdentifierRequest.changeStatus, "PROCESSING")
      }
    })

    it("the merge lists decode, their items without type as merges", () => {
      const page = roundTrips(RequestsApi.listRequests.success, Examples.mergeListFromParentOrg)
      assert.strictEqual(page.pagination.total, 5)
      assert.isTrue(page.data.every(Request.isMerge))
      assert.deepStrictEqual(RequestsApi.listRequests.paging?.items(page).length, 5)
      const child = roundTrips(RequestsApi.listRequests.success, Examples.mergeListFromChildOrg)
      assert.deepStrictEqual(child.data.map((item) => item.id === undefined && Request.isMerge(item)), [
        true,
        true,
        true
      ])
      const sample = roundTrips(RequestsApi.listRequests.success, Examples.mergeList)
      assert.deepStrictEqual([sample.pagination.total, sample.data.length], [83, 10])
    })

    it("the goodwill and retro lists decode", () => {
      const goodwill = roundTrips(RequestsApi.goodwillRequests.success, Examples.goodwillRequests)
      assert.deepStrictEqual(
        [goodwill.data[0]!.goodwillStatus, goodwill.data[0]!.approvedValue, goodwill.data[0]!.program?.programId],
        ["APPROVED", "500", 973]
      )
      const retro = roundTrips(RequestsApi.retroRequests.success, Examples.retroRequests)
      assert.deepStrictEqual(retro.data.map((entry) => entry.transactionId), [323391839, 323274585, 323271072])
      roundTrips(RequestsApi.retroRequestsByIdentifier.success, Examples.retroRequests)
    })

    it("a PII deletion read decodes as one", () => {
      const read = accepts(RequestsApi.getRequest.success, {
        type: "CUSTOMER",
        baseType: "DELETE",
        status: "APPROVED",
        id: 12,
        customerDeletionDetails: {
          requestId: 12,
          userId: 100001,
          status: "APPROVED",
          scheduledTime: "2026-01-02T00:00:00Z",
          statusLog: [{ status: "PENDING", changedOn: "2026-01-01T00:00:00Z", changedBy: "demo.till" }]
        },
        warnings: []
      })
      assert(Request.isPiiDeletion(read))
      assert.strictEqual(read.customerDeletionDetails?.statusLog?.length, 1)
    })
  })

  describe("validation", () => {
    const pii = Examples.piiDeletionAddBody
    const info = pii.customerIdentificationInfo

    it("the customer must be named by a valid identifier", () => {
      rejects(Request.RequestAdd, { ...pii, customerIdentificationInfo: { ...info, identifierValue: "+91 99860" } })
      rejects(Request.RequestAdd, {
        ...pii,
        customerIdentificationInfo: { ...info, identifierType: "email", identifierValue: "not-an-email" }
      })
      rejects(Request.RequestAdd, {
        ...pii,
        customerIdentificationInfo: { ...info, identifierType: "id", identifierValue: "12a" }
      })
      rejects(Request.RequestAdd, { ...pii, customerIdentificationInfo: { ...info, source: "NOWHERE" } })
      rejects(Request.RequestAdd, { type: "CUSTOMER", baseType: "DELETE" })
      accepts(Request.RequestAdd, {
        ...pii,
        customerIdentificationInfo: { source: "INSTORE", identifierType: "id", identifierValue: "100001" }
      })
    })

    it("comments are at most 255 characters", () => {
      rejects(Request.RequestAdd, { ...pii, comments: "x".repeat(256) })
      accepts(Request.RequestAdd, { ...pii, comments: "x".repeat(255) })
    })

    it("goodwill points are positive with at most three decimals; a group id is a positive integer", () => {
      const group = Examples.groupGoodwillAddBody
      for (const points of [0, -5, 1.2345]) {
        rejects(Request.RequestAdd, { ...group, goodwillRequest: { ...group.goodwillRequest, points } })
      }
      accepts(Request.RequestAdd, { ...group, goodwillRequest: { ...group.goodwillRequest, points: 12.125 } })
      rejects(Request.RequestAdd, {
        ...group,
        userGroup2IdentificationInfo: { ...group.userGroup2IdentificationInfo, identifierValue: "abc" }
      })
      accepts(Request.RequestAdd, {
        ...group,
        userGroup2IdentificationInfo: { identifierType: "externalId", identifierValue: "family-1" }
      })
    })

    it("a merge names one survivor and one other victim by id", () => {
      const merge = (add: unknown, remove: unknown) => ({
        type: "CHANGE_IDENTIFIER",
        baseType: "MERGE",
        changeIdentifierRequest: { changeIdentifiers: { add, remove } }
      })
      accepts(Request.RequestAdd, merge([{ type: "id", value: "10" }], [{ type: "id", value: "11" }]))
      rejects(Request.RequestAdd, merge([{ type: "id", value: "10" }], [{ type: "id", value: "10" }]))
      rejects(Request.RequestAdd, merge([{ type: "mobile", value: "919000000001" }], [{ type: "id", value: "11" }]))
      rejects(Request.RequestAdd, merge([], [{ type: "id", value: "11" }]))
    })

    it("an unknown kind, a base type of another kind or an empty update are refused", () => {
      rejects(Request.RequestAdd, { ...pii, type: "SOMETHING" })
      rejects(Request.StatusUpdates, [{ type: "CUSTOMER", baseType: "POINTS", id: 1, status: "APPROVED" }])
      rejects(Request.StatusUpdates, [{ type: "GOODWILL", baseType: "POINTS", id: 0, status: "APPROVED" }])
      rejects(Request.StatusUpdates, [{ type: "GOODWILL", baseType: "POINTS", id: 1, status: "DONE" }])
      rejects(Request.StatusUpdates, [])
    })

    it("a list names a kind with its own sub-type, and a customer with both identifier fields in a source", () => {
      const query = { requestType: "CUSTOMER", requestSubType: "DELETE" }
      const decoded = accepts(Request.RequestsQuery, { ...query, limit: "5", offset: "10", status: "PENDING" })
      assert.deepStrictEqual([decoded.limit, decoded.offset], [5, 10])
      rejects(Request.RequestsQuery, { ...query, requestSubType: "MERGE" })
      rejects(Request.RequestsQuery, { ...query, identifierType: "mobile" })
      rejects(Request.RequestsQuery, { ...query, identifierType: "mobile", identifierValue: "919000000001" })
      accepts(Request.RequestsQuery, {
        ...query,
        source: "INSTORE",
        identifierType: "mobile",
        identifierValue: "919000000001"
      })
      rejects(Request.RequestsQuery, { ...query, limit: "0" })
      rejects(Request.RetroRequestsLookupQuery, {
        source: "INSTORE",
        identifierName: "mobile",
        identifierValue: "12"
      })
    })
  })
})
