/**
 * The store of the v1.1 customer API and the v2 customer batches on the emulator database. A v1.1 customer is the
 * same customer as v2's (the `customers`, `customer_profiles` and `customer_identifiers` tables of
 * `internal/customers.ts`): v1.1 reads and writes its main profile (INSTORE when it has one, else its first),
 * and keeps what v2 has no column for in tables of its own: the v1.1 registration details (type, source, groups,
 * fraud status, registration date and till, last update), notes, tickets, the names of the custom fields that
 * are preferences, and pending identity change requests. Reads of points come from the points ledger (balances,
 * lots, tier changes) and reads of coupons from the coupon tables, and the customer read's other parts from the
 * stores that keep them (user groups, subscriptions, partner programs), each when it is modelled. Everything runs
 * in the caller's transaction.
 */
import { Customer, CustomerV11 } from "@capillary-effect/customers"
import type { Coupon } from "@capillary-effect/rewards"
import { Effect, Random, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { Rejection } from "../Behaviour.ts"
import * as Coupons from "./coupons.ts"
import * as Customers from "./customers.ts"
import * as Ledger from "./ledger.ts"
import * as PartnerPrograms from "./partnerPrograms.ts"
import * as Subscriptions from "./subscriptions.ts"
import * as UserGroups from "./usergroups.ts"

/** The tables (migration `0140_customers_v11`; the customers tables come first). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE customer_v11_details (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('LOYALTY', 'NON_LOYALTY', 'NOT_INTERESTED')),
    source TEXT NOT NULL,
    registered_on INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    registered_till TEXT,
    associated_with TEXT,
    test_control_status TEXT,
    ndnc_status TEXT,
    fraud_status TEXT NOT NULL DEFAULT 'NONE',
    referral_code TEXT
  )`
  yield* sql`CREATE TABLE customer_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    note_date INTEGER NOT NULL,
    added_at INTEGER NOT NULL,
    added_by TEXT NOT NULL,
    associate_id TEXT
  )`
  yield* sql`CREATE INDEX customer_notes_by_customer ON customer_notes (customer_id)`
  // A ticket's code is unique in the organisation, and a customer has one ticket per subject (1301): the
  // indexes decide between concurrent requests.
  yield* sql`CREATE TABLE customer_tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT,
    department TEXT,
    reported_from TEXT,
    type TEXT,
    custom_fields TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (org_id, code)
  )`
  yield* sql`CREATE UNIQUE INDEX customer_tickets_subject ON customer_tickets (customer_id, subject COLLATE NOCASE)`
  yield* sql`CREATE TABLE customer_preferences (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (customer_id, name)
  )`
  yield* sql`CREATE TABLE customer_identity_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
  )`
  yield* sql`CREATE UNIQUE INDEX customer_identity_pending ON customer_identity_requests (customer_id, identifier)
    WHERE status = 'PENDING'`
})

// ---------------------------------------------------------------------------------------------------------------
// Rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

/** A v1.1 item failure (the behaviour turns it into the item's `item_status`). */
export const reject = (code: number, message: string, status = 400) => new Rejection({ status, code, message })

/** 1011 (by id) or 1012 (by mobile, email or external id): no such customer in the organisation. */
export const notFound = (identifier: CustomerV11.Identifier) =>
  identifier.type === "id"
    ? reject(1011, "Cannot find customer for provided identifier")
    : reject(1012, "Cannot find customer for provided mobile/external-id/e-mail")

/** 1016 email, 1032 mobile, 1033 external id: the value belongs to another customer. */
export const inUse = (type: CustomerV11.IdentifierType) =>
  type === "email"
    ? reject(1016, "Email provided already exists for some other user")
    : type === "mobile"
    ? reject(1032, "A customer already exists with the same mobile number")
    : reject(1033, "A customer already exists with the same external id")

const isUniqueViolation = (error: SqlError.SqlError) => error.reason._tag === "UniqueViolation"

// ---------------------------------------------------------------------------------------------------------------
// Time and values
// ---------------------------------------------------------------------------------------------------------------

/** v1.1's `YYYY-MM-DD HH:MM:SS`, in UTC (the emulator's cluster time zone). */
export const v11Date = CustomerV11.formatDateTime

/** The date part of v1.1's format. */
export const v11Day = (millis: number) => CustomerV11.formatDateTime(millis).slice(0, 10)

/** Tiers have no expiry in the emulator; Capillary writes a far-future date then (as the ledger does). */
export const noTierExpiry = "2099-12-31 23:59:59"

/** The inclusive bounds of a `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS`) period, in epoch milliseconds. */
export const period = (start: string | undefined, end: string | undefined) => {
  const from = start === undefined ? undefined : CustomerV11.parseDateTime(start)
  const endAt = end === undefined ? undefined : CustomerV11.parseDateTime(end)
  // A date alone names the whole day.
  const until = endAt === undefined ? undefined : end!.length === 10 ? endAt + 86_399_999 : endAt
  return { from, until }
}

/** Whether a time is in a period. */
export const inPeriod = (
  at: number,
  range: { readonly from: number | undefined; readonly until: number | undefined }
) => (range.from === undefined || at >= range.from) && (range.until === undefined || at <= range.until)

/** The v2 identifier type of a v1.1 identifier. */
const v2Type = (type: CustomerV11.IdentifierType) =>
  type === "external_id" ? "externalId" : type === "card_external_id" ? "cardExternalId" : type

const decodeFields = Schema.decodeUnknownSync(Schema.fromJsonString(Customer.Fields))

/** Field values as v1.1 writes them: strings. */
const text = (value: Schema.Json | undefined): string =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value)

/** `{name, value}` fields as a record (a field without a value is left out). */
export const fieldsRecord = (fields: ReadonlyArray<CustomerV11.Field> | undefined): Record<string, string> =>
  Object.fromEntries((fields ?? []).flatMap((field) => field.value === null ? [] : [[field.name, field.value]]))

/** A record as `{name, value}` fields. */
export const fieldList = (record: Customer.Fields): Array<CustomerV11.Field> =>
  Object.entries(record).map(([name, value]) => ({ name, value: text(value) }))

// ---------------------------------------------------------------------------------------------------------------
// Finding customers
// ---------------------------------------------------------------------------------------------------------------

/** The customer an identifier names in the organisation (by id, or holding the value in any source). */
export const resolve = Effect.fnUntraced(function*(orgId: number, identifier: CustomerV11.Identifier) {
  const sql = yield* SqlClient.SqlClient
  if (identifier.type === "id") {
    if (!/^\d+$/.test(identifier.value)) return undefined
    const rows = yield* sql<{ id: number }>`SELECT id FROM customers
      WHERE id = ${Number(identifier.value)} AND org_id = ${orgId}`
    return rows[0]?.id
  }
  return yield* Customers.findByIdentifier(orgId, { type: v2Type(identifier.type), value: identifier.value }, {
    source: "ALL"
  })
})

/** The first identifier of a record that names a customer of the organisation, and that customer. */
export const resolveFirst = Effect.fnUntraced(function*(
  orgId: number,
  identifiers: ReadonlyArray<CustomerV11.Identifier>
) {
  const [first] = identifiers
  if (first === undefined) return yield* reject(1015, "No identifier provided to get loyalty users")
  const customerId = yield* resolve(orgId, first)
  if (customerId === undefined) return yield* notFound(first)
  return customerId
})

interface ProfileRow {
  readonly source: string
  readonly account_id: string
  readonly first_name: string | null
  readonly last_name: string | null
  readonly fields: string
  readonly created_at: number
  readonly created_by: string
}

/** The profile v1.1 reads and writes: INSTORE when the customer has one, else the first. */
const mainProfile = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<ProfileRow>`SELECT source, account_id, first_name, last_name, fields, created_at, created_by
        FROM customer_profiles WHERE customer_id = ${customerId}
        ORDER BY CASE WHEN source = 'INSTORE' THEN 0 ELSE 1 END, rowid LIMIT 1`,
      (rows) => rows[0]
    )
  )

interface IdentifierRow {
  readonly source: string
  readonly account_id: string
  readonly type: string
  readonly value: string
  readonly series_id: number | null
  readonly status_label: string | null
  readonly card_external_id: string | null
}

const identifierRows = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<IdentifierRow>`SELECT source, account_id, type, value, series_id, status_label, card_external_id
      FROM customer_identifiers
      WHERE customer_id = ${customerId} ORDER BY CASE WHEN source = 'INSTORE' THEN 0 ELSE 1 END, rowid`
  )

interface DetailsRow {
  readonly type: string
  readonly source: string
  readonly registered_on: number
  readonly updated_at: number
  readonly registered_till: string | null
  readonly associated_with: string | null
  readonly test_control_status: string | null
  readonly ndnc_status: string | null
  readonly fraud_status: string
  readonly referral_code: string | null
}

/** What v1.1 knows of a customer: the main profile, identifiers, loyalty type, fields and registration details. */
export interface View {
  readonly id: number
  readonly orgId: number
  readonly firstName: string | undefined
  readonly lastName: string | undefined
  readonly mobile: string | undefined
  readonly email: string | undefined
  readonly externalId: string | undefined
  readonly fields: Customer.Fields
  readonly extendedFields: Customer.Fields
  readonly loyalty: boolean
  readonly type: string
  readonly source: string
  readonly registeredOn: number
  readonly updatedAt: number
  readonly registeredBy: string
  readonly storeCode: string | undefined
  readonly testControlStatus: string | undefined
  readonly ndncStatus: string | undefined
  readonly registeredTill: string | undefined
  readonly associatedWith: string | undefined
  readonly referralCode: string | undefined
  readonly fraudStatus: string
  readonly cards: ReadonlyArray<IdentifierRow>
  readonly profile: { readonly source: string; readonly accountId: string } | undefined
}

/** A customer of the organisation as v1.1 sees them; undefined when there is no such customer. */
export const view = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const [customer] = yield* sql<{ id: number; loyalty_type: string; extended_fields: string; created_at: number }>`
    SELECT id, loyalty_type, extended_fields, created_at FROM customers WHERE id = ${customerId} AND org_id = ${orgId}`
  if (customer === undefined) return undefined
  const profile = yield* mainProfile(customerId)
  const identifiers = yield* identifierRows(customerId)
  const [details] = yield* sql<DetailsRow>`SELECT * FROM customer_v11_details WHERE customer_id = ${customerId}`
  const value = (type: string) => identifiers.find((row) => row.type === type)?.value
  const registeredBy = profile?.created_by ?? ""
  const [till] = yield* sql<{ store_code: string }>`SELECT store_code FROM tills
    WHERE username = ${registeredBy} AND org_id = ${orgId}`
  const loyalty = customer.loyalty_type !== "non_loyalty"
  return {
    id: customer.id,
    orgId,
    firstName: profile?.first_name ?? undefined,
    lastName: profile?.last_name ?? undefined,
    mobile: value("mobile"),
    email: value("email"),
    externalId: value("externalId"),
    fields: profile === undefined ? {} : decodeFields(profile.fields),
    extendedFields: decodeFields(customer.extended_fields),
    loyalty,
    type: details?.type ?? (loyalty ? "LOYALTY" : "NON_LOYALTY"),
    source: details?.source ?? profile?.source ?? "INSTORE",
    registeredOn: details?.registered_on ?? customer.created_at,
    updatedAt: details?.updated_at ?? customer.created_at,
    registeredBy,
    storeCode: till?.store_code,
    testControlStatus: details?.test_control_status ?? undefined,
    ndncStatus: details?.ndnc_status ?? undefined,
    registeredTill: details?.registered_till ?? undefined,
    associatedWith: details?.associated_with ?? undefined,
    referralCode: details?.referral_code ?? undefined,
    fraudStatus: details?.fraud_status ?? "NONE",
    cards: identifiers.filter((row) => row.type === "cardnumber"),
    profile: profile === undefined ? undefined : { source: profile.source, accountId: profile.account_id }
  } satisfies View
})

/** The identifiers of a customer as v1.1 answers name them. */
export const identity = (customer: View) => ({
  ...(customer.mobile === undefined ? {} : { mobile: customer.mobile }),
  ...(customer.email === undefined ? {} : { email: customer.email }),
  ...(customer.externalId === undefined ? {} : { external_id: customer.externalId })
})

/** The identifier a failed item was asked for, as the item carries it. */
export const asked = (identifier: CustomerV11.Identifier | undefined) =>
  identifier === undefined ? {} : { [identifier.type]: identifier.value }

// ---------------------------------------------------------------------------------------------------------------
// Points and tiers, from the ledger
// ---------------------------------------------------------------------------------------------------------------

/** A program's points summary of a customer, in v1.1's shape. */
export interface Summary {
  readonly programId: number
  readonly isDefault: boolean
  readonly programName: string
  readonly programDescription: string
  readonly pointsToCurrencyRatio: number
  readonly lifetime: number
  readonly loyalty: number
  /** Promised points, not yet redeemable (the PROMISED bucket). */
  readonly promised: number
  readonly redeemed: number
  readonly expired: number
  readonly returned: number
  readonly adjusted: number
  readonly currentSlab: string
  readonly currentSlabDescription: string
  readonly slabSNo: number
  /** The lifetime points from which the current tier starts. */
  readonly currentThreshold: number
  /** When the current tier ends (`YYYY-MM-DD HH:MM:SS`): far in the future unless a tier floor holds it. */
  readonly tierExpiry: string
  readonly nextSlab: string
  readonly nextSlabSerialNumber: number
  readonly nextSlabDescription: string
  /** The lifetime points from which the next tier starts; none at the highest tier. */
  readonly nextThreshold: number | undefined
}

/**
 * A program's summary of the customer: the ledger's (`Ledger.programSummary`: running totals, the tier its
 * lifetime points reach or its floor holds, the next tier), or no points in the program's lowest tier when the
 * ledger is not modelled.
 */
const summaryOf = Effect.fnUntraced(function*(owner: Ledger.Owner, program: Ledger.ProgramRow, ledger: boolean) {
  const tiers = yield* Ledger.tiersOf(program.id)
  const found = ledger ? yield* Ledger.programSummary(owner, program.id) : undefined
  const tier = found === undefined ? tiers[0] : found.tier
  const next = found === undefined ? tiers[1] : found.nextTier
  return {
    programId: program.id,
    isDefault: program.is_default === 1,
    programName: program.name,
    programDescription: program.description,
    pointsToCurrencyRatio: program.points_to_currency_ratio,
    lifetime: found?.lifetime ?? 0,
    loyalty: found?.main ?? 0,
    promised: found?.promised ?? 0,
    redeemed: found?.redeemed ?? 0,
    expired: found?.expired ?? 0,
    returned: found?.returned ?? 0,
    adjusted: found?.adjusted ?? 0,
    currentSlab: tier?.name ?? "",
    currentSlabDescription: tier?.description ?? "",
    slabSNo: tier?.serial ?? 1,
    currentThreshold: tier?.threshold ?? 0,
    tierExpiry: found === undefined ? noTierExpiry : v11Date(Date.parse(found.tierExpiryDate)),
    nextSlab: next?.name ?? "",
    nextSlabSerialNumber: next?.serial ?? -1,
    nextSlabDescription: next?.description ?? "",
    nextThreshold: next?.threshold
  } satisfies Summary
})

/**
 * The customer's points in each program where their wallet has an account, and in the organisation's default
 * program (with no points when it has none), or in the one program asked for (`programId`, whether or not the
 * wallet has an account there): balances, running totals and tiers from the ledger (when it is modelled).
 */
export const summaries = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  options: { readonly programId?: number | undefined } = {}
) {
  const owner: Ledger.Owner = { orgId, type: "CUSTOMER", id: customerId }
  const programs = yield* Ledger.programs(orgId)
  const ledger = yield* Ledger.modelled
  const wallets = ledger ? yield* Ledger.wallets(owner) : []
  const selected = programs.filter((program) =>
    options.programId !== undefined
      ? program.id === options.programId
      : (program.is_default === 1 && program.is_group === 0) || wallets.some((row) => row.program_id === program.id)
  )
  const result: Array<Summary> = []
  for (const program of selected) result.push(yield* summaryOf(owner, program, ledger))
  return result
})

/**
 * A summary as v1.1's `points_summary` item: running totals, tiers, promised (`delayed_points`) and redeemable
 * points, the program. Purchases are not modelled (`cumulativePurchases` 0), promised points are never taken
 * back (`delayed_returned_points` 0).
 */
export const pointsSummary = (summary: Summary): CustomerV11.PointsSummary => ({
  programId: summary.programId,
  redeemed: summary.redeemed,
  expired: summary.expired,
  returned: summary.returned,
  adjusted: summary.adjusted,
  lifetimePoints: summary.lifetime,
  loyaltyPoints: summary.loyalty,
  cumulativePurchases: 0,
  currentSlab: summary.currentSlab,
  currentSlabDescription: summary.currentSlabDescription,
  nextSlab: summary.nextSlab,
  nextSlabSerialNumber: summary.nextSlabSerialNumber,
  nextSlabDescription: summary.nextSlabDescription,
  slabSNo: summary.slabSNo,
  slabExpiryDate: summary.tierExpiry,
  totalPoints: "",
  delayed_points: summary.promised,
  delayed_returned_points: 0,
  total_available_points: summary.loyalty,
  total_returned_points: summary.returned,
  program_title: summary.programName,
  program_description: summary.programDescription,
  program_points_to_currency_ratio: summary.pointsToCurrencyRatio
})

// ---------------------------------------------------------------------------------------------------------------
// Coupons, from the coupon tables
// ---------------------------------------------------------------------------------------------------------------

/** A coupon of a customer with what the v1.1 and v2 customer reads show of it. */
export interface CouponRecord {
  readonly id: number
  readonly seriesId: number
  readonly code: string
  readonly issuedAt: number
  readonly issuedBy: string
  readonly validTill: number
  readonly status: string
  readonly series: Coupon.CouponSeries
  readonly redemptions: ReadonlyArray<RedemptionRecord>
}

/** A redemption of a coupon (reactivated ones keep their reactivation time). */
export interface RedemptionRecord {
  readonly id: number
  readonly couponId: number
  readonly seriesId: number
  readonly transactionNumber: string
  readonly billAmount: number
  readonly redeemedAt: number
  readonly redeemedBy: string
  readonly reactivatedAt: number | null
}

/** The customer's coupons (revoked ones left out), newest first, with their series and redemptions. */
export const coupons = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  if (!(yield* Coupons.modelled)) return []
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    id: number
    series_id: number
    code: string
    issued_at: number
    issued_by: string
    valid_till: number
    status: string
  }>`SELECT id, series_id, code, issued_at, issued_by, valid_till, status FROM coupons
    WHERE org_id = ${orgId} AND customer_id = ${customerId} AND status <> 'REVOKED' ORDER BY id DESC`
  if (rows.length === 0) return []
  const series = yield* Coupons.findSeries(orgId, [...new Set(rows.map((row) => row.series_id))])
  const redemptions = yield* sql<{
    id: number
    coupon_id: number
    series_id: number
    transaction_number: string
    bill_amount: number
    redeemed_at: number
    redeemed_by: string
    reactivated_at: number | null
  }>`SELECT id, coupon_id, series_id, transaction_number, bill_amount, redeemed_at, redeemed_by, reactivated_at
    FROM coupon_redemptions WHERE ${sql.in("coupon_id", rows.map((row) => row.id))} ORDER BY id`
  return rows.flatMap((row): Array<CouponRecord> => {
    const ofSeries = series.find((candidate) => candidate.id === row.series_id)
    if (ofSeries === undefined) return []
    return [{
      id: row.id,
      seriesId: row.series_id,
      code: row.code,
      issuedAt: row.issued_at,
      issuedBy: row.issued_by,
      validTill: row.valid_till,
      status: row.status,
      series: ofSeries,
      redemptions: redemptions.filter((redemption) => redemption.coupon_id === row.id).map((redemption) => ({
        id: redemption.id,
        couponId: redemption.coupon_id,
        seriesId: redemption.series_id,
        transactionNumber: redemption.transaction_number,
        billAmount: redemption.bill_amount,
        redeemedAt: redemption.redeemed_at,
        redeemedBy: redemption.redeemed_by,
        reactivatedAt: redemption.reactivated_at
      }))
    }]
  })
})

/** The redemptions of a coupon that stand (not reactivated). */
export const standing = (coupon: CouponRecord) =>
  coupon.redemptions.filter((redemption) => redemption.reactivatedAt === null)

/** A coupon's status at a time: redeemed out, expired (past its validity or its series' end), or active. */
export const couponStatus = (coupon: CouponRecord, now: number) =>
  coupon.status === "REDEEMED"
    ? "REDEEMED"
    : now > coupon.validTill || now > Date.parse(coupon.series.validTillDate)
    ? "EXPIRED"
    : "ACTIVE"

/**
 * Redemptions left on a coupon for its holder, by the series' rules (as the coupon store counts them): 0 or 1 for
 * a single-use coupon, else the per-customer cap less the holder's standing redemptions in the series (-1 when
 * there is no cap).
 */
export const redemptionsLeft = (coupon: CouponRecord, all: ReadonlyArray<CouponRecord>) => {
  const multipleUse = coupon.series.isMultipleUseAllowed === true
  const sameUser = coupon.series.sameUserMultipleRedeem === true
  if (!multipleUse && !sameUser) return standing(coupon).length > 0 ? 0 : 1
  const cap = coupon.series.maxRedemptionsInSeriesPerUser ?? -1
  const inSeries = all.filter((other) => other.seriesId === coupon.seriesId).reduce(
    (sum, other) => sum + standing(other).length,
    0
  )
  return cap === -1 ? -1 : Math.max(0, cap - inSeries)
}

/** The store of a till of the organisation (its code), if the till is known. */
export const storeOf = Effect.fnUntraced(function*(orgId: number, tillCode: string) {
  const sql = yield* SqlClient.SqlClient
  const [till] = yield* sql<{ id: number; store_code: string }>`SELECT id, store_code FROM tills
    WHERE username = ${tillCode} AND org_id = ${orgId}`
  return till
})

// ---------------------------------------------------------------------------------------------------------------
// Points redemptions, from the ledger
// ---------------------------------------------------------------------------------------------------------------

/** A points redemption of the customer: the ledger event, its program, the points and where it was made. */
export interface PointsRedemptionRecord {
  readonly id: number
  readonly programId: number
  readonly points: number
  readonly at: number
  readonly tillCode: string | undefined
  readonly storeCode: string | undefined
}

/** The customer's points redemptions (REDEEM events on their MAIN wallets), oldest first. */
export const pointsRedemptions = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  if (!(yield* Ledger.modelled)) return []
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    id: number
    created_at: number
    program_id: number
    amount: number
    username: string | null
    store_code: string | null
  }>`SELECT ev.id, ev.created_at, a.program_id, en.amount, t.username, t.store_code
    FROM ledger_events ev
    JOIN ledger_entries en ON en.event_id = ev.id
    JOIN points_accounts a ON a.id = en.account_id
    LEFT JOIN tills t ON t.id = ev.till_id
    WHERE ev.org_id = ${orgId} AND ev.kind = 'REDEEM' AND a.owner_type = 'CUSTOMER' AND a.owner_id = ${customerId}
      AND a.bucket = 'MAIN' AND en.amount < 0
    ORDER BY ev.id`
  return rows.map((row): PointsRedemptionRecord => ({
    id: row.id,
    programId: row.program_id,
    points: Ledger.fromMilli(-row.amount),
    at: row.created_at,
    tillCode: row.username ?? undefined,
    storeCode: row.store_code ?? undefined
  }))
})

// ---------------------------------------------------------------------------------------------------------------
// Notes, preferences, cards
// ---------------------------------------------------------------------------------------------------------------

/** A note row. */
export interface NoteRow {
  readonly id: number
  readonly description: string
  readonly note_date: number
  readonly added_at: number
}

/** The customer's notes, oldest first. */
export const notes = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<NoteRow>`SELECT id, description, note_date, added_at FROM customer_notes
      WHERE customer_id = ${customerId} ORDER BY id`
  )

/** The preferences of a customer: the custom fields of the preferences category, with their current values. */
export const preferences = Effect.fnUntraced(function*(customer: View) {
  const sql = yield* SqlClient.SqlClient
  const names = yield* sql<{ name: string }>`SELECT name FROM customer_preferences
    WHERE customer_id = ${customer.id} ORDER BY rowid`
  return names.flatMap(({ name }) =>
    customer.fields[name] === undefined ? [] : [{ name, value: text(customer.fields[name]) }]
  )
})

// ---------------------------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------------------------

/** Writes (or replaces) the v1.1 registration details of a customer. */
const writeDetails = (customerId: number, details: {
  readonly type: string
  readonly source: string
  readonly registeredOn: number
  readonly updatedAt: number
  readonly registeredTill: string | undefined
  readonly associatedWith: string | undefined
  readonly testControlStatus: string | undefined
  readonly ndncStatus: string | undefined
  readonly fraudStatus: string
  readonly referralCode: string | undefined
}) =>
  SqlClient.SqlClient.use((sql) =>
    sql`INSERT INTO customer_v11_details (customer_id, type, source, registered_on, updated_at, registered_till,
        associated_with, test_control_status, ndnc_status, fraud_status, referral_code)
      VALUES (${customerId}, ${details.type}, ${details.source}, ${details.registeredOn}, ${details.updatedAt},
        ${details.registeredTill ?? null}, ${details.associatedWith ?? null}, ${details.testControlStatus ?? null},
        ${details.ndncStatus ?? null}, ${details.fraudStatus}, ${details.referralCode ?? null})
      ON CONFLICT (customer_id) DO UPDATE SET type = excluded.type, source = excluded.source,
        registered_on = excluded.registered_on, updated_at = excluded.updated_at,
        registered_till = excluded.registered_till, associated_with = excluded.associated_with,
        test_control_status = excluded.test_control_status, ndnc_status = excluded.ndnc_status,
        fraud_status = excluded.fraud_status, referral_code = excluded.referral_code`
  )

/** A non-empty string, or undefined. */
const given = (value: string | undefined) => value === undefined || value.trim() === "" ? undefined : value.trim()

/** The identifiers of a v1.1 record that carry a value, in the order the customer is looked up by. */
const requestIdentifiers = (record: {
  readonly mobile?: string | undefined
  readonly email?: string | undefined
  readonly external_id?: string | undefined
}) => CustomerV11.identifiersOf({ mobile: record.mobile, email: record.email, external_id: record.external_id })

/** Registration dates may not be in the future (1034). */
const registeredOn = (value: string | undefined, now: number) =>
  Effect.gen(function*() {
    const at = given(value) === undefined ? undefined : CustomerV11.parseDateTime(value!)
    if (at !== undefined && at > now) {
      return yield* reject(1034, "Registration date is not within the accepted past or future date limit")
    }
    return at
  })

/** What an add or update did to one customer. */
export interface Written {
  readonly customerId: number
  readonly created: boolean
  readonly warnings: ReadonlyArray<number>
}

/** The changes an add of a known customer, or an update, applies. */
interface Changes {
  readonly firstname?: string | undefined
  readonly lastname?: string | undefined
  readonly registered_on?: string | undefined
  readonly registered_till?: string | undefined
  readonly associated_with?: string | undefined
  readonly type?: string | undefined
  readonly test_control_status?: string | undefined
  readonly ndnc_status?: string | undefined
  readonly custom_fields?: ReadonlyArray<CustomerV11.Field> | undefined
  readonly extended_fields?: ReadonlyArray<CustomerV11.Field> | undefined
  readonly fraud_status?: { readonly status: string } | undefined
  readonly mobile?: string | undefined
  readonly email?: string | undefined
  readonly external_id?: string | undefined
}

/**
 * Applies changes to a known customer: names, fields (merged), extended fields (merged), dates and tills,
 * groups, fraud status, type (non-loyalty to loyalty; the reverse is `refuseDowngrade`'s code), and identifiers
 * the customer does not have yet (an identifier they hold with another value is left as it is, warning 91006;
 * a value another customer holds is 1016 / 1032 / 1033).
 */
const applyChanges = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly changes: Changes
  readonly now: number
  readonly refuseDowngrade: Rejection
}) {
  const sql = yield* SqlClient.SqlClient
  const { changes, customerId, now, orgId } = options
  const customer = (yield* view(orgId, customerId))!
  const warnings: Array<number> = []
  const type = given(changes.type)?.toUpperCase()
  if (type !== undefined && type !== "LOYALTY" && customer.loyalty) return yield* options.refuseDowngrade
  if (type === "LOYALTY" && !customer.loyalty) {
    yield* sql`UPDATE customers SET loyalty_type = 'loyalty' WHERE id = ${customerId}`
  }
  const extended = fieldsRecord(changes.extended_fields)
  if (Object.keys(extended).length > 0) {
    yield* sql`UPDATE customers SET extended_fields = ${JSON.stringify({ ...customer.extendedFields, ...extended })}
      WHERE id = ${customerId}`
  }
  const profile = customer.profile
  if (profile !== undefined) {
    const custom = fieldsRecord(changes.custom_fields)
    const firstName = given(changes.firstname) ?? customer.firstName ?? null
    const lastName = given(changes.lastname) ?? customer.lastName ?? null
    yield* sql`UPDATE customer_profiles SET first_name = ${firstName}, last_name = ${lastName},
        fields = ${JSON.stringify({ ...customer.fields, ...custom })}
      WHERE customer_id = ${customerId} AND source = ${profile.source} AND account_id = ${profile.accountId}`
    const held = { mobile: customer.mobile, email: customer.email, external_id: customer.externalId }
    for (const identifier of requestIdentifiers(changes)) {
      const current = held[identifier.type as "mobile" | "email" | "external_id"]
      if (current === identifier.value) continue
      if (current !== undefined) {
        warnings.push(91006)
        continue
      }
      const holder = yield* resolve(orgId, identifier)
      if (holder !== undefined && holder !== customerId) return yield* inUse(identifier.type)
      yield* sql`INSERT INTO customer_identifiers (org_id, source, account_id, type, value, customer_id)
        VALUES (${orgId}, ${profile.source}, ${profile.accountId}, ${v2Type(identifier.type)}, ${identifier.value},
          ${customerId})`.pipe(Effect.catchIf(isUniqueViolation, () => Effect.fail(inUse(identifier.type))))
    }
  }
  const registered = yield* registeredOn(changes.registered_on, now)
  yield* writeDetails(customerId, {
    type: type ?? customer.type,
    source: customer.source,
    registeredOn: registered ?? customer.registeredOn,
    updatedAt: now,
    registeredTill: given(changes.registered_till) ?? customer.registeredTill,
    associatedWith: given(changes.associated_with) ?? customer.associatedWith,
    testControlStatus: given(changes.test_control_status)?.toUpperCase() ?? customer.testControlStatus,
    ndncStatus: given(changes.ndnc_status)?.toUpperCase() ?? customer.ndncStatus,
    fraudStatus: given(changes.fraud_status?.status)?.toUpperCase() ?? customer.fraudStatus,
    referralCode: customer.referralCode
  })
  return warnings
})

/**
 * `customer/add` of one customer, as Capillary documents it: the customer holding the primary identifier (the
 * first given, in the order mobile, email, external id) is updated instead of registered; another identifier of
 * the request held by another customer is 1016 / 1032 / 1033; a loyalty customer added again as
 * non-loyalty or not-interested is 1014 (already registered). A new customer is registered through the v2
 * registration of `internal/customers.ts` in the INSTORE profile (v1.1 is the store's API), so v2 reads find them.
 */
export const add = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly input: CustomerV11.CustomerInput
  readonly now: number
  readonly by: string
}) {
  const { input, now, orgId } = options
  const identifiers = requestIdentifiers(input)
  // The primary identifier (the first given) names the customer; a secondary one another customer holds is in use.
  const [primary, ...secondary] = identifiers
  const target = primary === undefined ? undefined : yield* resolve(orgId, primary)
  for (const identifier of secondary) {
    const holder = yield* resolve(orgId, identifier)
    if (holder !== undefined && holder !== target) return yield* inUse(identifier.type)
  }
  if (target !== undefined) {
    const warnings = yield* applyChanges({
      orgId,
      customerId: target,
      changes: input,
      now,
      refuseDowngrade: reject(1014, "Customer is registered already")
    })
    return { customerId: target, created: false, warnings } satisfies Written
  }
  const registered = yield* registeredOn(input.registered_on, now)
  const type = given(input.type)?.toUpperCase() ?? "LOYALTY"
  const v2Identifiers = identifiers.map((identifier) => ({ type: v2Type(identifier.type), value: identifier.value }))
  const request = {
    loyaltyInfo: { loyaltyType: type === "LOYALTY" ? "loyalty" : "non_loyalty" },
    profiles: [{
      ...(given(input.firstname) === undefined ? {} : { firstName: given(input.firstname)! }),
      ...(given(input.lastname) === undefined ? {} : { lastName: given(input.lastname)! }),
      source: "INSTORE",
      accountId: "",
      identifiers: v2Identifiers,
      fields: fieldsRecord(input.custom_fields)
    }],
    extendedFields: fieldsRecord(input.extended_fields)
  } as unknown as Customer.CustomerAdd
  const created = yield* Customers.register({ orgId, request, now, by: options.by }).pipe(
    Effect.catchTag("Rejection", (rejection) =>
      Effect.fail(
        rejection.code === 8006 || rejection.code === 8007
          ? reject(1014, "Customer is registered already")
          : rejection.code === 1016
          ? inUse("email")
          : rejection.code === 1032
          ? inUse("mobile")
          : rejection.code === 1033
          ? inUse("external_id")
          : rejection
      ))
  )
  yield* writeDetails(created.customerId, {
    type,
    source: given(input.source)?.toUpperCase() ?? "INSTORE",
    registeredOn: registered ?? now,
    updatedAt: now,
    registeredTill: given(input.registered_till),
    associatedWith: given(input.associated_with),
    testControlStatus: given(input.test_control_status)?.toUpperCase(),
    ndncStatus: given(input.ndnc_status)?.toUpperCase(),
    fraudStatus: "NONE",
    referralCode: given(input.referral_code)
  })
  return { customerId: created.customerId, created: true, warnings: [] } satisfies Written
})

/** `customer/update` of one customer: the customer named by the first identifier given, changed (see `applyChanges`). */
export const update = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly input: CustomerV11.CustomerUpdate
  readonly now: number
}) {
  const { input, now, orgId } = options
  const lookup = CustomerV11.identifiersOf(input)
  const customerId = yield* resolveFirst(orgId, lookup)
  const warnings = yield* applyChanges({
    orgId,
    customerId,
    changes: input,
    now,
    refuseDowngrade: reject(1046, "Loyalty customer cannot be converted to a non-loyalty customer")
  })
  return { customerId, created: false, warnings } satisfies Written
})

/**
 * `customer/update_identity`: a pending request to change the customer's identifier. The customer holding the
 * old value (1012 when none); the new value must be free (1016 / 1032 / 1033); one pending request per customer
 * and identifier (1041).
 */
export const requestIdentityChange = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly change: CustomerV11.IdentityChange
  readonly now: number
  readonly by: string
}) {
  const sql = yield* SqlClient.SqlClient
  const { change, now, orgId } = options
  const type = change.identifier
  const customerId = yield* resolve(orgId, { type, value: change.old_value })
  if (customerId === undefined) return yield* notFound({ type, value: change.old_value })
  const holder = yield* resolve(orgId, { type, value: change.new_value })
  if (holder !== undefined) return yield* inUse(type)
  yield* sql`INSERT INTO customer_identity_requests
      (org_id, customer_id, identifier, old_value, new_value, status, created_at, created_by)
    VALUES (${orgId}, ${customerId}, ${type}, ${change.old_value}, ${change.new_value}, 'PENDING', ${now},
      ${options.by})`.pipe(
    Effect.catchIf(
      isUniqueViolation,
      () => Effect.fail(reject(1041, `Customer id change request failed: a ${type} change is already pending`))
    )
  )
  return customerId
})

/** The pending identity change requests of a customer (what `update_identity` recorded). */
export const pendingIdentityChanges = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ identifier: string; old_value: string; new_value: string }>`SELECT identifier, old_value, new_value
      FROM customer_identity_requests WHERE customer_id = ${customerId} AND status = 'PENDING' ORDER BY id`
  )

/**
 * Adds notes (no id) and changes notes (by id; 1037 when the customer has no note with that id) of a customer;
 * answers the notes written.
 */
export const writeNotes = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly notes: ReadonlyArray<
    { readonly id?: string | undefined; readonly date?: string | undefined; readonly description: string }
  >
  readonly associateId: string | undefined
  readonly now: number
  readonly by: string
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, now, orgId } = options
  const written: Array<NoteRow> = []
  for (const note of options.notes) {
    const date = note.date === undefined || note.date === "" ? undefined : CustomerV11.parseDateTime(note.date)
    if (note.id === undefined || note.id.trim() === "") {
      const [row] = yield* sql<NoteRow>`INSERT INTO customer_notes
          (org_id, customer_id, description, note_date, added_at, added_by, associate_id)
        VALUES (${orgId}, ${customerId}, ${note.description}, ${date ?? now}, ${now}, ${options.by},
          ${options.associateId ?? null})
        RETURNING id, description, note_date, added_at`
      written.push(row!)
      continue
    }
    const id = /^\d+$/.test(note.id.trim()) ? Number(note.id.trim()) : -1
    const [row] = yield* sql<NoteRow>`UPDATE customer_notes
      SET description = ${note.description}, note_date = COALESCE(${date ?? null}, note_date)
      WHERE id = ${id} AND customer_id = ${customerId}
      RETURNING id, description, note_date, added_at`
    if (row === undefined) return yield* reject(1037, `Unable to add/update customer notes: no note ${note.id}`)
    written.push(row)
  }
  return written
})

/** A ticket row. */
export interface TicketRow {
  readonly id: number
  readonly code: string
  readonly subject: string
  readonly message: string
  readonly status: string
  readonly priority: string | null
  readonly department: string | null
  readonly reported_from: string | null
  readonly type: string | null
  readonly custom_fields: string
  readonly created_at: number
}

const ticketAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

/** A ticket code drawn from Effect's `Random`, seeded with the organisation and the draw, so runs repeat. */
const drawCode = (orgId: number, attempt: number) =>
  Effect.map(
    Effect.forEach(
      Array.from({ length: 9 }),
      () => Random.nextIntBetween(0, ticketAlphabet.length, { halfOpen: true })
    ),
    (indexes) => indexes.map((i) => ticketAlphabet[i]).join("")
  ).pipe(Random.withSeed(`ticket:${orgId}:${attempt}`))

/**
 * Opens a ticket for a customer: a code of its own (or the one given, 1302 when the organisation has it), the
 * subject (1301 when the customer has a ticket with it, whatever its case), status `OPEN` unless given.
 */
export const openTicket = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly ticket: {
    readonly subject: string
    readonly message?: string | undefined
    readonly status?: string | undefined
    readonly priority?: string | undefined
    readonly department?: string | undefined
    readonly ticket_code?: string | undefined
    readonly reported_from?: string | undefined
    readonly type?: string | undefined
    readonly custom_fields?: ReadonlyArray<CustomerV11.Field> | undefined
  }
  readonly now: number
  readonly by: string
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, now, orgId, ticket } = options
  const [existing] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM customer_tickets
    WHERE customer_id = ${customerId} AND subject = ${ticket.subject.trim()} COLLATE NOCASE`
  if ((existing?.n ?? 0) > 0) return yield* reject(1301, "A ticket already exists with the same subject")
  const [count] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM customer_tickets WHERE org_id = ${orgId}`
  let code = given(ticket.ticket_code)
  if (code === undefined) {
    // Bounded: each draw is new for this organisation's ticket count; a clash draws again, a few times at most.
    for (let attempt = 0; attempt < 8 && code === undefined; attempt++) {
      const candidate = yield* drawCode(orgId, (count?.n ?? 0) * 8 + attempt)
      const [taken] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM customer_tickets
        WHERE org_id = ${orgId} AND code = ${candidate}`
      if ((taken?.n ?? 0) === 0) code = candidate
    }
    if (code === undefined) return yield* reject(1302, "Ticket registration failed")
  }
  const [row] = yield* sql<TicketRow>`INSERT INTO customer_tickets
      (org_id, customer_id, code, subject, message, status, priority, department, reported_from, type,
       custom_fields, created_at, created_by)
    VALUES (${orgId}, ${customerId}, ${code}, ${ticket.subject.trim()}, ${ticket.message ?? ""},
      ${given(ticket.status) ?? "OPEN"}, ${given(ticket.priority)?.toUpperCase() ?? null},
      ${given(ticket.department) ?? null}, ${given(ticket.reported_from)?.toUpperCase() ?? null},
      ${given(ticket.type) ?? null}, ${JSON.stringify(ticket.custom_fields ?? [])}, ${now}, ${options.by})
    RETURNING id, code, subject, message, status, priority, department, reported_from, type, custom_fields,
      created_at`.pipe(
    Effect.catchIf(isUniqueViolation, (error) =>
      Effect.fail(
        String(error.message).includes("subject")
          ? reject(1301, "A ticket already exists with the same subject")
          : reject(1302, "Ticket registration failed: the ticket code is taken")
      ))
  )
  return row!
})

/** The customer's tickets, oldest first. */
export const tickets = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<TicketRow>`SELECT id, code, subject, message, status, priority, department, reported_from, type,
        custom_fields, created_at
      FROM customer_tickets WHERE customer_id = ${customerId} ORDER BY id`
  )

const decodeFieldList = Schema.decodeUnknownSync(Schema.fromJsonString(Schema.Array(CustomerV11.Field)))

/** A ticket as v1.1 answers it. */
export const toTicket = (row: TicketRow) => ({
  code: row.code,
  status: row.status,
  ...(row.priority === null ? {} : { priority: row.priority }),
  ...(row.department === null ? {} : { department: row.department }),
  subject: row.subject,
  message: row.message,
  ...(row.reported_from === null ? {} : { reported_from: row.reported_from }),
  ...(row.type === null ? {} : { type: row.type }),
  created_date: v11Date(row.created_at),
  custom_fields: decodeFieldList(row.custom_fields)
})

/**
 * Sets preferences of a customer: each value is written to the main profile's custom fields (so every read of
 * custom fields sees it) and its name recorded as a preference; the preferred store, when the organisation has
 * a till of that store, is the preference `PREFERRED_STORE`. Answers whether the store was found (undefined when
 * none was named).
 */
export const setPreferences = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customer: View
  readonly values: Record<string, string>
  readonly storeCode: string | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { customer, orgId } = options
  let storeFound: boolean | undefined
  const values: Record<string, string> = { ...options.values }
  if (options.storeCode !== undefined) {
    const [store] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM tills
      WHERE org_id = ${orgId} AND store_code = ${options.storeCode}`
    storeFound = (store?.n ?? 0) > 0
    if (storeFound) values.PREFERRED_STORE = options.storeCode
  }
  const profile = customer.profile
  if (profile === undefined || Object.keys(values).length === 0) return storeFound
  yield* sql`UPDATE customer_profiles SET fields = ${JSON.stringify({ ...customer.fields, ...values })}
    WHERE customer_id = ${customer.id} AND source = ${profile.source} AND account_id = ${profile.accountId}`
  for (const name of Object.keys(values)) {
    yield* sql`INSERT INTO customer_preferences (customer_id, name) VALUES (${customer.id}, ${name})
      ON CONFLICT (customer_id, name) DO NOTHING`
  }
  return storeFound
})

// ---------------------------------------------------------------------------------------------------------------
// The parts of the customer read, each from the store that keeps it
// ---------------------------------------------------------------------------------------------------------------

/** The customer's wallet owner. */
const ownerOf = (orgId: number, customerId: number): Ledger.Owner => ({ orgId, type: "CUSTOMER", id: customerId })

/** 1101: the program named is not one of the organisation's. */
export const invalidProgram = () => reject(1101, "Invalid programId")

/**
 * Posts the organisation's expiries and unlocks that fell due by `now` (when the ledger keeps lots), so a read
 * answers what Capillary's nightly jobs would have left.
 */
export const settle = Effect.fnUntraced(function*(orgId: number, now: number) {
  if (yield* Ledger.lotsModelled) yield* Ledger.settle(orgId, now)
})

/** v1.1's last moment of a day (`YYYY-MM-DD 23:59:59`): points expiring on a day can be used until then. */
const endOfDay = (day: string) => `${day} 23:59:59`

/** A store as v1.1 names it (the emulator knows stores by code only). */
const storeRef = (code: string | null | undefined) =>
  code === null || code === undefined ? undefined : { code, name: code }

/**
 * The points of the customer's that will expire (`expiry_schedule`): the remaining points of their lots, by
 * expiry day and program, earliest first (never-expiring points are not listed).
 */
export const expirySchedule = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  programId: number | undefined
) {
  if (!(yield* Ledger.lotsModelled)) return []
  const merged: Array<{ milli: number; day: string; programId: number }> = []
  for (const row of yield* Ledger.expirySchedule(ownerOf(orgId, customerId), { programId })) {
    const same = merged.find((entry) => entry.day === row.expiryDate && entry.programId === row.programId)
    if (same === undefined) {
      merged.push({ milli: Ledger.toMilli(row.points), day: row.expiryDate, programId: row.programId })
    } else same.milli += Ledger.toMilli(row.points)
  }
  return merged.map((entry): CustomerV11.ExpiringPoints => ({
    points: Ledger.fromMilli(entry.milli),
    expiry_date: endOfDay(entry.day),
    program_id: entry.programId
  }))
})

/** The points the customer lost to expiries (`expired_points`), by day and program, oldest first. */
export const expiredPoints = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  programId: number | undefined
) {
  if (!(yield* Ledger.modelled)) return []
  return (yield* Ledger.expiredPoints(ownerOf(orgId, customerId), { programId })).map((
    row
  ): CustomerV11.ExpiredPoints => ({ points: row.points, expired_on: row.expiredOn, program_id: row.programId }))
})

/**
 * The customer's tier changes (`slab_history`), most recent first: each upgrade, downgrade or renewal the ledger
 * recorded (the tier a wallet starts in is not a change), with the store of the till of the event that caused it
 * and that event's notes. The tiers' expiry dates at the time are not recorded (a floor's end can change since),
 * so they are left out.
 */
export const slabHistory = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  programIds: ReadonlyArray<number>
) {
  if (!(yield* Ledger.lotsModelled)) return []
  const sql = yield* SqlClient.SqlClient
  const changes = (yield* Ledger.tierChanges(ownerOf(orgId, customerId))).filter((change) =>
    change.kind !== "INITIAL" && programIds.includes(change.programId)
  ).reverse()
  const eventIds = changes.flatMap((change) => change.eventId === undefined ? [] : [change.eventId])
  const events = eventIds.length === 0
    ? []
    : yield* sql<{ id: number; notes: string; store_code: string | null }>`SELECT ev.id, ev.notes, t.store_code
      FROM ledger_events ev LEFT JOIN tills t ON t.id = ev.till_id WHERE ${sql.in("ev.id", eventIds)}`
  return changes.map((change): CustomerV11.SlabChange => {
    const event = events.find((row) => row.id === change.eventId)
    const store = storeRef(event?.store_code)
    return {
      to: change.toName,
      ...(change.fromName === undefined ? {} : { from: change.fromName }),
      ...(store === undefined ? {} : { store }),
      type: change.kind === "RENEWAL" ? "RENEW" : change.kind,
      changed_on: v11Date(change.changedAt),
      ...(event === undefined || event.notes === "" ? {} : { notes: event.notes }),
      program_id: change.programId
    }
  })
})

/** The points type of points awarded to a customer directly (API awards, goodwill, transfers in). */
const customerPromotions = "customer_promotions"

/**
 * The customer's promotional points (`promotion_points`): each redeemable lot of customer-level promotional
 * points the ledger holds (newest first, at most 1000), with the points awarded, their expiry, the store of the
 * awarding till and when. Transaction and line item promotions need transactions, which the emulator does not
 * keep: those lists are empty.
 */
export const promotionPoints = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  programId: number | undefined
) {
  if (!(yield* Ledger.lotsModelled)) return { customer: [], transactions: [], lineitems: [] }
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<
    { awarded: number; expires_on: string | null; created_at: number; store_code: string | null }
  >`
    SELECT l.awarded, l.expires_on, l.created_at, t.store_code
    FROM points_lots l
    JOIN points_accounts a ON a.id = l.account_id
    LEFT JOIN ledger_events ev ON ev.id = l.event_id
    LEFT JOIN tills t ON t.id = ev.till_id
    WHERE ${
    sql.and([
      sql`a.org_id = ${orgId}`,
      sql`a.owner_type = 'CUSTOMER'`,
      sql`a.owner_id = ${customerId}`,
      sql`l.bucket = 'MAIN'`,
      sql`l.points_type = ${customerPromotions}`,
      ...(programId === undefined ? [] : [sql`a.program_id = ${programId}`])
    ])
  }
    ORDER BY l.created_at DESC, l.id DESC LIMIT 1000`
  return {
    customer: rows.map((row): CustomerV11.CustomerPromotionPoints => {
      const store = storeRef(row.store_code)
      return {
        points: Ledger.fromMilli(row.awarded),
        ...(row.expires_on === null ? {} : { expiry_date: endOfDay(row.expires_on) }),
        ...(store === undefined ? {} : { issued_at: store }),
        issued_on: v11Date(row.created_at)
      }
    }),
    transactions: [],
    lineitems: []
  } satisfies CustomerV11.PromotionPoints
})

/**
 * The customer's promised points and when they convert (`delayed_accrual`): the remaining points of their
 * promised lots, by unlock day (redeemable from its first moment), program and points type, earliest first.
 */
export const delayedAccrual = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  programId: number | undefined
) {
  const rows = (yield* Ledger.lotsModelled)
    ? yield* Ledger.promisedSchedule(ownerOf(orgId, customerId), { programId })
    : []
  return {
    promised_points: Ledger.fromMilli(rows.reduce((sum, row) => sum + Ledger.toMilli(row.points), 0)),
    conversion_schedule: rows.map((row) => ({
      points: row.points,
      conversion_date: `${row.redeemableFrom} 00:00:00`,
      program_id: row.programId,
      points_type: row.pointsType
    }))
  } satisfies CustomerV11.DelayedAccrual
})

/** What the customer needs for a program's next tier: lifetime points up to its threshold (none at the top). */
export const upgradeStrategies = (
  summary: Summary,
  asOf: number | undefined
): ReadonlyArray<CustomerV11.UpgradeStrategy> =>
  summary.nextThreshold === undefined ? [] : [{
    upgrade_based_on: "LIFETIME_POINTS",
    upgrade_threshold: summary.nextThreshold,
    customer_upgrade_entity_values: {
      current_value: summary.lifetime,
      gap_to_upgrade: Math.max(
        0,
        Ledger.fromMilli(Ledger.toMilli(summary.nextThreshold) - Ledger.toMilli(summary.lifetime))
      ),
      ...(asOf === undefined ? {} : { value_valid_upto: v11Day(asOf) })
    }
  }]

/**
 * What the customer needs to keep a program's tier. Tiers reached by lifetime points never end (the emulator has
 * no downgrade rules): the far-future expiry, renewal confirmed, no strategy. A tier held by a floor above the
 * one the points reach ends with the floor: unless the lifetime points reach the tier's threshold by then, so
 * the strategy is those points (`LIFETIME_POINTS`), not confirmed.
 */
export const gapToRenew = (summary: Summary): NonNullable<CustomerV11.PointsSummary["gap_to_renew"]> => {
  const ending = summary.tierExpiry !== noTierExpiry
  return {
    tier_expiry_date: summary.tierExpiry.slice(0, 10),
    renew_confirmed: !ending,
    renew_strategy: ending
      ? [{
        renew_based_on: "LIFETIME_POINTS",
        renew_threshold: summary.currentThreshold,
        customer_renew_entity_value: summary.lifetime,
        customer_gap_to_renew_value: Math.max(
          0,
          Ledger.fromMilli(Ledger.toMilli(summary.currentThreshold) - Ledger.toMilli(summary.lifetime))
        )
      }]
      : []
  }
}

/** The customer's active memberships of user groups (`user_groups2`), in joining order. */
export const userGroups = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  if (!(yield* UserGroups.modelled)) return []
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    id: number
    external_id: string
    name: string
    status: string
    primary_member: number
    joined_on: number
  }>`SELECT g.id, g.external_id, g.name, g.status, m.primary_member, m.joined_on
    FROM user_group_members m JOIN user_groups g ON g.id = m.group_id
    WHERE m.customer_id = ${customerId} AND m.active = 1 AND g.org_id = ${orgId} AND g.status <> 'DELETED'
    ORDER BY m.joined_on, g.id`
  return rows.map((row): CustomerV11.UserGroupMembership => ({
    id: String(row.id),
    external_id: row.external_id,
    name: row.name,
    status: row.status,
    primary_member: row.primary_member === 1,
    joined_on: v11Date(row.joined_on)
  }))
})

/**
 * The customer's organisation-level subscription statuses (`subscriptions`), as the subscription store keeps
 * them (subscribed unless they opted out), with v1.1's channel names (`sms`, `email`, ...).
 */
export const subscriptionStatuses = Effect.fnUntraced(function*(customerId: number) {
  if (!(yield* Subscriptions.modelled)) return []
  return (yield* Subscriptions.statuses(customerId))
    .filter((row) => row.org_unit_id === Subscriptions.organisationUnit)
    .map((row) => ({
      priority: row.priority,
      scope: "all",
      is_subscribed: row.subscribed === 1 ? "1" : "0",
      channel: row.channel.toLowerCase()
    }))
})

/**
 * The customer's SMS opt-in (`optin_status`): `NONE` while they never set it, `OPTOUT` when they opted out of a
 * priority, else `OPTIN`.
 */
export const optinStatus = Effect.fnUntraced(function*(customerId: number) {
  if (!(yield* Subscriptions.modelled)) return "NONE"
  const [sms] = yield* Subscriptions.v11Channels(customerId, { channel: "SMS" })
  const preferences = (sms?.priority ?? []).map((priority) => priority.user_preference)
  return preferences.every((preference) => preference === "NOT_SET")
    ? "NONE"
    : preferences.includes("UNSUBSCRIBED")
    ? "OPTOUT"
    : "OPTIN"
})

/** The partner programs of a loyalty program (`PartnerPrograms` of `programs_list`), by name. */
export const partnerProgramsOf = Effect.fnUntraced(function*(orgId: number, programId: number) {
  if (!(yield* PartnerPrograms.modelled)) return []
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    id: number
    name: string
    description: string
    type: string
    tier_based: number
    membership_days: number | null
  }>`SELECT id, name, description, type, tier_based, membership_days FROM partner_programs
    WHERE org_id = ${orgId} AND loyalty_program_id = ${programId} ORDER BY name, id`
  const tiers = rows.length === 0 ? [] : yield* sql<{ partner_program_id: number; serial: number; name: string }>`
    SELECT partner_program_id, serial, name FROM partner_program_tiers
    WHERE ${sql.in("partner_program_id", rows.map((row) => row.id))} ORDER BY serial`
  return rows.map((row): CustomerV11.PartnerProgramBrief => ({
    partnerProgramId: row.id,
    partnerProgramName: row.name,
    partnerProgramDescription: row.description,
    isTierBased: row.tier_based === 1,
    partnerProgramType: row.type,
    membershipPeriodType: row.membership_days === null ? "" : "DAYS",
    membershipPeriodValue: row.membership_days ?? 0,
    partnerProgramTiers: tiers.filter((tier) => tier.partner_program_id === row.id).map((tier) => ({
      tierNumber: tier.serial,
      tierName: tier.name
    }))
  }))
})

/**
 * The partner programs of a loyalty program the customer is linked to now (`linked_partner_programs`): linked,
 * and their membership not past its end.
 */
export const linkedPartnerPrograms = Effect.fnUntraced(function*(customerId: number, programId: number, now: number) {
  if (!(yield* PartnerPrograms.modelled)) return []
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    id: number
    name: string
    type: string
    membership_id: string
    tier_name: string | null
    tier_expiry: number | null
  }>`SELECT pp.id, pp.name, pp.type, m.membership_id, t.name AS tier_name, m.tier_expiry
    FROM partner_memberships m
    JOIN partner_programs pp ON pp.id = m.partner_program_id
    LEFT JOIN partner_program_tiers t ON t.partner_program_id = pp.id AND t.serial = m.tier_serial
    WHERE m.customer_id = ${customerId} AND m.linked = 1 AND pp.loyalty_program_id = ${programId}
      AND (m.end_date IS NULL OR m.end_date >= ${now})
    ORDER BY pp.id`
  return rows.map((row): CustomerV11.LinkedPartnerProgram => ({
    partner_program_id: row.id,
    partner_program_name: row.name,
    partner_program_type: row.type,
    partner_membership_id: row.membership_id,
    ...(row.tier_name === null ? {} : { partner_tier_name: row.tier_name }),
    ...(row.tier_expiry === null ? {} : { partner_tier_expiry_date: v11Date(row.tier_expiry) })
  }))
})

/** Whether the database has the v1.1 tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'customer_notes'`,
    (rows) => rows[0]!.n > 0
  )
)
