/**
 * The service against a scripted server over a real socket: what each operation sends, which errors come back,
 * what is refused before sending, and how an ambiguous registration is reconciled.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Customer, CustomerErrors, type Customers, LoyaltyErrors } from "../src/index.ts"
import { type Answer, customersAt, failure, serve } from "./fixtures/capillary.ts"

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

  it.live("a registration with enrolments: its query options sent as Capillary's strings, its side effects read", () =>
    Effect.gen(function*() {
      const answer = {
        createdId: 42,
        warnings: [],
        sideEffects: [{ entityType: "USER", rawAwardedPoints: 75.5, awardedPoints: 75, type: "points" }]
      }
      let next: Answer = { json: answer }
      const server = yield* serve(() => next)
      const customers = yield* customersAt(server.url)
      const enrolled: Customer.CustomerAdd = {
        ...tom,
        loyaltyProgramEnrollments: [{ programId: 1016, tierNumber: 2, loyaltyPoints: 75.5 }]
      }
      const created = yield* customers.add(enrolled, {
        source: "WECHAT",
        accountId: "wechat-1",
        rawSideEffects: true,
        mlpSingleEnroll: false
      })
      assert.deepStrictEqual(created.sideEffects, [
        { entityType: "USER", rawAwardedPoints: 75.5, awardedPoints: 75, type: "points" }
      ])
      assert.deepStrictEqual(server.sent[0]!.query, {
        source: "WECHAT",
        accountId: "wechat-1",
        rawSideEffects: "true",
        mlp_single_enroll: "false"
      })
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, enrolled)

      next = failure(1101, "Invalid programId")
      assert.instanceOf(yield* Effect.flip(customers.add(enrolled)), LoyaltyErrors.InvalidProgram)
      assert.instanceOf(
        yield* Effect.flip(
          customers.update(id, { loyaltyProgramEnrollments: [{ programId: 9 }] }, { source: "INSTORE" })
        ),
        LoyaltyErrors.InvalidProgram
      )
      next = failure(8089, "Customer is not in the loyalty program")
      assert.instanceOf(yield* Effect.flip(customers.add(enrolled)), CustomerErrors.NotInLoyaltyProgram)
      assert.instanceOf(
        yield* Effect.flip(customers.updateByIdentifier({
          source: "INSTORE",
          identifier: { type: "mobile", value: "919000000001" }
        }, { loyaltyProgramEnrollments: [{ programId: 9 }] })),
        CustomerErrors.NotInLoyaltyProgram
      )
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
      const attempts: ReadonlyArray<Effect.Effect<unknown, Customers.AddWithEnrolmentsError | Customers.LookupError>> =
        [
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

  describe("profile operations", () => {
    const written = { createdId: 42, warnings: [], sideEffects: [] }
    const searchPage = (offset: number, total: number, count: number) => ({
      pagination: { limit: 100, offset, total },
      data: Array.from({ length: count }, (_, i) => ({
        userId: offset + i + 1,
        matchedIdentifiers: [{ idType: "firstName", idValue: "Tom", source: "INSTORE", accountId: "" }],
        profiles: [{ source: "INSTORE", firstName: "Tom" }]
      })),
      warnings: [],
      errors: []
    })
    const change: Customer.IdentifierChange = {
      add: [{ type: "mobile", value: "919000000002" }],
      remove: [{ type: "email", value: "tom@example.com" }]
    }

    it.live("sends each profile operation to its route, with Capillary's query", () =>
      Effect.gen(function*() {
        const server = yield* serve((request) =>
          request.path === "/v2/customers/search"
            ? { json: searchPage(0, 1, 1) }
            : request.path.endsWith("/statusLog")
            ? { json: { data: [], warnings: [], errors: [] } }
            : request.path.endsWith("/deleteImage")
            ? { json: { data: [{ code: 200, message: "Success", status: "true" }], warnings: [], errors: [] } }
            : request.path.endsWith("/status")
            ? { json: { createdId: 42, warnings: [] } }
            : { json: written }
        )
        const customers = yield* customersAt(server.url)
        const changes: Customer.CustomerUpdate = {
          profiles: [{ firstName: "Thomas" }],
          extendedFields: { city: "Pune" }
        }

        yield* customers.update(id, changes, { source: "WECHAT", accountId: "wechat-1", useAsync: true })
        yield* customers.updateByIdentifier({
          source: "INSTORE",
          identifier: { type: "email", value: "tom@example.com" }
        }, changes)
        const page = yield* customers.search(" tom ", { limit: 5, offset: 10 })
        assert.strictEqual(page.pagination.total, 1)
        yield* customers.updateStatus(
          { source: "INSTORE", identifier: { type: "mobile", value: "919000000001" } },
          { label: "Suspended", reason: "lost phone" },
          { useAsync: false }
        )
        const log = yield* customers.statusLog(id)
        assert.deepStrictEqual(log.data, [])
        const changed = yield* customers.changeIdentifier(id, change, { source: "INSTORE" })
        assert.strictEqual(changed.createdId, 42)
        const deleted = yield* customers.deleteImages(id, [0, 2])
        assert.strictEqual(deleted.data[0]?.status, true)

        assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
          ["PUT", "/v2/customers/42", { source: "WECHAT", accountId: "wechat-1", use_async: "true" }],
          ["PUT", "/v2/customers/lookup", {
            source: "INSTORE",
            identifierName: "email",
            identifierValue: "tom@example.com"
          }],
          ["GET", "/v2/customers/search", { q: "tom", limit: "5", offset: "10" }],
          ["PUT", "/v2/customers/lookup/status", {
            source: "INSTORE",
            identifierName: "mobile",
            identifierValue: "919000000001",
            use_async: "false"
          }],
          ["GET", "/v2/customers/42/statusLog", {}],
          ["POST", "/v2/customers/42/changeIdentifier", { source: "INSTORE" }],
          ["DELETE", "/v2/customers/42/deleteImage", { image_ids: ["0", "2"] }]
        ])
        assert.deepStrictEqual<unknown>(server.sent[0]!.body, changes)
        assert.deepStrictEqual<unknown>(server.sent[3]!.body, { label: "Suspended", reason: "lost phone" })
        assert.deepStrictEqual<unknown>(server.sent[5]!.body, change)
        assert.strictEqual(server.sent[6]!.body, undefined)
      }))

    it.live("streams every search result, page by page, until pagination.total", () =>
      Effect.gen(function*() {
        const server = yield* serve((request) => {
          const offset = Number(request.query.offset)
          return { json: searchPage(offset, 230, Math.min(100, 230 - offset)) }
        })
        const customers = yield* customersAt(server.url)
        const all = yield* Stream.runCollect(customers.searchAll("tom"))
        assert.strictEqual(all.length, 230)
        assert.deepStrictEqual(all.slice(-1).map((result) => result.userId), [230])
        assert.deepStrictEqual(server.sent.map(({ query }) => query), [
          { q: "tom", offset: "0", limit: "100" },
          { q: "tom", offset: "100", limit: "100" },
          { q: "tom", offset: "200", limit: "100" }
        ])
      }))

    it.live("turns Capillary's codes into the named errors of each profile operation", () =>
      Effect.gen(function*() {
        let next = failure(8009, "Unable to identify the customer")
        const server = yield* serve(() => next)
        const customers = yield* customersAt(server.url)
        const lookup = { source: "INSTORE", identifier: { type: "mobile", value: "919000000001" } } as const
        const update = () => customers.update(id, { extendedFields: {} }, { source: "INSTORE" })
        const byIdentifier = () => customers.updateByIdentifier(lookup, { extendedFields: {} })
        const changeIds = () => customers.changeIdentifier(id, change, { source: "INSTORE" })
        const expect = (
          code: number,
          tag: string,
          attempts: ReadonlyArray<() => Effect.Effect<unknown, { _tag: string }>>
        ) =>
          Effect.gen(function*() {
            next = failure(code, `code ${code}`)
            for (const attempt of attempts) {
              const error = yield* Effect.flip(attempt())
              assert.strictEqual(error._tag, tag, `code ${code}`)
              assert.strictEqual((error as { code?: number }).code, code)
            }
          })
        yield* expect(8009, "CustomerNotFound", [update, changeIds])
        yield* expect(8065, "CustomerNotFound", [update, byIdentifier, changeIds, () => customers.statusLog(id)])
        yield* expect(8045, "InvalidSource", [update, changeIds])
        yield* expect(8069, "CustomerMerged", [update, changeIds, () => customers.deleteImages(id, [0])])
        yield* expect(1046, "LoyaltyDowngradeNotAllowed", [update, byIdentifier])
        yield* expect(8007, "IdentifierConflict", [update, changeIds])
        yield* expect(8008, "IdentifierConflict", [update, changeIds])
        yield* expect(1032, "IdentifierInUse", [update, changeIds])
        yield* expect(8056, "InvalidContactDetails", [update, changeIds])
        yield* expect(8058, "InvalidContactDetails", [byIdentifier])
        yield* expect(8013, "InvalidIdentifier", [byIdentifier, changeIds])
        yield* expect(8005, "IdentifierRequired", [changeIds])
        yield* expect(8066, "MergeConflict", [changeIds])
        yield* expect(8053, "MergeConflict", [changeIds])
        yield* expect(8102, "InvalidPaging", [() => customers.search("tom")])
        yield* expect(8086, "InvalidStatusLabel", [() => customers.updateStatus(lookup, { label: "Gone", reason: "" })])
        yield* expect(8078, "ImageNotFound", [() => customers.deleteImages(id, [3])])
      }))

    it.live("refuses invalid profile input before sending anything", () =>
      Effect.gen(function*() {
        const server = yield* serve(() => ({ json: written }))
        const customers = yield* customersAt(server.url)
        const attempts: ReadonlyArray<Effect.Effect<unknown, { readonly _tag: string }>> = [
          customers.update(id, {} as Customer.CustomerUpdate, { source: "INSTORE" }),
          customers.update(id, { profiles: [{ firstName: "x".repeat(101) }] }, { source: "INSTORE" }),
          customers.update(id, { extendedFields: {} }, { source: "ALL" as Customer.Source }),
          customers.updateByIdentifier({ source: "INSTORE", identifier: { type: "mobile", value: "12" } }, {
            extendedFields: {}
          }),
          customers.search("   "),
          customers.search("tom", { limit: 101 }),
          customers.search("tom", { offset: -1 }),
          customers.updateStatus(
            { source: "INSTORE", identifier: { type: "email", value: "tom@example.com" } },
            { label: "Active", reason: "", createdOn: "yesterday" }
          ),
          customers.changeIdentifier(id, {}, { source: "INSTORE" }),
          customers.changeIdentifier(id, { add: [{ type: "email", value: "nope" }] }, { source: "INSTORE" }),
          customers.deleteImages(id, [-1])
        ]
        for (const attempt of attempts) {
          const error = yield* Effect.flip(attempt)
          assert(error._tag === "CapillaryError", error._tag)
          assert.strictEqual((error as any).reason._tag, "InvalidRequest")
        }
        assert.strictEqual(server.sent.length, 0)
      }))

    it.live("an ambiguous identifier change is read back: applied, it is answered without sending again", () =>
      Effect.gen(function*() {
        const server = yield* serve((request) =>
          request.method === "POST" ? "reset" : {
            json: {
              id: 42,
              profiles: [{
                source: "INSTORE",
                accountId: "",
                identifiers: [{ type: "mobile", value: "919000000002" }]
              }],
              warnings: []
            }
          }
        )
        const customers = yield* customersAt(server.url)
        const changed = yield* customers.changeIdentifier(id, change, { source: "INSTORE" })
        assert.deepStrictEqual<unknown>(changed, { createdId: 42, warnings: [] })
        assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
          ["POST", "/v2/customers/42/changeIdentifier", { source: "INSTORE" }],
          ["GET", "/v2/customers/42", { source: "INSTORE" }]
        ])
      }))

    it.live("an ambiguous identifier change not found applied is sent again", () =>
      Effect.gen(function*() {
        let posts = 0
        const server = yield* serve((request) => {
          if (request.method === "GET") {
            return {
              json: {
                id: 42,
                profiles: [{
                  source: "INSTORE",
                  accountId: "",
                  identifiers: [{ type: "email", value: "tom@example.com" }]
                }]
              }
            }
          }
          posts++
          return posts === 1 ? "reset" : { json: { createdId: 42, warnings: [] } }
        })
        const customers = yield* customersAt(server.url)
        const changed = yield* customers.changeIdentifier(id, change, { source: "INSTORE" })
        assert.strictEqual(changed.createdId, 42)
        assert.deepStrictEqual(server.sent.map(({ method }) => method), ["POST", "GET", "POST"])
      }))

    it.live("an update is idempotent: an ambiguous failure is retried without a read-back", () =>
      Effect.gen(function*() {
        let puts = 0
        const server = yield* serve(() => {
          puts++
          return puts === 1 ? "reset" : { json: written }
        })
        const customers = yield* customersAt(server.url)
        const updated = yield* customers.update(id, { extendedFields: { city: "Pune" } }, { source: "INSTORE" })
        assert.strictEqual(updated.createdId, 42)
        assert.deepStrictEqual(server.sent.map(({ method }) => method), ["PUT", "PUT"])
      }))
  })
})
