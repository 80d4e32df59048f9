import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Customer } from "../src/index.ts"

const decode = <S extends Schema.Codec<any, any, never, never>>(schema: S) => (input: unknown) =>
  Schema.decodeUnknownResult(schema)(input)

const accepts = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = decode(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success as S["Type"]
}

const rejects = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = decode(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

// Bodies from capillary-api.md §5.1, as documented. Where the documentation abridges a value with "…", a
// plausible value of the same kind stands in, marked `// abridged`.

const documentedRegister = {
  loyaltyInfo: { loyaltyType: "loyalty" },
  associatedWith: "till.code",
  profiles: [{
    firstName: "Tom",
    lastName: "Sawyer",
    source: "INSTORE",
    accountId: "",
    identifiers: [{ type: "mobile", value: "919010000022" }, { type: "email", value: "t@x.com" }, {
      type: "cardnumber",
      value: "CARD123",
      seriesId: 19,
      statusLabel: "ACTIVE",
      extendedFields: {},
      customFields: {}
    }],
    commChannels: [{
      type: "mobile",
      value: "919010000022", // abridged: "9190…"
      primary: true,
      verified: true,
      subscribed: true,
      meta: { residence: true, office: false, lastViewedDate: "" }
    }],
    fields: { dateofbirth: "22-10-2000" }
  }],
  extendedFields: { gender: "Male", city: "Bangalore" },
  loyaltyProgramEnrollments: [{
    programId: 1016,
    tierNumber: 1,
    loyaltyPoints: 75,
    tierExpiryDate: "2022-02-11T16:36:17+05:30",
    pointsExpiryDate: "2022-02-11T16:36:17+05:30"
  }],
  referralCode: "",
  statusLabel: "Active"
}

const documentedRegisterResponse = JSON.parse(`{"createdId":130713699,"warnings":[],
 "sideEffects":[{"entityType":"USER","rawAwardedPoints":100.000,"awardedPoints":100,"type":"points"},
                {"id":263244517,"entityType":"USER","couponType":"PE","couponCode":"HL1FALGQ","validTill":"2120-02-11T23:59:59Z","description":"Test Offer 20","discountCode":"NO_VALUE","trimmedCouponCode":"HL1FALGQ","type":"coupon"},
                {"entityType":"USER","rawAwardedValue":110.0,"alternateCurrencyIdentifier":"rgpws7","alternateCurrencyName":"ac1","awardedValue":110,"type":"alternate_currency"}]}`)

const till = { id: 75155372, code: "rr.till", name: "rr.till", type: "TILL" } // abridged: "id":…

const documentedCustomer = {
  id: 17742,
  profiles: [{
    firstName: "Tom",
    lastName: "Sawyer",
    attribution: {
      createDate: "2019-10-31T17:41:25+05:30", // abridged
      createdBy: till,
      modifiedBy: till, // abridged: {…}
      modifiedDate: "2019-10-31T17:41:25+05:30" // abridged
    },
    fields: {},
    identifiers: [{ type: "email", value: "tom.sawyer@example.com" }], // abridged: "…"
    commChannels: [], // abridged: […]
    source: "WECHAT",
    userId: 17742,
    accountId: "wechat-con1",
    conflictingProfileList: [],
    autoUpdateTime: "2019-10-31T17:41:25+05:30", // abridged
    identifiersAll: [] // abridged: […]
  }],
  loyaltyInfo: { loyaltyType: "loyalty", attributionV2: {}, lifetimePurchases: 230 }, // abridged: attributionV2 {…}
  segments: {},
  extendedFields: { city: "Bangalore" },
  cardDetails: [], // abridged: […]
  warnings: []
}

describe("Customer", () => {
  describe("documented bodies", () => {
    it("decodes the register request and encodes it back", () => {
      const body = accepts(Customer.CustomerAdd, documentedRegister)
      assert.strictEqual(body.profiles[0].identifiers[0].value, "919010000022")
      assert.strictEqual(body.profiles[0].identifiers[2]?.seriesId, 19)
      assert.deepStrictEqual<unknown>(Schema.encodeUnknownSync(Customer.CustomerAdd)(body), documentedRegister)
    })

    it("decodes the register response, side effects by kind", () => {
      const created = accepts(Customer.CustomerCreated, documentedRegisterResponse)
      assert.strictEqual(created.createdId, 130713699)
      const [points, coupon, currency] = created.sideEffects ?? []
      assert(points?.type === "points" && "awardedPoints" in points)
      assert.strictEqual(points.awardedPoints, 100)
      assert(coupon?.type === "coupon" && "couponCode" in coupon)
      assert.strictEqual(coupon.couponCode, "HL1FALGQ")
      assert(currency?.type === "alternate_currency" && "awardedValue" in currency)
      assert.strictEqual(currency.awardedValue, 110)
    })

    it("keeps a side effect of an unknown kind whole", () => {
      const created = accepts(Customer.CustomerCreated, {
        createdId: 1,
        warnings: [],
        sideEffects: [{ type: "badge", badgeId: "b-1", earned: true }]
      })
      assert.deepStrictEqual(created.sideEffects, [{ type: "badge", badgeId: "b-1", earned: true }])
    })

    it("decodes the customer GET shape (abridged in the documentation)", () => {
      const customer = accepts(Customer.Customer, documentedCustomer)
      assert.instanceOf(customer, Customer.Customer)
      assert.strictEqual(customer.id, 17742)
      const [profile] = customer.profiles
      assert.strictEqual(profile?.source, "WECHAT")
      assert.strictEqual(profile?.accountId, "wechat-con1")
      assert.strictEqual(profile?.userId, 17742)
      assert.strictEqual(profile?.attribution?.createdBy?.code, "rr.till")
      assert.deepStrictEqual(customer.loyaltyInfo, { loyaltyType: "loyalty", lifetimePurchases: 230 })
      assert.deepStrictEqual(customer.extendedFields, { city: "Bangalore" })
      assert.deepStrictEqual(customer.warnings, [])
    })

    it("decodes a customer with only the required fields", () => {
      const customer = accepts(Customer.Customer, {
        id: 5,
        profiles: [{ source: "INSTORE", identifiers: [] }]
      })
      assert.strictEqual(customer.loyaltyInfo, undefined)
      assert.strictEqual(customer.warnings, undefined)
    })

    it("decodes the lookup answer", () => {
      const found = accepts(Customer.CustomerLookup, { entity: 306, warnings: [] })
      assert.strictEqual(found.entity, 306)
      // warnings as documented for 8050
      accepts(Customer.CustomerLookup, {
        entity: 306,
        warnings: [{ status: false, code: 8050, message: "Same Customer found in other sources,Combining" }]
      })
    })
  })

  describe("ids and sources", () => {
    it("a customer id is a positive integer; in a path it is its decimal string", () => {
      assert.strictEqual(accepts(Customer.CustomerIdFromString, "17742"), 17742)
      assert.strictEqual(Schema.encodeSync(Customer.CustomerIdFromString)(Customer.CustomerId.make(17742)), "17742")
      for (const bad of ["0", "-3", "1.5", "abc", "", "Infinity"]) rejects(Customer.CustomerIdFromString, bad)
      for (const bad of [0, -1, 2.5, "12"]) rejects(Customer.CustomerId, bad)
    })

    it("has the twelve sources, and ALL only for reads", () => {
      assert.strictEqual(Customer.Source.literals.length, 12)
      rejects(Customer.Source, "ALL")
      accepts(Customer.LookupSource, "ALL")
      accepts(Customer.LookupSource, "MOBILE_APP")
      rejects(Customer.LookupSource, "instore")
    })

    it("has the documented identifier types", () => {
      assert.strictEqual(Customer.IdentifierType.literals.length, 16)
      for (const type of ["mobile", "email", "externalId", "cardnumber", "cardExternalId", "tmall_uname"]) {
        accepts(Customer.IdentifierType, type)
      }
      rejects(Customer.IdentifierType, "phone")
    })
  })

  describe("validation", () => {
    it("a mobile is 8 to 15 digits with the country code, nothing else", () => {
      for (const good of ["919010000022", "12345678", "123456789012345", "447700900123"]) {
        accepts(Customer.Mobile, good)
      }
      for (
        const bad of ["1234567", "1234567890123456", "+919010000022", "91 9010000022", "91-9010000022", "", "abcdefghi"]
      ) {
        assert.include(rejects(Customer.Mobile, bad), "8 to 15 digits")
      }
    })

    it("an email has one @ and a dotted domain, at most 255 characters", () => {
      for (const good of ["t@x.com", "tom.sawyer+loyalty@mail.example.co.uk", `${"a".repeat(243)}@example.com`]) {
        accepts(Customer.Email, good)
      }
      for (
        const bad of [
          "t@x",
          "tom",
          "t @x.com",
          "@x.com",
          "t@.com",
          "t@x.com.",
          "a@b@c.com",
          `${"a".repeat(244)}@example.com`
        ]
      ) {
        rejects(Customer.Email, bad)
      }
    })

    it("a name is at most 100 characters", () => {
      accepts(Customer.Name, "x".repeat(100))
      assert.include(rejects(Customer.Name, "x".repeat(101)), "at most 100")
    })

    it("checks an identifier's value by its type, and points at the value", () => {
      accepts(Customer.Identifier, { type: "mobile", value: "919000000001" })
      accepts(Customer.Identifier, { type: "externalId", value: "+anything goes" })
      const message = rejects(Customer.Identifier, { type: "mobile", value: "+91 90000 00001" })
      assert.include(message, "8 to 15 digits")
      assert.include(message, "[\"value\"]")
      rejects(Customer.Identifier, { type: "email", value: "not-an-email" })
      rejects(Customer.Identifier, { type: "externalId", value: " " })
      rejects(Customer.Identifier, { type: "phone", value: "919000000001" })
    })

    it("checks a communication channel's value by its type", () => {
      accepts(Customer.CommChannel, { type: "email", value: "t@x.com", primary: true })
      accepts(Customer.CommChannel, { type: "android", value: "device-token-1" })
      rejects(Customer.CommChannel, { type: "mobile", value: "9190…" })
    })

    const profile = { source: "INSTORE", identifiers: [{ type: "mobile", value: "919000000001" }] }

    it("a registration needs a profile, each with an identifier, none repeated", () => {
      accepts(Customer.CustomerAdd, { profiles: [profile] })
      rejects(Customer.CustomerAdd, { profiles: [] })
      rejects(Customer.CustomerAdd, {})
      rejects(Customer.CustomerAdd, { profiles: [{ source: "INSTORE", identifiers: [] }] })
      assert.include(
        rejects(Customer.CustomerAdd, {
          profiles: [{ ...profile, identifiers: [...profile.identifiers, ...profile.identifiers] }]
        }),
        "appears twice"
      )
    })

    it("a registration has at most one profile per source and account", () => {
      accepts(Customer.CustomerAdd, {
        profiles: [profile, { ...profile, source: "WECHAT", accountId: "wechat-1" }, {
          ...profile,
          source: "WECHAT",
          accountId: "wechat-2"
        }]
      })
      assert.include(
        rejects(Customer.CustomerAdd, { profiles: [profile, { ...profile, accountId: "" }] }),
        "more than one profile for source INSTORE"
      )
    })

    it("a registration rejects bad names, sources, loyalty types and channels", () => {
      rejects(Customer.CustomerAdd, { profiles: [{ ...profile, firstName: "x".repeat(101) }] })
      rejects(Customer.CustomerAdd, { profiles: [{ ...profile, lastName: "x".repeat(101) }] })
      rejects(Customer.CustomerAdd, { profiles: [{ ...profile, source: "ALL" }] })
      rejects(Customer.CustomerAdd, { profiles: [profile], loyaltyInfo: { loyaltyType: "LOYALTY" } })
      rejects(Customer.CustomerAdd, {
        profiles: [{ ...profile, commChannels: [{ type: "email", value: "nope" }] }]
      })
    })

    it("a read by identifier checks the value against the identifier's name", () => {
      accepts(Customer.IdentifierQuery, { source: "ALL", identifierName: "mobile", identifierValue: "919000000001" })
      accepts(Customer.IdentifierQuery, {
        source: "WECHAT",
        accountId: "wechat-1",
        identifierName: "externalId",
        identifierValue: "tom-1"
      })
      assert.include(
        rejects(Customer.IdentifierQuery, { source: "INSTORE", identifierName: "mobile", identifierValue: "12" }),
        "[\"identifierValue\"]"
      )
      rejects(Customer.IdentifierQuery, { source: "INSTORE", identifierName: "email", identifierValue: "x" })
      rejects(Customer.IdentifierQuery, {
        source: "NOWHERE",
        identifierName: "mobile",
        identifierValue: "919000000001"
      })
    })
  })
})
