/**
 * What the emulator does for the user group endpoints of `@capillary-effect/usergroups`. A group belongs to one
 * organisation and is found by id, external id (unique in the organisation, 1633 when taken) or its primary
 * member's id; an unknown one is 1632 (1619 by primary user id). A join checks each member on its own, in its
 * bulk answer: a customer of the organisation (8015), not already in (1623), one primary member per group (1637)
 * who is primary of no other group (1642), and room under `maxGroupSize`, counted on active members in the
 * request's transaction so concurrent joins never overfill a group (1638). A member who leaves stays listed as
 * exited (1620 when not in); when the primary member leaves the group becomes INACTIVE, and joins to a group that
 * is not ACTIVE are refused (1632). A delete makes the group DELETED, exits its members and keeps it readable
 * (and its external id taken); deleting it again succeeds. A read's `pointsSummaries` come from the points ledger
 * when it is modelled (`LedgerBehaviours`): one per program where the group's wallet has points activity, with its
 * tier by lifetime points; none otherwise. Purchases are not modelled (`lifeTimePurchases` is 0). Requires the
 * customers tables (`CustomerBehaviours.migrations`).
 *
 * @since 0.1.0
 */
import { Customer } from "@capillary-effect/customers"
import { UserGroup, UserGroupsApi } from "@capillary-effect/usergroups"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, Rejection } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import { EmulatorClock } from "./EmulatorClock.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as CustomerStore from "./internal/customers.ts"
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

const reject = (code: number, message: string) => new Rejection({ status: 400, code, message })

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
      return yield* Ledger.withPointsSummaries(group.org_id, yield* Store.read(group, input.query))
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
  { rejectInvalid: rejectUnnamed(["id", "externalId", "primaryUserId"]) }
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

/**
 * The user group endpoints, their behaviours and their migration, for `Emulator.catalog`. Use it together with
 * the customers' catalog (members are customers).
 *
 * @since 0.1.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: UserGroupsApi.endpoints,
  behaviours: [create, get, join, leave, remove],
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
