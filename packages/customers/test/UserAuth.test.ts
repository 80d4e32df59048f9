/** The user authentication schemas: documented examples, the password digest kept Redacted, refusals. */
import { Auth } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Redacted, Result, Schema } from "effect"
import { Customer, UserAuth } from "../src/index.ts"
import * as Examples from "./fixtures/accessUserAuth.ts"

const decode = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success as S["Type"]
}

const refusal = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

describe("UserAuth", () => {
  it("decodes the documented answers: the registered customer, and entity: true", () => {
    // as published, the register answer is not JSON (a trailing comma); the fixture removes only that comma
    assert.throws(() => JSON.parse(Examples.registerResponseText))
    const customer = decode(Customer.Customer, Examples.registerResponse)
    assert.instanceOf(customer, Customer.Customer)
    assert.strictEqual(customer.id, 24335250)
    assert.deepStrictEqual(customer.profiles[0]!.identifiers.map(({ type }) => type), ["email", "externalId"])
    assert.strictEqual(customer.loyaltyInfo?.lifetimePurchases, 2000)
    assert.deepStrictEqual(decode(UserAuth.UserAuthResult, Examples.authorizeResponse), { entity: true, warnings: [] })
    assert.deepStrictEqual(decode(UserAuth.UserAuthResult, Examples.updateResponse), { entity: true, warnings: [] })
  })

  it("refuses the documented requests as published: their password is not an MD5 digest (Capillary's 91028)", () => {
    for (const example of [Examples.registerRequest, Examples.authorizeRequest, Examples.updateRequest]) {
      const message = refusal(UserAuth.UserCredentials, example)
      assert.include(message, "MD5 hex digest")
      assert.notInclude(message, example.password)
      // the same request with the digest of its password decodes, and encodes back to the digest
      const hashed = { ...example, password: Auth.md5Hex(example.password) }
      const credentials = decode(UserAuth.UserCredentials, hashed)
      assert.deepStrictEqual(Schema.encodeSync(UserAuth.UserCredentials)(credentials), hashed)
    }
  })

  it("hashPassword makes the digest Capillary expects, and it never prints", () => {
    const password = UserAuth.hashPassword("tom123")
    assert.strictEqual(Redacted.value(password), Auth.md5Hex("tom123"))
    assert.strictEqual(Redacted.value(UserAuth.hashPassword(Redacted.make("tom123"))), Auth.md5Hex("tom123"))
    const credentials = decode(UserAuth.UserCredentials, {
      mobile: "71000000000",
      password: Redacted.value(password)
    })
    for (const printed of [String(credentials.password), JSON.stringify(credentials), `${password}`]) {
      assert.notInclude(printed, Auth.md5Hex("tom123"))
      assert.notInclude(printed, "tom123")
    }
  })

  it("refuses a request without a user, with a bad mobile or email, or with the digest of an empty password", () => {
    const password = Auth.md5Hex("tom123")
    assert.include(refusal(UserAuth.UserCredentials, { password }), "a user is named by a mobile number or an email")
    assert.include(refusal(UserAuth.UserCredentials, { mobile: "12", password }), "mobile number")
    assert.include(refusal(UserAuth.UserCredentials, { email: "tom", password }), "email address")
    assert.include(refusal(UserAuth.UserCredentials, { mobile: "71000000000", password: "" }), "MD5 hex digest")
    assert.strictEqual(Auth.md5Hex(""), UserAuth.emptyPasswordDigest)
    assert.include(
      refusal(UserAuth.UserCredentials, { mobile: "71000000000", password: UserAuth.emptyPasswordDigest }),
      "non-empty password"
    )
    // either case of hex digits is a digest
    decode(UserAuth.UserCredentials, { email: "tom@example.com", password: password.toUpperCase() })
  })
})
