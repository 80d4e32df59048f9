/**
 * Contract tests of the members side of the user group endpoints: update, search, moving members between groups,
 * the members read with details, the group transactions read and the group read's members list, run through the
 * `UserGroups` service over real HTTP against the emulator, with each named error, the state checked afterwards,
 * the status transitions, races for the last places of a group, and the group read compared field by field with
 * the documented example. The catalog is the default one plus the user group and ledger catalogs, built here.
 */
import { Customers } from "@capillary-effect/customers"
import { UserGroup, UserGroupErrors, UserGroups } from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Fiber, Layer, Ref, Result, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { readFileSync } from "node:fs"
import { Emulator, EmulatorClock, LedgerBehaviours, Seed, UserGroupBehaviours } from "../src/index.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, UserGroupBehaviours.catalog, LedgerBehaviours.catalog)

const otherOrg = tillService(
  UserGroups.UserGroups,
  UserGroups.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

let nextMobile = 919_500_000_000

interface NewCustomer {
  readonly id: UserGroup.CustomerId
  readonly mobile: string
  readonly email: string
  readonly firstName: string
}

/** New customers of the demo org, registered through the SDK with a name, a mobile and an email. */
const newCustomers = (
  count: number,
  extra: ReadonlyArray<{ readonly type: "cardnumber"; readonly value: string }> = []
) =>
  Effect.gen(function*() {
    const customers = yield* Customers.Customers
    return yield* Effect.forEach(Array.from({ length: count }), (_, i): Effect.Effect<NewCustomer, unknown> => {
      const mobile = String(nextMobile++)
      const email = `m${mobile}@example.com`
      const firstName = `Member${mobile.slice(-4)}`
      return Effect.map(
        customers.add({
          profiles: [{
            source: "INSTORE",
            firstName,
            lastName: "Group",
            identifiers: [
              { type: "mobile", value: mobile },
              { type: "email", value: email },
              ...(i === 0 ? extra : [])
            ]
          }]
        }),
        ({ createdId }) => ({ id: UserGroup.CustomerId.make(createdId), mobile, email, firstName })
      )
    })
  })

let nextGroup = 0

/** A new group of the demo org (a primary member and members when given); its id and external id. */
const newGroup = (
  maxGroupSize: number,
  members: ReadonlyArray<{ readonly id: UserGroup.CustomerId; readonly permissions?: ReadonlyArray<string> }> = [],
  extendedFields?: UserGroup.Fields
) =>
  Effect.gen(function*() {
    const userGroups = yield* UserGroups.UserGroups
    const externalId = `members-${++nextGroup}`
    const { entity } = yield* userGroups.create({
      externalId,
      groupName: `Members group ${nextGroup}`,
      maxGroupSize,
      ...(extendedFields === undefined ? {} : { extendedFields })
    })
    if (members.length > 0) {
      const outcomes = yield* userGroups.join(
        { id: entity },
        members.map((member, i) => ({
          userId: member.id,
          ...(i === 0 ? { primaryMember: true } : {}),
          ...(member.permissions === undefined ? {} : { permissions: member.permissions })
        })) as unknown as UserGroup.JoinRequest
      )
      assert(outcomes.every((outcome) => Result.isSuccess(outcome.result)))
    }
    return { id: entity, externalId }
  })

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

/** The named error's tag and code. */
const tagAndCode = (error: unknown) => [(error as { _tag: string })._tag, (error as { code?: number }).code]

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

layer(testLayer, { excludeTestServices: true })("User group members against the emulator", (it) => {
  describe("update", () => {
    it.effect("renames, resizes and merges extended fields, by id or by external id; a new external id by id", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const { externalId, id } = yield* newGroup(5, [], { ug_status: "Active", rank: 1 })
        const byId = yield* userGroups.update({ id, externalId: "", groupName: "Renamed", maxGroupSize: 7 })
        assert.deepStrictEqual<unknown>(byId, {
          id,
          externalId,
          groupName: "Renamed",
          maxGroupSize: 7,
          extendedFields: { ug_status: "Active", rank: 1 },
          warnings: []
        })
        const byExternalId = yield* userGroups.update({ externalId, extendedFields: { rank: 2, city: "Pune" } })
        assert.deepStrictEqual(byExternalId.extendedFields, { ug_status: "Active", rank: 2, city: "Pune" })
        const moved = yield* userGroups.update({ id, externalId: `${externalId}-new` })
        assert.strictEqual(moved.externalId, `${externalId}-new`)
        const group = yield* userGroups.get({ externalId: `${externalId}-new` })
        assert.deepStrictEqual(
          [group.id, group.groupName, group.maxGroupSize, group.extendedFields],
          [id, "Renamed", 7, { ug_status: "Active", rank: 2, city: "Pune" }]
        )
        // the old external id names no group any more, and may be taken again
        assert.instanceOf(yield* expectFailure(userGroups.get({ externalId })), UserGroupErrors.InvalidGroup)
        yield* userGroups.create({ externalId, groupName: "Reuse" })
        // the same update again changes nothing and succeeds: retried like a read
        assert.deepStrictEqual(yield* userGroups.update({ id, externalId: "", groupName: "Renamed" }), {
          ...byId,
          externalId: `${externalId}-new`,
          extendedFields: group.extendedFields!
        })
      }))

    it.effect("a size below the active members: GroupSizeLimit 1640, unchanged; at the count the group is full", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const people = yield* newCustomers(4)
        const { id } = yield* newGroup(5, people.slice(0, 3))
        const error = yield* expectFailure(userGroups.update({ id, maxGroupSize: 2 }))
        assert.instanceOf(error, UserGroupErrors.GroupSizeLimit)
        assert.strictEqual((error as UserGroupErrors.GroupSizeLimit).code, 1640)
        assert.strictEqual((yield* userGroups.get({ id })).maxGroupSize, 5)
        assert.strictEqual((yield* userGroups.update({ id, maxGroupSize: 3 })).maxGroupSize, 3)
        assert.instanceOf(
          yield* expectFailure(userGroups.joinOne({ id }, { userId: people[3]!.id })),
          UserGroupErrors.GroupFull
        )
      }))

    it.effect("a taken external id, a deleted or unknown group, another organisation's group: named errors", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const first = yield* newGroup(5)
        const second = yield* newGroup(5)
        const taken = yield* expectFailure(userGroups.update({ id: second.id, externalId: first.externalId }))
        assert.deepStrictEqual(tagAndCode(taken), ["ExternalIdExists", 1633])
        assert.strictEqual((yield* userGroups.get({ id: second.id })).externalId, second.externalId)
        yield* userGroups.delete({ id: second.id })
        assert.deepStrictEqual(
          tagAndCode(yield* expectFailure(userGroups.update({ id: second.id, groupName: "Back" }))),
          ["InvalidGroup", 1632]
        )
        assert.deepStrictEqual(
          tagAndCode(
            yield* expectFailure(userGroups.update({ id: UserGroup.UserGroupId.make(987_654), groupName: "x" }))
          ),
          ["InvalidGroup", 1632]
        )
        const other = yield* otherOrg
        assert.deepStrictEqual(
          tagAndCode(yield* expectFailure(other.update({ id: first.id, groupName: "Theirs" }))),
          ["InvalidGroup", 1632]
        )
        assert.strictEqual((yield* userGroups.get({ id: first.id })).groupName, `Members group ${nextGroup - 1}`)
      }))

    it.effect("nothing to update is refused before sending; from any client it is 1643, with the other codes", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const { externalId, id } = yield* newGroup(5)
        const refused = yield* expectFailure(userGroups.update({ id }))
        assert(refused._tag === "CapillaryError" && refused.reason._tag === "InvalidRequest")
        const bodies = [
          [{ id: String(id) }, 1643],
          [{ id: String(id), externalId: "" }, 1643],
          [{ externalId }, 1643],
          [{ groupName: "n" }, 403],
          [{ id: String(id), groupName: " " }, 1644],
          [{ id: String(id), groupName: "n".repeat(51) }, 91015],
          [{ id: String(id), maxGroupSize: 0 }, 1640],
          [{ id: String(id), maxGroupSize: 30_001 }, 1639]
        ] as const
        for (const [body, code] of bodies) {
          const answer = yield* raw("/v2/userGroup2", { method: "PUT", body })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], JSON.stringify(body))
        }
        // a numeric id is read as well as the documented string
        const numeric = yield* raw("/v2/userGroup2", { method: "PUT", body: { id, groupName: "Numeric" } })
        assert.deepStrictEqual([numeric.status, numeric.body.groupName, numeric.body.id], [200, "Numeric", id])
      }))
  })

  describe("search", () => {
    it.effect("finds groups by id, name, external id, and the primary member's mobile or email", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, member] = yield* newCustomers(2)
        const { externalId, id } = yield* newGroup(5, [primary!, member!], { platinum: 25 })
        yield* userGroups.update({ id, groupName: "Natwest Fourteen" })
        const lonely = yield* newGroup(5)
        yield* userGroups.update({ id: lonely.id, groupName: "Natwest lonely" })

        // `q` equal to the id finds the group (other groups whose name or external id holds the digits too)
        const byId = yield* userGroups.search(String(id), { limit: 100 })
        assert.deepStrictEqual(byId.pagination, {
          limit: 100,
          offset: 0,
          total: byId.data.length
        })
        assert.deepStrictEqual<unknown>(byId.data.filter((hit) => hit.groupId === id), [{
          groupId: id,
          groupName: "Natwest Fourteen",
          groupStatus: "ACTIVE",
          groupExternalId: externalId,
          firstName: primary!.firstName,
          lastName: "Group",
          primaryMemberId: primary!.id,
          email: primary!.email,
          mobile: primary!.mobile,
          totalMembers: 2,
          extendedFields: { platinum: 25 }
        }])
        for (const q of [primary!.mobile, primary!.email.toUpperCase(), externalId.toUpperCase()]) {
          assert.deepStrictEqual((yield* userGroups.search(q)).data.map((hit) => hit.groupId), [id], q)
        }
        // a plain member's mobile does not find the group
        assert.deepStrictEqual((yield* userGroups.search(member!.mobile)).data, [])
        // by name, ignoring case: both; the group without a primary member has no primary fields
        const byName = yield* userGroups.search("natwest")
        assert.deepStrictEqual(byName.pagination, { limit: UserGroup.searchPageSize, offset: 0, total: 2 })
        assert.deepStrictEqual(byName.data.map((hit) => hit.groupId), [id, lonely.id])
        assert.deepStrictEqual(byName.data[1], {
          groupId: lonely.id,
          groupName: "Natwest lonely",
          groupStatus: "ACTIVE",
          groupExternalId: lonely.externalId,
          totalMembers: 0,
          extendedFields: {}
        })
        // deleted groups and other organisations' groups are not found
        yield* userGroups.delete({ id: lonely.id })
        assert.deepStrictEqual((yield* userGroups.search("natwest")).data.map((hit) => hit.groupId), [id])
        assert.deepStrictEqual((yield* (yield* otherOrg).search("natwest")).data, [])
      }))

    it.effect("pages by offset and limit with the total; searchAll reads every page", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const ids: Array<number> = []
        for (let i = 0; i < 12; i++) {
          const { id } = yield* newGroup(5)
          yield* userGroups.update({ id, groupName: `Paged zebra ${i}` })
          ids.push(id)
        }
        const second = yield* userGroups.search("ZEBRA", { offset: 5, limit: 5 })
        assert.deepStrictEqual(second.pagination, { limit: 5, offset: 5, total: 12 })
        assert.deepStrictEqual(second.data.map((hit) => hit.groupId), ids.slice(5, 10))
        const all = yield* Stream.runCollect(userGroups.searchAll("zebra"))
        assert.deepStrictEqual(all.map((hit) => hit.groupId), ids)
        const missing = yield* raw("/v2/userGroup2/search")
        assert.deepStrictEqual([missing.status, missing.body.errors[0].code], [400, 91052])
        const blank = yield* raw("/v2/userGroup2/search?q=%20")
        assert.deepStrictEqual([blank.status, blank.body.errors[0].code], [400, 91052])
      }))
  })

  describe("moving members between groups", () => {
    it.effect("members leave one group and join the other, keeping their permissions", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, blocked, plain, other] = yield* newCustomers(4)
        const from = yield* newGroup(5, [primary!, { ...blocked!, permissions: ["block_points_redemption"] }, plain!])
        const to = yield* newGroup(5, [other!])
        const moved = yield* userGroups.transferMembers({
          leaveGroupId: from.id,
          joinGroupId: to.id,
          userIds: [blocked!.id, plain!.id]
        })
        assert.deepStrictEqual<unknown>(moved, { success: true, warnings: [], errors: [] })
        const left = yield* userGroups.get({ id: from.id })
        assert.deepStrictEqual(
          left.fleetGroupUsers.map((listed) => [listed.userId, listed.active]),
          [[primary!.id, true], [blocked!.id, false], [plain!.id, false]]
        )
        assert.deepStrictEqual([left.totalActiveMembers, left.totalExitedMembers], [1, 2])
        const joined = yield* userGroups.get({ id: to.id })
        assert.deepStrictEqual(
          joined.fleetGroupUsers.map((listed) => [listed.userId, listed.active, listed.primaryMember]),
          [[other!.id, true, true], [blocked!.id, true, false], [plain!.id, true, false]]
        )
        const page = yield* userGroups.members({ id: to.id }, { primaryFirst: true, sortOrder: "ASC" })
        assert.deepStrictEqual(
          page.data.map((listed) => [listed.fleetUserId, listed.permissions]),
          [[other!.id, []], [blocked!.id, ["block_points_redemption"]], [plain!.id, []]]
        )
        // moved back: the move undoes itself
        yield* userGroups.transferMembers({ leaveGroupId: to.id, joinGroupId: from.id, userIds: [plain!.id] })
        assert.strictEqual((yield* userGroups.get({ id: from.id })).totalActiveMembers, 2)
      }))

    it.effect("the primary member, a non-member, a member already in, a full group, unknown groups: all or none", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, a, b, c, stranger, otherPrimary] = yield* newCustomers(6)
        const from = yield* newGroup(5, [primary!, a!, b!, c!])
        const to = yield* newGroup(2, [otherPrimary!])
        const move = (userIds: ReadonlyArray<UserGroup.CustomerId>, leaveGroupId = from.id, joinGroupId = to.id) =>
          expectFailure(userGroups.transferMembers({
            leaveGroupId,
            joinGroupId,
            userIds: userIds as unknown as UserGroup.MemberTransfer["userIds"]
          }))
        assert.deepStrictEqual(tagAndCode(yield* move([a!.id, primary!.id])), ["PrimaryCannotBeTransferred", 1624])
        assert.deepStrictEqual(tagAndCode(yield* move([a!.id, stranger!.id])), ["UserNotInGroup", 1620])
        assert.deepStrictEqual(tagAndCode(yield* move([a!.id, b!.id])), ["GroupFull", 1638])
        assert.deepStrictEqual(tagAndCode(yield* move([a!.id], from.id, from.id)), ["AlreadyMember", 1623])
        assert.deepStrictEqual(
          tagAndCode(yield* move([a!.id], from.id, UserGroup.UserGroupId.make(987_654))),
          ["InvalidGroup", 1619]
        )
        assert.deepStrictEqual(
          tagAndCode(yield* move([a!.id], UserGroup.UserGroupId.make(987_654), to.id)),
          ["InvalidGroup", 1619]
        )
        assert.deepStrictEqual(
          tagAndCode(yield* move([UserGroup.CustomerId.make(Seed.demo.otherCustomer.id)])),
          ["CustomerNotFound", 8015]
        )
        // nothing moved
        assert.deepStrictEqual([yield* activeMembers(from.id), yield* activeMembers(to.id)], [4, 1])
        // a member already active in the group joined
        yield* userGroups.joinOne({ id: to.id }, { userId: c!.id })
        assert.deepStrictEqual(tagAndCode(yield* move([c!.id])), ["AlreadyMember", 1623])
        assert.deepStrictEqual([yield* activeMembers(from.id), yield* activeMembers(to.id)], [4, 2])
        // the other organisation sees none of these groups
        const other = yield* otherOrg
        assert.deepStrictEqual(
          tagAndCode(
            yield* expectFailure(other.transferMembers({ leaveGroupId: from.id, joinGroupId: to.id, userIds: [a!.id] }))
          ),
          ["InvalidGroup", 1619]
        )
        const answer = yield* raw("/v2/userGroup2/transfer", { method: "POST", body: { userIds: [a!.id] } })
        assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, 403])
        const empty = yield* raw("/v2/userGroup2/transfer", {
          method: "POST",
          body: { leaveGroupId: from.id, joinGroupId: to.id, userIds: [] }
        })
        assert.deepStrictEqual([empty.status, empty.body.errors[0].code], [400, 403])
      }))
  })

  describe("members read", () => {
    it.effect("every member once, with names, identifiers, role, permissions, joining date and status", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const clock = yield* EmulatorClock.EmulatorClock
        const card = `CARD${nextMobile}`
        const [primary, blocked, leaver] = yield* newCustomers(3, [{ type: "cardnumber", value: card }])
        const { externalId, id } = yield* newGroup(5, [primary!])
        yield* clock.advance(2 * 86_400_000)
        yield* userGroups.joinOne({ id }, {
          userId: blocked!.id,
          permissions: ["block_points_redemption", "allow_points_transfer"]
        })
        yield* clock.advance(86_400_000)
        yield* userGroups.joinOne({ id }, { userId: leaver!.id })
        yield* userGroups.leave(id, leaver!.id)
        const now = yield* clock.now

        const page = yield* userGroups.members({ id })
        assert.strictEqual(page.pagination, undefined)
        // newest first by default; exited members listed as not active
        assert.deepStrictEqual(
          page.data.map((listed) => [listed.fleetUserId, listed.role, listed.primaryMember, listed.inActive]),
          [[leaver!.id, "SECONDARY", false, false], [blocked!.id, "SECONDARY", false, true], [
            primary!.id,
            "PRIMARY",
            true,
            true
          ]]
        )
        const [, second, first] = page.data
        assert.deepStrictEqual<unknown>(second, {
          fleetUserId: blocked!.id,
          firstName: blocked!.firstName,
          lastName: "Group",
          joinedOn: new Date(now - 86_400_000).toISOString().slice(0, 10),
          permissions: ["block_points_redemption", "allow_points_transfer"],
          pointsContributed: 0,
          email: blocked!.email,
          mobile: blocked!.mobile,
          role: "SECONDARY",
          identifiers: [{ type: "mobile", value: blocked!.mobile }, { type: "email", value: blocked!.email }],
          inActive: true,
          primaryMember: false
        })
        assert.strictEqual(first?.joinedOn, new Date(now - 3 * 86_400_000).toISOString().slice(0, 10))
        assert.strictEqual(first?.cards, undefined)
        assert.deepStrictEqual(first?.identifiers.map((identifier) => identifier.type), [
          "mobile",
          "email",
          "cardnumber"
        ])

        // the primary first, oldest first, with cards, the pagination object, a page of two
        const sorted = yield* userGroups.members({ externalId }, {
          primaryFirst: true,
          sortOrder: "ASC",
          includeCardDetails: true,
          includeStatusDetails: true,
          limit: 2
        })
        assert.deepStrictEqual(sorted.data.map((listed) => listed.fleetUserId), [primary!.id, blocked!.id])
        const [cardOfPrimary] = sorted.data[0]?.cards ?? []
        assert.deepStrictEqual([cardOfPrimary?.cardNumber, cardOfPrimary?.customerId], [card, primary!.id])
        assert.deepStrictEqual(sorted.data[1]?.cards, [])
        const answer = yield* raw(
          `/v2/userGroup2/members?identifierName=id&identifierValue=${id}&paginationDetails=true&sortBy=IS_PRIMARY&limit=2&offset=2`
        )
        assert.deepStrictEqual(answer.body.pagination, {
          limit: 2,
          offset: 2,
          sortBy: "IS_PRIMARY",
          sortOrder: "DESC",
          total: 3
        })
        assert.deepStrictEqual(answer.body.data.map((listed: { fleetUserId: number }) => listed.fleetUserId), [
          blocked!.id
        ])
        // permissions on the wire as Capillary writes them: one comma-separated string
        const wire = yield* raw(`/v2/userGroup2/members?externalId=${externalId}`)
        assert.deepStrictEqual(
          wire.body.data.map((listed: { permissions: string }) => listed.permissions),
          ["", "block_points_redemption,allow_points_transfer", ""]
        )

        // by joining date
        const stamp = (millis: number) => new Date(millis).toISOString().slice(0, 19).replace("T", " ")
        const recent = yield* userGroups.members({ id }, { fromDate: stamp(now - 2 * 86_400_000) })
        assert.deepStrictEqual(recent.data.map((listed) => listed.fleetUserId), [leaver!.id, blocked!.id])
        const early = yield* userGroups.members({ id }, { toDate: stamp(now - 2 * 86_400_000) })
        assert.deepStrictEqual(early.data.map((listed) => listed.fleetUserId), [primary!.id])

        // every member, streamed a page at a time
        const all = yield* Stream.runCollect(userGroups.allMembers({ id }, { limit: 1, sortOrder: "ASC" }))
        assert.deepStrictEqual(all.map((listed) => listed.fleetUserId), [primary!.id, blocked!.id, leaver!.id])
      }))

    it.effect("the members list of the group read, and the primary and secondary members of the members read", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, a, b] = yield* newCustomers(3)
        const { id } = yield* newGroup(5, [primary!, a!, b!])
        yield* userGroups.leave(id, b!.id)
        const list = yield* userGroups.listMembers({ primaryUserId: primary!.id })
        assert.deepStrictEqual(
          [
            list.members.map((listed) => [listed.userId, listed.active]),
            list.totalActiveMembers,
            list.totalExitedMembers
          ],
          [[[primary!.id, true], [a!.id, true], [b!.id, false]], 2, 1]
        )
        assert.strictEqual(list.group.id, id)
        const current = yield* userGroups.primaryAndSecondaryMembers({ id })
        assert.strictEqual(current.primary?.fleetUserId, primary!.id)
        assert.deepStrictEqual(current.secondary.map((listed) => listed.fleetUserId), [a!.id])
        // a group without a primary member (the primary left: INACTIVE) has none
        yield* userGroups.leave(id, primary!.id)
        const headless = yield* userGroups.primaryAndSecondaryMembers({ id })
        assert.strictEqual(headless.primary, undefined)
        assert.deepStrictEqual(headless.secondary.map((listed) => listed.fleetUserId), [a!.id])
      }))

    it.effect("an unknown group, another organisation's group, and reads that name no group", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const { id } = yield* newGroup(5)
        const unknown = yield* expectFailure(userGroups.members({ id: UserGroup.UserGroupId.make(987_654) }))
        assert.deepStrictEqual(tagAndCode(unknown), ["InvalidGroup", 1632])
        assert.deepStrictEqual(
          tagAndCode(yield* expectFailure(userGroups.members({ externalId: "no-such-group" }))),
          ["InvalidGroup", 1632]
        )
        assert.deepStrictEqual(
          tagAndCode(yield* expectFailure((yield* otherOrg).members({ id }))),
          ["InvalidGroup", 1632]
        )
        const unnamed = yield* raw("/v2/userGroup2/members?source=INSTORE")
        assert.deepStrictEqual([unnamed.status, unnamed.body.errors[0].code], [400, 1635])
        const badSource = yield* raw(`/v2/userGroup2/members?source=ORKUT&identifierName=id&identifierValue=${id}`)
        assert.deepStrictEqual([badSource.status, badSource.body.errors[0].code], [400, 8003])
      }))
  })

  describe("group transactions", () => {
    it.effect("a known group has no transactions: the emulator records none tagged with a group", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, member] = yield* newCustomers(2)
        const { externalId, id } = yield* newGroup(5, [primary!, member!])
        const refs: ReadonlyArray<UserGroups.TransactionsGroupRef> = [
          { id },
          { externalId },
          { primaryUserId: primary!.id },
          { primaryMember: { identifier: { type: "mobile", value: primary!.mobile }, source: "INSTORE" } }
        ]
        for (const ref of refs) {
          assert.deepStrictEqual<unknown>(yield* userGroups.transactions(ref, { customerId: member!.id }), {
            data: [],
            warnings: [],
            errors: []
          })
        }
        assert.strictEqual((yield* Stream.runCollect(userGroups.allTransactions({ id }))).length, 0)
        const failures: ReadonlyArray<readonly [UserGroups.TransactionsGroupRef, unknown, number, string]> = [
          [{ id: UserGroup.UserGroupId.make(987_654) }, {}, 1632, "InvalidGroup"],
          [{ primaryUserId: member!.id }, {}, 1619, "InvalidGroup"],
          [
            { primaryMember: { identifier: { type: "mobile", value: member!.mobile }, source: "INSTORE" } },
            {},
            1619,
            "InvalidGroup"
          ],
          [
            { primaryMember: { identifier: { type: "mobile", value: "919599999999" }, source: "INSTORE" } },
            {},
            8015,
            "CustomerNotFound"
          ],
          [{ id }, { customerId: UserGroup.CustomerId.make(987_654_321) }, 8015, "CustomerNotFound"]
        ]
        for (const [ref, options, code, tag] of failures) {
          const error = yield* expectFailure(userGroups.transactions(ref, options as UserGroups.TransactionsOptions))
          assert.deepStrictEqual(tagAndCode(error), [tag, code])
        }
        const unnamed = yield* raw("/v2/userGroup2/transactions?type=REGULAR")
        assert.deepStrictEqual([unnamed.status, unnamed.body.errors[0].code], [400, 1635])
      }))
  })

  describe("status and permissions", () => {
    it.effect("ACTIVE -> INACTIVE when the primary leaves, then DELETED; what each status allows", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const [primary, a, b, late, elsewhere] = yield* newCustomers(5)
        const { id } = yield* newGroup(5, [primary!, a!, b!])
        const other = yield* newGroup(5, [elsewhere!])
        assert.strictEqual((yield* userGroups.get({ id })).groupStatus, "ACTIVE")
        yield* userGroups.leave(id, primary!.id)
        assert.strictEqual((yield* userGroups.get({ id })).groupStatus, "INACTIVE")
        // INACTIVE: still updatable and searchable; nobody joins or moves in; members may move out
        assert.strictEqual((yield* userGroups.update({ id, groupName: "Inactive now" })).groupName, "Inactive now")
        assert.deepStrictEqual(
          (yield* userGroups.search("Inactive now")).data.map((hit) => [hit.groupId, hit.groupStatus]),
          [[id, "INACTIVE"]]
        )
        assert.deepStrictEqual(
          tagAndCode(yield* expectFailure(userGroups.joinOne({ id }, { userId: late!.id }))),
          ["InvalidGroup", 1632]
        )
        yield* userGroups.joinOne({ id: other.id }, { userId: late!.id })
        assert.deepStrictEqual(
          tagAndCode(
            yield* expectFailure(
              userGroups.transferMembers({ leaveGroupId: other.id, joinGroupId: id, userIds: [late!.id] })
            )
          ),
          ["InvalidGroup", 1619]
        )
        yield* userGroups.transferMembers({ leaveGroupId: id, joinGroupId: other.id, userIds: [a!.id] })
        // INACTIVE -> DELETED: no more updates, moves or search hits; the members read still answers
        yield* userGroups.delete({ id })
        assert.strictEqual((yield* userGroups.get({ id })).groupStatus, "DELETED")
        assert.deepStrictEqual(
          tagAndCode(yield* expectFailure(userGroups.update({ id, groupName: "Back" }))),
          ["InvalidGroup", 1632]
        )
        assert.deepStrictEqual(
          tagAndCode(
            yield* expectFailure(
              userGroups.transferMembers({ leaveGroupId: id, joinGroupId: other.id, userIds: [b!.id] })
            )
          ),
          ["InvalidGroup", 1619]
        )
        assert.deepStrictEqual((yield* userGroups.search("Inactive now")).data, [])
        const page = yield* userGroups.members({ id })
        assert(page.data.every((listed) => !listed.inActive))
        // deleting again changes nothing
        yield* userGroups.delete({ id })
        assert.strictEqual((yield* userGroups.get({ id })).groupStatus, "DELETED")
      }))

    it.effect("the documented permissions join; any other is 1641 for the whole join, refused before sending", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const people = yield* newCustomers(5)
        const { externalId, id } = yield* newGroup(10, [people[0]!])
        for (const [i, permission] of UserGroup.permissions.entries()) {
          const joined = yield* userGroups.joinOne({ id }, { userId: people[i + 1]!.id, permissions: [permission] })
          assert.deepStrictEqual(joined.permissions, [permission])
        }
        const [late] = yield* newCustomers(1)
        const answer = yield* raw(`/v2/userGroup2/join?externalId=${externalId}`, {
          method: "POST",
          body: [{ userId: late!.id }, { userId: people[0]!.id, permissions: ["earn_points"] }]
        })
        assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, 1641])
        assert.strictEqual(yield* activeMembers(id), 5)
        const refused = yield* expectFailure(userGroups.joinOne({ id }, { userId: late!.id, permissions: ["fly"] }))
        assert(refused._tag === "CapillaryError" && refused.reason._tag === "InvalidRequest")
      }))
  })

  describe("races for the last places", () => {
    it.effect("25 joins race for the last 3 places: exactly 3 join, and the group never overfills", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const maxGroupSize = 6
        const people = yield* newCustomers(maxGroupSize - 3 + 25)
        const { id } = yield* newGroup(maxGroupSize, people.slice(0, maxGroupSize - 3))
        const racers = people.slice(maxGroupSize - 3)
        assert.strictEqual(racers.length, 25)
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
        assert.strictEqual(results.filter(Result.isSuccess).length, 3)
        for (const result of results) {
          if (Result.isFailure(result)) assert.instanceOf(result.failure, UserGroupErrors.GroupFull)
        }
        assert.isAtMost(yield* Ref.get(highest), maxGroupSize)
        assert.strictEqual((yield* userGroups.get({ id })).totalActiveMembers, maxGroupSize)
      }))

    it.effect("moves, joins and a shrinking update race for a group's places: it never holds more than its size", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const people = yield* newCustomers(2 + 10 + 10)
        const target = yield* newGroup(5, [people[0]!])
        const source = yield* newGroup(20, [people[1]!, ...people.slice(2, 12)])
        const joiners = people.slice(12)
        /** The failure of an operation, or undefined when it succeeded. */
        const failureOf = <A, E>(self: Effect.Effect<A, E>) =>
          Effect.map(Effect.result(self), (result): unknown => Result.isSuccess(result) ? undefined : result.failure)
        const moves = people.slice(2, 12).map((member) =>
          failureOf(
            userGroups.transferMembers({ leaveGroupId: source.id, joinGroupId: target.id, userIds: [member.id] })
          )
        )
        const joins = joiners.map((joiner) => failureOf(userGroups.joinOne({ id: target.id }, { userId: joiner.id })))
        const shrink = failureOf(userGroups.update({ id: target.id, maxGroupSize: 3 }))
        const failures = yield* Effect.all([...moves, ...joins, shrink], { concurrency: "unbounded" })
        const group = yield* userGroups.get({ id: target.id })
        assert.isAtMost(group.totalActiveMembers, group.maxGroupSize)
        // every place taken was taken by a move or a join that succeeded, and nobody is in both groups
        const succeeded = failures.slice(0, 20).filter((failure) => failure === undefined).length
        assert.strictEqual(group.totalActiveMembers, 1 + succeeded)
        for (const failure of failures.slice(0, 20)) {
          if (failure !== undefined) assert.instanceOf(failure, UserGroupErrors.GroupFull)
        }
        const movedIn = group.fleetGroupUsers.filter((listed) =>
          people.slice(2, 12).some((p) => p.id === listed.userId)
        )
        const stillThere = (yield* userGroups.get({ id: source.id })).fleetGroupUsers.filter((listed) => listed.active)
        for (const listed of movedIn) assert(!stillThere.some((there) => there.userId === listed.userId))
        assert.strictEqual(stillThere.length + movedIn.length, 11)
      }))
  })

  describe("the group read as documented", () => {
    /** The documented example response of `GET /v2/userGroup2` (seeds/usergroup2-get.txt). */
    const documented = JSON.parse(
      readFileSync(new URL("../../usergroups/test/fixtures/usergroup2-get.json", import.meta.url), "utf8")
    ) as Record<string, unknown>

    /** The JSON type of a value: null, array, object, boolean, number or string. */
    const kind = (value: unknown) => value === null ? "null" : Array.isArray(value) ? "array" : typeof value

    const shape = (value: Record<string, unknown>, except: ReadonlyArray<string> = []) =>
      Object.fromEntries(
        Object.entries(value).filter(([key]) => !except.includes(key)).map(([key, inner]) => [key, kind(inner)])
      )

    it.effect("a group filled through the API answers the documented fields, with the documented types", () =>
      Effect.gen(function*() {
        const userGroups = yield* UserGroups.UserGroups
        const people = yield* newCustomers(4)
        const { id } = yield* newGroup(6, people.slice(0, 3), {
          ug_status: "Active",
          usergroup2_automation_extended_field: 25
        })
        yield* userGroups.joinOne({ id }, { userId: people[3]!.id })
        yield* userGroups.leave(id, people[3]!.id)
        // points in the group's wallet, so the read has points summaries
        yield* LedgerBehaviours.award(
          LedgerBehaviours.group(Seed.demo.org.id, id),
          Seed.demo.programs.group,
          1500,
          "test"
        )
        const primaryUserId = people[0]!.id
        const answer = yield* raw(
          `/v2/userGroup2?id=${id}&primaryUserId=${primaryUserId}&programDetails=true&expiredPoints=true` +
            "&expirySchedules=true&gapToUpgradeFor=2&gapToRenewFor=2&companyDetails=true"
        )
        assert.strictEqual(answer.status, 200)
        // at the second tier, so the renewal gap the query asks for is there too: every documented field
        assert.deepStrictEqual(shape(answer.body), shape(documented))
        assert.deepStrictEqual(Object.keys(answer.body).sort(), Object.keys(documented).sort())
        const [documentedMember] = documented.fleetGroupUsers as ReadonlyArray<Record<string, unknown>>
        for (const member of answer.body.fleetGroupUsers) {
          assert.deepStrictEqual(shape(member), shape(documentedMember!))
        }
        assert.deepStrictEqual(
          answer.body.fleetGroupUsers.map((member: { active: boolean }) => member.active),
          [true, true, true, false]
        )
        assert.deepStrictEqual([answer.body.totalActiveMembers, answer.body.totalExitedMembers], [3, 1])
        const [, documentedSummary] = documented.pointsSummaries as ReadonlyArray<Record<string, unknown>>
        assert.isNotEmpty(answer.body.pointsSummaries)
        for (const summary of answer.body.pointsSummaries) {
          assert.deepStrictEqual(shape(summary, ["gapToRenewSummary"]), shape(documentedSummary!))
        }
        assert.deepStrictEqual(answer.body.extendedFields, {
          ug_status: "Active",
          usergroup2_automation_extended_field: 25
        })
        // and it decodes with the SDK's schema
        assert.instanceOf(yield* userGroups.get({ id }, { expirySchedules: true }), UserGroup.UserGroup)
      }))
  })
})
