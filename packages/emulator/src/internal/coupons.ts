/**
 * The coupons store on the emulator database: coupon series (their definition, limit columns derived from it,
 * and counters), the coupons issued from them, and their redemptions. The behaviours and the demo seed both write
 * through `createSeries`, `updateSeries` and `issue`; redemption, reactivation and revocation write through
 * `redeem`, `bulkRedeem`, `reactivate` and `revoke`. All run in the caller's transaction.
 */
import { Coupon, CouponRedemption } from "@capillary-effect/rewards"
import { Effect, Random, Result, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { reject, Rejection } from "../Behaviour.ts"
import * as Customers from "./customers.ts"
import { isoSeconds } from "./dates.ts"

/** The tables (migration `0300_coupons`; the customers tables come first). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // The definition (as sent, JSON) is the source of truth; the limit columns are derived from it on every write
  // so that the issue rules can be read, and the counters change in the same statement that checks them.
  yield* sql`CREATE TABLE coupon_series (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    definition TEXT NOT NULL,
    valid_till INTEGER NOT NULL,
    expiry_strategy_type TEXT NOT NULL,
    expiry_strategy_value INTEGER NOT NULL,
    client_handling_type TEXT NOT NULL,
    generic_code TEXT COLLATE NOCASE,
    alpha_numeric INTEGER NOT NULL,
    random_code_length INTEGER NOT NULL,
    max_create INTEGER NOT NULL,
    max_redeem INTEGER NOT NULL,
    max_vouchers_per_user INTEGER NOT NULL,
    multiple_vouchers_per_user INTEGER NOT NULL,
    do_not_resend_existing INTEGER NOT NULL,
    min_days_between_vouchers INTEGER NOT NULL,
    same_user_multiple_redeem INTEGER NOT NULL,
    max_redemptions_per_user INTEGER NOT NULL,
    min_days_between_redemption INTEGER NOT NULL,
    any_user INTEGER NOT NULL,
    min_bill_amount REAL NOT NULL,
    max_bill_amount REAL NOT NULL,
    num_issued INTEGER NOT NULL DEFAULT 0,
    num_redeemed INTEGER NOT NULL DEFAULT 0,
    codes_drawn INTEGER NOT NULL DEFAULT 0,
    latest_issual_time INTEGER NOT NULL DEFAULT 0,
    latest_redemption_time INTEGER NOT NULL DEFAULT 0,
    created_on INTEGER NOT NULL,
    created_by INTEGER NOT NULL,
    series_code TEXT NOT NULL
  )`
  yield* sql`CREATE UNIQUE INDEX coupon_series_generic_code ON coupon_series (org_id, generic_code)
    WHERE generic_code IS NOT NULL`
  yield* sql`CREATE INDEX coupon_series_by_org ON coupon_series (org_id)`
  // A code is unique in the organisation (without regard to case), except that every coupon of a GENERIC
  // series carries the series' one code.
  yield* sql`CREATE TABLE coupons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    series_id INTEGER NOT NULL REFERENCES coupon_series (id) ON DELETE CASCADE,
    code TEXT NOT NULL COLLATE NOCASE,
    generic INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    issued_at INTEGER NOT NULL,
    issued_by TEXT NOT NULL,
    valid_till INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ISSUED', 'REDEEMED', 'REVOKED', 'EXPIRED')),
    redemption_count INTEGER NOT NULL DEFAULT 0
  )`
  yield* sql`CREATE UNIQUE INDEX coupons_code ON coupons (org_id, code) WHERE generic = 0`
  yield* sql`CREATE INDEX coupons_by_code ON coupons (org_id, code)`
  yield* sql`CREATE INDEX coupons_by_customer ON coupons (customer_id, series_id)`
})

// ---------------------------------------------------------------------------------------------------------------
// Rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

/** 707: no such series in the organisation. */
export const invalidSeries = (id?: number) =>
  reject(707, id === undefined ? "Invalid series id" : `Invalid series id ${id}`)

// ---------------------------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------------------------

const day = 86_400_000

/** An ISO-8601 date as epoch milliseconds; without an offset it is UTC, as Capillary reads it. */
const parseDate = (value: string) => Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`)

/**
 * When a coupon issued at `issuedAt` expires: with the series (`SERIES_EXPIRY`), `value` days after issue
 * (`DAYS`), or at the last second of the month `value` months after the month of issue (`MONTHS_END`), in UTC.
 */
export const validTill = (
  series: { readonly expiryStrategyType: Coupon.ExpiryStrategyType; readonly expiryStrategyValue: number },
  seriesEnd: number,
  issuedAt: number
) => {
  switch (series.expiryStrategyType) {
    case "SERIES_EXPIRY":
      return seriesEnd
    case "DAYS":
      return issuedAt + series.expiryStrategyValue * day
    case "MONTHS_END": {
      const issued = new Date(issuedAt)
      return Date.UTC(issued.getUTCFullYear(), issued.getUTCMonth() + series.expiryStrategyValue + 1, 1) - 1000
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------------------------------------------

/** Capillary's defaults for what a series definition leaves out (as its documented answers show them). */
const defaults = {
  discountCode: "NO_VALUE",
  discountUpto: 0,
  discountOn: "BILL",
  validDaysFromCreation: 30,
  maxCreate: -1,
  maxRedeem: -1,
  isTransferrable: false,
  anyUser: false,
  sameUserMultipleRedeem: false,
  isReferralExistingUsersAllowed: false,
  isMultipleUseAllowed: false,
  isValidationRequired: false,
  isValidWithDiscountedItem: false,
  smsTemplate: "",
  isSMSDisabled: false,
  isMultipleVouchersPerUserAllowed: true,
  doNotResendExistingVoucher: false,
  mutualExclusiveSeriesIds: "[]",
  storeIdsJson: "[-1]",
  maxVouchersPerUser: -1,
  minDaysBetweenVouchers: -1,
  redemptionRange: "{\"dom\":[\"-1\"],\"dow\":[\"-1\"],\"hours\":[\"-1\"]}",
  minBillAmount: 0,
  maxBillAmount: Number.MAX_SAFE_INTEGER,
  redeemAtStore: "[-1]",
  campaignId: -1,
  maxRedemptionsInSeriesPerUser: -1,
  minDaysBetweenRedemption: -1,
  redemptionValidFrom: "1970-01-01T00:00:00Z",
  redemptionValidAfterDays: 0,
  ownedBy: "NONE",
  ownerId: -1,
  alphaNumeric: true,
  randomCodeLength: 8,
  resendMessageEnabled: true,
  seriesType: "UNDEFINED",
  clientHandlingType: "DISC_CODE"
} as const

type Defaulted = keyof typeof defaults | "expiryStrategyValue" | "info" | "tag"

/** A series definition with every defaulted field present. */
type Complete =
  & Omit<Coupon.CouponSeriesCreate, Defaulted>
  & { readonly [K in Defaulted]-?: Exclude<Coupon.CouponSeriesCreate[K], undefined> }

/** A definition with Capillary's defaults filled in. */
const complete = (definition: Coupon.CouponSeriesCreate): Complete => {
  const given = Object.fromEntries(Object.entries(definition).filter(([, value]) => value !== undefined))
  return {
    ...defaults,
    expiryStrategyValue: 1,
    info: definition.description,
    tag: definition.description,
    ...given
  } as Complete
}

interface SeriesRow {
  readonly id: number
  readonly org_id: number
  readonly definition: string
  readonly valid_till: number
  readonly expiry_strategy_type: string
  readonly expiry_strategy_value: number
  readonly client_handling_type: string
  readonly generic_code: string | null
  readonly alpha_numeric: number
  readonly random_code_length: number
  readonly max_create: number
  readonly max_redeem: number
  readonly max_vouchers_per_user: number
  readonly multiple_vouchers_per_user: number
  readonly do_not_resend_existing: number
  readonly min_days_between_vouchers: number
  readonly same_user_multiple_redeem: number
  readonly max_redemptions_per_user: number
  readonly min_days_between_redemption: number
  readonly any_user: number
  readonly min_bill_amount: number
  readonly max_bill_amount: number
  readonly num_issued: number
  readonly num_redeemed: number
  readonly codes_drawn: number
  readonly latest_issual_time: number
  readonly latest_redemption_time: number
  readonly created_on: number
  readonly created_by: number
  readonly series_code: string
}

const DefinitionJson = Schema.fromJsonString(Coupon.CouponSeriesCreate)
const encodeDefinition = Schema.encodeSync(DefinitionJson)
const decodeDefinition = Schema.decodeUnknownSync(DefinitionJson)
const validateDefinition = Schema.decodeUnknownResult(Coupon.CouponSeriesCreate)

/** The columns derived from a definition. */
const columnsOf = (definition: Coupon.CouponSeriesCreate) => {
  const series = complete(definition)
  return {
    definition: encodeDefinition(definition),
    valid_till: parseDate(series.validTillDate),
    expiry_strategy_type: series.expiryStrategyType,
    expiry_strategy_value: series.expiryStrategyValue,
    client_handling_type: series.clientHandlingType,
    generic_code: series.clientHandlingType === "GENERIC" ? series.genericCode!.toUpperCase() : null,
    alpha_numeric: series.alphaNumeric ? 1 : 0,
    random_code_length: series.randomCodeLength,
    max_create: series.maxCreate,
    max_redeem: series.maxRedeem,
    max_vouchers_per_user: series.maxVouchersPerUser,
    multiple_vouchers_per_user: series.isMultipleVouchersPerUserAllowed ? 1 : 0,
    do_not_resend_existing: series.doNotResendExistingVoucher ? 1 : 0,
    min_days_between_vouchers: series.minDaysBetweenVouchers,
    same_user_multiple_redeem: series.sameUserMultipleRedeem ? 1 : 0,
    max_redemptions_per_user: series.maxRedemptionsInSeriesPerUser,
    min_days_between_redemption: series.minDaysBetweenRedemption,
    any_user: series.anyUser ? 1 : 0,
    min_bill_amount: series.minBillAmount,
    max_bill_amount: series.maxBillAmount
  }
}

/** The series as Capillary answers it. */
export const toSeries = (row: SeriesRow) => {
  const definition = complete(decodeDefinition(row.definition))
  const { genericCode: _genericCode, productInfo: _p, redemptionOrgEntityDetails: _r, targetUserDetails: _t, ...rest } =
    definition
  return new Coupon.CouponSeries({
    ...rest,
    ...(row.generic_code === null ? {} : { genericCode: row.generic_code }),
    id: Coupon.CouponSeriesId.make(row.id),
    orgId: row.org_id,
    validTillDate: isoSeconds(row.valid_till),
    redemptionValidFrom: isoSeconds(parseDate(definition.redemptionValidFrom)),
    createdBy: row.created_by,
    numIssued: row.num_issued,
    numRedeemed: row.num_redeemed,
    createdOn: isoSeconds(row.created_on),
    lastUsed: isoSeconds(Math.max(row.latest_issual_time, row.latest_redemption_time, row.created_on)),
    seriesCode: row.series_code,
    maxReferralsPerReferee: -1,
    issueToLoyalty: false,
    fixedExpiryDate: row.valid_till,
    latestIssualTime: row.latest_issual_time,
    latestRedemptionTime: row.latest_redemption_time,
    warnings: []
  })
}

const seriesRow = (orgId: number, id: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<SeriesRow>`SELECT * FROM coupon_series WHERE id = ${id} AND org_id = ${orgId}`,
      (rows) => rows[0]
    )
  )

/** The series of the organisation with those ids, in id order (unknown ids are left out). */
export const findSeries = (orgId: number, ids: ReadonlyArray<number>) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<SeriesRow>`SELECT * FROM coupon_series WHERE org_id = ${orgId} AND ${sql.in("id", ids)} ORDER BY id`,
      (rows) => rows.map(toSeries)
    )
  )

const upperHex = "0123456789ABCDEF"

/** A code drawn from Effect's `Random`, seeded with a key, so the same state always draws the same code. */
const draw = (key: string, alphabet: string, length: number) =>
  Effect.map(
    Effect.forEach(Array.from({ length }), () => Random.nextIntBetween(0, alphabet.length, { halfOpen: true })),
    (indexes) => indexes.map((i) => alphabet[i]).join("")
  ).pipe(Random.withSeed(key))

/** A generic code must not be another series' code, nor any coupon's. */
const checkGenericCode = Effect.fnUntraced(function*(orgId: number, code: string | null, seriesId: number) {
  if (code === null) return
  const sql = yield* SqlClient.SqlClient
  const taken = yield* sql<{ n: number }>`SELECT
      (SELECT COUNT(*) FROM coupon_series WHERE org_id = ${orgId} AND generic_code = ${code} AND id <> ${seriesId}) +
      (SELECT COUNT(*) FROM coupons WHERE org_id = ${orgId} AND code = ${code} AND series_id <> ${seriesId}) AS n`
  if (taken[0]!.n > 0) return yield* reject(400, `The code ${code} is already in use in the organisation`)
})

/**
 * Creates a series in an organisation from a valid definition; answers it. Runs in the caller's transaction.
 */
export const createSeries = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly definition: Coupon.CouponSeriesCreate
  readonly now: number
  /** The till that created it. */
  readonly by: number
  /** A fixed id, for seeds; otherwise the next one. */
  readonly id?: number | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  // What Capillary derives from the description at creation stays when the description changes.
  const { description, info, tag } = options.definition
  const columns = columnsOf({ ...options.definition, info: info ?? description, tag: tag ?? description })
  yield* checkGenericCode(options.orgId, columns.generic_code, -1)
  const [created] = yield* sql<{ id: number }>`INSERT INTO coupon_series ${
    sql.insert({
      ...(options.id === undefined ? {} : { id: options.id }),
      org_id: options.orgId,
      ...columns,
      created_on: options.now,
      created_by: options.by,
      series_code: ""
    })
  } RETURNING id`
  const id = created!.id
  const seriesCode = yield* draw(`series:${options.orgId}:${id}`, upperHex, 20)
  yield* sql`UPDATE coupon_series SET series_code = ${seriesCode} WHERE id = ${id}`
  return toSeries((yield* seriesRow(options.orgId, id))!)
})

/**
 * Changes the given fields of a series; the merged definition must still be valid (400 otherwise). Answers the
 * series; 707 when the organisation has no such series.
 */
export const updateSeries = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly id: number
  readonly changes: Coupon.CouponSeriesUpdate
}) {
  const sql = yield* SqlClient.SqlClient
  const row = yield* seriesRow(options.orgId, options.id)
  if (row === undefined) return yield* invalidSeries(options.id)
  const changes = Object.fromEntries(Object.entries(options.changes).filter(([, value]) => value !== undefined))
  const merged = validateDefinition({ ...decodeDefinition(row.definition), ...changes })
  if (Result.isFailure(merged)) return yield* reject(400, `Invalid series: ${merged.failure.message}`)
  const columns = columnsOf(merged.success)
  yield* checkGenericCode(options.orgId, columns.generic_code, options.id)
  yield* sql`UPDATE coupon_series SET ${sql.update(columns)} WHERE id = ${options.id}`
  return toSeries((yield* seriesRow(options.orgId, options.id))!)
})

// ---------------------------------------------------------------------------------------------------------------
// Coupons
// ---------------------------------------------------------------------------------------------------------------

interface CouponRow {
  readonly id: number
  readonly org_id: number
  readonly series_id: number
  readonly code: string
  readonly generic: number
  readonly customer_id: number
  readonly issued_at: number
  readonly issued_by: string
  readonly valid_till: number
  readonly status: string
  readonly redemption_count: number
}

/** Where a coupon is in its life at a time: its stored status, or `EXPIRED` once an issued one is past its validity. */
const statusAt = (coupon: CouponRow, now: number) =>
  coupon.status === "ISSUED" && now > coupon.valid_till ? "EXPIRED" : coupon.status

/** A coupon as Capillary lists it, with the series' discount (and, beyond the documented fields, its status). */
const toCoupon = (coupon: CouponRow, series: Coupon.CouponSeries, now: number) =>
  new Coupon.Coupon({
    code: coupon.code,
    seriesId: Coupon.CouponSeriesId.make(coupon.series_id),
    description: series.description,
    ...(series.discountCode === undefined ? {} : { discountCode: series.discountCode }),
    validTill: isoSeconds(coupon.valid_till),
    discountType: series.discountType,
    discountValue: series.discountValue,
    ...(series.discountUpto === undefined ? {} : { discountUpto: series.discountUpto }),
    ...(series.discountOn === undefined ? {} : { discountOn: series.discountOn }),
    detailedInfo: series.info ?? series.description,
    redemptionCount: coupon.redemption_count,
    id: Coupon.CouponId.make(coupon.id),
    issuedToId: Coupon.CustomerId.make(coupon.customer_id),
    issuedOn: isoSeconds(coupon.issued_at),
    status: statusAt(coupon, now)
  })

/** The customer a reference names in the organisation: by id when given, else by mobile, email or external id. */
const resolveCustomer = Effect.fnUntraced(function*(orgId: number, customer: Coupon.CustomerReference) {
  const sql = yield* SqlClient.SqlClient
  if (customer.id !== undefined && customer.id !== "") {
    const rows = yield* sql<{ id: number }>`SELECT id FROM customers WHERE id = ${customer.id} AND org_id = ${orgId}`
    return rows[0]?.id
  }
  const identifiers = [
    { type: "mobile", value: customer.mobile },
    { type: "email", value: customer.email },
    { type: "externalId", value: customer.externalId }
  ].flatMap(({ type, value }) => value === undefined || value.trim() === "" ? [] : [{ type, value: value.trim() }])
  for (const identifier of identifiers) {
    const found = yield* Customers.findByIdentifier(orgId, identifier, { source: "ALL" })
    if (found !== undefined) return found
  }
  return undefined
})

/** The customer of an issue answer: the id and the profiles. */
const customerOf = Effect.fnUntraced(function*(orgId: number, id: number) {
  const customer = yield* Customers.load(orgId, id, { source: "ALL" })
  return {
    id: Coupon.CustomerId.make(id),
    profiles: (customer?.profiles ?? []).map((profile) => ({
      ...(profile.firstName === undefined ? {} : { firstName: profile.firstName }),
      ...(profile.lastName === undefined ? {} : { lastName: profile.lastName }),
      source: profile.source,
      ...(profile.accountId === undefined ? {} : { accountId: profile.accountId }),
      userId: Coupon.CustomerId.make(id),
      identifiers: profile.identifiers.map(({ type, value }) => ({ type, value })),
      fields: profile.fields ?? {}
    }))
  }
})

/** A new code for a DISC_CODE series: the next draws of the series until one is free in the organisation. */
const newCode = Effect.fnUntraced(function*(series: SeriesRow) {
  const sql = yield* SqlClient.SqlClient
  const alphabet = series.alpha_numeric === 1 ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" : "0123456789"
  for (let attempt = 1; attempt <= 100; attempt++) {
    const drawn = series.codes_drawn + attempt
    const code = yield* draw(`coupon:${series.org_id}:${series.id}:${drawn}`, alphabet, series.random_code_length)
    const [taken] = yield* sql<{ n: number }>`SELECT
        (SELECT COUNT(*) FROM coupons WHERE org_id = ${series.org_id} AND code = ${code}) +
        (SELECT COUNT(*) FROM coupon_series WHERE org_id = ${series.org_id} AND generic_code = ${code}) AS n`
    if (taken!.n === 0) {
      yield* sql`UPDATE coupon_series SET codes_drawn = ${drawn} WHERE id = ${series.id}`
      return code
    }
  }
  return yield* reject(722, "Unable to issue coupon: no free code left in the series")
})

/** What an issue did. */
export interface Issued {
  readonly coupon: Coupon.Coupon
  /** The customer already held an active coupon of the series and got it again (`doNotResendExistingVoucher`). */
  readonly existing: boolean
}

/**
 * Issues a coupon of a series to a customer of the organisation, within the series' limits, in this order:
 * - no such series: 707; no such customer: 8015; the series has ended: 712;
 * - `doNotResendExistingVoucher` and the customer holds an active coupon of the series: that coupon again;
 * - a GENERIC series, or `isMultipleVouchersPerUserAllowed` false, and the customer holds one: 5004;
 *   `maxVouchersPerUser` coupons held: 5002; fewer than `minDaysBetweenVouchers` days since the last one: 709;
 * - `maxCreate` coupons issued: 722 (the counter moves only in the statement that checks it).
 * Runs in the caller's transaction, so concurrent issues see each other's coupons.
 */
export const issue = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Coupon.CouponIssue
  readonly now: number
  /** Who issued it (till code). */
  readonly by: string
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, request } = options
  const series = yield* seriesRow(orgId, request.seriesId)
  if (series === undefined) return yield* invalidSeries(request.seriesId)
  const customerId = yield* resolveCustomer(orgId, request.customer)
  if (customerId === undefined) return yield* Customers.notFound()
  if (now > series.valid_till) return yield* reject(712, "Coupon series has expired")

  const view = toSeries(series)
  const held = yield* sql<CouponRow>`SELECT * FROM coupons
    WHERE series_id = ${series.id} AND customer_id = ${customerId} AND status <> 'REVOKED' ORDER BY id`
  const active = held.filter((coupon) => coupon.status === "ISSUED" && coupon.valid_till >= now)
  const last = held.at(-1)
  if (series.do_not_resend_existing === 1 && active.length > 0) {
    return { coupon: toCoupon(active.at(-1)!, view, now), existing: true } satisfies Issued
  }
  if (held.length > 0 && series.client_handling_type === "GENERIC") {
    return yield* reject(5004, "Cannot issue more than one GENERIC code to a customer")
  }
  if (held.length > 0 && series.multiple_vouchers_per_user === 0) {
    return yield* reject(5004, "Only one coupon of this series is allowed per customer")
  }
  if (series.max_vouchers_per_user !== -1 && held.length >= series.max_vouchers_per_user) {
    return yield* reject(5002, "Max coupon per user exceeded")
  }
  if (last !== undefined && series.min_days_between_vouchers > 0) {
    if (now - last.issued_at < series.min_days_between_vouchers * day) {
      return yield* reject(
        709,
        `Coupon processing failed: ${series.min_days_between_vouchers} days must pass between coupons`
      )
    }
  }
  const counted = yield* sql<{ num_issued: number }>`UPDATE coupon_series
    SET num_issued = num_issued + 1, latest_issual_time = ${now}
    WHERE id = ${series.id} AND (max_create = -1 OR num_issued < max_create)
    RETURNING num_issued`
  if (counted.length === 0) {
    return yield* reject(722, "Unable to issue coupon: the series has issued its maximum number of coupons")
  }
  const generic = series.client_handling_type === "GENERIC"
  const code = generic ? series.generic_code! : yield* newCode(series)
  const expiry = {
    expiryStrategyType: view.expiryStrategyType,
    expiryStrategyValue: view.expiryStrategyValue ?? 1
  }
  const [inserted] = yield* sql<CouponRow>`INSERT INTO coupons ${
    sql.insert({
      org_id: orgId,
      series_id: series.id,
      code,
      generic: generic ? 1 : 0,
      customer_id: customerId,
      issued_at: now,
      issued_by: options.by,
      valid_till: validTill(expiry, series.valid_till, now),
      status: "ISSUED"
    })
  } RETURNING *`
  return { coupon: toCoupon(inserted!, view, now), existing: false } satisfies Issued
})

/** The answer to an issue: the coupon with the customer and warnings. */
export const issuedAnswer = Effect.fnUntraced(function*(orgId: number, issued: Issued) {
  const customer = yield* customerOf(orgId, issued.coupon.issuedToId!)
  return new Coupon.Coupon({ ...issued.coupon, customer, warnings: [] })
})

/**
 * The coupons of the organisation that match every filter given (issued to one of the customers, one of the
 * ids, one of the codes, without regard to case), in id order, with a warning for each code or id that matches
 * no coupon of the organisation.
 */
export const findCoupons = Effect.fnUntraced(function*(orgId: number, query: Coupon.CouponQuery, now: number) {
  const sql = yield* SqlClient.SqlClient
  const filters = [
    sql`org_id = ${orgId}`,
    ...(query.issuedToIds === undefined || query.issuedToIds.length === 0
      ? []
      : [sql.in("customer_id", query.issuedToIds)]),
    ...(query.couponIds === undefined || query.couponIds.length === 0 ? [] : [sql.in("id", query.couponIds)]),
    ...(query.couponCodes === undefined || query.couponCodes.length === 0
      ? []
      : [sql.in("code", query.couponCodes.map((code) => code.toUpperCase()))])
  ]
  const rows = yield* sql<CouponRow>`SELECT * FROM coupons WHERE ${sql.and(filters)} ORDER BY id`
  const seriesIds = [...new Set(rows.map((row) => row.series_id))]
  const series = new Map(
    (seriesIds.length === 0 ? [] : yield* findSeries(orgId, seriesIds)).map((found) => [found.id as number, found])
  )
  const warnings: Array<{ status: boolean; code: number; message: string }> = []
  for (const code of query.couponCodes ?? []) {
    const [known] = yield* sql<
      { n: number }
    >`SELECT COUNT(*) AS n FROM coupons WHERE org_id = ${orgId} AND code = ${code}`
    if (known!.n === 0) warnings.push({ status: false, code: 702, message: `Invalid coupon code ${code}` })
  }
  for (const id of query.couponIds ?? []) {
    const [known] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM coupons WHERE org_id = ${orgId} AND id = ${id}`
    if (known!.n === 0) warnings.push({ status: false, code: 702, message: `Invalid coupon id ${id}` })
  }
  return {
    data: rows.map((row) => toCoupon(row, series.get(row.series_id)!, now)),
    warnings,
    errors: []
  }
})

/** Whether the database has the coupons tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'coupon_series'`,
    (rows) => rows[0]!.n > 0
  )
)

// ---------------------------------------------------------------------------------------------------------------
// Redemptions (migration `0310_coupon_redemptions`)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The redemptions table: one row per redemption, with the bill it was made on (`transaction_number`, empty when
 * none was given) and, once undone, when it was reactivated. Redemption ids start far from coupon ids, so that
 * mixing the two up shows.
 */
export const createRedemptionTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE coupon_redemptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    coupon_id INTEGER NOT NULL REFERENCES coupons (id) ON DELETE CASCADE,
    series_id INTEGER NOT NULL REFERENCES coupon_series (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    transaction_number TEXT NOT NULL,
    bill_amount REAL NOT NULL,
    redeemed_at INTEGER NOT NULL,
    redeemed_by TEXT NOT NULL,
    reactivated_at INTEGER
  )`
  yield* sql`CREATE INDEX coupon_redemptions_by_coupon ON coupon_redemptions (coupon_id)`
  yield* sql`CREATE INDEX coupon_redemptions_by_customer ON coupon_redemptions (customer_id, series_id)`
  yield* sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('coupon_redemptions', 900000)`
})

interface RedemptionRow {
  readonly id: number
  readonly coupon_id: number
  readonly series_id: number
  readonly customer_id: number
  readonly transaction_number: string
  readonly bill_amount: number
  readonly redeemed_at: number
  readonly redeemed_by: string
  readonly reactivated_at: number | null
}

/** The limits of a series that decide whether a coupon can be redeemed again. */
const reuseOf = (series: SeriesRow) => ({
  multipleUse: toSeries(series).isMultipleUseAllowed === true,
  sameUser: series.same_user_multiple_redeem === 1
})

/** Redemptions left on a coupon for a customer: 0 or 1 for a single-use coupon, else the per-user cap (-1: any). */
const redemptionsLeft = (series: SeriesRow, active: ReadonlyArray<RedemptionRow>, byUserInSeries: number) => {
  const { multipleUse, sameUser } = reuseOf(series)
  if (!multipleUse && !sameUser) return active.length > 0 ? 0 : 1
  const cap = series.max_redemptions_per_user
  return cap === -1 ? -1 : Math.max(0, cap - byUserInSeries)
}

/** The active (not reactivated) redemptions of a coupon, oldest first. */
const activeRedemptions = (couponId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<RedemptionRow>`SELECT * FROM coupon_redemptions
      WHERE coupon_id = ${couponId} AND reactivated_at IS NULL ORDER BY id`
  )

/** The active redemptions of a customer in a series, oldest first. */
const customerRedemptions = (customerId: number, seriesId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<RedemptionRow>`SELECT * FROM coupon_redemptions
      WHERE customer_id = ${customerId} AND series_id = ${seriesId} AND reactivated_at IS NULL ORDER BY id`
  )

/** What a redeemable coupon looks like to one customer. */
interface Checked {
  readonly coupon: CouponRow
  readonly series: SeriesRow
  /** The coupon's active redemptions by this customer. */
  readonly byUser: number
  readonly left: number
}

/**
 * Whether a customer can redeem a code now, by the series' rules, in this order: an unknown code 702 (codes
 * compare without regard to case; of a GENERIC code, the customer's own coupon is the one); revoked 660; another
 * customer's coupon when the series is not `anyUser` 703; the series ended 712; the coupon past its validity
 * 713; already redeemed 711 (a coupon can be redeemed again only with `isMultipleUseAllowed`, or by the same
 * customer with `sameUserMultipleRedeem`); the customer's redemptions in the series at
 * `maxRedemptionsInSeriesPerUser` 728; fewer than `minDaysBetweenRedemption` days since the customer's last one
 * 738; the bill amount, when given, outside `minBillAmount`..`maxBillAmount` 733; the series'
 * `maxRedeem` reached 714. Nothing is written.
 */
const check = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly code: string
  readonly billAmount: number | undefined
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, now } = options
  const [coupon] = yield* sql<
    CouponRow
  >`SELECT * FROM coupons WHERE org_id = ${options.orgId} AND code = ${options.code}
    ORDER BY (customer_id = ${customerId}) DESC, (status = 'REVOKED') ASC, id LIMIT 1`
  if (coupon === undefined) return yield* reject(702, `Invalid coupon code ${options.code}`)
  if (coupon.status === "REVOKED") return yield* reject(660, "Coupon has been revoked")
  const series = (yield* seriesRow(options.orgId, coupon.series_id))!
  if (coupon.customer_id !== customerId && series.any_user === 0) {
    return yield* reject(703, "Coupon is not issued to this customer")
  }
  if (now > series.valid_till) return yield* reject(712, "Coupon Series / Campaign has expired")
  if (now > coupon.valid_till) return yield* reject(713, "Coupon has expired")
  const active = yield* activeRedemptions(coupon.id)
  const { multipleUse, sameUser } = reuseOf(series)
  const again = multipleUse || (sameUser && active.every((redemption) => redemption.customer_id === customerId))
  if (active.length > 0 && !again) return yield* reject(711, "Coupon already redeemed")
  const inSeries = yield* customerRedemptions(customerId, series.id)
  const cap = series.max_redemptions_per_user
  if (cap !== -1 && inSeries.length >= cap) {
    return yield* reject(728, "Max redemptions of the series reached for the customer")
  }
  const last = inSeries.at(-1)
  const spacing = series.min_days_between_redemption
  if (last !== undefined && spacing > 0 && now - last.redeemed_at < spacing * day) {
    return yield* reject(738, `Wait ${spacing} days between redemptions of the series`)
  }
  const bill = options.billAmount
  if (bill !== undefined && (bill < series.min_bill_amount || bill > series.max_bill_amount)) {
    return yield* reject(
      733,
      `Invalid transaction amount: the bill must be between ${series.min_bill_amount} and ${series.max_bill_amount}`
    )
  }
  if (series.max_redeem !== -1 && series.num_redeemed >= series.max_redeem) {
    return yield* reject(714, "Campaign max redemptions reached")
  }
  return {
    coupon,
    series,
    byUser: active.filter((redemption) => redemption.customer_id === customerId).length,
    left: redemptionsLeft(series, active, inSeries.length)
  } satisfies Checked
})

const processedStatus = (message: string) => ({
  statusCode: { status: true, message, code: 700 },
  warnings: [],
  warningsAsStatusCode: [],
  message,
  code: 700,
  success: true
})

/** A redemption as the redeem answers list it. */
const toRedemption = (
  coupon: CouponRow,
  series: Coupon.CouponSeries,
  ids: { readonly id: number; readonly redemptionId?: number | undefined }
) =>
  new CouponRedemption.CouponRedemption({
    ...ids,
    currencyInput: false,
    localToBaseCurrencyExchangeRate: 0,
    warnings: [],
    appendedErrorMessage: "",
    code: coupon.code,
    ...(series.discountCode === undefined ? {} : { discountCode: series.discountCode }),
    seriesCode: series.id,
    isAbsolute: series.discountType === "ABS",
    couponValue: series.discountValue,
    redemptionStatus: processedStatus("Coupon processing successful"),
    discountType: series.discountType,
    discountValue: series.discountValue,
    ...(series.discountUpto === undefined ? {} : { discountUpto: series.discountUpto })
  })

/** What a redeem applies, per code. */
interface Redeemed {
  readonly coupon: CouponRow
  readonly series: Coupon.CouponSeries
  readonly redemptionId: number
}

/**
 * Checks a code (see `check`) and redeems it: the coupon's redemption count and status change only if it is
 * still redeemable (`status = 'ISSUED'` for a single-use coupon), and the series' `numRedeemed` only if it is
 * under `maxRedeem`, each checked by the rows the statement changed; then the redemption is recorded with the
 * bill. Runs in the caller's transaction, so a failure leaves nothing behind and concurrent redemptions of one
 * coupon are serialised: one succeeds, the others find it redeemed (711).
 */
const redeemOne = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly code: string
  readonly billAmount: number
  readonly transactionNumber: string
  readonly now: number
  readonly by: string
}) {
  const sql = yield* SqlClient.SqlClient
  const { now } = options
  const { coupon, series } = yield* check(options)
  const { multipleUse, sameUser } = reuseOf(series)
  const singleUse = !multipleUse && !sameUser
  const counted = singleUse
    ? yield* sql<{ id: number }>`UPDATE coupons SET redemption_count = redemption_count + 1, status = 'REDEEMED'
        WHERE id = ${coupon.id} AND status = 'ISSUED' RETURNING id`
    : yield* sql<{ id: number }>`UPDATE coupons SET redemption_count = redemption_count + 1, status = 'REDEEMED'
        WHERE id = ${coupon.id} AND status <> 'REVOKED' RETURNING id`
  if (counted.length === 0) return yield* reject(711, "Coupon already redeemed")
  const underMax = yield* sql<{ id: number }>`UPDATE coupon_series
    SET num_redeemed = num_redeemed + 1, latest_redemption_time = ${now}
    WHERE id = ${series.id} AND (max_redeem = -1 OR num_redeemed < max_redeem) RETURNING id`
  if (underMax.length === 0) return yield* reject(714, "Campaign max redemptions reached")
  const [recorded] = yield* sql<{ id: number }>`INSERT INTO coupon_redemptions ${
    sql.insert({
      org_id: options.orgId,
      coupon_id: coupon.id,
      series_id: series.id,
      customer_id: options.customerId,
      transaction_number: options.transactionNumber,
      bill_amount: options.billAmount,
      redeemed_at: now,
      redeemed_by: options.by
    })
  } RETURNING id`
  return {
    coupon,
    series: toSeries((yield* seriesRow(options.orgId, series.id))!),
    redemptionId: recorded!.id
  } satisfies Redeemed
})

/** The redeemer of a redeem or check: 8015 when the organisation has no such customer. */
const redeemer = Effect.fnUntraced(function*(orgId: number, user: Coupon.CustomerReference) {
  const customerId = yield* resolveCustomer(orgId, user)
  if (customerId === undefined) return yield* Customers.notFound()
  return customerId
})

/** 716: a code sent twice in one request. */
const checkDistinct = (codes: ReadonlyArray<string>) => {
  const seen = new Set<string>()
  for (const code of codes) {
    const key = code.toUpperCase()
    if (seen.has(key)) return reject(716, `Coupon ${code} is used multiple times in the request`)
    seen.add(key)
  }
  return undefined
}

/** A redeem request, single or bulk. */
export interface RedeemOptions {
  readonly orgId: number
  readonly request: CouponRedemption.CouponRedeem
  readonly now: number
  /** The till that redeems (its code). */
  readonly by: string
}

const redeemAll = Effect.fnUntraced(function*(
  options: RedeemOptions,
  onFailure: (code: string, rejection: Rejection) => Rejection
) {
  const { orgId, request } = options
  const codes = request.redemptionRequestList.map((item) => item.code)
  const duplicate = checkDistinct(codes)
  if (duplicate !== undefined) return yield* duplicate
  const customerId = yield* redeemer(orgId, request.user)
  const redeemed: Array<Redeemed> = []
  for (const code of codes) {
    redeemed.push(
      yield* redeemOne({
        orgId,
        customerId,
        code,
        billAmount: request.billAmount,
        transactionNumber: request.transactionNumber ?? "",
        now: options.now,
        by: options.by
      }).pipe(Effect.catchTag("Rejection", (rejection) => Effect.fail(onFailure(code, rejection))))
    )
  }
  return { customerId, redeemed }
})

/**
 * `POST /v2/coupon/redeem`: redeems every code for the customer on the bill (see `redeemOne`), or none: the first
 * code that fails fails the request with its own code. Answers each redemption with its redemption id as `id`.
 */
export const redeem = Effect.fnUntraced(function*(options: RedeemOptions) {
  const { customerId, redeemed } = yield* redeemAll(options, (_, rejection) => rejection)
  return {
    redemption: redeemed.map(({ coupon, redemptionId, series }) => toRedemption(coupon, series, { id: redemptionId })),
    redemptionStatus: { status: true, message: "Coupon processing successful", code: 700 },
    customer: yield* customerOf(options.orgId, customerId),
    warnings: []
  }
})

/**
 * `POST /v2/coupon/bulk/redeem`: as `redeem`, all or nothing, but a code that fails fails the whole batch with
 * 749, naming the code and its own code and message. Answers the bulk envelope: per code the coupon's id as
 * `entityId` and `result.id`, and the redemption id as `result.redemptionId` (as Capillary's sample has it).
 */
export const bulkRedeem = Effect.fnUntraced(function*(options: RedeemOptions) {
  const { redeemed } = yield* redeemAll(options, (code, rejection) =>
    reject(
      749,
      `Bulk redemption failed: coupon ${code} failed with ${rejection.code} (${rejection.message}); ` +
        "no coupon of the batch was redeemed"
    ))
  return {
    response: redeemed.map(({ coupon, redemptionId, series }) => ({
      entityId: coupon.id,
      result: toRedemption(coupon, series, { id: coupon.id, redemptionId }),
      errors: [],
      warnings: []
    })),
    totalCount: redeemed.length,
    failureCount: 0,
    warnings: []
  }
})

/**
 * `GET /v2/coupon/is_redeemable`: for each code, whether the customer could redeem it now, by the rules of a
 * redeem but the bill amount (see `check`); nothing is written. A code that cannot be redeemed is an item with
 * `isRedeemable: false`, its reason's code and message in `redemptionStatus` and `appendedErrorMessage`.
 */
export const isRedeemable = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly query: CouponRedemption.IsRedeemableQuery
  readonly now: number
}) {
  const { orgId, query } = options
  const customerId = yield* redeemer(orgId, {
    ...(query.id === undefined ? {} : { id: query.id }),
    ...(query.mobile === undefined ? {} : { mobile: query.mobile }),
    ...(query.email === undefined ? {} : { email: query.email }),
    ...(query.externalId === undefined ? {} : { externalId: query.externalId })
  })
  const items: Array<CouponRedemption.RedeemableCoupon> = []
  for (const code of query.code) {
    const checked = yield* Effect.result(
      check({ orgId, customerId, code, billAmount: undefined, now: options.now }).pipe(
        Effect.catchTag("SqlError", Effect.die)
      )
    )
    if (checked._tag === "Failure") {
      const { code: reason, message } = checked.failure
      items.push(
        new CouponRedemption.RedeemableCoupon({
          code: code.toUpperCase(),
          isRedeemable: false,
          appendedErrorMessage: message,
          warnings: [],
          redemptionStatus: {
            statusCode: { status: false, message, code: reason },
            warnings: [],
            warningsAsStatusCode: [],
            message,
            code: reason,
            success: false
          }
        })
      )
      continue
    }
    const { byUser, coupon, left } = checked.success
    const series = toSeries(checked.success.series)
    items.push(
      new CouponRedemption.RedeemableCoupon({
        code: coupon.code,
        isRedeemable: true,
        appendedErrorMessage: "",
        isAbsolute: series.discountType === "ABS",
        numberOfRedemptionsByUser: byUser,
        redemptionsLeft: left,
        warnings: [],
        ...(query.details === undefined ? {} : {
          description: series.description,
          ...(series.discountCode === undefined ? {} : { discountCode: series.discountCode }),
          discountType: series.discountType,
          discountValue: series.discountValue,
          ...(series.discountUpto === undefined ? {} : { discountUpto: series.discountUpto }),
          validTillDate: isoSeconds(coupon.valid_till)
        })
      })
    )
  }
  return {
    customer: yield* customerOf(orgId, customerId),
    redemption: items,
    redemptionStatus: { code: 700, message: "Coupon isRedeem successful", status: true },
    warnings: []
  }
})

/**
 * `POST /v2/coupon/reactivate`: undoes each redemption (all or nothing): it is marked reactivated, its coupon's
 * redemption count goes down (back to `ISSUED` at zero, so it can be redeemed again) and so does the series'
 * `numRedeemed`. An id the organisation does not have, or already reactivated, is 510.
 */
export const reactivate = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly redemptionIds: ReadonlyArray<number>
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  for (const id of new Set(options.redemptionIds)) {
    const undone = yield* sql<{ coupon_id: number; series_id: number }>`UPDATE coupon_redemptions
      SET reactivated_at = ${options.now}
      WHERE id = ${id} AND org_id = ${options.orgId} AND reactivated_at IS NULL
      RETURNING coupon_id, series_id`
    const [redemption] = undone
    if (redemption === undefined) return yield* reject(510, `Invalid redemption id ${id}`)
    yield* sql`UPDATE coupons SET redemption_count = redemption_count - 1,
        status = CASE WHEN redemption_count > 1 THEN 'REDEEMED' ELSE 'ISSUED' END
      WHERE id = ${redemption.coupon_id} AND status <> 'REVOKED'`
    yield* sql`UPDATE coupon_series SET num_redeemed = num_redeemed - 1
      WHERE id = ${redemption.series_id} AND num_redeemed > 0`
  }
  return { warnings: [], errors: [], success: true }
})

// ---------------------------------------------------------------------------------------------------------------
// Issue multiple
// ---------------------------------------------------------------------------------------------------------------

/**
 * `POST /v2/coupon/issue/multiple`: issues `count` coupons (default 1) one after the other with `issue`'s rules,
 * all or nothing: the first that cannot be issued fails the request with its code. With
 * `doNotResendExistingVoucher` and an active coupon held, that coupon is the answer (one coupon).
 */
export const issueMultiple = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Coupon.CouponIssueMultiple
  readonly now: number
  readonly by: string
}) {
  const { orgId, request } = options
  const count = request.count ?? 1
  const issued: Array<Coupon.Coupon> = []
  for (let i = 0; i < count; i++) {
    const next = yield* issue({
      orgId,
      request: { seriesId: request.seriesId, customer: request.customer },
      now: options.now,
      by: options.by
    })
    issued.push(next.coupon)
    if (next.existing) break
  }
  const [first] = issued
  const series = toSeries((yield* seriesRow(orgId, request.seriesId))!)
  return {
    coupons: issued.map((coupon) => ({ code: coupon.code, couponId: coupon.id! })),
    couponConfig: {
      id: 0,
      description: series.description,
      ...(series.discountCode === undefined ? {} : { discountCode: series.discountCode }),
      ...(series.info === undefined ? {} : { info: series.info }),
      ...(series.discountUpto === undefined ? {} : { discountUpto: series.discountUpto }),
      discountValue: series.discountValue,
      ...(series.discountOn === undefined ? {} : { discountOn: series.discountOn }),
      discountType: series.discountType,
      customPropertyMap: series.customPropertyMap ?? {}
    },
    totalCount: count,
    failureCount: count - issued.length,
    successCount: issued.length,
    customer: yield* customerOf(orgId, first!.issuedToId!),
    errors: [],
    warnings: issued.length < count
      ? [{ status: false, code: 709, message: "The customer already holds an active coupon of the series" }]
      : []
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Revoke
// ---------------------------------------------------------------------------------------------------------------

/**
 * `POST /v2/coupon/revoke`: revokes unredeemed coupons. The series, when given, must exist (707) and not have
 * ended (712); the customer, when given, must exist (8015). By codes: each code's coupons (of the series, and
 * of the customer when given) are revoked unless redeemed (405); a code with no live coupon is 682 (unknown or
 * already revoked); a GENERIC code needs the customer (108). By customer alone: every unredeemed coupon of the
 * series the customer holds (more than 100 is 629). Answers what was revoked and what failed, by reason.
 */
export const revoke = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Coupon.CouponRevoke
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, request } = options
  const seriesId = request.couponSeriesId
  if (seriesId !== undefined) {
    const series = yield* seriesRow(orgId, seriesId)
    if (series === undefined) return yield* invalidSeries(seriesId)
    if (options.now > series.valid_till) return yield* reject(712, "Coupon Series / Campaign has expired")
  }
  const customerId = request.customer === undefined ? undefined : yield* redeemer(orgId, request.customer)
  const filters = [
    sql`org_id = ${orgId}`,
    ...(seriesId === undefined ? [] : [sql`series_id = ${seriesId}`]),
    ...(customerId === undefined ? [] : [sql`customer_id = ${customerId}`])
  ]
  const revoked: Array<CouponRow> = []
  const failed = new Map<number, { message: string; codes: Array<string> }>()
  const fail = (errorCode: number, message: string, code: string) => {
    const entry = failed.get(errorCode) ?? { message, codes: [] }
    entry.codes.push(code)
    failed.set(errorCode, entry)
  }
  if (request.couponCodes === undefined) {
    const unredeemed = yield* sql<CouponRow>`SELECT * FROM coupons WHERE ${sql.and(filters)}
      AND status = 'ISSUED' AND redemption_count = 0 ORDER BY id`
    if (unredeemed.length > 100) {
      return yield* reject(629, "The customer holds more than 100 unredeemed coupons of the series")
    }
    revoked.push(...unredeemed)
  } else {
    const codes = [...new Set(request.couponCodes.map((code) => code.toUpperCase()))]
    for (const code of codes) {
      const found = yield* sql<CouponRow>`SELECT * FROM coupons WHERE ${sql.and(filters)} AND code = ${code}
        ORDER BY id`
      if (customerId === undefined && found.some((coupon) => coupon.generic === 1)) {
        return yield* reject(108, "Unsupported coupons series config with client handling type GENERIC")
      }
      const live = found.filter((coupon) => coupon.status !== "REVOKED")
      if (live.length === 0) fail(682, "Coupon not found", code)
      for (const coupon of live) {
        if (coupon.redemption_count > 0) fail(405, "Coupon code redeemed", coupon.code)
        else revoked.push(coupon)
      }
    }
  }
  for (const coupon of revoked) yield* sql`UPDATE coupons SET status = 'REVOKED' WHERE id = ${coupon.id}`
  const failedToRevoke = [...failed].map(([errorCode, { codes, message }]) => ({
    errorCode,
    errorMessage: message,
    couponCodes: codes
  }))
  const failedCount = failedToRevoke.reduce((sum, failure) => sum + failure.couponCodes.length, 0)
  return {
    entity: {
      totalCount: revoked.length + failedCount,
      failedCount,
      revokedCoupons: revoked.map((coupon) => ({
        couponId: Coupon.CouponId.make(coupon.id),
        couponCode: coupon.code,
        issuedToUserId: Coupon.CustomerId.make(coupon.customer_id)
      })),
      failedToRevoke
    },
    warnings: [],
    errors: [],
    success: true
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Customer coupons (basic)
// ---------------------------------------------------------------------------------------------------------------

const matchesStatus = (status: Coupon.CustomerCouponStatus, redeemed: boolean, expired: boolean, left: number) => {
  switch (status) {
    case "REDEEMED":
      return redeemed
    case "UNREDEEMED":
      return !redeemed
    case "ACTIVE":
      return !expired
    case "EXPIRED":
      return expired
    case "ACTIVE_REDEEMED":
      return !expired && redeemed
    case "ACTIVE_UNREDEEMED":
      return !expired && !redeemed
    case "EXPIRED_REDEEMED":
      return expired && redeemed
    case "EXPIRED_UNREDEEMED":
      return expired && !redeemed
    case "REDEEMABLE":
      return !expired && left !== 0
  }
}

const redemptionRecord = (redemption: RedemptionRow) => ({
  id: redemption.id,
  date: isoSeconds(redemption.redeemed_at),
  transactionNumber: redemption.transaction_number,
  redeemedAt: { code: redemption.redeemed_by, name: redemption.redeemed_by }
})

/**
 * `GET /v2/customers/coupons`: the customer's coupons (revoked ones left out), newest first unless `ASC`, with
 * each active redemption (its bill's `transactionNumber`) and each reactivated one (`reversedRedemptions`),
 * filtered by status at the emulator's time, one page of `limit` (default 100) from `offset`.
 */
export const customerCoupons = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly query: Coupon.CustomerCouponsQuery
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, query } = options
  const customerId = yield* redeemer(orgId, {
    ...(query.id === undefined ? {} : { id: query.id }),
    ...(query.mobile === undefined ? {} : { mobile: query.mobile }),
    ...(query.email === undefined ? {} : { email: query.email }),
    ...(query.external_Id === undefined ? {} : { externalId: query.external_Id })
  })
  const ascending = query.sort_order === "ASC"
  const rows = yield* (ascending
    ? sql<CouponRow>`SELECT * FROM coupons WHERE customer_id = ${customerId} AND status <> 'REVOKED' ORDER BY id`
    : sql<CouponRow>`SELECT * FROM coupons WHERE customer_id = ${customerId} AND status <> 'REVOKED'
        ORDER BY id DESC`)
  const redemptions = rows.length === 0 ? [] : yield* sql<RedemptionRow>`SELECT * FROM coupon_redemptions
    WHERE ${sql.in("coupon_id", rows.map((row) => row.id))} ORDER BY id`
  const seriesRows = new Map<number, SeriesRow>()
  const listed: Array<Coupon.CustomerCoupon> = []
  for (const row of rows) {
    let seriesAt = seriesRows.get(row.series_id)
    if (seriesAt === undefined) {
      seriesAt = (yield* seriesRow(orgId, row.series_id))!
      seriesRows.set(row.series_id, seriesAt)
    }
    const series = toSeries(seriesAt)
    const ofCoupon = redemptions.filter((redemption) => redemption.coupon_id === row.id)
    const active = ofCoupon.filter((redemption) => redemption.reactivated_at === null)
    const byHolder = (yield* customerRedemptions(customerId, row.series_id)).length
    const left = redemptionsLeft(seriesAt, active, byHolder)
    const expired = now > row.valid_till || now > seriesAt.valid_till
    if (query.status !== undefined && !matchesStatus(query.status, active.length > 0, expired, left)) continue
    listed.push(
      new Coupon.CustomerCoupon({
        code: row.code,
        seriesId: Coupon.CouponSeriesId.make(row.series_id),
        description: series.description,
        validTill: isoSeconds(row.valid_till),
        discountType: series.discountType,
        discountValue: series.discountValue,
        ...(series.discountUpto === undefined ? {} : { discountUpto: series.discountUpto }),
        redemptionCount: active.length,
        redemptionsLeft: left,
        id: Coupon.CouponId.make(row.id),
        createdDate: isoSeconds(row.issued_at),
        transactionNumber: "0",
        issuedAt: { code: row.issued_by, name: row.issued_by },
        redemptions: active.map(redemptionRecord),
        reversedRedemptions: ofCoupon.filter((redemption) => redemption.reactivated_at !== null).map(redemptionRecord),
        validTillDateTime: isoSeconds(row.valid_till)
      })
    )
  }
  const limit = query.limit ?? 100
  const offset = query.offset ?? 0
  const customer = yield* Customers.load(orgId, customerId, { source: "ALL" })
  const [profile] = customer?.profiles ?? []
  const identifier = (type: string) => profile?.identifiers.find((candidate) => candidate.type === type)?.value
  const mobile = identifier("mobile")
  const email = identifier("email")
  const externalId = identifier("externalId")
  return {
    entity: {
      pagination: { limit, offset, total: listed.length },
      customers: [{
        ...(profile?.firstName === undefined ? {} : { firstname: profile.firstName }),
        ...(profile?.lastName === undefined ? {} : { lastname: profile.lastName }),
        ...(email === undefined ? {} : { email }),
        ...(mobile === undefined ? {} : { mobile }),
        id: Coupon.CustomerId.make(customerId),
        ...(externalId === undefined ? {} : { externalId }),
        coupons: listed.slice(offset, offset + limit)
      }]
    },
    warnings: [],
    errors: [],
    success: true
  }
})
