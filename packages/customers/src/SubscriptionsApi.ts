/**
 * The endpoint declarations of a customer's communication subscriptions: the v2 update, the reads by id and by
 * identifier, the log of status changes, and the v1.1 update and read (index sections "Customer" and "Customer
 * (Lookup)").
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"
import * as Customer from "./Customer.ts"
import { CustomerMerged, CustomerNotFound, InvalidIdentifier, InvalidSource } from "./CustomerErrors.ts"
import * as Subscription from "./Subscription.ts"
import { InvalidChannel } from "./SubscriptionErrors.ts"

const customerNotFound = Endpoint.codes(CustomerNotFound, [8015, 1011, 1012, 816])
const userPath = Schema.Struct({ userId: Customer.CustomerIdFromString })
const merged = Endpoint.codes(CustomerMerged, [8069])

/**
 * `PUT /v2/customers/{userId}/subscriptions`: opts a customer in or out of channels and priorities, and logs each
 * status that changes. Sending it again sets the same statuses, so it is retried like a read; it is undone by an
 * update with the previous statuses. Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const update = Endpoint.make({
  id: "customers.updateSubscriptions",
  section: "Customer",
  summary: "Update subscription details",
  family: "v2",
  method: "PUT",
  path: "/v2/customers/{userId}/subscriptions",
  params: userPath,
  body: Subscription.SubscriptionsUpdate,
  success: Subscription.SubscriptionsUpdated,
  errors: [customerNotFound, Endpoint.codes(InvalidChannel, [8010]), merged],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updateSubscriptions"),
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/{userId}/subscriptions`: the customer's subscriptions (the index names the parameter
 * `{customerId}`; it is the update's path, so one path template serves both). Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const get = Endpoint.make({
  id: "customers.getSubscriptions",
  section: "Customer",
  summary: "Get subscription details",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/subscriptions",
  params: userPath,
  success: Subscription.Subscriptions,
  errors: [customerNotFound, merged],
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/lookup/subscriptions`: the subscriptions of the customer with an identifier in a source (or
 * `ALL`). Serialised per customer by the identifier's value.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getByIdentifier = Endpoint.make({
  id: "customers.getSubscriptionsByIdentifier",
  section: "Customer (Lookup)",
  summary: "Get subscription details by identifier",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/subscriptions",
  query: Customer.IdentifierQuery,
  success: Subscription.Subscriptions,
  errors: [
    customerNotFound,
    Endpoint.codes(InvalidSource, [8003, 8011]),
    Endpoint.codes(InvalidIdentifier, [8013]),
    merged
  ],
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/{userId}/subscriptionStatusChangeLog`: every change of the customer's subscription statuses,
 * oldest first. Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const statusLog = Endpoint.make({
  id: "customers.getSubscriptionLog",
  section: "Customer",
  summary: "Get customer subscription log",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/subscriptionStatusChangeLog",
  params: userPath,
  success: Subscription.SubscriptionLog,
  errors: [customerNotFound, merged],
  customerKey: (input) => String(input.path.userId)
})

/**
 * `POST /v1.1/customer/subscriptions`: sets SMS and email subscriptions of customers named by any identifier,
 * each item with its own status (1012 for an unknown customer). Retried like a read: it sets statuses.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updateV11 = Endpoint.make({
  id: "customers.updateSubscriptionsV11",
  section: "Customer",
  summary: "Update subscription details (v1.1)",
  family: "v1.1",
  method: "POST",
  path: "/v1.1/customer/subscriptions",
  body: Subscription.V11SubscriptionsRequest,
  success: Subscription.V11SubscriptionsUpdated,
  errors: [customerNotFound],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updateSubscriptionsV11")
})

/**
 * `GET /v1.1/customer/subscriptions`: the SMS and email subscriptions of one customer or more (identifier values
 * separated by commas), each item with its own status.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getV11 = Endpoint.make({
  id: "customers.getSubscriptionsV11",
  section: "Customer",
  summary: "Get subscription details (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/subscriptions",
  query: Subscription.V11SubscriptionsQuery,
  success: Subscription.V11Subscriptions,
  errors: [customerNotFound]
})

/**
 * Every subscription endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [update, get, getByIdentifier, statusLog, updateV11, getV11] as const
