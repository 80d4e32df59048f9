/**
 * Where flows run. Every engine provides effect/workflow's `WorkflowEngine` and the `Timeline`; the flows and
 * their code are the same on all of them.
 * - `layerMemory`: effect/workflow's in-memory engine; executions live as long as the process (tests, the
 *   playground).
 * - `layerSqlite({ filename })`: durable, on an embedded SQLite file through `@capillary-effect/sqlite`:
 *   effect/cluster's `SingleRunner` (one process owns every shard) with `ClusterWorkflowEngine`. The journal
 *   (cluster messages and replies) is in the file, so a process killed between steps and started again on the
 *   same file resumes its executions where they were: completed steps are not run again.
 * - `layerConfig`: one of them by configuration, `CAPILLARY_WORKFLOW_ENGINE` (`memory`, the default, or
 *   `sqlite`) and `CAPILLARY_WORKFLOW_DB` (the SQLite file, default `capillary-workflows.db`).
 *
 * @since 0.1.0
 */
import { SqliteClient } from "@capillary-effect/sqlite"
import { Config, Duration, Effect, Layer } from "effect"
import { ClusterWorkflowEngine, SingleRunner } from "effect/cluster"
import { Digest } from "effect/crypto"
import type { SqlError } from "effect/sql"
import { WorkflowEngine } from "effect/workflow"
import * as Timeline from "./Timeline.ts"

/**
 * The services every engine layer provides.
 *
 * @since 0.1.0
 * @category models
 */
export type Services = WorkflowEngine.WorkflowEngine | Timeline.Timeline

/**
 * The in-memory engine and a timeline.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Services> = Layer.mergeAll(WorkflowEngine.layerMemory, Timeline.layer())

/**
 * How to open the durable engine.
 *
 * @since 0.1.0
 * @category models
 */
export interface SqliteOptions {
  /** The SQLite file of the journal (created when missing). */
  readonly filename: string
  /**
   * How often the runner looks for messages to process (durable-clock wake-ups, executions to resume): lower is
   * snappier, higher is lighter. Default 1 second.
   */
  readonly pollInterval?: Duration.Input | undefined
}

/**
 * The durable engine on an embedded SQLite file, and a timeline.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSqlite = (
  options: SqliteOptions
): Layer.Layer<Services, SqlError.SqlError | Config.ConfigError> => {
  const sql = SqliteClient.layer({ filename: options.filename })
  const runner = SingleRunner.layer({
    shardingConfig: { entityMessagePollInterval: options.pollInterval ?? Duration.seconds(1) }
  }).pipe(Layer.provide([sql, Digest.layerWebCrypto]))
  return Layer.mergeAll(
    ClusterWorkflowEngine.layer.pipe(Layer.provide(runner)),
    Timeline.layer()
  )
}

/**
 * The engine kinds `layerConfig` knows.
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = "memory" | "sqlite"

/**
 * The engine chosen by `CAPILLARY_WORKFLOW_ENGINE` (`memory` by default, or `sqlite`) and, for `sqlite`,
 * `CAPILLARY_WORKFLOW_DB` (default `capillary-workflows.db`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig: Layer.Layer<Services, SqlError.SqlError | Config.ConfigError> = Layer.unwrap(
  Effect.gen(function*() {
    const kind = yield* Config.Literals(["memory", "sqlite"], "CAPILLARY_WORKFLOW_ENGINE").pipe(
      Config.withDefault<Kind>("memory")
    )
    if (kind === "memory") return layerMemory
    const filename = yield* Config.String("CAPILLARY_WORKFLOW_DB").pipe(Config.withDefault("capillary-workflows.db"))
    return layerSqlite({ filename })
  })
)
