/**
 * The v1.1 service against a scripted server over a real socket: what each operation sends, how item statuses
 * and request statuses become results or named errors, what is refused before sending, and how an ambiguous
 * ticket creation is reconciled.
 */
import { CapillaryError } from "@capillary-effect/core"
import { ScriptedCapillary } from "@capillary-effect/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import {
  CustomerActivityErrors,
  CustomerBulkErrors,
  CustomerErrors,
  type CustomersV11,
  CustomerV11Errors,
  LoyaltyErrors
} from "../src/index.ts"
import { customersV11At, itemStatus, v11Answer, v11Refusal } from "./fixtures/v11Capillary.ts"

const tom = { mobile: "919000000001", firstname: "Tom" }
const ok = itemStatus(true, 1000, "Success")

/** Fails with the error of the call, whatever it is. */
const failure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

describe("CustomersV11", () => {
  it.live("sends each operation to its route, the friendly input as Capillary's body or query", () =>
    Effect.gen(function*() {
      const server = yield* ScriptedCapillary.serve((request) => {
        const key = /notes|transactions|redemptions|recommendations|interaction/.test(request.path) ||
            (request.path.endsWith("tickets") && request.method === "GET")
          ? "customer"
          : "customers"
        const item = request.path.endsWith("update_identity") ? { identifier: "mobile" } : { mobile: "919000000001" }
        return v11Answer([{ ...item, item_status: ok }], key)
      })
      const customers: CustomersV11.Service = yield* customersV11At(server.url)

      const added = yield* customers.add([tom, { email: "ann@example.com" }])
      assert.strictEqual(added.response.customers.customer[0]!.mobile, "919000000001")
      yield* customers.update({ mobile: "919000000001", lastname: "Sawyer" })
      yield* customers.updateIdentity({ identifier: "mobile", old_value: "919000000001", new_value: "919000000009" })
      yield* customers.get({ mobile: "919000000001,919000000002", mlp: true, user_id: true })
      yield* customers.transactions({ id: "42", limit: 5 })
      yield* customers.redemptions({ email: "tom@example.com", type: "points" })
      yield* customers.coupons({ external_id: "tom-1", status: "active" })
      yield* customers.addNotes({ id: "42", notes: [{ description: "Likes tea" }] })
      yield* customers.getNotes({ id: "42" })
      yield* customers.recommendations({ id: "42", limit: 3 })
      yield* customers.interactions({ id: "42", network: "capillary" })
      yield* customers.addTicket({ id: "42", ticket: [{ subject: "late delivery" }] })
      yield* customers.getTickets({ id: "42", priority: "high" })
      yield* customers.updatePreferences([{ id: "42", custom_fields: [{ name: "Likes", value: "Shoes" }] }])
      yield* customers.getPreferences({ id: "42", user_id: false })

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v1.1/customer/add", {}],
        ["POST", "/v1.1/customer/update", {}],
        ["POST", "/v1.1/customer/update_identity", {}],
        ["GET", "/v1.1/customer/get", { mobile: "919000000001,919000000002", mlp: "true", user_id: "true" }],
        ["GET", "/v1.1/customer/transactions", { id: "42", limit: "5" }],
        ["GET", "/v1.1/customer/redemptions", { email: "tom@example.com", type: "points" }],
        ["GET", "/v1.1/customer/coupons", { external_id: "tom-1", status: "active" }],
        ["POST", "/v1.1/customer/notes", {}],
        ["GET", "/v1.1/customer/notes", { id: "42" }],
        ["GET", "/v1.1/customer/recommendations", { id: "42", limit: "3" }],
        ["GET", "/v1.1/customer/interaction", { id: "42", network: "capillary" }],
        ["POST", "/v1.1/customer/tickets", {}],
        ["GET", "/v1.1/customer/tickets", { id: "42", priority: "high" }],
        ["POST", "/v1.1/customer/preferences", {}],
        ["GET", "/v1.1/customer/preferences", { id: "42", user_id: "false" }]
      ])
      assert.deepStrictEqual(server.sent[0]!.body, { root: { customer: [tom, { email: "ann@example.com" }] } })
      assert.deepStrictEqual(server.sent[1]!.body, {
        root: { customer: [{ mobile: "919000000001", lastname: "Sawyer" }] }
      })
      assert.deepStrictEqual(server.sent[7]!.body, {
        root: { customer: [{ id: "42", notes: { note: [{ description: "Likes tea" }] } }] }
      })
      assert.deepStrictEqual(server.sent[13]!.body, {
        root: { customer: [{ id: "42", custom_fields: { field: [{ name: "Likes", value: "Shoes" }] } }] }
      })
    }))

  it.live("a batch where some items failed succeeds, each item telling its outcome", () =>
    Effect.gen(function*() {
      const server = yield* ScriptedCapillary.serve(() =>
        v11Answer([
          { mobile: "919000000001", item_status: itemStatus(true, 1000, "Customer registration successful") },
          { mobile: "919000000002", item_status: itemStatus(false, 1032, "A customer already exists") }
        ])
      )
      const customers = yield* customersV11At(server.url)
      const answer = yield* customers.add([tom, { mobile: "919000000002" }])
      assert.strictEqual(answer.response.status.code, 201)
      assert.deepStrictEqual(answer.response.customers.customer.map((item) => item.item_status!.code), [1000, 1032])
      assert.deepStrictEqual(answer.response.customers.customer.map((item) => item.item_status!.success), [true, false])
    }))

  it.live("turns an item's code into the named error of the operation (HTTP 200, status 500)", () =>
    Effect.gen(function*() {
      let next: ScriptedCapillary.Answer = v11Answer([{
        item_status: itemStatus(false, 1014, "Customer is registered already")
      }])
      const server = yield* ScriptedCapillary.serve(() => next)
      const customers = yield* customersV11At(server.url)

      assert.instanceOf(yield* failure(customers.add([tom])), CustomerErrors.CustomerAlreadyExists)
      next = v11Answer([{ item_status: itemStatus(false, 1032, "mobile taken") }])
      assert.instanceOf(yield* failure(customers.add([tom])), CustomerErrors.IdentifierInUse)
      next = v11Answer([{ item_status: itemStatus(false, 1034, "bad date") }])
      assert.instanceOf(yield* failure(customers.add([tom])), CustomerV11Errors.InvalidRegistrationDate)
      // Every item of a batch failed: the call fails with the first item's error.
      next = v11Answer([
        { item_status: itemStatus(false, 1016, "email taken") },
        { item_status: itemStatus(false, 1033, "external id taken") }
      ])
      const both = yield* failure(customers.add([tom, { email: "ann@example.com" }]))
      assert.instanceOf(both, CustomerErrors.IdentifierInUse)
      assert.strictEqual((both as CustomerErrors.IdentifierInUse).code, 1016)

      next = v11Answer([{ item_status: itemStatus(false, 1046, "no downgrade") }])
      assert.instanceOf(
        yield* failure(customers.update({ id: "42", type: "NON_LOYALTY" })),
        CustomerV11Errors.LoyaltyConversionNotAllowed
      )
      next = v11Answer([{ item_status: itemStatus(false, 1041, "pending") }])
      assert.instanceOf(
        yield* failure(
          customers.updateIdentity({ identifier: "email", old_value: "a@example.com", new_value: "b@example.com" })
        ),
        CustomerV11Errors.IdentityChangeFailed
      )
      next = v11Answer([{ mobile: "919000000009", item_status: itemStatus(false, 1012, "Cannot find customer") }])
      const missing = yield* failure(customers.get({ mobile: "919000000009" }))
      assert.instanceOf(missing, CustomerErrors.CustomerNotFound)
      assert.strictEqual((missing as CustomerErrors.CustomerNotFound).message, "Cannot find customer")
      next = v11Answer([{ item_status: itemStatus(false, 1028, "No customer notes are available") }], "customer")
      assert.instanceOf(yield* failure(customers.getNotes({ id: "42" })), CustomerV11Errors.NoCustomerNotes)
      next = v11Answer([{ item_status: itemStatus(false, 1037, "no such note") }], "customer")
      assert.instanceOf(
        yield* failure(customers.addNotes({ id: "42", notes: [{ id: "9", description: "x" }] })),
        CustomerV11Errors.NotesUpdateFailed
      )
      next = v11Answer([{ item_status: itemStatus(false, 1051, "No recommendations") }], "customer")
      assert.instanceOf(
        yield* failure(customers.recommendations({ id: "42" })),
        CustomerActivityErrors.RecommendationsUnavailable
      )
      next = v11Answer([{ item_status: itemStatus(false, 1301, "same subject") }])
      assert.instanceOf(
        yield* failure(customers.addTicket({ id: "42", ticket: [{ subject: "late delivery" }] })),
        CustomerV11Errors.TicketAlreadyExists
      )
      next = v11Answer([{ item_status: itemStatus(false, 1031, "No preferences set") }])
      assert.instanceOf(yield* failure(customers.getPreferences({ id: "42" })), CustomerV11Errors.NoCustomerPreferences)

      // Request-level refusals carry the code in `response.status`.
      next = v11Refusal(1060, "Batch limit exceeded")
      assert.instanceOf(yield* failure(customers.add([tom])), CustomerBulkErrors.BatchLimitExceeded)
      next = v11Refusal(1015, "No identifier provided")
      assert.instanceOf(yield* failure(customers.get({ id: "42" })), CustomerV11Errors.MissingIdentifier)
      // An item code the operation does not name stays Capillary's error, with its code.
      next = v11Answer([{ item_status: itemStatus(false, 1099, "Unable to fetch tracker data") }])
      const other = yield* failure(customers.get({ id: "42" }))
      assert.instanceOf(other, CapillaryError.CapillaryError)
      assert.strictEqual((other as CapillaryError.CapillaryError).reason._tag, "ApiError")
    }))

  it.live("the customer read sends its options in their wire form and reads the parts they bring back", () =>
    Effect.gen(function*() {
      const server = yield* ScriptedCapillary.serve((request) =>
        request.query.program_id === "999"
          ? v11Answer([{ id: "42", item_status: itemStatus(false, 1101, "Invalid programId") }])
          : v11Answer([{
            id: "42",
            next_slab: "Platinum",
            next_slab_serial_number: "3",
            expiry_schedule: [{ points: "100", expiry_date: "2099-06-30 23:59:59", program_id: "1001" }],
            slab_history: {
              history: [{ to: "Gold", from: "Silver", type: "UPGRADE", changed_on: "2024-01-02 03:04:05" }]
            },
            delayed_accrual: {
              promised_points: "150",
              conversion_schedule: { schedule: [{ points: "150", conversion_date: "2099-01-15 00:00:00" }] }
            },
            user_groups2: [{ id: "7", name: "The Sawyers", primary_member: "true" }],
            item_status: itemStatus(true, 1000, "Customer successfully retrieved")
          }])
      )
      const customers = yield* customersV11At(server.url)
      const answer = yield* customers.get({
        card_external_id: "EXT-CARD-1",
        next_slab: true,
        expiry_schedule: true,
        slab_history: true,
        delayed_accrual: true,
        user_group: true,
        gap_to_upgrade_for: 30,
        program_id: 1001,
        coupon_status: "active",
        transactions: false,
        date: "2024-02-29",
        type: "RETURN"
      })
      assert.deepStrictEqual(server.sent[0]!.query, {
        card_external_id: "EXT-CARD-1",
        next_slab: "true",
        expiry_schedule: "true",
        slab_history: "true",
        delayed_accrual: "true",
        user_group: "true",
        gap_to_upgrade_for: "30",
        program_id: "1001",
        coupon_status: "active",
        transactions: "false",
        date: "2024-02-29",
        type: "RETURN"
      })
      const item = answer.response.customers.customer[0]!
      assert.deepStrictEqual([item.next_slab, item.next_slab_serial_number], ["Platinum", 3])
      assert.deepStrictEqual(item.expiry_schedule, [{
        points: 100,
        expiry_date: "2099-06-30 23:59:59",
        program_id: 1001
      }])
      assert.deepStrictEqual(item.slab_history!.map((change) => [change.from, change.to]), [["Silver", "Gold"]])
      assert.deepStrictEqual(item.delayed_accrual, {
        promised_points: 150,
        conversion_schedule: [{ points: 150, conversion_date: "2099-01-15 00:00:00" }]
      })
      assert.deepStrictEqual(item.user_groups2, [{ id: "7", name: "The Sawyers", primary_member: true }])

      // A program that is not the organisation's is 1101.
      const invalid = yield* failure(customers.get({ id: "42", program_id: 999 }))
      assert.instanceOf(invalid, LoyaltyErrors.InvalidProgram)
      assert.strictEqual((invalid as LoyaltyErrors.InvalidProgram).code, 1101)
      // Options Capillary would refuse are refused before sending.
      for (
        const query of [
          { id: "42", date: "2024-02-30" },
          { id: "42", gap_to_renew_for: -1 },
          { id: "42", program_id: 0 },
          { card_external_id: " " }
        ]
      ) {
        const error = yield* failure(customers.get(query))
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 2)
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* ScriptedCapillary.serve(() => v11Answer([{ item_status: ok }]))
      const customers = yield* customersV11At(server.url)
      const attempts: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        customers.add([{ firstname: "nobody" }]),
        customers.add([{ mobile: "12ab" }]),
        customers.update({ firstname: "Tom" }),
        customers.updateIdentity({ identifier: "mobile", old_value: "919000000001", new_value: "1" }),
        customers.get({}),
        customers.addTicket({ id: "42", ticket: [{ subject: " " }] }),
        customers.addNotes({ id: "42", notes: [] })
      ]
      for (const attempt of attempts) {
        const error = yield* failure(attempt)
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  it.live("reads an ambiguous ticket creation back by subject; sends it again when it is not there", () =>
    Effect.gen(function*() {
      const stored: Array<{ code: string; subject: string }> = []
      let resets = 1
      const server = yield* ScriptedCapillary.serve((request) => {
        if (request.method === "POST") {
          const subject = (request.body as any).root.customer[0].ticket[0].subject as string
          stored.push({ code: `t${stored.length + 1}`, subject })
          if (resets > 0) {
            resets--
            return "reset"
          }
          return v11Answer([{
            id: "42",
            ticket: { code: `t${stored.length}`, subject },
            item_status: itemStatus(true, 1300, "Ticket added successfully")
          }])
        }
        return v11Answer([{
          id: "42",
          tickets: { ticket: stored },
          item_status: itemStatus(true, 1300, "Ticket retrieved successfully")
        }], "customer")
      })
      const customers = yield* customersV11At(server.url)

      // The creation happened before the connection dropped: read back, not sent again.
      const answer = yield* customers.addTicket({ id: "42", ticket: [{ subject: "Late delivery" }] })
      assert.deepStrictEqual(answer.response.customers.customer[0]!.ticket!.map((ticket) => ticket.code), ["t1"])
      assert.strictEqual(answer.response.customers.customer[0]!.item_status!.code, 1300)
      assert.deepStrictEqual(server.sent.map((sent) => sent.method), ["POST", "GET"])
      assert.strictEqual(stored.length, 1)
    }))

  it.live("sends an ambiguous ticket again when reading back does not find it", () =>
    Effect.gen(function*() {
      let posts = 0
      const server = yield* ScriptedCapillary.serve((request) => {
        if (request.method === "POST") {
          posts++
          if (posts === 1) return "reset"
          return v11Answer([{
            id: "42",
            ticket: { code: "t1", subject: "Late delivery" },
            item_status: itemStatus(true, 1300, "Ticket added successfully")
          }])
        }
        return v11Answer([{
          id: "42",
          tickets: { ticket: [] },
          item_status: itemStatus(true, 1300, "Ticket retrieved successfully")
        }], "customer")
      })
      const customers = yield* customersV11At(server.url)
      const answer = yield* customers.addTicket({ id: "42", ticket: [{ subject: "Late delivery" }] })
      assert.strictEqual(answer.response.customers.customer[0]!.ticket![0]!.code, "t1")
      assert.deepStrictEqual(server.sent.map((sent) => sent.method), ["POST", "GET", "POST"])
    }))
})
