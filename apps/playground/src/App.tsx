/**
 * The playground's page: two tabs, the catalog of operations and the workflows, chosen by the URL's hash
 * (`#catalog/<operation id>`, `#workflows`), and the in-process emulator's address with a reset button.
 */
import { useEffect, useState } from "react"
import { emulatorInfo, resetEmulator } from "./api.ts"
import { Catalog } from "./Catalog.tsx"
import { Workflows } from "./Workflows.tsx"

interface Route {
  readonly tab: "catalog" | "workflows"
  readonly operation: string | undefined
}

const readRoute = (): Route => {
  const [tab, operation] = window.location.hash.replace(/^#/, "").split("/")
  return { tab: tab === "workflows" ? "workflows" : "catalog", operation: operation || undefined }
}

export const App = () => {
  const [route, setRoute] = useState<Route>(readRoute)
  const [emulator, setEmulator] = useState<string | undefined>(undefined)
  const [notice, setNotice] = useState<string | undefined>(undefined)

  useEffect(() => {
    const onHash = () => setRoute(readRoute())
    window.addEventListener("hashchange", onHash)
    emulatorInfo().then((info) => setEmulator(info.url), () => setEmulator(undefined))
    return () => window.removeEventListener("hashchange", onHash)
  }, [])

  const go = (next: Route) => {
    window.location.hash = next.operation === undefined ? next.tab : `${next.tab}/${next.operation}`
  }

  const reset = async () => {
    const [status] = await resetEmulator()
    setNotice(status === 200 ? "Emulator reset to the demo seed" : `Reset failed (HTTP ${status})`)
    setTimeout(() => setNotice(undefined), 3000)
  }

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          capillary-effect <span>playground</span>
        </h1>
        <nav className="tabs">
          <button
            type="button"
            className={route.tab === "catalog" ? "tab active" : "tab"}
            onClick={() => go({ tab: "catalog", operation: route.operation })}
            data-testid="tab-catalog"
          >
            Catalog
          </button>
          <button
            type="button"
            className={route.tab === "workflows" ? "tab active" : "tab"}
            onClick={() => go({ tab: "workflows", operation: undefined })}
            data-testid="tab-workflows"
          >
            Workflows
          </button>
        </nav>
        <div className="emulator">
          {notice === undefined ? null : <span className="notice" data-testid="notice">{notice}</span>}
          <span title="the emulator runs in this process, with the demo seed">
            emulator <code>{emulator ?? "..."}</code>
          </span>
          <button type="button" onClick={() => void reset()} data-testid="reset-emulator">Reset emulator</button>
        </div>
      </header>
      {/* Both stay mounted, so a tab keeps its forms, results and live runs while the other is shown. */}
      <div className="tab-panel" hidden={route.tab !== "catalog"}>
        <Catalog selected={route.operation} onSelect={(id) => go({ tab: "catalog", operation: id })} />
      </div>
      <div className="tab-panel" hidden={route.tab !== "workflows"}>
        <Workflows />
      </div>
    </div>
  )
}
