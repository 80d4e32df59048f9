/**
 * The endpoint declarations of Capillary's v2 OTP endpoints (index section "OTP"): generate a validation code
 * and send it, validate the code a customer gives, and read the latest valid code of a customer.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { CustomerNotFound, InvalidIdentifier, InvalidSource } from "./CustomerErrors.ts"
import * as Otp from "./Otp.ts"
import { InvalidOtp, InvalidOtpRequest, NoValidOtp, OtpLimitExceeded, OtpNotGenerated } from "./OtpErrors.ts"

const customerNotFound = Endpoint.codes(CustomerNotFound, [8015])
const invalidRequest = Endpoint.codes(InvalidOtpRequest, [600, 601, 602, 603, 604, 607, 621, 8056])

/**
 * `POST /v2/otp/generate`: issues an OTP for an entity and action and sends it through the channels. Repeated
 * while the previous OTP of the entity and action is valid, it sends the same code again, so a retry issues
 * nothing new (it counts against the daily cap, as every send does). Serialised per entity value.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const generate = Endpoint.make({
  id: "customers.generateOtp",
  section: "OTP",
  summary: "Generate OTP",
  family: "v2",
  method: "POST",
  path: "/v2/otp/generate",
  body: Otp.OtpGenerate,
  success: Otp.OtpCreated,
  errors: [
    invalidRequest,
    Endpoint.codes(OtpLimitExceeded, [429]),
    Endpoint.codes(OtpNotGenerated, [606, 608, 874, 875]),
    customerNotFound
  ],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => input.body.entityValue
})

/**
 * `POST /v2/otp/validate`: whether a code is the valid OTP of the entity (`entity: false` when it does not
 * match). A code that matches is used up: validated again, it is no longer valid. Not safe to send twice (the
 * second answer cannot tell that the first matched). Serialised per entity value.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const validate = Endpoint.make({
  id: "customers.validateOtp",
  section: "OTP",
  summary: "Validate OTP",
  family: "v2",
  method: "POST",
  path: "/v2/otp/validate",
  body: Otp.OtpValidate,
  success: Otp.OtpValidation,
  errors: [invalidRequest, Endpoint.codes(InvalidOtp, [605, 876]), Endpoint.codes(NoValidOtp, [9001])],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: (input) => input.body.entityValue
})

/**
 * `GET /v2/otp`: the latest valid (unexpired, unused) OTP of a customer, optionally issued within the last
 * `threshold` seconds and for one action (`scope`). Serialised per customer by the identifier's value.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const get = Endpoint.make({
  id: "customers.getOtp",
  section: "OTP",
  summary: "Get OTP",
  family: "v2",
  method: "GET",
  path: "/v2/otp",
  query: Otp.OtpQuery,
  success: Otp.OtpDetails,
  errors: [
    customerNotFound,
    Endpoint.codes(InvalidSource, [8003]),
    Endpoint.codes(InvalidIdentifier, [8013]),
    Endpoint.codes(NoValidOtp, [9001])
  ],
  customerKey: (input) => input.query.identifierValue
})

/**
 * Every OTP endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [generate, validate, get] as const
