/**
 * The business outcomes of the partner program endpoints, each built from the Capillary codes that report it,
 * with Capillary's code and message and the request id. Link, update and delink answer each customer and program
 * on its own (a status in the body); `PartnerPrograms` turns such a status into these same errors.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * Capillary could not process the partner program event (events already queued for the customer, the activity
 * could not be fetched): codes 2001, 2010, 2012. Also the error of a per-program status whose code has no
 * name of its own.
 *
 * @since 0.2.0
 * @category errors
 */
export class PartnerProgramEventFailed extends Schema.TaggedError<PartnerProgramEventFailed>()(
  "PartnerProgramEventFailed",
  Endpoint.DomainErrorFields
) {}

/**
 * The request is not one Capillary processes: a missing `updateDetails`, `updatedTierName` or
 * `partnerProgramName` (2002), more than 50 partner programs (2008), an unknown `updateType` (2009), an activity
 * interval over a year (2013), an unknown activity type (2014), dates with `activityType=linkingUpdates` (2015).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidPartnerRequest extends Schema.TaggedError<InvalidPartnerRequest>()(
  "InvalidPartnerRequest",
  Endpoint.DomainErrorFields
) {}

/**
 * The partner tier expiry date is in the past: code 2003.
 *
 * @since 0.2.0
 * @category errors
 */
export class PartnerTierExpiryInPast extends Schema.TaggedError<PartnerTierExpiryInPast>()(
  "PartnerTierExpiryInPast",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer is not linked with the partner program (link them first): code 2004.
 *
 * @since 0.2.0
 * @category errors
 */
export class NotLinkedToPartnerProgram extends Schema.TaggedError<NotLinkedToPartnerProgram>()(
  "NotLinkedToPartnerProgram",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer cannot be linked: already linked with the partner program, or not enrolled in the loyalty program
 * (both code 2005).
 *
 * @since 0.2.0
 * @category errors
 */
export class PartnerLinkRefused extends Schema.TaggedError<PartnerLinkRefused>()(
  "PartnerLinkRefused",
  Endpoint.DomainErrorFields
) {}

/**
 * No partner program of the organisation has that name or id: code 2006.
 *
 * @since 0.2.0
 * @category errors
 */
export class PartnerProgramNotFound extends Schema.TaggedError<PartnerProgramNotFound>()(
  "PartnerProgramNotFound",
  Endpoint.DomainErrorFields
) {}

/**
 * The partner program has no tier of that name (or no tiers at all): code 2007.
 *
 * @since 0.2.0
 * @category errors
 */
export class PartnerTierNotFound extends Schema.TaggedError<PartnerTierNotFound>()(
  "PartnerTierNotFound",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer has no partner program activity (matching the query): code 2011.
 *
 * @since 0.2.0
 * @category errors
 */
export class PartnerActivityNotFound extends Schema.TaggedError<PartnerActivityNotFound>()(
  "PartnerActivityNotFound",
  Endpoint.DomainErrorFields
) {}
