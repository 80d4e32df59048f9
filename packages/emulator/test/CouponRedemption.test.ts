/**
 * Contract tests of coupon redemption and what surrounds it: every new coupon operation of
 * `@capillary-effect/rewards` (issue multiple, redeem, bulk redeem, is_redeemable, reactivate, revoke, customer
 * coupons) runs through the SDK, over real HTTP, against the emulator's behaviour on its database: the series
 * rules, the coupon's life (issued, redeemed, reactivated, revoked, expired by the emulator clock), redemption
 * ids, all-or-nothing batches and concurrent redemptions of one coupon.
 */
import { CapillaryClient, CapillaryError } from "@capillary-effect/core"
import { Coupon, CouponErrors, CouponRedemption, Coupons, CouponsApi } from "@capillary-effect/rewards"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, Faults, RequestLog, Seed } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import { tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const fastRetries = { baseDelay: "1 millis", maxDelay: "5 millis", maxRetries: 3 } as const
const day = 86_400_000

const { ann, bob, tom } = Seed.demo.customers
const customer = (seeded: { readonly id: number }) => ({ id: Coupon.CustomerId.make(seeded.id) })

/** A series valid for a year, with no limits unless told. */
const definition = (overrides: Partial<Coupon.CouponSeriesCreate> = {}): Coupon.CouponSeriesCreate => ({
  description: "Redemption test series",
  discountType: "ABS",
  discountValue: 25,
  validTillDate: new Date(Date.now() + 365 * day).toISOString(),
  expiryStrategyType: "SERIES_EXPIRY",
  ...overrides
})

/** The coupons service of the other organisation, against the running emulator. */
const otherOrg = tillService(Coupons.Coupons, Coupons.layer, Seed.demo.otherTill.username, Seed.demo.otherTill.password)

/** The redemptions recorded for a coupon: bill, amount, whether reactivated. */
const redemptionRows = (couponId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{
      id: number
      customer_id: number
      transaction_number: string
      bill_amount: number
      reactivated_at: number | null
    }>`SELECT id, customer_id, transaction_number, bill_amount, reactivated_at FROM coupon_redemptions
      WHERE coupon_id = ${couponId} ORDER BY id`
  )

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

/** The code and tag of a named error (or of the core error's reason). */
const outcome = (error: unknown) => {
  const failed = error as { readonly _tag: string; readonly code?: number; readonly reason?: { readonly _tag: string } }
  return failed._tag === "CapillaryError" ? [failed.reason?._tag, undefined] : [failed._tag, failed.code]
}

/** Runs with the emulator clock moved forward, and moves it back after. */
const later = <A, E, R>(millis: number, effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const clock = yield* EmulatorClock.EmulatorClock
    return yield* Effect.acquireUseRelease(clock.advance(millis), () => effect, () => clock.advance(-millis))
  })

const testLayer = Coupons.layer.pipe(Layer.provideMerge(Emulator.layerTest({ client: { retry: fastRetries } })))

layer(testLayer, { excludeTestServices: true })("Coupon redemption against the emulator", (it) => {
  /** A fresh series and a coupon of it issued to a customer. */
  const issued = (overrides: Partial<Coupon.CouponSeriesCreate> = {}, to: { readonly id: number } = tom) =>
    Effect.gen(function*() {
      const coupons = yield* Coupons.Coupons
      const series = yield* coupons.createSeries(definition(overrides))
      const coupon = yield* coupons.issue({ seriesId: series.id, customer: customer(to) })
      return { series, coupon }
    })

  const redeemAs = (code: string, who: { readonly id: number }, bill = "BILL-1", billAmount = 500) =>
    Effect.gen(function*() {
      const coupons = yield* Coupons.Coupons
      return yield* coupons.redeem({ code, customer: customer(who), billAmount, transactionNumber: bill })
    })

  describe("redeem", () => {
    it.effect("redeems on a bill: a redemption id, the discount, the counters and the bill in the history", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const { coupon, series } = yield* issued({ discountValue: 40, discountCode: "FORTY" })
        const redemption = yield* coupons.redeem({
          code: coupon.code,
          customer: customer(tom),
          billAmount: 750,
          transactionNumber: "BILL-1001",
          redemptionTime: "2030-01-01 10:00:00"
        })
        assert.isAbove(redemption.id, 900_000)
        assert.strictEqual(CouponRedemption.redemptionIdOf(redemption), redemption.id)
        assert.deepStrictEqual(
          [redemption.code, redemption.couponValue, redemption.discountType, redemption.discountValue],
          [coupon.code, 40, "ABS", 40]
        )
        assert.deepStrictEqual([redemption.discountCode, redemption.seriesCode, redemption.isAbsolute], [
          "FORTY",
          series.id,
          true
        ])
        assert.deepStrictEqual(
          [redemption.redemptionStatus.success, redemption.redemptionStatus.code, redemption.redemptionStatus.message],
          [true, 700, "Coupon processing successful"]
        )
        const [read] = yield* coupons.getCoupons({ couponIds: [coupon.id!] })
        assert.deepStrictEqual([read?.status, read?.redemptionCount], ["REDEEMED", 1])
        const [after] = yield* coupons.getSeries([series.id])
        assert.strictEqual(after?.numRedeemed, 1)
        assert.isAbove(after?.latestRedemptionTime ?? 0, 0)
        const rows = yield* redemptionRows(coupon.id!)
        assert.deepStrictEqual(rows, [{
          id: redemption.id,
          customer_id: tom.id,
          transaction_number: "BILL-1001",
          bill_amount: 750,
          reactivated_at: null
        }])
        const held = yield* Stream.runCollect(coupons.customerCoupons({ customer: customer(tom) }))
        const listed = held.find((candidate) => candidate.code === coupon.code)
        assert.deepStrictEqual([listed?.redemptionCount, listed?.redemptionsLeft], [1, 0])
        assert.deepStrictEqual(listed?.redemptions?.map(({ id, transactionNumber }) => [id, transactionNumber]), [
          [redemption.id, "BILL-1001"]
        ])
        assert.deepStrictEqual(listed?.reversedRedemptions, [])
      }))

    it.effect("codes compare without regard to case; an unknown code is InvalidCouponCode (702)", () =>
      Effect.gen(function*() {
        const { coupon } = yield* issued()
        const redemption = yield* redeemAs(coupon.code.toLowerCase(), tom)
        assert.strictEqual(redemption.code, coupon.code)
        const unknown = yield* expectFailure(redeemAs("NOSUCHCODE", tom))
        assert.instanceOf(unknown, CouponErrors.InvalidCouponCode)
        assert.deepStrictEqual(outcome(unknown), ["InvalidCouponCode", 702])
        const nobody = yield* expectFailure(redeemAs(coupon.code, { id: 987_654_321 }))
        assert.deepStrictEqual(outcome(nobody), ["CustomerNotFound", 8015])
      }))

    it.effect("another customer's coupon: CouponNotIssuedToCustomer (703), unless the series is anyUser", () =>
      Effect.gen(function*() {
        const { coupon } = yield* issued()
        const byAnn = yield* expectFailure(redeemAs(coupon.code, ann))
        assert.deepStrictEqual(outcome(byAnn), ["CouponNotIssuedToCustomer", 703])
        const anyone = yield* issued({ anyUser: true })
        const redemption = yield* redeemAs(anyone.coupon.code, ann)
        assert.deepStrictEqual((yield* redemptionRows(anyone.coupon.id!)).map((row) => row.customer_id), [ann.id])
        assert.strictEqual(redemption.code, anyone.coupon.code)
        // by mobile, email or external id as well as by id
        const mine = yield* issued()
        const coupons = yield* Coupons.Coupons
        yield* coupons.redeem({ code: mine.coupon.code, customer: { email: tom.email }, billAmount: 1 })
      }))

    it.effect("a single-use coupon once: CouponAlreadyRedeemed (711); multi-use series allow more, to their limits", () =>
      Effect.gen(function*() {
        const single = yield* issued()
        yield* redeemAs(single.coupon.code, tom, "BILL-A")
        const twice = yield* expectFailure(redeemAs(single.coupon.code, tom, "BILL-B"))
        assert.deepStrictEqual(outcome(twice), ["CouponAlreadyRedeemed", 711])

        // sameUserMultipleRedeem: the same customer again, up to maxRedemptionsInSeriesPerUser (728)
        const sameUser = yield* issued({
          sameUserMultipleRedeem: true,
          maxRedemptionsInSeriesPerUser: 2,
          anyUser: true
        })
        yield* redeemAs(sameUser.coupon.code, tom, "BILL-1")
        yield* redeemAs(sameUser.coupon.code, tom, "BILL-2")
        const third = yield* expectFailure(redeemAs(sameUser.coupon.code, tom, "BILL-3"))
        assert.deepStrictEqual(outcome(third), ["MaxRedemptionsReached", 728])
        // ... but not another customer, even on an anyUser series
        const other = yield* expectFailure(redeemAs(sameUser.coupon.code, ann))
        assert.deepStrictEqual(outcome(other), ["CouponAlreadyRedeemed", 711])

        // isMultipleUseAllowed: anyone may use it again
        const shared = yield* issued({ isMultipleUseAllowed: true, anyUser: true })
        yield* redeemAs(shared.coupon.code, tom)
        yield* redeemAs(shared.coupon.code, ann)
        yield* redeemAs(shared.coupon.code, bob)
        const coupons = yield* Coupons.Coupons
        const [read] = yield* coupons.getCoupons({ couponIds: [shared.coupon.id!] })
        assert.strictEqual(read?.redemptionCount, 3)
        assert.strictEqual((yield* coupons.getSeries([shared.series.id]))[0]?.numRedeemed, 3)
      }))

    it.effect("the series' maxRedeem caps its redemptions in all: MaxRedemptionsReached (714)", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition({ maxRedeem: 2 }))
        const held = yield* Effect.forEach(
          [tom, ann, bob],
          (who) =>
            Effect.map(coupons.issue({ seriesId: series.id, customer: customer(who) }), (coupon) => ({ coupon, who }))
        )
        yield* redeemAs(held[0]!.coupon.code, tom)
        yield* redeemAs(held[1]!.coupon.code, ann)
        const third = yield* expectFailure(redeemAs(held[2]!.coupon.code, bob))
        assert.deepStrictEqual(outcome(third), ["MaxRedemptionsReached", 714])
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numRedeemed, 2)
        assert.deepStrictEqual(yield* redemptionRows(held[2]!.coupon.id!), [])
        const [untouched] = yield* coupons.getCoupons({ couponIds: [held[2]!.coupon.id!] })
        assert.strictEqual(untouched?.status, "ISSUED")
      }))

    it.effect("the bill must be within minBillAmount..maxBillAmount: InvalidBillAmount (733)", () =>
      Effect.gen(function*() {
        const { coupon } = yield* issued({ minBillAmount: 100, maxBillAmount: 1000 })
        for (const amount of [99.99, 1000.01]) {
          const error = yield* expectFailure(redeemAs(coupon.code, tom, "BILL-X", amount))
          assert.deepStrictEqual(outcome(error), ["InvalidBillAmount", 733])
        }
        yield* redeemAs(coupon.code, tom, "BILL-X", 100)
      }))

    it.effect("the series' end (712) and the coupon's validity (713), by the emulator clock", () =>
      Effect.gen(function*() {
        const clock = yield* EmulatorClock.EmulatorClock
        const now = yield* clock.now
        const shortSeries = yield* issued({ validTillDate: new Date(now + day).toISOString() })
        const shortCoupon = yield* issued({ expiryStrategyType: "DAYS", expiryStrategyValue: 1 })
        const [ended, expired] = yield* later(
          2 * day,
          Effect.all([
            expectFailure(redeemAs(shortSeries.coupon.code, tom)),
            expectFailure(redeemAs(shortCoupon.coupon.code, tom))
          ])
        )
        assert.deepStrictEqual(outcome(ended), ["SeriesExpired", 712])
        assert.deepStrictEqual(outcome(expired), ["CouponExpired", 713])
        // and the reads say so while the clock is there
        const coupons = yield* Coupons.Coupons
        const status = yield* later(2 * day, coupons.getCoupons({ couponIds: [shortCoupon.coupon.id!] }))
        assert.strictEqual(status[0]?.status, "EXPIRED")
        const expiredList = yield* later(
          2 * day,
          Stream.runCollect(coupons.customerCoupons({ customer: customer(tom), status: "EXPIRED_UNREDEEMED" }))
        )
        assert(expiredList.some((candidate) => candidate.code === shortCoupon.coupon.code))
        // back in time, both can be redeemed
        yield* redeemAs(shortSeries.coupon.code, tom)
        yield* redeemAs(shortCoupon.coupon.code, tom)
      }))

    it.effect("minDaysBetweenRedemption spaces a customer's redemptions of the series (738)", () =>
      Effect.gen(function*() {
        const { coupon, series } = yield* issued({ sameUserMultipleRedeem: true, minDaysBetweenRedemption: 3 })
        yield* redeemAs(coupon.code, tom, "BILL-1")
        const soon = yield* expectFailure(redeemAs(coupon.code, tom, "BILL-2"))
        assert(soon._tag === "CapillaryError" && soon.reason._tag === "ApiError")
        assert.strictEqual(soon.reason.code, 738)
        yield* later(4 * day, redeemAs(coupon.code, tom, "BILL-2"))
        assert.strictEqual((yield* redemptionRows(coupon.id!)).length, 2)
        void series
      }))
  })

  describe("reactivate and revoke", () => {
    it.effect("redeem, reactivate, redeem again: a new redemption id, the counters back and forth", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const { coupon, series } = yield* issued()
        const first = yield* redeemAs(coupon.code, tom, "BILL-1")
        yield* coupons.reactivate([CouponRedemption.redemptionIdOf(first)!])
        const [reactivated] = yield* coupons.getCoupons({ couponIds: [coupon.id!] })
        assert.deepStrictEqual([reactivated?.status, reactivated?.redemptionCount], ["ISSUED", 0])
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numRedeemed, 0)
        const [check] = yield* coupons.isRedeemable({ codes: [coupon.code], customer: customer(tom) })
        assert.strictEqual(check?.isRedeemable, true)

        const second = yield* redeemAs(coupon.code, tom, "BILL-2")
        assert.notStrictEqual(second.id, first.id)
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numRedeemed, 1)
        const rows = yield* redemptionRows(coupon.id!)
        assert.deepStrictEqual(rows.map((row) => [row.id, row.transaction_number, row.reactivated_at !== null]), [
          [first.id, "BILL-1", true],
          [second.id, "BILL-2", false]
        ])
        const held = yield* Stream.runCollect(coupons.customerCoupons({ customer: customer(tom) }))
        const listed = held.find((candidate) => candidate.code === coupon.code)
        assert.deepStrictEqual(listed?.redemptions?.map((redemption) => redemption.id), [second.id])
        assert.deepStrictEqual(listed?.reversedRedemptions?.map((redemption) => redemption.id), [first.id])

        // once undone, it cannot be undone again; an unknown id neither; nothing changes
        for (const ids of [[first.id], [987_654], [second.id, 987_654]]) {
          const error = yield* expectFailure(
            coupons.reactivate(
              ids.map((id) => CouponRedemption.RedemptionId.make(id)) as [CouponRedemption.RedemptionId]
            )
          )
          assert.deepStrictEqual(outcome(error), ["InvalidRedemption", 510])
        }
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numRedeemed, 1)
        assert.strictEqual((yield* redemptionRows(coupon.id!)).filter((row) => row.reactivated_at === null).length, 1)
      }))

    it.effect("revoke, then redeem: CouponRevoked (660); redeemed and unknown codes are reported, not revoked", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition())
        const a = yield* coupons.issue({ seriesId: series.id, customer: customer(tom) })
        const b = yield* coupons.issue({ seriesId: series.id, customer: customer(tom) })
        yield* redeemAs(b.code, tom)
        const outcomeOf = yield* coupons.revoke({
          couponSeriesId: series.id,
          couponCodes: [a.code.toLowerCase(), b.code, "NOSUCHCODE"]
        })
        assert.deepStrictEqual(outcomeOf.revokedCoupons, [{
          couponId: a.id!,
          couponCode: a.code,
          issuedToUserId: a.issuedToId!
        }])
        assert.deepStrictEqual([outcomeOf.totalCount, outcomeOf.failedCount], [3, 2])
        assert.deepStrictEqual(
          outcomeOf.failedToRevoke?.map(({ couponCodes, errorCode }) => [errorCode, couponCodes]),
          [[405, [b.code]], [682, ["NOSUCHCODE"]]]
        )
        const [revoked] = yield* coupons.getCoupons({ couponIds: [a.id!] })
        assert.strictEqual(revoked?.status, "REVOKED")
        const error = yield* expectFailure(redeemAs(a.code, tom))
        assert.deepStrictEqual(outcome(error), ["CouponRevoked", 660])
        const [check] = yield* coupons.isRedeemable({ codes: [a.code], customer: customer(tom) })
        assert.deepStrictEqual([check?.isRedeemable, check?.redemptionStatus?.code], [false, 660])
        // revoking again changes nothing: already revoked reads as not found
        const again = yield* coupons.revoke({ couponCodes: [a.code] })
        assert.deepStrictEqual([again.revokedCoupons, again.failedToRevoke?.[0]?.errorCode], [[], 682])
        // revoked coupons leave the customer's coupon list
        const held = yield* Stream.runCollect(coupons.customerCoupons({ customer: customer(tom) }))
        assert(!held.some((candidate) => candidate.code === a.code))
      }))

    it.effect("revoke by customer takes every unredeemed coupon of the series; a GENERIC code needs the customer", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition())
        const mine = yield* Effect.forEach(
          [1, 2, 3],
          () => coupons.issue({ seriesId: series.id, customer: customer(ann) })
        )
        const theirs = yield* coupons.issue({ seriesId: series.id, customer: customer(bob) })
        yield* redeemAs(mine[2]!.code, ann)
        const byCustomer = yield* coupons.revoke({ couponSeriesId: series.id, customer: { mobile: ann.mobile } })
        assert.deepStrictEqual(
          byCustomer.revokedCoupons.map((revoked) => revoked.couponCode),
          [mine[0]!.code, mine[1]!.code]
        )
        const [still] = yield* coupons.getCoupons({ couponIds: [theirs.id!] })
        assert.strictEqual(still?.status, "ISSUED")

        const generic = yield* coupons.createSeries(
          definition({ clientHandlingType: "GENERIC", genericCode: "REV0KE1" })
        )
        yield* coupons.issue({ seriesId: generic.id, customer: customer(ann) })
        yield* coupons.issue({ seriesId: generic.id, customer: customer(bob) })
        const unsupported = yield* expectFailure(
          coupons.revoke({ couponSeriesId: generic.id, couponCodes: ["REV0KE1"] })
        )
        assert(unsupported._tag === "CapillaryError" && unsupported.reason._tag === "ApiError")
        assert.strictEqual(unsupported.reason.code, 108)
        const annOnly = yield* coupons.revoke({
          couponSeriesId: generic.id,
          customer: customer(ann),
          couponCodes: ["REV0KE1"]
        })
        assert.deepStrictEqual<ReadonlyArray<number | undefined>>(
          annOnly.revokedCoupons.map((revoked) => revoked.issuedToUserId),
          [ann.id]
        )
        // bob still redeems his copy of the code; ann's is revoked
        yield* redeemAs("rev0ke1", bob)
        assert.deepStrictEqual(outcome(yield* expectFailure(redeemAs("REV0KE1", ann))), ["CouponRevoked", 660])
        // unknown series and ended series
        assert.deepStrictEqual(
          outcome(
            yield* expectFailure(
              coupons.revoke({ couponSeriesId: Coupon.CouponSeriesId.make(987_654), couponCodes: ["X"] })
            )
          ),
          ["InvalidSeries", 707]
        )
        const ended = yield* coupons.revoke({ couponSeriesId: generic.id, customer: customer(tom) }).pipe(
          (effect) => later(400 * day, expectFailure(effect))
        )
        assert.deepStrictEqual(outcome(ended), ["SeriesExpired", 712])
      }))
  })

  describe("bulk redeem", () => {
    it.effect("redeems every code on one bill: one redemption each, its id in redemptionId", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition())
        const held = yield* Effect.forEach(
          [1, 2, 3],
          () => coupons.issue({ seriesId: series.id, customer: customer(bob) })
        )
        const batch = yield* coupons.bulkRedeem({
          codes: held.map((coupon) => coupon.code.toLowerCase()),
          customer: customer(bob),
          billAmount: 900,
          transactionNumber: "BULK-1"
        })
        assert.deepStrictEqual(batch.map((item) => item.code), held.map((coupon) => coupon.code))
        // as Capillary's sample: result.id is the coupon's id, redemptionId the redemption's
        assert.deepStrictEqual<ReadonlyArray<number>>(batch.map((item) => item.id), held.map((coupon) => coupon.id!))
        for (const [i, item] of batch.entries()) {
          const [row] = yield* redemptionRows(held[i]!.id!)
          assert.strictEqual(CouponRedemption.redemptionIdOf(item), row?.id)
          assert.strictEqual(row?.transaction_number, "BULK-1")
        }
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numRedeemed, 3)
      }))

    it.effect("all or nothing: one bad code among three is BulkRedeemFailed (749) and none is redeemed", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition())
        const held = yield* Effect.forEach(
          [1, 2],
          () => coupons.issue({ seriesId: series.id, customer: customer(bob) })
        )
        const used = yield* coupons.issue({ seriesId: series.id, customer: customer(bob) })
        yield* redeemAs(used.code, bob, "EARLIER")
        // the bad code is the last: the first two were applied, then undone with the batch
        const error = yield* expectFailure(coupons.bulkRedeem({
          codes: [held[0]!.code, held[1]!.code, used.code],
          customer: customer(bob),
          billAmount: 100,
          transactionNumber: "BULK-2"
        }))
        assert.instanceOf(error, CouponErrors.BulkRedeemFailed)
        assert.strictEqual((error as CouponErrors.BulkRedeemFailed).code, 749)
        assert.include(error.message, `coupon ${used.code} failed with 711`)
        for (const coupon of held) {
          assert.deepStrictEqual(yield* redemptionRows(coupon.id!), [])
          assert.strictEqual((yield* coupons.getCoupons({ couponIds: [coupon.id!] }))[0]?.status, "ISSUED")
        }
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numRedeemed, 1)
        // an unknown code fails the batch the same way, naming its own code
        const unknown = yield* expectFailure(coupons.bulkRedeem({
          codes: [held[0]!.code, "NOSUCHCODE", held[1]!.code],
          customer: customer(bob),
          billAmount: 100
        }))
        assert.include(unknown.message, "coupon NOSUCHCODE failed with 702")
        // and the good codes still redeem together afterwards
        const batch = yield* coupons.bulkRedeem({
          codes: held.map((coupon) => coupon.code),
          customer: customer(bob),
          billAmount: 1
        })
        assert.strictEqual(batch.length, 2)
      }))

    it.effect("51 codes are refused before sending: InvalidRequest, and no request reaches the emulator", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const codes = Array.from({ length: 51 }, (_, i) => `CODE${String(i).padStart(3, "0")}`)
        const error = yield* expectFailure(coupons.bulkRedeem({ codes, customer: customer(tom), billAmount: 1 }))
        assert(error._tag === "CapillaryError", error._tag)
        assert.deepStrictEqual([error.reason._tag, error.attempts], ["InvalidRequest", 0])
        assert.include(error.reason.message, "at most 50 codes")
        assert.deepStrictEqual(yield* log.recent(100), [])
        // any other client gets Capillary's 629 for the same batch
        const answer = yield* raw("/v2/coupon/bulk/redeem", {
          method: "POST",
          body: { redemptionRequestList: codes.map((code) => ({ code })), user: { id: tom.id }, billAmount: "1" }
        })
        assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, 629])
      }))
  })

  describe("is_redeemable", () => {
    it.effect("answers per code by the redemption rules, and redeems nothing", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const fresh = yield* issued({ discountValue: 15 })
        const used = yield* issued()
        yield* redeemAs(used.coupon.code, tom)
        const annS = yield* issued({}, ann)
        const multi = yield* issued({ sameUserMultipleRedeem: true, maxRedemptionsInSeriesPerUser: 3 })
        yield* redeemAs(multi.coupon.code, tom)
        const items = yield* coupons.isRedeemable({
          codes: [fresh.coupon.code.toLowerCase(), used.coupon.code, "NOSUCHCODE", annS.coupon.code, multi.coupon.code],
          customer: { mobile: tom.mobile },
          details: "true"
        })
        assert.deepStrictEqual(
          items.map((item) => [item.code, item.isRedeemable, item.redemptionStatus?.code]),
          [
            [fresh.coupon.code, true, undefined],
            [used.coupon.code, false, 711],
            ["NOSUCHCODE", false, 702],
            [annS.coupon.code, false, 703],
            [multi.coupon.code, true, undefined]
          ]
        )
        assert.deepStrictEqual(
          [
            items[0]?.numberOfRedemptionsByUser,
            items[0]?.redemptionsLeft,
            items[0]?.discountValue,
            items[0]?.isAbsolute
          ],
          [0, 1, 15, true]
        )
        assert.deepStrictEqual([items[4]?.numberOfRedemptionsByUser, items[4]?.redemptionsLeft], [1, 2])
        assert.strictEqual(items[1]?.appendedErrorMessage, "Coupon already redeemed")
        // nothing was redeemed by the check
        assert.deepStrictEqual(yield* redemptionRows(fresh.coupon.id!), [])
        yield* redeemAs(fresh.coupon.code, tom)
        const unknown = yield* expectFailure(
          coupons.isRedeemable({ codes: ["X"], customer: { mobile: "919199999999" } })
        )
        assert.deepStrictEqual(outcome(unknown), ["CustomerNotFound", 8015])
      }))
  })

  describe("issue multiple and customer coupons", () => {
    it.effect("issues count coupons at once, counted; all or nothing against maxCreate; 677 outside 1..500", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const series = yield* coupons.createSeries(definition({ maxCreate: 4, discountValue: 12 }))
        const three = yield* coupons.issueMultiple({ seriesId: series.id, count: 3, customer: { mobile: ann.mobile } })
        assert.strictEqual(three.coupons.length, 3)
        assert.strictEqual(new Set(three.coupons.map((coupon) => coupon.code)).size, 3)
        assert.deepStrictEqual([three.totalCount, three.successCount, three.failureCount], [3, 3, 0])
        assert.deepStrictEqual([three.couponConfig?.discountValue, three.customer?.id], [12, ann.id])
        const held = yield* coupons.getCoupons({ couponIds: three.coupons.map((coupon) => coupon.couponId) })
        assert.deepStrictEqual<ReadonlyArray<number | undefined>>(
          held.map((coupon) => coupon.issuedToId),
          [ann.id, ann.id, ann.id]
        )
        // two more would pass maxCreate: nothing is issued
        const over = yield* expectFailure(
          coupons.issueMultiple({ seriesId: series.id, count: 2, customer: customer(ann) })
        )
        assert.deepStrictEqual(outcome(over), ["CouponIssueFailed", 722])
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numIssued, 3)
        const one = yield* coupons.issueMultiple({ seriesId: series.id, customer: customer(ann) })
        assert.strictEqual(one.coupons.length, 1)
        for (const count of [0, 501]) {
          const answer = yield* raw("/v2/coupon/issue/multiple", {
            method: "POST",
            body: { seriesId: series.id, count, customer: { id: ann.id } }
          })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, 677])
        }
      }))

    it.effect("a customer's coupons, a page at a time, newest first, filtered by status", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const client = yield* CapillaryClient.CapillaryClient
        const series = yield* coupons.createSeries(definition())
        const { coupons: five } = yield* coupons.issueMultiple({
          seriesId: series.id,
          count: 5,
          customer: customer(bob)
        })
        yield* redeemAs(five[0]!.code, bob)
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const all = yield* Stream.runCollect(coupons.customerCoupons({ customer: customer(bob), pageSize: 2 }))
        const ours = all.filter((coupon) => coupon.seriesId === series.id)
        assert.deepStrictEqual(ours.map((coupon) => coupon.code), five.map((coupon) => coupon.code).reverse())
        const pages = (yield* log.recent(100)).filter((entry) => entry.endpoint === "rewards.customerCoupons")
        assert.strictEqual(pages.length, Math.ceil(all.length / 2))
        const page = yield* client.execute(CouponsApi.customerCoupons, {
          query: { external_Id: bob.externalId, limit: 2, offset: 0, sort_order: "ASC" }
        })
        assert.deepStrictEqual(page.entity.pagination, { limit: 2, offset: 0, total: all.length })
        assert.deepStrictEqual(
          [page.entity.customers[0]?.id, page.entity.customers[0]?.firstname, page.entity.customers[0]?.mobile],
          [bob.id, "Bob", bob.mobile]
        )
        const redeemed = yield* Stream.runCollect(
          coupons.customerCoupons({ customer: customer(bob), status: "REDEEMED" })
        )
        assert(redeemed.some((coupon) => coupon.code === five[0]!.code))
        assert(!redeemed.some((coupon) => coupon.code === five[1]!.code))
        const redeemable = yield* Stream.runCollect(
          coupons.customerCoupons({ customer: customer(bob), status: "REDEEMABLE" })
        )
        assert(!redeemable.some((coupon) => coupon.code === five[0]!.code))
        assert(redeemable.some((coupon) => coupon.code === five[1]!.code))
        const missing = yield* expectFailure(
          Stream.runCollect(coupons.customerCoupons({ customer: { mobile: "919199999999" } }))
        )
        assert.deepStrictEqual(outcome(missing), ["CustomerNotFound", 8015])
      }))
  })

  describe("concurrency, ambiguity and isolation", () => {
    it.effect("100 concurrent redemptions of one coupon: exactly one succeeds, 99 are CouponAlreadyRedeemed", () =>
      Effect.gen(function*() {
        const coupons = yield* Coupons.Coupons
        const { coupon, series } = yield* issued()
        const results = yield* Effect.forEach(
          Array.from({ length: 100 }, (_, i) => i),
          (i) => Effect.result(redeemAs(coupon.code, tom, `RACE-${i}`)),
          { concurrency: "unbounded" }
        )
        const succeeded = results.flatMap((result) => result._tag === "Success" ? [result.success] : [])
        const failed = results.flatMap((result) => result._tag === "Failure" ? [result.failure] : [])
        assert.strictEqual(succeeded.length, 1)
        assert.strictEqual(failed.length, 99)
        for (const error of failed) assert.deepStrictEqual(outcome(error), ["CouponAlreadyRedeemed", 711])
        const rows = yield* redemptionRows(coupon.id!)
        assert.deepStrictEqual(rows.map((row) => row.id), [succeeded[0]!.id])
        assert.strictEqual((yield* coupons.getCoupons({ couponIds: [coupon.id!] }))[0]?.redemptionCount, 1)
        assert.strictEqual((yield* coupons.getSeries([series.id]))[0]?.numRedeemed, 1)
      }))

    it.effect("100 concurrent raw requests, no SDK in between: still exactly one redemption", () =>
      Effect.gen(function*() {
        const { coupon } = yield* issued()
        const answers = yield* Effect.forEach(
          Array.from({ length: 100 }, (_, i) => i),
          (i) =>
            raw("/v2/coupon/redeem", {
              method: "POST",
              body: {
                redemptionRequestList: [{ code: coupon.code }],
                user: { id: tom.id },
                billAmount: "10",
                transactionNumber: `RAW-${i}`
              }
            }),
          { concurrency: "unbounded" }
        )
        assert.deepStrictEqual(
          [...new Set(answers.map((answer) => answer.status === 200 ? 700 : answer.body.errors[0].code))].sort(),
          [700, 711]
        )
        assert.strictEqual(answers.filter((answer) => answer.status === 200).length, 1)
        assert.strictEqual((yield* redemptionRows(coupon.id!)).length, 1)
      }))

    it.effect("a redemption applied and then cut off is reconciled by its bill, not redeemed twice", () =>
      Effect.gen(function*() {
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const { coupon } = yield* issued()
        yield* log.clear
        const redemption = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "rewards.redeemCoupons", times: 1 }]),
          () => redeemAs(coupon.code, tom, "BILL-CUT"),
          () => faults.clear()
        )
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status, entry.fault]), [
          ["rewards.redeemCoupons", 0, "applyThenReset"],
          ["rewards.customerCoupons", 200, undefined]
        ])
        const rows = yield* redemptionRows(coupon.id!)
        assert.deepStrictEqual(rows.map((row) => [row.id, row.transaction_number]), [[redemption.id, "BILL-CUT"]])
        assert.deepStrictEqual([redemption.code, redemption.couponValue], [coupon.code, 25])
      }))

    it.effect("a redemption cut off before it was applied is found missing and sent again", () =>
      Effect.gen(function*() {
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const { coupon } = yield* issued()
        yield* log.clear
        const redemption = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "resetBeforeApply", endpoint: "rewards.redeemCoupons", times: 1 }]),
          () => redeemAs(coupon.code, tom, "BILL-LOST"),
          () => faults.clear()
        )
        assert.deepStrictEqual((yield* log.recent(100)).map((entry) => [entry.endpoint, entry.status]), [
          ["rewards.redeemCoupons", 0],
          ["rewards.customerCoupons", 200],
          ["rewards.redeemCoupons", 200]
        ])
        assert.deepStrictEqual((yield* redemptionRows(coupon.id!)).map((row) => row.id), [redemption.id])
      }))

    it.effect("another organisation can neither redeem, check, reactivate nor revoke this one's coupons", () =>
      Effect.gen(function*() {
        const other = yield* otherOrg
        const { coupon, series } = yield* issued({ anyUser: true })
        const redemption = yield* redeemAs(coupon.code, tom)
        const olga = { id: Coupon.CustomerId.make(Seed.demo.otherCustomer.id) }
        const fresh = yield* issued({ anyUser: true })
        assert.deepStrictEqual(
          outcome(yield* expectFailure(other.redeem({ code: fresh.coupon.code, customer: olga, billAmount: 1 }))),
          ["InvalidCouponCode", 702]
        )
        const [checked] = yield* other.isRedeemable({ codes: [fresh.coupon.code], customer: olga })
        assert.deepStrictEqual([checked?.isRedeemable, checked?.redemptionStatus?.code], [false, 702])
        assert.deepStrictEqual(
          outcome(yield* expectFailure(other.reactivate([CouponRedemption.redemptionIdOf(redemption)!]))),
          ["InvalidRedemption", 510]
        )
        assert.deepStrictEqual(
          outcome(yield* expectFailure(other.revoke({ couponSeriesId: series.id, couponCodes: [fresh.coupon.code] }))),
          ["InvalidSeries", 707]
        )
        const byCode = yield* other.revoke({ couponCodes: [fresh.coupon.code] })
        assert.deepStrictEqual(byCode.failedToRevoke?.map((failure) => failure.errorCode), [682])
        // ours are untouched
        yield* redeemAs(fresh.coupon.code, ann)
      }))
  })

  describe("validation and catalog", () => {
    it.effect("the emulator refuses bad input from any client with Capillary's codes", () =>
      Effect.gen(function*() {
        const { coupon } = yield* issued()
        const cases = [
          ["POST", "/v2/coupon/reactivate", { redemptionIds: [] }, 661],
          ["POST", "/v2/coupon/reactivate", {}, 661],
          ["POST", "/v2/coupon/reactivate", { redemptionIds: [-3] }, 510],
          ["POST", "/v2/coupon/revoke", { couponSeriesId: 5001 }, 756],
          ["POST", "/v2/coupon/issue/multiple", { count: 2, customer: { id: tom.id } }, 756],
          [
            "POST",
            "/v2/coupon/redeem",
            {
              redemptionRequestList: [{ code: coupon.code }, { code: coupon.code.toLowerCase() }],
              user: { id: tom.id },
              billAmount: "1"
            },
            716
          ],
          ["POST", "/v2/coupon/redeem", { redemptionRequestList: [{ code: coupon.code }], user: { id: tom.id } }, 400],
          ["GET", "/v2/coupon/is_redeemable?code=ABC", undefined, 400],
          ["GET", "/v2/customers/coupons?status=REDEEMED", undefined, 400]
        ] as const
        for (const [method, path, body, code] of cases) {
          const answer = yield* raw(path, { method, body })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], `${method} ${path}`)
        }
        assert.deepStrictEqual(yield* redemptionRows(coupon.id!), [])
        // the documented redeem body, from any client: billAmount as a string, the answer in Capillary's shape
        const answer = yield* raw("/v2/coupon/redeem", {
          method: "POST",
          body: {
            redemptionRequestList: [{ code: coupon.code }],
            user: { mobile: tom.mobile },
            transactionNumber: "RAW-1",
            billAmount: "2000",
            redemptionTime: "2020-06-12 10:00:00"
          }
        })
        assert.strictEqual(answer.status, 200)
        assert.deepStrictEqual(answer.body.redemptionStatus, {
          status: true,
          message: "Coupon processing successful",
          code: 700
        })
        assert.strictEqual(answer.body.redemption[0].redemptionStatus.statusCode.code, 700)
        assert.strictEqual(answer.body.customer.id, tom.id)
        const reactivated = yield* raw("/v2/coupon/reactivate", {
          method: "POST",
          body: { redemptionIds: [answer.body.redemption[0].id] }
        })
        assert.deepStrictEqual(reactivated, { status: 200, body: { warnings: [], errors: [], success: true } })
      }))

    it.effect("the OpenAPI document lists the new coupon operations", () =>
      Effect.gen(function*() {
        const { body } = yield* admin("/openapi.json")
        assert.deepStrictEqual(
          [
            body.paths["/v2/coupon/issue/multiple"].post.operationId,
            body.paths["/v2/coupon/redeem"].post.operationId,
            body.paths["/v2/coupon/bulk/redeem"].post.operationId,
            body.paths["/v2/coupon/is_redeemable"].get.operationId,
            body.paths["/v2/coupon/reactivate"].post.operationId,
            body.paths["/v2/coupon/revoke"].post.operationId,
            body.paths["/v2/customers/coupons"].get.operationId
          ],
          [
            "rewards.issueMultipleCoupons",
            "rewards.redeemCoupons",
            "rewards.bulkRedeemCoupons",
            "rewards.isRedeemable",
            "rewards.reactivateCoupons",
            "rewards.revokeCoupon",
            "rewards.customerCoupons"
          ]
        )
        void CapillaryError
      }))
  })
})
