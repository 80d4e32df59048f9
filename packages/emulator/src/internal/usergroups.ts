/**
 * The user groups store on the emulator database: groups of an organisation's customers, their members (active
 * and exited), and Capillary's rules for them: one primary member per group, a customer primary in at most one
 * group, a size limit counted on active members (by joins, moves between groups and updates of the size). Every
 * function runs in the caller's transaction (the behaviour's own), so checks and writes see one state. The group
 * behaviours and the demo seed both write through it; the search and members reads read customers' profiles and
 * identifiers from the customers tables.
 */
import { UserGroup } from "@capillary-effect/usergroups"
import { Effect, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { reject } from "../Behaviour.ts"
import { isoSeconds } from "./dates.ts"

/**
 * The tables (migration `0200_user_groups`). Members refer to the customers table of migration `0100_customers`.
 * Two partial UNIQUE indexes hold the primary rules whatever the order of requests: a group has at most one
 * active primary member, and a customer is the active primary member of at most one group.
 */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE user_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    max_group_size INTEGER NOT NULL CHECK (max_group_size > 0),
    status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'DELETED')),
    created_on INTEGER NOT NULL,
    created_by INTEGER NOT NULL,
    extended_fields TEXT NOT NULL,
    UNIQUE (org_id, external_id)
  )`
  yield* sql`CREATE TABLE user_group_members (
    group_id INTEGER NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    primary_member INTEGER NOT NULL CHECK (primary_member IN (0, 1)),
    permissions TEXT NOT NULL,
    joined_on INTEGER NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    exited_on INTEGER,
    PRIMARY KEY (group_id, customer_id)
  )`
  yield* sql`CREATE UNIQUE INDEX user_group_members_one_primary_per_group ON user_group_members (group_id)
    WHERE primary_member = 1 AND active = 1`
  yield* sql`CREATE UNIQUE INDEX user_group_members_primary_of_one_group ON user_group_members (customer_id)
    WHERE primary_member = 1 AND active = 1`
  yield* sql`CREATE INDEX user_group_members_by_customer ON user_group_members (customer_id, active)`
})

// ---------------------------------------------------------------------------------------------------------------
// Rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

/** A group the query names is not in the organisation: 1632 by id or external id, 1619 by primary user id. */
export const invalidGroup = (by: "id" | "externalId" | "primaryUserId") =>
  by === "primaryUserId"
    ? reject(1619, "Invalid primaryUserId: the customer is not the primary member of a group")
    : reject(1632, "Invalid user group")

/** 1632: the group exists but cannot take the operation (deleted, or not active for a join). */
export const notActive = (status: string) => reject(1632, `Invalid user group: the group is ${status}`)

export const externalIdExists = () => reject(1633, "externalId already exists for the org")

export const customerNotFound = () => reject(8015, "Customer not found for the given identifiers")

export const notInGroup = () => reject(1620, "User is not part of the user group")

const alreadyMember = () => reject(1623, "User is already part of the user group")
const primaryExists = () => reject(1637, "Primary member already exists for the user group")
const groupFull = () => reject(1638, "User group is at its max capacity")
const primaryElsewhere = () => reject(1642, "User is primary member of another user group")

const isUniqueViolation = (error: SqlError.SqlError) => error.reason._tag === "UniqueViolation"

// ---------------------------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------------------------

/** A group row. */
export interface GroupRow {
  readonly id: number
  readonly org_id: number
  readonly external_id: string
  readonly name: string
  readonly max_group_size: number
  readonly status: string
  readonly created_on: number
  readonly created_by: number
  readonly extended_fields: string
}

/** Creates a group in an organisation, ACTIVE; an external id taken in the organisation (by any group) is 1633. */
export const create = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: UserGroup.UserGroupCreate
  readonly now: number
  /** Who created it (a till id). */
  readonly by: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, request } = options
  const taken = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_groups
    WHERE org_id = ${orgId} AND external_id = ${request.externalId}`
  if (taken[0]!.n > 0) return yield* externalIdExists()
  const rows = yield* sql<{ id: number }>`INSERT INTO user_groups
      (org_id, external_id, name, max_group_size, status, created_on, created_by, extended_fields)
    VALUES (${orgId}, ${request.externalId}, ${request.groupName},
      ${request.maxGroupSize ?? UserGroup.maxGroupSizeLimit}, 'ACTIVE', ${options.now}, ${options.by},
      ${JSON.stringify(request.extendedFields ?? {})})
    RETURNING id`.pipe(Effect.catchIf(isUniqueViolation, () => Effect.fail(externalIdExists())))
  return rows[0]!.id
})

/** How a request names a group (the first present of `id`, `externalId`, `primaryUserId`). */
export interface GroupRef {
  readonly id?: number | undefined
  readonly externalId?: string | undefined
  readonly primaryUserId?: number | undefined
}

/** Which field of a reference names the group. */
export const refKind = (ref: GroupRef): "id" | "externalId" | "primaryUserId" =>
  ref.id !== undefined ? "id" : ref.externalId !== undefined ? "externalId" : "primaryUserId"

/** The organisation's group a reference names, in any status; by primary user id, the group they are primary of. */
export const find = Effect.fnUntraced(function*(orgId: number, ref: GroupRef) {
  const sql = yield* SqlClient.SqlClient
  const rows = ref.id !== undefined
    ? yield* sql<GroupRow>`SELECT * FROM user_groups WHERE org_id = ${orgId} AND id = ${ref.id}`
    : ref.externalId !== undefined
    ? yield* sql<GroupRow>`SELECT * FROM user_groups WHERE org_id = ${orgId} AND external_id = ${ref.externalId}`
    : yield* sql<GroupRow>`SELECT g.* FROM user_groups g
        JOIN user_group_members m ON m.group_id = g.id AND m.primary_member = 1 AND m.active = 1
        WHERE g.org_id = ${orgId} AND m.customer_id = ${ref.primaryUserId ?? 0}`
  return rows[0]
})

/** Finds a group or rejects: unknown is 1632 / 1619. */
export const get = Effect.fnUntraced(function*(orgId: number, ref: GroupRef) {
  const group = yield* find(orgId, ref)
  if (group === undefined) return yield* invalidGroup(refKind(ref))
  return group
})

/**
 * Deletes a group: its status becomes DELETED and its active members exit (so its primary member may be the
 * primary of another group). A deleted group stays readable and keeps its external id. Deleting it again
 * changes nothing.
 */
export const remove = Effect.fnUntraced(function*(group: GroupRow, now: number) {
  const sql = yield* SqlClient.SqlClient
  if (group.status === "DELETED") return
  yield* sql`UPDATE user_groups SET status = 'DELETED' WHERE id = ${group.id}`
  yield* sql`UPDATE user_group_members SET active = 0, exited_on = ${now} WHERE group_id = ${group.id} AND active = 1`
})

// ---------------------------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------------------------

interface MemberRow {
  readonly customer_id: number
  readonly primary_member: number
  readonly permissions: string
  readonly active: number
}

const activeMemberships = (customerIds: ReadonlyArray<number>) =>
  SqlClient.SqlClient.use((sql) =>
    customerIds.length === 0
      ? Effect.succeed([])
      : sql<{ customer_id: number; group_id: number; primary_member: number; joined_on: number }>`
        SELECT customer_id, group_id, primary_member, joined_on FROM user_group_members
        WHERE active = 1 AND ${sql.in("customer_id", customerIds)}`
  )

/**
 * Each customer's default group: the group they are the primary member of, otherwise the earliest they joined
 * among those they are still in. Exited members have none here.
 */
export const defaultGroups = (customerIds: ReadonlyArray<number>) =>
  Effect.map(activeMemberships(customerIds), (rows) => {
    const chosen = new Map<number, { group: number; primary: boolean; joined: number }>()
    for (const row of rows) {
      const candidate = { group: row.group_id, primary: row.primary_member === 1, joined: row.joined_on }
      const current = chosen.get(row.customer_id)
      const better = current === undefined ||
        (candidate.primary && !current.primary) ||
        (candidate.primary === current.primary &&
          (candidate.joined < current.joined ||
            (candidate.joined === current.joined && candidate.group < current.group)))
      if (better) chosen.set(row.customer_id, candidate)
    }
    return new Map([...chosen].map(([customer, { group }]) => [customer, group]))
  })

/** A customer's membership of a group (active or exited), with its permissions; undefined when never a member. */
export const membership = (groupId: number, customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<MemberRow>`SELECT customer_id, primary_member, permissions, active FROM user_group_members
        WHERE group_id = ${groupId} AND customer_id = ${customerId}`,
      ([row]) =>
        row === undefined ? undefined : {
          active: row.active === 1,
          primaryMember: row.primary_member === 1,
          permissions: JSON.parse(row.permissions) as ReadonlyArray<string>
        }
    )
  )

/** Whether the organisation has the customer. */
export const hasCustomer = (orgId: number, customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM customers WHERE id = ${customerId} AND org_id = ${orgId}`,
      (rows) => rows[0]!.n > 0
    )
  )

/**
 * Adds one customer to a group, as Capillary checks a join item: a customer of the organisation (8015), not
 * already an active member (1623); a primary member only when the group has none (1637) and the customer is the
 * primary member of no other group (1642); and room for one more active member (1638). A customer who left
 * comes back in the same row. The group must be ACTIVE (the caller checks).
 */
export const join = Effect.fnUntraced(function*(group: GroupRow, member: UserGroup.JoinMember, now: number) {
  const sql = yield* SqlClient.SqlClient
  const primary = member.primaryMember === true
  const permissions = member.permissions ?? []
  if (!(yield* hasCustomer(group.org_id, member.userId))) return yield* customerNotFound()
  const [existing] = yield* sql<MemberRow>`SELECT customer_id, primary_member, permissions, active
    FROM user_group_members WHERE group_id = ${group.id} AND customer_id = ${member.userId}`
  if (existing?.active === 1) return yield* alreadyMember()
  const primaryChecks = Effect.gen(function*() {
    const [here] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_group_members
      WHERE group_id = ${group.id} AND primary_member = 1 AND active = 1`
    if (here!.n > 0) return yield* primaryExists()
    const [elsewhere] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_group_members
      WHERE customer_id = ${member.userId} AND primary_member = 1 AND active = 1`
    if (elsewhere!.n > 0) return yield* primaryElsewhere()
  })
  if (primary) yield* primaryChecks
  const [active] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_group_members
    WHERE group_id = ${group.id} AND active = 1`
  if (active!.n >= group.max_group_size) return yield* groupFull()

  const write = existing === undefined
    ? sql`INSERT INTO user_group_members
          (group_id, customer_id, primary_member, permissions, joined_on, active, exited_on)
        VALUES (${group.id}, ${member.userId}, ${primary ? 1 : 0}, ${JSON.stringify(permissions)}, ${now}, 1, NULL)`
    : sql`UPDATE user_group_members
        SET primary_member = ${primary ? 1 : 0}, permissions = ${JSON.stringify(permissions)}, joined_on = ${now},
          active = 1, exited_on = NULL
        WHERE group_id = ${group.id} AND customer_id = ${member.userId}`
  // The partial UNIQUE indexes guard the primary rules too: a violation is answered as the check would have been.
  yield* write.pipe(
    Effect.catchIf(isUniqueViolation, () => Effect.andThen(primaryChecks, Effect.fail(primaryExists())))
  )
  const defaults = yield* defaultGroups([member.userId])
  return {
    userId: UserGroup.CustomerId.make(member.userId),
    groupId: UserGroup.UserGroupId.make(group.id),
    permissions,
    defaultGroup: defaults.get(member.userId) === group.id,
    active: true,
    primaryMember: primary
  } satisfies UserGroup.Membership
})

/**
 * A member leaves: exited from now on (1620 when not an active member). When the primary member leaves, the
 * group becomes INACTIVE (Capillary's default; `CONF_DISABLE_GROUP_DEACTIVATION_ON_PRIMARY_MEMBER_EXIT` is not
 * modelled).
 */
export const leave = Effect.fnUntraced(function*(group: GroupRow, customerId: number, now: number) {
  const sql = yield* SqlClient.SqlClient
  const [existing] = yield* sql<MemberRow>`SELECT customer_id, primary_member, permissions, active
    FROM user_group_members WHERE group_id = ${group.id} AND customer_id = ${customerId}`
  if (existing === undefined || existing.active !== 1) return yield* notInGroup()
  yield* sql`UPDATE user_group_members SET active = 0, exited_on = ${now}
    WHERE group_id = ${group.id} AND customer_id = ${customerId}`
  if (existing.primary_member === 1 && group.status === "ACTIVE") {
    yield* sql`UPDATE user_groups SET status = 'INACTIVE' WHERE id = ${group.id}`
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------------------------

/** What a read adds to the group. */
export interface ReadOptions {
  readonly expiredPoints?: boolean | undefined
  readonly expirySchedules?: boolean | undefined
  readonly gapToUpgradeFor?: number | undefined
}

const decodeFields = Schema.decodeUnknownSync(Schema.fromJsonString(UserGroup.Fields))
const decodeStatus = Schema.decodeUnknownSync(UserGroup.GroupStatus)

/**
 * A group as `GET /v2/userGroup2` returns it: its members in the order they first joined, active and exited,
 * with their counts. The points parts are empty rather than made up (`pointsSummaries` are filled from the points
 * ledger by the read behaviour, when the ledger is modelled): `pointsSummaries: []`, and `expiredPoints: []`,
 * `expirySchedules: []`, `gapToUpgrade: []` when the query asks for them; `gapToRenew` is left out. No
 * transactions are modelled either, so `lifeTimePurchases` is 0.
 */
export const read = Effect.fnUntraced(function*(group: GroupRow, options: ReadOptions = {}) {
  const sql = yield* SqlClient.SqlClient
  const members = yield* sql<MemberRow>`SELECT customer_id, primary_member, permissions, active
    FROM user_group_members WHERE group_id = ${group.id} ORDER BY rowid`
  const defaults = yield* defaultGroups(members.filter((row) => row.active === 1).map((row) => row.customer_id))
  const groupId = UserGroup.UserGroupId.make(group.id)
  const active = members.filter((row) => row.active === 1).length
  return new UserGroup.UserGroup({
    id: groupId,
    externalId: group.external_id,
    groupStatus: decodeStatus(group.status),
    fleetGroupUsers: members.map((row) => ({
      userId: UserGroup.CustomerId.make(row.customer_id),
      groupId,
      defaultGroup: row.active === 1 && defaults.get(row.customer_id) === group.id,
      primaryMember: row.primary_member === 1,
      active: row.active === 1
    })),
    createdBy: group.created_by,
    createdOn: isoSeconds(group.created_on),
    groupName: group.name,
    maxGroupSize: group.max_group_size,
    lifeTimePurchases: 0,
    ...(options.expiredPoints === true ? { expiredPoints: [] } : {}),
    ...(options.expirySchedules === true ? { expirySchedules: [] } : {}),
    ...(options.gapToUpgradeFor === undefined ? {} : { gapToUpgrade: [] }),
    totalActiveMembers: active,
    totalExitedMembers: members.length - active,
    pointsSummaries: [],
    extendedFields: decodeFields(group.extended_fields),
    warnings: []
  })
})

/** Whether the database has the user groups tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'user_groups'`,
    (rows) => rows[0]!.n > 0
  )
)

// ---------------------------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------------------------

/** What an update changes (absent: unchanged). */
export interface GroupChanges {
  readonly groupName?: string | undefined
  readonly maxGroupSize?: number | undefined
  /** Merged into the stored extended fields. */
  readonly extendedFields?: UserGroup.Fields | undefined
  readonly externalId?: string | undefined
}

/** How many active members a group has. */
export const activeCount = (groupId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_group_members WHERE group_id = ${groupId} AND active = 1`,
      (rows) => rows[0]!.n
    )
  )

/**
 * Updates a group, as Capillary checks it: not a deleted group (1632), a size not below its active members
 * (1640: Capillary documents no code of its own for it), a new external id taken by no other group of the
 * organisation (1633). Extended fields are merged into the stored ones. Answers the group as it is now.
 */
export const update = Effect.fnUntraced(function*(group: GroupRow, changes: GroupChanges) {
  const sql = yield* SqlClient.SqlClient
  if (group.status === "DELETED") return yield* notActive(group.status)
  if (changes.maxGroupSize !== undefined) {
    const active = yield* activeCount(group.id)
    if (changes.maxGroupSize < active) {
      return yield* reject(
        1640,
        `Group max size ${changes.maxGroupSize} can not be below the ${active} active members of the group`
      )
    }
  }
  const externalId = changes.externalId ?? group.external_id
  if (externalId !== group.external_id) {
    const [taken] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_groups
      WHERE org_id = ${group.org_id} AND external_id = ${externalId} AND id <> ${group.id}`
    if (taken!.n > 0) return yield* externalIdExists()
  }
  const fields = { ...decodeFields(group.extended_fields), ...changes.extendedFields }
  yield* sql`UPDATE user_groups SET
      external_id = ${externalId},
      name = ${changes.groupName ?? group.name},
      max_group_size = ${changes.maxGroupSize ?? group.max_group_size},
      extended_fields = ${JSON.stringify(fields)}
    WHERE id = ${group.id}`.pipe(Effect.catchIf(isUniqueViolation, () => Effect.fail(externalIdExists())))
  const [updated] = yield* sql<GroupRow>`SELECT * FROM user_groups WHERE id = ${group.id}`
  return updated!
})

/** A group's stored extended fields. */
export const fieldsOf = (group: GroupRow): UserGroup.Fields => decodeFields(group.extended_fields)

// ---------------------------------------------------------------------------------------------------------------
// Moving members between groups
// ---------------------------------------------------------------------------------------------------------------

const unknownGroupId = (id: number) => reject(1619, `Group id ${id} is invalid`)

/**
 * Moves members from one group to another, all or none, in the caller's transaction: both groups of the
 * organisation (1619; the group left may be INACTIVE but not DELETED, the group joined must be ACTIVE); each
 * member a customer of the organisation (8015), an active member of the group left (1620) and not its primary
 * member (1624), not already active in the group joined (1623); and room in the group joined for all of them
 * (1638). Each member exits the group left and joins the other as a plain member, keeping their permissions.
 */
export const transferMembers = Effect.fnUntraced(function*(
  orgId: number,
  request: { readonly leaveGroupId: number; readonly joinGroupId: number; readonly userIds: ReadonlyArray<number> },
  now: number
) {
  const sql = yield* SqlClient.SqlClient
  const left = yield* find(orgId, { id: request.leaveGroupId })
  if (left === undefined || left.status === "DELETED") return yield* unknownGroupId(request.leaveGroupId)
  const joined = yield* find(orgId, { id: request.joinGroupId })
  if (joined === undefined || joined.status !== "ACTIVE") return yield* unknownGroupId(request.joinGroupId)
  const moving: Array<{ readonly userId: number; readonly permissions: string }> = []
  for (const userId of request.userIds) {
    if (!(yield* hasCustomer(orgId, userId))) return yield* customerNotFound()
    const [from] = yield* sql<MemberRow>`SELECT customer_id, primary_member, permissions, active
      FROM user_group_members WHERE group_id = ${left.id} AND customer_id = ${userId}`
    if (from === undefined || from.active !== 1) {
      return yield* reject(1620, `User ${userId} does not belong to group ${left.id}`)
    }
    if (from.primary_member === 1) return yield* reject(1624, `Group transfer not allowed for primary member ${userId}`)
    const to = yield* membership(joined.id, userId)
    if (to?.active === true) return yield* reject(1623, `User ${userId} already present in group ${joined.id}`)
    moving.push({ userId, permissions: from.permissions })
  }
  if ((yield* activeCount(joined.id)) + moving.length > joined.max_group_size) {
    return yield* reject(1638, `Total members in the group reached maximum group capacity ${joined.max_group_size}`)
  }
  for (const { permissions, userId } of moving) {
    yield* sql`UPDATE user_group_members SET active = 0, exited_on = ${now}
      WHERE group_id = ${left.id} AND customer_id = ${userId}`
    yield* sql`INSERT INTO user_group_members
        (group_id, customer_id, primary_member, permissions, joined_on, active, exited_on)
      VALUES (${joined.id}, ${userId}, 0, ${permissions}, ${now}, 1, NULL)
      ON CONFLICT (group_id, customer_id) DO UPDATE SET
        primary_member = 0, permissions = excluded.permissions, joined_on = excluded.joined_on, active = 1,
        exited_on = NULL`
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------

/** A customer's first profile names, and first mobile and email. */
export const contactOf = Effect.fnUntraced(function*(customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const [profile] = yield* sql<{ first_name: string | null; last_name: string | null }>`SELECT first_name, last_name
    FROM customer_profiles WHERE customer_id = ${customerId} ORDER BY rowid LIMIT 1`
  const identifiers = yield* sql<
    { type: string; value: string; series_id: number | null; status_label: string | null }
  >`
    SELECT type, value, series_id, status_label FROM customer_identifiers WHERE customer_id = ${customerId}
    ORDER BY rowid`
  const first = (type: string) => identifiers.find((row) => row.type === type)?.value
  return {
    firstName: profile?.first_name ?? "",
    lastName: profile?.last_name ?? "",
    mobile: first("mobile"),
    email: first("email"),
    identifiers
  }
})

/**
 * The organisation's groups (not deleted) that a search matches: `q` equal to the group's id, found in its name
 * or external id (ignoring case), or equal to its active primary member's mobile, card number or email (ignoring
 * case); by id, a page at a time, with the count of every match.
 */
export const search = Effect.fnUntraced(function*(
  orgId: number,
  q: string,
  page: { readonly limit: number; readonly offset: number }
) {
  const sql = yield* SqlClient.SqlClient
  const term = q.trim()
  const matches = sql`g.org_id = ${orgId} AND g.status <> 'DELETED' AND (
    CAST(g.id AS TEXT) = ${term}
    OR instr(lower(g.name), lower(${term})) > 0
    OR instr(lower(g.external_id), lower(${term})) > 0
    OR EXISTS (SELECT 1 FROM user_group_members m JOIN customer_identifiers i ON i.customer_id = m.customer_id
      WHERE m.group_id = g.id AND m.primary_member = 1 AND m.active = 1 AND i.org_id = ${orgId}
        AND ((i.type IN ('mobile', 'cardnumber') AND i.value = ${term})
          OR (i.type = 'email' AND lower(i.value) = lower(${term})))))`
  const [count] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_groups g WHERE ${matches}`
  const rows = yield* sql<GroupRow>`SELECT g.* FROM user_groups g WHERE ${matches}
    ORDER BY g.id LIMIT ${page.limit} OFFSET ${page.offset}`
  const hits: Array<UserGroup.GroupSearchHit> = []
  for (const group of rows) {
    const [primary] = yield* sql<{ customer_id: number }>`SELECT customer_id FROM user_group_members
      WHERE group_id = ${group.id} AND primary_member = 1 AND active = 1`
    const contact = primary === undefined ? undefined : yield* contactOf(primary.customer_id)
    hits.push({
      groupId: UserGroup.UserGroupId.make(group.id),
      groupName: group.name,
      groupStatus: decodeStatus(group.status),
      groupExternalId: group.external_id,
      ...(primary === undefined || contact === undefined ? {} : {
        firstName: contact.firstName,
        lastName: contact.lastName,
        primaryMemberId: UserGroup.CustomerId.make(primary.customer_id),
        ...(contact.email === undefined ? {} : { email: contact.email }),
        ...(contact.mobile === undefined ? {} : { mobile: contact.mobile })
      }),
      totalMembers: yield* activeCount(group.id),
      extendedFields: decodeFields(group.extended_fields)
    })
  }
  return { hits, total: count!.n }
})

// ---------------------------------------------------------------------------------------------------------------
// Members with their details
// ---------------------------------------------------------------------------------------------------------------

/** How a members read selects, orders and pages. */
export interface MemberSelection {
  /** Joined at or after / at or before (epoch milliseconds). */
  readonly from?: number | undefined
  readonly to?: number | undefined
  readonly primaryFirst: boolean
  readonly order: "ASC" | "DESC"
  readonly offset: number
  readonly limit: number | undefined
}

/** A membership with when it began. */
export interface MembershipRow {
  readonly customer_id: number
  readonly primary_member: number
  readonly permissions: string
  readonly active: number
  readonly joined_on: number
  readonly seq: number
}

/**
 * A group's members (each once, with their current membership), selected by joining date, ordered by joining
 * date (the primary member first when asked) and paged; with the count of those selected.
 */
export const selectMembers = Effect.fnUntraced(function*(groupId: number, selection: MemberSelection) {
  const sql = yield* SqlClient.SqlClient
  const rows = (yield* sql<MembershipRow>`SELECT customer_id, primary_member, permissions, active, joined_on,
      rowid AS seq FROM user_group_members WHERE group_id = ${groupId}`)
    .filter((row) =>
      (selection.from === undefined || row.joined_on >= selection.from) &&
      (selection.to === undefined || row.joined_on <= selection.to)
    )
  const direction = selection.order === "ASC" ? 1 : -1
  const sorted = [...rows].sort((a, b) =>
    (selection.primaryFirst ? b.primary_member - a.primary_member : 0) ||
    direction * (a.joined_on - b.joined_on) ||
    direction * (a.seq - b.seq)
  )
  const end = selection.limit === undefined ? undefined : selection.offset + selection.limit
  return { rows: sorted.slice(selection.offset, end), total: sorted.length }
})

/** The permissions stored for a membership. */
export const permissionsOf = (row: { readonly permissions: string }) =>
  JSON.parse(row.permissions) as ReadonlyArray<string>
