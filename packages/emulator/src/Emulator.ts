/**
 * The emulator: a Capillary-compatible HTTP server with real storage, authentication, fault injection and an
 * admin API. `layer` serves it on a port; `layerTest` starts it in-process on a free port and provides the SDK's
 * `CapillaryClient` configured against it, so a test runs the real SDK over real HTTP.
 *
 * @since 0.1.0
 */
import { Auth, CapillaryClient, CapillaryConfig, Credentials, type Endpoint } from "@capillary-effect/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Context, Effect, Layer, Ref } from "effect"
import { HttpServer } from "effect/http"
import { SqlClient } from "effect/sql"
import { createServer } from "node:http"
import { AdminContext, type Snapshot } from "./Admin.ts"
import type { Behaviour } from "./Behaviour.ts"
import * as CardBehaviours from "./CardBehaviours.ts"
import * as CouponBehaviours from "./CouponBehaviours.ts"
import * as CustomerActivityBehaviours from "./CustomerActivityBehaviours.ts"
import * as CustomerBehaviours from "./CustomerBehaviours.ts"
import * as CustomerBulkBehaviours from "./CustomerBulkBehaviours.ts"
import * as CustomerCouponBehaviours from "./CustomerCouponBehaviours.ts"
import * as CustomerLoyaltyBehaviours from "./CustomerLoyaltyBehaviours.ts"
import * as CustomerV11Behaviours from "./CustomerV11Behaviours.ts"
import * as EmulatorClock from "./EmulatorClock.ts"
import * as EmulatorDatabase from "./EmulatorDatabase.ts"
import * as EmulatorServer from "./EmulatorServer.ts"
import * as Faults from "./Faults.ts"
import * as GroupLoyaltyBehaviours from "./GroupLoyaltyBehaviours.ts"
import * as LabelBehaviours from "./LabelBehaviours.ts"
import * as LedgerBehaviours from "./LedgerBehaviours.ts"
import * as Organizations from "./Organizations.ts"
import * as OtpBehaviours from "./OtpBehaviours.ts"
import * as PartnerProgramBehaviours from "./PartnerProgramBehaviours.ts"
import * as ReferralBehaviours from "./ReferralBehaviours.ts"
import * as RequestBehaviours from "./RequestBehaviours.ts"
import * as RequestLog from "./RequestLog.ts"
import * as Seed from "./Seed.ts"
import * as SubscriptionBehaviours from "./SubscriptionBehaviours.ts"
import * as UserAuthBehaviours from "./UserAuthBehaviours.ts"
import * as UserGroupBehaviours from "./UserGroupBehaviours.ts"

/**
 * The endpoints and behaviours an emulator serves.
 *
 * @since 0.1.0
 * @category models
 */
export interface Catalog<R = never> {
  readonly endpoints: ReadonlyArray<Endpoint.Any>
  readonly behaviours: ReadonlyArray<Behaviour<R>>
  readonly migrations: Readonly<Record<string, EmulatorDatabase.Migration>>
}

/**
 * Merges catalogs (later ones add endpoints, behaviours and migrations).
 *
 * @since 0.1.0
 * @category catalogs
 */
export const catalog = <R>(...catalogs: ReadonlyArray<Catalog<R>>): Catalog<R> => ({
  endpoints: [...new Map(catalogs.flatMap((c) => c.endpoints).map((endpoint) => [endpoint.id, endpoint])).values()],
  behaviours: catalogs.flatMap((c) => c.behaviours),
  migrations: Object.assign({}, ...catalogs.map((c) => c.migrations))
})

/**
 * What the emulator serves out of the box: every endpoint of the SDK packages it knows (core's token endpoint,
 * the customers endpoints), with the behaviours and migrations of those it models.
 *
 * @since 0.1.0
 * @category catalogs
 */
export const defaultCatalog: Catalog<SqlClient.SqlClient> = catalog<SqlClient.SqlClient>(
  { endpoints: [Auth.generateToken], behaviours: [], migrations: {} },
  CustomerBehaviours.catalog,
  UserGroupBehaviours.catalog,
  CouponBehaviours.catalog,
  LedgerBehaviours.catalog,
  GroupLoyaltyBehaviours.catalog,
  CustomerLoyaltyBehaviours.catalog,
  CardBehaviours.catalog,
  RequestBehaviours.catalog,
  OtpBehaviours.catalog,
  UserAuthBehaviours.catalog,
  PartnerProgramBehaviours.catalog,
  LabelBehaviours.catalog,
  SubscriptionBehaviours.catalog,
  ReferralBehaviours.catalog,
  CustomerV11Behaviours.catalog,
  CustomerBulkBehaviours.catalog,
  CustomerActivityBehaviours.catalog,
  CustomerCouponBehaviours.catalog
)

/**
 * How to run an emulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<R = never> {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  readonly port?: number | undefined
  /** Default 127.0.0.1. */
  readonly host?: string | undefined
  /** SQLite file (state survives a restart), or `":memory:"` (default). */
  readonly filename?: string | undefined
  /** The state of a new database, and what `reset` returns to. Default `demo`. */
  readonly seed?: Seed.SeedName | undefined
  /** Lifetime of the demo OAuth client's tokens, in seconds. Default 3600. */
  readonly tokenTtlSeconds?: number | undefined
  /** Seed of the fault generator. Default 1. */
  readonly faultSeed?: number | undefined
  /** Largest request body accepted. Default 1 MiB. */
  readonly maxBodyBytes?: number | undefined
  readonly catalog?: Catalog<R> | undefined
}

/**
 * A running emulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  readonly url: string
}

/**
 * @since 0.1.0
 * @category services
 */
export class Emulator extends Context.Service<Emulator, Service>()("@capillary-effect/emulator/Emulator") {}

/**
 * The emulator's services on its database, before any server: useful to seed or inspect state directly.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerState = <R>(options: Options<R> = {}) => {
  const selected = options.catalog ?? (defaultCatalog as Catalog<R>)
  // fresh: layers are shared by identity within one build, and two emulators must never share state.
  return Layer.mergeAll(
    Layer.fresh(Organizations.layer),
    RequestLog.layer(),
    Faults.layer(options.faultSeed ?? 1)
  ).pipe(
    Layer.provideMerge(Layer.fresh(EmulatorClock.layer)),
    Layer.provideMerge(
      EmulatorDatabase.layer({ filename: options.filename ?? ":memory:", migrations: selected.migrations })
    )
  )
}

/**
 * Seeds a new database: only when it has no organisation yet, so a file database keeps its state.
 *
 * @since 0.1.0
 * @category seeding
 */
export const seedIfEmpty = (seed: Seed.SeedName, options: Seed.Options = {}) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const seeded = yield* sql<{ value: string }>`SELECT value FROM meta WHERE key = 'seeded'`
    if (seeded.length > 0) return
    yield* sql.withTransaction(Effect.gen(function*() {
      yield* Seed.apply(seed, options)
      yield* sql`INSERT INTO meta (key, value) VALUES ('seeded', ${seed})`
    }))
  }).pipe(Effect.orDie)

/**
 * Serves the emulator on a port.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <R = never>(options: Options<R> = {}) => {
  const selected = options.catalog ?? (defaultCatalog as Catalog<R>)
  const seed = options.seed ?? "demo"
  const server = Layer.effect(
    Emulator,
    Effect.gen(function*() {
      const seedOptions: Seed.Options = { tokenTtlSeconds: options.tokenTtlSeconds }
      yield* seedIfEmpty(seed, seedOptions)
      const snapshots = yield* Ref.make<ReadonlyMap<string, Snapshot>>(new Map())
      const app = yield* EmulatorServer.make({
        endpoints: selected.endpoints,
        behaviours: selected.behaviours,
        maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024
      }).pipe(
        Effect.provideService(
          AdminContext,
          AdminContext.of({ endpoints: selected.endpoints, seed, seedOptions, snapshots })
        )
      )
      yield* HttpServer.serveEffect(app)
      const url = HttpServer.formatAddress((yield* HttpServer.HttpServer).address)
      return Emulator.of({ url })
    })
  )
  return server.pipe(
    Layer.provide(
      NodeHttpServer.layer(createServer, { port: options.port ?? 8787, host: options.host ?? "127.0.0.1" })
    ),
    Layer.provideMerge(layerState(options))
  )
}

/**
 * Starts the emulator in-process on a free port (in-memory state, demo seed unless told) and provides the
 * SDK's client configured against it, with Basic demo credentials unless other credentials are given.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = <R = never>(
  options: Options<R> & {
    readonly credentials?: Credentials.Credentials | undefined
    readonly client?: Partial<CapillaryConfig.Options> | undefined
  } = {}
) => {
  const emulator = layer({ ...options, port: 0 })
  const client = Layer.unwrap(Emulator.useSync(({ url }) =>
    CapillaryClient.layer.pipe(
      Layer.provide([
        CapillaryConfig.layer({
          baseUrl: url,
          credentials: options.credentials ??
            Credentials.basic(Seed.demo.till.username, Seed.demo.till.password),
          ...options.client
        }),
        NodeHttpClient.layerUndici
      ])
    )
  ))
  return client.pipe(Layer.provideMerge(emulator))
}
