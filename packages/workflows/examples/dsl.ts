import { CapillaryError } from "@capillary-effect/core"
import { type Coupon, CouponErrors, Coupons } from "@capillary-effect/rewards"
import { Flow, IssueRedeemTransfer, Step } from "@capillary-effect/workflows"
import { Effect, Option, Schedule, Schema } from "effect"

// A step is declared: its journal name, schemas, reversibility, business errors and retry rule per error tag.
const CheckRedeemable = Step.make({
  name: "CheckRedeemable",
  input: Schema.Struct({ code: Schema.String, customerId: Schema.Int }),
  success: Schema.Boolean,
  error: Schema.Union([CapillaryError.CapillaryError, CouponErrors.CustomerNotFound, CouponErrors.InvalidCouponCode]),
  reversibility: Step.readOnly,
  businessErrors: ["CustomerNotFound", "InvalidCouponCode"],
  retry: {
    CapillaryError: Step.retryTransient(Schedule.exponential("200 millis").pipe(Schedule.upTo({ times: 3 })))
  },
  run: ({ input }) =>
    Coupons.Coupons.use((coupons) =>
      coupons.isRedeemable({ codes: [input.code], customer: { id: input.customerId as Coupon.CustomerId } })
    ).pipe(Effect.map(([answer]) => answer?.isRedeemable === true))
})

// A flow: a name, schemas, a business key, and its steps in order, each fed from the payload and earlier answers.
// Built-in steps compose too: IssueCoupon is IssueRedeemTransfer's (undone by revoking the coupon).
export const declaration = Flow.make({
  name: "WelcomeCoupon",
  payload: { customerId: Schema.Int, seriesId: Schema.Int },
  success: Schema.Struct({ code: Schema.String, redeemable: Schema.Boolean }),
  error: IssueRedeemTransfer.Error,
  idempotencyKey: (payload) => `${payload.customerId}/${payload.seriesId}`
})
  .step(IssueRedeemTransfer.IssueCoupon, ({ payload }) => payload)
  .step(CheckRedeemable, ({ IssueCoupon, payload }) => ({ code: IssueCoupon.code, customerId: payload.customerId }))
  .returns(({ CheckRedeemable, IssueCoupon }) => ({ code: IssueCoupon.code, redeemable: CheckRedeemable }))

// Checked when defined: a pivot followed by a step that can fail for business reasons is refused, naming both.
export const WelcomeCoupon = Flow.define(declaration)

// WelcomeCoupon.layer registers it; WelcomeCoupon.execute({ customerId: 100002, seriesId: 5003 }) runs it.
export const problem = Option.fromUndefinedOr(
  WelcomeCoupon._tag === "Failure" ? WelcomeCoupon.failure.message : undefined
)
