/**
 * The business outcomes of the user group endpoints, each built from the Capillary codes that report it, with
 * Capillary's code and message and the request id. A join reports them per member.
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * No group matches the id, external id or primary user id in the organisation, or the group cannot take the
 * operation (a deleted group, or a join to a group that is not active): codes 1619, 1632.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidGroup extends Schema.TaggedError<InvalidGroup>()("InvalidGroup", Endpoint.DomainErrorFields) {}

/**
 * The customer is not an active member of the group: code 1620.
 *
 * @since 0.1.0
 * @category errors
 */
export class UserNotInGroup extends Schema.TaggedError<UserNotInGroup>()(
  "UserNotInGroup",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer is already an active member of the group: codes 1623, 1636.
 *
 * @since 0.1.0
 * @category errors
 */
export class AlreadyMember extends Schema.TaggedError<AlreadyMember>()("AlreadyMember", Endpoint.DomainErrorFields) {}

/**
 * A group's primary member cannot be changed or moved to another group: code 1624.
 *
 * @since 0.1.0
 * @category errors
 */
export class PrimaryCannotBeTransferred extends Schema.TaggedError<PrimaryCannotBeTransferred>()(
  "PrimaryCannotBeTransferred",
  Endpoint.DomainErrorFields
) {}

/**
 * Another group of the organisation already has this external id: code 1633.
 *
 * @since 0.1.0
 * @category errors
 */
export class ExternalIdExists extends Schema.TaggedError<ExternalIdExists>()(
  "ExternalIdExists",
  Endpoint.DomainErrorFields
) {}

/**
 * The group already has a primary member: code 1637.
 *
 * @since 0.1.0
 * @category errors
 */
export class PrimaryExists extends Schema.TaggedError<PrimaryExists>()("PrimaryExists", Endpoint.DomainErrorFields) {}

/**
 * The group has as many active members as its `maxGroupSize`: code 1638.
 *
 * @since 0.1.0
 * @category errors
 */
export class GroupFull extends Schema.TaggedError<GroupFull>()("GroupFull", Endpoint.DomainErrorFields) {}

/**
 * The `maxGroupSize` is above the organisation's limit (1639) or not positive (1640). An update that would set it
 * below the group's active members is answered with 1640 by the emulator (Capillary documents no code of its own
 * for that).
 *
 * @since 0.1.0
 * @category errors
 */
export class GroupSizeLimit extends Schema.TaggedError<GroupSizeLimit>()(
  "GroupSizeLimit",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer is already the primary member of another group: code 1642.
 *
 * @since 0.1.0
 * @category errors
 */
export class PrimaryOfAnotherGroup extends Schema.TaggedError<PrimaryOfAnotherGroup>()(
  "PrimaryOfAnotherGroup",
  Endpoint.DomainErrorFields
) {}

/**
 * No customer of the organisation has the id or identifier of a member: code 8015.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomerNotFound extends Schema.TaggedError<CustomerNotFound>()(
  "CustomerNotFound",
  Endpoint.DomainErrorFields
) {}

/**
 * Capillary refused one member of a join with a code this package has no named error for; the code and message
 * are Capillary's.
 *
 * @since 0.1.0
 * @category errors
 */
export class MemberRejected extends Schema.TaggedError<MemberRejected>()(
  "MemberRejected",
  Endpoint.DomainErrorFields
) {}

/**
 * A permission of a member is not one Capillary knows: code 1641.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidPermission extends Schema.TaggedError<InvalidPermission>()(
  "InvalidPermission",
  Endpoint.DomainErrorFields
) {}

/**
 * An update that changes nothing (no name, size, extended fields or new external id): code 1643.
 *
 * @since 0.2.0
 * @category errors
 */
export class NothingToUpdate extends Schema.TaggedError<NothingToUpdate>()(
  "NothingToUpdate",
  Endpoint.DomainErrorFields
) {}

/**
 * A group search without a valid `q`: code 91052.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidSearch extends Schema.TaggedError<InvalidSearch>()("InvalidSearch", Endpoint.DomainErrorFields) {}
