/**
 * The points service against a scripted server over a real socket: what each read sends, how the ledger is
 * streamed page by page, which errors come back, and that reads are retried.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Points, PointsErrors } from "../src/index.ts"
import { type Answer, failure, type Sent, serve } from "./fixtures/capillary.ts"
import * as Documented from "./fixtures/points.ts"
import { pointsAt } from "./fixtures/points.ts"

const tom = Points.CustomerId.make(100001)
const groupProgram = Points.ProgramId.make(1002)

const entry = (eventLogId: number) => ({
  eventLogId,
  eventName: "TransactionAdd",
  ledgerCreatedDate: "2026-01-01 10:00:00.0",
  entryDetails: [{
    ledgerEntryType: "CREDIT",
    points: "1.000",
    pointsCategory: "Main",
    programName: "P",
    programId: 1001
  }],
  netPointsOnEvent: "1.000"
})

/** A ledger of `total` entries, answered a page at a time. */
const ledgerPages = (total: number) => (request: Sent): Answer => {
  const limit = Number(request.query.limit ?? "10")
  const offset = Number(request.query.offset ?? "0")
  const ids = Array.from({ length: total }, (_, i) => i + 1).slice(offset * limit, (offset + 1) * limit)
  return {
    json: {
      customerDetails: { userId: tom, entityType: "CUSTOMER" },
      ledgerDetails: { pageNumber: offset, pageSize: limit, totalEntries: total, pageCount: Math.ceil(total / limit) },
      ledgerEntries: ids.map(entry),
      warnings: []
    }
  }
}

const sentQueries = (server: { readonly sent: ReadonlyArray<Sent> }) =>
  server.sent.map(({ method, path, query }) => [method, path, query])

describe("PointsService", () => {
  it.live("sends each read to its route, the friendly input as Capillary's query", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.path.endsWith("/points/balance")
          ? { json: Documented.balanceResponse }
          : request.path.endsWith("getCustomerLedgerBalance")
          ? { json: Documented.ledgerBalanceResponse }
          : { json: Documented.ledgerInfoResponse }
      )
      const points = yield* pointsAt(server.url)

      const balance = yield* points.balance(tom)
      assert.strictEqual(balance.mainPoints, 8500)
      yield* points.balance(tom, { programId: groupProgram })
      yield* points.groupBalance(tom)
      yield* points.groupBalance(tom, { programId: groupProgram })
      const ledger = yield* points.ledgerBalance({ customerId: tom })
      assert.strictEqual(ledger.ledgerDetails.ledgerClosingBalance[2]?.closingBalance, 30000)
      yield* points.ledgerBalance(
        { source: "WECHAT", accountId: "wx-1", identifier: { type: "mobile", value: "919000000001" } },
        { programId: groupProgram, pointCategoryType: "REGULAR", endDate: "2026-01-31T23:59:59" }
      )
      const info = yield* points.ledgerInfo({ group: { externalId: "demo-family" } }, {
        page: 1,
        pageSize: 5,
        sortOrder: "DESC",
        ledgerEntryType: "CREDIT",
        pointCategoryType: "PROMISED",
        programId: groupProgram,
        startDate: "2026-01-01T00:00:00",
        endDate: "2026-01-31T23:59:59"
      })
      assert.strictEqual(info.ledgerEntries?.length, 2)
      yield* points.ledgerInfo({ group: { id: 2361 } })
      yield* points.ledgerInfo({ group: { primaryUserId: tom } })

      assert.deepStrictEqual(sentQueries(server), [
        ["GET", "/v2/customers/100001/points/balance", {}],
        ["GET", "/v2/customers/100001/points/balance", { programId: "1002" }],
        ["GET", "/v2/customers/100001/points/balance", { entityType: "FLEET" }],
        ["GET", "/v2/customers/100001/points/balance", { programId: "1002", entityType: "FLEET" }],
        ["GET", "/v2/pointsLedger/getCustomerLedgerBalance", {
          identifierName: "id",
          identifierValue: "100001",
          source: "INSTORE"
        }],
        ["GET", "/v2/pointsLedger/getCustomerLedgerBalance", {
          identifierName: "mobile",
          identifierValue: "919000000001",
          source: "WECHAT",
          accountId: "wx-1",
          programId: "1002",
          pointCategoryType: "REGULAR",
          endDate: "2026-01-31T23:59:59"
        }],
        ["GET", "/v2/pointsLedger/getCustomerLedgerInfo", {
          type: "USERGROUP2",
          identifierName: "externalId",
          identifierValue: "demo-family",
          source: "INSTORE",
          programId: "1002",
          ledgerEntryType: "CREDIT",
          pointCategoryType: "PROMISED",
          startDate: "2026-01-01T00:00:00",
          endDate: "2026-01-31T23:59:59",
          sortOrder: "DESC",
          limit: "5",
          offset: "1"
        }],
        ["GET", "/v2/pointsLedger/getCustomerLedgerInfo", {
          type: "USERGROUP2",
          identifierName: "id",
          identifierValue: "2361",
          source: "INSTORE"
        }],
        ["GET", "/v2/pointsLedger/getCustomerLedgerInfo", {
          type: "USERGROUP2",
          identifierName: "primaryUserId",
          identifierValue: "100001",
          source: "INSTORE"
        }]
      ])
    }))

  it.live("streams every ledger entry, one page after another, offset being the page number", () =>
    Effect.gen(function*() {
      const server = yield* serve(ledgerPages(23))
      const points = yield* pointsAt(server.url)
      const entries = yield* Stream.runCollect(points.ledgerEntries({ customerId: tom }))
      assert.deepStrictEqual(entries.map((item) => item.eventLogId), Array.from({ length: 23 }, (_, i) => i + 1))
      assert.deepStrictEqual(server.sent.map(({ query }) => [query.offset, query.limit]), [["0", "10"], ["1", "10"], [
        "2",
        "10"
      ]])
      // smaller pages, read lazily: taking 7 reads two pages of 5
      const lazy = yield* serve(ledgerPages(23))
      const lazyPoints = yield* pointsAt(lazy.url)
      const seven = yield* Stream.runCollect(
        lazyPoints.ledgerEntries({ customerId: tom }, { pageSize: 5 }).pipe(Stream.take(7))
      )
      assert.strictEqual(seven.length, 7)
      assert.deepStrictEqual(lazy.sent.map(({ query }) => query.offset), ["0", "1"])
      // an empty ledger is one request
      const empty = yield* serve(ledgerPages(0))
      const emptyPoints = yield* pointsAt(empty.url)
      assert.deepStrictEqual(yield* Stream.runCollect(emptyPoints.ledgerEntries({ customerId: tom })), [])
      assert.strictEqual(empty.sent.length, 1)
    }))

  it.live("turns Capillary's codes into the named errors of each read", () =>
    Effect.gen(function*() {
      let next = failure(8015, "Customer not found for the given identifiers")
      const server = yield* serve(() => next)
      const points = yield* pointsAt(server.url)
      const reads: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        points.balance(tom),
        points.ledgerBalance({ customerId: tom }),
        points.ledgerInfo({ customerId: tom }),
        Stream.runCollect(points.ledgerEntries({ customerId: tom }))
      ]
      const expectations: ReadonlyArray<readonly [number, new(...args: never) => unknown]> = [
        [8015, PointsErrors.PointsCustomerNotFound],
        [816, PointsErrors.PointsCustomerNotFound],
        [1101, PointsErrors.InvalidProgram],
        [1632, PointsErrors.InvalidUserGroup],
        [1619, PointsErrors.InvalidUserGroup]
      ]
      for (const [code, error] of expectations) {
        next = failure(code, "refused")
        for (const read of reads) {
          const failed = yield* Effect.flip(read)
          assert.instanceOf(failed, error)
          assert.strictEqual((failed as { code: number }).code, code)
        }
      }
      // not a points error: the core error, with Capillary's code
      next = failure(1212, "Invalid entityType")
      const other = yield* Effect.flip(points.balance(tom))
      assert.instanceOf(other, CapillaryError.CapillaryError)
      assert.strictEqual((other as CapillaryError.CapillaryError).reason._tag, "ApiError")
    }))

  it.live("a read is retried after a transient failure", () =>
    Effect.gen(function*() {
      let calls = 0
      const server = yield* serve((): Answer => (++calls === 1 ? "reset" : { json: Documented.balanceResponse }))
      const points = yield* pointsAt(server.url)
      assert.strictEqual((yield* points.balance(tom)).totalPoints, 8500)
      assert.strictEqual(server.sent.length, 2)
    }))

  it.live("refuses a bad query before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: Documented.ledgerInfoResponse }))
      const points = yield* pointsAt(server.url)
      const attempts: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        points.ledgerInfo({ customerId: tom }, { pageSize: 11 }),
        points.ledgerInfo({ customerId: tom }, { page: -1 }),
        points.ledgerBalance({ customerId: tom }, { endDate: "2026-01-31" })
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 0)
    }))
})
