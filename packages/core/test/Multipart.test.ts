/** Multipart bodies: encoded fields become form data and come back as the same encoded fields. */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Schema } from "effect"
import { Multipart } from "../src/index.ts"

const Body = Schema.Struct({ note: Schema.String, FILE: Schema.Array(Multipart.FilePart) })

describe("Multipart", () => {
  it.effect("round-trips text and files through form data and a parsed body", () =>
    Effect.gen(function*() {
      const encoded = Schema.encodeSync(Body)({
        note: "hello",
        FILE: [
          { name: "a.png", type: "image/png", content: new Uint8Array([0, 1, 2, 255]) },
          { name: "b.bin", type: "application/octet-stream", content: new Uint8Array([9]) }
        ]
      })
      const form = Multipart.toFormData(encoded)
      assert.isTrue(Result.isSuccess(form))
      const request = new Request("http://localhost/", { method: "POST", body: Result.getOrThrow(form) })
      const bytes = new Uint8Array(yield* Effect.promise(() => request.arrayBuffer()))
      const parsed = yield* Multipart.parse(bytes, request.headers.get("content-type")!)
      const decoded = Schema.decodeUnknownSync(Body)(parsed)
      assert.strictEqual(decoded.note, "hello")
      assert.deepStrictEqual(decoded.FILE.map((file) => [file.name, file.type, [...file.content]]), [
        ["a.png", "image/png", [0, 1, 2, 255]],
        ["b.bin", "application/octet-stream", [9]]
      ])
    }))

  it.effect("refuses what is not a multipart body", () =>
    Effect.gen(function*() {
      assert.isTrue(Result.isFailure(Multipart.toFormData([1, 2])))
      assert.isTrue(Result.isFailure(Multipart.toFormData({ FILE: { name: "x" } })))
      const failure = yield* Effect.flip(
        Multipart.parse(new TextEncoder().encode("not multipart"), "multipart/form-data")
      )
      assert.strictEqual(failure, "malformed multipart body")
    }))
})
