/** The user authentication declarations as data: routes, idempotency, reversibility, error codes, keys, schemas. */
import { Endpoint } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { UserAuth, UserAuthApi } from "../src/index.ts"
import * as Examples from "./fixtures/accessUserAuth.ts"

const codesOf = (endpoint: Endpoint.Any) =>
  Object.fromEntries(
    endpoint.errors.flatMap((mapping) => mapping.codes.map((code) => [code, new mapping.error({ code, message: "" })]))
      .map(([code, error]) => [code, (error as { _tag: string })._tag])
  )

describe("UserAuthApi", () => {
  it("declares the three v2 routes under stable ids, in the index section User authentication", () => {
    assert.deepStrictEqual(
      UserAuthApi.endpoints.map((endpoint) => [endpoint.id, endpoint.method, endpoint.path, endpoint.section]),
      [
        ["customers.registerUser", "POST", "/v2/user_auth/register", "User authentication"],
        ["customers.authorizeUser", "POST", "/v2/user_auth/authorize_user", "User authentication"],
        ["customers.updatePassword", "POST", "/v2/user_auth/update", "User authentication"]
      ]
    )
  })

  it("a registration is sent once; an authorisation is a read; an update is idempotent and cannot be undone", () => {
    assert.deepStrictEqual(UserAuthApi.register.idempotency, Endpoint.unsafe)
    assert.deepStrictEqual(UserAuthApi.register.reversibility, Endpoint.irreversible)
    assert.deepStrictEqual(UserAuthApi.authorize.idempotency, Endpoint.read)
    assert.deepStrictEqual(UserAuthApi.authorize.reversibility, Endpoint.noEffect)
    assert.deepStrictEqual(UserAuthApi.updatePassword.idempotency, Endpoint.idempotent)
    assert.deepStrictEqual(UserAuthApi.updatePassword.reversibility, Endpoint.irreversible)
  })

  it("maps every documented error code to its named error, on the endpoints where it can occur", () => {
    const format = { 91027: "InvalidUsername", 91028: "InvalidPasswordFormat" }
    assert.deepStrictEqual(codesOf(UserAuthApi.register), {
      ...format,
      91029: "UserAlreadyRegistered",
      91031: "RegistrationFailed"
    })
    assert.deepStrictEqual(codesOf(UserAuthApi.authorize), { ...format, 91024: "AuthenticationFailed" })
    assert.deepStrictEqual(codesOf(UserAuthApi.updatePassword), { ...format, 91026: "PasswordUpdateFailed" })
    const declared = new Set(UserAuthApi.endpoints.flatMap((endpoint) => Object.keys(codesOf(endpoint))))
    assert.deepStrictEqual([...declared].sort(), Object.keys(Examples.errorCodes).sort())
  })

  it("serialises per customer by the mobile number, else the email", () => {
    const password = UserAuth.hashPassword("tom123")
    assert.strictEqual(
      UserAuthApi.register.customerKey?.({ body: { mobile: "71000000000", email: "t@x.com", password } }),
      "71000000000"
    )
    assert.strictEqual(UserAuthApi.authorize.customerKey?.({ body: { email: "t@x.com", password } }), "t@x.com")
  })

  it("every request and response schema has a JSON Schema of its wire form", () => {
    for (const endpoint of UserAuthApi.endpoints) {
      for (const schema of [endpoint.body, endpoint.success]) {
        const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema as Endpoint.Codec<unknown>))
        assert.isObject(document.schema, endpoint.id)
      }
    }
  })
})
