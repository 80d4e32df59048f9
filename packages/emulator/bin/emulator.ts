/**
 * `pnpm emulator [--port N] [--host H] [--db FILE] [--seed demo|empty] [--fault-seed N] [--token-ttl SECONDS]`:
 * serves the emulator until interrupted, and prints its base URL and the demo credentials.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Layer } from "effect"
import { parseArgs } from "node:util"
import { Emulator, Seed } from "../src/index.ts"

const usage =
  "usage: pnpm emulator [--port N] [--host H] [--db FILE] [--seed demo|empty] [--fault-seed N] [--token-ttl SECONDS]"

const refuse = (message: string): never => {
  process.stderr.write(`${message}\n${usage}\n`)
  process.exit(2)
}

// `pnpm emulator -- --port 1` passes the `--` through; it is not an argument of ours.
const args = process.argv.slice(2)

const parse = () =>
  parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      db: { type: "string" },
      seed: { type: "string", default: "demo" },
      "fault-seed": { type: "string", default: "1" },
      "token-ttl": { type: "string", default: "3600" }
    },
    strict: true
  })

const { values } = (() => {
  try {
    return parse()
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error))
  }
})()

const port = Number(values.port)
const faultSeed = Number(values["fault-seed"])
if (!Number.isInteger(port) || port < 0 || port > 65535) refuse(`--port must be 0..65535, got ${values.port}`)
if (values.seed !== "demo" && values.seed !== "empty") refuse(`--seed must be demo or empty, got ${values.seed}`)
if (!Number.isInteger(faultSeed)) refuse(`--fault-seed must be an integer, got ${values["fault-seed"]}`)
const seed = values.seed === "empty" ? "empty" : "demo"
const tokenTtlSeconds = Number(values["token-ttl"])
if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
  refuse(`--token-ttl must be a positive integer, got ${values["token-ttl"]}`)
}

const banner = Effect.gen(function*() {
  const { url } = yield* Emulator.Emulator
  const lines = [
    `Capillary emulator listening on ${url}`,
    `  state: ${values.db ?? "in memory"} (seed: ${values.seed})`,
    `  admin: ${url}/__emulator/health, /clock, /faults, /log, /reset, /snapshot, /restore, /openapi.json`
  ]
  if (values.seed === "demo") {
    lines.push(
      `  org ${Seed.demo.org.name}: till ${Seed.demo.till.username} / ${Seed.demo.till.password},` +
        ` OAuth client ${Seed.demo.client.key} / ${Seed.demo.client.secret}`,
      `  org ${Seed.demo.otherOrg.name}: till ${Seed.demo.otherTill.username} / ${Seed.demo.otherTill.password}`
    )
  }
  // Written to stdout on purpose: this is the program's output, not a log line.
  process.stdout.write(`${lines.join("\n")}\n`)
})

Layer.launch(
  Layer.effectDiscard(banner).pipe(
    Layer.provideMerge(
      Emulator.layer({
        port,
        host: values.host,
        filename: values.db,
        seed,
        tokenTtlSeconds,
        faultSeed
      })
    )
  )
).pipe(NodeRuntime.runMain)
