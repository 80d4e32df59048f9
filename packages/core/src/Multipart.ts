/**
 * Request bodies sent as `multipart/form-data` (Capillary's file uploads, e.g. customer images). An endpoint
 * declares such a body with `bodyFormat: "multipart"` and a schema of fields: text, or files (`FilePart`). A
 * file's bytes are base64 in the encoded form, so the encoded body stays JSON (catalogs, logs, OpenAPI); the
 * client turns it into form data, and a server turns form data back into it.
 *
 * @since 0.2.0
 */
import { Effect, Result, Schema } from "effect"
import { Base64 } from "effect/encoding"

/**
 * A file of a multipart body: its name, media type and bytes.
 *
 * @since 0.2.0
 * @category schemas
 */
export const FilePart = Schema.Struct({
  name: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(255)),
  type: Schema.String.check(Schema.isPattern(/^[\w.+-]+\/[\w.+-]+$/)),
  content: Schema.Uint8ArrayFromBase64
})

/**
 * The type of `FilePart`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type FilePart = typeof FilePart.Type

/**
 * A multipart body as encoded: text fields, and files with base64 content (one or several per name).
 *
 * @since 0.2.0
 * @category models
 */
export type Fields = Readonly<Record<string, string | EncodedFile | ReadonlyArray<EncodedFile>>>

/**
 * A file as encoded.
 *
 * @since 0.2.0
 * @category models
 */
export type EncodedFile = typeof FilePart.Encoded

const isEncodedFile = (value: unknown): value is EncodedFile =>
  typeof value === "object" && value !== null && typeof (value as EncodedFile).content === "string" &&
  typeof (value as EncodedFile).name === "string" && typeof (value as EncodedFile).type === "string"

/**
 * Builds the form data of an encoded body; fails with the name of a field that is neither text nor files.
 *
 * @since 0.2.0
 * @category encoding
 */
export const toFormData = (fields: unknown): Result.Result<FormData, string> => {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    return Result.fail("a multipart body is an object of fields")
  }
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    if (typeof value === "string") {
      form.append(name, value)
      continue
    }
    const files: ReadonlyArray<unknown> = Array.isArray(value) ? value : [value]
    for (const file of files) {
      if (!isEncodedFile(file)) return Result.fail(`field ${name} is neither text nor files`)
      const bytes = Base64.decode(file.content)
      if (Result.isFailure(bytes)) return Result.fail(`file ${file.name} of field ${name} is not base64`)
      form.append(name, new Blob([bytes.success as Uint8Array<ArrayBuffer>], { type: file.type }), file.name)
    }
  }
  return Result.succeed(form)
}

/**
 * Reads form data back into an encoded body: text fields as text, files as `{ name, type, content }` (a name
 * given once is one value, given several times a list).
 *
 * @since 0.2.0
 * @category decoding
 */
export const fromFormData = (form: FormData): Effect.Effect<Fields> =>
  Effect.gen(function*() {
    const out: Record<string, string | EncodedFile | Array<EncodedFile>> = {}
    for (const name of new Set(form.keys())) {
      const values = form.getAll(name)
      const decoded: Array<string | EncodedFile> = []
      for (const value of values) {
        if (typeof value === "string") decoded.push(value)
        else {
          const bytes = yield* Effect.promise(() => value.arrayBuffer())
          decoded.push({ name: value.name, type: value.type, content: Base64.encode(new Uint8Array(bytes)) })
        }
      }
      const files = decoded.filter(isEncodedFile)
      out[name] = decoded.length === 1 ? decoded[0]! : files.length === decoded.length ? files : decoded.join(",")
    }
    return out
  })

/**
 * Parses a `multipart/form-data` body (its bytes and `content-type` header); fails when it is not one.
 *
 * @since 0.2.0
 * @category decoding
 */
export const parse = (bytes: Uint8Array, contentType: string): Effect.Effect<Fields, string> =>
  Effect.tryPromise({
    try: () => new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData(),
    catch: () => "malformed multipart body"
  }).pipe(Effect.flatMap(fromFormData))
