/**
 * The built-in workflows and their runs: each flow listed with the JSON Schema of its payload, its steps and the
 * endpoints each step calls; a run started in the background on the engine (`execute` with `discard`), with the
 * chosen faults set as emulator fault rules on the endpoints of their steps for as long as the run lasts; a run's
 * state read from the engine and the `Timeline`.
 */
import { Faults } from "@capillary-effect/emulator"
import { EnrollInGroup, type Flow, IssueRedeemTransfer, Timeline } from "@capillary-effect/workflows"
import { Cause, Clock, Duration, Effect, Option, Random, Schema, Stream } from "effect"
import type { Workflow, WorkflowEngine } from "effect/workflow"
import type { JsonSchemaDocument } from "./Catalog.ts"
import { invalidInput, isRecord, type Issue, toJson, validate } from "./Json.ts"

/** A fault a step can be given, as one emulator fault rule per endpoint of the step. */
export const faultKinds = {
  serverError: {
    label: "HTTP 500 every time",
    rule: { kind: "serverError" }
  },
  customerBusy: {
    label: "HTTP 521 (busy) twice, then through",
    rule: { kind: "customerBusy", times: 2 }
  },
  applyThenServerError: {
    label: "applied, then HTTP 500 once",
    rule: { kind: "applyThenServerError", times: 1 }
  }
} as const satisfies Record<string, { readonly label: string; readonly rule: Faults.FaultRule }>

/** The names of the fault kinds. */
export type FaultKind = keyof typeof faultKinds

const isFaultKind = (kind: unknown): kind is FaultKind => typeof kind === "string" && Object.hasOwn(faultKinds, kind)

/** A value the UI makes fresh for every run (a run's business key), at a path of the payload. */
export interface FreshKey {
  readonly path: ReadonlyArray<string>
  readonly prefix: string
}

/** The parts of a flow the playground uses, with its services' types made plain (the flows need none). */
interface Handle {
  readonly executionId: (payload: unknown) => Effect.Effect<string>
  readonly start: (payload: unknown) => Effect.Effect<string, never, WorkflowEngine.WorkflowEngine>
  readonly poll: (
    executionId: string
  ) => Effect.Effect<Option.Option<Workflow.Result<unknown, unknown>>, never, WorkflowEngine.WorkflowEngine>
}

const handleOf = (flow: Flow.Any): Handle => ({
  executionId: (payload) => flow.executionId(payload as never) as Effect.Effect<string>,
  start: (payload) =>
    flow.execute(payload as never, { discard: true }) as Effect.Effect<string, never, WorkflowEngine.WorkflowEngine>,
  poll: (executionId) =>
    flow.poll(executionId) as Effect.Effect<
      Option.Option<Workflow.Result<unknown, unknown>>,
      never,
      WorkflowEngine.WorkflowEngine
    >
})

interface Definition {
  readonly flow: Flow.Any
  readonly summary: string
  /** The endpoints each step calls: a fault on the step is a fault on them. */
  readonly endpoints: Readonly<Record<string, ReadonlyArray<string>>>
  readonly example: (fresh: (prefix: string) => string) => Record<string, unknown>
  readonly fresh: ReadonlyArray<FreshKey>
}

const definitions: ReadonlyArray<Definition> = [
  {
    flow: IssueRedeemTransfer.flow,
    summary: "Issue a coupon of a series to a customer, redeem it on a bill, then move points between the customer " +
      "and their group; a failure undoes what was done, in reverse order.",
    endpoints: {
      LoadCustomer: ["customers.get"],
      IssueCoupon: ["rewards.issueCoupon"],
      RedeemCoupon: ["rewards.redeemCoupons"],
      TransferPoints: ["usergroups.transferPoints"]
    },
    example: (fresh) => ({
      customerId: 100001,
      seriesId: 5001,
      billNumber: fresh("B-"),
      billAmount: 250,
      groupExternalId: "demo-family",
      points: 100,
      direction: "toGroup"
    }),
    fresh: [{ path: ["billNumber"], prefix: "B-" }]
  },
  {
    flow: EnrollInGroup.flow,
    summary: "Find a customer by an identifier (or register them), find the group by its external id (or create " +
      "it), and make the customer a member; a failure leaves the group and deletes a group the run created.",
    endpoints: {
      FindOrRegisterCustomer: ["customers.lookup", "customers.add"],
      EnsureGroup: ["usergroups.get", "usergroups.create"],
      JoinGroup: ["usergroups.join"]
    },
    example: (fresh) => ({
      customer: {
        source: "INSTORE",
        identifier: { type: "mobile", value: "919000000042" },
        firstName: "Huck",
        lastName: "Finn"
      },
      group: { externalId: fresh("team-"), groupName: "Playground team", maxGroupSize: 4 },
      primaryMember: true
    }),
    fresh: [{ path: ["group", "externalId"], prefix: "team-" }]
  }
]

/** A workflow, as `GET /api/workflows` lists it. */
export interface WorkflowInfo {
  readonly name: string
  readonly summary: string
  readonly payload: JsonSchemaDocument
  readonly steps: ReadonlyArray<{
    readonly name: string
    readonly reversibility: string
    readonly compensation?: string
    readonly endpoints: ReadonlyArray<string>
  }>
  readonly example: Record<string, unknown>
  readonly fresh: ReadonlyArray<FreshKey>
  readonly faultKinds: ReadonlyArray<{ readonly kind: FaultKind; readonly label: string }>
}

/** A run this process started. */
export interface Run {
  readonly id: string
  readonly workflow: string
  readonly payload: unknown
  readonly faults: Readonly<Record<string, FaultKind>>
  readonly startedAt: number
}

/** A run with its state: `running`, `succeeded` (with its result) or `failed` (with its typed error). */
export interface RunState extends Run {
  readonly status: "running" | "succeeded" | "failed"
  readonly result?: unknown
  readonly error?: unknown
  readonly events: ReadonlyArray<Timeline.Event>
}

/** How long the fault rules of a run stay at most, should it never complete. */
const faultLifetime = Duration.minutes(5)

/** The workflows service; needs the engine with the flows registered, the timeline and the emulator's faults. */
export const make = Effect.gen(function*() {
  const timeline = yield* Timeline.Timeline
  const faults = yield* Faults.Faults
  const context = yield* Effect.context<WorkflowEngine.WorkflowEngine>()
  const scope = yield* Effect.scope
  const runs = new Map<string, Run>()

  const fresh = (prefix: string) =>
    Effect.map(
      Effect.all([Clock.currentTimeMillis, Random.nextIntBetween(0, 36 ** 3)]),
      ([now, random]) =>
        `${prefix}${now.toString(36).toUpperCase()}${random.toString(36).toUpperCase().padStart(3, "0")}`
    )

  const list = Effect.forEach(definitions, (definition) =>
    Effect.gen(function*() {
      const keys = new Map<string, string>()
      for (const key of definition.fresh) keys.set(key.prefix, yield* fresh(key.prefix))
      const document = Schema.toJsonSchemaDocument(Schema.toEncoded(definition.flow.workflow.payloadSchema))
      return {
        name: definition.flow.name,
        summary: definition.summary,
        payload: { schema: document.schema, definitions: { ...document.definitions } },
        steps: definition.flow.steps.map((step) => ({
          name: step.name,
          reversibility: step.reversibility._tag,
          ...(step.compensation?.name === undefined ? {} : { compensation: step.compensation.name }),
          endpoints: definition.endpoints[step.name] ?? []
        })),
        example: definition.example((prefix) => keys.get(prefix) ?? prefix),
        fresh: definition.fresh,
        faultKinds: Object.entries(faultKinds).map(([kind, { label }]) => ({ kind: kind as FaultKind, label }))
      } satisfies WorkflowInfo
    }))

  const find = (name: string) => definitions.find((definition) => definition.flow.name === name)

  /** Validates the chosen faults: a known step of the flow, a known kind. */
  const checkFaults = (definition: Definition, value: unknown): readonly [Record<string, FaultKind>, Array<Issue>] => {
    const chosen: Record<string, FaultKind> = {}
    const issues: Array<Issue> = []
    if (value === undefined) return [chosen, issues]
    if (!isRecord(value)) return [chosen, [{ path: ["faults"], message: "an object of step names to fault kinds" }]]
    for (const [step, kind] of Object.entries(value)) {
      if (kind === null || kind === undefined || kind === "") continue
      if (definition.endpoints[step] === undefined) {
        issues.push({ path: ["faults", step], message: `no step ${step} in ${definition.flow.name}` })
      } else if (!isFaultKind(kind)) {
        issues.push({ path: ["faults", step], message: `a fault kind: ${Object.keys(faultKinds).join(", ")}` })
      } else {
        chosen[step] = kind
      }
    }
    return [chosen, issues]
  }

  /** Starts a run in the background; answers it, or the same bill's run when it was started before. */
  const start = Effect.fnUntraced(function*(definition: Definition, body: unknown) {
    const submitted = isRecord(body) ? body : {}
    const [chosen, faultIssues] = checkFaults(definition, submitted.faults)
    const decoded = yield* Effect.result(
      validate(definition.flow.workflow.payloadSchema as Schema.Codec<unknown>, submitted.payload, ["payload"])
    )
    const issues = [...(decoded._tag === "Failure" ? decoded.failure : []), ...faultIssues]
    if (decoded._tag === "Failure" || issues.length > 0) return yield* invalidInput(issues)
    const payload = decoded.success
    const flow = definition.flow
    const handle = handleOf(flow)
    const id = yield* handle.executionId(payload)
    const existing = runs.get(id)
    if (existing !== undefined) return { run: existing, existing: true }

    const rules = Object.entries(chosen).flatMap(([step, kind]) =>
      (definition.endpoints[step] ?? []).map((endpoint): Faults.FaultRule => ({ ...faultKinds[kind].rule, endpoint }))
    )
    const ruleIds = rules.length === 0 ? [] : yield* faults.add(rules)
    const run: Run = {
      id,
      workflow: flow.name,
      payload: toJson(submitted.payload),
      faults: chosen,
      startedAt: yield* Clock.currentTimeMillis
    }
    runs.set(id, run)
    // The run's fault rules go when it completes (or after a bound, should it never).
    if (ruleIds.length > 0) {
      yield* Stream.runDrain(timeline.events(id)).pipe(
        Effect.timeoutOption(faultLifetime),
        Effect.ensuring(Effect.forEach(ruleIds, (ruleId) => faults.clear(ruleId), { discard: true })),
        Effect.forkIn(scope)
      )
    }
    yield* handle.start(payload).pipe(Effect.provideContext(context))
    return { run, existing: false }
  })

  /** The state of a run this process started. */
  const state = Effect.fnUntraced(function*(id: string) {
    const run = runs.get(id)
    if (run === undefined) return Option.none<RunState>()
    const events = yield* timeline.history(id)
    const polled = yield* handleOf(find(run.workflow)!.flow).poll(id).pipe(Effect.provideContext(context))
    const completed = Option.filter(polled, (result) => result._tag === "Complete")
    if (Option.isNone(completed) || completed.value._tag !== "Complete") {
      return Option.some<RunState>({ ...run, status: "running", events })
    }
    const exit = completed.value.exit
    if (exit._tag === "Success") {
      return Option.some<RunState>({ ...run, status: "succeeded", result: toJson(exit.value), events })
    }
    const error = Cause.findErrorOption(exit.cause)
    return Option.some<RunState>({
      ...run,
      status: "failed",
      error: Option.isSome(error) ? toJson(error.value) : { _tag: "Defect", message: Cause.pretty(exit.cause) },
      events
    })
  })

  /** The state once the engine has the run's result: polled for a short while after its last event. */
  const settled = (id: string) =>
    Effect.gen(function*() {
      for (let i = 0; i < 100; i++) {
        const current = yield* state(id)
        if (Option.isNone(current) || current.value.status !== "running") return current
        yield* Effect.sleep(Duration.millis(20))
      }
      return yield* state(id)
    })

  return {
    list,
    find,
    start,
    state,
    settled,
    events: (id: string) => timeline.events(id),
    has: (id: string) => runs.has(id)
  }
})

/** Keeps the type of a service built by `make` without naming it twice. */
export type Service = Effect.Success<typeof make>
