import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { BundleFigures } from './bundle.js';
import type { CatalogCaseName, CatalogFigures, CatalogSizeFigures } from './catalog.js';
import type { LoadResult } from './load.js';
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
  apiConnections: number;
  handshakeConnections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rsaSeconds: number;
  route: string;
  serverLogLevel: string;
}

export interface TunnelFigures {
  /** Why the figures are doubtful (they are reported anyway). */
  warnings: string[];
  plaintext: LoadResult;
  tunnelled: LoadResult;
  envelopesSealed: number;
  envelopesSent: number;
  /** node:crypto sealRequest while filling the pool, envelopes/s. */
  nodeSealRate: number;
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

/** A benchmark's figures, or why there are none. */
export type Outcome<T> = { ok: true; figures: T } | { ok: false; reason: string };

export interface Report {
  date: Date;
  source: string;
  machine: Machine;
  settings: RunSettings;
  totalSeconds: number;
  tunnel: Outcome<TunnelFigures>;
  handshake: Outcome<HandshakeFigures>;
  catalog: Outcome<CatalogFigures>;
  bundle: Outcome<BundleFigures>;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function rate(value: number): string {
  return value >= 100 ? integer.format(value) : value.toFixed(1);
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function ratio(measured: number, baseline: number): string {
  const value = measured / baseline;
  if (!Number.isFinite(value) || value <= 0) return 'n/a';
  if (value >= 10) return `${value.toFixed(1)}×`;
  if (value >= 0.1) return `${value.toFixed(2)}×`;
  return `${value.toPrecision(2)}×`;
}

/** Joins sentences into a paragraph wrapped at 100 columns. */
function paragraph(...parts: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  // Words, keeping a `code span` with spaces in it on one line.
  for (const word of parts.join(' ').match(/(?:`[^`]*`|[^\s`])+/g) ?? []) {
    if (line && line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return [...lines, ''];
}

function statuses(result: LoadResult): string {
  const codes = Object.entries(result.statuses).map(
    ([code, count]) => `${integer.format(count)} × ${code}`,
  );
  return codes.length > 0 ? codes.join(', ') : 'no answers';
}

function runSummary(name: string, result: LoadResult): string {
  const cut = result.cutShort
    ? ' (CUT SHORT: its body pool ran dry; the figures cover this span only)'
    : '';
  return (
    `- ${name}: ${statuses(result)} in ${result.seconds.toFixed(2)} s${cut}; ` +
    `${integer.format(result.errors)} connection errors or timeouts.`
  );
}

function warningLines(warnings: readonly string[]): string[] {
  return warnings.map((warning) => `- **Warning:** ${warning}; treat these figures with care.`);
}

function notMeasured(reason: string): string[] {
  return [`**Not measured in this run:** ${reason.replaceAll('\n', ' ')}`, ''];
}

function tunnelSection(settings: RunSettings, outcome: Outcome<TunnelFigures>): string[] {
  const lines = [
    `## 1. Tunnelled vs plaintext: \`GET ${settings.route}\``,
    '',
    ...paragraph(
      'One server process (`bench/server.ts`: PGlite in a temporary directory, so the replay',
      'cache is in the database; no Redis;',
      `\`LOG_LEVEL=${settings.serverLogLevel}\`) started with \`CHANNEL_ALLOW_PLAINTEXT_API=true\`,`,
      'so the route answers both ways. Load: autocannon in the bench process,',
      `${settings.apiConnections} keep-alive connections, no pipelining, ${settings.durationSeconds} s`,
      `per side after a ${settings.warmupSeconds} s warm-up of each. Plaintext sends the \`GET\``,
      'with `accept: application/json`; tunnelled sends `POST /channel/tunnel` with a fresh',
      'envelope per request holding the same `GET` and header. Only 2xx answers count.',
    ),
  ];
  if (!outcome.ok) return [...lines, ...notMeasured(outcome.reason)];
  const { plaintext, tunnelled } = outcome.figures;
  return [
    ...lines,
    '| Figure | Baseline: plaintext | Tunnelled | Ratio tunnelled / plaintext |',
    '| --- | ---: | ---: | ---: |',
    `| Requests/s | ${rate(plaintext.rate)} | ${rate(tunnelled.rate)} | ${ratio(tunnelled.rate, plaintext.rate)} |`,
    `| Latency p50 (ms) | ${ms(plaintext.p50)} | ${ms(tunnelled.p50)} | ${ratio(tunnelled.p50, plaintext.p50)} |`,
    `| Latency p99 (ms) | ${ms(plaintext.p99)} | ${ms(tunnelled.p99)} | ${ratio(tunnelled.p99, plaintext.p99)} |`,
    '',
    runSummary('Plaintext', plaintext),
    runSummary('Tunnelled', tunnelled),
    `- Envelopes: ${integer.format(outcome.figures.envelopesSealed)} sealed before the run, ` +
      `${integer.format(outcome.figures.envelopesSent)} sent.`,
    ...warningLines(outcome.figures.warnings),
    '',
  ];
}

function handshakeSection(settings: RunSettings, outcome: Outcome<HandshakeFigures>): string[] {
  const lines = [
    '## 2. Handshakes vs raw RSA-OAEP decryptions',
    '',
    ...paragraph(
      "Baseline: node:crypto `privateDecrypt` (RSA-OAEP, SHA-256, 3072-bit key, the protocol's",
      `label) of a 32-byte secret in a tight loop for ${settings.rsaSeconds} s on the bench`,
      "process's main thread (one core), with the server idle. Measured: full",
      '`POST /channel/handshake` round trips against the same server (RSA-OAEP decryption, key',
      'derivation, the session stored in PGlite), autocannon with',
      `${settings.handshakeConnections} connections for ${settings.durationSeconds} s after a`,
      `${settings.warmupSeconds} s warm-up; the bodies made beforehand by \`createHandshake\``,
      '(WebCrypto client), each with its own secret.',
    ),
  ];
  if (!outcome.ok) return [...lines, ...notMeasured(outcome.reason)];
  const { rsa, handshakes } = outcome.figures;
  return [
    ...lines,
    '| Figure | Baseline: RSA-OAEP decryptions | Handshakes | Ratio handshakes / decryptions |',
    '| --- | ---: | ---: | ---: |',
    `| Per second | ${rate(rsa.rate)} | ${rate(handshakes.rate)} | ${ratio(handshakes.rate, rsa.rate)} |`,
    `| Mean time per operation (ms) | ${ms(1000 / rsa.rate)} | ${ms(1000 / handshakes.rate)} | ${ratio(rsa.rate, handshakes.rate)} |`,
    '',
    `- Decryptions: ${integer.format(rsa.count)} in ${rsa.seconds.toFixed(2)} s.`,
    runSummary('Handshakes', handshakes),
    `- Handshake bodies: ${integer.format(outcome.figures.bodiesMade)} made in ` +
      `${outcome.figures.bodiesSeconds.toFixed(1)} s, ${integer.format(outcome.figures.bodiesSent)} sent.`,
    ...warningLines(outcome.figures.warnings),
    '',
  ];
}

function sealingSection(outcome: Outcome<TunnelFigures>): string[] {
  if (!outcome.ok) return [];
  const { nodeSealRate, webSealRate } = outcome.figures;
  return [
    '## Sealing in the load generator (informational)',
    '',
    ...paragraph(
      'Why the tunnelled load is sealed with node:crypto: `sealRequest` of the WebCrypto client',
      '(`@ironcart/channel/client`, one envelope at a time, in this Node process) against the',
      'node:crypto one (`@ironcart/channel/server`) while it filled the pool. Same wire format.',
      "Node's WebCrypto is not a browser's: this says nothing about the SDK in a browser.",
    ),
    '| Figure | Baseline: node:crypto | WebCrypto | Ratio WebCrypto / node:crypto |',
    '| --- | ---: | ---: | ---: |',
    `| Envelopes sealed per second | ${rate(nodeSealRate)} | ${rate(webSealRate)} | ${ratio(webSealRate, nodeSealRate)} |`,
    '',
  ];
}

const catalogCaseLabels: Record<CatalogCaseName, string> = {
  search_common: 'Search, common word: first page',
  search_rare: 'Search, rare word: first page',
  first_page: '`sort=price_asc`: first page',
  deep_page: '`sort=price_asc`: deep page (keyset cursor)',
};

function catalogSection(outcome: Outcome<CatalogFigures>): string[] {
  const lines = ['## 3. Catalog: search and deep pages as the catalog grows', ''];
  if (!outcome.ok) return [...lines, ...notMeasured(outcome.reason)];
  const { settings, sizes } = outcome.figures;
  const measured = sizes.flatMap((size) => (size.ok ? [size.figures] : []));
  const [small, large] = [measured[0], measured.length > 1 ? measured.at(-1) : undefined];
  const sizeNames = settings.sizes.map((n) => integer.format(n)).join(' and ');
  lines.push(
    ...paragraph(
      'After the benchmarks above, the same server process fills its database with the generated',
      'bench catalog (`bench/lib/catalog-fixture.ts`: INSERT ... SELECT generate_series with word',
      'lists, not the demo seed; a command on its stdin), is measured, grows the catalog and is',
      `measured again: ${sizeNames} products. The same requests at each size, through the`,
      'channel the benchmarks above used (`POST /channel/tunnel`, a fresh envelope per request),',
      'one at a time on',
      `${settings.connections} keep-alive connection (so the figures are latencies), for`,
      `${settings.durationSeconds} s each after a ${settings.warmupSeconds} s warm-up. Every`,
      'answer carries `total`, the count of all matches. **Ratio** is the larger catalog over the',
      'smaller one, measured in the same run: 1× means the cost does not grow with the catalog, 10×',
      'that it grows in proportion.',
    ),
  );
  for (const size of sizes) {
    if (!size.ok)
      lines.push(...notMeasured(`${integer.format(size.products)} products: ${size.reason}`));
  }
  if (!small) return lines;
  const label = (f: CatalogSizeFigures) => integer.format(f.products);
  const find = (f: CatalogSizeFigures | undefined, name: CatalogCaseName) =>
    f?.cases.find((c) => c.name === name);
  const header = large
    ? [
        `| Request (total at ${label(small)} / ${label(large)}) | p50 ${label(small)} (ms) | p50 ${label(large)} (ms) | Ratio p50 | p99 ${label(small)} (ms) | p99 ${label(large)} (ms) | Ratio p99 |`,
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ]
    : [
        `| Request (total) | p50 ${label(small)} (ms) | p99 ${label(small)} (ms) |`,
        '| --- | ---: | ---: |',
      ];
  lines.push(...header);
  for (const name of Object.keys(catalogCaseLabels) as CatalogCaseName[]) {
    const a = find(small, name);
    const b = find(large, name);
    if (!a) continue;
    const totals = b
      ? `${integer.format(a.total)} / ${integer.format(b.total)}`
      : integer.format(a.total);
    const title = `${catalogCaseLabels[name]} (${totals})`;
    lines.push(
      b
        ? `| ${title} | ${ms(a.result.p50)} | ${ms(b.result.p50)} | ${ratio(b.result.p50, a.result.p50)} | ${ms(a.result.p99)} | ${ms(b.result.p99)} | ${ratio(b.result.p99, a.result.p99)} |`
        : `| ${title} | ${ms(a.result.p50)} | ${ms(a.result.p99)} |`,
    );
  }
  const pathOf = (name: CatalogCaseName) =>
    (find(small, name)?.path ?? '').replace(/cursor=[^&]+/, 'cursor=…');
  lines.push(
    '',
    ...paragraph(
      `Requests: common word \`${pathOf('search_common')}\` (a word of about 1 title in 12, so its`,
      `matches grow with the catalog); rare word \`${pathOf('search_rare')}\` (the same 20 products`,
      `at every size); first page \`${pathOf('first_page')}\`; deep page: page`,
      `${settings.deepPage} of the same listing, \`${pathOf('deep_page')}\` with the cursor that`,
      `page ${settings.deepPage - 1} returned (reached by walking the pages before it). 24 products`,
      'per page (the default).',
    ),
  );
  const depth = measured.flatMap((f) => {
    const [first, deep] = [find(f, 'first_page'), find(f, 'deep_page')];
    return first && deep
      ? [`${ratio(deep.result.p50, first.result.p50)} at ${label(f)} products`]
      : [];
  });
  if (depth.length > 0) {
    lines.push(
      ...paragraph(
        `Keyset pages: page ${settings.deepPage} over page 1 of the same listing, p50:`,
        `${depth.join(', ')} (about 1× means a page costs the same however deep it is; what grows`,
        'with the catalog is `total`, a count of every match, and for a search the ranking of',
        'every match).',
      ),
    );
  }
  for (const [index, f] of measured.entries()) {
    const how =
      index === 0
        ? `generated in ${f.fixture.seconds.toFixed(1)} s`
        : `${integer.format(f.fixture.added)} more generated in ${f.fixture.seconds.toFixed(1)} s`;
    lines.push(
      `- ${label(f)} products: ${how}; \`count(*)\` over the products for sale takes ` +
        `${ms(f.fixture.countMs)} ms inside the server; walking to page ${settings.deepPage} ` +
        `took ${f.walk.seconds.toFixed(1)} s for ${f.walk.requests} requests.`,
    );
  }
  for (const f of measured) {
    for (const c of f.cases) {
      lines.push(runSummary(`${label(f)} products, ${catalogCaseLabels[c.name]}`, c.result));
    }
    lines.push(...warningLines(f.warnings));
  }
  lines.push('');
  return lines;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function bundleSection(outcome: Outcome<BundleFigures>): string[] {
  const heading = '## 4. Storefront bundle: what a shopper downloads';
  if (!outcome.ok) return [heading, '', `Not measured: ${outcome.reason}`, ''];
  const { js, css, reactBaseline } = outcome.figures;
  return [
    heading,
    '',
    ...paragraph(
      'The production build of apps/web (Vite, the same config as `npm start` serves), gzip level 9,',
      'against a baseline built in the same run: React and React DOM alone rendering one element',
      '(esbuild, minified). The ratio says how much the storefront weighs over bare React.',
    ),
    '| Figure | Baseline: bare React | Storefront | Ratio storefront / baseline |',
    '| --- | ---: | ---: | ---: |',
    `| JavaScript, gzip | ${kib(reactBaseline.gzip)} | ${kib(js.gzip)} | ${(js.gzip / reactBaseline.gzip).toFixed(2)}× |`,
    `| JavaScript, raw | ${kib(reactBaseline.raw)} | ${kib(js.raw)} | ${(js.raw / reactBaseline.raw).toFixed(2)}× |`,
    '',
    `- ${js.files} JavaScript file(s); CSS ${kib(css.gzip)} gzip (${kib(css.raw)} raw).`,
    '',
  ];
}

export function renderReport(report: Report): string {
  const { machine, settings } = report;
  const lines = [
    '# Ironcart benchmarks',
    '',
    ...paragraph(
      'Written by `npm run bench` (`bench/run.ts`) and overwritten by every run. The machine is',
      'shared and absolute numbers vary from run to run, so every figure stands next to a',
      'baseline measured in the same run: compare the **ratios** between runs, not the absolute',
      'numbers. How to read them: `bench/README.md`.',
    ),
    `- Date: ${report.date.toISOString()}`,
    `- Code: ${report.source}`,
    `- OS: ${machine.os}`,
    `- CPU: ${machine.cpu}, ${machine.cores} cores`,
    `- Memory: ${machine.memoryGiB.toFixed(1)} GiB`,
    `- Node: ${machine.node}`,
    `- Load average at the start (1, 5, 15 min): ${machine.loadAverage.map((v) => v.toFixed(2)).join(', ')}`,
    `- Whole run: ${report.totalSeconds.toFixed(0)} s`,
    '',
    ...tunnelSection(settings, report.tunnel),
    ...handshakeSection(settings, report.handshake),
    ...catalogSection(report.catalog),
    ...bundleSection(report.bundle),
    ...sealingSection(report.tunnel),
  ];
  return lines.join('\n');
}
