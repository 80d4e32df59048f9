/** The OTP schemas: every documented example decodes, codes stay hidden, and bad requests are refused. */
import { assert, describe, it } from "@effect/vitest"
import { Redacted, Result, Schema } from "effect"
import { Otp } from "../src/index.ts"
import * as Examples from "./fixtures/accessOtp.ts"

const decode = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
  return result.success as S["Type"]
}

const refusal = <S extends Schema.Codec<any, any, never, never>>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  assert(Result.isFailure(result), `accepted ${JSON.stringify(input)}`)
  return result.failure.message
}

describe("Otp", () => {
  it("decodes every documented generate request, reading enumerations without regard to case", () => {
    for (
      const example of [
        Examples.generateRequestV1,
        Examples.generateRequest,
        Examples.generateRequestEmail,
        Examples.generateRequestWhatsapp
      ]
    ) {
      const request = decode(Otp.OtpGenerate, example)
      assert.deepStrictEqual(Schema.encodeSync(Otp.OtpGenerate)(request), {
        ...example,
        entityType: example.entityType.toUpperCase(),
        channels: example.channels.map((channel: { type: string }) => ({
          ...channel,
          type: channel.type.toUpperCase()
        }))
      })
    }
    const whatsapp = decode(Otp.OtpGenerate, Examples.generateRequestWhatsapp)
    assert.deepStrictEqual([whatsapp.entityType, whatsapp.action, whatsapp.channels[0].type], [
      "MOBILE",
      "POINTS",
      "WHATSAPP"
    ])
    assert.deepStrictEqual(
      decode(Otp.OtpGenerate, Examples.generateRequest).channels.map((channel) => channel.type),
      ["SMS", "EMAIL", "PHONE"]
    )
  })

  it("decodes the documented answers: generate, validate (true and false) and the read", () => {
    assert.deepStrictEqual(decode(Otp.OtpCreated, Examples.generateResponse), { createdId: 10, warnings: [] })
    assert.deepStrictEqual(decode(Otp.OtpValidation, Examples.validateSuccess), { entity: true, warnings: [] })
    assert.deepStrictEqual(decode(Otp.OtpValidation, Examples.validateFailure), { entity: false, warnings: [] })
    const details = decode(Otp.OtpDetails, Examples.getResponse)
    assert.deepStrictEqual(
      [details.orgId, details.userId, details.validUpto, details.warnings],
      [966, 313302314, "2017-08-07T21:44:20+05:30", []]
    )
    assert.strictEqual(Redacted.value(details.code), "538AD87")
    assert.deepStrictEqual(Schema.encodeSync(Otp.OtpDetails)(details), Examples.getResponse)
    const query = decode(Otp.OtpQuery, Examples.getQuery)
    assert.deepStrictEqual([query.source, query.threshold, query.scope], ["WECHAT", 60, "POINTS"])
  })

  it("holds the code Redacted: it prints as <redacted> and is sent as the plain string", () => {
    const request = decode(Otp.OtpValidate, Examples.validateRequest)
    assert.isTrue(Redacted.isRedacted(request.code))
    assert.strictEqual(Redacted.value(request.code), "A2WX11I")
    for (const printed of [String(request.code), JSON.stringify(request), `${Redacted.make("A2WX11I")}`]) {
      assert.notInclude(printed, "A2WX11I")
    }
    assert.deepStrictEqual(Schema.encodeSync(Otp.OtpValidate)(request), {
      ...Examples.validateRequest,
      entityType: "EMAIL"
    })
    // a refused code is not echoed in the message
    const message = refusal(Otp.OtpValidate, { ...Examples.validateRequest, code: "A2-WX" })
    assert.notInclude(message, "A2-WX")
    assert.include(message, "an OTP code is 4 to 10 letters or digits")
  })

  it("refuses what Capillary refuses: unknown enumerations, bad entity values, bad channels, templates", () => {
    const base = Examples.generateRequestWhatsapp
    const refused: ReadonlyArray<[unknown, string]> = [
      [{ ...base, action: "REFUND" }, "action"],
      [{ ...base, entityType: "FAX" }, "entityType"],
      [{ ...base, entityValue: "" }, "the entity value is empty"],
      [{ ...base, entityValue: "+91 99860" }, "a mobile number is 8 to 15 digits"],
      [{ ...Examples.generateRequest, entityValue: "tom" }, "an email address"],
      [{ ...base, channels: [] }, "channels"],
      [{ ...base, channels: [{ type: "PIGEON", value: "919986000586" }] }, "type"],
      [{ ...base, channels: [{ type: "SMS", value: "not-a-number" }] }, "a SMS channel is sent to a mobile number"],
      [{ ...Examples.generateRequest, channels: [{ type: "EMAIL", value: "9191" }] }, "an EMAIL channel"],
      [{ ...base, whatsappTemplateName: undefined }, "a WHATSAPP channel needs whatsappTemplateName"],
      [{ ...base, channels: [{ type: "ZALO", value: "z-1" }] }, "a ZALO channel needs zaloTemplateIdentifier"],
      [{ ...Examples.generateRequest, template: "no placeholder" }, "exactly once"],
      [
        { ...Examples.generateRequest, template: "{{ validation_code }} and {{validation_code}}" },
        "exactly once"
      ]
    ]
    for (const [input, expected] of refused) assert.include(refusal(Otp.OtpGenerate, input), expected)
    assert.include(refusal(Otp.OtpValidate, { ...Examples.validateRequest, code: "" }), "OTP code")
    assert.include(refusal(Otp.OtpQuery, { ...Examples.getQuery, threshold: "0" }), "threshold")
    assert.include(
      refusal(Otp.OtpQuery, { ...Examples.getQuery, identifierValue: "87993" }),
      "a mobile number is 8 to 15 digits"
    )
  })
})
