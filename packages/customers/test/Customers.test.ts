/**
 * The service against a scripted server over a real socket: what each operation sends, which errors come back,
 * what is refused before sending, and how an ambiguous registration is reconciled.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Customer, CustomerErrors, type Customers } from "../src/index.ts"
import { customersAt, failure, serve } from "./fixtures/capillary.ts"

const tom: Customer.CustomerAdd = {
  loyaltyInfo: { loyaltyType: "loyalty" },
  profiles: [{
    firstName: "Tom",
    lastName: "Sawyer",
    source: "WECHAT",
    accountId: "wechat-1",
    identifiers: [{ type: "mobile", value: "919000000001" }, { type: "email", value: "tom@example.com" }]
  }]
}

const customerBody = {
  id: 42,
  profiles: [{ source: "WECHAT", accountId: "wechat-1", userId: 42, identifiers: [] }],
  warnings: []
}

const id = Customer.CustomerId.make(42)

describe("Customers", () => {
  it.live("sends each operation to its route, the friendly input as Capillary's query", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.method === "POST"
          ? { json: { createdId: 42, warnings: [], sideEffects: [] } }
          : request.path === "/v2/customers/lookup"
          ? { json: { entity: 42, warnings: [] } }
          : { json: customerBody }
      )
      const customers = yield* customersAt(server.url)

      const created = yield* customers.add(tom)
      assert.strictEqual(created.createdId, 42)
      const byId = yield* customers.get(id)
      assert.instanceOf(byId, Customer.Customer)
      yield* customers.get(id, { source: "INSTORE", accountId: "" })
      const byIdentifier = yield* customers.getByIdentifier({
        source: "WECHAT",
        accountId: "wechat-1",
        identifier: { type: "email", value: "tom@example.com" }
      })
      assert.strictEqual(byIdentifier.id, 42)
      const found = yield* customers.lookup({ source: "ALL", identifier: { type: "externalId", value: "tom-1" } })
      assert.strictEqual(found.entity, 42)

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/customers", {}],
        ["GET", "/v2/customers/42", { source: "ALL" }],
        ["GET", "/v2/customers/42", { source: "INSTORE", accountId: "" }],
        ["GET", "/v2/customers/lookup/customerDetails", {
          source: "WECHAT",
          accountId: "wechat-1",
          identifierName: "email",
          identifierValue: "tom@example.com"
        }],
        ["GET", "/v2/customers/lookup", { source: "ALL", identifierName: "externalId", identifierValue: "tom-1" }]
      ])
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, tom)
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next = failure(8006, "add failed, customer already exists with id 42 for the same source")
      const server = yield* serve(() => next)
      const customers = yield* customersAt(server.url)
      const lookup = customers.lookup({ source: "INSTORE", identifier: { type: "mobile", value: "919000000001" } })

      assert.instanceOf(yield* Effect.flip(customers.add(tom)), CustomerErrors.CustomerAlreadyExists)
      for (const [code, error] of [[1016, "email"], [1032, "mobile"], [1033, "external id"]] as const) {
        next = failure(code, `${error} already used by another customer`)
        const inUse = yield* Effect.flip(customers.add(tom))
        assert.instanceOf(inUse, CustomerErrors.IdentifierInUse)
        assert.strictEqual((inUse as CustomerErrors.IdentifierInUse).code, code)
      }
      next = failure(8011, "Invalid source")
      assert.instanceOf(yield* Effect.flip(customers.add(tom)), CustomerErrors.InvalidSource)

      for (const code of [8015, 1011, 1012, 816]) {
        next = failure(code, "Customer not found for the given identifiers")
        assert.instanceOf(yield* Effect.flip(customers.get(id)), CustomerErrors.CustomerNotFound)
        assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.CustomerNotFound)
      }
      next = failure(8069, "Customer merged into another account")
      assert.instanceOf(yield* Effect.flip(customers.get(id)), CustomerErrors.CustomerMerged)
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.CustomerMerged)
      next = failure(8003, "Invalid source")
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.InvalidSource)
      next = failure(8013, "Invalid identifier")
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.InvalidIdentifier)
      // not a customer error: the core error, with Capillary's code
      next = failure(8010, "Invalid comm channel")
      const other = yield* Effect.flip(customers.add(tom))
      assert.instanceOf(other, CapillaryError.CapillaryError)
      assert(other._tag === "CapillaryError" && other.reason._tag === "ApiError")
      assert.strictEqual(other.reason.code, 8010)
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: { createdId: 1, warnings: [] } }))
      const customers = yield* customersAt(server.url)
      const badMobile = {
        ...tom,
        profiles: [{ ...tom.profiles[0], identifiers: [{ type: "mobile", value: "+91 90000 00001" }] }]
      } as unknown as Customer.CustomerAdd
      const badName = { ...tom, profiles: [{ ...tom.profiles[0], firstName: "T".repeat(101) }] } as Customer.CustomerAdd
      const attempts: ReadonlyArray<Effect.Effect<unknown, Customers.AddError | Customers.LookupError>> = [
        customers.add(badMobile),
        customers.add(badName),
        customers.add({ profiles: [] } as unknown as Customer.CustomerAdd),
        customers.lookup({ source: "INSTORE", identifier: { type: "email", value: "not-an-email" } }),
        customers.getByIdentifier({ source: "INSTORE", identifier: { type: "mobile", value: "12" } }),
        customers.get(Customer.CustomerId.make(1), { source: "NOWHERE" as Customer.LookupSource })
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        assert(error._tag === "CapillaryError", error._tag)
        assert.strictEqual(error.reason._tag, "InvalidRequest")
        assert.strictEqual(error.attempts, 0)
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  it.live("an ambiguous registration is looked up by its first identifier in its source, and found", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.method === "POST" ? "reset" : { json: { entity: 42, warnings: [] } }
      )
      const customers = yield* customersAt(server.url)
      const created = yield* customers.add(tom)
      assert.deepStrictEqual<unknown>(created, { createdId: 42, warnings: [] })
      assert.deepStrictEqual(server.sent.map(({ method, query }) => [method, query]), [
        ["POST", {}],
        ["GET", { source: "WECHAT", accountId: "wechat-1", identifierName: "mobile", identifierValue: "919000000001" }]
      ])
    }))

  it.live("an ambiguous registration that the lookup does not find is sent again", () =>
    Effect.gen(function*() {
      let posts = 0
      const server = yield* serve((request) => {
        if (request.method === "GET") return failure(8015, "Customer not found for the given identifiers")
        posts++
        return posts === 1 ? "reset" : { json: { createdId: 43, warnings: [], sideEffects: [] } }
      })
      const customers = yield* customersAt(server.url)
      const created = yield* customers.add(tom)
      assert.strictEqual(created.createdId, 43)
      assert.deepStrictEqual(server.sent.map(({ method }) => method), ["POST", "GET", "POST"])
    }))

  it.live("an ambiguous registration whose lookup fails stays ambiguous", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) => request.method === "POST" ? "reset" : failure(8003, "Invalid source"))
      const customers = yield* customersAt(server.url)
      const error = yield* Effect.flip(customers.add(tom))
      assert(error._tag === "CapillaryError")
      assert.strictEqual(error.reason._tag, "AmbiguousOutcome")
      assert.strictEqual(server.sent.filter(({ method }) => method === "POST").length, 1)
    }))
})
