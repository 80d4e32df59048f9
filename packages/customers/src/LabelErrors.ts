/**
 * The business outcomes of the customer label endpoints, each built from the Capillary codes that report it
 * (the label codes 33000–33006), with Capillary's code and message and the request id. Capillary sends 33000 and
 * 33001 as warnings of a successful change, and 33001/33002 as warnings of an empty list; they are errors only
 * when Capillary answers them in `errors`.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * A label named in the request is not one of the organisation's: code 33000.
 *
 * @since 0.2.0
 * @category errors
 */
export class LabelNotFound extends Schema.TaggedError<LabelNotFound>()("LabelNotFound", Endpoint.DomainErrorFields) {}

/**
 * No labels to answer with: the customer has none (33001) or the organisation has none (33002).
 *
 * @since 0.2.0
 * @category errors
 */
export class LabelsNotFound extends Schema.TaggedError<LabelsNotFound>()(
  "LabelsNotFound",
  Endpoint.DomainErrorFields
) {}

/**
 * A label with that name already exists in the organisation: code 33003.
 *
 * @since 0.2.0
 * @category errors
 */
export class LabelExists extends Schema.TaggedError<LabelExists>()("LabelExists", Endpoint.DomainErrorFields) {}

/**
 * The organisation cannot take more labels: its limit (`ORG_MAX_LABEL_COUNT`) is not set (33004) or would be
 * exceeded (33005).
 *
 * @since 0.2.0
 * @category errors
 */
export class LabelLimitReached extends Schema.TaggedError<LabelLimitReached>()(
  "LabelLimitReached",
  Endpoint.DomainErrorFields
) {}

/**
 * The request to add labels carried none: code 33006.
 *
 * @since 0.2.0
 * @category errors
 */
export class NoLabelsGiven extends Schema.TaggedError<NoLabelsGiven>()("NoLabelsGiven", Endpoint.DomainErrorFields) {}
