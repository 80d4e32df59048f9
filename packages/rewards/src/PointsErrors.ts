/**
 * The business outcomes of the points endpoints, each built from the Capillary codes that report it, with
 * Capillary's code and message and the request id. The balance and ledger reads meet the customer, program and
 * group ones; the points outcomes (not enough points, a bad points value, a transfer to oneself) are declared
 * here too, for the redeem and transfer endpoints to come.
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The customer has fewer points than asked for: codes 803 (more than available), 804 (insufficient current
 * points), 813 (insufficient points for redemption), 818 (current points below the points requested).
 *
 * @since 0.1.0
 * @category errors
 */
export class InsufficientPoints
  extends Schema.TaggedError<InsufficientPoints>()("InsufficientPoints", Endpoint.DomainErrorFields)
{}

/**
 * The points value is not valid: codes 801 (invalid points), 422 (`pointsToBeTransferred` invalid), 878 (more
 * than three decimal places).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidPointsValue
  extends Schema.TaggedError<InvalidPointsValue>()("InvalidPointsValue", Endpoint.DomainErrorFields)
{}

/**
 * A transfer names the same account as its source and destination: code 418.
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
 * No customer of the organisation has the id or identifier: codes 8015 (not found for the identifiers), 816 (not
 * found in the organisation).
 *
 * @since 0.1.0
 * @category errors
 */
export class PointsCustomerNotFound
  extends Schema.TaggedError<PointsCustomerNotFound>()("PointsCustomerNotFound", Endpoint.DomainErrorFields)
{}

/**
 * No user group for the read: a group balance (`FLEET`) of a customer who is in no active group, or a group
 * ledger naming an unknown group: codes 1632, 1619 (by primary user id).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidUserGroup
  extends Schema.TaggedError<InvalidUserGroup>()("InvalidUserGroup", Endpoint.DomainErrorFields)
{}
