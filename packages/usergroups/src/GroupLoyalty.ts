/**
 * A user group's loyalty, as Capillary's v2 API reads it: when its points expire
 * (`GET /v2/userGroup2/pointsExpirySchedule`), when its promised points become redeemable
 * (`GET /v2/userGroup2/promisedPointsSchedule`), its tier log (`GET /v2/userGroup2/slabHistory`), its points
 * ledger (`GET /v2/pointsLedger/getCustomerLedgerInfo` with `type=USERGROUP2`), and a member's group balance and
 * tiers (the customers' `points/balance` and `tierDetails` reads with `entityType=FLEET`).
 *
 * Wire conventions kept as they are: expiry and redemption dates are `YYYY-MM-DD`; the ledger writes points as
 * decimal strings (`"20.000"`) and its dates as `"2025-03-10 05:45:19.0"`, and counts pages from 0 (`offset` is
 * the page number, at most 10 entries a page); the tier log is paged by `pageSize` with a `pagination` block.
 *
 * Decided where the documentation is unclear (the shapes are designed from the field names it gives):
 * - The expiry schedule's page parameters are documented as `limits` / `offsets` (and the promised schedule's
 *   example uses them too) while every other v2 list, and the promised schedule's own table, say `limit` /
 *   `offset`. The SDK sends `limit` / `offset`; both queries also accept `limits` / `offsets`, and a server
 *   honours either (`limit` / `offset` win).
 * - A schedule's `type` says whose schedule: `FLEET` (the documented example) or `USERGROUP2`; empty is as absent
 *   (Capillary's own example sends `type=`).
 * - The tier log's `startDate` / `endDate` are ISO dates or date-times; `offset` (reported in `pagination`) is
 *   accepted besides the documented `pageSize`.
 * - The group ledger names the group by `id` (the documented example) or `groupId` (the documented table),
 *   `externalId` or `primaryUserId`; its order is `order` (the documented group table) or `sortOrder`.
 * - In a `FLEET` balance or tier read, the path's id (or the lookup's identifier) is a member's: the answer is
 *   that of the member's group, `entityId` being the group's id.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import { ProgramId, ProgramIdFromString } from "./GroupPoints.ts"
import {
  BooleanFromString,
  CustomerIdFromString,
  ExpirySchedule,
  IdentifierType,
  Source,
  UserGroupIdFromString
} from "./UserGroup.ts"

// ---------------------------------------------------------------------------------------------------------------
// Wire values
// ---------------------------------------------------------------------------------------------------------------

/**
 * A number of points the ledger sends as a number or as a decimal string (`"20"`, `"-20.000"`); blank, hex or
 * exponent strings are refused. Written back as a string with three decimals, as Capillary does.
 *
 * @since 0.2.0
 * @category wire
 */
export const DecimalPoints = Schema.Union([
  Schema.Finite,
  Schema.String.check(Schema.isPattern(/^\s*-?\d+(\.\d+)?\s*$/))
]).pipe(
  Schema.decodeTo(Schema.Finite, {
    decode: SchemaGetter.transform((value) => (typeof value === "number" ? value : Number(value.trim()))),
    encode: SchemaGetter.transform((value) => value.toFixed(3))
  })
)

const isCalendarDate = (value: string) => {
  const millis = Date.parse(`${value.slice(0, 10)}T00:00:00Z`)
  return !Number.isNaN(millis) && new Date(millis).toISOString().slice(0, 10) === value.slice(0, 10)
}

const padDate = (value: string) => value.replace(/-(\d)(?=-|$)/g, "-0$1")

/**
 * A calendar date, `YYYY-MM-DD`, as the schedules filter dates. Read also without zero padding (`2023-7-25`, as
 * Capillary's own example sends it), and padded.
 *
 * @since 0.2.0
 * @category wire
 */
export const CalendarDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{1,2}-\d{1,2}$/, { message: "a date is YYYY-MM-DD" })
).pipe(
  Schema.decodeTo(
    Schema.String.check(
      Schema.makeFilter((value) =>
        /^\d{4}-\d\d-\d\d$/.test(value) && isCalendarDate(value) ? undefined : "not a calendar date"
      )
    ),
    {
      decode: SchemaGetter.transform(padDate),
      encode: SchemaGetter.transform((value: string) => value)
    }
  )
)

/**
 * A date or a date-time in ISO-8601 (`2022-08-01`, `2022-08-01T12:08:24+05:30`), as the tier log filters.
 *
 * @since 0.2.0
 * @category wire
 */
export const IsoDateOrDateTime = Schema.String.check(
  Schema.makeFilter((value) =>
    /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(value) && isCalendarDate(value) &&
      !Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value))
      ? undefined
      : "an ISO-8601 date or date-time"
  )
)

/**
 * A date-time in a ledger query: `YYYY-MM-DDThh:mm:ss`, as Capillary documents it.
 *
 * @since 0.2.0
 * @category wire
 */
export const LedgerDateTime = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, { message: "a ledger date-time is YYYY-MM-DDThh:mm:ss" })
)

const IntFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int))

const PositiveIntFromString = IntFromString.check(Schema.isGreaterThan(0, { message: "a count is positive" }))

const OffsetFromString = IntFromString.check(Schema.isGreaterThanOrEqualTo(0, { message: "an offset is 0 or more" }))

const notBlank = (what: string) =>
  Schema.makeFilter<string>((value) => value.trim() === "" ? `${what} is empty` : undefined)

// ---------------------------------------------------------------------------------------------------------------
// Which group
// ---------------------------------------------------------------------------------------------------------------

const groupFields = {
  id: Schema.optional(UserGroupIdFromString),
  externalId: Schema.optional(Schema.String.check(notBlank("an external id"))),
  /** The customer who is the group's primary member. */
  primaryUserId: Schema.optional(CustomerIdFromString)
}

type Named = {
  readonly id?: unknown
  readonly externalId?: unknown
  readonly primaryUserId?: unknown
  readonly startDate?: string | undefined
  readonly endDate?: string | undefined
}

const namesGroup = Schema.makeFilter<Named>((query) =>
  query.id !== undefined || query.externalId !== undefined || query.primaryUserId !== undefined
    ? undefined
    : "a group is identified by id, externalId or primaryUserId"
)

const ordered = Schema.makeFilter<Named>((query) =>
  query.startDate !== undefined && query.endDate !== undefined && query.startDate > query.endDate
    ? { path: ["endDate"], issue: "endDate is before startDate" }
    : undefined
)

/**
 * Whose schedule a schedule read asks for: the group's (`FLEET`, as documented, or `USERGROUP2`); empty is as
 * absent.
 *
 * @since 0.2.0
 * @category schedules
 */
export const ScheduleEntityType = Schema.Literals(["FLEET", "USERGROUP2", ""])

/**
 * The type of `ScheduleEntityType`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type ScheduleEntityType = typeof ScheduleEntityType.Type

const pageFields = {
  /** Items per page. */
  limit: Schema.optional(PositiveIntFromString),
  /** Items to skip. */
  offset: Schema.optional(OffsetFromString),
  /** `limit` as the documentation spells it; `limit` wins. */
  limits: Schema.optional(PositiveIntFromString),
  /** `offset` as the documentation spells it; `offset` wins. */
  offsets: Schema.optional(OffsetFromString)
}

// ---------------------------------------------------------------------------------------------------------------
// Points expiry schedule
// ---------------------------------------------------------------------------------------------------------------

/**
 * The page size the SDK reads an expiry schedule with.
 *
 * @since 0.2.0
 * @category schedules
 */
export const schedulePageSize = 20

/**
 * The query of `GET /v2/userGroup2/pointsExpirySchedule`: the group (by `id`, `externalId` or `primaryUserId`),
 * whose (`type`), the expiry dates to list (`startDate` to `endDate`, inclusive), the program (the group's when
 * absent) or all programs, only the earliest expiry date, and the page.
 *
 * @since 0.2.0
 * @category schedules
 */
export const ExpiryScheduleQuery = Schema.Struct({
  ...groupFields,
  type: Schema.optional(ScheduleEntityType),
  startDate: Schema.optional(CalendarDate),
  endDate: Schema.optional(CalendarDate),
  programId: Schema.optional(ProgramIdFromString),
  getDataForAllPrograms: Schema.optional(BooleanFromString),
  fetchEarliestExpiryOnly: Schema.optional(BooleanFromString),
  ...pageFields
}).check(namesGroup, ordered)

/**
 * The type of `ExpiryScheduleQuery`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type ExpiryScheduleQuery = typeof ExpiryScheduleQuery.Type

/**
 * The answer to an expiry schedule read: the points that will expire, by date, program, points type and expiry
 * type, the earliest first.
 *
 * @since 0.2.0
 * @category schedules
 */
export const ExpirySchedules = Schema.Struct({
  expirySchedules: Schema.Array(ExpirySchedule),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `ExpirySchedules`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type ExpirySchedules = typeof ExpirySchedules.Type

// ---------------------------------------------------------------------------------------------------------------
// Promised points schedule
// ---------------------------------------------------------------------------------------------------------------

/**
 * The query of `GET /v2/userGroup2/promisedPointsSchedule`: the group, whose (`type`), the redemption dates to
 * list (`startDate` to `endDate`, inclusive), the program (the group's when absent) or all programs, and the
 * page.
 *
 * @since 0.2.0
 * @category schedules
 */
export const PromisedScheduleQuery = Schema.Struct({
  ...groupFields,
  type: Schema.optional(ScheduleEntityType),
  startDate: Schema.optional(CalendarDate),
  endDate: Schema.optional(CalendarDate),
  programId: Schema.optional(ProgramIdFromString),
  getDataForAllPrograms: Schema.optional(BooleanFromString),
  ...pageFields
}).check(namesGroup, ordered)

/**
 * The type of `PromisedScheduleQuery`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type PromisedScheduleQuery = typeof PromisedScheduleQuery.Type

/**
 * Promised points that become redeemable on a date.
 *
 * @since 0.2.0
 * @category schedules
 */
export const PromisedPoints = Schema.Struct({
  points: Schema.Finite,
  /** `YYYY-MM-DD`. */
  redeemableFrom: Schema.String,
  /** The same date as an ISO-8601 instant. */
  redeemableFromISO: Schema.optional(Schema.String),
  programId: Schema.Int,
  /** `bill_regular`, `bill_promotions`, `line_item_regular`, `line_item_promotions`, `customer_promotions`. */
  pointsType: Schema.optional(Schema.String)
})

/**
 * The type of `PromisedPoints`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type PromisedPoints = typeof PromisedPoints.Type

/**
 * Points promised until an external trigger releases them (negative when taken back), by program and points type.
 *
 * @since 0.2.0
 * @category schedules
 */
export const TriggerBasedPoints = Schema.Struct({
  points: Schema.Finite,
  programId: Schema.Int,
  pointsType: Schema.optional(Schema.String)
})

/**
 * The type of `TriggerBasedPoints`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type TriggerBasedPoints = typeof TriggerBasedPoints.Type

/**
 * The answer to a promised points read: whose (`entityType` `FLEET`; Capillary writes a group's `entityId` as
 * the negated group id), the promised points by date, and the trigger-based ones.
 *
 * @since 0.2.0
 * @category schedules
 */
export const PromisedSchedule = Schema.Struct({
  entityId: Schema.Int,
  entityType: Schema.String,
  promisedPointsScheduleList: Schema.Array(PromisedPoints),
  triggerBasedPointsList: Schema.Array(TriggerBasedPoints),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `PromisedSchedule`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type PromisedSchedule = typeof PromisedSchedule.Type

// ---------------------------------------------------------------------------------------------------------------
// Tier log
// ---------------------------------------------------------------------------------------------------------------

/**
 * The page size the SDK reads a tier log with (the documented example's).
 *
 * @since 0.2.0
 * @category tiers
 */
export const slabHistoryPageSize = 20

/**
 * The query of `GET /v2/userGroup2/slabHistory`: the group (`fleetGroupId`), the changes from `startDate`
 * (inclusive) to `endDate` (exclusive), and the page (`pageSize`, `offset`).
 *
 * @since 0.2.0
 * @category tiers
 */
export const SlabHistoryQuery = Schema.Struct({
  fleetGroupId: UserGroupIdFromString,
  startDate: Schema.optional(IsoDateOrDateTime),
  endDate: Schema.optional(IsoDateOrDateTime),
  pageSize: Schema.optional(PositiveIntFromString),
  offset: Schema.optional(OffsetFromString)
}).check(Schema.makeFilter((query) => {
  const instant = (value: string) => Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
  return query.startDate !== undefined && query.endDate !== undefined &&
      instant(query.startDate) > instant(query.endDate)
    ? { path: ["endDate"], issue: "endDate is before startDate" }
    : undefined
}))

/**
 * The type of `SlabHistoryQuery`.
 *
 * @since 0.2.0
 * @category tiers
 */
export type SlabHistoryQuery = typeof SlabHistoryQuery.Type

/**
 * The store of the till where a tier changed.
 *
 * @since 0.2.0
 * @category tiers
 */
export const SlabStore = Schema.Struct({
  id: Schema.optional(Schema.Int),
  code: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  adminType: Schema.optional(Schema.String),
  isOrgUnit: Schema.optional(Schema.Boolean)
})

/**
 * One change of the group's tier (slab) in a program: from and to (serial numbers from 1 and names), when
 * (ISO-8601), why (`notes`), where (till and store), and its kind (`UPGRADE`, `DOWNGRADE`, `RENEW`).
 *
 * @since 0.2.0
 * @category tiers
 */
export const SlabChange = Schema.Struct({
  fromSlabNumber: Schema.Int,
  toSlabNumber: Schema.Int,
  from: Schema.String,
  to: Schema.String,
  changedOn: Schema.String,
  notes: Schema.optional(Schema.String),
  tillId: Schema.optional(Schema.Int),
  store: Schema.optional(SlabStore),
  type: Schema.String,
  programId: Schema.Int
})

/**
 * The type of `SlabChange`.
 *
 * @since 0.2.0
 * @category tiers
 */
export type SlabChange = typeof SlabChange.Type

/**
 * Where a page of a list is: its size, offset and the total number of items.
 *
 * @since 0.2.0
 * @category tiers
 */
export const OffsetPage = Schema.Struct({ limit: Schema.Int, offset: Schema.Int, total: Schema.Int })

/**
 * The answer to a tier log read: the changes, newest first, and where the page is.
 *
 * @since 0.2.0
 * @category tiers
 */
export const SlabHistory = Schema.Struct({
  data: Schema.Array(SlabChange),
  pagination: Schema.optional(OffsetPage),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `SlabHistory`.
 *
 * @since 0.2.0
 * @category tiers
 */
export type SlabHistory = typeof SlabHistory.Type

// ---------------------------------------------------------------------------------------------------------------
// Group ledger
// ---------------------------------------------------------------------------------------------------------------

/**
 * How the group ledger read names the group: `id` or `groupId` (the group's id), `externalId`, `primaryUserId`.
 *
 * @since 0.2.0
 * @category ledger
 */
export const LedgerGroupIdentifier = Schema.Literals(["id", "groupId", "externalId", "primaryUserId"])

/**
 * The type of `LedgerGroupIdentifier`.
 *
 * @since 0.2.0
 * @category ledger
 */
export type LedgerGroupIdentifier = typeof LedgerGroupIdentifier.Type

/**
 * The source a read finds a customer in, or `ALL`: `Source`'s values and `ALL`.
 *
 * @since 0.2.0
 * @category members
 */
export const LookupSource = Schema.Literals([...Source.literals, "ALL"])

/**
 * The type of `LookupSource`.
 *
 * @since 0.2.0
 * @category members
 */
export type LookupSource = typeof LookupSource.Type

/**
 * The largest ledger page: 10 entries.
 *
 * @since 0.2.0
 * @category ledger
 */
export const maxLedgerPageSize = 10

/**
 * The direction of a ledger entry: points in (`CREDIT`), points out (`DEBIT`), or a balance carried forward.
 *
 * @since 0.2.0
 * @category ledger
 */
export const LedgerEntryType = Schema.Literals(["CREDIT", "DEBIT", "OPENING_BALANCE"])

/**
 * Which points a ledger query selects: regular, promised or trigger based.
 *
 * @since 0.2.0
 * @category ledger
 */
export const PointCategoryType = Schema.Literals(["REGULAR", "PROMISED", "TRIGGER_BASED"])

/**
 * The points category of a ledger entry, as the ledger names it.
 *
 * @since 0.2.0
 * @category ledger
 */
export const PointsCategory = Schema.Literals([
  "Main",
  "DelayedAccrualPointCategory",
  "ExternalTriggerBasedPointCategory"
])

/**
 * Oldest first (`ASC`) or newest first (`DESC`).
 *
 * @since 0.2.0
 * @category ledger
 */
export const SortOrder = Schema.Literals(["ASC", "DESC"])

/**
 * The query of the group ledger read (`GET /v2/pointsLedger/getCustomerLedgerInfo`; the client adds
 * `type=USERGROUP2`): the group, its source, which page (`offset` is the page number, `limit` at most 10), and
 * which entries: a date range (`YYYY-MM-DDThh:mm:ss`), a program, an entry type, a points category, and the order.
 *
 * @since 0.2.0
 * @category ledger
 */
export const GroupLedgerQuery = Schema.Struct({
  identifierName: LedgerGroupIdentifier,
  identifierValue: Schema.String.check(notBlank("an identifier value")),
  source: Schema.optional(LookupSource),
  programId: Schema.optional(ProgramIdFromString),
  startDate: Schema.optional(LedgerDateTime),
  endDate: Schema.optional(LedgerDateTime),
  /** Entries per page, 1 to 10 (10 when absent). */
  limit: Schema.optional(
    IntFromString.check(
      Schema.isBetween({ minimum: 1, maximum: maxLedgerPageSize }, { message: "a ledger page holds 1 to 10 entries" })
    )
  ),
  /** The page number, from 0. */
  offset: Schema.optional(OffsetFromString),
  ledgerEntryType: Schema.optional(LedgerEntryType),
  pointCategoryType: Schema.optional(PointCategoryType),
  order: Schema.optional(SortOrder),
  /** `order` as an older page spells it; `order` wins. */
  sortOrder: Schema.optional(SortOrder)
}).check(
  Schema.makeFilter((query) =>
    query.identifierName !== "externalId" && !/^[1-9]\d*$/.test(query.identifierValue)
      ? { path: ["identifierValue"], issue: "an id is a positive integer" }
      : undefined
  ),
  Schema.makeFilter((query) =>
    query.startDate !== undefined && query.endDate !== undefined && query.startDate > query.endDate
      ? { path: ["endDate"], issue: "endDate is before startDate" }
      : undefined
  )
)

/**
 * The type of `GroupLedgerQuery`.
 *
 * @since 0.2.0
 * @category ledger
 */
export type GroupLedgerQuery = typeof GroupLedgerQuery.Type

/**
 * One credit or debit of an event, in one program and points category (or an alternate currency).
 *
 * @since 0.2.0
 * @category ledger
 */
export const LedgerEntryDetail = Schema.Struct({
  ledgerEntryType: LedgerEntryType,
  /** Never negative: the direction is `ledgerEntryType`. */
  points: DecimalPoints,
  pointsCategory: PointsCategory,
  programName: Schema.String,
  programId: ProgramId,
  alternateCurrencyName: Schema.optional(Schema.String)
})

/**
 * The type of `LedgerEntryDetail`.
 *
 * @since 0.2.0
 * @category ledger
 */
export type LedgerEntryDetail = typeof LedgerEntryDetail.Type

/**
 * The member of the group who made an event happen (a transfer's member), when the ledger knows one.
 *
 * @since 0.2.0
 * @category ledger
 */
export const LedgerMember = Schema.Struct({
  userId: Schema.Int,
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  identifier: Schema.optional(Schema.Struct({
    type: Schema.optional(Schema.String),
    value: Schema.optional(Schema.String),
    role: Schema.optional(Schema.String)
  }))
})

/**
 * The transaction an event came from, for transaction events.
 *
 * @since 0.2.0
 * @category ledger
 */
export const LedgerTransaction = Schema.Struct({
  transactionId: Schema.optional(Schema.Int),
  transactionNumber: Schema.optional(Schema.String),
  date: Schema.optional(Schema.String),
  dateISO: Schema.optional(Schema.String),
  amount: Schema.optional(Schema.Finite),
  grossBillAmount: Schema.optional(Schema.Finite),
  source: Schema.optional(Schema.String)
})

/**
 * A ledger entry of the group: one event (`PointsTransfer`, `PointsExpiry`, `UserGroup2Create`, ...) with its
 * credits and debits, their net, the member who made it happen (`customerDetails`, null when none), and where
 * and when it happened. `customerId` is Capillary's id of the event's owner (a group's is its negated id).
 *
 * @since 0.2.0
 * @category ledger
 */
export const GroupLedgerEntry = Schema.Struct({
  eventLogId: Schema.Int,
  eventName: Schema.String,
  customerId: Schema.optional(Schema.Int),
  /** `YYYY-MM-DD hh:mm:ss.S`, as Capillary writes it. */
  ledgerCreatedDate: Schema.String,
  ledgerCreatedDateISO: Schema.optional(Schema.String),
  customerDetails: Schema.optional(Schema.NullOr(LedgerMember)),
  entryDetails: Schema.Array(LedgerEntryDetail),
  /** Credits minus debits. */
  netPointsOnEvent: DecimalPoints,
  netAlternateCurrenciesOnEvent: Schema.optional(Schema.Record(Schema.String, DecimalPoints)),
  transactionDetails: Schema.optional(LedgerTransaction),
  store: Schema.optional(Schema.String),
  storeCode: Schema.optional(Schema.String),
  tillCode: Schema.optional(Schema.String),
  eventDetails: Schema.optional(Schema.Struct({
    eventDate: Schema.String,
    eventDateISO: Schema.optional(Schema.String)
  })),
  sourceProgramId: Schema.optional(Schema.Int),
  sourceProgramName: Schema.optional(Schema.NullOr(Schema.String)),
  orgId: Schema.optional(Schema.Int)
})

/**
 * The type of `GroupLedgerEntry`.
 *
 * @since 0.2.0
 * @category ledger
 */
export type GroupLedgerEntry = typeof GroupLedgerEntry.Type

/**
 * Whose ledger an answer is, when it says.
 *
 * @since 0.2.0
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
 * Where a page of ledger entries is in the whole: this page (from 0), its size, the entries (events) of all
 * pages and the number of pages.
 *
 * @since 0.2.0
 * @category ledger
 */
export const LedgerPage = Schema.Struct({
  pageNumber: Schema.Int,
  pageSize: Schema.Int,
  totalEntries: Schema.Int,
  pageCount: Schema.Int
})

/**
 * A page of the group's ledger entries and where the page is (the documented group answer names no owner).
 *
 * @since 0.2.0
 * @category ledger
 */
export const GroupLedger = Schema.Struct({
  customerDetails: Schema.optional(LedgerOwner),
  ledgerDetails: LedgerPage,
  /** Absent or empty past the last page. */
  ledgerEntries: Schema.optional(Schema.Array(GroupLedgerEntry)),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `GroupLedger`.
 *
 * @since 0.2.0
 * @category ledger
 */
export type GroupLedger = typeof GroupLedger.Type

// ---------------------------------------------------------------------------------------------------------------
// A member's group: balance and tiers (entityType=FLEET)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The path of the `FLEET` reads by id: a member's customer id.
 *
 * @since 0.2.0
 * @category fleet
 */
export const MemberPath = Schema.Struct({ userId: CustomerIdFromString })

const fleetFields = {
  /** The program (the group's when absent). */
  programId: Schema.optional(ProgramIdFromString),
  /** Every program of the organisation (the sum of them, for a balance). */
  fetchDataForAllPrograms: Schema.optional(BooleanFromString)
}

/**
 * The query of a `FLEET` read by id (the client adds `entityType=FLEET`).
 *
 * @since 0.2.0
 * @category fleet
 */
export const FleetQuery = Schema.Struct(fleetFields)

/**
 * The type of `FleetQuery`.
 *
 * @since 0.2.0
 * @category fleet
 */
export type FleetQuery = typeof FleetQuery.Type

/**
 * The query of a `FLEET` lookup read: the member by an identifier in a source (`ALL` for any) and account, and
 * the program (the client adds `entityType=FLEET`).
 *
 * @since 0.2.0
 * @category fleet
 */
export const FleetLookupQuery = Schema.Struct({
  source: LookupSource,
  accountId: Schema.optional(Schema.String),
  identifierName: IdentifierType,
  identifierValue: Schema.String.check(notBlank("an identifier value")),
  ...fleetFields
})

/**
 * The type of `FleetLookupQuery`.
 *
 * @since 0.2.0
 * @category fleet
 */
export type FleetLookupQuery = typeof FleetLookupQuery.Type

/**
 * A group's points balance (`entityType` `FLEET`, `entityId` the group's id): `mainPoints` can be redeemed now,
 * `promisedPoints` later, and `totalPoints` is both.
 *
 * @since 0.2.0
 * @category fleet
 */
export const FleetBalance = Schema.Struct({
  entityId: Schema.Int,
  entityType: Schema.String,
  totalPoints: Schema.Finite,
  mainPoints: Schema.Finite,
  promisedPoints: Schema.Finite,
  promisedPointsBreakup: Schema.Struct({
    /** Points promised on an event, redeemable after a delay. */
    delayedAccrualPoints: Schema.Finite,
    /** Points promised until an external trigger releases them. */
    externalTriggerBasedPoints: Schema.Finite
  }),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `FleetBalance`.
 *
 * @since 0.2.0
 * @category fleet
 */
export type FleetBalance = typeof FleetBalance.Type

/**
 * A tier in a program: the current one (serial number from 1) and the next (`""` and -1 at the top), and when
 * the current one expires (`YYYY-MM-DD hh:mm:ss`, and as ISO-8601).
 *
 * @since 0.2.0
 * @category fleet
 */
export const ProgramTier = Schema.Struct({
  programId: Schema.Int,
  currentTierName: Schema.String,
  currentTierSerialNumber: Schema.Int,
  tierExpiryDate: Schema.String,
  tierExpiryDateISO: Schema.optional(Schema.String),
  nextTierName: Schema.String,
  nextTierSerialNumber: Schema.Int
})

/**
 * The type of `ProgramTier`.
 *
 * @since 0.2.0
 * @category fleet
 */
export type ProgramTier = typeof ProgramTier.Type

/**
 * A group's tiers (`entityType` `FLEET`, `entityId` the group's id), one per program read.
 *
 * @since 0.2.0
 * @category fleet
 */
export const FleetTiers = Schema.Struct({
  entityId: Schema.Int,
  entityType: Schema.String,
  programTiers: Schema.Array(ProgramTier),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `FleetTiers`.
 *
 * @since 0.2.0
 * @category fleet
 */
export type FleetTiers = typeof FleetTiers.Type
