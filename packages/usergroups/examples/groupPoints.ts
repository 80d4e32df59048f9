import { CapillaryClient, CapillaryConfig, Credentials } from "@capillary-effect/core"
import { GroupPoints, GroupPointsService } from "@capillary-effect/usergroups"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer } from "effect"

const family: GroupPoints.GroupEntity = {
  type: "USERGROUP2",
  identifierType: "externalId",
  identifierValue: "demo-family"
}
const tom: GroupPoints.CustomerEntity = {
  type: "CUSTOMER",
  identifierType: "mobile",
  identifierValue: "919000000001",
  source: "INSTORE"
}

// Tom puts 500 of his points into the family wallet, when he can.
export const pool = Effect.gen(function*() {
  const groupPoints = yield* GroupPointsService.GroupPoints
  const request: GroupPoints.TransferRequest = {
    pointsTobeTransferred: 500,
    notes: "into the family pot",
    transferredBy: { identifierType: "mobile", identifierValue: "919000000001", source: "INSTORE" },
    fromEntity: tom,
    toEntity: family
  }
  const check = yield* groupPoints.isTransferrable(request)
  // A refusal is a value: InsufficientPoints | UserNotInGroup | RedemptionBlocked | TransferToSelf | ...
  if (!check.transferrable) return `not now: ${check.reason._tag} (${check.reason.code})`
  // Your own reference (e.g. a workflow's idempotency key) lets an unknown outcome be found again.
  const transfer = yield* groupPoints.transfer(request, { reference: "pot-2026-01-tom" })
  return `transfer ${transfer.transferId}: ${transfer.pointsTransferred} points on ${transfer.pointsTransferDate}`
})

// The service over one client layer: cluster and credentials (or CapillaryConfig.layerConfig for CAPILLARY_*).
export const GroupPointsLive = GroupPointsService.layer.pipe(
  Layer.provide(CapillaryClient.layer),
  Layer.provide([
    CapillaryConfig.layer({ cluster: "eu", credentials: Credentials.oauth("my-client-key", "my-client-secret") }),
    NodeHttpClient.layerUndici
  ])
)

export const main = pool.pipe(Effect.provide(GroupPointsLive))
