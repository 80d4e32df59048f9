/**
 * The benchmark of `@capillary-effect/core`: `pnpm bench [--n 3000]` (node with `--expose-gc`).
 *
 * 1. HTTP against a loopback server in a child process: raw undici, raw fetch, Effect's HttpClient alone, and
 *    `CapillaryClient.execute` with Basic and OAuth; each sequential and at concurrency 50, warmed up first,
 *    median of 3 interleaved rounds; req/s, p50/p99 latency, and the SDK's per-request overhead vs raw undici.
 * 2. Heap growth over 10,000 sequential `execute` calls, after forced GC.
 * 3. The pure costs: envelope read + schema decode of a v2 body, and redaction of a 500-char error message.
 *
 * Prints markdown tables on stdout (progress goes to stderr) and writes `bench/results.json`.
 */
import { type ChildProcess, fork } from "node:child_process"
import { writeFileSync } from "node:fs"
import * as Os from "node:os"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { capillaryClient, effectHttpClient, rawFetch, rawUndici, type Sample, type Variant } from "./http.ts"
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
  readonly rounds: ReadonlyArray<Run>
}

const summarize = (n: number, sample: Sample): Run => {
  const sorted = Float64Array.from(sample.latencies).sort()
  return { reqPerSec: (n * 1000) / sample.elapsedMs, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) }
}

const measureHttp = async (variants: ReadonlyArray<Variant>, n: number): Promise<Array<HttpResult>> => {
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
        await collectGarbage()
        const run = summarize(n, await variant.run(n, concurrency))
        const key = `${variant.id}/${concurrency}`
        runs.set(key, [...(runs.get(key) ?? []), run])
        log(`round ${round}/${rounds} c${concurrency} ${variant.label}: ${fmt(run.reqPerSec)} req/s`)
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
        rounds: all
      }
    })
  )
}

interface Overhead {
  readonly variant: string
  readonly label: string
  readonly concurrency: number
  readonly microsPerRequest: number
  /** Extra wall time per request over raw undici (at c50, from throughput: client CPU per request, roughly). */
  readonly overheadMicros: number
  readonly throughputVsUndici: number
  /** For the SDK variants: what `CapillaryClient` adds on top of Effect's HttpClient. */
  readonly overEffectHttpClientMicros: number | undefined
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
        microsPerRequest: r.meanMicrosPerRequest,
        overheadMicros: r.meanMicrosPerRequest - raw.meanMicrosPerRequest,
        throughputVsUndici: r.reqPerSec / raw.reqPerSec,
        overEffectHttpClientMicros: r.variant.startsWith("capillary-")
          ? r.meanMicrosPerRequest - effect.meanMicrosPerRequest
          : undefined
      }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------

const report = (
  n: number,
  http: ReadonlyArray<HttpResult>,
  overhead: ReadonlyArray<Overhead>,
  memory: ReadonlyArray<MemoryResult>,
  pure: ReadonlyArray<PureResult>,
  stats: ServerStats
): string => {
  const labels = [...new Set(http.map((r) => r.label))]
  const at = (label: string, concurrency: number) =>
    http.find((r) => r.label === label && r.concurrency === concurrency)!
  const httpTable = table(
    ["variant", "seq req/s", "seq p50 ms", "seq p99 ms", "c50 req/s", "c50 p50 ms", "c50 p99 ms"],
    labels.map((label) => {
      const seq = at(label, 1)
      const c50 = at(label, 50)
      return [
        label,
        fmt(seq.reqPerSec),
        fmt(seq.p50Ms, 3),
        fmt(seq.p99Ms, 3),
        fmt(c50.reqPerSec),
        fmt(c50.p50Ms, 3),
        fmt(c50.p99Ms, 3)
      ]
    })
  )
  const overheadTable = table(
    [
      "variant",
      "mode",
      "µs/req",
      "overhead vs raw undici, µs/req",
      "throughput vs raw undici",
      "SDK over Effect HttpClient, µs/req"
    ],
    overhead.map((o) => [
      o.label,
      o.concurrency === 1 ? "seq" : `c${o.concurrency}`,
      fmt(o.microsPerRequest, 1),
      signed(o.overheadMicros),
      `${fmt(o.throughputVsUndici, 2)}×`,
      o.overEffectHttpClientMicros === undefined ? "" : signed(o.overEffectHttpClientMicros)
    ])
  )
  const memoryTable = table(
    [
      "client config",
      "calls",
      "heap before KB",
      "heap after KB",
      "Δ KB",
      "KB / 1,000 calls",
      "2nd batch: KB / 1,000 calls"
    ],
    memory.map((m) => [
      m.config,
      fmt(m.calls),
      fmt(m.heapBeforeKB),
      fmt(m.heapAfterKB),
      signed(m.deltaKB),
      signed(m.kbPer1000Calls, 2),
      signed(m.secondBatchKbPer1000Calls, 2)
    ])
  )
  const pureTable = table(
    ["operation", "ops/s", "ns/op"],
    pure.map((p) => [p.name, fmt(p.opsPerSec), fmt(p.nsPerOp)])
  )
  return [
    `## @capillary-effect/core benchmark`,
    ``,
    `Node ${process.version}, ${Os.cpus().length} CPU(s) (${Os.cpus()[0]?.model.trim() ?? "unknown"}), ` +
    `server in a child process on 127.0.0.1. N = ${fmt(n)} requests per run, median of ${rounds} rounds, ` +
    `"seq" = one at a time, "c50" = 50 in flight. Bodies are read and JSON-parsed in every variant.`,
    ``,
    `### HTTP`,
    ``,
    httpTable,
    ``,
    `### Per-request overhead`,
    ``,
    `µs/req = 1e6 / (median req/s): the mean time per request sequentially, and the client's cost per request ` +
    `at c50 (where the machine is the limit).`,
    ``,
    overheadTable,
    ``,
    `Server saw ${fmt(stats.requests)} requests, ${stats.tokenRequests} of them OAuth token requests ` +
    `(one per OAuth client built), ${fmt(stats.basicAuthorized)} with Basic auth, ` +
    `${fmt(stats.oauthAuthorized)} with an OAuth token, ${stats.notFound} unknown.`,
    ``,
    `### Memory over sequential execute calls (heap used after forced GC)`,
    ``,
    memoryTable,
    ``,
    `The limiter keeps the start time of every call of the last 60 s per key by design (at most its per-minute ` +
    `limit), so with the limiter on the heap grows by about one number per call until calls leave the window.`,
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
      http = await measureHttp(variants, n)
    } finally {
      for (const variant of variants) await variant.close()
    }
    const stats = await server.stats()
    const memory = await measureMemory(server.baseUrl, memoryCalls, log)
    const pure = measurePure(log)
    const overhead = overheads(http)
    console.log(report(n, http, overhead, memory, pure, stats))
    const seconds = (performance.now() - started) / 1000
    const results = {
      generatedAt: new Date().toISOString(),
      environment: {
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: Os.cpus().length,
        cpuModel: Os.cpus()[0]?.model.trim(),
        loadAverage: Os.loadavg()
      },
      settings: { n, rounds, concurrencies, memoryCalls },
      http,
      overhead,
      server: stats,
      memory,
      pure,
      durationSeconds: seconds,
      sink: pureSink()
    }
    const file = fileURLToPath(new URL("./results.json", import.meta.url))
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
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
