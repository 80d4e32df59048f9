/**
 * The cards service: card series, card generation, single and bulk cards, a card's details and status log, the
 * organisation's card status labels and its limit of active cards per customer, each failing with the domain
 * errors its endpoint declares. Adding a card is not safe to send twice, so when its outcome is unknown the
 * service reads the card back by number: a card of the same series means the add happened.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError, type Endpoint } from "@capillary-effect/core"
import { Context, Effect, Layer, Option } from "effect"
import type * as Card from "./Card.ts"
import * as CardsApi from "./CardsApi.ts"

/**
 * How a call of an endpoint can fail: transport and protocol failures, and the endpoint's domain errors.
 *
 * @since 0.2.0
 * @category errors
 */
export type ErrorOf<Ep> = CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>

/**
 * The operations of the cards service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  readonly createSeries: (
    series: Card.CardSeriesCreate
  ) => Effect.Effect<typeof Card.Created.Type, ErrorOf<typeof CardsApi.createSeries>>
  readonly updateSeries: (
    seriesId: Card.CardSeriesId,
    change: Card.CardSeriesUpdate
  ) => Effect.Effect<Card.CardSeries, ErrorOf<typeof CardsApi.updateSeries>>
  readonly getSeries: (
    seriesId: Card.CardSeriesId
  ) => Effect.Effect<Card.CardSeries, ErrorOf<typeof CardsApi.getSeries>>
  readonly allSeries: Effect.Effect<typeof Card.CardSeriesList.Type, ErrorOf<typeof CardsApi.allSeries>>
  /** Generates `count` cards in a series, all under one label; answers their numbers. */
  readonly generate: (
    request: typeof Card.CardGenerate.Type
  ) => Effect.Effect<typeof Card.GeneratedCards.Type, ErrorOf<typeof CardsApi.generate>>
  readonly generationLogs: (
    seriesId: Card.CardSeriesId
  ) => Effect.Effect<typeof Card.GenerationLogs.Type, ErrorOf<typeof CardsApi.generationLogs>>
  /** Adds a card; an unknown outcome is resolved by reading the card back. */
  readonly add: (card: Card.CardAdd) => Effect.Effect<typeof Card.Created.Type, ErrorOf<typeof CardsApi.add>>
  readonly update: (
    change: Card.CardUpdate
  ) => Effect.Effect<typeof Card.CardUpdated.Type, ErrorOf<typeof CardsApi.update>>
  readonly updateBulk: (
    changes: ReadonlyArray<Card.CardUpdate>
  ) => Effect.Effect<typeof Card.CardBulkUpdated.Type, ErrorOf<typeof CardsApi.updateBulk>>
  readonly get: (number: string) => Effect.Effect<Card.Card, ErrorOf<typeof CardsApi.get>>
  readonly statusLog: (number: string) => Effect.Effect<typeof Card.StatusLog.Type, ErrorOf<typeof CardsApi.statusLog>>
  readonly addStatusLabels: (
    labels: ReadonlyArray<typeof Card.LabelMapping.Type>
  ) => Effect.Effect<typeof Card.LabelsAdded.Type, ErrorOf<typeof CardsApi.addStatusLabels>>
  readonly statusLabels: Effect.Effect<typeof Card.StatusLabels.Type, ErrorOf<typeof CardsApi.statusLabels>>
  /** Sets how many active cards a customer can hold. */
  readonly setMaxActiveCards: (
    limit: number
  ) => Effect.Effect<typeof Card.MaxCardsSetting.Type, ErrorOf<typeof CardsApi.setMaxActiveCards>>
  readonly maxActiveCards: Effect.Effect<typeof Card.MaxCardsSetting.Type, ErrorOf<typeof CardsApi.maxActiveCards>>
}

/**
 * The cards service.
 *
 * @since 0.2.0
 * @category services
 */
export class Cards extends Context.Service<Cards, Service>()("@capillary-effect/customers/Cards") {}

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  // A card with the number in the same series means the add was applied.
  const findAdded = (card: Card.CardAdd) =>
    client.execute(CardsApi.get, { query: { number: card.cardNumber } }).pipe(
      Effect.map((found) => {
        const id = found.id ?? found.cardId
        return found.seriesId === card.seriesId && id !== undefined
          ? Option.some({ entity: id, warnings: [] })
          : Option.none()
      }),
      Effect.catchTag("CardNotFound", () => Effect.succeedNone)
    )

  return Cards.of({
    createSeries: Effect.fn("Cards.createSeries")(function*(series) {
      return yield* client.execute(CardsApi.createSeries, { body: series })
    }),
    updateSeries: Effect.fn("Cards.updateSeries")(function*(seriesId, change) {
      return yield* client.execute(CardsApi.updateSeries, { path: { seriesId }, body: change })
    }),
    getSeries: Effect.fn("Cards.getSeries")(function*(seriesId) {
      return yield* client.execute(CardsApi.getSeries, { path: { seriesId } })
    }),
    allSeries: client.execute(CardsApi.allSeries, {}).pipe(Effect.withSpan("Cards.allSeries")),
    generate: Effect.fn("Cards.generate")(function*(request) {
      return yield* client.execute(CardsApi.generate, { body: request })
    }),
    generationLogs: Effect.fn("Cards.generationLogs")(function*(seriesId) {
      return yield* client.execute(CardsApi.generationLogs, { path: { seriesId } })
    }),
    add: Effect.fn("Cards.add")(function*(card) {
      return yield* client.execute(CardsApi.add, { body: card }, { reconcile: Effect.suspend(() => findAdded(card)) })
    }),
    update: Effect.fn("Cards.update")(function*(change) {
      return yield* client.execute(CardsApi.update, { body: change })
    }),
    updateBulk: Effect.fn("Cards.updateBulk")(function*(changes) {
      return yield* client.execute(CardsApi.updateBulk, { body: changes })
    }),
    get: Effect.fn("Cards.get")(function*(number) {
      return yield* client.execute(CardsApi.get, { query: { number } })
    }),
    statusLog: Effect.fn("Cards.statusLog")(function*(number) {
      return yield* client.execute(CardsApi.statusLog, { query: { number } })
    }),
    addStatusLabels: Effect.fn("Cards.addStatusLabels")(function*(labels) {
      return yield* client.execute(CardsApi.addStatusLabels, { body: labels })
    }),
    statusLabels: client.execute(CardsApi.statusLabels, {}).pipe(Effect.withSpan("Cards.statusLabels")),
    setMaxActiveCards: Effect.fn("Cards.setMaxActiveCards")(function*(limit) {
      return yield* client.execute(CardsApi.setMaxActiveCards, {
        body: { keyName: "CONF_MAX_CARDS_PER_ORG", value: String(limit), scope: "ORG" }
      })
    }),
    maxActiveCards: client.execute(CardsApi.maxActiveCards, {}).pipe(Effect.withSpan("Cards.maxActiveCards"))
  })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Cards, never, CapillaryClient.CapillaryClient> = Layer.effect(Cards, make)
