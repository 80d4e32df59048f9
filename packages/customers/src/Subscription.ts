/**
 * A customer's communication subscriptions, as Capillary's v2 and v1.1 APIs send and receive them: per channel
 * (SMS, email, WeChat, WhatsApp, iOS, Android, LINE) and priority (`TRANS` personalised messages, `BULK` campaign
 * messages), opted in (`OPTIN`) or out (`OPTOUT`), optionally for one org unit; the update request and its echo,
 * the subscriptions read by id or identifier, the log of status changes, and the v1.1 forms.
 *
 * Capillary names the mobile channel `MOBILE` in v2 requests and `SMS` in answers (and `sms` in v1.1 requests);
 * the other v2 request channels are documented in lower case (`wechat`, `whatsapp`, ...). Answers are read as
 * Capillary sends them, without narrowing their values. `CustomerSubscriptions` is the list a customer read with
 * `embed=subscriptions` carries.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema } from "effect"

// This module imports nothing of `Customer.ts` at runtime, so that `Customer.ts` can carry `CustomerSubscriptions`
// (a customer read with `embed=subscriptions`) without an import cycle.

/**
 * The sources a change can name (`sourceName`): the same list as `Customer.Source`.
 *
 * @since 0.2.0
 * @category v2
 */
export const SourceName = Schema.Literals([
  "INSTORE",
  "MARTJACK",
  "WECHAT",
  "FACEBOOK",
  "WEB_ENGAGE",
  "TMALL",
  "TAOBAO",
  "JD",
  "ECOMMERCE",
  "WEBSITE",
  "LINE",
  "MOBILE_APP"
])

// ---------------------------------------------------------------------------------------------------------------
// v2 requests
// ---------------------------------------------------------------------------------------------------------------

/**
 * A channel in a v2 update, as documented: `MOBILE`, `EMAIL`, `wechat`, `whatsapp`, `ios`, `android`, `line`.
 *
 * @since 0.2.0
 * @category v2
 */
export const Channel = Schema.Literals(["MOBILE", "EMAIL", "wechat", "whatsapp", "ios", "android", "line"])

/**
 * The type of `Channel`.
 *
 * @since 0.2.0
 * @category v2
 */
export type Channel = typeof Channel.Type

/**
 * The kind of messages: `TRANS` (personalised, sent at once) or `BULK` (campaigns).
 *
 * @since 0.2.0
 * @category v2
 */
export const Priority = Schema.Literals(["TRANS", "BULK"])

/**
 * The type of `Priority`.
 *
 * @since 0.2.0
 * @category v2
 */
export type Priority = typeof Priority.Type

/**
 * Subscribed (`OPTIN`) or not (`OPTOUT`).
 *
 * @since 0.2.0
 * @category v2
 */
export const SubscriptionType = Schema.Literals(["OPTIN", "OPTOUT"])

/**
 * The type of `SubscriptionType`.
 *
 * @since 0.2.0
 * @category v2
 */
export type SubscriptionType = typeof SubscriptionType.Type

/**
 * One change of a v2 update: a channel and priority opted in or out, in an account of a source, optionally for
 * one org unit (concept).
 *
 * @since 0.2.0
 * @category v2
 */
export const SubscriptionChange = Schema.Struct({
  channel: Channel,
  priority: Priority,
  type: SubscriptionType,
  accountId: Schema.optional(Schema.String),
  orgUnitId: Schema.optional(Schema.Int),
  sourceName: Schema.optional(SourceName)
})

/**
 * The type of `SubscriptionChange`.
 *
 * @since 0.2.0
 * @category v2
 */
export type SubscriptionChange = typeof SubscriptionChange.Type

/**
 * The scope of an update (`{scope: "USER", subScope: "NONE"}` in every documented example).
 *
 * @since 0.2.0
 * @category v2
 */
export const Scope = Schema.Struct({
  scopeId: Schema.optional(Schema.Number),
  scope: Schema.optional(Schema.String),
  subScope: Schema.optional(Schema.String),
  setCreatedOn: Schema.optional(Schema.Boolean),
  setPriority: Schema.optional(Schema.Boolean),
  setScopeId: Schema.optional(Schema.Boolean),
  setScope: Schema.optional(Schema.Boolean),
  setSubScope: Schema.optional(Schema.Boolean)
})

/**
 * The body of `PUT /v2/customers/{userId}/subscriptions`: one change or more (a channel and priority at most once
 * per org unit), with the communication and campaign that caused it (`-1` for none) and a reason.
 *
 * @since 0.2.0
 * @category v2
 */
export const SubscriptionsUpdate = Schema.Struct({
  communicationId: Schema.optional(Schema.Int),
  campaignId: Schema.optional(Schema.Int),
  reason: Schema.optional(Schema.String),
  scope: Schema.optional(Scope),
  subscriptions: Schema.NonEmptyArray(SubscriptionChange).check(
    Schema.makeFilter((changes) => {
      const seen = new Set<string>()
      for (const { channel, orgUnitId, priority } of changes) {
        const key = `${channel.toUpperCase()} ${priority} ${orgUnitId ?? -1}`
        if (seen.has(key)) return `${channel} ${priority} is changed twice`
        seen.add(key)
      }
      return undefined
    })
  )
})

/**
 * The type of `SubscriptionsUpdate`.
 *
 * @since 0.2.0
 * @category v2
 */
export type SubscriptionsUpdate = typeof SubscriptionsUpdate.Type

// ---------------------------------------------------------------------------------------------------------------
// v2 answers
// ---------------------------------------------------------------------------------------------------------------

/**
 * A subscription as Capillary returns it: channel (`SMS`, `EMAIL`, ...), priority and status, with the account,
 * org unit and source when Capillary reports them.
 *
 * @since 0.2.0
 * @category v2
 */
export const SubscriptionStatus = Schema.Struct({
  channel: Schema.String,
  accountId: Schema.optional(Schema.String),
  priority: Schema.String,
  type: Schema.String,
  orgUnitId: Schema.optional(Schema.Int),
  sourceName: Schema.optional(Schema.String)
})

/**
 * The type of `SubscriptionStatus`.
 *
 * @since 0.2.0
 * @category v2
 */
export type SubscriptionStatus = typeof SubscriptionStatus.Type

/**
 * A customer's subscriptions: what `GET /v2/customers/{userId}/subscriptions` answers in `subscriptions`, and
 * what a customer read with `embed=subscriptions` carries.
 *
 * @since 0.2.0
 * @category v2
 */
export const CustomerSubscriptions = Schema.Array(SubscriptionStatus)

/**
 * The type of `CustomerSubscriptions`.
 *
 * @since 0.2.0
 * @category v2
 */
export type CustomerSubscriptions = typeof CustomerSubscriptions.Type

/**
 * The answer to an update: the changes applied, echoed with the scope, communication, campaign and reason.
 *
 * @since 0.2.0
 * @category v2
 */
export const SubscriptionsUpdated = Schema.Struct({
  scope: Schema.optional(Scope),
  subscriptions: CustomerSubscriptions,
  campaignId: Schema.optional(Schema.Int),
  communicationId: Schema.optional(Schema.Int),
  reason: Schema.optional(Schema.String),
  warnings: Envelope.V2Warnings
})

/**
 * The type of `SubscriptionsUpdated`.
 *
 * @since 0.2.0
 * @category v2
 */
export type SubscriptionsUpdated = typeof SubscriptionsUpdated.Type

/**
 * The answer of `GET /v2/customers/{userId}/subscriptions` and of its lookup form.
 *
 * @since 0.2.0
 * @category v2
 */
export const Subscriptions = Schema.Struct({
  subscriptions: CustomerSubscriptions,
  campaignId: Schema.optional(Schema.Int),
  communicationId: Schema.optional(Schema.Int),
  warnings: Envelope.V2Warnings
})

/**
 * The type of `Subscriptions`.
 *
 * @since 0.2.0
 * @category v2
 */
export type Subscriptions = typeof Subscriptions.Type

/**
 * One change of status in a customer's log: the channel type (`mobile`, `email`, `whatsapp`, ...), priority, the
 * new status (`true` subscribed), when (a date) and by whom, in which source, account and org unit, and why.
 *
 * @since 0.2.0
 * @category v2
 */
export const SubscriptionLogEntry = Schema.Struct({
  orgUnitId: Schema.optional(Schema.Int),
  source: Schema.optional(Schema.String),
  accountId: Schema.optional(Schema.String),
  orgSourceId: Schema.optional(Schema.Int),
  commChannelId: Schema.optional(Schema.Int),
  commChannelType: Schema.String,
  communicationCategoryId: Schema.optional(Schema.Int),
  priority: Schema.String,
  status: Schema.Boolean,
  addedBy: Schema.optional(Schema.Int),
  addedOn: Schema.String,
  reason: Schema.optional(Schema.String)
})

/**
 * The type of `SubscriptionLogEntry`.
 *
 * @since 0.2.0
 * @category v2
 */
export type SubscriptionLogEntry = typeof SubscriptionLogEntry.Type

/**
 * The answer of `GET /v2/customers/{userId}/subscriptionStatusChangeLog`: the changes, oldest first.
 *
 * @since 0.2.0
 * @category v2
 */
export const SubscriptionLog = Schema.Struct({
  data: Schema.Array(SubscriptionLogEntry),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `SubscriptionLog`.
 *
 * @since 0.2.0
 * @category v2
 */
export type SubscriptionLog = typeof SubscriptionLog.Type

// ---------------------------------------------------------------------------------------------------------------
// v1.1
// ---------------------------------------------------------------------------------------------------------------

const v11Identifiers = ["mobile", "email", "external_id", "id"] as const

const hasIdentifier = (what: string) =>
  Schema.makeFilter((value: Partial<Record<(typeof v11Identifiers)[number], unknown>>) =>
    v11Identifiers.some((name) => {
        const given = value[name]
        return given !== undefined && String(given).trim() !== ""
      })
      ? undefined
      : `${what} names the customer by mobile, email, external_id or id`
  )

/**
 * A channel in a v1.1 update: `sms` or `email` (either case).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Channel = Schema.Literals(["sms", "email", "SMS", "EMAIL"])

/**
 * A priority in v1.1: `TRANS` or `BULK` (either case; the documented example sends `bulk`).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Priority = Schema.Literals(["TRANS", "BULK", "trans", "bulk"])

/**
 * One item of `POST /v1.1/customer/subscriptions`: the customer (any identifier), the channel and priority, and
 * `is_subscribed` `"1"` or `"0"`; `scope` is always `all`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11SubscriptionUpdate = Schema.Struct({
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  external_id: Schema.optional(Schema.String),
  id: Schema.optional(Envelope.LooseNumber),
  priority: V11Priority,
  scope: Schema.optional(Schema.String),
  channel: V11Channel,
  is_subscribed: Schema.Literals(["0", "1"])
}).check(hasIdentifier("an update"))

/**
 * The type of `V11SubscriptionUpdate`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11SubscriptionUpdate = typeof V11SubscriptionUpdate.Type

/**
 * The body of `POST /v1.1/customer/subscriptions`: `{root: {subscription: [...]}}`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11SubscriptionsRequest = Schema.Struct({
  root: Schema.Struct({ subscription: Schema.NonEmptyArray(V11SubscriptionUpdate) })
})

/**
 * The type of `V11SubscriptionsRequest`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11SubscriptionsRequest = typeof V11SubscriptionsRequest.Type

/**
 * A v1.1 request status with its counts (`total`, `success_count`) when Capillary sends them.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11CountedStatus = Schema.Struct({
  ...Envelope.V11Status.fields,
  total: Schema.optional(Envelope.LooseNumber),
  success_count: Schema.optional(Envelope.LooseNumber)
})

const nullableText = Schema.optional(Schema.NullOr(Schema.String))

/**
 * One item of the v1.1 update's answer: the customer, the channel and priority as stored (`SMS`, `EMAIL`;
 * `TRANS`, `BULK`), the status set, and the item's own status (1000 updated, 1012 customer not found).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11SubscriptionResult = Schema.Struct({
  user_id: Schema.optional(Envelope.LooseNumber),
  mobile: nullableText,
  email: nullableText,
  external_id: nullableText,
  channel: Schema.String,
  priority: Schema.String,
  scope: Schema.optional(Schema.String),
  is_subscribed: Envelope.LooseNumber,
  item_status: Envelope.V11Status
})

/**
 * The answer of `POST /v1.1/customer/subscriptions` (always HTTP 200; status 201 when some items failed, 500 when
 * all did).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11SubscriptionsUpdated = Envelope.V11({
  status: V11CountedStatus,
  subscriptions: Schema.Struct({ subscription: Envelope.V11List(V11SubscriptionResult) })
})

/**
 * The type of `V11SubscriptionsUpdated`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11SubscriptionsUpdated = typeof V11SubscriptionsUpdated.Type

/**
 * A channel a v1.1 read can be narrowed to.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11ChannelFilter = Schema.Literals([
  "SMS",
  "EMAIL",
  "WECHAT",
  "SOCIAL",
  "REMINDER_TEXT",
  "RE_ISSUAL_TEXT",
  "CLIENT"
])

/**
 * The query of `GET /v1.1/customer/subscriptions`: customers by one identifier type, several values separated by
 * commas, optionally narrowed to a channel and a priority.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11SubscriptionsQuery = Schema.Struct({
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  external_id: Schema.optional(Schema.String),
  id: Schema.optional(Schema.String),
  channel: Schema.optional(V11ChannelFilter),
  priority: Schema.optional(Priority),
  scope: Schema.optional(Schema.String)
}).check(hasIdentifier("a read"))

/**
 * The type of `V11SubscriptionsQuery`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11SubscriptionsQuery = typeof V11SubscriptionsQuery.Type

/**
 * A priority of a channel in a v1.1 read: `subscribed` / `unsubscribed` name the modules (`ALL` or empty), and
 * `user_preference` is `SUBSCRIBED`, `UNSUBSCRIBED` or `NOT_SET` (never chosen: subscribed by default).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11PriorityStatus = Schema.Struct({
  name: Schema.String,
  subscribed: Schema.String,
  unsubscribed: Schema.String,
  user_preference: Schema.String
})

/**
 * A channel in a v1.1 read, with its priorities.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11ChannelStatus = Schema.Struct({
  name: Schema.String,
  priority: Envelope.V11List(V11PriorityStatus)
})

/**
 * One customer of a v1.1 read: identifiers, channels, org unit subscriptions and the item's status (1000, or
 * 1012 when no customer has that identifier, without channels).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11CustomerSubscriptions = Schema.Struct({
  user_id: Schema.optional(Envelope.LooseNumber),
  mobile: nullableText,
  email: nullableText,
  external_id: nullableText,
  channel: Schema.optional(Envelope.V11List(V11ChannelStatus)),
  orgUnitSubscriptions: Schema.optional(Schema.Array(Schema.Json)),
  item_status: Envelope.V11Status
})

/**
 * The type of `V11CustomerSubscriptions`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11CustomerSubscriptions = typeof V11CustomerSubscriptions.Type

/**
 * The answer of `GET /v1.1/customer/subscriptions`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Subscriptions = Envelope.V11({
  status: V11CountedStatus,
  subscriptions: Schema.Struct({ subscription: Envelope.V11List(V11CustomerSubscriptions) })
})

/**
 * The type of `V11Subscriptions`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11Subscriptions = typeof V11Subscriptions.Type
