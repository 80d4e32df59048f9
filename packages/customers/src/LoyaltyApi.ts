/**
 * The endpoint declarations of Capillary's v2 customer loyalty reads: loyalty details, the light points balance
 * (by identifier; the by-id balance is `@capillary-effect/rewards`' `pointsBalance` and the `FLEET` balance the
 * user groups package's), tier details, points expiry and promised points schedules, loyalty events, points
 * transfers, promotion data and user group trackers. All are reads: retried on transient failures, changing
 * nothing. The client calls them, the emulator serves them, and both validate with the same schemas.
 *
 * @since 0.2.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import { CustomerMerged, CustomerNotFound, InvalidIdentifier, InvalidPaging, InvalidSource } from "./CustomerErrors.ts"
import * as Loyalty from "./Loyalty.ts"
import { InvalidEntityType, InvalidGroup, InvalidProgram, LoyaltyReadFailed } from "./LoyaltyErrors.ts"

const notFound = Endpoint.codes(CustomerNotFound, [8015, 1011, 1012, 816])
const invalidSource = Endpoint.codes(InvalidSource, [8003, 8011])
const invalidIdentifier = Endpoint.codes(InvalidIdentifier, [8013])
const merged = Endpoint.codes(CustomerMerged, [8069])
const invalidProgram = Endpoint.codes(InvalidProgram, [1101])
const readFailed = Endpoint.codes(LoyaltyReadFailed, [8062])

const byIdErrors = [notFound, merged, invalidProgram, readFailed] as const
const lookupErrors = [notFound, invalidSource, invalidIdentifier, merged, invalidProgram, readFailed] as const

/**
 * `GET /v2/customers/{customerId}/loyaltyDetails`: the customer's points and tier in each of their programs, or
 * in the one named.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const loyaltyDetails = Endpoint.make({
  id: "customers.loyaltyDetails",
  section: "Customer",
  summary: "Get loyalty details",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{customerId}/loyaltyDetails",
  params: Loyalty.CustomerIdPath,
  query: Loyalty.LoyaltyDetailsQuery,
  success: Loyalty.LoyaltyDetails,
  errors: byIdErrors,
  customerKey: (input) => String(input.path.customerId)
})

/**
 * `GET /v2/customers/lookup/loyaltyDetails`: the loyalty details of the customer with an identifier in a source.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const loyaltyDetailsByIdentifier = Endpoint.make({
  id: "customers.loyaltyDetailsByIdentifier",
  section: "Customer (Lookup)",
  summary: "Get customer loyalty details",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/loyaltyDetails",
  query: Loyalty.LoyaltyDetailsLookupQuery,
  success: Loyalty.LoyaltyDetails,
  errors: lookupErrors,
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/lookup/points/balance` (`entityType=CUSTOMER` or absent): the customer's points in one
 * program, or summed over all of them.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const pointsBalanceByIdentifier = Endpoint.make({
  id: "customers.pointsBalanceByIdentifier",
  section: "Customer (Lookup)",
  summary: "Get points balance",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/points/balance",
  query: Loyalty.BalanceLookupQuery,
  success: Loyalty.PointsBalance,
  errors: [...lookupErrors, Endpoint.codes(InvalidEntityType, [1212])],
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/{userId}/tierDetails`: the customer's tier in one program or all of them (light API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const tierDetails = Endpoint.make({
  id: "customers.tierDetails",
  section: "Customer",
  summary: "Get customer tier",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/tierDetails",
  params: Loyalty.UserIdPath,
  query: Loyalty.TierQuery,
  success: Loyalty.TierDetails,
  errors: byIdErrors,
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/lookup/tierDetails`: the tier of the customer with an identifier in a source.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const tierDetailsByIdentifier = Endpoint.make({
  id: "customers.tierDetailsByIdentifier",
  section: "Customer (Lookup)",
  summary: "Get customer tier",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/tierDetails",
  query: Loyalty.TierLookupQuery,
  success: Loyalty.TierDetails,
  errors: lookupErrors,
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/{userId}/pointsExpirySchedule`: the customer's points that will expire, by date, earliest
 * first.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const pointsExpirySchedule = Endpoint.make({
  id: "customers.pointsExpirySchedule",
  section: "Customer",
  summary: "Get points expiry schedule",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/pointsExpirySchedule",
  params: Loyalty.UserIdPath,
  query: Loyalty.ExpiryScheduleQuery,
  success: Loyalty.ExpiryScheduleResponse,
  errors: byIdErrors,
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/lookup/pointsExpirySchedule`: the expiry schedule of the customer with an identifier in a
 * source (light API).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const pointsExpiryScheduleByIdentifier = Endpoint.make({
  id: "customers.pointsExpiryScheduleByIdentifier",
  section: "Customer (Lookup)",
  summary: "Get points expiry schedule",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/pointsExpirySchedule",
  query: Loyalty.ExpiryScheduleLookupQuery,
  success: Loyalty.ExpiryScheduleResponse,
  errors: lookupErrors,
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/{userId}/promisedPointsSchedule`: the customer's promised points by the date they become
 * redeemable.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const promisedPointsSchedule = Endpoint.make({
  id: "customers.promisedPointsSchedule",
  section: "Customer",
  summary: "Get points conversion schedule",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/promisedPointsSchedule",
  params: Loyalty.UserIdPath,
  query: Loyalty.PromisedScheduleQuery,
  success: Loyalty.PromisedSchedule,
  errors: byIdErrors,
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/lookup/promisedPointsSchedule`: the promised points schedule of the customer with an
 * identifier in a source.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const promisedPointsScheduleByIdentifier = Endpoint.make({
  id: "customers.promisedPointsScheduleByIdentifier",
  section: "Customer (Lookup)",
  summary: "Get points conversion schedule",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/promisedPointsSchedule",
  query: Loyalty.PromisedScheduleLookupQuery,
  success: Loyalty.PromisedSchedule,
  errors: lookupErrors,
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/{userId}/loyaltyEvents`: a page of the customer's loyalty events, oldest first; the client
 * can stream every page (`limit` / `offset`).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const loyaltyEvents = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.loyaltyEvents",
    section: "Customer",
    summary: "Get loyalty events",
    family: "v2",
    method: "GET",
    path: "/v2/customers/{userId}/loyaltyEvents",
    params: Loyalty.UserIdPath,
    query: Loyalty.LoyaltyEventsQuery,
    success: Loyalty.LoyaltyEvents,
    errors: [notFound, merged, Endpoint.codes(InvalidPaging, [8100, 8101, 8102])],
    customerKey: (input) => String(input.path.userId)
  }),
  Pagination.offsetLimit({ items: (page) => page.data, pageSize: Loyalty.eventsPage.default })
)

/**
 * `GET /v2/customers/{userId}/pointsTransfers`: the points transferred out of (`DEDUCTION`) and into
 * (`ADDITION`) the customer's account, newest first.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const pointsTransfers = Endpoint.make({
  id: "customers.pointsTransfers",
  section: "Customer",
  summary: "Get points transfer summary",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/pointsTransfers",
  params: Loyalty.UserIdPath,
  success: Loyalty.PointsTransfers,
  errors: [notFound, merged],
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/lookup/promotionData`: a page of the loyalty promotions the customer is associated with;
 * the client can stream every page (`limit` / `offset`, `pageDetails.totalEntries`).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const promotionData = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.promotionData",
    section: "Customer (Lookup)",
    summary: "Get promotion data",
    family: "v2",
    method: "GET",
    path: "/v2/customers/lookup/promotionData",
    query: Loyalty.PromotionDataQuery,
    success: Loyalty.PromotionData,
    errors: [
      notFound,
      invalidSource,
      invalidIdentifier,
      merged,
      invalidProgram,
      readFailed,
      Endpoint.codes(InvalidPaging, [8100, 8101, 8102])
    ],
    customerKey: (input) => input.query.identifierValue
  }),
  Pagination.offsetLimit({
    items: (page) => page.data,
    total: (page) => page.pageDetails?.totalEntries,
    pageSize: 10
  })
)

/**
 * `GET /v2/customers/userEntityTrackers`: the trackers of a user group (`type=USERGROUP2`).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const userEntityTrackers = Endpoint.make({
  id: "customers.userEntityTrackers",
  section: "Customer",
  summary: "Get user group customer tracker details",
  family: "v2",
  method: "GET",
  path: "/v2/customers/userEntityTrackers",
  query: Loyalty.TrackersQuery,
  success: Loyalty.Trackers,
  errors: [
    Endpoint.codes(InvalidGroup, [1645, 1632, 1619]),
    Endpoint.codes(InvalidEntityType, [1647]),
    Endpoint.codes(LoyaltyReadFailed, [1099])
  ]
})

/**
 * Every customer loyalty endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [
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
] as const
