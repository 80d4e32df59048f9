/**
 * Contract tests of a customer read's `embed`: the loyalty parts agree with the loyalty reads, subscriptions
 * with the subscriptions read, and nothing is embedded unless asked for.
 */
import { Customer, Customers, LoyaltyService, Subscriptions } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Emulator, Seed } from "../src/index.ts"
import { fastRetries } from "./fixtures/clients.ts"

const testLayer = Layer.mergeAll(Customers.layer, LoyaltyService.layer, Subscriptions.layer).pipe(
  Layer.provideMerge(Emulator.layerTest({ client: { retry: fastRetries } }))
)

const tom = Customer.CustomerId.make(Seed.demo.customers.tom.id)

layer(testLayer, { excludeTestServices: true })("Customer embeds against the emulator", (it) => {
  describe("get", () => {
    it.effect("embeds nothing unless asked", () =>
      Effect.gen(function*() {
        const customer = yield* (yield* Customers.Customers).get(tom)
        assert.isUndefined(customer.pointsSummary)
        assert.isUndefined(customer.loyaltyProgramDetails)
        assert.isUndefined(customer.subscriptions)
      }))

    it.effect("points, mlp and expiry schedules agree with the loyalty reads", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const loyalty = yield* LoyaltyService.CustomerLoyalty
        const customer = yield* customers.get(tom, { embed: ["points", "mlp", "expirySchedules", "expiredPoints"] })
        const details = yield* loyalty.loyaltyDetails(tom)
        assert.isAbove(details.data.length, 0, "the demo seed gives Tom points")
        const programs = customer.loyaltyProgramDetails ?? []
        assert.deepStrictEqual(
          programs.map((program) => [program.programId, program.loyaltyPoints]),
          details.data.map((program) => [program.programId, program.loyaltyPoints])
        )
        assert.isDefined(customer.pointsSummary)
        assert.include(details.data.map((program) => program.loyaltyPoints), customer.pointsSummary!.loyaltyPoints)
        const schedule = yield* loyalty.expirySchedule(tom, { allPrograms: true })
        assert.deepStrictEqual(customer.expirySchedules, schedule.expirySchedules)
        assert.isArray(customer.expiredPoints)
      }))

    it.effect("subscriptions agree with the subscriptions read, by id and by identifier", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const subscriptions = yield* (yield* Subscriptions.Subscriptions).get(tom)
        const byId = yield* customers.get(tom, { embed: ["subscriptions"] })
        assert.deepStrictEqual(byId.subscriptions, subscriptions.subscriptions)
        assert.isUndefined(byId.pointsSummary)
        const byIdentifier = yield* customers.getByIdentifier({
          source: "INSTORE",
          identifier: { type: "mobile", value: Seed.demo.customers.tom.mobile }
        }, { embed: ["subscriptions", "points"] })
        assert.strictEqual(byIdentifier.id, tom)
        assert.deepStrictEqual(byIdentifier.subscriptions, subscriptions.subscriptions)
        assert.isDefined(byIdentifier.pointsSummary)
      }))
  })
})
