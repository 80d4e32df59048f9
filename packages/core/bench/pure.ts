/** The no-network costs of a call: reading the envelope and decoding the body, and redacting error text. */
import { Schema } from "effect"
import { Envelope, Redaction } from "../src/index.ts"
import { Customer } from "./fixtures.ts"
import { median } from "./stats.ts"

export interface PureResult {
  readonly name: string
  readonly opsPerSec: number
  readonly nsPerOp: number
  readonly iterations: number
}

const v2Text = `{"id":42,"firstName":"Tom","warnings":[]}`
const v2Body: unknown = JSON.parse(v2Text)
const decodeCustomer = Schema.decodeUnknownSync(Customer)

const readAndDecode = (body: unknown) => {
  const outcome = Envelope.read("v2", 200, body)
  if (outcome._tag !== "Success") throw new Error("the v2 body did not read as a success")
  return decodeCustomer(outcome.body)
}

/** Pads or cuts a text to exactly `length` characters with filler words. */
const sized = (text: string, length: number) => {
  let out = text
  while (out.length < length) out += " while processing the request for store till"
  return out.slice(0, length)
}

/** An upstream error message of 500 characters carrying a token, an e-mail, a mobile number and an MD5 digest. */
export const errorWithSecrets = sized(
  "Customer update failed for identifier mobile 919876543210 (email tom.smith@example.com): upstream said " +
    "401 Unauthorized for Authorization: Basic YmVuY2gudGlsbDpkZW1vMTIz and token " +
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl, password hash 5f4dcc3b5aa765d61d8327deb882cf99;",
  500
)
/** The same length with nothing to mask: the common case of an error message. */
export const errorPlain = sized(
  "Customer update failed: the field extendedFields.gender must be one of Male, Female, Other; the store " +
    "code is not active for this org and the till is not mapped to any store;",
  500
)

let sink = 0
const consume = (value: unknown) => {
  sink = (sink + (typeof value === "string" ? value.length : value === undefined ? 0 : 1)) | 0
}

const time = (fn: () => unknown, iterations: number) => {
  const started = performance.now()
  for (let i = 0; i < iterations; i++) consume(fn())
  return performance.now() - started
}

/** ops/s of a synchronous function: warm up, size a round to ~150 ms, median of 3 rounds. */
const opsPerSec = (name: string, fn: () => unknown): PureResult => {
  time(fn, 20_000)
  let iterations = 1_000
  let elapsed = time(fn, iterations)
  while (elapsed < 25 && iterations < 10_000_000) {
    iterations *= 4
    elapsed = time(fn, iterations)
  }
  iterations = Math.max(1_000, Math.min(20_000_000, Math.round((iterations * 150) / Math.max(elapsed, 0.001))))
  const rates = [0, 1, 2].map(() => (iterations * 1000) / time(fn, iterations))
  const rate = median(rates)
  return { name, opsPerSec: rate, nsPerOp: 1e9 / rate, iterations }
}

export const measurePure = (log: (line: string) => void): Array<PureResult> => {
  if (errorWithSecrets.length !== 500 || errorPlain.length !== 500) throw new Error("error texts must be 500 chars")
  const cases: ReadonlyArray<readonly [string, () => unknown]> = [
    ["Envelope.read + Schema decode (v2 customer body, parsed)", () => readAndDecode(v2Body)],
    ["JSON.parse + Envelope.read + Schema decode (v2 customer body)", () => readAndDecode(JSON.parse(v2Text))],
    ["Redaction.redactText, 500-char error with secrets", () => Redaction.redactText(errorWithSecrets)],
    ["Redaction.redactText, 500-char error, nothing to mask", () => Redaction.redactText(errorPlain)]
  ]
  return cases.map(([name, fn]) => {
    log(`pure: ${name}`)
    return opsPerSec(name, fn)
  })
}

/** Keeps the results of the measured functions observable, so they are not optimised away. */
export const pureSink = () => sink
