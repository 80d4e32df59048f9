/**
 * The endpoint declarations of Capillary's group points transfers: ask whether points can move between a user
 * group's wallet and a customer's (or another group's), move them, and read an account's transfer history. The
 * client calls them, the emulator serves them, and both validate with the same schemas.
 *
 * @since 0.1.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import * as GroupPoints from "./GroupPoints.ts"
import {
  InsufficientPoints,
  InvalidPointsValue,
  InvalidProgram,
  RedemptionBlocked,
  TransferToSelf
} from "./GroupPointsErrors.ts"
import { CustomerNotFound, InvalidGroup, UserNotInGroup } from "./UserGroupErrors.ts"

const invalidGroup = Endpoint.codes(InvalidGroup, [1619, 1632])
const customerNotFound = Endpoint.codes(CustomerNotFound, [8015, 816])
const invalidProgram = Endpoint.codes(InvalidProgram, [1101])

const transferErrors = [
  invalidGroup,
  customerNotFound,
  invalidProgram,
  Endpoint.codes(UserNotInGroup, [1620]),
  Endpoint.codes(InsufficientPoints, [803, 804, 813, 818]),
  Endpoint.codes(RedemptionBlocked, [828]),
  Endpoint.codes(InvalidPointsValue, [801, 422, 878]),
  Endpoint.codes(TransferToSelf, [418])
] as const

/**
 * `POST /v2/points/userGroup2/isTransferrable`: whether the points can move as the body says, without moving
 * them. A read: nothing changes, so it is retried like one.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const isTransferrable = Endpoint.make({
  id: "usergroups.isTransferrable",
  section: "Points",
  summary: "Check if points are transferrable (group)",
  family: "v2",
  method: "POST",
  path: "/v2/points/userGroup2/isTransferrable",
  body: GroupPoints.TransferRequest,
  success: GroupPoints.TransferrabilityAnswer,
  errors: transferErrors,
  idempotency: Endpoint.read,
  reversibility: Endpoint.noEffect
})

/**
 * `POST /v2/points/userGroup2/transfer`: moves points from one account to the other (group to customer, customer
 * to group, group to group) and answers the transfer record. Not safe to send twice: each call moves the points
 * again, and Capillary has no dedup key for it (the service reconciles by a reference in the notes). Undone by a
 * transfer of the same points in the opposite direction, with this same endpoint. Serialised per customer by the
 * customer side's identifier.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const transferPoints = Endpoint.make({
  id: "usergroups.transferPoints",
  section: "Points",
  summary: "Transfer points (group)",
  family: "v2",
  method: "POST",
  path: "/v2/points/userGroup2/transfer",
  body: GroupPoints.TransferRequest,
  success: GroupPoints.TransferRecords,
  errors: transferErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("usergroups.transferPoints"),
  customerKey: (input) => {
    const { fromEntity, toEntity } = input.body
    return fromEntity.type === "CUSTOMER"
      ? fromEntity.identifierValue
      : toEntity.type === "CUSTOMER"
      ? toEntity.identifierValue
      : undefined
  }
})

/**
 * `GET /v2/points/transfer`: the transfers of a customer or a group (`userEntityType=USERGROUP2`), each as
 * `DEDUCTION` (points out) or `ADDITION` (points in), a page at a time (`offset` / `limit`), so the client can
 * stream them.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const pointsTransfers = Endpoint.withPaging(
  Endpoint.make({
    id: "usergroups.pointsTransfers",
    section: "Points",
    summary: "Get points transfer details",
    family: "v2",
    method: "GET",
    path: "/v2/points/transfer",
    query: GroupPoints.TransferHistoryQuery,
    success: GroupPoints.TransferRecords,
    errors: [invalidGroup, customerNotFound, invalidProgram]
  }),
  Pagination.offsetLimit({ items: (page) => page.data, pageSize: GroupPoints.historyPageSize })
)

/**
 * Every group points endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [isTransferrable, transferPoints, pointsTransfers] as const
