/** The group points declarations as data: routes, idempotency, reversibility, error codes, per-customer keys. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { GroupPoints, GroupPointsApi } from "../src/index.ts"
import * as Documented from "./fixtures/groupPoints.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

const request = Schema.decodeUnknownSync(GroupPoints.TransferRequest)(Documented.transferRequest)

describe("GroupPointsApi", () => {
  it("declares the group points routes under stable ids", () => {
    assert.deepStrictEqual(
      GroupPointsApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.family]),
      [
        ["usergroups.isTransferrable", "POST", "/v2/points/userGroup2/isTransferrable", "v2"],
        ["usergroups.transferPoints", "POST", "/v2/points/userGroup2/transfer", "v2"],
        ["usergroups.pointsTransfers", "GET", "/v2/points/transfer", "v2"]
      ]
    )
  })

  it("isTransferrable is a read; a transfer is unsafe and undone by a transfer the other way", () => {
    assert.deepStrictEqual(GroupPointsApi.isTransferrable.idempotency, Endpoint.read)
    assert.deepStrictEqual(GroupPointsApi.isTransferrable.reversibility, Endpoint.noEffect)
    assert.deepStrictEqual(GroupPointsApi.transferPoints.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(
      GroupPointsApi.transferPoints.reversibility,
      Endpoint.reversible("usergroups.transferPoints")
    )
    assert.deepStrictEqual(GroupPointsApi.pointsTransfers.idempotency, Endpoint.read)
    assert.strictEqual(GroupPointsApi.pointsTransfers.paging?.style, "offset-limit")
  })

  it("maps each documented code to its named error", () => {
    const transferCodes = {
      1619: "InvalidGroup",
      1632: "InvalidGroup",
      8015: "CustomerNotFound",
      816: "CustomerNotFound",
      1101: "InvalidProgram",
      1620: "UserNotInGroup",
      803: "InsufficientPoints",
      804: "InsufficientPoints",
      813: "InsufficientPoints",
      818: "InsufficientPoints",
      828: "RedemptionBlocked",
      801: "InvalidPointsValue",
      422: "InvalidPointsValue",
      878: "InvalidPointsValue",
      418: "TransferToSelf"
    }
    assert.deepStrictEqual(codesOf(GroupPointsApi.isTransferrable), transferCodes)
    assert.deepStrictEqual(codesOf(GroupPointsApi.transferPoints), transferCodes)
    assert.deepStrictEqual(codesOf(GroupPointsApi.pointsTransfers), {
      1619: "InvalidGroup",
      1632: "InvalidGroup",
      8015: "CustomerNotFound",
      816: "CustomerNotFound",
      1101: "InvalidProgram"
    })
  })

  it("serialises a transfer per customer by the customer side's identifier", () => {
    const key = GroupPointsApi.transferPoints.customerKey!
    assert.strictEqual(key({ body: request }), "918410000000")
    assert.strictEqual(
      key({ body: { ...request, fromEntity: request.toEntity, toEntity: request.fromEntity } }),
      "918410000000"
    )
    assert.strictEqual(key({ body: { ...request, toEntity: request.fromEntity } }), undefined)
    assert.strictEqual(GroupPointsApi.isTransferrable.customerKey, undefined)
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of GroupPointsApi.endpoints) {
      for (const schema of [endpoint.params, endpoint.query, endpoint.body, endpoint.success]) {
        if (schema === undefined) continue
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
