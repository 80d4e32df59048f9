/**
 * The endpoint declarations of Capillary's v2 customers: register, get by id, get by identifier and look up an
 * id. The client calls them, the emulator serves them, and both validate with the same schemas.
 *
 * @since 0.1.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"
import * as Customer from "./Customer.ts"
import {
  CustomerAlreadyExists,
  CustomerMerged,
  CustomerNotFound,
  IdentifierInUse,
  InvalidIdentifier,
  InvalidSource
} from "./CustomerErrors.ts"

const notFound = Endpoint.codes(CustomerNotFound, [8015, 1011, 1012, 816])
const invalidSource = Endpoint.codes(InvalidSource, [8003, 8011])
const merged = Endpoint.codes(CustomerMerged, [8069])

const addErrors = [
  Endpoint.codes(CustomerAlreadyExists, [8006]),
  Endpoint.codes(IdentifierInUse, [1016, 1032, 1033]),
  invalidSource
] as const
const getErrors = [notFound, invalidSource, merged] as const
const lookupErrors = [notFound, invalidSource, Endpoint.codes(InvalidIdentifier, [8013]), merged] as const

/**
 * `POST /v2/customers`: registers a customer. Not safe to send twice: sent again, the same profile gets 8006
 * (the customer already exists in that source). An identifier known in another source attaches the profile to
 * that customer (warning 8050). Serialised per customer by the first identifier of the first profile.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const add = Endpoint.make({
  id: "customers.add",
  section: "Customer",
  summary: "Register a customer",
  family: "v2",
  method: "POST",
  path: "/v2/customers",
  body: Customer.CustomerAdd,
  success: Customer.CustomerCreated,
  errors: addErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => input.body.profiles[0].identifiers[0].value
})

/**
 * `GET /v2/customers/{id}`: a customer by id, with the profiles of one source (or `ALL`, the default when
 * `source` is absent), optionally of one account. Serialised per customer by id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = Endpoint.make({
  id: "customers.get",
  section: "Customer",
  summary: "Get a customer by id",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{id}",
  params: Schema.Struct({ id: Customer.CustomerIdFromString }),
  query: Schema.Struct({
    source: Schema.optional(Customer.LookupSource),
    accountId: Schema.optional(Schema.String)
  }),
  success: Customer.Customer,
  errors: getErrors,
  customerKey: (input) => String(input.path.id)
})

/**
 * `GET /v2/customers/lookup/customerDetails`: a customer by identifier in a source (or `ALL`). Serialised per
 * customer by the identifier's value.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getByIdentifier = Endpoint.make({
  id: "customers.getByIdentifier",
  section: "Customer",
  summary: "Get a customer by identifier",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/customerDetails",
  query: Customer.IdentifierQuery,
  success: Customer.Customer,
  errors: lookupErrors,
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/lookup`: the id of the customer with an identifier in a source (or `ALL`), as `entity`.
 * Serialised per customer by the identifier's value.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const lookup = Endpoint.make({
  id: "customers.lookup",
  section: "Customer",
  summary: "Get a customer's id by identifier",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup",
  query: Customer.IdentifierQuery,
  success: Customer.CustomerLookup,
  errors: lookupErrors,
  customerKey: (input) => input.query.identifierValue
})

/**
 * Every customers endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [add, get, getByIdentifier, lookup] as const
