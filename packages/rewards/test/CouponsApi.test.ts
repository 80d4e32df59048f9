/** The declarations as data: routes, idempotency, reversibility, error codes, per-customer keys, wire schemas. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Coupon, CouponErrors, CouponsApi } from "../src/index.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const seriesId = Coupon.CouponSeriesId.make(12313)

describe("CouponsApi", () => {
  it("declares the v2 coupon routes under stable ids", () => {
    assert.deepStrictEqual(
      CouponsApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.family]),
      [
        ["rewards.createCouponSeries", "POST", "/v2/coupon/series", "v2"],
        ["rewards.updateCouponSeries", "PUT", "/v2/coupon/series/{id}", "v2"],
        ["rewards.getCouponSeries", "GET", "/v2/coupon/series", "v2"],
        ["rewards.issueCoupon", "POST", "/v2/coupon/issue", "v2"],
        ["rewards.getCoupons", "GET", "/v2/coupon", "v2"],
        ["rewards.issueMultipleCoupons", "POST", "/v2/coupon/issue/multiple", "v2"],
        ["rewards.redeemCoupons", "POST", "/v2/coupon/redeem", "v2"],
        ["rewards.bulkRedeemCoupons", "POST", "/v2/coupon/bulk/redeem", "v2"],
        ["rewards.isRedeemable", "GET", "/v2/coupon/is_redeemable", "v2"],
        ["rewards.reactivateCoupons", "POST", "/v2/coupon/reactivate", "v2"],
        ["rewards.revokeCoupon", "POST", "/v2/coupon/revoke", "v2"],
        ["rewards.customerCoupons", "GET", "/v2/customers/coupons", "v2"],
        ["rewards.customerCouponsById", "GET", "/v2/customers/{customerId}/coupons", "v2"]
      ]
    )
    // The index lists the coupons of a customer by id under "Customer"; the rest are "Coupon".
    for (const endpoint of CouponsApi.endpoints) {
      assert.strictEqual(endpoint.section, endpoint.id === "rewards.customerCouponsById" ? "Customer" : "Coupon")
    }
  })

  it("creating a series and issuing are unsafe writes; an update is idempotent; reads change nothing", () => {
    assert.deepStrictEqual(CouponsApi.createCouponSeries.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CouponsApi.createCouponSeries.reversibility, Endpoint.irreversible)
    assert.deepStrictEqual(CouponsApi.updateCouponSeries.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(
      CouponsApi.updateCouponSeries.reversibility,
      Endpoint.reversible("rewards.updateCouponSeries")
    )
    assert.deepStrictEqual(CouponsApi.issueCoupon.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CouponsApi.issueCoupon.reversibility, Endpoint.reversible("rewards.revokeCoupon"))
    for (const read of [CouponsApi.getCouponSeries, CouponsApi.getCoupons]) {
      assert.deepStrictEqual(read.idempotency, Endpoint.read)
      assert.deepStrictEqual(read.reversibility, Endpoint.noEffect)
    }
    // the client-side limiter family is the documented one (300 issues per minute)
    assert.strictEqual(CouponsApi.issueCoupon.rateLimitFamily, "POST /v2/coupon/issue")
  })

  it("redeems are unsafe and undone by reactivation; issues by revocation; revocation cannot be undone", () => {
    for (const redeem of [CouponsApi.redeemCoupons, CouponsApi.bulkRedeemCoupons]) {
      assert.deepStrictEqual(redeem.idempotency, Endpoint.unsafe)
      assert.deepStrictEqual(redeem.reversibility, Endpoint.reversible("rewards.reactivateCoupons"))
    }
    assert.deepStrictEqual(CouponsApi.issueMultipleCoupons.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CouponsApi.issueMultipleCoupons.reversibility, Endpoint.reversible("rewards.revokeCoupon"))
    assert.deepStrictEqual(CouponsApi.reactivateCoupons.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CouponsApi.reactivateCoupons.reversibility, Endpoint.reversible("rewards.redeemCoupons"))
    assert.deepStrictEqual(CouponsApi.revokeCoupon.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(CouponsApi.revokeCoupon.reversibility, Endpoint.irreversible)
    for (const read of [CouponsApi.isRedeemable, CouponsApi.customerCoupons]) {
      assert.deepStrictEqual(read.idempotency, Endpoint.read)
      assert.deepStrictEqual(read.reversibility, Endpoint.noEffect)
    }
    // every reversal names a declared endpoint
    const ids = new Set(CouponsApi.endpoints.map((endpoint) => endpoint.id))
    for (const endpoint of CouponsApi.endpoints) {
      if (endpoint.reversibility._tag === "Reversible") assert(ids.has(endpoint.reversibility.undoneBy), endpoint.id)
    }
    assert.strictEqual(CouponsApi.customerCoupons.paging?.style, "offset-limit")
  })

  it("maps each documented code to its named error, on the endpoints where it can occur", () => {
    assert.deepStrictEqual(codesOf(CouponsApi.createCouponSeries), {})
    assert.deepStrictEqual(codesOf(CouponsApi.updateCouponSeries), { 707: "InvalidSeries" })
    assert.deepStrictEqual(codesOf(CouponsApi.getCouponSeries), { 707: "InvalidSeries" })
    assert.deepStrictEqual(codesOf(CouponsApi.issueCoupon), {
      707: "InvalidSeries",
      712: "SeriesExpired",
      701: "CustomerNotFound",
      8015: "CustomerNotFound",
      5002: "MaxCouponsPerUser",
      5004: "MaxCouponsPerUser",
      709: "CouponIssueFailed",
      722: "CouponIssueFailed"
    })
    assert.deepStrictEqual(codesOf(CouponsApi.getCoupons), {
      702: "InvalidCouponCode",
      719: "InvalidCouponCode",
      701: "CustomerNotFound",
      8015: "CustomerNotFound"
    })
  })

  it("maps the redemption codes to their named errors; a batch fails as a whole with 749", () => {
    const redeem = {
      702: "InvalidCouponCode",
      719: "InvalidCouponCode",
      703: "CouponNotIssuedToCustomer",
      710: "CouponNotIssuedToCustomer",
      723: "CouponNotIssuedToCustomer",
      711: "CouponAlreadyRedeemed",
      712: "SeriesExpired",
      713: "CouponExpired",
      714: "MaxRedemptionsReached",
      728: "MaxRedemptionsReached",
      736: "MaxRedemptionsReached",
      733: "InvalidBillAmount",
      660: "CouponRevoked",
      701: "CustomerNotFound",
      8015: "CustomerNotFound"
    }
    assert.deepStrictEqual(codesOf(CouponsApi.redeemCoupons), redeem)
    assert.deepStrictEqual(codesOf(CouponsApi.bulkRedeemCoupons), { ...redeem, 749: "BulkRedeemFailed" })
    assert.deepStrictEqual(codesOf(CouponsApi.reactivateCoupons), {
      510: "InvalidRedemption",
      661: "InvalidRedemption"
    })
    assert.deepStrictEqual(codesOf(CouponsApi.issueMultipleCoupons), codesOf(CouponsApi.issueCoupon))
    assert.deepStrictEqual(codesOf(CouponsApi.revokeCoupon), {
      707: "InvalidSeries",
      712: "SeriesExpired",
      701: "CustomerNotFound",
      8015: "CustomerNotFound"
    })
    assert.deepStrictEqual(codesOf(CouponsApi.isRedeemable), {
      701: "CustomerNotFound",
      8015: "CustomerNotFound",
      702: "InvalidCouponCode",
      719: "InvalidCouponCode"
    })
    assert.deepStrictEqual(codesOf(CouponsApi.customerCoupons), { 701: "CustomerNotFound", 8015: "CustomerNotFound" })
  })

  it("declares every coupon outcome as a tagged error with Capillary's code, message and request id", () => {
    const classes = [
      CouponErrors.InvalidCouponCode,
      CouponErrors.CouponNotIssuedToCustomer,
      CouponErrors.CouponAlreadyRedeemed,
      CouponErrors.SeriesExpired,
      CouponErrors.CouponExpired,
      CouponErrors.MaxRedemptionsReached,
      CouponErrors.InvalidBillAmount,
      CouponErrors.MaxCouponsPerUser,
      CouponErrors.BulkRedeemFailed,
      CouponErrors.CouponRevoked,
      CouponErrors.InvalidRedemption,
      CouponErrors.InvalidSeries,
      CouponErrors.CustomerNotFound,
      CouponErrors.CouponIssueFailed
    ]
    assert.deepStrictEqual(classes.map((error) => new error({ code: 1, message: "m", requestId: "r-1" })._tag), [
      "InvalidCouponCode",
      "CouponNotIssuedToCustomer",
      "CouponAlreadyRedeemed",
      "SeriesExpired",
      "CouponExpired",
      "MaxRedemptionsReached",
      "InvalidBillAmount",
      "MaxCouponsPerUser",
      "BulkRedeemFailed",
      "CouponRevoked",
      "InvalidRedemption",
      "InvalidSeries",
      "CustomerNotFound",
      "CouponIssueFailed"
    ])
    const error = new CouponErrors.CouponAlreadyRedeemed({ code: 711, message: "already redeemed", requestId: "r-2" })
    assert.deepStrictEqual([error.code, error.message, error.requestId], [711, "already redeemed", "r-2"])
  })

  it("serialises an issue per customer: the id, else the first identifier given", () => {
    const key = (customer: Coupon.CustomerReference) =>
      CouponsApi.issueCoupon.customerKey?.({ body: { seriesId, customer } })
    assert.strictEqual(
      key({ id: Coupon.CustomerId.make(126080386), mobile: "", email: "", externalId: "" }),
      "126080386"
    )
    assert.strictEqual(key({ id: "", mobile: "919000000001" }), "919000000001")
    assert.strictEqual(key({ mobile: " ", email: "tom@example.com" }), "tom@example.com")
    assert.strictEqual(key({ externalId: "tom-1" }), "tom-1")
    const user = { mobile: "919000000001" }
    const body = { redemptionRequestList: [{ code: "A" }] as const, user, billAmount: 1 }
    assert.strictEqual(CouponsApi.redeemCoupons.customerKey?.({ body }), "919000000001")
    assert.strictEqual(CouponsApi.bulkRedeemCoupons.customerKey?.({ query: {}, body }), "919000000001")
    assert.strictEqual(
      CouponsApi.issueMultipleCoupons.customerKey?.({ body: { seriesId, count: 2, customer: user } }),
      "919000000001"
    )
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of CouponsApi.endpoints) {
      for (const schema of [endpoint.params, endpoint.query, endpoint.body, endpoint.success]) {
        if (schema === undefined) continue
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
