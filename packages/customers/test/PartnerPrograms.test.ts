/**
 * The partner programs service against a scripted server over a real socket: what each operation sends, the
 * named errors of refused statuses (`linkOne` and the others, `errorOf`) and of whole calls, the history as pages
 * and as a stream, and how an ambiguous link or delink is reconciled from the linking history.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import {
  CustomerErrors,
  type PartnerProgram,
  PartnerProgramErrors,
  PartnerPrograms,
  PartnerProgramsApi
} from "../src/index.ts"
import { partnerProgramsAt } from "./fixtures/access.ts"
import * as Examples from "./fixtures/accessPartnerPrograms.ts"
import { failure, serve } from "./fixtures/capillary.ts"

const customer: PartnerProgram.PartnerCustomer = { mobile: "919740390055", email: "", externalId: "" }
const program: PartnerProgram.LinkToProgram = {
  partnerProgramName: "Apparel-Partner",
  customerPartnerReference: { partnerMembershipId: "App-919886886886", partnerTierName: "Bronze" }
}
const upgrade: PartnerProgram.ProgramUpdate = {
  partnerProgramName: "Apparel-Partner",
  updateType: "UPGRADE",
  updateDetails: { updatedTierName: "Silver" }
}
const history: PartnerProgram.ActivityHistoryQuery = {
  source: "INSTORE",
  identifierName: "mobile",
  identifierValue: "919740390055",
  activityType: "LINKINGUPDATES"
}

/** Any error class, for `instanceOf` over a list of different ones. */
type ErrorClass = new(...args: ReadonlyArray<any>) => unknown

const found = {
  id: 316726161,
  mobile: "919740390055",
  status: { status: true, code: 1000, message: "Customer successfully retrieved" }
}
const done = { status: true, code: 200, message: "Success" }
const refused = (code: number, message: string) => ({ status: false, code, message })

const linkAnswer = (status: PartnerProgram.ItemStatus, customerStatus = found) => ({
  linkCustomers: [{
    customer: customerStatus,
    linkToPartnerPrograms: [{ partnerProgramName: "Apparel-Partner", partnerLinkStatus: status }]
  }],
  warnings: []
})

/** A history page of programs, as the emulator and Capillary send it. */
const historyPage = (
  programs: ReadonlyArray<{ readonly name: string; readonly linked: boolean; readonly membershipId?: string }>,
  offset = 0,
  total = programs.length
) => ({
  pagination: { limit: 10, offset, total },
  data: programs.map((entry, i) => ({
    partnerProgramDetails: {
      partnerProgramId: offset + i + 1,
      partnerProgramName: entry.name,
      ...(entry.membershipId === undefined ? {} : { partnerMembershipId: entry.membershipId }),
      linked: entry.linked,
      tierBased: false
    },
    customerActivityHistory: []
  })),
  warnings: [],
  errors: []
})

describe("PartnerPrograms", () => {
  it.live("sends each operation to its route and answers the documented bodies", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.path.endsWith("linkCustomer")
          ? { json: Examples.linkResponse }
          : request.path.endsWith("customerPartnerProgramUpdate")
          ? { json: Examples.updateResponse }
          : request.path.endsWith("deLinkCustomer")
          ? { json: Examples.delinkResponse }
          : { json: Examples.historyPageWithEvents }
      )
      const partners = yield* partnerProgramsAt(server.url)
      const linked = yield* partners.link({ linkCustomers: [{ customer, linkToPartnerPrograms: [program] }] })
      assert.strictEqual(linked.linkCustomers[0]!.linkToPartnerPrograms.length, 3)
      const updated = yield* partners.update({
        customersPartnerUpdates: [{ customer, partnerProgramUpdates: [upgrade] }]
      })
      assert.strictEqual(updated.customersPartnerUpdates[0]!.partnerProgramUpdates[0]!.updateType, "UPGRADE")
      const delinked = yield* partners.delink({
        deLinkCustomers: [{ customer, deLinkFromPartnerPrograms: [{ partnerProgramName: "1stProgram" }] }]
      })
      assert.strictEqual(delinked.deLinkCustomers[0]!.deLinkFromPartnerPrograms[0]!.partnerDeLinkStatus.code, 200)
      const page = yield* partners.activityHistory({ ...history, partnerProgramType: "EXTERNAL", limit: 5, offset: 0 })
      assert.strictEqual(page.data.length, 3)
      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/partnerProgram/linkCustomer", {}],
        ["POST", "/v2/partnerProgram/customerPartnerProgramUpdate", {}],
        ["POST", "/v2/partnerProgram/deLinkCustomer", {}],
        ["GET", "/v2/partnerProgram/customerActivityHistory", {
          source: "INSTORE",
          identifierName: "mobile",
          identifierValue: "919740390055",
          activityType: "LINKINGUPDATES",
          partnerProgramType: "EXTERNAL",
          limit: "5",
          offset: "0"
        }]
      ])
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, {
        linkCustomers: [{ customer, linkToPartnerPrograms: [program] }]
      })
    }))

  it.live("linkOne, updateOne and delinkOne fail with the named error of a refused status", () =>
    Effect.gen(function*() {
      let next: unknown = linkAnswer(done)
      const server = yield* serve(() => ({ json: next }))
      const partners = yield* partnerProgramsAt(server.url)
      yield* partners.linkOne(customer, program)
      const linkCases = [
        [2005, PartnerProgramErrors.PartnerLinkRefused],
        [2006, PartnerProgramErrors.PartnerProgramNotFound],
        [2007, PartnerProgramErrors.PartnerTierNotFound],
        [2003, PartnerProgramErrors.PartnerTierExpiryInPast],
        [2002, PartnerProgramErrors.InvalidPartnerRequest],
        [2001, PartnerProgramErrors.PartnerProgramEventFailed],
        // a code the link does not name
        [2099, PartnerProgramErrors.PartnerProgramEventFailed]
      ] as const
      for (const [code, error] of linkCases) {
        next = linkAnswer(refused(code, "refused"))
        const failed = yield* Effect.flip(partners.linkOne(customer, program))
        assert.instanceOf(failed, error as ErrorClass)
        assert.strictEqual((failed as { code: number }).code, code)
      }
      next = linkAnswer(refused(8015, "Customer not found"), {
        ...found,
        status: refused(8015, "Customer not found for the given identifiers")
      })
      assert.instanceOf(yield* Effect.flip(partners.linkOne(customer, program)), CustomerErrors.CustomerNotFound)

      next = {
        customersPartnerUpdates: [{
          customer: found,
          partnerProgramUpdates: [{
            partnerProgramName: "Apparel-Partner",
            updateStatus: refused(2004, "Link the customer")
          }]
        }],
        warnings: []
      }
      assert.instanceOf(
        yield* Effect.flip(partners.updateOne(customer, upgrade)),
        PartnerProgramErrors.NotLinkedToPartnerProgram
      )
      next = {
        deLinkCustomers: [{
          customer: found,
          deLinkFromPartnerPrograms: [{ partnerProgramName: "Apparel-Partner", partnerDeLinkStatus: done }]
        }],
        warnings: []
      }
      yield* partners.delinkOne(customer, "Apparel-Partner")
      next = { deLinkCustomers: [{ customer: found, deLinkFromPartnerPrograms: [] }], warnings: [] }
      assert.instanceOf(
        yield* Effect.flip(partners.delinkOne(customer, "Apparel-Partner")),
        PartnerProgramErrors.PartnerProgramEventFailed
      )

      // errorOf maps by the endpoint's own declaration
      assert.instanceOf(
        PartnerPrograms.errorOf(PartnerProgramsApi.delink, refused(2004, "x")),
        PartnerProgramErrors.NotLinkedToPartnerProgram
      )
      assert.instanceOf(
        PartnerPrograms.errorOf(PartnerProgramsApi.link, refused(2004, "x")),
        PartnerProgramErrors.PartnerProgramEventFailed
      )
      assert.strictEqual(
        PartnerPrograms.errorOf(PartnerProgramsApi.link, refused(2006, "call 919740390055")).message,
        "call <redacted>"
      )
    }))

  it.live("turns whole-call codes into named errors", () =>
    Effect.gen(function*() {
      let next = failure(2008, "Cannot process if partner program limit is more than 50")
      const server = yield* serve(() => next)
      const partners = yield* partnerProgramsAt(server.url)
      assert.instanceOf(
        yield* Effect.flip(partners.link({ linkCustomers: [{ customer, linkToPartnerPrograms: [program] }] })),
        PartnerProgramErrors.InvalidPartnerRequest
      )
      next = failure(2009, "updateType supports only UPDATE, RENEW, DOWNGRADE")
      assert.instanceOf(
        yield* Effect.flip(partners.updateOne(customer, upgrade)),
        PartnerProgramErrors.InvalidPartnerRequest
      )
      for (
        const [code, error] of [
          [2011, PartnerProgramErrors.PartnerActivityNotFound],
          [2006, PartnerProgramErrors.PartnerProgramNotFound],
          [2013, PartnerProgramErrors.InvalidPartnerRequest],
          [2012, PartnerProgramErrors.PartnerProgramEventFailed],
          [8015, CustomerErrors.CustomerNotFound],
          [8003, CustomerErrors.InvalidSource]
        ] as const
      ) {
        next = failure(code, "refused")
        assert.instanceOf(yield* Effect.flip(partners.activityHistory(history)), error as ErrorClass)
      }
    }))

  it.live("streams every page of the history", () =>
    Effect.gen(function*() {
      const names = Array.from({ length: 13 }, (_, i) => ({ name: `p${i}`, linked: true }))
      const server = yield* serve((request) => {
        const offset = Number(request.query.offset)
        return { json: historyPage(names.slice(offset, offset + 10), offset, names.length) }
      })
      const partners = yield* partnerProgramsAt(server.url)
      const all = yield* Stream.runCollect(partners.activities(history))
      assert.deepStrictEqual(
        all.map((entry) => entry.partnerProgramDetails.partnerProgramName),
        names.map(({ name }) => name)
      )
      assert.deepStrictEqual(server.sent.map(({ query }) => [query.offset, query.limit]), [["0", "10"], ["10", "10"]])
    }))

  it.live("an ambiguous link found linked with the same membership id was done", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.method === "POST"
          ? "reset"
          : { json: historyPage([{ name: "Apparel-Partner", linked: true, membershipId: "App-919886886886" }]) }
      )
      const partners = yield* partnerProgramsAt(server.url)
      yield* partners.linkOne(customer, program)
      assert.deepStrictEqual(
        server.sent.map(({ method, query }) => [method, query.identifierValue, query.activityType]),
        [
          ["POST", undefined, undefined],
          ["GET", "919740390055", "LINKINGUPDATES"]
        ]
      )
    }))

  it.live("an ambiguous link not found in the history was not done: it is sent again", () =>
    Effect.gen(function*() {
      let posts = 0
      const server = yield* serve((request) => {
        if (request.method === "GET") return failure(2011, "Cannot find partner program activity for the customer")
        posts++
        return posts === 1 ? "reset" : { json: linkAnswer(done) }
      })
      const partners = yield* partnerProgramsAt(server.url)
      yield* partners.linkOne(customer, program)
      assert.deepStrictEqual(server.sent.map(({ method }) => method), ["POST", "GET", "POST"])
    }))

  it.live("an ambiguous link of two programs found half done stays ambiguous", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.method === "POST"
          ? "reset"
          : { json: historyPage([{ name: "Apparel-Partner", linked: true, membershipId: "App-919886886886" }]) }
      )
      const partners = yield* partnerProgramsAt(server.url)
      const error = yield* Effect.flip(partners.link({
        linkCustomers: [{ customer, linkToPartnerPrograms: [program, { ...program, partnerProgramName: "Riders" }] }]
      }))
      assert(error._tag === "CapillaryError")
      assert.strictEqual(error.reason._tag, "AmbiguousOutcome")
      assert.strictEqual(server.sent.filter(({ method }) => method === "POST").length, 1)
    }))

  it.live("an ambiguous delink found no longer linked was done; one still linked is sent again", () =>
    Effect.gen(function*() {
      let linked = false
      let resetNext = true
      const server = yield* serve((request) => {
        if (request.method === "GET") return { json: historyPage([{ name: "Apparel-Partner", linked }]) }
        if (resetNext) {
          resetNext = false
          return "reset"
        }
        return {
          json: {
            deLinkCustomers: [{
              customer: found,
              deLinkFromPartnerPrograms: [{ partnerProgramName: "Apparel-Partner", partnerDeLinkStatus: done }]
            }],
            warnings: []
          }
        }
      })
      const partners = yield* partnerProgramsAt(server.url)
      yield* partners.delinkOne(customer, "Apparel-Partner")
      assert.deepStrictEqual(server.sent.map(({ method }) => method), ["POST", "GET"])
      linked = true
      resetNext = true
      yield* partners.delinkOne(customer, "Apparel-Partner")
      assert.deepStrictEqual(server.sent.map(({ method }) => method), ["POST", "GET", "POST", "GET", "POST"])
    }))
})
