/**
 * Contract tests of the partner program endpoints: every operation of `@capillary-effect/customers`'
 * `PartnerPrograms` service runs through the SDK, over real HTTP, against the emulator's behaviours on its
 * database. The catalog is the default one plus `PartnerProgramBehaviours.catalog`, built here, and the demo
 * partner programs come from `PartnerProgramBehaviours.seedDemo`.
 */
import {
  Customer,
  CustomerErrors,
  Customers,
  LoyaltyService,
  type PartnerProgram,
  PartnerProgramErrors,
  PartnerPrograms
} from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, Faults, PartnerProgramBehaviours, RequestLog, Seed } from "../src/index.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, PartnerProgramBehaviours.catalog)

const { ann, bob, tom } = Seed.demo.customers
const day = 86_400_000

const otherOrg = tillService(
  PartnerPrograms.PartnerPrograms,
  PartnerPrograms.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

/** An instant as an ISO date with its offset, and as the emulator writes it back (to the second). */
const iso = (millis: number) => new Date(millis).toISOString()
const isoSeconds = (millis: number) => iso(millis).replace(/\.\d{3}Z$/, "Z")

const apparel = (membershipId: string, tier: string | undefined, expiry?: number): PartnerProgram.LinkToProgram => ({
  partnerProgramName: "Apparel-Partner",
  customerPartnerReference: {
    partnerMembershipId: membershipId,
    ...(tier === undefined ? {} : { partnerTierName: tier }),
    ...(expiry === undefined ? {} : { partnerTierExpiryDate: iso(expiry) })
  }
})

const riders = (membershipId: string): PartnerProgram.LinkToProgram => ({
  partnerProgramName: "Riders",
  customerPartnerReference: { partnerMembershipId: membershipId }
})

const historyOf = (
  mobile: string,
  options: Partial<PartnerProgram.ActivityHistoryQuery> = {}
): PartnerProgram.ActivityHistoryQuery => ({
  source: "INSTORE",
  identifierName: "mobile",
  identifierValue: mobile,
  activityType: "LINKINGUPDATES",
  ...options
})

/** A customer's programs by name, from the whole history. */
const programsOf = (mobile: string) =>
  PartnerPrograms.PartnerPrograms.use((partners) =>
    Effect.map(
      Stream.runCollect(partners.activities(historyOf(mobile))),
      (all) => new Map(all.map((entry) => [entry.partnerProgramDetails.partnerProgramName, entry]))
    )
  )

/** Any error class, for `instanceOf` over a list of different ones. */
type ErrorClass = new(...args: ReadonlyArray<any>) => unknown

const nowOf = EmulatorClock.EmulatorClock.use((clock) => clock.now)

const testLayer = Layer.mergeAll(PartnerPrograms.layer, Customers.layer, LoyaltyService.layer).pipe(
  Layer.provideMerge(Layer.effectDiscard(PartnerProgramBehaviours.seedDemo)),
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("Partner programs against the emulator", (it) => {
  describe("the demo programs", () => {
    it.effect("seedDemo adds two programs to the demo org, once", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* PartnerProgramBehaviours.seedDemo
        const programs = yield* sql<
          { org_id: number; name: string; type: string; tier_based: number; membership_days: number | null }
        >`SELECT org_id, name, type, tier_based, membership_days FROM partner_programs ORDER BY id`
        assert.deepStrictEqual(programs, [
          { org_id: 100, name: "Apparel-Partner", type: "EXTERNAL", tier_based: 1, membership_days: null },
          { org_id: 100, name: "Riders", type: "SUPPLEMENTARY", tier_based: 0, membership_days: 365 }
        ])
        const tiers = yield* sql<{ name: string }>`SELECT t.name FROM partner_program_tiers t
          JOIN partner_programs p ON p.id = t.partner_program_id WHERE p.name = 'Apparel-Partner' ORDER BY t.serial`
        assert.deepStrictEqual(tiers.map((tier) => tier.name), ["Bronze", "Silver", "Gold"])
      }))
  })

  describe("link, update, delink and the history", () => {
    it.effect("links a customer to an external and a supplementary program, recorded on the emulator clock", () =>
      Effect.gen(function*() {
        const partners = yield* PartnerPrograms.PartnerPrograms
        const now = yield* nowOf
        const answer = yield* partners.link({
          linkCustomers: [{
            customer: { mobile: tom.mobile, email: "", externalId: "" },
            linkToPartnerPrograms: [apparel("APP-TOM", "Bronze", now + 365 * day), riders("RID-TOM")]
          }]
        })
        assert.deepStrictEqual<unknown>(answer, {
          linkCustomers: [{
            customer: {
              id: tom.id,
              mobile: tom.mobile,
              email: tom.email,
              externalId: tom.externalId,
              status: { status: true, code: 1000, message: "Customer successfully retrieved" }
            },
            linkToPartnerPrograms: [
              {
                partnerProgramName: "Apparel-Partner",
                partnerLinkStatus: { status: true, code: 200, message: "Success" }
              },
              { partnerProgramName: "Riders", partnerLinkStatus: { status: true, code: 200, message: "Success" } }
            ]
          }],
          warnings: []
        })

        const programs = yield* programsOf(tom.mobile)
        const external = programs.get("Apparel-Partner")!
        const details = external.partnerProgramDetails
        assert.deepStrictEqual(
          [details.programName, details.partnerTierNumber, details.partnerTierName, details.partnerMembershipId],
          ["DemoLoyalty", 1, "Bronze", "APP-TOM"]
        )
        assert.deepStrictEqual([details.partnerProgramType, details.linked, details.tierBased], [
          "EXTERNAL",
          true,
          true
        ])
        assert.strictEqual(details.partnerTierExpiryDate, isoSeconds(now + 365 * day))
        assert.strictEqual(details.partnerProgramMembershipEndDate, isoSeconds(now + 365 * day))
        assert.strictEqual(external.customerActivityHistory[0]!.activityType, "ENROLLMENT")
        const started = Date.parse(external.customerActivityHistory[0]!.activityDate)
        assert.isAtMost(Math.abs(started - now), 5_000)

        // the loyalty details of the program the partners belong to list the links
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const [program] = (yield* loyalty.loyaltyDetails(Customer.CustomerId.make(tom.id))).data
        assert.deepStrictEqual(
          program?.linkedPartnerPrograms?.map((link) => [link.partnerProgramName, link.partnerMembershipId]),
          [["Apparel-Partner", "APP-TOM"], ["Riders", "RID-TOM"]]
        )
        assert.strictEqual(program?.linkedPartnerPrograms?.[0]?.partnerTierName, "Bronze")

        const supplementary = programs.get("Riders")!
        assert.deepStrictEqual(
          [
            supplementary.partnerProgramDetails.partnerProgramType,
            supplementary.partnerProgramDetails.tierBased,
            supplementary.partnerProgramDetails.partnerTierName
          ],
          ["SUPPLEMENTARY", false, undefined]
        )
        const membership = supplementary.partnerProgramDetails
        assert.strictEqual(
          Date.parse(membership.partnerProgramMembershipEndDate!) -
            Date.parse(membership.partnerProgramMembershipStartDate!),
          365 * day
        )
        assert.deepStrictEqual(supplementary.customerActivityHistory.map((event) => event.activityType), [
          "SUPPLEMENTARY_MEMBERSHIP_STARTED"
        ])
      }))

    it.effect("refuses each program on its own, with Capillary's codes, and keeps what succeeded", () =>
      Effect.gen(function*() {
        const partners = yield* PartnerPrograms.PartnerPrograms
        const customers = yield* Customers.Customers
        const now = yield* nowOf
        const statuses = (answer: PartnerProgram.LinkResult) =>
          answer.linkCustomers.map((item) => [
            item.customer.status.code,
            ...item.linkToPartnerPrograms.map((program) => program.partnerLinkStatus.code)
          ])
        const answer = yield* partners.link({
          linkCustomers: [
            {
              customer: { email: ann.email },
              linkToPartnerPrograms: [
                { ...riders("RID-ANN"), partnerProgramName: "Unknown-Partner" },
                apparel("APP-ANN", undefined),
                apparel("APP-ANN", "Platinum"),
                {
                  ...riders("RID-ANN"),
                  customerPartnerReference: { partnerMembershipId: "R", partnerTierName: "Bronze" }
                },
                apparel("APP-ANN", "Bronze", now - day),
                riders("RID-ANN")
              ]
            },
            { customer: { mobile: tom.mobile }, linkToPartnerPrograms: [apparel("APP-TOM-2", "Gold")] },
            { customer: { externalId: "nobody-1" }, linkToPartnerPrograms: [riders("RID-X")] }
          ]
        })
        assert.deepStrictEqual(statuses(answer), [
          [1000, 2006, 2002, 2007, 2007, 2003, 200],
          [1000, 2005],
          [8015, 8015]
        ])
        assert.deepStrictEqual(answer.linkCustomers[2]!.customer, {
          externalId: "nobody-1",
          status: { status: false, code: 8015, message: "Customer not found for the given identifiers" }
        })
        // only Riders was linked for Ann
        assert.deepStrictEqual([...(yield* programsOf(ann.mobile)).keys()], ["Riders"])

        // the named errors of linkOne
        const refusals = [
          [apparel("APP-TOM-3", "Gold"), PartnerProgramErrors.PartnerLinkRefused],
          [{ ...riders("X"), partnerProgramName: "Nope" }, PartnerProgramErrors.PartnerProgramNotFound],
          [apparel("APP-BOB", "Platinum"), PartnerProgramErrors.PartnerTierNotFound],
          [apparel("APP-BOB", "Gold", now - day), PartnerProgramErrors.PartnerTierExpiryInPast],
          [apparel("APP-BOB", undefined), PartnerProgramErrors.InvalidPartnerRequest]
        ] as const
        for (const [program, error] of refusals) {
          const customer = program.customerPartnerReference.partnerMembershipId === "APP-TOM-3"
            ? { mobile: tom.mobile }
            : { mobile: bob.mobile }
          assert.instanceOf(yield* Effect.flip(partners.linkOne(customer, program)), error as ErrorClass)
        }
        assert.instanceOf(
          yield* Effect.flip(partners.linkOne({ mobile: "919999999999" }, riders("R"))),
          CustomerErrors.CustomerNotFound
        )
        // a non-loyalty customer is refused with 2005 "Enroll the customer in the Loyalty Program"
        const { createdId } = yield* customers.add({
          loyaltyInfo: { loyaltyType: "non_loyalty" },
          profiles: [{ source: "INSTORE", identifiers: [{ type: "mobile", value: "919300000555" }] }]
        })
        const notLoyalty = yield* Effect.flip(partners.linkOne({ mobile: "919300000555" }, riders("R")))
        assert.instanceOf(notLoyalty, PartnerProgramErrors.PartnerLinkRefused)
        assert.include((notLoyalty as PartnerProgramErrors.PartnerLinkRefused).message, "Enroll the customer")
        const sql = yield* SqlClient.SqlClient
        const [memberships] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM partner_memberships
          WHERE customer_id IN (${bob.id}, ${createdId})`
        assert.strictEqual(memberships!.n, 0)
      }))

    it.effect("updates a linked customer's partner tier; refuses the unlinked, unknown tiers and past dates", () =>
      Effect.gen(function*() {
        const partners = yield* PartnerPrograms.PartnerPrograms
        const now = yield* nowOf
        const upgrade = (tier: string, expiry?: number): PartnerProgram.ProgramUpdate => ({
          partnerProgramName: "Apparel-Partner",
          updateType: "UPGRADE",
          updateDetails: {
            updatedTierName: tier,
            ...(expiry === undefined ? {} : { updatedTierExpiryDate: iso(expiry) })
          }
        })
        const answer = yield* partners.update({
          customersPartnerUpdates: [{
            customer: { mobile: tom.mobile },
            partnerProgramUpdates: [upgrade("Silver", now + 400 * day)]
          }]
        })
        assert.deepStrictEqual(answer.customersPartnerUpdates[0]!.partnerProgramUpdates, [{
          partnerProgramName: "Apparel-Partner",
          updateType: "UPGRADE",
          updateStatus: { status: true, code: 200, message: "Success" }
        }])
        const external = (yield* programsOf(tom.mobile)).get("Apparel-Partner")!
        assert.deepStrictEqual(
          [external.partnerProgramDetails.partnerTierNumber, external.partnerProgramDetails.partnerTierName],
          [2, "Silver"]
        )
        assert.strictEqual(external.partnerProgramDetails.partnerTierExpiryDate, isoSeconds(now + 400 * day))
        assert.strictEqual(
          external.partnerProgramDetails.partnerProgramMembershipLastUpdatedActivity,
          "PARTNER_TIER_UPGRADE"
        )
        assert.deepStrictEqual(external.customerActivityHistory.map((event) => event.activityType), [
          "PARTNER_TIER_UPGRADE",
          "ENROLLMENT"
        ])
        yield* partners.updateOne({ mobile: tom.mobile }, {
          ...upgrade("Silver", now + 500 * day),
          updateType: "RENEW"
        })
        assert.strictEqual(
          (yield* programsOf(tom.mobile)).get("Apparel-Partner")!.customerActivityHistory[0]!.activityType,
          "PARTNER_TIER_RENEWAL"
        )

        const refusals = [
          [{ mobile: bob.mobile }, upgrade("Gold"), PartnerProgramErrors.NotLinkedToPartnerProgram],
          [{ mobile: tom.mobile }, upgrade("Platinum"), PartnerProgramErrors.PartnerTierNotFound],
          [{ mobile: tom.mobile }, upgrade("Gold", now - day), PartnerProgramErrors.PartnerTierExpiryInPast],
          [
            { mobile: tom.mobile },
            { ...upgrade("Gold"), partnerProgramName: "Riders" },
            PartnerProgramErrors.PartnerTierNotFound
          ],
          [
            { mobile: tom.mobile },
            { ...upgrade("Gold"), partnerProgramName: "Nope" },
            PartnerProgramErrors.PartnerProgramNotFound
          ],
          [{ mobile: "919999999999" }, upgrade("Gold"), CustomerErrors.CustomerNotFound]
        ] as const
        for (const [customer, change, error] of refusals) {
          assert.instanceOf(yield* Effect.flip(partners.updateOne(customer, change)), error as ErrorClass)
        }
        // nothing changed by the refusals
        assert.strictEqual(
          (yield* programsOf(tom.mobile)).get("Apparel-Partner")!.partnerProgramDetails.partnerTierName,
          "Silver"
        )
      }))

    it.effect("delinks a customer (an early expiry, dated now), refuses a second delink, and links again", () =>
      Effect.gen(function*() {
        const partners = yield* PartnerPrograms.PartnerPrograms
        const now = yield* nowOf
        const answer = yield* partners.delink({
          deLinkCustomers: [{
            customer: { mobile: tom.mobile },
            deLinkFromPartnerPrograms: [{ partnerProgramName: "Riders" }, { partnerProgramName: "Nope" }]
          }]
        })
        assert.deepStrictEqual(
          answer.deLinkCustomers[0]!.deLinkFromPartnerPrograms.map((
            program
          ) => [program.partnerProgramName, program.partnerDeLinkStatus.code]),
          [["Riders", 200], ["Nope", 2006]]
        )
        const ended = (yield* programsOf(tom.mobile)).get("Riders")!
        assert.isFalse(ended.partnerProgramDetails.linked)
        assert.isAtMost(Math.abs(Date.parse(ended.partnerProgramDetails.partnerProgramMembershipEndDate!) - now), 5_000)
        assert.deepStrictEqual(ended.customerActivityHistory.map((event) => event.activityType), [
          "PARTNER_PROGRAM_EARLY_EXPIRY",
          "SUPPLEMENTARY_MEMBERSHIP_STARTED"
        ])
        const again = yield* Effect.flip(partners.delinkOne({ mobile: tom.mobile }, "Riders"))
        assert.instanceOf(again, PartnerProgramErrors.NotLinkedToPartnerProgram)
        assert.instanceOf(
          yield* Effect.flip(partners.updateOne({ mobile: tom.mobile }, {
            partnerProgramName: "Riders",
            updateType: "RENEW",
            updateDetails: { updatedTierName: "Bronze" }
          })),
          PartnerProgramErrors.NotLinkedToPartnerProgram
        )
        yield* partners.linkOne({ mobile: tom.mobile }, riders("RID-TOM-2"))
        const relinked = (yield* programsOf(tom.mobile)).get("Riders")!
        assert.deepStrictEqual([
          relinked.partnerProgramDetails.linked,
          relinked.partnerProgramDetails.partnerMembershipId
        ], [true, "RID-TOM-2"])
        assert.strictEqual(relinked.customerActivityHistory.length, 3)
      }))

    it.effect("a membership ends when its partner tier expires, on the emulator clock", () =>
      Effect.gen(function*() {
        const partners = yield* PartnerPrograms.PartnerPrograms
        const clock = yield* EmulatorClock.EmulatorClock
        const now = yield* clock.now
        yield* partners.linkOne({ mobile: bob.mobile }, apparel("APP-BOB", "Gold", now + day))
        assert.isTrue((yield* programsOf(bob.mobile)).get("Apparel-Partner")!.partnerProgramDetails.linked)
        yield* clock.advance(2 * day)
        assert.isFalse((yield* programsOf(bob.mobile)).get("Apparel-Partner")!.partnerProgramDetails.linked)
        assert.instanceOf(
          yield* Effect.flip(partners.delinkOne({ mobile: bob.mobile }, "Apparel-Partner")),
          PartnerProgramErrors.NotLinkedToPartnerProgram
        )
        // an expired membership can be linked again
        yield* partners.linkOne({ mobile: bob.mobile }, apparel("APP-BOB-2", "Bronze", now + 30 * day))
        assert.strictEqual(
          (yield* programsOf(bob.mobile)).get("Apparel-Partner")!.partnerProgramDetails.partnerMembershipId,
          "APP-BOB-2"
        )
      }))
  })

  describe("the history", () => {
    it.effect("pages the customer's programs (most recently changed first), filters them, and names refusals", () =>
      Effect.gen(function*() {
        const partners = yield* PartnerPrograms.PartnerPrograms
        const first = yield* partners.activityHistory(historyOf(tom.mobile, { limit: 1 }))
        assert.deepStrictEqual(first.pagination, { limit: 1, offset: 0, total: 2 })
        // Riders was linked again last
        assert.strictEqual(first.data[0]!.partnerProgramDetails.partnerProgramName, "Riders")
        const second = yield* partners.activityHistory(historyOf(tom.mobile, { limit: 1, offset: 1 }))
        assert.strictEqual(second.data[0]!.partnerProgramDetails.partnerProgramName, "Apparel-Partner")
        const beyond = yield* partners.activityHistory(historyOf(tom.mobile, { offset: 5 }))
        assert.deepStrictEqual([beyond.data, beyond.pagination.total], [[], 2])

        const external = yield* partners.activityHistory(historyOf(tom.mobile, { partnerProgramType: "EXTERNAL" }))
        assert.deepStrictEqual(external.data.map((entry) => entry.partnerProgramDetails.partnerProgramName), [
          "Apparel-Partner"
        ])
        const id = external.data[0]!.partnerProgramDetails.partnerProgramId
        const byId = yield* partners.activityHistory(
          historyOf(tom.email, { identifierName: "email", partnerProgramId: id })
        )
        assert.strictEqual(byId.pagination.total, 1)
        assert.instanceOf(
          yield* Effect.flip(partners.activityHistory(historyOf(tom.mobile, { partnerProgramId: 999_999 }))),
          PartnerProgramErrors.PartnerProgramNotFound
        )
        // Ann has Riders only; a new customer has none; no customer at all
        assert.strictEqual((yield* partners.activityHistory(historyOf(ann.mobile))).pagination.total, 1)
        const customers = yield* Customers.Customers
        yield* customers.add({
          profiles: [{ source: "INSTORE", identifiers: [{ type: "mobile", value: "919300000556" }] }]
        })
        assert.instanceOf(
          yield* Effect.flip(partners.activityHistory(historyOf("919300000556"))),
          PartnerProgramErrors.PartnerActivityNotFound
        )
        assert.instanceOf(
          yield* Effect.flip(partners.activityHistory(historyOf("919999999999"))),
          CustomerErrors.CustomerNotFound
        )
      }))

    it.effect("benefits are not modelled: no events, and notes naming the period", () =>
      Effect.gen(function*() {
        const partners = yield* PartnerPrograms.PartnerPrograms
        const page = yield* partners.activityHistory(historyOf(tom.mobile, {
          activityType: "BENEFITSAVAILED",
          startDate: "2024-01-01 00:00:00",
          endDate: "2024-06-30 12:00:00"
        }))
        assert.strictEqual(page.data.length, 2)
        for (const entry of page.data) {
          assert.deepStrictEqual(entry.customerActivityHistory, [])
          assert.strictEqual(entry.partnerProgramDetails.benefitsSummary, undefined)
          assert.strictEqual(
            entry.notes,
            "showing customer activities from Mon Jan 01 00:00:00 GMT 2024 till Sun Jun 30 12:00:00 GMT 2024"
          )
        }
      }))

    it.effect("refuses with Capillary's codes: 2014, 2015, 2013, 8003, and 2008 / 2009 / 2002 for whole calls", () =>
      Effect.gen(function*() {
        const base =
          `/v2/partnerProgram/customerActivityHistory?source=instore&identifierName=mobile&identifierValue=${tom.mobile}`
        for (
          const [query, code] of [
            ["&activityType=everything", 2014],
            ["", 2014],
            ["&activityType=linkingUpdates&startDate=2024-01-01", 2015],
            ["&activityType=benefitsAvailed&startDate=2020-01-29+12:11:45&endDate=2021-10-29+12:11:45", 2013]
          ] as const
        ) {
          const answer = yield* raw(`${base}${query}`)
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], query)
        }
        const source = yield* raw(
          `/v2/partnerProgram/customerActivityHistory?source=NOWHERE&identifierName=mobile&identifierValue=${tom.mobile}&activityType=linkingUpdates`
        )
        assert.deepStrictEqual([source.status, source.body.errors[0].code], [400, 8003])
        // the documented query case: lower-case source and activity type are read
        const documented = yield* raw(
          `${base}&activityType=benefitsAvailed&startDate=2024-01-29+12:11:45&endDate=2024-10-29+12:11:45`
        )
        assert.strictEqual(documented.status, 200)

        const program = { partnerProgramName: "Riders", customerPartnerReference: { partnerMembershipId: "R" } }
        const tooMany = yield* raw("/v2/partnerProgram/linkCustomer", {
          method: "POST",
          body: {
            linkCustomers: [{
              customer: { mobile: bob.mobile },
              linkToPartnerPrograms: Array.from({ length: 51 }, () => program)
            }]
          }
        })
        assert.deepStrictEqual([tooMany.status, tooMany.body.errors[0].code], [400, 2008])
        const update = (change: unknown) =>
          raw("/v2/partnerProgram/customerPartnerProgramUpdate", {
            method: "POST",
            body: { customersPartnerUpdates: [{ customer: { mobile: tom.mobile }, partnerProgramUpdates: [change] }] }
          })
        const badType = yield* update({
          partnerProgramName: "Apparel-Partner",
          updateType: "PROMOTE",
          updateDetails: { updatedTierName: "Gold" }
        })
        assert.deepStrictEqual([badType.status, badType.body.errors[0].code], [400, 2009])
        const noTier = yield* update({
          partnerProgramName: "Apparel-Partner",
          updateType: "UPGRADE",
          updateDetails: {}
        })
        assert.deepStrictEqual([noTier.status, noTier.body.errors[0].code], [400, 2002])
        const sql = yield* SqlClient.SqlClient
        const [bobRiders] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM partner_memberships m
          JOIN partner_programs p ON p.id = m.partner_program_id WHERE m.customer_id = ${bob.id} AND p.name = 'Riders'`
        assert.strictEqual(bobRiders!.n, 0)
      }))
  })

  describe("isolation and faults", () => {
    it.effect("another organisation has none of the demo org's programs", () =>
      Effect.gen(function*() {
        const other = yield* otherOrg
        const olga = Seed.demo.otherCustomer
        assert.instanceOf(
          yield* Effect.flip(other.linkOne({ mobile: olga.mobile }, riders("R"))),
          PartnerProgramErrors.PartnerProgramNotFound
        )
        assert.instanceOf(
          yield* Effect.flip(other.activityHistory(historyOf(tom.mobile))),
          CustomerErrors.CustomerNotFound
        )
      }))

    it.effect("a link applied and then cut off is reconciled from the history, not sent twice", () =>
      Effect.gen(function*() {
        const partners = yield* PartnerPrograms.PartnerPrograms
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "customers.linkPartnerProgram", times: 1 }]),
          () => partners.linkOne({ email: ann.email }, apparel("APP-ANN-2", "Silver")),
          () => faults.clear()
        )
        assert.deepStrictEqual((yield* log.recent(10)).map((entry) => [entry.endpoint, entry.status]), [
          ["customers.linkPartnerProgram", 0],
          ["customers.partnerActivityHistory", 200]
        ])
        const linked = (yield* programsOf(ann.mobile)).get("Apparel-Partner")!
        assert.deepStrictEqual(
          [linked.partnerProgramDetails.partnerMembershipId, linked.customerActivityHistory.length],
          ["APP-ANN-2", 1]
        )
      }))
  })
})
