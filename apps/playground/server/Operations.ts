/**
 * Runs catalog operations: the submitted input is decoded with the endpoint's own schemas (nothing is sent when it
 * does not decode), then the SDK client calls the emulator, through an `HttpClient` that records each exchange.
 * Each run has a client of its own, so its exchanges are its own.
 */
import { CapillaryClient, CapillaryConfig, CapillaryError, Credentials } from "@capillary-effect/core"
import { Seed } from "@capillary-effect/emulator"
import { Cause, Clock, Effect, Exit } from "effect"
import { HttpClient } from "effect/http"
import * as Catalog from "./Catalog.ts"
import * as Exchanges from "./Exchanges.ts"
import { invalidInput, isRecord, type Issue, toJson, validate } from "./Json.ts"

/** What a run answers: the decoded result or the typed error, and the raw exchanges. */
export interface RunResult {
  readonly ok: boolean
  readonly operation: string
  readonly value?: unknown
  readonly error?: unknown
  /** Attempts made: the error's count, else the number of exchanges. */
  readonly attempts: number
  readonly durationMs: number
  readonly exchanges: ReadonlyArray<Exchanges.Exchange>
}

/** The SDK client options the playground uses against the emulator (the demo till, Basic auth). */
export const clientOptions = (baseUrl: string, overrides: Partial<CapillaryConfig.Options> = {}) =>
  ({
    baseUrl,
    credentials: Credentials.basic(Seed.demo.till.username, Seed.demo.till.password),
    timeout: "10 seconds",
    userAgentSuffix: "playground",
    ...overrides
  }) satisfies CapillaryConfig.Options

const parts = [["path", "params"], ["query", "query"], ["body", "body"]] as const

/** The operations service: the catalog, and a runner against the emulator at `baseUrl`. */
export const make = (baseUrl: string) =>
  Effect.gen(function*() {
    const http = yield* HttpClient.HttpClient
    const entries = Catalog.make()
    const byId = new Map(entries.map((entry) => [entry.operation.id, entry]))
    const settings = CapillaryConfig.make(clientOptions(baseUrl))

    /** Decodes each declared part of the input; fails with every issue, before anything is sent. */
    const decode = Effect.fnUntraced(function*(entry: Catalog.Entry, input: unknown) {
      const submitted = isRecord(input) ? input : {}
      const issues: Array<Issue> = []
      const decoded: Record<string, unknown> = {}
      for (const [part, field] of parts) {
        const schema = entry.endpoint[field]
        if (schema === undefined) continue
        // Path and query parameters are objects on the wire; leaving them all out is sending none.
        const value = submitted[part] === undefined && part !== "body" ? {} : submitted[part]
        const result = yield* Effect.result(validate(schema, value, [part]))
        if (result._tag === "Failure") issues.push(...result.failure)
        else decoded[part] = result.success
      }
      if (issues.length > 0) return yield* invalidInput(issues)
      return decoded
    })

    const run = Effect.fnUntraced(function*(entry: Catalog.Entry, input: unknown) {
      const decoded = yield* decode(entry, input)
      const exchanges: Array<Exchanges.Exchange> = []
      const client = yield* CapillaryClient.make.pipe(
        Effect.provideService(CapillaryConfig.CapillaryConfig, settings),
        Effect.provideService(HttpClient.HttpClient, Exchanges.recording(http, (exchange) => exchanges.push(exchange)))
      )
      const started = yield* Clock.currentTimeMillis
      const exit = yield* Effect.exit(
        (client.execute as (endpoint: unknown, input: unknown) => Effect.Effect<unknown, unknown>)(
          entry.endpoint,
          decoded
        )
      )
      const durationMs = (yield* Clock.currentTimeMillis) - started
      const common = { operation: entry.operation.id, durationMs, exchanges }
      if (Exit.isSuccess(exit)) {
        return { ok: true, value: toJson(exit.value), attempts: exchanges.length, ...common } satisfies RunResult
      }
      const failure = Cause.findErrorOption(exit.cause)
      if (failure._tag === "None") return yield* Effect.failCause(exit.cause as Cause.Cause<never>)
      const error = failure.value
      const attempts = error instanceof CapillaryError.CapillaryError ? error.attempts : exchanges.length
      return { ok: false, error: toJson(error), attempts, ...common } satisfies RunResult
    })

    return {
      operations: entries.map((entry) => entry.operation),
      find: (id: string) => byId.get(id),
      run
    }
  })
