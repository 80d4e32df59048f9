/**
 * The web app's reading of the catalog's JSON Schemas: every operation's parts become form fields, and what a form
 * holds becomes the value the server decodes.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Catalog from "../server/Catalog.ts"
import { type Definitions, fieldOf, type JsonSchema, setIn, toValue, variantOf } from "../src/schema.ts"

const operations = Catalog.make().map((entry) => entry.operation)
const operation = (id: string) => operations.find((candidate) => candidate.id === id)!
const part = (id: string, name: "path" | "query" | "body") => {
  const document = operation(id).input[name]!
  return { schema: document.schema as JsonSchema, definitions: document.definitions as Definitions }
}

/** A value without its empty strings: what a form sends for fields left empty. */
const withoutEmpty = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutEmpty)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).filter(([, inner]) => inner !== "").map(([name, inner]) => [name, withoutEmpty(inner)])
    )
  }
  return value
}

describe("forms from the catalog's schemas", () => {
  it("reads every part of every operation as a field, and its example back unchanged", () => {
    for (const candidate of operations) {
      for (const name of ["path", "query", "body"] as const) {
        const document = candidate.input[name]
        if (document === undefined) continue
        const schema = document.schema as JsonSchema
        const field = fieldOf(schema, document.definitions as Definitions)
        assert.notStrictEqual(field.kind, "json", `${candidate.id} ${name}`)
        const example = candidate.example[name]
        if (example === undefined) continue
        assert.deepStrictEqual(
          toValue(schema, example, document.definitions as Definitions),
          withoutEmpty(example),
          `${candidate.id} ${name}`
        )
      }
    }
  })

  it("leaves empty fields out, parses numbers, and keeps what does not parse for the server to name", () => {
    const { definitions, schema } = part("customers.lookup", "query")
    assert.deepStrictEqual(
      toValue(schema, { source: "INSTORE", identifierName: "mobile", identifierValue: "" }, definitions),
      { source: "INSTORE", identifierName: "mobile" }
    )
    const issue = part("rewards.issueCoupon", "body")
    assert.deepStrictEqual(toValue(issue.schema, { seriesId: "5003", customer: { id: "100001" } }, issue.definitions), {
      seriesId: 5003,
      customer: { id: 100001 }
    })
    assert.deepStrictEqual(toValue(issue.schema, { seriesId: "five", customer: {} }, issue.definitions), {
      seriesId: "five",
      customer: {}
    })
  })

  it("splits lists of plain values on commas", () => {
    const { definitions, schema } = part("rewards.getCouponSeries", "query")
    assert.strictEqual(fieldOf(schema.properties!.ids!, definitions).kind, "list")
    assert.deepStrictEqual(toValue(schema, { ids: "5001, 5003," }, definitions), { ids: ["5001", "5003"] })
  })

  it("tells the variants of a union apart by their tag", () => {
    const { definitions, schema } = part("usergroups.transferPoints", "body")
    const from = fieldOf(schema.properties!.fromEntity!, definitions)
    assert.strictEqual(from.kind, "union")
    if (from.kind !== "union") return
    assert.deepStrictEqual(from.variants.map((variant) => variant.label), ["CUSTOMER", "USERGROUP2"])
    assert.strictEqual(variantOf(from, { type: "USERGROUP2", identifierValue: "demo-family" }, definitions), 1)
    assert.strictEqual(variantOf(from, { type: "CUSTOMER" }, definitions), 0)
  })

  it("sends a bill amount given as a number or as text", () => {
    const { definitions, schema } = part("rewards.redeemCoupons", "body")
    assert.strictEqual(fieldOf(schema.properties!.billAmount!, definitions).kind, "numberOrString")
    const base = { redemptionRequestList: [{ code: "WELCOME" }], user: { id: 100001 } }
    assert.deepStrictEqual(toValue(schema, { ...base, billAmount: "250" }, definitions), { ...base, billAmount: 250 })
    assert.deepStrictEqual(toValue(schema, { ...base, billAmount: "2,000" }, definitions), {
      ...base,
      billAmount: "2,000"
    })
  })

  it("sets values deep in a draft without changing the original", () => {
    const draft = { profiles: [{ identifiers: [{ type: "mobile" }] }] }
    const next = setIn(draft, ["profiles", 0, "identifiers", 0, "value"], "919000000042")
    assert.deepStrictEqual(next, { profiles: [{ identifiers: [{ type: "mobile", value: "919000000042" }] }] })
    assert.deepStrictEqual(draft, { profiles: [{ identifiers: [{ type: "mobile" }] }] })
  })
})
