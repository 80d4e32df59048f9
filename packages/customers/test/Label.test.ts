/**
 * The label schemas: every documented example answer decodes (and encodes back to what it read), and requests
 * are validated as Capillary validates them before anything is sent.
 */
import { Envelope } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Label } from "../src/index.ts"
import { accepts, rejects, roundTrips } from "./fixtures/engagement.ts"
import * as Examples from "./fixtures/engagementExamples.ts"

describe("Label", () => {
  it("decodes every documented answer and encodes it back", () => {
    const added = roundTrips(Label.OrgLabelsAdded, Examples.addLabelsResponse)
    assert.deepStrictEqual(added.encoded, Examples.addLabelsResponse)

    for (const example of [Examples.orgLabelsV2Doc, Examples.orgLabelsRdm]) {
      const { decoded, encoded } = roundTrips(Label.OrgLabels, example)
      assert.deepStrictEqual(encoded, example)
      assert.strictEqual(decoded.data?.length, example.data.length)
    }
    const v2doc = accepts(Label.OrgLabels, Examples.orgLabelsV2Doc)
    assert.deepStrictEqual(v2doc.data?.map((label) => label.name), ["Fashion", "Premium", "GadgetFreak", "汉语"])
    // A stored label may have no description and an empty name.
    const rdm = accepts(Label.OrgLabels, Examples.orgLabelsRdm)
    assert.strictEqual(rdm.data?.find((label) => label.id === 20955)?.description, undefined)
    assert.strictEqual(rdm.data?.find((label) => label.id === 20956)?.name, "")

    for (const example of [Examples.changeLabelsV2Doc, Examples.changeLabelsRdm, Examples.changeLabelsUnknownLabel]) {
      assert.deepStrictEqual(roundTrips(Label.LabelsChanged, example).encoded, example)
    }
    const unknown = accepts(Label.LabelsChanged, Examples.changeLabelsUnknownLabel)
    assert.deepStrictEqual(unknown.warnings.map((warning) => warning.code), [33000])
    // The documented answer of a change that only removed labels the customer did not have: warnings, no entity.
    const nothing = accepts(Label.LabelsChanged, Examples.changeLabelsNoUserLabels)
    assert.strictEqual(nothing.entity, undefined)
    assert.deepStrictEqual(nothing.warnings.map((warning) => warning.code), [33001])

    for (const example of [Examples.customerLabelsV2Doc, Examples.customerLabelsRdm, Examples.customerLabelsNone]) {
      assert.deepStrictEqual(roundTrips(Label.CustomerLabels, example).encoded, example)
    }
    assert.strictEqual(accepts(Label.CustomerLabels, Examples.customerLabelsNone).data, undefined)
    assert.deepStrictEqual(
      accepts(Label.CustomerLabels, Examples.customerLabelsRdm).data?.map((label) => label.labelId),
      [20942, 20948, 20949, 20952, 20957]
    )

    for (const example of [Examples.searchV2Doc, Examples.searchRdm]) {
      const { decoded, encoded } = roundTrips(Label.LabelSearchResult, example)
      assert.deepStrictEqual(encoded, example)
      assert.strictEqual(decoded.data.length, example.pagination.total)
    }
  })

  it("reads the documented 8015 answer of a change as a failure with that code", () => {
    const outcome = Envelope.read("v2", 400, Examples.changeLabelsCustomerNotFound)
    assert.strictEqual(outcome._tag, "Failure")
    assert.strictEqual(outcome._tag === "Failure" ? outcome.code : undefined, 8015)
  })

  it("validates an add: one label or more, names not blank and not repeated", () => {
    const request = {
      orgLabels: [{ name: "Premium", description: "Customers whose purchase value is more than $4000" }]
    }
    assert.deepStrictEqual<unknown>(accepts(Label.OrgLabelsAdd, request), request)
    accepts(Label.OrgLabelsAdd, { orgLabels: [{ name: "GadgetFreak" }] })
    rejects(Label.OrgLabelsAdd, { orgLabels: [] })
    rejects(Label.OrgLabelsAdd, { orgLabels: [{ name: "  " }] })
    rejects(Label.OrgLabelsAdd, { orgLabels: [{ description: "no name" }] })
    assert.include(rejects(Label.OrgLabelsAdd, { orgLabels: [{ name: "A" }, { name: "A" }] }), "appears twice")
  })

  it("validates a change: at least one label, none both added and removed, no blank name", () => {
    accepts(Label.ChangeLabels, { add: [{ labelName: "GadgetFreak" }, { labelName: "Premium" }] })
    accepts(Label.ChangeLabels, { remove: [{ labelName: "Premium" }] })
    accepts(Label.ChangeLabels, { add: [{ labelName: "A" }], remove: [{ labelName: "B" }] })
    assert.include(rejects(Label.ChangeLabels, {}), "at least one label")
    assert.include(rejects(Label.ChangeLabels, { add: [], remove: [] }), "at least one label")
    assert.include(
      rejects(Label.ChangeLabels, { add: [{ labelName: "A" }], remove: [{ labelName: "A" }] }),
      "both added and removed"
    )
    rejects(Label.ChangeLabels, { remove: [{ labelName: "" }] })
  })

  it("validates a search: q not blank, offset 0 or more, limit -1 or 1 or more", () => {
    assert.deepStrictEqual(accepts(Label.SearchQuery, { q: "pre", offset: "10", limit: "-1" }), {
      q: "pre",
      offset: 10,
      limit: -1
    })
    assert.deepStrictEqual(Schema.encodeUnknownSync(Label.SearchQuery)({ q: "pre", limit: 5 }), {
      q: "pre",
      limit: "5"
    })
    rejects(Label.SearchQuery, { q: " " })
    rejects(Label.SearchQuery, { q: "pre", offset: "-1" })
    rejects(Label.SearchQuery, { q: "pre", limit: "0" })
    rejects(Label.SearchQuery, { q: "pre", limit: "-2" })
    rejects(Label.SearchQuery, { q: "pre", limit: "ten" })
  })
})
