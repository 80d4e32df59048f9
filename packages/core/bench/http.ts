/**
 * The HTTP variants: raw undici, raw fetch, Effect's HttpClient alone, and `CapillaryClient.execute` with Basic
 * and OAuth credentials. Each variant runs N requests at a given concurrency and records every latency.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { Agent, request } from "undici"
import { Auth, type Credentials } from "../src/index.ts"
import { basic, buildService, getCustomer, makeClient, oauth } from "./fixtures.ts"

/** One run: how long it took and the latency of each request, in ms. */
export interface Sample {
  readonly elapsedMs: number
  readonly latencies: Float64Array
}

export interface Variant {
  readonly id: string
  readonly label: string
  readonly run: (n: number, concurrency: number) => Promise<Sample>
  readonly close: () => Promise<void>
}

const customerPath = "/v2/customers/42"
const authorization = Redacted.value(Auth.basicHeader(basic as Credentials.Basic))
const rawHeaders = { accept: "application/json", authorization }

const check = (body: unknown) => {
  if ((body as { id?: unknown } | null)?.id !== 42) throw new Error(`unexpected body: ${JSON.stringify(body)}`)
}

/** A promise pool: `concurrency` workers take the next index until N requests were made. */
const promisePool = async (n: number, concurrency: number, one: () => Promise<unknown>): Promise<Sample> => {
  const latencies = new Float64Array(n)
  let next = 0
  const worker = async () => {
    while (next < n) {
      const index = next++
      const started = performance.now()
      check(await one())
      latencies[index] = performance.now() - started
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker))
  return { elapsedMs: performance.now() - started, latencies }
}

/** The same for an effect: `Effect.forEach` with the given concurrency, in one fiber tree. */
const effectPool = async <E>(n: number, concurrency: number, one: Effect.Effect<unknown, E>): Promise<Sample> => {
  const latencies = new Float64Array(n)
  const indices = Array.from({ length: n }, (_, i) => i)
  const timed = (index: number) =>
    Effect.suspend(() => {
      const started = performance.now()
      return Effect.map(one, (body) => {
        check(body)
        latencies[index] = performance.now() - started
      })
    })
  const started = performance.now()
  await Effect.runPromise(Effect.forEach(indices, timed, { concurrency, discard: true }))
  return { elapsedMs: performance.now() - started, latencies }
}

/** `undici.request` with its own keep-alive `Agent` (undici's default, like `layerUndici`), body read as JSON. */
export const rawUndici = (baseUrl: string): Variant => {
  const agent = new Agent()
  const url = `${baseUrl}${customerPath}`
  return {
    id: "raw-undici",
    label: "raw undici.request (keep-alive Agent)",
    run: (n, concurrency) =>
      promisePool(n, concurrency, async () => {
        const response = await request(url, { dispatcher: agent, headers: rawHeaders })
        return JSON.parse(await response.body.text())
      }),
    close: () => agent.close()
  }
}

/** The global `fetch` (Node's bundled undici), body read as JSON. */
export const rawFetch = (baseUrl: string): Variant => {
  const url = `${baseUrl}${customerPath}`
  return {
    id: "raw-fetch",
    label: "raw fetch",
    run: (n, concurrency) =>
      promisePool(n, concurrency, async () => {
        const response = await fetch(url, { headers: rawHeaders })
        return JSON.parse(await response.text())
      }),
    close: async () => {}
  }
}

/**
 * Effect's `HttpClient` over `NodeHttpClient.layerUndici` with no SDK on top (tracer disabled, as the SDK does):
 * splits the SDK's overhead into what Effect's client costs and what `CapillaryClient` adds.
 */
export const effectHttpClient = async (baseUrl: string): Promise<Variant> => {
  const http = await buildService(NodeHttpClient.layerUndici, HttpClient.HttpClient)
  const url = `${baseUrl}${customerPath}`
  const one = http.value.get(url, { headers: rawHeaders }).pipe(
    Effect.flatMap((response) => response.text),
    Effect.map((text): unknown => JSON.parse(text)),
    Effect.provideService(HttpClient.TracerDisabledWhen, () => true)
  )
  return {
    id: "effect-httpclient",
    label: "Effect HttpClient, layerUndici (no SDK)",
    run: (n, concurrency) => effectPool(n, concurrency, one),
    close: http.close
  }
}

/** `CapillaryClient.execute` of the declared endpoint, with Basic auth or OAuth (token cached after the first). */
export const capillaryClient = async (baseUrl: string, auth: "basic" | "oauth"): Promise<Variant> => {
  const client = await makeClient(baseUrl, { credentials: auth === "basic" ? basic : oauth })
  const one = client.value.execute(getCustomer, { path: { id: 42 } })
  return {
    id: `capillary-${auth}`,
    label: `CapillaryClient.execute, ${auth === "basic" ? "Basic" : "OAuth (cached token)"}`,
    run: (n, concurrency) => effectPool(n, concurrency, one),
    close: client.close
  }
}
