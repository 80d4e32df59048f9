/**
 * The business outcomes of the customer endpoints, each built from the Capillary codes that report it, with
 * Capillary's code and message and the request id.
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * No customer matches the id or identifier in the organisation (and source): codes 8015, 1011, 1012, 816; 8065
 * (not in the given source); 8009 (an update or identifier change names an unknown customer id).
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomerNotFound extends Schema.TaggedError<CustomerNotFound>()(
  "CustomerNotFound",
  Endpoint.DomainErrorFields
) {}

/**
 * A registration found a customer with the same identifier in the same source: code 8006.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomerAlreadyExists extends Schema.TaggedError<CustomerAlreadyExists>()(
  "CustomerAlreadyExists",
  Endpoint.DomainErrorFields
) {}

/**
 * The source, or the account within it, is not valid for the organisation (codes 8003, 8011, 8012), or a source
 * with several accounts came without the account (8045).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidSource extends Schema.TaggedError<InvalidSource>()("InvalidSource", Endpoint.DomainErrorFields) {}

/**
 * The identifier a lookup names is not one Capillary knows: code 8013.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidIdentifier extends Schema.TaggedError<InvalidIdentifier>()(
  "InvalidIdentifier",
  Endpoint.DomainErrorFields
) {}

/**
 * An email, mobile or external id of the request already belongs to another customer: codes 1016 (email),
 * 1032 (mobile), 1033 (external id).
 *
 * @since 0.1.0
 * @category errors
 */
export class IdentifierInUse extends Schema.TaggedError<IdentifierInUse>()(
  "IdentifierInUse",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer was merged into another account and no longer exists on its own: code 8069.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomerMerged extends Schema.TaggedError<CustomerMerged>()(
  "CustomerMerged",
  Endpoint.DomainErrorFields
) {}

/**
 * A loyalty customer cannot become a non-loyalty one (the other way is allowed): codes 1046, 8018.
 *
 * @since 0.2.0
 * @category errors
 */
export class LoyaltyDowngradeNotAllowed extends Schema.TaggedError<LoyaltyDowngradeNotAllowed>()(
  "LoyaltyDowngradeNotAllowed",
  Endpoint.DomainErrorFields
) {}

/**
 * An update or identifier change conflicts with the identifiers of the source: 8007 (the identifier is
 * registered in the same source for another customer), 8008 (the customer already has the new identifier).
 *
 * @since 0.2.0
 * @category errors
 */
export class IdentifierConflict extends Schema.TaggedError<IdentifierConflict>()(
  "IdentifierConflict",
  Endpoint.DomainErrorFields
) {}

/**
 * An email, mobile or external id, as an identifier or a communication channel, is not valid: 8055 (email), 8056
 * (mobile), 8057 (email channel), 8058 (mobile channel), 8010 (channel), 8064 (external id).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidContactDetails extends Schema.TaggedError<InvalidContactDetails>()(
  "InvalidContactDetails",
  Endpoint.DomainErrorFields
) {}

/**
 * An identifier change would merge customers that cannot be merged: 8053 (the identifiers belong to different
 * customers, or the account is already merged), 8066 (both customers have a profile in the same source and
 * account), 8067.
 *
 * @since 0.2.0
 * @category errors
 */
export class MergeConflict extends Schema.TaggedError<MergeConflict>()("MergeConflict", Endpoint.DomainErrorFields) {}

/**
 * A profile would be left without any identifier: code 8005.
 *
 * @since 0.2.0
 * @category errors
 */
export class IdentifierRequired extends Schema.TaggedError<IdentifierRequired>()(
  "IdentifierRequired",
  Endpoint.DomainErrorFields
) {}

/**
 * A search page out of bounds: 8100 (offset below 0), 8101 (limit 0 or less), 8102 (limit above 100).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidPaging extends Schema.TaggedError<InvalidPaging>()("InvalidPaging", Endpoint.DomainErrorFields) {}

/**
 * The status label is not one the organisation defined: code 8086.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidStatusLabel extends Schema.TaggedError<InvalidStatusLabel>()(
  "InvalidStatusLabel",
  Endpoint.DomainErrorFields
) {}

/**
 * No image of the customer at a given position: code 8078.
 *
 * @since 0.2.0
 * @category errors
 */
export class ImageNotFound extends Schema.TaggedError<ImageNotFound>()("ImageNotFound", Endpoint.DomainErrorFields) {}

/**
 * A non-loyalty customer cannot be enrolled in a loyalty program (`loyaltyProgramEnrollments` of a registration
 * or an update that leaves the customer non-loyalty): code 8089.
 *
 * @since 0.2.0
 * @category errors
 */
export class NotInLoyaltyProgram extends Schema.TaggedError<NotInLoyaltyProgram>()(
  "NotInLoyaltyProgram",
  Endpoint.DomainErrorFields
) {}
