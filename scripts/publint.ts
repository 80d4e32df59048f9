/**
 * Lints what npm would actually receive. `publint` run on a folder reads the folder's own package.json and only
 * emulates `publishConfig`; this script packs the package with `pnpm pack` (which applies `publishConfig` and
 * replaces `workspace:` ranges, exactly as `pnpm publish` does) into a temporary folder, then runs
 * `publint --strict` on that tarball. Run it from a package folder after building (turbo's `publint` task depends
 * on `build`).
 *
 *   node ../../scripts/publint.ts         pack the current package and lint the tarball
 *   node scripts/publint.ts --dir <pkg>   the same for another folder
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fail, repoRoot } from "./lib/workspace.ts"

/** A failure inside the temporary folder's lifetime: reported after the folder is removed. */
class PublintFailure extends Error {}

const run = (command: string, args: ReadonlyArray<string>, cwd: string): string => {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  if (result.error !== undefined) throw new PublintFailure(`could not run ${command}: ${result.error.message}`)
  if (result.status !== 0) {
    process.stdout.write(result.stdout)
    throw new PublintFailure(`\`${command} ${args.join(" ")}\` exited with ${result.status} in ${cwd}`)
  }
  return result.stdout
}

/** Packs the package at `dir` into `destination` and runs `publint --strict` on the tarball; returns its status. */
const lintPacked = (dir: string, destination: string): number => {
  const { command, prefix } = pnpm()
  run(command, [...prefix, "pack", "--pack-destination", destination], dir)
  const tarballs = fs.readdirSync(destination).filter((file) => file.endsWith(".tgz"))
  if (tarballs.length !== 1) {
    throw new PublintFailure(`expected one tarball in ${destination}, found ${tarballs.join(", ") || "none"}`)
  }
  const tarball = path.join(destination, tarballs[0]!)

  // The packed manifest must be the published one: no workspace ranges, no TypeScript source as an entry point.
  const packed = JSON.parse(run("tar", ["-xzOf", tarball, "package/package.json"], dir)) as Record<string, unknown>
  if (JSON.stringify(packed).includes("\"workspace:")) {
    throw new PublintFailure(`${tarballs[0]} still has workspace: ranges`)
  }
  if (/"\.\/src\/[^"]*\.ts"/.test(JSON.stringify(packed["exports"] ?? null))) {
    throw new PublintFailure(`${tarballs[0]} exports TypeScript source; publishConfig.exports was not applied`)
  }

  console.log(`publint: linting ${tarballs[0]} (packed with pnpm, publishConfig applied)`)
  const publint = spawnSync(path.join(repoRoot, "node_modules", ".bin", "publint"), ["--strict", tarball], {
    cwd: dir,
    stdio: "inherit"
  })
  if (publint.error !== undefined) throw new PublintFailure(`could not run publint: ${publint.error.message}`)
  return publint.status ?? 1
}

/** The pnpm running this script (`npm_execpath`), else the one the repository pins in node_modules/.bin. */
const pnpm = (): { readonly command: string; readonly prefix: ReadonlyArray<string> } => {
  const execPath = process.env["npm_execpath"]
  if (execPath !== undefined && /pnpm/.test(path.basename(execPath))) {
    return /\.[cm]?js$/.test(execPath)
      ? { command: process.execPath, prefix: [execPath] }
      : { command: execPath, prefix: [] }
  }
  return { command: path.join(repoRoot, "node_modules", ".bin", "pnpm"), prefix: [] }
}

const main = (): void => {
  const argv = process.argv.slice(2)
  let dir = process.cwd()
  if (argv[0] === "--dir" && argv[1] !== undefined) dir = path.resolve(argv[1])
  else if (argv.length > 0) fail(`publint: unknown arguments ${argv.join(" ")} (known: --dir <package folder>)`)

  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    name?: string
    private?: boolean
  }
  if (manifest.private === true) {
    console.log(`publint: ${manifest.name ?? dir} is private, nothing is published`)
    return
  }

  const destination = fs.mkdtempSync(path.join(os.tmpdir(), "capillary-publint-"))
  let status: number
  try {
    status = lintPacked(dir, destination)
  } catch (error) {
    if (!(error instanceof PublintFailure)) throw error
    console.error(`publint: ${error.message}`)
    status = 1
  } finally {
    fs.rmSync(destination, { recursive: true, force: true })
  }
  process.exitCode = status
}

main()
