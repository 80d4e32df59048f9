/**
 * The one error of the core client. Its `reason` says what went wrong and whether trying again can help;
 * domain packages turn known Capillary codes into named errors instead.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The request could not be completed on the network. `sent` is false when it certainly never reached the
 * server (connection refused, DNS failure), true when it may have.
 *
 * @since 0.1.0
 * @category reasons
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  message: Schema.String,
  sent: Schema.Boolean
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return true
  }
}

/**
 * No answer came within the request timeout.
 *
 * @since 0.1.0
 * @category reasons
 */
export class Timeout extends Schema.TaggedError<Timeout>()("Timeout", {
  message: Schema.String,
  timeoutMillis: Schema.Number
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return true
  }
}

/**
 * HTTP 429: the API key is over its calls-per-minute. The request was not processed.
 *
 * @since 0.1.0
 * @category reasons
 */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  message: Schema.String,
  retryAfterMillis: Schema.optional(Schema.Number)
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return true
  }
}

/**
 * Credentials were missing or wrong, or the OAuth token is invalid (401) or expired (498).
 *
 * @since 0.1.0
 * @category reasons
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  message: Schema.String,
  code: Schema.optional(Schema.Number),
  tokenRejected: Schema.Boolean
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return false
  }
}

/**
 * The credentials are valid but may not do this (HTTP 403, or a v1.1 status 403).
 *
 * @since 0.1.0
 * @category reasons
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  message: Schema.String,
  code: Schema.optional(Schema.Number)
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return false
  }
}

/**
 * The server is busy with this request's subject: 461 (search engine busy) or 521 (another action is running
 * for the same customer). Nothing was applied.
 *
 * @since 0.1.0
 * @category reasons
 */
export class Busy extends Schema.TaggedError<Busy>()("Busy", {
  message: Schema.String,
  status: Schema.Number
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return true
  }
}

/**
 * Capillary answered with an error: its HTTP status, its code (from the body) and message.
 * Server errors (5xx) are retryable, except 501 (the server does not do this at all); business and validation
 * errors are not.
 *
 * @since 0.1.0
 * @category reasons
 */
export class ApiError extends Schema.TaggedError<ApiError>()("ApiError", {
  message: Schema.String,
  status: Schema.Number,
  code: Schema.optional(Schema.Number),
  requestId: Schema.optional(Schema.String)
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return this.status >= 500 && this.status !== 501
  }
}

/**
 * The response could not be read as the declared schema.
 *
 * @since 0.1.0
 * @category reasons
 */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  message: Schema.String
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return false
  }
}

/**
 * The input failed validation before anything was sent.
 *
 * @since 0.1.0
 * @category reasons
 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  message: Schema.String
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return false
  }
}

/**
 * A write was sent and its result is unknown (connection reset after sending, timeout, 5xx). It was not
 * re-sent, because the endpoint has no dedup key; read the state back before trying again.
 *
 * @since 0.1.0
 * @category reasons
 */
export class AmbiguousOutcome extends Schema.TaggedError<AmbiguousOutcome>()("AmbiguousOutcome", {
  message: Schema.String,
  cause: Schema.String
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return false
  }
}

/**
 * Every reason a Capillary call can fail for, outside the domain errors an endpoint declares.
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Union([
  TransportError,
  Timeout,
  RateLimited,
  Unauthorized,
  Forbidden,
  Busy,
  ApiError,
  DecodeError,
  InvalidRequest,
  AmbiguousOutcome
])

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * The error of every Capillary call: which endpoint, why, and the request id Capillary gave the response.
 *
 * @since 0.1.0
 * @category errors
 */
export class CapillaryError extends Schema.TaggedError<CapillaryError>()("CapillaryError", {
  reason: Reason,
  endpoint: Schema.String,
  attempts: Schema.Number,
  requestId: Schema.optional(Schema.String)
}) {
  /** Whether trying again can help. @since 0.1.0 */
  get retryable(): boolean {
    return this.reason.retryable
  }

  /** @since 0.1.0 */
  override get message(): string {
    const id = this.requestId === undefined ? "" : ` (request ${this.requestId})`
    return `${this.endpoint}: ${this.reason._tag}: ${this.reason.message}${id}`
  }
}
