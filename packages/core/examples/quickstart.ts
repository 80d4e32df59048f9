/**
 * Quick start: calls a local Capillary-compatible server through the SDK and prints the typed results.
 *
 * The local server below is a small stand-in that speaks Capillary's wire format for two endpoints (OAuth
 * token and customer lookup) over its own in-memory data; the emulator package replaces it.
 *
 * Run: `pnpm example` (or `node packages/core/examples/quickstart.ts` on Node 24).
 */
import { CapillaryClient, CapillaryConfig, Credentials, Endpoint, Envelope } from "@capillary-effect/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Layer, Schema } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

// --- One endpoint, declared once: GET /v2/customers/lookup ----------------------------------------------------

class CustomerNotFound extends Schema.TaggedError<CustomerNotFound>()("CustomerNotFound", Endpoint.DomainErrorFields) {}

const lookupCustomer = Endpoint.make({
  id: "quickstart.lookupCustomer",
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

// --- A local stand-in server -----------------------------------------------------------------------------------

const customers = new Map([["externalId:tom-1", 306], ["email:ann@example.com", 307]])
const issuedTokens = new Set<string>()

const localServer = Effect.acquireRelease(
  Effect.promise(() =>
    new Promise<Http.Server>((resolve) => {
      const server = Http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1")
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": "application/json", "x-cap-request-id": `qs-${Date.now()}` })
          res.end(JSON.stringify(body))
        }
        let raw = ""
        req.on("data", (chunk) => (raw += chunk))
        req.on("end", () => {
          if (req.method === "POST" && url.pathname === "/v3/oauth/token/generate") {
            const { key, secret } = JSON.parse(raw || "{}")
            if (key !== "demo-key" || secret !== "demo-secret") {
              return send(401, { data: null, errors: [{ code: 320001, message: "Invalid client key and secret" }] })
            }
            const token = `local-${issuedTokens.size + 1}`
            issuedTokens.add(token)
            return send(200, { data: { accessToken: token, ttlSeconds: 300 }, errors: null })
          }
          if (!issuedTokens.has(String(req.headers["x-cap-api-oauth-token"]))) {
            return send(401, { response: { status: { success: "false", code: "401", message: "Unauthorized" } } })
          }
          if (req.method === "GET" && url.pathname === "/v2/customers/lookup") {
            const key = `${url.searchParams.get("identifierName")}:${url.searchParams.get("identifierValue")}`
            const id = customers.get(key)
            return id === undefined
              ? send(400, {
                errors: [{ status: false, code: 8015, message: "Customer not found for the given identifiers" }],
                warnings: []
              })
              : send(200, { entity: id, warnings: [] })
          }
          send(404, { errors: [{ status: false, code: 404, message: "Unknown resource" }] })
        })
      })
      server.listen(0, "127.0.0.1", () => resolve(server))
    })
  ),
  (server) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
)

// --- The program -------------------------------------------------------------------------------------------------

const program = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient
  yield* Effect.log(`calling ${client.settings.baseUrl}`)

  const found = yield* client.execute(lookupCustomer, {
    query: { source: "INSTORE", identifierName: "externalId", identifierValue: "tom-1" }
  })
  yield* Effect.log(`customer id: ${found.entity}`)

  const missing = yield* client.execute(lookupCustomer, {
    query: { source: "INSTORE", identifierName: "externalId", identifierValue: "nobody" }
  }).pipe(
    Effect.map((result) => `unexpected: ${result.entity}`),
    Effect.catchTag("CustomerNotFound", (error) => Effect.succeed(`typed error CustomerNotFound (code ${error.code})`))
  )
  yield* Effect.log(missing)
})

Effect.gen(function*() {
  const server = yield* localServer
  const { port } = server.address() as AddressInfo
  const clientLayer = CapillaryClient.layer.pipe(
    Layer.provide([
      CapillaryConfig.layer({
        baseUrl: `http://127.0.0.1:${port}`,
        credentials: Credentials.oauth("demo-key", "demo-secret")
      }),
      NodeHttpClient.layerUndici
    ])
  )
  yield* program.pipe(Effect.provide(clientLayer))
}).pipe(Effect.scoped, NodeRuntime.runMain)
