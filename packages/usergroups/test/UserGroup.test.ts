import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { readFileSync } from "node:fs"
import { UserGroup } from "../src/index.ts"
import * as Documented from "./fixtures/userGroup2Examples.ts"

const decode = <S extends Schema.Codec<any, any, never, never>>(schema: S) => (input: unknown) =>
  Schema.decodeUnknownResult(schema)(input)

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = decode(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success as S["Type"]
}

const rejects = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = decode(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

/** The example response of `GET /v2/userGroup2`, exactly as the reference page shows it (seeds/usergroup2-get.txt). */
const documentedGroup: unknown = JSON.parse(
  readFileSync(new URL("./fixtures/usergroup2-get.json", import.meta.url), "utf8")
)

describe("UserGroup", () => {
  describe("documented bodies", () => {
    it("decodes the documented GET response, field for field", () => {
      const group = accepts(UserGroup.UserGroup, documentedGroup)
      assert.instanceOf(group, UserGroup.UserGroup)
      assert.deepStrictEqual(
        [group.id, group.externalId, group.groupStatus, group.groupName, group.maxGroupSize],
        [3918893, "uat_ug_10_txn", "ACTIVE", "uatUserGroup10Transactions", 6]
      )
      assert.deepStrictEqual([group.createdBy, group.createdOn], [75155297, "2025-11-03T05:23:40Z"])
      assert.deepStrictEqual([group.lifeTimePurchases, group.totalActiveMembers, group.totalExitedMembers], [
        70100,
        3,
        1
      ])
      assert.deepStrictEqual(
        group.fleetGroupUsers.map((member) => [member.userId, member.primaryMember, member.active]),
        [
          [566998132, true, true],
          [567219877, false, true],
          [567219954, false, true],
          [564662499, false, false]
        ]
      )
      assert.deepStrictEqual(group.fleetGroupUsers[3], {
        userId: UserGroup.CustomerId.make(564662499),
        groupId: UserGroup.UserGroupId.make(3918893),
        defaultGroup: false,
        primaryMember: false,
        active: false
      })
      assert.deepStrictEqual(group.expiredPoints, [])
      assert.deepStrictEqual(group.expirySchedules, [
        { points: 49500, expiryDate: "2026-04-27", expiryDateISO: "2026-04-27T00:00:00Z", programId: 973 },
        { points: 5000, expiryDate: "2125-11-03", expiryDateISO: "2125-11-03T00:00:00Z", programId: 973 }
      ])
      assert.deepStrictEqual(group.gapToUpgrade, [{
        upgradeBasedOn: "CURRENT_POINTS",
        upgradeThreshold: 2000,
        customerUpgradeEntityValues: { currentValue: 0, gapToUpgrade: 2000, valueValidUpto: "2125-11-03" }
      }])
      assert.deepStrictEqual(group.gapToRenew, {
        tierExpiryDate: "2125-11-19",
        renewConfirmed: false,
        renewStrategies: []
      })
      const [diamond, topaz] = group.pointsSummaries ?? []
      assert.deepStrictEqual(
        [diamond?.programId, diamond?.currentSlab, diamond?.slabSNo, diamond?.nextSlabSerialNumber, diamond?.nextSlab],
        [973, "Diamond", 8, -1, ""]
      )
      assert.deepStrictEqual(
        [diamond?.loyaltyPoints, diamond?.lifetimePoints, diamond?.totalAvailablePoints, diamond?.userGroup2Id],
        [54500, 54500, 54500, 3918893]
      )
      assert.strictEqual(diamond?.slabExpiryDate, "2125-11-19T23:59:59Z")
      assert.deepStrictEqual(diamond?.gapToRenewSummary, {
        tierExpiryDate: "2125-11-19",
        renewConfirmed: false,
        renewStrategies: []
      })
      assert.deepStrictEqual(
        [topaz?.programId, topaz?.currentSlab, topaz?.nextSlab, topaz?.nextSlabSerialNumber, topaz?.delayedPoints],
        [983, "Topaz", "Coral", 2, 4000]
      )
      assert.strictEqual(topaz?.gapToRenewSummary, undefined)
      assert.deepStrictEqual(topaz?.upgradeStrategies.map((gap) => gap.upgradeBasedOn), ["CURRENT_POINTS"])
      assert.deepStrictEqual(
        [topaz?.programTitle, topaz?.programDescription, topaz?.programPointsToCurrencyRatio],
        ["Group Loyalty Program", "Loyalty program for groups", 1]
      )
      assert.deepStrictEqual(group.extendedFields, {
        ug_status: "Active",
        usergroup2_automation_extended_field: 25
      })
      assert.deepStrictEqual(group.warnings, [{
        status: false,
        code: 1656,
        message: "Fleet group do not have a mapped hierarchy"
      }])
    })

    it("encodes the documented GET response back to the same JSON", () => {
      const group = accepts(UserGroup.UserGroup, documentedGroup)
      assert.deepStrictEqual(Schema.encodeUnknownSync(UserGroup.UserGroup)(group), documentedGroup)
    })

    it("decodes a group without the parts a query adds", () => {
      const group = accepts(UserGroup.UserGroup, {
        id: 7,
        externalId: "e-7",
        groupStatus: "DELETED",
        fleetGroupUsers: [],
        createdBy: 1,
        createdOn: "2026-01-01T00:00:00Z",
        groupName: "seven",
        maxGroupSize: 2,
        lifeTimePurchases: 0,
        totalActiveMembers: 0,
        totalExitedMembers: 0
      })
      assert.strictEqual(group.expirySchedules, undefined)
      assert.strictEqual(group.pointsSummaries, undefined)
      rejects(UserGroup.UserGroup, { ...group, groupStatus: "GONE" })
    })

    it("decodes the documented create, join, leave and delete answers", () => {
      assert.strictEqual(accepts(UserGroup.UserGroupCreated, { entity: 2361, warnings: [] }).entity, 2361)
      const joined = accepts(UserGroup.JoinResults, {
        response: [
          {
            entityId: 416066472,
            result: {
              userId: 416066472,
              groupId: 2361,
              permissions: ["block_points_redemption"],
              defaultGroup: true,
              active: true,
              primaryMember: false
            },
            errors: [],
            warnings: []
          },
          {
            entityId: 416066473,
            errors: [{ status: false, code: 1638, message: "Group is at max capacity" }],
            warnings: []
          }
        ],
        totalCount: 2,
        failureCount: 1
      })
      assert.deepStrictEqual(joined.response[0]?.result?.permissions, ["block_points_redemption"])
      assert.strictEqual(joined.response[1]?.errors?.[0]?.code, 1638)
      assert.include(
        rejects(UserGroup.JoinResults, { response: [{ entityId: 1, errors: [] }], totalCount: 1, failureCount: 0 }),
        "neither a result nor errors"
      )
      accepts(UserGroup.LeaveResult, { warnings: [], errors: [], success: true })
      accepts(UserGroup.Deleted, { warnings: [] })
    })
  })

  describe("requests", () => {
    it("a create has an external id and a name of 1 to 50 characters, and a size of 1 to 30,000", () => {
      const body = accepts(UserGroup.UserGroupCreate, {
        externalId: "ext1",
        groupName: "name",
        maxGroupSize: 110,
        extendedFields: {}
      })
      assert.deepStrictEqual(Schema.encodeSync(UserGroup.UserGroupCreate)(body), {
        externalId: "ext1",
        groupName: "name",
        maxGroupSize: 110,
        extendedFields: {}
      })
      accepts(UserGroup.UserGroupCreate, { externalId: "x".repeat(50), groupName: "y".repeat(50) })
      accepts(UserGroup.UserGroupCreate, { externalId: "e", groupName: "n", maxGroupSize: 30_000 })
      assert.include(rejects(UserGroup.UserGroupCreate, { externalId: "x".repeat(51), groupName: "n" }), "at most 50")
      assert.include(rejects(UserGroup.UserGroupCreate, { externalId: "e", groupName: "y".repeat(51) }), "at most 50")
      assert.include(rejects(UserGroup.UserGroupCreate, { externalId: " ", groupName: "n" }), "empty")
      rejects(UserGroup.UserGroupCreate, { groupName: "n" })
      rejects(UserGroup.UserGroupCreate, { externalId: "e" })
      for (const [size, message] of [[0, "positive"], [-3, "positive"], [30_001, "at most 30000"]] as const) {
        assert.include(
          rejects(UserGroup.UserGroupCreate, { externalId: "e", groupName: "n", maxGroupSize: size }),
          message
        )
      }
      rejects(UserGroup.UserGroupCreate, { externalId: "e", groupName: "n", maxGroupSize: 2.5 })
    })

    it("a query names the group by id, external id or primary user id", () => {
      assert.deepStrictEqual(accepts(UserGroup.GroupQuery, { id: "2361" }), { id: UserGroup.UserGroupId.make(2361) })
      accepts(UserGroup.GroupQuery, { externalId: "ext1" })
      accepts(UserGroup.GroupQuery, { primaryUserId: "416066472" })
      assert.include(rejects(UserGroup.GroupQuery, {}), "identified by id, externalId or primaryUserId")
      rejects(UserGroup.GroupQuery, { id: "0" })
      rejects(UserGroup.GroupQuery, { id: "abc" })
      rejects(UserGroup.GroupQuery, { primaryUserId: "-1" })
      assert.include(rejects(UserGroup.DeleteQuery, { primaryUserId: "1" }), "identified by id or externalId")
    })

    it("the GET query carries the documented options as strings", () => {
      const query = accepts(UserGroup.GetQuery, {
        id: "3918893",
        primaryUserId: "566998132",
        programDetails: "true",
        expiredPoints: "true",
        expirySchedules: "false",
        gapToUpgradeFor: "2",
        gapToRenewFor: "2",
        companyDetails: "true"
      })
      assert.deepStrictEqual(
        [query.expiredPoints, query.expirySchedules, query.gapToUpgradeFor, query.companyDetails],
        [true, false, 2, true]
      )
      assert.deepStrictEqual(Schema.encodeSync(UserGroup.GetQuery)(query), {
        id: "3918893",
        primaryUserId: "566998132",
        programDetails: "true",
        expiredPoints: "true",
        expirySchedules: "false",
        gapToUpgradeFor: "2",
        gapToRenewFor: "2",
        companyDetails: "true"
      })
      rejects(UserGroup.GetQuery, { id: "1", expiredPoints: "yes" })
      rejects(UserGroup.GetQuery, { id: "1", gapToUpgradeFor: "1.5" })
    })

    it("a join names each customer once, at most one of them primary", () => {
      const members = accepts(UserGroup.JoinRequest, [
        { userId: 416066472, primaryMember: false, permissions: ["block_points_redemption"] },
        { userId: 416066473, primaryMember: true },
        { userId: 416066474 }
      ])
      assert.strictEqual(members.length, 3)
      rejects(UserGroup.JoinRequest, [])
      assert.include(rejects(UserGroup.JoinRequest, [{ userId: 1 }, { userId: 1 }]), "appears twice")
      assert.include(
        rejects(UserGroup.JoinRequest, [{ userId: 1, primaryMember: true }, { userId: 2, primaryMember: true }]),
        "one primary member"
      )
      rejects(UserGroup.JoinRequest, [{ userId: 0 }])
      rejects(UserGroup.JoinRequest, [{ userId: 1, permissions: [""] }])
      for (const permission of UserGroup.permissions) {
        accepts(UserGroup.JoinRequest, [{ userId: 1, permissions: [permission] }])
      }
      assert.include(rejects(UserGroup.JoinRequest, [{ userId: 1, permissions: ["fly"] }]), "a permission is one of")
    })

    it("a leave names the member by customer id or by an identifier, in a source", () => {
      accepts(UserGroup.LeaveQuery, { identifierName: "id", identifierValue: "416066472" })
      accepts(UserGroup.LeaveQuery, {
        source: "INSTORE",
        accountId: "",
        identifierName: "mobile",
        identifierValue: "919000000001"
      })
      assert.include(
        rejects(UserGroup.LeaveQuery, { identifierName: "id", identifierValue: "tom" }),
        "a customer id is a positive integer"
      )
      rejects(UserGroup.LeaveQuery, { identifierName: "phone", identifierValue: "919000000001" })
      rejects(UserGroup.LeaveQuery, { source: "ORKUT", identifierName: "mobile", identifierValue: "919000000001" })
      rejects(UserGroup.LeaveQuery, { identifierName: "mobile", identifierValue: "" })
      assert.deepStrictEqual(accepts(UserGroup.LeavePath, { groupId: "2361" }), {
        groupId: UserGroup.UserGroupId.make(2361)
      })
    })
  })

  describe("documented bodies of the members side", () => {
    const roundTrip = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
      const decoded = accepts(schema, input)
      assert.deepStrictEqual(Schema.encodeUnknownSync(schema)(decoded), input)
      return decoded
    }

    it("decodes the documented update requests and answers, and encodes them back", () => {
      const request = roundTrip(UserGroup.UserGroupUpdate, Documented.updateRequest)
      assert.deepStrictEqual(request, {
        id: UserGroup.UserGroupId.make(2361),
        externalId: "",
        groupName: "newName2",
        maxGroupSize: 1110
      })
      roundTrip(UserGroup.UserGroupUpdate, Documented.updateSizeRequest)
      const fields = roundTrip(UserGroup.UserGroupUpdate, Documented.updateFieldsRequest)
      assert.deepStrictEqual(fields.extendedFields, { usergroup2_automation_extended_field: "25" })
      roundTrip(UserGroup.UserGroupUpdate, Documented.updateByIdRequest)
      assert.deepStrictEqual(roundTrip(UserGroup.UserGroupUpdated, Documented.updateResponse), {
        id: UserGroup.UserGroupId.make(2361),
        groupName: "newName2",
        maxGroupSize: 1110,
        warnings: []
      })
      const updated = roundTrip(UserGroup.UserGroupUpdated, Documented.updateSizeResponse)
      assert.deepStrictEqual([updated.externalId, updated.maxGroupSize, updated.extendedFields], [
        "uat_ug_10_txn",
        2,
        {}
      ])
    })

    it("decodes the documented search answer", () => {
      const results = roundTrip(UserGroup.SearchResults, Documented.searchResponse)
      assert.deepStrictEqual(results.pagination, { limit: 10, offset: 0, total: 1 })
      const [hit] = results.data
      assert.deepStrictEqual(
        [hit?.groupId, hit?.groupName, hit?.groupStatus, hit?.groupExternalId, hit?.primaryMemberId, hit?.totalMembers],
        [51334, "natwest14", "ACTIVE", "natwest_16", 558085086, 1]
      )
      assert.deepStrictEqual(hit?.extendedFields, { platinum: 25 })
    })

    it("decodes the documented member transfer, with group ids as numbers or strings", () => {
      assert.deepStrictEqual(roundTrip(UserGroup.MemberTransfer, Documented.memberTransferRequest), {
        leaveGroupId: UserGroup.UserGroupId.make(2361),
        joinGroupId: UserGroup.UserGroupId.make(2553),
        userIds: [UserGroup.CustomerId.make(416066472)]
      })
      const strings = accepts(UserGroup.MemberTransfer, Documented.memberTransferStringRequest)
      assert.deepStrictEqual([strings.leaveGroupId, strings.joinGroupId], [3962910, 3963208])
      // sent as numbers, as the v2 reference shows
      assert.deepStrictEqual(Schema.encodeSync(UserGroup.MemberTransfer)(strings), {
        leaveGroupId: 3962910,
        joinGroupId: 3963208,
        userIds: [568563144]
      })
      roundTrip(UserGroup.MemberTransferResult, Documented.memberTransferResponse)
    })

    it("decodes the documented members answers: permissions as a list, cards with their status", () => {
      const basic = roundTrip(UserGroup.MembersPage, Documented.membersResponse)
      assert.strictEqual(basic.pagination, undefined)
      assert.deepStrictEqual(
        basic.data.map((member) => [member.fleetUserId, member.role, member.primaryMember, member.inActive]),
        [[568077466, "PRIMARY", true, true], [568077476, "SECONDARY", false, true]]
      )
      assert.deepStrictEqual(basic.data[1]?.permissions, ["allow_points_redemption", "block_points_transfer"])
      assert.deepStrictEqual(basic.data[0]?.identifiers.map((identifier) => identifier.type), [
        "email",
        "externalId",
        "mobile"
      ])
      const withCards = roundTrip(UserGroup.MembersPage, Documented.membersWithCardsResponse)
      assert.deepStrictEqual(withCards.pagination, {
        limit: 20,
        offset: 0,
        sortBy: "IS_PRIMARY",
        sortOrder: "DESC",
        total: 2
      })
      const [card] = withCards.data[0]?.cards ?? []
      assert.deepStrictEqual(
        [card?.cardId, card?.cardNumber, card?.seriesId, card?.type, card?.statusInfo?.status, card?.expiryDate],
        [1970588, "rego0000000000204800series", 172, "DIGITAL", "ACTIVE", "2049-09-20T00:00:00+05:30"]
      )
      assert.strictEqual(withCards.data[0]?.roleCode, "FA")
    })

    it("reads permissions as a comma-separated string or a list, and writes the string", () => {
      const decode = Schema.decodeUnknownSync(UserGroup.PermissionList)
      assert.deepStrictEqual(decode(""), [])
      assert.deepStrictEqual(decode("block_points_redemption"), ["block_points_redemption"])
      assert.deepStrictEqual(decode(" a , b ,"), ["a", "b"])
      assert.deepStrictEqual(decode(["a"]), ["a"])
      assert.strictEqual(Schema.encodeSync(UserGroup.PermissionList)(["a", "b"]), "a,b")
    })

    it("decodes the documented group transactions answer", () => {
      const page = roundTrip(UserGroup.GroupTransactions, Documented.transactionsResponse)
      const [transaction] = page.data
      assert.deepStrictEqual(
        [transaction?.id, transaction?.customerId, transaction?.type, transaction?.userGroup2?.id],
        [2148592384, 420803403, "REGULAR", 91898]
      )
      assert.deepStrictEqual(
        [transaction?.pointSummary?.issuedPoints, transaction?.pointSummary?.programId],
        [40, 765]
      )
      assert.deepStrictEqual(
        [transaction?.billDetails?.billNumber, transaction?.billDetails?.amount, transaction?.lineItems?.length],
        ["FC2-111112573646898_bulk2", 200, 4]
      )
    })
  })

  describe("requests of the members side", () => {
    it("an update names the group by id (or external id) and changes something", () => {
      accepts(UserGroup.UserGroupUpdate, { id: 7, groupName: "n" })
      accepts(UserGroup.UserGroupUpdate, { externalId: "e", maxGroupSize: 3 })
      accepts(UserGroup.UserGroupUpdate, { externalId: "e", extendedFields: {} })
      // by id, a non-empty external id is a new external id: a change
      accepts(UserGroup.UserGroupUpdate, { id: "7", externalId: "new" })
      // the id is sent as a string, as documented
      assert.deepStrictEqual(
        Schema.encodeSync(UserGroup.UserGroupUpdate)({
          id: UserGroup.UserGroupId.make(7),
          groupName: "n"
        }),
        { id: "7", groupName: "n" }
      )
      assert.include(rejects(UserGroup.UserGroupUpdate, { groupName: "n" }), "identified by id or externalId")
      assert.include(rejects(UserGroup.UserGroupUpdate, { externalId: " ", groupName: "n" }), "identified by")
      assert.include(rejects(UserGroup.UserGroupUpdate, { id: "7" }), "nothing to update")
      assert.include(rejects(UserGroup.UserGroupUpdate, { id: "7", externalId: "" }), "nothing to update")
      assert.include(rejects(UserGroup.UserGroupUpdate, { externalId: "e" }), "nothing to update")
      rejects(UserGroup.UserGroupUpdate, { id: "7", groupName: "n".repeat(51) })
      rejects(UserGroup.UserGroupUpdate, { id: "7", maxGroupSize: 0 })
      rejects(UserGroup.UserGroupUpdate, { id: "7", maxGroupSize: 30_001 })
      rejects(UserGroup.UserGroupUpdate, { id: "x", groupName: "n" })
    })

    it("a search has a q of 1 to 50 characters and an optional page", () => {
      assert.deepStrictEqual(accepts(UserGroup.SearchQuery, { q: "51334", offset: "10", limit: "5" }), {
        q: "51334",
        offset: 10,
        limit: 5
      })
      rejects(UserGroup.SearchQuery, {})
      rejects(UserGroup.SearchQuery, { q: " " })
      rejects(UserGroup.SearchQuery, { q: "x".repeat(51) })
      rejects(UserGroup.SearchQuery, { q: "a", limit: "0" })
      rejects(UserGroup.SearchQuery, { q: "a", offset: "-1" })
    })

    it("a member transfer names each customer once", () => {
      assert.include(
        rejects(UserGroup.MemberTransfer, { leaveGroupId: 1, joinGroupId: 2, userIds: [3, 3] }),
        "appears twice"
      )
      rejects(UserGroup.MemberTransfer, { leaveGroupId: 1, joinGroupId: 2, userIds: [] })
      rejects(UserGroup.MemberTransfer, { joinGroupId: 2, userIds: [3] })
      rejects(UserGroup.MemberTransfer, { leaveGroupId: 0, joinGroupId: 2, userIds: [3] })
    })

    it("a members read names the group by id or external id; its options are strings", () => {
      const query = accepts(UserGroup.MembersQuery, {
        source: "INSTORE",
        identifierName: "id",
        identifierValue: "3948622",
        includeCardDetails: "true",
        includeStatusDetails: "true",
        paginationDetails: "true",
        sortOrder: "DESC",
        limit: "20",
        sortBy: "IS_PRIMARY",
        fromDate: "2010-01-01 00:00:00",
        toDate: "2023-01-31 23:59:59"
      })
      assert.deepStrictEqual([query.includeCardDetails, query.limit, query.sortBy], [true, 20, "IS_PRIMARY"])
      accepts(UserGroup.MembersQuery, { externalId: "ext1", source: "ALL" })
      assert.include(rejects(UserGroup.MembersQuery, { source: "INSTORE" }), "identifierName=id or externalId")
      rejects(UserGroup.MembersQuery, { identifierName: "id", identifierValue: "abc" })
      rejects(UserGroup.MembersQuery, { identifierName: "id" })
      rejects(UserGroup.MembersQuery, { identifierName: "mobile", identifierValue: "1" })
      rejects(UserGroup.MembersQuery, { externalId: "e", fromDate: "2010-01-01" })
      rejects(UserGroup.MembersQuery, { externalId: "e", source: "ORKUT" })
    })

    it("a transactions read names the group, or its primary member in a source; embed is a comma list", () => {
      const query = accepts(UserGroup.TransactionsQuery, {
        type: "REGULAR",
        limit: "100",
        embed: "EXTENDEDFIELDS,CUSTOMFIELDS,LINEITEMS,PAYMENTDETAILS",
        order: "ASC",
        primaryUserId: "420803399"
      })
      assert.deepStrictEqual(query.embed, ["EXTENDEDFIELDS", "CUSTOMFIELDS", "LINEITEMS", "PAYMENTDETAILS"])
      assert.strictEqual(
        Schema.encodeSync(UserGroup.TransactionsQuery)(query).embed,
        "EXTENDEDFIELDS,CUSTOMFIELDS,LINEITEMS,PAYMENTDETAILS"
      )
      accepts(UserGroup.TransactionsQuery, { identifierName: "mobile", identifierValue: "91", source: "INSTORE" })
      accepts(UserGroup.TransactionsQuery, { id: "1", startDate: "2022-02-01", endDate: "2022-02-11T18:12:50+05:30" })
      rejects(UserGroup.TransactionsQuery, { identifierName: "mobile", identifierValue: "91" })
      rejects(UserGroup.TransactionsQuery, { type: "REGULAR" })
      rejects(UserGroup.TransactionsQuery, { id: "1", embed: "EVERYTHING" })
      rejects(UserGroup.TransactionsQuery, { id: "1", startDate: "yesterday" })
      rejects(UserGroup.TransactionsQuery, { id: "1", limit: "0" })
    })
  })
})
