/**
 * The v1.1 customer schemas: every documented example decodes (and encodes back to what decodes the same), the
 * loose wire types are read as Capillary sends them, and requests carry Capillary's validation.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { CustomerEngagementV11, CustomerV11 } from "../src/index.ts"
import * as Examples from "./fixtures/v11Examples.ts"

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown): S["Type"] => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success
}

const rejects = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

/** Decodes, encodes back, and decodes the encoding to the same value. */
const roundTrips = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown): S["Type"] => {
  const decoded = accepts(schema, input)
  const encoded = Schema.encodeSync(schema)(decoded)
  assert.deepStrictEqual(accepts(schema, encoded), decoded)
  return decoded
}

const addOne = (customer: Record<string, unknown>) => ({ root: { customer: [customer] } })

describe("CustomerV11", () => {
  describe("documented examples", () => {
    it("every documented answer decodes and encodes back", () => {
      const answers: ReadonlyArray<readonly [Schema.Codec<any, any, never, never>, unknown]> = [
        [CustomerV11.CustomersResponse, Examples.addResponse],
        [CustomerV11.CustomersResponse, Examples.updateResponse],
        [CustomerV11.CustomersResponse, Examples.getResponse],
        [CustomerV11.IdentityChangeResponse, Examples.updateIdentityResponse],
        [CustomerV11.TransactionsResponse, Examples.transactionsResponse],
        [CustomerV11.RedemptionsResponse, Examples.redemptionsResponse],
        [CustomerV11.CouponsResponse, Examples.couponsResponse],
        [CustomerEngagementV11.NotesResponse, Examples.addNotesResponse],
        [CustomerEngagementV11.NotesResponse, Examples.updateNotesResponse],
        [CustomerEngagementV11.NotesResponse, Examples.getNotesResponse],
        [CustomerEngagementV11.TicketAddResponse, Examples.addTicketResponse],
        [CustomerEngagementV11.TicketsResponse, Examples.getTicketsResponse],
        [CustomerEngagementV11.PreferencesResponse, Examples.preferencesResponse],
        [CustomerEngagementV11.PreferencesResponse, Examples.getPreferencesResponse],
        [CustomerEngagementV11.InteractionsResponse, Examples.interactionsResponse]
      ]
      for (const [schema, answer] of answers) roundTrips(schema, answer)
    })

    it("every documented request decodes", () => {
      roundTrips(CustomerV11.AddRequest, Examples.addRequest)
      roundTrips(CustomerV11.UpdateRequest, Examples.updateRequest)
      roundTrips(CustomerV11.IdentityChangeRequest, Examples.updateIdentityRequest)
      roundTrips(CustomerEngagementV11.NotesRequest, Examples.addNotesRequest)
      roundTrips(CustomerEngagementV11.TicketRequest, Examples.addTicketRequest)
      roundTrips(CustomerEngagementV11.PreferencesRequest, Examples.preferencesRequest)
    })

    it("reads v1.1's loose types: numbers as strings, single objects as lists, warnings as codes", () => {
      const added = accepts(CustomerV11.CustomersResponse, Examples.addResponse)
      assert.deepStrictEqual(added.response.status, {
        success: true,
        code: 200,
        message: "Success",
        total: 2,
        success_count: 2
      })
      const [tom, rita] = added.response.customers.customer
      assert.strictEqual(tom!.user_id, "343445381")
      assert.deepStrictEqual(tom!.item_status, {
        success: true,
        code: 1000,
        message: "Customer registration successful",
        warnings: [1017]
      })
      assert.strictEqual(tom!.points_summaries![0]!.nextSlabSerialNumber, 2)
      assert.strictEqual(tom!.points_summaries![0]!.totalPoints, "")
      assert.deepStrictEqual(rita!.extended_fields![0], { name: "gender", value: "Female" })
      assert.strictEqual(rita!.subscriptions!.length, 4)

      // The documented customer read has no "response" wrapper; it is read as if it had one.
      const read = accepts(CustomerV11.CustomersResponse, Examples.getResponse)
      const [customer] = read.response.customers.customer
      assert.strictEqual(customer!.lifetime_points, 2300)
      assert.deepStrictEqual(customer!.custom_fields, [{ name: "gender", value: "value_308645" }])
      assert.deepStrictEqual(customer!.coupons!.map((coupon) => [coupon.code, coupon.redeemed]), [
        ["4OZ1UDDA", true],
        ["ZBW1S4QT", false]
      ])
      assert.deepStrictEqual(customer!.item_status!.warnings, [])
      assert.deepStrictEqual(Object.keys(Schema.encodeSync(CustomerV11.CustomersResponse)(read)), ["response"])

      const identity = accepts(CustomerV11.IdentityChangeResponse, Examples.updateIdentityResponse)
      assert.strictEqual(identity.response.customers.customer[0]!.updated, true)
      assert.strictEqual(identity.response.customers.customer[0]!.item_status!.code, 1040)

      const transactions = accepts(CustomerV11.TransactionsResponse, Examples.transactionsResponse)
      const [history] = transactions.response.customer
      assert.strictEqual(history!.count, 26)
      assert.strictEqual(history!.transactions![0]!.amount, 3000)
      assert.deepStrictEqual(history!.transactions![0]!.points, { issued: 30, redeemed: 20 })

      const redemptions = accepts(CustomerV11.RedemptionsResponse, Examples.redemptionsResponse)
      const [redeemed] = redemptions.response.customer
      assert.strictEqual(redeemed!.redemptions!.coupons![0]!.code, "832-pghhi6u1")
      assert.deepStrictEqual(redeemed!.redemptions!.points!.map((point) => [point.id, point.points_redeemed]), [
        ["121614", 200],
        ["121656", 30]
      ])

      const coupons = accepts(CustomerV11.CouponsResponse, Examples.couponsResponse)
      assert.deepStrictEqual(coupons.response.pagination, { limit: 100, offset: 0, total: 1 })
      const [holder] = coupons.response.customers.customer
      assert.strictEqual(holder!.coupons![0]!.redemptions![0]!.redeemed_at!.name, "My store")

      const interactions = accepts(CustomerEngagementV11.InteractionsResponse, Examples.interactionsResponse)
      assert.strictEqual(interactions.response.status.response_code, 200)
      const networks = interactions.response.customer[0]!.interactions!
      assert.deepStrictEqual(networks.map((network) => [network.name, network.interaction?.length]), [
        ["facebook", 1],
        ["twitter", 2],
        ["capillary", 3]
      ])

      const notes = accepts(CustomerEngagementV11.NotesResponse, Examples.addNotesResponse)
      assert.deepStrictEqual(notes.response.customer[0]!.notes, [
        { id: "1", date: "2012-05-05 15:15:00", description: "Likes Maggi" }
      ])
      assert.strictEqual(notes.response.customer[0]!.item_status!.success, true)

      const tickets = accepts(CustomerEngagementV11.TicketsResponse, Examples.getTicketsResponse)
      assert.deepStrictEqual(tickets.response.customer[0]!.tickets![0]!.custom_fields, [
        { name: "field1", value: "value1" }
      ])
    })
  })

  describe("wire helpers", () => {
    it("formats and reads v1.1 dates in UTC", () => {
      const at = Date.UTC(2016, 8, 11, 11, 11, 11)
      assert.strictEqual(CustomerV11.formatDateTime(at), "2016-09-11 11:11:11")
      assert.strictEqual(CustomerV11.parseDateTime("2016-09-11 11:11:11"), at)
      assert.strictEqual(CustomerV11.parseDateTime("2016-09-11"), Date.UTC(2016, 8, 11))
      assert.isUndefined(CustomerV11.parseDateTime("11-09-2016"))
      assert.isUndefined(CustomerV11.parseDateTime("2016-13-45 99:00:00"))
    })

    it("names customers by the first identifier given, several at once separated by commas", () => {
      assert.deepStrictEqual(
        CustomerV11.identifiersOf({ mobile: "919000000001", email: " ", external_id: "x-1", user_id: "42" }),
        [
          { type: "id", value: "42" },
          { type: "mobile", value: "919000000001" },
          { type: "external_id", value: "x-1" }
        ]
      )
      assert.deepStrictEqual(
        CustomerV11.requestedIdentifiers({ email: "a@example.com, b@example.com,", mobile: "919000000001" }),
        [{ type: "mobile", value: "919000000001" }]
      )
      assert.deepStrictEqual(CustomerV11.requestedIdentifiers({ email: "a@example.com, b@example.com," }), [
        { type: "email", value: "a@example.com" },
        { type: "email", value: "b@example.com" }
      ])
      assert.deepStrictEqual(CustomerV11.requestedIdentifiers({ mobile: " , " }), [])
    })

    it("a batch's status: 200 all succeeded, 201 some failed, 500 all failed", () => {
      const done = { item_status: { success: true, code: 1000, message: "ok" } }
      const failed = { item_status: { success: false, code: 1012, message: "not found" } }
      assert.deepStrictEqual(CustomerV11.batchStatus([done, done]), {
        success: true,
        code: 200,
        message: "Success",
        total: 2,
        success_count: 2
      })
      assert.strictEqual(CustomerV11.batchStatus([done, failed]).code, 201)
      assert.deepStrictEqual(CustomerV11.batchStatus([failed, failed]), {
        success: false,
        code: 500,
        message: "All requests have failed due to errors",
        total: 2,
        success_count: 0
      })
    })
  })

  describe("request validation", () => {
    it("a registration needs a valid mobile, email or external id", () => {
      // A mobile sent as a number, as the documentation's types allow, is read as a string.
      const decoded = accepts(CustomerV11.AddRequest, addOne({ mobile: 919000000001 }))
      assert.strictEqual(decoded.root.customer[0]!.mobile, "919000000001")
      accepts(CustomerV11.AddRequest, addOne({ email: "tom@example.com", mobile: "" }))
      accepts(CustomerV11.AddRequest, { root: { customer: { external_id: "tom-1" } } })
      assert.include(rejects(CustomerV11.AddRequest, addOne({ firstname: "Tom" })), "1007")
      assert.include(rejects(CustomerV11.AddRequest, addOne({ mobile: "12ab" })), "8 to 15 digits")
      rejects(CustomerV11.AddRequest, addOne({ mobile: "1234567" }))
      assert.include(rejects(CustomerV11.AddRequest, addOne({ email: "tom@" })), "local@domain.tld")
      rejects(CustomerV11.AddRequest, addOne({ external_id: "x".repeat(251) }))
      rejects(CustomerV11.AddRequest, addOne({ mobile: "919000000001", firstname: "x".repeat(101) }))
    })

    it("dates, types, groups and statuses are Capillary's", () => {
      const valid = { mobile: "919000000001" }
      accepts(CustomerV11.AddRequest, addOne({ ...valid, registered_on: "2016-09-11 11:11:11", type: "non_loyalty" }))
      assert.include(
        rejects(CustomerV11.AddRequest, addOne({ ...valid, registered_on: "2016-09-11T11:11:11Z" })),
        "YYYY-MM-DD HH:MM:SS"
      )
      rejects(CustomerV11.AddRequest, addOne({ ...valid, registered_on: "2016-02-31 25:00:00" }))
      rejects(CustomerV11.AddRequest, addOne({ ...valid, type: "VIP" }))
      rejects(CustomerV11.AddRequest, addOne({ ...valid, test_control_status: "MAYBE" }))
      rejects(CustomerV11.AddRequest, addOne({ ...valid, source: "SOMEWHERE" }))
      accepts(CustomerV11.UpdateRequest, addOne({ id: 42, fraud_status: { status: "confirmed" } }))
      rejects(CustomerV11.UpdateRequest, addOne({ id: "42", fraud_status: { status: "SUSPECT" } }))
    })

    it("batches: 1 to 100 registrations; one update, identity change, notes or ticket request at a time", () => {
      const customers = Array.from({ length: 101 }, (_, i) => ({ mobile: `9190000${String(i).padStart(5, "0")}` }))
      accepts(CustomerV11.AddRequest, { root: { customer: customers.slice(0, 100) } })
      rejects(CustomerV11.AddRequest, { root: { customer: customers } })
      rejects(CustomerV11.AddRequest, { root: { customer: [] } })
      rejects(CustomerV11.UpdateRequest, { root: { customer: [{ id: "1" }, { id: "2" }] } })
      assert.include(rejects(CustomerV11.UpdateRequest, addOne({ firstname: "Tom" })), "names the customer")
    })

    it("an identity change names a known identifier type and a valid, different new value", () => {
      const change = (identifier: string, old_value: string, new_value: string) => ({
        root: { customer: [{ identifier, old_value, new_value }] }
      })
      accepts(CustomerV11.IdentityChangeRequest, change("email", "a@example.com", "b@example.com"))
      rejects(CustomerV11.IdentityChangeRequest, change("wechat", "a", "b"))
      rejects(CustomerV11.IdentityChangeRequest, change("mobile", "919000000001", "12"))
      assert.include(
        rejects(CustomerV11.IdentityChangeRequest, change("external_id", "x-1", "x-1")),
        "the current one"
      )
    })

    it("a read names a customer", () => {
      accepts(CustomerV11.GetQuery, { mobile: "919000000001,919000000002", mlp: "true", coupon_limit: "5" })
      assert.include(rejects(CustomerV11.GetQuery, { mlp: "true" }), "mobile, email, external_id or id")
      rejects(CustomerV11.GetQuery, { id: " , " })
      rejects(CustomerV11.GetQuery, { id: "1", coupon_limit: "-1" })
      rejects(CustomerV11.CouponsQuery, { id: "1", status: "redeemed;lost" })
      accepts(CustomerV11.CouponsQuery, { id: "1", status: "redeemed;EXPIRED", start_date: "2024-01-31" })
      rejects(CustomerV11.RedemptionsQuery, { id: "1", start_date: "31-01-2024" })
    })

    it("notes have text, tickets a subject, preferences values or a store", () => {
      const notes = (note: Record<string, unknown>) => ({ root: { customer: { id: "42", notes: { note } } } })
      accepts(CustomerEngagementV11.NotesRequest, notes({ description: "Likes tea" }))
      rejects(CustomerEngagementV11.NotesRequest, notes({ description: "  " }))
      rejects(CustomerEngagementV11.NotesRequest, notes({ description: "x", date: "yesterday" }))
      rejects(CustomerEngagementV11.NotesRequest, { root: { customer: { id: "42", notes: { note: [] } } } })

      const ticket = (fields: Record<string, unknown>) => ({
        root: { customer: [{ mobile: "919000000001", ticket: fields }] }
      })
      accepts(CustomerEngagementV11.TicketRequest, ticket({ subject: "late delivery", priority: "low" }))
      assert.include(rejects(CustomerEngagementV11.TicketRequest, ticket({ subject: "" })), "1303")
      rejects(CustomerEngagementV11.TicketRequest, ticket({ subject: "x", priority: "urgent" }))
      rejects(CustomerEngagementV11.TicketRequest, ticket({ subject: "x", reported_from: "PIGEON" }))

      const preferences = (fields: Record<string, unknown>) => ({ root: { customer: [{ id: "42", ...fields }] } })
      accepts(CustomerEngagementV11.PreferencesRequest, preferences({ store: { code: "demo.store" } }))
      accepts(
        CustomerEngagementV11.PreferencesRequest,
        preferences({ custom_fields: { field: { name: "Likes", value: "Shoes" } } })
      )
      assert.include(rejects(CustomerEngagementV11.PreferencesRequest, preferences({})), "custom_fields")
    })
  })
})
