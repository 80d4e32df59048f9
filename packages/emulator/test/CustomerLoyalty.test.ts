/**
 * Contract tests of the customer loyalty reads of `@capillary-effect/customers`, run through the SDK over real
 * HTTP against the emulator, with the values checked against what each test awarded, redeemed and transferred
 * through the points ledger. The catalog is the default one plus `LedgerBehaviours.catalog` and
 * `CustomerLoyaltyBehaviours.catalog`. The last block runs on a `TestClock`: promised points unlock and points
 * expire as the clock moves, and every read sees it.
 */
import {
  Customer,
  CustomerErrors,
  Customers,
  Loyalty,
  LoyaltyErrors,
  LoyaltyService
} from "@capillary-effect/customers"
import { Points, PointsService } from "@capillary-effect/rewards"
import { GroupPoints, GroupPointsService, UserGroup, UserGroups } from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { TestClock } from "effect/testing"
import { CustomerLoyaltyBehaviours, Emulator, EmulatorClock, LedgerBehaviours, Seed } from "../src/index.ts"
import * as Store from "../src/internal/customerLoyalty.ts"
import * as Dates from "../src/internal/dates.ts"
import * as Ledger from "../src/internal/ledger.ts"
import { tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const fastRetries = { baseDelay: "1 millis", maxDelay: "5 millis", maxRetries: 3 } as const

const catalog = Emulator.catalog(
  Emulator.defaultCatalog,
  LedgerBehaviours.catalog,
  CustomerLoyaltyBehaviours.catalog
)

const { ann, bob, tom } = Seed.demo.customers
const orgId = Seed.demo.org.id
const loyaltyProgram = Loyalty.ProgramId.make(Seed.demo.programs.loyalty)
const groupProgram = Loyalty.ProgramId.make(Seed.demo.programs.group)
const tomId = Customer.CustomerId.make(tom.id)

const byMobile = (mobile: string) => ({ source: "INSTORE", identifier: { type: "mobile", value: mobile } }) as const

/** Every invariant of the ledger holds, lots included. */
const assertSound = Effect.gen(function*() {
  const audit = yield* LedgerBehaviours.audit
  for (const { sum } of audit.sumByOrg) assert.strictEqual(sum, 0)
  assert.deepStrictEqual(
    [audit.unbalancedEvents, audit.negativeWallets, audit.driftedAccounts, audit.inconsistentTotals, audit.lotDrift],
    [0, 0, 0, 0, 0]
  )
})

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
            lastName: "Loyal",
            identifiers: [{ type: "mobile", value: mobile }]
          }]
        }),
        ({ createdId }) => ({ id: createdId, mobile })
      )
    })
  })

const owner = (customerId: number) => LedgerBehaviours.customer(orgId, customerId)

const today = Effect.map(EmulatorClock.EmulatorClock.use((clock) => clock.now), Dates.dayOf)

const otherOrgLoyalty = tillService(
  LoyaltyService.CustomerLoyalty,
  LoyaltyService.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

const services = Layer.mergeAll(
  LoyaltyService.layer,
  Customers.layer,
  PointsService.layer,
  GroupPointsService.layer,
  UserGroups.layer
)

const liveLayer = services.pipe(
  Layer.provideMerge(
    Layer.effectDiscard(LedgerBehaviours.seedDemo).pipe(
      Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
    )
  )
)

layer(liveLayer, { excludeTestServices: true })("Customer loyalty against the emulator", (it) => {
  describe("loyalty details", () => {
    it.effect("the demo customers' points and tiers, from the seed's awards; the top tier has no next", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const details = yield* loyalty.loyaltyDetails(tomId)
        assert.deepStrictEqual(details.data.map((row) => row.programId), [loyaltyProgram])
        const [program] = details.data
        assert.deepStrictEqual(program, {
          redeemed: 0,
          expired: 0,
          returned: 0,
          adjusted: 0,
          lifetimePoints: 5000,
          loyaltyPoints: 5000,
          cumulativePurchases: 0,
          loyaltyId: tom.id,
          currentSlab: "Platinum",
          nextSlab: "",
          nextSlabSerialNumber: -1,
          nextSlabDescription: "",
          slabSNo: 3,
          slabExpiryDate: Ledger.noTierExpiry,
          programId: loyaltyProgram,
          delayedPoints: 0,
          delayedReturnedPoints: 0,
          totalAvailablePoints: 5000,
          totalReturnedPoints: 0,
          linkedPartnerPrograms: [],
          programTitle: "DemoLoyalty",
          programDescription: "Default loyalty program of the demo org",
          programPointsToCurrencyRatio: 1
        })
        const annDetails = yield* loyalty.loyaltyDetailsByIdentifier(byMobile(ann.mobile))
        assert.deepStrictEqual(
          annDetails.data.map((row) => [row.loyaltyPoints, row.currentSlab, row.slabSNo, row.nextSlab]),
          [[1200, "Gold", 2, "Platinum"]]
        )
        const bobDetails = yield* loyalty.loyaltyDetails(Customer.CustomerId.make(bob.id))
        assert.deepStrictEqual(
          bobDetails.data.map((row) => [row.loyaltyPoints, row.currentSlab, row.nextSlab, row.nextSlabSerialNumber]),
          [[300, "Silver", "Gold", 2]]
        )
        // one program named: the group program, where Tom's own wallet has nothing
        const named = yield* loyalty.loyaltyDetails(tomId, { programId: groupProgram })
        assert.deepStrictEqual(
          named.data.map((row) => [row.programId, row.loyaltyPoints, row.currentSlab, row.programTitle]),
          [[groupProgram, 0, "Silver", "DemoGroupLoyalty"]]
        )
      }))

    it.effect("every program the customer has points in, with the wallet's running totals", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const [member] = yield* newCustomers(1)
        const wallet = owner(member!.id)
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 1500, "bill")
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 60, "promised", { bucket: "PROMISED" })
        yield* LedgerBehaviours.redeem(wallet, loyaltyProgram, 200.5, "redeemed")
        yield* LedgerBehaviours.award(wallet, groupProgram, 25, "in the group program")
        const details = yield* loyalty.loyaltyDetails(member!.id)
        assert.deepStrictEqual(
          details.data.map((row) => [
            row.programId,
            row.loyaltyPoints,
            row.lifetimePoints,
            row.redeemed,
            row.delayedPoints,
            row.totalAvailablePoints,
            row.currentSlab
          ]),
          [
            [loyaltyProgram, 1299.5, 1500, 200.5, 60, 1359.5, "Gold"],
            [groupProgram, 25, 25, 0, 0, 25, "Silver"]
          ]
        )
        yield* assertSound
      }))

    it.effect("unknown customers and programs fail with the named errors", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const stranger = Customer.CustomerId.make(987_654_321)
        const notFound = yield* Effect.flip(loyalty.loyaltyDetails(stranger))
        assert.instanceOf(notFound, CustomerErrors.CustomerNotFound)
        assert.strictEqual((notFound as CustomerErrors.CustomerNotFound).code, 8015)
        assert.instanceOf(
          yield* Effect.flip(loyalty.loyaltyDetailsByIdentifier(byMobile("919999999999"))),
          CustomerErrors.CustomerNotFound
        )
        const program = yield* Effect.flip(loyalty.loyaltyDetails(tomId, { programId: Loyalty.ProgramId.make(9999) }))
        assert.instanceOf(program, LoyaltyErrors.InvalidProgram)
        assert.strictEqual((program as LoyaltyErrors.InvalidProgram).code, 1101)
        // the other organisation's program and customers are not the demo org's
        const otherProgram = Loyalty.ProgramId.make(Seed.demo.programs.other)
        assert.instanceOf(
          yield* Effect.flip(loyalty.tierDetails(tomId, { programId: otherProgram })),
          LoyaltyErrors.InvalidProgram
        )
        const other = yield* otherOrgLoyalty
        assert.instanceOf(yield* Effect.flip(other.loyaltyDetails(tomId)), CustomerErrors.CustomerNotFound)
        // a WECHAT profile is found in its own source only
        assert.strictEqual(
          (yield* loyalty.loyaltyDetailsByIdentifier({
            source: "WECHAT",
            accountId: ann.wechat.accountId,
            identifier: { type: "wechat", value: ann.wechat.openId }
          })).data[0]?.loyaltyPoints,
          1200
        )
        assert.instanceOf(
          yield* Effect.flip(loyalty.loyaltyDetailsByIdentifier({
            source: "INSTORE",
            identifier: { type: "wechat", value: ann.wechat.openId }
          })),
          CustomerErrors.CustomerNotFound
        )
      }))
  })

  describe("balance and tiers", () => {
    it.effect("the balance by identifier: one program, the default one, or summed over all", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const points = yield* PointsService.Points
        const [member] = yield* newCustomers(1)
        const wallet = owner(member!.id)
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 100, "bill")
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 40.125, "promised", { bucket: "PROMISED" })
        yield* LedgerBehaviours.award(wallet, groupProgram, 25, "other program")
        const balance = yield* loyalty.pointsBalance(byMobile(member!.mobile))
        assert.deepStrictEqual(balance, {
          entityId: member!.id,
          entityType: "CUSTOMER",
          totalPoints: 140.125,
          mainPoints: 100,
          promisedPoints: 40.125,
          promisedPointsBreakup: { delayedAccrualPoints: 40.125, externalTriggerBasedPoints: 0 },
          warnings: []
        })
        // the same as the by-id balance of the rewards package
        const byId = yield* points.balance(Points.CustomerId.make(member!.id))
        assert.deepStrictEqual([byId.mainPoints, byId.promisedPoints], [balance.mainPoints, balance.promisedPoints])
        const all = yield* loyalty.pointsBalance(byMobile(member!.mobile), { allPrograms: true })
        assert.deepStrictEqual([all.mainPoints, all.promisedPoints, all.totalPoints], [125, 40.125, 165.125])
        const one = yield* loyalty.pointsBalance(byMobile(member!.mobile), { programId: groupProgram })
        assert.deepStrictEqual([one.mainPoints, one.promisedPoints], [25, 0])
        assert.instanceOf(
          yield* Effect.flip(loyalty.pointsBalance(byMobile(member!.mobile), { programId: Loyalty.ProgramId.make(7) })),
          LoyaltyErrors.InvalidProgram
        )
      }))

    it.effect("tier details: the program's tier by lifetime points, the next one, the far-future expiry", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const top = yield* loyalty.tierDetails(tomId)
        assert.deepStrictEqual(top, {
          entityId: tom.id,
          entityType: "CUSTOMER",
          programTiers: [{
            programId: loyaltyProgram,
            currentTierName: "Platinum",
            currentTierSerialNumber: 3,
            tierExpiryDate: "2099-12-31 23:59:59",
            tierExpiryDateISO: "2099-12-31T23:59:59Z",
            nextTierName: "",
            nextTierSerialNumber: -1
          }],
          warnings: []
        })
        const [member] = yield* newCustomers(1)
        yield* LedgerBehaviours.award(owner(member!.id), groupProgram, 1000, "group program points")
        const tiers = yield* loyalty.tierDetailsByIdentifier(byMobile(member!.mobile), { allPrograms: true })
        assert.deepStrictEqual(
          tiers.programTiers.map((
            row
          ) => [row.programId, row.currentTierName, row.nextTierName, row.nextTierSerialNumber]),
          [[loyaltyProgram, "Silver", "Gold", 2], [groupProgram, "Gold", "Platinum", 3]]
        )
        assert.instanceOf(
          yield* Effect.flip(loyalty.tierDetails(Customer.CustomerId.make(987_654_321))),
          CustomerErrors.CustomerNotFound
        )
      }))
  })

  describe("schedules", () => {
    it.effect("the expiry schedule: what is left of each lot, first-to-expire redeemed first", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const day = yield* today
        const [member] = yield* newCustomers(1)
        const wallet = owner(member!.id)
        const soon = Ledger.addDays(day, 10)
        const later = Ledger.addDays(day, 400)
        // the program's rule: 365 days from the award, fixed
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 100, "by the rule")
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 50, "bill", {
          pointsType: "bill_regular",
          expiresOn: soon
        })
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 30, "later", { expiresOn: later })
        yield* LedgerBehaviours.redeem(wallet, loyaltyProgram, 70, "redeemed")
        const schedule = yield* loyalty.expirySchedule(member!.id)
        assert.deepStrictEqual(schedule, {
          id: member!.id,
          profiles: [],
          loyaltyInfo: { loyaltyType: "loyalty" },
          segments: {},
          extendedFields: {},
          expirySchedules: [
            // 70 redeemed: the 50 expiring soonest, then 20 of the 100
            {
              points: 80,
              expiryDate: Ledger.addDays(day, 365),
              expiryDateISO: `${Ledger.addDays(day, 365)}T00:00:00Z`,
              programId: loyaltyProgram,
              pointsType: "customer_promotions",
              expiryType: "fixed"
            },
            {
              points: 30,
              expiryDate: later,
              expiryDateISO: `${later}T00:00:00Z`,
              programId: loyaltyProgram,
              pointsType: "customer_promotions",
              expiryType: "fixed"
            }
          ],
          warnings: []
        })
        // the schedule adds up to the balance
        const balance = yield* loyalty.pointsBalance(byMobile(member!.mobile))
        assert.strictEqual(schedule.expirySchedules.reduce((sum, row) => sum + row.points, 0), balance.mainPoints)
        // by identifier, within dates, earliest only
        const until = yield* loyalty.expiryScheduleByIdentifier(byMobile(member!.mobile), {
          endDate: Ledger.addDays(day, 366)
        })
        assert.deepStrictEqual(until.expirySchedules.map((row) => row.points), [80])
        const from = yield* loyalty.expirySchedule(member!.id, { startDate: Ledger.addDays(day, 366) })
        assert.deepStrictEqual(from.expirySchedules.map((row) => row.points), [30])
        const earliest = yield* loyalty.expirySchedule(member!.id, { earliestOnly: true })
        assert.deepStrictEqual(earliest.expirySchedules.map((row) => [row.points, row.pointsType]), [
          [80, "customer_promotions"]
        ])
        // another program's lots only with all programs
        yield* LedgerBehaviours.award(wallet, groupProgram, 5, "group program", { pointsType: "bill_promotions" })
        assert.strictEqual((yield* loyalty.expirySchedule(member!.id)).expirySchedules.length, 2)
        const everything = yield* loyalty.expirySchedule(member!.id, { allPrograms: true, earliestOnly: true })
        assert.deepStrictEqual(
          everything.expirySchedules.map((row) => [row.programId, row.points, row.pointsType]),
          [[loyaltyProgram, 80, "customer_promotions"], [groupProgram, 5, "bill_promotions"]]
        )
        yield* assertSound
      }))

    it.effect("the promised points schedule: by the day they become redeemable", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const day = yield* today
        const [member] = yield* newCustomers(1)
        const wallet = owner(member!.id)
        // the program's delay: 7 days after the morning after the award
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 390, "line items", {
          bucket: "PROMISED",
          pointsType: "line_item_promotions"
        })
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 130, "bill", {
          bucket: "PROMISED",
          redeemableFrom: Ledger.addDays(day, 3)
        })
        const promised = yield* loyalty.promisedSchedule(member!.id)
        assert.deepStrictEqual(promised, {
          entityId: member!.id,
          entityType: "CUSTOMER",
          promisedPointsScheduleList: [
            {
              points: 130,
              redeemableFrom: Ledger.addDays(day, 3),
              redeemableFromISO: `${Ledger.addDays(day, 3)}T00:00:00Z`,
              programId: loyaltyProgram,
              pointsType: "customer_promotions"
            },
            {
              points: 390,
              redeemableFrom: Ledger.addDays(day, 8),
              redeemableFromISO: `${Ledger.addDays(day, 8)}T00:00:00Z`,
              programId: loyaltyProgram,
              pointsType: "line_item_promotions"
            }
          ],
          triggerBasedPointsList: [],
          warnings: []
        })
        const byIdentifier = yield* loyalty.promisedScheduleByIdentifier(byMobile(member!.mobile), {
          programId: groupProgram
        })
        assert.deepStrictEqual(byIdentifier.promisedPointsScheduleList, [])
        // promised points are not in the expiry schedule
        assert.deepStrictEqual((yield* loyalty.expirySchedule(member!.id)).expirySchedules, [])
        yield* assertSound
      }))
  })

  describe("events and transfers", () => {
    it.effect("loyalty events are the customer's ledger events, oldest first, by kind and page", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const [member] = yield* newCustomers(1)
        const wallet = owner(member!.id)
        const awarded: Array<number> = []
        for (let n = 1; n <= 12; n++) {
          awarded.push(yield* LedgerBehaviours.award(wallet, loyaltyProgram, n, `award ${n}`))
        }
        const redeemed = yield* LedgerBehaviours.redeem(wallet, loyaltyProgram, 5, "redeemed")
        const first = yield* loyalty.loyaltyEvents(member!.id)
        assert.deepStrictEqual(first.data.map((event) => event.id), awarded.slice(0, 10))
        assert.deepStrictEqual(first.data[0], {
          id: awarded[0]!,
          customerId: member!.id,
          date: first.data[0]!.date,
          eventName: "PointsAllocation",
          orgId,
          status: "SUCCESS",
          uniqueId: Store.uniqueId(awarded[0]!)
        })
        assert.match(first.data[0]!.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        const second = yield* loyalty.loyaltyEvents(member!.id, { page: 2 })
        assert.deepStrictEqual(second.data.map((event) => event.id), [...awarded.slice(10), redeemed])
        const all = yield* Stream.runCollect(loyalty.allLoyaltyEvents(member!.id, { pageSize: 5 }))
        assert.deepStrictEqual(all.map((event) => event.id), [...awarded, redeemed])
        const redemptions = yield* loyalty.loyaltyEvents(member!.id, { eventType: "REDEEM" })
        assert.deepStrictEqual(redemptions.data.map((event) => [event.id, event.eventName]), [
          [redeemed, "PointsRedemption"]
        ])
        assert.deepStrictEqual((yield* loyalty.loyaltyEvents(member!.id, { eventType: "EXPIRE" })).data, [])
        const day = yield* today
        assert.strictEqual(
          (yield* loyalty.loyaltyEvents(member!.id, { fromDate: day, toDate: day, pageSize: 100 })).data.length,
          13
        )
        assert.deepStrictEqual(
          (yield* loyalty.loyaltyEvents(member!.id, { toDate: Ledger.addDays(day, -1) })).data,
          []
        )
        assert.instanceOf(
          yield* Effect.flip(loyalty.loyaltyEvents(Customer.CustomerId.make(987_654_321))),
          CustomerErrors.CustomerNotFound
        )
      }))

    it.effect("points transfers: out of and into the customer's wallet, with the group on the other side", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const groupPoints = yield* GroupPointsService.GroupPoints
        const userGroups = yield* UserGroups.UserGroups
        const [primary] = yield* newCustomers(1)
        yield* LedgerBehaviours.award(owner(primary!.id), loyaltyProgram, 300, "start")
        const { entity: groupId } = yield* userGroups.create({
          externalId: `loyalty-group-${primary!.id}`,
          groupName: "Loyalty group",
          maxGroupSize: 5
        })
        yield* userGroups.join({ id: groupId }, [{
          userId: UserGroup.CustomerId.make(primary!.id),
          primaryMember: true
        }])
        const customerSide = {
          type: "CUSTOMER",
          identifierType: "mobile",
          identifierValue: primary!.mobile,
          source: "INSTORE"
        } as const
        const groupSide = { type: "USERGROUP2", identifierType: "id", identifierValue: String(groupId) } as const
        const by = { identifierType: "mobile", identifierValue: primary!.mobile, source: "INSTORE" } as const
        const out = yield* groupPoints.transfer(
          { pointsTobeTransferred: 120, transferredBy: by, fromEntity: customerSide, toEntity: groupSide },
          { reference: "loyalty-out" }
        )
        const back = yield* groupPoints.transfer(
          {
            pointsTobeTransferred: 20.5,
            programId: GroupPoints.ProgramId.make(groupProgram),
            transferredBy: by,
            fromEntity: groupSide,
            toEntity: customerSide
          },
          { reference: "loyalty-back" }
        )
        const transfers = yield* loyalty.pointsTransfers(primary!.id)
        assert.deepStrictEqual(
          transfers.data.map((row) => [row.transferId, row.transferType, row.pointsTransferred, row.programName]),
          [
            [back.transferId, "ADDITION", 20.5, "DemoGroupLoyalty"],
            [out.transferId, "DEDUCTION", 120, "DemoLoyalty"]
          ]
        )
        const [addition, deduction] = transfers.data
        assert.deepStrictEqual(deduction?.transferredFrom, {
          userId: primary!.id,
          firstName: "Member",
          lastName: "Loyal"
        })
        assert.deepStrictEqual(
          [deduction?.transferredToUserGroup2?.id, deduction?.toEntityType, deduction?.notes],
          [groupId, "USERGROUP2", out.notes]
        )
        assert.deepStrictEqual([addition?.transferredTo?.userId, addition?.fromEntityId], [primary!.id, groupId])
        assert.match(deduction!.pointsTransferDate, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
        // the points moved: the customer's balance in each program
        const details = yield* loyalty.loyaltyDetails(primary!.id)
        assert.deepStrictEqual(details.data.map((row) => [row.programId, row.loyaltyPoints, row.adjusted]), [
          [loyaltyProgram, 180, 120],
          [groupProgram, 20.5, 0]
        ])
        // and a customer who transferred nothing has no transfers
        assert.deepStrictEqual((yield* loyalty.pointsTransfers(Customer.CustomerId.make(ann.id))).data, [])
        yield* assertSound
      }))
  })

  describe("promotions and trackers", () => {
    it.effect("promotion data: an empty page for a customer (no promotions modelled), else the named errors", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const page = yield* loyalty.promotionData(
          { source: "INSTORE", identifier: { type: "id", value: String(tom.id) } },
          { programIds: [loyaltyProgram], pageSize: 5, offset: 10 }
        )
        assert.deepStrictEqual(page, {
          data: [],
          pageDetails: { pageNumber: 2, pageSize: 5, totalEntries: 0, pageCount: 0 },
          warnings: [],
          errors: []
        })
        assert.deepStrictEqual(yield* Stream.runCollect(loyalty.promotions(byMobile(ann.mobile))), [])
        assert.instanceOf(
          yield* Effect.flip(loyalty.promotionData(byMobile("919999999999"))),
          CustomerErrors.CustomerNotFound
        )
        assert.instanceOf(
          yield* Effect.flip(loyalty.promotionData(byMobile(tom.mobile), { programIds: [Loyalty.ProgramId.make(9)] })),
          LoyaltyErrors.InvalidProgram
        )
      }))

    it.effect("trackers of a group: none modelled, so none; an unknown group is 1645", () =>
      Effect.gen(function*() {
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const family = yield* loyalty.trackers({ externalId: "demo-family" }, { source: "INSTORE" })
        assert.deepStrictEqual(family, {
          pagination: { limit: 0, offset: 0, total: 0 },
          data: [],
          warnings: [],
          errors: []
        })
        assert.deepStrictEqual((yield* loyalty.trackers({ primaryUserId: tomId })).data, [])
        const unknown = yield* Effect.flip(loyalty.trackers({ id: 987_654_321 }))
        assert.instanceOf(unknown, LoyaltyErrors.InvalidGroup)
        assert.strictEqual((unknown as LoyaltyErrors.InvalidGroup).code, 1645)
        assert.instanceOf(
          yield* Effect.flip(loyalty.trackers({ primaryUserId: Customer.CustomerId.make(ann.id) })),
          LoyaltyErrors.InvalidGroup
        )
      }))
  })

  describe("wire", () => {
    it.effect("requests Capillary refuses with its own codes, from any client", () =>
      Effect.gen(function*() {
        const code = (path: string) => Effect.map(raw(path), ({ body, status }) => [status, body.errors?.[0]?.code])
        const lookup = `source=INSTORE&identifierName=mobile&identifierValue=${tom.mobile}`
        assert.deepStrictEqual(yield* code(`/v2/customers/lookup/points/balance?${lookup}&entityType=GROUP`), [
          400,
          1212
        ])
        assert.deepStrictEqual(yield* code(`/v2/customers/lookup/loyaltyDetails?${lookup}&programId=abc`), [400, 1101])
        assert.deepStrictEqual(yield* code(`/v2/customers/${tom.id}/tierDetails?programId=-4`), [400, 1101])
        assert.deepStrictEqual(
          yield* code(`/v2/customers/lookup/tierDetails?identifierName=mobile&identifierValue=${tom.mobile}`),
          [400, 8001]
        )
        assert.deepStrictEqual(yield* code(`/v2/customers/lookup/tierDetails?source=INSTORE`), [400, 8002])
        assert.deepStrictEqual(
          yield* code(`/v2/customers/lookup/pointsExpirySchedule?${lookup.replace("INSTORE", "NOWHERE")}`),
          [400, 8003]
        )
        assert.deepStrictEqual(
          yield* code(`/v2/customers/lookup/promisedPointsSchedule?${lookup.replace("=mobile", "=nickname")}`),
          [400, 8013]
        )
        assert.deepStrictEqual(yield* code(`/v2/customers/${tom.id}/loyaltyEvents?offset=-1`), [400, 8100])
        assert.deepStrictEqual(yield* code(`/v2/customers/${tom.id}/loyaltyEvents?limit=0`), [400, 8101])
        assert.deepStrictEqual(yield* code(`/v2/customers/${tom.id}/loyaltyEvents?limit=500`), [400, 8102])
        assert.deepStrictEqual(yield* code(`/v2/customers/lookup/promotionData?${lookup}&limit=101`), [400, 8102])
        assert.deepStrictEqual(yield* code(`/v2/customers/lookup/promotionData?${lookup}&programIds=1,x`), [400, 1101])
        assert.deepStrictEqual(
          yield* code(`/v2/customers/userEntityTrackers?type=CUSTOMER&identifierType=id&identifierValue=1`),
          [400, 1647]
        )
        assert.deepStrictEqual(
          yield* code(`/v2/customers/userEntityTrackers?type=USERGROUP2&identifierType=name&identifierValue=x`),
          [400, 1645]
        )
        // a malformed date is a plain 400
        const badDate = yield* raw(`/v2/customers/${tom.id}/pointsExpirySchedule?startDate=2025-13-01`)
        assert.strictEqual(badDate.status, 400)
        // the balance as curl sees it: the points, and the entity
        const balance = yield* raw(`/v2/customers/lookup/points/balance?${lookup}&entityType=CUSTOMER`)
        assert.deepStrictEqual([balance.status, balance.body.entityId, balance.body.mainPoints], [200, tom.id, 5000])
      }))

    it.effect("the embeds of a customer read, for the lead to merge into customers.get", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const now = yield* EmulatorClock.EmulatorClock.use((clock) => clock.now)
        const [member] = yield* newCustomers(1)
        const wallet = owner(member!.id)
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 1100, "bill")
        const expiredAt = Ledger.addDays(Dates.dayOf(now), -1)
        // points given with an expiry date that has already passed expire when the organisation settles
        yield* LedgerBehaviours.award(wallet, loyaltyProgram, 40, "old", {
          expiresOn: Ledger.addDays(expiredAt, -1)
        })
        const embeds = yield* sql.withTransaction(
          Store.embedsFor(orgId, member!.id, ["points,mlp", "expirySchedules", "expiredPoints", "subscriptions"], now)
        )
        const decoded = Schema.decodeUnknownSync(Loyalty.Embeds)(embeds)
        assert.deepStrictEqual(decoded.pointsSummary, {
          adjusted: 0,
          cumulativePurchases: 0,
          currentSlab: "Gold",
          expired: 40,
          lifetimePoints: 1140,
          loyaltyId: member!.id,
          loyaltyPoints: 1100,
          nextSlab: "Platinum",
          nextSlabDescription: "From 5,000 points",
          nextSlabSerialNumber: 3,
          redeemed: 0,
          returned: 0,
          slabExpiryDate: Ledger.noTierExpiry,
          slabSNo: 2
        })
        assert.deepStrictEqual(decoded.loyaltyProgramDetails?.map((row) => [row.programId, row.loyaltyPoints]), [
          [loyaltyProgram, 1100]
        ])
        assert.deepStrictEqual(decoded.groupLoyaltyProgramDetails, [])
        assert.deepStrictEqual(decoded.expirySchedules?.map((row) => row.points), [1100])
        assert.deepStrictEqual(decoded.expiredPoints, [{
          points: 40,
          expiryDate: expiredAt,
          programId: loyaltyProgram
        }])
        assert.deepStrictEqual(yield* sql.withTransaction(Store.embedsFor(orgId, member!.id, ["subscriptions"])), {})
        yield* assertSound
      }))
  })
})

// ---------------------------------------------------------------------------------------------------------------
// On a TestClock
// ---------------------------------------------------------------------------------------------------------------

const day = 24 * 60 * 60 * 1000

/** Moves the TestClock (and so the emulator clock) forward. */
const advance = (millis: number) => TestClock.adjust(millis)

const clockLayer = services.pipe(Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } })))

layer(clockLayer)("Customer loyalty as the TestClock moves", (it) => {
  it.effect("promised points become redeemable on their day, and points expire after theirs", () =>
    Effect.gen(function*() {
      const loyalty = yield* LoyaltyService.CustomerLoyalty
      const sql = yield* SqlClient.SqlClient
      yield* TestClock.setTime(Date.parse("2030-03-10T12:00:00Z"))
      yield* sql.withTransaction(
        Ledger.setProgramRule(loyaltyProgram, { expiryDays: 30, expiryType: "fixed", promisedDelayDays: 2 })
      )
      const [member] = yield* newCustomers(1)
      const wallet = owner(member!.id)
      yield* LedgerBehaviours.award(wallet, loyaltyProgram, 100, "bill")
      yield* LedgerBehaviours.award(wallet, loyaltyProgram, 60, "promised", { bucket: "PROMISED" })
      assert.deepStrictEqual((yield* loyalty.promisedSchedule(member!.id)).promisedPointsScheduleList, [{
        points: 60,
        redeemableFrom: "2030-03-13",
        redeemableFromISO: "2030-03-13T00:00:00Z",
        programId: loyaltyProgram,
        pointsType: "customer_promotions"
      }])
      assert.deepStrictEqual(
        (yield* loyalty.expirySchedule(member!.id)).expirySchedules.map((row) => [row.points, row.expiryDate]),
        [[100, "2030-04-09"]]
      )

      // the evening before: still promised
      yield* advance(2 * day + 11 * 60 * 60 * 1000)
      assert.strictEqual((yield* loyalty.pointsBalance(byMobile(member!.mobile))).promisedPoints, 60)
      // the morning of 2030-03-13: redeemable, a MAIN lot that expires 30 days later
      yield* advance(2 * 60 * 60 * 1000)
      const unlocked = yield* loyalty.pointsBalance(byMobile(member!.mobile))
      assert.deepStrictEqual([unlocked.mainPoints, unlocked.promisedPoints], [160, 0])
      assert.deepStrictEqual((yield* loyalty.promisedSchedule(member!.id)).promisedPointsScheduleList, [])
      assert.deepStrictEqual(
        (yield* loyalty.expirySchedule(member!.id)).expirySchedules.map((row) => [row.points, row.expiryDate]),
        [[100, "2030-04-09"], [60, "2030-04-12"]]
      )
      const conversion = yield* loyalty.loyaltyEvents(member!.id, { eventType: "EARN" })
      assert.deepStrictEqual(
        conversion.data.map((event) => [event.eventName, event.date]),
        [
          ["PointsAllocation", "2030-03-10T12:00:00Z"],
          ["PointsAllocation", "2030-03-10T12:00:00Z"],
          ["DelayedAccrual", "2030-03-13T00:00:00Z"]
        ]
      )

      // a redemption takes from the lot that expires first
      yield* LedgerBehaviours.redeem(wallet, loyaltyProgram, 30, "redeemed")
      // 2030-04-09 is the last day of the first lot; the morning after, what is left of it has expired
      yield* TestClock.setTime(Date.parse("2030-04-09T23:00:00Z"))
      assert.strictEqual((yield* loyalty.pointsBalance(byMobile(member!.mobile))).mainPoints, 130)
      yield* TestClock.setTime(Date.parse("2030-04-10T08:00:00Z"))
      const details = yield* loyalty.loyaltyDetails(member!.id)
      assert.deepStrictEqual(
        details.data.map((row) => [row.loyaltyPoints, row.expired, row.redeemed, row.lifetimePoints]),
        [[60, 70, 30, 160]]
      )
      const expiries = yield* loyalty.loyaltyEvents(member!.id, { eventType: "EXPIRE" })
      assert.deepStrictEqual(expiries.data.map((event) => [event.eventName, event.date]), [
        ["PointsExpiry", "2030-04-10T00:00:00Z"]
      ])
      assert.deepStrictEqual(
        (yield* loyalty.expirySchedule(member!.id)).expirySchedules.map((row) => [row.points, row.expiryDate]),
        [[60, "2030-04-12"]]
      )
      // the embeds of a customer read agree
      const embeds = yield* sql.withTransaction(
        Store.embedsFor(orgId, member!.id, ["expiredPoints"], Date.parse("2030-04-10T08:00:00Z"))
      )
      assert.deepStrictEqual(embeds.expiredPoints, [{
        points: 70,
        expiryDate: "2030-04-10",
        programId: loyaltyProgram
      }])

      // long after: everything expired, each on its own day, in order
      yield* advance(60 * day)
      const later = yield* loyalty.loyaltyEvents(member!.id, { eventType: "EXPIRE" })
      assert.deepStrictEqual(later.data.map((event) => event.date), ["2030-04-10T00:00:00Z", "2030-04-13T00:00:00Z"])
      assert.strictEqual((yield* loyalty.pointsBalance(byMobile(member!.mobile))).mainPoints, 0)
      yield* assertSound
    }))

  it.effect("a rolling rule moves earlier points to the latest award's expiry date", () =>
    Effect.gen(function*() {
      const loyalty = yield* LoyaltyService.CustomerLoyalty
      const sql = yield* SqlClient.SqlClient
      yield* TestClock.setTime(Date.parse("2031-01-01T09:00:00Z"))
      yield* sql.withTransaction(
        Ledger.setProgramRule(groupProgram, { expiryDays: 30, expiryType: "rolling", promisedDelayDays: 0 })
      )
      const [member] = yield* newCustomers(1)
      const wallet = owner(member!.id)
      yield* LedgerBehaviours.award(wallet, groupProgram, 10, "first")
      yield* advance(20 * day)
      yield* LedgerBehaviours.award(wallet, groupProgram, 5, "second", { pointsType: "bill_regular" })
      const schedule = yield* loyalty.expirySchedule(member!.id, { programId: groupProgram })
      assert.deepStrictEqual(
        schedule.expirySchedules.map((row) => [row.points, row.expiryDate, row.pointsType, row.expiryType]),
        [[5, "2031-02-20", "bill_regular", "rolling"], [10, "2031-02-20", "customer_promotions", "rolling"]]
      )
      const main = Effect.map(
        loyalty.pointsBalance(byMobile(member!.mobile), { programId: groupProgram }),
        (balance) => balance.mainPoints
      )
      // past the first award's own 30 days (2031-01-31), nothing expired: it rolled
      yield* advance(15 * day)
      assert.strictEqual(yield* main, 15)
      // 2031-02-20 is the last day of both; the morning after, they expired together
      yield* advance(15 * day)
      assert.strictEqual(yield* main, 15)
      yield* advance(day)
      assert.strictEqual(yield* main, 0)
      assert.deepStrictEqual(yield* Ledger.expiredPoints(owner(member!.id), { programId: groupProgram }), [
        { points: 15, expiredOn: "2031-02-21", programId: groupProgram }
      ])
      yield* assertSound
    }))

  it.effect("tier changes are logged as lifetime points cross the thresholds", () =>
    Effect.gen(function*() {
      const loyalty = yield* LoyaltyService.CustomerLoyalty
      const [member] = yield* newCustomers(1)
      const wallet = owner(member!.id)
      const first = yield* LedgerBehaviours.award(wallet, loyaltyProgram, 600, "one")
      yield* advance(day)
      const second = yield* LedgerBehaviours.award(wallet, loyaltyProgram, 600, "two")
      yield* LedgerBehaviours.redeem(wallet, loyaltyProgram, 1000, "spent")
      const changes = yield* Ledger.tierChanges(owner(member!.id))
      assert.deepStrictEqual(
        changes.map((change) => [change.kind, change.fromName, change.toName, change.eventId]),
        [["INITIAL", undefined, "Silver", first], ["UPGRADE", "Silver", "Gold", second]]
      )
      // redeeming does not take the tier back: it is by lifetime points
      assert.deepStrictEqual(
        (yield* loyalty.tierDetails(member!.id)).programTiers.map((row) => row.currentTierName),
        ["Gold"]
      )
    }))
})
