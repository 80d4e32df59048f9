/**
 * The endpoint declarations of Capillary's v2 customers: register, get by id, get by identifier and look up an
 * id; update a profile (by id or by identifier), search, set the status and read its log, change identifiers
 * (link and delink cards), and delete images. The client calls them, the emulator serves them, and both validate
 * with the same schemas.
 *
 * Capillary's index also lists "Update Identifier/Issue Card" as `PUT v2/{userId}/changeIdentifier`; its own
 * customer documentation ("Update Customer Identifiers/Issue Card", "Issue Card to an Existing Customer")
 * documents that operation as `POST /v2/customers/{customerId}/changeIdentifier`, the same as "Link/Delink Card":
 * it is declared once, as `changeIdentifier`. Adding images (`POST .../setImage`) uploads `multipart/form-data`
 * (`bodyFormat: "multipart"`).
 *
 * @since 0.1.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import { Schema } from "effect"
import { CardSeriesNotFound, InvalidCardStatus, MaxActiveCardsExceeded } from "./CardErrors.ts"
import * as Customer from "./Customer.ts"
import {
  CustomerAlreadyExists,
  CustomerMerged,
  CustomerNotFound,
  IdentifierConflict,
  IdentifierInUse,
  IdentifierRequired,
  ImageNotFound,
  InvalidContactDetails,
  InvalidIdentifier,
  InvalidPaging,
  InvalidSource,
  InvalidStatusLabel,
  LoyaltyDowngradeNotAllowed,
  MergeConflict,
  NotInLoyaltyProgram
} from "./CustomerErrors.ts"
import * as Loyalty from "./Loyalty.ts"
import { InvalidProgram } from "./LoyaltyErrors.ts"
import * as Subscription from "./Subscription.ts"

const notFound = Endpoint.codes(CustomerNotFound, [8015, 8065, 1011, 1012, 816])
const notFoundById = Endpoint.codes(CustomerNotFound, [8009, 8015, 8065, 1011, 1012, 816])
const invalidSource = Endpoint.codes(InvalidSource, [8003, 8011, 8012, 8045])
const merged = Endpoint.codes(CustomerMerged, [8069])
const invalidIdentifier = Endpoint.codes(InvalidIdentifier, [8013])
const inUse = Endpoint.codes(IdentifierInUse, [1016, 1032, 1033])
const conflict = Endpoint.codes(IdentifierConflict, [8007, 8008])
const invalidContact = Endpoint.codes(InvalidContactDetails, [8055, 8056, 8057, 8058, 8010, 8064])

// Linking a card number issues the card (see `Cards`): its series, label and the active-card limit are checked.
const cardLink = [
  Endpoint.codes(CardSeriesNotFound, [3004]),
  Endpoint.codes(InvalidCardStatus, [3017]),
  Endpoint.codes(MaxActiveCardsExceeded, [3036])
] as const

// Program enrolments (`loyaltyProgramEnrollments`): the program must be the organisation's, the customer a loyalty one.
const enrolment = [Endpoint.codes(InvalidProgram, [1101]), Endpoint.codes(NotInLoyaltyProgram, [8089])] as const

const addErrors = [
  Endpoint.codes(CustomerAlreadyExists, [8006]),
  inUse,
  Endpoint.codes(InvalidSource, [8003, 8011]),
  ...cardLink,
  ...enrolment
] as const
const getErrors = [notFound, invalidSource, merged] as const
const lookupErrors = [notFound, invalidSource, invalidIdentifier, merged] as const
const updateErrors = [
  notFoundById,
  invalidSource,
  merged,
  Endpoint.codes(LoyaltyDowngradeNotAllowed, [1046, 8018]),
  conflict,
  inUse,
  invalidContact,
  ...enrolment
] as const

/**
 * `POST /v2/customers`: registers a customer. Not safe to send twice: sent again, the same profile gets 8006
 * (the customer already exists in that source). An identifier known in another source attaches the profile to
 * that customer (warning 8050). `loyaltyProgramEnrollments` enrol the customer in programs (1101 for a program
 * that is not the organisation's, 8089 for a non-loyalty customer) with their points and tier; the points awarded
 * are the answer's `sideEffects` (`rawSideEffects=true`: with `rawAwardedPoints`). Query: `source` and
 * `accountId` of the registration, `rawSideEffects`, `mlp_single_enroll`. Serialised per customer by the first
 * identifier of the first profile.
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
  query: Customer.AddQuery,
  body: Customer.CustomerAdd,
  success: Customer.CustomerCreated,
  errors: addErrors,
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => input.body.profiles[0].identifiers[0].value
})

/**
 * A customer as a read with `embed` returns it: the customer, with the loyalty summaries, schedules,
 * subscriptions and images it asked for.
 *
 * @since 0.2.0
 * @category read
 */
export class CustomerDetails extends Customer.Customer.extend<CustomerDetails>("CustomerDetails")({
  ...Loyalty.embedFields,
  subscriptions: Schema.optional(Subscription.CustomerSubscriptions)
}) {}

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
    accountId: Schema.optional(Schema.String),
    embed: Schema.optional(Customer.EmbedList)
  }),
  success: CustomerDetails,
  errors: getErrors,
  customerKey: (input) => String(input.path.id)
})

/**
 * `GET /v2/customers/lookup/customerDetails`: a customer by identifier in a source (or `ALL`): mobile, email,
 * external id, card number, card external id or any other identifier type. Serialised per customer by the
 * identifier's value.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getByIdentifier = Endpoint.make({
  id: "customers.getByIdentifier",
  section: "Customer (Lookup)",
  summary: "Get a customer by identifier",
  family: "v2",
  method: "GET",
  path: "/v2/customers/lookup/customerDetails",
  query: Customer.IdentifierDetailsQuery,
  success: CustomerDetails,
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
 * `PUT /v2/customers/{id}`: updates the customer's profile in one source and account (names, custom fields,
 * communication channels, new identifiers), its extended fields and its loyalty type (`non_loyalty` to `loyalty`
 * only: 1046), and enrols the customer in the programs of `loyaltyProgramEnrollments` where they are not enrolled
 * yet (1101, 8089; the points awarded are the answer's `sideEffects`). Idempotent: an update sets values, and an
 * enrolment in a program where the customer already is enrolled changes nothing, so the same update again leaves
 * the same customer. Not reversible in general (a loyalty conversion cannot be undone). Serialised per customer by
 * id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const update = Endpoint.make({
  id: "customers.update",
  section: "Customer",
  summary: "Update customer details",
  family: "v2",
  method: "PUT",
  path: "/v2/customers/{id}",
  params: Schema.Struct({ id: Customer.CustomerIdFromString }),
  query: Customer.ProfileQuery,
  body: Customer.CustomerUpdate,
  success: Customer.CustomerUpdated,
  errors: updateErrors,
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => String(input.path.id)
})

/**
 * `PUT /v2/customers/lookup`: the same update, for the customer with an identifier in the source. Idempotent.
 * Serialised per customer by the identifier's value.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updateByIdentifier = Endpoint.make({
  id: "customers.updateByIdentifier",
  section: "Customer (Lookup)",
  summary: "Update customer details by identifier",
  family: "v2",
  method: "PUT",
  path: "/v2/customers/lookup",
  query: Customer.ProfileLookupQuery,
  body: Customer.CustomerUpdate,
  success: Customer.CustomerUpdated,
  errors: [...updateErrors, invalidIdentifier],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/search`: customers whose first name, last name or an identifier starts with `q`, in every
 * source, a page at a time (`limit` 1 to 100, `offset`), with what matched and `pagination.total`. Paged: the
 * client streams every result.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const search = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.search",
    section: "Customer",
    summary: "Search customers",
    family: "v2",
    method: "GET",
    path: "/v2/customers/search",
    query: Customer.SearchQuery,
    success: Customer.SearchPage,
    errors: [Endpoint.codes(InvalidPaging, [8100, 8101, 8102])]
  }),
  Pagination.offsetLimit({
    items: (page: Customer.SearchPage) => page.data,
    total: (page: Customer.SearchPage) => page.pagination.total,
    pageSize: Customer.maxSearchLimit
  })
)

/**
 * `PUT /v2/customers/lookup/status`: sets the status label of the customer with an identifier in the source (a
 * label the organisation defined, else 8086), with a reason, and logs the change. Idempotent: the label the
 * customer already has changes nothing. Reversible by setting the previous label. Serialised per customer by the
 * identifier's value.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updateStatus = Endpoint.make({
  id: "customers.updateStatus",
  section: "Customer (Lookup)",
  summary: "Update customer status",
  family: "v2",
  method: "PUT",
  path: "/v2/customers/lookup/status",
  query: Customer.ProfileLookupQuery,
  body: Customer.StatusUpdate,
  success: Customer.StatusUpdated,
  errors: [notFound, invalidSource, invalidIdentifier, Endpoint.codes(InvalidStatusLabel, [8086]), merged],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.reversible("customers.updateStatus"),
  customerKey: (input) => input.query.identifierValue
})

/**
 * `GET /v2/customers/{id}/statusLog`: the customer's status changes, newest first. Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const statusLog = Endpoint.make({
  id: "customers.statusLog",
  section: "Customer",
  summary: "Get customer status log",
  family: "v2",
  method: "GET",
  path: "/v2/customers/{id}/statusLog",
  params: Schema.Struct({ id: Customer.CustomerIdFromString }),
  success: Customer.StatusLog,
  errors: [notFound, merged],
  customerKey: (input) => String(input.path.id)
})

/**
 * `POST /v2/customers/{id}/changeIdentifier`: removes and adds identifiers of the customer's profile in one
 * source and account; links a card (`cardnumber` with `seriesId` / `statusLabel`) or delinks it. An identifier
 * of another customer in the same source is 1016 / 1032 / 1033; one the customer already has is 8008; removing
 * one it does not have is 8013; removing the last one is 8005. An identifier known for one other customer in
 * another source merges this customer into that one (warning 8051, the survivor's id as `createdId`; the merged
 * customer answers 8069 from then on). Not safe to send twice (the second call fails on what the first did): the
 * service reads the profile back after an ambiguous failure. Irreversible: a merge cannot be undone (a plain
 * change can be, by the inverse change). This is also the index's "Update Identifier/Issue Card" (listed there
 * as `PUT v2/{userId}/changeIdentifier`). Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const changeIdentifier = Endpoint.make({
  id: "customers.changeIdentifier",
  section: "Customer",
  summary: "Update identifiers / link or delink a card",
  family: "v2",
  method: "POST",
  path: "/v2/customers/{id}/changeIdentifier",
  params: Schema.Struct({ id: Customer.CustomerIdFromString }),
  query: Customer.ChangeIdentifierQuery,
  body: Customer.IdentifierChange,
  success: Customer.IdentifierChanged,
  errors: [
    notFoundById,
    invalidSource,
    merged,
    conflict,
    inUse,
    invalidIdentifier,
    Endpoint.codes(IdentifierRequired, [8005]),
    Endpoint.codes(MergeConflict, [8053, 8066, 8067]),
    invalidContact,
    ...cardLink
  ],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => String(input.path.id)
})

/**
 * `POST /v2/customers/{id}/setImage`: uploads images of the customer (`multipart/form-data`, the files under
 * `FILE`). Not safe to send twice: each upload adds images. Reversible by deleting them. Serialised per
 * customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const setImages = Endpoint.make({
  id: "customers.setImages",
  section: "Customer",
  summary: "Add customer image",
  family: "v2",
  method: "POST",
  path: "/v2/customers/{id}/setImage",
  params: Schema.Struct({ id: Customer.CustomerIdFromString }),
  body: Customer.SetImageBody,
  bodyFormat: "multipart",
  success: Customer.ImagesResult,
  errors: [notFound, merged],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("customers.deleteImages"),
  customerKey: (input) => String(input.path.id)
})

/**
 * `POST /v2/customers/lookup/setImage`: uploads images of the customer with an identifier in a source.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const setImagesByIdentifier = Endpoint.make({
  id: "customers.setImagesByIdentifier",
  section: "Customer (Lookup)",
  summary: "Add customer image by identifier",
  family: "v2",
  method: "POST",
  path: "/v2/customers/lookup/setImage",
  query: Customer.ImageLookupQuery,
  body: Customer.SetImageBody,
  bodyFormat: "multipart",
  success: Customer.ImagesResult,
  errors: [notFound, invalidSource, invalidIdentifier, merged],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("customers.deleteImages"),
  customerKey: (input) => input.query.identifierValue
})

/**
 * `DELETE /v2/customers/{id}/deleteImage`: deletes the customer's images at the given positions (counted from 0
 * in the order they were added; later images move up). Not safe to send twice: the positions then name other
 * images. Irreversible. Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const deleteImages = Endpoint.make({
  id: "customers.deleteImages",
  section: "Customer",
  summary: "Delete customer image",
  family: "v2",
  method: "DELETE",
  path: "/v2/customers/{id}/deleteImage",
  params: Schema.Struct({ id: Customer.CustomerIdFromString }),
  query: Customer.DeleteImagesQuery,
  success: Customer.ImagesResult,
  errors: [notFound, merged, Endpoint.codes(ImageNotFound, [8078])],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => String(input.path.id)
})

/**
 * Every customers endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = [
  add,
  get,
  getByIdentifier,
  lookup,
  update,
  updateByIdentifier,
  search,
  updateStatus,
  statusLog,
  changeIdentifier,
  setImages,
  setImagesByIdentifier,
  deleteImages
] as const
