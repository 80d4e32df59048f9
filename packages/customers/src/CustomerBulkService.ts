/**
 * The customer batches service: upsert customers in bulk, associate customers with a hierarchy (and update the
 * association), and read a parent's children, one page or every page as a `Stream`. Batches answer per item;
 * each operation fails with the domain errors the request as a whole can meet.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError, type Endpoint } from "@capillary-effect/core"
import { Context, Effect, Layer, Stream } from "effect"
import type * as CustomerBulk from "./CustomerBulk.ts"
import * as CustomerBulkApi from "./CustomerBulkApi.ts"

/**
 * How an operation of an endpoint can fail: the client's errors and the endpoint's named errors.
 *
 * @since 0.2.0
 * @category errors
 */
export type ErrorOf<Ep> = CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>

/**
 * The operations of the customer batches service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /**
   * Upserts 1 to 100 customers; `skipChangeIdentifier: false` lets the update of a found customer add
   * identifiers.
   */
  readonly upsert: (
    customers: ReadonlyArray<CustomerBulk.UpsertCustomer>,
    options?: { readonly skipChangeIdentifier?: boolean | undefined }
  ) => Effect.Effect<CustomerBulk.UpsertResult, ErrorOf<typeof CustomerBulkApi.upsert>>
  /** Registers (when not known) and associates 1 to 100 customers. */
  readonly associate: (
    customers: ReadonlyArray<CustomerBulk.AssociateCustomer>
  ) => Effect.Effect<CustomerBulk.AssociateResult, ErrorOf<typeof CustomerBulkApi.associate>>
  /** Changes the association of 1 to 100 known customers, in a source (and account). */
  readonly updateAssociation: (
    customers: ReadonlyArray<CustomerBulk.AssociateCustomer>,
    options?: CustomerBulk.AssociationUpdateQuery
  ) => Effect.Effect<CustomerBulk.AssociationUpdateResult, ErrorOf<typeof CustomerBulkApi.updateAssociation>>
  /** One page of a parent's children. */
  readonly childrenPage: (
    query: CustomerBulk.HierarchyQuery
  ) => Effect.Effect<CustomerBulk.HierarchyPage, ErrorOf<typeof CustomerBulkApi.children>>
  /** Every child of a parent, read a page at a time. */
  readonly children: (
    query: CustomerBulk.HierarchyQuery
  ) => Stream.Stream<CustomerBulk.ChildCustomer, ErrorOf<typeof CustomerBulkApi.children>>
}

/**
 * The customer batches service.
 *
 * @since 0.2.0
 * @category services
 */
export class CustomersBulk extends Context.Service<CustomersBulk, Service>()(
  "@capillary-effect/customers/CustomersBulk"
) {}

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  const upsert = Effect.fn("CustomersBulk.upsert")(function*(
    customers: ReadonlyArray<CustomerBulk.UpsertCustomer>,
    options?: { readonly skipChangeIdentifier?: boolean | undefined }
  ) {
    return yield* client.execute(CustomerBulkApi.upsert, {
      query: options?.skipChangeIdentifier === undefined ? {} : { skipChangeIdentifier: options.skipChangeIdentifier },
      body: customers
    })
  })

  const associate = Effect.fn("CustomersBulk.associate")(function*(
    customers: ReadonlyArray<CustomerBulk.AssociateCustomer>
  ) {
    return yield* client.execute(CustomerBulkApi.associate, { body: customers })
  })

  const updateAssociation = Effect.fn("CustomersBulk.updateAssociation")(function*(
    customers: ReadonlyArray<CustomerBulk.AssociateCustomer>,
    options?: CustomerBulk.AssociationUpdateQuery
  ) {
    return yield* client.execute(CustomerBulkApi.updateAssociation, { query: options ?? {}, body: customers })
  })

  const childrenPage = Effect.fn("CustomersBulk.childrenPage")(function*(query: CustomerBulk.HierarchyQuery) {
    return yield* client.execute(CustomerBulkApi.children, { query })
  })

  const children = (query: CustomerBulk.HierarchyQuery) =>
    client.stream(CustomerBulkApi.children, { query }).pipe(Stream.withSpan("CustomersBulk.children"))

  return CustomersBulk.of({ upsert, associate, updateAssociation, childrenPage, children })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<CustomersBulk, never, CapillaryClient.CapillaryClient> = Layer.effect(
  CustomersBulk,
  make
)
