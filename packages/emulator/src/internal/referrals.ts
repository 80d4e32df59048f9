/**
 * The referrals store on the emulator database: an organisation's referral campaigns (a token each, one of them
 * the default), each referrer's code per campaign, and the invitations they made. A code is made the first time
 * it is needed, from the referrer's first name and a hash of the organisation, campaign and customer (so it is the
 * same for the same state), unique in the organisation. Referees are not stored but found: the invitees whose
 * mobile or email a customer of the organisation registered with after the invitation was recorded. Incentives
 * are not modelled (none are ever earned). Every function runs in the caller's transaction.
 */
import { type Customer, Referral } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { reject } from "../Behaviour.ts"
import * as CustomerStore from "./customers.ts"

/** The tables (part of migration `0120_engagement`). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE referral_campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    name TEXT NOT NULL,
    is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
    UNIQUE (org_id, token)
  )`
  yield* sql`CREATE UNIQUE INDEX referral_campaigns_one_default ON referral_campaigns (org_id) WHERE is_default = 1`
  yield* sql`CREATE TABLE referral_codes (
    campaign_id INTEGER NOT NULL REFERENCES referral_campaigns (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    PRIMARY KEY (campaign_id, customer_id),
    UNIQUE (org_id, code)
  )`
  yield* sql`CREATE TABLE referral_invitees (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id INTEGER NOT NULL REFERENCES referral_campaigns (id) ON DELETE CASCADE,
    referrer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('MOBILE', 'EMAIL')),
    name TEXT,
    identifier TEXT NOT NULL,
    invited_on INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    till_code TEXT NOT NULL
  )`
  yield* sql`CREATE INDEX referral_invitees_by_referrer ON referral_invitees (referrer_id, campaign_id, id)`
})

/** 1222: the campaign token is not one of the organisation's (or it has no default campaign). */
export const invalidCampaign = () => reject(1222, "Internal error with the referral system")

/** 1206: a referral type other than MOBILE and EMAIL. */
export const typeNotSupported = () => reject(1206, "Referral type is not supported")

// ---------------------------------------------------------------------------------------------------------------
// Campaigns and codes
// ---------------------------------------------------------------------------------------------------------------

/** A campaign row. */
export interface Campaign {
  readonly id: number
  readonly token: string
}

/** Creates a campaign of an organisation (used by seeds); the first one is the default. */
export const createCampaign = Effect.fnUntraced(function*(orgId: number, token: string, name: string) {
  const sql = yield* SqlClient.SqlClient
  const [existing] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM referral_campaigns WHERE org_id = ${orgId}`
  yield* sql`INSERT INTO referral_campaigns (org_id, token, name, is_default)
    VALUES (${orgId}, ${token}, ${name}, ${existing!.n === 0 ? 1 : 0})`
})

/** The campaign a token names, or the default one when there is no token; 1222 when there is none. */
export const campaign = Effect.fnUntraced(function*(orgId: number, token: string | undefined) {
  const sql = yield* SqlClient.SqlClient
  const [found] = token === undefined
    ? yield* sql<Campaign>`SELECT id, token FROM referral_campaigns WHERE org_id = ${orgId} AND is_default = 1`
    : yield* sql<Campaign>`SELECT id, token FROM referral_campaigns WHERE org_id = ${orgId} AND token = ${token}`
  if (found === undefined) return yield* invalidCampaign()
  return found
})

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

/** FNV-1a, 32 bits. */
const hash = (text: string) => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

const suffix = (seed: string) => {
  let h = hash(seed)
  let out = ""
  for (let i = 0; i < 5; i++) {
    out += alphabet[h % alphabet.length]
    h = Math.floor(h / alphabet.length)
  }
  return out
}

/** The first name, lower case, letters and digits only, at most 8 characters; `ref` when nothing is left. */
const prefix = (firstName: string | undefined) => {
  const letters = (firstName ?? "").toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 8)
  return letters === "" ? "ref" : letters
}

const isUniqueViolation = (error: SqlError.SqlError) =>
  error.reason._tag === "UniqueViolation" || error.reason._tag === "ConstraintError"

/**
 * The referrer's code in a campaign, made and kept the first time it is asked for: the first name and a hash of
 * organisation, campaign and customer; a code already taken in the organisation is hashed again.
 */
export const codeOf = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly campaign: Campaign
  readonly referrer: Customer.Customer
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, referrer } = options
  const [kept] = yield* sql<{ code: string }>`SELECT code FROM referral_codes
    WHERE campaign_id = ${options.campaign.id} AND customer_id = ${referrer.id}`
  if (kept !== undefined) return kept.code
  const start = prefix(referrer.profiles.find((profile) => profile.firstName !== undefined)?.firstName)
  for (let attempt = 0; attempt < 64; attempt++) {
    const code = start + suffix(`${orgId}:${options.campaign.token}:${referrer.id}:${attempt}`)
    const inserted = yield* sql`INSERT INTO referral_codes (campaign_id, customer_id, org_id, code)
      VALUES (${options.campaign.id}, ${referrer.id}, ${orgId}, ${code})`.pipe(
      Effect.as(true),
      Effect.catchIf(isUniqueViolation, () => Effect.succeed(false))
    )
    if (inserted) return code
  }
  return yield* Effect.die(new Error("no free referral code after 64 attempts"))
})

/** Whether a code belongs to a referrer of the organisation, in any of its campaigns. */
export const isCode = Effect.fnUntraced(function*(orgId: number, code: string) {
  const sql = yield* SqlClient.SqlClient
  const [found] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM referral_codes
    WHERE org_id = ${orgId} AND code = ${code}`
  return found!.n > 0
})

// ---------------------------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------------------------

/** An invitation to record. */
export interface Invitation {
  readonly type: Referral.ReferralType
  readonly name: string | undefined
  readonly identifier: string
  /** When it was made, epoch milliseconds. */
  readonly invitedOn: number
}

/** Records invitations of a referrer in a campaign, at `now`, by the till. */
export const invite = Effect.fnUntraced(function*(options: {
  readonly campaign: Campaign
  readonly referrerId: number
  readonly invitations: ReadonlyArray<Invitation>
  readonly now: number
  readonly tillCode: string
}) {
  const sql = yield* SqlClient.SqlClient
  for (const invitation of options.invitations) {
    yield* sql`INSERT INTO referral_invitees
        (campaign_id, referrer_id, type, name, identifier, invited_on, recorded_at, till_code)
      VALUES (${options.campaign.id}, ${options.referrerId}, ${invitation.type}, ${invitation.name ?? null},
        ${invitation.identifier}, ${invitation.invitedOn}, ${options.now}, ${options.tillCode})`
  }
})

/** A recorded invitation. */
export interface InviteeRow {
  readonly id: number
  readonly type: Referral.ReferralType
  readonly name: string | null
  readonly identifier: string
  readonly invited_on: number
  readonly recorded_at: number
  readonly till_code: string
}

/** A referrer's invitations in a campaign, in the order they were recorded. */
export const invitees = (campaignId: number, referrerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<InviteeRow>`SELECT id, type, name, identifier, invited_on, recorded_at, till_code FROM referral_invitees
      WHERE campaign_id = ${campaignId} AND referrer_id = ${referrerId} ORDER BY id`
  )

/** An invitee who became a customer by registering after the invitation. */
export interface Referee {
  readonly customer: Customer.Customer
  /** When they registered, epoch milliseconds. */
  readonly registeredAt: number
}

/**
 * The referees among invitations: for each identifier invited, the customer of the organisation who holds it as
 * a mobile or email (any source), is not the referrer, and registered at or after the first invitation of it was
 * recorded. One per customer, in the order of the invitations.
 */
export const referees = Effect.fnUntraced(function*(
  orgId: number,
  referrerId: number,
  invited: ReadonlyArray<InviteeRow>
) {
  const found = new Map<number, Referee>()
  const seen = new Set<string>()
  for (const invitee of invited) {
    const key = `${invitee.type} ${invitee.identifier}`
    if (seen.has(key)) continue
    seen.add(key)
    const type = invitee.type === "MOBILE" ? "mobile" : "email"
    const id = yield* CustomerStore.findByIdentifier(orgId, { type, value: invitee.identifier }, { source: "ALL" })
    if (id === undefined || id === referrerId || found.has(id)) continue
    const customer = yield* CustomerStore.load(orgId, id, { source: "ALL" })
    if (customer === undefined) continue
    const registeredAt = Math.min(
      ...customer.profiles.map((profile) => Date.parse(profile.attribution?.createDate ?? "") || Infinity)
    )
    if (Number.isFinite(registeredAt) && registeredAt >= invitee.recorded_at) {
      found.set(id, { customer, registeredAt })
    }
  }
  return [...found.values()]
})

/**
 * When an invitation was made: the date given when it reads as one (`YYYY-MM-DD HH:MM:SS` without an offset is
 * taken as UTC), else the time it was recorded.
 */
export const invitationTime = (given: string | undefined, recordedAt: number) => {
  if (given === undefined) return recordedAt
  const text = given.trim()
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(text) ? text.replace(" ", "T") : text
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(iso) ? `${iso}Z` : iso
  const parsed = Date.parse(withZone)
  return Number.isFinite(parsed) ? parsed : recordedAt
}

/** Whether a referral type is one Capillary supports. */
export const isSupportedType = (type: unknown): boolean =>
  typeof type === "string" && (Referral.ReferralType.literals as ReadonlyArray<string>).includes(type)

/** Whether the database has the referrals tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'referral_campaigns'`,
    (rows) => rows[0]!.n > 0
  )
)
