/**
 * The endpoint declarations of Capillary's v2 cards (index section "Card"): card series, card generation and
 * its log, single and bulk cards, a card's details and status log, the organisation's card status labels and
 * its limit of active cards per customer. Issuing a card to a customer is the customer's `changeIdentifier`.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"
import * as Card from "./Card.ts"
import {
  CardAlreadyExists,
  CardBatchTooLarge,
  CardGenerationFailed,
  CardNotFound,
  CardSeriesNotFound,
  InvalidCardStatus,
  MaxActiveCardsExceeded
} from "./CardErrors.ts"

const seriesNotFound = Endpoint.codes(CardSeriesNotFound, [3004])
const cardNotFound = Endpoint.codes(CardNotFound, [3010])
const invalidStatus = Endpoint.codes(InvalidCardStatus, [3017])
const cardExists = Endpoint.codes(CardAlreadyExists, [3009, 3045])

const CardNumberQuery = Schema.Struct({ number: Card.CardNumber })

/**
 * `POST /v2/card/series`: creates a card series; `entity` is its id. Sent twice, the second is refused (the
 * code is unique in the organisation) with a plain `ApiError`: Capillary documents no code for it.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const createSeries = Endpoint.make({
  id: "customers.createCardSeries",
  section: "Card",
  summary: "Create a card series",
  family: "v2",
  method: "POST",
  path: "/v2/card/series",
  body: Card.CardSeriesCreate,
  success: Card.Created,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("customers.updateCardSeries (isActive: false)")
})

/**
 * `PUT /v2/card/series/{seriesId}`: changes a card series (`isActive: false` deactivates it). Sending the same
 * change twice leaves the same series.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updateSeries = Endpoint.make({
  id: "customers.updateCardSeries",
  section: "Card",
  summary: "Update or deactivate a card series",
  family: "v2",
  method: "PUT",
  path: "/v2/card/series/{seriesId}",
  params: Schema.Struct({ seriesId: Card.CardSeriesIdFromString }),
  body: Card.CardSeriesUpdate,
  success: Card.CardSeries,
  errors: [seriesNotFound],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updateCardSeries")
})

/**
 * `GET /v2/card/series/{seriesId}`: one card series.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getSeries = Endpoint.make({
  id: "customers.getCardSeries",
  section: "Card",
  summary: "Get a card series",
  family: "v2",
  method: "GET",
  path: "/v2/card/series/{seriesId}",
  params: Schema.Struct({ seriesId: Card.CardSeriesIdFromString }),
  success: Card.CardSeries,
  errors: [seriesNotFound]
})

/**
 * `GET /v2/card/series/get/all`: every card series of the organisation.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const allSeries = Endpoint.make({
  id: "customers.allCardSeries",
  section: "Card",
  summary: "Get all card series",
  family: "v2",
  method: "GET",
  path: "/v2/card/series/get/all",
  success: Card.CardSeriesList
})

/**
 * `POST /v2/card/generate` ("Develop Cards"): generates cards in a series, numbered by its configuration, and
 * answers their numbers. Not safe to send twice: each call generates new cards.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const generate = Endpoint.make({
  id: "customers.generateCards",
  section: "Card",
  summary: "Generate cards in a series",
  family: "v2",
  method: "POST",
  path: "/v2/card/generate",
  body: Card.CardGenerate,
  success: Card.GeneratedCards,
  errors: [seriesNotFound, invalidStatus, Endpoint.codes(CardGenerationFailed, [701, 702, 703, 704, 705])],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible
})

/**
 * `GET /v2/card/generation/logs/{seriesId}` ("Get Card Generation Log"; the index prints the path as
 * `v2/card/card/generation/logs`, Capillary's page as below): the generation runs of a series.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const generationLogs = Endpoint.make({
  id: "customers.cardGenerationLogs",
  section: "Card",
  summary: "Get the card generation log of a series",
  family: "v2",
  method: "GET",
  path: "/v2/card/generation/logs/{seriesId}",
  params: Schema.Struct({ seriesId: Card.CardSeriesIdFromString }),
  success: Card.GenerationLogs,
  errors: [seriesNotFound]
})

/**
 * `POST /v2/card` ("Add Card (Single)"): adds a card number to a series; `entity` is the card's id. Sent again,
 * the number exists (3009).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const add = Endpoint.make({
  id: "customers.addCard",
  section: "Card",
  summary: "Add a card",
  family: "v2",
  method: "POST",
  path: "/v2/card",
  body: Card.CardAdd,
  success: Card.Created,
  errors: [seriesNotFound, cardExists, invalidStatus],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("customers.updateCard (a DELETED label)")
})

/**
 * `PUT /v2/card` ("Update Card Details (Single)"): changes a card's label (and so its status) or fields. The
 * same change sent twice answers warning 3039 (no change) the second time.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const update = Endpoint.make({
  id: "customers.updateCard",
  section: "Card",
  summary: "Update a card",
  family: "v2",
  method: "PUT",
  path: "/v2/card",
  body: Card.CardUpdate,
  success: Card.CardUpdated,
  errors: [cardNotFound, invalidStatus, Endpoint.codes(MaxActiveCardsExceeded, [3036])],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updateCard")
})

/**
 * `PUT /v2/card/bulk` ("Update Card Details (Bulk)"): up to 200 card changes; each item succeeds or fails on
 * its own.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updateBulk = Endpoint.make({
  id: "customers.updateCards",
  section: "Card",
  summary: "Update cards in bulk",
  family: "v2",
  method: "PUT",
  path: "/v2/card/bulk",
  body: Card.CardBulkUpdate,
  success: Card.CardBulkUpdated,
  errors: [Endpoint.codes(CardBatchTooLarge, [1060])],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updateCards")
})

/**
 * `GET /v2/card?number=`: a card's details, with its customer once issued.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const get = Endpoint.make({
  id: "customers.getCard",
  section: "Card",
  summary: "Get card details",
  family: "v2",
  method: "GET",
  path: "/v2/card",
  query: CardNumberQuery,
  success: Card.Card,
  errors: [cardNotFound]
})

/**
 * `GET /v2/card/statusLog?number=`: a card's status changes.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const statusLog = Endpoint.make({
  id: "customers.cardStatusLog",
  section: "Card",
  summary: "Get a card's status log",
  family: "v2",
  method: "GET",
  path: "/v2/card/statusLog",
  query: CardNumberQuery,
  success: Card.StatusLog,
  errors: [cardNotFound]
})

/**
 * `POST /v2/genericStatus/card/labels`: adds organisation labels to card statuses. A label already there is
 * left as it is, so sending the same labels twice changes nothing.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const addStatusLabels = Endpoint.make({
  id: "customers.addCardStatusLabels",
  section: "Card",
  summary: "Add card status labels",
  family: "v2",
  method: "POST",
  path: "/v2/genericStatus/card/labels",
  body: Card.LabelMappings,
  success: Card.LabelsAdded,
  errors: [invalidStatus],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible
})

/**
 * `GET /v2/genericStatus/card/labels`: the organisation's card status labels, the system ones included.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const statusLabels = Endpoint.make({
  id: "customers.cardStatusLabels",
  section: "Card",
  summary: "Get card status labels",
  family: "v2",
  method: "GET",
  path: "/v2/genericStatus/card/labels",
  success: Card.StatusLabels
})

/**
 * `POST /v2/organization/configs` with `CONF_MAX_CARDS_PER_ORG` ("Limit Active Cards per Customer"): sets how
 * many active cards a customer can hold.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const setMaxActiveCards = Endpoint.make({
  id: "customers.setMaxActiveCards",
  section: "Card",
  summary: "Limit active cards per customer",
  family: "v2",
  method: "POST",
  path: "/v2/organization/configs",
  body: Card.MaxCardsConfig,
  success: Card.MaxCardsSetting,
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.setMaxActiveCards")
})

/**
 * `GET /v2/organization/configs/CONF_MAX_CARDS_PER_ORG`: the limit of active cards per customer.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const maxActiveCards = Endpoint.make({
  id: "customers.maxActiveCards",
  section: "Card",
  summary: "Get the limit of active cards per customer",
  family: "v2",
  method: "GET",
  path: `/v2/organization/configs/${Card.maxCardsKey}`,
  success: Card.MaxCardsSetting
})

/**
 * Every card endpoint, for catalogs.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [
  createSeries,
  updateSeries,
  getSeries,
  allSeries,
  generate,
  generationLogs,
  add,
  update,
  updateBulk,
  get,
  statusLog,
  addStatusLabels,
  statusLabels,
  setMaxActiveCards,
  maxActiveCards
] as const
