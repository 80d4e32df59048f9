/**
 * The business outcomes of the card endpoints, each built from the Capillary codes that report it (the card
 * codes 3000–3051, the generation codes 701–705 and the batch limit 1060).
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The card series does not exist in the organisation: code 3004.
 *
 * @since 0.2.0
 * @category errors
 */
export class CardSeriesNotFound extends Schema.TaggedError<CardSeriesNotFound>()(
  "CardSeriesNotFound",
  Endpoint.DomainErrorFields
) {}

/**
 * The card number (or card external id) already exists in the organisation: codes 3009, 3045.
 *
 * @since 0.2.0
 * @category errors
 */
export class CardAlreadyExists extends Schema.TaggedError<CardAlreadyExists>()(
  "CardAlreadyExists",
  Endpoint.DomainErrorFields
) {}

/**
 * No card has the number: code 3010.
 *
 * @since 0.2.0
 * @category errors
 */
export class CardNotFound extends Schema.TaggedError<CardNotFound>()("CardNotFound", Endpoint.DomainErrorFields) {}

/**
 * The status label is not one of the organisation's card labels, or the card cannot move to its status (a card
 * never issued cannot expire or be deleted; an expired one cannot be deleted): code 3017.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidCardStatus extends Schema.TaggedError<InvalidCardStatus>()(
  "InvalidCardStatus",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer already has as many active cards as allowed: code 3036.
 *
 * @since 0.2.0
 * @category errors
 */
export class MaxActiveCardsExceeded extends Schema.TaggedError<MaxActiveCardsExceeded>()(
  "MaxActiveCardsExceeded",
  Endpoint.DomainErrorFields
) {}

/**
 * The series cannot generate the cards (generation disabled, inactive series, or its number format has no room
 * for that many): codes 701–705.
 *
 * @since 0.2.0
 * @category errors
 */
export class CardGenerationFailed extends Schema.TaggedError<CardGenerationFailed>()(
  "CardGenerationFailed",
  Endpoint.DomainErrorFields
) {}

/**
 * More items than one batch takes: code 1060.
 *
 * @since 0.2.0
 * @category errors
 */
export class CardBatchTooLarge extends Schema.TaggedError<CardBatchTooLarge>()(
  "CardBatchTooLarge",
  Endpoint.DomainErrorFields
) {}
