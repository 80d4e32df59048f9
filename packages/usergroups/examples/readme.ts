import { CapillaryClient, CapillaryConfig, Credentials } from "@capillary-effect/core"
import { UserGroup, UserGroups } from "@capillary-effect/usergroups"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, Result } from "effect"

const tom = UserGroup.CustomerId.make(100001)
const bob = UserGroup.CustomerId.make(100003)

// Create a family with Tom as its primary member and Bob in it, then read who is in.
export const program = Effect.gen(function*() {
  const userGroups = yield* UserGroups.UserGroups
  const { entity: id } = yield* userGroups.create({
    externalId: "sawyer-family",
    groupName: "Sawyers",
    maxGroupSize: 5
  })
  // One outcome per member: a Result with the membership, or why that member could not join
  // (AlreadyMember | PrimaryExists | PrimaryOfAnotherGroup | GroupFull | CustomerNotFound | ...)
  const outcomes = yield* userGroups.join({ id }, [
    { userId: tom, primaryMember: true },
    { userId: bob, permissions: ["block_points_redemption"] }
  ])
  const refused = outcomes.filter((outcome) => Result.isFailure(outcome.result)).map((outcome) => outcome.userId)
  const group = yield* userGroups.get({ externalId: "sawyer-family" })
  return { refused, active: group.totalActiveMembers, members: group.fleetGroupUsers.map((member) => member.userId) }
})

// The service over one client layer: cluster and credentials (or CapillaryConfig.layerConfig for CAPILLARY_*).
export const UserGroupsLive = UserGroups.layer.pipe(
  Layer.provide(CapillaryClient.layer),
  Layer.provide([
    CapillaryConfig.layer({ cluster: "eu", credentials: Credentials.oauth("my-client-key", "my-client-secret") }),
    NodeHttpClient.layerUndici
  ])
)

export const main = program.pipe(Effect.provide(UserGroupsLive))
