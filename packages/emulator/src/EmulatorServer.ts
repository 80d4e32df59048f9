/**
 * The HTTP application: routes every declared endpoint, in Capillary's wire format. For each request it reads
 * the body (bounded), applies faults, authenticates, validates with the endpoint's own schemas, runs the
 * behaviour in a transaction (or answers 501 naming the endpoint when none is modelled), encodes the result
 * with the endpoint's success schema, and logs the exchange with secrets masked. Malformed requests get 4xx
 * envelopes; nothing a client sends can crash it or leave a partial write.
 *
 * @since 0.1.0
 */
import { Auth, type Endpoint, Envelope, Multipart, Redaction } from "@capillary-effect/core"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { Cause, Clock, Effect, Option, Random, Schema } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import { SqlClient } from "effect/sql"
import * as Admin from "./Admin.ts"
import type { Behaviour } from "./Behaviour.ts"
import { EmulatorClock } from "./EmulatorClock.ts"
import { Faults } from "./Faults.ts"
import * as Routing from "./internal/routing.ts"
import { AuthFailure, Organizations, type Principal } from "./Organizations.ts"
import { RequestLog } from "./RequestLog.ts"

/**
 * What the application serves.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<R> {
  /** Every declared endpoint; those without a behaviour answer 501. */
  readonly endpoints: ReadonlyArray<Endpoint.Any>
  readonly behaviours: ReadonlyArray<Behaviour<R>>
  /** Largest accepted request body, in bytes. */
  readonly maxBodyBytes: number
}

/**
 * The header that asks for a fault on one request (see `Faults.parseHeader`).
 *
 * @since 0.1.0
 * @category constants
 */
export const faultHeader = "x-emulator-fault"

interface Answer {
  readonly status: number
  readonly body: unknown
  readonly headers?: Record<string, string>
  /** Destroy the connection instead of answering. */
  readonly reset?: boolean
}

const hex = (bytes: number) =>
  Effect.map(
    Effect.forEach(Array.from({ length: bytes }), () => Random.nextIntBetween(0, 255)),
    (values) => values.map((value) => value.toString(16).padStart(2, "0")).join("")
  )

const methodsWithBody = new Set(["POST", "PUT", "PATCH", "DELETE"])

/**
 * Builds the application.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <R>(options: Options<R>) =>
  Effect.gen(function*() {
    const context = yield* Effect.context<
      R | SqlClient.SqlClient | EmulatorClock | Organizations | Faults | RequestLog | Admin.AdminContext
    >()
    const sql = yield* SqlClient.SqlClient
    const clock = yield* EmulatorClock
    const organizations = yield* Organizations
    const faults = yield* Faults
    const log = yield* RequestLog
    const behaviours = new Map(options.behaviours.map((behaviour) => [behaviour.endpoint.id, behaviour]))
    const routes = Routing.order(options.endpoints.map(Routing.compile))

    const envelope = (family: Envelope.Family, status: number, code: number, message: string): Answer => ({
      status,
      body: Envelope.failureBody(family, code, message)
    })

    const readBody = (request: HttpServerRequest.HttpServerRequest, family: Envelope.Family) =>
      Effect.gen(function*() {
        if (!methodsWithBody.has(request.method)) return Option.none<unknown>()
        const declared = Number(request.headers["content-length"] ?? "0")
        if (declared > options.maxBodyBytes) {
          return yield* Effect.fail(
            envelope(family, 413, 413, `Request body is larger than ${options.maxBodyBytes} bytes`)
          )
        }
        const contentType = request.headers["content-type"] ?? ""
        if (contentType.toLowerCase().startsWith("multipart/form-data")) {
          const bytes = yield* request.arrayBuffer.pipe(
            Effect.mapError(() => envelope(family, 400, 400, "Request body could not be read"))
          )
          if (bytes.byteLength > options.maxBodyBytes) {
            return yield* Effect.fail(
              envelope(family, 413, 413, `Request body is larger than ${options.maxBodyBytes} bytes`)
            )
          }
          const fields = yield* Multipart.parse(new Uint8Array(bytes), contentType).pipe(
            Effect.mapError(() => envelope(family, 400, 400, "Malformed multipart body"))
          )
          return Option.some<unknown>(fields)
        }
        const text = yield* request.text.pipe(
          Effect.mapError(() => envelope(family, 400, 400, "Request body could not be read"))
        )
        if (Buffer.byteLength(text, "utf8") > options.maxBodyBytes) {
          return yield* Effect.fail(
            envelope(family, 413, 413, `Request body is larger than ${options.maxBodyBytes} bytes`)
          )
        }
        if (text.trim() === "") return Option.none<unknown>()
        try {
          return Option.some<unknown>(JSON.parse(text))
        } catch {
          return yield* Effect.fail(envelope(family, 400, 400, "Malformed JSON body"))
        }
      })

    const decodePart = (
      schema: Endpoint.Codec<unknown> | undefined,
      value: unknown,
      family: Envelope.Family,
      part: string
    ) =>
      schema === undefined
        ? Effect.succeed(undefined)
        : Schema.decodeUnknownEffect(schema)(value).pipe(
          Effect.mapError((error) =>
            envelope(family, 400, 400, `Invalid ${part}: ${Redaction.redactText(error.message)}`)
          )
        )

    /** Query parameters as received: single values as strings, repeated ones as arrays. */
    const rawQuery = (search: URLSearchParams) => {
      const single: Record<string, string | Array<string>> = {}
      for (const name of new Set(search.keys())) {
        const values = search.getAll(name)
        single[name] = values.length === 1 ? values[0]! : values
      }
      return single
    }

    /** Query parameters as the endpoint's schema expects them: single values as strings, repeated ones as arrays. */
    const decodeQuery = (endpoint: Endpoint.Any, search: URLSearchParams) => {
      const single = rawQuery(search)
      const arrays: Record<string, Array<string>> = {}
      for (const name of new Set(search.keys())) arrays[name] = search.getAll(name)
      return decodePart(endpoint.query, single, endpoint.family, "query").pipe(
        Effect.catch((error) =>
          endpoint.query === undefined ? Effect.fail(error) : Effect.orElseSucceed(
            Schema.decodeUnknownEffect(endpoint.query as Endpoint.Codec<unknown>)(arrays),
            () => undefined
          ).pipe(Effect.flatMap((value) => value === undefined ? Effect.fail(error) : Effect.succeed(value)))
        )
      )
    }

    const authFailureAnswer = (family: Envelope.Family, failure: AuthFailure): Answer => {
      switch (failure.kind) {
        // Capillary reports token problems in the v1.1 status shape, whatever the API version.
        case "tokenExpired":
          return {
            status: 401,
            body: { response: { status: { success: "false", code: "498", message: failure.message } } }
          }
        case "tokenInvalid":
          return {
            status: 401,
            body: { response: { status: { success: "false", code: "401", message: failure.message } } }
          }
        default:
          return envelope(family, 401, 401, failure.message)
      }
    }

    const faultAnswer = (
      family: Envelope.Family,
      kind: string,
      status: number | undefined,
      retryAfter: number | undefined
    ): Answer => {
      switch (kind) {
        case "rateLimit":
          return {
            ...envelope(family, 429, 429, "Rate limit exceeded"),
            headers: { "retry-after": String(retryAfter ?? 1) }
          }
        case "searchBusy":
          return envelope(family, 461, 461, "Search engine is busy, try again")
        case "customerBusy":
          return envelope(family, 521, 521, "Multiple actions are running for the same customer")
        case "resetBeforeApply":
        case "applyThenReset":
          return { status: 0, body: undefined, reset: true }
        default:
          return envelope(family, status ?? 500, status ?? 500, "Internal server error")
      }
    }

    /** The answer to a declared endpoint, and the fault that shaped it. */
    const serveEndpoint = (
      route: Routing.CompiledRoute,
      request: HttpServerRequest.HttpServerRequest,
      url: URL,
      requestId: string,
      received: { body: unknown }
    ) =>
      Effect.gen(function*() {
        const { endpoint } = route
        const family = endpoint.family
        const body = yield* readBody(request, family)
        received.body = Option.getOrUndefined(body)
        const pathParams = Routing.params(route, url.pathname)
        if (pathParams === undefined) {
          return { answer: envelope(family, 400, 400, "Invalid path"), fault: undefined, orgId: undefined }
        }

        const decision = yield* faults.decide({
          endpoint: endpoint.id,
          method: request.method,
          path: url.pathname,
          values: Routing.leafValues([pathParams, Object.fromEntries(url.searchParams), Option.getOrUndefined(body)]),
          header: request.headers[faultHeader]
        })
        if (decision.latencyMs > 0) {
          yield* Effect.sleep(decision.latencyMs)
        }
        const failure = decision.failure
        const fault = failure?.kind ?? (decision.latencyMs > 0 ? "latency" : undefined)
        const applyFirst = failure?.kind === "applyThenReset" || failure?.kind === "applyThenServerError"
        if (failure !== undefined && !applyFirst) {
          return {
            answer: faultAnswer(family, failure.kind, failure.status, failure.retryAfterSeconds),
            fault,
            orgId: undefined
          }
        }

        // The token endpoint is the one route that takes no credentials.
        if (endpoint.id === Auth.generateToken.id) {
          const input = yield* decodePart(endpoint.body, Option.getOrUndefined(body), family, "body") as Effect.Effect<
            { readonly key: string; readonly secret: string },
            Answer
          >
          const issued = yield* organizations.issueToken(input.key, input.secret)
          const answer: Answer = Option.isSome(issued)
            ? { status: 200, body: { data: issued.value, errors: null } }
            : envelope(family, 401, 320001, "Invalid client key and secret")
          return { answer, fault, orgId: undefined }
        }

        const principal: Principal = yield* organizations.authenticate(request.headers).pipe(
          Effect.mapError((error) => authFailureAnswer(family, error))
        )
        const behaviour = behaviours.get(endpoint.id)
        const input = yield* Effect.all({
          path: decodePart(endpoint.params, pathParams, family, "path parameters"),
          query: decodeQuery(endpoint, url.searchParams),
          body: decodePart(endpoint.body, Option.getOrUndefined(body), family, "body")
        }).pipe(
          // Some invalid input has a code of its own in Capillary (an unknown source, an unknown identifier).
          Effect.mapError((answer) => {
            const rejection = behaviour?.rejectInvalid?.({
              path: pathParams,
              query: rawQuery(url.searchParams),
              body: Option.getOrUndefined(body)
            })
            return rejection === undefined
              ? answer
              : envelope(family, family === "v1.1" ? 200 : rejection.status, rejection.code, rejection.message)
          })
        )
        const handler = behaviour?.handler
        if (handler === undefined) {
          return {
            answer: envelope(
              family,
              501,
              501,
              `Not modelled by the emulator yet: ${endpoint.id} (${endpoint.method} ${endpoint.path})`
            ),
            fault,
            orgId: principal.orgId
          }
        }
        const now = yield* clock.now
        const result = yield* handler(input, { principal, now, requestId }).pipe(
          sql.withTransaction,
          Effect.catchTag("SqlError", (error) => Effect.die(error)),
          Effect.result
        )
        if (result._tag === "Failure") {
          const rejection = result.failure
          // v1.1 reports failures in the body of an HTTP 200.
          const status = family === "v1.1" ? 200 : rejection.status
          return { answer: envelope(family, status, rejection.code, rejection.message), fault, orgId: principal.orgId }
        }
        if (applyFirst) {
          return {
            answer: faultAnswer(family, failure!.kind, failure!.status, undefined),
            fault,
            orgId: principal.orgId
          }
        }
        const encoded = yield* Schema.encodeUnknownEffect(endpoint.success as Endpoint.Codec<unknown>)(result.success)
          .pipe(
            Effect.orDie
          )
        return { answer: { status: 200, body: encoded } satisfies Answer, fault, orgId: principal.orgId }
      }).pipe(
        Effect.catch((answer: Answer) => Effect.succeed({ answer, fault: undefined, orgId: undefined })),
        Effect.provideContext(context)
      )

    const notFound = (request: HttpServerRequest.HttpServerRequest, url: URL) => {
      const sameFamily = routes.find((route) => route.pattern.test(url.pathname))
      if (sameFamily !== undefined) {
        const allowed = routes.filter((route) => route.pattern.test(url.pathname)).map((route) => route.endpoint.method)
        return {
          ...envelope(
            sameFamily.endpoint.family,
            405,
            405,
            `Method ${request.method} is not supported on ${url.pathname}`
          ),
          headers: { allow: [...new Set(allowed)].join(", ") }
        }
      }
      const family: Envelope.Family = url.pathname.startsWith("/v1")
        ? "v1.1"
        : url.pathname.startsWith("/v3")
        ? "v3"
        : "v2"
      return envelope(family, 404, 404, `Unknown resource: ${request.method} ${url.pathname}`)
    }

    const respond = (request: HttpServerRequest.HttpServerRequest, answer: Answer, requestId: string) => {
      if (answer.reset === true) {
        NodeHttpServerRequest.toIncomingMessage(request).socket.destroy()
        return HttpServerResponse.empty({ status: 500 })
      }
      return HttpServerResponse.jsonUnsafe(answer.body, {
        status: answer.status,
        headers: { "x-cap-request-id": requestId, ...answer.headers }
      })
    }

    return Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const started = yield* Clock.currentTimeMillis
      // Prefixing (not resolving against a base) keeps `//x` a path instead of a scheme-relative URL.
      const parsed = URL.canParse(`http://emulator.local${request.url}`)
        ? new URL(`http://emulator.local${request.url}`)
        : undefined
      if (parsed === undefined) {
        return HttpServerResponse.jsonUnsafe(Envelope.failureBody("v2", 400, "Invalid request target"), { status: 400 })
      }
      const url = parsed
      if (url.pathname.startsWith(Admin.prefix)) {
        return yield* Admin.handle(request, url).pipe(Effect.provideContext(context))
      }
      const requestId = yield* hex(16)
      const route = routes.find((candidate) => Routing.matches(candidate, request.method, url))
      const received: { body: unknown } = { body: undefined }
      const served = route === undefined
        ? { answer: notFound(request, url), fault: undefined, orgId: undefined }
        : yield* serveEndpoint(route, request, url, requestId, received)
      const finished = yield* Clock.currentTimeMillis
      yield* log.append({
        at: yield* clock.now,
        requestId,
        method: request.method,
        url: Redaction.redactUrl(`${url.pathname}${url.search}`),
        endpoint: route?.endpoint.id,
        orgId: served.orgId,
        status: served.answer.reset === true ? 0 : served.answer.status,
        durationMs: finished - started,
        fault: served.fault,
        requestBody: Redaction.redactValue(received.body),
        responseBody: Redaction.redactValue(served.answer.body)
      })
      return respond(request, served.answer, requestId)
    }).pipe(
      // A defect is the emulator's bug, never the client's: answer it as a 500 envelope and keep serving.
      Effect.catchCause((cause) =>
        Effect.as(
          Effect.logError("emulator: unexpected failure", Cause.pretty(cause)),
          HttpServerResponse.jsonUnsafe(Envelope.failureBody("v2", 500, "Internal emulator error"), { status: 500 })
        )
      )
    )
  })
