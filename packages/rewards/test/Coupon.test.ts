import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Coupon } from "../src/index.ts"
import * as Documented from "./fixtures/documented.ts"

const decode = <S extends Schema.Codec<any, any, never, never>>(schema: S) => (input: unknown) =>
  Schema.decodeUnknownResult(schema)(input)

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = decode(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success as S["Type"]
}

const rejects = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = decode(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

const series = {
  description: "Welcome 10 off",
  discountType: "ABS",
  discountValue: 10,
  validTillDate: "2030-12-31T23:59:59Z",
  expiryStrategyType: "SERIES_EXPIRY"
} as const

describe("Coupon", () => {
  describe("documented bodies", () => {
    it("reads the documented create request, wrapped in CouponSeriesV2, and writes it flat", () => {
      const body = accepts(Coupon.CouponSeriesCreateBody, Documented.createSeriesRequest)
      assert.strictEqual(body.description, "DIWALI 10% OFF")
      assert.strictEqual(body.maxCreate, -1)
      assert.strictEqual(body.maxVouchersPerUser, 11)
      assert.strictEqual(body.redemptionRange, "{\"dom\" : [1], \"dow\": [1], \"hours\": [1]}")
      assert.deepStrictEqual(body.customPropertyMap, Documented.createSeriesRequest.CouponSeriesV2.customPropertyMap)
      assert.deepStrictEqual(body.targetUserDetails, Documented.createSeriesRequest.CouponSeriesV2.targetUserDetails)
      const written = Schema.encodeUnknownSync(Coupon.CouponSeriesCreateBody)(body)
      assert.deepStrictEqual<unknown>(written, Documented.createSeriesRequest.CouponSeriesV2)
    })

    it("reads the same request flat, as the update endpoint and the field tables have it", () => {
      const flat = accepts(Coupon.CouponSeriesCreateBody, Documented.createSeriesRequest.CouponSeriesV2)
      const wrapped = accepts(Coupon.CouponSeriesCreateBody, Documented.createSeriesRequest)
      assert.deepStrictEqual(flat, wrapped)
      // the wrapper holds a series, or it is refused
      rejects(Coupon.CouponSeriesCreateBody, { CouponSeriesV2: { description: "no discount" } })
    })

    it("decodes the documented create response: limits, counters, JSON-in-string and epoch fields as sent", () => {
      const created = accepts(Coupon.CouponSeries, Documented.createSeriesResponse)
      assert.instanceOf(created, Coupon.CouponSeries)
      assert.strictEqual(created.id, 86066)
      assert.strictEqual(created.orgId, 100458)
      assert.deepStrictEqual([created.maxCreate, created.maxRedeem, created.maxReferralsPerReferee], [-1, -1, -1])
      assert.deepStrictEqual([created.numIssued, created.numRedeemed], [0, 0])
      assert.strictEqual(created.validTillDate, "2021-05-09T00:00:00Z")
      assert.strictEqual(created.fixedExpiryDate, 1620518400000)
      assert.strictEqual(created.latestIssualTime, 0)
      assert.strictEqual(created.storeIdsJson, "[-1]")
      assert.strictEqual(created.redeemAtStore, "[-1]")
      assert.strictEqual(created.mutualExclusiveSeriesIds, "[]")
      assert.strictEqual(created.redemptionRange, "{\"dom\" : [1], \"dow\": [1], \"hours\": [1]}")
      assert.deepStrictEqual(
        [created.discountType, created.discountValue, created.discountOn, created.clientHandlingType],
        ["ABS", 500, "BILL", "DISC_CODE"]
      )
      assert.deepStrictEqual(created.warnings, [])
    })

    it("decodes the documented series list", () => {
      const list = accepts(Coupon.CouponSeriesList, Documented.getSeriesResponse)
      const [found] = list.entity
      assert.strictEqual(found?.id, 18426)
      assert.strictEqual(found?.numIssued, 48847)
      assert.strictEqual(found?.maxBillAmount, 9007199254740991)
      assert.strictEqual(found?.ownedBy, "LOYALTY")
      assert.strictEqual(found?.latestIssualTime, 1587993924000)
    })

    it("decodes the documented issue requests: by id with empty identifiers, or by mobile with an empty id", () => {
      const byId = accepts(Coupon.CouponIssue, Documented.issueRequest)
      assert.strictEqual(byId.seriesId, 12313)
      assert.strictEqual(Coupon.referenceKey(byId.customer), "126080386")
      const byMobile = accepts(Coupon.CouponIssue, Documented.issueRequestByMobile)
      assert.strictEqual(Coupon.referenceKey(byMobile.customer), "1234512345")
      assert.deepStrictEqual<unknown>(Schema.encodeUnknownSync(Coupon.CouponIssue)(byId), Documented.issueRequest)
    })

    it("decodes the documented issue response, abridged and in full", () => {
      const issued = accepts(Coupon.Coupon, Documented.issueResponse)
      assert.instanceOf(issued, Coupon.Coupon)
      assert.deepStrictEqual(
        [issued.code, issued.seriesId, issued.validTill, issued.discountType, issued.discountValue, issued.id],
        ["MGU9Y4PM", 12313, "2119-07-10T00:00:00Z", "ABS", 10, 0]
      )
      assert.strictEqual(issued.customer?.id, 126080386)
      const full = accepts(Coupon.Coupon, Documented.issueResponseFull)
      const [profile] = full.customer?.profiles ?? []
      assert.deepStrictEqual(profile?.identifiers, [
        { type: "mobile", value: "917500000005" },
        { type: "email", value: "tom.sawyer@example.com" }
      ])
      assert.strictEqual(profile?.userId, 126080386)
      assert.strictEqual(full.redemptionCount, 0)
    })

    it("decodes the documented coupon list, whose items carry no customer, id or issue time", () => {
      const list = accepts(Coupon.CouponList, Documented.getCouponsResponse)
      assert.deepStrictEqual(list.data.map((coupon) => [coupon.code, coupon.seriesId, coupon.discountType]), [
        ["1R7IOF17", 84093, "ABS"],
        ["HZXK4CFS", 12646, "PERC"]
      ])
      assert.deepStrictEqual(list.data.map((coupon) => [coupon.customer, coupon.id, coupon.issuedOn]), [
        [undefined, undefined, undefined],
        [undefined, undefined, undefined]
      ])
      assert.deepStrictEqual([list.warnings, list.errors], [[], []])
    })
  })

  describe("ids", () => {
    it("series and customer ids are positive integers; coupon ids may be 0; in a query they are strings", () => {
      assert.strictEqual(accepts(Coupon.CouponSeriesIdFromString, "86066"), 86066)
      assert.strictEqual(accepts(Coupon.CustomerIdFromString, "126080386"), 126080386)
      assert.strictEqual(accepts(Coupon.CouponIdFromString, "0"), 0)
      for (const bad of ["0", "-1", "1.5", "abc", ""]) rejects(Coupon.CouponSeriesIdFromString, bad)
      for (const bad of ["-1", "2.5", "x"]) rejects(Coupon.CouponIdFromString, bad)
      rejects(Coupon.CustomerId, 0)
    })

    it("a coupon code is 1 to 50 characters without spaces", () => {
      accepts(Coupon.CouponCode, "MGU9Y4PM")
      accepts(Coupon.CouponCode, "mgu9y4pm")
      for (const bad of ["", "MGU 9Y4PM", "x".repeat(51)]) rejects(Coupon.CouponCode, bad)
    })
  })

  describe("series rules", () => {
    it("needs a description, the discount, an end date and an expiry strategy; the rest defaults", () => {
      const minimal = accepts(Coupon.CouponSeriesCreate, series)
      assert.strictEqual(minimal.maxCreate, undefined)
      for (const field of Object.keys(series)) {
        rejects(Coupon.CouponSeriesCreate, { ...series, [field]: undefined })
      }
    })

    it("a limit is an integer, -1 for unlimited", () => {
      for (const field of ["maxCreate", "maxRedeem", "maxVouchersPerUser", "maxRedemptionsInSeriesPerUser"]) {
        accepts(Coupon.CouponSeriesCreate, { ...series, [field]: -1 })
        accepts(Coupon.CouponSeriesCreate, { ...series, [field]: 0 })
        assert.include(rejects(Coupon.CouponSeriesCreate, { ...series, [field]: -2 }), "-1 (unlimited)")
        rejects(Coupon.CouponSeriesCreate, { ...series, [field]: 1.5 })
      }
    })

    it("a percentage is at most 100; a discount is not negative", () => {
      accepts(Coupon.CouponSeriesCreate, { ...series, discountType: "PERC", discountValue: 100 })
      assert.include(
        rejects(Coupon.CouponSeriesCreate, { ...series, discountType: "PERC", discountValue: 101 }),
        "at most 100"
      )
      accepts(Coupon.CouponSeriesCreate, { ...series, discountValue: 500 })
      rejects(Coupon.CouponSeriesCreate, { ...series, discountValue: -1 })
      rejects(Coupon.CouponSeriesCreate, { ...series, discountType: "FREE" })
    })

    it("a DAYS or MONTHS_END expiry needs its number of days or months", () => {
      accepts(Coupon.CouponSeriesCreate, { ...series, expiryStrategyType: "DAYS", expiryStrategyValue: 30 })
      accepts(Coupon.CouponSeriesCreate, { ...series, expiryStrategyType: "MONTHS_END", expiryStrategyValue: 1 })
      for (const type of ["DAYS", "MONTHS_END"]) {
        assert.include(
          rejects(Coupon.CouponSeriesCreate, { ...series, expiryStrategyType: type }),
          "needs expiryStrategyValue"
        )
        rejects(Coupon.CouponSeriesCreate, { ...series, expiryStrategyType: type, expiryStrategyValue: 0 })
      }
    })

    it("a GENERIC series needs its code, and only a GENERIC series has one", () => {
      accepts(Coupon.CouponSeriesCreate, { ...series, clientHandlingType: "GENERIC", genericCode: "FREESHIP" })
      assert.include(
        rejects(Coupon.CouponSeriesCreate, { ...series, clientHandlingType: "GENERIC" }),
        "needs its genericCode"
      )
      assert.include(rejects(Coupon.CouponSeriesCreate, { ...series, genericCode: "FREESHIP" }), "only for a GENERIC")
    })

    it("dates are ISO-8601; JSON-in-string fields must hold JSON; bill amounts are ordered", () => {
      for (const date of ["2021-05-10T00:00:00+05:30", "2021-05-09T00:00:00Z", "2021-05-09T00:00:00.123Z"]) {
        accepts(Coupon.CouponSeriesCreate, { ...series, validTillDate: date })
      }
      accepts(Coupon.CouponSeriesCreate, { ...series, validTillDate: "2021-05-09T00:00:00" })
      for (const bad of ["2021-05-09", "09-05-2021", "2021-13-45T00:00:00Z", "tomorrow"]) {
        rejects(Coupon.CouponSeriesCreate, { ...series, validTillDate: bad })
      }
      accepts(Coupon.CouponSeriesCreate, { ...series, redeemAtStore: "[-1]", redemptionRange: "{\"dom\":[\"-1\"]}" })
      assert.include(rejects(Coupon.CouponSeriesCreate, { ...series, redeemAtStore: "[-1" }), "JSON in a string")
      rejects(Coupon.CouponSeriesCreate, { ...series, redeemAtStore: [-1] })
      accepts(Coupon.CouponSeriesCreate, { ...series, minBillAmount: 100, maxBillAmount: -1 })
      rejects(Coupon.CouponSeriesCreate, { ...series, minBillAmount: 200, maxBillAmount: 100 })
    })

    it("an update carries only what changes, under the same rules", () => {
      accepts(Coupon.CouponSeriesUpdate, {})
      accepts(Coupon.CouponSeriesUpdate, { maxCreate: 10 })
      rejects(Coupon.CouponSeriesUpdate, { maxCreate: -5 })
      rejects(Coupon.CouponSeriesUpdate, { discountType: "PERC", discountValue: 150 })
      rejects(Coupon.CouponSeriesUpdate, { validTillDate: "soon" })
    })
  })

  describe("issue and reads", () => {
    it("an issue names the customer by id, mobile, email or external id", () => {
      for (const customer of [{ id: 5 }, { mobile: "919000000001" }, { email: "t@x.com" }, { externalId: "tom-1" }]) {
        accepts(Coupon.CouponIssue, { seriesId: 1, customer })
      }
      for (const customer of [{}, { id: "", mobile: "", email: " ", externalId: "" }, { id: 0 }, { id: "5" }]) {
        rejects(Coupon.CouponIssue, { seriesId: 1, customer })
      }
      rejects(Coupon.CouponIssue, { seriesId: 0, customer: { id: 5 } })
    })

    it("a coupon read needs a customer, an id or a code; codes have no spaces", () => {
      accepts(Coupon.CouponQuery, { issuedToIds: ["5"] })
      accepts(Coupon.CouponQuery, { couponIds: ["7", "8"], couponCodes: ["abc"] })
      assert.include(rejects(Coupon.CouponQuery, {}), "needs issuedToIds, couponIds or couponCodes")
      rejects(Coupon.CouponQuery, { issuedToIds: [] })
      rejects(Coupon.CouponQuery, { couponCodes: ["A B"] })
      rejects(Coupon.CouponQuery, { issuedToIds: ["tom"] })
    })

    it("a series read needs at least one id", () => {
      assert.deepStrictEqual<ReadonlyArray<number>>(
        accepts(Coupon.CouponSeriesQuery, { ids: ["18426", "84516"] }).ids,
        [18426, 84516]
      )
      rejects(Coupon.CouponSeriesQuery, { ids: [] })
    })
  })

  describe("issue multiple, revoke and customer coupons", () => {
    it("reads the documented issue-multiple request and answer; a count is 1 to 500", () => {
      const body = accepts(Coupon.CouponIssueMultiple, Documented.issueMultipleRequest)
      assert.deepStrictEqual([body.seriesId, body.count, body.customer.mobile], [415446, 2, "11223569865"])
      const answer = accepts(Coupon.CouponIssueMultipleResult, Documented.issueMultipleResponse)
      assert.deepStrictEqual<unknown>(answer.coupons, [
        { code: "3084294818", couponId: 1237263304 },
        { code: "5686061236", couponId: 1237263305 }
      ])
      assert.deepStrictEqual([answer.totalCount, answer.successCount, answer.failureCount], [2, 2, 0])
      assert.deepStrictEqual([answer.couponConfig?.discountValue, answer.couponConfig?.discountType], [500, "ABS"])
      accepts(Coupon.CouponIssueMultiple, { seriesId: 1, customer: { id: 5 } })
      accepts(Coupon.CouponIssueMultiple, { seriesId: 1, count: 500, customer: { id: 5 } })
      for (const count of [0, 501, 2.5, -1]) {
        rejects(Coupon.CouponIssueMultiple, { seriesId: 1, count, customer: { id: 5 } })
      }
      assert.include(rejects(Coupon.CouponIssueMultiple, { seriesId: 1, count: 501, customer: { id: 5 } }), "1 to 500")
    })

    it("reads the documented revoke requests and answers, partial ones included", () => {
      const byMobile = accepts(Coupon.CouponRevoke, Documented.revokeByMobileRequest)
      assert.strictEqual(byMobile.customer?.mobile, "11223569865")
      const byCodes = accepts(Coupon.CouponRevoke, Documented.revokeByCodesRequest)
      assert.deepStrictEqual(byCodes.couponCodes, ["3138309782", "3636820421"])
      const answer = accepts(Coupon.CouponRevokeResult, Documented.revokeResponse)
      assert.deepStrictEqual(answer.entity.revokedCoupons.map((coupon) => coupon.couponId), [1239817476, 1239817475])
      const partial = accepts(Coupon.CouponRevokeResult, Documented.revokePartialResponse)
      assert.deepStrictEqual([partial.entity.totalCount, partial.entity.failedCount], [3, 2])
      assert.deepStrictEqual(partial.entity.failedToRevoke?.map((failure) => failure.errorCode), [682])
    })

    it("a revoke needs codes or a customer, the series except for one code alone, and at most 50 codes", () => {
      assert.include(rejects(Coupon.CouponRevoke, { couponSeriesId: 1 }), "codes or a customer")
      accepts(Coupon.CouponRevoke, { couponCodes: ["ONE"] })
      assert.include(rejects(Coupon.CouponRevoke, { couponCodes: ["ONE", "TWO"] }), "needs couponSeriesId")
      assert.include(rejects(Coupon.CouponRevoke, { customer: { id: 5 } }), "needs couponSeriesId")
      const many = Array.from({ length: 51 }, (_, i) => `C${i}`)
      assert.include(rejects(Coupon.CouponRevoke, { couponSeriesId: 1, couponCodes: many }), "1 to 50 codes")
      rejects(Coupon.CouponRevoke, { couponSeriesId: 1, couponCodes: [] })
    })

    it("reads the documented customer coupons page: string pagination, redemptions with their bill", () => {
      const page = accepts(Coupon.CustomerCouponsPage, Documented.customerCouponsResponse)
      assert.deepStrictEqual(page.entity.pagination, { limit: 100, offset: 0, total: 23 })
      const [customer] = page.entity.customers
      assert.deepStrictEqual([customer?.id, customer?.firstname, customer?.mobile], [565039504, "Tom", "919400488244"])
      const [redeemed, unredeemed] = customer?.coupons ?? []
      assert.instanceOf(redeemed, Coupon.CustomerCoupon)
      assert.deepStrictEqual(redeemed?.redemptions, [{
        id: 18183149,
        date: "2025-07-16T17:46:43Z",
        transactionNumber: "numbr9435064964",
        redeemedAt: { code: "doc123", name: "DocStore" }
      }])
      assert.deepStrictEqual([unredeemed?.redemptionCount, unredeemed?.redemptionsLeft, unredeemed?.redemptions], [
        0,
        1,
        []
      ])
      // written back as Capillary sends it: limit and offset as strings, total as a number
      assert.deepStrictEqual(
        Schema.encodeUnknownSync(Coupon.CustomerCouponsPagination)({ limit: 100, offset: 0, total: 23 }),
        { limit: "100", offset: "0", total: 23 }
      )
    })

    it("a customer coupons read needs an identifier; status, order and page are checked", () => {
      const query = accepts(Coupon.CustomerCouponsQuery, { mobile: "917003222195", limit: "20", offset: "5" })
      assert.deepStrictEqual([query.limit, query.offset], [20, 5])
      accepts(Coupon.CustomerCouponsQuery, { id: "5", status: "ACTIVE_UNREDEEMED", sort_order: "ASC" })
      accepts(Coupon.CustomerCouponsQuery, { external_Id: "ext-1" })
      assert.include(rejects(Coupon.CustomerCouponsQuery, { status: "REDEEMED" }), "needs the customer")
      rejects(Coupon.CustomerCouponsQuery, { id: "5", status: "USED" })
      rejects(Coupon.CustomerCouponsQuery, { id: "5", limit: "0" })
      rejects(Coupon.CustomerCouponsQuery, { id: "5", offset: "-1" })
    })
  })
})
