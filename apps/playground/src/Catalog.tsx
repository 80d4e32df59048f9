/**
 * The catalog: every SDK operation, grouped by package and section and searchable; the selected one's form,
 * generated from its request schemas; its result (the decoded value or the typed error) and the raw exchanges.
 */
import { useEffect, useMemo, useState } from "react"
import {
  type Exchange,
  type Issue,
  listOperations,
  type Operation,
  type Part,
  runOperation,
  type RunResult
} from "./api.ts"
import { JsonView } from "./JsonView.tsx"
import { pathKey, toValue } from "./schema.ts"
import { type Errors, SchemaForm } from "./SchemaForm.tsx"

const parts: ReadonlyArray<readonly [Part, string]> = [["path", "Path parameters"], ["query", "Query"], [
  "body",
  "Body"
]]

type Draft = Partial<Record<Part, unknown>>

const errorsOf = (issues: ReadonlyArray<Issue> | undefined): Errors => {
  const errors = new Map<string, Array<string>>()
  for (const issue of issues ?? []) {
    const key = pathKey(issue.path)
    errors.set(key, [...(errors.get(key) ?? []), issue.message])
  }
  return errors
}

/** What a form's draft sends. */
const inputOf = (operation: Operation, draft: Draft) => {
  const input: Record<string, unknown> = {}
  for (const [part] of parts) {
    const document = operation.input[part]
    if (document === undefined) continue
    const value = toValue(document.schema, draft[part], document.definitions, part === "body")
    if (value !== undefined) input[part] = value
  }
  return input
}

const matches = (operation: Operation, search: string) => {
  const words = search.toLowerCase().split(/\s+/).filter((word) => word !== "")
  const text = [operation.id, operation.summary, operation.section, operation.path, operation.method, operation.package]
    .join(" ")
    .toLowerCase()
  return words.every((word) => text.includes(word))
}

const MethodBadge = ({ method }: { readonly method: string }) => (
  <span className={`method method-${method.toLowerCase()}`}>{method}</span>
)

const ExchangeView = ({ exchange, index }: { readonly exchange: Exchange; readonly index: number }) => {
  const ok = exchange.status !== undefined && exchange.status < 400
  return (
    <details className="exchange" open={index === 0} data-testid="exchange">
      <summary>
        <MethodBadge method={exchange.method} />
        <span className={`status ${ok ? "status-ok" : "status-bad"}`} data-testid="exchange-status">
          {exchange.status ?? "no answer"}
        </span>
        <span className="duration">{exchange.durationMs} ms</span>
        <code className="url">{exchange.url}</code>
      </summary>
      {exchange.error === undefined ? null : <p className="exchange-error">{exchange.error}</p>}
      <div className="exchange-grid">
        <section>
          <h4>Request headers</h4>
          <HeaderTable headers={exchange.requestHeaders} />
          {exchange.requestBody === undefined ? null : (
            <>
              <h4>Request body</h4>
              <JsonView value={exchange.requestBody} />
            </>
          )}
        </section>
        <section>
          <h4>Response headers</h4>
          <HeaderTable headers={exchange.responseHeaders ?? {}} />
          {exchange.responseBody === undefined ? null : (
            <>
              <h4>Response body</h4>
              <JsonView value={exchange.responseBody} />
            </>
          )}
        </section>
      </div>
    </details>
  )
}

const HeaderTable = ({ headers }: { readonly headers: Record<string, string> }) => (
  <table className="headers">
    <tbody>
      {Object.entries(headers).map(([name, value]) => (
        <tr key={name}>
          <th>{name}</th>
          <td>{value}</td>
        </tr>
      ))}
    </tbody>
  </table>
)

const ResultView = ({ result }: { readonly result: RunResult }) => {
  if (!result.ok && result.error?._tag === "InvalidInput") {
    return (
      <section className="panel result result-invalid" data-testid="result" data-outcome="invalid">
        <h3>Invalid input: nothing was sent</h3>
        <ul className="issues" data-testid="validation-issues">
          {(result.error.issues ?? []).map((issue, i) => (
            <li key={i}>
              <code>{pathKey(issue.path) || "(input)"}</code> {issue.message}
            </li>
          ))}
        </ul>
      </section>
    )
  }
  const meta = (
    <p className="meta">
      {result.attempts ?? 0} attempt{result.attempts === 1 ? "" : "s"}, {result.durationMs ?? 0} ms
    </p>
  )
  return result.ok
    ? (
      <section className="panel result result-ok" data-testid="result" data-outcome="ok">
        <h3>Result</h3>
        {meta}
        <JsonView value={result.value} />
      </section>
    )
    : (
      <section className="panel result result-error" data-testid="result" data-outcome="error">
        <h3>
          Typed error <code data-testid="error-tag">{result.error?._tag}</code>
        </h3>
        {meta}
        <JsonView value={result.error} />
      </section>
    )
}

export const Catalog = (
  { onSelect, selected }: { readonly selected: string | undefined; readonly onSelect: (id: string) => void }
) => {
  const [operations, setOperations] = useState<ReadonlyArray<Operation>>([])
  const [search, setSearch] = useState("")
  const [drafts, setDrafts] = useState<ReadonlyMap<string, Draft>>(new Map())
  const [results, setResults] = useState<ReadonlyMap<string, RunResult>>(new Map())
  const [running, setRunning] = useState(false)
  const [failure, setFailure] = useState<string | undefined>(undefined)

  useEffect(() => {
    listOperations().then(setOperations, (error) => setFailure(String(error)))
  }, [])

  const operation = operations.find((candidate) => candidate.id === selected) ?? operations[0]
  const draft: Draft = operation === undefined ? {} : drafts.get(operation.id) ?? operation.example
  const result = operation === undefined ? undefined : results.get(operation.id)
  const errors = useMemo(() => errorsOf(result?.error?._tag === "InvalidInput" ? result.error.issues : []), [result])

  const groups = useMemo(() => {
    const byPackage = new Map<string, Map<string, Array<Operation>>>()
    for (const candidate of operations) {
      if (!matches(candidate, search)) continue
      const sections = byPackage.get(candidate.package) ?? new Map<string, Array<Operation>>()
      byPackage.set(candidate.package, sections)
      sections.set(candidate.section, [...(sections.get(candidate.section) ?? []), candidate])
    }
    return byPackage
  }, [operations, search])

  const setDraft = (next: Draft) => {
    if (operation === undefined) return
    setDrafts(new Map(drafts).set(operation.id, next))
  }

  const run = async () => {
    if (operation === undefined) return
    setRunning(true)
    try {
      const answer = await runOperation(operation.id, inputOf(operation, draft))
      setResults((current) => new Map(current).set(operation.id, answer))
    } catch (error) {
      setFailure(String(error))
    } finally {
      setRunning(false)
    }
  }

  const count = [...groups.values()].reduce((n, sections) => n + [...sections.values()].flat().length, 0)

  return (
    <div className="catalog">
      <aside className="sidebar">
        <input
          className="search"
          type="search"
          placeholder={`Search ${operations.length} operations`}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          data-testid="operation-search"
        />
        <p className="count">{count} of {operations.length}</p>
        {[...groups.entries()].map(([pkg, sections]) => (
          <div className="package" key={pkg}>
            <h3 className="package-name">@capillary-effect/{pkg}</h3>
            {[...sections.entries()].map(([section, list]) => (
              <div className="section" key={section}>
                <h4 className="section-name">{section}</h4>
                <ul>
                  {list.map((candidate) => (
                    <li key={candidate.id}>
                      <button
                        type="button"
                        className={`operation-link${candidate.id === operation?.id ? " active" : ""}`}
                        onClick={() => onSelect(candidate.id)}
                        data-testid={`operation-${candidate.id}`}
                      >
                        <MethodBadge method={candidate.method} />
                        <span className="operation-summary">{candidate.summary}</span>
                        <span className="operation-id">{candidate.id}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        ))}
      </aside>
      <main className="content">
        {failure === undefined ? null : <p className="failure">{failure}</p>}
        {operation === undefined ? <p>Loading the catalog...</p> : (
          <>
            <header className="operation-header">
              <h2 data-testid="operation-title">
                <MethodBadge method={operation.method} /> <code>{operation.path}</code>
              </h2>
              <p className="summary">
                {operation.summary} <code className="operation-id">{operation.id}</code>
              </p>
              <p className="chips">
                <span className="chip">{operation.family}</span>
                <span className="chip">idempotency: {operation.idempotency}</span>
                <span className="chip">{operation.reversibility}</span>
                {operation.paged ? <span className="chip">paged</span> : null}
              </p>
              {operation.errors.length === 0 ? null : (
                <p className="errors-list">
                  fails with <code>CapillaryError</code>
                  {operation.errors.map((tag) => <code key={tag}>{tag}</code>)}
                </p>
              )}
            </header>
            <form
              className="panel operation-form"
              noValidate
              onSubmit={(event) => {
                event.preventDefault()
                void run()
              }}
            >
              {parts.map(([part, title]) => {
                const document = operation.input[part]
                if (document === undefined) return null
                return (
                  <fieldset className="part" key={part}>
                    <legend>{title}</legend>
                    <SchemaForm
                      schema={document.schema}
                      definitions={document.definitions}
                      draft={draft[part]}
                      path={[part]}
                      errors={errors}
                      onChange={(next) => setDraft({ ...draft, [part]: next })}
                    />
                  </fieldset>
                )
              })}
              {Object.keys(operation.input).length === 0 ? <p className="hint">No input.</p> : null}
              <div className="actions">
                <button type="submit" className="primary" disabled={running} data-testid="run-operation">
                  {running ? "Running..." : "Run"}
                </button>
                <button type="button" onClick={() => setDraft(operation.example)}>Reset to example</button>
              </div>
            </form>
            {result === undefined ? null : (
              <>
                <ResultView result={result} />
                <section className="panel" data-testid="exchanges">
                  <h3>Raw exchange{result.exchanges.length === 1 ? "" : "s"} ({result.exchanges.length})</h3>
                  {result.exchanges.length === 0
                    ? <p className="hint">Nothing was sent.</p>
                    : result.exchanges.map((exchange, i) => <ExchangeView key={i} exchange={exchange} index={i} />)}
                </section>
              </>
            )}
          </>
        )}
      </main>
    </div>
  )
}
