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
 * Answered honestly where the emulator has no source: transactions are an empty list (`count` 0) until the
 * transactions package brings them; interactions are an empty list of networks (the emulator sends no messages
 * and runs no surveys); recommendations are 1051 "No transactions or recommendations found for the customer"
 * (there is no recommendation engine); subscriptions sent with a registration or update are not applied (the
 * subscription endpoints own that state) and answers carry no `subscriptions`.
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
import { handle, type RawInput, Rejection } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Store from "./internal/customersV11.ts"

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

const refuse = (code: number, message: string) => new Rejection({ status: 200, code, message })

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

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
    tier_expiry_date: Store.noTierExpiry,
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

/** The customer's coupons as the customer read lists them: by `coupon_order_by` and `coupon_sort_order`, a page. */
const couponBriefs = Effect.fnUntraced(function*(customer: Store.View, query: CustomerV11.GetQuery) {
  const all = yield* Store.coupons(customer.orgId, customer.id)
  const order = query.coupon_order_by ?? "created_date"
  const ascending = (query.coupon_sort_order ?? (order === "created_date" ? "desc" : "asc")) === "asc"
  const key = (coupon: Store.CouponRecord): string | number =>
    order === "created_by"
      ? coupon.issuedBy
      : order === "valid_till"
      ? coupon.validTill
      : coupon.issuedAt * 1e6 + coupon.id
  const sorted = [...all].sort((a, b) => {
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
    redeemed: Store.standing(coupon).length > 0
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

/**
 * `customers.getV11`: each customer named, with points, registration details, coupons, notes, recent
 * transactions (none: not modelled yet) and, with `card_details=true`, cards.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const get = handle(
  CustomersV11Api.get,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const items = yield* eachRequested(context.principal.orgId, query, (customer) =>
        Effect.gen(function*() {
          const notes = yield* Store.notes(customer.id)
          const till = { code: customer.registeredBy, name: customer.registeredBy }
          return {
            ...(yield* customerItem(customer, { userId: query.user_id === true, mlp: query.mlp === true })),
            registered_by: customer.registeredBy,
            ...(customer.storeCode === undefined
              ? {}
              : { registered_store: { code: customer.storeCode, name: customer.storeCode } }),
            registered_till: till,
            fraud_details: { status: customer.fraudStatus },
            transactions: [],
            coupons: yield* couponBriefs(customer, query),
            notes: notes.map((note) => ({
              id: String(note.id),
              date: Store.v11Date(note.note_date),
              description: note.description
            })),
            ...(query.card_details === true
              ? {
                card_details: customer.cards.map((card) => ({
                  card_number: card.value,
                  ...(card.series_id === null ? {} : { series_id: String(card.series_id) }),
                  ...(card.status_label === null ? {} : { status_label: card.status_label })
                }))
              }
              : {}),
            item_status: ok(1000, "Customer successfully retrieved")
          }
        }))
      return { response: { status: CustomerV11.batchStatus(items), customers: { customer: items } } }
    }),
  { rejectInvalid: rejectRead }
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
                created_date: new Date(coupon.issuedAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
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
      const items = []
      for (const request of input.body.root.customer) {
        const identifiers = CustomerV11.identifiersOf(request)
        const result = yield* attempt(Effect.gen(function*() {
          const customerId = yield* Store.resolveFirst(orgId, identifiers)
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
        items.push(
          Result.isSuccess(result)
            ? result.success
            : { ...Store.asked(identifiers[0]), item_status: failed(result.failure) }
        )
      }
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
      const items = []
      for (const request of input.body.root.customer) {
        const identifiers = CustomerV11.identifiersOf(request)
        const result = yield* attempt(Effect.gen(function*() {
          const customerId = yield* Store.resolveFirst(orgId, identifiers)
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
        items.push(
          Result.isSuccess(result)
            ? result.success
            : { ...Store.asked(identifiers[0]), item_status: failed(result.failure) }
        )
      }
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
      const items = []
      for (const request of input.body.root.customer) {
        const identifiers = CustomerV11.identifiersOf(request)
        const result = yield* attempt(Effect.gen(function*() {
          const customerId = yield* Store.resolveFirst(orgId, identifiers)
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
        items.push(
          Result.isSuccess(result)
            ? result.success
            : { ...Store.asked(identifiers[0]), item_status: failed(result.failure) }
        )
      }
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
