/**
 * The loyalty schemas against Capillary's documented examples (each decodes, and encodes back to the same JSON
 * values), and the queries' validation: what a request may carry, and what is refused before sending.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Loyalty } from "../src/index.ts"
import * as Examples from "./fixtures/loyaltyExamples.ts"

/** Decodes the example's JSON with the schema, and checks that encoding gives back the same values. */
const roundTrip = <S extends Schema.Codec<any, any, never, never>>(schema: S, json: string): S["Type"] => {
  const raw = JSON.parse(json)
  const decoded = Schema.decodeUnknownSync(schema)(raw)
  assert.deepStrictEqual(Schema.encodeSync(schema)(decoded), raw)
  return decoded
}

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, value: unknown) =>
  Schema.decodeUnknownExit(schema)(value)._tag === "Success"

describe("Loyalty", () => {
  describe("documented examples decode and encode back", () => {
    it("loyalty details, with linked partner programs", () => {
      const details = roundTrip(Loyalty.LoyaltyDetails, Examples.loyaltyDetails)
      const [program] = details.data
      assert.deepStrictEqual(
        [program?.programId, program?.loyaltyPoints, program?.currentSlab, program?.nextSlabSerialNumber],
        [622, 1009.89, "SILVER", 2]
      )
      assert.deepStrictEqual(program?.linkedPartnerPrograms?.map((partner) => partner.tierBased), [true, false])
      const detail = roundTrip(Loyalty.ProgramDetail, Examples.programDetail)
      assert.deepStrictEqual([detail.delayedReturnedPoints, detail.linkedPartnerPrograms], [250, []])
    })

    it("the embeds of a customer read: points summary at the top tier, and the program details of mlp", () => {
      const summary = roundTrip(Loyalty.PointsSummary, Examples.pointsSummary)
      assert.deepStrictEqual([summary.nextSlab, summary.nextSlabSerialNumber, summary.slabSNo], ["", -1, 3])
      const programs = roundTrip(Schema.Array(Loyalty.ProgramDetail), Examples.loyaltyProgramDetails)
      assert.deepStrictEqual(programs.map((program) => [program.programId, program.slabSNo]), [[1219, 2], [1223, 1]])
      const embeds = roundTrip(
        Loyalty.Embeds,
        JSON.stringify({
          pointsSummary: JSON.parse(Examples.pointsSummary),
          loyaltyProgramDetails: JSON.parse(Examples.loyaltyProgramDetails),
          expirySchedules: [JSON.parse(Examples.expiryScheduleItem)],
          expiredPoints: [{ points: 10, expiryDate: "2024-04-01", programId: 973 }],
          groupLoyaltyProgramDetails: [{
            groupProgramId: 7,
            title: "Group",
            programsList: [{ id: 973, name: "Default" }],
            lifetimePoints: 10,
            loyaltyPoints: 5
          }]
        })
      )
      assert.strictEqual(embeds.loyaltyProgramDetails?.length, 2)
    })

    it("the light points balance and tier details", () => {
      const balance = roundTrip(Loyalty.PointsBalance, Examples.pointsBalance)
      assert.deepStrictEqual([balance.entityId, balance.totalPoints, balance.promisedPoints], [565039505, 8500, 0])
      const tiers = roundTrip(Loyalty.TierDetails, Examples.tierDetails)
      assert.deepStrictEqual(tiers.programTiers[0], {
        programId: 973,
        currentTierName: "Diamond",
        currentTierSerialNumber: 8,
        tierExpiryDate: "2125-03-26 23:59:59",
        tierExpiryDateISO: "2125-03-26T23:59:59Z",
        nextTierName: "",
        nextTierSerialNumber: -1
      })
      const tier = roundTrip(Loyalty.ProgramTier, Examples.programTier)
      assert.deepStrictEqual([tier.currentTierName, tier.nextTierSerialNumber], ["C", -1])
    })

    it("the expiry and promised points schedules", () => {
      const expiry = roundTrip(Loyalty.ExpiryScheduleResponse, Examples.expirySchedule)
      assert.deepStrictEqual(expiry.expirySchedules.map((row) => [row.points, row.expiryDate, row.expiryType]), [
        [5140, "2125-05-05", "fixed"]
      ])
      const item = roundTrip(Loyalty.ExpirySchedule, Examples.expiryScheduleItem)
      assert.deepStrictEqual([item.pointsType, item.programId], ["bill_regular", 1009])
      const promised = roundTrip(Loyalty.PromisedSchedule, Examples.promisedSchedule)
      assert.deepStrictEqual(promised.promisedPointsScheduleList[0]?.redeemableFrom, "2022-04-10")
      assert.deepStrictEqual(promised.triggerBasedPointsList, [])
      assert.strictEqual(roundTrip(Loyalty.PromisedPoints, Examples.promisedItem).points, 390)
    })

    it("loyalty events, points transfers and trackers", () => {
      const event = roundTrip(Loyalty.LoyaltyEvent, Examples.loyaltyEvent)
      assert.deepStrictEqual([event.eventName, event.uniqueId], ["CustomerRegistration", "eQmzQLEfVb"])
      roundTrip(Loyalty.LoyaltyEvents, JSON.stringify({ data: [JSON.parse(Examples.loyaltyEvent)] }))
      const transfers = roundTrip(Loyalty.PointsTransfers, Examples.pointsTransfers)
      assert.deepStrictEqual(transfers.data.map((row) => [row.transferType, row.pointsTransferred]), [
        ["DEDUCTION", 15],
        ["ADDITION", 5]
      ])
      const trackers = roundTrip(Loyalty.Trackers, Examples.trackers)
      assert.deepStrictEqual(trackers.data.map((row) => row.type), ["BILL_TOTAL_QTY", "BILL_AMOUNT", "LINEITEM_AMOUNT"])
    })

    it("refuses bodies that are not what the examples say", () => {
      const detail = JSON.parse(Examples.programDetail)
      assert.isFalse(accepts(Loyalty.ProgramDetail, { ...detail, nextSlabSerialNumber: "2" }))
      assert.isFalse(accepts(Loyalty.TierDetails, { entityId: 1, entityType: "CUSTOMER" }))
      const transfer = JSON.parse(Examples.pointsTransfers).data[0]
      assert.isFalse(accepts(Loyalty.PointsTransfer, { ...transfer, transferType: "MOVE" }))
    })
  })

  describe("queries", () => {
    const lookup = { source: "INSTORE", identifierName: "mobile", identifierValue: "919000000001" }

    it("program ids, booleans and dates come from query strings", () => {
      const query = Schema.decodeUnknownSync(Loyalty.ExpiryScheduleLookupQuery)({
        ...lookup,
        programId: "973",
        fetchDataForAllPrograms: "true",
        fetchEarliestExpiryOnly: "false",
        startDate: "2025-01-01",
        endDate: "2025-12-31"
      })
      assert.deepStrictEqual(
        [query.programId, query.fetchDataForAllPrograms, query.fetchEarliestExpiryOnly, query.endDate],
        [973, true, false, "2025-12-31"]
      )
      assert.deepStrictEqual<unknown>(Schema.encodeSync(Loyalty.ExpiryScheduleLookupQuery)(query), {
        ...lookup,
        programId: "973",
        fetchDataForAllPrograms: "true",
        fetchEarliestExpiryOnly: "false",
        startDate: "2025-01-01",
        endDate: "2025-12-31"
      })
    })

    it("refuses what Capillary refuses before anything is sent", () => {
      assert.isTrue(accepts(Loyalty.LoyaltyDetailsLookupQuery, lookup))
      assert.isFalse(accepts(Loyalty.LoyaltyDetailsLookupQuery, { ...lookup, identifierValue: "12ab" }))
      assert.isFalse(accepts(Loyalty.LoyaltyDetailsLookupQuery, { ...lookup, source: "NOWHERE" }))
      assert.isFalse(accepts(Loyalty.LoyaltyDetailsQuery, { programId: "0" }))
      assert.isFalse(accepts(Loyalty.LoyaltyDetailsQuery, { programId: "abc" }))
      assert.isFalse(accepts(Loyalty.BalanceLookupQuery, { ...lookup, entityType: "FLEET" }))
      assert.isTrue(accepts(Loyalty.BalanceLookupQuery, { ...lookup, entityType: "CUSTOMER" }))
      assert.isFalse(accepts(Loyalty.ExpiryScheduleQuery, { startDate: "2025-02-30" }))
      assert.isFalse(accepts(Loyalty.ExpiryScheduleQuery, { startDate: "2025-03-02", endDate: "2025-03-01" }))
      assert.isFalse(accepts(Loyalty.ExpiryScheduleQuery, { fetchEarliestExpiryOnly: "yes" }))
      assert.isFalse(accepts(Loyalty.LoyaltyEventsQuery, { limit: "0" }))
      assert.isFalse(accepts(Loyalty.LoyaltyEventsQuery, { limit: "101" }))
      assert.isFalse(accepts(Loyalty.LoyaltyEventsQuery, { offset: "-1" }))
      assert.isFalse(accepts(Loyalty.LoyaltyEventsQuery, { eventType: "BURN" }))
      assert.isFalse(accepts(Loyalty.LoyaltyEventsQuery, { fromDate: "2025-03-02", toDate: "2025-03-01" }))
      assert.isTrue(accepts(Loyalty.LoyaltyEventsQuery, { page: "2", limit: "100", eventType: "EXPIRE" }))
      assert.isTrue(accepts(Loyalty.PromotionDataQuery, { ...lookup, identifierName: "id", identifierValue: "7" }))
      assert.isFalse(accepts(Loyalty.PromotionDataQuery, { ...lookup, identifierName: "id", identifierValue: "x" }))
      assert.isFalse(accepts(Loyalty.PromotionDataQuery, { ...lookup, limit: "101" }))
      assert.isTrue(accepts(Loyalty.PromotionDataQuery, { ...lookup, limit: "0", programIds: "973,983" }))
      assert.isFalse(accepts(Loyalty.PromotionDataQuery, { ...lookup, programIds: "973;983" }))
      assert.isTrue(accepts(Loyalty.TrackersQuery, { type: "USERGROUP2", identifierType: "id", identifierValue: "9" }))
      assert.isFalse(accepts(Loyalty.TrackersQuery, { type: "CUSTOMER", identifierType: "id", identifierValue: "9" }))
      assert.isFalse(
        accepts(Loyalty.TrackersQuery, { type: "USERGROUP2", identifierType: "primaryUserId", identifierValue: "x" })
      )
    })
  })
})
