/**
 * The business outcomes of the customer batch endpoints (v2 bulk upsert and association, and v1.1 batches),
 * each built from the Capillary codes that report it, with Capillary's message and the request id.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * A batch carries more items than Capillary accepts in one request: code 1060.
 *
 * @since 0.2.0
 * @category errors
 */
export class BatchLimitExceeded extends Schema.TaggedError<BatchLimitExceeded>()(
  "BatchLimitExceeded",
  Endpoint.DomainErrorFields
) {}
