/**
 * The partner programs service: link customers to an organisation's partner programs, update their partner
 * tiers, delink them, and read a customer's partner program history (a page, or every page as a stream).
 *
 * Link, update and delink answer each customer and program on its own, so `link`, `update` and `delink` return
 * the whole answer; `linkOne`, `updateOne` and `delinkOne` do one customer and one program and fail with the named
 * error of a refusal (`errorOf` maps any status the same way). A link or delink is not safe to send twice, so
 * when its outcome is unknown (the connection dropped after sending, a timeout, a 5xx) the service reads each
 * customer's linking history (in INSTORE): every program linked with the requested membership id (or, for a
 * delink, listed as not linked) means it happened, and none means it did not, so it is sent again; some but not
 * all leaves the outcome unknown.
 *
 * @since 0.2.0
 */
import { CapillaryClient, type CapillaryError, type Endpoint, Redaction } from "@capillary-effect/core"
import { Context, Data, Effect, Layer, Stream } from "effect"
import * as PartnerProgram from "./PartnerProgram.ts"
import { PartnerProgramEventFailed } from "./PartnerProgramErrors.ts"
import * as PartnerProgramsApi from "./PartnerProgramsApi.ts"

/**
 * How a call of an endpoint can fail: transport and protocol failures, and the endpoint's domain errors.
 *
 * @since 0.2.0
 * @category errors
 */
export type ErrorOf<Ep> = CapillaryError.CapillaryError | Endpoint.ErrorOf<Ep>

/**
 * The operations of the partner programs service.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Links customers to partner programs; each customer and program has its own status in the answer. */
  readonly link: (
    request: PartnerProgram.LinkRequest
  ) => Effect.Effect<PartnerProgram.LinkResult, ErrorOf<typeof PartnerProgramsApi.link>>
  /** Updates customers' partner tiers; each customer and program has its own status in the answer. */
  readonly update: (
    request: PartnerProgram.UpdateRequest
  ) => Effect.Effect<PartnerProgram.UpdateResult, ErrorOf<typeof PartnerProgramsApi.update>>
  /** Delinks customers from partner programs; each customer and program has its own status in the answer. */
  readonly delink: (
    request: PartnerProgram.DelinkRequest
  ) => Effect.Effect<PartnerProgram.DelinkResult, ErrorOf<typeof PartnerProgramsApi.delink>>
  /** Links one customer to one program; a refusal is its named error. */
  readonly linkOne: (
    customer: PartnerProgram.PartnerCustomer,
    program: PartnerProgram.LinkToProgram
  ) => Effect.Effect<void, ErrorOf<typeof PartnerProgramsApi.link>>
  /** Updates one customer's partner tier in one program; a refusal is its named error. */
  readonly updateOne: (
    customer: PartnerProgram.PartnerCustomer,
    update: PartnerProgram.ProgramUpdate
  ) => Effect.Effect<void, ErrorOf<typeof PartnerProgramsApi.update>>
  /** Delinks one customer from one program; a refusal is its named error. */
  readonly delinkOne: (
    customer: PartnerProgram.PartnerCustomer,
    partnerProgramName: string
  ) => Effect.Effect<void, ErrorOf<typeof PartnerProgramsApi.delink>>
  /** One page of a customer's partner program history. */
  readonly activityHistory: (
    query: PartnerProgram.ActivityHistoryQuery
  ) => Effect.Effect<PartnerProgram.ActivityHistory, ErrorOf<typeof PartnerProgramsApi.activityHistory>>
  /** Every partner program of a customer's history, page after page. */
  readonly activities: (
    query: PartnerProgram.ActivityHistoryQuery
  ) => Stream.Stream<PartnerProgram.ProgramActivity, ErrorOf<typeof PartnerProgramsApi.activityHistory>>
}

/**
 * The partner programs service.
 *
 * @since 0.2.0
 * @category services
 */
export class PartnerPrograms extends Context.Service<PartnerPrograms, Service>()(
  "@capillary-effect/customers/PartnerPrograms"
) {}

/**
 * The named error of a refused customer or program status, by the endpoint's own code mapping (a code it does
 * not name is `PartnerProgramEventFailed`); the message redacted as the client does.
 *
 * @since 0.2.0
 * @category errors
 */
export const errorOf = <Ep extends Endpoint.Any>(
  endpoint: Ep,
  status: PartnerProgram.ItemStatus
): Endpoint.ErrorOf<Ep> => {
  const mapping = endpoint.errors.find((candidate) => candidate.codes.includes(status.code))
  const props = { code: status.code, message: Redaction.redactText(status.message) }
  return (mapping === undefined ? new PartnerProgramEventFailed(props) : new mapping.error(props)) as Endpoint.ErrorOf<
    Ep
  >
}

/** A reconciliation that found some of the request done and some not: the outcome stays unknown. */
class PartlyDone extends Data.TaggedError("PartlyDone")<{}> {}

const succeeded = { status: true, code: 200, message: "Success" } as const
const customerFound = { status: true, code: 1000, message: "Customer successfully retrieved" } as const

/** The customer part of a reconciled answer: the identifiers as sent. */
const customerResult = (customer: PartnerProgram.PartnerCustomer): PartnerProgram.CustomerResult => ({
  ...(customer.mobile === undefined ? {} : { mobile: customer.mobile }),
  ...(customer.email === undefined ? {} : { email: customer.email }),
  ...(customer.externalId === undefined ? {} : { externalId: customer.externalId }),
  status: customerFound
})

/** The one status of a one-customer, one-program answer, or the named error of the first refusal. */
const single = <Ep extends Endpoint.Any>(
  endpoint: Ep,
  customer: PartnerProgram.ItemStatus | undefined,
  program: PartnerProgram.ItemStatus | undefined
): Effect.Effect<void, ErrorOf<Ep>> => {
  if (customer !== undefined && !customer.status) return Effect.fail(errorOf(endpoint, customer))
  if (program === undefined) {
    return Effect.fail(
      new PartnerProgramEventFailed({ code: 2001, message: "the answer has no status for the program" }) as ErrorOf<Ep>
    )
  }
  return program.status ? Effect.void : Effect.fail(errorOf(endpoint, program))
}

/**
 * Builds the service on the client.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.gen(function*() {
  const client = yield* CapillaryClient.CapillaryClient

  /** A customer's partner programs by name, from their linking history (none when they have none). */
  const memberships = (customer: PartnerProgram.PartnerCustomer) => {
    const identifier = PartnerProgram.identifierOf(customer)
    return client.stream(PartnerProgramsApi.activityHistory, {
      query: {
        source: "INSTORE",
        identifierName: identifier.type,
        identifierValue: identifier.value,
        activityType: "LINKINGUPDATES"
      }
    }).pipe(
      Stream.runCollect,
      Effect.map((programs) =>
        new Map(programs.map((program) => [program.partnerProgramDetails.partnerProgramName, program]))
      ),
      Effect.catchTag(
        ["PartnerActivityNotFound", "CustomerNotFound"],
        () => Effect.succeed(new Map<string, PartnerProgram.ProgramActivity>())
      )
    )
  }

  /** Some when every (customer, program) pair is done, None when none is; fails when some are. */
  const settle = <A>(done: number, total: number, answer: () => A) =>
    done === 0 ? Effect.succeedNone : done < total ? Effect.fail(new PartlyDone()) : Effect.succeedSome(answer())

  const findLinked = (request: PartnerProgram.LinkRequest) =>
    Effect.gen(function*() {
      let done = 0
      let total = 0
      const linkCustomers: Array<PartnerProgram.LinkResult["linkCustomers"][number]> = []
      for (const item of request.linkCustomers) {
        const found = yield* memberships(item.customer)
        const programs = item.linkToPartnerPrograms.map((program) => {
          total++
          const details = found.get(program.partnerProgramName)?.partnerProgramDetails
          if (
            details?.linked === true &&
            details.partnerMembershipId === program.customerPartnerReference.partnerMembershipId
          ) done++
          return { partnerProgramName: program.partnerProgramName, partnerLinkStatus: succeeded }
        })
        linkCustomers.push({ customer: customerResult(item.customer), linkToPartnerPrograms: programs })
      }
      return yield* settle(done, total, (): PartnerProgram.LinkResult => ({ linkCustomers, warnings: [] }))
    })

  const findDelinked = (request: PartnerProgram.DelinkRequest) =>
    Effect.gen(function*() {
      let done = 0
      let total = 0
      const deLinkCustomers: Array<PartnerProgram.DelinkResult["deLinkCustomers"][number]> = []
      for (const item of request.deLinkCustomers) {
        const found = yield* memberships(item.customer)
        const programs = item.deLinkFromPartnerPrograms.map((program) => {
          total++
          // Listed and no longer linked: it was linked once and the delink ended it. Not listed: never linked.
          if (found.get(program.partnerProgramName)?.partnerProgramDetails.linked === false) done++
          return { partnerProgramName: program.partnerProgramName, partnerDeLinkStatus: succeeded }
        })
        deLinkCustomers.push({ customer: customerResult(item.customer), deLinkFromPartnerPrograms: programs })
      }
      return yield* settle(done, total, (): PartnerProgram.DelinkResult => ({ deLinkCustomers, warnings: [] }))
    })

  const link = Effect.fn("PartnerPrograms.link")(function*(request: PartnerProgram.LinkRequest) {
    return yield* client.execute(PartnerProgramsApi.link, { body: request }, {
      reconcile: Effect.suspend(() => findLinked(request))
    })
  })

  const update = Effect.fn("PartnerPrograms.update")(function*(request: PartnerProgram.UpdateRequest) {
    return yield* client.execute(PartnerProgramsApi.update, { body: request })
  })

  const delink = Effect.fn("PartnerPrograms.delink")(function*(request: PartnerProgram.DelinkRequest) {
    return yield* client.execute(PartnerProgramsApi.delink, { body: request }, {
      reconcile: Effect.suspend(() => findDelinked(request))
    })
  })

  const linkOne = Effect.fn("PartnerPrograms.linkOne")(
    function*(customer: PartnerProgram.PartnerCustomer, program: PartnerProgram.LinkToProgram) {
      const answer = yield* link({ linkCustomers: [{ customer, linkToPartnerPrograms: [program] }] })
      const [item] = answer.linkCustomers
      return yield* single(
        PartnerProgramsApi.link,
        item?.customer.status,
        item?.linkToPartnerPrograms[0]?.partnerLinkStatus
      )
    }
  )

  const updateOne = Effect.fn("PartnerPrograms.updateOne")(
    function*(customer: PartnerProgram.PartnerCustomer, change: PartnerProgram.ProgramUpdate) {
      const answer = yield* update({ customersPartnerUpdates: [{ customer, partnerProgramUpdates: [change] }] })
      const [item] = answer.customersPartnerUpdates
      return yield* single(
        PartnerProgramsApi.update,
        item?.customer.status,
        item?.partnerProgramUpdates[0]?.updateStatus
      )
    }
  )

  const delinkOne = Effect.fn("PartnerPrograms.delinkOne")(
    function*(customer: PartnerProgram.PartnerCustomer, partnerProgramName: string) {
      const answer = yield* delink({
        deLinkCustomers: [{ customer, deLinkFromPartnerPrograms: [{ partnerProgramName }] }]
      })
      const [item] = answer.deLinkCustomers
      return yield* single(
        PartnerProgramsApi.delink,
        item?.customer.status,
        item?.deLinkFromPartnerPrograms[0]?.partnerDeLinkStatus
      )
    }
  )

  const activityHistory = Effect.fn("PartnerPrograms.activityHistory")(
    function*(query: PartnerProgram.ActivityHistoryQuery) {
      return yield* client.execute(PartnerProgramsApi.activityHistory, { query })
    }
  )

  const activities = (query: PartnerProgram.ActivityHistoryQuery) =>
    client.stream(PartnerProgramsApi.activityHistory, { query })

  return PartnerPrograms.of({ link, update, delink, linkOne, updateOne, delinkOne, activityHistory, activities })
})

/**
 * The service layer; needs the `CapillaryClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<PartnerPrograms, never, CapillaryClient.CapillaryClient> = Layer.effect(
  PartnerPrograms,
  make
)
