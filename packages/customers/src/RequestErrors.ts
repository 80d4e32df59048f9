/**
 * The business outcomes of the requests endpoints (PII deletion, goodwill, merge, retro and change requests),
 * each built from the Capillary codes that report it, with Capillary's code and message and the request id.
 * Customer lookups in these endpoints fail with the customer errors of `CustomerErrors`.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * No request with that id (and kind) in the organisation, or none for the customer: code 9050.
 *
 * @since 0.2.0
 * @category errors
 */
export class RequestNotFound extends Schema.TaggedError<RequestNotFound>()(
  "RequestNotFound",
  Endpoint.DomainErrorFields
) {}

/**
 * The request's `type` is not one Capillary knows (9006), or its `baseType` does not go with it (9008).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidRequestType extends Schema.TaggedError<InvalidRequestType>()(
  "InvalidRequestType",
  Endpoint.DomainErrorFields
) {}

/**
 * The user who raised a request cannot also approve it: code 9051.
 *
 * @since 0.2.0
 * @category errors
 */
export class RequesterCannotApprove extends Schema.TaggedError<RequesterCannotApprove>()(
  "RequesterCannotApprove",
  Endpoint.DomainErrorFields
) {}

/**
 * Raising or changing requests is blocked for the organisation (a child of connected organisations): code 9021.
 *
 * @since 0.2.0
 * @category errors
 */
export class RequestsBlocked extends Schema.TaggedError<RequestsBlocked>()(
  "RequestsBlocked",
  Endpoint.DomainErrorFields
) {}

/**
 * The user group of a group goodwill request is not valid: code 93026.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidGroupDetails extends Schema.TaggedError<InvalidGroupDetails>()(
  "InvalidGroupDetails",
  Endpoint.DomainErrorFields
) {}

/**
 * The `programId` of a goodwill request is not a program of the organisation: code 1101.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidRequestProgram extends Schema.TaggedError<InvalidRequestProgram>()(
  "InvalidRequestProgram",
  Endpoint.DomainErrorFields
) {}

/**
 * A status change was refused with a code that has no name of its own (for instance approving a request that
 * is not pending). Built by the requests service from the failed item of a status update.
 *
 * @since 0.2.0
 * @category errors
 */
export class RequestUpdateRefused extends Schema.TaggedError<RequestUpdateRefused>()(
  "RequestUpdateRefused",
  Endpoint.DomainErrorFields
) {}
