/** The loyalty declarations as data: routes, sections, idempotency, error codes, per-customer keys, paging. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Customer, Loyalty, LoyaltyApi } from "../src/index.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const customerCodes = {
  8015: "CustomerNotFound",
  1011: "CustomerNotFound",
  1012: "CustomerNotFound",
  816: "CustomerNotFound",
  8069: "CustomerMerged"
}
const byId = { ...customerCodes, 1101: "InvalidProgram", 8062: "LoyaltyReadFailed" }
const lookup = { ...byId, 8003: "InvalidSource", 8011: "InvalidSource", 8013: "InvalidIdentifier" }

describe("LoyaltyApi", () => {
  it("declares the loyalty reads under stable ids, in their sections of the index", () => {
    assert.deepStrictEqual(
      LoyaltyApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.section]),
      [
        ["customers.loyaltyDetails", "GET", "/v2/customers/{customerId}/loyaltyDetails", "Customer"],
        [
          "customers.loyaltyDetailsByIdentifier",
          "GET",
          "/v2/customers/lookup/loyaltyDetails",
          "Customer (Lookup)"
        ],
        ["customers.pointsBalanceByIdentifier", "GET", "/v2/customers/lookup/points/balance", "Customer (Lookup)"],
        ["customers.tierDetails", "GET", "/v2/customers/{userId}/tierDetails", "Customer"],
        ["customers.tierDetailsByIdentifier", "GET", "/v2/customers/lookup/tierDetails", "Customer (Lookup)"],
        ["customers.pointsExpirySchedule", "GET", "/v2/customers/{userId}/pointsExpirySchedule", "Customer"],
        [
          "customers.pointsExpiryScheduleByIdentifier",
          "GET",
          "/v2/customers/lookup/pointsExpirySchedule",
          "Customer (Lookup)"
        ],
        ["customers.promisedPointsSchedule", "GET", "/v2/customers/{userId}/promisedPointsSchedule", "Customer"],
        [
          "customers.promisedPointsScheduleByIdentifier",
          "GET",
          "/v2/customers/lookup/promisedPointsSchedule",
          "Customer (Lookup)"
        ],
        ["customers.loyaltyEvents", "GET", "/v2/customers/{userId}/loyaltyEvents", "Customer"],
        ["customers.pointsTransfers", "GET", "/v2/customers/{userId}/pointsTransfers", "Customer"],
        ["customers.promotionData", "GET", "/v2/customers/lookup/promotionData", "Customer (Lookup)"],
        ["customers.userEntityTrackers", "GET", "/v2/customers/userEntityTrackers", "Customer"]
      ]
    )
    for (const endpoint of LoyaltyApi.endpoints) {
      assert.strictEqual(endpoint.family, "v2")
      assert.deepStrictEqual(endpoint.idempotency, Endpoint.read)
      assert.deepStrictEqual(endpoint.reversibility, Endpoint.noEffect)
      // the FLEET balance is the user groups package's variant of the same path: this one is the plain route
      assert.strictEqual(endpoint.variant, undefined)
    }
  })

  it("maps each documented code to its named error, on the endpoints where it can occur", () => {
    for (const endpoint of [LoyaltyApi.loyaltyDetails, LoyaltyApi.tierDetails, LoyaltyApi.pointsExpirySchedule]) {
      assert.deepStrictEqual(codesOf(endpoint), byId)
    }
    for (
      const endpoint of [
        LoyaltyApi.loyaltyDetailsByIdentifier,
        LoyaltyApi.tierDetailsByIdentifier,
        LoyaltyApi.pointsExpiryScheduleByIdentifier,
        LoyaltyApi.promisedPointsScheduleByIdentifier
      ]
    ) {
      assert.deepStrictEqual(codesOf(endpoint), lookup)
    }
    assert.deepStrictEqual(codesOf(LoyaltyApi.pointsBalanceByIdentifier), { ...lookup, 1212: "InvalidEntityType" })
    assert.deepStrictEqual(codesOf(LoyaltyApi.loyaltyEvents), {
      ...customerCodes,
      8100: "InvalidPaging",
      8101: "InvalidPaging",
      8102: "InvalidPaging"
    })
    assert.deepStrictEqual(codesOf(LoyaltyApi.pointsTransfers), customerCodes)
    assert.deepStrictEqual(codesOf(LoyaltyApi.userEntityTrackers), {
      1645: "InvalidGroup",
      1632: "InvalidGroup",
      1619: "InvalidGroup",
      1647: "InvalidEntityType",
      1099: "LoyaltyReadFailed"
    })
  })

  it("serialises per customer by id or by the identifier's value; trackers name a group, not a customer", () => {
    const id = Customer.CustomerId.make(42)
    assert.strictEqual(LoyaltyApi.loyaltyDetails.customerKey?.({ path: { customerId: id }, query: {} }), "42")
    assert.strictEqual(LoyaltyApi.pointsTransfers.customerKey?.({ path: { userId: id } }), "42")
    assert.strictEqual(
      LoyaltyApi.tierDetailsByIdentifier.customerKey?.({
        query: { source: "INSTORE", identifierName: "mobile", identifierValue: "919000000001" }
      }),
      "919000000001"
    )
    assert.strictEqual(LoyaltyApi.userEntityTrackers.customerKey, undefined)
  })

  it("pages loyalty events and promotion data by offset and limit", () => {
    const events = LoyaltyApi.loyaltyEvents.paging!
    assert.strictEqual(events.style, "offset-limit")
    assert.deepStrictEqual(events.first({}), { offset: 0, limit: Loyalty.eventsPage.default })
    const full = { data: Array.from({ length: 10 }, () => ({}) as Loyalty.LoyaltyEvent) }
    assert.deepStrictEqual(events.next({ offset: 0, limit: 10 }, full), { offset: 10, limit: 10 })
    assert.strictEqual(events.next({ offset: 10, limit: 10 }, { data: full.data.slice(0, 3) }), undefined)
    const promotions = LoyaltyApi.promotionData.paging!
    const query = { source: "INSTORE", identifierName: "mobile", identifierValue: "919000000001" } as const
    const page = {
      data: [{}, {}],
      pageDetails: { pageNumber: 0, pageSize: 2, totalEntries: 3, pageCount: 2 }
    }
    assert.deepStrictEqual(promotions.next({ ...query, offset: 0, limit: 2 }, page), { ...query, offset: 2, limit: 2 })
    assert.strictEqual(promotions.next({ ...query, offset: 2, limit: 2 }, { ...page, data: [{}] }), undefined)
  })
})
