/**
 * The endpoint declarations of Capillary's customer labels (index section "Customer labels"): add labels to the
 * organisation, list them, tag and untag a customer, list a customer's labels and search customers by label.
 *
 * The index lists the add as `POST v2/organization/label`; both Capillary documentations of it (the v2 reference
 * and the current API reference) give the URL `/v2/organization/labels`, which is what is declared.
 *
 * @since 0.2.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import { CustomerMerged, CustomerNotFound } from "./CustomerErrors.ts"
import * as Label from "./Label.ts"
import { LabelExists, LabelLimitReached, LabelNotFound, LabelsNotFound, NoLabelsGiven } from "./LabelErrors.ts"

const customerNotFound = Endpoint.codes(CustomerNotFound, [8015, 1011, 1012, 816])
const merged = Endpoint.codes(CustomerMerged, [8069])

/**
 * `POST /v2/organization/labels`: adds labels to the organisation, all or none; `entity` is the organisation's id.
 * Not safe to send twice: sent again, the names are taken (33003). Labels cannot be removed through the API.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const addOrgLabels = Endpoint.make({
  id: "customers.addOrgLabels",
  section: "Customer labels",
  summary: "Add labels to the organisation",
  family: "v2",
  method: "POST",
  path: "/v2/organization/labels",
  body: Label.OrgLabelsAdd,
  success: Label.OrgLabelsAdded,
  errors: [
    Endpoint.codes(LabelExists, [33003]),
    Endpoint.codes(LabelLimitReached, [33004, 33005]),
    Endpoint.codes(NoLabelsGiven, [33006])
  ],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible
})

/**
 * `GET /v2/organization/labels`: the organisation's labels (none: no `data`, warning 33002).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getOrgLabels = Endpoint.make({
  id: "customers.getOrgLabels",
  section: "Customer labels",
  summary: "Get the organisation's labels",
  family: "v2",
  method: "GET",
  path: "/v2/organization/labels",
  success: Label.OrgLabels,
  errors: [Endpoint.codes(LabelsNotFound, [33002])]
})

/**
 * `POST /v2/customers/{userId}/changeLabels`: tags the customer with the labels of `add` and untags those of
 * `remove`. Unknown labels are skipped with warning 33000, labels removed that the customer did not have with
 * warning 33001. Sending it again leaves the same labels, so it is retried like a read; a change is undone by the
 * opposite change. Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const changeLabels = Endpoint.make({
  id: "customers.changeLabels",
  section: "Customer labels",
  summary: "Tag or untag a customer",
  family: "v2",
  method: "POST",
  path: "/v2/customers/{userId}/changeLabels",
  params: Label.UserPath,
  body: Label.ChangeLabels,
  success: Label.LabelsChanged,
  errors: [
    customerNotFound,
    Endpoint.codes(LabelNotFound, [33000]),
    Endpoint.codes(LabelsNotFound, [33001]),
    merged
  ],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.changeLabels"),
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/{userId}/labels`: the labels of a customer (none: no `data`, warning 33001). Serialised per
 * customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getLabels = Endpoint.make({
  id: "customers.getLabels",
  section: "Customer labels",
  summary: "Get a customer's labels",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{userId}/labels",
  params: Label.UserPath,
  success: Label.CustomerLabels,
  errors: [customerNotFound, Endpoint.codes(LabelsNotFound, [33001]), merged],
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/labels/search`: the customers tagged with a label whose name starts with `q`, each with
 * those of their labels, paged by `offset` and `limit` with the `total` found.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const searchByLabel = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.searchByLabel",
    section: "Customer labels",
    summary: "Search customers by label",
    family: "v2",
    method: "GET",
    path: "/v2/customers/labels/search",
    query: Label.SearchQuery,
    success: Label.LabelSearchResult
  }),
  Pagination.offsetLimit({
    items: (page) => page.data,
    total: (page) => page.pagination.total,
    pageSize: Label.searchPageSize
  })
)

/**
 * Every customer label endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [addOrgLabels, getOrgLabels, changeLabels, getLabels, searchByLabel] as const
