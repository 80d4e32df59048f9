/**
 * The playground's HTTP API, as the web app calls it.
 */
import type { JsonSchema } from "./schema.ts"

export interface SchemaDocument {
  readonly schema: JsonSchema
  readonly definitions: Record<string, JsonSchema>
}

export type Part = "path" | "query" | "body"

export interface Operation {
  readonly id: string
  readonly package: string
  readonly module: string
  readonly section: string
  readonly summary: string
  readonly method: string
  readonly path: string
  readonly family: string
  readonly idempotency: string
  readonly reversibility: string
  readonly paged: boolean
  readonly errors: ReadonlyArray<string>
  readonly input: Partial<Record<Part, SchemaDocument>>
  readonly example: Partial<Record<Part, unknown>>
}

export interface Issue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

export interface Exchange {
  readonly method: string
  readonly url: string
  readonly requestHeaders: Record<string, string>
  readonly requestBody?: unknown
  readonly status?: number
  readonly responseHeaders?: Record<string, string>
  readonly responseBody?: unknown
  readonly error?: string
  readonly durationMs: number
}

export interface TaggedError {
  readonly _tag: string
  readonly message?: string
  readonly issues?: ReadonlyArray<Issue>
  readonly [field: string]: unknown
}

export interface RunResult {
  readonly ok: boolean
  readonly value?: unknown
  readonly error?: TaggedError
  readonly attempts?: number
  readonly durationMs?: number
  readonly exchanges: ReadonlyArray<Exchange>
}

export interface Step {
  readonly name: string
  readonly reversibility: string
  readonly compensation?: string
  readonly endpoints: ReadonlyArray<string>
}

export interface Workflow {
  readonly name: string
  readonly summary: string
  readonly payload: SchemaDocument
  readonly steps: ReadonlyArray<Step>
  readonly example: Record<string, unknown>
  readonly fresh: ReadonlyArray<{ readonly path: ReadonlyArray<string>; readonly prefix: string }>
  readonly faultKinds: ReadonlyArray<{ readonly kind: string; readonly label: string }>
}

export interface TimelineEvent {
  readonly _tag: string
  readonly seq: number
  readonly at: number
  readonly executionId: string
  readonly flow: string
  readonly step?: string
  readonly name?: string
  readonly compensation?: string
  readonly attempt?: number
  readonly error?: string
  readonly reason?: string
  readonly delayMillis?: number
  readonly durationMillis?: number
  readonly recovered?: boolean
  readonly business?: boolean
  readonly undone?: boolean
  readonly succeeded?: boolean
}

export interface Run {
  readonly id: string
  readonly workflow: string
  readonly payload: unknown
  readonly faults: Record<string, string>
  readonly startedAt: number
  readonly status?: "running" | "succeeded" | "failed"
  readonly result?: unknown
  readonly error?: TaggedError
}

const request = async <A>(path: string, init?: { method?: string; body?: unknown }): Promise<[number, A]> => {
  const response = await fetch(path, {
    method: init?.method ?? "GET",
    ...(init?.body === undefined
      ? {}
      : { body: JSON.stringify(init.body), headers: { "content-type": "application/json" } })
  })
  return [response.status, await response.json() as A]
}

export const listOperations = () => request<ReadonlyArray<Operation>>("/api/operations").then(([, body]) => body)

export const runOperation = (id: string, input: unknown) =>
  request<RunResult>(`/api/operations/${encodeURIComponent(id)}/run`, { method: "POST", body: input }).then((
    [, body]
  ) => body)

export const listWorkflows = () => request<ReadonlyArray<Workflow>>("/api/workflows").then(([, body]) => body)

export const startRun = (name: string, payload: unknown, faults: Record<string, string>) =>
  request<Run & { readonly ok?: false; readonly error?: TaggedError }>(
    `/api/workflows/${encodeURIComponent(name)}/runs`,
    { method: "POST", body: { payload, faults } }
  )

export const emulatorInfo = () => request<{ readonly url: string }>("/api/emulator").then(([, body]) => body)

export const resetEmulator = () => request<{ readonly ok: boolean }>("/api/emulator/reset", { method: "POST" })
