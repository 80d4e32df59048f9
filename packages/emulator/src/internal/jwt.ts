import { createHmac, timingSafeEqual } from "node:crypto"

// HS256 tokens signed with the emulator's own secret: shaped like Capillary's (claims), verifiable offline.

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url")

const signature = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("base64url")

export const sign = (secret: string, claims: Record<string, unknown>): string => {
  const data = `${encode({ alg: "HS256", typ: "JWT", kid: "emulator" })}.${encode(claims)}`
  return `${data}.${signature(secret, data)}`
}

/** The claims of a token signed with `secret`, or undefined when it is malformed or the signature is wrong. */
export const verify = (secret: string, token: string): Record<string, unknown> | undefined => {
  const parts = token.split(".")
  if (parts.length !== 3) return undefined
  const [header, payload, given] = parts as [string, string, string]
  const expected = Buffer.from(signature(secret, `${header}.${payload}`))
  const actual = Buffer.from(given)
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"))
    return typeof claims === "object" && claims !== null ? claims as Record<string, unknown> : undefined
  } catch {
    return undefined
  }
}
