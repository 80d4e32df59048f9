/**
 * Heap growth over sequential `execute` calls, measured after forcing GC: a per-call leak (a limiter window, a
 * customer lock entry, a fiber or span kept alive) shows as heap that grows with the number of calls.
 */
import { Effect } from "effect"
import type { CapillaryConfig } from "../src/index.ts"
import { getCustomer, makeClient, oauth } from "./fixtures.ts"
import { collectGarbage } from "./stats.ts"

export interface MemoryResult {
  readonly config: string
  readonly calls: number
  readonly heapBeforeKB: number
  readonly heapAfterKB: number
  readonly deltaKB: number
  readonly kbPer1000Calls: number
}

const heapKB = async () => {
  await collectGarbage()
  return process.memoryUsage().heapUsed / 1024
}

const configs: ReadonlyArray<{ readonly label: string; readonly options: Partial<CapillaryConfig.Options> }> = [
  { label: "Basic, defaults (limiter off, no customer lock)", options: {} },
  {
    label: "OAuth (cached token) + limiter on (1M/min) + per-customer lock",
    options: {
      credentials: oauth,
      rateLimit: { enabled: true, defaultPerMinute: 1_000_000 },
      serializePerCustomer: true
    }
  }
]

export const measureMemory = async (
  baseUrl: string,
  calls: number,
  log: (line: string) => void
): Promise<Array<MemoryResult>> => {
  const results: Array<MemoryResult> = []
  for (const { label, options } of configs) {
    log(`memory: ${label}`)
    const client = await makeClient(baseUrl, options)
    // A distinct customer per call, so a lock table that kept its entries would grow.
    const batch = (count: number, offset: number) =>
      Effect.runPromise(
        Effect.forEach(
          Array.from({ length: count }, (_, i) => offset + i),
          (id) => client.value.execute(getCustomer, { path: { id } }),
          { discard: true }
        )
      )
    try {
      await batch(1_000, 1)
      const before = await heapKB()
      await batch(calls, 10_000)
      const after = await heapKB()
      results.push({
        config: label,
        calls,
        heapBeforeKB: before,
        heapAfterKB: after,
        deltaKB: after - before,
        kbPer1000Calls: ((after - before) * 1000) / calls
      })
    } finally {
      await client.close()
    }
  }
  return results
}
