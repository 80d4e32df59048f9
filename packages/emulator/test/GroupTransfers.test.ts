/**
 * Contract tests of group points transfers: customer to group, group to customer and group to group through the
 * `GroupPoints` service over real HTTP against the emulator's double-entry ledger, each one two entries that sum
 * to zero; what members contributed to the group (the members read and the group read); permissions that block
 * points leaving the group; and concurrent transfers out of one group wallet that never overdraw it. The catalog
 * is the default one plus the user group and ledger catalogs, built here.
 */
import { Customers } from "@capillary-effect/customers"
import {
  type GroupPoints,
  GroupPointsErrors,
  GroupPointsService,
  UserGroup,
  UserGroupErrors,
  UserGroups
} from "@capillary-effect/usergroups"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Result } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, EmulatorClock, LedgerBehaviours, Seed, UserGroupBehaviours } from "../src/index.ts"
import { fastRetries } from "./fixtures/clients.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, UserGroupBehaviours.catalog, LedgerBehaviours.catalog)

const orgId = Seed.demo.org.id
const { group: groupProgram, loyalty } = Seed.demo.programs

let nextMobile = 919_600_000_000

/** New customers of the demo org, registered through the SDK, each awarded points in the loyalty program. */
const newCustomers = (count: number, points = 0) =>
  Effect.gen(function*() {
    const customers = yield* Customers.Customers
    return yield* Effect.forEach(Array.from({ length: count }), () =>
      Effect.gen(function*() {
        const mobile = String(nextMobile++)
        const { createdId } = yield* customers.add({
          profiles: [{ source: "INSTORE", firstName: "Giver", identifiers: [{ type: "mobile", value: mobile }] }]
        })
        if (points > 0) {
          yield* LedgerBehaviours.award(LedgerBehaviours.customer(orgId, createdId), loyalty, points, "test")
        }
        return { id: UserGroup.CustomerId.make(createdId), mobile }
      }))
  })

let nextGroup = 0

/** A new group with a primary member and members (with permissions when given); its id. */
const newGroup = (
  members: ReadonlyArray<{ readonly id: UserGroup.CustomerId; readonly permissions?: ReadonlyArray<string> }>,
  maxGroupSize = 50
) =>
  Effect.gen(function*() {
    const userGroups = yield* UserGroups.UserGroups
    const { entity } = yield* userGroups.create({
      externalId: `transfers-${++nextGroup}`,
      groupName: `Transfers ${nextGroup}`,
      maxGroupSize
    })
    yield* userGroups.join(
      { id: entity },
      members.map((member, i) => ({
        userId: member.id,
        ...(i === 0 ? { primaryMember: true } : {}),
        ...(member.permissions === undefined ? {} : { permissions: member.permissions })
      })) as unknown as UserGroup.JoinRequest
    )
    return entity
  })

const customer = (mobile: string): GroupPoints.CustomerEntity => ({
  type: "CUSTOMER",
  identifierType: "mobile",
  identifierValue: mobile,
  source: "INSTORE"
})

const group = (id: number): GroupPoints.GroupEntity => ({
  type: "USERGROUP2",
  identifierType: "id",
  identifierValue: String(id)
})

const by = (mobile: string): GroupPoints.TransferredBy => ({
  identifierType: "mobile",
  identifierValue: mobile,
  source: "INSTORE"
})

/** A wallet's MAIN balance in a program, in points. */
const balance = (owner: LedgerBehaviours.Owner, programId: number) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ balance: number }>`SELECT balance FROM points_accounts WHERE org_id = ${owner.orgId}
        AND owner_type = ${owner.type} AND owner_id = ${owner.id} AND program_id = ${programId} AND bucket = 'MAIN'`,
      (rows) => (rows[0]?.balance ?? 0) / 1000
    )
  )

/** The entries of the ledger event of a transfer, by its transfer id. */
const entriesOf = (transferId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ owner_type: string; owner_id: number; program_id: number; amount: number }>`
      SELECT a.owner_type, a.owner_id, a.program_id, en.amount FROM points_transfers t
      JOIN ledger_entries en ON en.event_id = t.event_id
      JOIN points_accounts a ON a.id = en.account_id
      WHERE t.id = ${transferId} ORDER BY en.id`
  )

/** Every invariant of the ledger holds. */
const assertSound = Effect.gen(function*() {
  const audit = yield* LedgerBehaviours.audit
  for (const { sum } of audit.sumByOrg) assert.strictEqual(sum, 0)
  assert.deepStrictEqual(
    [audit.unbalancedEvents, audit.negativeWallets, audit.driftedAccounts, audit.inconsistentTotals, audit.lotDrift],
    [0, 0, 0, 0, 0]
  )
})

const testLayer = Layer.mergeAll(GroupPointsService.layer, UserGroups.layer, Customers.layer).pipe(
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("Group points transfers against the emulator", (it) => {
  describe("each direction", () => {
    it.effect("customer to group, group to customer, group to group: two entries that sum to zero each", () =>
      Effect.gen(function*() {
        const points = yield* GroupPointsService.GroupPoints
        const [primary, member, otherPrimary] = yield* newCustomers(3, 1000)
        const from = yield* newGroup([primary!, member!])
        const to = yield* newGroup([otherPrimary!])

        // customer -> group: the member's loyalty wallet into the group's group-program wallet
        const request = {
          pointsTobeTransferred: 300,
          transferredBy: by(member!.mobile),
          fromEntity: customer(member!.mobile),
          toEntity: group(from)
        }
        assert.deepStrictEqual(yield* points.isTransferrable(request), { transferrable: true, points: 300 })
        const into = yield* points.transfer(request)
        assert.deepStrictEqual(
          [into.fromEntityType, into.fromEntityId, into.toEntityType, into.toEntityId, into.pointsTransferred],
          ["CUSTOMER", member!.id, "USERGROUP2", from, 300]
        )
        assert.strictEqual(into.transferredToUserGroup2?.id, from)
        assert.deepStrictEqual(yield* entriesOf(into.transferId), [
          { owner_type: "CUSTOMER", owner_id: member!.id, program_id: loyalty, amount: -300_000 },
          { owner_type: "USERGROUP2", owner_id: from, program_id: groupProgram, amount: 300_000 }
        ])

        // group -> customer: by the primary member, to the primary member
        const out = yield* points.transfer({
          pointsTobeTransferred: 100.5,
          transferredBy: by(primary!.mobile),
          fromEntity: group(from),
          toEntity: customer(primary!.mobile)
        })
        assert.deepStrictEqual(out.pointsTransferBreakupByEarningPrograms, [
          { programId: groupProgram, deductedPoints: 100.5, programCurrentPoints: 199.5 }
        ])
        assert.deepStrictEqual(
          (yield* entriesOf(out.transferId)).map((entry) => entry.amount),
          [-100_500, 100_500]
        )

        // group -> group: by a member of the group the points leave
        const across = yield* points.transfer({
          pointsTobeTransferred: 50,
          transferredBy: by(member!.mobile),
          fromEntity: group(from),
          toEntity: { type: "USERGROUP2", identifierType: "primaryUserMobile", identifierValue: otherPrimary!.mobile }
        })
        assert.deepStrictEqual(
          [
            across.fromEntityType,
            across.toEntityType,
            across.transferredFromUserGroup2?.id,
            across.transferredToUserGroup2?.id
          ],
          ["USERGROUP2", "USERGROUP2", from, to]
        )
        assert.deepStrictEqual(yield* entriesOf(across.transferId), [
          { owner_type: "USERGROUP2", owner_id: from, program_id: groupProgram, amount: -50_000 },
          { owner_type: "USERGROUP2", owner_id: to, program_id: groupProgram, amount: 50_000 }
        ])

        assert.deepStrictEqual(
          [
            yield* balance(LedgerBehaviours.customer(orgId, member!.id), loyalty),
            yield* balance(LedgerBehaviours.customer(orgId, primary!.id), loyalty),
            yield* balance(LedgerBehaviours.group(orgId, from), groupProgram),
            yield* balance(LedgerBehaviours.group(orgId, to), groupProgram)
          ],
          [700, 1100.5, 149.5, 50]
        )
        yield* assertSound
      }))

    it.effect("who may move the group's points: members only, and not a member whose permissions block it", () =>
      Effect.gen(function*() {
        const points = yield* GroupPointsService.GroupPoints
        const [primary, blocked, noTransfer, stranger] = yield* newCustomers(4, 500)
        const id = yield* newGroup([
          primary!,
          { ...blocked!, permissions: ["block_points_redemption"] },
          { ...noTransfer!, permissions: ["block_points_transfer"] }
        ])
        yield* points.transfer({
          pointsTobeTransferred: 400,
          transferredBy: by(primary!.mobile),
          fromEntity: customer(primary!.mobile),
          toEntity: group(id)
        })
        const before = yield* balance(LedgerBehaviours.group(orgId, id), groupProgram)
        const outOf = (who: { readonly mobile: string }, to: { readonly mobile: string }) => ({
          pointsTobeTransferred: 10,
          transferredBy: by(who.mobile),
          fromEntity: group(id),
          toEntity: customer(to.mobile)
        })
        const refusals = [
          [outOf(blocked!, blocked!), "RedemptionBlocked", 828],
          [outOf(primary!, blocked!), "RedemptionBlocked", 828],
          [outOf(noTransfer!, primary!), "RedemptionBlocked", 828],
          [outOf(stranger!, primary!), "UserNotInGroup", 1620],
          [outOf(primary!, stranger!), "UserNotInGroup", 1620],
          [{ ...outOf(primary!, primary!), pointsTobeTransferred: 1000 }, "InsufficientPoints", 804]
        ] as const
        for (const [request, tag, code] of refusals) {
          const check = yield* points.isTransferrable(request)
          assert(!check.transferrable)
          assert.deepStrictEqual([check.reason._tag, check.reason.code], [tag, code])
          const error = yield* Effect.flip(points.transfer(request))
          assert.deepStrictEqual([error._tag, (error as GroupPointsErrors.RedemptionBlocked).code], [tag, code])
        }
        // a blocked member may still give points to the group; a stranger may not
        yield* points.transfer({
          pointsTobeTransferred: 20,
          transferredBy: by(blocked!.mobile),
          fromEntity: customer(blocked!.mobile),
          toEntity: group(id)
        })
        assert.instanceOf(
          yield* Effect.flip(points.transfer({
            pointsTobeTransferred: 20,
            transferredBy: by(stranger!.mobile),
            fromEntity: customer(stranger!.mobile),
            toEntity: group(id)
          })),
          UserGroupErrors.UserNotInGroup
        )
        assert.strictEqual(yield* balance(LedgerBehaviours.group(orgId, id), groupProgram), before + 20)
        yield* assertSound
      }))

    it.effect("an inactive or deleted group takes no transfer either way", () =>
      Effect.gen(function*() {
        const points = yield* GroupPointsService.GroupPoints
        const userGroups = yield* UserGroups.UserGroups
        const [primary, member] = yield* newCustomers(2, 100)
        const id = yield* newGroup([primary!, member!])
        yield* userGroups.leave(id, primary!.id)
        const error = yield* Effect.flip(points.transfer({
          pointsTobeTransferred: 10,
          transferredBy: by(member!.mobile),
          fromEntity: customer(member!.mobile),
          toEntity: group(id)
        }))
        assert.deepStrictEqual([error._tag, (error as UserGroupErrors.InvalidGroup).code], ["InvalidGroup", 1632])
        yield* userGroups.delete({ id })
        assert.instanceOf(
          yield* Effect.flip(points.isTransferrable({
            pointsTobeTransferred: 10,
            transferredBy: by(member!.mobile),
            fromEntity: group(id),
            toEntity: customer(member!.mobile)
          })),
          UserGroupErrors.InvalidGroup
        )
      }))
  })

  describe("contributions", () => {
    it.effect("the points each member moved into the group: pointsContributed and pointsContributionToGroup", () =>
      Effect.gen(function*() {
        const points = yield* GroupPointsService.GroupPoints
        const userGroups = yield* UserGroups.UserGroups
        const [primary, giver, taker] = yield* newCustomers(3, 1000)
        const id = yield* newGroup([primary!, giver!, taker!])
        const give = (who: { readonly mobile: string }, amount: number) =>
          points.transfer({
            pointsTobeTransferred: amount,
            transferredBy: by(who.mobile),
            fromEntity: customer(who.mobile),
            toEntity: group(id)
          })
        yield* give(giver!, 120)
        yield* give(giver!, 30.25)
        yield* give(primary!, 50)
        // points taken out, and points awarded to the group directly, are no member's contribution
        yield* points.transfer({
          pointsTobeTransferred: 40,
          transferredBy: by(taker!.mobile),
          fromEntity: group(id),
          toEntity: customer(taker!.mobile)
        })
        yield* LedgerBehaviours.award(LedgerBehaviours.group(orgId, id), groupProgram, 1000, "bonus")
        const page = yield* userGroups.members({ id }, { primaryFirst: true, sortOrder: "ASC" })
        assert.deepStrictEqual(
          page.data.map((listed) => [listed.fleetUserId, listed.pointsContributed]),
          [[primary!.id, 50], [giver!.id, 150.25], [taker!.id, 0]]
        )
        const read = yield* userGroups.get({ id })
        assert.deepStrictEqual(
          read.pointsSummaries?.map((summary) => [summary.programId, summary.pointsContributionToGroup]),
          [[groupProgram, 200.25]]
        )
        assert.strictEqual(read.pointsSummaries?.[0]?.loyaltyPoints, 1160.25)
        // a member who moved to another group keeps what they gave to this one
        const other = yield* newGroup((yield* newCustomers(1)).map((c) => ({ id: c.id })))
        yield* userGroups.transferMembers({ leaveGroupId: id, joinGroupId: other, userIds: [giver!.id] })
        const after = yield* userGroups.members({ id }, { primaryFirst: true, sortOrder: "ASC" })
        assert.deepStrictEqual(
          after.data.map((listed) => [listed.fleetUserId, listed.pointsContributed, listed.inActive]),
          [[primary!.id, 50, true], [giver!.id, 150.25, false], [taker!.id, 0, true]]
        )
        yield* assertSound
      }))
  })

  describe("the emulator clock", () => {
    it.effect("promised points that fell due are redeemable for the transfer as for isTransferrable", () =>
      Effect.gen(function*() {
        const points = yield* GroupPointsService.GroupPoints
        const [primary] = yield* newCustomers(1)
        const source = yield* newGroup([primary!])
        const now = yield* EmulatorClock.EmulatorClock.use((clock) => clock.now)
        const today = new Date(now).toISOString().slice(0, 10)
        // promised points redeemable from today: no settlement has run since they were awarded
        yield* LedgerBehaviours.award(LedgerBehaviours.group(orgId, source), groupProgram, 80, "promised", {
          bucket: "PROMISED",
          redeemableFrom: today
        })
        assert.strictEqual(yield* balance(LedgerBehaviours.group(orgId, source), groupProgram), 0)
        const moved = yield* points.transfer({
          pointsTobeTransferred: 60,
          transferredBy: by(primary!.mobile),
          fromEntity: group(source),
          toEntity: customer(primary!.mobile)
        })
        assert.deepStrictEqual(moved.pointsTransferBreakupByEarningPrograms, [
          { programId: groupProgram, deductedPoints: 60, programCurrentPoints: 20 }
        ])
        assert.strictEqual(yield* balance(LedgerBehaviours.group(orgId, source), groupProgram), 20)
        yield* assertSound
      }))
  })

  describe("concurrency", () => {
    it.effect("40 concurrent transfers out of one group wallet: exactly floor(balance / amount) succeed, none overdraw", () =>
      Effect.gen(function*() {
        const points = yield* GroupPointsService.GroupPoints
        const [primary, ...members] = yield* newCustomers(5)
        const source = yield* newGroup([primary!, ...members])
        const targets = yield* Effect.forEach(
          Array.from({ length: 4 }),
          () => Effect.flatMap(newCustomers(1), (people) => newGroup(people))
        )
        const funded = 1234.5
        const amount = 50
        yield* LedgerBehaviours.award(LedgerBehaviours.group(orgId, source), groupProgram, funded, "funding")
        const everyone = [primary!, ...members]
        const results = yield* Effect.forEach(
          Array.from({ length: 40 }, (_, i) => i),
          (i) =>
            Effect.result(points.transfer({
              pointsTobeTransferred: amount,
              transferredBy: by(everyone[i % everyone.length]!.mobile),
              fromEntity: group(source),
              toEntity: group(targets[i % targets.length]!)
            })),
          { concurrency: "unbounded" }
        )
        const succeeded = results.filter(Result.isSuccess).length
        assert.strictEqual(succeeded, Math.floor(funded / amount))
        for (const result of results) {
          if (Result.isFailure(result)) assert.instanceOf(result.failure, GroupPointsErrors.InsufficientPoints)
        }
        assert.strictEqual(
          yield* balance(LedgerBehaviours.group(orgId, source), groupProgram),
          funded - succeeded * amount
        )
        let received = 0
        for (const target of targets) received += yield* balance(LedgerBehaviours.group(orgId, target), groupProgram)
        assert.strictEqual(received, succeeded * amount)
        yield* assertSound
      }))
  })
})
