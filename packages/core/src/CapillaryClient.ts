/**
 * The client: the one interpreter that turns an endpoint declaration and an input into a typed call. It
 * validates before sending, authenticates, limits, times out, retries what is safe to retry, decodes the
 * envelope whatever the HTTP status, maps Capillary codes to the declared domain errors, and traces each call
 * without secrets or personal data.
 *
 * @since 0.1.0
 */
import { Clock, Context, Duration, Effect, Layer, Option, Random, Redacted, Result, Schema, Stream } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import * as Auth from "./Auth.ts"
import { CapillaryConfig, type Settings } from "./CapillaryConfig.ts"
import * as CapillaryError from "./CapillaryError.ts"
import * as CustomerLock from "./CustomerLock.ts"
import type * as Endpoint from "./Endpoint.ts"
import { renderPath } from "./Endpoint.ts"
import * as Envelope from "./Envelope.ts"
import { failedBeforeSending, retryAfterMillis } from "./internal/transport.ts"
import { version } from "./internal/version.ts"
import * as Multipart from "./Multipart.ts"
import * as RateLimiter from "./RateLimiter.ts"
import * as Redaction from "./Redaction.ts"

/**
 * The `User-Agent` product token of this SDK.
 *
 * @since 0.1.0
 * @category constants
 */
export const userAgent = `capillary-effect/${version}`

/**
 * Per-call options.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExecuteOptions<A> {
  /**
   * For a write without a dedup key: after an ambiguous failure, read the state back by natural key.
   * `Some(result)`: the write happened; `None`: it did not, so it may be sent again.
   */
  readonly reconcile?: Effect.Effect<Option.Option<A>, unknown> | undefined
}

type Args<Ep extends Endpoint.Any> = {} extends Endpoint.InputOf<Ep>
  ? [input?: Endpoint.InputOf<Ep>, options?: ExecuteOptions<Endpoint.SuccessOf<Ep>>]
  : [input: Endpoint.InputOf<Ep>, options?: ExecuteOptions<Endpoint.SuccessOf<Ep>>]

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly settings: Settings
  /** Calls an endpoint. */
  readonly execute: <Ep extends Endpoint.Any>(
    endpoint: Ep,
    ...args: Args<Ep>
  ) => Effect.Effect<Endpoint.SuccessOf<Ep>, CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>>
  /** Reads every page of a paged endpoint, lazily, as a stream of items. */
  readonly stream: <Ep extends Endpoint.Any>(
    endpoint: Ep,
    ...args: Args<Ep>
  ) => Stream.Stream<Endpoint.ItemOf<Ep>, CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>>
}

/**
 * The Capillary client service.
 *
 * @since 0.1.0
 * @category services
 */
export class CapillaryClient extends Context.Service<CapillaryClient, Service>()(
  "@capillary-effect/core/CapillaryClient"
) {}

// ---------------------------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------------------------

interface Encoded {
  readonly path: string
  readonly urlParams: ReadonlyArray<readonly [string, string]>
  readonly body: unknown
}

const invalid = (message: string) => new CapillaryError.InvalidRequest({ message: Redaction.redactText(message) })

const encodePart = <E>(schema: Endpoint.Codec<E> | undefined, value: unknown, part: string) =>
  schema === undefined
    ? Effect.succeed(undefined)
    : Schema.encodeUnknownEffect(schema)(value).pipe(
      Effect.mapError((error) => invalid(`invalid ${part}: ${error.message}`))
    )

const encode = Effect.fnUntraced(function*(endpoint: Endpoint.Any, input: Record<string, unknown>) {
  const params = yield* encodePart<Endpoint.PathEncoded>(endpoint.params, input.path, "path parameters")
  const rendered = renderPath(endpoint.path, params ?? {})
  if (rendered._tag === "Missing") {
    return yield* invalid(`missing path parameter(s): ${rendered.names.join(", ")}`)
  }
  const query = yield* encodePart<Endpoint.QueryEncoded>(endpoint.query, input.query, "query")
  const urlParams: Array<readonly [string, string]> = []
  for (const [name, value] of Object.entries({ ...query, ...endpoint.variant })) {
    if (value === undefined) continue
    if (typeof value === "string") urlParams.push([name, value])
    else for (const item of value) urlParams.push([name, item])
  }
  const body = yield* encodePart(endpoint.body, input.body, "body")
  if (body !== undefined && endpoint.bodyFormat === "multipart") {
    const form = Multipart.toFormData(body)
    if (Result.isFailure(form)) return yield* invalid(`invalid body: ${form.failure}`)
    return { path: rendered.path, urlParams, body: form.success } satisfies Encoded
  }
  return { path: rendered.path, urlParams, body } satisfies Encoded
})

// ---------------------------------------------------------------------------------------------------------------
// Reading a response
// ---------------------------------------------------------------------------------------------------------------

type AttemptFailure<E> =
  | { readonly _tag: "Domain"; readonly error: E }
  | { readonly _tag: "Reason"; readonly reason: CapillaryError.Reason }

interface Answer {
  readonly status: number
  readonly requestId: string | undefined
  readonly retryAfter: string | undefined
  readonly text: string
}

const parseJson = (text: string): Option.Option<unknown> => {
  if (text.trim() === "") return Option.none()
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

const snippet = (text: string) => Redaction.redactText(text.slice(0, 200))

/** Classifies an answer, before the success body is decoded. */
const classify = <E>(
  endpoint: Endpoint.Any,
  answer: Answer,
  now: number,
  sentToken: boolean
): { readonly _tag: "Body"; readonly body: unknown } | AttemptFailure<E> => {
  const { status } = answer
  const json = parseJson(answer.text)
  const body = Option.getOrUndefined(json)
  const reason = (r: CapillaryError.Reason) => ({ _tag: "Reason", reason: r }) as const
  if (status === 429) {
    return reason(
      new CapillaryError.RateLimited({
        message: "rate limit exceeded",
        retryAfterMillis: retryAfterMillis(answer.retryAfter, now)
      })
    )
  }
  if (status === 461 || status === 521) {
    const message = status === 461 ? "search engine busy" : "another action is running for the same customer"
    return reason(new CapillaryError.Busy({ message, status }))
  }
  // OAuth token errors come as v1.1 status bodies from every API version.
  const v11 = Envelope.v11Status(body)
  const authCode = status === 401 || status === 498 || status === 403
    ? status
    : v11 !== undefined && !v11.success && (v11.code === 401 || v11.code === 498 || v11.code === 403)
    ? v11.code
    : undefined
  if (authCode === 403) {
    return reason(
      new CapillaryError.Forbidden({ message: Redaction.redactText(v11?.message ?? "forbidden"), code: 403 })
    )
  }
  if (authCode !== undefined) {
    // Prefer the body's own code and message (e.g. 320001 "Invalid client key and secret") over the status.
    const outcome = v11 === undefined && Option.isSome(json) ? Envelope.read(endpoint.family, status, body) : undefined
    const detail = outcome?._tag === "Failure" && outcome.code !== undefined ? outcome : undefined
    return reason(
      new CapillaryError.Unauthorized({
        message: Redaction.redactText(
          v11?.message ?? detail?.message ?? (authCode === 498 ? "token expired" : "authentication failed")
        ),
        code: detail?.code ?? authCode,
        tokenRejected: sentToken
      })
    )
  }
  if (Option.isNone(json)) {
    return status >= 400
      ? reason(
        new CapillaryError.ApiError({
          message: `HTTP ${status}: ${snippet(answer.text)}`,
          status,
          requestId: answer.requestId
        })
      )
      : reason(new CapillaryError.DecodeError({ message: `response is not JSON: ${snippet(answer.text)}` }))
  }
  const outcome = Envelope.read(endpoint.family, status, body)
  if (outcome._tag === "Success") return { _tag: "Body", body: outcome.body }
  for (const issue of outcome.issues) {
    const mapping = endpoint.errors.find((m) => issue.code !== undefined && m.codes.includes(issue.code))
    if (mapping !== undefined) {
      return {
        _tag: "Domain",
        error: new mapping.error({
          code: issue.code!,
          message: Redaction.redactText(issue.message),
          requestId: answer.requestId
        }) as E
      }
    }
  }
  return reason(
    new CapillaryError.ApiError({
      message: Redaction.redactText(outcome.message),
      status,
      code: outcome.code,
      requestId: answer.requestId
    })
  )
}

// Decoders are built once per endpoint, not once per call.
const decoders = new WeakMap<Endpoint.Any, (body: unknown) => Effect.Effect<unknown, Schema.SchemaError>>()
const successDecoder = (endpoint: Endpoint.Any) => {
  let decoder = decoders.get(endpoint)
  if (decoder === undefined) {
    decoder = Schema.decodeUnknownEffect(endpoint.success as Endpoint.Codec<unknown>)
    decoders.set(endpoint, decoder)
  }
  return decoder
}

/** Whether a failed write may have been applied. */
const mayHaveApplied = (reason: CapillaryError.Reason): boolean => {
  switch (reason._tag) {
    case "TransportError":
      return reason.sent
    case "Timeout":
      return true
    case "ApiError":
      // 501: the server does not implement the endpoint, so it applied nothing.
      return reason.status >= 500 && reason.status !== 501
    default:
      return false
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------------------------

/**
 * Builds the client from its configuration and an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const settings = yield* CapillaryConfig
  const http = yield* HttpClient.HttpClient
  const limiter = yield* RateLimiter.make
  const locks = yield* CustomerLock.make
  const credentials = settings.credentials
  const apiKey = credentials._tag === "OAuth" ? credentials.clientKey : credentials.username
  const agent = settings.userAgentSuffix === undefined ? userAgent : `${userAgent} ${settings.userAgentSuffix}`
  const timeoutMillis = Duration.toMillis(settings.timeout)

  const baseHeaders: Record<string, string> = { accept: "application/json", "user-agent": agent }
  const { attribution } = settings
  if (attribution.entityType !== undefined) baseHeaders["X-CAP-API-ATTRIBUTION-ENTITY-TYPE"] = attribution.entityType
  if (attribution.entityCode !== undefined) baseHeaders["X-CAP-API-ATTRIBUTION-ENTITY-CODE"] = attribution.entityCode
  if (attribution.tillCode !== undefined) baseHeaders["X-CAP-API-ATTRIBUTION-TILL-CODE"] = attribution.tillCode
  if (attribution.lookupType !== undefined) baseHeaders["X-CAP-API-ATTRIBUTION-LOOKUP-TYPE"] = attribution.lookupType
  if (attribution.lookup !== undefined) baseHeaders["X-CAP-API-ATTRIBUTION-LOOKUP"] = attribution.lookup

  /** One HTTP exchange, bounded by the request timeout; interruption aborts the request. */
  const send = (method: Endpoint.Method, encoded: Encoded, headers: Record<string, string>) => {
    let request = HttpClientRequest.make(method)(`${settings.baseUrl}${encoded.path}`).pipe(
      HttpClientRequest.setHeaders(baseHeaders),
      HttpClientRequest.setHeaders(headers),
      HttpClientRequest.setUrlParams(encoded.urlParams)
    )
    if (encoded.body instanceof FormData) request = HttpClientRequest.bodyFormData(request, encoded.body)
    else if (encoded.body !== undefined) request = HttpClientRequest.bodyJsonUnsafe(request, encoded.body)
    return http.execute(request).pipe(
      Effect.flatMap((response) =>
        Effect.map(response.text, (text): Answer => ({
          status: response.status,
          requestId: response.headers["x-cap-request-id"] ?? response.headers["x-cap-requestid"],
          retryAfter: response.headers["retry-after"],
          text
        }))
      ),
      Effect.mapError((error): CapillaryError.Reason =>
        new CapillaryError.TransportError({
          message: `${error.reason._tag}: ${Redaction.redactText(error.reason.message ?? "")}`.trim(),
          sent: !failedBeforeSending(error)
        })
      ),
      Effect.timeoutOrElse({
        duration: settings.timeout,
        orElse: () =>
          Effect.fail<CapillaryError.Reason>(
            new CapillaryError.Timeout({ message: `no answer within ${timeoutMillis} ms`, timeoutMillis })
          )
      }),
      // The operation span is the trace of a call; the HTTP client's own span would carry the raw URL.
      Effect.provideService(HttpClient.TracerDisabledWhen, () => true)
    )
  }

  const backoff = (retry: number) =>
    Effect.map(Random.next, (random) => {
      const exponential = Duration.toMillis(settings.retry.baseDelay) * 2 ** (retry - 1)
      const capped = Math.min(exponential, Duration.toMillis(settings.retry.maxDelay))
      const jitter = settings.retry.jitter
      return Math.round(capped * (1 - jitter + 2 * jitter * random))
    })

  /** Runs the attempts of one call: auth, limiter, exchange, classification, retry decisions. */
  const run = <A, E>(
    endpoint: Endpoint.Any,
    encoded: Encoded,
    authenticate: Effect.Effect<Record<string, string>, CapillaryError.Reason>,
    rejectToken: (headers: Record<string, string>) => Effect.Effect<void>,
    options: ExecuteOptions<A> | undefined
  ): Effect.Effect<A, CapillaryError.CapillaryError | E> => {
    const perMinute = settings.rateLimit.perMinute[endpoint.rateLimitFamily] ?? settings.rateLimit.defaultPerMinute
    const limit = settings.rateLimit.enabled && perMinute !== undefined
      ? limiter.acquire(`${apiKey} ${endpoint.rateLimitFamily}`, perMinute)
      : Effect.void
    const decodeSuccess = successDecoder(endpoint)
    const isWrite = endpoint.idempotency._tag === "Unsafe"

    const fail = (reason: CapillaryError.Reason, attempts: number, requestId: string | undefined) =>
      Effect.fail(new CapillaryError.CapillaryError({ reason, endpoint: endpoint.id, attempts, requestId }))

    const loop = (attempt: number, tokenRefreshed: boolean): Effect.Effect<A, CapillaryError.CapillaryError | E> =>
      Effect.gen(function*() {
        yield* limit
        const headers = yield* authenticate.pipe(
          Effect.catch((reason) => fail(reason, attempt, undefined))
        )
        const exchanged = yield* Effect.result(send(endpoint.method, encoded, headers))
        const now = yield* Clock.currentTimeMillis
        let requestId: string | undefined
        let failure: AttemptFailure<E>
        if (exchanged._tag === "Success") {
          const answer = exchanged.success
          requestId = answer.requestId
          yield* Effect.annotateCurrentSpan({
            "capillary.attempt": attempt,
            "http.response.status_code": answer.status,
            ...(requestId === undefined ? {} : { "capillary.request_id": requestId })
          })
          const classified = classify<E>(endpoint, answer, now, headers[Auth.tokenHeader] !== undefined)
          if (classified._tag === "Body") {
            const decoded = yield* Effect.result(decodeSuccess(classified.body))
            if (decoded._tag === "Success") return decoded.success as A
            return yield* fail(
              new CapillaryError.DecodeError({ message: Redaction.redactText(decoded.failure.message) }),
              attempt,
              requestId
            )
          }
          failure = classified
        } else {
          yield* Effect.annotateCurrentSpan({ "capillary.attempt": attempt })
          failure = { _tag: "Reason", reason: exchanged.failure }
        }
        if (failure._tag === "Domain") return yield* Effect.fail(failure.error)

        let reason = failure.reason
        yield* Effect.logDebug("capillary: attempt failed").pipe(
          Effect.annotateLogs({ endpoint: endpoint.id, attempt, reason: reason._tag })
        )
        if (reason._tag === "Unauthorized" && reason.tokenRejected && !tokenRefreshed) {
          yield* rejectToken(headers)
          return yield* loop(attempt + 1, true)
        }
        if (!reason.retryable) return yield* fail(reason, attempt, requestId)
        if (isWrite && mayHaveApplied(reason)) {
          const ambiguous = new CapillaryError.AmbiguousOutcome({
            message: "the write was sent and its result is unknown; it was not re-sent",
            cause: `${reason._tag}: ${reason.message}`
          })
          if (options?.reconcile === undefined) return yield* fail(ambiguous, attempt, requestId)
          const found = yield* Effect.result(options.reconcile)
          if (found._tag === "Failure") return yield* fail(ambiguous, attempt, requestId)
          if (Option.isSome(found.success)) return found.success.value
          // Read back and not found: it did not happen, so sending it again is safe.
          reason = ambiguous
        }
        if (attempt > settings.retry.maxRetries) return yield* fail(failure.reason, attempt, requestId)
        let delay = yield* backoff(attempt)
        if (reason._tag === "RateLimited" && reason.retryAfterMillis !== undefined) {
          if (reason.retryAfterMillis > Duration.toMillis(settings.retry.maxRetryAfter)) {
            return yield* fail(reason, attempt, requestId)
          }
          delay = Math.max(delay, reason.retryAfterMillis)
        }
        const span = yield* Effect.option(Effect.currentSpan)
        if (Option.isSome(span)) {
          span.value.event("capillary.retry", BigInt(now) * 1_000_000n, {
            "capillary.attempt": attempt,
            "capillary.reason": reason._tag,
            "capillary.delay_ms": delay
          })
        }
        yield* Effect.sleep(Duration.millis(delay))
        return yield* loop(attempt + 1, tokenRefreshed)
      })

    return loop(1, false)
  }

  // Token fetches go through the same attempt loop, without authentication.
  const noAuth = Effect.succeed({})
  const tokens = credentials._tag === "OAuth"
    ? yield* Auth.makeTokenCache(
      Effect.gen(function*() {
        const encoded = yield* encode(Auth.generateToken, {
          body: { key: credentials.clientKey, secret: Redacted.value(credentials.clientSecret) }
        }).pipe(Effect.orDie)
        const issued = yield* run<typeof Auth.generateToken.success.Type, never>(
          Auth.generateToken,
          encoded,
          noAuth,
          () => Effect.void,
          undefined
        )
        return { token: Redacted.make(issued.data.accessToken), ttl: Duration.seconds(issued.data.ttlSeconds) }
      }).pipe(Effect.mapError((error): CapillaryError.Reason =>
        // 320001: "Invalid client key and secret", whatever HTTP status carries it.
        error.reason._tag === "ApiError" && error.reason.code === 320001
          ? new CapillaryError.Unauthorized({ message: error.reason.message, code: 320001, tokenRejected: false })
          : error.reason
      )),
      settings.tokenRefreshWindow
    )
    : undefined

  const authenticate: Effect.Effect<Record<string, string>, CapillaryError.Reason> = credentials._tag === "Basic"
    ? Effect.succeed({ authorization: Redacted.value(Auth.basicHeader(credentials)) })
    : Effect.map(tokens!.get, (token) => ({ [Auth.tokenHeader]: Redacted.value(token) }))

  const rejectToken = (headers: Record<string, string>) => {
    const token = headers[Auth.tokenHeader]
    return tokens === undefined || token === undefined ? Effect.void : tokens.invalidate(Redacted.make(token))
  }

  const execute = <Ep extends Endpoint.Any>(
    endpoint: Ep,
    ...[input, options]: Args<Ep>
  ): Effect.Effect<Endpoint.SuccessOf<Ep>, CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>> => {
    const values = (input ?? {}) as Record<string, unknown>
    const call = Effect.gen(function*() {
      const encoded = yield* encode(endpoint, values).pipe(
        Effect.mapError((reason) =>
          new CapillaryError.CapillaryError({ reason, endpoint: endpoint.id, attempts: 0, requestId: undefined })
        )
      )
      const attempts = run<Endpoint.SuccessOf<Ep>, Endpoint.ErrorOf<Ep>>(
        endpoint,
        encoded,
        authenticate,
        rejectToken,
        options
      )
      const customer = settings.serializePerCustomer ? endpoint.customerKey?.(values as never) : undefined
      return yield* customer === undefined ? attempts : locks.withLock(customer)(attempts)
    })
    return call.pipe(
      Effect.withSpan(`Capillary.${endpoint.id}`, {
        kind: "client",
        attributes: {
          "capillary.endpoint": endpoint.id,
          "http.request.method": endpoint.method,
          "http.route": endpoint.path,
          "capillary.idempotency": endpoint.idempotency._tag
        }
      }, { captureStackTrace: false }) // a stack trace per call costs more than the SDK's own work; the name locates it
    )
  }

  const stream = <Ep extends Endpoint.Any>(
    endpoint: Ep,
    ...[input, options]: Args<Ep>
  ): Stream.Stream<Endpoint.ItemOf<Ep>, CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>> => {
    const paging = endpoint.paging
    const values = (input ?? {}) as Record<string, unknown>
    if (paging === undefined) {
      return Stream.fail(
        new CapillaryError.CapillaryError({
          reason: new CapillaryError.InvalidRequest({ message: "this endpoint is not paged" }),
          endpoint: endpoint.id,
          attempts: 0,
          requestId: undefined
        })
      )
    }
    return Stream.paginate(paging.first(values.query ?? {}), (query) =>
      Effect.map(
        (execute as (ep: Endpoint.Any, input: unknown, options: unknown) => Effect.Effect<unknown, any>)(
          endpoint,
          { ...values, query },
          options
        ),
        (page) => [paging.items(page), Option.fromUndefinedOr(paging.next(query, page))] as const
      ))
  }

  return CapillaryClient.of({ settings, execute, stream })
})

/**
 * The client layer; needs `CapillaryConfig` and an `HttpClient` (for example `NodeHttpClient.layerUndici` from
 * `@effect/platform-node`, or `FetchHttpClient.layer`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<CapillaryClient, never, CapillaryConfig | HttpClient.HttpClient> = Layer.effect(
  CapillaryClient,
  make
)

/**
 * Turns an endpoint into an operation that reads the client from the context: the building block of the
 * domain packages.
 *
 * @since 0.1.0
 * @category operations
 */
export const operation = <Ep extends Endpoint.Any>(endpoint: Ep) =>
(
  ...args: Args<Ep>
): Effect.Effect<Endpoint.SuccessOf<Ep>, CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>, CapillaryClient> =>
  CapillaryClient.use((client) => client.execute(endpoint, ...args))

/**
 * Turns a paged endpoint into a stream of all its items that reads the client from the context.
 *
 * @since 0.1.0
 * @category operations
 */
export const pages = <Ep extends Endpoint.Any>(endpoint: Ep) =>
(
  ...args: Args<Ep>
): Stream.Stream<Endpoint.ItemOf<Ep>, CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>, CapillaryClient> =>
  Stream.unwrap(CapillaryClient.useSync((client) => client.stream(endpoint, ...args)))
