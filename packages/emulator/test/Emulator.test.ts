import { CapillaryClient, CapillaryError } from "@capillary-effect/core"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, Seed } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import * as Notes from "./fixtures/notes.ts"

layer(Emulator.layerTest({ catalog: Notes.testCatalog }), { excludeTestServices: true })("Emulator", (it) => {
  describe("routing", () => {
    it.effect("serves a modelled endpoint through the SDK", () =>
      Effect.gen(function*() {
        const client = yield* CapillaryClient.CapillaryClient
        const created = yield* client.execute(Notes.addNote, { body: { text: "hello", ref: "r-routing" } })
        const note = yield* client.execute(Notes.getNote, { path: { id: created.createdId } })
        assert.deepStrictEqual([note.text, note.ref], ["hello", "r-routing"])
        const count = yield* client.execute(Notes.countNotes, { query: { ref: "r-routing" } })
        assert.strictEqual(count.response.count, 1)
      }))

    it.effect("answers 501 naming an endpoint that is declared but not modelled", () =>
      Effect.gen(function*() {
        const client = yield* CapillaryClient.CapillaryClient
        const error = yield* Effect.flip(client.execute(Notes.unmodelled))
        const reason = (error as CapillaryError.CapillaryError).reason
        assert(reason._tag === "ApiError")
        assert.strictEqual(reason.status, 501)
        assert.include(reason.message, "test.unmodelled")
      }))

    it.effect("maps a business rejection to the declared domain error", () =>
      Effect.gen(function*() {
        const client = yield* CapillaryClient.CapillaryClient
        const error = yield* Effect.flip(client.execute(Notes.getNote, { path: { id: 999_999 } }))
        assert.instanceOf(error, Notes.NoteNotFound)
      }))
  })

  describe("admin", () => {
    it.effect("reads and advances the clock", () =>
      Effect.gen(function*() {
        const before = yield* admin("/clock")
        const after = yield* admin("/clock", { method: "POST", body: { advance: "2 hours" } })
        assert.isAtLeast(after.body.now - before.body.now, 2 * 3600 * 1000)
        const set = yield* admin("/clock", { method: "POST", body: { set: "2030-01-01T00:00:00Z" } })
        assert.strictEqual(set.body.iso.slice(0, 16), "2030-01-01T00:00")
        yield* admin("/reset", { method: "POST" })
      }))

    it.effect("serves an OpenAPI document of the declarations", () =>
      Effect.gen(function*() {
        const { body } = yield* admin("/openapi.json")
        assert.strictEqual(body.openapi, "3.1.0")
        assert.strictEqual(body.paths["/v2/test/notes/{id}"].get.operationId, "test.getNote")
        assert.strictEqual(body.paths["/v3/oauth/token/generate"].post.operationId, "core.generateToken")
      }))
  })

  it.effect("seeds the demo org with customers, coupon series and a group, enough for the built-in workflows", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      const count = (table: string) =>
        Effect.map(
          sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql(table)} WHERE org_id = ${Seed.demo.org.id}`,
          (rows) => rows[0]!.n
        )
      assert.isAtLeast(yield* count("customers"), 3)
      assert.isAtLeast(yield* count("coupon_series"), 4)
      assert.strictEqual(yield* count("user_groups"), 1)
      const programs = yield* sql<
        { is_group: number }
      >`SELECT is_group FROM programs WHERE org_id = ${Seed.demo.org.id}`
      assert.deepStrictEqual(programs.map((p) => p.is_group).sort(), [0, 1])
    }))
})
