/**
 * What the emulator does for the OTP endpoints of `@capillary-effect/customers`. No SMS, email or call is sent:
 * each send is recorded, and `GET /v2/otp` (Capillary's own read of a customer's latest valid code) is how a test
 * or a user learns the code.
 *
 * - Generate: codes are 6 upper-case letters or digits, drawn from Effect's `Random` seeded with the organisation
 *   and its count of OTPs (the same state draws the same code). A code is valid for the organisation's window
 *   (default 15 minutes) on the emulator clock, so `TestClock` or `/__emulator/clock` moves it. Repeated while the
 *   OTP of that entity and action is valid and unused, the same code is sent again (its window unchanged) and the
 *   answer is `createdId: 1`, as Capillary documents; otherwise `createdId` is the new OTP's id. Every send, new
 *   or repeated, counts against the organisation's daily cap per user (a customer over all their mobile numbers
 *   and emails; default 10 a day, UTC; Capillary's docs say 10 in one place and 500 in another), refused past it
 *   with body code 429 in an HTTP 400 (so the SDK names it `OtpLimitExceeded`; Capillary documents the code, not
 *   the status). For an action other than REGISTRATION and GENERIC the entity must be a customer's mobile number
 *   or email (8015).
 * - Validate: against the entity's latest OTP (of the action, when given): a matching code (compared without
 *   regard to case) is `entity: true` and is used up; a different code is `entity: false`, not an error; an
 *   expired OTP is 605; none issued, or the last one already used, is 9001.
 * - Read: the customer by identifier (8015), then their latest unexpired, unused OTP sent to any of their mobile
 *   numbers or emails, optionally issued within the last `threshold` seconds (Capillary's "validity of the OTP
 *   that you want to fetch", read as a look-back) and for the action `scope`; 9001 when none.
 * - Refused input, with Capillary's codes: action 600, entity type 601, entity value 602 (a malformed mobile
 *   number 8056), channel 603, no code 604, a malformed code 605, a WhatsApp channel without
 *   `whatsappTemplateName` 607, a Zalo channel without `zaloTemplateIdentifier` 621; on a read, source 8003 and
 *   identifier name 8013.
 *
 * Codes are stored as issued (the read returns them), never logged by the emulator itself, and carried
 * `Redacted` by the SDK. Requires the customers tables (`CustomerBehaviours.migrations`, included here).
 *
 * @since 0.2.0
 */
import { Customer, Otp, OtpApi } from "@capillary-effect/customers"
import { Effect, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, reject } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import { isoSeconds } from "./internal/dates.ts"
import * as Store from "./internal/otp.ts"

/**
 * The OTP tables, after those of customers: each organisation's settings, the OTPs and their sends.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  "0130_otp": Store.createTables
}

/**
 * An organisation's OTP settings: the validity window and the daily cap per user.
 *
 * @since 0.2.0
 * @category settings
 */
export type Settings = Store.Settings

/**
 * The settings of an organisation that set none: valid 15 minutes, 10 a day.
 *
 * @since 0.2.0
 * @category settings
 */
export const defaultSettings: Settings = Store.defaults

/**
 * Sets an organisation's OTP settings (those not given keep their value); answers the settings now in force.
 *
 * @since 0.2.0
 * @category settings
 */
export const configure = (
  orgId: number,
  change: Partial<Settings>
): Effect.Effect<Settings, never, SqlClient.SqlClient> => Store.configure(orgId, change).pipe(Effect.orDie)

/**
 * An organisation's OTP settings in force.
 *
 * @since 0.2.0
 * @category settings
 */
export const settings = (orgId: number): Effect.Effect<Settings, never, SqlClient.SqlClient> =>
  Store.settings(orgId).pipe(Effect.orDie)

// Capillary's messages for these codes are themselves quoted strings.
const invalidAction = () => reject(600, `"Invalid or Null action passed"`)
const invalidEntityType = () => reject(601, `"Invalid or Null entity type passed"`)
const invalidEntityValue = () => reject(602, `"Invalid or Null entity value passed"`)
const invalidChannel = () => reject(603, `"Invalid or Null channel passed"`)

const isAction = Schema.is(Otp.OtpAction)
const isEntityType = Schema.is(Otp.OtpEntityType)
const isChannel = Schema.is(Otp.OtpChannel)
const isMobile = Schema.is(Customer.Mobile)
const isCode = Schema.is(Otp.OtpCodeValue)
const isLookupSource = Schema.is(Customer.LookupSource)
const isIdentifierName = Schema.is(Otp.OtpIdentifierName)

const bodyOf = (input: RawInput): Record<string, unknown> | undefined =>
  typeof input.body === "object" && input.body !== null && !Array.isArray(input.body)
    ? input.body as Record<string, unknown>
    : undefined

const upper = (value: unknown) => typeof value === "string" ? value.toUpperCase() : value

/** The entity of a raw body: 601 for its type, 602 (8056 for a malformed mobile number) for its value. */
const rejectEntity = (body: Record<string, unknown>) => {
  const type = upper(body.entityType)
  if (!isEntityType(type)) return invalidEntityType()
  const value = body.entityValue
  if (typeof value !== "string" || value.trim() === "") return invalidEntityValue()
  if (type === "MOBILE" && !isMobile(value.trim())) return reject(8056, "Invalid mobile")
  return undefined
}

/** A generate Capillary refuses with a code of its own. */
const rejectGenerate = (input: RawInput) => {
  const body = bodyOf(input)
  if (body === undefined) return undefined
  if (!isAction(upper(body.action))) return invalidAction()
  const entity = rejectEntity(body)
  if (entity !== undefined) return entity
  const channels = body.channels
  if (!Array.isArray(channels) || channels.length === 0) return invalidChannel()
  const types = new Set<unknown>()
  for (const channel of channels) {
    const normalised = typeof channel === "object" && channel !== null ? { ...channel, type: upper(channel.type) } : {}
    if (!isChannel(normalised)) return invalidChannel()
    types.add(normalised.type)
  }
  if (types.has("WHATSAPP") && typeof body.whatsappTemplateName !== "string") {
    return reject(607, "Mandatory template name not passed for whatsapp type channel")
  }
  if (types.has("ZALO") && typeof body.zaloTemplateIdentifier !== "string") {
    return reject(621, "Zalo template identifier cannot be empty")
  }
  return undefined
}

/** A validate Capillary refuses with a code of its own. */
const rejectValidate = (input: RawInput) => {
  const body = bodyOf(input)
  if (body === undefined) return undefined
  const entity = rejectEntity(body)
  if (entity !== undefined) return entity
  const code = body.code
  if (code === undefined || code === null || code === "") return reject(604, "No OTP passed")
  if (!isCode(code)) return reject(605, "OTP is invalid or expired")
  if (body.action !== undefined && !isAction(upper(body.action))) return invalidAction()
  return undefined
}

/** A read with an unknown source (8003) or identifier name (8013). */
const rejectRead = (input: RawInput) => {
  const { identifierName, source } = input.query
  if (typeof source === "string" && !isLookupSource(source)) return reject(8003, "Invalid source")
  if (typeof identifierName === "string" && !isIdentifierName(identifierName)) {
    return reject(8013, "Invalid identifier")
  }
  return undefined
}

/**
 * `customers.generateOtp`: issues an OTP, or sends the valid one again (`createdId: 1`).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const generate = handle(
  OtpApi.generate,
  (input, context) =>
    Effect.gen(function*() {
      const generated = yield* Store.generate({ orgId: context.principal.orgId, request: input.body, now: context.now })
      return { createdId: generated.resent ? 1 : generated.otpId, warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectGenerate }
)

/**
 * `customers.validateOtp`: `entity: true` for the valid code (used up), `false` for another code.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const validate = handle(
  OtpApi.validate,
  (input, context) =>
    Effect.gen(function*() {
      const matched = yield* Store.validate({
        orgId: context.principal.orgId,
        request: input.body,
        code: Redacted.value(input.body.code),
        now: context.now
      })
      return { entity: matched, warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectValidate }
)

/**
 * `customers.getOtp`: the customer's latest valid OTP, its code and until when it is valid.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const get = handle(
  OtpApi.get,
  (input, context) =>
    Effect.gen(function*() {
      const found = yield* Store.latest({ orgId: context.principal.orgId, query: input.query, now: context.now })
      return {
        orgId: context.principal.orgId,
        userId: Customer.CustomerId.make(found.customerId),
        code: Redacted.make(found.code),
        validUpto: isoSeconds(found.validUntil),
        warnings: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectRead }
)

/**
 * The OTP endpoints, their behaviours and their migrations, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: OtpApi.endpoints,
  behaviours: [generate, validate, get],
  migrations
}
