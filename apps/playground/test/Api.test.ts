/**
 * The playground's HTTP API over a real socket: the server on a free port, with the emulator in-process (demo
 * seed), the SDK and the workflows behind it.
 */
import { Emulator, RequestLog } from "@capillary-effect/emulator"
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Playground from "../server/Playground.ts"
import { call, readEvents } from "./fixtures/http.ts"

const api = (path: string, init?: Parameters<typeof call>[1]) =>
  Effect.flatMap(Playground.Playground, ({ url }) => call(`${url}${path}`, init))

const lookupTom = { query: { source: "INSTORE", identifierName: "mobile", identifierValue: "919000000001" } }

let bills = 0
const nextBill = () => `API-${Date.now()}-${++bills}`

const payload = (overrides: Record<string, unknown> = {}) => ({
  customerId: 100003,
  seriesId: 5003,
  billNumber: nextBill(),
  billAmount: 250,
  groupExternalId: "demo-family",
  points: 10,
  direction: "toGroup",
  ...overrides
})

const describeEvent = (event: any) =>
  [
    event._tag,
    event.step ?? event.name ?? "",
    event.compensation ?? "",
    event._tag === "Compensated" ? (event.undone ? "undone" : "nothing to undo") : ""
  ].filter((part) => part !== "").join(" ")

layer(Playground.layer({ port: 0 }), { excludeTestServices: true })("playground HTTP API", (it) => {
  describe("operations", () => {
    it.effect("lists every SDK operation, grouped by package and section, with a form schema per part", () =>
      Effect.gen(function*() {
        const { body, status } = yield* api("/api/operations")
        assert.strictEqual(status, 200)
        const ids = body.map((operation: any) => operation.id)
        for (
          const id of [
            "core.generateToken",
            "customers.add",
            "customers.lookup",
            "usergroups.join",
            "usergroups.transferPoints",
            "rewards.issueCoupon",
            "rewards.ledgerInfo"
          ]
        ) assert.include(ids, id)
        assert.strictEqual(new Set(ids).size, ids.length)
        assert.deepStrictEqual(
          [...new Set(body.map((operation: any) => operation.package))],
          ["core", "customers", "usergroups", "rewards"]
        )

        const lookup = body.find((operation: any) => operation.id === "customers.lookup")
        assert.strictEqual(lookup.section, "Customer")
        assert.strictEqual(lookup.method, "GET")
        assert.strictEqual(lookup.path, "/v2/customers/lookup")
        assert.include(lookup.errors, "CustomerNotFound")
        const query = lookup.input.query.schema
        assert.strictEqual(query.type, "object")
        assert.deepStrictEqual([...query.required].sort(), ["identifierName", "identifierValue", "source"])
        assert.include(query.properties.source.enum, "INSTORE")
        assert.isUndefined(lookup.input.body)
        assert.deepStrictEqual(lookup.example, lookupTom)

        const get = body.find((operation: any) => operation.id === "customers.get")
        assert.deepStrictEqual(get.input.path.schema.properties, { id: { type: "string" } })
      }))

    it.effect("runs an operation: the decoded result and the raw exchange, its secrets masked", () =>
      Effect.gen(function*() {
        const { body, status } = yield* api("/api/operations/customers.lookup/run", {
          method: "POST",
          body: lookupTom
        })
        assert.strictEqual(status, 200)
        assert.strictEqual(body.ok, true)
        assert.deepStrictEqual(body.value, { entity: 100001, warnings: [] })
        assert.strictEqual(body.attempts, 1)
        assert.lengthOf(body.exchanges, 1)
        const [exchange] = body.exchanges
        assert.strictEqual(exchange.method, "GET")
        const { emulatorUrl } = yield* Playground.Playground
        assert.strictEqual(
          exchange.url,
          `${emulatorUrl}/v2/customers/lookup?source=INSTORE&identifierName=mobile&identifierValue=%3Credacted%3E`
        )
        assert.strictEqual(exchange.requestHeaders.authorization, "<redacted>")
        assert.match(exchange.requestHeaders["user-agent"], /^capillary-effect\/.* playground$/)
        assert.strictEqual(exchange.status, 200)
        assert.deepStrictEqual(exchange.responseBody, { entity: 100001, warnings: [] })
        assert.isAtLeast(exchange.durationMs, 0)
        assert.notInclude(JSON.stringify(body.exchanges), "919000000001")
      }))

    it.effect("answers a typed domain error with its exchange", () =>
      Effect.gen(function*() {
        const { body, status } = yield* api("/api/operations/customers.get/run", {
          method: "POST",
          body: { path: { id: "999999" } }
        })
        assert.strictEqual(status, 200)
        assert.strictEqual(body.ok, false)
        assert.strictEqual(body.error._tag, "CustomerNotFound")
        assert.strictEqual(body.error.code, 8015)
        assert.isString(body.error.message)
        assert.lengthOf(body.exchanges, 1)
        assert.strictEqual(body.exchanges[0].status, 400)
        assert.strictEqual(body.exchanges[0].responseBody.errors[0].code, 8015)
      }))

    it.effect("refuses invalid input with a message per field, and sends nothing to the emulator", () =>
      Effect.gen(function*() {
        const before = yield* RequestLog.RequestLog.use((log) => log.recent(500))
        const { body, status } = yield* api("/api/operations/customers.add/run", {
          method: "POST",
          body: {
            body: {
              profiles: [{ source: "NOWHERE", identifiers: [{ type: "mobile", value: "12" }] }]
            }
          }
        })
        assert.strictEqual(status, 400)
        assert.strictEqual(body.ok, false)
        assert.strictEqual(body.error._tag, "InvalidInput")
        assert.deepStrictEqual(body.exchanges, [])
        const byPath = new Map(body.error.issues.map((issue: any) => [issue.path.join("."), issue.message]))
        assert.match(String(byPath.get("body.profiles.0.source")), /^Expected "INSTORE"/)
        assert.strictEqual(
          byPath.get("body.profiles.0.identifiers.0.value"),
          "a mobile number is 8 to 15 digits, country code included, and nothing else"
        )

        const missing = yield* api("/api/operations/customers.lookup/run", {
          method: "POST",
          body: { query: { source: "INSTORE", identifierName: "mobile" } }
        })
        assert.strictEqual(missing.status, 400)
        assert.deepStrictEqual(missing.body.error.issues, [{ path: ["query", "identifierValue"], message: "required" }])

        const after = yield* RequestLog.RequestLog.use((log) => log.recent(500))
        assert.strictEqual(after.length, before.length)
        assert.strictEqual(after.at(-1)?.requestId, before.at(-1)?.requestId)
      }))

    it.effect("answers 404 for an unknown operation and 400 for a body that is not JSON", () =>
      Effect.gen(function*() {
        const unknown = yield* api("/api/operations/customers.nothing/run", { method: "POST", body: {} })
        assert.strictEqual(unknown.status, 404)
        const garbled = yield* api("/api/operations/customers.lookup/run", { method: "POST", body: "{nope" })
        assert.strictEqual(garbled.status, 400)
        const route = yield* api("/api/nothing")
        assert.strictEqual(route.status, 404)
      }))
  })

  describe("workflows", () => {
    it.effect("lists the built-in workflows with their payload schema, steps and an example payload", () =>
      Effect.gen(function*() {
        const { body, status } = yield* api("/api/workflows")
        assert.strictEqual(status, 200)
        assert.deepStrictEqual(body.map((workflow: any) => workflow.name), ["IssueRedeemTransfer", "EnrollInGroup"])
        const [irt, enroll] = body
        assert.deepStrictEqual(irt.steps.map((step: any) => step.name), [
          "LoadCustomer",
          "IssueCoupon",
          "RedeemCoupon",
          "TransferPoints"
        ])
        assert.deepStrictEqual(irt.steps[3], {
          name: "TransferPoints",
          reversibility: "Reversible",
          compensation: "TransferBack",
          endpoints: ["usergroups.transferPoints"]
        })
        assert.includeMembers(irt.payload.schema.required, ["customerId", "seriesId", "billNumber", "points"])
        assert.strictEqual(irt.example.customerId, 100001)
        assert.strictEqual(irt.example.seriesId, 5001)
        assert.strictEqual(irt.example.groupExternalId, "demo-family")
        assert.match(irt.example.billNumber, /^B-/)
        assert.deepStrictEqual(irt.fresh, [{ path: ["billNumber"], prefix: "B-" }])
        assert.deepStrictEqual(irt.faultKinds.map((fault: any) => fault.kind), [
          "serverError",
          "customerBusy",
          "applyThenServerError"
        ])
        assert.deepStrictEqual(enroll.steps.map((step: any) => step.name), [
          "FindOrRegisterCustomer",
          "EnsureGroup",
          "JoinGroup"
        ])
      }))

    it.effect("starts a run and streams its timeline over server-sent events, in order", () =>
      Effect.gen(function*() {
        const started = yield* api("/api/workflows/IssueRedeemTransfer/runs", {
          method: "POST",
          body: { payload: payload() }
        })
        assert.strictEqual(started.status, 201)
        const id = started.body.id
        assert.isString(id)
        assert.strictEqual(started.body.events, `/api/runs/${id}/events`)

        const { url } = yield* Playground.Playground
        const stream = yield* readEvents(`${url}/api/runs/${id}/events`)
        assert.strictEqual(stream.status, 200)
        assert.strictEqual(stream.contentType, "text/event-stream")
        const timeline = stream.events.filter((event) => event.event === "timeline").map((event) => event.data)
        assert.deepStrictEqual(timeline.map((event) => event.seq), timeline.map((_, i) => i + 1))
        assert.deepStrictEqual(
          stream.events.filter((event) => event.event === "timeline").map((event) => event.id),
          timeline.map((event) => String(event.seq))
        )
        assert.deepStrictEqual(timeline.map(describeEvent), [
          "FlowStarted",
          "StepStarted LoadCustomer",
          "StepSucceeded LoadCustomer",
          "StepStarted IssueCoupon",
          "StepSucceeded IssueCoupon",
          "StepStarted RedeemCoupon",
          "StepSucceeded RedeemCoupon",
          "StepStarted TransferPoints",
          "StepSucceeded TransferPoints",
          "FlowCompleted"
        ])
        const end = stream.events.at(-1)!
        assert.strictEqual(end.event, "end")
        assert.strictEqual(end.data.status, "succeeded")
        assert.match(end.data.result.couponCode, /^[A-Z0-9]+$/)

        const run = yield* api(`/api/runs/${id}`)
        assert.strictEqual(run.status, 200)
        assert.strictEqual(run.body.status, "succeeded")
        assert.deepStrictEqual(run.body.result, end.data.result)
        assert.deepStrictEqual(run.body.events, timeline)

        // the same bill again is the same run
        const again = yield* api("/api/workflows/IssueRedeemTransfer/runs", {
          method: "POST",
          body: { payload: run.body.payload }
        })
        assert.strictEqual(again.status, 200)
        assert.strictEqual(again.body.id, id)
        assert.strictEqual(again.body.existing, true)
      }))

    it.effect("a fault on the transfer step: retried, failed, compensated in reverse order; the fault goes", () =>
      Effect.gen(function*() {
        const started = yield* api("/api/workflows/IssueRedeemTransfer/runs", {
          method: "POST",
          body: { payload: payload(), faults: { TransferPoints: "serverError" } }
        })
        assert.strictEqual(started.status, 201)
        assert.deepStrictEqual(started.body.faults, { TransferPoints: "serverError" })
        const { emulatorUrl, url } = yield* Playground.Playground
        const during = yield* call(`${emulatorUrl}/__emulator/faults`)
        assert.deepStrictEqual(during.body.rules.map((rule: any) => rule.rule), [{
          kind: "serverError",
          endpoint: "usergroups.transferPoints"
        }])

        const stream = yield* readEvents(`${url}/api/runs/${started.body.id}/events`)
        const timeline = stream.events.filter((event) => event.event === "timeline").map((event) => event.data)
        const described = timeline.map(describeEvent)
        assert.include(described, "StepRetried TransferPoints")
        assert.deepStrictEqual(described.slice(-8), [
          "StepFailed TransferPoints",
          "Compensating TransferPoints TransferBack",
          "Compensated TransferPoints TransferBack nothing to undo",
          "Compensating RedeemCoupon ReactivateRedemption",
          "Compensated RedeemCoupon ReactivateRedemption undone",
          "Compensating IssueCoupon RevokeCoupon",
          "Compensated IssueCoupon RevokeCoupon undone",
          "FlowCompleted"
        ])
        const end = stream.events.at(-1)!
        assert.strictEqual(end.data.status, "failed")
        assert.strictEqual(end.data.error._tag, "CapillaryError")
        assert.strictEqual(end.data.error.reason._tag, "ApiError")
        assert.strictEqual(end.data.error.reason.status, 500)

        // the run's fault rules are removed once it completed
        const rules = yield* Effect.gen(function*() {
          for (let i = 0; i < 50; i++) {
            const { body } = yield* call(`${emulatorUrl}/__emulator/faults`)
            if (body.rules.length === 0) return body.rules
            yield* Effect.sleep("20 millis")
          }
          return (yield* call(`${emulatorUrl}/__emulator/faults`)).body.rules
        })
        assert.deepStrictEqual(rules, [])
      }))

    it.effect("refuses an invalid payload or fault with a message per field, and starts nothing", () =>
      Effect.gen(function*() {
        const { body, status } = yield* api("/api/workflows/IssueRedeemTransfer/runs", {
          method: "POST",
          body: { payload: payload({ customerId: -1, billNumber: "" }), faults: { Nowhere: "serverError" } }
        })
        assert.strictEqual(status, 400)
        assert.deepStrictEqual(body.error.issues, [
          { path: ["payload", "customerId"], message: "Expected a value greater than 0" },
          { path: ["payload", "billNumber"], message: "Expected a value with a length of at least 1" },
          { path: ["faults", "Nowhere"], message: "no step Nowhere in IssueRedeemTransfer" }
        ])
        const unknown = yield* api("/api/workflows/Nothing/runs", { method: "POST", body: {} })
        assert.strictEqual(unknown.status, 404)
        const noRun = yield* api("/api/runs/nothing")
        assert.strictEqual(noRun.status, 404)
        const noEvents = yield* api("/api/runs/nothing/events")
        assert.strictEqual(noEvents.status, 404)
      }))
  })

  it.effect("tells the emulator's address and resets it to the demo seed", () =>
    Effect.gen(function*() {
      const { emulatorUrl } = yield* Playground.Playground
      const emulator = yield* Emulator.Emulator
      const info = yield* api("/api/emulator")
      assert.deepStrictEqual(info.body, { url: emulator.url, faults: { seed: 1, rules: [] } })
      assert.strictEqual(emulatorUrl, emulator.url)
      const reset = yield* api("/api/emulator/reset", { method: "POST" })
      assert.strictEqual(reset.status, 200)
      assert.strictEqual(reset.body.ok, true)
    }))
})
