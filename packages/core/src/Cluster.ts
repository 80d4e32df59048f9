/**
 * Capillary's API clusters and their hosts. v1.1, v2, v3 and api_gateway share one host per cluster.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The named clusters.
 *
 * @since 0.1.0
 * @category models
 */
export const Cluster = Schema.Literals(["india", "apac2", "eu", "us", "north-america", "china"])

/**
 * @since 0.1.0
 * @category models
 */
export type Cluster = typeof Cluster.Type

/**
 * The API base URL of each named cluster.
 *
 * @since 0.1.0
 * @category constants
 */
export const baseUrls: { readonly [K in Cluster]: string } = {
  india: "https://apac.api.capillarytech.com",
  apac2: "https://apac2.api.capillarytech.com",
  eu: "https://eu.api.capillarytech.com",
  us: "https://us.api.capillarytech.com",
  "north-america": "https://north-america.api.capillarytech.com",
  china: "https://api.capillarytech.cn.com"
}

/**
 * The documented rate-limit region of a cluster (the limits table in Capillary's docs is per region).
 *
 * @since 0.1.0
 * @category models
 */
export type Region = "asia-1" | "asia-2" | "emea" | "us" | "unknown"

/**
 * Region of a named cluster.
 *
 * @since 0.1.0
 * @category constants
 */
export const region: { readonly [K in Cluster]: Region } = {
  india: "asia-1",
  apac2: "asia-2",
  eu: "emea",
  us: "us",
  "north-america": "us",
  china: "unknown"
}

/**
 * Where requests go: a named cluster, or any base URL (the emulator, a proxy, a private cluster).
 *
 * @since 0.1.0
 * @category models
 */
export type Target = { readonly _tag: "Named"; readonly cluster: Cluster } | {
  readonly _tag: "Custom"
  readonly baseUrl: string
}

/**
 * The base URL of a target, without a trailing slash.
 *
 * @since 0.1.0
 * @category accessors
 */
export const baseUrlOf = (target: Target): string =>
  target._tag === "Named" ? baseUrls[target.cluster] : target.baseUrl.replace(/\/+$/, "")
