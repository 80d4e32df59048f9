/**
 * The endpoint declarations of Capillary's v2 partner programs (index section "Partner program"): link customers
 * to partner programs, update their partner tiers, delink them, and read a customer's partner program history.
 * Link, update and delink answer each customer and program with a status in the body; the codes listed here are
 * those Capillary may also answer for the whole call, and the ones `PartnerPrograms` maps statuses by.
 *
 * @since 0.2.0
 */
import { Endpoint, Pagination } from "@capillary-effect/core"
import { CustomerNotFound, InvalidSource } from "./CustomerErrors.ts"
import * as PartnerProgram from "./PartnerProgram.ts"
import {
  InvalidPartnerRequest,
  NotLinkedToPartnerProgram,
  PartnerActivityNotFound,
  PartnerLinkRefused,
  PartnerProgramEventFailed,
  PartnerProgramNotFound,
  PartnerTierExpiryInPast,
  PartnerTierNotFound
} from "./PartnerProgramErrors.ts"

const customerNotFound = Endpoint.codes(CustomerNotFound, [8015])
const eventFailed = Endpoint.codes(PartnerProgramEventFailed, [2001, 2010, 2012])
const programNotFound = Endpoint.codes(PartnerProgramNotFound, [2006])
const tierNotFound = Endpoint.codes(PartnerTierNotFound, [2007])
const expiryInPast = Endpoint.codes(PartnerTierExpiryInPast, [2003])
const notLinked = Endpoint.codes(NotLinkedToPartnerProgram, [2004])

const keyOf = (customers: ReadonlyArray<{ readonly customer: PartnerProgram.PartnerCustomer }>) =>
  customers.length === 1 ? PartnerProgram.identifierOf(customers[0]!.customer).value : undefined

/**
 * `POST /v2/partnerProgram/linkCustomer`: links loyalty customers to partner programs with their membership
 * (and partner tier). Not safe to send twice: sent again, a link is refused as already linked (2005). Undone by
 * a delink. Serialised per customer when it names one.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const link = Endpoint.make({
  id: "customers.linkPartnerProgram",
  section: "Partner program",
  summary: "Link customer to partner program",
  family: "v2",
  method: "POST",
  path: "/v2/partnerProgram/linkCustomer",
  body: PartnerProgram.LinkRequest,
  success: PartnerProgram.LinkResult,
  errors: [
    customerNotFound,
    eventFailed,
    Endpoint.codes(InvalidPartnerRequest, [2002, 2008]),
    expiryInPast,
    Endpoint.codes(PartnerLinkRefused, [2005]),
    programNotFound,
    tierNotFound
  ],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.reversible("customers.delinkPartnerProgram"),
  customerKey: (input) => keyOf(input.body.linkCustomers)
})

/**
 * `POST /v2/partnerProgram/customerPartnerProgramUpdate`: sets linked customers' partner tiers (and expiry).
 * Sent twice, it leaves the same tiers, so it is retried like a read. The previous tier is not in the request,
 * so it cannot be undone. Serialised per customer when it names one.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const update = Endpoint.make({
  id: "customers.updatePartnerProgram",
  section: "Partner program",
  summary: "Update customer partner program",
  family: "v2",
  method: "POST",
  path: "/v2/partnerProgram/customerPartnerProgramUpdate",
  body: PartnerProgram.UpdateRequest,
  success: PartnerProgram.UpdateResult,
  errors: [
    customerNotFound,
    eventFailed,
    Endpoint.codes(InvalidPartnerRequest, [2002, 2008, 2009]),
    expiryInPast,
    notLinked,
    programNotFound,
    tierNotFound
  ],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => keyOf(input.body.customersPartnerUpdates)
})

/**
 * `POST /v2/partnerProgram/deLinkCustomer`: ends customers' memberships of partner programs. Not safe to send
 * twice: sent again, it is refused as not linked (2004). A new link needs the membership again, so it is not
 * undone by one. Serialised per customer when it names one.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const delink = Endpoint.make({
  id: "customers.delinkPartnerProgram",
  section: "Partner program",
  summary: "Delink customer from partner program",
  family: "v2",
  method: "POST",
  path: "/v2/partnerProgram/deLinkCustomer",
  body: PartnerProgram.DelinkRequest,
  success: PartnerProgram.DelinkResult,
  errors: [customerNotFound, eventFailed, Endpoint.codes(InvalidPartnerRequest, [2008]), notLinked, programNotFound],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => keyOf(input.body.deLinkCustomers)
})

/**
 * `GET /v2/partnerProgram/customerActivityHistory`: a page of a customer's partner programs with their history
 * (link and tier events, or benefits availed), the most recently changed program first. Serialised per customer
 * by the identifier's value.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const activityHistory = Endpoint.withPaging(
  Endpoint.make({
    id: "customers.partnerActivityHistory",
    section: "Partner program",
    summary: "Get customer partner program activity",
    family: "v2",
    method: "GET",
    path: "/v2/partnerProgram/customerActivityHistory",
    query: PartnerProgram.ActivityHistoryQuery,
    success: PartnerProgram.ActivityHistory,
    errors: [
      customerNotFound,
      Endpoint.codes(InvalidSource, [8003]),
      eventFailed,
      Endpoint.codes(InvalidPartnerRequest, [2013, 2014, 2015]),
      programNotFound,
      Endpoint.codes(PartnerActivityNotFound, [2011])
    ],
    customerKey: (input) => input.query.identifierValue
  }),
  Pagination.offsetLimit({
    items: (page) => page.data,
    total: (page) => page.pagination.total,
    pageSize: PartnerProgram.historyPageSize
  })
)

/**
 * Every partner program endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [link, update, delink, activityHistory] as const
