/**
 * The business outcomes of the v1.1 customer endpoints that have no v2 counterpart in `CustomerErrors`, each
 * built from the item codes Capillary reports them with (`item_status.code`), with Capillary's message and the
 * request id. The v1.1 codes shared with v2 outcomes map to the errors of `CustomerErrors`: customer not found
 * (1011, 1012), already registered (1014), identifier used by another customer (1016, 1032, 1033).
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * A mobile number, email or external id is not valid, or none was given: codes 1001 (mobile), 1002 (email),
 * 1003 (external id), 1007 (no valid primary identifier), 1042.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidIdentifierValue extends Schema.TaggedError<InvalidIdentifierValue>()(
  "InvalidIdentifierValue",
  Endpoint.DomainErrorFields
) {}

/**
 * A read or write named no customer: codes 1015, 1104.
 *
 * @since 0.2.0
 * @category errors
 */
export class MissingIdentifier extends Schema.TaggedError<MissingIdentifier>()(
  "MissingIdentifier",
  Endpoint.DomainErrorFields
) {}

/**
 * The registration date is outside the past or future limit Capillary accepts: code 1034.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidRegistrationDate extends Schema.TaggedError<InvalidRegistrationDate>()(
  "InvalidRegistrationDate",
  Endpoint.DomainErrorFields
) {}

/**
 * A loyalty customer cannot be made non-loyalty: code 1046.
 *
 * @since 0.2.0
 * @category errors
 */
export class LoyaltyConversionNotAllowed extends Schema.TaggedError<LoyaltyConversionNotAllowed>()(
  "LoyaltyConversionNotAllowed",
  Endpoint.DomainErrorFields
) {}

/**
 * A fraud status or a test and control status is not one Capillary knows: codes 1061, 1062.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidStatusValue extends Schema.TaggedError<InvalidStatusValue>()(
  "InvalidStatusValue",
  Endpoint.DomainErrorFields
) {}

/**
 * An identity change request was refused: codes 1025 (the current value does not match), 1041 (the request
 * failed, e.g. one is already pending for that identifier).
 *
 * @since 0.2.0
 * @category errors
 */
export class IdentityChangeFailed extends Schema.TaggedError<IdentityChangeFailed>()(
  "IdentityChangeFailed",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer has no notes: code 1028.
 *
 * @since 0.2.0
 * @category errors
 */
export class NoCustomerNotes extends Schema.TaggedError<NoCustomerNotes>()(
  "NoCustomerNotes",
  Endpoint.DomainErrorFields
) {}

/**
 * Notes could not be added or changed (e.g. no note of the customer has the id given): codes 1036, 1037.
 *
 * @since 0.2.0
 * @category errors
 */
export class NotesUpdateFailed extends Schema.TaggedError<NotesUpdateFailed>()(
  "NotesUpdateFailed",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer has no preferences set: code 1031.
 *
 * @since 0.2.0
 * @category errors
 */
export class NoCustomerPreferences extends Schema.TaggedError<NoCustomerPreferences>()(
  "NoCustomerPreferences",
  Endpoint.DomainErrorFields
) {}

/**
 * Preferences could not be read or set: codes 1029, 1030, 1035.
 *
 * @since 0.2.0
 * @category errors
 */
export class PreferencesFailed extends Schema.TaggedError<PreferencesFailed>()(
  "PreferencesFailed",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer already has a ticket with that subject: code 1301.
 *
 * @since 0.2.0
 * @category errors
 */
export class TicketAlreadyExists extends Schema.TaggedError<TicketAlreadyExists>()(
  "TicketAlreadyExists",
  Endpoint.DomainErrorFields
) {}

/**
 * A ticket was refused: codes 1302 (registration failed), 1303 (empty subject).
 *
 * @since 0.2.0
 * @category errors
 */
export class TicketRejected extends Schema.TaggedError<TicketRejected>()(
  "TicketRejected",
  Endpoint.DomainErrorFields
) {}
