/** The group points schemas: documented bodies, Capillary's limits on a transfer, and the reference convention. */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { GroupPoints } from "../src/index.ts"
import * as Documented from "./fixtures/groupPoints.ts"

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown): S["Type"] => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success
}

const rejects = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

const request = Documented.transferRequest

describe("GroupPoints", () => {
  describe("documented bodies", () => {
    it("decodes the documented transfer request and writes it back as it was", () => {
      const decoded = accepts(GroupPoints.TransferRequest, request)
      assert.deepStrictEqual(
        [decoded.pointsTobeTransferred, decoded.programId, decoded.fromEntity.type, decoded.toEntity.type],
        [10.5, 765, "USERGROUP2", "CUSTOMER"]
      )
      assert.deepStrictEqual<unknown>(Schema.encodeSync(GroupPoints.TransferRequest)(decoded), request)
    })

    it("decodes the documented isTransferrable and transfer answers", () => {
      assert.deepStrictEqual(accepts(GroupPoints.TransferrabilityAnswer, Documented.isTransferrableResponse).data, [
        { pointsTobeTransferred: 10, transferrable: true }
      ])
      const [record] = accepts(GroupPoints.TransferRecords, Documented.transferResponse).data
      assert.deepStrictEqual(
        [record?.fromEntityType, record?.fromEntityId, record?.toEntityType, record?.toEntityId, record?.transferId],
        ["USERGROUP2", 2626, "CUSTOMER", 418400980, 6545]
      )
      assert.deepStrictEqual([record?.pointsTransferred, record?.transferType, record?.notes], [
        10,
        "DEDUCTION",
        "notes123"
      ])
      assert.strictEqual(record?.transferredFromUserGroup2?.fleetGroupUsers.length, 5)
      assert.deepStrictEqual(record?.pointsTransferBreakupByEarningPrograms, [
        { programId: 765, deductedPoints: 10, programCurrentPoints: 70 }
      ])
    })
  })

  describe("Capillary's limits, before sending", () => {
    it("points are positive with at most three decimals", () => {
      for (const points of [1, 0.001, 10.5, 2000.125]) accepts(GroupPoints.PointsAmount, points)
      assert.match(rejects(GroupPoints.PointsAmount, 0), /positive/)
      rejects(GroupPoints.PointsAmount, -5)
      assert.match(rejects(GroupPoints.PointsAmount, 1.2345), /three decimals/)
      rejects(GroupPoints.PointsAmount, 1e-7)
      rejects(GroupPoints.PointsAmount, Number.NaN)
    })

    it("a user group on one side at least; the sides' types and identifiers as documented", () => {
      const customer = request.toEntity
      assert.match(rejects(GroupPoints.TransferRequest, { ...request, fromEntity: customer }), /user group on one side/)
      rejects(GroupPoints.TransferRequest, { ...request, fromEntity: { ...request.fromEntity, type: "STORE" } })
      rejects(GroupPoints.TransferRequest, {
        ...request,
        fromEntity: { ...request.fromEntity, identifierType: "mobile" }
      })
      rejects(GroupPoints.TransferRequest, { ...request, toEntity: { ...customer, identifierType: "primaryUserId" } })
      assert.match(
        rejects(GroupPoints.TransferRequest, {
          ...request,
          fromEntity: { ...request.fromEntity, identifierValue: "g1" }
        }),
        /positive integer/
      )
      // a customer is named in a source
      const { source: _, ...sourceless } = customer
      rejects(GroupPoints.TransferRequest, { ...request, toEntity: sourceless })
      rejects(GroupPoints.TransferRequest, { ...request, transferredBy: undefined })
      // groups by primary member
      for (const identifierType of ["primaryUserMobile", "primaryUserEmail", "primaryUserCardnumber", "externalId"]) {
        accepts(GroupPoints.TransferRequest, {
          ...request,
          fromEntity: { type: "USERGROUP2", identifierType, identifierValue: "x1" }
        })
      }
    })

    it("a history query names a group by id or externalId, a customer by identifier", () => {
      accepts(GroupPoints.TransferHistoryQuery, {
        identifierName: "id",
        identifierValue: "2626",
        userEntityType: "USERGROUP2"
      })
      accepts(GroupPoints.TransferHistoryQuery, {
        identifierName: "mobile",
        identifierValue: "918410000000",
        source: "WECHAT"
      })
      rejects(GroupPoints.TransferHistoryQuery, { identifierName: "id", identifierValue: "2626" })
      rejects(GroupPoints.TransferHistoryQuery, {
        identifierName: "mobile",
        identifierValue: "9184",
        userEntityType: "USERGROUP2"
      })
      rejects(GroupPoints.TransferHistoryQuery, {
        identifierName: "id",
        identifierValue: "x",
        userEntityType: "USERGROUP2"
      })
      const page = accepts(GroupPoints.TransferHistoryQuery, {
        identifierName: "externalId",
        identifierValue: "fam",
        userEntityType: "USERGROUP2",
        limit: "10",
        offset: "20",
        sortOrder: "DESC",
        programId: "765"
      })
      assert.deepStrictEqual([page.limit, page.offset, page.programId], [10, 20, 765])
    })
  })

  describe("the reference convention", () => {
    it("notes end with the reference tag, which reads back", () => {
      assert.strictEqual(GroupPoints.withReference(undefined, "ce-0011223344556677"), "[ref:ce-0011223344556677]")
      assert.strictEqual(GroupPoints.withReference("  ", "ce-0011223344556677"), "[ref:ce-0011223344556677]")
      const notes = GroupPoints.withReference("for the family ", "wf-transfer-0001")
      assert.strictEqual(notes, "for the family [ref:wf-transfer-0001]")
      assert.strictEqual(GroupPoints.referenceOf(notes), "wf-transfer-0001")
      assert.strictEqual(GroupPoints.referenceOf("notes123"), undefined)
      assert.strictEqual(GroupPoints.referenceOf(undefined), undefined)
      assert.strictEqual(GroupPoints.referenceOf("[ref:x] then more"), undefined)
      assert.isTrue(Schema.is(GroupPoints.TransferReference)("wf-transfer-0001"))
      assert.isFalse(Schema.is(GroupPoints.TransferReference)("short"))
      assert.isFalse(Schema.is(GroupPoints.TransferReference)("has space 123"))
    })
  })
})
