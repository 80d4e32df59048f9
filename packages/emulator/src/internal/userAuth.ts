/**
 * The user authentication store on the emulator database: one credential per customer, kept only as a salted
 * scrypt hash of the password digest the client sends (never the digest itself). Salts are drawn from Effect's
 * `Random` seeded with the customer and the number of times their password was set, so the same state always
 * draws the same salt. Every function runs in the caller's transaction.
 */
import { Effect, Random } from "effect"
import { SqlClient } from "effect/sql"
import { scrypt, timingSafeEqual } from "node:crypto"
import { reject } from "../Behaviour.ts"
import * as CustomerStore from "./customers.ts"

/** The table (migration `0131_user_auth`), after the customers table of migration `0100_customers`. */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE user_auth_credentials (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    algorithm TEXT NOT NULL,
    salt TEXT NOT NULL,
    hash TEXT NOT NULL,
    generation INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  )`
})

// ---------------------------------------------------------------------------------------------------------------
// Rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

const authenticationFailed = () =>
  reject(91024, "Authentication failed. Unable to authorize user with the given credentials")

/** 91027: the username names no customer, or two different ones. */
export const invalidUsername = (detail: string) => reject(91027, `Invalid username (mobile number/email id): ${detail}`)

// ---------------------------------------------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------------------------------------------

/** scrypt's cost parameters and key length, recorded with each hash. */
const cost = { N: 16384, r: 8, p: 1 } as const
const keyLength = 32
const algorithm = `scrypt:${cost.N}:${cost.r}:${cost.p}:${keyLength}`

/** The scrypt key of a secret and a salt, off the event loop. */
const derive = (secret: string, salt: Buffer) =>
  Effect.callback<Buffer>((resume) => {
    scrypt(secret, salt, keyLength, cost, (error, key) => {
      resume(error === null ? Effect.succeed(key) : Effect.die(error))
    })
  })

/** 16 salt bytes from Effect's `Random`, seeded with a key. */
const drawSalt = (key: string) =>
  Effect.map(
    Effect.forEach(Array.from({ length: 16 }), () => Random.nextIntBetween(0, 256, { halfOpen: true })),
    (bytes) => Buffer.from(bytes)
  ).pipe(Random.withSeed(key))

/** The digest as hashed: the client's MD5 hex digest, lower-case (its case does not matter). */
const normalise = (digest: string) => digest.toLowerCase()

// ---------------------------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------------------------

/** How a request names the user. */
export interface Username {
  readonly mobile?: string | undefined
  readonly email?: string | undefined
}

/**
 * The customer the username names, in any source: each of the mobile number and email given must be a
 * customer's, and the same customer's (91027 otherwise).
 */
export const resolve = Effect.fnUntraced(function*(orgId: number, username: Username) {
  const given = [
    ...(username.mobile === undefined ? [] : [{ type: "mobile", value: username.mobile }]),
    ...(username.email === undefined ? [] : [{ type: "email", value: username.email }])
  ]
  const found = new Set<number>()
  for (const identifier of given) {
    const id = yield* CustomerStore.findByIdentifier(orgId, identifier, { source: "ALL" })
    if (id === undefined) return yield* invalidUsername(`no customer has that ${identifier.type}`)
    found.add(id)
  }
  const [id] = found
  if (id === undefined) return yield* invalidUsername("no mobile number or email")
  if (found.size > 1) return yield* invalidUsername("the mobile number and the email are different customers'")
  return id
})

interface CredentialRow {
  readonly algorithm: string
  readonly salt: string
  readonly hash: string
  readonly generation: number
}

const credentialOf = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<CredentialRow>`SELECT algorithm, salt, hash, generation FROM user_auth_credentials
        WHERE customer_id = ${customerId}`,
      ([row]) => row
    )
  )

/** A salted hash of the digest, for the customer's next generation of password. */
const hashFor = Effect.fnUntraced(function*(customerId: number, generation: number, digest: string) {
  const salt = yield* drawSalt(`user-auth:${customerId}:${generation}`)
  const hash = yield* derive(normalise(digest), salt)
  return { salt: salt.toString("hex"), hash: hash.toString("hex") }
})

/** Registers the customer's password: 91029 when they have one already. */
export const register = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly digest: string
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, now } = options
  if ((yield* credentialOf(customerId)) !== undefined) return yield* reject(91029, "User is registered already")
  const { hash, salt } = yield* hashFor(customerId, 1, options.digest)
  yield* sql`INSERT INTO user_auth_credentials
      (customer_id, org_id, algorithm, salt, hash, generation, created_at, updated_at)
    VALUES (${customerId}, ${options.orgId}, ${algorithm}, ${salt}, ${hash}, 1, ${now}, ${now})`
})

/** Checks the customer's password: 91024 when they have none, or it differs. */
export const authorize = Effect.fnUntraced(function*(customerId: number, digest: string) {
  const credential = yield* credentialOf(customerId)
  if (credential === undefined) return yield* authenticationFailed()
  const expected = Buffer.from(credential.hash, "hex")
  const actual = yield* derive(normalise(digest), Buffer.from(credential.salt, "hex"))
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return yield* authenticationFailed()
})

/** Sets a registered customer's new password, with a new salt: 91026 when they have none. */
export const update = Effect.fnUntraced(function*(options: {
  readonly customerId: number
  readonly digest: string
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, now } = options
  const credential = yield* credentialOf(customerId)
  if (credential === undefined) {
    return yield* reject(91026, "Unable to update password: the user is not registered")
  }
  const generation = credential.generation + 1
  const { hash, salt } = yield* hashFor(customerId, generation, options.digest)
  yield* sql`UPDATE user_auth_credentials
    SET algorithm = ${algorithm}, salt = ${salt}, hash = ${hash}, generation = ${generation}, updated_at = ${now}
    WHERE customer_id = ${customerId}`
})
