/**
 * EnrollInGroup: find a customer by an identifier in a source, or register them; find the user group by its
 * external id, or create it; make the customer an active member (the primary one when asked). When a step fails
 * for good, the membership is left and a group this run created is deleted; the customer stays registered (a
 * registration is kept on purpose: the customer exists either way, and running again finds them).
 *
 * Natural keys: the customer by their identifier in the source; the group by its external id, with the baseline
 * telling whether it existed before the run (only a group the run created is deleted); the membership by the
 * group's members, with the baseline telling whether the customer was an active member before.
 *
 * @since 0.1.0
 */
import { CapillaryError } from "@capillary-effect/core"
import { CardErrors, Customer, CustomerErrors, Customers } from "@capillary-effect/customers"
import { UserGroup, UserGroupErrors, UserGroups } from "@capillary-effect/usergroups"
import { Effect, Option, Schema } from "effect"
import * as Flow from "./Flow.ts"
import * as Step from "./Step.ts"

const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))

/**
 * Who to enroll: an identifier in a source, with the names used if they must be registered.
 *
 * @since 0.1.0
 * @category models
 */
export const CustomerRef = Schema.Struct({
  source: Customer.Source,
  identifier: Schema.Struct({ type: Customer.IdentifierType, value: Schema.String }),
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String)
})

/**
 * Which group: its external id, and the name and size it is created with when missing.
 *
 * @since 0.1.0
 * @category models
 */
export const GroupRef = Schema.Struct({
  externalId: UserGroup.ExternalId,
  groupName: UserGroup.GroupName,
  maxGroupSize: Schema.optional(UserGroup.GroupSize)
})

/**
 * What to run: the customer, the group, and whether the customer joins as its primary member.
 *
 * @since 0.1.0
 * @category models
 */
export const Payload = Schema.Struct({
  customer: CustomerRef,
  group: GroupRef,
  primaryMember: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Payload = typeof Payload.Type

/**
 * What a run answers: the customer and whether the run registered them, the group and whether the run created
 * it, and whether the customer joined (false: they were an active member already).
 *
 * @since 0.1.0
 * @category models
 */
export const Success = Schema.Struct({
  customerId: Schema.Int,
  registered: Schema.Boolean,
  groupId: Schema.Int,
  groupCreated: Schema.Boolean,
  joined: Schema.Boolean
})

/**
 * @since 0.1.0
 * @category models
 */
export type Success = typeof Success.Type

/**
 * Every way a run can fail: the error of the step that failed.
 *
 * @since 0.1.0
 * @category errors
 */
export const Error = Schema.Union([
  CapillaryError.CapillaryError,
  CustomerErrors.CustomerAlreadyExists,
  CustomerErrors.IdentifierInUse,
  CustomerErrors.InvalidSource,
  CustomerErrors.InvalidIdentifier,
  CustomerErrors.CustomerMerged,
  CustomerErrors.CustomerNotFound,
  CardErrors.CardSeriesNotFound,
  CardErrors.InvalidCardStatus,
  CardErrors.MaxActiveCardsExceeded,
  UserGroupErrors.ExternalIdExists,
  UserGroupErrors.GroupSizeLimit,
  UserGroupErrors.InvalidGroup,
  UserGroupErrors.AlreadyMember,
  UserGroupErrors.PrimaryCannotBeTransferred,
  UserGroupErrors.PrimaryExists,
  UserGroupErrors.GroupFull,
  UserGroupErrors.PrimaryOfAnotherGroup,
  UserGroupErrors.MemberRejected,
  UserGroupErrors.InvalidPermission
])

/**
 * @since 0.1.0
 * @category errors
 */
export type Error = typeof Error.Type

// ---------------------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------------------

const lookupCustomer = (input: typeof CustomerRef.Type) =>
  Customers.Customers.use((customers) =>
    customers.lookup({ source: input.source, identifier: input.identifier }).pipe(
      Effect.map(({ entity }) => Option.some<number>(entity)),
      Effect.catchTag("CustomerNotFound", () => Effect.succeed(Option.none<number>()))
    )
  )

/**
 * Finds the customer by the identifier in the source, or registers them. Retained: a registration is not undone.
 *
 * @since 0.1.0
 * @category steps
 */
export const FindOrRegisterCustomer = Step.make({
  name: "FindOrRegisterCustomer",
  input: CustomerRef,
  success: Schema.Struct({ customerId: Schema.Int, registered: Schema.Boolean }),
  error: Schema.Union([
    CapillaryError.CapillaryError,
    CustomerErrors.CustomerAlreadyExists,
    CustomerErrors.IdentifierInUse,
    CustomerErrors.InvalidSource,
    CustomerErrors.InvalidIdentifier,
    CustomerErrors.CustomerMerged,
    CardErrors.CardSeriesNotFound,
    CardErrors.InvalidCardStatus,
    CardErrors.MaxActiveCardsExceeded
  ]),
  reversibility: Step.retained("a registration is kept: the customer exists either way, and running again finds them"),
  businessErrors: [
    "CustomerAlreadyExists",
    "IdentifierInUse",
    "InvalidSource",
    "InvalidIdentifier",
    "CustomerMerged",
    "CardSeriesNotFound",
    "InvalidCardStatus",
    "MaxActiveCardsExceeded"
  ],
  retry: { CapillaryError: Step.transient },
  baseline: {
    success: Schema.NullOr(Schema.Int),
    read: ({ input }) => Effect.map(lookupCustomer(input), Option.getOrNull)
  },
  recover: ({ baseline, input }) =>
    Effect.map(lookupCustomer(input), Option.map((customerId) => ({ customerId, registered: baseline === null }))),
  run: ({ baseline, input }) =>
    baseline !== null
      ? Effect.succeed({ customerId: baseline, registered: false })
      : Effect.map(
        Customers.Customers.use((customers) =>
          customers.add({
            loyaltyInfo: { loyaltyType: "loyalty" },
            profiles: [{
              source: input.source,
              identifiers: [input.identifier],
              ...(input.firstName === undefined ? {} : { firstName: input.firstName }),
              ...(input.lastName === undefined ? {} : { lastName: input.lastName })
            }]
          })
        ),
        ({ createdId }) => ({ customerId: createdId, registered: true })
      )
})

/** The group with the external id, unless it is deleted (or absent). */
const liveGroup = (externalId: string) =>
  UserGroups.UserGroups.use((userGroups) =>
    userGroups.get({ externalId }).pipe(
      Effect.map((group) => group.groupStatus === "DELETED" ? Option.none<UserGroup.UserGroup>() : Option.some(group)),
      Effect.catchTag("InvalidGroup", () => Effect.succeed(Option.none<UserGroup.UserGroup>()))
    )
  )

/**
 * Finds the group by its external id, or creates it; undone by deleting a group the run created.
 *
 * @since 0.1.0
 * @category steps
 */
export const EnsureGroup = Step.make({
  name: "EnsureGroup",
  input: GroupRef,
  success: Schema.Struct({ groupId: Schema.Int, created: Schema.Boolean }),
  error: Schema.Union([
    CapillaryError.CapillaryError,
    UserGroupErrors.ExternalIdExists,
    UserGroupErrors.GroupSizeLimit,
    UserGroupErrors.InvalidGroup
  ]),
  reversibility: Step.reversible,
  businessErrors: ["ExternalIdExists", "GroupSizeLimit"],
  retry: { CapillaryError: Step.transient },
  baseline: {
    success: Schema.NullOr(Schema.Int),
    read: ({ input }) =>
      Effect.map(liveGroup(input.externalId), (group) => Option.getOrNull(Option.map(group, (found) => found.id)))
  },
  recover: ({ baseline, input }) =>
    Effect.map(liveGroup(input.externalId), Option.map((group) => ({ groupId: group.id, created: baseline === null }))),
  run: ({ baseline, input }) =>
    baseline !== null
      ? Effect.succeed({ groupId: baseline, created: false })
      : Effect.map(
        UserGroups.UserGroups.use((userGroups) =>
          userGroups.create({
            externalId: input.externalId,
            groupName: input.groupName,
            ...(input.maxGroupSize === undefined ? {} : { maxGroupSize: input.maxGroupSize })
          })
        ),
        ({ entity }) => ({ groupId: entity, created: true })
      ),
  compensation: {
    name: "DeleteGroup",
    error: Schema.Union([CapillaryError.CapillaryError, UserGroupErrors.InvalidGroup]),
    retry: { CapillaryError: Step.transient },
    // Only a group this run created: one that existed before the step is left alone.
    lookup: ({ baseline, input }) =>
      baseline !== null
        ? Effect.succeedNone
        : Effect.map(liveGroup(input.externalId), Option.map((group) => group.id)),
    undo: (groupId) => UserGroups.UserGroups.use((userGroups) => userGroups.delete({ id: groupId })).pipe(Effect.asVoid)
  }
})

const JoinInput = Schema.Struct({ groupId: PositiveInt, customerId: PositiveInt, primaryMember: Schema.Boolean })

/** Whether the customer is an active member of the group. */
const isActiveMember = (input: typeof JoinInput.Type) =>
  UserGroups.UserGroups.use((userGroups) =>
    Effect.map(
      userGroups.get({ id: input.groupId as UserGroup.UserGroupId }),
      (group) => group.fleetGroupUsers.some((member) => member.active && member.userId === input.customerId)
    )
  )

/**
 * Makes the customer an active member of the group (nothing when they are one already); undone by leaving.
 *
 * @since 0.1.0
 * @category steps
 */
export const JoinGroup = Step.make({
  name: "JoinGroup",
  input: JoinInput,
  success: Schema.Struct({ joined: Schema.Boolean }),
  error: Schema.Union([
    CapillaryError.CapillaryError,
    UserGroupErrors.InvalidGroup,
    UserGroupErrors.CustomerNotFound,
    UserGroupErrors.AlreadyMember,
    UserGroupErrors.PrimaryCannotBeTransferred,
    UserGroupErrors.PrimaryExists,
    UserGroupErrors.GroupFull,
    UserGroupErrors.PrimaryOfAnotherGroup,
    UserGroupErrors.MemberRejected,
    UserGroupErrors.InvalidPermission
  ]),
  reversibility: Step.reversible,
  businessErrors: [
    "InvalidGroup",
    "CustomerNotFound",
    "AlreadyMember",
    "PrimaryCannotBeTransferred",
    "PrimaryExists",
    "GroupFull",
    "PrimaryOfAnotherGroup",
    "MemberRejected",
    "InvalidPermission"
  ],
  retry: { CapillaryError: Step.transient },
  baseline: { success: Schema.Boolean, read: ({ input }) => isActiveMember(input) },
  recover: ({ baseline, input }) =>
    Effect.map(isActiveMember(input), (active) => active && !baseline ? Option.some({ joined: true }) : Option.none()),
  run: ({ baseline, input }) =>
    baseline
      ? Effect.succeed({ joined: false })
      : UserGroups.UserGroups.use((userGroups) =>
        userGroups.joinOne({ id: input.groupId as UserGroup.UserGroupId }, {
          userId: input.customerId as UserGroup.CustomerId,
          primaryMember: input.primaryMember
        })
      ).pipe(Effect.as({ joined: true })),
  compensation: {
    name: "LeaveGroup",
    error: Schema.Union([
      CapillaryError.CapillaryError,
      UserGroupErrors.InvalidGroup,
      UserGroupErrors.UserNotInGroup,
      UserGroupErrors.CustomerNotFound
    ]),
    retry: { CapillaryError: Step.transient },
    // Only a membership this run made.
    lookup: ({ baseline, input }) =>
      baseline
        ? Effect.succeedNone
        : Effect.map(isActiveMember(input), (active) => active ? Option.some(input.customerId) : Option.none()),
    undo: (customerId, { input }) =>
      UserGroups.UserGroups.use((userGroups) =>
        userGroups.leave(input.groupId as UserGroup.UserGroupId, customerId as UserGroup.CustomerId)
      ).pipe(Effect.asVoid)
  }
})

// ---------------------------------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------------------------------

/**
 * The declaration of EnrollInGroup; its business key is the group's external id with the customer's identifier.
 *
 * @since 0.1.0
 * @category flows
 */
export const declaration = Flow.make({
  name: "EnrollInGroup",
  payload: Payload,
  success: Success,
  error: Error,
  idempotencyKey: (payload) =>
    [
      payload.group.externalId,
      payload.customer.source,
      payload.customer.identifier.type,
      payload.customer.identifier.value
    ]
      .join("/")
})
  .step(FindOrRegisterCustomer, ({ payload }) => payload.customer)
  .step(EnsureGroup, ({ payload }) => payload.group)
  .step(JoinGroup, ({ EnsureGroup, FindOrRegisterCustomer, payload }) => ({
    groupId: EnsureGroup.groupId,
    customerId: FindOrRegisterCustomer.customerId,
    primaryMember: payload.primaryMember ?? false
  }))
  .returns(({ EnsureGroup, FindOrRegisterCustomer, JoinGroup }) => ({
    customerId: FindOrRegisterCustomer.customerId,
    registered: FindOrRegisterCustomer.registered,
    groupId: EnsureGroup.groupId,
    groupCreated: EnsureGroup.created,
    joined: JoinGroup.joined
  }))

/**
 * The checked flow.
 *
 * @since 0.1.0
 * @category flows
 */
export const flow = Flow.defineUnsafe(declaration)

/**
 * Registers the flow with the engine; needs `Customers` and `UserGroups` (and the engine's services).
 *
 * @since 0.1.0
 * @category flows
 */
export const layer = flow.layer

/**
 * Runs the flow, or joins the execution with the same group and customer (its stored result once it completed).
 *
 * @since 0.1.0
 * @category flows
 */
export const execute = flow.execute

/**
 * The execution id of a payload.
 *
 * @since 0.1.0
 * @category flows
 */
export const executionId = flow.executionId

/**
 * The result of an execution, if it has one.
 *
 * @since 0.1.0
 * @category flows
 */
export const poll = flow.poll
