/**
 * The labels service against a scripted server over a real socket: what each operation sends, which errors come
 * back, what is refused before sending, how an ambiguous add is reconciled, and how a search is streamed.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Customer, CustomerErrors, LabelErrors } from "../src/index.ts"
import { failure, labelsAt, serve } from "./fixtures/engagement.ts"
import * as Examples from "./fixtures/engagementExamples.ts"

const tom = Customer.CustomerId.make(249598560)

describe("Labels", () => {
  it.live("sends each operation to its route", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.method === "POST" && request.path === "/v2/organization/labels"
          ? { json: Examples.addLabelsResponse }
          : request.path === "/v2/organization/labels"
          ? { json: Examples.orgLabelsV2Doc }
          : request.path.endsWith("/changeLabels")
          ? { json: Examples.changeLabelsV2Doc }
          : request.path.endsWith("/labels")
          ? { json: Examples.customerLabelsV2Doc }
          : { json: Examples.searchV2Doc }
      )
      const labels = yield* labelsAt(server.url)

      const added = yield* labels.addToOrganisation({ orgLabels: [{ name: "Premium", description: "Big spenders" }] })
      assert.strictEqual(added.entity, 1779)
      const listed = yield* labels.organisationLabels
      assert.strictEqual(listed.data?.length, 4)
      const changed = yield* labels.changeLabels(tom, {
        add: [{ labelName: "GadgetFreak" }],
        remove: [{ labelName: "Premium" }]
      })
      assert.strictEqual(changed.entity, tom)
      const own = yield* labels.customerLabels(tom)
      assert.strictEqual(own.data?.[0]?.labelName, "GadgetFreak")
      const found = yield* labels.search("boo", { offset: 0, limit: 10 })
      assert.strictEqual(found.pagination.total, 2)

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/organization/labels", {}],
        ["GET", "/v2/organization/labels", {}],
        ["POST", "/v2/customers/249598560/changeLabels", {}],
        ["GET", "/v2/customers/249598560/labels", {}],
        ["GET", "/v2/customers/labels/search", { q: "boo", offset: "0", limit: "10" }]
      ])
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, {
        orgLabels: [{ name: "Premium", description: "Big spenders" }]
      })
      assert.deepStrictEqual<unknown>(server.sent[2]!.body, {
        add: [{ labelName: "GadgetFreak" }],
        remove: [{ labelName: "Premium" }]
      })
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next = failure(33003, "Label Premium already exists in org")
      const server = yield* serve(() => next)
      const labels = yield* labelsAt(server.url)
      const add = labels.addToOrganisation({ orgLabels: [{ name: "Premium" }] })

      assert.instanceOf(yield* Effect.flip(add), LabelErrors.LabelExists)
      for (const code of [33004, 33005]) {
        next = failure(code, "Org max Label count exceed")
        const error = yield* Effect.flip(add)
        assert.instanceOf(error, LabelErrors.LabelLimitReached)
        assert.strictEqual(error.code, code)
      }
      next = failure(33006, "Org labels empty post payload")
      assert.instanceOf(yield* Effect.flip(add), LabelErrors.NoLabelsGiven)
      next = failure(33002, "Org labels not found")
      assert.instanceOf(yield* Effect.flip(labels.organisationLabels), LabelErrors.LabelsNotFound)

      // The documented 8015 answer of a change (no warnings key).
      next = { status: 400, json: Examples.changeLabelsCustomerNotFound }
      const notFound = yield* Effect.flip(labels.changeLabels(tom, { add: [{ labelName: "Premium" }] }))
      assert.instanceOf(notFound, CustomerErrors.CustomerNotFound)
      assert.strictEqual(notFound.code, 8015)
      next = failure(33000, "Premium label not found")
      assert.instanceOf(
        yield* Effect.flip(labels.changeLabels(tom, { add: [{ labelName: "Premium" }] })),
        LabelErrors.LabelNotFound
      )
      next = failure(33001, "User labels not found")
      assert.instanceOf(yield* Effect.flip(labels.customerLabels(tom)), LabelErrors.LabelsNotFound)
      next = failure(8015, "Customer not found for the given identifiers")
      assert.instanceOf(yield* Effect.flip(labels.customerLabels(tom)), CustomerErrors.CustomerNotFound)
      next = failure(8069, "Customer is merged into another account")
      assert.instanceOf(yield* Effect.flip(labels.customerLabels(tom)), CustomerErrors.CustomerMerged)
      assert.instanceOf(
        yield* Effect.flip(labels.changeLabels(tom, { add: [{ labelName: "Premium" }] })),
        CustomerErrors.CustomerMerged
      )
    }))

  it.live("reads warnings answers as lists with nothing in them", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.path.endsWith("/changeLabels")
          ? { json: Examples.changeLabelsNoUserLabels }
          : { json: Examples.customerLabelsNone }
      )
      const labels = yield* labelsAt(server.url)
      const own = yield* labels.customerLabels(tom)
      assert.strictEqual(own.data, undefined)
      assert.deepStrictEqual(own.warnings.map((warning) => warning.code), [33001])
      const changed = yield* labels.changeLabels(tom, { remove: [{ labelName: "Premium" }] })
      assert.strictEqual(changed.entity, undefined)
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: Examples.addLabelsResponse }))
      const labels = yield* labelsAt(server.url)
      const invalid: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        labels.addToOrganisation({ orgLabels: [{ name: " " }] }),
        labels.changeLabels(tom, {}),
        labels.search("", {}),
        labels.search("pre", { limit: 0 })
      ]
      for (const call of invalid) {
        const error = yield* Effect.flip(call)
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 0)
    }))

  it.live("resolves an add whose outcome is unknown by reading the organisation's labels", () =>
    Effect.gen(function*() {
      let listed: unknown = Examples.orgLabelsV2Doc
      let resets = 0
      const server = yield* serve((request) => {
        if (request.method === "POST") {
          resets++
          return resets === 1 ? "reset" : { json: { entity: 1779, warnings: [] } }
        }
        return { json: listed }
      })
      const labels = yield* labelsAt(server.url)

      // Both names are there: the add happened.
      const found = yield* labels.addToOrganisation({ orgLabels: [{ name: "Premium" }, { name: "Fashion" }] })
      assert.deepStrictEqual(found, { entity: 1779, warnings: [] })
      assert.deepStrictEqual(server.sent.map((sent) => sent.method), ["POST", "GET"])

      // None is there: it did not happen, and is sent again.
      resets = 0
      listed = { warnings: [{ status: false, code: 33002, message: "Org labels not found" }], errors: [] }
      const sentAgain = yield* labels.addToOrganisation({ orgLabels: [{ name: "Premium" }] })
      assert.strictEqual(sentAgain.entity, 1779)
      assert.deepStrictEqual(server.sent.slice(2).map((sent) => sent.method), ["POST", "GET", "POST"])

      // Only some are there: the outcome stays unknown.
      resets = 0
      listed = Examples.orgLabelsV2Doc
      const partly = yield* Effect.flip(labels.addToOrganisation({ orgLabels: [{ name: "Premium" }, { name: "New" }] }))
      assert.strictEqual(partly._tag === "CapillaryError" ? partly.reason._tag : "", "AmbiguousOutcome")
    }))

  it.live("streams every customer a search finds, page after page", () =>
    Effect.gen(function*() {
      const ids = Array.from({ length: 23 }, (_, i) => 100 + i)
      const server = yield* serve((request) => {
        const offset = Number(request.query.offset)
        const limit = Number(request.query.limit)
        const page = ids.slice(offset, offset + limit)
        return {
          json: {
            pagination: { limit, offset, total: ids.length },
            data: page.map((userId) => ({
              userId,
              customerLabels: [{ orgId: 1, labelId: 7, userId, labelName: "Premium" }]
            })),
            warnings: [],
            errors: []
          }
        }
      })
      const labels = yield* labelsAt(server.url)
      const all = yield* Stream.runCollect(labels.searchAll("Pre"))
      assert.deepStrictEqual(Array.from(all, (hit) => hit.userId), ids)
      assert.deepStrictEqual(server.sent.map((sent) => sent.query.offset), ["0", "10", "20"])
    }))
})
