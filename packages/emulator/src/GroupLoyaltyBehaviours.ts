/**
 * What the emulator does for the group loyalty reads of `@capillary-effect/usergroups`, all from the points
 * ledger (`LedgerBehaviours`: wallets, lots, tier changes): a group's points expiry schedule, promised points
 * schedule, tier log and ledger entries, and a member's group balance and tiers (`entityType=FLEET`). Every read
 * first posts the expiries and unlocks that fell due by the request's time, so it answers as Capillary's nightly
 * jobs would have left the ledger.
 *
 * Who: a group by id, external id or primary member (1632; 1619 by primary member), in any status; no group
 * named 1635. A `FLEET` read names a member, by id or by an identifier in a source (8015 when no customer; 8003
 * an unknown source, 8013 an unknown identifier name), and answers for the member's default group (the one they
 * lead, else the first they joined; 1632 when they are in none), `entityId` being the group's id. A program
 * that is not the organisation's is 1101; without one a read covers the group's program (the organisation's
 * group program), or every program with `getDataForAllPrograms` / `fetchDataForAllPrograms` (a balance then
 * sums them). A schedule's `type` other than `FLEET` or `USERGROUP2` is 1212.
 *
 * What: expiry schedules list the remaining points of the group's lots that will expire (never-expiring ones are
 * not listed), by date, program, points type and expiry type, the earliest first, `limit` / `offset` (or the
 * documented `limits` / `offsets`) at a time; promised schedules list the promised lots by unlock date (no
 * trigger-based points are modelled: that list is empty) with the group's negated id as `entityId`, as Capillary
 * writes it. The tier log lists the group's tier changes newest first (its first tier is not a change), with the
 * till and store of the request that caused it. The ledger lists one entry per event, 10 a page at most, with the
 * member who moved the points of a transfer; it has no opening-balance events, and no transactions.
 *
 * @since 0.2.0
 */
import { GroupLoyalty, GroupLoyaltyApi, UserGroup } from "@capillary-effect/usergroups"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, reject, singleValue } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as CustomerStore from "./internal/customers.ts"
import * as Loyalty from "./internal/groupLoyalty.ts"
import * as Ledger from "./internal/ledger.ts"
import * as GroupStore from "./internal/usergroups.ts"
import * as LedgerBehaviours from "./LedgerBehaviours.ts"

/**
 * The tables the reads need: those of the points ledger (with customers and user groups). The reads add none.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = LedgerBehaviours.migrations

const positiveInteger = /^[1-9]\d*$/

/** A program id that is not a number: 1101. */
const badProgram = (input: RawInput) => {
  const programId = input.query.programId
  return programId !== undefined && !positiveInteger.test(singleValue(programId) ?? "")
    ? Loyalty.invalidProgram()
    : undefined
}

const scheduleTypes: ReadonlyArray<string> = GroupLoyalty.ScheduleEntityType.literals

/** A schedule read that names no group (1635), an entity type it does not serve (1212), or a bad program (1101). */
const rejectSchedule = (input: RawInput) => {
  const { type } = input.query
  if (["id", "externalId", "primaryUserId"].every((name) => input.query[name] === undefined)) {
    return reject(1635, "User group query param is missing: one of id, externalId, primaryUserId")
  }
  if (type !== undefined && !scheduleTypes.includes(singleValue(type) ?? "-")) {
    return reject(1212, "Invalid entityType: use FLEET or USERGROUP2")
  }
  return badProgram(input)
}

/** A tier log read without a group (1635) or with one that is not an id (1632). */
const rejectSlabHistory = (input: RawInput) => {
  const id = input.query.fleetGroupId
  if (id === undefined) return reject(1635, "User group query param is missing: fleetGroupId")
  return positiveInteger.test(singleValue(id) ?? "") ? undefined : GroupStore.invalidGroup("id")
}

const groupIdentifiers: ReadonlyArray<string> = GroupLoyalty.LedgerGroupIdentifier.literals

/** A group ledger read whose identifier does not name a group (8013), or a bad program (1101). */
const rejectGroupLedger = (input: RawInput) => {
  const name = input.query.identifierName
  if (name !== undefined && !groupIdentifiers.includes(singleValue(name) ?? "")) {
    return reject(8013, "Invalid identifier for a user group: use id, groupId, externalId or primaryUserId")
  }
  return badProgram(input)
}

const sources: ReadonlyArray<string> = GroupLoyalty.LookupSource.literals
const identifierTypes: ReadonlyArray<string> = UserGroup.IdentifierType.literals

/** A lookup with an unknown source (8003) or identifier name (8013), or a bad program (1101). */
const rejectLookup = (input: RawInput) => {
  const { identifierName, source } = input.query
  if (source !== undefined && !sources.includes(singleValue(source) ?? "")) return reject(8003, "Invalid source")
  if (identifierName !== undefined && !identifierTypes.includes(singleValue(identifierName) ?? "")) {
    return reject(8013, "Invalid identifier")
  }
  return badProgram(input)
}

/** Posts what fell due by the request's time. */
const settled = (orgId: number, now: number) =>
  Effect.gen(function*() {
    if (yield* Ledger.lotsModelled) yield* Ledger.settle(orgId, now)
  })

/** A page of a list by `limit` / `offset`, or the documented `limits` / `offsets`. */
const pageOf = <A>(
  rows: ReadonlyArray<A>,
  query: {
    readonly limit?: number | undefined
    readonly offset?: number | undefined
    readonly limits?: number | undefined
    readonly offsets?: number | undefined
  }
) => {
  const offset = query.offset ?? query.offsets ?? 0
  const limit = query.limit ?? query.limits
  return rows.slice(offset, limit === undefined ? undefined : offset + limit)
}

// ---------------------------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------------------------

/**
 * `usergroups.pointsExpirySchedule`: when the group's points expire, the earliest first, a page at a time.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const pointsExpirySchedule = handle(
  GroupLoyaltyApi.pointsExpirySchedule,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const group = yield* GroupStore.get(orgId, query)
      yield* settled(orgId, context.now)
      const programs = yield* Loyalty.programsFor(orgId, {
        programId: query.programId,
        all: query.getDataForAllPrograms
      })
      const rows = yield* Loyalty.expirySchedule(Loyalty.groupOwner(orgId, group.id), {
        programs,
        startDate: query.startDate,
        endDate: query.endDate,
        earliestOnly: query.fetchEarliestExpiryOnly
      })
      return {
        expirySchedules: pageOf(rows, query).map((row) => ({
          points: row.points,
          expiryDate: row.expiryDate,
          programId: row.programId,
          pointsType: row.pointsType,
          expiryType: row.expiryType
        })),
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectSchedule }
)

/**
 * `usergroups.promisedPointsSchedule`: when the group's promised points become redeemable, the earliest first, a
 * page at a time.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const promisedPointsSchedule = handle(
  GroupLoyaltyApi.promisedPointsSchedule,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const group = yield* GroupStore.get(orgId, query)
      yield* settled(orgId, context.now)
      const programs = yield* Loyalty.programsFor(orgId, {
        programId: query.programId,
        all: query.getDataForAllPrograms
      })
      const rows = yield* Loyalty.promisedSchedule(Loyalty.groupOwner(orgId, group.id), {
        programs,
        startDate: query.startDate,
        endDate: query.endDate
      })
      return {
        entityId: -group.id,
        entityType: "FLEET",
        promisedPointsScheduleList: pageOf(rows, query).map((row) => ({
          points: row.points,
          redeemableFrom: row.redeemableFrom,
          redeemableFromISO: Loyalty.dayInstant(row.redeemableFrom),
          programId: row.programId,
          pointsType: row.pointsType
        })),
        triggerBasedPointsList: [],
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectSchedule }
)

// ---------------------------------------------------------------------------------------------------------------
// Tier log
// ---------------------------------------------------------------------------------------------------------------

const instantOf = (value: string | undefined) =>
  value === undefined ? undefined : Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)

/**
 * `usergroups.slabHistory`: the group's tier changes, newest first, `pageSize` (20) at a time from `offset`, with
 * the total.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const slabHistory = handle(
  GroupLoyaltyApi.slabHistory,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const group = yield* GroupStore.get(orgId, { id: query.fleetGroupId })
      yield* settled(orgId, context.now)
      const changes = yield* Loyalty.slabChanges(Loyalty.groupOwner(orgId, group.id), {
        from: instantOf(query.startDate),
        until: instantOf(query.endDate)
      })
      const limit = query.pageSize ?? GroupLoyalty.slabHistoryPageSize
      const offset = query.offset ?? 0
      return {
        data: changes.slice(offset, offset + limit),
        pagination: { limit, offset, total: changes.length },
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectSlabHistory }
)

// ---------------------------------------------------------------------------------------------------------------
// Group ledger
// ---------------------------------------------------------------------------------------------------------------

const categoryBucket = { REGULAR: "MAIN", PROMISED: "PROMISED", TRIGGER_BASED: "NONE" } as const

/** The group a ledger read names. */
const ledgerGroup = (orgId: number, query: GroupLoyalty.GroupLedgerQuery) => {
  switch (query.identifierName) {
    case "id":
    case "groupId":
      return GroupStore.get(orgId, { id: Number(query.identifierValue) })
    case "externalId":
      return GroupStore.get(orgId, { externalId: query.identifierValue })
    case "primaryUserId":
      return GroupStore.get(orgId, { primaryUserId: Number(query.identifierValue) })
  }
}

/** A ledger date-time (`YYYY-MM-DDThh:mm:ss`, UTC): the first or the last millisecond of that second. */
const ledgerInstant = (value: string | undefined, end: boolean) =>
  Effect.gen(function*() {
    if (value === undefined) return undefined
    const millis = Date.parse(`${value}Z`)
    if (Number.isNaN(millis)) return yield* reject(400, `Invalid date: ${value}`)
    return end ? millis + 999 : millis
  })

/**
 * `usergroups.groupLedger`: a page of the group's ledger entries, one per event, oldest first unless
 * `order=DESC` (or `sortOrder=DESC`), filtered by dates, program, entry type and points category.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const groupLedger = handle(
  GroupLoyaltyApi.groupLedger,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const group = yield* ledgerGroup(orgId, query)
      yield* settled(orgId, context.now)
      const programs = query.programId === undefined
        ? undefined
        : yield* Loyalty.programsFor(orgId, { programId: query.programId })
      const filter: Ledger.EntryFilter = {
        programId: programs?.[0]?.id,
        bucket: query.pointCategoryType === undefined ? undefined : categoryBucket[query.pointCategoryType],
        direction: query.ledgerEntryType === "OPENING_BALANCE" ? "NONE" : query.ledgerEntryType,
        from: yield* ledgerInstant(query.startDate, false),
        until: yield* ledgerInstant(query.endDate, true)
      }
      const page = yield* Loyalty.ledgerPage(Loyalty.groupOwner(orgId, group.id), filter, {
        limit: query.limit ?? GroupLoyalty.maxLedgerPageSize,
        pageNumber: query.offset ?? 0,
        order: query.order ?? query.sortOrder ?? "ASC"
      })
      // The documented group answer names no owner; the emulator names the group as the customers' read does, so
      // a client of that read (which requires it) reads a group's ledger through this one too.
      return {
        customerDetails: { userId: group.id, externalId: group.external_id, entityType: "FLEET" },
        ...page,
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectGroupLedger }
)

// ---------------------------------------------------------------------------------------------------------------
// A member's group: balance and tiers
// ---------------------------------------------------------------------------------------------------------------

/** A member's default group (1632 when they are in none). */
const groupOfMember = Effect.fnUntraced(function*(customerId: number) {
  const groupId = (yield* GroupStore.defaultGroups([customerId])).get(customerId)
  if (groupId === undefined) return yield* reject(1632, "Invalid user group: the customer is in no user group")
  return groupId
})

const memberById = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  if (!(yield* GroupStore.hasCustomer(orgId, customerId))) return yield* CustomerStore.notFound()
  return customerId
})

const memberByLookup = Effect.fnUntraced(function*(orgId: number, query: GroupLoyalty.FleetLookupQuery) {
  const found = yield* CustomerStore.findByIdentifier(
    orgId,
    { type: query.identifierName, value: query.identifierValue },
    { source: query.source, accountId: query.accountId }
  )
  if (found === undefined) return yield* CustomerStore.notFound()
  return found
})

const fleetBalance = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  query: GroupLoyalty.FleetQuery,
  now: number
) {
  const groupId = yield* groupOfMember(customerId)
  yield* settled(orgId, now)
  const programs = yield* Loyalty.programsFor(orgId, { programId: query.programId, all: query.fetchDataForAllPrograms })
  const { main, promised } = yield* Ledger.totalBalances(
    Loyalty.groupOwner(orgId, groupId),
    programs.map((program) => program.id)
  )
  return {
    entityId: groupId,
    entityType: "FLEET",
    totalPoints: Ledger.fromMilli(main + promised),
    mainPoints: Ledger.fromMilli(main),
    promisedPoints: Ledger.fromMilli(promised),
    promisedPointsBreakup: { delayedAccrualPoints: Ledger.fromMilli(promised), externalTriggerBasedPoints: 0 },
    warnings: []
  }
})

const fleetTiers = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  query: GroupLoyalty.FleetQuery,
  now: number
) {
  const groupId = yield* groupOfMember(customerId)
  yield* settled(orgId, now)
  const programs = yield* Loyalty.programsFor(orgId, { programId: query.programId, all: query.fetchDataForAllPrograms })
  return {
    entityId: groupId,
    entityType: "FLEET",
    programTiers: yield* Loyalty.programTiers(Loyalty.groupOwner(orgId, groupId), programs),
    warnings: []
  }
})

/**
 * `usergroups.groupBalance`: the points of the member's group (`entityType=FLEET`).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const groupBalance = handle(
  GroupLoyaltyApi.groupBalance,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const customerId = yield* memberById(orgId, input.path.userId)
      return yield* fleetBalance(orgId, customerId, input.query, context.now)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: badProgram }
)

/**
 * `usergroups.groupBalanceLookup`: the points of the group of the member an identifier names.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const groupBalanceLookup = handle(
  GroupLoyaltyApi.groupBalanceLookup,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const customerId = yield* memberByLookup(orgId, input.query)
      return yield* fleetBalance(orgId, customerId, input.query, context.now)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

/**
 * `usergroups.groupTiers`: the tiers of the member's group (`entityType=FLEET`), in each program read that has
 * tiers.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const groupTiers = handle(
  GroupLoyaltyApi.groupTiers,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const customerId = yield* memberById(orgId, input.path.userId)
      return yield* fleetTiers(orgId, customerId, input.query, context.now)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: badProgram }
)

/**
 * `usergroups.groupTiersLookup`: the tiers of the group of the member an identifier names.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const groupTiersLookup = handle(
  GroupLoyaltyApi.groupTiersLookup,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const customerId = yield* memberByLookup(orgId, input.query)
      return yield* fleetTiers(orgId, customerId, input.query, context.now)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

// ---------------------------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------------------------

/**
 * The group loyalty endpoints, their behaviours and the ledger's migrations, for `Emulator.catalog`. The group
 * ledger and the `FLEET` reads share their paths with customer reads: the emulator routes a request to them by
 * their variant (`type=USERGROUP2`, `entityType=FLEET`).
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: GroupLoyaltyApi.endpoints,
  behaviours: [
    pointsExpirySchedule,
    promisedPointsSchedule,
    slabHistory,
    groupLedger,
    groupBalance,
    groupBalanceLookup,
    groupTiers,
    groupTiersLookup
  ],
  migrations
}
