/**
 * The cards store on the emulator database: card series with their number format, the organisation's card
 * status labels (the six system statuses are labels of their own, added on first use), cards with their status
 * log, generation runs and the organisation's limit of active cards per customer. A card's customer is the one
 * holding its number as the identifier `cardnumber` (linked through the customer's `changeIdentifier`).
 */
import type { Card } from "@capillary-effect/customers"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { reject } from "../Behaviour.ts"
import { dayOf, isoSeconds } from "./dates.ts"

/** The tables (migration `0160_cards`). */
export const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE card_series (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL CHECK (type IN ('PHYSICAL', 'DIGITAL')),
    trigger_on TEXT,
    concept_code TEXT,
    expiry_days INTEGER NOT NULL,
    expiry_enabled INTEGER NOT NULL,
    generation_enabled INTEGER NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    length INTEGER,
    max_active INTEGER NOT NULL DEFAULT 0,
    is_active INTEGER NOT NULL,
    next_number INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER NOT NULL,
    created_on INTEGER NOT NULL,
    updated_by INTEGER NOT NULL,
    updated_on INTEGER NOT NULL,
    UNIQUE (org_id, code)
  )`
  yield* sql`CREATE TABLE card_labels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    status TEXT NOT NULL,
    system INTEGER NOT NULL CHECK (system IN (0, 1)),
    created_on INTEGER NOT NULL,
    UNIQUE (org_id, label)
  )`
  yield* sql`CREATE TABLE cards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    series_id INTEGER NOT NULL REFERENCES card_series (id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    external_id TEXT,
    label_id INTEGER NOT NULL REFERENCES card_labels (id),
    custom_fields TEXT NOT NULL,
    extended_fields TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_on INTEGER NOT NULL,
    UNIQUE (org_id, number)
  )`
  yield* sql`CREATE UNIQUE INDEX cards_by_external_id ON cards (org_id, external_id) WHERE external_id IS NOT NULL`
  yield* sql`CREATE TABLE card_status_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES card_labels (id),
    reason TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_on INTEGER NOT NULL
  )`
  yield* sql`CREATE INDEX card_status_log_by_card ON card_status_log (card_id, id)`
  yield* sql`CREATE TABLE card_generation_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    series_id INTEGER NOT NULL REFERENCES card_series (id) ON DELETE CASCADE,
    count INTEGER NOT NULL,
    created_by INTEGER NOT NULL,
    created_on INTEGER NOT NULL
  )`
  yield* sql`CREATE TABLE card_settings (
    org_id INTEGER PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    max_active_cards INTEGER NOT NULL
  )`
})

/** The system statuses, each also a label of its own. */
export const systemStatuses: ReadonlyArray<Card.CardStatus> = [
  "NOT_ISSUED",
  "ACTIVE",
  "INACTIVE",
  "SUSPENDED",
  "EXPIRED",
  "DELETED"
]

/** Capillary's id of each system status (`entityStatusId`). */
const statusIds: Readonly<Record<Card.CardStatus, number>> = {
  NOT_ISSUED: 1,
  ACTIVE: 2,
  EXPIRED: 3,
  SUSPENDED: 4,
  INACTIVE: 5,
  DELETED: 11
}

// ---------------------------------------------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------------------------------------------

interface SeriesRow {
  readonly id: number
  readonly org_id: number
  readonly code: string
  readonly name: string
  readonly description: string
  readonly type: "PHYSICAL" | "DIGITAL"
  readonly trigger_on: Card.CardSeries["trigger"] | null
  readonly concept_code: string | null
  readonly expiry_days: number
  readonly expiry_enabled: number
  readonly generation_enabled: number
  readonly prefix: string
  readonly suffix: string
  readonly length: number | null
  readonly max_active: number
  readonly is_active: number
  readonly next_number: number
  readonly created_by: number
  readonly created_on: number
  readonly updated_by: number
  readonly updated_on: number
}

/** 3004. */
export const seriesNotFound = () => reject(3004, "Card series does not exist")

const findSeries = (orgId: number, id: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<SeriesRow>`SELECT * FROM card_series WHERE org_id = ${orgId} AND id = ${id}`.pipe(
      Effect.map(([row]) => row)
    )
  )

const seriesOrFail = (orgId: number, id: number) =>
  findSeries(orgId, id).pipe(
    Effect.flatMap((row) => row === undefined ? Effect.fail(seriesNotFound()) : Effect.succeed(row))
  )

/** A series as Capillary answers it. */
export const toSeries = (row: SeriesRow): Card.CardSeries => ({
  id: row.id,
  orgId: row.org_id,
  code: row.code,
  name: row.name,
  description: row.description,
  type: row.type,
  ...(row.trigger_on === null ? {} : { trigger: row.trigger_on }),
  ...(row.concept_code === null ? {} : { conceptCode: row.concept_code }),
  expiryDays: row.expiry_days,
  cardExpiryEnabled: row.expiry_enabled === 1,
  cardGenerationEnabled: row.generation_enabled === 1,
  cardGenerationConfiguration: {
    lastUpdatedBy: row.updated_by,
    orgId: row.org_id,
    seriesId: row.id,
    prefix: row.prefix,
    suffix: row.suffix,
    ...(row.length === null ? {} : { length: row.length }),
    method: "DEFAULT"
  },
  maxActiveCardsPerCustomer: row.max_active,
  isActive: row.is_active === 1,
  orgUnitId: 0,
  createdBy: row.created_by,
  createdOn: isoSeconds(row.created_on),
  lastUpdateBy: row.updated_by,
  lastUpdatedOn: isoSeconds(row.updated_on),
  warnings: []
})

/** Creates a series; a code the organisation already uses is refused (Capillary documents no code for it). */
export const createSeries = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Card.CardSeriesCreate
  readonly by: number
  readonly now: number
  /** A fixed id (seeds); otherwise the next one. */
  readonly id?: number | undefined
}) {
  const sql = yield* SqlClient.SqlClient
  const { request: r, orgId, by, now } = options
  const [taken] = yield* sql<{ id: number }>`SELECT id FROM card_series WHERE org_id = ${orgId} AND code = ${r.code}`
  if (taken !== undefined) return yield* reject(400, "A card series with this code already exists")
  const generation = r.cardGenerationConfiguration
  const [row] = yield* sql<{ id: number }>`INSERT INTO card_series (id, org_id, code, name, description, type,
      trigger_on, concept_code, expiry_days, expiry_enabled, generation_enabled, prefix, suffix, length, max_active,
      is_active, created_by, created_on, updated_by, updated_on)
    VALUES (${options.id ?? null}, ${orgId}, ${r.code}, ${r.name}, ${r.description ?? ""}, ${r.type}, ${
    r.trigger ?? null
  },
      ${r.conceptCode ?? null}, ${r.expiryDays}, ${r.cardExpiryEnabled === true ? 1 : 0},
      ${r.cardGenerationEnabled === true ? 1 : 0}, ${generation?.prefix ?? ""}, ${generation?.suffix ?? ""},
      ${generation?.length ?? null}, ${r.maxActiveCardsPerCustomer ?? 0}, ${r.isActive === false ? 0 : 1}, ${by},
      ${now}, ${by}, ${now})
    RETURNING id`
  return row!.id
})

/** Changes what the request names of a series. */
export const updateSeries = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly id: number
  readonly request: Card.CardSeriesUpdate
  readonly by: number
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, id, request: r, by, now } = options
  const row = yield* seriesOrFail(orgId, id)
  if (r.code !== undefined && r.code !== row.code) {
    const [taken] = yield* sql<{ id: number }>`SELECT id FROM card_series WHERE org_id = ${orgId} AND code = ${r.code}`
    if (taken !== undefined) return yield* reject(400, "A card series with this code already exists")
  }
  const generation = r.cardGenerationConfiguration
  const flag = (value: boolean | undefined, current: number) => value === undefined ? current : value ? 1 : 0
  yield* sql`UPDATE card_series SET
      code = ${r.code ?? row.code}, name = ${r.name ?? row.name}, description = ${r.description ?? row.description},
      type = ${r.type}, trigger_on = ${r.trigger ?? row.trigger_on}, concept_code = ${
    r.conceptCode ?? row.concept_code
  },
      expiry_days = ${r.expiryDays ?? row.expiry_days},
      expiry_enabled = ${flag(r.cardExpiryEnabled, row.expiry_enabled)},
      generation_enabled = ${flag(r.cardGenerationEnabled, row.generation_enabled)},
      prefix = ${generation?.prefix ?? row.prefix}, suffix = ${generation?.suffix ?? row.suffix},
      length = ${generation?.length ?? row.length}, max_active = ${r.maxActiveCardsPerCustomer ?? row.max_active},
      is_active = ${flag(r.isActive, row.is_active)}, updated_by = ${by}, updated_on = ${now}
    WHERE id = ${id}`
  return toSeries((yield* findSeries(orgId, id))!)
})

/** A series of the organisation (3004 when it has none with the id). */
export const getSeries = (orgId: number, id: number) => seriesOrFail(orgId, id).pipe(Effect.map(toSeries))

/** Every series of the organisation, by id. */
export const allSeries = (orgId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<SeriesRow>`SELECT * FROM card_series WHERE org_id = ${orgId} ORDER BY id`.pipe(
      Effect.map((rows) => rows.map(toSeries))
    )
  )

// ---------------------------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------------------------

interface LabelRow {
  readonly id: number
  readonly org_id: number
  readonly label: string
  readonly status: Card.CardStatus
  readonly system: number
  readonly created_on: number
}

/** Adds the system labels of an organisation that does not have them yet. */
const ensureSystemLabels = (orgId: number, now: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.forEach(
      systemStatuses,
      (status) =>
        sql`INSERT OR IGNORE INTO card_labels (org_id, label, status, system, created_on)
        VALUES (${orgId}, ${status}, ${status}, 1, ${now})`,
      { discard: true }
    )
  )

/** 3017. */
const invalidLabel = (label: string) => reject(3017, `Card status label ${JSON.stringify(label)} is invalid`)

const labelOrFail = Effect.fnUntraced(function*(orgId: number, label: string, now: number) {
  const sql = yield* SqlClient.SqlClient
  yield* ensureSystemLabels(orgId, now)
  const [row] = yield* sql<LabelRow>`SELECT * FROM card_labels WHERE org_id = ${orgId} AND label = ${label}`
  if (row === undefined) return yield* invalidLabel(label)
  return row
})

/** Adds organisation labels; a label already there stays as it is, one under another status is refused. */
export const addLabels = Effect.fnUntraced(function*(
  orgId: number,
  mappings: ReadonlyArray<typeof Card.LabelMapping.Type>,
  now: number
) {
  const sql = yield* SqlClient.SqlClient
  yield* ensureSystemLabels(orgId, now)
  for (const mapping of mappings) {
    const [existing] = yield* sql<LabelRow>`SELECT * FROM card_labels WHERE org_id = ${orgId}
      AND label = ${mapping.label}`
    if (existing !== undefined && existing.status !== mapping.status) {
      return yield* reject(3017, `Card status label ${JSON.stringify(mapping.label)} is mapped to ${existing.status}`)
    }
    if (existing === undefined) {
      yield* sql`INSERT INTO card_labels (org_id, label, status, system, created_on)
        VALUES (${orgId}, ${mapping.label}, ${mapping.status}, 0, ${now})`
    }
  }
})

/** The organisation's labels, the system ones first. */
export const labels = Effect.fnUntraced(function*(orgId: number, now: number) {
  const sql = yield* SqlClient.SqlClient
  yield* ensureSystemLabels(orgId, now)
  const rows = yield* sql<LabelRow>`SELECT * FROM card_labels WHERE org_id = ${orgId} ORDER BY system DESC, id`
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    label: row.label,
    status: row.status,
    entityStatusId: statusIds[row.status],
    ...(row.system === 1 ? { description: "default" } : {}),
    isActive: true,
    type: "CARD",
    createdOn: dayOf(row.created_on),
    updatedOn: dayOf(row.created_on),
    actions: {},
    default: row.system === 0
  }))
})

// ---------------------------------------------------------------------------------------------------------------
// Cards
// ---------------------------------------------------------------------------------------------------------------

interface CardRow {
  readonly id: number
  readonly org_id: number
  readonly series_id: number
  readonly number: string
  readonly external_id: string | null
  readonly label_id: number
  readonly custom_fields: string
  readonly extended_fields: string
  readonly created_by: number
  readonly created_on: number
}

/** 3010. */
export const cardNotFound = () => reject(3010, "Card number does not exist")

const findCard = (orgId: number, number: string) =>
  SqlClient.SqlClient.use((sql) =>
    sql<CardRow>`SELECT * FROM cards WHERE org_id = ${orgId} AND number = ${number}`.pipe(Effect.map(([row]) => row))
  )

const insertCard = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly seriesId: number
  readonly number: string
  readonly externalId: string | undefined
  readonly label: LabelRow
  readonly reason: string
  readonly customFields: unknown
  readonly extendedFields: unknown
  readonly by: number
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const [row] = yield* sql<{ id: number }>`INSERT INTO cards (org_id, series_id, number, external_id, label_id,
      custom_fields, extended_fields, created_by, created_on)
    VALUES (${options.orgId}, ${options.seriesId}, ${options.number}, ${options.externalId ?? null},
      ${options.label.id}, ${JSON.stringify(options.customFields ?? {})},
      ${JSON.stringify(options.extendedFields ?? {})}, ${options.by}, ${options.now})
    RETURNING id`
  yield* sql`INSERT INTO card_status_log (card_id, label_id, reason, created_by, created_on)
    VALUES (${row!.id}, ${options.label.id}, ${options.reason}, ${options.by}, ${options.now})`
  return row!.id
})

/** Adds a card number to a series: 3009 when the number exists, 3045 when the external id does. */
export const addCard = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Card.CardAdd
  readonly by: number
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, request: r, by, now } = options
  yield* seriesOrFail(orgId, r.seriesId)
  const label = yield* labelOrFail(orgId, r.statusLabel, now)
  if ((yield* findCard(orgId, r.cardNumber)) !== undefined) return yield* reject(3009, "Card number already exists")
  if (r.cardExternalId !== undefined) {
    const [taken] = yield* sql<{ id: number }>`SELECT id FROM cards WHERE org_id = ${orgId}
      AND external_id = ${r.cardExternalId}`
    if (taken !== undefined) return yield* reject(3045, "Card external id already exists")
  }
  return yield* insertCard({
    orgId,
    seriesId: r.seriesId,
    number: r.cardNumber,
    externalId: r.cardExternalId,
    label,
    reason: r.statusInfo?.reason ?? "",
    customFields: r.customFields,
    extendedFields: r.extendedFields,
    by,
    now
  })
})

/**
 * Generates cards: the series' prefix, a zero-padded running number and its suffix, `length` characters in all
 * (10 digits when the series sets no length). Numbers already taken are skipped. 701 when the series does not
 * generate cards, 702 when it is inactive, 703 when its format has no room left (Capillary documents the range
 * 701–705 for generation failures, not which code is which).
 */
export const generate = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: typeof Card.CardGenerate.Type
  readonly by: number
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, request: r, by, now } = options
  const series = yield* seriesOrFail(orgId, r.seriesId)
  const label = yield* labelOrFail(orgId, r.statusLabel, now)
  if (series.generation_enabled !== 1) return yield* reject(701, "Card generation is not enabled for the series")
  if (series.is_active !== 1) return yield* reject(702, "The card series is not active")
  const digits = series.length === null ? 10 : series.length - series.prefix.length - series.suffix.length
  const capacity = digits >= 1 ? 10 ** Math.min(digits, 15) : 0
  const numbers: Array<string> = []
  let next = series.next_number
  while (numbers.length < r.count) {
    if (next >= capacity) return yield* reject(703, "The card series has no card numbers left")
    const number = `${series.prefix}${String(next).padStart(digits, "0")}${series.suffix}`
    next += 1
    if ((yield* findCard(orgId, number)) !== undefined) continue
    yield* insertCard({
      orgId,
      seriesId: series.id,
      number,
      externalId: undefined,
      label,
      reason: "",
      customFields: {},
      extendedFields: {},
      by,
      now
    })
    numbers.push(number)
  }
  yield* sql`UPDATE card_series SET next_number = ${next} WHERE id = ${series.id}`
  yield* sql`INSERT INTO card_generation_logs (org_id, series_id, count, created_by, created_on)
    VALUES (${orgId}, ${series.id}, ${numbers.length}, ${by}, ${now})`
  return numbers
})

/** The generation runs of a series, oldest first. */
export const generationLogs = Effect.fnUntraced(function*(orgId: number, seriesId: number) {
  const sql = yield* SqlClient.SqlClient
  yield* seriesOrFail(orgId, seriesId)
  const rows = yield* sql<{ id: number; count: number; created_by: number; created_on: number }>`
    SELECT id, count, created_by, created_on FROM card_generation_logs WHERE org_id = ${orgId}
      AND series_id = ${seriesId} ORDER BY id`
  return rows.map((row) => ({
    id: row.id,
    orgId,
    seriesId,
    count: row.count,
    createdBy: row.created_by,
    date: isoSeconds(row.created_on),
    description: ""
  }))
})

/** The customer holding a card number as identifier, if any. */
const holder = (orgId: number, number: string) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ customer_id: number }>`SELECT customer_id FROM customer_identifiers WHERE org_id = ${orgId}
      AND type = 'cardnumber' AND value = ${number} LIMIT 1`.pipe(Effect.map(([row]) => row?.customer_id))
  )

/** The organisation's limit of active cards per customer (0: none set). */
export const maxActiveCards = (orgId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ max_active_cards: number }>`SELECT max_active_cards FROM card_settings WHERE org_id = ${orgId}`.pipe(
      Effect.map(([row]) => row?.max_active_cards ?? 0)
    )
  )

/** Sets the organisation's limit of active cards per customer. */
export const setMaxActiveCards = (orgId: number, limit: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql`INSERT INTO card_settings (org_id, max_active_cards) VALUES (${orgId}, ${limit})
      ON CONFLICT (org_id) DO UPDATE SET max_active_cards = excluded.max_active_cards`
  )

/**
 * Whether a customer can hold one more active card of a series: the series' limit and the organisation's
 * (0 means no limit), counted over the other cards whose numbers the customer holds. 3036 when not.
 */
const checkActiveLimit = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  series: SeriesRow,
  cardId: number
) {
  const sql = yield* SqlClient.SqlClient
  const active = yield* sql<{ series_id: number }>`SELECT c.series_id FROM cards c
    JOIN card_labels l ON l.id = c.label_id
    JOIN customer_identifiers i ON i.org_id = c.org_id AND i.type = 'cardnumber' AND i.value = c.number
    WHERE c.org_id = ${orgId} AND i.customer_id = ${customerId} AND l.status = 'ACTIVE' AND c.id <> ${cardId}`
  const orgLimit = yield* maxActiveCards(orgId)
  const inSeries = active.filter((row) => row.series_id === series.id).length
  if ((series.max_active > 0 && inSeries >= series.max_active) || (orgLimit > 0 && active.length >= orgLimit)) {
    return yield* reject(3036, "Maximum number of active cards for the customer exceeded")
  }
})

/**
 * Changes a card: its label (3017 for an unknown label, or a move the lifecycle forbids: a card never issued
 * cannot expire or be deleted, an expired one cannot be deleted; 3036 when an issued card becomes active past
 * the customer's limit) and its fields. The same label again is warning 3039.
 */
export const updateCard = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly request: Card.CardUpdate
  readonly by: number
  readonly now: number
}) {
  const sql = yield* SqlClient.SqlClient
  const { orgId, request: r, by, now } = options
  const card = yield* findCard(orgId, r.cardNumber)
  if (card === undefined) return yield* cardNotFound()
  const [current] = yield* sql<LabelRow>`SELECT * FROM card_labels WHERE id = ${card.label_id}`
  const warnings: Array<{ status: boolean; code: number; message: string }> = []
  if (r.statusLabel !== undefined) {
    const next = yield* labelOrFail(orgId, r.statusLabel, now)
    if (next.id === current!.id) {
      warnings.push({ status: false, code: 3039, message: "No change in the status label" })
    } else {
      const from = current!.status
      if (from === "NOT_ISSUED" && (next.status === "EXPIRED" || next.status === "DELETED")) {
        return yield* reject(3017, "A card that was never issued cannot be expired or deleted")
      }
      if (from === "EXPIRED" && next.status === "DELETED") {
        return yield* reject(3017, "An expired card cannot be deleted")
      }
      const customerId = yield* holder(orgId, card.number)
      if (next.status === "ACTIVE" && from !== "ACTIVE" && customerId !== undefined) {
        yield* checkActiveLimit(orgId, customerId, (yield* findSeries(orgId, card.series_id))!, card.id)
      }
      yield* sql`UPDATE cards SET label_id = ${next.id} WHERE id = ${card.id}`
      yield* sql`INSERT INTO card_status_log (card_id, label_id, reason, created_by, created_on)
        VALUES (${card.id}, ${next.id}, ${r.statusInfo?.reason ?? ""}, ${by}, ${now})`
    }
  }
  if (r.customFields !== undefined || r.extendedFields !== undefined) {
    const merged = (stored: string, change: Readonly<Record<string, unknown>> | undefined) =>
      JSON.stringify({ ...JSON.parse(stored), ...change })
    yield* sql`UPDATE cards SET custom_fields = ${merged(card.custom_fields, r.customFields)},
      extended_fields = ${merged(card.extended_fields, r.extendedFields)} WHERE id = ${card.id}`
  }
  return { entity: card.id, warnings }
})

/** A card's details, with its customer when one holds its number. */
export const getCard = Effect.fnUntraced(function*(orgId: number, number: string) {
  const sql = yield* SqlClient.SqlClient
  const card = yield* findCard(orgId, number)
  if (card === undefined) return yield* cardNotFound()
  const series = (yield* findSeries(orgId, card.series_id))!
  const [label] = yield* sql<LabelRow>`SELECT * FROM card_labels WHERE id = ${card.label_id}`
  const [latest] = yield* sql<{ id: number; reason: string; created_on: number }>`SELECT id, reason, created_on
    FROM card_status_log WHERE card_id = ${card.id} ORDER BY id DESC LIMIT 1`
  const [issued] = yield* sql<{ created_on: number }>`SELECT s.created_on FROM card_status_log s
    JOIN card_labels l ON l.id = s.label_id WHERE s.card_id = ${card.id} AND l.status = 'ACTIVE'
    ORDER BY s.id LIMIT 1`
  const customerId = yield* holder(orgId, number)
  const result: Card.Card = {
    id: card.id,
    cardId: card.id,
    cardNumber: card.number,
    ...(card.external_id === null ? {} : { cardExternalId: card.external_id }),
    seriesId: series.id,
    seriesName: series.name,
    seriesCode: series.code,
    type: series.type,
    orgId,
    entityId: customerId ?? card.created_by,
    ...(customerId === undefined ? {} : { customerId }),
    ...(issued === undefined ? {} : { issuedDate: isoSeconds(issued.created_on) }),
    createdDate: isoSeconds(card.created_on),
    expiryDays: series.expiry_days,
    maxActiveCards: series.max_active,
    transactionNotAllowed: label!.status !== "ACTIVE",
    customFields: JSON.parse(card.custom_fields),
    extendedFields: JSON.parse(card.extended_fields),
    statusInfo: {
      id: latest!.id,
      orgId,
      entityId: card.id,
      labelId: label!.id,
      label: label!.label,
      status: label!.status,
      reason: latest!.reason,
      isActive: true,
      createdOn: dayOf(latest!.created_on),
      autoUpdateTime: dayOf(latest!.created_on)
    },
    warnings: []
  }
  return result
})

/** A card's status changes, oldest first; the last is the current one. */
export const statusLog = Effect.fnUntraced(function*(orgId: number, number: string) {
  const sql = yield* SqlClient.SqlClient
  const card = yield* findCard(orgId, number)
  if (card === undefined) return yield* cardNotFound()
  const rows = yield* sql<
    { reason: string; created_by: number; created_on: number; label: string; status: Card.CardStatus }
  >`
    SELECT s.reason, s.created_by, s.created_on, l.label, l.status FROM card_status_log s
      JOIN card_labels l ON l.id = s.label_id WHERE s.card_id = ${card.id} ORDER BY s.id`
  return rows.map((row, i) => ({
    entityId: card.id,
    label: row.label,
    status: row.status,
    reason: row.reason,
    createdBy: row.created_by,
    createdOn: isoSeconds(row.created_on),
    autoUpdateTime: dayOf(row.created_on),
    isActive: i === rows.length - 1,
    actions: []
  }))
})

/** A card number linked to a customer as an identifier, with what the link says of the card. */
export interface LinkedCard {
  readonly value: string
  readonly seriesId?: number | undefined
  readonly seriesCode?: string | undefined
  readonly statusLabel?: string | undefined
  readonly cardExternalId?: string | undefined
}

/**
 * Issues cards linked to a customer (a registration or `changeIdentifier` naming `cardnumber`): a card the store
 * knows moves to the link's label (`ACTIVE` unless it names one; 3017 for an unknown label, 3036 past the
 * customer's active-card limit); a number it does not know, named with a series (`seriesId` or `seriesCode`),
 * becomes an external card of that series (3004 for an unknown series). A number named without a series stays an
 * identifier only, as before cards were modelled. A card already active counts against its new holder's limit
 * too. Does nothing when cards are not modelled.
 */
export const issueLinked = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly cards: ReadonlyArray<LinkedCard>
  readonly by: number
  readonly now: number
}) {
  if (options.cards.length === 0 || !(yield* modelled)) return
  const sql = yield* SqlClient.SqlClient
  const { by, now, orgId } = options
  for (const link of options.cards) {
    const label = link.statusLabel ?? "ACTIVE"
    const known = yield* findCard(orgId, link.value)
    if (known !== undefined) {
      // A card already active (added so, or held before by another customer) stays active: updateCard sees no
      // move into ACTIVE, so the new holder's limit is checked here.
      const [current] = yield* sql<LabelRow>`SELECT * FROM card_labels WHERE id = ${known.label_id}`
      const next = yield* labelOrFail(orgId, label, now)
      const customerId = yield* holder(orgId, link.value)
      if (current!.status === "ACTIVE" && next.status === "ACTIVE" && customerId !== undefined) {
        yield* checkActiveLimit(orgId, customerId, (yield* findSeries(orgId, known.series_id))!, known.id)
      }
      yield* updateCard({ orgId, request: { cardNumber: link.value, statusLabel: label }, by, now })
      continue
    }
    if (link.seriesId === undefined && link.seriesCode === undefined) continue
    const [series] = link.seriesId !== undefined
      ? yield* sql<{ id: number }>`SELECT id FROM card_series WHERE org_id = ${orgId} AND id = ${link.seriesId}`
      : yield* sql<{ id: number }>`SELECT id FROM card_series WHERE org_id = ${orgId} AND code = ${link.seriesCode!}`
    if (series === undefined) return yield* seriesNotFound()
    yield* addCard({
      orgId,
      request: {
        seriesId: series.id as Card.CardSeriesId,
        cardNumber: link.value,
        ...(link.cardExternalId === undefined ? {} : { cardExternalId: link.cardExternalId }),
        statusLabel: "NOT_ISSUED"
      },
      by,
      now
    })
    yield* updateCard({ orgId, request: { cardNumber: link.value, statusLabel: label }, by, now })
  }
})

/** Whether the cards tables exist (the migration is in the catalog). */
export const modelled = SqlClient.SqlClient.use((sql) =>
  sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cards'`.pipe(
    Effect.map((rows) => rows.length > 0)
  )
)
