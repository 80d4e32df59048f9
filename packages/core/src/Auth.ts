/**
 * Authentication: the Basic header of till credentials, the OAuth token endpoint, and the token cache that
 * refreshes a token before it expires with a single in-flight refresh shared by concurrent callers.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect, Option, Redacted, Ref, Schema, Semaphore } from "effect"
import { createHash } from "node:crypto"
import type * as Credentials from "./Credentials.ts"
import * as Endpoint from "./Endpoint.ts"
import * as Envelope from "./Envelope.ts"

/**
 * The header OAuth tokens travel in.
 *
 * @since 0.1.0
 * @category constants
 */
export const tokenHeader = "X-CAP-API-OAUTH-TOKEN"

/**
 * The lowercase-hex MD5 digest of a password, as Capillary's Basic scheme wants it.
 *
 * @since 0.1.0
 * @category basic
 */
export const md5Hex = (text: string): string => createHash("md5").update(text, "utf8").digest("hex")

/**
 * The `Authorization` header value of till credentials: `Basic base64(username + ":" + md5hex(password))`.
 *
 * @since 0.1.0
 * @category basic
 */
export const basicHeader = (credentials: Credentials.Basic): Redacted.Redacted<string> =>
  Redacted.make(
    `Basic ${
      Buffer.from(`${credentials.username}:${md5Hex(Redacted.value(credentials.password))}`, "utf8").toString("base64")
    }`
  )

/**
 * The OAuth token endpoint: `POST /v3/oauth/token/generate` with `{key, secret}`.
 *
 * @since 0.1.0
 * @category oauth
 */
export const generateToken = Endpoint.make({
  id: "core.generateToken",
  section: "Authentication",
  summary: "Exchange an API client's key and secret for an access token",
  family: "v3",
  method: "POST",
  path: "/v3/oauth/token/generate",
  body: Schema.Struct({ key: Schema.String, secret: Schema.String }),
  success: Envelope.V3(Schema.Struct({ accessToken: Schema.String, ttlSeconds: Schema.Number })),
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.noEffect
})

/**
 * An access token and how long it lives.
 *
 * @since 0.1.0
 * @category oauth
 */
export interface IssuedToken {
  readonly token: Redacted.Redacted<string>
  readonly ttl: Duration.Duration
}

/**
 * A cached token that is refreshed before expiry.
 *
 * @since 0.1.0
 * @category oauth
 */
export interface TokenCache<E> {
  /** A token valid for at least the refresh window, fetching a new one when needed. */
  readonly get: Effect.Effect<Redacted.Redacted<string>, E>
  /** Drops the cached token if it is this one (the server rejected it), so the next `get` fetches anew. */
  readonly invalidate: (token: Redacted.Redacted<string>) => Effect.Effect<void>
}

interface Cached {
  readonly token: Redacted.Redacted<string>
  readonly refreshAt: number
}

/**
 * Builds a token cache around a token fetch. A token is refreshed once `refreshWindow` (at most half its
 * lifetime) remains; concurrent callers wait for the one refresh in flight instead of starting their own.
 *
 * @since 0.1.0
 * @category oauth
 */
export const makeTokenCache = <E>(
  fetch: Effect.Effect<IssuedToken, E>,
  refreshWindow: Duration.Duration
): Effect.Effect<TokenCache<E>> =>
  Effect.gen(function*() {
    const state = yield* Ref.make(Option.none<Cached>())
    const refreshing = yield* Semaphore.make(1)

    const current = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      return Option.filter(yield* Ref.get(state), (cached) => now < cached.refreshAt)
    })

    const refresh = Effect.gen(function*() {
      // Another caller may have refreshed while this one waited for the permit.
      const fresh = yield* current
      if (Option.isSome(fresh)) return fresh.value.token
      const issued = yield* fetch
      const now = yield* Clock.currentTimeMillis
      const ttl = Duration.toMillis(issued.ttl)
      const window = Math.min(Duration.toMillis(refreshWindow), ttl / 2)
      yield* Ref.set(state, Option.some({ token: issued.token, refreshAt: now + ttl - window }))
      return issued.token
    })

    const get = Effect.flatMap(current, (cached) =>
      Option.isSome(cached) ? Effect.succeed(cached.value.token) : refreshing.withPermit(refresh))

    const invalidate = (token: Redacted.Redacted<string>) =>
      Ref.update(state, (cached) =>
        Option.isSome(cached) && Redacted.value(cached.value.token) === Redacted.value(token) ? Option.none() : cached)

    return { get, invalidate }
  })
