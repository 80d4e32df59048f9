/**
 * The user groups service: create a group, read it, update it, search groups, add members (each with its own
 * outcome, or one member with its error), remove a member, move members to another group, list members (from the
 * group read, or with their details and cards from the members read), read the group's transactions and delete a
 * group, each failing with the domain errors it can meet; lists are also offered as streams read page by page.
 * Writes that are not safe to send twice are read back when their outcome is unknown (the connection dropped
 * after sending, a timeout, a 5xx): a create by its external id, a join by the group's members, a leave by id
 * through the group's members, a move through both groups' members; the service answers from what it finds, or
 * sends again when nothing happened.
 *
 * @since 0.1.0
 */
import { CapillaryClient, CapillaryError, Redaction } from "@capillary-effect/core"
import { Context, Effect, Layer, Option, Result, Stream } from "effect"
import type * as UserGroup from "./UserGroup.ts"
import {
  type AlreadyMember,
  type CustomerNotFound,
  type ExternalIdExists,
  type GroupFull,
  type GroupSizeLimit,
  type InvalidGroup,
  type InvalidPermission,
  type InvalidSearch,
  MemberRejected,
  type NothingToUpdate,
  type PrimaryCannotBeTransferred,
  type PrimaryExists,
  type PrimaryOfAnotherGroup,
  type UserNotInGroup
} from "./UserGroupErrors.ts"
import * as UserGroupsApi from "./UserGroupsApi.ts"

/**
 * Which group: by id, by external id, or by its primary member's customer id.
 *
 * @since 0.1.0
 * @category models
 */
export type GroupRef =
  | { readonly id: UserGroup.UserGroupId }
  | { readonly externalId: string }
  | { readonly primaryUserId: UserGroup.CustomerId }

/**
 * What a read adds to the group (all absent by default).
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly expiredPoints?: boolean | undefined
  readonly expirySchedules?: boolean | undefined
  readonly gapToUpgradeFor?: number | undefined
  readonly gapToRenewFor?: number | undefined
  readonly companyDetails?: boolean | undefined
  readonly programDetails?: boolean | undefined
}

/**
 * Which member leaves: a customer id, or an identifier in a source (any source when absent) and account.
 *
 * @since 0.1.0
 * @category models
 */
export type MemberRef = UserGroup.CustomerId | {
  readonly source?: UserGroup.Source | undefined
  readonly accountId?: string | undefined
  readonly identifier: { readonly type: UserGroup.IdentifierType; readonly value: string }
}

/**
 * How creating a group can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type CreateError = CapillaryError.CapillaryError | ExternalIdExists | GroupSizeLimit

/**
 * How reading or deleting a group can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetError = CapillaryError.CapillaryError | InvalidGroup

/**
 * Why one member could not join.
 *
 * @since 0.1.0
 * @category errors
 */
export type MemberError =
  | InvalidGroup
  | CustomerNotFound
  | AlreadyMember
  | PrimaryCannotBeTransferred
  | PrimaryExists
  | GroupFull
  | PrimaryOfAnotherGroup
  | InvalidPermission
  | MemberRejected

/**
 * How a join can fail as a whole.
 *
 * @since 0.1.0
 * @category errors
 */
export type JoinError = CapillaryError.CapillaryError | Exclude<MemberError, MemberRejected>

/**
 * How a join of one member can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type JoinOneError = CapillaryError.CapillaryError | MemberError

/**
 * How a member's leave can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type LeaveError = CapillaryError.CapillaryError | InvalidGroup | UserNotInGroup | CustomerNotFound

/**
 * How an update can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type UpdateError =
  | CapillaryError.CapillaryError
  | InvalidGroup
  | ExternalIdExists
  | GroupSizeLimit
  | NothingToUpdate

/**
 * How a search can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type SearchError = CapillaryError.CapillaryError | InvalidSearch

/**
 * How a move of members between groups can fail (all or none move).
 *
 * @since 0.2.0
 * @category errors
 */
export type TransferMembersError =
  | CapillaryError.CapillaryError
  | InvalidGroup
  | CustomerNotFound
  | UserNotInGroup
  | AlreadyMember
  | PrimaryCannotBeTransferred
  | GroupFull

/**
 * How a group transactions read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type TransactionsError = CapillaryError.CapillaryError | InvalidGroup | CustomerNotFound

/**
 * Which group a members read names: by id or by external id.
 *
 * @since 0.2.0
 * @category models
 */
export type MembersGroupRef = { readonly id: UserGroup.UserGroupId } | { readonly externalId: string }

/**
 * What a members read adds and how it orders and pages (all absent by default: no cards, newest first).
 *
 * @since 0.2.0
 * @category models
 */
export interface MembersOptions {
  /** The source the group identifier is registered in (Capillary asks for one; `ALL` when absent). */
  readonly source?: UserGroup.LookupSource | undefined
  readonly includeCardDetails?: boolean | undefined
  readonly includeStatusDetails?: boolean | undefined
  /** `sortBy=IS_PRIMARY`: the primary member first. */
  readonly primaryFirst?: boolean | undefined
  readonly sortOrder?: "ASC" | "DESC" | undefined
  /** Joined at or after, `YYYY-MM-DD HH:MM:SS`. */
  readonly fromDate?: string | undefined
  /** Joined at or before, `YYYY-MM-DD HH:MM:SS`. */
  readonly toDate?: string | undefined
  readonly offset?: number | undefined
  readonly limit?: number | undefined
}

/**
 * A group's members as the group read lists them ("Retrieve user group members list"): every member, active and
 * exited, with the counts, and the group they were read from.
 *
 * @since 0.2.0
 * @category models
 */
export interface MembersList {
  readonly members: ReadonlyArray<UserGroup.GroupMember>
  readonly totalActiveMembers: number
  readonly totalExitedMembers: number
  readonly group: UserGroup.UserGroup
}

/**
 * A group's current members with their details ("Retrieve Primary & Secondary Member Details"): its active primary
 * member, if it has one, and its other active members.
 *
 * @since 0.2.0
 * @category models
 */
export interface PrimaryAndSecondary {
  readonly primary: UserGroup.MemberDetails | undefined
  readonly secondary: ReadonlyArray<UserGroup.MemberDetails>
}

/**
 * Which group a transactions read names: as a group query does, or by its primary member's identifier in a
 * source (and account).
 *
 * @since 0.2.0
 * @category models
 */
export type TransactionsGroupRef = GroupRef | {
  readonly primaryMember: {
    readonly identifier: { readonly type: "mobile" | "email" | "externalId"; readonly value: string }
    readonly source: UserGroup.Source
    readonly accountId?: string | undefined
  }
}

/**
 * The filters and page of a transactions read (all absent by default: every transaction, newest first).
 *
 * @since 0.2.0
 * @category models
 */
export interface TransactionsOptions {
  readonly type?: "REGULAR" | "RETURN" | undefined
  readonly transactionId?: number | undefined
  readonly billNumber?: string | undefined
  /** Transactions made by this member. */
  readonly customerId?: UserGroup.CustomerId | undefined
  /** ISO-8601, inclusive. */
  readonly startDate?: string | undefined
  /** ISO-8601, exclusive. */
  readonly endDate?: string | undefined
  readonly embed?: ReadonlyArray<typeof UserGroup.TransactionEmbed.Type> | undefined
  readonly creditNotes?: boolean | undefined
  readonly getDataForAllPrograms?: boolean | undefined
  readonly order?: "ASC" | "DESC" | undefined
  readonly offset?: number | undefined
  readonly limit?: number | undefined
}

/**
 * The outcome of one member of a join: the membership, or why that member did not join.
 *
 * @since 0.1.0
 * @category models
 */
export interface JoinOutcome {
  readonly userId: UserGroup.CustomerId
  readonly result: Result.Result<UserGroup.Membership, MemberError>
}

/**
 * The operations of the user groups service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Creates a group. An outcome the SDK cannot know is resolved by reading the group by its external id: a group
   * that is not deleted is taken as the one created (and so is one that had that external id before).
   */
  readonly create: (group: UserGroup.UserGroupCreate) => Effect.Effect<UserGroup.UserGroupCreated, CreateError>
  /** Reads a group, with what the options add. */
  readonly get: (group: GroupRef, options?: GetOptions) => Effect.Effect<UserGroup.UserGroup, GetError>
  /**
   * Adds members; one outcome per member, in the order given. The call fails only when the group cannot be
   * found or the request cannot be made. An unknown outcome is resolved by reading the group: every member
   * active in it means the join happened, none means it did not (and it is sent again), some is left ambiguous.
   */
  readonly join: (
    group: GroupRef,
    members: UserGroup.JoinRequest
  ) => Effect.Effect<ReadonlyArray<JoinOutcome>, JoinError>
  /** Adds one member; fails with the reason that member could not join. */
  readonly joinOne: (group: GroupRef, member: UserGroup.JoinMember) => Effect.Effect<UserGroup.Membership, JoinOneError>
  /**
   * Removes a member, who is listed as exited from then on. When the member is named by customer id, an unknown
   * outcome is resolved by reading the group's members.
   */
  readonly leave: (
    groupId: UserGroup.UserGroupId,
    member: MemberRef
  ) => Effect.Effect<UserGroup.LeaveResult, LeaveError>
  /**
   * Deletes a group: its status becomes `DELETED`. Retried like a read (Capillary does not document its answer to
   * a second delete; the emulator's is success).
   */
  readonly delete: (
    group: { readonly id: UserGroup.UserGroupId } | { readonly externalId: string }
  ) => Effect.Effect<UserGroup.Deleted, GetError>
  /** Changes a group's name, size, extended fields or (named by id) external id; answers the group as it is now. */
  readonly update: (request: UserGroup.UserGroupUpdate) => Effect.Effect<UserGroup.UserGroupUpdated, UpdateError>
  /** One page of the groups matching `q` (id, name, external id, the primary member's mobile, email or card). */
  readonly search: (
    q: string,
    page?: { readonly offset?: number | undefined; readonly limit?: number | undefined }
  ) => Effect.Effect<UserGroup.SearchResults, SearchError>
  /** Every group matching `q`, read page by page as the stream is consumed. */
  readonly searchAll: (q: string) => Stream.Stream<UserGroup.GroupSearchHit, SearchError>
  /**
   * Moves members from one group to another, all or none. An unknown outcome is resolved by reading both groups:
   * every member active in the group joined and exited from the one left means it happened; every member still
   * active in the group left means it did not (and it is sent again); anything else stays ambiguous.
   */
  readonly transferMembers: (
    request: UserGroup.MemberTransfer
  ) => Effect.Effect<UserGroup.MemberTransferResult, TransferMembersError>
  /** One page of a group's members with their details (and cards when asked). */
  readonly members: (
    group: MembersGroupRef,
    options?: MembersOptions
  ) => Effect.Effect<UserGroup.MembersPage, GetError>
  /** Every member of a group with their details, read page by page as the stream is consumed. */
  readonly allMembers: (
    group: MembersGroupRef,
    options?: Omit<MembersOptions, "offset">
  ) => Stream.Stream<UserGroup.MemberDetails, GetError>
  /** A group's members as the group read lists them (active and exited), with their counts. */
  readonly listMembers: (group: GroupRef) => Effect.Effect<MembersList, GetError>
  /** A group's active primary member and other active members, with their details, from the members read. */
  readonly primaryAndSecondaryMembers: (
    group: MembersGroupRef,
    options?: Pick<MembersOptions, "source" | "includeCardDetails" | "includeStatusDetails">
  ) => Effect.Effect<PrimaryAndSecondary, GetError>
  /** One page of the transactions made by members as part of a group. */
  readonly transactions: (
    group: TransactionsGroupRef,
    options?: TransactionsOptions
  ) => Effect.Effect<UserGroup.GroupTransactions, TransactionsError>
  /** Every transaction of a group, read page by page as the stream is consumed. */
  readonly allTransactions: (
    group: TransactionsGroupRef,
    options?: Omit<TransactionsOptions, "offset">
  ) => Stream.Stream<UserGroup.GroupTransaction, TransactionsError>
}

/**
 * The user groups service.
 *
 * @since 0.1.0
 * @category services
 */
export class UserGroups extends Context.Service<UserGroups, Service>()("@capillary-effect/usergroups/UserGroups") {}

const getQuery = (group: GroupRef, options: GetOptions = {}): UserGroup.GetQuery => {
  const query: { -readonly [K in keyof UserGroup.GetQuery]: UserGroup.GetQuery[K] } = { ...group }
  for (const key of ["expiredPoints", "expirySchedules", "companyDetails", "programDetails"] as const) {
    const value = options[key]
    if (value !== undefined) query[key] = value
  }
  if (options.gapToUpgradeFor !== undefined) query.gapToUpgradeFor = options.gapToUpgradeFor
  if (options.gapToRenewFor !== undefined) query.gapToRenewFor = options.gapToRenewFor
  return query
}

const leaveQuery = (member: MemberRef): UserGroup.LeaveQuery =>
  typeof member === "number"
    ? { identifierName: "id", identifierValue: String(member) }
    : {
      ...(member.source === undefined ? {} : { source: member.source }),
      ...(member.accountId === undefined ? {} : { accountId: member.accountId }),
      identifierName: member.identifier.type,
      identifierValue: member.identifier.value
    }

/** Copies the options that are set, under the query's names. */
const defined = <K extends string>(
  values: Partial<Record<K, unknown>>,
  names: ReadonlyArray<K>
): Partial<Record<K, unknown>> => {
  const out: Partial<Record<K, unknown>> = {}
  for (const name of names) if (values[name] !== undefined) out[name] = values[name]
  return out
}

const membersQuery = (group: MembersGroupRef, options: MembersOptions = {}): UserGroup.MembersQuery => ({
  ...("id" in group ? { identifierName: "id" as const, identifierValue: String(group.id) } : group),
  ...defined(options, [
    "includeCardDetails",
    "includeStatusDetails",
    "sortOrder",
    "fromDate",
    "toDate",
    "offset",
    "limit"
  ]) as Partial<UserGroup.MembersQuery>,
  source: options.source ?? "ALL",
  ...(options.primaryFirst === true ? { sortBy: "IS_PRIMARY" as const } : {})
})

const transactionsQuery = (
  group: TransactionsGroupRef,
  options: TransactionsOptions = {}
): UserGroup.TransactionsQuery => ({
  ...("primaryMember" in group
    ? {
      identifierName: group.primaryMember.identifier.type,
      identifierValue: group.primaryMember.identifier.value,
      source: group.primaryMember.source,
      ...(group.primaryMember.accountId === undefined ? {} : { accountId: group.primaryMember.accountId })
    }
    : group),
  ...defined(options, [
    "type",
    "transactionId",
    "billNumber",
    "customerId",
    "startDate",
    "endDate",
    "embed",
    "creditNotes",
    "getDataForAllPrograms",
    "order",
    "offset",
    "limit"
  ]) as Partial<UserGroup.TransactionsQuery>
})

/** The named error of a member's failure, by the join's own code mapping; the message redacted as the client does. */
const memberError = (issue: { readonly code: number; readonly message: string }): MemberError => {
  const mapping = UserGroupsApi.join.errors.find((candidate) => candidate.codes.includes(issue.code))
  const props = { code: issue.code, message: Redaction.redactText(issue.message) }
  return mapping === undefined ? new MemberRejected(props) : new mapping.error(props)
}

/** The reconciliation of a join whose members are partly in the group fails: the outcome stays unknown. */
const partlyJoined = { _tag: "PartlyJoined" } as const

/**
 * Builds the service on the client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const read = (group: GroupRef) =>
    client.execute(UserGroupsApi.get, { query: getQuery(group) }).pipe(
      Effect.map(Option.some),
      Effect.catchTag("InvalidGroup", () => Effect.succeedNone)
    )

  // A group with the external id that is not deleted: the create happened. Deleted or absent: it did not.
  const findCreated = (group: UserGroup.UserGroupCreate) =>
    Effect.map(
      read({ externalId: group.externalId }),
      (found) =>
        Option.flatMap(found, (existing) =>
          existing.groupStatus === "DELETED"
            ? Option.none()
            : Option.some<UserGroup.UserGroupCreated>({ entity: existing.id, warnings: [] }))
    )

  const create = Effect.fn("UserGroups.create")(function*(group: UserGroup.UserGroupCreate) {
    return yield* client.execute(UserGroupsApi.create, { body: group }, {
      reconcile: Effect.suspend(() => findCreated(group))
    })
  })

  const get = Effect.fn("UserGroups.get")(function*(group: GroupRef, options?: GetOptions) {
    return yield* client.execute(UserGroupsApi.get, { query: getQuery(group, options) })
  })

  // Every member active in the group (with the role asked for): the join happened; none: it did not.
  const findJoined = (group: GroupRef, members: UserGroup.JoinRequest) =>
    Effect.flatMap(read(group), (found) => {
      if (Option.isNone(found)) return Effect.succeedNone
      const active = new Map(
        found.value.fleetGroupUsers.filter((member) => member.active).map((member) => [member.userId, member])
      )
      const joined = members.flatMap((member) => {
        const present = active.get(member.userId)
        return present === undefined || present.primaryMember !== (member.primaryMember ?? false)
          ? []
          : [{ member, present }]
      })
      if (joined.length === 0) return Effect.succeedNone
      if (joined.length < members.length) return Effect.fail(partlyJoined)
      return Effect.succeedSome<UserGroup.JoinResults>({
        response: joined.map(({ member, present }) => ({
          entityId: member.userId,
          result: {
            userId: member.userId,
            groupId: present.groupId,
            permissions: member.permissions ?? [],
            defaultGroup: present.defaultGroup,
            active: true,
            primaryMember: present.primaryMember
          },
          errors: [],
          warnings: []
        })),
        totalCount: members.length,
        failureCount: 0
      })
    })

  const join = Effect.fn("UserGroups.join")(function*(group: GroupRef, members: UserGroup.JoinRequest) {
    const answer = yield* client.execute(UserGroupsApi.join, { query: group, body: members }, {
      reconcile: Effect.suspend(() => findJoined(group, members))
    })
    if (answer.response.length !== members.length) {
      return yield* new CapillaryError.CapillaryError({
        reason: new CapillaryError.DecodeError({
          message: `the join of ${members.length} member(s) was answered with ${answer.response.length} item(s)`
        }),
        endpoint: UserGroupsApi.join.id,
        attempts: 1,
        requestId: undefined
      })
    }
    return members.map((member, i): JoinOutcome => {
      const item = answer.response[i]!
      const [issue] = item.errors ?? []
      return {
        userId: member.userId,
        // An item without errors has a result: `JoinResults` refuses one with neither.
        result: issue === undefined ? Result.succeed(item.result!) : Result.fail(memberError(issue))
      }
    })
  })

  const joinOne = Effect.fn("UserGroups.joinOne")(function*(group: GroupRef, member: UserGroup.JoinMember) {
    const [outcome] = yield* join(group, [member])
    return yield* Result.match(outcome!.result, { onSuccess: Effect.succeed, onFailure: Effect.fail })
  })

  // The member, by id, listed as exited: the leave happened. Active, or not listed: it did not.
  const findLeft = (groupId: UserGroup.UserGroupId, member: MemberRef) =>
    typeof member !== "number"
      ? Effect.succeedNone
      : Effect.map(read({ id: groupId }), (found) =>
        Option.flatMap(found, (group) =>
          group.fleetGroupUsers.some((listed) =>
              listed.userId === member && !listed.active
            )
            ? Option.some<UserGroup.LeaveResult>({ success: true, warnings: [], errors: [] })
            : Option.none()))

  const leave = Effect.fn("UserGroups.leave")(function*(groupId: UserGroup.UserGroupId, member: MemberRef) {
    return yield* client.execute(UserGroupsApi.leave, { path: { groupId }, query: leaveQuery(member) }, {
      reconcile: typeof member === "number" ? Effect.suspend(() => findLeft(groupId, member)) : undefined
    })
  })

  const remove = Effect.fn("UserGroups.delete")(function*(
    group: { readonly id: UserGroup.UserGroupId } | { readonly externalId: string }
  ) {
    return yield* client.execute(UserGroupsApi.remove, { query: group })
  })

  const update = Effect.fn("UserGroups.update")(function*(request: UserGroup.UserGroupUpdate) {
    return yield* client.execute(UserGroupsApi.update, { body: request })
  })

  const search = Effect.fn("UserGroups.search")(function*(
    q: string,
    page: { readonly offset?: number | undefined; readonly limit?: number | undefined } = {}
  ) {
    return yield* client.execute(UserGroupsApi.search, {
      query: { q, ...defined(page, ["offset", "limit"]) as Partial<UserGroup.SearchQuery> }
    })
  })

  const searchAll = (q: string) => client.stream(UserGroupsApi.search, { query: { q } })

  // Every member active in the group joined and exited from the one left: the move happened. Every member still
  // active in the group left: it did not. Anything else stays unknown.
  const findMoved = (request: UserGroup.MemberTransfer) =>
    Effect.gen(function*() {
      const left = yield* read({ id: request.leaveGroupId })
      const joined = yield* read({ id: request.joinGroupId })
      if (Option.isNone(left) || Option.isNone(joined)) return yield* Effect.fail(partlyJoined)
      const activeIn = (group: UserGroup.UserGroup) =>
        new Set(group.fleetGroupUsers.filter((member) => member.active).map((member) => member.userId))
      const stillIn = activeIn(left.value)
      const nowIn = activeIn(joined.value)
      if (request.userIds.every((id) => nowIn.has(id) && !stillIn.has(id))) {
        return Option.some<UserGroup.MemberTransferResult>({ success: true, warnings: [], errors: [] })
      }
      if (request.userIds.every((id) => stillIn.has(id) && !nowIn.has(id))) return Option.none()
      return yield* Effect.fail(partlyJoined)
    })

  const transferMembers = Effect.fn("UserGroups.transferMembers")(function*(request: UserGroup.MemberTransfer) {
    return yield* client.execute(UserGroupsApi.transferMembers, { body: request }, {
      reconcile: Effect.suspend(() => findMoved(request))
    })
  })

  const members = Effect.fn("UserGroups.members")(function*(group: MembersGroupRef, options?: MembersOptions) {
    return yield* client.execute(UserGroupsApi.members, { query: membersQuery(group, options) })
  })

  const allMembers = (group: MembersGroupRef, options?: Omit<MembersOptions, "offset">) =>
    client.stream(UserGroupsApi.members, {
      query: { ...membersQuery(group, options), paginationDetails: true }
    })

  const listMembers = Effect.fn("UserGroups.listMembers")(function*(group: GroupRef) {
    const read = yield* client.execute(UserGroupsApi.get, { query: getQuery(group) })
    return {
      members: read.fleetGroupUsers,
      totalActiveMembers: read.totalActiveMembers,
      totalExitedMembers: read.totalExitedMembers,
      group: read
    } satisfies MembersList
  })

  const primaryAndSecondaryMembers = Effect.fn("UserGroups.primaryAndSecondaryMembers")(function*(
    group: MembersGroupRef,
    options: Pick<MembersOptions, "source" | "includeCardDetails" | "includeStatusDetails"> = {}
  ) {
    const all = yield* Stream.runCollect(allMembers(group, { ...options, primaryFirst: true }))
    const current = all.filter((member) => member.inActive)
    return {
      primary: current.find((member) => member.primaryMember),
      secondary: current.filter((member) => !member.primaryMember)
    } satisfies PrimaryAndSecondary
  })

  const transactions = Effect.fn("UserGroups.transactions")(function*(
    group: TransactionsGroupRef,
    options?: TransactionsOptions
  ) {
    return yield* client.execute(UserGroupsApi.transactions, { query: transactionsQuery(group, options) })
  })

  const allTransactions = (group: TransactionsGroupRef, options?: Omit<TransactionsOptions, "offset">) =>
    client.stream(UserGroupsApi.transactions, { query: transactionsQuery(group, options) })

  return UserGroups.of({
    create,
    get,
    join,
    joinOne,
    leave,
    delete: remove,
    update,
    search,
    searchAll,
    transferMembers,
    members,
    allMembers,
    listMembers,
    primaryAndSecondaryMembers,
    transactions,
    allTransactions
  })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<UserGroups, never, CapillaryClient.CapillaryClient> = Layer.effect(UserGroups, make)
