/**
 * The business outcomes of the subscription endpoints beyond the customer's own (`CustomerNotFound`,
 * `InvalidSource`, `InvalidIdentifier` of `CustomerErrors`), each built from the Capillary codes that report it.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * A channel of the request is not a communication channel Capillary knows: code 8010.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidChannel
  extends Schema.TaggedError<InvalidChannel>()("InvalidChannel", Endpoint.DomainErrorFields)
{}
