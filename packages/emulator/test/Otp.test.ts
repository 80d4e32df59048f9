/**
 * Contract tests of the OTP endpoints: every operation of `@capillary-effect/customers`' `Otps` runs through the
 * SDK, over real HTTP, against the emulator's behaviours on its database. The catalog is the default one plus
 * `OtpBehaviours.catalog`, built here. Time moves with the emulator clock (directly and through
 * `/__emulator/clock`).
 */
import { CapillaryError } from "@capillary-effect/core"
import { CustomerErrors, Customers, type Otp, OtpErrors, Otps } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, Faults, OtpBehaviours, RequestLog, Seed } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, OtpBehaviours.catalog)

const { tom } = Seed.demo.customers
const orgId = Seed.demo.org.id
const minute = 60_000

const otpsOf = (username: string, password: string) => tillService(Otps.Otps, Otps.layer, username, password)
const otherOrg = otpsOf(Seed.demo.otherTill.username, Seed.demo.otherTill.password)

let nextEmail = 0
/** An email no test used before (each test sends to its own, so daily caps never meet). */
const freshEmail = () => `otp-${++nextEmail}@example.com`

const generateFor = (
  entityType: Otp.OtpEntityType,
  entityValue: string,
  action: Otp.OtpAction = "REGISTRATION"
): Otp.OtpGenerate => ({
  entityType,
  entityValue,
  action,
  channels: [entityType === "MOBILE" ? { type: "SMS", value: entityValue } : { type: "EMAIL", value: entityValue }]
})

const validateFor = (
  entityType: Otp.OtpEntityType,
  entityValue: string,
  code: string,
  action?: Otp.OtpAction
): Otp.OtpValidate => ({
  entityType,
  entityValue,
  code: Redacted.make(code),
  ...(action === undefined ? {} : { action })
})

/** The customer's latest valid code, read as a test would: through `GET /v2/otp`. */
const codeOf = (identifier: { readonly type: "mobile" | "email"; readonly value: string }, scope?: Otp.OtpAction) =>
  Otps.Otps.use((otps) =>
    Effect.map(
      otps.get({ identifier, ...(scope === undefined ? {} : { scope }) }),
      (details) => ({ ...details, plain: Redacted.value(details.code) })
    )
  )

const sendsTo = (entityValue: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM otp_sends WHERE org_id = ${orgId} AND entity_value = ${entityValue}`,
      (rows) => rows[0]!.n
    )
  )

const otpRows = (entityValue: string) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ id: number; action: string; used_at: number | null; valid_until: number; issued_at: number }>`SELECT id,
      action, used_at, valid_until, issued_at FROM otps WHERE org_id = ${orgId} AND entity_value = ${entityValue}
      ORDER BY id`
  )

/** Runs an effect with the demo org's OTP settings changed, and puts the defaults back after. */
const withSettings = <A, E, R>(change: Partial<OtpBehaviours.Settings>, self: Effect.Effect<A, E, R>) =>
  Effect.acquireUseRelease(
    OtpBehaviours.configure(orgId, change),
    () => self,
    () => OtpBehaviours.configure(orgId, OtpBehaviours.defaultSettings)
  )

const testLayer = Layer.mergeAll(Otps.layer, Customers.layer).pipe(
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("OTP against the emulator", (it) => {
  describe("generate, read and validate", () => {
    it.effect("issues a code to a customer, reads it through GET /v2/otp, and accepts it once", () =>
      Effect.gen(function*() {
        const otps = yield* Otps.Otps
        const clock = yield* EmulatorClock.EmulatorClock
        const before = yield* clock.now
        const created = yield* otps.generate(generateFor("MOBILE", tom.mobile, "POINTS"))
        assert.isAbove(created.createdId, 100)
        assert.deepStrictEqual(created.warnings, [])

        const details = yield* codeOf({ type: "mobile", value: tom.mobile })
        assert.match(details.plain, /^[A-Z0-9]{6}$/)
        assert.deepStrictEqual([details.orgId, details.userId], [orgId, tom.id])
        assert.match(details.validUpto, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        const validFor = Date.parse(details.validUpto) - before
        assert.isAtLeast(validFor, 15 * minute - 1_000)
        assert.isAtMost(validFor, 15 * minute + 5_000)
        // the same OTP is the customer's through their email too, and for its action only
        assert.strictEqual((yield* codeOf({ type: "email", value: tom.email })).plain, details.plain)
        assert.strictEqual((yield* codeOf({ type: "mobile", value: tom.mobile }, "POINTS")).plain, details.plain)
        assert.instanceOf(
          yield* Effect.flip(codeOf({ type: "mobile", value: tom.mobile }, "COUPON")),
          OtpErrors.NoValidOtp
        )

        const wrong = details.plain === "ZZZZZZ" ? "YYYYYY" : "ZZZZZZ"
        assert.isFalse(yield* otps.validate(validateFor("MOBILE", tom.mobile, wrong, "POINTS")))
        // another action's OTP is not this one
        assert.instanceOf(
          yield* Effect.flip(otps.validate(validateFor("MOBILE", tom.mobile, details.plain, "COUPON"))),
          OtpErrors.NoValidOtp
        )
        // compared without regard to case; a match uses the OTP up
        assert.isTrue(yield* otps.validate(validateFor("MOBILE", tom.mobile, details.plain.toLowerCase(), "POINTS")))
        const [row] = yield* otpRows(tom.mobile)
        assert.strictEqual(row!.id, created.createdId)
        assert.isNotNull(row!.used_at)
        const reused = yield* Effect.flip(otps.validate(validateFor("MOBILE", tom.mobile, details.plain, "POINTS")))
        assert.instanceOf(reused, OtpErrors.NoValidOtp)
        assert.strictEqual((reused as OtpErrors.NoValidOtp).code, 9001)
        assert.notInclude((reused as OtpErrors.NoValidOtp).message, details.plain)
        assert.instanceOf(yield* Effect.flip(codeOf({ type: "mobile", value: tom.mobile })), OtpErrors.NoValidOtp)
      }))

    it.effect("a generate inside the window re-sends the same code (createdId 1); after it, a new code", () =>
      Effect.gen(function*() {
        const otps = yield* Otps.Otps
        const address = freshEmail()
        const first = yield* otps.generate(generateFor("EMAIL", address))
        const registration = yield* Effect.flip(codeOf({ type: "email", value: address }))
        // not a customer yet: the read names the customer, so it cannot find one
        assert.instanceOf(registration, CustomerErrors.CustomerNotFound)
        const customers = yield* Customers.Customers
        yield* customers.add({
          profiles: [{ source: "INSTORE", identifiers: [{ type: "email", value: address }] }]
        })
        const issued = yield* codeOf({ type: "email", value: address })

        // the same email in another case is the same entity
        const again = yield* otps.generate(generateFor("EMAIL", address.toUpperCase()))
        assert.deepStrictEqual(again, { createdId: 1, warnings: [] })
        const resent = yield* codeOf({ type: "email", value: address })
        assert.deepStrictEqual([resent.plain, resent.validUpto], [issued.plain, issued.validUpto])
        assert.strictEqual(yield* sendsTo(address), 2)
        assert.strictEqual((yield* otpRows(address)).length, 1)

        // past the window, through the admin API: expired, not readable, and the next generate is a new code
        const moved = yield* admin("/clock", { method: "POST", body: { advance: 15 * minute + 1_000 } })
        assert.strictEqual(moved.status, 200)
        assert.instanceOf(yield* Effect.flip(codeOf({ type: "email", value: address })), OtpErrors.NoValidOtp)
        const expired = yield* Effect.flip(otps.validate(validateFor("EMAIL", address, issued.plain)))
        assert.instanceOf(expired, OtpErrors.InvalidOtp)
        assert.strictEqual((expired as OtpErrors.InvalidOtp).code, 605)
        const next = yield* otps.generate(generateFor("EMAIL", address))
        assert.isAbove(next.createdId, first.createdId)
        const renewed = yield* codeOf({ type: "email", value: address })
        assert.isAbove(Date.parse(renewed.validUpto), Date.parse(issued.validUpto))
        assert.isTrue(yield* otps.validate(validateFor("EMAIL", address, renewed.plain, "REGISTRATION")))
      }))

    it.effect("the window is the organisation's setting, on the emulator clock", () =>
      withSettings(
        { validitySeconds: 60 },
        Effect.gen(function*() {
          const otps = yield* Otps.Otps
          const clock = yield* EmulatorClock.EmulatorClock
          assert.deepStrictEqual(yield* OtpBehaviours.settings(orgId), { validitySeconds: 60, dailyLimit: 10 })
          const address = freshEmail()
          yield* otps.generate(generateFor("EMAIL", address, "GENERIC"))
          const [row] = yield* otpRows(address)
          assert.strictEqual(row!.valid_until - row!.issued_at, 60_000)
          yield* clock.advance(59_000)
          yield* otps.generate(generateFor("EMAIL", address, "GENERIC"))
          assert.strictEqual((yield* otpRows(address)).length, 1)
          yield* clock.advance(2_000)
          yield* otps.generate(generateFor("EMAIL", address, "GENERIC"))
          assert.strictEqual((yield* otpRows(address)).length, 2)
        })
      ))

    it.effect("the threshold reads only a code issued within that many seconds", () =>
      Effect.gen(function*() {
        const otps = yield* Otps.Otps
        const clock = yield* EmulatorClock.EmulatorClock
        const { ann } = Seed.demo.customers
        yield* otps.generate(generateFor("MOBILE", ann.mobile, "COUPON"))
        yield* clock.advance(2 * minute)
        const lookup = { identifier: { type: "mobile", value: ann.mobile } } as const
        assert.instanceOf(yield* Effect.flip(otps.get({ ...lookup, thresholdSeconds: 60 })), OtpErrors.NoValidOtp)
        const found = yield* otps.get({ ...lookup, thresholdSeconds: 180, scope: "COUPON" })
        assert.strictEqual<number>(found.userId, ann.id)
        // found through Ann's WECHAT profile too
        const byWechat = yield* otps.get({
          identifier: { type: "wechat", value: ann.wechat.openId },
          source: "WECHAT",
          accountId: ann.wechat.accountId
        })
        assert.strictEqual(Redacted.value(byWechat.code), Redacted.value(found.code))
      }))
  })

  describe("the daily cap", () => {
    it.effect("counts every send to a user per UTC day, refuses past it with 429, and starts again the next day", () =>
      withSettings(
        { dailyLimit: 3 },
        Effect.gen(function*() {
          const otps = yield* Otps.Otps
          const clock = yield* EmulatorClock.EmulatorClock
          // at the start of a day, so the sends below fall on one day
          const now = yield* clock.now
          yield* clock.advance(86_400_000 - (now % 86_400_000) + 1_000)
          const address = freshEmail()
          const first = yield* otps.generate(generateFor("EMAIL", address))
          yield* otps.generate(generateFor("EMAIL", address))
          yield* otps.generate(generateFor("EMAIL", address, "GENERIC"))
          const refused = yield* Effect.flip(otps.generate(generateFor("EMAIL", address)))
          assert.instanceOf(refused, OtpErrors.OtpLimitExceeded)
          assert.strictEqual((refused as OtpErrors.OtpLimitExceeded).code, 429)
          assert.strictEqual(yield* sendsTo(address), 3)
          // another user of the org is not capped by this one
          const other = freshEmail()
          yield* otps.generate(generateFor("EMAIL", other))
          // the code issued first is still valid and can be validated while capped
          const [row] = yield* otpRows(address)
          assert.strictEqual(row!.id, first.createdId)

          yield* clock.advance(86_400_000)
          const tomorrow = yield* otps.generate(generateFor("EMAIL", address))
          assert.isAbove(tomorrow.createdId, first.createdId)
          assert.strictEqual(yield* sendsTo(address), 4)
        })
      ))

    it.effect("a customer's mobile number and email share one cap", () =>
      withSettings(
        { dailyLimit: 2 },
        Effect.gen(function*() {
          const otps = yield* Otps.Otps
          const customers = yield* Customers.Customers
          const clock = yield* EmulatorClock.EmulatorClock
          const now = yield* clock.now
          yield* clock.advance(86_400_000 - (now % 86_400_000) + 1_000)
          const email = freshEmail()
          const mobile = `91930${String(nextEmail).padStart(7, "0")}`
          yield* customers.add({
            profiles: [{
              source: "INSTORE",
              identifiers: [{ type: "mobile", value: mobile }, { type: "email", value: email }]
            }]
          })
          yield* otps.generate(generateFor("MOBILE", mobile, "POINTS"))
          yield* otps.generate(generateFor("EMAIL", email, "POINTS"))
          // two sends to the customer today: a third, to either of their contacts, is refused
          assert.instanceOf(
            yield* Effect.flip(otps.generate(generateFor("MOBILE", mobile, "COUPON"))),
            OtpErrors.OtpLimitExceeded
          )
          assert.instanceOf(
            yield* Effect.flip(otps.generate(generateFor("EMAIL", email, "GENERIC"))),
            OtpErrors.OtpLimitExceeded
          )
          assert.deepStrictEqual([yield* sendsTo(mobile), yield* sendsTo(email)], [1, 1])
        })
      ))
  })

  describe("determinism and isolation", () => {
    it.effect("the same state draws the same code", () =>
      Effect.gen(function*() {
        const otps = yield* Otps.Otps
        const address = freshEmail()
        const snapshot = yield* admin("/snapshot", { method: "POST" })
        yield* otps.generate(generateFor("EMAIL", address))
        const [first] = yield* otpRows(address)
        const code = yield* SqlClient.SqlClient.use((sql) =>
          sql<{ code: string }>`SELECT code FROM otps WHERE id = ${first!.id}`
        )
        assert.strictEqual((yield* admin("/restore", { method: "POST", body: { id: snapshot.body.id } })).status, 200)
        assert.strictEqual((yield* otpRows(address)).length, 0)
        yield* otps.generate(generateFor("EMAIL", address))
        const [second] = yield* otpRows(address)
        const again = yield* SqlClient.SqlClient.use((sql) =>
          sql<{ code: string }>`SELECT code FROM otps WHERE id = ${second!.id}`
        )
        assert.strictEqual(again[0]!.code, code[0]!.code)
      }))

    it.effect("another organisation neither reads nor validates this one's codes", () =>
      Effect.gen(function*() {
        const otps = yield* Otps.Otps
        const { bob } = Seed.demo.customers
        yield* otps.generate(generateFor("MOBILE", bob.mobile, "POINTS"))
        const code = (yield* codeOf({ type: "mobile", value: bob.mobile })).plain
        const other = yield* otherOrg
        assert.instanceOf(
          yield* Effect.flip(other.get({ identifier: { type: "mobile", value: bob.mobile } })),
          CustomerErrors.CustomerNotFound
        )
        assert.instanceOf(
          yield* Effect.flip(other.validate(validateFor("MOBILE", bob.mobile, code))),
          OtpErrors.NoValidOtp
        )
        // a POINTS OTP in the other org needs a customer there
        assert.instanceOf(
          yield* Effect.flip(other.generate(generateFor("MOBILE", bob.mobile, "POINTS"))),
          CustomerErrors.CustomerNotFound
        )
        assert.isTrue(yield* otps.validate(validateFor("MOBILE", bob.mobile, code)))
      }))
  })

  describe("faults", () => {
    it.effect("a generate applied and then cut off is sent again and re-sends the same code", () =>
      Effect.gen(function*() {
        const otps = yield* Otps.Otps
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const address = freshEmail()
        yield* log.clear
        const answer = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "customers.generateOtp", times: 1 }]),
          () => otps.generate(generateFor("EMAIL", address)),
          () => faults.clear()
        )
        assert.deepStrictEqual(answer, { createdId: 1, warnings: [] })
        assert.deepStrictEqual((yield* log.recent(10)).map((entry) => [entry.endpoint, entry.status]), [
          ["customers.generateOtp", 0],
          ["customers.generateOtp", 200]
        ])
        assert.strictEqual((yield* otpRows(address)).length, 1)
        assert.strictEqual(yield* sendsTo(address), 2)
      }))

    it.effect("a validate applied and then cut off is not sent again: its outcome is unknown", () =>
      Effect.gen(function*() {
        const otps = yield* Otps.Otps
        const faults = yield* Faults.Faults
        const { ann } = Seed.demo.customers
        yield* otps.generate(generateFor("EMAIL", ann.email, "POINTS"))
        const code = (yield* codeOf({ type: "email", value: ann.email }, "POINTS")).plain
        const error = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "customers.validateOtp", times: 1 }]),
          () => Effect.flip(otps.validate(validateFor("EMAIL", ann.email, code, "POINTS"))),
          () => faults.clear()
        )
        assert(error instanceof CapillaryError.CapillaryError)
        assert.strictEqual(error.reason._tag, "AmbiguousOutcome")
        assert.notInclude(JSON.stringify(error), code)
        // it was applied: the code is used
        const rows = yield* otpRows(ann.email)
        assert.isNotNull(rows[rows.length - 1]!.used_at)
      }))
  })

  describe("refusals with Capillary's codes", () => {
    const generateBody = {
      entityType: "MOBILE",
      entityValue: tom.mobile,
      action: "POINTS",
      channels: [{ type: "SMS", value: tom.mobile }]
    }
    const validateBody = { entityType: "MOBILE", entityValue: tom.mobile, code: "ABC123", action: "POINTS" }

    it.effect("generate: action 600, entity type 601, entity value 602 / 8056, channel 603, templates 607 / 621", () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<[unknown, number, string]> = [
          [{ ...generateBody, action: "REFUND" }, 600, "\"Invalid or Null action passed\""],
          [{ ...generateBody, action: undefined }, 600, "\"Invalid or Null action passed\""],
          [{ ...generateBody, entityType: "FAX" }, 601, "\"Invalid or Null entity type passed\""],
          [{ ...generateBody, entityValue: "" }, 602, "\"Invalid or Null entity value passed\""],
          [{ ...generateBody, entityValue: "12" }, 8056, "Invalid mobile"],
          [{ ...generateBody, channels: [] }, 603, "\"Invalid or Null channel passed\""],
          [
            { ...generateBody, channels: [{ type: "PIGEON", value: tom.mobile }] },
            603,
            "\"Invalid or Null channel passed\""
          ],
          [
            { ...generateBody, channels: [{ type: "whatsapp", value: tom.mobile }] },
            607,
            "Mandatory template name not passed for whatsapp type channel"
          ],
          [
            { ...generateBody, channels: [{ type: "ZALO", value: "zalo-1" }] },
            621,
            "Zalo template identifier cannot be empty"
          ]
        ]
        for (const [body, code, message] of cases) {
          const answer = yield* raw("/v2/otp/generate", { method: "POST", body })
          assert.strictEqual(answer.status, 400, JSON.stringify(body))
          assert.deepStrictEqual(answer.body.errors, [{ status: false, code, message }])
        }
        // a template without the placeholder is malformed for the schema: the generic 400
        const template = yield* raw("/v2/otp/generate", {
          method: "POST",
          body: { ...generateBody, template: "no code" }
        })
        assert.deepStrictEqual([template.status, template.body.errors[0].code], [400, 400])
      }))

    it.effect("validate: no code 604, a malformed code 605; read: source 8003, identifier 8013", () =>
      Effect.gen(function*() {
        for (
          const [body, code] of [
            [{ ...validateBody, code: undefined }, 604],
            [{ ...validateBody, code: "" }, 604],
            [{ ...validateBody, code: "A-1" }, 605],
            [{ ...validateBody, entityType: "FAX" }, 601],
            [{ ...validateBody, action: "REFUND" }, 600]
          ] as const
        ) {
          const answer = yield* raw("/v2/otp/validate", { method: "POST", body })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code])
        }
        const source = yield* raw(`/v2/otp?source=NOWHERE&identifierName=mobile&identifierValue=${tom.mobile}`)
        assert.deepStrictEqual([source.status, source.body.errors[0].code], [400, 8003])
        const identifier = yield* raw(`/v2/otp?identifierName=fbId&identifierValue=abc`)
        assert.deepStrictEqual([identifier.status, identifier.body.errors[0].code], [400, 8013])
      }))
  })

  describe("secrets", () => {
    it.effect("the request log masks the mobile number or email an OTP is sent to", () =>
      Effect.gen(function*() {
        const otps = yield* Otps.Otps
        const log = yield* RequestLog.RequestLog
        const address = freshEmail()
        yield* log.clear
        yield* otps.generate(generateFor("EMAIL", address))
        yield* otps.generate(generateFor("MOBILE", tom.mobile, "GENERIC"))
        const entries = yield* log.recent(10)
        assert.strictEqual(entries.length, 2)
        for (const entry of entries) {
          assert.strictEqual((entry.requestBody as { entityValue: string }).entityValue, "<redacted>")
        }
        const logged = JSON.stringify(entries)
        assert.notInclude(logged, address)
        assert.notInclude(logged, tom.mobile)
      }))
  })
})
