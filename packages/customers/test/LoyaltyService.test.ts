/**
 * The loyalty service against a scripted server over a real socket: what each operation sends, which named
 * errors come back for Capillary's codes, what is refused before sending, and how the paged reads stream.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Customer, CustomerErrors, Loyalty, LoyaltyErrors } from "../src/index.ts"
import { failure, serve } from "./fixtures/capillary.ts"
import { loyaltyAt } from "./fixtures/loyalty.ts"
import * as Examples from "./fixtures/loyaltyExamples.ts"

const id = Customer.CustomerId.make(42)
const program = Loyalty.ProgramId.make(973)
const tom = { source: "INSTORE", identifier: { type: "mobile", value: "919000000001" } } as const
const tomQuery = { source: "INSTORE", identifierName: "mobile", identifierValue: "919000000001" }

/** The documented example of each route, by path. */
const answerFor = (path: string): unknown => {
  if (path.endsWith("/loyaltyDetails")) return JSON.parse(Examples.loyaltyDetails)
  if (path.endsWith("/points/balance")) return JSON.parse(Examples.pointsBalance)
  if (path.endsWith("/tierDetails")) return JSON.parse(Examples.tierDetails)
  if (path.endsWith("/pointsExpirySchedule")) return JSON.parse(Examples.expirySchedule)
  if (path.endsWith("/promisedPointsSchedule")) return JSON.parse(Examples.promisedSchedule)
  if (path.endsWith("/loyaltyEvents")) return { data: [JSON.parse(Examples.loyaltyEvent)], warnings: [], errors: [] }
  if (path.endsWith("/pointsTransfers")) return JSON.parse(Examples.pointsTransfers)
  if (path.endsWith("/promotionData")) {
    return { data: [], pageDetails: { pageNumber: 0, pageSize: 10, totalEntries: 0, pageCount: 0 }, warnings: [] }
  }
  return JSON.parse(Examples.trackers)
}

describe("LoyaltyService", () => {
  it.live("sends each operation to its route, the friendly options as Capillary's query", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) => ({ json: answerFor(request.path) }))
      const loyalty = yield* loyaltyAt(server.url)

      const details = yield* loyalty.loyaltyDetails(id)
      assert.strictEqual(details.data[0]?.programId, 622)
      yield* loyalty.loyaltyDetails(id, { programId: program })
      yield* loyalty.loyaltyDetailsByIdentifier(tom, { programId: program })
      const balance = yield* loyalty.pointsBalance(tom, { allPrograms: true })
      assert.strictEqual(balance.mainPoints, 8500)
      const tiers = yield* loyalty.tierDetails(id, { programId: program })
      assert.strictEqual(tiers.programTiers[0]?.currentTierName, "Diamond")
      yield* loyalty.tierDetailsByIdentifier({ ...tom, accountId: "" })
      const expiry = yield* loyalty.expirySchedule(id, {
        allPrograms: false,
        earliestOnly: true,
        startDate: "2025-01-01",
        endDate: "2025-12-31"
      })
      assert.strictEqual(expiry.expirySchedules[0]?.points, 5140)
      yield* loyalty.expiryScheduleByIdentifier(tom, { programId: program })
      const promised = yield* loyalty.promisedSchedule(id)
      assert.strictEqual(promised.promisedPointsScheduleList[0]?.points, 390)
      yield* loyalty.promisedScheduleByIdentifier(tom, { allPrograms: true })
      const events = yield* loyalty.loyaltyEvents(id, { eventType: "EXPIRE", fromDate: "2025-01-01", page: 2 })
      assert.strictEqual(events.data[0]?.uniqueId, "eQmzQLEfVb")
      const transfers = yield* loyalty.pointsTransfers(id)
      assert.strictEqual(transfers.data.length, 2)
      yield* loyalty.promotionData(
        { source: "INSTORE", identifier: { type: "id", value: "42" } },
        { programIds: [program, Loyalty.ProgramId.make(983)], pageSize: 5, offset: 5 }
      )
      const trackers = yield* loyalty.trackers({ externalId: "family" }, { source: "INSTORE" })
      assert.strictEqual(trackers.data.length, 3)
      yield* loyalty.trackers({ primaryUserId: id })

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["GET", "/v2/customers/42/loyaltyDetails", {}],
        ["GET", "/v2/customers/42/loyaltyDetails", { programId: "973" }],
        ["GET", "/v2/customers/lookup/loyaltyDetails", { ...tomQuery, programId: "973" }],
        ["GET", "/v2/customers/lookup/points/balance", {
          ...tomQuery,
          fetchDataForAllPrograms: "true",
          entityType: "CUSTOMER"
        }],
        ["GET", "/v2/customers/42/tierDetails", { programId: "973" }],
        ["GET", "/v2/customers/lookup/tierDetails", { ...tomQuery, accountId: "" }],
        ["GET", "/v2/customers/42/pointsExpirySchedule", {
          fetchDataForAllPrograms: "false",
          fetchEarliestExpiryOnly: "true",
          startDate: "2025-01-01",
          endDate: "2025-12-31"
        }],
        ["GET", "/v2/customers/lookup/pointsExpirySchedule", { ...tomQuery, programId: "973" }],
        ["GET", "/v2/customers/42/promisedPointsSchedule", {}],
        ["GET", "/v2/customers/lookup/promisedPointsSchedule", { ...tomQuery, fetchDataForAllPrograms: "true" }],
        ["GET", "/v2/customers/42/loyaltyEvents", { eventType: "EXPIRE", fromDate: "2025-01-01", page: "2" }],
        ["GET", "/v2/customers/42/pointsTransfers", {}],
        ["GET", "/v2/customers/lookup/promotionData", {
          source: "INSTORE",
          identifierName: "id",
          identifierValue: "42",
          programIds: "973,983",
          limit: "5",
          offset: "5"
        }],
        ["GET", "/v2/customers/userEntityTrackers", {
          type: "USERGROUP2",
          identifierType: "externalId",
          identifierValue: "family",
          source: "INSTORE"
        }],
        ["GET", "/v2/customers/userEntityTrackers", {
          type: "USERGROUP2",
          identifierType: "primaryUserId",
          identifierValue: "42"
        }]
      ])
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next = failure(8015, "Customer not found for the given identifiers")
      const server = yield* serve(() => next)
      const loyalty = yield* loyaltyAt(server.url)

      for (const code of [8015, 816]) {
        next = failure(code, "Customer not found")
        assert.instanceOf(yield* Effect.flip(loyalty.loyaltyDetails(id)), CustomerErrors.CustomerNotFound)
        assert.instanceOf(yield* Effect.flip(loyalty.tierDetailsByIdentifier(tom)), CustomerErrors.CustomerNotFound)
        assert.instanceOf(yield* Effect.flip(loyalty.pointsTransfers(id)), CustomerErrors.CustomerNotFound)
        assert.instanceOf(yield* Effect.flip(loyalty.loyaltyEvents(id)), CustomerErrors.CustomerNotFound)
      }
      next = failure(1101, "Invalid programId")
      const invalid = yield* Effect.flip(loyalty.expirySchedule(id, { programId: program }))
      assert.instanceOf(invalid, LoyaltyErrors.InvalidProgram)
      assert.strictEqual((invalid as LoyaltyErrors.InvalidProgram).code, 1101)
      assert.instanceOf(yield* Effect.flip(loyalty.promisedScheduleByIdentifier(tom)), LoyaltyErrors.InvalidProgram)
      next = failure(1212, "Invalid entityType")
      assert.instanceOf(yield* Effect.flip(loyalty.pointsBalance(tom)), LoyaltyErrors.InvalidEntityType)
      for (const code of [8003, 8011]) {
        next = failure(code, "Invalid source")
        assert.instanceOf(yield* Effect.flip(loyalty.loyaltyDetailsByIdentifier(tom)), CustomerErrors.InvalidSource)
      }
      next = failure(8013, "Invalid identifier")
      assert.instanceOf(yield* Effect.flip(loyalty.expiryScheduleByIdentifier(tom)), CustomerErrors.InvalidIdentifier)
      next = failure(8069, "Customer is merged")
      assert.instanceOf(yield* Effect.flip(loyalty.promisedSchedule(id)), CustomerErrors.CustomerMerged)
      next = failure(8062, "Unable to fetch loyalty points")
      assert.instanceOf(yield* Effect.flip(loyalty.loyaltyDetails(id)), LoyaltyErrors.LoyaltyReadFailed)
      for (const code of [8100, 8101, 8102]) {
        next = failure(code, "Invalid page")
        assert.instanceOf(yield* Effect.flip(loyalty.loyaltyEvents(id)), CustomerErrors.InvalidPaging)
        assert.instanceOf(
          yield* Effect.flip(loyalty.promotionData({ source: "INSTORE", identifier: { type: "cuid", value: "c-1" } })),
          CustomerErrors.InvalidPaging
        )
      }
      for (const code of [1645, 1632, 1619]) {
        next = failure(code, "group details passed are not valid")
        assert.instanceOf(yield* Effect.flip(loyalty.trackers({ id: 9 })), LoyaltyErrors.InvalidGroup)
      }
      next = failure(1647, "Get trackers entity type not set/invalid")
      assert.instanceOf(yield* Effect.flip(loyalty.trackers({ id: 9 })), LoyaltyErrors.InvalidEntityType)
      next = failure(1099, "Error fetching tracker data for customer")
      assert.instanceOf(yield* Effect.flip(loyalty.trackers({ id: 9 })), LoyaltyErrors.LoyaltyReadFailed)
      // a code the operation does not name: the core error, with Capillary's code
      next = failure(1212, "Invalid entityType")
      const other = yield* Effect.flip(loyalty.tierDetails(id))
      assert(other._tag === "CapillaryError" && other.reason._tag === "ApiError")
      assert.strictEqual(other.reason.code, 1212)
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) => ({ json: answerFor(request.path) }))
      const loyalty = yield* loyaltyAt(server.url)
      const attempts: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        loyalty.loyaltyDetailsByIdentifier({ source: "INSTORE", identifier: { type: "mobile", value: "12ab" } }),
        loyalty.pointsBalance({ source: "INSTORE", identifier: { type: "email", value: "not-an-email" } }),
        loyalty.expirySchedule(id, { startDate: "2025-02-30" }),
        loyalty.expirySchedule(id, { startDate: "2025-03-02", endDate: "2025-03-01" }),
        loyalty.loyaltyEvents(id, { pageSize: 101 }),
        loyalty.loyaltyEvents(id, { page: 0 }),
        loyalty.promotionData({ source: "INSTORE", identifier: { type: "id", value: "tom" } }),
        loyalty.trackers({ primaryUserId: -1 as Customer.CustomerId }),
        loyalty.tierDetails(0 as Customer.CustomerId)
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  it.live("streams every loyalty event and promotion, page after page", () =>
    Effect.gen(function*() {
      const event = JSON.parse(Examples.loyaltyEvent)
      const server = yield* serve((request) => {
        const offset = Number(request.query.offset)
        const limit = Number(request.query.limit)
        if (request.path.endsWith("/loyaltyEvents")) {
          const all = Array.from({ length: 23 }, (_, i) => ({ ...event, id: i + 1 }))
          return { json: { data: all.slice(offset, offset + limit), warnings: [], errors: [] } }
        }
        const all = Array.from({ length: 5 }, (_, i) => ({ promotionId: i + 1 }))
        return {
          json: {
            data: all.slice(offset, offset + limit),
            pageDetails: { pageNumber: offset / limit, pageSize: limit, totalEntries: 5, pageCount: 3 },
            warnings: []
          }
        }
      })
      const loyalty = yield* loyaltyAt(server.url)
      const events = yield* Stream.runCollect(loyalty.allLoyaltyEvents(id, { eventType: "EARN" }))
      assert.deepStrictEqual(events.map((row) => row.id), Array.from({ length: 23 }, (_, i) => i + 1))
      const promotions = yield* Stream.runCollect(loyalty.promotions(tom, { pageSize: 2 }))
      assert.deepStrictEqual(promotions.map((row) => row.promotionId), [1, 2, 3, 4, 5])
      assert.deepStrictEqual(
        server.sent.map(({ path, query }) => [path.split("/").pop(), query.offset, query.limit]),
        [
          ["loyaltyEvents", "0", "10"],
          ["loyaltyEvents", "10", "10"],
          ["loyaltyEvents", "20", "10"],
          ["promotionData", "0", "2"],
          ["promotionData", "2", "2"],
          ["promotionData", "4", "2"]
        ]
      )
    }))
})
