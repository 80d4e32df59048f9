/**
 * The client's own cost per call, without network or server: Effect's `HttpClient` and `CapillaryClient.execute`
 * over an `HttpClient` that answers in memory. Much steadier than loopback timings on a shared machine, and the
 * difference between the two is what the SDK adds to every call.
 */
import { Effect } from "effect"
import { HttpClient } from "effect/http"
import {
  customerText,
  getCustomer,
  inMemoryHttpClient,
  inMemoryHttpClientLayer,
  makeClient,
  oauth
} from "./fixtures.ts"
import { median } from "./stats.ts"

export interface InMemoryResult {
  readonly name: string
  readonly callsPerSec: number
  readonly microsPerCall: number
}

const warmupCalls = 3_000
const calls = 10_000

const sequential = (effect: Effect.Effect<unknown, unknown>, count: number) =>
  Effect.runPromise(Effect.forEach(Array.from({ length: count }, (_, i) => i), () => effect, { discard: true }))

const measure = async (name: string, effect: Effect.Effect<unknown, unknown>): Promise<InMemoryResult> => {
  await sequential(effect, warmupCalls)
  const micros: Array<number> = []
  for (let round = 0; round < 3; round++) {
    const started = performance.now()
    await sequential(effect, calls)
    micros.push(((performance.now() - started) * 1000) / calls)
  }
  const microsPerCall = median(micros)
  return { name, callsPerSec: 1e6 / microsPerCall, microsPerCall }
}

export const measureInMemory = async (log: (line: string) => void): Promise<Array<InMemoryResult>> => {
  const baseUrl = "http://127.0.0.1:9"
  const get = inMemoryHttpClient.get(`${baseUrl}/v2/customers/42`, { headers: { accept: "application/json" } }).pipe(
    Effect.flatMap((response) => response.text),
    Effect.map((text): unknown => JSON.parse(text)),
    Effect.provideService(HttpClient.TracerDisabledWhen, () => true)
  )
  if (JSON.stringify(await Effect.runPromise(get)) !== customerText) throw new Error("unexpected in-memory body")
  const basicClient = await makeClient(baseUrl, {}, inMemoryHttpClientLayer)
  const oauthClient = await makeClient(baseUrl, { credentials: oauth }, inMemoryHttpClientLayer)
  try {
    const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>]> = [
      ["Effect HttpClient get + text + JSON.parse", get],
      ["CapillaryClient.execute, Basic", basicClient.value.execute(getCustomer, { path: { id: 42 } })],
      ["CapillaryClient.execute, OAuth (cached token)", oauthClient.value.execute(getCustomer, { path: { id: 42 } })]
    ]
    const results: Array<InMemoryResult> = []
    for (const [name, effect] of cases) {
      log(`in-memory: ${name}`)
      results.push(await measure(name, effect))
    }
    return results
  } finally {
    await basicClient.close()
    await oauthClient.close()
  }
}
