/**
 * What the emulator does for the points reads of `@capillary-effect/rewards` (points balance, ledger balance,
 * ledger entries) and the group points transfers of `@capillary-effect/usergroups` (isTransferrable, transfer,
 * transfer history), on one double-entry points ledger (see the migration `0400_points_ledger`): wallets per
 * organisation, owner (customer or user group), program and bucket (MAIN, PROMISED); every event appends entries
 * that sum to zero; no wallet goes below zero, whatever the order of concurrent requests.
 *
 * Programs: a request's `programId` must be a program of the organisation (1101). Without one, a customer's
 * wallet is in the organisation's default program and a group's in its group program (the demo org: 1001 and
 * 1002), so a transfer without `programId` moves points between those two programs.
 *
 * A group transfer checks, in its transaction: the program (1101); each side, a customer by identifier in its
 * source (8015) or an ACTIVE group (1632, 1619 by primary member); `transferredBy`, a customer (8015); then the
 * refusals: the same account on both sides (418); points out of a group are moved by one of its active members
 * and go to one (1620), neither with `block_points_redemption` or `block_points_transfer` (828); points into a
 * group come from one of its active members (1620); the source has the points (804). isTransferrable answers a
 * refusal as `transferrable: false` with the refusal in `warnings` (Capillary documents only the positive
 * answer); a transfer fails with it and writes nothing. Bodies Capillary refuses with a code of its own: points
 * that are not a positive number 422, more than three decimals 878, an unknown entity type or identifier type, or
 * customers on both sides, 434.
 *
 * The ledger reads name a customer by id or identifier in a source (8015), or a group (`type=USERGROUP2`) by id,
 * external id or primary member (1632 / 1619), whatever its status. Entries are events, oldest first unless
 * `sortOrder=DESC`, 10 to a page at most, `offset` the page number; `startDate` / `endDate`
 * (`YYYY-MM-DDThh:mm:ss`, UTC) filter them when given (the emulator does not apply Capillary's default 7-day
 * window or its 30-day limit). A balance read with `entityType=FLEET` is the user group read
 * `usergroups.groupBalance` (`GroupLoyaltyBehaviours`), which the emulator routes it to by its variant; in a
 * catalog without that read it answers 501, as any endpoint nobody serves does.
 *
 * @since 0.1.0
 */
import { Points, PointsApi } from "@capillary-effect/rewards"
import { GroupPoints, GroupPointsApi, UserGroup } from "@capillary-effect/usergroups"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { handle, isRecord, type RawInput, reject, Rejection } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import { EmulatorClock } from "./EmulatorClock.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as CustomerLoyalty from "./internal/customerLoyalty.ts"
import * as CustomerStore from "./internal/customers.ts"
import { ledgerDate } from "./internal/dates.ts"
import * as Ledger from "./internal/ledger.ts"
import * as GroupStore from "./internal/usergroups.ts"
import * as UserGroupBehaviours from "./UserGroupBehaviours.ts"

/**
 * The ledger tables, after those of customers and user groups (whose ids the wallets belong to): accounts
 * (balance and running totals, a CHECK that no wallet is below zero), append-only events and their entries, and
 * transfer records; then (`0410_points_lots`) each program's expiry and delayed accrual rules, the lots of every
 * wallet (points type, expiry or unlock date, what is left) and the log of tier changes.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  ...UserGroupBehaviours.migrations,
  "0400_points_ledger": Ledger.createTables,
  "0410_points_lots": Ledger.createLots,
  "0420_tier_floors": Ledger.createTierFloors
}

// ---------------------------------------------------------------------------------------------------------------
// Who: programs, customers, groups
// ---------------------------------------------------------------------------------------------------------------

const invalidProgram = () => reject(1101, "Invalid programId")

/** The named program (1101 when it is not the organisation's), or the owner type's default one. */
const programFor = Effect.fnUntraced(function*(orgId: number, requested: number | undefined, type: Ledger.OwnerType) {
  const found = requested === undefined
    ? yield* Ledger.defaultProgram(orgId, type)
    : yield* Ledger.program(orgId, requested)
  if (found === undefined) return yield* invalidProgram()
  return found
})

/** A customer's first profile names and external id. */
const customerDetails = Effect.fnUntraced(function*(customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const [profile] = yield* sql<{ first_name: string | null; last_name: string | null }>`SELECT first_name, last_name
    FROM customer_profiles WHERE customer_id = ${customerId} ORDER BY rowid LIMIT 1`
  const [external] = yield* sql<{ value: string }>`SELECT value FROM customer_identifiers
    WHERE customer_id = ${customerId} AND type = 'externalId' ORDER BY rowid LIMIT 1`
  return {
    firstName: profile?.first_name ?? "",
    lastName: profile?.last_name ?? "",
    externalId: external?.value
  }
})

/** A customer of the organisation by id (8015 when not). */
const customerById = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  if (!(yield* GroupStore.hasCustomer(orgId, customerId))) return yield* CustomerStore.notFound()
  return customerId
})

/** A customer by identifier in a source (any for `ALL` or absent) and account (8015 when none holds it). */
const customerByIdentifier = Effect.fnUntraced(function*(
  orgId: number,
  identifier: { readonly type: string; readonly value: string },
  source: Points.LookupSource | undefined,
  accountId: string | undefined
) {
  const found = yield* CustomerStore.findByIdentifier(orgId, identifier, { source: source ?? "ALL", accountId })
  if (found === undefined) return yield* CustomerStore.notFound()
  return found
})

const primaryIdentifier = {
  primaryUserMobile: "mobile",
  primaryUserEmail: "email",
  primaryUserCardnumber: "cardnumber"
} as const

/** A group of the organisation, in any status, as a transfer or a read names it (1632; 1619 by primary member). */
const findGroup = Effect.fnUntraced(function*(
  orgId: number,
  identifierType: GroupPoints.GroupIdentifierType,
  value: string
) {
  switch (identifierType) {
    case "id":
      return yield* GroupStore.get(orgId, { id: Number(value) })
    case "externalId":
      return yield* GroupStore.get(orgId, { externalId: value })
    case "primaryUserId":
      return yield* GroupStore.get(orgId, { primaryUserId: Number(value) })
    default: {
      const primary = yield* CustomerStore.findByIdentifier(
        orgId,
        { type: primaryIdentifier[identifierType], value },
        { source: "ALL" }
      )
      if (primary === undefined) return yield* GroupStore.invalidGroup("primaryUserId")
      return yield* GroupStore.get(orgId, { primaryUserId: primary })
    }
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Points balance
// ---------------------------------------------------------------------------------------------------------------

/** A balance read with an unknown entity type (1212) or a program id that is not a number (1101). */
const rejectBalance = (input: RawInput) => {
  const { entityType, programId } = input.query
  if (entityType !== undefined && entityType !== "CUSTOMER" && entityType !== "FLEET") {
    return reject(1212, "Invalid entityType: use CUSTOMER or FLEET")
  }
  if (programId !== undefined && !(typeof programId === "string" && /^[1-9]\d*$/.test(programId))) {
    return invalidProgram()
  }
  return undefined
}

/**
 * A group balance (`entityType=FLEET`) that reached the customers' read: the catalog has no
 * `usergroups.groupBalance` (`GroupLoyaltyBehaviours`) to route it to, so nothing here models it (501).
 */
const fleetNotServed = () =>
  new Rejection({
    status: 501,
    code: 501,
    message: "Not modelled by the emulator yet: entityType=FLEET is usergroups.groupBalance, not in this catalog"
  })

/**
 * `rewards.pointsBalance`: the customer's MAIN and PROMISED points in the program. Its `entityType=FLEET` variant
 * is `usergroups.groupBalance`, routed there (501 in a catalog without it).
 *
 * @since 0.1.0
 * @category behaviours
 */
export const pointsBalance = handle(
  PointsApi.pointsBalance,
  (input, context) =>
    Effect.gen(function*() {
      if (input.query.entityType === "FLEET") return yield* fleetNotServed()
      const orgId = context.principal.orgId
      const customerId = yield* customerById(orgId, input.path.userId)
      yield* Ledger.settle(orgId, context.now)
      const owner: Ledger.Owner = { orgId, type: "CUSTOMER", id: customerId }
      const program = yield* programFor(orgId, input.query.programId, owner.type)
      return yield* CustomerLoyalty.balance(owner, [program])
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectBalance }
)

// ---------------------------------------------------------------------------------------------------------------
// Ledger reads
// ---------------------------------------------------------------------------------------------------------------

interface LedgerSubject {
  readonly owner: Ledger.Owner
  readonly details: Points.LedgerOwner
}

/** The owner a ledger query names, and how the answer describes it. */
const ledgerSubject = Effect.fnUntraced(function*(
  orgId: number,
  query: Points.LedgerBalanceQuery | Points.LedgerInfoQuery
) {
  if (query.type === "USERGROUP2") {
    const group = yield* findGroup(
      orgId,
      query.identifierName as GroupPoints.GroupIdentifierType,
      query.identifierValue
    )
    return {
      owner: { orgId, type: "USERGROUP2", id: group.id },
      details: { userId: group.id, externalId: group.external_id, entityType: "FLEET" }
    } satisfies LedgerSubject
  }
  const customerId = query.identifierName === "id"
    ? yield* customerById(orgId, Number(query.identifierValue))
    : yield* customerByIdentifier(
      orgId,
      { type: query.identifierName, value: query.identifierValue },
      query.source,
      query.accountId
    )
  const details = yield* customerDetails(customerId)
  return {
    owner: { orgId, type: "CUSTOMER", id: customerId },
    details: {
      userId: customerId,
      ...(details.externalId === undefined ? {} : { externalId: details.externalId }),
      firstName: details.firstName,
      lastName: details.lastName,
      entityType: "CUSTOMER"
    }
  } satisfies LedgerSubject
})

/** A ledger date-time (`YYYY-MM-DDThh:mm:ss`, UTC): the first or the last millisecond of that second. */
const instant = (value: string | undefined, end: boolean) =>
  Effect.gen(function*() {
    if (value === undefined) return undefined
    const millis = Date.parse(`${value}Z`)
    if (Number.isNaN(millis)) return yield* reject(400, `Invalid date: ${value}`)
    return end ? millis + 999 : millis
  })

const categoryBucket = {
  REGULAR: "MAIN",
  PROMISED: "PROMISED",
  TRIGGER_BASED: "NONE"
} as const

const bucketCategory = {
  MAIN: "Main",
  PROMISED: "DelayedAccrualPointCategory"
} as const

const typeCategory = {
  REGULAR: "Main",
  PROMISED: "DelayedAccrualPointCategory",
  TRIGGER_BASED: "ExternalTriggerBasedPointCategory"
} as const

/** A ledger query's program, when it names one (1101 when it is not the organisation's). */
const ledgerProgram = Effect.fnUntraced(function*(orgId: number, programId: number | undefined) {
  if (programId === undefined) return undefined
  const found = yield* Ledger.program(orgId, programId)
  if (found === undefined) return yield* invalidProgram()
  return found.id
})

/** A read whose ledger subject Capillary cannot parse: an identifier name for the other kind of owner (8013). */
const rejectLedger = (input: RawInput) => {
  const { identifierName, type } = input.query
  if (type !== undefined && type !== "CUSTOMER" && type !== "USERGROUP2") return reject(434, "Invalid type")
  const groupNames = ["id", "externalId", "primaryUserId"]
  if (type === "USERGROUP2" && typeof identifierName === "string" && !groupNames.includes(identifierName)) {
    return reject(8013, "Invalid identifier for a user group")
  }
  return undefined
}

/** The `ledgerDetails` page fields of a read. */
const pageOf = (
  query: { readonly limit?: number | undefined; readonly offset?: number | undefined },
  total: number
) => {
  const limit = query.limit ?? Points.maxLedgerPageSize
  return { pageNumber: query.offset ?? 0, pageSize: limit, totalEntries: total, pageCount: Math.ceil(total / limit) }
}

/**
 * `rewards.ledgerBalance`: the closing balance of each program (or the one named) and points category of the
 * owner's ledger, as of `endDate` (all entries when absent): the sum of the entries up to then. `ledgerDetails`
 * counts the owner's ledger entries (events) up to then; the closing balances are not paged.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const ledgerBalance = handle(
  PointsApi.ledgerBalance,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const { details, owner } = yield* ledgerSubject(orgId, query)
      yield* Ledger.settle(orgId, context.now)
      const programId = yield* ledgerProgram(orgId, query.programId)
      const until = yield* instant(query.endDate, true)
      const totals = yield* Ledger.closingBalances(owner, until)
      const total = yield* Ledger.countEvents(owner, { until })
      const wanted = query.pointCategoryType === undefined ? undefined : typeCategory[query.pointCategoryType]
      const ledgerClosingBalance = (yield* Ledger.programs(orgId))
        .filter((program) => programId === undefined || program.id === programId)
        .flatMap((program) =>
          Points.PointsCategory.literals
            .filter((category) => wanted === undefined || category === wanted)
            .map((category) => {
              const row = totals.find((candidate) =>
                candidate.program_id === program.id && bucketCategory[candidate.bucket] === category
              )
              return {
                pointsCategory: category,
                programName: program.name,
                programId: Points.ProgramId.make(program.id),
                closingBalance: Ledger.fromMilli(row?.total ?? 0)
              }
            })
        )
      return {
        customerDetails: details,
        ledgerDetails: { ...pageOf(query, total), ledgerClosingBalance },
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLedger }
)

/**
 * `rewards.ledgerInfo`: a page of the owner's ledger entries, one per event, with the owner's credits and debits
 * in it (filtered by program, entry type and points category), their net, and the till and store of the request
 * that made it.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const ledgerInfo = handle(
  PointsApi.ledgerInfo,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const { details, owner } = yield* ledgerSubject(orgId, query)
      yield* Ledger.settle(orgId, context.now)
      const filter: Ledger.EntryFilter = {
        programId: yield* ledgerProgram(orgId, query.programId),
        bucket: query.pointCategoryType === undefined ? undefined : categoryBucket[query.pointCategoryType],
        direction: query.ledgerEntryType === "OPENING_BALANCE" ? "NONE" : query.ledgerEntryType,
        from: yield* instant(query.startDate, false),
        until: yield* instant(query.endDate, true)
      }
      const page = pageOf(query, yield* Ledger.countEvents(owner, filter))
      const events = yield* Ledger.events(owner, filter, {
        limit: page.pageSize,
        offset: page.pageNumber * page.pageSize,
        order: query.sortOrder ?? "ASC"
      })
      return {
        customerDetails: details,
        ledgerDetails: page,
        ledgerEntries: events.map((event) => ({
          eventLogId: event.id,
          eventName: event.eventName,
          ledgerCreatedDate: ledgerDate(event.createdAt),
          entryDetails: event.entries.map((entry) => ({
            ledgerEntryType: entry.amount > 0 ? "CREDIT" as const : "DEBIT" as const,
            points: Ledger.fromMilli(Math.abs(entry.amount)),
            pointsCategory: bucketCategory[entry.bucket],
            programName: entry.programName,
            programId: Points.ProgramId.make(entry.programId)
          })),
          netPointsOnEvent: Ledger.fromMilli(event.entries.reduce((sum, entry) => sum + entry.amount, 0)),
          ...(event.tillCode === undefined
            ? {}
            : { store: event.storeCode ?? "", storeCode: event.storeCode ?? "", tillCode: event.tillCode })
        })),
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLedger }
)

// ---------------------------------------------------------------------------------------------------------------
// Group points transfers
// ---------------------------------------------------------------------------------------------------------------

const customerIdentifierTypes: ReadonlyArray<string> = GroupPoints.CustomerIdentifierType.literals
const groupIdentifierTypes: ReadonlyArray<string> = GroupPoints.GroupIdentifierType.literals

/**
 * A transfer body Capillary refuses with a code of its own: points that are not a positive number (422), more
 * than three decimals (878), an unknown entity type or identifier type, or customers on both sides (434).
 */
const rejectTransfer = (input: RawInput) => {
  const body = isRecord(input.body) ? input.body : {}
  const points = body.pointsTobeTransferred
  if (typeof points !== "number" || !Number.isFinite(points) || points <= 0) {
    return reject(422, "pointsToBeTransferred is invalid")
  }
  if (!/^\d+(\.\d{1,3})?$/.test(String(points))) return reject(878, "Points cannot have more than 3 decimal places")
  const types: Array<unknown> = []
  for (const side of ["fromEntity", "toEntity"] as const) {
    const entity = body[side]
    if (!isRecord(entity) || (entity.type !== "CUSTOMER" && entity.type !== "USERGROUP2")) {
      return reject(434, `Invalid ${side}.type set in the request payload`)
    }
    const allowed = entity.type === "CUSTOMER" ? customerIdentifierTypes : groupIdentifierTypes
    if (typeof entity.identifierType !== "string" || !allowed.includes(entity.identifierType)) {
      return reject(434, `Invalid ${side}.identifierType set in the request payload`)
    }
    types.push(entity.type)
  }
  if (types.every((type) => type === "CUSTOMER")) {
    return reject(434, "Invalid request payload: fromEntity or toEntity must be a USERGROUP2")
  }
  return undefined
}

/** One resolved side of a transfer. */
interface Side {
  readonly owner: Ledger.Owner
  readonly program: Ledger.ProgramRow
  readonly group: GroupStore.GroupRow | undefined
}

const resolveSide = Effect.fnUntraced(function*(
  orgId: number,
  entity: GroupPoints.TransferEntity,
  requested: number | undefined
) {
  if (entity.type === "CUSTOMER") {
    const id = yield* customerByIdentifier(
      orgId,
      { type: entity.identifierType, value: entity.identifierValue },
      entity.source,
      entity.accountId
    )
    const owner: Ledger.Owner = { orgId, type: "CUSTOMER", id }
    return { owner, program: yield* programFor(orgId, requested, "CUSTOMER"), group: undefined } satisfies Side
  }
  const group = yield* findGroup(orgId, entity.identifierType, entity.identifierValue)
  if (group.status !== "ACTIVE") return yield* GroupStore.notActive(group.status)
  const owner: Ledger.Owner = { orgId, type: "USERGROUP2", id: group.id }
  return { owner, program: yield* programFor(orgId, requested, "USERGROUP2"), group } satisfies Side
})

const blocking = ["block_points_redemption", "block_points_transfer"]

/** Why the points cannot move (the first refusal), if they cannot. */
const refusalOf = Effect.fnUntraced(function*(from: Side, to: Side, by: number, milli: number) {
  if (from.owner.type === to.owner.type && from.owner.id === to.owner.id) {
    return reject(418, "From and To entities are the same")
  }
  // Points out of a group: moved by one of its members, to one of its members, neither blocked.
  if (from.group !== undefined) {
    const members = [by, ...(to.owner.type === "CUSTOMER" ? [to.owner.id] : [])]
    for (const member of members) {
      const found = yield* GroupStore.membership(from.group.id, member)
      if (found === undefined || !found.active) {
        return reject(1620, `User ${member} is not part of the user group ${from.group.id}`)
      }
      if (found.permissions.some((permission) => blocking.includes(permission))) {
        return reject(828, `Points redemption is not allowed for user ${member} in the user group ${from.group.id}`)
      }
    }
  }
  // Points into a group from a customer: one of its members.
  if (to.group !== undefined && from.owner.type === "CUSTOMER") {
    const found = yield* GroupStore.membership(to.group.id, from.owner.id)
    if (found === undefined || !found.active) {
      return reject(1620, `User ${from.owner.id} is not part of the user group ${to.group.id}`)
    }
  }
  const { main } = yield* Ledger.balances(from.owner, from.program.id)
  if (main < milli) return Ledger.insufficientPoints()
  return undefined
})

/** A transfer request resolved, and why it cannot happen if it cannot. */
const assess = Effect.fnUntraced(function*(orgId: number, request: GroupPoints.TransferRequest) {
  if (request.programId !== undefined && (yield* Ledger.program(orgId, request.programId)) === undefined) {
    return yield* invalidProgram()
  }
  const from = yield* resolveSide(orgId, request.fromEntity, request.programId)
  const to = yield* resolveSide(orgId, request.toEntity, request.programId)
  const by = yield* customerByIdentifier(
    orgId,
    { type: request.transferredBy.identifierType, value: request.transferredBy.identifierValue },
    request.transferredBy.source,
    request.transferredBy.accountId
  )
  const milli = Ledger.toMilli(request.pointsTobeTransferred)
  const refusal = yield* refusalOf(from, to, by, milli)
  return { from, to, by, milli, refusal }
})

/**
 * `usergroups.isTransferrable`: whether the transfer would happen now. A refusal is `transferrable: false` with
 * the refusal (418, 1620, 828, 804) as its warning; a request naming what does not exist fails (1101, 8015,
 * 1632, 1619).
 *
 * @since 0.1.0
 * @category behaviours
 */
export const isTransferrable = handle(
  GroupPointsApi.isTransferrable,
  (input, context) =>
    Effect.gen(function*() {
      // Points that expired or unlocked by now count as such, as they will for the transfer itself.
      yield* Ledger.settle(context.principal.orgId, context.now)
      const { refusal } = yield* assess(context.principal.orgId, input.body)
      return {
        data: [{ pointsTobeTransferred: input.body.pointsTobeTransferred, transferrable: refusal === undefined }],
        warnings: refusal === undefined ? [] : [{ status: false, code: refusal.code, message: refusal.message }],
        errors: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectTransfer }
)

const transferDate = (epochMillis: number) => new Date(epochMillis).toISOString().slice(0, 19)

/** A group as a transfer record shows it. */
const groupSnapshot = Effect.fnUntraced(function*(orgId: number, groupId: number) {
  const group = yield* GroupStore.get(orgId, { id: groupId })
  const read = yield* GroupStore.read(group)
  return {
    id: read.id,
    groupStatus: read.groupStatus,
    fleetGroupUsers: read.fleetGroupUsers,
    createdBy: read.createdBy,
    createdOn: read.createdOn,
    lifeTimePurchases: read.lifeTimePurchases
  }
})

const party = Effect.fnUntraced(function*(customerId: number) {
  const { firstName, lastName } = yield* customerDetails(customerId)
  return { userId: UserGroup.CustomerId.make(customerId), firstName, lastName }
})

/** A transfer row as a record, from the point of view of its source (`DEDUCTION`) or destination (`ADDITION`). */
const transferRecord = Effect.fnUntraced(function*(
  orgId: number,
  row: Ledger.TransferRow,
  transferType: "DEDUCTION" | "ADDITION"
) {
  const program = yield* Ledger.program(orgId, row.from_program)
  const date = transferDate(row.created_at)
  return {
    toEntityId: row.to_id,
    toEntityType: row.to_type,
    fromEntityId: row.from_id,
    fromEntityType: row.from_type,
    pointsTransferDate: date.replace("T", " "),
    pointsTransferDateISO: `${date}Z`,
    pointsTransferred: Ledger.fromMilli(row.points),
    transferId: row.id,
    transferType,
    ...(row.from_type === "CUSTOMER"
      ? { transferredFrom: yield* party(row.from_id) }
      : { transferredFromUserGroup2: yield* groupSnapshot(orgId, row.from_id) }),
    ...(row.to_type === "CUSTOMER"
      ? { transferredTo: yield* party(row.to_id) }
      : { transferredToUserGroup2: yield* groupSnapshot(orgId, row.to_id) }),
    notes: row.notes,
    programName: program?.name ?? ""
  } satisfies GroupPoints.TransferRecord
})

/**
 * `usergroups.transferPoints`: moves the points from the source's MAIN wallet to the destination's, as a ledger
 * event of two entries that sum to zero and a transfer record keeping the notes, and answers the record
 * (`DEDUCTION`) with the source's program breakup. A refusal fails the request and writes nothing.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const transferPoints = handle(
  GroupPointsApi.transferPoints,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      // Assessed on the settled ledger, as isTransferrable is: points that unlocked by now can move.
      yield* Ledger.settle(orgId, context.now)
      const { by, from, milli, refusal, to } = yield* assess(orgId, input.body)
      if (refusal !== undefined) return yield* refusal
      const { transferId } = yield* Ledger.transfer({
        from: { owner: from.owner, programId: from.program.id },
        to: { owner: to.owner, programId: to.program.id },
        points: Ledger.fromMilli(milli),
        notes: input.body.notes ?? "",
        transferredBy: by,
        tillId: context.principal.tillId,
        now: context.now
      })
      const [row] = yield* Ledger.transfers(from.owner, { limit: 1, offset: 0, order: "DESC" })
      if (row === undefined || row.id !== transferId) return yield* Effect.die(new Error("transfer not recorded"))
      const left = yield* Ledger.balances(from.owner, from.program.id)
      const record = yield* transferRecord(orgId, row, "DEDUCTION")
      return {
        data: [{
          ...record,
          pointsTransferBreakupByEarningPrograms: [{
            programId: from.program.id,
            deductedPoints: Ledger.fromMilli(milli),
            programCurrentPoints: Ledger.fromMilli(left.main)
          }]
        }],
        warnings: [],
        errors: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectTransfer }
)

/**
 * `usergroups.pointsTransfers`: the transfers out of (`DEDUCTION`) and into (`ADDITION`) a customer's or a
 * group's wallets, newest first unless `sortOrder=ASC`, `limit` (10) at a time from `offset`.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const pointsTransfers = handle(
  GroupPointsApi.pointsTransfers,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      let owner: Ledger.Owner
      if (query.userEntityType === "USERGROUP2") {
        const group = yield* findGroup(orgId, query.identifierName as "id" | "externalId", query.identifierValue)
        owner = { orgId, type: "USERGROUP2", id: group.id }
      } else {
        const id = yield* customerByIdentifier(
          orgId,
          { type: query.identifierName, value: query.identifierValue },
          query.source,
          query.accountId
        )
        owner = { orgId, type: "CUSTOMER", id }
      }
      const programId = yield* ledgerProgram(orgId, query.programId)
      const limit = query.limit ?? GroupPoints.historyPageSize
      const rows = yield* Ledger.transfers(owner, {
        programId,
        limit,
        offset: query.offset ?? 0,
        order: query.sortOrder ?? "DESC"
      })
      const data = []
      for (const row of rows) {
        const out = row.from_type === owner.type && row.from_id === owner.id
        data.push(yield* transferRecord(orgId, row, out ? "DEDUCTION" : "ADDITION"))
      }
      return { data, warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

// ---------------------------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------------------------

/**
 * The points and group points endpoints, their behaviours and the ledger migration (with those of customers and
 * user groups), for `Emulator.catalog`.
 *
 * @since 0.1.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: [...PointsApi.endpoints, ...GroupPointsApi.endpoints],
  behaviours: [pointsBalance, ledgerBalance, ledgerInfo, isTransferrable, transferPoints, pointsTransfers],
  migrations
}

// ---------------------------------------------------------------------------------------------------------------
// Writing points directly: seeds, tests and other behaviours
// ---------------------------------------------------------------------------------------------------------------

/**
 * Whose wallet: a customer's or a user group's, in an organisation.
 *
 * @since 0.1.0
 * @category ledger
 */
export type Owner = Ledger.Owner

/**
 * A customer's wallet owner.
 *
 * @since 0.1.0
 * @category ledger
 */
export const customer = (orgId: number, customerId: number): Owner => ({ orgId, type: "CUSTOMER", id: customerId })

/**
 * A user group's wallet owner.
 *
 * @since 0.1.0
 * @category ledger
 */
export const group = (orgId: number, groupId: number): Owner => ({ orgId, type: "USERGROUP2", id: groupId })

/**
 * Where and when a direct ledger write happens: the event name Capillary would show, the bucket of an award
 * (MAIN by default), the till, the time (the emulator clock's when absent), and an award's points type and
 * dates.
 *
 * @since 0.1.0
 * @category ledger
 */
export interface WriteOptions {
  readonly eventName?: string | undefined
  readonly bucket?: Ledger.Bucket | undefined
  readonly tillId?: number | undefined
  readonly now?: number | undefined
  /** An award's points type (`customer_promotions` when absent). */
  readonly pointsType?: string | undefined
  /** `YYYY-MM-DD`: an award's expiry date instead of the program's rule. */
  readonly expiresOn?: string | undefined
  /** `YYYY-MM-DD`: a promised award's unlock date instead of the program's delay. */
  readonly redeemableFrom?: string | undefined
}

const nowOf = (options: WriteOptions) =>
  options.now === undefined ? EmulatorClock.use((clock) => clock.now) : Effect.succeed(options.now)

/**
 * Awards points to a wallet, in its own transaction (or the caller's): the program's ISSUED account gives them,
 * so the ledger still sums to zero; the reason is kept as the event's notes. Answers the event's id
 * (`eventLogId`). Behaviours inside the emulator write through the same store with their request's time.
 *
 * @since 0.1.0
 * @category ledger
 */
export const award = (
  owner: Owner,
  programId: number,
  points: number,
  reason: string,
  options: WriteOptions = {}
): Effect.Effect<number, Rejection, SqlClient.SqlClient | EmulatorClock> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const now = yield* nowOf(options)
    return yield* sql.withTransaction(
      Ledger.award(owner, programId, points, { ...options, notes: reason, now })
    )
  }).pipe(Effect.catchTag("SqlError", Effect.die))

/**
 * Redeems points of a wallet's MAIN bucket into the program's REDEEMED account, in its own transaction (or the
 * caller's); fails with 804 and writes nothing when the wallet has fewer. Answers the event's id.
 *
 * @since 0.1.0
 * @category ledger
 */
export const redeem = (
  owner: Owner,
  programId: number,
  points: number,
  reason: string,
  options: WriteOptions = {}
): Effect.Effect<number, Rejection, SqlClient.SqlClient | EmulatorClock> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const now = yield* nowOf(options)
    return yield* sql.withTransaction(
      Ledger.redeem(owner, programId, points, { ...options, notes: reason, now })
    )
  }).pipe(Effect.catchTag("SqlError", Effect.die))

/**
 * What an audit of the ledger found; every count is zero and every sum is zero when the invariants hold.
 *
 * @since 0.1.0
 * @category ledger
 */
export interface Audit {
  /** The sum of all entries, per organisation (thousandths of points). */
  readonly sumByOrg: ReadonlyArray<{ readonly orgId: number; readonly sum: number }>
  /** Events whose entries do not sum to zero. */
  readonly unbalancedEvents: number
  /** Wallets (customers', groups') below zero. */
  readonly negativeWallets: number
  /** Accounts whose balance is not the sum of their entries. */
  readonly driftedAccounts: number
  /** MAIN wallets whose balance is not lifetime - redeemed - expired - returned - adjusted. */
  readonly inconsistentTotals: number
  /** Wallets whose balance is not the sum of their lots' remaining points (0 before migration `0410`). */
  readonly lotDrift: number
}

/**
 * Checks the ledger's invariants over the whole database.
 *
 * @since 0.1.0
 * @category ledger
 */
export const audit: Effect.Effect<Audit, never, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const sumByOrg = yield* sql<{ orgId: number; sum: number }>`SELECT a.org_id AS orgId, SUM(en.amount) AS sum
    FROM ledger_entries en JOIN points_accounts a ON a.id = en.account_id GROUP BY a.org_id ORDER BY a.org_id`
  const [unbalanced] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM
    (SELECT event_id FROM ledger_entries GROUP BY event_id HAVING SUM(amount) <> 0)`
  const [negative] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM points_accounts
    WHERE owner_type <> 'ORG' AND balance < 0`
  const [drifted] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM points_accounts a
    WHERE a.balance <> (SELECT COALESCE(SUM(en.amount), 0) FROM ledger_entries en WHERE en.account_id = a.id)`
  const [inconsistent] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM points_accounts
    WHERE bucket = 'MAIN' AND balance <> lifetime - redeemed - expired - returned - adjusted`
  const [lotDrift] = (yield* Ledger.lotsModelled)
    ? yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM points_accounts a
      WHERE a.owner_type <> 'ORG'
        AND a.balance <> (SELECT COALESCE(SUM(l.remaining), 0) FROM points_lots l WHERE l.account_id = a.id)`
    : [{ n: 0 }]
  return {
    sumByOrg,
    unbalancedEvents: unbalanced?.n ?? 0,
    negativeWallets: negative?.n ?? 0,
    driftedAccounts: drifted?.n ?? 0,
    inconsistentTotals: inconsistent?.n ?? 0,
    lotDrift: lotDrift?.n ?? 0
  }
}).pipe(Effect.orDie)

/**
 * The points of the demo seed, in org `demo` (id 100): MAIN points in the default program 1001 for Tom
 * (100001) 5,000, Ann (100002) 1,200 and Bob (100003) 300, and 2,000 in the group program 1002 for the demo
 * family's wallet (`demo-family`).
 *
 * @since 0.1.0
 * @category seeding
 */
export const demoPoints = {
  orgId: 100,
  programId: 1001,
  customers: [
    { id: 100001, points: 5000 },
    { id: 100002, points: 1200 },
    { id: 100003, points: 300 }
  ],
  group: { externalId: "demo-family", programId: 1002, points: 2000 },
  reason: "demo seed"
} as const

/**
 * Writes the demo points as ledger awards (so the ledger sums), in one transaction, at emulator time. Writes the
 * demo group first when user groups are modelled and it is missing. Does nothing when the ledger or the customers
 * are not modelled, the demo organisation or its programs are missing, or the demo points are already there.
 *
 * @since 0.1.0
 * @category seeding
 */
export const seedDemo: Effect.Effect<void, never, SqlClient.SqlClient | EmulatorClock> = Effect.gen(function*() {
  if (!(yield* Ledger.modelled) || !(yield* CustomerStore.modelled)) return
  const sql = yield* SqlClient.SqlClient
  const { orgId } = demoPoints
  const known = yield* Ledger.programs(orgId)
  if (
    !known.some((row) => row.id === demoPoints.programId) || !known.some((row) => row.id === demoPoints.group.programId)
  ) {
    return
  }
  const [seeded] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM ledger_events
    WHERE org_id = ${orgId} AND notes = ${demoPoints.reason}`
  if (seeded!.n > 0) return
  const now = yield* EmulatorClock.use((clock) => clock.now)
  yield* sql.withTransaction(Effect.gen(function*() {
    for (const { id, points } of demoPoints.customers) {
      if (!(yield* GroupStore.hasCustomer(orgId, id))) continue
      yield* Ledger.award(customer(orgId, id), demoPoints.programId, points, { notes: demoPoints.reason, now })
    }
    yield* UserGroupBehaviours.seedDemo
    if (!(yield* GroupStore.modelled)) return
    const family = yield* GroupStore.find(orgId, { externalId: demoPoints.group.externalId })
    if (family === undefined) return
    yield* Ledger.award(group(orgId, family.id), demoPoints.group.programId, demoPoints.group.points, {
      notes: demoPoints.reason,
      now
    })
  }))
}).pipe(Effect.orDie)
