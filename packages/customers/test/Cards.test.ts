/**
 * The cards service against a scripted server over a real socket: the route of each operation, the named errors,
 * what is refused before sending, and how an ambiguous add is reconciled by reading the card back.
 */
import { CapillaryError } from "@capillary-effect/core"
import { ScriptedCapillary } from "@capillary-effect/testing"
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { Card, CardErrors, Cards } from "../src/index.ts"
import { failure, serve } from "./fixtures/capillary.ts"
import * as Examples from "./fixtures/cardExamples.ts"

const cardsAt = (url: string) =>
  Effect.map(
    Layer.build(Cards.layer.pipe(Layer.provide(ScriptedCapillary.clientLayer(url)))),
    (context) => Context.get(context, Cards.Cards)
  )

const seriesId = Card.CardSeriesId.make(19)

describe("Cards", () => {
  it.live("sends each operation to its documented route", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) => {
        const route = `${request.method} ${request.path}`
        switch (route) {
          case "POST /v2/card/series":
          case "POST /v2/card":
            return { json: Examples.seriesCreated }
          case "PUT /v2/card/series/19":
            return { json: Examples.seriesUpdated }
          case "GET /v2/card/series/19":
            return { json: Examples.series }
          case "GET /v2/card/series/get/all":
            return { json: Examples.allSeries }
          case "POST /v2/card/generate":
            return { json: Examples.generated }
          case "GET /v2/card/generation/logs/19":
            return { json: Examples.generationLogs }
          case "PUT /v2/card":
            return { json: { entity: 7, warnings: [] } }
          case "PUT /v2/card/bulk":
            return { json: { response: [{ entityId: "C1", result: 7 }], totalCount: 1, failureCount: 0 } }
          case "GET /v2/card":
            return { json: Examples.card }
          case "GET /v2/card/statusLog":
            return { json: Examples.statusLog }
          case "POST /v2/genericStatus/card/labels":
            return { json: { warnings: [] } }
          case "GET /v2/genericStatus/card/labels":
            return { json: Examples.labels }
          case "POST /v2/organization/configs":
            return { json: Examples.maxCardsSet }
          case "GET /v2/organization/configs/CONF_MAX_CARDS_PER_ORG":
            return { json: Examples.maxCards }
          default:
            return failure(404, `unexpected ${route}`, 404)
        }
      })
      const cards = yield* cardsAt(server.url)
      const created = yield* cards.createSeries({ code: "GOLD", name: "Gold", type: "DIGITAL", expiryDays: 365 })
      assert.strictEqual(created.entity, 19)
      assert.strictEqual((yield* cards.updateSeries(seriesId, { type: "DIGITAL", isActive: false })).id, 19)
      assert.strictEqual((yield* cards.getSeries(seriesId)).code, "VAL3")
      assert.lengthOf((yield* cards.allSeries).data, 2)
      assert.lengthOf((yield* cards.generate({ seriesId, count: 6, statusLabel: "NOT_ISSUED" })).entity, 6)
      assert.strictEqual((yield* cards.generationLogs(seriesId)).entity[0]!.count, 56)
      yield* cards.add({ seriesId, cardNumber: "C1", statusLabel: "NOT_ISSUED" })
      assert.strictEqual((yield* cards.update({ cardNumber: "C1", statusLabel: "ACTIVE" })).entity, 7)
      assert.strictEqual((yield* cards.updateBulk([{ cardNumber: "C1", statusLabel: "ACTIVE" }])).failureCount, 0)
      assert.strictEqual((yield* cards.get("test123112121")).statusInfo.status, "NOT_ISSUED")
      assert.lengthOf((yield* cards.statusLog("GOLD1")).data, 2)
      yield* cards.addStatusLabels([{ status: "NOT_ISSUED", label: "CARD GENERATED" }])
      assert.lengthOf((yield* cards.statusLabels).data, 2)
      assert.strictEqual((yield* cards.setMaxActiveCards(6)).value, "6")
      assert.strictEqual((yield* cards.maxActiveCards).value, "6")

      const sent = server.sent
      assert.deepStrictEqual(sent.find((r) => r.path === "/v2/organization/configs")!.body, {
        keyName: "CONF_MAX_CARDS_PER_ORG",
        value: "6",
        scope: "ORG"
      })
      assert.strictEqual(sent.find((r) => r.path === "/v2/card/statusLog")!.query.number, "GOLD1")
    }))

  it.live("fails with the named error of each documented code", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.path === "/v2/card/series/19"
          ? failure(3004, "Card series does not exist")
          : request.method === "POST"
          ? failure(3009, "Card number already exists")
          : request.path === "/v2/card/bulk"
          ? failure(1060, "Too many cards")
          : request.method === "PUT"
          ? failure(3017, "Card status label is invalid")
          : failure(3010, "Card number does not exist")
      )
      const cards = yield* cardsAt(server.url)
      assert.instanceOf(yield* Effect.flip(cards.getSeries(seriesId)), CardErrors.CardSeriesNotFound)
      assert.instanceOf(
        yield* Effect.flip(cards.add({ seriesId, cardNumber: "C1", statusLabel: "ACTIVE" })),
        CardErrors.CardAlreadyExists
      )
      assert.instanceOf(
        yield* Effect.flip(cards.update({ cardNumber: "C1", statusLabel: "NOPE" })),
        CardErrors.InvalidCardStatus
      )
      assert.instanceOf(yield* Effect.flip(cards.get("C404")), CardErrors.CardNotFound)
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: Examples.cardAdded }))
      const cards = yield* cardsAt(server.url)
      const error = yield* Effect.flip(cards.add({ seriesId, cardNumber: "no spaces allowed", statusLabel: "ACTIVE" }))
      assert.instanceOf(error, CapillaryError.CapillaryError)
      const tooMany = Array.from({ length: Card.maxBulkUpdate + 1 }, () => ({ cardNumber: "C1" }))
      assert.instanceOf(yield* Effect.flip(cards.updateBulk(tooMany)), CapillaryError.CapillaryError)
      assert.lengthOf(server.sent, 0)
    }))

  it.live("an add whose outcome is unknown is settled by reading the card back", () =>
    Effect.gen(function*() {
      let adds = 0
      const server = yield* serve((request) => {
        if (request.method === "POST") {
          adds += 1
          return "reset"
        }
        return { json: { ...Examples.card, id: 72453, seriesId: 19 } }
      })
      const cards = yield* cardsAt(server.url)
      const added = yield* cards.add({ seriesId, cardNumber: "test123112121", statusLabel: "NOT_ISSUED" })
      assert.strictEqual(added.entity, 72453)
      assert.strictEqual(adds, 1, "not sent again once the read-back found it")
    }))
})
