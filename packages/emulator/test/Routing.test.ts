/**
 * Endpoint variants: two endpoints on one method and path, one selected by a fixed query parameter. Both are
 * served; a request with the variant's value reaches the variant (whatever order the catalog lists them in),
 * without it (or with another value) the plain one; the SDK client always sends the variant's parameter; the
 * OpenAPI document lists the variant under the plain operation's `x-capillary-variants`. Then the same for the
 * real variants of the group loyalty reads, which share their paths with the customers' reads; in a catalog
 * without them, a group balance reaches the customers' read, which does not model it (501).
 */
import { CapillaryClient, Endpoint } from "@capillary-effect/core"
import { GroupLoyaltyApi } from "@capillary-effect/usergroups"
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { handle } from "../src/Behaviour.ts"
import {
  CustomerBehaviours,
  Emulator,
  GroupLoyaltyBehaviours,
  LedgerBehaviours,
  RequestLog,
  Seed,
  UserGroupBehaviours
} from "../src/index.ts"
import * as Routing from "../src/internal/routing.ts"
import { admin } from "./fixtures/admin.ts"
import { fastRetries } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const Served = Schema.Struct({
  served: Schema.String,
  thingId: Schema.String,
  kind: Schema.optional(Schema.String),
  warnings: Schema.Array(Schema.Unknown)
})

const shared = {
  section: "Test",
  family: "v2",
  method: "GET",
  path: "/v2/test/things/{thingId}",
  params: Schema.Struct({ thingId: Schema.String }),
  query: Schema.Struct({ kind: Schema.optional(Schema.String) }),
  success: Served
} as const

const plain = Endpoint.make({ ...shared, id: "test.plainThing", summary: "A thing" })
const special = Endpoint.make({
  ...shared,
  id: "test.specialThing",
  summary: "A special thing",
  variant: { kind: "SPECIAL" }
})

const serve =
  (name: string) =>
  (input: { readonly path: { readonly thingId: string }; readonly query: { readonly kind?: string | undefined } }) =>
    Effect.succeed({
      served: name,
      thingId: input.path.thingId,
      ...(input.query.kind === undefined ? {} : { kind: input.query.kind }),
      warnings: []
    })

// The variant is listed second: routing puts it first on its own.
const catalog = Emulator.catalog(Emulator.defaultCatalog, GroupLoyaltyBehaviours.catalog, {
  endpoints: [plain, special],
  behaviours: [handle(plain, serve("plain")), handle(special, serve("special"))],
  migrations: {}
})

const thing = (path: string) => Effect.map(raw(path), ({ body, status }) => [status, body.served, body.kind] as const)

describe("routing order", () => {
  it("puts the variant before the plain endpoint on the same path, in either order", () => {
    for (const endpoints of [[plain, special], [special, plain]]) {
      const routes = Routing.order(endpoints.map(Routing.compile))
      assert.deepStrictEqual(routes.map((route) => route.endpoint.id), ["test.specialThing", "test.plainThing"])
      const chosen = (query: string) =>
        routes.find((route) => Routing.matches(route, "GET", new URL(`http://x/v2/test/things/a${query}`)))?.endpoint.id
      assert.strictEqual(chosen("?kind=SPECIAL"), "test.specialThing")
      assert.strictEqual(chosen("?kind=special"), "test.plainThing")
      assert.strictEqual(chosen(""), "test.plainThing")
    }
  })
})

layer(Emulator.layerTest({ catalog, client: { retry: fastRetries } }), { excludeTestServices: true })(
  "variants against the emulator",
  (it) => {
    it.effect("a request with the variant's value reaches the variant; without it, the plain endpoint", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* thing("/v2/test/things/a?kind=SPECIAL"), [200, "special", "SPECIAL"])
        assert.deepStrictEqual(yield* thing("/v2/test/things/a"), [200, "plain", undefined])
        assert.deepStrictEqual(yield* thing("/v2/test/things/a?kind=OTHER"), [200, "plain", "OTHER"])
        // the request log names the endpoint that served each
        const log = yield* RequestLog.RequestLog
        const recent = yield* log.recent(3)
        assert.deepStrictEqual(
          recent.map((entry) => entry.endpoint).sort(),
          ["test.plainThing", "test.plainThing", "test.specialThing"]
        )
      }))

    it.effect("the SDK client always sends the variant's parameters", () =>
      Effect.gen(function*() {
        const client = yield* CapillaryClient.CapillaryClient
        const viaVariant = yield* client.execute(special, { path: { thingId: "b" }, query: {} })
        assert.deepStrictEqual([viaVariant.served, viaVariant.kind], ["special", "SPECIAL"])
        const viaPlain = yield* client.execute(plain, { path: { thingId: "b" }, query: {} })
        assert.deepStrictEqual([viaPlain.served, viaPlain.kind], ["plain", undefined])
      }))

    it.effect("the OpenAPI document lists the variant under the plain operation", () =>
      Effect.gen(function*() {
        const { body, status } = yield* admin("/openapi.json")
        assert.strictEqual(status, 200)
        const operation = body.paths["/v2/test/things/{thingId}"].get
        assert.strictEqual(operation.operationId, "test.plainThing")
        assert.deepStrictEqual(
          operation["x-capillary-variants"].map((variant: { when: unknown; operationId: string }) => [
            variant.when,
            variant.operationId
          ]),
          [[{ kind: "SPECIAL" }, "test.specialThing"]]
        )
      }))

    it.effect("the group loyalty variants: listed under the customers' reads, and served by the group reads", () =>
      Effect.gen(function*() {
        const { body } = yield* admin("/openapi.json")
        const variantsOf = (path: string) =>
          (body.paths[path].get["x-capillary-variants"] ?? []).map((
            variant: { when: unknown; operationId: string }
          ) => [
            variant.when,
            variant.operationId
          ])
        assert.deepStrictEqual(
          body.paths["/v2/customers/{userId}/points/balance"].get.operationId,
          "rewards.pointsBalance"
        )
        assert.deepStrictEqual(variantsOf("/v2/customers/{userId}/points/balance"), [
          [{ entityType: "FLEET" }, "usergroups.groupBalance"]
        ])
        assert.deepStrictEqual(variantsOf("/v2/pointsLedger/getCustomerLedgerInfo"), [
          [{ type: "USERGROUP2" }, "usergroups.groupLedger"]
        ])
        for (const endpoint of GroupLoyaltyApi.endpoints) {
          const operation = body.paths[endpoint.path].get
          const listed = [operation, ...(operation["x-capillary-variants"] ?? [])].map((op: { operationId: string }) =>
            op.operationId
          )
          assert.include(listed, endpoint.id)
        }
        // served: a customer's own balance by the customers' read, their group's by the group read
        const log = yield* RequestLog.RequestLog
        const tom = Seed.demo.customers.tom.id
        const own = yield* raw(`/v2/customers/${tom}/points/balance`)
        const fleet = yield* raw(`/v2/customers/${tom}/points/balance?entityType=FLEET`)
        assert.deepStrictEqual([own.status, own.body.entityType, fleet.status, fleet.body.entityType], [
          200,
          "CUSTOMER",
          200,
          "FLEET"
        ])
        const [before, last] = yield* log.recent(2)
        assert.deepStrictEqual([before?.endpoint, last?.endpoint], ["rewards.pointsBalance", "usergroups.groupBalance"])
      }))
  }
)

// The ledger without the group loyalty reads: nothing serves the `FLEET` variant.
const withoutGroupLoyalty = Emulator.catalog(
  CustomerBehaviours.catalog,
  UserGroupBehaviours.catalog,
  LedgerBehaviours.catalog
)

layer(Emulator.layerTest({ catalog: withoutGroupLoyalty, client: { retry: fastRetries } }), {
  excludeTestServices: true
})("a catalog without the group loyalty reads", (it) => {
  it.effect("a group balance reaches the customers' read and answers 501; the customer's own balance is served", () =>
    Effect.gen(function*() {
      const tom = Seed.demo.customers.tom.id
      const own = yield* raw(`/v2/customers/${tom}/points/balance`)
      assert.deepStrictEqual([own.status, own.body.entityType, own.body.entityId], [200, "CUSTOMER", tom])
      const fleet = yield* raw(`/v2/customers/${tom}/points/balance?entityType=FLEET`)
      assert.deepStrictEqual([fleet.status, fleet.body.errors?.[0]?.code], [501, 501])
      assert.match(fleet.body.errors[0].message, /usergroups\.groupBalance/)
      const log = yield* RequestLog.RequestLog
      const [before, last] = yield* log.recent(2)
      assert.deepStrictEqual([before?.endpoint, last?.endpoint], ["rewards.pointsBalance", "rewards.pointsBalance"])
    }))
})
