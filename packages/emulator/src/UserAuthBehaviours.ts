/**
 * What the emulator does for the user authentication endpoints of `@capillary-effect/customers`. The user is a
 * customer of the caller's organisation, named by mobile number or email in any source (both, when given, must
 * be the same customer's; 91027 otherwise). The password arrives as an MD5 hex digest (91028 otherwise, and for
 * the digest of an empty password) and is stored only as a salted scrypt hash of that digest, with a salt drawn
 * from the emulator's seeded `Random`; no password or digest is kept, logged or returned.
 *
 * - Register: a customer with no password yet gets one (91029 when they have one) and the answer is the customer,
 *   with every profile.
 * - Authorize: `entity: true` when the digest hashes to the stored hash; a wrong password, or a customer who never
 *   registered, is 91024.
 * - Update: a registered customer's password is replaced (with a new salt); an unregistered one is 91026. As
 *   Capillary documents it, the update carries only the new password.
 *
 * Requires the customers tables (`CustomerBehaviours.migrations`, included here).
 *
 * @since 0.2.0
 */
import { Customer, UserAuth, UserAuthApi } from "@capillary-effect/customers"
import { Effect, Redacted, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import { handle, type RawInput, Rejection } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as CustomerStore from "./internal/customers.ts"
import * as Store from "./internal/userAuth.ts"

/**
 * The credentials table, after those of customers.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  "0131_user_auth": Store.createTables
}

const isDigest = Schema.is(UserAuth.PasswordDigest)
const isMobile = Schema.is(Customer.Mobile)
const isEmail = Schema.is(Customer.Email)

/** A body Capillary refuses with a code of its own: no valid mobile number or email 91027, a password 91028. */
const rejectCredentials = (input: RawInput) => {
  const body = typeof input.body === "object" && input.body !== null && !Array.isArray(input.body)
    ? input.body as Record<string, unknown>
    : undefined
  if (body === undefined) return undefined
  const { email, mobile, password } = body
  if (mobile === undefined && email === undefined) {
    return Store.invalidUsername("pass a mobile number or an email")
  }
  if ((mobile !== undefined && !isMobile(mobile)) || (email !== undefined && !isEmail(email))) {
    return Store.invalidUsername("not a valid mobile number or email")
  }
  return isDigest(password)
    ? undefined
    : new Rejection({
      status: 400,
      code: 91028,
      message: "Invalid password format. Pass the password in MD5 Hash format"
    })
}

/**
 * `customers.registerUser`: registers the customer's password; answers the customer.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const register = handle(
  UserAuthApi.register,
  (input, context) =>
    Effect.gen(function*() {
      const { orgId } = context.principal
      const customerId = yield* Store.resolve(orgId, input.body)
      yield* Store.register({ orgId, customerId, digest: Redacted.value(input.body.password), now: context.now })
      const customer = yield* CustomerStore.load(orgId, customerId, { source: "ALL" })
      if (customer === undefined) return yield* Store.invalidUsername("no customer has that mobile number or email")
      return customer
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectCredentials }
)

/**
 * `customers.authorizeUser`: `entity: true` for the registered password; 91024 otherwise.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const authorize = handle(
  UserAuthApi.authorize,
  (input, context) =>
    Effect.gen(function*() {
      const customerId = yield* Store.resolve(context.principal.orgId, input.body)
      yield* Store.authorize(customerId, Redacted.value(input.body.password))
      return { entity: true, warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectCredentials }
)

/**
 * `customers.updatePassword`: replaces a registered customer's password.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updatePassword = handle(
  UserAuthApi.updatePassword,
  (input, context) =>
    Effect.gen(function*() {
      const customerId = yield* Store.resolve(context.principal.orgId, input.body)
      yield* Store.update({ customerId, digest: Redacted.value(input.body.password), now: context.now })
      return { entity: true, warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectCredentials }
)

/**
 * The user authentication endpoints, their behaviours and their migrations, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: UserAuthApi.endpoints,
  behaviours: [register, authorize, updatePassword],
  migrations
}
