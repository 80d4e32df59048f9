/**
 * The business outcomes of the group loyalty reads that the user group and group points errors do not name, each
 * built from the Capillary codes that report it, with Capillary's code and message and the request id. The reads
 * also meet `UserGroupErrors.InvalidGroup` (1619, 1632: no such group, or the member is in none),
 * `UserGroupErrors.CustomerNotFound` (8015, 816) and `GroupPointsErrors.InvalidProgram` (1101).
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The entity type is not one the read serves (a schedule's `type` other than `FLEET` or `USERGROUP2`, a balance's
 * `entityType` other than `CUSTOMER` or `FLEET`): code 1212.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidEntityType
  extends Schema.TaggedError<InvalidEntityType>()("InvalidEntityType", Endpoint.DomainErrorFields)
{}

/**
 * The identifier does not fit the read: an identifier name that does not name a group (8013), or an unknown
 * source (8003).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidIdentifier
  extends Schema.TaggedError<InvalidIdentifier>()("InvalidIdentifier", Endpoint.DomainErrorFields)
{}
