/**
 * The operations catalog: every endpoint declaration the SDK exports, found by walking the `*Api` modules of the
 * domain packages (and core's token endpoint), each with the JSON Schema of its path, query and body parts (their
 * encoded side: what a form sends) and an example input from the emulator's demo seed.
 */
import * as Core from "@capillary-effect/core"
import type { Endpoint } from "@capillary-effect/core"
import * as Customers from "@capillary-effect/customers"
import * as Rewards from "@capillary-effect/rewards"
import * as UserGroups from "@capillary-effect/usergroups"
import * as Workflows from "@capillary-effect/workflows"
import { Schema } from "effect"
import { examples } from "./examples.ts"

/** A JSON Schema document of one input part, as `Schema.toJsonSchemaDocument` writes it. */
export interface JsonSchemaDocument {
  readonly schema: unknown
  readonly definitions: Record<string, unknown>
}

/** One operation, as `GET /api/operations` lists it. */
export interface Operation {
  readonly id: string
  readonly package: string
  readonly module: string
  readonly section: string
  readonly summary: string
  readonly method: Endpoint.Method
  readonly path: string
  readonly family: string
  readonly idempotency: string
  readonly reversibility: string
  readonly paged: boolean
  /** The domain errors the operation can fail with (besides `CapillaryError`), by tag. */
  readonly errors: ReadonlyArray<string>
  /** The JSON Schema of each part the endpoint declares. */
  readonly input: {
    readonly path?: JsonSchemaDocument
    readonly query?: JsonSchemaDocument
    readonly body?: JsonSchemaDocument
  }
  /** An input that works against the demo seed, as the form is prefilled. */
  readonly example: Record<string, unknown>
}

/** An entry of the catalog: the declaration and its listing. */
export interface Entry {
  readonly endpoint: Endpoint.Any
  readonly operation: Operation
}

/** Whether an export is an endpoint declaration: an object with an id, a method, a path and a success schema. */
export const isEndpoint = (value: unknown): value is Endpoint.Any =>
  typeof value === "object" && value !== null && !Array.isArray(value) &&
  typeof (value as Record<string, unknown>).id === "string" &&
  typeof (value as Record<string, unknown>).method === "string" &&
  typeof (value as Record<string, unknown>).path === "string" &&
  Schema.isSchema((value as Record<string, unknown>).success)

/** The SDK packages the catalog reads, by their short name, as namespaces of modules. */
const packages: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ["core", Core],
  ["customers", Customers],
  ["usergroups", UserGroups],
  ["rewards", Rewards],
  ["workflows", Workflows]
]

/** The modules that declare endpoints: every `*Api` module, and core's `Auth` (the token endpoint). */
const declares = (pkg: string, module: string) => module.endsWith("Api") || (pkg === "core" && module === "Auth")

const jsonSchemaOf = (schema: Endpoint.Codec<unknown> | undefined): JsonSchemaDocument | undefined => {
  if (schema === undefined) return undefined
  const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema))
  return { schema: document.schema, definitions: { ...document.definitions } }
}

const errorTag = (mapping: Endpoint.ErrorMapping<unknown>): string => {
  const instance = new mapping.error({ code: 0, message: "" }) as { readonly _tag?: unknown }
  return typeof instance._tag === "string" ? instance._tag : mapping.error.name
}

const describeIdempotency = (idempotency: Endpoint.Idempotency) =>
  idempotency._tag === "DedupKey" ? `DedupKey (${idempotency.key})` : idempotency._tag

const describeReversibility = (reversibility: Endpoint.Reversibility) => {
  switch (reversibility._tag) {
    case "Reversible":
      return `Reversible (by ${reversibility.undoneBy})`
    case "ReversibleUnderSetting":
      return `Reversible under ${reversibility.setting} (by ${reversibility.undoneBy})`
    default:
      return reversibility._tag
  }
}

/** Builds the catalog from the packages' exports, in package, section and id order. */
export const make = (): ReadonlyArray<Entry> => {
  const seen = new Map<string, Entry>()
  for (const [pkg, namespace] of packages) {
    for (const [module, exports] of Object.entries(namespace)) {
      if (!declares(pkg, module) || typeof exports !== "object" || exports === null) continue
      for (const value of Object.values(exports)) {
        if (!isEndpoint(value) || seen.has(value.id)) continue
        const path = jsonSchemaOf(value.params)
        const query = jsonSchemaOf(value.query)
        const body = jsonSchemaOf(value.body)
        seen.set(value.id, {
          endpoint: value,
          operation: {
            id: value.id,
            package: pkg,
            module,
            section: value.section,
            summary: value.summary,
            method: value.method,
            path: value.path,
            family: value.family,
            idempotency: describeIdempotency(value.idempotency),
            reversibility: describeReversibility(value.reversibility),
            paged: value.paging !== undefined,
            errors: [...new Set(value.errors.map(errorTag))],
            input: {
              ...(path === undefined ? {} : { path }),
              ...(query === undefined ? {} : { query }),
              ...(body === undefined ? {} : { body })
            },
            example: examples[value.id] ?? {}
          }
        })
      }
    }
  }
  const order = new Map(packages.map(([name], i) => [name, i]))
  return [...seen.values()].sort((a, b) =>
    (order.get(a.operation.package)! - order.get(b.operation.package)!) ||
    a.operation.section.localeCompare(b.operation.section) ||
    a.operation.id.localeCompare(b.operation.id)
  )
}
