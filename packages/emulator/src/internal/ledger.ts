/**
 * The points ledger on the emulator database: double entry, per organisation. Every wallet is an account of an
 * owner (a customer, a user group) in a program and a bucket (`MAIN`: redeemable; `PROMISED`: not yet); the
 * organisation has its own accounts in each program (`ISSUED`: where awarded points come from; `REDEEMED`,
 * `EXPIRED`, `RETURNED`, `ADJUSTED`: where points that leave a wallet go). Each event (an award, a redemption, a
 * transfer, ...) appends entries that sum to zero, and moves the accounts' balances by the same amounts, in the
 * caller's transaction. So, at every commit:
 * - the entries of an event, of an organisation and of the whole ledger sum to zero;
 * - an account's balance is the sum of its entries;
 * - no wallet's balance is below zero: a debit is a conditional UPDATE (`balance + amount >= 0`) whose missing
 *   row fails the event with 804 before anything is committed, and a CHECK constraint backs it.
 * Points are kept in thousandths, as integers, so sums are exact (Capillary allows three decimals).
 *
 * Each wallet also keeps running totals: `lifetime` (points in: awards, unlocked promised points, transfers in),
 * `redeemed`, `expired`, `returned` (taken back for a returned bill) and `adjusted` (points taken out by
 * adjustments and transfers out), so that for a MAIN account
 * `balance = lifetime - redeemed - expired - returned - adjusted`.
 *
 * Lots (migration `0410_points_lots`): every credit of a wallet is also a lot with its points type
 * (`customer_promotions` unless told, `bill_regular`, ...) and what is left of it, so that a wallet's balance is
 * the sum of its lots' remaining points. A MAIN lot expires at the end of its `expires_on` day (UTC), from the
 * program's expiry rule (`points_expiry_days` after the award, `NULL` never; `rolling` rules move every rolling
 * lot of the wallet to the latest award's date); a PROMISED lot becomes redeemable on the morning of its
 * `redeemable_from` day, `promised_delay_days` after the morning after the award. Debits (redemptions,
 * expiries, returns, deductions, transfers out) consume MAIN lots first-to-expire first; unlocking consumes
 * PROMISED lots first-to-unlock first and opens MAIN lots. `settle(orgId, now)` posts the expiries and unlocks
 * that are due, in time order, each event dated when it fell due; every write settles its organisation first,
 * and reads call it before reading, so the ledger is always as Capillary's nightly jobs would have left it.
 *
 * Tiers: after every event, a wallet's tier (its lifetime points against the program's `tiers` thresholds) is
 * compared with the last one recorded in `tier_changes`; a wallet's first event records its `INITIAL` tier (the
 * lowest), then an `UPGRADE` (or `DOWNGRADE`) when the tier it reached differs. A MAIN wallet may also hold a tier
 * floor (migration `0420_tier_floors`: a program enrolment's `tierNumber`, until its `tierExpiryDate` or for
 * good): the wallet's tier is then at least the floor's. `settle` lifts a floor at its end (the tier falls back
 * to the one the lifetime points reach, logged as a `DOWNGRADE` dated at the floor's end).
 *
 * Enrolment: a wallet is open in a program once its owner was enrolled there (`enrol`) or had points there.
 * `moveWallets` moves every lot of an owner's wallets (and the tier floors) to another owner, as a merge does.
 */
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { reject } from "../Behaviour.ts"
import { dayOf, isoSeconds } from "./dates.ts"

/** The tables (migration `0400_points_ledger`). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE points_accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    owner_type TEXT NOT NULL CHECK (owner_type IN ('ORG', 'CUSTOMER', 'USERGROUP2')),
    owner_id INTEGER NOT NULL,
    program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    bucket TEXT NOT NULL CHECK (bucket IN ('MAIN', 'PROMISED', 'ISSUED', 'REDEEMED', 'EXPIRED', 'RETURNED', 'ADJUSTED')),
    balance INTEGER NOT NULL DEFAULT 0,
    lifetime INTEGER NOT NULL DEFAULT 0,
    redeemed INTEGER NOT NULL DEFAULT 0,
    expired INTEGER NOT NULL DEFAULT 0,
    returned INTEGER NOT NULL DEFAULT 0,
    adjusted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_id, owner_type, owner_id, program_id, bucket),
    CHECK ((owner_type = 'ORG') = (bucket NOT IN ('MAIN', 'PROMISED'))),
    CHECK (owner_type = 'ORG' OR balance >= 0)
  )`
  yield* sql`CREATE TABLE ledger_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    event_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('AWARD', 'REDEEM', 'EXPIRE', 'RETURN', 'ADJUST', 'UNLOCK', 'TRANSFER')),
    notes TEXT NOT NULL,
    till_id INTEGER REFERENCES tills (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
  )`
  yield* sql`CREATE INDEX ledger_events_by_org ON ledger_events (org_id, created_at)`
  yield* sql`CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES ledger_events (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES points_accounts (id) ON DELETE CASCADE,
    amount INTEGER NOT NULL CHECK (amount <> 0)
  )`
  yield* sql`CREATE INDEX ledger_entries_by_event ON ledger_entries (event_id)`
  yield* sql`CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, event_id)`
  yield* sql`CREATE TABLE points_transfers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES ledger_events (id) ON DELETE CASCADE,
    from_type TEXT NOT NULL,
    from_id INTEGER NOT NULL,
    from_program INTEGER NOT NULL,
    to_type TEXT NOT NULL,
    to_id INTEGER NOT NULL,
    to_program INTEGER NOT NULL,
    points INTEGER NOT NULL CHECK (points > 0),
    notes TEXT NOT NULL,
    transferred_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  )`
  yield* sql`CREATE INDEX points_transfers_from ON points_transfers (org_id, from_type, from_id)`
  yield* sql`CREATE INDEX points_transfers_to ON points_transfers (org_id, to_type, to_id)`
})

/**
 * The loyalty additions (migration `0410_points_lots`): each program's expiry and delayed accrual rules, the lots
 * of every wallet, and the log of tier changes. Existing balances become one lot each (dated by their last
 * event) and existing wallets get their tier history, so that a database from before the migration keeps its
 * invariants.
 */
export const createLots = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE programs ADD COLUMN points_expiry_days INTEGER DEFAULT 365
    CHECK (points_expiry_days IS NULL OR points_expiry_days >= 0)`
  yield* sql`ALTER TABLE programs ADD COLUMN points_expiry_type TEXT NOT NULL DEFAULT 'fixed'
    CHECK (points_expiry_type IN ('fixed', 'rolling'))`
  yield* sql`ALTER TABLE programs ADD COLUMN promised_delay_days INTEGER NOT NULL DEFAULT 7
    CHECK (promised_delay_days >= 0)`
  yield* sql`CREATE TABLE points_lots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES points_accounts (id) ON DELETE CASCADE,
    bucket TEXT NOT NULL CHECK (bucket IN ('MAIN', 'PROMISED')),
    event_id INTEGER REFERENCES ledger_events (id) ON DELETE CASCADE,
    points_type TEXT NOT NULL,
    awarded INTEGER NOT NULL CHECK (awarded > 0),
    remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= awarded),
    expires_on TEXT,
    expiry_type TEXT NOT NULL CHECK (expiry_type IN ('fixed', 'rolling')),
    redeemable_from TEXT,
    created_at INTEGER NOT NULL,
    CHECK (bucket = 'MAIN' OR redeemable_from IS NOT NULL)
  )`
  yield* sql`CREATE INDEX points_lots_by_account ON points_lots (account_id, remaining)`
  yield* sql`CREATE INDEX points_lots_expiring ON points_lots (org_id, expires_on) WHERE remaining > 0`
  yield* sql`CREATE INDEX points_lots_unlocking ON points_lots (org_id, redeemable_from) WHERE remaining > 0`
  yield* sql`CREATE TABLE tier_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    owner_type TEXT NOT NULL CHECK (owner_type IN ('CUSTOMER', 'USERGROUP2')),
    owner_id INTEGER NOT NULL,
    program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    from_serial INTEGER,
    from_name TEXT,
    to_serial INTEGER NOT NULL,
    to_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('INITIAL', 'UPGRADE', 'DOWNGRADE', 'RENEWAL')),
    event_id INTEGER REFERENCES ledger_events (id) ON DELETE SET NULL,
    changed_at INTEGER NOT NULL
  )`
  yield* sql`CREATE INDEX tier_changes_by_owner ON tier_changes (org_id, owner_type, owner_id, program_id, id)`
  // Backfill: one lot per wallet balance, dated by the wallet's last event; the tier history of each wallet.
  const wallets = yield* sql<{
    id: number
    org_id: number
    owner_type: OwnerType
    owner_id: number
    program_id: number
    bucket: Bucket
    balance: number
    lifetime: number
    first_event: number | null
    first_at: number | null
    last_event: number | null
    last_at: number | null
    points_expiry_days: number | null
    points_expiry_type: ExpiryType
    promised_delay_days: number
  }>`SELECT a.id, a.org_id, a.owner_type, a.owner_id, a.program_id, a.bucket, a.balance, a.lifetime,
      (SELECT MIN(en.event_id) FROM ledger_entries en WHERE en.account_id = a.id) AS first_event,
      (SELECT MIN(ev.created_at) FROM ledger_entries en JOIN ledger_events ev ON ev.id = en.event_id
        WHERE en.account_id = a.id) AS first_at,
      (SELECT MAX(en.event_id) FROM ledger_entries en WHERE en.account_id = a.id) AS last_event,
      (SELECT MAX(ev.created_at) FROM ledger_entries en JOIN ledger_events ev ON ev.id = en.event_id
        WHERE en.account_id = a.id) AS last_at,
      p.points_expiry_days, p.points_expiry_type, p.promised_delay_days
    FROM points_accounts a JOIN programs p ON p.id = a.program_id
    WHERE a.owner_type <> 'ORG' ORDER BY a.id`
  for (const row of wallets) {
    if (row.last_at === null) continue
    const day = dayOf(row.last_at)
    if (row.balance > 0) {
      yield* sql`INSERT INTO points_lots (org_id, account_id, bucket, event_id, points_type, awarded, remaining,
          expires_on, expiry_type, redeemable_from, created_at)
        VALUES (${row.org_id}, ${row.id}, ${row.bucket}, ${row.last_event}, ${defaultPointsType}, ${row.balance},
          ${row.balance},
          ${row.bucket === "MAIN" && row.points_expiry_days !== null ? addDays(day, row.points_expiry_days) : null},
          ${row.points_expiry_type},
          ${row.bucket === "PROMISED" ? addDays(day, row.promised_delay_days + 1) : null}, ${row.last_at})`
    }
    if (row.bucket !== "MAIN" || row.first_at === null) continue
    const tiers = yield* tiersOf(row.program_id)
    const [lowest] = tiers
    if (lowest === undefined) continue
    yield* sql`INSERT INTO tier_changes (org_id, owner_type, owner_id, program_id, from_serial, from_name, to_serial,
        to_name, kind, event_id, changed_at)
      VALUES (${row.org_id}, ${row.owner_type}, ${row.owner_id}, ${row.program_id}, NULL, NULL, ${lowest.serial},
        ${lowest.name}, 'INITIAL', ${row.first_event}, ${row.first_at})`
    const reached = tierFor(tiers, row.lifetime)!
    if (reached.serial !== lowest.serial) {
      yield* sql`INSERT INTO tier_changes (org_id, owner_type, owner_id, program_id, from_serial, from_name,
          to_serial, to_name, kind, event_id, changed_at)
        VALUES (${row.org_id}, ${row.owner_type}, ${row.owner_id}, ${row.program_id}, ${lowest.serial},
          ${lowest.name}, ${reached.serial}, ${reached.name}, 'UPGRADE', ${row.last_event}, ${row.last_at})`
    }
  }
})

/**
 * The tier floors (migration `0420_tier_floors`): a MAIN wallet's lowest tier (`tier_floor`, a tier serial of its
 * program) and when the floor ends (`tier_floor_until`, epoch milliseconds; `NULL`: it does not end).
 */
export const createTierFloors = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE points_accounts ADD COLUMN tier_floor INTEGER`
  yield* sql`ALTER TABLE points_accounts ADD COLUMN tier_floor_until INTEGER`
  yield* sql`CREATE INDEX points_accounts_tier_floors ON points_accounts (org_id, tier_floor_until)
    WHERE tier_floor IS NOT NULL`
})

// ---------------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------------

/** Points in thousandths: exact for the three decimals Capillary allows. */
export const toMilli = (points: number) => Math.round(points * 1000)

/** Thousandths back to points. */
export const fromMilli = (milli: number) => milli / 1000

const dayMillis = 24 * 60 * 60 * 1000

/** The first millisecond of a UTC day (`YYYY-MM-DD`). */
export const startOfDay = (day: string) => Date.parse(`${day}T00:00:00.000Z`)

/** A UTC day moved by a number of days. */
export const addDays = (day: string, days: number) => dayOf(startOfDay(day) + days * dayMillis)

/** How a lot's expiry date was set: once (`fixed`), or moved by every later award (`rolling`). */
export type ExpiryType = "fixed" | "rolling"

/** The points type of an award that names none (API awards, transfers in). */
export const defaultPointsType = "customer_promotions"

/** Who owns a wallet. */
export type OwnerType = "CUSTOMER" | "USERGROUP2"

/** A wallet's owner in an organisation. */
export interface Owner {
  readonly orgId: number
  readonly type: OwnerType
  readonly id: number
}

/** A wallet's bucket: redeemable or promised. */
export type Bucket = "MAIN" | "PROMISED"

/** Where points that leave (or enter) the organisation's wallets are counted. */
type OrgBucket = "ISSUED" | "REDEEMED" | "EXPIRED" | "RETURNED" | "ADJUSTED"

/** 804: the wallet has fewer points than the event takes. */
export const insufficientPoints = () => reject(804, "Insufficient current points")

// ---------------------------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------------------------

/** A program row. */
export interface ProgramRow {
  readonly id: number
  readonly name: string
  readonly description: string
  readonly is_default: number
  readonly is_group: number
  readonly points_to_currency_ratio: number
}

/** The organisation's programs, by id. */
export const programs = (orgId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<ProgramRow>`SELECT id, name, description, is_default, is_group, points_to_currency_ratio FROM programs
      WHERE org_id = ${orgId} ORDER BY id`
  )

/** A program of the organisation, if it is one. */
export const program = (orgId: number, programId: number) =>
  Effect.map(programs(orgId), (rows) => rows.find((row) => row.id === programId))

/**
 * The program a wallet is in when none is named: a customer's is the organisation's default program; a group's is
 * its group program (the default one when it has none).
 */
export const defaultProgram = (orgId: number, type: OwnerType) =>
  Effect.map(programs(orgId), (rows) =>
    (type === "USERGROUP2" ? rows.find((row) => row.is_group === 1) : undefined) ??
      rows.find((row) => row.is_default === 1) ?? rows[0])

/** A program's points rules (migration `0410_points_lots`). */
export interface ProgramRule {
  /** Days from an award to its expiry date; `null`: the points never expire. */
  readonly expiryDays: number | null
  readonly expiryType: ExpiryType
  /** Days after the morning after an award before promised points become redeemable. */
  readonly promisedDelayDays: number
}

/** A program's points rules (never-expiring, fixed, no delay when the program is not the organisation's). */
export const programRule = (programId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ points_expiry_days: number | null; points_expiry_type: ExpiryType; promised_delay_days: number }>`
        SELECT points_expiry_days, points_expiry_type, promised_delay_days FROM programs WHERE id = ${programId}`,
      (rows): ProgramRule => ({
        expiryDays: rows[0]?.points_expiry_days ?? null,
        expiryType: rows[0]?.points_expiry_type ?? "fixed",
        promisedDelayDays: rows[0]?.promised_delay_days ?? 0
      })
    )
  )

/** Sets a program's points rules (seeds and tests). */
export const setProgramRule = (programId: number, rule: ProgramRule) =>
  SqlClient.SqlClient.use((sql) =>
    sql`UPDATE programs SET points_expiry_days = ${rule.expiryDays}, points_expiry_type = ${rule.expiryType},
      promised_delay_days = ${rule.promisedDelayDays} WHERE id = ${programId}`.pipe(Effect.asVoid)
  )

/** A tier of a program. */
export interface TierRow {
  readonly serial: number
  readonly name: string
  readonly description: string
  readonly threshold: number
}

/** A program's tiers, lowest first. */
export const tiersOf = (programId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<TierRow>`SELECT serial, name, description, threshold FROM tiers WHERE program_id = ${programId}
      ORDER BY serial`
  )

/** The tier a wallet with these lifetime points (thousandths) is in: the highest reached, else the lowest. */
export const tierFor = (tiers: ReadonlyArray<TierRow>, lifetimeMilli: number) => {
  const reached = tiers.filter((tier) => fromMilli(lifetimeMilli) >= tier.threshold)
  return reached[reached.length - 1] ?? tiers[0]
}

/** A MAIN wallet's tier floor: its lowest tier, until when (epoch milliseconds; undefined: for good). */
export interface TierFloor {
  readonly serial: number
  readonly until: number | undefined
}

/**
 * The tier of a wallet with these lifetime points (thousandths) and this floor: the floor's tier when it is
 * higher than the one the points reach, else that one.
 */
export const tierWithFloor = (
  tiers: ReadonlyArray<TierRow>,
  lifetimeMilli: number,
  floor: TierFloor | undefined
) => {
  const reached = tierFor(tiers, lifetimeMilli)
  const floored = floor === undefined ? undefined : tiers.find((tier) => tier.serial === floor.serial)
  return floored !== undefined && (reached === undefined || floored.serial > reached.serial) ? floored : reached
}

/** An owner's MAIN wallet in a program: its lifetime points (thousandths) and tier floor (none if never opened). */
const mainWallet = (owner: Owner, programId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ id: number; lifetime: number; tier_floor: number | null; tier_floor_until: number | null }>`
        SELECT id, lifetime, tier_floor, tier_floor_until FROM points_accounts
        WHERE org_id = ${owner.orgId} AND owner_type = ${owner.type} AND owner_id = ${owner.id}
          AND program_id = ${programId} AND bucket = 'MAIN'`,
      ([row]) =>
        row === undefined ? undefined : {
          id: row.id,
          lifetime: row.lifetime,
          floor: row.tier_floor === null
            ? undefined
            : { serial: row.tier_floor, until: row.tier_floor_until ?? undefined } satisfies TierFloor
        }
    )
  )

/** An owner's tier floor in a program, if its MAIN wallet has one. */
export const tierFloor = (owner: Owner, programId: number) =>
  Effect.map(mainWallet(owner, programId), (row) => row?.floor)

// ---------------------------------------------------------------------------------------------------------------
// Accounts and events
// ---------------------------------------------------------------------------------------------------------------

interface AccountKey {
  readonly orgId: number
  readonly ownerType: OwnerType | "ORG"
  readonly ownerId: number
  readonly programId: number
  readonly bucket: Bucket | OrgBucket
}

/** The account's id; it is opened, empty, the first time it is needed. */
const account = (key: AccountKey) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.gen(function*() {
      yield* sql`INSERT INTO points_accounts (org_id, owner_type, owner_id, program_id, bucket)
        VALUES (${key.orgId}, ${key.ownerType}, ${key.ownerId}, ${key.programId}, ${key.bucket})
        ON CONFLICT (org_id, owner_type, owner_id, program_id, bucket) DO NOTHING`
      const [row] = yield* sql<{ id: number }>`SELECT id FROM points_accounts
        WHERE org_id = ${key.orgId} AND owner_type = ${key.ownerType} AND owner_id = ${key.ownerId}
          AND program_id = ${key.programId} AND bucket = ${key.bucket}`
      return row!.id
    })
  )

const wallet = (owner: Owner, programId: number, bucket: Bucket) =>
  account({ orgId: owner.orgId, ownerType: owner.type, ownerId: owner.id, programId, bucket })

const orgAccount = (orgId: number, programId: number, bucket: OrgBucket) =>
  account({ orgId, ownerType: "ORG", ownerId: orgId, programId, bucket })

/** What one leg of an event does to its account's running totals (thousandths). */
interface Totals {
  readonly lifetime?: number
  readonly redeemed?: number
  readonly expired?: number
  readonly returned?: number
  readonly adjusted?: number
}

/** One entry of an event: an amount (credit > 0, debit < 0, thousandths) on an account. */
interface Leg {
  readonly account: number
  readonly amount: number
  /** A wallet: a debit must leave it at zero or more. */
  readonly guarded: boolean
  readonly totals?: Totals
}

/** What an event is. */
interface EventInfo {
  readonly orgId: number
  readonly eventName: string
  readonly kind: "AWARD" | "REDEEM" | "EXPIRE" | "RETURN" | "ADJUST" | "UNLOCK" | "TRANSFER"
  readonly notes: string
  readonly tillId: number | undefined
  readonly now: number
}

/**
 * Appends an event and its entries and moves the balances, in the caller's transaction: the entries must sum to
 * zero (a defect otherwise), and a debit of a wallet that would go below zero fails the whole event with 804.
 */
const post = Effect.fnUntraced(function*(event: EventInfo, legs: ReadonlyArray<Leg>) {
  const sql = yield* SqlClient.SqlClient
  if (legs.reduce((sum, leg) => sum + leg.amount, 0) !== 0 || legs.some((leg) => leg.amount === 0)) {
    return yield* Effect.die(new Error(`unbalanced ledger event ${event.eventName}`))
  }
  const [created] = yield* sql<{ id: number }>`INSERT INTO ledger_events
      (org_id, event_name, kind, notes, till_id, created_at)
    VALUES (${event.orgId}, ${event.eventName}, ${event.kind}, ${event.notes}, ${event.tillId ?? null}, ${event.now})
    RETURNING id`
  const eventId = created!.id
  for (const leg of legs) {
    const totals = leg.totals ?? {}
    const moved = yield* sql<{ balance: number }>`UPDATE points_accounts
      SET balance = balance + ${leg.amount},
        lifetime = lifetime + ${totals.lifetime ?? 0},
        redeemed = redeemed + ${totals.redeemed ?? 0},
        expired = expired + ${totals.expired ?? 0},
        returned = returned + ${totals.returned ?? 0},
        adjusted = adjusted + ${totals.adjusted ?? 0}
      WHERE id = ${leg.account} AND (${leg.guarded ? 1 : 0} = 0 OR balance + ${leg.amount} >= 0)
      RETURNING balance`
    // No row: the guard refused the debit. The caller's transaction rolls back what this event wrote so far.
    if (moved.length === 0) return yield* insufficientPoints()
    yield* sql`INSERT INTO ledger_entries (event_id, account_id, amount) VALUES (${eventId}, ${leg.account}, ${leg.amount})`
  }
  const [check] = yield* sql<{ total: number | null }>`SELECT SUM(amount) AS total FROM ledger_entries
    WHERE event_id = ${eventId}`
  if ((check?.total ?? 0) !== 0) return yield* Effect.die(new Error(`ledger event ${eventId} does not sum to zero`))
  return eventId
})

/** Where an event happened and why (all optional). */
export interface EventOptions {
  readonly eventName?: string | undefined
  readonly notes?: string | undefined
  readonly tillId?: number | undefined
  readonly now: number
}

const positive = (points: number) =>
  Number.isFinite(points) && points > 0 && toMilli(points) > 0
    ? Effect.succeed(toMilli(points))
    : Effect.fail(reject(801, "Points you are trying to process are invalid"))

// ---------------------------------------------------------------------------------------------------------------
// Lots
// ---------------------------------------------------------------------------------------------------------------

/** Where a new lot goes and what it is. */
interface NewLot {
  readonly owner: Owner
  readonly programId: number
  readonly bucket: Bucket
  readonly account: number
  readonly eventId: number
  readonly milli: number
  readonly pointsType: string
  readonly now: number
  /** Overrides the program's expiry rule (MAIN). */
  readonly expiresOn?: string | undefined
  /** Overrides the program's delay (PROMISED). */
  readonly redeemableFrom?: string | undefined
}

/** Opens a lot; a MAIN lot of a rolling program moves the wallet's other rolling lots to its expiry date. */
const openLot = Effect.fnUntraced(function*(lot: NewLot) {
  const sql = yield* SqlClient.SqlClient
  const rule = yield* programRule(lot.programId)
  const day = dayOf(lot.now)
  const expiresOn = lot.bucket === "MAIN"
    ? lot.expiresOn ?? (rule.expiryDays === null ? null : addDays(day, rule.expiryDays))
    : null
  const redeemableFrom = lot.bucket === "PROMISED"
    ? lot.redeemableFrom ?? addDays(day, rule.promisedDelayDays + 1)
    : null
  yield* sql`INSERT INTO points_lots (org_id, account_id, bucket, event_id, points_type, awarded, remaining, expires_on,
      expiry_type, redeemable_from, created_at)
    VALUES (${lot.owner.orgId}, ${lot.account}, ${lot.bucket}, ${lot.eventId}, ${lot.pointsType}, ${lot.milli},
      ${lot.milli}, ${expiresOn}, ${rule.expiryType}, ${redeemableFrom}, ${lot.now})`
  if (lot.bucket === "MAIN" && rule.expiryType === "rolling" && expiresOn !== null) {
    yield* sql`UPDATE points_lots SET expires_on = ${expiresOn}
      WHERE account_id = ${lot.account} AND bucket = 'MAIN' AND remaining > 0 AND expiry_type = 'rolling'
        AND expires_on IS NOT NULL AND expires_on < ${expiresOn}`
  }
})

/** A consumed part of a lot. */
interface Consumed {
  readonly pointsType: string
  readonly milli: number
}

/**
 * Takes points out of a wallet's lots: MAIN lots first-to-expire first (never-expiring ones last), PROMISED lots
 * first-to-unlock first. The balance guard of the event already made sure there are enough; fewer is a defect.
 */
const consumeLots = Effect.fnUntraced(function*(account: number, milli: number) {
  const sql = yield* SqlClient.SqlClient
  const lots = yield* sql<{ id: number; remaining: number; points_type: string }>`
    SELECT id, remaining, points_type FROM points_lots WHERE account_id = ${account} AND remaining > 0
    ORDER BY expires_on IS NULL, expires_on, redeemable_from, id`
  let left = milli
  const consumed: Array<Consumed> = []
  for (const lot of lots) {
    if (left === 0) break
    const take = Math.min(left, lot.remaining)
    yield* sql`UPDATE points_lots SET remaining = remaining - ${take} WHERE id = ${lot.id}`
    consumed.push({ pointsType: lot.points_type, milli: take })
    left -= take
  }
  if (left > 0) return yield* Effect.die(new Error(`the lots of account ${account} hold less than its balance`))
  return consumed
})

// ---------------------------------------------------------------------------------------------------------------
// Tiers
// ---------------------------------------------------------------------------------------------------------------

/** How a wallet's tier changed. */
export type TierChangeKind = "UPGRADE" | "DOWNGRADE" | "RENEWAL" | "INITIAL"

/**
 * Records a wallet's tier after an event (or a change of its floor, `eventId` null): its INITIAL tier (the lowest)
 * the first time, then the tier it is in (its lifetime points, lifted to its floor) when it differs from the last
 * one recorded. Answers whether it recorded a change of tier.
 */
const recordTier = Effect.fnUntraced(function*(
  owner: Owner,
  programId: number,
  eventId: number | null,
  now: number
) {
  const sql = yield* SqlClient.SqlClient
  const tiers = yield* tiersOf(programId)
  const lowest = tiers[0]
  if (lowest === undefined) return false
  const main = yield* mainWallet(owner, programId)
  const reached = tierWithFloor(tiers, main?.lifetime ?? 0, main?.floor)!
  const [last] = yield* sql<{ to_serial: number; to_name: string }>`SELECT to_serial, to_name FROM tier_changes
    WHERE org_id = ${owner.orgId} AND owner_type = ${owner.type} AND owner_id = ${owner.id}
      AND program_id = ${programId}
    ORDER BY id DESC LIMIT 1`
  let current = last === undefined ? undefined : { serial: last.to_serial, name: last.to_name }
  if (current === undefined) {
    yield* sql`INSERT INTO tier_changes (org_id, owner_type, owner_id, program_id, from_serial, from_name, to_serial,
        to_name, kind, event_id, changed_at)
      VALUES (${owner.orgId}, ${owner.type}, ${owner.id}, ${programId}, NULL, NULL, ${lowest.serial}, ${lowest.name},
        'INITIAL', ${eventId}, ${now})`
    current = { serial: lowest.serial, name: lowest.name }
  }
  if (reached.serial === current.serial) return false
  const kind: TierChangeKind = reached.serial > current.serial ? "UPGRADE" : "DOWNGRADE"
  yield* sql`INSERT INTO tier_changes (org_id, owner_type, owner_id, program_id, from_serial, from_name, to_serial,
      to_name, kind, event_id, changed_at)
    VALUES (${owner.orgId}, ${owner.type}, ${owner.id}, ${programId}, ${current.serial}, ${current.name},
      ${reached.serial}, ${reached.name}, ${kind}, ${eventId}, ${now})`
  return true
})

// ---------------------------------------------------------------------------------------------------------------
// Events, as they are written once the organisation is settled
// ---------------------------------------------------------------------------------------------------------------

/** What an award is: its bucket (MAIN by default), points type, and the dates that override the program's. */
export interface AwardOptions {
  readonly bucket?: Bucket | undefined
  /** `customer_promotions` when absent. */
  readonly pointsType?: string | undefined
  /** `YYYY-MM-DD`: the MAIN lot's expiry date instead of the program's rule. */
  readonly expiresOn?: string | undefined
  /** `YYYY-MM-DD`: the PROMISED lot's unlock date instead of the program's delay. */
  readonly redeemableFrom?: string | undefined
}

const awardNow = Effect.fnUntraced(function*(
  owner: Owner,
  programId: number,
  milli: number,
  options: EventOptions & AwardOptions
) {
  const bucket = options.bucket ?? "MAIN"
  const account = yield* wallet(owner, programId, bucket)
  const eventId = yield* post(
    {
      orgId: owner.orgId,
      eventName: options.eventName ?? "PointsAllocation",
      kind: "AWARD",
      notes: options.notes ?? "",
      tillId: options.tillId,
      now: options.now
    },
    [
      { account: yield* orgAccount(owner.orgId, programId, "ISSUED"), amount: -milli, guarded: false },
      { account, amount: milli, guarded: true, totals: bucket === "MAIN" ? { lifetime: milli } : {} }
    ]
  )
  yield* openLot({
    owner,
    programId,
    bucket,
    account,
    eventId,
    milli,
    pointsType: options.pointsType ?? defaultPointsType,
    now: options.now,
    expiresOn: options.expiresOn,
    redeemableFrom: options.redeemableFrom
  })
  yield* recordTier(owner, programId, eventId, options.now)
  return eventId
})

type TakeOutKind = "REDEEM" | "EXPIRE" | "RETURN" | "ADJUST"

const sinks: Record<TakeOutKind, { readonly sink: OrgBucket; readonly total: keyof Totals; readonly name: string }> = {
  REDEEM: { sink: "REDEEMED", total: "redeemed", name: "PointsRedemption" },
  EXPIRE: { sink: "EXPIRED", total: "expired", name: "PointsExpiry" },
  RETURN: { sink: "RETURNED", total: "returned", name: "ReturnBill" },
  ADJUST: { sink: "ADJUSTED", total: "adjusted", name: "NegativePointsAdjustment" }
}

const takeOutNow = Effect.fnUntraced(function*(
  kind: TakeOutKind,
  owner: Owner,
  programId: number,
  milli: number,
  options: EventOptions
) {
  const { name, sink, total } = sinks[kind]
  const account = yield* wallet(owner, programId, "MAIN")
  const eventId = yield* post(
    {
      orgId: owner.orgId,
      eventName: options.eventName ?? name,
      kind,
      notes: options.notes ?? "",
      tillId: options.tillId,
      now: options.now
    },
    [
      { account, amount: -milli, guarded: true, totals: { [total]: milli } },
      { account: yield* orgAccount(owner.orgId, programId, sink), amount: milli, guarded: false }
    ]
  )
  yield* consumeLots(account, milli)
  yield* recordTier(owner, programId, eventId, options.now)
  return eventId
})

const unlockNow = Effect.fnUntraced(function*(owner: Owner, programId: number, milli: number, options: EventOptions) {
  const promised = yield* wallet(owner, programId, "PROMISED")
  const main = yield* wallet(owner, programId, "MAIN")
  const eventId = yield* post(
    {
      orgId: owner.orgId,
      eventName: options.eventName ?? "DelayedAccrual",
      kind: "UNLOCK",
      notes: options.notes ?? "",
      tillId: options.tillId,
      now: options.now
    },
    [
      { account: promised, amount: -milli, guarded: true },
      { account: main, amount: milli, guarded: true, totals: { lifetime: milli } }
    ]
  )
  // Each promised points type becomes a MAIN lot of that type.
  const byType = new Map<string, number>()
  for (const part of yield* consumeLots(promised, milli)) {
    byType.set(part.pointsType, (byType.get(part.pointsType) ?? 0) + part.milli)
  }
  for (const [pointsType, points] of byType) {
    yield* openLot({
      owner,
      programId,
      bucket: "MAIN",
      account: main,
      eventId,
      milli: points,
      pointsType,
      now: options.now
    })
  }
  yield* recordTier(owner, programId, eventId, options.now)
  return eventId
})

// ---------------------------------------------------------------------------------------------------------------
// Settlement: expiries and unlocks that fell due
// ---------------------------------------------------------------------------------------------------------------

/**
 * Posts the organisation's expiries and unlocks that are due at `now`, oldest first, each dated when it fell
 * due: PROMISED lots on the morning of their `redeemable_from` day (`DelayedAccrual`), MAIN lots on the morning
 * after their `expires_on` day (`PointsExpiry`). Points unlocked long ago may then expire in the same call. Tier
 * floors that ended by `now` are lifted in the same time order (a wallet's tier then falls back to the one its
 * lifetime points reach, logged when it changes). Answers how many events it posted. Runs in the caller's
 * transaction.
 */
export const settle = Effect.fnUntraced(function*(orgId: number, now: number) {
  const sql = yield* SqlClient.SqlClient
  const today = dayOf(now)
  let posted = 0
  // Each round settles one day's lots, or the floors ending at one instant (at most one round per lot or floor).
  for (;;) {
    const [due] = yield* sql<{ unlock_day: string | null; expiry_day: string | null; floor_end: number | null }>`
      SELECT
      (SELECT MIN(redeemable_from) FROM points_lots WHERE org_id = ${orgId} AND remaining > 0
        AND bucket = 'PROMISED' AND redeemable_from <= ${today}) AS unlock_day,
      (SELECT MIN(expires_on) FROM points_lots WHERE org_id = ${orgId} AND remaining > 0
        AND bucket = 'MAIN' AND expires_on < ${today}) AS expiry_day,
      (SELECT MIN(tier_floor_until) FROM points_accounts WHERE org_id = ${orgId} AND tier_floor IS NOT NULL
        AND tier_floor_until <= ${now}) AS floor_end`
    const unlockAt = due?.unlock_day == null ? Infinity : startOfDay(due.unlock_day)
    const expiryAt = due?.expiry_day == null ? Infinity : startOfDay(addDays(due.expiry_day, 1))
    const floorEnd = due?.floor_end == null ? Infinity : due.floor_end
    const next = Math.min(unlockAt, expiryAt, floorEnd)
    if (next === Infinity) return posted
    if (unlockAt !== next && expiryAt !== next) {
      const ended = yield* sql<{ id: number; owner_type: OwnerType; owner_id: number; program_id: number }>`
        SELECT id, owner_type, owner_id, program_id FROM points_accounts
        WHERE org_id = ${orgId} AND tier_floor IS NOT NULL AND tier_floor_until = ${floorEnd} ORDER BY id`
      for (const row of ended) {
        yield* sql`UPDATE points_accounts SET tier_floor = NULL, tier_floor_until = NULL WHERE id = ${row.id}`
        yield* recordTier({ orgId, type: row.owner_type, id: row.owner_id }, row.program_id, null, floorEnd)
      }
      continue
    }
    const unlocking = unlockAt === next
    const rows = unlocking
      ? yield* sql<{ owner_type: OwnerType; owner_id: number; program_id: number; total: number }>`
        SELECT a.owner_type, a.owner_id, a.program_id, SUM(l.remaining) AS total
        FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
        WHERE l.org_id = ${orgId} AND l.remaining > 0 AND l.bucket = 'PROMISED'
          AND l.redeemable_from = ${due!.unlock_day}
        GROUP BY l.account_id ORDER BY l.account_id`
      : yield* sql<{ owner_type: OwnerType; owner_id: number; program_id: number; total: number }>`
        SELECT a.owner_type, a.owner_id, a.program_id, SUM(l.remaining) AS total
        FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
        WHERE l.org_id = ${orgId} AND l.remaining > 0 AND l.bucket = 'MAIN' AND l.expires_on = ${due!.expiry_day}
        GROUP BY l.account_id ORDER BY l.account_id`
    for (const row of rows) {
      const owner: Owner = { orgId, type: row.owner_type, id: row.owner_id }
      if (unlocking) {
        yield* unlockNow(owner, row.program_id, row.total, { tillId: undefined, now: unlockAt })
      } else {
        yield* takeOutNow("EXPIRE", owner, row.program_id, row.total, { tillId: undefined, now: expiryAt })
      }
      posted++
    }
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

/**
 * Awards points to a wallet (MAIN by default, or PROMISED): the organisation's ISSUED account of the program
 * gives them, and they become a lot of their points type (`customer_promotions` unless told) that expires by the
 * program's rule (MAIN) or unlocks after its delay (PROMISED). Counted in the wallet's lifetime when they are
 * redeemable.
 */
export const award = Effect.fnUntraced(function*(
  owner: Owner,
  programId: number,
  points: number,
  options: EventOptions & AwardOptions
) {
  const milli = yield* positive(points)
  yield* settle(owner.orgId, options.now)
  return yield* awardNow(owner, programId, milli, options)
})

/** Takes points out of a wallet's MAIN bucket into one of the organisation's accounts, with its running total. */
const takeOut = (kind: TakeOutKind) =>
  Effect.fnUntraced(function*(owner: Owner, programId: number, points: number, options: EventOptions) {
    const milli = yield* positive(points)
    yield* settle(owner.orgId, options.now)
    return yield* takeOutNow(kind, owner, programId, milli, options)
  })

/** Redeems points of a wallet (804 when it has fewer), first-to-expire first. */
export const redeem = takeOut("REDEEM")

/** Expires points of a wallet, first-to-expire first. */
export const expire = takeOut("EXPIRE")

/** Takes back points of a wallet for a returned bill. */
export const takeBackForReturn = takeOut("RETURN")

/** Deducts points from a wallet by a manual adjustment. */
export const deduct = takeOut("ADJUST")

/** Makes promised points of a wallet redeemable now (804 when fewer are promised), first-to-unlock first. */
export const unlock = Effect.fnUntraced(function*(
  owner: Owner,
  programId: number,
  points: number,
  options: EventOptions
) {
  const milli = yield* positive(points)
  yield* settle(owner.orgId, options.now)
  return yield* unlockNow(owner, programId, milli, options)
})

/** One side of a transfer: a wallet's MAIN bucket in a program. */
export interface TransferSide {
  readonly owner: Owner
  readonly programId: number
}

/**
 * Moves points from one wallet's MAIN bucket to another's: two entries that sum to zero, and a transfer record
 * with the notes (804 when the source has fewer points). Counted as `adjusted` for the source and `lifetime`
 * for the destination. The source's lots are consumed first-to-expire first; the destination gets a
 * `customer_promotions` lot that expires by its program's rule.
 */
export const transfer = Effect.fnUntraced(function*(options: {
  readonly from: TransferSide
  readonly to: TransferSide
  readonly points: number
  readonly notes: string
  /** The customer who moved them. */
  readonly transferredBy: number
  readonly tillId: number | undefined
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const milli = yield* positive(options.points)
  const { from, to } = options
  yield* settle(from.owner.orgId, options.now)
  const source = yield* wallet(from.owner, from.programId, "MAIN")
  const destination = yield* wallet(to.owner, to.programId, "MAIN")
  const eventId = yield* post(
    {
      orgId: from.owner.orgId,
      eventName: "PointsTransfer",
      kind: "TRANSFER",
      notes: options.notes,
      tillId: options.tillId,
      now: options.now
    },
    [
      { account: source, amount: -milli, guarded: true, totals: { adjusted: milli } },
      { account: destination, amount: milli, guarded: true, totals: { lifetime: milli } }
    ]
  )
  yield* consumeLots(source, milli)
  yield* openLot({
    owner: to.owner,
    programId: to.programId,
    bucket: "MAIN",
    account: destination,
    eventId,
    milli,
    pointsType: defaultPointsType,
    now: options.now
  })
  yield* recordTier(from.owner, from.programId, eventId, options.now)
  yield* recordTier(to.owner, to.programId, eventId, options.now)
  const [created] = yield* sql<{ id: number }>`INSERT INTO points_transfers
      (org_id, event_id, from_type, from_id, from_program, to_type, to_id, to_program, points, notes, transferred_by,
        created_at)
    VALUES (${from.owner.orgId}, ${eventId}, ${from.owner.type}, ${from.owner.id}, ${from.programId}, ${to.owner.type},
      ${to.owner.id}, ${to.programId}, ${milli}, ${options.notes}, ${options.transferredBy}, ${options.now})
    RETURNING id`
  return { eventId, transferId: created!.id }
})

// ---------------------------------------------------------------------------------------------------------------
// Enrolment, tier floors, moves of whole wallets
// ---------------------------------------------------------------------------------------------------------------

/** Whether an owner is enrolled in a program: one of its wallets there (MAIN or PROMISED) is open. */
export const isEnrolled = (owner: Owner, programId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM points_accounts
        WHERE org_id = ${owner.orgId} AND owner_type = ${owner.type} AND owner_id = ${owner.id}
          AND program_id = ${programId} AND bucket IN ('MAIN', 'PROMISED')`,
      (rows) => (rows[0]?.n ?? 0) > 0
    )
  )

/**
 * Enrols an owner in a program: opens its MAIN wallet there, empty, and records its INITIAL tier (the lowest)
 * when the program has tiers. Answers false, changing nothing, when the owner was already enrolled.
 */
export const enrol = Effect.fnUntraced(function*(owner: Owner, programId: number, now: number) {
  if (yield* isEnrolled(owner, programId)) return false
  yield* wallet(owner, programId, "MAIN")
  yield* recordTier(owner, programId, null, now)
  return true
})

/** 400: the tier is not one of the program's. */
const unknownTier = (programId: number, serial: number) =>
  reject(400, `Invalid tierNumber ${serial}: program ${programId} has no tier with that number`)

/**
 * Sets an owner's tier in a program from now on: the MAIN wallet's tier floor becomes the tier (a serial of the
 * program's tiers; 400 otherwise) until `until` (epoch milliseconds; for good when absent). A tier at or below the
 * one the lifetime points reach needs no floor (lifetime points never fall), so any floor is then lifted. The
 * change of tier is logged (`eventId`: the event that came with it): an UPGRADE (or DOWNGRADE) when the wallet's
 * tier changes, a RENEWAL when it stays the floor's tier with a new end. Answers the wallet's tier.
 */
export const setTierFloor = Effect.fnUntraced(function*(
  owner: Owner,
  programId: number,
  floor: TierFloor,
  options: { readonly now: number; readonly eventId?: number | undefined }
) {
  const sql = yield* SqlClient.SqlClient
  const tiers = yield* tiersOf(programId)
  const tier = tiers.find((candidate) => candidate.serial === floor.serial)
  if (tier === undefined) return yield* unknownTier(programId, floor.serial)
  const account = yield* wallet(owner, programId, "MAIN")
  const main = (yield* mainWallet(owner, programId))!
  const needed = floor.serial > tierFor(tiers, main.lifetime)!.serial
  yield* sql`UPDATE points_accounts SET tier_floor = ${needed ? floor.serial : null},
      tier_floor_until = ${needed ? floor.until ?? null : null}
    WHERE id = ${account}`
  const eventId = options.eventId ?? null
  const changed = yield* recordTier(owner, programId, eventId, options.now)
  if (needed && !changed) {
    yield* sql`INSERT INTO tier_changes (org_id, owner_type, owner_id, program_id, from_serial, from_name, to_serial,
        to_name, kind, event_id, changed_at)
      VALUES (${owner.orgId}, ${owner.type}, ${owner.id}, ${programId}, ${tier.serial}, ${tier.name}, ${tier.serial},
        ${tier.name}, 'RENEWAL', ${eventId}, ${options.now})`
  }
  return tierWithFloor(tiers, main.lifetime, needed ? floor : undefined)!
})

/** What `moveWallets` moved in one program (thousandths). */
export interface MovedWallet {
  readonly programId: number
  readonly main: number
  readonly promised: number
  /** The event of the move; undefined when no points moved (only an enrolment or a tier floor). */
  readonly eventId: number | undefined
}

/** The later of two floor ends (undefined: the floor does not end). */
const laterEnd = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? undefined : Math.max(a, b)

/**
 * Moves everything an owner has in its wallets to another owner of the organisation (a merge), after settling:
 * - each program where `from` is enrolled: `to` is enrolled there too;
 * - points: one `TRANSFER` event per program whose entries move the MAIN and PROMISED balances to `to`'s wallets
 *   of the same program and bucket (they sum to zero; counted as `adjusted` for `from`'s MAIN wallet and in the
 *   `lifetime` of `to`'s, as a transfer is); every lot with points left moves as it is: its remaining points,
 *   points type, expiry date and type, unlock date and award time (a rolling expiry rule does not move `to`'s
 *   other lots, as no award happened), so promised points stay promised until their day;
 * - tier floors: `to` keeps the higher of the two (the later end for the same tier); `from`'s is lifted;
 * - with `transferredBy`, a transfer record per program with the points moved (both buckets) and the notes.
 * Both owners' tiers are logged as they change. Runs in the caller's transaction.
 */
export const moveWallets = Effect.fnUntraced(function*(options: {
  readonly from: Owner
  readonly to: Owner
  readonly notes: string
  /** `CustomerMerge` unless told. */
  readonly eventName?: string | undefined
  readonly transferredBy?: number | undefined
  readonly tillId: number | undefined
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { from, now, to } = options
  yield* settle(from.orgId, now)
  const accounts = yield* sql<{
    id: number
    program_id: number
    bucket: Bucket
    balance: number
    tier_floor: number | null
    tier_floor_until: number | null
  }>`SELECT id, program_id, bucket, balance, tier_floor, tier_floor_until FROM points_accounts
    WHERE org_id = ${from.orgId} AND owner_type = ${from.type} AND owner_id = ${from.id}
      AND bucket IN ('MAIN', 'PROMISED')
    ORDER BY program_id, bucket`
  const programIds = [...new Set(accounts.map((row) => row.program_id))]
  const moved: Array<MovedWallet> = []
  for (const programId of programIds) {
    yield* enrol(to, programId, now)
    const sources = accounts.filter((row) => row.program_id === programId && row.balance > 0)
    const legs: Array<Leg> = []
    const destinations = new Map<number, number>()
    for (const source of sources) {
      const destination = yield* wallet(to, programId, source.bucket)
      destinations.set(source.id, destination)
      const main = source.bucket === "MAIN"
      legs.push(
        {
          account: source.id,
          amount: -source.balance,
          guarded: true,
          totals: main ? { adjusted: source.balance } : {}
        },
        {
          account: destination,
          amount: source.balance,
          guarded: true,
          totals: main ? { lifetime: source.balance } : {}
        }
      )
    }
    const eventId = legs.length === 0 ? undefined : yield* post(
      {
        orgId: from.orgId,
        eventName: options.eventName ?? "CustomerMerge",
        kind: "TRANSFER",
        notes: options.notes,
        tillId: options.tillId,
        now
      },
      legs
    )
    for (const source of sources) {
      const lots = yield* sql<{
        id: number
        remaining: number
        points_type: string
        expires_on: string | null
        expiry_type: ExpiryType
        redeemable_from: string | null
        created_at: number
      }>`SELECT id, remaining, points_type, expires_on, expiry_type, redeemable_from, created_at FROM points_lots
        WHERE account_id = ${source.id} AND remaining > 0 ORDER BY id`
      if (lots.reduce((sum, lot) => sum + lot.remaining, 0) !== source.balance) {
        return yield* Effect.die(new Error(`the lots of account ${source.id} do not hold its balance`))
      }
      for (const lot of lots) {
        yield* sql`INSERT INTO points_lots (org_id, account_id, bucket, event_id, points_type, awarded, remaining,
            expires_on, expiry_type, redeemable_from, created_at)
          VALUES (${to.orgId}, ${destinations.get(source.id)!}, ${source.bucket}, ${eventId!}, ${lot.points_type},
            ${lot.remaining}, ${lot.remaining}, ${lot.expires_on}, ${lot.expiry_type}, ${lot.redeemable_from},
            ${lot.created_at})`
        yield* sql`UPDATE points_lots SET remaining = 0 WHERE id = ${lot.id}`
      }
    }
    const floorRow = accounts.find((row) => row.program_id === programId && row.bucket === "MAIN")
    if (floorRow?.tier_floor != null) {
      const theirs: TierFloor = { serial: floorRow.tier_floor, until: floorRow.tier_floor_until ?? undefined }
      const ours = yield* tierFloor(to, programId)
      const kept = ours === undefined || theirs.serial > ours.serial
        ? theirs
        : ours.serial > theirs.serial
        ? ours
        : { serial: ours.serial, until: laterEnd(ours.until, theirs.until) }
      yield* sql`UPDATE points_accounts SET tier_floor = NULL, tier_floor_until = NULL WHERE id = ${floorRow.id}`
      yield* setTierFloor(to, programId, kept, { now, eventId })
    }
    yield* recordTier(from, programId, eventId ?? null, now)
    yield* recordTier(to, programId, eventId ?? null, now)
    const main = sources.find((row) => row.bucket === "MAIN")?.balance ?? 0
    const promised = sources.find((row) => row.bucket === "PROMISED")?.balance ?? 0
    if (eventId !== undefined && options.transferredBy !== undefined) {
      yield* sql`INSERT INTO points_transfers
          (org_id, event_id, from_type, from_id, from_program, to_type, to_id, to_program, points, notes, transferred_by,
            created_at)
        VALUES (${from.orgId}, ${eventId}, ${from.type}, ${from.id}, ${programId}, ${to.type}, ${to.id}, ${programId},
          ${main + promised}, ${options.notes}, ${options.transferredBy}, ${now})`
    }
    moved.push({ programId, main, promised, eventId })
  }
  return moved
})

// ---------------------------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------------------------

/** A wallet account with its running totals (thousandths). */
export interface WalletRow {
  readonly program_id: number
  readonly bucket: Bucket
  readonly balance: number
  readonly lifetime: number
  readonly redeemed: number
  readonly expired: number
  readonly returned: number
  readonly adjusted: number
}

/** The wallet accounts of an owner, by program and bucket. */
export const wallets = (owner: Owner) =>
  SqlClient.SqlClient.use((sql) =>
    sql<WalletRow>`SELECT program_id, bucket, balance, lifetime, redeemed, expired, returned, adjusted
      FROM points_accounts
      WHERE org_id = ${owner.orgId} AND owner_type = ${owner.type} AND owner_id = ${owner.id}
      ORDER BY program_id, bucket`
  )

/** An owner's MAIN and PROMISED balances in a program (thousandths; zero for an account never opened). */
export const balances = (owner: Owner, programId: number) =>
  Effect.map(wallets(owner), (rows) => {
    const of = (bucket: Bucket) =>
      rows.find((row) => row.program_id === programId && row.bucket === bucket)?.balance ?? 0
    return { main: of("MAIN"), promised: of("PROMISED") }
  })

/** An owner's MAIN and PROMISED balances summed over programs (thousandths). */
export const totalBalances = (owner: Owner, programIds: ReadonlyArray<number>) =>
  Effect.map(wallets(owner), (rows) => {
    const of = (bucket: Bucket) =>
      rows.filter((row) => programIds.includes(row.program_id) && row.bucket === bucket)
        .reduce((sum, row) => sum + row.balance, 0)
    return { main: of("MAIN"), promised: of("PROMISED") }
  })

/** Which of an owner's ledger entries a read selects. */
export interface EntryFilter {
  readonly programId?: number | undefined
  readonly bucket?: Bucket | "NONE" | undefined
  readonly direction?: "CREDIT" | "DEBIT" | "NONE" | undefined
  /** Epoch milliseconds, inclusive. */
  readonly from?: number | undefined
  readonly until?: number | undefined
}

const entryConditions = (sql: SqlClient.SqlClient, owner: Owner, filter: EntryFilter) =>
  sql.and([
    sql`a.org_id = ${owner.orgId}`,
    sql`a.owner_type = ${owner.type}`,
    sql`a.owner_id = ${owner.id}`,
    ...(filter.programId === undefined ? [] : [sql`a.program_id = ${filter.programId}`]),
    ...(filter.bucket === undefined ? [] : [sql`a.bucket = ${filter.bucket}`]),
    ...(filter.direction === undefined
      ? []
      : filter.direction === "CREDIT"
      ? [sql`en.amount > 0`]
      : filter.direction === "DEBIT"
      ? [sql`en.amount < 0`]
      : [sql`0 = 1`]),
    ...(filter.from === undefined ? [] : [sql`ev.created_at >= ${filter.from}`]),
    ...(filter.until === undefined ? [] : [sql`ev.created_at <= ${filter.until}`])
  ])

/** An event of an owner's ledger, with the owner's entries in it. */
export interface LedgerEvent {
  readonly id: number
  readonly eventName: string
  readonly createdAt: number
  readonly tillCode: string | undefined
  readonly storeCode: string | undefined
  readonly entries: ReadonlyArray<{
    readonly amount: number
    readonly programId: number
    readonly programName: string
    readonly bucket: Bucket
  }>
}

/** How many events an owner's ledger has, with the filter. */
export const countEvents = (owner: Owner, filter: EntryFilter) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(DISTINCT ev.id) AS n FROM ledger_events ev
        JOIN ledger_entries en ON en.event_id = ev.id
        JOIN points_accounts a ON a.id = en.account_id
        WHERE ${entryConditions(sql, owner, filter)}`,
      (rows) => rows[0]?.n ?? 0
    )
  )

/** A page of an owner's ledger events, oldest first (`ASC`) or newest first, with the owner's entries in each. */
export const events = Effect.fnUntraced(function*(
  owner: Owner,
  filter: EntryFilter,
  page: { readonly limit: number; readonly offset: number; readonly order: "ASC" | "DESC" }
) {
  const sql = yield* SqlClient.SqlClient
  const where = entryConditions(sql, owner, filter)
  const heads = page.order === "ASC"
    ? yield* sql<
      { id: number; event_name: string; created_at: number; till_code: string | null; store_code: string | null }
    >`
      SELECT DISTINCT ev.id, ev.event_name, ev.created_at, t.username AS till_code, t.store_code
      FROM ledger_events ev
      JOIN ledger_entries en ON en.event_id = ev.id
      JOIN points_accounts a ON a.id = en.account_id
      LEFT JOIN tills t ON t.id = ev.till_id
      WHERE ${where} ORDER BY ev.id ASC LIMIT ${page.limit} OFFSET ${page.offset}`
    : yield* sql<
      { id: number; event_name: string; created_at: number; till_code: string | null; store_code: string | null }
    >`
      SELECT DISTINCT ev.id, ev.event_name, ev.created_at, t.username AS till_code, t.store_code
      FROM ledger_events ev
      JOIN ledger_entries en ON en.event_id = ev.id
      JOIN points_accounts a ON a.id = en.account_id
      LEFT JOIN tills t ON t.id = ev.till_id
      WHERE ${where} ORDER BY ev.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`
  if (heads.length === 0) return []
  const entries = yield* sql<{ event_id: number; amount: number; program_id: number; name: string; bucket: Bucket }>`
    SELECT en.event_id, en.amount, a.program_id, p.name, a.bucket
    FROM ledger_entries en
    JOIN ledger_events ev ON ev.id = en.event_id
    JOIN points_accounts a ON a.id = en.account_id
    JOIN programs p ON p.id = a.program_id
    WHERE ${where} AND ${sql.in("en.event_id", heads.map((head) => head.id))}
    ORDER BY en.id`
  return heads.map((head): LedgerEvent => ({
    id: head.id,
    eventName: head.event_name,
    createdAt: head.created_at,
    tillCode: head.till_code ?? undefined,
    storeCode: head.store_code ?? undefined,
    entries: entries.filter((entry) => entry.event_id === head.id).map((entry) => ({
      amount: entry.amount,
      programId: entry.program_id,
      programName: entry.name,
      bucket: entry.bucket
    }))
  }))
})

/** An owner's balance of each program and bucket at a moment (all time when absent): the sum of its entries. */
export const closingBalances = (owner: Owner, until: number | undefined) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ program_id: number; bucket: Bucket; total: number }>`
      SELECT a.program_id, a.bucket, SUM(en.amount) AS total
      FROM ledger_entries en
      JOIN ledger_events ev ON ev.id = en.event_id
      JOIN points_accounts a ON a.id = en.account_id
      WHERE ${entryConditions(sql, owner, { until })}
      GROUP BY a.program_id, a.bucket`
  )

/** A transfer row. */
export interface TransferRow {
  readonly id: number
  readonly from_type: OwnerType
  readonly from_id: number
  readonly from_program: number
  readonly to_type: OwnerType
  readonly to_id: number
  readonly to_program: number
  readonly points: number
  readonly notes: string
  readonly created_at: number
}

/** The transfers out of and into an owner's wallets, a page at a time, newest first (`DESC`) or oldest first. */
export const transfers = Effect.fnUntraced(function*(
  owner: Owner,
  options: {
    readonly programId?: number | undefined
    readonly limit: number
    readonly offset: number
    readonly order: "ASC" | "DESC"
  }
) {
  const sql = yield* SqlClient.SqlClient
  const where = sql.and([
    sql`org_id = ${owner.orgId}`,
    sql`((from_type = ${owner.type} AND from_id = ${owner.id}) OR (to_type = ${owner.type} AND to_id = ${owner.id}))`,
    ...(options.programId === undefined
      ? []
      : [sql`(from_program = ${options.programId} OR to_program = ${options.programId})`])
  ])
  return options.order === "ASC"
    ? yield* sql<TransferRow>`SELECT id, from_type, from_id, from_program, to_type, to_id, to_program, points, notes,
        created_at FROM points_transfers WHERE ${where} ORDER BY id ASC LIMIT ${options.limit} OFFSET ${options.offset}`
    : yield* sql<TransferRow>`SELECT id, from_type, from_id, from_program, to_type, to_id, to_program, points, notes,
        created_at FROM points_transfers WHERE ${where} ORDER BY id DESC LIMIT ${options.limit} OFFSET ${options.offset}`
})

// ---------------------------------------------------------------------------------------------------------------
// Group points summaries
// ---------------------------------------------------------------------------------------------------------------

/** Whether the database has the ledger tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'ledger_entries'`,
    (rows) => rows[0]!.n > 0
  )
)

/** A tier the lifetime points reach has no expiry in the emulator: Capillary writes a far-future date then. */
export const noTierExpiry = "2099-12-31T23:59:59Z"

/** A tier as a summary shows it. */
export interface TierInfo {
  readonly serial: number
  readonly name: string
  readonly description: string
  /** Lifetime points from which a wallet is in it. */
  readonly threshold: number
}

/** A wallet's points and tier in one program (points, not thousandths). */
export interface ProgramSummary {
  readonly programId: number
  /** Redeemable now. */
  readonly main: number
  /** Promised, not yet redeemable. */
  readonly promised: number
  readonly lifetime: number
  readonly redeemed: number
  readonly expired: number
  readonly returned: number
  readonly adjusted: number
  /**
   * The tier the lifetime points reach (the lowest one below every threshold), or the wallet's tier floor when it
   * is higher; none when the program has none.
   */
  readonly tier: TierInfo | undefined
  /** The next tier up; none at the top. */
  readonly nextTier: TierInfo | undefined
  /**
   * ISO-8601 (seconds, UTC): the end of the tier floor when the floor holds the tier, else far in the future (a
   * tier the lifetime points reach does not expire in the emulator).
   */
  readonly tierExpiryDate: string
  /** Lifetime points still needed for the next tier; 0 at the top. */
  readonly gapToUpgrade: number
  /** Whether the wallet has had any activity in the program. */
  readonly active: boolean
}

/** An owner's points and tier in a program, from its wallets (zero for a wallet never opened). */
export const programSummary = Effect.fnUntraced(function*(owner: Owner, programId: number) {
  const rows = yield* wallets(owner)
  const main = rows.find((row) => row.program_id === programId && row.bucket === "MAIN")
  const promised = rows.find((row) => row.program_id === programId && row.bucket === "PROMISED")
  const tiers = yield* tiersOf(programId)
  const lifetime = main?.lifetime ?? 0
  const floor = yield* tierFloor(owner, programId)
  const tier = tierWithFloor(tiers, lifetime, floor)
  // The floor holds the tier above the one the points reach: the tier ends with the floor.
  const floorEnd = floor?.until !== undefined && tier !== undefined && tier.serial > tierFor(tiers, lifetime)!.serial
    ? floor.until
    : undefined
  const nextTier = tier === undefined ? undefined : tiers.find((candidate) => candidate.serial > tier.serial)
  return {
    programId,
    main: fromMilli(main?.balance ?? 0),
    promised: fromMilli(promised?.balance ?? 0),
    lifetime: fromMilli(lifetime),
    redeemed: fromMilli(main?.redeemed ?? 0),
    expired: fromMilli(main?.expired ?? 0),
    returned: fromMilli(main?.returned ?? 0),
    adjusted: fromMilli(main?.adjusted ?? 0),
    tier,
    nextTier,
    tierExpiryDate: floorEnd === undefined ? noTierExpiry : isoSeconds(floorEnd),
    gapToUpgrade: nextTier === undefined ? 0 : Math.max(0, fromMilli(toMilli(nextTier.threshold) - lifetime)),
    active: main !== undefined || promised !== undefined
  } satisfies ProgramSummary
})

/** The programs where an owner's wallets have an account, by id. */
export const activePrograms = (owner: Owner) =>
  Effect.map(wallets(owner), (rows) => [...new Set(rows.map((row) => row.program_id))].sort((a, b) => a - b))

/** Which part of a schedule a read selects. */
export interface ScheduleOptions {
  readonly programId?: number | undefined
  /** `YYYY-MM-DD`, inclusive. */
  readonly startDate?: string | undefined
  /** `YYYY-MM-DD`, inclusive. */
  readonly endDate?: string | undefined
  /** Only the soonest expiry of each program, points type and expiry type (Capillary's `fetchEarliestExpiryOnly`). */
  readonly earliestOnly?: boolean | undefined
}

/** Points of an owner's that expire on a date. */
export interface ExpiryEntry {
  readonly points: number
  /** `YYYY-MM-DD`: the last day the points can be used. */
  readonly expiryDate: string
  readonly programId: number
  readonly pointsType: string
  readonly expiryType: ExpiryType
}

/**
 * The remaining points of an owner's MAIN lots that will expire, by expiry date, program, points type and expiry
 * type, earliest first (never-expiring lots are not listed). Reads the lots as they are: settle first.
 */
export const expirySchedule = Effect.fnUntraced(function*(owner: Owner, options: ScheduleOptions = {}) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<
    { expires_on: string; program_id: number; points_type: string; expiry_type: ExpiryType; total: number }
  >`SELECT l.expires_on, a.program_id, l.points_type, l.expiry_type, SUM(l.remaining) AS total
    FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
    WHERE ${
    sql.and([
      sql`a.org_id = ${owner.orgId}`,
      sql`a.owner_type = ${owner.type}`,
      sql`a.owner_id = ${owner.id}`,
      sql`l.bucket = 'MAIN'`,
      sql`l.remaining > 0`,
      sql`l.expires_on IS NOT NULL`,
      ...(options.programId === undefined ? [] : [sql`a.program_id = ${options.programId}`]),
      ...(options.startDate === undefined ? [] : [sql`l.expires_on >= ${options.startDate}`]),
      ...(options.endDate === undefined ? [] : [sql`l.expires_on <= ${options.endDate}`])
    ])
  }
    GROUP BY l.expires_on, a.program_id, l.points_type, l.expiry_type
    ORDER BY l.expires_on, a.program_id, l.points_type, l.expiry_type`
  // Rows are in date order, so the first of each program, points type and expiry type is its soonest.
  const seen = new Set<string>()
  return rows
    .filter((row) => {
      if (options.earliestOnly !== true) return true
      const key = `${row.program_id}\u0000${row.points_type}\u0000${row.expiry_type}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    .map((row): ExpiryEntry => ({
      points: fromMilli(row.total),
      expiryDate: row.expires_on,
      programId: row.program_id,
      pointsType: row.points_type,
      expiryType: row.expiry_type
    }))
})

/** Promised points of an owner's that become redeemable on a date. */
export interface PromisedEntry {
  readonly points: number
  /** `YYYY-MM-DD`: the day the points are redeemable from. */
  readonly redeemableFrom: string
  readonly programId: number
  readonly pointsType: string
}

/** The remaining points of an owner's PROMISED lots, by unlock date, program and points type, earliest first. */
export const promisedSchedule = Effect.fnUntraced(function*(
  owner: Owner,
  options: { readonly programId?: number | undefined } = {}
) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ redeemable_from: string; program_id: number; points_type: string; total: number }>`
    SELECT l.redeemable_from, a.program_id, l.points_type, SUM(l.remaining) AS total
    FROM points_lots l JOIN points_accounts a ON a.id = l.account_id
    WHERE ${
    sql.and([
      sql`a.org_id = ${owner.orgId}`,
      sql`a.owner_type = ${owner.type}`,
      sql`a.owner_id = ${owner.id}`,
      sql`l.bucket = 'PROMISED'`,
      sql`l.remaining > 0`,
      ...(options.programId === undefined ? [] : [sql`a.program_id = ${options.programId}`])
    ])
  }
    GROUP BY l.redeemable_from, a.program_id, l.points_type
    ORDER BY l.redeemable_from, a.program_id, l.points_type`
  return rows.map((row): PromisedEntry => ({
    points: fromMilli(row.total),
    redeemableFrom: row.redeemable_from,
    programId: row.program_id,
    pointsType: row.points_type
  }))
})

/** Points of an owner's that expired on a day. */
export interface ExpiredEntry {
  readonly points: number
  /** `YYYY-MM-DD` (UTC): the day the expiry was posted. */
  readonly expiredOn: string
  readonly programId: number
}

/** The points an owner's MAIN wallets lost to expiries (settled or manual), by day and program, oldest first. */
export const expiredPoints = Effect.fnUntraced(function*(
  owner: Owner,
  options: { readonly programId?: number | undefined } = {}
) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ created_at: number; program_id: number; amount: number }>`
    SELECT ev.created_at, a.program_id, en.amount
    FROM ledger_events ev
    JOIN ledger_entries en ON en.event_id = ev.id
    JOIN points_accounts a ON a.id = en.account_id
    WHERE ${
    sql.and([
      sql`ev.kind = 'EXPIRE'`,
      sql`a.org_id = ${owner.orgId}`,
      sql`a.owner_type = ${owner.type}`,
      sql`a.owner_id = ${owner.id}`,
      sql`a.bucket = 'MAIN'`,
      ...(options.programId === undefined ? [] : [sql`a.program_id = ${options.programId}`])
    ])
  }
    ORDER BY ev.created_at, ev.id`
  const entries: Array<{ points: number; expiredOn: string; programId: number }> = []
  for (const row of rows) {
    const expiredOn = dayOf(row.created_at)
    const same = entries.find((entry) => entry.expiredOn === expiredOn && entry.programId === row.program_id)
    if (same === undefined) entries.push({ points: -row.amount, expiredOn, programId: row.program_id })
    else same.points += -row.amount
  }
  return entries.map((entry): ExpiredEntry => ({ ...entry, points: fromMilli(entry.points) }))
})

/** A change of an owner's tier in a program. */
export interface TierChange {
  readonly programId: number
  readonly fromSerial: number | undefined
  readonly fromName: string | undefined
  readonly toSerial: number
  readonly toName: string
  /** Epoch milliseconds. */
  readonly changedAt: number
  readonly kind: TierChangeKind
  /** The ledger event that caused it. */
  readonly eventId: number | undefined
}

/** An owner's tier changes, oldest first. */
export const tierChanges = Effect.fnUntraced(function*(
  owner: Owner,
  options: { readonly programId?: number | undefined } = {}
) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    program_id: number
    from_serial: number | null
    from_name: string | null
    to_serial: number
    to_name: string
    changed_at: number
    kind: TierChangeKind
    event_id: number | null
  }>`SELECT program_id, from_serial, from_name, to_serial, to_name, changed_at, kind, event_id FROM tier_changes
    WHERE ${
    sql.and([
      sql`org_id = ${owner.orgId}`,
      sql`owner_type = ${owner.type}`,
      sql`owner_id = ${owner.id}`,
      ...(options.programId === undefined ? [] : [sql`program_id = ${options.programId}`])
    ])
  }
    ORDER BY id`
  return rows.map((row): TierChange => ({
    programId: row.program_id,
    fromSerial: row.from_serial ?? undefined,
    fromName: row.from_name ?? undefined,
    toSerial: row.to_serial,
    toName: row.to_name,
    changedAt: row.changed_at,
    kind: row.kind,
    eventId: row.event_id ?? undefined
  }))
})

/** Whether the database has the lots of migration `0410_points_lots`. */
export const lotsModelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'points_lots'`,
    (rows) => rows[0]!.n > 0
  )
)
