/** The partner program declarations as data: routes, idempotency, reversibility, error codes, keys, paging. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { PartnerProgram, PartnerProgramsApi } from "../src/index.ts"
import * as Examples from "./fixtures/accessPartnerPrograms.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

describe("PartnerProgramsApi", () => {
  it("declares the four v2 routes under stable ids, in the index section Partner program", () => {
    assert.deepStrictEqual(
      PartnerProgramsApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.section]),
      [
        ["customers.linkPartnerProgram", "POST", "/v2/partnerProgram/linkCustomer", "Partner program"],
        [
          "customers.updatePartnerProgram",
          "POST",
          "/v2/partnerProgram/customerPartnerProgramUpdate",
          "Partner program"
        ],
        ["customers.delinkPartnerProgram", "POST", "/v2/partnerProgram/deLinkCustomer", "Partner program"],
        ["customers.partnerActivityHistory", "GET", "/v2/partnerProgram/customerActivityHistory", "Partner program"]
      ]
    )
  })

  it("a link is undone by a delink; an update is idempotent; a delink is sent once; the history is paged", () => {
    assert.deepStrictEqual(PartnerProgramsApi.link.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(PartnerProgramsApi.link.reversibility, Endpoint.reversible(PartnerProgramsApi.delink.id))
    assert.deepStrictEqual(PartnerProgramsApi.update.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(PartnerProgramsApi.update.reversibility, Endpoint.irreversible)
    assert.deepStrictEqual(PartnerProgramsApi.delink.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(PartnerProgramsApi.delink.reversibility, Endpoint.irreversible)
    assert.deepStrictEqual(PartnerProgramsApi.activityHistory.idempotency, Endpoint.read)
    const paging = PartnerProgramsApi.activityHistory.paging!
    assert.strictEqual(paging.style, "offset-limit")
    const page = Schema.decodeUnknownSync(PartnerProgram.ActivityHistory)(Examples.historyPageWithEvents)
    assert.strictEqual(paging.items(page).length, 3)
    const query = {
      source: "INSTORE",
      identifierName: "mobile",
      identifierValue: "919000000001",
      activityType: "LINKINGUPDATES"
    } as const
    assert.deepStrictEqual(paging.first(query), { ...query, offset: 0, limit: 10 })
    // three of a total of three: no next page
    assert.strictEqual(paging.next(paging.first(query), page), undefined)
  })

  it("maps every documented code to its named error, on the endpoints where it can occur", () => {
    const eventFailed = {
      2001: "PartnerProgramEventFailed",
      2010: "PartnerProgramEventFailed",
      2012: "PartnerProgramEventFailed"
    }
    assert.deepStrictEqual(codesOf(PartnerProgramsApi.link), {
      8015: "CustomerNotFound",
      ...eventFailed,
      2002: "InvalidPartnerRequest",
      2008: "InvalidPartnerRequest",
      2003: "PartnerTierExpiryInPast",
      2005: "PartnerLinkRefused",
      2006: "PartnerProgramNotFound",
      2007: "PartnerTierNotFound"
    })
    assert.deepStrictEqual(codesOf(PartnerProgramsApi.update), {
      8015: "CustomerNotFound",
      ...eventFailed,
      2002: "InvalidPartnerRequest",
      2008: "InvalidPartnerRequest",
      2009: "InvalidPartnerRequest",
      2003: "PartnerTierExpiryInPast",
      2004: "NotLinkedToPartnerProgram",
      2006: "PartnerProgramNotFound",
      2007: "PartnerTierNotFound"
    })
    assert.deepStrictEqual(codesOf(PartnerProgramsApi.delink), {
      8015: "CustomerNotFound",
      ...eventFailed,
      2008: "InvalidPartnerRequest",
      2004: "NotLinkedToPartnerProgram",
      2006: "PartnerProgramNotFound"
    })
    assert.deepStrictEqual(codesOf(PartnerProgramsApi.activityHistory), {
      8015: "CustomerNotFound",
      8003: "InvalidSource",
      ...eventFailed,
      2013: "InvalidPartnerRequest",
      2014: "InvalidPartnerRequest",
      2015: "InvalidPartnerRequest",
      2006: "PartnerProgramNotFound",
      2011: "PartnerActivityNotFound"
    })
    // every documented code is named somewhere
    const named = new Set(
      PartnerProgramsApi.endpoints.flatMap((endpoint) => Object.keys(codesOf(endpoint)).map(Number))
    )
    for (const [code] of Examples.errorCodes) assert.isTrue(named.has(code), String(code))
  })

  it("serialises per customer when a request names one, by its first non-empty identifier", () => {
    const link = Schema.decodeUnknownSync(PartnerProgram.LinkRequest)(Examples.linkRequest)
    assert.strictEqual(PartnerProgramsApi.link.customerKey?.({ body: link }), "6215000000")
    const two = { linkCustomers: [...link.linkCustomers, { ...link.linkCustomers[0], customer: { email: "a@b.co" } }] }
    assert.strictEqual(
      PartnerProgramsApi.link.customerKey?.({ body: two as unknown as PartnerProgram.LinkRequest }),
      undefined
    )
    const delink = Schema.decodeUnknownSync(PartnerProgram.DelinkRequest)(Examples.delinkRequest)
    assert.strictEqual(PartnerProgramsApi.delink.customerKey?.({ body: delink }), "919800000000")
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of PartnerProgramsApi.endpoints) {
      for (const schema of [endpoint.query, endpoint.body, endpoint.success]) {
        if (schema === undefined) continue
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
