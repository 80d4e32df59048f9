/**
 * What the emulator does for the referral endpoints of `@capillary-effect/customers`. An organisation has referral
 * campaigns, named by token, one of them the default (used when a request names none); the demo seed gives each
 * seeded organisation one (`demoCampaigns`). An unknown token, or no campaign at all, is 1222. A referrer (a
 * customer of the organisation: 8015, or 1012 in v1.1; 8069 once merged into another) has one code per campaign,
 * made the first time it is read and the same for the same state; `GET /v2/referral/validate` answers whether a code
 * belongs to a referrer of the organisation (an unknown code is `false`, not an error). Invitations are recorded
 * with the till and the emulator time; the v2 add checks that the body's `customer`, when it names one, is the
 * path's customer (8015), and every identifier fits its type before anything is sent; the v1.1 referral answers each
 * invitee with its own status (1701 for an identifier that does not fit its type, not recorded) and an unsupported
 * type with 1206. Reads list the invitations (v2: paged, `total` the number of invitees), and as referees the
 * invitees who registered with that mobile or email after being invited; incentives are not modelled, so none are
 * listed. Requires the customers tables (`CustomerBehaviours.migrations`).
 *
 * @since 0.2.0
 */
import { type Customer, Referral, ReferralsApi } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import { dayOf, v11DateTime } from "./internal/dates.ts"
import * as Store from "./internal/referrals.ts"
import * as Customers from "./internal/subscriptions.ts"
import * as LabelBehaviours from "./LabelBehaviours.ts"

/**
 * The engagement tables (shared migration `0120_engagement`, see `LabelBehaviours.migrations`).
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = LabelBehaviours.migrations

const iso = (epochMillis: number) => new Date(epochMillis).toISOString()

/** The fields of a channel's `meta` that have a value (what JSON keeps). */
const definedOnly = (meta: Readonly<Record<string, string | boolean | undefined>>) =>
  Object.fromEntries(Object.entries(meta).flatMap(([name, field]) => field === undefined ? [] : [[name, field]]))

/** A referrer's referrals in a campaign, as a v2 read answers them, with one page of invitees. */
const details = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly referrer: Customer.Customer
  readonly campaignToken?: string | undefined
  readonly offset?: number | undefined
  readonly limit?: number | undefined
}) {
  const { orgId, referrer } = options
  const campaign = yield* Store.campaign(orgId, options.campaignToken)
  const code = yield* Store.codeOf({ orgId, campaign, referrer })
  const invited = yield* Store.invitees(campaign.id, referrer.id)
  const referees = yield* Store.referees(orgId, referrer.id, invited)
  const offset = options.offset ?? 0
  const limit = options.limit ?? 10
  const entry: Referral.ReferralDetails = {
    customer: {
      id: referrer.id,
      profiles: referrer.profiles.map((profile) => ({
        ...(profile.firstName === undefined ? {} : { firstName: profile.firstName }),
        ...(profile.lastName === undefined ? {} : { lastName: profile.lastName }),
        fields: profile.fields ?? {},
        identifiers: profile.identifiers.map(({ type, value }) => ({ type, value })),
        commChannels: (profile.commChannels ?? []).map((channel) => ({
          type: channel.type,
          value: channel.value,
          ...(channel.primary === undefined ? {} : { primary: channel.primary }),
          ...(channel.verified === undefined ? {} : { verified: channel.verified }),
          ...(channel.subscribed === undefined ? {} : { subscribed: channel.subscribed }),
          ...(channel.meta === undefined ? {} : { meta: definedOnly(channel.meta) })
        })),
        source: profile.source,
        userId: referrer.id,
        accountId: profile.accountId ?? ""
      }))
    },
    referralCode: code,
    invitees: invited.slice(offset, offset + limit).map((row) => ({
      type: row.type,
      ...(row.name === null ? {} : { name: row.name }),
      identifier: row.identifier,
      invitedOn: iso(row.invited_on)
    })),
    referee: referees.map(({ customer, registeredAt }) => {
      const profile = customer.profiles.find((candidate) => candidate.firstName !== undefined)
      return {
        userId: customer.id,
        ...(profile?.firstName === undefined ? {} : { firstName: profile.firstName }),
        ...(profile?.lastName === undefined ? {} : { lastName: profile.lastName }),
        eventType: "REGISTRATION",
        addedOn: iso(registeredAt)
      }
    }),
    incentives: []
  }
  return { pagination: { limit, offset, total: invited.length }, data: [entry], warnings: [], errors: [] }
})

/** Whether the body's naming of the referrer (any of id, mobile, email, external id given) is the customer. */
const names = (ref: Referral.ReferrerRef | undefined, customer: Customer.Customer) => {
  if (ref === undefined) return true
  const held = (type: string, value: string | undefined) =>
    value === undefined || value === "" ||
    customer.profiles.some((profile) => profile.identifiers.some((id) => id.type === type && id.value === value))
  return (ref.id === undefined || ref.id === customer.id) && held("mobile", ref.mobile) &&
    held("email", ref.email) && held("externalId", ref.externalId)
}

/**
 * `customers.addReferrals`: records the invitations of a customer of the caller's organisation and echoes them.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const add = handle(ReferralsApi.add, (input, context) =>
  Effect.gen(function*() {
    const { orgId } = context.principal
    const referrer = yield* Customers.requireCustomer(orgId, input.path.userId)
    const echoed: Array<Referral.ReferralsAdded["customerReferrals"][number]> = []
    for (const item of input.body.customerReferrals) {
      if (!names(item.customer, referrer)) return yield* Customers.customerNotFound()
      const campaign = yield* Store.campaign(orgId, item.campaignToken)
      yield* Store.invite({
        campaign,
        referrerId: referrer.id,
        invitations: item.referrals.flatMap((group) =>
          group.referral.map((invitee) => ({
            type: group.type,
            name: invitee.name,
            identifier: invitee.identifier,
            invitedOn: Store.invitationTime(invitee.invitedOn, context.now)
          }))
        ),
        now: context.now,
        tillCode: context.principal.tillCode
      })
      echoed.push({
        customer: { ...item.customer, id: referrer.id },
        campaignToken: campaign.token,
        referrals: item.referrals.map((group) => ({ type: group.type, referral: group.referral }))
      })
    }
    return { customerReferrals: echoed, warnings: [] }
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.getReferrals`: a referrer's code, invitees, referees and incentives in a campaign.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const get = handle(ReferralsApi.get, (input, context) =>
  Effect.gen(function*() {
    const referrer = yield* Customers.requireCustomer(context.principal.orgId, input.path.userId)
    return yield* details({ orgId: context.principal.orgId, referrer, ...input.query })
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * `customers.getReferralsByIdentifier`: the referrals of the customer with the identifier in the source.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getByIdentifier = handle(
  ReferralsApi.getByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const referrer = yield* Customers.requireByIdentifier(context.principal.orgId, input.query)
      return yield* details({ orgId: context.principal.orgId, referrer, ...input.query })
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: Customers.rejectLookup }
)

/**
 * `customers.validateReferralCode`: whether the code belongs to a referrer of the caller's organisation.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const validate = handle(
  ReferralsApi.validate,
  (input, context) =>
    Store.isCode(context.principal.orgId, input.query.code).pipe(
      Effect.map((entity) => ({ entity, warnings: [] })),
      Effect.catchTag("SqlError", Effect.die)
    )
)

/** The identifiers a v1.1 item gave, as its answer echoes them. */
const given = (ref: Customers.V11Ref) => ({
  ...(ref.mobile === undefined ? {} : { mobile: ref.mobile }),
  ...(ref.email === undefined ? {} : { email: ref.email }),
  ...(ref.external_id === undefined ? {} : { external_id: ref.external_id }),
  // An id that is not a number is echoed as nothing: the answer's `id` is numeric.
  ...(ref.id === undefined || !/^\d+$/.test(String(ref.id).trim()) ? {} : { id: Number(ref.id) })
})

/** Who a customer is, as v1.1 referral answers say it. */
const identity = (customer: Customer.Customer) => {
  const { user_id, ...rest } = Customers.v11Identity(customer)
  return { ...rest, id: user_id }
}

/** A v1.1 referral with a referral type other than MOBILE and EMAIL: 1206. */
const rejectType = (input: RawInput) => {
  const root = (input.body as { root?: { customer?: unknown } } | null)?.root
  const referrers = Array.isArray(root?.customer) ? root.customer : [root?.customer]
  const unsupported = referrers.some((referrer: unknown) => {
    const types = (referrer as { referrals?: { referral_type?: unknown } } | null)?.referrals?.referral_type
    const list = Array.isArray(types) ? types : types === undefined ? [] : [types]
    return list.some((group: unknown) => !Store.isSupportedType((group as { type?: unknown } | null)?.type))
  })
  return unsupported ? Store.typeNotSupported() : undefined
}

const success = (message: string) => ({ success: true, code: 1000, message })

/**
 * `customers.referV11`: records invitations, referrer by referrer, invitee by invitee.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const referV11 = handle(
  ReferralsApi.referV11,
  (input, context) =>
    Effect.gen(function*() {
      const { orgId } = context.principal
      const items: Array<Referral.V11Referred> = []
      for (const referrer of input.body.root.customer) {
        const customer = yield* Customers.v11Customer(orgId, referrer)
        if (customer === undefined) {
          items.push({ ...given(referrer), item_status: Customers.v11NotFound })
          continue
        }
        const campaign = yield* Effect.result(
          Store.campaign(orgId, referrer.referrals.campaign_token).pipe(Effect.catchTag("SqlError", Effect.die))
        )
        if (campaign._tag === "Failure") {
          const { code, message } = campaign.failure
          items.push({ ...identity(customer), item_status: { success: false, code, message } })
          continue
        }
        const groups = referrer.referrals.referral_type.map((group) => ({
          type: group.type,
          referral: group.referral.map((invitee) => ({
            invitee,
            fits: Referral.identifierFits(group.type, invitee.identifier)
          }))
        }))
        yield* Store.invite({
          campaign: campaign.success,
          referrerId: customer.id,
          invitations: groups.flatMap((group) =>
            group.referral.filter(({ fits }) => fits).map(({ invitee }) => ({
              type: group.type,
              name: invitee.name,
              identifier: invitee.identifier,
              invitedOn: Store.invitationTime(invitee.invited_on, context.now)
            }))
          ),
          now: context.now,
          tillCode: context.principal.tillCode
        })
        items.push({
          ...identity(customer),
          referrals: {
            referral_type: groups.map((group) => ({
              type: group.type,
              referral: group.referral.map(({ fits, invitee }) => ({
                ...invitee,
                status: fits
                  ? success("Refer was successful")
                  : { success: false, code: 1701, message: "Invalid Identifier for the type" }
              }))
            }))
          },
          item_status: success("Referrals are invited successfully")
        })
      }
      return {
        response: {
          status: Customers.v11Status(items.map((item) => item.item_status.success)),
          customers: { customer: items }
        }
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectType }
)

/**
 * `customers.getReferralsV11`: a referrer's code, invitees, referees and incentives in a campaign.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getV11 = handle(ReferralsApi.getV11, (input, context) =>
  Effect.gen(function*() {
    const { orgId } = context.principal
    const { query } = input
    const failed = (customer: Referral.V11ReferralStats) => ({
      response: { status: Customers.v11Status([false]), customer }
    })
    const referrer = yield* Customers.v11Customer(orgId, query)
    if (referrer === undefined) return failed({ ...given(query), item_status: Customers.v11NotFound })
    const campaign = yield* Effect.result(
      Store.campaign(orgId, query.campaign_token).pipe(Effect.catchTag("SqlError", Effect.die))
    )
    if (campaign._tag === "Failure") {
      const { code, message } = campaign.failure
      return failed({ ...identity(referrer), item_status: { success: false, code, message } })
    }
    const referral_code = yield* Store.codeOf({ orgId, campaign: campaign.success, referrer })
    const item_status = success("Referral statistics retrieved successfully")
    const ok = (customer: Referral.V11ReferralStats) => ({
      response: { status: Customers.v11Status([true]), customer }
    })
    if (query.only_referral_code === true) return ok({ ...identity(referrer), referral_code, item_status })
    const inRange = (row: Store.InviteeRow) =>
      (query.start_date === undefined || dayOf(row.invited_on) >= query.start_date) &&
      (query.end_date === undefined || dayOf(row.invited_on) <= query.end_date)
    const invited = (yield* Store.invitees(campaign.success.id, referrer.id)).filter(inRange)
    const listed = query.limit === undefined ? invited : invited.slice(0, query.limit)
    const types = [...new Set(listed.map((row) => row.type))]
    const referees = yield* Store.referees(orgId, referrer.id, invited)
    return ok({
      ...identity(referrer),
      referral_code,
      invitees: {
        referral_type: types.map((type) => ({
          type,
          invitee: listed.filter((row) => row.type === type).map((row) => ({
            identifier: row.identifier,
            name: row.name,
            invited_on: v11DateTime(row.invited_on),
            till: { code: row.till_code, name: row.till_code },
            success: true
          }))
        }))
      },
      referees: {
        referee: referees.map(({ customer, registeredAt }) => {
          const { user_id, ...who } = Customers.v11Identity(customer)
          return { event_type: "REGISTRATION", user_id, ...who, added_on: v11DateTime(registeredAt) }
        })
      },
      incentives: [],
      item_status
    })
  }).pipe(Effect.catchTag("SqlError", Effect.die)))

/**
 * The referral endpoints, their behaviours and the engagement migration, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: ReferralsApi.endpoints,
  behaviours: [add, get, getByIdentifier, validate, referV11, getV11],
  migrations
}

/**
 * The referral campaigns of the demo seed: the default campaign of org `demo` (id 100) and of org `other` (id 200).
 *
 * @since 0.2.0
 * @category seeding
 */
export const demoCampaigns = [
  { orgId: 100, token: "DEMOREF", name: "Demo referral campaign" },
  { orgId: 200, token: "OTHERREF", name: "Other referral campaign" }
] as const

/**
 * Writes the demo referral campaigns through the behaviours' own store: each one whose organisation exists and
 * that is not there yet. Does nothing when referrals are not modelled (their migration is not in the catalog).
 * Run it after both demo organisations are created.
 *
 * @since 0.2.0
 * @category seeding
 */
export const seedDemo: Effect.Effect<void, never, SqlClient.SqlClient> = Effect.gen(function*() {
  if (!(yield* Store.modelled)) return
  const sql = yield* SqlClient.SqlClient
  for (const campaign of demoCampaigns) {
    const [org] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM orgs WHERE id = ${campaign.orgId}`
    const [existing] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM referral_campaigns
      WHERE org_id = ${campaign.orgId} AND token = ${campaign.token}`
    if (org!.n === 0 || existing!.n > 0) continue
    yield* Store.createCampaign(campaign.orgId, campaign.token, campaign.name)
  }
}).pipe(Effect.orDie)
