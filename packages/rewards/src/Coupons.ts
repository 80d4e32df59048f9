/**
 * The coupons service: create, update and read coupon series, issue a coupon to a customer, and read coupons by
 * customer, id or code, each failing with the domain errors it can meet. An issue is not safe to send twice, so
 * when its outcome is unknown (the connection dropped after sending, a timeout, a 5xx) and the customer was
 * named by id, the service reads that customer's coupons and answers with the one of that series issued since
 * the call started.
 *
 * @since 0.1.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Clock, Context, Data, Effect, Layer, Option } from "effect"
import type * as Coupon from "./Coupon.ts"
import type {
  CouponIssueFailed,
  CustomerNotFound,
  InvalidCouponCode,
  InvalidSeries,
  MaxCouponsPerUser,
  SeriesExpired
} from "./CouponErrors.ts"
import * as CouponsApi from "./CouponsApi.ts"

/**
 * How creating a series can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type CreateSeriesError = CapillaryError.CapillaryError

/**
 * How updating or reading series can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type SeriesError = CapillaryError.CapillaryError | InvalidSeries

/**
 * How an issue can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type IssueError =
  | CapillaryError.CapillaryError
  | InvalidSeries
  | SeriesExpired
  | CustomerNotFound
  | MaxCouponsPerUser
  | CouponIssueFailed

/**
 * How reading coupons can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetCouponsError = CapillaryError.CapillaryError | InvalidCouponCode | CustomerNotFound

/**
 * The operations of the coupons service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Creates a series; answers it with Capillary's defaults filled in and its counters at zero. */
  readonly createSeries: (series: Coupon.CouponSeriesCreate) => Effect.Effect<Coupon.CouponSeries, CreateSeriesError>
  /** Changes the given fields of a series; answers the whole series. */
  readonly updateSeries: (
    id: Coupon.CouponSeriesId,
    changes: Coupon.CouponSeriesUpdate
  ) => Effect.Effect<Coupon.CouponSeries, SeriesError>
  /** Reads series by id (those of the organisation; the answer's `entity`). */
  readonly getSeries: (
    ids: readonly [Coupon.CouponSeriesId, ...Array<Coupon.CouponSeriesId>]
  ) => Effect.Effect<ReadonlyArray<Coupon.CouponSeries>, SeriesError>
  /**
   * Issues a coupon of a series to a customer. An outcome the SDK cannot know is resolved, when the customer is
   * named by id, by reading the customer's coupons: exactly one coupon of the series issued since the call
   * started (to the second, by `issuedOn`) is the answer (without `customer` and `warnings`); none means the
   * issue did not happen, and it is sent again. More than one, coupons without `issuedOn`, a customer named only
   * by mobile, email or external id, or a failed read leave the outcome unknown: `AmbiguousOutcome`.
   */
  readonly issue: (request: Coupon.CouponIssue) => Effect.Effect<Coupon.Coupon, IssueError>
  /** Reads coupons issued to customers, by id or by code (the answer's `data`). */
  readonly getCoupons: (query: Coupon.CouponQuery) => Effect.Effect<ReadonlyArray<Coupon.Coupon>, GetCouponsError>
}

/**
 * The coupons service.
 *
 * @since 0.1.0
 * @category services
 */
export class Coupons extends Context.Service<Coupons, Service>()("@capillary-effect/rewards/Coupons") {}

/** Why an unknown issue could not be settled by reading back. */
class Unsettled extends Data.TaggedError("Unsettled")<{ readonly message: string }> {}

/** The start of the second a time falls in: Capillary's dates have no milliseconds. */
const secondOf = (millis: number) => millis - (((millis % 1000) + 1000) % 1000)

/**
 * Builds the service on the client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  // Read back after an ambiguous failure: the coupons of the series issued to the customer since the call
  // started. It runs only after the body was validated and sent.
  const findIssued = Effect.fnUntraced(function*(request: Coupon.CouponIssue, started: number) {
    const customerId = request.customer.id
    if (customerId === undefined || customerId === "") {
      return yield* new Unsettled({ message: "the customer was not named by id, so its coupons cannot be read" })
    }
    const { data } = yield* client.execute(CouponsApi.getCoupons, { query: { issuedToIds: [customerId] } })
    const ofSeries = data.filter((coupon) => coupon.seriesId === request.seriesId)
    const issuedAt = ofSeries.map((coupon) => coupon.issuedOn === undefined ? Number.NaN : Date.parse(coupon.issuedOn))
    if (issuedAt.some(Number.isNaN)) {
      return yield* new Unsettled({ message: "the coupons do not say when they were issued" })
    }
    const since = secondOf(started)
    const fresh = ofSeries.filter((_, i) => issuedAt[i]! >= since)
    if (fresh.length > 1) {
      return yield* new Unsettled({ message: "more than one coupon of the series was issued since the call started" })
    }
    return Option.fromUndefinedOr(fresh[0])
  })

  const createSeries = Effect.fn("Coupons.createSeries")(function*(series: Coupon.CouponSeriesCreate) {
    return yield* client.execute(CouponsApi.createCouponSeries, { body: series })
  })

  const updateSeries = Effect.fn("Coupons.updateSeries")(
    function*(id: Coupon.CouponSeriesId, changes: Coupon.CouponSeriesUpdate) {
      return yield* client.execute(CouponsApi.updateCouponSeries, { path: { id }, body: changes })
    }
  )

  const getSeries = Effect.fn("Coupons.getSeries")(
    function*(ids: readonly [Coupon.CouponSeriesId, ...Array<Coupon.CouponSeriesId>]) {
      const { entity } = yield* client.execute(CouponsApi.getCouponSeries, { query: { ids } })
      return entity
    }
  )

  const issue = Effect.fn("Coupons.issue")(function*(request: Coupon.CouponIssue) {
    const started = yield* Clock.currentTimeMillis
    return yield* client.execute(CouponsApi.issueCoupon, { body: request }, {
      reconcile: Effect.suspend(() => findIssued(request, started))
    })
  })

  const getCoupons = Effect.fn("Coupons.getCoupons")(function*(query: Coupon.CouponQuery) {
    const { data } = yield* client.execute(CouponsApi.getCoupons, { query })
    return data
  })

  return Coupons.of({ createSeries, updateSeries, getSeries, issue, getCoupons })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Coupons, never, CapillaryClient.CapillaryClient> = Layer.effect(Coupons, make)
