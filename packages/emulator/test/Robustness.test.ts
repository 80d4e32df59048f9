/**
 * Every endpoint of the default catalog, sent generated nonsense (bad path parameters, unknown or mistyped query
 * parameters, bodies of the wrong shape, the odd valid value among them), answers with a JSON body and never a
 * server error: what it cannot take is a Capillary-style 4xx envelope, never a crash or a 500.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { Emulator } from "../src/index.ts"
import { fastRetries } from "./fixtures/clients.ts"
import { demoAuthorization } from "./fixtures/http.ts"

/** Values that are sometimes right and mostly wrong for whatever parameter they land in. */
const scalar = fc.oneof(
  fc.constantFrom(
    "",
    "0",
    "1",
    "-1",
    "1.5",
    "100001",
    "99999999999999999999",
    "abc",
    "true",
    "INSTORE",
    "ALL",
    "mobile",
    "919000000001",
    "tom@example.com",
    "FLEET",
    "USERGROUP2",
    "2026-02-30",
    "points,mlp",
    "%",
    "null",
    "[]"
  ),
  fc.string({ maxLength: 12 })
)

const queryNames = [
  "id",
  "source",
  "accountId",
  "identifierName",
  "identifierValue",
  "externalId",
  "primaryUserId",
  "programId",
  "entityType",
  "limit",
  "offset",
  "embed",
  "number",
  "q",
  "mobile",
  "email",
  "code",
  "type",
  "startDate",
  "endDate",
  "image_ids",
  "requestType",
  "threshold",
  "scope"
]

const query = fc.dictionary(fc.constantFrom(...queryNames), scalar, { maxKeys: 5 })

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...queryNames, "profiles", "identifiers", "root", "add", "remove"), fc.jsonValue(), {
    maxKeys: 4
  }),
  fc.array(fc.dictionary(fc.constantFrom(...queryNames, "userId", "cardNumber"), fc.jsonValue(), { maxKeys: 3 }), {
    maxLength: 3
  })
)

const testLayer = Emulator.layerTest({ client: { retry: fastRetries } })

layer(testLayer, { excludeTestServices: true })("Robustness of every endpoint", (it) => {
  describe("generated nonsense", () => {
    it.effect("never answers a server error, always JSON", () =>
      Effect.gen(function*() {
        const { url } = yield* Emulator.Emulator
        const endpoints = Emulator.defaultCatalog.endpoints
        const request = fc.record({
          endpoint: fc.constantFrom(...endpoints),
          params: fc.array(scalar, { minLength: 4, maxLength: 4 }),
          query,
          body
        })
        // Every endpoint that failed, with its first failing request (the run goes on, to find them all).
        const failures = new Map<string, string>()
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(request, async ({ body, endpoint, params, query }) => {
              let index = 0
              const path = endpoint.path.replace(/\{\w+\}/g, () => encodeURIComponent(params[index++] ?? "1"))
              const search = new URLSearchParams({ ...query, ...endpoint.variant }).toString()
              const response = await fetch(`${url}${path}${search === "" ? "" : `?${search}`}`, {
                method: endpoint.method,
                headers: { authorization: demoAuthorization, "content-type": "application/json" },
                ...(endpoint.method === "GET" ? {} : { body: JSON.stringify(body) })
              })
              const text = await response.text()
              let json = true
              try {
                JSON.parse(text)
              } catch {
                json = false
              }
              if ((response.status >= 500 || !json) && !failures.has(endpoint.id)) {
                failures.set(
                  endpoint.id,
                  `${endpoint.method} ${path}?${search} ${JSON.stringify(body)} -> ${response.status} ${
                    text.slice(0, 120)
                  }`
                )
              }
            }),
            { numRuns: 3000, seed: 20_261_122 }
          )
        )
        assert.deepStrictEqual(Object.fromEntries(failures), {})
      }), 120_000)
  })
})
