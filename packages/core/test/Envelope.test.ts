import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Schema } from "effect"
import { CapillaryError, Credentials, Envelope } from "../src/index.ts"
import { makeClient } from "./fixtures/client.ts"
import * as Endpoints from "./fixtures/endpoints.ts"
import { start } from "./fixtures/server.ts"

// Bodies from capillary-api.md §3, copied as documented.

const v11CustomerAdded = {
  response: {
    status: { success: "true", code: 200, message: "Success", total: "1", success_count: "1" },
    customers: {
      customer: [{
        mobile: "919000000001",
        item_status: {
          success: "true",
          code: "1000",
          message: "Customer registration successful",
          warnings: { warning: ["1017"] }
        }
      }]
    }
  }
}

/** The captured `/v1.1/points/redeem` failure: HTTP 200, request status 500, item code 744. */
const v11RedeemReferenceExists = {
  response: {
    status: { success: "false", code: 500, message: "All requests have failed due to errors" },
    responses: {
      points: [{
        points_redeemed: "0",
        item_status: { success: "false", code: 744, message: "Reference number already exists" }
      }]
    }
  }
}

/** Request status 201: some items failed. The call succeeded; each item says how it went. */
const v11SomeItemsFailed = {
  response: {
    status: { success: "false", code: "201", message: "Some requests have failed due to errors" },
    customers: {
      customer: [
        {
          mobile: "919000000001",
          item_status: { success: "true", code: "1000", message: "Customer registration successful" }
        },
        {
          mobile: "919000000002",
          item_status: { success: "false", code: "1014", message: "Customer already registered" }
        },
        {
          mobile: "919000000003",
          item_status: { success: "true", code: "1000", message: "Customer registration successful" }
        }
      ]
    }
  }
}

const v2CustomerWithWarnings = {
  id: 42,
  firstName: "Tom",
  warnings: [{ status: false, code: 8050, message: "Same Customer found in other sources,Combining" }]
}

const v2CustomerNotFound = {
  errors: [{ status: false, code: 8015, message: "Customer not found for the given identifiers" }],
  warnings: []
}

const v2BulkSomeFailed = {
  response: [
    { entityId: 12313, result: { code: "COUPON-1" }, errors: [], warnings: [] },
    {
      entityId: 12314,
      result: null,
      errors: [{ status: false, code: 712, message: "Coupon series expired" }],
      warnings: []
    }
  ],
  totalCount: 2,
  failureCount: 1
}

const v3Token = { data: { accessToken: "eyJhbGciOiJIUzI1NiJ9.e30.sig", ttlSeconds: 3600 }, errors: null }

const v3Error = { data: null, errors: [{ code: 320001, message: "Invalid client credentials" }] }

const rewardCreated = {
  status: { success: true, code: 6002, message: "Reward created successfully" },
  reward: { id: 124158 }
}

const rewardNotRedeemable = {
  status: {
    success: false,
    code: 8004,
    message: "fail to issue reward as  points are not redeemable",
    partnerError: {
      codes: ["828"],
      messages: ["points redemption rules/configuration not allowing redemption"]
    }
  },
  intouch: null,
  promotion: null,
  vendor: null
}

const rewardUserNotInGroup = {
  status: {
    success: false,
    code: 8004,
    message: "fail to issue reward",
    partnerError: { codes: ["1620"], messages: ["user not in group"] }
  },
  intouch: null,
  promotion: null,
  vendor: null
}

const badgeDuplicate = {
  data: null,
  errors: [{ code: 725, message: "Badge name cannot be duplicate", reference: null }],
  warnings: []
}

const oauthTokenRejected = { response: { status: { success: "false", code: "401", message: "Unauthorized" } } }

const expectSuccess = (outcome: Envelope.Outcome) => {
  assert(outcome._tag === "Success", `expected Success, got ${JSON.stringify(outcome)}`)
  return outcome
}

const expectFailure = (outcome: Envelope.Outcome) => {
  assert(outcome._tag === "Failure", `expected Failure, got ${JSON.stringify(outcome)}`)
  return outcome
}

const reasonOf = (error: unknown) => {
  assert.instanceOf(error, CapillaryError.CapillaryError)
  return (error as CapillaryError.CapillaryError).reason
}

describe("Envelope", () => {
  describe("read v1.1", () => {
    it("reads a success as the whole body", () => {
      const outcome = expectSuccess(Envelope.read("v1.1", 200, v11CustomerAdded))
      assert.strictEqual(outcome.body, v11CustomerAdded)
    })

    it("reads an HTTP 200 with request status 500 as a failure carrying the item code", () => {
      const outcome = expectFailure(Envelope.read("v1.1", 200, v11RedeemReferenceExists))
      assert.strictEqual(outcome.code, 744)
      assert.strictEqual(outcome.message, "Reference number already exists")
      assert.deepStrictEqual(outcome.issues, [{ code: 744, message: "Reference number already exists" }])
    })

    it("reads request status 201 (some items failed) as a success with per-item results", () => {
      const outcome = expectSuccess(Envelope.read("v1.1", 200, v11SomeItemsFailed))
      assert.strictEqual(outcome.body, v11SomeItemsFailed)
    })

    it("reads the request status when no item explains the failure", () => {
      const outcome = expectFailure(Envelope.read("v1.1", 200, oauthTokenRejected))
      assert.strictEqual(outcome.code, 401)
      assert.strictEqual(outcome.message, "Unauthorized")
    })

    it("fails a body without a v1.1 status", () => {
      const outcome = expectFailure(Envelope.read("v1.1", 200, { id: 1 }))
      assert.strictEqual(outcome.code, undefined)
      assert.match(outcome.message, /v1\.1 status/)
    })
  })

  describe("read v2", () => {
    it("reads a success with its warnings", () => {
      const outcome = expectSuccess(Envelope.read("v2", 200, v2CustomerWithWarnings))
      assert.strictEqual(outcome.body, v2CustomerWithWarnings)
      assert.deepStrictEqual(outcome.warnings, [{
        code: 8050,
        message: "Same Customer found in other sources,Combining"
      }])
    })

    it("reads errors[] as a failure at HTTP 400 and at HTTP 200", () => {
      for (const status of [400, 200]) {
        const outcome = expectFailure(Envelope.read("v2", status, v2CustomerNotFound))
        assert.strictEqual(outcome.code, 8015)
        assert.strictEqual(outcome.message, "Customer not found for the given identifiers")
      }
    })

    it("reads a bulk body at HTTP 201 with failed items as a success", () => {
      const outcome = expectSuccess(Envelope.read("v2", 201, v2BulkSomeFailed))
      assert.strictEqual(outcome.body, v2BulkSomeFailed)
    })

    it("reads an HTTP error without errors[] as a failure without a code", () => {
      const outcome = expectFailure(Envelope.read("v2", 503, {}))
      assert.strictEqual(outcome.code, undefined)
      assert.strictEqual(outcome.message, "HTTP 503")
    })
  })

  describe("read v3", () => {
    it("reads data as a success", () => {
      const outcome = expectSuccess(Envelope.read("v3", 200, v3Token))
      assert.strictEqual(outcome.body, v3Token)
    })

    it("reads errors as a failure", () => {
      const outcome = expectFailure(Envelope.read("v3", 200, v3Error))
      assert.strictEqual(outcome.code, 320001)
      assert.strictEqual(outcome.message, "Invalid client credentials")
    })
  })

  describe("read api_gateway", () => {
    it("reads a rewards success", () => {
      const outcome = expectSuccess(Envelope.read("api_gateway", 200, rewardCreated))
      assert.strictEqual(outcome.body, rewardCreated)
    })

    it("reads a rewards failure with its own code first, then the partner codes", () => {
      const outcome = expectFailure(Envelope.read("api_gateway", 200, rewardNotRedeemable))
      assert.strictEqual(outcome.code, 8004)
      assert.strictEqual(outcome.message, "fail to issue reward as  points are not redeemable")
      assert.deepStrictEqual(outcome.issues, [
        { code: 8004, message: "fail to issue reward as  points are not redeemable" },
        { code: 828, message: "points redemption rules/configuration not allowing redemption" }
      ])
    })

    it("reads a badges {data: null, errors} body as a failure", () => {
      const outcome = expectFailure(Envelope.read("api_gateway", 400, badgeDuplicate))
      assert.strictEqual(outcome.code, 725)
      assert.strictEqual(outcome.message, "Badge name cannot be duplicate")
    })

    it("reads a badges {data} body as a success", () => {
      const body = { data: { id: "b1", name: "Gold" }, errors: [], warnings: [] }
      const outcome = expectSuccess(Envelope.read("api_gateway", 200, body))
      assert.strictEqual(outcome.body, body)
    })
  })

  describe("v11Items", () => {
    it("finds every item by its item_status", () => {
      const items = Envelope.v11Items(v11SomeItemsFailed)
      assert.deepStrictEqual(items.map((item) => item.mobile), ["919000000001", "919000000002", "919000000003"])
    })

    it("finds an item that is not wrapped in an array", () => {
      const body = {
        response: {
          status: { success: "true", code: 200, message: "Success" },
          customers: { customer: { mobile: "919000000001", item_status: { success: "true", code: 1000, message: "" } } }
        }
      }
      assert.deepStrictEqual(Envelope.v11Items(body).map((item) => item.mobile), ["919000000001"])
    })

    it("finds nothing in a body without items or without a response", () => {
      assert.deepStrictEqual(Envelope.v11Items(oauthTokenRejected), [])
      assert.deepStrictEqual(Envelope.v11Items(v2CustomerWithWarnings), [])
      assert.deepStrictEqual(Envelope.v11Items(null), [])
    })
  })

  describe("schemas", () => {
    const decodeLooseNumber = Schema.decodeUnknownExit(Envelope.LooseNumber)
    const decodeLooseBoolean = Schema.decodeUnknownExit(Envelope.LooseBoolean)

    it("LooseNumber reads numbers and numeric strings", () => {
      assert.deepStrictEqual(decodeLooseNumber("10"), Exit.succeed(10))
      assert.deepStrictEqual(decodeLooseNumber(10), Exit.succeed(10))
      assert.deepStrictEqual(decodeLooseNumber("-2.5"), Exit.succeed(-2.5))
    })

    it("LooseNumber rejects what is not a number", () => {
      for (const input of ["abc", "10abc", "", " ", "0x10", "1e3", null, true, Number.NaN]) {
        assert.isTrue(Exit.isFailure(decodeLooseNumber(input)), `accepted ${String(input)}`)
      }
    })

    it("LooseNumber encodes back to the string v1.1 sends", () => {
      assert.strictEqual(Schema.encodeSync(Envelope.LooseNumber)(10), "10")
      assert.strictEqual(Schema.encodeSync(Envelope.LooseNumber)(-2.5), "-2.5")
    })

    it("LooseBoolean reads booleans and their strings, and encodes strings", () => {
      assert.deepStrictEqual(decodeLooseBoolean("true"), Exit.succeed(true))
      assert.deepStrictEqual(decodeLooseBoolean("false"), Exit.succeed(false))
      assert.deepStrictEqual(decodeLooseBoolean(true), Exit.succeed(true))
      assert.deepStrictEqual(decodeLooseBoolean(false), Exit.succeed(false))
      assert.isTrue(Exit.isFailure(decodeLooseBoolean("yes")))
      assert.isTrue(Exit.isFailure(decodeLooseBoolean(1)))
      assert.strictEqual(Schema.encodeSync(Envelope.LooseBoolean)(true), "true")
      assert.strictEqual(Schema.encodeSync(Envelope.LooseBoolean)(false), "false")
    })

    it("V11Status reads the loose status of a v1.1 body", () => {
      const status = Schema.decodeUnknownSync(Envelope.V11Status)(v11SomeItemsFailed.response.status)
      assert.deepStrictEqual(status, { success: false, code: 201, message: "Some requests have failed due to errors" })
    })

    it("V11List reads a single object as a one-item array, and an array as is", () => {
      const decode = Schema.decodeUnknownSync(Envelope.V11List(Schema.Struct({ id: Envelope.LooseNumber })))
      assert.deepStrictEqual(decode({ id: "1" }), [{ id: 1 }])
      assert.deepStrictEqual(decode([{ id: "1" }, { id: 2 }]), [{ id: 1 }, { id: 2 }])
      assert.deepStrictEqual(decode([]), [])
      assert.throws(() => decode({ id: "x" }))
    })

    it("V2Bulk keeps failed items with their errors", () => {
      const bulk = Schema.decodeUnknownSync(Envelope.V2Bulk(Schema.Struct({ code: Schema.String })))(v2BulkSomeFailed)
      assert.strictEqual(bulk.totalCount, 2)
      assert.strictEqual(bulk.failureCount, 1)
      assert.deepStrictEqual(bulk.response[0]!.result, { code: "COUPON-1" })
      assert.strictEqual(bulk.response[1]!.result, null)
      assert.deepStrictEqual(bulk.response[1]!.errors, [{ status: false, code: 712, message: "Coupon series expired" }])
    })

    it("V2Bulk rejects a body without its counts", () => {
      const decode = Schema.decodeUnknownExit(Envelope.V2Bulk(Schema.Struct({ code: Schema.String })))
      assert.isTrue(Exit.isFailure(decode({ response: v2BulkSomeFailed.response })))
    })
  })

  describe("through the client", () => {
    it.live("maps a v1.1 HTTP 200 failure to the declared domain error", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({
          json: v11RedeemReferenceExists,
          headers: { "X-CAP-REQUEST-ID": "r-744" }
        }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(
          client.execute(Endpoints.redeemPointsV11, { body: { root: { redeem: [{}] } } })
        )
        assert.instanceOf(error, Endpoints.ReferenceExists)
        const domain = error as Endpoints.ReferenceExists
        assert.strictEqual(domain.code, 744)
        assert.strictEqual(domain.message, "Reference number already exists")
        assert.strictEqual(domain.requestId, "r-744")
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("reports an undeclared v1.1 item code as an API error with status 200, not retried", () =>
      Effect.gen(function*() {
        const body = {
          response: {
            status: { success: "false", code: 500, message: "All requests have failed due to errors" },
            responses: {
              points: [{
                points_redeemed: "0",
                item_status: { success: "false", code: "803", message: "Points more than available" }
              }]
            }
          }
        }
        const server = yield* start(() => ({ json: body }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(
          client.execute(Endpoints.redeemPointsV11, { body: { root: { redeem: [{}] } } })
        )
        const reason = reasonOf(error)
        assert(reason._tag === "ApiError")
        assert.strictEqual(reason.status, 200)
        assert.strictEqual(reason.code, 803)
        assert.strictEqual(reason.message, "Points more than available")
        assert.isFalse((error as CapillaryError.CapillaryError).retryable)
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("decodes a v1.1 customer with numbers sent as strings", () =>
      Effect.gen(function*() {
        const body = {
          response: {
            status: { success: "true", code: "200", message: "Success", total: "1", success_count: "1" },
            customers: {
              customer: [{
                firstname: "Tom",
                loyalty_points: "120",
                item_status: { success: "true", code: "1000", message: "Customer successfully retrieved" }
              }]
            }
          }
        }
        const server = yield* start(() => ({ json: body }))
        const client = yield* makeClient(server.url)
        const result = yield* client.execute(Endpoints.getCustomerV11, { query: { mobile: "919000000001" } })
        assert.deepStrictEqual(result.response.status, { success: true, code: 200, message: "Success" })
        assert.deepStrictEqual(result.response.customers.customer, [{
          firstname: "Tom",
          loyalty_points: 120,
          item_status: { success: true, code: 1000, message: "Customer successfully retrieved" }
        }])
        assert.strictEqual(server.requests[0]!.query.get("mobile"), "919000000001")
      }))

    it.live("returns per-item results of a v2 bulk call answered 201 with a failed item", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ status: 201, json: v2BulkSomeFailed }))
        const client = yield* makeClient(server.url)
        const result = yield* client.execute(Endpoints.bulkIssue, { body: { seriesIds: [1, 2] } })
        assert.strictEqual(result.failureCount, 1)
        assert.deepStrictEqual(result.response.map((item) => item.result ?? null), [{ code: "COUPON-1" }, null])
        assert.strictEqual(result.response[1]!.errors![0]!.code, 712)
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("maps an api_gateway partnerError code to the declared domain error", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: rewardUserNotInGroup }))
        const client = yield* makeClient(server.url)
        const error = yield* Effect.flip(
          client.execute(Endpoints.rewardIssue, {
            path: { rewardId: "124158" },
            body: { mobile: "919000000001", requestId: "req-1" }
          })
        )
        assert.instanceOf(error, Endpoints.CustomerNotFound)
        assert.strictEqual((error as Endpoints.CustomerNotFound).code, 1620)
        assert.strictEqual((error as Endpoints.CustomerNotFound).message, "user not in group")
        assert.strictEqual(server.requests.length, 1)
      }))

    it.live("reads a v1.1-shaped token error on a v2 endpoint as Unauthorized, not retried", () =>
      Effect.gen(function*() {
        const server = yield* start(() => ({ json: oauthTokenRejected }))
        const client = yield* makeClient(server.url, { credentials: Credentials.basic("demo.till", "demo123") })
        const error = yield* Effect.flip(client.execute(Endpoints.getCustomer, { path: { id: 42 }, query: {} }))
        const reason = reasonOf(error)
        assert(reason._tag === "Unauthorized")
        assert.strictEqual(reason.code, 401)
        assert.strictEqual(reason.message, "Unauthorized")
        assert.isFalse(reason.tokenRejected)
        assert.strictEqual(server.requests.length, 1)
        assert.match(String(server.requests[0]!.headers.authorization), /^Basic /)
      }))
  })
})

describe("Envelope.failureBody", () => {
  it("writes each family's failure so that read gives back the same code and message", () => {
    for (const family of ["v1.1", "v2", "v3", "api_gateway"] as const) {
      const outcome = Envelope.read(family, family === "v1.1" ? 200 : 400, Envelope.failureBody(family, 8015, "gone"))
      assert.deepStrictEqual(
        outcome._tag === "Failure" ? [outcome.code, outcome.message] : outcome._tag,
        [8015, "gone"],
        family
      )
    }
  })
})
