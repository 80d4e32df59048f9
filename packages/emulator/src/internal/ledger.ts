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
 * `redeemed`, `expired`, `returned` (taken back for a returned bill) and `adjusted` (net points taken out by
 * adjustments and transfers out; negative when more came in), so that for a MAIN account
 * `balance = lifetime - redeemed - expired - returned - adjusted`.
 */
import { UserGroup } from "@capillary-effect/usergroups"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { Rejection } from "../Behaviour.ts"

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

// ---------------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------------

/** Points in thousandths: exact for the three decimals Capillary allows. */
export const toMilli = (points: number) => Math.round(points * 1000)

/** Thousandths back to points. */
export const fromMilli = (milli: number) => milli / 1000

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

const reject = (code: number, message: string) => new Rejection({ status: 400, code, message })

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

/**
 * Awards points to a wallet (MAIN by default, or PROMISED): the organisation's ISSUED account of the program
 * gives them. Counted in the wallet's lifetime when they are redeemable.
 */
export const award = Effect.fnUntraced(function*(
  owner: Owner,
  programId: number,
  points: number,
  options: EventOptions & { readonly bucket?: Bucket | undefined }
) {
  const milli = yield* positive(points)
  const bucket = options.bucket ?? "MAIN"
  return yield* post(
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
      {
        account: yield* wallet(owner, programId, bucket),
        amount: milli,
        guarded: true,
        totals: bucket === "MAIN" ? { lifetime: milli } : {}
      }
    ]
  )
})

/** Takes points out of a wallet's MAIN bucket into one of the organisation's accounts, with its running total. */
const takeOut = (
  kind: "REDEEM" | "EXPIRE" | "RETURN" | "ADJUST",
  sink: OrgBucket,
  total: keyof Totals,
  defaultEvent: string
) =>
  Effect.fnUntraced(function*(owner: Owner, programId: number, points: number, options: EventOptions) {
    const milli = yield* positive(points)
    return yield* post(
      {
        orgId: owner.orgId,
        eventName: options.eventName ?? defaultEvent,
        kind,
        notes: options.notes ?? "",
        tillId: options.tillId,
        now: options.now
      },
      [
        { account: yield* wallet(owner, programId, "MAIN"), amount: -milli, guarded: true, totals: { [total]: milli } },
        { account: yield* orgAccount(owner.orgId, programId, sink), amount: milli, guarded: false }
      ]
    )
  })

/** Redeems points of a wallet (804 when it has fewer). */
export const redeem = takeOut("REDEEM", "REDEEMED", "redeemed", "PointsRedemption")

/** Expires points of a wallet. */
export const expire = takeOut("EXPIRE", "EXPIRED", "expired", "PointsExpiry")

/** Takes back points of a wallet for a returned bill. */
export const takeBackForReturn = takeOut("RETURN", "RETURNED", "returned", "ReturnBill")

/** Deducts points from a wallet by a manual adjustment. */
export const deduct = takeOut("ADJUST", "ADJUSTED", "adjusted", "NegativePointsAdjustment")

/** Makes promised points of a wallet redeemable (804 when fewer are promised). */
export const unlock = Effect.fnUntraced(function*(
  owner: Owner,
  programId: number,
  points: number,
  options: EventOptions
) {
  const milli = yield* positive(points)
  return yield* post(
    {
      orgId: owner.orgId,
      eventName: options.eventName ?? "DelayedAccrual",
      kind: "UNLOCK",
      notes: options.notes ?? "",
      tillId: options.tillId,
      now: options.now
    },
    [
      { account: yield* wallet(owner, programId, "PROMISED"), amount: -milli, guarded: true },
      { account: yield* wallet(owner, programId, "MAIN"), amount: milli, guarded: true, totals: { lifetime: milli } }
    ]
  )
})

/** One side of a transfer: a wallet's MAIN bucket in a program. */
export interface TransferSide {
  readonly owner: Owner
  readonly programId: number
}

/**
 * Moves points from one wallet's MAIN bucket to another's: two entries that sum to zero, and a transfer record
 * with the notes (804 when the source has fewer points). Counted as `adjusted` for the source and `lifetime`
 * for the destination.
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
      {
        account: yield* wallet(from.owner, from.programId, "MAIN"),
        amount: -milli,
        guarded: true,
        totals: { adjusted: milli }
      },
      {
        account: yield* wallet(to.owner, to.programId, "MAIN"),
        amount: milli,
        guarded: true,
        totals: { lifetime: milli }
      }
    ]
  )
  const [created] = yield* sql<{ id: number }>`INSERT INTO points_transfers
      (org_id, event_id, from_type, from_id, from_program, to_type, to_id, to_program, points, notes, transferred_by,
        created_at)
    VALUES (${from.owner.orgId}, ${eventId}, ${from.owner.type}, ${from.owner.id}, ${from.programId}, ${to.owner.type},
      ${to.owner.id}, ${to.programId}, ${milli}, ${options.notes}, ${options.transferredBy}, ${options.now})
    RETURNING id`
  return { eventId, transferId: created!.id }
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

/** Tiers have no expiry in the emulator: Capillary writes a far-future date then. */
const noTierExpiry = "2099-12-31T23:59:59Z"

/**
 * A group's points summary in each program where its wallet has an account, read from the ledger: its points
 * now, lifetime, redeemed, expired, returned and adjusted, its promised points, and its tier by lifetime points
 * against the program's thresholds. A group with no ledger activity has none.
 */
export const groupSummaries = Effect.fnUntraced(function*(orgId: number, groupId: number) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* wallets({ orgId, type: "USERGROUP2", id: groupId })
  const programIds = [...new Set(rows.map((row) => row.program_id))]
  const all = yield* programs(orgId)
  const summaries: Array<UserGroup.PointsSummary> = []
  for (const programId of programIds) {
    const info = all.find((row) => row.id === programId)
    if (info === undefined) continue
    const main = rows.find((row) => row.program_id === programId && row.bucket === "MAIN")
    const promised = rows.find((row) => row.program_id === programId && row.bucket === "PROMISED")?.balance ?? 0
    const lifetime = main?.lifetime ?? 0
    const tiers = yield* sql<{ serial: number; name: string; description: string; threshold: number }>`
      SELECT serial, name, description, threshold FROM tiers WHERE program_id = ${programId} ORDER BY serial`
    const reached = tiers.filter((tier) => fromMilli(lifetime) >= tier.threshold)
    const current = reached[reached.length - 1] ?? tiers[0]
    const next = current === undefined ? undefined : tiers.find((tier) => tier.serial > current.serial)
    summaries.push({
      redeemed: fromMilli(main?.redeemed ?? 0),
      expired: fromMilli(main?.expired ?? 0),
      returned: fromMilli(main?.returned ?? 0),
      adjusted: fromMilli(main?.adjusted ?? 0),
      lifetimePoints: fromMilli(lifetime),
      loyaltyPoints: fromMilli(main?.balance ?? 0),
      userGroup2Id: UserGroup.UserGroupId.make(groupId),
      currentSlab: current?.name ?? "",
      currentSlabDescription: current?.description ?? "",
      nextSlab: next?.name ?? "",
      nextSlabSerialNumber: next?.serial ?? -1,
      nextSlabDescription: next?.description ?? "",
      slabSNo: current?.serial ?? 1,
      slabExpiryDate: noTierExpiry,
      programId,
      delayedPoints: fromMilli(promised),
      delayedReturnedPoints: 0,
      delayedExpiredPoints: 0,
      totalAvailablePoints: fromMilli((main?.balance ?? 0) + promised),
      totalReturnedPoints: fromMilli(main?.returned ?? 0),
      linkedPartnerPrograms: [],
      programTitle: info.name,
      programDescription: info.description,
      programPointsToCurrencyRatio: info.points_to_currency_ratio,
      upgradeStrategies: [],
      pointsContributionToGroup: 0
    })
  }
  return summaries
})

/**
 * A group read with its points summaries from the ledger (see `groupSummaries`); unchanged when the ledger is not
 * modelled or the group has no ledger activity.
 */
export const withPointsSummaries = Effect.fnUntraced(function*(orgId: number, group: UserGroup.UserGroup) {
  if (!(yield* modelled)) return group
  const summaries = yield* groupSummaries(orgId, group.id)
  return summaries.length === 0 ? group : new UserGroup.UserGroup({ ...group, pointsSummaries: summaries })
})
