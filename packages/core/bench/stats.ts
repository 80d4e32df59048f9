/** Small numeric and formatting helpers of the benchmark. */

/** The median of a non-empty list of numbers. */
export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The q-quantile (0..1) of latencies, nearest-rank. */
export const quantile = (sorted: Float64Array, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!

/** Runs the collector if the process was started with `--expose-gc`, a few times so weak callbacks settle. */
export const collectGarbage = async (): Promise<void> => {
  const gc = globalThis.gc
  if (gc === undefined) return
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
}

/** Formats a number with a fixed number of decimals and thousands separators. */
export const fmt = (value: number, decimals = 0): string =>
  value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })

/** Formats a signed number (`+12.3`, `-0.4`). */
export const signed = (value: number, decimals = 1): string =>
  `${value >= 0 ? "+" : "-"}${fmt(Math.abs(value), decimals)}`

/** A markdown table; columns after the first are right-aligned. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const align = header.map((_, i) => (i === 0 ? "---" : "---:"))
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n")
}
