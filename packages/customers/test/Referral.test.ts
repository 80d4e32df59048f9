/**
 * The referral schemas: every documented example answer decodes (and encodes back where the wire form is
 * stable), and requests are validated before anything is sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Referral } from "../src/index.ts"
import { accepts, rejects, roundTrips } from "./fixtures/engagement.ts"
import * as Examples from "./fixtures/engagementExamples.ts"

describe("Referral", () => {
  it("decodes every documented v2 answer and encodes it back", () => {
    const added = roundTrips(Referral.ReferralsAdded, Examples.addReferralsRdm)
    assert.deepStrictEqual(added.encoded, Examples.addReferralsRdm)
    assert.strictEqual(added.decoded.customerReferrals[0]?.referrals[0]?.referral[0]?.invitedOn, "2021-12-16 13:15:45")

    for (const example of [Examples.lookupReferralsRdm, Examples.lookupReferralsRdmLater]) {
      const { decoded, encoded } = roundTrips(Referral.Referrals, example)
      assert.deepStrictEqual(encoded, example)
      assert.strictEqual(decoded.data[0]?.referralCode, "testgrp3rp5ZKo")
      assert.strictEqual(decoded.data[0]?.customer.profiles[0]?.identifiers?.length, 3)
    }
  })

  it("accepts the documented add request, and checks each invitee's identifier against its type", () => {
    const request = {
      customerReferrals: [{
        customer: { id: 420007388, mobile: "918867710031", email: "tom.swayer@capillarytech.com", externalId: "" },
        campaignToken: "CWRME",
        referrals: [{
          type: "MOBILE",
          referral: [{ name: "some random name", identifier: "918867710032", invitedOn: "2021-12-16 13:15:45" }]
        }]
      }]
    }
    assert.deepStrictEqual<unknown>(accepts(Referral.ReferralsAdd, request), request)
    const group = request.customerReferrals[0]!.referrals[0]!
    const withGroup = (changed: object) => ({
      customerReferrals: [{ ...request.customerReferrals[0], referrals: [{ ...group, ...changed }] }]
    })
    accepts(
      Referral.ReferralsAdd,
      withGroup({
        type: "EMAIL",
        referral: [{ identifier: "ann@example.com", invitedOn: "2021-12-16T13:15:45+05:30" }]
      })
    )
    assert.include(
      rejects(Referral.ReferralsAdd, withGroup({ type: "EMAIL", referral: group.referral })),
      "not a valid email identifier"
    )
    rejects(
      Referral.ReferralsAdd,
      withGroup({ referral: [{ identifier: "7999836", invitedOn: "2021-12-16 13:15:45" }] })
    )
    rejects(Referral.ReferralsAdd, withGroup({ type: "SMS" }))
    rejects(Referral.ReferralsAdd, withGroup({ referral: [{ identifier: "918867710032", invitedOn: "yesterday" }] }))
    rejects(Referral.ReferralsAdd, withGroup({ referral: [] }))
    rejects(Referral.ReferralsAdd, { customerReferrals: [] })
    assert.isTrue(Referral.identifierFits("MOBILE", "918867710032"))
    assert.isFalse(Referral.identifierFits("FAX", "918867710032"))
  })

  it("decodes every documented v1.1 answer, with its loose numbers and wrapped lists", () => {
    const doc = accepts(Referral.V11ReferResult, Examples.referV11Doc)
    const [referrer] = doc.response.customers.customer
    assert.strictEqual(referrer?.id, 4596849)
    assert.deepStrictEqual(referrer?.referrals?.referral_type.map((group) => group.referral.length), [2, 2])

    const rdm = accepts(Referral.V11ReferResult, Examples.referV11Rdm)
    assert.strictEqual(rdm.response.customers.customer[0]?.email, null)
    const invalid = accepts(Referral.V11ReferResult, Examples.referV11InvalidIdentifier)
    const status = invalid.response.customers.customer[0]?.referrals?.referral_type[0]?.referral[0]?.status
    assert.deepStrictEqual([status?.success, status?.code], [false, 1701])
    // The referrer's item succeeded: 1701 is the invitee's own status.
    assert.isTrue(invalid.response.customers.customer[0]?.item_status.success)
    for (const decoded of [doc, rdm, invalid]) {
      const encoded = Schema.encodeUnknownSync(Referral.V11ReferResult)(decoded)
      assert.deepStrictEqual(accepts(Referral.V11ReferResult, encoded), decoded)
    }

    const stats = accepts(Referral.V11Referrals, Examples.referralsV11Doc)
    assert.strictEqual(stats.response.customer.referral_code, "DJK39")
    assert.deepStrictEqual(
      stats.response.customer.invitees?.referral_type.map((group) => group.invitee.map((invitee) => invitee.success)),
      [[undefined, undefined, undefined], [true, false, true]]
    )
    assert.deepStrictEqual(stats.response.customer.referees?.referee.map((referee) => referee.user_id), [
      1494955,
      1494915
    ])
    assert.isFalse(Array.isArray(stats.response.customer.incentives))

    const rdmStats = accepts(Referral.V11Referrals, Examples.referralsV11Rdm)
    assert.strictEqual(rdmStats.response.customer.referral_code, "1mba0dlo5")
    assert.deepStrictEqual(rdmStats.response.customer.incentives, [])
    assert.strictEqual(rdmStats.response.customer.referees?.referee[0]?.firstname, null)
    for (const decoded of [stats, rdmStats]) {
      const encoded = Schema.encodeUnknownSync(Referral.V11Referrals)(decoded)
      assert.deepStrictEqual(accepts(Referral.V11Referrals, encoded), decoded)
    }
  })

  it("accepts the documented v1.1 referral requests, and needs a referrer's identifier", () => {
    accepts(Referral.V11ReferRequest, {
      root: {
        customer: [{
          mobile: "7999836466",
          referrals: {
            campaign_token: "J0H7Q",
            referral_type: {
              type: "MOBILE",
              referral: [{ id: "", invited_on: "20240910T16:35:52.pV7BF", name: "Shikhar", identifier: "7999836416" }]
            }
          }
        }]
      }
    })
    const decoded = accepts(Referral.V11ReferRequest, {
      root: {
        customer: [{
          mobile: "9174116390xx",
          referrals: {
            campaign_token: "12511",
            referral_type: {
              type: "EMAIL",
              referral: [
                {
                  id: "1",
                  name: "Dexter Morgan",
                  identifier: "dexter.morgan@mpd.com",
                  invited_on: "20160912T15:19:21+05:30"
                },
                { id: "3", name: "Eddard ‘Ned’ Stark", identifier: "eddard.stark@winterfell.com" }
              ]
            }
          }
        }]
      }
    })
    assert.strictEqual(decoded.root.customer[0]!.referrals.referral_type[0]!.referral.length, 2)
    const referrer = { referrals: { referral_type: [{ type: "MOBILE", referral: [{ identifier: "919000000001" }] }] } }
    assert.include(rejects(Referral.V11Referrer, referrer), "names the customer")
    rejects(Referral.V11Referrer, {
      mobile: "919000000002",
      referrals: { referral_type: [{ type: "FAX", referral: [{ identifier: "1" }] }] }
    })
  })

  it("validates the read queries", () => {
    assert.deepStrictEqual(accepts(Referral.ReferralsQuery, { campaignToken: "CWRME", offset: "10", limit: "5" }), {
      campaignToken: "CWRME",
      offset: 10,
      limit: 5
    })
    rejects(Referral.ReferralsQuery, { limit: "0" })
    rejects(Referral.ReferralsQuery, { campaignToken: "" })
    accepts(Referral.ReferralsLookupQuery, {
      source: "INSTORE",
      identifierName: "mobile",
      identifierValue: "919777785205",
      campaignToken: "SL7UN"
    })
    rejects(Referral.ReferralsLookupQuery, {
      source: "INSTORE",
      identifierName: "mobile",
      identifierValue: "919777785205"
    })
    assert.include(
      rejects(Referral.ReferralsLookupQuery, {
        source: "INSTORE",
        identifierName: "email",
        identifierValue: "not-an-email",
        campaignToken: "SL7UN"
      }),
      "email"
    )
    rejects(Referral.ValidateQuery, { code: " " })
    assert.deepStrictEqual(
      accepts(Referral.V11ReferralsQuery, {
        mobile: "9197407983",
        only_referral_code: "true",
        start_date: "2020-01-29"
      }),
      { mobile: "9197407983", only_referral_code: true, start_date: "2020-01-29" }
    )
    rejects(Referral.V11ReferralsQuery, { mobile: "9197407983", start_date: "29-01-2020" })
    assert.include(rejects(Referral.V11ReferralsQuery, { campaign_token: "DJK39" }), "names the customer")
  })
})
