import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { capillaryClient, effectHttpClient, rawUndici } from "./http.ts"

const which = process.argv[2] ?? "basic"
const N = 20000
const child = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), [], { execArgv: [] })
const port = await new Promise<number>((resolve) => child.once("message", (m: any) => resolve(m.port)))
const base = `http://127.0.0.1:${port}`
const variant = which === "effect"
  ? await effectHttpClient(base)
  : which === "undici"
  ? rawUndici(base)
  : await capillaryClient(base, which as any)
await variant.run(5000, 1)
const t0 = process.hrtime.bigint() / 1000n
const c0 = process.cpuUsage()
const s = await variant.run(N, 1)
const cu = process.cpuUsage(c0)
const t1 = process.hrtime.bigint() / 1000n
console.log(
  JSON.stringify({
    which,
    N,
    start: Number(t0),
    end: Number(t1),
    reqPerSec: (N * 1000) / s.elapsedMs,
    cpuMicrosPerReq: (cu.user + cu.system) / N,
    userMicrosPerReq: cu.user / N,
    sysMicrosPerReq: cu.system / N
  })
)
await variant.close()
child.disconnect()
