import { Effect } from "effect"
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { capillaryClient, effectHttpClient } from "./http.ts"

const which = process.argv[2] ?? "basic"
const child = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), [], { execArgv: [] })
const port = await new Promise<number>((resolve) =>
  child.on("message", (m: any) => m._tag === "Listening" && resolve(m.port))
)
const base = `http://127.0.0.1:${port}`
const variant = which === "effect" ? await effectHttpClient(base) : await capillaryClient(base, "basic")
await variant.run(2000, 1)
const s = await variant.run(20000, 1)
console.log(which, (20000 * 1000) / s.elapsedMs, "req/s")
await variant.close()
child.disconnect()
void Effect
