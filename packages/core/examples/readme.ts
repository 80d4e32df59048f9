import { CapillaryClient, CapillaryConfig, Credentials, Endpoint, Envelope } from "@capillary-effect/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, Schema } from "effect"

// Declare an endpoint once: path, query, success body and the Capillary codes it can fail with.
class CustomerNotFound extends Schema.TaggedError<CustomerNotFound>()("CustomerNotFound", Endpoint.DomainErrorFields) {}

const lookupCustomer = Endpoint.make({
  id: "example.lookupCustomer",
  section: "Customer",
  summary: "Get a customer's id by an identifier",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup",
  query: Schema.Struct({
    source: Schema.Literals(["INSTORE", "ALL"]),
    identifierName: Schema.Literals(["mobile", "email", "externalId"]),
    identifierValue: Schema.String
  }),
  success: Schema.Struct({ entity: Schema.Number, warnings: Envelope.V2Warnings }),
  errors: [Endpoint.codes(CustomerNotFound, [8015])]
})

// Call it: failures are typed (CustomerNotFound | CapillaryError), retries and timeouts are built in.
export const program = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient
  const { entity } = yield* client.execute(lookupCustomer, {
    query: { source: "INSTORE", identifierName: "externalId", identifierValue: "tom-1" }
  })
  return entity
})

// One layer: cluster and credentials (or CapillaryConfig.layerConfig to read CAPILLARY_* variables).
export const ClientLive = CapillaryClient.layer.pipe(
  Layer.provide([
    CapillaryConfig.layer({ cluster: "eu", credentials: Credentials.oauth("my-client-key", "my-client-secret") }),
    NodeHttpClient.layerUndici
  ])
)

export const main = program.pipe(Effect.provide(ClientLive))
