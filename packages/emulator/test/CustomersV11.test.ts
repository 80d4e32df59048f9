/**
 * Contract tests of the v1.1 customer endpoints: every operation of `CustomersV11` runs through the SDK, over real
 * HTTP, against the emulator's behaviours on its database (the default catalog plus `CustomerV11Behaviours`), with
 * each named error and the state checked afterwards. v1.1 customers are v2 customers: each side finds the other's.
 */
import { CapillaryError } from "@capillary-effect/core"
import {
  Customer,
  CustomerActivityErrors,
  CustomerErrors,
  Customers,
  CustomersV11,
  CustomerV11,
  CustomerV11Errors,
  LoyaltyErrors,
  PartnerPrograms,
  Subscriptions
} from "@capillary-effect/customers"
import { Coupon, CouponRedemption, Coupons } from "@capillary-effect/rewards"
import { UserGroup, UserGroups } from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { CustomerV11Behaviours, Emulator, EmulatorClock, LedgerBehaviours, Seed } from "../src/index.ts"
import * as Ledger from "../src/internal/ledger.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, CustomerV11Behaviours.catalog)

const testLayer = Layer.mergeAll(
  CustomersV11.layer,
  Customers.layer,
  Coupons.layer,
  Subscriptions.layer,
  PartnerPrograms.layer,
  UserGroups.layer
).pipe(
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

const { ann, bob, tom } = Seed.demo.customers
const demoOrg = Seed.demo.org.id

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

/** The one item of a v1.1 answer. */
const only = <A>(items: ReadonlyArray<A>) => {
  assert.strictEqual(items.length, 1)
  return items[0]!
}

/** A raw v1.1 request's request-level status (always HTTP 200). */
const rawStatus = (path: string, init?: { readonly method?: string; readonly body?: unknown }) =>
  Effect.map(raw(path, init), (answer) => {
    assert.strictEqual(answer.status, 200)
    return answer.body.response.status as { success: string; code: number; message: string }
  })

const customersWith = (type: string, value: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ customer_id: number }>`SELECT DISTINCT customer_id FROM customer_identifiers
        WHERE org_id = ${demoOrg} AND type = ${type} AND value = ${value}`,
      (rows) => rows.map((row) => row.customer_id)
    )
  )

const ticketCount = SqlClient.SqlClient.use((sql) =>
  Effect.map(sql<{ n: number }>`SELECT COUNT(*) AS n FROM customer_tickets`, (rows) => rows[0]!.n)
)

const day = 86_400_000

/** A coupon series of the demo organisation for one test: many coupons, one redemption each. */
const series = (description: string, discountType: "ABS" | "PERC" = "ABS") =>
  Coupons.Coupons.use((coupons) =>
    Effect.map(
      coupons.createSeries({
        description,
        discountCode: description,
        discountType,
        discountValue: 10,
        validTillDate: "2099-12-31T23:59:59Z",
        expiryStrategyType: "SERIES_EXPIRY"
      }),
      (created) => created.id
    )
  )

const loyalty = Seed.demo.programs.loyalty
const group = Seed.demo.programs.group

const clockNow = EmulatorClock.EmulatorClock.use((clock) => clock.now)

/** A customer registered with v1.1 by mobile: their id. */
const registered = (mobile: string) =>
  CustomersV11.CustomersV11.use((v11) =>
    Effect.map(v11.add([{ mobile }]), (answer) => Number(only(answer.response.customers.customer).user_id))
  )

/** The one customer a read names, read with the options. */
const readOne = (query: CustomerV11.GetQuery) =>
  CustomersV11.CustomersV11.use((v11) =>
    Effect.map(v11.get(query), (answer) => only(answer.response.customers.customer))
  )

/** The demo till's id. */
const demoTill = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ id: number }>`SELECT id FROM tills WHERE username = ${Seed.demo.till.username}`,
    (rows) => rows[0]!.id
  )
)

/** A demo partner program's description. */
const partnerDescription = (name: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<
        { description: string }
      >`SELECT description FROM partner_programs WHERE org_id = ${demoOrg} AND name = ${name}`,
      (rows) => rows[0]!.description
    )
  )

layer(testLayer, { excludeTestServices: true })("CustomersV11 against the emulator", (it) => {
  describe("register", () => {
    it.effect("registers a customer in the INSTORE profile; v2 reads find them, v1.1 reads show them", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const v2 = yield* Customers.Customers
        const answer = yield* v11.add([{
          mobile: "919300000001",
          email: "huck@example.com",
          external_id: "huck-1",
          firstname: "Huck",
          lastname: "Finn",
          registered_on: "2020-01-02 03:04:05",
          type: "LOYALTY",
          source: "INSTORE",
          test_control_status: "TEST",
          custom_fields: [{ name: "FavoriteColor", value: "Green" }],
          extended_fields: [{ name: "city", value: "Hannibal" }]
        }])
        assert.deepStrictEqual(answer.response.status, {
          success: true,
          code: 200,
          message: "Success",
          total: 1,
          success_count: 1
        })
        const item = only(answer.response.customers.customer)
        assert.deepStrictEqual(item.item_status, {
          success: true,
          code: 1000,
          message: "Customer registration successful"
        })
        const id = Customer.CustomerId.make(Number(item.user_id))
        assert.deepStrictEqual([item.firstname, item.mobile, item.email, item.external_id], [
          "Huck",
          "919300000001",
          "huck@example.com",
          "huck-1"
        ])
        assert.strictEqual(item.registered_on, "2020-01-02 03:04:05")
        assert.deepStrictEqual([item.type, item.source, item.test_control_status], ["LOYALTY", "instore", "TEST"])
        assert.deepStrictEqual(item.side_effects, [])

        const read = yield* v2.get(id)
        const [profile] = read.profiles
        assert.strictEqual(profile!.source, "INSTORE")
        assert.deepStrictEqual(profile!.identifiers.map(({ type, value }) => [type, value]), [
          ["mobile", "919300000001"],
          ["email", "huck@example.com"],
          ["externalId", "huck-1"]
        ])
        assert.deepStrictEqual(profile!.fields, { FavoriteColor: "Green" })
        assert.deepStrictEqual(read.extendedFields, { city: "Hannibal" })
        assert.strictEqual(read.loyaltyInfo?.loyaltyType, "loyalty")

        const got = only((yield* v11.get({ external_id: "huck-1", user_id: true })).response.customers.customer)
        assert.strictEqual(got.user_id, String(id))
        assert.deepStrictEqual(got.custom_fields, [{ name: "FavoriteColor", value: "Green" }])
        assert.deepStrictEqual(got.extended_fields, [{ name: "city", value: "Hannibal" }])
        assert.deepStrictEqual([got.registered_by, got.registered_store, got.registered_till], [
          Seed.demo.till.username,
          { code: Seed.demo.till.storeCode, name: Seed.demo.till.storeCode },
          { code: Seed.demo.till.username, name: Seed.demo.till.username }
        ])
        assert.deepStrictEqual([got.lifetime_points, got.loyalty_points, got.current_slab, got.lifetime_purchases], [
          0,
          0,
          "Silver",
          0
        ])
        assert.deepStrictEqual(got.points_summaries!.map((summary) => [summary.programId, summary.nextSlab]), [
          [Seed.demo.programs.loyalty, "Gold"]
        ])
        assert.deepStrictEqual([got.transactions, got.coupons, got.notes], [[], [], []])
        assert.deepStrictEqual(got.fraud_details, { status: "NONE" })
        // The user id is included only when asked for.
        assert.isUndefined(only((yield* v11.get({ external_id: "huck-1" })).response.customers.customer).user_id)
      }))

    it.effect("reads customers registered with v2, and v2 finds customers registered with v1.1", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const v2 = yield* Customers.Customers
        const got = only((yield* v11.get({ id: String(tom.id) })).response.customers.customer)
        assert.deepStrictEqual([got.firstname, got.lastname, got.mobile, got.email, got.external_id], [
          tom.firstName,
          tom.lastName,
          tom.mobile,
          tom.email,
          tom.externalId
        ])
        assert.strictEqual(got.type, "LOYALTY")

        yield* v11.add([{ email: "jim@example.com", firstname: "Jim" }])
        const found = yield* v2.lookup({ source: "INSTORE", identifier: { type: "email", value: "jim@example.com" } })
        assert.strictEqual((yield* v2.get(found.entity)).profiles[0]!.firstName, "Jim")
      }))

    it.effect("a batch answers per item: 201 when some failed; a failed item writes nothing", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const answer = yield* v11.add([
          { mobile: "919300000011", firstname: "Becky" },
          { mobile: "919300000012", email: ann.email }
        ])
        assert.deepStrictEqual(
          [answer.response.status.code, answer.response.status.total, answer.response.status.success_count],
          [201, 2, 1]
        )
        const [becky, clash] = answer.response.customers.customer
        assert.strictEqual(becky!.item_status!.code, 1000)
        assert.deepStrictEqual(clash!.item_status, {
          success: false,
          code: 1016,
          message: "Email provided already exists for some other user"
        })
        assert.strictEqual(clash!.mobile, "919300000012")
        assert.deepStrictEqual(yield* customersWith("mobile", "919300000012"), [])
        assert.strictEqual((yield* customersWith("mobile", "919300000011")).length, 1)
      }))

    it.effect("adding a known customer updates them: profile, identifiers they lack; others kept (91006)", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const first = only((yield* v11.add([{ mobile: "919300000021", firstname: "Sid" }])).response.customers.customer)
        const again = only(
          (yield* v11.add([{ mobile: "919300000021", email: "sid@example.com", firstname: "Sidney" }])).response
            .customers.customer
        )
        assert.strictEqual(again.user_id, first.user_id)
        assert.deepStrictEqual(again.item_status, {
          success: true,
          code: 1000,
          message: "Customer successfully updated"
        })
        assert.deepStrictEqual([again.firstname, again.email], ["Sidney", "sid@example.com"])
        assert.deepStrictEqual(yield* customersWith("email", "sid@example.com"), [Number(first.user_id)])

        const third = only(
          (yield* v11.add([{ mobile: "919300000021", email: "other@example.com" }])).response.customers.customer
        )
        assert.deepStrictEqual(third.item_status?.warnings, [91006])
        assert.strictEqual(third.email, "sid@example.com")
        assert.deepStrictEqual(yield* customersWith("email", "other@example.com"), [])

        // Identifiers of two different customers in one registration: the second one's is in use.
        const clash = yield* expectFailure(v11.add([{ mobile: "919300000021", external_id: tom.externalId }]))
        assert.instanceOf(clash, CustomerErrors.IdentifierInUse)
        assert.strictEqual((clash as CustomerErrors.IdentifierInUse).code, 1033)
      }))

    it.effect("refuses a loyalty customer added again as non-loyalty (1014) and a future registration (1034)", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const clock = yield* EmulatorClock.EmulatorClock
        const registered = yield* expectFailure(v11.add([{ mobile: bob.mobile, type: "NON_LOYALTY" }]))
        assert.instanceOf(registered, CustomerErrors.CustomerAlreadyExists)
        assert.strictEqual((registered as CustomerErrors.CustomerAlreadyExists).code, 1014)
        const tomorrow = CustomerV11.formatDateTime((yield* clock.now) + day)
        const future = yield* expectFailure(v11.add([{ mobile: "919300000031", registered_on: tomorrow }]))
        assert.instanceOf(future, CustomerV11Errors.InvalidRegistrationDate)
        assert.deepStrictEqual(yield* customersWith("mobile", "919300000031"), [])
      }))

    it.effect("answers request-level refusals with HTTP 200 and the code in the status", () =>
      Effect.gen(function*() {
        const many = Array.from({ length: 101 }, (_, i) => ({ mobile: `91930001${String(i).padStart(4, "0")}` }))
        assert.strictEqual(
          (yield* rawStatus("/v1.1/customer/add", { method: "POST", body: { root: { customer: many } } })).code,
          1060
        )
        const refusals: ReadonlyArray<readonly [unknown, number]> = [
          [{ mobile: "12ab" }, 1001],
          [{ email: "nobody@" }, 1002],
          [{ external_id: "x".repeat(251) }, 1003],
          [{ firstname: "Nobody" }, 1007],
          [{ mobile: "919300000041", registered_on: "yesterday" }, 1034],
          [{ mobile: "919300000041", test_control_status: "MAYBE" }, 1062]
        ]
        for (const [customer, code] of refusals) {
          const status = yield* rawStatus("/v1.1/customer/add", {
            method: "POST",
            body: { root: { customer: [customer] } }
          })
          assert.deepStrictEqual([status.success, status.code], ["false", code], JSON.stringify(customer))
        }
        assert.deepStrictEqual(yield* customersWith("mobile", "919300000041"), [])
      }))
  })

  describe("update and identity", () => {
    it.effect("changes details, adds an identifier, converts to loyalty; refuses the way back (1046)", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const v2 = yield* Customers.Customers
        const added = only(
          (yield* v11.add([{ mobile: "919300000051", type: "NON_LOYALTY", firstname: "Muff" }])).response.customers
            .customer
        )
        const id = Customer.CustomerId.make(Number(added.user_id))
        assert.strictEqual((yield* v2.get(id)).loyaltyInfo?.loyaltyType, "non_loyalty")
        const updated = only(
          (yield* v11.update({
            mobile: "919300000051",
            lastname: "Potter",
            external_id: "muff-1",
            type: "LOYALTY",
            fraud_status: { status: "CONFIRMED" },
            extended_fields: [{ name: "city", value: "St. Petersburg" }]
          })).response.customers.customer
        )
        assert.deepStrictEqual(updated.item_status, {
          success: true,
          code: 1000,
          message: "Customer successfully updated"
        })
        assert.deepStrictEqual([updated.firstname, updated.lastname, updated.external_id, updated.type], [
          "Muff",
          "Potter",
          "muff-1",
          "LOYALTY"
        ])
        const read = yield* v2.get(id)
        assert.strictEqual(read.loyaltyInfo?.loyaltyType, "loyalty")
        assert.deepStrictEqual(read.extendedFields, { city: "St. Petersburg" })
        const got = only((yield* v11.get({ external_id: "muff-1" })).response.customers.customer)
        assert.deepStrictEqual(got.fraud_details, { status: "CONFIRMED" })

        const back = yield* expectFailure(v11.update({ id: String(id), type: "NON_LOYALTY" }))
        assert.instanceOf(back, CustomerV11Errors.LoyaltyConversionNotAllowed)
        const taken = yield* expectFailure(v11.update({ id: String(id), email: ann.email }))
        assert.instanceOf(taken, CustomerErrors.IdentifierInUse)
        assert.deepStrictEqual(yield* customersWith("email", ann.email), [ann.id])
      }))

    it.effect("an update names a customer of the organisation (1011 by id, 1012 otherwise)", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const byId = yield* expectFailure(v11.update({ id: "999999", firstname: "Nobody" }))
        assert.instanceOf(byId, CustomerErrors.CustomerNotFound)
        assert.strictEqual((byId as CustomerErrors.CustomerNotFound).code, 1011)
        const byMobile = yield* expectFailure(v11.update({ mobile: "919300000098" }))
        assert.strictEqual((byMobile as CustomerErrors.CustomerNotFound).code, 1012)
        const otherOrg = yield* tillService(
          CustomersV11.CustomersV11,
          CustomersV11.layer,
          Seed.demo.otherTill.username,
          Seed.demo.otherTill.password
        )
        assert.instanceOf(
          yield* expectFailure(otherOrg.update({ mobile: tom.mobile })),
          CustomerErrors.CustomerNotFound
        )
        const refusals: ReadonlyArray<readonly [unknown, number]> = [
          [[{ id: "1" }, { id: "2" }], 1060],
          [[{ firstname: "Nobody" }], 1015],
          [[{ id: String(tom.id), fraud_status: { status: "SUSPECT" } }], 1061]
        ]
        for (const [customer, code] of refusals) {
          assert.strictEqual(
            (yield* rawStatus("/v1.1/customer/update", { method: "POST", body: { root: { customer } } })).code,
            code
          )
        }
      }))

    it.effect("records an identity change request, pending: the identifier stays until it is approved", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        yield* v11.add([{ mobile: "919300000061", email: "joe@example.com" }])
        const answer = yield* v11.updateIdentity({
          identifier: "mobile",
          old_value: "919300000061",
          new_value: "919300000062"
        })
        assert.deepStrictEqual(only(answer.response.customers.customer), {
          identifier: "mobile",
          old_value: "919300000061",
          new_value: "919300000062",
          updated: true,
          item_status: { success: true, code: 1040, message: "Customer Identity change request added successfully" }
        })
        assert.strictEqual(
          only((yield* v11.get({ mobile: "919300000061" })).response.customers.customer).email,
          "joe@example.com"
        )
        const pending = yield* SqlClient.SqlClient.use((sql) =>
          sql<{ identifier: string; new_value: string; status: string }>`SELECT identifier, new_value, status
            FROM customer_identity_requests WHERE old_value = '919300000061'`
        )
        assert.deepStrictEqual(pending, [{ identifier: "mobile", new_value: "919300000062", status: "PENDING" }])

        const again = yield* expectFailure(
          v11.updateIdentity({ identifier: "mobile", old_value: "919300000061", new_value: "919300000063" })
        )
        assert.instanceOf(again, CustomerV11Errors.IdentityChangeFailed)
        assert.instanceOf(
          yield* expectFailure(
            v11.updateIdentity({ identifier: "email", old_value: "joe@example.com", new_value: ann.email })
          ),
          CustomerErrors.IdentifierInUse
        )
        assert.instanceOf(
          yield* expectFailure(
            v11.updateIdentity({ identifier: "external_id", old_value: "nobody-1", new_value: "nobody-2" })
          ),
          CustomerErrors.CustomerNotFound
        )
        const unknownType = yield* rawStatus("/v1.1/customer/update_identity", {
          method: "POST",
          body: { root: { customer: [{ identifier: "wechat", old_value: "a", new_value: "b" }] } }
        })
        assert.strictEqual(unknownType.code, 1104)
      }))
  })

  describe("reads", () => {
    it.effect("reads several customers at once: a customer not found is a failed item (201)", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const answer = yield* v11.get({ mobile: `${tom.mobile},919300000099` })
        assert.strictEqual(answer.response.status.code, 201)
        const [found, missing] = answer.response.customers.customer
        assert.strictEqual(found!.firstname, tom.firstName)
        assert.deepStrictEqual(missing, {
          mobile: "919300000099",
          item_status: {
            success: false,
            code: 1012,
            message: "Cannot find customer for provided mobile/external-id/e-mail"
          }
        })
        assert.instanceOf(
          yield* expectFailure(v11.get({ email: "nobody@example.com" })),
          CustomerErrors.CustomerNotFound
        )
        assert.strictEqual((yield* rawStatus("/v1.1/customer/get?mlp=true")).code, 1015)
      }))

    it.effect("shows points and tier per program from the ledger, and every program with mlp", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const added = only((yield* v11.add([{ mobile: "919300000071" }])).response.customers.customer)
        const owner = LedgerBehaviours.customer(demoOrg, Number(added.user_id))
        yield* LedgerBehaviours.award(owner, Seed.demo.programs.loyalty, 1200, "test award")
        yield* LedgerBehaviours.redeem(owner, Seed.demo.programs.loyalty, 200, "test redemption")
        yield* LedgerBehaviours.award(owner, Seed.demo.programs.group, 7, "group program")
        const got = only((yield* v11.get({ mobile: "919300000071", mlp: true })).response.customers.customer)
        assert.deepStrictEqual([got.lifetime_points, got.loyalty_points, got.current_slab], [1200, 1000, "Gold"])
        assert.deepStrictEqual(
          got.points_summaries!.map((summary) => [
            summary.programId,
            summary.loyaltyPoints,
            summary.redeemed,
            summary.currentSlab,
            summary.nextSlab
          ]),
          [
            [Seed.demo.programs.loyalty, 1000, 200, "Gold", "Platinum"],
            [Seed.demo.programs.group, 7, 0, "Silver", "Gold"]
          ]
        )
        const plain = only((yield* v11.get({ mobile: "919300000071" })).response.customers.customer)
        assert.strictEqual(plain.points_summaries!.length, 1)
      }))

    it.effect("shows coupons (a page, by order) and cards", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const v2 = yield* Customers.Customers
        const coupons = yield* Coupons.Coupons
        const created = yield* v2.add({
          profiles: [{
            source: "INSTORE",
            identifiers: [{ type: "mobile", value: "919300000081" }, {
              type: "cardnumber",
              value: "CARDV11000081",
              seriesId: 19,
              statusLabel: "ACTIVE"
            }]
          }]
        })
        const customer = { id: created.createdId }
        const first = yield* coupons.issue({ seriesId: yield* series("V11 WELCOME"), customer })
        const second = yield* coupons.issue({ seriesId: yield* series("V11 BIRTHDAY", "PERC"), customer })
        yield* coupons.redeem({ code: second.code, customer, billAmount: 1000, transactionNumber: "v11-bill-1" })
        const got = only(
          (yield* v11.get({ id: String(created.createdId), card_details: true })).response.customers.customer
        )
        // Newest first by default.
        assert.deepStrictEqual(got.coupons!.map((coupon) => [coupon.code, coupon.redeemed, coupon.description]), [
          [second.code, true, "V11 BIRTHDAY"],
          [first.code, false, "V11 WELCOME"]
        ])
        assert.deepStrictEqual(got.card_details, [{
          card_number: "CARDV11000081",
          series_id: "19",
          status_label: "ACTIVE"
        }])
        const page = only(
          (yield* v11.get({ id: String(created.createdId), coupon_limit: 1, coupon_offset: 1 })).response.customers
            .customer
        )
        assert.deepStrictEqual(page.coupons!.map((coupon) => coupon.code), [first.code])
        assert.isUndefined(page.card_details)
      }))

    it.effect("transactions: none recorded yet (count 0); interactions: none", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const transactions = only((yield* v11.transactions({ id: String(tom.id), limit: 5 })).response.customer)
        assert.deepStrictEqual([transactions.count, transactions.rows, transactions.transactions], [0, 5, []])
        assert.strictEqual(transactions.item_status!.code, 1052)
        assert.instanceOf(
          yield* expectFailure(v11.transactions({ mobile: "919300000099" })),
          CustomerErrors.CustomerNotFound
        )

        const interactions = yield* v11.interactions({ mobile: `${tom.mobile},${ann.mobile}` })
        assert.deepStrictEqual(
          interactions.response.customer.map((item) => [item.id, item.interactions, item.item_status!.success]),
          [[String(tom.id), [], true], [String(ann.id), [], true]]
        )
        assert.instanceOf(yield* expectFailure(v11.interactions({ id: "999999" })), CustomerErrors.CustomerNotFound)
      }))

    it.effect("recommendations: 1051 for a customer (no recommendation engine), 1012 for none", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const unavailable = yield* expectFailure(v11.recommendations({ mobile: tom.mobile }))
        assert.instanceOf(unavailable, CustomerActivityErrors.RecommendationsUnavailable)
        assert.include(
          (unavailable as CustomerActivityErrors.RecommendationsUnavailable).message,
          "recommendation engine"
        )
        assert.instanceOf(
          yield* expectFailure(v11.recommendations({ mobile: "919300000099" })),
          CustomerErrors.CustomerNotFound
        )
      }))
  })

  describe("redemptions and coupons", () => {
    it.effect("lists coupon redemptions (coupon tables) and points redemptions (ledger), filtered and limited", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const coupons = yield* Coupons.Coupons
        const added = only((yield* v11.add([{ mobile: "919300000111", firstname: "Amy" }])).response.customers.customer)
        const id = Number(added.user_id)
        const customer = { id: Customer.CustomerId.make(id) }
        const seriesId = yield* series("V11 AMY", "PERC")
        const issued = yield* coupons.issue({ seriesId, customer: { id: Coupon.CustomerId.make(id) } })
        const redemption = yield* coupons.redeem({
          code: issued.code,
          customer: { id: Coupon.CustomerId.make(id) },
          billAmount: 800,
          transactionNumber: "amy-bill-1"
        })
        const owner = LedgerBehaviours.customer(demoOrg, id)
        yield* LedgerBehaviours.award(owner, Seed.demo.programs.loyalty, 100, "award")
        const first = yield* LedgerBehaviours.redeem(owner, Seed.demo.programs.loyalty, 30, "first")
        const second = yield* LedgerBehaviours.redeem(owner, Seed.demo.programs.loyalty, 20, "second")

        const all = only((yield* v11.redemptions({ id: String(customer.id) })).response.customer)
        assert.deepStrictEqual([all.coupons_count, all.points_count, all.rows], [1, 2, 3])
        assert.deepStrictEqual(all.redemptions!.coupons, [{
          id: String(redemption.id),
          code: issued.code,
          series_id: String(seriesId),
          description: "V11 AMY",
          discount_code: "V11 AMY",
          discount_type: "PERC",
          transaction_number: "amy-bill-1",
          redeemed_time: all.redemptions!.coupons![0]!.redeemed_time,
          redeemed_at: `${Seed.demo.till.storeCode} ${Seed.demo.till.username}`
        }])
        // Newest first, by default.
        assert.deepStrictEqual(
          all.redemptions!.points!.map((point) => [point.id, point.program_id, point.points_redeemed]),
          [
            [String(second), String(Seed.demo.programs.loyalty), 20],
            [String(first), String(Seed.demo.programs.loyalty), 30]
          ]
        )
        const points = only(
          (yield* v11.redemptions({ id: String(customer.id), type: "points", order: "asc", limit: 1 })).response
            .customer
        )
        assert.deepStrictEqual(points.redemptions!.points!.map((point) => point.points_redeemed), [30])
        assert.deepStrictEqual([points.redemptions!.coupons, points.points_count, points.points_start_id], [
          [],
          2,
          String(first)
        ])
        const byRange = only(
          (yield* v11.redemptions({ id: String(customer.id), points_start_id: second, type: "points" })).response
            .customer
        )
        assert.deepStrictEqual(byRange.redemptions!.points!.map((point) => point.id), [String(second)])
        const later = only(
          (yield* v11.redemptions({ id: String(customer.id), start_date: "2999-01-01" })).response.customer
        )
        assert.deepStrictEqual([later.coupons_count, later.points_count], [0, 0])
        assert.instanceOf(
          yield* expectFailure(v11.redemptions({ mobile: "919300000099" })),
          CustomerErrors.CustomerNotFound
        )

        // A reactivated redemption no longer stands.
        yield* coupons.reactivate([CouponRedemption.RedemptionId.make(redemption.id)])
        const after = only((yield* v11.redemptions({ id: String(customer.id), type: "coupons" })).response.customer)
        assert.deepStrictEqual(after.redemptions!.coupons, [])
      }))

    it.effect("lists a customer's coupons by status, with redemptions and the page's total", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const coupons = yield* Coupons.Coupons
        const added = only((yield* v11.add([{ mobile: "919300000121" }])).response.customers.customer)
        const customer = { id: Coupon.CustomerId.make(Number(added.user_id)) }
        const keptSeries = yield* series("V11 KEPT")
        const kept = yield* coupons.issue({ seriesId: keptSeries, customer })
        const used = yield* coupons.issue({ seriesId: yield* series("V11 USED"), customer })
        yield* coupons.redeem({ code: used.code, customer, billAmount: 500, transactionNumber: "cpn-bill-1" })

        const all = yield* v11.coupons({ mobile: "919300000121" })
        assert.deepStrictEqual(all.response.pagination, { limit: 100, offset: 0, total: 2 })
        const holder = only(all.response.customers.customer)
        assert.strictEqual(holder.id, added.user_id)
        assert.deepStrictEqual(holder.coupons!.map((coupon) => [coupon.code, coupon.status, coupon.redemption_count]), [
          [used.code, "REDEEMED", 1],
          [kept.code, "ACTIVE", 0]
        ])
        assert.deepStrictEqual(
          holder.coupons![0]!.redemptions!.map((use) => [use.transaction_number, use.redeemed_at]),
          [
            ["cpn-bill-1", { code: Seed.demo.till.storeCode, name: Seed.demo.till.storeCode }]
          ]
        )
        const redeemed = yield* v11.coupons({ mobile: "919300000121", status: "redeemed" })
        assert.deepStrictEqual(only(redeemed.response.customers.customer).coupons!.map((coupon) => coupon.code), [
          used.code
        ])
        assert.strictEqual(redeemed.response.pagination?.total, 1)
        const active = yield* v11.coupons({ mobile: "919300000121", status: "active", series_id: String(keptSeries) })
        assert.deepStrictEqual(only(active.response.customers.customer).coupons!.map((coupon) => coupon.code), [
          kept.code
        ])
        const oldestFirst = yield* v11.coupons({ mobile: "919300000121", sort_order: "asc", limit: 1 })
        assert.deepStrictEqual(only(oldestFirst.response.customers.customer).coupons!.map((coupon) => coupon.code), [
          kept.code
        ])
        assert.strictEqual(oldestFirst.response.pagination?.total, 2)
        assert.instanceOf(
          yield* expectFailure(v11.coupons({ mobile: "919300000099" })),
          CustomerErrors.CustomerNotFound
        )
      }))
  })

  describe("notes", () => {
    it.effect("adds notes, changes one by id, reads them all; an unknown id writes nothing (1037)", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        yield* v11.add([{ mobile: "919300000131", firstname: "Cat" }])
        assert.instanceOf(
          yield* expectFailure(v11.getNotes({ mobile: "919300000131" })),
          CustomerV11Errors.NoCustomerNotes
        )
        const added = only(
          (yield* v11.addNotes({
            mobile: "919300000131",
            notes: [{ description: "Likes Maggi", date: "2016-05-05 15:15:00" }, { description: "Prefers email" }]
          })).response.customer
        )
        assert.deepStrictEqual(added.item_status, {
          success: true,
          code: 1000,
          message: "Customer note added/updated successfully"
        })
        const [maggi, email] = added.notes!
        assert.deepStrictEqual([maggi!.description, maggi!.date], ["Likes Maggi", "2016-05-05 15:15:00"])

        yield* v11.addNotes({ mobile: "919300000131", notes: [{ id: maggi!.id!, description: "Likes Maggi noodles" }] })
        const failed = yield* expectFailure(v11.addNotes({
          mobile: "919300000131",
          notes: [{ description: "never written" }, { id: "999999", description: "x" }]
        }))
        assert.instanceOf(failed, CustomerV11Errors.NotesUpdateFailed)
        const read = only((yield* v11.getNotes({ mobile: "919300000131" })).response.customer)
        assert.deepStrictEqual(read.notes!.map((note) => [note.id, note.description, note.date]), [
          [maggi!.id, "Likes Maggi noodles", "2016-05-05 15:15:00"],
          [email!.id, "Prefers email", email!.date]
        ])
        assert.strictEqual(read.user_id, added.user_id)
        assert.isString(read.notes![0]!.added_on)
        // Notes show in the customer read too.
        const got = only((yield* v11.get({ mobile: "919300000131" })).response.customers.customer)
        assert.deepStrictEqual(got.notes!.map((note) => note.description), ["Likes Maggi noodles", "Prefers email"])

        assert.instanceOf(
          yield* expectFailure(v11.addNotes({ mobile: "919300000099", notes: [{ description: "x" }] })),
          CustomerErrors.CustomerNotFound
        )
        const two = yield* rawStatus("/v1.1/customer/notes", {
          method: "POST",
          body: {
            root: {
              customer: [{ id: "1", notes: { note: { description: "a" } } }, {
                id: "2",
                notes: { note: { description: "b" } }
              }]
            }
          }
        })
        assert.strictEqual(two.code, 1060)
        const empty = yield* rawStatus("/v1.1/customer/notes", {
          method: "POST",
          body: { root: { customer: [{ mobile: "919300000131", notes: { note: { description: "" } } }] } }
        })
        assert.strictEqual(empty.code, 1037)
        assert.strictEqual(
          only((yield* v11.getNotes({ mobile: "919300000131" })).response.customer).notes!.length,
          2
        )
      }))
  })

  describe("tickets", () => {
    it.effect("opens tickets with codes; refuses a subject the customer has (1301) and a taken code (1302)", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const before = yield* ticketCount
        const opened = only(
          (yield* v11.addTicket({
            mobile: tom.mobile,
            ticket: [{
              subject: "Points issue",
              message: "Unable to redeem points",
              priority: "high",
              department: "INTERNAL",
              custom_fields: [{ name: "field1", value: "value1" }]
            }]
          })).response.customers.customer
        )
        assert.deepStrictEqual(opened.item_status, { success: true, code: 1300, message: "Ticket added successfully" })
        const [ticket] = opened.ticket!
        assert.match(ticket!.code, /^[0-9a-z]{9}$/)
        assert.deepStrictEqual([ticket!.status, ticket!.priority, ticket!.subject], ["OPEN", "HIGH", "Points issue"])
        assert.deepStrictEqual(ticket!.custom_fields, [{ name: "field1", value: "value1" }])

        const repeated = yield* expectFailure(
          v11.addTicket({ mobile: tom.mobile, ticket: [{ subject: "points ISSUE" }] })
        )
        assert.instanceOf(repeated, CustomerV11Errors.TicketAlreadyExists)
        yield* v11.addTicket({
          id: String(ann.id),
          ticket: [{ subject: "Wrong bill", ticket_code: "T-ANN-1", status: "InProgress" }]
        })
        const taken = yield* expectFailure(
          v11.addTicket({ mobile: tom.mobile, ticket: [{ subject: "Other", ticket_code: "T-ANN-1" }] })
        )
        assert.instanceOf(taken, CustomerV11Errors.TicketRejected)
        assert.strictEqual(yield* ticketCount, before + 2)

        const all = yield* v11.getTickets({ mobile: `${tom.mobile},${ann.mobile}` })
        assert.deepStrictEqual(
          all.response.customer.map((item) => item.tickets!.map((one) => one.code)),
          [[ticket!.code], ["T-ANN-1"]]
        )
        const high = yield* v11.getTickets({ mobile: tom.mobile, priority: "HIGH", department: "internal" })
        assert.strictEqual(only(high.response.customer).tickets!.length, 1)
        const closed = yield* v11.getTickets({ mobile: tom.mobile, status: "CLOSED" })
        assert.deepStrictEqual(only(closed.response.customer).tickets, [])
        const future = yield* v11.getTickets({ mobile: tom.mobile, start_date: "2999-01-01" })
        assert.deepStrictEqual(only(future.response.customer).tickets, [])

        assert.instanceOf(
          yield* expectFailure(v11.addTicket({ mobile: "919300000099", ticket: [{ subject: "x" }] })),
          CustomerErrors.CustomerNotFound
        )
        const noSubject = yield* rawStatus("/v1.1/customer/tickets", {
          method: "POST",
          body: { root: { customer: [{ mobile: tom.mobile, ticket: [{ subject: " " }] }] } }
        })
        assert.strictEqual(noSubject.code, 1303)
      }))
  })

  describe("preferences", () => {
    it.effect("sets preferences as custom fields (with the preferred store) and reads them back", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const v2 = yield* Customers.Customers
        const added = only((yield* v11.add([{ mobile: "919300000141" }])).response.customers.customer)
        assert.instanceOf(
          yield* expectFailure(v11.getPreferences({ mobile: "919300000141" })),
          CustomerV11Errors.NoCustomerPreferences
        )
        const set = only(
          (yield* v11.updatePreferences([{
            mobile: "919300000141",
            store: { code: Seed.demo.till.storeCode },
            custom_fields: [{ name: "Favorite Brand", value: "Puma" }, { name: "Favorite Color", value: "Blue" }]
          }])).response.customers.customer
        )
        assert.deepStrictEqual(set.item_status, {
          success: true,
          code: 200,
          message: "Preferences Updated Successfully"
        })
        assert.deepStrictEqual(set.store, {
          code: Seed.demo.till.storeCode,
          name: Seed.demo.till.storeCode,
          status: "SUCCESS"
        })
        const expected = [
          { name: "Favorite Brand", value: "Puma" },
          { name: "Favorite Color", value: "Blue" },
          { name: "PREFERRED_STORE", value: Seed.demo.till.storeCode }
        ]
        assert.deepStrictEqual(set.custom_fields, expected)
        const read = only(
          (yield* v11.getPreferences({ mobile: "919300000141", user_id: true })).response.customers.customer
        )
        assert.deepStrictEqual([read.user_id, read.custom_fields], [added.user_id, expected])
        // Preferences are custom fields: the profile shows them.
        const profile = (yield* v2.get(Customer.CustomerId.make(Number(added.user_id)))).profiles[0]!
        assert.deepStrictEqual(profile.fields, {
          "Favorite Brand": "Puma",
          "Favorite Color": "Blue",
          PREFERRED_STORE: Seed.demo.till.storeCode
        })

        // A store the organisation has no till of is not set (warning 1053); a batch answers per customer.
        const batch = yield* v11.updatePreferences([
          {
            mobile: "919300000141",
            store: { code: "nowhere" },
            custom_fields: [{ name: "Favorite Color", value: "Green" }]
          },
          { mobile: "919300000099", custom_fields: [{ name: "Likes", value: "Shoes" }] }
        ])
        assert.strictEqual(batch.response.status.code, 201)
        const [changed, missing] = batch.response.customers.customer
        assert.deepStrictEqual(changed!.item_status?.warnings, [1053])
        assert.strictEqual(changed!.store?.status, "FAILURE")
        assert.deepStrictEqual(changed!.custom_fields, [
          { name: "Favorite Brand", value: "Puma" },
          { name: "Favorite Color", value: "Green" },
          { name: "PREFERRED_STORE", value: Seed.demo.till.storeCode }
        ])
        assert.strictEqual(missing!.item_status?.code, 1012)
        assert.instanceOf(
          yield* expectFailure(v11.getPreferences({ mobile: "919300000099" })),
          CustomerErrors.CustomerNotFound
        )
      }))

    it.effect("refuses a preferences batch above 100 and a customer without identifier", () =>
      Effect.gen(function*() {
        const many = Array.from({ length: 101 }, () => ({ id: String(tom.id), store: { code: "x" } }))
        assert.strictEqual(
          (yield* rawStatus("/v1.1/customer/preferences", { method: "POST", body: { root: { customer: many } } })).code,
          1060
        )
        const unnamed = yield* rawStatus("/v1.1/customer/preferences", {
          method: "POST",
          body: { root: { customer: [{ store: { code: "x" } }] } }
        })
        assert.strictEqual(unnamed.code, 1015)
        const error = yield* expectFailure(
          (yield* CustomersV11.CustomersV11).updatePreferences(
            Array.from({ length: 101 }, () => ({ id: String(tom.id), store: { code: "x" } })) as never
          )
        )
        // The SDK refuses it before sending.
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }))
  })

  describe("the customer read's options", () => {
    it.effect("every program's points with the gaps to upgrade and renew, the next tier, the totals, one program", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const mobile = "919300000201"
        const id = yield* registered(mobile)
        const owner = LedgerBehaviours.customer(demoOrg, id)
        yield* LedgerBehaviours.award(owner, loyalty, 1200, "welcome")
        yield* LedgerBehaviours.redeem(owner, loyalty, 200, "a gift")
        yield* LedgerBehaviours.award(owner, group, 7, "group program")
        yield* LedgerBehaviours.award(owner, loyalty, 150, "on its way", {
          bucket: "PROMISED",
          redeemableFrom: "2099-01-15"
        })
        const now = yield* clockNow
        const got = yield* readOne({
          mobile,
          mlp: true,
          next_slab: true,
          points_summary: true,
          gap_to_upgrade_for: 30,
          gap_to_renew_for: 0
        })
        assert.deepStrictEqual([got.lifetime_points, got.loyalty_points, got.current_slab], [1200, 1000, "Gold"])
        assert.deepStrictEqual([got.next_slab, got.next_slab_serial_number, got.next_slab_description, got.trackers], [
          "Platinum",
          3,
          "From 5,000 points",
          []
        ])
        assert.deepStrictEqual(got.points_summary, { expired: 0, redeemed: 200, adjusted: 0, returned: 0 })
        const renew = { tier_expiry_date: "2099-12-31", renew_confirmed: true, renew_strategy: [] }
        assert.deepStrictEqual(got.points_summaries, [
          {
            programId: loyalty,
            redeemed: 200,
            expired: 0,
            returned: 0,
            adjusted: 0,
            lifetimePoints: 1200,
            loyaltyPoints: 1000,
            cumulativePurchases: 0,
            currentSlab: "Gold",
            currentSlabDescription: "From 1,000 points",
            nextSlab: "Platinum",
            nextSlabSerialNumber: 3,
            nextSlabDescription: "From 5,000 points",
            slabSNo: 2,
            slabExpiryDate: "2099-12-31 23:59:59",
            totalPoints: "",
            delayed_points: 150,
            delayed_returned_points: 0,
            total_available_points: 1000,
            total_returned_points: 0,
            program_title: "DemoLoyalty",
            program_description: "Default loyalty program of the demo org",
            program_points_to_currency_ratio: 1,
            linked_partner_programs: [],
            gap_to_upgrade: {
              upgrade_strategy: [{
                upgrade_based_on: "LIFETIME_POINTS",
                upgrade_threshold: 5000,
                customer_upgrade_entity_values: {
                  current_value: 1200,
                  gap_to_upgrade: 3800,
                  value_valid_upto: CustomerV11.formatDateTime(now + 30 * day).slice(0, 10)
                }
              }]
            },
            gap_to_renew: renew
          },
          {
            programId: group,
            redeemed: 0,
            expired: 0,
            returned: 0,
            adjusted: 0,
            lifetimePoints: 7,
            loyaltyPoints: 7,
            cumulativePurchases: 0,
            currentSlab: "Silver",
            currentSlabDescription: "Entry tier",
            nextSlab: "Gold",
            nextSlabSerialNumber: 2,
            nextSlabDescription: "From 1,000 points",
            slabSNo: 1,
            slabExpiryDate: "2099-12-31 23:59:59",
            totalPoints: "",
            delayed_points: 0,
            delayed_returned_points: 0,
            total_available_points: 7,
            total_returned_points: 0,
            program_title: "DemoGroupLoyalty",
            program_description: "Group loyalty program of the demo org",
            program_points_to_currency_ratio: 1,
            linked_partner_programs: [],
            gap_to_upgrade: {
              upgrade_strategy: [{
                upgrade_based_on: "LIFETIME_POINTS",
                upgrade_threshold: 1000,
                customer_upgrade_entity_values: {
                  current_value: 7,
                  gap_to_upgrade: 993,
                  value_valid_upto: CustomerV11.formatDateTime(now + 30 * day).slice(0, 10)
                }
              }]
            },
            gap_to_renew: renew
          }
        ])
        // Without the options: the default program only, without gaps, next tier or totals.
        const plain = yield* readOne({ mobile })
        assert.deepStrictEqual(plain.points_summaries!.map((summary) => summary.programId), [loyalty])
        assert.isUndefined(plain.points_summaries![0]!.gap_to_upgrade)
        assert.isUndefined(plain.points_summaries![0]!.gap_to_renew)
        assert.deepStrictEqual([plain.next_slab, plain.points_summary, plain.trackers], [
          undefined,
          undefined,
          undefined
        ])

        // One program: its points and tier, its summary alone.
        const inGroup = yield* readOne({ mobile, program_id: group, points_summary: true })
        assert.deepStrictEqual([inGroup.lifetime_points, inGroup.loyalty_points, inGroup.current_slab], [
          7,
          7,
          "Silver"
        ])
        assert.deepStrictEqual(inGroup.points_summaries!.map((summary) => summary.programId), [group])
        assert.deepStrictEqual(inGroup.points_summary, { expired: 0, redeemed: 0, adjusted: 0, returned: 0 })
        const invalid = yield* expectFailure(v11.get({ mobile, program_id: 999_999 }))
        assert.instanceOf(invalid, LoyaltyErrors.InvalidProgram)
        assert.strictEqual((invalid as LoyaltyErrors.InvalidProgram).code, 1101)
        // The other organisation's program is not this one's.
        assert.instanceOf(
          yield* expectFailure(v11.get({ mobile, program_id: Seed.demo.programs.other })),
          LoyaltyErrors.InvalidProgram
        )

        // The upgrade criteria until the top tier, where there are none.
        const criteria = yield* readOne({ mobile, tier_upgrade_criteria: true })
        assert.deepStrictEqual(criteria.tier_update_criteria, {
          program_id: loyalty,
          current_slab: "Gold",
          next_slab: "Platinum",
          upgrade_strategy: [{
            upgrade_based_on: "LIFETIME_POINTS",
            upgrade_threshold: 5000,
            customer_upgrade_entity_values: { current_value: 1200, gap_to_upgrade: 3800 }
          }]
        })
        yield* LedgerBehaviours.award(owner, loyalty, 3800, "to the top")
        const top = yield* readOne({ mobile, tier_upgrade_criteria: true, next_slab: true, gap_to_upgrade_for: 0 })
        assert.isUndefined(top.tier_update_criteria)
        assert.deepStrictEqual([top.current_slab, top.next_slab, top.next_slab_serial_number], ["Platinum", "", -1])
        assert.deepStrictEqual(top.points_summaries![0]!.gap_to_upgrade, { upgrade_strategy: [] })
      }))

    it.effect("tier history, expiry schedule, expired points, promotional and promised points, from the lots", () =>
      Effect.gen(function*() {
        const mobile = "919300000211"
        const id = yield* registered(mobile)
        const owner = LedgerBehaviours.customer(demoOrg, id)
        const till = yield* demoTill
        const now = yield* clockNow
        yield* LedgerBehaviours.award(owner, loyalty, 600, "first visit", {
          tillId: till,
          expiresOn: "2099-06-30",
          now
        })
        yield* LedgerBehaviours.award(owner, loyalty, 600, "second visit", {
          tillId: till,
          expiresOn: "2099-03-31",
          now
        })
        yield* LedgerBehaviours.award(owner, loyalty, 50, "short lived", { expiresOn: "2020-01-01", now })
        // Redeemed from the points that expire first (the short-lived ones expired before, when the day was over).
        yield* LedgerBehaviours.redeem(owner, loyalty, 100, "a gift", { now })
        yield* LedgerBehaviours.award(owner, loyalty, 150, "on its way", {
          bucket: "PROMISED",
          redeemableFrom: "2099-01-15",
          now
        })
        const got = yield* readOne({
          mobile,
          expiry_schedule: true,
          expired_points: true,
          slab_history: true,
          promotion_points: true,
          delayed_accrual: true
        })
        assert.deepStrictEqual(got.expiry_schedule, [
          { points: 500, expiry_date: "2099-03-31 23:59:59", program_id: loyalty },
          { points: 600, expiry_date: "2099-06-30 23:59:59", program_id: loyalty }
        ])
        assert.deepStrictEqual(got.expired_points, [{ points: 50, expired_on: "2020-01-02", program_id: loyalty }])
        assert.deepStrictEqual(got.loyalty_points, 1100)
        const store = { code: Seed.demo.till.storeCode, name: Seed.demo.till.storeCode }
        assert.deepStrictEqual(got.slab_history, [{
          to: "Gold",
          from: "Silver",
          store,
          type: "UPGRADE",
          changed_on: CustomerV11.formatDateTime(now),
          notes: "second visit",
          program_id: loyalty
        }])
        assert.deepStrictEqual(got.promotion_points, {
          customer: [
            { points: 50, expiry_date: "2020-01-01 23:59:59", issued_on: CustomerV11.formatDateTime(now) },
            {
              points: 600,
              expiry_date: "2099-03-31 23:59:59",
              issued_at: store,
              issued_on: CustomerV11.formatDateTime(now)
            },
            {
              points: 600,
              expiry_date: "2099-06-30 23:59:59",
              issued_at: store,
              issued_on: CustomerV11.formatDateTime(now)
            }
          ],
          transactions: [],
          lineitems: []
        })
        assert.deepStrictEqual(got.delayed_accrual, {
          promised_points: 150,
          conversion_schedule: [{
            points: 150,
            conversion_date: "2099-01-15 00:00:00",
            program_id: loyalty,
            points_type: "customer_promotions"
          }]
        })
        // A program the customer has no points in has none of these.
        const elsewhere = yield* readOne({
          mobile,
          program_id: group,
          expiry_schedule: true,
          expired_points: true,
          slab_history: true,
          promotion_points: true,
          delayed_accrual: true
        })
        assert.deepStrictEqual(
          [
            elsewhere.expiry_schedule,
            elsewhere.expired_points,
            elsewhere.slab_history,
            elsewhere.promotion_points?.customer,
            elsewhere.delayed_accrual
          ],
          [[], [], [], [], { promised_points: 0, conversion_schedule: [] }]
        )
        // Asked for nothing, none of them.
        const plain = yield* readOne({ mobile })
        assert.deepStrictEqual(
          [
            plain.expiry_schedule,
            plain.expired_points,
            plain.slab_history,
            plain.promotion_points,
            plain.delayed_accrual
          ],
          [undefined, undefined, undefined, undefined, undefined]
        )
      }))

    it.effect("a tier held by a floor: its end, what renews it, and each change in the tier history", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const mobile = "919300000215"
        const owner = LedgerBehaviours.customer(demoOrg, yield* registered(mobile))
        const now = yield* clockNow
        yield* LedgerBehaviours.award(owner, loyalty, 1200, "welcome", { now })
        const until = now + 10 * day
        yield* sql.withTransaction(Ledger.setTierFloor(owner, loyalty, { serial: 3, until }, { now }))
        const held = yield* readOne({ mobile, gap_to_renew_for: 0, slab_history: true })
        const ends = CustomerV11.formatDateTime(until)
        assert.deepStrictEqual([held.current_slab, held.tier_expiry_date], ["Platinum", ends])
        assert.strictEqual(held.points_summaries![0]!.slabExpiryDate, ends)
        assert.deepStrictEqual(held.points_summaries![0]!.gap_to_renew, {
          tier_expiry_date: ends.slice(0, 10),
          renew_confirmed: false,
          renew_strategy: [{
            renew_based_on: "LIFETIME_POINTS",
            renew_threshold: 5000,
            customer_renew_entity_value: 1200,
            customer_gap_to_renew_value: 3800
          }]
        })
        assert.deepStrictEqual(held.slab_history!.map((change) => [change.from, change.to, change.type]), [
          ["Gold", "Platinum", "UPGRADE"],
          ["Silver", "Gold", "UPGRADE"]
        ])
        // The floor set again with a later end: a renewal.
        yield* sql.withTransaction(Ledger.setTierFloor(owner, loyalty, { serial: 3, until: until + day }, { now }))
        const renewed = yield* readOne({ mobile, slab_history: true })
        assert.deepStrictEqual(renewed.slab_history![0], {
          to: "Platinum",
          from: "Platinum",
          type: "RENEW",
          changed_on: CustomerV11.formatDateTime(now),
          program_id: loyalty
        })
        assert.strictEqual(renewed.tier_expiry_date, CustomerV11.formatDateTime(until + day))
      }))

    it.effect("user groups, subscriptions, the SMS opt-in and the NDNC status, from their stores", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        const userGroups = yield* UserGroups.UserGroups
        const subscriptions = yield* Subscriptions.Subscriptions
        const mobile = "919300000221"
        const added = only((yield* v11.add([{ mobile, ndnc_status: "DND" }])).response.customers.customer)
        const id = Customer.CustomerId.make(Number(added.user_id))
        const before = yield* readOne({ mobile, user_group: true, subscriptions: true, optin_status: true })
        assert.deepStrictEqual(before.user_groups2, [])
        assert.strictEqual(before.optin_status, "NONE")
        assert.deepStrictEqual(
          before.subscriptions,
          [["TRANS", "email"], ["TRANS", "sms"], ["BULK", "email"], ["BULK", "sms"]].map(([priority, channel]) => ({
            priority: priority!,
            scope: "all",
            is_subscribed: "1",
            channel: channel!
          }))
        )

        const { entity } = yield* userGroups.create({ externalId: "v11-readers", groupName: "The Readers" })
        yield* userGroups.joinOne({ id: entity }, { userId: id, primaryMember: true })
        yield* subscriptions.update(id, { subscriptions: [{ channel: "MOBILE", priority: "BULK", type: "OPTOUT" }] })
        const after = yield* readOne({
          mobile,
          user_group: true,
          subscriptions: true,
          optin_status: true,
          ndnc_status: true
        })
        assert.strictEqual(after.user_groups2!.length, 1)
        const [membership] = after.user_groups2!
        assert.deepStrictEqual({ ...membership!, joined_on: undefined }, {
          id: String(entity),
          external_id: "v11-readers",
          name: "The Readers",
          status: "ACTIVE",
          primary_member: true,
          joined_on: undefined
        })
        assert.match(membership!.joined_on!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
        assert.deepStrictEqual(
          after.subscriptions!.map((status) => [status.priority, status.channel, status.is_subscribed]),
          [["TRANS", "email", "1"], ["TRANS", "sms", "1"], ["BULK", "email", "1"], ["BULK", "sms", "0"]]
        )
        assert.deepStrictEqual([after.optin_status, after.ndnc_status], ["OPTOUT", "DND"])
        yield* subscriptions.update(id, { subscriptions: [{ channel: "MOBILE", priority: "BULK", type: "OPTIN" }] })
        assert.strictEqual((yield* readOne({ mobile, optin_status: true })).optin_status, "OPTIN")

        // A customer who left the group is no longer in it; one with no NDNC status has none.
        yield* userGroups.leave(entity, UserGroup.CustomerId.make(id))
        assert.deepStrictEqual((yield* readOne({ mobile, user_group: true })).user_groups2, [])
        assert.strictEqual((yield* readOne({ id: String(bob.id), ndnc_status: true })).ndnc_status, "NONE")
        assert.isUndefined((yield* readOne({ mobile })).user_groups2)
      }))

    it.effect("coupons by status, activity and offer; cards with their external id, which names the customer", () =>
      Effect.gen(function*() {
        const v2 = yield* Customers.Customers
        const coupons = yield* Coupons.Coupons
        const mobile = "919300000231"
        const created = yield* v2.add({
          profiles: [{
            source: "INSTORE",
            identifiers: [{ type: "mobile", value: mobile }, {
              type: "cardnumber",
              value: "CARDV11000231",
              seriesId: 19,
              statusLabel: "ACTIVE",
              cardExternalId: "EXTCARD-231"
            }]
          }]
        })
        const customer = { id: created.createdId }
        const welcome = yield* series("V11 OPTIONS WELCOME")
        const birthday = yield* series("V11 OPTIONS BIRTHDAY")
        const kept = yield* coupons.issue({ seriesId: welcome, customer })
        const used = yield* coupons.issue({ seriesId: birthday, customer })
        yield* coupons.redeem({ code: used.code, customer, billAmount: 500, transactionNumber: "v11-options-1" })

        const byCard = yield* readOne({ card_external_id: "EXTCARD-231", card_details: true, user_id: true })
        assert.deepStrictEqual([byCard.user_id, byCard.mobile], [String(created.createdId), mobile])
        assert.deepStrictEqual(byCard.card_details, [{
          card_number: "CARDV11000231",
          card_external_id: "EXTCARD-231",
          series_id: "19",
          status_label: "ACTIVE"
        }])
        const missing = yield* (yield* CustomersV11.CustomersV11).get({ card_external_id: "EXTCARD-NONE" }).pipe(
          Effect.flip
        )
        assert.instanceOf(missing, CustomerErrors.CustomerNotFound)

        const codes = (query: Partial<CustomerV11.GetQuery>) =>
          Effect.map(readOne({ mobile, ...query }), (item) => item.coupons!.map((coupon) => coupon.code))
        assert.deepStrictEqual(yield* codes({}), [used.code, kept.code])
        assert.deepStrictEqual(yield* codes({ coupon_status: "redeemed" }), [used.code])
        assert.deepStrictEqual(yield* codes({ coupon_status: "unredeemed" }), [kept.code])
        assert.deepStrictEqual(yield* codes({ coupon_status: "active" }), [kept.code])
        assert.deepStrictEqual(yield* codes({ coupon_status: "expired" }), [])
        assert.deepStrictEqual(yield* codes({ coupon_active: true }), [kept.code])
        assert.deepStrictEqual(yield* codes({ coupon_offer: birthday }), [used.code])
        assert.deepStrictEqual(yield* codes({ coupon_offer: 0 }), [used.code, kept.code])
        // No store hierarchy: every coupon can be redeemed at any of the organisation's stores.
        assert.deepStrictEqual(
          yield* codes({ coupon_org_entity_type: "STORE", coupon_org_entity_value: Seed.demo.till.storeCode }),
          [used.code, kept.code]
        )
        assert.deepStrictEqual(yield* codes({ coupon_status: "unredeemed", coupon_sort_order: "asc" }), [kept.code])
        const [brief] = (yield* readOne({ mobile, coupon_offer: birthday })).coupons!
        assert.deepStrictEqual([brief!.redeemed, brief!.same_user_multiple_redeem], [true, false])
      }))

    it.effect("the programs the customer is in with their partner programs, and the partners they are linked to", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const partners = yield* PartnerPrograms.PartnerPrograms
        const mobile = "919300000241"
        yield* registered(mobile)
        const now = yield* clockNow
        const expiry = now + 365 * day
        yield* partners.link({
          linkCustomers: [{
            customer: { mobile, email: "", externalId: "" },
            linkToPartnerPrograms: [{
              partnerProgramName: "Apparel-Partner",
              customerPartnerReference: {
                partnerMembershipId: "APP-V11-241",
                partnerTierName: "Bronze",
                partnerTierExpiryDate: new Date(expiry).toISOString()
              }
            }]
          }]
        })
        const ids = new Map(
          (yield* sql<{ id: number; name: string }>`SELECT id, name FROM partner_programs WHERE org_id = ${demoOrg}`)
            .map((row) => [row.name, row.id])
        )
        const got = yield* readOne({ mobile, program_summary: true })
        assert.deepStrictEqual(got.programs_list, [{
          programId: loyalty,
          programName: "DemoLoyalty",
          programDescription: "Default loyalty program of the demo org",
          isDefault: true,
          pointsToCurrencyRatio: 1,
          PartnerPrograms: [
            {
              partnerProgramId: ids.get("Apparel-Partner")!,
              partnerProgramName: "Apparel-Partner",
              partnerProgramDescription: yield* partnerDescription("Apparel-Partner"),
              isTierBased: true,
              partnerProgramType: "EXTERNAL",
              membershipPeriodType: "",
              membershipPeriodValue: 0,
              partnerProgramTiers: [
                { tierNumber: 1, tierName: "Bronze" },
                { tierNumber: 2, tierName: "Silver" },
                { tierNumber: 3, tierName: "Gold" }
              ]
            },
            {
              partnerProgramId: ids.get("Riders")!,
              partnerProgramName: "Riders",
              partnerProgramDescription: yield* partnerDescription("Riders"),
              isTierBased: false,
              partnerProgramType: "SUPPLEMENTARY",
              membershipPeriodType: "DAYS",
              membershipPeriodValue: 365,
              partnerProgramTiers: []
            }
          ]
        }])
        assert.deepStrictEqual(got.points_summaries![0]!.linked_partner_programs, [{
          partner_program_id: ids.get("Apparel-Partner")!,
          partner_program_name: "Apparel-Partner",
          partner_program_type: "EXTERNAL",
          partner_membership_id: "APP-V11-241",
          partner_tier_name: "Bronze",
          partner_tier_expiry_date: CustomerV11.formatDateTime(expiry)
        }])
        // A customer with points in the group program is in it too; without the option, no programs list.
        const owner = LedgerBehaviours.customer(demoOrg, Number((yield* readOne({ mobile, user_id: true })).user_id))
        yield* LedgerBehaviours.award(owner, group, 5, "group program")
        const both = yield* readOne({ mobile, program_summary: true })
        assert.deepStrictEqual(both.programs_list!.map((program) => [program.programId, program.isDefault]), [
          [loyalty, true],
          [group, false]
        ])
        assert.deepStrictEqual(both.programs_list![1]!.PartnerPrograms, [])
        assert.isUndefined((yield* readOne({ mobile })).programs_list)
      }))

    it.effect("parts the emulator has no source for are empty; parts asked away are left out", () =>
      Effect.gen(function*() {
        const v11 = yield* CustomersV11.CustomersV11
        yield* v11.addNotes({ id: String(ann.id), notes: [{ description: "Reads the options" }] })
        const empty = yield* readOne({
          id: String(ann.id),
          segments: true,
          customer_image: true,
          membership_retention_criteria: true,
          tracker_info: true,
          member_care_access: true,
          number: "BILL-1",
          store_code: Seed.demo.till.storeCode,
          till_code: Seed.demo.till.username,
          amount: 10,
          date: "2024-02-29",
          type: "ALL",
          tenders: true,
          credit_notes: true
        })
        assert.deepStrictEqual(
          [
            empty.segments,
            empty.customer_image,
            empty.membership_retention_criteria,
            empty.trackers,
            empty.transactions
          ],
          [[], "", [], [], []]
        )
        assert.strictEqual(empty.notes!.at(-1)!.description, "Reads the options")

        const basic = yield* readOne({ id: String(ann.id), basic: true })
        assert.deepStrictEqual([basic.coupons, basic.notes, basic.transactions], [undefined, undefined, undefined])
        assert.deepStrictEqual([basic.firstname, basic.mobile], [ann.firstName, ann.mobile])
        const trimmed = yield* readOne({
          id: String(ann.id),
          transactions: false,
          registered_store: false,
          registered_till: false,
          fraud_details: false
        })
        assert.deepStrictEqual(
          [trimmed.transactions, trimmed.registered_store, trimmed.registered_till, trimmed.fraud_details],
          [undefined, undefined, undefined, undefined]
        )
        assert.isDefined(trimmed.notes)
        const full = yield* readOne({ id: String(ann.id) })
        assert.deepStrictEqual(full.registered_till, { code: Seed.demo.till.username, name: Seed.demo.till.username })
        assert.deepStrictEqual(full.fraud_details, { status: "NONE" })
        assert.deepStrictEqual(full.transactions, [])

        // What the schema refuses, the emulator answers with a 4xx envelope (never a 500).
        for (const bad of ["coupon_status=open", "date=2024-02-30", "program_id=abc", "gap_to_renew_for=-1"]) {
          const answer = yield* raw(`/v1.1/customer/get?id=${ann.id}&${bad}`)
          assert.isAtLeast(answer.status, 400)
          assert.isBelow(answer.status, 500)
        }
        assert.strictEqual((yield* rawStatus("/v1.1/customer/get?card_external_id=%20")).code, 1015)
      }))
  })
})
