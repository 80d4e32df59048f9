/**
 * What the emulator does for the customers endpoints of `@capillary-effect/customers`: registration with
 * Capillary's identity rules (the same identifier in the same source is 8006; in another source the profile is
 * attached to that customer with warning 8050; an email, mobile or external id held by another customer is 1016,
 * 1032 or 1033), reads by id and by identifier (every identifier type, a card's external id included) within the
 * organisation, and lookups. An unknown source is 8003 and an unknown identifier name 8013. Concurrent
 * registrations of one identifier give one customer: the identifiers table's UNIQUE index decides, and a
 * violation is answered as 8006.
 *
 * Program enrolments (`loyaltyProgramEnrollments`, at registration and by update) are modelled on the points
 * ledger (`internal/customers.enrol`): the customer's wallet in the program opens, `loyaltyPoints` are awarded
 * (ledger event `CustomerRegistration` or `CustomerUpdate`; a lot expiring at the end of the `pointsExpiryDate`
 * day, UTC, else by the program's rule), `tierNumber` is the wallet's tier floor until `tierExpiryDate`; 1101 for
 * a program that is not the organisation's, 8089 for a non-loyalty customer, 400 for a tier the program does not
 * have or an expiry date that is not later than now. A program where the customer is already enrolled is left as
 * it is (an update sent again awards nothing more). `mlp_single_enroll=true` enrols a loyalty registration in
 * every customer program of the organisation. The answer's `sideEffects` are what really happened: one
 * `{entityType: "USER", awardedPoints (floored), type: "points"}` (`rawAwardedPoints` too with
 * `rawSideEffects=true`) when points were awarded, none otherwise (and none for `use_async=true` updates, whose
 * activities still run). No coupon or alternate currency is ever issued by a registration: the emulator has no
 * such promotions. A registration's query `source` (and `accountId`) must be one of its profiles' (8011).
 *
 * Profile updates merge names, custom and extended fields and channels (8009 for an unknown id, 8065 not in the
 * source, 8045 account missing, 1046 loyalty to non-loyalty, 8007 identifier of another customer). Identifier
 * changes remove then add, link and delink cards, merge a customer into the one holding the identifier in another
 * source (8051; the merged customer answers 8069, and its wallets move to the survivor through the ledger, lot by
 * lot: `Ledger.moveWallets`), and are recorded for the change-request history
 * (`internal/customers.identifierChanges`). Search matches name and identifier prefixes in every source.
 * Status labels are the organisation's own (`seedDemo` defines the demo ones; another label is 8086); each change
 * is logged. Images: an upload (`setImage`, multipart) stores each file's
 * size, type and a file handle (not its bytes); deletion works on those references by position. Input the
 * schemas refuse gets Capillary's code where it has one: 8055/8056 invalid email/mobile identifier, 8057/8058
 * in a channel, 8010 unknown channel, 8084 nothing to update, 8100–8102 paging, 8078 no image position.
 *
 * @since 0.1.0
 */
import { Customer, CustomersApi } from "@capillary-effect/customers"
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { handle, type RawInput, reject, singleValue } from "./Behaviour.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Cards from "./internal/cards.ts"
import * as CustomerLoyalty from "./internal/customerLoyalty.ts"
import * as Store from "./internal/customers.ts"
import * as Ledger from "./internal/ledger.ts"
import * as Subscriptions from "./internal/subscriptions.ts"

/**
 * The customers tables: customers, their profiles (one per source and account) and their identifiers (unique
 * per organisation, source, account, type and value; a card unique in the organisation); then the columns and
 * tables of updates, merges, the identifier change history, status labels and log, and images. Program
 * enrolments and merges write to the points ledger, so its tables come with them: the ledger (`0400`), its lots
 * and tier log (`0410`) and the wallets' tier floors (`0420_tier_floors`).
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  "0100_customers": Store.createTables,
  "0110_customer_profile": Store.createProfileTables,
  "0400_points_ledger": Ledger.createTables,
  "0410_points_lots": Ledger.createLots,
  "0420_tier_floors": Ledger.createTierFloors
}

const isSource = Schema.is(Customer.Source)
const isLookupSource = Schema.is(Customer.LookupSource)
const isIdentifierType = Schema.is(Customer.IdentifierType)
const isChannelType = Schema.is(Customer.CommChannelType)
const isMobile = Schema.is(Customer.Mobile)
const isEmail = Schema.is(Customer.Email)

const invalidSource = (source: unknown) =>
  typeof source === "string" && !isLookupSource(source) ? reject(8003, "Invalid source") : undefined

/** A read by id: an unknown source is 8003. */
const rejectRead = (input: RawInput) => invalidSource(input.query.source)

/** A read by identifier: the lookup's own codes (8001, 8002, 8003, 8013). */
const rejectLookup = (input: RawInput) => Store.rejectLookup(input)

/**
 * A registration: a profile or a query with an unknown source is 8003; a query source (and account) that none of
 * the profiles has is 8011.
 */
const rejectRegistration = (input: RawInput) => {
  const profiles = typeof input.body === "object" && input.body !== null
    ? (input.body as { readonly profiles?: unknown }).profiles
    : undefined
  const source = input.query.source
  if (source !== undefined && (typeof source !== "string" || !isSource(source))) return reject(8003, "Invalid source")
  if (!Array.isArray(profiles)) return undefined
  const unknown = profiles.some((profile) =>
    typeof profile === "object" && profile !== null && typeof profile.source === "string" && !isSource(profile.source)
  )
  return unknown ? reject(8003, "Invalid source") : undefined
}

/** 8011: the query's source and account are not those of a profile of the registration. */
const checkQuerySource = (query: Customer.AddQuery, body: Customer.CustomerAdd) => {
  if (query.source === undefined) return Effect.void
  const account = query.accountId ?? ""
  return body.profiles.some((profile) => profile.source === query.source && (profile.accountId ?? "") === account)
    ? Effect.void
    : Effect.fail(reject(8011, `Invalid source: the registration has no profile in ${query.source} "${account}"`))
}

/** The side effects of what enrolments awarded: none when no points were. */
const pointsSideEffects = (
  enrolled: Store.Enrolled,
  raw: boolean | undefined
): ReadonlyArray<Customer.SideEffect> => {
  if (enrolled.awardedMilli <= 0) return []
  const points = Ledger.fromMilli(enrolled.awardedMilli)
  return [{
    entityType: "USER",
    ...(raw === true ? { rawAwardedPoints: points } : {}),
    awardedPoints: Math.floor(points),
    type: "points"
  }]
}

/** The card numbers among identifiers, with what they say of their cards. */
const linkedCards = (identifiers: ReadonlyArray<Customer.Identifier>): ReadonlyArray<Cards.LinkedCard> =>
  identifiers.filter((identifier) => identifier.type === "cardnumber").map((identifier) => ({
    value: identifier.value,
    seriesId: identifier.seriesId,
    seriesCode: identifier.seriesCode,
    statusLabel: identifier.statusLabel,
    cardExternalId: identifier.cardExternalId
  }))

/**
 * `customers.add`: registers in the caller's organisation; `createdId` is the new customer, or the one the
 * profile was attached to (warning 8050). The registration's program enrolments (and `mlp_single_enroll`) enrol
 * the customer; `sideEffects` are the points they awarded.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const add = handle(
  CustomersApi.add,
  (input, context) =>
    Effect.gen(function*() {
      yield* checkQuerySource(input.query, input.body)
      const registered = yield* Store.register({
        orgId: context.principal.orgId,
        request: input.body,
        now: context.now,
        by: context.principal.tillCode
      })
      yield* Cards.issueLinked({
        orgId: context.principal.orgId,
        cards: linkedCards(input.body.profiles.flatMap((profile) => profile.identifiers)),
        by: context.principal.tillId,
        now: context.now
      })
      const customer = yield* Store.active(context.principal.orgId, registered.customerId, Store.notFound)
      const enrolled = yield* Store.enrol({
        orgId: context.principal.orgId,
        customerId: registered.customerId,
        loyaltyType: customer.loyalty_type,
        enrolments: input.body.loyaltyProgramEnrollments ?? [],
        allPrograms: input.query.mlp_single_enroll === true,
        eventName: "CustomerRegistration",
        now: context.now,
        tillId: context.principal.tillId
      })
      return {
        createdId: Customer.CustomerId.make(registered.customerId),
        warnings: registered.combined ? [Store.combining] : [],
        sideEffects: pointsSideEffects(enrolled, input.query.rawSideEffects)
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectRegistration }
)

/**
 * A read's embeds: loyalty summaries and schedules from the points ledger, subscriptions and images, each only
 * when its tables are in the catalog. `promotionalPoints` embeds nothing: the emulator has no promotions.
 */
const withEmbeds = Effect.fnUntraced(function*(
  orgId: number,
  customer: Customer.Customer,
  embed: ReadonlyArray<Customer.Embed>,
  now: number
) {
  const loyalty = embed.length === 0 ? {} : yield* CustomerLoyalty.embedsFor(orgId, customer.id, embed, now)
  const subscriptions = embed.includes("subscriptions") && (yield* Subscriptions.modelled)
    ? yield* Subscriptions.forCustomer(orgId, customer.id)
    : undefined
  const images = embed.includes("CUSTOMERIMAGE") ? yield* Store.images(orgId, customer.id) : undefined
  return new CustomersApi.CustomerDetails({
    ...customer,
    ...loyalty,
    ...(subscriptions === undefined ? {} : { subscriptions }),
    ...(images === undefined ? {} : {
      customerImage: images.map((image) => ({
        file: { fileHandle: image.fileHandle, fileSize: image.fileSize, name: image.fileHandle },
        status: true
      }))
    })
  })
})

/**
 * `customers.get`: a customer of the caller's organisation by id, with the profiles of the source (`ALL` when
 * absent); 8015 when the organisation has no such customer or it has no profile in that source; 8069 when it
 * was merged into another.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const get = handle(
  CustomersApi.get,
  (input, context) =>
    Effect.gen(function*() {
      const customer = yield* Store.load(context.principal.orgId, input.path.id, {
        source: input.query.source ?? "ALL",
        accountId: input.query.accountId
      })
      if (customer === undefined) {
        const survivor = yield* Store.mergedInto(context.principal.orgId, input.path.id)
        return yield* survivor === undefined ? Store.notFound() : Store.merged(survivor)
      }
      return yield* withEmbeds(context.principal.orgId, customer, input.query.embed ?? [], context.now)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectRead }
)

const find = (orgId: number, query: Customer.IdentifierQuery) =>
  Store.findByIdentifier(orgId, { type: query.identifierName, value: query.identifierValue }, {
    source: query.source,
    accountId: query.accountId
  })

/**
 * `customers.getByIdentifier`: the customer holding the identifier in the source (any source for `ALL`), with
 * the profiles of that source; 8015 when none does.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const getByIdentifier = handle(
  CustomersApi.getByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const id = yield* find(context.principal.orgId, input.query)
      const customer = id === undefined ? undefined : yield* Store.load(context.principal.orgId, id, {
        source: input.query.source,
        accountId: input.query.accountId
      })
      if (customer === undefined) return yield* Store.notFound()
      return yield* withEmbeds(context.principal.orgId, customer, input.query.embed ?? [], context.now)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

/**
 * `customers.lookup`: the id of the customer holding the identifier in the source, as `entity`; 8015 when
 * none does.
 *
 * @since 0.1.0
 * @category behaviours
 */
export const lookup = handle(
  CustomersApi.lookup,
  (input, context) =>
    Effect.gen(function*() {
      const id = yield* find(context.principal.orgId, input.query)
      if (id === undefined) return yield* Store.notFound()
      return { entity: Customer.CustomerId.make(id), warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

// ---------------------------------------------------------------------------------------------------------------
// Raw input with Capillary's own codes
// ---------------------------------------------------------------------------------------------------------------

const records = (value: unknown): ReadonlyArray<Record<string, unknown>> =>
  Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null)
    : []

const fieldOf = (value: unknown, name: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined

const text = (value: unknown) =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined

/** An invalid email or mobile identifier: 8055 / 8056. */
const identifierIssue = (identifiers: ReadonlyArray<Record<string, unknown>>) => {
  for (const identifier of identifiers) {
    const value = text(identifier.value)
    if (identifier.type === "email" && (value === undefined || !isEmail(value))) return reject(8055, "Invalid email id")
    if (identifier.type === "mobile" && (value === undefined || !isMobile(value))) {
      return reject(8056, "Invalid mobile number")
    }
  }
  return undefined
}

/** An unknown channel (8010), an invalid email or mobile in a channel (8057 / 8058). */
const channelIssue = (channels: ReadonlyArray<Record<string, unknown>>) => {
  for (const channel of channels) {
    const value = text(channel.value)
    if (typeof channel.type !== "string" || !isChannelType(channel.type)) {
      return reject(8010, "Communication channel is invalid")
    }
    if (channel.type === "email" && (value === undefined || !isEmail(value))) {
      return reject(8057, "Invalid email id passed in the communication channel")
    }
    if (channel.type === "mobile" && (value === undefined || !isMobile(value))) {
      return reject(8058, "Invalid mobile number passed in the communication channel")
    }
  }
  return undefined
}

/** A write's source: absent, `ALL` or unknown is 8003. */
const rejectWriteSource = (source: string | ReadonlyArray<string> | undefined) =>
  typeof source === "string" && isSource(source) ? undefined : reject(8003, "Invalid source")

/** A write to the profile of a customer found by identifier: source 8003, identifier 8002 / 8013. */
const rejectWriteLookup = (input: RawInput) => {
  const { identifierName, identifierValue } = input.query
  return rejectWriteSource(input.query.source) ??
    (identifierName === undefined || identifierValue === undefined
      ? reject(8002, "Identifier name and value are required for a lookup")
      : typeof identifierName === "string" && !isIdentifierType(identifierName)
      ? reject(8013, "Invalid identifier")
      : undefined)
}

/** An update's body: contact details 8055–8058 / 8010, nothing to update 8084. */
const rejectUpdateBody = (body: unknown) => {
  const profiles = records(fieldOf(body, "profiles"))
  const issue = identifierIssue(profiles.flatMap((profile) => records(profile.identifiers))) ??
    channelIssue(profiles.flatMap((profile) => records(profile.commChannels)))
  if (issue !== undefined) return issue
  const given = profiles.length > 0 || fieldOf(body, "loyaltyInfo") !== undefined ||
    fieldOf(body, "extendedFields") !== undefined || records(fieldOf(body, "loyaltyProgramEnrollments")).length > 0
  return given ? undefined : reject(8084, "Customer details not sent")
}

// ---------------------------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------------------------

const updated = (result: Store.Updated, useAsync: boolean | undefined): Customer.CustomerUpdated => ({
  createdId: Customer.CustomerId.make(result.customerId),
  warnings: result.warnings,
  // The points the enrolments awarded; an async update runs them too but reports none.
  ...(useAsync === true ? {} : { sideEffects: pointsSideEffects(result.enrolled, false) })
})

/**
 * `customers.update`: updates the profile of a customer of the caller's organisation by id, and enrols them in
 * the programs of the update where they are not enrolled yet.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const update = handle(
  CustomersApi.update,
  (input, context) =>
    Store.update({
      orgId: context.principal.orgId,
      customerId: input.path.id,
      source: input.query.source,
      accountId: input.query.accountId,
      changes: input.body,
      missing: Store.unknownCustomerId,
      now: context.now,
      by: context.principal.tillCode,
      tillId: context.principal.tillId
    }).pipe(Effect.map((result) => updated(result, input.query.use_async)), Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: (input) => rejectWriteSource(input.query.source) ?? rejectUpdateBody(input.body) }
)

/**
 * `customers.updateByIdentifier`: updates the profile holding the identifier in the source (8015 when none
 * does).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updateByIdentifier = handle(
  CustomersApi.updateByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const found = yield* Store.findProfile(
        context.principal.orgId,
        { type: query.identifierName, value: query.identifierValue },
        query.source,
        query.accountId
      )
      if (found === undefined) return yield* Store.notFound()
      const result = yield* Store.update({
        orgId: context.principal.orgId,
        customerId: found.customerId,
        source: query.source,
        accountId: found.accountId,
        changes: input.body,
        missing: Store.notFound,
        now: context.now,
        by: context.principal.tillCode,
        tillId: context.principal.tillId
      })
      return updated(result, query.use_async)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: (input) => rejectWriteLookup(input) ?? rejectUpdateBody(input.body) }
)

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------

const defaultSearchLimit = 10

/** A page out of bounds: 8100 offset below 0, 8101 limit 0 or less, 8102 limit above 100. */
const rejectSearch = (input: RawInput) => {
  const offset = singleValue(input.query.offset)
  const limit = singleValue(input.query.limit)
  if (offset !== undefined && !(Number.isInteger(Number(offset)) && Number(offset) >= 0)) {
    return reject(8100, "Offset should be greater than or equal to 0")
  }
  if (limit !== undefined && !(Number.isInteger(Number(limit)) && Number(limit) > 0)) {
    return reject(8101, "Limit should be greater than 0")
  }
  if (limit !== undefined && Number(limit) > Customer.maxSearchLimit) {
    return reject(8102, `Limit should not be greater than ${Customer.maxSearchLimit}`)
  }
  return undefined
}

/**
 * `customers.search`: the organisation's customers whose names or identifiers start with `q`, a page at a time
 * (limit 10 unless given), in id order.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const search = handle(
  CustomersApi.search,
  (input, context) =>
    Effect.gen(function*() {
      const limit = input.query.limit ?? defaultSearchLimit
      const offset = input.query.offset ?? 0
      const found = yield* Store.search({
        orgId: context.principal.orgId,
        keyword: input.query.q.trim(),
        limit,
        offset
      })
      return {
        pagination: { limit, offset, total: found.total },
        data: found.results,
        warnings: [],
        errors: []
      } satisfies Customer.SearchPage
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectSearch }
)

// ---------------------------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.updateStatus`: sets the status label of the customer holding the identifier in the source (8015
 * when none does); the label must be one of the organisation's (8086). The customer's current label changes and
 * logs nothing.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updateStatus = handle(
  CustomersApi.updateStatus,
  (input, context) =>
    Effect.gen(function*() {
      const { body, query } = input
      const { orgId } = context.principal
      const found = yield* Store.findProfile(
        orgId,
        { type: query.identifierName, value: query.identifierValue },
        query.source,
        query.accountId
      )
      if (found === undefined) return yield* Store.notFound()
      yield* Store.setStatus({
        orgId,
        customerId: found.customerId,
        label: body.label,
        reason: body.reason,
        createdOn: body.createdOn === undefined ? context.now : Date.parse(body.createdOn),
        now: context.now,
        by: { id: context.principal.tillId, code: context.principal.tillCode }
      })
      return { createdId: Customer.CustomerId.make(found.customerId), warnings: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  {
    rejectInvalid: (input) => {
      const label = fieldOf(input.body, "label")
      return rejectWriteLookup(input) ??
        (typeof label === "string" && label.trim() === "" ? reject(8086, "Invalid status label") : undefined)
    }
  }
)

/**
 * `customers.statusLog`: the status changes of a customer of the caller's organisation, newest first (8015 when
 * there is no such customer, 8069 when it was merged).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const statusLog = handle(
  CustomersApi.statusLog,
  (input, context) =>
    Effect.gen(function*() {
      yield* Store.active(context.principal.orgId, input.path.id, Store.notFound)
      return { data: yield* Store.statusLog(context.principal.orgId, input.path.id), warnings: [], errors: [] }
    }).pipe(Effect.catchTag("SqlError", Effect.die))
)

// ---------------------------------------------------------------------------------------------------------------
// Identifier change
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.changeIdentifier`: removes then adds identifiers of the customer's profile in the source (cards
 * included), merging it into the customer holding an added identifier in another source (warning 8051).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const changeIdentifier = handle(
  CustomersApi.changeIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const result = yield* Store.changeIdentifiers({
        orgId: context.principal.orgId,
        customerId: input.path.id,
        source: input.query.source,
        accountId: input.query.accountId,
        change: input.body,
        now: context.now,
        by: context.principal.tillCode,
        tillId: context.principal.tillId
      })
      yield* Cards.issueLinked({
        orgId: context.principal.orgId,
        cards: linkedCards(input.body.add ?? []),
        by: context.principal.tillId,
        now: context.now
      })
      return { createdId: Customer.CustomerId.make(result.customerId), warnings: result.warnings }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  {
    rejectInvalid: (input) => {
      const identifiers = [...records(fieldOf(input.body, "add")), ...records(fieldOf(input.body, "remove"))]
      return rejectWriteSource(input.query.source) ??
        (identifiers.some((identifier) => typeof identifier.type !== "string" || !isIdentifierType(identifier.type))
          ? reject(8013, "Invalid identifier")
          : identifierIssue(identifiers))
    }
  }
)

// ---------------------------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------------------------

/** Stores uploaded images of a customer; each gets a file handle made of the request id and its position. */
const storeImages = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  body: Customer.SetImageBody,
  context: { readonly requestId: string; readonly now: number; readonly principal: { readonly tillCode: string } }
) {
  const files: ReadonlyArray<typeof Customer.ImageUpload.Type> = "name" in body.FILE ? [body.FILE] : body.FILE
  const data = []
  for (const [index, file] of files.entries()) {
    const fileHandle = `${context.requestId}-${index}`
    yield* Store.addImage({
      orgId,
      customerId,
      image: {
        fileHandle,
        fileSize: file.content.byteLength,
        contentType: file.type,
        uploadedAt: context.now,
        uploadedBy: context.principal.tillCode
      }
    })
    data.push({
      code: 200,
      file: { fileHandle, fileSize: file.content.byteLength, name: file.name },
      message: "Success",
      status: true
    })
  }
  return { data, warnings: [], errors: [] }
})

/**
 * `customers.setImages`: stores the uploaded images of a customer of the caller's organisation (their size,
 * type and a file handle; the bytes are not kept).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const setImages = handle(
  CustomersApi.setImages,
  (input, context) =>
    Effect.gen(function*() {
      const { orgId } = context.principal
      yield* Store.active(orgId, input.path.id, Store.notFound)
      return yield* storeImages(orgId, input.path.id, input.body, context)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectRead }
)

/**
 * `customers.setImagesByIdentifier`: the same, for the customer holding the identifier in the source.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const setImagesByIdentifier = handle(
  CustomersApi.setImagesByIdentifier,
  (input, context) =>
    Effect.gen(function*() {
      const { orgId } = context.principal
      const id = yield* find(orgId, input.query)
      if (id === undefined) return yield* Store.notFound()
      return yield* storeImages(orgId, id, input.body, context)
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectLookup }
)

/**
 * `customers.deleteImages`: deletes the images of a customer of the caller's organisation at the positions (8078
 * when one has no image; nothing is deleted then).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const deleteImages = handle(
  CustomersApi.deleteImages,
  (input, context) =>
    Effect.gen(function*() {
      const { orgId } = context.principal
      yield* Store.active(orgId, input.path.id, Store.notFound)
      const deleted = yield* Store.deleteImages(orgId, input.path.id, input.query.image_ids)
      return {
        data: Array.from({ length: deleted }, () => ({ code: 200, message: "Success", status: true })),
        warnings: [],
        errors: []
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  {
    // A valid customer id with image positions that are missing or not positions.
    rejectInvalid: (input) =>
      /^[1-9]\d*$/.test(input.path.id ?? "") ? reject(8078, "No image passed to be deleted") : undefined
  }
)

// ---------------------------------------------------------------------------------------------------------------
// Seed
// ---------------------------------------------------------------------------------------------------------------

/**
 * The customer status labels of the demo seed, defined for every organisation of the database: `Active` (the
 * default) and `High Value` under ACTIVE, `Suspended` and `Suspicious` under SUSPENDED, `Deleted` under DELETED.
 * Does nothing without the status tables.
 *
 * @since 0.2.0
 * @category seeding
 */
export const seedDemo: Effect.Effect<void, never, SqlClient.SqlClient> = Effect.gen(function*() {
  if (!(yield* Store.statusModelled)) return
  const sql = yield* SqlClient.SqlClient
  const orgs = yield* sql<{ id: number }>`SELECT id FROM orgs ORDER BY id`
  const labels: ReadonlyArray<Store.StatusLabel> = [
    { label: "Active", status: "ACTIVE", isDefault: true },
    { label: "High Value", status: "ACTIVE", isDefault: false },
    { label: "Suspended", status: "SUSPENDED", isDefault: false },
    { label: "Suspicious", status: "SUSPENDED", isDefault: false },
    { label: "Deleted", status: "DELETED", isDefault: false }
  ]
  for (const org of orgs) {
    for (const label of labels) yield* Store.defineStatusLabel(org.id, label)
  }
}).pipe(Effect.orDie)

/**
 * The customers endpoints, their behaviours and their migrations, for `Emulator.catalog`.
 *
 * @since 0.1.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: CustomersApi.endpoints,
  behaviours: [
    add,
    get,
    getByIdentifier,
    lookup,
    update,
    updateByIdentifier,
    search,
    updateStatus,
    statusLog,
    changeIdentifier,
    setImages,
    setImagesByIdentifier,
    deleteImages
  ],
  migrations
}
