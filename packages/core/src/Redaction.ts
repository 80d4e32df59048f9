/**
 * Masks secrets and personal data (passwords, tokens, MD5 hashes, mobile numbers, emails) before any text
 * reaches a log line, a span attribute or an error message.
 *
 * @since 0.1.0
 */
import { Predicate } from "effect"

/**
 * What replaces a masked value.
 *
 * @since 0.1.0
 * @category constants
 */
export const mask = "<redacted>"

/**
 * Field, header and query-parameter names whose values are always masked, whatever they look like.
 * Compared case-insensitively, ignoring `-` and `_`.
 *
 * @since 0.1.0
 * @category constants
 */
export const sensitiveNames: ReadonlyArray<string> = [
  "password",
  "secret",
  "key",
  "token",
  "accesstoken",
  "authorization",
  "xcapapioauthtoken",
  "capapiaccesstoken",
  "mobile",
  "email",
  "emailid",
  "phone",
  "identifiervalue",
  "entityvalue",
  "validationcode",
  "otp",
  "cardnumber",
  "capmobile",
  "capauthorization"
]

const normalize = (name: string) => name.toLowerCase().replace(/[-_]/g, "")
const sensitive = new Set(sensitiveNames)

/**
 * Whether a field, header or query-parameter name carries a secret or personal data.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSensitiveName = (name: string): boolean => sensitive.has(normalize(name))

// Order matters: whole tokens first, then the shorter shapes they contain.
const patterns: ReadonlyArray<RegExp> = [
  // JWTs (three base64url segments)
  /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g,
  // Basic / Bearer credentials
  /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._-]+/gi,
  // e-mail addresses
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g,
  // 32-hex MD5 digests (and longer hex secrets)
  /\b[a-f0-9]{32,}\b/gi,
  // mobile numbers: 8 to 15 digits, optionally with a leading + (country code included)
  /\+?\b\d{8,15}\b/g
]

/**
 * Masks every secret-looking or personal substring of a text.
 *
 * Numbers of 8 to 15 digits are masked too: a mobile number cannot be told from a long id, and
 * over-masking a log line is the safe mistake.
 *
 * @since 0.1.0
 * @category redaction
 */
export const redactText = (text: string): string => patterns.reduce((acc, pattern) => acc.replace(pattern, mask), text)

/**
 * Deeply masks a JSON-like value: values under sensitive names are replaced, every string is passed
 * through {@link redactText}.
 *
 * @since 0.1.0
 * @category redaction
 */
// An OTP travels as a plain `code`, beside the `entityValue` it was sent to (validate) or its `validUpto` (read).
const isOtpCode = (record: object, name: string, inner: unknown) =>
  name === "code" && Predicate.isString(inner) && ("entityValue" in record || "validUpto" in record)

export const redactValue = (value: unknown, depth = 0): unknown => {
  if (depth > 32) return mask
  if (Predicate.isString(value)) return redactText(value)
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1))
  if (Predicate.isObject(value)) {
    const out: Record<string, unknown> = {}
    for (const [name, inner] of Object.entries(value)) {
      out[name] = (isSensitiveName(name) || isOtpCode(value, name, inner)) && inner !== null &&
          !Predicate.isObject(inner)
        ? mask
        : redactValue(inner, depth + 1)
    }
    return out
  }
  return value
}

/**
 * Masks the query string of a URL: sensitive parameters entirely, the others through {@link redactText}.
 *
 * @since 0.1.0
 * @category redaction
 */
export const redactUrl = (url: string): string => {
  const index = url.indexOf("?")
  if (index === -1) return redactText(url)
  const params = new URLSearchParams(url.slice(index + 1))
  const masked = new URLSearchParams()
  for (const [name, value] of params) {
    masked.append(name, isSensitiveName(name) ? mask : redactText(value))
  }
  return `${redactText(url.slice(0, index))}?${masked.toString()}`
}
