/** The endpoint, credentials and client layers the benchmark measures. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Context, Effect, Exit, Layer, Schema, Scope } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import { CapillaryClient, CapillaryConfig, Credentials, Endpoint, Envelope } from "../src/index.ts"

/** The v2 customer body the server answers. */
export const Customer = Schema.Struct({
  id: Schema.Number,
  firstName: Schema.String,
  warnings: Schema.optional(Envelope.V2Warnings)
})

/** A declared GET endpoint, shaped like `GET /v2/customers/{id}`. */
export const getCustomer = Endpoint.make({
  id: "bench.getCustomer",
  section: "Customer",
  summary: "Get a customer",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{id}",
  params: Schema.Struct({ id: Schema.FiniteFromString }),
  success: Customer,
  customerKey: (input) => String(input.path.id)
})

export const basic = Credentials.basic("bench.till", "bench123")
export const oauth = Credentials.oauth("bench-key", "bench-secret")

/** Something that holds resources until closed. */
export interface Closeable<A> {
  readonly value: A
  readonly close: () => Promise<void>
}

/** Builds a layer in its own scope, outside any runtime, and hands back one service of it. */
export const buildService = async <I, S, E>(
  layer: Layer.Layer<I, E>,
  service: Context.Key<I, S>
): Promise<Closeable<S>> => {
  const scope = Effect.runSync(Scope.make())
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  return { value: Context.get(context, service), close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** A Capillary client over `NodeHttpClient.layerUndici` (or the given `HttpClient`) against the benchmark server. */
export const makeClient = (
  baseUrl: string,
  options: Partial<CapillaryConfig.Options> = {},
  http: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerUndici
) =>
  buildService(
    CapillaryClient.layer.pipe(
      Layer.provide([
        CapillaryConfig.layer({ baseUrl, credentials: basic, timeout: "10 seconds", ...options }),
        http
      ])
    ),
    CapillaryClient.CapillaryClient
  )

export const customerText = `{"id":42,"firstName":"Tom","warnings":[]}`
const tokenText = JSON.stringify({ data: { accessToken: "bench-access-token", ttlSeconds: 3600 } })

/**
 * An `HttpClient` that answers in memory, as the benchmark server does, without any I/O: what a call costs the
 * client's CPU, without the network and the server.
 */
export const inMemoryHttpClient: HttpClient.HttpClient = HttpClient.make((request) =>
  Effect.sync(() =>
    HttpClientResponse.fromWeb(
      request,
      new Response(request.url.endsWith("/v3/oauth/token/generate") ? tokenText : customerText, {
        status: 200,
        headers: { "content-type": "application/json" }
      })
    )
  )
)

export const inMemoryHttpClientLayer: Layer.Layer<HttpClient.HttpClient> = Layer.succeed(
  HttpClient.HttpClient,
  inMemoryHttpClient
)
