/**
 * The endpoint declarations of Capillary's v2 points reads: a customer's (or their group's) points balance, the
 * points ledger's closing balances, and the ledger entries, paged as the ledger pages (`offset` is the page
 * number, at most 10 entries a page). The client calls them, the emulator serves them, and both validate with the
 * same schemas.
 *
 * @since 0.1.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import * as Points from "./Points.ts"
import { InvalidProgram, InvalidUserGroup, PointsCustomerNotFound } from "./PointsErrors.ts"

const customerNotFound = Endpoint.codes(PointsCustomerNotFound, [8015, 816])
const invalidProgram = Endpoint.codes(InvalidProgram, [1101])
const invalidUserGroup = Endpoint.codes(InvalidUserGroup, [1619, 1632])

/**
 * `GET /v2/customers/{userId}/points/balance`: the customer's points in a program (the organisation's default
 * when none is named), or with `entityType=FLEET` those of the customer's user group.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const pointsBalance = Endpoint.make({
  id: "rewards.pointsBalance",
  section: "Points",
  summary: "Get points balance",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/points/balance",
  params: Points.BalancePath,
  query: Points.BalanceQuery,
  success: Points.PointsBalance,
  errors: [customerNotFound, invalidProgram, invalidUserGroup]
})

/**
 * `GET /v2/pointsLedger/getCustomerLedgerBalance`: the closing balance of each program and points category of a
 * customer's (or group's) ledger, as of an end date.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ledgerBalance = Endpoint.make({
  id: "rewards.ledgerBalance",
  section: "Points",
  summary: "Get customer ledger balance",
  family: "v2",
  method: "GET",
  path: "/v2/pointsLedger/getCustomerLedgerBalance",
  query: Points.LedgerBalanceQuery,
  success: Points.LedgerBalance,
  errors: [customerNotFound, invalidProgram, invalidUserGroup]
})

/**
 * `GET /v2/pointsLedger/getCustomerLedgerInfo`: a page of a customer's (or group's) ledger entries, one per
 * event. Paged as the ledger pages: `offset` is the page number from 0, `limit` at most 10, and the answer's
 * `ledgerDetails.pageCount` says how many pages there are, so the client can stream every entry.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ledgerInfo = Endpoint.withPaging(
  Endpoint.make({
    id: "rewards.ledgerInfo",
    section: "Points",
    summary: "Get customer ledger information",
    family: "v2",
    method: "GET",
    path: "/v2/pointsLedger/getCustomerLedgerInfo",
    query: Points.LedgerInfoQuery,
    success: Points.LedgerInfo,
    errors: [customerNotFound, invalidProgram, invalidUserGroup]
  }),
  Pagination.ledger({
    items: (page) => page.ledgerEntries ?? [],
    pageCount: (page) => page.ledgerDetails.pageCount,
    pageSize: Points.maxLedgerPageSize
  })
)

/**
 * Every points endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [pointsBalance, ledgerBalance, ledgerInfo] as const
