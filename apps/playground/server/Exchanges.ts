/**
 * The raw exchanges of a call: an `HttpClient` wrapped so that every request the SDK client sends, and its
 * answer, is recorded with secrets and personal data masked by core's `Redaction` (headers by name, the URL's
 * query, both bodies), with its status and duration.
 */
import { Redaction } from "@capillary-effect/core"
import { Cause, Clock, Effect, Exit, Option } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"

/** One HTTP exchange, masked. */
export interface Exchange {
  readonly method: string
  /** The full URL, its query masked (`Redaction.redactUrl`). */
  readonly url: string
  readonly requestHeaders: Record<string, string>
  readonly requestBody: unknown
  /** The HTTP status; absent when no answer came (a reset connection, a timeout). */
  readonly status?: number
  readonly responseHeaders?: Record<string, string>
  readonly responseBody?: unknown
  /** What went wrong on the wire, when no answer came. */
  readonly error?: string
  readonly durationMs: number
}

/** Masks header values: sensitive names entirely (`authorization`, tokens), others through `redactText`. */
export const maskHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const masked: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    masked[name] = Redaction.isSensitiveName(name) ? Redaction.mask : Redaction.redactText(value)
  }
  return masked
}

/** A body as JSON when it parses, else its text; masked either way. */
const readBody = (text: string): unknown => {
  if (text === "") return undefined
  try {
    return Redaction.redactValue(JSON.parse(text))
  } catch {
    return Redaction.redactText(text)
  }
}

const requestBodyOf = (request: HttpClientRequest.HttpClientRequest): unknown => {
  const body = request.body
  switch (body._tag) {
    case "Uint8Array":
      return readBody(new TextDecoder().decode(body.body))
    case "Empty":
      return undefined
    default:
      return `(${body._tag} body)`
  }
}

const urlOf = (request: HttpClientRequest.HttpClientRequest): string =>
  Option.match(HttpClientRequest.toUrl(request), {
    onNone: () => request.url,
    onSome: (url) => url.toString()
  })

/**
 * Wraps a client so each exchange is passed to `record` once its answer is read (or its failure known). The answer
 * is read here and stays readable: the response caches its body.
 */
export const recording = (
  client: HttpClient.HttpClient,
  record: (exchange: Exchange) => void
): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect, request) =>
    Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      const base = {
        method: request.method,
        url: Redaction.redactUrl(urlOf(request)),
        requestHeaders: maskHeaders(request.headers),
        requestBody: requestBodyOf(request)
      }
      const elapsed = Effect.map(Clock.currentTimeMillis, (now) => now - started)
      const exit = yield* Effect.exit(effect).pipe(
        // The client's timeout interrupts the exchange: it is recorded as one that got no answer.
        Effect.onInterrupt(() =>
          Effect.map(elapsed, (durationMs) => record({ ...base, error: "interrupted: no answer in time", durationMs }))
        )
      )
      if (Exit.isFailure(exit)) {
        const error = Cause.squash(exit.cause)
        record({
          ...base,
          error: Redaction.redactText(error instanceof Error ? error.message : String(error)),
          durationMs: yield* elapsed
        })
        return yield* exit
      }
      const response = exit.value
      const text = yield* Effect.orElseSucceed(response.text, () => "")
      record({
        ...base,
        status: response.status,
        responseHeaders: maskHeaders(response.headers),
        responseBody: readBody(text),
        durationMs: yield* elapsed
      })
      return response
    }))
