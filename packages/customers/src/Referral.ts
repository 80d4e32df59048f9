/**
 * Customer referrals, as Capillary's v2 and v1.1 APIs send and receive them. A referrer has one referral code per
 * referral campaign (named by its token; the organisation's default campaign when none is given); they invite
 * people by mobile or email (invitees); invitees who then register become referees; incentives are the rewards
 * the referrer earned.
 *
 * Shapes Capillary does not document are designed from the field names it uses elsewhere, and marked "assumed":
 * the items of a v2 read's `invitees` and `referee` (the documented examples have none), the paging of a v2 read
 * (its `pagination` pages the invitees: the documented example has one referrer and `total` 0 with no invitees),
 * and the answer of the referral code validation (`{entity: true | false}`, like Capillary's OTP validation).
 * Dates are kept as the strings Capillary sends.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import * as Customer from "./Customer.ts"
import { V11CountedStatus } from "./Subscription.ts"

const notBlank = (what: string) =>
  Schema.makeFilter((value: string) => value.trim() === "" ? `${what} cannot be empty` : undefined)

const IntFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int))

const isMobile = Schema.is(Customer.Mobile)
const isEmail = Schema.is(Customer.Email)

// ---------------------------------------------------------------------------------------------------------------
// Common
// ---------------------------------------------------------------------------------------------------------------

/**
 * A referral campaign's token (e.g. `CWRME`), shown on the campaign's page.
 *
 * @since 0.2.0
 * @category campaigns
 */
export const CampaignToken = Schema.String.check(notBlank("a campaign token"))

/**
 * How an invitee is reached: `MOBILE` or `EMAIL`.
 *
 * @since 0.2.0
 * @category invitees
 */
export const ReferralType = Schema.Literals(["MOBILE", "EMAIL"])

/**
 * The type of `ReferralType`.
 *
 * @since 0.2.0
 * @category invitees
 */
export type ReferralType = typeof ReferralType.Type

/**
 * Whether an invitee's identifier fits the referral type: a mobile number for `MOBILE`, an email for `EMAIL`
 * (Capillary's 1701 "Invalid Identifier for the type" otherwise).
 *
 * @since 0.2.0
 * @category invitees
 */
export const identifierFits = (type: string, identifier: string): boolean =>
  type === "MOBILE" ? isMobile(identifier) : type === "EMAIL" ? isEmail(identifier) : false

// ---------------------------------------------------------------------------------------------------------------
// v2: add
// ---------------------------------------------------------------------------------------------------------------

const dateTimePattern = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * When an invitation was made: `YYYY-MM-DD HH:MM:SS` (as documented) or ISO-8601, with or without an offset.
 *
 * @since 0.2.0
 * @category v2
 */
export const InvitedOn = Schema.String.check(
  Schema.isPattern(dateTimePattern, { message: "an invitation date is YYYY-MM-DD HH:MM:SS or ISO-8601" })
)

/**
 * An invitee of a v2 add: name, identifier (mobile or email, as the group's type says) and invitation date.
 *
 * @since 0.2.0
 * @category v2
 */
export const Invitee = Schema.Struct({
  name: Schema.optional(Schema.String),
  identifier: Schema.String,
  invitedOn: InvitedOn
})

/**
 * The invitees of a v2 add reached the same way; each identifier must fit the type.
 *
 * @since 0.2.0
 * @category v2
 */
export const InviteeGroup = Schema.Struct({
  type: ReferralType,
  referral: Schema.NonEmptyArray(Invitee)
}).check(Schema.makeFilter((group) => {
  const misfit = group.referral.findIndex((invitee) => !identifierFits(group.type, invitee.identifier))
  return misfit === -1
    ? undefined
    : { path: ["referral", misfit, "identifier"], issue: `not a valid ${group.type.toLowerCase()} identifier` }
}))

/**
 * The referrer as a v2 add names them (any of id, mobile, email, external id; an empty string is no value).
 *
 * @since 0.2.0
 * @category v2
 */
export const ReferrerRef = Schema.Struct({
  id: Schema.optional(Customer.CustomerId),
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  externalId: Schema.optional(Schema.String)
})

/**
 * The type of `ReferrerRef`.
 *
 * @since 0.2.0
 * @category v2
 */
export type ReferrerRef = typeof ReferrerRef.Type

/**
 * One referrer's invitations in a campaign (the default campaign when no token is given).
 *
 * @since 0.2.0
 * @category v2
 */
export const CustomerReferral = Schema.Struct({
  customer: Schema.optional(ReferrerRef),
  campaignToken: Schema.optional(CampaignToken),
  referrals: Schema.NonEmptyArray(InviteeGroup)
})

/**
 * The type of `CustomerReferral`.
 *
 * @since 0.2.0
 * @category v2
 */
export type CustomerReferral = typeof CustomerReferral.Type

/**
 * The body of `POST /v2/customers/{userId}/referrals`.
 *
 * @since 0.2.0
 * @category v2
 */
export const ReferralsAdd = Schema.Struct({ customerReferrals: Schema.NonEmptyArray(CustomerReferral) })

/**
 * The type of `ReferralsAdd`.
 *
 * @since 0.2.0
 * @category v2
 */
export type ReferralsAdd = typeof ReferralsAdd.Type

/**
 * An invitation as Capillary echoes or lists it (the listing's shape is assumed: the documented examples have
 * none).
 *
 * @since 0.2.0
 * @category v2
 */
export const InviteeRecord = Schema.Struct({
  type: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  identifier: Schema.String,
  invitedOn: Schema.optional(Schema.String)
})

/**
 * The type of `InviteeRecord`.
 *
 * @since 0.2.0
 * @category v2
 */
export type InviteeRecord = typeof InviteeRecord.Type

/**
 * The answer to a v2 add: the invitations recorded, echoed per referrer and campaign.
 *
 * @since 0.2.0
 * @category v2
 */
export const ReferralsAdded = Schema.Struct({
  customerReferrals: Schema.Array(Schema.Struct({
    customer: Schema.optional(Schema.Struct({
      id: Schema.optional(Customer.CustomerId),
      mobile: Schema.optional(Schema.String),
      email: Schema.optional(Schema.String),
      externalId: Schema.optional(Schema.String)
    })),
    campaignToken: Schema.optional(Schema.String),
    referrals: Schema.Array(Schema.Struct({ type: Schema.String, referral: Schema.Array(InviteeRecord) }))
  })),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `ReferralsAdded`.
 *
 * @since 0.2.0
 * @category v2
 */
export type ReferralsAdded = typeof ReferralsAdded.Type

// ---------------------------------------------------------------------------------------------------------------
// v2: read
// ---------------------------------------------------------------------------------------------------------------

const identifierRecord = Schema.Struct({ type: Schema.String, value: Schema.String })

/**
 * A communication channel of the referrer in a v2 read.
 *
 * @since 0.2.0
 * @category v2
 */
export const ReferrerChannel = Schema.Struct({
  type: Schema.String,
  value: Schema.String,
  primary: Schema.optional(Schema.Boolean),
  verified: Schema.optional(Schema.Boolean),
  subscribed: Schema.optional(Schema.Boolean),
  meta: Schema.optional(Schema.Record(Schema.String, Schema.Json)),
  attributes: Schema.optional(Schema.Record(Schema.String, Schema.Json))
})

/**
 * A profile of the referrer in a v2 read: names, fields, identifiers and channels of one source account.
 *
 * @since 0.2.0
 * @category v2
 */
export const ReferrerProfile = Schema.Struct({
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  fields: Schema.optional(Customer.Fields),
  allFields: Schema.optional(Customer.Fields),
  identifiers: Schema.optional(Schema.Array(identifierRecord)),
  commChannels: Schema.optional(Schema.Array(ReferrerChannel)),
  source: Schema.optional(Schema.String),
  userId: Schema.optional(Customer.CustomerId),
  accountId: Schema.optional(Schema.String),
  autoUpdateTime: Schema.optional(Schema.String),
  identifiersAll: Schema.optional(Schema.Array(identifierRecord))
})

/**
 * An invitee who became a customer (assumed shape): their id and names, what made them a referee
 * (`REGISTRATION`) and when.
 *
 * @since 0.2.0
 * @category v2
 */
export const RefereeRecord = Schema.Struct({
  userId: Schema.optional(Customer.CustomerId),
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  eventType: Schema.String,
  addedOn: Schema.optional(Schema.String)
})

/**
 * The type of `RefereeRecord`.
 *
 * @since 0.2.0
 * @category v2
 */
export type RefereeRecord = typeof RefereeRecord.Type

/**
 * A referrer's referrals in one campaign: the referrer, their code, the invitees of the page, the referees and
 * the incentives.
 *
 * @since 0.2.0
 * @category v2
 */
export const ReferralDetails = Schema.Struct({
  customer: Schema.Struct({ id: Customer.CustomerId, profiles: Schema.Array(ReferrerProfile) }),
  referralCode: Schema.String,
  invitees: Schema.Array(InviteeRecord),
  referee: Schema.Array(RefereeRecord),
  incentives: Schema.Array(Schema.Json)
})

/**
 * The type of `ReferralDetails`.
 *
 * @since 0.2.0
 * @category v2
 */
export type ReferralDetails = typeof ReferralDetails.Type

/**
 * The answer of `GET /v2/customers/{userId}/referrals` and of its lookup form: one entry per referrer and
 * campaign, and the paging of its invitees (assumed).
 *
 * @since 0.2.0
 * @category v2
 */
export const Referrals = Schema.Struct({
  pagination: Schema.Struct({ limit: Schema.Int, offset: Schema.Int, total: Schema.Int }),
  data: Schema.Array(ReferralDetails),
  warnings: Envelope.V2Warnings,
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `Referrals`.
 *
 * @since 0.2.0
 * @category v2
 */
export type Referrals = typeof Referrals.Type

/**
 * The page size of a v2 read when `limit` is absent.
 *
 * @since 0.2.0
 * @category v2
 */
export const pageSize = 10

const paging = {
  offset: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(0))),
  limit: Schema.optional(IntFromString.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))
}

/**
 * The path of the v2 referral endpoints on a customer id.
 *
 * @since 0.2.0
 * @category v2
 */
export const UserPath = Schema.Struct({ userId: Schema.FiniteFromString.pipe(Schema.decodeTo(Customer.CustomerId)) })

/**
 * The query of `GET /v2/customers/{userId}/referrals`: the campaign (default when absent) and the page of
 * invitees (`offset` from 0, `limit` 1 to 1000, default 10).
 *
 * @since 0.2.0
 * @category v2
 */
export const ReferralsQuery = Schema.Struct({
  campaignToken: Schema.optional(CampaignToken),
  ...paging
})

/**
 * The type of `ReferralsQuery`.
 *
 * @since 0.2.0
 * @category v2
 */
export type ReferralsQuery = typeof ReferralsQuery.Type

/**
 * The query of `GET /v2/customers/lookup/referrals`: the referrer by identifier in a source, the campaign (required
 * there) and the page of invitees.
 *
 * @since 0.2.0
 * @category v2
 */
export const ReferralsLookupQuery = Schema.Struct({
  ...Customer.IdentifierQuery.fields,
  campaignToken: CampaignToken,
  ...paging
}).check(Schema.makeFilter((query) => {
  const { identifierName: type, identifierValue: value } = query
  if (value.trim() === "") return { path: ["identifierValue"], issue: `the ${type} value is empty` }
  if (type === "mobile" && !isMobile(value)) return { path: ["identifierValue"], issue: "not a valid mobile number" }
  if (type === "email" && !isEmail(value)) return { path: ["identifierValue"], issue: "not a valid email address" }
  return undefined
}))

/**
 * The type of `ReferralsLookupQuery`.
 *
 * @since 0.2.0
 * @category v2
 */
export type ReferralsLookupQuery = typeof ReferralsLookupQuery.Type

/**
 * The query of `GET /v2/referral/validate`: the referral code a referee received.
 *
 * @since 0.2.0
 * @category validation
 */
export const ValidateQuery = Schema.Struct({ code: Schema.String.check(notBlank("a referral code")) })

/**
 * The answer of a referral code validation (assumed shape): `entity` is whether the code belongs to a referrer of
 * the organisation. An unknown code is `false`, not an error.
 *
 * @since 0.2.0
 * @category validation
 */
export const CodeValidity = Schema.Struct({ entity: Schema.Boolean, warnings: Envelope.V2Warnings })

/**
 * The type of `CodeValidity`.
 *
 * @since 0.2.0
 * @category validation
 */
export type CodeValidity = typeof CodeValidity.Type

// ---------------------------------------------------------------------------------------------------------------
// v1.1
// ---------------------------------------------------------------------------------------------------------------

const v11Identifiers = ["mobile", "email", "external_id", "id"] as const

const hasIdentifier = (what: string) =>
  Schema.makeFilter((value: Partial<Record<(typeof v11Identifiers)[number], unknown>>) =>
    v11Identifiers.some((name) => {
        const given = value[name]
        return given !== undefined && String(given).trim() !== ""
      })
      ? undefined
      : `${what} names the customer by mobile, email, external_id or id`
  )

const nullableText = Schema.optional(Schema.NullOr(Schema.String))

/**
 * An invitee of a v1.1 referral: identifier, name, the invitation's date (free text in Capillary's examples) and
 * an id. Identifiers are checked by Capillary per invitee (1701), so they are not checked here.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Invitee = Schema.Struct({
  id: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  identifier: Schema.String,
  invited_on: Schema.optional(Schema.String)
})

/**
 * The invitees of a v1.1 referral reached the same way (`MOBILE` or `EMAIL`).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11InviteeGroup = Schema.Struct({
  type: ReferralType,
  referral: Envelope.V11List(V11Invitee)
})

/**
 * A referrer of `POST /v1.1/customer/referrals`: any identifier, and their invitations in a campaign (the default
 * one when `campaign_token` is absent).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Referrer = Schema.Struct({
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  external_id: Schema.optional(Schema.String),
  id: Schema.optional(Envelope.LooseNumber),
  referrals: Schema.Struct({
    campaign_token: Schema.optional(CampaignToken),
    referral_type: Envelope.V11List(V11InviteeGroup)
  })
}).check(hasIdentifier("a referral"))

/**
 * The type of `V11Referrer`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11Referrer = typeof V11Referrer.Type

/**
 * The body of `POST /v1.1/customer/referrals`: `{root: {customer: [...]}}`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11ReferRequest = Schema.Struct({ root: Schema.Struct({ customer: Schema.NonEmptyArray(V11Referrer) }) })

/**
 * The type of `V11ReferRequest`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11ReferRequest = typeof V11ReferRequest.Type

/**
 * A referrer in the answer to a v1.1 referral: who they are, each invitee with its own status (1000 invited, 1701
 * identifier does not fit the type), and the referrer's status (1000; 1012 not found, 1206 type not supported,
 * 1222 unknown campaign).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Referred = Schema.Struct({
  email: nullableText,
  mobile: nullableText,
  external_id: nullableText,
  id: Schema.optional(Envelope.LooseNumber),
  firstname: nullableText,
  lastname: nullableText,
  referrals: Schema.optional(Schema.Struct({
    referral_type: Envelope.V11List(Schema.Struct({
      type: Schema.String,
      referral: Envelope.V11List(Schema.Struct({
        id: Schema.optional(Schema.String),
        name: nullableText,
        identifier: Schema.String,
        invited_on: Schema.optional(Schema.String),
        status: Envelope.V11Status
      }))
    }))
  })),
  item_status: Envelope.V11Status
})

/**
 * The type of `V11Referred`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11Referred = typeof V11Referred.Type

/**
 * The answer of `POST /v1.1/customer/referrals`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11ReferResult = Envelope.V11({
  status: V11CountedStatus,
  customers: Schema.Struct({ customer: Envelope.V11List(V11Referred) })
})

/**
 * The type of `V11ReferResult`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11ReferResult = typeof V11ReferResult.Type

/**
 * A boolean in a query string: `"true"` or `"false"`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const BooleanFromString = Schema.Literals(["true", "false"]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === "true"),
    encode: SchemaGetter.transform((value): "true" | "false" => (value ? "true" : "false"))
  })
)

const dateOnly = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/, { message: "a date is YYYY-MM-DD" }))

/**
 * The query of `GET /v1.1/customer/referrals`: the referrer by any identifier, the campaign (default when
 * absent), invitations from `start_date` to `end_date` (`YYYY-MM-DD`, both included), at most `limit` invitees,
 * and `only_referral_code` for the code alone.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11ReferralsQuery = Schema.Struct({
  mobile: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  external_id: Schema.optional(Schema.String),
  id: Schema.optional(Schema.String),
  campaign_token: Schema.optional(CampaignToken),
  start_date: Schema.optional(dateOnly),
  end_date: Schema.optional(dateOnly),
  limit: Schema.optional(IntFromString.check(Schema.isGreaterThanOrEqualTo(1))),
  only_referral_code: Schema.optional(BooleanFromString)
}).check(hasIdentifier("a read"))

/**
 * The type of `V11ReferralsQuery`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11ReferralsQuery = typeof V11ReferralsQuery.Type

/**
 * An invitee in a v1.1 read: identifier, name, when and at which till they were invited, and whether the
 * invitation succeeded.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11InviteeRecord = Schema.Struct({
  identifier: Schema.String,
  name: nullableText,
  invited_on: Schema.optional(Schema.String),
  till: Schema.optional(Schema.Struct({ code: Schema.optional(Schema.String), name: Schema.optional(Schema.String) })),
  success: Schema.optional(Envelope.LooseBoolean)
})

/**
 * A referee in a v1.1 read: what made them one (`REGISTRATION`, `TRANSACTION`), who they are and when.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Referee = Schema.Struct({
  event_type: Schema.String,
  user_id: Schema.optional(Envelope.LooseNumber),
  firstname: nullableText,
  lastname: nullableText,
  email: nullableText,
  mobile: nullableText,
  external_id: nullableText,
  added_on: Schema.optional(Schema.String)
})

/**
 * The incentives of a v1.1 read: coupons per event type, or an empty list.
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Incentives = Schema.Union([
  Schema.Array(Schema.Json),
  Schema.Struct({
    event_type: Envelope.V11List(Schema.Struct({ name: Schema.String, coupons: Schema.optional(Schema.Json) }))
  })
])

/**
 * The referrer of a v1.1 read: who they are, their code in the campaign, invitees by type, referees, incentives
 * and the item's status (1000; 1012 not found, 1222 unknown campaign).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11ReferralStats = Schema.Struct({
  email: nullableText,
  mobile: nullableText,
  external_id: nullableText,
  id: Schema.optional(Envelope.LooseNumber),
  firstname: nullableText,
  lastname: nullableText,
  referral_code: Schema.optional(Schema.String),
  invitees: Schema.optional(Schema.Struct({
    referral_type: Envelope.V11List(Schema.Struct({
      type: Schema.String,
      invitee: Envelope.V11List(V11InviteeRecord)
    }))
  })),
  referees: Schema.optional(Schema.Struct({ referee: Envelope.V11List(V11Referee) })),
  incentives: Schema.optional(V11Incentives),
  item_status: Envelope.V11Status
})

/**
 * The type of `V11ReferralStats`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11ReferralStats = typeof V11ReferralStats.Type

/**
 * The answer of `GET /v1.1/customer/referrals`: the referrer as `customer` (not wrapped in a list).
 *
 * @since 0.2.0
 * @category v1.1
 */
export const V11Referrals = Envelope.V11({ customer: V11ReferralStats })

/**
 * The type of `V11Referrals`.
 *
 * @since 0.2.0
 * @category v1.1
 */
export type V11Referrals = typeof V11Referrals.Type
