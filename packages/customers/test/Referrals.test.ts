/**
 * The referrals service against a scripted server over a real socket: what each operation sends, which errors
 * come back (v2 envelopes and v1.1 item statuses), what an unknown outcome of an add becomes, and how invitees
 * are streamed.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Customer, CustomerErrors, ReferralErrors } from "../src/index.ts"
import { failure, referralsAt, serve } from "./fixtures/engagement.ts"
import * as Examples from "./fixtures/engagementExamples.ts"

const id = Customer.CustomerId.make(420007388)

const addition = {
  customerReferrals: [{
    customer: { id, mobile: "918867710031" },
    campaignToken: "CWRME",
    referrals: [{
      type: "MOBILE",
      referral: [{ name: "some random name", identifier: "918867710032", invitedOn: "2021-12-16 13:15:45" }]
    }]
  }]
} as const

const v11Failure = (code: number, message: string) => ({
  json: {
    response: {
      status: { success: "false", code: 500, message: "All requests have failed due to errors" },
      customers: { customer: [{ mobile: "919000000000", item_status: { success: "false", code, message } }] }
    }
  }
})

describe("Referrals", () => {
  it.live("sends each operation to its route", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.path === "/v2/referral/validate"
          ? { json: { entity: request.query.code === "testgrp3rp5ZKo", warnings: [] } }
          : request.method === "POST" && request.path.startsWith("/v2/")
          ? { json: Examples.addReferralsRdm }
          : request.path === "/v1.1/customer/referrals"
          ? { json: request.method === "POST" ? Examples.referV11Rdm : Examples.referralsV11Rdm }
          : { json: Examples.lookupReferralsRdm }
      )
      const referrals = yield* referralsAt(server.url)

      const added = yield* referrals.add(id, addition)
      assert.strictEqual(added.customerReferrals[0]?.campaignToken, "CWRME")
      const read = yield* referrals.get(id, { campaignToken: "SL7UN", offset: 0, limit: 5 })
      assert.strictEqual(read.data[0]?.referralCode, "testgrp3rp5ZKo")
      yield* referrals.get(id)
      yield* referrals.getByIdentifier({
        source: "INSTORE",
        identifier: { type: "mobile", value: "919777785205" },
        campaignToken: "SL7UN"
      })
      assert.isTrue(yield* referrals.validate("testgrp3rp5ZKo"))
      assert.isFalse(yield* referrals.validate("nope"))
      const referred = yield* referrals.referV11([{
        mobile: "7999836466",
        referrals: {
          campaign_token: "J0H7Q",
          referral_type: [{ type: "MOBILE", referral: [{ name: "Shikhar", identifier: "7999836416" }] }]
        }
      }])
      assert.strictEqual(referred.response.customers.customer[0]?.item_status.code, 1000)
      const stats = yield* referrals.getV11({ mobile: "971544979350", only_referral_code: true })
      assert.strictEqual(stats.response.customer.referral_code, "1mba0dlo5")

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["POST", "/v2/customers/420007388/referrals", {}],
        ["GET", "/v2/customers/420007388/referrals", { campaignToken: "SL7UN", offset: "0", limit: "5" }],
        ["GET", "/v2/customers/420007388/referrals", {}],
        ["GET", "/v2/customers/lookup/referrals", {
          source: "INSTORE",
          identifierName: "mobile",
          identifierValue: "919777785205",
          campaignToken: "SL7UN"
        }],
        ["GET", "/v2/referral/validate", { code: "testgrp3rp5ZKo" }],
        ["GET", "/v2/referral/validate", { code: "nope" }],
        ["POST", "/v1.1/customer/referrals", {}],
        ["GET", "/v1.1/customer/referrals", { mobile: "971544979350", only_referral_code: "true" }]
      ])
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, addition)
      assert.deepStrictEqual<unknown>(server.sent[6]!.body, {
        root: {
          customer: [{
            mobile: "7999836466",
            referrals: {
              campaign_token: "J0H7Q",
              referral_type: [{ type: "MOBILE", referral: [{ name: "Shikhar", identifier: "7999836416" }] }]
            }
          }]
        }
      })
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next = failure(8015, "Customer not found for the given identifiers")
      const server = yield* serve(() => next)
      const referrals = yield* referralsAt(server.url)
      const lookup = referrals.getByIdentifier({
        source: "INSTORE",
        identifier: { type: "mobile", value: "919777785205" },
        campaignToken: "SL7UN"
      })

      assert.instanceOf(yield* Effect.flip(referrals.add(id, addition)), CustomerErrors.CustomerNotFound)
      assert.instanceOf(yield* Effect.flip(referrals.get(id)), CustomerErrors.CustomerNotFound)
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.CustomerNotFound)
      next = failure(1222, "Internal error with the referral system")
      assert.instanceOf(yield* Effect.flip(referrals.add(id, addition)), ReferralErrors.InvalidCampaign)
      assert.instanceOf(yield* Effect.flip(referrals.get(id)), ReferralErrors.InvalidCampaign)
      assert.instanceOf(yield* Effect.flip(lookup), ReferralErrors.InvalidCampaign)
      next = failure(8003, "Invalid source")
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.InvalidSource)
      next = failure(8013, "Invalid identifier")
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.InvalidIdentifier)

      const refer = referrals.referV11([{
        mobile: "919000000000",
        referrals: { referral_type: [{ type: "EMAIL", referral: [{ identifier: "ann@example.com" }] }] }
      }])
      for (
        const [code, error] of [
          [1012, CustomerErrors.CustomerNotFound],
          [1206, ReferralErrors.ReferralTypeNotSupported],
          [1222, ReferralErrors.InvalidCampaign]
        ] as const
      ) {
        next = v11Failure(code, "refused")
        const failed = yield* Effect.flip(refer)
        assert.isTrue(failed instanceof error)
        assert.strictEqual((failed as { readonly code: number }).code, code)
      }
      next = {
        json: {
          response: {
            status: { success: "false", code: 500, message: "All requests have failed due to errors" },
            customer: { mobile: "919000000000", item_status: { success: "false", code: 1012, message: "not found" } }
          }
        }
      }
      assert.instanceOf(
        yield* Effect.flip(referrals.getV11({ mobile: "919000000000" })),
        CustomerErrors.CustomerNotFound
      )
    }))

  it.live("reports an add whose outcome is unknown as ambiguous, without sending it again", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => "reset")
      const referrals = yield* referralsAt(server.url)
      const error = yield* Effect.flip(referrals.add(id, addition))
      assert.strictEqual(error._tag === "CapillaryError" ? error.reason._tag : "", "AmbiguousOutcome")
      assert.strictEqual(server.sent.length, 1)
    }))

  it.live("streams every invitee of a referrer, page after page", () =>
    Effect.gen(function*() {
      const identifiers = Array.from({ length: 12 }, (_, i) => `9190000000${String(i).padStart(2, "0")}`)
      const server = yield* serve((request) => {
        const offset = Number(request.query.offset)
        const limit = Number(request.query.limit)
        const entry = Examples.lookupReferralsRdm.data[0]!
        return {
          json: {
            pagination: { limit, offset, total: identifiers.length },
            data: [{
              ...entry,
              invitees: identifiers.slice(offset, offset + limit).map((identifier) => ({ type: "MOBILE", identifier }))
            }],
            warnings: [],
            errors: []
          }
        }
      })
      const referrals = yield* referralsAt(server.url)
      const all = yield* Stream.runCollect(referrals.invitees(id, "SL7UN"))
      assert.deepStrictEqual(Array.from(all, (invitee) => invitee.identifier), identifiers)
      assert.deepStrictEqual(server.sent.map((sent) => [sent.query.offset, sent.query.campaignToken]), [
        ["0", "SL7UN"],
        ["10", "SL7UN"]
      ])
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: Examples.addReferralsRdm }))
      const referrals = yield* referralsAt(server.url)
      const invalid: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        referrals.add(id, {
          customerReferrals: [{
            referrals: [{ type: "EMAIL", referral: [{ identifier: "918867710032", invitedOn: "2021-12-16 13:15:45" }] }]
          }]
        }),
        referrals.get(id, { limit: 0 }),
        referrals.validate(""),
        referrals.referV11([{ referrals: { referral_type: [{ type: "MOBILE", referral: [{ identifier: "1" }] }] } }]),
        referrals.getV11({ campaign_token: "X" })
      ]
      for (const call of invalid) {
        const error = yield* Effect.flip(call)
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 0)
    }))
})
