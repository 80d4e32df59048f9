/**
 * The referrals service: record a customer's invitations, read their code, invitees (one page, or all as a
 * stream), referees and incentives by id or by identifier, validate a referral code, and the v1.1 referral and
 * read, each failing with the domain errors its endpoint declares. Recording invitations is not safe to send
 * twice and has no natural key to read back by, so an unknown outcome is reported as ambiguous, not re-sent.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer, type Stream } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import type * as Customer from "./Customer.ts"
import type { CustomerMerged, CustomerNotFound, InvalidIdentifier, InvalidSource } from "./CustomerErrors.ts"
import type { IdentifierLookup } from "./Customers.ts"
import type * as Referral from "./Referral.ts"
import type { InvalidCampaign, ReferralTypeNotSupported } from "./ReferralErrors.ts"
import * as ReferralsApi from "./ReferralsApi.ts"

/**
 * How recording or reading a customer's referrals by id can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type ReferralsError = CapillaryError.CapillaryError | CustomerNotFound | InvalidCampaign | CustomerMerged

/**
 * How reading referrals by identifier can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type LookupError = ReferralsError | InvalidSource | InvalidIdentifier

/**
 * How a v1.1 referral can fail as a whole (one referrer; with several, each carries its own status).
 *
 * @since 0.2.0
 * @category errors
 */
export type ReferV11Error =
  | CapillaryError.CapillaryError
  | CustomerNotFound
  | ReferralTypeNotSupported
  | InvalidCampaign

/**
 * How a v1.1 read can fail.
 *
 * @since 0.2.0
 * @category errors
 */
export type GetV11Error = CapillaryError.CapillaryError | CustomerNotFound | InvalidCampaign

/**
 * Which campaign (the default one when absent) and which page of invitees (`offset` from 0, `limit` default 10).
 *
 * @since 0.2.0
 * @category models
 */
export interface ReadOptions {
  readonly campaignToken?: string | undefined
  readonly offset?: number | undefined
  readonly limit?: number | undefined
}

/**
 * The operations of the referrals service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Records a customer's invitations; the answer echoes them. */
  readonly add: (
    userId: Customer.CustomerId,
    referrals: Referral.ReferralsAdd
  ) => Effect.Effect<Referral.ReferralsAdded, ReferralsError>
  /** A customer's code, one page of invitees, referees and incentives in a campaign. */
  readonly get: (
    userId: Customer.CustomerId,
    options?: ReadOptions
  ) => Effect.Effect<Referral.Referrals, ReferralsError>
  /** Every invitee of a customer in a campaign, page after page. */
  readonly invitees: (
    userId: Customer.CustomerId,
    campaignToken?: string
  ) => Stream.Stream<Referral.InviteeRecord, ReferralsError>
  /** The referrals of the customer with an identifier in a source, in a campaign. */
  readonly getByIdentifier: (
    lookup: IdentifierLookup & { readonly campaignToken: string },
    page?: { readonly offset?: number | undefined; readonly limit?: number | undefined }
  ) => Effect.Effect<Referral.Referrals, LookupError>
  /** Whether a referral code belongs to a referrer of the organisation. */
  readonly validate: (code: string) => Effect.Effect<boolean, CapillaryError.CapillaryError>
  /** The v1.1 referral: each referrer with its own status, each invitee with its own. */
  readonly referV11: (
    referrers: NonEmptyReadonlyArray<Referral.V11Referrer>
  ) => Effect.Effect<Referral.V11ReferResult, ReferV11Error>
  /** The v1.1 read of a referrer's code, invitees, referees and incentives. */
  readonly getV11: (query: Referral.V11ReferralsQuery) => Effect.Effect<Referral.V11Referrals, GetV11Error>
}

/**
 * The referrals service.
 *
 * @since 0.2.0
 * @category services
 */
export class Referrals extends Context.Service<Referrals, Service>()("@capillary-effect/customers/Referrals") {}

const page = (options: ReadOptions = {}) => ({
  ...(options.offset === undefined ? {} : { offset: options.offset }),
  ...(options.limit === undefined ? {} : { limit: options.limit })
})

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const add = Effect.fn("Referrals.add")(function*(userId: Customer.CustomerId, referrals: Referral.ReferralsAdd) {
    return yield* client.execute(ReferralsApi.add, { path: { userId }, body: referrals })
  })

  const query = (options: ReadOptions = {}): Referral.ReferralsQuery => ({
    ...(options.campaignToken === undefined ? {} : { campaignToken: options.campaignToken }),
    ...page(options)
  })

  const get = Effect.fn("Referrals.get")(function*(userId: Customer.CustomerId, options?: ReadOptions) {
    return yield* client.execute(ReferralsApi.get, { path: { userId }, query: query(options) })
  })

  const invitees = (userId: Customer.CustomerId, campaignToken?: string) =>
    client.stream(ReferralsApi.get, { path: { userId }, query: query({ campaignToken }) })

  const getByIdentifier = Effect.fn("Referrals.getByIdentifier")(function*(
    lookup: IdentifierLookup & { readonly campaignToken: string },
    options?: { readonly offset?: number | undefined; readonly limit?: number | undefined }
  ) {
    return yield* client.execute(ReferralsApi.getByIdentifier, {
      query: {
        source: lookup.source,
        ...(lookup.accountId === undefined ? {} : { accountId: lookup.accountId }),
        identifierName: lookup.identifier.type,
        identifierValue: lookup.identifier.value,
        campaignToken: lookup.campaignToken,
        ...page(options)
      }
    })
  })

  const validate = Effect.fn("Referrals.validate")(function*(code: string) {
    const { entity } = yield* client.execute(ReferralsApi.validate, { query: { code } })
    return entity
  })

  const referV11 = Effect.fn("Referrals.referV11")(function*(referrers: NonEmptyReadonlyArray<Referral.V11Referrer>) {
    return yield* client.execute(ReferralsApi.referV11, { body: { root: { customer: referrers } } })
  })

  const getV11 = Effect.fn("Referrals.getV11")(function*(request: Referral.V11ReferralsQuery) {
    return yield* client.execute(ReferralsApi.getV11, { query: request })
  })

  return Referrals.of({ add, get, invitees, getByIdentifier, validate, referV11, getV11 })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Referrals, never, CapillaryClient.CapillaryClient> = Layer.effect(Referrals, make)
