/**
 * The endpoint declarations of Capillary's v2 user groups (userGroup2): create, get, join, leave and delete; update,
 * search, the move of members between groups, the members read with their details and cards, and the group
 * transactions read. The client calls them, the emulator serves them, and both validate with the same schemas.
 *
 * Two rows of Capillary's API index name `GET v2/userGroup2` without an endpoint of their own: "Retrieve user
 * group members list" is the group read (`usergroups.get`: its reference page has the same query and answer), and
 * "Retrieve Primary & Secondary Member Details" is the members read (`usergroups.members`: its reference page is
 * declared on `/v2/userGroup2/members`, the same operation as the members list with cards and status). The
 * `UserGroups` service offers both as functions over these declarations. The index row "Transfer Group Member"
 * (`POST v2/userGroup2/transfer`, access group Points) is `usergroups.transferMembers`.
 *
 * @since 0.1.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import * as UserGroup from "./UserGroup.ts"
import {
  AlreadyMember,
  CustomerNotFound,
  ExternalIdExists,
  GroupFull,
  GroupSizeLimit,
  InvalidGroup,
  InvalidPermission,
  InvalidSearch,
  NothingToUpdate,
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
  Endpoint.codes(PrimaryOfAnotherGroup, [1642]),
  Endpoint.codes(InvalidPermission, [1641])
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
 * `PUT /v2/userGroup2`: changes a group's name, size, extended fields (merged) or, named by id, its external id,
 * and answers the group as it is now. A size below the group's active members is refused (1640), as is a body
 * that changes nothing (1643) and a deleted group (1632). Sending it again leaves the same state, so it is retried
 * like a read; undone by an update back to the previous values.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const update = Endpoint.make({
  id: "usergroups.update",
  section: "User group",
  summary: "Update a user group",
  family: "v2",
  method: "PUT",
  path: "/v2/userGroup2",
  body: UserGroup.UserGroupUpdate,
  success: UserGroup.UserGroupUpdated,
  errors: [
    invalidGroup,
    Endpoint.codes(ExternalIdExists, [1633]),
    Endpoint.codes(GroupSizeLimit, [1639, 1640]),
    Endpoint.codes(NothingToUpdate, [1643])
  ],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("usergroups.update")
})

/**
 * `GET /v2/userGroup2/search`: the organisation's groups matching `q` (id, name, external id, or the primary
 * member's mobile, email or card number), a page at a time with the total, so the client can stream them.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const search = Endpoint.withPaging(
  Endpoint.make({
    id: "usergroups.search",
    section: "User group",
    summary: "Search user groups by name, ID, and mobile number",
    family: "v2",
    method: "GET",
    path: "/v2/userGroup2/search",
    query: UserGroup.SearchQuery,
    success: UserGroup.SearchResults,
    errors: [Endpoint.codes(InvalidSearch, [91052])]
  }),
  Pagination.offsetLimit({
    items: (page) => page.data,
    total: (page) => page.pagination?.total,
    pageSize: UserGroup.searchPageSize
  })
)

/**
 * `POST /v2/userGroup2/transfer` ("Transfer Group Member"): moves members from one group to another, all or none.
 * Each must be an active member of the group they leave (1620) and not its primary member (1624), nor already in
 * the group they join (1623), which must have room for all of them (1638); an unknown group is 1619. Not safe to
 * send twice: sent again, the members are no longer in the group they leave (1620). Undone by the move back.
 * A move of one member is serialised per customer by its id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const transferMembers = Endpoint.make({
  id: "usergroups.transferMembers",
  section: "User group",
  summary: "Move members to another user group",
  family: "v2",
  method: "POST",
  path: "/v2/userGroup2/transfer",
  body: UserGroup.MemberTransfer,
  success: UserGroup.MemberTransferResult,
  errors: [
    invalidGroup,
    customerNotFound,
    Endpoint.codes(UserNotInGroup, [1620]),
    Endpoint.codes(AlreadyMember, [1623, 1636]),
    Endpoint.codes(PrimaryCannotBeTransferred, [1624]),
    Endpoint.codes(GroupFull, [1638])
  ],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("usergroups.transferMembers"),
  customerKey: (input) => input.body.userIds.length === 1 ? String(input.body.userIds[0]) : undefined
})

/**
 * `GET /v2/userGroup2/members`: a group's members with their details (names, joining date, permissions, points
 * contributed, identifiers, role, whether active and primary), with their cards and card status when asked, a
 * page at a time, so the client can stream them. Serves both "Retrieve user group members list with cards &
 * status details" and "Retrieve Primary & Secondary Member Details".
 *
 * @since 0.2.0
 * @category endpoints
 */
export const members = Endpoint.withPaging(
  Endpoint.make({
    id: "usergroups.members",
    section: "User group",
    summary: "Retrieve user group members with cards & status details",
    family: "v2",
    method: "GET",
    path: "/v2/userGroup2/members",
    query: UserGroup.MembersQuery,
    success: UserGroup.MembersPage,
    errors: [invalidGroup]
  }),
  Pagination.offsetLimit({
    items: (page) => page.data,
    total: (page) => page.pagination?.total,
    pageSize: UserGroup.membersPageSize
  })
)

/**
 * `GET /v2/userGroup2/transactions`: the transactions made by members as part of a group, filtered and a page at
 * a time (`offset` / `limit`), so the client can stream them.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const transactions = Endpoint.withPaging(
  Endpoint.make({
    id: "usergroups.transactions",
    section: "User group",
    summary: "Get group transactions",
    family: "v2",
    method: "GET",
    path: "/v2/userGroup2/transactions",
    query: UserGroup.TransactionsQuery,
    success: UserGroup.GroupTransactions,
    errors: [invalidGroup, customerNotFound]
  }),
  Pagination.offsetLimit({ items: (page) => page.data, pageSize: UserGroup.transactionsPageSize })
)

/**
 * Every user group endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [
  create,
  get,
  join,
  leave,
  remove,
  update,
  search,
  transferMembers,
  members,
  transactions
] as const
