import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { capillaryClient, effectHttpClient, rawFetch, rawUndici } from "./http.ts"

const mode = process.argv[2] ?? "alone"
const child = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), [], { execArgv: [] })
const port = await new Promise<number>((resolve) =>
  child.on("message", (m: any) => m._tag === "Listening" && resolve(m.port))
)
const base = `http://127.0.0.1:${port}`
const all = [rawUndici(base), rawFetch(base), await effectHttpClient(base), await capillaryClient(base, "basic")]
const vs = mode === "alone" ? [all[3]!] : all
const W = Number(process.argv[3] ?? 1000)
for (const v of vs) {
  await v.run(W, 1)
  await v.run(W, 50)
}
for (let r = 0; r < 6; r++) {
  for (const v of vs) {
    const s = await v.run(3000, 1)
    console.log(mode, v.id, Math.round((3000 * 1000) / s.elapsedMs), "req/s")
  }
}
for (const v of all) await v.close()
child.disconnect()
