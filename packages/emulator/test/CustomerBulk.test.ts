/**
 * Contract tests of the v2 customer rows beyond the first slice: the bulk upsert, the association with a hierarchy
 * and its update, the children read (`CustomersBulk`), the transactions and recommendations reads
 * (`CustomerActivities`), and the detailed customer coupons read of `@capillary-effect/rewards`. Every operation
 * runs through the SDK, over real HTTP, against the emulator's behaviours (the default catalog plus
 * `CustomerBulkBehaviours`, `CustomerActivityBehaviours` and `CustomerCouponBehaviours`), with each named error
 * and the state checked afterwards.
 */
import { CapillaryClient, CapillaryError } from "@capillary-effect/core"
import {
  Customer,
  CustomerActivityErrors,
  CustomerActivityService,
  CustomerBulkService,
  CustomerErrors,
  Customers
} from "@capillary-effect/customers"
import { Coupon, CouponErrors, CouponRedemption, Coupons, CouponsApi } from "@capillary-effect/rewards"
import { assert, describe, layer } from "@effect/vitest"
import { Context, Effect, Layer, Result, Schema, Stream } from "effect"
import { SqlClient } from "effect/sql"
import {
  CustomerActivityBehaviours,
  CustomerBulkBehaviours,
  CustomerCouponBehaviours,
  Emulator,
  Seed
} from "../src/index.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(
  Emulator.defaultCatalog,
  CustomerBulkBehaviours.catalog,
  CustomerActivityBehaviours.catalog,
  CustomerCouponBehaviours.catalog
)

const testLayer = Layer.mergeAll(
  CustomerBulkService.layer,
  CustomerActivityService.layer,
  Customers.layer,
  Coupons.layer
).pipe(Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } })))

/** The SDK client itself, built for another till. */
class OtherClient extends Context.Service<OtherClient, CapillaryClient.Service>()("test/OtherClient") {}

const otherClientLayer = Layer.effect(
  OtherClient,
  Effect.gen(function*() {
    return yield* CapillaryClient.CapillaryClient
  })
)

const { ann, tom } = Seed.demo.customers
const demoOrg = Seed.demo.org.id

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

type Mobile = { readonly type: "mobile"; readonly value: string }
type Email = { readonly type: "email"; readonly value: string }

/** A profile in a source, known by a mobile (and more identifiers). */
const profile = (
  mobile: string,
  options: {
    readonly source?: Customer.Source
    readonly accountId?: string
    readonly firstName?: string
    readonly more?: ReadonlyArray<Mobile | Email>
  } = {}
) => ({
  source: options.source ?? ("INSTORE" as const),
  ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
  ...(options.firstName === undefined ? {} : { firstName: options.firstName }),
  identifiers: [{ type: "mobile" as const, value: mobile }, ...(options.more ?? [])] as unknown as readonly [
    Customer.Identifier,
    ...Array<Customer.Identifier>
  ]
})

const holders = (type: string, value: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ customer_id: number }>`SELECT DISTINCT customer_id FROM customer_identifiers
        WHERE org_id = ${demoOrg} AND type = ${type} AND value = ${value}`,
      (rows) => rows.map((row) => row.customer_id)
    )
  )

/** The status and body of a raw request. */
const rawAnswer = (path: string, init?: { readonly method?: string; readonly body?: unknown }) => raw(path, init)

const parentQuery = (mobile: string) => ({
  source: "ALL" as const,
  associationEntityType: "parentCustomer" as const,
  associationEntityIdentifierType: "mobile" as const,
  associationEntityIdentifierValue: mobile
})

layer(testLayer, { excludeTestServices: true })("Customer batches and activity against the emulator", (it) => {
  describe("bulk upsert", () => {
    it.effect("registers a customer not found, then updates them: names, fields, identifiers when asked", () =>
      Effect.gen(function*() {
        const bulk = yield* CustomerBulkService.CustomersBulk
        const v2 = yield* Customers.Customers
        const first = yield* bulk.upsert([{
          profiles: [{ ...profile("919400000001", { firstName: "Vishal" }), fields: { tier: "new" } }],
          extendedFields: { gender: "Male" }
        }])
        assert.deepStrictEqual([first.totalCount, first.failureCount], [1, 0])
        const [created] = first.response
        const id = created!.entityId as number
        assert.strictEqual(created!.result!.id, id)
        assert.deepStrictEqual(created!.errors, [])

        // Found by its mobile: updated. A new identifier is left out unless skipChangeIdentifier=false.
        const skipped = yield* bulk.upsert([{
          profiles: [
            profile("919400000001", { firstName: "Vish", more: [{ type: "email", value: "vish@example.com" }] })
          ],
          extendedFields: { city: "Pune" }
        }])
        assert.strictEqual(skipped.response[0]!.entityId, id)
        assert.deepStrictEqual(yield* holders("email", "vish@example.com"), [])
        const changed = yield* bulk.upsert([{
          profiles: [profile("919400000001", { more: [{ type: "email", value: "vish@example.com" }] })]
        }], { skipChangeIdentifier: false })
        assert.strictEqual(changed.response[0]!.entityId, id)
        assert.deepStrictEqual(yield* holders("email", "vish@example.com"), [id])
        const read = yield* v2.get(Customer.CustomerId.make(id))
        assert.strictEqual(read.profiles[0]!.firstName, "Vish")
        assert.deepStrictEqual(read.profiles[0]!.fields, { tier: "new" })
        assert.deepStrictEqual(read.extendedFields, { gender: "Male", city: "Pune" })

        // Found by the email: the request's mobile replaces the profile's.
        const replaced = yield* bulk.upsert([{
          profiles: [profile("919400000009", { more: [{ type: "email", value: "vish@example.com" }] })]
        }], { skipChangeIdentifier: false })
        assert.strictEqual(replaced.response[0]!.entityId, id)
        assert.deepStrictEqual(yield* holders("mobile", "919400000001"), [])
        assert.deepStrictEqual(yield* holders("mobile", "919400000009"), [id])

        // A profile in a new source attaches to the customer (warning 8050).
        const wechat = yield* bulk.upsert([{
          profiles: [profile("919400000009"), {
            source: "WECHAT",
            accountId: "wx-1",
            identifiers: [{ type: "wechat", value: "wx-vish" }]
          }]
        }])
        assert.deepStrictEqual(wechat.response[0]!.warnings!.map((warning) => warning.code), [8050])
        assert.deepStrictEqual(
          (yield* v2.get(Customer.CustomerId.make(id))).profiles.map((one) => one.source),
          ["INSTORE", "WECHAT"]
        )
      }))

    it.effect("answers each customer's failure in its own item; the others stand", () =>
      Effect.gen(function*() {
        const bulk = yield* CustomerBulkService.CustomersBulk
        yield* bulk.upsert([{
          profiles: [profile("919400000013", { more: [{ type: "email", value: "x13@example.com" }] })]
        }])
        const answer = yield* bulk.upsert([
          { profiles: [profile(tom.mobile, { more: [{ type: "email", value: ann.email }] })] },
          { profiles: [profile("919400000013", { more: [{ type: "email", value: ann.email }] })] },
          { profiles: [profile(tom.mobile)], loyaltyInfo: { loyaltyType: "non_loyalty" } },
          { profiles: [profile("919400000011", { more: [{ type: "email", value: "x11@example.com" }] })] },
          { profiles: [profile("919400000012")] }
        ], { skipChangeIdentifier: false })
        assert.deepStrictEqual([answer.totalCount, answer.failureCount], [5, 3])
        assert.deepStrictEqual(answer.response.map((item) => item.errors?.map((error) => error.code) ?? []), [
          [8053],
          [8053],
          [1046],
          [],
          []
        ])
        assert.deepStrictEqual(yield* holders("email", "x13@example.com"), yield* holders("mobile", "919400000013"))
        assert.strictEqual((yield* holders("mobile", "919400000012")).length, 1)
        assert.deepStrictEqual(yield* holders("email", ann.email), [ann.id])
      }))

    it.effect("refuses a batch above 100 (1060) or with an unknown source (8003)", () =>
      Effect.gen(function*() {
        const many = Array.from({ length: 101 }, (_, i) => ({
          profiles: [profile(`91940001${String(i).padStart(4, "0")}`)] as const
        }))
        const tooMany = yield* rawAnswer("/v2/integrations/customer/upsert/bulk", { method: "POST", body: many })
        assert.deepStrictEqual([tooMany.status, tooMany.body.errors[0].code], [400, 1060])
        const source = yield* rawAnswer("/v2/integrations/customer/upsert/bulk", {
          method: "POST",
          body: [{ profiles: [{ source: "MARS", identifiers: [{ type: "mobile", value: "919400000021" }] }] }]
        })
        assert.strictEqual(source.body.errors[0].code, 8003)
        const bulk = yield* CustomerBulkService.CustomersBulk
        const refused = yield* expectFailure(bulk.upsert(many))
        assert.strictEqual((refused as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
        assert.deepStrictEqual(yield* holders("mobile", "919400010000"), [])
      }))
  })

  describe("association and hierarchy", () => {
    it.effect("registers a parent with children in a hierarchy and a company; reads the children a page at a time", () =>
      Effect.gen(function*() {
        const bulk = yield* CustomerBulkService.CustomersBulk
        const [item] = yield* bulk.associate([{
          profiles: [profile("919400000101", { firstName: "Fleet" })],
          extendedFields: { city: "Pune" },
          referralCode: "",
          associationDetails: {
            hierarchyCode: "fleet-association",
            roleCode: "FA",
            childRoleCode: "FC",
            fleetCompany: { externalId: "company-1" },
            childCustomers: [
              { profiles: [profile("919400000102", { firstName: "Driver1" })] },
              { profiles: [profile("919400000103", { firstName: "Driver2" })] }
            ]
          }
        }])
        const entity = item!.entity!
        const details = entity.associationDetails!
        assert.deepStrictEqual(
          [details.hierarchyCode, details.roleCode, details.childRoleCode, details.new, details.childCustomer],
          ["fleet-association", "FA", "FC", true, false]
        )
        assert.isAbove(details.hierarchyId!, 0)
        assert.deepStrictEqual(details.fleetCompany?.externalId, "company-1")
        assert.deepStrictEqual(details.childCustomers!.map((child) => child.profiles[0]!.firstName), [
          "Driver1",
          "Driver2"
        ])
        assert.deepStrictEqual([item!.childCount, item!.childSuccessCount, item!.childFailureCount], [2, 2, 0])
        assert.deepStrictEqual(
          item!.childEntities!.map((child) => [
            child.profiles[0]!.firstName,
            child.associationDetails!.roleCode,
            child.associationDetails!.childCustomer,
            child.associationDetails!.parentCustomer!.id
          ]),
          [["Driver1", "FC", true, entity.id], ["Driver2", "FC", true, entity.id]]
        )

        const page = yield* bulk.childrenPage({ ...parentQuery("919400000101"), limit: 1, includeNoOfChildren: true })
        assert.strictEqual(page.entity.count, 2)
        assert.deepStrictEqual(
          page.entity.customers.map((child) => [child.profiles[0]!.firstName, child.roleCode, child.noOfChildren]),
          [
            ["Driver1", "FC", 0]
          ]
        )
        const all = yield* Stream.runCollect(
          bulk.children({ ...parentQuery("919400000101"), limit: 1, sortOrder: "DESC" })
        )
        assert.deepStrictEqual(all.map((child) => child.profiles[0]!.firstName), ["Driver2", "Driver1"])
        const withParent = yield* bulk.childrenPage({
          ...parentQuery("919400000101"),
          includeCustomerAssociateDetail: true
        })
        assert.strictEqual(withParent.entity.customers[0]!.parentCustomer!.id, entity.id)

        // Sending it again finds the same customers and leaves the same association.
        const [again] = yield* bulk.associate([{
          profiles: [profile("919400000101")],
          associationDetails: {
            hierarchyCode: "fleet-association",
            childCustomers: [{ profiles: [profile("919400000102")] }]
          }
        }])
        assert.strictEqual(again!.entity!.id, entity.id)
        assert.strictEqual(again!.entity!.associationDetails!.new, false)
        assert.strictEqual(again!.entity!.associationDetails!.roleCode, "FA")
        assert.strictEqual((yield* bulk.childrenPage(parentQuery("919400000101"))).entity.count, 2)
        assert.strictEqual((yield* holders("mobile", "919400000102")).length, 1)
      }))

    it.effect("a failed child is counted with its error; a cycle is refused and writes nothing", () =>
      Effect.gen(function*() {
        const bulk = yield* CustomerBulkService.CustomersBulk
        const [item] = yield* bulk.associate([{
          profiles: [profile("919400000201")],
          associationDetails: {
            hierarchyCode: "family",
            roleCode: "HEAD",
            childRoleCode: "MEMBER",
            childCustomers: [
              { profiles: [profile("919400000202")] },
              { profiles: [profile("919400000203", { more: [{ type: "email", value: ann.email }] })] }
            ]
          }
        }])
        assert.deepStrictEqual([item!.childCount, item!.childSuccessCount, item!.childFailureCount], [2, 1, 1])
        assert.deepStrictEqual(item!.errors!.map((error) => error.code), [1016])
        assert.deepStrictEqual(yield* holders("mobile", "919400000203"), [])

        // The head's parent cannot be their own child.
        const [cycle] = yield* bulk.associate([{
          profiles: [profile("919400000201")],
          associationDetails: { hierarchyCode: "family", parentCustomer: { profiles: [profile("919400000202")] } }
        }])
        assert.isUndefined(cycle!.entity)
        assert.strictEqual(cycle!.errors![0]!.code, 400)
        assert.include(cycle!.errors![0]!.message!, "Invalid association")
        const head = yield* SqlClient.SqlClient.use((sql) =>
          sql<{ parent_customer_id: number | null }>`SELECT a.parent_customer_id FROM customer_associations a
            JOIN customer_identifiers i ON i.customer_id = a.customer_id
            WHERE i.type = 'mobile' AND i.value = '919400000201'`
        )
        assert.deepStrictEqual(head, [{ parent_customer_id: null }])
      }))

    it.effect("updates known customers' association and details; an unknown customer or parent is 8015", () =>
      Effect.gen(function*() {
        const bulk = yield* CustomerBulkService.CustomersBulk
        yield* bulk.associate([
          { profiles: [profile("919400000301")], associationDetails: { hierarchyCode: "stores", roleCode: "OWNER" } },
          { profiles: [profile("919400000302")], associationDetails: { hierarchyCode: "stores", roleCode: "OWNER" } },
          { profiles: [profile("919400000303", { firstName: "Clerk" })] }
        ])
        const answer = yield* bulk.updateAssociation([
          {
            profiles: [profile("919400000303", { firstName: "Senior Clerk" })],
            extendedFields: { city: "Goa" },
            associationDetails: {
              hierarchyCode: "stores",
              roleCode: "CLERK",
              parentCustomer: { profiles: [profile("919400000301")] },
              fleetCompany: { externalId: "store-co" }
            }
          },
          { profiles: [profile("919400000399")] },
          {
            profiles: [profile("919400000302")],
            associationDetails: { hierarchyCode: "stores", parentCustomer: { profiles: [profile("919400000398")] } }
          }
        ], { source: "INSTORE" })
        const [clerk, unknown, orphan] = answer
        assert.deepStrictEqual(clerk!.errors, [])
        assert.strictEqual(clerk!.profiles[0]!.firstName, "Senior Clerk")
        assert.deepStrictEqual(clerk!.extendedFields, { city: "Goa" })
        assert.deepStrictEqual(
          [
            clerk!.associationDetails!.roleCode,
            clerk!.associationDetails!.fleetCompany?.externalId,
            clerk!.associationDetails!.new
          ],
          ["CLERK", "store-co", true]
        )
        assert.deepStrictEqual([unknown!.profiles, unknown!.errors!.map((error) => error.code)], [[], [8015]])
        assert.deepStrictEqual(orphan!.errors!.map((error) => error.code), [8015])
        assert.deepStrictEqual(
          (yield* bulk.childrenPage(parentQuery("919400000301"))).entity.customers.map((child) => child.roleCode),
          ["CLERK"]
        )
        assert.strictEqual((yield* bulk.childrenPage(parentQuery("919400000302"))).entity.count, 0)
        assert.deepStrictEqual(yield* holders("mobile", "919400000399"), [])
      }))

    it.effect("the children read names a known parent; bad queries get Capillary's codes", () =>
      Effect.gen(function*() {
        const bulk = yield* CustomerBulkService.CustomersBulk
        assert.instanceOf(
          yield* expectFailure(bulk.childrenPage(parentQuery("919400000999"))),
          CustomerErrors.CustomerNotFound
        )
        const otherOrg = yield* tillService(
          CustomerBulkService.CustomersBulk,
          CustomerBulkService.layer,
          Seed.demo.otherTill.username,
          Seed.demo.otherTill.password
        )
        assert.instanceOf(
          yield* expectFailure(otherOrg.childrenPage(parentQuery("919400000101"))),
          CustomerErrors.CustomerNotFound
        )
        const base =
          "/v2/customers/bulk?associationEntityType=parentCustomer&associationEntityIdentifierValue=919400000101"
        const codes: ReadonlyArray<readonly [string, number]> = [
          [`${base}&associationEntityIdentifierType=mobile`, 8001],
          [`${base}&associationEntityIdentifierType=mobile&source=MARS`, 8003],
          [`${base}&associationEntityIdentifierType=cuid&source=ALL`, 8013],
          [`${base}&associationEntityIdentifierType=mobile&source=ALL&limit=0`, 8101],
          [`${base}&associationEntityIdentifierType=mobile&source=ALL&limit=500`, 8102],
          [`${base}&associationEntityIdentifierType=mobile&source=ALL&offset=-1`, 8100]
        ]
        for (const [path, code] of codes) {
          const answer = yield* rawAnswer(path)
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], path)
        }
        const many = Array.from({ length: 101 }, () => ({ profiles: [profile("919400000101")] as const }))
        assert.strictEqual((yield* rawAnswer("/v2/bulk", { method: "POST", body: many })).body.errors[0].code, 1060)
        assert.strictEqual(
          (yield* rawAnswer("/v2/bulk?source=MARS", { method: "PUT", body: [] })).body.errors[0].code,
          8003
        )
        const refused = yield* expectFailure(bulk.associate(many))
        assert.strictEqual((refused as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }))
  })

  describe("activity", () => {
    it.effect("transactions: an empty page (no transactions store yet) with the page asked for", () =>
      Effect.gen(function*() {
        const activity = yield* CustomerActivityService.CustomerActivities
        const page = yield* activity.transactionsPage(Customer.CustomerId.make(tom.id), {
          limit: 50,
          offset: 10,
          sortOrder: "ASC"
        })
        assert.deepStrictEqual(page, {
          pagination: { limit: 50, offset: 10, sortBy: "BILLING_TIME", sortOrder: "ASC", total: 0 },
          data: [],
          warnings: [],
          errors: []
        })
        assert.deepStrictEqual(yield* Stream.runCollect(activity.transactions(Customer.CustomerId.make(tom.id))), [])
        assert.instanceOf(
          yield* expectFailure(activity.transactionsPage(Customer.CustomerId.make(999999))),
          CustomerErrors.CustomerNotFound
        )
        for (const [query, code] of [["limit=1001", 8102], ["limit=0", 8101], ["offset=-5", 8100]] as const) {
          const answer = yield* rawAnswer(`/v2/customers/${tom.id}/transactions?${query}`)
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code])
        }
      }))

    it.effect("recommendations: 1051 for a customer (no recommendation engine), 8015 for none", () =>
      Effect.gen(function*() {
        const activity = yield* CustomerActivityService.CustomerActivities
        const unavailable = yield* expectFailure(
          activity.recommendations({ source: "INSTORE", identifier: { type: "mobile", value: tom.mobile } })
        )
        assert.instanceOf(unavailable, CustomerActivityErrors.RecommendationsUnavailable)
        assert.include(
          (unavailable as CustomerActivityErrors.RecommendationsUnavailable).message,
          "recommendation engine"
        )
        assert.instanceOf(
          yield* expectFailure(
            activity.recommendations({ source: "ALL", identifier: { type: "email", value: "nobody@example.com" } })
          ),
          CustomerErrors.CustomerNotFound
        )
        const noSource = yield* rawAnswer(
          `/v2/customers/lookup/recommendations?identifierName=mobile&identifierValue=${tom.mobile}`
        )
        assert.strictEqual(noSource.body.errors[0].code, 8001)
        const badName = yield* rawAnswer(
          "/v2/customers/lookup/recommendations?source=ALL&identifierName=shoe&identifierValue=x"
        )
        assert.strictEqual(badName.body.errors[0].code, 8013)
      }))
  })

  describe("customer coupons in detail (rewards)", () => {
    it.effect("lists every coupon of the customer with its series, issuer, redemptions and what is left", () =>
      Effect.gen(function*() {
        const client = yield* CapillaryClient.CapillaryClient
        const coupons = yield* Coupons.Coupons
        const bulk = yield* CustomerBulkService.CustomersBulk
        const created = yield* bulk.upsert([{ profiles: [profile("919400000401")] }])
        const customerId = Coupon.CustomerId.make(created.response[0]!.entityId as number)
        const series = yield* coupons.createSeries({
          description: "DETAILED10",
          discountCode: "DETAILED10",
          discountType: "ABS",
          discountValue: 10,
          validTillDate: "2099-12-31T23:59:59Z",
          expiryStrategyType: "SERIES_EXPIRY"
        })
        const kept = yield* coupons.issue({ seriesId: series.id, customer: { id: customerId } })
        const used = yield* coupons.issue({ seriesId: series.id, customer: { id: customerId } })
        const redemption = yield* coupons.redeem({
          code: used.code,
          customer: { id: customerId },
          billAmount: 100,
          transactionNumber: "detail-bill-1"
        })
        const [till] = yield* SqlClient.SqlClient.use((sql) =>
          sql<{ id: number }>`SELECT id FROM tills WHERE username = ${Seed.demo.till.username}`
        )

        const answer = yield* coupons.customerCouponsById(customerId)
        assert.deepStrictEqual([answer.success, answer.warnings, answer.errors], [true, [], []])
        assert.deepStrictEqual(answer.entity.map((coupon) => coupon.code), [used.code, kept.code])
        const [first, second] = answer.entity
        assert.strictEqual(first!.series?.id, series.id)
        assert.strictEqual(first!.series?.description, "DETAILED10")
        assert.deepStrictEqual(
          [first!.isRedeemed, first!.redeemed, first!.redemptionsLeft, second!.isRedeemed, second!.redemptionsLeft],
          [true, true, 0, false, 1]
        )
        assert.deepStrictEqual(first!.redemptionInfo!.map((one) => [one.id, one.transactionNumber]), [
          [redemption.id, "detail-bill-1"]
        ])
        assert.deepStrictEqual([first!.issuedTo, first!.issuedBy, first!.orgId], [customerId, till!.id, demoOrg])
        assert.deepStrictEqual(first!.issuedAt, {
          code: Seed.demo.till.storeCode,
          name: Seed.demo.till.storeCode,
          type: "STORE"
        })
        assert.deepStrictEqual([
          first!.couponDiscountType,
          first!.discountType,
          first!.discountValue,
          first!.seriesName
        ], [
          "ABS",
          true,
          10,
          "DETAILED10"
        ])

        yield* coupons.reactivate([CouponRedemption.RedemptionId.make(redemption.id)])
        const after = yield* client.execute(CouponsApi.customerCouponsById, {
          path: { customerId },
          query: { coupon_code_case: "LOWER" }
        })
        const reactivated = after.entity[0]!
        assert.strictEqual(reactivated.code, used.code.toLowerCase())
        assert.deepStrictEqual([
          reactivated.redemptionInfo,
          reactivated.reversedRedemptionInfo!.length,
          reactivated.redemptionsLeft
        ], [
          [],
          1,
          1
        ])

        assert.instanceOf(
          yield* expectFailure(client.execute(CouponsApi.customerCouponsById, {
            path: { customerId: Coupon.CustomerId.make(999999) },
            query: {}
          })),
          CouponErrors.CustomerNotFound
        )
        const otherOrg = yield* tillService(
          OtherClient,
          otherClientLayer,
          Seed.demo.otherTill.username,
          Seed.demo.otherTill.password
        )
        assert.instanceOf(
          yield* expectFailure(otherOrg.execute(CouponsApi.customerCouponsById, { path: { customerId }, query: {} })),
          CouponErrors.CustomerNotFound
        )
      }))

    it("the documented detailed customer coupons answer decodes and encodes back", () => {
      const decoded = Schema.decodeUnknownResult(CouponsApi.DetailedCustomerCoupons)(documentedDetailedCoupons)
      assert(Result.isSuccess(decoded), Result.isFailure(decoded) ? decoded.failure.message : "")
      const value = decoded.success
      assert.deepStrictEqual(
        value.entity.map((coupon) => [coupon.code, coupon.series?.numIssued, coupon.redemptionsLeft]),
        [
          ["ER07BCJ8", 78, -1],
          ["H306ORH2", 78, -1]
        ]
      )
      assert.strictEqual(value.entity[0]!.status?.statusCode?.code, 700)
      const again = Schema.decodeUnknownSync(CouponsApi.DetailedCustomerCoupons)(
        Schema.encodeSync(CouponsApi.DetailedCustomerCoupons)(value)
      )
      assert.deepStrictEqual(again, value)
    })
  })
})

/** The documented answer of `GET /v2/customers/{customerId}/coupons` (Capillary's v2 documentation), verbatim. */
const documentedDetailedCoupons = JSON.parse(String.raw`{
    "entity": [
        {
            "id": 33267197,
            "seriesId": 14162,
            "series": {
                "id": 14162,
                "orgId": 50074,
                "description": "Mobile Push offer 1",
                "discountCode": "MobilePush",
                "validTillDate": "2118-09-10T16:09:02+05:30",
                "validDaysFromCreation": 30,
                "expiryStrategyValue": 200,
                "maxCreate": 1000,
                "maxRedeem": -1,
                "isTransferrable": false,
                "anyUser": false,
                "sameUserMultipleRedeem": false,
                "isReferralExistingUsersAllowed": false,
                "isMultipleUseAllowed": false,
                "isValidationRequired": false,
                "isValidWithDiscountedItem": false,
                "createdBy": 4,
                "numIssued": 78,
                "numRedeemed": 6,
                "createdOn": "2018-09-10T14:45:06+05:30",
                "lastUsed": "2019-10-31T16:47:39+05:30",
                "seriesCode": "GM0V3HXC",
                "smsTemplate": "{{full_name}} Your Coupon code {{voucher}} Expires on {{valid_days_from_create}} {{optout}}",
                "isSMSDisabled": false,
                "isUpdateProductData": false,
                "info": "Mobile Push offer 1",
                "isMultipleVouchersPerUserAllowed": true,
                "doNotResendExistingVoucher": true,
                "mutualExclusiveSeriesIds": "[]",
                "storeIdsJson": "[-1]",
                "isDvsEnabled": false,
                "dvsExpiryDate": "2019-11-30T00:00:00+05:30",
                "priority": 0,
                "shortSMSTemplate": "Hello {{cust_name}}, your voucher code is {{voucher_code}}",
                "maxVouchersPerUser": -1,
                "minDaysBetweenVouchers": -1,
                "maxReferralsPerReferee": -1,
                "discountUpto": 0,
                "discountValue": 10,
                "dvsItems": "false",
                "redemptionRange": "{\"dom\":[\"-1\"],\"dow\":[\"-1\"],\"hours\":[\"-1\"]}",
                "minBillAmount": 0,
                "maxBillAmount": 9007199254740991,
                "redeemAtStore": "[-1]",
                "campaignId": -1,
                "tag": "Mobile Push offer 1",
                "maxRedemptionsInSeriesPerUser": -1,
                "minDaysBetweenRedemption": -1,
                "redemptionValidFrom": "1970-01-01T05:30:00+05:30",
                "sourceOrgId": -1,
                "issueToLoyalty": false,
                "redeemStoreType": "redeemable_stores",
                "offlineRedeemType": false,
                "isOldFlowEnabled": false,
                "isPreRedeemEventRequired": false,
                "brands": [],
                "products": [],
                "categories": [],
                "termsAndConditions": "T&C apply",
                "signalRedemptionEvent": true,
                "syncToClient": false,
                "showPinCode": false,
                "validRedemptionOrgEntityDetails": {
                    "concepts": [],
                    "zones": [],
                    "stores": [],
                    "tills": []
                },
                "seriesType": "LOYALTY",
                "clientHandlingType": "DISC_CODE",
                "expiryStrategyType": "DAYS",
                "discountOn": "BILL",
                "discountType": "PERC",
                "dvsExpiryDateFormat": "2019-11-30",
                "updateProductData": false,
                "validTilldateFormat": "2118-09-10",
                "redemptionValidFromFormat": "1970-01-01"
            },
            "code": "ER07BCJ8",
            "description": "Mobile Push offer 1",
            "createdDate": "2019-10-31T17:15:02+05:30",
            "validTill": "2020-05-18T23:59:59+05:30",
            "isRedeemed": false,
            "issuedTo": 343040815,
            "issuedBy": 50006796,
            "orgId": 50074,
            "refId": 0,
            "issuedAt": {
                "id": 50006795,
                "code": "storecode",
                "description": "webenagestore",
                "name": "webstore1",
                "type": "STORE",
                "adminType": "GENERAL",
                "isOrgUnit": false
            },
            "status": {
                "statusCode": {
                    "status": true,
                    "code": 700,
                    "message": "Coupon Resent"
                },
                "warnings": [],
                "warningsAsStatusCode": [],
                "code": 700,
                "success": true,
                "message": "Coupon Resent"
            },
            "couponDiscountType": "PERC",
            "issuedOn": "2019-10-31T17:15:02+05:30",
            "activeFrom": "2019-10-31T00:00:00+05:30",
            "redemptionsLeft": -1,
            "couponStatus": {
                "statusCode": {
                    "status": true,
                    "code": 200,
                    "message": "Success"
                },
                "warnings": [],
                "warningsAsStatusCode": [],
                "code": 200,
                "success": true,
                "message": "Success"
            },
            "redemptionInfo": [],
            "discountType": false,
            "discountValue": 10,
            "discountUpto": 0,
            "redeemed": false,
            "seriesName": "Mobile Push offer 1",
            "trimmedCode": "ER07BCJ8"
        },
        {
            "id": 33267195,
            "seriesId": 14162,
            "series": {
                "id": 14162,
                "orgId": 50074,
                "description": "Mobile Push offer 1",
                "discountCode": "MobilePush",
                "validTillDate": "2118-09-10T16:09:02+05:30",
                "validDaysFromCreation": 30,
                "expiryStrategyValue": 200,
                "maxCreate": 1000,
                "maxRedeem": -1,
                "isTransferrable": false,
                "anyUser": false,
                "sameUserMultipleRedeem": false,
                "isReferralExistingUsersAllowed": false,
                "isMultipleUseAllowed": false,
                "isValidationRequired": false,
                "isValidWithDiscountedItem": false,
                "createdBy": 4,
                "numIssued": 78,
                "numRedeemed": 6,
                "createdOn": "2018-09-10T14:45:06+05:30",
                "lastUsed": "2019-10-31T16:47:39+05:30",
                "seriesCode": "GM0V3HXC",
                "smsTemplate": "{{full_name}} Your Coupon code {{voucher}} Expires on {{valid_days_from_create}} {{optout}}",
                "isSMSDisabled": false,
                "isUpdateProductData": false,
                "info": "Mobile Push offer 1",
                "isMultipleVouchersPerUserAllowed": true,
                "doNotResendExistingVoucher": true,
                "mutualExclusiveSeriesIds": "[]",
                "storeIdsJson": "[-1]",
                "isDvsEnabled": false,
                "dvsExpiryDate": "2019-11-30T00:00:00+05:30",
                "priority": 0,
                "shortSMSTemplate": "Hello {{cust_name}}, your voucher code is {{voucher_code}}",
                "maxVouchersPerUser": -1,
                "minDaysBetweenVouchers": -1,
                "maxReferralsPerReferee": -1,
                "discountUpto": 0,
                "discountValue": 10,
                "dvsItems": "false",
                "redemptionRange": "{\"dom\":[\"-1\"],\"dow\":[\"-1\"],\"hours\":[\"-1\"]}",
                "minBillAmount": 0,
                "maxBillAmount": 9007199254740991,
                "redeemAtStore": "[-1]",
                "campaignId": -1,
                "tag": "Mobile Push offer 1",
                "maxRedemptionsInSeriesPerUser": -1,
                "minDaysBetweenRedemption": -1,
                "redemptionValidFrom": "1970-01-01T05:30:00+05:30",
                "sourceOrgId": -1,
                "issueToLoyalty": false,
                "redeemStoreType": "redeemable_stores",
                "offlineRedeemType": false,
                "isOldFlowEnabled": false,
                "isPreRedeemEventRequired": false,
                "brands": [],
                "products": [],
                "categories": [],
                "termsAndConditions": "T&C apply",
                "signalRedemptionEvent": true,
                "syncToClient": false,
                "showPinCode": false,
                "validRedemptionOrgEntityDetails": {
                    "concepts": [],
                    "zones": [],
                    "stores": [],
                    "tills": []
                },
                "seriesType": "LOYALTY",
                "clientHandlingType": "DISC_CODE",
                "expiryStrategyType": "DAYS",
                "discountOn": "BILL",
                "discountType": "PERC",
                "dvsExpiryDateFormat": "2019-11-30",
                "updateProductData": false,
                "validTilldateFormat": "2118-09-10",
                "redemptionValidFromFormat": "1970-01-01"
            },
            "code": "H306ORH2",
            "description": "Mobile Push offer 1",
            "createdDate": "2019-10-31T17:14:49+05:30",
            "validTill": "2020-05-18T23:59:59+05:30",
            "isRedeemed": false,
            "issuedTo": 343040815,
            "issuedBy": 50006796,
            "orgId": 50074,
            "refId": 0,
            "issuedAt": {
                "id": 50006795,
                "code": "storecode",
                "description": "webenagestore",
                "name": "webstore1",
                "type": "STORE",
                "adminType": "GENERAL",
                "isOrgUnit": false
            },
            "status": {
                "statusCode": {
                    "status": true,
                    "code": 700,
                    "message": "Coupon Resent"
                },
                "warnings": [],
                "warningsAsStatusCode": [],
                "code": 700,
                "success": true,
                "message": "Coupon Resent"
            },
            "couponDiscountType": "PERC",
            "issuedOn": "2019-10-31T17:14:49+05:30",
            "activeFrom": "2019-10-31T00:00:00+05:30",
            "redemptionsLeft": -1,
            "couponStatus": {
                "statusCode": {
                    "status": true,
                    "code": 200,
                    "message": "Success"
                },
                "warnings": [],
                "warningsAsStatusCode": [],
                "code": 200,
                "success": true,
                "message": "Success"
            },
            "redemptionInfo": [],
            "discountType": false,
            "discountValue": 10,
            "discountUpto": 0,
            "redeemed": false,
            "seriesName": "Mobile Push offer 1",
            "trimmedCode": "H306ORH2"
        }
    ],
    "warnings": [],
    "errors": [],
    "success": true
}`)
