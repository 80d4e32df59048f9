/**
 * The endpoint declarations of a customer's activity in Capillary's v2 API: their transactions, a page at a
 * time, and their product recommendations. The client calls them, the emulator serves them, and both validate
 * with the same schemas.
 *
 * @since 0.2.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import { Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as CustomerActivity from "./CustomerActivity.ts"
import { RecommendationsUnavailable } from "./CustomerActivityErrors.ts"
import { CustomerNotFound, InvalidIdentifier, InvalidPaging, InvalidSource } from "./CustomerErrors.ts"

/**
 * `GET /v2/customers/{id}/transactions`: a page of the customer's transactions (`limit` 20 by default, at most
 * 1000), newest first unless `sortOrder=ASC`, with `pagination.total`. Paged: `CapillaryClient.stream` reads
 * every page.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const transactions = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.transactions",
    section: "Customer",
    summary: "Get customer transactions",
    family: "v2",
    method: "GET",
    path: "/v2/customers/{id}/transactions",
    params: Schema.Struct({ id: Customer.CustomerIdFromString }),
    query: CustomerActivity.TransactionsQuery,
    success: CustomerActivity.TransactionsPage,
    errors: [Endpoint.codes(CustomerNotFound, [8015]), Endpoint.codes(InvalidPaging, [8100, 8101, 8102])],
    customerKey: (input) => String(input.path.id)
  }),
  Pagination.offsetLimit({
    items: (page: CustomerActivity.TransactionsPage) => page.data,
    total: (page: CustomerActivity.TransactionsPage) => page.pagination.total,
    pageSize: 20
  })
)

/**
 * `GET /v2/customers/lookup/recommendations`: the product recommendations of the customer with an identifier in
 * a source (1051 when Capillary has none for them).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const recommendations = Endpoint.make({
  id: "customers.recommendations",
  section: "Customer (Lookup)",
  summary: "Get Customer Recommendations",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/recommendations",
  query: Customer.IdentifierQuery,
  success: CustomerActivity.Recommendations,
  errors: [
    Endpoint.codes(CustomerNotFound, [8015]),
    Endpoint.codes(InvalidSource, [8003, 8011]),
    Endpoint.codes(InvalidIdentifier, [8013]),
    Endpoint.codes(RecommendationsUnavailable, [1051])
  ],
  customerKey: (input) => input.query.identifierValue
})

/**
 * Every customer activity endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [transactions, recommendations] as const
