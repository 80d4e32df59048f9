/**
 * The customers store on the emulator database: registration with Capillary's identity rules, program
 * enrolments (`enrol`: points and tiers through the points ledger), reads of a customer by id or identifier,
 * profile updates, identifier changes with merges (and their history; a merge also moves the victim's wallets,
 * see `mergeCustomers`), search, the customer status with its organisation labels and log, and customer images.
 * The registration behaviour and the demo seed both write through `register`; other behaviours read through
 * `findByIdentifier`, `load` and `identifierChanges`; merge requests merge through `mergeCustomers`.
 */
import { Customer } from "@capillary-effect/customers"
import { Effect, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { type RawInput, reject, Rejection } from "../Behaviour.ts"
import { dayOf, isoSeconds } from "./dates.ts"
import * as Ledger from "./ledger.ts"

/** The tables (migration `0100_customers`). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    loyalty_type TEXT NOT NULL,
    extended_fields TEXT NOT NULL,
    status_label TEXT
  )`
  yield* sql`CREATE TABLE customer_profiles (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    account_id TEXT NOT NULL,
    first_name TEXT,
    last_name TEXT,
    fields TEXT NOT NULL,
    comm_channels TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (customer_id, source, account_id)
  )`
  // An identifier belongs to one customer per organisation, source and account: the index decides between
  // concurrent registrations of the same identifier.
  yield* sql`CREATE TABLE customer_identifiers (
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    account_id TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    series_id INTEGER,
    status_label TEXT,
    UNIQUE (org_id, source, account_id, type, value)
  )`
  yield* sql`CREATE INDEX customer_identifiers_by_value ON customer_identifiers (org_id, type, value)`
  yield* sql`CREATE INDEX customer_identifiers_by_customer ON customer_identifiers (customer_id)`
})

/**
 * The columns and tables of profile updates, identifier changes, merges, statuses and images (migration
 * `0110_customer_profile`). A card (`cardnumber`, and its external id) belongs to one customer in the whole
 * organisation: partial UNIQUE indexes decide between concurrent links.
 */
export const createProfileTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE customers ADD COLUMN merged_into INTEGER REFERENCES customers (id)`
  yield* sql`ALTER TABLE customer_profiles ADD COLUMN modified_at INTEGER`
  yield* sql`ALTER TABLE customer_profiles ADD COLUMN modified_by TEXT`
  yield* sql`ALTER TABLE customer_identifiers ADD COLUMN series_code TEXT`
  yield* sql`ALTER TABLE customer_identifiers ADD COLUMN card_external_id TEXT`
  yield* sql`ALTER TABLE customer_identifiers ADD COLUMN card_fields TEXT`
  yield* sql`CREATE UNIQUE INDEX customer_cards_by_number ON customer_identifiers (org_id, value)
    WHERE type = 'cardnumber'`
  yield* sql`CREATE UNIQUE INDEX customer_cards_by_external_id ON customer_identifiers (org_id, card_external_id)
    WHERE card_external_id IS NOT NULL`
  yield* sql`CREATE TABLE customer_identifier_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    change_type TEXT NOT NULL,
    source TEXT NOT NULL,
    account_id TEXT NOT NULL,
    added TEXT NOT NULL,
    removed TEXT NOT NULL,
    victim_id INTEGER,
    survivor_id INTEGER,
    changed_at INTEGER NOT NULL,
    changed_by TEXT NOT NULL
  )`
  yield* sql`CREATE INDEX customer_identifier_changes_by_customer ON customer_identifier_changes (org_id, customer_id)`
  yield* sql`CREATE TABLE customer_status_labels (
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    status TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    PRIMARY KEY (org_id, label)
  )`
  yield* sql`CREATE TABLE customer_status_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_on INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    changed_by_id INTEGER NOT NULL,
    changed_by TEXT NOT NULL
  )`
  yield* sql`CREATE INDEX customer_status_log_by_customer ON customer_status_log (org_id, customer_id)`
  yield* sql`CREATE TABLE customer_images (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    file_handle TEXT NOT NULL UNIQUE,
    file_size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    uploaded_at INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL
  )`
  yield* sql`CREATE INDEX customer_images_by_customer ON customer_images (org_id, customer_id)`
})

// ---------------------------------------------------------------------------------------------------------------
// Rejections, with Capillary's codes and messages
// ---------------------------------------------------------------------------------------------------------------

const isLookupSource = Schema.is(Customer.LookupSource)
const isIdentifierType = Schema.is(Customer.IdentifierType)

/**
 * A v2 read of a customer by identifier that Capillary refuses with its own code: no source 8001, no identifier
 * name or value 8002, an unknown source 8003, an identifier name it does not know 8013 (any identifier type unless
 * the endpoint takes fewer).
 */
export const rejectLookup = (
  input: RawInput,
  isName: (name: string) => boolean = isIdentifierType
): Rejection | undefined => {
  const { identifierName, identifierValue, source } = input.query
  if (source === undefined) return reject(8001, "Source is required for a lookup")
  if (identifierName === undefined || identifierValue === undefined) {
    return reject(8002, "Identifier name and value are required for a lookup")
  }
  if (typeof source === "string" && !isLookupSource(source)) return reject(8003, "Invalid source")
  return typeof identifierName === "string" && !isName(identifierName) ? reject(8013, "Invalid identifier") : undefined
}

/** 8015: no customer for the id or identifier. */
export const notFound = () => reject(8015, "Customer not found for the given identifiers")

const alreadyExists = (id: number) =>
  reject(8006, `add failed, customer already exists with id ${id} for the same source`)

/** 1016 email, 1032 mobile, 1033 external id (and any other identifier type). */
export const inUse = (type: string) =>
  type === "email"
    ? reject(1016, "Email is already used by another customer")
    : type === "mobile"
    ? reject(1032, "Mobile is already used by another customer")
    : reject(
      1033,
      type === "externalId"
        ? "External id is already used by another customer"
        : `${type} is already used by another customer`
    )

/** The warning of a registration attached to a customer found in another source. */
export const combining = { status: false, code: 8050, message: "Same Customer found in other sources,Combining" }

// ---------------------------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------------------------

interface Owner {
  readonly customer_id: number
  readonly source: string
  readonly account_id: string
}

/** An absent account and the empty account are the same account (INSTORE has none). */
const accountOf = (accountId: string | undefined) => accountId ?? ""

/**
 * Who holds an identifier in the organisation: in one source and account, or in any. A card's external id is
 * held by the customer whose card carries it.
 */
const owners = (
  orgId: number,
  identifier: { readonly type: string; readonly value: string },
  where?: { readonly source: string; readonly accountId: string }
) =>
  SqlClient.SqlClient.use((sql) =>
    sql<Owner>`SELECT customer_id, source, account_id FROM customer_identifiers
      WHERE ${
      sql.and([
        sql`org_id = ${orgId}`,
        identifier.type === "cardExternalId"
          ? sql`((type = 'cardExternalId' AND value = ${identifier.value}) OR card_external_id = ${identifier.value})`
          : sql`type = ${identifier.type} AND value = ${identifier.value}`,
        ...(where === undefined ? [] : [sql`source = ${where.source}`, sql`account_id = ${where.accountId}`])
      ])
    } ORDER BY rowid`
  )

const isUniqueViolation = (error: SqlError.SqlError) => error.reason._tag === "UniqueViolation"

/** An identifier with what a card carries besides its number. */
interface IdentifierInput {
  readonly type: string
  readonly value: string
  readonly seriesId?: number | undefined
  readonly statusLabel?: string | undefined
  readonly seriesCode?: string | undefined
  readonly cardExternalId?: string | undefined
  readonly extendedFields?: Customer.Fields | undefined
  readonly customFields?: Customer.Fields | undefined
}

const insertIdentifier = (
  orgId: number,
  customerId: number,
  source: string,
  account: string,
  identifier: IdentifierInput
) =>
  SqlClient.SqlClient.use((sql) => {
    const cardFields = identifier.extendedFields === undefined && identifier.customFields === undefined
      ? null
      : JSON.stringify({ extendedFields: identifier.extendedFields, customFields: identifier.customFields })
    return sql`INSERT INTO customer_identifiers
        (org_id, source, account_id, type, value, customer_id, series_id, status_label, series_code, card_external_id,
          card_fields)
      VALUES (${orgId}, ${source}, ${account}, ${identifier.type}, ${identifier.value}, ${customerId},
        ${identifier.seriesId ?? null}, ${identifier.statusLabel ?? null}, ${identifier.seriesCode ?? null},
        ${identifier.cardExternalId ?? null}, ${cardFields})`
  })

// ---------------------------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------------------------

/** What a registration did. */
export interface Registered {
  readonly customerId: number
  /** The profiles were attached to a customer found in another source. */
  readonly combined: boolean
}

/**
 * Registers a customer in an organisation, as Capillary does. The first identifier of a profile is the one
 * the customer is recognised by:
 * - known in the profile's own source and account: 8006, the customer already exists;
 * - known in another source (or account): the profiles are attached to that customer (warning 8050);
 * - otherwise a new customer.
 * Any other identifier held by another customer in the same source and account is refused (1016 email, 1032
 * mobile, 1033 otherwise). Runs in the caller's transaction; a UNIQUE violation (a concurrent registration of the
 * same identifier) is answered as 8006.
 */
export const register = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Customer.CustomerAdd
  readonly now: number
  /** Who registered it (till code). */
  readonly by: string
  /** A fixed id, for seeds; otherwise the next one. */
  readonly id?: number | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, request } = options
  const profiles = request.profiles.map((profile) => ({ ...profile, account: accountOf(profile.accountId) }))

  for (const profile of profiles) {
    const [same] = yield* owners(orgId, profile.identifiers[0], { source: profile.source, accountId: profile.account })
    if (same !== undefined) return yield* alreadyExists(same.customer_id)
  }
  let target: number | undefined
  for (const profile of profiles) {
    const [elsewhere] = yield* owners(orgId, profile.identifiers[0])
    if (elsewhere !== undefined) {
      target = elsewhere.customer_id
      break
    }
  }
  for (const profile of profiles) {
    if (target !== undefined) {
      const existing = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM customer_profiles
        WHERE customer_id = ${target} AND source = ${profile.source} AND account_id = ${profile.account}`
      if (existing[0]!.n > 0) {
        return yield* reject(8007, `Customer ${target} already has a profile in source ${profile.source}`)
      }
    }
    for (const identifier of profile.identifiers.slice(1)) {
      // A card is the organisation's: held by another customer in any source, it is in use.
      const holders = Customer.isCardType(identifier.type)
        ? yield* owners(orgId, identifier)
        : yield* owners(orgId, identifier, { source: profile.source, accountId: profile.account })
      if (holders.some((holder) => holder.customer_id !== target)) return yield* inUse(identifier.type)
    }
  }

  const customerId = target ?? (yield* sql<{ id: number }>`INSERT INTO customers
      (id, org_id, created_at, loyalty_type, extended_fields, status_label)
    VALUES (${options.id ?? null}, ${orgId}, ${now}, ${request.loyaltyInfo?.loyaltyType ?? "loyalty"},
      ${JSON.stringify(request.extendedFields ?? {})}, ${request.statusLabel ?? null})
    RETURNING id`)[0]!.id
  for (const profile of profiles) {
    yield* sql`INSERT INTO customer_profiles
        (customer_id, source, account_id, first_name, last_name, fields, comm_channels, created_at, created_by,
          modified_at, modified_by)
      VALUES (${customerId}, ${profile.source}, ${profile.account}, ${profile.firstName ?? null},
        ${profile.lastName ?? null}, ${JSON.stringify(profile.fields ?? {})}, ${
      JSON.stringify(profile.commChannels ?? [])
    },
        ${now}, ${options.by}, ${now}, ${options.by})`
    for (const identifier of profile.identifiers) {
      yield* insertIdentifier(orgId, customerId, profile.source, profile.account, identifier).pipe(
        Effect.catchIf(isUniqueViolation, () =>
          Effect.flatMap(
            owners(orgId, identifier, { source: profile.source, accountId: profile.account }),
            ([holder]) => Effect.fail(alreadyExists(holder?.customer_id ?? customerId))
          ))
      )
    }
  }
  return { customerId, combined: target !== undefined } satisfies Registered
})

// ---------------------------------------------------------------------------------------------------------------
// Program enrolments
// ---------------------------------------------------------------------------------------------------------------

/** 1101: the program is not the organisation's. */
export const invalidProgram = () => reject(1101, "Invalid programId")

/** 8089: a non-loyalty customer is in no loyalty program. */
export const notLoyalty = () =>
  reject(8089, "Customer is not in the loyalty program: a non-loyalty customer cannot be enrolled")

/** What `enrol` did. */
export interface Enrolled {
  /** The programs the customer was enrolled in, in the order of the request (then the others, `allPrograms`). */
  readonly programs: ReadonlyArray<number>
  /** Programs of the request where the customer already was enrolled: left as they were. */
  readonly skipped: ReadonlyArray<number>
  /** The points the enrolments awarded, in thousandths. */
  readonly awardedMilli: number
}

const nothingEnrolled: Enrolled = { programs: [], skipped: [], awardedMilli: 0 }

/**
 * Enrols a customer in loyalty programs, as a registration or an update asks (`loyaltyProgramEnrollments`):
 * - the request is checked first, and nothing is written when any of it is refused: every program must be the
 *   organisation's (1101), every `tierNumber` one of its program's tiers (400), every `pointsExpiryDate` and
 *   `tierExpiryDate` later than now (400); a non-loyalty customer cannot be enrolled (8089);
 * - a program where the customer is already enrolled (a wallet of theirs is open there: an earlier enrolment,
 *   or points) is left as it is: neither points nor tier are applied again (Capillary: the enrolment of a
 *   customer already enrolled cannot be updated), so the same request twice enrols once;
 * - otherwise the customer's wallet in the program opens (its INITIAL tier is logged), `loyaltyPoints` are
 *   awarded to it through the ledger (one `eventName` event; a `customer_promotions` lot that expires at the end of
 *   the `pointsExpiryDate` day, UTC, or by the program's rule), and `tierNumber` becomes the wallet's tier floor
 *   until `tierExpiryDate` (for good without one), logged as the tier change it makes;
 * - `allPrograms` (`mlp_single_enroll`) also enrols a loyalty customer in every other customer program of the
 *   organisation (not its group programs), with no points or tier.
 * Settles the ledger first. Runs in the caller's transaction.
 */
export const enrol = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  /** The customer's loyalty type once the request is applied. */
  readonly loyaltyType: string
  readonly enrolments: ReadonlyArray<Customer.ProgramEnrollment>
  readonly allPrograms: boolean
  /** The ledger event of the points (`CustomerRegistration`, `CustomerUpdate`). */
  readonly eventName: string
  readonly now: number
  readonly tillId?: number | undefined
}) {
  const { enrolments, now, orgId } = options
  if (enrolments.length === 0 && !options.allPrograms) return nothingEnrolled
  if (options.loyaltyType !== "loyalty") return enrolments.length > 0 ? yield* notLoyalty() : nothingEnrolled
  const programs = yield* Ledger.programs(orgId)
  for (const enrolment of enrolments) {
    if (!programs.some((program) => program.id === enrolment.programId)) return yield* invalidProgram()
    if (enrolment.tierNumber !== undefined) {
      const tiers = yield* Ledger.tiersOf(enrolment.programId)
      if (!tiers.some((tier) => tier.serial === enrolment.tierNumber)) {
        return yield* reject(
          400,
          `Invalid tierNumber ${enrolment.tierNumber}: program ${enrolment.programId} has no tier with that number`
        )
      }
    }
    for (
      const [name, value] of [["pointsExpiryDate", enrolment.pointsExpiryDate], [
        "tierExpiryDate",
        enrolment.tierExpiryDate
      ]] as const
    ) {
      if (value !== undefined && !(Date.parse(value) > now)) {
        return yield* reject(400, `Invalid ${name} ${value}: it must be later than now`)
      }
    }
  }
  yield* Ledger.settle(orgId, now)
  const owner: Ledger.Owner = { orgId, type: "CUSTOMER", id: options.customerId }
  const enrolled: Array<number> = []
  const skipped: Array<number> = []
  let awardedMilli = 0
  for (const enrolment of enrolments) {
    const { programId } = enrolment
    if (!(yield* Ledger.enrol(owner, programId, now))) {
      skipped.push(programId)
      continue
    }
    enrolled.push(programId)
    const milli = Ledger.toMilli(enrolment.loyaltyPoints ?? 0)
    const eventId = milli <= 0 ? undefined : yield* Ledger.award(owner, programId, Ledger.fromMilli(milli), {
      now,
      eventName: options.eventName,
      notes: `Enrolment in program ${programId}`,
      tillId: options.tillId,
      expiresOn: enrolment.pointsExpiryDate === undefined
        ? undefined
        : dayOf(Date.parse(enrolment.pointsExpiryDate))
    })
    awardedMilli += Math.max(milli, 0)
    if (enrolment.tierNumber !== undefined) {
      yield* Ledger.setTierFloor(owner, programId, {
        serial: enrolment.tierNumber,
        until: enrolment.tierExpiryDate === undefined ? undefined : Date.parse(enrolment.tierExpiryDate)
      }, { now, eventId })
    }
  }
  if (options.allPrograms) {
    for (const program of programs) {
      if (program.is_group === 0 && (yield* Ledger.enrol(owner, program.id, now))) enrolled.push(program.id)
    }
  }
  return { programs: enrolled, skipped, awardedMilli } satisfies Enrolled
})

// ---------------------------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------------------------

/** Which profiles a read returns: one source or `ALL`, and one account when given (empty means any). */
export interface ProfileFilter {
  readonly source: Customer.LookupSource
  readonly accountId?: string | undefined
}

const sourceMatches = (filter: ProfileFilter, row: { readonly source: string; readonly account_id: string }) =>
  (filter.source === "ALL" || row.source === filter.source) &&
  (filter.accountId === undefined || filter.accountId === "" || row.account_id === filter.accountId)

/**
 * The customer holding an identifier in the source (or any, for `ALL`), if any. Every identifier type is
 * searched as stored; `cardExternalId` also finds the customer whose card carries that external id.
 */
export const findByIdentifier = (
  orgId: number,
  identifier: { readonly type: string; readonly value: string },
  filter: ProfileFilter
) =>
  Effect.map(
    owners(orgId, identifier),
    (rows) => rows.filter((row) => sourceMatches(filter, row)).map((row) => row.customer_id).sort((a, b) => a - b)[0]
  )

/**
 * The profile holding an identifier in one source (within one account when given): its customer and account.
 */
export const findProfile = (
  orgId: number,
  identifier: { readonly type: string; readonly value: string },
  source: Customer.Source,
  accountId: string | undefined
) =>
  Effect.map(owners(orgId, identifier), (rows) => {
    const [row] = rows
      .filter((candidate) =>
        candidate.source === source && (accountId === undefined || candidate.account_id === accountId)
      )
      .sort((a, b) => a.customer_id - b.customer_id)
    return row === undefined ? undefined : { customerId: row.customer_id, accountId: row.account_id }
  })

const decodeFields = Schema.decodeUnknownSync(Schema.fromJsonString(Customer.Fields))
const decodeChannels = Schema.decodeUnknownSync(Schema.fromJsonString(Schema.Array(Customer.CommChannel)))
const decodeCardFields = Schema.decodeUnknownSync(Schema.fromJsonString(Schema.Struct({
  extendedFields: Schema.optional(Customer.Fields),
  customFields: Schema.optional(Customer.Fields)
})))
const decodeIdentifierType = Schema.decodeUnknownSync(Customer.IdentifierType)
const decodeSource = Schema.decodeUnknownSync(Customer.Source)

interface IdentifierRow {
  readonly source: string
  readonly account_id: string
  readonly type: string
  readonly value: string
  readonly series_id: number | null
  readonly status_label: string | null
  readonly series_code: string | null
  readonly card_external_id: string | null
  readonly card_fields: string | null
}

const identifierOf = (row: IdentifierRow) => ({
  type: decodeIdentifierType(row.type),
  value: row.value,
  ...(row.series_id === null ? {} : { seriesId: row.series_id }),
  ...(row.status_label === null ? {} : { statusLabel: row.status_label }),
  ...(row.series_code === null ? {} : { seriesCode: row.series_code }),
  ...(row.card_external_id === null ? {} : { cardExternalId: row.card_external_id }),
  ...(row.card_fields === null ? {} : decodeCardFields(row.card_fields))
})

const identifierRows = (where: { readonly customerId: number; readonly source?: string; readonly account?: string }) =>
  SqlClient.SqlClient.use((sql) =>
    sql<IdentifierRow>`SELECT source, account_id, type, value, series_id, status_label, series_code, card_external_id,
        card_fields
      FROM customer_identifiers WHERE ${
      sql.and([
        sql`customer_id = ${where.customerId}`,
        ...(where.source === undefined ? [] : [sql`source = ${where.source}`]),
        ...(where.account === undefined ? [] : [sql`account_id = ${where.account}`])
      ])
    } ORDER BY rowid`
  )

/** ISO-8601 in UTC, as the emulator answers dates. */
const iso = (at: number) => new Date(at).toISOString()

/**
 * A customer of the organisation with the profiles the filter selects; undefined when there is no such
 * customer, or no profile of it matches (not found in that source). A customer merged into another has no
 * profiles left, so it is not found (see `mergedInto`).
 */
export const load = Effect.fnUntraced(function*(orgId: number, id: number, filter: ProfileFilter) {
  const sql = yield* SqlClient.SqlClient
  const [customer] = yield* sql<{
    id: number
    loyalty_type: string
    extended_fields: string
  }>`SELECT id, loyalty_type, extended_fields FROM customers WHERE id = ${id} AND org_id = ${orgId}`
  if (customer === undefined) return undefined
  const profiles = (yield* sql<{
    source: string
    account_id: string
    first_name: string | null
    last_name: string | null
    fields: string
    comm_channels: string
    created_at: number
    created_by: string
    modified_at: number | null
    modified_by: string | null
  }>`SELECT source, account_id, first_name, last_name, fields, comm_channels, created_at, created_by, modified_at,
      modified_by
    FROM customer_profiles WHERE customer_id = ${id} ORDER BY rowid`).filter((row) => sourceMatches(filter, row))
  if (profiles.length === 0) return undefined
  const identifiers = yield* identifierRows({ customerId: id })
  const userId = Customer.CustomerId.make(customer.id)
  const till = (code: string) => ({ code, name: code, type: "TILL" })
  return new Customer.Customer({
    id: userId,
    profiles: profiles.map((profile) => ({
      source: decodeSource(profile.source),
      accountId: profile.account_id,
      userId,
      ...(profile.first_name === null ? {} : { firstName: profile.first_name }),
      ...(profile.last_name === null ? {} : { lastName: profile.last_name }),
      identifiers: identifiers
        .filter((row) => row.source === profile.source && row.account_id === profile.account_id)
        .map(identifierOf),
      commChannels: decodeChannels(profile.comm_channels),
      fields: decodeFields(profile.fields),
      attribution: {
        createDate: iso(profile.created_at),
        createdBy: till(profile.created_by),
        modifiedDate: iso(profile.modified_at ?? profile.created_at),
        modifiedBy: till(profile.modified_by ?? profile.created_by)
      }
    })),
    loyaltyInfo: {
      loyaltyType: customer.loyalty_type === "non_loyalty" ? "non_loyalty" : "loyalty",
      lifetimePurchases: 0
    },
    segments: {},
    extendedFields: decodeFields(customer.extended_fields),
    warnings: []
  })
})

/** Whether the database has the customers tables (their migration is part of the emulator's catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'customers'`,
    (rows) => rows[0]!.n > 0
  )
)

// ---------------------------------------------------------------------------------------------------------------
// Customers that writes act on
// ---------------------------------------------------------------------------------------------------------------

/** 8009: an update or identifier change names a customer id the organisation does not have. */
export const unknownCustomerId = () => reject(8009, "Unable to identify the customer, customer id is invalid")

/** 8069: the customer was merged into another one, which answers for it now. */
export const merged = (survivor: number) =>
  reject(8069, `Customer is merged into another account (user id ${survivor})`)

interface CustomerRow {
  readonly id: number
  readonly loyalty_type: string
  readonly extended_fields: string
  readonly status_label: string | null
  readonly merged_into: number | null
}

const customerRow = (orgId: number, id: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<CustomerRow>`SELECT id, loyalty_type, extended_fields, status_label, merged_into FROM customers
        WHERE id = ${id} AND org_id = ${orgId}`,
      ([row]) => row
    )
  )

/** The customer a merged customer now lives on, if it was merged. */
export const mergedInto = (orgId: number, id: number) =>
  Effect.map(customerRow(orgId, id), (row) => row?.merged_into ?? undefined)

/**
 * A customer of the organisation that still stands on its own: `missing` when there is none, 8069 when it was
 * merged into another.
 */
export const active = Effect.fnUntraced(function*(orgId: number, id: number, missing: () => Rejection) {
  const row = yield* customerRow(orgId, id)
  if (row === undefined) return yield* missing()
  if (row.merged_into !== null) return yield* merged(row.merged_into)
  return row
})

/**
 * The account of the customer's profile in a source: the one given (8065 when the customer has no profile
 * there), or the source's only account, `""` (8045 when the customer is only known under named accounts of the
 * source, which then must be given).
 */
const profileAccount = Effect.fnUntraced(function*(customerId: number, source: string, accountId: string | undefined) {
  const sql = yield* SqlClient.SqlClient
  const accounts = (yield* sql<{ account_id: string }>`SELECT account_id FROM customer_profiles
    WHERE customer_id = ${customerId} AND source = ${source}`).map((row) => row.account_id)
  const wanted = accountId ?? ""
  if (accounts.includes(wanted)) return wanted
  if (accountId === undefined && accounts.length > 0) {
    return yield* reject(8045, `Account id is not passed for source ${source}`)
  }
  return yield* reject(8065, "No customer found in the given source with the given identifier")
})

// ---------------------------------------------------------------------------------------------------------------
// Identifier changes (history)
// ---------------------------------------------------------------------------------------------------------------

const identifierKey = (identifier: { readonly type: string; readonly value: string }) =>
  `${identifier.type}\u0000${identifier.value}`

/** The kind of change an identifier type makes, as Capillary's change requests name it. */
const changeTypeOf = (type: string) =>
  type === "mobile"
    ? "MOBILE"
    : type === "email"
    ? "EMAIL"
    : type === "externalId"
    ? "EXTERNAL_ID"
    : Customer.isCardType(type)
    ? "CARD"
    : type.toUpperCase()

/** One applied change of a customer's identifiers, as `identifierChanges` reads it back. */
export interface IdentifierChange {
  /** Increases with every change recorded in the emulator. */
  readonly id: number
  readonly customerId: number
  /** `MOBILE`, `EMAIL`, `EXTERNAL_ID`, `CARD`, `MERGE`, or another identifier type in capitals (`WECHAT`). */
  readonly changeType: string
  readonly source: Customer.Source
  readonly accountId: string
  readonly add: ReadonlyArray<{ readonly type: Customer.IdentifierType; readonly value: string }>
  readonly remove: ReadonlyArray<{ readonly type: Customer.IdentifierType; readonly value: string }>
  /** For `MERGE`: the customer merged away and the one it was merged into. */
  readonly merge: { readonly victimId: number; readonly survivorId: number } | undefined
  /** Emulator time of the change, epoch milliseconds. */
  readonly at: number
  /** The till that made it. */
  readonly by: string
}

const decodePairs = Schema.decodeUnknownSync(
  Schema.fromJsonString(Schema.Array(Schema.Struct({ type: Customer.IdentifierType, value: Schema.String })))
)

/**
 * Every applied change of a customer's identifiers, oldest first: additions and removals of `changeIdentifier`
 * and identifiers added by profile updates, one record per request and kind of identifier, and merges (recorded
 * on both customers). The read behind `GET /v2/customers/{id}/changeRequest`.
 */
export const identifierChanges = (orgId: number, customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{
        id: number
        customer_id: number
        change_type: string
        source: string
        account_id: string
        added: string
        removed: string
        victim_id: number | null
        survivor_id: number | null
        changed_at: number
        changed_by: string
      }>`SELECT id, customer_id, change_type, source, account_id, added, removed, victim_id, survivor_id, changed_at,
          changed_by
        FROM customer_identifier_changes WHERE org_id = ${orgId} AND customer_id = ${customerId} ORDER BY id`,
      (rows): ReadonlyArray<IdentifierChange> =>
        rows.map((row) => ({
          id: row.id,
          customerId: row.customer_id,
          changeType: row.change_type,
          source: decodeSource(row.source),
          accountId: row.account_id,
          add: decodePairs(row.added),
          remove: decodePairs(row.removed),
          merge: row.victim_id === null || row.survivor_id === null
            ? undefined
            : { victimId: row.victim_id, survivorId: row.survivor_id },
          at: row.changed_at,
          by: row.changed_by
        }))
    )
  )

type Pair = { readonly type: string; readonly value: string }

/** Records one request's additions and removals, one record per kind of identifier. */
const recordChanges = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly source: string
  readonly account: string
  readonly added: ReadonlyArray<Pair>
  readonly removed: ReadonlyArray<Pair>
  readonly now: number
  readonly by: string
}) {
  const sql = yield* SqlClient.SqlClient
  const kinds = [...new Set([...options.removed, ...options.added].map((pair) => changeTypeOf(pair.type)))]
  const pairs = (list: ReadonlyArray<Pair>, kind: string) =>
    JSON.stringify(list.filter((pair) => changeTypeOf(pair.type) === kind).map(({ type, value }) => ({ type, value })))
  for (const kind of kinds) {
    yield* sql`INSERT INTO customer_identifier_changes
        (org_id, customer_id, change_type, source, account_id, added, removed, changed_at, changed_by)
      VALUES (${options.orgId}, ${options.customerId}, ${kind}, ${options.source}, ${options.account},
        ${pairs(options.added, kind)}, ${pairs(options.removed, kind)}, ${options.now}, ${options.by})`
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------------------------

/** Identifier types a profile holds one value of: another value is a change, made by `changeIdentifier`. */
const singleValued = new Set(["mobile", "email", "externalId"])

const mergeChannels = (
  current: ReadonlyArray<Customer.CommChannel>,
  given: ReadonlyArray<Customer.CommChannel>
): ReadonlyArray<Customer.CommChannel> => {
  const byKey = new Map(current.map((channel) => [identifierKey(channel), channel]))
  for (const channel of given) byKey.set(identifierKey(channel), { ...byKey.get(identifierKey(channel)), ...channel })
  return [...byKey.values()]
}

/** What an update did. */
export interface Updated {
  readonly customerId: number
  readonly warnings: ReadonlyArray<{ readonly status: boolean; readonly code: number; readonly message: string }>
  /** What the update's program enrolments did. */
  readonly enrolled: Enrolled
}

/**
 * Updates a customer's profile in one source and account, as Capillary does:
 * - names are replaced; custom fields, extended fields and communication channels (by type and value) are merged
 *   in, so the same update again changes nothing;
 * - `loyaltyType`: `non_loyalty` becomes `loyalty`; the reverse is 1046;
 * - identifiers the profile has are kept as they are; a new one is added, unless another customer holds it (8007),
 *   or the profile already has another mobile, email or external id (not changed: warning 91006, use
 *   `changeIdentifier`);
 * - program enrolments (`loyaltyProgramEnrollments`) enrol the customer as `enrol` does (ledger event
 *   `CustomerUpdate`): a program where the customer is already enrolled is left as it is, so the same update
 *   again awards nothing more; a customer who stays non-loyalty cannot be enrolled (8089).
 * `missing` answers an unknown customer (8009 by id, 8015 by identifier); a merged one is 8069. Runs in the
 * caller's transaction.
 */
export const update = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly source: Customer.Source
  readonly accountId: string | undefined
  readonly changes: Customer.CustomerUpdate
  readonly missing: () => Rejection
  readonly now: number
  readonly by: string
  /** The till's id, recorded with the points of enrolments. */
  readonly tillId?: number | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { changes, customerId, now, orgId, source } = options
  const customer = yield* active(orgId, customerId, options.missing)
  const account = yield* profileAccount(customerId, source, options.accountId)
  const [profile] = changes.profiles ?? []
  if (
    (profile?.source !== undefined && profile.source !== source) ||
    (profile?.accountId !== undefined && profile.accountId !== account)
  ) {
    return yield* reject(400, "The profile's source and account must be those of the request")
  }
  if (changes.loyaltyInfo?.loyaltyType === "non_loyalty" && customer.loyalty_type === "loyalty") {
    return yield* reject(1046, "Conversion of loyalty customer to non-loyalty is not allowed")
  }

  const warnings: Array<Updated["warnings"][number]> = []
  const held = yield* identifierRows({ customerId, source, account })
  const heldKeys = new Set(held.map(identifierKey))
  const added: Array<Pair> = []
  for (const identifier of profile?.identifiers ?? []) {
    if (heldKeys.has(identifierKey(identifier))) continue
    const holders = yield* owners(orgId, identifier)
    if (holders.some((holder) => holder.customer_id !== customerId)) {
      return yield* reject(8007, "Unable to update, the identifier is already registered for another customer")
    }
    if (singleValued.has(identifier.type) && held.some((row) => row.type === identifier.type)) {
      warnings.push({ status: false, code: 91006, message: `${identifier.type} update is not allowed` })
      continue
    }
    yield* insertIdentifier(orgId, customerId, source, account, identifier).pipe(
      Effect.catchIf(isUniqueViolation, () =>
        Effect.fail(
          reject(8007, "Unable to update, the identifier is already registered for another customer")
        ))
    )
    added.push(identifier)
  }

  const [row] = yield* sql<{ fields: string; comm_channels: string }>`SELECT fields, comm_channels
    FROM customer_profiles WHERE customer_id = ${customerId} AND source = ${source} AND account_id = ${account}`
  const fields = { ...decodeFields(row!.fields), ...profile?.fields }
  const channels = mergeChannels(decodeChannels(row!.comm_channels), profile?.commChannels ?? [])
  // Names not given stay as they are.
  yield* sql`UPDATE customer_profiles SET
      first_name = COALESCE(${profile?.firstName ?? null}, first_name),
      last_name = COALESCE(${profile?.lastName ?? null}, last_name),
      fields = ${JSON.stringify(fields)},
      comm_channels = ${JSON.stringify(channels)},
      modified_at = ${now},
      modified_by = ${options.by}
    WHERE customer_id = ${customerId} AND source = ${source} AND account_id = ${account}`
  const extendedFields = { ...decodeFields(customer.extended_fields), ...changes.extendedFields }
  const loyaltyType = changes.loyaltyInfo?.loyaltyType === "loyalty" ? "loyalty" : customer.loyalty_type
  yield* sql`UPDATE customers SET extended_fields = ${JSON.stringify(extendedFields)}, loyalty_type = ${loyaltyType}
    WHERE id = ${customerId}`
  if (added.length > 0) {
    yield* recordChanges({ orgId, customerId, source, account, added, removed: [], now, by: options.by })
  }
  const enrolled = yield* enrol({
    orgId,
    customerId,
    loyaltyType,
    enrolments: changes.loyaltyProgramEnrollments ?? [],
    allPrograms: false,
    eventName: "CustomerUpdate",
    now,
    tillId: options.tillId
  })
  return { customerId, warnings, enrolled } satisfies Updated
})

// ---------------------------------------------------------------------------------------------------------------
// Identifier change and merge
// ---------------------------------------------------------------------------------------------------------------

/** 8066: the victim has a profile in a source and account where the survivor has one too. */
const mergeable = Effect.fnUntraced(function*(victimId: number, survivorId: number) {
  const sql = yield* SqlClient.SqlClient
  const [clash] = yield* sql<{ source: string }>`SELECT victim.source FROM customer_profiles victim
    JOIN customer_profiles survivor ON survivor.customer_id = ${survivorId} AND survivor.source = victim.source
      AND survivor.account_id = victim.account_id
    WHERE victim.customer_id = ${victimId}`
  if (clash !== undefined) {
    return yield* reject(8066, `Unable to combine, user id already used in same source (${clash.source})`)
  }
})

/** What a merge did: the points it moved, per program (thousandths, redeemable and promised). */
export interface Merged {
  readonly moved: ReadonlyArray<{ readonly programId: number; readonly milli: number }>
}

/**
 * Merges a customer (the victim) into another (the survivor), as Capillary does:
 * - both must stand on their own (`missing`, 8015 unless told, for an unknown one; 8069 for a merged one), and be
 *   two customers (8053 for one merged into itself);
 * - the survivor must have no profile in a source and account where the victim has one (8066);
 * - the victim's profiles and identifiers move to the survivor, and the victim answers 8069 from then on;
 * - the victim's loyalty moves too (`Ledger.moveWallets`, after the ledger is settled at `now`): the survivor is
 *   enrolled where the victim was; every lot of the victim's MAIN and PROMISED wallets moves to the survivor's
 *   wallet of the same program and bucket with its expiry date, points type and unlock date (promised points stay
 *   promised until their day), one `CustomerMerge` event per program whose entries sum to zero, with a transfer
 *   record whose notes name the merge; the survivor keeps the higher tier floor;
 * - the merge is recorded on both customers (`identifierChanges`, `MERGE`) under the profile it came through
 *   (`via`), or else the victim's first profile.
 * Runs in the caller's transaction.
 */
export const mergeCustomers = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly victimId: number
  readonly survivorId: number
  readonly now: number
  /** The till's code, recorded with the merge. */
  readonly by: string
  /** The till's id, recorded with the points moved. */
  readonly tillId?: number | undefined
  /** The source and account of the identifier change that merged them. */
  readonly via?: { readonly source: string; readonly account: string } | undefined
  /** The rejection of an unknown customer (8015 unless told). */
  readonly missing?: (() => Rejection) | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { now, orgId, survivorId, victimId } = options
  const missing = options.missing ?? notFound
  if (victimId === survivorId) return yield* reject(8053, "A customer cannot be merged into itself")
  yield* active(orgId, victimId, missing)
  yield* active(orgId, survivorId, missing)
  yield* mergeable(victimId, survivorId)
  const [first] = yield* sql<{ source: string; account_id: string }>`SELECT source, account_id
    FROM customer_profiles WHERE customer_id = ${victimId} ORDER BY rowid LIMIT 1`
  // A customer always keeps a profile; one without any is not found, as reads answer it.
  if (first === undefined) return yield* missing()
  const via = options.via ?? { source: first.source, account: first.account_id }

  yield* sql`UPDATE customer_profiles SET customer_id = ${survivorId} WHERE customer_id = ${victimId}`
  yield* sql`UPDATE customer_identifiers SET customer_id = ${survivorId} WHERE customer_id = ${victimId}`
  yield* sql`UPDATE customers SET merged_into = ${survivorId} WHERE id = ${victimId}`
  for (const recordedOn of [victimId, survivorId]) {
    yield* sql`INSERT INTO customer_identifier_changes
        (org_id, customer_id, change_type, source, account_id, added, removed, victim_id, survivor_id, changed_at,
          changed_by)
      VALUES (${orgId}, ${recordedOn}, 'MERGE', ${via.source}, ${via.account}, '[]', '[]', ${victimId}, ${survivorId},
        ${now}, ${options.by})`
  }

  if (!(yield* Ledger.modelled)) return { moved: [] } satisfies Merged
  const wallets = yield* Ledger.moveWallets({
    from: { orgId, type: "CUSTOMER", id: victimId },
    to: { orgId, type: "CUSTOMER", id: survivorId },
    notes: `Merge of customer ${victimId} into customer ${survivorId}`,
    transferredBy: victimId,
    tillId: options.tillId,
    now
  })
  return {
    moved: wallets
      .filter((wallet) => wallet.main + wallet.promised > 0)
      .map((wallet) => ({ programId: wallet.programId, milli: wallet.main + wallet.promised }))
  } satisfies Merged
})

/** What an identifier change did. */
export interface IdentifiersChanged {
  /** The customer that holds the profile now: the survivor when the change merged the customer into another. */
  readonly customerId: number
  readonly warnings: ReadonlyArray<{ readonly status: boolean; readonly code: number; readonly message: string }>
}

/**
 * Removes and then adds identifiers of a customer's profile in one source and account, as Capillary does:
 * - a removed identifier must be the profile's (8013), and the profile keeps at least one identifier (8005);
 * - an added identifier the profile already has is 8008; held by another customer in the same source and
 *   account it is in use (1016 email, 1032 mobile, 1033 otherwise);
 * - a card (`cardnumber`, `cardExternalId`) is the organisation's: held by another customer anywhere it is in
 *   use, held by this customer in another profile it is 8008;
 * - any other identifier held by one other customer in another source merges this customer (the victim) into
 *   that one (the survivor): its profiles move to the survivor, unless the survivor has a profile in the same
 *   source and account (8066), and the victim answers 8069 from then on (warning 8051). Held by several other
 *   customers it is 8053.
 * The identifiers' UNIQUE indexes decide between concurrent changes: a violation is answered as in use. Every
 * applied change is recorded (`identifierChanges`). Runs in the caller's transaction.
 */
export const changeIdentifiers = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly source: Customer.Source
  readonly accountId: string | undefined
  readonly change: Customer.IdentifierChange
  readonly now: number
  /** The till's code, recorded with the change. */
  readonly by: string
  /** The till's id, recorded with the points a merge moves. */
  readonly tillId?: number | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, now, orgId, source } = options
  yield* active(orgId, customerId, unknownCustomerId)
  const account = yield* profileAccount(customerId, source, options.accountId)
  const add = options.change.add ?? []
  const remove = options.change.remove ?? []
  const held = yield* identifierRows({ customerId, source, account })
  const heldKeys = new Set(held.map(identifierKey))

  for (const identifier of remove) {
    if (!heldKeys.has(identifierKey(identifier))) {
      return yield* reject(8013, `Invalid identifier: the customer has no such ${identifier.type} in this source`)
    }
  }
  const removedKeys = new Set(remove.map(identifierKey))
  if (held.filter((row) => !removedKeys.has(identifierKey(row))).length + add.length === 0) {
    return yield* reject(8005, "No valid identifier would be left for the customer in this source")
  }

  let survivor: number | undefined
  for (const identifier of add) {
    if (heldKeys.has(identifierKey(identifier))) {
      return yield* reject(8008, "The new identifier already exists in the same source")
    }
    const holders = yield* owners(orgId, identifier)
    const others = holders.filter((holder) => holder.customer_id !== customerId)
    if (others.some((holder) => holder.source === source && holder.account_id === account)) {
      return yield* inUse(identifier.type)
    }
    if (Customer.isCardType(identifier.type)) {
      if (others.length > 0) return yield* inUse(identifier.type)
      if (holders.length > 0) return yield* reject(8008, "The card is already linked to the customer")
      continue
    }
    const elsewhere = [...new Set(others.map((holder) => holder.customer_id))]
    if (elsewhere.length > 1 || (elsewhere.length === 1 && survivor !== undefined && survivor !== elsewhere[0])) {
      return yield* reject(
        8053,
        "Each identifier is registered with a different customer in other source, unable to merge accounts"
      )
    }
    survivor = elsewhere[0] ?? survivor
  }
  if (survivor !== undefined) yield* mergeable(customerId, survivor)

  for (const identifier of remove) {
    yield* sql`DELETE FROM customer_identifiers WHERE customer_id = ${customerId} AND source = ${source}
      AND account_id = ${account} AND type = ${identifier.type} AND value = ${identifier.value}`
  }
  for (const identifier of add) {
    yield* insertIdentifier(orgId, customerId, source, account, identifier).pipe(
      Effect.catchIf(isUniqueViolation, () => Effect.fail(inUse(identifier.type)))
    )
  }
  yield* sql`UPDATE customer_profiles SET modified_at = ${now}, modified_by = ${options.by}
    WHERE customer_id = ${customerId} AND source = ${source} AND account_id = ${account}`

  const owner = survivor ?? customerId
  if (survivor !== undefined) {
    yield* mergeCustomers({
      orgId,
      victimId: customerId,
      survivorId: survivor,
      now,
      by: options.by,
      tillId: options.tillId,
      via: { source, account }
    })
  }
  yield* recordChanges({ orgId, customerId: owner, source, account, added: add, removed: remove, now, by: options.by })
  return {
    customerId: owner,
    warnings: survivor === undefined ? [] : [{
      status: false,
      code: 8051,
      message: `Same identifier found in other source, merging into the account with user id ${survivor}`
    }]
  } satisfies IdentifiersChanged
})

// ---------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------

/** A `LIKE` pattern for values starting with the keyword (its `%`, `_` and `\` taken literally). */
const startsWith = (keyword: string) => `${keyword.replace(/[\\%_]/g, (char) => `\\${char}`)}%`

/**
 * The organisation's customers whose first name, last name or an identifier value (a card's external id
 * included) starts with the keyword, ignoring case, in every source: one page in id order, the total, and for each
 * customer what matched and its profiles.
 */
export const search = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly keyword: string
  readonly limit: number
  readonly offset: number
}) {
  const sql = yield* SqlClient.SqlClient
  const pattern = startsWith(options.keyword)
  const matching = sql`c.org_id = ${options.orgId} AND c.merged_into IS NULL AND (
    EXISTS (SELECT 1 FROM customer_profiles p WHERE p.customer_id = c.id
      AND (p.first_name LIKE ${pattern} ESCAPE '\\' OR p.last_name LIKE ${pattern} ESCAPE '\\'))
    OR EXISTS (SELECT 1 FROM customer_identifiers i WHERE i.customer_id = c.id
      AND (i.value LIKE ${pattern} ESCAPE '\\' OR i.card_external_id LIKE ${pattern} ESCAPE '\\')))`
  const [{ total }] = (yield* sql<{ total: number }>`SELECT COUNT(*) AS total FROM customers c WHERE ${matching}`) as [
    { total: number }
  ]
  const ids = yield* sql<{ id: number }>`SELECT c.id FROM customers c WHERE ${matching}
    ORDER BY c.id LIMIT ${options.limit} OFFSET ${options.offset}`
  const prefix = options.keyword.toLowerCase()
  const starts = (value: string | null) => value !== null && value.toLowerCase().startsWith(prefix)
  const results: Array<Customer.SearchResult> = []
  for (const { id } of ids) {
    const profiles = yield* sql<{
      source: string
      account_id: string
      first_name: string | null
      last_name: string | null
    }>`SELECT source, account_id, first_name, last_name FROM customer_profiles WHERE customer_id = ${id}
      ORDER BY rowid`
    const identifiers = yield* identifierRows({ customerId: id })
    const matchedIdentifiers: Array<Customer.SearchResult["matchedIdentifiers"][number]> = []
    for (const profile of profiles) {
      const where = { source: decodeSource(profile.source), accountId: profile.account_id }
      if (starts(profile.first_name)) {
        matchedIdentifiers.push({ idType: "firstName", idValue: profile.first_name!, ...where })
      }
      if (starts(profile.last_name)) {
        matchedIdentifiers.push({ idType: "lastName", idValue: profile.last_name!, ...where })
      }
      for (const row of identifiers) {
        if (row.source !== profile.source || row.account_id !== profile.account_id) continue
        if (starts(row.value)) matchedIdentifiers.push({ idType: row.type, idValue: row.value, ...where })
        if (starts(row.card_external_id)) {
          matchedIdentifiers.push({ idType: "cardExternalId", idValue: row.card_external_id!, ...where })
        }
      }
    }
    results.push({
      userId: Customer.CustomerId.make(id),
      matchedIdentifiers,
      profiles: profiles.map((profile) => ({
        source: decodeSource(profile.source),
        accountId: profile.account_id,
        ...(profile.first_name === null ? {} : { firstName: profile.first_name }),
        ...(profile.last_name === null ? {} : { lastName: profile.last_name })
      }))
    })
  }
  return { total, results }
})

// ---------------------------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------------------------

/** A status label an organisation defined, under one of the system statuses (`ACTIVE`, `SUSPENDED`, ...). */
export interface StatusLabel {
  readonly label: string
  readonly status: string
  /** The label of customers whose status was never set. */
  readonly isDefault: boolean
}

/** Defines (or redefines) a status label of an organisation; a new default replaces the previous one. */
export const defineStatusLabel = Effect.fnUntraced(function*(orgId: number, label: StatusLabel) {
  const sql = yield* SqlClient.SqlClient
  if (label.isDefault) yield* sql`UPDATE customer_status_labels SET is_default = 0 WHERE org_id = ${orgId}`
  yield* sql`INSERT INTO customer_status_labels (org_id, label, status, is_default)
    VALUES (${orgId}, ${label.label}, ${label.status}, ${label.isDefault ? 1 : 0})
    ON CONFLICT (org_id, label) DO UPDATE SET status = excluded.status, is_default = excluded.is_default`
})

/** The status labels of an organisation, in the order they were defined. */
export const statusLabels = (orgId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ label: string; status: string; is_default: number }>`SELECT label, status, is_default
        FROM customer_status_labels WHERE org_id = ${orgId} ORDER BY rowid`,
      (rows): ReadonlyArray<StatusLabel> =>
        rows.map((row) => ({ label: row.label, status: row.status, isDefault: row.is_default === 1 }))
    )
  )

/** Whether the database has the status tables (migration `0110_customer_profile`). */
export const statusModelled = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<
      { n: number }
    >`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'customer_status_labels'`,
    (rows) => rows[0]!.n > 0
  )
)

/**
 * A customer's status label: the one last set (at registration or by a status update), else the organisation's
 * default label; undefined when neither exists.
 */
export const currentStatusLabel = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const row = yield* customerRow(orgId, customerId)
  if (row?.status_label !== null && row?.status_label !== undefined) return row.status_label
  const [fallback] = yield* sql<{ label: string }>`SELECT label FROM customer_status_labels
    WHERE org_id = ${orgId} AND is_default = 1`
  return fallback?.label
})

/**
 * Sets a customer's status label, which must be one of the organisation's (8086), and logs the change with its
 * reason. The label the customer already has changes and logs nothing. Returns whether it changed.
 */
export const setStatus = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly label: string
  readonly reason: string
  /** When the change counts from (the request's `createdOn`, else now), epoch milliseconds. */
  readonly createdOn: number
  readonly now: number
  readonly by: { readonly id: number; readonly code: string }
}) {
  const sql = yield* SqlClient.SqlClient
  const { customerId, orgId } = options
  const [defined] = yield* sql<{ status: string }>`SELECT status FROM customer_status_labels
    WHERE org_id = ${orgId} AND label = ${options.label}`
  if (defined === undefined) return yield* reject(8086, "Invalid status label")
  if ((yield* currentStatusLabel(orgId, customerId)) === options.label) return false
  yield* sql`UPDATE customers SET status_label = ${options.label} WHERE id = ${customerId}`
  yield* sql`INSERT INTO customer_status_log
      (org_id, customer_id, label, status, reason, created_on, changed_at, changed_by_id, changed_by)
    VALUES (${orgId}, ${customerId}, ${options.label}, ${defined.status}, ${options.reason}, ${options.createdOn},
      ${options.now}, ${options.by.id}, ${options.by.code})`
  return true
})

/** A customer's status changes, newest first; the newest is the current one (`isActive`). */
export const statusLog = Effect.fnUntraced(function*(orgId: number, customerId: number) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{
    label: string
    status: string
    reason: string
    created_on: number
    changed_by_id: number
    changed_by: string
  }>`SELECT label, status, reason, created_on, changed_by_id, changed_by FROM customer_status_log
    WHERE org_id = ${orgId} AND customer_id = ${customerId} ORDER BY id DESC`
  return rows.map((row, index): Customer.StatusLogEntry => ({
    createdByUser: row.changed_by,
    reason: row.reason,
    createdBy: row.changed_by_id,
    actions: [],
    autoUpdateTime: dayOf(row.created_on),
    createdOn: isoSeconds(row.created_on),
    entityId: customerId,
    isActive: index === 0,
    label: row.label,
    status: row.status
  }))
})

// ---------------------------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------------------------

/** A stored customer image: what the file service knows of it. */
export interface StoredImage {
  readonly fileHandle: string
  readonly fileSize: number
  readonly contentType: string
  readonly uploadedAt: number
  readonly uploadedBy: string
}

/**
 * Stores a reference to an uploaded image of a customer (the upload itself, `POST .../setImage`, is
 * `multipart/form-data`); images are numbered from 0 in the order they were added.
 */
export const addImage = (options: {
  readonly orgId: number
  readonly customerId: number
  readonly image: StoredImage
}) =>
  SqlClient.SqlClient.use((sql) =>
    sql`INSERT INTO customer_images (org_id, customer_id, file_handle, file_size, content_type, uploaded_at,
        uploaded_by)
      VALUES (${options.orgId}, ${options.customerId}, ${options.image.fileHandle}, ${options.image.fileSize},
        ${options.image.contentType}, ${options.image.uploadedAt}, ${options.image.uploadedBy})`
  )

/** A customer's images, in the order they were added (their positions). */
export const images = (orgId: number, customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{
        file_handle: string
        file_size: number
        content_type: string
        uploaded_at: number
        uploaded_by: string
      }>`SELECT file_handle, file_size, content_type, uploaded_at, uploaded_by FROM customer_images
        WHERE org_id = ${orgId} AND customer_id = ${customerId} ORDER BY id`,
      (rows): ReadonlyArray<StoredImage> =>
        rows.map((row) => ({
          fileHandle: row.file_handle,
          fileSize: row.file_size,
          contentType: row.content_type,
          uploadedAt: row.uploaded_at,
          uploadedBy: row.uploaded_by
        }))
    )
  )

/**
 * Deletes a customer's images at the given positions (counted before any is deleted); a position with no image
 * is 8078 and deletes nothing.
 */
export const deleteImages = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  positions: ReadonlyArray<number>
) {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ id: number }>`SELECT id FROM customer_images
    WHERE org_id = ${orgId} AND customer_id = ${customerId} ORDER BY id`
  const doomed = positions.map((position) => rows[position]?.id)
  if (doomed.some((id) => id === undefined)) return yield* reject(8078, "No image passed to be deleted")
  for (const id of doomed) yield* sql`DELETE FROM customer_images WHERE id = ${id!}`
  return doomed.length
})
