/**
 * The business outcomes of the OTP endpoints, each built from the Capillary codes that report it, with
 * Capillary's code and message and the request id. None of them ever carries an OTP code.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The request names an action, entity type, entity value or channel Capillary does not accept, passes no code,
 * or names a WhatsApp or Zalo channel without its template: codes 600 (action), 601 (entity type), 602 (entity
 * value), 603 (channel), 604 (no OTP passed), 607 (WhatsApp template name missing), 621 (Zalo template identifier
 * missing), 8056 (invalid mobile).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidOtpRequest extends Schema.TaggedError<InvalidOtpRequest>()(
  "InvalidOtpRequest",
  Endpoint.DomainErrorFields
) {}

/**
 * Capillary could not issue the OTP (its template or gateway failed): codes 606, 608, 874, 875.
 *
 * @since 0.2.0
 * @category errors
 */
export class OtpNotGenerated extends Schema.TaggedError<OtpNotGenerated>()(
  "OtpNotGenerated",
  Endpoint.DomainErrorFields
) {}

/**
 * The user reached the organisation's cap of OTPs per day: body code 429 ("Rate limit exceeded"). Capillary
 * documents the cap as 10 per user per day in one place and 500 in another; it is an organisation setting.
 *
 * @since 0.2.0
 * @category errors
 */
export class OtpLimitExceeded extends Schema.TaggedError<OtpLimitExceeded>()(
  "OtpLimitExceeded",
  Endpoint.DomainErrorFields
) {}

/**
 * The code is not a well-formed OTP, or the OTP it answers has expired: codes 605, 876.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidOtp extends Schema.TaggedError<InvalidOtp>()("InvalidOtp", Endpoint.DomainErrorFields) {}

/**
 * There is no OTP to check or read: none was issued for the entity (and action), or the last one was already
 * used: code 9001.
 *
 * @since 0.2.0
 * @category errors
 */
export class NoValidOtp extends Schema.TaggedError<NoValidOtp>()("NoValidOtp", Endpoint.DomainErrorFields) {}
