/** The group loyalty declarations as data: routes, variants, idempotency, error codes, paging, wire schemas. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { GroupLoyalty, GroupLoyaltyApi } from "../src/index.ts"
import * as Documented from "./fixtures/loyalty.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const group = { 1619: "InvalidGroup", 1632: "InvalidGroup" }
const program = { 1101: "InvalidProgram" }
const member = { 8015: "CustomerNotFound", 816: "CustomerNotFound" }
const lookup = { 8013: "InvalidIdentifier", 8003: "InvalidIdentifier" }

describe("GroupLoyaltyApi", () => {
  it("declares the eight reads; the ledger and member reads share customer paths, told apart by a variant", () => {
    assert.deepStrictEqual(
      GroupLoyaltyApi.endpoints.map((endpoint) => [
        endpoint.id,
        endpoint.method,
        endpoint.path,
        endpoint.family,
        endpoint.section,
        endpoint.variant
      ]),
      [
        [
          "usergroups.pointsExpirySchedule",
          "GET",
          "/v2/userGroup2/pointsExpirySchedule",
          "v2",
          "User group",
          undefined
        ],
        [
          "usergroups.promisedPointsSchedule",
          "GET",
          "/v2/userGroup2/promisedPointsSchedule",
          "v2",
          "User group",
          undefined
        ],
        ["usergroups.slabHistory", "GET", "/v2/userGroup2/slabHistory", "v2", "User group", undefined],
        [
          "usergroups.groupLedger",
          "GET",
          "/v2/pointsLedger/getCustomerLedgerInfo",
          "v2",
          "User group",
          { type: "USERGROUP2" }
        ],
        [
          "usergroups.groupBalance",
          "GET",
          "/v2/customers/{userId}/points/balance",
          "v2",
          "Customer",
          { entityType: "FLEET" }
        ],
        [
          "usergroups.groupBalanceLookup",
          "GET",
          "/v2/customers/lookup/points/balance",
          "v2",
          "Customer (Lookup)",
          { entityType: "FLEET" }
        ],
        ["usergroups.groupTiers", "GET", "/v2/customers/{userId}/tierDetails", "v2", "Customer", {
          entityType: "FLEET"
        }],
        [
          "usergroups.groupTiersLookup",
          "GET",
          "/v2/customers/lookup/tierDetails",
          "v2",
          "Customer (Lookup)",
          { entityType: "FLEET" }
        ]
      ]
    )
  })

  it("every one is a read that changes nothing, with its own rate-limit family per path", () => {
    for (const endpoint of GroupLoyaltyApi.endpoints) {
      assert.deepStrictEqual(endpoint.idempotency, Endpoint.read)
      assert.deepStrictEqual(endpoint.reversibility, Endpoint.noEffect)
      assert.strictEqual(endpoint.rateLimitFamily, `GET ${endpoint.path}`)
      assert.strictEqual(endpoint.body, undefined)
    }
  })

  it("maps each documented code to its named error, on the reads where it can occur", () => {
    const schedule = { ...group, ...program, 1212: "InvalidEntityType" }
    assert.deepStrictEqual(codesOf(GroupLoyaltyApi.pointsExpirySchedule), schedule)
    assert.deepStrictEqual(codesOf(GroupLoyaltyApi.promisedPointsSchedule), schedule)
    assert.deepStrictEqual(codesOf(GroupLoyaltyApi.slabHistory), group)
    assert.deepStrictEqual(codesOf(GroupLoyaltyApi.groupLedger), { ...group, ...program, ...lookup })
    const fleet = { ...member, ...group, ...program, 1212: "InvalidEntityType" }
    assert.deepStrictEqual(codesOf(GroupLoyaltyApi.groupBalance), fleet)
    assert.deepStrictEqual(codesOf(GroupLoyaltyApi.groupTiers), fleet)
    assert.deepStrictEqual(codesOf(GroupLoyaltyApi.groupBalanceLookup), { ...fleet, ...lookup })
    assert.deepStrictEqual(codesOf(GroupLoyaltyApi.groupTiersLookup), { ...fleet, ...lookup })
  })

  it("pages the expiry schedule by limit / offset: the next page follows a full one", () => {
    const paging = GroupLoyaltyApi.pointsExpirySchedule.paging!
    assert.strictEqual(paging.style, "offset-limit")
    const first = paging.first({ id: 1 } as never) as Record<string, unknown>
    assert.deepStrictEqual(first, { id: 1, offset: 0, limit: GroupLoyalty.schedulePageSize })
    const item = Documented.expirySchedule.expirySchedules[0]!
    const full = { expirySchedules: Array.from({ length: 20 }, () => item), warnings: [] } as never
    assert.deepStrictEqual(paging.next(first as never, full), { id: 1, offset: 20, limit: 20 } as never)
    assert.strictEqual(paging.next(first as never, Documented.expirySchedule as never), undefined)
  })

  it("pages the tier log by pageSize / offset up to its total", () => {
    const paging = GroupLoyaltyApi.slabHistory.paging!
    const first = paging.first({ fleetGroupId: 11421 } as never) as Record<string, unknown>
    assert.deepStrictEqual(first, { fleetGroupId: 11421, offset: 0, pageSize: 20 })
    const page = Schema.decodeUnknownSync(GroupLoyalty.SlabHistory)(Documented.slabHistory)
    assert.deepStrictEqual(
      paging.next(first as never, page),
      { fleetGroupId: 11421, offset: 20, pageSize: 20 } as never
    )
    const last = { ...page, data: page.data.slice(0, 12), pagination: { limit: 20, offset: 20, total: 32 } }
    assert.strictEqual(paging.next({ fleetGroupId: 11421, offset: 20, pageSize: 20 } as never, last), undefined)
    assert.deepStrictEqual(paging.items(page).length, 20)
  })

  it("pages the group ledger by page number up to its page count", () => {
    const paging = GroupLoyaltyApi.groupLedger.paging!
    assert.strictEqual(paging.style, "ledger")
    const page = Schema.decodeUnknownSync(GroupLoyalty.GroupLedger)(Documented.groupLedger)
    const query = { identifierName: "id", identifierValue: "3832765" } as never
    assert.deepStrictEqual(paging.first(query) as unknown, { ...(query as object), offset: 0, limit: 10 })
    assert.strictEqual(paging.next(paging.first(query), page), undefined)
    const twoPages = { ...page, ledgerDetails: { ...page.ledgerDetails, pageCount: 2 } }
    assert.deepStrictEqual((paging.next(paging.first(query), twoPages) as { offset: number }).offset, 1)
    assert.strictEqual(paging.items(page).length, 5)
  })

  it("every documented answer is a valid wire body of its endpoint", () => {
    const cases: ReadonlyArray<readonly [Endpoint.Any, unknown]> = [
      [GroupLoyaltyApi.pointsExpirySchedule, Documented.expirySchedule],
      [GroupLoyaltyApi.promisedPointsSchedule, Documented.promisedSchedule],
      [GroupLoyaltyApi.slabHistory, Documented.slabHistory],
      [GroupLoyaltyApi.groupLedger, Documented.groupLedger],
      [GroupLoyaltyApi.groupBalance, Documented.pointsBalance],
      [GroupLoyaltyApi.groupBalanceLookup, Documented.pointsBalance],
      [GroupLoyaltyApi.groupTiers, Documented.tierDetails],
      [GroupLoyaltyApi.groupTiersLookup, Documented.tierDetailsLight]
    ]
    for (const [endpoint, body] of cases) {
      const codec = endpoint.success as Endpoint.Codec<unknown>
      assert.deepStrictEqual(Schema.encodeSync(codec)(Schema.decodeUnknownSync(codec)(body)), body, endpoint.id)
    }
  })
})
