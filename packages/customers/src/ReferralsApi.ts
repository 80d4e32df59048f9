/**
 * The endpoint declarations of customer referrals: add and read a referrer's invitations (v2, by id and by
 * identifier), validate a referral code, and the v1.1 referral and read (index sections "Customer", "Customer
 * (Lookup)" and "Referral").
 *
 * The index lists the validation as `GET v2/validate`; Capillary's referral documentation gives the URL
 * `/v2/referral/validate?code={referralcode}` (and names POST in its resource table, with no body). It is declared
 * as `GET /v2/referral/validate` with the query `code`: a read, as the index says.
 *
 * @since 0.2.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import { CustomerMerged, CustomerNotFound, InvalidIdentifier, InvalidSource } from "./CustomerErrors.ts"
import * as Referral from "./Referral.ts"
import { InvalidCampaign, ReferralTypeNotSupported } from "./ReferralErrors.ts"

const customerNotFound = Endpoint.codes(CustomerNotFound, [8015, 1011, 1012, 816])
const invalidCampaign = Endpoint.codes(InvalidCampaign, [1222])
const merged = Endpoint.codes(CustomerMerged, [8069])

const invitees = Pagination.offsetLimit<Referral.ReferralsQuery, Referral.Referrals, Referral.InviteeRecord>({
  items: (page) => page.data.flatMap((entry) => entry.invitees),
  total: (page) => page.pagination.total,
  pageSize: Referral.pageSize
})

/**
 * `POST /v2/customers/{userId}/referrals`: records the customer's invitations, per campaign (the default one when
 * no token is given). Not safe to send twice: the invitations would be recorded twice, as Capillary keeps repeated
 * invitations. Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const add = Endpoint.make({
  id: "customers.addReferrals",
  section: "Customer",
  summary: "Add referrals",
  family: "v2",
  method: "POST",
  path: "/v2/customers/{userId}/referrals",
  params: Referral.UserPath,
  body: Referral.ReferralsAdd,
  success: Referral.ReferralsAdded,
  errors: [customerNotFound, invalidCampaign, merged],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => String(input.path.userId)
})

/**
 * `GET /v2/customers/{userId}/referrals`: the customer's code, invitees (paged), referees and incentives in a
 * campaign (the default one when no token is given). Serialised per customer by id.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const get = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.getReferrals",
    section: "Customer",
    summary: "Get referrals",
    family: "v2",
    method: "GET",
    path: "/v2/customers/{userId}/referrals",
    params: Referral.UserPath,
    query: Referral.ReferralsQuery,
    success: Referral.Referrals,
    errors: [customerNotFound, invalidCampaign, merged],
    customerKey: (input) => String(input.path.userId)
  }),
  invitees
)

/**
 * `GET /v2/customers/lookup/referrals`: the referrals of the customer with an identifier in a source, in a
 * campaign. Serialised per customer by the identifier's value.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getByIdentifier = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.getReferralsByIdentifier",
    section: "Customer (Lookup)",
    summary: "Get referrals by identifier",
    family: "v2",
    method: "GET",
    path: "/v2/customers/lookup/referrals",
    query: Referral.ReferralsLookupQuery,
    success: Referral.Referrals,
    errors: [
      customerNotFound,
      Endpoint.codes(InvalidSource, [8003, 8011]),
      Endpoint.codes(InvalidIdentifier, [8013]),
      invalidCampaign,
      merged
    ],
    customerKey: (input) => input.query.identifierValue
  }),
  Pagination.offsetLimit<Referral.ReferralsLookupQuery, Referral.Referrals, Referral.InviteeRecord>({
    items: (page) => page.data.flatMap((entry) => entry.invitees),
    total: (page) => page.pagination.total,
    pageSize: Referral.pageSize
  })
)

/**
 * `GET /v2/referral/validate`: whether a referral code belongs to a referrer of the organisation (`entity`).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const validate = Endpoint.make({
  id: "customers.validateReferralCode",
  section: "Referral",
  summary: "Validate referral code",
  family: "v2",
  method: "GET",
  path: "/v2/referral/validate",
  query: Referral.ValidateQuery,
  success: Referral.CodeValidity
})

/**
 * `POST /v1.1/customer/referrals`: records invitations of referrers named by any identifier, each invitee with its
 * own status. Not safe to send twice (invitations are recorded again).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const referV11 = Endpoint.make({
  id: "customers.referV11",
  section: "Customer",
  summary: "Refer customer (v1.1)",
  family: "v1.1",
  method: "POST",
  path: "/v1.1/customer/referrals",
  body: Referral.V11ReferRequest,
  success: Referral.V11ReferResult,
  errors: [customerNotFound, Endpoint.codes(ReferralTypeNotSupported, [1206]), invalidCampaign],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible
})

/**
 * `GET /v1.1/customer/referrals`: a referrer's code, invitees, referees and incentives in a campaign.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getV11 = Endpoint.make({
  id: "customers.getReferralsV11",
  section: "Customer",
  summary: "Get referral details (v1.1)",
  family: "v1.1",
  method: "GET",
  path: "/v1.1/customer/referrals",
  query: Referral.V11ReferralsQuery,
  success: Referral.V11Referrals,
  errors: [customerNotFound, invalidCampaign]
})

/**
 * Every referral endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [add, get, getByIdentifier, validate, referV11, getV11] as const
