/**
 * How the client proves who it is: till credentials (Basic) or an OAuth API client (key and secret).
 *
 * @since 0.1.0
 */
import { Data, Redacted } from "effect"

/**
 * Till (store-center) credentials: sent as `Basic base64(username + ":" + md5hex(password))`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Basic {
  readonly _tag: "Basic"
  readonly username: string
  readonly password: Redacted.Redacted<string>
}

/**
 * An OAuth API client: key and secret are exchanged for a short-lived token sent as `X-CAP-API-OAUTH-TOKEN`.
 *
 * @since 0.1.0
 * @category models
 */
export interface OAuth {
  readonly _tag: "OAuth"
  readonly clientKey: string
  readonly clientSecret: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category models
 */
export type Credentials = Basic | OAuth

const make = Data.taggedEnum<Credentials>()

/**
 * Till credentials. The password is kept `Redacted` and only its MD5 digest is ever sent.
 *
 * @since 0.1.0
 * @category constructors
 */
export const basic = (username: string, password: string | Redacted.Redacted<string>): Credentials =>
  make.Basic({ username, password: Redacted.isRedacted(password) ? password : Redacted.make(password) })

/**
 * OAuth client credentials. The secret is kept `Redacted`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const oauth = (clientKey: string, clientSecret: string | Redacted.Redacted<string>): Credentials =>
  make.OAuth({
    clientKey,
    clientSecret: Redacted.isRedacted(clientSecret) ? clientSecret : Redacted.make(clientSecret)
  })
