/**
 * The endpoint contract: one declaration, as data, per Capillary endpoint. From it come the client operation
 * (through `CapillaryClient.execute`), the emulator's request validation and response encoding, the OpenAPI
 * document and the playground's catalog entry.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type * as Envelope from "./Envelope.ts"
import type * as Pagination from "./Pagination.ts"

/**
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * What re-sending the request does, which decides what the client may retry:
 * - `Read`: nothing; retried on every transient failure.
 * - `Idempotent`: the same state again (a PUT of a whole value, a DELETE); retried like a read.
 * - `DedupKey`: a write that Capillary de-duplicates by a natural key (bill number, `external_reference_number`,
 *   `requestId`); re-sending it after an ambiguous failure is safe.
 * - `Unsafe`: a write without a dedup key; re-sent only when it certainly did not reach Capillary.
 *
 * @since 0.1.0
 * @category models
 */
export type Idempotency =
  | { readonly _tag: "Read" }
  | { readonly _tag: "Idempotent" }
  | { readonly _tag: "DedupKey"; readonly key: string }
  | { readonly _tag: "Unsafe" }

/**
 * @since 0.1.0
 * @category idempotency
 */
export const read: Idempotency = { _tag: "Read" }

/**
 * @since 0.1.0
 * @category idempotency
 */
export const idempotent: Idempotency = { _tag: "Idempotent" }

/**
 * A write de-duplicated by Capillary on the named field.
 *
 * @since 0.1.0
 * @category idempotency
 */
export const dedupKey = (key: string): Idempotency => ({ _tag: "DedupKey", key })

/**
 * @since 0.1.0
 * @category idempotency
 */
export const unsafe: Idempotency = { _tag: "Unsafe" }

/**
 * Whether the effect of a write can be undone, and how: used by workflows to place compensations and to
 * reject definitions that would need to undo the irreversible.
 *
 * @since 0.1.0
 * @category models
 */
export type Reversibility =
  | { readonly _tag: "NoEffect" }
  | { readonly _tag: "Reversible"; readonly undoneBy: string }
  | { readonly _tag: "ReversibleUnderSetting"; readonly setting: string; readonly undoneBy: string }
  | { readonly _tag: "Irreversible" }

/**
 * Reads and other calls that change nothing.
 *
 * @since 0.1.0
 * @category reversibility
 */
export const noEffect: Reversibility = { _tag: "NoEffect" }

/**
 * Undone by the endpoint with the given id.
 *
 * @since 0.1.0
 * @category reversibility
 */
export const reversible = (undoneBy: string): Reversibility => ({ _tag: "Reversible", undoneBy })

/**
 * Undone by the endpoint with the given id, when the organisation enables the setting.
 *
 * @since 0.1.0
 * @category reversibility
 */
export const reversibleUnderSetting = (setting: string, undoneBy: string): Reversibility => ({
  _tag: "ReversibleUnderSetting",
  setting,
  undoneBy
})

/**
 * @since 0.1.0
 * @category reversibility
 */
export const irreversible: Reversibility = { _tag: "Irreversible" }

/**
 * The fields every domain error built from a Capillary code carries.
 *
 * @since 0.1.0
 * @category domain errors
 */
export const DomainErrorFields = {
  code: Schema.Number,
  message: Schema.String,
  requestId: Schema.optional(Schema.String)
}

/**
 * The constructor props of a domain error.
 *
 * @since 0.1.0
 * @category domain errors
 */
export interface DomainErrorProps {
  readonly code: number
  readonly message: string
  readonly requestId?: string | undefined
}

/**
 * A domain error class, such as `CustomerNotFound`, built from a Capillary code.
 *
 * @since 0.1.0
 * @category domain errors
 */
export interface DomainError<E> {
  new(props: DomainErrorProps): E
}

/**
 * Which Capillary codes become which domain error.
 *
 * @since 0.1.0
 * @category domain errors
 */
export interface ErrorMapping<E> {
  readonly error: DomainError<E>
  readonly codes: ReadonlyArray<number>
}

/**
 * The union of the domain errors of a list of mappings.
 *
 * @since 0.1.0
 * @category type-level
 */
export type ErrorsOf<Errors extends ReadonlyArray<ErrorMapping<any>>> = Errors[number] extends ErrorMapping<infer E>
  // With no `errors` the list is not inferred and its error type widens to `unknown`: that means none.
  ? unknown extends E ? never : E
  : never

/**
 * Maps Capillary codes to a domain error.
 *
 * @since 0.1.0
 * @category domain errors
 */
export const codes = <E>(error: DomainError<E>, codes: ReadonlyArray<number>): ErrorMapping<E> => ({ error, codes })

/**
 * The encoded form of path parameters: each one a string, substituted for `{name}` in the path.
 *
 * @since 0.1.0
 * @category schemas
 */
export type PathEncoded = { readonly [name: string]: string }

/**
 * The encoded form of query parameters: strings, repeated strings, or absent.
 *
 * @since 0.1.0
 * @category schemas
 */
export type QueryEncoded = { readonly [name: string]: string | ReadonlyArray<string> | undefined }

/**
 * A schema with no service requirements, encoding to `E`.
 *
 * @since 0.1.0
 * @category schemas
 */
export type Codec<E> = Schema.Codec<any, E, never, never>

/**
 * An endpoint declaration.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<
  P extends Codec<PathEncoded> | undefined,
  Q extends Codec<QueryEncoded> | undefined,
  B extends Codec<unknown> | undefined,
  S extends Codec<unknown>,
  E,
  Item = never
> {
  /** Stable id, `<package>.<operation>` (e.g. `customers.get`). */
  readonly id: string
  /** Section of Capillary's API index (e.g. `Customer`, `Coupon`), for grouping in catalogs. */
  readonly section: string
  readonly summary: string
  readonly family: Envelope.Family
  readonly method: Method
  /** Path template with `{name}` placeholders, from the host root (e.g. `/v2/customers/{id}`). */
  readonly path: string
  readonly params: P
  readonly query: Q
  readonly body: B
  /** The whole success body (including warnings, the v3 `data` wrapper or the v1.1 `response` wrapper). */
  readonly success: S
  readonly errors: ReadonlyArray<ErrorMapping<E>>
  readonly idempotency: Idempotency
  readonly reversibility: Reversibility
  readonly paging: Pagination.Paging<QueryOf<Q>, S["Type"], Item> | undefined
  /** The client-side limiter's family: `"<METHOD> <path template>"` unless declared. */
  readonly rateLimitFamily: string
  /** The customer a call concerns, for per-customer serialisation. */
  readonly customerKey: ((input: Input<P, Q, B>) => string | undefined) | undefined
  /**
   * Fixed query parameters that select this endpoint among those sharing its method and path (Capillary serves
   * group balances on the customers' path with `entityType=FLEET`). The client always sends them; a server
   * routes a request here only when they match.
   */
  readonly variant: Readonly<Record<string, string>> | undefined
  /** How the body is sent: JSON, or `multipart/form-data` (file uploads; see `Multipart`). */
  readonly bodyFormat: BodyFormat
}

/**
 * How a request body is sent.
 *
 * @since 0.2.0
 * @category models
 */
export type BodyFormat = "json" | "multipart"

/**
 * Any endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export type Any = Endpoint<any, any, any, any, any, any>

type QueryOf<Q> = Q extends Codec<QueryEncoded> ? Q["Type"] : {}

/**
 * The input of an operation: `path`, `query` and `body` for the parts the endpoint declares.
 *
 * @since 0.1.0
 * @category models
 */
export type Input<P, Q, B> =
  & (P extends Codec<PathEncoded> ? { readonly path: P["Type"] } : {})
  & (Q extends Codec<QueryEncoded> ? { readonly query: Q["Type"] } : {})
  & (B extends Codec<unknown> ? { readonly body: B["Type"] } : {})

/**
 * The input type of an endpoint.
 *
 * @since 0.1.0
 * @category type-level
 */
export type InputOf<Ep> = Ep extends Endpoint<infer P, infer Q, infer B, any, any, any> ? Input<P, Q, B> : never

/**
 * The success type of an endpoint.
 *
 * @since 0.1.0
 * @category type-level
 */
export type SuccessOf<Ep> = Ep extends Endpoint<any, any, any, infer S, any, any> ? S["Type"] : never

/**
 * The domain errors of an endpoint.
 *
 * @since 0.1.0
 * @category type-level
 */
export type ErrorOf<Ep> = Ep extends Endpoint<any, any, any, any, infer E, any> ? E : never

/**
 * The item type of a paged endpoint.
 *
 * @since 0.1.0
 * @category type-level
 */
export type ItemOf<Ep> = Ep extends Endpoint<any, any, any, any, any, infer Item> ? Item : never

/**
 * Declares an endpoint. Reads default to `read` idempotency and `noEffect` reversibility; writes must say both.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <
  S extends Codec<unknown>,
  P extends Codec<PathEncoded> | undefined = undefined,
  Q extends Codec<QueryEncoded> | undefined = undefined,
  B extends Codec<unknown> | undefined = undefined,
  const Errors extends ReadonlyArray<ErrorMapping<any>> = []
>(
  declaration:
    & {
      readonly id: string
      readonly section: string
      readonly summary: string
      readonly family: Envelope.Family
      readonly path: string
      readonly params?: P
      readonly query?: Q
      readonly success: S
      readonly errors?: Errors
      readonly rateLimitFamily?: string
      readonly customerKey?: (input: Input<P, Q, B>) => string | undefined
      readonly variant?: Readonly<Record<string, string>>
      readonly bodyFormat?: BodyFormat
    }
    & (
      | {
        readonly method: "GET"
        readonly body?: undefined
        readonly idempotency?: Idempotency
        readonly reversibility?: Reversibility
      }
      | {
        readonly method: Exclude<Method, "GET">
        readonly body?: B
        readonly idempotency: Idempotency
        readonly reversibility: Reversibility
      }
    )
): Endpoint<P, Q, B, S, ErrorsOf<Errors>> => {
  return {
    id: declaration.id,
    section: declaration.section,
    summary: declaration.summary,
    family: declaration.family,
    method: declaration.method,
    path: declaration.path,
    params: declaration.params as P,
    query: declaration.query as Q,
    body: declaration.body as B,
    success: declaration.success,
    errors: (declaration.errors ?? []) as ReadonlyArray<ErrorMapping<ErrorsOf<Errors>>>,
    idempotency: declaration.idempotency ?? read,
    reversibility: declaration.reversibility ?? noEffect,
    paging: undefined,
    rateLimitFamily: declaration.rateLimitFamily ?? `${declaration.method} ${declaration.path}`,
    customerKey: declaration.customerKey,
    variant: declaration.variant,
    bodyFormat: declaration.bodyFormat ?? "json"
  }
}

/**
 * Declares how to page through a list endpoint (see `Pagination`), so the client can stream its items.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withPaging = <
  P extends Codec<PathEncoded> | undefined,
  Q extends Codec<QueryEncoded> | undefined,
  B extends Codec<unknown> | undefined,
  S extends Codec<unknown>,
  E,
  Item
>(
  endpoint: Endpoint<P, Q, B, S, E>,
  paging: Pagination.Paging<QueryOf<Q>, S["Type"], Item>
): Endpoint<P, Q, B, S, E, Item> => ({ ...endpoint, paging })

/**
 * Fills a path template with encoded parameters, percent-encoding each one. Returns the names of the
 * placeholders that had no value (or an empty one) instead, so nothing is sent to a wrong path.
 *
 * @since 0.1.0
 * @category paths
 */
export const renderPath = (
  template: string,
  params: PathEncoded
): { readonly _tag: "Path"; readonly path: string } | {
  readonly _tag: "Missing"
  readonly names: ReadonlyArray<string>
} => {
  const missing: Array<string> = []
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined || value === "") missing.push(name)
    return encodeURIComponent(value ?? "")
  })
  return missing.length > 0 ? { _tag: "Missing", names: missing } : { _tag: "Path", path }
}
