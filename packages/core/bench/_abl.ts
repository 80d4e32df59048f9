import { Effect, Schema } from "effect"
import { HttpClient } from "effect/http"
import { getCustomer, inMemoryHttpClient, inMemoryHttpClientLayer, makeClient, oauth } from "./fixtures.ts"

const N = 30000
const time = async (label: string, eff: () => Effect.Effect<unknown, unknown>) => {
  const loop = (n: number) => Effect.forEach(Array.from({ length: n }, (_, i) => i), () => eff(), { discard: true })
  await Effect.runPromise(loop(5000))
  const r: number[] = []
  for (let k = 0; k < 3; k++) {
    const t = performance.now()
    await Effect.runPromise(loop(N))
    r.push(((performance.now() - t) * 1000) / N)
  }
  r.sort((a, b) => a - b)
  console.log(label.padEnd(60), r[1]!.toFixed(2), "µs/call")
}
const basicClient = (await makeClient("http://127.0.0.1:1", {}, inMemoryHttpClientLayer)).value
const oauthClient = (await makeClient("http://127.0.0.1:1", { credentials: oauth }, inMemoryHttpClientLayer)).value
const url = "http://127.0.0.1:1/v2/customers/42"
const httpGet = inMemoryHttpClient.get(url).pipe(
  Effect.flatMap((r) => r.text),
  Effect.map((t) => JSON.parse(t)),
  Effect.provideService(HttpClient.TracerDisabledWhen, () => true)
)
await time("Effect.void", () => Effect.void)
await time("new Response + text (promise)", () => Effect.promise(() => new Response("{}").text()))
await time("in-memory HttpClient get+text+parse", () => httpGet)
await time("execute Basic (in-memory)", () => basicClient.execute(getCustomer, { path: { id: 42 } }))
await time("execute OAuth (in-memory)", () => oauthClient.execute(getCustomer, { path: { id: 42 } }))
await time(
  "Effect.void.pipe(withSpan) (built per call)",
  () => Effect.void.pipe(Effect.withSpan("x", { kind: "client", attributes: { a: "b" } }))
)
await time(
  "Effect.void.pipe(timeoutOrElse 10s)",
  () => Effect.void.pipe(Effect.timeoutOrElse({ duration: "10 seconds", orElse: () => Effect.fail("t") }))
)
await time(
  "Effect.yieldNow.pipe(timeoutOrElse 10s)",
  () => Effect.yieldNow.pipe(Effect.timeoutOrElse({ duration: "10 seconds", orElse: () => Effect.fail("t") }))
)
await time("Effect.yieldNow", () => Effect.yieldNow)
const P = Schema.Struct({ id: Schema.FiniteFromString })
await time("Schema.encodeUnknownEffect(params) (built per call)", () => Schema.encodeUnknownEffect(P)({ id: 42 }))
await time(
  "Schema.decodeUnknownEffect(Customer) (built per call)",
  () => Schema.decodeUnknownEffect(getCustomer.success)({ id: 42, firstName: "Tom", warnings: [] })
)
await time("Effect.gen with 5 yields of Effect.void", () =>
  Effect.gen(function*() {
    yield* Effect.void
    yield* Effect.void
    yield* Effect.void
    yield* Effect.void
    yield* Effect.void
  }))
await time(
  "annotateCurrentSpan in withSpan",
  () => Effect.annotateCurrentSpan({ a: 1, b: 2 }).pipe(Effect.withSpan("x"))
)
await time("Effect.result(Effect.succeed)", () => Effect.result(Effect.succeed(1)))
