/**
 * The endpoint declarations of Capillary's v2 customer batches: the bulk upsert, the association of customers
 * with a hierarchy and its update, and the read of a parent's children. The client calls them, the emulator
 * serves them, and both validate with the same schemas. Each item of a batch answers for itself; the call fails
 * only when the request as a whole is refused (too many items, an unknown source).
 *
 * @since 0.2.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import * as CustomerBulk from "./CustomerBulk.ts"
import { BatchLimitExceeded } from "./CustomerBulkErrors.ts"
import { CustomerNotFound, InvalidIdentifier, InvalidPaging, InvalidSource } from "./CustomerErrors.ts"

const batchLimit = Endpoint.codes(BatchLimitExceeded, [1060])
const invalidSource = Endpoint.codes(InvalidSource, [8003, 8011])

/** Serialises a batch per customer: the first identifier of the first profile of the first customer. */
const byFirstIdentifier = (input: {
  readonly body: ReadonlyArray<
    { readonly profiles: ReadonlyArray<{ readonly identifiers: ReadonlyArray<{ readonly value: string }> }> }
  >
}) => input.body[0]?.profiles[0]?.identifiers[0]?.value

/**
 * `POST /v2/integrations/customer/upsert/bulk?skipChangeIdentifier=`: for each of 1 to 100 customers, updates the
 * customer found by the identifiers of its profiles in their source (names, channels, fields, extended fields,
 * non-loyalty to loyalty, status label, and with `skipChangeIdentifier=false` its identifiers: each sent replaces the profile's identifier
 * of that type),
 * or registers them. Answers the bulk envelope with each customer as read afterwards. Sending it again leaves
 * the same state; a registration cannot be undone.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const upsert = Endpoint.make({
  id: "customers.upsertBulk",
  section: "Customer",
  summary: "Upsert Customer",
  family: "v2",
  method: "POST",
  path: "/v2/integrations/customer/upsert/bulk",
  query: CustomerBulk.UpsertQuery,
  body: CustomerBulk.UpsertBody,
  success: CustomerBulk.UpsertResult,
  errors: [batchLimit, invalidSource],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible,
  customerKey: byFirstIdentifier
})

/**
 * `POST /v2/bulk`: registers 1 to 100 customers (each found by the first identifier of a profile when already
 * known) and, with `associationDetails`, associates each with a hierarchy: a role, a parent customer or child
 * customers (registered when not known) and a company. Answers one item per customer with the children. Sending
 * it again finds the same customers and leaves the same associations.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const associate = Endpoint.make({
  id: "customers.associate",
  section: "Customer",
  summary: "Associate Customer",
  family: "v2",
  method: "POST",
  path: "/v2/bulk",
  body: CustomerBulk.AssociateBody,
  success: CustomerBulk.AssociateResult,
  errors: [batchLimit, invalidSource],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updateAssociation"),
  customerKey: byFirstIdentifier
})

/**
 * `PUT /v2/bulk?source=&accountId=`: changes the association of 1 to 100 known customers (role, parent,
 * company) and their profiles' names and extended fields. A customer or parent that is not known is an item
 * error (8015). Sending it again leaves the same state, and sending the old details back undoes it.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updateAssociation = Endpoint.make({
  id: "customers.updateAssociation",
  section: "Customer",
  summary: "Update association details",
  family: "v2",
  method: "PUT",
  path: "/v2/bulk",
  query: CustomerBulk.AssociationUpdateQuery,
  body: CustomerBulk.AssociateBody,
  success: CustomerBulk.AssociationUpdateResult,
  errors: [batchLimit, invalidSource],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updateAssociation"),
  customerKey: byFirstIdentifier
})

/**
 * `GET /v2/customers/bulk?associationEntityType=parentCustomer&...`: the children of a parent customer, a page
 * at a time, with their profiles in the source asked for. Paged: `CapillaryClient.stream` reads every page.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const children = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.children",
    section: "Customer",
    summary: "Get customer hierarchy in a user group",
    family: "v2",
    method: "GET",
    path: "/v2/customers/bulk",
    query: CustomerBulk.HierarchyQuery,
    success: CustomerBulk.HierarchyPage,
    errors: [
      Endpoint.codes(CustomerNotFound, [8015]),
      invalidSource,
      Endpoint.codes(InvalidIdentifier, [8013]),
      Endpoint.codes(InvalidPaging, [8100, 8101, 8102])
    ],
    customerKey: (input) => input.query.associationEntityIdentifierValue
  }),
  Pagination.offsetLimit({
    items: (page: CustomerBulk.HierarchyPage) => page.entity.customers,
    total: (page: CustomerBulk.HierarchyPage) => page.entity.count,
    pageSize: 10
  })
)

/**
 * Every customer batch endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [upsert, associate, updateAssociation, children] as const
