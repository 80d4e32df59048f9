/**
 * The group points service against a scripted server over a real socket: what isTransferrable and transfer send,
 * how refusals come back, the reference each transfer's notes carry, and how a transfer whose outcome is unknown
 * is reconciled from the transfer history.
 */
import { CapillaryError } from "@capillary-effect/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { GroupPoints, GroupPointsErrors, GroupPointsService, UserGroupErrors } from "../src/index.ts"
import { type Answer, failure, type Sent, serve } from "./fixtures/capillary.ts"
import { groupPointsAt } from "./fixtures/capillary.ts"
import * as Documented from "./fixtures/groupPoints.ts"

const request = Schema.decodeUnknownSync(GroupPoints.TransferRequest)(Documented.transferRequest)
const [documentedRecord] = Documented.transferResponse.data

/** A transfer record as the history lists it. */
const record = (transferId: number, notes: string, transferType: "DEDUCTION" | "ADDITION" = "DEDUCTION") => ({
  ...documentedRecord!,
  transferId,
  notes,
  transferType
})

const page = (records: ReadonlyArray<unknown>): Answer => ({ json: { data: records, warnings: [], errors: [] } })

const refusal = (code: number, message = "refused"): Answer => ({
  json: {
    data: [{ pointsTobeTransferred: 10.5, transferrable: false }],
    warnings: [{ status: false, code, message }],
    errors: []
  }
})

type ErrorClass = new(...args: never) => unknown

const route = (sent: Sent) => `${sent.method} ${sent.path}`

/** The transferred notes of the n-th request. */
const notesOf = (server: { readonly sent: ReadonlyArray<Sent> }, n = 0) =>
  (server.sent[n]!.body as { notes: string }).notes

const ambiguous = (error: unknown) => {
  assert.instanceOf(error, CapillaryError.CapillaryError)
  assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "AmbiguousOutcome")
}

describe("GroupPointsService", () => {
  describe("isTransferrable", () => {
    it.live("sends the request as it is and answers whether the points can move", () =>
      Effect.gen(function*() {
        const server = yield* serve(() => ({ json: Documented.isTransferrableResponse }))
        const groupPoints = yield* groupPointsAt(server.url)
        assert.deepStrictEqual(yield* groupPoints.isTransferrable(request), { transferrable: true, points: 10 })
        assert.deepStrictEqual(server.sent.map(route), ["POST /v2/points/userGroup2/isTransferrable"])
        assert.deepStrictEqual(server.sent[0]!.body, Documented.transferRequest)
      }))

    it.live("a refusal is an answer with its reason, as a warning or as Capillary's error", () =>
      Effect.gen(function*() {
        let next: Answer = refusal(804, "Insufficient current points")
        const server = yield* serve(() => next)
        const groupPoints = yield* groupPointsAt(server.url)
        const cases: ReadonlyArray<readonly [Answer, ErrorClass, number]> = [
          [refusal(804), GroupPointsErrors.InsufficientPoints, 804],
          [refusal(1620), UserGroupErrors.UserNotInGroup, 1620],
          [refusal(828), GroupPointsErrors.RedemptionBlocked, 828],
          [refusal(418), GroupPointsErrors.TransferToSelf, 418],
          [refusal(999), GroupPointsErrors.TransferRefused, 999],
          [
            { json: { data: [{ pointsTobeTransferred: 10.5, transferrable: false }] } },
            GroupPointsErrors.TransferRefused,
            0
          ],
          [failure(813, "Insufficient current points"), GroupPointsErrors.InsufficientPoints, 813],
          [failure(1620, "User is not part of the group"), UserGroupErrors.UserNotInGroup, 1620],
          [failure(828, "points redemption not allowed"), GroupPointsErrors.RedemptionBlocked, 828]
        ]
        for (const [answer, error, code] of cases) {
          next = answer
          const outcome = yield* groupPoints.isTransferrable(request)
          assert.isFalse(outcome.transferrable)
          const reason = outcome.transferrable ? undefined : outcome.reason
          assert.instanceOf(reason, error)
          assert.strictEqual(reason?.code, code)
          assert.strictEqual(outcome.points, 10.5)
        }
      }))

    it.live("a request naming what does not exist fails", () =>
      Effect.gen(function*() {
        let next = failure(1632, "Invalid user group")
        const server = yield* serve(() => next)
        const groupPoints = yield* groupPointsAt(server.url)
        const cases: ReadonlyArray<readonly [number, ErrorClass]> = [
          [1632, UserGroupErrors.InvalidGroup],
          [1619, UserGroupErrors.InvalidGroup],
          [8015, UserGroupErrors.CustomerNotFound],
          [816, UserGroupErrors.CustomerNotFound],
          [1101, GroupPointsErrors.InvalidProgram],
          [878, GroupPointsErrors.InvalidPointsValue]
        ]
        for (const [code, error] of cases) {
          next = failure(code, "refused")
          assert.instanceOf(yield* Effect.flip(groupPoints.isTransferrable(request)), error)
        }
      }))
  })

  describe("transfer", () => {
    it.live("tags the notes with a new reference and answers the transfer record", () =>
      Effect.gen(function*() {
        const server = yield* serve(() => ({ json: Documented.transferResponse }))
        const groupPoints = yield* groupPointsAt(server.url)
        const transferred = yield* groupPoints.transfer(request)
        assert.deepStrictEqual([transferred.transferId, transferred.pointsTransferred], [6545, 10])
        assert.deepStrictEqual(server.sent.map(route), ["POST /v2/points/userGroup2/transfer"])
        assert.match(notesOf(server), /^notes123 \[ref:ce-[0-9a-f]{16}\]$/)
        const { notes: _, ...rest } = server.sent[0]!.body as Record<string, unknown>
        const { notes: __, ...documented } = Documented.transferRequest
        assert.deepStrictEqual(rest, documented)

        // two transfers, two references
        yield* groupPoints.transfer(request)
        assert.notStrictEqual(GroupPoints.referenceOf(notesOf(server, 0)), GroupPoints.referenceOf(notesOf(server, 1)))
        // the caller's reference, or the one the notes already end with
        yield* groupPoints.transfer(request, { reference: "wf-transfer-0001" })
        assert.strictEqual(notesOf(server, 2), "notes123 [ref:wf-transfer-0001]")
        yield* groupPoints.transfer({ ...request, notes: "again [ref:wf-transfer-0002]" })
        assert.strictEqual(notesOf(server, 3), "again [ref:wf-transfer-0002]")
        const { notes: ___, ...noNotes } = request
        yield* groupPoints.transfer(noNotes, { reference: "wf-transfer-0003" })
        assert.strictEqual(notesOf(server, 4), "[ref:wf-transfer-0003]")
      }))

    it.live("refuses a bad reference or request before sending anything", () =>
      Effect.gen(function*() {
        const server = yield* serve(() => ({ json: Documented.transferResponse }))
        const groupPoints = yield* groupPointsAt(server.url)
        const attempts = [
          groupPoints.transfer(request, { reference: "bad reference" }),
          groupPoints.transfer({ ...request, pointsTobeTransferred: 1.2345 }),
          groupPoints.transfer({ ...request, fromEntity: request.toEntity })
        ]
        for (const attempt of attempts) {
          const error = yield* Effect.flip(attempt)
          assert.instanceOf(error, CapillaryError.CapillaryError)
          assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
        }
        assert.strictEqual(server.sent.length, 0)
      }))

    it.live("turns Capillary's codes into the named errors, without reconciling or re-sending", () =>
      Effect.gen(function*() {
        let next = failure(804, "Insufficient current points")
        const server = yield* serve(() => next)
        const groupPoints = yield* groupPointsAt(server.url)
        const cases: ReadonlyArray<readonly [number, ErrorClass]> = [
          [804, GroupPointsErrors.InsufficientPoints],
          [1620, UserGroupErrors.UserNotInGroup],
          [828, GroupPointsErrors.RedemptionBlocked],
          [418, GroupPointsErrors.TransferToSelf],
          [422, GroupPointsErrors.InvalidPointsValue],
          [1632, UserGroupErrors.InvalidGroup],
          [8015, UserGroupErrors.CustomerNotFound],
          [1101, GroupPointsErrors.InvalidProgram]
        ]
        for (const [code, error] of cases) {
          next = failure(code, "refused")
          assert.instanceOf(yield* Effect.flip(groupPoints.transfer(request)), error)
        }
        assert.strictEqual(server.sent.length, cases.length)
        assert.isTrue(server.sent.every((sent) => sent.method === "POST"))
      }))

    it.live("an answer without a record is a decode error", () =>
      Effect.gen(function*() {
        const server = yield* serve(() => page([]))
        const groupPoints = yield* groupPointsAt(server.url)
        const error = yield* Effect.flip(groupPoints.transfer(request))
        assert.instanceOf(error, CapillaryError.CapillaryError)
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "DecodeError")
      }))
  })

  describe("a transfer whose outcome is unknown", () => {
    it.live("is found by its reference in the source's history: the answer, not sent again", () =>
      Effect.gen(function*() {
        let reference = ""
        const server = yield* serve((sent): Answer => {
          if (sent.method === "POST") {
            reference = GroupPoints.referenceOf((sent.body as { notes: string }).notes)!
            return "reset"
          }
          return page([record(7, "other [ref:ce-0000000000000000]"), record(8, `notes123 [ref:${reference}]`)])
        })
        const groupPoints = yield* groupPointsAt(server.url)
        const transferred = yield* groupPoints.transfer(request)
        assert.strictEqual(transferred.transferId, 8)
        assert.deepStrictEqual(server.sent.map(route), [
          "POST /v2/points/userGroup2/transfer",
          "GET /v2/points/transfer"
        ])
        assert.deepStrictEqual(server.sent[1]!.query, {
          identifierName: "id",
          identifierValue: "1981",
          userEntityType: "USERGROUP2",
          sortOrder: "DESC",
          offset: "0",
          limit: "10"
        })
      }))

    it.live("is sent again when the history, read to its end, does not have it", () =>
      Effect.gen(function*() {
        let posts = 0
        const server = yield* serve((sent): Answer => {
          if (sent.method === "POST") return ++posts === 1 ? "reset" : { json: Documented.transferResponse }
          // one full page, then a short one: the end of the history
          return Number(sent.query.offset) === 0
            ? page(Array.from({ length: 10 }, (_, i) => record(i, "x")))
            : page([record(99, "y")])
        })
        const groupPoints = yield* groupPointsAt(server.url)
        yield* groupPoints.transfer(request)
        assert.deepStrictEqual(server.sent.map(route), [
          "POST /v2/points/userGroup2/transfer",
          "GET /v2/points/transfer",
          "GET /v2/points/transfer",
          "POST /v2/points/userGroup2/transfer"
        ])
        // the same transfer, with the same reference
        assert.strictEqual(notesOf(server, 3), notesOf(server, 0))
      }))

    it.live("stays ambiguous when the reference is not among the newest transfers of a longer history", () =>
      Effect.gen(function*() {
        const server = yield* serve((sent): Answer =>
          sent.method === "POST" ? "reset" : page(Array.from({ length: 10 }, (_, i) => record(i, "x")))
        )
        const groupPoints = yield* groupPointsAt(server.url)
        ambiguous(yield* Effect.flip(groupPoints.transfer(request)))
        const reads = server.sent.filter((sent) => sent.method === "GET")
        assert.strictEqual(reads.length, GroupPointsService.reconcileWindow / 10 + 1)
        assert.strictEqual(server.sent.filter((sent) => sent.method === "POST").length, 1)
      }))

    it.live("reads the destination's history when the source group is named by its primary member", () =>
      Effect.gen(function*() {
        let reference = ""
        const server = yield* serve((sent): Answer => {
          if (sent.method === "POST") {
            reference = GroupPoints.referenceOf((sent.body as { notes: string }).notes)!
            return { status: 503, json: { errors: [{ status: false, code: 503, message: "unavailable" }] } }
          }
          // the source's DEDUCTION is not what the destination's history shows
          return page([
            record(5, `notes123 [ref:${reference}]`, "DEDUCTION"),
            record(6, `notes123 [ref:${reference}]`, "ADDITION")
          ])
        })
        const groupPoints = yield* groupPointsAt(server.url)
        const transferred = yield* groupPoints.transfer({
          ...request,
          fromEntity: { type: "USERGROUP2", identifierType: "primaryUserMobile", identifierValue: "915410000000" }
        })
        assert.strictEqual(transferred.transferId, 6)
        assert.deepStrictEqual(server.sent[1]!.query, {
          identifierName: "mobile",
          identifierValue: "918410000000",
          userEntityType: "CUSTOMER",
          source: "WECHAT",
          accountId: "WECHAT-SN",
          sortOrder: "DESC",
          offset: "0",
          limit: "10"
        })
      }))

    it.live("stays ambiguous when neither side has a history read, or the read fails", () =>
      Effect.gen(function*() {
        const byPrimary = yield* serve((): Answer => "reset")
        const groupPoints = yield* groupPointsAt(byPrimary.url)
        ambiguous(
          yield* Effect.flip(groupPoints.transfer({
            ...request,
            fromEntity: { type: "USERGROUP2", identifierType: "primaryUserId", identifierValue: "1" },
            toEntity: { type: "USERGROUP2", identifierType: "primaryUserEmail", identifierValue: "a@b.c" }
          }))
        )
        assert.deepStrictEqual(byPrimary.sent.map(route), ["POST /v2/points/userGroup2/transfer"])

        const failing = yield* serve((sent): Answer =>
          sent.method === "POST" ? "reset" : failure(1632, "Invalid group")
        )
        const other = yield* groupPointsAt(failing.url)
        ambiguous(yield* Effect.flip(other.transfer(request)))
        assert.strictEqual(failing.sent.filter((sent) => sent.method === "POST").length, 1)
      }))
  })

  describe("history", () => {
    it.live("streams an account's transfers page by page, and finds one by reference", () =>
      Effect.gen(function*() {
        const server = yield* serve((sent): Answer => {
          const offset = Number(sent.query.offset)
          const ids = Array.from({ length: 25 }, (_, i) => i + 1).slice(offset, offset + 10)
          return page(ids.map((id) => record(id, `n [ref:wf-transfer-${String(id).padStart(4, "0")}]`)))
        })
        const groupPoints = yield* groupPointsAt(server.url)
        const all = yield* Stream.runCollect(groupPoints.transfers(request.fromEntity, { sortOrder: "ASC" }))
        assert.strictEqual(all.length, 25)
        assert.deepStrictEqual(server.sent.map((sent) => [sent.query.offset, sent.query.sortOrder]), [
          ["0", "ASC"],
          ["10", "ASC"],
          ["20", "ASC"]
        ])
        const found = yield* groupPoints.findTransfer(request.fromEntity, "wf-transfer-0012")
        assert.strictEqual(found._tag === "Some" ? found.value.transferId : undefined, 12)
        const missing = yield* groupPoints.findTransfer(request.fromEntity, "wf-transfer-9999")
        assert.strictEqual(missing._tag, "None")
        const incoming = yield* groupPoints.findTransfer(request.fromEntity, "wf-transfer-0012", "in")
        assert.strictEqual(incoming._tag, "None")
        // a group named by its primary member has no history read
        const error = yield* Effect.flip(
          Stream.runCollect(groupPoints.transfers({
            type: "USERGROUP2",
            identifierType: "primaryUserMobile",
            identifierValue: "915410000000"
          }))
        )
        assert.strictEqual((error as CapillaryError.CapillaryError).reason._tag, "InvalidRequest")
      }))
  })
})
