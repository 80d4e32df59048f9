/**
 * The partner programs store on the emulator database: an organisation's partner programs (external or
 * supplementary, tier-based or not, with their tiers), customers' memberships of them, and the history of every
 * link, tier update and delink, dated on the emulator clock. A membership is active while it is linked and its
 * end date (the partner tier's expiry for an external program, the start plus the program's duration for a
 * supplementary one) has not passed. Every function runs in the caller's transaction.
 */
import { type Customer, PartnerProgram } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { reject } from "../Behaviour.ts"
import * as CustomerStore from "./customers.ts"
import { isoSeconds } from "./dates.ts"

/**
 * The tables (migration `0132_partner_programs`), after those of customers (`0100_customers`) and the
 * foundation's programs.
 */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE partner_programs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    loyalty_program_id INTEGER REFERENCES programs (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('EXTERNAL', 'SUPPLEMENTARY')),
    tier_based INTEGER NOT NULL CHECK (tier_based IN (0, 1)),
    membership_days INTEGER CHECK (membership_days > 0),
    UNIQUE (org_id, name)
  )`
  yield* sql`CREATE TABLE partner_program_tiers (
    partner_program_id INTEGER NOT NULL REFERENCES partner_programs (id) ON DELETE CASCADE,
    serial INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (partner_program_id, serial),
    UNIQUE (partner_program_id, name)
  )`
  yield* sql`CREATE TABLE partner_memberships (
    partner_program_id INTEGER NOT NULL REFERENCES partner_programs (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    membership_id TEXT NOT NULL,
    tier_serial INTEGER,
    tier_expiry INTEGER,
    start_date INTEGER NOT NULL,
    end_date INTEGER,
    linked INTEGER NOT NULL CHECK (linked IN (0, 1)),
    last_updated_at INTEGER NOT NULL,
    last_activity TEXT NOT NULL,
    PRIMARY KEY (partner_program_id, customer_id)
  )`
  yield* sql`CREATE INDEX partner_memberships_by_customer ON partner_memberships (customer_id)`
  yield* sql`CREATE TABLE partner_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_program_id INTEGER NOT NULL REFERENCES partner_programs (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    activity_type TEXT NOT NULL,
    activity_date INTEGER NOT NULL
  )`
  yield* sql`CREATE INDEX partner_activities_by_membership ON partner_activities (partner_program_id, customer_id)`
})

// ---------------------------------------------------------------------------------------------------------------
// Statuses and rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

type Status = PartnerProgram.ItemStatus

const failed = (code: number, message: string): Status => ({ status: false, code, message })

/** A program done. */
export const succeeded: Status = { status: true, code: 200, message: "Success" }

/** A customer found. */
export const customerFound: Status = { status: true, code: 1000, message: "Customer successfully retrieved" }

/** No customer for the identifiers (the customer's status, and each of their programs'). */
export const customerNotFound: Status = failed(8015, "Customer not found for the given identifiers")

const programNotFound = () => failed(2006, "Cannot find the partner program")
const tierNotFound = (detail: string) => failed(2007, `Cannot find the partner program tier: ${detail}`)
const tierMissing = () =>
  failed(2002, "Cannot proceed if updateDetails, updatedTierName, or partnerProgramName is empty or null")
const expiryInPast = () => failed(2003, "Partner tier expiry date should not be a past date")
const notLinked = () => failed(2004, "Link the customer with the partner program")
const alreadyLinked = () => failed(2005, "Customer is already linked with the partner program")
const notLoyalty = () => failed(2005, "Enroll the customer in the Loyalty Program")

// ---------------------------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------------------------

/** A partner program to create. */
export interface ProgramDefinition {
  readonly name: string
  readonly description: string
  readonly type: PartnerProgram.PartnerProgramType
  /** Tier names, lowest first; a program with tiers is tier-based. */
  readonly tiers: ReadonlyArray<string>
  /** The loyalty program it belongs to. */
  readonly loyaltyProgramId?: number | undefined
  /** How long a supplementary membership lasts, in days (none: until delinked). */
  readonly membershipDays?: number | undefined
}

/** Creates a partner program of an organisation; answers its id. */
export const createProgram = Effect.fnUntraced(function*(orgId: number, program: ProgramDefinition) {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ id: number }>`INSERT INTO partner_programs
      (org_id, loyalty_program_id, name, description, type, tier_based, membership_days)
    VALUES (${orgId}, ${program.loyaltyProgramId ?? null}, ${program.name}, ${program.description}, ${program.type},
      ${program.tiers.length > 0 ? 1 : 0}, ${program.membershipDays ?? null})
    RETURNING id`
  for (const [index, name] of program.tiers.entries()) {
    yield* sql`INSERT INTO partner_program_tiers (partner_program_id, serial, name)
      VALUES (${row!.id}, ${index + 1}, ${name})`
  }
  return row!.id
})

interface ProgramRow {
  readonly id: number
  readonly org_id: number
  readonly name: string
  readonly description: string
  readonly type: string
  readonly tier_based: number
  readonly membership_days: number | null
  readonly loyalty_program_name: string | null
}

const programColumns = (sql: SqlClient.SqlClient) =>
  sql`SELECT pp.id, pp.org_id, pp.name, pp.description, pp.type, pp.tier_based, pp.membership_days,
      p.name AS loyalty_program_name
    FROM partner_programs pp LEFT JOIN programs p ON p.id = pp.loyalty_program_id`

/** The organisation's partner program with that name, if any. */
export const findProgram = (orgId: number, by: { readonly name: string } | { readonly id: number }) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      "name" in by
        ? sql<ProgramRow>`${programColumns(sql)} WHERE pp.org_id = ${orgId} AND pp.name = ${by.name}`
        : sql<ProgramRow>`${programColumns(sql)} WHERE pp.org_id = ${orgId} AND pp.id = ${by.id}`,
      ([row]) => row
    )
  )

const tierByName = (programId: number, name: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ serial: number }>`SELECT serial FROM partner_program_tiers
        WHERE partner_program_id = ${programId} AND name = ${name}`,
      ([row]) => row?.serial
    )
  )

// ---------------------------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------------------------

/** A customer a request names, as found. */
export interface FoundCustomer {
  readonly id: number
  readonly loyalty: boolean
  /** The customer part of the answer. */
  readonly result: PartnerProgram.CustomerResult
}

const firstOf = (customer: Customer.Customer, type: string) =>
  customer.profiles.flatMap((profile) => profile.identifiers).find((identifier) => identifier.type === type)?.value

/** The customer a request names, by its first non-empty identifier in any source; undefined when none. */
export const findCustomer = Effect.fnUntraced(function*(
  orgId: number,
  identifier: { readonly type: string; readonly value: string }
) {
  const id = yield* CustomerStore.findByIdentifier(orgId, identifier, { source: "ALL" })
  if (id === undefined) return undefined
  const customer = yield* CustomerStore.load(orgId, id, { source: "ALL" })
  if (customer === undefined) return undefined
  const mobile = firstOf(customer, "mobile")
  const email = firstOf(customer, "email")
  const externalId = firstOf(customer, "externalId")
  return {
    id,
    loyalty: customer.loyaltyInfo?.loyaltyType !== "non_loyalty",
    result: {
      id: customer.id,
      ...(mobile === undefined ? {} : { mobile }),
      ...(email === undefined ? {} : { email }),
      ...(externalId === undefined ? {} : { externalId }),
      status: customerFound
    }
  } satisfies FoundCustomer
})

// ---------------------------------------------------------------------------------------------------------------
// Memberships
// ---------------------------------------------------------------------------------------------------------------

interface MembershipRow {
  readonly partner_program_id: number
  readonly customer_id: number
  readonly membership_id: string
  readonly tier_serial: number | null
  readonly tier_expiry: number | null
  readonly start_date: number
  readonly end_date: number | null
  readonly linked: number
  readonly last_updated_at: number
  readonly last_activity: string
}

const membershipOf = (programId: number, customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<MembershipRow>`SELECT * FROM partner_memberships
        WHERE partner_program_id = ${programId} AND customer_id = ${customerId}`,
      ([row]) => row
    )
  )

/** Linked, and its end date (if any) not passed. */
const isActive = (row: MembershipRow, now: number) => row.linked === 1 && (row.end_date === null || row.end_date > now)

const record = (programId: number, customerId: number, activityType: string, now: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql`INSERT INTO partner_activities (partner_program_id, customer_id, activity_type, activity_date)
      VALUES (${programId}, ${customerId}, ${activityType}, ${now})`
  )

/** The partner tier of a request, checked against the program: its serial and expiry, or the refusal. */
const checkTier = Effect.fnUntraced(function*(
  program: ProgramRow,
  tierName: string | undefined,
  expiryDate: string | undefined,
  now: number
) {
  const expiry = expiryDate === undefined ? null : Date.parse(expiryDate)
  if (expiry !== null && expiry <= now) return { refused: expiryInPast() } as const
  if (program.tier_based === 0) {
    return tierName === undefined
      ? { serial: null, expiry } as const
      : { refused: tierNotFound(`${program.name} has no tiers`) } as const
  }
  if (tierName === undefined) return { refused: tierMissing() } as const
  const serial = yield* tierByName(program.id, tierName)
  if (serial === undefined) return { refused: tierNotFound(`${program.name} has no tier ${tierName}`) } as const
  return { serial, expiry } as const
})

const dayMillis = 24 * 60 * 60 * 1000

/**
 * Links a customer to a program, or says why not: an unknown program 2006; a customer who is not a loyalty
 * customer, or is actively linked already, 2005; a tier-based program without a tier 2002, an unknown tier (or
 * a tier for a program without tiers) 2007; an expiry not after now 2003. A link after a delink or an expired
 * membership starts a new membership. External programs record ENROLLMENT, supplementary ones
 * SUPPLEMENTARY_MEMBERSHIP_STARTED.
 */
export const link = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customer: FoundCustomer
  readonly request: PartnerProgram.LinkToProgram
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { customer, now, request } = options
  const program = yield* findProgram(options.orgId, { name: request.partnerProgramName })
  if (program === undefined) return programNotFound()
  if (!customer.loyalty) return notLoyalty()
  const existing = yield* membershipOf(program.id, customer.id)
  if (existing !== undefined && isActive(existing, now)) return alreadyLinked()
  const reference = request.customerPartnerReference
  const tier = yield* checkTier(program, reference.partnerTierName, reference.partnerTierExpiryDate, now)
  if ("refused" in tier) return tier.refused
  const supplementary = program.type === "SUPPLEMENTARY"
  const end = supplementary
    ? (program.membership_days === null ? null : now + program.membership_days * dayMillis)
    : tier.expiry
  const activity = supplementary ? "SUPPLEMENTARY_MEMBERSHIP_STARTED" : "ENROLLMENT"
  yield* sql`INSERT INTO partner_memberships
      (partner_program_id, customer_id, membership_id, tier_serial, tier_expiry, start_date, end_date, linked,
        last_updated_at, last_activity)
    VALUES (${program.id}, ${customer.id}, ${reference.partnerMembershipId}, ${tier.serial}, ${tier.expiry}, ${now},
      ${end}, 1, ${now}, ${activity})
    ON CONFLICT (partner_program_id, customer_id) DO UPDATE SET membership_id = excluded.membership_id,
      tier_serial = excluded.tier_serial, tier_expiry = excluded.tier_expiry, start_date = excluded.start_date,
      end_date = excluded.end_date, linked = 1, last_updated_at = excluded.last_updated_at,
      last_activity = excluded.last_activity`
  yield* record(program.id, customer.id, activity, now)
  return succeeded
})

const updateActivities: Record<PartnerProgram.UpdateType, string> = {
  UPGRADE: "PARTNER_TIER_UPGRADE",
  DOWNGRADE: "PARTNER_TIER_DOWNGRADE",
  RENEW: "PARTNER_TIER_RENEWAL",
  UPDATE: "PARTNER_TIER_UPDATE"
}

/**
 * Sets a linked customer's partner tier (and its expiry; an external membership then ends with it), or says why
 * not: an unknown program 2006, a customer not actively linked 2004, an unknown tier (or a program without
 * tiers) 2007, an expiry not after now 2003. The direction of an upgrade or downgrade is not checked (Capillary
 * documents no code for it); the event is recorded as PARTNER_TIER_UPGRADE, _DOWNGRADE, _RENEWAL or _UPDATE.
 */
export const update = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customer: FoundCustomer
  readonly request: PartnerProgram.ProgramUpdate
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { customer, now, request } = options
  const program = yield* findProgram(options.orgId, { name: request.partnerProgramName })
  if (program === undefined) return programNotFound()
  const existing = yield* membershipOf(program.id, customer.id)
  if (existing === undefined || !isActive(existing, now)) return notLinked()
  const details = request.updateDetails
  if (program.tier_based === 0) return tierNotFound(`${program.name} has no tiers`)
  const tier = yield* checkTier(program, details.updatedTierName, details.updatedTierExpiryDate, now)
  if ("refused" in tier) return tier.refused
  const activity = updateActivities[request.updateType]
  const end = program.type === "EXTERNAL" ? tier.expiry : existing.end_date
  yield* sql`UPDATE partner_memberships SET tier_serial = ${tier.serial}, tier_expiry = ${tier.expiry},
      end_date = ${end}, last_updated_at = ${now}, last_activity = ${activity}
    WHERE partner_program_id = ${program.id} AND customer_id = ${customer.id}`
  yield* record(program.id, customer.id, activity, now)
  return succeeded
})

/**
 * Ends a customer's membership now, or says why not: an unknown program 2006, a customer not actively linked
 * 2004. Recorded as PARTNER_PROGRAM_EARLY_EXPIRY (the membership ends before its end date).
 */
export const delink = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customer: FoundCustomer
  readonly partnerProgramName: string
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { customer, now } = options
  const program = yield* findProgram(options.orgId, { name: options.partnerProgramName })
  if (program === undefined) return programNotFound()
  const existing = yield* membershipOf(program.id, customer.id)
  if (existing === undefined || !isActive(existing, now)) return notLinked()
  const activity = "PARTNER_PROGRAM_EARLY_EXPIRY"
  yield* sql`UPDATE partner_memberships SET linked = 0, end_date = ${now}, last_updated_at = ${now},
      last_activity = ${activity}
    WHERE partner_program_id = ${program.id} AND customer_id = ${customer.id}`
  yield* record(program.id, customer.id, activity, now)
  return succeeded
})

// ---------------------------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------------------------

const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const two = (value: number) => String(value).padStart(2, "0")

/** An instant as Capillary's notes write it (Java's `Date.toString` in GMT): `Wed Sep 14 15:51:21 GMT 2022`. */
const noteDate = (millis: number) => {
  const date = new Date(millis)
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${two(date.getUTCDate())} ${
    two(date.getUTCHours())
  }:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT ${date.getUTCFullYear()}`
}

const yearMillis = 365 * dayMillis

interface HistoryRow extends MembershipRow {
  readonly name: string
  readonly description: string
  readonly type: string
  readonly tier_based: number
  readonly loyalty_program_name: string | null
  readonly tier_name: string | null
}

/**
 * A page of a customer's partner programs (the most recently changed first) with their history, newest event
 * first: 8015 for an unknown customer, 2006 for an unknown `partnerProgramId`, 2011 when the customer has no
 * membership (of that program, or of that kind). Benefits are not modelled, so a BENEFITSAVAILED history lists
 * no events (and no `benefitsSummary`), with `notes` naming the period it covers (the year to now by default).
 */
export const history = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly query: PartnerProgram.ActivityHistoryQuery
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, query } = options
  const customerId = yield* CustomerStore.findByIdentifier(
    orgId,
    { type: query.identifierName, value: query.identifierValue },
    { source: query.source, accountId: query.accountId }
  )
  if (customerId === undefined) return yield* reject(8015, "Customer not found for the given identifiers")
  if (query.partnerProgramId !== undefined) {
    const program = yield* findProgram(orgId, { id: query.partnerProgramId })
    if (program === undefined) return yield* reject(2006, "Cannot find the partner program")
  }
  const rows = yield* sql<HistoryRow>`SELECT m.*, pp.name, pp.description, pp.type, pp.tier_based,
      p.name AS loyalty_program_name, t.name AS tier_name
    FROM partner_memberships m
      JOIN partner_programs pp ON pp.id = m.partner_program_id
      LEFT JOIN programs p ON p.id = pp.loyalty_program_id
      LEFT JOIN partner_program_tiers t ON t.partner_program_id = m.partner_program_id AND t.serial = m.tier_serial
    WHERE ${
    sql.and([
      sql`pp.org_id = ${orgId}`,
      sql`m.customer_id = ${customerId}`,
      ...(query.partnerProgramId === undefined ? [] : [sql`pp.id = ${query.partnerProgramId}`]),
      ...(query.partnerProgramType === undefined ? [] : [sql`pp.type = ${query.partnerProgramType}`])
    ])
  } ORDER BY m.last_updated_at DESC, pp.id DESC`
  if (rows.length === 0) return yield* reject(2011, "Cannot find partner program activity for the customer")
  const limit = query.limit ?? 10
  const offset = query.offset ?? 0
  const page = rows.slice(offset, offset + limit)
  const benefits = query.activityType === "BENEFITSAVAILED"
  const end = query.endDate === undefined ? now : PartnerProgram.parseQueryDate(query.endDate)
  const start = query.startDate === undefined ? end - yearMillis : PartnerProgram.parseQueryDate(query.startDate)
  const data: Array<PartnerProgram.ProgramActivity> = []
  for (const row of page) {
    const events = benefits ? [] : yield* sql<{ activity_type: string; activity_date: number }>`SELECT
        activity_type, activity_date FROM partner_activities
      WHERE partner_program_id = ${row.partner_program_id} AND customer_id = ${customerId}
      ORDER BY activity_date DESC, id DESC`
    data.push({
      partnerProgramDetails: {
        ...(row.loyalty_program_name === null ? {} : { programName: row.loyalty_program_name }),
        partnerProgramId: row.partner_program_id,
        partnerProgramName: row.name,
        partnerProgramDescription: row.description,
        ...(row.tier_serial === null ? {} : { partnerTierNumber: row.tier_serial }),
        ...(row.tier_name === null ? {} : { partnerTierName: row.tier_name }),
        ...(row.tier_expiry === null ? {} : { partnerTierExpiryDate: isoSeconds(row.tier_expiry) }),
        partnerMembershipId: row.membership_id,
        partnerProgramType: row.type,
        partnerProgramMembershipStartDate: isoSeconds(row.start_date),
        ...(row.end_date === null ? {} : { partnerProgramMembershipEndDate: isoSeconds(row.end_date) }),
        partnerProgramMembershipLastUpdatedDate: isoSeconds(row.last_updated_at),
        partnerProgramMembershipLastUpdatedActivity: row.last_activity,
        linked: isActive(row, now),
        tierBased: row.tier_based === 1
      },
      customerActivityHistory: events.map((event) => ({
        activityType: event.activity_type,
        activityDate: isoSeconds(event.activity_date)
      })),
      ...(benefits ? { notes: `showing customer activities from ${noteDate(start)} till ${noteDate(end)}` } : {})
    })
  }
  return { pagination: { limit, offset, total: rows.length }, data, warnings: [], errors: [] }
})

/** Whether the database has the partner program tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'partner_programs'`,
    (rows) => rows[0]!.n > 0
  )
)
