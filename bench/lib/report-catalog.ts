import {
  type BackendFigures,
  type BackendName,
  type Backends,
  backendLabels,
  type Outcome,
  perBackend,
} from './backends.js';
import type { CatalogCaseName, CatalogFigures, CatalogSizeFigures } from './catalog.js';
import {
  cpuMs,
  integer,
  ms,
  notMeasured,
  paragraph,
  rate,
  ratio,
  runSummary,
  table,
  warningLines,
} from './format.js';
import { atLeast, GOALS } from './goals.js';
import type { RouteSettings } from './routes.js';
import { CATALOG_LIST_ROUTE, type VersusBareFigures } from './versus-bare.js';

const catalogCaseLabels: Record<CatalogCaseName, string> = {
  search_common: 'Search, common word: first page',
  search_rare: 'Search, rare word: first page',
  first_page: '`sort=price_asc`: first page',
  deep_page: '`sort=price_asc`: deep page (keyset cursor)',
};

export function catalogSection(backends: Backends): string[] {
  const lines = ['## 5. Catalog: search and deep pages as the catalog grows', ''];
  const settings = Object.values(backends).flatMap((b) =>
    b.ok && b.figures.catalog.ok ? [b.figures.catalog.figures.settings] : [],
  )[0];
  if (settings) {
    const sizeNames = settings.sizes.map((n) => integer.format(n)).join(' and ');
    lines.push(
      ...paragraph(
        'After the benchmarks above, each server process fills its database with the generated',
        'bench catalog (`bench/lib/catalog-fixture.ts`: INSERT ... SELECT generate_series with word',
        'lists, 25,000 rows per statement, not the demo seed; a command on its stdin), is measured,',
        `grows the catalog and is measured again: ${sizeNames} products. The same requests at each`,
        'size, through the channel the benchmarks above used (`POST /channel/tunnel`, a fresh',
        `envelope per request), one at a time on ${settings.connections} keep-alive connection (so`,
        `the figures are latencies), for ${settings.durationSeconds} s each after a`,
        `${settings.warmupSeconds} s warm-up. Every answer carries \`total\`, the count of all`,
        'matches. **Ratio** is the larger catalog over the smaller one, measured in the same run:',
        '1× means the cost does not grow with the catalog, 10× that it grows in proportion.',
      ),
    );
  }
  for (const [name, backend] of Object.entries(backends) as [
    BackendName,
    Outcome<BackendFigures>,
  ][]) {
    const outcome = backend.ok ? backend.figures.catalog : backend;
    lines.push(`### ${backendLabels[name]}`, '');
    lines.push(...(outcome.ok ? catalogTables(outcome.figures) : notMeasured(outcome.reason)));
  }
  return lines;
}

/** One database's catalog figures: the table by size, the requests, generation and runs. */
function catalogTables({ settings, sizes }: CatalogFigures): string[] {
  const lines: string[] = [];
  const measured = sizes.flatMap((size) => (size.ok ? [size.figures] : []));
  const [small, large] = [measured[0], measured.length > 1 ? measured.at(-1) : undefined];
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
    const earlier = f.products - f.fixture.added;
    const how =
      index === 0 && earlier === 0
        ? `generated in ${f.fixture.seconds.toFixed(1)} s`
        : `${integer.format(f.fixture.added)} generated in ${f.fixture.seconds.toFixed(1)} s after the first ${integer.format(earlier)}`;
    lines.push(
      `- ${label(f)} products (${integer.format(f.fixture.variants)} variants): ${how}; \`count(*)\` over the products for sale takes ` +
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

export function versusBareSection(settings: RouteSettings, backends: Backends): string[] {
  const parts = [
    perBackend(backends, (b) => b.versusBareSmall, versusBareRows),
    perBackend(backends, (b) => b.versusBare, versusBareRows),
  ];
  // By database, then the small catalog before the generated one.
  const order = Object.values(backendLabels);
  const rows = parts
    .flatMap((part) => part.rows)
    .sort((a, b) => order.indexOf(a[0] ?? '') - order.indexOf(b[0] ?? ''));
  const generated = parts[1]?.measured[0]?.[1].products;
  return [
    '## 2. Catalog list and product page: through the channel vs a bare Fastify route',
    '',
    ...paragraph(
      `On a catalog of exactly 24 products (one page of the list, the same work as other`,
      'platforms are compared on: the first 24 products of the generated catalog) and on the',
      `first size of section 5 (${generated ? `${integer.format(generated)} products` : 'not measured'}),`,
      'the catalog list (`GET /api/v1/products?limit=24`) and the page of one',
      'product from that list (`GET /api/v1/products/<id>`), each answered three ways:',
      '**baseline**, a bare Fastify instance (`bench/lib/bare-server.ts`: own port in the server',
      'process, no plugins, no hooks, no database) serving the JSON bytes the real API returned',
      'for that request, captured once through the channel and held as a constant; the app in',
      'plaintext; the app through the channel (`POST /channel/tunnel`, a fresh envelope per',
      `request). autocannon, ${settings.connections} keep-alive connections, ${settings.durationSeconds} s`,
      `each after a ${settings.warmupSeconds} s warm-up. **Ratio** = requests/s over the bare`,
      "route's: the share of a bare server's throughput the store keeps for the same bytes.",
      "**Server CPU**: the server process's CPU time per answer of the plaintext and channel runs",
      '(as in section 1). **Goal**: the target of issue 16 for channel / bare.',
    ),
    ...table(
      [
        'Database',
        'Catalog',
        'Request',
        'Baseline: bare req/s',
        'Plaintext req/s',
        'Channel req/s',
        'Ratio channel / bare',
        'Goal',
        'Ratio plaintext / bare',
        'p50 bare / plaintext / channel (ms)',
        'Server CPU plaintext / channel (ms/request)',
      ],
      rows,
      3,
    ),
    // A database not measured at all says so once.
    ...[...new Set(parts.flatMap((part) => part.notes).filter(Boolean))].flatMap((note) => [
      note,
      '',
    ]),
    ...parts.flatMap((part) =>
      part.measured.flatMap(([name, f]) =>
        f.routes.flatMap((r) => {
          const what = `${backendLabels[name]}, ${integer.format(f.products)} products, \`${r.route}\``;
          return [
            ...(r.bare ? [runSummary(`${what}, bare`, r.bare)] : []),
            runSummary(`${what}, plaintext`, r.plaintext),
            runSummary(`${what}, channel`, r.tunnelled),
            ...warningLines(r.warnings),
          ];
        }),
      ),
    ),
    '',
  ];
}

function versusBareRows({ products, routes }: VersusBareFigures, label: string): string[][] {
  return routes.flatMap(({ route, bare, plaintext, tunnelled, serverCpu }) => {
    if (!bare) return [];
    const isList = route === CATALOG_LIST_ROUTE;
    return [
      [
        label,
        `${integer.format(products)} products`,
        `\`${isList ? route : route.replace(/[^/]+$/, '<id>')}\``,
        rate(bare.rate),
        rate(plaintext.rate),
        rate(tunnelled.rate),
        ratio(tunnelled.rate, bare.rate),
        atLeast(isList ? GOALS.listOverBare : GOALS.productOverBare),
        ratio(plaintext.rate, bare.rate),
        `${ms(bare.p50)} / ${ms(plaintext.p50)} / ${ms(tunnelled.p50)}`,
        serverCpu ? `${cpuMs(serverCpu.plaintext)} / ${cpuMs(serverCpu.tunnelled)}` : 'n/a',
      ],
    ];
  });
}
