/**
 * Contract tests of the customers endpoints: every operation of `@capillary-effect/customers` runs through the
 * SDK, over real HTTP, against the emulator's behaviour on its database.
 */
import { CapillaryError } from "@capillary-effect/core"
import { Customer, CustomerErrors, Customers } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, Faults, RequestLog, Seed } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

/** The service of another till, against the running emulator. */
const customersOf = (username: string, password: string) =>
  tillService(Customers.Customers, Customers.layer, username, password)

const otherOrg = customersOf(Seed.demo.otherTill.username, Seed.demo.otherTill.password)

/** A registration in one source, its identifiers in order (the first is the one the customer is known by). */
const registration = (
  identifiers: ReadonlyArray<Customer.Identifier>,
  options: { readonly source?: Customer.Source; readonly accountId?: string; readonly firstName?: string } = {}
): Customer.CustomerAdd => ({
  loyaltyInfo: { loyaltyType: "loyalty" },
  profiles: [{
    firstName: options.firstName ?? "Huck",
    lastName: "Finn",
    source: options.source ?? "INSTORE",
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    identifiers: identifiers as [Customer.Identifier, ...Array<Customer.Identifier>]
  }]
})

const mobile = (value: string) => ({ type: "mobile", value }) as const
const email = (value: string) => ({ type: "email", value }) as const
const externalId = (value: string) => ({ type: "externalId", value }) as const

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

const customersWith = (type: string, value: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(DISTINCT customer_id) AS n FROM customer_identifiers
        WHERE type = ${type} AND value = ${value}`,
      (rows) => rows[0]!.n
    )
  )

const testLayer = Customers.layer.pipe(
  Layer.provideMerge(Emulator.layerTest({ client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("Customers against the emulator", (it) => {
  describe("register and read", () => {
    it.effect("registers, then reads by id, by identifier, and looks the id up", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const clock = yield* EmulatorClock.EmulatorClock
        const created = yield* customers.add({
          loyaltyInfo: { loyaltyType: "non_loyalty" },
          profiles: [{
            firstName: "Becky",
            lastName: "Thatcher",
            source: "INSTORE",
            identifiers: [mobile("919100000001"), email("becky@example.com"), externalId("becky-1")],
            commChannels: [{ type: "email", value: "becky@example.com", primary: true, subscribed: false }],
            fields: { dateofbirth: "22-10-2000" }
          }],
          extendedFields: { city: "St. Petersburg", gender: "Female" }
        })
        assert.isAbove(created.createdId, 0)
        assert.deepStrictEqual(created.warnings, [])
        const now = yield* clock.now

        const byId = yield* customers.get(created.createdId)
        assert.strictEqual(byId.id, created.createdId)
        assert.deepStrictEqual(byId.loyaltyInfo, { loyaltyType: "non_loyalty", lifetimePurchases: 0 })
        assert.deepStrictEqual(byId.extendedFields, { city: "St. Petersburg", gender: "Female" })
        assert.deepStrictEqual(byId.warnings, [])
        const [profile] = byId.profiles
        assert.strictEqual(byId.profiles.length, 1)
        assert.deepStrictEqual(
          [profile?.source, profile?.accountId, profile?.userId, profile?.firstName, profile?.lastName],
          ["INSTORE", "", created.createdId, "Becky", "Thatcher"]
        )
        assert.deepStrictEqual(profile?.identifiers, [
          mobile("919100000001"),
          email("becky@example.com"),
          externalId("becky-1")
        ])
        assert.deepStrictEqual(profile?.commChannels, [{
          type: "email",
          value: "becky@example.com",
          primary: true,
          subscribed: false
        }])
        assert.deepStrictEqual(profile?.fields, { dateofbirth: "22-10-2000" })
        assert.strictEqual(profile?.attribution?.createdBy?.code, Seed.demo.till.username)
        // created at the emulator's time
        assert.isAtMost(Math.abs(Date.parse(profile!.attribution!.createDate!) - now), 5_000)

        const byIdentifier = yield* customers.getByIdentifier({
          source: "INSTORE",
          identifier: email("becky@example.com")
        })
        assert.deepStrictEqual(byIdentifier, byId)
        for (const identifier of [mobile("919100000001"), email("becky@example.com"), externalId("becky-1")]) {
          const found = yield* customers.lookup({ source: "INSTORE", identifier })
          assert.strictEqual(found.entity, created.createdId)
          const anywhere = yield* customers.lookup({ source: "ALL", identifier })
          assert.strictEqual(anywhere.entity, created.createdId)
        }
      }))

    it.effect("the demo seed's customers are readable, by id and by identifier", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const { ann, bob, tom } = Seed.demo.customers
        for (const seeded of [tom, ann, bob]) {
          const customer = yield* customers.get(Customer.CustomerId.make(seeded.id), { source: "INSTORE" })
          assert.strictEqual(customer.profiles[0]?.firstName, seeded.firstName)
          assert.deepStrictEqual(customer.profiles[0]?.identifiers.map((identifier) => identifier.value), [
            seeded.mobile,
            seeded.email,
            seeded.externalId
          ])
          const found = yield* customers.lookup({ source: "INSTORE", identifier: mobile(seeded.mobile) })
          assert.strictEqual<number>(found.entity, seeded.id)
          const byExternalId = yield* customers.getByIdentifier({
            source: "ALL",
            identifier: externalId(seeded.externalId)
          })
          assert.strictEqual<number>(byExternalId.id, seeded.id)
        }
        // Ann is known in two sources; a read in one source shows that source's profile only
        const all = yield* customers.get(Customer.CustomerId.make(ann.id))
        assert.deepStrictEqual(all.profiles.map((profile) => [profile.source, profile.accountId]), [
          ["INSTORE", ""],
          ["WECHAT", ann.wechat.accountId]
        ])
        const wechat = yield* customers.getByIdentifier({
          source: "WECHAT",
          accountId: ann.wechat.accountId,
          identifier: { type: "wechat", value: ann.wechat.openId }
        })
        assert.deepStrictEqual(wechat.profiles.map((profile) => profile.source), ["WECHAT"])
        // the other organisation's customer is its own
        const other = yield* otherOrg
        const olga = yield* other.get(Customer.CustomerId.make(Seed.demo.otherCustomer.id))
        assert.strictEqual(olga.profiles[0]?.firstName, Seed.demo.otherCustomer.firstName)
        assert.instanceOf(
          yield* expectFailure(customers.get(Customer.CustomerId.make(Seed.demo.otherCustomer.id))),
          CustomerErrors.CustomerNotFound
        )
      }))
  })

  describe("identity rules", () => {
    it.effect("the same identifier again in the same source: CustomerAlreadyExists naming the customer", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const first = yield* customers.add(registration([mobile("919100000002")]))
        const again = yield* expectFailure(customers.add(registration([mobile("919100000002")], { firstName: "Joe" })))
        assert.instanceOf(again, CustomerErrors.CustomerAlreadyExists)
        const error = again as CustomerErrors.CustomerAlreadyExists
        assert.strictEqual(error.code, 8006)
        assert.strictEqual(
          error.message,
          `add failed, customer already exists with id ${first.createdId} for the same source`
        )
        assert.isString(error.requestId)
        assert.strictEqual(yield* customersWith("mobile", "919100000002"), 1)
        // the profile was not changed
        const customer = yield* customers.get(first.createdId)
        assert.strictEqual(customer.profiles[0]?.firstName, "Huck")
      }))

    it.effect("the same identifier in another source: the same customer, another profile, warning 8050", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const instore = yield* customers.add(registration([mobile("919100000003"), email("huck@example.com")]))
        const wechat = yield* customers.add(
          registration([mobile("919100000003"), { type: "wechat", value: "wx-huck" }], {
            source: "WECHAT",
            accountId: "wechat-1"
          })
        )
        assert.strictEqual(wechat.createdId, instore.createdId)
        assert.deepStrictEqual(wechat.warnings, [{
          status: false,
          code: 8050,
          message: "Same Customer found in other sources,Combining"
        }])
        const all = yield* customers.get(instore.createdId, { source: "ALL" })
        assert.deepStrictEqual(all.profiles.map((profile) => [profile.source, profile.accountId]), [
          ["INSTORE", ""],
          ["WECHAT", "wechat-1"]
        ])
        const onlyWechat = yield* customers.get(instore.createdId, { source: "WECHAT", accountId: "wechat-1" })
        assert.deepStrictEqual(onlyWechat.profiles.map((profile) => profile.identifiers), [[
          mobile("919100000003"),
          { type: "wechat", value: "wx-huck" }
        ]])
        const viaWechat = yield* customers.lookup({
          source: "WECHAT",
          identifier: { type: "wechat", value: "wx-huck" }
        })
        assert.strictEqual(viaWechat.entity, instore.createdId)
        // no profile in that source: not found there
        assert.instanceOf(
          yield* expectFailure(customers.get(instore.createdId, { source: "MOBILE_APP" })),
          CustomerErrors.CustomerNotFound
        )
        assert.instanceOf(
          yield* expectFailure(customers.lookup({ source: "MOBILE_APP", identifier: mobile("919100000003") })),
          CustomerErrors.CustomerNotFound
        )
      }))

    it.effect("an email, mobile or external id held by another customer in the source: IdentifierInUse", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        yield* customers.add(
          registration([mobile("919100000004"), email("polly@example.com"), externalId("polly-1")])
        )
        const cases = [
          [[mobile("919100000005"), email("polly@example.com")], 1016],
          [[email("sid@example.com"), mobile("919100000004")], 1032],
          [[mobile("919100000005"), externalId("polly-1")], 1033]
        ] as const
        for (const [identifiers, code] of cases) {
          const error = yield* expectFailure(customers.add(registration(identifiers)))
          assert.instanceOf(error, CustomerErrors.IdentifierInUse)
          assert.strictEqual((error as CustomerErrors.IdentifierInUse).code, code)
        }
        // nothing of the refused registrations was written
        assert.instanceOf(
          yield* expectFailure(customers.lookup({ source: "INSTORE", identifier: mobile("919100000005") })),
          CustomerErrors.CustomerNotFound
        )
        // in another source the same email is free
        const elsewhere = yield* customers.add(
          registration([mobile("919100000006"), email("polly@example.com")], { source: "MOBILE_APP" })
        )
        assert.deepStrictEqual(elsewhere.warnings, [])
      }))
    it.effect("a customer found in another source who already has a profile in this one: refused (8007)", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const created = yield* customers.add({
          profiles: [
            { source: "INSTORE", identifiers: [mobile("919100000012")] },
            { source: "WECHAT", accountId: "wechat-2", identifiers: [{ type: "wechat", value: "wx-joe" }] }
          ]
        })
        const error = yield* expectFailure(
          customers.add(registration([mobile("919100000012")], { source: "WECHAT", accountId: "wechat-2" }))
        )
        assert(error._tag === "CapillaryError" && error.reason._tag === "ApiError")
        assert.strictEqual(error.reason.code, 8007)
        const wechat = yield* customers.get(created.createdId, { source: "WECHAT" })
        assert.deepStrictEqual(wechat.profiles.map((profile) => profile.identifiers), [[
          { type: "wechat", value: "wx-joe" }
        ]])
      }))
  })

  describe("not found and isolation", () => {
    it.effect("an unknown id or identifier: CustomerNotFound", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const unknown = mobile("919199999999")
        for (
          const attempt of [
            customers.get(Customer.CustomerId.make(987_654_321)),
            customers.getByIdentifier({ source: "ALL", identifier: unknown }),
            customers.lookup({ source: "INSTORE", identifier: unknown })
          ]
        ) {
          const error = yield* expectFailure(attempt as Effect.Effect<unknown, Customers.LookupError>)
          assert.instanceOf(error, CustomerErrors.CustomerNotFound)
          assert.strictEqual((error as CustomerErrors.CustomerNotFound).code, 8015)
        }
      }))

    it.effect("another organisation cannot see a customer, and may register the same identifier", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const other = yield* otherOrg
        const created = yield* customers.add(registration([mobile("919100000007"), email("muff@example.com")]))
        assert.instanceOf(yield* expectFailure(other.get(created.createdId)), CustomerErrors.CustomerNotFound)
        for (const identifier of [mobile("919100000007"), email("muff@example.com")]) {
          assert.instanceOf(
            yield* expectFailure(other.lookup({ source: "ALL", identifier })),
            CustomerErrors.CustomerNotFound
          )
          assert.instanceOf(
            yield* expectFailure(other.getByIdentifier({ source: "INSTORE", identifier })),
            CustomerErrors.CustomerNotFound
          )
        }
        const theirs = yield* other.add(registration([mobile("919100000007")]))
        assert.notStrictEqual(theirs.createdId, created.createdId)
        assert.deepStrictEqual(theirs.warnings, [])
        assert.strictEqual(
          (yield* customers.lookup({ source: "INSTORE", identifier: mobile("919100000007") })).entity,
          created.createdId
        )
        assert.strictEqual(
          (yield* other.lookup({ source: "INSTORE", identifier: mobile("919100000007") })).entity,
          theirs.createdId
        )
      }))
  })

  describe("catalog", () => {
    it.effect("the OpenAPI document lists the customers operations", () =>
      Effect.gen(function*() {
        const { body } = yield* admin("/openapi.json")
        assert.deepStrictEqual(
          [
            body.paths["/v2/customers"].post.operationId,
            body.paths["/v2/customers/{id}"].get.operationId,
            body.paths["/v2/customers/lookup/customerDetails"].get.operationId,
            body.paths["/v2/customers/lookup"].get.operationId
          ],
          ["customers.add", "customers.get", "customers.getByIdentifier", "customers.lookup"]
        )
      }))
  })

  describe("validation", () => {
    it.effect("invalid input is an InvalidRequest, and nothing reaches the emulator", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const attempts: ReadonlyArray<
          Effect.Effect<unknown, Customers.AddWithEnrolmentsError | Customers.LookupError>
        > = [
          customers.add(registration([mobile("+91 91000 00008")])),
          customers.add(registration([mobile("9191")])),
          customers.add(registration([email("not-an-email")])),
          customers.add(registration([email(`${"x".repeat(250)}@example.com`)])),
          customers.add(registration([mobile("919100000008")], { firstName: "H".repeat(101) })),
          customers.add(registration([])),
          customers.add({ profiles: [] } as unknown as Customer.CustomerAdd),
          customers.lookup({ source: "INSTORE", identifier: mobile("12-34") }),
          customers.getByIdentifier({ source: "INSTORE", identifier: email("@example.com") })
        ]
        for (const attempt of attempts) {
          const error = yield* expectFailure(attempt)
          assert.instanceOf(error, CapillaryError.CapillaryError)
          const failure = error as CapillaryError.CapillaryError
          assert.strictEqual(failure.reason._tag, "InvalidRequest")
          assert.strictEqual(failure.attempts, 0)
        }
        assert.deepStrictEqual(yield* log.recent(100), [])
      }))

    it.effect("the emulator refuses the same input from any client: 400, or Capillary's code", () =>
      Effect.gen(function*() {
        const badMobile = yield* raw("/v2/customers", {
          method: "POST",
          body: { profiles: [{ source: "INSTORE", identifiers: [{ type: "mobile", value: "+9191000" }] }] }
        })
        assert.strictEqual(badMobile.status, 400)
        assert.strictEqual(badMobile.body.errors[0].code, 400)
        assert.include(badMobile.body.errors[0].message, "8 to 15 digits")
        const longName = yield* raw("/v2/customers", {
          method: "POST",
          body: {
            profiles: [{
              source: "INSTORE",
              firstName: "x".repeat(101),
              identifiers: [{ type: "mobile", value: "919100000009" }]
            }]
          }
        })
        assert.strictEqual(longName.status, 400)
        const badSource = yield* raw("/v2/customers", {
          method: "POST",
          body: { profiles: [{ source: "ORKUT", identifiers: [{ type: "mobile", value: "919100000009" }] }] }
        })
        assert.deepStrictEqual([badSource.status, badSource.body.errors[0].code], [400, 8003])
        const lookups = [
          ["source=ORKUT&identifierName=mobile&identifierValue=919000000001", 8003],
          ["source=INSTORE&identifierName=phone&identifierValue=919000000001", 8013],
          ["identifierName=mobile&identifierValue=919000000001", 8001],
          ["source=INSTORE&identifierName=mobile", 8002],
          ["source=INSTORE&identifierName=mobile&identifierValue=12", 400]
        ] as const
        for (const [query, code] of lookups) {
          for (const path of ["/v2/customers/lookup", "/v2/customers/lookup/customerDetails"]) {
            const answer = yield* raw(`${path}?${query}`)
            assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], `${path}?${query}`)
          }
        }
        const byIdBadSource = yield* raw(`/v2/customers/${Seed.demo.customers.tom.id}?source=ORKUT`)
        assert.deepStrictEqual([byIdBadSource.status, byIdBadSource.body.errors[0].code], [400, 8003])
        const byBadId = yield* raw("/v2/customers/tom")
        assert.deepStrictEqual([byBadId.status, byBadId.body.errors[0].code], [400, 400])
        // and nothing was registered
        assert.strictEqual(yield* customersWith("mobile", "919100000009"), 0)
      }))
  })

  describe("concurrency and ambiguity", () => {
    it.effect("20 concurrent registrations of one mobile: exactly one succeeds, the rest already exist", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const results = yield* Effect.forEach(
          Array.from({ length: 20 }, (_, i) => i),
          (i) => Effect.result(customers.add(registration([mobile("919100000010")], { firstName: `Racer ${i}` }))),
          { concurrency: "unbounded" }
        )
        const succeeded = results.filter((result) => result._tag === "Success")
        const failed = results.flatMap((result) => result._tag === "Failure" ? [result.failure] : [])
        assert.strictEqual(succeeded.length, 1)
        assert.strictEqual(failed.length, 19)
        const createdId = succeeded[0]!._tag === "Success" ? succeeded[0]!.success.createdId : undefined
        for (const error of failed) {
          assert.instanceOf(error, CustomerErrors.CustomerAlreadyExists)
          assert.include(error.message, `with id ${createdId} `)
        }
        assert.strictEqual(yield* customersWith("mobile", "919100000010"), 1)
      }))

    it.effect("a registration applied and then cut off is reconciled to the created id, not registered twice", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const created = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "customers.add", times: 1 }]),
          () => customers.add(registration([mobile("919100000011"), email("tom.ambiguous@example.com")])),
          () => faults.clear()
        )
        assert.deepStrictEqual(created.warnings, [])
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status, entry.fault]), [
          ["customers.add", 0, "applyThenReset"],
          ["customers.lookup", 200, undefined]
        ])
        const found = yield* customers.lookup({ source: "INSTORE", identifier: email("tom.ambiguous@example.com") })
        assert.strictEqual(found.entity, created.createdId)
        assert.strictEqual(yield* customersWith("mobile", "919100000011"), 1)
      }))
  })
})
