/**
 * Client configuration: where to send requests, how to authenticate, and the timeout, retry, rate-limit and
 * serialisation policies. Built from code with {@link layer} or from `CAPILLARY_*` environment variables with
 * {@link layerConfig}.
 *
 * @since 0.1.0
 */
import { Config, ConfigProvider, Context, Duration, Effect, Layer, Option, Schema } from "effect"
import * as Cluster from "./Cluster.ts"
import * as Credentials from "./Credentials.ts"

/**
 * Headers that attribute a write to a till or store (`X-CAP-API-ATTRIBUTION-*`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Attribution {
  readonly entityType?:
    | "TILL"
    | "STORE_CODE"
    | "STORE_NAME"
    | "STORE_EXTERNAL_ID"
    | "STORE_EXTERNAL_ID_1"
    | "STORE_EXTERNAL_ID_2"
  readonly entityCode?: string
  readonly tillCode?: string
  readonly lookupType?: string
  readonly lookup?: string
}

/**
 * Retries of retryable failures: capped exponential backoff with jitter.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetrySettings {
  /** Re-sends after the first attempt; 0 disables retries. */
  readonly maxRetries: number
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
  /** The longest `Retry-After` honoured; a longer one fails the call instead of waiting. */
  readonly maxRetryAfter: Duration.Duration
  /** Relative jitter: each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  readonly jitter: number
}

/**
 * The client-side limiter, in calls per minute per API key and endpoint family.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimitSettings {
  readonly enabled: boolean
  /** Calls per minute per endpoint family (e.g. `"POST /v2/customers"`); overrides the documented defaults. */
  readonly perMinute: Readonly<Record<string, number>>
  /** Calls per minute for families without a specific limit; undefined means unlimited. */
  readonly defaultPerMinute: number | undefined
}

/**
 * The resolved configuration.
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  readonly target: Cluster.Target
  readonly baseUrl: string
  readonly credentials: Credentials.Credentials
  readonly attribution: Attribution
  /** Timeout of one HTTP attempt. */
  readonly timeout: Duration.Duration
  readonly retry: RetrySettings
  readonly rateLimit: RateLimitSettings
  /** Serialise calls that concern the same customer, so they never race into a 521. */
  readonly serializePerCustomer: boolean
  /** Refresh an OAuth token this long before it expires. */
  readonly tokenRefreshWindow: Duration.Duration
  /** Appended to the `User-Agent` header after the SDK's own product token. */
  readonly userAgentSuffix: string | undefined
}

/**
 * What {@link make} accepts: a cluster or base URL and credentials; every policy has a default.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly cluster?: Cluster.Cluster | undefined
  readonly baseUrl?: string | undefined
  readonly credentials: Credentials.Credentials
  readonly attribution?: Attribution | undefined
  readonly timeout?: Duration.Input | undefined
  readonly retry?:
    | Partial<{
      readonly maxRetries: number
      readonly baseDelay: Duration.Input
      readonly maxDelay: Duration.Input
      readonly maxRetryAfter: Duration.Input
      readonly jitter: number
    }>
    | undefined
  readonly rateLimit?: Partial<RateLimitSettings> | undefined
  readonly serializePerCustomer?: boolean | undefined
  readonly tokenRefreshWindow?: Duration.Input | undefined
  readonly userAgentSuffix?: string | undefined
}

/**
 * Defaults of every policy.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  timeout: Duration.seconds(30),
  retry: {
    maxRetries: 3,
    baseDelay: Duration.millis(200),
    maxDelay: Duration.seconds(10),
    maxRetryAfter: Duration.seconds(60),
    jitter: 0.2
  } satisfies RetrySettings,
  tokenRefreshWindow: Duration.seconds(60)
} as const

/**
 * Documented calls-per-minute limits by region and endpoint family (Capillary "Rate limits" page and the
 * coupon pages); the US cluster has no default limit.
 *
 * @since 0.1.0
 * @category constants
 */
export const documentedLimits: { readonly [R in Cluster.Region]: Readonly<Record<string, number>> } = {
  "asia-1": {
    "POST /v1.1/transaction/add": 1500,
    "POST /v1.1/transaction/update": 100,
    "POST /v1.1/customer/add": 500,
    "POST /v1.1/customer/update": 600,
    "POST /v2/transactions": 1200,
    "POST /v2/transactions/bulk": 700,
    "POST /v2/customers": 600,
    "PUT /v2/customers/{id}": 600,
    "POST /v2/coupon/redeem": 1000,
    "POST /v2/coupon/bulk/redeem": 1000,
    "POST /v2/coupon/issue": 300
  },
  "asia-2": {
    "POST /v1.1/transaction/add": 1500,
    "POST /v1.1/transaction/update": 500,
    "POST /v1.1/customer/add": 700,
    "POST /v1.1/customer/update": 500,
    "POST /v2/transactions": 100,
    "POST /v2/transactions/bulk": 1200,
    "POST /v2/customers": 100,
    "PUT /v2/customers/{id}": 1000,
    "POST /v2/coupon/redeem": 1000,
    "POST /v2/coupon/bulk/redeem": 1000,
    "POST /v2/coupon/issue": 300
  },
  emea: {
    "POST /v1.1/transaction/add": 700,
    "POST /v1.1/transaction/update": 100,
    "POST /v1.1/customer/add": 400,
    "POST /v1.1/customer/update": 300,
    "POST /v2/transactions": 100,
    "POST /v2/transactions/bulk": 300,
    "POST /v2/customers": 100,
    "PUT /v2/customers/{id}": 50,
    "POST /v2/coupon/redeem": 1000,
    "POST /v2/coupon/bulk/redeem": 1000,
    "POST /v2/coupon/issue": 300
  },
  us: {},
  unknown: {}
}

/**
 * Resolves options into settings, filling in the defaults. The limiter is on for named clusters (with the
 * documented limits of their region) and off for a custom base URL such as the emulator, unless asked.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Settings => {
  const target: Cluster.Target = options.baseUrl !== undefined
    ? { _tag: "Custom", baseUrl: options.baseUrl }
    : { _tag: "Named", cluster: options.cluster ?? "india" }
  const documented = target._tag === "Named" ? documentedLimits[Cluster.region[target.cluster]] : {}
  const retry = options.retry ?? {}
  return {
    target,
    baseUrl: Cluster.baseUrlOf(target),
    credentials: options.credentials,
    attribution: options.attribution ?? {},
    timeout: options.timeout === undefined ? defaults.timeout : Duration.fromInputUnsafe(options.timeout),
    retry: {
      maxRetries: retry.maxRetries ?? defaults.retry.maxRetries,
      baseDelay: retry.baseDelay === undefined ? defaults.retry.baseDelay : Duration.fromInputUnsafe(retry.baseDelay),
      maxDelay: retry.maxDelay === undefined ? defaults.retry.maxDelay : Duration.fromInputUnsafe(retry.maxDelay),
      maxRetryAfter: retry.maxRetryAfter === undefined
        ? defaults.retry.maxRetryAfter
        : Duration.fromInputUnsafe(retry.maxRetryAfter),
      jitter: retry.jitter ?? defaults.retry.jitter
    },
    rateLimit: {
      enabled: options.rateLimit?.enabled ?? target._tag === "Named",
      perMinute: { ...documented, ...options.rateLimit?.perMinute },
      defaultPerMinute: options.rateLimit?.defaultPerMinute
    },
    serializePerCustomer: options.serializePerCustomer ?? false,
    tokenRefreshWindow: options.tokenRefreshWindow === undefined
      ? defaults.tokenRefreshWindow
      : Duration.fromInputUnsafe(options.tokenRefreshWindow),
    userAgentSuffix: options.userAgentSuffix
  }
}

/**
 * The configuration service read by the client.
 *
 * @since 0.1.0
 * @category services
 */
export class CapillaryConfig extends Context.Service<CapillaryConfig, Settings>()(
  "@capillary-effect/core/CapillaryConfig"
) {}

/**
 * Configuration from code.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<CapillaryConfig> => Layer.succeed(CapillaryConfig, make(options))

/**
 * Reads the configuration from `CAPILLARY_*` variables:
 * `CAPILLARY_CLUSTER` or `CAPILLARY_BASE_URL`; `CAPILLARY_CLIENT_KEY` + `CAPILLARY_CLIENT_SECRET` (OAuth) or
 * `CAPILLARY_USERNAME` + `CAPILLARY_PASSWORD` (Basic); optional `CAPILLARY_TIMEOUT` (e.g. `10 seconds`),
 * `CAPILLARY_MAX_RETRIES`, `CAPILLARY_RATE_LIMIT` (`true`/`false`), `CAPILLARY_RATE_LIMIT_PER_MINUTE`,
 * `CAPILLARY_SERIALIZE_PER_CUSTOMER`, `CAPILLARY_TILL_CODE`, `CAPILLARY_ATTRIBUTION_ENTITY_TYPE`,
 * `CAPILLARY_ATTRIBUTION_ENTITY_CODE`.
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<Options> = Config.all({
  cluster: Config.option(
    Config.Literals(["india", "apac2", "eu", "us", "north-america", "china"], "CAPILLARY_CLUSTER")
  ),
  baseUrl: Config.option(Config.String("CAPILLARY_BASE_URL")),
  clientKey: Config.option(Config.String("CAPILLARY_CLIENT_KEY")),
  clientSecret: Config.option(Config.Redacted("CAPILLARY_CLIENT_SECRET")),
  username: Config.option(Config.String("CAPILLARY_USERNAME")),
  password: Config.option(Config.Redacted("CAPILLARY_PASSWORD")),
  timeout: Config.option(Config.Duration("CAPILLARY_TIMEOUT")),
  maxRetries: Config.option(Config.Int("CAPILLARY_MAX_RETRIES")),
  rateLimit: Config.option(Config.Boolean("CAPILLARY_RATE_LIMIT")),
  perMinute: Config.option(Config.schema(Schema.Int.check(Schema.isGreaterThan(0)), "CAPILLARY_RATE_LIMIT_PER_MINUTE")),
  serialize: Config.option(Config.Boolean("CAPILLARY_SERIALIZE_PER_CUSTOMER")),
  tillCode: Config.option(Config.String("CAPILLARY_TILL_CODE")),
  entityType: Config.option(
    Config.Literals(
      ["TILL", "STORE_CODE", "STORE_NAME", "STORE_EXTERNAL_ID", "STORE_EXTERNAL_ID_1", "STORE_EXTERNAL_ID_2"],
      "CAPILLARY_ATTRIBUTION_ENTITY_TYPE"
    )
  ),
  entityCode: Config.option(Config.String("CAPILLARY_ATTRIBUTION_ENTITY_CODE"))
}).pipe(
  Config.mapEffect((env) => {
    const credentials = Option.isSome(env.clientKey) && Option.isSome(env.clientSecret)
      ? Option.some(Credentials.oauth(env.clientKey.value, env.clientSecret.value))
      : Option.isSome(env.username) && Option.isSome(env.password)
      ? Option.some(Credentials.basic(env.username.value, env.password.value))
      : Option.none()
    if (Option.isNone(credentials)) {
      return Effect.fail(
        new Config.ConfigError(
          new ConfigProvider.SourceError({
            message:
              "set CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET, or CAPILLARY_USERNAME and CAPILLARY_PASSWORD"
          })
        )
      )
    }
    const attribution: Attribution = {
      ...Option.match(env.tillCode, { onNone: () => ({}), onSome: (tillCode) => ({ tillCode }) }),
      ...Option.match(env.entityType, { onNone: () => ({}), onSome: (entityType) => ({ entityType }) }),
      ...Option.match(env.entityCode, { onNone: () => ({}), onSome: (entityCode) => ({ entityCode }) })
    }
    return Effect.succeed<Options>({
      cluster: Option.getOrUndefined(env.cluster),
      baseUrl: Option.getOrUndefined(env.baseUrl),
      credentials: credentials.value,
      attribution,
      timeout: Option.getOrUndefined(env.timeout),
      retry: Option.match(env.maxRetries, { onNone: () => ({}), onSome: (maxRetries) => ({ maxRetries }) }),
      rateLimit: {
        ...Option.match(env.rateLimit, { onNone: () => ({}), onSome: (enabled) => ({ enabled }) }),
        defaultPerMinute: Option.getOrUndefined(env.perMinute)
      },
      serializePerCustomer: Option.getOrUndefined(env.serialize)
    })
  })
)

/**
 * Configuration from the environment (see {@link config}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<CapillaryConfig, Config.ConfigError> = Layer.effect(
  CapillaryConfig,
  Effect.map(config, make)
)
