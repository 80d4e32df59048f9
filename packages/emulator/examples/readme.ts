import { CapillaryClient, Credentials, Endpoint, Envelope } from "@capillary-effect/core"
import { Emulator } from "@capillary-effect/emulator"
import { Effect, Schema } from "effect"

// Any declared endpoint can be called against the emulator; endpoints it does not model yet answer 501.
const generateToken = Endpoint.make({
  id: "example.generateToken",
  section: "Authentication",
  summary: "Exchange a key and secret for a token",
  family: "v3",
  method: "POST",
  path: "/v3/oauth/token/generate",
  body: Schema.Struct({ key: Schema.String, secret: Schema.String }),
  success: Envelope.V3(Schema.Struct({ accessToken: Schema.String, ttlSeconds: Schema.Number })),
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.noEffect
})

export const program = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient
  const { data } = yield* client.execute(generateToken, { body: { key: "demo-key", secret: "demo-secret" } })
  return data.ttlSeconds
})

// In-process emulator on a free port, demo seed, and the SDK client configured against it (OAuth here).
export const main = program.pipe(
  Effect.provide(Emulator.layerTest({ credentials: Credentials.oauth("demo-key", "demo-secret") }))
)
