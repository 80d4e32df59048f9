import { CapillaryClient, CapillaryConfig, CapillaryError, Credentials } from "@capillary-effect/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, layer } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { Emulator, EmulatorClock, RequestLog, Seed } from "../src/index.ts"
import * as Notes from "./fixtures/notes.ts"

/** A second SDK client against the running emulator, with other credentials. */
const clientFor = (credentials: Credentials.Credentials) =>
  Effect.gen(function*() {
    const { url } = yield* Emulator.Emulator
    // fresh: the shared test layer already built `CapillaryClient.layer`, and layers are memoised by identity
    const context = yield* Layer.build(Layer.fresh(
      CapillaryClient.layer.pipe(
        Layer.provide([
          CapillaryConfig.layer({ baseUrl: url, credentials, retry: { maxRetries: 0 } }),
          NodeHttpClient.layerUndici
        ])
      )
    ))
    return Context.get(context, CapillaryClient.CapillaryClient)
  })

const reasonOf = (error: unknown) => {
  assert.instanceOf(error, CapillaryError.CapillaryError)
  return (error as CapillaryError.CapillaryError).reason
}

const oauth = Credentials.oauth(Seed.demo.client.key, Seed.demo.client.secret)

layer(Emulator.layerTest({ catalog: Notes.testCatalog, credentials: oauth }), { excludeTestServices: true })(
  "Emulator auth",
  (it) => {
    describe("Basic", () => {
      it.effect("accepts the demo till and rejects a wrong password or none", () =>
        Effect.gen(function*() {
          const demo = yield* clientFor(Credentials.basic(Seed.demo.till.username, Seed.demo.till.password))
          const created = yield* demo.execute(Notes.addNote, { body: { text: "basic", ref: "auth-basic" } })
          assert.isAbove(created.createdId, 0)

          const wrong = yield* clientFor(Credentials.basic(Seed.demo.till.username, "not-the-password"))
          const reason = reasonOf(yield* Effect.flip(wrong.execute(Notes.getNote, { path: { id: created.createdId } })))
          assert(reason._tag === "Unauthorized")
          assert.strictEqual(reason.code, 401)

          const unknown = yield* clientFor(Credentials.basic("nobody.till", "x"))
          assert.strictEqual(
            reasonOf(yield* Effect.flip(unknown.execute(Notes.countNotes, { query: {} })))._tag,
            "Unauthorized"
          )
        }))
    })

    describe("OAuth", () => {
      it.effect("issues a signed token for the demo client and accepts it", () =>
        Effect.gen(function*() {
          const client = yield* CapillaryClient.CapillaryClient
          const count = yield* client.execute(Notes.countNotes, { query: { ref: "none" } })
          assert.strictEqual(count.response.count, 0)
          const log = yield* RequestLog.RequestLog
          const token = (yield* log.recent(50)).filter((entry) => entry.endpoint === "core.generateToken")
          assert.isAtLeast(token.length, 1)
          assert.strictEqual(token[0]!.status, 200)
          // the token never appears in the log
          assert.notInclude(JSON.stringify(token), "eyJ")
        }))

      it.effect("rejects a wrong secret with 320001", () =>
        Effect.gen(function*() {
          const wrong = yield* clientFor(Credentials.oauth(Seed.demo.client.key, "wrong-secret"))
          const reason = reasonOf(yield* Effect.flip(wrong.execute(Notes.countNotes, { query: {} })))
          assert(reason._tag === "Unauthorized")
          assert.strictEqual(reason.code, 320001)
        }))

      it.effect("expires tokens on the emulator clock; the SDK refreshes and goes on", () =>
        Effect.gen(function*() {
          const client = yield* CapillaryClient.CapillaryClient
          const clock = yield* EmulatorClock.EmulatorClock
          const log = yield* RequestLog.RequestLog
          yield* client.execute(Notes.countNotes, { query: {} })
          const tokensBefore = (yield* log.recent(500)).filter((e) => e.endpoint === "core.generateToken").length
          yield* clock.advance((Seed.demo.client.tokenTtlSeconds + 1) * 1000)
          const count = yield* client.execute(Notes.countNotes, { query: {} })
          assert.isAtLeast(count.response.count, 0)
          const entries = yield* log.recent(500)
          const tokensAfter = entries.filter((e) => e.endpoint === "core.generateToken").length
          assert.strictEqual(tokensAfter, tokensBefore + 1)
          const rejected = entries.filter((e) => e.endpoint === "test.countNotes" && e.status === 401)
          assert.isAtLeast(rejected.length, 1)
          assert.include(JSON.stringify(rejected.at(-1)!.responseBody), "498")
          yield* clock.advance(-(Seed.demo.client.tokenTtlSeconds + 1) * 1000)
        }))

      it.effect("rejects a forged token", () =>
        Effect.gen(function*() {
          const { url } = yield* Emulator.Emulator
          const forged = "eyJhbGciOiJIUzI1NiJ9.eyJvcmdfaWQiOjEwMCwiZXhwIjo5OTk5OTk5OTk5LCJkZWZhdWx0X3RpbGwiOjF9.c2ln"
          const response = yield* Effect.promise(() =>
            fetch(`${url}/v1.1/test/notes/count`, { headers: { "X-CAP-API-OAUTH-TOKEN": forged } })
          )
          assert.strictEqual(response.status, 401)
          const body = yield* Effect.promise(() => response.json() as Promise<any>)
          assert.strictEqual(body.response.status.code, "401")
        }))
    })

    describe("organisations", () => {
      it.effect("never shows one organisation's data to another's credentials", () =>
        Effect.gen(function*() {
          const demo = yield* CapillaryClient.CapillaryClient
          const other = yield* clientFor(Credentials.basic(Seed.demo.otherTill.username, Seed.demo.otherTill.password))
          const created = yield* demo.execute(Notes.addNote, { body: { text: "demo only", ref: "isolated" } })
          const error = yield* Effect.flip(other.execute(Notes.getNote, { path: { id: created.createdId } }))
          assert.instanceOf(error, Notes.NoteNotFound)
          const count = yield* other.execute(Notes.countNotes, { query: { ref: "isolated" } })
          assert.strictEqual(count.response.count, 0)
          // the same ref is free in the other org
          const theirs = yield* other.execute(Notes.addNote, { body: { text: "other", ref: "isolated" } })
          assert.notStrictEqual(theirs.createdId, created.createdId)
          const duplicate = yield* Effect.flip(
            demo.execute(Notes.addNote, { body: { text: "again", ref: "isolated" } })
          )
          assert.instanceOf(duplicate, Notes.NoteExists)
        }))
    })
  }
)
