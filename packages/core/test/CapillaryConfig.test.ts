import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Context, Duration, Effect, Layer, Redacted } from "effect"
import { inspect } from "node:util"
import { CapillaryConfig, Cluster, Credentials } from "../src/index.ts"

const CLIENT_KEY = "test-client-key"
const CLIENT_SECRET = "s3cr3t-client-secret-value"
const USERNAME = "demo.till"
const PASSWORD = "p4ssw0rd-till-password"
const credentials = Credentials.basic(USERNAME, PASSWORD)

const OAUTH_ENV = { CAPILLARY_CLIENT_KEY: CLIENT_KEY, CAPILLARY_CLIENT_SECRET: CLIENT_SECRET }
const BASIC_ENV = { CAPILLARY_USERNAME: USERNAME, CAPILLARY_PASSWORD: PASSWORD }

const CLUSTER_URLS: ReadonlyArray<readonly [Cluster.Cluster, string]> = [
  ["india", "https://apac.api.capillarytech.com"],
  ["apac2", "https://apac2.api.capillarytech.com"],
  ["eu", "https://eu.api.capillarytech.com"],
  ["us", "https://us.api.capillarytech.com"],
  ["north-america", "https://north-america.api.capillarytech.com"],
  ["china", "https://api.capillarytech.cn.com"]
]

const providerOf = (env: Record<string, string>) => ConfigProvider.fromEnv({ env })

/** Reads the options from an env-like record. */
const optionsFrom = (env: Record<string, string>) => CapillaryConfig.config.parse(providerOf(env))

/** Builds `layerConfig` with the env-like record as the ConfigProvider and returns the settings. */
const settingsFrom = (env: Record<string, string>) =>
  Layer.build(CapillaryConfig.layerConfig.pipe(Layer.provide(ConfigProvider.layer(providerOf(env))))).pipe(
    Effect.map((context) => Context.get(context, CapillaryConfig.CapillaryConfig))
  )

/** Every way the settings could end up in a log line or an error message. */
const renderings = (value: unknown) => [
  String(value),
  JSON.stringify(value),
  inspect(value, { depth: 10 }),
  `${inspect(value, { depth: 10, showHidden: true })}`
]

describe("CapillaryConfig", () => {
  describe("make", () => {
    it("defaults to the india cluster and the documented policies", () => {
      const settings = CapillaryConfig.make({ credentials })
      assert.deepStrictEqual(settings.target, { _tag: "Named", cluster: "india" })
      assert.strictEqual(settings.baseUrl, "https://apac.api.capillarytech.com")
      assert.strictEqual(Duration.toMillis(settings.timeout), 30_000)
      assert.strictEqual(settings.retry.maxRetries, 3)
      assert.strictEqual(Duration.toMillis(settings.retry.baseDelay), 200)
      assert.strictEqual(Duration.toMillis(settings.retry.maxDelay), 10_000)
      assert.strictEqual(Duration.toMillis(settings.retry.maxRetryAfter), 60_000)
      assert.strictEqual(settings.retry.jitter, 0.2)
      assert.strictEqual(Duration.toMillis(settings.tokenRefreshWindow), 60_000)
      assert.isFalse(settings.serializePerCustomer)
      assert.deepStrictEqual(settings.attribution, {})
      assert.isUndefined(settings.userAgentSuffix)
      assert.strictEqual(settings.credentials, credentials)
    })

    it("uses each named cluster's base URL", () => {
      for (const [cluster, url] of CLUSTER_URLS) {
        assert.strictEqual(CapillaryConfig.make({ cluster, credentials }).baseUrl, url, cluster)
      }
    })

    it("uses a custom base URL without its trailing slashes, over a cluster", () => {
      const settings = CapillaryConfig.make({ baseUrl: "http://127.0.0.1:4010/", cluster: "eu", credentials })
      assert.deepStrictEqual(settings.target, { _tag: "Custom", baseUrl: "http://127.0.0.1:4010/" })
      assert.strictEqual(settings.baseUrl, "http://127.0.0.1:4010")
      assert.strictEqual(
        CapillaryConfig.make({ baseUrl: "http://127.0.0.1:4010/emu///", credentials }).baseUrl,
        "http://127.0.0.1:4010/emu"
      )
    })

    it("reads durations and partial retry settings", () => {
      const settings = CapillaryConfig.make({
        credentials,
        timeout: "10 seconds",
        retry: { maxRetries: 0, baseDelay: "50 millis" },
        tokenRefreshWindow: "2 minutes"
      })
      assert.strictEqual(Duration.toMillis(settings.timeout), 10_000)
      assert.strictEqual(settings.retry.maxRetries, 0)
      assert.strictEqual(Duration.toMillis(settings.retry.baseDelay), 50)
      assert.strictEqual(Duration.toMillis(settings.retry.maxDelay), 10_000)
      assert.strictEqual(Duration.toMillis(settings.tokenRefreshWindow), 120_000)
    })
  })

  describe("config", () => {
    it.effect("chooses OAuth when the client key and secret are set, even with till credentials", () =>
      Effect.gen(function*() {
        const options = yield* optionsFrom({ ...OAUTH_ENV, ...BASIC_ENV })
        assert(options.credentials._tag === "OAuth")
        assert.strictEqual(options.credentials.clientKey, CLIENT_KEY)
        assert.isTrue(Redacted.isRedacted(options.credentials.clientSecret))
        assert.strictEqual(Redacted.value(options.credentials.clientSecret), CLIENT_SECRET)
      }))

    it.effect("chooses Basic when only till credentials are set", () =>
      Effect.gen(function*() {
        const options = yield* optionsFrom(BASIC_ENV)
        assert(options.credentials._tag === "Basic")
        assert.strictEqual(options.credentials.username, USERNAME)
        assert.isTrue(Redacted.isRedacted(options.credentials.password))
        assert.strictEqual(Redacted.value(options.credentials.password), PASSWORD)
      }))

    it.effect("never renders a secret", () =>
      Effect.gen(function*() {
        for (
          const [env, user, secret] of [[OAUTH_ENV, CLIENT_KEY, CLIENT_SECRET], [
            BASIC_ENV,
            USERNAME,
            PASSWORD
          ]] as const
        ) {
          const settings = yield* settingsFrom(env)
          // the credentials are rendered, with the secret masked
          assert.include(JSON.stringify(settings), user)
          for (const text of [...renderings(settings), ...renderings(settings.credentials)]) {
            assert.notInclude(text, secret)
          }
        }
      }))

    it.effect("fails with a ConfigError naming the variables when no credential pair is complete", () =>
      Effect.gen(function*() {
        const incomplete = [
          {},
          { CAPILLARY_CLIENT_KEY: CLIENT_KEY },
          { CAPILLARY_CLIENT_SECRET: CLIENT_SECRET },
          { CAPILLARY_USERNAME: USERNAME },
          { CAPILLARY_CLIENT_KEY: CLIENT_KEY, CAPILLARY_PASSWORD: PASSWORD }
        ]
        for (const env of incomplete) {
          const error = yield* Effect.flip(optionsFrom(env))
          assert.strictEqual(error._tag, "ConfigError")
          for (
            const name of [
              "CAPILLARY_CLIENT_KEY",
              "CAPILLARY_CLIENT_SECRET",
              "CAPILLARY_USERNAME",
              "CAPILLARY_PASSWORD"
            ]
          ) {
            assert.include(error.message, name)
          }
        }
        const fromLayer = yield* Effect.flip(settingsFrom({ CAPILLARY_CLUSTER: "eu" }))
        assert.strictEqual(fromLayer._tag, "ConfigError")
        assert.include(fromLayer.message, "CAPILLARY_CLIENT_KEY")
      }))

    it.effect("reads the cluster, or a base URL", () =>
      Effect.gen(function*() {
        const eu = yield* settingsFrom({ ...BASIC_ENV, CAPILLARY_CLUSTER: "eu" })
        assert.strictEqual(eu.baseUrl, "https://eu.api.capillarytech.com")
        assert.isTrue(eu.rateLimit.enabled)
        assert.strictEqual(eu.rateLimit.perMinute["PUT /v2/customers/{id}"], 50)

        const custom = yield* settingsFrom({ ...BASIC_ENV, CAPILLARY_BASE_URL: "http://127.0.0.1:4010/" })
        assert.strictEqual(custom.baseUrl, "http://127.0.0.1:4010")
        assert.isFalse(custom.rateLimit.enabled)

        const unset = yield* settingsFrom(BASIC_ENV)
        assert.strictEqual(unset.baseUrl, "https://apac.api.capillarytech.com")

        const unknown = yield* Effect.flip(optionsFrom({ ...BASIC_ENV, CAPILLARY_CLUSTER: "mars" }))
        assert.strictEqual(unknown._tag, "ConfigError")
      }))

    it.effect("reads the timeout as a duration", () =>
      Effect.gen(function*() {
        const settings = yield* settingsFrom({ ...BASIC_ENV, CAPILLARY_TIMEOUT: "10 seconds" })
        assert.strictEqual(Duration.toMillis(settings.timeout), 10_000)
        const defaulted = yield* settingsFrom(BASIC_ENV)
        assert.strictEqual(Duration.toMillis(defaulted.timeout), 30_000)
        const invalid = yield* Effect.flip(optionsFrom({ ...BASIC_ENV, CAPILLARY_TIMEOUT: "soon" }))
        assert.strictEqual(invalid._tag, "ConfigError")
      }))

    it.effect("turns the limiter off with CAPILLARY_RATE_LIMIT=false, and sets its default limit", () =>
      Effect.gen(function*() {
        const off = yield* settingsFrom({ ...BASIC_ENV, CAPILLARY_CLUSTER: "india", CAPILLARY_RATE_LIMIT: "false" })
        assert.isFalse(off.rateLimit.enabled)
        const on = yield* settingsFrom({
          ...BASIC_ENV,
          CAPILLARY_BASE_URL: "http://127.0.0.1:4010",
          CAPILLARY_RATE_LIMIT: "true",
          CAPILLARY_RATE_LIMIT_PER_MINUTE: "120"
        })
        assert.isTrue(on.rateLimit.enabled)
        assert.strictEqual(on.rateLimit.defaultPerMinute, 120)
        for (const invalid of ["0", "-1", "1.5", "many"]) {
          const error = yield* Effect.flip(optionsFrom({ ...BASIC_ENV, CAPILLARY_RATE_LIMIT_PER_MINUTE: invalid }))
          assert.strictEqual(error._tag, "ConfigError", `accepted ${invalid}`)
        }
      }))

    it.effect("reads retries, serialisation and attribution", () =>
      Effect.gen(function*() {
        const settings = yield* settingsFrom({
          ...BASIC_ENV,
          CAPILLARY_MAX_RETRIES: "5",
          CAPILLARY_SERIALIZE_PER_CUSTOMER: "true",
          CAPILLARY_TILL_CODE: "till-1",
          CAPILLARY_ATTRIBUTION_ENTITY_TYPE: "STORE_CODE",
          CAPILLARY_ATTRIBUTION_ENTITY_CODE: "store-9"
        })
        assert.strictEqual(settings.retry.maxRetries, 5)
        assert.strictEqual(Duration.toMillis(settings.retry.baseDelay), 200)
        assert.isTrue(settings.serializePerCustomer)
        assert.deepStrictEqual(settings.attribution, {
          tillCode: "till-1",
          entityType: "STORE_CODE",
          entityCode: "store-9"
        })
        const defaults = yield* settingsFrom(BASIC_ENV)
        assert.strictEqual(defaults.retry.maxRetries, 3)
        assert.isFalse(defaults.serializePerCustomer)
        assert.deepStrictEqual(defaults.attribution, {})
      }))
  })
})
