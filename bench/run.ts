/**
 * `npm run bench`: benchmarks of the secure channel, the catalog and checkout, each figure
 * against a baseline measured in the same run, on PGlite and on PostgreSQL. For each database a
 * server is started in a child process (loopback), loaded from this process with autocannon (and
 * with SDK clients for checkout), and stopped by its PID; then bench/results.md is written.
 * BENCH_QUICK=1 runs everything briefly (to try the bench, not to quote). See bench/README.md.
 */

import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENDPOINT_HANDSHAKE } from '@ironcart/channel';
import type { BackendFigures, BackendName, Outcome } from './lib/backends.js';
import { measureStorefrontBundle } from './lib/bundle.js';
import { type CatalogFigures, type CatalogSettings, catalogBenchmark } from './lib/catalog.js';
import {
  type BenchChannel,
  checkRoute,
  fetchCurrentKey,
  handshakeBodies,
  innerRequest,
  openBenchChannel,
  type ServerKey,
  timeWebCryptoSealing,
} from './lib/channel.js';
import { type CheckoutSettings, checkoutBenchmark } from './lib/checkout.js';
import { BodyPool, type LoadOptions, loadWarnings, runLoad } from './lib/load.js';
import { MemorySampler } from './lib/memory.js';
import { createBenchPostgres, postgresAdminUrl } from './lib/postgres.js';
import {
  describeMachine,
  describeSource,
  type HandshakeFigures,
  type RunSettings,
  renderReport,
  type TunnelFigures,
} from './lib/report.js';
import { describe, measureRoute, poolSize, type RouteSettings } from './lib/routes.js';
import { makeRsaKey, rsaOaepDecryptions } from './lib/rsa.js';
import { type ServerUnderTest, startServer } from './lib/server-process.js';
import { catalogVersusBare, type VersusBareFigures } from './lib/versus-bare.js';

const quick = process.env.BENCH_QUICK === '1';
const settings: RunSettings = {
  quick,
  apiConnections: 10,
  handshakeConnections: 4,
  durationSeconds: quick ? 2 : 8,
  warmupSeconds: 1,
  rsaSeconds: quick ? 1 : 3,
  route: '/api/v1/session',
  serverLogLevel: 'warn',
};
const bareSettings: RouteSettings = {
  connections: 10,
  durationSeconds: quick ? 2 : 5,
  warmupSeconds: 1,
};
const catalogSettings: CatalogSettings = {
  sizes: quick ? [2_000, 10_000] : [10_000, 100_000],
  connections: 1,
  durationSeconds: quick ? 1 : 3,
  warmupSeconds: 1,
  deepPage: 50,
};
const checkoutSettings: CheckoutSettings = {
  buyers: 100,
  products: 10,
  stock: quick ? 20 : 100,
  durationSeconds: quick ? 8 : 30,
  tailSeconds: quick ? 1 : 3,
  baselineSeconds: quick ? 2 : 5,
  loginConcurrency: 10,
};
/** Everything, servers and bundle build included, must end within this; past it, abandoned. */
const RUN_LIMIT_MS = 600_000;
/** Kept free at the end of the run for what follows the last server (bundle build, report). */
const FINAL_RESERVE_MS = 60_000;
/** Kept free after a catalog for the checkout benchmark and stopping the server. */
const checkoutReserveMs = () =>
  (checkoutSettings.durationSeconds + checkoutSettings.baselineSeconds + 45) * 1000;
/** Kept free in the PGlite part for the whole PostgreSQL part. */
const POSTGRES_RESERVE_MS = quick ? 90_000 : 240_000;
const WEBCRYPTO_SEALS = 300;
/** Pause before the idle memory sample. */
const IDLE_SETTLE_MS = 2_000;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsPath = path.join(benchDir, 'results.md');
const started = performance.now();

function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[bench ${seconds}s] ${message}\n`);
}

async function attempt<T>(name: string, run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, figures: await run() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log(`${name} failed: ${reason}`);
    return { ok: false, reason };
  }
}

/** The same route in plaintext and through the tunnel. */
async function tunnelBenchmark(baseUrl: string, channel: BenchChannel): Promise<TunnelFigures> {
  await checkRoute(baseUrl, channel, settings.route);
  log('plaintext answer, tunnel round trip and replay refusal checked');
  const route = await measureRoute({
    baseUrl,
    channel,
    route: settings.route,
    settings: {
      connections: settings.apiConnections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
    },
    log,
  });
  const inner = innerRequest(settings.route);
  const webSealRate =
    WEBCRYPTO_SEALS / (await timeWebCryptoSealing(channel, inner, WEBCRYPTO_SEALS));
  log(`WebCrypto sealing: ${webSealRate.toFixed(0)} envelopes/s`);
  return { ...route, webSealRate };
}

/** Handshakes against the server vs RSA-OAEP decryptions in this process. */
async function handshakeBenchmark(
  baseUrl: string,
  key: ServerKey,
  rsaKey: KeyObject,
): Promise<HandshakeFigures> {
  const rsa = rsaOaepDecryptions(rsaKey, settings.rsaSeconds);
  log(`RSA-OAEP-3072 decryptions: ${rsa.rate.toFixed(0)}/s`);

  // The server decrypts on one thread, as the baseline does: the baseline sizes the pool.
  const bodiesStart = performance.now();
  const bodies = await handshakeBodies(
    key,
    poolSize(
      rsa.rate,
      settings.warmupSeconds + settings.durationSeconds,
      settings.handshakeConnections,
    ),
  );
  const bodiesSeconds = (performance.now() - bodiesStart) / 1000;
  log(`made ${bodies.length} handshake bodies in ${bodiesSeconds.toFixed(1)} s`);
  const pool = new BodyPool(bodies);
  const load = (durationSeconds: number): LoadOptions => ({
    baseUrl,
    method: 'POST',
    path: ENDPOINT_HANDSHAKE,
    headers: { 'content-type': 'application/json' },
    connections: settings.handshakeConnections,
    durationSeconds,
    bodies: pool,
  });
  const warm = await runLoad(load(settings.warmupSeconds));
  log(`handshake warm-up: ${describe(warm)}`);
  const sentBefore = pool.used;
  const handshakes = await runLoad(load(settings.durationSeconds));
  log(`handshakes: ${describe(handshakes)}`);

  return {
    warnings: loadWarnings('handshake', handshakes),
    rsa,
    handshakes,
    bodiesMade: bodies.length,
    bodiesSent: pool.used - sentBefore,
    bodiesSeconds,
  };
}

/** What has to be stopped or removed if the run ends now. */
const cleanups: (() => Promise<void>)[] = [];

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => log(`clean-up failed: ${String(error)}`));
  }
}

/** Server environment shared by both databases. */
function serverEnv(dataDir: string, databaseUrl: string | undefined): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    SEED_DEMO_CATALOG: 'false',
    CHANNEL_ALLOW_PLAINTEXT_API: 'true',
    LOG_LEVEL: settings.serverLogLevel,
    // Per-IP rate limits (where the server has them) must not refuse the load of one client;
    // the limiter's own work per request still counts. Unknown variables are ignored.
    ...Object.fromEntries(
      ['API', 'AUTH', 'SIGNUP', 'HANDSHAKE', 'TUNNEL', 'PUBLIC'].map((group) => [
        `RATE_LIMIT_${group}`,
        '9999999/1s',
      ]),
    ),
  };
}

/**
 * Every benchmark that needs a server, on one server process over `backend`: the channel
 * benchmarks, then the catalog (with the catalog vs bare Fastify comparison at its first size),
 * then checkout; the server's memory sampled throughout. `deadline` bounds the catalog growth.
 */
async function backendBenchmarks(
  backend: BackendName,
  databaseUrl: string | undefined,
  rsaKey: KeyObject,
  deadline: number,
): Promise<BackendFigures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ironcart-bench-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  log(`${backend}: starting the server`);
  const server: ServerUnderTest = await startServer(serverEnv(dataDir, databaseUrl));
  let stopped = false;
  const stopServer = async () => {
    if (stopped) return;
    stopped = true;
    log(`${backend}: stopping the server (pid ${server.pid})`);
    await server.stop();
  };
  cleanups.push(stopServer);
  const { baseUrl } = server;
  log(`${backend}: server pid ${server.pid} at ${baseUrl}`);
  const memory = new MemorySampler(server.pid);
  const key = await fetchCurrentKey(baseUrl);
  const channel = await openBenchChannel(baseUrl, key);
  log(`${backend}: channel open (key ${key.kid})`);
  await checkRoute(baseUrl, channel, settings.route);
  // Start-up garbage (TypeScript compiled by tsx, migrations) is collected within a moment.
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  memory.markIdle();

  const tunnel = await memory.phase('tunnelled vs plaintext', () =>
    attempt('tunnelled vs plaintext', () => tunnelBenchmark(baseUrl, channel)),
  );
  const handshake = await memory.phase('handshakes', () =>
    attempt('handshakes', () => handshakeBenchmark(baseUrl, key, rsaKey)),
  );
  let versusBare: Outcome<VersusBareFigures> = {
    ok: false,
    reason: 'the catalog was not generated',
  };
  const catalog = await memory.phase('catalog', () =>
    attempt<CatalogFigures>('catalog', () =>
      catalogBenchmark({
        settings: catalogSettings,
        server,
        channel,
        deadline: deadline - checkoutReserveMs(),
        log,
        afterSize: async (products) => {
          if (products !== catalogSettings.sizes[0]) return;
          versusBare = await memory.phase('catalog vs bare', () =>
            attempt('catalog vs bare', () =>
              catalogVersusBare({ server, channel, products, settings: bareSettings, log }),
            ),
          );
        },
      }),
    ),
  );
  const checkout = await memory.phase('checkouts', () =>
    attempt('checkouts', () => checkoutBenchmark({ server, settings: checkoutSettings, log })),
  );
  const memoryFigures = memory.stop();
  await stopServer();
  return { tunnel, handshake, versusBare, catalog, checkout, memory: memoryFigures };
}

/** The PostgreSQL part: a scratch database made, measured, dropped; or why it was not. */
async function postgresBenchmarks(
  rsaKey: KeyObject,
  deadline: number,
): Promise<Outcome<BackendFigures>> {
  const admin = postgresAdminUrl();
  let scratch: Awaited<ReturnType<typeof createBenchPostgres>>;
  try {
    scratch = await createBenchPostgres(admin.url);
  } catch (error) {
    const reason = `no PostgreSQL (${admin.source}: ${String(error)})`;
    log(`postgres: not measured: ${reason}`);
    return { ok: false, reason };
  }
  cleanups.push(() => scratch.drop());
  log(`postgres: scratch database from ${admin.source}`);
  return attempt('postgres', () => backendBenchmarks('postgres', scratch.url, rsaKey, deadline));
}

async function main(): Promise<boolean> {
  const machine = describeMachine();
  const date = new Date();
  const source = describeSource(benchDir);
  const rsaKey = await makeRsaKey();
  const runEnd = started + RUN_LIMIT_MS - FINAL_RESERVE_MS;

  const pglite = await attempt('pglite', () =>
    backendBenchmarks('pglite', undefined, rsaKey, runEnd - POSTGRES_RESERVE_MS),
  );
  await cleanUp();
  const postgres = await postgresBenchmarks(rsaKey, runEnd);
  await cleanUp();
  const bundle = await attempt('storefront bundle', () => measureStorefrontBundle());

  const report = {
    date,
    source,
    machine,
    settings,
    bareSettings,
    totalSeconds: (performance.now() - started) / 1000,
    backends: { pglite, postgres },
    bundle,
  };
  await writeFile(resultsPath, renderReport(report));
  log(`wrote ${resultsPath}`);
  const problems = reportProblems(report.backends, bundle.ok);
  for (const problem of problems) log(`warning: ${problem}`);
  return problems.length === 0;
}

/** Every warning and every figure not measured, PostgreSQL's absence excepted. */
function reportProblems(
  backends: Record<BackendName, Outcome<BackendFigures>>,
  bundleOk: boolean,
): string[] {
  const problems = bundleOk ? [] : ['the storefront bundle was not measured'];
  for (const [name, outcome] of Object.entries(backends)) {
    if (!outcome.ok) {
      if (!outcome.reason.startsWith('no PostgreSQL')) problems.push(`${name}: ${outcome.reason}`);
      continue;
    }
    const { tunnel, handshake, versusBare, catalog, checkout } = outcome.figures;
    for (const result of [tunnel, handshake, versusBare, checkout]) {
      if (!result.ok) problems.push(`${name}: ${result.reason}`);
      else for (const warning of result.figures.warnings) problems.push(`${name}: ${warning}`);
    }
    if (!catalog.ok) problems.push(`${name} catalog: ${catalog.reason}`);
    else {
      for (const size of catalog.figures.sizes) {
        if (!size.ok) problems.push(`${name} catalog ${size.products}: ${size.reason}`);
        else for (const warning of size.figures.warnings) problems.push(`${name}: ${warning}`);
      }
    }
  }
  return problems;
}

const watchdog = setTimeout(() => {
  log(`the run took longer than ${RUN_LIMIT_MS / 1000} s: abandoned`);
  void cleanUp().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  if (!(await main())) {
    log('a benchmark was not measured or has warnings: see results.md');
    process.exitCode = 1;
  }
} catch (error) {
  process.exitCode = 1;
  console.error(error);
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}
