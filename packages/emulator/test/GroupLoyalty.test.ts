/**
 * Contract tests of the group loyalty reads: every operation of `@capillary-effect/usergroups`' group loyalty
 * service runs through the SDK, over real HTTP, against the emulator's ledger, with values checked against points
 * the test moved into its groups (customer -> group transfers through `GroupPointsService`), and expiries and
 * unlocks driven by the emulator clock. The catalog is the default one plus `GroupLoyaltyBehaviours.catalog`, and
 * the group read (`usergroups.get`) wired to `withLoyalty`, as the lead wires it, to check its shapes against the
 * documented example.
 */
import { CapillaryError } from "@capillary-effect/core"
import { Customers } from "@capillary-effect/customers"
import { PointsService } from "@capillary-effect/rewards"
import {
  GroupLoyaltyService,
  GroupPoints,
  GroupPointsErrors,
  GroupPointsService,
  UserGroup,
  UserGroupErrors,
  UserGroups,
  UserGroupsApi
} from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Option, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { readFileSync } from "node:fs"
import { handle } from "../src/Behaviour.ts"
import { Emulator, EmulatorClock, GroupLoyaltyBehaviours, LedgerBehaviours, Seed } from "../src/index.ts"
import * as Loyalty from "../src/internal/groupLoyalty.ts"
import * as GroupStore from "../src/internal/usergroups.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

/** `usergroups.get` with the loyalty parts filled from the ledger: the call the lead adds to the GET behaviour. */
const getWithLoyalty = handle(UserGroupsApi.get, (input, context) =>
  Effect.gen(function*() {
    const group = yield* GroupStore.get(context.principal.orgId, input.query)
    const read = yield* GroupStore.read(group, input.query)
    return yield* Loyalty.withLoyalty(group.org_id, read, { ...input.query, now: context.now })
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

const catalog = Emulator.catalog(Emulator.defaultCatalog, GroupLoyaltyBehaviours.catalog, {
  endpoints: [],
  behaviours: [getWithLoyalty],
  migrations: {}
})

/** The documented example of the group read (seeds/usergroup2-get.txt), kept by the usergroups package's tests. */
const documentedGroup = JSON.parse(
  readFileSync(new URL("../../usergroups/test/fixtures/usergroup2-get.json", import.meta.url), "utf8")
) as Record<string, any>

const orgId = Seed.demo.org.id
const loyaltyProgram = GroupPoints.ProgramId.make(Seed.demo.programs.loyalty)
const groupProgram = GroupPoints.ProgramId.make(Seed.demo.programs.group)

/** Emulator time at the start: 10:00 UTC, so no day boundary falls inside a test. */
const start = Date.parse("2030-01-15T10:00:00Z")
const dayMillis = 24 * 60 * 60 * 1000
const dayOf = (epochMillis: number) => new Date(epochMillis).toISOString().slice(0, 10)

let nextMobile = 919_500_000_000

/** New customers of the demo org, registered through the SDK: their ids and mobiles. */
const newCustomers = (count: number) =>
  Effect.gen(function*() {
    const customers = yield* Customers.Customers
    return yield* Effect.forEach(Array.from({ length: count }), () => {
      const mobile = String(nextMobile++)
      return Effect.map(
        customers.add({
          profiles: [{
            source: "INSTORE",
            firstName: "Member",
            lastName: "Of",
            identifiers: [{ type: "mobile", value: mobile }]
          }]
        }),
        ({ createdId }) => ({ id: UserGroup.CustomerId.make(createdId), mobile })
      )
    })
  })

let nextGroup = 0

/** A new group of the demo org with a primary member and others; its id and external id. */
const newGroup = (
  primary: { readonly id: UserGroup.CustomerId },
  others: ReadonlyArray<{ readonly id: UserGroup.CustomerId }>
) =>
  Effect.gen(function*() {
    const userGroups = yield* UserGroups.UserGroups
    const externalId = `loyalty-group-${++nextGroup}`
    const { entity } = yield* userGroups.create({
      externalId,
      groupName: `Loyalty group ${nextGroup}`,
      maxGroupSize: 10
    })
    yield* userGroups.join({ id: entity }, [
      { userId: primary.id, primaryMember: true },
      ...others.map((member) => ({ userId: member.id }))
    ])
    return { id: entity, externalId }
  })

/** Points a customer earned (a direct ledger award), then moved into a group through the SDK's transfer. */
const moveIntoGroup = (from: { readonly id: number; readonly mobile: string }, groupId: number, points: number) =>
  Effect.gen(function*() {
    yield* LedgerBehaviours.award(LedgerBehaviours.customer(orgId, from.id), loyaltyProgram, points, "earned")
    const groupPoints = yield* GroupPointsService.GroupPoints
    return yield* groupPoints.transfer({
      pointsTobeTransferred: points,
      notes: "to the group",
      transferredBy: { identifierType: "mobile", identifierValue: from.mobile, source: "INSTORE" },
      fromEntity: { type: "CUSTOMER", identifierType: "mobile", identifierValue: from.mobile, source: "INSTORE" },
      toEntity: { type: "USERGROUP2", identifierType: "id", identifierValue: String(groupId) }
    })
  })

/** A family of three with 1,500 points moved in (1,200 by its primary member, then 300 by another). */
const filledGroup = Effect.gen(function*() {
  const [primary, second, third] = yield* newCustomers(3)
  const group = yield* newGroup(primary!, [second!, third!])
  const first = yield* moveIntoGroup(primary!, group.id, 1200)
  const last = yield* moveIntoGroup(second!, group.id, 300)
  return { group, primary: primary!, second: second!, third: third!, transfers: [first, last] as const }
})

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

const demoTillId = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ id: number }>`SELECT id FROM tills WHERE username = ${Seed.demo.till.username}`,
    (rows) => rows[0]!.id
  )
)

/** The fields and value types of a JSON value (an array's by its first item). */
const shapeOf = (value: unknown): unknown =>
  Array.isArray(value)
    ? [value.length === 0 ? "empty" : shapeOf(value[0])]
    : value !== null && typeof value === "object"
    ? Object.fromEntries(
      Object.keys(value).sort().map((key) => [key, shapeOf((value as Record<string, unknown>)[key])])
    )
    : value === null
    ? "null"
    : typeof value

const emulator = Emulator.layerTest({ catalog, client: { retry: fastRetries } })
const atStart = Layer.effectDiscard(EmulatorClock.EmulatorClock.use((clock) => clock.set(start))).pipe(
  Layer.provideMerge(emulator)
)
const testLayer = Layer.mergeAll(
  GroupLoyaltyService.layer,
  GroupPointsService.layer,
  UserGroups.layer,
  Customers.layer,
  PointsService.layer
).pipe(Layer.provideMerge(atStart))

layer(testLayer, { excludeTestServices: true })("Group loyalty against the emulator", (it) => {
  describe("a member's group: balance and tiers", () => {
    it.effect("the group's points and tier, by member id or lookup, one program or all", () =>
      Effect.gen(function*() {
        const loyalty = yield* GroupLoyaltyService.GroupLoyalty
        const { group, primary, second, third } = yield* filledGroup
        const balance = yield* loyalty.balance(primary.id)
        assert.deepStrictEqual(balance, {
          entityId: group.id,
          entityType: "FLEET",
          totalPoints: 1500,
          mainPoints: 1500,
          promisedPoints: 0,
          promisedPointsBreakup: { delayedAccrualPoints: 0, externalTriggerBasedPoints: 0 },
          warnings: []
        })
        // any member, by an identifier; the same group
        const byMobile = yield* loyalty.balance({
          source: "INSTORE",
          identifier: { type: "mobile", value: third.mobile }
        })
        assert.deepStrictEqual(byMobile, balance)
        // the group's wallet is in the group program: none in the loyalty program, all of it across programs
        assert.strictEqual((yield* loyalty.balance(second.id, { programId: loyaltyProgram })).mainPoints, 0)
        assert.strictEqual((yield* loyalty.balance(second.id, { allPrograms: true })).totalPoints, 1500)
        // the customers' own reads are untouched: the members' points left their wallets
        const points = yield* PointsService.Points
        assert.strictEqual((yield* points.balance(primary.id)).mainPoints, 0)
        // and the customers' SDK, reading the group balance through the same path, gets the same answer
        assert.deepStrictEqual(yield* points.groupBalance(primary.id), balance)

        const tiers = yield* loyalty.tiers(primary.id)
        assert.deepStrictEqual(tiers, {
          entityId: group.id,
          entityType: "FLEET",
          programTiers: [{
            programId: groupProgram,
            currentTierName: "Gold",
            currentTierSerialNumber: 2,
            tierExpiryDate: "2099-12-31 23:59:59",
            tierExpiryDateISO: "2099-12-31T23:59:59Z",
            nextTierName: "Platinum",
            nextTierSerialNumber: 3
          }],
          warnings: []
        })
        const everywhere = yield* loyalty.tiers({ identifier: { type: "mobile", value: second.mobile } }, {
          allPrograms: true
        })
        assert.deepStrictEqual(
          everywhere.programTiers.map((tier) => [tier.programId, tier.currentTierName, tier.nextTierSerialNumber]),
          [[loyaltyProgram, "Silver", 2], [groupProgram, "Gold", 3]]
        )
      }))

    it.effect("no such member: CustomerNotFound; a member of no group: InvalidGroup; a foreign program: InvalidProgram", () =>
      Effect.gen(function*() {
        const loyalty = yield* GroupLoyaltyService.GroupLoyalty
        const [loner] = yield* newCustomers(1)
        const missing = yield* expectFailure(loyalty.balance(UserGroup.CustomerId.make(987_654_321)))
        assert.instanceOf(missing, UserGroupErrors.CustomerNotFound)
        assert.strictEqual((missing as UserGroupErrors.CustomerNotFound).code, 8015)
        const byLookup = yield* expectFailure(loyalty.tiers({ identifier: { type: "mobile", value: "919999999999" } }))
        assert.instanceOf(byLookup, UserGroupErrors.CustomerNotFound)
        const noGroup = yield* expectFailure(loyalty.tiers(loner!.id))
        assert.instanceOf(noGroup, UserGroupErrors.InvalidGroup)
        assert.strictEqual((noGroup as UserGroupErrors.InvalidGroup).code, 1632)
        const { primary } = yield* filledGroup
        const program = yield* expectFailure(
          loyalty.balance(primary.id, { programId: GroupPoints.ProgramId.make(9999) })
        )
        assert.instanceOf(program, GroupPointsErrors.InvalidProgram)
        assert.strictEqual((program as GroupPointsErrors.InvalidProgram).code, 1101)
        // what the SDK cannot send, as a client would
        const source = yield* raw(
          `/v2/customers/lookup/points/balance?entityType=FLEET&source=SHOP&identifierName=mobile&identifierValue=1`
        )
        assert.deepStrictEqual([source.status, source.body.errors[0].code], [400, 8003])
        const name = yield* raw(
          `/v2/customers/lookup/tierDetails?entityType=FLEET&source=ALL&identifierName=nick&identifierValue=x`
        )
        assert.strictEqual(name.body.errors[0].code, 8013)
        const badProgram = yield* raw(`/v2/customers/${primary.id}/tierDetails?entityType=FLEET&programId=abc`)
        assert.strictEqual(badProgram.body.errors[0].code, 1101)
        // the other organisation does not see the demo org's members
        const other = yield* tillService(
          GroupLoyaltyService.GroupLoyalty,
          GroupLoyaltyService.layer,
          Seed.demo.otherTill.username,
          Seed.demo.otherTill.password
        )
        assert.instanceOf(yield* expectFailure(other.balance(primary.id)), UserGroupErrors.CustomerNotFound)
      }))
  })

  describe("the group ledger, tier log and schedules", () => {
    it.effect("the ledger lists the transfers in, with the member who moved them, page by page", () =>
      Effect.gen(function*() {
        const loyalty = yield* GroupLoyaltyService.GroupLoyalty
        const { group, primary, second, transfers } = yield* filledGroup
        const tillId = yield* demoTillId
        const entries = yield* Stream.runCollect(loyalty.ledger({ externalId: group.externalId }))
        assert.deepStrictEqual(
          entries.map((entry) => [entry.eventName, entry.netPointsOnEvent, entry.customerDetails?.userId]),
          [["PointsTransfer", 1200, primary.id], ["PointsTransfer", 300, second.id]]
        )
        const [first] = entries
        assert.deepStrictEqual(first!.entryDetails, [{
          ledgerEntryType: "CREDIT",
          points: 1200,
          pointsCategory: "Main",
          programName: "DemoGroupLoyalty",
          programId: groupProgram
        }])
        assert.deepStrictEqual(first!.customerDetails, { userId: primary.id, firstName: "Member", lastName: "Of" })
        assert.deepStrictEqual(
          [first!.customerId, first!.tillCode, first!.storeCode, first!.orgId],
          [-group.id, Seed.demo.till.username, Seed.demo.till.storeCode, orgId]
        )
        assert.strictEqual(first!.ledgerCreatedDateISO, transfers[0].pointsTransferDateISO)
        assert.match(first!.ledgerCreatedDate, /^2030-01-15 10:\d\d:\d\d\.\d+$/)
        assert.isAbove(tillId, 0)

        // one entry a page: two pages, newest first when asked
        const page = yield* loyalty.ledgerPage({ id: group.id }, { offset: 1, limit: 1 }, { order: "DESC" })
        assert.deepStrictEqual(page.ledgerDetails, { pageNumber: 1, pageSize: 1, totalEntries: 2, pageCount: 2 })
        assert.deepStrictEqual(page.ledgerEntries?.map((entry) => entry.netPointsOnEvent), [1200])
        assert.deepStrictEqual(page.customerDetails, {
          userId: group.id,
          externalId: group.externalId,
          entityType: "FLEET"
        })
        // filters: debits (none), another program (none), by the primary member
        assert.strictEqual(
          (yield* Stream.runCollect(loyalty.ledger({ id: group.id }, { ledgerEntryType: "DEBIT" }))).length,
          0
        )
        assert.strictEqual(
          (yield* Stream.runCollect(loyalty.ledger({ id: group.id }, { programId: loyaltyProgram }))).length,
          0
        )
        assert.strictEqual((yield* Stream.runCollect(loyalty.ledger({ primaryUserId: primary.id }))).length, 2)
        // the documented `groupId` identifier names the group too
        const byGroupId = yield* raw(
          `/v2/pointsLedger/getCustomerLedgerInfo?type=USERGROUP2&identifierName=groupId&identifierValue=${group.id}&source=INSTORE`
        )
        assert.deepStrictEqual(
          [byGroupId.status, byGroupId.body.ledgerEntries.length, byGroupId.body.ledgerEntries[0].netPointsOnEvent],
          [200, 2, "1200.000"]
        )
        // the customers' ledger read of a group, through the same path, reads the same entries
        const points = yield* PointsService.Points
        const viaRewards = yield* points.ledgerInfo({ group: { id: group.id } })
        assert.deepStrictEqual(viaRewards.ledgerEntries?.map((entry) => entry.netPointsOnEvent), [1200, 300])
      }))

    it.effect("the ledger names what does not exist", () =>
      Effect.gen(function*() {
        const loyalty = yield* GroupLoyaltyService.GroupLoyalty
        const unknown = yield* expectFailure(
          Stream.runCollect(loyalty.ledger({ id: UserGroup.UserGroupId.make(987_654) }))
        )
        assert.instanceOf(unknown, UserGroupErrors.InvalidGroup)
        assert.strictEqual((unknown as UserGroupErrors.InvalidGroup).code, 1632)
        const notPrimary = yield* expectFailure(
          loyalty.ledgerPage({ primaryUserId: UserGroup.CustomerId.make(Seed.demo.customers.ann.id) }, { offset: 0 })
        )
        assert.strictEqual((notPrimary as UserGroupErrors.InvalidGroup).code, 1619)
        const { group } = yield* filledGroup
        const program = yield* expectFailure(
          loyalty.ledgerPage({ id: group.id }, { offset: 0 }, { programId: GroupPoints.ProgramId.make(9999) })
        )
        assert.instanceOf(program, GroupPointsErrors.InvalidProgram)
        const identifier = yield* raw(
          `/v2/pointsLedger/getCustomerLedgerInfo?type=USERGROUP2&identifierName=mobile&identifierValue=${Seed.demo.customers.tom.mobile}&source=INSTORE`
        )
        assert.deepStrictEqual([identifier.status, identifier.body.errors[0].code], [400, 8013])
        // refused before sending: a page holds at most 10 entries
        const tooBig = yield* expectFailure(loyalty.ledgerPage({ id: group.id }, { offset: 0, limit: 11 }))
        assert.instanceOf(tooBig, CapillaryError.CapillaryError)
      }))

    it.effect("the tier log has the upgrade the first transfer caused, with its till and store", () =>
      Effect.gen(function*() {
        const loyalty = yield* GroupLoyaltyService.GroupLoyalty
        const { group, transfers } = yield* filledGroup
        const changes = yield* Stream.runCollect(loyalty.slabHistory(group.id))
        assert.deepStrictEqual(changes, [{
          fromSlabNumber: 1,
          toSlabNumber: 2,
          from: "Silver",
          to: "Gold",
          changedOn: transfers[0].pointsTransferDateISO!,
          notes: "Upgrading to Slab : Slab[2]: Name [Gold] Description [From 1,000 points]",
          tillId: yield* demoTillId,
          store: { code: Seed.demo.till.storeCode, type: "STORE" },
          type: "UPGRADE",
          programId: groupProgram
        }])
        // up to Platinum (5,000 lifetime points): newest first, paged
        const [mover] = yield* newCustomers(1)
        yield* UserGroups.UserGroups.use((userGroups) => userGroups.join({ id: group.id }, [{ userId: mover!.id }]))
        yield* moveIntoGroup(mover!, group.id, 3500)
        const all = yield* Stream.runCollect(loyalty.slabHistory(group.id))
        assert.deepStrictEqual(all.map((change) => [change.from, change.to, change.type]), [
          ["Gold", "Platinum", "UPGRADE"],
          ["Silver", "Gold", "UPGRADE"]
        ])
        const page = yield* raw(`/v2/userGroup2/slabHistory?fleetGroupId=${group.id}&pageSize=1&offset=1`)
        assert.deepStrictEqual(page.body.pagination, { limit: 1, offset: 1, total: 2 })
        assert.deepStrictEqual(page.body.data.map((change: { to: string }) => change.to), ["Gold"])
        // a window that ends before the first upgrade has none
        const before = yield* Stream.runCollect(loyalty.slabHistory(group.id, { endDate: "2030-01-15" }))
        assert.deepStrictEqual(before, [])
        // unknown group
        const unknown = yield* expectFailure(
          Stream.runCollect(loyalty.slabHistory(UserGroup.UserGroupId.make(987_654)))
        )
        assert.instanceOf(unknown, UserGroupErrors.InvalidGroup)
        const notAnId = yield* raw(`/v2/userGroup2/slabHistory?fleetGroupId=abc`)
        assert.strictEqual(notAnId.body.errors[0].code, 1632)
        const noGroup = yield* raw(`/v2/userGroup2/slabHistory`)
        assert.strictEqual(noGroup.body.errors[0].code, 1635)
      }))

    it.effect("the expiry schedule lists the points moved in, by the program's expiry rule", () =>
      Effect.gen(function*() {
        const loyalty = yield* GroupLoyaltyService.GroupLoyalty
        const { group, primary } = yield* filledGroup
        const expiryDate = dayOf(start + 365 * dayMillis)
        const schedule = yield* Stream.runCollect(loyalty.expirySchedule({ id: group.id }))
        assert.deepStrictEqual(schedule, [{
          points: 1500,
          expiryDate,
          programId: groupProgram,
          pointsType: "customer_promotions",
          expiryType: "fixed"
        }])
        assert.deepStrictEqual(
          Option.getOrUndefined(yield* loyalty.earliestExpiry({ primaryUserId: primary.id }))?.expiryDate,
          expiryDate
        )
        // date filters, and the programs read
        assert.deepStrictEqual(
          yield* Stream.runCollect(
            loyalty.expirySchedule({ id: group.id }, { startDate: dayOf(start + 366 * dayMillis) })
          ),
          []
        )
        assert.deepStrictEqual(
          yield* Stream.runCollect(loyalty.expirySchedule({ id: group.id }, { programId: loyaltyProgram })),
          []
        )
        assert.strictEqual(
          (yield* Stream.runCollect(loyalty.expirySchedule({ externalId: group.externalId }, { allPrograms: true })))
            .length,
          1
        )
        // the documented spelling of the page parameters
        const spelled = yield* raw(`/v2/userGroup2/pointsExpirySchedule?id=${group.id}&type=FLEET&limits=1&offsets=1`)
        assert.deepStrictEqual([spelled.status, spelled.body.expirySchedules], [200, []])
        const first = yield* raw(
          `/v2/userGroup2/pointsExpirySchedule?id=${group.id}&type=USERGROUP2&limits=1&offsets=0`
        )
        assert.strictEqual(first.body.expirySchedules.length, 1)
      }))

    it.effect("schedules name what does not exist, and whose they are", () =>
      Effect.gen(function*() {
        const loyalty = yield* GroupLoyaltyService.GroupLoyalty
        const unknown = yield* expectFailure(loyalty.promisedSchedule({ externalId: "no-such-group" }))
        assert.instanceOf(unknown, UserGroupErrors.InvalidGroup)
        const program = yield* expectFailure(
          loyalty.earliestExpiry({ externalId: "demo-family" }, { programId: GroupPoints.ProgramId.make(9999) })
        )
        assert.instanceOf(program, GroupPointsErrors.InvalidProgram)
        const type = yield* raw(`/v2/userGroup2/pointsExpirySchedule?externalId=demo-family&type=CUSTOMER`)
        assert.deepStrictEqual([type.status, type.body.errors[0].code], [400, 1212])
        const unnamed = yield* raw(`/v2/userGroup2/promisedPointsSchedule?type=FLEET`)
        assert.strictEqual(unnamed.body.errors[0].code, 1635)
      }))
  })

  describe("the group read's loyalty parts (withLoyalty)", () => {
    it.effect("read back with the documented example's fields and value types, and values from the ledger", () =>
      Effect.gen(function*() {
        const { group } = yield* filledGroup
        const query = "expiredPoints=true&expirySchedules=true&gapToUpgradeFor=3&gapToRenewFor=2&companyDetails=true"
        const { body, status } = yield* raw(`/v2/userGroup2?id=${group.id}&${query}`)
        assert.strictEqual(status, 200)
        for (const part of ["expirySchedules", "gapToUpgrade", "gapToRenew", "warnings"]) {
          assert.deepStrictEqual(shapeOf(body[part]), shapeOf(documentedGroup[part]), part)
        }
        // a summary as the documented one of a program at a tier that renews (with gapToRenewSummary); its gap to
        // the next tier as the documented one of a program below the top
        const { upgradeStrategies, ...summaryFields } = body.pointsSummaries[0]
        const { upgradeStrategies: _, ...documentedFields } = documentedGroup.pointsSummaries[0]
        assert.deepStrictEqual(shapeOf(summaryFields), shapeOf(documentedFields))
        assert.deepStrictEqual(
          shapeOf(upgradeStrategies),
          shapeOf(documentedGroup.pointsSummaries[1].upgradeStrategies)
        )
        assert.deepStrictEqual(body.expiredPoints, [])
        assert.deepStrictEqual(body.expirySchedules, [{
          points: 1500,
          expiryDate: dayOf(start + 365 * dayMillis),
          expiryDateISO: `${dayOf(start + 365 * dayMillis)}T00:00:00Z`,
          programId: groupProgram
        }])
        assert.deepStrictEqual(body.gapToUpgrade, [{
          upgradeBasedOn: "LIFETIME_POINTS",
          upgradeThreshold: 5000,
          customerUpgradeEntityValues: { currentValue: 1500, gapToUpgrade: 3500, valueValidUpto: "2099-12-31" }
        }])
        assert.deepStrictEqual(body.gapToRenew, {
          tierExpiryDate: "2099-12-31",
          renewConfirmed: false,
          renewStrategies: []
        })
        assert.deepStrictEqual(body.warnings, [{
          status: false,
          code: 1656,
          message: "Fleet group do not have a mapped hierarchy"
        }])
        const [summary] = body.pointsSummaries
        assert.deepStrictEqual(
          [summary.lifetimePoints, summary.loyaltyPoints, summary.slabSNo, summary.currentSlab, summary.nextSlab],
          [1500, 1500, 2, "Gold", "Platinum"]
        )
        assert.deepStrictEqual(summary.upgradeStrategies, body.gapToUpgrade)

        // through the SDK: the same, decoded
        const userGroups = yield* UserGroups.UserGroups
        const read = yield* userGroups.get({ id: group.id }, { expirySchedules: true, gapToUpgradeFor: 2 })
        assert.deepStrictEqual(read.expirySchedules?.map((row) => row.points), [1500])
        // at Gold already: no gap to Gold; no renewal asked, none given
        assert.deepStrictEqual(read.gapToUpgrade, [])
        assert.strictEqual(read.gapToRenew, undefined)
        assert.strictEqual(read.pointsSummaries?.[0]?.gapToRenewSummary, undefined)
        assert.deepStrictEqual(read.warnings, [])
        // a group without points has no summaries, schedules or gaps; nothing is made up
        const [lonely] = yield* newCustomers(1)
        const empty = yield* newGroup(lonely!, [])
        const nothing = yield* userGroups.get({ id: empty.id }, {
          expiredPoints: true,
          expirySchedules: true,
          gapToUpgradeFor: 2,
          gapToRenewFor: 1
        })
        assert.deepStrictEqual(
          [
            nothing.pointsSummaries,
            nothing.expiredPoints,
            nothing.expirySchedules,
            nothing.gapToUpgrade,
            nothing.gapToRenew
          ],
          [[], [], [], [], undefined]
        )
      }))
  })

  describe("time: unlocks and expiries as the emulator clock moves", () => {
    it.effect("promised points unlock on their day; points expire after their last day", () =>
      Effect.gen(function*() {
        const loyalty = yield* GroupLoyaltyService.GroupLoyalty
        const clock = yield* EmulatorClock.EmulatorClock
        const { group, primary } = yield* filledGroup
        yield* LedgerBehaviours.award(LedgerBehaviours.group(orgId, group.id), groupProgram, 250, "promised", {
          bucket: "PROMISED",
          pointsType: "bill_regular"
        })
        const now = yield* clock.now
        const unlockDay = dayOf(now + 8 * dayMillis)
        const promised = yield* loyalty.promisedSchedule({ id: group.id })
        assert.deepStrictEqual(promised, {
          entityId: -group.id,
          entityType: "FLEET",
          promisedPointsScheduleList: [{
            points: 250,
            redeemableFrom: unlockDay,
            redeemableFromISO: `${unlockDay}T00:00:00Z`,
            programId: groupProgram,
            pointsType: "bill_regular"
          }],
          triggerBasedPointsList: [],
          warnings: []
        })
        assert.deepStrictEqual(
          (yield* loyalty.promisedSchedule({ id: group.id }, { endDate: dayOf(now) })).promisedPointsScheduleList,
          []
        )
        const before = yield* loyalty.balance(primary.id)
        assert.deepStrictEqual([before.mainPoints, before.promisedPoints, before.totalPoints], [1500, 250, 1750])

        // the morning of the unlock day: redeemable, a DelayedAccrual in the ledger, a new lot to expire
        yield* clock.advance(8 * dayMillis)
        assert.deepStrictEqual((yield* loyalty.promisedSchedule({ id: group.id })).promisedPointsScheduleList, [])
        const after = yield* loyalty.balance(primary.id)
        assert.deepStrictEqual([after.mainPoints, after.promisedPoints], [1750, 0])
        const unlocked = yield* Stream.runCollect(loyalty.ledger({ id: group.id }, { order: "DESC" }))
        assert.deepStrictEqual(
          [unlocked[0]!.eventName, unlocked[0]!.netPointsOnEvent, unlocked[0]!.tillCode, unlocked[0]!.customerDetails],
          ["DelayedAccrual", 0, "", null]
        )
        const schedule = yield* Stream.runCollect(loyalty.expirySchedule({ id: group.id }))
        assert.deepStrictEqual(schedule.map((row) => [row.points, row.pointsType]), [
          [1500, "customer_promotions"],
          [250, "bill_regular"]
        ])

        const earliest = yield* Stream.runCollect(loyalty.expirySchedule({ id: group.id }, { earliestOnly: true }))
        assert.deepStrictEqual(earliest.map((row) => row.points), [1500])
        assert.deepStrictEqual(
          Option.getOrUndefined(yield* loyalty.earliestExpiry({ id: group.id }))?.expiryDate,
          schedule[0]!.expiryDate
        )

        // the morning after the first lots' last day: they expire; the read shows what expired, and when
        const lastDay = schedule[0]!.expiryDate
        yield* clock.set(Date.parse(`${lastDay}T12:00:00Z`) + dayMillis)
        const left = yield* Stream.runCollect(loyalty.expirySchedule({ id: group.id }))
        assert.deepStrictEqual(left.map((row) => [row.points, row.pointsType]), [[250, "bill_regular"]])
        assert.strictEqual((yield* loyalty.balance(primary.id)).mainPoints, 250)
        const expired = yield* Stream.runCollect(loyalty.ledger({ id: group.id }, { order: "DESC" }))
        assert.deepStrictEqual(
          [expired[0]!.eventName, expired[0]!.entryDetails[0]!.ledgerEntryType, expired[0]!.netPointsOnEvent],
          ["PointsExpiry", "DEBIT", -1500]
        )
        const { body } = yield* raw(`/v2/userGroup2?id=${group.id}&expiredPoints=true`)
        const expiredOn = dayOf(Date.parse(`${lastDay}T00:00:00Z`) + dayMillis)
        assert.deepStrictEqual(body.expiredPoints, [{ points: 1500, expiredOn, programId: groupProgram }])
        assert.deepStrictEqual(
          [
            body.pointsSummaries[0].expired,
            body.pointsSummaries[0].loyaltyPoints,
            body.pointsSummaries[0].lifetimePoints
          ],
          [1500, 250, 1750]
        )
        // the audit of the whole ledger still holds
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
      }))
  })
})
