/**
 * The service against a scripted server over a real socket: what each operation sends, which errors come back,
 * what is refused before sending, and how an ambiguous issue is reconciled.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { Coupon, CouponErrors, type Coupons } from "../src/index.ts"
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
