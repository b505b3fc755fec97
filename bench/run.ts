/**
 * `npm run bench`: benchmarks of the secure channel and of the catalog, each figure against a
 * baseline measured in the same run. Starts the server in a child process (loopback, temporary
 * PGlite), loads it with autocannon from this process, writes bench/results.md and stops the
 * server by its PID. See bench/README.md.
 */

import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENDPOINT_HANDSHAKE, ENDPOINT_TUNNEL, ENVELOPE_MEDIA_TYPE } from '@ironcart/channel';
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
  sealEnvelopes,
  timeWebCryptoSealing,
  tunnelRoundTrip,
} from './lib/channel.js';
import { BodyPool, type LoadOptions, type LoadResult, runLoad } from './lib/load.js';
import {
  describeMachine,
  describeSource,
  type HandshakeFigures,
  type Outcome,
  type RunSettings,
  renderReport,
  type TunnelFigures,
} from './lib/report.js';
import { makeRsaKey, rsaOaepDecryptions } from './lib/rsa.js';
import { type ServerUnderTest, startServer } from './lib/server-process.js';

const settings: RunSettings = {
  apiConnections: 10,
  handshakeConnections: 4,
  durationSeconds: 8,
  warmupSeconds: 1,
  rsaSeconds: 3,
  route: '/api/v1/session',
  serverLogLevel: 'warn',
};
const catalogSettings: CatalogSettings = {
  sizes: [10_000, 100_000],
  connections: 1,
  durationSeconds: 3,
  warmupSeconds: 1,
  deepPage: 50,
};
/** Everything, server start included, must end within this; past it the run is abandoned. */
const RUN_LIMIT_MS = 150_000;
/** Pools hold this much more than the rate that sized them needs. */
const POOL_MARGIN = 1.3;
/** The tunnel's warm-up rate times this bounds its measured rate (the warm-up runs cold). */
const WARMUP_HEADROOM = 6;
const WEBCRYPTO_SEALS = 300;

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const resultsPath = path.join(benchDir, 'results.md');
const started = performance.now();

function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[bench ${seconds}s] ${message}\n`);
}

function describe(result: LoadResult): string {
  return (
    `${result.rate.toFixed(0)}/s, p50 ${result.p50.toFixed(2)} ms, ` +
    `p99 ${result.p99.toFixed(2)} ms, ${result.refused} refused, ${result.errors} errors` +
    (result.cutShort ? ', CUT SHORT (pool ran dry)' : '')
  );
}

/**
 * What makes a run's figures doubtful (they are still reported) or, with no 2xx answer at all,
 * meaningless (then the benchmark fails).
 */
function warningsFor(name: string, result: LoadResult): string[] {
  if (result.ok === 0) throw new Error(`the ${name} run had no successful request`);
  const warnings: string[] = [];
  if (result.cutShort) {
    warnings.push(`the ${name} run was cut short after ${result.seconds.toFixed(1)} s`);
  }
  if (result.refused > 0 || result.errors > 0) {
    warnings.push(
      `the ${name} run had ${result.refused} refused and ${result.errors} failed requests`,
    );
  }
  return warnings;
}

/** The pool size for `seconds` of load at up to `ratePerSecond`, with a margin. */
function poolSize(ratePerSecond: number, seconds: number, connections: number): number {
  return Math.ceil(ratePerSecond * seconds * POOL_MARGIN) + 20 * connections;
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

/** Benchmark 1: the same route in plaintext and through the tunnel. */
async function tunnelBenchmark(baseUrl: string, channel: BenchChannel): Promise<TunnelFigures> {
  await checkRoute(baseUrl, channel, settings.route);
  log('plaintext answer, tunnel round trip and replay refusal checked');
  const inner = innerRequest(settings.route);
  const plainLoad: LoadOptions = {
    baseUrl,
    method: 'GET',
    path: settings.route,
    headers: { accept: 'application/json' },
    connections: settings.apiConnections,
    durationSeconds: settings.durationSeconds,
  };
  const tunnelLoad = (bodies: BodyPool, durationSeconds: number): LoadOptions => ({
    baseUrl,
    method: 'POST',
    path: ENDPOINT_TUNNEL,
    headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
    connections: settings.apiConnections,
    durationSeconds,
    bodies,
  });

  // Warm-ups. The tunnel cannot beat plaintext on the same route: plaintext sizes its first pool.
  const plainWarm = await runLoad({ ...plainLoad, durationSeconds: settings.warmupSeconds });
  log(`plaintext warm-up: ${describe(plainWarm)}`);
  const warmPool = new BodyPool(
    sealEnvelopes(
      channel,
      inner,
      poolSize(plainWarm.rate, settings.warmupSeconds, settings.apiConnections),
    ),
  );
  const tunnelWarm = await runLoad(tunnelLoad(warmPool, settings.warmupSeconds));
  log(`tunnelled warm-up: ${describe(tunnelWarm)}`);

  const plaintext = await runLoad(plainLoad);
  log(`plaintext: ${describe(plaintext)}`);

  const bound = Math.min(
    Math.max(plaintext.rate, plainWarm.rate),
    Math.max(tunnelWarm.rate * WARMUP_HEADROOM, 500),
  );
  const sealStart = performance.now();
  const envelopes = sealEnvelopes(
    channel,
    inner,
    poolSize(bound, settings.durationSeconds, settings.apiConnections),
  );
  const nodeSealRate = envelopes.length / ((performance.now() - sealStart) / 1000);
  log(`sealed ${envelopes.length} envelopes (${nodeSealRate.toFixed(0)}/s)`);
  const pool = new BodyPool(envelopes);
  const tunnelled = await runLoad(tunnelLoad(pool, settings.durationSeconds));
  log(`tunnelled: ${describe(tunnelled)}`);

  // The load's answers stay sealed; one more request shows whether the route still answers 200.
  const { status: innerAfter } = await tunnelRoundTrip(baseUrl, channel, settings.route);
  const innerWarnings =
    innerAfter === 200
      ? []
      : [`a tunnelled request right after the run answered ${innerAfter} inside its envelope`];

  const webSealRate =
    WEBCRYPTO_SEALS / (await timeWebCryptoSealing(channel, inner, WEBCRYPTO_SEALS));
  log(`WebCrypto sealing: ${webSealRate.toFixed(0)} envelopes/s`);

  return {
    warnings: [
      ...warningsFor('plaintext', plaintext),
      ...warningsFor('tunnelled', tunnelled),
      ...innerWarnings,
    ],
    plaintext,
    tunnelled,
    envelopesSealed: envelopes.length,
    envelopesSent: pool.used,
    nodeSealRate,
    webSealRate,
  };
}

/** Benchmark 2: handshakes against the server vs RSA-OAEP decryptions in this process. */
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
    warnings: warningsFor('handshake', handshakes),
    rsa,
    handshakes,
    bodiesMade: bodies.length,
    bodiesSent: pool.used - sentBefore,
    bodiesSeconds,
  };
}

let server: ServerUnderTest | undefined;
let dataDir: string | undefined;

async function cleanUp(): Promise<void> {
  const running = server;
  server = undefined;
  if (running) {
    log(`stopping the server (pid ${running.pid})`);
    await running.stop();
  }
  const dir = dataDir;
  dataDir = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
}

async function main(): Promise<boolean> {
  const machine = describeMachine();
  const date = new Date();
  const source = describeSource(benchDir);
  // The baseline's key is made while the server starts (neither is measured).
  const rsaKeyReady = makeRsaKey();

  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ironcart-bench-'));
  log('starting the server');
  server = await startServer({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
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
  });
  const { baseUrl } = server;
  log(`server pid ${server.pid} at ${baseUrl}`);
  const rsaKey = await rsaKeyReady;
  const key = await fetchCurrentKey(baseUrl);
  const channel = await openBenchChannel(baseUrl, key);
  log(`channel open (key ${key.kid})`);

  const tunnel = await attempt('tunnelled vs plaintext', () => tunnelBenchmark(baseUrl, channel));
  const handshake = await attempt('handshakes', () => handshakeBenchmark(baseUrl, key, rsaKey));
  // Last, as it fills the database: the catalog, on the same server and channel.
  const running = server;
  const catalog = await attempt<CatalogFigures>('catalog', () =>
    catalogBenchmark({
      settings: catalogSettings,
      server: running,
      channel,
      // Room to stop the server and write the report.
      deadline: started + RUN_LIMIT_MS - 12_000,
      log,
    }),
  );
  await cleanUp();
  const bundle = await attempt('storefront bundle', () => measureStorefrontBundle());

  const markdown = renderReport({
    date,
    source,
    machine,
    settings,
    totalSeconds: (performance.now() - started) / 1000,
    tunnel,
    handshake,
    catalog,
    bundle,
  });
  await writeFile(resultsPath, markdown);
  log(`wrote ${resultsPath}`);
  const catalogWarnings = catalog.ok
    ? catalog.figures.sizes.flatMap((size) =>
        size.ok ? size.figures.warnings : [`catalog ${size.products}: ${size.reason}`],
      )
    : [];
  for (const outcome of [tunnel, handshake]) {
    if (outcome.ok) for (const warning of outcome.figures.warnings) log(`warning: ${warning}`);
  }
  for (const warning of catalogWarnings) log(`warning: ${warning}`);
  return (
    [tunnel, handshake].every((outcome) => outcome.ok && outcome.figures.warnings.length === 0) &&
    catalog.ok &&
    catalogWarnings.length === 0 &&
    bundle.ok
  );
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
