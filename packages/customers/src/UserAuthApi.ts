/**
 * The endpoint declarations of Capillary's v2 user authentication (index section "User authentication"):
 * register a customer's password, authorise a user by it, and update it.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import * as Customer from "./Customer.ts"
import * as UserAuth from "./UserAuth.ts"
import {
  AuthenticationFailed,
  InvalidPasswordFormat,
  InvalidUsername,
  PasswordUpdateFailed,
  RegistrationFailed,
  UserAlreadyRegistered
} from "./UserAuthErrors.ts"

const invalidUsername = Endpoint.codes(InvalidUsername, [91027])
const invalidPassword = Endpoint.codes(InvalidPasswordFormat, [91028])

const userKey = (input: { readonly body: UserAuth.UserCredentials }) => input.body.mobile ?? input.body.email

/**
 * `POST /v2/user_auth/register`: registers a password for a customer of the organisation (found by mobile
 * number or email in any source) and answers the customer. Not safe to send twice: sent again, it is 91029 (the
 * user is registered already). Serialised per customer by the mobile number (or email).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const register = Endpoint.make({
  id: "customers.registerUser",
  section: "User authentication",
  summary: "Register user",
  family: "v2",
  method: "POST",
  path: "/v2/user_auth/register",
  body: UserAuth.UserCredentials,
  success: Customer.Customer,
  errors: [
    invalidUsername,
    invalidPassword,
    Endpoint.codes(UserAlreadyRegistered, [91029]),
    Endpoint.codes(RegistrationFailed, [91031])
  ],
  idempotency: Endpoint.unsafe,
  reversibility: Endpoint.irreversible,
  customerKey: userKey
})

/**
 * `POST /v2/user_auth/authorize_user`: whether the credentials are those of a registered user (`entity: true`);
 * a wrong password is 91024. Changes nothing, so it is retried like a read.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const authorize = Endpoint.make({
  id: "customers.authorizeUser",
  section: "User authentication",
  summary: "Authorize user",
  family: "v2",
  method: "POST",
  path: "/v2/user_auth/authorize_user",
  body: UserAuth.UserCredentials,
  success: UserAuth.UserAuthResult,
  errors: [Endpoint.codes(AuthenticationFailed, [91024]), invalidUsername, invalidPassword],
  idempotency: Endpoint.read,
  reversibility: Endpoint.noEffect,
  customerKey: userKey
})

/**
 * `POST /v2/user_auth/update`: sets a registered user's new password (the body's `password`). Setting the same
 * password again leaves the same state, so it is retried like a read. The old password cannot be recovered, so
 * it cannot be undone.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const updatePassword = Endpoint.make({
  id: "customers.updatePassword",
  section: "User authentication",
  summary: "Update password",
  family: "v2",
  method: "POST",
  path: "/v2/user_auth/update",
  body: UserAuth.UserCredentials,
  success: UserAuth.UserAuthResult,
  errors: [Endpoint.codes(PasswordUpdateFailed, [91026]), invalidUsername, invalidPassword],
  idempotency: Endpoint.idempotent,
  reversibility: Endpoint.irreversible,
  customerKey: userKey
})

/**
 * Every user authentication endpoint, for catalogs (the emulator, the playground, the OpenAPI document).
 *
 * @since 0.2.0
 * @category endpoints
 */
export const endpoints = [register, authorize, updatePassword] as const
