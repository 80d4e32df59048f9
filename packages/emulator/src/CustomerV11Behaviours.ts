/**
 * What the emulator does for the v1.1 customer endpoints of `@capillary-effect/customers` (`CustomersV11Api`).
 * v1.1 answers HTTP 200 whatever happened: each item of a request carries its `item_status`, and the request
 * `status` is 200 when every item succeeded, 201 when some failed and 500 when all failed. Each item runs in a
 * savepoint of the request's transaction, so a failed item writes nothing and the others stand.
 *
 * A v1.1 customer is the v2 customer (see `internal/customersV11.ts`): `customer/add` registers through the v2
 * registration in the INSTORE profile (so `customers.get` finds them), and v1.1 reads see customers registered
 * with v2. Registration follows Capillary's documented behaviour for a known primary identifier (the first of
 * mobile, email and external id given; a secondary one held by another customer is 1016 / 1032 / 1033): the
 * customer is updated
 * (profile, fields, identifiers they lack; an identifier they hold with another value is kept, warning 91006),
 * not registered again. Assumed (Capillary documents 1014 without saying when): adding a loyalty customer again
 * as non-loyalty or not-interested is 1014 "Customer is registered already".
 *
 * Modelled from the emulator's own state: points and tiers per program from the points ledger (lifetime
 * purchases are 0: transactions are not modelled yet); coupons and coupon redemptions from the coupon tables;
 * points redemptions from the ledger's REDEEM events (their bill number is not recorded by the ledger, so
 * `transaction_number` is absent); notes, tickets, preferences (custom fields of the main profile whose names are
 * recorded as preferences; the preferred store is `PREFERRED_STORE` when the organisation has a till of that
 * store, else warning 1053) and pending identity change requests (never approved: the emulator has no back
 * office, so the identifier does not change).
 *
 * The customer read (`customer/get`) first posts the organisation's expiries and unlocks that fell due, then
 * answers each option from the store that keeps it:
 * - points: the default program's (or `program_id`'s; 1101 when it is not the organisation's) in the customer
 *   fields, every program the wallet is in with `mlp`; each points summary with the tier's description, the
 *   promised points (`delayed_points`), the program's name and ratio, and the partner programs of that loyalty
 *   program the customer is linked to now (partner programs store); `gap_to_upgrade_for=N`: the lifetime points
 *   still needed for the next tier (tiers are reached by lifetime points: `LIFETIME_POINTS`, valid as of N days
 *   from today, none at the top); `gap_to_renew_for`: nothing to do for a tier the lifetime points reach (no
 *   downgrade rules: the far-future expiry, renewal confirmed, no strategy), the lifetime points of the tier's
 *   threshold by the floor's end for a tier a floor holds; `next_slab`: the next tier (`""` / -1 at the top)
 *   and no trackers; `tier_upgrade_criteria`: the same upgrade strategy, left out at the top; `points_summary`:
 *   the program's expired, redeemed, adjusted and returned totals;
 * - from the ledger's lots and logs: `slab_history` (each upgrade, downgrade and renewal, most recent first,
 *   with the store of the till of the event that caused it and that event's notes; of the programs the
 *   summaries list; the tiers' expiry at the time is not recorded, so left out),
 *   `expiry_schedule` (remaining points by expiry day and program, usable until 23:59:59 of that day),
 *   `expired_points` (by day and program), `delayed_accrual` (promised points by unlock day),
 *   `promotion_points` (the customer-level ones: every redeemable lot of type `customer_promotions`, that is
 *   points awarded to the customer directly, with the awarding till's store; at most 1000);
 * - `user_group`: the customer's active memberships of user groups (`user_groups2`); `subscriptions`: the
 *   organisation-level statuses of the subscription store; `optin_status`: the SMS opt-in, `NONE` while never
 *   set, `OPTOUT` when a priority is opted out, else `OPTIN` (assumed meaning: the documentation gives the value
 *   `NONE` only); `ndnc_status`: the one registered, `NONE` when none; `program_summary`: the programs the
 *   summaries list, each with the organisation's partner programs of it; `card_details`: the customer's cards
 *   with their external ids; `card_external_id` names the customer whose card carries it;
 * - coupons filtered by `coupon_active`, `coupon_status` (`redeemed`: redeemed at least once, `unredeemed`:
 *   never, `active` / `expired`: by validity) and `coupon_offer` (a series) before the order and page;
 *   `registered_store`, `registered_till`, `fraud_details` and `transactions` are left out when `false`;
 *   `basic=true` (undocumented; assumed: the profile and points only) leaves out coupons, notes and transactions.
 *
 * Answered honestly where the emulator has no source: transactions are an empty list (`count` 0) until the
 * transactions package brings them, so the customer read's transaction filters (`number`, `store_code`,
 * `till_code`, `amount`, `date`, `type`, `tenders`, `credit_notes`) select from nothing, and its
 * `promotion_points` on transactions and line items are empty; interactions are an empty list of networks (the
 * emulator sends no messages and runs no surveys); recommendations are 1051 "No transactions or recommendations
 * found for the customer" (there is no recommendation engine); `segments` (no segmentation), `trackers` (no
 * trackers), `membership_retention_criteria` (no retention rules) are empty lists and `customer_image` is empty
 * (no images are kept); `coupon_org_entity_type` / `_value` narrow nothing (there is no store hierarchy and every
 * coupon can be redeemed at any till) and `member_care_access` changes nothing (there are no admin users);
 * subscriptions sent with a registration or update are not applied (the subscription endpoints own that state)
 * and those answers carry no `subscriptions`.
 *
 * Request-level refusals (HTTP 200, code in `response.status`): more items than the endpoint takes 1060, no
 * identifier 1015 (1007 for a registration), an invalid mobile 1001, email 1002 or external id 1003, a bad
 * registration date 1034, fraud status 1061, test and control status 1062, an identity change of an unknown
 * identifier 1104, a note without text 1037, a ticket without subject 1303.
 *
 * @since 0.2.0
 */
import { CustomersV11Api, CustomerV11 } from "@capillary-effect/customers"
import { Effect, Result } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { handle, isRecord, type RawInput, reject, Rejection } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/customersV11.ts"
import { isoSeconds } from "./internal/dates.ts"

/**
 * The v1.1 tables, after those of customers: registration details, notes, tickets, preference names and identity
 * change requests.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  "0140_customers_v11": Store.createTables
}

// ---------------------------------------------------------------------------------------------------------------
// Request-level refusals
// ---------------------------------------------------------------------------------------------------------------

const refuse = (code: number, message: string) => reject(code, message, 200)

/** The items of a `{"root": {"<entity>": [...]}}` body, as sent (a single object is one item). */
const rootItems = (body: unknown, entity = "customer"): ReadonlyArray<unknown> | undefined => {
  const root = isRecord(body) ? body.root : undefined
  const items = isRecord(root) ? root[entity] : undefined
  return Array.isArray(items) ? items : isRecord(items) ? [items] : undefined
}

const valueOf = (record: Record<string, unknown>, name: string): string | undefined => {
  const value = record[name]
  return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : undefined
}

const hasIdentifier = (record: Record<string, unknown>, names: ReadonlyArray<string>) =>
  names.some((name) => (valueOf(record, name) ?? "") !== "")

/** 1001 / 1002 / 1003 for an identifier value Capillary refuses. */
const badIdentifier = (record: Record<string, unknown>) => {
  const mobile = valueOf(record, "mobile")
  if (mobile !== undefined && mobile !== "" && !CustomerV11.isMobile(mobile)) {
    return refuse(1001, "Unable to register. Invalid mobile number")
  }
  const email = valueOf(record, "email")
  if (email !== undefined && email !== "" && !CustomerV11.isEmailAddress(email)) {
    return refuse(1002, "Unable to register. Invalid email id")
  }
  const externalId = valueOf(record, "external_id")
  if (externalId !== undefined && externalId.length > 250) {
    return refuse(1003, "Unable to register. Invalid external id")
  }
  return undefined
}

const badStatuses = (record: Record<string, unknown>) => {
  const registered = valueOf(record, "registered_on")
  if (registered !== undefined && registered !== "" && CustomerV11.parseDateTime(registered) === undefined) {
    return refuse(1034, "Registration date is not within the accepted past or future date limit")
  }
  const group = valueOf(record, "test_control_status")
  if (group !== undefined && group !== "" && !CustomerV11.testControlStatuses.includes(group.toUpperCase() as never)) {
    return refuse(1062, "Invalid Test & Control Status")
  }
  const fraud = isRecord(record.fraud_status) ? valueOf(record.fraud_status, "status") : undefined
  if (fraud !== undefined && fraud !== "" && !CustomerV11.fraudStatuses.includes(fraud.toUpperCase() as never)) {
    return refuse(1061, "Invalid fraud status")
  }
  return undefined
}

const batchLimit = () => refuse(1060, "Batch limit exceeded")
const noIdentifier = () => refuse(1015, "No identifier provided to get loyalty users")
const customerNames = ["id", "user_id", "mobile", "email", "external_id"]

/** The first refusal of the items, in order. */
const firstOf = (items: ReadonlyArray<unknown>, check: (item: Record<string, unknown>) => Rejection | undefined) => {
  for (const item of items) {
    const found = isRecord(item) ? check(item) : undefined
    if (found !== undefined) return found
  }
  return undefined
}

const rejectAdd = (input: RawInput) => {
  const items = rootItems(input.body)
  if (items === undefined) return undefined
  if (items.length > CustomerV11.maxBatch) return batchLimit()
  return firstOf(items, (item) =>
    badIdentifier(item) ??
      (hasIdentifier(item, ["mobile", "email", "external_id"])
        ? undefined
        : refuse(1007, "Invalid Mobile Number/ External ID/ Email ID: no valid primary identifier")) ??
      badStatuses(item))
}

const rejectUpdate = (input: RawInput) => {
  const items = rootItems(input.body)
  if (items === undefined) return undefined
  if (items.length > 1) return batchLimit()
  return firstOf(
    items,
    (item) =>
      (hasIdentifier(item, customerNames) ? undefined : noIdentifier()) ?? badIdentifier(item) ?? badStatuses(item)
  )
}

const rejectIdentity = (input: RawInput) => {
  const items = rootItems(input.body)
  if (items === undefined) return undefined
  if (items.length > 1) return batchLimit()
  return firstOf(items, (item) => {
    const identifier = valueOf(item, "identifier")
    if (identifier !== "mobile" && identifier !== "email" && identifier !== "external_id") {
      return refuse(1104, "Invalid identifier or no identifier passed")
    }
    const newValue = valueOf(item, "new_value") ?? ""
    if (newValue === "" || (valueOf(item, "old_value") ?? "") === "") {
      return refuse(1025, "Mandatory fields are not matching for customer identity update")
    }
    if (newValue === valueOf(item, "old_value")) {
      return refuse(1041, "Customer id change request failed: the new value is the current one")
    }
    return badIdentifier({ [identifier]: newValue })
  })
}

const rejectRead = (input: RawInput) =>
  ["mobile", "email", "external_id", "id"].some((name) => {
      const value = input.query[name]
      return typeof value === "string" && value.split(",").some((part) => part.trim() !== "")
    })
    ? undefined
    : noIdentifier()

const rejectGet = (input: RawInput) =>
  ["mobile", "email", "external_id", "id", "card_external_id"].some((name) => {
      const value = input.query[name]
      return typeof value === "string" && value.split(",").some((part) => part.trim() !== "")
    })
    ? undefined
    : noIdentifier()

const rejectNotes = (input: RawInput) => {
  const items = rootItems(input.body)
  if (items === undefined) return undefined
  if (items.length > 1) return batchLimit()
  return firstOf(items, (item) => {
    if (!hasIdentifier(item, customerNames)) return noIdentifier()
    const notes = isRecord(item.notes) ? item.notes.note : undefined
    const list = Array.isArray(notes) ? notes : [notes]
    return list.some((note) => !isRecord(note) || (valueOf(note, "description") ?? "") === "")
      ? refuse(1037, "Unable to add/update customer notes: a note has no description")
      : undefined
  })
}

const rejectTicket = (input: RawInput) => {
  const items = rootItems(input.body)
  if (items === undefined) return undefined
  if (items.length > 1) return batchLimit()
  return firstOf(items, (item) => {
    if (!hasIdentifier(item, customerNames)) return noIdentifier()
    const list = Array.isArray(item.ticket) ? item.ticket : [item.ticket]
    return list.some((ticket) => !isRecord(ticket) || (valueOf(ticket, "subject") ?? "") === "")
      ? refuse(1303, "Ticket subject should not be empty")
      : undefined
  })
}

const rejectPreferences = (input: RawInput) => {
  const items = rootItems(input.body)
  if (items === undefined) return undefined
  if (items.length > CustomerV11.maxBatch) return batchLimit()
  return firstOf(items, (item) => hasIdentifier(item, customerNames) ? undefined : noIdentifier())
}

// ---------------------------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------------------------

const ok = (code: number, message: string, warnings: ReadonlyArray<number> = []): CustomerV11.ItemStatus => ({
  success: true,
  code,
  message,
  ...(warnings.length === 0 ? {} : { warnings })
})

const failed = (rejection: Rejection): CustomerV11.ItemStatus => ({
  success: false,
  code: rejection.code,
  message: rejection.message
})

/**
 * Runs one item in a savepoint: its writes stand when it succeeds and are undone when it fails.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const attempt = <A, R>(effect: Effect.Effect<A, Rejection | SqlError.SqlError, R>) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.result(sql.withTransaction(effect).pipe(Effect.catchTag("SqlError", (error) => Effect.die(error))))
  )

const requested = (query: CustomerV11.IdentifierQuery) => CustomerV11.requestedIdentifiers(query)

/** A customer's points as the v1.1 customer item carries them (`mlp`: every program; else the default one). */
const pointsOf = Effect.fnUntraced(function*(customer: Store.View, mlp: boolean) {
  const summaries = yield* Store.summaries(customer.orgId, customer.id)
  const main = summaries.find((summary) => summary.isDefault) ?? summaries[0]
  const listed = mlp ? summaries : main === undefined ? [] : [main]
  return {
    lifetime_points: main?.lifetime ?? 0,
    loyalty_points: main?.loyalty ?? 0,
    current_slab: main?.currentSlab ?? "",
    tier_expiry_date: main?.tierExpiry ?? Store.noTierExpiry,
    points_summaries: listed.map(Store.pointsSummary),
    lifetime_purchases: 0
  }
})

const names = (customer: Store.View) => ({
  ...(customer.firstName === undefined ? {} : { firstname: customer.firstName }),
  ...(customer.lastName === undefined ? {} : { lastname: customer.lastName })
})

/** The customer item of the add, update and get answers (without its status). */
const customerItem = Effect.fnUntraced(function*(customer: Store.View, options: {
  readonly userId: boolean
  readonly mlp: boolean
}) {
  return {
    ...(options.userId ? { user_id: String(customer.id) } : {}),
    ...names(customer),
    ...Store.identity(customer),
    ...(yield* pointsOf(customer, options.mlp)),
    registered_on: Store.v11Date(customer.registeredOn),
    updated_on: Store.v11Date(customer.updatedAt),
    type: customer.type,
    source: customer.source.toLowerCase(),
    ...(customer.testControlStatus === undefined ? {} : { test_control_status: customer.testControlStatus }),
    fraud_status: customer.fraudStatus,
    custom_fields: Store.fieldList(customer.fields),
    extended_fields: Store.fieldList(customer.extendedFields)
  } satisfies CustomerV11.Customer11
})

/**
 * The customer's coupons as the customer read lists them: those `coupon_active`, `coupon_status` and
 * `coupon_offer` (a series) select, by `coupon_order_by` and `coupon_sort_order`, a page. The emulator has no
 * store hierarchy and redeems every coupon at any till, so `coupon_org_entity_type` / `_value` narrow nothing.
 */
const couponBriefs = Effect.fnUntraced(function*(customer: Store.View, query: CustomerV11.GetQuery, now: number) {
  const all = yield* Store.coupons(customer.orgId, customer.id)
  const selected = all.filter((coupon) => {
    const status = Store.couponStatus(coupon, now)
    const redeemed = Store.standing(coupon).length > 0
    if (query.coupon_active === true && status !== "ACTIVE") return false
    if (query.coupon_offer !== undefined && query.coupon_offer > 0 && coupon.seriesId !== query.coupon_offer) {
      return false
    }
    switch (query.coupon_status) {
      case "unredeemed":
        return !redeemed
      case "redeemed":
        return redeemed
      case "expired":
        return status === "EXPIRED"
      case "active":
        return status === "ACTIVE"
      case undefined:
        return true
    }
  })
  const order = query.coupon_order_by ?? "created_date"
  const ascending = (query.coupon_sort_order ?? (order === "created_date" ? "desc" : "asc")) === "asc"
  const key = (coupon: Store.CouponRecord): string | number =>
    order === "created_by"
      ? coupon.issuedBy
      : order === "valid_till"
      ? coupon.validTill
      : coupon.issuedAt * 1e6 + coupon.id
  const sorted = [...selected].sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    const compared = x < y ? -1 : x > y ? 1 : a.id - b.id
    return ascending ? compared : -compared
  })
  const offset = query.coupon_offset ?? 0
  const limit = query.coupon_limit ?? sorted.length
  return sorted.slice(offset, offset + limit).map((coupon): CustomerV11.CouponBrief => ({
    id: String(coupon.id),
    series_id: String(coupon.seriesId),
    code: coupon.code,
    description: coupon.series.description,
    created_date: Store.v11Date(coupon.issuedAt),
    valid_till: Store.v11Date(coupon.validTill),
    redeemed: Store.standing(coupon).length > 0,
    same_user_multiple_redeem: coupon.series.sameUserMultipleRedeem === true
  }))
})

// ---------------------------------------------------------------------------------------------------------------
// Register, update, identity
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.addV11`: registers each customer, or updates the one its identifiers name (see the module doc).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const add = handle(
  CustomersV11Api.add,
  (input, context) =>
    Effect.gen(function*() {
      const items: Array<CustomerV11.Customer11> = []
      for (const customer of input.body.root.customer) {
        const result = yield* attempt(Effect.gen(function*() {
          const written = yield* Store.add({
            orgId: context.principal.orgId,
            input: customer,
            now: context.now,
            by: context.principal.tillCode
          })
          const view = (yield* Store.view(context.principal.orgId, written.customerId))!
          return {
            ...(yield* customerItem(view, { userId: true, mlp: false })),
            side_effects: [],
            item_status: ok(
              1000,
              written.created ? "Customer registration successful" : "Customer successfully updated",
              written.warnings
            )
          }
        }))
        items.push(
          Result.isSuccess(result) ? result.success : {
            ...(customer.mobile === undefined ? {} : { mobile: customer.mobile }),
            ...(customer.email === undefined ? {} : { email: customer.email }),
            ...(customer.external_id === undefined ? {} : { external_id: customer.external_id }),
            item_status: failed(result.failure)
          }
        )
      }
      return { response: { status: CustomerV11.batchStatus(items), customers: { customer: items } } }
    }),
  { rejectInvalid: rejectAdd }
)

/**
 * `customers.updateV11`: changes the customer the first identifier names (1011 / 1012 when none).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const update = handle(
  CustomersV11Api.update,
  (input, context) =>
    Effect.gen(function*() {
      const items: Array<CustomerV11.Customer11> = []
      for (const customer of input.body.root.customer) {
        const result = yield* attempt(Effect.gen(function*() {
          const written = yield* Store.update({ orgId: context.principal.orgId, input: customer, now: context.now })
          const view = (yield* Store.view(context.principal.orgId, written.customerId))!
          return {
            ...(yield* customerItem(view, { userId: true, mlp: false })),
            side_effects: [],
            item_status: ok(1000, "Customer successfully updated", written.warnings)
          }
        }))
        items.push(
          Result.isSuccess(result)
            ? result.success
            : { ...Store.asked(CustomerV11.identifiersOf(customer)[0]), item_status: failed(result.failure) }
        )
      }
      return { response: { status: CustomerV11.batchStatus(items), customers: { customer: items } } }
    }),
  { rejectInvalid: rejectUpdate }
)

/**
 * `customers.updateIdentityV11`: records a pending identity change request (1040).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updateIdentity = handle(
  CustomersV11Api.updateIdentity,
  (input, context) =>
    Effect.gen(function*() {
      const items = []
      for (const change of input.body.root.customer) {
        const result = yield* attempt(Store.requestIdentityChange({
          orgId: context.principal.orgId,
          change,
          now: context.now,
          by: context.principal.tillCode
        }))
        items.push({
          identifier: change.identifier,
          old_value: change.old_value,
          new_value: change.new_value,
          updated: Result.isSuccess(result),
          item_status: Result.isSuccess(result)
            ? ok(1040, "Customer Identity change request added successfully")
            : failed(result.failure)
        })
      }
      return { response: { status: CustomerV11.batchStatus(items), customers: { customer: items } } }
    }),
  { rejectInvalid: rejectIdentity }
)

// ---------------------------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------------------------

/**
 * Writes each item of a v1.1 batch for the customer its identifiers name (the first that finds one), each in its own
 * transaction; an item refused is a failed item carrying the first identifier given.
 */
const eachItem = <I extends Parameters<typeof CustomerV11.identifiersOf>[0], A extends object>(
  orgId: number,
  requests: ReadonlyArray<I>,
  write: (request: I, customerId: number) => Effect.Effect<A, Rejection | SqlError.SqlError, SqlClient.SqlClient>
) =>
  Effect.gen(function*() {
    const items: Array<A | { readonly item_status: CustomerV11.ItemStatus }> = []
    for (const request of requests) {
      const identifiers = CustomerV11.identifiersOf(request)
      const result = yield* attempt(
        Effect.flatMap(Store.resolveFirst(orgId, identifiers), (customerId) => write(request, customerId))
      )
      items.push(
        Result.isSuccess(result)
          ? result.success
          : { ...Store.asked(identifiers[0]), item_status: failed(result.failure) }
      )
    }
    return items
  })

/** Reads each customer a query names; a customer not found is a failed item carrying the identifier asked for. */
const eachRequested = <A extends object>(
  orgId: number,
  query: CustomerV11.IdentifierQuery,
  read: (customer: Store.View) => Effect.Effect<A, Rejection | SqlError.SqlError, SqlClient.SqlClient>
) =>
  Effect.gen(function*() {
    const items: Array<A | { readonly item_status: CustomerV11.ItemStatus }> = []
    for (const identifier of requested(query)) {
      const result = yield* attempt(Effect.gen(function*() {
        const customerId = yield* Store.resolve(orgId, identifier)
        const customer = customerId === undefined ? undefined : yield* Store.view(orgId, customerId)
        if (customer === undefined) return yield* Store.notFound(identifier)
        return yield* read(customer)
      }))
      items.push(
        Result.isSuccess(result)
          ? result.success
          : { ...Store.asked(identifier), item_status: failed(result.failure) }
      )
    }
    return items
  })

const day = 86_400_000

/** A program's points summary as the customer read lists it: with the partner programs and the gaps asked for. */
const readSummary = Effect.fnUntraced(function*(
  customer: Store.View,
  summary: Store.Summary,
  query: CustomerV11.GetQuery,
  now: number
) {
  return {
    ...Store.pointsSummary(summary),
    linked_partner_programs: yield* Store.linkedPartnerPrograms(customer.id, summary.programId, now),
    ...(query.gap_to_upgrade_for === undefined
      ? {}
      : {
        gap_to_upgrade: { upgrade_strategy: Store.upgradeStrategies(summary, now + query.gap_to_upgrade_for * day) }
      }),
    ...(query.gap_to_renew_for === undefined ? {} : { gap_to_renew: Store.gapToRenew(summary) })
  } satisfies CustomerV11.PointsSummary
})

/** The loyalty programs the customer is in (`programs_list`), each with its partner programs. */
const programsList = Effect.fnUntraced(function*(customer: Store.View, summaries: ReadonlyArray<Store.Summary>) {
  const programs: Array<CustomerV11.ProgramBrief> = []
  for (const summary of summaries) {
    programs.push({
      programId: summary.programId,
      programName: summary.programName,
      programDescription: summary.programDescription,
      isDefault: summary.isDefault,
      pointsToCurrencyRatio: summary.pointsToCurrencyRatio,
      PartnerPrograms: yield* Store.partnerProgramsOf(customer.orgId, summary.programId)
    })
  }
  return programs
})

/** One customer as the customer read answers them, with every part the query asks for (see `get`). */
const readCustomer = Effect.fnUntraced(function*(customer: Store.View, query: CustomerV11.GetQuery, now: number) {
  const programId = query.program_id
  const all = yield* Store.summaries(customer.orgId, customer.id, { programId })
  if (programId !== undefined && all.length === 0) return yield* Store.invalidProgram()
  const main = all.find((summary) => summary.isDefault) ?? all[0]
  const listed = query.mlp === true ? all : main === undefined ? [] : [main]
  const pointsSummaries: Array<CustomerV11.PointsSummary> = []
  for (const summary of listed) pointsSummaries.push(yield* readSummary(customer, summary, query, now))
  const basic = query.basic === true
  const { orgId } = customer
  const nextTier = main?.nextThreshold === undefined ? undefined : main
  return {
    ...(query.user_id === true ? { user_id: String(customer.id) } : {}),
    ...names(customer),
    ...Store.identity(customer),
    lifetime_points: main?.lifetime ?? 0,
    lifetime_purchases: 0,
    loyalty_points: main?.loyalty ?? 0,
    current_slab: main?.currentSlab ?? "",
    tier_expiry_date: main?.tierExpiry ?? Store.noTierExpiry,
    ...(query.next_slab === true
      ? {
        next_slab: main?.nextSlab ?? "",
        next_slab_serial_number: main?.nextSlabSerialNumber ?? -1,
        next_slab_description: main?.nextSlabDescription ?? ""
      }
      : {}),
    points_summaries: pointsSummaries,
    registered_on: Store.v11Date(customer.registeredOn),
    updated_on: Store.v11Date(customer.updatedAt),
    type: customer.type,
    source: customer.source.toLowerCase(),
    ...(customer.testControlStatus === undefined ? {} : { test_control_status: customer.testControlStatus }),
    fraud_status: customer.fraudStatus,
    registered_by: customer.registeredBy,
    ...(customer.storeCode === undefined || query.registered_store === false
      ? {}
      : { registered_store: { code: customer.storeCode, name: customer.storeCode } }),
    ...(query.registered_till === false
      ? {}
      : { registered_till: { code: customer.registeredBy, name: customer.registeredBy } }),
    ...(query.user_group === true ? { user_groups2: yield* Store.userGroups(orgId, customer.id) } : {}),
    ...(query.fraud_details === false ? {} : { fraud_details: { status: customer.fraudStatus } }),
    ...(query.ndnc_status === true ? { ndnc_status: customer.ndncStatus ?? "NONE" } : {}),
    ...(query.optin_status === true ? { optin_status: yield* Store.optinStatus(customer.id) } : {}),
    ...(query.expiry_schedule === true
      ? { expiry_schedule: yield* Store.expirySchedule(orgId, customer.id, programId) }
      : {}),
    ...(query.expired_points === true
      ? { expired_points: yield* Store.expiredPoints(orgId, customer.id, programId) }
      : {}),
    ...(query.slab_history === true
      ? { slab_history: yield* Store.slabHistory(orgId, customer.id, listed.map((summary) => summary.programId)) }
      : {}),
    ...(query.points_summary === true
      ? {
        points_summary: {
          expired: main?.expired ?? 0,
          redeemed: main?.redeemed ?? 0,
          adjusted: main?.adjusted ?? 0,
          returned: main?.returned ?? 0
        }
      }
      : {}),
    ...(query.promotion_points === true
      ? { promotion_points: yield* Store.promotionPoints(orgId, customer.id, programId) }
      : {}),
    ...(query.next_slab === true || query.tracker_info === true ? { trackers: [] } : {}),
    custom_fields: Store.fieldList(customer.fields),
    extended_fields: Store.fieldList(customer.extendedFields),
    ...(query.segments === true ? { segments: [] } : {}),
    ...(query.subscriptions === true ? { subscriptions: yield* Store.subscriptionStatuses(customer.id) } : {}),
    ...(basic || query.transactions === false ? {} : { transactions: [] }),
    ...(basic ? {} : { coupons: yield* couponBriefs(customer, query, now) }),
    ...(basic
      ? {}
      : {
        notes: (yield* Store.notes(customer.id)).map((note) => ({
          id: String(note.id),
          date: Store.v11Date(note.note_date),
          description: note.description
        }))
      }),
    ...(query.card_details === true
      ? {
        card_details: customer.cards.map((card) => ({
          card_number: card.value,
          ...(card.card_external_id === null ? {} : { card_external_id: card.card_external_id }),
          ...(card.series_id === null ? {} : { series_id: String(card.series_id) }),
          ...(card.status_label === null ? {} : { status_label: card.status_label })
        }))
      }
      : {}),
    ...(query.customer_image === true ? { customer_image: "" } : {}),
    ...(query.membership_retention_criteria === true ? { membership_retention_criteria: [] } : {}),
    ...(query.tier_upgrade_criteria === true && nextTier !== undefined
      ? {
        tier_update_criteria: {
          program_id: nextTier.programId,
          current_slab: nextTier.currentSlab,
          next_slab: nextTier.nextSlab,
          upgrade_strategy: Store.upgradeStrategies(nextTier, undefined)
        }
      }
      : {}),
    ...(query.delayed_accrual === true
      ? { delayed_accrual: yield* Store.delayedAccrual(orgId, customer.id, programId) }
      : {}),
    ...(query.program_summary === true ? { programs_list: yield* programsList(customer, all) } : {}),
    item_status: ok(1000, "Customer successfully retrieved")
  } satisfies CustomerV11.Customer11
})

/**
 * `customers.getV11`: each customer named (by `mobile`, `email`, `external_id`, `id`, or a card's external id),
 * after the organisation's points expiries and unlocks that fell due are posted, with the parts the options ask
 * for (see the module documentation).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const get = handle(
  CustomersV11Api.get,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const orgId = context.principal.orgId
      yield* Store.settle(orgId, context.now).pipe(Effect.catchTag("SqlError", (error) => Effect.die(error)))
      const items = yield* eachRequested(orgId, query, (customer) => readCustomer(customer, query, context.now))
      return { response: { status: CustomerV11.batchStatus(items), customers: { customer: items } } }
    }),
  { rejectInvalid: rejectGet }
)

/**
 * `customers.transactionsV11`: each customer named, with no transactions (`count` 0): the emulator has no
 * transactions store yet.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const transactions = handle(
  CustomersV11Api.transactions,
  (input, context) =>
    Effect.gen(function*() {
      const items = yield* eachRequested(context.principal.orgId, input.query, (customer) =>
        Effect.gen(function*() {
          const points = yield* pointsOf(customer, false)
          return {
            ...Store.identity(customer),
            ...names(customer),
            lifetime_points: points.lifetime_points,
            lifetime_purchases: 0,
            loyalty_points: points.loyalty_points,
            registered_on: Store.v11Date(customer.registeredOn),
            updated_on: Store.v11Date(customer.updatedAt),
            current_slab: points.current_slab,
            count: 0,
            rows: input.query.limit ?? 10,
            transactions: [],
            item_status: ok(1052, "Transactions fetched successfully")
          }
        }))
      return { response: { status: CustomerV11.batchStatus(items), customer: items } }
    }),
  { rejectInvalid: rejectRead }
)

/** Sorts by id or time, ascending or descending (newest first by default). */
const ordered = <A extends { readonly id: number; readonly at: number }>(
  rows: ReadonlyArray<A>,
  sort: "redemption_id" | "redeemed_time" | undefined,
  order: "asc" | "desc" | undefined
) => {
  const ascending = order === "asc"
  return [...rows].sort((a, b) => {
    const compared = sort === "redemption_id" ? a.id - b.id : a.at - b.at || a.id - b.id
    return ascending ? compared : -compared
  })
}

/**
 * `customers.redemptionsV11`: each customer's coupon redemptions (standing, not reactivated; from the coupon
 * tables) and points redemptions (the ledger's REDEEM events), filtered by kind, date (inclusive days) and id
 * range, newest first unless `order=asc`, at most `coupons_limit` / `points_limit` (or `limit`) of each;
 * `coupons_count` and `points_count` count all that match.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const redemptions = handle(
  CustomersV11Api.redemptions,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const orgId = context.principal.orgId
      const range = Store.period(query.start_date, query.end_date)
      const within = (id: number, at: number, start: number | undefined, end: number | undefined) =>
        Store.inPeriod(at, range) && (start === undefined || id >= start) && (end === undefined || id <= end)
      const items = yield* eachRequested(orgId, query, (customer) =>
        Effect.gen(function*() {
          const coupons = query.type === "points" ?
            [] :
            (yield* Store.coupons(orgId, customer.id)).flatMap((coupon) =>
              Store.standing(coupon).map((redemption) => ({
                id: redemption.id,
                at: redemption.redeemedAt,
                coupon,
                redemption
              }))
            ).filter((row) => within(row.id, row.at, query.coupons_start_id, query.coupons_end_id))
          const points = query.type === "coupons" ? [] : (yield* Store.pointsRedemptions(orgId, customer.id)).filter(
            (row) => within(row.id, row.at, query.points_start_id, query.points_end_id)
          )
          const couponRows = ordered(coupons, query.sort, query.order).slice(0, query.coupons_limit ?? query.limit)
          const pointRows = ordered(points, query.sort, query.order).slice(0, query.points_limit ?? query.limit)
          const couponItems: Array<CustomerV11.CouponRedemption> = []
          for (const row of couponRows) {
            const store = yield* Store.storeOf(orgId, row.redemption.redeemedBy)
            couponItems.push({
              id: String(row.id),
              code: row.coupon.code,
              series_id: String(row.coupon.seriesId),
              description: row.coupon.series.description,
              ...(row.coupon.series.discountCode === undefined
                ? {}
                : { discount_code: row.coupon.series.discountCode }),
              discount_type: row.coupon.series.discountType,
              transaction_number: row.redemption.transactionNumber,
              redeemed_time: Store.v11Date(row.at),
              redeemed_at: `${store?.store_code ?? ""} ${row.redemption.redeemedBy}`.trim()
            })
          }
          return {
            ...Store.identity(customer),
            ...names(customer),
            rows: couponItems.length + pointRows.length,
            coupons_count: coupons.length,
            points_count: points.length,
            ...(couponRows[0] === undefined ? {} : { coupons_start_id: String(couponRows[0].id) }),
            ...(pointRows[0] === undefined ? {} : { points_start_id: String(pointRows[0].id) }),
            redemptions: {
              coupons: couponItems,
              points: pointRows.map((row) => ({
                id: String(row.id),
                program_id: String(row.programId),
                points_redeemed: row.points,
                redeemed_time: Store.v11Date(row.at),
                ...(row.tillCode === undefined
                  ? {}
                  : { redeemed_at: `${row.storeCode ?? ""} ${row.tillCode}`.trim() })
              }))
            },
            item_status: ok(1000, "Redemptions retrieved successfully")
          }
        }))
      return { response: { status: CustomerV11.batchStatus(items), customer: items } }
    }),
  { rejectInvalid: rejectRead }
)

/**
 * `customers.couponsV11`: the customer's coupons (revoked ones left out) with their standing redemptions,
 * filtered by issue or redemption date (inclusive days), status (`active`: valid and not redeemed out;
 * `redeemed`: redeemed at least once; `expired`: past its validity), series and store (a series redeemable at
 * every store, `[-1]`, matches any), ordered by `order_by` (`created_date` newest first by default), at most
 * `limit` (100) of them; `pagination.total` counts all that match.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const coupons = handle(
  CustomersV11Api.coupons,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const orgId = context.principal.orgId
      const [identifier] = requested(query)
      const range = Store.period(query.start_date, query.end_date)
      const statuses = (query.status ?? "").split(";").map((status) => status.trim().toLowerCase()).filter(
        (status) => status !== ""
      )
      const limit = query.limit ?? 100
      let total = 0
      const items = yield* eachRequested(
        orgId,
        identifier === undefined ? query : { [identifier.type]: identifier.value },
        (customer) =>
          Effect.gen(function*() {
            const all = yield* Store.coupons(orgId, customer.id)
            const matching = all.filter((coupon) => {
              const standing = Store.standing(coupon)
              const status = Store.couponStatus(coupon, context.now)
              const wanted = statuses.length === 0 || statuses.some((name) =>
                name === "redeemed"
                  ? standing.length > 0
                  : name === "expired"
                  ? status === "EXPIRED"
                  : status === "ACTIVE"
              )
              const dated = Store.inPeriod(coupon.issuedAt, range) ||
                standing.some((redemption) => Store.inPeriod(redemption.redeemedAt, range))
              const stores = (() => {
                const parsed = JSON.parse(coupon.series.redeemAtStore ?? "[-1]") as ReadonlyArray<number>
                return query.store_id === undefined || parsed.includes(-1) || parsed.includes(Number(query.store_id))
              })()
              return wanted && dated && stores &&
                (query.series_id === undefined || String(coupon.seriesId) === query.series_id)
            })
            const order = query.order_by ?? "created_date"
            const ascending = (query.sort_order ?? (order === "created_date" ? "desc" : "asc")) === "asc"
            const key = (coupon: Store.CouponRecord) =>
              order === "amount"
                ? coupon.series.discountValue
                : order === "valid_till"
                ? coupon.validTill
                : coupon.issuedAt
            const sorted = [...matching].sort((a, b) => {
              const compared = key(a) - key(b) || a.id - b.id
              return ascending ? compared : -compared
            })
            total = sorted.length
            const listed: Array<CustomerV11.CustomerCoupon> = []
            for (const coupon of sorted.slice(0, limit)) {
              const standing = Store.standing(coupon)
              const uses: Array<typeof CustomerV11.CouponUse.Type> = []
              for (const redemption of standing) {
                const store = yield* Store.storeOf(orgId, redemption.redeemedBy)
                const code = store?.store_code ?? redemption.redeemedBy
                uses.push({
                  date: Store.v11Date(redemption.redeemedAt),
                  transaction_number: redemption.transactionNumber,
                  redeemed_at: { code, name: code }
                })
              }
              listed.push({
                id: String(coupon.id),
                series_id: String(coupon.seriesId),
                description: coupon.series.description,
                status: Store.couponStatus(coupon, context.now),
                redemption_count: standing.length,
                created_date: isoSeconds(coupon.issuedAt),
                valid_till: Store.v11Day(coupon.validTill),
                code: coupon.code,
                redemptions: uses
              })
            }
            return {
              ...names(customer),
              ...Store.identity(customer),
              id: String(customer.id),
              coupons: listed,
              item_status: ok(1000, "Issued coupons retrieved successfully")
            }
          })
      )
      const found = items.some((item) => item.item_status.success)
      return {
        response: {
          ...(found ? { pagination: { limit, offset: 0, total } } : {}),
          status: CustomerV11.batchStatus(items),
          customers: { customer: items }
        }
      }
    }),
  { rejectInvalid: rejectRead }
)

// ---------------------------------------------------------------------------------------------------------------
// Notes
// ---------------------------------------------------------------------------------------------------------------

const userIdentity = (customer: Store.View) => ({
  user_id: String(customer.id),
  ...names(customer),
  ...Store.identity(customer)
})

/**
 * `customers.addNotesV11`: adds the notes without id and changes those with one (1037 when the customer has no
 * such note; nothing is written then).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const addNotes = handle(
  CustomersV11Api.addNotes,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const items = yield* eachItem(orgId, input.body.root.customer, (request, customerId) =>
        Effect.gen(function*() {
          const written = yield* Store.writeNotes({
            orgId,
            customerId,
            notes: request.notes,
            associateId: request.associate_id,
            now: context.now,
            by: context.principal.tillCode
          })
          const customer = (yield* Store.view(orgId, customerId))!
          return {
            ...userIdentity(customer),
            notes: written.map((note) => ({
              id: String(note.id),
              date: Store.v11Date(note.note_date),
              description: note.description
            })),
            item_status: ok(1000, "Customer note added/updated successfully")
          }
        }))
      return { response: { status: CustomerV11.batchStatus(items), customer: items } }
    }),
  { rejectInvalid: rejectNotes }
)

/**
 * `customers.getNotesV11`: the customer's notes, oldest first (1028 when they have none).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getNotes = handle(
  CustomersV11Api.getNotes,
  (input, context) =>
    Effect.gen(function*() {
      const [identifier] = requested(input.query)
      const items = yield* eachRequested(
        context.principal.orgId,
        { [identifier!.type]: identifier!.value },
        (customer) =>
          Effect.gen(function*() {
            const notes = yield* Store.notes(customer.id)
            if (notes.length === 0) return yield* Store.reject(1028, "No customer notes are available")
            return {
              ...userIdentity(customer),
              notes: notes.map((note) => ({
                id: String(note.id),
                description: note.description,
                date: Store.v11Date(note.note_date),
                added_on: Store.v11Date(note.added_at)
              })),
              item_status: ok(1000, "Customer note retrieved successfully")
            }
          })
      )
      return { response: { status: CustomerV11.batchStatus(items), customer: items } }
    }),
  { rejectInvalid: rejectRead }
)

// ---------------------------------------------------------------------------------------------------------------
// Recommendations and interactions
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.recommendationsV11`: 1051 for a customer of the organisation (the emulator has no recommendation
 * engine and no transactions to recommend from), 1011 / 1012 for one it does not have.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const recommendations = handle(
  CustomersV11Api.recommendations,
  (input, context) =>
    Effect.gen(function*() {
      const [identifier] = requested(input.query)
      const items = yield* eachRequested(
        context.principal.orgId,
        { [identifier!.type]: identifier!.value },
        () =>
          Effect.fail(
            Store.reject(
              1051,
              "No transactions or recommendations found for the customer: the emulator has no recommendation engine"
            )
          )
      )
      return { response: { status: CustomerV11.batchStatus(items), customer: items } }
    }),
  { rejectInvalid: rejectRead }
)

/**
 * `customers.interactionsV11`: each customer named, with no interactions (an empty list of networks): the
 * emulator sends no messages, runs no surveys and sees no social networks.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const interactions = handle(
  CustomersV11Api.interactions,
  (input, context) =>
    Effect.gen(function*() {
      const items = yield* eachRequested(context.principal.orgId, input.query, (customer) =>
        Effect.succeed({
          id: String(customer.id),
          ...Store.identity(customer),
          interactions: [],
          item_status: ok(1000, "Customer interactions retrieved successfully")
        }))
      return { response: { status: CustomerV11.batchStatus(items), customer: items } }
    }),
  { rejectInvalid: rejectRead }
)

// ---------------------------------------------------------------------------------------------------------------
// Tickets
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.addTicketV11`: opens each ticket for the customer (1300); a subject the customer already has is
 * 1301, and then no ticket of the request is opened.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const addTicket = handle(
  CustomersV11Api.addTicket,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const items = yield* eachItem(orgId, input.body.root.customer, (request, customerId) =>
        Effect.gen(function*() {
          const opened = []
          for (const ticket of request.ticket) {
            opened.push(
              yield* Store.openTicket({ orgId, customerId, ticket, now: context.now, by: context.principal.tillCode })
            )
          }
          const customer = (yield* Store.view(orgId, customerId))!
          return {
            ...Store.identity(customer),
            id: String(customer.id),
            ticket: opened.map(Store.toTicket),
            item_status: ok(1300, "Ticket added successfully")
          }
        }))
      return { response: { status: CustomerV11.batchStatus(items), customers: { customer: items } } }
    }),
  { rejectInvalid: rejectTicket }
)

const same = (filter: string | undefined, value: string | null) =>
  filter === undefined || (value ?? "").toLowerCase() === filter.trim().toLowerCase()

/**
 * `customers.getTicketsV11`: each customer's tickets, oldest first, filtered by status, priority, department,
 * code, where reported and type (without regard to case) and creation date (inclusive days).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getTickets = handle(
  CustomersV11Api.getTickets,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const range = Store.period(query.start_date, query.end_date)
      const items = yield* eachRequested(context.principal.orgId, query, (customer) =>
        Effect.gen(function*() {
          const rows = (yield* Store.tickets(customer.id)).filter((row) =>
            same(query.status, row.status) && same(query.priority, row.priority) &&
            same(query.department, row.department) && same(query.ticket_code, row.code) &&
            same(query.reported_from, row.reported_from) && same(query.type, row.type) &&
            Store.inPeriod(row.created_at, range)
          )
          return {
            ...names(customer),
            ...Store.identity(customer),
            id: String(customer.id),
            tickets: rows.map(Store.toTicket),
            item_status: ok(1300, "Ticket retrieved successfully")
          }
        }))
      return { response: { status: CustomerV11.batchStatus(items), customer: items } }
    }),
  { rejectInvalid: rejectRead }
)

// ---------------------------------------------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.updatePreferencesV11`: sets each customer's preferences (item code 200, as Capillary answers it);
 * a store the organisation has no till of is not set (warning 1053, store status `FAILURE`).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updatePreferences = handle(
  CustomersV11Api.updatePreferences,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const items = yield* eachItem(orgId, input.body.root.customer, (request, customerId) =>
        Effect.gen(function*() {
          const before = (yield* Store.view(orgId, customerId))!
          const storeCode = request.store?.code === undefined || request.store.code.trim() === ""
            ? undefined
            : request.store.code.trim()
          const storeFound = yield* Store.setPreferences({
            orgId,
            customer: before,
            values: Store.fieldsRecord(request.custom_fields),
            storeCode
          })
          const customer = (yield* Store.view(orgId, customerId))!
          return {
            ...userIdentity(customer),
            ...(request.local_id === undefined ? {} : { local_id: request.local_id }),
            custom_fields: yield* Store.preferences(customer),
            ...(storeCode === undefined
              ? {}
              : { store: { code: storeCode, name: storeCode, status: storeFound === true ? "SUCCESS" : "FAILURE" } }),
            item_status: ok(200, "Preferences Updated Successfully", storeFound === false ? [1053] : [])
          }
        }))
      return { response: { status: CustomerV11.batchStatus(items), customers: { customer: items } } }
    }),
  { rejectInvalid: rejectPreferences }
)

/**
 * `customers.getPreferencesV11`: each customer's preferences (1031 when none are set).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const getPreferences = handle(
  CustomersV11Api.getPreferences,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const items = yield* eachRequested(context.principal.orgId, query, (customer) =>
        Effect.gen(function*() {
          const values = yield* Store.preferences(customer)
          if (values.length === 0) return yield* Store.reject(1031, "No preferences set for this customer")
          return {
            ...(query.user_id === true ? { user_id: String(customer.id) } : {}),
            ...Store.identity(customer),
            custom_fields: values,
            item_status: ok(200, "Preferences retrieved successfully")
          }
        }))
      return { response: { status: CustomerV11.batchStatus(items), customers: { customer: items } } }
    }),
  { rejectInvalid: rejectRead }
)

/**
 * The v1.1 customer endpoints, their behaviours and their migrations, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: CustomersV11Api.endpoints,
  behaviours: [
    add,
    update,
    updateIdentity,
    get,
    transactions,
    redemptions,
    coupons,
    addNotes,
    getNotes,
    recommendations,
    interactions,
    addTicket,
    getTickets,
    updatePreferences,
    getPreferences
  ],
  migrations
}
