/**
 * Reading the JSON Schemas of the API (as effect's `Schema.toJsonSchemaDocument` writes them) into form fields,
 * and turning what a form holds into the value to send. Plain functions, no DOM: the forms render them, the tests
 * check them.
 *
 * A form holds a draft: what the inputs show. Numbers are kept as typed (a string) until the value is sent, lists
 * of plain values may be one comma-separated string, free-form JSON is text. `toValue` turns a draft into the
 * value: empty fields left out, numbers parsed, lists split, JSON parsed; what does not parse is sent as typed, so
 * the server's validation names it.
 */

export interface JsonSchema {
  readonly type?: string | ReadonlyArray<string>
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: ReadonlyArray<string>
  readonly enum?: ReadonlyArray<unknown>
  readonly const?: unknown
  readonly anyOf?: ReadonlyArray<JsonSchema>
  readonly oneOf?: ReadonlyArray<JsonSchema>
  readonly items?: JsonSchema | boolean
  readonly prefixItems?: ReadonlyArray<JsonSchema>
  readonly minItems?: number
  readonly maxItems?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: number
  readonly exclusiveMaximum?: number
  readonly $ref?: string
  readonly title?: string
  readonly description?: string
}

export type Definitions = Readonly<Record<string, JsonSchema>>

/** What a schema is, for a form. */
export type Field =
  | { readonly kind: "string"; readonly schema: JsonSchema }
  | { readonly kind: "number"; readonly integer: boolean; readonly schema: JsonSchema }
  /** A number or a string (a bill amount sent either way). */
  | { readonly kind: "numberOrString"; readonly schema: JsonSchema }
  | { readonly kind: "boolean"; readonly schema: JsonSchema }
  | { readonly kind: "enum"; readonly options: ReadonlyArray<string | number | boolean>; readonly schema: JsonSchema }
  | {
    readonly kind: "object"
    readonly properties: ReadonlyArray<
      { readonly name: string; readonly schema: JsonSchema; readonly required: boolean }
    >
    readonly schema: JsonSchema
  }
  /** A list of plain values: one comma-separated input. */
  | { readonly kind: "list"; readonly item: JsonSchema; readonly minItems: number; readonly schema: JsonSchema }
  /** A list of objects: one sub-form per item. */
  | { readonly kind: "array"; readonly item: JsonSchema; readonly minItems: number; readonly schema: JsonSchema }
  | {
    readonly kind: "union"
    readonly variants: ReadonlyArray<{ readonly label: string; readonly schema: JsonSchema }>
    readonly schema: JsonSchema
  }
  /** Anything else: JSON text. */
  | { readonly kind: "json"; readonly schema: JsonSchema }

export const resolve = (schema: JsonSchema, definitions: Definitions): JsonSchema => {
  let current = schema
  for (let i = 0; i < 16 && current.$ref !== undefined; i++) {
    const name = current.$ref.replace(/^#\/(definitions|\$defs)\//, "")
    const target = definitions[name]
    if (target === undefined) return {}
    current = target
  }
  return current
}

const typeOf = (schema: JsonSchema): string | undefined =>
  typeof schema.type === "string" ? schema.type : schema.type?.find((type) => type !== "null")

const isNull = (schema: JsonSchema) => schema.type === "null"

/** `{"type": "string", "enum": [""]}`: an empty string allowed beside another type, as "not given" in a form. */
const isEmptyString = (schema: JsonSchema) =>
  schema.enum !== undefined && schema.enum.length === 1 && schema.enum[0] === ""

const isPlain = (field: Field) =>
  field.kind === "string" || field.kind === "number" || field.kind === "enum" || field.kind === "boolean" ||
  field.kind === "numberOrString"

/** The value that tells a variant of a union of objects apart: a property with one allowed value. */
const discriminator = (
  schema: JsonSchema,
  definitions: Definitions
): { readonly name: string; readonly value: unknown } | undefined => {
  for (const [name, property] of Object.entries(resolve(schema, definitions).properties ?? {})) {
    const inner = resolve(property, definitions)
    if (inner.const !== undefined) return { name, value: inner.const }
    if (inner.enum?.length === 1) return { name, value: inner.enum[0] }
  }
  return undefined
}

const variantLabel = (schema: JsonSchema, definitions: Definitions, index: number): string => {
  const resolved = resolve(schema, definitions)
  if (resolved.title !== undefined) return resolved.title
  const tag = discriminator(resolved, definitions)
  if (tag !== undefined) return String(tag.value)
  const names = Object.keys(resolved.properties ?? {})
  if (names.length === 1) return `{ ${names[0]} }`
  if (names.length > 1) return `{ ${names.slice(0, 3).join(", ")}${names.length > 3 ? ", ..." : ""} }`
  return typeOf(resolved) ?? `variant ${index + 1}`
}

/** Reads a schema as a form field. */
export const fieldOf = (schema: JsonSchema, definitions: Definitions): Field => {
  const resolved = resolve(schema, definitions)
  const variants = resolved.anyOf ?? resolved.oneOf
  if (variants !== undefined) {
    const meaningful = variants.map((variant) => resolve(variant, definitions)).filter((variant) =>
      !isNull(variant) && !isEmptyString(variant)
    )
    if (meaningful.length === 1) return fieldOf(meaningful[0]!, definitions)
    if (meaningful.length === 0) return { kind: "json", schema: resolved }
    const fields = meaningful.map((variant) => fieldOf(variant, definitions))
    if (fields.every((field) => field.kind === "number" || field.kind === "string")) {
      return { kind: "numberOrString", schema: resolved }
    }
    return {
      kind: "union",
      variants: meaningful.map((variant, i) => ({ label: variantLabel(variant, definitions, i), schema: variant })),
      schema: resolved
    }
  }
  if (
    resolved.enum !== undefined &&
    resolved.enum.every((option) => ["string", "number", "boolean"].includes(typeof option))
  ) {
    return { kind: "enum", options: resolved.enum as ReadonlyArray<string | number | boolean>, schema: resolved }
  }
  if (resolved.const !== undefined && ["string", "number", "boolean"].includes(typeof resolved.const)) {
    return { kind: "enum", options: [resolved.const as string | number | boolean], schema: resolved }
  }
  switch (typeOf(resolved)) {
    case "string":
      return { kind: "string", schema: resolved }
    case "number":
    case "integer":
      return { kind: "number", integer: typeOf(resolved) === "integer", schema: resolved }
    case "boolean":
      return { kind: "boolean", schema: resolved }
    case "object": {
      if (resolved.properties === undefined || Object.keys(resolved.properties).length === 0) {
        return { kind: "json", schema: resolved }
      }
      const required = new Set(resolved.required ?? [])
      return {
        kind: "object",
        properties: Object.entries(resolved.properties).map(([name, property]) => ({
          name,
          schema: property,
          required: required.has(name)
        })),
        schema: resolved
      }
    }
    case "array": {
      const item = resolved.prefixItems?.[0] ?? (typeof resolved.items === "object" ? resolved.items : undefined)
      if (item === undefined) return { kind: "json", schema: resolved }
      const itemField = fieldOf(item, definitions)
      const minItems = resolved.minItems ?? 0
      if (isPlain(itemField)) return { kind: "list", item, minItems, schema: resolved }
      if (itemField.kind === "object" || itemField.kind === "union") {
        return { kind: "array", item, minItems, schema: resolved }
      }
      return { kind: "json", schema: resolved }
    }
    default:
      return { kind: "json", schema: resolved }
  }
}

/** The variant of a union a draft is in: the one whose tag it carries, else the one sharing the most keys. */
export const variantOf = (
  field: Extract<Field, { kind: "union" }>,
  draft: unknown,
  definitions: Definitions
): number => {
  if (typeof draft !== "object" || draft === null || Array.isArray(draft)) return 0
  const record = draft as Record<string, unknown>
  let best = 0
  let bestScore = -1
  field.variants.forEach((variant, i) => {
    const tag = discriminator(variant.schema, definitions)
    if (tag !== undefined && record[tag.name] === tag.value) {
      best = i
      bestScore = Number.POSITIVE_INFINITY
      return
    }
    const names = Object.keys(resolve(variant.schema, definitions).properties ?? {})
    const score = Object.keys(record).filter((key) => names.includes(key)).length
    if (score > bestScore) {
      best = i
      bestScore = score
    }
  })
  return best
}

/** The draft a new variant starts from: its tag set. */
export const variantDraft = (variant: JsonSchema, definitions: Definitions): Record<string, unknown> => {
  const tag = discriminator(variant, definitions)
  return tag === undefined ? {} : { [tag.name]: tag.value }
}

/** The draft of a new item of an array of objects. */
export const emptyDraft = (schema: JsonSchema, definitions: Definitions): unknown => {
  const field = fieldOf(schema, definitions)
  if (field.kind === "object") return {}
  if (field.kind === "union") return variantDraft(field.variants[0]!.schema, definitions)
  return undefined
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/

const isEmpty = (value: unknown) => value === undefined || (typeof value === "string" && value.trim() === "")

/**
 * The value of a draft: empty fields left out (an object left empty is left out too unless it is required), numbers
 * parsed, lists split on commas, JSON text parsed; what does not parse is kept as typed, for the server to name.
 */
export const toValue = (schema: JsonSchema, draft: unknown, definitions: Definitions, required = true): unknown => {
  const field = fieldOf(schema, definitions)
  switch (field.kind) {
    case "string":
      return draft === undefined || draft === "" ? undefined : draft
    case "number":
      if (isEmpty(draft)) return undefined
      return typeof draft === "string" && NUMBER.test(draft.trim()) ? Number(draft.trim()) : draft
    case "numberOrString":
      if (isEmpty(draft)) return undefined
      return typeof draft === "string" && NUMBER.test(draft.trim()) ? Number(draft.trim()) : draft
    case "boolean":
      if (draft === "true") return true
      if (draft === "false") return false
      return typeof draft === "boolean" ? draft : undefined
    case "enum": {
      if (isEmpty(draft)) return undefined
      const match = field.options.find((option) => String(option) === String(draft))
      return match ?? draft
    }
    case "object": {
      if (typeof draft !== "object" || draft === null || Array.isArray(draft)) {
        return isEmpty(draft) ? (required ? {} : undefined) : draft
      }
      const record = draft as Record<string, unknown>
      const out: Record<string, unknown> = {}
      for (const property of field.properties) {
        const value = toValue(property.schema, record[property.name], definitions, property.required)
        if (value !== undefined) out[property.name] = value
      }
      // Keys the schema does not name (from JSON edits) are kept as they are.
      for (const [name, value] of Object.entries(record)) {
        if (!field.properties.some((property) => property.name === name) && value !== undefined) out[name] = value
      }
      return Object.keys(out).length === 0 && !required ? undefined : out
    }
    case "list": {
      const items = typeof draft === "string"
        ? draft.split(",").map((item) => item.trim()).filter((item) => item !== "")
        : Array.isArray(draft)
        ? draft
        : isEmpty(draft)
        ? []
        : [draft]
      const values = items.map((item) => toValue(field.item, item, definitions))
        .filter((value) => value !== undefined)
      return values.length === 0 && !required ? undefined : values
    }
    case "array": {
      const items = Array.isArray(draft) ? draft : []
      const values = items.map((item) => toValue(field.item, item, definitions) ?? {})
      return values.length === 0 && !required ? undefined : values
    }
    case "union": {
      if (isEmpty(draft)) return undefined
      const variant = field.variants[variantOf(field, draft, definitions)]!
      return toValue(variant.schema, draft, definitions, required)
    }
    case "json": {
      if (typeof draft !== "string") return draft
      if (draft.trim() === "") return undefined
      try {
        return JSON.parse(draft)
      } catch {
        return draft
      }
    }
  }
}

/** Sets the value at a path of a draft, copying what it changes. */
export const setIn = (draft: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown => {
  if (path.length === 0) return value
  const [head, ...rest] = path
  if (typeof head === "number") {
    const array = Array.isArray(draft) ? [...draft] : []
    array[head] = setIn(array[head], rest, value)
    return array
  }
  const record = typeof draft === "object" && draft !== null && !Array.isArray(draft)
    ? { ...(draft as Record<string, unknown>) }
    : {}
  record[head!] = setIn(record[head!], rest, value)
  return record
}

/** The key of a path, as validation issues and inputs name fields: `query.identifierValue`. */
export const pathKey = (path: ReadonlyArray<string | number>) => path.join(".")

/** A short description of a field's constraints, for its hint. */
export const constraintsOf = (schema: JsonSchema): string | undefined => {
  const parts: Array<string> = []
  const type = typeOf(schema)
  if (type === "integer") parts.push("integer")
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`)
  if (schema.minimum !== undefined && schema.minimum > -1e15) parts.push(`≥ ${schema.minimum}`)
  if (schema.maximum !== undefined && schema.maximum < 1e15) parts.push(`≤ ${schema.maximum}`)
  if (schema.minLength !== undefined) parts.push(`at least ${schema.minLength} chars`)
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} chars`)
  return parts.length === 0 ? undefined : parts.join(", ")
}
