/**
 * The subscriptions service against a scripted server over a real socket: what each operation sends, which
 * errors come back (v2 envelopes and v1.1 item statuses), and what is refused before sending.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Customer, CustomerErrors, SubscriptionErrors } from "../src/index.ts"
import { failure, serve, subscriptionsAt } from "./fixtures/engagement.ts"
import * as Examples from "./fixtures/engagementExamples.ts"

const id = Customer.CustomerId.make(17742)

const v11NotFound = (items: ReadonlyArray<unknown>) => ({
  json: {
    response: {
      status: { success: "false", code: 500, message: "All requests have failed due to errors" },
      subscriptions: { subscription: items }
    }
  }
})

describe("Subscriptions", () => {
  it.live("sends each operation to its route", () =>
    Effect.gen(function*() {
      const server = yield* serve((request) =>
        request.method === "PUT"
          ? { json: Examples.updateSubscriptionsV2Doc }
          : request.path.endsWith("subscriptionStatusChangeLog")
          ? { json: Examples.subscriptionLogRdm }
          : request.path === "/v1.1/customer/subscriptions"
          ? { json: request.method === "POST" ? Examples.updateSubscriptionsV11Doc : Examples.subscriptionsV11Doc }
          : { json: Examples.subscriptionsV2Doc }
      )
      const subscriptions = yield* subscriptionsAt(server.url)
      const update = {
        communicationId: -1,
        campaignId: -1,
        reason: "Example reason",
        scope: { scope: "USER", subScope: "NONE" },
        subscriptions: [
          { channel: "EMAIL", accountId: "", priority: "BULK", type: "OPTOUT" },
          { channel: "MOBILE", accountId: "123", priority: "TRANS", type: "OPTIN" }
        ]
      } as const

      const updated = yield* subscriptions.update(id, update)
      assert.strictEqual(updated.reason, "Sample reason")
      assert.strictEqual((yield* subscriptions.get(id)).subscriptions.length, 4)
      yield* subscriptions.getByIdentifier({ source: "INSTORE", identifier: { type: "mobile", value: "919999000001" } })
      assert.strictEqual((yield* subscriptions.statusLog(id)).data.length, 3)
      const v11 = yield* subscriptions.updateV11([
        { email: "tom.sawyer@example.com", priority: "bulk", scope: "all", channel: "email", is_subscribed: "0" }
      ])
      assert.strictEqual(v11.response.subscriptions.subscription.length, 2)
      const read = yield* subscriptions.getV11({
        identifier: "mobile",
        values: ["447700900000", "919999000012"],
        priority: "TRANS"
      })
      assert.strictEqual(read.response.subscriptions.subscription.length, 2)

      assert.deepStrictEqual(server.sent.map(({ method, path, query }) => [method, path, query]), [
        ["PUT", "/v2/customers/17742/subscriptions", {}],
        ["GET", "/v2/customers/17742/subscriptions", {}],
        ["GET", "/v2/customers/lookup/subscriptions", {
          source: "INSTORE",
          identifierName: "mobile",
          identifierValue: "919999000001"
        }],
        ["GET", "/v2/customers/17742/subscriptionStatusChangeLog", {}],
        ["POST", "/v1.1/customer/subscriptions", {}],
        ["GET", "/v1.1/customer/subscriptions", { mobile: "447700900000,919999000012", priority: "TRANS" }]
      ])
      assert.deepStrictEqual<unknown>(server.sent[0]!.body, update)
      assert.deepStrictEqual<unknown>(server.sent[4]!.body, {
        root: {
          subscription: [{
            email: "tom.sawyer@example.com",
            priority: "bulk",
            scope: "all",
            channel: "email",
            is_subscribed: "0"
          }]
        }
      })
    }))

  it.live("turns Capillary's codes into the named errors of each operation", () =>
    Effect.gen(function*() {
      let next = failure(8015, "Customer not found for the given identifiers")
      const server = yield* serve(() => next)
      const subscriptions = yield* subscriptionsAt(server.url)
      const update = subscriptions.update(id, {
        subscriptions: [{ channel: "EMAIL", priority: "BULK", type: "OPTOUT" }]
      })

      assert.instanceOf(yield* Effect.flip(update), CustomerErrors.CustomerNotFound)
      next = failure(1012, "Cannot find customer for provided mobile/external-id/e-mail/id")
      assert.instanceOf(yield* Effect.flip(update), CustomerErrors.CustomerNotFound)
      next = failure(8010, "Invalid comm channel")
      assert.instanceOf(yield* Effect.flip(update), SubscriptionErrors.InvalidChannel)
      next = failure(8015, "Customer not found for the given identifiers")
      assert.instanceOf(yield* Effect.flip(subscriptions.get(id)), CustomerErrors.CustomerNotFound)
      assert.instanceOf(yield* Effect.flip(subscriptions.statusLog(id)), CustomerErrors.CustomerNotFound)
      const lookup = subscriptions.getByIdentifier({
        source: "INSTORE",
        identifier: { type: "email", value: "a@b.co" }
      })
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.CustomerNotFound)
      next = failure(8003, "Invalid source")
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.InvalidSource)
      next = failure(8013, "Invalid identifier")
      assert.instanceOf(yield* Effect.flip(lookup), CustomerErrors.InvalidIdentifier)
      next = failure(500, "All requests have failed due to errors", 500)
      const unknown = yield* Effect.flip(subscriptions.get(id))
      assert.strictEqual(unknown._tag === "CapillaryError" ? unknown.reason._tag : "", "ApiError")

      // v1.1: HTTP 200, the item's code decides.
      next = v11NotFound([{
        mobile: "919000000000",
        channel: "SMS",
        priority: "BULK",
        scope: "ALL",
        is_subscribed: "1",
        item_status: { success: "false", code: "1012", message: "Cannot find customer for provided identifier" }
      }])
      const v11 = yield* Effect.flip(subscriptions.updateV11([
        { mobile: "919000000000", priority: "BULK", channel: "sms", is_subscribed: "1" }
      ]))
      assert.instanceOf(v11, CustomerErrors.CustomerNotFound)
      assert.strictEqual(v11.code, 1012)
      next = v11NotFound([{
        mobile: "919000000000",
        item_status: { success: "false", code: "1012", message: "Cannot find customer for provided identifier" }
      }])
      assert.instanceOf(
        yield* Effect.flip(subscriptions.getV11({ identifier: "mobile", values: ["919000000000"] })),
        CustomerErrors.CustomerNotFound
      )
    }))

  it.live("answers a v1.1 read where some customers are unknown with every item", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({
        json: {
          response: {
            status: { success: "false", code: 201, message: "Some requests have failed due to errors" },
            subscriptions: {
              subscription: [
                Examples.subscriptionsV11Doc.response.subscriptions.subscription[0],
                {
                  mobile: "919000000000",
                  item_status: {
                    success: "false",
                    code: "1012",
                    message: "Cannot find customer for provided identifier"
                  }
                }
              ]
            }
          }
        }
      }))
      const subscriptions = yield* subscriptionsAt(server.url)
      const read = yield* subscriptions.getV11({ identifier: "mobile", values: ["447700900000", "919000000000"] })
      assert.deepStrictEqual(
        read.response.subscriptions.subscription.map((item) => item.item_status.code),
        [1000, 1012]
      )
    }))

  it.live("refuses invalid input before sending anything", () =>
    Effect.gen(function*() {
      const server = yield* serve(() => ({ json: Examples.subscriptionsV2Doc }))
      const subscriptions = yield* subscriptionsAt(server.url)
      const invalid: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        subscriptions.update(id, { subscriptions: [{ channel: "FAX" as "EMAIL", priority: "BULK", type: "OPTIN" }] }),
        subscriptions.getByIdentifier({ source: "INSTORE", identifier: { type: "mobile", value: "12ab" } }),
        subscriptions.updateV11([{ priority: "BULK", channel: "sms", is_subscribed: "1" }]),
        subscriptions.getV11({ identifier: "mobile", values: ["919000000000"], channel: "FAX" as "SMS" })
      ]
      for (const call of invalid) {
        const error = yield* Effect.flip(call)
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }
      assert.strictEqual(server.sent.length, 0)
    }))
})
