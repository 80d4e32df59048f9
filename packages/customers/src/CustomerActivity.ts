/**
 * What a customer did and may do next, as Capillary's v2 API reads it: the customer's transactions (a page at a
 * time, newest first unless asked otherwise) and their product recommendations.
 *
 * Assumed where the documentation gives no example: a transaction carries the fields the documentation lists
 * (`id`, `customerId`, `loyaltyLogId`, `billingTime`, `billNumber`, `type`, `returnType`, `notes`, `amount`,
 * `grossAmount`, `discount`, `outlierStatus`, and with `embed` the store, extended and custom fields, credit
 * notes, attribution and bill points), read with the types their names imply; the recommendations answer has the
 * shape of Capillary's recommendation engine (`boxType`, `totalResults`, `recommendedItems.items[]` of
 * `{sku, score, rank, values}`), which the lookup endpoint documents no shape of its own for.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema } from "effect"
import * as Customer from "./Customer.ts"

const IntFromString = (minimum: number, maximum?: number) =>
  Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(
    maximum === undefined
      ? Schema.isGreaterThanOrEqualTo(minimum)
      : Schema.isBetween({ minimum, maximum })
  )))

// ---------------------------------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------------------------------

/**
 * The largest page of a customer's transactions.
 *
 * @since 0.2.0
 * @category transactions
 */
export const maxTransactionsPage = 1000

/**
 * What a transactions read may embed in each transaction.
 *
 * @since 0.2.0
 * @category transactions
 */
export const embeds = [
  "BILL_CF",
  "BILL_EF",
  "ATTRIBUTION",
  "PAYMENT_MODES",
  "CREDIT_NOTES",
  "BILL_STORE_DETAILS",
  "BILL_POINTS"
] as const

const dateTime = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, {
  message: "a date is YYYY-MM-DD HH:MM:SS"
}))

/**
 * The query of `GET /v2/customers/{id}/transactions`: the page (`limit` 1 to 1000, default 20; `offset`), the
 * order (`sortBy=BILLING_TIME`, `sortOrder` DESC by default), a period (`YYYY-MM-DD HH:MM:SS`) and what to embed
 * (comma-separated).
 *
 * @since 0.2.0
 * @category transactions
 */
export const TransactionsQuery = Schema.Struct({
  limit: Schema.optional(IntFromString(1, maxTransactionsPage)),
  offset: Schema.optional(IntFromString(0)),
  sortBy: Schema.optional(Schema.Literal("BILLING_TIME")),
  sortOrder: Schema.optional(Schema.Literals(["ASC", "DESC"])),
  startDate: Schema.optional(dateTime),
  endDate: Schema.optional(dateTime),
  embed: Schema.optional(
    Schema.String.check(
      Schema.makeFilter((value) =>
        value.split(",").every((part) => (embeds as ReadonlyArray<string>).includes(part.trim()))
          ? undefined
          : `embed is a comma-separated list of ${embeds.join(", ")}`
      )
    )
  )
})

/**
 * The type of `TransactionsQuery`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type TransactionsQuery = typeof TransactionsQuery.Type

/**
 * A transaction of the customer.
 *
 * @since 0.2.0
 * @category transactions
 */
export const Transaction = Schema.Struct({
  id: Schema.Int,
  customerId: Schema.optional(Customer.CustomerId),
  loyaltyLogId: Schema.optional(Schema.Int),
  billingTime: Schema.optional(Schema.String),
  billNumber: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  returnType: Schema.optional(Schema.String),
  notes: Schema.optional(Schema.String),
  amount: Schema.optional(Schema.Finite),
  grossAmount: Schema.optional(Schema.Finite),
  discount: Schema.optional(Schema.Finite),
  outlierStatus: Schema.optional(Schema.String),
  billingStore: Schema.optional(Schema.Record(Schema.String, Schema.Json)),
  extendedFields: Schema.optional(Customer.Fields),
  customFields: Schema.optional(Customer.Fields),
  creditNotes: Schema.optional(Schema.Array(Schema.Record(Schema.String, Schema.Json))),
  attribution: Schema.optional(Schema.Record(Schema.String, Schema.Json)),
  billPoints: Schema.optional(Schema.Record(Schema.String, Schema.Json))
})

/**
 * The type of `Transaction`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type Transaction = typeof Transaction.Type

/**
 * A page of the customer's transactions: the page asked for with the total, and the transactions.
 *
 * @since 0.2.0
 * @category transactions
 */
export const TransactionsPage = Schema.Struct({
  pagination: Schema.Struct({
    limit: Schema.Int,
    offset: Schema.Int,
    sortBy: Schema.optional(Schema.String),
    sortOrder: Schema.optional(Schema.String),
    total: Schema.Int
  }),
  data: Schema.Array(Transaction),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `TransactionsPage`.
 *
 * @since 0.2.0
 * @category transactions
 */
export type TransactionsPage = typeof TransactionsPage.Type

// ---------------------------------------------------------------------------------------------------------------
// Recommendations
// ---------------------------------------------------------------------------------------------------------------

/**
 * An image of a recommended product.
 *
 * @since 0.2.0
 * @category recommendations
 */
export const Image = Schema.Struct({
  label: Schema.optional(Schema.String),
  url: Schema.optional(Schema.String)
})

/**
 * A recommended product: its SKU, score and rank, and its catalogue values.
 *
 * @since 0.2.0
 * @category recommendations
 */
export const RecommendedItem = Schema.Struct({
  sku: Schema.String,
  score: Schema.optional(Schema.Finite),
  rank: Schema.optional(Schema.Int),
  values: Schema.optional(Schema.Struct({
    name: Schema.optional(Schema.String),
    description: Schema.optional(Schema.String),
    categories: Schema.optional(Schema.Array(Schema.String)),
    image: Schema.optional(Image),
    smallImage: Schema.optional(Image),
    productUrl: Schema.optional(Schema.String)
  }))
})

/**
 * The type of `RecommendedItem`.
 *
 * @since 0.2.0
 * @category recommendations
 */
export type RecommendedItem = typeof RecommendedItem.Type

/**
 * A customer's recommendations: the model (`boxType`), the group, how many, and the items.
 *
 * @since 0.2.0
 * @category recommendations
 */
export const Recommendations = Schema.Struct({
  status: Schema.optional(Schema.Struct({
    success: Schema.optional(Schema.Boolean),
    code: Schema.optional(Schema.Number)
  })),
  group: Schema.optional(Schema.String),
  boxType: Schema.optional(Schema.String),
  totalResults: Schema.optional(Schema.Int),
  recommendedItems: Schema.Struct({ items: Schema.Array(RecommendedItem) }),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue))
})

/**
 * The type of `Recommendations`.
 *
 * @since 0.2.0
 * @category recommendations
 */
export type Recommendations = typeof Recommendations.Type
