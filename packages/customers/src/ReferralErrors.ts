/**
 * The business outcomes of the referral endpoints beyond the customer's own (`CustomerNotFound`, `InvalidSource`,
 * `InvalidIdentifier` of `CustomerErrors`), each built from the Capillary codes that report it. An invitee whose
 * identifier does not fit its type (1701) is a status of that invitee in the answer, not an error of the call.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The referral campaign token is not one of the organisation's campaigns (or it has no default campaign): code
 * 1222, which Capillary words "Internal error with the referral system".
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidCampaign
  extends Schema.TaggedError<InvalidCampaign>()("InvalidCampaign", Endpoint.DomainErrorFields)
{}

/**
 * A referral type other than `MOBILE` and `EMAIL`: code 1206.
 *
 * @since 0.2.0
 * @category errors
 */
export class ReferralTypeNotSupported extends Schema.TaggedError<ReferralTypeNotSupported>()(
  "ReferralTypeNotSupported",
  Endpoint.DomainErrorFields
) {}
