/**
 * User authentication, as Capillary's v2 `user_auth` endpoints send and receive it: a customer of the
 * organisation (known by mobile number or email, in any source) registers a password for the brand's web page or
 * app, is authorised with it, and changes it.
 *
 * Capillary takes the password as the MD5 hex digest of what the user typed (91028 otherwise). The password is a
 * secret: the schemas hold it as `Redacted`, so it never prints (in logs, spans, error messages or
 * `JSON.stringify`); `hashPassword` makes the digest from what the user typed, without exposing either. The MD5
 * digest of the empty string is refused as a password (it is no password); Capillary does not document more rules.
 *
 * @since 0.2.0
 */
import { Auth, Envelope } from "@capillary-effect/core"
import { Redacted, Schema } from "effect"
import * as Customer from "./Customer.ts"

/**
 * The MD5 hex digest of the empty string: sent as a password, it means none was given.
 *
 * @since 0.2.0
 * @category passwords
 */
export const emptyPasswordDigest = "d41d8cd98f00b204e9800998ecf8427e"

const digestMessage = "a password is sent as the MD5 hex digest (32 hex characters) of a non-empty password"

/**
 * A password on the wire: the MD5 hex digest (32 hexadecimal characters, either case) of a non-empty password.
 *
 * @since 0.2.0
 * @category passwords
 */
export const PasswordDigest = Schema.String.check(
  Schema.isPattern(/^[a-fA-F0-9]{32}$/, { message: digestMessage }),
  Schema.makeFilter((digest) => digest.toLowerCase() === emptyPasswordDigest ? digestMessage : undefined)
)

/**
 * A password digest, held `Redacted` so it never prints; sent as the plain digest.
 *
 * @since 0.2.0
 * @category passwords
 */
export const Password = Schema.RedactedFromValue(PasswordDigest)

/**
 * The type of `Password`.
 *
 * @since 0.2.0
 * @category passwords
 */
export type Password = typeof Password.Type

/**
 * The password Capillary expects from what the user typed: its MD5 hex digest, `Redacted`.
 *
 * @since 0.2.0
 * @category passwords
 */
export const hashPassword = (typed: string | Redacted.Redacted<string>): Password =>
  Redacted.make(Auth.md5Hex(Redacted.isRedacted(typed) ? Redacted.value(typed) : typed))

/**
 * The body of every `user_auth` call: the user's mobile number or email (at least one; both must name the same
 * customer) and the password digest (the new one, for an update).
 *
 * @since 0.2.0
 * @category requests
 */
export const UserCredentials = Schema.Struct({
  mobile: Schema.optional(Customer.Mobile),
  email: Schema.optional(Customer.Email),
  password: Password
}).check(Schema.makeFilter((credentials) =>
  credentials.mobile === undefined && credentials.email === undefined
    ? { path: ["mobile"], issue: "a user is named by a mobile number or an email" }
    : undefined
))

/**
 * The type of `UserCredentials`.
 *
 * @since 0.2.0
 * @category requests
 */
export type UserCredentials = typeof UserCredentials.Type

/**
 * The answer to an authorisation or a password update: `entity: true` when done.
 *
 * @since 0.2.0
 * @category responses
 */
export const UserAuthResult = Schema.Struct({
  entity: Schema.Boolean,
  warnings: Envelope.V2Warnings
})

/**
 * The type of `UserAuthResult`.
 *
 * @since 0.2.0
 * @category responses
 */
export type UserAuthResult = typeof UserAuthResult.Type
