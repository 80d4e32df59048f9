/**
 * The points service: a customer's points balance (or their user group's), the points ledger's closing
 * balances, one page of ledger entries, and every ledger entry as a `Stream` that reads the pages lazily. All of
 * them are reads, retried on transient failures; each fails with the domain errors it can meet.
 *
 * @since 0.1.0
 */
import { CapillaryClient, type CapillaryError } from "@capillary-effect/core"
import { Context, Effect, Layer, type Stream } from "effect"
import type * as PointsModel from "./Points.ts"
import * as PointsApi from "./PointsApi.ts"
import type { InvalidProgram, InvalidUserGroup, PointsCustomerNotFound } from "./PointsErrors.ts"

/**
 * Whose ledger: a customer by id, a customer by an identifier in a source (`ALL` for any), or a user group by id,
 * external id or its primary member's id.
 *
 * @since 0.1.0
 * @category models
 */
export type LedgerSubject =
  | { readonly customerId: PointsModel.CustomerId }
  | {
    readonly source: PointsModel.LookupSource
    readonly accountId?: string | undefined
    readonly identifier: {
      readonly type: "mobile" | "email" | "externalId" | "cardnumber" | "cardExternalId"
      readonly value: string
    }
  }
  | {
    readonly group:
      | { readonly id: number }
      | { readonly externalId: string }
      | { readonly primaryUserId: PointsModel.CustomerId }
  }

/**
 * Which ledger entries (all when absent): a program, an entry type, a points category, a date range
 * (`YYYY-MM-DDThh:mm:ss`), the order (`ASC`, oldest first, or `DESC`), and the page size (1 to 10, default 10).
 *
 * @since 0.1.0
 * @category models
 */
export interface LedgerOptions {
  readonly programId?: PointsModel.ProgramId | undefined
  readonly ledgerEntryType?: PointsModel.LedgerEntryType | undefined
  readonly pointCategoryType?: PointsModel.PointCategoryType | undefined
  readonly startDate?: string | undefined
  readonly endDate?: string | undefined
  readonly sortOrder?: "ASC" | "DESC" | undefined
  readonly pageSize?: number | undefined
}

/**
 * Which closing balances (all programs and categories, as of now, when absent).
 *
 * @since 0.1.0
 * @category models
 */
export interface LedgerBalanceOptions {
  readonly programId?: PointsModel.ProgramId | undefined
  readonly pointCategoryType?: PointsModel.PointCategoryType | undefined
  /** `YYYY-MM-DDThh:mm:ss`: the balances at the end of that moment. */
  readonly endDate?: string | undefined
}

/**
 * How a points read can fail.
 *
 * @since 0.1.0
 * @category errors
 */
export type PointsError = CapillaryError.CapillaryError | PointsCustomerNotFound | InvalidProgram | InvalidUserGroup

/**
 * The operations of the points service.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * The customer's points in a program (the organisation's default when none is named): `CUSTOMER`, their own;
   * `FLEET`, those of their user group (`InvalidUserGroup` when they are in none).
   */
  readonly balance: (
    customerId: PointsModel.CustomerId,
    options?: {
      readonly programId?: PointsModel.ProgramId | undefined
      readonly entityType?: PointsModel.BalanceEntityType
    }
  ) => Effect.Effect<PointsModel.PointsBalance, PointsError>
  /** The points of the customer's user group: `balance` with `entityType` `FLEET`. */
  readonly groupBalance: (
    memberId: PointsModel.CustomerId,
    options?: { readonly programId?: PointsModel.ProgramId | undefined }
  ) => Effect.Effect<PointsModel.PointsBalance, PointsError>
  /** The closing balance of each program and points category of a ledger. */
  readonly ledgerBalance: (
    subject: LedgerSubject,
    options?: LedgerBalanceOptions
  ) => Effect.Effect<PointsModel.LedgerBalance, PointsError>
  /** One page of ledger entries (`page` from 0), with where it is in the whole. */
  readonly ledgerInfo: (
    subject: LedgerSubject,
    options?: LedgerOptions & { readonly page?: number | undefined }
  ) => Effect.Effect<PointsModel.LedgerInfo, PointsError>
  /** Every ledger entry, page after page, read as the stream is consumed. */
  readonly ledgerEntries: (
    subject: LedgerSubject,
    options?: LedgerOptions
  ) => Stream.Stream<PointsModel.LedgerEntry, PointsError>
}

/**
 * The points service.
 *
 * @since 0.1.0
 * @category services
 */
export class Points extends Context.Service<Points, Service>()("@capillary-effect/rewards/Points") {}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The query fields naming a ledger's owner. */
const subjectQuery = (subject: LedgerSubject) => {
  if ("customerId" in subject) {
    return { identifierName: "id", identifierValue: String(subject.customerId), source: "INSTORE" } as const
  }
  if ("group" in subject) {
    const { group } = subject
    const [identifierName, value] = "id" in group
      ? ["id", String(group.id)] as const
      : "externalId" in group
      ? ["externalId", group.externalId] as const
      : ["primaryUserId", String(group.primaryUserId)] as const
    return { type: "USERGROUP2", identifierName, identifierValue: value, source: "INSTORE" } as const
  }
  return {
    identifierName: subject.identifier.type,
    identifierValue: subject.identifier.value,
    source: subject.source,
    ...(subject.accountId === undefined ? {} : { accountId: subject.accountId })
  } as const
}

const infoQuery = (subject: LedgerSubject, options: LedgerOptions & { readonly page?: number | undefined } = {}) => {
  const query: Mutable<PointsModel.LedgerInfoQuery> = { ...subjectQuery(subject) }
  if (options.programId !== undefined) query.programId = options.programId
  if (options.ledgerEntryType !== undefined) query.ledgerEntryType = options.ledgerEntryType
  if (options.pointCategoryType !== undefined) query.pointCategoryType = options.pointCategoryType
  if (options.startDate !== undefined) query.startDate = options.startDate
  if (options.endDate !== undefined) query.endDate = options.endDate
  if (options.sortOrder !== undefined) query.sortOrder = options.sortOrder
  if (options.pageSize !== undefined) query.limit = options.pageSize
  if (options.page !== undefined) query.offset = options.page
  return query
}

const balanceQuery = (subject: LedgerSubject, options: LedgerBalanceOptions = {}) => {
  const query: Mutable<PointsModel.LedgerBalanceQuery> = { ...subjectQuery(subject) }
  if (options.programId !== undefined) query.programId = options.programId
  if (options.pointCategoryType !== undefined) query.pointCategoryType = options.pointCategoryType
  if (options.endDate !== undefined) query.endDate = options.endDate
  return query
}

/**
 * Builds the service on the client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const balance = Effect.fn("Points.balance")(function*(
    customerId: PointsModel.CustomerId,
    options: {
      readonly programId?: PointsModel.ProgramId | undefined
      readonly entityType?: PointsModel.BalanceEntityType
    } = {}
  ) {
    const query: Mutable<PointsModel.BalanceQuery> = {}
    if (options.programId !== undefined) query.programId = options.programId
    if (options.entityType !== undefined) query.entityType = options.entityType
    return yield* client.execute(PointsApi.pointsBalance, { path: { userId: customerId }, query })
  })

  const groupBalance = (
    memberId: PointsModel.CustomerId,
    options: { readonly programId?: PointsModel.ProgramId | undefined } = {}
  ) => balance(memberId, { ...options, entityType: "FLEET" })

  const ledgerBalance = Effect.fn("Points.ledgerBalance")(
    function*(subject: LedgerSubject, options?: LedgerBalanceOptions) {
      return yield* client.execute(PointsApi.ledgerBalance, { query: balanceQuery(subject, options) })
    }
  )

  const ledgerInfo = Effect.fn("Points.ledgerInfo")(
    function*(subject: LedgerSubject, options?: LedgerOptions & { readonly page?: number | undefined }) {
      return yield* client.execute(PointsApi.ledgerInfo, { query: infoQuery(subject, options) })
    }
  )

  const ledgerEntries = (subject: LedgerSubject, options?: LedgerOptions) =>
    client.stream(PointsApi.ledgerInfo, { query: infoQuery(subject, options) })

  return Points.of({ balance, groupBalance, ledgerBalance, ledgerInfo, ledgerEntries })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Points, never, CapillaryClient.CapillaryClient> = Layer.effect(Points, make)
