/**
 * What the HTTP API answers with: decoded values and typed errors made plain JSON, and validation of submitted
 * input against a schema with one message per field.
 */
import { Effect, Schema, SchemaIssue } from "effect"

/** A validation message, at the path of the field it is about (`["query", "identifierValue"]`). */
export interface Issue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** The input did not decode: nothing was sent. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  message: Schema.String,
  issues: Schema.Array(
    Schema.Struct({ path: Schema.Array(Schema.Union([Schema.String, Schema.Number])), message: Schema.String })
  )
}) {}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Decodes a submitted value; fails with every issue found, each prefixed with `prefix`. */
export const validate = <A>(
  schema: Schema.Codec<A, any, never, never>,
  value: unknown,
  prefix: ReadonlyArray<string | number>
): Effect.Effect<A, ReadonlyArray<Issue>> =>
  Schema.decodeUnknownEffect(schema)(value, { errors: "all" }).pipe(
    Effect.mapError((error) =>
      formatter(error.issue).issues.map((issue): Issue => ({
        path: [
          ...prefix,
          ...(issue.path ?? []).map((key) => {
            const segment = typeof key === "object" && key !== null && "key" in key ? key.key : key
            return typeof segment === "number" ? segment : String(segment)
          })
        ],
        message: issue.message === "Missing key" ? "required" : issue.message
      }))
    )
  )

/** Builds the error of a failed validation. */
export const invalidInput = (issues: ReadonlyArray<Issue>) =>
  new InvalidInput({
    message: `invalid input: ${
      issues.map((issue) => `${issue.path.join(".") || "(input)"}: ${issue.message}`).join("; ")
    }`,
    issues: issues.map((issue) => ({ path: [...issue.path], message: issue.message }))
  })

/**
 * A value as plain JSON: class instances by their own fields, errors with their tag, message and whether they are
 * retryable, dates as ISO strings, big integers as strings; undefined fields left out.
 */
export const toJson = (value: unknown, depth = 0): unknown => {
  if (depth > 24) return "(too deep)"
  switch (typeof value) {
    case "string":
    case "boolean":
      return value
    case "number":
      return Number.isFinite(value) ? value : String(value)
    case "bigint":
      return value.toString()
    case "undefined":
    case "function":
    case "symbol":
      return undefined
  }
  if (value === null) return null
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()
  if (Array.isArray(value)) return value.map((item) => toJson(item, depth + 1) ?? null)
  const object = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  if (typeof object._tag === "string") out._tag = object._tag
  for (const [name, inner] of Object.entries(object)) {
    const json = toJson(inner, depth + 1)
    if (json !== undefined) out[name] = json
  }
  if (
    (value instanceof Error || out._tag !== undefined) && typeof object.message === "string" && object.message !== ""
  ) {
    out.message = object.message
  }
  if (out._tag !== undefined && typeof object.retryable === "boolean") out.retryable = object.retryable
  return out
}

/** Whether a value is a plain record (not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
