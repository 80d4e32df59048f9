/**
 * The endpoint declarations of Capillary's v2 user groups (userGroup2): create, get, join, leave and delete. The
 * client calls them, the emulator serves them, and both validate with the same schemas.
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import * as UserGroup from "./UserGroup.ts"
import {
  AlreadyMember,
  CustomerNotFound,
  ExternalIdExists,
  GroupFull,
  GroupSizeLimit,
  InvalidGroup,
  PrimaryCannotBeTransferred,
  PrimaryExists,
  PrimaryOfAnotherGroup,
  UserNotInGroup
} from "./UserGroupErrors.ts"

const invalidGroup = Endpoint.codes(InvalidGroup, [1619, 1632])
const customerNotFound = Endpoint.codes(CustomerNotFound, [8015])

const createErrors = [
  Endpoint.codes(ExternalIdExists, [1633]),
  Endpoint.codes(GroupSizeLimit, [1639, 1640])
] as const
const joinErrors = [
  invalidGroup,
  customerNotFound,
  Endpoint.codes(AlreadyMember, [1623, 1636]),
  Endpoint.codes(PrimaryCannotBeTransferred, [1624]),
  Endpoint.codes(PrimaryExists, [1637]),
  Endpoint.codes(GroupFull, [1638]),
  Endpoint.codes(PrimaryOfAnotherGroup, [1642])
] as const
const leaveErrors = [invalidGroup, Endpoint.codes(UserNotInGroup, [1620]), customerNotFound] as const

/**
 * `POST /v2/userGroup2`: creates a group; its id is `entity`. Not safe to send twice: sent again, the external id
 * is taken (1633). Undone by `usergroups.delete`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = Endpoint.make({
  id: "usergroups.create",
  section: "User group",
  summary: "Create a user group",
  family: "v2",
  method: "POST",
  path: "/v2/userGroup2",
  body: UserGroup.UserGroupCreate,
  success: UserGroup.UserGroupCreated,
  errors: createErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("usergroups.delete")
})

/**
 * `GET /v2/userGroup2`: a group by id, external id or primary user id, with its members; the query can add
 * expired points, expiry schedules and the tier gaps.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.make({
  id: "usergroups.get",
  section: "User group",
  summary: "Get a user group",
  family: "v2",
  method: "GET",
  path: "/v2/userGroup2",
  query: UserGroup.GetQuery,
  success: UserGroup.UserGroup,
  errors: [invalidGroup]
})

/**
 * `POST /v2/userGroup2/join`: adds customers to a group, each with its own result in a bulk envelope (a member
 * who cannot join does not fail the call). Not safe to send twice: members already in get 1623. Undone by
 * `usergroups.leave`. A join of one member is serialised per customer by its id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const join = Endpoint.make({
  id: "usergroups.join",
  section: "User group",
  summary: "Add members to a user group",
  family: "v2",
  method: "POST",
  path: "/v2/userGroup2/join",
  query: UserGroup.GroupQuery,
  body: UserGroup.JoinRequest,
  success: UserGroup.JoinResults,
  errors: joinErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("usergroups.leave"),
  customerKey: (input) => input.body.length === 1 ? String(input.body[0].userId) : undefined
})

/**
 * `DELETE /v2/userGroup2/{groupId}/leave`: a member leaves the group, and is listed as exited from then on. Not
 * safe to send twice: sent again, the member is not in the group (1620). Undone by `usergroups.join`. Serialised
 * per customer by the identifier's value.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const leave = Endpoint.make({
  id: "usergroups.leave",
  section: "User group",
  summary: "Remove a member from a user group",
  family: "v2",
  method: "DELETE",
  path: "/v2/userGroup2/{groupId}/leave",
  params: UserGroup.LeavePath,
  query: UserGroup.LeaveQuery,
  success: UserGroup.LeaveResult,
  errors: leaveErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("usergroups.join"),
  customerKey: (input) => input.query.identifierValue
})

/**
 * `DELETE /v2/userGroup2`: deletes a group by id or external id. Its status becomes `DELETED`; deleting it again
 * changes nothing, so it is retried like a read (Capillary does not document its answer to a second delete; the
 * emulator answers success). Cannot be undone.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const remove = Endpoint.make({
  id: "usergroups.delete",
  section: "User group",
  summary: "Delete a user group",
  family: "v2",
  method: "DELETE",
  path: "/v2/userGroup2",
  query: UserGroup.DeleteQuery,
  success: UserGroup.Deleted,
  errors: [invalidGroup],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible
})

/**
 * Every user group endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [create, get, join, leave, remove] as const
