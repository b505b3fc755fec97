import { ApiError, IroncartClient, MemorySessionStore, newIdempotencyKey } from '@ironcart/sdk';
import { percentile } from './load.js';
import { type ServerUnderTest, serverStatements } from './server-process.js';
import { buyerEmail, type ShopFixture, type StockLedgerRow } from './shop-fixture.js';

export interface CheckoutSettings {
  buyers: number;
  products: number;
  /** Units of each hot product at the start: few enough to sell out during the run. */
  stock: number;
  /** The longest the buying runs; it ends `tailSeconds` after everything sold out. */
  durationSeconds: number;
  tailSeconds: number;
  /** The baseline: the same buyers reading their carts, this long. */
  baselineSeconds: number;
  loginConcurrency: number;
  /** Checkouts made one at a time after the run, their SQL statements counted one by one. */
  probeCheckouts: number;
}

/** SQL statements the server sent for one request (all of them, the channel's included). */
export interface StatementCounts {
  /** The request, one at a time with nothing else running, each: median, least and most. */
  median: number;
  min: number;
  max: number;
}

export interface CheckoutStatements {
  /** One paid `POST /api/v1/checkout` through the channel (one unit, one line). */
  checkout: StatementCounts;
  /** The add-to-cart before it. */
  addToCart: StatementCounts;
  /** A `GET /api/v1/cart` through the channel: what any request of a logged-in buyer costs. */
  cartRead: StatementCounts;
  /** Every statement during the contended run (logins excepted) over its paid orders. */
  perPaidOrderInRun: number;
}

/** Requests of one kind: how many, over which span, and their latency. */
export interface Tally {
  count: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
}

export interface CheckoutFigures {
  settings: CheckoutSettings;
  fixture: ShopFixture;
  loginSeconds: number;
  /** Baseline: tunnelled `GET /api/v1/cart` by the same logged-in buyers. */
  cartReads: Tally;
  /**
   * Paid orders (201), over the span until the last product sold out (or the whole run);
   * latency of the `POST /api/v1/checkout` alone.
   */
  paid: Tally;
  /**
   * Sold-out refusals (409 at add-to-cart or checkout), over the span after the sell-out (the
   * whole run if it did not sell out); latency from the add-to-cart to the refusal.
   */
  refused: Tally;
  /** Seconds from the start to the moment every hot product was sold out, if it happened. */
  soldOutAfter: number | undefined;
  runSeconds: number;
  /** Anything else: another status, a transport failure. */
  errors: number;
  errorSamples: string[];
  ledger: StockLedgerRow[];
  /** Units sold beyond the initial stock, summed over the products (must be 0). */
  oversold: number;
  /** Paid units in the database vs paid orders the buyers were told about (must be equal). */
  paidUnitsInDatabase: number;
  statements: CheckoutStatements;
  warnings: string[];
}

const PASSWORD = 'bench-buyer-passphrase-7731';
const card = () => ({
  number: '4242424242424242',
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: '123',
  holder: 'Bench Buyer',
});
const billing = {
  name: 'Bench Buyer',
  line1: '1 Loopback Road',
  city: 'Portland',
  postalCode: '97204',
  country: 'US',
};
/** No SDK call may hang the run. */
const REQUEST_TIMEOUT_MS = 15_000;
const boundedFetch: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

const isSoldOut = (error: unknown) =>
  error instanceof ApiError && error.status === 409 && error.code === 'insufficient_stock';

/** Collects latencies; the rate is over a span the caller chooses. */
class Latencies {
  readonly values: number[] = [];
  tally(seconds: number): Tally {
    const sorted = [...this.values].sort((a, b) => a - b);
    const count = sorted.length;
    return {
      count,
      seconds,
      rate: seconds > 0 ? count / seconds : Number.NaN,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
    };
  }
}

function counts(values: number[]): StatementCounts {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * One buyer, nothing else running: cart read, add-to-cart, checkout, `probeCheckouts` times,
 * the server's statement counter read (a command on its stdin) before each request and once its
 * answer has arrived. Work a server deferred past its answer would not be counted.
 */
async function countStatementsPerRequest(
  server: ServerUnderTest,
  buyer: IroncartClient,
  productId: string,
  times: number,
): Promise<Omit<CheckoutStatements, 'perPaidOrderInRun'>> {
  const spent = async (request: () => Promise<unknown>) => {
    const before = await serverStatements(server);
    await request();
    return (await serverStatements(server)) - before;
  };
  const reads: number[] = [];
  const adds: number[] = [];
  const checkouts: number[] = [];
  await buyer.emptyCart();
  for (let i = 0; i < times; i++) {
    reads.push(await spent(() => buyer.cart()));
    let version = '';
    adds.push(
      await spent(async () => {
        version = (await buyer.addToCart(productId, 1)).version;
      }),
    );
    checkouts.push(
      await spent(() =>
        buyer.checkout({ card: card(), billing, cartVersion: version }, newIdempotencyKey()),
      ),
    );
  }
  return { checkout: counts(checkouts), addToCart: counts(adds), cartRead: counts(reads) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** Runs `fn` for each index with at most `limit` at a time. */
async function eachLimited(count: number, limit: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/**
 * Checkouts under contention: `buyers` logged-in shoppers (the SDK, each its own channel and
 * keep-alive connections) each loop add-to-cart + checkout of one unit of one of the hot products
 * (a fresh idempotency key per attempt) until everything is sold out, against the same buyers
 * reading their carts as the baseline. Afterwards the database must show no unit sold twice.
 */
export async function checkoutBenchmark(options: {
  server: ServerUnderTest;
  settings: CheckoutSettings;
  log: (message: string) => void;
}): Promise<CheckoutFigures> {
  const { server, settings, log } = options;
  const fixture = await server.command<ShopFixture>(
    'shopFixture',
    {
      buyers: settings.buyers,
      products: settings.products,
      stock: settings.stock,
      probeUnits: settings.probeCheckouts,
      password: PASSWORD,
    },
    60_000,
  );
  log(
    `checkout: ${fixture.buyers} buyers and ${fixture.productIds.length} products made in ${fixture.seconds.toFixed(1)} s`,
  );

  const loginStart = performance.now();
  const buyers = Array.from(
    { length: settings.buyers },
    () =>
      new IroncartClient({
        baseUrl: server.baseUrl,
        fetch: boundedFetch,
        store: new MemorySessionStore(),
      }),
  );
  await eachLimited(buyers.length, settings.loginConcurrency, async (i) => {
    await buyers[i]?.login({ email: buyerEmail(i + 1), password: PASSWORD });
  });
  const loginSeconds = (performance.now() - loginStart) / 1000;
  log(`checkout: ${buyers.length} buyers logged in in ${loginSeconds.toFixed(1)} s`);

  let errors = 0;
  const errorSamples: string[] = [];
  const failed = (error: unknown) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(String(error).slice(0, 200));
  };

  // Baseline: the same buyers, the same channel, a read of the cart (what a shopper does most).
  const cartReads = new Latencies();
  const baselineEnd = performance.now() + settings.baselineSeconds * 1000;
  const baselineStart = performance.now();
  await Promise.all(
    buyers.map(async (buyer) => {
      while (performance.now() < baselineEnd) {
        try {
          cartReads.values.push((await timed(() => buyer.cart())).ms);
        } catch (error) {
          failed(error);
        }
      }
    }),
  );
  const cartTally = cartReads.tally((performance.now() - baselineStart) / 1000);
  log(
    `checkout baseline: ${cartTally.rate.toFixed(0)} cart reads/s, p50 ${cartTally.p50.toFixed(1)} ms`,
  );

  const statementsBefore = await serverStatements(server);
  const paid = new Latencies();
  const refused = new Latencies();
  const soldOut = new Set<string>();
  let soldOutAt: number | undefined;
  const start = performance.now();
  let end = start + settings.durationSeconds * 1000;
  const markSoldOut = (productId: string) => {
    soldOut.add(productId);
    if (soldOutAt === undefined && soldOut.size === fixture.productIds.length) {
      soldOutAt = performance.now();
      end = Math.min(end, soldOutAt + settings.tailSeconds * 1000);
    }
  };
  await Promise.all(
    buyers.map(async (buyer, b) => {
      for (let round = 0; performance.now() < end; round++) {
        const productId = fixture.productIds[(b + round) % fixture.productIds.length] ?? '';
        const attemptStart = performance.now();
        try {
          const cart = await buyer.addToCart(productId, 1);
          const checkout = await timed(() =>
            buyer.checkout(
              { card: card(), billing, cartVersion: cart.version },
              newIdempotencyKey(),
            ),
          );
          paid.values.push(checkout.ms);
        } catch (error) {
          if (!isSoldOut(error)) {
            failed(error);
            continue;
          }
          refused.values.push(performance.now() - attemptStart);
          markSoldOut(productId);
          // A refusal at checkout leaves the unit in the cart: start the next round empty.
          await buyer.emptyCart().catch(failed);
        }
      }
    }),
  );
  const stop = performance.now();
  const statementsInRun = (await serverStatements(server)) - statementsBefore;
  const runSeconds = (stop - start) / 1000;
  const sellingSeconds = ((soldOutAt ?? stop) - start) / 1000;
  const paidTally = paid.tally(sellingSeconds);
  const refusedTally = refused.tally(
    soldOutAt === undefined ? runSeconds : (stop - soldOutAt) / 1000,
  );
  log(
    `checkout: ${paidTally.count} paid (${paidTally.rate.toFixed(1)}/s), ` +
      `${refusedTally.count} refused, ${errors} errors in ${runSeconds.toFixed(1)} s`,
  );

  const ledger = await server.command<StockLedgerRow[]>('stockLedger', fixture.productIds, 30_000);
  const sold = (row: StockLedgerRow) => (row.units.paid ?? 0) + (row.units.pending ?? 0);
  const oversold = ledger.reduce(
    (sum, row) => sum + Math.max(0, sold(row) - fixture.stock, -row.stock),
    0,
  );
  const paidUnitsInDatabase = ledger.reduce((sum, row) => sum + (row.units.paid ?? 0), 0);
  const warnings: string[] = [];
  for (const row of ledger) {
    if (row.stock < 0 || row.stock + sold(row) !== fixture.stock) {
      warnings.push(
        `${row.productId}: stock ${row.stock} + ${sold(row)} ordered ≠ ${fixture.stock} at the start`,
      );
    }
  }
  if (paidUnitsInDatabase !== paidTally.count) {
    warnings.push(
      `${paidUnitsInDatabase} paid units in the database, ${paidTally.count} paid answers`,
    );
  }
  if (errors > 0) warnings.push(`${errors} requests failed otherwise (first: ${errorSamples[0]})`);
  const [first] = buyers;
  if (!first) throw new Error('no buyers');
  const statements: CheckoutStatements = {
    ...(await countStatementsPerRequest(
      server,
      first,
      fixture.probeProductId,
      settings.probeCheckouts,
    )),
    perPaidOrderInRun: paidTally.count > 0 ? statementsInRun / paidTally.count : Number.NaN,
  };
  log(
    `checkout: ${statements.checkout.median} SQL statements per checkout, ` +
      `${statements.addToCart.median} per add-to-cart, ${statements.cartRead.median} per cart read ` +
      `(medians of ${settings.probeCheckouts}); ${statements.perPaidOrderInRun.toFixed(1)} per paid order in the run`,
  );
  await Promise.all(buyers.map((buyer) => buyer.logout().catch(() => undefined)));

  return {
    settings,
    fixture,
    loginSeconds,
    cartReads: cartTally,
    paid: paidTally,
    refused: refusedTally,
    soldOutAfter: soldOutAt === undefined ? undefined : (soldOutAt - start) / 1000,
    runSeconds,
    errors,
    errorSamples,
    ledger,
    oversold,
    paidUnitsInDatabase,
    statements,
    warnings,
  };
}
