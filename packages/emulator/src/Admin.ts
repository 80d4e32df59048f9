/**
 * The admin API under `/__emulator`: reset, seed, faults (set / list / clear), the clock (read, set, advance),
 * the request log, snapshot / restore of the whole state, and the OpenAPI document.
 *
 * @since 0.1.0
 */
import type { Endpoint } from "@capillary-effect/core"
import { Context, Duration, Effect, Option, Random, Ref, Schema } from "effect"
import { type HttpServerRequest, HttpServerResponse } from "effect/http"
import { SqlClient } from "effect/sql"
import { EmulatorClock } from "./EmulatorClock.ts"
import { FaultRule, Faults } from "./Faults.ts"
import * as OpenApiDocument from "./OpenApiDocument.ts"
import type { Organizations } from "./Organizations.ts"
import { RequestLog } from "./RequestLog.ts"
import * as Seed from "./Seed.ts"

/**
 * Where the admin API lives.
 *
 * @since 0.1.0
 * @category constants
 */
export const prefix = "/__emulator"

/**
 * What the admin API needs to know about the running emulator.
 *
 * @since 0.1.0
 * @category services
 */
export class AdminContext extends Context.Service<AdminContext, {
  readonly endpoints: ReadonlyArray<Endpoint.Any>
  /** The seed the emulator started with, re-applied by `reset`. */
  readonly seed: Seed.SeedName
  readonly seedOptions: Seed.Options
  readonly snapshots: Ref.Ref<ReadonlyMap<string, Snapshot>>
}>()("@capillary-effect/emulator/AdminContext") {}

/**
 * Every row of every table.
 *
 * @since 0.1.0
 * @category models
 */
export type Snapshot = ReadonlyArray<{ readonly table: string; readonly rows: ReadonlyArray<Record<string, unknown>> }>

const tables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' AND name <> 'effect_sql_migrations' ORDER BY name`
  return rows.map((row) => row.name)
})

/**
 * Reads the whole state.
 *
 * @since 0.1.0
 * @category snapshots
 */
export const snapshot = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const names = yield* tables
  return yield* Effect.forEach(
    names,
    (table) => Effect.map(sql<Record<string, unknown>>`SELECT * FROM ${sql(table)}`, (rows) => ({ table, rows }))
  )
})

const wipe = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`PRAGMA defer_foreign_keys = ON`
  for (const table of yield* tables) {
    // The signing secret stays, so tokens issued before a reset are simply unknown to the new state.
    if (table === "meta") yield* sql`DELETE FROM meta WHERE key <> 'jwt.secret'`
    else yield* sql`DELETE FROM ${sql(table)}`
  }
})

/**
 * Replaces the whole state by a snapshot, in one transaction.
 *
 * @since 0.1.0
 * @category snapshots
 */
export const restore = (state: Snapshot) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* wipe
    for (const { rows, table } of state) {
      if (table === "meta") yield* sql`DELETE FROM meta`
      for (const row of rows) yield* sql`INSERT INTO ${sql(table)} ${sql.insert(row)}`
    }
  }).pipe((effect) => SqlClient.SqlClient.use((sql) => sql.withTransaction(effect)))

/**
 * Empties the state and writes a seed, in one transaction; the clock goes back to real time.
 *
 * @since 0.1.0
 * @category seeding
 */
export const reset = (seed: Seed.SeedName, options: Seed.Options = {}) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql.withTransaction(Effect.andThen(wipe, Seed.apply(seed, options)))
  })

const json = (body: unknown, status = 200) => HttpServerResponse.jsonUnsafe(body, { status })

const problem = (status: number, message: string) =>
  json({ errors: [{ status: false, code: status, message }] }, status)

const readJson = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.flatMap(
    Effect.orElseSucceed(request.text, () => ""),
    (text) =>
      Effect.try({
        try: () => (text.trim() === "" ? {} : JSON.parse(text)) as unknown,
        catch: () => "Malformed JSON body"
      })
  )

const ClockChange = Schema.Struct({
  set: Schema.optional(Schema.Union([Schema.Number, Schema.String])),
  advance: Schema.optional(Schema.Union([Schema.Number, Schema.String]))
})
const FaultsChange = Schema.Struct({
  rules: Schema.optional(Schema.Array(FaultRule)),
  seed: Schema.optional(Schema.Int)
})
const SeedChange = Schema.Struct({ seed: Seed.SeedName })
const RestoreRequest = Schema.Struct({ id: Schema.String })

const decode = <S extends Schema.Codec<any, unknown, never, never>>(schema: S, value: unknown) =>
  Schema.decodeUnknownEffect(schema)(value).pipe(Effect.mapError((error) => error.message))

// Dates between years 1970 and 9999: what an ISO string and every Capillary date field can carry.
const isDate = (millis: number) => Number.isFinite(millis) && millis >= 0 && millis <= 253402300799999

const toMillis = (value: number | string): number | undefined => {
  if (typeof value === "number") return value
  const date = Date.parse(value)
  if (!Number.isNaN(date)) return date
  const duration = Duration.fromInput(value as Duration.Input)
  return Option.isSome(duration) ? Duration.toMillis(duration.value) : undefined
}

/**
 * Serves one admin request.
 *
 * @since 0.1.0
 * @category handlers
 */
export const handle = (request: HttpServerRequest.HttpServerRequest, url: URL) =>
  Effect.gen(function*() {
    const admin = yield* AdminContext
    const clock = yield* EmulatorClock
    const faults = yield* Faults
    const log = yield* RequestLog
    const route = `${request.method} ${url.pathname.slice(prefix.length) || "/"}`
    switch (route) {
      case "GET /health":
        return json({ status: "ok" })
      case "POST /reset": {
        yield* reset(admin.seed, admin.seedOptions)
        yield* faults.clear()
        yield* log.clear
        yield* clock.reload
        return json({ reset: true, seed: admin.seed })
      }
      case "POST /seed": {
        const body = yield* decode(SeedChange, yield* readJson(request))
        yield* reset(body.seed, admin.seedOptions)
        yield* clock.reload
        return json({ seeded: body.seed })
      }
      case "GET /faults":
        return json(yield* faults.list)
      case "POST /faults": {
        const body = yield* decode(FaultsChange, yield* readJson(request))
        if (body.seed !== undefined) yield* faults.reseed(body.seed)
        const ids = yield* faults.add(body.rules ?? [])
        return json({ ids, ...(yield* faults.list) })
      }
      case "DELETE /faults": {
        const id = url.searchParams.get("id")
        if (id !== null && !/^\d+$/.test(id)) return problem(400, "id must be a rule id")
        yield* faults.clear(id === null ? undefined : Number(id))
        return json(yield* faults.list)
      }
      case "GET /clock": {
        const now = yield* clock.now
        return json({ now, iso: new Date(now).toISOString() })
      }
      case "POST /clock": {
        const body = yield* decode(ClockChange, yield* readJson(request))
        // Everything is checked before anything changes, and the result must stay a representable date.
        const at = body.set === undefined ? undefined : typeof body.set === "number" ? body.set : Date.parse(body.set)
        if (at !== undefined && !isDate(at)) return problem(400, "clock.set must be epoch milliseconds or an ISO date")
        const by = body.advance === undefined ? undefined : toMillis(body.advance)
        if (body.advance !== undefined && (by === undefined || !Number.isFinite(by))) {
          return problem(400, "clock.advance must be milliseconds or a duration such as \"2 hours\"")
        }
        const target = (at ?? (yield* clock.now)) + (by ?? 0)
        if (!isDate(target)) return problem(400, "the clock would leave the range of dates")
        if (at !== undefined) yield* clock.set(at)
        if (by !== undefined) yield* clock.advance(by)
        const now = yield* clock.now
        return json({ now, iso: new Date(now).toISOString() })
      }
      case "GET /log": {
        const limit = Number(url.searchParams.get("limit") ?? "100")
        return json({ entries: yield* log.recent(Number.isFinite(limit) ? limit : 100) })
      }
      case "POST /snapshot": {
        const state = yield* snapshot
        const id = `snap-${(yield* Random.nextIntBetween(0, 2 ** 31)).toString(36)}`
        yield* Ref.update(admin.snapshots, (all) => new Map([...all, [id, state]]))
        return json({ id, tables: state.map(({ rows, table }) => ({ table, rows: rows.length })) })
      }
      case "POST /restore": {
        const body = yield* decode(RestoreRequest, yield* readJson(request))
        const state = (yield* Ref.get(admin.snapshots)).get(body.id)
        if (state === undefined) return problem(404, `No snapshot ${body.id}`)
        yield* restore(state)
        yield* clock.reload
        return json({ restored: body.id })
      }
      case "GET /openapi.json":
        return json(OpenApiDocument.make(admin.endpoints))
      default:
        return problem(404, `Unknown admin route: ${route}`)
    }
  }).pipe(
    Effect.catch((error) =>
      Effect.succeed(typeof error === "string" ? problem(400, error) : problem(500, String(error)))
    )
  ) as Effect.Effect<
    HttpServerResponse.HttpServerResponse,
    never,
    AdminContext | EmulatorClock | Faults | RequestLog | SqlClient.SqlClient | Organizations
  >
