import { Effect, Layer } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import { customerText, getCustomer, makeClient } from "./fixtures.ts"

const N = 20000
const time = async (label: string, eff: () => Effect.Effect<unknown, unknown>) => {
  const loop = (n: number) => Effect.forEach(Array.from({ length: n }, (_, i) => i), () => eff(), { discard: true })
  await Effect.runPromise(loop(5000))
  const r: number[] = [], c: number[] = []
  for (let k = 0; k < 3; k++) { const cu = process.cpuUsage(); const t = performance.now(); await Effect.runPromise(loop(N)); r.push(((performance.now() - t) * 1000) / N); const d = process.cpuUsage(cu); c.push((d.user + d.system) / N) }
  r.sort((a, b) => a - b); c.sort((a, b) => a - b)
  console.log(label.padEnd(60), r[1]!.toFixed(2), "µs/call wall,", c[1]!.toFixed(2), "µs CPU")
}
// answers after one macrotask, like a socket read would
const asyncClient = HttpClient.make((request) =>
  Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve))).pipe(Effect.map(() =>
    HttpClientResponse.fromWeb(request, new Response(customerText, { status: 200, headers: { "content-type": "application/json" } })))))
const client = (await makeClient("http://127.0.0.1:1", {}, Layer.succeed(HttpClient.HttpClient, asyncClient))).value
const httpGet = asyncClient.get("http://127.0.0.1:1/v2/customers/42").pipe(Effect.flatMap((r) => r.text), Effect.map((t) => JSON.parse(t)), Effect.provideService(HttpClient.TracerDisabledWhen, () => true))
const tmo = <A, E>(e: Effect.Effect<A, E>) => e.pipe(Effect.timeoutOrElse({ duration: "10 seconds", orElse: () => Effect.fail("t") }))
for (let i = 0; i < 2; i++) {
await time("async HttpClient get+text+parse", () => httpGet)
await time("async HttpClient get+text+parse + timeoutOrElse", () => tmo(httpGet))
await time("async HttpClient get+text+parse + withSpan", () => httpGet.pipe(Effect.withSpan("x", { kind: "client" })))
await time("execute Basic (async in-memory)", () => client.execute(getCustomer, { path: { id: 42 } }))
}
