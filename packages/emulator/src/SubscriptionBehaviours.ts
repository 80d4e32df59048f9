/**
 * What the emulator does for the subscription endpoints of `@capillary-effect/customers`. A customer of the
 * organisation (8015 otherwise, 8069 once merged into another; a lookup's own codes 8001/8002/8003/8013) has a
 * status per channel, priority and org unit: SMS and email in both priorities for the organisation always
 * (subscribed until they opt out), and every other status set through the API. An update stores each change
 * (`MOBILE` is stored and answered as `SMS`) and logs, on the emulator clock, by the till, with the request's
 * reason, each status that really changes, so sending it again logs nothing; a channel Capillary does not know is
 * 8010. The v1.1 update and read name customers by `mobile`, `email`, `external_id` or `id` (several values
 * separated by commas in a read); each customer is an item with its own status (1012 when no customer has the
 * identifier), the request status 200, 201 or 500 as Capillary counts them, always with HTTP 200. The v1.1 read
 * shows the organisation-level statuses (`user_preference` `NOT_SET` for a status never set); postal mail is not
 * modelled. Requires the customers tables (`CustomerBehaviours.migrations`).
 *
 * @since 0.2.0
 */
import { Customer, Subscription, SubscriptionsApi } from "@capillary-effect/customers"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql"
import { handle, type RawInput, Rejection } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/subscriptions.ts"
import * as LabelBehaviours from "./LabelBehaviours.ts"

/**
 * The engagement tables (shared migration `0120_engagement`, see `LabelBehaviours.migrations`).
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = LabelBehaviours.migrations

const channels = new Set<string>(Subscription.Channel.literals)

/** An update naming a channel Capillary does not know: 8010. */
const rejectChannel = (input: RawInput) => {
  const body = input.body
  const changes = typeof body === "object" && body !== null
    ? (body as { subscriptions?: unknown }).subscriptions
    : undefined
  if (!Array.isArray(changes)) return undefined
  const unknown = changes.some((change) =>
    typeof change === "object" && change !== null && typeof change.channel === "string" && !channels.has(change.channel)
  )
  return unknown ? new Rejection({ status: 400, code: 8010, message: "Invalid comm channel" }) : undefined
}

/**
 * `customers.updateSubscriptions`: sets the statuses of a customer of the caller's organisation and echoes them.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const update = handle(
  SubscriptionsApi.update,
  (input, context) =>
    Effect.gen(function*() {
      const customer = yield* Store.requireCustomer(context.principal.orgId, input.path.userId)
      const { body } = input
      const echoed: Array<Subscription.SubscriptionStatus> = []
      for (const change of body.subscriptions) {
        const channel = Store.storedChannel(change.channel)
        yield* Store.set({
          customerId: customer.id,
          change: {
            channel,
            priority: change.priority,
            subscribed: change.type === "OPTIN",
            orgUnitId: change.orgUnitId ?? Store.organisationUnit,
            accountId: change.accountId ?? "",
            source: change.sourceName
          },
          by: context.principal.tillId,
          now: context.now,
          reason: body.reason
        })
        echoed.push({
          channel,
          accountId: change.accountId ?? "",
          priority: change.priority,
          type: change.type,
          ...(change.orgUnitId === undefined ? {} : { orgUnitId: change.orgUnitId }),
          ...(change.sourceName === undefined ? {} : { sourceName: change.sourceName })
        })
      }
      return {
        ...(body.scope === undefined ? {} : { scope: body.scope }),
        subscriptions: echoed,
        ...(body.campaignId === undefined ? {} : { campaignId: body.campaignId }),
        ...(body.communicationId === undefined ? {} : { communicationId: body.communicationId }),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectChannel }
)

const subscriptionsOf = (orgId: number, customer: Customer.Customer) =>
  Effect.map(Store.forCustomer(orgId, customer.id), (subscriptions) => ({
    subscriptions: subscriptions ?? [],
    warnings: []
  }))

/**
 * `customers.getSubscriptions`: the statuses of a customer of the caller's organisation.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const get = handle(SubscriptionsApi.get, (input, context) =>
  Effect.gen(function*() {
    const customer = yield* Store.requireCustomer(context.principal.orgId, input.path.userId)
    return yield* subscriptionsOf(context.principal.orgId, customer)
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.getSubscriptionsByIdentifier`: the statuses of the customer with the identifier in the source.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getByIdentifier = handle(
  SubscriptionsApi.getByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const customer = yield* Store.requireByIdentifier(context.principal.orgId, input.query)
      return yield* subscriptionsOf(context.principal.orgId, customer)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: Store.rejectLookup }
)

/**
 * `customers.getSubscriptionLog`: the status changes of a customer of the caller's organisation, oldest first.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const statusLog = handle(SubscriptionsApi.statusLog, (input, context) =>
  Effect.gen(function*() {
    const customer = yield* Store.requireCustomer(context.principal.orgId, input.path.userId)
    return { data: yield* Store.log(customer.id), warnings: [], errors: [] }
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

const given = (ref: Store.V11Ref) => ({
  ...(ref.mobile === undefined ? {} : { mobile: ref.mobile }),
  ...(ref.email === undefined ? {} : { email: ref.email }),
  ...(ref.external_id === undefined ? {} : { external_id: ref.external_id }),
  // An id that is not a number is echoed as nothing: the answer's `user_id` is numeric.
  ...(ref.id === undefined || !/^\d+$/.test(String(ref.id).trim()) ? {} : { user_id: Number(ref.id) })
})

/**
 * `customers.updateSubscriptionsV11`: sets SMS and email statuses, item by item.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updateV11 = handle(SubscriptionsApi.updateV11, (input, context) =>
  Effect.gen(function*() {
    const items: Array<typeof Subscription.V11SubscriptionResult.Type> = []
    for (const item of input.body.root.subscription) {
      const channel = item.channel.toUpperCase()
      const priority = item.priority.toUpperCase() as Subscription.Priority
      const described = { channel, priority, scope: "ALL", is_subscribed: Number(item.is_subscribed) }
      const customer = yield* Store.v11Customer(context.principal.orgId, item)
      if (customer === undefined) {
        items.push({ ...given(item), ...described, item_status: Store.v11NotFound })
        continue
      }
      yield* Store.set({
        customerId: customer.id,
        change: {
          channel,
          priority,
          subscribed: item.is_subscribed === "1",
          orgUnitId: Store.organisationUnit,
          accountId: "",
          source: undefined
        },
        by: context.principal.tillId,
        now: context.now,
        reason: undefined
      })
      const { firstname: _first, lastname: _last, ...identity } = Store.v11Identity(customer)
      items.push({
        ...identity,
        ...described,
        item_status: { success: true, code: 1000, message: "Subscription successfully updated" }
      })
    }
    return {
      response: {
        status: Store.v11Status(items.map((item) => item.item_status.success)),
        subscriptions: { subscription: items }
      }
    }
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.getSubscriptionsV11`: the SMS and email statuses of each customer named.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getV11 = handle(SubscriptionsApi.getV11, (input, context) =>
  Effect.gen(function*() {
    const { query } = input
    const name = (["mobile", "email", "external_id", "id"] as const).find((candidate) =>
      (query[candidate] ?? "").trim() !== ""
    )!
    const values = query[name]!.split(",").map((value) => value.trim()).filter((value) => value !== "")
    const items: Array<Subscription.V11CustomerSubscriptions> = []
    for (const value of values) {
      const ref = { [name]: value }
      const customer = yield* Store.v11Customer(context.principal.orgId, ref)
      if (customer === undefined) {
        items.push({ ...given(ref), item_status: Store.v11NotFound })
        continue
      }
      const { firstname: _first, lastname: _last, ...identity } = Store.v11Identity(customer)
      items.push({
        ...identity,
        channel: yield* Store.v11Channels(customer.id, { channel: query.channel, priority: query.priority }),
        item_status: { success: true, code: 1000, message: "Subscription successfully retrieved" }
      })
    }
    return {
      response: {
        status: Store.v11Status(items.map((item) => item.item_status.success)),
        subscriptions: { subscription: items }
      }
    }
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * The subscription endpoints, their behaviours and the engagement migration, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: SubscriptionsApi.endpoints,
  behaviours: [update, get, getByIdentifier, statusLog, updateV11, getV11],
  migrations
}
