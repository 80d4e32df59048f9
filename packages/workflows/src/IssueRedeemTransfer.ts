/**
 * IssueRedeemTransfer: issue a coupon of a series to a customer, redeem it on a bill, then move points between the
 * customer and their user group (optionally after a hold, a durable wait). When a step fails for good, what was
 * done is undone in reverse order: the transfer sent back (only when an unknown outcome left it in place), the
 * redemption reactivated, the coupon revoked.
 *
 * Natural keys, so nothing is done twice (a retry after an unknown outcome, a replay after a crash) and every
 * compensation finds what to undo:
 * - the coupon: a coupon of the series issued to the customer that was not among the coupons of the series the
 *   customer held before the step (its baseline, journaled);
 * - the redemption: the coupon's active redemption on the bill's number (`billNumber`, also the run's
 *   idempotency key);
 * - the transfer: the reference tag `[ref:wf-<key>]` in its notes, `<key>` derived from the execution and the step
 *   (`Activity.idempotencyKey`); the transfer back carries `[ref:wf-<key>-back]`.
 *
 * @since 0.1.0
 */
import { CapillaryError } from "@capillary-effect/core"
import { type Customer, CustomerErrors, Customers } from "@capillary-effect/customers"
import { type Coupon, CouponErrors, type CouponRedemption, Coupons } from "@capillary-effect/rewards"
import { GroupPoints, GroupPointsErrors, GroupPointsService, UserGroupErrors } from "@capillary-effect/usergroups"
import { Effect, Option, Schema, Stream } from "effect"
import * as Flow from "./Flow.ts"
import * as Step from "./Step.ts"

// ---------------------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------------------

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))

/**
 * Which way the points move: from the customer to their group's wallet, or from the wallet to the customer.
 *
 * @since 0.1.0
 * @category models
 */
export const Direction = Schema.Literals(["toGroup", "toCustomer"])

/**
 * What to run: the customer (by id), the coupon series, the bill (its number is the run's business key, and the
 * redemption's natural key), the group (by external id) and the points to move, in a program (the organisation's
 * default when absent), after an optional hold in seconds.
 *
 * @since 0.1.0
 * @category models
 */
export const Payload = Schema.Struct({
  customerId: PositiveInt,
  seriesId: PositiveInt,
  billNumber: Schema.String.check(Schema.isNonEmpty()),
  billAmount: Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)),
  groupExternalId: Schema.String.check(Schema.isNonEmpty()),
  points: GroupPoints.PointsAmount,
  direction: Direction,
  programId: Schema.optional(PositiveInt),
  holdTransferSeconds: Schema.optional(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Payload = typeof Payload.Type

/**
 * What a run answers: the coupon code, the redemption id and the transfer id.
 *
 * @since 0.1.0
 * @category models
 */
export const Success = Schema.Struct({
  couponCode: Schema.String,
  redemptionId: Schema.Int,
  transferId: Schema.Int
})

/**
 * @since 0.1.0
 * @category models
 */
export type Success = typeof Success.Type

/**
 * The customer has no mobile, email or external id in the source the transfer names them by.
 *
 * @since 0.1.0
 * @category errors
 */
export class NoTransferIdentifier extends Schema.TaggedError<NoTransferIdentifier>()("NoTransferIdentifier", {
  customerId: Schema.Number,
  message: Schema.String
}) {}

/**
 * Every way a run can fail: the error of the step that failed.
 *
 * @since 0.1.0
 * @category errors
 */
export const Error = Schema.Union([
  CapillaryError.CapillaryError,
  NoTransferIdentifier,
  CustomerErrors.CustomerNotFound,
  CustomerErrors.InvalidSource,
  CustomerErrors.CustomerMerged,
  CouponErrors.InvalidSeries,
  CouponErrors.SeriesExpired,
  CouponErrors.MaxCouponsPerUser,
  CouponErrors.CouponIssueFailed,
  CouponErrors.InvalidCouponCode,
  CouponErrors.CouponNotIssuedToCustomer,
  CouponErrors.CouponAlreadyRedeemed,
  CouponErrors.CouponExpired,
  CouponErrors.MaxRedemptionsReached,
  CouponErrors.InvalidBillAmount,
  CouponErrors.CouponRevoked,
  UserGroupErrors.InvalidGroup,
  UserGroupErrors.UserNotInGroup,
  GroupPointsErrors.InvalidProgram,
  GroupPointsErrors.InvalidPointsValue,
  GroupPointsErrors.InsufficientPoints,
  GroupPointsErrors.RedemptionBlocked,
  GroupPointsErrors.TransferToSelf
])

/**
 * @since 0.1.0
 * @category errors
 */
export type Error = typeof Error.Type

// ---------------------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------------------

/**
 * How the transfer names the customer: an identifier in a source.
 *
 * @since 0.1.0
 * @category models
 */
export const TransferCustomer = Schema.Struct({
  id: PositiveInt,
  source: Schema.String,
  identifierType: Schema.Literals(["mobile", "email", "externalId"]),
  identifierValue: Schema.String
})

/**
 * Reads the customer, for an identifier the points transfer can name them by (mobile, else email, else external
 * id, in the INSTORE profile first). Read-only.
 *
 * @since 0.1.0
 * @category steps
 */
export const LoadCustomer = Step.make({
  name: "LoadCustomer",
  input: Schema.Struct({ customerId: PositiveInt }),
  success: TransferCustomer,
  error: Schema.Union([
    CapillaryError.CapillaryError,
    CustomerErrors.CustomerNotFound,
    CustomerErrors.InvalidSource,
    CustomerErrors.CustomerMerged,
    NoTransferIdentifier
  ]),
  reversibility: Step.readOnly,
  businessErrors: ["CustomerNotFound", "InvalidSource", "CustomerMerged", "NoTransferIdentifier"],
  retry: { CapillaryError: Step.transient },
  run: Effect.fnUntraced(function*({ input }) {
    const customers = yield* Customers.Customers
    const customer = yield* customers.get(input.customerId as Customer.CustomerId, { source: "ALL" })
    const profiles = [...customer.profiles].sort((a, b) =>
      (a.source === "INSTORE" ? 0 : 1) - (b.source === "INSTORE" ? 0 : 1)
    )
    for (const type of ["mobile", "email", "externalId"] as const) {
      for (const profile of profiles) {
        const identifier = profile.identifiers.find((candidate) => candidate.type === type)
        if (identifier !== undefined) {
          return {
            id: input.customerId,
            source: profile.source,
            identifierType: type,
            identifierValue: identifier.value
          }
        }
      }
    }
    return yield* new NoTransferIdentifier({
      customerId: input.customerId,
      message: "the customer has no mobile, email or external id"
    })
  })
})

const IssueInput = Schema.Struct({ seriesId: PositiveInt, customerId: PositiveInt })

/** The customer's coupons of the series, read by id. */
const couponsOfSeries = (input: typeof IssueInput.Type) =>
  Effect.map(
    Coupons.Coupons.use((coupons) => coupons.getCoupons({ issuedToIds: [input.customerId as Coupon.CustomerId] })),
    (held) => held.filter((coupon) => coupon.seriesId === input.seriesId)
  )

/** The coupons of the series issued to the customer by this step: not among those held before it. */
const issuedByStep = (input: typeof IssueInput.Type, before: ReadonlyArray<string>) =>
  Effect.map(
    couponsOfSeries(input),
    (held) => held.filter((coupon) => !before.includes(coupon.code) && coupon.status !== "REVOKED")
  )

/**
 * Issues a coupon of the series to the customer; undone by revoking it. Its natural key: a coupon of the series
 * the customer did not hold before the step.
 *
 * @since 0.1.0
 * @category steps
 */
export const IssueCoupon = Step.make({
  name: "IssueCoupon",
  input: IssueInput,
  success: Schema.Struct({ code: Schema.String, seriesId: PositiveInt }),
  error: Schema.Union([
    CapillaryError.CapillaryError,
    CouponErrors.InvalidSeries,
    CouponErrors.SeriesExpired,
    CouponErrors.CustomerNotFound,
    CouponErrors.MaxCouponsPerUser,
    CouponErrors.CouponIssueFailed,
    CouponErrors.InvalidCouponCode
  ]),
  reversibility: Step.reversible,
  businessErrors: ["InvalidSeries", "SeriesExpired", "CustomerNotFound", "MaxCouponsPerUser", "CouponIssueFailed"],
  retry: { CapillaryError: Step.transient },
  baseline: {
    success: Schema.Array(Schema.String),
    read: ({ input }) => Effect.map(couponsOfSeries(input), (held) => held.map((coupon) => coupon.code))
  },
  recover: ({ baseline, input }) =>
    Effect.map(
      issuedByStep(input, baseline),
      (issued) =>
        Option.map(Option.fromUndefinedOr(issued.at(-1)), (coupon) => ({ code: coupon.code, seriesId: input.seriesId }))
    ),
  run: ({ input }) =>
    Effect.map(
      Coupons.Coupons.use((coupons) =>
        coupons.issue({
          seriesId: input.seriesId as Coupon.CouponSeriesId,
          customer: { id: input.customerId as Coupon.CustomerId }
        })
      ),
      (coupon) => ({ code: coupon.code, seriesId: input.seriesId })
    ),
  compensation: {
    name: "RevokeCoupon",
    error: Schema.Union([
      CapillaryError.CapillaryError,
      CouponErrors.InvalidSeries,
      CouponErrors.SeriesExpired,
      CouponErrors.CustomerNotFound,
      CouponErrors.InvalidCouponCode
    ]),
    retry: { CapillaryError: Step.transient },
    lookup: ({ baseline, input }) =>
      Effect.map(
        issuedByStep(input, baseline),
        (issued) => issued.length === 0 ? Option.none() : Option.some(issued.map((coupon) => coupon.code))
      ),
    undo: Effect.fnUntraced(function*(codes: ReadonlyArray<string>, { input }) {
      const coupons = yield* Coupons.Coupons
      const outcome = yield* coupons.revoke({
        couponSeriesId: input.seriesId as Coupon.CouponSeriesId,
        customer: { id: input.customerId as Coupon.CustomerId },
        couponCodes: codes
      })
      const [failure] = outcome.failedToRevoke ?? []
      if (outcome.failedCount > 0) {
        return yield* new CapillaryError.CapillaryError({
          reason: new CapillaryError.ApiError({
            message: `coupons not revoked: ${failure?.errorCode ?? "?"} ${failure?.errorMessage ?? ""}`,
            status: 200,
            ...(failure?.errorCode === undefined ? {} : { code: failure.errorCode })
          }),
          endpoint: "rewards.revokeCoupon",
          attempts: 1
        })
      }
    })
  }
})

const RedeemInput = Schema.Struct({
  code: Schema.String,
  customerId: PositiveInt,
  billNumber: Schema.String,
  billAmount: Schema.Finite
})

/** The coupon's active redemption on the bill, from the customer's coupon history. */
const redemptionOnBill = (input: typeof RedeemInput.Type) =>
  Coupons.Coupons.use((coupons) =>
    Stream.runCollect(coupons.customerCoupons({ customer: { id: input.customerId as Coupon.CustomerId } }))
  ).pipe(
    Effect.map((held) => {
      const coupon = held.find((candidate) => candidate.code.toUpperCase() === input.code.toUpperCase())
      const record = coupon?.redemptions?.findLast((redemption) => redemption.transactionNumber === input.billNumber)
      return Option.map(Option.fromUndefinedOr(record), (found) => ({
        redemptionId: found.id,
        code: input.code,
        billNumber: input.billNumber
      }))
    })
  )

/**
 * Redeems the coupon on the bill; undone by reactivating the redemption. Its natural key: the coupon's active
 * redemption on the bill's number.
 *
 * @since 0.1.0
 * @category steps
 */
export const RedeemCoupon = Step.make({
  name: "RedeemCoupon",
  input: RedeemInput,
  success: Schema.Struct({ redemptionId: Schema.Int, code: Schema.String, billNumber: Schema.String }),
  error: Schema.Union([
    CapillaryError.CapillaryError,
    CouponErrors.InvalidCouponCode,
    CouponErrors.CouponNotIssuedToCustomer,
    CouponErrors.CouponAlreadyRedeemed,
    CouponErrors.SeriesExpired,
    CouponErrors.CouponExpired,
    CouponErrors.MaxRedemptionsReached,
    CouponErrors.InvalidBillAmount,
    CouponErrors.CouponRevoked,
    CouponErrors.CustomerNotFound
  ]),
  reversibility: Step.reversible,
  businessErrors: [
    "InvalidCouponCode",
    "CouponNotIssuedToCustomer",
    "CouponAlreadyRedeemed",
    "SeriesExpired",
    "CouponExpired",
    "MaxRedemptionsReached",
    "InvalidBillAmount",
    "CouponRevoked",
    "CustomerNotFound"
  ],
  retry: { CapillaryError: Step.transient },
  recover: ({ input }) => redemptionOnBill(input),
  run: ({ input }) =>
    Effect.map(
      Coupons.Coupons.use((coupons) =>
        coupons.redeem({
          code: input.code,
          customer: { id: input.customerId as Coupon.CustomerId },
          billAmount: input.billAmount,
          transactionNumber: input.billNumber
        })
      ),
      (redemption) => ({ redemptionId: redemption.id, code: input.code, billNumber: input.billNumber })
    ),
  compensation: {
    name: "ReactivateRedemption",
    error: Schema.Union([
      CapillaryError.CapillaryError,
      CouponErrors.InvalidRedemption,
      CouponErrors.CustomerNotFound
    ]),
    retry: { CapillaryError: Step.transient },
    lookup: ({ input }) => redemptionOnBill(input),
    undo: (found) =>
      Coupons.Coupons.use((coupons) => coupons.reactivate([found.redemptionId as CouponRedemption.RedemptionId]))
  }
})

const TransferInput = Schema.Struct({
  customer: TransferCustomer,
  groupExternalId: Schema.String,
  points: Schema.Finite,
  direction: Direction,
  programId: Schema.optional(PositiveInt)
})

/** The transfer's reference: `wf-` and the first 32 characters of the step's key. */
const referenceOf = (key: string) => `wf-${key.slice(0, 32)}`

const sides = (input: typeof TransferInput.Type) => {
  const customer: GroupPoints.CustomerEntity = {
    type: "CUSTOMER",
    identifierType: input.customer.identifierType,
    identifierValue: input.customer.identifierValue,
    source: input.customer.source as GroupPoints.CustomerEntity["source"]
  }
  const group: GroupPoints.GroupEntity = {
    type: "USERGROUP2",
    identifierType: "externalId",
    identifierValue: input.groupExternalId
  }
  return input.direction === "toGroup" ? { from: customer, to: group } : { from: group, to: customer }
}

const transferRequest = (
  input: typeof TransferInput.Type,
  from: GroupPoints.TransferEntity,
  to: GroupPoints.TransferEntity,
  notes: string
): GroupPoints.TransferRequest => ({
  pointsTobeTransferred: input.points,
  notes,
  ...(input.programId === undefined ? {} : { programId: input.programId as GroupPoints.ProgramId }),
  transferredBy: {
    identifierType: input.customer.identifierType,
    identifierValue: input.customer.identifierValue,
    source: input.customer.source as GroupPoints.CustomerEntity["source"]
  },
  fromEntity: from,
  toEntity: to
})

const TransferResult = Schema.Struct({ transferId: Schema.Int, points: Schema.Finite, reference: Schema.String })

/**
 * Moves the points between the customer and the group; undone by moving them back. Its natural key: the reference
 * tag in the transfer's notes.
 *
 * @since 0.1.0
 * @category steps
 */
export const TransferPoints = Step.make({
  name: "TransferPoints",
  input: TransferInput,
  success: TransferResult,
  error: Schema.Union([
    CapillaryError.CapillaryError,
    UserGroupErrors.InvalidGroup,
    UserGroupErrors.CustomerNotFound,
    UserGroupErrors.UserNotInGroup,
    GroupPointsErrors.InvalidProgram,
    GroupPointsErrors.InvalidPointsValue,
    GroupPointsErrors.InsufficientPoints,
    GroupPointsErrors.RedemptionBlocked,
    GroupPointsErrors.TransferToSelf
  ]),
  reversibility: Step.reversible,
  businessErrors: [
    "InvalidGroup",
    "CustomerNotFound",
    "UserNotInGroup",
    "InvalidProgram",
    "InvalidPointsValue",
    "InsufficientPoints",
    "RedemptionBlocked",
    "TransferToSelf"
  ],
  retry: { CapillaryError: Step.transient },
  recover: ({ input, key }) =>
    Effect.map(
      GroupPointsService.GroupPoints.use((groupPoints) =>
        groupPoints.findTransfer(sides(input).from, referenceOf(key), "out")
      ),
      Option.map((record) => ({
        transferId: record.transferId,
        points: record.pointsTransferred,
        reference: referenceOf(key)
      }))
    ),
  run: ({ input, key }) => {
    const { from, to } = sides(input)
    return Effect.map(
      GroupPointsService.GroupPoints.use((groupPoints) =>
        groupPoints.transfer(transferRequest(input, from, to, "IssueRedeemTransfer"), { reference: referenceOf(key) })
      ),
      (record) => ({ transferId: record.transferId, points: record.pointsTransferred, reference: referenceOf(key) })
    )
  },
  compensation: {
    name: "TransferBack",
    error: Schema.Union([
      CapillaryError.CapillaryError,
      UserGroupErrors.InvalidGroup,
      UserGroupErrors.CustomerNotFound,
      UserGroupErrors.UserNotInGroup,
      GroupPointsErrors.InvalidProgram,
      GroupPointsErrors.InvalidPointsValue,
      GroupPointsErrors.InsufficientPoints,
      GroupPointsErrors.RedemptionBlocked,
      GroupPointsErrors.TransferToSelf
    ]),
    retry: { CapillaryError: Step.transient },
    // The transfer, when it happened and was not sent back yet.
    lookup: ({ input, key }) =>
      Effect.gen(function*() {
        const groupPoints = yield* GroupPointsService.GroupPoints
        const { from, to } = sides(input)
        const sent = yield* groupPoints.findTransfer(from, referenceOf(key), "out")
        if (Option.isNone(sent)) return Option.none<GroupPoints.TransferRecord>()
        const back = yield* groupPoints.findTransfer(to, `${referenceOf(key)}-back`, "out")
        return Option.isSome(back) ? Option.none<GroupPoints.TransferRecord>() : sent
      }),
    undo: (sent, { input, key }) => {
      const { from, to } = sides(input)
      return GroupPointsService.GroupPoints.use((groupPoints) =>
        groupPoints.transfer(
          {
            ...transferRequest(input, to, from, "IssueRedeemTransfer: sent back"),
            pointsTobeTransferred: sent.pointsTransferred
          },
          { reference: `${referenceOf(key)}-back` }
        )
      ).pipe(Effect.asVoid)
    }
  }
})

// ---------------------------------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------------------------------

/**
 * The declaration of IssueRedeemTransfer.
 *
 * @since 0.1.0
 * @category flows
 */
export const declaration = Flow.make({
  name: "IssueRedeemTransfer",
  payload: Payload,
  success: Success,
  error: Error,
  idempotencyKey: (payload) => payload.billNumber
})
  .step(LoadCustomer, ({ payload }) => ({ customerId: payload.customerId }))
  .step(IssueCoupon, ({ payload }) => ({ seriesId: payload.seriesId, customerId: payload.customerId }))
  .step(RedeemCoupon, ({ IssueCoupon, payload }) => ({
    code: IssueCoupon.code,
    customerId: payload.customerId,
    billNumber: payload.billNumber,
    billAmount: payload.billAmount
  }))
  .sleep(
    "HoldTransfer",
    ({ payload }) => payload.holdTransferSeconds === undefined ? undefined : `${payload.holdTransferSeconds} seconds`
  )
  .step(TransferPoints, ({ LoadCustomer, payload }) => ({
    customer: LoadCustomer,
    groupExternalId: payload.groupExternalId,
    points: payload.points,
    direction: payload.direction,
    ...(payload.programId === undefined ? {} : { programId: payload.programId })
  }))
  .returns(({ IssueCoupon, RedeemCoupon, TransferPoints }) => ({
    couponCode: IssueCoupon.code,
    redemptionId: RedeemCoupon.redemptionId,
    transferId: TransferPoints.transferId
  }))

/**
 * The checked flow.
 *
 * @since 0.1.0
 * @category flows
 */
export const flow = Flow.defineUnsafe(declaration)

/**
 * Registers the flow with the engine; needs `Customers`, `Coupons` and `GroupPoints` (and the engine's services).
 *
 * @since 0.1.0
 * @category flows
 */
export const layer = flow.layer

/**
 * Runs the flow, or joins the execution of the same bill number (its stored result once it completed).
 *
 * @since 0.1.0
 * @category flows
 */
export const execute = flow.execute

/**
 * The execution id of a payload.
 *
 * @since 0.1.0
 * @category flows
 */
export const executionId = flow.executionId

/**
 * The result of an execution, if it has one.
 *
 * @since 0.1.0
 * @category flows
 */
export const poll = flow.poll
