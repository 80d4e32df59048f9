import { CapillaryClient, CapillaryConfig, Credentials } from "@capillary-effect/core"
import { Coupon, CouponRedemption, Coupons } from "@capillary-effect/rewards"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer } from "effect"

// A welcome series: 10 off, each coupon valid 30 days from issue, at most one coupon per customer.
export const createWelcomeSeries = Effect.gen(function*() {
  const coupons = yield* Coupons.Coupons
  return yield* coupons.createSeries({
    description: "Welcome 10 off",
    discountType: "ABS",
    discountValue: 10,
    validTillDate: "2030-12-31T23:59:59Z",
    expiryStrategyType: "DAYS",
    expiryStrategyValue: 30,
    maxVouchersPerUser: 1
  })
})

// Issue the customer's welcome coupon, or answer the one they already hold.
export const welcomeCoupon = (seriesId: Coupon.CouponSeriesId, customerId: Coupon.CustomerId) =>
  Effect.gen(function*() {
    const coupons = yield* Coupons.Coupons
    const coupon = yield* coupons.issue({ seriesId, customer: { id: customerId } }).pipe(
      // Typed business outcomes: MaxCouponsPerUser | SeriesExpired | CouponIssueFailed | CustomerNotFound | ...
      Effect.catchTag(
        "MaxCouponsPerUser",
        (error) =>
          Effect.flatMap(coupons.getCoupons({ issuedToIds: [customerId] }), (held) => {
            const existing = held.find((coupon) => coupon.seriesId === seriesId)
            return existing === undefined ? Effect.fail(error) : Effect.succeed(existing)
          })
      )
    )
    return `${coupon.code} (${coupon.discountType} ${coupon.discountValue}) valid till ${coupon.validTill}`
  })

// Redeem a coupon on a bill: the redemption id undoes it (`coupons.reactivate`) if the bill is cancelled. A coupon
// already redeemed, expired, revoked or outside the bill bounds is a typed error, not a thrown exception.
export const redeemOnBill = (code: string, customerId: Coupon.CustomerId, billNumber: string, amount: number) =>
  Effect.gen(function*() {
    const coupons = yield* Coupons.Coupons
    const redemption = yield* coupons.redeem({
      code,
      customer: { id: customerId },
      billAmount: amount,
      transactionNumber: billNumber
    })
    return { redemptionId: CouponRedemption.redemptionIdOf(redemption), discount: redemption.couponValue }
  })

// The service over one client layer: cluster and credentials (or CapillaryConfig.layerConfig for CAPILLARY_*).
export const CouponsLive = Coupons.layer.pipe(
  Layer.provide(CapillaryClient.layer),
  Layer.provide([
    CapillaryConfig.layer({ cluster: "eu", credentials: Credentials.oauth("my-client-key", "my-client-secret") }),
    NodeHttpClient.layerUndici
  ])
)

export const main = createWelcomeSeries.pipe(
  Effect.flatMap((series) => welcomeCoupon(series.id, Coupon.CustomerId.make(126080386))),
  Effect.provide(CouponsLive)
)
