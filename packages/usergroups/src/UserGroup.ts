/**
 * The user group (Capillary's "userGroup2", a fleet or family of customers), as the v2 API sends and receives it:
 * ids, the create request and its answer, how a group is identified in a query, the group read with its members,
 * points summaries, expiry schedules and tier gaps, the join request and its per-member results, how a member is
 * named when leaving, and the leave and delete answers. Requests carry Capillary's own limits (names of at most 50
 * characters, a size between 1 and 30,000), so a bad request fails before anything is sent; what Capillary returns
 * is read as it stored it.
 *
 * @since 0.1.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"

// ---------------------------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------------------------

/**
 * A user group's id: a positive integer.
 *
 * @since 0.1.0
 * @category ids
 */
export const UserGroupId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("UserGroupId"))

/**
 * The type of `UserGroupId`.
 *
 * @since 0.1.0
 * @category ids
 */
export type UserGroupId = typeof UserGroupId.Type

/**
 * A user group id in a path or query string.
 *
 * @since 0.1.0
 * @category ids
 */
export const UserGroupIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(UserGroupId))

/**
 * A member's customer id (Capillary's `userId`): a positive integer. It carries the same brand as
 * `@capillary-effect/customers`' `CustomerId`, so an id read there is accepted here as it is.
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
 * A customer id in a query string.
 *
 * @since 0.1.0
 * @category ids
 */
export const CustomerIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(CustomerId))

// ---------------------------------------------------------------------------------------------------------------
// Validated values
// ---------------------------------------------------------------------------------------------------------------

/**
 * The largest `maxGroupSize` Capillary accepts (its product limit, `CONF_MAX_FLEET_GROUP_SIZE`); also the size of
 * a group created without one.
 *
 * @since 0.1.0
 * @category validation
 */
export const maxGroupSizeLimit = 30_000

const notBlank = (what: string) =>
  Schema.makeFilter<string>((value) => value.trim() === "" ? `${what} is empty` : undefined)

/**
 * A group's external id: not empty, at most 50 characters; unique in the organisation.
 *
 * @since 0.1.0
 * @category validation
 */
export const ExternalId = Schema.String.check(
  notBlank("an external id"),
  Schema.isMaxLength(50, { message: "an external id is at most 50 characters" })
)

/**
 * A group's name: not empty, at most 50 characters.
 *
 * @since 0.1.0
 * @category validation
 */
export const GroupName = Schema.String.check(
  notBlank("a group name"),
  Schema.isMaxLength(50, { message: "a group name is at most 50 characters" })
)

/**
 * How many active members a group may have: a whole number from 1 to 30,000.
 *
 * @since 0.1.0
 * @category validation
 */
export const GroupSize = Schema.Int.check(
  Schema.isGreaterThan(0, { message: "a group size is positive" }),
  Schema.isLessThanOrEqualTo(maxGroupSizeLimit, { message: `a group size is at most ${maxGroupSizeLimit}` })
)

/**
 * A member permission, such as `block_points_redemption`.
 *
 * @since 0.1.0
 * @category validation
 */
export const Permission = Schema.String.check(notBlank("a permission"))

/**
 * A boolean in a query string: `"true"` or `"false"`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BooleanFromString = Schema.Literals(["true", "false"]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === "true"),
    encode: SchemaGetter.transform((value): "true" | "false" => (value ? "true" : "false"))
  })
)

const IntFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int))

/**
 * Extended fields of a group: name to value.
 *
 * @since 0.1.0
 * @category models
 */
export const Fields = Schema.Record(Schema.String, Schema.Json)

/**
 * The type of `Fields`.
 *
 * @since 0.1.0
 * @category models
 */
export type Fields = typeof Fields.Type

// ---------------------------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------------------------

/**
 * The body of `POST /v2/userGroup2`: the external id (required, unique in the organisation), the name, the
 * maximum number of active members (30,000 when absent) and extended fields.
 *
 * @since 0.1.0
 * @category create
 */
export const UserGroupCreate = Schema.Struct({
  externalId: ExternalId,
  groupName: GroupName,
  maxGroupSize: Schema.optional(GroupSize),
  extendedFields: Schema.optional(Fields)
})

/**
 * The type of `UserGroupCreate`.
 *
 * @since 0.1.0
 * @category create
 */
export type UserGroupCreate = typeof UserGroupCreate.Type

/**
 * The answer to a create: the new group's id as `entity`.
 *
 * @since 0.1.0
 * @category create
 */
export const UserGroupCreated = Schema.Struct({
  entity: UserGroupId,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `UserGroupCreated`.
 *
 * @since 0.1.0
 * @category create
 */
export type UserGroupCreated = typeof UserGroupCreated.Type

// ---------------------------------------------------------------------------------------------------------------
// Identifying a group
// ---------------------------------------------------------------------------------------------------------------

const refFields = {
  id: Schema.optional(UserGroupIdFromString),
  externalId: Schema.optional(Schema.String.check(notBlank("an external id"))),
  /** The customer who is the group's primary member. */
  primaryUserId: Schema.optional(CustomerIdFromString)
}

const identifiesGroup = (names: ReadonlyArray<"id" | "externalId" | "primaryUserId">) =>
  Schema.makeFilter<Partial<Record<"id" | "externalId" | "primaryUserId", unknown>>>((query) =>
    names.some((name) => query[name] !== undefined)
      ? undefined
      : `a group is identified by ${names.join(", ").replace(/, (\w+)$/, " or $1")}`
  )

/**
 * How a query names a group: by `id`, `externalId` or `primaryUserId`, at least one. (Which one wins when
 * several disagree is not documented; the emulator uses the first of that order.)
 *
 * @since 0.1.0
 * @category queries
 */
export const GroupQuery = Schema.Struct(refFields).check(identifiesGroup(["id", "externalId", "primaryUserId"]))

/**
 * The type of `GroupQuery`.
 *
 * @since 0.1.0
 * @category queries
 */
export type GroupQuery = typeof GroupQuery.Type

/**
 * The query of `GET /v2/userGroup2`: the group, and what to add to it: expired points, expiry schedules, the gap
 * to the next tier (`gapToUpgradeFor`) and to renewal (`gapToRenewFor`), company and program details.
 *
 * @since 0.1.0
 * @category queries
 */
export const GetQuery = Schema.Struct({
  ...refFields,
  expiredPoints: Schema.optional(BooleanFromString),
  expirySchedules: Schema.optional(BooleanFromString),
  gapToUpgradeFor: Schema.optional(IntFromString),
  gapToRenewFor: Schema.optional(IntFromString),
  companyDetails: Schema.optional(BooleanFromString),
  programDetails: Schema.optional(BooleanFromString)
}).check(identifiesGroup(["id", "externalId", "primaryUserId"]))

/**
 * The type of `GetQuery`.
 *
 * @since 0.1.0
 * @category queries
 */
export type GetQuery = typeof GetQuery.Type

/**
 * The query of `DELETE /v2/userGroup2`: the group, by `id` or `externalId`.
 *
 * @since 0.1.0
 * @category queries
 */
export const DeleteQuery = Schema.Struct({ id: refFields.id, externalId: refFields.externalId }).check(
  identifiesGroup(["id", "externalId"])
)

/**
 * The type of `DeleteQuery`.
 *
 * @since 0.1.0
 * @category queries
 */
export type DeleteQuery = typeof DeleteQuery.Type

// ---------------------------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------------------------

/**
 * A group's status. A deleted group keeps its id and external id and is still readable, with this status.
 *
 * @since 0.1.0
 * @category read
 */
export const GroupStatus = Schema.Literals(["ACTIVE", "INACTIVE", "DELETED"])

/**
 * The type of `GroupStatus`.
 *
 * @since 0.1.0
 * @category read
 */
export type GroupStatus = typeof GroupStatus.Type

/**
 * A member as a group read lists it (`fleetGroupUsers`): active, or exited (`active: false`). `defaultGroup`
 * says whether this group is the customer's default one (their own group when they are a primary member).
 *
 * @since 0.1.0
 * @category read
 */
export const GroupMember = Schema.Struct({
  userId: CustomerId,
  groupId: UserGroupId,
  defaultGroup: Schema.Boolean,
  primaryMember: Schema.Boolean,
  active: Schema.Boolean,
  permissions: Schema.optional(Schema.Array(Schema.String))
})

/**
 * The type of `GroupMember`.
 *
 * @since 0.1.0
 * @category read
 */
export type GroupMember = typeof GroupMember.Type

/**
 * Points that will expire on a date, in a program.
 *
 * @since 0.1.0
 * @category points
 */
export const ExpirySchedule = Schema.Struct({
  points: Schema.Finite,
  /** `YYYY-MM-DD`. */
  expiryDate: Schema.String,
  /** The same date as an ISO-8601 instant. */
  expiryDateISO: Schema.optional(Schema.String),
  programId: Schema.Int,
  pointsType: Schema.optional(Schema.String),
  expiryType: Schema.optional(Schema.String)
})

/**
 * The type of `ExpirySchedule`.
 *
 * @since 0.1.0
 * @category points
 */
export type ExpirySchedule = typeof ExpirySchedule.Type

/**
 * An entry of a list whose items Capillary documents no shape for (expired points, linked partner programs,
 * renewal strategies): kept whole.
 *
 * @since 0.1.0
 * @category points
 */
export const OpenEntry = Schema.Record(Schema.String, Schema.Json)

/**
 * How far a group is from the next tier by one criterion (`CURRENT_POINTS`, `LIFETIME_POINTS`, ...).
 *
 * @since 0.1.0
 * @category points
 */
export const UpgradeGap = Schema.Struct({
  upgradeBasedOn: Schema.String,
  upgradeThreshold: Schema.Finite,
  customerUpgradeEntityValues: Schema.optional(Schema.Struct({
    currentValue: Schema.Finite,
    gapToUpgrade: Schema.Finite,
    /** `YYYY-MM-DD`. */
    valueValidUpto: Schema.optional(Schema.String)
  }))
})

/**
 * The type of `UpgradeGap`.
 *
 * @since 0.1.0
 * @category points
 */
export type UpgradeGap = typeof UpgradeGap.Type

/**
 * Whether and how a group keeps its tier when the tier expires.
 *
 * @since 0.1.0
 * @category points
 */
export const RenewGap = Schema.Struct({
  /** `YYYY-MM-DD`. */
  tierExpiryDate: Schema.String,
  renewConfirmed: Schema.Boolean,
  renewStrategies: Schema.Array(OpenEntry)
})

/**
 * The type of `RenewGap`.
 *
 * @since 0.1.0
 * @category points
 */
export type RenewGap = typeof RenewGap.Type

/**
 * A group's points and tier (slab) in one loyalty program.
 *
 * @since 0.1.0
 * @category points
 */
export const PointsSummary = Schema.Struct({
  redeemed: Schema.Finite,
  expired: Schema.Finite,
  returned: Schema.Finite,
  adjusted: Schema.Finite,
  lifetimePoints: Schema.Finite,
  /** Points the group can redeem now. */
  loyaltyPoints: Schema.Finite,
  userGroup2Id: UserGroupId,
  currentSlab: Schema.String,
  currentSlabDescription: Schema.String,
  /** Empty at the top tier. */
  nextSlab: Schema.String,
  /** -1 at the top tier. */
  nextSlabSerialNumber: Schema.Int,
  nextSlabDescription: Schema.String,
  /** The current tier's serial number, from 1 (the lowest). */
  slabSNo: Schema.Int,
  /** ISO-8601; far in the future when the tier does not expire. */
  slabExpiryDate: Schema.String,
  programId: Schema.Int,
  /** Promised points, not yet redeemable. */
  delayedPoints: Schema.Finite,
  delayedReturnedPoints: Schema.Finite,
  delayedExpiredPoints: Schema.Finite,
  totalAvailablePoints: Schema.Finite,
  totalReturnedPoints: Schema.Finite,
  linkedPartnerPrograms: Schema.Array(OpenEntry),
  programTitle: Schema.String,
  programDescription: Schema.String,
  programPointsToCurrencyRatio: Schema.Finite,
  upgradeStrategies: Schema.Array(UpgradeGap),
  gapToRenewSummary: Schema.optional(RenewGap),
  pointsContributionToGroup: Schema.Finite
})

/**
 * The type of `PointsSummary`.
 *
 * @since 0.1.0
 * @category points
 */
export type PointsSummary = typeof PointsSummary.Type

/**
 * A user group, as `GET /v2/userGroup2` returns it: identity, status, members (active and exited) and their
 * counts, who created it and when (ISO-8601), its size limit, lifetime purchases, extended fields and warnings;
 * expired points, expiry schedules and the tier gaps when the query asks for them, and a points summary per
 * program.
 *
 * @since 0.1.0
 * @category read
 */
export class UserGroup extends Schema.Class<UserGroup>("UserGroup")({
  id: UserGroupId,
  externalId: Schema.String,
  groupStatus: GroupStatus,
  fleetGroupUsers: Schema.Array(GroupMember),
  /** Who created the group (a till or user id). */
  createdBy: Schema.Int,
  /** ISO-8601. */
  createdOn: Schema.String,
  groupName: Schema.String,
  maxGroupSize: Schema.Int,
  lifeTimePurchases: Schema.Finite,
  expiredPoints: Schema.optional(Schema.Array(OpenEntry)),
  expirySchedules: Schema.optional(Schema.Array(ExpirySchedule)),
  gapToUpgrade: Schema.optional(Schema.Array(UpgradeGap)),
  gapToRenew: Schema.optional(RenewGap),
  totalActiveMembers: Schema.Int,
  totalExitedMembers: Schema.Int,
  pointsSummaries: Schema.optional(Schema.Array(PointsSummary)),
  extendedFields: Schema.optional(Fields),
  warnings: Schema.optional(Envelope.V2Warnings)
}) {}

// ---------------------------------------------------------------------------------------------------------------
// Join
// ---------------------------------------------------------------------------------------------------------------

/**
 * A customer to add to a group: the primary member (a group has exactly one) or not (the default), with
 * permissions.
 *
 * @since 0.1.0
 * @category join
 */
export const JoinMember = Schema.Struct({
  userId: CustomerId,
  primaryMember: Schema.optional(Schema.Boolean),
  permissions: Schema.optional(Schema.Array(Permission))
})

/**
 * The type of `JoinMember`.
 *
 * @since 0.1.0
 * @category join
 */
export type JoinMember = typeof JoinMember.Type

/**
 * The body of `POST /v2/userGroup2/join`: one member or more, none named twice, at most one of them primary.
 *
 * @since 0.1.0
 * @category join
 */
export const JoinRequest = Schema.NonEmptyArray(JoinMember).check(
  Schema.makeFilter((members) => {
    const seen = new Set<number>()
    for (const { userId } of members) {
      if (seen.has(userId)) return `customer ${userId} appears twice`
      seen.add(userId)
    }
    return members.filter((member) => member.primaryMember === true).length > 1
      ? "a group has one primary member; more than one is marked primary"
      : undefined
  })
)

/**
 * The type of `JoinRequest`.
 *
 * @since 0.1.0
 * @category join
 */
export type JoinRequest = typeof JoinRequest.Type

/**
 * A member who joined: the result of one item of a join.
 *
 * @since 0.1.0
 * @category join
 */
export const Membership = Schema.Struct({
  userId: CustomerId,
  groupId: UserGroupId,
  permissions: Schema.Array(Schema.String),
  defaultGroup: Schema.Boolean,
  active: Schema.Boolean,
  primaryMember: Schema.Boolean
})

/**
 * The type of `Membership`.
 *
 * @since 0.1.0
 * @category join
 */
export type Membership = typeof Membership.Type

/**
 * The answer to a join: Capillary's bulk envelope, one item per member in the request's order, each with its
 * `result` or its `errors`. Items that failed do not fail the call.
 *
 * @since 0.1.0
 * @category join
 */
export const JoinResults = Envelope.V2Bulk(Membership).check(
  Schema.makeFilter((body) =>
    body.response.every((item) => (item.result ?? undefined) !== undefined || (item.errors ?? []).length > 0)
      ? undefined
      : "an item of the answer has neither a result nor errors"
  )
)

/**
 * The type of `JoinResults`.
 *
 * @since 0.1.0
 * @category join
 */
export type JoinResults = typeof JoinResults.Type

// ---------------------------------------------------------------------------------------------------------------
// Leave
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
  "MOBILE_APP"
] as const

/**
 * Where a customer's profile comes from: the same values as `@capillary-effect/customers`' `Source` (domain
 * packages depend on core only, so the list is repeated here).
 *
 * @since 0.1.0
 * @category members
 */
export const Source = Schema.Literals(sources)

/**
 * The type of `Source`.
 *
 * @since 0.1.0
 * @category members
 */
export type Source = typeof Source.Type

const identifierTypes = [
  "mobile",
  "email",
  "externalId",
  "wechat",
  "martjackId",
  "fbId",
  "tmall_uname",
  "cuid",
  "unionId",
  "ali_uname",
  "jd_uname",
  "vip_uname",
  "line",
  "mobilePush",
  "cardnumber",
  "cardExternalId"
] as const

/**
 * The kinds of identifier a customer is found by: the same values as `@capillary-effect/customers`'
 * `IdentifierType`.
 *
 * @since 0.1.0
 * @category members
 */
export const IdentifierType = Schema.Literals(identifierTypes)

/**
 * The type of `IdentifierType`.
 *
 * @since 0.1.0
 * @category members
 */
export type IdentifierType = typeof IdentifierType.Type

/**
 * How a member is named when leaving: `id` (the customer id), or an identifier type.
 *
 * @since 0.1.0
 * @category members
 */
export const MemberIdentifierName = Schema.Literals(["id", ...identifierTypes])

/**
 * The type of `MemberIdentifierName`.
 *
 * @since 0.1.0
 * @category members
 */
export type MemberIdentifierName = typeof MemberIdentifierName.Type

/**
 * The path of `DELETE /v2/userGroup2/{groupId}/leave`.
 *
 * @since 0.1.0
 * @category leave
 */
export const LeavePath = Schema.Struct({ groupId: UserGroupIdFromString })

/**
 * The query of a leave: the member, by customer id (`identifierName=id`) or by an identifier in a source (any
 * source when absent) and account.
 *
 * @since 0.1.0
 * @category leave
 */
export const LeaveQuery = Schema.Struct({
  source: Schema.optional(Source),
  accountId: Schema.optional(Schema.String),
  identifierName: MemberIdentifierName,
  identifierValue: Schema.String.check(notBlank("an identifier value"))
}).check(Schema.makeFilter((query) =>
  query.identifierName === "id" && !/^[1-9]\d*$/.test(query.identifierValue)
    ? { path: ["identifierValue"], issue: "a customer id is a positive integer" }
    : undefined
))

/**
 * The type of `LeaveQuery`.
 *
 * @since 0.1.0
 * @category leave
 */
export type LeaveQuery = typeof LeaveQuery.Type

/**
 * The answer to a leave.
 *
 * @since 0.1.0
 * @category leave
 */
export const LeaveResult = Schema.Struct({
  success: Schema.Boolean,
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `LeaveResult`.
 *
 * @since 0.1.0
 * @category leave
 */
export type LeaveResult = typeof LeaveResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------------------------

/**
 * The answer to a delete.
 *
 * @since 0.1.0
 * @category delete
 */
export const Deleted = Schema.Struct({ warnings: Envelope.V2Warnings })

/**
 * The type of `Deleted`.
 *
 * @since 0.1.0
 * @category delete
 */
export type Deleted = typeof Deleted.Type
