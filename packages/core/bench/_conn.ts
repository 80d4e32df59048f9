import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { capillaryClient, effectHttpClient, rawFetch, rawUndici } from "./http.ts"
const child = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), [], { execArgv: [] })
const port = await new Promise<number>((resolve) => child.once("message", (m: any) => resolve(m.port)))
const stats = () =>
  new Promise<any>((resolve) => {
    child.once("message", (m: any) => resolve(m.stats))
    child.send({ _tag: "Stats" })
  })
const base = `http://127.0.0.1:${port}`
for (
  const make of [
    async () => rawUndici(base),
    async () => rawFetch(base),
    () => effectHttpClient(base),
    () => capillaryClient(base, "basic"),
    () => capillaryClient(base, "oauth")
  ]
) {
  const v = await make()
  for (const c of [1, 50]) {
    const before = (await stats()).connections
    const s = await v.run(2000, c)
    console.log(
      v.id,
      "c" + c,
      Math.round(2000_000 / s.elapsedMs),
      "req/s, connections:",
      (await stats()).connections - before
    )
  }
  await v.close()
}
child.disconnect()
