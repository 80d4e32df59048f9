/**
 * The group points service: ask whether points can move between a user group's wallet and a member's (or another
 * group's), move them, and read an account's transfer history. `isTransferrable` answers a refusal (not enough
 * points, not a member, redemption blocked, a transfer to itself) as a value with its reason, and fails only when
 * the request names what does not exist. `transfer` is not safe to send twice and Capillary has no dedup key for
 * it, so the SDK tags every transfer's notes with a reference (`[ref:<reference>]`, see `GroupPoints`); when the
 * outcome is unknown (the connection dropped after sending, a timeout, a 5xx), the service looks for that
 * reference in the transfer history of the source (or of the destination) and answers the transfer it finds, or
 * sends it again when it is not there.
 *
 * @since 0.1.0
 */
import { CapillaryClient, CapillaryError, Redaction } from "@capillary-effect/core"
import { Context, Data, Effect, Layer, Option, Random, Schema, Stream } from "effect"
import * as GroupPointsModel from "./GroupPoints.ts"
import * as GroupPointsApi from "./GroupPointsApi.ts"
import {
  type InsufficientPoints,
  type InvalidPointsValue,
  type InvalidProgram,
  type RedemptionBlocked,
  TransferRefused,
  type TransferToSelf
} from "./GroupPointsErrors.ts"
import type { CustomerNotFound, InvalidGroup, UserNotInGroup } from "./UserGroupErrors.ts"

/**
 * Why points cannot move, as isTransferrable reports it.
 *
 * @since 0.1.0
 * @category errors
 */
export type TransferRefusal = InsufficientPoints | UserNotInGroup | RedemptionBlocked | TransferToSelf | TransferRefused

/**
 * Whether the points can move, and why not.
 *
 * @since 0.1.0
 * @category models
 */
export type Transferability =
  | { readonly transferrable: true; readonly points: number }
  | { readonly transferrable: false; readonly points: number; readonly reason: TransferRefusal }

/**
 * How an isTransferrable can fail: the request names a group, customer or program that does not exist, or a bad
 * points value.
 *
 * @since 0.1.0
 * @category errors
 */
export type CheckError =
  | CapillaryError.CapillaryError
  | InvalidGroup
  | CustomerNotFound
  | InvalidProgram
  | InvalidPointsValue

/**
 * How a transfer can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type TransferError = CheckError | InsufficientPoints | UserNotInGroup | RedemptionBlocked | TransferToSelf

/**
 * How a history read can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type HistoryError = CapillaryError.CapillaryError | InvalidGroup | CustomerNotFound | InvalidProgram

/**
 * How many of the newest transfers of an account the service reads, at most, to find a transfer by its reference
 * after an unknown outcome.
 *
 * @since 0.1.0
 * @category constants
 */
export const reconcileWindow = 100

/**
 * The operations of the group points service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Whether the points can move as asked; a refusal is `transferrable: false` with its reason. */
  readonly isTransferrable: (request: GroupPointsModel.TransferRequest) => Effect.Effect<Transferability, CheckError>
  /**
   * Moves the points and answers the transfer record (`DEDUCTION`). The notes get the reference tag: the given
   * `reference`, the one the notes already end with, or a new random one. An unknown outcome is resolved by
   * finding that reference among the newest transfers (up to `reconcileWindow`) of the source, or of the
   * destination when the source is a group named by its primary member: found, it is the answer; not there (and
   * the history read to its end), the transfer is sent again; anything else is `AmbiguousOutcome`.
   */
  readonly transfer: (
    request: GroupPointsModel.TransferRequest,
    options?: { readonly reference?: string | undefined }
  ) => Effect.Effect<GroupPointsModel.TransferRecord, TransferError>
  /**
   * The transfer with the reference among the newest (up to `reconcileWindow`) of an account (a group named by
   * id or external id, or a customer): `DEDUCTION` records when `direction` is `out` (the default), `ADDITION`
   * when `in`. Lets a caller that keeps its own references (a workflow's idempotency key) check before sending.
   */
  readonly findTransfer: (
    account: GroupPointsModel.TransferEntity,
    reference: string,
    direction?: "out" | "in"
  ) => Effect.Effect<Option.Option<GroupPointsModel.TransferRecord>, HistoryError>
  /** Every transfer of an account, newest first, read page by page as the stream is consumed. */
  readonly transfers: (
    account: GroupPointsModel.TransferEntity,
    options?: { readonly programId?: GroupPointsModel.ProgramId | undefined; readonly sortOrder?: "ASC" | "DESC" }
  ) => Stream.Stream<GroupPointsModel.TransferRecord, HistoryError>
}

/**
 * The group points service.
 *
 * @since 0.1.0
 * @category services
 */
export class GroupPoints extends Context.Service<GroupPoints, Service>()("@capillary-effect/usergroups/GroupPoints") {}

/** Why an unknown transfer could not be settled by reading back. */
class Unsettled extends Data.TaggedError("Unsettled")<{ readonly message: string }> {}

const refusalTags: ReadonlySet<string> = new Set([
  "InsufficientPoints",
  "UserNotInGroup",
  "RedemptionBlocked",
  "TransferToSelf"
])

/** The named refusal of an isTransferrable warning, by the endpoint's own code mapping; the message redacted. */
const refusalOf = (issue: { readonly code: number; readonly message: string } | undefined): TransferRefusal => {
  const props = { code: issue?.code ?? 0, message: Redaction.redactText(issue?.message ?? "not transferrable") }
  const mapping = issue === undefined
    ? undefined
    : GroupPointsApi.isTransferrable.errors.find((candidate) => candidate.codes.includes(issue.code))
  const error = mapping === undefined ? undefined : new mapping.error(props)
  return error !== undefined && refusalTags.has(error._tag) ? error as TransferRefusal : new TransferRefused(props)
}

/** The history query of an account, when the history endpoint can name it (not a group named by its primary member). */
const historyQuery = (
  account: GroupPointsModel.TransferEntity
): GroupPointsModel.TransferHistoryQuery | undefined => {
  if (account.type === "USERGROUP2") {
    return account.identifierType === "id" || account.identifierType === "externalId"
      ? {
        identifierName: account.identifierType,
        identifierValue: account.identifierValue,
        userEntityType: "USERGROUP2"
      }
      : undefined
  }
  return {
    identifierName: account.identifierType,
    identifierValue: account.identifierValue,
    userEntityType: "CUSTOMER",
    source: account.source,
    ...(account.accountId === undefined ? {} : { accountId: account.accountId })
  }
}

const noHistory = (account: GroupPointsModel.TransferEntity) =>
  new CapillaryError.CapillaryError({
    reason: new CapillaryError.InvalidRequest({
      message: `a group named by ${account.identifierType} has no transfer history read; name it by id or externalId`
    }),
    endpoint: GroupPointsApi.pointsTransfers.id,
    attempts: 0,
    requestId: undefined
  })

const isReference = Schema.is(GroupPointsModel.TransferReference)

const newReference = Effect.map(
  Effect.forEach(Array.from({ length: 8 }), () => Random.nextIntBetween(0, 255)),
  (bytes) => `ce-${bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("")}`
)

/**
 * Builds the service on the client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const history = (
    account: GroupPointsModel.TransferEntity,
    options: { readonly programId?: GroupPointsModel.ProgramId | undefined; readonly sortOrder?: "ASC" | "DESC" } = {}
  ): Stream.Stream<GroupPointsModel.TransferRecord, HistoryError> => {
    const query = historyQuery(account)
    if (query === undefined) return Stream.fail(noHistory(account))
    return client.stream(GroupPointsApi.pointsTransfers, {
      query: {
        ...query,
        sortOrder: options.sortOrder ?? "DESC",
        ...(options.programId === undefined ? {} : { programId: options.programId })
      }
    })
  }

  /** The newest transfers of an account, up to the window: the one with the reference, or whether the history ended. */
  const scan = (account: GroupPointsModel.TransferEntity, reference: string, type: "DEDUCTION" | "ADDITION") =>
    Effect.map(
      history(account).pipe(
        Stream.take(reconcileWindow + 1),
        Stream.takeUntil((record) =>
          record.transferType === type && GroupPointsModel.referenceOf(record.notes) === reference
        ),
        Stream.runCollect
      ),
      (scanned) => ({
        found: scanned.find((record) =>
          record.transferType === type && GroupPointsModel.referenceOf(record.notes) === reference
        ),
        complete: scanned.length <= reconcileWindow
      })
    )

  const findTransfer = Effect.fn("GroupPointsModel.findTransfer")(
    function*(account: GroupPointsModel.TransferEntity, reference: string, direction: "out" | "in" = "out") {
      const { found } = yield* scan(account, reference, direction === "out" ? "DEDUCTION" : "ADDITION")
      return Option.fromUndefinedOr(found)
    }
  )

  // Read back after an unknown outcome: the transfer with the reference in the source's history, or else in the
  // destination's. Not found in a history read to its end: it did not happen.
  const reconcile = Effect.fnUntraced(function*(request: GroupPointsModel.TransferRequest, reference: string) {
    const side = historyQuery(request.fromEntity) !== undefined
      ? { account: request.fromEntity, type: "DEDUCTION" as const }
      : historyQuery(request.toEntity) !== undefined
      ? { account: request.toEntity, type: "ADDITION" as const }
      : undefined
    if (side === undefined) {
      return yield* new Unsettled({ message: "neither account of the transfer has a transfer history read" })
    }
    const { complete, found } = yield* scan(side.account, reference, side.type)
    if (found !== undefined) {
      return Option.some<GroupPointsModel.TransferRecords>({ data: [found], warnings: [], errors: [] })
    }
    if (!complete) {
      return yield* new Unsettled({ message: `the reference is not among the ${reconcileWindow} newest transfers` })
    }
    return Option.none()
  })

  const isTransferrable = Effect.fn("GroupPointsModel.isTransferrable")(
    function*(request: GroupPointsModel.TransferRequest) {
      const points = request.pointsTobeTransferred
      return yield* client.execute(GroupPointsApi.isTransferrable, { body: request }).pipe(
        Effect.map((answer): Transferability => {
          const [item] = answer.data
          return item?.transferrable === true
            ? { transferrable: true, points: item.pointsTobeTransferred }
            : {
              transferrable: false,
              points: item?.pointsTobeTransferred ?? points,
              reason: refusalOf(answer.warnings?.[0])
            }
        }),
        // Capillary may also answer a refusal with its error code: the same answer.
        Effect.catchTag(
          ["InsufficientPoints", "UserNotInGroup", "RedemptionBlocked", "TransferToSelf"],
          (reason) => Effect.succeed<Transferability>({ transferrable: false, points, reason })
        )
      )
    }
  )

  const transfer = Effect.fn("GroupPointsModel.transfer")(function*(
    request: GroupPointsModel.TransferRequest,
    options?: { readonly reference?: string | undefined }
  ) {
    const reference = options?.reference ?? GroupPointsModel.referenceOf(request.notes) ?? (yield* newReference)
    if (!isReference(reference)) {
      return yield* new CapillaryError.CapillaryError({
        reason: new CapillaryError.InvalidRequest({
          message: "a transfer reference is 8 to 64 letters, digits, - or _"
        }),
        endpoint: GroupPointsApi.transferPoints.id,
        attempts: 0,
        requestId: undefined
      })
    }
    const notes = GroupPointsModel.referenceOf(request.notes) === reference
      ? request.notes!
      : GroupPointsModel.withReference(request.notes, reference)
    const body: GroupPointsModel.TransferRequest = { ...request, notes }
    const answer = yield* client.execute(GroupPointsApi.transferPoints, { body }, {
      reconcile: Effect.suspend(() => reconcile(body, reference))
    })
    const [record] = answer.data
    if (record === undefined) {
      return yield* new CapillaryError.CapillaryError({
        reason: new CapillaryError.DecodeError({ message: "the transfer was answered without a transfer record" }),
        endpoint: GroupPointsApi.transferPoints.id,
        attempts: 1,
        requestId: undefined
      })
    }
    return record
  })

  return GroupPoints.of({ isTransferrable, transfer, findTransfer, transfers: history })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<GroupPoints, never, CapillaryClient.CapillaryClient> = Layer.effect(GroupPoints, make)
