import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { CapillaryError, Pagination } from "../src/index.ts"
import { makeClient } from "./fixtures/client.ts"
import * as Endpoints from "./fixtures/endpoints.ts"
import type { Recorded } from "./fixtures/server.ts"
import { start } from "./fixtures/server.ts"

// Pure paging rules, on plain page shapes.

interface OffsetPage {
  readonly data: ReadonlyArray<number>
  readonly total?: number
}

interface SizePage {
  readonly items: ReadonlyArray<number>
  readonly last?: boolean
}

interface LedgerPage {
  readonly entries: ReadonlyArray<number>
  readonly pageCount?: number
}

type Query = Record<string, unknown>

const offsetPaging = Pagination.offsetLimit<Query, OffsetPage, number>({
  items: (page) => page.data,
  total: (page) => page.total,
  pageSize: 10
})

const sizePaging = Pagination.pageSize<Query, SizePage, number>({
  items: (page) => page.items,
  isLast: (page) => page.last,
  pageSize: 2
})

const ledgerPaging = Pagination.ledger<Query, LedgerPage, number>({
  items: (page) => page.entries,
  pageCount: (page) => page.pageCount,
  pageSize: 10
})

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

// Server-side data for the streaming tests.

const SEARCH_TOTAL = 33
const SEARCH_PAGE = 10
const REWARD_PAGES = [[1, 2], [3, 4], [5]] as const
const LEDGER_PAGES = [range(100, 10), range(110, 10), range(120, 4)] as const

const queryOf = (request: Recorded) => Object.fromEntries(request.query)

const searchPage = (request: Recorded) => {
  const offset = Number(request.query.get("offset"))
  const limit = Number(request.query.get("limit"))
  const ids = range(offset, Math.max(0, Math.min(limit, SEARCH_TOTAL - offset)))
  return {
    json: {
      pagination: { limit, offset, total: SEARCH_TOTAL },
      data: ids.map((userId) => ({ userId })),
      warnings: []
    }
  }
}

describe("Pagination", () => {
  describe("offsetLimit", () => {
    it("starts at offset 0 with the page size, keeping the rest of the query", () => {
      assert.deepStrictEqual(offsetPaging.first({ q: "tom" }), { q: "tom", offset: 0, limit: 10 })
      assert.deepStrictEqual(offsetPaging.first({ q: "tom", offset: 20, limit: 5 }), { q: "tom", offset: 20, limit: 5 })
    })

    it("moves past a full page", () => {
      const query = offsetPaging.first({ q: "tom" })
      assert.deepStrictEqual(offsetPaging.next(query, { data: range(0, 10), total: 33 }), {
        q: "tom",
        offset: 10,
        limit: 10
      })
      assert.deepStrictEqual(offsetPaging.next(query, { data: range(0, 10) }), { q: "tom", offset: 10, limit: 10 })
    })

    it("stops after a short page or an empty one", () => {
      const query = offsetPaging.first({})
      assert.isUndefined(offsetPaging.next(query, { data: range(0, 9), total: 100 }))
      assert.isUndefined(offsetPaging.next(query, { data: [] }))
    })

    it("stops when the reported total is reached, even on a full page", () => {
      assert.isUndefined(offsetPaging.next({ offset: 20, limit: 10 }, { data: range(20, 10), total: 30 }))
      assert.deepStrictEqual(offsetPaging.next({ offset: 10, limit: 10 }, { data: range(10, 10), total: 30 }), {
        offset: 20,
        limit: 10
      })
    })

    it("uses the declared parameter names", () => {
      const paging = Pagination.offsetLimit<Query, OffsetPage, number>({
        items: (page) => page.data,
        pageSize: 3,
        offsetParam: "start",
        limitParam: "count"
      })
      assert.strictEqual(paging.style, "offset-limit")
      const query = paging.first({})
      assert.deepStrictEqual(query, { start: 0, count: 3 })
      assert.deepStrictEqual(paging.next(query, { data: [1, 2, 3] }), { start: 3, count: 3 })
    })
  })

  describe("pageSize", () => {
    it("starts at page 0 (or the declared first page) with the page size", () => {
      assert.deepStrictEqual(sizePaging.first({ brand: "b" }), { brand: "b", page: 0, size: 2 })
      const oneBased = Pagination.pageSize<Query, SizePage, number>({
        items: (page) => page.items,
        pageSize: 5,
        firstPage: 1
      })
      assert.deepStrictEqual(oneBased.first({}), { page: 1, size: 5 })
      assert.deepStrictEqual(oneBased.next({ page: 1, size: 5 }, { items: range(0, 5) }), { page: 2, size: 5 })
    })

    it("follows the response's last flag", () => {
      assert.deepStrictEqual(sizePaging.next({ page: 0, size: 2 }, { items: [1, 2], last: false }), {
        page: 1,
        size: 2
      })
      assert.isUndefined(sizePaging.next({ page: 3, size: 2 }, { items: [1, 2], last: true }))
    })

    it("stops on a short or empty page when the response has no last flag", () => {
      assert.isUndefined(sizePaging.next({ page: 0, size: 2 }, { items: [1] }))
      assert.isUndefined(sizePaging.next({ page: 0, size: 2 }, { items: [], last: false }))
      assert.deepStrictEqual(sizePaging.next({ page: 0, size: 2 }, { items: [1, 2] }), { page: 1, size: 2 })
    })
  })

  describe("ledger", () => {
    it("starts at page 0 with the page size", () => {
      assert.strictEqual(ledgerPaging.style, "ledger")
      assert.deepStrictEqual(ledgerPaging.first({ identifierValue: "9190" }), {
        identifierValue: "9190",
        offset: 0,
        limit: 10
      })
    })

    it("counts offset in pages until pageCount is read", () => {
      const page = { entries: range(0, 10), pageCount: 3 }
      assert.deepStrictEqual(ledgerPaging.next({ offset: 0, limit: 10 }, page), { offset: 1, limit: 10 })
      assert.deepStrictEqual(ledgerPaging.next({ offset: 1, limit: 10 }, page), { offset: 2, limit: 10 })
      assert.isUndefined(ledgerPaging.next({ offset: 2, limit: 10 }, page))
    })

    it("stops without a pageCount or on an empty page", () => {
      assert.isUndefined(ledgerPaging.next({ offset: 0, limit: 10 }, { entries: range(0, 10) }))
      assert.isUndefined(ledgerPaging.next({ offset: 0, limit: 10 }, { entries: [], pageCount: 5 }))
    })
  })

  describe("streaming through the client", () => {
    it.live("reads offset/limit pages up to the reported total", () =>
      Effect.gen(function*() {
        const server = yield* start(searchPage)
        const client = yield* makeClient(server.url)
        const ids = yield* Stream.runCollect(client.stream(Endpoints.searchCustomers, { query: { q: "tom" } }))
        assert.deepStrictEqual(ids.map((item) => item.userId), range(0, SEARCH_TOTAL))
        assert.deepStrictEqual(
          server.requests.map(queryOf),
          [0, 10, 20, 30].map((offset) => ({ q: "tom", offset: String(offset), limit: String(SEARCH_PAGE) }))
        )
        assert.isTrue(server.requests.every((request) => request.path === "/v2/customers/search"))
      }))

    it.live("does not ask for a page past a total that ends on a full page", () =>
      Effect.gen(function*() {
        const server = yield* start((request) => {
          const offset = Number(request.query.get("offset"))
          return {
            json: {
              pagination: { limit: 10, offset, total: 20 },
              data: range(offset, 10).map((userId) => ({ userId }))
            }
          }
        })
        const client = yield* makeClient(server.url)
        const ids = yield* Stream.runCollect(client.stream(Endpoints.searchCustomers, { query: { q: "a" } }))
        assert.deepStrictEqual(ids.map((item) => item.userId), range(0, 20))
        assert.strictEqual(server.requests.length, 2)
      }))

    it.live("reads page/size pages until the page marked last", () =>
      Effect.gen(function*() {
        const server = yield* start((request) => {
          const page = Number(request.query.get("page"))
          const items = REWARD_PAGES[page] ?? []
          return {
            json: {
              status: { success: true, code: 6101, message: "Rewards fetched" },
              rewardList: items.map((id) => ({ id })),
              pagingDto: { last: page === REWARD_PAGES.length - 1, totalPages: REWARD_PAGES.length }
            }
          }
        })
        const client = yield* makeClient(server.url)
        const rewards = yield* Stream.runCollect(
          client.stream(Endpoints.rewardList, { path: { brandId: "b1" }, query: {} })
        )
        assert.deepStrictEqual(rewards.map((reward) => reward.id), [1, 2, 3, 4, 5])
        assert.deepStrictEqual(server.requests.map(queryOf), [
          { page: "0", size: "2" },
          { page: "1", size: "2" },
          { page: "2", size: "2" }
        ])
        assert.isTrue(
          server.requests.every((request) => request.path === "/api_gateway/rewards/core/v1/reward/list/brand/b1")
        )
      }))

    it.live("reads ledger pages by page number up to pageCount", () =>
      Effect.gen(function*() {
        const server = yield* start((request) => {
          const page = Number(request.query.get("offset"))
          return {
            json: {
              ledgerDetails: { pageNumber: page, pageCount: LEDGER_PAGES.length },
              ledgerEntries: (LEDGER_PAGES[page] ?? []).map((eventLogId) => ({ eventLogId }))
            }
          }
        })
        const client = yield* makeClient(server.url)
        const entries = yield* Stream.runCollect(
          client.stream(Endpoints.ledgerInfo, { query: { identifierValue: "919000000001" } })
        )
        assert.deepStrictEqual(entries.map((entry) => entry.eventLogId), LEDGER_PAGES.flat())
        assert.deepStrictEqual(server.requests.map(queryOf), [
          { identifierValue: "919000000001", offset: "0", limit: "10" },
          { identifierValue: "919000000001", offset: "1", limit: "10" },
          { identifierValue: "919000000001", offset: "2", limit: "10" }
        ])
      }))

    it.live("reads lazily: only the pages the consumer pulls are requested", () =>
      Effect.gen(function*() {
        const server = yield* start(searchPage)
        const client = yield* makeClient(server.url)
        const stream = client.stream(Endpoints.searchCustomers, { query: { q: "tom" } })
        const three = yield* Stream.runCollect(Stream.take(stream, 3))
        assert.deepStrictEqual(three.map((item) => item.userId), [0, 1, 2])
        assert.strictEqual(server.requests.length, 1)
        const twelve = yield* Stream.runCollect(Stream.take(stream, 12))
        assert.deepStrictEqual(twelve.map((item) => item.userId), range(0, 12))
        assert.strictEqual(server.requests.length, 3, "a second run starts again and reads two pages")
      }))

    it.live("yields the items of the pages read, then the typed error of the page that failed", () =>
      Effect.gen(function*() {
        const server = yield* start((request) => {
          const offset = Number(request.query.get("offset"))
          if (offset > 0) {
            return {
              status: 400,
              json: { errors: [{ status: false, code: 8015, message: "Customer not found for the given identifiers" }] }
            }
          }
          return { json: { pagination: { limit: 5, offset }, data: range(1, 5).map((id) => ({ id })) } }
        })
        const client = yield* makeClient(server.url)
        const results = yield* Stream.runCollect(
          Stream.result(client.stream(Endpoints.customerTransactions, { path: { id: 7 }, query: { sortOrder: "ASC" } }))
        )
        assert.deepStrictEqual(
          results.slice(0, -1).map((result) => result._tag === "Success" ? result.success.id : "failure"),
          [1, 2, 3, 4, 5]
        )
        const last = results.at(-1)!
        assert(last._tag === "Failure")
        assert.instanceOf(last.failure, Endpoints.CustomerNotFound)
        assert.strictEqual((last.failure as Endpoints.CustomerNotFound).code, 8015)
        assert.deepStrictEqual(server.requests.map(queryOf), [
          { sortOrder: "ASC", offset: "0", limit: "5" },
          { sortOrder: "ASC", offset: "5", limit: "5" }
        ])
        assert.isTrue(server.requests.every((request) => request.path === "/v2/customers/7/transactions"))
      }))

    it.live("stops after a short page when the response reports no total", () =>
      Effect.gen(function*() {
        const server = yield* start((request) => {
          const offset = Number(request.query.get("offset"))
          const ids = offset === 0 ? range(1, 5) : range(6, 2)
          return { json: { pagination: { limit: 5, offset }, data: ids.map((id) => ({ id })) } }
        })
        const client = yield* makeClient(server.url)
        const items = yield* Stream.runCollect(
          client.stream(Endpoints.customerTransactions, { path: { id: 7 }, query: {} })
        )
        assert.deepStrictEqual(items.map((item) => item.id), range(1, 7))
        assert.strictEqual(server.requests.length, 2)
      }))

    it.live("fails with InvalidRequest on an endpoint that is not paged, sending nothing", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: { id: 1, firstName: "Tom" } }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(
          Stream.runCollect(client.stream(Endpoints.getCustomer, { path: { id: 1 }, query: {} }))
        )
        assert.instanceOf(error, CapillaryError.CapillaryError)
        const failure = error as CapillaryError.CapillaryError
        assert.strictEqual(failure.reason._tag, "InvalidRequest")
        assert.strictEqual(failure.endpoint, "test.getCustomer")
        assert.strictEqual(failure.attempts, 0)
        assert.strictEqual(server.requests.length, 0)
      }))
  })
})
