/**
 * The benchmark's HTTP server, run in a child process (see `index.ts`) so it does not share the event loop with
 * the clients being measured. It listens on 127.0.0.1 only, answers a v2 customer body and the OAuth token
 * endpoint, sends its port to the parent over IPC, answers `stats` messages, and exits when the parent goes away.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

export interface ServerStats {
  readonly requests: number
  readonly tokenRequests: number
  /** Customer requests that carried a Basic `Authorization` header. */
  readonly basicAuthorized: number
  /** Customer requests that carried an `X-CAP-API-OAUTH-TOKEN` header. */
  readonly oauthAuthorized: number
  readonly notFound: number
  /** TCP connections accepted: with keep-alive, about one per request in flight at the peak, not one per request. */
  readonly connections: number
}

export type ToParent =
  | { readonly _tag: "Listening"; readonly port: number }
  | { readonly _tag: "Stats"; readonly stats: ServerStats }

export type ToServer = { readonly _tag: "Stats" }

const customerBody = Buffer.from(`{"id":42,"firstName":"Tom","warnings":[]}`)
const tokenBody = Buffer.from(JSON.stringify({ data: { accessToken: "bench-access-token", ttlSeconds: 3600 } }))
const notFoundBody = Buffer.from(JSON.stringify({ errors: [{ code: 404, message: "no such route" }] }))

const stats = { requests: 0, tokenRequests: 0, basicAuthorized: 0, oauthAuthorized: 0, notFound: 0, connections: 0 }

const reply = (res: Http.ServerResponse, status: number, body: Buffer) => {
  res.writeHead(status, { "content-type": "application/json", "content-length": body.length })
  res.end(body)
}

const server = Http.createServer((req, res) => {
  stats.requests++
  // Read (and drop) any request body before answering, so the connection stays reusable.
  req.resume()
  req.on("end", () => {
    const url = req.url ?? "/"
    if (req.method === "POST" && url === "/v3/oauth/token/generate") {
      stats.tokenRequests++
      return reply(res, 200, tokenBody)
    }
    if (req.method === "GET" && url.startsWith("/v2/customers/")) {
      if (typeof req.headers.authorization === "string") stats.basicAuthorized++
      if (typeof req.headers["x-cap-api-oauth-token"] === "string") stats.oauthAuthorized++
      return reply(res, 200, customerBody)
    }
    stats.notFound++
    return reply(res, 404, notFoundBody)
  })
})
server.keepAliveTimeout = 60_000
server.on("connection", () => {
  stats.connections++
})

const send = (message: ToParent) => process.send?.(message)

process.on("message", (message: ToServer) => {
  if (message._tag === "Stats") send({ _tag: "Stats", stats: { ...stats } })
})
// The parent closes the IPC channel when it is done (or dies): stop then.
process.on("disconnect", () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
// A bound on the server's life, whatever happens to the parent.
setTimeout(() => process.exit(0), 10 * 60_000).unref()

server.listen(0, "127.0.0.1", () => {
  send({ _tag: "Listening", port: (server.address() as AddressInfo).port })
})
