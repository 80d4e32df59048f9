/**
 * The group loyalty service: a user group's points expiry schedule, promised points schedule, tier log and points
 * ledger, and a member's group balance and tiers, each failing with the domain errors it can meet. The lists are
 * streams read page by page as they are consumed.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer, Option, Stream } from "effect"
import type * as GroupLoyaltyModel from "./GroupLoyalty.ts"
import * as GroupLoyaltyApi from "./GroupLoyaltyApi.ts"
import type { InvalidEntityType, InvalidIdentifier } from "./GroupLoyaltyErrors.ts"
import type { ProgramId } from "./GroupPoints.ts"
import type { InvalidProgram } from "./GroupPointsErrors.ts"
import type * as UserGroup from "./UserGroup.ts"
import type { CustomerNotFound, InvalidGroup } from "./UserGroupErrors.ts"

/**
 * Which group: by id, by external id, or by its primary member's customer id.
 *
 * @since 0.2.0
 * @category models
 */
export type GroupRef =
  | { readonly id: UserGroup.UserGroupId }
  | { readonly externalId: string }
  | { readonly primaryUserId: UserGroup.CustomerId }

/**
 * Which member (whose group is read): a customer id, or an identifier in a source (any source when absent) and
 * account.
 *
 * @since 0.2.0
 * @category models
 */
export type MemberRef = UserGroup.CustomerId | {
  readonly source?: GroupLoyaltyModel.LookupSource | undefined
  readonly accountId?: string | undefined
  readonly identifier: { readonly type: UserGroup.IdentifierType; readonly value: string }
}

/**
 * Which programs a read covers: one (the group's when absent) or all of them.
 *
 * @since 0.2.0
 * @category models
 */
export interface ProgramOptions {
  readonly programId?: ProgramId | undefined
  readonly allPrograms?: boolean | undefined
}

/**
 * What an expiry schedule read lists: expiry dates from `startDate` to `endDate` (`YYYY-MM-DD`, inclusive), or
 * only the earliest one.
 *
 * @since 0.2.0
 * @category models
 */
export interface ExpiryOptions extends ProgramOptions {
  readonly startDate?: string | undefined
  readonly endDate?: string | undefined
  readonly earliestOnly?: boolean | undefined
}

/**
 * What a promised points read lists: redemption dates from `startDate` to `endDate` (`YYYY-MM-DD`, inclusive).
 *
 * @since 0.2.0
 * @category models
 */
export interface PromisedOptions extends ProgramOptions {
  readonly startDate?: string | undefined
  readonly endDate?: string | undefined
}

/**
 * Which tier changes a tier log read lists: from `startDate` (inclusive) to `endDate` (exclusive), ISO-8601.
 *
 * @since 0.2.0
 * @category models
 */
export interface SlabHistoryOptions {
  readonly startDate?: string | undefined
  readonly endDate?: string | undefined
}

/**
 * Which ledger entries a ledger read lists: a date range (`YYYY-MM-DDThh:mm:ss`), a program, an entry type, a
 * points category, and the order (oldest first by default).
 *
 * @since 0.2.0
 * @category models
 */
export interface LedgerOptions {
  readonly programId?: ProgramId | undefined
  readonly startDate?: string | undefined
  readonly endDate?: string | undefined
  readonly ledgerEntryType?: "CREDIT" | "DEBIT" | "OPENING_BALANCE" | undefined
  readonly pointCategoryType?: "REGULAR" | "PROMISED" | "TRIGGER_BASED" | undefined
  readonly order?: "ASC" | "DESC" | undefined
}

/**
 * How a schedule read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type ScheduleError = CapillaryError.CapillaryError | InvalidGroup | InvalidProgram | InvalidEntityType

/**
 * How a tier log read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type SlabHistoryError = CapillaryError.CapillaryError | InvalidGroup

/**
 * How a ledger read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type LedgerError = CapillaryError.CapillaryError | InvalidGroup | InvalidProgram | InvalidIdentifier

/**
 * How a member's group balance or tier read can fail: no such member (8015), a member in no group (1632), or a
 * program that is not the organisation's.
 *
 * @since 0.2.0
 * @category errors
 */
export type FleetError =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | InvalidGroup
  | InvalidProgram
  | InvalidEntityType
  | InvalidIdentifier

/**
 * The operations of the group loyalty service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Every expiry of the group's points, the earliest first, read page by page as the stream is consumed. */
  readonly expirySchedule: (
    group: GroupRef,
    options?: ExpiryOptions
  ) => Stream.Stream<UserGroup.ExpirySchedule, ScheduleError>
  /** The group's earliest expiry (the points of its earliest expiry date), if any of its points expire. */
  readonly earliestExpiry: (
    group: GroupRef,
    options?: ProgramOptions
  ) => Effect.Effect<Option.Option<UserGroup.ExpirySchedule>, ScheduleError>
  /** When the group's promised points become redeemable, and its trigger-based points. */
  readonly promisedSchedule: (
    group: GroupRef,
    options?: PromisedOptions
  ) => Effect.Effect<GroupLoyaltyModel.PromisedSchedule, ScheduleError>
  /** Every tier change of the group, newest first, read page by page as the stream is consumed. */
  readonly slabHistory: (
    groupId: UserGroup.UserGroupId,
    options?: SlabHistoryOptions
  ) => Stream.Stream<GroupLoyaltyModel.SlabChange, SlabHistoryError>
  /** One page (from 0) of the group's ledger, with where it is in the whole. */
  readonly ledgerPage: (
    group: GroupRef,
    page: { readonly offset: number; readonly limit?: number | undefined },
    options?: LedgerOptions
  ) => Effect.Effect<GroupLoyaltyModel.GroupLedger, LedgerError>
  /** Every entry of the group's ledger, read page by page as the stream is consumed. */
  readonly ledger: (
    group: GroupRef,
    options?: LedgerOptions
  ) => Stream.Stream<GroupLoyaltyModel.GroupLedgerEntry, LedgerError>
  /** The points of the member's group. */
  readonly balance: (
    member: MemberRef,
    options?: ProgramOptions
  ) => Effect.Effect<GroupLoyaltyModel.FleetBalance, FleetError>
  /** The tiers of the member's group. */
  readonly tiers: (
    member: MemberRef,
    options?: ProgramOptions
  ) => Effect.Effect<GroupLoyaltyModel.FleetTiers, FleetError>
}

/**
 * The group loyalty service.
 *
 * @since 0.2.0
 * @category services
 */
export class GroupLoyalty
  extends Context.Service<GroupLoyalty, Service>()("@capillary-effect/usergroups/GroupLoyalty")
{}

const groupQuery = (group: GroupRef) =>
  "id" in group ? { id: group.id } : "externalId" in group ? { externalId: group.externalId } : {
    primaryUserId: group.primaryUserId
  }

const ledgerSubject = (group: GroupRef) =>
  "id" in group
    ? { identifierName: "id" as const, identifierValue: String(group.id) }
    : "externalId" in group
    ? { identifierName: "externalId" as const, identifierValue: group.externalId }
    : { identifierName: "primaryUserId" as const, identifierValue: String(group.primaryUserId) }

const programQuery = (options: ProgramOptions) => ({
  ...(options.programId === undefined ? {} : { programId: options.programId }),
  ...(options.allPrograms === undefined ? {} : { getDataForAllPrograms: options.allPrograms })
})

const fleetQuery = (options: ProgramOptions) => ({
  ...(options.programId === undefined ? {} : { programId: options.programId }),
  ...(options.allPrograms === undefined ? {} : { fetchDataForAllPrograms: options.allPrograms })
})

const dates = (options: { readonly startDate?: string | undefined; readonly endDate?: string | undefined }) => ({
  ...(options.startDate === undefined ? {} : { startDate: options.startDate }),
  ...(options.endDate === undefined ? {} : { endDate: options.endDate })
})

const ledgerQuery = (group: GroupRef, options: LedgerOptions): GroupLoyaltyModel.GroupLedgerQuery => ({
  ...ledgerSubject(group),
  ...dates(options),
  ...(options.programId === undefined ? {} : { programId: options.programId }),
  ...(options.ledgerEntryType === undefined ? {} : { ledgerEntryType: options.ledgerEntryType }),
  ...(options.pointCategoryType === undefined ? {} : { pointCategoryType: options.pointCategoryType }),
  ...(options.order === undefined ? {} : { order: options.order })
})

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const expirySchedule = (group: GroupRef, options: ExpiryOptions = {}) =>
    client.stream(GroupLoyaltyApi.pointsExpirySchedule, {
      query: {
        ...groupQuery(group),
        type: "FLEET",
        ...dates(options),
        ...programQuery(options),
        ...(options.earliestOnly === undefined ? {} : { fetchEarliestExpiryOnly: options.earliestOnly })
      }
    })

  const earliestExpiry = Effect.fn("GroupLoyalty.earliestExpiry")(
    function*(group: GroupRef, options: ProgramOptions = {}) {
      const answer = yield* client.execute(GroupLoyaltyApi.pointsExpirySchedule, {
        query: { ...groupQuery(group), type: "FLEET", ...programQuery(options), fetchEarliestExpiryOnly: true }
      })
      return Option.fromUndefinedOr(answer.expirySchedules[0])
    }
  )

  const promisedSchedule = Effect.fn("GroupLoyalty.promisedSchedule")(
    function*(group: GroupRef, options: PromisedOptions = {}) {
      return yield* client.execute(GroupLoyaltyApi.promisedPointsSchedule, {
        query: { ...groupQuery(group), type: "FLEET", ...dates(options), ...programQuery(options) }
      })
    }
  )

  const slabHistory = (groupId: UserGroup.UserGroupId, options: SlabHistoryOptions = {}) =>
    client.stream(GroupLoyaltyApi.slabHistory, { query: { fleetGroupId: groupId, ...dates(options) } })

  const ledgerPage = Effect.fn("GroupLoyalty.ledgerPage")(function*(
    group: GroupRef,
    page: { readonly offset: number; readonly limit?: number | undefined },
    options: LedgerOptions = {}
  ) {
    return yield* client.execute(GroupLoyaltyApi.groupLedger, {
      query: {
        ...ledgerQuery(group, options),
        offset: page.offset,
        ...(page.limit === undefined ? {} : { limit: page.limit })
      }
    })
  })

  const ledger = (group: GroupRef, options: LedgerOptions = {}) =>
    client.stream(GroupLoyaltyApi.groupLedger, { query: ledgerQuery(group, options) })

  const balance = Effect.fn("GroupLoyalty.balance")(function*(member: MemberRef, options: ProgramOptions = {}) {
    if (typeof member === "number") {
      return yield* client.execute(GroupLoyaltyApi.groupBalance, {
        path: { userId: member },
        query: fleetQuery(options)
      })
    }
    return yield* client.execute(GroupLoyaltyApi.groupBalanceLookup, { query: lookupQuery(member, options) })
  })

  const tiers = Effect.fn("GroupLoyalty.tiers")(function*(member: MemberRef, options: ProgramOptions = {}) {
    if (typeof member === "number") {
      return yield* client.execute(GroupLoyaltyApi.groupTiers, { path: { userId: member }, query: fleetQuery(options) })
    }
    return yield* client.execute(GroupLoyaltyApi.groupTiersLookup, { query: lookupQuery(member, options) })
  })

  return GroupLoyalty.of({
    expirySchedule,
    earliestExpiry,
    promisedSchedule,
    slabHistory,
    ledgerPage,
    ledger,
    balance,
    tiers
  })
})

const lookupQuery = (
  member: Exclude<MemberRef, UserGroup.CustomerId>,
  options: ProgramOptions
): GroupLoyaltyModel.FleetLookupQuery => ({
  source: member.source ?? "ALL",
  ...(member.accountId === undefined ? {} : { accountId: member.accountId }),
  identifierName: member.identifier.type,
  identifierValue: member.identifier.value,
  ...fleetQuery(options)
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<GroupLoyalty, never, CapillaryClient.CapillaryClient> = Layer.effect(
  GroupLoyalty,
  make
)
