/**
 * The endpoint declarations of Capillary's v2 coupons: create, update and read coupon series, issue a coupon to
 * a customer, and read coupons by customer, id or code. The client calls them, the emulator serves them, and both
 * validate with the same schemas.
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"
import * as Coupon from "./Coupon.ts"
import {
  CouponIssueFailed,
  CustomerNotFound,
  InvalidCouponCode,
  InvalidSeries,
  MaxCouponsPerUser,
  SeriesExpired
} from "./CouponErrors.ts"

const invalidSeries = Endpoint.codes(InvalidSeries, [707])
const customerNotFound = Endpoint.codes(CustomerNotFound, [701, 8015])

/**
 * `POST /v2/coupon/series`: creates a coupon series and answers it, with Capillary's defaults filled in. The SDK
 * sends the flat series object (see `Coupon.CouponSeriesCreateBody` on the `{"CouponSeriesV2": ...}` wrapper).
 * Not safe to send twice: each call creates a series, and none can be deleted.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const createCouponSeries = Endpoint.make({
  id: "rewards.createCouponSeries",
  section: "Coupon",
  summary: "Create coupon series",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/series",
  body: Coupon.CouponSeriesCreateBody,
  success: Coupon.CouponSeries,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible
})

/**
 * `PUT /v2/coupon/series/{id}`: changes the fields sent and answers the whole series. Sending the same change
 * again leaves the same series, and another update puts the old values back.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const updateCouponSeries = Endpoint.make({
  id: "rewards.updateCouponSeries",
  section: "Coupon",
  summary: "Update coupon series",
  family: "v2",
  method: "PUT",
  path: "/v2/coupon/series/{id}",
  params: Schema.Struct({ id: Coupon.CouponSeriesIdFromString }),
  body: Coupon.CouponSeriesUpdate,
  success: Coupon.CouponSeries,
  errors: [invalidSeries],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("rewards.updateCouponSeries")
})

/**
 * `GET /v2/coupon/series?ids=..&ids=..`: the series with those ids, as `entity`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getCouponSeries = Endpoint.make({
  id: "rewards.getCouponSeries",
  section: "Coupon",
  summary: "Get coupon series details",
  family: "v2",
  method: "GET",
  path: "/v2/coupon/series",
  query: Coupon.CouponSeriesQuery,
  success: Coupon.CouponSeriesList,
  errors: [invalidSeries]
})

/**
 * `POST /v2/coupon/issue`: issues a coupon of a series to a customer, within the series' limits, and answers the
 * coupon with the customer. Not safe to send twice: each call can issue another coupon. Revoking the coupon
 * (`POST /v2/coupon/revoke`, a later slice) undoes it. Serialised per customer by the customer's id, else its
 * mobile, email or external id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const issueCoupon = Endpoint.make({
  id: "rewards.issueCoupon",
  section: "Coupon",
  summary: "Issue single coupon",
  family: "v2",
  method: "POST",
  path: "/v2/coupon/issue",
  body: Coupon.CouponIssue,
  success: Coupon.Coupon,
  errors: [
    invalidSeries,
    Endpoint.codes(SeriesExpired, [712]),
    customerNotFound,
    Endpoint.codes(MaxCouponsPerUser, [5002, 5004]),
    Endpoint.codes(CouponIssueFailed, [709, 722])
  ],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("rewards.revokeCoupon"),
  customerKey: (input) => Coupon.referenceKey(input.body.customer)
})

/**
 * `GET /v2/coupon?issuedToIds=..&couponIds=..&couponCodes=..`: coupons issued to customers, by id or by code, as
 * `data`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getCoupons = Endpoint.make({
  id: "rewards.getCoupons",
  section: "Coupon",
  summary: "Get coupon details",
  family: "v2",
  method: "GET",
  path: "/v2/coupon",
  query: Coupon.CouponQuery,
  success: Coupon.CouponList,
  errors: [Endpoint.codes(InvalidCouponCode, [702, 719]), customerNotFound]
})

/**
 * Every coupons endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [createCouponSeries, updateCouponSeries, getCouponSeries, issueCoupon, getCoupons] as const
