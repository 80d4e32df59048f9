/**
 * Contract tests of the user group endpoints: every operation of `@capillary-effect/usergroups` runs through the
 * SDK, over real HTTP, against the emulator's behaviours on its database. The catalog is the default one plus
 * `UserGroupBehaviours.catalog`, built here.
 */
import { Customer, Customers } from "@capillary-effect/customers"
import { UserGroup, UserGroupErrors, UserGroups } from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Fiber, Layer, Ref, Result } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, Faults, RequestLog, Seed, UserGroupBehaviours } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, UserGroupBehaviours.catalog)

/** The service of another till, against the running emulator. */
const userGroupsOf = (username: string, password: string) =>
  tillService(UserGroups.UserGroups, UserGroups.layer, username, password)

const otherOrg = userGroupsOf(Seed.demo.otherTill.username, Seed.demo.otherTill.password)

let nextMobile = 919_300_000_000

/** New customers of the demo org, registered through the SDK: their ids and mobiles. */
const newCustomers = (count: number) =>
  Effect.gen(function*() {
    const customers = yield* Customers.Customers
    return yield* Effect.forEach(Array.from({ length: count }), () => {
      const mobile = String(nextMobile++)
      return Effect.map(
        customers.add({
          profiles: [{ source: "INSTORE", firstName: "Member", identifiers: [{ type: "mobile", value: mobile }] }]
        }),
        ({ createdId }) => ({ id: createdId, mobile })
      )
    })
  })

let nextGroup = 0

/** A new group of the demo org; its id and external id. */
const newGroup = (maxGroupSize?: number) =>
  Effect.gen(function*() {
    const userGroups = yield* UserGroups.UserGroups
    const externalId = `group-${++nextGroup}`
    const { entity } = yield* userGroups.create({
      externalId,
      groupName: `Group ${nextGroup}`,
      ...(maxGroupSize === undefined ? {} : { maxGroupSize })
    })
    return { id: entity, externalId }
  })

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

const activeMembers = (groupId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_group_members WHERE group_id = ${groupId} AND active = 1`,
      (rows) => rows[0]!.n
    )
  )

const testLayer = Layer.mergeAll(UserGroups.layer, Customers.layer).pipe(
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("UserGroups against the emulator", (it) => {
  describe("create and read", () => {
    it.effect("creates a group, then reads it by id and by external id", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const clock = yield* EmulatorClock.EmulatorClock
        const created = yield* userGroups.create({
          externalId: "sawyers",
          groupName: "The Sawyers",
          maxGroupSize: 4,
          extendedFields: { ug_status: "Active", rank: 25 }
        })
        assert.isAbove(created.entity, 0)
        assert.deepStrictEqual(created.warnings, [])
        const now = yield* clock.now

        const group = yield* userGroups.get({ id: created.entity })
        assert.instanceOf(group, UserGroup.UserGroup)
        assert.deepStrictEqual(
          [group.id, group.externalId, group.groupName, group.groupStatus, group.maxGroupSize],
          [created.entity, "sawyers", "The Sawyers", "ACTIVE", 4]
        )
        assert.deepStrictEqual(group.fleetGroupUsers, [])
        assert.deepStrictEqual([group.totalActiveMembers, group.totalExitedMembers], [0, 0])
        assert.deepStrictEqual(group.extendedFields, { ug_status: "Active", rank: 25 })
        assert.deepStrictEqual(group.warnings, [])
        // created at the emulator's time, written as Capillary does (no milliseconds), by the caller's till
        assert.match(group.createdOn, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        assert.isAtMost(Math.abs(Date.parse(group.createdOn) - now), 5_000)
        const sql = yield* SqlClient.SqlClient
        const [till] = yield* sql<{ id: number }>`SELECT id FROM tills WHERE username = ${Seed.demo.till.username}`
        assert.strictEqual(group.createdBy, till!.id)
        // no ledger yet: the points parts are empty, never made up
        assert.strictEqual(group.lifeTimePurchases, 0)
        assert.deepStrictEqual(group.pointsSummaries, [])
        assert.strictEqual(group.expirySchedules, undefined)
        assert.strictEqual(group.expiredPoints, undefined)
        assert.strictEqual(group.gapToUpgrade, undefined)
        assert.strictEqual(group.gapToRenew, undefined)

        const byExternalId = yield* userGroups.get({ externalId: "sawyers" }, {
          expiredPoints: true,
          expirySchedules: true,
          gapToUpgradeFor: 2,
          gapToRenewFor: 2,
          companyDetails: true,
          programDetails: true
        })
        assert.strictEqual(byExternalId.id, created.entity)
        assert.deepStrictEqual(byExternalId.expiredPoints, [])
        assert.deepStrictEqual(byExternalId.expirySchedules, [])
        assert.deepStrictEqual(byExternalId.gapToUpgrade, [])
        assert.strictEqual(byExternalId.gapToRenew, undefined)
      }))

    it.effect("a group created without a size may have 30,000 members", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const { id } = yield* newGroup()
        assert.strictEqual((yield* userGroups.get({ id })).maxGroupSize, 30_000)
      }))

    it.effect("an external id taken in the organisation: ExternalIdExists, even once that group is deleted", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const { externalId, id } = yield* newGroup(3)
        const again = yield* expectFailure(userGroups.create({ externalId, groupName: "Someone else" }))
        assert.instanceOf(again, UserGroupErrors.ExternalIdExists)
        assert.strictEqual((again as UserGroupErrors.ExternalIdExists).code, 1633)
        assert.isString((again as UserGroupErrors.ExternalIdExists).requestId)
        // the first group was not touched
        assert.strictEqual((yield* userGroups.get({ externalId })).groupName, `Group ${nextGroup}`)
        yield* userGroups.delete({ id })
        assert.instanceOf(
          yield* expectFailure(userGroups.create({ externalId, groupName: "Reborn" })),
          UserGroupErrors.ExternalIdExists
        )
      }))
  })

  describe("join", () => {
    it.effect("a primary member and members join; the read lists them in order, with their counts", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, first, second] = yield* newCustomers(3)
        const { externalId, id } = yield* newGroup(5)
        const outcomes = yield* userGroups.join({ externalId }, [
          { userId: primary!.id, primaryMember: true },
          { userId: first!.id, permissions: ["block_points_redemption"] }
        ])
        assert.deepStrictEqual(outcomes.map((outcome) => outcome.userId), [primary!.id, first!.id])
        assert.deepStrictEqual(
          outcomes.map((outcome) => Result.isSuccess(outcome.result) ? outcome.result.success : outcome.result.failure),
          [
            {
              userId: primary!.id,
              groupId: id,
              permissions: [],
              defaultGroup: true,
              active: true,
              primaryMember: true
            },
            {
              userId: first!.id,
              groupId: id,
              permissions: ["block_points_redemption"],
              defaultGroup: true,
              active: true,
              primaryMember: false
            }
          ]
        )
        // by the primary member's id, and a customer id of the customers package passes as it is
        const joined = yield* userGroups.joinOne({ primaryUserId: primary!.id }, { userId: second!.id })
        assert.deepStrictEqual([joined.groupId, joined.primaryMember, joined.active], [id, false, true])

        const group = yield* userGroups.get({ primaryUserId: primary!.id })
        assert.strictEqual(group.id, id)
        assert.deepStrictEqual(group.fleetGroupUsers, [
          { userId: primary!.id, groupId: id, defaultGroup: true, primaryMember: true, active: true },
          { userId: first!.id, groupId: id, defaultGroup: true, primaryMember: false, active: true },
          { userId: second!.id, groupId: id, defaultGroup: true, primaryMember: false, active: true }
        ])
        assert.deepStrictEqual([group.totalActiveMembers, group.totalExitedMembers], [3, 0])
      }))

    it.effect("a second primary member: PrimaryExists, per member of the bulk answer", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, second, plain] = yield* newCustomers(3)
        const { id } = yield* newGroup(5)
        yield* userGroups.joinOne({ id }, { userId: primary!.id, primaryMember: true })
        const error = yield* expectFailure(userGroups.joinOne({ id }, { userId: second!.id, primaryMember: true }))
        assert.instanceOf(error, UserGroupErrors.PrimaryExists)
        assert.strictEqual((error as UserGroupErrors.PrimaryExists).code, 1637)
        // in one request, the refused member does not stop the others
        const outcomes = yield* userGroups.join({ id }, [
          { userId: second!.id, primaryMember: true },
          { userId: plain!.id }
        ])
        assert(Result.isFailure(outcomes[0]!.result))
        assert.instanceOf(outcomes[0]!.result.failure, UserGroupErrors.PrimaryExists)
        assert(Result.isSuccess(outcomes[1]!.result))
        const group = yield* userGroups.get({ id })
        assert.deepStrictEqual(group.fleetGroupUsers.map((member) => [member.userId, member.primaryMember]), [
          [primary!.id, true],
          [plain!.id, false]
        ])
      }))

    it.effect("the primary member of another group: PrimaryOfAnotherGroup as primary, welcome as a member", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary] = yield* newCustomers(1)
        const home = yield* newGroup(5)
        const other = yield* newGroup(5)
        yield* userGroups.joinOne({ id: home.id }, { userId: primary!.id, primaryMember: true })
        const error = yield* expectFailure(
          userGroups.joinOne({ id: other.id }, { userId: primary!.id, primaryMember: true })
        )
        assert.instanceOf(error, UserGroupErrors.PrimaryOfAnotherGroup)
        assert.strictEqual((error as UserGroupErrors.PrimaryOfAnotherGroup).code, 1642)
        // as a plain member of the other group: its home stays the default group
        const member = yield* userGroups.joinOne({ id: other.id }, { userId: primary!.id })
        assert.deepStrictEqual([member.primaryMember, member.defaultGroup], [false, false])
        const home_ = yield* userGroups.get({ id: home.id })
        assert.deepStrictEqual(home_.fleetGroupUsers.map((listed) => listed.defaultGroup), [true])
      }))

    it.effect("an active member again: AlreadyMember", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [member] = yield* newCustomers(1)
        const { id } = yield* newGroup(5)
        yield* userGroups.joinOne({ id }, { userId: member!.id })
        const error = yield* expectFailure(userGroups.joinOne({ id }, { userId: member!.id }))
        assert.instanceOf(error, UserGroupErrors.AlreadyMember)
        assert.strictEqual((error as UserGroupErrors.AlreadyMember).code, 1623)
        assert.strictEqual((yield* userGroups.get({ id })).totalActiveMembers, 1)
      }))

    it.effect("a group with maxGroupSize active members: GroupFull; an exited member frees a place", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [a, b, c] = yield* newCustomers(3)
        const { id } = yield* newGroup(2)
        const outcomes = yield* userGroups.join({ id }, [{ userId: a!.id }, { userId: b!.id }, { userId: c!.id }])
        assert.deepStrictEqual(outcomes.map((outcome) => Result.isSuccess(outcome.result)), [true, true, false])
        assert(Result.isFailure(outcomes[2]!.result))
        assert.instanceOf(outcomes[2]!.result.failure, UserGroupErrors.GroupFull)
        assert.strictEqual(outcomes[2]!.result.failure.code, 1638)
        assert.instanceOf(
          yield* expectFailure(userGroups.joinOne({ id }, { userId: c!.id })),
          UserGroupErrors.GroupFull
        )
        yield* userGroups.leave(id, a!.id)
        yield* userGroups.joinOne({ id }, { userId: c!.id })
        const group = yield* userGroups.get({ id })
        assert.deepStrictEqual([group.totalActiveMembers, group.totalExitedMembers], [2, 1])
      }))

    it.effect("a member who is not a customer of the organisation: CustomerNotFound", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const { id } = yield* newGroup(5)
        for (const userId of [987_654_321, Seed.demo.otherCustomer.id]) {
          const error = yield* expectFailure(userGroups.joinOne({ id }, { userId: UserGroup.CustomerId.make(userId) }))
          assert.instanceOf(error, UserGroupErrors.CustomerNotFound)
          assert.strictEqual((error as UserGroupErrors.CustomerNotFound).code, 8015)
        }
        assert.strictEqual((yield* userGroups.get({ id })).fleetGroupUsers.length, 0)
      }))

    it.effect("the database itself keeps one active primary per group, and a customer the primary of one group", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const sql = yield* SqlClient.SqlClient
        const [a, b] = yield* newCustomers(2)
        const home = yield* newGroup(5)
        const other = yield* newGroup(5)
        yield* userGroups.joinOne({ id: home.id }, { userId: a!.id, primaryMember: true })
        const primary = (groupId: number, customerId: number, active: 0 | 1) =>
          sql`INSERT INTO user_group_members (group_id, customer_id, primary_member, permissions, joined_on, active)
            VALUES (${groupId}, ${customerId}, 1, '[]', 0, ${active})`
        for (const [groupId, customerId] of [[home.id, b!.id], [other.id, a!.id]] as const) {
          const error = yield* Effect.flip(primary(groupId, customerId, 1))
          assert.strictEqual(error.reason._tag, "UniqueViolation")
        }
        // exited primary members do not count
        yield* primary(other.id, b!.id, 0)
        yield* primary(other.id, UserGroup.CustomerId.make(Seed.demo.customers.ann.id), 0)
        assert.strictEqual(yield* activeMembers(other.id), 0)
      }))

    it.effect("20 concurrent joins race for the last 3 places: exactly 3 join, and the group never overfills", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const maxGroupSize = 8
        const { id } = yield* newGroup(maxGroupSize)
        const [primary, ...rest] = yield* newCustomers(maxGroupSize - 3 + 20)
        const settled = rest.slice(0, maxGroupSize - 4)
        const racers = rest.slice(maxGroupSize - 4)
        yield* userGroups.join({ id }, [
          { userId: primary!.id, primaryMember: true },
          ...settled.map((member) => ({ userId: member.id }))
        ])
        assert.strictEqual(racers.length, 20)
        assert.strictEqual(yield* activeMembers(id), maxGroupSize - 3)

        // watch the active members while the race runs
        const highest = yield* Ref.make(0)
        const done = yield* Ref.make(false)
        const watcher = yield* Effect.gen(function*() {
          while (!(yield* Ref.get(done))) {
            const count = yield* activeMembers(id)
            yield* Ref.update(highest, (seen) => Math.max(seen, count))
            yield* Effect.yieldNow
          }
        }).pipe(Effect.forkChild)
        const results = yield* Effect.forEach(
          racers,
          (racer) => Effect.result(userGroups.joinOne({ id }, { userId: racer.id })),
          { concurrency: "unbounded" }
        )
        yield* Ref.set(done, true)
        yield* Fiber.join(watcher)

        const joined = results.filter(Result.isSuccess)
        const refused = results.flatMap((result) => Result.isFailure(result) ? [result.failure] : [])
        assert.strictEqual(joined.length, 3)
        assert.strictEqual(refused.length, 17)
        for (const error of refused) assert.instanceOf(error, UserGroupErrors.GroupFull)
        assert.isAtMost(yield* Ref.get(highest), maxGroupSize)
        assert.strictEqual(yield* activeMembers(id), maxGroupSize)
        const group = yield* userGroups.get({ id })
        assert.strictEqual(group.totalActiveMembers, maxGroupSize)
        assert.strictEqual(group.fleetGroupUsers.length, maxGroupSize)
      }))
  })

  describe("leave and delete", () => {
    it.effect("a member leaves: listed as exited, the counts follow; by customer id or by identifier", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, byId, byMobile] = yield* newCustomers(3)
        const { id } = yield* newGroup(5)
        yield* userGroups.join({ id }, [
          { userId: primary!.id, primaryMember: true },
          { userId: byId!.id },
          { userId: byMobile!.id }
        ])
        const left = yield* userGroups.leave(id, byId!.id)
        assert.deepStrictEqual<unknown>(left, { success: true, warnings: [], errors: [] })
        yield* userGroups.leave(id, { source: "INSTORE", identifier: { type: "mobile", value: byMobile!.mobile } })
        const group = yield* userGroups.get({ id })
        assert.deepStrictEqual(
          group.fleetGroupUsers.map((member) => [member.userId, member.active, member.defaultGroup]),
          [
            [primary!.id, true, true],
            [byId!.id, false, false],
            [byMobile!.id, false, false]
          ]
        )
        assert.deepStrictEqual([group.totalActiveMembers, group.totalExitedMembers], [1, 2])
        assert.strictEqual(group.groupStatus, "ACTIVE")
        // back in: the same entry, active again
        yield* userGroups.joinOne({ id }, { userId: byId!.id })
        const back = yield* userGroups.get({ id })
        assert.deepStrictEqual(back.fleetGroupUsers.map((member) => [member.userId, member.active]), [
          [primary!.id, true],
          [byId!.id, true],
          [byMobile!.id, false]
        ])
        assert.deepStrictEqual([back.totalActiveMembers, back.totalExitedMembers], [2, 1])
      }))

    it.effect("a customer who is not an active member leaves: UserNotInGroup", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [member, stranger] = yield* newCustomers(2)
        const { id } = yield* newGroup(5)
        yield* userGroups.joinOne({ id }, { userId: member!.id })
        const error = yield* expectFailure(userGroups.leave(id, stranger!.id))
        assert.instanceOf(error, UserGroupErrors.UserNotInGroup)
        assert.strictEqual((error as UserGroupErrors.UserNotInGroup).code, 1620)
        yield* userGroups.leave(id, member!.id)
        assert.instanceOf(yield* expectFailure(userGroups.leave(id, member!.id)), UserGroupErrors.UserNotInGroup)
        // not a customer at all: CustomerNotFound
        assert.instanceOf(
          yield* expectFailure(userGroups.leave(id, { identifier: { type: "mobile", value: "919399999999" } })),
          UserGroupErrors.CustomerNotFound
        )
      }))

    it.effect("the primary member leaves: the group becomes INACTIVE and takes no one else", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, member, late] = yield* newCustomers(3)
        const { id } = yield* newGroup(5)
        yield* userGroups.join({ id }, [{ userId: primary!.id, primaryMember: true }, { userId: member!.id }])
        yield* userGroups.leave(id, primary!.id)
        const group = yield* userGroups.get({ id })
        assert.strictEqual(group.groupStatus, "INACTIVE")
        assert.deepStrictEqual([group.totalActiveMembers, group.totalExitedMembers], [1, 1])
        const error = yield* expectFailure(userGroups.joinOne({ id }, { userId: late!.id }))
        assert.instanceOf(error, UserGroupErrors.InvalidGroup)
        assert.strictEqual((error as UserGroupErrors.InvalidGroup).code, 1632)
        // the members still in may leave; the former primary may lead another group
        yield* userGroups.leave(id, member!.id)
        const next = yield* newGroup(5)
        yield* userGroups.joinOne({ id: next.id }, { userId: primary!.id, primaryMember: true })
      }))

    it.effect("delete: the group is DELETED, its members exited; it stays readable, and deleting again succeeds", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, member, late] = yield* newCustomers(3)
        const { externalId, id } = yield* newGroup(5)
        yield* userGroups.join({ id }, [{ userId: primary!.id, primaryMember: true }, { userId: member!.id }])
        assert.deepStrictEqual(yield* userGroups.delete({ externalId }), { warnings: [] })
        const group = yield* userGroups.get({ id })
        assert.strictEqual(group.groupStatus, "DELETED")
        assert.deepStrictEqual(group.fleetGroupUsers.map((listed) => listed.active), [false, false])
        assert.deepStrictEqual([group.totalActiveMembers, group.totalExitedMembers], [0, 2])
        assert.strictEqual((yield* userGroups.get({ externalId })).groupStatus, "DELETED")
        // no longer anyone's group: not found by its former primary, who may lead a new one
        const byPrimary = yield* expectFailure(userGroups.get({ primaryUserId: primary!.id }))
        assert.instanceOf(byPrimary, UserGroupErrors.InvalidGroup)
        assert.strictEqual((byPrimary as UserGroupErrors.InvalidGroup).code, 1619)
        assert.deepStrictEqual(yield* userGroups.delete({ id }), { warnings: [] })
        for (
          const attempt of [
            userGroups.joinOne({ id }, { userId: late!.id }),
            userGroups.leave(id, member!.id)
          ]
        ) {
          assert.instanceOf(
            yield* expectFailure(attempt as Effect.Effect<unknown, UserGroups.JoinOneError | UserGroups.LeaveError>),
            UserGroupErrors.InvalidGroup
          )
        }
        const next = yield* newGroup(5)
        yield* userGroups.joinOne({ id: next.id }, { userId: primary!.id, primaryMember: true })
      }))
  })

  describe("not found and isolation", () => {
    it.effect("an unknown group: InvalidGroup for every operation", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [customer] = yield* newCustomers(1)
        const unknown = UserGroup.UserGroupId.make(987_654_321)
        const attempts: ReadonlyArray<
          readonly [Effect.Effect<unknown, UserGroups.JoinOneError | UserGroups.LeaveError>, number]
        > = [
          [userGroups.get({ id: unknown }), 1632],
          [userGroups.get({ externalId: "no-such-group" }), 1632],
          [userGroups.get({ primaryUserId: customer!.id }), 1619],
          [userGroups.join({ id: unknown }, [{ userId: customer!.id }]), 1632],
          [userGroups.joinOne({ externalId: "no-such-group" }, { userId: customer!.id }), 1632],
          [userGroups.leave(unknown, customer!.id), 1632],
          [userGroups.delete({ id: unknown }), 1632],
          [userGroups.delete({ externalId: "no-such-group" }), 1632]
        ]
        for (const [attempt, code] of attempts) {
          const error = yield* expectFailure(attempt)
          assert.instanceOf(error, UserGroupErrors.InvalidGroup)
          assert.strictEqual((error as UserGroupErrors.InvalidGroup).code, code)
        }
      }))

    it.effect("another organisation cannot see, join, leave or delete a group, and may reuse its external id", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const other = yield* otherOrg
        const [primary] = yield* newCustomers(1)
        const { externalId, id } = yield* newGroup(5)
        yield* userGroups.joinOne({ id }, { userId: primary!.id, primaryMember: true })
        const olga = UserGroup.CustomerId.make(Seed.demo.otherCustomer.id)
        const attempts: ReadonlyArray<Effect.Effect<unknown, UserGroups.JoinOneError | UserGroups.LeaveError>> = [
          other.get({ id }),
          other.get({ externalId }),
          other.get({ primaryUserId: primary!.id }),
          other.joinOne({ id }, { userId: olga }),
          other.leave(id, primary!.id),
          other.delete({ id })
        ]
        for (const attempt of attempts) assert.instanceOf(yield* expectFailure(attempt), UserGroupErrors.InvalidGroup)
        // unchanged for its own organisation
        const group = yield* userGroups.get({ id })
        assert.deepStrictEqual([group.groupStatus, group.totalActiveMembers], ["ACTIVE", 1])
        // the other organisation's own group, with the same external id; the demo org's customers are not its own
        const theirs = yield* other.create({ externalId, groupName: "Theirs" })
        assert.notStrictEqual(theirs.entity, id)
        yield* other.joinOne({ id: theirs.entity }, { userId: olga, primaryMember: true })
        assert.instanceOf(
          yield* expectFailure(other.joinOne({ id: theirs.entity }, { userId: primary!.id })),
          UserGroupErrors.CustomerNotFound
        )
        assert.strictEqual((yield* other.get({ externalId })).id, theirs.entity)
        assert.strictEqual((yield* userGroups.get({ externalId })).id, id)
      }))
  })

  describe("demo seed", () => {
    it.effect("seedDemo writes the demo family: Tom its primary member, Bob in it; once", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const { demoGroup } = UserGroupBehaviours
        assert.deepStrictEqual(
          [demoGroup.orgId, demoGroup.primaryUserId, demoGroup.memberUserIds],
          [Seed.demo.org.id, Seed.demo.customers.tom.id, [Seed.demo.customers.bob.id]]
        )
        yield* UserGroupBehaviours.seedDemo
        yield* UserGroupBehaviours.seedDemo
        const tom = UserGroup.CustomerId.make(Seed.demo.customers.tom.id)
        const group = yield* userGroups.get({ externalId: "demo-family" })
        assert.deepStrictEqual([group.groupName, group.maxGroupSize, group.groupStatus], ["Demo family", 5, "ACTIVE"])
        assert.deepStrictEqual<unknown>(
          group.fleetGroupUsers.map((member) => [member.userId, member.primaryMember, member.active]),
          [
            [Seed.demo.customers.tom.id, true, true],
            [Seed.demo.customers.bob.id, false, true]
          ]
        )
        assert.strictEqual((yield* userGroups.get({ primaryUserId: tom })).id, group.id)
        const sql = yield* SqlClient.SqlClient
        const [count] = yield* sql<
          { n: number }
        >`SELECT COUNT(*) AS n FROM user_groups WHERE external_id = 'demo-family'`
        assert.strictEqual(count!.n, 1)
      }))
  })

  describe("validation and wire", () => {
    it.effect("the emulator refuses bad input from any client with Capillary's codes", () =>
      Effect.gen(function*() {
        const creates = [
          [{ groupName: "n" }, 1634],
          [{ externalId: " ", groupName: "n" }, 1634],
          [{ externalId: "x".repeat(51), groupName: "n" }, 1645],
          [{ externalId: "bad-1" }, 1644],
          [{ externalId: "bad-1", groupName: "n".repeat(51) }, 91015],
          [{ externalId: "bad-1", groupName: "n", maxGroupSize: 0 }, 1640],
          [{ externalId: "bad-1", groupName: "n", maxGroupSize: -5 }, 1640],
          [{ externalId: "bad-1", groupName: "n", maxGroupSize: 2.5 }, 1640],
          [{ externalId: "bad-1", groupName: "n", maxGroupSize: 30_001 }, 1639]
        ] as const
        for (const [body, code] of creates) {
          const answer = yield* raw("/v2/userGroup2", { method: "POST", body })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], JSON.stringify(body))
        }
        const queries = [
          ["GET", "/v2/userGroup2?expiredPoints=true", 1635],
          ["POST", "/v2/userGroup2/join", 1635],
          ["DELETE", "/v2/userGroup2?primaryUserId=100001", 1635],
          ["GET", "/v2/userGroup2?id=abc", 400],
          ["DELETE", "/v2/userGroup2/1/leave?source=ORKUT&identifierName=mobile&identifierValue=919000000001", 8003],
          ["DELETE", "/v2/userGroup2/1/leave?identifierName=phone&identifierValue=919000000001", 8013],
          ["DELETE", "/v2/userGroup2/1/leave?identifierName=id&identifierValue=tom", 400]
        ] as const
        for (const [method, path, code] of queries) {
          const answer = yield* raw(path, { method, ...(method === "POST" ? { body: [{ userId: 100001 }] } : {}) })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], `${method} ${path}`)
        }
        const badJoin = yield* raw("/v2/userGroup2/join?externalId=demo-family", { method: "POST", body: [] })
        assert.deepStrictEqual([badJoin.status, badJoin.body.errors[0].code], [400, 400])
        const sql = yield* SqlClient.SqlClient
        const [count] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM user_groups WHERE external_id = 'bad-1'`
        assert.strictEqual(count!.n, 0)
      }))

    it.effect("a join answers Capillary's bulk envelope, as curl sees it", () =>
      Effect.gen(function*() {
        const [member] = yield* newCustomers(1)
        const { externalId, id } = yield* newGroup(5)
        const answer = yield* raw(`/v2/userGroup2/join?externalId=${externalId}`, {
          method: "POST",
          body: [{ userId: member!.id, primaryMember: false, permissions: ["block_points_redemption"] }, {
            userId: 987_654_321
          }]
        })
        assert.strictEqual(answer.status, 200)
        assert.deepStrictEqual(answer.body, {
          response: [
            {
              entityId: member!.id,
              result: {
                userId: member!.id,
                groupId: id,
                permissions: ["block_points_redemption"],
                defaultGroup: true,
                active: true,
                primaryMember: false
              },
              errors: [],
              warnings: []
            },
            {
              entityId: 987_654_321,
              errors: [{ status: false, code: 8015, message: "Customer not found for the given identifiers" }],
              warnings: []
            }
          ],
          totalCount: 2,
          failureCount: 1
        })
      }))

    it.effect("the member sources and identifier names are the customers package's own", () =>
      Effect.sync(() => {
        assert.deepStrictEqual(UserGroup.Source.literals, Customer.Source.literals)
        assert.deepStrictEqual(UserGroup.IdentifierType.literals, Customer.IdentifierType.literals)
      }))

    it.effect("the OpenAPI document lists the user group operations", () =>
      Effect.gen(function*() {
        const { body } = yield* admin("/openapi.json")
        assert.deepStrictEqual(
          [
            body.paths["/v2/userGroup2"].post.operationId,
            body.paths["/v2/userGroup2"].get.operationId,
            body.paths["/v2/userGroup2"].delete.operationId,
            body.paths["/v2/userGroup2/join"].post.operationId,
            body.paths["/v2/userGroup2/{groupId}/leave"].delete.operationId,
            body.paths["/v2/userGroup2"].put.operationId,
            body.paths["/v2/userGroup2/search"].get.operationId,
            body.paths["/v2/userGroup2/transfer"].post.operationId,
            body.paths["/v2/userGroup2/members"].get.operationId,
            body.paths["/v2/userGroup2/transactions"].get.operationId
          ],
          [
            "usergroups.create",
            "usergroups.get",
            "usergroups.delete",
            "usergroups.join",
            "usergroups.leave",
            "usergroups.update",
            "usergroups.search",
            "usergroups.transferMembers",
            "usergroups.members",
            "usergroups.transactions"
          ]
        )
      }))
  })

  describe("ambiguous writes", () => {
    it.effect("a create applied and then cut off is reconciled by its external id, not created twice", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const created = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "usergroups.create", times: 1 }]),
          () => userGroups.create({ externalId: "ambiguous-create", groupName: "Ambiguous" }),
          () => faults.clear()
        )
        assert.deepStrictEqual(created.warnings, [])
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status, entry.fault]), [
          ["usergroups.create", 0, "applyThenReset"],
          ["usergroups.get", 200, undefined]
        ])
        assert.strictEqual((yield* userGroups.get({ externalId: "ambiguous-create" })).id, created.entity)
      }))

    it.effect("a join applied and then cut off is reconciled from the group's members, not sent twice", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const [primary, member] = yield* newCustomers(2)
        const { id } = yield* newGroup(5)
        yield* log.clear
        const outcomes = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "usergroups.join", times: 1 }]),
          () => userGroups.join({ id }, [{ userId: primary!.id, primaryMember: true }, { userId: member!.id }]),
          () => faults.clear()
        )
        assert.deepStrictEqual(outcomes.map((outcome) => Result.isSuccess(outcome.result)), [true, true])
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status]), [
          ["usergroups.join", 0],
          ["usergroups.get", 200]
        ])
        assert.strictEqual(yield* activeMembers(id), 2)
      }))
  })
})
