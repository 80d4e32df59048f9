/**
 * Loyalty cards: card series (physical or digital, with a number format for generated cards and an expiry), the
 * cards of a series with their status (a system status under an organisation-defined label), their status log,
 * the organisation's card status labels and its limit of active cards per customer. A card is issued by linking
 * it to a customer as the identifier `cardnumber` (see the customer's `changeIdentifier`).
 *
 * Dates on the wire are kept as the strings Capillary sends (ISO-8601 with an offset, or a plain date in
 * status records).
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema } from "effect"

/**
 * A card series' id.
 *
 * @since 0.2.0
 * @category ids
 */
export const CardSeriesId = Schema.Int.check(Schema.isGreaterThan(0)).pipe(Schema.brand("CardSeriesId"))

/**
 * The type of `CardSeriesId`.
 *
 * @since 0.2.0
 * @category ids
 */
export type CardSeriesId = typeof CardSeriesId.Type

/**
 * A card series' id in a path.
 *
 * @since 0.2.0
 * @category ids
 */
export const CardSeriesIdFromString = Schema.FiniteFromString.pipe(Schema.decodeTo(CardSeriesId))

/**
 * Physical cards or digital ones.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardType = Schema.Literals(["PHYSICAL", "DIGITAL"])

/**
 * When a series issues cards on its own: at every registration, when the series is named at registration, or
 * at a registration in an organisation unit (`conceptCode`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardTrigger = Schema.Literals(["REGISTRATION", "SERIES_ID", "OU_ID"])

/**
 * The system statuses a card can be in; organisations name them with labels of their own.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardStatus = Schema.Literals(["NOT_ISSUED", "ACTIVE", "INACTIVE", "SUSPENDED", "EXPIRED", "DELETED"])

/**
 * The type of `CardStatus`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type CardStatus = typeof CardStatus.Type

/**
 * A card number: what Capillary accepts as one (letters, digits, `-` and `_`, up to 50 characters).
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardNumber = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_-]{1,50}$/))

/**
 * A status label: a system status or a label the organisation defined (e.g. `CARD GENERATED`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const StatusLabel = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(50))

/**
 * How generated card numbers look: `prefix`, a running number, `suffix`, `length` characters in all.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardGenerationConfiguration = Schema.Struct({
  prefix: Schema.optional(Schema.String.check(Schema.isMaxLength(20))),
  suffix: Schema.optional(Schema.String.check(Schema.isMaxLength(20))),
  offset: Schema.optional(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  length: Schema.optional(Schema.Int.check(Schema.isBetween({ minimum: 4, maximum: 50 }))),
  method: Schema.optional(Schema.Literal("DEFAULT"))
})

/**
 * A card series to create (`POST /v2/card/series`). The code is alphanumeric, up to 50 characters.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardSeriesCreate = Schema.Struct({
  code: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9]{1,50}$/)),
  name: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100)),
  description: Schema.optional(Schema.String.check(Schema.isMaxLength(250))),
  type: CardType,
  expiryDays: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  cardExpiryEnabled: Schema.optional(Schema.Boolean),
  cardGenerationConfiguration: Schema.optional(CardGenerationConfiguration),
  cardGenerationEnabled: Schema.optional(Schema.Boolean),
  isActive: Schema.optional(Schema.Boolean),
  trigger: Schema.optional(CardTrigger),
  conceptCode: Schema.optional(Schema.String),
  maxActiveCardsPerCustomer: Schema.optional(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)))
})

/**
 * The type of `CardSeriesCreate`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type CardSeriesCreate = typeof CardSeriesCreate.Type

/**
 * A change to a card series (`PUT /v2/card/series/{id}`): `type` is required, the rest changes what it names
 * (`isActive: false` deactivates the series).
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardSeriesUpdate = Schema.Struct({
  ...CardSeriesCreate.fields,
  code: Schema.optional(CardSeriesCreate.fields.code),
  name: Schema.optional(CardSeriesCreate.fields.name),
  expiryDays: Schema.optional(CardSeriesCreate.fields.expiryDays)
})

/**
 * The type of `CardSeriesUpdate`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type CardSeriesUpdate = typeof CardSeriesUpdate.Type

/**
 * A series' number format as Capillary answers it (with who changed it last).
 *
 * @since 0.2.0
 * @category schemas
 */
export const StoredGenerationConfiguration = Schema.Struct({
  lastUpdatedBy: Schema.optional(Schema.Number),
  orgId: Schema.optional(Schema.Number),
  seriesId: Schema.optional(Schema.Number),
  prefix: Schema.optional(Schema.String),
  suffix: Schema.optional(Schema.String),
  length: Schema.optional(Schema.Number),
  method: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String)
})

/**
 * A card series as read back.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardSeries = Schema.Struct({
  id: Schema.Number,
  orgId: Schema.Number,
  code: Schema.optional(Schema.String),
  name: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  type: CardType,
  trigger: Schema.optional(CardTrigger),
  expiryDays: Schema.optional(Schema.Number),
  cardExpiryEnabled: Schema.optional(Schema.Boolean),
  cardGenerationEnabled: Schema.optional(Schema.Boolean),
  cardGenerationConfiguration: Schema.optional(StoredGenerationConfiguration),
  maxActiveCardsPerCustomer: Schema.optional(Schema.Number),
  isActive: Schema.optional(Schema.Boolean),
  conceptCode: Schema.optional(Schema.String),
  orgUnitId: Schema.optional(Schema.Number),
  createdBy: Schema.optional(Schema.Number),
  createdOn: Schema.optional(Schema.String),
  lastUpdateBy: Schema.optional(Schema.Number),
  lastUpdatedOn: Schema.optional(Schema.String),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `CardSeries`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type CardSeries = typeof CardSeries.Type

/**
 * Every card series of the organisation.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardSeriesList = Schema.Struct({
  data: Schema.Array(CardSeries),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.NullOr(Envelope.V2Warnings))
})

/**
 * The id of what a write created, as `entity`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Created = Schema.Struct({
  entity: Schema.Number,
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * Cards to generate in a series with the numbering of its configuration, all under one label.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardGenerate = Schema.Struct({
  seriesId: CardSeriesId,
  count: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })),
  statusLabel: StatusLabel
})

/**
 * The numbers of the generated cards.
 *
 * @since 0.2.0
 * @category schemas
 */
export const GeneratedCards = Schema.Struct({
  entity: Schema.Array(Schema.String),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * One generation run of a series. `fileHandle` names the file of numbers Capillary keeps in its storage.
 *
 * @since 0.2.0
 * @category schemas
 */
export const GenerationLog = Schema.Struct({
  id: Schema.Number,
  orgId: Schema.Number,
  seriesId: Schema.Number,
  count: Schema.Number,
  createdBy: Schema.optional(Schema.Number),
  date: Schema.String,
  description: Schema.optional(Schema.String),
  fileHandle: Schema.optional(Schema.String)
})

/**
 * The generation runs of a series.
 *
 * @since 0.2.0
 * @category schemas
 */
export const GenerationLogs = Schema.Struct({
  entity: Schema.Array(GenerationLog),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * A card number to add to a series (an external card, or one made elsewhere), under a label.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardAdd = Schema.Struct({
  seriesId: CardSeriesId,
  cardNumber: CardNumber,
  cardExternalId: Schema.optional(CardNumber),
  statusLabel: StatusLabel,
  statusInfo: Schema.optional(Schema.Struct({ reason: Schema.optional(Schema.String) })),
  customFields: Schema.optional(Schema.Record(Schema.String, Schema.String)),
  extendedFields: Schema.optional(Schema.Record(Schema.String, Schema.Unknown))
})

/**
 * The type of `CardAdd`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type CardAdd = typeof CardAdd.Type

/**
 * A change to a card: its label (and with it its status), with a reason, and its fields.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardUpdate = Schema.Struct({
  cardNumber: CardNumber,
  statusLabel: Schema.optional(StatusLabel),
  statusInfo: Schema.optional(Schema.Struct({ reason: Schema.optional(Schema.String) })),
  customFields: Schema.optional(Schema.Record(Schema.String, Schema.String)),
  extendedFields: Schema.optional(Schema.Record(Schema.String, Schema.Unknown))
})

/**
 * The type of `CardUpdate`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type CardUpdate = typeof CardUpdate.Type

/**
 * The answer to a card update: the card's id, and warning 3039 when the label did not change.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardUpdated = Schema.Struct({
  entity: Schema.optional(Schema.Number),
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The most cards one bulk update takes (1060 beyond).
 *
 * @since 0.2.0
 * @category constants
 */
export const maxBulkUpdate = 200

/**
 * Up to 200 card changes in one call.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardBulkUpdate = Schema.Array(CardUpdate).check(Schema.isMinLength(1), Schema.isMaxLength(maxBulkUpdate))

/**
 * The answer to a bulk update: one item per card, failed ones with their errors.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CardBulkUpdated = Envelope.V2Bulk(Schema.Number)

/**
 * A card's current status: the system status, the label it is under and when it was set.
 *
 * @since 0.2.0
 * @category schemas
 */
export const StatusInfo = Schema.Struct({
  id: Schema.optional(Schema.Number),
  orgId: Schema.optional(Schema.Number),
  entityId: Schema.optional(Schema.Number),
  labelId: Schema.optional(Schema.Number),
  label: Schema.String,
  status: CardStatus,
  reason: Schema.optional(Schema.String),
  isActive: Schema.optional(Schema.Boolean),
  createdOn: Schema.optional(Schema.String),
  autoUpdateTime: Schema.optional(Schema.String)
})

/**
 * A card as read back. `customerId` is present once the card is issued to a customer.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Card = Schema.Struct({
  id: Schema.optional(Schema.Number),
  cardId: Schema.optional(Schema.Number),
  cardNumber: Schema.String,
  cardExternalId: Schema.optional(Schema.String),
  seriesId: Schema.Number,
  seriesName: Schema.optional(Schema.String),
  seriesCode: Schema.optional(Schema.String),
  type: Schema.optional(CardType),
  orgId: Schema.Number,
  entityId: Schema.optional(Schema.Number),
  customerId: Schema.optional(Schema.Number),
  issuedDate: Schema.optional(Schema.String),
  createdDate: Schema.optional(Schema.String),
  expiryDays: Schema.optional(Schema.Number),
  maxActiveCards: Schema.optional(Schema.Number),
  transactionNotAllowed: Schema.optional(Schema.Boolean),
  customFields: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
  extendedFields: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
  statusInfo: StatusInfo,
  warnings: Schema.optional(Envelope.V2Warnings)
})

/**
 * The type of `Card`.
 *
 * @since 0.2.0
 * @category schemas
 */
export type Card = typeof Card.Type

/**
 * One status change of a card.
 *
 * @since 0.2.0
 * @category schemas
 */
export const StatusChange = Schema.Struct({
  entityId: Schema.Number,
  label: Schema.String,
  status: CardStatus,
  reason: Schema.optional(Schema.String),
  createdBy: Schema.optional(Schema.Number),
  createdOn: Schema.String,
  autoUpdateTime: Schema.optional(Schema.String),
  isActive: Schema.Boolean,
  actions: Schema.optional(Schema.Array(Schema.Unknown))
})

/**
 * A card's status changes, oldest first; the current one is `isActive`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const StatusLog = Schema.Struct({
  data: Schema.Array(StatusChange),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.NullOr(Envelope.V2Warnings))
})

/**
 * A label the organisation gives a system status.
 *
 * @since 0.2.0
 * @category schemas
 */
export const LabelMapping = Schema.Struct({ status: CardStatus, label: StatusLabel })

/**
 * Labels to add (`POST /v2/genericStatus/card/labels`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const LabelMappings = Schema.Array(LabelMapping).check(Schema.isMinLength(1))

/**
 * A card status label as read back; the system statuses are labels of their own (`description: "default"`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const StatusLabelInfo = Schema.Struct({
  id: Schema.Number,
  orgId: Schema.Number,
  label: Schema.String,
  status: CardStatus,
  entityStatusId: Schema.optional(Schema.Number),
  description: Schema.optional(Schema.String),
  isActive: Schema.optional(Schema.Boolean),
  type: Schema.optional(Schema.String),
  createdOn: Schema.optional(Schema.String),
  updatedOn: Schema.optional(Schema.String),
  actions: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
  default: Schema.optional(Schema.Boolean)
})

/**
 * The organisation's card status labels.
 *
 * @since 0.2.0
 * @category schemas
 */
export const StatusLabels = Schema.Struct({
  data: Schema.Array(StatusLabelInfo),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.NullOr(Envelope.V2Warnings))
})

/**
 * The organisation's answer to labels it added: an empty body, or warnings.
 *
 * @since 0.2.0
 * @category schemas
 */
export const LabelsAdded = Schema.Struct({
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.NullOr(Envelope.V2Warnings))
})

/**
 * The configuration key of the limit of active cards per customer.
 *
 * @since 0.2.0
 * @category constants
 */
export const maxCardsKey = "CONF_MAX_CARDS_PER_ORG"

/**
 * Sets the organisation's limit of active cards per customer (`POST /v2/organization/configs`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const MaxCardsConfig = Schema.Struct({
  keyName: Schema.Literal(maxCardsKey),
  value: Schema.String.check(Schema.isPattern(/^\d{1,4}$/)),
  scope: Schema.Literal("ORG")
})

/**
 * The limit as stored.
 *
 * @since 0.2.0
 * @category schemas
 */
export const MaxCardsSetting = Schema.Struct({
  id: Schema.optional(Schema.Number),
  entityId: Schema.Number,
  keyName: Schema.Literal(maxCardsKey),
  value: Schema.String,
  scope: Schema.optional(Schema.Literal("ORG")),
  warnings: Schema.optional(Envelope.V2Warnings)
})
