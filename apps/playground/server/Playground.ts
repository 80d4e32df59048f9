/**
 * The playground server: one process that starts the emulator in-process (demo seed), builds the SDK client, the
 * domain services and the built-in workflows (in-memory engine, with the timeline) against it, and serves the
 * HTTP API and the web app on one port.
 *
 * HTTP API (JSON):
 * - `GET  /api/operations`                every SDK operation, with the JSON Schema of its input parts
 * - `POST /api/operations/{id}/run`       `{ path?, query?, body? }`: 200 `{ ok, value | error, exchanges }`,
 *                                         400 `{ ok: false, error: { _tag: "InvalidInput", issues } }`
 * - `GET  /api/workflows`                 the built-in workflows: payload JSON Schema, steps, example payload
 * - `POST /api/workflows/{name}/runs`     `{ payload, faults? }`: 201 `{ id, ... }` (200 for a run already started)
 * - `GET  /api/runs/{id}`                 a run: status, result or error, timeline events so far
 * - `GET  /api/runs/{id}/events`          the run's timeline as server-sent events, ending after `FlowCompleted`
 * - `GET  /api/emulator`, `POST /api/emulator/reset`
 */
import { CapillaryClient, CapillaryConfig } from "@capillary-effect/core"
import { Customers } from "@capillary-effect/customers"
import { Emulator, Faults } from "@capillary-effect/emulator"
import { Coupons, PointsService } from "@capillary-effect/rewards"
import { GroupPointsService, UserGroups } from "@capillary-effect/usergroups"
import { Engine, EnrollInGroup, IssueRedeemTransfer } from "@capillary-effect/workflows"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Cause, Context, Effect, Layer, Option, Stream } from "effect"
import { HttpClient, HttpClientRequest, HttpServer, HttpServerRequest, HttpServerResponse } from "effect/http"
import * as fs from "node:fs"
import { createServer } from "node:http"
import * as Frontend from "./Frontend.ts"
import { InvalidInput } from "./Json.ts"
import * as Operations from "./Operations.ts"
import * as Runs from "./Runs.ts"

/** How to run the playground. */
export interface Options {
  /** Default 5173; 0 picks a free port. */
  readonly port?: number | undefined
  /** Default 127.0.0.1. */
  readonly host?: string | undefined
  /** The built web app (default `dist/` of the app); API only when it is not built. */
  readonly staticDir?: string | undefined
}

/** A running playground. */
export class Playground extends Context.Service<Playground, {
  /** The web app and the API, e.g. `http://127.0.0.1:5173`. */
  readonly url: string
  /** The in-process emulator's base URL. */
  readonly emulatorUrl: string
}>()("@capillary-effect/playground/Playground") {}

const json = (body: unknown, status = 200) =>
  HttpServerResponse.jsonUnsafe(body, { status, headers: { "cache-control": "no-store" } })

const problem = (status: number, message: string) => json({ ok: false, error: { _tag: "HttpError", message } }, status)

const invalid = (error: InvalidInput) =>
  json({ ok: false, error: { _tag: error._tag, message: error.message, issues: error.issues }, exchanges: [] }, 400)

const encoder = new TextEncoder()

const sse = (event: string, data: unknown, id?: number) =>
  encoder.encode(`${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)

/** Reads a JSON request body (an empty body is `{}`); none when it cannot be read or is not JSON. */
const readJson = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.map(Effect.option(request.text), (read): Option.Option<unknown> => {
    if (Option.isNone(read)) return Option.none()
    if (read.value.trim() === "") return Option.some({})
    try {
      return Option.some(JSON.parse(read.value))
    } catch {
      return Option.none()
    }
  })

const segment = (value: string) => {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}

/** The HTTP application. */
const makeApp = Effect.fnUntraced(function*(emulatorUrl: string, staticDir: string) {
  const operations = yield* Operations.make(emulatorUrl)
  const runs = yield* Runs.make
  const http = yield* HttpClient.HttpClient

  const runOperation = (id: string, request: HttpServerRequest.HttpServerRequest) =>
    Effect.gen(function*() {
      const entry = operations.find(id)
      if (entry === undefined) return problem(404, `no operation ${id}`)
      const body = yield* readJson(request)
      if (Option.isNone(body)) return problem(400, "the body is not JSON")
      return yield* operations.run(entry, body.value).pipe(
        Effect.map((result) => json(result)),
        Effect.catchTag("InvalidInput", (error) => Effect.succeed(invalid(error)))
      )
    })

  const startRun = (name: string, request: HttpServerRequest.HttpServerRequest) =>
    Effect.gen(function*() {
      const definition = runs.find(name)
      if (definition === undefined) return problem(404, `no workflow ${name}`)
      const body = yield* readJson(request)
      if (Option.isNone(body)) return problem(400, "the body is not JSON")
      return yield* runs.start(definition, body.value).pipe(
        Effect.map(({ existing, run }) =>
          json({ ...run, existing, events: `/api/runs/${encodeURIComponent(run.id)}/events` }, existing ? 200 : 201)
        ),
        Effect.catchTag("InvalidInput", (error) => Effect.succeed(invalid(error)))
      )
    })

  const events = (id: string) => {
    if (!runs.has(id)) return problem(404, `no run ${id}`)
    const body = Stream.make(encoder.encode(": timeline\n\n")).pipe(
      Stream.concat(Stream.map(runs.events(id), (event) => sse("timeline", event, event.seq))),
      Stream.concat(
        Stream.fromEffect(Effect.map(runs.settled(id), (state) => {
          const { events: _events, ...run } = Option.getOrThrow(state)
          return sse("end", run)
        }))
      )
    )
    return HttpServerResponse.stream(body, {
      contentType: "text/event-stream",
      headers: { "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" }
    })
  }

  const resetEmulator = HttpClient.execute(HttpClientRequest.post(`${emulatorUrl}/__emulator/reset`)).pipe(
    Effect.flatMap((response) => response.json),
    Effect.map((body) => json({ ok: true, emulator: body })),
    Effect.provideService(HttpClient.HttpClient, http),
    Effect.catch((error) => Effect.succeed(problem(502, `the emulator did not reset: ${error.message}`)))
  )

  const faultsNow = Faults.Faults.use((faults) => faults.list)

  const staticFile = (pathname: string) =>
    Effect.sync(() => {
      const found = Frontend.resolve(staticDir, pathname)
      if (found === undefined) {
        return HttpServerResponse.text(
          "The web app is not built: run `pnpm --filter @capillary-effect/playground build` (pnpm start builds it).",
          { status: 503 }
        )
      }
      return HttpServerResponse.uint8Array(fs.readFileSync(found.file), {
        contentType: found.contentType,
        headers: { "cache-control": pathname.startsWith("/assets/") ? "max-age=31536000, immutable" : "no-cache" }
      })
    })

  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const url = new URL(`http://playground.local${request.url.startsWith("/") ? request.url : `/${request.url}`}`)
    const method = request.method
    const parts = url.pathname.split("/").slice(1).map(segment)
    if (parts.some((part) => part === undefined)) return problem(400, "badly encoded path")
    const [api, kind, id, action, extra] = parts as Array<string>
    if (api !== "api") return method === "GET" || method === "HEAD" ? yield* staticFile(url.pathname) : problem(405, "")

    if (kind === "operations" && id === undefined && method === "GET") return json(operations.operations)
    if (kind === "operations" && id !== undefined && action === "run" && extra === undefined) {
      return method === "POST" ? yield* runOperation(id, request) : problem(405, "POST to run an operation")
    }
    if (kind === "workflows" && id === undefined && method === "GET") return json(yield* runs.list)
    if (kind === "workflows" && id !== undefined && action === "runs" && extra === undefined) {
      return method === "POST" ? yield* startRun(id, request) : problem(405, "POST to start a run")
    }
    if (kind === "runs" && id !== undefined && action === undefined && method === "GET") {
      const state = yield* runs.state(id)
      return Option.isSome(state) ? json(state.value) : problem(404, `no run ${id}`)
    }
    if (kind === "runs" && id !== undefined && action === "events" && extra === undefined && method === "GET") {
      return events(id)
    }
    if (kind === "emulator" && id === undefined && method === "GET") {
      return json({ url: emulatorUrl, faults: yield* faultsNow })
    }
    if (kind === "emulator" && id === "reset" && method === "POST") return yield* resetEmulator
    return problem(404, `no route ${method} ${url.pathname}`)
  }).pipe(
    Effect.catchCause((cause) =>
      Effect.as(
        Effect.logError("playground: unexpected failure", Cause.pretty(cause)),
        problem(500, "unexpected failure; see the server log")
      )
    )
  )
})

/** The domain services the built-in flows call. */
const Services = Layer.mergeAll(
  Customers.layer,
  Coupons.layer,
  PointsService.layer,
  UserGroups.layer,
  GroupPointsService.layer
)

/**
 * The SDK client of the workflows: no client-side retries, so a transient failure reaches the step, whose own rule
 * retries it (and the timeline shows it).
 */
const WorkflowClient = Layer.unwrap(Emulator.Emulator.useSync(({ url }) =>
  CapillaryClient.layer.pipe(
    Layer.provide(CapillaryConfig.layer(Operations.clientOptions(url, { retry: { maxRetries: 0 } })))
  )
))

/** Both built-in flows on the in-memory engine, with the timeline. */
const Flows = Layer.mergeAll(IssueRedeemTransfer.layer, EnrollInGroup.layer).pipe(
  Layer.provideMerge(Engine.layerMemory),
  Layer.provide(Services),
  Layer.provide(WorkflowClient)
)

/** The playground: the emulator, the flows and the HTTP server. */
export const layer = (options: Options = {}) => {
  const server = Layer.effect(
    Playground,
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const app = yield* makeApp(emulator.url, options.staticDir ?? Frontend.distDir)
      yield* HttpServer.serveEffect(app)
      const url = HttpServer.formatAddress((yield* HttpServer.HttpServer).address)
      return Playground.of({ url, emulatorUrl: emulator.url })
    })
  ).pipe(
    Layer.provide(
      NodeHttpServer.layer(createServer, { port: options.port ?? 5173, host: options.host ?? "127.0.0.1" })
    )
  )
  return server.pipe(
    Layer.provide(Flows),
    Layer.provideMerge(Emulator.layer({ port: 0, seed: "demo" })),
    Layer.provide(NodeHttpClient.layerUndici)
  )
}
