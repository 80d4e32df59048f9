/**
 * What the emulator does for a declared endpoint: a handler from the decoded input (the SDK's own schemas) and
 * the authenticated organisation to the success value (encoded back with the same schemas), or a `Rejection`
 * answered with Capillary's error envelope. Handlers run in a database transaction, so a rejection never
 * leaves a partial write. Input the schemas reject is answered with a 400 envelope, or with the specific code
 * Capillary gives it when the behaviour names one (`rejectInvalid`).
 *
 * @since 0.1.0
 */
import type { Endpoint } from "@capillary-effect/core"
import { Data, type Effect } from "effect"
import type { Principal } from "./Organizations.ts"

/**
 * A business or validation failure, answered as the endpoint family's error envelope.
 *
 * @since 0.1.0
 * @category errors
 */
export class Rejection extends Data.TaggedError("Rejection")<{
  /** HTTP status (v1.1 answers are always sent with 200, the status then goes in the body). */
  readonly status: number
  readonly code: number
  readonly message: string
}> {}

/**
 * A rejection with Capillary's code and message, sent with HTTP 400 unless told otherwise (v1.1 answers go with
 * 200, the status then in the body).
 *
 * @since 0.2.0
 * @category constructors
 */
export const reject = (code: number, message: string, status = 400) => new Rejection({ status, code, message })

/**
 * A query parameter given once, as its text; undefined when it is absent or repeated.
 *
 * @since 0.2.0
 * @category raw input
 */
export const singleValue = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof value === "string" ? value : undefined

/**
 * Whether a raw value is a JSON object (not null, not an array).
 *
 * @since 0.2.0
 * @category raw input
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * What a handler knows about the request besides its input.
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestContext {
  readonly principal: Principal
  /** Emulator time of the request, epoch milliseconds. */
  readonly now: number
  readonly requestId: string
}

/**
 * A request's input as received, before the endpoint's schemas decode it: path parameters, query parameters
 * (repeated ones as arrays) and the parsed JSON body.
 *
 * @since 0.1.0
 * @category models
 */
export interface RawInput {
  readonly path: Readonly<Record<string, string>>
  readonly query: Readonly<Record<string, string | ReadonlyArray<string>>>
  readonly body: unknown
}

/**
 * Capillary's own answer to input the endpoint's schemas reject (e.g. 8003 for an unknown source), or
 * `undefined` for the generic 400.
 *
 * @since 0.1.0
 * @category models
 */
export type RejectInvalid = (input: RawInput) => Rejection | undefined

/**
 * A handler of one endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export type Handler<Ep extends Endpoint.Any, R> = (
  input: Endpoint.InputOf<Ep>,
  context: RequestContext
) => Effect.Effect<Endpoint.SuccessOf<Ep>, Rejection, R>

/**
 * An endpoint and its behaviour.
 *
 * @since 0.1.0
 * @category models
 */
export interface Behaviour<R> {
  readonly endpoint: Endpoint.Any
  readonly handler: Handler<any, R>
  readonly rejectInvalid?: RejectInvalid | undefined
}

/**
 * Declares the behaviour of an endpoint.
 *
 * @since 0.1.0
 * @category constructors
 */
export const handle = <Ep extends Endpoint.Any, R>(
  endpoint: Ep,
  handler: Handler<Ep, R>,
  options?: { readonly rejectInvalid?: RejectInvalid | undefined }
): Behaviour<R> => ({
  endpoint,
  handler,
  rejectInvalid: options?.rejectInvalid
})
