/**
 * The group loyalty schemas: every documented example response decodes (and encodes back to the same wire JSON
 * where the wire has one form), and the queries take what Capillary documents and refuse what it would not.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { GroupLoyalty, UserGroup } from "../src/index.ts"
import * as Documented from "./fixtures/loyalty.ts"

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown): S["Type"] => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success
}

const rejects = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

/** Decoded, then encoded back: the wire JSON again. */
const roundTrips = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) =>
  assert.deepStrictEqual(Schema.encodeSync(schema)(accepts(schema, input)), input)

describe("GroupLoyalty", () => {
  describe("documented responses", () => {
    it("the group expiry schedule, and a customer's expiry item", () => {
      const answer = accepts(GroupLoyalty.ExpirySchedules, Documented.expirySchedule)
      assert.deepStrictEqual(answer.expirySchedules, [
        { points: 700, expiryDate: "2024-04-30", programId: 469, pointsType: "bill_regular", expiryType: "fixed" }
      ])
      roundTrips(GroupLoyalty.ExpirySchedules, Documented.expirySchedule)
      roundTrips(UserGroup.ExpirySchedule, Documented.customerExpiryItem)
    })

    it("the promised points schedule: trigger-based points, negative ones too, and the negated group id", () => {
      const answer = accepts(GroupLoyalty.PromisedSchedule, Documented.promisedSchedule)
      assert.deepStrictEqual([answer.entityId, answer.entityType], [-21988, "FLEET"])
      assert.deepStrictEqual(answer.promisedPointsScheduleList, [])
      assert.deepStrictEqual(answer.triggerBasedPointsList.map((item) => item.points), [33.33, -40, 0, -5, 100])
      roundTrips(GroupLoyalty.PromisedSchedule, Documented.promisedSchedule)
      assert.deepStrictEqual(accepts(GroupLoyalty.PromisedPoints, Documented.promisedItem), {
        points: 390,
        redeemableFrom: "2022-04-10",
        programId: 2199,
        pointsType: "line_item_promotions"
      })
    })

    it("the tier log: every change, its store and the page", () => {
      const answer = accepts(GroupLoyalty.SlabHistory, Documented.slabHistory)
      assert.strictEqual(answer.data.length, 20)
      assert.deepStrictEqual(answer.pagination, { limit: 20, offset: 0, total: 32 })
      assert.deepStrictEqual(
        answer.data.map((change) => change.type).filter((type, i, all) => all.indexOf(type) === i),
        ["RENEW", "UPGRADE", "DOWNGRADE"]
      )
      const downgrade = answer.data[9]!
      assert.deepStrictEqual(
        [downgrade.fromSlabNumber, downgrade.toSlabNumber, downgrade.from, downgrade.to, downgrade.changedOn],
        [6, 1, "Signature", "Blue", "2022-08-01T02:30:06+05:30"]
      )
      assert.deepStrictEqual(downgrade.store, {
        id: 13027244,
        code: "prod.bpcl.smartfleet",
        description: "prod.bpcl.smartfleet",
        name: "prodbpclsmartfleet",
        type: "STORE",
        adminType: "GENERAL",
        isOrgUnit: false
      })
      roundTrips(GroupLoyalty.SlabHistory, Documented.slabHistory)
    })

    it("the group ledger: decimal-string points as numbers, opening balances, null members; encoded back as sent", () => {
      const answer = accepts(GroupLoyalty.GroupLedger, Documented.groupLedger)
      assert.strictEqual(answer.customerDetails, undefined)
      assert.deepStrictEqual(answer.ledgerDetails, { pageNumber: 0, pageSize: 10, totalEntries: 5, pageCount: 1 })
      const entries = answer.ledgerEntries ?? []
      assert.deepStrictEqual(
        entries.map((entry) => [entry.eventName, entry.customerId, entry.netPointsOnEvent]),
        [
          ["PointsExpiry", 973, -20],
          ["PointsExpiry", 973, -20],
          ["PointsTransfer", -3835641, 20],
          ["PointsTransfer", -3835641, 20],
          ["UserGroup2Create", -3832765, 0]
        ]
      )
      assert.isNull(entries[0]!.customerDetails)
      assert.deepStrictEqual(entries[2]!.entryDetails, [
        {
          ledgerEntryType: "CREDIT",
          points: 20,
          pointsCategory: "Main",
          programName: "DocDemoDefaultProgram",
          programId: 973 as GroupLoyalty.LedgerEntryDetail["programId"]
        }
      ])
      assert.deepStrictEqual(
        entries[4]!.entryDetails.map((detail) => [detail.ledgerEntryType, detail.pointsCategory, detail.points]),
        [
          ["OPENING_BALANCE", "DelayedAccrualPointCategory", 0],
          ["OPENING_BALANCE", "ExternalTriggerBasedPointCategory", 0],
          ["OPENING_BALANCE", "Main", 0],
          ["OPENING_BALANCE", "DelayedAccrualPointCategory", 0],
          ["OPENING_BALANCE", "ExternalTriggerBasedPointCategory", 0],
          ["OPENING_BALANCE", "Main", 0]
        ]
      )
      roundTrips(GroupLoyalty.GroupLedger, Documented.groupLedger)
    })

    it("the balance and tier reads (the customers' shapes, which FLEET reads share)", () => {
      const balance = accepts(GroupLoyalty.FleetBalance, Documented.pointsBalance)
      assert.deepStrictEqual([balance.totalPoints, balance.mainPoints, balance.promisedPoints], [8500, 8500, 0])
      roundTrips(GroupLoyalty.FleetBalance, Documented.pointsBalance)
      const tiers = accepts(GroupLoyalty.FleetTiers, Documented.tierDetails)
      assert.deepStrictEqual(tiers.programTiers[0], {
        programId: 973,
        currentTierName: "Diamond",
        currentTierSerialNumber: 8,
        tierExpiryDate: "2125-03-26 23:59:59",
        tierExpiryDateISO: "2125-03-26T23:59:59Z",
        nextTierName: "",
        nextTierSerialNumber: -1
      })
      roundTrips(GroupLoyalty.FleetTiers, Documented.tierDetails)
      roundTrips(GroupLoyalty.FleetTiers, Documented.tierDetailsLight)
    })

    it("ledger points are numbers or decimal strings, never anything else", () => {
      assert.strictEqual(accepts(GroupLoyalty.DecimalPoints, " -10.5 "), -10.5)
      assert.strictEqual(accepts(GroupLoyalty.DecimalPoints, 3), 3)
      assert.strictEqual(Schema.encodeSync(GroupLoyalty.DecimalPoints)(3), "3.000")
      for (const bad of ["", "0x10", "1e3", "ten", null]) rejects(GroupLoyalty.DecimalPoints, bad)
    })
  })

  describe("queries", () => {
    it("the expiry schedule takes the documented query, its `limits` / `offsets` spelling too", () => {
      // https://eucrm.cc.capillarytech.com/v2/userGroup2/pointsExpirySchedule?externalId=bukl123&type=FLEET&...
      const query = accepts(GroupLoyalty.ExpiryScheduleQuery, {
        externalId: "bukl123",
        type: "FLEET",
        startDate: "2023-11-30",
        endDate: "2025-11-30",
        getDataForAllPrograms: "false",
        fetchEarliestExpiryOnly: "true",
        limits: "2",
        offsets: "0"
      })
      assert.deepStrictEqual(query, {
        externalId: "bukl123",
        type: "FLEET",
        startDate: "2023-11-30",
        endDate: "2025-11-30",
        getDataForAllPrograms: false,
        fetchEarliestExpiryOnly: true,
        limits: 2,
        offsets: 0
      })
      assert.deepStrictEqual(accepts(GroupLoyalty.ExpiryScheduleQuery, { id: "7", limit: "5", offset: "10" }), {
        id: UserGroup.UserGroupId.make(7),
        limit: 5,
        offset: 10
      })
    })

    it("the promised schedule takes the documented query: an empty type, unpadded dates", () => {
      // .../v2/userGroup2/promisedPointsSchedule?primaryUserId=98662653&type=&startDate=2023-7-25&endDate=2025-12-20
      //   &getDataForAllPrograms=true&fetchEarliestExpiryOnly=true&programId=1573&limits=5&offsets=0
      const query = accepts(GroupLoyalty.PromisedScheduleQuery, {
        primaryUserId: "98662653",
        type: "",
        startDate: "2023-7-25",
        endDate: "2025-12-20",
        getDataForAllPrograms: "true",
        fetchEarliestExpiryOnly: "true",
        programId: "1573",
        limits: "5",
        offsets: "0"
      })
      assert.deepStrictEqual(
        [query.primaryUserId, query.type, query.startDate, query.programId, query.limits],
        [98662653, "", "2023-07-25", 1573, 5]
      )
      assert.deepStrictEqual(Schema.encodeSync(GroupLoyalty.PromisedScheduleQuery)(query).startDate, "2023-07-25")
    })

    it("a schedule names its group, real dates in order, and a known type", () => {
      assert.match(rejects(GroupLoyalty.ExpiryScheduleQuery, { type: "FLEET" }), /identified by id, externalId/)
      rejects(GroupLoyalty.ExpiryScheduleQuery, { id: "1", startDate: "2024-02-30" })
      rejects(GroupLoyalty.ExpiryScheduleQuery, { id: "1", startDate: "30-04-2024" })
      assert.match(
        rejects(GroupLoyalty.ExpiryScheduleQuery, { id: "1", startDate: "2024-05-01", endDate: "2024-04-30" }),
        /before startDate/
      )
      rejects(GroupLoyalty.ExpiryScheduleQuery, { id: "1", type: "CUSTOMER" })
      rejects(GroupLoyalty.ExpiryScheduleQuery, { id: "0" })
      rejects(GroupLoyalty.ExpiryScheduleQuery, { id: "1", limit: "0" })
      rejects(GroupLoyalty.ExpiryScheduleQuery, { id: "1", offset: "-1" })
      rejects(GroupLoyalty.PromisedScheduleQuery, { externalId: " " })
    })

    it("the tier log takes the documented query, ISO dates and date-times in order", () => {
      assert.deepStrictEqual(accepts(GroupLoyalty.SlabHistoryQuery, { fleetGroupId: "11421" }), {
        fleetGroupId: UserGroup.UserGroupId.make(11421)
      })
      accepts(GroupLoyalty.SlabHistoryQuery, {
        fleetGroupId: "1",
        startDate: "2022-06-01",
        endDate: "2022-08-01T12:08:24+05:30",
        pageSize: "5",
        offset: "5"
      })
      rejects(GroupLoyalty.SlabHistoryQuery, {})
      rejects(GroupLoyalty.SlabHistoryQuery, { fleetGroupId: "1", startDate: "2022-13-01" })
      rejects(GroupLoyalty.SlabHistoryQuery, { fleetGroupId: "1", startDate: "2022-08-02", endDate: "2022-08-01" })
      rejects(GroupLoyalty.SlabHistoryQuery, { fleetGroupId: "1", pageSize: "0" })
    })

    it("the group ledger takes both documented examples and names a group, 1 to 10 entries a page", () => {
      // ...?type=USERGROUP2&identifierName=id&identifierValue=3832765&source=INSTORE&offset=0&limit=10&order=DESC
      assert.deepStrictEqual(
        accepts(GroupLoyalty.GroupLedgerQuery, {
          identifierName: "id",
          identifierValue: "3832765",
          source: "INSTORE",
          offset: "0",
          limit: "10",
          order: "DESC"
        }),
        { identifierName: "id", identifierValue: "3832765", source: "INSTORE", offset: 0, limit: 10, order: "DESC" }
      )
      // ...?type=USERGROUP2&identifierName=id&identifierValue=381335652&source=INSTORE&offset=0&limit=10&sortOrder=ASC
      assert.strictEqual(
        accepts(GroupLoyalty.GroupLedgerQuery, {
          identifierName: "id",
          identifierValue: "381335652",
          source: "INSTORE",
          sortOrder: "ASC"
        }).sortOrder,
        "ASC"
      )
      accepts(GroupLoyalty.GroupLedgerQuery, { identifierName: "groupId", identifierValue: "12" })
      accepts(GroupLoyalty.GroupLedgerQuery, { identifierName: "externalId", identifierValue: "fleet-1" })
      accepts(GroupLoyalty.GroupLedgerQuery, {
        identifierName: "primaryUserId",
        identifierValue: "98662653",
        startDate: "2025-01-01T00:00:00",
        endDate: "2025-01-31T23:59:59"
      })
      rejects(GroupLoyalty.GroupLedgerQuery, { identifierName: "mobile", identifierValue: "919000000001" })
      assert.match(
        rejects(GroupLoyalty.GroupLedgerQuery, { identifierName: "id", identifierValue: "abc" }),
        /positive integer/
      )
      rejects(GroupLoyalty.GroupLedgerQuery, { identifierName: "id", identifierValue: "1", limit: "11" })
      rejects(GroupLoyalty.GroupLedgerQuery, { identifierName: "id", identifierValue: "1", startDate: "2025-01-01" })
      rejects(GroupLoyalty.GroupLedgerQuery, {
        identifierName: "id",
        identifierValue: "1",
        startDate: "2025-02-01T00:00:00",
        endDate: "2025-01-01T00:00:00"
      })
    })

    it("a FLEET lookup names a member by an identifier in a source", () => {
      assert.deepStrictEqual(
        accepts(GroupLoyalty.FleetLookupQuery, {
          source: "INSTORE",
          identifierName: "mobile",
          identifierValue: "919000000001",
          programId: "1002",
          fetchDataForAllPrograms: "true"
        }),
        {
          source: "INSTORE",
          identifierName: "mobile",
          identifierValue: "919000000001",
          programId: 1002 as GroupLoyalty.FleetQuery["programId"] & number,
          fetchDataForAllPrograms: true
        }
      )
      accepts(GroupLoyalty.FleetLookupQuery, { source: "ALL", identifierName: "email", identifierValue: "a@b.c" })
      rejects(GroupLoyalty.FleetLookupQuery, { source: "SHOP", identifierName: "mobile", identifierValue: "1" })
      rejects(GroupLoyalty.FleetLookupQuery, { source: "ALL", identifierName: "id", identifierValue: "1" })
      rejects(GroupLoyalty.FleetLookupQuery, { identifierName: "mobile", identifierValue: "1" })
      rejects(GroupLoyalty.FleetQuery, { programId: "abc" })
    })
  })
})
