/**
 * Contract tests of the customer label endpoints: every operation of the `Labels` service of
 * `@capillary-effect/customers` runs through the SDK, over real HTTP, against the emulator's behaviours on its
 * database, with the state checked afterwards. The catalog is the default one plus `LabelBehaviours.catalog`.
 */
import { CapillaryError } from "@capillary-effect/core"
import { Customer, CustomerErrors, LabelErrors, Labels } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, Faults, LabelBehaviours, RequestLog, Seed } from "../src/index.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, LabelBehaviours.catalog)

const otherOrg = tillService(Labels.Labels, Labels.layer, Seed.demo.otherTill.username, Seed.demo.otherTill.password)

const { ann, bob, tom } = Seed.demo.customers
const tomId = Customer.CustomerId.make(tom.id)
const annId = Customer.CustomerId.make(ann.id)
const bobId = Customer.CustomerId.make(bob.id)

let nextName = 0
/** A label name not used before in this file. */
const fresh = (stem: string) => `${stem}-${++nextName}`

const demoTillId = SqlClient.SqlClient.use((sql) =>
  Effect.map(
    sql<{ id: number }>`SELECT id FROM tills WHERE username = ${Seed.demo.till.username}`,
    (rows) => rows[0]!.id
  )
)

const labelRows = (orgId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ name: string }>`SELECT name FROM org_labels WHERE org_id = ${orgId} ORDER BY id`.pipe(
      Effect.map((rows) => rows.map((row) => row.name))
    )
  )

const taggings = (customerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ name: string; deleted: number }>`SELECT org_labels.name, customer_labels.deleted FROM customer_labels
      JOIN org_labels ON org_labels.id = customer_labels.label_id
      WHERE customer_labels.customer_id = ${customerId} ORDER BY customer_labels.id`
  )

const testLayer = Labels.layer.pipe(
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("Labels against the emulator", (it) => {
  describe("organisation labels", () => {
    it.effect("adds labels, all or none, and lists them in the order they were added", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        const [premium, gadgets] = [fresh("Premium"), fresh("GadgetFreak")]
        const added = yield* labels.addToOrganisation({
          orgLabels: [
            { name: premium, description: "Customers whose purchase value is more than $4000" },
            { name: gadgets }
          ]
        })
        assert.deepStrictEqual(added, { entity: Seed.demo.org.id, warnings: [] })
        const listed = yield* labels.organisationLabels
        const mine = (listed.data ?? []).filter((label) => label.name === premium || label.name === gadgets)
        const till = yield* demoTillId
        assert.deepStrictEqual(
          mine.map(({ active, description, lastUpdatedBy, name, orgId }) => ({
            active,
            description,
            lastUpdatedBy,
            name,
            orgId
          })),
          [
            {
              active: true,
              description: "Customers whose purchase value is more than $4000",
              lastUpdatedBy: till,
              name: premium,
              orgId: Seed.demo.org.id
            },
            { active: true, description: undefined, lastUpdatedBy: till, name: gadgets, orgId: Seed.demo.org.id }
          ]
        )
        assert.isAbove(mine[1]!.id, mine[0]!.id)

        // A name taken: 33003, and the other label of the request is not added either.
        const other = fresh("Other")
        const taken = yield* Effect.flip(labels.addToOrganisation({ orgLabels: [{ name: other }, { name: premium }] }))
        assert.instanceOf(taken, LabelErrors.LabelExists)
        assert.strictEqual(taken.code, 33003)
        assert.notInclude(yield* labelRows(Seed.demo.org.id), other)
      }))

    it.effect("an organisation sees only its own labels; none is warning 33002 without data", () =>
      Effect.gen(function*() {
        const other = yield* otherOrg
        const none = yield* other.organisationLabels
        assert.deepStrictEqual(none, {
          warnings: [{ status: false, code: 33002, message: "Org labels not found" }],
          errors: []
        })
        const name = fresh("OtherOrgLabel")
        const added = yield* other.addToOrganisation({ orgLabels: [{ name }] })
        assert.strictEqual(added.entity, Seed.demo.otherOrg.id)
        assert.deepStrictEqual((yield* other.organisationLabels).data?.map((label) => label.name), [name])
        assert.notInclude(yield* labelRows(Seed.demo.org.id), name)
      }))

    it.effect("an add applied and then cut off is reconciled from the organisation's labels, not sent twice", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const other = yield* otherOrg
        const name = fresh("Ambiguous")
        yield* log.clear
        const added = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "customers.addOrgLabels", times: 1 }]),
          () => other.addToOrganisation({ orgLabels: [{ name }] }),
          () => faults.clear()
        )
        assert.deepStrictEqual(added, { entity: Seed.demo.otherOrg.id, warnings: [] })
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status, entry.fault]), [
          ["customers.addOrgLabels", 0, "applyThenReset"],
          ["customers.getOrgLabels", 200, undefined]
        ])
        assert.deepStrictEqual((yield* labelRows(Seed.demo.otherOrg.id)).filter((label) => label === name), [name])
        // The demo organisation's service is untouched by the other's add.
        assert.notInclude(((yield* labels.organisationLabels).data ?? []).map((label) => label.name), name)
      }))
  })

  describe("a customer's labels", () => {
    it.effect("tags and untags a customer; the labels read back, untagged taggings are kept as deleted", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        const [gold, vip] = [fresh("Gold"), fresh("Vip")]
        yield* labels.addToOrganisation({ orgLabels: [{ name: gold }, { name: vip }] })
        const till = yield* demoTillId

        const tagged = yield* labels.changeLabels(tomId, { add: [{ labelName: gold }, { labelName: vip }] })
        assert.deepStrictEqual(tagged, { entity: tomId, warnings: [] })
        const own = yield* labels.customerLabels(tomId)
        const mine = (own.data ?? []).filter((label) => label.labelName === gold || label.labelName === vip)
        assert.deepStrictEqual(
          mine.map(({ addedBy, deleted, labelName, orgId, userId }) => ({
            addedBy,
            deleted,
            labelName,
            orgId,
            userId
          })),
          [
            { addedBy: till, deleted: false, labelName: gold, orgId: Seed.demo.org.id, userId: tomId },
            { addedBy: till, deleted: false, labelName: vip, orgId: Seed.demo.org.id, userId: tomId }
          ]
        )
        const orgIds = new Map(((yield* labels.organisationLabels).data ?? []).map((label) => [label.name, label.id]))
        assert.deepStrictEqual(mine.map((label) => label.labelId), [orgIds.get(gold), orgIds.get(vip)])

        // Tagging again changes nothing.
        yield* labels.changeLabels(tomId, { add: [{ labelName: gold }] })
        assert.strictEqual((yield* taggings(tomId)).filter((row) => row.name === gold).length, 1)

        // Untagging: gone from the list, kept as deleted.
        const untagged = yield* labels.changeLabels(tomId, { remove: [{ labelName: gold }] })
        assert.deepStrictEqual(untagged, { entity: tomId, warnings: [] })
        const after = ((yield* labels.customerLabels(tomId)).data ?? []).map((label) => label.labelName)
        assert.notInclude(after, gold)
        assert.include(after, vip)
        assert.deepStrictEqual(
          (yield* taggings(tomId)).filter((row) => row.name === gold).map((row) => row.deleted),
          [1]
        )
        // Tagged again after being untagged: a new tagging.
        yield* labels.changeLabels(tomId, { add: [{ labelName: gold }] })
        assert.deepStrictEqual(
          (yield* taggings(tomId)).filter((row) => row.name === gold).map((row) => row.deleted),
          [1, 0]
        )
      }))

    it.effect("skips unknown labels with warning 33000 and absent ones with 33001", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        const known = fresh("Known")
        yield* labels.addToOrganisation({ orgLabels: [{ name: known }] })
        const unknown = fresh("NoSuchLabel")

        const mixed = yield* labels.changeLabels(annId, { add: [{ labelName: unknown }, { labelName: known }] })
        assert.deepStrictEqual(mixed, {
          entity: annId,
          warnings: [{ status: false, code: 33000, message: `${unknown} label not found` }]
        })
        assert.deepStrictEqual((yield* taggings(annId)).map((row) => row.name), [known])

        // Only removals of labels the customer does not have: nothing changed, warnings alone.
        const absent = fresh("Absent")
        yield* labels.addToOrganisation({ orgLabels: [{ name: absent }] })
        const nothing = yield* labels.changeLabels(annId, { remove: [{ labelName: absent }] })
        assert.deepStrictEqual(nothing, {
          warnings: [{ status: false, code: 33001, message: "User labels not found" }],
          errors: []
        })
        assert.deepStrictEqual((yield* taggings(annId)).map((row) => [row.name, row.deleted]), [[known, 0]])
      }))

    it.effect("a customer without labels is warning 33001 without data; unknown customers are 8015", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        assert.deepStrictEqual(yield* labels.customerLabels(bobId), {
          warnings: [{ status: false, code: 33001, message: "User labels not found" }],
          errors: []
        })
        const name = fresh("Anything")
        yield* labels.addToOrganisation({ orgLabels: [{ name }] })
        for (const id of [999_999, Seed.demo.otherCustomer.id]) {
          const userId = Customer.CustomerId.make(id)
          const read = yield* Effect.flip(labels.customerLabels(userId))
          assert.instanceOf(read, CustomerErrors.CustomerNotFound)
          assert.strictEqual(read.code, 8015)
          const change = yield* Effect.flip(labels.changeLabels(userId, { add: [{ labelName: name }] }))
          assert.instanceOf(change, CustomerErrors.CustomerNotFound)
        }
        assert.deepStrictEqual(yield* taggings(Seed.demo.otherCustomer.id), [])
        // A customer merged into another is 8069, and is not tagged.
        const merged = yield* raw("/v2/customers", {
          method: "POST",
          body: {
            profiles: [{
              source: "WECHAT",
              accountId: "wechat-lbl",
              identifiers: [{ type: "wechat", value: "wx-lbl" }]
            }]
          }
        })
        const victim = Customer.CustomerId.make(merged.body.createdId)
        const merge = yield* raw(`/v2/customers/${victim}/changeIdentifier?source=WECHAT&accountId=wechat-lbl`, {
          method: "POST",
          body: { add: [{ type: "mobile", value: bob.mobile }] }
        })
        assert.deepStrictEqual([merge.status, merge.body.createdId], [200, bobId])
        const mergedChange = yield* Effect.flip(labels.changeLabels(victim, { add: [{ labelName: name }] }))
        assert.instanceOf(mergedChange, CustomerErrors.CustomerMerged)
        assert.strictEqual(mergedChange.code, 8069)
        assert.instanceOf(yield* Effect.flip(labels.customerLabels(victim)), CustomerErrors.CustomerMerged)
        assert.deepStrictEqual(yield* taggings(victim), [])
        // A malformed path is a 400 envelope, not a 500.
        const malformed = yield* raw("/v2/customers/abc/labels")
        assert.strictEqual(malformed.status, 400)
        assert.strictEqual(malformed.body.errors[0].code, 400)
      }))
  })

  describe("search by label", () => {
    it.effect("finds customers tagged with a label starting with q (case-sensitive), paged", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        const stem = fresh("Srch")
        const [first, second, lower] = [`${stem}One`, `${stem}Two`, `${stem.toLowerCase()}x`]
        yield* labels.addToOrganisation({ orgLabels: [{ name: first }, { name: second }, { name: lower }] })
        yield* labels.changeLabels(bobId, { add: [{ labelName: first }, { labelName: second }] })
        yield* labels.changeLabels(tomId, { add: [{ labelName: second }, { labelName: lower }] })
        yield* labels.changeLabels(annId, { add: [{ labelName: lower }] })

        const found = yield* labels.search(stem)
        assert.deepStrictEqual(found.pagination, { limit: 10, offset: 0, total: 2 })
        assert.deepStrictEqual(
          found.data.map((hit) => [hit.userId, hit.customerLabels.map((label) => label.labelName)]),
          [[tomId, [second]], [bobId, [first, second]]].sort((a, b) => (a[0] as number) - (b[0] as number))
        )
        assert.deepStrictEqual(found.data[0]!.customerLabels[0]!.orgId, Seed.demo.org.id)

        const whole = yield* labels.search(first)
        assert.deepStrictEqual(whole.data.map((hit) => hit.userId), [bobId])
        const page = yield* labels.search(stem, { offset: 1, limit: 1 })
        assert.deepStrictEqual([page.pagination, page.data.length], [{ limit: 1, offset: 1, total: 2 }, 1])
        const all = yield* labels.search(stem, { limit: -1 })
        assert.deepStrictEqual([all.pagination.limit, all.data.length], [-1, 2])
        // Untagged customers are not found any more.
        yield* labels.changeLabels(tomId, { remove: [{ labelName: second }] })
        assert.deepStrictEqual((yield* labels.search(stem)).data.map((hit) => hit.userId), [bobId])
        assert.deepStrictEqual((yield* labels.search(`${stem}Three`)).data, [])
        // The other organisation finds nothing of the demo organisation's.
        assert.deepStrictEqual((yield* (yield* otherOrg).search(stem)).pagination.total, 0)
      }))

    it.effect("streams every customer found, page after page", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        const log = yield* RequestLog.RequestLog
        const name = fresh("Streamed")
        yield* labels.addToOrganisation({ orgLabels: [{ name }] })
        const customers = yield* SqlClient.SqlClient.use((sql) =>
          sql<
            { id: number }
          >`SELECT id FROM customers WHERE org_id = ${Seed.demo.org.id} AND merged_into IS NULL ORDER BY id`
        )
        for (const { id } of customers) {
          yield* labels.changeLabels(Customer.CustomerId.make(id), { add: [{ labelName: name }] })
        }
        yield* log.clear
        const streamed = yield* Stream.runCollect(labels.searchAll(name))
        assert.deepStrictEqual(Array.from(streamed, (hit) => hit.userId as number), customers.map((row) => row.id))
        assert.strictEqual(
          (yield* log.recent(100)).filter((entry) => entry.endpoint === "customers.searchByLabel").length,
          Math.max(1, Math.ceil(customers.length / 10))
        )
      }))

    it.effect("refuses a bad query with a 400 envelope before touching the store", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        const error = yield* Effect.flip(labels.search("x", { limit: 0 }))
        assert.strictEqual(error._tag === "CapillaryError" ? error.reason._tag : "", "InvalidRequest")
        assert.instanceOf(error, CapillaryError.CapillaryError)
        const answer = yield* raw("/v2/customers/labels/search?q=x&limit=0")
        assert.strictEqual(answer.status, 400)
        assert.strictEqual(answer.body.errors[0].code, 400)
      }))
  })

  // Last: it fills the demo organisation up to its limit.
  describe("limits", () => {
    it.effect("refuses an empty add with 33006 and more labels than the organisation's limit with 33005", () =>
      Effect.gen(function*() {
        const labels = yield* Labels.Labels
        const empty = yield* raw("/v2/organization/labels", { method: "POST", body: { orgLabels: [] } })
        assert.strictEqual(empty.status, 400)
        assert.strictEqual(empty.body.errors[0].code, 33006)

        const before = (yield* labelRows(Seed.demo.org.id)).length
        const room = 100 - before
        yield* labels.addToOrganisation({
          orgLabels: Array.from({ length: room }, (_, i) => ({ name: `fill-${i}` })) as [
            { name: string },
            ...Array<{ name: string }>
          ]
        })
        const full = yield* Effect.flip(labels.addToOrganisation({ orgLabels: [{ name: fresh("one-too-many") }] }))
        assert.instanceOf(full, LabelErrors.LabelLimitReached)
        assert.strictEqual(full.code, 33005)
        assert.strictEqual((yield* labelRows(Seed.demo.org.id)).length, 100)
      }))
  })
})
