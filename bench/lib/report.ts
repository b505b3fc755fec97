import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { type Backends, backendLabels, type Outcome, perBackend } from './backends.js';
import type { BundleFigures } from './bundle.js';
import type { CheckoutFigures } from './checkout.js';
import {
  cpuMs,
  integer,
  kib,
  ms,
  paragraph,
  rate,
  ratio,
  runSummary,
  table,
  warningLines,
} from './format.js';
import { atLeast, GOALS } from './goals.js';
import type { LoadResult } from './load.js';
import { catalogSection, versusBareSection } from './report-catalog.js';
import { checkoutSection, memorySection } from './report-shop.js';
import type { RouteFigures, RouteSettings } from './routes.js';
import type { DecryptionRate } from './rsa.js';

export interface Machine {
  os: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started (others share the machine). */
  loadAverage: readonly number[];
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    loadAverage: os.loadavg(),
  };
}

/**
 * The commit the measured code comes from, and whether apps/ or packages/ differ from it.
 * Read-only git commands (no index refresh), bounded in time; 'unknown' outside a checkout.
 */
export function describeSource(cwd: string): string {
  const git = (args: string[]) =>
    execFileSync('git', ['--no-optional-locks', ...args], {
      cwd,
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git(['rev-parse', '--short', 'HEAD']);
    const changed = git([
      'status',
      '--porcelain',
      '--untracked-files=no',
      '--',
      'apps',
      'packages',
    ]);
    return changed ? `${commit} with uncommitted changes in apps/ or packages/` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export interface RunSettings {
  /** BENCH_QUICK=1: every phase short, to try the bench (figures not to be quoted). */
  quick: boolean;
  apiConnections: number;
  handshakeConnections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rsaSeconds: number;
  route: string;
  serverLogLevel: string;
}

export interface TunnelFigures extends RouteFigures {
  /** WebCrypto sealRequest, one at a time, envelopes/s (not used for the load). */
  webSealRate: number;
}

export interface HandshakeFigures {
  warnings: string[];
  rsa: DecryptionRate;
  handshakes: LoadResult;
  bodiesMade: number;
  bodiesSent: number;
  bodiesSeconds: number;
}

export interface Report {
  date: Date;
  source: string;
  machine: Machine;
  settings: RunSettings;
  bareSettings: RouteSettings;
  /** BENCH_ONLY / BENCH_DATABASES in words when the run left something out. */
  selection: string | undefined;
  totalSeconds: number;
  backends: Backends;
  /** Section 4 on PostgreSQL with the test gateway's latency at 0. */
  checkoutNoLatency: Outcome<CheckoutFigures>;
  bundle: Outcome<BundleFigures>;
}

function tunnelSection(settings: RunSettings, backends: Backends): string[] {
  const { rows, notes, measured } = perBackend(
    backends,
    (b) => b.tunnel,
    ({ plaintext, tunnelled, serverCpu }, label) => [
      [
        label,
        'Requests/s',
        rate(plaintext.rate),
        rate(tunnelled.rate),
        ratio(tunnelled.rate, plaintext.rate),
        atLeast(GOALS.tunnelledOverPlaintext),
      ],
      [
        label,
        'Latency p50 (ms)',
        ms(plaintext.p50),
        ms(tunnelled.p50),
        ratio(tunnelled.p50, plaintext.p50),
        '',
      ],
      [
        label,
        'Latency p99 (ms)',
        ms(plaintext.p99),
        ms(tunnelled.p99),
        ratio(tunnelled.p99, plaintext.p99),
        '',
      ],
      ...(serverCpu
        ? [
            [
              label,
              'Server CPU per request (ms)',
              cpuMs(serverCpu.plaintext),
              cpuMs(serverCpu.tunnelled),
              ratio(serverCpu.tunnelled, serverCpu.plaintext),
              '',
            ],
          ]
        : []),
    ],
  );
  return [
    `## 1. Tunnelled vs plaintext: \`GET ${settings.route}\``,
    '',
    ...paragraph(
      'One server process per database (`bench/server.ts`; PGlite in a temporary directory, or a',
      'scratch PostgreSQL database; no Redis, so the replay cache is the database table on both;',
      `\`LOG_LEVEL=${settings.serverLogLevel}\`) started with \`CHANNEL_ALLOW_PLAINTEXT_API=true\`,`,
      'so the route answers both ways. Load: autocannon in the bench process,',
      `${settings.apiConnections} keep-alive connections, no pipelining, ${settings.durationSeconds} s`,
      `per side after a ${settings.warmupSeconds} s warm-up of each. Plaintext sends the \`GET\``,
      'with `accept: application/json`; tunnelled sends `POST /channel/tunnel` with a fresh',
      'envelope per request holding the same `GET` and header. Only 2xx answers count.',
      "**Server CPU per request**: the server process's CPU time (`process.cpuUsage()`, user +",
      'system, read through a command on its stdin just before and after the measured run, so',
      'not over HTTP) divided by the answers of that run: everything the process did for them,',
      'the database included on PGlite (in the process), not on PostgreSQL (another process).',
      '**Goal**: the target of issue 16 for the ratio.',
    ),
    ...table(
      [
        'Database',
        'Figure',
        'Baseline: plaintext',
        'Tunnelled',
        'Ratio tunnelled / plaintext',
        'Goal',
      ],
      rows,
      2,
    ),
    ...notes,
    ...measured.flatMap(([name, f]) => [
      runSummary(`${backendLabels[name]}, plaintext`, f.plaintext),
      runSummary(`${backendLabels[name]}, tunnelled`, f.tunnelled),
      `- ${backendLabels[name]}, envelopes: ${integer.format(f.envelopesSealed)} sealed before the run, ` +
        `${integer.format(f.envelopesSent)} sent.`,
      ...warningLines(f.warnings),
    ]),
    '',
  ];
}

function handshakeSection(settings: RunSettings, backends: Backends): string[] {
  const { rows, notes, measured } = perBackend(
    backends,
    (b) => b.handshake,
    ({ rsa, handshakes }, label) => [
      [
        label,
        'Per second',
        rate(rsa.rate),
        rate(handshakes.rate),
        ratio(handshakes.rate, rsa.rate),
        atLeast(GOALS.handshakesOverDecryptions),
      ],
      [
        label,
        'Mean time per operation (ms)',
        ms(1000 / rsa.rate),
        ms(1000 / handshakes.rate),
        ratio(rsa.rate, handshakes.rate),
        '',
      ],
    ],
  );
  return [
    '## 3. Handshakes vs raw RSA-OAEP decryptions',
    '',
    ...paragraph(
      "Baseline: node:crypto `privateDecrypt` (RSA-OAEP, SHA-256, 3072-bit key, the protocol's",
      `label) of a 32-byte secret in a tight loop for ${settings.rsaSeconds} s on the bench`,
      "process's main thread (one core), with the server idle, just before the handshakes of each",
      'database. Measured: full `POST /channel/handshake` round trips against the server (RSA-OAEP',
      'decryption, key derivation, the session stored in the database), autocannon with',
      `${settings.handshakeConnections} connections for ${settings.durationSeconds} s after a`,
      `${settings.warmupSeconds} s warm-up; the bodies made beforehand by \`createHandshake\``,
      '(WebCrypto client), each with its own secret.',
    ),
    ...table(
      [
        'Database',
        'Figure',
        'Baseline: RSA-OAEP decryptions',
        'Handshakes',
        'Ratio handshakes / decryptions',
        'Goal',
      ],
      rows,
      2,
    ),
    ...notes,
    ...measured.flatMap(([name, f]) => [
      `- ${backendLabels[name]}, decryptions: ${integer.format(f.rsa.count)} in ${f.rsa.seconds.toFixed(2)} s.`,
      runSummary(`${backendLabels[name]}, handshakes`, f.handshakes),
      `- ${backendLabels[name]}, handshake bodies: ${integer.format(f.bodiesMade)} made in ` +
        `${f.bodiesSeconds.toFixed(1)} s, ${integer.format(f.bodiesSent)} sent.`,
      ...warningLines(f.warnings),
    ]),
    '',
  ];
}

function sealingSection(backends: Backends): string[] {
  const { rows } = perBackend(
    backends,
    (b) => b.tunnel,
    ({ nodeSealRate, webSealRate }, label) => [
      [label, rate(nodeSealRate), rate(webSealRate), ratio(webSealRate, nodeSealRate)],
    ],
  );
  if (rows.length === 0) return [];
  return [
    '## Sealing in the load generator (informational)',
    '',
    ...paragraph(
      'Why the tunnelled load is sealed with node:crypto: `sealRequest` of the WebCrypto client',
      '(`@ironcart/channel/client`, one envelope at a time, in this Node process) against the',
      'node:crypto one (`@ironcart/channel/server`) while it filled the pool of benchmark 1, per',
      "server run. Same wire format. Node's WebCrypto is not a browser's: this says nothing about",
      'the SDK in a browser.',
    ),
    ...table(
      [
        'Run',
        'Baseline: node:crypto, envelopes/s',
        'WebCrypto, envelopes/s',
        'Ratio WebCrypto / node:crypto',
      ],
      rows,
    ),
  ];
}

function bundleSection(outcome: Outcome<BundleFigures>): string[] {
  const heading = '## 7. Storefront bundle: what a shopper downloads';
  if (!outcome.ok) return [heading, '', `Not measured: ${outcome.reason}`, ''];
  const { js, lazyJs, css, reactBaseline } = outcome.figures;
  return [
    heading,
    '',
    ...paragraph(
      'The production build of apps/web (Vite, the same config as `npm start` serves), gzip level 9:',
      'the JavaScript index.html loads, which every shopper downloads, against a baseline built in',
      'the same run: React and React DOM alone rendering one element (esbuild, minified). The ratio',
      'says how much the storefront weighs over bare React. The admin area is a separate chunk',
      'that only admins load.',
    ),
    '| Figure | Baseline: bare React | Storefront | Ratio storefront / baseline |',
    '| --- | ---: | ---: | ---: |',
    `| JavaScript, gzip | ${kib(reactBaseline.gzip)} | ${kib(js.gzip)} | ${(js.gzip / reactBaseline.gzip).toFixed(2)}× |`,
    `| JavaScript, raw | ${kib(reactBaseline.raw)} | ${kib(js.raw)} | ${(js.raw / reactBaseline.raw).toFixed(2)}× |`,
    '',
    `- ${js.files} JavaScript file(s) loaded by every page; CSS ${kib(css.gzip)} gzip (${kib(css.raw)} raw).`,
    `- Loaded on demand (the admin area): ${lazyJs.files} file(s), ${kib(lazyJs.gzip)} gzip (${kib(lazyJs.raw)} raw).`,
    '',
  ];
}

export function renderReport(report: Report): string {
  const { machine, settings, backends } = report;
  const lines = [
    '# Ironcart benchmarks',
    '',
    ...paragraph(
      'Written by `npm run bench` (`bench/run.ts`) and overwritten by every run. The machine is',
      'shared and absolute numbers vary from run to run, so every figure stands next to a',
      'baseline measured in the same run: compare the **ratios** between runs, not the absolute',
      'numbers. How to read them and how to run it: `bench/README.md`.',
    ),
    ...(settings.quick
      ? paragraph(
          '**Quick run (`BENCH_QUICK=1`): every phase was cut short to try the bench; these',
          'figures are not to be quoted.**',
        )
      : []),
    `- Date: ${report.date.toISOString()}`,
    `- Code: ${report.source}`,
    `- OS: ${machine.os}`,
    `- CPU: ${machine.cpu}, ${machine.cores} cores`,
    `- Memory: ${machine.memoryGiB.toFixed(1)} GiB`,
    `- Node: ${machine.node}`,
    `- Load average at the start (1, 5, 15 min): ${machine.loadAverage.map((v) => v.toFixed(2)).join(', ')}`,
    `- Whole run: ${report.totalSeconds.toFixed(0)} s`,
    ...(report.selection
      ? [`- **Partial run** (${report.selection}): the other figures were not measured.`]
      : []),
    '- Reproduce: `npm run bench` from the repository root (PostgreSQL from `BENCH_DATABASE_URL`,',
    '  else `TEST_DATABASE_URL`, else `postgres://postgres@127.0.0.1:5432/test`; a scratch',
    '  database is created and dropped).',
    '',
    ...tunnelSection(settings, backends),
    ...versusBareSection(report.bareSettings, backends),
    ...handshakeSection(settings, backends),
    ...checkoutSection(backends, report.checkoutNoLatency),
    ...catalogSection(backends),
    ...memorySection(backends),
    ...bundleSection(report.bundle),
    ...sealingSection(backends),
  ];
  return lines.join('\n');
}
