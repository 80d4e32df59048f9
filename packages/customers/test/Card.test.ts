/** The card schemas: every documented response decodes, and requests are validated as Capillary validates them. */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Card } from "../src/index.ts"
import * as Examples from "./fixtures/cardExamples.ts"

const decodes = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, value: unknown) =>
  Schema.decodeUnknownExit(schema)(value)._tag === "Success"

describe("Card", () => {
  it("decodes every documented response", () => {
    assert.isTrue(decodes(Card.Created, Examples.seriesCreated))
    assert.isTrue(decodes(Card.CardSeries, Examples.seriesUpdated))
    assert.isTrue(decodes(Card.CardSeries, Examples.seriesDeactivated))
    assert.isTrue(decodes(Card.CardSeriesList, Examples.allSeries))
    assert.isTrue(decodes(Card.CardSeries, Examples.series))
    assert.isTrue(decodes(Card.GeneratedCards, Examples.generated))
    assert.isTrue(decodes(Card.GenerationLogs, Examples.generationLogs))
    assert.isTrue(decodes(Card.Created, Examples.cardAdded))
    assert.isTrue(decodes(Card.Card, Examples.card))
    assert.isTrue(decodes(Card.Card, Examples.issuedCard))
    assert.isTrue(decodes(Card.StatusLog, Examples.statusLog))
    assert.isTrue(decodes(Card.StatusLabels, Examples.labels))
    assert.isTrue(decodes(Card.MaxCardsSetting, Examples.maxCardsSet))
    assert.isTrue(decodes(Card.MaxCardsSetting, Examples.maxCards))
  })

  it("accepts the documented series requests and refuses what Capillary refuses", () => {
    const gold = {
      code: "PLAPHY3",
      name: "Gold Card",
      type: "PHYSICAL",
      expiryDays: 1000,
      cardExpiryEnabled: true,
      cardGenerationConfiguration: { prefix: "PLAT2", suffix: "2020", length: 16, method: "DEFAULT" },
      cardGenerationEnabled: true,
      isActive: true,
      trigger: "SERIES_ID",
      maxActiveCardsPerCustomer: 5
    }
    assert.isTrue(decodes(Card.CardSeriesCreate, gold))
    assert.isFalse(decodes(Card.CardSeriesCreate, { ...gold, code: "GOLD-1" }), "code is alphanumeric")
    assert.isFalse(decodes(Card.CardSeriesCreate, { ...gold, code: "X".repeat(51) }), "code is at most 50")
    assert.isFalse(decodes(Card.CardSeriesCreate, { ...gold, type: "PLASTIC" }))
    assert.isFalse(decodes(Card.CardSeriesCreate, { ...gold, expiryDays: -1 }))
    assert.isFalse(decodes(Card.CardSeriesUpdate, { name: "No type" }), "type is required on update")
    assert.isTrue(decodes(Card.CardSeriesUpdate, { type: "DIGITAL", isActive: false }))
  })

  it("validates cards, generation and bulk sizes", () => {
    assert.isTrue(
      decodes(Card.CardAdd, { seriesId: 15, cardNumber: "EXTERNALCARD99123450233", statusLabel: "CARD GENERATED" })
    )
    assert.isFalse(decodes(Card.CardAdd, { seriesId: 15, cardNumber: "has space", statusLabel: "ACTIVE" }))
    assert.isFalse(decodes(Card.CardAdd, { seriesId: 0, cardNumber: "C1", statusLabel: "ACTIVE" }))
    assert.isTrue(decodes(Card.CardGenerate, { seriesId: 10, count: 6, statusLabel: "NOT_ISSUED" }))
    assert.isFalse(decodes(Card.CardGenerate, { seriesId: 10, count: 0, statusLabel: "NOT_ISSUED" }))
    const change = { cardNumber: "C1", statusLabel: "ACTIVE" }
    assert.isTrue(decodes(Card.CardBulkUpdate, Array.from({ length: Card.maxBulkUpdate }, () => change)))
    assert.isFalse(decodes(Card.CardBulkUpdate, Array.from({ length: Card.maxBulkUpdate + 1 }, () => change)))
    assert.isFalse(decodes(Card.CardBulkUpdate, []))
    assert.isTrue(decodes(Card.MaxCardsConfig, { keyName: "CONF_MAX_CARDS_PER_ORG", value: "6", scope: "ORG" }))
    assert.isFalse(decodes(Card.MaxCardsConfig, { keyName: "CONF_MAX_CARDS_PER_ORG", value: "six", scope: "ORG" }))
  })
})
