/**
 * The web app's files: built by Vite into `dist/` when missing or older than their sources, and served from there.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"

/** The app's folder. */
export const appDir = path.resolve(import.meta.dirname, "..")

/** Where Vite writes the built app. */
export const distDir = path.join(appDir, "dist")

const sources = ["src", "index.html", "vite.config.ts"].map((name) => path.join(appDir, name))

const newest = (file: string): number => {
  if (!fs.existsSync(file)) return 0
  const stat = fs.statSync(file)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...fs.readdirSync(file).map((entry) => newest(path.join(file, entry))))
}

/** Whether `dist/` is missing or older than a source file. */
export const needsBuild = (): boolean => {
  const index = path.join(distDir, "index.html")
  if (!fs.existsSync(index)) return true
  const built = fs.statSync(index).mtimeMs
  return sources.some((source) => newest(source) > built)
}

/** Builds the app with Vite (its `vite.config.ts`). */
export const build = Effect.tryPromise({
  try: async () => {
    const vite = await import("vite")
    await vite.build({ root: appDir, configFile: path.join(appDir, "vite.config.ts"), logLevel: "warn" })
  },
  catch: (cause) => new Error(`the web app did not build: ${cause instanceof Error ? cause.message : String(cause)}`)
})

/** Builds the app when needed. */
export const ensureBuilt = Effect.suspend(() => needsBuild() ? build : Effect.void)

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".map": "application/json"
}

/** The file a request path names inside `dir` (the app's `index.html` for any other path), if there is one. */
export const resolve = (
  dir: string,
  pathname: string
): { readonly file: string; readonly contentType: string } | undefined => {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  const candidate = path.resolve(dir, `.${path.posix.normalize(decoded)}`)
  const inside = candidate === dir || candidate.startsWith(`${dir}${path.sep}`)
  const file = inside && fs.existsSync(candidate) && fs.statSync(candidate).isFile()
    ? candidate
    : path.join(dir, "index.html")
  if (!fs.existsSync(file)) return undefined
  return { file, contentType: contentTypes[path.extname(file)] ?? "application/octet-stream" }
}
