/**
 * What the emulator does for the partner program endpoints of `@capillary-effect/customers`. An organisation has
 * partner programs (external or supplementary, tier-based or not; `seedDemo` adds two to the demo organisation);
 * its loyalty customers are linked to them with a membership id (and a partner tier), have the tier updated, are
 * delinked, and every one of those events is recorded on the emulator clock and read back in the activity
 * history.
 *
 * Link, update and delink answer each customer and program on its own, in one transaction: the customer, found
 * by its first non-empty identifier (mobile, email, external id) in any source, is `status` 1000 with its id and
 * identifiers, or 8015 (and so is each of its programs); each program is 200 "Success" or refused:
 * - link: unknown program 2006; not a loyalty customer, or linked already, 2005; a tier-based program without a
 *   tier 2002; an unknown tier, or a tier for a program without tiers, 2007; a tier expiry not in the future 2003;
 * - update: unknown program 2006; not linked 2004; a program without tiers or an unknown tier 2007; an expiry not in
 *   the future 2003 (the direction of UPGRADE or DOWNGRADE is not checked: Capillary documents no code for it);
 * - delink: unknown program 2006; not linked 2004.
 * A membership is linked until delinked or its end date passes (the partner tier's expiry for an external
 * program; the start plus the program's duration for a supplementary one). Refused for the whole call: more than
 * 50 programs in a request 2008; a program update without `partnerProgramName`, `updateDetails` or
 * `updatedTierName` 2002; an unknown `updateType` 2009.
 *
 * History: the customer by identifier in the source (8015; an unknown source 8003), their partner programs (of one
 * program, 2006 when unknown, or one kind), the most recently changed first, 10 to a page at most; 2011 when they
 * have none. `LINKINGUPDATES` lists the recorded events, newest first (ENROLLMENT or
 * SUPPLEMENTARY_MEMBERSHIP_STARTED, PARTNER_TIER_UPGRADE / _DOWNGRADE / _RENEWAL / _UPDATE,
 * PARTNER_PROGRAM_EARLY_EXPIRY for a delink; the tier events' names are the emulator's, Capillary documents none).
 * Benefits are not modelled, so `BENEFITSAVAILED` lists no events and no `benefitsSummary`, with `notes` naming the
 * period. Refused: an unknown activity type 2014, dates with `linkingUpdates` 2015, an interval over a year 2013.
 *
 * Requires the customers tables (`CustomerBehaviours.migrations`, included here).
 *
 * @since 0.2.0
 */
import { Customer, PartnerProgram, PartnerProgramsApi } from "@capillary-effect/customers"
import { Effect, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { handle, type RawInput, reject } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/partnerPrograms.ts"

/**
 * The partner program tables, after those of customers: programs and their tiers, memberships and their events.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  "0132_partner_programs": Store.createTables
}

/**
 * A partner program to create (name unique in the organisation; tiers lowest first, none for a program that is
 * not tier-based).
 *
 * @since 0.2.0
 * @category programs
 */
export type ProgramDefinition = Store.ProgramDefinition

/**
 * Creates a partner program of an organisation; answers its id.
 *
 * @since 0.2.0
 * @category programs
 */
export const createProgram = (
  orgId: number,
  program: ProgramDefinition
): Effect.Effect<number, never, SqlClient.SqlClient> => Store.createProgram(orgId, program).pipe(Effect.orDie)

const recordOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined

const listOf = (value: unknown): ReadonlyArray<unknown> => Array.isArray(value) ? value : []

/** The items of a raw batch body, and the programs of each. */
const programsOf = (input: RawInput, customers: string, programs: string) =>
  listOf(recordOf(input.body)?.[customers]).flatMap((item) => listOf(recordOf(item)?.[programs]).map(recordOf))

/** More programs than Capillary takes in one request: 2008. */
const rejectTooMany = (count: number) =>
  count > PartnerProgram.maxProgramsPerRequest
    ? reject(2008, `Cannot process if partner program limit is more than ${PartnerProgram.maxProgramsPerRequest}`)
    : undefined

const missingName = (program: Record<string, unknown> | undefined) =>
  typeof program?.partnerProgramName !== "string" || program.partnerProgramName.trim() === ""

const missingFields = () =>
  reject(2002, "Cannot proceed if updateDetails, updatedTierName, or partnerProgramName is empty or null")

const rejectLink = (input: RawInput) => {
  const programs = programsOf(input, "linkCustomers", "linkToPartnerPrograms")
  return rejectTooMany(programs.length) ?? (programs.some(missingName) ? missingFields() : undefined)
}

const isUpdateType = Schema.is(PartnerProgram.UpdateType)

const rejectUpdate = (input: RawInput) => {
  const programs = programsOf(input, "customersPartnerUpdates", "partnerProgramUpdates")
  const tooMany = rejectTooMany(programs.length)
  if (tooMany !== undefined) return tooMany
  for (const program of programs) {
    const details = recordOf(program?.updateDetails)
    if (missingName(program) || details === undefined || typeof details.updatedTierName !== "string") {
      return missingFields()
    }
    const type = program?.updateType
    if (!isUpdateType(typeof type === "string" ? type.toUpperCase() : type)) {
      return reject(2009, "updateType supports only UPGRADE, UPDATE, RENEW, DOWNGRADE")
    }
  }
  return undefined
}

const rejectDelink = (input: RawInput) => {
  const programs = programsOf(input, "deLinkCustomers", "deLinkFromPartnerPrograms")
  return rejectTooMany(programs.length) ?? (programs.some(missingName) ? missingFields() : undefined)
}

const isActivityType = Schema.is(Schema.Literals(["LINKINGUPDATES", "BENEFITSAVAILED"]))
const isSource = Schema.is(Customer.LookupSource)
const isQueryDate = Schema.is(PartnerProgram.QueryDate)

/** A history query Capillary refuses with a code of its own. */
const rejectHistory = (input: RawInput) => {
  const { activityType, endDate, source, startDate } = input.query
  const type = typeof activityType === "string" ? activityType.replaceAll("_", "").toUpperCase() : undefined
  if (!isActivityType(type)) {
    return reject(2014, "Invalid input. Activity type passed should be LINKINGUPDATES or BENEFITSAVAILED")
  }
  if (typeof source === "string" && !isSource(source.toUpperCase())) return reject(8003, "Invalid source")
  if (type === "LINKINGUPDATES" && (startDate !== undefined || endDate !== undefined)) {
    return reject(2015, "Cannot allow the date parameter if activityType = linkingUpdates")
  }
  if (isQueryDate(startDate) && isQueryDate(endDate)) {
    const interval = PartnerProgram.parseQueryDate(endDate) - PartnerProgram.parseQueryDate(startDate)
    if (interval > 366 * 24 * 60 * 60 * 1000) {
      return reject(2013, "Input time interval should be less than a year for activity history")
    }
  }
  return undefined
}

/** Each customer of a batch, found or not, with the status of each of its programs. */
const perCustomer = <Entry extends { readonly customer: PartnerProgram.PartnerCustomer }, Item, Result>(
  orgId: number,
  entries: ReadonlyArray<Entry>,
  programsOf: (entry: Entry) => ReadonlyArray<Item>,
  apply: (
    customer: Store.FoundCustomer,
    program: Item
  ) => Effect.Effect<PartnerProgram.ItemStatus, SqlError.SqlError, SqlClient.SqlClient>,
  answer: (
    customer: PartnerProgram.CustomerResult,
    statuses: ReadonlyArray<readonly [Item, PartnerProgram.ItemStatus]>
  ) => Result
) =>
  Effect.forEach(entries, (entry) =>
    Effect.gen(function*() {
      const found = yield* Store.findCustomer(orgId, PartnerProgram.identifierOf(entry.customer))
      const programs = programsOf(entry)
      if (found === undefined) {
        const { email, externalId, mobile } = entry.customer
        return answer(
          {
            ...(mobile === undefined ? {} : { mobile }),
            ...(email === undefined ? {} : { email }),
            ...(externalId === undefined ? {} : { externalId }),
            status: Store.customerNotFound
          },
          programs.map((program) => [program, Store.customerNotFound] as const)
        )
      }
      const statuses: Array<readonly [Item, PartnerProgram.ItemStatus]> = []
      for (const program of programs) statuses.push([program, yield* apply(found, program)])
      return answer(found.result, statuses)
    }))

/**
 * `customers.linkPartnerProgram`: links each customer to each program, or answers why not.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const link = handle(
  PartnerProgramsApi.link,
  (input, context) =>
    Effect.gen(function*() {
      const linkCustomers = yield* perCustomer(
        context.principal.orgId,
        input.body.linkCustomers,
        (entry) => entry.linkToPartnerPrograms,
        (customer, request) => Store.link({ orgId: context.principal.orgId, customer, request, now: context.now }),
        (customer, statuses) => ({
          customer,
          linkToPartnerPrograms: statuses.map(([program, status]) => ({
            partnerProgramName: program.partnerProgramName,
            partnerLinkStatus: status
          }))
        })
      )
      return { linkCustomers, warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLink }
)

/**
 * `customers.updatePartnerProgram`: sets each linked customer's partner tier, or answers why not.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const update = handle(
  PartnerProgramsApi.update,
  (input, context) =>
    Effect.gen(function*() {
      const customersPartnerUpdates = yield* perCustomer(
        context.principal.orgId,
        input.body.customersPartnerUpdates,
        (entry) => entry.partnerProgramUpdates,
        (customer, request) => Store.update({ orgId: context.principal.orgId, customer, request, now: context.now }),
        (customer, statuses) => ({
          customer,
          partnerProgramUpdates: statuses.map(([program, status]) => ({
            partnerProgramName: program.partnerProgramName,
            updateType: program.updateType,
            updateStatus: status
          }))
        })
      )
      return { customersPartnerUpdates, warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectUpdate }
)

/**
 * `customers.delinkPartnerProgram`: ends each customer's membership of each program, or answers why not.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const delink = handle(
  PartnerProgramsApi.delink,
  (input, context) =>
    Effect.gen(function*() {
      const deLinkCustomers = yield* perCustomer(
        context.principal.orgId,
        input.body.deLinkCustomers,
        (entry) => entry.deLinkFromPartnerPrograms,
        (customer, program) =>
          Store.delink({
            orgId: context.principal.orgId,
            customer,
            partnerProgramName: program.partnerProgramName,
            now: context.now
          }),
        (customer, statuses) => ({
          customer,
          deLinkFromPartnerPrograms: statuses.map(([program, status]) => ({
            partnerProgramName: program.partnerProgramName,
            partnerDeLinkStatus: status
          }))
        })
      )
      return { deLinkCustomers, warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectDelink }
)

/**
 * `customers.partnerActivityHistory`: a page of the customer's partner programs and their history.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const activityHistory = handle(
  PartnerProgramsApi.activityHistory,
  (input, context) =>
    Store.history({ orgId: context.principal.orgId, query: input.query, now: context.now }).pipe(
      Effect.catchTag("SqlError", Effect.die)
    ),
  { rejectInvalid: rejectHistory }
)

/**
 * The partner program endpoints, their behaviours and their migrations, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: PartnerProgramsApi.endpoints,
  behaviours: [link, update, delink, activityHistory],
  migrations
}

/**
 * The partner programs of the demo seed, in org `demo` (id 100), both of its loyalty program 1001:
 * "Apparel-Partner", external and tier-based (Bronze, Silver, Gold), and "Riders", supplementary, without tiers,
 * a membership lasting 365 days.
 *
 * @since 0.2.0
 * @category seeding
 */
export const demoPartnerPrograms = {
  orgId: 100,
  programs: [
    {
      name: "Apparel-Partner",
      description: "Apparel brand partner of the demo org",
      type: "EXTERNAL",
      tiers: ["Bronze", "Silver", "Gold"],
      loyaltyProgramId: 1001
    },
    {
      name: "Riders",
      description: "Supplementary riders membership of the demo org",
      type: "SUPPLEMENTARY",
      tiers: [],
      loyaltyProgramId: 1001,
      membershipDays: 365
    }
  ]
} as const satisfies { readonly orgId: number; readonly programs: ReadonlyArray<ProgramDefinition> }

/**
 * Writes the demo partner programs. Does nothing when partner programs are not modelled (their migration is not in
 * the catalog), when there is no org `demo` (the `empty` seed), or for a program that already exists, so it can
 * run after any seed.
 *
 * @since 0.2.0
 * @category seeding
 */
export const seedDemo: Effect.Effect<void, never, SqlClient.SqlClient> = Effect.gen(function*() {
  if (!(yield* Store.modelled)) return
  const sql = yield* SqlClient.SqlClient
  const { orgId } = demoPartnerPrograms
  const [org] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM orgs WHERE id = ${orgId}`
  if (org!.n === 0) return
  const [program] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM programs WHERE id = 1001 AND org_id = ${orgId}`
  for (const definition of demoPartnerPrograms.programs) {
    if ((yield* Store.findProgram(orgId, { name: definition.name })) !== undefined) continue
    yield* Store.createProgram(orgId, {
      ...definition,
      loyaltyProgramId: program!.n > 0 ? definition.loyaltyProgramId : undefined
    })
  }
}).pipe(Effect.orDie)
