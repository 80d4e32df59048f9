/**
 * EnrollInGroup on the in-memory engine, against the in-process emulator (default catalog, demo seed).
 */
import { Customers } from "@capillary-effect/customers"
import { UserGroups } from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { Engine, EnrollInGroup, Timeline } from "../src/index.ts"
import { ann, flowsOn, logOf, reset, setFaults, statusesOf, tom } from "./fixtures/emulator.ts"
import { describeTimeline } from "./fixtures/timeline.ts"

let mobiles = 919_600_000_000

const newcomer = (): EnrollInGroup.Payload["customer"] => ({
  source: "INSTORE",
  identifier: { type: "mobile", value: String(++mobiles) },
  firstName: "Nina",
  lastName: "New"
})

const byMobile = (mobile: string): EnrollInGroup.Payload["customer"] => ({
  source: "INSTORE",
  identifier: { type: "mobile", value: mobile }
})

const groupNamed = (externalId: string) => ({ externalId, groupName: `Family ${externalId}`, maxGroupSize: 4 })

const timelineOf = (input: EnrollInGroup.Payload) =>
  Effect.gen(function*() {
    const executionId = yield* EnrollInGroup.executionId(input)
    return describeTimeline(yield* Timeline.Timeline.use((timeline) => timeline.history(executionId)))
  })

const group = (externalId: string) => UserGroups.UserGroups.use((userGroups) => userGroups.get({ externalId }))

const activeMembers = (externalId: string) =>
  Effect.map(group(externalId), (found) =>
    found.fleetGroupUsers.filter((member) => member.active).map((member) => ({
      userId: member.userId,
      primary: member.primaryMember
    })))

const lookup = (customer: EnrollInGroup.Payload["customer"]) =>
  Customers.Customers.use((customers) =>
    Effect.map(customers.lookup({ source: customer.source, identifier: customer.identifier }), ({ entity }) => entity)
  )

const WRITES = ["customers.add", "usergroups.create", "usergroups.join", "usergroups.leave", "usergroups.delete"]

const writes = Effect.map(
  logOf(),
  (entries) => WRITES.map((endpoint) => entries.filter((entry) => entry.endpoint === endpoint).length)
)

layer(flowsOn(Engine.layerMemory), { excludeTestServices: true })("EnrollInGroup (memory engine)", (it) => {
  it.effect("registers a new customer, creates the group and makes them its primary member", () =>
    Effect.gen(function*() {
      yield* reset
      const input = { customer: newcomer(), group: groupNamed("wf-family-1"), primaryMember: true }
      const result = yield* EnrollInGroup.execute(input)
      assert.deepStrictEqual(
        { ...result, customerId: 0, groupId: 0 },
        { customerId: 0, registered: true, groupId: 0, groupCreated: true, joined: true }
      )
      assert.strictEqual(yield* lookup(input.customer), result.customerId)
      const created = yield* group("wf-family-1")
      assert.deepStrictEqual([created.id, created.groupStatus], [result.groupId as never, "ACTIVE"])
      assert.deepStrictEqual(yield* activeMembers("wf-family-1"), [{
        userId: result.customerId as never,
        primary: true
      }])
      assert.deepStrictEqual(yield* writes, [1, 1, 1, 0, 0])
      assert.deepStrictEqual(yield* timelineOf(input), [
        "FlowStarted",
        "StepStarted FindOrRegisterCustomer #1",
        "StepSucceeded FindOrRegisterCustomer #1",
        "StepStarted EnsureGroup #1",
        "StepSucceeded EnsureGroup #1",
        "StepStarted JoinGroup #1",
        "StepSucceeded JoinGroup #1",
        "FlowCompleted succeeded"
      ])

      // the same enrollment again: the stored result, nothing sent
      const requests = (yield* logOf()).length
      assert.deepStrictEqual(yield* EnrollInGroup.execute(input), result)
      assert.strictEqual((yield* logOf()).length, requests)
    }))

  it.effect("finds an existing customer and group, and only joins", () =>
    Effect.gen(function*() {
      yield* reset
      const input = { customer: byMobile(ann.mobile), group: groupNamed("demo-family") }
      const result = yield* EnrollInGroup.execute(input)
      assert.deepStrictEqual([result.customerId, result.registered, result.groupCreated, result.joined], [
        ann.id,
        false,
        false,
        true
      ])
      assert.deepInclude(yield* activeMembers("demo-family"), { userId: ann.id as never, primary: false })
      assert.deepStrictEqual(yield* writes, [0, 0, 1, 0, 0])
    }))

  it.effect("a customer already in the group: nothing to do, and nothing undone", () =>
    Effect.gen(function*() {
      yield* reset
      const result = yield* EnrollInGroup.execute({ customer: byMobile(tom.mobile), group: groupNamed("demo-family") })
      assert.deepStrictEqual([result.registered, result.groupCreated, result.joined], [false, false, false])
      assert.deepStrictEqual(yield* writes, [0, 0, 0, 0, 0])
    }))

  describe("a failure at each step", () => {
    it.effect("FindOrRegisterCustomer: an invalid mobile fails before anything is sent", () =>
      Effect.gen(function*() {
        yield* reset
        const input = { customer: byMobile("12"), group: groupNamed("wf-never") }
        const error = yield* Effect.flip(EnrollInGroup.execute(input))
        assert.strictEqual(error._tag, "CapillaryError")
        assert.deepStrictEqual(yield* writes, [0, 0, 0, 0, 0])
        assert.deepStrictEqual(yield* timelineOf(input), [
          "FlowStarted",
          "StepFailed FindOrRegisterCustomer/baseline #1 CapillaryError",
          "FlowCompleted failed CapillaryError"
        ])
      }))

    it.effect("EnsureGroup: an external id of a deleted group fails; the new customer stays registered", () =>
      Effect.gen(function*() {
        yield* reset
        const userGroups = yield* UserGroups.UserGroups
        const { entity } = yield* userGroups.create({ externalId: "wf-gone", groupName: "Gone" })
        yield* userGroups.delete({ id: entity })
        const input = { customer: newcomer(), group: groupNamed("wf-gone") }
        const error = yield* Effect.flip(EnrollInGroup.execute(input))
        assert.strictEqual(error._tag, "ExternalIdExists")
        assert.isAbove(yield* lookup(input.customer), 0)
        assert.strictEqual((yield* group("wf-gone")).groupStatus, "DELETED")
        assert.deepStrictEqual((yield* timelineOf(input)).slice(-4), [
          "StepFailed EnsureGroup #1 ExternalIdExists (business)",
          "Compensating EnsureGroup DeleteGroup",
          "Compensated EnsureGroup DeleteGroup: nothing to undo",
          "FlowCompleted failed ExternalIdExists"
        ])
      }))

    it.effect("JoinGroup: the primary of another group cannot lead a new one; the group created is deleted", () =>
      Effect.gen(function*() {
        yield* reset
        const input = { customer: byMobile(tom.mobile), group: groupNamed("wf-family-2"), primaryMember: true }
        const error = yield* Effect.flip(EnrollInGroup.execute(input))
        assert.strictEqual(error._tag, "PrimaryOfAnotherGroup")
        assert.strictEqual((yield* group("wf-family-2")).groupStatus, "DELETED")
        assert.deepInclude(yield* activeMembers("demo-family"), { userId: tom.id as never, primary: true })
        assert.deepStrictEqual(yield* writes, [0, 1, 1, 0, 1])
        assert.deepStrictEqual((yield* timelineOf(input)).slice(-6), [
          "StepFailed JoinGroup #1 PrimaryOfAnotherGroup (business)",
          "Compensating JoinGroup LeaveGroup",
          "Compensated JoinGroup LeaveGroup: nothing to undo",
          "Compensating EnsureGroup DeleteGroup",
          "Compensated EnsureGroup DeleteGroup: undone",
          "FlowCompleted failed PrimaryOfAnotherGroup"
        ])
      }))

    it.effect("JoinGroup: a group that is full fails; an existing group is not deleted", () =>
      Effect.gen(function*() {
        yield* reset
        const userGroups = yield* UserGroups.UserGroups
        yield* userGroups.create({ externalId: "wf-tiny", groupName: "Tiny", maxGroupSize: 1 })
        yield* EnrollInGroup.execute({ customer: byMobile(ann.mobile), group: groupNamed("wf-tiny") })
        const input = { customer: newcomer(), group: groupNamed("wf-tiny") }
        const error = yield* Effect.flip(EnrollInGroup.execute(input))
        assert.strictEqual(error._tag, "GroupFull")
        assert.strictEqual((yield* group("wf-tiny")).groupStatus, "ACTIVE")
        assert.deepStrictEqual(yield* activeMembers("wf-tiny"), [{ userId: ann.id as never, primary: false }])
        assert.deepStrictEqual((yield* timelineOf(input)).slice(-3), [
          "Compensating EnsureGroup DeleteGroup",
          "Compensated EnsureGroup DeleteGroup: nothing to undo",
          "FlowCompleted failed GroupFull"
        ])
      }))
  })

  it.effect("a create answered 500 after it was applied is reconciled once: one group, not two", () =>
    Effect.gen(function*() {
      yield* reset
      yield* setFaults([{ kind: "applyThenServerError", endpoint: "usergroups.create", times: 1 }])
      const input = { customer: newcomer(), group: groupNamed("wf-family-3"), primaryMember: true }
      const result = yield* EnrollInGroup.execute(input)
      assert.isTrue(result.groupCreated)
      assert.deepStrictEqual(yield* statusesOf("usergroups.create"), [500])
      assert.strictEqual((yield* group("wf-family-3")).id, result.groupId as never)
    }))
})
