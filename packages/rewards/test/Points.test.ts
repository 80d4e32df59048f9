/** The points schemas: the documented bodies decode field for field, wire strings become numbers, queries refuse bad input. */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Points } from "../src/index.ts"
import * as Documented from "./fixtures/points.ts"

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

const customerQuery = { identifierName: "id", identifierValue: "98662653", source: "INSTORE" }

describe("Points", () => {
  describe("documented bodies", () => {
    it("decodes the documented points balance", () => {
      const balance = accepts(Points.PointsBalance, Documented.balanceResponse)
      assert.deepStrictEqual(balance, {
        entityId: 565039505,
        entityType: "CUSTOMER",
        totalPoints: 8500,
        mainPoints: 8500,
        promisedPoints: 0,
        promisedPointsBreakup: { delayedAccrualPoints: 0, externalTriggerBasedPoints: 0 },
        warnings: []
      })
    })

    it("decodes the documented ledger balance: closing balances as numbers", () => {
      const balance = accepts(Points.LedgerBalance, Documented.ledgerBalanceResponse)
      assert.deepStrictEqual(balance.customerDetails, {
        userId: 502522264,
        externalId: "tomanatest2",
        entityType: "CUSTOMER"
      })
      const { ledgerClosingBalance, ...page } = balance.ledgerDetails
      assert.deepStrictEqual(page, { pageNumber: 0, pageSize: 10, totalEntries: 17, pageCount: 2 })
      assert.deepStrictEqual(
        ledgerClosingBalance.map((row) => [row.programId, row.pointsCategory, row.closingBalance]),
        [
          [1568, "DelayedAccrualPointCategory", 0],
          [1568, "ExternalTriggerBasedPointCategory", 0],
          [1745, "Main", 30000],
          [1424, "ExternalTriggerBasedPointCategory", 0],
          [1424, "Main", 0],
          [1414, "Main", 12703]
        ]
      )
    })

    it("decodes the documented ledger entries: points and nets as numbers, the date as Capillary writes it", () => {
      const info = accepts(Points.LedgerInfo, Documented.ledgerInfoResponse)
      assert.deepStrictEqual(info.ledgerDetails, { pageNumber: 0, pageSize: 10, totalEntries: 17, pageCount: 2 })
      const [redemption, transaction] = info.ledgerEntries ?? []
      assert.deepStrictEqual(
        [redemption?.eventLogId, redemption?.eventName, redemption?.ledgerCreatedDate, redemption?.netPointsOnEvent],
        [30263656, "PointsRedemption", "2022-02-14 18:30:59.0", -10]
      )
      assert.deepStrictEqual(redemption?.entryDetails, [{
        ledgerEntryType: "DEBIT",
        points: 10,
        pointsCategory: "Main",
        programName: "hil",
        programId: Points.ProgramId.make(1422)
      }])
      assert.deepStrictEqual(transaction?.entryDetails.map((detail) => detail.points), [300, 137])
      assert.strictEqual(transaction?.netPointsOnEvent, 437.08)
      assert.deepStrictEqual(transaction?.transactionDetails, {
        transactionId: 189948436,
        transactionNumber: "return_bill_0001"
      })
      assert.deepStrictEqual([transaction?.store, transaction?.storeCode, transaction?.tillCode], [
        "demo HIL",
        "hil.admin",
        "hil.admin.1"
      ])
      // past the last page the entries may be absent
      const { ledgerEntries: _, ...empty } = Documented.ledgerInfoResponse
      assert.strictEqual(accepts(Points.LedgerInfo, empty).ledgerEntries, undefined)
    })
  })

  describe("wire values", () => {
    it("DecimalPoints reads numbers and decimal strings, and writes three decimals", () => {
      for (
        const [wire, value] of [["10", 10], ["-10.000", -10], [" 300.00 ", 300], [437.08, 437.08], ["0", 0]] as const
      ) {
        assert.strictEqual(accepts(Points.DecimalPoints, wire), value)
      }
      for (const wire of ["", " ", "1e3", "0x10", "ten", "1,000", null]) rejects(Points.DecimalPoints, wire)
      const encode = Schema.encodeSync(Points.DecimalPoints)
      assert.deepStrictEqual([encode(10), encode(-10), encode(40.125), encode(0)], [
        "10.000",
        "-10.000",
        "40.125",
        "0.000"
      ])
    })

    it("ids are positive integers; a program id in a query string is read as a number", () => {
      assert.strictEqual(accepts(Points.ProgramIdFromString, "1001"), 1001)
      for (const wire of ["0", "-3", "1.5", "abc"]) rejects(Points.ProgramIdFromString, wire)
      assert.strictEqual(accepts(Points.BalancePath, { userId: "100001" }).userId, 100001)
      rejects(Points.BalancePath, { userId: "tom" })
      assert.deepStrictEqual(accepts(Points.BalanceQuery, { programId: "1002", entityType: "FLEET" }), {
        programId: Points.ProgramId.make(1002),
        entityType: "FLEET"
      })
      rejects(Points.BalanceQuery, { entityType: "GROUP" })
    })
  })

  describe("ledger queries", () => {
    it("reads a page (offset is the page number) of at most 10 entries", () => {
      const query = accepts(Points.LedgerInfoQuery, { ...customerQuery, limit: "10", offset: "2", sortOrder: "DESC" })
      assert.deepStrictEqual([query.limit, query.offset, query.sortOrder], [10, 2, "DESC"])
      assert.match(rejects(Points.LedgerInfoQuery, { ...customerQuery, limit: "11" }), /1 to 10 entries/)
      rejects(Points.LedgerInfoQuery, { ...customerQuery, limit: "0" })
      rejects(Points.LedgerInfoQuery, { ...customerQuery, offset: "-1" })
      rejects(Points.LedgerInfoQuery, { ...customerQuery, source: "ORKUT" })
    })

    it("names a customer by id or identifier, a group (type USERGROUP2) by id, externalId or primaryUserId", () => {
      accepts(Points.LedgerInfoQuery, { identifierName: "mobile", identifierValue: "919000000001", source: "ALL" })
      accepts(Points.LedgerBalanceQuery, { ...customerQuery, type: "USERGROUP2", identifierName: "externalId" })
      accepts(Points.LedgerBalanceQuery, { ...customerQuery, type: "USERGROUP2", identifierName: "primaryUserId" })
      assert.match(
        rejects(Points.LedgerInfoQuery, { ...customerQuery, type: "USERGROUP2", identifierName: "mobile" }),
        /user group is named by id, externalId or primaryUserId/
      )
      assert.match(
        rejects(Points.LedgerInfoQuery, { ...customerQuery, identifierName: "primaryUserId" }),
        /names a user group/
      )
      assert.match(rejects(Points.LedgerInfoQuery, { ...customerQuery, identifierValue: "tom" }), /positive integer/)
      rejects(Points.LedgerInfoQuery, { ...customerQuery, identifierValue: " " })
    })

    it("dates are YYYY-MM-DDThh:mm:ss", () => {
      accepts(Points.LedgerInfoQuery, {
        ...customerQuery,
        startDate: "2022-02-01T00:00:00",
        endDate: "2022-02-28T23:59:59"
      })
      for (const date of ["2022-02-01", "2022-02-01T00:00:00Z", "2022-02-01 00:00:00"]) {
        rejects(Points.LedgerBalanceQuery, { ...customerQuery, endDate: date })
      }
    })
  })
})
