import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit } from "effect"
import { Auth, CapillaryError, Credentials, Redaction } from "../src/index.ts"
import { makeClient } from "./fixtures/client.ts"
import * as Endpoints from "./fixtures/endpoints.ts"
import { captured } from "./fixtures/observe.ts"
import { start } from "./fixtures/server.ts"

const password = "S3cret-Pa55word"
const token = "eyJraWQiOiJrMSJ9.eyJvcmdfaWQiOjUwMTI4fQ.c2lnbmF0dXJlLXNlY3JldA"
const clientSecret = "client-secret-value-123"
const mobile = "919876543210"
const email = "tom.sawyer@example.com"
const secrets = [password, Auth.md5Hex(password), token, clientSecret, mobile, email]

const assertClean = (text: string, where: string) => {
  for (const secret of secrets) assert.notInclude(text, secret, `${where} leaks a secret`)
}

const errorTexts = (exit: Exit.Exit<unknown, unknown>) => {
  assert(Exit.isFailure(exit))
  const error = Cause.squash(exit.cause) as Error
  return [error.message, String(error), JSON.stringify(error), Cause.pretty(exit.cause)].join("\n")
}

describe("Redaction", () => {
  it("masks tokens, Basic credentials, MD5 digests, emails and mobile numbers in text", () => {
    const text = `Basic c3RvcmU6OGExNmE2YjcwNTA1 and ${token} for ${email} at +${mobile} md5 ${Auth.md5Hex(password)}`
    const masked = Redaction.redactText(text)
    assertClean(masked, "redactText")
    assert.notInclude(masked, "c3RvcmU6OGExNmE2YjcwNTA1")
    assert.include(masked, Redaction.mask)
  })

  it("masks an OTP sent as `code`, and leaves other codes alone", () => {
    const validate = Redaction.redactValue({ entityType: "MOBILE", entityValue: "x", code: "4PZGXC" }) as any
    assert.strictEqual(validate.code, Redaction.mask)
    const read = Redaction.redactValue({ userId: 1, code: "538AD87", validUpto: "2017-08-07T21:44:20+05:30" }) as any
    assert.strictEqual(read.code, Redaction.mask)
    const failure = Redaction.redactValue({ errors: [{ status: false, code: 8015, message: "not found" }] }) as any
    assert.strictEqual(failure.errors[0].code, 8015)
    const series = Redaction.redactValue({ code: "GOLDDIG5", name: "Gold" }) as any
    assert.strictEqual(series.code, "GOLDDIG5")
  })

  it("masks values under sensitive names, deeply, and sensitive query parameters", () => {
    const value = Redaction.redactValue({
      password,
      nested: { identifierValue: "anything", list: [{ email }], note: `call ${mobile}` },
      points: 10
    }) as Record<string, any>
    assertClean(JSON.stringify(value), "redactValue")
    assert.strictEqual(value.points, 10)
    assert.strictEqual(value.nested.identifierValue, Redaction.mask)
    const url = Redaction.redactUrl(
      `/v2/customers/lookup?identifierName=mobile&identifierValue=${mobile}&source=INSTORE`
    )
    assertClean(url, "redactUrl")
    assert.include(url, "source=INSTORE")
    assert.include(url, "identifierName=mobile")
  })

  it.live("no password, token, mobile number or email reaches logs, spans or error messages", () =>
    Effect.gen(function*() {
      let issued = false
      const server = yield* start((request, index) => {
        if (request.path === "/v3/oauth/token/generate") {
          issued = true
          return { json: { data: { accessToken: token, ttlSeconds: 300 }, errors: null } }
        }
        if (request.path === "/v2/customers/lookup") {
          // a flaky then failing lookup whose error messages echo the identifiers back
          return index < 3
            ? { status: 500, json: { errors: [{ code: 500, message: `lookup failed for ${mobile}` }] } }
            : {
              status: 400,
              json: { errors: [{ code: 8015, message: `Customer not found for ${mobile} / ${email}` }] },
              headers: { "X-CAP-REQUEST-ID": "r1" }
            }
        }
        return {
          status: 400,
          json: { errors: [{ code: 8003, message: `Invalid source for ${email}, token ${token}` }] }
        }
      })
      const oauthClient = yield* makeClient(server.url, { credentials: Credentials.oauth("demo-key", clientSecret) })
      const basicClient = yield* makeClient(server.url, { credentials: Credentials.basic("demo.till", password) })

      const runs: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        // retried 5xx then a domain error echoing the identifiers
        oauthClient.execute(Endpoints.lookupByMobile, { query: { identifierName: "mobile", identifierValue: mobile } }),
        // an undeclared code: ApiError with the server's message
        basicClient.execute(Endpoints.getCustomer, { path: { id: 1 }, query: {} }),
        // invalid input: the validation message would quote the offending value
        basicClient.execute(Endpoints.addCustomer, { body: { mobile: email, firstName: "Tom" } }),
        // an ambiguous write carrying the mobile number
        basicClient.execute(Endpoints.redeemPointsV11, { body: { root: { redeem: [{ mobile, email }] } } })
      ]
      const allLogs: Array<string> = []
      const allSpans: Array<string> = []
      for (const run of runs) {
        const { exit, logs, spanCount, spans } = yield* captured(run)
        assertClean(logs, "logs")
        assertClean(spans, "spans")
        assertClean(errorTexts(exit), "error")
        assert.isAbove(spanCount, 0)
        allLogs.push(logs)
        allSpans.push(spans)
      }
      assert.isTrue(issued)
      // the capture works: the retried lookup logged its failed attempts, and spans carry their attributes
      assert.include(allLogs.join("\n"), "capillary: attempt failed")
      assert.include(allSpans.join("\n"), "capillary.endpoint")
      assert.include(allSpans.join("\n"), "capillary.retry")
    }))

  it.live("errors still say what happened, with the identifiers masked", () =>
    Effect.gen(function*() {
      const server = yield* start(() => ({
        status: 400,
        json: { errors: [{ code: 8015, message: `Customer not found for ${mobile}` }] }
      }))
      const client = yield* makeClient(server.url)
      const error = yield* Effect.flip(
        client.execute(Endpoints.lookupByMobile, { query: { identifierName: "mobile", identifierValue: mobile } })
      )
      assert.instanceOf(error, Endpoints.CustomerNotFound)
      assert.strictEqual(error.message, `Customer not found for ${Redaction.mask}`)
      const invalid = yield* Effect.flip(
        client.execute(Endpoints.addCustomer, { body: { mobile: email, firstName: "T" } })
      )
      const reason = (invalid as CapillaryError.CapillaryError).reason
      assert.strictEqual(reason._tag, "InvalidRequest")
      assert.include(reason.message, "mobile")
      assert.notInclude(reason.message, email)
    }))
})
