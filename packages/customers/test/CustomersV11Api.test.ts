/** The v1.1 declarations as data: routes, idempotency, reversibility, error codes, per-customer keys. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { CustomersV11Api } from "../src/index.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const read = {
  1011: "CustomerNotFound",
  1012: "CustomerNotFound",
  816: "CustomerNotFound",
  1015: "MissingIdentifier",
  1104: "MissingIdentifier"
}

describe("CustomersV11Api", () => {
  it("declares the v1.1 customer routes under stable ids, in the Customer section", () => {
    assert.deepStrictEqual(
      CustomersV11Api.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path]),
      [
        ["customers.addV11", "POST", "/v1.1/customer/add"],
        ["customers.updateV11", "POST", "/v1.1/customer/update"],
        ["customers.updateIdentityV11", "POST", "/v1.1/customer/update_identity"],
        ["customers.getV11", "GET", "/v1.1/customer/get"],
        ["customers.transactionsV11", "GET", "/v1.1/customer/transactions"],
        ["customers.redemptionsV11", "GET", "/v1.1/customer/redemptions"],
        ["customers.couponsV11", "GET", "/v1.1/customer/coupons"],
        ["customers.addNotesV11", "POST", "/v1.1/customer/notes"],
        ["customers.getNotesV11", "GET", "/v1.1/customer/notes"],
        ["customers.recommendationsV11", "GET", "/v1.1/customer/recommendations"],
        ["customers.interactionsV11", "GET", "/v1.1/customer/interaction"],
        ["customers.addTicketV11", "POST", "/v1.1/customer/tickets"],
        ["customers.getTicketsV11", "GET", "/v1.1/customer/tickets"],
        ["customers.updatePreferencesV11", "POST", "/v1.1/customer/preferences"],
        ["customers.getPreferencesV11", "GET", "/v1.1/customer/preferences"]
      ]
    )
    for (const endpoint of CustomersV11Api.endpoints) {
      assert.strictEqual(endpoint.family, "v1.1")
      assert.strictEqual(endpoint.section, "Customer")
    }
    // The documented rate limits of v1.1 registration and update apply to these families.
    assert.strictEqual(CustomersV11Api.add.rateLimitFamily, "POST /v1.1/customer/add")
    assert.strictEqual(CustomersV11Api.update.rateLimitFamily, "POST /v1.1/customer/update")
  })

  it("says what sending a write again does, and what undoes it", () => {
    assert.deepStrictEqual(CustomersV11Api.add.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(CustomersV11Api.add.reversibility, Endpoint.irreversible)
    assert.deepStrictEqual(CustomersV11Api.update.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(CustomersV11Api.updateIdentity.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CustomersV11Api.addNotes.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CustomersV11Api.addTicket.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CustomersV11Api.updatePreferences.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(
      CustomersV11Api.updatePreferences.reversibility,
      Endpoint.reversible("customers.updatePreferencesV11")
    )
    for (const endpoint of CustomersV11Api.endpoints.filter((endpoint) => endpoint.method === "GET")) {
      assert.deepStrictEqual(endpoint.idempotency, Endpoint.read)
      assert.deepStrictEqual(endpoint.reversibility, Endpoint.noEffect)
    }
  })

  it("maps each documented item code to its named error", () => {
    assert.deepStrictEqual(codesOf(CustomersV11Api.add), {
      1014: "CustomerAlreadyExists",
      1016: "IdentifierInUse",
      1032: "IdentifierInUse",
      1033: "IdentifierInUse",
      1001: "InvalidIdentifierValue",
      1002: "InvalidIdentifierValue",
      1003: "InvalidIdentifierValue",
      1007: "InvalidIdentifierValue",
      1042: "InvalidIdentifierValue",
      1034: "InvalidRegistrationDate",
      1061: "InvalidStatusValue",
      1062: "InvalidStatusValue",
      1060: "BatchLimitExceeded"
    })
    assert.deepStrictEqual(codesOf(CustomersV11Api.update), {
      ...read,
      1016: "IdentifierInUse",
      1032: "IdentifierInUse",
      1033: "IdentifierInUse",
      1001: "InvalidIdentifierValue",
      1002: "InvalidIdentifierValue",
      1003: "InvalidIdentifierValue",
      1007: "InvalidIdentifierValue",
      1042: "InvalidIdentifierValue",
      1046: "LoyaltyConversionNotAllowed",
      1061: "InvalidStatusValue",
      1062: "InvalidStatusValue",
      1060: "BatchLimitExceeded"
    })
    assert.include(codesOf(CustomersV11Api.updateIdentity), {
      1025: "IdentityChangeFailed",
      1041: "IdentityChangeFailed"
    })
    for (const endpoint of [CustomersV11Api.transactions, CustomersV11Api.redemptions]) {
      assert.deepStrictEqual(codesOf(endpoint), read)
    }
    // The customer read names a program too (`program_id`).
    assert.deepStrictEqual(codesOf(CustomersV11Api.get), { ...read, 1101: "InvalidProgram" })
    assert.deepStrictEqual(codesOf(CustomersV11Api.getNotes), { ...read, 1028: "NoCustomerNotes" })
    assert.include(codesOf(CustomersV11Api.addNotes), { 1036: "NotesUpdateFailed", 1037: "NotesUpdateFailed" })
    assert.deepStrictEqual(codesOf(CustomersV11Api.recommendations), { ...read, 1051: "RecommendationsUnavailable" })
    assert.include(codesOf(CustomersV11Api.addTicket), {
      1301: "TicketAlreadyExists",
      1302: "TicketRejected",
      1303: "TicketRejected"
    })
    assert.include(codesOf(CustomersV11Api.getPreferences), {
      1031: "NoCustomerPreferences",
      1029: "PreferencesFailed"
    })
  })

  it("serialises each call per customer, by the first identifier given", () => {
    const body = Schema.decodeUnknownSync(CustomersV11Api.add.body)({
      root: { customer: [{ email: "", mobile: "919000000001" }, { mobile: "919000000002" }] }
    })
    assert.strictEqual(CustomersV11Api.add.customerKey!({ body }), "919000000001")
    assert.strictEqual(
      CustomersV11Api.get.customerKey!({ query: { email: "tom@example.com,ann@example.com" } }),
      "tom@example.com,ann@example.com"
    )
    // A card's external id names the customer read's customer when nothing else does.
    assert.strictEqual(CustomersV11Api.get.customerKey!({ query: { card_external_id: "EXT-CARD-1" } }), "EXT-CARD-1")
    assert.strictEqual(
      CustomersV11Api.get.customerKey!({ query: { id: "42", card_external_id: "EXT-CARD-1" } }),
      "42"
    )
    assert.strictEqual(CustomersV11Api.getNotes.customerKey!({ query: { id: "42", mobile: "919000000001" } }), "42")
    const identity = Schema.decodeUnknownSync(CustomersV11Api.updateIdentity.body)({
      root: { customer: { identifier: "mobile", old_value: "919000000001", new_value: "919000000009" } }
    })
    assert.strictEqual(CustomersV11Api.updateIdentity.customerKey!({ body: identity }), "919000000001")
  })
})
