/**
 * The OTP store on the emulator database: each organisation's OTP settings (validity window, daily cap), the
 * OTPs issued to a mobile number or email for an action, and every send (a first issue or a re-send), which the
 * daily cap counts. Codes are drawn from Effect's `Random` seeded with the organisation and its count of OTPs,
 * so the same state always draws the same code. Every function runs in the caller's transaction.
 */
import type { Otp } from "@capillary-effect/customers"
import { Effect, Random } from "effect"
import { SqlClient } from "effect/sql"
import { reject } from "../Behaviour.ts"
import * as CustomerStore from "./customers.ts"

/** The tables (migration `0130_otp`). Ids start above 100, so no new OTP has the re-send's `createdId` 1. */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE otp_settings (
    org_id INTEGER PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    validity_seconds INTEGER NOT NULL CHECK (validity_seconds > 0),
    daily_limit INTEGER NOT NULL CHECK (daily_limit > 0)
  )`
  yield* sql`CREATE TABLE otps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    entity_type TEXT NOT NULL CHECK (entity_type IN ('MOBILE', 'EMAIL')),
    entity_value TEXT NOT NULL,
    action TEXT NOT NULL,
    code TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    valid_until INTEGER NOT NULL,
    used_at INTEGER
  )`
  yield* sql`CREATE INDEX otps_by_entity ON otps (org_id, entity_type, entity_value, issued_at)`
  yield* sql`CREATE TABLE otp_sends (
    otp_id INTEGER NOT NULL REFERENCES otps (id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    entity_type TEXT NOT NULL,
    entity_value TEXT NOT NULL,
    channels TEXT NOT NULL,
    sent_at INTEGER NOT NULL
  )`
  yield* sql`CREATE INDEX otp_sends_by_entity ON otp_sends (org_id, entity_type, entity_value, sent_at)`
  yield* sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('otps', 100)`
})

// ---------------------------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------------------------

/** An organisation's OTP settings. */
export interface Settings {
  /** How long an OTP is valid after it is issued, in seconds. */
  readonly validitySeconds: number
  /**
   * How many OTPs (issues and re-sends) one user may be sent per day (UTC): a customer over all their mobile
   * numbers and emails, or a mobile number or email no customer holds.
   */
  readonly dailyLimit: number
}

/**
 * The settings of an organisation that set none: valid 15 minutes (Capillary leaves the period to an
 * organisation setting and documents no default), 10 a day (Capillary's documented default; a newer page says
 * 500).
 */
export const defaults: Settings = { validitySeconds: 15 * 60, dailyLimit: 10 }

/** The organisation's settings, or the defaults. */
export const settings = (orgId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ validity_seconds: number; daily_limit: number }>`SELECT validity_seconds, daily_limit
        FROM otp_settings WHERE org_id = ${orgId}`,
      ([row]): Settings =>
        row === undefined ? defaults : { validitySeconds: row.validity_seconds, dailyLimit: row.daily_limit }
    )
  )

/** Sets an organisation's settings (those not given keep their value, or the default). */
export const configure = Effect.fnUntraced(function*(orgId: number, change: Partial<Settings>) {
  const sql = yield* SqlClient.SqlClient
  const current = yield* settings(orgId)
  const next = { ...current, ...change }
  yield* sql`INSERT INTO otp_settings (org_id, validity_seconds, daily_limit)
    VALUES (${orgId}, ${next.validitySeconds}, ${next.dailyLimit})
    ON CONFLICT (org_id) DO UPDATE SET validity_seconds = excluded.validity_seconds,
      daily_limit = excluded.daily_limit`
  return next
})

// ---------------------------------------------------------------------------------------------------------------
// Rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

/** 8015: no customer holds the identifier. */
const customerNotFound = () => reject(8015, "Customer not found for the given identifiers")

/** 9001: no OTP to check or read. */
const noValidOtp = (detail: string) => reject(9001, `No valid OTP found: ${detail}`)

// ---------------------------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------------------------

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/** The length of the codes the emulator issues (Capillary's samples have 6 or 7 characters). */
export const codeLength = 6

/** A code drawn from Effect's `Random`, seeded with a key, so the same state always draws the same code. */
const draw = (key: string) =>
  Effect.map(
    Effect.forEach(
      Array.from({ length: codeLength }),
      () => Random.nextIntBetween(0, alphabet.length, { halfOpen: true })
    ),
    (indexes) => indexes.map((i) => alphabet[i]).join("")
  ).pipe(Random.withSeed(key))

/** An entity as stored: the type upper-case, an email lower-case. */
const entityOf = (type: Otp.OtpEntityType, value: string) => ({
  type,
  value: type === "EMAIL" ? value.trim().toLowerCase() : value.trim()
})

const dayMillis = 24 * 60 * 60 * 1000

/** Actions for which the entity need not be a customer yet (a registration, or another purpose). */
const openActions: ReadonlySet<string> = new Set(["REGISTRATION", "GENERIC"])

interface OtpRow {
  readonly id: number
  readonly code: string
  readonly issued_at: number
  readonly valid_until: number
  readonly used_at: number | null
}

/** The mobile numbers and emails (lower-case) of a customer, in every profile: where their OTPs are sent. */
const contactsOf = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  const customer = yield* CustomerStore.load(orgId, customerId, { source: "ALL" })
  const identifiers = customer?.profiles.flatMap((profile) => profile.identifiers) ?? []
  return {
    mobiles: identifiers.filter((identifier) => identifier.type === "mobile").map(({ value }) => value),
    emails: identifiers.filter((identifier) => identifier.type === "email").map(({ value }) => value.toLowerCase())
  }
})

/** SQL conditions matching OTPs or sends of any of the contacts. */
const entityFilters = (contacts: { readonly mobiles: ReadonlyArray<string>; readonly emails: ReadonlyArray<string> }) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.succeed([
      ...(contacts.mobiles.length === 0
        ? []
        : [sql`(entity_type = 'MOBILE' AND ${sql.in("entity_value", contacts.mobiles)})`]),
      ...(contacts.emails.length === 0
        ? []
        : [sql`(entity_type = 'EMAIL' AND ${sql.in("entity_value", contacts.emails)})`])
    ])
  )

// ---------------------------------------------------------------------------------------------------------------
// Generate
// ---------------------------------------------------------------------------------------------------------------

/** What a generate did: issued a new OTP (its id), or sent the valid one again. */
export interface Generated {
  readonly otpId: number
  readonly resent: boolean
}

/**
 * Issues an OTP, or sends the valid one again:
 * - for an action other than REGISTRATION and GENERIC, the mobile number or email must be a customer's (8015);
 * - the user's sends today (UTC, emulator time), issues and re-sends, must be under the daily cap (429): those
 *   to any mobile number or email of the customer holding the entity, or to the entity when none holds it;
 * - while an OTP of the entity and action is valid and unused, its code is sent again (its window unchanged);
 * - otherwise a new code, valid for the organisation's window from now.
 */
export const generate = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Otp.OtpGenerate
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, request } = options
  const entity = entityOf(request.entityType, request.entityValue)
  const holder = yield* CustomerStore.findByIdentifier(
    orgId,
    { type: entity.type === "MOBILE" ? "mobile" : "email", value: entity.value },
    { source: "ALL" }
  )
  if (holder === undefined && !openActions.has(request.action)) return yield* customerNotFound()
  const { dailyLimit, validitySeconds } = yield* settings(orgId)
  const dayStart = Math.floor(now / dayMillis) * dayMillis
  // The cap is per user: a customer's sends to any of their mobile numbers and emails count together.
  const reached = holder === undefined ? { mobiles: [], emails: [] } : yield* contactsOf(orgId, holder)
  const entities = [
    sql`(entity_type = ${entity.type} AND entity_value = ${entity.value})`,
    ...(yield* entityFilters(reached))
  ]
  const [sent] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM otp_sends
    WHERE org_id = ${orgId} AND ${sql.or(entities)}
      AND sent_at >= ${dayStart} AND sent_at < ${dayStart + dayMillis}`
  if (sent!.n >= dailyLimit) {
    return yield* reject(429, `Rate limit exceeded: at most ${dailyLimit} OTPs a day for one user`)
  }
  const channels = JSON.stringify(request.channels.map((channel) => channel.type))
  const [valid] = yield* sql<OtpRow>`SELECT id, code, issued_at, valid_until, used_at FROM otps
    WHERE org_id = ${orgId} AND entity_type = ${entity.type} AND entity_value = ${entity.value}
      AND action = ${request.action} AND used_at IS NULL AND valid_until > ${now}
    ORDER BY issued_at DESC, id DESC LIMIT 1`
  if (valid !== undefined) {
    yield* sql`INSERT INTO otp_sends (otp_id, org_id, entity_type, entity_value, channels, sent_at)
      VALUES (${valid.id}, ${orgId}, ${entity.type}, ${entity.value}, ${channels}, ${now})`
    return { otpId: valid.id, resent: true } satisfies Generated
  }
  const [issued] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM otps WHERE org_id = ${orgId}`
  const code = yield* draw(`otp:${orgId}:${issued!.n}`)
  const [row] = yield* sql<{ id: number }>`INSERT INTO otps
      (org_id, entity_type, entity_value, action, code, issued_at, valid_until, used_at)
    VALUES (${orgId}, ${entity.type}, ${entity.value}, ${request.action}, ${code}, ${now},
      ${now + validitySeconds * 1000}, NULL)
    RETURNING id`
  yield* sql`INSERT INTO otp_sends (otp_id, org_id, entity_type, entity_value, channels, sent_at)
    VALUES (${row!.id}, ${orgId}, ${entity.type}, ${entity.value}, ${channels}, ${now})`
  return { otpId: row!.id, resent: false } satisfies Generated
})

// ---------------------------------------------------------------------------------------------------------------
// Validate
// ---------------------------------------------------------------------------------------------------------------

/**
 * Checks a code against the latest OTP of the entity (for the action, when given): none issued, or already used,
 * is 9001; expired is 605; a code that differs is `false`; the same code (compared without regard to case) is
 * `true`, and uses the OTP up.
 */
export const validate = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Otp.OtpValidate
  readonly code: string
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, request } = options
  const entity = entityOf(request.entityType, request.entityValue)
  const [latest] = yield* sql<OtpRow>`SELECT id, code, issued_at, valid_until, used_at FROM otps
    WHERE ${
    sql.and([
      sql`org_id = ${orgId}`,
      sql`entity_type = ${entity.type}`,
      sql`entity_value = ${entity.value}`,
      ...(request.action === undefined ? [] : [sql`action = ${request.action}`])
    ])
  } ORDER BY issued_at DESC, id DESC LIMIT 1`
  if (latest === undefined) return yield* noValidOtp("none was issued for the entity")
  if (latest.used_at !== null) return yield* noValidOtp("the last OTP was already used")
  if (latest.valid_until <= now) return yield* reject(605, "OTP is invalid or expired")
  if (latest.code !== options.code.trim().toUpperCase()) return false
  yield* sql`UPDATE otps SET used_at = ${now} WHERE id = ${latest.id}`
  return true
})

// ---------------------------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------------------------

/** The OTP a read finds: the customer, the code and until when it is valid. */
export interface Found {
  readonly customerId: number
  readonly code: string
  readonly validUntil: number
}

/**
 * The latest valid (unexpired, unused) OTP of a customer, sent to any of their mobile numbers or emails, issued
 * within the last `threshold` seconds and for the action `scope` when given: 8015 when no customer holds the
 * identifier, 9001 when there is no such OTP.
 */
export const latest = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly query: Otp.OtpQuery
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, query } = options
  const type = query.identifierName === "external_id" ? "externalId" : query.identifierName
  const customerId = yield* CustomerStore.findByIdentifier(orgId, { type, value: query.identifierValue }, {
    source: query.source ?? "ALL",
    accountId: query.accountId
  })
  if (customerId === undefined) return yield* customerNotFound()
  const entities = yield* entityFilters(yield* contactsOf(orgId, customerId))
  if (entities.length === 0) return yield* noValidOtp("the customer has no mobile number or email")
  const [row] = yield* sql<OtpRow>`SELECT id, code, issued_at, valid_until, used_at FROM otps
    WHERE ${
    sql.and([
      sql`org_id = ${orgId}`,
      sql.or(entities),
      sql`used_at IS NULL`,
      sql`valid_until > ${now}`,
      ...(query.scope === undefined ? [] : [sql`action = ${query.scope}`]),
      ...(query.threshold === undefined ? [] : [sql`issued_at >= ${now - query.threshold * 1000}`])
    ])
  } ORDER BY issued_at DESC, id DESC LIMIT 1`
  if (row === undefined) return yield* noValidOtp("no unexpired, unused OTP matches")
  return { customerId, code: row.code, validUntil: row.valid_until } satisfies Found
})

/** Whether the database has the OTP tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'otps'`,
    (rows) => rows[0]!.n > 0
  )
)
