/** The declarations as data: routes, idempotency, reversibility, error codes, per-customer keys, wire schemas. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { UserGroup, UserGroupErrors, UserGroupsApi } from "../src/index.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const invalidGroup = { 1619: "InvalidGroup", 1632: "InvalidGroup" }

describe("UserGroupsApi", () => {
  it("declares the v2 routes under stable ids", () => {
    assert.deepStrictEqual(
      UserGroupsApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.family]),
      [
        ["usergroups.create", "POST", "/v2/userGroup2", "v2"],
        ["usergroups.get", "GET", "/v2/userGroup2", "v2"],
        ["usergroups.join", "POST", "/v2/userGroup2/join", "v2"],
        ["usergroups.leave", "DELETE", "/v2/userGroup2/{groupId}/leave", "v2"],
        ["usergroups.delete", "DELETE", "/v2/userGroup2", "v2"],
        ["usergroups.update", "PUT", "/v2/userGroup2", "v2"],
        ["usergroups.search", "GET", "/v2/userGroup2/search", "v2"],
        ["usergroups.transferMembers", "POST", "/v2/userGroup2/transfer", "v2"],
        ["usergroups.members", "GET", "/v2/userGroup2/members", "v2"],
        ["usergroups.transactions", "GET", "/v2/userGroup2/transactions", "v2"]
      ]
    )
    // one section, and no two declarations share a method and path (none needs a variant)
    assert.deepStrictEqual([...new Set(UserGroupsApi.endpoints.map((endpoint) => endpoint.section))], ["User group"])
    const routes = UserGroupsApi.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`)
    assert.strictEqual(new Set(routes).size, routes.length)
    for (const endpoint of UserGroupsApi.endpoints) assert.strictEqual(endpoint.variant, undefined)
  })

  it("update is idempotent and undone by another update; a member move is unsafe and undone by the move back", () => {
    assert.deepStrictEqual(UserGroupsApi.update.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(UserGroupsApi.update.reversibility, Endpoint.reversible("usergroups.update"))
    assert.deepStrictEqual(UserGroupsApi.transferMembers.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(
      UserGroupsApi.transferMembers.reversibility,
      Endpoint.reversible("usergroups.transferMembers")
    )
    for (const endpoint of [UserGroupsApi.search, UserGroupsApi.members, UserGroupsApi.transactions]) {
      assert.deepStrictEqual(endpoint.idempotency, Endpoint.read, endpoint.id)
      assert.deepStrictEqual(endpoint.reversibility, Endpoint.noEffect, endpoint.id)
      assert.strictEqual(endpoint.paging?.style, "offset-limit", endpoint.id)
    }
  })

  it("pages the lists by offset and limit, to the total when the answer reports it", () => {
    const search = UserGroupsApi.search.paging!
    const first = search.first({ q: "fam" })
    assert.deepStrictEqual(first, { q: "fam", offset: 0, limit: UserGroup.searchPageSize })
    const hit = { groupId: 1, groupName: "n", groupStatus: "ACTIVE", groupExternalId: "e", totalMembers: 0 } as const
    const full = {
      pagination: { limit: 10, offset: 0, total: 12 },
      data: Array.from({ length: 10 }, () => hit)
    } as unknown as UserGroup.SearchResults
    assert.deepStrictEqual(search.next(first, full), { q: "fam", offset: 10, limit: 10 })
    const reached = { ...full, pagination: { limit: 10, offset: 0, total: 10 } }
    assert.strictEqual(search.next(first, reached), undefined)
    const members = UserGroupsApi.members.paging!
    assert.deepStrictEqual(members.first({ externalId: "e" }), {
      externalId: "e",
      offset: 0,
      limit: UserGroup.membersPageSize
    })
    const transactions = UserGroupsApi.transactions.paging!
    const page = transactions.first({ id: UserGroup.UserGroupId.make(1) })
    assert.deepStrictEqual<unknown>(page, { id: 1, offset: 0, limit: UserGroup.transactionsPageSize })
    assert.strictEqual(transactions.next(page, { data: [] }), undefined)
  })

  it("create, join and leave are unsafe and undo one another; delete is idempotent and final; get reads", () => {
    assert.deepStrictEqual(UserGroupsApi.create.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(UserGroupsApi.create.reversibility, Endpoint.reversible("usergroups.delete"))
    assert.deepStrictEqual(UserGroupsApi.join.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(UserGroupsApi.join.reversibility, Endpoint.reversible("usergroups.leave"))
    assert.deepStrictEqual(UserGroupsApi.leave.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(UserGroupsApi.leave.reversibility, Endpoint.reversible("usergroups.join"))
    assert.deepStrictEqual(UserGroupsApi.remove.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(UserGroupsApi.remove.reversibility, Endpoint.irreversible)
    assert.deepStrictEqual(UserGroupsApi.get.idempotency, Endpoint.read)
    assert.deepStrictEqual(UserGroupsApi.get.reversibility, Endpoint.noEffect)
    // every undoing endpoint is declared here
    const ids = new Set(UserGroupsApi.endpoints.map((endpoint) => endpoint.id))
    for (const endpoint of UserGroupsApi.endpoints) {
      if (endpoint.reversibility._tag === "Reversible") assert(ids.has(endpoint.reversibility.undoneBy))
    }
  })

  it("maps each documented code to its named error, on the endpoints where it can occur", () => {
    assert.deepStrictEqual(codesOf(UserGroupsApi.create), {
      1633: "ExternalIdExists",
      1639: "GroupSizeLimit",
      1640: "GroupSizeLimit"
    })
    assert.deepStrictEqual(codesOf(UserGroupsApi.get), invalidGroup)
    assert.deepStrictEqual(codesOf(UserGroupsApi.join), {
      ...invalidGroup,
      8015: "CustomerNotFound",
      1623: "AlreadyMember",
      1636: "AlreadyMember",
      1624: "PrimaryCannotBeTransferred",
      1637: "PrimaryExists",
      1638: "GroupFull",
      1641: "InvalidPermission",
      1642: "PrimaryOfAnotherGroup"
    })
    assert.deepStrictEqual(codesOf(UserGroupsApi.update), {
      ...invalidGroup,
      1633: "ExternalIdExists",
      1639: "GroupSizeLimit",
      1640: "GroupSizeLimit",
      1643: "NothingToUpdate"
    })
    assert.deepStrictEqual(codesOf(UserGroupsApi.search), { 91052: "InvalidSearch" })
    assert.deepStrictEqual(codesOf(UserGroupsApi.transferMembers), {
      ...invalidGroup,
      8015: "CustomerNotFound",
      1620: "UserNotInGroup",
      1623: "AlreadyMember",
      1636: "AlreadyMember",
      1624: "PrimaryCannotBeTransferred",
      1638: "GroupFull"
    })
    assert.deepStrictEqual(codesOf(UserGroupsApi.members), invalidGroup)
    assert.deepStrictEqual(codesOf(UserGroupsApi.transactions), { ...invalidGroup, 8015: "CustomerNotFound" })
    assert.deepStrictEqual(codesOf(UserGroupsApi.leave), {
      ...invalidGroup,
      1620: "UserNotInGroup",
      8015: "CustomerNotFound"
    })
    assert.deepStrictEqual(codesOf(UserGroupsApi.remove), invalidGroup)
    const error = new UserGroupErrors.GroupFull({ code: 1638, message: "full", requestId: "r-1" })
    assert.strictEqual(error._tag, "GroupFull")
    assert.strictEqual(error.requestId, "r-1")
  })

  it("serialises a join or move of one member by its id, and a leave by the member's identifier", () => {
    const one = [{ userId: UserGroup.CustomerId.make(42) }] as const
    assert.strictEqual(UserGroupsApi.join.customerKey?.({ query: { externalId: "g" }, body: one }), "42")
    assert.strictEqual(
      UserGroupsApi.join.customerKey?.({
        query: { externalId: "g" },
        body: [{ userId: UserGroup.CustomerId.make(42) }, { userId: UserGroup.CustomerId.make(43) }]
      }),
      undefined
    )
    assert.strictEqual(
      UserGroupsApi.leave.customerKey?.({
        path: { groupId: UserGroup.UserGroupId.make(1) },
        query: { identifierName: "mobile", identifierValue: "919000000001" }
      }),
      "919000000001"
    )
    const move = (userIds: ReadonlyArray<number>) => ({
      body: {
        leaveGroupId: UserGroup.UserGroupId.make(1),
        joinGroupId: UserGroup.UserGroupId.make(2),
        userIds: userIds.map((id) => UserGroup.CustomerId.make(id)) as unknown as UserGroup.MemberTransfer["userIds"]
      }
    })
    assert.strictEqual(UserGroupsApi.transferMembers.customerKey?.(move([42])), "42")
    assert.strictEqual(UserGroupsApi.transferMembers.customerKey?.(move([42, 43])), undefined)
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of UserGroupsApi.endpoints) {
      for (const schema of [endpoint.params, endpoint.query, endpoint.body, endpoint.success]) {
        if (schema === undefined) continue
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
