/**
 * Contract tests of the subscription endpoints: every operation of the `Subscriptions` service of
 * `@capillary-effect/customers` runs through the SDK, over real HTTP, against the emulator's behaviours on its
 * database, with the state (statuses and their log, on the emulator clock) checked afterwards. The catalog is the
 * default one plus `SubscriptionBehaviours.catalog`.
 */
import { Customer, CustomerErrors, Customers, type Subscription, Subscriptions } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, Seed, SubscriptionBehaviours } from "../src/index.ts"
import * as Store from "../src/internal/subscriptions.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, SubscriptionBehaviours.catalog)

const otherOrg = tillService(
  Subscriptions.Subscriptions,
  Subscriptions.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

let nextMobile = 919_400_000_000

/** A new customer of the demo org, with a mobile and an email. */
const newCustomer = Effect.gen(function*() {
  const customers = yield* Customers.Customers
  const mobile = String(nextMobile++)
  const email = `sub${mobile}@example.com`
  const { createdId } = yield* customers.add({
    profiles: [{
      source: "INSTORE",
      firstName: "Sub",
      identifiers: [{ type: "mobile", value: mobile }, { type: "email", value: email }]
    }]
  })
  return { id: createdId, mobile, email }
})

const summary = (statuses: Subscription.CustomerSubscriptions) =>
  statuses.map((status) =>
    `${status.channel} ${status.priority} ${status.type}${
      status.orgUnitId === undefined ? "" : ` @${status.orgUnitId}`
    }`
  )

const everythingIn = ["EMAIL TRANS OPTIN", "SMS TRANS OPTIN", "EMAIL BULK OPTIN", "SMS BULK OPTIN"]

const logRows = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM customer_subscription_log WHERE customer_id = ${customerId}`.pipe(
      Effect.map((rows) => rows[0]!.n)
    )
  )

const demoTillId = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ id: number }>`SELECT id FROM tills WHERE username = ${Seed.demo.till.username}`,
    (rows) => rows[0]!.id
  )
)

const today = Effect.map(
  EmulatorClock.EmulatorClock.use((clock) => clock.now),
  (now) => new Date(now).toISOString().slice(0, 10)
)

const testLayer = Layer.mergeAll(Subscriptions.layer, Customers.layer).pipe(
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("Subscriptions against the emulator", (it) => {
  describe("v2", () => {
    it.effect("a customer is subscribed to SMS and email in both priorities until they opt out", () =>
      Effect.gen(function*() {
        const subscriptions = yield* Subscriptions.Subscriptions
        const { tom } = Seed.demo.customers
        const byId = yield* subscriptions.get(Customer.CustomerId.make(tom.id))
        assert.deepStrictEqual(summary(byId.subscriptions), everythingIn)
        assert.deepStrictEqual(byId.warnings, [])
        for (
          const identifier of [{ type: "mobile", value: tom.mobile }, { type: "email", value: tom.email }] as const
        ) {
          const byIdentifier = yield* subscriptions.getByIdentifier({ source: "INSTORE", identifier })
          assert.deepStrictEqual(byIdentifier, byId)
        }
        assert.deepStrictEqual((yield* subscriptions.statusLog(Customer.CustomerId.make(tom.id))).data, [])
      }))

    it.effect("opts in and out, logs each status that changes on the emulator clock, and not a repeat", () =>
      Effect.gen(function*() {
        const subscriptions = yield* Subscriptions.Subscriptions
        const clock = yield* EmulatorClock.EmulatorClock
        const { id } = yield* newCustomer
        const update = {
          communicationId: -1,
          campaignId: -1,
          reason: "Asked at the till",
          scope: { scope: "USER", subScope: "NONE" },
          subscriptions: [
            { channel: "EMAIL", accountId: "", priority: "BULK", type: "OPTOUT", sourceName: "INSTORE" },
            { channel: "MOBILE", accountId: "", priority: "TRANS", type: "OPTOUT" },
            { channel: "MOBILE", accountId: "", priority: "BULK", type: "OPTIN" }
          ]
        } as const
        const updated = yield* subscriptions.update(id, update)
        assert.deepStrictEqual(updated, {
          scope: { scope: "USER", subScope: "NONE" },
          subscriptions: [
            { channel: "EMAIL", accountId: "", priority: "BULK", type: "OPTOUT", sourceName: "INSTORE" },
            { channel: "SMS", accountId: "", priority: "TRANS", type: "OPTOUT" },
            { channel: "SMS", accountId: "", priority: "BULK", type: "OPTIN" }
          ],
          campaignId: -1,
          communicationId: -1,
          reason: "Asked at the till",
          warnings: []
        })
        assert.deepStrictEqual(summary((yield* subscriptions.get(id)).subscriptions), [
          "EMAIL TRANS OPTIN",
          "SMS TRANS OPTOUT",
          "EMAIL BULK OPTOUT",
          "SMS BULK OPTIN"
        ])
        const till = yield* demoTillId
        const day = yield* today
        // SMS BULK was already subscribed: not a change, not logged.
        assert.deepStrictEqual((yield* subscriptions.statusLog(id)).data, [
          {
            orgUnitId: -1,
            source: "INSTORE",
            accountId: "",
            commChannelType: "email",
            priority: "BULK",
            status: false,
            addedBy: till,
            addedOn: day,
            reason: "Asked at the till"
          },
          {
            orgUnitId: -1,
            accountId: "",
            commChannelType: "mobile",
            priority: "TRANS",
            status: false,
            addedBy: till,
            addedOn: day,
            reason: "Asked at the till"
          }
        ])

        // The same update again changes nothing and logs nothing.
        yield* subscriptions.update(id, update)
        assert.strictEqual(yield* logRows(id), 2)

        // Two days later, opting back in is logged on that day.
        yield* clock.advance(2 * 24 * 60 * 60 * 1000)
        const later = yield* today
        assert.notStrictEqual(later, day)
        yield* subscriptions.update(id, {
          subscriptions: [{ channel: "EMAIL", priority: "BULK", type: "OPTIN" }]
        })
        const log = (yield* subscriptions.statusLog(id)).data
        assert.deepStrictEqual(log.map((entry) => [entry.commChannelType, entry.status, entry.addedOn]), [
          ["email", false, day],
          ["mobile", false, day],
          ["email", true, later]
        ])
        assert.strictEqual(log[2]!.reason, undefined)
        assert.deepStrictEqual(summary((yield* subscriptions.get(id)).subscriptions), [
          "EMAIL TRANS OPTIN",
          "SMS TRANS OPTOUT",
          "EMAIL BULK OPTIN",
          "SMS BULK OPTIN"
        ])
      }))

    it.effect("other channels and org units are statuses of their own", () =>
      Effect.gen(function*() {
        const subscriptions = yield* Subscriptions.Subscriptions
        const { id } = yield* newCustomer
        yield* subscriptions.update(id, {
          subscriptions: [
            { channel: "whatsapp", priority: "BULK", type: "OPTOUT" },
            { channel: "EMAIL", priority: "TRANS", type: "OPTOUT", orgUnitId: 200031782 }
          ]
        })
        assert.deepStrictEqual(
          summary((yield* subscriptions.get(id)).subscriptions),
          [
            ...everythingIn,
            "WHATSAPP BULK OPTOUT",
            "EMAIL TRANS OPTOUT @200031782"
          ].sort((a, b) => Number(a.includes("@")) - Number(b.includes("@")) || orderOf(a) - orderOf(b))
        )
        const log = (yield* subscriptions.statusLog(id)).data
        assert.deepStrictEqual(log.map((entry) => [entry.commChannelType, entry.priority, entry.orgUnitId]), [
          ["whatsapp", "BULK", -1],
          ["email", "TRANS", 200031782]
        ])
        // What a customer read with embed=subscriptions carries, from the store directly.
        const embedded = yield* Store.forCustomer(Seed.demo.org.id, id)
        assert.deepStrictEqual(embedded, (yield* subscriptions.get(id)).subscriptions)
        assert.strictEqual(yield* Store.forCustomer(Seed.demo.otherOrg.id, id), undefined)
      }))

    it.effect("unknown customers are 8015; an unknown channel is 8010 and changes nothing", () =>
      Effect.gen(function*() {
        const subscriptions = yield* Subscriptions.Subscriptions
        const { id, mobile } = yield* newCustomer
        for (const unknown of [999_999, Seed.demo.otherCustomer.id]) {
          const customerId = Customer.CustomerId.make(unknown)
          const update = yield* Effect.flip(
            subscriptions.update(customerId, {
              subscriptions: [{ channel: "EMAIL", priority: "BULK", type: "OPTOUT" }]
            })
          )
          assert.instanceOf(update, CustomerErrors.CustomerNotFound)
          assert.strictEqual(update.code, 8015)
          assert.instanceOf(yield* Effect.flip(subscriptions.get(customerId)), CustomerErrors.CustomerNotFound)
          assert.instanceOf(yield* Effect.flip(subscriptions.statusLog(customerId)), CustomerErrors.CustomerNotFound)
        }
        assert.strictEqual(yield* logRows(Seed.demo.otherCustomer.id), 0)
        const lookup = yield* Effect.flip(
          subscriptions.getByIdentifier({ source: "INSTORE", identifier: { type: "mobile", value: "919499999999" } })
        )
        assert.instanceOf(lookup, CustomerErrors.CustomerNotFound)
        // The other organisation cannot read the demo organisation's customer by identifier either.
        const other = yield* otherOrg
        assert.instanceOf(
          yield* Effect.flip(other.getByIdentifier({ source: "ALL", identifier: { type: "mobile", value: mobile } })),
          CustomerErrors.CustomerNotFound
        )

        // The SDK refuses an unknown channel before sending; sent anyway, the emulator answers 8010.
        const refused = yield* Effect.flip(
          subscriptions.update(id, { subscriptions: [{ channel: "FAX" as "EMAIL", priority: "BULK", type: "OPTOUT" }] })
        )
        assert.strictEqual(refused._tag === "CapillaryError" ? refused.reason._tag : "", "InvalidRequest")
        const sent = yield* raw(`/v2/customers/${id}/subscriptions`, {
          method: "PUT",
          body: {
            subscriptions: [
              { channel: "EMAIL", priority: "BULK", type: "OPTOUT" },
              { channel: "FAX", priority: "BULK", type: "OPTOUT" }
            ]
          }
        })
        assert.strictEqual(sent.status, 400)
        assert.deepStrictEqual(sent.body.errors, [{ status: false, code: 8010, message: "Invalid comm channel" }])
        assert.deepStrictEqual(summary((yield* subscriptions.get(id)).subscriptions), everythingIn)
        assert.strictEqual(yield* logRows(id), 0)
      }))

    it.effect("a customer merged into another is 8069 and its statuses do not change", () =>
      Effect.gen(function*() {
        const subscriptions = yield* Subscriptions.Subscriptions
        const customers = yield* Customers.Customers
        const survivor = yield* newCustomer
        const { createdId: victim } = yield* customers.add({
          profiles: [{
            source: "WECHAT",
            accountId: "wechat-sub",
            identifiers: [{ type: "wechat", value: `wx-${survivor.mobile}` }]
          }]
        })
        yield* customers.changeIdentifier(victim, { add: [{ type: "mobile", value: survivor.mobile }] }, {
          source: "WECHAT",
          accountId: "wechat-sub"
        })
        const update = yield* Effect.flip(
          subscriptions.update(victim, { subscriptions: [{ channel: "EMAIL", priority: "BULK", type: "OPTOUT" }] })
        )
        assert.instanceOf(update, CustomerErrors.CustomerMerged)
        assert.strictEqual(update.code, 8069)
        assert.instanceOf(yield* Effect.flip(subscriptions.get(victim)), CustomerErrors.CustomerMerged)
        assert.instanceOf(yield* Effect.flip(subscriptions.statusLog(victim)), CustomerErrors.CustomerMerged)
        assert.strictEqual(yield* logRows(victim), 0)
        assert.deepStrictEqual(summary((yield* subscriptions.get(survivor.id)).subscriptions), everythingIn)
      }))

    it.effect("a lookup's own codes: no source 8001, no identifier 8002, bad source 8003, bad identifier 8013", () =>
      Effect.gen(function*() {
        const cases = [
          ["identifierName=mobile&identifierValue=919000000001", 8001],
          ["source=INSTORE&identifierName=mobile", 8002],
          ["source=NOWHERE&identifierName=mobile&identifierValue=919000000001", 8003],
          ["source=INSTORE&identifierName=shoeSize&identifierValue=42", 8013]
        ] as const
        for (const [query, code] of cases) {
          const answer = yield* raw(`/v2/customers/lookup/subscriptions?${query}`)
          assert.strictEqual(answer.status, 400)
          assert.strictEqual(answer.body.errors[0].code, code)
        }
      }))
  })

  describe("v1.1", () => {
    it.effect("updates SMS and email subscriptions item by item; v2 reads and the log see them", () =>
      Effect.gen(function*() {
        const subscriptions = yield* Subscriptions.Subscriptions
        const { email, id, mobile } = yield* newCustomer
        const updated = yield* subscriptions.updateV11([
          { email, priority: "bulk", scope: "all", channel: "email", is_subscribed: "0" },
          { mobile, priority: "TRANS", channel: "sms", is_subscribed: "0" },
          { id: id, priority: "BULK", channel: "SMS", is_subscribed: "1" }
        ])
        assert.deepStrictEqual(updated.response.status, {
          success: true,
          code: 200,
          message: "SUCCESS",
          total: 3,
          success_count: 3
        })
        assert.deepStrictEqual(
          updated.response.subscriptions.subscription.map((item) => [
            item.user_id,
            item.mobile,
            item.email,
            item.channel,
            item.priority,
            item.scope,
            item.is_subscribed,
            item.item_status.code
          ]),
          [
            [id, mobile, email, "EMAIL", "BULK", "ALL", 0, 1000],
            [id, mobile, email, "SMS", "TRANS", "ALL", 0, 1000],
            [id, mobile, email, "SMS", "BULK", "ALL", 1, 1000]
          ]
        )
        assert.deepStrictEqual(summary((yield* subscriptions.get(id)).subscriptions), [
          "EMAIL TRANS OPTIN",
          "SMS TRANS OPTOUT",
          "EMAIL BULK OPTOUT",
          "SMS BULK OPTIN"
        ])
        assert.deepStrictEqual(
          (yield* subscriptions.statusLog(id)).data.map((
            entry
          ) => [entry.commChannelType, entry.priority, entry.status]),
          [["email", "BULK", false], ["mobile", "TRANS", false]]
        )

        const read = yield* subscriptions.getV11({ identifier: "mobile", values: [mobile] })
        const [item] = read.response.subscriptions.subscription
        assert.deepStrictEqual([item?.user_id, item?.mobile, item?.email, item?.item_status.code], [
          id,
          mobile,
          email,
          1000
        ])
        assert.deepStrictEqual(
          item?.channel?.map((channel) => [
            channel.name,
            channel.priority.map((p) => `${p.name} ${p.subscribed}/${p.unsubscribed} ${p.user_preference}`)
          ]),
          [
            ["EMAIL", ["TRANS ALL/ NOT_SET", "BULK /ALL UNSUBSCRIBED"]],
            ["SMS", ["TRANS /ALL UNSUBSCRIBED", "BULK ALL/ SUBSCRIBED"]]
          ]
        )
        const narrowed = yield* subscriptions.getV11({
          identifier: "id",
          values: [String(id)],
          channel: "SMS",
          priority: "BULK"
        })
        assert.deepStrictEqual(
          narrowed.response.subscriptions.subscription[0]?.channel?.map((channel) => [
            channel.name,
            channel.priority.map((p) => p.name)
          ]),
          [["SMS", ["BULK"]]]
        )
      }))

    it.effect("a customer no identifier finds is item 1012: an error alone, an item among others", () =>
      Effect.gen(function*() {
        const subscriptions = yield* Subscriptions.Subscriptions
        const { id, mobile } = yield* newCustomer
        const alone = yield* Effect.flip(
          subscriptions.updateV11([{ mobile: "919488888888", priority: "BULK", channel: "sms", is_subscribed: "0" }])
        )
        assert.instanceOf(alone, CustomerErrors.CustomerNotFound)
        assert.strictEqual(alone.code, 1012)
        assert.instanceOf(
          yield* Effect.flip(subscriptions.getV11({ identifier: "email", values: ["nobody@example.com"] })),
          CustomerErrors.CustomerNotFound
        )
        // The other organisation's customer is unknown here.
        assert.instanceOf(
          yield* Effect.flip(subscriptions.getV11({ identifier: "id", values: [String(Seed.demo.otherCustomer.id)] })),
          CustomerErrors.CustomerNotFound
        )

        const mixed = yield* subscriptions.updateV11([
          { mobile, priority: "BULK", channel: "sms", is_subscribed: "0" },
          { mobile: "919488888888", priority: "BULK", channel: "sms", is_subscribed: "0" }
        ])
        assert.deepStrictEqual(
          [mixed.response.status.code, mixed.response.status.success, mixed.response.status.success_count],
          [201, false, 1]
        )
        assert.deepStrictEqual(
          mixed.response.subscriptions.subscription.map((item) => [item.mobile, item.item_status.code]),
          [[mobile, 1000], ["919488888888", 1012]]
        )
        assert.strictEqual(yield* logRows(id), 1)

        const read = yield* subscriptions.getV11({ identifier: "mobile", values: [mobile, "919488888888"] })
        assert.deepStrictEqual(read.response.status.code, 201)
        assert.deepStrictEqual(
          read.response.subscriptions.subscription.map((
            item
          ) => [item.mobile, item.item_status.code, item.channel?.length]),
          [[mobile, 1000, 2], ["919488888888", 1012, undefined]]
        )
        // v1.1 reports failures with HTTP 200, its numbers as strings.
        const answer = yield* raw("/v1.1/customer/subscriptions?mobile=919488888888")
        assert.strictEqual(answer.status, 200)
        assert.deepStrictEqual(answer.body.response.status, {
          success: "false",
          code: "500",
          message: "All requests have failed due to errors",
          total: "1",
          success_count: "0"
        })
        assert.strictEqual(answer.body.response.subscriptions.subscription[0].item_status.code, "1012")
      }))
  })
})

/** The order of a status summary within one org unit: TRANS before BULK, email and SMS before other channels. */
const orderOf = (status: string) => {
  const [channel, priority] = status.split(" ")
  const base = ["EMAIL", "SMS"].indexOf(channel!)
  return (priority === "TRANS" ? 0 : 10) + (base === -1 ? 5 : base)
}
