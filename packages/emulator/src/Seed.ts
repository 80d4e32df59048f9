/**
 * Seeds: the state an emulator starts from. `demo` is always available and holds everything the README and the
 * built-in workflows use; `empty` has no organisation at all.
 *
 * @since 0.1.0
 */
import { Customer } from "@capillary-effect/customers"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import * as CardBehaviours from "./CardBehaviours.ts"
import * as CouponBehaviours from "./CouponBehaviours.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import { EmulatorClock } from "./EmulatorClock.ts"
import * as Customers from "./internal/customers.ts"
import * as LedgerBehaviours from "./LedgerBehaviours.ts"
import { Organizations } from "./Organizations.ts"
import * as PartnerProgramBehaviours from "./PartnerProgramBehaviours.ts"
import * as ReferralBehaviours from "./ReferralBehaviours.ts"
import * as RequestBehaviours from "./RequestBehaviours.ts"
import * as UserGroupBehaviours from "./UserGroupBehaviours.ts"

/**
 * The seed names.
 *
 * @since 0.1.0
 * @category models
 */
export const SeedName = Schema.Literals(["demo", "empty"])

/**
 * @since 0.1.0
 * @category models
 */
export type SeedName = typeof SeedName.Type

/**
 * The demo credentials, as the README lists them.
 *
 * @since 0.1.0
 * @category constants
 */
export const demo = {
  org: { id: 100, name: "demo" },
  till: { username: "demo.till", password: "demo123", storeCode: "demo.store" },
  client: { key: "demo-key", secret: "demo-secret", name: "demo-client", tokenTtlSeconds: 3600 },
  otherOrg: { id: 200, name: "other" },
  otherTill: { username: "other.till", password: "other123", storeCode: "other.store" },
  programs: { loyalty: 1001, group: 1002, other: 2001 },
  /** Customers of org `demo`, INSTORE; Ann also has a WECHAT profile (account `demo-wechat`). */
  customers: {
    tom: {
      id: 100001,
      firstName: "Tom",
      lastName: "Sawyer",
      mobile: "919000000001",
      email: "tom@example.com",
      externalId: "tom-1"
    },
    ann: {
      id: 100002,
      firstName: "Ann",
      lastName: "Lee",
      mobile: "919000000002",
      email: "ann@example.com",
      externalId: "ann-1",
      wechat: { accountId: "demo-wechat", openId: "wx-ann" }
    },
    bob: {
      id: 100003,
      firstName: "Bob",
      lastName: "Stone",
      mobile: "919000000003",
      email: "bob@example.com",
      externalId: "bob-1"
    }
  },
  /** The customer of org `other`, INSTORE. */
  otherCustomer: {
    id: 200001,
    firstName: "Olga",
    lastName: "Other",
    mobile: "919000000009",
    email: "olga@example.com",
    externalId: "olga-1"
  }
} as const

const tiers = [
  { serial: 1, name: "Silver", description: "Entry tier", threshold: 0 },
  { serial: 2, name: "Gold", description: "From 1,000 points", threshold: 1000 },
  { serial: 3, name: "Platinum", description: "From 5,000 points", threshold: 5000 }
] as const

const program = (options: {
  readonly id: number
  readonly orgId: number
  readonly name: string
  readonly description: string
  readonly isDefault: boolean
  readonly isGroup: boolean
}) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* sql`INSERT INTO programs (id, org_id, name, description, is_default, is_group, points_to_currency_ratio)
      VALUES (${options.id}, ${options.orgId}, ${options.name}, ${options.description}, ${options.isDefault ? 1 : 0},
        ${options.isGroup ? 1 : 0}, 1)`
    for (const tier of tiers) {
      yield* sql`INSERT INTO tiers (program_id, serial, name, description, threshold)
        VALUES (${options.id}, ${tier.serial}, ${tier.name}, ${tier.description}, ${tier.threshold})`
    }
  })

interface SeedCustomer {
  readonly id: number
  readonly firstName: string
  readonly lastName: string
  readonly mobile: string
  readonly email: string
  readonly externalId: string
  readonly wechat?: { readonly accountId: string; readonly openId: string }
}

const registration = (customer: SeedCustomer) =>
  Schema.decodeUnknownSync(Customer.CustomerAdd)({
    loyaltyInfo: { loyaltyType: "loyalty" },
    profiles: [
      {
        firstName: customer.firstName,
        lastName: customer.lastName,
        source: "INSTORE",
        accountId: "",
        identifiers: [
          { type: "mobile", value: customer.mobile },
          { type: "email", value: customer.email },
          { type: "externalId", value: customer.externalId }
        ],
        commChannels: [
          { type: "mobile", value: customer.mobile, primary: true, verified: true, subscribed: true },
          { type: "email", value: customer.email, primary: true, verified: true, subscribed: true }
        ]
      },
      ...(customer.wechat === undefined ? [] : [{
        firstName: customer.firstName,
        lastName: customer.lastName,
        source: "WECHAT",
        accountId: customer.wechat.accountId,
        identifiers: [{ type: "wechat", value: customer.wechat.openId }]
      }])
    ],
    extendedFields: { city: "Bangalore" }
  })

/** Registers the seed's customers, through the registration behaviour's own SQL, when customers are modelled. */
const customers = (orgId: number, till: string, list: ReadonlyArray<SeedCustomer>) =>
  Effect.gen(function*() {
    if (!(yield* Customers.modelled)) return
    const now = yield* EmulatorClock.use((clock) => clock.now)
    for (const customer of list) {
      yield* Customers.register({ orgId, request: registration(customer), now, by: till, id: customer.id })
    }
  })

/**
 * Settings of a seed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Lifetime of the tokens of the demo OAuth client, in seconds (default 3600, Capillary's usual maximum). */
  readonly tokenTtlSeconds?: number | undefined
}

/**
 * Writes a seed into an empty database.
 *
 * @since 0.1.0
 * @category seeding
 */
export const apply = (name: SeedName, options: Options = {}) =>
  Effect.gen(function*() {
    if (name === "empty") return
    const organizations = yield* Organizations
    yield* organizations.createOrg(demo.org)
    const tillId = yield* organizations.createTill({ orgId: demo.org.id, ...demo.till })
    yield* organizations.createClient({
      orgId: demo.org.id,
      ...demo.client,
      tokenTtlSeconds: options.tokenTtlSeconds ?? demo.client.tokenTtlSeconds,
      defaultTillId: tillId
    })
    yield* program({
      id: demo.programs.loyalty,
      orgId: demo.org.id,
      name: "DemoLoyalty",
      description: "Default loyalty program of the demo org",
      isDefault: true,
      isGroup: false
    })
    yield* program({
      id: demo.programs.group,
      orgId: demo.org.id,
      name: "DemoGroupLoyalty",
      description: "Group loyalty program of the demo org",
      isDefault: false,
      isGroup: true
    })
    yield* customers(demo.org.id, demo.till.username, Object.values(demo.customers))
    // Coupon series and the demo group; each does nothing when its tables are not in the catalog.
    yield* CouponBehaviours.seedDemo
    yield* UserGroupBehaviours.seedDemo
    yield* LedgerBehaviours.seedDemo
    yield* PartnerProgramBehaviours.seedDemo
    yield* CardBehaviours.seedDemo
    yield* organizations.createOrg(demo.otherOrg)
    yield* organizations.createTill({ orgId: demo.otherOrg.id, ...demo.otherTill })
    yield* program({
      id: demo.programs.other,
      orgId: demo.otherOrg.id,
      name: "OtherLoyalty",
      description: "Default loyalty program of the other org",
      isDefault: true,
      isGroup: false
    })
    yield* customers(demo.otherOrg.id, demo.otherTill.username, [demo.otherCustomer])
    // Customer status labels of every organisation, and the demo org's approver till for requests.
    yield* CustomerBehaviours.seedDemo
    yield* RequestBehaviours.seedDemo
    yield* ReferralBehaviours.seedDemo
  }).pipe(Effect.orDie)
