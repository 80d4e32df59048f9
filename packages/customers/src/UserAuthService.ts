/**
 * The user authentication service: register a customer's password, authorise a user, update a password. The
 * password is `Redacted` in every request (see `UserAuth.hashPassword`). A registration is not safe to send twice,
 * so when its outcome is unknown (the connection dropped after sending, a timeout, a 5xx) the service asks
 * whether the same credentials now authorise: if they do, the registration happened and the customer is read
 * back; if they do not, it did not, and it is sent again.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError, type Endpoint } from "@capillary-effect/core"
import { Context, Effect, Layer, Option } from "effect"
import type * as Customer from "./Customer.ts"
import * as CustomersApi from "./CustomersApi.ts"
import type * as UserAuthModel from "./UserAuth.ts"
import * as UserAuthApi from "./UserAuthApi.ts"
import { AuthenticationFailed, PasswordUpdateFailed } from "./UserAuthErrors.ts"

/**
 * How a call of an endpoint can fail: transport and protocol failures, and the endpoint's domain errors.
 *
 * @since 0.2.0
 * @category errors
 */
export type ErrorOf<Ep> = CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>

/**
 * The operations of the user authentication service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Registers the password of a customer of the organisation; answers the customer. */
  readonly register: (
    credentials: UserAuthModel.UserCredentials
  ) => Effect.Effect<Customer.Customer, ErrorOf<typeof UserAuthApi.register>>
  /** Succeeds when the credentials authorise the user; a wrong password (or `entity: false`) is `AuthenticationFailed`. */
  readonly authorize: (
    credentials: UserAuthModel.UserCredentials
  ) => Effect.Effect<void, ErrorOf<typeof UserAuthApi.authorize>>
  /** Sets a registered user's new password (`credentials.password`). */
  readonly updatePassword: (
    credentials: UserAuthModel.UserCredentials
  ) => Effect.Effect<void, ErrorOf<typeof UserAuthApi.updatePassword>>
}

/**
 * The user authentication service.
 *
 * @since 0.2.0
 * @category services
 */
export class UserAuth extends Context.Service<UserAuth, Service>()("@capillary-effect/customers/UserAuth") {}

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  // Read back after an ambiguous registration: the credentials authorise, so it happened; they do not (or name
  // no customer), so it did not. Any other failure leaves the outcome unknown.
  const findRegistered = (credentials: UserAuthModel.UserCredentials) =>
    client.execute(UserAuthApi.authorize, { body: credentials }).pipe(
      Effect.flatMap((answer) =>
        answer.entity
          ? Effect.map(
            client.execute(CustomersApi.getByIdentifier, {
              query: credentials.mobile === undefined
                ? { source: "ALL", identifierName: "email", identifierValue: credentials.email! }
                : { source: "ALL", identifierName: "mobile", identifierValue: credentials.mobile }
            }),
            Option.some
          )
          : Effect.succeedNone
      ),
      Effect.catchTag(["AuthenticationFailed", "InvalidUsername"], () => Effect.succeedNone)
    )

  const register = Effect.fn("UserAuth.register")(function*(credentials: UserAuthModel.UserCredentials) {
    return yield* client.execute(UserAuthApi.register, { body: credentials }, {
      reconcile: Effect.suspend(() => findRegistered(credentials))
    })
  })

  const authorize = Effect.fn("UserAuth.authorize")(function*(credentials: UserAuthModel.UserCredentials) {
    const answer = yield* client.execute(UserAuthApi.authorize, { body: credentials })
    // Capillary documents failures as 91024; an `entity: false` answer means the same.
    if (!answer.entity) {
      return yield* new AuthenticationFailed({ code: 91024, message: "the credentials do not authorise the user" })
    }
  })

  const updatePassword = Effect.fn("UserAuth.updatePassword")(function*(credentials: UserAuthModel.UserCredentials) {
    const answer = yield* client.execute(UserAuthApi.updatePassword, { body: credentials })
    // Capillary documents failures as 91026; an `entity: false` answer means the same.
    if (!answer.entity) return yield* new PasswordUpdateFailed({ code: 91026, message: "the password was not updated" })
  })

  return UserAuth.of({ register, authorize, updatePassword })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<UserAuth, never, CapillaryClient.CapillaryClient> = Layer.effect(UserAuth, make)
