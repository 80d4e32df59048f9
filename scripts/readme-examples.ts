/**
 * Keeps the examples in package READMEs identical to files the package type-checks. In `packages/<name>/README.md`
 * (and `apps/<name>/README.md`), a fenced `ts` block right after the line
 *
 *   <!-- example: examples/quickstart.ts -->
 *
 * (blank lines may separate the two; dprint puts one there) must hold exactly the content of
 * `packages/<name>/examples/quickstart.ts`. A publishable (non-private) package
 * must have a README with at least one such block.
 *
 *   node scripts/readme-examples.ts           rewrite the README blocks from the files
 *   node scripts/readme-examples.ts --check   exit 1 naming every README block that drifted
 *   --root <dir>                              run against another workspace (the scripts' own tests)
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fail, listProjects, parseArgs, type Project, relative, writeIfChanged } from "./lib/workspace.ts"

const MARKER = /^<!--\s*example:\s*(\S+)\s*-->[ \t]*$/
const OPEN_FENCE = /^```(ts|typescript)[ \t]*$/
const CLOSE_FENCE = /^```[ \t]*$/

interface Block {
  /** The example path as written in the marker, relative to the package folder. */
  readonly example: string
  /** 1-based line of the marker, for messages. */
  readonly line: number
  /** Index in the README's lines of the first content line and of the closing fence. */
  readonly start: number
  readonly end: number
}

interface Result {
  /** Blocks that cannot be checked: a bad marker, a missing file. */
  readonly problems: Array<string>
  /** Blocks whose content differs from their file. */
  readonly drifted: Array<string>
  readonly blocks: number
  /** The README with every block replaced by its file, when every block could be read. */
  readonly rewritten?: string
}

const examplePath = (project: Project, example: string): string | undefined => {
  const file = path.resolve(project.dir, example)
  const inside = path.relative(path.join(project.dir, "examples"), file)
  if (inside.startsWith("..") || path.isAbsolute(inside) || !file.endsWith(".ts")) return undefined
  return file
}

const checkReadme = (root: string, project: Project, readmePath: string): Result => {
  const readme = relative(root, readmePath)
  const lines = fs.readFileSync(readmePath, "utf8").split("\n")
  const problems: Array<string> = []
  const drifted: Array<string> = []
  const blocks: Array<Block> = []
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]!)
    if (marker === null) continue
    const example = marker[1]!
    let fence = i + 1
    while (fence < lines.length && lines[fence]!.trim() === "") fence++
    if (!OPEN_FENCE.test(lines[fence] ?? "")) {
      problems.push(`${readme}:${i + 1}: the marker for ${example} must be followed directly by a \`\`\`ts fence`)
      continue
    }
    let end = fence + 1
    while (end < lines.length && !CLOSE_FENCE.test(lines[end]!)) end++
    if (end >= lines.length) {
      problems.push(`${readme}:${fence + 1}: the \`\`\`ts block for ${example} is never closed`)
      continue
    }
    blocks.push({ example, line: i + 1, start: fence + 1, end })
    i = end
  }

  const replacements: Array<{ readonly block: Block; readonly content: string }> = []
  let readable = true
  for (const block of blocks) {
    const file = examplePath(project, block.example)
    if (file === undefined) {
      problems.push(`${readme}:${block.line}: ${block.example} must be a .ts file under ${project.rel}/examples/`)
      readable = false
      continue
    }
    const name = relative(root, file)
    if (!fs.existsSync(file)) {
      problems.push(`${readme}:${block.line}: ${name} does not exist`)
      readable = false
      continue
    }
    const content = fs.readFileSync(file, "utf8")
    if (!content.endsWith("\n") || content.includes("\n```")) {
      problems.push(`${name} must end with a newline and contain no line starting with \`\`\` to be shown in a README`)
      readable = false
      continue
    }
    const shown = lines.slice(block.start, block.end).map((line) => `${line}\n`).join("")
    if (shown !== content) {
      drifted.push(`${readme}:${block.line}: the example block differs from ${name}`)
    }
    replacements.push({ block, content })
  }

  const output = [...lines]
  // Replace from the last block to the first so earlier indices stay valid.
  for (const { block, content } of replacements.reverse()) {
    output.splice(block.start, block.end - block.start, ...content.slice(0, -1).split("\n"))
  }

  return readable
    ? { problems, drifted, blocks: blocks.length, rewritten: output.join("\n") }
    : { problems, drifted, blocks: blocks.length }
}

const main = (): void => {
  const { flags, root } = parseArgs(process.argv.slice(2), ["--check"])
  const check = flags.has("--check")
  const problems: Array<string> = []
  for (const project of listProjects(root)) {
    const publishable = project.manifest.private !== true
    const readmePath = path.join(project.dir, "README.md")
    if (!fs.existsSync(readmePath)) {
      if (publishable) problems.push(`${project.rel}/README.md is missing (${project.manifest.name} is published)`)
      continue
    }
    const result = checkReadme(root, project, readmePath)
    if (publishable && result.blocks === 0) {
      problems.push(
        `${project.rel}/README.md has no example block; add "<!-- example: examples/<file>.ts -->" and a \`\`\`ts fence`
      )
    }
    problems.push(...result.problems)
    if (check) {
      problems.push(...result.drifted)
    } else if (result.rewritten !== undefined && writeIfChanged(readmePath, result.rewritten)) {
      console.log(`readme-examples: wrote ${project.rel}/README.md`)
    }
  }
  if (problems.length > 0) {
    fail(
      `readme-examples: ${problems.length} problem(s)${
        check ? "; run `pnpm codegen` to rewrite drifted blocks" : ""
      }:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`
    )
  }
  if (check) console.log("readme-examples: every README example matches its file")
}

main()
