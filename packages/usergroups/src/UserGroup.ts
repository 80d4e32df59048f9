/**
 * The user group (Capillary's "userGroup2", a fleet or family of customers), as the v2 API sends and receives it:
 * ids, the create and update requests and their answers, how a group is identified in a query, the group read
 * with its members, points summaries, expiry schedules and tier gaps, the join request and its per-member
 * results, how a member is named when leaving, the leave and delete answers, the search of groups, the move of
 * members between groups, the members read with their details and cards, and the group transactions read.
 * Requests carry Capillary's own limits (names of at most 50 characters, a size between 1 and 30,000, the
 * documented permissions), so a bad request fails before anything is sent; what Capillary returns is read as it
 * stored it.
 *
 * Assumed where the documentation gives field names without a shape: the members read's card and status objects
 * are those of its example, every field optional but the card number; a group transaction types the fields of
 * the documented example and keeps the store, line items and payment modes as JSON.
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
 * The member permissions Capillary documents: allowing or blocking points redemption and points transfer for
 * one member of a group.
 *
 * @since 0.2.0
 * @category validation
 */
export const permissions = [
  "allow_points_redemption",
  "allow_points_transfer",
  "block_points_redemption",
  "block_points_transfer"
] as const

/**
 * A member permission: one of `permissions` (Capillary refuses any other with 1641). Typed as a string so that
 * permissions read back from Capillary pass through as they are.
 *
 * @since 0.1.0
 * @category validation
 */
export const Permission = Schema.String.check(
  Schema.makeFilter((value) =>
    (permissions as ReadonlyArray<string>).includes(value)
      ? undefined
      : `a permission is one of ${permissions.join(", ")}`
  )
)

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

// ---------------------------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------------------------

/**
 * A group id in a request body: Capillary's documented update sends it as a string (`"id": "2361"`), its member
 * transfer as a number; both are read. Encoded as a string.
 *
 * @since 0.2.0
 * @category ids
 */
export const UserGroupIdInBody = Schema.Union([UserGroupIdFromString, UserGroupId])

/**
 * A group id in a request body, encoded as a number (read from a number or a numeric string).
 *
 * @since 0.2.0
 * @category ids
 */
export const UserGroupIdNumber = Schema.Union([UserGroupId, UserGroupIdFromString])

/**
 * The body of `PUT /v2/userGroup2`: the group, by `id` or (without an id) by `externalId`, and what changes: its
 * name, its `maxGroupSize` (never below its active members), its extended fields (merged into the stored ones)
 * and, when the group is named by id, a new external id. The documented request sends `"externalId": ""` beside
 * an id; an empty external id changes nothing. A body that changes nothing is refused (Capillary's 1643).
 *
 * @since 0.2.0
 * @category update
 */
export const UserGroupUpdate = Schema.Struct({
  id: Schema.optional(UserGroupIdInBody),
  externalId: Schema.optional(Schema.String.check(
    Schema.isMaxLength(50, { message: "an external id is at most 50 characters" })
  )),
  groupName: Schema.optional(GroupName),
  maxGroupSize: Schema.optional(GroupSize),
  extendedFields: Schema.optional(Fields)
}).check(Schema.makeFilter((body) => {
  const external = body.externalId !== undefined && body.externalId.trim() !== ""
  if (body.id === undefined && !external) return "a group is identified by id or externalId"
  const changes = body.groupName !== undefined || body.maxGroupSize !== undefined ||
    body.extendedFields !== undefined || (body.id !== undefined && external)
  return changes ? undefined : "nothing to update: give a groupName, maxGroupSize, extendedFields or new externalId"
}))

/**
 * The type of `UserGroupUpdate`.
 *
 * @since 0.2.0
 * @category update
 */
export type UserGroupUpdate = typeof UserGroupUpdate.Type

/**
 * The answer to an update: the group as it is now (id, name, size; the external id and extended fields in newer
 * answers), with warnings. Older documentation also lists `entityType`, `promisedPointsScheduleList` and
 * `triggerBasedPointsList`, kept when present.
 *
 * @since 0.2.0
 * @category update
 */
export const UserGroupUpdated = Schema.Struct({
  id: UserGroupId,
  externalId: Schema.optional(Schema.String),
  groupName: Schema.optional(Schema.String),
  maxGroupSize: Schema.optional(Schema.Int),
  extendedFields: Schema.optional(Fields),
  entityType: Schema.optional(Schema.String),
  promisedPointsScheduleList: Schema.optional(Schema.Array(OpenEntry)),
  triggerBasedPointsList: Schema.optional(Schema.Array(OpenEntry)),
  warnings: Envelope.V2Warnings
})

/**
 * The type of `UserGroupUpdated`.
 *
 * @since 0.2.0
 * @category update
 */
export type UserGroupUpdated = typeof UserGroupUpdated.Type

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------

/**
 * The page size of a search when none is given (the documented answer pages by 10).
 *
 * @since 0.2.0
 * @category search
 */
export const searchPageSize = 10

/**
 * The query of `GET /v2/userGroup2/search`: `q` (1 to 50 characters) matched against a group's id, name and
 * external id and its primary member's mobile, email and card number; `offset` and `limit` (1 to 100) page the
 * matches.
 *
 * @since 0.2.0
 * @category search
 */
export const SearchQuery = Schema.Struct({
  q: Schema.String.check(
    notBlank("a search"),
    Schema.isMaxLength(50, { message: "a search is at most 50 characters" })
  ),
  offset: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(0))),
  limit: Schema.optional(IntFromString.check(Schema.isBetween({ minimum: 1, maximum: 100 })))
})

/**
 * The type of `SearchQuery`.
 *
 * @since 0.2.0
 * @category search
 */
export type SearchQuery = typeof SearchQuery.Type

/**
 * A group a search found: its id, name, status and external id, its primary member (names, id, email, mobile)
 * when it has one, its active members' count and its extended fields.
 *
 * @since 0.2.0
 * @category search
 */
export const GroupSearchHit = Schema.Struct({
  groupId: UserGroupId,
  groupName: Schema.String,
  groupStatus: GroupStatus,
  groupExternalId: Schema.String,
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  primaryMemberId: Schema.optional(CustomerId),
  email: Schema.optional(Schema.String),
  mobile: Schema.optional(Schema.String),
  totalMembers: Schema.Int,
  extendedFields: Schema.optional(Fields)
})

/**
 * The type of `GroupSearchHit`.
 *
 * @since 0.2.0
 * @category search
 */
export type GroupSearchHit = typeof GroupSearchHit.Type

/**
 * `limit`, `offset` and `total` of a paged answer.
 *
 * @since 0.2.0
 * @category search
 */
export const PageInfo = Schema.Struct({ limit: Schema.Int, offset: Schema.Int, total: Schema.Int })

/**
 * The answer to a search: a page of groups and the paging (`total` counts every match).
 *
 * @since 0.2.0
 * @category search
 */
export const SearchResults = Schema.Struct({
  pagination: Schema.optional(PageInfo),
  data: Schema.Array(GroupSearchHit),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `SearchResults`.
 *
 * @since 0.2.0
 * @category search
 */
export type SearchResults = typeof SearchResults.Type

// ---------------------------------------------------------------------------------------------------------------
// Moving members between groups
// ---------------------------------------------------------------------------------------------------------------

/**
 * The body of `POST /v2/userGroup2/transfer`: the members (customer ids, none twice) to move from the group they
 * leave to the group they join. A primary member cannot be moved (1624).
 *
 * @since 0.2.0
 * @category transfer
 */
export const MemberTransfer = Schema.Struct({
  leaveGroupId: UserGroupIdNumber,
  joinGroupId: UserGroupIdNumber,
  userIds: Schema.NonEmptyArray(CustomerId).check(
    Schema.makeFilter((ids) => new Set(ids).size === ids.length ? undefined : "a customer appears twice in userIds")
  )
})

/**
 * The type of `MemberTransfer`.
 *
 * @since 0.2.0
 * @category transfer
 */
export type MemberTransfer = typeof MemberTransfer.Type

/**
 * The answer to a member transfer: `success`, with warnings and errors.
 *
 * @since 0.2.0
 * @category transfer
 */
export const MemberTransferResult = LeaveResult

/**
 * The type of `MemberTransferResult`.
 *
 * @since 0.2.0
 * @category transfer
 */
export type MemberTransferResult = typeof MemberTransferResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Members with their details
// ---------------------------------------------------------------------------------------------------------------

/**
 * The page size of a members read when none is given.
 *
 * @since 0.2.0
 * @category members
 */
export const membersPageSize = 20

/**
 * A source in a members query: a customer source, or `ALL`.
 *
 * @since 0.2.0
 * @category members
 */
export const LookupSource = Schema.Literals([...sources, "ALL"])

/**
 * The type of `LookupSource`.
 *
 * @since 0.2.0
 * @category members
 */
export type LookupSource = typeof LookupSource.Type

/**
 * A date-time in a query, `YYYY-MM-DD HH:MM:SS` (UTC in the emulator).
 *
 * @since 0.2.0
 * @category members
 */
export const QueryDateTime = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, { message: "a date-time is YYYY-MM-DD HH:MM:SS" })
)

/**
 * The query of `GET /v2/userGroup2/members`: the group (`identifierName=id` with its id, or `externalId`), the
 * `source` the group identifier is registered in (Capillary asks for it; any is accepted), whether to add each
 * member's cards (`includeCardDetails`) and their status (`includeStatusDetails`), whether to add the
 * `pagination` object, a page (`offset`, `limit`), the order (`sortBy=IS_PRIMARY` puts the primary member
 * first; `sortOrder` orders by joining date, newest first by default) and a joining-date window (`fromDate`,
 * `toDate`).
 *
 * @since 0.2.0
 * @category members
 */
export const MembersQuery = Schema.Struct({
  source: Schema.optional(LookupSource),
  identifierName: Schema.optional(Schema.Literal("id")),
  identifierValue: Schema.optional(Schema.String),
  externalId: Schema.optional(Schema.String.check(notBlank("an external id"))),
  includeCardDetails: Schema.optional(BooleanFromString),
  includeStatusDetails: Schema.optional(BooleanFromString),
  paginationDetails: Schema.optional(BooleanFromString),
  offset: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(0))),
  limit: Schema.optional(IntFromString.check(Schema.isBetween({ minimum: 1, maximum: 1000 }))),
  sortBy: Schema.optional(Schema.Literal("IS_PRIMARY")),
  sortOrder: Schema.optional(Schema.Literals(["ASC", "DESC"])),
  fromDate: Schema.optional(QueryDateTime),
  toDate: Schema.optional(QueryDateTime)
}).check(Schema.makeFilter((query) => {
  if (query.identifierName !== undefined || query.identifierValue !== undefined) {
    return query.identifierName === "id" && query.identifierValue !== undefined &&
        /^[1-9]\d*$/.test(query.identifierValue)
      ? undefined
      : { path: ["identifierValue"], issue: "a group is named by identifierName=id and its id, a positive integer" }
  }
  return query.externalId === undefined ? "a group is identified by identifierName=id or externalId" : undefined
}))

/**
 * The type of `MembersQuery`.
 *
 * @since 0.2.0
 * @category members
 */
export type MembersQuery = typeof MembersQuery.Type

/**
 * A member's permissions as the members read sends them: one comma-separated string
 * (`"allow_points_redemption,block_points_transfer"`, empty for none), read as a list; a JSON list is read too.
 * Encoded as the string.
 *
 * @since 0.2.0
 * @category members
 */
export const PermissionList = Schema.Union([
  Schema.String.pipe(Schema.decodeTo(Schema.Array(Schema.String), {
    decode: SchemaGetter.transform((value) =>
      value.split(",").map((permission) => permission.trim()).filter((permission) => permission !== "")
    ),
    encode: SchemaGetter.transform((values) => values.join(","))
  })),
  Schema.Array(Schema.String)
])

/**
 * One identifier of a member.
 *
 * @since 0.2.0
 * @category members
 */
export const MemberIdentifier = Schema.Struct({ type: Schema.String, value: Schema.String })

/**
 * A card's status, when the read asks for status details.
 *
 * @since 0.2.0
 * @category members
 */
export const CardStatusInfo = Schema.Struct({
  id: Schema.optional(Schema.Int),
  isActive: Schema.optional(Schema.Boolean),
  label: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  labelId: Schema.optional(Schema.Int),
  reason: Schema.optional(Schema.String),
  createdBy: Schema.optional(Schema.Int),
  /** ISO-8601. */
  createdOn: Schema.optional(Schema.String),
  /** `YYYY-MM-DD`. */
  autoUpdateTime: Schema.optional(Schema.String),
  entityId: Schema.optional(Schema.Int),
  actions: Schema.optional(Schema.Array(Schema.Json))
})

/**
 * A card a member holds, when the read asks for card details: its number, and what Capillary knows of it (id,
 * series, dates, type, status).
 *
 * @since 0.2.0
 * @category members
 */
export const MemberCard = Schema.Struct({
  cardId: Schema.optional(Schema.Int),
  /** ISO-8601. */
  issuedDate: Schema.optional(Schema.String),
  /** `YYYY-MM-DD`. */
  createdDate: Schema.optional(Schema.String),
  expiryDays: Schema.optional(Schema.Int),
  /** ISO-8601. */
  expiryDate: Schema.optional(Schema.String),
  seriesName: Schema.optional(Schema.String),
  seriesId: Schema.optional(Schema.Int),
  seriesCode: Schema.optional(Schema.String),
  cardNumber: Schema.String,
  type: Schema.optional(Schema.String),
  customerId: Schema.optional(Schema.Int),
  maxActiveCards: Schema.optional(Schema.Int),
  orgId: Schema.optional(Schema.Int),
  entityId: Schema.optional(Schema.Int),
  customFields: Schema.optional(Fields),
  transactionNotAllowed: Schema.optional(Schema.Boolean),
  statusInfo: Schema.optional(CardStatusInfo)
})

/**
 * The type of `MemberCard`.
 *
 * @since 0.2.0
 * @category members
 */
export type MemberCard = typeof MemberCard.Type

/**
 * A member's role in a group.
 *
 * @since 0.2.0
 * @category members
 */
export const MemberRole = Schema.Literals(["PRIMARY", "SECONDARY"])

/**
 * A member as `GET /v2/userGroup2/members` lists it: the customer (`fleetUserId`), names, joining date
 * (`YYYY-MM-DD`), permissions, the points they contributed to the group, email and mobile, role (and role code in
 * a hierarchy), identifiers, cards when asked, and whether they are the primary member. `inActive` is `true` for
 * a member who is active in the group: the newest reference says so and its examples agree (an older page
 * describes it the other way round).
 *
 * @since 0.2.0
 * @category members
 */
export const MemberDetails = Schema.Struct({
  fleetUserId: CustomerId,
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  joinedOn: Schema.String,
  permissions: Schema.optional(PermissionList),
  pointsContributed: Schema.Finite,
  email: Schema.optional(Schema.String),
  mobile: Schema.optional(Schema.String),
  role: MemberRole,
  roleCode: Schema.optional(Schema.String),
  identifiers: Schema.Array(MemberIdentifier),
  cards: Schema.optional(Schema.Array(MemberCard)),
  inActive: Schema.Boolean,
  primaryMember: Schema.Boolean
})

/**
 * The type of `MemberDetails`.
 *
 * @since 0.2.0
 * @category members
 */
export type MemberDetails = typeof MemberDetails.Type

/**
 * The answer to a members read: the members, and the paging when the query asks for it (`total` counts the
 * members the query selects).
 *
 * @since 0.2.0
 * @category members
 */
export const MembersPage = Schema.Struct({
  pagination: Schema.optional(Schema.Struct({
    limit: Schema.Int,
    offset: Schema.Int,
    sortBy: Schema.optional(Schema.String),
    sortOrder: Schema.optional(Schema.String),
    total: Schema.Int
  })),
  data: Schema.Array(MemberDetails),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `MembersPage`.
 *
 * @since 0.2.0
 * @category members
 */
export type MembersPage = typeof MembersPage.Type

// ---------------------------------------------------------------------------------------------------------------
// Group transactions
// ---------------------------------------------------------------------------------------------------------------

/**
 * The page size of a group transactions read when none is given (Capillary's default, used for any `limit` of 0
 * or less).
 *
 * @since 0.2.0
 * @category transactions
 */
export const transactionsPageSize = 20

/**
 * What a group transactions read can add to each transaction.
 *
 * @since 0.2.0
 * @category transactions
 */
export const TransactionEmbed = Schema.Literals(["EXTENDEDFIELDS", "CUSTOMFIELDS", "LINEITEMS", "PAYMENTDETAILS"])

/**
 * A list of `TransactionEmbed` values in a query string, comma-separated.
 *
 * @since 0.2.0
 * @category transactions
 */
export const EmbedList = Schema.String.pipe(Schema.decodeTo(Schema.Array(TransactionEmbed), {
  decode: SchemaGetter.transform((value) =>
    // Each item is checked against `TransactionEmbed` when the list is decoded.
    value.split(",").map((item) => item.trim()).filter((item) => item !== "") as ReadonlyArray<
      typeof TransactionEmbed.Type
    >
  ),
  encode: SchemaGetter.transform((values) => values.join(","))
}))

/**
 * An ISO-8601 date or date-time in a query.
 *
 * @since 0.2.0
 * @category transactions
 */
export const IsoDate = Schema.String.check(Schema.isPattern(
  /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)?)?$/,
  { message: "a date is ISO-8601 (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with an offset)" }
))

/**
 * The query of `GET /v2/userGroup2/transactions`: the group (`id`, `externalId`, `primaryUserId`, or its primary
 * member by `identifierName` / `identifierValue` in a `source` and account), filters (`type`, `transactionId`,
 * `billNumber`, the member who made it `customerId`, `startDate` inclusive and `endDate` exclusive), what to
 * `embed`, and a page (`offset`, `limit`, `order`, newest first by default).
 *
 * @since 0.2.0
 * @category transactions
 */
export const TransactionsQuery = Schema.Struct({
  ...refFields,
  identifierName: Schema.optional(Schema.Literals(["mobile", "email", "externalId"])),
  identifierValue: Schema.optional(Schema.String.check(notBlank("an identifier value"))),
  source: Schema.optional(Source),
  accountId: Schema.optional(Schema.String),
  type: Schema.optional(Schema.Literals(["REGULAR", "RETURN"])),
  transactionId: Schema.optional(IntFromString.check(Schema.isGreaterThan(0))),
  billNumber: Schema.optional(Schema.String.check(notBlank("a bill number"))),
  customerId: Schema.optional(CustomerIdFromString),
  startDate: Schema.optional(IsoDate),
  endDate: Schema.optional(IsoDate),
  embed: Schema.optional(EmbedList),
  getDataForAllPrograms: Schema.optional(BooleanFromString),
  creditNotes: Schema.optional(BooleanFromString),
  offset: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(0))),
  limit: Schema.optional(IntFromString.check(Schema.isBetween({ minimum: 1, maximum: 1000 }))),
  order: Schema.optional(Schema.Literals(["ASC", "DESC"]))
}).check(Schema.makeFilter((query) => {
  if (query.identifierName !== undefined || query.identifierValue !== undefined) {
    return query.identifierName !== undefined && query.identifierValue !== undefined && query.source !== undefined
      ? undefined
      : "a group's primary member is named by identifierName, identifierValue and source together"
  }
  return query.id === undefined && query.externalId === undefined && query.primaryUserId === undefined
    ? "a group is identified by id, externalId, primaryUserId or its primary member's identifier"
    : undefined
}))

/**
 * The type of `TransactionsQuery`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type TransactionsQuery = typeof TransactionsQuery.Type

/**
 * A transaction's points in the group's program.
 *
 * @since 0.2.0
 * @category transactions
 */
export const TransactionPointSummary = Schema.Struct({
  issuedPoints: Schema.Finite,
  returnedPoints: Schema.Finite,
  redeemedPoints: Schema.Finite,
  expiredPoints: Schema.Finite,
  availablePoints: Schema.Finite,
  /** ISO-8601. */
  expiryDate: Schema.optional(Schema.String),
  programId: Schema.Int,
  delayedPoints: Schema.optional(Schema.Finite),
  delayedPointsReturned: Schema.optional(Schema.Finite),
  /** ISO-8601. */
  redeemableFrom: Schema.optional(Schema.String)
})

/**
 * A group transaction as `GET /v2/userGroup2/transactions` lists it: its id, the member who made it, its type, its
 * points in the group's program, the group then, the bill (amount, store, number, ISO-8601 time, ...), custom and
 * extended fields, line items (kept whole), payment modes and its processing status. Fields the documentation
 * shows without a shape (the store, line items, payment modes, points details) are kept as JSON.
 *
 * @since 0.2.0
 * @category transactions
 */
export const GroupTransaction = Schema.Struct({
  id: Schema.Int,
  customerId: Schema.Int,
  type: Schema.String,
  useDefaultFleetGroup: Schema.optional(Schema.Boolean),
  pointSummary: Schema.optional(TransactionPointSummary),
  userGroup2: Schema.optional(Schema.Struct({
    id: UserGroupId,
    groupStatus: GroupStatus,
    lifeTimePurchases: Schema.Finite,
    primaryUserId: Schema.optional(CustomerId)
  })),
  billDetails: Schema.optional(Schema.Struct({
    amount: Schema.Finite,
    billingStore: Schema.optional(OpenEntry),
    billNumber: Schema.String,
    /** ISO-8601. */
    billingTime: Schema.String,
    discount: Schema.optional(Schema.Finite),
    grossAmount: Schema.optional(Schema.Finite),
    note: Schema.optional(Schema.String),
    invalidBill: Schema.optional(Schema.Boolean)
  })),
  customFields: Schema.optional(Fields),
  extendedFields: Schema.optional(Fields),
  source: Schema.optional(Schema.String),
  addWithLocalCurrency: Schema.optional(Schema.Boolean),
  async: Schema.optional(Schema.Boolean),
  useV2: Schema.optional(Schema.Boolean),
  simulation: Schema.optional(Schema.Boolean),
  retroTxn: Schema.optional(Schema.Boolean),
  lineItems: Schema.optional(Schema.Array(OpenEntry)),
  outlierStatus: Schema.optional(Schema.String),
  paymentModes: Schema.optional(Schema.Array(OpenEntry)),
  loyaltiesPointDetails: Schema.optional(Schema.Json),
  billPointsBreakup: Schema.optional(Schema.Array(OpenEntry)),
  warnings: Schema.optional(Envelope.V2Warnings),
  lifeTimePurchases: Schema.optional(Schema.Finite),
  ignorePoints: Schema.optional(Schema.Boolean),
  /** ISO-8601. */
  autoUpdateTime: Schema.optional(Schema.String),
  transactionEventStatus: Schema.optional(Schema.String),
  basketSize: Schema.optional(Schema.Finite)
})

/**
 * The type of `GroupTransaction`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type GroupTransaction = typeof GroupTransaction.Type

/**
 * The answer to a group transactions read: a page of transactions as `data`.
 *
 * @since 0.2.0
 * @category transactions
 */
export const GroupTransactions = Schema.Struct({
  data: Schema.Array(GroupTransaction),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `GroupTransactions`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type GroupTransactions = typeof GroupTransactions.Type
