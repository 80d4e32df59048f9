/**
 * What the emulator does for the user group endpoints of `@capillary-effect/usergroups`. A group belongs to one
 * organisation and is found by id, external id (unique in the organisation, 1633 when taken) or its primary
 * member's id; an unknown one is 1632 (1619 by primary user id). A join checks each member on its own, in its
 * bulk answer: a customer of the organisation (8015), not already in (1623), one primary member per group (1637)
 * who is primary of no other group (1642), and room under `maxGroupSize`, counted on active members in the
 * request's transaction so concurrent joins never overfill a group (1638); a permission Capillary does not know
 * refuses the whole join (1641). A member who leaves stays listed as exited (1620 when not in); when the primary
 * member leaves the group becomes INACTIVE, and joins to a group that is not ACTIVE are refused (1632). A delete
 * makes the group DELETED, exits its members and keeps it readable (and its external id taken); deleting it
 * again succeeds. Status moves only ACTIVE -> INACTIVE (the primary member leaves) and ACTIVE or INACTIVE ->
 * DELETED.
 *
 * An update changes the name, size (never below the active members: 1640), extended fields (merged) or, by id,
 * the external id (1633 when taken) of a group that is not deleted (1632); a body that changes nothing is 1643. A
 * move of members between groups is all or none (1619 unknown group, 8015, 1620, 1624 primary member, 1623,
 * 1638), counted in the request's transaction like a join. A search matches the id, name, external id or primary
 * member's mobile, card number or email of groups that are not deleted. The members read lists every member once
 * with names, identifiers, permissions, cards (from the cards store when modelled) and `pointsContributed`: the
 * points the member moved into the group's wallet by customer-to-group transfers of the points ledger (0 when
 * the ledger is not modelled); a read's `pointsSummaries` come from the ledger (`LedgerBehaviours`), one per
 * program where the group's wallet has points activity, with `pointsContributionToGroup` the points members moved
 * into that program's wallet. Purchases and transactions are not modelled: `lifeTimePurchases` is 0 and the group
 * transactions read answers an empty page once the group is found. Requires the customers tables
 * (`CustomerBehaviours.migrations`).
 *
 * @since 0.1.0
 */
import { Customer } from "@capillary-effect/customers"
import { UserGroup, UserGroupsApi } from "@capillary-effect/usergroups"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, reject } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import { EmulatorClock } from "./EmulatorClock.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as CardStore from "./internal/cards.ts"
import * as CustomerStore from "./internal/customers.ts"
import { dayOf } from "./internal/dates.ts"
import * as GroupLoyalty from "./internal/groupLoyalty.ts"
import * as Ledger from "./internal/ledger.ts"
import * as Store from "./internal/usergroups.ts"

/**
 * The user groups tables: groups (external id unique per organisation) and their members (one row per group and
 * customer; a partial UNIQUE index keeps one active primary member per group, another keeps a customer the
 * active primary member of at most one group).
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = { "0200_user_groups": Store.createTables }

const bodyField = (input: RawInput, name: string): unknown =>
  typeof input.body === "object" && input.body !== null && !Array.isArray(input.body)
    ? (input.body as Record<string, unknown>)[name]
    : undefined

/**
 * A create Capillary refuses with a code of its own: no external id 1634, group details missing (no name) 1644,
 * an external id over 50 characters 1645, a name over 50 characters 91015, a size that is not a positive whole
 * number 1640, a size above 30,000 1639.
 */
const rejectCreate = (input: RawInput) => {
  const externalId = bodyField(input, "externalId")
  const groupName = bodyField(input, "groupName")
  const size = bodyField(input, "maxGroupSize")
  if (typeof externalId !== "string" || externalId.trim() === "") return reject(1634, "externalId cannot be null")
  if (externalId.length > 50) return reject(1645, "Invalid group details: externalId is longer than 50 characters")
  if (typeof groupName !== "string" || groupName.trim() === "") return reject(1644, "Group details are missing")
  if (groupName.length > 50) return reject(91015, "groupName is longer than 50 characters")
  if (size !== undefined) {
    if (typeof size !== "number" || !Number.isInteger(size) || size <= 0) {
      return reject(1640, "maxGroupSize should be a positive number")
    }
    if (size > UserGroup.maxGroupSizeLimit) {
      return reject(1639, `maxGroupSize cannot be more than ${UserGroup.maxGroupSizeLimit}`)
    }
  }
  return undefined
}

/** A query that names no group: 1635. */
const rejectUnnamed = (names: ReadonlyArray<string>) => (input: RawInput) =>
  names.some((name) => input.query[name] !== undefined)
    ? undefined
    : reject(1635, `User group query param is missing: one of ${names.join(", ")}`)

const knownPermissions: ReadonlyArray<unknown> = UserGroup.permissions

/** A join that names no group (1635), or gives a member a permission Capillary does not know (1641). */
const rejectJoin = (input: RawInput) => {
  const unnamed = rejectUnnamed(["id", "externalId", "primaryUserId"])(input)
  if (unnamed !== undefined) return unnamed
  if (!Array.isArray(input.body)) return undefined
  for (const member of input.body as ReadonlyArray<unknown>) {
    const permissions = typeof member === "object" && member !== null
      ? (member as Record<string, unknown>).permissions
      : undefined
    if (!Array.isArray(permissions)) continue
    const unknown = permissions.find((permission) => !knownPermissions.includes(permission))
    if (unknown !== undefined) return reject(1641, `Invalid permission code ${String(unknown)} passed`)
  }
  return undefined
}

const isSource = Schema.is(Customer.Source)
const isIdentifierName = Schema.is(Schema.Literals(["id", ...Customer.IdentifierType.literals]))

/** A leave with an unknown source (8003) or identifier name (8013). */
const rejectLeave = (input: RawInput) => {
  const { identifierName, source } = input.query
  if (typeof source === "string" && !isSource(source)) return reject(8003, "Invalid source")
  if (typeof identifierName === "string" && !isIdentifierName(identifierName)) return reject(8013, "Invalid identifier")
  return undefined
}

/**
 * `usergroups.create`: a group of the caller's organisation, ACTIVE, created by the caller's till, with no
 * members; `maxGroupSize` is 30,000 when absent.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const create = handle(
  UserGroupsApi.create,
  (input, context) =>
    Effect.gen(function*() {
      const id = yield* Store.create({
        orgId: context.principal.orgId,
        request: input.body,
        now: context.now,
        by: context.principal.tillId
      })
      return { entity: UserGroup.UserGroupId.make(id), warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectCreate }
)

/**
 * `usergroups.get`: the group with its members, active and exited, in any status (a deleted group reads as
 * DELETED).
 *
 * @since 0.1.0
 * @category behaviours
 */
export const get = handle(
  UserGroupsApi.get,
  (input, context) =>
    Effect.gen(function*() {
      const group = yield* Store.get(context.principal.orgId, input.query)
      const read = yield* GroupLoyalty.withLoyalty(group.org_id, yield* Store.read(group, input.query), {
        ...input.query,
        now: context.now
      })
      if (read.pointsSummaries === undefined || read.pointsSummaries.length === 0) return read
      const { byProgram } = yield* contributions(group.org_id, group.id)
      return new UserGroup.UserGroup({
        ...read,
        pointsSummaries: read.pointsSummaries.map((summary) => ({
          ...summary,
          pointsContributionToGroup: Ledger.fromMilli(byProgram.get(summary.programId) ?? 0)
        }))
      })
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectUnnamed(["id", "externalId", "primaryUserId"]) }
)

/**
 * `usergroups.join`: each member joins or is refused on their own, in the bulk answer (the call fails only for
 * a group that is unknown or not ACTIVE).
 *
 * @since 0.1.0
 * @category behaviours
 */
export const join = handle(
  UserGroupsApi.join,
  (input, context) =>
    Effect.gen(function*() {
      const group = yield* Store.get(context.principal.orgId, input.query)
      if (group.status !== "ACTIVE") return yield* Store.notActive(group.status)
      const response = []
      let failures = 0
      for (const member of input.body) {
        const outcome = yield* Store.join(group, member, context.now).pipe(
          Effect.catchTag("SqlError", Effect.die),
          Effect.result
        )
        if (outcome._tag === "Success") {
          response.push({ entityId: member.userId, result: outcome.success, errors: [], warnings: [] })
        } else {
          failures++
          const { code, message } = outcome.failure
          response.push({ entityId: member.userId, errors: [{ status: false, code, message }], warnings: [] })
        }
      }
      return { response, totalCount: input.body.length, failureCount: failures }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectJoin }
)

/** The customer a leave names: by id, or by identifier in the source (any when absent) and account. */
const memberOf = Effect.fnUntraced(function*(orgId: number, query: UserGroup.LeaveQuery) {
  if (query.identifierName === "id") {
    const id = Number(query.identifierValue)
    if (!(yield* Store.hasCustomer(orgId, id))) return yield* Store.customerNotFound()
    return id
  }
  const found = yield* CustomerStore.findByIdentifier(
    orgId,
    { type: query.identifierName, value: query.identifierValue },
    { source: query.source ?? "ALL", accountId: query.accountId }
  )
  if (found === undefined) return yield* Store.customerNotFound()
  return found
})

/**
 * `usergroups.leave`: the member exits the group (not of a deleted group: 1632); when it is the primary member,
 * the group becomes INACTIVE.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const leave = handle(
  UserGroupsApi.leave,
  (input, context) =>
    Effect.gen(function*() {
      const group = yield* Store.get(context.principal.orgId, { id: input.path.groupId })
      if (group.status === "DELETED") return yield* Store.notActive(group.status)
      const customerId = yield* memberOf(context.principal.orgId, input.query)
      yield* Store.leave(group, customerId, context.now)
      return { success: true, warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLeave }
)

/**
 * `usergroups.delete`: the group becomes DELETED and its members exit; a deleted group is deleted again without
 * error.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const remove = handle(
  UserGroupsApi.remove,
  (input, context) =>
    Effect.gen(function*() {
      const group = yield* Store.get(context.principal.orgId, input.query)
      yield* Store.remove(group, context.now)
      return { warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectUnnamed(["id", "externalId"]) }
)

// ---------------------------------------------------------------------------------------------------------------
// Member contributions
// ---------------------------------------------------------------------------------------------------------------

const contributionPage = 500

/**
 * The points members moved into a group's wallet (customer-to-group transfers of the ledger), in thousandths: per
 * member and per program of the group's wallet. Nothing when the ledger is not modelled.
 */
const contributions = Effect.fnUntraced(function*(orgId: number, groupId: number) {
  const byMember = new Map<number, number>()
  const byProgram = new Map<number, number>()
  if (!(yield* Ledger.modelled)) return { byMember, byProgram }
  const owner: Ledger.Owner = { orgId, type: "USERGROUP2", id: groupId }
  let offset = 0
  while (true) {
    const rows = yield* Ledger.transfers(owner, { limit: contributionPage, offset, order: "ASC" })
    for (const row of rows) {
      if (row.to_type !== "USERGROUP2" || row.to_id !== groupId || row.from_type !== "CUSTOMER") continue
      byMember.set(row.from_id, (byMember.get(row.from_id) ?? 0) + row.points)
      byProgram.set(row.to_program, (byProgram.get(row.to_program) ?? 0) + row.points)
    }
    if (rows.length < contributionPage) return { byMember, byProgram }
    offset += contributionPage
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------------------------

/**
 * An update Capillary refuses with a code of its own: no group named (403, the field is mandatory), a name that
 * is empty (1644) or over 50 characters (91015), a size that is not a positive whole number (1640) or above 30,000
 * (1639), or nothing to change (1643).
 */
const rejectUpdate = (input: RawInput) => {
  const id = bodyField(input, "id")
  const externalId = bodyField(input, "externalId")
  const groupName = bodyField(input, "groupName")
  const size = bodyField(input, "maxGroupSize")
  const fields = bodyField(input, "extendedFields")
  const named = typeof externalId === "string" && externalId.trim() !== ""
  if (id === undefined && !named) return reject(403, "Field id is mandatory")
  if (groupName !== undefined) {
    if (typeof groupName !== "string" || groupName.trim() === "") return reject(1644, "Group details not passed")
    if (groupName.length > 50) return reject(91015, "groupName is longer than 50 characters")
  }
  if (size !== undefined) {
    if (typeof size !== "number" || !Number.isInteger(size) || size <= 0) {
      return reject(1640, "Group max size field should be a positive value")
    }
    if (size > UserGroup.maxGroupSizeLimit) {
      return reject(1639, `Group max size can not exceed product limit ${UserGroup.maxGroupSizeLimit}`)
    }
  }
  if (groupName === undefined && size === undefined && fields === undefined && !(id !== undefined && named)) {
    return reject(1643, "Nothing to update in the group")
  }
  return undefined
}

/**
 * `usergroups.update`: the group, by id (or, without one, by external id), takes the new name, size, extended
 * fields (merged) and, when named by id, external id; answers the group as it is now.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const update = handle(
  UserGroupsApi.update,
  (input, context) =>
    Effect.gen(function*() {
      const { body } = input
      const named = body.externalId !== undefined && body.externalId.trim() !== ""
      const group = yield* Store.get(
        context.principal.orgId,
        body.id !== undefined ? { id: body.id } : { externalId: body.externalId }
      )
      const updated = yield* Store.update(group, {
        groupName: body.groupName,
        maxGroupSize: body.maxGroupSize,
        extendedFields: body.extendedFields,
        externalId: body.id !== undefined && named ? body.externalId : undefined
      })
      return {
        id: UserGroup.UserGroupId.make(updated.id),
        externalId: updated.external_id,
        groupName: updated.name,
        maxGroupSize: updated.max_group_size,
        extendedFields: Store.fieldsOf(updated),
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectUpdate }
)

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------

/** A search without a usable `q`: 91052. */
const rejectSearch = (input: RawInput) => {
  const q = input.query.q
  return typeof q !== "string" || q.trim() === "" || q.length > 50
    ? reject(91052, "Invalid or missing search parameters")
    : undefined
}

/**
 * `usergroups.search`: the organisation's groups (not deleted) whose id is `q`, whose name or external id holds
 * it (ignoring case), or whose active primary member's mobile, card number or email is `q`; by id, a page at a
 * time (`limit` 10 by default) with the total.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const search = handle(
  UserGroupsApi.search,
  (input, context) =>
    Effect.gen(function*() {
      const limit = input.query.limit ?? UserGroup.searchPageSize
      const offset = input.query.offset ?? 0
      const { hits, total } = yield* Store.search(context.principal.orgId, input.query.q, { limit, offset })
      return { pagination: { limit, offset, total }, data: hits, warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectSearch }
)

// ---------------------------------------------------------------------------------------------------------------
// Moving members
// ---------------------------------------------------------------------------------------------------------------

/** A move without both groups (403) or without members (403). */
const rejectTransferMembers = (input: RawInput) => {
  if (bodyField(input, "leaveGroupId") === undefined || bodyField(input, "joinGroupId") === undefined) {
    return reject(403, "leaveGroupId and joinGroupId is mandatory")
  }
  const userIds = bodyField(input, "userIds")
  return Array.isArray(userIds) && userIds.length > 0 ? undefined : reject(403, "Field userIds is mandatory")
}

/**
 * `usergroups.transferMembers`: the members leave one group and join the other, all or none (see
 * `internal/usergroups.ts`' `transferMembers` for the checks).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const transferMembers = handle(
  UserGroupsApi.transferMembers,
  (input, context) =>
    Effect.gen(function*() {
      yield* Store.transferMembers(context.principal.orgId, input.body, context.now)
      return { success: true, warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectTransferMembers }
)

// ---------------------------------------------------------------------------------------------------------------
// Members with their details
// ---------------------------------------------------------------------------------------------------------------

/** A members read that names no group (1635) or an unknown source (8003). */
const rejectMembers = (input: RawInput) => {
  const unnamed = rejectUnnamed(["identifierValue", "externalId"])(input)
  if (unnamed !== undefined) return unnamed
  const { source } = input.query
  return typeof source === "string" && source !== "ALL" && !isSource(source)
    ? reject(8003, "Invalid source")
    : undefined
}

/** A query date-time (`YYYY-MM-DD HH:MM:SS`, UTC) as epoch milliseconds: the first or last of that second. */
const queryInstant = (value: string | undefined, end: boolean) =>
  value === undefined ? undefined : Date.parse(`${value.replace(" ", "T")}Z`) + (end ? 999 : 0)

/**
 * A member's card: from the cards store when it is modelled and knows the number (id, series, dates, type and,
 * when asked, its status), otherwise what the customer store keeps with the card-number identifier (the number,
 * its series and status label).
 */
const cardOf = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  row: { readonly value: string; readonly series_id: number | null; readonly status_label: string | null },
  withStatus: boolean
) {
  const stored = (yield* CardStore.modelled)
    ? yield* CardStore.getCard(orgId, row.value).pipe(
      Effect.map((card) => card as typeof card | undefined),
      Effect.catchTag("Rejection", () => Effect.succeed(undefined))
    )
    : undefined
  if (stored === undefined) {
    return {
      cardNumber: row.value,
      customerId,
      orgId,
      ...(row.series_id === null ? {} : { seriesId: row.series_id }),
      ...(withStatus && row.status_label !== null ? { statusInfo: { label: row.status_label } } : {})
    } satisfies UserGroup.MemberCard
  }
  const status = stored.statusInfo
  return {
    ...(stored.cardId === undefined ? {} : { cardId: stored.cardId }),
    ...(stored.issuedDate === undefined ? {} : { issuedDate: stored.issuedDate }),
    ...(stored.createdDate === undefined ? {} : { createdDate: stored.createdDate.slice(0, 10) }),
    ...(stored.expiryDays === undefined ? {} : { expiryDays: stored.expiryDays }),
    ...(stored.seriesName === undefined ? {} : { seriesName: stored.seriesName }),
    seriesId: stored.seriesId,
    ...(stored.seriesCode === undefined ? {} : { seriesCode: stored.seriesCode }),
    cardNumber: stored.cardNumber,
    ...(stored.type === undefined ? {} : { type: stored.type }),
    customerId,
    ...(stored.maxActiveCards === undefined ? {} : { maxActiveCards: stored.maxActiveCards }),
    orgId,
    ...(stored.entityId === undefined ? {} : { entityId: stored.entityId }),
    ...(stored.customFields === undefined ? {} : { customFields: stored.customFields as UserGroup.Fields }),
    ...(stored.transactionNotAllowed === undefined ? {} : { transactionNotAllowed: stored.transactionNotAllowed }),
    ...(withStatus
      ? {
        statusInfo: {
          ...(status.id === undefined ? {} : { id: status.id }),
          ...(status.isActive === undefined ? {} : { isActive: status.isActive }),
          label: status.label,
          status: status.status,
          ...(status.labelId === undefined ? {} : { labelId: status.labelId }),
          ...(status.reason === undefined ? {} : { reason: status.reason }),
          ...(status.createdOn === undefined ? {} : { createdOn: status.createdOn }),
          ...(status.autoUpdateTime === undefined ? {} : { autoUpdateTime: status.autoUpdateTime }),
          ...(status.entityId === undefined ? {} : { entityId: status.entityId })
        }
      }
      : {})
  } satisfies UserGroup.MemberCard
})

/**
 * `usergroups.members`: the group's members, each once with their current membership (exited members with
 * `inActive: false`), ordered by joining date (newest first unless `sortOrder=ASC`; the primary member first with
 * `sortBy=IS_PRIMARY`), selected by joining date and paged (`limit` and `offset`; every member when `limit` is
 * absent); `pagination` when asked. Each member's names are those of their first profile, email and mobile their
 * first of each, identifiers all they have, `pointsContributed` the points they moved into the group's wallet.
 * Cards are the member's card-number identifiers, with the card's id, dates and series from the cards store when
 * it is modelled, else the series and status label the customer store keeps.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const members = handle(
  UserGroupsApi.members,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const orgId = context.principal.orgId
      const group = yield* Store.get(
        orgId,
        query.identifierValue !== undefined ? { id: Number(query.identifierValue) } : { externalId: query.externalId }
      )
      const offset = query.offset ?? 0
      const order = query.sortOrder ?? "DESC"
      const { rows, total } = yield* Store.selectMembers(group.id, {
        from: queryInstant(query.fromDate, false),
        to: queryInstant(query.toDate, true),
        primaryFirst: query.sortBy === "IS_PRIMARY",
        order,
        offset,
        limit: query.limit
      })
      const { byMember } = yield* contributions(orgId, group.id)
      const data: Array<UserGroup.MemberDetails> = []
      for (const row of rows) {
        const contact = yield* Store.contactOf(row.customer_id)
        const cards = contact.identifiers.filter((identifier) => identifier.type === "cardnumber")
        data.push({
          fleetUserId: UserGroup.CustomerId.make(row.customer_id),
          firstName: contact.firstName,
          lastName: contact.lastName,
          joinedOn: dayOf(row.joined_on),
          permissions: Store.permissionsOf(row),
          pointsContributed: Ledger.fromMilli(byMember.get(row.customer_id) ?? 0),
          ...(contact.email === undefined ? {} : { email: contact.email }),
          ...(contact.mobile === undefined ? {} : { mobile: contact.mobile }),
          role: row.primary_member === 1 ? "PRIMARY" : "SECONDARY",
          identifiers: contact.identifiers.map(({ type, value }) => ({ type, value })),
          ...(query.includeCardDetails === true
            ? {
              cards: yield* Effect.forEach(
                cards,
                (card) => cardOf(orgId, row.customer_id, card, query.includeStatusDetails === true)
              )
            }
            : {}),
          inActive: row.active === 1,
          primaryMember: row.primary_member === 1
        })
      }
      return {
        ...(query.paginationDetails === true
          ? {
            pagination: {
              limit: query.limit ?? total,
              offset,
              ...(query.sortBy === undefined ? {} : { sortBy: query.sortBy }),
              sortOrder: order,
              total
            }
          }
          : {}),
        data,
        warnings: [],
        errors: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectMembers }
)

// ---------------------------------------------------------------------------------------------------------------
// Group transactions
// ---------------------------------------------------------------------------------------------------------------

/**
 * `usergroups.transactions`: checks the group (by id, external id or primary member id: 1632 / 1619; by its
 * primary member's identifier in a source: 8015 when no customer holds it, 1619 when they lead no group) and the
 * member filter (`customerId`: 8015 when not a customer of the organisation), then answers an empty page. Group
 * transactions are not modelled: the emulator records no transaction tagged with a group, so it has none to list,
 * and lists none rather than making any up.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const transactions = handle(
  UserGroupsApi.transactions,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const orgId = context.principal.orgId
      if (query.id !== undefined || query.externalId !== undefined || query.primaryUserId !== undefined) {
        yield* Store.get(orgId, query)
      } else {
        const primary = yield* CustomerStore.findByIdentifier(
          orgId,
          { type: query.identifierName ?? "mobile", value: query.identifierValue ?? "" },
          { source: query.source ?? "ALL", accountId: query.accountId }
        )
        if (primary === undefined) return yield* Store.customerNotFound()
        yield* Store.get(orgId, { primaryUserId: primary })
      }
      if (query.customerId !== undefined && !(yield* Store.hasCustomer(orgId, query.customerId))) {
        return yield* Store.customerNotFound()
      }
      return { data: [], warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectUnnamed(["id", "externalId", "primaryUserId", "identifierName"]) }
)

/**
 * The user group endpoints, their behaviours and their migration, for `Emulator.catalog`. Use it together with
 * the customers' catalog (members are customers).
 *
 * @since 0.1.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: UserGroupsApi.endpoints,
  behaviours: [create, get, join, leave, remove, update, search, transferMembers, members, transactions],
  migrations
}

/**
 * The group of the demo seed, in org `demo` (id 100): "Demo family", with Tom (customer 100001) as its primary
 * member and Bob (100003) in it.
 *
 * @since 0.1.0
 * @category seeding
 */
export const demoGroup = {
  orgId: 100,
  externalId: "demo-family",
  groupName: "Demo family",
  maxGroupSize: 5,
  primaryUserId: 100001,
  memberUserIds: [100003]
} as const

/**
 * Writes the demo group, created by the demo organisation's first till at emulator time, through the behaviours'
 * own store. Does nothing when user groups are not modelled (their migration is not in the catalog) or the group
 * is already there; the demo organisation and its customers must exist.
 *
 * @since 0.1.0
 * @category seeding
 */
export const seedDemo: Effect.Effect<void, never, SqlClient.SqlClient | EmulatorClock> = Effect.gen(function*() {
  if (!(yield* Store.modelled)) return
  const sql = yield* SqlClient.SqlClient
  const { orgId } = demoGroup
  if ((yield* Store.find(orgId, { externalId: demoGroup.externalId })) !== undefined) return
  const [till] = yield* sql<{ id: number }>`SELECT id FROM tills WHERE org_id = ${orgId} ORDER BY id LIMIT 1`
  const now = yield* EmulatorClock.use((clock) => clock.now)
  const id = yield* Store.create({
    orgId,
    request: { externalId: demoGroup.externalId, groupName: demoGroup.groupName, maxGroupSize: demoGroup.maxGroupSize },
    now,
    by: till?.id ?? 0
  })
  const group = yield* Store.get(orgId, { id })
  const members = [
    { userId: UserGroup.CustomerId.make(demoGroup.primaryUserId), primaryMember: true },
    ...demoGroup.memberUserIds.map((userId) => ({ userId: UserGroup.CustomerId.make(userId) }))
  ]
  for (const member of members) yield* Store.join(group, member, now)
}).pipe(Effect.orDie)
