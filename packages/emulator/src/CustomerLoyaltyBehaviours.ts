/**
 * What the emulator does for the customer loyalty reads of `@capillary-effect/customers` (loyalty details, the
 * points balance by identifier, tier details, points expiry and promised points schedules, loyalty events, points
 * transfers, promotion data and user group trackers), read from the double-entry points ledger of
 * `LedgerBehaviours` and its lots (see `internal/ledger.ts` and `internal/customerLoyalty.ts`). Every read first
 * settles the organisation's expiries and unlocks that fell due by the emulator clock, so what it answers is what
 * Capillary's nightly jobs would have left.
 *
 * Customers are found by id (8015 when not in the organisation, 8069 when merged into another) or by identifier
 * in a source (`ALL` for any): no source 8001, no identifier 8002, an unknown source 8003, an unknown identifier
 * name 8013, not found 8015. A `programId` that is not a program of the organisation is 1101. Reads of one
 * program default to the organisation's default program; `fetchDataForAllPrograms=true` (and `loyaltyDetails`
 * without `programId`) cover the organisation's customer programs and any other the customer has points in. A
 * balance read whose `entityType` is neither `CUSTOMER` nor routed elsewhere (`FLEET`) is 1212. Loyalty event
 * pages: a negative offset 8100, a limit of zero or less 8101, above 100 8102.
 *
 * Refused or empty because the emulator has no source for them: promotion data is an empty page (no loyalty
 * promotions are modelled, so no customer is associated with one); trackers are an empty list (no tracker
 * conditions are modelled) for a group of the organisation, 1645 for a group it does not have, 1647 for another
 * `type`.
 *
 * @since 0.2.0
 */
import { LoyaltyApi } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, reject, singleValue } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/customerLoyalty.ts"
import * as CustomerStore from "./internal/customers.ts"
import * as Ledger from "./internal/ledger.ts"
import * as GroupStore from "./internal/usergroups.ts"
import * as LedgerBehaviours from "./LedgerBehaviours.ts"

/**
 * The migrations the loyalty reads need: those of customers, user groups and the points ledger with its lots and
 * tier log (`0410_points_lots`).
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = LedgerBehaviours.migrations

const positiveInteger = /^[1-9]\d*$/

/** A `programId` that is not a positive integer: 1101. */
const badProgram = (input: RawInput) => {
  const programId = input.query.programId
  return programId !== undefined && !(typeof programId === "string" && positiveInteger.test(programId))
    ? Store.invalidProgram()
    : undefined
}

/** A lookup's customer: the customers' lookup codes (8001, 8002, 8003, 8013), with the identifier names it takes. */
const badLookup = (input: RawInput, isName?: (name: string) => boolean) => CustomerStore.rejectLookup(input, isName)

const byIdRead = (input: RawInput) => badProgram(input)

const lookupRead = (input: RawInput) => badLookup(input) ?? badProgram(input)

/** A balance by identifier: the lookup's codes, 1101, and an entity type other than `CUSTOMER` (1212). */
const balanceRead = (input: RawInput) => {
  const entityType = input.query.entityType
  if (entityType !== undefined && entityType !== "CUSTOMER") {
    return reject(1212, "Invalid entityType: this read serves CUSTOMER (FLEET is the user group balance)")
  }
  return lookupRead(input)
}

/** A page: a negative offset 8100, a limit of zero or less 8101 (below `minimum`), above `maximum` 8102. */
const badPage = (input: RawInput, minimum: number, maximum: number) => {
  const { limit, offset } = input.query
  const number = (value: unknown) => (typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : undefined)
  const offsetValue = number(offset)
  if (offsetValue !== undefined && offsetValue < 0) return reject(8100, "Offset cannot be less than 0")
  const limitValue = number(limit)
  if (limitValue !== undefined && limitValue < minimum) return reject(8101, "Limit should be greater than 0")
  if (limitValue !== undefined && limitValue > maximum) return reject(8102, `Limit cannot be more than ${maximum}`)
  return undefined
}

const promotionNames: ReadonlyArray<string> = ["mobile", "email", "externalId", "id", "cuid"]

/** A promotion data read: the lookup's codes (with `id` and `cuid`), the page's, and bad program ids (1101). */
const promotionRead = (input: RawInput) => {
  const programIds = input.query.programIds
  return badLookup(input, (name) => promotionNames.includes(name)) ??
    badPage(input, 0, 100) ??
    (programIds !== undefined && !(typeof programIds === "string" && /^[1-9]\d*(,[1-9]\d*)*$/.test(programIds))
      ? Store.invalidProgram()
      : undefined)
}

/** A trackers read: a `type` other than `USERGROUP2` 1647; no group or an unknown way of naming it 1645. */
const trackersRead = (input: RawInput) => {
  const { identifierType, identifierValue, type } = input.query
  if (type !== "USERGROUP2") {
    return reject(1647, "Get trackers entity type not set/invalid. supported types include USERGROUP2,CUSTOMER")
  }
  const kind = singleValue(identifierType)
  const value = singleValue(identifierValue)
  if (
    kind === undefined || value === undefined || !["id", "externalId", "primaryUserId"].includes(kind) ||
    (kind !== "externalId" && !positiveInteger.test(value))
  ) {
    return reject(1645, "group details passed are not valid")
  }
  return undefined
}

/** The customer's wallet owner, the organisation settled at the request's time. */
const settled = Effect.fnUntraced(function*(orgId: number, customerId: number, now: number) {
  yield* Ledger.settle(orgId, now)
  return Store.customerOwner(orgId, customerId)
})

// ---------------------------------------------------------------------------------------------------------------
// Loyalty details, balance, tiers
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.loyaltyDetails`: the customer's points and tier in each of their programs (or the one named).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const loyaltyDetails = handle(
  LoyaltyApi.loyaltyDetails,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const owner = yield* settled(orgId, yield* Store.customerById(orgId, input.path.customerId), context.now)
      const programs = yield* Store.programsFor(owner, { programId: input.query.programId }, "all")
      return { data: yield* Store.programDetails(owner, programs), warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: byIdRead }
)

/**
 * `customers.loyaltyDetailsByIdentifier`: the loyalty details of the customer with an identifier.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const loyaltyDetailsByIdentifier = handle(
  LoyaltyApi.loyaltyDetailsByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const owner = yield* settled(orgId, yield* Store.customerByIdentifier(orgId, input.query), context.now)
      const programs = yield* Store.programsFor(owner, { programId: input.query.programId }, "all")
      return { data: yield* Store.programDetails(owner, programs), warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: lookupRead }
)

/**
 * `customers.pointsBalanceByIdentifier`: the customer's MAIN and PROMISED points in the program (the default
 * one), or summed over all their programs.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const pointsBalanceByIdentifier = handle(
  LoyaltyApi.pointsBalanceByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const owner = yield* settled(orgId, yield* Store.customerByIdentifier(orgId, query), context.now)
      const programs = yield* Store.programsFor(
        owner,
        { programId: query.programId, all: query.fetchDataForAllPrograms },
        "default"
      )
      return yield* Store.balance(owner, programs)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: balanceRead }
)

/**
 * `customers.tierDetails`: the customer's tier in the program (the default one) or all their programs.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const tierDetails = handle(
  LoyaltyApi.tierDetails,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const owner = yield* settled(orgId, yield* Store.customerById(orgId, input.path.userId), context.now)
      const programs = yield* Store.programsFor(
        owner,
        { programId: query.programId, all: query.fetchDataForAllPrograms },
        "default"
      )
      return yield* Store.tiers(owner, programs)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: byIdRead }
)

/**
 * `customers.tierDetailsByIdentifier`: the tier of the customer with an identifier.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const tierDetailsByIdentifier = handle(
  LoyaltyApi.tierDetailsByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const owner = yield* settled(orgId, yield* Store.customerByIdentifier(orgId, query), context.now)
      const programs = yield* Store.programsFor(
        owner,
        { programId: query.programId, all: query.fetchDataForAllPrograms },
        "default"
      )
      return yield* Store.tiers(owner, programs)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: lookupRead }
)

// ---------------------------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------------------------

/** The expiry schedule answer: the customer's id and loyalty type, the parts Capillary leaves empty, the list. */
const expiryAnswer = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  query: {
    readonly programId?: number | undefined
    readonly fetchDataForAllPrograms?: boolean | undefined
    readonly fetchEarliestExpiryOnly?: boolean | undefined
    readonly startDate?: string | undefined
    readonly endDate?: string | undefined
  }
) {
  const sql = yield* SqlClient.SqlClient
  const programs = yield* Store.programsFor(
    owner,
    { programId: query.programId, all: query.fetchDataForAllPrograms },
    "default"
  )
  const [customer] = yield* sql<{ loyalty_type: string }>`SELECT loyalty_type FROM customers WHERE id = ${owner.id}`
  return {
    id: owner.id,
    profiles: [],
    loyaltyInfo: {
      loyaltyType: customer?.loyalty_type === "non_loyalty" ? "non_loyalty" as const : "loyalty" as const
    },
    segments: {},
    extendedFields: {},
    expirySchedules: yield* Store.expirySchedules(owner, programs, {
      earliestOnly: query.fetchEarliestExpiryOnly,
      ...(query.startDate === undefined ? {} : { startDate: query.startDate }),
      ...(query.endDate === undefined ? {} : { endDate: query.endDate })
    }),
    warnings: []
  }
})

/**
 * `customers.pointsExpirySchedule`: the remaining points of the customer's lots that will expire, by expiry date,
 * program, points type and expiry type, earliest first, within the dates given.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const pointsExpirySchedule = handle(
  LoyaltyApi.pointsExpirySchedule,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const owner = yield* settled(orgId, yield* Store.customerById(orgId, input.path.userId), context.now)
      return yield* expiryAnswer(owner, input.query)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: byIdRead }
)

/**
 * `customers.pointsExpiryScheduleByIdentifier`: the expiry schedule of the customer with an identifier.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const pointsExpiryScheduleByIdentifier = handle(
  LoyaltyApi.pointsExpiryScheduleByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const owner = yield* settled(orgId, yield* Store.customerByIdentifier(orgId, input.query), context.now)
      return yield* expiryAnswer(owner, input.query)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: lookupRead }
)

const promisedAnswer = Effect.fnUntraced(function*(
  owner: Ledger.Owner,
  query: { readonly programId?: number | undefined; readonly fetchDataForAllPrograms?: boolean | undefined }
) {
  const programs = yield* Store.programsFor(
    owner,
    { programId: query.programId, all: query.fetchDataForAllPrograms },
    "default"
  )
  return {
    entityId: owner.id,
    entityType: "CUSTOMER",
    promisedPointsScheduleList: yield* Store.promisedSchedules(owner, programs),
    triggerBasedPointsList: [],
    warnings: []
  }
})

/**
 * `customers.promisedPointsSchedule`: the customer's promised points by the day they become redeemable (no
 * trigger-based points are modelled).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const promisedPointsSchedule = handle(
  LoyaltyApi.promisedPointsSchedule,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const owner = yield* settled(orgId, yield* Store.customerById(orgId, input.path.userId), context.now)
      return yield* promisedAnswer(owner, input.query)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: byIdRead }
)

/**
 * `customers.promisedPointsScheduleByIdentifier`: the promised points schedule of the customer with an
 * identifier.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const promisedPointsScheduleByIdentifier = handle(
  LoyaltyApi.promisedPointsScheduleByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const owner = yield* settled(orgId, yield* Store.customerByIdentifier(orgId, input.query), context.now)
      return yield* promisedAnswer(owner, input.query)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: lookupRead }
)

// ---------------------------------------------------------------------------------------------------------------
// Events, transfers, promotions, trackers
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.loyaltyEvents`: a page of the customer's ledger events (awards, redemptions, expiries, unlocks,
 * transfers, returns, adjustments), oldest first; `limit` (10) from `offset`, or from `page` (1-based, wins).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const loyaltyEvents = handle(
  LoyaltyApi.loyaltyEvents,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      const owner = yield* settled(orgId, yield* Store.customerById(orgId, input.path.userId), context.now)
      const limit = query.limit ?? 10
      const data = yield* Store.loyaltyEvents(owner, {
        eventType: query.eventType,
        fromDate: query.fromDate,
        toDate: query.toDate,
        limit,
        offset: query.page === undefined ? query.offset ?? 0 : (query.page - 1) * limit
      })
      return { data, warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: (input) => badPage(input, 1, 100) }
)

/**
 * `customers.pointsTransfers`: the transfers out of (`DEDUCTION`) and into (`ADDITION`) the customer's wallets,
 * newest first, with the customer or group on each side.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const pointsTransfers = handle(
  LoyaltyApi.pointsTransfers,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const owner = yield* settled(orgId, yield* Store.customerById(orgId, input.path.userId), context.now)
      return { data: yield* Store.pointsTransfers(owner), warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

/**
 * `customers.promotionData`: an empty page for a customer of the organisation (no loyalty promotions are
 * modelled); the customer must exist (8015) and the programs be the organisation's (1101).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const promotionData = handle(
  LoyaltyApi.promotionData,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const { query } = input
      yield* Store.customerByIdentifier(orgId, query)
      const known = new Set((yield* Ledger.programs(orgId)).map((program) => program.id))
      const named = query.programIds === undefined ? [] : query.programIds.split(",").map(Number)
      if (named.some((id) => !known.has(id))) return yield* Store.invalidProgram()
      // A limit of 0 reads the default page.
      const limit = query.limit === undefined || query.limit === 0 ? 10 : query.limit
      const offset = query.offset ?? 0
      const total = 0
      return {
        data: [],
        pageDetails: {
          pageNumber: Math.floor(offset / limit),
          pageSize: limit,
          totalEntries: total,
          pageCount: Math.ceil(total / limit)
        },
        warnings: [],
        errors: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: promotionRead }
)

/**
 * `customers.userEntityTrackers`: the trackers of a group of the organisation, in any status: none, since no
 * tracker conditions are modelled; 1645 for a group the organisation does not have.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const userEntityTrackers = handle(
  LoyaltyApi.userEntityTrackers,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const ref = query.identifierType === "externalId"
        ? { externalId: query.identifierValue }
        : query.identifierType === "id"
        ? { id: Number(query.identifierValue) }
        : { primaryUserId: Number(query.identifierValue) }
      const group = yield* GroupStore.find(context.principal.orgId, ref)
      if (group === undefined) return yield* reject(1645, "group details passed are not valid")
      return { pagination: { limit: 0, offset: 0, total: 0 }, data: [], warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: trackersRead }
)

/**
 * The customer loyalty endpoints, their behaviours and the migrations they need (those of customers, user groups
 * and the points ledger), for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: LoyaltyApi.endpoints,
  behaviours: [
    loyaltyDetails,
    loyaltyDetailsByIdentifier,
    pointsBalanceByIdentifier,
    tierDetails,
    tierDetailsByIdentifier,
    pointsExpirySchedule,
    pointsExpiryScheduleByIdentifier,
    promisedPointsSchedule,
    promisedPointsScheduleByIdentifier,
    loyaltyEvents,
    pointsTransfers,
    promotionData,
    userEntityTrackers
  ],
  migrations
}
