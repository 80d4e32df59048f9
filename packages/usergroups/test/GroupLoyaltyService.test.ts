/**
 * The group loyalty service against a scripted server over a real socket: what each read sends (the variant
 * parameters included), how lists are streamed page by page, and how Capillary's codes come back as named errors.
 */
import { CapillaryError } from "@capillary-effect/core"
import { ScriptedCapillary } from "@capillary-effect/testing"
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Option, Stream } from "effect"
import {
  GroupLoyaltyErrors,
  GroupLoyaltyService,
  GroupPoints,
  GroupPointsErrors,
  UserGroup,
  UserGroupErrors
} from "../src/index.ts"
import * as Documented from "./fixtures/loyalty.ts"

type Answer = ScriptedCapillary.Answer
type Sent = ScriptedCapillary.Sent

/** The service over a real client against the scripted server. */
const loyaltyAt = (url: string) =>
  Effect.map(
    Layer.build(GroupLoyaltyService.layer.pipe(Layer.provide(ScriptedCapillary.clientLayer(url)))),
    (context) => Context.get(context, GroupLoyaltyService.GroupLoyalty)
  )

const failure = (code: number, message = "refused", status = 400): Answer => ({
  status,
  json: { errors: [{ status: false, code, message }], warnings: [] }
})

const route = (sent: Sent) => `${sent.method} ${sent.path}`

type ErrorClass = new(...args: never) => unknown

const groupId = UserGroup.UserGroupId.make(11421)
const tom = UserGroup.CustomerId.make(100001)

describe("GroupLoyaltyService", () => {
  describe("expiry schedule", () => {
    it.live("streams every page, the earliest first, as FLEET, with the group and filters", () =>
      Effect.gen(function*() {
        const item = (day: number) => ({ ...Documented.customerExpiryItem, expiryDate: `2030-01-${day}` })
        const server = yield* ScriptedCapillary.serve((sent) =>
          sent.query.offset === "0"
            ? { json: { expirySchedules: Array.from({ length: 20 }, (_, i) => item(10 + (i % 9))), warnings: [] } }
            : { json: { expirySchedules: [item(28)], warnings: [] } }
        )
        const loyalty = yield* loyaltyAt(server.url)
        const all = yield* Stream.runCollect(
          loyalty.expirySchedule({ externalId: "bukl123" }, {
            startDate: "2023-11-30",
            endDate: "2035-11-30",
            allPrograms: false
          })
        )
        assert.strictEqual(all.length, 21)
        assert.strictEqual(all[20]!.expiryDate, "2030-01-28")
        assert.deepStrictEqual(server.sent.map(route), [
          "GET /v2/userGroup2/pointsExpirySchedule",
          "GET /v2/userGroup2/pointsExpirySchedule"
        ])
        assert.deepStrictEqual(server.sent[0]!.query, {
          externalId: "bukl123",
          type: "FLEET",
          startDate: "2023-11-30",
          endDate: "2035-11-30",
          getDataForAllPrograms: "false",
          offset: "0",
          limit: "20"
        })
        assert.strictEqual(server.sent[1]!.query.offset, "20")
      }))

    it.live("the earliest expiry asks for it alone, and is none when nothing expires", () =>
      Effect.gen(function*() {
        let next: Answer = { json: Documented.expirySchedule }
        const server = yield* ScriptedCapillary.serve(() => next)
        const loyalty = yield* loyaltyAt(server.url)
        const earliest = yield* loyalty.earliestExpiry({ id: groupId }, {
          programId: GroupPoints.ProgramId.make(469)
        })
        assert.deepStrictEqual(Option.getOrUndefined(earliest)?.points, 700)
        assert.deepStrictEqual(server.sent[0]!.query, {
          id: "11421",
          type: "FLEET",
          programId: "469",
          fetchEarliestExpiryOnly: "true"
        })
        next = { json: { expirySchedules: [], warnings: [] } }
        assert.isTrue(Option.isNone(yield* loyalty.earliestExpiry({ primaryUserId: tom })))
        assert.strictEqual(server.sent[1]!.query.primaryUserId, "100001")
      }))

    it.live("a bad date fails before anything is sent", () =>
      Effect.gen(function*() {
        const server = yield* ScriptedCapillary.serve(() => ({ json: Documented.expirySchedule }))
        const loyalty = yield* loyaltyAt(server.url)
        const error = yield* Effect.flip(
          Stream.runCollect(loyalty.expirySchedule({ id: groupId }, { startDate: "2024-02-30" }))
        )
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
        assert.deepStrictEqual(server.sent, [])
      }))
  })

  it.live("the promised schedule sends the group and dates, and answers the documented body", () =>
    Effect.gen(function*() {
      const server = yield* ScriptedCapillary.serve(() => ({ json: Documented.promisedSchedule }))
      const loyalty = yield* loyaltyAt(server.url)
      const answer = yield* loyalty.promisedSchedule({ primaryUserId: UserGroup.CustomerId.make(98662653) }, {
        startDate: "2023-07-25",
        endDate: "2025-12-20",
        allPrograms: true,
        programId: GroupPoints.ProgramId.make(1573)
      })
      assert.deepStrictEqual([answer.entityId, answer.triggerBasedPointsList.length], [-21988, 5])
      assert.deepStrictEqual(server.sent.map(route), ["GET /v2/userGroup2/promisedPointsSchedule"])
      assert.deepStrictEqual(server.sent[0]!.query, {
        primaryUserId: "98662653",
        type: "FLEET",
        startDate: "2023-07-25",
        endDate: "2025-12-20",
        programId: "1573",
        getDataForAllPrograms: "true"
      })
    }))

  it.live("the tier log streams pages of pageSize until the total is reached", () =>
    Effect.gen(function*() {
      const server = yield* ScriptedCapillary.serve((sent) =>
        sent.query.offset === "0" ? { json: Documented.slabHistory } : {
          json: {
            ...Documented.slabHistory,
            data: Documented.slabHistory.data.slice(0, 12),
            pagination: { limit: 20, offset: 20, total: 32 }
          }
        }
      )
      const loyalty = yield* loyaltyAt(server.url)
      const changes = yield* Stream.runCollect(loyalty.slabHistory(groupId, { startDate: "2022-06-01" }))
      assert.strictEqual(changes.length, 32)
      assert.deepStrictEqual(server.sent.map((sent) => sent.query), [
        { fleetGroupId: "11421", startDate: "2022-06-01", offset: "0", pageSize: "20" },
        { fleetGroupId: "11421", startDate: "2022-06-01", offset: "20", pageSize: "20" }
      ])
    }))

  describe("group ledger", () => {
    it.live("always sends type=USERGROUP2, and streams pages by page number up to the page count", () =>
      Effect.gen(function*() {
        const [first, ...rest] = Documented.groupLedger.ledgerEntries
        const server = yield* ScriptedCapillary.serve((sent) => ({
          json: sent.query.offset === "0"
            ? {
              ...Documented.groupLedger,
              ledgerDetails: { pageNumber: 0, pageSize: 1, totalEntries: 5, pageCount: 2 },
              ledgerEntries: [first]
            }
            : {
              ...Documented.groupLedger,
              ledgerDetails: { pageNumber: 1, pageSize: 1, totalEntries: 5, pageCount: 2 },
              ledgerEntries: rest
            }
        }))
        const loyalty = yield* loyaltyAt(server.url)
        const entries = yield* Stream.runCollect(loyalty.ledger({ externalId: "fleet-1" }, { order: "DESC" }))
        assert.deepStrictEqual(entries.map((entry) => entry.eventLogId), [
          623972643,
          623659380,
          620655452,
          620245980,
          618615192
        ])
        assert.deepStrictEqual(server.sent.map((sent) => [sent.path, sent.query]), [
          [
            "/v2/pointsLedger/getCustomerLedgerInfo",
            {
              identifierName: "externalId",
              identifierValue: "fleet-1",
              order: "DESC",
              offset: "0",
              limit: "10",
              type: "USERGROUP2"
            }
          ],
          [
            "/v2/pointsLedger/getCustomerLedgerInfo",
            {
              identifierName: "externalId",
              identifierValue: "fleet-1",
              order: "DESC",
              offset: "1",
              limit: "10",
              type: "USERGROUP2"
            }
          ]
        ])
      }))

    it.live("one page, with its filters", () =>
      Effect.gen(function*() {
        const server = yield* ScriptedCapillary.serve(() => ({ json: Documented.groupLedger }))
        const loyalty = yield* loyaltyAt(server.url)
        const page = yield* loyalty.ledgerPage({ id: UserGroup.UserGroupId.make(3832765) }, { offset: 2, limit: 5 }, {
          programId: GroupPoints.ProgramId.make(973),
          startDate: "2025-01-01T00:00:00",
          endDate: "2025-04-30T23:59:59",
          ledgerEntryType: "DEBIT",
          pointCategoryType: "REGULAR"
        })
        assert.strictEqual(page.ledgerEntries?.length, 5)
        assert.deepStrictEqual(server.sent[0]!.query, {
          identifierName: "id",
          identifierValue: "3832765",
          startDate: "2025-01-01T00:00:00",
          endDate: "2025-04-30T23:59:59",
          programId: "973",
          ledgerEntryType: "DEBIT",
          pointCategoryType: "REGULAR",
          offset: "2",
          limit: "5",
          type: "USERGROUP2"
        })
      }))
  })

  describe("a member's group", () => {
    it.live("balance and tiers by member id, with entityType=FLEET", () =>
      Effect.gen(function*() {
        const server = yield* ScriptedCapillary.serve((sent) => ({
          json: sent.path.endsWith("/tierDetails")
            ? { ...Documented.tierDetails, entityType: "FLEET" }
            : { ...Documented.pointsBalance, entityType: "FLEET" }
        }))
        const loyalty = yield* loyaltyAt(server.url)
        const balance = yield* loyalty.balance(tom, { programId: GroupPoints.ProgramId.make(1002) })
        assert.deepStrictEqual([balance.entityType, balance.mainPoints], ["FLEET", 8500])
        const tiers = yield* loyalty.tiers(tom, { allPrograms: true })
        assert.strictEqual(tiers.programTiers[0]!.currentTierName, "Diamond")
        assert.deepStrictEqual(server.sent.map((sent) => [route(sent), sent.query]), [
          ["GET /v2/customers/100001/points/balance", { programId: "1002", entityType: "FLEET" }],
          ["GET /v2/customers/100001/tierDetails", { fetchDataForAllPrograms: "true", entityType: "FLEET" }]
        ])
      }))

    it.live("balance and tiers by lookup, in any source unless told", () =>
      Effect.gen(function*() {
        const server = yield* ScriptedCapillary.serve((sent) => ({
          json: sent.path.endsWith("/tierDetails") ? Documented.tierDetailsLight : Documented.pointsBalance
        }))
        const loyalty = yield* loyaltyAt(server.url)
        yield* loyalty.balance({ identifier: { type: "mobile", value: "919000000001" } })
        yield* loyalty.tiers({
          source: "WECHAT",
          accountId: "demo-wechat",
          identifier: { type: "wechat", value: "wx" }
        })
        assert.deepStrictEqual(server.sent.map((sent) => [route(sent), sent.query]), [
          [
            "GET /v2/customers/lookup/points/balance",
            { source: "ALL", identifierName: "mobile", identifierValue: "919000000001", entityType: "FLEET" }
          ],
          [
            "GET /v2/customers/lookup/tierDetails",
            {
              source: "WECHAT",
              accountId: "demo-wechat",
              identifierName: "wechat",
              identifierValue: "wx",
              entityType: "FLEET"
            }
          ]
        ])
      }))
  })

  it.live("Capillary's codes come back as the named errors", () =>
    Effect.gen(function*() {
      let next = failure(1632)
      const server = yield* ScriptedCapillary.serve(() => next)
      const loyalty = yield* loyaltyAt(server.url)
      const lookup = { identifier: { type: "mobile" as const, value: "919000000001" } }
      const cases: ReadonlyArray<readonly [number, Effect.Effect<unknown, unknown>, ErrorClass]> = [
        [1632, loyalty.promisedSchedule({ id: groupId }), UserGroupErrors.InvalidGroup],
        [1619, loyalty.earliestExpiry({ primaryUserId: tom }), UserGroupErrors.InvalidGroup],
        [1212, loyalty.promisedSchedule({ id: groupId }), GroupLoyaltyErrors.InvalidEntityType],
        [1101, loyalty.earliestExpiry({ id: groupId }), GroupPointsErrors.InvalidProgram],
        [1632, Stream.runCollect(loyalty.slabHistory(groupId)), UserGroupErrors.InvalidGroup],
        [8013, loyalty.ledgerPage({ id: groupId }, { offset: 0 }), GroupLoyaltyErrors.InvalidIdentifier],
        [1101, Stream.runCollect(loyalty.ledger({ id: groupId })), GroupPointsErrors.InvalidProgram],
        [8015, loyalty.balance(tom), UserGroupErrors.CustomerNotFound],
        [1632, loyalty.tiers(tom), UserGroupErrors.InvalidGroup],
        [1212, loyalty.balance(tom), GroupLoyaltyErrors.InvalidEntityType],
        [8003, loyalty.balance(lookup), GroupLoyaltyErrors.InvalidIdentifier],
        [816, loyalty.tiers(lookup), UserGroupErrors.CustomerNotFound]
      ]
      for (const [code, call, error] of cases) {
        next = failure(code)
        const failed = yield* Effect.flip(call)
        assert.instanceOf(failed, error, `code ${code}`)
        assert.strictEqual((failed as { code: number }).code, code)
      }
    }))
})
