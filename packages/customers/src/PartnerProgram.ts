/**
 * Partner programs, as Capillary's v2 `partnerProgram` endpoints send and receive them. A partner program is an
 * organisation's external (coalition) or supplementary (subscription) program, tier-based or not; a loyalty
 * customer is linked to it with a membership id (and a partner tier with its expiry, for a tier-based program),
 * has that tier updated, is delinked, and has the history of those events read back.
 *
 * Link, update and delink take several customers, each with several programs, and answer each on its own: the
 * customer's `status` (1000 when found) and one status per program (200 when done, a 2001–2018 code otherwise).
 * Enumerations (`updateType`, `activityType`, `partnerProgramType`, the history's `source`) are read without
 * regard to case, as Capillary's own examples mix them (`instore`, `benefitsAvailed`), and sent in Capillary's
 * spelling.
 *
 * Where Capillary's documentation disagrees with itself, both readings are accepted:
 * - its error 2009 names `UPDATE, RENEW, DOWNGRADE` while its example sends `UPGRADE`: all four are update types;
 * - one delink page shows the answer as `deLinkCustomers[].deLinkFromPartnerPrograms[].partnerDeLinkStatus`,
 *   another as the update's `customersPartnerUpdates[].partnerProgramUpdates[].updateStatus`: both are read, as
 *   the former;
 * - the activity history is documented both as one program's record and as a page of them (`pagination`,
 *   `data[]`): the page is the answer, and a record decodes with `ProgramActivity`.
 * A customer's `mobile` may be a number (`919800000000`) or a string; it is read as a string.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import * as Customer from "./Customer.ts"

const caseInsensitive = <const L extends ReadonlyArray<string>>(literals: L) =>
  Schema.String.pipe(Schema.decodeTo(Schema.Literals(literals), {
    decode: SchemaGetter.transform((value: string) => value.toUpperCase() as L[number]),
    encode: SchemaGetter.passthrough()
  }))

const NonEmptyString = Schema.String.check(Schema.isNonEmpty())

const isMobile = Schema.is(Customer.Mobile)
const isEmail = Schema.is(Customer.Email)

/**
 * The most partner programs one request may name in all (Capillary's 2008).
 *
 * @since 0.2.0
 * @category constants
 */
export const maxProgramsPerRequest = 50

/**
 * The largest page of the activity history (`limit` 1 to 10; 10 when absent).
 *
 * @since 0.2.0
 * @category constants
 */
export const historyPageSize = 10

/**
 * An ISO-8601 date and time with its offset (`2022-12-29T23:59:59+05:30`, `2024-09-08T18:29:59Z`).
 *
 * @since 0.2.0
 * @category models
 */
export const DateTime = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/, {
    message: "a date and time is ISO-8601 with its offset, e.g. 2022-12-29T23:59:59+05:30"
  }),
  Schema.makeFilter((value) => Number.isNaN(Date.parse(value)) ? "not a real date and time" : undefined)
)

// ---------------------------------------------------------------------------------------------------------------
// Customers and statuses
// ---------------------------------------------------------------------------------------------------------------

/**
 * A mobile number as the partner endpoints take it: a string, or a number (`919800000000`), read as a string.
 *
 * @since 0.2.0
 * @category customers
 */
export const MobileValue = Schema.Union([Schema.String, Schema.Int]).pipe(
  Schema.decodeTo(Schema.String, {
    decode: SchemaGetter.transform((value: string | number) => String(value)),
    encode: SchemaGetter.passthrough()
  })
)

/**
 * The customer a request is about: a mobile number, email or external id (at least one not empty; the first
 * non-empty of them, in that order, names the customer).
 *
 * @since 0.2.0
 * @category customers
 */
export const PartnerCustomer = Schema.Struct({
  mobile: Schema.optional(MobileValue),
  email: Schema.optional(Schema.String),
  externalId: Schema.optional(Schema.String)
}).check(Schema.makeFilter((customer) => {
  const mobile = customer.mobile ?? ""
  const email = customer.email ?? ""
  if (mobile === "" && email === "" && (customer.externalId ?? "") === "") {
    return { path: ["mobile"], issue: "a customer is named by a mobile number, an email or an external id" }
  }
  if (mobile !== "" && !isMobile(mobile)) {
    return { path: ["mobile"], issue: "a mobile number is 8 to 15 digits, country code included" }
  }
  return email !== "" && !isEmail(email)
    ? { path: ["email"], issue: "an email address is local@domain.tld, at most 255 characters" }
    : undefined
}))

/**
 * The type of `PartnerCustomer`.
 *
 * @since 0.2.0
 * @category customers
 */
export type PartnerCustomer = typeof PartnerCustomer.Type

/**
 * The identifier that names a customer of a request: the first non-empty of mobile, email and external id.
 *
 * @since 0.2.0
 * @category customers
 */
export const identifierOf = (
  customer: PartnerCustomer
): { readonly type: "mobile" | "email" | "externalId"; readonly value: string } => {
  if (customer.mobile !== undefined && customer.mobile !== "") return { type: "mobile", value: customer.mobile }
  if (customer.email !== undefined && customer.email !== "") return { type: "email", value: customer.email }
  return { type: "externalId", value: customer.externalId ?? "" }
}

/**
 * The outcome of one customer or one program in an answer: `{status, code, message}` (1000 for a customer found,
 * 200 for a program done).
 *
 * @since 0.2.0
 * @category answers
 */
export const ItemStatus = Schema.Struct({
  status: Schema.Boolean,
  code: Schema.Number,
  message: Schema.String
})

/**
 * The type of `ItemStatus`.
 *
 * @since 0.2.0
 * @category answers
 */
export type ItemStatus = typeof ItemStatus.Type

/**
 * The customer part of an answer: who was found (id and identifiers; absent when not found) and the status.
 *
 * @since 0.2.0
 * @category answers
 */
export const CustomerResult = Schema.Struct({
  id: Schema.optional(Customer.CustomerId),
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  externalId: Schema.optional(Schema.String),
  status: ItemStatus
})

/**
 * The type of `CustomerResult`.
 *
 * @since 0.2.0
 * @category answers
 */
export type CustomerResult = typeof CustomerResult.Type

const checkProgramCount = <A>(count: (request: A) => number) =>
  Schema.makeFilter<A>((request) =>
    count(request) > maxProgramsPerRequest
      ? `one request names at most ${maxProgramsPerRequest} partner programs in all`
      : undefined
  )

// ---------------------------------------------------------------------------------------------------------------
// Link
// ---------------------------------------------------------------------------------------------------------------

/**
 * The customer's membership of the partner program: the partner's membership id, and for a tier-based program
 * the partner tier (required) and its expiry.
 *
 * @since 0.2.0
 * @category link
 */
export const PartnerReference = Schema.Struct({
  partnerMembershipId: NonEmptyString,
  partnerTierName: Schema.optional(NonEmptyString),
  partnerTierExpiryDate: Schema.optional(DateTime)
})

/**
 * A program to link the customer to, by name, with the membership.
 *
 * @since 0.2.0
 * @category link
 */
export const LinkToProgram = Schema.Struct({
  partnerProgramName: NonEmptyString,
  customerPartnerReference: PartnerReference
})

/**
 * The type of `LinkToProgram`.
 *
 * @since 0.2.0
 * @category link
 */
export type LinkToProgram = typeof LinkToProgram.Type

/**
 * The body of `POST /v2/partnerProgram/linkCustomer`: customers, each with the programs to link them to.
 *
 * @since 0.2.0
 * @category link
 */
export const LinkRequest = Schema.Struct({
  linkCustomers: Schema.NonEmptyArray(Schema.Struct({
    customer: PartnerCustomer,
    linkToPartnerPrograms: Schema.NonEmptyArray(LinkToProgram)
  }))
}).check(
  checkProgramCount((request) =>
    request.linkCustomers.reduce((sum, item) => sum + item.linkToPartnerPrograms.length, 0)
  )
)

/**
 * The type of `LinkRequest`.
 *
 * @since 0.2.0
 * @category link
 */
export type LinkRequest = typeof LinkRequest.Type

/**
 * The answer to a link: per customer, its status and one `partnerLinkStatus` per program.
 *
 * @since 0.2.0
 * @category link
 */
export const LinkResult = Schema.Struct({
  linkCustomers: Schema.Array(Schema.Struct({
    customer: CustomerResult,
    linkToPartnerPrograms: Schema.Array(Schema.Struct({
      partnerProgramName: Schema.String,
      partnerLinkStatus: ItemStatus
    }))
  })),
  warnings: Envelope.V2Warnings
})

/**
 * The type of `LinkResult`.
 *
 * @since 0.2.0
 * @category link
 */
export type LinkResult = typeof LinkResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------------------------

/**
 * What an update does to the partner tier: upgrade, downgrade, renew, or a plain update.
 *
 * @since 0.2.0
 * @category update
 */
export const UpdateType = caseInsensitive(["UPGRADE", "DOWNGRADE", "RENEW", "UPDATE"])

/**
 * The type of `UpdateType`.
 *
 * @since 0.2.0
 * @category update
 */
export type UpdateType = typeof UpdateType.Type

/**
 * A tier update of one program: the program by name, the kind of update, and the new tier and its expiry.
 *
 * @since 0.2.0
 * @category update
 */
export const ProgramUpdate = Schema.Struct({
  partnerProgramName: NonEmptyString,
  updateType: UpdateType,
  updateDetails: Schema.Struct({
    updatedTierName: NonEmptyString,
    updatedTierExpiryDate: Schema.optional(DateTime)
  })
})

/**
 * The type of `ProgramUpdate`.
 *
 * @since 0.2.0
 * @category update
 */
export type ProgramUpdate = typeof ProgramUpdate.Type

/**
 * The body of `POST /v2/partnerProgram/customerPartnerProgramUpdate`: customers, each with their program updates.
 *
 * @since 0.2.0
 * @category update
 */
export const UpdateRequest = Schema.Struct({
  customersPartnerUpdates: Schema.NonEmptyArray(Schema.Struct({
    customer: PartnerCustomer,
    partnerProgramUpdates: Schema.NonEmptyArray(ProgramUpdate)
  }))
}).check(
  checkProgramCount((request) =>
    request.customersPartnerUpdates.reduce((sum, item) => sum + item.partnerProgramUpdates.length, 0)
  )
)

/**
 * The type of `UpdateRequest`.
 *
 * @since 0.2.0
 * @category update
 */
export type UpdateRequest = typeof UpdateRequest.Type

const UpdateResultItem = Schema.Struct({
  customer: CustomerResult,
  partnerProgramUpdates: Schema.Array(Schema.Struct({
    partnerProgramName: Schema.String,
    updateType: Schema.optional(Schema.String),
    updateStatus: ItemStatus
  }))
})

/**
 * The answer to an update: per customer, its status and one `updateStatus` per program.
 *
 * @since 0.2.0
 * @category update
 */
export const UpdateResult = Schema.Struct({
  customersPartnerUpdates: Schema.Array(UpdateResultItem),
  warnings: Envelope.V2Warnings
})

/**
 * The type of `UpdateResult`.
 *
 * @since 0.2.0
 * @category update
 */
export type UpdateResult = typeof UpdateResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Delink
// ---------------------------------------------------------------------------------------------------------------

/**
 * A program to delink the customer from, by name.
 *
 * @since 0.2.0
 * @category delink
 */
export const DelinkFromProgram = Schema.Struct({
  partnerProgramName: NonEmptyString,
  customerPartnerReference: Schema.optional(Schema.Struct({ partnerMembershipId: Schema.optional(Schema.String) }))
})

/**
 * The body of `POST /v2/partnerProgram/deLinkCustomer`: customers, each with the programs to delink them from.
 *
 * @since 0.2.0
 * @category delink
 */
export const DelinkRequest = Schema.Struct({
  deLinkCustomers: Schema.NonEmptyArray(Schema.Struct({
    customer: PartnerCustomer,
    deLinkFromPartnerPrograms: Schema.NonEmptyArray(DelinkFromProgram)
  }))
}).check(
  checkProgramCount((request) =>
    request.deLinkCustomers.reduce((sum, item) => sum + item.deLinkFromPartnerPrograms.length, 0)
  )
)

/**
 * The type of `DelinkRequest`.
 *
 * @since 0.2.0
 * @category delink
 */
export type DelinkRequest = typeof DelinkRequest.Type

const DelinkResultBody = Schema.Struct({
  deLinkCustomers: Schema.Array(Schema.Struct({
    customer: CustomerResult,
    deLinkFromPartnerPrograms: Schema.Array(Schema.Struct({
      partnerProgramName: Schema.String,
      partnerDeLinkStatus: ItemStatus
    }))
  })),
  warnings: Envelope.V2Warnings
})

/**
 * The answer to a delink: per customer, its status and one `partnerDeLinkStatus` per program. An answer in the
 * update's shape (`customersPartnerUpdates`, as one documentation page shows it) is read into this one.
 *
 * @since 0.2.0
 * @category delink
 */
export const DelinkResult = Schema.Union([DelinkResultBody, UpdateResult]).pipe(
  Schema.decodeTo(Schema.toType(DelinkResultBody), {
    decode: SchemaGetter.transform((body): typeof DelinkResultBody.Type =>
      "deLinkCustomers" in body ? body : {
        deLinkCustomers: body.customersPartnerUpdates.map((item) => ({
          customer: item.customer,
          deLinkFromPartnerPrograms: item.partnerProgramUpdates.map((program) => ({
            partnerProgramName: program.partnerProgramName,
            partnerDeLinkStatus: program.updateStatus
          }))
        })),
        warnings: body.warnings
      }
    ),
    encode: SchemaGetter.passthrough()
  })
)

/**
 * The type of `DelinkResult`.
 *
 * @since 0.2.0
 * @category delink
 */
export type DelinkResult = typeof DelinkResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Activity history
// ---------------------------------------------------------------------------------------------------------------

/**
 * Which history to read: link, update and delink events (`LINKINGUPDATES`), or benefits availed
 * (`BENEFITSAVAILED`). Read without regard to case or underscores (`linkingUpdates`, `BENEFITS_AVAILED`).
 *
 * @since 0.2.0
 * @category history
 */
export const ActivityType = Schema.String.pipe(Schema.decodeTo(Schema.Literals(["LINKINGUPDATES", "BENEFITSAVAILED"]), {
  decode: SchemaGetter.transform((value: string) =>
    value.replaceAll("_", "").toUpperCase() as "LINKINGUPDATES" | "BENEFITSAVAILED"
  ),
  encode: SchemaGetter.passthrough()
}))

/**
 * The type of `ActivityType`.
 *
 * @since 0.2.0
 * @category history
 */
export type ActivityType = typeof ActivityType.Type

/**
 * The kind of partner program: external (coalition) or supplementary (subscription).
 *
 * @since 0.2.0
 * @category history
 */
export const PartnerProgramType = caseInsensitive(["EXTERNAL", "SUPPLEMENTARY"])

/**
 * The type of `PartnerProgramType`.
 *
 * @since 0.2.0
 * @category history
 */
export type PartnerProgramType = typeof PartnerProgramType.Type

/**
 * The instant of a `QueryDate`, in epoch milliseconds (`NaN` when it is not a date).
 *
 * @since 0.2.0
 * @category history
 */
export const parseQueryDate = (value: string): number => {
  const iso = value.replace(" ", "T")
  return Date.parse(/T\d\d:\d\d:\d\d(\.\d+)?$/.test(iso) ? `${iso}Z` : /T/.test(iso) ? iso : `${iso}T00:00:00Z`)
}

/**
 * A date of the history query: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` (as Capillary's example sends it) or
 * ISO-8601, read as UTC when it has no offset.
 *
 * @since 0.2.0
 * @category history
 */
export const QueryDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d\d-\d\d([ T]\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)?)?$/, {
    message: "a date is YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or ISO-8601"
  }),
  Schema.makeFilter((value) => Number.isNaN(parseQueryDate(value)) ? "not a real date" : undefined)
)

const yearMillis = 366 * 24 * 60 * 60 * 1000

const PositiveIntFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(Schema.isGreaterThan(0))))

/**
 * The query of `GET /v2/partnerProgram/customerActivityHistory`: the customer (source, identifier), the
 * activity type, optionally one program (by id) or one kind, a date interval (benefits only, at most a year:
 * Capillary's 2015 and 2013), and the page (`limit` 1 to 10, `offset` from 0).
 *
 * @since 0.2.0
 * @category history
 */
export const ActivityHistoryQuery = Schema.Struct({
  source: caseInsensitive(Customer.LookupSource.literals),
  accountId: Schema.optional(Schema.String),
  identifierName: Customer.IdentifierType,
  identifierValue: NonEmptyString,
  activityType: ActivityType,
  startDate: Schema.optional(QueryDate),
  endDate: Schema.optional(QueryDate),
  partnerProgramId: Schema.optional(PositiveIntFromString),
  partnerProgramType: Schema.optional(PartnerProgramType),
  limit: Schema.optional(
    Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10 }))))
  ),
  offset: Schema.optional(
    Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))))
  )
}).check(Schema.makeFilter((query) => {
  if (query.activityType === "LINKINGUPDATES" && (query.startDate !== undefined || query.endDate !== undefined)) {
    return { path: ["startDate"], issue: "dates are only taken with activityType=BENEFITSAVAILED" }
  }
  if (query.startDate === undefined || query.endDate === undefined) return undefined
  const interval = parseQueryDate(query.endDate) - parseQueryDate(query.startDate)
  if (interval < 0) return { path: ["endDate"], issue: "endDate is before startDate" }
  return interval > yearMillis ? { path: ["endDate"], issue: "the interval is at most a year" } : undefined
}))

/**
 * The type of `ActivityHistoryQuery`.
 *
 * @since 0.2.0
 * @category history
 */
export type ActivityHistoryQuery = typeof ActivityHistoryQuery.Type

/**
 * A benefit of a partner program and how often the customer availed it.
 *
 * @since 0.2.0
 * @category history
 */
export const BenefitSummary = Schema.Struct({
  name: Schema.String,
  type: Schema.String,
  mappedPromotionDetails: Schema.optional(Schema.Struct({
    promotionId: Schema.optional(Schema.Number),
    promotionName: Schema.optional(Schema.String),
    promotionReferenceNumber: Schema.optional(Schema.String)
  })),
  maximumAvailableInCycle: Schema.optional(Schema.Number),
  additionalIssuanceInCurrentCycle: Schema.optional(Schema.Number),
  countAvailedInCurrentCycle: Schema.optional(Schema.Number),
  countAvailedInLast365Days: Schema.optional(Schema.Number)
})

/**
 * A partner program as the history shows it for the customer: the program, the customer's membership (id,
 * partner tier and its expiry, start and end dates, the last change), its benefits, whether the customer is
 * linked now and whether the program is tier-based. Dates are ISO-8601.
 *
 * @since 0.2.0
 * @category history
 */
export const PartnerProgramDetails = Schema.Struct({
  /** The loyalty program the partner program belongs to. */
  programName: Schema.optional(Schema.String),
  partnerProgramId: Schema.Int,
  partnerProgramName: Schema.String,
  partnerProgramDescription: Schema.optional(Schema.String),
  partnerTierNumber: Schema.optional(Schema.Int),
  partnerTierName: Schema.optional(Schema.String),
  partnerTierExpiryDate: Schema.optional(Schema.String),
  partnerMembershipId: Schema.optional(Schema.String),
  partnerProgramType: Schema.optional(Schema.String),
  partnerProgramMembershipStartDate: Schema.optional(Schema.String),
  partnerProgramMembershipEndDate: Schema.optional(Schema.String),
  partnerProgramMembershipLastUpdatedDate: Schema.optional(Schema.String),
  partnerProgramMembershipLastUpdatedActivity: Schema.optional(Schema.String),
  benefitsSummary: Schema.optional(Schema.Array(BenefitSummary)),
  linked: Schema.optional(Schema.Boolean),
  tierBased: Schema.optional(Schema.Boolean)
})

/**
 * The type of `PartnerProgramDetails`.
 *
 * @since 0.2.0
 * @category history
 */
export type PartnerProgramDetails = typeof PartnerProgramDetails.Type

/**
 * One event of the history: its type (`ENROLLMENT`, `SUPPLEMENTARY_MEMBERSHIP_STARTED`,
 * `PARTNER_PROGRAM_EARLY_EXPIRY`, ...), when (ISO-8601), and for a benefit the bill it was availed on.
 *
 * @since 0.2.0
 * @category history
 */
export const ActivityRecord = Schema.Struct({
  activityType: Schema.String,
  activityDate: Schema.String,
  benefitDetails: Schema.optional(Schema.Struct({
    name: Schema.optional(Schema.String),
    type: Schema.optional(Schema.String),
    billDate: Schema.optional(Schema.String),
    billNumber: Schema.optional(Schema.String),
    billId: Schema.optional(Schema.Number),
    tillId: Schema.optional(Schema.Number),
    tillName: Schema.optional(Schema.String),
    storeName: Schema.optional(Schema.String)
  }))
})

/**
 * The type of `ActivityRecord`.
 *
 * @since 0.2.0
 * @category history
 */
export type ActivityRecord = typeof ActivityRecord.Type

/**
 * One partner program of the customer and its history, newest event first; `notes` says which period a benefits
 * history covers.
 *
 * @since 0.2.0
 * @category history
 */
export const ProgramActivity = Schema.Struct({
  partnerProgramDetails: PartnerProgramDetails,
  customerActivityHistory: Schema.Array(ActivityRecord),
  notes: Schema.optional(Schema.String),
  uniqueId: Schema.optional(Schema.String)
})

/**
 * The type of `ProgramActivity`.
 *
 * @since 0.2.0
 * @category history
 */
export type ProgramActivity = typeof ProgramActivity.Type

/**
 * The answer to a history read: a page of the customer's partner programs (the most recently changed first), with
 * `pagination{limit, offset, total}`.
 *
 * @since 0.2.0
 * @category history
 */
export const ActivityHistory = Schema.Struct({
  pagination: Schema.Struct({ limit: Schema.Int, offset: Schema.Int, total: Schema.Int }),
  data: Schema.Array(ProgramActivity),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `ActivityHistory`.
 *
 * @since 0.2.0
 * @category history
 */
export type ActivityHistory = typeof ActivityHistory.Type
