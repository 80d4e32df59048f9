/**
 * The coupons store on the emulator database: coupon series (their definition, limit columns derived from it,
 * and counters) and the coupons issued from them. The behaviours and the demo seed both write through
 * `createSeries`, `updateSeries` and `issue`, which run in the caller's transaction.
 */
import { Coupon } from "@capillary-effect/rewards"
import { Effect, Random, Result, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { Rejection } from "../Behaviour.ts"
import * as Customers from "./customers.ts"

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

const reject = (code: number, message: string, status = 400) => new Rejection({ status, code, message })

/** 707: no such series in the organisation. */
export const invalidSeries = (id?: number) =>
  reject(707, id === undefined ? "Invalid series id" : `Invalid series id ${id}`)

// ---------------------------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------------------------

const day = 86_400_000

/** ISO-8601 in UTC to the second, as v2 writes dates (`2021-05-09T00:00:00Z`). */
export const isoSeconds = (millis: number) => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

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
  readonly max_vouchers_per_user: number
  readonly multiple_vouchers_per_user: number
  readonly do_not_resend_existing: number
  readonly min_days_between_vouchers: number
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
  readonly series_id: number
  readonly code: string
  readonly customer_id: number
  readonly issued_at: number
  readonly valid_till: number
  readonly status: string
  readonly redemption_count: number
}

/** A coupon as Capillary lists it, with the series' discount. */
const toCoupon = (coupon: CouponRow, series: Coupon.CouponSeries) =>
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
    issuedOn: isoSeconds(coupon.issued_at)
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
    return { coupon: toCoupon(active.at(-1)!, view), existing: true } satisfies Issued
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
  return { coupon: toCoupon(inserted!, view), existing: false } satisfies Issued
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
export const findCoupons = Effect.fnUntraced(function*(orgId: number, query: Coupon.CouponQuery) {
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
    data: rows.map((row) => toCoupon(row, series.get(row.series_id)!)),
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
