import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const bin = Path.join(import.meta.dirname, "..", "bin", "emulator.ts")

/** Starts `bin/emulator.ts` with arguments and resolves with its base URL once it prints it (bounded wait). */
const start = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.promise(() =>
      new Promise<{ readonly child: ChildProcess; readonly url: string; readonly output: () => string }>(
        (resolve, reject) => {
          const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
          let output = ""
          const timer = setTimeout(() => reject(new Error(`emulator did not start: ${output}`)), 15_000)
          const onData = (chunk: Buffer) => {
            output += chunk.toString("utf8")
            const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)
            if (match !== null) {
              clearTimeout(timer)
              resolve({ child, url: match[1]!, output: () => output })
            }
          }
          child.stdout.on("data", onData)
          child.stderr.on("data", onData)
          child.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${output}`)))
        }
      )
    ),
    ({ child }) =>
      Effect.promise(() =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve()
          child.once("exit", () => resolve())
          child.kill("SIGTERM")
        })
      )
  )

const getJson = (url: string, init?: RequestInit) =>
  Effect.promise(() =>
    fetch(url, init).then(async (response) => ({ status: response.status, body: await response.json() as any }))
  )

describe("pnpm emulator", () => {
  it.live("starts, prints its URL and the demo credentials, and answers", () =>
    Effect.gen(function*() {
      const { output, url } = yield* start(["--port", "0"])
      assert.include(output(), "demo.till / demo123")
      assert.include(output(), "demo-key / demo-secret")
      assert.include(output(), "other.till / other123")
      const health = yield* getJson(`${url}/__emulator/health`)
      assert.deepStrictEqual(health, { status: 200, body: { status: "ok" } })
      const token = yield* getJson(`${url}/v3/oauth/token/generate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: "demo-key", secret: "demo-secret" })
      })
      assert.strictEqual(token.status, 200)
      assert.strictEqual(token.body.data.ttlSeconds, 3600)
    }).pipe(Effect.scoped))

  it.live("keeps its state in --db across a restart", () =>
    Effect.gen(function*() {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "emulator-cli-"))
      const db = Path.join(dir, "state.db")
      try {
        yield* Effect.scoped(Effect.gen(function*() {
          const { url } = yield* start(["--port", "0", "--db", db])
          yield* getJson(`${url}/__emulator/clock`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ set: "2031-05-01T00:00:00Z" })
          })
        }))
        const clock = yield* Effect.scoped(Effect.gen(function*() {
          const { url } = yield* start(["--port", "0", "--db", db])
          return yield* getJson(`${url}/__emulator/clock`)
        }))
        assert.strictEqual(clock.body.iso.slice(0, 10), "2031-05-01")
      } finally {
        Fs.rmSync(dir, { recursive: true, force: true })
      }
    }))

  it.live("sets the demo client's token lifetime with --token-ttl", () =>
    Effect.gen(function*() {
      const { url } = yield* start(["--port", "0", "--token-ttl", "120"])
      const token = yield* getJson(`${url}/v3/oauth/token/generate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: "demo-key", secret: "demo-secret" })
      })
      assert.strictEqual(token.body.data.ttlSeconds, 120)
      const claims = JSON.parse(Buffer.from(String(token.body.data.accessToken).split(".")[1]!, "base64url").toString())
      assert.strictEqual(claims.exp - claims.iat, 120)
      assert.strictEqual(claims.org_id, 100)
    }).pipe(Effect.scoped))

  it.live("refuses bad options", () =>
    Effect.forEach(
      [["--seed", "nonsense"], ["--port", "x"], ["--token-ttl", "0"], ["--unknown"]],
      (args) =>
        Effect.gen(function*() {
          const exit = yield* Effect.promise(() =>
            new Promise<number | null>((resolve) => {
              const child = spawn(process.execPath, [bin, ...args], { stdio: "ignore" })
              child.on("exit", resolve)
            })
          )
          assert.strictEqual(exit, 2, args.join(" "))
        })
    ))
})
