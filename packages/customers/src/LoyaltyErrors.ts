/**
 * The business outcomes of the customer loyalty reads besides those of the customer reads (`CustomerNotFound`,
 * `InvalidSource`, `InvalidIdentifier`, `CustomerMerged` in `CustomerErrors`), each built from the Capillary
 * codes that report it, with Capillary's code and message and the request id.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The program id is not a program of the organisation: code 1101.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidProgram extends Schema.TaggedError<InvalidProgram>()(
  "InvalidProgram",
  Endpoint.DomainErrorFields
) {}

/**
 * The entity type of the read is not one Capillary serves there: codes 1212 (a balance's `entityType`), 1647 (a
 * trackers read's `type`).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidEntityType extends Schema.TaggedError<InvalidEntityType>()(
  "InvalidEntityType",
  Endpoint.DomainErrorFields
) {}

/**
 * The user group a read names is not valid for the organisation: codes 1645 (group details not valid), 1632
 * (invalid group), 1619 (invalid primary user).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidGroup extends Schema.TaggedError<InvalidGroup>()("InvalidGroup", Endpoint.DomainErrorFields) {}

/**
 * Capillary could not read the loyalty data it was asked for: codes 8062 (unable to fetch loyalty points), 1099
 * (error fetching tracker data).
 *
 * @since 0.2.0
 * @category errors
 */
export class LoyaltyReadFailed extends Schema.TaggedError<LoyaltyReadFailed>()(
  "LoyaltyReadFailed",
  Endpoint.DomainErrorFields
) {}
