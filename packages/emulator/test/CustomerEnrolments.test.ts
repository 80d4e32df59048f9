/**
 * Contract tests of program enrolments (`loyaltyProgramEnrollments` of a registration and of an update, the
 * registration's `rawSideEffects` and `mlp_single_enroll`) and of the wallets a merge moves: every operation runs
 * through the SDK's `Customers` service over real HTTP against the emulator, and the enrolment is read back
 * through the customer loyalty reads (`LoyaltyService`): loyalty details, balance, tiers, expiry and promised
 * schedules, with the ledger's tier log and audit checked afterwards. The last block runs on a `TestClock`.
 */
import { Customer, Customers, Loyalty, LoyaltyService } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { TestClock } from "effect/testing"
import { CustomerBehaviours, Emulator, EmulatorClock, LedgerBehaviours, Seed } from "../src/index.ts"
import * as Dates from "../src/internal/dates.ts"
import * as Ledger from "../src/internal/ledger.ts"
import { fastRetries } from "./fixtures/clients.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, CustomerBehaviours.catalog)

const orgId = Seed.demo.org.id
const loyaltyProgram = Loyalty.ProgramId.make(Seed.demo.programs.loyalty)
const groupProgram = Seed.demo.programs.group
const day = 24 * 60 * 60 * 1000

const services = Layer.mergeAll(Customers.layer, LoyaltyService.layer)

/** Every invariant of the ledger holds, lots included. */
const assertSound = Effect.gen(function*() {
  const audit = yield* LedgerBehaviours.audit
  for (const { sum } of audit.sumByOrg) assert.strictEqual(sum, 0)
  assert.deepStrictEqual(
    [audit.unbalancedEvents, audit.negativeWallets, audit.driftedAccounts, audit.inconsistentTotals, audit.lotDrift],
    [0, 0, 0, 0, 0]
  )
})

let nextMobile = 919_600_000_000

const newMobile = () => String(nextMobile++)

/** A registration in INSTORE by a new mobile, with what else is given. */
const registration = (
  mobile: string,
  rest: Omit<Customer.CustomerAdd, "profiles"> = {}
): Customer.CustomerAdd => ({
  loyaltyInfo: { loyaltyType: "loyalty" },
  ...rest,
  profiles: [{
    firstName: "Enrolled",
    lastName: "Member",
    source: "INSTORE",
    identifiers: [{ type: "mobile", value: mobile }]
  }]
})

const byMobile = (mobile: string) => ({ source: "INSTORE", identifier: { type: "mobile", value: mobile } }) as const

const owner = (customerId: number) => LedgerBehaviours.customer(orgId, customerId)

const now = EmulatorClock.EmulatorClock.use((clock) => clock.now)

/** An instant as an enrolment writes it, in UTC (`...Z`), whole seconds. */
const utc = (millis: number) => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

/** An instant as an enrolment writes it, at India's offset (`...+05:30`), whole seconds. */
const india = (millis: number) => `${new Date(millis + 5.5 * 60 * 60 * 1000).toISOString().slice(0, 19)}+05:30`

/** Whole seconds of an instant. */
const seconds = (millis: number) => Math.floor(millis / 1000) * 1000

/** A customer program of the demo org besides the default one (tiers: none). */
const addProgram = (id: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql`INSERT INTO programs (id, org_id, name, description, is_default, is_group, points_to_currency_ratio)
      VALUES (${id}, ${orgId}, ${`Program${id}`}, 'Another customer program', 0, 0, 1)`
  )

const failure = <A, E extends { readonly _tag: string }, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

/** The code of a failure: a named error's, or the core error's Capillary code. */
const codeOf = (error: { readonly _tag: string }) => {
  const named = (error as { readonly code?: number }).code
  if (named !== undefined) return named
  const reason = (error as { readonly reason?: { readonly code?: number } }).reason
  return reason?.code
}

const liveLayer = services.pipe(Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } })))

layer(liveLayer, { excludeTestServices: true })("Program enrolments against the emulator", (it) => {
  describe("registration", () => {
    it.effect("enrols: the points with their expiry date, the tier until its date; the reads show exactly that", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const at = yield* now
        const tierUntil = seconds(at + 90 * day)
        const pointsUntil = seconds(at + 40 * day)
        const mobile = newMobile()
        const created = yield* customers.add(
          registration(mobile, {
            loyaltyProgramEnrollments: [{
              programId: loyaltyProgram,
              tierNumber: 2,
              loyaltyPoints: 75.5,
              tierExpiryDate: india(tierUntil),
              pointsExpiryDate: utc(pointsUntil)
            }]
          }),
          { rawSideEffects: true }
        )
        assert.deepStrictEqual(created.warnings, [])
        assert.deepStrictEqual(created.sideEffects, [
          { entityType: "USER", rawAwardedPoints: 75.5, awardedPoints: 75, type: "points" }
        ])
        const id = created.createdId

        const [detail] = (yield* loyalty.loyaltyDetails(id, { programId: loyaltyProgram })).data
        assert.deepStrictEqual(
          {
            loyaltyPoints: detail?.loyaltyPoints,
            lifetimePoints: detail?.lifetimePoints,
            currentSlab: detail?.currentSlab,
            slabSNo: detail?.slabSNo,
            slabExpiryDate: detail?.slabExpiryDate,
            nextSlab: detail?.nextSlab,
            nextSlabSerialNumber: detail?.nextSlabSerialNumber,
            delayedPoints: detail?.delayedPoints
          },
          {
            loyaltyPoints: 75.5,
            lifetimePoints: 75.5,
            currentSlab: "Gold",
            slabSNo: 2,
            slabExpiryDate: utc(tierUntil),
            nextSlab: "Platinum",
            nextSlabSerialNumber: 3,
            delayedPoints: 0
          }
        )
        const balance = yield* loyalty.pointsBalance(byMobile(mobile), { programId: loyaltyProgram })
        assert.deepStrictEqual([balance.mainPoints, balance.promisedPoints, balance.totalPoints], [75.5, 0, 75.5])
        const [tier] = (yield* loyalty.tierDetails(id, { programId: loyaltyProgram })).programTiers
        assert.deepStrictEqual(
          [tier?.currentTierName, tier?.currentTierSerialNumber, tier?.nextTierName, tier?.tierExpiryDateISO],
          ["Gold", 2, "Platinum", utc(tierUntil)]
        )
        assert.deepStrictEqual((yield* loyalty.expirySchedule(id)).expirySchedules, [{
          points: 75.5,
          expiryDate: Dates.dayOf(pointsUntil),
          expiryDateISO: `${Dates.dayOf(pointsUntil)}T00:00:00Z`,
          programId: loyaltyProgram,
          pointsType: "customer_promotions",
          expiryType: "fixed"
        }])
        assert.deepStrictEqual((yield* loyalty.promisedSchedule(id)).promisedPointsScheduleList, [])
        // one ledger event, named as Capillary names a registration's points
        const events = (yield* loyalty.loyaltyEvents(id)).data
        assert.deepStrictEqual(events.map((event) => event.eventName), ["CustomerRegistration"])
        // the tier log: enrolled in the lowest tier, then set to Gold with the points' event
        const changes = yield* Ledger.tierChanges(owner(id))
        assert.deepStrictEqual(
          changes.map((change) => [change.kind, change.fromName, change.toName, change.eventId]),
          [["INITIAL", undefined, "Silver", undefined], ["UPGRADE", "Silver", "Gold", events[0]!.id]]
        )
        yield* assertSound
      }))

    it.effect("without rawSideEffects the points are floored only; nothing awarded, no side effects", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const points = yield* customers.add(
          registration(newMobile(), {
            loyaltyProgramEnrollments: [{ programId: loyaltyProgram, loyaltyPoints: 20.75 }]
          })
        )
        assert.deepStrictEqual(points.sideEffects, [{ entityType: "USER", awardedPoints: 20, type: "points" }])
        assert.deepStrictEqual(
          (yield* loyalty.expirySchedule(points.createdId)).expirySchedules.map((row) => row.points),
          [20.75]
        )
        // no enrolment: nothing awarded, nothing reported, no wallet opened
        const plain = yield* customers.add(registration(newMobile()), { rawSideEffects: true })
        assert.deepStrictEqual(plain.sideEffects, [])
        assert.isFalse(yield* Ledger.isEnrolled(owner(plain.createdId), loyaltyProgram))
        // a tier without points: enrolled in the tier for good, no points, no side effects
        const tierOnly = yield* customers.add(
          registration(newMobile(), { loyaltyProgramEnrollments: [{ programId: loyaltyProgram, tierNumber: 3 }] }),
          { rawSideEffects: true }
        )
        assert.deepStrictEqual(tierOnly.sideEffects, [])
        const [detail] = (yield* loyalty.loyaltyDetails(tierOnly.createdId)).data
        assert.deepStrictEqual(
          [detail?.currentSlab, detail?.slabSNo, detail?.slabExpiryDate, detail?.nextSlabSerialNumber],
          ["Platinum", 3, Ledger.noTierExpiry, -1]
        )
        assert.deepStrictEqual([detail?.loyaltyPoints, detail?.lifetimePoints], [0, 0])
        assert.deepStrictEqual((yield* loyalty.loyaltyEvents(tierOnly.createdId)).data, [])
        yield* assertSound
      }))

    it.effect("refused: 1101, 8089, a tier the program lacks, a past expiry, a source of no profile; nothing kept", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const at = yield* now
        const attempts: ReadonlyArray<
          readonly [Omit<Customer.CustomerAdd, "profiles">, Customers.AddOptions | undefined, string, number]
        > = [
          [
            { loyaltyProgramEnrollments: [{ programId: 9999, loyaltyPoints: 10 }] },
            undefined,
            "InvalidProgram",
            1101
          ],
          // another organisation's program is not this one's
          [
            { loyaltyProgramEnrollments: [{ programId: Seed.demo.programs.other, loyaltyPoints: 10 }] },
            undefined,
            "InvalidProgram",
            1101
          ],
          [
            {
              loyaltyInfo: { loyaltyType: "non_loyalty" },
              loyaltyProgramEnrollments: [{ programId: loyaltyProgram, loyaltyPoints: 10 }]
            },
            undefined,
            "NotInLoyaltyProgram",
            8089
          ],
          [
            { loyaltyProgramEnrollments: [{ programId: loyaltyProgram, loyaltyPoints: 10, tierNumber: 7 }] },
            undefined,
            "CapillaryError",
            400
          ],
          [
            {
              loyaltyProgramEnrollments: [{
                programId: loyaltyProgram,
                loyaltyPoints: 10,
                pointsExpiryDate: utc(at - day)
              }]
            },
            undefined,
            "CapillaryError",
            400
          ],
          [
            {
              loyaltyProgramEnrollments: [{
                programId: loyaltyProgram,
                tierNumber: 2,
                tierExpiryDate: utc(at - 60_000)
              }]
            },
            undefined,
            "CapillaryError",
            400
          ],
          [{}, { source: "WECHAT", accountId: "wechat-1" }, "InvalidSource", 8011]
        ]
        for (const [rest, options, tag, code] of attempts) {
          const mobile = newMobile()
          const error = yield* failure(customers.add(registration(mobile, rest), options))
          assert.deepStrictEqual([error._tag, codeOf(error)], [tag, code], JSON.stringify(rest))
          // the registration was refused whole: no customer, no points
          assert.strictEqual((yield* failure(customers.lookup(byMobile(mobile))))._tag, "CustomerNotFound")
        }
        yield* assertSound
      }))

    it.effect("the query's source and account name a profile of the registration; both answers agree", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const mobile = newMobile()
        const created = yield* customers.add({
          profiles: [{
            source: "WECHAT",
            accountId: "wechat-e",
            identifiers: [{ type: "wechat", value: `wx-${mobile}` }]
          }]
        }, { source: "WECHAT", accountId: "wechat-e" })
        const found = yield* customers.lookup({
          source: "WECHAT",
          accountId: "wechat-e",
          identifier: { type: "wechat", value: `wx-${mobile}` }
        })
        assert.strictEqual(found.entity, created.createdId)
      }))

    it.effect("mlp_single_enroll enrols a loyalty registration in every customer program, not the group one", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const second = 1911
        yield* addProgram(second)
        const all = yield* customers.add(
          registration(newMobile(), { loyaltyProgramEnrollments: [{ programId: second, loyaltyPoints: 5 }] }),
          { mlpSingleEnroll: true }
        )
        assert.deepStrictEqual(all.sideEffects, [{ entityType: "USER", awardedPoints: 5, type: "points" }])
        assert.deepStrictEqual(
          [
            yield* Ledger.isEnrolled(owner(all.createdId), loyaltyProgram),
            yield* Ledger.isEnrolled(owner(all.createdId), second),
            yield* Ledger.isEnrolled(owner(all.createdId), groupProgram)
          ],
          [true, true, false]
        )
        // enrolled in the default program's lowest tier (the second program has no tiers)
        assert.deepStrictEqual(
          (yield* Ledger.tierChanges(owner(all.createdId))).map((
            change
          ) => [change.programId, change.kind, change.toName]),
          [[loyaltyProgram, "INITIAL", "Silver"]]
        )
        // already enrolled in the default program: an update's enrolment there changes nothing
        const again = yield* customers.update(all.createdId, {
          loyaltyProgramEnrollments: [{ programId: loyaltyProgram, loyaltyPoints: 50 }]
        }, { source: "INSTORE" })
        assert.deepStrictEqual(again.sideEffects, [])
        assert.deepStrictEqual(yield* Ledger.balances(owner(all.createdId), loyaltyProgram), { main: 0, promised: 0 })
        // without it, only the programs named
        const named = yield* customers.add(
          registration(newMobile(), { loyaltyProgramEnrollments: [{ programId: second }] }),
          { mlpSingleEnroll: false }
        )
        assert.deepStrictEqual(
          [
            yield* Ledger.isEnrolled(owner(named.createdId), loyaltyProgram),
            yield* Ledger.isEnrolled(owner(named.createdId), second)
          ],
          [false, true]
        )
        // a non-loyalty customer is enrolled nowhere
        const nonLoyalty = yield* customers.add(
          { ...registration(newMobile()), loyaltyInfo: { loyaltyType: "non_loyalty" } },
          { mlpSingleEnroll: true }
        )
        assert.isFalse(yield* Ledger.isEnrolled(owner(nonLoyalty.createdId), loyaltyProgram))
      }))
  })

  describe("update", () => {
    it.effect("enrols where the customer is not enrolled; the same update again awards nothing more", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const at = yield* now
        const tierUntil = seconds(at + 30 * day)
        const mobile = newMobile()
        const { createdId: id } = yield* customers.add(registration(mobile))
        const changes: Customer.CustomerUpdate = {
          extendedFields: { city: "Pune" },
          loyaltyProgramEnrollments: [{
            programId: loyaltyProgram,
            loyaltyPoints: 1200,
            tierNumber: 2,
            tierExpiryDate: utc(tierUntil)
          }]
        }
        const first = yield* customers.update(id, changes, { source: "INSTORE" })
        assert.deepStrictEqual(first, {
          createdId: id,
          warnings: [],
          sideEffects: [{ entityType: "USER", awardedPoints: 1200, type: "points" }]
        })
        // 1,200 lifetime points reach Gold by themselves: no floor is needed, the tier does not end
        const [detail] = (yield* loyalty.loyaltyDetails(id)).data
        assert.deepStrictEqual(
          [detail?.loyaltyPoints, detail?.currentSlab, detail?.slabExpiryDate],
          [1200, "Gold", Ledger.noTierExpiry]
        )
        const log = yield* Ledger.tierChanges(owner(id))
        assert.deepStrictEqual(log.map((change) => [change.kind, change.toName]), [["INITIAL", "Silver"], [
          "UPGRADE",
          "Gold"
        ]])

        const second = yield* customers.update(id, changes, { source: "INSTORE" })
        assert.deepStrictEqual(second, { createdId: id, warnings: [], sideEffects: [] })
        assert.strictEqual((yield* loyalty.pointsBalance(byMobile(mobile))).mainPoints, 1200)
        assert.deepStrictEqual(yield* Ledger.tierChanges(owner(id)), log)
        assert.deepStrictEqual(
          (yield* loyalty.loyaltyEvents(id)).data.map((event) => event.eventName),
          ["CustomerUpdate"]
        )
        yield* assertSound
      }))

    it.effect("by identifier; a conversion to loyalty enrols in the same update; use_async reports nothing", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const third = 1912
        yield* addProgram(third)
        const mobile = newMobile()
        const { createdId: id } = yield* customers.add({
          ...registration(mobile),
          loyaltyInfo: { loyaltyType: "non_loyalty" }
        })
        const converted = yield* customers.updateByIdentifier(byMobile(mobile), {
          loyaltyInfo: { loyaltyType: "loyalty" },
          loyaltyProgramEnrollments: [{ programId: third, loyaltyPoints: 12.5 }]
        })
        assert.deepStrictEqual(converted.sideEffects, [{ entityType: "USER", awardedPoints: 12, type: "points" }])
        assert.strictEqual((yield* customers.get(id)).loyaltyInfo?.loyaltyType, "loyalty")
        assert.strictEqual(
          (yield* loyalty.pointsBalance(byMobile(mobile), { programId: Loyalty.ProgramId.make(third) })).mainPoints,
          12.5
        )
        // in the background: the enrolment happens, its side effects are not reported
        const background = yield* customers.updateByIdentifier(byMobile(mobile), {
          loyaltyProgramEnrollments: [{ programId: loyaltyProgram, loyaltyPoints: 3 }]
        }, { useAsync: true })
        assert.deepStrictEqual(background, { createdId: id, warnings: [] })
        assert.strictEqual((yield* loyalty.pointsBalance(byMobile(mobile))).mainPoints, 3)
      }))

    it.effect("a customer with points in the program is enrolled there: the enrolment is left as it was", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const bob = Customer.CustomerId.make(Seed.demo.customers.bob.id)
        const before = (yield* loyalty.loyaltyDetails(bob)).data
        const updated = yield* customers.update(bob, {
          loyaltyProgramEnrollments: [{ programId: loyaltyProgram, loyaltyPoints: 100, tierNumber: 3 }]
        }, { source: "INSTORE" })
        assert.deepStrictEqual(updated.sideEffects, [])
        assert.deepStrictEqual((yield* loyalty.loyaltyDetails(bob)).data, before)
      }))
  })
})

// ---------------------------------------------------------------------------------------------------------------
// As the clock moves: tier floors end, merges keep every lot's dates
// ---------------------------------------------------------------------------------------------------------------

const clockLayer = services.pipe(Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } })))

layer(clockLayer)("Program enrolments as the TestClock moves", (it) => {
  it.effect("the tier holds until its expiry date, then falls back to the points' tier (a DOWNGRADE)", () =>
    Effect.gen(function*() {
      const customers = yield* Customers.Customers
      const loyalty = yield* LoyaltyService.CustomerLoyalty
      const start = Date.parse("2031-05-10T08:00:00Z")
      yield* TestClock.setTime(start)
      const tierUntil = Date.parse("2031-06-01T12:00:00Z")
      const { createdId: id } = yield* customers.add(
        registration(newMobile(), {
          loyaltyProgramEnrollments: [{
            programId: loyaltyProgram,
            tierNumber: 3,
            loyaltyPoints: 1500,
            tierExpiryDate: "2031-06-01T17:30:00+05:30"
          }]
        })
      )
      const tierNow = Effect.map(
        loyalty.tierDetails(id, { programId: loyaltyProgram }),
        (details) => [details.programTiers[0]?.currentTierName, details.programTiers[0]?.tierExpiryDateISO]
      )
      assert.deepStrictEqual(yield* tierNow, ["Platinum", "2031-06-01T12:00:00Z"])
      yield* TestClock.adjust(tierUntil - start - 1000)
      assert.deepStrictEqual(yield* tierNow, ["Platinum", "2031-06-01T12:00:00Z"])
      yield* TestClock.adjust(1000)
      // 1,500 lifetime points: Gold, which does not end
      assert.deepStrictEqual(yield* tierNow, ["Gold", Ledger.noTierExpiry])
      assert.deepStrictEqual(
        (yield* Ledger.tierChanges(owner(id))).map((
          change
        ) => [change.kind, change.fromName, change.toName, change.changedAt]),
        [
          ["INITIAL", undefined, "Silver", start],
          ["UPGRADE", "Silver", "Gold", start],
          ["UPGRADE", "Gold", "Platinum", start],
          ["DOWNGRADE", "Platinum", "Gold", tierUntil]
        ]
      )
      yield* assertSound
    }))

  it.effect("a merge moves the victim's lots with their dates, promised points still promised, and its tier", () =>
    Effect.gen(function*() {
      const customers = yield* Customers.Customers
      const loyalty = yield* LoyaltyService.CustomerLoyalty
      yield* TestClock.setTime(Date.parse("2031-08-01T10:00:00Z"))
      const survivorMobile = newMobile()
      const { createdId: survivor } = yield* customers.add(registration(survivorMobile))
      const { createdId: victim } = yield* customers.add({
        loyaltyInfo: { loyaltyType: "loyalty" },
        profiles: [{
          source: "WECHAT",
          accountId: "wechat-m",
          identifiers: [{ type: "wechat", value: "wx-victim-m" }]
        }],
        loyaltyProgramEnrollments: [{
          programId: loyaltyProgram,
          loyaltyPoints: 80,
          pointsExpiryDate: "2031-12-31T23:00:00Z",
          tierNumber: 2,
          tierExpiryDate: "2032-01-31T00:00:00Z"
        }]
      })
      // main lots of two expiry dates and points types, and promised points
      yield* TestClock.adjust(10 * day)
      yield* LedgerBehaviours.award(owner(victim), loyaltyProgram, 120, "bill", { pointsType: "bill_regular" })
      yield* LedgerBehaviours.award(owner(victim), loyaltyProgram, 45, "promised", {
        bucket: "PROMISED",
        pointsType: "line_item_promotions"
      })
      yield* LedgerBehaviours.redeem(owner(victim), loyaltyProgram, 30, "spent")
      const expiries = (yield* loyalty.expirySchedule(victim)).expirySchedules
      const promised = (yield* loyalty.promisedSchedule(victim)).promisedPointsScheduleList
      assert.deepStrictEqual(expiries.map((row) => [row.points, row.expiryDate, row.pointsType]), [
        // the redemption took the first-to-expire points
        [50, "2031-12-31", "customer_promotions"],
        [120, "2032-08-10", "bill_regular"]
      ])
      assert.deepStrictEqual(promised.map((row) => [row.points, row.redeemableFrom, row.pointsType]), [
        [45, "2031-08-19", "line_item_promotions"]
      ])

      yield* customers.changeIdentifier(victim, { add: [{ type: "mobile", value: survivorMobile }] }, {
        source: "WECHAT",
        accountId: "wechat-m"
      })

      assert.deepStrictEqual((yield* loyalty.expirySchedule(survivor)).expirySchedules, expiries)
      assert.deepStrictEqual((yield* loyalty.promisedSchedule(survivor)).promisedPointsScheduleList, promised)
      const [detail] = (yield* loyalty.loyaltyDetails(survivor)).data
      assert.deepStrictEqual(
        [detail?.loyaltyPoints, detail?.delayedPoints, detail?.currentSlab, detail?.slabExpiryDate],
        [170, 45, "Gold", "2032-01-31T00:00:00Z"]
      )
      const victimLots = yield* Ledger.balances(owner(victim), loyaltyProgram)
      assert.deepStrictEqual(victimLots, { main: 0, promised: 0 })
      yield* assertSound
      // promised points stay promised until their day, then are the survivor's to redeem
      yield* TestClock.adjust(8 * day)
      const balance = yield* loyalty.pointsBalance(byMobile(survivorMobile))
      assert.deepStrictEqual([balance.mainPoints, balance.promisedPoints], [215, 0])
      yield* assertSound
    }))

  it.effect("a merge with nothing to move still enrols the survivor and writes no event", () =>
    Effect.gen(function*() {
      const customers = yield* Customers.Customers
      const sql = yield* SqlClient.SqlClient
      yield* TestClock.setTime(Date.parse("2031-09-01T10:00:00Z"))
      const survivorMobile = newMobile()
      const { createdId: survivor } = yield* customers.add(registration(survivorMobile))
      const { createdId: victim } = yield* customers.add({
        profiles: [{
          source: "WECHAT",
          accountId: "wechat-n",
          identifiers: [{ type: "wechat", value: "wx-victim-n" }]
        }],
        loyaltyProgramEnrollments: [{ programId: loyaltyProgram }]
      })
      const [before] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM ledger_events`
      yield* customers.changeIdentifier(victim, { add: [{ type: "mobile", value: survivorMobile }] }, {
        source: "WECHAT",
        accountId: "wechat-n"
      })
      const [after] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM ledger_events`
      assert.strictEqual(after!.n, before!.n)
      assert.isTrue(yield* Ledger.isEnrolled(owner(survivor), loyaltyProgram))
      yield* assertSound
    }).pipe(Effect.catchTag("SqlError", Effect.die)))
})
