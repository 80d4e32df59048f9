/**
 * What the emulator does for the v2 customer batches of `@capillary-effect/customers` (`CustomerBulkApi`): the
 * bulk upsert, the association of customers with a hierarchy and its update, and the read of a parent's
 * children. Each item of a batch runs in a savepoint of the request's transaction: a failed item writes nothing,
 * answers its own `errors`, and the others stand.
 *
 * Upsert (see `internal/customerBulk.ts`): a customer is found by any identifier of a profile in that profile's
 * source and account (INSTORE when absent), updated (names, custom fields, channels, extended fields,
 * non-loyalty to loyalty, status label; a profile in a new source, warning 8050; with `skipChangeIdentifier=false`
 * an identifier replaces the profile's one of its type, or is added) or registered. Item errors: two customers found 8053, an identifier held by another
 * customer 8008, loyalty to non-loyalty 1046, and the registration's own (8006, 1016, 1032, 1033).
 *
 * Association: the emulator has no hierarchy configuration, so a hierarchy is known by its code and a company by
 * its external id from their first use (ids are assigned then). Each customer has one association: a role, the
 * role given to the children named with them, a parent and a company. `POST /v2/bulk` registers the customer,
 * their parent and their children when not known (found by the first identifier of a profile in its source);
 * `PUT /v2/bulk` finds them only (8015 per item otherwise). A parent that is the customer or one of their
 * descendants is refused (400, "Invalid association"). A child that fails is counted in `childFailureCount`, with
 * its error in the item's `errors`. Subscriptions sent with an upsert are not applied (the subscription endpoints
 * own that state).
 *
 * Children read: the parent by identifier in the source (8015), their children in creation order (`sortOrder=DESC`
 * newest first; `sortBy=lastUpdatedOn` by last change), a page of `limit` (10) from `offset`; `count` is the
 * number of children in all. Requests refused as a whole: more than 100 items 1060, an unknown source 8003, an
 * unknown identifier type 8013, a bad page 8100 / 8101 / 8102.
 *
 * @since 0.2.0
 */
import { Customer, CustomerBulk, CustomerBulkApi } from "@capillary-effect/customers"
import { Effect, Result, Schema } from "effect"
import type { SqlClient } from "effect/sql"
import { handle, isRecord, type RawInput, reject, Rejection } from "./Behaviour.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import { attempt } from "./CustomerV11Behaviours.ts"
import type { Catalog } from "./Emulator.ts"
import type { Migration } from "./EmulatorDatabase.ts"
import * as Bulk from "./internal/customerBulk.ts"
import * as Customers from "./internal/customers.ts"
import { isoSeconds } from "./internal/dates.ts"

/**
 * The hierarchy tables, after those of customers: hierarchies (by code), companies (by external id) and one
 * association per customer.
 *
 * @since 0.2.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...CustomerBehaviours.migrations,
  "0141_customer_associations": Bulk.createTables
}

const isSource = Schema.is(Customer.Source)
const isLookupSource = Schema.is(Customer.LookupSource)
const isParentIdentifier = Schema.is(CustomerBulk.ParentIdentifierType)

/** A batch body: more than 100 items 1060; a profile (or parent's or child's) in an unknown source 8003. */
const rejectBatch = (input: RawInput) => {
  if (!Array.isArray(input.body)) return undefined
  if (input.body.length > CustomerBulk.maxBatch) return reject(1060, "Batch limit exceeded")
  const profilesOf = (value: unknown): ReadonlyArray<unknown> =>
    isRecord(value) && Array.isArray(value.profiles) ? value.profiles : []
  const related = (item: unknown): ReadonlyArray<unknown> => {
    const details = isRecord(item) ? item.associationDetails : undefined
    if (!isRecord(details)) return []
    return [details.parentCustomer, ...(Array.isArray(details.childCustomers) ? details.childCustomers : [])]
  }
  const unknown = input.body.some((item) =>
    [item, ...related(item)].some((customer) =>
      profilesOf(customer).some((profile) =>
        isRecord(profile) && typeof profile.source === "string" && !isSource(profile.source)
      )
    )
  )
  return unknown ? reject(8003, "Invalid source") : undefined
}

const rejectUpdate = (input: RawInput) => {
  const source = input.query.source
  return typeof source === "string" && !isLookupSource(source) ? reject(8003, "Invalid source") : rejectBatch(input)
}

/** The children read: the source (8001 / 8003), the parent's identifier (8013), the page (8100 / 8101 / 8102). */
const rejectChildren = (input: RawInput) => {
  const { associationEntityIdentifierType: type, limit, offset, source } = input.query
  if (source === undefined) return reject(8001, "Source is required for a lookup")
  if (typeof source === "string" && !isLookupSource(source)) return reject(8003, "Invalid source")
  if (typeof type === "string" && !isParentIdentifier(type)) return reject(8013, "Invalid identifier")
  if (typeof offset === "string" && /^-\d+$/.test(offset)) return reject(8100, "offset cannot be negative")
  if (typeof limit === "string" && /^-?\d+$/.test(limit)) {
    if (Number(limit) <= 0) return reject(8101, "limit must be positive")
    if (Number(limit) > 100) return reject(8102, "limit cannot be more than 100")
  }
  return undefined
}

const issue = (rejection: Rejection) => ({ status: false, code: rejection.code, message: rejection.message })

// ---------------------------------------------------------------------------------------------------------------
// Reading associated customers
// ---------------------------------------------------------------------------------------------------------------

/** A customer's profiles (of the source asked for) and extended fields, with their id. */
const related = Effect.fnUntraced(function*(orgId: number, customerId: number, filter: Customers.ProfileFilter) {
  const customer = yield* Customers.load(orgId, customerId, filter)
  return {
    id: Customer.CustomerId.make(customerId),
    profiles: customer?.profiles ?? [],
    ...(customer?.extendedFields === undefined ? {} : { extendedFields: customer.extendedFields })
  }
})

/** A customer's association as answered: hierarchy, roles, parent, current children and company. */
const detailsOf = Effect.fnUntraced(function*(
  orgId: number,
  customerId: number,
  filter: Customers.ProfileFilter,
  isNew: boolean | undefined
) {
  const row = yield* Bulk.association(customerId)
  if (row === undefined) return undefined
  const childRows = yield* Bulk.children(customerId, { by: "createdon", descending: false })
  const childCustomers = []
  for (const child of childRows) childCustomers.push(yield* related(orgId, child.customer_id, filter))
  return {
    hierarchyCode: row.code,
    hierarchyId: row.hierarchy_id,
    ...(row.role_code === null ? {} : { roleCode: row.role_code }),
    ...(row.child_role_code === null ? {} : { childRoleCode: row.child_role_code }),
    ...(row.parent_customer_id === null
      ? {}
      : { parentCustomer: yield* related(orgId, row.parent_customer_id, filter) }),
    ...(childCustomers.length === 0 ? {} : { childCustomers }),
    ...(row.company_id === null || row.external_id === null
      ? {}
      : { fleetCompany: { externalId: row.external_id, companyId: row.company_id } }),
    ...(isNew === undefined ? {} : { new: isNew }),
    childCustomer: row.parent_customer_id !== null
  } satisfies CustomerBulk.AssociationDetails
})

/** A customer as the association answers show them. */
const associated = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly filter: Customers.ProfileFilter
  readonly isNew?: boolean | undefined
  readonly warnings?: ReadonlyArray<{ readonly status: boolean; readonly code: number; readonly message: string }>
  readonly referralCode?: string | undefined
}) {
  const customer = yield* Customers.load(options.orgId, options.customerId, options.filter)
  const details = yield* detailsOf(options.orgId, options.customerId, options.filter, options.isNew)
  return {
    id: Customer.CustomerId.make(options.customerId),
    profiles: customer?.profiles ?? [],
    ...(customer?.loyaltyInfo === undefined ? {} : { loyaltyInfo: customer.loyaltyInfo }),
    segments: {},
    ...(options.referralCode === undefined ? {} : { referralCode: options.referralCode }),
    ...(details === undefined ? {} : { associationDetails: details }),
    ...(customer?.extendedFields === undefined ? {} : { extendedFields: customer.extendedFields }),
    warnings: options.warnings ?? []
  } satisfies CustomerBulk.AssociatedCustomer
})

// ---------------------------------------------------------------------------------------------------------------
// Behaviours
// ---------------------------------------------------------------------------------------------------------------

/**
 * `customers.upsertBulk`: updates or registers each customer (see the module doc); one bulk item each, with the
 * customer as read afterwards.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const upsert = handle(
  CustomerBulkApi.upsert,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const items = []
      for (const customer of input.body) {
        const result = yield* attempt(Effect.gen(function*() {
          const done = yield* Bulk.upsert({
            orgId,
            customer,
            changeIdentifiers: input.query.skipChangeIdentifier === false,
            now: context.now,
            by: context.principal.tillCode
          })
          return { done, read: (yield* Customers.load(orgId, done.customerId, { source: "ALL" }))! }
        }))
        items.push(
          Result.isSuccess(result)
            ? {
              entityId: result.success.done.customerId,
              result: result.success.read,
              errors: [],
              warnings: result.success.done.warnings
            }
            : { errors: [issue(result.failure)], warnings: [] }
        )
      }
      return {
        response: items,
        totalCount: items.length,
        failureCount: items.filter((item) => item.errors.length > 0).length,
        warnings: []
      }
    }),
  { rejectInvalid: rejectBatch }
)

/** What one association request applies, for `POST` (registering) and `PUT` (finding only). */
const applyAssociation = Effect.fnUntraced(function*(options: {
  readonly orgId: number
  readonly customerId: number
  readonly details: CustomerBulk.AssociationInput
  readonly register: boolean
  readonly now: number
  readonly by: string
}) {
  const { details, now, orgId } = options
  const hierarchyId = yield* Bulk.hierarchy(orgId, details.hierarchyCode, now)
  const companyId = details.fleetCompany === undefined
    ? undefined
    : yield* Bulk.company(orgId, details.fleetCompany.externalId)
  const parentId = details.parentCustomer === undefined ? undefined : (yield* Bulk.findOrRegister({
    orgId,
    customer: details.parentCustomer,
    register: options.register,
    now,
    by: options.by
  })).customerId
  const isNew = yield* Bulk.associate({
    orgId,
    customerId: options.customerId,
    hierarchyId,
    roleCode: details.roleCode,
    childRoleCode: details.childRoleCode,
    parentId,
    companyId,
    now
  })
  const children: Array<number> = []
  const failures: Array<ReturnType<typeof issue>> = []
  for (const child of details.childCustomers ?? []) {
    const result = yield* attempt(Effect.gen(function*() {
      const found = yield* Bulk.findOrRegister({
        orgId,
        customer: child,
        register: options.register,
        now,
        by: options.by
      })
      yield* Bulk.associate({
        orgId,
        customerId: found.customerId,
        hierarchyId,
        roleCode: details.childRoleCode,
        childRoleCode: undefined,
        parentId: options.customerId,
        companyId,
        now
      })
      return found.customerId
    }))
    if (Result.isSuccess(result)) children.push(result.success)
    else failures.push(issue(result.failure))
  }
  return { isNew, children, failures }
})

/**
 * `customers.associate`: registers (when not known) and associates each customer, their parent and children.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const associate = handle(
  CustomerBulkApi.associate,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const items: Array<CustomerBulk.AssociateItem> = []
      for (const request of input.body) {
        const result = yield* attempt(Effect.gen(function*() {
          const { associationDetails, ...registration } = request
          const found = yield* Bulk.findOrRegister({
            orgId,
            customer: registration,
            register: true,
            now: context.now,
            by: context.principal.tillCode
          })
          const applied = associationDetails === undefined ? undefined : yield* applyAssociation({
            orgId,
            customerId: found.customerId,
            details: associationDetails,
            register: true,
            now: context.now,
            by: context.principal.tillCode
          })
          const filter = { source: "ALL" } as const
          const childEntities = []
          for (const child of applied?.children ?? []) {
            childEntities.push(yield* associated({ orgId, customerId: child, filter }))
          }
          const requested = associationDetails?.childCustomers?.length ?? 0
          return {
            entity: yield* associated({
              orgId,
              customerId: found.customerId,
              filter,
              isNew: applied?.isNew,
              warnings: found.combined ? [Customers.combining] : [],
              referralCode: request.referralCode
            }),
            childEntities,
            childCount: requested,
            childFailureCount: applied?.failures.length ?? 0,
            childSuccessCount: applied?.children.length ?? 0,
            ...((applied?.failures.length ?? 0) === 0 ? {} : { errors: applied!.failures })
          } satisfies CustomerBulk.AssociateItem
        }))
        items.push(Result.isSuccess(result) ? result.success : { errors: [issue(result.failure)] })
      }
      return items
    }),
  { rejectInvalid: rejectBatch }
)

/**
 * `customers.updateAssociation`: changes each known customer's profile and association (8015 per item for a
 * customer, parent or child that is not known).
 *
 * @since 0.2.0
 * @category behaviours
 */
export const updateAssociation = handle(
  CustomerBulkApi.updateAssociation,
  (input, context) =>
    Effect.gen(function*() {
      const orgId = context.principal.orgId
      const filter = { source: input.query.source ?? "ALL", accountId: input.query.accountId }
      const items: Array<CustomerBulk.AssociatedCustomer> = []
      for (const request of input.body) {
        const result = yield* attempt(Effect.gen(function*() {
          const found = yield* Bulk.findOrRegister({
            orgId,
            customer: request,
            register: false,
            now: context.now,
            by: context.principal.tillCode
          })
          const done = yield* Bulk.upsert({
            orgId,
            customer: {
              profiles: request.profiles,
              ...(request.extendedFields === undefined ? {} : { extendedFields: request.extendedFields }),
              ...(request.loyaltyInfo === undefined ? {} : { loyaltyInfo: request.loyaltyInfo })
            },
            changeIdentifiers: false,
            now: context.now,
            by: context.principal.tillCode
          })
          const applied = request.associationDetails === undefined ? undefined : yield* applyAssociation({
            orgId,
            customerId: found.customerId,
            details: request.associationDetails,
            register: false,
            now: context.now,
            by: context.principal.tillCode
          })
          return {
            ...(yield* associated({
              orgId,
              customerId: found.customerId,
              filter,
              isNew: applied?.isNew,
              warnings: done.warnings,
              referralCode: request.referralCode
            })),
            errors: applied?.failures ?? []
          }
        }))
        items.push(Result.isSuccess(result) ? result.success : { profiles: [], errors: [issue(result.failure)] })
      }
      return items
    }),
  { rejectInvalid: rejectUpdate }
)

/**
 * `customers.children`: a page of the parent's children, with their profiles in the source asked for.
 *
 * @since 0.2.0
 * @category behaviours
 */
export const children = handle(
  CustomerBulkApi.children,
  (input, context) =>
    Effect.gen(function*() {
      const { query } = input
      const orgId = context.principal.orgId
      const filter = { source: query.source, accountId: query.accountId }
      const parentId = yield* Customers.findByIdentifier(orgId, {
        type: query.associationEntityIdentifierType,
        value: query.associationEntityIdentifierValue
      }, filter)
      if (parentId === undefined) return yield* Customers.notFound()
      const rows = yield* Bulk.children(parentId, {
        by: query.sortBy ?? "createdon",
        descending: query.sortOrder === "DESC"
      })
      const offset = query.offset ?? 0
      const customers: Array<CustomerBulk.ChildCustomer> = []
      for (const row of rows.slice(offset, offset + (query.limit ?? 10))) {
        const child = yield* related(orgId, row.customer_id, filter)
        customers.push({
          ...child,
          ...(row.role_code === null ? {} : { roleCode: row.role_code }),
          createdDate: isoSeconds(row.created_at),
          ...(query.includeNoOfChildren === true ? { noOfChildren: yield* Bulk.childCount(row.customer_id) } : {}),
          ...(query.includeCustomerAssociateDetail === true
            ? { parentCustomer: yield* related(orgId, parentId, filter) }
            : {})
        })
      }
      return {
        entity: { customers, count: rows.length, errors: [], warnings: [] },
        warnings: [],
        errors: [],
        success: true
      }
    }).pipe(Effect.catchTag("SqlError", Effect.die)),
  { rejectInvalid: rejectChildren }
)

/**
 * The customer batch endpoints, their behaviours and their migrations, for `Emulator.catalog`.
 *
 * @since 0.2.0
 * @category catalogs
 */
export const catalog: Catalog<SqlClient.SqlClient> = {
  endpoints: CustomerBulkApi.endpoints,
  behaviours: [upsert, associate, updateAssociation, children],
  migrations
}
