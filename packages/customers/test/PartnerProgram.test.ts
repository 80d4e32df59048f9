/** The partner program schemas: every documented example decodes (and encodes back), conflicts read both ways. */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { PartnerProgram } from "../src/index.ts"
import * as Examples from "./fixtures/accessPartnerPrograms.ts"

const decode = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success as S["Type"]
}

const refusal = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

const roundTrip = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) =>
  assert.deepStrictEqual(Schema.encodeSync(schema)(decode(schema, input)), input)

describe("PartnerProgram", () => {
  it("decodes every documented request, and encodes it back", () => {
    for (const example of [Examples.linkRequestV1, Examples.linkRequest, Examples.linkRequestApparel]) {
      roundTrip(PartnerProgram.LinkRequest, example)
    }
    roundTrip(PartnerProgram.UpdateRequest, Examples.updateRequestV1)
    roundTrip(PartnerProgram.UpdateRequest, Examples.updateRequest)
    // the documented delink sends the mobile number as a JSON number: read as a string, sent as one
    const delink = decode(PartnerProgram.DelinkRequest, Examples.delinkRequest)
    assert.strictEqual(delink.deLinkCustomers[0].customer.mobile, "919800000000")
    assert.deepStrictEqual(PartnerProgram.identifierOf(delink.deLinkCustomers[0].customer), {
      type: "mobile",
      value: "919800000000"
    })
    assert.deepStrictEqual(
      delink.deLinkCustomers[0].deLinkFromPartnerPrograms.map(({ partnerProgramName }) => partnerProgramName),
      ["1stProgram", "p3e1"]
    )
  })

  it("decodes every documented answer of link, update and delink, and encodes it back", () => {
    roundTrip(PartnerProgram.LinkResult, Examples.linkResponseV1)
    roundTrip(PartnerProgram.LinkResult, Examples.linkResponse)
    roundTrip(PartnerProgram.UpdateResult, Examples.updateResponse)
    roundTrip(PartnerProgram.DelinkResult, Examples.delinkResponse)
    const refused = decode(PartnerProgram.LinkResult, Examples.linkResponseV1).linkCustomers[0]!
    assert.deepStrictEqual(refused.linkToPartnerPrograms[0]!.partnerLinkStatus, {
      status: false,
      code: 2001,
      message: "partner program event failed"
    })
  })

  it("reads a delink answer in the update's shape (one documentation page) as a delink answer", () => {
    const delink = decode(PartnerProgram.DelinkResult, Examples.delinkResponseUpdateShaped)
    assert.deepStrictEqual(delink.deLinkCustomers[0]!.deLinkFromPartnerPrograms, [{
      partnerProgramName: "1stProgram",
      partnerDeLinkStatus: { status: true, message: "Success", code: 200 }
    }])
    assert.strictEqual(delink.deLinkCustomers[0]!.customer.id, 382741349)
  })

  it("decodes the documented history: both pages, and the single program record", () => {
    for (const example of [Examples.historyPageWithNotes, Examples.historyPageWithEvents]) {
      roundTrip(PartnerProgram.ActivityHistory, example)
    }
    const page = decode(PartnerProgram.ActivityHistory, Examples.historyPageWithEvents)
    assert.deepStrictEqual(page.pagination, { limit: 10, offset: 0, total: 3 })
    assert.deepStrictEqual(
      page.data[1]!.customerActivityHistory.map(({ activityType }) => activityType),
      ["PARTNER_PROGRAM_EARLY_EXPIRY", "SUPPLEMENTARY_MEMBERSHIP_STARTED"]
    )
    const record = decode(PartnerProgram.ProgramActivity, Examples.historyRecord)
    assert.strictEqual(record.customerActivityHistory[0]!.benefitDetails?.billNumber, "string")
    assert.strictEqual(record.partnerProgramDetails.benefitsSummary?.[0]?.maximumAvailableInCycle, 0)
  })

  it("reads the documented history query without regard to case, and refuses its interval of over a year", () => {
    // the documented example asks for 21 months, which Capillary's own 2013 refuses
    assert.include(refusal(PartnerProgram.ActivityHistoryQuery, Examples.historyQuery), "at most a year")
    const query = decode(PartnerProgram.ActivityHistoryQuery, {
      ...Examples.historyQuery,
      endDate: "2020-10-29 12:11:45"
    })
    assert.deepStrictEqual(
      [query.source, query.activityType, query.partnerProgramId, query.startDate],
      ["INSTORE", "BENEFITSAVAILED", 35, "2020-01-29 12:11:45"]
    )
    assert.strictEqual(
      PartnerProgram.parseQueryDate("2020-01-29 12:11:45"),
      Date.parse("2020-01-29T12:11:45Z")
    )
    const linking = { source: "INSTORE", identifierName: "mobile", identifierValue: "919000000001" }
    for (const activityType of ["linkingUpdates", "LINKING_UPDATES", "LINKINGUPDATES"]) {
      assert.strictEqual(
        decode(PartnerProgram.ActivityHistoryQuery, { ...linking, activityType }).activityType,
        "LINKINGUPDATES"
      )
    }
    assert.include(
      refusal(PartnerProgram.ActivityHistoryQuery, {
        ...linking,
        activityType: "linkingUpdates",
        startDate: "2024-01-01"
      }),
      "dates are only taken with activityType=BENEFITSAVAILED"
    )
    assert.include(
      refusal(PartnerProgram.ActivityHistoryQuery, { ...linking, activityType: "everything" }),
      "activityType"
    )
    assert.include(
      refusal(PartnerProgram.ActivityHistoryQuery, { ...linking, activityType: "linkingUpdates", limit: "11" }),
      "limit"
    )
  })

  it("refuses requests Capillary refuses: no customer, bad identifiers, bad dates, more than 50 programs", () => {
    const program = { partnerProgramName: "Apparel-Partner", customerPartnerReference: { partnerMembershipId: "m-1" } }
    const request = (customer: unknown, programs: ReadonlyArray<unknown> = [program]) => ({
      linkCustomers: [{ customer, linkToPartnerPrograms: programs }]
    })
    assert.include(
      refusal(PartnerProgram.LinkRequest, request({ mobile: "", email: "", externalId: "" })),
      "a customer is named by a mobile number, an email or an external id"
    )
    assert.include(refusal(PartnerProgram.LinkRequest, request({ mobile: "12" })), "a mobile number is 8 to 15 digits")
    assert.include(refusal(PartnerProgram.LinkRequest, request({ email: "tom" })), "an email address")
    assert.include(
      refusal(
        PartnerProgram.LinkRequest,
        request({ externalId: "tom-1" }, [{
          ...program,
          customerPartnerReference: { partnerMembershipId: "m-1", partnerTierExpiryDate: "2022-12-29" }
        }])
      ),
      "ISO-8601"
    )
    const fifty = Array.from({ length: 50 }, (_, i) => ({ ...program, partnerProgramName: `p${i}` }))
    decode(PartnerProgram.LinkRequest, request({ externalId: "tom-1" }, fifty))
    assert.include(
      refusal(PartnerProgram.LinkRequest, request({ externalId: "tom-1" }, [...fifty, program])),
      "at most 50 partner programs"
    )
    const update = Examples.updateRequest.customersPartnerUpdates[0].partnerProgramUpdates[0]
    assert.include(
      refusal(PartnerProgram.UpdateRequest, {
        customersPartnerUpdates: [{
          customer: { mobile: "919740000000" },
          partnerProgramUpdates: [{ ...update, updateType: "PROMOTE" }]
        }]
      }),
      "updateType"
    )
    assert.strictEqual(decode(PartnerProgram.UpdateType, "renew"), "RENEW")
  })
})
