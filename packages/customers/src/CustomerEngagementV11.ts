/**
 * What a store records about a customer beyond the profile, as Capillary's v1.1 API sends and receives it:
 * notes, tickets (complaints and feedback), preferences (custom fields of the preferences category, and the
 * preferred store), the customer's interactions with the org (messages, surveys, social check-ins) and product
 * recommendations. The wire conventions are those of `CustomerV11` (wrapped collections, loose numbers, the
 * `response` wrapper optional on reads).
 *
 * Assumed where the documentation gives no shape: a recommendation item (Capillary lists the field
 * `recommendation` and nothing of its items, which are read as JSON objects), and the ticket fields
 * `reported_from`, `type` and `created_date` of an answer (the request fields of the same names, and the
 * creation date in the v1.1 format).
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema } from "effect"
import * as CustomerV11 from "./CustomerV11.ts"

const customerIdentifierFields = {
  user_id: Schema.optional(CustomerV11.LooseString),
  id: Schema.optional(CustomerV11.LooseString),
  mobile: Schema.optional(CustomerV11.LooseString),
  email: Schema.optional(Schema.String),
  external_id: Schema.optional(Schema.String)
}

const namesTheCustomer = Schema.makeFilter((input: {
  readonly user_id?: string | undefined
  readonly id?: string | undefined
  readonly mobile?: string | undefined
  readonly email?: string | undefined
  readonly external_id?: string | undefined
}) =>
  CustomerV11.identifiersOf(input).length > 0
    ? undefined
    : "name the customer by user_id, id, mobile, email or external_id"
)

const nullableString = Schema.optional(Schema.NullOr(CustomerV11.LooseString))

const answerIdentifierFields = {
  user_id: nullableString,
  id: nullableString,
  firstname: nullableString,
  lastname: nullableString,
  mobile: nullableString,
  email: nullableString,
  external_id: nullableString
}

// ---------------------------------------------------------------------------------------------------------------
// Notes
// ---------------------------------------------------------------------------------------------------------------

/**
 * A note to add (no `id`) or to change (its `id`): the text and, optionally, the date it is about (the request's
 * time when absent).
 *
 * @since 0.2.0
 * @category notes
 */
export const NoteInput = Schema.Struct({
  id: Schema.optional(CustomerV11.LooseString),
  date: Schema.optional(CustomerV11.DateTime),
  description: Schema.String.check(
    Schema.makeFilter((value) => value.trim() === "" ? "a note has a description" : undefined)
  )
})

/**
 * The type of `NoteInput`.
 *
 * @since 0.2.0
 * @category notes
 */
export type NoteInput = typeof NoteInput.Type

/**
 * The customer whose notes are added or changed (by `user_id`, `id`, mobile, email or external id) and the notes.
 *
 * @since 0.2.0
 * @category notes
 */
export const NotesInput = Schema.Struct({
  ...customerIdentifierFields,
  associate_id: Schema.optional(CustomerV11.LooseString),
  notes: CustomerV11.Wrapped("note", NoteInput).check(Schema.isMinLength(1))
}).check(namesTheCustomer)

/**
 * The type of `NotesInput`.
 *
 * @since 0.2.0
 * @category notes
 */
export type NotesInput = typeof NotesInput.Type

/**
 * The body of `POST customer/notes`: one customer (the endpoint takes no batch).
 *
 * @since 0.2.0
 * @category notes
 */
export const NotesRequest = Schema.Struct({
  root: Schema.Struct({
    customer: Envelope.V11List(NotesInput).check(Schema.isMinLength(1), Schema.isMaxLength(1))
  })
})

/**
 * The type of `NotesRequest`.
 *
 * @since 0.2.0
 * @category notes
 */
export type NotesRequest = typeof NotesRequest.Type

/**
 * A customer with notes: those added or changed (`POST`), or all of them (`GET`), with the item status.
 *
 * @since 0.2.0
 * @category notes
 */
export const CustomerNotes = Schema.Struct({
  ...answerIdentifierFields,
  notes: Schema.optional(CustomerV11.Wrapped("note", CustomerV11.Note)),
  item_status: Schema.optional(CustomerV11.ItemStatus)
})

/**
 * The type of `CustomerNotes`.
 *
 * @since 0.2.0
 * @category notes
 */
export type CustomerNotes = typeof CustomerNotes.Type

/**
 * The answer to `customer/notes` (both methods): `customer`.
 *
 * @since 0.2.0
 * @category notes
 */
export const NotesResponse = CustomerV11.Body({ customer: Envelope.V11List(CustomerNotes) })

/**
 * The type of `NotesResponse`.
 *
 * @since 0.2.0
 * @category notes
 */
export type NotesResponse = typeof NotesResponse.Type

/**
 * The query of `GET customer/notes`: one customer.
 *
 * @since 0.2.0
 * @category notes
 */
export const NotesQuery = CustomerV11.IdentifierQuery

// ---------------------------------------------------------------------------------------------------------------
// Tickets
// ---------------------------------------------------------------------------------------------------------------

/**
 * Ticket priorities (any case).
 *
 * @since 0.2.0
 * @category tickets
 */
export const priorities = ["LOW", "MEDIUM", "HIGH"] as const

/**
 * Where a ticket was reported.
 *
 * @since 0.2.0
 * @category tickets
 */
export const reportedFrom = ["EMAIL", "INTOUCH", "CALLCENTER", "CLIENT", "MICROSITE", "SOCIAL"] as const

/**
 * Ticket types (any case).
 *
 * @since 0.2.0
 * @category tickets
 */
export const ticketTypes = ["STORE", "CUSTOMER"] as const

const anyCase = (values: ReadonlyArray<string>, what: string) =>
  Schema.String.check(
    Schema.makeFilter((value) =>
      values.includes(value.toUpperCase()) ? undefined : `${what} is one of ${values.join(", ")}`
    )
  )

/**
 * A ticket to create: its subject (required, 1303 when empty) and message, status (one of the org's; `OPEN` by
 * default), priority, department, code, where it was reported, type and custom fields.
 *
 * @since 0.2.0
 * @category tickets
 */
export const TicketInput = Schema.Struct({
  subject: Schema.String.check(
    Schema.makeFilter((value) => value.trim() === "" ? "a ticket has a subject (1303)" : undefined)
  ),
  message: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(50))),
  priority: Schema.optional(anyCase(priorities, "priority")),
  department: Schema.optional(Schema.String),
  ticket_code: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(50))),
  reported_from: Schema.optional(anyCase(reportedFrom, "reported_from")),
  type: Schema.optional(anyCase(ticketTypes, "type")),
  custom_fields: Schema.optional(CustomerV11.Fields)
})

/**
 * The type of `TicketInput`.
 *
 * @since 0.2.0
 * @category tickets
 */
export type TicketInput = typeof TicketInput.Type

/**
 * The customer a ticket is for and the tickets.
 *
 * @since 0.2.0
 * @category tickets
 */
export const TicketsInput = Schema.Struct({
  ...customerIdentifierFields,
  ticket: Envelope.V11List(TicketInput).check(Schema.isMinLength(1))
}).check(namesTheCustomer)

/**
 * The type of `TicketsInput`.
 *
 * @since 0.2.0
 * @category tickets
 */
export type TicketsInput = typeof TicketsInput.Type

/**
 * The body of `POST customer/tickets`: one customer.
 *
 * @since 0.2.0
 * @category tickets
 */
export const TicketRequest = Schema.Struct({
  root: Schema.Struct({
    customer: Envelope.V11List(TicketsInput).check(Schema.isMinLength(1), Schema.isMaxLength(1))
  })
})

/**
 * The type of `TicketRequest`.
 *
 * @since 0.2.0
 * @category tickets
 */
export type TicketRequest = typeof TicketRequest.Type

/**
 * A ticket, as Capillary answers it.
 *
 * @since 0.2.0
 * @category tickets
 */
export const Ticket = Schema.Struct({
  code: Schema.String,
  status: Schema.optional(Schema.String),
  priority: Schema.optional(Schema.String),
  department: Schema.optional(Schema.String),
  subject: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String),
  reported_from: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  created_date: Schema.optional(Schema.String),
  custom_fields: Schema.optional(CustomerV11.Fields)
})

/**
 * The type of `Ticket`.
 *
 * @since 0.2.0
 * @category tickets
 */
export type Ticket = typeof Ticket.Type

/**
 * The answer to `POST customer/tickets`: the customer and the ticket(s) created (1300).
 *
 * @since 0.2.0
 * @category tickets
 */
export const TicketAddResponse = CustomerV11.Body({
  customers: Schema.Struct({
    customer: Envelope.V11List(Schema.Struct({
      ...answerIdentifierFields,
      ticket: Schema.optional(Envelope.V11List(Ticket)),
      item_status: Schema.optional(CustomerV11.ItemStatus)
    }))
  })
})

/**
 * The type of `TicketAddResponse`.
 *
 * @since 0.2.0
 * @category tickets
 */
export type TicketAddResponse = typeof TicketAddResponse.Type

/**
 * The query of `GET customer/tickets`: the customers, and filters by status, priority, department, code, where
 * reported, type and creation date (`YYYY-MM-DD`).
 *
 * @since 0.2.0
 * @category tickets
 */
export const TicketsQuery = CustomerV11.queryWith({
  status: Schema.optional(Schema.String),
  priority: Schema.optional(anyCase(priorities, "priority")),
  department: Schema.optional(Schema.String),
  ticket_code: Schema.optional(Schema.String),
  reported_from: Schema.optional(anyCase(reportedFrom, "reported_from")),
  type: Schema.optional(anyCase(ticketTypes, "type")),
  start_date: Schema.optional(CustomerV11.QueryDate),
  end_date: Schema.optional(CustomerV11.QueryDate)
})

/**
 * The type of `TicketsQuery`.
 *
 * @since 0.2.0
 * @category tickets
 */
export type TicketsQuery = typeof TicketsQuery.Type

/**
 * A customer and their tickets.
 *
 * @since 0.2.0
 * @category tickets
 */
export const CustomerTickets = Schema.Struct({
  ...answerIdentifierFields,
  tickets: Schema.optional(CustomerV11.Wrapped("ticket", Ticket)),
  item_status: Schema.optional(CustomerV11.ItemStatus)
})

/**
 * The answer to `GET customer/tickets`: `customer`, one or several.
 *
 * @since 0.2.0
 * @category tickets
 */
export const TicketsResponse = CustomerV11.Body({ customer: Envelope.V11List(CustomerTickets) })

/**
 * The type of `TicketsResponse`.
 *
 * @since 0.2.0
 * @category tickets
 */
export type TicketsResponse = typeof TicketsResponse.Type

// ---------------------------------------------------------------------------------------------------------------
// Preferences
// ---------------------------------------------------------------------------------------------------------------

/**
 * A customer's preferences to set: the customer, the preferred store (by code) and preference values
 * (`custom_fields`), at least one of the two.
 *
 * @since 0.2.0
 * @category preferences
 */
export const PreferencesInput = Schema.Struct({
  ...customerIdentifierFields,
  local_id: Schema.optional(Schema.String),
  store: Schema.optional(Schema.Struct({
    code: Schema.optional(Schema.String),
    id: Schema.optional(CustomerV11.LooseString)
  })),
  custom_fields: Schema.optional(CustomerV11.Fields)
}).check(
  namesTheCustomer,
  Schema.makeFilter((input) =>
    (input.custom_fields?.length ?? 0) > 0 || (input.store?.code ?? "").trim() !== ""
      ? undefined
      : "preferences are custom_fields, a store code, or both"
  )
)

/**
 * The type of `PreferencesInput`.
 *
 * @since 0.2.0
 * @category preferences
 */
export type PreferencesInput = typeof PreferencesInput.Type

/**
 * The body of `POST customer/preferences`: 1 to 100 customers.
 *
 * @since 0.2.0
 * @category preferences
 */
export const PreferencesRequest = Schema.Struct({
  root: Schema.Struct({
    customer: Envelope.V11List(PreferencesInput).check(
      Schema.isMinLength(1),
      Schema.isMaxLength(CustomerV11.maxBatch)
    )
  })
})

/**
 * The type of `PreferencesRequest`.
 *
 * @since 0.2.0
 * @category preferences
 */
export type PreferencesRequest = typeof PreferencesRequest.Type

/**
 * A customer's preferences as answered: the values, the preferred store and whether it was found, and the item
 * status (code 200 on success, as Capillary writes it here).
 *
 * @since 0.2.0
 * @category preferences
 */
export const CustomerPreferences = Schema.Struct({
  ...answerIdentifierFields,
  local_id: Schema.optional(Schema.String),
  custom_fields: Schema.optional(CustomerV11.Fields),
  store: Schema.optional(Schema.Struct({
    id: Schema.optional(CustomerV11.LooseString),
    code: Schema.optional(Schema.String),
    name: Schema.optional(Schema.String),
    status: Schema.optional(Schema.String)
  })),
  item_status: Schema.optional(CustomerV11.ItemStatus)
})

/**
 * The type of `CustomerPreferences`.
 *
 * @since 0.2.0
 * @category preferences
 */
export type CustomerPreferences = typeof CustomerPreferences.Type

/**
 * The answer to `customer/preferences` (both methods): `customers.customer[]`.
 *
 * @since 0.2.0
 * @category preferences
 */
export const PreferencesResponse = CustomerV11.Body({
  customers: Schema.Struct({ customer: Envelope.V11List(CustomerPreferences) })
})

/**
 * The type of `PreferencesResponse`.
 *
 * @since 0.2.0
 * @category preferences
 */
export type PreferencesResponse = typeof PreferencesResponse.Type

/**
 * The query of `GET customer/preferences`: the customers (and whether to include their id).
 *
 * @since 0.2.0
 * @category preferences
 */
export const PreferencesQuery = CustomerV11.queryWith({ user_id: Schema.optional(CustomerV11.Flag) })

/**
 * The type of `PreferencesQuery`.
 *
 * @since 0.2.0
 * @category preferences
 */
export type PreferencesQuery = typeof PreferencesQuery.Type

// ---------------------------------------------------------------------------------------------------------------
// Interactions
// ---------------------------------------------------------------------------------------------------------------

/**
 * The query of `customer/interaction`: the customers, and filters by network (`facebook`, `twitter`,
 * `foursquare`, `capillary`), interaction type and period.
 *
 * @since 0.2.0
 * @category interactions
 */
export const InteractionsQuery = CustomerV11.queryWith({
  network: Schema.optional(Schema.Literals(["facebook", "twitter", "foursquare", "capillary"])),
  type: Schema.optional(Schema.String),
  start_date: Schema.optional(CustomerV11.QueryDate),
  end_date: Schema.optional(CustomerV11.QueryDate)
})

/**
 * The type of `InteractionsQuery`.
 *
 * @since 0.2.0
 * @category interactions
 */
export type InteractionsQuery = typeof InteractionsQuery.Type

/**
 * One kind of interaction on a network: its type and count, with the check-in locations, messages or surveys.
 *
 * @since 0.2.0
 * @category interactions
 */
export const Interaction = Schema.Struct({
  type: Schema.String,
  count: Schema.optional(Envelope.LooseNumber),
  locs: Schema.optional(Schema.Json),
  messages: Schema.optional(Schema.Json),
  surveys: Schema.optional(Schema.Json),
  latest_nps_score: Schema.optional(Envelope.LooseNumber),
  latest_survey_name: Schema.optional(Schema.String),
  latest_survey_interaction_time: Schema.optional(Schema.String)
})

/**
 * A network (`facebook`, `twitter`, `capillary`, ...) and the customer's interactions on it.
 *
 * @since 0.2.0
 * @category interactions
 */
export const Network = Schema.Struct({
  name: Schema.String,
  interaction: Schema.optional(Envelope.V11List(Interaction))
})

/**
 * A customer and their interactions.
 *
 * @since 0.2.0
 * @category interactions
 */
export const CustomerInteractions = Schema.Struct({
  ...answerIdentifierFields,
  interactions: Schema.optional(CustomerV11.Wrapped("network", Network)),
  item_status: Schema.optional(CustomerV11.ItemStatus)
})

/**
 * The answer to `customer/interaction`: `customer`, one or several.
 *
 * @since 0.2.0
 * @category interactions
 */
export const InteractionsResponse = CustomerV11.Body({ customer: Envelope.V11List(CustomerInteractions) })

/**
 * The type of `InteractionsResponse`.
 *
 * @since 0.2.0
 * @category interactions
 */
export type InteractionsResponse = typeof InteractionsResponse.Type

// ---------------------------------------------------------------------------------------------------------------
// Recommendations
// ---------------------------------------------------------------------------------------------------------------

/**
 * The query of `customer/recommendations`: one customer, whether to include their id, and how many
 * recommendations.
 *
 * @since 0.2.0
 * @category recommendations
 */
export const RecommendationsQuery = CustomerV11.queryWith({
  user_id: Schema.optional(CustomerV11.Flag),
  limit: Schema.optional(CustomerV11.CountFromString)
})

/**
 * The type of `RecommendationsQuery`.
 *
 * @since 0.2.0
 * @category recommendations
 */
export type RecommendationsQuery = typeof RecommendationsQuery.Type

/**
 * A customer's product recommendations (items read as JSON objects; Capillary documents no item shape).
 *
 * @since 0.2.0
 * @category recommendations
 */
export const CustomerRecommendations = Schema.Struct({
  ...answerIdentifierFields,
  count: Schema.optional(Envelope.LooseNumber),
  recommendations: Schema.optional(CustomerV11.Wrapped("recommendation", Schema.Record(Schema.String, Schema.Json))),
  item_status: Schema.optional(CustomerV11.ItemStatus)
})

/**
 * The answer to `customer/recommendations`: `customer`.
 *
 * @since 0.2.0
 * @category recommendations
 */
export const RecommendationsResponse = CustomerV11.Body({ customer: Envelope.V11List(CustomerRecommendations) })

/**
 * The type of `RecommendationsResponse`.
 *
 * @since 0.2.0
 * @category recommendations
 */
export type RecommendationsResponse = typeof RecommendationsResponse.Type

/**
 * The name the preferred store is kept under, among a customer's preferences.
 *
 * @since 0.2.0
 * @category preferences
 */
export const preferredStoreField = "PREFERRED_STORE"
