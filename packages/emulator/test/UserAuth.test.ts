/**
 * Contract tests of the user authentication endpoints: every operation of `@capillary-effect/customers`'
 * `UserAuth` service runs through the SDK, over real HTTP, against the emulator's behaviours on its database. The
 * catalog is the default one plus `UserAuthBehaviours.catalog`, built here.
 */
import { Auth, CapillaryError } from "@capillary-effect/core"
import { Customer, UserAuth, UserAuthErrors, UserAuthService } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, Faults, RequestLog, Seed, UserAuthBehaviours } from "../src/index.ts"
import { admin } from "./fixtures/admin.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, UserAuthBehaviours.catalog)

const { ann, bob, tom } = Seed.demo.customers

const otherOrg = tillService(
  UserAuthService.UserAuth,
  UserAuthService.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

const credentials = (
  user: { readonly mobile?: string; readonly email?: string },
  typed: string
): UserAuth.UserCredentials => ({ ...user, password: UserAuth.hashPassword(typed) })

const credentialOf = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ algorithm: string; salt: string; hash: string; generation: number }>`SELECT algorithm, salt, hash,
        generation FROM user_auth_credentials WHERE customer_id = ${customerId}`,
      ([row]) => row
    )
  )

const testLayer = UserAuthService.layer.pipe(
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("User authentication against the emulator", (it) => {
  describe("register, authorise, update", () => {
    it.effect("registers a customer's password and answers the customer; only a salted hash is kept", () =>
      Effect.gen(function*() {
        const auth = yield* UserAuthService.UserAuth
        const customer = yield* auth.register(credentials({ mobile: tom.mobile, email: tom.email }, "s3cret-tom"))
        assert.instanceOf(customer, Customer.Customer)
        assert.strictEqual<number>(customer.id, tom.id)
        assert.deepStrictEqual(customer.profiles.map((profile) => profile.firstName), ["Tom"])

        const row = yield* credentialOf(tom.id)
        assert.isDefined(row)
        assert.match(row!.hash, /^[0-9a-f]{64}$/)
        assert.match(row!.salt, /^[0-9a-f]{32}$/)
        assert.match(row!.algorithm, /^scrypt:/)
        assert.strictEqual(row!.generation, 1)
        // neither the typed password nor its digest is anywhere in the emulator's state
        const state = JSON.stringify((yield* admin("/snapshot", { method: "POST" })).body)
        for (const secret of ["s3cret-tom", Auth.md5Hex("s3cret-tom")]) {
          assert.notInclude(JSON.stringify(row), secret)
          assert.notInclude(state, secret)
        }

        yield* auth.authorize(credentials({ mobile: tom.mobile }, "s3cret-tom"))
        yield* auth.authorize(credentials({ email: tom.email }, "s3cret-tom"))
        // the digest's case does not matter
        yield* auth.authorize({ email: tom.email, password: Redacted.make(Auth.md5Hex("s3cret-tom").toUpperCase()) })
      }))

    it.effect("a wrong password, an unregistered customer, an unknown or mixed username are refused", () =>
      Effect.gen(function*() {
        const auth = yield* UserAuthService.UserAuth
        yield* auth.register(credentials({ email: ann.email }, "ann-pass"))
        const wrong = yield* Effect.flip(auth.authorize(credentials({ email: ann.email }, "not-ann")))
        assert.instanceOf(wrong, UserAuthErrors.AuthenticationFailed)
        assert.strictEqual((wrong as UserAuthErrors.AuthenticationFailed).code, 91024)
        assert.notInclude(JSON.stringify(wrong), Auth.md5Hex("not-ann"))
        // Bob is a customer, but never registered
        assert.instanceOf(
          yield* Effect.flip(auth.authorize(credentials({ mobile: bob.mobile }, "bob-pass"))),
          UserAuthErrors.AuthenticationFailed
        )
        assert.instanceOf(
          yield* Effect.flip(auth.updatePassword(credentials({ mobile: bob.mobile }, "bob-pass"))),
          UserAuthErrors.PasswordUpdateFailed
        )
        assert.strictEqual(yield* credentialOf(bob.id), undefined)
        // no such customer, or the mobile of one and the email of another
        for (
          const user of [{ mobile: "919999999999" }, { email: "nobody@example.com" }, {
            mobile: ann.mobile,
            email: tom.email
          }]
        ) {
          const error = yield* Effect.flip(auth.authorize(credentials(user, "ann-pass")))
          assert.instanceOf(error, UserAuthErrors.InvalidUsername)
          assert.strictEqual((error as UserAuthErrors.InvalidUsername).code, 91027)
          assert.instanceOf(
            yield* Effect.flip(auth.register(credentials(user, "ann-pass"))),
            UserAuthErrors.InvalidUsername
          )
        }
        // registered already
        const again = yield* Effect.flip(auth.register(credentials({ mobile: ann.mobile }, "ann-pass")))
        assert.instanceOf(again, UserAuthErrors.UserAlreadyRegistered)
        assert.strictEqual((again as UserAuthErrors.UserAlreadyRegistered).code, 91029)
      }))

    it.effect("an update replaces the password with a new salt: the old one no longer authorises", () =>
      Effect.gen(function*() {
        const auth = yield* UserAuthService.UserAuth
        yield* auth.register(credentials({ mobile: bob.mobile }, "bob-first"))
        const before = yield* credentialOf(bob.id)
        yield* auth.updatePassword(credentials({ mobile: bob.mobile, email: bob.email }, "bob-second"))
        const after = yield* credentialOf(bob.id)
        assert.strictEqual(after!.generation, 2)
        assert.notStrictEqual(after!.salt, before!.salt)
        assert.notStrictEqual(after!.hash, before!.hash)
        assert.instanceOf(
          yield* Effect.flip(auth.authorize(credentials({ mobile: bob.mobile }, "bob-first"))),
          UserAuthErrors.AuthenticationFailed
        )
        yield* auth.authorize(credentials({ email: bob.email }, "bob-second"))
        // setting the same password again is the same state for the user (a new salt, the same answer)
        yield* auth.updatePassword(credentials({ mobile: bob.mobile }, "bob-second"))
        yield* auth.authorize(credentials({ mobile: bob.mobile }, "bob-second"))
      }))

    it.effect("the same password of two customers is stored as two different hashes", () =>
      Effect.gen(function*() {
        const auth = yield* UserAuthService.UserAuth
        const sql = yield* SqlClient.SqlClient
        const rows = yield* sql<{ salt: string; hash: string }>`SELECT salt, hash FROM user_auth_credentials`
        // earlier tests registered Tom, Ann and Bob with different passwords; the salts are all different
        assert.strictEqual(new Set(rows.map((row) => row.salt)).size, rows.length)
        const other = yield* otherOrg
        const olga = Seed.demo.otherCustomer
        yield* other.register(credentials({ mobile: olga.mobile }, "s3cret-tom"))
        const [tomRow, olgaRow] = [yield* credentialOf(tom.id), yield* credentialOf(olga.id)]
        assert.notStrictEqual(olgaRow!.hash, tomRow!.hash)
        assert.notStrictEqual(olgaRow!.salt, tomRow!.salt)
        yield* auth.authorize(credentials({ mobile: tom.mobile }, "s3cret-tom"))
      }))

    it.effect("another organisation cannot authorise this one's users", () =>
      Effect.gen(function*() {
        const other = yield* otherOrg
        assert.instanceOf(
          yield* Effect.flip(other.authorize(credentials({ mobile: tom.mobile }, "s3cret-tom"))),
          UserAuthErrors.InvalidUsername
        )
      }))
  })

  describe("refusals and faults", () => {
    it.effect("Capillary's codes for a password that is not an MD5 digest (91028) and a missing username (91027)", () =>
      Effect.gen(function*() {
        const cases: ReadonlyArray<[unknown, number]> = [
          // the documented request, as published: a plain password
          [{ mobile: "71000000000", email: "tom.sawyer@example.com", password: "tom123" }, 91028],
          [{ mobile: tom.mobile, password: UserAuth.emptyPasswordDigest }, 91028],
          [{ mobile: tom.mobile }, 91028],
          [{ password: Auth.md5Hex("x") }, 91027],
          [{ mobile: "12", password: Auth.md5Hex("x") }, 91027]
        ]
        for (const path of ["/v2/user_auth/register", "/v2/user_auth/authorize_user", "/v2/user_auth/update"]) {
          for (const [body, code] of cases) {
            const answer = yield* raw(path, { method: "POST", body })
            assert.strictEqual(answer.status, 400)
            assert.strictEqual(answer.body.errors[0].code, code, `${path} ${JSON.stringify(body)}`)
          }
        }
        const documented = yield* raw("/v2/user_auth/register", { method: "POST", body: cases[0]![0] })
        assert.strictEqual(
          documented.body.errors[0].message,
          "Invalid password format. Pass the password in MD5 Hash format"
        )
      }))

    it.effect("the request log masks passwords and usernames", () =>
      Effect.gen(function*() {
        const auth = yield* UserAuthService.UserAuth
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        yield* auth.authorize(credentials({ mobile: tom.mobile, email: tom.email }, "s3cret-tom"))
        const [entry] = yield* log.recent(10)
        assert.deepStrictEqual(entry!.requestBody, {
          mobile: "<redacted>",
          email: "<redacted>",
          password: "<redacted>"
        })
        assert.notInclude(JSON.stringify(entry), Auth.md5Hex("s3cret-tom"))
      }))

    it.effect("a registration applied and then cut off is reconciled by authorising, not sent twice", () =>
      Effect.gen(function*() {
        const auth = yield* UserAuthService.UserAuth
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const mobile = "919300000777"
        // a new customer of the demo org to register
        const customer = yield* raw("/v2/customers", {
          method: "POST",
          body: { profiles: [{ source: "INSTORE", identifiers: [{ type: "mobile", value: mobile }] }] }
        })
        assert.strictEqual(customer.status, 200)
        yield* log.clear
        const registered = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "customers.registerUser", times: 1 }]),
          () => auth.register(credentials({ mobile }, "new-pass")),
          () => faults.clear()
        )
        assert.strictEqual(registered.id, customer.body.createdId)
        assert.deepStrictEqual((yield* log.recent(10)).map((entry) => [entry.endpoint, entry.status]), [
          ["customers.registerUser", 0],
          ["customers.authorizeUser", 200],
          ["customers.getByIdentifier", 200]
        ])
        const again = yield* Effect.flip(auth.register(credentials({ mobile }, "new-pass")))
        assert.instanceOf(again, UserAuthErrors.UserAlreadyRegistered)
        assert(!(again instanceof CapillaryError.CapillaryError))
      }))
  })
})
