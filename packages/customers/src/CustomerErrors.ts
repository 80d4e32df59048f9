/**
 * The business outcomes of the customer endpoints, each built from the Capillary codes that report it, with
 * Capillary's code and message and the request id.
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * No customer matches the id or identifier in the organisation (and source): codes 8015, 1011, 1012, 816.
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
 * The source, or the account within it, is not valid for the organisation: codes 8003, 8011.
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
