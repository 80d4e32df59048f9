import { Predicate } from "effect"

// Errors raised while connecting: the request never reached the server, so re-sending any request is safe.
const connectCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT"
])

/** The first `code` found along an error's `cause` chain (undici and Node put it a few levels deep). */
export const errorCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 6 && Predicate.isObject(current); depth++) {
    const record = current as { readonly code?: unknown; readonly cause?: unknown }
    if (Predicate.isString(record.code)) return record.code
    current = record.cause
  }
  return undefined
}

/** Whether a transport failure happened before the request could be sent. */
export const failedBeforeSending = (error: unknown): boolean => {
  const code = errorCode(error)
  return code !== undefined && connectCodes.has(code)
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date. */
export const retryAfterMillis = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined || value.trim() === "") return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
