/**
 * A user group's loyalty read from the points ledger (`internal/ledger.ts`): its expiry and promised points
 * schedules, expired points, tier log, ledger pages, balances and tiers, and `withLoyalty`, which fills the
 * loyalty parts of a group read (`GET /v2/userGroup2`). Every function runs in the caller's transaction; reads
 * that depend on time settle the organisation first (`Ledger.settle`), so expiries and unlocks that fell due are
 * posted before anything is read.
 *
 * Kept as the emulator has them: tiers are reached by lifetime points and never expire (`Ledger.noTierExpiry`),
 * so a gap to upgrade is measured in `LIFETIME_POINTS`, valid up to that far-future day, and no renewal is ever
 * confirmed or needed (`renewStrategies` is empty). No company hierarchies are modelled: a read that asks for
 * company details gets Capillary's warning 1656.
 */
import { GroupPoints, UserGroup } from "@capillary-effect/usergroups"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { reject } from "../Behaviour.ts"
import { isoSeconds, ledgerDate } from "./dates.ts"
import * as Ledger from "./ledger.ts"

/** 1101: the program is not the organisation's. */
export const invalidProgram = () => reject(1101, "Invalid programId")

/** A group's wallet owner. */
export const groupOwner = (orgId: number, groupId: number): Ledger.Owner => ({ orgId, type: "USERGROUP2", id: groupId })

/** The UTC day a far-future tier expiry falls on, and the instant without milliseconds. */
const tierExpiry = {
  day: Ledger.noTierExpiry.slice(0, 10),
  iso: Ledger.noTierExpiry,
  ledger: Ledger.noTierExpiry.slice(0, 19).replace("T", " ")
}

/** The midnight (UTC) instant of a day, as Capillary writes a date's ISO twin. */
export const dayInstant = (day: string) => `${day}T00:00:00Z`

/**
 * The programs a read covers: every program of the organisation (`all`), the one named (1101 when it is not the
 * organisation's), or the group's program (the organisation's group program, else its default one).
 */
export const programsFor = Effect.fnUntraced(function*(
  orgId: number,
  options: { readonly programId?: number | undefined; readonly all?: boolean | undefined }
) {
  const all = yield* Ledger.programs(orgId)
  if (options.programId !== undefined && !all.some((row) => row.id === options.programId)) {
    return yield* invalidProgram()
  }
  if (options.all === true) return all
  if (options.programId !== undefined) return all.filter((row) => row.id === options.programId)
  const fallback = yield* Ledger.defaultProgram(orgId, "USERGROUP2")
  return fallback === undefined ? [] : [fallback]
})

// ---------------------------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------------------------

/** Which expiries a schedule read lists. */
export interface ExpiryFilter {
  readonly programs: ReadonlyArray<Ledger.ProgramRow>
  /** `YYYY-MM-DD`, inclusive. */
  readonly startDate?: string | undefined
  readonly endDate?: string | undefined
  /** Only the earliest expiry date among the programs read. */
  readonly earliestOnly?: boolean | undefined
}

/**
 * The group's points that will expire, by date, program, points type and expiry type, the earliest first, in the
 * programs read (never-expiring points are not listed).
 */
export const expirySchedule = Effect.fnUntraced(function*(owner: Ledger.Owner, filter: ExpiryFilter) {
  if (!(yield* Ledger.lotsModelled)) return []
  const wanted = new Set(filter.programs.map((row) => row.id))
  const rows = (yield* Ledger.expirySchedule(owner, { startDate: filter.startDate, endDate: filter.endDate }))
    .filter((row) => wanted.has(row.programId))
  const earliest = rows[0]?.expiryDate
  return filter.earliestOnly === true ? rows.filter((row) => row.expiryDate === earliest) : rows
})

/** The group's promised points, by unlock date, program and points type, in the programs and dates read. */
export const promisedSchedule = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  filter: {
    readonly programs: ReadonlyArray<Ledger.ProgramRow>
    readonly startDate?: string | undefined
    readonly endDate?: string | undefined
  }
) {
  if (!(yield* Ledger.lotsModelled)) return []
  const wanted = new Set(filter.programs.map((row) => row.id))
  return (yield* Ledger.promisedSchedule(owner)).filter((row) =>
    wanted.has(row.programId) &&
    (filter.startDate === undefined || row.redeemableFrom >= filter.startDate) &&
    (filter.endDate === undefined || row.redeemableFrom <= filter.endDate)
  )
})

// ---------------------------------------------------------------------------------------------------------------
// Tier log
// ---------------------------------------------------------------------------------------------------------------

const changeType = { UPGRADE: "UPGRADE", DOWNGRADE: "DOWNGRADE", RENEWAL: "RENEW" } as const

const changeVerb = { UPGRADE: "Upgrading to", DOWNGRADE: "Downgrading to", RENEWAL: "Renewing" } as const

/**
 * The group's tier changes (its first tier is where it started, not a change), newest first, from `from`
 * (inclusive) to `until` (exclusive), each with the till and store of the request that caused it (none for a
 * change that settling caused) and a note naming the tier reached.
 */
export const slabChanges = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  range: { readonly from?: number | undefined; readonly until?: number | undefined }
) {
  if (!(yield* Ledger.lotsModelled)) return []
  const sql = yield* SqlClient.SqlClient
  const changes = (yield* Ledger.tierChanges(owner))
    .filter((change) =>
      change.kind !== "INITIAL" && change.fromSerial !== undefined &&
      (range.from === undefined || change.changedAt >= range.from) &&
      (range.until === undefined || change.changedAt < range.until)
    )
    .reverse()
  const eventIds = changes.flatMap((change) => change.eventId === undefined ? [] : [change.eventId])
  const tills = eventIds.length === 0 ? [] : yield* sql<
    { event_id: number; till_id: number | null; store_code: string | null }
  >`SELECT ev.id AS event_id, t.id AS till_id, t.store_code FROM ledger_events ev
      LEFT JOIN tills t ON t.id = ev.till_id WHERE ${sql.in("ev.id", eventIds)}`
  const tiers = new Map<number, ReadonlyArray<Ledger.TierRow>>()
  const out: Array<SlabChangeRow> = []
  for (const change of changes) {
    if (!tiers.has(change.programId)) tiers.set(change.programId, yield* Ledger.tiersOf(change.programId))
    const reached = tiers.get(change.programId)!.find((tier) => tier.serial === change.toSerial)
    const kind = change.kind as Exclude<Ledger.TierChangeKind, "INITIAL">
    const till = tills.find((row) => row.event_id === change.eventId)
    out.push({
      fromSlabNumber: change.fromSerial!,
      toSlabNumber: change.toSerial,
      from: change.fromName ?? "",
      to: change.toName,
      changedOn: isoSeconds(change.changedAt),
      notes: `${changeVerb[kind]} Slab : Slab[${change.toSerial}]: Name [${change.toName}] Description [${
        reached?.description ?? ""
      }]`,
      ...(till?.till_id == null ? {} : { tillId: till.till_id }),
      ...(till?.store_code == null ? {} : { store: { code: till.store_code, type: "STORE" } }),
      type: changeType[kind],
      programId: change.programId
    })
  }
  return out
})

/** A tier change as the tier log lists it. */
export interface SlabChangeRow {
  readonly fromSlabNumber: number
  readonly toSlabNumber: number
  readonly from: string
  readonly to: string
  readonly changedOn: string
  readonly notes: string
  readonly tillId?: number
  readonly store?: { readonly code: string; readonly type: string }
  readonly type: string
  readonly programId: number
}

// ---------------------------------------------------------------------------------------------------------------
// Ledger pages
// ---------------------------------------------------------------------------------------------------------------

const bucketCategory = { MAIN: "Main", PROMISED: "DelayedAccrualPointCategory" } as const

/**
 * A page of the group's ledger: one entry per event (the group's own credits and debits in it), with the member
 * who moved points of a transfer (`customerDetails`, null for other events), the till and store of the request
 * that made it (empty for events settling made), and Capillary's owner id of a group (its negated id).
 */
export const ledgerPage = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  filter: Ledger.EntryFilter,
  page: { readonly limit: number; readonly pageNumber: number; readonly order: "ASC" | "DESC" }
) {
  const sql = yield* SqlClient.SqlClient
  const total = yield* Ledger.countEvents(owner, filter)
  const events = yield* Ledger.events(owner, filter, {
    limit: page.limit,
    offset: page.pageNumber * page.limit,
    order: page.order
  })
  const eventIds = events.map((event) => event.id)
  const movers = eventIds.length === 0 ? [] : yield* sql<
    { event_id: number; user_id: number; first_name: string | null; last_name: string | null }
  >`SELECT t.event_id, t.transferred_by AS user_id,
      (SELECT p.first_name FROM customer_profiles p WHERE p.customer_id = t.transferred_by ORDER BY p.rowid LIMIT 1)
        AS first_name,
      (SELECT p.last_name FROM customer_profiles p WHERE p.customer_id = t.transferred_by ORDER BY p.rowid LIMIT 1)
        AS last_name
    FROM points_transfers t WHERE ${sql.in("t.event_id", eventIds)}`
  const entries = events.map((event) => {
    const mover = movers.find((row) => row.event_id === event.id)
    const iso = isoSeconds(event.createdAt)
    return {
      eventLogId: event.id,
      eventName: event.eventName,
      customerId: owner.type === "USERGROUP2" ? -owner.id : owner.id,
      ledgerCreatedDate: ledgerDate(event.createdAt),
      ledgerCreatedDateISO: iso,
      customerDetails: mover === undefined ? null : {
        userId: mover.user_id,
        ...(mover.first_name === null ? {} : { firstName: mover.first_name }),
        ...(mover.last_name === null ? {} : { lastName: mover.last_name })
      },
      entryDetails: event.entries.map((entry) => ({
        ledgerEntryType: entry.amount > 0 ? "CREDIT" as const : "DEBIT" as const,
        points: Ledger.fromMilli(Math.abs(entry.amount)),
        pointsCategory: bucketCategory[entry.bucket],
        programName: entry.programName,
        programId: GroupPoints.ProgramId.make(entry.programId)
      })),
      netPointsOnEvent: Ledger.fromMilli(event.entries.reduce((sum, entry) => sum + entry.amount, 0)),
      netAlternateCurrenciesOnEvent: {},
      transactionDetails: {},
      store: event.storeCode ?? "",
      storeCode: event.storeCode ?? "",
      tillCode: event.tillCode ?? "",
      eventDetails: { eventDate: ledgerDate(event.createdAt), eventDateISO: iso },
      orgId: owner.orgId
    }
  })
  return {
    ledgerDetails: {
      pageNumber: page.pageNumber,
      pageSize: page.limit,
      totalEntries: total,
      pageCount: Math.ceil(total / page.limit)
    },
    ledgerEntries: entries
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Balances and tiers
// ---------------------------------------------------------------------------------------------------------------

/** A group's tier in each program read that has tiers. */
export const programTiers = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  programs: ReadonlyArray<Ledger.ProgramRow>
) {
  const out = []
  for (const program of programs) {
    const summary = yield* Ledger.programSummary(owner, program.id)
    if (summary.tier === undefined) continue
    out.push({
      programId: program.id,
      currentTierName: summary.tier.name,
      currentTierSerialNumber: summary.tier.serial,
      tierExpiryDate: tierExpiry.ledger,
      tierExpiryDateISO: tierExpiry.iso,
      nextTierName: summary.nextTier?.name ?? "",
      nextTierSerialNumber: summary.nextTier?.serial ?? -1
    })
  }
  return out
})

// ---------------------------------------------------------------------------------------------------------------
// The group read
// ---------------------------------------------------------------------------------------------------------------

/** What a group read asks to add (the loyalty options of `UserGroup.GetQuery`), and the request's time. */
export interface LoyaltyOptions {
  readonly expiredPoints?: boolean | undefined
  readonly expirySchedules?: boolean | undefined
  readonly gapToUpgradeFor?: number | undefined
  readonly gapToRenewFor?: number | undefined
  readonly companyDetails?: boolean | undefined
  /** Emulator time of the request: expiries and unlocks due by then are settled before reading. */
  readonly now?: number | undefined
}

/** Capillary's warning for a group read with company details, when the group has no company hierarchy. */
export const noHierarchy = { status: false, code: 1656, message: "Fleet group do not have a mapped hierarchy" }

const upgradeGap = (threshold: number, lifetime: number): UserGroup.UpgradeGap => ({
  upgradeBasedOn: "LIFETIME_POINTS",
  upgradeThreshold: threshold,
  customerUpgradeEntityValues: {
    currentValue: lifetime,
    gapToUpgrade: Math.max(0, Ledger.fromMilli(Ledger.toMilli(threshold) - Ledger.toMilli(lifetime))),
    valueValidUpto: tierExpiry.day
  }
})

const renewGap: UserGroup.RenewGap = { tierExpiryDate: tierExpiry.day, renewConfirmed: false, renewStrategies: [] }

/**
 * A group read with its loyalty from the ledger, in the shapes of Capillary's group read:
 * - `pointsSummaries`: one per program where the group's wallet has activity, with its tier (`slabSNo`,
 *   `currentSlab`, `nextSlab`, ...), the gap to its next tier in `upgradeStrategies` (none at the top), and
 *   `gapToRenewSummary` when `gapToRenewFor` is asked and its tier is that one or higher;
 * - `expiredPoints` (asked): the points that expired, by day and program (`points`, `expiredOn`, `programId`);
 * - `expirySchedules` (asked): the points that will expire, by date and program (`points`, `expiryDate`,
 *   `expiryDateISO`, `programId`), the earliest first;
 * - `gapToUpgrade` (`gapToUpgradeFor=N`): for each of those programs where the group is below tier N, the
 *   lifetime points still needed to reach it;
 * - `gapToRenew` (`gapToRenewFor=N`): the renewal of the first of those programs where the group is at tier N or
 *   higher (absent when none is);
 * - `companyDetails`: warning 1656, no hierarchy being modelled.
 * Unchanged when the ledger is not modelled.
 */
export const withLoyalty = Effect.fnUntraced(function*(
  orgId: number,
  group: UserGroup.UserGroup,
  options: LoyaltyOptions = {}
) {
  if (!(yield* Ledger.modelled)) return group
  const lots = yield* Ledger.lotsModelled
  if (lots && options.now !== undefined) yield* Ledger.settle(orgId, options.now)
  const owner = groupOwner(orgId, group.id)
  const programs = yield* Ledger.programs(orgId)
  const summaries: Array<UserGroup.PointsSummary> = []
  const gapToUpgrade: Array<UserGroup.UpgradeGap> = []
  let gapToRenew: UserGroup.RenewGap | undefined
  for (const programId of yield* Ledger.activePrograms(owner)) {
    const info = programs.find((row) => row.id === programId)
    if (info === undefined) continue
    const summary = yield* Ledger.programSummary(owner, programId)
    const serial = summary.tier?.serial ?? 1
    const renews = options.gapToRenewFor !== undefined && summary.tier !== undefined &&
      serial >= options.gapToRenewFor
    if (renews && gapToRenew === undefined) gapToRenew = renewGap
    if (options.gapToUpgradeFor !== undefined && serial < options.gapToUpgradeFor) {
      const target = (yield* Ledger.tiersOf(programId)).find((tier) => tier.serial === options.gapToUpgradeFor)
      if (target !== undefined) gapToUpgrade.push(upgradeGap(target.threshold, summary.lifetime))
    }
    summaries.push({
      redeemed: summary.redeemed,
      expired: summary.expired,
      returned: summary.returned,
      adjusted: summary.adjusted,
      lifetimePoints: summary.lifetime,
      loyaltyPoints: summary.main,
      userGroup2Id: group.id,
      currentSlab: summary.tier?.name ?? "",
      currentSlabDescription: summary.tier?.description ?? "",
      nextSlab: summary.nextTier?.name ?? "",
      nextSlabSerialNumber: summary.nextTier?.serial ?? -1,
      nextSlabDescription: summary.nextTier?.description ?? "",
      slabSNo: serial,
      slabExpiryDate: summary.tierExpiryDate,
      programId,
      delayedPoints: summary.promised,
      delayedReturnedPoints: 0,
      delayedExpiredPoints: 0,
      totalAvailablePoints: Ledger.fromMilli(Ledger.toMilli(summary.main) + Ledger.toMilli(summary.promised)),
      totalReturnedPoints: summary.returned,
      linkedPartnerPrograms: [],
      programTitle: info.name,
      programDescription: info.description,
      programPointsToCurrencyRatio: info.points_to_currency_ratio,
      upgradeStrategies: summary.nextTier === undefined
        ? []
        : [upgradeGap(summary.nextTier.threshold, summary.lifetime)],
      ...(renews ? { gapToRenewSummary: renewGap } : {}),
      pointsContributionToGroup: 0
    })
  }
  const expiredPoints = options.expiredPoints === true && lots
    ? (yield* Ledger.expiredPoints(owner)).map((entry) => ({
      points: entry.points,
      expiredOn: entry.expiredOn,
      programId: entry.programId
    }))
    : []
  const expirySchedules: Array<UserGroup.ExpirySchedule> = []
  if (options.expirySchedules === true && lots) {
    for (const entry of yield* Ledger.expirySchedule(owner)) {
      const same = expirySchedules.findIndex((row) =>
        row.expiryDate === entry.expiryDate && row.programId === entry.programId
      )
      if (same < 0) {
        expirySchedules.push({
          points: entry.points,
          expiryDate: entry.expiryDate,
          expiryDateISO: dayInstant(entry.expiryDate),
          programId: entry.programId
        })
      } else {
        const row = expirySchedules[same]!
        expirySchedules[same] = {
          ...row,
          points: Ledger.fromMilli(Ledger.toMilli(row.points) + Ledger.toMilli(entry.points))
        }
      }
    }
  }
  return new UserGroup.UserGroup({
    ...group,
    ...(options.expiredPoints === true ? { expiredPoints } : {}),
    ...(options.expirySchedules === true ? { expirySchedules } : {}),
    ...(options.gapToUpgradeFor === undefined ? {} : { gapToUpgrade }),
    ...(gapToRenew === undefined ? {} : { gapToRenew }),
    pointsSummaries: summaries,
    ...(options.companyDetails === true ? { warnings: [...(group.warnings ?? []), noHierarchy] } : {})
  })
})
