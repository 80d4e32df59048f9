/**
 * Customers in batches, as Capillary's v2 API sends and receives them: the bulk upsert (update a customer found
 * by the identifiers of a profile, or register them), the association of customers with a hierarchy (a role in
 * it, a parent customer, child customers and a company), its update, and the read of a parent's child
 * customers. Requests reuse the v2 customer schemas of `Customer` (sources, identifiers, channels, validation of
 * mobiles, emails and names); answers reuse the v2 customer read model.
 *
 * Assumed where the documentation is silent: an upsert profile without `source` is an INSTORE profile (the
 * documented subscription example sends none); the children read's `count` is the number of children in all
 * (the documented example has as many as it lists), so the read pages on it; an association item that failed
 * carries `errors` (Capillary documents only successful items), and a child that could not be registered is
 * counted in `childFailureCount` with its error in the item's `errors`.
 *
 * @since 0.2.0
 */
import { Envelope } from "@capillary-effect/core"
import { Schema, SchemaGetter } from "effect"
import * as Customer from "./Customer.ts"

const IntFromString = (minimum: number, maximum?: number) =>
  Schema.FiniteFromString.pipe(Schema.decodeTo(Schema.Int.check(
    maximum === undefined
      ? Schema.isGreaterThanOrEqualTo(minimum)
      : Schema.isBetween({ minimum, maximum })
  )))

/**
 * A boolean in a query string: `true` or `false`.
 *
 * @since 0.2.0
 * @category wire
 */
export const BooleanFromString = Schema.Literals(["true", "false"]).pipe(
  Schema.decodeTo(Schema.Boolean, {
    decode: SchemaGetter.transform((value) => value === "true"),
    encode: SchemaGetter.transform((value): "true" | "false" => (value ? "true" : "false"))
  })
)

/**
 * An error or warning item as the association answers write them: every field may be missing (the documented
 * update answer holds `"errors": [{}]`).
 *
 * @since 0.2.0
 * @category wire
 */
export const LooseIssue = Schema.Struct({
  status: Schema.optional(Schema.Boolean),
  code: Schema.optional(Schema.Number),
  message: Schema.optional(Schema.String)
})

/**
 * The most customers one batch may carry (1060 beyond).
 *
 * @since 0.2.0
 * @category wire
 */
export const maxBatch = 100

const distinctIdentifiers = Schema.makeFilter((identifiers: ReadonlyArray<Customer.Identifier>) => {
  const seen = new Set<string>()
  for (const { type, value } of identifiers) {
    const key = `${type}\u0000${value}`
    if (seen.has(key)) return `the ${type} identifier appears twice`
    seen.add(key)
  }
  return undefined
})

const oneProfilePerSource = Schema.makeFilter((
  profiles: ReadonlyArray<{ readonly source?: string | undefined; readonly accountId?: string | undefined }>
) => {
  const seen = new Set<string>()
  for (const profile of profiles) {
    const key = `${profile.source ?? "INSTORE"}\u0000${profile.accountId ?? ""}`
    if (seen.has(key)) return `more than one profile for source ${profile.source ?? "INSTORE"}`
    seen.add(key)
  }
  return undefined
})

// ---------------------------------------------------------------------------------------------------------------
// Upsert
// ---------------------------------------------------------------------------------------------------------------

/**
 * A profile of an upsert: the identifiers the customer is found by (the first one first) in its source
 * (INSTORE when absent) and account, names, channels and custom fields.
 *
 * @since 0.2.0
 * @category upsert
 */
export const UpsertProfile = Schema.Struct({
  firstName: Schema.optional(Customer.Name),
  lastName: Schema.optional(Customer.Name),
  source: Schema.optional(Customer.Source),
  accountId: Schema.optional(Schema.String),
  identifiers: Schema.NonEmptyArray(Customer.Identifier).check(distinctIdentifiers),
  commChannels: Schema.optional(Schema.Array(Customer.CommChannel)),
  fields: Schema.optional(Customer.Fields)
})

/**
 * The type of `UpsertProfile`.
 *
 * @since 0.2.0
 * @category upsert
 */
export type UpsertProfile = typeof UpsertProfile.Type

/**
 * A customer to upsert: profiles (one per source and account), loyalty type, extended fields, status label and
 * subscriptions (see the emulator's documentation for what it does with these).
 *
 * @since 0.2.0
 * @category upsert
 */
export const UpsertCustomer = Schema.Struct({
  loyaltyInfo: Schema.optional(Schema.Struct({ loyaltyType: Customer.LoyaltyType })),
  associatedWith: Schema.optional(Schema.String),
  profiles: Schema.NonEmptyArray(UpsertProfile).check(oneProfilePerSource),
  extendedFields: Schema.optional(Customer.Fields),
  statusLabel: Schema.optional(Schema.String),
  referralCode: Schema.optional(Schema.String),
  subscriptionInfo: Schema.optional(Schema.Struct({
    subscriptions: Schema.Array(Schema.Record(Schema.String, Schema.Json))
  }))
})

/**
 * The type of `UpsertCustomer`.
 *
 * @since 0.2.0
 * @category upsert
 */
export type UpsertCustomer = typeof UpsertCustomer.Type

/**
 * The body of the bulk upsert: 1 to 100 customers.
 *
 * @since 0.2.0
 * @category upsert
 */
export const UpsertBody = Schema.Array(UpsertCustomer).check(Schema.isMinLength(1), Schema.isMaxLength(maxBatch))

/**
 * The query of the bulk upsert: `skipChangeIdentifier=false` lets an update add identifiers; `true` (and absent)
 * leaves a found customer's identifiers as they are.
 *
 * @since 0.2.0
 * @category upsert
 */
export const UpsertQuery = Schema.Struct({ skipChangeIdentifier: Schema.optional(BooleanFromString) })

/**
 * The type of `UpsertQuery`.
 *
 * @since 0.2.0
 * @category upsert
 */
export type UpsertQuery = typeof UpsertQuery.Type

/**
 * The answer to the bulk upsert: one item per customer, in order, with the customer (as the v2 read shows them)
 * or the errors, and the counts.
 *
 * @since 0.2.0
 * @category upsert
 */
export const UpsertResult = Envelope.V2Bulk(Customer.Customer)

/**
 * The type of `UpsertResult`.
 *
 * @since 0.2.0
 * @category upsert
 */
export type UpsertResult = typeof UpsertResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Association
// ---------------------------------------------------------------------------------------------------------------

/**
 * A customer named in an association (parent or child): found by the first identifier of a profile in its
 * source, registered with these profiles when not found.
 *
 * @since 0.2.0
 * @category association
 */
export const RelatedCustomer = Schema.Struct({
  profiles: Customer.CustomerAdd.fields.profiles,
  extendedFields: Schema.optional(Customer.Fields),
  loyaltyInfo: Schema.optional(Schema.Struct({ loyaltyType: Customer.LoyaltyType }))
})

/**
 * The type of `RelatedCustomer`.
 *
 * @since 0.2.0
 * @category association
 */
export type RelatedCustomer = typeof RelatedCustomer.Type

/**
 * Where a customer stands in a hierarchy: the hierarchy (by code), their role, the role of the children named
 * with them, their parent or their children, and their company (by external id).
 *
 * @since 0.2.0
 * @category association
 */
export const AssociationInput = Schema.Struct({
  hierarchyCode: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100)),
  roleCode: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(50))),
  childRoleCode: Schema.optional(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(50))),
  parentCustomer: Schema.optional(RelatedCustomer),
  childCustomers: Schema.optional(Schema.Array(RelatedCustomer).check(Schema.isMaxLength(maxBatch))),
  fleetCompany: Schema.optional(Schema.Struct({
    externalId: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100))
  }))
})

/**
 * The type of `AssociationInput`.
 *
 * @since 0.2.0
 * @category association
 */
export type AssociationInput = typeof AssociationInput.Type

/**
 * A customer to register (when not known) and associate: the v2 registration body plus `associationDetails`.
 *
 * @since 0.2.0
 * @category association
 */
export const AssociateCustomer = Schema.Struct({
  ...Customer.CustomerAdd.fields,
  associationDetails: Schema.optional(AssociationInput)
})

/**
 * The type of `AssociateCustomer`.
 *
 * @since 0.2.0
 * @category association
 */
export type AssociateCustomer = typeof AssociateCustomer.Type

/**
 * The body of the association (`POST` and `PUT`): 1 to 100 customers.
 *
 * @since 0.2.0
 * @category association
 */
export const AssociateBody = Schema.Array(AssociateCustomer).check(Schema.isMinLength(1), Schema.isMaxLength(maxBatch))

/**
 * The query of the association update: the source (and account) of the profiles it changes.
 *
 * @since 0.2.0
 * @category association
 */
export const AssociationUpdateQuery = Schema.Struct({
  source: Schema.optional(Customer.LookupSource),
  accountId: Schema.optional(Schema.String)
})

/**
 * The type of `AssociationUpdateQuery`.
 *
 * @since 0.2.0
 * @category association
 */
export type AssociationUpdateQuery = typeof AssociationUpdateQuery.Type

/**
 * A customer named in an association answer: their profiles and extended fields (and their id when known).
 *
 * @since 0.2.0
 * @category association
 */
export const RelatedCustomerRead = Schema.Struct({
  id: Schema.optional(Customer.CustomerId),
  profiles: Schema.Array(Customer.CustomerProfile),
  extendedFields: Schema.optional(Customer.Fields)
})

/**
 * Where a customer stands in a hierarchy, as answered: the hierarchy (code and id), roles, parent, children,
 * company (external id and id), and whether the association is new and the customer a child.
 *
 * @since 0.2.0
 * @category association
 */
export const AssociationDetails = Schema.Struct({
  hierarchyCode: Schema.optional(Schema.String),
  hierarchyId: Schema.optional(Schema.Int),
  roleCode: Schema.optional(Schema.String),
  childRoleCode: Schema.optional(Schema.String),
  parentRoleId: Schema.optional(Schema.Int),
  parentCustomer: Schema.optional(RelatedCustomerRead),
  childCustomers: Schema.optional(Schema.Array(RelatedCustomerRead)),
  fleetCompany: Schema.optional(Schema.Struct({
    externalId: Schema.optional(Schema.String),
    companyId: Schema.optional(Schema.Int)
  })),
  skipLevelAllowed: Schema.optional(Schema.Boolean),
  new: Schema.optional(Schema.Boolean),
  childCustomer: Schema.optional(Schema.Boolean)
})

/**
 * The type of `AssociationDetails`.
 *
 * @since 0.2.0
 * @category association
 */
export type AssociationDetails = typeof AssociationDetails.Type

/**
 * A customer as the association answers show them: the v2 read fields with `associationDetails`, warnings and
 * (in the update answer) errors.
 *
 * @since 0.2.0
 * @category association
 */
export const AssociatedCustomer = Schema.Struct({
  id: Schema.optional(Customer.CustomerId),
  profiles: Schema.Array(Customer.CustomerProfile),
  loyaltyInfo: Schema.optional(Customer.LoyaltyInfo),
  segments: Schema.optional(Customer.Fields),
  referralCode: Schema.optional(Schema.String),
  associationDetails: Schema.optional(AssociationDetails),
  extendedFields: Schema.optional(Customer.Fields),
  warnings: Schema.optional(Schema.Array(LooseIssue)),
  errors: Schema.optional(Schema.Array(LooseIssue))
})

/**
 * The type of `AssociatedCustomer`.
 *
 * @since 0.2.0
 * @category association
 */
export type AssociatedCustomer = typeof AssociatedCustomer.Type

/**
 * One item of the association answer: the customer, the children registered or associated with them, and the
 * children's counts; `errors` when the item (or a child) failed.
 *
 * @since 0.2.0
 * @category association
 */
export const AssociateItem = Schema.Struct({
  entity: Schema.optional(AssociatedCustomer),
  childEntities: Schema.optional(Schema.Array(AssociatedCustomer)),
  childCount: Schema.optional(Schema.Int),
  childFailureCount: Schema.optional(Schema.Int),
  childSuccessCount: Schema.optional(Schema.Int),
  errors: Schema.optional(Schema.Array(LooseIssue)),
  warnings: Schema.optional(Schema.Array(LooseIssue))
})

/**
 * The type of `AssociateItem`.
 *
 * @since 0.2.0
 * @category association
 */
export type AssociateItem = typeof AssociateItem.Type

/**
 * The answer to the association: one item per customer, in order (a JSON array).
 *
 * @since 0.2.0
 * @category association
 */
export const AssociateResult = Schema.Array(AssociateItem)

/**
 * The type of `AssociateResult`.
 *
 * @since 0.2.0
 * @category association
 */
export type AssociateResult = typeof AssociateResult.Type

/**
 * The answer to the association update: one customer per item, in order (a JSON array), each with `errors`.
 *
 * @since 0.2.0
 * @category association
 */
export const AssociationUpdateResult = Schema.Array(AssociatedCustomer)

/**
 * The type of `AssociationUpdateResult`.
 *
 * @since 0.2.0
 * @category association
 */
export type AssociationUpdateResult = typeof AssociationUpdateResult.Type

// ---------------------------------------------------------------------------------------------------------------
// Children of a parent
// ---------------------------------------------------------------------------------------------------------------

/**
 * The identifiers a parent customer is named by in the children read.
 *
 * @since 0.2.0
 * @category hierarchy
 */
export const ParentIdentifierType = Schema.Literals([
  "mobile",
  "email",
  "externalId",
  "cardnumber",
  "wechat",
  "martjackId",
  "fbId"
])

/**
 * The query of `GET /v2/customers/bulk`: the source (and account) of the profiles to show, the parent
 * (`associationEntityType=parentCustomer` and an identifier), the page (`limit` 1 to 100, `offset`), the order
 * (by creation or update, ascending or descending) and what to add to each child.
 *
 * @since 0.2.0
 * @category hierarchy
 */
export const HierarchyQuery = Schema.Struct({
  source: Customer.LookupSource,
  accountId: Schema.optional(Schema.String),
  associationEntityType: Schema.Literal("parentCustomer"),
  associationEntityIdentifierType: ParentIdentifierType,
  associationEntityIdentifierValue: Schema.String.check(Schema.isMinLength(1)),
  limit: Schema.optional(IntFromString(1, 100)),
  offset: Schema.optional(IntFromString(0)),
  sortBy: Schema.optional(Schema.Literals(["createdon", "lastUpdatedOn"])),
  sortOrder: Schema.optional(Schema.Literals(["ASC", "DESC"])),
  includeNoOfChildren: Schema.optional(BooleanFromString),
  includeCustomerAssociateDetail: Schema.optional(BooleanFromString)
})

/**
 * The type of `HierarchyQuery`.
 *
 * @since 0.2.0
 * @category hierarchy
 */
export type HierarchyQuery = typeof HierarchyQuery.Type

/**
 * A child customer: profiles and extended fields, with their role, when they joined, how many children they have
 * and their parent when asked for.
 *
 * @since 0.2.0
 * @category hierarchy
 */
export const ChildCustomer = Schema.Struct({
  id: Schema.optional(Customer.CustomerId),
  profiles: Schema.Array(Customer.CustomerProfile),
  extendedFields: Schema.optional(Customer.Fields),
  roleCode: Schema.optional(Schema.String),
  createdDate: Schema.optional(Schema.String),
  noOfChildren: Schema.optional(Schema.Int),
  defaultChild: Schema.optional(Schema.Boolean),
  parentCustomer: Schema.optional(RelatedCustomerRead)
})

/**
 * The type of `ChildCustomer`.
 *
 * @since 0.2.0
 * @category hierarchy
 */
export type ChildCustomer = typeof ChildCustomer.Type

/**
 * The answer to the children read: a page of children and their `count` in all, as `entity`.
 *
 * @since 0.2.0
 * @category hierarchy
 */
export const HierarchyPage = Schema.Struct({
  entity: Schema.Struct({
    customers: Schema.Array(ChildCustomer),
    count: Schema.Int,
    errors: Schema.optional(Schema.Array(LooseIssue)),
    warnings: Schema.optional(Schema.Array(LooseIssue))
  }),
  warnings: Schema.optional(Envelope.V2Warnings),
  errors: Schema.optional(Schema.Array(Envelope.V2Issue)),
  success: Schema.optional(Schema.Boolean)
})

/**
 * The type of `HierarchyPage`.
 *
 * @since 0.2.0
 * @category hierarchy
 */
export type HierarchyPage = typeof HierarchyPage.Type
