/**
 * Workspace helpers shared by the repository scripts: where the repository is, which projects it holds, and
 * how a script reports a problem. Node built-ins only, so every script runs with plain `node` (Node 24 strips
 * the types).
 */
import * as fs from "node:fs"
import * as path from "node:path"

/** The parts of a package.json the scripts read. */
export interface Manifest {
  readonly name?: string
  readonly version?: string
  readonly private?: boolean
  readonly exports?: unknown
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly devDependencies?: Record<string, string>
  readonly optionalDependencies?: Record<string, string>
}

/** One folder of the workspace with a package.json: `packages/core`, `apps/playground`, ... */
export interface Project {
  /** Absolute path of the project folder. */
  readonly dir: string
  /** Path relative to the repository root, with forward slashes: `packages/core`. */
  readonly rel: string
  /** `packages` or `apps`. */
  readonly group: string
  /** The folder name: `core`. */
  readonly folder: string
  readonly manifest: Manifest
}

/** The repository root: the parent of `scripts/`. */
export const repoRoot: string = path.resolve(import.meta.dirname, "..", "..")

/** Command-line flags: `--check`, `--root <dir>`, and friends. */
export interface Args {
  readonly flags: ReadonlySet<string>
  readonly root: string
}

/** Reads `--flag` switches and an optional `--root <dir>` (used to run a script against a scratch workspace). */
export const parseArgs = (argv: ReadonlyArray<string>, known: ReadonlyArray<string>): Args => {
  const flags = new Set<string>()
  let root = repoRoot
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--root") {
      const value = argv[++i]
      if (value === undefined) fail("--root needs a directory")
      root = path.resolve(value)
    } else if (known.includes(arg)) {
      flags.add(arg)
    } else {
      fail(`unknown argument ${arg} (known: ${[...known, "--root <dir>"].join(", ")})`)
    }
  }
  return { flags, root }
}

/** Prints a message to stderr and exits with status 1. */
export function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

/** Reads and parses a JSON file. */
export const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, "utf8"))

/** The projects of `<root>/<group>/*` for each group, sorted by relative path. */
export const listProjects = (root: string, groups: ReadonlyArray<string> = ["packages", "apps"]): Array<Project> => {
  const projects: Array<Project> = []
  for (const group of groups) {
    const groupDir = path.join(root, group)
    if (!fs.existsSync(groupDir)) continue
    for (const entry of fs.readdirSync(groupDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      const dir = path.join(groupDir, entry.name)
      const manifestPath = path.join(dir, "package.json")
      if (!fs.existsSync(manifestPath)) continue
      projects.push({
        dir,
        rel: `${group}/${entry.name}`,
        group,
        folder: entry.name,
        manifest: readJson(manifestPath) as Manifest
      })
    }
  }
  return projects.sort((a, b) => compare(a.rel, b.rel))
}

/** Plain code-unit order, the same on every machine and locale. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A path relative to `root` with forward slashes, for messages. */
export const relative = (root: string, file: string): string => path.relative(root, file).split(path.sep).join("/")

/** Writes a file only when its content changes; returns whether it did. */
export const writeIfChanged = (file: string, content: string): boolean => {
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === content) return false
  fs.writeFileSync(file, content)
  return true
}
