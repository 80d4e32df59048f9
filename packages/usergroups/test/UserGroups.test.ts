/**
 * The service against a scripted server over a real socket: what each operation sends, which errors come back
 * (for the call and per member of a join), what is refused before sending, and how ambiguous writes are
 * reconciled.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Stream } from "effect"
import { UserGroup, UserGroupErrors, type UserGroups } from "../src/index.ts"
import { failure, type Sent, serve, userGroupsAt } from "./fixtures/capillary.ts"
import * as Documented from "./fixtures/userGroup2Examples.ts"

const groupId = UserGroup.UserGroupId.make(2361)
const tom = UserGroup.CustomerId.make(416066472)
const bob = UserGroup.CustomerId.make(416066473)
const ann = UserGroup.CustomerId.make(416066474)

const member = (userId: number, options: { readonly active?: boolean; readonly primaryMember?: boolean } = {}) => ({
  userId,
  groupId: 2361,
  defaultGroup: options.active ?? true,
  primaryMember: options.primaryMember ?? false,
  active: options.active ?? true
})

const groupBody = (
  members: ReadonlyArray<ReturnType<typeof member>> = [],
  groupStatus: UserGroup.GroupStatus = "ACTIVE"
) => ({
  id: 2361,
  externalId: "ext1",
  groupStatus,
  fleetGroupUsers: members,
  createdBy: 75155297,
  createdOn: "2026-01-01T00:00:00Z",
  groupName: "name",
  maxGroupSize: 110,
  lifeTimePurchases: 0,
  totalActiveMembers: members.filter((listed) => listed.active).length,
  totalExitedMembers: members.filter((listed) => !listed.active).length,
  warnings: []
})

const joined = (userId: number, primaryMember = false) => ({
  entityId: userId,
  result: { userId, groupId: 2361, permissions: [], defaultGroup: true, active: true, primaryMember },
  errors: [],
  warnings: []
})

const refused = (userId: number, code: number, message: string) => ({
  entityId: userId,
  errors: [{ status: false, code, message }],
  warnings: []
})

const bulk = (items: ReadonlyArray<unknown>) => ({
  json: {
    response: items,
    totalCount: items.length,
    failureCount: items.filter((item) => (item as { errors: ReadonlyArray<unknown> }).errors.length > 0).length
  }
})

const route = (request: Sent) => `${request.method} ${request.path}`

describe("UserGroups", () => {
  it.live("sends each operation to its route, the friendly input as Capillary's query", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) => {
        switch (route(request)) {
          case "POST /v2/userGroup2":
            return { json: { entity: 2361, warnings: [] } }
          case "POST /v2/userGroup2/join":
            return bulk((request.body as ReadonlyArray<{ userId: number }>).map(({ userId }) => joined(userId)))
          case "DELETE /v2/userGroup2/2361/leave":
            return { json: { warnings: [], errors: [], success: true } }
          case "DELETE /v2/userGroup2":
            return { json: { warnings: [] } }
          default:
            return { json: groupBody([member(tom, { primaryMember: true })]) }
        }
      })
      const userGroups = yield* userGroupsAt(server.url)

      const created = yield* userGroups.create({
        externalId: "ext1",
        groupName: "name",
        maxGroupSize: 110,
        extendedFields: { city: "Pune" }
      })
      assert.strictEqual(created.entity, 2361)
      const group = yield* userGroups.get({ id: groupId })
      assert.instanceOf(group, UserGroup.UserGroup)
      assert.deepStrictEqual(group.fleetGroupUsers.map((listed) => listed.userId), [tom])
      yield* userGroups.get({ externalId: "ext1" }, {
        expiredPoints: true,
        expirySchedules: false,
        gapToUpgradeFor: 2,
        gapToRenewFor: 3,
        companyDetails: true,
        programDetails: true
      })
      yield* userGroups.get({ primaryUserId: tom })
      const outcomes = yield* userGroups.join({ externalId: "ext1" }, [
        { userId: tom, primaryMember: true },
        { userId: bob, permissions: ["block_points_redemption"] }
      ])
      assert.deepStrictEqual(outcomes.map((outcome) => [outcome.userId, Result.isSuccess(outcome.result)]), [
        [tom, true],
        [bob, true]
      ])
      const membership = yield* userGroups.joinOne({ id: groupId }, { userId: ann })
      assert.strictEqual(membership.userId, ann)
      yield* userGroups.leave(groupId, bob)
      yield* userGroups.leave(groupId, {
        source: "INSTORE",
        accountId: "",
        identifier: { type: "mobile", value: "919000000001" }
      })
      yield* userGroups.leave(groupId, { identifier: { type: "externalId", value: "tom-1" } })
      yield* userGroups.delete({ id: groupId })
      yield* userGroups.delete({ externalId: "ext1" })

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/userGroup2", {}],
        ["GET", "/v2/userGroup2", { id: "2361" }],
        ["GET", "/v2/userGroup2", {
          externalId: "ext1",
          expiredPoints: "true",
          expirySchedules: "false",
          gapToUpgradeFor: "2",
          gapToRenewFor: "3",
          companyDetails: "true",
          programDetails: "true"
        }],
        ["GET", "/v2/userGroup2", { primaryUserId: "416066472" }],
        ["POST", "/v2/userGroup2/join", { externalId: "ext1" }],
        ["POST", "/v2/userGroup2/join", { id: "2361" }],
        ["DELETE", "/v2/userGroup2/2361/leave", { identifierName: "id", identifierValue: "416066473" }],
        ["DELETE", "/v2/userGroup2/2361/leave", {
          source: "INSTORE",
          accountId: "",
          identifierName: "mobile",
          identifierValue: "919000000001"
        }],
        ["DELETE", "/v2/userGroup2/2361/leave", { identifierName: "externalId", identifierValue: "tom-1" }],
        ["DELETE", "/v2/userGroup2", { id: "2361" }],
        ["DELETE", "/v2/userGroup2", { externalId: "ext1" }]
      ])
      assert.deepStrictEqual(server.sent[0]!.body, {
        externalId: "ext1",
        groupName: "name",
        maxGroupSize: 110,
        extendedFields: { city: "Pune" }
      })
      assert.deepStrictEqual(server.sent[4]!.body, [
        { userId: tom, primaryMember: true },
        { userId: bob, permissions: ["block_points_redemption"] }
      ])
      assert.deepStrictEqual(server.sent[5]!.body, [{ userId: ann }])
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next = failure(1633, "externalId already exists")
      const server = yield* serve(() => next)
      const userGroups = yield* userGroupsAt(server.url)
      const create = userGroups.create({ externalId: "ext1", groupName: "name" })

      assert.instanceOf(yield* Effect.flip(create), UserGroupErrors.ExternalIdExists)
      for (const code of [1639, 1640]) {
        next = failure(code, "invalid maxGroupSize")
        const error = yield* Effect.flip(create)
        assert.instanceOf(error, UserGroupErrors.GroupSizeLimit)
        assert.strictEqual((error as UserGroupErrors.GroupSizeLimit).code, code)
      }
      for (const code of [1619, 1632]) {
        next = failure(code, "Invalid user group")
        assert.instanceOf(yield* Effect.flip(userGroups.get({ externalId: "nope" })), UserGroupErrors.InvalidGroup)
        assert.instanceOf(
          yield* Effect.flip(userGroups.join({ id: groupId }, [{ userId: tom }])),
          UserGroupErrors.InvalidGroup
        )
        assert.instanceOf(yield* Effect.flip(userGroups.leave(groupId, tom)), UserGroupErrors.InvalidGroup)
        assert.instanceOf(yield* Effect.flip(userGroups.delete({ id: groupId })), UserGroupErrors.InvalidGroup)
      }
      next = failure(1620, "User is not part of the group")
      assert.instanceOf(yield* Effect.flip(userGroups.leave(groupId, tom)), UserGroupErrors.UserNotInGroup)
      next = failure(8015, "Customer not found for the given identifiers")
      assert.instanceOf(
        yield* Effect.flip(userGroups.leave(groupId, { identifier: { type: "mobile", value: "919000000001" } })),
        UserGroupErrors.CustomerNotFound
      )
      // a join failed as a whole with a member's code: the same named error
      next = failure(1638, "Group is at max capacity")
      assert.instanceOf(
        yield* Effect.flip(userGroups.joinOne({ id: groupId }, { userId: tom })),
        UserGroupErrors.GroupFull
      )
      next = failure(1641, "Invalid permission code")
      assert.instanceOf(
        yield* Effect.flip(userGroups.join({ id: groupId }, [{ userId: tom, permissions: ["block_points_transfer"] }])),
        UserGroupErrors.InvalidPermission
      )
      // not a user group error: the core error, with Capillary's code
      next = failure(1622, "Users does not belong to same company")
      const other = yield* Effect.flip(userGroups.join({ id: groupId }, [{ userId: tom }]))
      assert(other._tag === "CapillaryError" && other.reason._tag === "ApiError")
      assert.strictEqual(other.reason.code, 1622)
    }))

  it.live("a join answers one outcome per member, each failure a named error", () =>
    Effect.gen(function*() {
      const server = yield* serve(() =>
        bulk([
          joined(tom, true),
          refused(bob, 1637, "Primary member already exists"),
          refused(ann, 1642, "User is primary member of another group"),
          refused(416066475, 1623, "User already part of the group"),
          refused(416066476, 1638, "Group is at max capacity"),
          refused(416066477, 8015, "Customer not found for the given identifiers"),
          refused(416066478, 1641, "Invalid permission code"),
          refused(416066479, 1622, "Users does not belong to same company")
        ])
      )
      const userGroups = yield* userGroupsAt(server.url)
      const ids = [tom, bob, ann, 416066475, 416066476, 416066477, 416066478, 416066479].map((id) =>
        UserGroup.CustomerId.make(id)
      )
      const outcomes = yield* userGroups.join({ id: groupId }, [
        { userId: ids[0]!, primaryMember: true },
        ...ids.slice(1).map((userId) => ({ userId }))
      ])
      assert.deepStrictEqual(outcomes.map((outcome) => outcome.userId), ids)
      const [first, ...rest] = outcomes
      assert(first !== undefined && Result.isSuccess(first.result))
      assert.deepStrictEqual(first.result.success, {
        userId: tom,
        groupId,
        permissions: [],
        defaultGroup: true,
        active: true,
        primaryMember: true
      })
      const errors = rest.map((outcome) => Result.isFailure(outcome.result) ? outcome.result.failure : undefined)
      assert.deepStrictEqual(errors.map((error) => [error?._tag, error?.code]), [
        ["PrimaryExists", 1637],
        ["PrimaryOfAnotherGroup", 1642],
        ["AlreadyMember", 1623],
        ["GroupFull", 1638],
        ["CustomerNotFound", 8015],
        ["InvalidPermission", 1641],
        ["MemberRejected", 1622]
      ])
      assert.strictEqual(errors[6]?.message, "Users does not belong to same company")
    }))

  it.live("joinOne fails with the member's error; a join answered with the wrong number of items is a DecodeError", () =>
    Effect.gen(function*() {
      let next = bulk([refused(tom, 1636, "User already part of the group")])
      const server = yield* serve(() => next)
      const userGroups = yield* userGroupsAt(server.url)
      const error = yield* Effect.flip(userGroups.joinOne({ externalId: "ext1" }, { userId: tom }))
      assert.instanceOf(error, UserGroupErrors.AlreadyMember)
      assert.strictEqual((error as UserGroupErrors.AlreadyMember).code, 1636)

      next = bulk([joined(tom)])
      const short = yield* Effect.flip(userGroups.join({ externalId: "ext1" }, [{ userId: tom }, { userId: bob }]))
      assert(short._tag === "CapillaryError" && short.reason._tag === "DecodeError")
      next = bulk([{ entityId: tom, errors: [], warnings: [] }])
      const empty = yield* Effect.flip(userGroups.joinOne({ externalId: "ext1" }, { userId: tom }))
      assert(empty._tag === "CapillaryError" && empty.reason._tag === "DecodeError")
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: { entity: 1, warnings: [] } }))
      const userGroups = yield* userGroupsAt(server.url)
      const attempts: ReadonlyArray<
        Effect.Effect<unknown, UserGroups.JoinOneError | UserGroups.CreateError | UserGroups.LeaveError>
      > = [
        userGroups.create({ externalId: "x".repeat(51), groupName: "name" }),
        userGroups.create({ externalId: "ext1", groupName: "n".repeat(51) }),
        userGroups.create({ externalId: "", groupName: "name" }),
        userGroups.create({ externalId: "ext1", groupName: "name", maxGroupSize: 0 }),
        userGroups.create({ externalId: "ext1", groupName: "name", maxGroupSize: 30_001 }),
        userGroups.get({} as UserGroups.GroupRef),
        userGroups.get({ id: groupId }, { gapToUpgradeFor: 1.5 }),
        userGroups.join({ id: groupId }, [] as unknown as UserGroup.JoinRequest),
        userGroups.join({ id: groupId }, [{ userId: tom }, { userId: tom }]),
        userGroups.join({ id: groupId }, [{ userId: tom, primaryMember: true }, { userId: bob, primaryMember: true }]),
        userGroups.joinOne({ id: groupId }, { userId: -1 as UserGroup.CustomerId }),
        userGroups.leave(groupId, { identifier: { type: "mobile", value: " " } }),
        userGroups.leave(groupId, { source: "ORKUT" as UserGroup.Source, identifier: { type: "mobile", value: "1" } }),
        userGroups.delete({ primaryUserId: tom } as unknown as { readonly id: UserGroup.UserGroupId })
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        assert(error._tag === "CapillaryError", error._tag)
        assert.strictEqual(error.reason._tag, "InvalidRequest")
        assert.strictEqual(error.attempts, 0)
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  describe("ambiguous writes", () => {
    it.live("a create cut off after sending is found by its external id", () =>
      Effect.gen(function*() {
        const server = yield* serve((request) => request.method === "POST" ? "reset" : { json: groupBody() })
        const userGroups = yield* userGroupsAt(server.url)
        const created = yield* userGroups.create({ externalId: "ext1", groupName: "name" })
        assert.deepStrictEqual<unknown>(created, { entity: 2361, warnings: [] })
        assert.deepStrictEqual(server.sent.map(({ method, query }) => [method, query]), [
          ["POST", {}],
          ["GET", { externalId: "ext1" }]
        ])
      }))

    it.live("a create whose external id is not found, or only on a deleted group, is sent again", () =>
      Effect.gen(function*() {
        for (const lookup of [failure(1632, "Invalid user group"), { json: groupBody([], "DELETED") }]) {
          let posts = 0
          const server = yield* serve((request) => {
            if (request.method === "GET") return lookup
            posts++
            return posts === 1 ? "reset" : { json: { entity: 2362, warnings: [] } }
          })
          const userGroups = yield* userGroupsAt(server.url)
          const created = yield* userGroups.create({ externalId: "ext1", groupName: "name" })
          assert.strictEqual(created.entity, 2362)
          assert.deepStrictEqual(server.sent.map(({ method }) => method), ["POST", "GET", "POST"])
        }
      }))

    it.live("a join cut off after sending: all members in means joined, none means sent again, some stays ambiguous", () =>
      Effect.gen(function*() {
        const members: UserGroup.JoinRequest = [
          { userId: tom, primaryMember: true },
          { userId: bob, permissions: ["block_points_redemption"] }
        ]
        let listed = [member(tom, { primaryMember: true }), member(bob)]
        let posts = 0
        const server = yield* serve((request) => {
          if (request.method === "GET") return { json: groupBody(listed) }
          posts++
          return posts % 2 === 1 ? "reset" : bulk([joined(tom, true), joined(bob)])
        })
        const userGroups = yield* userGroupsAt(server.url)

        const all = yield* userGroups.join({ externalId: "ext1" }, members)
        assert.deepStrictEqual(all.map((outcome) => Result.isSuccess(outcome.result)), [true, true])
        assert(Result.isSuccess(all[1]!.result))
        assert.deepStrictEqual(all[1]!.result.success.permissions, ["block_points_redemption"])
        assert.deepStrictEqual(server.sent.map(({ method }) => method), ["POST", "GET"])

        // bob exited earlier, tom is not in at all: none of them joined, so it is sent again
        listed = [member(bob, { active: false })]
        posts = 0
        const again = yield* userGroups.join({ externalId: "ext1" }, members)
        assert.deepStrictEqual(again.map((outcome) => Result.isSuccess(outcome.result)), [true, true])
        assert.deepStrictEqual(server.sent.slice(2).map(({ method }) => method), ["POST", "GET", "POST"])

        listed = [member(tom, { primaryMember: true })]
        posts = 0
        const partly = yield* Effect.flip(userGroups.join({ externalId: "ext1" }, members))
        assert(partly._tag === "CapillaryError")
        assert.strictEqual(partly.reason._tag, "AmbiguousOutcome")
        assert.deepStrictEqual(server.sent.slice(5).map(({ method }) => method), ["POST", "GET"])
      }))

    it.live("a leave by customer id cut off after sending is confirmed by the member listed as exited", () =>
      Effect.gen(function*() {
        let listed = [member(bob, { active: false })]
        const server = yield* serve((request) => request.method === "DELETE" ? "reset" : { json: groupBody(listed) })
        const userGroups = yield* userGroupsAt(server.url)
        const left = yield* userGroups.leave(groupId, bob)
        assert.deepStrictEqual<unknown>(left, { success: true, warnings: [], errors: [] })
        assert.deepStrictEqual(server.sent.map(({ method, query }) => [method, query]), [
          ["DELETE", { identifierName: "id", identifierValue: String(bob) }],
          ["GET", { id: "2361" }]
        ])
        // named by an identifier, it cannot be read back: the outcome stays unknown and it is not re-sent
        listed = []
        const error = yield* Effect.flip(
          userGroups.leave(groupId, { identifier: { type: "mobile", value: "919000000001" } })
        )
        assert(error._tag === "CapillaryError")
        assert.strictEqual(error.reason._tag, "AmbiguousOutcome")
        assert.strictEqual(server.sent.filter(({ method }) => method === "DELETE").length, 2)
      }))
  })

  describe("the members side", () => {
    const details = (userId: number, primary = false, active = true) => ({
      fleetUserId: userId,
      firstName: "F",
      lastName: "L",
      joinedOn: "2026-01-01",
      permissions: primary ? "" : "block_points_redemption",
      pointsContributed: 0,
      role: primary ? "PRIMARY" : "SECONDARY",
      identifiers: [],
      inActive: active,
      primaryMember: primary
    })

    it.live("sends each operation to its route, the friendly input as Capillary's query and body", () =>
      Effect.gen(function*() {
        const server = yield* serve((request) => {
          switch (route(request)) {
            case "PUT /v2/userGroup2":
              return { json: Documented.updateResponse }
            case "GET /v2/userGroup2/search":
              return { json: Documented.searchResponse }
            case "POST /v2/userGroup2/transfer":
              return { json: Documented.memberTransferResponse }
            case "GET /v2/userGroup2/members":
              return { json: Documented.membersResponse }
            case "GET /v2/userGroup2/transactions":
              return { json: Documented.transactionsResponse }
            default:
              return { json: groupBody([member(tom, { primaryMember: true }), member(bob, { active: false })]) }
          }
        })
        const userGroups = yield* userGroupsAt(server.url)

        const updated = yield* userGroups.update({ id: groupId, externalId: "", groupName: "newName2" })
        assert.deepStrictEqual([updated.id, updated.groupName, updated.maxGroupSize], [2361, "newName2", 1110])
        yield* userGroups.update({ externalId: "ext1", maxGroupSize: 5, extendedFields: { tier: "gold" } })
        const found = yield* userGroups.search("51334")
        assert.deepStrictEqual(found.data.map((hit) => hit.groupId), [51334])
        yield* userGroups.search("fam", { offset: 10, limit: 5 })
        const moved = yield* userGroups.transferMembers({
          leaveGroupId: groupId,
          joinGroupId: UserGroup.UserGroupId.make(2553),
          userIds: [bob]
        })
        assert.strictEqual(moved.success, true)
        const page = yield* userGroups.members({ id: groupId })
        assert.deepStrictEqual(page.data.map((listed) => listed.permissions), [
          ["allow_points_redemption", "allow_points_transfer"],
          ["allow_points_redemption", "block_points_transfer"]
        ])
        yield* userGroups.members({ externalId: "ext1" }, {
          source: "INSTORE",
          includeCardDetails: true,
          includeStatusDetails: true,
          primaryFirst: true,
          sortOrder: "ASC",
          fromDate: "2010-01-01 00:00:00",
          toDate: "2023-01-31 23:59:59",
          offset: 20,
          limit: 20
        })
        const list = yield* userGroups.listMembers({ id: groupId })
        assert.deepStrictEqual(
          [list.members.map((listed) => listed.userId), list.totalActiveMembers, list.totalExitedMembers],
          [[tom, bob], 1, 1]
        )
        const transactions = yield* userGroups.transactions({ primaryUserId: tom }, {
          type: "REGULAR",
          limit: 100,
          embed: ["EXTENDEDFIELDS", "LINEITEMS"],
          order: "ASC"
        })
        assert.deepStrictEqual(transactions.data.map((transaction) => transaction.id), [2148592384])
        yield* userGroups.transactions({
          primaryMember: { identifier: { type: "mobile", value: "919000000001" }, source: "INSTORE" }
        }, { customerId: bob, startDate: "2022-01-01", endDate: "2022-02-01T00:00:00Z" })

        assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
          ["PUT", "/v2/userGroup2", {}],
          ["PUT", "/v2/userGroup2", {}],
          ["GET", "/v2/userGroup2/search", { q: "51334" }],
          ["GET", "/v2/userGroup2/search", { q: "fam", offset: "10", limit: "5" }],
          ["POST", "/v2/userGroup2/transfer", {}],
          ["GET", "/v2/userGroup2/members", { identifierName: "id", identifierValue: "2361", source: "ALL" }],
          ["GET", "/v2/userGroup2/members", {
            externalId: "ext1",
            includeCardDetails: "true",
            includeStatusDetails: "true",
            sortOrder: "ASC",
            fromDate: "2010-01-01 00:00:00",
            toDate: "2023-01-31 23:59:59",
            offset: "20",
            limit: "20",
            source: "INSTORE",
            sortBy: "IS_PRIMARY"
          }],
          ["GET", "/v2/userGroup2", { id: "2361" }],
          ["GET", "/v2/userGroup2/transactions", {
            primaryUserId: "416066472",
            type: "REGULAR",
            embed: "EXTENDEDFIELDS,LINEITEMS",
            order: "ASC",
            limit: "100"
          }],
          ["GET", "/v2/userGroup2/transactions", {
            identifierName: "mobile",
            identifierValue: "919000000001",
            source: "INSTORE",
            customerId: "416066473",
            startDate: "2022-01-01",
            endDate: "2022-02-01T00:00:00Z"
          }]
        ])
        assert.deepStrictEqual(server.sent[0]!.body, { id: "2361", externalId: "", groupName: "newName2" })
        assert.deepStrictEqual(server.sent[1]!.body, {
          externalId: "ext1",
          maxGroupSize: 5,
          extendedFields: { tier: "gold" }
        })
        assert.deepStrictEqual(server.sent[4]!.body, { leaveGroupId: 2361, joinGroupId: 2553, userIds: [bob] })
      }))

    it.live("streams every page of a search, of the members and of the transactions", () =>
      Effect.gen(function*() {
        const hit = (id: number) => ({ ...Documented.searchResponse.data[0]!, groupId: id })
        const server = yield* serve((request) => {
          const offset = Number(request.query.offset ?? "0")
          switch (request.path) {
            case "/v2/userGroup2/search":
              return {
                json: {
                  pagination: { limit: 10, offset, total: 12 },
                  data: Array.from({ length: offset === 0 ? 10 : 2 }, (_, i) => hit(offset + i + 1)),
                  warnings: []
                }
              }
            case "/v2/userGroup2/members": {
              const all = [details(tom, true), details(bob), details(ann, false, false)]
              const limit = Number(request.query.limit)
              return {
                json: {
                  pagination: { limit, offset, total: all.length },
                  data: all.slice(offset, offset + limit),
                  warnings: []
                }
              }
            }
            default:
              return { json: { data: [], warnings: [], errors: [] } }
          }
        })
        const userGroups = yield* userGroupsAt(server.url)
        const hits = yield* Stream.runCollect(userGroups.searchAll("fam"))
        assert.deepStrictEqual(hits.map((found) => found.groupId), Array.from({ length: 12 }, (_, i) => i + 1))
        const all = yield* Stream.runCollect(userGroups.allMembers({ id: groupId }, { limit: 2 }))
        assert.deepStrictEqual(all.map((listed) => listed.fleetUserId), [tom, bob, ann])
        const none = yield* Stream.runCollect(userGroups.allTransactions({ externalId: "ext1" }))
        assert.strictEqual(none.length, 0)
        // the current members: the active primary, and the other active ones
        const current = yield* userGroups.primaryAndSecondaryMembers({ id: groupId })
        assert.strictEqual(current.primary?.fleetUserId, tom)
        assert.deepStrictEqual(current.secondary.map((listed) => listed.fleetUserId), [bob])
        const searches = server.sent.filter((sent) => sent.path === "/v2/userGroup2/search")
        assert.deepStrictEqual(searches.map((sent) => sent.query), [
          { q: "fam", offset: "0", limit: "10" },
          { q: "fam", offset: "10", limit: "10" }
        ])
        const members = server.sent.filter((sent) => sent.path === "/v2/userGroup2/members")
        assert.deepStrictEqual(members.slice(0, 2).map((sent) => [sent.query.offset, sent.query.paginationDetails]), [
          ["0", "true"],
          ["2", "true"]
        ])
        assert.strictEqual(members.at(-1)?.query.sortBy, "IS_PRIMARY")
        assert.deepStrictEqual(server.sent.filter((sent) => sent.path === "/v2/userGroup2/transactions").length, 1)
      }))

    it.live("turns Capillary's codes into the named errors of each operation", () =>
      Effect.gen(function*() {
        let next = failure(1643, "Nothing to update in the group")
        const server = yield* serve(() => next)
        const userGroups = yield* userGroupsAt(server.url)
        const update = userGroups.update({ id: groupId, groupName: "n" })
        const move = userGroups.transferMembers({
          leaveGroupId: groupId,
          joinGroupId: UserGroup.UserGroupId.make(2553),
          userIds: [bob]
        })
        const cases: ReadonlyArray<readonly [Effect.Effect<unknown, { readonly _tag: string }>, number, string]> = [
          [update, 1643, "NothingToUpdate"],
          [update, 1633, "ExternalIdExists"],
          [update, 1639, "GroupSizeLimit"],
          [update, 1640, "GroupSizeLimit"],
          [update, 1632, "InvalidGroup"],
          [userGroups.search("x"), 91052, "InvalidSearch"],
          [move, 1619, "InvalidGroup"],
          [move, 1620, "UserNotInGroup"],
          [move, 1623, "AlreadyMember"],
          [move, 1624, "PrimaryCannotBeTransferred"],
          [move, 1638, "GroupFull"],
          [move, 8015, "CustomerNotFound"],
          [userGroups.members({ id: groupId }), 1632, "InvalidGroup"],
          [userGroups.listMembers({ id: groupId }), 1619, "InvalidGroup"],
          [userGroups.transactions({ id: groupId }), 1619, "InvalidGroup"],
          [userGroups.transactions({ id: groupId }), 8015, "CustomerNotFound"]
        ]
        for (const [attempt, code, tag] of cases) {
          next = failure(code, "refused")
          const error = yield* Effect.flip(attempt)
          assert.deepStrictEqual([error._tag, (error as { code?: number }).code], [tag, code])
        }
      }))

    it.live("refuses invalid input before sending anything", () =>
      Effect.gen(function*() {
        const server = yield* serve(() => ({ json: Documented.memberTransferResponse }))
        const userGroups = yield* userGroupsAt(server.url)
        const attempts: ReadonlyArray<Effect.Effect<unknown, { readonly _tag: string }>> = [
          userGroups.update({ id: groupId }),
          userGroups.update({ externalId: "ext1" }),
          userGroups.update({ id: groupId, maxGroupSize: 0 }),
          userGroups.search(" "),
          userGroups.search("x".repeat(51)),
          userGroups.transferMembers({
            leaveGroupId: groupId,
            joinGroupId: UserGroup.UserGroupId.make(2553),
            userIds: [bob, bob]
          }),
          userGroups.members({ id: groupId }, { fromDate: "yesterday" }),
          userGroups.members({ externalId: "" }),
          userGroups.transactions({ id: groupId }, { startDate: "soon" })
        ]
        for (const attempt of attempts) {
          const error = yield* Effect.flip(attempt)
          assert(error._tag === "CapillaryError", error._tag)
          assert.strictEqual((error as unknown as { reason: { _tag: string } }).reason._tag, "InvalidRequest")
        }
        assert.strictEqual(server.sent.length, 0)
      }))

    it.live("a member move cut off after sending: moved means done, not moved means sent again, else ambiguous", () =>
      Effect.gen(function*() {
        const other = UserGroup.UserGroupId.make(2553)
        const request = { leaveGroupId: groupId, joinGroupId: other, userIds: [bob, ann] } as const
        let leaving = [
          member(tom, { primaryMember: true }),
          member(bob, { active: false }),
          member(ann, { active: false })
        ]
        let joining = [member(bob), member(ann)]
        let posts = 0
        const server = yield* serve((request) => {
          if (request.method === "GET") {
            return {
              json: { ...groupBody(request.query.id === "2361" ? leaving : joining), id: Number(request.query.id) }
            }
          }
          posts++
          return posts % 2 === 1 ? "reset" : { json: Documented.memberTransferResponse }
        })
        const userGroups = yield* userGroupsAt(server.url)
        assert.strictEqual((yield* userGroups.transferMembers(request)).success, true)
        assert.deepStrictEqual(server.sent.map(({ method, query }) => [method, query]), [
          ["POST", {}],
          ["GET", { id: "2361" }],
          ["GET", { id: "2553" }]
        ])
        // nobody moved: sent again
        leaving = [member(tom, { primaryMember: true }), member(bob), member(ann)]
        joining = []
        posts = 0
        assert.strictEqual((yield* userGroups.transferMembers(request)).success, true)
        assert.deepStrictEqual(server.sent.slice(3).map(({ method }) => method), ["POST", "GET", "GET", "POST"])
        // bob moved, ann did not: the outcome stays unknown
        leaving = [member(tom, { primaryMember: true }), member(bob, { active: false }), member(ann)]
        joining = [member(bob)]
        posts = 0
        const error = yield* Effect.flip(userGroups.transferMembers(request))
        assert(error._tag === "CapillaryError")
        assert.strictEqual(error.reason._tag, "AmbiguousOutcome")
        assert.strictEqual(server.sent.filter(({ method }) => method === "POST").length, 4)
      }))
  })
})
