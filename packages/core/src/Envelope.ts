/**
 * Capillary's four response families and how to tell success from failure in each, whatever the HTTP status:
 * v1.1 (always HTTP 200, `response.status` plus a per-item `item_status`), v2 (`errors[]` / `warnings[]`, bulk
 * `response[]`), v3 (`{data, errors}`) and api_gateway (`status{success, code, message}` or `{data, errors}`).
 * Also the schemas that endpoint declarations build their success bodies from.
 *
 * @since 0.1.0
 */
import { Predicate, Schema, SchemaGetter } from "effect"

/**
 * The envelope family of an endpoint. v1 endpoints use the v1.1 envelope.
 *
 * @since 0.1.0
 * @category models
 */
export type Family = "v1.1" | "v2" | "v3" | "api_gateway"

/**
 * One error or warning item, as every family reports it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Issue {
  readonly code: number | undefined
  readonly message: string
}

/**
 * What a response body means: success (the whole body, for the declared success schema to decode, with any
 * warnings) or failure (the first code and message, and every item).
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome =
  | { readonly _tag: "Success"; readonly body: unknown; readonly warnings: ReadonlyArray<Issue> }
  | {
    readonly _tag: "Failure"
    readonly code: number | undefined
    readonly message: string
    readonly issues: ReadonlyArray<Issue>
  }

const toNumber = (value: unknown): number | undefined => {
  if (Predicate.isNumber(value)) return value
  if (Predicate.isString(value) && /^-?\d+$/.test(value.trim())) return Number(value)
  return undefined
}

const toIssue = (value: unknown): Issue | undefined => {
  if (!Predicate.isObject(value)) return undefined
  const record = value as Record<string, unknown>
  const message = Predicate.isString(record.message) ? record.message : ""
  return { code: toNumber(record.code), message }
}

const issuesOf = (value: unknown): ReadonlyArray<Issue> =>
  Array.isArray(value) ? value.flatMap((item) => toIssue(item) ?? []) : []

const isFalse = (value: unknown) => value === false || value === "false"

const success = (body: unknown, warnings: ReadonlyArray<Issue> = []): Outcome => ({ _tag: "Success", body, warnings })

const failure = (issues: ReadonlyArray<Issue>, fallback: string): Outcome => ({
  _tag: "Failure",
  code: issues[0]?.code,
  message: issues[0]?.message || fallback,
  issues
})

/**
 * The `response.status` of a v1.1 body, when the body has one. OAuth token errors arrive in this shape from
 * every API version.
 *
 * @since 0.1.0
 * @category v1.1
 */
export const v11Status = (body: unknown): Issue & { readonly success: boolean } | undefined => {
  if (!Predicate.isObject(body)) return undefined
  const response = (body as Record<string, unknown>).response
  if (!Predicate.isObject(response)) return undefined
  const status = (response as Record<string, unknown>).status
  const issue = toIssue(status)
  if (issue === undefined) return undefined
  return { ...issue, success: !isFalse((status as Record<string, unknown>).success) }
}

/**
 * Every item of a v1.1 response (`response.<entities>.<entity>[]`), found by its `item_status`.
 *
 * @since 0.1.0
 * @category v1.1
 */
export const v11Items = (body: unknown): ReadonlyArray<Record<string, unknown>> => {
  const response = Predicate.isObject(body) ? (body as Record<string, unknown>).response : undefined
  if (!Predicate.isObject(response)) return []
  const items: Array<Record<string, unknown>> = []
  const visit = (value: unknown, depth: number): void => {
    if (depth > 3) return
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1)
    } else if (Predicate.isObject(value)) {
      const record = value as Record<string, unknown>
      if (Predicate.isObject(record.item_status)) items.push(record)
      else for (const inner of Object.values(record)) visit(inner, depth + 1)
    }
  }
  for (const [key, value] of Object.entries(response)) if (key !== "status") visit(value, 0)
  return items
}

const readV11 = (body: unknown): Outcome => {
  const status = v11Status(body)
  if (status === undefined) return failure([], "response without a v1.1 status")
  const items = v11Items(body)
  const itemIssues = items.flatMap((item) => {
    const issue = toIssue(item.item_status)
    const ok = !isFalse((item.item_status as Record<string, unknown>).success)
    return issue !== undefined && !ok ? [issue] : []
  })
  // 200: all succeeded; 201: some items failed (a per-item result, not a failure of the call).
  if (status.success && (status.code === undefined || status.code < 300)) return success(body)
  if (status.code === 201) return success(body)
  // A request-level failure: report the item's code when there is a single item, the status otherwise.
  if (items.length > 1 && itemIssues.length < items.length) return success(body)
  return failure(itemIssues.length > 0 ? itemIssues : [status], status.message)
}

const readV2 = (httpStatus: number, body: unknown): Outcome => {
  const record = Predicate.isObject(body) ? body as Record<string, unknown> : {}
  const errors = issuesOf(record.errors)
  const warnings = issuesOf(record.warnings)
  // Bulk bodies carry per-item errors; the call itself succeeded, even with 201 "some items failed".
  if (Array.isArray(record.response) && httpStatus < 400) return success(body, warnings)
  if (errors.length > 0) return failure(errors, "request failed")
  if (httpStatus >= 400) return failure([], `HTTP ${httpStatus}`)
  return success(body, warnings)
}

const readV3 = (httpStatus: number, body: unknown): Outcome => {
  const record = Predicate.isObject(body) ? body as Record<string, unknown> : {}
  const errors = issuesOf(record.errors)
  if (errors.length > 0) return failure(errors, "request failed")
  if (httpStatus >= 400) return failure([], `HTTP ${httpStatus}`)
  return success(body, issuesOf(record.warnings))
}

const readGateway = (httpStatus: number, body: unknown): Outcome => {
  const record = Predicate.isObject(body) ? body as Record<string, unknown> : {}
  if (Predicate.isObject(record.status)) {
    const status = record.status as Record<string, unknown>
    const issue = toIssue(status) ?? { code: undefined, message: "" }
    if (isFalse(status.success)) {
      // partnerError carries the underlying InTouch codes (e.g. 828, 1620).
      const partner = Predicate.isObject(status.partnerError) ? status.partnerError as Record<string, unknown> : {}
      const codes = Array.isArray(partner.codes) ? partner.codes : []
      const messages = Array.isArray(partner.messages) ? partner.messages : []
      const partnerIssues = codes.map((code, i) => ({
        code: toNumber(code),
        message: Predicate.isString(messages[i]) ? messages[i] : ""
      }))
      return failure([issue, ...partnerIssues], "request failed")
    }
    if (httpStatus >= 400) return failure([issue], `HTTP ${httpStatus}`)
    return success(body)
  }
  return readV3(httpStatus, body)
}

/**
 * Reads a decoded JSON body of the given family and HTTP status.
 *
 * @since 0.1.0
 * @category reading
 */
export const read = (family: Family, httpStatus: number, body: unknown): Outcome => {
  switch (family) {
    case "v1.1":
      return readV11(body)
    case "v2":
      return readV2(httpStatus, body)
    case "v3":
      return readV3(httpStatus, body)
    case "api_gateway":
      return readGateway(httpStatus, body)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas for declarations
// ---------------------------------------------------------------------------------------------------------------

/**
 * A v2 error or warning item: `{status, code, message}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const V2Issue = Schema.Struct({
  status: Schema.optional(Schema.Boolean),
  code: Schema.Number,
  message: Schema.String
})

/**
 * The `warnings` of a v2 body (absent means none).
 *
 * @since 0.1.0
 * @category schemas
 */
export const V2Warnings = Schema.Array(V2Issue)

/**
 * One item of a v2 bulk body: the entity, its result when it succeeded, its errors and warnings.
 *
 * @since 0.1.0
 * @category schemas
 */
export const V2BulkItem = <S extends Schema.Top>(result: S) =>
  Schema.Struct({
    entityId: Schema.optional(Schema.Unknown),
    result: Schema.optional(Schema.NullOr(result)),
    errors: Schema.optional(Schema.NullOr(Schema.Array(V2Issue))),
    warnings: Schema.optional(Schema.NullOr(Schema.Array(V2Issue)))
  })

/**
 * A v2 bulk body: `{response: [...], totalCount, failureCount}`. Items that failed keep their errors; the call
 * itself succeeds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const V2Bulk = <S extends Schema.Top>(result: S) =>
  Schema.Struct({
    response: Schema.Array(V2BulkItem(result)),
    totalCount: Schema.Number,
    failureCount: Schema.Number,
    warnings: Schema.optional(V2Warnings)
  })

/**
 * A v3 body: `{data, errors}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const V3 = <S extends Schema.Top>(data: S) =>
  Schema.Struct({
    data: data,
    errors: Schema.optional(Schema.NullOr(Schema.Array(V2Issue)))
  })

/**
 * A number that v1.1 may send as a number or as a decimal numeric string (`"10"`, `"-2.5"`); empty, blank, hex or
 * exponent strings are rejected rather than read as a number. Encoded back as a string, as v1.1 sends it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LooseNumber = Schema.Union([Schema.Finite, Schema.String.check(Schema.isPattern(/^\s*-?\d+(\.\d+)?\s*$/))])
  .pipe(
    Schema.decodeTo(Schema.Finite, {
      decode: SchemaGetter.transform((value) => (typeof value === "number" ? value : Number(value.trim()))),
      encode: SchemaGetter.transform((value) => String(value))
    })
  )

/**
 * A boolean that v1.1 sends as `true` / `"true"` / `false` / `"false"`; encoded as a string.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LooseBoolean = Schema.Union([Schema.Boolean, Schema.Literals(["true", "false"])]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === true || value === "true"),
    encode: SchemaGetter.transform((value): "true" | "false" => (value ? "true" : "false"))
  })
)

/**
 * A v1.1 `status` or `item_status`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const V11Status = Schema.Struct({
  success: LooseBoolean,
  code: LooseNumber,
  message: Schema.String
})

/**
 * A v1.1 body: `{response: {status, ...content}}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const V11 = <Fields extends Schema.Struct.Fields>(content: Fields) =>
  Schema.Struct({
    response: Schema.Struct({ status: V11Status, ...content })
  })

/**
 * A v1.1 wrapped collection item list (`customers.customer`): an array, or a single object that is read as a
 * one-item array.
 *
 * @since 0.1.0
 * @category schemas
 */
export const V11List = <S extends Schema.Top>(item: S) =>
  Schema.Union([Schema.Array(item), item]).pipe(
    Schema.decodeTo(Schema.Array(Schema.toType(item)), {
      decode: SchemaGetter.transform((value) => (Array.isArray(value) ? value : [value]) as never),
      encode: SchemaGetter.passthrough()
    })
  )

/**
 * The api_gateway rewards `status`: `{success, code, message}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GatewayStatus = Schema.Struct({
  success: Schema.Boolean,
  code: Schema.Number,
  message: Schema.String
})

// ---------------------------------------------------------------------------------------------------------------
// Failure bodies, as a server (the emulator) writes them
// ---------------------------------------------------------------------------------------------------------------

/**
 * The failure body of a family, in Capillary's shape: v1.1 `response.status` (sent with HTTP 200), v2
 * `errors[]`, v3 `{data: null, errors}`, api_gateway `status{success: false}`. {@link read} reads each back as
 * a failure with the same code and message.
 *
 * @since 0.1.0
 * @category writing
 */
export const failureBody = (family: Family, code: number, message: string): unknown => {
  switch (family) {
    case "v1.1":
      return { response: { status: { success: "false", code, message } } }
    case "v2":
      return { errors: [{ status: false, code, message }], warnings: [] }
    case "v3":
      return { data: null, errors: [{ code, message }] }
    case "api_gateway":
      return { status: { success: false, code, message } }
  }
}
