import { ENDPOINT_TUNNEL, ENVELOPE_MEDIA_TYPE } from '@ironcart/channel';
import {
  COMMON_WORD,
  type FixtureResult,
  RARE_WORD,
  RARE_WORD_PRODUCTS,
} from './catalog-fixture.js';
import { type BenchChannel, innerRequest, sealEnvelopes, tunnelGetJson } from './channel.js';
import { BodyPool, type LoadOptions, type LoadResult, loadWarnings, runLoad } from './load.js';
import type { ServerUnderTest } from './server-process.js';

export interface CatalogSettings {
  sizes: number[];
  /** Sequential requests: one keep-alive connection, so the figures are latencies. */
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** The page the deep-page case asks for (the API's default page size, 24). */
  deepPage: number;
}

export type CatalogCaseName = 'search_common' | 'search_rare' | 'first_page' | 'deep_page';

export interface CatalogCase {
  name: CatalogCaseName;
  /** The inner request, as the SDK would send it (the cursor shortened in reports). */
  path: string;
  /** `total` and the number of items in the answer (checked before the load). */
  total: number;
  items: number;
  result: LoadResult;
}

export interface CatalogSizeFigures {
  products: number;
  fixture: FixtureResult;
  /** The generation command's round trip, as the bench saw it. */
  readySeconds: number;
  /** Walking pages 1 to deepPage - 1 to get the cursor of the deep page. */
  walk: { requests: number; seconds: number };
  cases: CatalogCase[];
  warnings: string[];
}

export type CatalogSizeOutcome =
  | { products: number; ok: true; figures: CatalogSizeFigures }
  | { products: number; ok: false; reason: string };

export interface CatalogFigures {
  settings: CatalogSettings;
  sizes: CatalogSizeOutcome[];
}

interface ProductPageAnswer {
  items: unknown[];
  nextCursor: string | null;
  total: number;
}

/** The envelopes of a warm-up: more than one connection can use in the warm-up's time. */
const WARMUP_ENVELOPES_PER_SECOND = 1500;
/** The measured run's pool: the warm-up's rate times this, plus a margin. */
const RATE_HEADROOM = 3;
/** What a case needs besides its warm-up and run (sealing, checks), seconds, generous. */
const MEASURE_SECONDS_PER_CASE = 1;

export interface CatalogBenchmarkOptions {
  settings: CatalogSettings;
  /** The server under test; its database has no products yet. */
  server: ServerUnderTest;
  /** A channel open with that server. */
  channel: BenchChannel;
  /** When the whole run must be over (performance.now() time); sizes that cannot fit are skipped. */
  deadline: number;
  log: (message: string) => void;
  /** Another benchmark to run on the catalog as it is after each size was measured. */
  afterSize?: (products: number) => Promise<void>;
}

async function getPage(baseUrl: string, channel: BenchChannel, path: string) {
  const { status, json } = await tunnelGetJson(baseUrl, channel, path);
  if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${JSON.stringify(json)}`);
  return json as ProductPageAnswer;
}

/** One case: a 1 s warm-up sizes the envelope pool, then the measured run. */
async function measure(
  baseUrl: string,
  channel: BenchChannel,
  settings: CatalogSettings,
  path: string,
): Promise<LoadResult> {
  const inner = innerRequest(path);
  const load = (bodies: BodyPool, durationSeconds: number): LoadOptions => ({
    baseUrl,
    method: 'POST',
    path: ENDPOINT_TUNNEL,
    headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
    connections: settings.connections,
    durationSeconds,
    bodies,
  });
  const warmCount = Math.ceil(WARMUP_ENVELOPES_PER_SECOND * settings.warmupSeconds);
  const warm = await runLoad(
    load(new BodyPool(sealEnvelopes(channel, inner, warmCount)), settings.warmupSeconds),
  );
  const count =
    Math.ceil(Math.max(warm.rate * RATE_HEADROOM, 100) * settings.durationSeconds) +
    20 * settings.connections;
  return runLoad(
    load(new BodyPool(sealEnvelopes(channel, inner, count)), settings.durationSeconds),
  );
}

async function measureSize(
  baseUrl: string,
  channel: BenchChannel,
  fixture: FixtureResult,
  readySeconds: number,
  options: CatalogBenchmarkOptions,
): Promise<CatalogSizeFigures> {
  const { settings, log } = options;
  const { products } = fixture;
  log(
    `${products} products (${fixture.variants} variants): ${fixture.added} generated in ${fixture.seconds.toFixed(1)} s; ` +
      `count(*) in the server ${fixture.countMs.toFixed(1)} ms`,
  );

  // The cursor of the deep page: the pages before it, one by one, as a shopper would.
  const walkStart = performance.now();
  let cursor: string | undefined;
  for (let page = 1; page < settings.deepPage; page++) {
    const query = new URLSearchParams({ sort: 'price_asc', ...(cursor ? { cursor } : {}) });
    const answer = await getPage(baseUrl, channel, `/api/v1/products?${query}`);
    if (!answer.nextCursor) throw new Error(`page ${page} is the last one`);
    cursor = answer.nextCursor;
  }
  const walk = {
    requests: settings.deepPage - 1,
    seconds: (performance.now() - walkStart) / 1000,
  };
  log(`walked to page ${settings.deepPage} in ${walk.seconds.toFixed(1)} s`);

  const paths: Record<CatalogCaseName, string> = {
    search_common: `/api/v1/products?q=${COMMON_WORD}`,
    search_rare: `/api/v1/products?q=${RARE_WORD}`,
    first_page: '/api/v1/products?sort=price_asc',
    deep_page: `/api/v1/products?${new URLSearchParams({ sort: 'price_asc', cursor: cursor ?? '' })}`,
  };
  const expectedTotals: Record<CatalogCaseName, number | undefined> = {
    search_common: undefined,
    search_rare: RARE_WORD_PRODUCTS,
    first_page: products,
    deep_page: products,
  };
  const cases: CatalogCase[] = [];
  const warnings: string[] = [];
  for (const [name, path] of Object.entries(paths) as [CatalogCaseName, string][]) {
    const check = await getPage(baseUrl, channel, path);
    const expectedItems = name === 'search_rare' ? RARE_WORD_PRODUCTS : 24;
    if (check.items.length !== expectedItems) {
      throw new Error(`${name}: ${check.items.length} items, expected ${expectedItems}`);
    }
    const expectedTotal = expectedTotals[name];
    if (expectedTotal !== undefined && check.total !== expectedTotal) {
      throw new Error(`${name}: total ${check.total}, expected ${expectedTotal}`);
    }
    const result = await measure(baseUrl, channel, settings, path);
    const after = await tunnelGetJson(baseUrl, channel, path);
    if (after.status !== 200) {
      warnings.push(`${products} ${name}: a request after the run answered ${after.status}`);
    }
    warnings.push(...loadWarnings(`${products} ${name}`, result));
    log(
      `${products} ${name}: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
        `${result.rate.toFixed(0)}/s (total ${check.total})`,
    );
    cases.push({ name, path, total: check.total, items: check.items.length, result });
  }
  return { products, fixture, readySeconds, walk, cases, warnings };
}

/** Seconds one size's measurements take (cases, walk, checks), generously. */
function measureSeconds(settings: CatalogSettings): number {
  return 4 * (settings.warmupSeconds + settings.durationSeconds + MEASURE_SECONDS_PER_CASE) + 8;
}

function isFixture(value: unknown): value is FixtureResult {
  const fixture = value as FixtureResult | undefined;
  return (
    typeof fixture?.products === 'number' &&
    typeof fixture.variants === 'number' &&
    typeof fixture.added === 'number' &&
    typeof fixture.seconds === 'number' &&
    typeof fixture.countMs === 'number'
  );
}

/**
 * The catalog benchmark, on the server under test and the channel the other benchmarks used:
 * the server generates the catalog at the first size (a command on its stdin), is measured,
 * grows it to each next size and is measured again, the same requests at every size.
 */
export async function catalogBenchmark(options: CatalogBenchmarkOptions): Promise<CatalogFigures> {
  const { settings, server, channel, log } = options;
  const sizes: CatalogSizeOutcome[] = [];
  const secondsLeft = () => (options.deadline - performance.now()) / 1000;
  // The first generation has no rate to go by: 10,000 products took 2-3 s here.
  let secondsPerProduct = 0.0005;
  let have = 0;
  for (const products of settings.sizes) {
    // Generation slows down as the tables and indexes grow: budget half as much again.
    const estimate = (products - have) * secondsPerProduct * 1.5;
    const budget = secondsLeft() - measureSeconds(settings);
    if (budget < estimate) {
      const reason =
        `generating the catalog up to ${integer(products)} products would take about ` +
        `${Math.round(estimate)} s at the rate of the last generation, and the run has ` +
        `${Math.max(0, Math.round(budget))} s left for it`;
      log(`catalog ${products}: not measured: ${reason}`);
      sizes.push({ products, ok: false, reason });
      continue;
    }
    try {
      log(`catalog: generating products ${have + 1} to ${products} in the server`);
      const start = performance.now();
      const fixture = await server.command<unknown>('growCatalog', products, budget * 1000);
      if (!isFixture(fixture) || fixture.products !== products) {
        throw new Error(`generating failed: unexpected answer ${JSON.stringify(fixture)}`);
      }
      const readySeconds = (performance.now() - start) / 1000;
      secondsPerProduct = fixture.seconds / fixture.added;
      have = products;
      sizes.push({
        products,
        ok: true,
        figures: await measureSize(server.baseUrl, channel, fixture, readySeconds, options),
      });
      await options.afterSize?.(products);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`catalog ${products} failed: ${reason}`);
      sizes.push({ products, ok: false, reason });
      // The server's catalog is in an unknown state: the larger sizes are not measured.
      for (const rest of settings.sizes.slice(sizes.length)) {
        sizes.push({ products: rest, ok: false, reason: `not measured after: ${reason}` });
      }
      break;
    }
  }
  return { settings, sizes };
}

const integer = (value: number) => new Intl.NumberFormat('en-US').format(value);
