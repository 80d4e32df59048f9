/**
 * The subscription schemas: every documented example answer decodes (and encodes back), and requests are
 * validated before anything is sent.
 */
import { Envelope } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Customer, Subscription } from "../src/index.ts"
import { accepts, rejects, roundTrips } from "./fixtures/engagement.ts"
import * as Examples from "./fixtures/engagementExamples.ts"

describe("Subscription", () => {
  it("decodes every documented v2 answer and encodes it back", () => {
    for (const example of [Examples.updateSubscriptionsV2Doc, Examples.updateSubscriptionsRdm]) {
      assert.deepStrictEqual(roundTrips(Subscription.SubscriptionsUpdated, example).encoded, example)
    }
    const rdm = accepts(Subscription.SubscriptionsUpdated, Examples.updateSubscriptionsRdm)
    assert.deepStrictEqual(rdm.subscriptions.map((status) => status.orgUnitId), [
      200031782,
      200031782,
      200031782,
      200031782
    ])

    const read = roundTrips(Subscription.Subscriptions, Examples.subscriptionsV2Doc)
    assert.deepStrictEqual(read.encoded, Examples.subscriptionsV2Doc)
    assert.deepStrictEqual(
      read.decoded.subscriptions.map(({ channel, priority, type }) => `${channel} ${priority} ${type}`),
      ["EMAIL TRANS OPTIN", "SMS TRANS OPTIN", "EMAIL BULK OPTIN", "SMS BULK OPTIN"]
    )
    // The list a customer read with embed=subscriptions carries.
    assert.strictEqual(accepts(Subscription.CustomerSubscriptions, Examples.subscriptionsV2Doc.subscriptions).length, 4)

    const log = roundTrips(Subscription.SubscriptionLog, Examples.subscriptionLogRdm)
    assert.deepStrictEqual(log.encoded, Examples.subscriptionLogRdm)
    assert.deepStrictEqual(log.decoded.data.map((entry) => entry.commChannelType), ["mobile", "whatsapp", "whatsapp"])
  })

  it("reads the documented 500 answer of an update as a failure", () => {
    const outcome = Envelope.read("v2", 500, Examples.updateSubscriptionsFailed)
    assert.strictEqual(outcome._tag === "Failure" ? outcome.code : undefined, 500)
  })

  it("decodes every documented v1.1 answer, with its loose numbers and wrapped lists", () => {
    for (const example of [Examples.updateSubscriptionsV11Doc, Examples.updateSubscriptionsV11Rdm]) {
      const decoded = accepts(Subscription.V11SubscriptionsUpdated, example)
      assert.strictEqual(decoded.response.status.code, 200)
      assert.strictEqual(decoded.response.subscriptions.subscription.length, 2)
      for (const item of decoded.response.subscriptions.subscription) {
        assert.deepStrictEqual([item.item_status.success, item.item_status.code], [true, 1000])
      }
    }
    const rdm = accepts(Subscription.V11SubscriptionsUpdated, Examples.updateSubscriptionsV11Rdm)
    assert.deepStrictEqual([rdm.response.status.total, rdm.response.status.success_count], [2, 2])
    assert.deepStrictEqual(rdm.response.subscriptions.subscription.map((item) => item.is_subscribed), [1, 0])
    const encoded = Schema.encodeUnknownSync(Subscription.V11SubscriptionsUpdated)(rdm)
    assert.deepStrictEqual(accepts(Subscription.V11SubscriptionsUpdated, encoded), rdm)

    const read = accepts(Subscription.V11Subscriptions, Examples.subscriptionsV11Doc)
    const [first, second] = read.response.subscriptions.subscription
    assert.strictEqual(first?.user_id, 29372667)
    assert.deepStrictEqual(first?.channel?.map((channel) => channel.name), ["SMS", "POSTMAIL", "EMAIL"])
    assert.deepStrictEqual(first?.channel?.[0]?.priority.map((priority) => priority.user_preference), [
      "SUBSCRIBED",
      "UNSUBSCRIBED"
    ])
    assert.strictEqual(second?.email, undefined)
    assert.deepStrictEqual(
      accepts(Subscription.V11Subscriptions, Schema.encodeUnknownSync(Subscription.V11Subscriptions)(read)),
      read
    )
  })

  it("validates a v2 update: documented channels, priorities and types, a change at most once", () => {
    const change = { channel: "EMAIL", priority: "BULK", type: "OPTOUT", orgUnitId: 200031782, sourceName: "FACEBOOK" }
    accepts(Subscription.SubscriptionsUpdate, {
      communicationId: -1,
      campaignId: -1,
      reason: "This is V2 subscription api",
      scope: { scope: "USER", subScope: "NONE" },
      subscriptions: [change, { channel: "MOBILE", accountId: "01", priority: "TRANS", type: "OPTIN" }]
    })
    for (const channel of ["wechat", "whatsapp", "ios", "android", "line"]) {
      accepts(Subscription.SubscriptionsUpdate, { subscriptions: [{ ...change, channel }] })
    }
    rejects(Subscription.SubscriptionsUpdate, { subscriptions: [] })
    rejects(Subscription.SubscriptionsUpdate, { subscriptions: [{ ...change, channel: "FAX" }] })
    rejects(Subscription.SubscriptionsUpdate, { subscriptions: [{ ...change, priority: "TANS" }] })
    rejects(Subscription.SubscriptionsUpdate, { subscriptions: [{ ...change, type: "MAYBE" }] })
    rejects(Subscription.SubscriptionsUpdate, { subscriptions: [{ ...change, sourceName: "NOWHERE" }] })
    assert.include(rejects(Subscription.SubscriptionsUpdate, { subscriptions: [change, change] }), "changed twice")
    // The same channel and priority for another org unit is another status.
    accepts(Subscription.SubscriptionsUpdate, { subscriptions: [change, { ...change, orgUnitId: 5 }] })
  })

  it("names the same sources as Customer.Source (kept apart so Customer.ts can embed subscriptions)", () => {
    assert.deepStrictEqual(Subscription.SourceName.literals, Customer.Source.literals)
  })

  it("validates v1.1 requests: a customer identifier, sms or email, a priority, 0 or 1", () => {
    const item = {
      email: "tom.sawyer@example.com",
      priority: "bulk",
      scope: "all",
      channel: "email",
      is_subscribed: "0"
    }
    accepts(Subscription.V11SubscriptionsRequest, { root: { subscription: [item, { ...item, channel: "sms" }] } })
    assert.strictEqual(accepts(Subscription.V11SubscriptionUpdate, { ...item, email: undefined, id: "608" }).id, 608)
    assert.include(rejects(Subscription.V11SubscriptionUpdate, { ...item, email: "" }), "names the customer")
    rejects(Subscription.V11SubscriptionUpdate, { ...item, channel: "wechat" })
    rejects(Subscription.V11SubscriptionUpdate, { ...item, is_subscribed: "yes" })
    rejects(Subscription.V11SubscriptionsRequest, { root: { subscription: [] } })

    accepts(Subscription.V11SubscriptionsQuery, { mobile: "447700900000,919999000012", priority: "TRANS" })
    assert.include(rejects(Subscription.V11SubscriptionsQuery, { channel: "SMS" }), "names the customer")
    rejects(Subscription.V11SubscriptionsQuery, { mobile: "447700900000", channel: "FAX" })
  })
})
