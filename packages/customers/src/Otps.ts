/**
 * The OTP service: issue a validation code to a customer's mobile or email, check the code they give, and read
 * a customer's latest valid code (how a test, or a support tool, learns a code no SMS delivered). Codes are
 * `Redacted` throughout, so they never print; a code that does not match is `false`, not a failure.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError, type Endpoint } from "@capillary-effect/core"
import { Context, Effect, Layer } from "effect"
import type * as Customer from "./Customer.ts"
import type * as Otp from "./Otp.ts"
import * as OtpApi from "./OtpApi.ts"

/**
 * How a call of an endpoint can fail: transport and protocol failures, and the endpoint's domain errors.
 *
 * @since 0.2.0
 * @category errors
 */
export type ErrorOf<Ep> = CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>

/**
 * Whose OTP to read: an identifier of the customer, in a source (any when absent) and account; optionally only
 * an OTP issued within the last `thresholdSeconds` and for one action (`scope`).
 *
 * @since 0.2.0
 * @category models
 */
export interface OtpLookup {
  readonly identifier: { readonly type: Otp.OtpIdentifierName; readonly value: string }
  readonly source?: Customer.LookupSource | undefined
  readonly accountId?: string | undefined
  readonly thresholdSeconds?: number | undefined
  readonly scope?: Otp.OtpAction | undefined
}

/**
 * The operations of the OTP service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Issues an OTP and sends it; while the previous one is valid, sends that code again. */
  readonly generate: (request: Otp.OtpGenerate) => Effect.Effect<Otp.OtpCreated, ErrorOf<typeof OtpApi.generate>>
  /** Whether the code is the entity's valid OTP; a matching code is used up. */
  readonly validate: (request: Otp.OtpValidate) => Effect.Effect<boolean, ErrorOf<typeof OtpApi.validate>>
  /** The customer's latest valid OTP. */
  readonly get: (lookup: OtpLookup) => Effect.Effect<Otp.OtpDetails, ErrorOf<typeof OtpApi.get>>
}

/**
 * The OTP service.
 *
 * @since 0.2.0
 * @category services
 */
export class Otps extends Context.Service<Otps, Service>()("@capillary-effect/customers/Otps") {}

const query = (lookup: OtpLookup): Otp.OtpQuery => ({
  ...(lookup.source === undefined ? {} : { source: lookup.source }),
  ...(lookup.accountId === undefined ? {} : { accountId: lookup.accountId }),
  identifierName: lookup.identifier.type,
  identifierValue: lookup.identifier.value,
  ...(lookup.thresholdSeconds === undefined ? {} : { threshold: lookup.thresholdSeconds }),
  ...(lookup.scope === undefined ? {} : { scope: lookup.scope })
})

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const generate = Effect.fn("Otps.generate")(function*(request: Otp.OtpGenerate) {
    return yield* client.execute(OtpApi.generate, { body: request })
  })

  const validate = Effect.fn("Otps.validate")(function*(request: Otp.OtpValidate) {
    const answer = yield* client.execute(OtpApi.validate, { body: request })
    return answer.entity
  })

  const get = Effect.fn("Otps.get")(function*(lookup: OtpLookup) {
    return yield* client.execute(OtpApi.get, { query: query(lookup) })
  })

  return Otps.of({ generate, validate, get })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Otps, never, CapillaryClient.CapillaryClient> = Layer.effect(Otps, make)
