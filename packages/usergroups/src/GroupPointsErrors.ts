/**
 * The business outcomes of a group points transfer, each built from the Capillary codes that report it, with
 * Capillary's code and message and the request id. A transfer also meets the user group errors of
 * `UserGroupErrors`: `InvalidGroup` (1619, 1632), `UserNotInGroup` (1620) and `CustomerNotFound` (8015, 816).
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The source account (a group's wallet or a customer's) has fewer points than the transfer moves: codes 803,
 * 804, 813, 818.
 *
 * @since 0.1.0
 * @category errors
 */
export class InsufficientPoints
  extends Schema.TaggedError<InsufficientPoints>()("InsufficientPoints", Endpoint.DomainErrorFields)
{}

/**
 * The member may not take points out of the group's wallet (their permissions include
 * `block_points_redemption` or `block_points_transfer`), or the program does not allow it: code 828.
 *
 * @since 0.1.0
 * @category errors
 */
export class RedemptionBlocked
  extends Schema.TaggedError<RedemptionBlocked>()("RedemptionBlocked", Endpoint.DomainErrorFields)
{}

/**
 * The points value is not valid: codes 801, 422 (`pointsToBeTransferred` invalid), 878 (more than three decimal
 * places).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidPointsValue
  extends Schema.TaggedError<InvalidPointsValue>()("InvalidPointsValue", Endpoint.DomainErrorFields)
{}

/**
 * The source and the destination are the same account: code 418.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransferToSelf
  extends Schema.TaggedError<TransferToSelf>()("TransferToSelf", Endpoint.DomainErrorFields)
{}

/**
 * The program id is not a program of the organisation: code 1101.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidProgram
  extends Schema.TaggedError<InvalidProgram>()("InvalidProgram", Endpoint.DomainErrorFields)
{}

/**
 * An isTransferrable answered "not transferrable" with a reason code this package has no named error for; the
 * code and message are Capillary's (code 0 when it gave none).
 *
 * @since 0.1.0
 * @category errors
 */
export class TransferRefused
  extends Schema.TaggedError<TransferRefused>()("TransferRefused", Endpoint.DomainErrorFields)
{}
