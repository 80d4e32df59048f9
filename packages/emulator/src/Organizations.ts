/**
 * Organisations and how requests prove which one they act for: tills with Basic credentials, and OAuth clients
 * whose key and secret buy a signed, short-lived token carrying the organisation. One organisation's data is
 * never visible to another's credentials, because every behaviour is given the authenticated organisation.
 *
 * @since 0.1.0
 */
import { Auth } from "@capillary-effect/core"
import { Context, Data, Effect, Layer, Option, Random } from "effect"
import { SqlClient } from "effect/sql"
import { createHash } from "node:crypto"
import { EmulatorClock } from "./EmulatorClock.ts"
import * as Jwt from "./internal/jwt.ts"

/**
 * Who a request acts for.
 *
 * @since 0.1.0
 * @category models
 */
export interface Principal {
  readonly orgId: number
  readonly orgName: string
  /** The till the request is attributed to (the OAuth client's default till for token requests). */
  readonly tillId: number
  readonly tillCode: string
  readonly via: "basic" | "oauth"
}

/**
 * Why a request was not authenticated. `tokenExpired` and `tokenInvalid` are answered with Capillary's
 * token-error bodies (codes 498 and 401).
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthFailure extends Data.TaggedError("AuthFailure")<{
  readonly kind: "missing" | "badCredentials" | "tokenInvalid" | "tokenExpired"
  readonly message: string
}> {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Authenticates a request from its headers (lower-cased names). */
  readonly authenticate: (
    headers: Readonly<Record<string, string | undefined>>
  ) => Effect.Effect<Principal, AuthFailure>
  /** Exchanges an OAuth client's key and secret for a token; `None` when they do not match. */
  readonly issueToken: (
    key: string,
    secret: string
  ) => Effect.Effect<Option.Option<{ readonly accessToken: string; readonly ttlSeconds: number }>>
  /** Creates an organisation (used by seeds). */
  readonly createOrg: (org: { readonly id: number; readonly name: string }) => Effect.Effect<void>
  readonly createTill: (till: {
    readonly orgId: number
    readonly username: string
    readonly password: string
    readonly storeCode: string
  }) => Effect.Effect<number>
  readonly createClient: (client: {
    readonly orgId: number
    readonly name: string
    readonly key: string
    readonly secret: string
    readonly tokenTtlSeconds: number
    readonly defaultTillId: number
  }) => Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category services
 */
export class Organizations extends Context.Service<Organizations, Service>()(
  "@capillary-effect/emulator/Organizations"
) {}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex")

const secretKey = "jwt.secret"

interface TillRow {
  readonly id: number
  readonly org_id: number
  readonly org_name: string
  readonly username: string
  readonly password_md5: string
}

/**
 * The organisation store on the emulator database.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Organizations, never, SqlClient.SqlClient | EmulatorClock> = Layer.effect(
  Organizations,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const clock = yield* EmulatorClock

    // The signing secret is made once per database, so tokens stay valid across a restart with --db.
    const stored = yield* sql<{ value: string }>`SELECT value FROM meta WHERE key = ${secretKey}`.pipe(Effect.orDie)
    let secret = stored[0]?.value
    if (secret === undefined) {
      const bytes = yield* Effect.forEach(Array.from({ length: 32 }), () => Random.nextIntBetween(0, 255))
      secret = Buffer.from(bytes).toString("hex")
      yield* sql`INSERT INTO meta (key, value) VALUES (${secretKey}, ${secret})`.pipe(Effect.orDie)
    }
    const signingSecret = secret

    const tillBy = (column: "username" | "id", value: string | number) =>
      (column === "username"
        ? sql<TillRow>`SELECT t.id, t.org_id, o.name AS org_name, t.username, t.password_md5
            FROM tills t JOIN orgs o ON o.id = t.org_id WHERE t.username = ${value}`
        : sql<TillRow>`SELECT t.id, t.org_id, o.name AS org_name, t.username, t.password_md5
            FROM tills t JOIN orgs o ON o.id = t.org_id WHERE t.id = ${value}`).pipe(
          Effect.orDie,
          Effect.map((rows) => Option.fromUndefinedOr(rows[0]))
        )

    const fail = (kind: AuthFailure["kind"], message: string) => Effect.fail(new AuthFailure({ kind, message }))

    const principalOf = (till: TillRow, via: Principal["via"]): Principal => ({
      orgId: till.org_id,
      orgName: till.org_name,
      tillId: till.id,
      tillCode: till.username,
      via
    })

    const basic = (value: string) =>
      Effect.gen(function*() {
        const decoded = Buffer.from(value, "base64").toString("utf8")
        const colon = decoded.indexOf(":")
        if (colon <= 0) return yield* fail("badCredentials", "Invalid credentials")
        const till = yield* tillBy("username", decoded.slice(0, colon))
        if (Option.isNone(till) || till.value.password_md5 !== decoded.slice(colon + 1).toLowerCase()) {
          return yield* fail("badCredentials", "Invalid credentials")
        }
        return principalOf(till.value, "basic")
      })

    const oauth = (token: string) =>
      Effect.gen(function*() {
        const claims = Jwt.verify(signingSecret, token)
        if (claims === undefined) return yield* fail("tokenInvalid", "Unauthorized")
        const exp = Number(claims.exp)
        const now = yield* clock.now
        if (!Number.isFinite(exp) || now >= exp * 1000) {
          return yield* fail("tokenExpired", `Token expired at ${new Date(exp * 1000).toISOString()}`)
        }
        const till = yield* tillBy("id", Number(claims.default_till))
        if (Option.isNone(till) || till.value.org_id !== Number(claims.org_id)) {
          return yield* fail("tokenInvalid", "Unauthorized")
        }
        return principalOf(till.value, "oauth")
      })

    const authenticate = (headers: Readonly<Record<string, string | undefined>>) => {
      const token = headers[Auth.tokenHeader.toLowerCase()]
      if (token !== undefined && token !== "") return oauth(token)
      const authorization = headers.authorization
      if (authorization !== undefined && /^basic\s+/i.test(authorization)) {
        return basic(authorization.replace(/^basic\s+/i, ""))
      }
      return fail("missing", "Authentication required: Basic credentials or X-CAP-API-OAUTH-TOKEN")
    }

    const issueToken = (key: string, givenSecret: string) =>
      Effect.gen(function*() {
        const rows = yield* sql<{
          id: number
          org_id: number
          name: string
          secret_sha256: string
          token_ttl_seconds: number
          default_till_id: number
        }>`SELECT id, org_id, name, secret_sha256, token_ttl_seconds, default_till_id
           FROM oauth_clients WHERE client_key = ${key}`.pipe(Effect.orDie)
        const client = rows[0]
        if (client === undefined || client.secret_sha256 !== sha256(givenSecret)) return Option.none()
        const now = Math.floor((yield* clock.now) / 1000)
        const jti = (yield* Random.nextIntBetween(0, 2 ** 31)).toString(16)
        const accessToken = Jwt.sign(signingSecret, {
          iss: "Capillary",
          sub: client.name,
          iat: now,
          exp: now + client.token_ttl_seconds,
          jti,
          client_id: client.id,
          client_key: key,
          org_id: client.org_id,
          default_till: client.default_till_id,
          token_use: "token_access"
        })
        return Option.some({ accessToken, ttlSeconds: client.token_ttl_seconds })
      })

    const createOrg = (org: { readonly id: number; readonly name: string }) =>
      Effect.flatMap(
        clock.now,
        (now) =>
          sql`INSERT INTO orgs (id, name, created_at) VALUES (${org.id}, ${org.name}, ${now})`.pipe(
            Effect.orDie,
            Effect.asVoid
          )
      )

    const createTill = (till: {
      readonly orgId: number
      readonly username: string
      readonly password: string
      readonly storeCode: string
    }) =>
      sql<{ id: number }>`INSERT INTO tills (org_id, username, password_md5, store_code)
        VALUES (${till.orgId}, ${till.username}, ${Auth.md5Hex(till.password)}, ${till.storeCode}) RETURNING id`.pipe(
        Effect.orDie,
        Effect.map((rows) => rows[0]!.id)
      )

    const createClient = (client: {
      readonly orgId: number
      readonly name: string
      readonly key: string
      readonly secret: string
      readonly tokenTtlSeconds: number
      readonly defaultTillId: number
    }) =>
      sql`INSERT INTO oauth_clients (org_id, name, client_key, secret_sha256, token_ttl_seconds, default_till_id)
        VALUES (${client.orgId}, ${client.name}, ${client.key}, ${sha256(client.secret)}, ${client.tokenTtlSeconds},
          ${client.defaultTillId})`.pipe(Effect.orDie, Effect.asVoid)

    return Organizations.of({ authenticate, issueToken, createOrg, createTill, createClient })
  })
)
