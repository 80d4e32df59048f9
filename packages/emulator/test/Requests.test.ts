/**
 * Contract tests of the requests endpoints: every operation of `@capillary-effect/customers`' `Requests` service
 * runs through the SDK, over real HTTP, against the emulator's requests on its database: PII deletion with its
 * approval rule, waiting period, cancellation and real effect on the customer (personal data gone, id and points
 * kept), goodwill points awarded through the ledger, customer merges (profiles and points move to the survivor),
 * reads and lists, and each named error. The catalog is the default one plus `RequestBehaviours.catalog`;
 * `RequestBehaviours.seedDemo` adds the demo approver till.
 */
import { CapillaryError } from "@capillary-effect/core"
import { Customer, CustomerErrors, Customers, Request, RequestErrors, Requests } from "@capillary-effect/customers"
import { Points, PointsService } from "@capillary-effect/rewards"
import { UserGroup, UserGroups } from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, LedgerBehaviours, RequestBehaviours, RequestLog, Seed } from "../src/index.ts"
import * as CustomerStore from "../src/internal/customers.ts"
import * as Ledger from "../src/internal/ledger.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, RequestBehaviours.catalog)
const orgId = Seed.demo.org.id
const dayMillis = 24 * 60 * 60 * 1000

const emulator = Emulator.layerTest({ catalog, client: { retry: fastRetries } })
const seeded = Layer.effectDiscard(RequestBehaviours.seedDemo).pipe(Layer.provideMerge(emulator))
const testLayer = Layer.mergeAll(Requests.layer, Customers.layer, PointsService.layer, UserGroups.layer).pipe(
  Layer.provideMerge(seeded)
)

/** The requests service of the demo approver till, which may approve what the demo till raised. */
const approver = tillService(
  Requests.Requests,
  Requests.layer,
  RequestBehaviours.demoApprover.username,
  RequestBehaviours.demoApprover.password
)

/** The requests service of the other organisation's till. */
const otherOrg = tillService(
  Requests.Requests,
  Requests.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

const expectFailure = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.flip(self)

let next = 0

/** A new customer of the demo org with names, identifiers, channels and fields: its id and identifiers. */
const newCustomer = Effect.gen(function*() {
  const customers = yield* Customers.Customers
  const n = ++next
  const mobile = String(919_500_000_000 + n)
  const email = `member${n}@example.com`
  const externalId = `member-${n}`
  const { createdId } = yield* customers.add({
    loyaltyInfo: { loyaltyType: "loyalty" },
    profiles: [{
      firstName: "Becky",
      lastName: `Thatcher${n}`,
      source: "INSTORE",
      identifiers: [
        { type: "mobile", value: mobile },
        { type: "email", value: email },
        { type: "externalId", value: externalId }
      ],
      commChannels: [{ type: "mobile", value: mobile, primary: true, verified: true, subscribed: true }],
      fields: { dateofbirth: "22-10-2000" }
    }],
    extendedFields: { city: "Bangalore" }
  })
  return { id: createdId, mobile, email, externalId, lastName: `Thatcher${n}` }
})

const byMobile = (mobile: string): Request.CustomerIdentification => ({
  source: "INSTORE",
  identifierType: "mobile",
  identifierValue: mobile
})

/** A new customer of the demo org in the WECHAT source (an account of its own): its id, account and identifier. */
const newWechatCustomer = Effect.gen(function*() {
  const customers = yield* Customers.Customers
  const n = ++next
  const accountId = `wechat-${n}`
  const wechat = { type: "wechat", value: `wx-member-${n}` } as const
  const { createdId } = yield* customers.add({
    loyaltyInfo: { loyaltyType: "loyalty" },
    profiles: [{ firstName: "Joe", lastName: `Harper${n}`, source: "WECHAT", accountId, identifiers: [wechat] }]
  })
  return { id: createdId, accountId, wechat }
})

/** A customer id the demo org does not have. */
const unknownId = Customer.CustomerId.make(987_654_321)

const merge = (read: Request.RequestDetails) => {
  assert(Request.isMerge(read), JSON.stringify(read))
  return read
}

/** The ledger's invariants hold. */
const ledgerAuditClean = Effect.gen(function*() {
  const audit = yield* LedgerBehaviours.audit
  for (const { sum } of audit.sumByOrg) assert.strictEqual(sum, 0)
  assert.deepStrictEqual(
    [audit.unbalancedEvents, audit.negativeWallets, audit.driftedAccounts, audit.inconsistentTotals, audit.lotDrift],
    [0, 0, 0, 0, 0]
  )
})

const byId = (id: number): Request.CustomerIdentification => ({
  source: "INSTORE",
  identifierType: "id",
  identifierValue: String(id)
})

const balanceOf = (id: Customer.CustomerId) =>
  Effect.map(
    PointsService.Points.use((points) => points.balance(Points.CustomerId.make(id))),
    (balance) => balance.mainPoints
  )

const pii = (read: Request.RequestDetails) => {
  assert(Request.isPiiDeletion(read), JSON.stringify(read))
  return read
}

/** A customer's status label: the one set, else the organisation's default one. */
const statusLabel = (id: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ status_label: string | null }>`SELECT COALESCE(c.status_label, (SELECT l.label
          FROM customer_status_labels l WHERE l.org_id = c.org_id AND l.is_default = 1)) AS status_label
        FROM customers c WHERE c.id = ${id}`,
      ([row]) => row!.status_label
    )
  )

/** Sets the demo org's waiting period, directly (a test setting, like the org's configuration page). */
const waitingDays = (days: number) =>
  SqlClient.SqlClient.use((sql) => sql.withTransaction(RequestBehaviours.setDeletionWaitingDays(orgId, days))).pipe(
    Effect.orDie
  )

const lookupError = (mobile: string) =>
  expectFailure(
    Customers.Customers.use((customers) =>
      customers.getByIdentifier({ source: "INSTORE", identifier: { type: "mobile", value: mobile } })
    )
  )

layer(testLayer, { excludeTestServices: true })("Requests against the emulator", (it) => {
  describe("PII deletion", () => {
    it.effect("approved by another till, it deletes the personal data and keeps the id and the points", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customers = yield* Customers.Customers
        const customer = yield* newCustomer
        // points the customer earned, through an auto-approved goodwill request
        yield* requests.requestGoodwill(byMobile(customer.mobile), { points: 250, reason: "WELCOME" }, {
          autoApprove: true
        })
        assert.strictEqual(yield* balanceOf(customer.id), 250)

        const { createdId } = yield* requests.requestPiiDeletion(byMobile(customer.mobile), { comments: "app" })
        const pending = pii(yield* requests.get(createdId))
        assert.deepStrictEqual([pending.status, pending.userId, pending.comments], ["PENDING", customer.id, "app"])
        assert.deepStrictEqual(pending.customerDeletionDetails?.statusLog?.map((entry) => entry.status), ["PENDING"])
        assert.strictEqual(pending.attribution?.createdBy?.code, Seed.demo.till.username)

        // the till that raised it cannot approve it; nothing changes
        const same = yield* expectFailure(requests.approve("CUSTOMER", createdId))
        assert.instanceOf(same, RequestErrors.RequesterCannotApprove)
        assert.strictEqual((same as RequestErrors.RequesterCannotApprove).code, 9051)
        assert.strictEqual((yield* requests.get(createdId)).status, "PENDING")
        assert.strictEqual(
          (yield* customers.getByIdentifier({
            source: "INSTORE",
            identifier: { type: "mobile", value: customer.mobile }
          })).id,
          customer.id
        )

        const approvedAt = yield* EmulatorClock.EmulatorClock.use((clock) => clock.now)
        const approved = yield* (yield* approver).approve("CUSTOMER", createdId, "valid request")
        assert.deepStrictEqual(approved, { entityId: createdId, result: true, warnings: [] })

        // no waiting period: deleted at approval
        const done = pii(yield* requests.get(createdId))
        assert.strictEqual(done.status, "DELETED")
        const details = done.customerDeletionDetails!
        assert.deepStrictEqual(details.statusLog?.map((entry) => [entry.status, entry.changedBy]), [
          ["PENDING", Seed.demo.till.username],
          ["APPROVED", RequestBehaviours.demoApprover.username],
          ["DELETED", "PII_DELETION"]
        ])
        assert.strictEqual(details.scheduledTime, details.deletedOn)
        assert.isAtLeast(Date.parse(details.scheduledTime!), Math.floor(approvedAt / 1000) * 1000)
        assert.strictEqual(done.attribution?.modifiedBy?.code, RequestBehaviours.demoApprover.username)

        // nothing finds the customer by its identifiers any more
        for (
          const identifier of [
            { type: "mobile", value: customer.mobile },
            { type: "email", value: customer.email },
            { type: "externalId", value: customer.externalId }
          ] as const
        ) {
          const gone = yield* expectFailure(customers.lookup({ source: "ALL", identifier }))
          assert.instanceOf(gone, CustomerErrors.CustomerNotFound)
          assert.strictEqual((gone as CustomerErrors.CustomerNotFound).code, 8015)
        }
        assert.instanceOf(yield* lookupError(customer.mobile), CustomerErrors.CustomerNotFound)
        // the id stays, without personal data
        const kept = yield* customers.get(customer.id)
        assert.strictEqual(kept.id, customer.id)
        const [profile] = kept.profiles
        assert.deepStrictEqual(
          [profile?.firstName, profile?.lastName, profile?.identifiers, profile?.commChannels, profile?.fields],
          [undefined, undefined, [], [], {}]
        )
        assert.deepStrictEqual(kept.extendedFields, {})
        assert.strictEqual(yield* statusLabel(customer.id), "DELETED")
        // the points stay the customer id's
        assert.strictEqual(yield* balanceOf(customer.id), 250)
        // the status log of the customer shows the deletion statuses
        const log = yield* customers.statusLog(customer.id)
        assert.deepStrictEqual(log.data.map((entry) => entry.label), ["DELETED", "deletion_pending"])

        // the data is gone: a new deletion of that customer is refused
        const again = yield* expectFailure(requests.requestPiiDeletion(byId(customer.id)))
        assert(again._tag === "CapillaryError" && again.reason._tag === "ApiError")
        assert.strictEqual(again.reason.code, 400)
      }))

    it.effect("with a waiting period, the deletion happens when the clock passes it; cancelling restores", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const approving = yield* approver
        const clock = yield* EmulatorClock.EmulatorClock
        const customer = yield* newCustomer
        yield* waitingDays(2)
        const before = yield* statusLabel(customer.id)

        // approved, then cancelled before the deletion: the status comes back, nothing is deleted
        const first = (yield* requests.requestPiiDeletion(byMobile(customer.mobile))).createdId
        yield* approving.approve("CUSTOMER", first)
        const scheduled = pii(yield* requests.get(first))
        assert.strictEqual(scheduled.status, "APPROVED")
        const approvedOn = Date.parse(scheduled.customerDeletionDetails!.statusLog![1]!.changedOn)
        assert.strictEqual(Date.parse(scheduled.customerDeletionDetails!.scheduledTime!), approvedOn + 2 * dayMillis)
        assert.strictEqual(yield* statusLabel(customer.id), "deletion_pending")
        yield* requests.cancelPiiDeletion(first, "changed their mind")
        assert.strictEqual((yield* requests.get(first)).status, "CANCELED")
        assert.strictEqual(yield* statusLabel(customer.id), before)

        // approved again: still there a day later, gone once two days have passed
        const second = (yield* requests.requestPiiDeletion(byMobile(customer.mobile))).createdId
        yield* approving.approve("CUSTOMER", second)
        yield* clock.advance(dayMillis)
        assert.strictEqual((yield* requests.get(second)).status, "APPROVED")
        const stillThere = yield* Customers.Customers.use((customers) =>
          customers.getByIdentifier({ source: "INSTORE", identifier: { type: "mobile", value: customer.mobile } })
        )
        assert.strictEqual(stillThere.profiles[0]?.lastName, customer.lastName)
        yield* clock.advance(dayMillis + 1000)
        const deleted = pii(yield* requests.get(second))
        assert.strictEqual(deleted.status, "DELETED")
        assert.strictEqual(deleted.customerDeletionDetails?.deletedOn, deleted.customerDeletionDetails?.scheduledTime)
        assert.instanceOf(yield* lookupError(customer.mobile), CustomerErrors.CustomerNotFound)
        // a cancelled or carried-out deletion cannot be cancelled
        const late = yield* expectFailure(requests.cancelPiiDeletion(second))
        assert.instanceOf(late, RequestErrors.RequestUpdateRefused)
        assert.strictEqual((late as RequestErrors.RequestUpdateRefused).code, 400)
        yield* waitingDays(0)
      }))

    it.effect("rejecting, back to pending, one open request per customer, and auto-approval", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customer = yield* newCustomer
        const { createdId } = yield* requests.requestPiiDeletion(byId(customer.id))
        const twice = yield* expectFailure(requests.requestPiiDeletion(byMobile(customer.mobile)))
        assert(twice._tag === "CapillaryError" && twice.reason._tag === "ApiError")
        assert.strictEqual(twice.reason.code, 400)

        yield* requests.reject("CUSTOMER", createdId, "not verified")
        assert.strictEqual((yield* requests.get(createdId)).status, "REJECTED")
        // a rejected request is not approved directly
        const direct = yield* expectFailure((yield* approver).approve("CUSTOMER", createdId))
        assert.instanceOf(direct, RequestErrors.RequestUpdateRefused)
        assert.include((direct as RequestErrors.RequestUpdateRefused).message, "PENDING first")
        yield* requests.updateStatus({ type: "CUSTOMER", baseType: "DELETE", id: createdId, status: "PENDING" })
        yield* requests.updateStatus({ type: "CUSTOMER", baseType: "DELETE", id: createdId, status: "CANCELLED" })
        const read = pii(yield* requests.get(createdId))
        assert.deepStrictEqual(
          read.customerDeletionDetails?.statusLog?.map((entry) => entry.status),
          ["PENDING", "REJECTED", "PENDING", "CANCELED"]
        )
        assert.strictEqual(yield* balanceOf(customer.id), 0)

        // auto-approved: deleted at once, by the same till
        const auto = yield* requests.requestPiiDeletion(byMobile(customer.mobile), { autoApprove: true })
        assert.strictEqual((yield* requests.get(auto.createdId)).status, "DELETED")
        assert.instanceOf(yield* lookupError(customer.mobile), CustomerErrors.CustomerNotFound)
      }))

    it.effect("an unknown customer, source or identifier fails with the customer errors", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const unknown = yield* expectFailure(requests.requestPiiDeletion(byMobile("919599999999")))
        assert.instanceOf(unknown, CustomerErrors.CustomerNotFound)
        assert.instanceOf(
          yield* expectFailure(requests.requestPiiDeletion(byId(987654321))),
          CustomerErrors.CustomerNotFound
        )
        const body = {
          type: "CUSTOMER",
          baseType: "DELETE",
          customerIdentificationInfo: { source: "NOWHERE", identifierType: "mobile", identifierValue: "919000000001" }
        }
        const source = yield* raw("/v2/requests", { method: "POST", body })
        assert.deepStrictEqual([source.status, source.body.errors[0].code], [400, 8003])
        const type = yield* raw("/v2/requests", { method: "POST", body: { ...body, type: "SOMETHING" } })
        assert.strictEqual(type.body.errors[0].code, 9006)
        const base = yield* raw("/v2/requests", { method: "POST", body: { ...body, baseType: "POINTS" } })
        assert.strictEqual(base.body.errors[0].code, 9008)
        const malformed = yield* raw("/v2/requests", { method: "PUT", body: [{ type: "CUSTOMER", id: "x" }] })
        assert.deepStrictEqual([malformed.status, malformed.body.errors[0].code], [400, 400])
      }))

    it.effect("personal data never reaches the request log", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customer = yield* newCustomer
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const { createdId } = yield* requests.requestPiiDeletion(byMobile(customer.mobile), {
          comments: `asked by ${customer.email}`
        })
        yield* (yield* approver).approve("CUSTOMER", createdId)
        yield* requests.get(createdId)
        yield* requests.list({
          requestType: "CUSTOMER",
          requestSubType: "DELETE",
          source: "INSTORE",
          identifierType: "id",
          identifierValue: String(customer.id)
        })
        const entries = yield* log.recent(20)
        assert.isAtLeast(entries.filter((entry) => entry.endpoint?.startsWith("customers.")).length, 4)
        const text = JSON.stringify(entries)
        for (const secret of [customer.mobile, customer.email, customer.lastName]) assert.notInclude(text, secret)
      }))
  })

  describe("goodwill", () => {
    it.effect("an approved customer goodwill awards the points; a rejected one does not", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customer = yield* newCustomer
        const first = yield* requests.requestGoodwill(byMobile(customer.mobile), {
          points: 100,
          reason: "POINTS_ISSUE",
          comments: "late delivery"
        })
        assert.strictEqual(yield* balanceOf(customer.id), 0)
        yield* requests.approve("GOODWILL", first.createdId, "ok")
        assert.strictEqual(yield* balanceOf(customer.id), 100)
        // approving again changes nothing
        const again = yield* expectFailure(requests.approve("GOODWILL", first.createdId))
        assert.instanceOf(again, RequestErrors.RequestUpdateRefused)
        assert.strictEqual(yield* balanceOf(customer.id), 100)

        const second = yield* requests.requestGoodwill(byId(customer.id), { points: 40.5 }, {
          programId: Seed.demo.programs.loyalty,
          comments: "second"
        })
        yield* requests.reject("GOODWILL", second.createdId)
        assert.strictEqual(yield* balanceOf(customer.id), 100)

        const read = yield* requests.get(first.createdId)
        assert(Request.isGoodwill(read))
        assert.deepStrictEqual(read.goodwillRequest, {
          points: 100,
          reason: "POINTS_ISSUE",
          comments: "late delivery",
          approvedValue: "100"
        })
        assert.deepStrictEqual([read.earningEntityType, read.programId], ["CUSTOMER", Seed.demo.programs.loyalty])

        const list = yield* requests.goodwillRequests(customer.id)
        assert.strictEqual(list.pagination.total, 2)
        assert.deepStrictEqual(
          list.data.map((entry) => [entry.requestId, entry.goodwillStatus, entry.approvedValue, entry.comments]),
          [
            [second.createdId, "REJECTED", undefined, "second"],
            [first.createdId, "APPROVED", "100", "late delivery"]
          ]
        )
        assert.deepStrictEqual(list.data[1]!.program?.programName, "DemoLoyalty")
        assert.strictEqual(list.data[1]!.updatedComments, "ok")
        const one = yield* requests.goodwillRequests(customer.id, { requestId: first.createdId })
        assert.deepStrictEqual(one.data.map((entry) => entry.id), [first.createdId])
        assert.strictEqual((yield* requests.goodwillRequests(customer.id, { autoApprove: true })).pagination.total, 0)

        const auto = yield* requests.requestGoodwill(byMobile(customer.mobile), { points: 5 }, {
          autoApprove: true,
          comments: "yes"
        })
        assert.strictEqual(yield* balanceOf(customer.id), 105)
        const autos = yield* requests.goodwillRequests(customer.id, { autoApprove: true })
        assert.deepStrictEqual(
          autos.data.map((entry) => [entry.requestId, entry.updatedComments]),
          [[auto.createdId, "yes; AUTO_APPROVED"]]
        )
      }))

    it.effect("a group goodwill awards the group's wallet in the group program", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const userGroups = yield* UserGroups.UserGroups
        const primary = yield* newCustomer
        const { entity } = yield* userGroups.create({ externalId: `goodwill-${next}`, groupName: "Goodwill family" })
        yield* userGroups.join({ id: entity }, [
          { userId: UserGroup.CustomerId.make(primary.id), primaryMember: true }
        ])
        const groupBalance = SqlClient.SqlClient.use(() =>
          Effect.map(
            Ledger.balances({ orgId, type: "USERGROUP2", id: entity }, Seed.demo.programs.group),
            (balance) => Ledger.fromMilli(balance.main)
          )
        )
        const { createdId } = yield* requests.requestGroupGoodwill(
          { identifierType: "id", identifierValue: entity },
          { points: 300, reason: "POINTS_ISSUE" }
        )
        assert.strictEqual(yield* groupBalance, 0)
        yield* requests.approve("GOODWILL", createdId)
        assert.strictEqual(yield* groupBalance, 300)
        const read = yield* requests.get(createdId)
        assert(Request.isGoodwill(read))
        assert.deepStrictEqual(
          [read.earningEntityType, read.programId, read.userGroup2IdentificationInfo, read.userId],
          ["USERGROUP2", Seed.demo.programs.group, { identifierType: "id", identifierValue: entity }, -1]
        )
        // by external id, approved at once
        yield* requests.requestGroupGoodwill(
          { identifierType: "externalId", identifierValue: `goodwill-${next}` },
          { points: 20 },
          { autoApprove: true }
        )
        assert.strictEqual(yield* groupBalance, 320)
        // the primary member's own wallet is untouched
        assert.strictEqual(yield* balanceOf(primary.id), 0)
      }))

    it.effect("unknown groups, programs and customers fail with the named errors", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customer = yield* newCustomer
        const group = yield* expectFailure(
          requests.requestGroupGoodwill({ identifierType: "id", identifierValue: 987654 }, { points: 1 })
        )
        assert.instanceOf(group, RequestErrors.InvalidGroupDetails)
        assert.strictEqual((group as RequestErrors.InvalidGroupDetails).code, 93026)
        const program = yield* expectFailure(
          requests.requestGoodwill(byMobile(customer.mobile), { points: 1 }, { programId: 9999 })
        )
        assert.instanceOf(program, RequestErrors.InvalidRequestProgram)
        assert.strictEqual((program as RequestErrors.InvalidRequestProgram).code, 1101)
        // another organisation's program is not this one's
        const foreign = yield* expectFailure(
          requests.requestGoodwill(byMobile(customer.mobile), { points: 1 }, { programId: Seed.demo.programs.other })
        )
        assert.instanceOf(foreign, RequestErrors.InvalidRequestProgram)
        const unknown = yield* expectFailure(requests.goodwillRequests(Customer.CustomerId.make(987654321)))
        assert.instanceOf(unknown, RequestErrors.RequestNotFound)
        assert.strictEqual((unknown as RequestErrors.RequestNotFound).code, 9050)
        const noSuchRequest = yield* expectFailure(
          requests.goodwillRequests(customer.id, { requestId: Request.RequestId.make(987654) })
        )
        assert.instanceOf(noSuchRequest, RequestErrors.RequestNotFound)
        assert.deepStrictEqual(
          (yield* requests.goodwillRequests(customer.id)).data,
          [],
          "a customer without goodwill requests has an empty list"
        )
      }))
  })

  describe("reads, lists and status changes", () => {
    it.effect("a request by id is the organisation's own; unknown ids and kinds are 9050", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customer = yield* newCustomer
        const { createdId } = yield* requests.requestGoodwill(byMobile(customer.mobile), { points: 1 })
        const missing = yield* expectFailure(requests.get(Request.RequestId.make(987654)))
        assert.instanceOf(missing, RequestErrors.RequestNotFound)
        assert.strictEqual((missing as RequestErrors.RequestNotFound).code, 9050)
        const other = yield* otherOrg
        assert.instanceOf(yield* expectFailure(other.get(createdId)), RequestErrors.RequestNotFound)
        assert.instanceOf(yield* expectFailure(other.approve("GOODWILL", createdId)), RequestErrors.RequestNotFound)
        // the right id with another kind is not that request
        const wrongKind = yield* expectFailure(requests.approve("CUSTOMER", createdId))
        assert.instanceOf(wrongKind, RequestErrors.RequestNotFound)
        assert.strictEqual((yield* requests.get(createdId)).status, "PENDING")
      }))

    it.effect("several changes at once: each applied or refused on its own", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customer = yield* newCustomer
        const good = yield* requests.requestGoodwill(byMobile(customer.mobile), { points: 10 })
        const results = yield* requests.updateStatuses([
          { type: "GOODWILL", baseType: "POINTS", id: good.createdId, status: "APPROVED" },
          { type: "GOODWILL", baseType: "POINTS", id: Request.RequestId.make(987654), status: "APPROVED" },
          { type: "GOODWILL", baseType: "POINTS", id: good.createdId, status: "CANCELED" }
        ])
        assert.deepStrictEqual([results.totalCount, results.failureCount], [3, 2])
        assert.deepStrictEqual(results.response.map((item) => [item.result, item.errors?.[0]?.code]), [
          [true, undefined],
          [undefined, 9050],
          [undefined, 400]
        ])
        assert.strictEqual(yield* balanceOf(customer.id), 10)
        assert.strictEqual((yield* requests.get(good.createdId)).status, "APPROVED")
      }))

    it.effect("lists requests of a kind by customer, status and date, a page at a time", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customer = yield* newCustomer
        const ids: Array<number> = []
        for (const points of [1, 2, 3]) {
          ids.push((yield* requests.requestGoodwill(byMobile(customer.mobile), { points })).createdId)
        }
        yield* requests.approve("GOODWILL", Request.RequestId.make(ids[0]!))
        const mine = {
          requestType: "GOODWILL",
          requestSubType: "POINTS",
          source: "INSTORE",
          identifierType: "mobile",
          identifierValue: customer.mobile
        } as const
        const page = yield* requests.list({ ...mine, limit: 2 })
        assert.deepStrictEqual(page.pagination, {
          limit: 2,
          offset: 0,
          sortBy: "r.created_on",
          sortOrder: "DESC",
          total: 3
        })
        assert.deepStrictEqual(page.data.map((item) => item.id), [ids[2], ids[1]])
        const all = yield* Stream.runCollect(requests.listAll({ ...mine, limit: 2, order: "ASC" }))
        assert.deepStrictEqual(Array.from(all).map((item) => item.id), ids)
        const approved = yield* requests.list({ ...mine, status: "APPROVED" })
        assert.deepStrictEqual(approved.data.map((item) => item.id), [ids[0]])
        const updated = yield* requests.list({ ...mine, sort: "LAST_UPDATED_ON", limit: 1 })
        assert.deepStrictEqual([updated.pagination.sortBy, updated.pagination.total], ["r.last_updated_on", 3])
        const now = yield* EmulatorClock.EmulatorClock.use((clock) => clock.now)
        const today = new Date(now).toISOString().slice(0, 10)
        assert.strictEqual((yield* requests.list({ ...mine, start_date: today, end_date: today })).pagination.total, 3)
        assert.strictEqual((yield* requests.list({ ...mine, end_date: "2000-01-01" })).pagination.total, 0)
        // the organisation's deletions, and kinds the emulator never raises
        const deletions = yield* requests.list({ requestType: "CUSTOMER", requestSubType: "DELETE" })
        assert.isTrue(deletions.data.every((item) => Request.isPiiDeletion(item)))
        const transactions = yield* requests.list({ requestType: "TRANSACTION", requestSubType: "REGULAR_TXN_ADD" })
        assert.deepStrictEqual([transactions.pagination.total, transactions.data], [0, []])
        const unknown = yield* expectFailure(requests.list({ ...mine, identifierValue: "919599999998" }))
        assert.instanceOf(unknown, CustomerErrors.CustomerNotFound)
        const badType = yield* raw("/v2/requests?requestType=NOPE&requestSubType=DELETE")
        assert.strictEqual(badType.body.errors[0].code, 9006)
        const badSub = yield* raw("/v2/requests?requestType=CUSTOMER&requestSubType=POINTS")
        assert.strictEqual(badSub.body.errors[0].code, 9008)
        const badDate = yield* raw("/v2/requests?requestType=CUSTOMER&requestSubType=DELETE&start_date=yesterday")
        assert.deepStrictEqual([badDate.status, badDate.body.errors[0].code], [400, 400])
      }))
  })

  describe("customer merges", () => {
    it.effect("a pending merge, approved: the victim's profiles and points move to the survivor, the victim is 8069", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customers = yield* Customers.Customers
        const survivor = yield* newCustomer
        const victim = yield* newWechatCustomer
        yield* requests.requestGoodwill(byId(survivor.id), { points: 100 }, { autoApprove: true })
        yield* requests.requestGoodwill(byId(victim.id), { points: 75.5 }, { autoApprove: true })

        const { createdId } = yield* requests.requestMerge({ survivor: survivor.id, victim: victim.id }, {
          comments: "same person"
        })
        const pending = merge(yield* requests.get(createdId))
        assert.deepStrictEqual(
          [pending.status, pending.userId, pending.comments, pending.changeIdentifierRequest],
          ["PENDING", victim.id, "same person", {
            requestId: createdId,
            changeType: "MERGE",
            changeStatus: "PROCESSING",
            changeIdentifiers: {
              add: [{ type: "id", value: String(survivor.id) }],
              remove: [{ type: "id", value: String(victim.id) }]
            },
            oneStep: false
          }]
        )
        // nothing is merged while it is pending
        assert.strictEqual((yield* customers.get(victim.id)).id, victim.id)
        assert.deepStrictEqual([yield* balanceOf(survivor.id), yield* balanceOf(victim.id)], [100, 75.5])
        const listed = yield* requests.list({ requestType: "CHANGE_IDENTIFIER", requestSubType: "MERGE" })
        assert.include(listed.data.map((read) => read.id), createdId)

        const approved = yield* requests.approve("CHANGE_IDENTIFIER", createdId, "checked")
        assert.deepStrictEqual(approved, { entityId: createdId, result: true, warnings: [] })
        const done = merge(yield* requests.get(createdId))
        assert.deepStrictEqual([done.status, done.changeIdentifierRequest.changeStatus], ["APPROVED", "APPROVED"])

        const merged = yield* expectFailure(customers.get(victim.id))
        assert.instanceOf(merged, CustomerErrors.CustomerMerged)
        const read = yield* customers.get(survivor.id)
        assert.deepStrictEqual(read.profiles.map((profile) => [profile.source, profile.accountId]), [
          ["INSTORE", ""],
          ["WECHAT", victim.accountId]
        ])
        assert.strictEqual(
          (yield* customers.lookup({ source: "WECHAT", accountId: victim.accountId, identifier: victim.wechat }))
            .entity,
          survivor.id
        )
        // the victim's redeemable points are the survivor's now, moved by one transfer through the ledger
        assert.strictEqual(yield* balanceOf(survivor.id), 175.5)
        assert.deepStrictEqual(yield* Ledger.balances({ orgId, type: "CUSTOMER", id: victim.id }, 1001), {
          main: 0,
          promised: 0
        })
        yield* ledgerAuditClean
        // the merge is in both customers' change history
        const changes = yield* requests.changeRequests(survivor.id, { changeType: "MERGE" })
        assert.deepStrictEqual(
          changes.data.map((change) => [change.baseType, change.oldValue, change.newValue]),
          [["MERGE", String(victim.id), String(survivor.id)]]
        )
      }))

    it.effect("auto-approved, a merge takes effect at once", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const survivor = yield* newCustomer
        const victim = yield* newWechatCustomer
        const { createdId } = yield* requests.requestMerge({ survivor: survivor.id, victim: victim.id }, {
          autoApprove: true
        })
        const read = merge(yield* requests.get(createdId))
        assert.deepStrictEqual([read.status, read.comments], ["APPROVED", ""])
        assert.strictEqual(yield* CustomerStore.mergedInto(orgId, victim.id), survivor.id)
      }))

    it.effect("unknown and merged customers, clashing profiles, rejection and cancellation", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const [a, b] = [yield* newCustomer, yield* newCustomer]
        const total = Effect.map(
          requests.list({ requestType: "CHANGE_IDENTIFIER", requestSubType: "MERGE", limit: 1 }),
          (page) => page.pagination.total
        )
        const before = yield* total

        // an unknown customer on either side: 8015
        const unknown = yield* expectFailure(requests.requestMerge({ survivor: a.id, victim: unknownId }))
        assert.instanceOf(unknown, CustomerErrors.CustomerNotFound)
        assert.strictEqual((unknown as CustomerErrors.CustomerNotFound).code, 8015)
        assert.instanceOf(
          yield* expectFailure(requests.requestMerge({ survivor: unknownId, victim: a.id })),
          CustomerErrors.CustomerNotFound
        )
        // both in INSTORE: auto-approval fails with 8066 and stores nothing
        const clash = yield* expectFailure(
          requests.requestMerge({ survivor: a.id, victim: b.id }, { autoApprove: true })
        )
        assert.instanceOf(clash, CustomerErrors.MergeConflict)
        assert.strictEqual((clash as CustomerErrors.MergeConflict).code, 8066)
        assert.strictEqual(yield* total, before)
        // raised, its approval is refused with 8066 and it stays pending
        const pending = (yield* requests.requestMerge({ survivor: a.id, victim: b.id })).createdId
        const refused = yield* expectFailure(requests.approve("CHANGE_IDENTIFIER", pending))
        assert.instanceOf(refused, CustomerErrors.MergeConflict)
        assert.strictEqual((yield* requests.get(pending)).status, "PENDING")
        assert.strictEqual(yield* CustomerStore.mergedInto(orgId, b.id), undefined)
        // a merge cannot be cancelled; it is rejected, and can be set back to pending
        assert.instanceOf(
          yield* expectFailure(requests.updateStatus({
            type: "CHANGE_IDENTIFIER",
            baseType: "MERGE",
            id: pending,
            status: "CANCELED"
          })),
          RequestErrors.RequestUpdateRefused
        )
        yield* requests.reject("CHANGE_IDENTIFIER", pending, "not the same person")
        const rejected = merge(yield* requests.get(pending))
        assert.deepStrictEqual([rejected.status, rejected.changeIdentifierRequest.changeStatus], [
          "REJECTED",
          "REJECTED"
        ])
        assert.instanceOf(
          yield* expectFailure(requests.approve("CHANGE_IDENTIFIER", pending)),
          RequestErrors.RequestUpdateRefused
        )

        // a pending merge whose victim was merged meanwhile: its approval is 8069
        const survivor = yield* newCustomer
        const [first, second] = [yield* newWechatCustomer, yield* newWechatCustomer]
        const late = (yield* requests.requestMerge({ survivor: survivor.id, victim: first.id })).createdId
        yield* requests.requestMerge({ survivor: second.id, victim: first.id }, { autoApprove: true })
        const gone = yield* expectFailure(requests.approve("CHANGE_IDENTIFIER", late))
        assert.instanceOf(gone, CustomerErrors.CustomerMerged)
        assert.strictEqual((gone as CustomerErrors.CustomerMerged).code, 8069)
        assert.strictEqual((yield* requests.get(late)).status, "PENDING")
        assert.strictEqual(yield* CustomerStore.mergedInto(orgId, first.id), second.id)
        // and a merged customer cannot be named in a new merge request
        assert.instanceOf(
          yield* expectFailure(requests.requestMerge({ survivor: survivor.id, victim: first.id })),
          CustomerErrors.CustomerMerged
        )
      }))
  })

  describe("retro and change requests", () => {
    it.effect("retro requests: none for a known customer, 9050 / 8015 for an unknown one", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customer = yield* newCustomer
        const byCustomer = yield* requests.retroRequests(customer.id, { changeType: "RETRO", limit: 5 })
        assert.deepStrictEqual(byCustomer, {
          pagination: { limit: 5, offset: 0, total: 0 },
          data: [],
          warnings: [],
          errors: []
        })
        const byIdentifier = yield* requests.retroRequestsByIdentifier({
          source: "INSTORE",
          identifierName: "email",
          identifierValue: customer.email
        })
        assert.strictEqual(byIdentifier.pagination.total, 0)
        const unknown = yield* expectFailure(requests.retroRequests(Customer.CustomerId.make(987654321)))
        assert.instanceOf(unknown, RequestErrors.RequestNotFound)
        const unknownIdentifier = yield* expectFailure(
          requests.retroRequestsByIdentifier({
            source: "INSTORE",
            identifierName: "mobile",
            identifierValue: "919599999997"
          })
        )
        assert.instanceOf(unknownIdentifier, CustomerErrors.CustomerNotFound)
        const source = yield* raw(
          "/v2/customers/lookup/retroRequest?source=NOWHERE&identifierName=mobile&identifierValue=919000000001"
        )
        assert.strictEqual(source.body.errors[0].code, 8003)
        const name = yield* raw(
          "/v2/customers/lookup/retroRequest?source=INSTORE&identifierName=nope&identifierValue=x"
        )
        assert.strictEqual(name.body.errors[0].code, 8013)
      }))

    it.effect("change requests are the customer's applied changes; a PII deletion empties their values", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const customers = yield* Customers.Customers
        const customer = yield* newCustomer
        assert.strictEqual((yield* requests.changeRequests(customer.id)).pagination.total, 0)
        const newMobile = String(919_600_000_000 + next)
        yield* customers.changeIdentifier(customer.id, {
          add: [{ type: "mobile", value: newMobile }],
          remove: [{ type: "mobile", value: customer.mobile }]
        }, { source: "INSTORE" })
        const changes = yield* requests.changeRequests(customer.id, { changeType: "MOBILE" })
        assert.deepStrictEqual(
          changes.data.map((entry) => [entry.baseType, entry.status, entry.oldValue, entry.newValue, entry.oneStep]),
          [["MOBILE", "APPROVED", customer.mobile, newMobile, true]]
        )
        assert.strictEqual((yield* requests.changeRequests(customer.id, { changeType: "EMAIL" })).pagination.total, 0)
        const none = yield* requests.changeRequests(customer.id, { endDate: "2000-01-01" })
        assert.strictEqual(none.pagination.total, 0)

        yield* requests.requestPiiDeletion(byMobile(newMobile), { autoApprove: true })
        const anonymised = yield* requests.changeRequests(customer.id)
        assert.deepStrictEqual(
          anonymised.data.map((entry) => [entry.baseType, entry.oldValue, entry.newValue]),
          [["MOBILE", null, null]]
        )
        const unknown = yield* expectFailure(requests.changeRequests(Customer.CustomerId.make(987654321)))
        assert.instanceOf(unknown, CustomerErrors.CustomerNotFound)
        assert.strictEqual((unknown as CustomerErrors.CustomerNotFound).code, 8015)
      }))
  })

  describe("invalid input", () => {
    it.effect("the SDK refuses what Capillary would refuse, before sending", () =>
      Effect.gen(function*() {
        const requests = yield* Requests.Requests
        const error = yield* expectFailure(requests.requestGoodwill(byMobile("919000000001"), { points: -1 }))
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }))
  })
})
