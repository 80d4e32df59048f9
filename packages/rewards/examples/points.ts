import { CapillaryClient, CapillaryConfig, Credentials } from "@capillary-effect/core"
import { Points, PointsService } from "@capillary-effect/rewards"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, Stream } from "effect"

const tom = Points.CustomerId.make(100001)

// Tom's points, his family's, and his last 25 ledger entries (read page by page, 10 at a time).
export const statement = Effect.gen(function*() {
  const points = yield* PointsService.Points
  const own = yield* points.balance(tom)
  const family = yield* points.groupBalance(tom).pipe(
    // Typed outcomes: InvalidUserGroup (in no group) | PointsCustomerNotFound | InvalidProgram
    Effect.catchTag("InvalidUserGroup", () => Effect.succeed(undefined))
  )
  const entries = yield* points.ledgerEntries({ customerId: tom }, { sortOrder: "DESC" }).pipe(
    Stream.take(25),
    Stream.runCollect
  )
  return {
    redeemable: own.mainPoints,
    promised: own.promisedPoints,
    family: family?.mainPoints,
    lines: entries.map((entry) => `${entry.ledgerCreatedDate} ${entry.eventName} ${entry.netPointsOnEvent}`)
  }
})

// The service over one client layer: cluster and credentials (or CapillaryConfig.layerConfig for CAPILLARY_*).
export const PointsLive = PointsService.layer.pipe(
  Layer.provide(CapillaryClient.layer),
  Layer.provide([
    CapillaryConfig.layer({ cluster: "eu", credentials: Credentials.oauth("my-client-key", "my-client-secret") }),
    NodeHttpClient.layerUndici
  ])
)

export const main = statement.pipe(Effect.provide(PointsLive))
