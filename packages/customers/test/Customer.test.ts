import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Customer } from "../src/index.ts"
import * as Documented from "./fixtures/profile.ts"

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

  describe("documented profile bodies (Capillary's customer documentation)", () => {
    it("decodes the update requests, flags and numeric values read canonically, and encodes them canonically", () => {
      const byId = accepts(Customer.CustomerUpdate, Documented.updateRequest)
      const [profile] = byId.profiles ?? []
      assert.deepStrictEqual(profile?.identifiers?.[0], { type: "mobile", value: "919111111111" })
      assert.deepStrictEqual(profile?.commChannels?.[0], {
        type: "email",
        value: "tom.sawyer@example.com",
        primary: true,
        verified: false,
        meta: { residence: true }
      })
      assert.deepStrictEqual(byId.loyaltyProgramEnrollments?.[0]?.programId, 1016)
      const encoded = Schema.encodeUnknownSync(Customer.CustomerUpdate)(byId) as any
      assert.strictEqual(encoded.profiles[0].identifiers[0].value, "919111111111")
      assert.strictEqual(encoded.profiles[0].commChannels[0].primary, true)
      assert.deepStrictEqual(accepts(Customer.CustomerUpdate, encoded), byId)

      const byIdentifier = accepts(Customer.CustomerUpdate, Documented.updateByIdentifierRequest)
      assert.strictEqual(byIdentifier.profiles?.[0]?.accountId, "WeChat1234")
      const current = accepts(Customer.CustomerUpdate, Documented.updateRequestCurrentDocs)
      assert.deepStrictEqual(current.profiles?.[0]?.commChannels?.[0]?.meta, { residence: true })
      assert.strictEqual(current.profiles?.[0]?.identifiers, undefined)
    })

    it("decodes the update responses, with and without side effects", () => {
      const updated = accepts(Customer.CustomerUpdated, Documented.updateResponse)
      assert.strictEqual(updated.createdId, 162116213)
      assert.deepStrictEqual(updated.sideEffects, [{ awardedPoints: 25, type: "points" }])
      assert.deepStrictEqual(
        accepts(Customer.CustomerUpdated, Documented.updateByIdentifierResponse),
        { createdId: Customer.CustomerId.make(342963216), warnings: [], sideEffects: [] }
      )
      const earlier = accepts(Customer.CustomerUpdated, Documented.updateResponseWithoutSideEffects)
      assert.strictEqual(earlier.sideEffects, undefined)
    })

    it("decodes the identifier change and card issue requests and encodes them back", () => {
      for (
        const body of [
          Documented.changeIdentifierRequest,
          Documented.issueCardRequest,
          Documented.issueCardToExistingRequest
        ]
      ) {
        const change = accepts(Customer.IdentifierChange, body)
        assert.deepStrictEqual<unknown>(Schema.encodeUnknownSync(Customer.IdentifierChange)(change), body)
      }
      const card = accepts(Customer.IdentifierChange, Documented.issueCardRequest)
      assert.deepStrictEqual(card.add, [{
        value: "TTM001110000000001ZS",
        type: "cardnumber",
        seriesId: 19,
        statusLabel: "ACTIVE"
      }])
      assert.deepStrictEqual(accepts(Customer.IdentifierChange, Documented.changeIdentifierRequest).remove, [{
        type: "email",
        value: "tom.sawyer@example.com"
      }])
    })

    it("decodes the identifier change responses, current (createdId) and earlier (success)", () => {
      assert.strictEqual(accepts(Customer.IdentifierChanged, Documented.changeIdentifierResponse).createdId, 382756026)
      assert.strictEqual(
        accepts(Customer.IdentifierChanged, Documented.issueCardToExistingResponse).createdId,
        161670961
      )
      const earlier = accepts(Customer.IdentifierChanged, Documented.changeIdentifierResponseEarlier)
      assert.deepStrictEqual([earlier.createdId, earlier.success], [undefined, true])
    })

    it("decodes the search page and encodes it back", () => {
      const page = accepts(Customer.SearchPage, Documented.searchResponse)
      assert.deepStrictEqual(page.pagination, { limit: 10, offset: 0, total: 33 })
      assert.deepStrictEqual(page.data.map((result) => result.userId), [261504789, 261506099, 261504579, 261506077])
      assert.deepStrictEqual(page.data[0]?.matchedIdentifiers, [{
        idType: "firstName",
        idValue: "Tom",
        source: "INSTORE",
        accountId: ""
      }])
      assert.deepStrictEqual<unknown>(Schema.encodeUnknownSync(Customer.SearchPage)(page), Documented.searchResponse)
    })

    it("decodes the customer reads, a card typed cardNumber read as cardnumber", () => {
      for (const body of [Documented.customerById, Documented.customerByIdentifier]) {
        const customer = accepts(Customer.Customer, body)
        const card = customer.profiles[0]?.identifiers.find((identifier) => identifier.seriesId === 19)
        assert.deepStrictEqual(card, {
          type: "cardnumber",
          value: "TTM001110000000002ZS",
          seriesId: 19,
          statusLabel: "ACTIVE"
        })
      }
      const byId = accepts(Customer.Customer, Documented.customerById)
      assert.deepStrictEqual(byId.loyaltyInfo, { loyaltyType: "non_loyalty", lifetimePurchases: 230 })
      assert.deepStrictEqual(byId.profiles[0]?.fields, { Gender: "Male", "Favorite Color": "Green" })
      const byIdentifier = accepts(Customer.Customer, Documented.customerByIdentifier)
      assert.strictEqual(byIdentifier.profiles[0]?.commChannels?.[0]?.verified, false)
      assert.strictEqual(byIdentifier.loyaltyInfo?.lifetimePurchases, 18000)
    })

    it("decodes the customer read with its images", () => {
      const customer = accepts(Customer.Customer, Documented.customerWithImage)
      const [image] = customer.customerImage ?? []
      assert.strictEqual(image?.status, true)
      assert.strictEqual(image?.file?.fileSize, 209859)
      assert.strictEqual(image?.file?.namespace, "customerImage")
      assert.isTrue(image?.filePath?.startsWith("https://s3-eu-west-1.amazonaws.com/"))
    })

    it("decodes the status bodies and the status log", () => {
      assert.deepStrictEqual(accepts(Customer.StatusUpdate, Documented.statusRequest), {
        reason: "testing2",
        label: "Active"
      })
      assert.strictEqual(
        accepts(Customer.StatusUpdate, Documented.statusRequestReference).createdOn,
        "2021-09-16T12:10:45Z"
      )
      assert.deepStrictEqual(accepts(Customer.StatusUpdated, Documented.statusResponse), {
        createdId: Customer.CustomerId.make(566881933),
        warnings: []
      })
      const log = accepts(Customer.StatusLog, Documented.statusLogResponse)
      assert.deepStrictEqual(log.data[0], {
        createdByUser: "1736163234_",
        reason: "This is the active customer",
        createdBy: 75155291,
        actions: [],
        autoUpdateTime: "2025-01-30",
        createdOn: "2025-01-30T09:17:06Z",
        entityId: 564590100,
        isActive: true,
        label: "Active",
        status: "ACTIVE"
      })
      assert.deepStrictEqual<unknown>(Schema.encodeUnknownSync(Customer.StatusLog)(log), Documented.statusLogResponse)
    })

    it("decodes the image answers, status strings read as booleans and encoded back as strings", () => {
      const uploaded = accepts(Customer.ImagesResult, Documented.setImageResponse)
      assert.strictEqual(uploaded.data[0]?.file?.fileHandle, "01a24b35-f1fa-4dc3-bbce-ab9bc5094e2c")
      assert.strictEqual(uploaded.data[0]?.file?.fileSize, 18039)
      assert.deepStrictEqual<unknown>(
        Schema.encodeUnknownSync(Customer.ImagesResult)(uploaded),
        Documented.setImageResponse
      )
      const deleted = accepts(Customer.ImagesResult, Documented.deleteImageResponse)
      assert.deepStrictEqual(deleted.data, [{ code: 200, message: "Success", status: true }])
      assert.deepStrictEqual<unknown>(
        Schema.encodeUnknownSync(Customer.ImagesResult)(deleted),
        Documented.deleteImageResponse
      )
    })
  })

  describe("program enrolments", () => {
    const enrolment = {
      programId: 1016,
      tierNumber: 2,
      loyaltyPoints: 75.125,
      tierExpiryDate: "2032-02-11T16:36:17+05:30",
      pointsExpiryDate: "2032-02-11T23:59:59Z"
    }
    const profiles = [{ source: "INSTORE", identifiers: [{ type: "mobile", value: "919010000022" }] }]

    it("takes the documented enrolment, in a registration and in an update", () => {
      const registered = accepts(Customer.CustomerAdd, { profiles, loyaltyProgramEnrollments: [enrolment] })
      assert.deepStrictEqual(registered.loyaltyProgramEnrollments, [enrolment])
      accepts(Customer.CustomerUpdate, { loyaltyProgramEnrollments: [{ programId: 1016 }] })
      accepts(Customer.ProgramEnrollment, { programId: 1016, loyaltyPoints: 0 })
    })

    it("refuses a tier below 1, negative points or more than three decimals, dates without their offset", () => {
      rejects(Customer.ProgramEnrollment, { ...enrolment, tierNumber: 0 })
      rejects(Customer.ProgramEnrollment, { ...enrolment, loyaltyPoints: -1 })
      assert.include(rejects(Customer.ProgramEnrollment, { ...enrolment, loyaltyPoints: 1.0005 }), "three decimals")
      for (const bad of ["2032-02-11", "2032-02-11 16:36:17", "2032-02-11T16:36:17", "2032-13-45T99:00:00Z", "soon"]) {
        assert.include(rejects(Customer.ProgramEnrollment, { ...enrolment, tierExpiryDate: bad }), "date-time")
        assert.include(rejects(Customer.ProgramEnrollment, { ...enrolment, pointsExpiryDate: bad }), "date-time")
      }
    })

    it("refuses a program enrolled twice in one request", () => {
      assert.include(
        rejects(Customer.CustomerAdd, { profiles, loyaltyProgramEnrollments: [enrolment, { programId: 1016 }] }),
        "program 1016 is enrolled twice"
      )
      rejects(Customer.CustomerUpdate, { loyaltyProgramEnrollments: [{ programId: 7 }, { programId: 7 }] })
    })
  })

  describe("profile validation", () => {
    it("an update needs something to update, and changes one profile", () => {
      assert.include(rejects(Customer.CustomerUpdate, {}), "an update needs")
      rejects(Customer.CustomerUpdate, { profiles: [], loyaltyProgramEnrollments: [] })
      accepts(Customer.CustomerUpdate, { extendedFields: {} })
      accepts(Customer.CustomerUpdate, { loyaltyInfo: { loyaltyType: "loyalty" } })
      accepts(Customer.CustomerUpdate, { profiles: [{ firstName: "Tom" }] })
      assert.include(
        rejects(Customer.CustomerUpdate, { profiles: [{ firstName: "A" }, { firstName: "B" }] }),
        "one profile"
      )
    })

    it("an update checks names, identifiers and channels like a registration", () => {
      rejects(Customer.CustomerUpdate, { profiles: [{ firstName: "x".repeat(101) }] })
      rejects(Customer.CustomerUpdate, { profiles: [{ identifiers: [{ type: "mobile", value: 12345 }] }] })
      rejects(Customer.CustomerUpdate, { profiles: [{ identifiers: [{ type: "email", value: "nope" }] }] })
      rejects(Customer.CustomerUpdate, { profiles: [{ commChannels: [{ type: "mobile", value: "+91 9000" }] }] })
      rejects(Customer.CustomerUpdate, {
        profiles: [{ commChannels: [{ type: "email", value: "x", primary: "yes" }] }]
      })
      assert.include(
        rejects(Customer.CustomerUpdate, {
          profiles: [{
            identifiers: [{ type: "mobile", value: "919000000001" }, { type: "mobile", value: 919000000001 }]
          }]
        }),
        "appears twice"
      )
    })

    it("a flag is a boolean or its string; nothing else", () => {
      assert.strictEqual(accepts(Customer.Flag, "true"), true)
      assert.strictEqual(accepts(Customer.Flag, "false"), false)
      assert.strictEqual(accepts(Customer.Flag, false), false)
      rejects(Customer.Flag, "TRUE")
      rejects(Customer.Flag, 1)
      assert.strictEqual(Schema.encodeSync(Customer.Flag)(true), true)
    })

    it("an identifier type in a read may be in any case; an unknown one is refused", () => {
      assert.strictEqual(accepts(Customer.IdentifierTypeAsRead, "cardNumber"), "cardnumber")
      assert.strictEqual(accepts(Customer.IdentifierTypeAsRead, "CARDEXTERNALID"), "cardExternalId")
      assert.strictEqual(accepts(Customer.IdentifierTypeAsRead, "externalId"), "externalId")
      rejects(Customer.IdentifierTypeAsRead, "phone")
      assert.isTrue(Customer.isCardType("cardnumber") && Customer.isCardType("cardExternalId"))
      assert.isFalse(Customer.isCardType("externalId"))
    })

    it("an identifier change adds or removes something, nothing twice, cards with their details", () => {
      assert.include(rejects(Customer.IdentifierChange, {}), "needs an identifier")
      rejects(Customer.IdentifierChange, { add: [], remove: [] })
      const mobile = { type: "mobile", value: "919000000001" }
      assert.include(rejects(Customer.IdentifierChange, { add: [mobile], remove: [mobile] }), "appears twice")
      rejects(Customer.IdentifierChange, { add: [{ type: "mobile", value: "12" }] })
      rejects(Customer.IdentifierChange, { add: [{ type: "phone", value: "919000000001" }] })
      const card = accepts(Customer.IdentifierChange, {
        add: [{ type: "cardnumber", value: "CARD-1", seriesCode: "GOLD", cardExternalId: "ext-1" }]
      })
      assert.strictEqual(card.add?.[0]?.cardExternalId, "ext-1")
    })

    it("a search has a keyword and a page of 1 to 100 from offset 0", () => {
      assert.deepStrictEqual(accepts(Customer.SearchQuery, { q: "tom", limit: "100", offset: "0" }), {
        q: "tom",
        limit: 100,
        offset: 0
      })
      assert.deepStrictEqual(Schema.encodeSync(Customer.SearchQuery)({ q: "tom", limit: 5, offset: 10 }), {
        q: "tom",
        limit: "5",
        offset: "10"
      })
      assert.include(rejects(Customer.SearchQuery, { q: "   " }), "empty")
      assert.include(rejects(Customer.SearchQuery, { q: "tom", limit: "101" }), "1 to 100")
      rejects(Customer.SearchQuery, { q: "tom", limit: "0" })
      rejects(Customer.SearchQuery, { q: "tom", limit: "2.5" })
      assert.include(rejects(Customer.SearchQuery, { q: "tom", offset: "-1" }), "0 or more")
      rejects(Customer.SearchQuery, {})
    })

    it("a status update names a label, says why, and dates itself in ISO-8601 with an offset", () => {
      accepts(Customer.StatusUpdate, {
        label: "Suspended",
        reason: "lost phone",
        createdOn: "2021-09-16T12:10:45+05:30"
      })
      assert.include(rejects(Customer.StatusUpdate, { label: " ", reason: "x" }), "label is empty")
      rejects(Customer.StatusUpdate, { label: "Active" })
      assert.include(
        rejects(Customer.StatusUpdate, { label: "Active", reason: "x", createdOn: "16-09-2021" }),
        "ISO-8601"
      )
      rejects(Customer.StatusUpdate, { label: "Active", reason: "x", createdOn: "2021-13-45T12:10:45Z" })
    })

    it("writes to a profile name a real source (not ALL) and a valid identifier", () => {
      accepts(Customer.ProfileQuery, { source: "WECHAT", accountId: "wechat-1", use_async: "true" })
      assert.strictEqual(accepts(Customer.ProfileQuery, { source: "INSTORE", use_async: "false" }).use_async, false)
      rejects(Customer.ProfileQuery, { source: "ALL" })
      rejects(Customer.ProfileQuery, { source: "INSTORE", use_async: "yes" })
      accepts(Customer.ProfileLookupQuery, { source: "INSTORE", identifierName: "cardnumber", identifierValue: "C-1" })
      rejects(Customer.ProfileLookupQuery, { source: "INSTORE", identifierName: "mobile", identifierValue: "12" })
      rejects(Customer.ProfileLookupQuery, { source: "ALL", identifierName: "email", identifierValue: "t@x.com" })
    })

    it("image positions are whole numbers from 0, at least one, none twice", () => {
      assert.deepStrictEqual(accepts(Customer.DeleteImagesQuery, { image_ids: ["0", "2"] }), { image_ids: [0, 2] })
      rejects(Customer.DeleteImagesQuery, { image_ids: [] })
      rejects(Customer.DeleteImagesQuery, { image_ids: ["-1"] })
      rejects(Customer.DeleteImagesQuery, { image_ids: ["1", "1"] })
      rejects(Customer.DeleteImagesQuery, {})
    })
  })
})
