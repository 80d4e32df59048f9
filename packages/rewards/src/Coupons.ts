/**
 * The coupons service: create, update and read coupon series; issue one coupon or several to a customer; redeem
 * a coupon, or a batch of them all or nothing, on a bill; check whether codes can be redeemed; reactivate
 * redemptions; revoke coupons; read coupons by customer, id or code, and stream a customer's coupons with their
 * redemptions. Each operation fails with the domain errors it can meet.
 *
 * Issues and redemptions are not safe to send twice, so when their outcome is unknown (the connection dropped
 * after sending, a timeout, a 5xx) the service reads the state back: an issue by the customer's coupons of that
 * series issued since the call started, a redemption by the bill's transaction number in the customer's coupon
 * history.
 *
 * @since 0.1.0
 */
import { CapillaryClient, CapillaryError, type Endpoint } from "@capillary-effect/core"
import { Clock, Context, Data, Effect, Layer, Option, Stream } from "effect"
import type * as Coupon from "./Coupon.ts"
import {
  BulkRedeemFailed,
  type CouponAlreadyRedeemed,
  type CouponExpired,
  type CouponIssueFailed,
  type CouponNotIssuedToCustomer,
  type CouponRevoked,
  type CustomerNotFound,
  type InvalidBillAmount,
  type InvalidCouponCode,
  type InvalidRedemption,
  type InvalidSeries,
  type MaxCouponsPerUser,
  type MaxRedemptionsReached,
  type SeriesExpired
} from "./CouponErrors.ts"
import * as CouponRedemption from "./CouponRedemption.ts"
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
 * How a redemption can fail: the coupon's own reason, or the customer's.
 *
 * @since 0.1.0
 * @category errors
 */
export type RedeemError =
  | CapillaryError.CapillaryError
  | InvalidCouponCode
  | CouponNotIssuedToCustomer
  | CouponAlreadyRedeemed
  | SeriesExpired
  | CouponExpired
  | MaxRedemptionsReached
  | InvalidBillAmount
  | CouponRevoked
  | CustomerNotFound

/**
 * How a bulk redemption can fail: as a whole (`BulkRedeemFailed`, 749), or with a coupon's own reason when
 * Capillary reports only that.
 *
 * @since 0.1.0
 * @category errors
 */
export type BulkRedeemError = RedeemError | BulkRedeemFailed

/**
 * How an `is_redeemable` check can fail (a code that cannot be redeemed is an answer, not a failure).
 *
 * @since 0.1.0
 * @category errors
 */
export type IsRedeemableError = CapillaryError.CapillaryError | CustomerNotFound | InvalidCouponCode

/**
 * How a reactivation can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type ReactivateError = CapillaryError.CapillaryError | InvalidRedemption

/**
 * How a revocation can fail (codes that cannot be revoked are listed in the answer, not failed).
 *
 * @since 0.1.0
 * @category errors
 */
export type RevokeError = CapillaryError.CapillaryError | InvalidSeries | SeriesExpired | CustomerNotFound

/**
 * How reading a customer's coupons can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type CustomerCouponsError = CapillaryError.CapillaryError | CustomerNotFound

/**
 * A redemption of one coupon on a bill.
 *
 * @since 0.1.0
 * @category models
 */
export interface RedeemRequest {
  readonly code: string
  /** Who redeems: id, mobile, email or external id. */
  readonly customer: Coupon.CustomerReference
  readonly billAmount: number
  /** The bill's number: what an unknown outcome is reconciled by (without it, it stays `AmbiguousOutcome`). */
  readonly transactionNumber?: string | undefined
  /** When the rules should be evaluated (`YYYY-MM-DD HH:MM:SS` or ISO-8601); Capillary stores its own time. */
  readonly redemptionTime?: string | undefined
}

/**
 * A redemption of 1 to 50 coupons on one bill, all or nothing.
 *
 * @since 0.1.0
 * @category models
 */
export interface BulkRedeemRequest extends Omit<RedeemRequest, "code"> {
  readonly codes: ReadonlyArray<string>
  /** The customer's source and account, for multi-account sources. */
  readonly source?: string | undefined
  readonly accountId?: string | undefined
}

/**
 * Which codes to check for which customer, and how much detail to answer.
 *
 * @since 0.1.0
 * @category models
 */
export interface IsRedeemableRequest {
  readonly codes: ReadonlyArray<string>
  readonly customer: Coupon.CustomerReference
  readonly details?: "true" | "extended" | undefined
}

/**
 * Which of a customer's coupons to read, in which order, and how many per request.
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomerCouponsRequest {
  readonly customer: Coupon.CustomerReference
  readonly status?: Coupon.CustomerCouponStatus | undefined
  /** Default `DESC`: newest first. */
  readonly sortOrder?: "ASC" | "DESC" | undefined
  /** Coupons per request; default 100. */
  readonly pageSize?: number | undefined
}

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
  /**
   * Issues `count` coupons (1 to 500) of a series to a customer; answers their codes and ids. An unknown outcome
   * is resolved like `issue`'s: exactly `count` coupons of the series issued to the customer (named by id) since
   * the call started are the answer; none means it did not happen, and it is sent again.
   */
  readonly issueMultiple: (
    request: Coupon.CouponIssueMultiple
  ) => Effect.Effect<Coupon.CouponIssueMultipleResult, IssueError>
  /**
   * Redeems one coupon for a customer on a bill; answers the redemption, whose `id` is the redemption id that
   * `reactivate` takes. An outcome the SDK cannot know is resolved by reading the customer's coupons: a
   * redemption of the code on this `transactionNumber` since the call started means it happened (the answer
   * then carries what the read shows: the redemption id, the code and the discount); none means it did not, and
   * it is sent again. Without a transaction number, with the code not among the customer's coupons (an
   * `anyUser` coupon of someone else), or when the read fails, it stays `AmbiguousOutcome`.
   */
  readonly redeem: (request: RedeemRequest) => Effect.Effect<CouponRedemption.CouponRedemption, RedeemError>
  /**
   * Redeems 1 to 50 coupons on one bill, all or nothing: when one fails, none is redeemed and the call fails
   * with `BulkRedeemFailed` (749), whose message names the code and its own reason. More than 50 codes fail with
   * `InvalidRequest` before anything is sent. Answers one redemption per code (read its id with
   * `CouponRedemption.redemptionIdOf`). Reconciled like `redeem`: every code redeemed on the bill since the call
   * started means it happened, none that it did not; anything else stays `AmbiguousOutcome`.
   */
  readonly bulkRedeem: (
    request: BulkRedeemRequest
  ) => Effect.Effect<ReadonlyArray<CouponRedemption.CouponRedemption>, BulkRedeemError>
  /** Whether each code can be redeemed now by the customer, without redeeming anything; one answer per code. */
  readonly isRedeemable: (
    request: IsRedeemableRequest
  ) => Effect.Effect<ReadonlyArray<CouponRedemption.RedeemableCoupon>, IsRedeemableError>
  /** Undoes redemptions by id (all or nothing), so their coupons can be redeemed again. */
  readonly reactivate: (
    redemptionIds: readonly [CouponRedemption.RedemptionId, ...Array<CouponRedemption.RedemptionId>]
  ) => Effect.Effect<void, ReactivateError>
  /**
   * Revokes unredeemed coupons of a series, by codes, by customer, or both; answers which were revoked and which
   * could not be, and why.
   */
  readonly revoke: (request: Coupon.CouponRevoke) => Effect.Effect<Coupon.RevokeOutcome, RevokeError>
  /** A customer's coupons with their redemptions, every page read lazily as it is consumed. */
  readonly customerCoupons: (
    request: CustomerCouponsRequest
  ) => Stream.Stream<Coupon.CustomerCoupon, CustomerCouponsError>
  /** A customer's coupons by customer id, detailed: series, issuer, redemptions and what is left. */
  readonly customerCouponsById: (
    customerId: Coupon.CustomerId,
    query?: typeof CouponsApi.DetailedCouponsQuery.Type
  ) => Effect.Effect<CouponsApi.DetailedCustomerCoupons, CustomerCouponsError>
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

const sameCode = (a: string, b: string) => a.toUpperCase() === b.toUpperCase()

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== ""

/** The customer's identifiers as a customer coupons query names them. */
const customerQuery = (customer: Coupon.CustomerReference) => ({
  ...(customer.id === undefined || customer.id === "" ? {} : { id: customer.id }),
  ...(present(customer.mobile) ? { mobile: customer.mobile } : {}),
  ...(present(customer.email) ? { email: customer.email } : {}),
  ...(present(customer.externalId) ? { external_Id: customer.externalId } : {})
})

/** The body of a redeem, with the optional parts only when given. */
const redeemBody = (request: Omit<RedeemRequest, "code">, codes: ReadonlyArray<string>) => ({
  redemptionRequestList: codes.map((code) => ({ code })) as unknown as readonly [
    { readonly code: string },
    ...Array<{ readonly code: string }>
  ],
  user: request.customer,
  billAmount: request.billAmount,
  ...(request.transactionNumber === undefined ? {} : { transactionNumber: request.transactionNumber }),
  ...(request.redemptionTime === undefined ? {} : { redemptionTime: request.redemptionTime })
})

const processed = { message: "Coupon processing successful", code: 700 } as const

/** A redemption as a reconciled answer shows it: what the customer coupons read says of it. */
const reconciledRedemption = (
  coupon: Coupon.CustomerCoupon,
  record: Coupon.CouponRedemptionRecord,
  form: "single" | "bulk"
) =>
  new CouponRedemption.CouponRedemption({
    id: form === "single" ? record.id : coupon.id,
    ...(form === "bulk" ? { redemptionId: record.id } : {}),
    code: coupon.code,
    seriesCode: coupon.seriesId,
    isAbsolute: coupon.discountType === "ABS",
    couponValue: coupon.discountValue,
    redemptionStatus: { ...processed, success: true },
    discountType: coupon.discountType,
    discountValue: coupon.discountValue,
    ...(coupon.discountUpto === undefined ? {} : { discountUpto: coupon.discountUpto })
  })

/**
 * The named error an endpoint declares for a Capillary code, or the core error with that code when it declares
 * none: how a coupon's failure reported inside a 200 answer is turned into the call's failure.
 */
const failureOf = <E>(endpoint: Endpoint.Endpoint<any, any, any, any, E, any>, code: number, message: string) => {
  const mapping = endpoint.errors.find((candidate) => candidate.codes.includes(code))
  return mapping === undefined
    ? new CapillaryError.CapillaryError({
      reason: new CapillaryError.ApiError({ message, status: 200, code }),
      endpoint: endpoint.id,
      attempts: 1,
      requestId: undefined
    })
    : new mapping.error({ code, message })
}

const unreadable = (endpoint: Endpoint.Any, message: string) =>
  new CapillaryError.CapillaryError({
    reason: new CapillaryError.DecodeError({ message }),
    endpoint: endpoint.id,
    attempts: 1,
    requestId: undefined
  })

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
  const freshlyIssued = Effect.fnUntraced(function*(
    seriesId: Coupon.CouponSeriesId,
    customer: Coupon.CustomerReference,
    started: number
  ) {
    const customerId = customer.id
    if (customerId === undefined || customerId === "") {
      return yield* new Unsettled({ message: "the customer was not named by id, so its coupons cannot be read" })
    }
    const { data } = yield* client.execute(CouponsApi.getCoupons, { query: { issuedToIds: [customerId] } })
    const ofSeries = data.filter((coupon) => coupon.seriesId === seriesId)
    const issuedAt = ofSeries.map((coupon) => coupon.issuedOn === undefined ? Number.NaN : Date.parse(coupon.issuedOn))
    if (issuedAt.some(Number.isNaN)) {
      return yield* new Unsettled({ message: "the coupons do not say when they were issued" })
    }
    const since = secondOf(started)
    return ofSeries.filter((_, i) => issuedAt[i]! >= since)
  })

  const findIssued = Effect.fnUntraced(function*(request: Coupon.CouponIssue, started: number) {
    const fresh = yield* freshlyIssued(request.seriesId, request.customer, started)
    if (fresh.length > 1) {
      return yield* new Unsettled({ message: "more than one coupon of the series was issued since the call started" })
    }
    return Option.fromUndefinedOr(fresh[0])
  })

  const findIssuedMultiple = Effect.fnUntraced(function*(request: Coupon.CouponIssueMultiple, started: number) {
    const fresh = yield* freshlyIssued(request.seriesId, request.customer, started)
    if (fresh.length === 0) return Option.none()
    const count = request.count ?? 1
    const ids = fresh.flatMap((coupon) => coupon.id === undefined ? [] : [coupon.id])
    if (fresh.length !== count || ids.length !== count) {
      return yield* new Unsettled({
        message: `${fresh.length} coupons of the series were issued since the call started, not ${count}`
      })
    }
    return Option.some<Coupon.CouponIssueMultipleResult>({
      coupons: fresh.map((coupon, i) => ({ code: coupon.code, couponId: ids[i]! })),
      totalCount: count,
      successCount: count,
      failureCount: 0
    })
  })

  // Read back after an ambiguous redemption: the redemptions of each code on the bill since the call started,
  // in the redeeming customer's coupon history. Some for all codes: it happened; none: it did not.
  const findRedeemed = Effect.fnUntraced(function*(
    request: Omit<RedeemRequest, "code">,
    codes: ReadonlyArray<string>,
    started: number
  ) {
    const transactionNumber = request.transactionNumber
    if (!present(transactionNumber)) {
      return yield* new Unsettled({ message: "no transaction number to find the redemption by" })
    }
    const held = yield* Stream.runCollect(
      client.stream(CouponsApi.customerCoupons, { query: customerQuery(request.customer) })
    )
    const since = secondOf(started)
    const found = codes.map((code) => {
      const coupon = held.find((candidate) => sameCode(candidate.code, code))
      const record = coupon?.redemptions?.findLast((redemption) =>
        redemption.transactionNumber === transactionNumber &&
        (redemption.date === undefined || Date.parse(redemption.date) >= since)
      )
      return { coupon, record }
    })
    if (found.some(({ coupon }) => coupon === undefined)) {
      return yield* new Unsettled({ message: "a code is not among the customer's coupons" })
    }
    const redeemed = found.filter(({ record }) => record !== undefined)
    if (redeemed.length === 0) return Option.none()
    if (redeemed.length < found.length) {
      return yield* new Unsettled({ message: "only some of the codes were redeemed on the bill" })
    }
    return Option.some(found.map(({ coupon, record }) => ({ coupon: coupon!, record: record! })))
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

  const issueMultiple = Effect.fn("Coupons.issueMultiple")(function*(request: Coupon.CouponIssueMultiple) {
    const started = yield* Clock.currentTimeMillis
    return yield* client.execute(CouponsApi.issueMultipleCoupons, { body: request }, {
      reconcile: Effect.suspend(() => findIssuedMultiple(request, started))
    })
  })

  const redeem = Effect.fn("Coupons.redeem")(function*(request: RedeemRequest) {
    const started = yield* Clock.currentTimeMillis
    const answer = yield* client.execute(CouponsApi.redeemCoupons, { body: redeemBody(request, [request.code]) }, {
      reconcile: Effect.suspend(() =>
        Effect.map(
          findRedeemed(request, [request.code], started),
          (found) =>
            Option.map(found, (redeemed): CouponRedemption.CouponRedeemResult => ({
              redemption: redeemed.map(({ coupon, record }) => reconciledRedemption(coupon, record, "single")),
              redemptionStatus: { ...processed, status: true },
              warnings: []
            }))
        )
      )
    })
    const redemption = answer.redemption.find((item) => sameCode(item.code, request.code)) ?? answer.redemption[0]
    if (redemption === undefined) {
      return yield* unreadable(CouponsApi.redeemCoupons, "the redeem answer lists no redemption")
    }
    // A failure Capillary reports inside a 200 answer rather than as errors[].
    if (!redemption.redemptionStatus.success) {
      const status = redemption.redemptionStatus
      return yield* failureOf(CouponsApi.redeemCoupons, status.code, status.message)
    }
    return redemption
  })

  const bulkRedeem = Effect.fn("Coupons.bulkRedeem")(function*(request: BulkRedeemRequest) {
    const started = yield* Clock.currentTimeMillis
    const query = {
      ...(request.source === undefined ? {} : { source: request.source }),
      ...(request.accountId === undefined ? {} : { accountId: request.accountId })
    }
    const answer = yield* client.execute(CouponsApi.bulkRedeemCoupons, {
      query,
      body: redeemBody(request, request.codes)
    }, {
      reconcile: Effect.suspend(() =>
        Effect.map(
          findRedeemed(request, request.codes, started),
          (found) =>
            Option.map(found, (redeemed): CouponRedemption.CouponBulkRedeemResult => ({
              response: redeemed.map(({ coupon, record }) => ({
                entityId: coupon.id,
                result: reconciledRedemption(coupon, record, "bulk"),
                errors: [],
                warnings: []
              })),
              totalCount: redeemed.length,
              failureCount: 0
            }))
        )
      )
    })
    // Capillary redeems a batch all or nothing: an item that failed means the batch failed.
    const failed = answer.response.flatMap((item) => {
      const label = item.result?.code ?? String(item.entityId ?? "?")
      const errors = item.errors ?? []
      if (errors.length > 0) return errors.map((error) => `${label}: ${error.code} ${error.message}`)
      if (item.result === undefined || item.result === null) return [`${label}: no result`]
      const status = item.result.redemptionStatus
      return status.success ? [] : [`${label}: ${status.code} ${status.message}`]
    })
    if (answer.failureCount > 0 || failed.length > 0) {
      return yield* new BulkRedeemFailed({
        code: 749,
        message: `Bulk redemption failed, nothing was redeemed: ${failed.join("; ") || "a coupon failed"}`
      })
    }
    return answer.response.flatMap((item) => item.result === undefined || item.result === null ? [] : [item.result])
  })

  const isRedeemable = Effect.fn("Coupons.isRedeemable")(function*(request: IsRedeemableRequest) {
    const { customer } = request
    const { redemption } = yield* client.execute(CouponsApi.isRedeemable, {
      query: {
        ...(customer.id === undefined || customer.id === "" ? {} : { id: customer.id }),
        ...(present(customer.mobile) ? { mobile: customer.mobile } : {}),
        ...(present(customer.email) ? { email: customer.email } : {}),
        ...(present(customer.externalId) ? { externalId: customer.externalId } : {}),
        code: request.codes as unknown as readonly [string, ...Array<string>],
        ...(request.details === undefined ? {} : { details: request.details })
      }
    })
    return redemption
  })

  const reactivate = Effect.fn("Coupons.reactivate")(
    function*(redemptionIds: readonly [CouponRedemption.RedemptionId, ...Array<CouponRedemption.RedemptionId>]) {
      const answer = yield* client.execute(CouponsApi.reactivateCoupons, { body: { redemptionIds } })
      if (answer.success === false) {
        return yield* new CapillaryError.CapillaryError({
          reason: new CapillaryError.ApiError({ message: "the reactivation was not successful", status: 200 }),
          endpoint: CouponsApi.reactivateCoupons.id,
          attempts: 1,
          requestId: undefined
        })
      }
    }
  )

  const revoke = Effect.fn("Coupons.revoke")(function*(request: Coupon.CouponRevoke) {
    const { entity } = yield* client.execute(CouponsApi.revokeCoupon, { body: request })
    return entity
  })

  const customerCouponsById = Effect.fn("Coupons.customerCouponsById")(
    function*(customerId: Coupon.CustomerId, query: typeof CouponsApi.DetailedCouponsQuery.Type = {}) {
      return yield* client.execute(CouponsApi.customerCouponsById, { path: { customerId }, query })
    }
  )

  const customerCoupons = (request: CustomerCouponsRequest) =>
    client.stream(CouponsApi.customerCoupons, {
      query: {
        ...customerQuery(request.customer),
        ...(request.status === undefined ? {} : { status: request.status }),
        ...(request.sortOrder === undefined ? {} : { sort_order: request.sortOrder }),
        ...(request.pageSize === undefined ? {} : { limit: request.pageSize })
      }
    }).pipe(Stream.withSpan("Coupons.customerCoupons"))

  return Coupons.of({
    createSeries,
    updateSeries,
    getSeries,
    issue,
    getCoupons,
    issueMultiple,
    redeem,
    bulkRedeem,
    isRedeemable,
    reactivate,
    revoke,
    customerCoupons,
    customerCouponsById
  })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Coupons, never, CapillaryClient.CapillaryClient> = Layer.effect(Coupons, make)
