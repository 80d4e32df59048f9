/** The declarations as data: routes, idempotency, reversibility, error codes, per-customer keys, wire schemas. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Customer, CustomerErrors, CustomersApi } from "../src/index.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const mobile = { type: "mobile", value: "919000000001" } as const

describe("CustomersApi", () => {
  it("declares the v2 routes under stable ids", () => {
    assert.deepStrictEqual(
      CustomersApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.family]),
      [
        ["customers.add", "POST", "/v2/customers", "v2"],
        ["customers.get", "GET", "/v2/customers/{id}", "v2"],
        ["customers.getByIdentifier", "GET", "/v2/customers/lookup/customerDetails", "v2"],
        ["customers.lookup", "GET", "/v2/customers/lookup", "v2"],
        ["customers.update", "PUT", "/v2/customers/{id}", "v2"],
        ["customers.updateByIdentifier", "PUT", "/v2/customers/lookup", "v2"],
        ["customers.search", "GET", "/v2/customers/search", "v2"],
        ["customers.updateStatus", "PUT", "/v2/customers/lookup/status", "v2"],
        ["customers.statusLog", "GET", "/v2/customers/{id}/statusLog", "v2"],
        ["customers.changeIdentifier", "POST", "/v2/customers/{id}/changeIdentifier", "v2"],
        ["customers.setImages", "POST", "/v2/customers/{id}/setImage", "v2"],
        ["customers.setImagesByIdentifier", "POST", "/v2/customers/lookup/setImage", "v2"],
        ["customers.deleteImages", "DELETE", "/v2/customers/{id}/deleteImage", "v2"]
      ]
    )
    assert.deepStrictEqual(
      CustomersApi.endpoints.map((endpoint) => endpoint.section),
      [
        "Customer",
        "Customer",
        "Customer (Lookup)",
        "Customer",
        "Customer",
        "Customer (Lookup)",
        "Customer",
        "Customer (Lookup)",
        "Customer",
        "Customer",
        "Customer",
        "Customer (Lookup)",
        "Customer"
      ]
    )
  })

  it("a registration is an unsafe, irreversible write; reads change nothing", () => {
    assert.deepStrictEqual(CustomersApi.add.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(CustomersApi.add.reversibility, Endpoint.irreversible)
    for (
      const read of [
        CustomersApi.get,
        CustomersApi.getByIdentifier,
        CustomersApi.lookup,
        CustomersApi.search,
        CustomersApi.statusLog
      ]
    ) {
      assert.deepStrictEqual(read.idempotency, Endpoint.read)
      assert.deepStrictEqual(read.reversibility, Endpoint.noEffect)
    }
  })

  it("updates and status changes set values (idempotent); identifier changes and image deletions do not", () => {
    for (const write of [CustomersApi.update, CustomersApi.updateByIdentifier]) {
      assert.deepStrictEqual(write.idempotency, Endpoint.idempotent)
      assert.deepStrictEqual(write.reversibility, Endpoint.irreversible)
    }
    assert.deepStrictEqual(CustomersApi.updateStatus.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(CustomersApi.updateStatus.reversibility, Endpoint.reversible("customers.updateStatus"))
    for (const write of [CustomersApi.changeIdentifier, CustomersApi.deleteImages]) {
      assert.deepStrictEqual(write.idempotency, Endpoint.unsafe)
      assert.deepStrictEqual(write.reversibility, Endpoint.irreversible)
    }
  })

  it("the search is paged by offset and limit, 100 a page, up to pagination.total", () => {
    const paging = CustomersApi.search.paging!
    assert.strictEqual(paging.style, "offset-limit")
    const first = paging.first({ q: "tom" })
    assert.deepStrictEqual(first, { q: "tom", offset: 0, limit: 100 })
    const result = (userId: number) => ({
      userId: Customer.CustomerId.make(userId),
      matchedIdentifiers: [],
      profiles: []
    })
    const full = {
      pagination: { limit: 100, offset: 0, total: 150 },
      data: Array.from({ length: 100 }, (_, i) => result(i + 1))
    }
    assert.deepStrictEqual(paging.next(first, full), { q: "tom", offset: 100, limit: 100 })
    const last = { pagination: { limit: 100, offset: 100, total: 150 }, data: [result(101)] }
    assert.strictEqual(paging.next({ q: "tom", offset: 100, limit: 100 }, last), undefined)
    assert.deepStrictEqual(paging.items(last), [result(101)])
  })

  it("maps each documented code to its named error, on the endpoints where it can occur", () => {
    // linking a card number issues the card
    const cardLink = { 3004: "CardSeriesNotFound", 3017: "InvalidCardStatus", 3036: "MaxActiveCardsExceeded" }
    assert.deepStrictEqual(codesOf(CustomersApi.add), {
      8006: "CustomerAlreadyExists",
      1016: "IdentifierInUse",
      1032: "IdentifierInUse",
      1033: "IdentifierInUse",
      8003: "InvalidSource",
      8011: "InvalidSource",
      ...cardLink,
      1101: "InvalidProgram",
      8089: "NotInLoyaltyProgram"
    })
    const notFound = {
      8015: "CustomerNotFound",
      8065: "CustomerNotFound",
      1011: "CustomerNotFound",
      1012: "CustomerNotFound",
      816: "CustomerNotFound"
    }
    const invalidSource = { 8003: "InvalidSource", 8011: "InvalidSource", 8012: "InvalidSource", 8045: "InvalidSource" }
    const read = { ...notFound, ...invalidSource, 8069: "CustomerMerged" }
    assert.deepStrictEqual(codesOf(CustomersApi.get), read)
    assert.deepStrictEqual(codesOf(CustomersApi.getByIdentifier), { ...read, 8013: "InvalidIdentifier" })
    assert.deepStrictEqual(codesOf(CustomersApi.lookup), { ...read, 8013: "InvalidIdentifier" })
    const update = {
      ...read,
      8009: "CustomerNotFound",
      1046: "LoyaltyDowngradeNotAllowed",
      8018: "LoyaltyDowngradeNotAllowed",
      8007: "IdentifierConflict",
      8008: "IdentifierConflict",
      1016: "IdentifierInUse",
      1032: "IdentifierInUse",
      1033: "IdentifierInUse",
      8055: "InvalidContactDetails",
      8056: "InvalidContactDetails",
      8057: "InvalidContactDetails",
      8058: "InvalidContactDetails",
      8010: "InvalidContactDetails",
      8064: "InvalidContactDetails",
      1101: "InvalidProgram",
      8089: "NotInLoyaltyProgram"
    }
    assert.deepStrictEqual(codesOf(CustomersApi.update), update)
    assert.deepStrictEqual(codesOf(CustomersApi.updateByIdentifier), { ...update, 8013: "InvalidIdentifier" })
    assert.deepStrictEqual(codesOf(CustomersApi.search), {
      8100: "InvalidPaging",
      8101: "InvalidPaging",
      8102: "InvalidPaging"
    })
    assert.deepStrictEqual(codesOf(CustomersApi.updateStatus), {
      ...read,
      8013: "InvalidIdentifier",
      8086: "InvalidStatusLabel"
    })
    assert.deepStrictEqual(codesOf(CustomersApi.statusLog), { ...notFound, 8069: "CustomerMerged" })
    const {
      1046: _downgrade,
      8018: _downgradeToo,
      1101: _program,
      8089: _notLoyalty,
      ...identityRules
    } = update
    assert.deepStrictEqual(codesOf(CustomersApi.changeIdentifier), {
      ...identityRules,
      8013: "InvalidIdentifier",
      8005: "IdentifierRequired",
      8053: "MergeConflict",
      8066: "MergeConflict",
      8067: "MergeConflict",
      ...cardLink
    })
    assert.deepStrictEqual(codesOf(CustomersApi.deleteImages), {
      ...notFound,
      8069: "CustomerMerged",
      8078: "ImageNotFound"
    })
    const error = new CustomerErrors.CustomerNotFound({ code: 8015, message: "not found", requestId: "r-1" })
    assert.strictEqual(error._tag, "CustomerNotFound")
    assert.strictEqual(error.requestId, "r-1")
  })

  it("serialises per customer: the first identifier of a registration, the id, the looked-up value", () => {
    const body: Customer.CustomerAdd = {
      profiles: [{ source: "INSTORE", identifiers: [mobile, { type: "email", value: "tom@example.com" }] }]
    }
    assert.strictEqual(CustomersApi.add.customerKey?.({ query: {}, body }), "919000000001")
    assert.strictEqual(
      CustomersApi.get.customerKey?.({ path: { id: Customer.CustomerId.make(17742) }, query: {} }),
      "17742"
    )
    const query = { source: "ALL", identifierName: "mobile", identifierValue: "919000000001" } as const
    assert.strictEqual(CustomersApi.lookup.customerKey?.({ query }), "919000000001")
    assert.strictEqual(CustomersApi.getByIdentifier.customerKey?.({ query }), "919000000001")
    const id = Customer.CustomerId.make(17742)
    const changes: Customer.CustomerUpdate = { extendedFields: { city: "Pune" } }
    assert.strictEqual(
      CustomersApi.update.customerKey?.({ path: { id }, query: { source: "INSTORE" }, body: changes }),
      "17742"
    )
    const write = { source: "INSTORE", identifierName: "email", identifierValue: "tom@example.com" } as const
    assert.strictEqual(
      CustomersApi.updateByIdentifier.customerKey?.({ query: write, body: changes }),
      "tom@example.com"
    )
    assert.strictEqual(
      CustomersApi.updateStatus.customerKey?.({ query: write, body: { label: "Active", reason: "" } }),
      "tom@example.com"
    )
    assert.strictEqual(CustomersApi.statusLog.customerKey?.({ path: { id } }), "17742")
    assert.strictEqual(
      CustomersApi.changeIdentifier.customerKey?.({
        path: { id },
        query: { source: "INSTORE" },
        body: { add: [mobile] }
      }),
      "17742"
    )
    assert.strictEqual(CustomersApi.deleteImages.customerKey?.({ path: { id }, query: { image_ids: [0] } }), "17742")
    assert.strictEqual(CustomersApi.search.customerKey, undefined)
  })

  it("the registration's query: source and account, rawSideEffects and mlp_single_enroll as Capillary's strings", () => {
    const query = CustomersApi.add.query as unknown as Schema.Codec<Customer.AddQuery, Record<string, string>>
    const wire = { source: "WECHAT", accountId: "wechat-1", rawSideEffects: "true", mlp_single_enroll: "false" }
    const decoded = Schema.decodeUnknownSync(query)(wire)
    assert.deepStrictEqual(decoded, {
      source: "WECHAT",
      accountId: "wechat-1",
      rawSideEffects: true,
      mlp_single_enroll: false
    })
    assert.deepStrictEqual(Schema.encodeSync(query)(decoded), wire)
    assert.deepStrictEqual(Schema.decodeUnknownSync(query)({}), {})
    assert.throws(() => Schema.decodeUnknownSync(query)({ source: "ALL" }))
    assert.throws(() => Schema.decodeUnknownSync(query)({ rawSideEffects: "yes" }))
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of CustomersApi.endpoints) {
      for (const schema of [endpoint.params, endpoint.query, endpoint.body, endpoint.success]) {
        if (schema === undefined) continue
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
