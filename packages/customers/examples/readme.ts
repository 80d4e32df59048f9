import { CapillaryClient, CapillaryConfig, Credentials } from "@capillary-effect/core"
import { Customers } from "@capillary-effect/customers"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer } from "effect"

const tom = { type: "mobile", value: "919010000022" } as const

// Register Tom, or find him when he is already registered in this source; then read him back.
export const program = Effect.gen(function*() {
  const customers = yield* Customers.Customers
  const id = yield* customers.add({
    loyaltyInfo: { loyaltyType: "loyalty" },
    profiles: [{
      firstName: "Tom",
      lastName: "Sawyer",
      source: "INSTORE",
      identifiers: [tom, { type: "email", value: "tom@example.com" }]
    }]
  }).pipe(
    Effect.map(({ createdId }) => createdId),
    // Typed business outcomes: CustomerAlreadyExists | IdentifierInUse | InvalidSource | CapillaryError
    Effect.catchTag(
      "CustomerAlreadyExists",
      () => Effect.map(customers.lookup({ source: "INSTORE", identifier: tom }), ({ entity }) => entity)
    )
  )
  const customer = yield* customers.get(id, { source: "ALL" })
  return customer.profiles.map((profile) => `${profile.source}: ${profile.firstName} ${profile.lastName}`)
})

// The service over one client layer: cluster and credentials (or CapillaryConfig.layerConfig for CAPILLARY_*).
export const CustomersLive = Customers.layer.pipe(
  Layer.provide(CapillaryClient.layer),
  Layer.provide([
    CapillaryConfig.layer({ cluster: "eu", credentials: Credentials.oauth("my-client-key", "my-client-secret") }),
    NodeHttpClient.layerUndici
  ])
)

export const main = program.pipe(Effect.provide(CustomersLive))
