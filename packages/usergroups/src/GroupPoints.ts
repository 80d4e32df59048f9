/**
 * Group points transfers, as Capillary's v2 API sends and receives them: points moved between a user group's
 * wallet and a member's (either way) or between two groups, with `POST /v2/points/userGroup2/isTransferrable` to
 * ask first and `POST /v2/points/userGroup2/transfer` to move them; the answers, and the transfer history
 * (`GET /v2/points/transfer`). A request carries Capillary's own rules (points positive with at most three
 * decimals, one side a user group), so a bad request fails before anything is sent.
 *
 * A transfer has no natural key in the API. The SDK's convention: the transfer's `notes` carry a reference tag,
 * `[ref:<reference>]`, that the SDK adds (and Capillary keeps with the transfer); `referenceOf` reads it back, so
 * a transfer whose outcome is unknown is found again in the history of its source or destination.
 *
 * @since 0.1.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema } from "effect"
import { CustomerId, GroupMember, GroupStatus, Source, UserGroupId } from "./UserGroup.ts"

// ---------------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------------

/**
 * A number of points to transfer: positive, with at most three decimals (Capillary refuses more: 878).
 *
 * @since 0.1.0
 * @category values
 */
export const PointsAmount = Schema.Finite.check(
  Schema.makeFilter((value) =>
    value <= 0
      ? "points to transfer are positive"
      : /^\d+(\.\d{1,3})?$/.test(String(value))
      ? undefined
      : "points have at most three decimals"
  )
)

/**
 * A loyalty program's id: a positive integer. It carries the same brand as `@capillary-effect/rewards`'
 * `ProgramId`.
 *
 * @since 0.1.0
 * @category values
 */
export const ProgramId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("ProgramId"))

/**
 * The type of `ProgramId`.
 *
 * @since 0.1.0
 * @category values
 */
export type ProgramId = typeof ProgramId.Type

/**
 * A program id in a query string.
 *
 * @since 0.1.0
 * @category values
 */
export const ProgramIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(ProgramId))

const notBlank = (what: string) =>
  Schema.makeFilter<string>((value) => value.trim() === "" ? `${what} is empty` : undefined)

const IdentifierValue = Schema.String.check(notBlank("an identifier value"))

// ---------------------------------------------------------------------------------------------------------------
// Who and what
// ---------------------------------------------------------------------------------------------------------------

/**
 * The kind of account on either side of a transfer: a customer's or a user group's.
 *
 * @since 0.1.0
 * @category entities
 */
export const TransferEntityType = Schema.Literals(["CUSTOMER", "USERGROUP2"])

/**
 * The type of `TransferEntityType`.
 *
 * @since 0.1.0
 * @category entities
 */
export type TransferEntityType = typeof TransferEntityType.Type

/**
 * How a transfer names a customer.
 *
 * @since 0.1.0
 * @category entities
 */
export const CustomerIdentifierType = Schema.Literals([
  "mobile",
  "email",
  "externalId",
  "cardnumber",
  "wechat",
  "martjackId",
  "fbId"
])

/**
 * The type of `CustomerIdentifierType`.
 *
 * @since 0.1.0
 * @category entities
 */
export type CustomerIdentifierType = typeof CustomerIdentifierType.Type

/**
 * How a transfer names a user group: by its id or external id, or by its primary member (id, card number,
 * mobile or email).
 *
 * @since 0.1.0
 * @category entities
 */
export const GroupIdentifierType = Schema.Literals([
  "id",
  "externalId",
  "primaryUserId",
  "primaryUserCardnumber",
  "primaryUserMobile",
  "primaryUserEmail"
])

/**
 * The type of `GroupIdentifierType`.
 *
 * @since 0.1.0
 * @category entities
 */
export type GroupIdentifierType = typeof GroupIdentifierType.Type

const positiveInteger = (what: string) =>
  Schema.makeFilter<{ readonly identifierType: string; readonly identifierValue: string }>((entity) =>
    (entity.identifierType === "id" || entity.identifierType === "primaryUserId") &&
      !/^[1-9]\d*$/.test(entity.identifierValue)
      ? { path: ["identifierValue"], issue: `${what} is a positive integer` }
      : undefined
  )

/**
 * A customer's account in a transfer: the customer by an identifier in a source (required for a customer) and
 * account.
 *
 * @since 0.1.0
 * @category entities
 */
export const CustomerEntity = Schema.Struct({
  type: Schema.Literal("CUSTOMER"),
  identifierType: CustomerIdentifierType,
  identifierValue: IdentifierValue,
  source: Source,
  accountId: Schema.optional(Schema.String)
})

/**
 * The type of `CustomerEntity`.
 *
 * @since 0.1.0
 * @category entities
 */
export type CustomerEntity = typeof CustomerEntity.Type

/**
 * A user group's wallet in a transfer.
 *
 * @since 0.1.0
 * @category entities
 */
export const GroupEntity = Schema.Struct({
  type: Schema.Literal("USERGROUP2"),
  identifierType: GroupIdentifierType,
  identifierValue: IdentifierValue,
  source: Schema.optional(Source),
  accountId: Schema.optional(Schema.String)
}).check(positiveInteger("a group or primary user id"))

/**
 * The type of `GroupEntity`.
 *
 * @since 0.1.0
 * @category entities
 */
export type GroupEntity = typeof GroupEntity.Type

/**
 * One side of a transfer (`fromEntity` or `toEntity`).
 *
 * @since 0.1.0
 * @category entities
 */
export const TransferEntity = Schema.Union([CustomerEntity, GroupEntity])

/**
 * The type of `TransferEntity`.
 *
 * @since 0.1.0
 * @category entities
 */
export type TransferEntity = typeof TransferEntity.Type

/**
 * Who moves the points: a customer (for a group's wallet, one of its members), by an identifier in a source (any
 * when absent).
 *
 * @since 0.1.0
 * @category entities
 */
export const TransferredBy = Schema.Struct({
  identifierType: CustomerIdentifierType,
  identifierValue: IdentifierValue,
  source: Schema.optional(Source),
  accountId: Schema.optional(Schema.String)
})

/**
 * The type of `TransferredBy`.
 *
 * @since 0.1.0
 * @category entities
 */
export type TransferredBy = typeof TransferredBy.Type

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

/**
 * The body of `POST /v2/points/userGroup2/isTransferrable` and `.../transfer`: how many points, in which program
 * (Capillary's default when absent), from which account to which, by whom, with notes. One side at least is a user
 * group (customer to customer is `POST /v2/points/transfer`).
 *
 * @since 0.1.0
 * @category requests
 */
export const TransferRequest = Schema.Struct({
  pointsTobeTransferred: PointsAmount,
  notes: Schema.optional(Schema.String),
  programId: Schema.optional(ProgramId),
  transferredBy: TransferredBy,
  fromEntity: TransferEntity,
  toEntity: TransferEntity
}).check(Schema.makeFilter((request) =>
  request.fromEntity.type === "CUSTOMER" && request.toEntity.type === "CUSTOMER"
    ? "a group points transfer has a user group on one side at least"
    : undefined
))

/**
 * The type of `TransferRequest`.
 *
 * @since 0.1.0
 * @category requests
 */
export type TransferRequest = typeof TransferRequest.Type

// ---------------------------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------------------------

/**
 * One item of an isTransferrable answer: the points asked about and whether they can move. When they cannot,
 * the answer's `warnings` say why.
 *
 * @since 0.1.0
 * @category answers
 */
export const Transferrability = Schema.Struct({
  pointsTobeTransferred: Schema.Finite,
  transferrable: Schema.Boolean
})

/**
 * The answer to `POST /v2/points/userGroup2/isTransferrable`.
 *
 * @since 0.1.0
 * @category answers
 */
export const TransferrabilityAnswer = Schema.Struct({
  data: Schema.Array(Transferrability),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `TransferrabilityAnswer`.
 *
 * @since 0.1.0
 * @category answers
 */
export type TransferrabilityAnswer = typeof TransferrabilityAnswer.Type

/**
 * A customer on one side of a transfer record.
 *
 * @since 0.1.0
 * @category answers
 */
export const TransferParty = Schema.Struct({
  userId: CustomerId,
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String)
})

/**
 * A user group on one side of a transfer record, as it was then.
 *
 * @since 0.1.0
 * @category answers
 */
export const TransferGroup = Schema.Struct({
  id: UserGroupId,
  groupStatus: GroupStatus,
  fleetGroupUsers: Schema.Array(GroupMember),
  createdBy: Schema.Int,
  /** ISO-8601. */
  createdOn: Schema.String,
  lifeTimePurchases: Schema.Finite
})

/**
 * The points taken from one earning program.
 *
 * @since 0.1.0
 * @category answers
 */
export const ProgramBreakup = Schema.Struct({
  programId: Schema.Int,
  deductedPoints: Schema.Finite,
  /** The source's points left in that program. */
  programCurrentPoints: Schema.Finite
})

/**
 * A transfer, as the transfer answer and the history show it: both sides (ids and types, and the customer or
 * group on each), when (`YYYY-MM-DD hh:mm:ss`, and ISO-8601 in `pointsTransferDateISO`), how many points, its id,
 * `DEDUCTION` from the point of view of the source or `ADDITION` of the destination, the notes and the program.
 *
 * @since 0.1.0
 * @category answers
 */
export const TransferRecord = Schema.Struct({
  toEntityId: Schema.Int,
  toEntityType: TransferEntityType,
  fromEntityId: Schema.Int,
  fromEntityType: TransferEntityType,
  pointsTransferDate: Schema.String,
  pointsTransferDateISO: Schema.optional(Schema.String),
  pointsTransferred: Schema.Finite,
  transferId: Schema.Int,
  transferType: Schema.Literals(["DEDUCTION", "ADDITION"]),
  transferredFrom: Schema.optional(TransferParty),
  transferredTo: Schema.optional(TransferParty),
  transferredFromUserGroup2: Schema.optional(TransferGroup),
  transferredToUserGroup2: Schema.optional(TransferGroup),
  notes: Schema.optional(Schema.String),
  programName: Schema.optional(Schema.String),
  pointsTransferBreakupByEarningPrograms: Schema.optional(Schema.Array(ProgramBreakup))
})

/**
 * The type of `TransferRecord`.
 *
 * @since 0.1.0
 * @category answers
 */
export type TransferRecord = typeof TransferRecord.Type

/**
 * The answer to a transfer (one record, `DEDUCTION`) and to a history read (a page of records), as `data`.
 *
 * @since 0.1.0
 * @category answers
 */
export const TransferRecords = Schema.Struct({
  data: Schema.Array(TransferRecord),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `TransferRecords`.
 *
 * @since 0.1.0
 * @category answers
 */
export type TransferRecords = typeof TransferRecords.Type

// ---------------------------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------------------------

const IntFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int))

/**
 * The page size of a history read when none is given.
 *
 * @since 0.1.0
 * @category history
 */
export const historyPageSize = 10

/**
 * The query of `GET /v2/points/transfer`: whose transfers (a customer by identifier and source, or a group,
 * `userEntityType=USERGROUP2`, by `id` or `externalId`), in a program, a page (`offset` and `limit`), newest first
 * (`DESC`) or oldest first. Capillary's `page` (from 1, which wins over `offset`) is left out: the client pages by
 * `offset`, and a `page` would pin every page to the same one.
 *
 * @since 0.1.0
 * @category history
 */
export const TransferHistoryQuery = Schema.Struct({
  identifierName: Schema.Literals(["id", ...CustomerIdentifierType.literals]),
  identifierValue: IdentifierValue,
  userEntityType: Schema.optional(TransferEntityType),
  programId: Schema.optional(ProgramIdFromString),
  source: Schema.optional(Source),
  accountId: Schema.optional(Schema.String),
  limit: Schema.optional(IntFromString.check(Schema.isBetween({ minimum: 1, maximum: 100 }))),
  offset: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(0))),
  sortOrder: Schema.optional(Schema.Literals(["ASC", "DESC"]))
}).check(Schema.makeFilter((query) => {
  const group = query.userEntityType === "USERGROUP2"
  if (group && query.identifierName !== "id" && query.identifierName !== "externalId") {
    return { path: ["identifierName"], issue: "a user group's transfers are read by id or externalId" }
  }
  if (!group && query.identifierName === "id") {
    return { path: ["identifierName"], issue: "a customer's transfers are read by an identifier, not by id" }
  }
  return group && query.identifierName === "id" && !/^[1-9]\d*$/.test(query.identifierValue)
    ? { path: ["identifierValue"], issue: "a group id is a positive integer" }
    : undefined
}))

/**
 * The type of `TransferHistoryQuery`.
 *
 * @since 0.1.0
 * @category history
 */
export type TransferHistoryQuery = typeof TransferHistoryQuery.Type

// ---------------------------------------------------------------------------------------------------------------
// The reference convention
// ---------------------------------------------------------------------------------------------------------------

/**
 * A transfer reference: 8 to 64 letters, digits, `-` or `_`.
 *
 * @since 0.1.0
 * @category references
 */
export const TransferReference = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9_-]{8,64}$/, { message: "a transfer reference is 8 to 64 letters, digits, - or _" })
)

const tagPattern = /\[ref:([A-Za-z0-9_-]{8,64})\]\s*$/

/**
 * The notes of a transfer with its reference tag: the caller's notes, then `[ref:<reference>]`.
 *
 * @since 0.1.0
 * @category references
 */
export const withReference = (notes: string | undefined, reference: string): string =>
  notes === undefined || notes.trim() === "" ? `[ref:${reference}]` : `${notes.trimEnd()} [ref:${reference}]`

/**
 * The reference a transfer's notes carry, if they end with a reference tag.
 *
 * @since 0.1.0
 * @category references
 */
export const referenceOf = (notes: string | undefined): string | undefined =>
  notes === undefined ? undefined : tagPattern.exec(notes)?.[1]
