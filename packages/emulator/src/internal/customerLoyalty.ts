/**
 * A customer's loyalty read from the points ledger (`internal/ledger.ts`): program details, balances, tiers,
 * expiry and promised points schedules, expired points, loyalty events and points transfers, and `embedsFor`,
 * the loyalty parts a customer read embeds. Every function runs in the caller's transaction; callers settle the
 * organisation first (`Ledger.settle`) so expiries and unlocks that fell due are posted before anything is read.
 *
 * Kept as the emulator has them:
 * - A customer's programs are the organisation's customer programs (not its group programs) and any other
 *   program where the customer's wallet has had activity; a read without `programId` is of the default program.
 * - Tiers are reached by lifetime points and never expire (`Ledger.noTierExpiry`), except a tier an enrolment
 *   sets, which holds as a floor until its `tierExpiryDate`.
 * - No purchases are modelled, so `cumulativePurchases` is 0 (as the customer read's `lifetimePurchases`); no
 *   points were returned on promised accrual (`delayedReturnedPoints` 0).
 * - `linkedPartnerPrograms` are the partner programs of that loyalty program the customer is linked to (when
 *   partner programs are modelled).
 * - `loyaltyId` is the customer's id: the emulator keeps no separate loyalty membership record.
 * - A loyalty event's `uniqueId` is its ledger event id in base 62; its `status` is `SUCCESS` (a failed event
 *   writes nothing).
 * - No group loyalty programs (programs sharing points) exist, so `groupLoyaltyProgramDetails` is empty.
 */
import { Customer, Loyalty } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { reject } from "../Behaviour.ts"
import * as CustomerStore from "./customers.ts"
import { isoSeconds } from "./dates.ts"
import * as Ledger from "./ledger.ts"
import * as PartnerPrograms from "./partnerPrograms.ts"
import * as GroupStore from "./usergroups.ts"

/** 1101: the program is not the organisation's. */
export const invalidProgram = () => reject(1101, "Invalid programId")

/** A customer's wallet owner. */
export const customerOwner = (orgId: number, customerId: number): Ledger.Owner => ({
  orgId,
  type: "CUSTOMER",
  id: customerId
})

/** The midnight (UTC) instant of a day, as Capillary writes a date's ISO twin. */
export const dayInstant = (day: string) => `${day}T00:00:00Z`

/** The far-future tier expiry as the light tier API writes it (`YYYY-MM-DD hh:mm:ss`). */

// ---------------------------------------------------------------------------------------------------------------
// Who
// ---------------------------------------------------------------------------------------------------------------

/** 8069 when the customer was merged into another (when the database records merges). */
const notMerged = Effect.fnUntraced(function*(customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<Record<string, unknown>>`SELECT * FROM customers WHERE id = ${customerId}`
  const into = row?.merged_into
  if (typeof into === "number") return yield* reject(8069, `Customer is merged into another account (${into})`)
  return customerId
})

/** A customer of the organisation by id (8015 when not, 8069 when merged away). */
export const customerById = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  if (!(yield* GroupStore.hasCustomer(orgId, customerId))) return yield* CustomerStore.notFound()
  return yield* notMerged(customerId)
})

/** A customer by identifier in a source (any for `ALL`) and account (8015 when none holds it, 8069 merged). */
export const customerByIdentifier = Effect.fnUntraced(function*(
  orgId: number,
  query: {
    readonly source: Customer.LookupSource
    readonly accountId?: string | undefined
    readonly identifierName: string
    readonly identifierValue: string
  }
) {
  if (query.identifierName === "id") {
    return yield* customerById(orgId, Number(query.identifierValue))
  }
  const found = yield* CustomerStore.findByIdentifier(
    orgId,
    { type: query.identifierName, value: query.identifierValue },
    { source: query.source, accountId: query.accountId }
  )
  if (found === undefined) return yield* CustomerStore.notFound()
  return yield* notMerged(found)
})

// ---------------------------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------------------------

/** Which programs a read covers. */
export interface ProgramScope {
  readonly programId?: number | undefined
  /** Every program of the customer; wins over `programId` (which must still be the organisation's). */
  readonly all?: boolean | undefined
}

/**
 * The programs a read covers, by id: every program of the customer (`all`), the one named (1101 when it is not
 * the organisation's), or the default one.
 */
export const programsFor = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  scope: ProgramScope,
  fallback: "default" | "all"
) {
  const all = yield* Ledger.programs(owner.orgId)
  if (scope.programId !== undefined && !all.some((row) => row.id === scope.programId)) {
    return yield* invalidProgram()
  }
  if (scope.all === true || (scope.programId === undefined && fallback === "all")) {
    const active = new Set(yield* Ledger.activePrograms(owner))
    return all.filter((row) => row.is_group === 0 || active.has(row.id))
  }
  if (scope.programId !== undefined) return all.filter((row) => row.id === scope.programId)
  const fallbackProgram = yield* Ledger.defaultProgram(owner.orgId, "CUSTOMER")
  return fallbackProgram === undefined ? [] : [fallbackProgram]
})

// ---------------------------------------------------------------------------------------------------------------
// Program details, balances, tiers
// ---------------------------------------------------------------------------------------------------------------

/** The partner programs of a loyalty program a customer is linked to (none when partner programs are not modelled). */
const linkedPartners = Effect.fnUntraced(function*(owner: Ledger.Owner, programId: number) {
  if (owner.type !== "CUSTOMER" || !(yield* PartnerPrograms.modelled)) return []
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    id: number
    name: string
    description: string
    type: string
    tier_based: number
    membership_id: string
    tier_serial: number | null
    tier_name: string | null
    tier_expiry: number | null
  }>`SELECT p.id, p.name, p.description, p.type, p.tier_based, m.membership_id, m.tier_serial, t.name AS tier_name,
      m.tier_expiry
    FROM partner_memberships m JOIN partner_programs p ON p.id = m.partner_program_id
    LEFT JOIN partner_program_tiers t ON t.partner_program_id = p.id AND t.serial = m.tier_serial
    WHERE m.customer_id = ${owner.id} AND m.linked = 1 AND p.org_id = ${owner.orgId}
      AND p.loyalty_program_id = ${programId}
    ORDER BY p.id`
  return rows.map((row): typeof Loyalty.LinkedPartnerProgram.Type => ({
    partnerProgramId: row.id,
    partnerProgramName: row.name,
    partnerProgramDescription: row.description,
    ...(row.tier_serial === null ? {} : { partnerTierNumber: row.tier_serial }),
    ...(row.tier_name === null ? {} : { partnerTierName: row.tier_name }),
    ...(row.tier_expiry === null ? {} : { partnerTierExpiryDate: new Date(row.tier_expiry).toISOString() }),
    partnerMembershipId: row.membership_id,
    partnerProgramType: row.type,
    tierBased: row.tier_based === 1
  }))
})

/** The customer's points and tier in a program, as `loyaltyDetails` and `embed=mlp` show them. */
export const programDetail = Effect.fnUntraced(function*(owner: Ledger.Owner, program: Ledger.ProgramRow) {
  const summary = yield* Ledger.programSummary(owner, program.id)
  const linkedPartnerPrograms = yield* linkedPartners(owner, program.id)
  return {
    redeemed: summary.redeemed,
    expired: summary.expired,
    returned: summary.returned,
    adjusted: summary.adjusted,
    lifetimePoints: summary.lifetime,
    loyaltyPoints: summary.main,
    cumulativePurchases: 0,
    loyaltyId: owner.id,
    currentSlab: summary.tier?.name ?? "",
    nextSlab: summary.nextTier?.name ?? "",
    nextSlabSerialNumber: summary.nextTier?.serial ?? -1,
    nextSlabDescription: summary.nextTier?.description ?? "",
    slabSNo: summary.tier?.serial ?? -1,
    slabExpiryDate: summary.tierExpiryDate,
    programId: program.id,
    delayedPoints: summary.promised,
    delayedReturnedPoints: 0,
    totalAvailablePoints: Ledger.fromMilli(Ledger.toMilli(summary.main) + Ledger.toMilli(summary.promised)),
    totalReturnedPoints: summary.returned,
    linkedPartnerPrograms,
    programTitle: program.name,
    programDescription: program.description,
    programPointsToCurrencyRatio: program.points_to_currency_ratio
  } satisfies Loyalty.ProgramDetail
})

/** The customer's details in each program. */
export const programDetails = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  programs: ReadonlyArray<Ledger.ProgramRow>
) {
  const details: Array<Loyalty.ProgramDetail> = []
  for (const program of programs) details.push(yield* programDetail(owner, program))
  return details
})

/** The customer's MAIN and PROMISED points summed over the programs, as a light balance. */
export const balance = Effect.fnUntraced(function*(owner: Ledger.Owner, programs: ReadonlyArray<Ledger.ProgramRow>) {
  const { main, promised } = yield* Ledger.totalBalances(owner, programs.map((program) => program.id))
  return {
    entityId: owner.id,
    entityType: "CUSTOMER",
    totalPoints: Ledger.fromMilli(main + promised),
    mainPoints: Ledger.fromMilli(main),
    promisedPoints: Ledger.fromMilli(promised),
    promisedPointsBreakup: { delayedAccrualPoints: Ledger.fromMilli(promised), externalTriggerBasedPoints: 0 },
    warnings: []
  } satisfies Loyalty.PointsBalance
})

/** The customer's tier in each program, as the light tier API shows it (programs without tiers are left out). */
export const tiers = Effect.fnUntraced(function*(owner: Ledger.Owner, programs: ReadonlyArray<Ledger.ProgramRow>) {
  const programTiers: Array<Loyalty.ProgramTier> = []
  for (const program of programs) {
    const summary = yield* Ledger.programSummary(owner, program.id)
    if (summary.tier === undefined) continue
    programTiers.push({
      programId: program.id,
      currentTierName: summary.tier.name,
      currentTierSerialNumber: summary.tier.serial,
      tierExpiryDate: summary.tierExpiryDate.slice(0, 19).replace("T", " "),
      tierExpiryDateISO: summary.tierExpiryDate,
      nextTierName: summary.nextTier?.name ?? "",
      nextTierSerialNumber: summary.nextTier?.serial ?? -1
    })
  }
  return { entityId: owner.id, entityType: "CUSTOMER", programTiers, warnings: [] } satisfies Loyalty.TierDetails
})

// ---------------------------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------------------------

/** The remaining points of the customer's lots that will expire, in the programs, earliest first. */
export const expirySchedules = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  programs: ReadonlyArray<Ledger.ProgramRow>,
  options: { readonly earliestOnly?: boolean | undefined; readonly startDate?: string; readonly endDate?: string } = {}
) {
  const ids = new Set(programs.map((program) => program.id))
  const rows = yield* Ledger.expirySchedule(owner, {
    earliestOnly: options.earliestOnly,
    startDate: options.startDate,
    endDate: options.endDate
  })
  return rows.filter((row) => ids.has(row.programId)).map((row): Loyalty.ExpirySchedule => ({
    points: row.points,
    expiryDate: row.expiryDate,
    expiryDateISO: dayInstant(row.expiryDate),
    programId: row.programId,
    pointsType: row.pointsType,
    expiryType: row.expiryType
  }))
})

/** The customer's promised points by unlock date, in the programs, earliest first. */
export const promisedSchedules = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  programs: ReadonlyArray<Ledger.ProgramRow>
) {
  const ids = new Set(programs.map((program) => program.id))
  return (yield* Ledger.promisedSchedule(owner)).filter((row) => ids.has(row.programId)).map((
    row
  ): Loyalty.PromisedPoints => ({
    points: row.points,
    redeemableFrom: row.redeemableFrom,
    redeemableFromISO: dayInstant(row.redeemableFrom),
    programId: row.programId,
    pointsType: row.pointsType
  }))
})

/** The points the customer's wallets lost to expiries, by day and program. */
export const expired = Effect.fnUntraced(function*(owner: Ledger.Owner) {
  return (yield* Ledger.expiredPoints(owner)).map((row): Loyalty.ExpiredPoints => ({
    points: row.points,
    expiryDate: row.expiredOn,
    programId: row.programId
  }))
})

// ---------------------------------------------------------------------------------------------------------------
// Loyalty events
// ---------------------------------------------------------------------------------------------------------------

const eventKinds: Record<Loyalty.LoyaltyEventType, ReadonlyArray<string>> = {
  EARN: ["AWARD", "UNLOCK"],
  REDEEM: ["REDEEM"],
  EXPIRE: ["EXPIRE"],
  TRANSFER: ["TRANSFER"],
  RETURN: ["RETURN"],
  ADJUST: ["ADJUST"]
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** A ledger event id in base 62: the event's `uniqueId`. */
export const uniqueId = (eventId: number) => {
  let rest = eventId
  let out = ""
  do {
    out = base62[rest % 62] + out
    rest = Math.floor(rest / 62)
  } while (rest > 0)
  return out
}

/** Which loyalty events: one kind, a date range (`YYYY-MM-DD`, inclusive), and a page. */
export interface EventsFilter {
  readonly eventType?: Loyalty.LoyaltyEventType | undefined
  readonly fromDate?: string | undefined
  readonly toDate?: string | undefined
  readonly limit: number
  readonly offset: number
}

/** A page of the customer's loyalty events (ledger events with an entry on their wallets), oldest first. */
export const loyaltyEvents = Effect.fnUntraced(function*(owner: Ledger.Owner, filter: EventsFilter) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ id: number; event_name: string; created_at: number }>`
    SELECT DISTINCT ev.id, ev.event_name, ev.created_at
    FROM ledger_events ev
    JOIN ledger_entries en ON en.event_id = ev.id
    JOIN points_accounts a ON a.id = en.account_id
    WHERE ${
    sql.and([
      sql`a.org_id = ${owner.orgId}`,
      sql`a.owner_type = ${owner.type}`,
      sql`a.owner_id = ${owner.id}`,
      ...(filter.eventType === undefined ? [] : [sql.in("ev.kind", eventKinds[filter.eventType])]),
      ...(filter.fromDate === undefined ? [] : [sql`ev.created_at >= ${Ledger.startOfDay(filter.fromDate)}`]),
      ...(filter.toDate === undefined
        ? []
        : [sql`ev.created_at < ${Ledger.startOfDay(Ledger.addDays(filter.toDate, 1))}`])
    ])
  }
    ORDER BY ev.id LIMIT ${filter.limit} OFFSET ${filter.offset}`
  return rows.map((row): Loyalty.LoyaltyEvent => ({
    id: row.id,
    customerId: owner.id,
    date: isoSeconds(row.created_at),
    eventName: row.event_name,
    orgId: owner.orgId,
    status: "SUCCESS",
    uniqueId: uniqueId(row.id)
  }))
})

// ---------------------------------------------------------------------------------------------------------------
// Points transfers
// ---------------------------------------------------------------------------------------------------------------

/** A customer as a transfer names them. */
const party = Effect.fnUntraced(function*(customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const [profile] = yield* sql<{ first_name: string | null; last_name: string | null }>`SELECT first_name, last_name
    FROM customer_profiles WHERE customer_id = ${customerId} ORDER BY rowid LIMIT 1`
  return { userId: customerId, firstName: profile?.first_name ?? "", lastName: profile?.last_name ?? "" }
})

/** A group as a transfer shows it. */
const groupSnapshot = Effect.fnUntraced(function*(orgId: number, groupId: number) {
  const group = yield* GroupStore.get(orgId, { id: groupId })
  const read = yield* GroupStore.read(group)
  return {
    id: read.id,
    groupStatus: read.groupStatus,
    fleetGroupUsers: read.fleetGroupUsers.map((member) => ({ ...member })),
    createdBy: read.createdBy,
    createdOn: read.createdOn,
    lifeTimePurchases: read.lifeTimePurchases
  }
})

/** The side of a transfer: a customer or a group. */
const side = (orgId: number, type: Ledger.OwnerType, id: number, as: "From" | "To") =>
  type === "CUSTOMER"
    ? Effect.map(party(id), (customer) => ({ [`transferred${as}`]: customer }))
    : Effect.map(groupSnapshot(orgId, id), (group) => ({ [`transferred${as}UserGroup2`]: group }))

/** The transfers out of and into the customer's wallets, newest first (all of them, a hundred at a time). */
export const pointsTransfers = Effect.fnUntraced(function*(owner: Ledger.Owner) {
  const programs = yield* Ledger.programs(owner.orgId)
  const records: Array<Loyalty.PointsTransfer> = []
  for (let offset = 0;; offset += 100) {
    const rows = yield* Ledger.transfers(owner, { limit: 100, offset, order: "DESC" })
    for (const row of rows) {
      const date = isoSeconds(row.created_at)
      const out = row.from_type === owner.type && row.from_id === owner.id
      records.push({
        pointsTransferDate: date.slice(0, 19).replace("T", " "),
        pointsTransferDateISO: date,
        pointsTransferred: Ledger.fromMilli(row.points),
        transferId: row.id,
        transferType: out ? "DEDUCTION" : "ADDITION",
        fromEntityId: row.from_id,
        fromEntityType: row.from_type,
        toEntityId: row.to_id,
        toEntityType: row.to_type,
        ...(yield* side(owner.orgId, row.from_type, row.from_id, "From")),
        ...(yield* side(owner.orgId, row.to_type, row.to_id, "To")),
        notes: row.notes,
        programName: programs.find((program) => program.id === (out ? row.from_program : row.to_program))?.name ?? ""
      })
    }
    if (rows.length < 100) return records
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Embeds of a customer read
// ---------------------------------------------------------------------------------------------------------------

/**
 * The loyalty fields a customer read adds for its `embed` values, to merge into the customer: `points` (the
 * default program's `pointsSummary`), `mlp` (`loyaltyProgramDetails` for each of the customer's programs and
 * `groupLoyaltyProgramDetails`, empty: no group loyalty programs exist), `expirySchedules` (every program's, by
 * date) and `expiredPoints`; other values add nothing. Settles the organisation first when `now` is given (a
 * behaviour passes its request's time). Empty when the ledger is not modelled.
 */
export const embedsFor = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  embed: ReadonlyArray<string>,
  now?: number
) {
  const wanted = new Set(embed.flatMap((value) => value.split(",")).map((value) => value.trim()))
  const fields: { -readonly [K in keyof Loyalty.Embeds]: Loyalty.Embeds[K] } = {}
  if (!(yield* Ledger.modelled) || !(yield* Ledger.lotsModelled)) return fields as Loyalty.Embeds
  if (now !== undefined) yield* Ledger.settle(orgId, now)
  const owner = customerOwner(orgId, customerId)
  if (wanted.has("points")) {
    const [program] = yield* programsFor(owner, {}, "default")
    if (program !== undefined) {
      const detail = yield* programDetail(owner, program)
      fields.pointsSummary = {
        adjusted: detail.adjusted,
        cumulativePurchases: detail.cumulativePurchases,
        currentSlab: detail.currentSlab,
        expired: detail.expired,
        lifetimePoints: detail.lifetimePoints,
        loyaltyId: detail.loyaltyId,
        loyaltyPoints: detail.loyaltyPoints,
        nextSlab: detail.nextSlab,
        nextSlabDescription: detail.nextSlabDescription,
        nextSlabSerialNumber: detail.nextSlabSerialNumber,
        redeemed: detail.redeemed,
        returned: detail.returned,
        slabExpiryDate: detail.slabExpiryDate,
        slabSNo: detail.slabSNo
      }
    }
  }
  if (wanted.has("mlp")) {
    fields.loyaltyProgramDetails = yield* programDetails(owner, yield* programsFor(owner, {}, "all"))
    fields.groupLoyaltyProgramDetails = []
  }
  if (wanted.has("expirySchedules")) {
    fields.expirySchedules = yield* expirySchedules(owner, yield* programsFor(owner, { all: true }, "all"))
  }
  if (wanted.has("expiredPoints")) fields.expiredPoints = yield* expired(owner)
  return fields as Loyalty.Embeds
})
