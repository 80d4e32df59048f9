import { CapillaryClient, CapillaryConfig } from "@capillary-effect/core"
import { Customers } from "@capillary-effect/customers"
import { Coupons } from "@capillary-effect/rewards"
import { GroupPointsService, UserGroups } from "@capillary-effect/usergroups"
import { Engine, EnrollInGroup, IssueRedeemTransfer, Timeline } from "@capillary-effect/workflows"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Console, Effect, Layer, Stream } from "effect"

const payload = {
  customerId: 100001,
  seriesId: 5001,
  billNumber: "B-1001", // the business key: the same bill is the same run
  billAmount: 250,
  groupExternalId: "demo-family",
  points: 100,
  direction: "toGroup"
} as const

// Issue a WELCOME10 coupon to Tom, redeem it on bill B-1001, then move 100 of his points to his family's wallet,
// printing the run's timeline as it happens. A failure fails with the step's typed error (InsufficientPoints,
// CouponExpired, ...) after the steps done were undone: the redemption reactivated, the coupon revoked.
export const program = Effect.gen(function*() {
  const timeline = yield* Timeline.Timeline
  const executionId = yield* IssueRedeemTransfer.executionId(payload)
  yield* Effect.forkChild(
    Stream.runForEach(
      timeline.events(executionId),
      (event) => Console.log(event._tag, "step" in event ? event.step : "")
    )
  )
  return yield* IssueRedeemTransfer.execute(payload)
})

// The flows on the engine chosen by CAPILLARY_WORKFLOW_ENGINE (memory, or sqlite with CAPILLARY_WORKFLOW_DB),
// over the domain services and one client (CAPILLARY_* configuration).
export const WorkflowsLive = Layer.mergeAll(IssueRedeemTransfer.layer, EnrollInGroup.layer).pipe(
  Layer.provideMerge(Engine.layerConfig),
  Layer.provide(Layer.mergeAll(Customers.layer, Coupons.layer, UserGroups.layer, GroupPointsService.layer)),
  Layer.provide(CapillaryClient.layer),
  Layer.provide([CapillaryConfig.layerConfig, NodeHttpClient.layerUndici])
)

export const main = program.pipe(Effect.provide(WorkflowsLive))
