/**
 * The v1.1 customer schemas: every documented example decodes (and encodes back to what decodes the same), the
 * loose wire types are read as Capillary sends them, and requests carry Capillary's validation.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { CustomerEngagementV11, CustomerV11 } from "../src/index.ts"
import * as Examples from "./fixtures/v11Examples.ts"
import * as GetExamples from "./fixtures/v11GetExamples.ts"

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

/** The one item of a list. */
const only = <A>(items: ReadonlyArray<A>) => {
  assert.strictEqual(items.length, 1)
  return items[0]!
}

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

  describe("the customer read's documented answers", () => {
    it("every documented customer read decodes and encodes back, old and current", () => {
      for (
        const answer of [
          GetExamples.legacyGetResponse,
          GetExamples.resultResponse,
          GetExamples.userIdResponse,
          GetExamples.couponOrderByResponse,
          GetExamples.programSummaryResponse,
          GetExamples.slabHistoryResponse,
          GetExamples.failedResponse
        ]
      ) roundTrips(CustomerV11.CustomersResponse, answer)
    })

    it("an older read: customers as an array, empty elements as [] and [[]], every optional part", () => {
      const read = accepts(CustomerV11.CustomersResponse, GetExamples.legacyGetResponse)
      const tom = only(read.response.customers.customer)
      assert.deepStrictEqual([tom.current_slab, tom.custom_fields, tom.segments, tom.transactions], ["", [], [], []])
      assert.deepStrictEqual([tom.ndnc_status, tom.optin_status], ["NONE", "NONE"])
      assert.deepStrictEqual(tom.expiry_schedule, [{ points: 10, expiry_date: "2014-03-25" }])
      assert.deepStrictEqual(tom.expired_points, [{ points: 10, expired_on: "2013-12-20" }])
      assert.deepStrictEqual(tom.slab_history, [{
        to: "TIER2-GOLD",
        from: "TIER1-SILVER",
        store: { code: "store.code", name: "store.name" },
        type: "UPGRADE",
        changed_on: "2014-01-24T19:29:40+05:30",
        notes: "done by the scron"
      }])
      assert.deepStrictEqual(tom.points_summary, { expired: 103, redeemed: 120, adjusted: 10, returned: 30 })
      const promotions = tom.promotion_points!
      assert.deepStrictEqual(promotions.customer!.map((item) => [item.points, item.issued_on]), [
        [30, "2014-01-23"],
        [30, "2014-01-21"]
      ])
      assert.deepStrictEqual(promotions.transactions!.map((item) => [item.transaction_id, item.points]), [[
        "4325",
        349
      ]])
      assert.deepStrictEqual(
        promotions.lineitems!.map((item) => [item.lineitem_id, item.transaction_id, item.points]),
        [
          ["10342", "245", 13]
        ]
      )
      assert.deepStrictEqual(tom.coupons!.map((coupon) => [coupon.code, coupon.redeemed]), [["00b5nis2", true]])
      // Written back as v1.1 writes it now: wrapped lists, the customers under "customer".
      const encoded = Schema.encodeSync(CustomerV11.CustomersResponse)(read) as any
      assert.deepStrictEqual(encoded.response.customers.customer[0].slab_history.history[0].to, "TIER2-GOLD")
      assert.deepStrictEqual(encoded.response.customers.customer[0].segments, { segment: [] })
    })

    it("the current reads: user groups, tier history, programs with their partner programs, failed items", () => {
      const rita = only(accepts(CustomerV11.CustomersResponse, GetExamples.resultResponse).response.customers.customer)
      assert.deepStrictEqual([rita.gender, rita.user_groups2, rita.trackers, rita.coupons], [null, [], [], []])
      assert.deepStrictEqual(rita.fraud_details, { status: "NONE", marked_by: "", modified_on: "", reason: "" })

      const withId = only(
        accepts(CustomerV11.CustomersResponse, GetExamples.userIdResponse).response.customers.customer
      )
      assert.strictEqual(withId.user_id, "98662653")
      assert.strictEqual(withId.lifetime_points, 26447.104)
      assert.deepStrictEqual(withId.transactions![0], {
        id: "373930882",
        number: "numtest-1239",
        type: "REGULAR",
        created_date: "2023-04-05 17:07:23",
        store: "Mobile App"
      })
      assert.strictEqual(withId.coupons!.length, 10)
      assert.strictEqual(withId.coupons![0]!.same_user_multiple_redeem, false)
      const ordered = only(
        accepts(CustomerV11.CustomersResponse, GetExamples.couponOrderByResponse).response.customers.customer
      )
      assert.isUndefined(ordered.user_id)

      const history = only(
        accepts(CustomerV11.CustomersResponse, GetExamples.slabHistoryResponse).response.customers
          .customer
      ).slab_history!
      assert.strictEqual(history.length, 15)
      assert.deepStrictEqual(history[0], {
        to: "Rhodium",
        from: "Rhodium",
        store: { code: "teststore", name: "test" },
        type: "RENEW",
        changed_on: "2024-01-01 02:30:03",
        notes: "points_engine_tier_downgrade visits: 9 purchase: 422976.0",
        program_id: 469
      })
      assert.deepStrictEqual(history.map((change) => change.type).filter((type) => type !== "RENEW"), [
        "UPGRADE",
        "DOWNGRADE",
        "UPGRADE",
        "DOWNGRADE",
        "UPGRADE",
        "UPGRADE"
      ])

      const programs = only(
        accepts(CustomerV11.CustomersResponse, GetExamples.programSummaryResponse).response
          .customers.customer
      ).programs_list!
      assert.deepStrictEqual(programs.map((program) => program.programId).slice(0, 4), [469, 742, 753, 772])
      const [main] = programs
      assert.deepStrictEqual([main!.programName, main!.isDefault, main!.pointsToCurrencyRatio], [
        "Default Program",
        true,
        0.01
      ])
      assert.strictEqual(main!.PartnerPrograms!.length, 37)
      const airasia = main!.PartnerPrograms!.find((partner) => partner.partnerProgramId === 18)!
      assert.deepStrictEqual(airasia.partnerProgramTiers, [
        { tierNumber: 1, tierName: "Bronze" },
        { tierNumber: 2, tierName: "Silver" },
        { tierNumber: 3, tierName: "Gold" }
      ])
      assert.deepStrictEqual(programs.filter((program) => program.PartnerPrograms!.length === 0).length, 9)

      const failed = accepts(CustomerV11.CustomersResponse, GetExamples.failedResponse).response
      assert.strictEqual(failed.status.code, 500)
      assert.deepStrictEqual(failed.customers.customer.map((item) => [item.id, item.item_status!.code]), [
        ["172157568", 8109],
        [undefined, 400]
      ])
    })

    it("the gaps to upgrade and to renew, as parts of a program's points summary", () => {
      const documented = GetExamples.snippet(GetExamples.gapToUpgradeSnippet)
      const upgrade = roundTrips(CustomerV11.PointsSummary, documented).gap_to_upgrade!
      assert.deepStrictEqual(roundTrips(CustomerV11.PointsSummary, GetExamples.gapToUpgradeResponse), {
        gap_to_upgrade: upgrade
      })
      assert.deepStrictEqual(upgrade.upgrade_strategy, [{
        upgrade_based_on: "TRACKER_VALUE_BASED",
        upgrade_entity_identifers: {
          tracker_name: "2 Years Upgrade Tracker",
          tracker_type: "BILL_AMOUNT",
          tracker_mode: "MOVING_WINDOW",
          tracker_case_name: "730Days_Case",
          tracker_case_period_type: "DAYS",
          tracker_case_period_value: "730"
        },
        upgrade_threshold: 25000,
        customer_upgrade_entity_values: { current_value: 9786, gap_to_upgrade: 15214, value_valid_upto: "2022-05-06" }
      }])
      const renew = roundTrips(CustomerV11.PointsSummary, GetExamples.snippet(GetExamples.gapToRenewSnippet))
        .gap_to_renew!
      assert.deepStrictEqual([renew.tier_expiry_date, renew.renew_confirmed], ["2020-09-03", false])
      assert.deepStrictEqual(
        renew.renew_strategy!.map((strategy) => [
          strategy.renew_based_on,
          strategy.renew_threshold,
          strategy.customer_renew_entity_value,
          strategy.customer_gap_to_renew_value
        ]),
        [["VISITS", 56000, 1, 55999], ["PURCHASE", 30000, 1200, 28800], ["POINTS", 50000, 460, 49540]]
      )
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
      // Days and times that do not exist, which the platform's parser would roll over.
      assert.isUndefined(CustomerV11.parseDateTime("2024-02-30"))
      assert.isUndefined(CustomerV11.parseDateTime("2023-02-29 10:00:00"))
      assert.strictEqual(CustomerV11.parseDateTime("2024-02-29"), Date.UTC(2024, 1, 29))
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

    it("the customer read takes every documented option, in its wire form", () => {
      const wire = {
        card_external_id: "EXT-CARD-1",
        user_id: "true",
        coupon_limit: "5",
        coupon_offset: "1",
        coupon_order_by: "valid_till",
        coupon_sort_order: "asc",
        coupon_active: "true",
        coupon_status: "unredeemed",
        coupon_offer: "0",
        coupon_org_entity_type: "STORE",
        coupon_org_entity_value: "demo.store",
        next_slab: "true",
        slab_history: "true",
        registered_store: "false",
        registered_till: "false",
        fraud_details: "false",
        ndnc_status: "true",
        optin_status: "true",
        expiry_schedule: "true",
        expired_points: "true",
        points_summary: "true",
        promotion_points: "true",
        membership_retention_criteria: "true",
        tier_upgrade_criteria: "true",
        mlp: "true",
        gap_to_upgrade_for: "30",
        gap_to_renew_for: "0",
        user_group: "true",
        customer_image: "true",
        transactions: "false",
        subscriptions: "true",
        segments: "true",
        member_care_access: "true",
        card_details: "true",
        tracker_info: "true",
        delayed_accrual: "true",
        basic: "false",
        program_id: "1001",
        program_summary: "true",
        number: "BILL-1",
        store_code: "demo.store",
        till_code: "demo.till",
        amount: "1500.5",
        date: "2024-02-29",
        type: "NOT_INTERESTED_RETURN",
        tenders: "true",
        credit_notes: "false"
      }
      const query = roundTrips(CustomerV11.GetQuery, wire as Record<string, string>)
      assert.deepStrictEqual(
        [query.program_id, query.gap_to_upgrade_for, query.amount, query.registered_store, query.coupon_offer],
        [1001, 30, 1500.5, false, 0]
      )
      assert.deepStrictEqual<unknown>(Schema.encodeSync(CustomerV11.GetQuery)(query), wire)
      // A card's external id names a customer when nothing else does.
      assert.deepStrictEqual(CustomerV11.requestedIdentifiers(query), [{
        type: "card_external_id",
        value: "EXT-CARD-1"
      }])
      assert.deepStrictEqual(CustomerV11.requestedIdentifiers({ ...query, mobile: "919000000001" }), [
        { type: "mobile", value: "919000000001" }
      ])
      for (
        const [name, value] of [
          ["coupon_status", "open"],
          ["coupon_org_entity_type", "REGION"],
          ["coupon_order_by", "amount"],
          ["type", "SALE"],
          ["date", "2024-02-30"],
          ["date", "2024-02-29 10:00:00"],
          ["program_id", "0"],
          ["program_id", "abc"],
          ["gap_to_upgrade_for", "-1"],
          ["gap_to_renew_for", "1.5"],
          ["coupon_offer", "-3"],
          ["amount", "lots"],
          ["expiry_schedule", "yes"],
          ["mlp", "1"]
        ] as const
      ) rejects(CustomerV11.GetQuery, { id: "42", [name]: value })
    })

    it("a read names a customer", () => {
      accepts(CustomerV11.GetQuery, { mobile: "919000000001,919000000002", mlp: "true", coupon_limit: "5" })
      assert.include(
        rejects(CustomerV11.GetQuery, { mlp: "true" }),
        "mobile, email, external_id, id or card_external_id"
      )
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
