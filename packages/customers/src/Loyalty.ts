/**
 * A customer's loyalty, as Capillary's v2 customer reads return it: program details (points buckets and tier per
 * program), the light points balance, the light tier details, the points expiry and promised points schedules,
 * loyalty events, points transfers, promotion data and user group trackers; and the parts a customer read
 * embeds (`embed=points`, `mlp`, `expirySchedules`, `expiredPoints`). Queries carry Capillary's validation
 * (program ids, `YYYY-MM-DD` dates, page bounds, identifier values), so a bad request fails before it is sent.
 *
 * Wire conventions kept as they are: points are numbers with up to three decimals; `slabExpiryDate` is ISO-8601
 * and far in the future when the tier does not expire; the light tier API writes `"YYYY-MM-DD hh:mm:ss"`;
 * schedules write dates as `YYYY-MM-DD` (with an optional ISO twin); at the top tier the next tier is `""` with
 * serial number -1.
 *
 * Assumed where Capillary documents no shape: an `expiredPoints` entry is `{points, expiryDate, programId}` (the
 * day the points expired); a promotion data item and a trigger-based points item are kept whole; the loyalty
 * events list has no paging block (its example shows none) and pages by `limit` / `offset` / `page`.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import * as Customer from "./Customer.ts"

// ---------------------------------------------------------------------------------------------------------------
// Ids and wire values
// ---------------------------------------------------------------------------------------------------------------

/**
 * A loyalty program's id: a positive integer, with the brand of `@capillary-effect/rewards`' `ProgramId`, so an id
 * read there is accepted here as it is.
 *
 * @since 0.2.0
 * @category ids
 */
export const ProgramId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("ProgramId"))

/**
 * The type of `ProgramId`.
 *
 * @since 0.2.0
 * @category ids
 */
export type ProgramId = typeof ProgramId.Type

/**
 * A program id in a query string.
 *
 * @since 0.2.0
 * @category ids
 */
export const ProgramIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(ProgramId))

/**
 * `true` / `false` in a query string.
 *
 * @since 0.2.0
 * @category wire
 */
export const BooleanFromString = Schema.Literals(["true", "false"]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === "true"),
    encode: SchemaGetter.transform((value): "true" | "false" => (value ? "true" : "false"))
  })
)

const IntFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int))

const isDay = (value: string) => {
  const parsed = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === value
}

/**
 * A calendar date, `YYYY-MM-DD`, that exists.
 *
 * @since 0.2.0
 * @category wire
 */
export const Day = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d\d-\d\d$/, { message: "a date is YYYY-MM-DD" }),
  Schema.makeFilter((value: string) => (isDay(value) ? undefined : `${value} is not a date`))
)

/**
 * A points type of a schedule: Capillary's are `bill_regular`, `bill_promotions`, `line_item_regular`,
 * `line_item_promotions` and `customer_promotions`; others are read as they come.
 *
 * @since 0.2.0
 * @category wire
 */
export const PointsType = Schema.String

/**
 * How an expiry date was set: once (`fixed`), or moved by later earns (`rolling`); others are read as they come.
 *
 * @since 0.2.0
 * @category wire
 */
export const ExpiryType = Schema.String

/**
 * An entry of a list whose items Capillary documents no shape for: kept whole.
 *
 * @since 0.2.0
 * @category wire
 */
export const OpenEntry = Schema.Record(Schema.String, Schema.Json)

// ---------------------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------------------

const isMobile = Schema.is(Customer.Mobile)
const isEmail = Schema.is(Customer.Email)

const identifierIssue = (name: string, value: string): string | undefined => {
  if (value.trim() === "") return `the ${name} value is empty`
  if (name === "mobile" && !isMobile(value)) return "a mobile number is 8 to 15 digits, country code included"
  if (name === "email" && !isEmail(value)) return "an email address is local@domain.tld, at most 255 characters"
  return undefined
}

const validIdentifier = <A extends { readonly identifierName: string; readonly identifierValue: string }>() =>
  Schema.makeFilter<A>((query) => {
    const issue = identifierIssue(query.identifierName, query.identifierValue)
    return issue === undefined ? undefined : { path: ["identifierValue"], issue }
  })

const identifierFields = {
  source: Customer.LookupSource,
  accountId: Schema.optional(Schema.String),
  identifierName: Customer.IdentifierType,
  identifierValue: Schema.String
}

/**
 * The path of a read by customer id (`/v2/customers/{customerId}/loyaltyDetails`).
 *
 * @since 0.2.0
 * @category queries
 */
export const CustomerIdPath = Schema.Struct({ customerId: Customer.CustomerIdFromString })

/**
 * The path of a read by user id (`/v2/customers/{userId}/...`).
 *
 * @since 0.2.0
 * @category queries
 */
export const UserIdPath = Schema.Struct({ userId: Customer.CustomerIdFromString })

/**
 * The query of a loyalty details read by id: one program, or every program of the customer when absent.
 *
 * @since 0.2.0
 * @category queries
 */
export const LoyaltyDetailsQuery = Schema.Struct({ programId: Schema.optional(ProgramIdFromString) })

/**
 * The type of `LoyaltyDetailsQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type LoyaltyDetailsQuery = typeof LoyaltyDetailsQuery.Type

/**
 * The query of a loyalty details read by identifier: the customer's identifier in a source (or `ALL`), and one
 * program or all of them.
 *
 * @since 0.2.0
 * @category queries
 */
export const LoyaltyDetailsLookupQuery = Schema.Struct({
  ...identifierFields,
  programId: Schema.optional(ProgramIdFromString)
}).check(validIdentifier())

/**
 * The type of `LoyaltyDetailsLookupQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type LoyaltyDetailsLookupQuery = typeof LoyaltyDetailsLookupQuery.Type

const programScope = {
  /** One program (the default one when absent). */
  programId: Schema.optional(ProgramIdFromString),
  /** Every program of the customer; wins over `programId`. */
  fetchDataForAllPrograms: Schema.optional(BooleanFromString)
}

/**
 * The query of a points balance read by identifier: the customer's own balance (`entityType=CUSTOMER`, the
 * default; the group's `FLEET` balance is the user groups package's endpoint), in one program or summed over all.
 *
 * @since 0.2.0
 * @category queries
 */
export const BalanceLookupQuery = Schema.Struct({
  ...identifierFields,
  ...programScope,
  entityType: Schema.optional(Schema.Literal("CUSTOMER"))
}).check(validIdentifier())

/**
 * The type of `BalanceLookupQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type BalanceLookupQuery = typeof BalanceLookupQuery.Type

/**
 * The query of a tier read by id: one program or all of them, for the customer (`entityType=CUSTOMER`).
 *
 * @since 0.2.0
 * @category queries
 */
export const TierQuery = Schema.Struct({
  ...programScope,
  entityType: Schema.optional(Schema.Literal("CUSTOMER"))
})

/**
 * The type of `TierQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type TierQuery = typeof TierQuery.Type

/**
 * The query of a tier read by identifier.
 *
 * @since 0.2.0
 * @category queries
 */
export const TierLookupQuery = Schema.Struct({
  ...identifierFields,
  ...programScope,
  entityType: Schema.optional(Schema.Literal("CUSTOMER"))
}).check(validIdentifier())

/**
 * The type of `TierLookupQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type TierLookupQuery = typeof TierLookupQuery.Type

const expiryFields = {
  ...programScope,
  /** Only the soonest expiry of each program, points type and expiry type. */
  fetchEarliestExpiryOnly: Schema.optional(BooleanFromString),
  /** `YYYY-MM-DD`, inclusive. */
  startDate: Schema.optional(Day),
  /** `YYYY-MM-DD`, inclusive. */
  endDate: Schema.optional(Day)
}

const datesInOrder = <A extends { readonly startDate?: string | undefined; readonly endDate?: string | undefined }>() =>
  Schema.makeFilter<A>((query) =>
    query.startDate !== undefined && query.endDate !== undefined && query.startDate > query.endDate
      ? { path: ["endDate"], issue: "endDate is before startDate" }
      : undefined
  )

/**
 * The query of an expiry schedule read by id: the programs, the earliest expiries only, and a date range.
 *
 * @since 0.2.0
 * @category queries
 */
export const ExpiryScheduleQuery = Schema.Struct(expiryFields).check(datesInOrder())

/**
 * The type of `ExpiryScheduleQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type ExpiryScheduleQuery = typeof ExpiryScheduleQuery.Type

/**
 * The query of an expiry schedule read by identifier.
 *
 * @since 0.2.0
 * @category queries
 */
export const ExpiryScheduleLookupQuery = Schema.Struct({ ...identifierFields, ...expiryFields }).check(
  validIdentifier(),
  datesInOrder()
)

/**
 * The type of `ExpiryScheduleLookupQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type ExpiryScheduleLookupQuery = typeof ExpiryScheduleLookupQuery.Type

/**
 * The query of a promised points schedule read by id: one program or all of them.
 *
 * @since 0.2.0
 * @category queries
 */
export const PromisedScheduleQuery = Schema.Struct({
  ...programScope,
  entityType: Schema.optional(Schema.Literal("CUSTOMER"))
})

/**
 * The type of `PromisedScheduleQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type PromisedScheduleQuery = typeof PromisedScheduleQuery.Type

/**
 * The query of a promised points schedule read by identifier.
 *
 * @since 0.2.0
 * @category queries
 */
export const PromisedScheduleLookupQuery = Schema.Struct({
  ...identifierFields,
  ...programScope,
  entityType: Schema.optional(Schema.Literal("CUSTOMER"))
}).check(validIdentifier())

/**
 * The type of `PromisedScheduleLookupQuery`.
 *
 * @since 0.2.0
 * @category queries
 */
export type PromisedScheduleLookupQuery = typeof PromisedScheduleLookupQuery.Type

/**
 * A kind of loyalty event to filter on: points earned (`EARN`, awards and promised points becoming redeemable),
 * redeemed, expired, transferred, taken back for a return, or deducted by an adjustment.
 *
 * @since 0.2.0
 * @category events
 */
export const LoyaltyEventType = Schema.Literals(["EARN", "REDEEM", "EXPIRE", "TRANSFER", "RETURN", "ADJUST"])

/**
 * The type of `LoyaltyEventType`.
 *
 * @since 0.2.0
 * @category events
 */
export type LoyaltyEventType = typeof LoyaltyEventType.Type

/**
 * The default and largest page of loyalty events: 10 and 100.
 *
 * @since 0.2.0
 * @category events
 */
export const eventsPage = { default: 10, max: 100 } as const

/**
 * The query of a loyalty events read: `limit` (1 to 100, 10 by default) from `offset` (records to skip) or from
 * `page` (from 1, wins over `offset`), one kind of event, and a date range (`YYYY-MM-DD`, inclusive).
 *
 * @since 0.2.0
 * @category events
 */
export const LoyaltyEventsQuery = Schema.Struct({
  limit: Schema.optional(IntFromString.check(Schema.isBetween({ minimum: 1, maximum: eventsPage.max }))),
  offset: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(0))),
  page: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(1))),
  eventType: Schema.optional(LoyaltyEventType),
  fromDate: Schema.optional(Day),
  toDate: Schema.optional(Day)
}).check(
  Schema.makeFilter((query) =>
    query.fromDate !== undefined && query.toDate !== undefined && query.fromDate > query.toDate
      ? { path: ["toDate"], issue: "toDate is before fromDate" }
      : undefined
  )
)

/**
 * The type of `LoyaltyEventsQuery`.
 *
 * @since 0.2.0
 * @category events
 */
export type LoyaltyEventsQuery = typeof LoyaltyEventsQuery.Type

/**
 * The identifiers a promotion data read finds the customer by.
 *
 * @since 0.2.0
 * @category promotions
 */
export const PromotionIdentifierName = Schema.Literals(["mobile", "email", "externalId", "id", "cuid"])

/**
 * The largest page of promotion data: 100.
 *
 * @since 0.2.0
 * @category promotions
 */
export const maxPromotionPage = 100

/**
 * The query of a promotion data read: the customer by identifier in a source, `limit` (0 to 100) from `offset`
 * (records to skip), and the programs (comma-separated ids) to read.
 *
 * @since 0.2.0
 * @category promotions
 */
export const PromotionDataQuery = Schema.Struct({
  source: Customer.LookupSource,
  accountId: Schema.optional(Schema.String),
  identifierName: PromotionIdentifierName,
  identifierValue: Schema.String,
  limit: Schema.optional(IntFromString.check(Schema.isBetween({ minimum: 0, maximum: maxPromotionPage }))),
  offset: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(0))),
  programIds: Schema.optional(
    Schema.String.check(Schema.isPattern(/^[1-9]\d*(,[1-9]\d*)*$/, { message: "programIds are comma-separated ids" }))
  )
}).check(Schema.makeFilter((query) => {
  if (query.identifierName === "id" && !/^[1-9]\d*$/.test(query.identifierValue)) {
    return { path: ["identifierValue"], issue: "a customer id is a positive integer" }
  }
  const issue = identifierIssue(query.identifierName, query.identifierValue)
  return issue === undefined ? undefined : { path: ["identifierValue"], issue }
}))

/**
 * The type of `PromotionDataQuery`.
 *
 * @since 0.2.0
 * @category promotions
 */
export type PromotionDataQuery = typeof PromotionDataQuery.Type

/**
 * How a trackers read names a user group.
 *
 * @since 0.2.0
 * @category trackers
 */
export const TrackerIdentifierType = Schema.Literals(["id", "externalId", "primaryUserId"])

/**
 * The query of a user group trackers read: `type` (always `USERGROUP2`), the group by id, external id or primary
 * member's id, and the source the customer is in.
 *
 * @since 0.2.0
 * @category trackers
 */
export const TrackersQuery = Schema.Struct({
  type: Schema.Literal("USERGROUP2"),
  identifierType: TrackerIdentifierType,
  identifierValue: Schema.String.check(Schema.isMinLength(1)),
  source: Schema.optional(Customer.LookupSource)
}).check(Schema.makeFilter((query) =>
  query.identifierType !== "externalId" && !/^[1-9]\d*$/.test(query.identifierValue)
    ? { path: ["identifierValue"], issue: `a group's ${query.identifierType} is a positive integer` }
    : undefined
))

/**
 * The type of `TrackersQuery`.
 *
 * @since 0.2.0
 * @category trackers
 */
export type TrackersQuery = typeof TrackersQuery.Type

// ---------------------------------------------------------------------------------------------------------------
// Program details
// ---------------------------------------------------------------------------------------------------------------

/**
 * A partner program the customer is linked to in a loyalty program.
 *
 * @since 0.2.0
 * @category program details
 */
export const LinkedPartnerProgram = Schema.Struct({
  partnerProgramId: Schema.Int,
  partnerProgramName: Schema.String,
  partnerProgramDescription: Schema.optional(Schema.String),
  partnerTierNumber: Schema.optional(Schema.Int),
  partnerTierName: Schema.optional(Schema.String),
  /** ISO-8601. */
  partnerTierExpiryDate: Schema.optional(Schema.String),
  partnerMembershipId: Schema.optional(Schema.String),
  /** `EXTERNAL` or `SUPPLEMENTARY`. */
  partnerProgramType: Schema.optional(Schema.String),
  tierBased: Schema.optional(Schema.Boolean)
})

/**
 * The points and tier fields shared by the points summary (`embed=points`) and each program detail.
 *
 * @since 0.2.0
 * @category program details
 */
export const pointsSummaryFields = {
  redeemed: Schema.Finite,
  expired: Schema.Finite,
  returned: Schema.Finite,
  adjusted: Schema.Finite,
  /** Every point earned: redeemable now, redeemed, expired, returned or adjusted. */
  lifetimePoints: Schema.Finite,
  /** Points the customer can redeem now. */
  loyaltyPoints: Schema.Finite,
  /** Lifetime purchases. */
  cumulativePurchases: Schema.Finite,
  loyaltyId: Schema.Int,
  currentSlab: Schema.String,
  /** Empty at the top tier. */
  nextSlab: Schema.String,
  /** -1 at the top tier. */
  nextSlabSerialNumber: Schema.Int,
  nextSlabDescription: Schema.String,
  /** The current tier's serial number, from 1 (the lowest). */
  slabSNo: Schema.Int,
  /** ISO-8601; far in the future when the tier does not expire. */
  slabExpiryDate: Schema.String
}

/**
 * The customer's points and tier in the default program, as a customer read embeds it (`embed=points`).
 *
 * @since 0.2.0
 * @category program details
 */
export const PointsSummary = Schema.Struct(pointsSummaryFields)

/**
 * The type of `PointsSummary`.
 *
 * @since 0.2.0
 * @category program details
 */
export type PointsSummary = typeof PointsSummary.Type

/**
 * The customer's points and tier in one loyalty program: an item of `loyaltyDetails.data` and of a customer
 * read's `loyaltyProgramDetails` (`embed=mlp`, which leaves out the promised and program fields).
 *
 * @since 0.2.0
 * @category program details
 */
export const ProgramDetail = Schema.Struct({
  ...pointsSummaryFields,
  programId: Schema.Int,
  /** Promised points, not yet redeemable. */
  delayedPoints: Schema.optional(Schema.Finite),
  delayedReturnedPoints: Schema.optional(Schema.Finite),
  /** Redeemable now. */
  totalAvailablePoints: Schema.optional(Schema.Finite),
  totalReturnedPoints: Schema.optional(Schema.Finite),
  linkedPartnerPrograms: Schema.optional(Schema.Array(LinkedPartnerProgram)),
  programTitle: Schema.optional(Schema.String),
  programDescription: Schema.optional(Schema.String),
  programPointsToCurrencyRatio: Schema.optional(Schema.Finite)
})

/**
 * The type of `ProgramDetail`.
 *
 * @since 0.2.0
 * @category program details
 */
export type ProgramDetail = typeof ProgramDetail.Type

/**
 * The answer to a loyalty details read: one detail per program.
 *
 * @since 0.2.0
 * @category program details
 */
export const LoyaltyDetails = Schema.Struct({
  data: Schema.Array(ProgramDetail),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `LoyaltyDetails`.
 *
 * @since 0.2.0
 * @category program details
 */
export type LoyaltyDetails = typeof LoyaltyDetails.Type

/**
 * A program of a group loyalty program.
 *
 * @since 0.2.0
 * @category program details
 */
export const GroupProgramRef = Schema.Struct({
  id: Schema.Int,
  name: Schema.String,
  description: Schema.optional(Schema.String)
})

/**
 * A group loyalty program (programs that share points) and the customer's points in it, as a customer read
 * embeds it (`embed=mlp`, `groupLoyaltyProgramDetails`).
 *
 * @since 0.2.0
 * @category program details
 */
export const GroupLoyaltyProgramDetail = Schema.Struct({
  groupProgramId: Schema.Int,
  title: Schema.String,
  description: Schema.optional(Schema.String),
  programsList: Schema.Array(GroupProgramRef),
  lifetimePoints: Schema.Finite,
  loyaltyPoints: Schema.Finite,
  promisedPoints: Schema.optional(Schema.Finite),
  pointsToCurrencyRatio: Schema.optional(Schema.Finite)
})

/**
 * The type of `GroupLoyaltyProgramDetail`.
 *
 * @since 0.2.0
 * @category program details
 */
export type GroupLoyaltyProgramDetail = typeof GroupLoyaltyProgramDetail.Type

// ---------------------------------------------------------------------------------------------------------------
// Points balance and tier (light APIs)
// ---------------------------------------------------------------------------------------------------------------

/**
 * A points balance: `mainPoints` can be redeemed now, `promisedPoints` later, `totalPoints` is both; summed over
 * the programs read.
 *
 * @since 0.2.0
 * @category balance
 */
export const PointsBalance = Schema.Struct({
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
 * The type of `PointsBalance`.
 *
 * @since 0.2.0
 * @category balance
 */
export type PointsBalance = typeof PointsBalance.Type

/**
 * The customer's tier in one program.
 *
 * @since 0.2.0
 * @category tiers
 */
export const ProgramTier = Schema.Struct({
  programId: Schema.Int,
  currentTierName: Schema.String,
  currentTierSerialNumber: Schema.Int,
  /** `YYYY-MM-DD hh:mm:ss`, server time. */
  tierExpiryDate: Schema.String,
  /** The same as an ISO-8601 instant. */
  tierExpiryDateISO: Schema.optional(Schema.String),
  /** Empty at the top tier. */
  nextTierName: Schema.String,
  /** -1 at the top tier. */
  nextTierSerialNumber: Schema.Int
})

/**
 * The type of `ProgramTier`.
 *
 * @since 0.2.0
 * @category tiers
 */
export type ProgramTier = typeof ProgramTier.Type

/**
 * The answer to a tier read: the customer's tier in each program read.
 *
 * @since 0.2.0
 * @category tiers
 */
export const TierDetails = Schema.Struct({
  entityId: Schema.Int,
  entityType: Schema.String,
  programTiers: Schema.Array(ProgramTier),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `TierDetails`.
 *
 * @since 0.2.0
 * @category tiers
 */
export type TierDetails = typeof TierDetails.Type

// ---------------------------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------------------------

/**
 * Points that will expire on a date, in a program, by points type and expiry type.
 *
 * @since 0.2.0
 * @category schedules
 */
export const ExpirySchedule = Schema.Struct({
  points: Schema.Finite,
  /** `YYYY-MM-DD`: the last day the points can be used. */
  expiryDate: Schema.String,
  /** The same date as an ISO-8601 instant. */
  expiryDateISO: Schema.optional(Schema.String),
  programId: Schema.Int,
  pointsType: Schema.optional(PointsType),
  expiryType: Schema.optional(ExpiryType)
})

/**
 * The type of `ExpirySchedule`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type ExpirySchedule = typeof ExpirySchedule.Type

/**
 * Points that expired on a day, in a program (a customer read's `expiredPoints`, `embed=expiredPoints`).
 *
 * @since 0.2.0
 * @category schedules
 */
export const ExpiredPoints = Schema.Struct({
  points: Schema.Finite,
  /** `YYYY-MM-DD`: the day the points expired. */
  expiryDate: Schema.String,
  programId: Schema.Int
})

/**
 * The type of `ExpiredPoints`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type ExpiredPoints = typeof ExpiredPoints.Type

/**
 * The answer to an expiry schedule read: the customer's id, the customer parts Capillary leaves empty in it, and
 * the schedule, earliest first.
 *
 * @since 0.2.0
 * @category schedules
 */
export const ExpiryScheduleResponse = Schema.Struct({
  id: Schema.Int,
  profiles: Schema.Array(OpenEntry),
  loyaltyInfo: Schema.optional(Schema.Struct({ loyaltyType: Customer.LoyaltyType })),
  segments: Schema.optional(OpenEntry),
  extendedFields: Schema.optional(OpenEntry),
  expirySchedules: Schema.Array(ExpirySchedule),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `ExpiryScheduleResponse`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type ExpiryScheduleResponse = typeof ExpiryScheduleResponse.Type

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
  /** The same as an ISO-8601 instant. */
  redeemableFromISO: Schema.optional(Schema.String),
  programId: Schema.Int,
  pointsType: Schema.optional(PointsType)
})

/**
 * The type of `PromisedPoints`.
 *
 * @since 0.2.0
 * @category schedules
 */
export type PromisedPoints = typeof PromisedPoints.Type

/**
 * The answer to a promised points schedule read: the promised points by unlock date, and the points waiting for
 * an external trigger.
 *
 * @since 0.2.0
 * @category schedules
 */
export const PromisedSchedule = Schema.Struct({
  entityId: Schema.Int,
  entityType: Schema.String,
  promisedPointsScheduleList: Schema.Array(PromisedPoints),
  triggerBasedPointsList: Schema.Array(OpenEntry),
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
// Events, transfers, promotions, trackers
// ---------------------------------------------------------------------------------------------------------------

/**
 * A loyalty event of the customer (`CustomerRegistration`, `TransactionAdd`, `PointsRedemption`, ...).
 *
 * @since 0.2.0
 * @category events
 */
export const LoyaltyEvent = Schema.Struct({
  id: Schema.Int,
  customerId: Schema.Int,
  /** ISO-8601. */
  date: Schema.String,
  eventName: Schema.String,
  orgId: Schema.Int,
  /** `SUCCESS` or `FAILED`. */
  status: Schema.String,
  uniqueId: Schema.String
})

/**
 * The type of `LoyaltyEvent`.
 *
 * @since 0.2.0
 * @category events
 */
export type LoyaltyEvent = typeof LoyaltyEvent.Type

/**
 * The answer to a loyalty events read: one page of events.
 *
 * @since 0.2.0
 * @category events
 */
export const LoyaltyEvents = Schema.Struct({
  data: Schema.Array(LoyaltyEvent),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `LoyaltyEvents`.
 *
 * @since 0.2.0
 * @category events
 */
export type LoyaltyEvents = typeof LoyaltyEvents.Type

/**
 * A customer on one side of a transfer.
 *
 * @since 0.2.0
 * @category transfers
 */
export const TransferParty = Schema.Struct({
  userId: Schema.Int,
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String)
})

/**
 * A user group on one side of a transfer.
 *
 * @since 0.2.0
 * @category transfers
 */
export const TransferGroup = Schema.Struct({
  id: Schema.Int,
  groupStatus: Schema.optional(Schema.String),
  fleetGroupUsers: Schema.optional(Schema.Array(OpenEntry)),
  createdBy: Schema.optional(Schema.Int),
  /** ISO-8601. */
  createdOn: Schema.optional(Schema.String),
  lifeTimePurchases: Schema.optional(Schema.Finite)
})

/**
 * A points transfer from the customer's point of view: points out (`DEDUCTION`) or in (`ADDITION`), with the
 * customer or group on each side.
 *
 * @since 0.2.0
 * @category transfers
 */
export const PointsTransfer = Schema.Struct({
  /** `YYYY-MM-DD hh:mm:ss`. */
  pointsTransferDate: Schema.String,
  /** ISO-8601. */
  pointsTransferDateISO: Schema.optional(Schema.String),
  pointsTransferred: Schema.Finite,
  transferId: Schema.Int,
  transferType: Schema.Literals(["DEDUCTION", "ADDITION"]),
  fromEntityId: Schema.optional(Schema.Int),
  fromEntityType: Schema.optional(Schema.String),
  toEntityId: Schema.optional(Schema.Int),
  toEntityType: Schema.optional(Schema.String),
  transferredFrom: Schema.optional(TransferParty),
  transferredTo: Schema.optional(TransferParty),
  transferredFromUserGroup2: Schema.optional(TransferGroup),
  transferredToUserGroup2: Schema.optional(TransferGroup),
  notes: Schema.optional(Schema.String),
  programName: Schema.optional(Schema.String)
})

/**
 * The type of `PointsTransfer`.
 *
 * @since 0.2.0
 * @category transfers
 */
export type PointsTransfer = typeof PointsTransfer.Type

/**
 * The answer to a points transfer summary read.
 *
 * @since 0.2.0
 * @category transfers
 */
export const PointsTransfers = Schema.Struct({
  data: Schema.Array(PointsTransfer),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `PointsTransfers`.
 *
 * @since 0.2.0
 * @category transfers
 */
export type PointsTransfers = typeof PointsTransfers.Type

/**
 * Where a page of a list is in the whole (pages count from 0).
 *
 * @since 0.2.0
 * @category promotions
 */
export const PageDetails = Schema.Struct({
  pageNumber: Schema.Int,
  pageSize: Schema.Int,
  totalEntries: Schema.Int,
  pageCount: Schema.Int
})

/**
 * The answer to a promotion data read: a page of the promotions the customer is associated with (each kept
 * whole), and where the page is.
 *
 * @since 0.2.0
 * @category promotions
 */
export const PromotionData = Schema.Struct({
  data: Schema.Array(OpenEntry),
  pageDetails: Schema.optional(PageDetails),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `PromotionData`.
 *
 * @since 0.2.0
 * @category promotions
 */
export type PromotionData = typeof PromotionData.Type

/**
 * A tracker of a user group: what it counts (`type`: `BILL_AMOUNT`, `BILL_TOTAL_QTY`, `LINEITEM_AMOUNT`, ...),
 * its value, and the period it counts over.
 *
 * @since 0.2.0
 * @category trackers
 */
export const Tracker = Schema.Struct({
  id: Schema.Int,
  name: Schema.String,
  conditionId: Schema.optional(Schema.Int),
  type: Schema.optional(Schema.String),
  value: Schema.Finite,
  /** ISO-8601. */
  updatedOn: Schema.optional(Schema.String),
  conditionName: Schema.optional(Schema.String),
  /** ISO-8601. */
  periodStartDate: Schema.optional(Schema.String),
  /** ISO-8601. */
  periodEndDate: Schema.optional(Schema.String)
})

/**
 * The type of `Tracker`.
 *
 * @since 0.2.0
 * @category trackers
 */
export type Tracker = typeof Tracker.Type

/**
 * The answer to a trackers read.
 *
 * @since 0.2.0
 * @category trackers
 */
export const Trackers = Schema.Struct({
  pagination: Schema.optional(Schema.Struct({ limit: Schema.Int, offset: Schema.Int, total: Schema.Int })),
  data: Schema.Array(Tracker),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `Trackers`.
 *
 * @since 0.2.0
 * @category trackers
 */
export type Trackers = typeof Trackers.Type

// ---------------------------------------------------------------------------------------------------------------
// Embeds of a customer read
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a customer read (`GET /v2/customers/{id}`, `.../lookup/customerDetails`) adds for each loyalty `embed`:
 * `points` adds `pointsSummary`; `mlp` adds `loyaltyProgramDetails` and `groupLoyaltyProgramDetails`;
 * `expirySchedules` and `expiredPoints` add the lists of those names. Spread into the customer's fields.
 *
 * @since 0.2.0
 * @category embeds
 */
export const embedFields = {
  pointsSummary: Schema.optional(PointsSummary),
  loyaltyProgramDetails: Schema.optional(Schema.Array(ProgramDetail)),
  groupLoyaltyProgramDetails: Schema.optional(Schema.Array(GroupLoyaltyProgramDetail)),
  expirySchedules: Schema.optional(Schema.Array(ExpirySchedule)),
  expiredPoints: Schema.optional(Schema.Array(ExpiredPoints))
}

/**
 * The loyalty parts a customer read embeds, on their own.
 *
 * @since 0.2.0
 * @category embeds
 */
export const Embeds = Schema.Struct(embedFields)

/**
 * The type of `Embeds`.
 *
 * @since 0.2.0
 * @category embeds
 */
export type Embeds = typeof Embeds.Type

/**
 * The loyalty embeds a customer read can ask for.
 *
 * @since 0.2.0
 * @category embeds
 */
export const LoyaltyEmbed = Schema.Literals(["points", "mlp", "expirySchedules", "expiredPoints"])

/**
 * The type of `LoyaltyEmbed`.
 *
 * @since 0.2.0
 * @category embeds
 */
export type LoyaltyEmbed = typeof LoyaltyEmbed.Type
