/**
 * The benchmark of `@capillary-effect/core`: `pnpm bench [--n 3000]` (node with `--expose-gc`).
 *
 * 1. HTTP against a loopback server in a child process: raw undici, raw fetch, Effect's HttpClient alone, and
 *    `CapillaryClient.execute` with Basic and OAuth; each sequential and at concurrency 50, warmed up first,
 *    median of 3 interleaved rounds; req/s, p50/p99 latency, and the SDK's per-request overhead vs raw undici.
 * 2. The client's own cost per call over an in-memory `HttpClient` (no network): Effect's client vs the SDK.
 * 3. Heap growth over 10,000 sequential `execute` calls, after forced GC.
 * 4. The pure costs: envelope read + schema decode of a v2 body, and redaction of a 500-char error message.
 *
 * Prints markdown tables on stdout (progress goes to stderr) and writes `bench/results.json`.
 */
import { type ChildProcess, fork } from "node:child_process"
import { writeFileSync } from "node:fs"
import * as Os from "node:os"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { capillaryClient, effectHttpClient, rawFetch, rawUndici, type Sample, type Variant } from "./http.ts"
import { type InMemoryResult, measureInMemory } from "./inmemory.ts"
import { measureMemory, type MemoryResult } from "./memory.ts"
import { measurePure, type PureResult, pureSink } from "./pure.ts"
import type { ServerStats, ToParent } from "./server.ts"
import { collectGarbage, fmt, median, quantile, signed, table } from "./stats.ts"

const usage = "usage: node --expose-gc bench/index.ts [--n <requests per run, default 3000>]"
const rounds = 3
const concurrencies = [1, 50] as const
const memoryCalls = 10_000
/** A bound on the whole run, whatever hangs. */
const hardLimitMs = 5 * 60_000

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

const parseN = (): number => {
  const { values } = parseArgs({
    // `pnpm bench -- --n 100` passes the separator through.
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
    options: { n: { type: "string" }, help: { type: "boolean", short: "h" } }
  })
  if (values.help === true) {
    console.log(usage)
    process.exit(0)
  }
  const n = values.n === undefined ? 3000 : Number(values.n)
  if (!Number.isInteger(n) || n < 50 || n > 100_000) throw new Error(`--n must be an integer in 50..100000\n${usage}`)
  return n
}

// ---------------------------------------------------------------------------------------------------------------
// The server child process
// ---------------------------------------------------------------------------------------------------------------

interface Server {
  readonly baseUrl: string
  readonly stats: () => Promise<ServerStats>
  readonly stop: () => Promise<void>
}

const nextMessage = <T extends ToParent["_tag"]>(child: ChildProcess, tag: T, timeoutMs: number) =>
  new Promise<Extract<ToParent, { _tag: T }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("message", onMessage)
      reject(new Error(`the bench server did not send ${tag} within ${timeoutMs} ms`))
    }, timeoutMs)
    const onMessage = (message: ToParent) => {
      if (message._tag !== tag) return
      clearTimeout(timer)
      child.off("message", onMessage)
      resolve(message as Extract<ToParent, { _tag: T }>)
    }
    child.on("message", onMessage)
  })

const startServer = async (): Promise<Server> => {
  // No inherited flags: the server needs neither --expose-gc nor a CPU profile of its own.
  const child = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), [], { execArgv: [], stdio: "inherit" })
  const listening = await nextMessage(child, "Listening", 10_000)
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  return {
    baseUrl: `http://127.0.0.1:${listening.port}`,
    stats: async () => {
      const reply = nextMessage(child, "Stats", 5_000)
      child.send({ _tag: "Stats" })
      return (await reply).stats
    },
    stop: async () => {
      if (child.connected) child.disconnect()
      const timer = setTimeout(() => child.kill(), 5_000)
      await exited
      clearTimeout(timer)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP throughput and latency
// ---------------------------------------------------------------------------------------------------------------

interface Run {
  readonly reqPerSec: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** CPU time of this (client) process per request, user + system; the server is another process. */
  readonly cpuMicrosPerRequest: number
  /** TCP connections the server accepted during the run: keep-alive means almost none. */
  readonly newConnections: number
}

interface HttpResult {
  readonly variant: string
  readonly label: string
  readonly concurrency: number
  /** Medians over the rounds. */
  readonly reqPerSec: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly meanMicrosPerRequest: number
  readonly cpuMicrosPerRequest: number
  readonly newConnections: number
  readonly rounds: ReadonlyArray<Run>
}

const measureRun = async (server: Server, variant: Variant, n: number, concurrency: number): Promise<Run> => {
  const connections = (await server.stats()).connections
  await collectGarbage()
  const cpu = process.cpuUsage()
  const sample: Sample = await variant.run(n, concurrency)
  const used = process.cpuUsage(cpu)
  const sorted = Float64Array.from(sample.latencies).sort()
  return {
    reqPerSec: (n * 1000) / sample.elapsedMs,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    cpuMicrosPerRequest: (used.user + used.system) / n,
    newConnections: (await server.stats()).connections - connections
  }
}

const measureHttp = async (server: Server, variants: ReadonlyArray<Variant>, n: number): Promise<Array<HttpResult>> => {
  const warmup = Math.max(300, Math.round(n / 3))
  for (const variant of variants) {
    log(`warm-up: ${variant.label} (${warmup} seq + ${warmup} c50)`)
    for (const concurrency of concurrencies) await variant.run(warmup, concurrency)
  }
  const runs = new Map<string, Array<Run>>()
  // Rounds interleave the variants, so a slow patch of the machine does not land on one variant only.
  for (let round = 1; round <= rounds; round++) {
    for (const concurrency of concurrencies) {
      for (const variant of variants) {
        const run = await measureRun(server, variant, n, concurrency)
        const key = `${variant.id}/${concurrency}`
        runs.set(key, [...(runs.get(key) ?? []), run])
        log(
          `round ${round}/${rounds} c${concurrency} ${variant.label}: ${fmt(run.reqPerSec)} req/s, ` +
            `${fmt(run.cpuMicrosPerRequest)} µs CPU/req`
        )
      }
    }
  }
  return variants.flatMap((variant) =>
    concurrencies.map((concurrency) => {
      const all = runs.get(`${variant.id}/${concurrency}`)!
      const reqPerSec = median(all.map((r) => r.reqPerSec))
      return {
        variant: variant.id,
        label: variant.label,
        concurrency,
        reqPerSec,
        p50Ms: median(all.map((r) => r.p50Ms)),
        p99Ms: median(all.map((r) => r.p99Ms)),
        meanMicrosPerRequest: 1e6 / reqPerSec,
        cpuMicrosPerRequest: median(all.map((r) => r.cpuMicrosPerRequest)),
        newConnections: all.reduce((sum, r) => sum + r.newConnections, 0),
        rounds: all
      }
    })
  )
}

interface Overhead {
  readonly variant: string
  readonly label: string
  readonly concurrency: number
  /** 1e6 / median req/s: the mean time per request sequentially, the client's share of the machine at c50. */
  readonly wallMicrosPerRequest: number
  readonly wallOverheadMicros: number
  readonly cpuMicrosPerRequest: number
  readonly cpuOverheadMicros: number
  readonly throughputVsUndici: number
  /** For the SDK variants: what `CapillaryClient` adds on top of Effect's HttpClient (wall, CPU). */
  readonly overEffectHttpClient: { readonly wallMicros: number; readonly cpuMicros: number } | undefined
}

const overheads = (results: ReadonlyArray<HttpResult>): Array<Overhead> => {
  const find = (variant: string, concurrency: number) =>
    results.find((r) => r.variant === variant && r.concurrency === concurrency)!
  return results
    .filter((r) => r.variant !== "raw-undici")
    .map((r) => {
      const raw = find("raw-undici", r.concurrency)
      const effect = find("effect-httpclient", r.concurrency)
      return {
        variant: r.variant,
        label: r.label,
        concurrency: r.concurrency,
        wallMicrosPerRequest: r.meanMicrosPerRequest,
        wallOverheadMicros: r.meanMicrosPerRequest - raw.meanMicrosPerRequest,
        cpuMicrosPerRequest: r.cpuMicrosPerRequest,
        cpuOverheadMicros: r.cpuMicrosPerRequest - raw.cpuMicrosPerRequest,
        throughputVsUndici: r.reqPerSec / raw.reqPerSec,
        overEffectHttpClient: r.variant.startsWith("capillary-")
          ? {
            wallMicros: r.meanMicrosPerRequest - effect.meanMicrosPerRequest,
            cpuMicros: r.cpuMicrosPerRequest - effect.cpuMicrosPerRequest
          }
          : undefined
      }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------

interface Results {
  readonly n: number
  readonly http: ReadonlyArray<HttpResult>
  readonly overhead: ReadonlyArray<Overhead>
  readonly server: ServerStats
  readonly inMemory: ReadonlyArray<InMemoryResult>
  readonly memory: ReadonlyArray<MemoryResult>
  readonly pure: ReadonlyArray<PureResult>
}

const report = ({ http, inMemory, memory, n, overhead, pure, server }: Results): string => {
  const labels = [...new Set(http.map((r) => r.label))]
  const at = (label: string, concurrency: number) =>
    http.find((r) => r.label === label && r.concurrency === concurrency)!
  const httpTable = table(
    [
      "variant",
      "seq req/s",
      "seq p50 ms",
      "seq p99 ms",
      "seq CPU µs/req",
      "c50 req/s",
      "c50 p50 ms",
      "c50 p99 ms",
      "c50 CPU µs/req"
    ],
    labels.map((label) => {
      const seq = at(label, 1)
      const c50 = at(label, 50)
      return [
        label,
        fmt(seq.reqPerSec),
        fmt(seq.p50Ms, 3),
        fmt(seq.p99Ms, 3),
        fmt(seq.cpuMicrosPerRequest),
        fmt(c50.reqPerSec),
        fmt(c50.p50Ms, 3),
        fmt(c50.p99Ms, 3),
        fmt(c50.cpuMicrosPerRequest)
      ]
    })
  )
  const overheadTable = table(
    [
      "variant",
      "mode",
      "wall µs/req",
      "wall overhead µs",
      "CPU overhead µs",
      "req/s vs raw undici",
      "SDK over Effect HttpClient: wall µs",
      "CPU µs"
    ],
    overhead.map((o) => [
      o.label,
      o.concurrency === 1 ? "seq" : `c${o.concurrency}`,
      fmt(o.wallMicrosPerRequest),
      signed(o.wallOverheadMicros, 0),
      signed(o.cpuOverheadMicros, 0),
      `${fmt(o.throughputVsUndici, 2)}×`,
      o.overEffectHttpClient === undefined ? "" : signed(o.overEffectHttpClient.wallMicros, 0),
      o.overEffectHttpClient === undefined ? "" : signed(o.overEffectHttpClient.cpuMicros, 0)
    ])
  )
  const baseline = inMemory[0]!
  const inMemoryTable = table(
    ["operation (in-memory HttpClient)", "calls/s", "µs/call", "over Effect HttpClient, µs/call"],
    inMemory.map((m, i) => [
      m.name,
      fmt(m.callsPerSec),
      fmt(m.microsPerCall, 1),
      i === 0 ? "" : signed(m.microsPerCall - baseline.microsPerCall)
    ])
  )
  const memoryTable = table(
    [
      "client config",
      "calls",
      "heap before KB",
      "heap after KB",
      "Δ KB",
      "KB / 1,000 calls"
    ],
    memory.map((m) => [
      m.config,
      fmt(m.calls),
      fmt(m.heapBeforeKB),
      fmt(m.heapAfterKB),
      signed(m.deltaKB),
      signed(m.kbPer1000Calls, 2)
    ])
  )
  const pureTable = table(["operation", "ops/s", "ns/op"], pure.map((p) => [p.name, fmt(p.opsPerSec), fmt(p.nsPerOp)]))
  const connections = http.reduce((sum, r) => sum + r.newConnections, 0)
  return [
    `## @capillary-effect/core benchmark`,
    ``,
    `Node ${process.version}, ${Os.cpus().length} CPU(s) (${Os.cpus()[0]?.model.trim() ?? "unknown"}), ` +
    `server in a child process on 127.0.0.1. N = ${fmt(n)} requests per run, median of ${rounds} rounds ` +
    `(interleaved), "seq" = one at a time, "c50" = 50 in flight. Every variant reads and JSON-parses the body. ` +
    `CPU µs/req is the client process's user + system time per request.`,
    ``,
    `### HTTP over loopback`,
    ``,
    httpTable,
    ``,
    `### Per-request overhead vs raw undici`,
    ``,
    `wall µs/req = 1e6 / median req/s. Wall-clock numbers on a shared 2-core machine move by ±30 % between runs; ` +
    `the CPU columns are steadier.`,
    ``,
    overheadTable,
    ``,
    `The server saw ${fmt(server.requests)} requests: ${server.tokenRequests} OAuth token request(s) ` +
    `(one per OAuth client built: the token is cached), ${fmt(server.basicAuthorized)} with Basic auth, ` +
    `${fmt(server.oauthAuthorized)} with an OAuth token, ${server.notFound} to unknown routes; ` +
    `${fmt(server.connections)} TCP connections in all, ${fmt(connections)} of them during the measured rounds.`,
    ``,
    `### Client cost per call without network`,
    ``,
    inMemoryTable,
    ``,
    `### Memory over sequential execute calls (heap used after forced GC)`,
    ``,
    memoryTable,
    ``,
    `Each call asks for a different customer, so a lock table that kept its entries would grow. The limiter keeps ` +
    `the start time of each call of the last 60 s per key by design (bounded by its per-minute limit): about ` +
    `8 bytes a call, 8 KB per 1,000, until calls leave the window. Run to run, ±10 KB per 1,000 calls is noise; a ` +
    `leak of one small object per call would show as 50 KB or more.`,
    ``,
    `### Pure costs (no network)`,
    ``,
    pureTable
  ].join("\n")
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

const main = async () => {
  const n = parseN()
  if (globalThis.gc === undefined) throw new Error(`run node with --expose-gc to measure memory\n${usage}`)
  const started = performance.now()
  const server = await startServer()
  log(`server in child process at ${server.baseUrl}`)
  try {
    const variants: Array<Variant> = [
      rawUndici(server.baseUrl),
      rawFetch(server.baseUrl),
      await effectHttpClient(server.baseUrl),
      await capillaryClient(server.baseUrl, "basic"),
      await capillaryClient(server.baseUrl, "oauth")
    ]
    let http: Array<HttpResult>
    try {
      http = await measureHttp(server, variants, n)
    } finally {
      for (const variant of variants) await variant.close()
    }
    const stats = await server.stats()
    const inMemory = await measureInMemory(log)
    const memory = await measureMemory(server.baseUrl, memoryCalls, log)
    const pure = measurePure(log)
    const results: Results = { n, http, overhead: overheads(http), server: stats, inMemory, memory, pure }
    console.log(report(results))
    const seconds = (performance.now() - started) / 1000
    const file = fileURLToPath(new URL("./results.json", import.meta.url))
    const json = {
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: Os.cpus().length,
        cpuModel: Os.cpus()[0]?.model.trim(),
        loadAverage: Os.loadavg()
      },
      settings: { n, rounds, concurrencies, memoryCalls },
      ...results,
      durationSeconds: seconds,
      sink: pureSink()
    }
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`)
    log(`done in ${fmt(seconds, 1)} s; results written to ${file}`)
  } finally {
    await server.stop()
  }
}

const guard = setTimeout(() => {
  log(`still running after ${hardLimitMs / 1000} s: giving up`)
  process.exit(2)
}, hardLimitMs)
guard.unref()

main().then(
  () => clearTimeout(guard),
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
    clearTimeout(guard)
  }
)
