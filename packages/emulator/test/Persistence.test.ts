/**
 * State over time: a database file that survives a restart, snapshot / restore, reset to the seed, and the
 * emulator clock (with OAuth token expiry on it), all observed over HTTP and through the SDK.
 */
import { CapillaryClient, CapillaryConfig, Credentials } from "@capillary-effect/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it, layer } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Emulator, Seed } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import * as Notes from "./fixtures/notes.ts"

/** A request outside the SDK. */
const raw = (path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }) =>
  Effect.gen(function*() {
    const { url } = yield* Emulator.Emulator
    return yield* Effect.promise(() =>
      fetch(`${url}${path}`, {
        method: init?.method ?? "GET",
        headers: { ...(init?.body === undefined ? {} : { "content-type": "application/json" }), ...init?.headers },
        ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) })
      }).then(async (response) => ({ status: response.status, body: await response.json() as any }))
    )
  })

/** An OAuth token for the demo client, fetched outside the SDK. */
const issueToken = Effect.map(
  raw("/v3/oauth/token/generate", {
    method: "POST",
    body: { key: Seed.demo.client.key, secret: Seed.demo.client.secret }
  }),
  ({ body, status }) => {
    assert.strictEqual(status, 200)
    return body.data.accessToken as string
  }
)

const countWithToken = (token: string) => raw("/v1.1/test/notes/count", { headers: { "X-CAP-API-OAUTH-TOKEN": token } })

/** Row counts per table, as `POST /__emulator/snapshot` reports them. */
const tableCounts = Effect.map(admin("/snapshot", { method: "POST" }), ({ body, status }) => {
  assert.strictEqual(status, 200)
  return Object.fromEntries((body.tables as Array<{ table: string; rows: number }>).map((t) => [t.table, t.rows]))
})

/** How far the emulator clock is from real time, in milliseconds. */
const clockOffset = Effect.map(admin("/clock"), ({ body }) => (body.now as number) - Date.now())

const addNote = (ref: string, text = "a note") =>
  CapillaryClient.CapillaryClient.use((client) => client.execute(Notes.addNote, { body: { text, ref } }))

const getNote = (id: number) =>
  CapillaryClient.CapillaryClient.use((client) => client.execute(Notes.getNote, { path: { id } }))

/** Notes of the demo organisation, all refs or one. */
const countNotes = (ref?: string) =>
  CapillaryClient.CapillaryClient.use((client) =>
    Effect.map(
      client.execute(Notes.countNotes, { query: ref === undefined ? {} : { ref } }),
      (answer) => answer.response.count
    )
  )

const fastClient = { retry: { baseDelay: "1 millis", maxDelay: "5 millis", maxRetries: 3 } } as const

const hour = 3600 * 1000
const day = 24 * hour

describe("Persistence across a restart", () => {
  /** A temporary directory, removed with everything in it when the test ends. */
  const tempDir = Effect.acquireRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "capillary-emulator-"))),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  )

  /** One run of the emulator on a database file, with an SDK client: started, used, and stopped. */
  const session = (filename: string) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
    self.pipe(
      Effect.provide(Emulator.layerTest({ filename, catalog: Notes.testCatalog, client: fastClient }), {
        local: true
      })
    )

  it.live("keeps notes, organisations, the clock offset and the token signing secret", () =>
    Effect.gen(function*() {
      const filename = join(yield* tempDir, "emulator.db")

      const before = yield* Effect.gen(function*() {
        const first = yield* addNote("persist-1", "first")
        const second = yield* addNote("persist-2", "second")
        yield* admin("/clock", { method: "POST", body: { advance: "3 days" } })
        const token = yield* issueToken
        return { ids: [first.createdId, second.createdId], token, tables: yield* tableCounts }
      }).pipe(session(filename))
      assert.strictEqual(before.tables.orgs, 2)
      assert.strictEqual(before.tables.notes, 2)

      yield* Effect.gen(function*() {
        // Same notes, same ids.
        const notes = yield* Effect.forEach(before.ids, getNote)
        assert.deepStrictEqual(notes.map((note) => [note.id, note.text, note.ref]), [
          [before.ids[0], "first", "persist-1"],
          [before.ids[1], "second", "persist-2"]
        ])
        // The seed was not applied again: the same rows in every table.
        assert.deepStrictEqual(yield* tableCounts, before.tables)
        // The clock offset survived.
        const offset = yield* clockOffset
        assert.isAtLeast(offset, 3 * day - 60_000)
        assert.isAtMost(offset, 3 * day + 60_000)
        // A token issued before the restart is still accepted: the signing secret is in the file.
        const accepted = yield* countWithToken(before.token)
        assert.strictEqual(accepted.status, 200)
        assert.strictEqual(Number(accepted.body.response.count), 2)
        // New notes do not reuse the old ids.
        const third = yield* addNote("persist-3")
        assert.notInclude(before.ids, third.createdId)
      }).pipe(session(filename))

      // A third run still sees all of it.
      const counted = yield* countNotes().pipe(session(filename))
      assert.strictEqual(counted, 3)
    }))

  it.live("a token signed by another database is refused", () =>
    Effect.gen(function*() {
      const filename = join(yield* tempDir, "emulator.db")
      const foreign = yield* issueToken.pipe(
        Effect.provide(Emulator.layer({ port: 0, catalog: Notes.testCatalog }), { local: true })
      )
      const own = yield* issueToken.pipe(session(filename))
      const answers = yield* Effect.all([countWithToken(own), countWithToken(foreign)]).pipe(session(filename))
      assert.strictEqual(answers[0].status, 200)
      assert.strictEqual(answers[1].status, 401)
      assert.strictEqual(answers[1].body.response.status.code, "401")
    }))
})

layer(Emulator.layerTest({ catalog: Notes.testCatalog, client: fastClient }), { excludeTestServices: true })(
  "Admin state",
  (it) => {
    describe("snapshot / restore", () => {
      it.effect("brings back the state (rows and clock) of the snapshot", () =>
        Effect.gen(function*() {
          yield* admin("/reset", { method: "POST" })
          yield* addNote("snap-1")
          yield* addNote("snap-2")
          const taken = yield* admin("/snapshot", { method: "POST" })
          assert.strictEqual(taken.status, 200)
          assert.match(taken.body.id, /^snap-/)
          const counts = Object.fromEntries(
            (taken.body.tables as Array<{ table: string; rows: number }>).map((t) => [t.table, t.rows])
          )
          assert.strictEqual(counts.notes, 2)

          const later = yield* addNote("snap-3")
          yield* addNote("snap-4")
          yield* admin("/clock", { method: "POST", body: { advance: "1 day" } })
          assert.strictEqual(yield* countNotes(), 4)

          const restored = yield* admin("/restore", { method: "POST", body: { id: taken.body.id } })
          assert.deepStrictEqual(restored, { status: 200, body: { restored: taken.body.id } })
          assert.strictEqual(yield* countNotes(), 2)
          assert.strictEqual(yield* countNotes("snap-3"), 0)
          const gone = yield* Effect.flip(getNote(later.createdId))
          assert.instanceOf(gone, Notes.NoteNotFound)
          assert.deepStrictEqual(yield* tableCounts, counts)
          assert.isBelow(Math.abs(yield* clockOffset), 60_000)

          // A snapshot can be restored again.
          yield* addNote("snap-5")
          yield* admin("/restore", { method: "POST", body: { id: taken.body.id } })
          assert.strictEqual(yield* countNotes(), 2)
        }))

      it.effect("answers 404 for an unknown snapshot and 400 for a malformed request, changing nothing", () =>
        Effect.gen(function*() {
          yield* admin("/reset", { method: "POST" })
          yield* addNote("snap-keep")
          const before = yield* tableCounts
          const unknown = yield* admin("/restore", { method: "POST", body: { id: "snap-nope" } })
          assert.strictEqual(unknown.status, 404)
          assert.strictEqual(unknown.body.errors[0].code, 404)
          assert.include(unknown.body.errors[0].message, "snap-nope")
          const malformed = yield* admin("/restore", { method: "POST", body: { id: 42 } })
          assert.strictEqual(malformed.status, 400)
          assert.strictEqual(malformed.body.errors[0].code, 400)
          assert.deepStrictEqual(yield* tableCounts, before)
          assert.strictEqual(yield* countNotes("snap-keep"), 1)
        }))
    })

    describe("reset", () => {
      it.effect("returns to the seed and clears faults, the log and the clock offset", () =>
        Effect.gen(function*() {
          yield* admin("/reset", { method: "POST" })
          const seeded = yield* tableCounts
          yield* addNote("reset-1")
          yield* addNote("reset-2")
          yield* admin("/faults", { method: "POST", body: { rules: [{ kind: "searchBusy", path: "/v9" }] } })
          yield* admin("/clock", { method: "POST", body: { advance: "2 hours" } })
          assert.isNotEmpty((yield* admin("/log")).body.entries)

          const reset = yield* admin("/reset", { method: "POST" })
          assert.deepStrictEqual(reset, { status: 200, body: { reset: true, seed: "demo" } })
          assert.deepStrictEqual((yield* admin("/faults")).body.rules, [])
          assert.deepStrictEqual((yield* admin("/log")).body.entries, [])
          assert.isBelow(Math.abs(yield* clockOffset), 60_000)
          const counts = yield* tableCounts
          assert.deepStrictEqual(counts, seeded)
          assert.strictEqual(counts.notes, 0)
          assert.strictEqual(counts.orgs, 2)
          // The demo organisation is still there: its till authenticates.
          assert.strictEqual(yield* countNotes(), 0)
        }))

      it.effect("POST /seed replaces the state with another seed", () =>
        Effect.gen(function*() {
          yield* admin("/reset", { method: "POST" })
          const empty = yield* admin("/seed", { method: "POST", body: { seed: "empty" } })
          assert.deepStrictEqual(empty, { status: 200, body: { seeded: "empty" } })
          assert.strictEqual((yield* tableCounts).orgs, 0)
          const refused = yield* Effect.flip(countNotes())
          assert(refused._tag === "CapillaryError" && refused.reason._tag === "Unauthorized")
          const unknown = yield* admin("/seed", { method: "POST", body: { seed: "galaxy" } })
          assert.strictEqual(unknown.status, 400)
          yield* admin("/seed", { method: "POST", body: { seed: "demo" } })
          assert.strictEqual((yield* tableCounts).orgs, 2)
          assert.strictEqual(yield* countNotes(), 0)
        }))
    })

    describe("clock", () => {
      /** A separate SDK client with the demo OAuth client, so its token cache starts empty. */
      const oauthClient = Effect.gen(function*() {
        const { url } = yield* Emulator.Emulator
        const context = yield* Layer.build(Layer.fresh(
          CapillaryClient.layer.pipe(
            Layer.provide([
              CapillaryConfig.layer({
                baseUrl: url,
                credentials: Credentials.oauth(Seed.demo.client.key, Seed.demo.client.secret),
                ...fastClient
              }),
              NodeHttpClient.layerUndici
            ])
          )
        ))
        return Context.get(context, CapillaryClient.CapillaryClient)
      })

      it.effect("advances, sets, and refuses what is not a time", () =>
        Effect.gen(function*() {
          yield* admin("/reset", { method: "POST" })
          const start = (yield* admin("/clock")).body.now as number
          const advanced = yield* admin("/clock", { method: "POST", body: { advance: "2 hours" } })
          assert.strictEqual(advanced.status, 200)
          assert.isAtLeast(advanced.body.now - start, 2 * hour)
          assert.isBelow(advanced.body.now - start, 2 * hour + 60_000)
          const byMillis = yield* admin("/clock", { method: "POST", body: { advance: 1000 } })
          assert.isAtLeast(byMillis.body.now - advanced.body.now, 1000)
          const set = yield* admin("/clock", { method: "POST", body: { set: "2031-06-01T12:00:00Z" } })
          assert.strictEqual(set.body.iso.slice(0, 16), "2031-06-01T12:00")
          const before = (yield* admin("/clock")).body.now as number
          for (
            const body of [
              { advance: "soon" },
              { set: "yesterday-ish" },
              { advance: true },
              { set: 1e300 },
              { advance: 1e16 },
              { set: -1 },
              { set: "2030-01-01T00:00:00Z", advance: "x" }
            ]
          ) {
            const refused = yield* admin("/clock", { method: "POST", body })
            assert.strictEqual(refused.status, 400, JSON.stringify(body))
            assert.strictEqual(refused.body.errors[0].code, 400)
          }
          // nothing refused moved the clock, and it still reads
          const after = yield* admin("/clock")
          assert.strictEqual(after.status, 200)
          assert.isBelow(Math.abs((after.body.now as number) - before), 60_000)
          yield* admin("/reset", { method: "POST" })
        }))

      it.effect("expires an OAuth token after its ttl; the SDK fetches a new one and the call succeeds", () =>
        Effect.gen(function*() {
          yield* admin("/reset", { method: "POST" })
          const client = yield* oauthClient
          const first = yield* client.execute(Notes.countNotes, { query: {} })
          assert.strictEqual(first.response.count, 0)

          yield* admin("/clock", { method: "POST", body: { advance: "2 hours" } })
          const second = yield* client.execute(Notes.countNotes, { query: {} })
          assert.strictEqual(second.response.count, 0)

          const entries = (yield* admin("/log")).body.entries as Array<any>
          const tokens = entries.filter((entry) => entry.endpoint === "core.generateToken")
          assert.deepStrictEqual(tokens.map((entry) => entry.status), [200, 200])
          const counts = entries.filter((entry) => entry.endpoint === "test.countNotes")
          assert.deepStrictEqual(counts.map((entry) => entry.status), [200, 401, 200])
          assert.strictEqual(counts[1].responseBody.response.status.code, "498")
          // The log never shows a token.
          assert.notInclude(JSON.stringify(entries), "eyJ")
          yield* admin("/reset", { method: "POST" })
        }))
    })
  }
)

describe("Separate emulators", () => {
  it.live("never share state, even when built in one layer cache", () =>
    Effect.gen(function*() {
      const memo = Layer.makeMemoMapUnsafe()
      const scope = yield* Effect.scope
      const build = (options: Emulator.Options) =>
        Effect.map(
          Layer.buildWithMemoMap(Emulator.layer({ ...options, port: 0 }), memo, scope),
          (context) => Context.get(context, Emulator.Emulator).url
        )
      const first = yield* build({ seed: "demo" })
      const second = yield* build({ seed: "empty" })
      const moved = yield* Effect.promise(() =>
        fetch(`${first}/__emulator/clock`, { method: "POST", body: JSON.stringify({ advance: "5 days" }) }).then((r) =>
          r.json() as Promise<{ now: number }>
        )
      )
      const other = yield* Effect.promise(() =>
        fetch(`${second}/__emulator/clock`).then((r) => r.json() as Promise<{ now: number }>)
      )
      assert.isAbove(moved.now - other.now, 4 * day)
      const token = yield* Effect.promise(() =>
        fetch(`${second}/v3/oauth/token/generate`, {
          method: "POST",
          body: JSON.stringify({ key: Seed.demo.client.key, secret: Seed.demo.client.secret })
        }).then((r) => r.status)
      )
      assert.strictEqual(token, 401, "the empty emulator has no OAuth client")
    }).pipe(Effect.scoped))
})
