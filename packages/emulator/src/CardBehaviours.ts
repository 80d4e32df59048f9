/**
 * What the emulator does for the card endpoints of `@capillary-effect/customers`. Series belong to an
 * organisation (their code is unique in it) and number generated cards with their prefix, a zero-padded running
 * number and their suffix. Every organisation has the six system statuses as labels and may add its own
 * (`POST /v2/genericStatus/card/labels`); a card is always under one label, and each change is logged. The
 * lifecycle refuses what Capillary refuses (3017): a card never issued cannot expire or be deleted, an expired
 * one cannot be deleted; the same label again is warning 3039. A card is issued by linking its number to a
 * customer (identifier `cardnumber`, at registration or by `changeIdentifier`): the card moves to the link's label
 * (ACTIVE unless it names one), and a number the store does not know, named with its series, becomes an external
 * card of that series. An issued card becoming ACTIVE counts against the series' and the organisation's limit of
 * active cards per customer (3036). Generation failures use the documented range
 * 701–705: 701 generation disabled, 702 inactive series, 703 no numbers left. A generation run keeps no file, so
 * its log has no `fileHandle`. Requires the customers tables (`CustomerBehaviours.migrations`).
 *
 * @since 0.2.0
 */
import { Card, CardsApi } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, Rejection } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import { EmulatorClock } from "./EmulatorClock.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/cards.ts"

/**
 * The cards tables (series, labels, cards, status log, generation log, the organisation's card settings), with
 * the customers tables they read card holders from.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  "0160_cards": Store.createTables
}

/** More than 200 changes in one bulk update: 1060. */
const rejectBulk = (input: RawInput) =>
  Array.isArray(input.body) && input.body.length > Card.maxBulkUpdate
    ? new Rejection({ status: 400, code: 1060, message: `At most ${Card.maxBulkUpdate} cards per request` })
    : undefined

/**
 * `customers.createCardSeries`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const createSeries = handle(CardsApi.createSeries, (input, context) =>
  Store.createSeries({
    orgId: context.principal.orgId,
    request: input.body,
    by: context.principal.tillId,
    now: context.now
  }).pipe(Effect.map((entity) => ({ entity, warnings: [] })), Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.updateCardSeries`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updateSeries = handle(CardsApi.updateSeries, (input, context) =>
  Store.updateSeries({
    orgId: context.principal.orgId,
    id: input.path.seriesId,
    request: input.body,
    by: context.principal.tillId,
    now: context.now
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.getCardSeries`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getSeries = handle(
  CardsApi.getSeries,
  (input, context) =>
    Store.getSeries(context.principal.orgId, input.path.seriesId).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `customers.allCardSeries`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const allSeries = handle(
  CardsApi.allSeries,
  (_input, context) =>
    Store.allSeries(context.principal.orgId).pipe(
      Effect.map((data) => ({ data, warnings: [], errors: [] })),
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * `customers.generateCards`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const generate = handle(CardsApi.generate, (input, context) =>
  Store.generate({
    orgId: context.principal.orgId,
    request: input.body,
    by: context.principal.tillId,
    now: context.now
  }).pipe(Effect.map((entity) => ({ entity, warnings: [] })), Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.cardGenerationLogs`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const generationLogs = handle(
  CardsApi.generationLogs,
  (input, context) =>
    Store.generationLogs(context.principal.orgId, input.path.seriesId).pipe(
      Effect.map((entity) => ({ entity, warnings: [] })),
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * `customers.addCard`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const add = handle(CardsApi.add, (input, context) =>
  Store.addCard({
    orgId: context.principal.orgId,
    request: input.body,
    by: context.principal.tillId,
    now: context.now
  }).pipe(Effect.map((entity) => ({ entity, warnings: [] })), Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.updateCard`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const update = handle(CardsApi.update, (input, context) =>
  Store.updateCard({
    orgId: context.principal.orgId,
    request: input.body,
    by: context.principal.tillId,
    now: context.now
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.updateCards`: each change applies or fails on its own (a failed one writes nothing).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updateBulk = handle(
  CardsApi.updateBulk,
  (input, context) =>
    Effect.gen(function*() {
      const response = yield* Effect.forEach(input.body, (request) =>
        Store.updateCard({ orgId: context.principal.orgId, request, by: context.principal.tillId, now: context.now })
          .pipe(
            Effect.map((updated) => ({
              entityId: request.cardNumber,
              result: updated.entity,
              errors: [],
              warnings: updated.warnings
            })),
            Effect.catchTag("Rejection", (rejection) =>
              Effect.succeed({
                entityId: request.cardNumber,
                errors: [{ status: false, code: rejection.code, message: rejection.message }],
                warnings: []
              }))
          ))
      return {
        response,
        totalCount: response.length,
        failureCount: response.filter((item) =>
          item.errors.length > 0
        ).length,
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectBulk }
)

/**
 * `customers.getCard`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const get = handle(
  CardsApi.get,
  (input, context) =>
    Store.getCard(context.principal.orgId, input.query.number).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `customers.cardStatusLog`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const statusLog = handle(
  CardsApi.statusLog,
  (input, context) =>
    Store.statusLog(context.principal.orgId, input.query.number).pipe(
      Effect.map((data) => ({ data, warnings: [], errors: [] })),
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * `customers.addCardStatusLabels`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const addStatusLabels = handle(
  CardsApi.addStatusLabels,
  (input, context) =>
    Store.addLabels(context.principal.orgId, input.body, context.now).pipe(
      Effect.as({ warnings: [], errors: [] }),
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * `customers.cardStatusLabels`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const statusLabels = handle(
  CardsApi.statusLabels,
  (_input, context) =>
    Store.labels(context.principal.orgId, context.now).pipe(
      Effect.map((data) => ({ data, warnings: [], errors: [] })),
      Effect.catchTag("SqlError", Effect.die)
    )
)

const maxCardsSetting = (orgId: number, value: number): typeof Card.MaxCardsSetting.Type => ({
  entityId: orgId,
  keyName: Card.maxCardsKey,
  value: String(value),
  scope: "ORG",
  warnings: []
})

/**
 * `customers.setMaxActiveCards`.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const setMaxActiveCards = handle(
  CardsApi.setMaxActiveCards,
  (input, context) =>
    Store.setMaxActiveCards(context.principal.orgId, Number(input.body.value)).pipe(
      Effect.as(maxCardsSetting(context.principal.orgId, Number(input.body.value))),
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * `customers.maxActiveCards`: 0 until the organisation sets a limit.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const maxActiveCards = handle(
  CardsApi.maxActiveCards,
  (_input, context) =>
    Store.maxActiveCards(context.principal.orgId).pipe(
      Effect.map((limit) => maxCardsSetting(context.principal.orgId, limit)),
      Effect.catchTag("SqlError", Effect.die)
    )
)

/**
 * The card series of the demo seed, in org `demo` (id 100): series 19 (the id of Capillary's examples), "Demo Gold
 * Card", digital, numbered `GOLD` + 8 digits + `26` when generating, cards valid 365 days.
 *
 * @since 0.2.0
 * @category seeding
 */
export const demoSeries = {
  orgId: 100,
  id: 19,
  request: {
    code: "DEMOGOLD",
    name: "Demo Gold Card",
    type: "DIGITAL",
    expiryDays: 365,
    cardExpiryEnabled: true,
    cardGenerationEnabled: true,
    cardGenerationConfiguration: { prefix: "GOLD", suffix: "26", length: 14, method: "DEFAULT" },
    isActive: true,
    trigger: "SERIES_ID"
  }
} as const satisfies { readonly orgId: number; readonly id: number; readonly request: Card.CardSeriesCreate }

/**
 * Writes the demo card series, created by the demo organisation's first till at emulator time. Does nothing when
 * cards are not modelled or the series is already there; the demo organisation must exist.
 *
 * @since 0.2.0
 * @category seeding
 */
export const seedDemo: Effect.Effect<void, never, SqlClient.SqlClient | EmulatorClock> = Effect.gen(function*() {
  if (!(yield* Store.modelled)) return
  const sql = yield* SqlClient.SqlClient
  const [existing] = yield* sql<{ id: number }>`SELECT id FROM card_series WHERE id = ${demoSeries.id}`
  if (existing !== undefined) return
  const [till] = yield* sql<{ id: number }>`SELECT id FROM tills WHERE org_id = ${demoSeries.orgId} ORDER BY id LIMIT 1`
  const now = yield* EmulatorClock.use((clock) => clock.now)
  yield* Store.createSeries({
    orgId: demoSeries.orgId,
    request: demoSeries.request,
    by: till?.id ?? 0,
    now,
    id: demoSeries.id
  })
}).pipe(Effect.orDie)

/**
 * The card endpoints, their behaviours and their migrations, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: CardsApi.endpoints,
  behaviours: [
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
  ],
  migrations
}
