/**
 * The business outcomes of the user authentication endpoints, each built from the Capillary codes that report
 * it, with Capillary's code and message and the request id. None of them ever carries a password.
 *
 * @since 0.2.0
 */
import { Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * The credentials do not authorise the user: a wrong password, or a customer who never registered for user
 * authentication: code 91024.
 *
 * @since 0.2.0
 * @category errors
 */
export class AuthenticationFailed extends Schema.TaggedError<AuthenticationFailed>()(
  "AuthenticationFailed",
  Endpoint.DomainErrorFields
) {}

/**
 * The mobile number or email is not that of a customer of the organisation (in any source), or the two name
 * different customers: code 91027.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidUsername extends Schema.TaggedError<InvalidUsername>()(
  "InvalidUsername",
  Endpoint.DomainErrorFields
) {}

/**
 * The password is not sent as an MD5 hash (or is the hash of an empty password): code 91028.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidPasswordFormat extends Schema.TaggedError<InvalidPasswordFormat>()(
  "InvalidPasswordFormat",
  Endpoint.DomainErrorFields
) {}

/**
 * The customer is already registered for user authentication: code 91029.
 *
 * @since 0.2.0
 * @category errors
 */
export class UserAlreadyRegistered extends Schema.TaggedError<UserAlreadyRegistered>()(
  "UserAlreadyRegistered",
  Endpoint.DomainErrorFields
) {}

/**
 * Capillary could not register the user: code 91031.
 *
 * @since 0.2.0
 * @category errors
 */
export class RegistrationFailed extends Schema.TaggedError<RegistrationFailed>()(
  "RegistrationFailed",
  Endpoint.DomainErrorFields
) {}

/**
 * Capillary could not update the password (the customer is not registered for user authentication): code 91026.
 *
 * @since 0.2.0
 * @category errors
 */
export class PasswordUpdateFailed extends Schema.TaggedError<PasswordUpdateFailed>()(
  "PasswordUpdateFailed",
  Endpoint.DomainErrorFields
) {}
