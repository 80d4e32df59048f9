/**
 * `pnpm start`: builds the web app when needed, then serves the playground (the emulator in-process, demo seed)
 * on http://127.0.0.1:5173 until interrupted. `PORT` and `HOST` choose another address.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Effect, Layer } from "effect"
import * as Frontend from "./Frontend.ts"
import * as Playground from "./Playground.ts"

const port = Number(process.env.PORT ?? "5173")
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be 0..65535, got ${process.env.PORT}\n`)
  process.exit(2)
}
const host = process.env.HOST ?? "127.0.0.1"

const banner = Effect.gen(function*() {
  const { emulatorUrl, url } = yield* Playground.Playground
  // Written to stdout on purpose: this is the program's output, not a log line.
  process.stdout.write(
    [
      `Capillary playground: ${url}`,
      `  API: ${url}/api/operations, /api/workflows (see apps/playground/README.md)`,
      `  emulator (in-process, demo seed): ${emulatorUrl}`,
      ""
    ].join("\n")
  )
})

Effect.gen(function*() {
  if (Frontend.needsBuild()) {
    process.stdout.write("building the web app...\n")
    yield* Frontend.build
  }
  return yield* Layer.launch(Layer.effectDiscard(banner).pipe(Layer.provideMerge(Playground.layer({ port, host }))))
}).pipe(NodeRuntime.runMain)
