/**
 * The business outcomes of the customer activity reads (transactions and recommendations), each built from the
 * Capillary codes that report it, with Capillary's message and the request id.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * Capillary found no transactions or recommendations for the customer: code 1051.
 *
 * @since 0.2.0
 * @category errors
 */
export class RecommendationsUnavailable extends Schema.TaggedError<RecommendationsUnavailable>()(
  "RecommendationsUnavailable",
  Endpoint.DomainErrorFields
) {}
