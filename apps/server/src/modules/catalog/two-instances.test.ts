import { MemorySessionStore } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../app.js';
import { insertProducts } from '../../test-support/catalog.js';
import { sdkFor } from '../../test-support/sdk.js';
import { testRedisUrl, twoInstancesOnOneRedis } from '../../test-support/shared-redis.js';
import { twoInstancesOnOneDatabase } from '../../test-support/two-instances.js';
import { createUser } from '../accounts/service.js';
import { categories } from './tables.js';

const PASSWORD = 'correct horse battery staple';

/** Two instances on one PostgreSQL database, without Redis (LISTEN/NOTIFY) or with it. */
function twoInstances(redis: boolean): Promise<{ apps: [App, App]; dispose(): Promise<void> }> {
  return redis ? twoInstancesOnOneRedis('postgres', {}) : twoInstancesOnOneDatabase('postgres');
}

/** Waits (bounded) until `app` has heard a catalog invalidation since `version`. */
async function heard(app: App, version: number): Promise<void> {
  for (let i = 0; i < 500 && app.invalidations.version('catalog') === version; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(app.invalidations.version('catalog')).toBeGreaterThan(version);
}

describe.each([
  ['LISTEN/NOTIFY', false],
  ['Redis', true],
] as const)('a catalog write on one instance, read on another (PostgreSQL, %s)', (_name, redis) => {
  let apps: [App, App];
  let dispose: () => Promise<void>;
  const skip = redis && !testRedisUrl;

  beforeAll(async () => {
    if (skip) return;
    ({ apps, dispose } = await twoInstances(redis));
    const db = apps[0].database.db;
    await db.insert(categories).values({ id: 'ti-balls', name: 'Balls' });
    await insertProducts(db, [
      { id: 'ti-ball', title: 'Ball', categoryId: 'ti-balls', priceCents: 2500, stock: 10 },
    ]);
    await createUser(db, {
      email: 'ti-admin@example.com',
      password: PASSWORD,
      name: 'A',
      role: 'admin',
    });
  });
  afterAll(async () => {
    if (!skip) await dispose();
  });

  test.skipIf(skip)('instance B answers from memory, and the write on A drops it', async () => {
    const [a, b] = apps;
    expect(b.invalidations.kind).toBe(redis ? 'redis' : 'postgres');
    const admin = sdkFor(a, { store: new MemorySessionStore() });
    await admin.login({ email: 'ti-admin@example.com', password: PASSWORD });
    const shopOnB = sdkFor(b);
    // Both cached on B.
    for (let i = 0; i < 2; i++) {
      expect((await shopOnB.product('ti-ball')).stock.available).toBe(10);
      expect((await shopOnB.products()).items[0]?.price.amount).toBe('25.00');
    }
    let version = b.invalidations.version('catalog');
    await admin.admin.setStock('ti-ball', 3, 'count');
    await heard(b, version);
    expect((await shopOnB.product('ti-ball')).stock).toEqual({ state: 'low', available: 3 });
    expect((await shopOnB.products()).items[0]?.stock.available).toBe(3);

    version = b.invalidations.version('catalog');
    await admin.admin.updateProduct('ti-ball', { price: '30.00' });
    await heard(b, version);
    expect((await shopOnB.products()).items[0]?.price.amount).toBe('30.00');
    expect((await shopOnB.product('ti-ball')).price.amount).toBe('30.00');
  });
});
