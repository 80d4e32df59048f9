/**
 * The user groups service: create a group, read it, add members (each with its own outcome, or one member with
 * its error), remove a member and delete a group, each failing with the domain errors it can meet. Writes that
 * are not safe to send twice are read back when their outcome is unknown (the connection dropped after sending,
 * a timeout, a 5xx): a create by its external id, a join by the group's members, a leave by id through the
 * group's members; the service answers from what it finds, or sends again when nothing happened.
 *
 * @since 0.1.0
 */
import { CapillaryClient, CapillaryError, Redaction } from "@capillary-effect/core"
import { Context, Effect, Layer, Option, Result } from "effect"
import type * as UserGroup from "./UserGroup.ts"
import {
  type AlreadyMember,
  type CustomerNotFound,
  type ExternalIdExists,
  type GroupFull,
  type GroupSizeLimit,
  type InvalidGroup,
  MemberRejected,
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

  return UserGroups.of({ create, get, join, joinOne, leave, delete: remove })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<UserGroups, never, CapillaryClient.CapillaryClient> = Layer.effect(UserGroups, make)
