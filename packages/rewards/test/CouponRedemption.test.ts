import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { CouponRedemption } from "../src/index.ts"
import * as Documented from "./fixtures/documented.ts"

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

const codes = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `CODE${i}` }))

describe("CouponRedemption", () => {
  describe("documented bodies", () => {
    it("reads the documented redeem requests and writes the bill amount back as a string", () => {
      const body = accepts(CouponRedemption.CouponRedeem, Documented.redeemRequest)
      assert.deepStrictEqual(body.redemptionRequestList, [{ code: "MGU9Y4PM" }])
      assert.strictEqual(body.billAmount, 2000)
      assert.strictEqual(body.user.mobile, "917575757575")
      assert.deepStrictEqual<unknown>(
        Schema.encodeUnknownSync(CouponRedemption.CouponRedeem)(body),
        Documented.redeemRequest
      )
      const iso = accepts(CouponRedemption.CouponRedeem, Documented.redeemRequestIso)
      assert.deepStrictEqual([iso.billAmount, iso.transactionNumber, iso.redemptionTime], [
        0,
        "",
        "2024-11-11T05:11:13-05:00"
      ])
      // a number is read too
      assert.strictEqual(
        accepts(CouponRedemption.CouponRedeem, { ...Documented.redeemRequest, billAmount: 99.5 }).billAmount,
        99.5
      )
    })

    it("decodes the documented redeem answer: redemption[].id is the redemption id", () => {
      const answer = accepts(CouponRedemption.CouponRedeemResult, Documented.redeemResponse)
      const [redemption] = answer.redemption
      assert.instanceOf(redemption, CouponRedemption.CouponRedemption)
      assert.deepStrictEqual(
        [redemption?.id, redemption?.code, redemption?.couponValue, redemption?.seriesCode, redemption?.isAbsolute],
        [369455787, "MGU9Y4PM", 10, 12313, true]
      )
      assert.deepStrictEqual(
        [redemption?.redemptionStatus.success, redemption?.redemptionStatus.code, redemption?.redemptionStatus.message],
        [true, 700, "Coupon processing successful"]
      )
      assert.strictEqual(CouponRedemption.redemptionIdOf(redemption!), 369455787)
      assert.deepStrictEqual(answer.redemptionStatus, {
        status: true,
        message: "Coupon processing successful",
        code: 700
      })
      assert.strictEqual(answer.customer?.id, 126080386)
    })

    it("reads the documented bulk request and bulk answer, whose result id is the coupon's", () => {
      const body = accepts(CouponRedemption.CouponBulkRedeem, Documented.bulkRedeemRequest)
      assert.deepStrictEqual(body.redemptionRequestList.map(({ code }) => code), ["U6ER8MJ5", "U6ER8MH9"])
      assert.strictEqual<unknown>(body.user.id, 126080386)
      const answer = accepts(CouponRedemption.CouponBulkRedeemResult, Documented.bulkRedeemResponse)
      assert.deepStrictEqual([answer.totalCount, answer.failureCount], [2, 0])
      const [first] = answer.response
      assert.strictEqual(first?.entityId, 1306648998)
      assert.deepStrictEqual([first?.result?.id, first?.result?.redemptionId, first?.result?.code], [
        1306648998,
        -1,
        "3ELN50QRLCKGW5S6"
      ])
      // a check-only answer carries no redemption id: -1 is not one, and the coupon's id is not taken for one
      assert.strictEqual(
        CouponRedemption.redemptionIdOf(new CouponRedemption.CouponRedemption({ ...first!.result!, id: -1 })),
        undefined
      )
      assert.strictEqual(
        CouponRedemption.redemptionIdOf(
          new CouponRedemption.CouponRedemption({ ...first!.result!, redemptionId: 777 })
        ),
        777
      )
    })

    it("decodes the documented is_redeemable answer", () => {
      const answer = accepts(CouponRedemption.IsRedeemableResult, Documented.isRedeemableResponse)
      const [item] = answer.redemption
      assert.instanceOf(item, CouponRedemption.RedeemableCoupon)
      assert.deepStrictEqual(
        [item?.code, item?.isRedeemable, item?.numberOfRedemptionsByUser, item?.redemptionsLeft],
        ["6B88U6ED", true, 0, -1]
      )
      assert.deepStrictEqual(answer.redemptionStatus, {
        code: 700,
        message: "Coupon isRedeem successful",
        status: true
      })
    })

    it("reads the documented reactivate request and answer", () => {
      const body = accepts(CouponRedemption.CouponReactivate, Documented.reactivateRequest)
      assert.deepStrictEqual<ReadonlyArray<number>>(body.redemptionIds, [83146])
      assert.deepStrictEqual(
        accepts(CouponRedemption.CouponReactivateResult, Documented.reactivateResponse),
        Documented.reactivateResponse
      )
    })
  })

  describe("rules", () => {
    it("a redeem takes 1 or more codes, a bulk redeem 1 to 50", () => {
      const base = { user: { id: 1 }, billAmount: "10" }
      accepts(CouponRedemption.CouponRedeem, { ...base, redemptionRequestList: codes(60) })
      rejects(CouponRedemption.CouponRedeem, { ...base, redemptionRequestList: [] })
      accepts(CouponRedemption.CouponBulkRedeem, { ...base, redemptionRequestList: codes(50) })
      assert.include(
        rejects(CouponRedemption.CouponBulkRedeem, { ...base, redemptionRequestList: codes(51) }),
        "at most 50 codes"
      )
      rejects(CouponRedemption.CouponBulkRedeem, { ...base, redemptionRequestList: [] })
    })

    it("a redeem needs a customer, a bill amount of 0 or more, valid codes and a readable time", () => {
      const body = Documented.redeemRequest
      rejects(CouponRedemption.CouponRedeem, { ...body, user: {} })
      rejects(CouponRedemption.CouponRedeem, { ...body, billAmount: undefined })
      assert.include(rejects(CouponRedemption.CouponRedeem, { ...body, billAmount: "-5" }), "0 or more")
      rejects(CouponRedemption.CouponRedeem, { ...body, billAmount: "ten" })
      rejects(CouponRedemption.CouponRedeem, { ...body, redemptionRequestList: [{ code: "TWO WORDS" }] })
      assert.include(rejects(CouponRedemption.CouponRedeem, { ...body, redemptionTime: "12/06/2020" }), "YYYY-MM-DD")
    })

    it("is_redeemable takes comma-separated codes and needs a customer identifier", () => {
      const query = accepts(CouponRedemption.IsRedeemableQuery, { mobile: "919000000001", code: "A1,b2" })
      assert.deepStrictEqual(query.code, ["A1", "b2"])
      assert.deepStrictEqual(
        Schema.encodeUnknownSync(CouponRedemption.IsRedeemableQuery)({ id: 7, code: ["A1", "B2"], details: "true" }),
        { id: "7", code: "A1,B2", details: "true" }
      )
      assert.include(rejects(CouponRedemption.IsRedeemableQuery, { code: "A1" }), "needs the customer")
      rejects(CouponRedemption.IsRedeemableQuery, { id: "7", code: "" })
      rejects(CouponRedemption.IsRedeemableQuery, { id: "7", code: "A1", details: "all" })
    })

    it("reactivation takes one or more positive redemption ids", () => {
      rejects(CouponRedemption.CouponReactivate, { redemptionIds: [] })
      rejects(CouponRedemption.CouponReactivate, { redemptionIds: [0] })
      rejects(CouponRedemption.CouponReactivate, { redemptionIds: [1.5] })
      accepts(CouponRedemption.CouponReactivate, { redemptionIds: [1, 2] })
    })
  })
})
