import { type IroncartClient, MemorySessionStore, newIdempotencyKey } from '@ironcart/sdk';
import type fc from 'fast-check';
import { createUser } from '../modules/accounts/service.js';
import { categories, products, productVariants } from '../modules/catalog/tables.js';
import { orders } from '../modules/orders/tables.js';
import { createTestApp, type TestApp } from '../test-support/app.js';
import { firstVariantInStock } from '../test-support/catalog.js';
import type { DriverName } from '../test-support/databases.js';
import { sdkFor } from '../test-support/sdk.js';
import { Oracle, Tally } from './oracle.js';
import type { KnownIds } from './requests.js';
import { allRoutes, type Route } from './routes.js';

/** The app under fuzz on one driver: the demo catalog, a customer with an order, an admin. */
export interface FuzzTarget {
  t: TestApp;
  routes: Route[];
  known: KnownIds;
  oracle: Oracle;
  personas: Record<'guest' | 'customer' | 'admin', IroncartClient>;
}

export const PASSWORD = 'correct horse battery staple';
export const CUSTOMER_EMAIL = 'fuzz-customer@example.com';
export const ADMIN_EMAIL = 'fuzz-admin@example.com';

/**
 * The seed of every property, printed on failure by fast-check together with the path to the
 * counterexample. `FUZZ_SEED=<n>` replays a run; `FUZZ_RUNS=<factor>` scales its length.
 */
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const runsFactor = Number(process.env.FUZZ_RUNS ?? 1);

export function runs(base: number): number {
  return Math.max(1, Math.round(base * runsFactor));
}

/**
 * fast-check parameters shared by every property: seeded, no shrinking (each run is costly and
 * changes the database). A failure reports the seed, the path to replay and the oracle's own
 * description of the request, not fast-check's dump of megabyte-sized counterexamples.
 */
export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  return {
    seed: fuzzSeed,
    numRuns: runs(numRuns),
    endOnFailure: true,
    reporter(details) {
      if (!details.failed) return;
      const cause = details.errorInstance;
      throw new Error(
        `fuzz failure (replay: FUZZ_SEED=${details.seed}, fast-check path "${details.counterexamplePath}"): ` +
          `${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    },
  };
}

/** Every route enumerated; fewer than this means the enumeration silently broke. */
export const MIN_ROUTES = 50;

export async function startTarget(driver: DriverName): Promise<FuzzTarget> {
  const t = await createTestApp(driver);
  await t.app.ready();
  const db = t.testDatabase.database.db;
  const personas = {
    guest: sdkFor(t.app, { store: new MemorySessionStore() }),
    customer: await loggedIn(t, CUSTOMER_EMAIL, 'customer'),
    admin: await loggedIn(t, ADMIN_EMAIL, 'admin'),
  };
  // A real order, so order routes (invoices, admin cancel and refund) find a row to work on.
  // Cart lines name variants: the first one in stock (a size, or a product's only variant).
  const first = await firstVariantInStock(db);
  const cart = await personas.customer.addToCart(first.id, 1);
  await personas.customer.checkout(
    {
      card: {
        number: '4242 4242 4242 4242',
        expMonth: 12,
        expYear: new Date().getUTCFullYear() + 2,
        cvc: '123',
        holder: 'Fuzz Customer',
      },
      billing: {
        name: 'Fuzz',
        line1: '1 Main St',
        city: 'Portland',
        postalCode: '97204',
        country: 'US',
      },
      cartVersion: cart.version,
    },
    newIdempotencyKey(),
  );
  const known: KnownIds = {
    // Product ids and variant ids together: the cart and the legacy API name variants (a
    // product without options by its own id), the catalog's paths products.
    products: [
      ...new Set([
        ...(await db.select({ id: products.id }).from(products)).map((row) => row.id),
        ...(await db.select({ id: productVariants.id }).from(productVariants)).map((row) => row.id),
      ]),
    ],
    categories: (await db.select({ id: categories.id }).from(categories)).map((row) => row.id),
    orders: (await db.select({ id: orders.id }).from(orders)).map((row) => row.id),
  };
  return { t, routes: allRoutes(t.app), known, oracle: new Oracle(db, new Tally()), personas };
}

async function loggedIn(
  t: TestApp,
  email: string,
  role: 'customer' | 'admin',
): Promise<IroncartClient> {
  await createUser(t.testDatabase.database.db, { email, password: PASSWORD, name: role, role });
  const client = sdkFor(t.app, { store: new MemorySessionStore() });
  await client.login({ email, password: PASSWORD });
  return client;
}

/** Fails the suite on an unhandled rejection: a request that crashed outside its handler. */
export function watchUnhandledRejections(): { stop(): unknown[] } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  return {
    stop() {
      process.off('unhandledRejection', listener);
      return seen;
    },
  };
}

/**
 * Runs one property per route and reports every route that failed, not only the first: one
 * bug must not hide the routes after it.
 */
export async function forEachRoute<R extends { method: string; path: string }>(
  routes: readonly R[],
  property: (route: R) => Promise<void>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const route of routes) {
    await property(route).catch((error: unknown) => {
      failures.push(`${route.method} ${route.path}: ${(error as Error).message}`);
    });
  }
  return failures;
}
