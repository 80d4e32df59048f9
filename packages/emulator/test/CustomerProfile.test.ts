/**
 * Contract tests of the customer profile endpoints (update, search, status and its log, identifier changes with
 * cards and merges, image deletion, lookups by every identifier type): every operation runs through the SDK's
 * `Customers` service, over real HTTP, against the emulator, with each named error and the state checked after.
 */
import { CapillaryError } from "@capillary-effect/core"
import { Customer, CustomerErrors, Customers } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql"
import {
  CustomerBehaviours,
  Emulator,
  EmulatorClock,
  Faults,
  LedgerBehaviours,
  RequestLog,
  Seed
} from "../src/index.ts"
import * as Store from "../src/internal/customers.ts"
import * as Dates from "../src/internal/dates.ts"
import * as Ledger from "../src/internal/ledger.ts"
import { admin } from "./fixtures/admin.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const otherOrg = tillService(
  Customers.Customers,
  Customers.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

const mobile = (value: string) => ({ type: "mobile", value }) as const
const email = (value: string) => ({ type: "email", value }) as const
const externalId = (value: string) => ({ type: "externalId", value }) as const
const wechat = (value: string) => ({ type: "wechat", value }) as const

const registration = (
  identifiers: ReadonlyArray<Customer.Identifier>,
  options: {
    readonly source?: Customer.Source
    readonly accountId?: string
    readonly firstName?: string
    readonly lastName?: string
    readonly loyaltyType?: Customer.LoyaltyType
  } = {}
): Customer.CustomerAdd => ({
  loyaltyInfo: { loyaltyType: options.loyaltyType ?? "loyalty" },
  profiles: [{
    firstName: options.firstName ?? "Huck",
    lastName: options.lastName ?? "Finn",
    source: options.source ?? "INSTORE",
    ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    identifiers: identifiers as [Customer.Identifier, ...Array<Customer.Identifier>]
  }]
})

/** Registers a customer and answers its id. */
const register = (identifiers: ReadonlyArray<Customer.Identifier>, options?: Parameters<typeof registration>[1]) =>
  Effect.flatMap(
    Customers.Customers,
    (customers) => Effect.map(customers.add(registration(identifiers, options)), (created) => created.createdId)
  )

/** The failure of an effect, checked to be the named error with Capillary's code. */
const failsWith = <A, E extends { readonly _tag: string }, R>(
  self: Effect.Effect<A, E, R>,
  tag: string,
  code: number
) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(self)
    assert.strictEqual(error._tag, tag)
    const reason = (error as { readonly reason?: { readonly code?: number } }).reason
    assert.strictEqual((error as { readonly code?: number }).code ?? reason?.code, code)
    return error
  })

const customersHolding = (type: string, value: string) =>
  SqlClient.SqlClient.use((sql) =>
    Effect.map(
      sql<{ n: number }>`SELECT COUNT(DISTINCT customer_id) AS n FROM customer_identifiers
        WHERE type = ${type} AND value = ${value}`,
      (rows) => rows[0]!.n
    )
  )

const demoOrg = Seed.demo.org.id

const testLayer = Customers.layer.pipe(
  Layer.provideMerge(Emulator.layerTest({
    client: { retry: fastRetries },
    catalog: Emulator.catalog(Emulator.defaultCatalog, CustomerBehaviours.catalog)
  }))
)

layer(testLayer, { excludeTestServices: true })("Customer profiles against the emulator", (it) => {
  describe("update", () => {
    it.effect("updates names, custom fields, channels, extended fields and the loyalty type; again changes nothing", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const created = yield* customers.add({
          loyaltyInfo: { loyaltyType: "non_loyalty" },
          profiles: [{
            firstName: "Becky",
            lastName: "Thatcher",
            source: "INSTORE",
            identifiers: [mobile("919300000001")],
            commChannels: [{ type: "mobile", value: "919300000001", primary: true, subscribed: true }],
            fields: { dateofbirth: "22-10-2000", school: "St. Petersburg" }
          }],
          extendedFields: { city: "St. Petersburg" }
        })
        const id = created.createdId
        const changes: Customer.CustomerUpdate = {
          profiles: [{
            firstName: "Rebecca",
            fields: { school: "Hannibal" },
            commChannels: [
              { type: "mobile", value: "919300000001", primary: true, subscribed: false },
              { type: "email", value: "becky@example.com", primary: true, verified: false }
            ]
          }],
          loyaltyInfo: { loyaltyType: "loyalty" },
          extendedFields: { gender: "Female" }
        }
        const updated = yield* customers.update(id, changes, { source: "INSTORE" })
        assert.deepStrictEqual(updated, { createdId: id, warnings: [], sideEffects: [] })

        const read = yield* customers.get(id, { source: "INSTORE" })
        const [profile] = read.profiles
        assert.deepStrictEqual([profile?.firstName, profile?.lastName], ["Rebecca", "Thatcher"])
        assert.deepStrictEqual(profile?.fields, { dateofbirth: "22-10-2000", school: "Hannibal" })
        assert.deepStrictEqual(profile?.commChannels, [
          { type: "mobile", value: "919300000001", primary: true, subscribed: false },
          { type: "email", value: "becky@example.com", primary: true, verified: false }
        ])
        assert.deepStrictEqual(read.extendedFields, { city: "St. Petersburg", gender: "Female" })
        assert.strictEqual(read.loyaltyInfo?.loyaltyType, "loyalty")
        assert.strictEqual(profile?.attribution?.modifiedBy?.code, Seed.demo.till.username)

        // the same update again leaves the same customer (idempotent), and in the background it reports no effects
        const again = yield* customers.update(id, changes, { source: "INSTORE", useAsync: true })
        assert.deepStrictEqual(again, { createdId: id, warnings: [] })
        const reread = yield* customers.get(id, { source: "INSTORE" })
        assert.deepStrictEqual(reread.profiles[0]?.commChannels, profile?.commChannels)
        assert.deepStrictEqual(reread.profiles[0]?.fields, profile?.fields)
        assert.deepStrictEqual(reread.extendedFields, read.extendedFields)
      }))

    it.effect("a loyalty customer cannot become non-loyalty (1046); nothing changes", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919300000002")])
        yield* failsWith(
          customers.update(id, {
            profiles: [{ firstName: "Changed" }],
            loyaltyInfo: { loyaltyType: "non_loyalty" }
          }, { source: "INSTORE" }),
          "LoyaltyDowngradeNotAllowed",
          1046
        )
        const read = yield* customers.get(id)
        assert.deepStrictEqual([read.loyaltyInfo?.loyaltyType, read.profiles[0]?.firstName], ["loyalty", "Huck"])
      }))

    it.effect("identifiers: new ones are added and recorded, another customer's is 8007, a second mobile is a warning", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919300000003")])
        yield* register([mobile("919300000004"), email("other.3@example.com")])

        const added = yield* customers.update(id, {
          profiles: [{ identifiers: [mobile("919300000003"), email("huck.3@example.com")] }]
        }, { source: "INSTORE" })
        assert.deepStrictEqual(added.warnings, [])
        const found = yield* customers.lookup({ source: "INSTORE", identifier: email("huck.3@example.com") })
        assert.strictEqual(found.entity, id)
        const changes = yield* Store.identifierChanges(demoOrg, id)
        assert.deepStrictEqual(
          changes.map(({ add, changeType, remove, source }) => [changeType, source, add, remove]),
          [
            ["EMAIL", "INSTORE", [email("huck.3@example.com")], []]
          ]
        )

        yield* failsWith(
          customers.update(id, { profiles: [{ identifiers: [email("other.3@example.com")] }] }, { source: "INSTORE" }),
          "IdentifierConflict",
          8007
        )
        const second = yield* customers.update(id, { profiles: [{ identifiers: [mobile("919300000005")] }] }, {
          source: "INSTORE"
        })
        assert.deepStrictEqual(second.warnings, [{
          status: false,
          code: 91006,
          message: "mobile update is not allowed"
        }])
        yield* failsWith(
          customers.lookup({ source: "INSTORE", identifier: mobile("919300000005") }),
          "CustomerNotFound",
          8015
        )
        assert.strictEqual((yield* Store.identifierChanges(demoOrg, id)).length, 1)
      }))

    it.effect("not found: an unknown id (8009), no profile in the source (8065), a named account missing (8045)", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const other = yield* otherOrg
        const changes: Customer.CustomerUpdate = { extendedFields: { city: "Pune" } }
        yield* failsWith(
          customers.update(Customer.CustomerId.make(987_654_321), changes, { source: "INSTORE" }),
          "CustomerNotFound",
          8009
        )
        const id = yield* register([wechat("wx-upd-1")], { source: "WECHAT", accountId: "wechat-upd" })
        yield* failsWith(
          other.update(id, changes, { source: "WECHAT", accountId: "wechat-upd" }),
          "CustomerNotFound",
          8009
        )
        yield* failsWith(customers.update(id, changes, { source: "MOBILE_APP" }), "CustomerNotFound", 8065)
        yield* failsWith(
          customers.update(id, changes, { source: "WECHAT", accountId: "wechat-other" }),
          "CustomerNotFound",
          8065
        )
        yield* failsWith(customers.update(id, changes, { source: "WECHAT" }), "InvalidSource", 8045)
        const updated = yield* customers.update(id, changes, { source: "WECHAT", accountId: "wechat-upd" })
        assert.strictEqual(updated.createdId, id)
        assert.deepStrictEqual((yield* customers.get(id)).extendedFields, { city: "Pune" })
      }))

    it.effect("an update whose enrolment is refused (1101, 8089) applies nothing of the update", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919300000006")])
        yield* failsWith(
          customers.update(id, {
            extendedFields: { city: "Pune" },
            profiles: [{ firstName: "Tom" }],
            loyaltyProgramEnrollments: [{ programId: 9999, tierNumber: 1 }]
          }, { source: "INSTORE" }),
          "InvalidProgram",
          1101
        )
        const nonLoyalty = yield* register([mobile("919300000016")], { loyaltyType: "non_loyalty" })
        yield* failsWith(
          customers.update(nonLoyalty, {
            extendedFields: { city: "Pune" },
            loyaltyProgramEnrollments: [{ programId: Seed.demo.programs.loyalty, loyaltyPoints: 10 }]
          }, { source: "INSTORE" }),
          "NotInLoyaltyProgram",
          8089
        )
        for (const customer of [id, nonLoyalty]) {
          const read = yield* customers.get(customer)
          assert.deepStrictEqual([read.extendedFields, read.profiles[0]?.firstName], [{}, "Huck"])
          assert.isFalse(
            yield* Ledger.isEnrolled(LedgerBehaviours.customer(demoOrg, customer), Seed.demo.programs.loyalty)
          )
        }
      }))

    it.effect("by identifier: the profile holding it in the source; unknown is 8015; another source in the body is 400", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919300000007"), email("huck.7@example.com")])
        const lookup = { source: "INSTORE", identifier: email("huck.7@example.com") } as const
        const updated = yield* customers.updateByIdentifier(lookup, { profiles: [{ lastName: "Sawyer" }] })
        assert.strictEqual(updated.createdId, id)
        assert.strictEqual((yield* customers.get(id)).profiles[0]?.lastName, "Sawyer")
        yield* failsWith(
          customers.updateByIdentifier({ ...lookup, identifier: email("nobody.7@example.com") }, {
            extendedFields: {}
          }),
          "CustomerNotFound",
          8015
        )
        yield* failsWith(
          customers.updateByIdentifier({ ...lookup, source: "WECHAT" }, { extendedFields: {} }),
          "CustomerNotFound",
          8015
        )
        const mismatch = yield* Effect.flip(
          customers.updateByIdentifier(lookup, { profiles: [{ source: "WECHAT", firstName: "X" }] })
        )
        assert(mismatch._tag === "CapillaryError" && mismatch.reason._tag === "ApiError")
        assert.strictEqual(mismatch.reason.code, 400)
      }))

    it.effect("the emulator answers bad update input with Capillary's codes", () =>
      Effect.gen(function*() {
        const id = yield* register([mobile("919300000008")])
        const cases = [
          [
            `/v2/customers/${id}?source=INSTORE`,
            { profiles: [{ commChannels: [{ type: "email", value: "x" }] }] },
            8057
          ],
          [
            `/v2/customers/${id}?source=INSTORE`,
            { profiles: [{ commChannels: [{ type: "mobile", value: "+91" }] }] },
            8058
          ],
          [`/v2/customers/${id}?source=INSTORE`, { profiles: [{ commChannels: [{ type: "fax", value: "1" }] }] }, 8010],
          [
            `/v2/customers/${id}?source=INSTORE`,
            { profiles: [{ identifiers: [{ type: "mobile", value: "12" }] }] },
            8056
          ],
          [
            `/v2/customers/${id}?source=INSTORE`,
            { profiles: [{ identifiers: [{ type: "email", value: "x@" }] }] },
            8055
          ],
          [`/v2/customers/${id}?source=INSTORE`, {}, 8084],
          [`/v2/customers/${id}?source=ALL`, { extendedFields: {} }, 8003],
          [`/v2/customers/${id}`, { extendedFields: {} }, 8003],
          ["/v2/customers/lookup?source=INSTORE&identifierName=phone&identifierValue=1", { extendedFields: {} }, 8013],
          ["/v2/customers/lookup?source=INSTORE&identifierName=mobile", { extendedFields: {} }, 8002]
        ] as const
        for (const [path, body, code] of cases) {
          const answer = yield* raw(path, { method: "PUT", body })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], path)
        }
      }))
  })

  describe("search", () => {
    it.effect("finds names and identifier prefixes in every source, a page at a time, with the total", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const zeb = yield* register([mobile("919310000001"), email("zebedee@example.com")], { firstName: "Zebedee" })
        const zed = yield* register([wechat("wx-zed")], {
          firstName: "Ann",
          lastName: "Zedd",
          source: "WECHAT",
          accountId: "wechat-s"
        })
        const zoe = yield* register([mobile("919310000003")], { firstName: "Zeb", lastName: "Zebra" })

        const page = yield* customers.search("ZEB")
        assert.deepStrictEqual(page.pagination, { limit: 10, offset: 0, total: 2 })
        assert.deepStrictEqual(page.data, [
          {
            userId: zeb,
            matchedIdentifiers: [
              { idType: "firstName", idValue: "Zebedee", source: "INSTORE", accountId: "" },
              { idType: "email", idValue: "zebedee@example.com", source: "INSTORE", accountId: "" }
            ],
            profiles: [{ source: "INSTORE", accountId: "", firstName: "Zebedee", lastName: "Finn" }]
          },
          {
            userId: zoe,
            matchedIdentifiers: [
              { idType: "firstName", idValue: "Zeb", source: "INSTORE", accountId: "" },
              { idType: "lastName", idValue: "Zebra", source: "INSTORE", accountId: "" }
            ],
            profiles: [{ source: "INSTORE", accountId: "", firstName: "Zeb", lastName: "Zebra" }]
          }
        ])
        const byLastName = yield* customers.search("zedd")
        assert.deepStrictEqual(byLastName.data.map((result) => [result.userId, result.matchedIdentifiers[0]]), [[zed, {
          idType: "lastName",
          idValue: "Zedd",
          source: "WECHAT",
          accountId: "wechat-s"
        }]])
        const byMobile = yield* customers.search("91931000000")
        assert.deepStrictEqual(byMobile.data.map((result) => result.userId), [zeb, zoe])
        assert.strictEqual(byMobile.data[1]?.matchedIdentifiers[0]?.idType, "mobile")

        // pages
        const first = yield* customers.search("z", { limit: 2 })
        const second = yield* customers.search("z", { limit: 2, offset: 2 })
        assert.strictEqual(first.pagination.total, second.pagination.total)
        assert.isAtLeast(first.pagination.total, 3)
        assert.deepStrictEqual(first.data.length, 2)
        const all = yield* Stream.runCollect(customers.searchAll("z"))
        assert.strictEqual(all.length, first.pagination.total)
        assert.deepStrictEqual(
          all.slice(0, 4).map((result) => result.userId),
          [
            ...first.data.map((result) => result.userId),
            ...second.data.map((result) => result.userId)
          ].slice(0, 4)
        )
        // a wildcard is a character like any other, and nothing matches it
        assert.strictEqual((yield* customers.search("%")).pagination.total, 0)
        assert.strictEqual((yield* customers.search("z_b")).pagination.total, 0)
        // the other organisation sees none of them
        const other = yield* otherOrg
        assert.strictEqual((yield* other.search("zeb")).pagination.total, 0)
      }))

    it.effect("a page out of bounds: 8100, 8101, 8102 from the emulator", () =>
      Effect.gen(function*() {
        for (
          const [query, code] of [
            ["q=tom&offset=-1", 8100],
            ["q=tom&limit=0", 8101],
            ["q=tom&limit=101", 8102],
            ["q=tom&limit=ten", 8101]
          ] as const
        ) {
          const answer = yield* raw(`/v2/customers/search?${query}`)
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], query)
        }
        const missing = yield* raw("/v2/customers/search")
        assert.deepStrictEqual([missing.status, missing.body.errors[0].code], [400, 400])
      }))
  })

  describe("status", () => {
    it.effect("sets the label, logs each change newest first; the same label again logs nothing", () =>
      Effect.gen(function*() {
        yield* CustomerBehaviours.seedDemo
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919320000001"), email("status.1@example.com")])
        const lookup = { source: "INSTORE", identifier: email("status.1@example.com") } as const
        assert.deepStrictEqual((yield* customers.statusLog(id)).data, [])

        const updated = yield* customers.updateStatus(lookup, {
          label: "Suspended",
          reason: "lost phone",
          createdOn: "2021-09-16T12:10:45+05:30"
        })
        assert.deepStrictEqual(updated, { createdId: id, warnings: [] })
        yield* customers.updateStatus(lookup, { label: "Suspended", reason: "asked twice" })
        yield* customers.updateStatus({ ...lookup, identifier: mobile("919320000001") }, {
          label: "Active",
          reason: "found it"
        })

        const log = yield* customers.statusLog(id)
        assert.deepStrictEqual(
          log.data.map(({ isActive, label, reason, status }) => [label, status, reason, isActive]),
          [
            ["Active", "ACTIVE", "found it", true],
            ["Suspended", "SUSPENDED", "lost phone", false]
          ]
        )
        const suspended = log.data[1]!
        assert.deepStrictEqual(
          [suspended.createdOn, suspended.autoUpdateTime, suspended.entityId, suspended.createdByUser],
          ["2021-09-16T06:40:45Z", "2021-09-16", id, Seed.demo.till.username]
        )
        assert.isAbove(suspended.createdBy ?? 0, 0)
        assert.deepStrictEqual(suspended.actions, [])
        assert.strictEqual(yield* Store.currentStatusLabel(demoOrg, id), "Active")
      }))

    it.effect("a label the organisation did not define is 8086; an unknown customer 8015; another org's is unseen", () =>
      Effect.gen(function*() {
        yield* CustomerBehaviours.seedDemo
        yield* Store.defineStatusLabel(Seed.demo.otherOrg.id, {
          label: "Other Only",
          status: "SUSPENDED",
          isDefault: false
        })
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919320000002")])
        const lookup = { source: "INSTORE", identifier: mobile("919320000002") } as const
        for (const label of ["Gone", "Other Only", "active"]) {
          yield* failsWith(customers.updateStatus(lookup, { label, reason: "" }), "InvalidStatusLabel", 8086)
        }
        yield* failsWith(
          customers.updateStatus({ ...lookup, identifier: mobile("919329999999") }, { label: "Active", reason: "" }),
          "CustomerNotFound",
          8015
        )
        const other = yield* otherOrg
        yield* failsWith(other.updateStatus(lookup, { label: "Other Only", reason: "" }), "CustomerNotFound", 8015)
        yield* failsWith(other.statusLog(id), "CustomerNotFound", 8015)
        yield* failsWith(customers.statusLog(Customer.CustomerId.make(987_654_321)), "CustomerNotFound", 8015)
        assert.deepStrictEqual((yield* customers.statusLog(id)).data, [])
        const blank = yield* raw(
          "/v2/customers/lookup/status?source=INSTORE&identifierName=mobile&identifierValue=919320000002",
          {
            method: "PUT",
            body: { label: " ", reason: "x" }
          }
        )
        assert.deepStrictEqual([blank.status, blank.body.errors[0].code], [400, 8086])
      }))
  })

  describe("identifier change", () => {
    it.effect("swaps an email (removal first), recorded in the change history", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919330000001"), email("old.1@example.com")])
        const changed = yield* customers.changeIdentifier(id, {
          add: [email("new.1@example.com")],
          remove: [email("old.1@example.com")]
        }, { source: "INSTORE" })
        assert.deepStrictEqual(changed, { createdId: id, warnings: [] })
        yield* failsWith(
          customers.lookup({ source: "ALL", identifier: email("old.1@example.com") }),
          "CustomerNotFound",
          8015
        )
        assert.strictEqual(
          (yield* customers.lookup({ source: "ALL", identifier: email("new.1@example.com") })).entity,
          id
        )
        const [record, ...rest] = yield* Store.identifierChanges(demoOrg, id)
        assert.deepStrictEqual(rest, [])
        assert.deepStrictEqual(
          [
            record?.changeType,
            record?.source,
            record?.accountId,
            record?.add,
            record?.remove,
            record?.by,
            record?.merge
          ],
          [
            "EMAIL",
            "INSTORE",
            "",
            [email("new.1@example.com")],
            [email("old.1@example.com")],
            Seed.demo.till.username,
            undefined
          ]
        )
        const profile = (yield* customers.get(id)).profiles[0]
        assert.deepStrictEqual(profile?.identifiers, [mobile("919330000001"), email("new.1@example.com")])
      }))

    it.effect("links a card, found by card number and card external id; delinks it", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919330000002")])
        const card = {
          type: "cardnumber",
          value: "CARD-330002",
          seriesId: 19,
          statusLabel: "ACTIVE",
          cardExternalId: "card-ext-330002",
          extendedFields: { vehicle_number: "KA-01" }
        } as const
        yield* customers.changeIdentifier(id, { add: [card] }, { source: "INSTORE" })
        assert.deepStrictEqual((yield* customers.get(id)).profiles[0]?.identifiers[1], card)
        for (const source of ["INSTORE", "ALL"] as const) {
          assert.strictEqual(
            (yield* customers.lookup({ source, identifier: { type: "cardnumber", value: card.value } })).entity,
            id
          )
          const byExternalId = yield* customers.getByIdentifier({
            source,
            identifier: { type: "cardExternalId", value: card.cardExternalId }
          })
          assert.strictEqual(byExternalId.id, id)
        }
        assert.deepStrictEqual(
          (yield* customers.search("card-ext-3300")).data[0]?.matchedIdentifiers,
          [{ idType: "cardExternalId", idValue: card.cardExternalId, source: "INSTORE", accountId: "" }]
        )
        // a card is the organisation's: another customer cannot take it, in any source
        const other = yield* register([wechat("wx-card-330002")], { source: "WECHAT", accountId: "wechat-c" })
        yield* failsWith(
          customers.changeIdentifier(other, { add: [{ type: "cardnumber", value: card.value }] }, {
            source: "WECHAT",
            accountId: "wechat-c"
          }),
          "IdentifierInUse",
          1033
        )
        // linked again to the same customer: 8008
        yield* failsWith(
          customers.changeIdentifier(id, { add: [{ type: "cardnumber", value: card.value }] }, { source: "INSTORE" }),
          "IdentifierConflict",
          8008
        )
        yield* customers.changeIdentifier(id, { remove: [{ type: "cardnumber", value: card.value }] }, {
          source: "INSTORE"
        })
        yield* failsWith(
          customers.lookup({ source: "ALL", identifier: { type: "cardExternalId", value: card.cardExternalId } }),
          "CustomerNotFound",
          8015
        )
        assert.deepStrictEqual(
          (yield* Store.identifierChanges(demoOrg, id)).map(({ add, changeType, remove }) => [
            changeType,
            add.map(({ value }) => value),
            remove.map(({ value }) => value)
          ]),
          [["CARD", [card.value], []], ["CARD", [], [card.value]]]
        )
        // free again: the other customer can take it now
        yield* customers.changeIdentifier(other, { add: [{ type: "cardnumber", value: card.value }] }, {
          source: "WECHAT",
          accountId: "wechat-c"
        })
        assert.strictEqual(yield* customersHolding("cardnumber", card.value), 1)
      }))

    it.effect("refuses what Capillary refuses, and changes nothing", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919330000003"), email("huck.330003@example.com")])
        yield* register([mobile("919330000004"), email("polly.330004@example.com"), externalId("polly-330004")])
        const instore = { source: "INSTORE" } as const
        const cases = [
          [{ add: [mobile("919330000004")] }, "IdentifierInUse", 1032],
          [{ add: [email("polly.330004@example.com")] }, "IdentifierInUse", 1016],
          [{ add: [externalId("polly-330004")] }, "IdentifierInUse", 1033],
          [{ add: [email("huck.330003@example.com")] }, "IdentifierConflict", 8008],
          [{ remove: [email("nobody.330003@example.com")] }, "InvalidIdentifier", 8013],
          [{ remove: [mobile("919330000003"), email("huck.330003@example.com")] }, "IdentifierRequired", 8005],
          [{ add: [externalId("huck-330003")], remove: [wechat("wx-none")] }, "InvalidIdentifier", 8013]
        ] as const
        for (const [change, tag, code] of cases) {
          yield* failsWith(customers.changeIdentifier(id, change, instore), tag, code)
        }
        assert.deepStrictEqual((yield* customers.get(id)).profiles[0]?.identifiers, [
          mobile("919330000003"),
          email("huck.330003@example.com")
        ])
        assert.deepStrictEqual(yield* Store.identifierChanges(demoOrg, id), [])
        yield* failsWith(
          customers.changeIdentifier(Customer.CustomerId.make(987_654_321), { add: [wechat("wx-x")] }, instore),
          "CustomerNotFound",
          8009
        )
        yield* failsWith(
          customers.changeIdentifier(id, { add: [wechat("wx-x")] }, { source: "LINE" }),
          "CustomerNotFound",
          8065
        )
        const raws = [
          ["source=INSTORE", { add: [{ type: "phone", value: "1" }] }, 8013],
          ["source=INSTORE", { add: [{ type: "email", value: "x@" }] }, 8055],
          ["source=INSTORE", { remove: [{ type: "mobile", value: "+91 1" }] }, 8056],
          ["", { add: [wechat("wx-y")] }, 8003]
        ] as const
        for (const [query, body, code] of raws) {
          const answer = yield* raw(`/v2/customers/${id}/changeIdentifier?${query}`, { method: "POST", body })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, code], JSON.stringify(body))
        }
      }))

    it.effect("an identifier of a customer in another source merges this customer into that one (8051, then 8069)", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const survivor = yield* register([mobile("919330000005"), email("survivor@example.com")])
        const victim = yield* register([wechat("wx-victim")], { source: "WECHAT", accountId: "wechat-m" })
        const merged = yield* customers.changeIdentifier(victim, { add: [mobile("919330000005")] }, {
          source: "WECHAT",
          accountId: "wechat-m"
        })
        assert.deepStrictEqual(merged, {
          createdId: survivor,
          warnings: [{
            status: false,
            code: 8051,
            message: `Same identifier found in other source, merging into the account with user id ${survivor}`
          }]
        })
        const all = yield* customers.get(survivor)
        assert.deepStrictEqual(
          all.profiles.map(({ accountId, identifiers, source }) => [source, accountId, identifiers]),
          [
            ["INSTORE", "", [mobile("919330000005"), email("survivor@example.com")]],
            ["WECHAT", "wechat-m", [wechat("wx-victim"), mobile("919330000005")]]
          ]
        )
        assert.strictEqual(
          (yield* customers.lookup({ source: "WECHAT", identifier: wechat("wx-victim") })).entity,
          survivor
        )
        // the victim answers 8069 from now on
        yield* failsWith(customers.get(victim), "CustomerMerged", 8069)
        yield* failsWith(
          customers.update(victim, { extendedFields: {} }, { source: "WECHAT", accountId: "wechat-m" }),
          "CustomerMerged",
          8069
        )
        yield* failsWith(
          customers.changeIdentifier(victim, { add: [wechat("wx-v2")] }, { source: "WECHAT" }),
          "CustomerMerged",
          8069
        )
        yield* failsWith(customers.statusLog(victim), "CustomerMerged", 8069)
        yield* failsWith(customers.deleteImages(victim, [0]), "CustomerMerged", 8069)
        const onSurvivor = yield* Store.identifierChanges(demoOrg, survivor)
        assert.deepStrictEqual(onSurvivor.map(({ add, changeType, merge }) => [changeType, add, merge]), [
          ["MERGE", [], { victimId: victim, survivorId: survivor }],
          ["MOBILE", [mobile("919330000005")], undefined]
        ])
        assert.deepStrictEqual((yield* Store.identifierChanges(demoOrg, victim)).map(({ changeType }) => changeType), [
          "MERGE"
        ])
        assert.strictEqual(yield* Store.mergedInto(demoOrg, victim), survivor)
      }))

    it.effect("a merge moves every lot of the victim to the survivor's wallet of the same program and bucket", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const customers = yield* Customers.Customers
        const now = yield* EmulatorClock.EmulatorClock.use((clock) => clock.now)
        const loyalty = Seed.demo.programs.loyalty
        // a second loyalty program of the demo org, so that the victim has wallets in two programs
        const second = 1903
        yield* sql`INSERT INTO programs (id, org_id, name, description, is_default, is_group, points_to_currency_ratio)
          VALUES (${second}, ${demoOrg}, 'MergeSecond', 'Second program of the merge test', 0, 0, 1)`
        const survivor = yield* register([mobile("919330000015")])
        const victim = yield* register([wechat("wx-rich-victim")], { source: "WECHAT", accountId: "wechat-p" })
        const wallet = (id: number) => LedgerBehaviours.customer(demoOrg, id)
        yield* LedgerBehaviours.award(wallet(survivor), loyalty, 100, "survivor's own")
        yield* LedgerBehaviours.award(wallet(victim), loyalty, 300, "bill")
        yield* LedgerBehaviours.redeem(wallet(victim), loyalty, 49.5, "redeemed before the merge")
        yield* LedgerBehaviours.award(wallet(victim), second, 40, "in the second program")
        yield* LedgerBehaviours.award(wallet(victim), loyalty, 30, "promised", { bucket: "PROMISED" })
        // points whose expiry date has passed expire when the merge settles the ledger: they do not move
        yield* LedgerBehaviours.award(wallet(victim), second, 7, "expired", {
          expiresOn: Dates.dayOf(now - 3 * 24 * 60 * 60 * 1000)
        })
        // the schedules as the merge will find them: settled (the 7 points expired)
        yield* Ledger.settle(demoOrg, now)
        const victimExpiries = yield* Ledger.expirySchedule(wallet(victim))
        assert.deepStrictEqual(
          victimExpiries.map((row) => [row.programId, row.points]),
          [
            [loyalty, 250.5],
            [second, 40]
          ]
        )
        const victimPromised = yield* Ledger.promisedSchedule(wallet(victim))

        yield* customers.changeIdentifier(victim, { add: [mobile("919330000015")] }, {
          source: "WECHAT",
          accountId: "wechat-p"
        })

        const balances = (id: number, program: number) => Ledger.balances(wallet(id), program)
        assert.deepStrictEqual(yield* balances(survivor, loyalty), { main: 350_500, promised: 30_000 })
        assert.deepStrictEqual(yield* balances(survivor, second), { main: 40_000, promised: 0 })
        // nothing is left with the victim, promised points included
        assert.deepStrictEqual(yield* balances(victim, loyalty), { main: 0, promised: 0 })
        assert.deepStrictEqual(yield* balances(victim, second), { main: 0, promised: 0 })
        // the victim's lots are the survivor's now, with their dates (the survivor's own lot besides)
        const survivorExpiries = yield* Ledger.expirySchedule(wallet(survivor))
        for (const entry of victimExpiries.filter((row) => row.programId === second)) {
          assert.deepInclude(survivorExpiries, entry)
        }
        assert.deepStrictEqual(yield* Ledger.promisedSchedule(wallet(survivor)), victimPromised)
        const moved = yield* sql<
          { from_id: number; to_id: number; from_program: number; points: number; notes: string }
        >`
          SELECT from_id, to_id, from_program, points, notes FROM points_transfers
          WHERE org_id = ${demoOrg} AND from_type = 'CUSTOMER' AND from_id = ${victim} ORDER BY from_program`
        const notes = `Merge of customer ${victim} into customer ${survivor}`
        assert.deepStrictEqual(moved, [
          { from_id: victim, to_id: survivor, from_program: loyalty, points: 280_500, notes },
          { from_id: victim, to_id: survivor, from_program: second, points: 40_000, notes }
        ])
        // each program's move is one event whose entries sum to zero: the victim's debits, the survivor's credits
        const legs = yield* sql<{ owner_id: number; bucket: string; amount: number }>`SELECT a.owner_id, a.bucket,
            en.amount
          FROM ledger_entries en JOIN ledger_events ev ON ev.id = en.event_id
            JOIN points_accounts a ON a.id = en.account_id
          WHERE ev.org_id = ${demoOrg} AND ev.kind = 'TRANSFER' AND ev.notes = ${notes}
          ORDER BY en.id`
        assert.deepStrictEqual(legs, [
          { owner_id: victim, bucket: "MAIN", amount: -250_500 },
          { owner_id: survivor, bucket: "MAIN", amount: 250_500 },
          { owner_id: victim, bucket: "PROMISED", amount: -30_000 },
          { owner_id: survivor, bucket: "PROMISED", amount: 30_000 },
          { owner_id: victim, bucket: "MAIN", amount: -40_000 },
          { owner_id: survivor, bucket: "MAIN", amount: 40_000 }
        ])
        const audit = yield* LedgerBehaviours.audit
        for (const { sum } of audit.sumByOrg) assert.strictEqual(sum, 0)
        assert.deepStrictEqual(
          [
            audit.unbalancedEvents,
            audit.negativeWallets,
            audit.driftedAccounts,
            audit.inconsistentTotals,
            audit.lotDrift
          ],
          [0, 0, 0, 0, 0]
        )
      }))

    it.effect("merges that cannot be: a profile in the same source and account (8066), two other customers (8053)", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const first = yield* customers.add({
          profiles: [
            { source: "INSTORE", identifiers: [mobile("919330000006")] },
            { source: "WECHAT", accountId: "wechat-x", identifiers: [wechat("wx-first")] }
          ]
        })
        const clashing = yield* register([wechat("wx-clash")], { source: "WECHAT", accountId: "wechat-x" })
        yield* failsWith(
          customers.changeIdentifier(clashing, { add: [mobile("919330000006")] }, {
            source: "WECHAT",
            accountId: "wechat-x"
          }),
          "MergeConflict",
          8066
        )
        const second = yield* register([email("second.330007@example.com")])
        const third = yield* register([wechat("wx-third")], { source: "WECHAT", accountId: "wechat-y" })
        yield* failsWith(
          customers.changeIdentifier(third, { add: [mobile("919330000006"), email("second.330007@example.com")] }, {
            source: "WECHAT",
            accountId: "wechat-y"
          }),
          "MergeConflict",
          8053
        )
        for (const id of [clashing, second, third]) assert.strictEqual(yield* Store.mergedInto(demoOrg, id), undefined)
        assert.strictEqual((yield* customers.get(first.createdId)).profiles.length, 2)
      }))

    it.effect("12 concurrent additions of one new mobile to different customers: exactly one succeeds", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const ids = yield* Effect.forEach(
          Array.from({ length: 12 }, (_, i) => i),
          (i) => register([externalId(`racer-3301-${i}`)])
        )
        const results = yield* Effect.forEach(
          ids,
          (id) =>
            Effect.result(customers.changeIdentifier(id, { add: [mobile("919330000100")] }, { source: "INSTORE" })),
          { concurrency: "unbounded" }
        )
        const succeeded = results.flatMap((result) => result._tag === "Success" ? [result.success] : [])
        const failed = results.flatMap((result) => result._tag === "Failure" ? [result.failure] : [])
        assert.strictEqual(succeeded.length, 1)
        assert.strictEqual(failed.length, 11)
        for (const error of failed) {
          assert.instanceOf(error, CustomerErrors.IdentifierInUse)
          assert.strictEqual((error as CustomerErrors.IdentifierInUse).code, 1032)
        }
        assert.strictEqual(yield* customersHolding("mobile", "919330000100"), 1)
        const holder = yield* customers.lookup({ source: "INSTORE", identifier: mobile("919330000100") })
        assert.strictEqual(holder.entity, succeeded[0]!.createdId)
      }))

    it.effect("a change applied and then cut off is read back and answered, not applied twice", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const faults = yield* Faults.Faults
        const log = yield* RequestLog.RequestLog
        const id = yield* register([mobile("919330000008")])
        yield* log.clear
        const changed = yield* Effect.acquireUseRelease(
          faults.add([{ kind: "applyThenReset", endpoint: "customers.changeIdentifier", times: 1 }]),
          () => customers.changeIdentifier(id, { add: [email("cut.330008@example.com")] }, { source: "INSTORE" }),
          () => faults.clear()
        )
        assert.deepStrictEqual(changed, { createdId: id, warnings: [] })
        const entries = yield* log.recent(100)
        assert.deepStrictEqual(entries.map((entry) => [entry.endpoint, entry.status, entry.fault]), [
          ["customers.changeIdentifier", 0, "applyThenReset"],
          ["customers.get", 200, undefined]
        ])
        assert.strictEqual((yield* Store.identifierChanges(demoOrg, id)).length, 1)
      }))
  })

  describe("lookups by every identifier type", () => {
    it.effect("get by identifier and lookup find the customer by each type, in its source and in ALL", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const identifiers: ReadonlyArray<Customer.Identifier> = [
          mobile("919340000001"),
          email("every@example.com"),
          externalId("every-1"),
          wechat("wx-every"),
          { type: "martjackId", value: "mj-every" },
          { type: "fbId", value: "fb-every" },
          { type: "tmall_uname", value: "tmall-every" },
          { type: "cuid", value: "cuid-every" },
          { type: "unionId", value: "union-every" },
          { type: "ali_uname", value: "ali-every" },
          { type: "jd_uname", value: "jd-every" },
          { type: "vip_uname", value: "vip-every" },
          { type: "line", value: "line-every" },
          { type: "mobilePush", value: "push-every" }
        ]
        const id = yield* register(identifiers)
        yield* customers.changeIdentifier(id, {
          add: [{ type: "cardnumber", value: "CARD-EVERY", cardExternalId: "card-ext-every", statusLabel: "ACTIVE" }]
        }, { source: "INSTORE" })
        const every = [
          ...identifiers,
          { type: "cardnumber", value: "CARD-EVERY" },
          { type: "cardExternalId", value: "card-ext-every" }
        ] as const
        assert.strictEqual(new Set(every.map(({ type }) => type)).size, Customer.IdentifierType.literals.length)
        for (const identifier of every) {
          for (const source of ["INSTORE", "ALL"] as const) {
            const found = yield* customers.lookup({ source, identifier })
            assert.strictEqual(found.entity, id, `${identifier.type} in ${source}`)
            const customer = yield* customers.getByIdentifier({ source, identifier })
            assert.strictEqual(customer.id, id, `${identifier.type} in ${source}`)
          }
          yield* failsWith(customers.lookup({ source: "WECHAT", identifier }), "CustomerNotFound", 8015)
        }
      }))
  })

  describe("images", () => {
    const image = (handle: string) => ({
      fileHandle: handle,
      fileSize: 18_039,
      contentType: "image/png",
      uploadedAt: 1_700_000_000_000,
      uploadedBy: Seed.demo.till.username
    })

    it.effect("uploads images as multipart form data, by id and by identifier; embeds list them", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919350000003")])
        const png = { name: "face.png", type: "image/png", content: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) }
        const jpg = { name: "side.jpg", type: "image/jpeg", content: new Uint8Array(2048).fill(7) }
        const first = yield* customers.setImages(id, png)
        assert.deepStrictEqual(first.data.map((image) => [image.file?.name, Number(image.file?.fileSize)]), [
          ["face.png", 7]
        ])
        const second = yield* customers.setImagesByIdentifier(
          { source: "INSTORE", identifier: mobile("919350000003") },
          [jpg, png]
        )
        assert.strictEqual(second.data.length, 2)
        const stored = yield* Store.images(demoOrg, id)
        assert.deepStrictEqual(stored.map((image) => [image.contentType, image.fileSize]), [
          ["image/png", 7],
          ["image/jpeg", 2048],
          ["image/png", 7]
        ])
        const read = yield* customers.get(id, { embed: ["CUSTOMERIMAGE"] })
        assert.deepStrictEqual(
          read.customerImage?.map((image) => image.file?.fileHandle),
          stored.map((image) => image.fileHandle)
        )
        // not an image, or an unknown customer: refused, nothing stored
        const notImage = yield* Effect.flip(
          customers.setImages(id, { name: "notes.txt", type: "text/plain", content: new Uint8Array([1]) })
        )
        assert.strictEqual(notImage._tag, "CapillaryError")
        yield* failsWith(customers.setImages(Customer.CustomerId.make(987_654_321), png), "CustomerNotFound", 8015)
        assert.strictEqual((yield* Store.images(demoOrg, id)).length, 3)
        // a body that is not multipart, or not an image form, is a 400 envelope
        const json = yield* raw(`/v2/customers/${id}/setImage`, { method: "POST", body: { FILE: "x" } })
        assert.strictEqual(json.status, 400)
      }))

    it.effect("deletes the images at the positions; later images move up", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const id = yield* register([mobile("919350000001")])
        for (const handle of ["img-a", "img-b", "img-c"]) {
          yield* Store.addImage({ orgId: demoOrg, customerId: id, image: image(handle) })
        }
        const deleted = yield* customers.deleteImages(id, [1])
        assert.deepStrictEqual(deleted, {
          data: [{ code: 200, message: "Success", status: true }],
          warnings: [],
          errors: []
        })
        assert.deepStrictEqual((yield* Store.images(demoOrg, id)).map(({ fileHandle }) => fileHandle), [
          "img-a",
          "img-c"
        ])
        // position 1 is now img-c; position 2 does not exist: nothing is deleted
        yield* failsWith(customers.deleteImages(id, [1, 2]), "ImageNotFound", 8078)
        assert.strictEqual((yield* Store.images(demoOrg, id)).length, 2)
        const both = yield* customers.deleteImages(id, [0, 1])
        assert.strictEqual(both.data.length, 2)
        assert.deepStrictEqual(yield* Store.images(demoOrg, id), [])
        yield* failsWith(customers.deleteImages(id, [0]), "ImageNotFound", 8078)
      }))

    it.effect("an unknown or other organisation's customer is 8015; missing positions 8078", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const other = yield* otherOrg
        const id = yield* register([mobile("919350000002")])
        yield* Store.addImage({ orgId: demoOrg, customerId: id, image: image("img-d") })
        yield* failsWith(customers.deleteImages(Customer.CustomerId.make(987_654_321), [0]), "CustomerNotFound", 8015)
        yield* failsWith(other.deleteImages(id, [0]), "CustomerNotFound", 8015)
        assert.strictEqual((yield* Store.images(demoOrg, id)).length, 1)
        for (const query of ["", "?image_ids=x", "?image_ids=-1"]) {
          const answer = yield* raw(`/v2/customers/${id}/deleteImage${query}`, { method: "DELETE" })
          assert.deepStrictEqual([answer.status, answer.body.errors[0].code], [400, 8078], query)
        }
        const badId = yield* raw("/v2/customers/tom/deleteImage?image_ids=0", { method: "DELETE" })
        assert.deepStrictEqual([badId.status, badId.body.errors[0].code], [400, 400])
      }))
  })

  describe("validation and catalog", () => {
    it.effect("invalid input is an InvalidRequest, and nothing reaches the emulator", () =>
      Effect.gen(function*() {
        const customers = yield* Customers.Customers
        const log = yield* RequestLog.RequestLog
        yield* log.clear
        const id = Customer.CustomerId.make(Seed.demo.customers.tom.id)
        const attempts: ReadonlyArray<Effect.Effect<unknown, { readonly _tag: string }>> = [
          customers.update(id, { profiles: [{ commChannels: [{ type: "email", value: "nope" }] }] }, {
            source: "INSTORE"
          }),
          customers.search("tom", { limit: 500 }),
          customers.updateStatus({ source: "INSTORE", identifier: mobile("1") }, { label: "Active", reason: "" }),
          customers.changeIdentifier(id, { add: [mobile("919000000001")], remove: [mobile("919000000001")] }, {
            source: "INSTORE"
          })
        ]
        for (const attempt of attempts) {
          const error = yield* Effect.flip(attempt)
          assert.instanceOf(error, CapillaryError.CapillaryError)
          assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
        }
        assert.deepStrictEqual(yield* log.recent(100), [])
      }))

    it.effect("the OpenAPI document lists the profile operations", () =>
      Effect.gen(function*() {
        const { body } = yield* admin("/openapi.json")
        assert.deepStrictEqual(
          [
            body.paths["/v2/customers/{id}"].put.operationId,
            body.paths["/v2/customers/lookup"].put.operationId,
            body.paths["/v2/customers/search"].get.operationId,
            body.paths["/v2/customers/lookup/status"].put.operationId,
            body.paths["/v2/customers/{id}/statusLog"].get.operationId,
            body.paths["/v2/customers/{id}/changeIdentifier"].post.operationId,
            body.paths["/v2/customers/{id}/deleteImage"].delete.operationId
          ],
          [
            "customers.update",
            "customers.updateByIdentifier",
            "customers.search",
            "customers.updateStatus",
            "customers.statusLog",
            "customers.changeIdentifier",
            "customers.deleteImages"
          ]
        )
      }))
  })
})
