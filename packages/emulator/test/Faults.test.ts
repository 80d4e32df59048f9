/**
 * Fault injection observed through the real SDK: each fault kind is set through the admin API, a call is made
 * with the SDK, and the request log tells how many requests reached the emulator. The client retries with
 * 1-5 ms delays, so every retry policy decision is visible in a few milliseconds.
 */
import { CapillaryClient, CapillaryError } from "@capillary-effect/core"
import { assert, describe, layer } from "@effect/vitest"
import { Clock, Effect, Option } from "effect"
import { Emulator } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import { demoAuthorization } from "./fixtures/http.ts"
import * as Notes from "./fixtures/notes.ts"

interface LogEntry {
  readonly at: number
  readonly endpoint: string | undefined
  readonly method: string
  readonly url: string
  readonly status: number
  readonly durationMs: number
  readonly fault: string | undefined
  readonly responseBody: any
}

interface RawAnswer {
  readonly status: number
  readonly headers: Headers
  readonly body: any
}

/** A request outside the SDK, with the demo till's Basic credentials. */
const raw = (path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }) =>
  Effect.gen(function*() {
    const { url } = yield* Emulator.Emulator
    return yield* Effect.promise(() =>
      fetch(`${url}${path}`, {
        method: init?.method ?? "GET",
        headers: {
          authorization: demoAuthorization,
          ...(init?.body === undefined ? {} : { "content-type": "application/json" }),
          ...init?.headers
        },
        ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) })
      }).then(async (response): Promise<RawAnswer> => ({
        status: response.status,
        headers: response.headers,
        body: await response.json()
      }))
    )
  })

/** Back to the demo seed, with no fault rule and an empty log. */
const fresh = Effect.asVoid(admin("/reset", { method: "POST" }))

const setFaults = (rules: ReadonlyArray<Record<string, unknown>>, seed?: number) =>
  Effect.map(
    admin("/faults", { method: "POST", body: seed === undefined ? { rules } : { rules, seed } }),
    ({ body, status }) => {
      assert.strictEqual(status, 200, JSON.stringify(body))
      return body.ids as ReadonlyArray<number>
    }
  )

const clearFaults = Effect.asVoid(admin("/faults", { method: "DELETE" }))

/** Runs an effect with fault rules active, and clears them afterwards whatever happens. */
const withFaults = (rules: ReadonlyArray<Record<string, unknown>>) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.acquireUseRelease(setFaults(rules), () => self, () => clearFaults)

const listFaults = Effect.map(admin("/faults"), ({ body }) => body as { seed: number; rules: Array<any> })

/** The logged exchanges of one endpoint, oldest first. */
const logOf = (endpoint: string) =>
  Effect.map(
    admin("/log?limit=500"),
    ({ body }) => (body.entries as ReadonlyArray<LogEntry>).filter((entry) => entry.endpoint === endpoint)
  )

const statusesOf = (endpoint: string) => Effect.map(logOf(endpoint), (entries) => entries.map((entry) => entry.status))

const addNote = (ref: string, text = "a note") =>
  CapillaryClient.CapillaryClient.use((client) => client.execute(Notes.addNote, { body: { text, ref } }))

const getNote = (id: number) =>
  CapillaryClient.CapillaryClient.use((client) => client.execute(Notes.getNote, { path: { id } }))

const countNotes = (ref: string) =>
  CapillaryClient.CapillaryClient.use((client) =>
    Effect.map(client.execute(Notes.countNotes, { query: { ref } }), (answer) => answer.response.count)
  )

/** A reconcile read-back for addNote: `Some` (with a marker id) when a note with the ref exists. */
const readBack = (client: CapillaryClient.CapillaryClient["Service"], ref: string) =>
  Effect.map(
    client.execute(Notes.countNotes, { query: { ref } }),
    (answer) => answer.response.count === 0 ? Option.none() : Option.some({ createdId: -1, warnings: [] })
  )

/** The SDK's error of a failed call, with its reason. */
const failure = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(self), (error) => {
    assert.instanceOf(error, CapillaryError.CapillaryError)
    return error as CapillaryError.CapillaryError
  })

/** Polls until the value satisfies the predicate: every 20 ms, for at most 3 seconds. */
const eventually = <A, E, R>(self: Effect.Effect<A, E, R>, done: (value: A) => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 150; i++) {
      const value = yield* self
      if (done(value)) return value
      yield* Effect.sleep("20 millis")
    }
    return assert.fail("condition not reached within 3 seconds")
  })

const elapsed = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const start = yield* Clock.currentTimeMillis
    const value = yield* self
    return { value, millis: (yield* Clock.currentTimeMillis) - start }
  })

const notesLayer = Emulator.layerTest({
  catalog: Notes.testCatalog,
  client: { retry: { baseDelay: "1 millis", maxDelay: "5 millis", maxRetries: 3 }, timeout: "2 seconds" }
})

layer(notesLayer, { excludeTestServices: true })("Faults", (it) => {
  describe("rateLimit (429)", () => {
    it.effect("is retried on a read until the rule is spent", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("rl-read")
        const note = yield* getNote(createdId).pipe(
          withFaults([{ kind: "rateLimit", endpoint: "test.getNote", times: 2, retryAfterSeconds: 0 }])
        )
        assert.strictEqual(note.ref, "rl-read")
        const entries = yield* logOf("test.getNote")
        assert.deepStrictEqual(entries.map((entry) => entry.status), [429, 429, 200])
        assert.deepStrictEqual(entries.map((entry) => entry.fault), ["rateLimit", "rateLimit", undefined])
        assert.strictEqual(entries[0]!.responseBody.errors[0].code, 429)
      }))

    it.effect("is retried on an unsafe write too, which is then applied once", () =>
      Effect.gen(function*() {
        yield* fresh
        const created = yield* addNote("rl-write").pipe(
          withFaults([{ kind: "rateLimit", endpoint: "test.addNote", times: 2, retryAfterSeconds: 0 }])
        )
        assert.isAbove(created.createdId, 0)
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [429, 429, 200])
        assert.strictEqual(yield* countNotes("rl-write"), 1)
      }))

    it.effect("sends Retry-After, and the SDK waits that long before retrying", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("rl-after")
        const { millis, value } = yield* Effect.gen(function*() {
          // The first firing is seen raw, to read the header; the second is met by the SDK.
          const first = yield* raw(`/v2/test/notes/${createdId}`)
          assert.strictEqual(first.status, 429)
          assert.strictEqual(first.headers.get("retry-after"), "1")
          assert.strictEqual(first.body.errors[0].code, 429)
          return yield* elapsed(getNote(createdId))
        }).pipe(withFaults([{ kind: "rateLimit", endpoint: "test.getNote", times: 2, retryAfterSeconds: 1 }]))
        assert.strictEqual(value.ref, "rl-after")
        assert.isAtLeast(millis, 1000)
        const entries = yield* logOf("test.getNote")
        assert.deepStrictEqual(entries.map((entry) => entry.status), [429, 429, 200])
        assert.isAtLeast(entries[2]!.at - entries[1]!.at, 1000)
      }))

    it.effect("is not retried when Retry-After is beyond the client's maxRetryAfter", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("rl-long")
        const error = yield* failure(getNote(createdId)).pipe(
          withFaults([{ kind: "rateLimit", endpoint: "test.getNote", retryAfterSeconds: 120 }])
        )
        assert(error.reason._tag === "RateLimited")
        assert.strictEqual(error.reason.retryAfterMillis, 120_000)
        assert.strictEqual(error.attempts, 1)
        assert.deepStrictEqual(yield* statusesOf("test.getNote"), [429])
      }))
  })

  describe("serverError (5xx)", () => {
    it.effect("is retried on a read", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("se-read")
        const note = yield* getNote(createdId).pipe(
          withFaults([{ kind: "serverError", endpoint: "test.getNote", times: 2 }])
        )
        assert.strictEqual(note.ref, "se-read")
        const entries = yield* logOf("test.getNote")
        assert.deepStrictEqual(entries.map((entry) => entry.status), [500, 500, 200])
        assert.strictEqual(entries[0]!.responseBody.errors[0].code, 500)
      }))

    it.effect("fails a read after maxRetries + 1 attempts, with the rule's status", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("se-exhaust")
        const error = yield* failure(getNote(createdId)).pipe(
          withFaults([{ kind: "serverError", endpoint: "test.getNote", status: 503 }])
        )
        assert(error.reason._tag === "ApiError")
        assert.strictEqual(error.reason.status, 503)
        assert.strictEqual(error.reason.code, 503)
        assert.strictEqual(error.attempts, 4)
        assert.deepStrictEqual(yield* statusesOf("test.getNote"), [503, 503, 503, 503])
      }))

    it.effect("makes an unsafe write an AmbiguousOutcome after one request, and nothing is applied", () =>
      Effect.gen(function*() {
        yield* fresh
        const error = yield* failure(addNote("se-write")).pipe(
          withFaults([{ kind: "serverError", endpoint: "test.addNote" }])
        )
        assert(error.reason._tag === "AmbiguousOutcome")
        assert.include(error.reason.cause, "ApiError")
        assert.strictEqual(error.attempts, 1)
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [500])
        assert.strictEqual(yield* countNotes("se-write"), 0)
      }))
  })

  describe("searchBusy (461) and customerBusy (521)", () => {
    for (const [kind, status] of [["searchBusy", 461], ["customerBusy", 521]] as const) {
      it.effect(`${kind} is retried on an unsafe write, which is applied exactly once`, () =>
        Effect.gen(function*() {
          yield* fresh
          const ref = `busy-${kind}`
          yield* addNote(ref).pipe(withFaults([{ kind, endpoint: "test.addNote", times: 2 }]))
          const entries = yield* logOf("test.addNote")
          assert.deepStrictEqual(entries.map((entry) => entry.status), [status, status, 200])
          assert.strictEqual(entries[0]!.responseBody.errors[0].code, status)
          assert.strictEqual(yield* countNotes(ref), 1)
        }))

      it.effect(`${kind} fails as Busy once the retries are spent, with nothing applied`, () =>
        Effect.gen(function*() {
          yield* fresh
          const ref = `busy-spent-${kind}`
          const error = yield* failure(addNote(ref)).pipe(withFaults([{ kind, endpoint: "test.addNote" }]))
          assert(error.reason._tag === "Busy")
          assert.strictEqual(error.reason.status, status)
          assert.strictEqual(error.attempts, 4)
          assert.deepStrictEqual(yield* statusesOf("test.addNote"), [status, status, status, status])
          assert.strictEqual(yield* countNotes(ref), 0)
        }))
    }
  })

  describe("resetBeforeApply", () => {
    it.effect("is retried on a read", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("rba-read")
        const note = yield* getNote(createdId).pipe(
          withFaults([{ kind: "resetBeforeApply", endpoint: "test.getNote", times: 1 }])
        )
        assert.strictEqual(note.ref, "rba-read")
        const entries = yield* logOf("test.getNote")
        assert.deepStrictEqual(entries.map((entry) => [entry.status, entry.fault]), [[0, "resetBeforeApply"], [
          200,
          undefined
        ]])
      }))

    it.effect("makes an unsafe write an AmbiguousOutcome (the SDK cannot know), and nothing is applied", () =>
      Effect.gen(function*() {
        yield* fresh
        const error = yield* failure(addNote("rba-write")).pipe(
          withFaults([{ kind: "resetBeforeApply", endpoint: "test.addNote" }])
        )
        assert(error.reason._tag === "AmbiguousOutcome")
        assert.include(error.reason.cause, "TransportError")
        assert.strictEqual(error.attempts, 1)
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [0])
        assert.strictEqual(yield* countNotes("rba-write"), 0)
      }))

    it.effect("is re-sent when a reconcile read-back finds the write did not happen", () =>
      Effect.gen(function*() {
        yield* fresh
        const client = yield* CapillaryClient.CapillaryClient
        const reconcile = readBack(client, "rba-reconcile")
        const created = yield* client.execute(Notes.addNote, { body: { text: "t", ref: "rba-reconcile" } }, {
          reconcile
        }).pipe(withFaults([{ kind: "resetBeforeApply", endpoint: "test.addNote", times: 1 }]))
        assert.isAbove(created.createdId, 0)
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [0, 200])
        assert.strictEqual(yield* countNotes("rba-reconcile"), 1)
      }))
  })

  describe("apply then fail", () => {
    for (const kind of ["applyThenReset", "applyThenServerError"] as const) {
      it.effect(`${kind} is an AmbiguousOutcome to the SDK, and the note was created exactly once`, () =>
        Effect.gen(function*() {
          yield* fresh
          const ref = `atf-${kind}`
          const error = yield* failure(addNote(ref)).pipe(withFaults([{ kind, endpoint: "test.addNote" }]))
          assert(error.reason._tag === "AmbiguousOutcome")
          assert.include(error.reason.cause, kind === "applyThenReset" ? "TransportError" : "ApiError")
          assert.strictEqual(error.attempts, 1)
          const entries = yield* logOf("test.addNote")
          assert.deepStrictEqual(entries.map((entry) => [entry.status, entry.fault]), [[
            kind === "applyThenReset" ? 0 : 500,
            kind
          ]])
          assert.strictEqual(yield* countNotes(ref), 1)
        }))
    }

    it.effect("applyThenServerError answers the rule's status", () =>
      Effect.gen(function*() {
        yield* fresh
        const answer = yield* raw("/v2/test/notes", { method: "POST", body: { text: "t", ref: "atf-502" } }).pipe(
          withFaults([{ kind: "applyThenServerError", endpoint: "test.addNote", status: 502 }])
        )
        assert.strictEqual(answer.status, 502)
        assert.strictEqual(answer.body.errors[0].code, 502)
        assert.strictEqual(yield* countNotes("atf-502"), 1)
      }))

    it.effect("a reconcile read-back that finds the write returns it instead of sending it again", () =>
      Effect.gen(function*() {
        yield* fresh
        const client = yield* CapillaryClient.CapillaryClient
        const reconcile = readBack(client, "atf-reconcile")
        const created = yield* client.execute(Notes.addNote, { body: { text: "t", ref: "atf-reconcile" } }, {
          reconcile
        }).pipe(withFaults([{ kind: "applyThenReset", endpoint: "test.addNote" }]))
        assert.strictEqual(created.createdId, -1)
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [0])
        assert.strictEqual(yield* countNotes("atf-reconcile"), 1)
      }))
  })

  describe("latency", () => {
    it.effect("delays the answer by latencyMs", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("lat")
        const { fired, millis, value } = yield* Effect.gen(function*() {
          const timed = yield* elapsed(getNote(createdId))
          const { rules } = yield* listFaults
          return { ...timed, fired: rules[0].fired as number }
        }).pipe(withFaults([{ kind: "latency", endpoint: "test.getNote", latencyMs: 150, times: 1 }]))
        assert.strictEqual(value.ref, "lat")
        assert.strictEqual(fired, 1)
        assert.isAtLeast(millis, 150)
        const entries = yield* logOf("test.getNote")
        assert.deepStrictEqual(entries.map((entry) => entry.status), [200])
        // Node's timers count from the start of the event-loop turn, so the server's own measure may be a little short.
        assert.isAtLeast(entries[0]!.durationMs, 140)
      }))

    it.effect("adds up with a failure on the same request", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("lat-fail")
        const { millis } = yield* elapsed(getNote(createdId)).pipe(
          withFaults([
            { kind: "latency", endpoint: "test.getNote", latencyMs: 100, times: 1 },
            { kind: "searchBusy", endpoint: "test.getNote", times: 1 }
          ])
        )
        assert.isAtLeast(millis, 100)
        const entries = yield* logOf("test.getNote")
        assert.deepStrictEqual(entries.map((entry) => entry.status), [461, 200])
        assert.isAtLeast(entries[0]!.durationMs, 90)
      }))
  })

  describe("matching", () => {
    it.effect("by endpoint", () =>
      Effect.gen(function*() {
        yield* fresh
        const { error, note } = yield* Effect.gen(function*() {
          const { createdId } = yield* addNote("m-endpoint")
          const note = yield* getNote(createdId)
          const error = yield* failure(countNotes("m-endpoint"))
          return { note, error }
        }).pipe(withFaults([{ kind: "searchBusy", endpoint: "test.countNotes" }]))
        assert.strictEqual(note.ref, "m-endpoint")
        assert(error.reason._tag === "Busy")
        assert.deepStrictEqual(yield* statusesOf("test.countNotes"), [461, 461, 461, 461])
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [200])
        assert.deepStrictEqual(yield* statusesOf("test.getNote"), [200])
      }))

    it.effect("by path prefix", () =>
      Effect.gen(function*() {
        yield* fresh
        // "/v2/test/notes/" is a prefix of getNote's path, not of addNote's ("/v2/test/notes").
        const error = yield* Effect.gen(function*() {
          const { createdId } = yield* addNote("m-path")
          return yield* failure(getNote(createdId))
        }).pipe(withFaults([{ kind: "serverError", path: "/v2/test/notes/" }]))
        assert(error.reason._tag === "ApiError")
        assert.strictEqual(error.reason.status, 500)
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [200])
        assert.deepStrictEqual(yield* statusesOf("test.getNote"), [500, 500, 500, 500])
      }))

    it.effect("by method (case-insensitive)", () =>
      Effect.gen(function*() {
        yield* fresh
        const error = yield* Effect.gen(function*() {
          const { createdId } = yield* addNote("m-method")
          return yield* failure(getNote(createdId))
        }).pipe(withFaults([{ kind: "customerBusy", method: "get", path: "/v2/test/notes" }]))
        assert(error.reason._tag === "Busy")
        assert.strictEqual(error.reason.status, 521)
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [200])
        assert.deepStrictEqual(yield* statusesOf("test.getNote"), [521, 521, 521, 521])
      }))

    it.effect("by entity: a value carried in the body, the query or the path", () =>
      Effect.gen(function*() {
        yield* fresh
        const plain = yield* addNote("m-plain")
        const vip = yield* addNote("m-other")
        const outcome = yield* Effect.gen(function*() {
          const write = yield* failure(addNote("m-vip"))
          const written = yield* addNote("m-plain-2")
          const count = yield* failure(countNotes("m-vip"))
          const counted = yield* countNotes("m-plain")
          const read = yield* failure(getNote(vip.createdId))
          const readOther = yield* getNote(plain.createdId)
          return { write, written, count, counted, read, readOther }
        }).pipe(
          withFaults([
            { kind: "serverError", entity: "m-vip" },
            { kind: "searchBusy", entity: String(vip.createdId), endpoint: "test.getNote" }
          ])
        )
        // The body carries the entity: a before-apply 5xx on an unsafe write.
        assert(outcome.write.reason._tag === "AmbiguousOutcome")
        assert.isAbove(outcome.written.createdId, 0)
        // The query carries it.
        assert(outcome.count.reason._tag === "ApiError")
        assert.strictEqual(outcome.counted, 1)
        // The path carries it.
        assert(outcome.read.reason._tag === "Busy")
        assert.strictEqual(outcome.readOther.ref, "m-plain")
        assert.deepStrictEqual(yield* statusesOf("test.addNote"), [200, 200, 500, 200])
        assert.deepStrictEqual(yield* statusesOf("test.getNote"), [461, 461, 461, 461, 200])
        assert.strictEqual(yield* countNotes("m-vip"), 0)
      }))

    it.effect("by the X-Emulator-Fault header, on that request only", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("m-header")
        const failed = yield* raw(`/v2/test/notes/${createdId}`, {
          headers: { "X-Emulator-Fault": "serverError;status=503" }
        })
        assert.strictEqual(failed.status, 503)
        assert.strictEqual(failed.body.errors[0].code, 503)
        const limited = yield* raw(`/v2/test/notes/${createdId}`, {
          headers: { "X-Emulator-Fault": "rateLimit;retryAfterSeconds=7" }
        })
        assert.strictEqual(limited.status, 429)
        assert.strictEqual(limited.headers.get("retry-after"), "7")
        const applied = yield* raw("/v2/test/notes", {
          method: "POST",
          body: { text: "t", ref: "m-header-2" },
          headers: { "X-Emulator-Fault": "applyThenServerError" }
        })
        assert.strictEqual(applied.status, 500)
        // Not a known fault: ignored.
        const unknown = yield* raw(`/v2/test/notes/${createdId}`, { headers: { "X-Emulator-Fault": "meltdown" } })
        assert.strictEqual(unknown.status, 200)
        const plain = yield* raw(`/v2/test/notes/${createdId}`)
        assert.strictEqual(plain.status, 200)
        const entries = yield* logOf("test.getNote")
        assert.deepStrictEqual(entries.map((entry) => [entry.status, entry.fault]), [
          [503, "serverError"],
          [429, "rateLimit"],
          [200, undefined],
          [200, undefined]
        ])
        assert.strictEqual(yield* countNotes("m-header-2"), 1)
      }))
  })

  describe("rules", () => {
    it.effect("a probability with a seed reproduces the same firing sequence", () =>
      Effect.gen(function*() {
        yield* fresh
        const rule = { kind: "serverError", endpoint: "test.countNotes", probability: 0.5 }
        const run = (seed: number) =>
          Effect.gen(function*() {
            yield* setFaults([rule], seed)
            const failed: Array<boolean> = []
            for (let i = 0; i < 20; i++) {
              const answer = yield* raw("/v1.1/test/notes/count")
              assert.include([200, 500], answer.status)
              failed.push(answer.status === 500)
            }
            const { rules } = yield* listFaults
            yield* clearFaults
            assert.strictEqual(rules[0].fired, failed.filter(Boolean).length)
            return failed
          })
        const first = yield* run(7)
        const second = yield* run(7)
        assert.deepStrictEqual(second, first)
        assert.isTrue(first.includes(true) && first.includes(false))
        const other = yield* run(8)
        assert.notDeepEqual(other, first)
        const logged = (yield* logOf("test.countNotes")).slice(0, 20).map((entry) => entry.fault === "serverError")
        assert.deepStrictEqual(logged, first)
      }))

    it.effect("a rule fires at most `times` times", () =>
      Effect.gen(function*() {
        yield* fresh
        const { createdId } = yield* addNote("times")
        const [id] = yield* setFaults([{ kind: "serverError", endpoint: "test.getNote", times: 2 }])
        const statuses: Array<number> = []
        for (let i = 0; i < 4; i++) statuses.push((yield* raw(`/v2/test/notes/${createdId}`)).status)
        const { rules } = yield* listFaults
        yield* clearFaults
        assert.deepStrictEqual(statuses, [500, 500, 200, 200])
        assert.deepStrictEqual(rules.map((rule) => [rule.id, rule.fired]), [[id, 2]])
      }))

    it.effect("are listed and cleared one by one or all at once", () =>
      Effect.gen(function*() {
        yield* fresh
        const ids = yield* setFaults([
          { kind: "searchBusy", endpoint: "test.getNote" },
          { kind: "latency", path: "/v2", latencyMs: 10 }
        ], 3)
        assert.strictEqual(ids.length, 2)
        const listed = yield* listFaults
        assert.strictEqual(listed.seed, 3)
        assert.deepStrictEqual(listed.rules.map((rule) => [rule.id, rule.rule.kind, rule.fired]), [
          [ids[0], "searchBusy", 0],
          [ids[1], "latency", 0]
        ])
        const afterOne = yield* admin(`/faults?id=${ids[0]}`, { method: "DELETE" })
        assert.deepStrictEqual(afterOne.body.rules.map((rule: any) => rule.id), [ids[1]])
        const afterAll = yield* admin("/faults", { method: "DELETE" })
        assert.deepStrictEqual(afterAll.body.rules, [])
        assert.deepStrictEqual((yield* listFaults).rules, [])
      }))

    it.effect("an invalid rule is refused with a 400 and nothing is added", () =>
      Effect.gen(function*() {
        yield* fresh
        for (
          const rules of [
            [{ kind: "meltdown" }],
            [{ kind: "serverError", probability: 2 }],
            [{ kind: "serverError", status: 404 }],
            [{ kind: "rateLimit", times: 0 }]
          ]
        ) {
          const answer = yield* admin("/faults", { method: "POST", body: { rules } })
          assert.strictEqual(answer.status, 400, JSON.stringify(rules))
          assert.strictEqual(answer.body.errors[0].code, 400)
        }
        assert.deepStrictEqual((yield* listFaults).rules, [])
      }))

    it.effect("reset clears the rules", () =>
      Effect.gen(function*() {
        yield* setFaults([{ kind: "serverError", endpoint: "test.getNote" }])
        yield* fresh
        assert.deepStrictEqual((yield* listFaults).rules, [])
      }))
  })
})

layer(
  Emulator.layerTest({
    catalog: Notes.testCatalog,
    client: { retry: { baseDelay: "1 millis", maxDelay: "5 millis", maxRetries: 3 }, timeout: "300 millis" }
  }),
  { excludeTestServices: true }
)("Faults past the client timeout", (it) => {
  it.effect("a read that times out is retried", () =>
    Effect.gen(function*() {
      yield* fresh
      const { createdId } = yield* addNote("to-read")
      const note = yield* getNote(createdId).pipe(
        withFaults([{ kind: "latency", endpoint: "test.getNote", latencyMs: 600, times: 1 }])
      )
      assert.strictEqual(note.ref, "to-read")
      // The emulator still finishes the request the client gave up on.
      const entries = yield* eventually(logOf("test.getNote"), (all) => all.length === 2)
      assert.deepStrictEqual(entries.map((entry) => entry.status), [200, 200])
    }))

  it.effect("an unsafe write that times out is an AmbiguousOutcome and is not re-sent", () =>
    Effect.gen(function*() {
      yield* fresh
      const error = yield* failure(addNote("to-write")).pipe(
        withFaults([{ kind: "latency", endpoint: "test.addNote", latencyMs: 600 }])
      )
      assert(error.reason._tag === "AmbiguousOutcome")
      assert.include(error.reason.cause, "Timeout")
      assert.strictEqual(error.attempts, 1)
      // Latency comes before the change: the emulator applies it after the client has given up, as Capillary would.
      const entries = yield* eventually(logOf("test.addNote"), (all) => all.length === 1)
      assert.deepStrictEqual(entries.map((entry) => entry.status), [200])
      assert.strictEqual(yield* countNotes("to-write"), 1)
    }))
})
