import { Auth, CapillaryClient, Credentials } from "@capillary-effect/core"
import { Emulator } from "@capillary-effect/emulator"
import { Effect } from "effect"

// Any declared endpoint can be called against the emulator; endpoints it does not model yet answer 501.
export const program = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient
  const { data } = yield* client.execute(Auth.generateToken, { body: { key: "demo-key", secret: "demo-secret" } })
  return data.ttlSeconds
})

// In-process emulator on a free port, demo seed, and the SDK client configured against it (OAuth here).
export const main = program.pipe(
  Effect.provide(Emulator.layerTest({ credentials: Credentials.oauth("demo-key", "demo-secret") }))
)
