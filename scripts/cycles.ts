/**
 * Import-graph checks over `packages/* /{src,test,examples}` and `apps/* /{src,test,examples}`:
 *
 * 1. no import cycle among runtime imports (relative `.ts` imports, and `@capillary-effect/<name>` or
 *    `@capillary-effect/<name>/<Module>` resolved through the target package's `exports` to its source);
 *    `import type` / `export type` are erased by type stripping and cannot form a runtime cycle, so they are skipped;
 * 2. a package imports another workspace package only if its package.json declares it (dependencies,
 *    peerDependencies, devDependencies or optionalDependencies), and never through an export mapped to `null`;
 * 3. dependencies point one way (declared ones and imported ones): core imports no workspace package; customers,
 *    usergroups, rewards and transactions only core; the infrastructure package sqlite imports no workspace
 *    package; workflows and emulator core, the domain packages and sqlite; apps anything. Tests may reach one layer
 *    further where DESIGN says tests needing real HTTP state live: the workflows' test files (under `test/`) may
 *    import the emulator, which the workflows package may then declare as a devDependency (and only as one).
 *
 *   node scripts/cycles.ts               check the repository, exit 1 on any problem
 *   node scripts/cycles.ts --self-test   build a small broken workspace in the temp folder and assert every kind of
 *                                        problem above is found (and a clean one passes)
 *   --root <dir>                         check another workspace
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { compare, fail, listProjects, parseArgs, type Project, relative } from "./lib/workspace.ts"

const SCOPE = "@capillary-effect/"
const SCANNED_FOLDERS = ["src", "test", "examples"]
const SOURCE_FILE = /\.(ts|tsx|mts|cts)$/

type Layer = "core" | "domain" | "infrastructure" | "testing" | "workflows" | "emulator" | "app"

/** Which layer each workspace folder is in. A package missing here is reported, so layering stays deliberate. */
const layerOf = (project: Project): Layer | undefined => {
  if (project.group === "apps") return "app"
  switch (project.folder) {
    case "core":
      return "core"
    case "customers":
    case "usergroups":
    case "rewards":
    case "transactions":
      return "domain"
    case "sqlite":
      return "infrastructure"
    case "testing":
      return "testing"
    case "workflows":
      return "workflows"
    case "emulator":
      return "emulator"
    default:
      return undefined
  }
}

/**
 * The layers a layer may depend on. Infrastructure packages (sqlite) know nothing of Capillary: they import no
 * workspace package, and only the emulator, workflows and apps use them.
 */
const MAY_IMPORT: Record<Layer, ReadonlyArray<Layer>> = {
  core: [],
  domain: ["core"],
  infrastructure: [],
  testing: ["core"],
  workflows: ["core", "domain", "infrastructure"],
  emulator: ["core", "domain", "infrastructure"],
  app: ["core", "domain", "infrastructure", "workflows", "emulator", "app"]
}

/**
 * Layers a layer's tests may use on top of `MAY_IMPORT`: imported only from files under the package's `test/`
 * folder, and declared only in `devDependencies`. The workflows run against the in-process emulator in their tests;
 * their sources never import it. The domain packages' tests share the private `testing` package (a scripted
 * Capillary stand-in), which no source file imports.
 */
const TESTS_MAY_IMPORT: Partial<Record<Layer, ReadonlyArray<Layer>>> = {
  domain: ["testing"],
  workflows: ["emulator"]
}

// ---------------------------------------------------------------------------------------------------------------
// Reading imports
// ---------------------------------------------------------------------------------------------------------------

/** One import or re-export of a file. */
interface ImportRef {
  readonly specifier: string
  /** 1-based line, for messages. */
  readonly line: number
  /** `import type` / `export type` / `typeof import(...)`: erased at runtime. */
  readonly typeOnly: boolean
  /** `import("...")`: evaluated lazily, so it cannot take part in an evaluation-order cycle. */
  readonly dynamic: boolean
}

const REGEX_PRECEDER = /[(,=:[!&|?{};+\-*%<>~^]/

/**
 * Blanks comments, template-literal text and regular-expression literals (keeping line breaks), so that the
 * import patterns below only see code and ordinary string literals.
 */
const blankNonCode = (code: string): string => {
  const out: Array<string> = []
  const blank = (text: string) => out.push(text.replace(/[^\n]/g, " "))
  let i = 0
  let lastSignificant = ""
  while (i < code.length) {
    const c = code[i]!
    const next = code[i + 1]
    if (c === "/" && next === "/") {
      const end = code.indexOf("\n", i)
      const stop = end === -1 ? code.length : end
      blank(code.slice(i, stop))
      i = stop
    } else if (c === "/" && next === "*") {
      const end = code.indexOf("*/", i + 2)
      const stop = end === -1 ? code.length : end + 2
      blank(code.slice(i, stop))
      i = stop
    } else if (c === "\"" || c === "'") {
      let j = i + 1
      while (j < code.length && code[j] !== c && code[j] !== "\n") j += code[j] === "\\" ? 2 : 1
      out.push(code.slice(i, j + 1))
      i = j + 1
      lastSignificant = c
    } else if (c === "`") {
      let j = i + 1
      while (j < code.length && code[j] !== "`") j += code[j] === "\\" ? 2 : 1
      out.push("`")
      blank(code.slice(i + 1, j))
      out.push("`")
      i = j + 1
      lastSignificant = c
    } else if (c === "/" && (lastSignificant === "" || REGEX_PRECEDER.test(lastSignificant))) {
      let j = i + 1
      let inClass = false
      while (j < code.length && code[j] !== "\n") {
        const d = code[j]!
        if (d === "\\") j++
        else if (d === "[") inClass = true
        else if (d === "]") inClass = false
        else if (d === "/" && !inClass) break
        j++
      }
      blank(code.slice(i, j + 1))
      i = j + 1
      lastSignificant = "/"
    } else {
      out.push(c)
      if (!/\s/.test(c)) lastSignificant = c
      i++
    }
  }
  return out.join("")
}

const STATIC_IMPORT = /^[ \t]*(import|export)\s+(type\s+)?(?:[\w$*{}\s,]+?\s+from\s*)?(["'])([^"'\n]+)\3/gm
const DYNAMIC_IMPORT = /(\btypeof\s+)?\bimport\s*\(\s*(["'])([^"'\n]+)\2\s*[,)]/g

const lineAt = (text: string, index: number): number => {
  let line = 1
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** The imports and re-exports of a TypeScript source. */
export const readImports = (source: string): Array<ImportRef> => {
  const code = blankNonCode(source)
  const refs: Array<ImportRef> = []
  for (const match of code.matchAll(STATIC_IMPORT)) {
    const typeOnly = match[2] !== undefined
    refs.push({ specifier: match[4]!, line: lineAt(code, match.index), typeOnly, dynamic: false })
  }
  for (const match of code.matchAll(DYNAMIC_IMPORT)) {
    refs.push({
      specifier: match[3]!,
      line: lineAt(code, match.index),
      typeOnly: match[1] !== undefined,
      dynamic: true
    })
  }
  return refs
}

// ---------------------------------------------------------------------------------------------------------------
// Resolving
// ---------------------------------------------------------------------------------------------------------------

type Resolution =
  | { readonly _tag: "File"; readonly file: string }
  | { readonly _tag: "Blocked" }
  | { readonly _tag: "NotExported" }

/** Picks the target of a conditional export the way Node does for an ESM import. */
const exportTarget = (value: unknown): string | null | undefined => {
  if (value === null || typeof value === "string") return value
  if (Array.isArray(value)) return exportTarget(value[0])
  if (typeof value === "object") {
    const conditions = value as Record<string, unknown>
    for (const condition of ["import", "node", "default", "types"]) {
      if (condition in conditions) return exportTarget(conditions[condition])
    }
  }
  return undefined
}

/** Resolves `.` or `./Foo` through a package's (workspace, unpublished) `exports`, as Node would. */
const resolveExports = (project: Project, subpath: string): Resolution => {
  const exportsField = project.manifest.exports
  let target: string | null | undefined
  if (exportsField === undefined) {
    target = subpath === "." ? "./src/index.ts" : `./src/${subpath.slice(2)}.ts`
  } else if (
    typeof exportsField === "string" || Array.isArray(exportsField)
    || !Object.keys(exportsField as object).some((key) => key.startsWith("."))
  ) {
    target = subpath === "." ? exportTarget(exportsField) : undefined
  } else {
    const map = exportsField as Record<string, unknown>
    if (subpath in map) {
      target = exportTarget(map[subpath])
    } else {
      let bestKey: string | undefined
      for (const key of Object.keys(map)) {
        const star = key.indexOf("*")
        if (star === -1) continue
        const prefix = key.slice(0, star)
        const suffix = key.slice(star + 1)
        if (
          subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length
          && (bestKey === undefined || prefix.length > bestKey.indexOf("*"))
        ) {
          bestKey = key
        }
      }
      if (bestKey !== undefined) {
        const star = bestKey.indexOf("*")
        const matched = subpath.slice(star, subpath.length - (bestKey.length - star - 1))
        const pattern = exportTarget(map[bestKey])
        target = typeof pattern === "string" ? pattern.split("*").join(matched) : pattern
      }
    }
  }
  if (target === null) return { _tag: "Blocked" }
  if (target === undefined) return { _tag: "NotExported" }
  return { _tag: "File", file: path.resolve(project.dir, target) }
}

const resolveRelative = (from: string, specifier: string): string | undefined => {
  const base = path.resolve(path.dirname(from), specifier)
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, path.join(base, "index.ts")]
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile())
}

// ---------------------------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------------------------

/** What the check found, by kind. */
export interface Report {
  readonly cycles: Array<string>
  readonly layering: Array<string>
  readonly dependencies: Array<string>
  readonly resolution: Array<string>
  files: number
}

const listSources = (dir: string): Array<string> => {
  if (!fs.existsSync(dir)) return []
  const files: Array<string> = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...listSources(full))
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(full)
  }
  return files
}

/** The workspace packages a project declares only as devDependencies. */
const devOnlyWorkspaceDeps = (project: Project): Set<string> => {
  const { dependencies, optionalDependencies, peerDependencies } = project.manifest
  const runtime = new Set(
    [dependencies, peerDependencies, optionalDependencies].flatMap((deps) => Object.keys(deps ?? {}))
  )
  return new Set(
    Object.keys(project.manifest.devDependencies ?? {}).filter((name) => name.startsWith(SCOPE) && !runtime.has(name))
  )
}

const declaredWorkspaceDeps = (project: Project): Set<string> => {
  const { dependencies, devDependencies, optionalDependencies, peerDependencies } = project.manifest
  const names = new Set<string>()
  for (const deps of [dependencies, peerDependencies, devDependencies, optionalDependencies]) {
    for (const name of Object.keys(deps ?? {})) if (name.startsWith(SCOPE)) names.add(name)
  }
  return names
}

/** Elementary cycles met by a depth-first search of each strongly connected component, as file chains. */
const findCycles = (graph: Map<string, Array<string>>): Array<Array<string>> => {
  // Tarjan's strongly connected components.
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: Array<string> = []
  const components: Array<Array<string>> = []
  let counter = 0
  const connect = (node: string): void => {
    index.set(node, counter)
    low.set(node, counter)
    counter++
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!))
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: Array<string> = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      components.push(component)
    }
  }
  for (const node of [...graph.keys()].sort(compare)) if (!index.has(node)) connect(node)

  const cycles: Array<Array<string>> = []
  const seen = new Set<string>()
  for (const component of components) {
    const members = new Set(component)
    const selfLoop = component.length === 1 && (graph.get(component[0]!) ?? []).includes(component[0]!)
    if (component.length === 1 && !selfLoop) continue
    const visited = new Set<string>()
    const trail: Array<string> = []
    const walk = (node: string): void => {
      visited.add(node)
      trail.push(node)
      for (const next of graph.get(node) ?? []) {
        if (!members.has(next)) continue
        const at = trail.indexOf(next)
        if (at !== -1) {
          const cycle = trail.slice(at)
          // The same cycle found from another starting point is reported once.
          const first = cycle.indexOf([...cycle].sort(compare)[0]!)
          const key = [...cycle.slice(first), ...cycle.slice(0, first)].join("\n")
          if (!seen.has(key)) {
            seen.add(key)
            cycles.push([...cycle, next])
          }
        } else if (!visited.has(next)) {
          walk(next)
        }
      }
      trail.pop()
    }
    walk([...component].sort(compare)[0]!)
  }
  return cycles
}

/** Checks the workspace at `root`. */
export const checkWorkspace = (root: string): Report => {
  const report: Report = { cycles: [], layering: [], dependencies: [], resolution: [], files: 0 }
  const projects = listProjects(root)
  const byName = new Map<string, Project>()
  for (const project of projects) {
    if (project.manifest.name !== undefined) byName.set(project.manifest.name, project)
  }
  const layers = new Map<Project, Layer>()
  for (const project of projects) {
    const layer = layerOf(project)
    if (layer === undefined) {
      report.layering.push(`${project.rel} has no layer; add it to layerOf in scripts/cycles.ts`)
    } else {
      layers.set(project, layer)
    }
  }
  const mayDepend = (from: Project, to: Project, forTests = false): boolean => {
    const fromLayer = layers.get(from)
    const toLayer = layers.get(to)
    return fromLayer === undefined || toLayer === undefined || MAY_IMPORT[fromLayer].includes(toLayer) ||
      (forTests && (TESTS_MAY_IMPORT[fromLayer] ?? []).includes(toLayer))
  }
  const describe = (project: Project) => `${project.manifest.name} (${layers.get(project) ?? "no layer"})`
  const allowedList = (project: Project) => {
    const layer = layers.get(project)
    return layer === undefined || MAY_IMPORT[layer].length === 0 ? "no workspace package" : MAY_IMPORT[layer].join(", ")
  }

  // Declared dependencies must respect the layering too: a devDependency on a higher layer is still a cycle in the
  // package graph.
  for (const project of projects) {
    const devOnly = devOnlyWorkspaceDeps(project)
    for (const name of declaredWorkspaceDeps(project)) {
      const target = byName.get(name)
      if (target === undefined) {
        report.dependencies.push(`${project.rel}/package.json depends on ${name}, which is not in the workspace`)
      } else if (target !== project && !mayDepend(project, target, devOnly.has(name))) {
        report.layering.push(
          `${project.rel}/package.json: ${describe(project)} may depend on ${allowedList(project)}, not on ${
            describe(target)
          }`
        )
      }
    }
  }

  const graph = new Map<string, Array<string>>()
  for (const project of projects) {
    const declared = declaredWorkspaceDeps(project)
    const testDir = path.join(project.dir, "test") + path.sep
    for (const file of SCANNED_FOLDERS.flatMap((folder) => listSources(path.join(project.dir, folder)))) {
      report.files++
      const isTest = file.startsWith(testDir)
      const edges = new Set<string>()
      const where = (line: number) => `${relative(root, file)}:${line}`
      for (const ref of readImports(fs.readFileSync(file, "utf8"))) {
        let resolved: string | undefined
        if (ref.specifier.startsWith("./") || ref.specifier.startsWith("../")) {
          resolved = resolveRelative(file, ref.specifier)
          if (resolved === undefined) {
            report.resolution.push(`${where(ref.line)}: cannot resolve ${ref.specifier}`)
            continue
          }
        } else if (ref.specifier.startsWith(SCOPE)) {
          const rest = ref.specifier.slice(SCOPE.length)
          const slash = rest.indexOf("/")
          const name = SCOPE + (slash === -1 ? rest : rest.slice(0, slash))
          const subpath = slash === -1 ? "." : `./${rest.slice(slash + 1)}`
          const target = byName.get(name)
          if (target === undefined) {
            report.dependencies.push(`${where(ref.line)}: ${name} is not a workspace package`)
            continue
          }
          if (target !== project) {
            if (!declared.has(name)) {
              report.dependencies.push(
                `${where(ref.line)}: imports ${ref.specifier} but ${project.rel}/package.json does not declare ${name}`
              )
            }
            if (!mayDepend(project, target, isTest)) {
              report.layering.push(
                `${where(ref.line)}: ${describe(project)} may import ${allowedList(project)}, not ${ref.specifier} (${
                  layers.get(target)
                })`
              )
            }
          }
          const resolution = resolveExports(target, subpath)
          if (resolution._tag === "Blocked") {
            report.dependencies.push(`${where(ref.line)}: ${ref.specifier} is private (exported as null)`)
            continue
          }
          if (resolution._tag === "NotExported" || !fs.existsSync(resolution.file)) {
            report.resolution.push(`${where(ref.line)}: cannot resolve ${ref.specifier}`)
            continue
          }
          resolved = resolution.file
        } else {
          continue
        }
        if (!ref.typeOnly && !ref.dynamic) edges.add(resolved)
      }
      graph.set(file, [...edges].sort(compare))
    }
  }

  for (const cycle of findCycles(graph)) {
    report.cycles.push(cycle.map((file) => relative(root, file)).join("\n      -> "))
  }
  return report
}

const problemCount = (report: Report): number =>
  report.cycles.length + report.layering.length + report.dependencies.length + report.resolution.length

const printReport = (report: Report): void => {
  const sections: Array<[string, Array<string>]> = [
    ["import cycles", report.cycles],
    ["layering", report.layering],
    ["workspace dependencies", report.dependencies],
    ["unresolved imports", report.resolution]
  ]
  for (const [title, problems] of sections) {
    if (problems.length === 0) continue
    console.error(`cycles: ${problems.length} ${title} problem(s):`)
    for (const problem of problems) console.error(`  - ${problem}`)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Self-test
// ---------------------------------------------------------------------------------------------------------------

const writeFiles = (root: string, files: Record<string, string>): void => {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, content)
  }
}

const manifest = (name: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    name: `${SCOPE}${name}`,
    exports: { ".": "./src/index.ts", "./*": "./src/*.ts", "./internal/*": null },
    ...extra
  })

const selfTest = (): void => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "capillary-cycles-"))
  const failures: Array<string> = []
  const expect = (condition: boolean, what: string) => {
    if (!condition) failures.push(what)
  }
  try {
    writeFiles(root, {
      "packages/core/package.json": manifest("core"),
      "packages/core/src/index.ts": "export * as A from \"./A.ts\"\n",
      // A -> B -> C -> A, through a re-export and a workspace self-import.
      "packages/core/src/A.ts":
        "/**\nimport x from \"./Nope.ts\"\n */\nimport { b } from \"./B.ts\"\nexport const a = b\n",
      "packages/core/src/B.ts": "export {\n  c as b,\n  type C\n} from \"./C.ts\"\n",
      "packages/core/src/C.ts":
        "import * as A from \"@capillary-effect/core/A\"\nexport const c = () => A\nexport type C = 1\n",
      // Type-only and lazy imports cannot cycle at runtime.
      "packages/core/src/D.ts": "import type { E } from \"./E.ts\"\nexport type D = E\n",
      "packages/core/src/E.ts":
        "import type { D } from \"./D.ts\"\nexport type E = D | 1\nexport const lazy = () => import(\"./F.ts\")\n",
      "packages/core/src/F.ts": "import { lazy } from \"./E.ts\"\nexport const f = lazy\nconst re = /[\"'`]/\n",
      "packages/core/src/internal/secret.ts": "export const s = 1\n",
      // core must not import a domain package (layering) it also does not declare.
      "packages/core/test/A.test.ts":
        "import { Customers } from \"@capillary-effect/customers\"\nexport { Customers }\n",
      "packages/customers/package.json": manifest("customers", {
        dependencies: { [`${SCOPE}core`]: "workspace:*" }
      }),
      "packages/customers/src/index.ts": "export * as Customers from \"./Customers.ts\"\n",
      "packages/customers/src/Customers.ts": [
        "import { A } from \"@capillary-effect/core\"",
        "import { s } from \"@capillary-effect/core/internal/secret\"",
        "import { r } from \"@capillary-effect/rewards\"",
        "export const Customers = [A, s, r]",
        ""
      ].join("\n"),
      "packages/rewards/package.json": manifest("rewards", {
        devDependencies: { [`${SCOPE}workflows`]: "workspace:*", [`${SCOPE}sqlite`]: "workspace:*" }
      }),
      "packages/rewards/src/index.ts": "export const r = 1\n",
      // Infrastructure: sqlite may import no workspace package; workflows may import it.
      "packages/sqlite/package.json": manifest("sqlite"),
      "packages/sqlite/src/index.ts": "import { A } from \"@capillary-effect/core\"\nexport const db = A\n",
      "packages/workflows/package.json": manifest("workflows", {
        dependencies: { [`${SCOPE}sqlite`]: "workspace:*" },
        // The emulator is for the workflows' tests only: a peer (runtime) dependency on it breaks the layering.
        peerDependencies: { [`${SCOPE}emulator`]: "workspace:*" },
        devDependencies: { [`${SCOPE}emulator`]: "workspace:*" }
      }),
      "packages/workflows/src/index.ts": "import { db } from \"@capillary-effect/sqlite\"\nexport { db }\n",
      // Workflows' tests may import the emulator; their sources may not.
      "packages/workflows/test/Flow.test.ts":
        "import { emulator } from \"@capillary-effect/emulator\"\nexport { emulator }\n",
      "packages/workflows/src/Leak.ts":
        "import { emulator } from \"@capillary-effect/emulator\"\nexport { emulator }\n",
      "packages/emulator/package.json": manifest("emulator"),
      "packages/emulator/src/index.ts": "export const emulator = 1\n",
      // A domain package's tests get no such allowance.
      "packages/transactions/package.json": manifest("transactions", {
        dependencies: { [`${SCOPE}core`]: "workspace:*" },
        devDependencies: { [`${SCOPE}emulator`]: "workspace:*" }
      }),
      "packages/transactions/test/Tx.test.ts":
        "import { emulator } from \"@capillary-effect/emulator\"\nexport { emulator }\n",
      "packages/mystery/package.json": manifest("mystery"),
      "apps/playground/package.json": JSON.stringify({ name: "playground", private: true }),
      "apps/playground/src/main.ts": "import \"@capillary-effect/workflows\"\n"
    })
    const report = checkWorkspace(root)
    const all = [...report.cycles, ...report.layering, ...report.dependencies, ...report.resolution].join("\n")
    expect(report.cycles.length === 1, `exactly one cycle, found ${report.cycles.length}`)
    const chain = [
      "packages/core/src/A.ts",
      "packages/core/src/B.ts",
      "packages/core/src/C.ts",
      "packages/core/src/A.ts"
    ]
    expect(report.cycles[0] === chain.join("\n      -> "), "the cycle is reported as A -> B -> C -> A")
    expect(!/D\.ts|E\.ts|F\.ts/.test(report.cycles.join("\n")), "type-only and dynamic imports form no cycle")
    expect(!all.includes("Nope.ts"), "imports inside comments are ignored")
    expect(
      report.layering.some((p) => p.startsWith("packages/core/test/A.test.ts:1:") && p.includes("customers")),
      "core importing customers breaks the layering"
    )
    expect(
      report.dependencies.some((p) =>
        p.startsWith("packages/core/test/A.test.ts:1:") && p.includes("does not declare")
      ),
      "core does not declare customers"
    )
    expect(
      report.dependencies.some((p) => p.includes("Customers.ts:3:") && p.includes("does not declare @capillary")),
      "customers does not declare rewards"
    )
    expect(
      report.layering.some((p) => p.includes("Customers.ts:3:") && p.includes("rewards (domain)")),
      "customers may not import rewards"
    )
    expect(
      report.dependencies.some((p) => p.includes("Customers.ts:2:") && p.includes("private")),
      "internal is private"
    )
    expect(
      report.layering.some((p) => p.startsWith("packages/rewards/package.json") && p.includes("workflows")),
      "rewards may not declare workflows"
    )
    expect(
      report.layering.some((p) => p.startsWith("packages/rewards/package.json") && p.includes("sqlite")),
      "a domain package may not declare sqlite"
    )
    expect(
      report.layering.some((p) => p.startsWith("packages/sqlite/src/index.ts:1:") && p.includes("(core)")),
      "sqlite (infrastructure) may not import core"
    )
    expect(
      !all.split("\n").some((p) =>
        p.includes("packages/workflows/") && !p.includes("Leak.ts") && !p.startsWith("packages/workflows/package.json")
      ),
      "workflows may depend on and import sqlite, and its tests may import the emulator"
    )
    expect(
      report.layering.some((p) => p.startsWith("packages/workflows/src/Leak.ts:1:") && p.includes("(emulator)")),
      "workflows sources may not import the emulator"
    )
    expect(
      report.layering.some((p) => p.startsWith("packages/workflows/package.json") && p.includes("emulator")),
      "workflows may declare the emulator only as a devDependency"
    )
    expect(
      report.layering.some((p) => p.startsWith("packages/transactions/test/Tx.test.ts:1:") && p.includes("(emulator)")),
      "a domain package's tests may not import the emulator"
    )
    expect(
      report.layering.some((p) => p.startsWith("packages/transactions/package.json") && p.includes("emulator")),
      "a domain package may not declare the emulator, even as a devDependency"
    )
    expect(report.layering.some((p) => p.startsWith("packages/mystery has no layer")), "unknown packages are reported")
    expect(
      report.dependencies.some((p) => p.startsWith("apps/playground/src/main.ts:1:")),
      "apps may import anything, but must declare it"
    )
    expect(!report.layering.some((p) => p.startsWith("apps/")), "apps may import anything")
    expect(report.resolution.length === 0, `no unresolved imports, found: ${report.resolution.join("; ")}`)

    // The same workspace with the problems removed passes.
    for (
      const file of [
        "packages/core/src/C.ts",
        "packages/core/test/A.test.ts",
        "packages/mystery/package.json",
        "packages/workflows/src/Leak.ts",
        "packages/transactions/test/Tx.test.ts"
      ]
    ) {
      fs.rmSync(path.join(root, file))
    }
    writeFiles(root, {
      "packages/core/src/C.ts": "export const c = 1\n",
      "packages/customers/src/Customers.ts":
        "import { A } from \"@capillary-effect/core\"\nexport const Customers = A\n",
      "packages/rewards/package.json": manifest("rewards"),
      "packages/sqlite/src/index.ts": "export const db = 1\n",
      "packages/workflows/package.json": manifest("workflows", {
        dependencies: { [`${SCOPE}sqlite`]: "workspace:*" },
        devDependencies: { [`${SCOPE}emulator`]: "workspace:*" }
      }),
      "packages/transactions/package.json": manifest("transactions", {
        dependencies: { [`${SCOPE}core`]: "workspace:*" }
      }),
      "apps/playground/package.json": JSON.stringify({
        name: "playground",
        private: true,
        dependencies: { [`${SCOPE}workflows`]: "workspace:*" }
      })
    })
    const clean = checkWorkspace(root)
    expect(problemCount(clean) === 0, "the repaired workspace passes")
    if (failures.length > 0) {
      printReport(report)
      printReport(clean)
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
  if (failures.length > 0) fail(`cycles --self-test failed:\n${failures.map((f) => `  - ${f}`).join("\n")}`)
  console.log(
    "cycles --self-test: cycles, layering (with the workflows tests' emulator allowance), undeclared and private " +
      "imports are all detected"
  )
}

const main = (): void => {
  const { flags, root } = parseArgs(process.argv.slice(2), ["--self-test"])
  if (flags.has("--self-test")) return selfTest()
  const report = checkWorkspace(root)
  if (problemCount(report) > 0) {
    printReport(report)
    process.exit(1)
  }
  console.log(`cycles: no import cycle or layering problem in ${report.files} files`)
}

main()
