/**
 * Contract tests of the coupon endpoints: every operation of `@capillary-effect/rewards` runs through the SDK,
 * over real HTTP, against the emulator's behaviour on its database, with the demo series seeded.
 */
import { CapillaryClient, CapillaryError } from "@capillary-effect/core"
import { Coupon, CouponErrors, Coupons, CouponsApi } from "@capillary-effect/rewards"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { CouponBehaviours, Emulator, EmulatorClock, Faults, RequestLog, Seed } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const day = 86_400_000

/** The service of another till, against the running emulator. */
const couponsOf = (username: string, password: string) =>
  tillService(Coupons.Coupons, Coupons.layer, username, password)

const otherOrg = couponsOf(Seed.demo.otherTill.username, Seed.demo.otherTill.password)

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

const { ann, bob, tom } = Seed.demo.customers
const customer = (seeded: { readonly id: number }) => ({ id: Coupon.CustomerId.make(seeded.id) })
const seriesId = (id: number) => Coupon.CouponSeriesId.make(id)
const demo = CouponBehaviours.demoSeries

/** A series valid for a year, with no limits unless told. */
const definition = (overrides: Partial<Coupon.CouponSeriesCreate> = {}): Coupon.CouponSeriesCreate => ({
  description: "Test series",
  discountType: "ABS",
  discountValue: 25,
  validTillDate: new Date(Date.now() + 365 * day).toISOString(),
  expiryStrategyType: "SERIES_EXPIRY",
  ...overrides
})

const couponsInSeries = (id: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM coupons WHERE series_id = ${id}`,
      (rows) => rows[0]!.n
    )
  )

const testLayer = Coupons.layer.pipe(
  Layer.provideMerge(
    Layer.effectDiscard(CouponBehaviours.seedDemo).pipe(
      Layer.provideMerge(
        Emulator.layerTest({
          catalog: Emulator.catalog(Emulator.defaultCatalog, CouponBehaviours.catalog),
          client: { retry: fastRetries }
        })
      )
    )
  )
)

layer(testLayer, { excludeTestServices: true })("Coupons against the emulator", (it) => {
  describe("series", () => {
    it.effect("creates a series with Capillary's defaults, in UTC, and reads it back", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const clock = yield* EmulatorClock.EmulatorClock
        const created = yield* coupons.createSeries({
          description: "Diwali 10% off",
          discountCode: "DIWALI10",
          discountType: "PERC",
          discountValue: 10,
          discountUpto: 200,
          validTillDate: "2030-05-10T00:00:00+05:30",
          expiryStrategyType: "DAYS",
          expiryStrategyValue: 15,
          maxVouchersPerUser: 3,
          redemptionRange: "{\"dom\":[\"-1\"],\"dow\":[1,2],\"hours\":[\"-1\"]}",
          customPropertyMap: { channel: "app" }
        })
        const now = yield* clock.now
        assert.isAbove(created.id, 0)
        assert.strictEqual(created.orgId, Seed.demo.org.id)
        assert.strictEqual(created.validTillDate, "2030-05-09T18:30:00Z")
        assert.strictEqual(created.fixedExpiryDate, Date.parse("2030-05-09T18:30:00Z"))
        assert.deepStrictEqual(
          [created.discountType, created.discountValue, created.discountUpto, created.discountCode, created.discountOn],
          ["PERC", 10, 200, "DIWALI10", "BILL"]
        )
        assert.deepStrictEqual([created.expiryStrategyType, created.expiryStrategyValue], ["DAYS", 15])
        // what was left out has Capillary's defaults: -1 is unlimited
        assert.deepStrictEqual(
          [created.maxCreate, created.maxRedeem, created.maxVouchersPerUser, created.maxRedemptionsInSeriesPerUser],
          [-1, -1, 3, -1]
        )
        assert.deepStrictEqual(
          [created.isMultipleVouchersPerUserAllowed, created.doNotResendExistingVoucher, created.anyUser],
          [true, false, false]
        )
        assert.deepStrictEqual([created.redeemAtStore, created.storeIdsJson, created.mutualExclusiveSeriesIds], [
          "[-1]",
          "[-1]",
          "[]"
        ])
        assert.strictEqual(created.redemptionRange, "{\"dom\":[\"-1\"],\"dow\":[1,2],\"hours\":[\"-1\"]}")
        assert.deepStrictEqual([created.clientHandlingType, created.alphaNumeric, created.randomCodeLength], [
          "DISC_CODE",
          true,
          8
        ])
        assert.deepStrictEqual(created.customPropertyMap, { channel: "app" })
        assert.deepStrictEqual([created.numIssued, created.numRedeemed, created.latestIssualTime], [0, 0, 0])
        assert.match(created.seriesCode ?? "", /^[0-9A-F]{20}$/)
        assert.isAtMost(Math.abs(Date.parse(created.createdOn!) - now), 5_000)
        assert.deepStrictEqual(created.warnings, [])

        const [read] = yield* coupons.getSeries([created.id])
        assert.deepStrictEqual(read, created)
      }))

    it.effect("accepts the create body flat or wrapped in CouponSeriesV2, from any client", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const body = {
          description: "Wrapped",
          discountType: "ABS",
          discountValue: 5,
          validTillDate: "2031-01-01T00:00:00Z",
          expiryStrategyType: "SERIES_EXPIRY"
        }
        const wrapped = yield* raw("/v2/coupon/series", { method: "POST", body: { CouponSeriesV2: body } })
        const flat = yield* raw("/v2/coupon/series", { method: "POST", body: { ...body, description: "Flat" } })
        assert.deepStrictEqual([wrapped.status, flat.status], [200, 200])
        const read = yield* coupons.getSeries([seriesId(wrapped.body.id), seriesId(flat.body.id)])
        assert.deepStrictEqual(read.map((series) => series.description), ["Wrapped", "Flat"])
        const bad = yield* raw("/v2/coupon/series", {
          method: "POST",
          body: { CouponSeriesV2: { ...body, discountType: "PERC", discountValue: 150 } }
        })
        assert.deepStrictEqual([bad.status, bad.body.errors[0].code], [400, 400])
        assert.include(bad.body.errors[0].message, "at most 100")
      }))

    it.effect("updates the fields sent; the merged series must still be valid", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const created = yield* coupons.createSeries(definition({ description: "Before", maxVouchersPerUser: 2 }))
        const updated = yield* coupons.updateSeries(created.id, { description: "After", maxCreate: 50 })
        assert.deepStrictEqual([updated.description, updated.maxCreate, updated.maxVouchersPerUser], ["After", 50, 2])
        assert.deepStrictEqual(
          { ...updated, description: created.description, maxCreate: created.maxCreate, lastUsed: created.lastUsed },
          { ...created }
        )
        // the same update again leaves the same series
        assert.deepStrictEqual(
          yield* coupons.updateSeries(created.id, { description: "After", maxCreate: 50 }),
          updated
        )
        // 250 off cannot become 250%: the merged series is checked as a whole
        const big = yield* coupons.createSeries(definition({ discountValue: 250 }))
        const invalid = yield* expectFailure(coupons.updateSeries(big.id, { discountType: "PERC" }))
        assert(invalid._tag === "CapillaryError" && invalid.reason._tag === "ApiError")
        assert.strictEqual(invalid.reason.code, 400)
        assert.include(invalid.reason.message, "at most 100")
        assert.strictEqual((yield* coupons.getSeries([big.id]))[0]?.discountType, "ABS")
      }))

    it.effect("unknown series: InvalidSeries; a read of some unknown ids answers the others with warnings", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const client = yield* CapillaryClient.CapillaryClient
        const unknown = seriesId(987_654)
        for (
          const attempt of [
            coupons.getSeries([unknown]),
            coupons.updateSeries(unknown, { maxCreate: 1 }),
            coupons.issue({ seriesId: unknown, customer: customer(tom) })
          ]
        ) {
          const error = yield* expectFailure(attempt as Effect.Effect<unknown, Coupons.IssueError>)
          assert.instanceOf(error, CouponErrors.InvalidSeries)
          assert.strictEqual((error as CouponErrors.InvalidSeries).code, 707)
        }
        const some = yield* client.execute(CouponsApi.getCouponSeries, {
          query: { ids: [seriesId(demo.welcome.id), unknown] }
        })
        assert.deepStrictEqual<ReadonlyArray<number>>(some.entity.map((series) => series.id), [demo.welcome.id])
        assert.deepStrictEqual(some.warnings, [{ status: false, code: 707, message: "Invalid series id 987654" }])
      }))

    it.effect("the demo seed's series are readable, with their limits", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const all = yield* coupons.getSeries([
          seriesId(demo.welcome.id),
          seriesId(demo.birthday.id),
          seriesId(demo.anyUser.id),
          seriesId(demo.freeShipping.id),
          seriesId(demo.expired.id)
        ])
        assert.deepStrictEqual(
          all.map((series) => [series.description, series.discountType, series.discountValue]),
          [["WELCOME10", "ABS", 10], ["BIRTHDAY20", "PERC", 20], ["ANYUSER5", "ABS", 5], ["FREESHIP", "ABS", 50], [
            "SUMMER15",
            "PERC",
            15
          ]]
        )
        const [welcome, birthday, anyUser, freeShipping, expired] = all
        assert.deepStrictEqual(
          [welcome?.maxVouchersPerUser, welcome?.expiryStrategyType, welcome?.expiryStrategyValue],
          [
            1,
            "DAYS",
            30
          ]
        )
        assert.strictEqual(birthday?.maxCreate, 2)
        assert.deepStrictEqual([anyUser?.anyUser, anyUser?.sameUserMultipleRedeem], [true, true])
        assert.deepStrictEqual([freeShipping?.clientHandlingType, freeShipping?.genericCode], ["GENERIC", "FREESHIP"])
        assert.strictEqual(expired?.validTillDate, "2020-08-31T23:59:59Z")
        // seeding again changes nothing
        yield* CouponBehaviours.seedDemo
        assert.deepStrictEqual(
          yield* coupons.getSeries([seriesId(demo.welcome.id), seriesId(demo.expired.id)]),
          [welcome!, expired!]
        )
      }))
  })

  describe("issue and read", () => {
    it.effect("issues a coupon, then reads it by customer, by id and by code in any case", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const clock = yield* EmulatorClock.EmulatorClock
        const series = yield* coupons.createSeries(definition({ expiryStrategyType: "DAYS", expiryStrategyValue: 30 }))
        const issued = yield* coupons.issue({ seriesId: series.id, customer: customer(tom) })
        const now = yield* clock.now
        assert.match(issued.code, /^[A-Z0-9]{8}$/)
        assert.strictEqual(issued.seriesId, series.id)
        assert.deepStrictEqual(
          [issued.discountType, issued.discountValue, issued.description, issued.discountCode],
          ["ABS", 25, "Test series", "NO_VALUE"]
        )
        assert.strictEqual<number | undefined>(issued.issuedToId, tom.id)
        assert.isAtMost(Math.abs(Date.parse(issued.issuedOn!) - now), 5_000)
        assert.strictEqual(Date.parse(issued.validTill) - Date.parse(issued.issuedOn!), 30 * day)
        assert.strictEqual(issued.redemptionCount, 0)
        assert.isAbove(issued.id ?? 0, 0)
        assert.strictEqual<number | undefined>(issued.customer?.id, tom.id)
        const [profile] = issued.customer?.profiles ?? []
        assert.deepStrictEqual([profile?.firstName, profile?.lastName, profile?.source], ["Tom", "Sawyer", "INSTORE"])
        assert.deepStrictEqual(profile?.identifiers?.map(({ value }) => value), [tom.mobile, tom.email, tom.externalId])
        assert.deepStrictEqual(issued.warnings, [])

        const { customer: _customer, warnings: _warnings, ...listed } = issued
        const byCustomer = yield* coupons.getCoupons({ issuedToIds: [customer(tom).id] })
        assert.deepStrictEqual(
          byCustomer.find((coupon) => coupon.code === issued.code),
          new Coupon.Coupon(listed)
        )
        const byId = yield* coupons.getCoupons({ couponIds: [issued.id!] })
        const byCode = yield* coupons.getCoupons({ couponCodes: [issued.code.toLowerCase()] })
        assert.deepStrictEqual(byId, [new Coupon.Coupon(listed)])
        assert.deepStrictEqual(byCode, byId)
        // filters combine: this customer's coupons with that code
        assert.deepStrictEqual(
          yield* coupons.getCoupons({ issuedToIds: [customer(ann).id], couponCodes: [issued.code] }),
          []
        )
        const [after] = yield* coupons.getSeries([series.id])
        assert.strictEqual(after?.numIssued, 1)
        // epoch milliseconds, where issuedOn is to the second
        assert.strictEqual(Math.floor(after!.latestIssualTime! / 1000) * 1000, Date.parse(issued.issuedOn!))
      }))

    it.effect("finds the customer by mobile, email or external id; unknown codes and ids are warnings", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const client = yield* CapillaryClient.CapillaryClient
        const series = yield* coupons.createSeries(definition())
        const byMobile = yield* coupons.issue({ seriesId: series.id, customer: { id: "", mobile: ann.mobile } })
        const byEmail = yield* coupons.issue({ seriesId: series.id, customer: { email: bob.email } })
        const byExternalId = yield* coupons.issue({ seriesId: series.id, customer: { externalId: tom.externalId } })
        assert.deepStrictEqual([byMobile.issuedToId, byEmail.issuedToId, byExternalId.issuedToId], [
          ann.id,
          bob.id,
          tom.id
        ])
        const answer = yield* client.execute(CouponsApi.getCoupons, {
          query: { couponCodes: [byMobile.code, "NOSUCHCODE"], couponIds: [Coupon.CouponId.make(987_654_321)] }
        })
        assert.deepStrictEqual(answer.data, [])
        assert.deepStrictEqual(answer.warnings?.map(({ code, message }) => [code, message]), [
          [702, "Invalid coupon code NOSUCHCODE"],
          [702, "Invalid coupon id 987654321"]
        ])
        const both = yield* coupons.getCoupons({ couponCodes: [byMobile.code, byEmail.code.toLowerCase()] })
        assert.deepStrictEqual(both.map((coupon) => coupon.code), [byMobile.code, byEmail.code])
      }))

    it.effect("validity: with the series, DAYS from issue, to the end of a month; numeric codes of any length", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const seriesEnd = "2031-03-15T12:00:00Z"
        const withSeries = yield* coupons.createSeries(definition({ validTillDate: seriesEnd }))
        const days = yield* coupons.createSeries(definition({ expiryStrategyType: "DAYS", expiryStrategyValue: 7 }))
        const monthsEnd = yield* coupons.createSeries(
          definition({
            expiryStrategyType: "MONTHS_END",
            expiryStrategyValue: 2,
            alphaNumeric: false,
            randomCodeLength: 12
          })
        )
        const a = yield* coupons.issue({ seriesId: withSeries.id, customer: customer(bob) })
        const b = yield* coupons.issue({ seriesId: days.id, customer: customer(bob) })
        const c = yield* coupons.issue({ seriesId: monthsEnd.id, customer: customer(bob) })
        assert.strictEqual(a.validTill, seriesEnd)
        assert.strictEqual(Date.parse(b.validTill) - Date.parse(b.issuedOn!), 7 * day)
        const issued = new Date(c.issuedOn!)
        const endOfMonth = new Date(Date.UTC(issued.getUTCFullYear(), issued.getUTCMonth() + 3, 1) - 1000)
        assert.strictEqual(c.validTill, endOfMonth.toISOString().replace(".000Z", "Z"))
        assert.match(c.code, /^\d{12}$/)
      }))
  })

  describe("series limits", () => {
    it.effect("maxVouchersPerUser: one WELCOME10 per customer, then MaxCouponsPerUser (5002)", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const welcome = seriesId(demo.welcome.id)
        const first = yield* coupons.issue({ seriesId: welcome, customer: customer(bob) })
        const again = yield* expectFailure(coupons.issue({ seriesId: welcome, customer: customer(bob) }))
        assert.instanceOf(again, CouponErrors.MaxCouponsPerUser)
        assert.strictEqual((again as CouponErrors.MaxCouponsPerUser).code, 5002)
        // another customer still gets one
        const other = yield* coupons.issue({ seriesId: welcome, customer: customer(ann) })
        assert.notStrictEqual(other.code, first.code)
        const held = yield* coupons.getCoupons({ issuedToIds: [customer(bob).id] })
        assert.strictEqual(held.filter((coupon) => coupon.seriesId === welcome).length, 1)
      }))

    it.effect("one coupon per customer when multiple vouchers are not allowed, or for a GENERIC code (5004)", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const single = yield* coupons.createSeries(definition({ isMultipleVouchersPerUserAllowed: false }))
        yield* coupons.issue({ seriesId: single.id, customer: customer(tom) })
        const second = yield* expectFailure(coupons.issue({ seriesId: single.id, customer: customer(tom) }))
        assert.instanceOf(second, CouponErrors.MaxCouponsPerUser)
        assert.strictEqual((second as CouponErrors.MaxCouponsPerUser).code, 5004)

        const generic = yield* coupons.createSeries(
          definition({ clientHandlingType: "GENERIC", genericCode: "spring25" })
        )
        const toTom = yield* coupons.issue({ seriesId: generic.id, customer: customer(tom) })
        const toAnn = yield* coupons.issue({ seriesId: generic.id, customer: customer(ann) })
        assert.deepStrictEqual([toTom.code, toAnn.code], ["SPRING25", "SPRING25"])
        assert.notStrictEqual(toTom.id, toAnn.id)
        const twice = yield* expectFailure(coupons.issue({ seriesId: generic.id, customer: customer(ann) }))
        assert.strictEqual((twice as CouponErrors.MaxCouponsPerUser).code, 5004)
        assert.strictEqual((yield* coupons.getCoupons({ couponCodes: ["spring25"] })).length, 2)
        // the code belongs to that series: another series cannot take it
        const taken = yield* expectFailure(
          coupons.createSeries(definition({ clientHandlingType: "GENERIC", genericCode: "SPRING25" }))
        )
        assert(taken._tag === "CapillaryError" && taken.reason._tag === "ApiError")
        assert.include(taken.reason.message, "already in use")
      }))

    it.effect("doNotResendExistingVoucher answers the customer's active coupon again, and counts nothing", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const freeShipping = seriesId(demo.freeShipping.id)
        const first = yield* coupons.issue({ seriesId: freeShipping, customer: customer(bob) })
        const again = yield* coupons.issue({ seriesId: freeShipping, customer: customer(bob) })
        assert.strictEqual(first.code, "FREESHIP")
        assert.deepStrictEqual([again.id, again.code, again.issuedOn], [first.id, first.code, first.issuedOn])
        const resend = yield* coupons.createSeries(
          definition({ doNotResendExistingVoucher: true, maxVouchersPerUser: 1 })
        )
        const one = yield* coupons.issue({ seriesId: resend.id, customer: customer(ann) })
        const two = yield* coupons.issue({ seriesId: resend.id, customer: customer(ann) })
        assert.deepStrictEqual([two.id, two.code], [one.id, one.code])
        assert.strictEqual((yield* coupons.getSeries([resend.id]))[0]?.numIssued, 1)
        assert.strictEqual(yield* couponsInSeries(resend.id), 1)
      }))

    it.effect("maxCreate: BIRTHDAY20 issues two coupons in all, then CouponIssueFailed (722)", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const birthday = seriesId(demo.birthday.id)
        yield* coupons.issue({ seriesId: birthday, customer: customer(tom) })
        yield* coupons.issue({ seriesId: birthday, customer: customer(ann) })
        const third = yield* expectFailure(coupons.issue({ seriesId: birthday, customer: customer(bob) }))
        assert.instanceOf(third, CouponErrors.CouponIssueFailed)
        assert.strictEqual((third as CouponErrors.CouponIssueFailed).code, 722)
        assert.strictEqual((yield* coupons.getSeries([birthday]))[0]?.numIssued, 2)
        assert.strictEqual(yield* couponsInSeries(birthday), 2)
        // raising the limit lets it issue again
        yield* coupons.updateSeries(birthday, { maxCreate: 3 })
        yield* coupons.issue({ seriesId: birthday, customer: customer(bob) })
        yield* coupons.updateSeries(birthday, { maxCreate: 2 })
      }))

    it.effect("minDaysBetweenVouchers spaces a customer's coupons (709), by the emulator clock", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const clock = yield* EmulatorClock.EmulatorClock
        const spaced = yield* coupons.createSeries(definition({ minDaysBetweenVouchers: 7 }))
        yield* coupons.issue({ seriesId: spaced.id, customer: customer(tom) })
        const soon = yield* expectFailure(coupons.issue({ seriesId: spaced.id, customer: customer(tom) }))
        assert.instanceOf(soon, CouponErrors.CouponIssueFailed)
        assert.strictEqual((soon as CouponErrors.CouponIssueFailed).code, 709)
        yield* Effect.acquireUseRelease(
          clock.advance(8 * day),
          () => coupons.issue({ seriesId: spaced.id, customer: customer(tom) }),
          () => clock.advance(-8 * day)
        )
        assert.strictEqual(yield* couponsInSeries(spaced.id), 2)
      }))

    it.effect("an ended series issues nothing: SeriesExpired (712), by the emulator clock", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const clock = yield* EmulatorClock.EmulatorClock
        const expired = yield* expectFailure(
          coupons.issue({ seriesId: seriesId(demo.expired.id), customer: customer(tom) })
        )
        assert.instanceOf(expired, CouponErrors.SeriesExpired)
        assert.strictEqual((expired as CouponErrors.SeriesExpired).code, 712)

        const now = yield* clock.now
        const shortLived = yield* coupons.createSeries(definition({ validTillDate: new Date(now + day).toISOString() }))
        yield* coupons.issue({ seriesId: shortLived.id, customer: customer(tom) })
        const later = yield* Effect.acquireUseRelease(
          clock.advance(2 * day),
          () => expectFailure(coupons.issue({ seriesId: shortLived.id, customer: customer(ann) })),
          () => clock.advance(-2 * day)
        )
        assert.instanceOf(later, CouponErrors.SeriesExpired)
        assert.strictEqual(yield* couponsInSeries(shortLived.id), 1)
      }))

    it.effect("30 concurrent issues against maxCreate 10: exactly 10 coupons, the rest CouponIssueFailed", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition({ maxCreate: 10 }))
        const customers = [tom, ann, bob]
        const results = yield* Effect.forEach(
          Array.from({ length: 30 }, (_, i) => customers[i % 3]!),
          (holder) => Effect.result(coupons.issue({ seriesId: series.id, customer: customer(holder) })),
          { concurrency: "unbounded" }
        )
        const issued = results.flatMap((result) => result._tag === "Success" ? [result.success] : [])
        const failed = results.flatMap((result) => result._tag === "Failure" ? [result.failure] : [])
        assert.strictEqual(issued.length, 10)
        assert.strictEqual(failed.length, 20)
        for (const error of failed) {
          assert.instanceOf(error, CouponErrors.CouponIssueFailed)
          assert.strictEqual((error as CouponErrors.CouponIssueFailed).code, 722)
        }
        assert.strictEqual(new Set(issued.map((coupon) => coupon.code)).size, 10)
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numIssued, 10)
        assert.strictEqual(yield* couponsInSeries(series.id), 10)
      }))
  })

  describe("customers and isolation", () => {
    it.effect("an unknown customer, or another organisation's: CustomerNotFound", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition())
        for (
          const who of [
            { id: Coupon.CustomerId.make(987_654_321) },
            { mobile: "919199999999" },
            { email: "nobody@example.com", externalId: "nobody-1" },
            { id: Coupon.CustomerId.make(Seed.demo.otherCustomer.id) },
            { mobile: Seed.demo.otherCustomer.mobile }
          ]
        ) {
          const error = yield* expectFailure(coupons.issue({ seriesId: series.id, customer: who }))
          assert.instanceOf(error, CouponErrors.CustomerNotFound)
          assert.strictEqual((error as CouponErrors.CustomerNotFound).code, 8015)
        }
        assert.strictEqual(yield* couponsInSeries(series.id), 0)
      }))

    it.effect("another organisation cannot see a series or its coupons, nor issue from it", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const other = yield* otherOrg
        const series = yield* coupons.createSeries(definition({ description: "Demo only" }))
        const issued = yield* coupons.issue({ seriesId: series.id, customer: customer(tom) })
        assert.instanceOf(yield* expectFailure(other.getSeries([series.id])), CouponErrors.InvalidSeries)
        assert.instanceOf(
          yield* expectFailure(other.updateSeries(series.id, { description: "Hijacked" })),
          CouponErrors.InvalidSeries
        )
        const olga = { id: Coupon.CustomerId.make(Seed.demo.otherCustomer.id) }
        assert.instanceOf(
          yield* expectFailure(other.issue({ seriesId: series.id, customer: olga })),
          CouponErrors.InvalidSeries
        )
        assert.deepStrictEqual(yield* other.getCoupons({ couponCodes: [issued.code] }), [])
        assert.deepStrictEqual(yield* other.getCoupons({ couponIds: [issued.id!] }), [])
        assert.deepStrictEqual(yield* other.getCoupons({ issuedToIds: [customer(tom).id] }), [])
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.description, "Demo only")
        // and the other way round
        const theirs = yield* other.createSeries(definition({ description: "Other only" }))
        const theirCoupon = yield* other.issue({ seriesId: theirs.id, customer: olga })
        assert.strictEqual(theirs.orgId, Seed.demo.otherOrg.id)
        assert.instanceOf(yield* expectFailure(coupons.getSeries([theirs.id])), CouponErrors.InvalidSeries)
        assert.deepStrictEqual(yield* coupons.getCoupons({ couponCodes: [theirCoupon.code] }), [])
      }))
  })

  describe("ambiguity and determinism", () => {
    it.effect("an issue applied and then cut off is reconciled to its one coupon, not issued twice", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const series = yield* coupons.createSeries(definition())
        yield* log.clear
        const issued = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "rewards.issueCoupon", times: 1 }]),
          () => coupons.issue({ seriesId: series.id, customer: customer(ann) }),
          () => faults.clear()
        )
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status, entry.fault]), [
          ["rewards.issueCoupon", 0, "applyThenReset"],
          ["rewards.getCoupons", 200, undefined]
        ])
        assert.strictEqual(yield* couponsInSeries(series.id), 1)
        const held = yield* coupons.getCoupons({ issuedToIds: [customer(ann).id] })
        assert.deepStrictEqual(held.filter((coupon) => coupon.seriesId === series.id), [issued])
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numIssued, 1)
      }))

    it.effect("an issue cut off before it was applied is found missing and sent again", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const series = yield* coupons.createSeries(definition())
        yield* log.clear
        yield* Effect.acquireUseRelease(
          faults.add([{ kind: "resetBeforeApply", endpoint: "rewards.issueCoupon", times: 1 }]),
          () => coupons.issue({ seriesId: series.id, customer: customer(bob) }),
          () => faults.clear()
        )
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status]), [
          ["rewards.issueCoupon", 0],
          ["rewards.getCoupons", 200],
          ["rewards.issueCoupon", 200]
        ])
        assert.strictEqual(yield* couponsInSeries(series.id), 1)
      }))

    it.effect("the same state issues the same code: a restored snapshot replays it", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition({ randomCodeLength: 10 }))
        const snapshot = yield* admin("/snapshot", { method: "POST" })
        const first = yield* coupons.issue({ seriesId: series.id, customer: customer(tom) })
        yield* admin("/restore", { method: "POST", body: { id: snapshot.body.id } })
        assert.strictEqual(yield* couponsInSeries(series.id), 0)
        const replayed = yield* coupons.issue({ seriesId: series.id, customer: customer(tom) })
        assert.match(first.code, /^[A-Z0-9]{10}$/)
        assert.strictEqual(replayed.code, first.code)
        // and the next coupon of the series gets another code
        const next = yield* coupons.issue({ seriesId: series.id, customer: customer(tom) })
        assert.notStrictEqual(next.code, first.code)
      }))
  })

  describe("validation and catalog", () => {
    it.effect("invalid input is an InvalidRequest, and nothing reaches the emulator", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const attempts: ReadonlyArray<Effect.Effect<unknown, Coupons.IssueError | Coupons.GetCouponsError>> = [
          coupons.createSeries(definition({ discountType: "PERC", discountValue: 101 })),
          coupons.createSeries(definition({ expiryStrategyType: "DAYS" })),
          coupons.createSeries(definition({ maxCreate: -7 })),
          coupons.issue({ seriesId: seriesId(demo.welcome.id), customer: {} }),
          coupons.getCoupons({})
        ]
        for (const attempt of attempts) {
          const error = yield* expectFailure(attempt)
          assert.instanceOf(error, CapillaryError.CapillaryError)
          assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
        }
        assert.deepStrictEqual(yield* log.recent(100), [])
      }))

    it.effect("the emulator refuses the same input from any client: 400, or Capillary's code", () =>
      Effect.gen(function*() {
        const cases = [
          ["POST", "/v2/coupon/issue", { customer: { id: tom.id } }, 756],
          ["POST", "/v2/coupon/issue", { seriesId: "abc", customer: { id: tom.id } }, 707],
          ["POST", "/v2/coupon/issue", { seriesId: -4, customer: { id: tom.id } }, 707],
          ["POST", "/v2/coupon/issue", { seriesId: demo.welcome.id, customer: {} }, 400],
          ["PUT", "/v2/coupon/series/abc", { maxCreate: 1 }, 707],
          ["GET", "/v2/coupon/series?ids=x", undefined, 707],
          ["GET", "/v2/coupon", undefined, 400]
        ] as const
        for (const [method, path, body, code] of cases) {
          const answer = yield* raw(path, { method, body })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], `${method} ${path}`)
        }
        // an unknown series in a well-formed body is the business answer
        const unknown = yield* raw("/v2/coupon/issue", {
          method: "POST",
          body: { seriesId: 987_654, customer: { id: tom.id, mobile: "", email: "", externalId: "" } }
        })
        assert.deepStrictEqual([unknown.status, unknown.body.errors[0].code], [400, 707])
      }))

    it.effect("the OpenAPI document lists the coupon operations", () =>
      Effect.gen(function*() {
        const { body } = yield* admin("/openapi.json")
        assert.deepStrictEqual(
          [
            body.paths["/v2/coupon/series"].post.operationId,
            body.paths["/v2/coupon/series/{id}"].put.operationId,
            body.paths["/v2/coupon/series"].get.operationId,
            body.paths["/v2/coupon/issue"].post.operationId,
            body.paths["/v2/coupon"].get.operationId
          ],
          [
            "rewards.createCouponSeries",
            "rewards.updateCouponSeries",
            "rewards.getCouponSeries",
            "rewards.issueCoupon",
            "rewards.getCoupons"
          ]
        )
      }))
  })
})
