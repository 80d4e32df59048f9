/**
 * Contract tests of the card endpoints: every operation of the `Cards` service runs through the SDK, over real
 * HTTP, against the emulator's behaviour on its database, with the error paths and the state afterwards.
 */
import { Card, CardErrors, Cards, type Customer, Customers } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { CardBehaviours, Emulator, Seed } from "../src/index.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const testLayer = Layer.mergeAll(Cards.layer, Customers.layer).pipe(
  Layer.provideMerge(Emulator.layerTest({
    client: { retry: fastRetries },
    catalog: Emulator.catalog(Emulator.defaultCatalog, CardBehaviours.catalog)
  }))
)

/** A series generating 16-character numbers GOLD…2026, or one without generation. */
const series = (code: string, options: Partial<Card.CardSeriesCreate> = {}): Card.CardSeriesCreate => ({
  code,
  name: `Series ${code}`,
  type: "PHYSICAL",
  expiryDays: 365,
  cardExpiryEnabled: true,
  cardGenerationEnabled: true,
  cardGenerationConfiguration: { prefix: "GOLD", suffix: "2026", length: 16, method: "DEFAULT" },
  isActive: true,
  trigger: "SERIES_ID",
  ...options
})

const seriesId = (id: number) => Card.CardSeriesId.make(id)

layer(testLayer, { excludeTestServices: true })("Cards against the emulator", (it) => {
  describe("series", () => {
    it.effect("create, read, list and update a series; a code is unique in the organisation", () =>
      Effect.gen(function*() {
        const cards = yield* Cards.Cards
        const { entity } = yield* cards.createSeries(series("SER1"))
        const read = yield* cards.getSeries(seriesId(entity))
        assert.strictEqual(read.code, "SER1")
        assert.strictEqual(read.type, "PHYSICAL")
        assert.strictEqual(read.cardGenerationConfiguration?.prefix, "GOLD")
        assert.isTrue(read.isActive)
        assert.isTrue((yield* cards.allSeries).data.some((s) => s.id === entity))

        const updated = yield* cards.updateSeries(seriesId(entity), {
          type: "DIGITAL",
          isActive: false,
          name: "Renamed"
        })
        assert.strictEqual(updated.type, "DIGITAL")
        assert.isFalse(updated.isActive)
        assert.strictEqual((yield* cards.getSeries(seriesId(entity))).name, "Renamed")

        const duplicate = yield* Effect.flip(cards.createSeries(series("SER1")))
        assert.strictEqual(duplicate._tag, "CapillaryError")
        assert.instanceOf(yield* Effect.flip(cards.getSeries(seriesId(999_999))), CardErrors.CardSeriesNotFound)
        assert.instanceOf(
          yield* Effect.flip(cards.updateSeries(seriesId(999_999), { type: "DIGITAL" })),
          CardErrors.CardSeriesNotFound
        )
      }))

    it.effect("another organisation sees none of the series", () =>
      Effect.gen(function*() {
        const cards = yield* Cards.Cards
        const { entity } = yield* cards.createSeries(series("PRIVATE1"))
        const other = yield* tillService(
          Cards.Cards,
          Cards.layer,
          Seed.demo.otherTill.username,
          Seed.demo.otherTill.password
        )
        assert.instanceOf(yield* Effect.flip(other.getSeries(seriesId(entity))), CardErrors.CardSeriesNotFound)
        assert.isFalse((yield* other.allSeries).data.some((s) => s.id === entity))
      }))
  })

  describe("generation", () => {
    it.effect("numbers follow the series format, run on, skip taken numbers, and are logged", () =>
      Effect.gen(function*() {
        const cards = yield* Cards.Cards
        const { entity } = yield* cards.createSeries(series("GEN1", {
          cardGenerationConfiguration: { prefix: "GN", suffix: "X", length: 8 }
        }))
        const id = seriesId(entity)
        yield* cards.add({ seriesId: id, cardNumber: "GN00002X", statusLabel: "NOT_ISSUED" })
        const first = yield* cards.generate({ seriesId: id, count: 3, statusLabel: "NOT_ISSUED" })
        assert.deepStrictEqual(first.entity, ["GN00001X", "GN00003X", "GN00004X"])
        const second = yield* cards.generate({ seriesId: id, count: 2, statusLabel: "NOT_ISSUED" })
        assert.deepStrictEqual(second.entity, ["GN00005X", "GN00006X"])
        const logs = yield* cards.generationLogs(id)
        assert.deepStrictEqual(logs.entity.map((log) => log.count), [3, 2])
        assert.isUndefined(logs.entity[0]!.fileHandle, "no file is kept, so none is named")
        assert.strictEqual((yield* cards.get("GN00004X")).statusInfo.status, "NOT_ISSUED")
      }))

    it.effect("a series that does not generate, an inactive one, and one out of numbers are refused", () =>
      Effect.gen(function*() {
        const cards = yield* Cards.Cards
        const manual = yield* cards.createSeries(series("MAN1", { cardGenerationEnabled: false }))
        const inactive = yield* cards.createSeries(series("OFF1", { isActive: false }))
        const tiny = yield* cards.createSeries(
          series("TINY1", { cardGenerationConfiguration: { prefix: "TT", length: 4 } })
        )
        const generate = (id: number, count: number) =>
          Effect.flip(cards.generate({ seriesId: seriesId(id), count, statusLabel: "NOT_ISSUED" }))
        assert.strictEqual(((yield* generate(manual.entity, 1)) as CardErrors.CardGenerationFailed).code, 701)
        assert.strictEqual(((yield* generate(inactive.entity, 1)) as CardErrors.CardGenerationFailed).code, 702)
        const full = yield* generate(tiny.entity, 101)
        assert.instanceOf(full, CardErrors.CardGenerationFailed)
        assert.strictEqual((full as CardErrors.CardGenerationFailed).code, 703)
        assert.instanceOf(
          yield* Effect.flip(cards.get("TT99")),
          CardErrors.CardNotFound,
          "nothing of the failed run stays"
        )
        assert.instanceOf(yield* generate(999_999, 1), CardErrors.CardSeriesNotFound)
        assert.instanceOf(
          yield* Effect.flip(cards.generate({ seriesId: seriesId(tiny.entity), count: 1, statusLabel: "NO SUCH" })),
          CardErrors.InvalidCardStatus
        )
      }))
  })

  describe("cards and labels", () => {
    it.effect("organisation labels map to system statuses; cards move through the lifecycle with a log", () =>
      Effect.gen(function*() {
        const cards = yield* Cards.Cards
        yield* cards.addStatusLabels([
          { status: "NOT_ISSUED", label: "CARD GENERATED" },
          { status: "ACTIVE", label: "CARD ISSUED" }
        ])
        yield* cards.addStatusLabels([{ status: "NOT_ISSUED", label: "CARD GENERATED" }])
        const labels = (yield* cards.statusLabels).data
        assert.includeMembers(labels.map((l) => l.label), [
          "NOT_ISSUED",
          "ACTIVE",
          "EXPIRED",
          "CARD GENERATED",
          "CARD ISSUED"
        ])
        assert.strictEqual(labels.filter((l) => l.label === "CARD GENERATED").length, 1, "added once")
        assert.strictEqual(labels.find((l) => l.label === "CARD ISSUED")!.status, "ACTIVE")
        assert.instanceOf(
          yield* Effect.flip(cards.addStatusLabels([{ status: "EXPIRED", label: "CARD ISSUED" }])),
          CardErrors.InvalidCardStatus,
          "a label belongs to one status"
        )

        const { entity } = yield* cards.createSeries(series("LIFE1", { cardGenerationEnabled: false }))
        const added = yield* cards.add({
          seriesId: seriesId(entity),
          cardNumber: "LIFE0001",
          cardExternalId: "EXT-LIFE-1",
          statusLabel: "CARD GENERATED",
          extendedFields: { colour: "gold" }
        })
        assert.instanceOf(
          yield* Effect.flip(cards.update({ cardNumber: "LIFE0001", statusLabel: "EXPIRED" })),
          CardErrors.InvalidCardStatus,
          "a card never issued cannot expire"
        )
        const same = yield* cards.update({ cardNumber: "LIFE0001", statusLabel: "CARD GENERATED" })
        assert.deepStrictEqual(same.warnings?.map((w) => w.code), [3039])
        yield* cards.update({
          cardNumber: "LIFE0001",
          statusLabel: "CARD ISSUED",
          statusInfo: { reason: "handed over" }
        })
        yield* cards.update({ cardNumber: "LIFE0001", statusLabel: "EXPIRED" })
        assert.instanceOf(
          yield* Effect.flip(cards.update({ cardNumber: "LIFE0001", statusLabel: "DELETED" })),
          CardErrors.InvalidCardStatus,
          "an expired card cannot be deleted"
        )

        const card = yield* cards.get("LIFE0001")
        assert.strictEqual(card.id, added.entity)
        assert.strictEqual(card.cardExternalId, "EXT-LIFE-1")
        assert.strictEqual(card.seriesCode, "LIFE1")
        assert.strictEqual(card.statusInfo.status, "EXPIRED")
        assert.deepStrictEqual(card.extendedFields, { colour: "gold" })
        assert.isDefined(card.issuedDate)
        const log = (yield* cards.statusLog("LIFE0001")).data
        assert.deepStrictEqual(log.map((entry) => entry.label), ["CARD GENERATED", "CARD ISSUED", "EXPIRED"])
        assert.deepStrictEqual(log.map((entry) => entry.isActive), [false, false, true])
        assert.strictEqual(log[1]!.reason, "handed over")

        assert.instanceOf(
          yield* Effect.flip(cards.add({ seriesId: seriesId(entity), cardNumber: "LIFE0001", statusLabel: "ACTIVE" })),
          CardErrors.CardAlreadyExists
        )
        const externalTaken = yield* Effect.flip(
          cards.add({
            seriesId: seriesId(entity),
            cardNumber: "LIFE0002",
            cardExternalId: "EXT-LIFE-1",
            statusLabel: "ACTIVE"
          })
        )
        assert.strictEqual((externalTaken as CardErrors.CardAlreadyExists).code, 3045)
        assert.instanceOf(
          yield* Effect.flip(cards.update({ cardNumber: "NOPE1", statusLabel: "ACTIVE" })),
          CardErrors.CardNotFound
        )
        assert.instanceOf(yield* Effect.flip(cards.statusLog("NOPE1")), CardErrors.CardNotFound)
      }))

    it.effect("a bulk update applies each change or fails it on its own", () =>
      Effect.gen(function*() {
        const cards = yield* Cards.Cards
        const { entity } = yield* cards.createSeries(
          series("BULK1", { cardGenerationConfiguration: { prefix: "BK", length: 6 } })
        )
        const numbers =
          (yield* cards.generate({ seriesId: seriesId(entity), count: 2, statusLabel: "NOT_ISSUED" })).entity
        const result = yield* cards.updateBulk([
          { cardNumber: numbers[0]!, statusLabel: "ACTIVE" },
          { cardNumber: "MISSING1", statusLabel: "ACTIVE" },
          { cardNumber: numbers[1]!, statusLabel: "DELETED" }
        ])
        assert.strictEqual(result.totalCount, 3)
        assert.strictEqual(result.failureCount, 2)
        assert.deepStrictEqual(result.response.map((item) => item.errors?.[0]?.code), [undefined, 3010, 3017])
        assert.strictEqual((yield* cards.get(numbers[0]!)).statusInfo.status, "ACTIVE")
        assert.strictEqual((yield* cards.get(numbers[1]!)).statusInfo.status, "NOT_ISSUED")
      }))
  })

  describe("issuing to customers", () => {
    it.effect("linking a card number issues the card: its label, its holder, the active-card limit", () =>
      Effect.gen(function*() {
        const cards = yield* Cards.Cards
        const customers = yield* Customers.Customers
        const { entity } = yield* cards.createSeries(series("ISSUE1", { cardGenerationEnabled: false }))
        const id = seriesId(entity)
        yield* cards.add({ seriesId: id, cardNumber: "ISS0001", statusLabel: "NOT_ISSUED" })
        yield* cards.add({ seriesId: id, cardNumber: "ISS0002", statusLabel: "NOT_ISSUED" })
        // registered with the first card: issued, active, held by the new customer
        const { createdId } = yield* customers.add({
          loyaltyInfo: { loyaltyType: "loyalty" },
          profiles: [{
            firstName: "Becky",
            lastName: "Thatcher",
            source: "INSTORE",
            identifiers: [
              { type: "mobile", value: "919100000777" },
              { type: "cardnumber", value: "ISS0001", seriesId: entity, statusLabel: "ACTIVE" }
            ]
          }]
        })
        const first = yield* cards.get("ISS0001")
        assert.strictEqual(first.customerId, createdId)
        assert.strictEqual(first.statusInfo.status, "ACTIVE")
        assert.isDefined(first.issuedDate)

        // one active card per customer: linking the second as active is refused, and nothing of it stays
        assert.strictEqual((yield* cards.setMaxActiveCards(1)).value, "1")
        assert.strictEqual((yield* cards.maxActiveCards).value, "1")
        const link = (value: string, extra: Partial<Customer.Identifier> = {}) =>
          customers.changeIdentifier(createdId, { add: [{ type: "cardnumber", value, ...extra }] }, {
            source: "INSTORE"
          })
        const refused = yield* Effect.flip(link("ISS0002", { seriesId: entity, statusLabel: "ACTIVE" }))
        assert.instanceOf(refused, CardErrors.MaxActiveCardsExceeded)
        const second = yield* cards.get("ISS0002")
        assert.strictEqual(second.statusInfo.status, "NOT_ISSUED")
        assert.isUndefined(second.customerId, "the identifier change was rolled back with the card")

        // once the first is suspended, the second can be linked active
        yield* cards.update({ cardNumber: "ISS0001", statusLabel: "SUSPENDED" })
        yield* link("ISS0002", { seriesId: entity, statusLabel: "ACTIVE" })
        assert.deepStrictEqual(
          [(yield* cards.get("ISS0002")).statusInfo.status, (yield* cards.get("ISS0002")).customerId],
          ["ACTIVE", createdId]
        )
        yield* cards.setMaxActiveCards(0)

        // an external card: a number the store does not know, named with its series, becomes a card of it
        yield* link("EXT-CARD-1", { seriesId: entity, statusLabel: "ACTIVE" })
        const external = yield* cards.get("EXT-CARD-1")
        assert.deepStrictEqual([external.seriesId, external.customerId], [entity, createdId])
        // an unknown series or label is refused
        assert.instanceOf(
          yield* Effect.flip(link("EXT-CARD-2", { seriesId: 999_999, statusLabel: "ACTIVE" })),
          CardErrors.CardSeriesNotFound
        )
        assert.instanceOf(
          yield* Effect.flip(link("EXT-CARD-3", { seriesId: entity, statusLabel: "NO SUCH LABEL" })),
          CardErrors.InvalidCardStatus
        )
        assert.instanceOf(yield* Effect.flip(cards.get("EXT-CARD-3")), CardErrors.CardNotFound)
        // a number without a series stays an identifier only
        yield* link("PLAIN-NUMBER-1")
        assert.instanceOf(yield* Effect.flip(cards.get("PLAIN-NUMBER-1")), CardErrors.CardNotFound)
      }))

    it.effect("a card already active counts against its new holder's limit when it is linked", () =>
      Effect.gen(function*() {
        const cards = yield* Cards.Cards
        const customers = yield* Customers.Customers
        const { entity } = yield* cards.createSeries(series("ISSUE2", { cardGenerationEnabled: false }))
        yield* cards.add({ seriesId: seriesId(entity), cardNumber: "ACT0001", statusLabel: "NOT_ISSUED" })
        // added already active, held by nobody
        yield* cards.add({ seriesId: seriesId(entity), cardNumber: "ACT0002", statusLabel: "ACTIVE" })
        const { createdId } = yield* customers.add({
          loyaltyInfo: { loyaltyType: "loyalty" },
          profiles: [{
            firstName: "Ben",
            lastName: "Rogers",
            source: "INSTORE",
            identifiers: [
              { type: "mobile", value: "919100000778" },
              { type: "cardnumber", value: "ACT0001", seriesId: entity, statusLabel: "ACTIVE" }
            ]
          }]
        })
        yield* cards.setMaxActiveCards(1)
        const link = (value: string) =>
          customers.changeIdentifier(createdId, { add: [{ type: "cardnumber", value, statusLabel: "ACTIVE" }] }, {
            source: "INSTORE"
          })
        // one active card already: the card added active is refused, and stays active and unheld
        assert.instanceOf(yield* Effect.flip(link("ACT0002")), CardErrors.MaxActiveCardsExceeded)
        const unheld = yield* cards.get("ACT0002")
        assert.deepStrictEqual([unheld.statusInfo.status, unheld.customerId], ["ACTIVE", undefined])
        // with room for it, it is linked and stays active
        yield* cards.setMaxActiveCards(2)
        yield* link("ACT0002")
        const held = yield* cards.get("ACT0002")
        assert.deepStrictEqual([held.statusInfo.status, held.customerId], ["ACTIVE", createdId])
        yield* cards.setMaxActiveCards(0)
      }))
  })

  describe("malformed requests", () => {
    it.effect("get Capillary-style 4xx envelopes and change nothing", () =>
      Effect.gen(function*() {
        const tooMany = yield* raw("/v2/card/bulk", {
          method: "PUT",
          body: Array.from({ length: 201 }, (_, i) => ({ cardNumber: `C${i}`, statusLabel: "ACTIVE" }))
        })
        assert.strictEqual(tooMany.status, 400)
        assert.strictEqual(tooMany.body.errors[0].code, 1060)
        const badSeries = yield* raw("/v2/card/series", {
          method: "POST",
          body: { code: "bad code!", type: "PHYSICAL" }
        })
        assert.strictEqual(badSeries.status, 400)
        assert.isArray(badSeries.body.errors)
        const noNumber = yield* raw("/v2/card")
        assert.strictEqual(noNumber.status, 400)
        const badPath = yield* raw("/v2/card/series/not-a-number")
        assert.strictEqual(badPath.status, 400)
        const before = (yield* (yield* Cards.Cards).allSeries).data.length
        yield* raw("/v2/card/series", {
          method: "POST",
          body: { code: "OK1", name: "x", type: "PHYSICAL", expiryDays: "soon" }
        })
        assert.strictEqual((yield* (yield* Cards.Cards).allSeries).data.length, before)
      }))
  })
})
