/**
 * Contract tests of the points ledger: the points reads of `@capillary-effect/rewards` and the group points
 * transfers of `@capillary-effect/usergroups` run through the SDK, over real HTTP, against the emulator's
 * double-entry ledger. The catalog is the default one plus `LedgerBehaviours.catalog`, and the demo points are
 * seeded with `LedgerBehaviours.seedDemo` when the layer starts.
 */
import { CapillaryError } from "@capillary-effect/core"
import { Customers } from "@capillary-effect/customers"
import { Points, PointsErrors, PointsService } from "@capillary-effect/rewards"
import {
  GroupPoints,
  GroupPointsErrors,
  GroupPointsService,
  UserGroup,
  UserGroupErrors,
  UserGroups
} from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, EmulatorDatabase, Faults, LedgerBehaviours, RequestLog, Seed } from "../src/index.ts"
import * as Ledger from "../src/internal/ledger.ts"
import { admin } from "./fixtures/admin.ts"
import { tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const fastRetries = { baseDelay: "1 millis", maxDelay: "5 millis", maxRetries: 3 } as const

const catalog = Emulator.catalog(Emulator.defaultCatalog, LedgerBehaviours.catalog)

const { ann, bob, tom } = Seed.demo.customers
const orgId = Seed.demo.org.id
const loyalty = Points.ProgramId.make(Seed.demo.programs.loyalty)
const groupProgram = Points.ProgramId.make(Seed.demo.programs.group)
const tomId = Points.CustomerId.make(tom.id)

const customerSide = (mobile: string): GroupPoints.CustomerEntity => ({
  type: "CUSTOMER",
  identifierType: "mobile",
  identifierValue: mobile,
  source: "INSTORE"
})

const groupSide = (id: number): GroupPoints.GroupEntity => ({
  type: "USERGROUP2",
  identifierType: "id",
  identifierValue: String(id)
})

const by = (mobile: string): GroupPoints.TransferredBy => ({
  identifierType: "mobile",
  identifierValue: mobile,
  source: "INSTORE"
})

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

/** A direct ledger write in its own transaction, its database errors as defects. */
const write = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  SqlClient.SqlClient.use((sql) => sql.withTransaction(self)).pipe(Effect.catchTag("SqlError", Effect.die))

let nextMobile = 919_400_000_000

/** New customers of the demo org, registered through the SDK: their ids and mobiles. */
const newCustomers = (count: number) =>
  Effect.gen(function*() {
    const customers = yield* Customers.Customers
    return yield* Effect.forEach(Array.from({ length: count }), () => {
      const mobile = String(nextMobile++)
      return Effect.map(
        customers.add({
          profiles: [{ source: "INSTORE", firstName: "Member", identifiers: [{ type: "mobile", value: mobile }] }]
        }),
        ({ createdId }) => ({ id: Points.CustomerId.make(createdId), mobile })
      )
    })
  })

let nextGroup = 0

/** A new group of the demo org with a primary member and others (permissions per member); its id. */
const newGroup = (
  primary: { readonly id: number },
  members: ReadonlyArray<{ readonly id: number; readonly permissions?: ReadonlyArray<string> }> = []
) =>
  Effect.gen(function*() {
    const userGroups = yield* UserGroups.UserGroups
    const externalId = `ledger-group-${++nextGroup}`
    const { entity } = yield* userGroups.create({
      externalId,
      groupName: `Ledger group ${nextGroup}`,
      maxGroupSize: 10
    })
    yield* userGroups.join({ id: entity }, [
      { userId: UserGroup.CustomerId.make(primary.id), primaryMember: true },
      ...members.map((member) => ({
        userId: UserGroup.CustomerId.make(member.id),
        ...(member.permissions === undefined ? {} : { permissions: member.permissions })
      }))
    ])
    return { id: entity, externalId }
  })

const demoFamily = Effect.map(
  UserGroups.UserGroups.use((userGroups) => userGroups.get({ externalId: "demo-family" })),
  (group) => group.id
)

/** What the ledger holds, counted. */
const counts = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ events: number; entries: number; transfers: number }>`SELECT
      (SELECT COUNT(*) FROM ledger_events) AS events,
      (SELECT COUNT(*) FROM ledger_entries) AS entries,
      (SELECT COUNT(*) FROM points_transfers) AS transfers`,
    (rows) => rows[0]!
  )
)

/** Every invariant of the ledger holds. */
const assertSound = Effect.gen(function*() {
  const audit = yield* LedgerBehaviours.audit
  assert.isNotEmpty(audit.sumByOrg)
  for (const { sum } of audit.sumByOrg) assert.strictEqual(sum, 0)
  assert.deepStrictEqual(
    [audit.unbalancedEvents, audit.negativeWallets, audit.driftedAccounts, audit.inconsistentTotals, audit.lotDrift],
    [0, 0, 0, 0, 0]
  )
})

/** The points service of the other organisation's till. */
const otherOrgPoints = tillService(
  PointsService.Points,
  PointsService.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

const emulator = Emulator.layerTest({ catalog, client: { retry: fastRetries } })
const seeded = Layer.effectDiscard(LedgerBehaviours.seedDemo).pipe(Layer.provideMerge(emulator))
const testLayer = Layer.mergeAll(PointsService.layer, GroupPointsService.layer, UserGroups.layer, Customers.layer).pipe(
  Layer.provideMerge(seeded)
)

layer(testLayer, { excludeTestServices: true })("Points ledger against the emulator", (it) => {
  describe("demo seed and balances", () => {
    it.effect("seedDemo awards the demo points through the ledger, once", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const familyId = yield* demoFamily
        for (const [customer, expected] of [[tom, 5000], [ann, 1200], [bob, 300]] as const) {
          const balance = yield* points.balance(Points.CustomerId.make(customer.id))
          assert.deepStrictEqual(balance, {
            entityId: customer.id,
            entityType: "CUSTOMER",
            totalPoints: expected,
            mainPoints: expected,
            promisedPoints: 0,
            promisedPointsBreakup: { delayedAccrualPoints: 0, externalTriggerBasedPoints: 0 },
            warnings: []
          })
        }
        // the group's wallet is in the group program; a customer's in the default one
        const fleet = yield* points.groupBalance(tomId)
        assert.deepStrictEqual([fleet.entityId, fleet.entityType, fleet.mainPoints], [familyId, "FLEET", 2000])
        assert.strictEqual((yield* points.groupBalance(Points.CustomerId.make(bob.id))).entityId, familyId)
        assert.strictEqual((yield* points.balance(tomId, { programId: groupProgram })).mainPoints, 0)
        assert.strictEqual((yield* points.groupBalance(tomId, { programId: loyalty })).mainPoints, 0)

        const before = yield* counts
        yield* LedgerBehaviours.seedDemo
        assert.deepStrictEqual(yield* counts, before)
        assert.strictEqual(before.events, 4)
        yield* assertSound
      }))

    it.effect("the ledger balance has a closing balance per program and points category", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const balance = yield* points.ledgerBalance({ customerId: tomId })
        assert.deepStrictEqual(balance.customerDetails, {
          userId: tom.id,
          externalId: tom.externalId,
          firstName: tom.firstName,
          lastName: tom.lastName,
          entityType: "CUSTOMER"
        })
        const { ledgerClosingBalance, ...page } = balance.ledgerDetails
        assert.deepStrictEqual(page, { pageNumber: 0, pageSize: 10, totalEntries: 1, pageCount: 1 })
        assert.deepStrictEqual(
          ledgerClosingBalance.map((row) => [row.programId, row.pointsCategory, row.closingBalance]),
          [
            [loyalty, "Main", 5000],
            [loyalty, "DelayedAccrualPointCategory", 0],
            [loyalty, "ExternalTriggerBasedPointCategory", 0],
            [groupProgram, "Main", 0],
            [groupProgram, "DelayedAccrualPointCategory", 0],
            [groupProgram, "ExternalTriggerBasedPointCategory", 0]
          ]
        )
        const regular = yield* points.ledgerBalance(
          { source: "INSTORE", identifier: { type: "mobile", value: tom.mobile } },
          { programId: loyalty, pointCategoryType: "REGULAR" }
        )
        assert.deepStrictEqual(
          regular.ledgerDetails.ledgerClosingBalance.map((row) => [row.programName, row.closingBalance]),
          [["DemoLoyalty", 5000]]
        )
        // before the seed, nothing
        const past = yield* points.ledgerBalance({ customerId: tomId }, { endDate: "2000-01-01T00:00:00" })
        assert.deepStrictEqual(past.ledgerDetails.totalEntries, 0)
        assert.isTrue(past.ledgerDetails.ledgerClosingBalance.every((row) => row.closingBalance === 0))
        // a group's ledger
        const family = yield* points.ledgerBalance({ group: { externalId: "demo-family" } }, {
          programId: groupProgram
        })
        assert.deepStrictEqual(
          [family.customerDetails.userId, family.customerDetails.entityType],
          [yield* demoFamily, "FLEET"]
        )
        assert.strictEqual(family.ledgerDetails.ledgerClosingBalance[0]!.closingBalance, 2000)
      }))

    it.effect("the user group read has its points summary from the ledger", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const group = yield* userGroups.get({ externalId: "demo-family" })
        const [summary] = group.pointsSummaries ?? []
        assert.strictEqual(group.pointsSummaries?.length, 1)
        assert.deepStrictEqual(
          [summary?.programId, summary?.programTitle, summary?.loyaltyPoints, summary?.lifetimePoints],
          [groupProgram, "DemoGroupLoyalty", 2000, 2000]
        )
        // 2,000 lifetime points: Gold (from 1,000), next Platinum (from 5,000)
        assert.deepStrictEqual(
          [summary?.currentSlab, summary?.slabSNo, summary?.nextSlab, summary?.nextSlabSerialNumber],
          ["Gold", 2, "Platinum", 3]
        )
        assert.deepStrictEqual(
          [summary?.redeemed, summary?.expired, summary?.returned, summary?.adjusted, summary?.delayedPoints],
          [0, 0, 0, 0, 0]
        )
        // a group without points activity has no summaries
        const [primary] = yield* newCustomers(1)
        const { id } = yield* newGroup(primary!)
        assert.deepStrictEqual((yield* userGroups.get({ id })).pointsSummaries, [])
      }))

    it.effect("unknown customers, programs and groups fail with the named errors", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const stranger = Points.CustomerId.make(987_654_321)
        const notFound = yield* expectFailure(points.balance(stranger))
        assert.instanceOf(notFound, PointsErrors.PointsCustomerNotFound)
        assert.strictEqual((notFound as PointsErrors.PointsCustomerNotFound).code, 8015)
        const program = yield* expectFailure(points.balance(tomId, { programId: Points.ProgramId.make(9999) }))
        assert.instanceOf(program, PointsErrors.InvalidProgram)
        assert.strictEqual((program as PointsErrors.InvalidProgram).code, 1101)
        // Ann is in no group
        const noGroup = yield* expectFailure(points.groupBalance(Points.CustomerId.make(ann.id)))
        assert.instanceOf(noGroup, PointsErrors.InvalidUserGroup)
        assert.strictEqual((noGroup as PointsErrors.InvalidUserGroup).code, 1632)
        assert.instanceOf(
          yield* expectFailure(
            points.ledgerBalance({ source: "ALL", identifier: { type: "mobile", value: "919999999999" } })
          ),
          PointsErrors.PointsCustomerNotFound
        )
        assert.instanceOf(
          yield* expectFailure(points.ledgerInfo({ group: { id: 987_654_321 } })),
          PointsErrors.InvalidUserGroup
        )
        assert.instanceOf(
          yield* expectFailure(points.ledgerInfo({ customerId: tomId }, { programId: Points.ProgramId.make(9999) })),
          PointsErrors.InvalidProgram
        )
        // the other organisation does not see the demo org's customers
        const other = yield* otherOrgPoints
        assert.instanceOf(yield* expectFailure(other.balance(tomId)), PointsErrors.PointsCustomerNotFound)
        // refused before sending: a page holds at most 10 entries
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const tooBig = yield* expectFailure(points.ledgerInfo({ customerId: tomId }, { pageSize: 11 }))
        assert.instanceOf(tooBig, CapillaryError.CapillaryError)
        assert.strictEqual((tooBig as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
        assert.deepStrictEqual(yield* log.recent(10), [])
      }))
  })

  describe("ledger entries", () => {
    it.effect("pages of at most 10 entries, streamed across every page", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const log = yield* RequestLog.RequestLog
        const [customer] = yield* newCustomers(1)
        const owner = LedgerBehaviours.customer(orgId, customer!.id)
        for (let n = 1; n <= 23; n++) yield* LedgerBehaviours.award(owner, loyalty, n, `award ${n}`)
        yield* LedgerBehaviours.redeem(owner, loyalty, 6, "a redemption", { eventName: "PointsRedemption" })

        yield* log.clear
        const entries = yield* Stream.runCollect(points.ledgerEntries({ customerId: customer!.id }))
        assert.strictEqual(entries.length, 24)
        assert.deepStrictEqual(
          entries.slice(0, 23).map((entry) => entry.netPointsOnEvent),
          Array.from({ length: 23 }, (_, i) => i + 1)
        )
        const last = entries[23]!
        assert.deepStrictEqual([last.eventName, last.netPointsOnEvent], ["PointsRedemption", -6])
        assert.deepStrictEqual(last.entryDetails, [{
          ledgerEntryType: "DEBIT",
          points: 6,
          pointsCategory: "Main",
          programName: "DemoLoyalty",
          programId: loyalty
        }])
        assert.strictEqual(new Set(entries.map((entry) => entry.eventLogId)).size, 24)
        assert.match(entries[0]!.ledgerCreatedDate, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,3}$/)
        // three pages: offset is the page number
        const requests = yield* log.recent(10)
        assert.deepStrictEqual(
          requests.map((entry) => [entry.endpoint, new URL(`http://x${entry.url}`).searchParams.get("offset")]),
          [["rewards.ledgerInfo", "0"], ["rewards.ledgerInfo", "1"], ["rewards.ledgerInfo", "2"]]
        )

        const third = yield* points.ledgerInfo({ customerId: customer!.id }, { page: 2 })
        assert.deepStrictEqual(third.ledgerDetails, { pageNumber: 2, pageSize: 10, totalEntries: 24, pageCount: 3 })
        assert.strictEqual(third.ledgerEntries?.length, 4)
        const beyond = yield* points.ledgerInfo({ customerId: customer!.id }, { page: 3 })
        assert.deepStrictEqual(beyond.ledgerEntries, [])

        // newest first, smaller pages, filters
        const newest = yield* Stream.runCollect(
          points.ledgerEntries({ customerId: customer!.id }, { sortOrder: "DESC", pageSize: 5 })
        )
        assert.deepStrictEqual(newest.map((entry) => entry.eventLogId), [...entries].reverse().map((e) => e.eventLogId))
        const debits = yield* Stream.runCollect(
          points.ledgerEntries({ customerId: customer!.id }, { ledgerEntryType: "DEBIT" })
        )
        assert.deepStrictEqual(debits.map((entry) => entry.netPointsOnEvent), [-6])
        const promised = yield* Stream.runCollect(
          points.ledgerEntries({ customerId: customer!.id }, { pointCategoryType: "PROMISED" })
        )
        assert.deepStrictEqual(promised, [])
        const balance = yield* points.balance(customer!.id)
        assert.strictEqual(balance.mainPoints, (23 * 24) / 2 - 6)
        yield* assertSound
      }))

    it.effect("promised points are not redeemable: their own bucket and category", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const [customer] = yield* newCustomers(1)
        const owner = LedgerBehaviours.customer(orgId, customer!.id)
        yield* LedgerBehaviours.award(owner, loyalty, 100, "bill", { eventName: "TransactionAdd" })
        yield* LedgerBehaviours.award(owner, loyalty, 40.125, "promised", {
          eventName: "TransactionAdd",
          bucket: "PROMISED"
        })
        const balance = yield* points.balance(customer!.id)
        assert.deepStrictEqual(
          [balance.mainPoints, balance.promisedPoints, balance.totalPoints, balance.promisedPointsBreakup],
          [100, 40.125, 140.125, { delayedAccrualPoints: 40.125, externalTriggerBasedPoints: 0 }]
        )
        const entries = yield* Stream.runCollect(
          points.ledgerEntries({ customerId: customer!.id }, { pointCategoryType: "PROMISED" })
        )
        assert.deepStrictEqual(
          entries.map((entry) => [entry.entryDetails[0]?.pointsCategory, entry.netPointsOnEvent]),
          [["DelayedAccrualPointCategory", 40.125]]
        )
        // a redemption of promised points is refused by the wallet's guard, and nothing of it is written
        const before = yield* counts
        const refused = yield* expectFailure(LedgerBehaviours.redeem(owner, loyalty, 120, "too much"))
        assert.strictEqual(refused.code, 804)
        assert.deepStrictEqual(yield* counts, before)
        assert.strictEqual((yield* points.balance(customer!.id)).mainPoints, 100)
        yield* assertSound
      }))
  })

  describe("events", () => {
    it.effect("every kind of event sums to zero and keeps a wallet's totals: the group read shows them", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const sql = yield* SqlClient.SqlClient
        const now = yield* EmulatorClock.EmulatorClock.use((clock) => clock.now)
        const [primary] = yield* newCustomers(1)
        const { id } = yield* newGroup(primary!)
        const owner = LedgerBehaviours.group(orgId, id)
        const at = { now }
        yield* sql.withTransaction(Effect.gen(function*() {
          yield* Ledger.award(owner, groupProgram, 100, at)
          yield* Ledger.award(owner, groupProgram, 50, { ...at, bucket: "PROMISED" })
          yield* Ledger.unlock(owner, groupProgram, 30, at)
          yield* Ledger.redeem(owner, groupProgram, 10, at)
          yield* Ledger.expire(owner, groupProgram, 5, at)
          yield* Ledger.takeBackForReturn(owner, groupProgram, 5, at)
          yield* Ledger.deduct(owner, groupProgram, 5.5, at)
        }))
        // more promised points than there are, or nothing at all, are refused
        assert.strictEqual(
          (yield* expectFailure(write(Ledger.unlock(owner, groupProgram, 21, at)))).code,
          804
        )
        assert.strictEqual(
          (yield* expectFailure(write(Ledger.award(owner, groupProgram, 0, at)))).code,
          801
        )
        const [summary] = (yield* userGroups.get({ id })).pointsSummaries ?? []
        assert.deepStrictEqual(
          [summary?.lifetimePoints, summary?.redeemed, summary?.expired, summary?.returned, summary?.adjusted],
          [130, 10, 5, 5, 5.5]
        )
        assert.deepStrictEqual(
          [summary?.loyaltyPoints, summary?.delayedPoints, summary?.totalAvailablePoints, summary?.totalReturnedPoints],
          [104.5, 20, 124.5, 5]
        )
        assert.deepStrictEqual([summary?.currentSlab, summary?.nextSlab], ["Silver", "Gold"])
        const names = yield* sql<{ event_name: string }>`SELECT DISTINCT ev.event_name FROM ledger_events ev
          JOIN ledger_entries en ON en.event_id = ev.id JOIN points_accounts a ON a.id = en.account_id
          WHERE a.owner_type = 'USERGROUP2' AND a.owner_id = ${id} ORDER BY ev.id`
        assert.deepStrictEqual(names.map((row) => row.event_name), [
          "PointsAllocation",
          "DelayedAccrual",
          "PointsRedemption",
          "PointsExpiry",
          "ReturnBill",
          "NegativePointsAdjustment"
        ])
        yield* assertSound
      }))
  })

  describe("lots", () => {
    /** A fresh organisation with one program of the given rule (so settling it touches nothing else). */
    let nextOrg = 700
    const freshOrg = (rule: Ledger.ProgramRule) =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const id = ++nextOrg
        const programId = id * 10
        yield* sql`INSERT INTO orgs (id, name, created_at) VALUES (${id}, ${`lots-${id}`}, 0)`
        yield* sql`INSERT INTO programs (id, org_id, name, description, is_default, is_group, points_to_currency_ratio)
          VALUES (${programId}, ${id}, 'Lots', 'Lots program', 1, 0, 1)`
        for (const [serial, name, threshold] of [[1, "Blue", 0], [2, "Red", 100]] as const) {
          yield* sql`INSERT INTO tiers (program_id, serial, name, description, threshold)
            VALUES (${programId}, ${serial}, ${name}, ${name}, ${threshold})`
        }
        yield* Ledger.setProgramRule(programId, rule)
        return { orgId: id, programId }
      }).pipe(Effect.catchTag("SqlError", Effect.die))

    const lotsOf = (owner: Ledger.Owner) =>
      SqlClient.SqlClient.use((sql) =>
        sql<{ bucket: string; points_type: string; awarded: number; remaining: number; expires_on: string | null }>`
          SELECT l.bucket, l.points_type, l.awarded, l.remaining, l.expires_on FROM points_lots l
          JOIN points_accounts a ON a.id = l.account_id
          WHERE a.org_id = ${owner.orgId} AND a.owner_type = ${owner.type} AND a.owner_id = ${owner.id}
          ORDER BY l.id`
      ).pipe(Effect.catchTag("SqlError", Effect.die))

    it.effect("debits take from the lots that expire first; unlocks keep their points types", () =>
      Effect.gen(function*() {
        const { orgId: org, programId } = yield* freshOrg({
          expiryDays: 100,
          expiryType: "fixed",
          promisedDelayDays: 5
        })
        const now = Date.parse("2032-06-01T10:00:00Z")
        const owner: Ledger.Owner = { orgId: org, type: "CUSTOMER", id: 1 }
        const other: Ledger.Owner = { orgId: org, type: "CUSTOMER", id: 2 }
        yield* write(Effect.gen(function*() {
          yield* Ledger.award(owner, programId, 50, { now, pointsType: "bill_regular" })
          yield* Ledger.award(owner, programId, 30, { now, expiresOn: "2032-06-10" })
          yield* Ledger.award(owner, programId, 20, { now, bucket: "PROMISED", pointsType: "line_item_promotions" })
          yield* Ledger.redeem(owner, programId, 40, { now })
          yield* Ledger.unlock(owner, programId, 15, { now })
          yield* Ledger.transfer({
            from: { owner, programId },
            to: { owner: other, programId },
            points: 12.5,
            notes: "",
            transferredBy: 1,
            tillId: undefined,
            now
          })
        }))
        assert.deepStrictEqual(
          (yield* lotsOf(owner)).map((
            lot
          ) => [lot.bucket, lot.points_type, lot.awarded, lot.remaining, lot.expires_on]),
          [
            // the 30 expiring 2032-06-10 went first, then 10 of the 50 (and 12.5 more by the transfer)
            ["MAIN", "bill_regular", 50_000, 27_500, "2032-09-09"],
            ["MAIN", "customer_promotions", 30_000, 0, "2032-06-10"],
            ["PROMISED", "line_item_promotions", 20_000, 5_000, null],
            ["MAIN", "line_item_promotions", 15_000, 15_000, "2032-09-09"]
          ]
        )
        assert.deepStrictEqual(
          (yield* lotsOf(other)).map((lot) => [lot.points_type, lot.remaining, lot.expires_on]),
          [["customer_promotions", 12_500, "2032-09-09"]]
        )
        assert.deepStrictEqual(
          yield* SqlClient.SqlClient.use((sql) => sql.withTransaction(Ledger.expirySchedule(owner))),
          [
            { points: 27.5, expiryDate: "2032-09-09", programId, pointsType: "bill_regular", expiryType: "fixed" },
            { points: 15, expiryDate: "2032-09-09", programId, pointsType: "line_item_promotions", expiryType: "fixed" }
          ]
        )
        assert.deepStrictEqual(
          yield* SqlClient.SqlClient.use((sql) => sql.withTransaction(Ledger.promisedSchedule(owner))),
          [{ points: 5, redeemableFrom: "2032-06-07", programId, pointsType: "line_item_promotions" }]
        )
        const summary = yield* write(Ledger.programSummary(owner, programId))
        assert.deepStrictEqual(
          [
            summary.main,
            summary.promised,
            summary.lifetime,
            summary.tier?.name,
            summary.nextTier?.name,
            summary.gapToUpgrade
          ],
          [42.5, 5, 95, "Blue", "Red", 5]
        )
        yield* assertSound
        assert.strictEqual((yield* LedgerBehaviours.audit).lotDrift, 0)
      }))

    it.effect("settling posts due unlocks and expiries in time order, each dated when it fell due", () =>
      Effect.gen(function*() {
        const { orgId: org, programId } = yield* freshOrg({ expiryDays: 3, expiryType: "fixed", promisedDelayDays: 1 })
        const owner: Ledger.Owner = { orgId: org, type: "USERGROUP2", id: 9 }
        const start = Date.parse("2033-01-10T15:00:00Z")
        yield* write(Effect.gen(function*() {
          yield* Ledger.award(owner, programId, 10, { now: start })
          yield* Ledger.award(owner, programId, 4, { now: start, bucket: "PROMISED" })
        }))
        // nothing is due yet
        assert.strictEqual(yield* write(Ledger.settle(org, start + 60_000)), 0)
        const demoEvents = () =>
          Effect.map(
            SqlClient.SqlClient.use((sql) =>
              sql<{ n: number }>`SELECT COUNT(*) AS n FROM ledger_events WHERE org_id = ${orgId}`
            ),
            (rows) => rows[0]!.n
          ).pipe(Effect.catchTag("SqlError", Effect.die))
        const demoBefore = yield* demoEvents()
        // ten days later: the 4 promised unlock on 2033-01-12, the 10 expire on 2033-01-14, the 4 on 2033-01-16
        const posted = yield* write(Ledger.settle(org, Date.parse("2033-01-20T00:00:00Z")))
        assert.strictEqual(posted, 3)
        const sql = yield* SqlClient.SqlClient
        const events = yield* sql<{ event_name: string; created_at: number }>`SELECT event_name, created_at
          FROM ledger_events WHERE org_id = ${org} ORDER BY id`
        assert.deepStrictEqual(
          events.map((event) => [event.event_name, new Date(event.created_at).toISOString()]),
          [
            ["PointsAllocation", "2033-01-10T15:00:00.000Z"],
            ["PointsAllocation", "2033-01-10T15:00:00.000Z"],
            ["DelayedAccrual", "2033-01-12T00:00:00.000Z"],
            ["PointsExpiry", "2033-01-14T00:00:00.000Z"],
            ["PointsExpiry", "2033-01-16T00:00:00.000Z"]
          ]
        )
        assert.deepStrictEqual(yield* write(Ledger.expiredPoints(owner)), [
          { points: 10, expiredOn: "2033-01-14", programId },
          { points: 4, expiredOn: "2033-01-16", programId }
        ])
        assert.deepStrictEqual(yield* write(Ledger.balances(owner, programId)), { main: 0, promised: 0 })
        // settled once: again, nothing
        assert.strictEqual(yield* write(Ledger.settle(org, Date.parse("2033-02-20T00:00:00Z"))), 0)
        // the demo organisation's points, due much later, were not touched
        assert.strictEqual(yield* demoEvents(), demoBefore)
        yield* assertSound
      }))

    it.effect("tier changes: the first event's INITIAL tier, then each tier reached", () =>
      Effect.gen(function*() {
        const { orgId: org, programId } = yield* freshOrg({
          expiryDays: null,
          expiryType: "fixed",
          promisedDelayDays: 0
        })
        const owner: Ledger.Owner = { orgId: org, type: "CUSTOMER", id: 3 }
        const now = Date.parse("2034-05-05T05:05:05Z")
        const [first, second] = yield* write(Effect.all([
          Ledger.award(owner, programId, 40, { now }),
          Ledger.award(owner, programId, 70, { now: now + 1000 })
        ]))
        assert.deepStrictEqual(yield* write(Ledger.tierChanges(owner)), [
          {
            programId,
            fromSerial: undefined,
            fromName: undefined,
            toSerial: 1,
            toName: "Blue",
            changedAt: now,
            kind: "INITIAL",
            eventId: first
          },
          {
            programId,
            fromSerial: 1,
            fromName: "Blue",
            toSerial: 2,
            toName: "Red",
            changedAt: now + 1000,
            kind: "UPGRADE",
            eventId: second
          }
        ])
        // never-expiring points are not in the expiry schedule
        assert.deepStrictEqual(yield* write(Ledger.expirySchedule(owner)), [])
        const summary = yield* write(Ledger.programSummary(owner, programId))
        assert.deepStrictEqual([summary.tier?.serial, summary.nextTier, summary.gapToUpgrade], [2, undefined, 0])
      }))

    it.effect("tier floors: set, renewed, refused for a tier the program lacks, lifted at their end", () =>
      Effect.gen(function*() {
        const { orgId: org, programId } = yield* freshOrg({
          expiryDays: null,
          expiryType: "fixed",
          promisedDelayDays: 0
        })
        const owner: Ledger.Owner = { orgId: org, type: "CUSTOMER", id: 5 }
        const now = Date.parse("2034-06-01T10:00:00Z")
        const hour = 60 * 60 * 1000
        const refused = yield* expectFailure(
          write(Ledger.setTierFloor(owner, programId, { serial: 9, until: undefined }, {
            now
          }))
        )
        assert.deepStrictEqual([refused.code, refused.status], [400, 400])
        assert.isTrue(yield* write(Ledger.enrol(owner, programId, now)))
        assert.isFalse(yield* write(Ledger.enrol(owner, programId, now)))
        const red = yield* write(Ledger.setTierFloor(owner, programId, { serial: 2, until: now + hour }, { now }))
        assert.strictEqual(red.name, "Red")
        const held = yield* write(Ledger.programSummary(owner, programId))
        assert.deepStrictEqual([held.tier?.name, held.tierExpiryDate, held.lifetime], [
          "Red",
          "2034-06-01T11:00:00Z",
          0
        ])
        yield* write(Ledger.setTierFloor(owner, programId, { serial: 2, until: now + 2 * hour }, { now: now + 1 }))
        // lifted at its end, when the ledger is next settled
        yield* write(Ledger.settle(org, now + 3 * hour))
        assert.deepStrictEqual(yield* write(Ledger.tierFloor(owner, programId)), undefined)
        const lifted = yield* write(Ledger.programSummary(owner, programId))
        assert.deepStrictEqual([lifted.tier?.name, lifted.tierExpiryDate], ["Blue", Ledger.noTierExpiry])
        // a tier the lifetime points reach needs no floor: none is kept, nothing is logged
        yield* write(Ledger.award(owner, programId, 150, { now: now + 4 * hour }))
        yield* write(
          Ledger.setTierFloor(owner, programId, { serial: 2, until: now + 9 * hour }, { now: now + 4 * hour })
        )
        assert.deepStrictEqual(yield* write(Ledger.tierFloor(owner, programId)), undefined)
        assert.deepStrictEqual(
          (yield* write(Ledger.tierChanges(owner))).map((change) => [
            change.kind,
            change.fromName,
            change.toName,
            change.changedAt
          ]),
          [
            ["INITIAL", undefined, "Blue", now],
            ["UPGRADE", "Blue", "Red", now],
            ["RENEWAL", "Red", "Red", now + 1],
            ["DOWNGRADE", "Red", "Blue", now + 2 * hour],
            ["UPGRADE", "Blue", "Red", now + 4 * hour]
          ]
        )
      }))

    it.effect("moveWallets moves every lot with its type and dates, and the higher tier floor; the ledger sums", () =>
      Effect.gen(function*() {
        const { orgId: org, programId } = yield* freshOrg({
          expiryDays: 100,
          expiryType: "fixed",
          promisedDelayDays: 5
        })
        const victim: Ledger.Owner = { orgId: org, type: "CUSTOMER", id: 7 }
        const survivor: Ledger.Owner = { orgId: org, type: "CUSTOMER", id: 8 }
        const now = Date.parse("2034-07-01T10:00:00Z")
        const day = 24 * 60 * 60 * 1000
        yield* write(Ledger.award(survivor, programId, 10, { now }))
        yield* write(Ledger.setTierFloor(survivor, programId, { serial: 2, until: now + 30 * day }, { now }))
        yield* write(Ledger.award(victim, programId, 30, { now, pointsType: "bill_regular" }))
        yield* write(Ledger.award(victim, programId, 20, { now: now + 10 * day }))
        yield* write(Ledger.award(victim, programId, 15, { now: now + 10 * day, bucket: "PROMISED" }))
        yield* write(Ledger.setTierFloor(victim, programId, { serial: 2, until: now + 60 * day }, { now }))
        const expiries = yield* write(Ledger.expirySchedule(victim))
        const promised = yield* write(Ledger.promisedSchedule(victim))
        assert.deepStrictEqual(expiries.map((row) => [row.points, row.expiryDate, row.pointsType]), [
          [30, "2034-10-09", "bill_regular"],
          [20, "2034-10-19", "customer_promotions"]
        ])
        assert.deepStrictEqual(promised.map((row) => [row.points, row.redeemableFrom]), [[15, "2034-07-17"]])

        const moved = yield* write(Ledger.moveWallets({
          from: victim,
          to: survivor,
          notes: "merge",
          tillId: undefined,
          now: now + 11 * day
        }))
        assert.deepStrictEqual(moved.map(({ main, programId: id, promised }) => [id, main, promised]), [[
          programId,
          50_000,
          15_000
        ]])
        assert.deepStrictEqual(yield* write(Ledger.balances(victim, programId)), { main: 0, promised: 0 })
        assert.deepStrictEqual(yield* write(Ledger.balances(survivor, programId)), { main: 60_000, promised: 15_000 })
        // the survivor's schedules hold the victim's lots as they were, besides its own
        const after = yield* write(Ledger.expirySchedule(survivor))
        for (const entry of expiries) assert.deepInclude(after, entry)
        assert.deepStrictEqual(yield* write(Ledger.promisedSchedule(survivor)), promised)
        // the later end of the same tier; the victim's floor is lifted
        assert.deepStrictEqual(yield* write(Ledger.tierFloor(survivor, programId)), {
          serial: 2,
          until: now + 60 * day
        })
        assert.deepStrictEqual(yield* write(Ledger.tierFloor(victim, programId)), undefined)
        const audit = yield* LedgerBehaviours.audit
        assert.deepStrictEqual(
          [
            audit.unbalancedEvents,
            audit.negativeWallets,
            audit.driftedAccounts,
            audit.inconsistentTotals,
            audit.lotDrift
          ],
          [0, 0, 0, 0, 0]
        )
        // nothing left to move: no event
        assert.deepStrictEqual(
          yield* write(
            Ledger.moveWallets({ from: victim, to: survivor, notes: "again", tillId: undefined, now: now + 12 * day })
          ),
          [{ programId, main: 0, promised: 0, eventId: undefined }]
        )
      }))
  })

  describe("isTransferrable", () => {
    it.effect("answers true, or false with the reason, and writes nothing", () =>
      Effect.gen(function*() {
        const groupPoints = yield* GroupPointsService.GroupPoints
        const familyId = yield* demoFamily
        const before = yield* counts
        const ask = (request: Partial<GroupPoints.TransferRequest>) =>
          groupPoints.isTransferrable({
            pointsTobeTransferred: 100,
            transferredBy: by(tom.mobile),
            fromEntity: customerSide(tom.mobile),
            toEntity: groupSide(familyId),
            ...request
          })
        assert.deepStrictEqual(yield* ask({}), { transferrable: true, points: 100 })
        assert.deepStrictEqual(yield* ask({ fromEntity: groupSide(familyId), toEntity: customerSide(bob.mobile) }), {
          transferrable: true,
          points: 100
        })

        const tooMuch = yield* ask({ pointsTobeTransferred: 5000.5 })
        assert.isFalse(tooMuch.transferrable)
        const reason = tooMuch.transferrable ? undefined : tooMuch.reason
        assert.instanceOf(reason, GroupPointsErrors.InsufficientPoints)
        assert.strictEqual(reason?.code, 804)

        const stranger = yield* ask({ fromEntity: customerSide(ann.mobile), transferredBy: by(ann.mobile) })
        assert.instanceOf(stranger.transferrable ? undefined : stranger.reason, UserGroupErrors.UserNotInGroup)
        const toStranger = yield* ask({ fromEntity: groupSide(familyId), toEntity: customerSide(ann.mobile) })
        assert.instanceOf(toStranger.transferrable ? undefined : toStranger.reason, UserGroupErrors.UserNotInGroup)
        const self = yield* ask({ fromEntity: groupSide(familyId), toEntity: groupSide(familyId) })
        assert.instanceOf(self.transferrable ? undefined : self.reason, GroupPointsErrors.TransferToSelf)

        // what does not exist fails
        assert.instanceOf(yield* expectFailure(ask({ toEntity: groupSide(987_654_321) })), UserGroupErrors.InvalidGroup)
        assert.instanceOf(
          yield* expectFailure(ask({ fromEntity: customerSide("919999999999") })),
          UserGroupErrors.CustomerNotFound
        )
        assert.instanceOf(
          yield* expectFailure(ask({ programId: GroupPoints.ProgramId.make(9999) })),
          GroupPointsErrors.InvalidProgram
        )
        assert.deepStrictEqual(yield* counts, before)
      }))
  })

  describe("transfer", () => {
    it.effect("customer to group and group to customer: two entries each, balances moved", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const groupPoints = yield* GroupPointsService.GroupPoints
        const familyId = yield* demoFamily
        const tomBefore = (yield* points.balance(tomId)).mainPoints
        const bobBefore = (yield* points.balance(Points.CustomerId.make(bob.id))).mainPoints
        const familyBefore = (yield* points.groupBalance(tomId)).mainPoints

        const toGroup = yield* groupPoints.transfer({
          pointsTobeTransferred: 500,
          notes: "for the family",
          transferredBy: by(tom.mobile),
          fromEntity: customerSide(tom.mobile),
          toEntity: groupSide(familyId)
        })
        assert.deepStrictEqual(
          [toGroup.fromEntityType, toGroup.fromEntityId, toGroup.toEntityType, toGroup.toEntityId],
          ["CUSTOMER", tom.id, "USERGROUP2", familyId]
        )
        assert.deepStrictEqual([toGroup.pointsTransferred, toGroup.transferType], [500, "DEDUCTION"])
        assert.deepStrictEqual(toGroup.transferredFrom, {
          userId: UserGroup.CustomerId.make(tom.id),
          firstName: "Tom",
          lastName: "Sawyer"
        })
        assert.strictEqual(toGroup.transferredToUserGroup2?.id, familyId)
        assert.match(toGroup.notes ?? "", /^for the family \[ref:ce-[0-9a-f]{16}\]$/)
        assert.match(toGroup.pointsTransferDate, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
        assert.strictEqual(toGroup.programName, "DemoLoyalty")
        assert.deepStrictEqual(toGroup.pointsTransferBreakupByEarningPrograms, [
          { programId: loyalty, deductedPoints: 500, programCurrentPoints: tomBefore - 500 }
        ])
        assert.strictEqual((yield* points.balance(tomId)).mainPoints, tomBefore - 500)
        assert.strictEqual((yield* points.groupBalance(tomId)).mainPoints, familyBefore + 500)

        // the group's points go to Bob, moved by Tom, its primary member
        const toBob = yield* groupPoints.transfer({
          pointsTobeTransferred: 200.5,
          transferredBy: by(tom.mobile),
          fromEntity: groupSide(familyId),
          toEntity: customerSide(bob.mobile)
        })
        assert.deepStrictEqual(
          [toBob.fromEntityType, toBob.toEntityType, toBob.transferredTo?.userId, toBob.pointsTransferred],
          ["USERGROUP2", "CUSTOMER", bob.id, 200.5]
        )
        assert.strictEqual(toBob.transferredFromUserGroup2?.fleetGroupUsers.length, 2)
        assert.strictEqual((yield* points.groupBalance(tomId)).mainPoints, familyBefore + 500 - 200.5)
        assert.strictEqual((yield* points.balance(Points.CustomerId.make(bob.id))).mainPoints, bobBefore + 200.5)

        // in the ledger: Tom's debit, the family's credit and debit
        const tomEntries = yield* Stream.runCollect(points.ledgerEntries({ customerId: tomId }, { sortOrder: "DESC" }))
        assert.deepStrictEqual(
          [tomEntries[0]?.eventName, tomEntries[0]?.entryDetails[0]?.ledgerEntryType, tomEntries[0]?.netPointsOnEvent],
          ["PointsTransfer", "DEBIT", -500]
        )
        assert.strictEqual(tomEntries[0]?.tillCode, Seed.demo.till.username)
        const familyEntries = yield* Stream.runCollect(
          points.ledgerEntries({ group: { id: familyId } }, { sortOrder: "DESC", pageSize: 2 })
        )
        assert.deepStrictEqual(familyEntries.map((entry) => entry.netPointsOnEvent).slice(0, 2), [-200.5, 500])

        // the history, newest first: the family's as ADDITION then DEDUCTION; found again by reference
        const history = yield* Stream.runCollect(groupPoints.transfers(groupSide(familyId)))
        assert.deepStrictEqual(history.slice(0, 2).map((record) => [record.transferId, record.transferType]), [
          [toBob.transferId, "DEDUCTION"],
          [toGroup.transferId, "ADDITION"]
        ])
        const reference = GroupPoints.referenceOf(toGroup.notes)!
        const found = yield* groupPoints.findTransfer(customerSide(tom.mobile), reference)
        assert.strictEqual(found._tag === "Some" ? found.value.transferId : undefined, toGroup.transferId)
        const arrived = yield* groupPoints.findTransfer(groupSide(familyId), reference, "in")
        assert.strictEqual(arrived._tag === "Some" ? arrived.value.transferType : undefined, "ADDITION")
        yield* assertSound
      }))

    it.effect("a programId puts both wallets in that program", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const groupPoints = yield* GroupPointsService.GroupPoints
        const [primary] = yield* newCustomers(1)
        yield* LedgerBehaviours.award(LedgerBehaviours.customer(orgId, primary!.id), loyalty, 50, "start")
        const { id } = yield* newGroup(primary!)
        yield* groupPoints.transfer({
          pointsTobeTransferred: 30,
          programId: GroupPoints.ProgramId.make(loyalty),
          transferredBy: by(primary!.mobile),
          fromEntity: customerSide(primary!.mobile),
          toEntity: groupSide(id)
        })
        assert.strictEqual((yield* points.groupBalance(primary!.id, { programId: loyalty })).mainPoints, 30)
        assert.strictEqual((yield* points.groupBalance(primary!.id)).mainPoints, 0)
        assert.strictEqual((yield* points.balance(primary!.id)).mainPoints, 20)
      }))

    it.effect("more points than the source has: InsufficientPoints, and nothing written", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const groupPoints = yield* GroupPointsService.GroupPoints
        const [primary] = yield* newCustomers(1)
        const { id } = yield* newGroup(primary!)
        yield* LedgerBehaviours.award(LedgerBehaviours.group(orgId, id), groupProgram, 100, "start")
        const before = yield* counts
        const error = yield* expectFailure(groupPoints.transfer({
          pointsTobeTransferred: 100.001,
          transferredBy: by(primary!.mobile),
          fromEntity: groupSide(id),
          toEntity: customerSide(primary!.mobile)
        }))
        assert.instanceOf(error, GroupPointsErrors.InsufficientPoints)
        assert.strictEqual((error as GroupPointsErrors.InsufficientPoints).code, 804)
        assert.deepStrictEqual(yield* counts, before)
        assert.strictEqual((yield* points.groupBalance(primary!.id)).mainPoints, 100)
        assert.strictEqual((yield* points.balance(primary!.id)).mainPoints, 0)
        // a customer with no points at all
        const empty = yield* expectFailure(groupPoints.transfer({
          pointsTobeTransferred: 1,
          transferredBy: by(primary!.mobile),
          fromEntity: customerSide(primary!.mobile),
          toEntity: groupSide(id)
        }))
        assert.instanceOf(empty, GroupPointsErrors.InsufficientPoints)
        assert.deepStrictEqual(yield* counts, before)
      }))

    it.effect("a customer outside the group: UserNotInGroup, either way", () =>
      Effect.gen(function*() {
        const groupPoints = yield* GroupPointsService.GroupPoints
        const familyId = yield* demoFamily
        const before = yield* counts
        const into = yield* expectFailure(groupPoints.transfer({
          pointsTobeTransferred: 10,
          transferredBy: by(ann.mobile),
          fromEntity: customerSide(ann.mobile),
          toEntity: groupSide(familyId)
        }))
        assert.instanceOf(into, UserGroupErrors.UserNotInGroup)
        assert.strictEqual((into as UserGroupErrors.UserNotInGroup).code, 1620)
        const outOf = yield* expectFailure(groupPoints.transfer({
          pointsTobeTransferred: 10,
          transferredBy: by(tom.mobile),
          fromEntity: groupSide(familyId),
          toEntity: customerSide(ann.mobile)
        }))
        assert.instanceOf(outOf, UserGroupErrors.UserNotInGroup)
        // moved by someone outside the group
        assert.instanceOf(
          yield* expectFailure(groupPoints.transfer({
            pointsTobeTransferred: 10,
            transferredBy: by(ann.mobile),
            fromEntity: groupSide(familyId),
            toEntity: customerSide(bob.mobile)
          })),
          UserGroupErrors.UserNotInGroup
        )
        assert.deepStrictEqual(yield* counts, before)
      }))

    it.effect("a member with block_points_redemption: RedemptionBlocked", () =>
      Effect.gen(function*() {
        const groupPoints = yield* GroupPointsService.GroupPoints
        const [primary, blocked] = yield* newCustomers(2)
        const { id } = yield* newGroup(primary!, [{ id: blocked!.id, permissions: ["block_points_redemption"] }])
        yield* LedgerBehaviours.award(LedgerBehaviours.group(orgId, id), groupProgram, 1000, "start")
        const before = yield* counts
        for (const mover of [primary!, blocked!]) {
          const error = yield* expectFailure(groupPoints.transfer({
            pointsTobeTransferred: 10,
            transferredBy: by(mover.mobile),
            fromEntity: groupSide(id),
            toEntity: customerSide(blocked!.mobile)
          }))
          assert.instanceOf(error, GroupPointsErrors.RedemptionBlocked)
          assert.strictEqual((error as GroupPointsErrors.RedemptionBlocked).code, 828)
        }
        const check = yield* groupPoints.isTransferrable({
          pointsTobeTransferred: 10,
          transferredBy: by(blocked!.mobile),
          fromEntity: groupSide(id),
          toEntity: customerSide(primary!.mobile)
        })
        assert.instanceOf(check.transferrable ? undefined : check.reason, GroupPointsErrors.RedemptionBlocked)
        assert.deepStrictEqual(yield* counts, before)
        // the primary member takes the group's points
        yield* groupPoints.transfer({
          pointsTobeTransferred: 10,
          transferredBy: by(primary!.mobile),
          fromEntity: groupSide(id),
          toEntity: customerSide(primary!.mobile)
        })
      }))

    it.effect("50 concurrent transfers out of a wallet that affords 14: never overdrawn, the ledger sums", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const groupPoints = yield* GroupPointsService.GroupPoints
        const [primary] = yield* newCustomers(1)
        const { id } = yield* newGroup(primary!)
        yield* LedgerBehaviours.award(LedgerBehaviours.group(orgId, id), groupProgram, 1000, "start")
        const amount = 70
        const outcomes = yield* Effect.forEach(
          Array.from({ length: 50 }, (_, i) => i),
          (i) =>
            Effect.result(groupPoints.transfer({
              pointsTobeTransferred: amount,
              notes: `concurrent ${i}`,
              transferredBy: by(primary!.mobile),
              fromEntity: groupSide(id),
              toEntity: customerSide(primary!.mobile)
            })),
          { concurrency: "unbounded" }
        )
        const succeeded = outcomes.filter((outcome) => outcome._tag === "Success")
        const failed = outcomes.flatMap((outcome) => outcome._tag === "Failure" ? [outcome.failure] : [])
        assert.strictEqual(succeeded.length, Math.floor(1000 / amount))
        assert.strictEqual(failed.length, 50 - Math.floor(1000 / amount))
        for (const error of failed) assert.instanceOf(error, GroupPointsErrors.InsufficientPoints)
        assert.strictEqual((yield* points.groupBalance(primary!.id)).mainPoints, 1000 - 14 * amount)
        assert.strictEqual((yield* points.balance(primary!.id)).mainPoints, 14 * amount)
        const history = yield* Stream.runCollect(groupPoints.transfers(groupSide(id)))
        assert.strictEqual(history.length, 14)
        assert.strictEqual(new Set(history.map((record) => record.transferId)).size, 14)
        yield* assertSound
      }))
  })

  describe("ambiguous transfers", () => {
    it.effect("applied and then cut off: reconciled by its reference, one transfer in the ledger", () =>
      Effect.gen(function*() {
        const points = yield* PointsService.Points
        const groupPoints = yield* GroupPointsService.GroupPoints
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const sql = yield* SqlClient.SqlClient
        const familyId = yield* demoFamily
        const tomBefore = (yield* points.balance(tomId)).mainPoints
        yield* log.clear
        const record = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "usergroups.transferPoints", times: 1 }]),
          () =>
            groupPoints.transfer({
              pointsTobeTransferred: 25,
              notes: "cut off",
              transferredBy: by(tom.mobile),
              fromEntity: customerSide(tom.mobile),
              toEntity: groupSide(familyId)
            }, { reference: "wf-transfer-0001" }),
          () => faults.clear()
        )
        assert.deepStrictEqual([record.pointsTransferred, record.notes], [25, "cut off [ref:wf-transfer-0001]"])
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status, entry.fault]), [
          ["usergroups.transferPoints", 0, "applyThenReset"],
          ["usergroups.pointsTransfers", 200, undefined]
        ])
        const rows = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM points_transfers
          WHERE notes LIKE '%[ref:wf-transfer-0001]'`
        assert.strictEqual(rows[0]!.n, 1)
        assert.strictEqual((yield* points.balance(tomId)).mainPoints, tomBefore - 25)
        yield* assertSound
      }))

    it.effect("cut off before it was applied: not found by its reference, so sent again, once", () =>
      Effect.gen(function*() {
        const groupPoints = yield* GroupPointsService.GroupPoints
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const sql = yield* SqlClient.SqlClient
        const familyId = yield* demoFamily
        yield* log.clear
        const record = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "resetBeforeApply", endpoint: "usergroups.transferPoints", times: 1 }]),
          () =>
            groupPoints.transfer({
              pointsTobeTransferred: 5,
              transferredBy: by(tom.mobile),
              fromEntity: groupSide(familyId),
              toEntity: customerSide(bob.mobile)
            }),
          () => faults.clear()
        )
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status]), [
          ["usergroups.transferPoints", 0],
          ["usergroups.pointsTransfers", 200],
          ["usergroups.transferPoints", 200]
        ])
        const reference = GroupPoints.referenceOf(record.notes)!
        const rows = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM points_transfers
          WHERE notes = ${`[ref:${reference}]`}`
        assert.strictEqual(rows[0]!.n, 1)
      }))
  })

  describe("wire", () => {
    it.effect("bodies Capillary refuses with its own codes, from any client", () =>
      Effect.gen(function*() {
        const familyId = yield* demoFamily
        const body = {
          pointsTobeTransferred: 10,
          transferredBy: by(tom.mobile),
          fromEntity: customerSide(tom.mobile),
          toEntity: groupSide(familyId)
        }
        const before = yield* counts
        const cases = [
          [{ ...body, pointsTobeTransferred: 0 }, 422],
          [{ ...body, pointsTobeTransferred: "ten" }, 422],
          [{ ...body, pointsTobeTransferred: 1.2345 }, 878],
          [{ ...body, fromEntity: { ...body.fromEntity, type: "STORE" } }, 434],
          [{ ...body, toEntity: { ...body.toEntity, identifierType: "groupName" } }, 434],
          [{ ...body, toEntity: customerSide(bob.mobile) }, 434]
        ] as const
        for (const [request, code] of cases) {
          for (const path of ["/v2/points/userGroup2/transfer", "/v2/points/userGroup2/isTransferrable"]) {
            const answer = yield* raw(path, { method: "POST", body: request })
            assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], JSON.stringify(request))
          }
        }
        const balance = yield* raw(`/v2/customers/${tom.id}/points/balance?entityType=GROUP`)
        assert.deepStrictEqual([balance.status, balance.body.errors[0].code], [400, 1212])
        const badProgram = yield* raw(`/v2/customers/${tom.id}/points/balance?programId=abc`)
        assert.strictEqual(badProgram.body.errors[0].code, 1101)
        const badLimit = yield* raw(
          `/v2/pointsLedger/getCustomerLedgerInfo?identifierName=id&identifierValue=${tom.id}&source=INSTORE&limit=11`
        )
        assert.strictEqual(badLimit.status, 400)
        assert.deepStrictEqual(yield* counts, before)
      }))

    it.effect("answers as curl sees them: isTransferrable, and the ledger's decimal strings", () =>
      Effect.gen(function*() {
        const familyId = yield* demoFamily
        const refused = yield* raw("/v2/points/userGroup2/isTransferrable", {
          method: "POST",
          body: {
            pointsTobeTransferred: 10,
            transferredBy: by(ann.mobile),
            fromEntity: customerSide(ann.mobile),
            toEntity: groupSide(familyId)
          }
        })
        assert.strictEqual(refused.status, 200)
        assert.deepStrictEqual(refused.body.data, [{ pointsTobeTransferred: 10, transferrable: false }])
        assert.strictEqual(refused.body.warnings[0].code, 1620)
        const info = yield* raw(
          `/v2/pointsLedger/getCustomerLedgerInfo?identifierName=mobile&identifierValue=${ann.mobile}&source=INSTORE`
        )
        assert.strictEqual(info.status, 200)
        assert.deepStrictEqual(info.body.ledgerEntries[0].entryDetails[0], {
          ledgerEntryType: "CREDIT",
          points: "1200.000",
          pointsCategory: "Main",
          programName: "DemoLoyalty",
          programId: loyalty
        })
        assert.strictEqual(info.body.ledgerEntries[0].netPointsOnEvent, "1200.000")
        const closing = yield* raw(
          `/v2/pointsLedger/getCustomerLedgerBalance?identifierName=mobile&identifierValue=${ann.mobile}&source=INSTORE`
        )
        assert.strictEqual(closing.body.ledgerDetails.ledgerClosingBalance[0].closingBalance, "1200.000")
      }))

    it.effect("the OpenAPI document lists the points operations", () =>
      Effect.gen(function*() {
        const { body } = yield* admin("/openapi.json")
        assert.deepStrictEqual(
          [
            body.paths["/v2/customers/{userId}/points/balance"].get.operationId,
            body.paths["/v2/pointsLedger/getCustomerLedgerBalance"].get.operationId,
            body.paths["/v2/pointsLedger/getCustomerLedgerInfo"].get.operationId,
            body.paths["/v2/points/userGroup2/isTransferrable"].post.operationId,
            body.paths["/v2/points/userGroup2/transfer"].post.operationId,
            body.paths["/v2/points/transfer"].get.operationId
          ],
          [
            "rewards.pointsBalance",
            "rewards.ledgerBalance",
            "rewards.ledgerInfo",
            "usergroups.isTransferrable",
            "usergroups.transferPoints",
            "usergroups.pointsTransfers"
          ]
        )
      }))
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Migration 0410 on a database from before it
// ---------------------------------------------------------------------------------------------------------------

const before0410 = EmulatorDatabase.layer({
  filename: ":memory:",
  migrations: Object.fromEntries(
    Object.entries(LedgerBehaviours.migrations).filter(([name]) => name < "0410")
  )
})

layer(before0410)("Migration 0410_points_lots", (it) => {
  it.effect("turns existing balances into lots and existing wallets into a tier history", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql`INSERT INTO orgs (id, name, created_at) VALUES (1, 'old', 0)`
      yield* sql`INSERT INTO programs (id, org_id, name, description, is_default, is_group, points_to_currency_ratio)
        VALUES (11, 1, 'Old', 'Old program', 1, 0, 1)`
      for (const [serial, name, threshold] of [[1, "Bronze", 0], [2, "Silver", 500]] as const) {
        yield* sql`INSERT INTO tiers (program_id, serial, name, description, threshold)
          VALUES (11, ${serial}, ${name}, ${name}, ${threshold})`
      }
      // what the ledger of 0400 wrote for an award of 800 and a promise of 50 on 2030-01-05, a redemption of 300
      // on 2030-02-01: events, entries that sum to zero, accounts with their balances and totals
      const at = [
        Date.parse("2030-01-05T10:00:00Z"),
        Date.parse("2030-01-05T10:00:00Z"),
        Date.parse("2030-02-01T08:00:00Z")
      ]
      for (
        const [id, name, kind, createdAt] of [
          [1, "PointsAllocation", "AWARD", at[0]!],
          [2, "PointsAllocation", "AWARD", at[1]!],
          [3, "PointsRedemption", "REDEEM", at[2]!]
        ] as const
      ) {
        yield* sql`INSERT INTO ledger_events (id, org_id, event_name, kind, notes, till_id, created_at)
          VALUES (${id}, 1, ${name}, ${kind}, '', NULL, ${createdAt})`
      }
      for (
        const [id, ownerType, bucket, balance, lifetime, redeemed] of [
          [1, "ORG", "ISSUED", -850_000, 0, 0],
          [2, "CUSTOMER", "MAIN", 500_000, 800_000, 300_000],
          [3, "CUSTOMER", "PROMISED", 50_000, 0, 0],
          [4, "ORG", "REDEEMED", 300_000, 0, 0]
        ] as const
      ) {
        yield* sql`INSERT INTO points_accounts (id, org_id, owner_type, owner_id, program_id, bucket, balance, lifetime,
            redeemed) VALUES (${id}, 1, ${ownerType}, ${ownerType === "ORG" ? 1 : 77}, 11, ${bucket}, ${balance},
            ${lifetime}, ${redeemed})`
      }
      for (
        const [event, account, amount] of [[1, 1, -800_000], [1, 2, 800_000], [2, 1, -50_000], [2, 3, 50_000], [
          3,
          2,
          -300_000
        ], [3, 4, 300_000]] as const
      ) {
        yield* sql`INSERT INTO ledger_entries (event_id, account_id, amount) VALUES (${event}, ${account}, ${amount})`
      }

      yield* Ledger.createLots
      yield* Ledger.createTierFloors

      const lots = yield* sql<{
        account_id: number
        bucket: string
        remaining: number
        expires_on: string | null
        redeemable_from: string | null
        points_type: string
      }>`SELECT account_id, bucket, remaining, expires_on, redeemable_from, points_type FROM points_lots ORDER BY id`
      assert.deepStrictEqual(lots.map((lot) => ({ ...lot })), [
        // the default rule (365 days, fixed; 7 days' delay) from the wallet's last event
        {
          account_id: 2,
          bucket: "MAIN",
          remaining: 500_000,
          expires_on: "2031-02-01",
          redeemable_from: null,
          points_type: "customer_promotions"
        },
        {
          account_id: 3,
          bucket: "PROMISED",
          remaining: 50_000,
          expires_on: null,
          redeemable_from: "2030-01-13",
          points_type: "customer_promotions"
        }
      ])
      const owner: Ledger.Owner = { orgId: 1, type: "CUSTOMER", id: 77 }
      assert.deepStrictEqual(
        (yield* Ledger.tierChanges(owner)).map((
          change
        ) => [change.kind, change.toName, change.eventId, change.changedAt]),
        [["INITIAL", "Bronze", 1, at[0]!], ["UPGRADE", "Silver", 3, at[2]!]]
      )
      assert.deepStrictEqual(yield* Ledger.programRule(11), {
        expiryDays: 365,
        expiryType: "fixed",
        promisedDelayDays: 7
      })
      // the balance is the sum of the lots, and the ledger keeps summing after new events
      const audit = yield* LedgerBehaviours.audit
      assert.deepStrictEqual([audit.lotDrift, audit.driftedAccounts, audit.inconsistentTotals], [0, 0, 0])
      yield* sql.withTransaction(Ledger.redeem(owner, 11, 120, { now: Date.parse("2030-03-01T00:00:00Z") }))
      assert.deepStrictEqual((yield* LedgerBehaviours.audit).lotDrift, 0)
      // by now the promised points unlocked (2030-01-13), before the redemption
      assert.deepStrictEqual(yield* Ledger.balances(owner, 11), { main: 430_000, promised: 0 })
    }).pipe(Effect.catchTag("SqlError", Effect.die)))
})
