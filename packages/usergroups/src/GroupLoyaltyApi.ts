/**
 * The endpoint declarations of a user group's loyalty reads: its points expiry and promised points schedules, its
 * tier log, its points ledger, and a member's group balance and tiers. Two of them share their path with a
 * customer read declared elsewhere and are told apart by a fixed query parameter (`variant`): the group ledger by
 * `type=USERGROUP2` (the customers' `rewards.ledgerInfo` has none), the balance and tier reads by
 * `entityType=FLEET`. The client always sends those parameters and a server routes on them.
 *
 * @since 0.2.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import * as GroupLoyalty from "./GroupLoyalty.ts"
import { InvalidEntityType, InvalidIdentifier } from "./GroupLoyaltyErrors.ts"
import { InvalidProgram } from "./GroupPointsErrors.ts"
import { CustomerNotFound, InvalidGroup } from "./UserGroupErrors.ts"

const invalidGroup = Endpoint.codes(InvalidGroup, [1619, 1632])
const invalidProgram = Endpoint.codes(InvalidProgram, [1101])
const invalidEntityType = Endpoint.codes(InvalidEntityType, [1212])
const customerNotFound = Endpoint.codes(CustomerNotFound, [8015, 816])
const invalidIdentifier = Endpoint.codes(InvalidIdentifier, [8013, 8003])

const scheduleErrors = [invalidGroup, invalidProgram, invalidEntityType] as const
const fleetErrors = [customerNotFound, invalidGroup, invalidProgram, invalidEntityType] as const
const fleetLookupErrors = [...fleetErrors, invalidIdentifier] as const

/**
 * The variant of the member reads that asks for the member's group.
 *
 * @since 0.2.0
 * @category variants
 */
export const fleet = { entityType: "FLEET" } as const

/**
 * The variant of the ledger read that asks for a group's ledger.
 *
 * @since 0.2.0
 * @category variants
 */
export const groupLedgerVariant = { type: "USERGROUP2" } as const

/**
 * `GET /v2/userGroup2/pointsExpirySchedule`: when the group's points expire, by date, program, points type and
 * expiry type, the earliest first, a page (`limit` / `offset`) at a time, so the client can stream them.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const pointsExpirySchedule = Endpoint.withPaging(
  Endpoint.make({
    id: "usergroups.pointsExpirySchedule",
    section: "User group",
    summary: "Retrieve points expiry schedule of a group",
    family: "v2",
    method: "GET",
    path: "/v2/userGroup2/pointsExpirySchedule",
    query: GroupLoyalty.ExpiryScheduleQuery,
    success: GroupLoyalty.ExpirySchedules,
    errors: scheduleErrors
  }),
  Pagination.offsetLimit({
    items: (page) => page.expirySchedules,
    pageSize: GroupLoyalty.schedulePageSize
  })
)

/**
 * `GET /v2/userGroup2/promisedPointsSchedule`: when the group's promised points become redeemable, and its
 * trigger-based points.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const promisedPointsSchedule = Endpoint.make({
  id: "usergroups.promisedPointsSchedule",
  section: "User group",
  summary: "Retrieve points conversion schedule",
  family: "v2",
  method: "GET",
  path: "/v2/userGroup2/promisedPointsSchedule",
  query: GroupLoyalty.PromisedScheduleQuery,
  success: GroupLoyalty.PromisedSchedule,
  errors: scheduleErrors
})

/**
 * `GET /v2/userGroup2/slabHistory`: the group's tier changes, newest first, a page (`pageSize` / `offset`) at a
 * time, so the client can stream them.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const slabHistory = Endpoint.withPaging(
  Endpoint.make({
    id: "usergroups.slabHistory",
    section: "User group",
    summary: "Retrieve group slab/tier log history",
    family: "v2",
    method: "GET",
    path: "/v2/userGroup2/slabHistory",
    query: GroupLoyalty.SlabHistoryQuery,
    success: GroupLoyalty.SlabHistory,
    errors: [invalidGroup]
  }),
  Pagination.offsetLimit({
    items: (page) => page.data,
    total: (page) => page.pagination?.total,
    pageSize: GroupLoyalty.slabHistoryPageSize,
    limitParam: "pageSize"
  })
)

/**
 * `GET /v2/pointsLedger/getCustomerLedgerInfo?type=USERGROUP2`: a page of the group's ledger entries, one per
 * event. Paged as the ledger pages: `offset` is the page number from 0, `limit` at most 10, and the answer's
 * `ledgerDetails.pageCount` says how many pages there are, so the client can stream every entry.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const groupLedger = Endpoint.withPaging(
  Endpoint.make({
    id: "usergroups.groupLedger",
    section: "User group",
    summary: "Retrieve group ledger information",
    family: "v2",
    method: "GET",
    path: "/v2/pointsLedger/getCustomerLedgerInfo",
    query: GroupLoyalty.GroupLedgerQuery,
    success: GroupLoyalty.GroupLedger,
    errors: [invalidGroup, invalidProgram, invalidIdentifier],
    variant: groupLedgerVariant
  }),
  Pagination.ledger({
    items: (page) => page.ledgerEntries ?? [],
    pageCount: (page) => page.ledgerDetails.pageCount,
    pageSize: GroupLoyalty.maxLedgerPageSize
  })
)

/**
 * `GET /v2/customers/{userId}/points/balance?entityType=FLEET`: the points of the member's group in a program
 * (the group's when none is named) or in all of them.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const groupBalance = Endpoint.make({
  id: "usergroups.groupBalance",
  section: "Customer",
  summary: "Get points balance (group)",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/points/balance",
  params: GroupLoyalty.MemberPath,
  query: GroupLoyalty.FleetQuery,
  success: GroupLoyalty.FleetBalance,
  errors: fleetErrors,
  variant: fleet
})

/**
 * `GET /v2/customers/lookup/points/balance?entityType=FLEET`: the points of the group of the member an
 * identifier names.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const groupBalanceLookup = Endpoint.make({
  id: "usergroups.groupBalanceLookup",
  section: "Customer (Lookup)",
  summary: "Get points balance (group, lookup)",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/points/balance",
  query: GroupLoyalty.FleetLookupQuery,
  success: GroupLoyalty.FleetBalance,
  errors: fleetLookupErrors,
  variant: fleet
})

/**
 * `GET /v2/customers/{userId}/tierDetails?entityType=FLEET`: the tiers of the member's group, in a program (the
 * group's when none is named) or in all of them.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const groupTiers = Endpoint.make({
  id: "usergroups.groupTiers",
  section: "Customer",
  summary: "Get customer tier (group)",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/tierDetails",
  params: GroupLoyalty.MemberPath,
  query: GroupLoyalty.FleetQuery,
  success: GroupLoyalty.FleetTiers,
  errors: fleetErrors,
  variant: fleet
})

/**
 * `GET /v2/customers/lookup/tierDetails?entityType=FLEET`: the tiers of the group of the member an identifier
 * names.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const groupTiersLookup = Endpoint.make({
  id: "usergroups.groupTiersLookup",
  section: "Customer (Lookup)",
  summary: "Get customer tier (group, lookup)",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/tierDetails",
  query: GroupLoyalty.FleetLookupQuery,
  success: GroupLoyalty.FleetTiers,
  errors: fleetLookupErrors,
  variant: fleet
})

/**
 * Every group loyalty endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [
  pointsExpirySchedule,
  promisedPointsSchedule,
  slabHistory,
  groupLedger,
  groupBalance,
  groupBalanceLookup,
  groupTiers,
  groupTiersLookup
] as const
