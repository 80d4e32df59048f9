/**
 * The service against a scripted server over a real socket: what each operation sends, which errors come back,
 * what is refused before sending, and how an ambiguous issue is reconciled.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { TestClock } from "effect/testing"
import { Coupon, CouponErrors, CouponRedemption, type Coupons } from "../src/index.ts"
import { type Answer, couponsAt, failure, type Sent, serve } from "./fixtures/capillary.ts"
import * as Documented from "./fixtures/documented.ts"

const seriesId = Coupon.CouponSeriesId.make(12313)
const tom = Coupon.CustomerId.make(126080386)

const welcome: Coupon.CouponSeriesCreate = {
  description: "Welcome 10 off",
  discountType: "ABS",
  discountValue: 10,
  validTillDate: "2030-12-31T23:59:59Z",
  expiryStrategyType: "DAYS",
  expiryStrategyValue: 30,
  maxVouchersPerUser: 1
}

const seriesBody = { ...Documented.createSeriesResponse, id: seriesId }

/** A coupon of the series as a list item, issued at the given time. */
const listed = (code: string, issuedOn: string | undefined, series: number = seriesId) => ({
  code,
  seriesId: series,
  validTill: "2030-12-31T23:59:59Z",
  discountType: "ABS",
  discountValue: 10,
  ...(issuedOn === undefined ? {} : { issuedOn, issuedToId: tom })
})

const isoSeconds = (millis: number) => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

const kinds = (server: { readonly sent: ReadonlyArray<Sent> }) =>
  server.sent.map(({ method, path }) => `${method} ${path}`)

describe("Coupons", () => {
  it.live("sends each operation to its route, with the friendly input as Capillary's query and body", () =>
    Effect.gen(function*() {
      const server = yield* serve((request): Answer => {
        if (request.path === "/v2/coupon/series") {
          return request.method === "POST" ? { json: seriesBody } : { json: Documented.getSeriesResponse }
        }
        if (request.path.startsWith("/v2/coupon/series/")) return { json: seriesBody }
        if (request.path === "/v2/coupon/issue") return { json: Documented.issueResponseFull }
        return { json: Documented.getCouponsResponse }
      })
      const coupons = yield* couponsAt(server.url)

      const created = yield* coupons.createSeries(welcome)
      assert.instanceOf(created, Coupon.CouponSeries)
      assert.strictEqual(created.id, seriesId)
      const updated = yield* coupons.updateSeries(seriesId, { maxCreate: 100, description: "Welcome back" })
      assert.strictEqual(updated.id, seriesId)
      const found = yield* coupons.getSeries([seriesId, Coupon.CouponSeriesId.make(84516)])
      assert.deepStrictEqual(found.map((series) => series.id), [18426])
      const issued = yield* coupons.issue({ seriesId, customer: { id: tom } })
      assert.instanceOf(issued, Coupon.Coupon)
      assert.strictEqual(issued.code, "MGU9Y4PM")
      assert.strictEqual(issued.customer?.id, tom)
      const held = yield* coupons.getCoupons({
        issuedToIds: [tom, Coupon.CustomerId.make(108573800)],
        couponIds: [Coupon.CouponId.make(7)],
        couponCodes: ["mgu9y4pm"]
      })
      assert.deepStrictEqual(held.map((coupon) => coupon.code), ["1R7IOF17", "HZXK4CFS"])

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/coupon/series", {}],
        ["PUT", "/v2/coupon/series/12313", {}],
        ["GET", "/v2/coupon/series", { ids: ["12313", "84516"] }],
        ["POST", "/v2/coupon/issue", {}],
        ["GET", "/v2/coupon", { issuedToIds: ["126080386", "108573800"], couponIds: "7", couponCodes: "mgu9y4pm" }]
      ])
      // the series body is sent flat, not wrapped in CouponSeriesV2
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, welcome)
      assert.deepStrictEqual<unknown>(server.sent[1]!.body, { maxCreate: 100, description: "Welcome back" })
      assert.deepStrictEqual<unknown>(server.sent[3]!.body, { seriesId: 12313, customer: { id: 126080386 } })
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next: Answer = failure(707, "Invalid series id")
      const server = yield* serve(() => next)
      const coupons = yield* couponsAt(server.url)
      const issue = coupons.issue({ seriesId, customer: { mobile: "919000000001" } })

      assert.instanceOf(
        yield* Effect.flip(coupons.updateSeries(seriesId, { maxCreate: 1 })),
        CouponErrors.InvalidSeries
      )
      assert.instanceOf(yield* Effect.flip(coupons.getSeries([seriesId])), CouponErrors.InvalidSeries)
      assert.instanceOf(yield* Effect.flip(issue), CouponErrors.InvalidSeries)
      const outcomes = [
        [712, "SeriesExpired"],
        [701, "CustomerNotFound"],
        [8015, "CustomerNotFound"],
        [5002, "MaxCouponsPerUser"],
        [5004, "MaxCouponsPerUser"],
        [709, "CouponIssueFailed"],
        [722, "CouponIssueFailed"]
      ] as const
      for (const [code, tag] of outcomes) {
        next = failure(code, `code ${code}`)
        const failed = yield* Effect.flip(issue)
        assert(failed._tag !== "CapillaryError", failed.message)
        assert.deepStrictEqual([failed._tag, failed.code, failed.message], [tag, code, `code ${code}`])
      }
      for (const code of [702, 719]) {
        next = failure(code, "Invalid coupon code")
        assert.instanceOf(
          yield* Effect.flip(coupons.getCoupons({ couponCodes: ["NOPE"] })),
          CouponErrors.InvalidCouponCode
        )
      }
      // not a coupon error of that endpoint: the core error, with Capillary's code
      next = failure(707, "Invalid series id")
      const other = yield* Effect.flip(coupons.getCoupons({ couponCodes: ["NOPE"] }))
      assert(other._tag === "CapillaryError" && other.reason._tag === "ApiError")
      assert.strictEqual(other.reason.code, 707)
      next = failure(756, "seriesId is mandatory to set")
      const created = yield* Effect.flip(coupons.createSeries(welcome))
      assert(created._tag === "CapillaryError" && created.reason._tag === "ApiError")
      assert.strictEqual(created.reason.code, 756)
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: seriesBody }))
      const coupons = yield* couponsAt(server.url)
      const attempts: ReadonlyArray<
        Effect.Effect<unknown, Coupons.IssueError | Coupons.SeriesError | Coupons.GetCouponsError>
      > = [
        coupons.createSeries({ ...welcome, discountType: "PERC", discountValue: 120 }),
        coupons.createSeries({ ...welcome, expiryStrategyValue: undefined }),
        coupons.createSeries({ ...welcome, maxCreate: -3 }),
        coupons.createSeries({ ...welcome, validTillDate: "31-12-2030" }),
        coupons.createSeries({ ...welcome, clientHandlingType: "GENERIC" }),
        coupons.createSeries({ ...welcome, redeemAtStore: "[-1" }),
        coupons.updateSeries(seriesId, { maxVouchersPerUser: 1.5 }),
        coupons.getSeries([] as unknown as [Coupon.CouponSeriesId]),
        coupons.issue({ seriesId, customer: {} }),
        coupons.issue({ seriesId, customer: { id: "", mobile: " " } }),
        coupons.getCoupons({}),
        coupons.getCoupons({ couponCodes: ["two words"] })
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        assert(error._tag === "CapillaryError", error._tag)
        assert.strictEqual(error.reason._tag, "InvalidRequest")
        assert.strictEqual(error.attempts, 0)
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  describe("an issue whose outcome is unknown", () => {
    it.live("is reconciled to the one coupon of the series issued to the customer since the call started", () =>
      Effect.gen(function*() {
        const started = Date.now()
        const server = yield* serve((request) =>
          request.method === "POST" ? "reset" : {
            json: {
              data: [
                listed("OLDONE01", "2020-01-01T00:00:00Z"),
                listed("OTHER001", isoSeconds(started + 500), 999),
                listed("FRESH001", isoSeconds(started + 500))
              ],
              warnings: [],
              errors: []
            }
          }
        )
        const coupons = yield* couponsAt(server.url)
        const issued = yield* coupons.issue({ seriesId, customer: { id: tom, mobile: "" } })
        assert.strictEqual(issued.code, "FRESH001")
        assert.strictEqual(issued.customer, undefined)
        assert.deepStrictEqual(server.sent.map(({ method, query }) => [method, query]), [
          ["POST", {}],
          ["GET", { issuedToIds: "126080386" }]
        ])
      }))

    it.effect("counts a coupon issued in the call's first second: Capillary's dates have no milliseconds", () =>
      Effect.gen(function*() {
        // the call starts at .700 of a second; the coupon says it was issued at .000 of that second
        yield* TestClock.setTime(Date.parse("2030-01-01T10:00:00.700Z"))
        const server = yield* serve((request) =>
          request.method === "POST" ? "reset" : {
            json: {
              data: [listed("EARLIER1", "2030-01-01T09:59:59Z"), listed("SAMESEC1", "2030-01-01T10:00:00Z")],
              warnings: [],
              errors: []
            }
          }
        )
        const coupons = yield* couponsAt(server.url)
        const issued = yield* coupons.issue({ seriesId, customer: { id: tom } })
        assert.strictEqual(issued.code, "SAMESEC1")
      }))

    it.live("is sent again when no coupon of the series was issued since the call started", () =>
      Effect.gen(function*() {
        let posts = 0
        const server = yield* serve((request) => {
          if (request.method === "GET") {
            return { json: { data: [listed("OLDONE01", "2020-01-01T00:00:00Z")], warnings: [], errors: [] } }
          }
          posts++
          return posts === 1 ? "reset" : { json: Documented.issueResponse }
        })
        const coupons = yield* couponsAt(server.url)
        const issued = yield* coupons.issue({ seriesId, customer: { id: tom } })
        assert.strictEqual(issued.code, "MGU9Y4PM")
        assert.deepStrictEqual(kinds(server), ["POST /v2/coupon/issue", "GET /v2/coupon", "POST /v2/coupon/issue"])
      }))

    const ambiguous = (answer: (request: Sent) => Answer, customer: Coupon.CustomerReference) =>
      Effect.gen(function*() {
        const server = yield* serve(answer)
        const coupons = yield* couponsAt(server.url)
        const error = yield* Effect.flip(coupons.issue({ seriesId, customer }))
        assert(error._tag === "CapillaryError", error._tag)
        assert.strictEqual(error.reason._tag, "AmbiguousOutcome")
        assert.strictEqual(server.sent.filter(({ method }) => method === "POST").length, 1)
        return kinds(server)
      })

    it.live("stays ambiguous when the customer was not named by id: nothing to read back", () =>
      Effect.gen(function*() {
        const sent = yield* ambiguous(() => "reset", { mobile: "919000000001" })
        assert.deepStrictEqual(sent, ["POST /v2/coupon/issue"])
      }))

    it.live("stays ambiguous when the coupons do not say when they were issued (Capillary's documented shape)", () =>
      Effect.gen(function*() {
        const sent = yield* ambiguous(
          (request) =>
            request.method === "POST" ? "reset" : {
              json: { ...Documented.getCouponsResponse, data: [listed("NODATE01", undefined)] }
            },
          { id: tom }
        )
        assert.deepStrictEqual(sent, ["POST /v2/coupon/issue", "GET /v2/coupon"])
      }))

    it.live("stays ambiguous when more than one coupon of the series was issued since the call started", () =>
      Effect.gen(function*() {
        const now = isoSeconds(Date.now() + 1000)
        yield* ambiguous(
          (request) =>
            request.method === "POST"
              ? "reset"
              : { json: { data: [listed("FRESH001", now), listed("FRESH002", now)], warnings: [], errors: [] } },
          { id: tom }
        )
      }))

    it.live("stays ambiguous when the read back fails", () =>
      Effect.gen(function*() {
        yield* ambiguous(
          (request) => request.method === "POST" ? "reset" : failure(8015, "Customer not found"),
          { id: tom }
        )
      }))

    it.live("a 5xx answer is as unknown as a reset", () =>
      Effect.gen(function*() {
        let posts = 0
        const server = yield* serve((request) => {
          if (request.method === "GET") return { json: { data: [], warnings: [], errors: [] } }
          posts++
          return posts === 1 ? failure(500, "Internal error", 500) : { json: Documented.issueResponse }
        })
        const coupons = yield* couponsAt(server.url)
        const issued = yield* coupons.issue({ seriesId, customer: { id: tom } })
        assert.strictEqual(issued.code, "MGU9Y4PM")
        assert.deepStrictEqual(kinds(server), ["POST /v2/coupon/issue", "GET /v2/coupon", "POST /v2/coupon/issue"])
      }))
  })

  it.live("a business failure of an issue is not reconciled or re-sent", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => failure(5002, "Max coupon per user exceeded"))
      const coupons = yield* couponsAt(server.url)
      const error = yield* Effect.flip(coupons.issue({ seriesId, customer: { id: tom } }))
      assert.instanceOf(error, CouponErrors.MaxCouponsPerUser)
      assert.deepStrictEqual(kinds(server), ["POST /v2/coupon/issue"])
      void CapillaryError
    }))
})

describe("Coupons: redemption, reactivation, revocation and customer coupons", () => {
  const redemptionAnswer = (id: number, code: string) => ({
    ...Documented.redeemResponse,
    redemption: [{ ...Documented.redeemResponse.redemption[0], id, code }]
  })

  /** A customer coupons page holding one coupon with the given redemptions. */
  const history = (
    code: string,
    redemptions: ReadonlyArray<{ readonly id: number; readonly date?: string; readonly transactionNumber: string }>
  ) => ({
    entity: {
      pagination: { limit: "100", offset: "0", total: 1 },
      customers: [{
        id: tom,
        coupons: [{
          code,
          seriesId,
          validTill: "2030-12-31T23:59:59Z",
          discountType: "ABS",
          discountValue: 10,
          id: 4242,
          redemptionCount: redemptions.length,
          redemptions,
          reversedRedemptions: []
        }]
      }]
    },
    warnings: [],
    errors: [],
    success: true
  })

  it.live("sends each operation to its route, with the friendly input as Capillary's query and body", () =>
    Effect.gen(function*() {
      const server = yield* serve((request): Answer => {
        switch (request.path) {
          case "/v2/coupon/issue/multiple":
            return { json: Documented.issueMultipleResponse }
          case "/v2/coupon/redeem":
            return { json: Documented.redeemResponse }
          case "/v2/coupon/bulk/redeem":
            return {
              json: {
                ...Documented.bulkRedeemResponse,
                response: Documented.bulkRedeemResponse.response.map((item: any, i: number) => ({
                  ...item,
                  result: { ...item.result, redemptionId: String(900 + i) }
                }))
              }
            }
          case "/v2/coupon/is_redeemable":
            return { json: Documented.isRedeemableResponse }
          case "/v2/coupon/reactivate":
            return { json: Documented.reactivateResponse }
          case "/v2/coupon/revoke":
            return { json: Documented.revokeResponse }
          default: {
            // three coupons in all, two per page: the documented page first, then one more
            const documented = Documented.customerCouponsResponse
            const [customer] = documented.entity.customers
            const page = request.query.offset === "2"
              ? [{ ...customer.coupons[0], code: "THIRD001", id: 3 }]
              : customer.coupons
            return {
              json: {
                ...documented,
                entity: {
                  pagination: { limit: "2", offset: request.query.offset, total: 3 },
                  customers: [{ ...customer, coupons: page }]
                }
              }
            }
          }
        }
      })
      const coupons = yield* couponsAt(server.url)

      const multiple = yield* coupons.issueMultiple({ seriesId, count: 2, customer: { mobile: "11223569865" } })
      assert.deepStrictEqual(multiple.coupons.map((coupon) => coupon.couponId), [1237263304, 1237263305])
      const redeemed = yield* coupons.redeem({
        code: "mgu9y4pm",
        customer: { id: tom },
        billAmount: 2000,
        transactionNumber: "BILL-1",
        redemptionTime: "2020-06-12 10:00:00"
      })
      assert.instanceOf(redeemed, CouponRedemption.CouponRedemption)
      assert.deepStrictEqual([redeemed.id, redeemed.code, redeemed.couponValue], [369455787, "MGU9Y4PM", 10])
      const batch = yield* coupons.bulkRedeem({
        codes: ["3ELN50QRLCKGW5S6", "WWTX7NIPSDC34DFX"],
        customer: { id: tom },
        billAmount: 3500,
        transactionNumber: "BILL-2",
        source: "INSTORE"
      })
      assert.deepStrictEqual<ReadonlyArray<number | undefined>>(batch.map(CouponRedemption.redemptionIdOf), [900, 901])
      const checked = yield* coupons.isRedeemable({
        codes: ["6B88U6ED", "OTHER1"],
        customer: { mobile: "919000000001" },
        details: "true"
      })
      assert.deepStrictEqual(checked.map((item) => [item.code, item.isRedeemable]), [["6B88U6ED", true]])
      yield* coupons.reactivate([CouponRedemption.RedemptionId.make(369455787)])
      const revoked = yield* coupons.revoke({ couponSeriesId: seriesId, couponCodes: ["3138309782", "3636820421"] })
      assert.deepStrictEqual(revoked.revokedCoupons.map((coupon) => coupon.couponCode), ["3636820421", "3138309782"])
      const held = yield* Stream.runCollect(
        coupons.customerCoupons({ customer: { id: tom }, status: "ACTIVE", sortOrder: "ASC", pageSize: 2 })
      )
      assert.deepStrictEqual(held.map((coupon) => coupon.code), [
        "WWTX7NIPSDC34DFX",
        "w2jjud9yrguaprdur52o",
        "THIRD001"
      ])

      const customerQuery = { id: "126080386", status: "ACTIVE", sort_order: "ASC", limit: "2" }
      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/coupon/issue/multiple", {}],
        ["POST", "/v2/coupon/redeem", {}],
        ["POST", "/v2/coupon/bulk/redeem", { source: "INSTORE" }],
        ["GET", "/v2/coupon/is_redeemable", { mobile: "919000000001", code: "6B88U6ED,OTHER1", details: "true" }],
        ["POST", "/v2/coupon/reactivate", {}],
        ["POST", "/v2/coupon/revoke", {}],
        // the first page is full (2 of 3), so the next one is read from offset 2, and it ends there
        ["GET", "/v2/customers/coupons", { ...customerQuery, offset: "0" }],
        ["GET", "/v2/customers/coupons", { ...customerQuery, offset: "2" }]
      ])
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, { seriesId, count: 2, customer: { mobile: "11223569865" } })
      // the bill amount goes as Capillary documents it: a numeric string
      assert.deepStrictEqual<unknown>(server.sent[1]!.body, {
        redemptionRequestList: [{ code: "mgu9y4pm" }],
        user: { id: tom },
        billAmount: "2000",
        transactionNumber: "BILL-1",
        redemptionTime: "2020-06-12 10:00:00"
      })
      assert.deepStrictEqual<unknown>(server.sent[2]!.body, {
        redemptionRequestList: [{ code: "3ELN50QRLCKGW5S6" }, { code: "WWTX7NIPSDC34DFX" }],
        user: { id: tom },
        billAmount: "3500",
        transactionNumber: "BILL-2"
      })
      assert.deepStrictEqual<unknown>(server.sent[4]!.body, { redemptionIds: [369455787] })
      assert.deepStrictEqual<unknown>(server.sent[5]!.body, {
        couponSeriesId: seriesId,
        couponCodes: ["3138309782", "3636820421"]
      })
    }))

  it.live("turns Capillary's redemption codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next: Answer = failure(711, "Coupon already redeemed")
      const server = yield* serve(() => next)
      const coupons = yield* couponsAt(server.url)
      const redeem = coupons.redeem({ code: "ABC", customer: { id: tom }, billAmount: 10, transactionNumber: "B" })
      const outcomes = [
        [702, "InvalidCouponCode"],
        [719, "InvalidCouponCode"],
        [703, "CouponNotIssuedToCustomer"],
        [710, "CouponNotIssuedToCustomer"],
        [711, "CouponAlreadyRedeemed"],
        [712, "SeriesExpired"],
        [713, "CouponExpired"],
        [714, "MaxRedemptionsReached"],
        [728, "MaxRedemptionsReached"],
        [736, "MaxRedemptionsReached"],
        [733, "InvalidBillAmount"],
        [660, "CouponRevoked"],
        [8015, "CustomerNotFound"]
      ] as const
      for (const [code, tag] of outcomes) {
        next = failure(code, `code ${code}`)
        const failed = yield* Effect.flip(redeem)
        assert.deepStrictEqual([failed._tag, (failed as { code?: number }).code], [tag, code])
      }
      const bulk = coupons.bulkRedeem({ codes: ["A", "B"], customer: { id: tom }, billAmount: 10 })
      next = failure(749, "Batch failed: coupon B failed with 711")
      const batch = yield* Effect.flip(bulk)
      assert.instanceOf(batch, CouponErrors.BulkRedeemFailed)
      assert.strictEqual(batch.message, "Batch failed: coupon B failed with 711")
      for (const code of [510, 661]) {
        next = failure(code, "Invalid redemption id")
        const failed = yield* Effect.flip(coupons.reactivate([CouponRedemption.RedemptionId.make(1)]))
        assert.instanceOf(failed, CouponErrors.InvalidRedemption)
      }
      next = failure(707, "Invalid series id")
      assert.instanceOf(
        yield* Effect.flip(coupons.revoke({ couponSeriesId: seriesId, couponCodes: ["A", "B"] })),
        CouponErrors.InvalidSeries
      )
      next = failure(8015, "Customer not found")
      assert.instanceOf(
        yield* Effect.flip(coupons.isRedeemable({ codes: ["A"], customer: { id: tom } })),
        CouponErrors.CustomerNotFound
      )
      assert.instanceOf(
        yield* Effect.flip(Stream.runCollect(coupons.customerCoupons({ customer: { id: tom } }))),
        CouponErrors.CustomerNotFound
      )
      // a business failure is answered once: never re-sent nor reconciled
      assert.strictEqual(server.sent.filter(({ path }) => path === "/v2/coupon/redeem").length, outcomes.length)
    }))

  it.live("reads a failure reported inside a 200 answer: a redeem item that did not succeed, a bulk item's errors", () =>
    Effect.gen(function*() {
      const failedItem = {
        ...Documented.redeemResponse.redemption[0],
        redemptionStatus: { message: "Coupon already redeemed", code: 711, success: false }
      }
      let next: Answer = { json: { ...Documented.redeemResponse, redemption: [failedItem] } }
      const server = yield* serve(() => next)
      const coupons = yield* couponsAt(server.url)
      const single = yield* Effect.flip(
        coupons.redeem({ code: "MGU9Y4PM", customer: { id: tom }, billAmount: 10, transactionNumber: "B" })
      )
      assert.instanceOf(single, CouponErrors.CouponAlreadyRedeemed)
      assert.strictEqual(single.code, 711)
      // an item code the endpoint does not name: the core error with that code
      next = {
        json: {
          ...Documented.redeemResponse,
          redemption: [{ ...failedItem, redemptionStatus: { message: "wait", code: 738, success: false } }]
        }
      }
      const other = yield* Effect.flip(
        coupons.redeem({ code: "MGU9Y4PM", customer: { id: tom }, billAmount: 10, transactionNumber: "B" })
      )
      assert(other._tag === "CapillaryError" && other.reason._tag === "ApiError")
      assert.strictEqual(other.reason.code, 738)

      next = {
        json: {
          response: [
            { entityId: 1, result: Documented.bulkRedeemResponse.response[0].result, errors: [] },
            { entityId: 2, result: null, errors: [{ status: false, code: 713, message: "Coupon has expired" }] }
          ],
          totalCount: 2,
          failureCount: 1
        }
      }
      const batch = yield* Effect.flip(
        coupons.bulkRedeem({ codes: ["3ELN50QRLCKGW5S6", "OLD"], customer: { id: tom }, billAmount: 10 })
      )
      assert.instanceOf(batch, CouponErrors.BulkRedeemFailed)
      assert.strictEqual(batch.code, 749)
      assert.include(batch.message, "2: 713 Coupon has expired")
    }))

  it.live("refuses invalid input before sending anything: 51 codes, a negative bill, no redemption ids", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: Documented.redeemResponse }))
      const coupons = yield* couponsAt(server.url)
      const fiftyOne = Array.from({ length: 51 }, (_, i) => `CODE${i}`)
      const attempts: ReadonlyArray<
        Effect.Effect<
          unknown,
          | Coupons.BulkRedeemError
          | Coupons.ReactivateError
          | Coupons.RevokeError
          | Coupons.IssueError
          | Coupons.IsRedeemableError
          | Coupons.CustomerCouponsError
        >
      > = [
        coupons.bulkRedeem({ codes: fiftyOne, customer: { id: tom }, billAmount: 10 }),
        coupons.bulkRedeem({ codes: [], customer: { id: tom }, billAmount: 10 }),
        coupons.redeem({ code: "ABC", customer: { id: tom }, billAmount: -1 }),
        coupons.redeem({ code: "A B", customer: { id: tom }, billAmount: 1 }),
        coupons.redeem({ code: "ABC", customer: {}, billAmount: 1 }),
        coupons.redeem({ code: "ABC", customer: { id: tom }, billAmount: 1, redemptionTime: "yesterday" }),
        coupons.isRedeemable({ codes: [], customer: { id: tom } }),
        coupons.isRedeemable({ codes: ["A"], customer: { id: "" } }),
        coupons.reactivate([] as unknown as [CouponRedemption.RedemptionId]),
        coupons.revoke({ couponSeriesId: seriesId }),
        coupons.revoke({ couponCodes: ["A", "B"] }),
        coupons.issueMultiple({ seriesId, count: 501, customer: { id: tom } }),
        coupons.issueMultiple({ seriesId, count: 0, customer: { id: tom } }),
        Stream.runCollect(coupons.customerCoupons({ customer: {} }))
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        assert(error._tag === "CapillaryError", error._tag)
        assert.strictEqual(error.reason._tag, "InvalidRequest")
        assert.strictEqual(error.attempts, 0)
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  describe("a redemption whose outcome is unknown", () => {
    const request = { code: "mgu9y4pm", customer: { id: tom }, billAmount: 100, transactionNumber: "BILL-9" }

    it.live("is reconciled to the redemption of the code on this bill since the call started", () =>
      Effect.gen(function*() {
        const started = Date.now()
        const server = yield* serve((sent) =>
          sent.method === "POST" ? "reset" : {
            json: history("MGU9Y4PM", [
              { id: 11, date: "2020-01-01T00:00:00Z", transactionNumber: "OTHER" },
              { id: 12, date: isoSeconds(started + 500), transactionNumber: "BILL-9" }
            ])
          }
        )
        const coupons = yield* couponsAt(server.url)
        const redeemed = yield* coupons.redeem(request)
        assert.deepStrictEqual([redeemed.id, redeemed.code, redeemed.couponValue], [12, "MGU9Y4PM", 10])
        assert.deepStrictEqual(
          [redeemed.redemptionStatus.success, redeemed.redemptionStatus.code],
          [true, 700]
        )
        assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
          ["POST", "/v2/coupon/redeem", {}],
          ["GET", "/v2/customers/coupons", { id: "126080386", offset: "0", limit: "100" }]
        ])
      }))

    it.live("is sent again when the code was not redeemed on this bill since the call started", () =>
      Effect.gen(function*() {
        let posts = 0
        const server = yield* serve((sent) => {
          if (sent.method === "GET") {
            // an earlier redemption on the same bill, before this call: not this call's
            return {
              json: history("MGU9Y4PM", [{ id: 11, date: "2020-01-01T00:00:00Z", transactionNumber: "BILL-9" }])
            }
          }
          posts++
          return posts === 1 ? "reset" : { json: redemptionAnswer(13, "MGU9Y4PM") }
        })
        const coupons = yield* couponsAt(server.url)
        const redeemed = yield* coupons.redeem(request)
        assert.strictEqual(redeemed.id, 13)
        assert.deepStrictEqual(kinds(server), [
          "POST /v2/coupon/redeem",
          "GET /v2/customers/coupons",
          "POST /v2/coupon/redeem"
        ])
      }))

    const ambiguous = (
      answer: (request: Sent) => Answer,
      redeem: (coupons: Coupons.Service) => Effect.Effect<unknown, Coupons.BulkRedeemError>
    ) =>
      Effect.gen(function*() {
        const server = yield* serve(answer)
        const coupons = yield* couponsAt(server.url)
        const error = yield* Effect.flip(redeem(coupons))
        assert(error._tag === "CapillaryError", error._tag)
        assert.strictEqual(error.reason._tag, "AmbiguousOutcome")
        assert.strictEqual(server.sent.filter(({ method }) => method === "POST").length, 1)
        return kinds(server)
      })

    it.live("stays ambiguous without a transaction number: nothing to find it by", () =>
      Effect.gen(function*() {
        const sent = yield* ambiguous(() => "reset", (coupons) =>
          coupons.redeem({ ...request, transactionNumber: undefined }))
        assert.deepStrictEqual(sent, ["POST /v2/coupon/redeem"])
      }))

    it.live("stays ambiguous when the code is not among the customer's coupons (an anyUser coupon of another)", () =>
      Effect.gen(function*() {
        const sent = yield* ambiguous(
          (sent) => sent.method === "POST" ? "reset" : { json: history("SOMEOTHER", []) },
          (coupons) => coupons.redeem(request)
        )
        assert.deepStrictEqual(sent, ["POST /v2/coupon/redeem", "GET /v2/customers/coupons"])
      }))

    it.live("stays ambiguous when the read back fails", () =>
      Effect.gen(function*() {
        yield* ambiguous(
          (sent) => sent.method === "POST" ? "reset" : failure(500, "Internal error", 500),
          (coupons) => coupons.redeem(request)
        )
      }))

    it.live("a bulk redemption is reconciled when every code was redeemed on the bill, ambiguous when some were", () =>
      Effect.gen(function*() {
        const started = Date.now()
        const fresh = { id: 21, date: isoSeconds(started + 500), transactionNumber: "BILL-9" }
        const both = (redeemedB: boolean) => ({
          entity: {
            pagination: { limit: "100", offset: "0", total: 2 },
            customers: [{
              id: tom,
              coupons: ["AAA", "BBB"].map((code, i) => ({
                code,
                seriesId,
                validTill: "2030-12-31T23:59:59Z",
                discountType: "ABS",
                discountValue: 10,
                id: 500 + i,
                redemptions: i === 0 || redeemedB ? [{ ...fresh, id: fresh.id + i }] : []
              }))
            }]
          }
        })
        const server = yield* serve((sent) => sent.method === "POST" ? "reset" : { json: both(true) })
        const coupons = yield* couponsAt(server.url)
        const batch = yield* coupons.bulkRedeem({ ...request, codes: ["aaa", "bbb"] })
        assert.deepStrictEqual(batch.map((item) => [item.code, item.id, CouponRedemption.redemptionIdOf(item)]), [
          ["AAA", 500, 21],
          ["BBB", 501, 22]
        ])
        yield* ambiguous(
          (sent) => sent.method === "POST" ? "reset" : { json: both(false) },
          (coupons) => coupons.bulkRedeem({ ...request, codes: ["AAA", "BBB"] })
        )
      }))

    it.live("a business failure of a redemption is not reconciled or re-sent", () =>
      Effect.gen(function*() {
        const server = yield* serve(() => failure(711, "Coupon already redeemed"))
        const coupons = yield* couponsAt(server.url)
        assert.instanceOf(yield* Effect.flip(coupons.redeem(request)), CouponErrors.CouponAlreadyRedeemed)
        assert.deepStrictEqual(kinds(server), ["POST /v2/coupon/redeem"])
      }))
  })

  it.live("an issue of several coupons whose outcome is unknown is reconciled to exactly that many fresh coupons", () =>
    Effect.gen(function*() {
      const started = Date.now()
      const server = yield* serve((request) =>
        request.method === "POST" ? "reset" : {
          json: {
            data: [
              { ...listed("OLDONE01", "2020-01-01T00:00:00Z"), id: 1 },
              { ...listed("FRESH001", isoSeconds(started + 500)), id: 2 },
              { ...listed("FRESH002", isoSeconds(started + 500)), id: 3 }
            ],
            warnings: [],
            errors: []
          }
        }
      )
      const coupons = yield* couponsAt(server.url)
      const issued = yield* coupons.issueMultiple({ seriesId, count: 2, customer: { id: tom } })
      assert.deepStrictEqual<unknown>(issued.coupons, [{ code: "FRESH001", couponId: 2 }, {
        code: "FRESH002",
        couponId: 3
      }])
      const three = yield* Effect.flip(coupons.issueMultiple({ seriesId, count: 3, customer: { id: tom } }))
      assert(three._tag === "CapillaryError" && three.reason._tag === "AmbiguousOutcome")
    }))
})
