/**
 * A scripted stand-in for Capillary on 127.0.0.1: the test answers each request (JSON with a status, or a
 * connection reset after the request was read), and every request is recorded. The SDK under test talks to it
 * over a real socket, with fast retries.
 *
 * @since 0.0.0
 */
import { CapillaryClient, CapillaryConfig, Credentials } from "@capillary-effect/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, type Scope } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

/** A request the stand-in received. */
export interface Sent {
  readonly method: string
  readonly path: string
  /** Query parameters; a repeated one as an array. */
  readonly query: Readonly<Record<string, string | ReadonlyArray<string>>>
  readonly body: unknown
}

/** How the test answers a request. */
export type Answer = { readonly status?: number; readonly json: unknown } | "reset"

/** A running stand-in: its base URL and what it received. */
export interface Scripted {
  readonly url: string
  readonly sent: ReadonlyArray<Sent>
}

const queryOf = (search: URLSearchParams) =>
  Object.fromEntries(
    [...new Set(search.keys())].map((name) => {
      const values = search.getAll(name)
      return [name, values.length === 1 ? values[0]! : values] as const
    })
  )

/** Starts a stand-in for the scope. */
export const serve = (answer: (request: Sent) => Answer): Effect.Effect<Scripted, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.callback<{ readonly server: Http.Server; readonly scripted: Scripted }>((resume) => {
      const sent: Array<Sent> = []
      const server = Http.createServer((request, response) => {
        let text = ""
        request.setEncoding("utf8")
        request.on("data", (chunk: string) => {
          text += chunk
        })
        request.on("end", () => {
          const url = new URL(request.url ?? "/", "http://127.0.0.1")
          const recorded: Sent = {
            method: request.method ?? "GET",
            path: url.pathname,
            query: queryOf(url.searchParams),
            body: text === "" ? undefined : JSON.parse(text)
          }
          sent.push(recorded)
          const reply = answer(recorded)
          if (reply === "reset") {
            request.socket.destroy()
            return
          }
          response.writeHead(reply.status ?? 200, { "content-type": "application/json" })
          response.end(JSON.stringify(reply.json))
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, scripted: { url: `http://127.0.0.1:${port}`, sent } }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ scripted }) => scripted))

/** The real SDK client (Basic demo till, fast retries) against a stand-in. */
export const clientLayer = (url: string): Layer.Layer<CapillaryClient.CapillaryClient> =>
  CapillaryClient.layer.pipe(
    Layer.provide([
      CapillaryConfig.layer({
        baseUrl: url,
        credentials: Credentials.basic("demo.till", "demo123"),
        retry: { baseDelay: "1 millis", maxDelay: "5 millis", maxRetries: 3 }
      }),
      NodeHttpClient.layerUndici
    ])
  )
