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
  it("declares the five v2 routes under stable ids", () => {
    assert.deepStrictEqual(
      UserGroupsApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.family]),
      [
        ["usergroups.create", "POST", "/v2/userGroup2", "v2"],
        ["usergroups.get", "GET", "/v2/userGroup2", "v2"],
        ["usergroups.join", "POST", "/v2/userGroup2/join", "v2"],
        ["usergroups.leave", "DELETE", "/v2/userGroup2/{groupId}/leave", "v2"],
        ["usergroups.delete", "DELETE", "/v2/userGroup2", "v2"]
      ]
    )
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
      1642: "PrimaryOfAnotherGroup"
    })
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

  it("serialises a join of one member by its id, and a leave by the member's identifier", () => {
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
