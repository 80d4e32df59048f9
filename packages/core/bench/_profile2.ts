import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { capillaryClient, effectHttpClient, rawFetch, rawUndici } from "./http.ts"

const child = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), [], { execArgv: [] })
const port = await new Promise<number>((resolve) =>
  child.on("message", (m: any) => m._tag === "Listening" && resolve(m.port))
)
const base = `http://127.0.0.1:${port}`
const vs = [rawUndici(base), rawFetch(base), await effectHttpClient(base), await capillaryClient(base, "basic")]
for (const v of vs) {
  await v.run(1000, 1)
  await v.run(1000, 50)
}
const out: Record<string, Array<string>> = {}
for (let r = 0; r < 5; r++) {
  for (const v of vs) {
    for (const c of [1, 50]) {
      const c0 = process.cpuUsage()
      const s = await v.run(3000, c)
      const cu = process.cpuUsage(c0)
      ;(out[`${v.id} c${c}`] ??= []).push(
        `${Math.round((3000 * 1000) / s.elapsedMs)}/${Math.round((cu.user + cu.system) / 3000)}`
      )
    }
  }
}
for (const [k, v] of Object.entries(out)) console.log(k.padEnd(24), v.join("  "))
for (const v of vs) await v.close()
child.disconnect()
