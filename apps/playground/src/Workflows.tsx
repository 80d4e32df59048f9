/**
 * The workflows: the built-in flows with a payload form (prefilled from the demo seed) and a fault toggle per
 * step; a run started, and its timeline watched live over server-sent events, step by step, compensations
 * included.
 */
import { useEffect, useMemo, useState } from "react"
import { type Issue, listWorkflows, type Run, startRun, type TimelineEvent, type Workflow } from "./api.ts"
import { JsonView } from "./JsonView.tsx"
import { pathKey, setIn, toValue } from "./schema.ts"
import { type Errors, SchemaForm } from "./SchemaForm.tsx"

const freshKey = (prefix: string) =>
  `${prefix}${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 36 ** 3).toString(36).toUpperCase()}`

const errorsOf = (issues: ReadonlyArray<Issue>): Errors => {
  const errors = new Map<string, Array<string>>()
  for (const issue of issues) {
    const key = pathKey(issue.path)
    errors.set(key, [...(errors.get(key) ?? []), issue.message])
  }
  return errors
}

type StepState =
  | "pending"
  | "running"
  | "retrying"
  | "succeeded"
  | "failed"
  | "compensating"
  | "compensated"
  | "nothing to undo"
  | "compensation failed"

const stepStates = (workflow: Workflow, events: ReadonlyArray<TimelineEvent>) => {
  const states = new Map<string, { state: StepState; attempts: number; failed: boolean }>(
    workflow.steps.map((step) => [step.name, { state: "pending", attempts: 0, failed: false }])
  )
  for (const event of events) {
    const current = event.step === undefined ? undefined : states.get(event.step)
    if (current === undefined) continue
    switch (event._tag) {
      case "StepStarted":
        current.state = "running"
        current.attempts = event.attempt ?? current.attempts
        break
      case "StepRetried":
        current.state = "retrying"
        break
      case "StepSucceeded":
        current.state = "succeeded"
        break
      case "StepFailed":
        current.state = "failed"
        current.failed = true
        break
      case "Compensating":
        current.state = "compensating"
        break
      case "Compensated":
        current.state = event.undone === true ? "compensated" : current.failed ? "failed" : "nothing to undo"
        break
      case "CompensationFailed":
        current.state = "compensation failed"
        break
    }
  }
  return states
}

const describe = (event: TimelineEvent): { readonly title: string; readonly detail?: string | undefined } => {
  switch (event._tag) {
    case "FlowStarted":
      return { title: `${event.flow} started` }
    case "StepStarted":
      return { title: `${event.step}: attempt ${event.attempt}` }
    case "StepRetried":
      return {
        title: `${event.step}: attempt ${event.attempt} failed with ${event.error}, retrying in ${
          Math.round(event.delayMillis ?? 0)
        } ms`,
        detail: event.reason
      }
    case "StepSucceeded":
      return { title: `${event.step} succeeded${event.recovered === true ? " (found by its natural key)" : ""}` }
    case "StepFailed":
      return {
        title: `${event.step} failed with ${event.error}${event.business === true ? " (a business outcome)" : ""}`,
        detail: event.reason
      }
    case "Waiting":
      return { title: `waiting: ${event.name} (${Math.round((event.durationMillis ?? 0) / 1000)} s)` }
    case "Compensating":
      return { title: `compensating ${event.step}: ${event.compensation}` }
    case "CompensationRetried":
      return {
        title: `${event.step}: ${event.compensation} attempt ${event.attempt} failed, retrying`,
        detail: event.reason
      }
    case "Compensated":
      return {
        title: `${event.step}: ${event.compensation} ${event.undone === true ? "undone" : "found nothing to undo"}`
      }
    case "CompensationFailed":
      return { title: `${event.step}: ${event.compensation} failed`, detail: event.reason }
    case "FlowCompleted":
      return event.succeeded === true
        ? { title: `${event.flow} succeeded` }
        : { title: `${event.flow} failed with ${event.error}`, detail: event.reason }
    default:
      return { title: event._tag }
  }
}

const tone = (event: TimelineEvent) => {
  switch (event._tag) {
    case "StepSucceeded":
      return "ok"
    case "StepRetried":
    case "CompensationRetried":
      return "warn"
    case "StepFailed":
    case "CompensationFailed":
      return "bad"
    case "Compensating":
    case "Compensated":
      return "undo"
    case "FlowCompleted":
      return event.succeeded === true ? "ok" : "bad"
    default:
      return "neutral"
  }
}

/** The value at a path of a payload (its business key). */
const keyOf = (payload: unknown, path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>(
    (value, key) => typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined,
    payload
  )

interface RunView {
  readonly run: Run
  readonly events: ReadonlyArray<TimelineEvent>
  readonly final?: Run | undefined
}

const Timeline = ({ view, workflow }: { readonly view: RunView; readonly workflow: Workflow | undefined }) => {
  const status = view.final?.status ?? "running"
  const first = view.events[0]?.at ?? view.run.startedAt
  const states = workflow === undefined ? new Map() : stepStates(workflow, view.events)
  const keyPath = workflow?.fresh[0]?.path
  return (
    <section className="panel timeline" data-testid="timeline">
      <header className="timeline-header">
        <h3>
          Timeline <code className="run-id">{view.run.id.slice(0, 12)}</code>
        </h3>
        <span className={`run-status run-${status}`} data-testid="run-status">{status}</span>
      </header>
      <p className="meta">
        {view.run.workflow}
        {keyPath === undefined ? null : (
          <>
            , {keyPath.at(-1)} <code>{String(keyOf(view.run.payload, keyPath))}</code>
          </>
        )}
        {Object.keys(view.run.faults).length === 0
          ? ", no fault"
          : `, faults: ${Object.entries(view.run.faults).map(([step, kind]) => `${step} ${kind}`).join(", ")}`}
      </p>
      <ol className="steps">
        {[...states.entries()].map(([name, { attempts, state }]) => (
          <li key={name} className={`step step-${state.replace(/ /g, "-")}`} data-testid={`step-${name}`}>
            <span className="step-name">{name}</span>
            <span className="step-state">{state}{attempts > 1 ? ` (${attempts} attempts)` : ""}</span>
          </li>
        ))}
      </ol>
      <ol className="events">
        {view.events.map((event) => {
          const { detail, title } = describe(event)
          return (
            <li
              key={event.seq}
              className={`event event-${tone(event)}`}
              data-testid="timeline-event"
              data-tag={event._tag}
            >
              <span className="seq">#{event.seq}</span>
              <span className="offset">+{event.at - first} ms</span>
              <span className="tag">{event._tag}</span>
              <span className="title">{title}</span>
              {detail === undefined ? null : <span className="detail">{detail}</span>}
            </li>
          )
        })}
      </ol>
      {view.final?.status === "succeeded" ?
        (
          <div data-testid="run-result">
            <h4>Result</h4>
            <JsonView value={view.final.result} />
          </div>
        ) :
        null}
      {view.final?.status === "failed" ?
        (
          <div data-testid="run-error">
            <h4>
              Typed error <code>{view.final.error?._tag}</code>
            </h4>
            <JsonView value={view.final.error} />
          </div>
        ) :
        null}
    </section>
  )
}

export const Workflows = () => {
  const [workflows, setWorkflows] = useState<ReadonlyArray<Workflow>>([])
  const [selected, setSelected] = useState<string | undefined>(undefined)
  const [drafts, setDrafts] = useState<ReadonlyMap<string, unknown>>(new Map())
  const [faults, setFaults] = useState<ReadonlyMap<string, Record<string, string>>>(new Map())
  const [issues, setIssues] = useState<ReadonlyArray<Issue>>([])
  const [runs, setRuns] = useState<ReadonlyArray<Run>>([])
  const [current, setCurrent] = useState<string | undefined>(undefined)
  const [events, setEvents] = useState<ReadonlyMap<string, ReadonlyArray<TimelineEvent>>>(new Map())
  const [finals, setFinals] = useState<ReadonlyMap<string, Run>>(new Map())
  const [failure, setFailure] = useState<string | undefined>(undefined)
  const [starting, setStarting] = useState(false)

  useEffect(() => {
    listWorkflows().then(setWorkflows, (error) => setFailure(String(error)))
  }, [])

  // Watches the current run's timeline: replayed from its first event, then live, until it completes.
  useEffect(() => {
    if (current === undefined) return
    setEvents((all) => new Map(all).set(current, []))
    const source = new EventSource(`/api/runs/${encodeURIComponent(current)}/events`)
    source.addEventListener("timeline", (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as TimelineEvent
      setEvents((all) => {
        const known = all.get(current) ?? []
        return known.some((candidate) => candidate.seq === event.seq)
          ? all
          : new Map(all).set(current, [...known, event].sort((a, b) => a.seq - b.seq))
      })
    })
    source.addEventListener("end", (message) => {
      const run = JSON.parse((message as MessageEvent<string>).data) as Run
      setFinals((all) => new Map(all).set(current, run))
      source.close()
    })
    source.onerror = () => source.close()
    return () => source.close()
  }, [current])

  const workflow = workflows.find((candidate) => candidate.name === selected) ?? workflows[0]
  const draft = workflow === undefined
    ? undefined
    : drafts.has(workflow.name)
    ? drafts.get(workflow.name)
    : workflow.example
  const chosenFaults = workflow === undefined ? {} : faults.get(workflow.name) ?? {}
  const errors = useMemo(() => errorsOf(issues), [issues])
  const run = runs.find((candidate) => candidate.id === current)

  const setFault = (step: string, kind: string | undefined) => {
    if (workflow === undefined) return
    const next = { ...chosenFaults }
    if (kind === undefined) delete next[step]
    else next[step] = kind
    setFaults(new Map(faults).set(workflow.name, next))
  }

  const start = async () => {
    if (workflow === undefined) return
    setStarting(true)
    setIssues([])
    try {
      const payload = toValue(workflow.payload.schema, draft, workflow.payload.definitions)
      const [status, body] = await startRun(workflow.name, payload, chosenFaults)
      if (status >= 400) {
        setIssues(body.error?.issues ?? [{ path: [], message: body.error?.message ?? `HTTP ${status}` }])
        return
      }
      const started: Run = {
        id: body.id,
        workflow: body.workflow,
        payload: body.payload,
        faults: body.faults,
        startedAt: body.startedAt
      }
      setRuns((all) => [started, ...all.filter((candidate) => candidate.id !== started.id)])
      setCurrent(started.id)
      // The next run gets business keys of its own (a bill number is a run: the same one answers its result again).
      let next = draft
      for (const key of workflow.fresh) next = setIn(next, key.path, freshKey(key.prefix))
      setDrafts(new Map(drafts).set(workflow.name, next))
    } catch (error) {
      setFailure(String(error))
    } finally {
      setStarting(false)
    }
  }

  return (
    <div className="workflows">
      <aside className="sidebar">
        <h3 className="package-name">Built-in workflows</h3>
        <ul>
          {workflows.map((candidate) => (
            <li key={candidate.name}>
              <button
                type="button"
                className={`operation-link${candidate.name === workflow?.name ? " active" : ""}`}
                onClick={() => {
                  setSelected(candidate.name)
                  setIssues([])
                }}
                data-testid={`workflow-${candidate.name}`}
              >
                <span className="operation-summary">{candidate.name}</span>
                <span className="operation-id">{candidate.steps.length} steps</span>
              </button>
            </li>
          ))}
        </ul>
        {runs.length === 0 ? null : (
          <>
            <h3 className="package-name">Runs</h3>
            <ul className="runs">
              {runs.map((candidate) => (
                <li key={candidate.id}>
                  <button
                    type="button"
                    className={`operation-link${candidate.id === current ? " active" : ""}`}
                    onClick={() => setCurrent(candidate.id)}
                  >
                    <span className={`run-status run-${finals.get(candidate.id)?.status ?? "running"}`}>
                      {finals.get(candidate.id)?.status ?? "running"}
                    </span>
                    <span className="operation-id">
                      {candidate.workflow} {String(
                        keyOf(
                          candidate.payload,
                          workflows.find((known) => known.name === candidate.workflow)?.fresh[0]?.path ?? []
                        ) ?? ""
                      )}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </aside>
      <main className="content">
        {failure === undefined ? null : <p className="failure">{failure}</p>}
        {workflow === undefined ? <p>Loading the workflows...</p> : (
          <div className="workflow-columns">
            <div className="workflow-setup">
              <header className="operation-header">
                <h2 data-testid="workflow-title">{workflow.name}</h2>
                <p className="summary">{workflow.summary}</p>
              </header>
              <form
                className="panel"
                noValidate
                onSubmit={(event) => {
                  event.preventDefault()
                  void start()
                }}
              >
                <fieldset className="part">
                  <legend>Steps and faults</legend>
                  <ol className="step-faults">
                    {workflow.steps.map((step) => {
                      const kind = chosenFaults[step.name]
                      return (
                        <li key={step.name} className={kind === undefined ? "" : "faulty"}>
                          <div className="step-line">
                            <strong>{step.name}</strong>
                            <span className="chip">{step.reversibility}</span>
                            {step.compensation === undefined
                              ? null
                              : <span className="chip undo">undo: {step.compensation}</span>}
                          </div>
                          <div className="step-line">
                            <label className="toggle">
                              <input
                                type="checkbox"
                                checked={kind !== undefined}
                                onChange={(event) =>
                                  setFault(step.name, event.target.checked ? workflow.faultKinds[0]?.kind : undefined)}
                                data-testid={`fault-${step.name}`}
                              />
                              fault on <code>{step.endpoints.join(", ")}</code>
                            </label>
                            {kind === undefined ? null : (
                              <select
                                value={kind}
                                onChange={(event) => setFault(step.name, event.target.value)}
                                data-testid={`fault-kind-${step.name}`}
                              >
                                {workflow.faultKinds.map((fault) => (
                                  <option key={fault.kind} value={fault.kind}>{fault.label}</option>
                                ))}
                              </select>
                            )}
                          </div>
                        </li>
                      )
                    })}
                  </ol>
                  {errors.size === 0 ? null : (
                    <ul className="issues" data-testid="validation-issues">
                      {issues.map((issue, i) => (
                        <li key={i}>
                          <code>{pathKey(issue.path)}</code> {issue.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </fieldset>
                <fieldset className="part">
                  <legend>Payload</legend>
                  <SchemaForm
                    schema={workflow.payload.schema}
                    definitions={workflow.payload.definitions}
                    draft={draft}
                    path={["payload"]}
                    errors={errors}
                    onChange={(next) => setDrafts(new Map(drafts).set(workflow.name, next))}
                  />
                </fieldset>
                <div className="actions">
                  <button type="submit" className="primary" disabled={starting} data-testid="run-workflow">
                    {starting ? "Starting..." : `Run ${workflow.name}`}
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      let next: unknown = workflow.example
                      for (const key of workflow.fresh) next = setIn(next, key.path, freshKey(key.prefix))
                      setDrafts(new Map(drafts).set(workflow.name, next))
                      setIssues([])
                    }}
                  >
                    Reset payload
                  </button>
                </div>
              </form>
            </div>
            <div className="workflow-run">
              {run === undefined
                ? <p className="hint panel">Start a run to watch its timeline here, live.</p>
                : (
                  <Timeline
                    view={{ run, events: events.get(run.id) ?? [], final: finals.get(run.id) }}
                    workflow={workflows.find((candidate) => candidate.name === run.workflow)}
                  />
                )}
            </div>
          </div>
        )}
      </main>
    </div>
  )
}
