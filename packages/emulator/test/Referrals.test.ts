/**
 * Contract tests of the referral endpoints: every operation of the `Referrals` service of
 * `@capillary-effect/customers` runs through the SDK, over real HTTP, against the emulator's behaviours on its
 * database, with the state checked afterwards. The catalog is the default one plus `ReferralBehaviours.catalog`;
 * the demo referral campaigns are written by `ReferralBehaviours.seedDemo` before each test (it does nothing when
 * they are there).
 */
import { Customer, CustomerErrors, Customers, ReferralErrors, Referrals } from "@capillary-effect/customers"
import { assert, describe, layer } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { Emulator, ReferralBehaviours, Seed } from "../src/index.ts"
import * as Store from "../src/internal/referrals.ts"
import { fastRetries, tillService } from "./fixtures/clients.ts"
import { raw } from "./fixtures/http.ts"

const catalog = Emulator.catalog(Emulator.defaultCatalog, ReferralBehaviours.catalog)

const otherOrg = tillService(
  Referrals.Referrals,
  Referrals.layer,
  Seed.demo.otherTill.username,
  Seed.demo.otherTill.password
)

const [demoCampaign] = ReferralBehaviours.demoCampaigns
const { ann, tom } = Seed.demo.customers
const tomId = Customer.CustomerId.make(tom.id)

let nextMobile = 919_500_000_000

/** A new customer of the demo org, with a mobile and an email. */
const newCustomer = (firstName = "Referrer") =>
  Effect.gen(function*() {
    const customers = yield* Customers.Customers
    const mobile = String(nextMobile++)
    const email = `ref${mobile}@example.com`
    const { createdId } = yield* customers.add({
      profiles: [{
        source: "INSTORE",
        firstName,
        lastName: "Test",
        identifiers: [{ type: "mobile", value: mobile }, { type: "email", value: email }]
      }]
    })
    return { id: createdId, mobile, email }
  })

/** A mobile number no customer has yet. */
const freshMobile = () => String(nextMobile++)

const inviteeCount = (referrerId: number) =>
  SqlClient.SqlClient.use((sql) =>
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM referral_invitees WHERE referrer_id = ${referrerId}`.pipe(
      Effect.map((rows) => rows[0]!.n)
    )
  )

const invitation = (type: "MOBILE" | "EMAIL", identifiers: ReadonlyArray<string>, invitedOn = "2024-09-10 16:35:52") =>
  ({
    type,
    referral: identifiers.map((identifier, i) => ({ name: `Invitee ${i}`, identifier, invitedOn })) as [
      { name: string; identifier: string; invitedOn: string },
      ...Array<{ name: string; identifier: string; invitedOn: string }>
    ]
  }) as const

const testLayer = Layer.mergeAll(Referrals.layer, Customers.layer).pipe(
  Layer.provideMerge(Emulator.layerTest({ catalog, client: { retry: fastRetries } }))
)

layer(testLayer, { excludeTestServices: true })("Referrals against the emulator", (it) => {
  describe("codes", () => {
    it.effect("a referrer has one code per campaign, the same for the same state, and it validates", () =>
      Effect.gen(function*() {
        yield* ReferralBehaviours.seedDemo
        const referrals = yield* Referrals.Referrals
        const first = yield* referrals.get(tomId)
        const code = first.data[0]!.referralCode
        assert.match(code, /^tom[0-9A-Za-z]{5}$/)
        assert.strictEqual(
          (yield* referrals.get(tomId, { campaignToken: demoCampaign.token })).data[0]!.referralCode,
          code
        )

        // Made again from the same state, the code is the same.
        yield* SqlClient.SqlClient.use((sql) => sql`DELETE FROM referral_codes WHERE customer_id = ${tom.id}`)
        assert.isFalse(yield* referrals.validate(code))
        assert.strictEqual((yield* referrals.get(tomId)).data[0]!.referralCode, code)

        assert.isTrue(yield* referrals.validate(code))
        assert.isFalse(yield* referrals.validate(`${code}x`))
        assert.isFalse(yield* referrals.validate(code.toUpperCase()))
        // Another organisation does not know it.
        assert.isFalse(yield* (yield* otherOrg).validate(code))

        // Another campaign, another code.
        yield* Store.createCampaign(Seed.demo.org.id, "SECOND", "Second campaign")
        const second = (yield* referrals.get(tomId, { campaignToken: "SECOND" })).data[0]!.referralCode
        assert.notStrictEqual(second, code)
        assert.isTrue(yield* referrals.validate(second))
        // The default campaign is still the first one.
        assert.strictEqual((yield* referrals.get(tomId)).data[0]!.referralCode, code)
      }))

    it.effect("the referrer's profile comes with the code", () =>
      Effect.gen(function*() {
        yield* ReferralBehaviours.seedDemo
        const referrals = yield* Referrals.Referrals
        const read = yield* referrals.get(tomId)
        assert.deepStrictEqual(read.pagination, { limit: 10, offset: 0, total: 0 })
        const [entry] = read.data
        assert.strictEqual(entry!.customer.id, tomId)
        const [profile] = entry!.customer.profiles
        assert.deepStrictEqual(
          [profile?.firstName, profile?.lastName, profile?.source, profile?.userId, profile?.accountId],
          ["Tom", "Sawyer", "INSTORE", tomId, ""]
        )
        assert.deepStrictEqual(profile?.identifiers, [
          { type: "mobile", value: tom.mobile },
          { type: "email", value: tom.email },
          { type: "externalId", value: tom.externalId }
        ])
        assert.deepStrictEqual(profile?.commChannels?.map((channel) => [channel.type, channel.value]), [
          ["mobile", tom.mobile],
          ["email", tom.email]
        ])
        assert.deepStrictEqual([entry!.invitees, entry!.referee, entry!.incentives], [[], [], []])
      }))
  })

  describe("v2 invitations", () => {
    it.effect("records invitations, pages them, and lists the invitees who registered afterwards as referees", () =>
      Effect.gen(function*() {
        yield* ReferralBehaviours.seedDemo
        const referrals = yield* Referrals.Referrals
        const customers = yield* Customers.Customers
        const referrer = yield* newCustomer("Ishant")
        const referrerId = referrer.id
        const mobiles = Array.from({ length: 11 }, freshMobile)
        const added = yield* referrals.add(referrerId, {
          customerReferrals: [{
            customer: { id: referrerId, mobile: referrer.mobile, email: "", externalId: "" },
            referrals: [
              invitation("MOBILE", [...mobiles, tom.mobile]),
              invitation("EMAIL", ["new.friend@example.com"], "2024-09-11T10:00:00+05:30")
            ]
          }]
        })
        assert.deepStrictEqual(added.customerReferrals.map((item) => [item.customer?.id, item.campaignToken]), [
          [referrerId, demoCampaign.token]
        ])
        assert.deepStrictEqual(added.customerReferrals[0]!.referrals.map((group) => group.referral.length), [12, 1])
        assert.strictEqual(yield* inviteeCount(referrerId), 13)

        const page = yield* referrals.get(referrerId, { offset: 0, limit: 5 })
        assert.deepStrictEqual(page.pagination, { limit: 5, offset: 0, total: 13 })
        assert.deepStrictEqual(page.data[0]!.invitees.map((invitee) => invitee.identifier), mobiles.slice(0, 5))
        assert.deepStrictEqual(page.data[0]!.invitees[0], {
          type: "MOBILE",
          name: "Invitee 0",
          identifier: mobiles[0]!,
          invitedOn: "2024-09-10T16:35:52.000Z"
        })
        const last = yield* referrals.get(referrerId, { offset: 10, limit: 5 })
        assert.deepStrictEqual(
          last.data[0]!.invitees.map((invitee) => [invitee.type, invitee.identifier, invitee.invitedOn]),
          [
            ["MOBILE", mobiles[10], "2024-09-10T16:35:52.000Z"],
            ["MOBILE", tom.mobile, "2024-09-10T16:35:52.000Z"],
            ["EMAIL", "new.friend@example.com", "2024-09-11T04:30:00.000Z"]
          ]
        )
        const streamed = yield* Stream.runCollect(referrals.invitees(referrerId))
        assert.strictEqual(Array.from(streamed).length, 13)

        // Tom was a customer before the invitation: not a referee. Two invitees register now: referees.
        assert.deepStrictEqual(page.data[0]!.referee, [])
        const joined = yield* customers.add({
          profiles: [{
            source: "INSTORE",
            firstName: "Siddhant",
            identifiers: [{ type: "mobile", value: mobiles[3]! }]
          }]
        })
        const byEmail = yield* customers.add({
          profiles: [{
            source: "WEBSITE",
            identifiers: [{ type: "email", value: "new.friend@example.com" }]
          }]
        })
        const referees = (yield* referrals.get(referrerId)).data[0]!.referee
        assert.deepStrictEqual(referees.map(({ eventType, firstName, userId }) => [userId, firstName, eventType]), [
          [joined.createdId, "Siddhant", "REGISTRATION"],
          [byEmail.createdId, undefined, "REGISTRATION"]
        ])
        assert.isFalse(Number.isNaN(Date.parse(referees[0]!.addedOn!)))
      }))

    it.effect("by identifier: the same referrals; the campaign is required there and must exist (1222)", () =>
      Effect.gen(function*() {
        yield* ReferralBehaviours.seedDemo
        const referrals = yield* Referrals.Referrals
        const referrer = yield* newCustomer()
        yield* referrals.add(referrer.id, {
          customerReferrals: [{ campaignToken: demoCampaign.token, referrals: [invitation("MOBILE", [freshMobile()])] }]
        })
        const byId = yield* referrals.get(referrer.id)
        for (
          const identifier of [{ type: "mobile", value: referrer.mobile }, {
            type: "email",
            value: referrer.email
          }] as const
        ) {
          const byIdentifier = yield* referrals.getByIdentifier({
            source: "INSTORE",
            identifier,
            campaignToken: demoCampaign.token
          })
          assert.deepStrictEqual(byIdentifier, byId)
        }
        const unknownCampaign = yield* Effect.flip(referrals.getByIdentifier({
          source: "INSTORE",
          identifier: { type: "mobile", value: referrer.mobile },
          campaignToken: "NOSUCH"
        }))
        assert.instanceOf(unknownCampaign, ReferralErrors.InvalidCampaign)
        assert.strictEqual(unknownCampaign.code, 1222)
        assert.instanceOf(
          yield* Effect.flip(referrals.getByIdentifier({
            source: "INSTORE",
            identifier: { type: "mobile", value: freshMobile() },
            campaignToken: demoCampaign.token
          })),
          CustomerErrors.CustomerNotFound
        )
        const cases = [
          [`identifierName=mobile&identifierValue=${referrer.mobile}&campaignToken=DEMOREF`, 8001],
          ["source=INSTORE&identifierName=mobile&campaignToken=DEMOREF", 8002],
          [`source=NOWHERE&identifierName=mobile&identifierValue=${referrer.mobile}&campaignToken=DEMOREF`, 8003],
          ["source=INSTORE&identifierName=shoeSize&identifierValue=42&campaignToken=DEMOREF", 8013]
        ] as const
        for (const [query, code] of cases) {
          const answer = yield* raw(`/v2/customers/lookup/referrals?${query}`)
          assert.strictEqual(answer.status, 400)
          assert.strictEqual(answer.body.errors[0].code, code)
        }
      }))

    it.effect("refuses unknown referrers (8015), another customer in the body (8015) and unknown campaigns (1222)", () =>
      Effect.gen(function*() {
        yield* ReferralBehaviours.seedDemo
        const referrals = yield* Referrals.Referrals
        const referrer = yield* newCustomer()
        const groups = [invitation("MOBILE", [freshMobile()])] as const
        for (const unknown of [999_999, Seed.demo.otherCustomer.id]) {
          const userId = Customer.CustomerId.make(unknown)
          const add = yield* Effect.flip(referrals.add(userId, { customerReferrals: [{ referrals: groups }] }))
          assert.instanceOf(add, CustomerErrors.CustomerNotFound)
          assert.strictEqual(add.code, 8015)
          assert.instanceOf(yield* Effect.flip(referrals.get(userId)), CustomerErrors.CustomerNotFound)
          assert.strictEqual(yield* inviteeCount(unknown), 0)
        }
        for (const customer of [{ id: tomId }, { mobile: ann.mobile }, { email: "someone.else@example.com" }]) {
          const other = yield* Effect.flip(
            referrals.add(referrer.id, { customerReferrals: [{ customer, referrals: groups }] })
          )
          assert.instanceOf(other, CustomerErrors.CustomerNotFound)
        }
        const campaign = yield* Effect.flip(
          referrals.add(referrer.id, {
            customerReferrals: [
              { referrals: groups },
              { campaignToken: "NOSUCH", referrals: groups }
            ]
          })
        )
        assert.instanceOf(campaign, ReferralErrors.InvalidCampaign)
        assert.instanceOf(
          yield* Effect.flip(referrals.get(referrer.id, { campaignToken: "NOSUCH" })),
          ReferralErrors.InvalidCampaign
        )
        // A referrer merged into another customer is 8069, and records nothing.
        const customers = yield* Customers.Customers
        const { createdId: victim } = yield* customers.add({
          profiles: [{
            source: "WECHAT",
            accountId: "wechat-ref",
            identifiers: [{ type: "wechat", value: `wx-${referrer.mobile}` }]
          }]
        })
        yield* customers.changeIdentifier(victim, { add: [{ type: "mobile", value: referrer.mobile }] }, {
          source: "WECHAT",
          accountId: "wechat-ref"
        })
        const mergedAdd = yield* Effect.flip(referrals.add(victim, { customerReferrals: [{ referrals: groups }] }))
        assert.instanceOf(mergedAdd, CustomerErrors.CustomerMerged)
        assert.strictEqual(mergedAdd.code, 8069)
        assert.instanceOf(yield* Effect.flip(referrals.get(victim)), CustomerErrors.CustomerMerged)
        assert.strictEqual(yield* inviteeCount(victim), 0)
        // Refused requests recorded nothing, not even their valid part.
        assert.strictEqual(yield* inviteeCount(referrer.id), 0)
        // An identifier that does not fit its type never leaves the SDK.
        const misfit = yield* Effect.flip(referrals.add(referrer.id, {
          customerReferrals: [{ referrals: [invitation("EMAIL", ["not-an-email"])] }]
        }))
        assert.strictEqual(misfit._tag === "CapillaryError" ? misfit.reason._tag : "", "InvalidRequest")
      }))
  })

  describe("v1.1", () => {
    it.effect("refers invitee by invitee (1701 for one that does not fit its type) and reads the stats back", () =>
      Effect.gen(function*() {
        yield* ReferralBehaviours.seedDemo
        const referrals = yield* Referrals.Referrals
        const referrer = yield* newCustomer("Vimal")
        const [first, second] = [freshMobile(), freshMobile()]
        const referred = yield* referrals.referV11([{
          mobile: referrer.mobile,
          referrals: {
            campaign_token: demoCampaign.token,
            referral_type: [
              {
                type: "MOBILE",
                referral: [
                  { id: "1", name: "Arya Stark", identifier: first, invited_on: "2016-09-12T15:19:21+05:30" },
                  { id: "2", name: "Shikhar", identifier: "7999836", invited_on: "20240910T16:35:52.pV7BF" },
                  { name: "Walt Jr", identifier: second }
                ]
              },
              { type: "EMAIL", referral: [{ name: "Dexter Morgan", identifier: "dexter.morgan@mpd.com" }] }
            ]
          }
        }])
        assert.deepStrictEqual([referred.response.status.code, referred.response.status.success], [200, true])
        const [item] = referred.response.customers.customer
        assert.deepStrictEqual(
          [item?.id, item?.mobile, item?.email, item?.firstname, item?.lastname, item?.item_status.code],
          [referrer.id, referrer.mobile, referrer.email, "Vimal", "Test", 1000]
        )
        assert.deepStrictEqual(
          item?.referrals?.referral_type.map((group) => [
            group.type,
            group.referral.map((invitee) => [invitee.identifier, invitee.status.code])
          ]),
          [
            ["MOBILE", [[first, 1000], ["7999836", 1701], [second, 1000]]],
            ["EMAIL", [["dexter.morgan@mpd.com", 1000]]]
          ]
        )
        assert.strictEqual(yield* inviteeCount(referrer.id), 3)

        const stats = yield* referrals.getV11({ mobile: referrer.mobile })
        const customer = stats.response.customer
        assert.strictEqual(customer.item_status.code, 1000)
        // The same code as v2's, for the same campaign.
        assert.strictEqual(customer.referral_code, (yield* referrals.get(referrer.id)).data[0]!.referralCode)
        assert.deepStrictEqual(
          customer.invitees?.referral_type.map((group) => [
            group.type,
            group.invitee.map((invitee) => [invitee.identifier, invitee.name, invitee.till?.code, invitee.success])
          ]),
          [
            ["MOBILE", [
              [first, "Arya Stark", Seed.demo.till.username, true],
              [second, "Walt Jr", Seed.demo.till.username, true]
            ]],
            ["EMAIL", [["dexter.morgan@mpd.com", "Dexter Morgan", Seed.demo.till.username, true]]]
          ]
        )
        // A readable invitation date is kept (as UTC); an unreadable one is the time it was recorded.
        assert.strictEqual(customer.invitees?.referral_type[0]?.invitee[0]?.invited_on, "2016-09-12 09:49:21")
        assert.match(
          customer.invitees?.referral_type[0]?.invitee[1]?.invited_on ?? "",
          /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
        )
        assert.deepStrictEqual(customer.referees?.referee, [])
        assert.deepStrictEqual(customer.incentives, [])

        // Filters: the invitation dates, a limit, the code alone.
        const in2016 = yield* referrals.getV11({
          mobile: referrer.mobile,
          start_date: "2016-09-12",
          end_date: "2016-09-12"
        })
        assert.deepStrictEqual(
          in2016.response.customer.invitees?.referral_type.map((group) =>
            group.invitee.map((invitee) => invitee.identifier)
          ),
          [[first]]
        )
        const limited = yield* referrals.getV11({ id: String(referrer.id), limit: 1 })
        assert.deepStrictEqual(
          limited.response.customer.invitees?.referral_type.flatMap((group) => group.invitee).length,
          1
        )
        const codeOnly = yield* referrals.getV11({ email: referrer.email, only_referral_code: true })
        assert.strictEqual(codeOnly.response.customer.referral_code, customer.referral_code)
        assert.strictEqual(codeOnly.response.customer.invitees, undefined)

        // An invitee registers: a referee of the v1.1 read too.
        const customers = yield* Customers.Customers
        const joined = yield* customers.add({
          profiles: [{ source: "INSTORE", firstName: "Arya", identifiers: [{ type: "mobile", value: first }] }]
        })
        const after = yield* referrals.getV11({ mobile: referrer.mobile })
        assert.deepStrictEqual(
          after.response.customer.referees?.referee.map((
            referee
          ) => [referee.event_type, referee.user_id, referee.firstname, referee.mobile]),
          [["REGISTRATION", joined.createdId, "Arya", first]]
        )
      }))

    it.effect("an unknown referrer is 1012, an unknown campaign 1222, an unsupported type 1206; items on their own", () =>
      Effect.gen(function*() {
        yield* ReferralBehaviours.seedDemo
        const referrals = yield* Referrals.Referrals
        const referrer = yield* newCustomer()
        const groups = [{ type: "MOBILE", referral: [{ identifier: freshMobile() }] }] as const
        const unknown = yield* Effect.flip(
          referrals.referV11([{ mobile: freshMobile(), referrals: { referral_type: groups } }])
        )
        assert.instanceOf(unknown, CustomerErrors.CustomerNotFound)
        assert.strictEqual(unknown.code, 1012)
        const campaign = yield* Effect.flip(
          referrals.referV11([{
            mobile: referrer.mobile,
            referrals: { campaign_token: "NOSUCH", referral_type: groups }
          }])
        )
        assert.instanceOf(campaign, ReferralErrors.InvalidCampaign)
        assert.instanceOf(
          yield* Effect.flip(referrals.getV11({ mobile: freshMobile() })),
          CustomerErrors.CustomerNotFound
        )
        assert.instanceOf(
          yield* Effect.flip(referrals.getV11({ mobile: referrer.mobile, campaign_token: "NOSUCH" })),
          ReferralErrors.InvalidCampaign
        )
        assert.strictEqual(yield* inviteeCount(referrer.id), 0)

        const mixed = yield* referrals.referV11([
          { mobile: referrer.mobile, referrals: { referral_type: groups } },
          { email: "nobody@example.com", referrals: { referral_type: groups } }
        ])
        assert.deepStrictEqual(
          [mixed.response.status.code, mixed.response.status.total, mixed.response.status.success_count],
          [201, 2, 1]
        )
        assert.deepStrictEqual(
          mixed.response.customers.customer.map((item) => [item.mobile ?? item.email, item.item_status.code]),
          [[referrer.mobile, 1000], ["nobody@example.com", 1012]]
        )
        assert.strictEqual(yield* inviteeCount(referrer.id), 1)

        // The SDK only sends MOBILE and EMAIL; sent anyway, another type is 1206, in the body of an HTTP 200.
        const fax = yield* raw("/v1.1/customer/referrals", {
          method: "POST",
          body: {
            root: {
              customer: [{
                mobile: referrer.mobile,
                referrals: { referral_type: { type: "FAX", referral: [{ identifier: "123" }] } }
              }]
            }
          }
        })
        assert.strictEqual(fax.status, 200)
        assert.deepStrictEqual(fax.body.response.status, {
          success: "false",
          code: 1206,
          message: "Referral type is not supported"
        })
        assert.strictEqual(yield* inviteeCount(referrer.id), 1)
      }))
  })
})
