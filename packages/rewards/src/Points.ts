/**
 * Loyalty points as Capillary's v2 API reads them: a customer's (or their group's) points balance in a program,
 * with its main (redeemable) and promised parts, and the points ledger: closing balances per program and points
 * category, and the ledger entries of each event (credits and debits per program), a page at a time.
 *
 * Wire conventions kept as they are: the ledger writes points as decimal strings (`"10"`, `"-10.000"`), read here
 * as numbers and written back with three decimals; `ledgerCreatedDate` is Capillary's `"2022-02-14 18:30:59.0"`;
 * ledger pages count from 0 (`offset` is the page number) and hold at most 10 entries.
 *
 * @since 0.1.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"

// ---------------------------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------------------------

/**
 * A loyalty program's id: a positive integer.
 *
 * @since 0.1.0
 * @category ids
 */
export const ProgramId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("ProgramId"))

/**
 * The type of `ProgramId`.
 *
 * @since 0.1.0
 * @category ids
 */
export type ProgramId = typeof ProgramId.Type

/**
 * A program id in a query string.
 *
 * @since 0.1.0
 * @category ids
 */
export const ProgramIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(ProgramId))

/**
 * A customer's id (Capillary's `userId`): a positive integer, with the brand of `@capillary-effect/customers`'
 * `CustomerId`, so an id read there is accepted here as it is.
 *
 * @since 0.1.0
 * @category ids
 */
export const CustomerId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("CustomerId"))

/**
 * The type of `CustomerId`.
 *
 * @since 0.1.0
 * @category ids
 */
export type CustomerId = typeof CustomerId.Type

/**
 * A customer id in a path or query string.
 *
 * @since 0.1.0
 * @category ids
 */
export const CustomerIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(CustomerId))

// ---------------------------------------------------------------------------------------------------------------
// Wire values
// ---------------------------------------------------------------------------------------------------------------

/**
 * A number of points the ledger sends as a number or as a decimal string (`"10"`, `"300.00"`, `"-10.000"`);
 * blank, hex or exponent strings are refused. Written back as a string with three decimals, as Capillary does.
 *
 * @since 0.1.0
 * @category wire
 */
export const DecimalPoints = Schema.Union([
  Schema.Finite,
  Schema.String.check(Schema.isPattern(/^\s*-?\d+(\.\d+)?\s*$/))
])
  .pipe(
    Schema.decodeTo(Schema.Finite, {
      decode: SchemaGetter.transform((value) => (typeof value === "number" ? value : Number(value.trim()))),
      encode: SchemaGetter.transform((value) => value.toFixed(3))
    })
  )

const IntFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int))

/**
 * A date-time in a ledger query: `YYYY-MM-DDThh:mm:ss`, as Capillary documents it.
 *
 * @since 0.1.0
 * @category wire
 */
export const LedgerDateTime = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, { message: "a ledger date-time is YYYY-MM-DDThh:mm:ss" })
)

// ---------------------------------------------------------------------------------------------------------------
// Points balance
// ---------------------------------------------------------------------------------------------------------------

/**
 * Whose balance a read asks for: the customer's own (`CUSTOMER`) or that of the customer's user group (`FLEET`).
 *
 * @since 0.1.0
 * @category balance
 */
export const BalanceEntityType = Schema.Literals(["CUSTOMER", "FLEET"])

/**
 * The type of `BalanceEntityType`.
 *
 * @since 0.1.0
 * @category balance
 */
export type BalanceEntityType = typeof BalanceEntityType.Type

/**
 * The path of `GET /v2/customers/{userId}/points/balance`.
 *
 * @since 0.1.0
 * @category balance
 */
export const BalancePath = Schema.Struct({ userId: CustomerIdFromString })

/**
 * The query of a balance read: the program (the organisation's default when absent) and whose balance.
 *
 * @since 0.1.0
 * @category balance
 */
export const BalanceQuery = Schema.Struct({
  programId: Schema.optional(ProgramIdFromString),
  entityType: Schema.optional(BalanceEntityType)
})

/**
 * The type of `BalanceQuery`.
 *
 * @since 0.1.0
 * @category balance
 */
export type BalanceQuery = typeof BalanceQuery.Type

/**
 * What the promised (not yet redeemable) points are made of.
 *
 * @since 0.1.0
 * @category balance
 */
export const PromisedPointsBreakup = Schema.Struct({
  /** Points promised on an event, redeemable after a delay. */
  delayedAccrualPoints: Schema.Finite,
  /** Points promised until an external trigger releases them. */
  externalTriggerBasedPoints: Schema.Finite
})

/**
 * A points balance: `entityId` is the customer's id (`CUSTOMER`) or their group's (`FLEET`); `mainPoints` can be
 * redeemed now, `promisedPoints` later, and `totalPoints` is both.
 *
 * @since 0.1.0
 * @category balance
 */
export const PointsBalance = Schema.Struct({
  entityId: Schema.Int,
  entityType: Schema.String,
  totalPoints: Schema.Finite,
  mainPoints: Schema.Finite,
  promisedPoints: Schema.Finite,
  promisedPointsBreakup: PromisedPointsBreakup,
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `PointsBalance`.
 *
 * @since 0.1.0
 * @category balance
 */
export type PointsBalance = typeof PointsBalance.Type

// ---------------------------------------------------------------------------------------------------------------
// Ledger queries
// ---------------------------------------------------------------------------------------------------------------

const sources = [
  "INSTORE",
  "MARTJACK",
  "WECHAT",
  "FACEBOOK",
  "WEB_ENGAGE",
  "TMALL",
  "TAOBAO",
  "JD",
  "ECOMMERCE",
  "WEBSITE",
  "LINE",
  "MOBILE_APP",
  "ALL"
] as const

/**
 * The source a ledger query finds the customer in, or `ALL`: the same values as `@capillary-effect/customers`'
 * `LookupSource` (domain packages depend on core only, so the list is repeated here).
 *
 * @since 0.1.0
 * @category ledger
 */
export const LookupSource = Schema.Literals(sources)

/**
 * The type of `LookupSource`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LookupSource = typeof LookupSource.Type

/**
 * How a ledger query names its subject: a customer by `id` or by an identifier (`mobile`, `email`, `externalId`,
 * `cardnumber`, `cardExternalId`); a user group (`type=USERGROUP2`) by `id`, `externalId` or `primaryUserId`.
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerIdentifierName = Schema.Literals([
  "id",
  "mobile",
  "email",
  "externalId",
  "cardnumber",
  "cardExternalId",
  "primaryUserId"
])

/**
 * The type of `LedgerIdentifierName`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerIdentifierName = typeof LedgerIdentifierName.Type

/**
 * Whose ledger: a customer's (the default) or a user group's.
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerOwnerType = Schema.Literals(["CUSTOMER", "USERGROUP2"])

/**
 * The type of `LedgerOwnerType`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerOwnerType = typeof LedgerOwnerType.Type

/**
 * The direction of a ledger entry: points in (`CREDIT`), points out (`DEBIT`), or a balance carried forward.
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerEntryType = Schema.Literals(["CREDIT", "DEBIT", "OPENING_BALANCE"])

/**
 * The type of `LedgerEntryType`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerEntryType = typeof LedgerEntryType.Type

/**
 * Which points a ledger query selects: regular (`Main`), promised (`DelayedAccrualPointCategory`) or released
 * by a trigger (`ExternalTriggerBasedPointCategory`).
 *
 * @since 0.1.0
 * @category ledger
 */
export const PointCategoryType = Schema.Literals(["REGULAR", "PROMISED", "TRIGGER_BASED"])

/**
 * The type of `PointCategoryType`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type PointCategoryType = typeof PointCategoryType.Type

/**
 * The points category of a ledger entry or closing balance, as the ledger names it.
 *
 * @since 0.1.0
 * @category ledger
 */
export const PointsCategory = Schema.Literals([
  "Main",
  "DelayedAccrualPointCategory",
  "ExternalTriggerBasedPointCategory"
])

/**
 * The type of `PointsCategory`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type PointsCategory = typeof PointsCategory.Type

/**
 * The largest ledger page: 10 entries.
 *
 * @since 0.1.0
 * @category ledger
 */
export const maxLedgerPageSize = 10

const notBlank = (what: string) =>
  Schema.makeFilter<string>((value) => value.trim() === "" ? `${what} is empty` : undefined)

const subjectFields = {
  identifierName: LedgerIdentifierName,
  identifierValue: Schema.String.check(notBlank("an identifier value")),
  source: LookupSource,
  accountId: Schema.optional(Schema.String),
  /** `USERGROUP2` reads a group's ledger; a customer's when absent. */
  type: Schema.optional(LedgerOwnerType),
  programId: Schema.optional(ProgramIdFromString),
  endDate: Schema.optional(LedgerDateTime),
  /** Entries per page, 1 to 10 (10 when absent). */
  limit: Schema.optional(
    IntFromString.check(
      Schema.isBetween({ minimum: 1, maximum: maxLedgerPageSize }, { message: "a ledger page holds 1 to 10 entries" })
    )
  ),
  /** The page number, from 0. */
  offset: Schema.optional(
    IntFromString.check(Schema.isGreaterThanOrEqualTo(0, { message: "a page number is 0 or more" }))
  ),
  ledgerEntryType: Schema.optional(LedgerEntryType),
  pointCategoryType: Schema.optional(PointCategoryType)
}

const namesItsSubject = Schema.makeFilter<
  {
    readonly identifierName: LedgerIdentifierName
    readonly identifierValue: string
    readonly type?: LedgerOwnerType | undefined
  }
>((query) => {
  const group = query.type === "USERGROUP2"
  if (group && !["id", "externalId", "primaryUserId"].includes(query.identifierName)) {
    return { path: ["identifierName"], issue: "a user group is named by id, externalId or primaryUserId" }
  }
  if (!group && query.identifierName === "primaryUserId") {
    return { path: ["identifierName"], issue: "primaryUserId names a user group (type USERGROUP2)" }
  }
  if (
    (query.identifierName === "id" || query.identifierName === "primaryUserId") &&
    !/^[1-9]\d*$/.test(query.identifierValue)
  ) {
    return { path: ["identifierValue"], issue: "an id is a positive integer" }
  }
  return undefined
})

/**
 * The query of `GET /v2/pointsLedger/getCustomerLedgerBalance`: whose ledger, and the closing balances as of
 * `endDate` (now when absent), for one program or all, one points category or all.
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerBalanceQuery = Schema.Struct(subjectFields).check(namesItsSubject)

/**
 * The type of `LedgerBalanceQuery`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerBalanceQuery = typeof LedgerBalanceQuery.Type

/**
 * The query of `GET /v2/pointsLedger/getCustomerLedgerInfo`: whose ledger, which page (`offset` is the page
 * number, `limit` at most 10), and which entries: a date range, a program, an entry type, a points category, and
 * the order (`ASC`, oldest first, or `DESC`).
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerInfoQuery = Schema.Struct({
  ...subjectFields,
  startDate: Schema.optional(LedgerDateTime),
  sortOrder: Schema.optional(Schema.Literals(["ASC", "DESC"]))
}).check(namesItsSubject)

/**
 * The type of `LedgerInfoQuery`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerInfoQuery = typeof LedgerInfoQuery.Type

// ---------------------------------------------------------------------------------------------------------------
// Ledger answers
// ---------------------------------------------------------------------------------------------------------------

/**
 * Whose ledger an answer is: the customer (or group) id, their external id, and the kind of owner (`CUSTOMER`,
 * or `FLEET` for a group).
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerOwner = Schema.Struct({
  userId: Schema.Int,
  externalId: Schema.optional(Schema.String),
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  entityType: Schema.String
})

/**
 * The type of `LedgerOwner`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerOwner = typeof LedgerOwner.Type

const pageFields = {
  /** This page, from 0. */
  pageNumber: Schema.Int,
  pageSize: Schema.Int,
  /** Ledger entries (events) in all pages. */
  totalEntries: Schema.Int,
  pageCount: Schema.Int
}

/**
 * Where a page of ledger entries is in the whole.
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerPage = Schema.Struct(pageFields)

/**
 * The type of `LedgerPage`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerPage = typeof LedgerPage.Type

/**
 * The balance of one points category of one program at the end date.
 *
 * @since 0.1.0
 * @category ledger
 */
export const ClosingBalance = Schema.Struct({
  pointsCategory: PointsCategory,
  programName: Schema.String,
  programId: ProgramId,
  closingBalance: DecimalPoints
})

/**
 * The type of `ClosingBalance`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type ClosingBalance = typeof ClosingBalance.Type

/**
 * The answer to a ledger balance read: the owner, the number of ledger entries, and a closing balance per
 * program and points category.
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerBalance = Schema.Struct({
  customerDetails: LedgerOwner,
  ledgerDetails: Schema.Struct({ ...pageFields, ledgerClosingBalance: Schema.Array(ClosingBalance) }),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `LedgerBalance`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerBalance = typeof LedgerBalance.Type

/**
 * One credit or debit of an event, in one program and points category.
 *
 * @since 0.1.0
 * @category ledger
 */
export const EntryDetail = Schema.Struct({
  ledgerEntryType: LedgerEntryType,
  /** Always positive: the direction is `ledgerEntryType`. */
  points: DecimalPoints,
  pointsCategory: PointsCategory,
  programName: Schema.String,
  programId: ProgramId
})

/**
 * The type of `EntryDetail`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type EntryDetail = typeof EntryDetail.Type

/**
 * The transaction an event came from, for transaction events.
 *
 * @since 0.1.0
 * @category ledger
 */
export const TransactionDetails = Schema.Struct({
  transactionId: Schema.optional(Schema.Int),
  transactionNumber: Schema.optional(Schema.String),
  date: Schema.optional(Schema.String),
  amount: Schema.optional(Schema.Finite)
})

/**
 * A ledger entry: one event (`TransactionAdd`, `PointsRedemption`, `PointsExpiry`, a transfer, ...) with its
 * credits and debits, their net, and where it happened.
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerEntry = Schema.Struct({
  eventLogId: Schema.Int,
  eventName: Schema.String,
  /** `YYYY-MM-DD hh:mm:ss.S`, as Capillary writes it. */
  ledgerCreatedDate: Schema.String,
  entryDetails: Schema.Array(EntryDetail),
  /** Credits minus debits. */
  netPointsOnEvent: DecimalPoints,
  transactionDetails: Schema.optional(TransactionDetails),
  store: Schema.optional(Schema.String),
  storeCode: Schema.optional(Schema.String),
  tillCode: Schema.optional(Schema.String)
})

/**
 * The type of `LedgerEntry`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerEntry = typeof LedgerEntry.Type

/**
 * A page of ledger entries, with the owner and where the page is.
 *
 * @since 0.1.0
 * @category ledger
 */
export const LedgerInfo = Schema.Struct({
  customerDetails: LedgerOwner,
  ledgerDetails: LedgerPage,
  /** Absent or empty past the last page. */
  ledgerEntries: Schema.optional(Schema.Array(LedgerEntry)),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `LedgerInfo`.
 *
 * @since 0.1.0
 * @category ledger
 */
export type LedgerInfo = typeof LedgerInfo.Type
