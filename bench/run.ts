/**
 * `npm run bench`: benchmarks of the secure channel, the catalog and checkout, each figure
 * against a baseline measured in the same run, on PGlite and on PostgreSQL. For each database a
 * server is started in a child process (loopback), loaded from this process with autocannon (and
 * with SDK clients for checkout), and stopped by its PID; then bench/results.md is written.
 * BENCH_QUICK=1 runs everything briefly (to try the bench, not to quote); BENCH_ONLY and
 * BENCH_DATABASES run a part of it (written to results.partial.md). See bench/README.md.
 */

import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENDPOINT_HANDSHAKE } from '@ironcart/channel';
import type { BackendFigures, BackendName, Outcome } from './lib/backends.js';
import { type BundleFigures, measureStorefrontBundle } from './lib/bundle.js';
import { type CatalogSettings, catalogBenchmark } from './lib/catalog.js';
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
import { type CheckoutFigures, type CheckoutSettings, checkoutBenchmark } from './lib/checkout.js';
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
import { isSkipped, type Section, selectionFrom } from './lib/selection.js';
import { type ServerUnderTest, serverCpuMs, startServer } from './lib/server-process.js';
import { catalogVersusBare, type VersusBareFigures } from './lib/versus-bare.js';

const quick = process.env.BENCH_QUICK === '1';
const selection = selectionFrom(process.env);
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
  probeCheckouts: 5,
};
/** The small catalog of section 2: one page of the list, as on the other platforms compared. */
const SMALL_CATALOG = 24;
/** Everything, servers and bundle build included, must end within this; past it, abandoned. */
const RUN_LIMIT_MS = 600_000;
/** Kept free at the end of the run for what follows the last server (bundle build, report). */
const FINAL_RESERVE_MS = 60_000;
/** Kept free after a catalog for the checkout benchmark and stopping the server. */
const checkoutReserveMs = () =>
  (checkoutSettings.durationSeconds + checkoutSettings.baselineSeconds + 45) * 1000;
/** Kept free in the PGlite part for the whole PostgreSQL part, latency 0 included (about 220 s here). */
const POSTGRES_RESERVE_MS = quick ? 100_000 : 240_000;
/** Kept free in the PostgreSQL part for the checkouts at latency 0 (they sell out in seconds). */
const NO_LATENCY_RESERVE_MS = 50_000;
const WEBCRYPTO_SEALS = 300;
/** Pause before the idle memory sample. */
const IDLE_SETTLE_MS = 2_000;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsPath = path.join(benchDir, selection.partial ? 'results.partial.md' : 'results.md');
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
async function tunnelBenchmark(
  server: ServerUnderTest,
  channel: BenchChannel,
): Promise<TunnelFigures> {
  const { baseUrl } = server;
  await checkRoute(baseUrl, channel, settings.route);
  log('plaintext answer, tunnel round trip and replay refusal checked');
  const route = await measureRoute({
    baseUrl,
    channel,
    route: settings.route,
    serverCpuMs: () => serverCpuMs(server),
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
/** A server process in a temporary data directory, both removed by the clean-ups too. */
async function startBenchServer(
  name: string,
  databaseUrl: string | undefined,
  extraEnv: Record<string, string> = {},
): Promise<{ server: ServerUnderTest; stopServer: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ironcart-bench-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  log(`${name}: starting the server`);
  const server = await startServer({ ...serverEnv(dataDir, databaseUrl), ...extraEnv });
  let stopped = false;
  const stopServer = async () => {
    if (stopped) return;
    stopped = true;
    log(`${name}: stopping the server (pid ${server.pid})`);
    await server.stop();
  };
  cleanups.push(stopServer);
  log(`${name}: server pid ${server.pid} at ${server.baseUrl}`);
  return { server, stopServer };
}

async function backendBenchmarks(
  backend: BackendName,
  databaseUrl: string | undefined,
  rsaKey: KeyObject,
  deadline: number,
): Promise<BackendFigures> {
  const { server, stopServer } = await startBenchServer(backend, databaseUrl);
  const { baseUrl } = server;
  const memory = new MemorySampler(server.pid);
  const key = await fetchCurrentKey(baseUrl);
  const channel = await openBenchChannel(baseUrl, key);
  log(`${backend}: channel open (key ${key.kid})`);
  await checkRoute(baseUrl, channel, settings.route);
  // Start-up garbage (TypeScript compiled by tsx, migrations) is collected within a moment.
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  memory.markIdle();

  /** A benchmark of the selection, as a phase of the memory figures; or why it did not run. */
  const run = <T>(section: Section, name: string, fn: () => Promise<T>): Promise<Outcome<T>> =>
    selection.sections.has(section)
      ? memory.phase(name, () => attempt(name, fn))
      : Promise.resolve({ ok: false, reason: selection.skipped(section) });

  const tunnel = await run('tunnel', 'tunnelled vs plaintext', () =>
    tunnelBenchmark(server, channel),
  );
  const handshake = await run('handshakes', 'handshakes', () =>
    handshakeBenchmark(baseUrl, key, rsaKey),
  );
  // Before the generated catalog: exactly one page of products.
  const versusBareSmall = await run('bare24', `catalog of ${SMALL_CATALOG} vs bare`, async () => {
    await server.command('growCatalog', SMALL_CATALOG, 30_000);
    return catalogVersusBare({
      server,
      channel,
      products: SMALL_CATALOG,
      settings: bareSettings,
      log,
    });
  });
  let versusBare: Outcome<VersusBareFigures> = {
    ok: false,
    reason: selection.sections.has('catalog')
      ? 'the catalog was not generated'
      : selection.skipped('catalog'),
  };
  const catalog = await run('catalog', 'catalog', () =>
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
  );
  const checkout = await run('checkout', 'checkouts', () =>
    checkoutBenchmark({ server, settings: checkoutSettings, log }),
  );
  const memoryFigures = memory.stop();
  await stopServer();
  return {
    tunnel,
    handshake,
    versusBareSmall,
    versusBare,
    catalog,
    checkout,
    memory: memoryFigures,
  };
}

/** `fn` on a scratch PostgreSQL database, made and dropped; or why there was none. */
async function onScratchPostgres<T>(
  name: string,
  fn: (url: string) => Promise<T>,
): Promise<Outcome<T>> {
  const admin = postgresAdminUrl();
  let scratch: Awaited<ReturnType<typeof createBenchPostgres>>;
  try {
    scratch = await createBenchPostgres(admin.url);
  } catch (error) {
    const reason = `no PostgreSQL (${admin.source}: ${String(error)})`;
    log(`${name}: not measured: ${reason}`);
    return { ok: false, reason };
  }
  cleanups.push(() => scratch.drop());
  log(`${name}: scratch database from ${admin.source}`);
  return attempt(name, () => fn(scratch.url));
}

/** The PostgreSQL part: a scratch database made, measured, dropped; or why it was not. */
function postgresBenchmarks(rsaKey: KeyObject, deadline: number): Promise<Outcome<BackendFigures>> {
  return onScratchPostgres('postgres', (url) =>
    backendBenchmarks('postgres', url, rsaKey, deadline),
  );
}

/**
 * Section 4 again on PostgreSQL with the test gateway's latency at 0 (`TEST_GATEWAY_LATENCY_MS`,
 * read at start: a server of its own, on a scratch database of its own), so checkouts wait only
 * for the store. Skipped when the run has no time left for it.
 */
async function checkoutWithoutLatency(deadline: number): Promise<Outcome<CheckoutFigures>> {
  if (!selection.sections.has('checkout0') || !selection.databases.has('postgres')) {
    return { ok: false, reason: selection.skipped('checkout0') };
  }
  if (deadline - performance.now() < NO_LATENCY_RESERVE_MS) {
    return { ok: false, reason: 'the run had no time left for it' };
  }
  return onScratchPostgres('checkout, latency 0', async (url) => {
    const { server, stopServer } = await startBenchServer('checkout, latency 0', url, {
      TEST_GATEWAY_LATENCY_MS: '0',
    });
    try {
      return await checkoutBenchmark({ server, settings: checkoutSettings, log });
    } finally {
      await stopServer();
    }
  });
}

async function main(): Promise<boolean> {
  const machine = describeMachine();
  const date = new Date();
  const source = describeSource(benchDir);
  const rsaKey = await makeRsaKey();
  const runEnd = started + RUN_LIMIT_MS - FINAL_RESERVE_MS;

  const skipped = <T>(reason: string): Outcome<T> => ({ ok: false, reason });
  const withPostgres = selection.databases.has('postgres');
  const pglite = selection.databases.has('pglite')
    ? await attempt('pglite', () =>
        backendBenchmarks(
          'pglite',
          undefined,
          rsaKey,
          withPostgres ? runEnd - POSTGRES_RESERVE_MS : runEnd,
        ),
      )
    : skipped<BackendFigures>(selection.skipped('pglite'));
  await cleanUp();
  const postgres = withPostgres
    ? await postgresBenchmarks(
        rsaKey,
        selection.sections.has('checkout0') ? runEnd - NO_LATENCY_RESERVE_MS : runEnd,
      )
    : skipped<BackendFigures>(selection.skipped('postgres'));
  await cleanUp();
  const checkoutNoLatency = await checkoutWithoutLatency(runEnd);
  await cleanUp();
  const bundle = selection.sections.has('bundle')
    ? await attempt('storefront bundle', () => measureStorefrontBundle())
    : skipped<BundleFigures>(selection.skipped('bundle'));

  const report = {
    date,
    source,
    machine,
    settings,
    bareSettings,
    selection: selection.description,
    totalSeconds: (performance.now() - started) / 1000,
    backends: { pglite, postgres },
    checkoutNoLatency,
    bundle,
  };
  await writeFile(resultsPath, renderReport(report));
  log(`wrote ${resultsPath}`);
  const problems = reportProblems(report.backends, bundle, checkoutNoLatency);
  for (const problem of problems) log(`warning: ${problem}`);
  return problems.length === 0;
}

/** Every warning and every figure not measured, PostgreSQL's absence excepted. */
function reportProblems(
  backends: Record<BackendName, Outcome<BackendFigures>>,
  bundle: Outcome<unknown>,
  checkoutNoLatency: Outcome<{ warnings: string[] }>,
): string[] {
  /** Not a problem: a part left out by BENCH_ONLY or BENCH_DATABASES. */
  const failed = (outcome: Outcome<unknown>): outcome is { ok: false; reason: string } =>
    !outcome.ok && !isSkipped(outcome.reason);
  const problems = failed(bundle) ? ['the storefront bundle was not measured'] : [];
  if (checkoutNoLatency.ok) {
    problems.push(...checkoutNoLatency.figures.warnings.map((w) => `checkout, latency 0: ${w}`));
  } else if (failed(checkoutNoLatency) && !checkoutNoLatency.reason.startsWith('no PostgreSQL')) {
    problems.push(`checkout, latency 0: ${checkoutNoLatency.reason}`);
  }
  for (const [name, outcome] of Object.entries(backends)) {
    if (!outcome.ok) {
      if (failed(outcome) && !outcome.reason.startsWith('no PostgreSQL')) {
        problems.push(`${name}: ${outcome.reason}`);
      }
      continue;
    }
    const { tunnel, handshake, versusBareSmall, versusBare, catalog, checkout } = outcome.figures;
    for (const result of [tunnel, handshake, versusBareSmall, versusBare, checkout]) {
      if (failed(result)) problems.push(`${name}: ${result.reason}`);
      else if (result.ok) {
        for (const warning of result.figures.warnings) problems.push(`${name}: ${warning}`);
      }
    }
    if (failed(catalog)) problems.push(`${name} catalog: ${catalog.reason}`);
    for (const size of catalog.ok ? catalog.figures.sizes : []) {
      if (!size.ok) problems.push(`${name} catalog ${size.products}: ${size.reason}`);
      else for (const warning of size.figures.warnings) problems.push(`${name}: ${warning}`);
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
