import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rateLimitGroups } from '../config.js';
import { type Database, databaseTargetFor, openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { createUser } from '../modules/accounts/service.js';
import {
  categories,
  productOptions,
  products,
  productVariants,
} from '../modules/catalog/tables.js';
import { createScratchPostgres } from '../test-support/databases.js';

export const BUYER_PASSWORD = 'chaos monkey buys boots';

/**
 * What buyers add: a few hot products (each its default variant), small enough stock that
 * buyers compete for the last units, and a jersey in two sizes whose M has one unit left, so
 * every buyer who picks it races for the last unit of one size.
 */
const plain = Array.from({ length: 10 }, (_, i) => ({
  id: `chaos-item-${i + 1}`,
  productId: `chaos-item-${i + 1}`,
  title: `Chaos Item ${i + 1}`,
  priceCents: 1_500 + 250 * i,
  size: null,
  stock: 40,
}));
const jersey = { id: 'chaos-jersey', title: 'Chaos Jersey', priceCents: 4_000 };
const sized = [
  { id: 'chaos-jersey-s', size: 'S', stock: 40 },
  { id: 'chaos-jersey-m', size: 'M', stock: 1 },
].map((variant) => ({
  ...variant,
  productId: jersey.id,
  title: jersey.title,
  priceCents: jersey.priceCents,
}));
export const catalog = [...plain, ...sized];

export const buyerEmail = (n: number) => `chaos-buyer-${n}@example.com`;

/**
 * Where the server keeps its data, as the server process and this test process both reach it.
 * `env` is the whole server environment, so `loadConfig(env)` gives this process the very
 * configuration the server runs with.
 */
export interface ChaosStore {
  readonly kind: 'postgres' | 'pglite';
  readonly env: Record<string, string>;
  /** Opens the database here. PGlite: only while no server process has it open. */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

/** Every rate limit out of the way: all buyers come from one address. */
const roomyRateLimits = Object.fromEntries(
  rateLimitGroups.map((group) => [`RATE_LIMIT_${group.toUpperCase()}`, '1000000/1m']),
);

function serverEnv(dataDir: string, databaseUrl: string | undefined): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    // Fixed, so each restart (and the sweeping app here) unwraps the channel keys it stored.
    CHANNEL_KEK: '5eed'.repeat(16),
    SEED_DEMO_CATALOG: 'false',
    // Long enough between authorize and capture that kills land inside the payment.
    TEST_GATEWAY_LATENCY_MS: '40',
    RESERVATION_MINUTES: '1',
    LOG_LEVEL: 'warn',
    ...roomyRateLimits,
  };
}

export async function postgresStore(): Promise<ChaosStore> {
  const scratch = await createScratchPostgres();
  return storeAt('postgres', scratch.url, () => scratch.drop());
}

/** PGlite in a data directory of its own, as `npm start` runs it. */
export function pgliteStore(): Promise<ChaosStore> {
  return storeAt('pglite', undefined, async () => {});
}

async function storeAt(
  kind: ChaosStore['kind'],
  databaseUrl: string | undefined,
  drop: () => Promise<void>,
): Promise<ChaosStore> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `ironcart-chaos-${kind}-`));
  const target = databaseTargetFor({ databaseUrl, dataDir });
  return {
    kind,
    env: serverEnv(dataDir, databaseUrl),
    open: () => openDatabase(target),
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
      await drop();
    },
  };
}

/** Schema, the hot catalog and the buyers' accounts, written before the server first starts. */
export async function seedStore(store: ChaosStore, buyers: number): Promise<void> {
  const database = await store.open();
  try {
    await runMigrations(database);
    const { db } = database;
    await db.insert(categories).values({ id: 'chaos-gear', name: 'Chaos gear' });
    await db.insert(products).values(
      [...plain, jersey].map((p) => ({
        id: p.id,
        title: p.title,
        priceCents: p.priceCents,
        priceFromCents: p.priceCents,
        description: `${p.title}.`,
        categoryId: 'chaos-gear',
      })),
    );
    await db
      .insert(productOptions)
      .values({ productId: jersey.id, position: 1, name: 'Size', values: ['S', 'M'] });
    await db.insert(productVariants).values(
      catalog.map((v, position) => ({
        id: v.id,
        productId: v.productId,
        sku: v.id.toUpperCase(),
        option1: v.size,
        stock: v.stock,
        position,
      })),
    );
    await Promise.all(
      Array.from({ length: buyers }, (_, i) =>
        createUser(db, {
          email: buyerEmail(i + 1),
          password: BUYER_PASSWORD,
          name: `Chaos Buyer ${i + 1}`,
          role: 'customer',
        }),
      ),
    );
  } finally {
    await database.close();
  }
}
