import { type IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { insertProducts } from '../../test-support/catalog.js';
import { ControlledFeed } from '../../test-support/controlled-feed.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { createUser } from '../accounts/service.js';
import { CatalogAnswers, catalogChanged } from './answer-cache.js';
import { encodeCursor } from './cursor.js';
import { filterText, type ListProductsInput, listingText, normaliseListing } from './listing.js';
import { categories, products } from './tables.js';

const PASSWORD = 'correct horse battery staple';

describe('the normalised listing', () => {
  const text = (query: Partial<ListProductsInput>) =>
    listingText(normaliseListing({ limit: 24, ...query }));

  test('queries that mean the same are one key; any difference that matters is another', () => {
    const plain = text({});
    // Defaults filled in, and values that select the same products read the same.
    expect(text({ sort: 'newest' })).toBe(plain);
    expect(text({ sort: 'relevance' })).toBe(plain); // relevance without words is newest
    expect(text({ inStock: false })).toBe(plain);
    expect(text({ q: '  !! ' })).toBe(plain); // no words: no filter
    expect(text({ minPrice: '10', maxPrice: '20.5' })).toBe(
      text({ maxPrice: '20.50', minPrice: '10.00' }),
    );
    expect(text({ size: 'M', colour: 'Navy' })).toBe(text({ colour: 'navy', size: 'm' }));
    expect(text({ q: 'Argent jersey' })).toBe(text({ q: 'ARGENT, jersey!' }));
    const different = [
      plain,
      text({ limit: 25 }),
      text({ sort: 'name' }),
      text({ q: 'argent' }),
      text({ q: 'ic-00001' }), // the same words as "ic 00001" but also a SKU
      text({ q: 'ic 00001' }),
      text({ category: 'cycling' }),
      text({ inStock: true }),
      text({ size: 'm' }),
      text({ colour: 'm' }),
      text({ minPrice: '10' }),
      text({ maxPrice: '10' }),
      text({
        cursor: encodeCursor({ sort: 'newest', createdAt: '2026-01-01T00:00:00.000000Z', id: 'a' }),
      }),
    ];
    expect(new Set(different).size).toBe(different.length);
  });

  test('the filter text leaves out sort, page size and cursor (a total serves every page)', () => {
    const filter = (query: Partial<ListProductsInput>) =>
      filterText(normaliseListing({ limit: 24, ...query }).filter);
    expect(filter({ sort: 'price_asc', limit: 7 })).toBe(filter({ sort: 'name' }));
    expect(filter({ inStock: true })).not.toBe(filter({}));
  });
});

describe('catalog answers on an untrusted feed', () => {
  test('every read is rendered while the feed is down; cached again once it is back', async () => {
    const feed = new ControlledFeed();
    const answers = new CatalogAnswers(feed, () => 0);
    let renders = 0;
    const render = async () => Buffer.from(`{"n":${++renders}}`);
    expect(String(await answers.product('p', render))).toBe('{"n":1}');
    expect(String(await answers.product('p', render))).toBe('{"n":1}');
    feed.drop();
    expect(String(await answers.product('p', render))).toBe('{"n":2}');
    expect(String(await answers.product('p', render))).toBe('{"n":3}');
    expect(await answers.total(normaliseListing({ limit: 24 }).filter, async () => 7)).toBe(7);
    expect(answers.held).toEqual({ answers: 0, bytes: 0, totals: 0 });
    feed.restore();
    expect(String(await answers.product('p', render))).toBe('{"n":4}');
    expect(String(await answers.product('p', render))).toBe('{"n":4}');
    expect(answers.held).toEqual({ answers: 1, bytes: 7, totals: 0 });
  });
});

describe.each(testDrivers)('catalog answers from memory on %s', (driver) => {
  let t: TestApp;
  let shop: IroncartClient;
  let admin: IroncartClient;
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false });
    await db()
      .insert(categories)
      .values([
        { id: 'ca-balls', name: 'Balls', sortOrder: 1 },
        { id: 'ca-nets', name: 'Nets', sortOrder: 2 },
      ]);
    await insertProducts(db(), [
      { id: 'ca-ball', title: 'Cache Ball', categoryId: 'ca-balls', priceCents: 2500, stock: 10 },
      { id: 'ca-mini', title: 'Mini Ball', categoryId: 'ca-balls', priceCents: 1500, stock: 3 },
      { id: 'ca-net', title: 'Cache Net', categoryId: 'ca-nets', priceCents: 9000, stock: 4 },
    ]);
    const email = `cache-admin-${driver}@example.com`;
    await createUser(db(), { email, password: PASSWORD, name: 'Cache Admin', role: 'admin' });
    admin = sdkFor(t.app, { store: new MemorySessionStore() });
    await admin.login({ email, password: PASSWORD });
    shop = sdkFor(t.app);
  });
  afterAll(() => t.close());

  /** The answer as sent: status, every header but the moving ones, the bytes. */
  async function read(path: string, query: Record<string, string | number> = {}) {
    const { status, headers, body } = await shop.channel.send('GET', path, { query });
    const { date: _date, 'x-ratelimit-remaining': _remaining, ...stable } = headers;
    return { status, headers: stable, body: Buffer.from(body).toString('utf8') };
  }

  test('a cached answer is the uncached one, byte for byte and header for header', async () => {
    const reads = [
      ['/api/v1/products', { limit: 2, sort: 'price_asc' }],
      ['/api/v1/products', { q: 'ball' }],
      ['/api/v1/products/ca-ball', {}],
      ['/api/v1/categories', {}],
    ] as const;
    for (const [path, query] of reads) {
      const rendered = await read(path, query);
      const cached = await read(path, query);
      await catalogChanged(t.app.invalidations, ['ca-ball']);
      const renderedAgain = await read(path, query);
      expect(rendered.status).toBe(200);
      expect(rendered.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(rendered.headers['cache-control']).toBe('no-store');
      expect(cached).toEqual(rendered);
      expect(renderedAgain).toEqual(rendered);
    }
    // And it is what the service answers, as JSON.
    const listing = normaliseListing({ limit: 2, sort: 'price_asc' });
    const page = JSON.parse((await read('/api/v1/products', { limit: 2, sort: 'price_asc' })).body);
    expect(page).toEqual(await t.app.catalog.listProducts(listing));
    expect(page.items.map((p: { id: string }) => p.id)).toEqual(['ca-mini', 'ca-ball']);
  });

  test('answers come from memory: a write nobody published is not seen, a published one is', async () => {
    const first = await shop.products({ limit: 1, sort: 'name' });
    expect(first).toMatchObject({ total: 3, items: [{ id: 'ca-ball', title: 'Cache Ball' }] });
    await db().update(products).set({ title: 'Aardvark Ball' }).where(eq(products.id, 'ca-ball'));
    await insertProducts(db(), [
      { id: 'ca-hoop', title: 'Hoop', categoryId: 'ca-nets', priceCents: 500, stock: 1 },
    ]);
    try {
      expect(await shop.products({ limit: 1, sort: 'name' })).toEqual(first);
      // A page not read before is rendered, but the filter's total is the one counted with
      // the first page: totals are not counted again for every page.
      const second = await shop.products({
        limit: 1,
        sort: 'name',
        cursor: first.nextCursor ?? '',
      });
      expect(second.total).toBe(3);
      await catalogChanged(t.app.invalidations, ['ca-ball', 'ca-hoop']);
      expect(await shop.products({ limit: 1, sort: 'name' })).toMatchObject({
        total: 4,
        items: [{ id: 'ca-ball', title: 'Aardvark Ball' }],
      });
    } finally {
      await db().update(products).set({ title: 'Cache Ball' }).where(eq(products.id, 'ca-ball'));
      await db().update(products).set({ archived: true }).where(eq(products.id, 'ca-hoop'));
      await catalogChanged(t.app.invalidations, ['ca-ball', 'ca-hoop']);
    }
  });

  test('an admin price, stock or archive change is on the very next read', async () => {
    const listed = async (id: string) =>
      (await shop.products({ limit: 60 })).items.find((item) => item.id === id);
    const balls = async () =>
      (await shop.categories()).items.find((c) => c.id === 'ca-balls')?.productCount;
    // Read twice: the second is from memory.
    for (let i = 0; i < 2; i++) {
      expect(await listed('ca-mini')).toMatchObject({ price: { amount: '15.00' } });
      expect(await shop.product('ca-mini')).toMatchObject({ stock: { available: 3 } });
      expect(await balls()).toBe(2);
    }

    await admin.admin.updateProduct('ca-mini', { price: '17.50' });
    expect(await listed('ca-mini')).toMatchObject({ price: { amount: '17.50' } });
    expect((await shop.product('ca-mini')).price.amount).toBe('17.50');

    await admin.admin.setStock('ca-mini', 12, 'count');
    expect(await listed('ca-mini')).toMatchObject({ stock: { available: 12, state: 'in_stock' } });
    expect((await shop.product('ca-mini')).variants[0]?.stock.available).toBe(12);
    await admin.admin.adjustStock('ca-mini', -12, 'damaged');
    expect((await shop.product('ca-mini')).stock).toEqual({ state: 'out', available: 0 });
    expect((await shop.products({ inStock: true })).items.map((p) => p.id)).not.toContain(
      'ca-mini',
    );

    await admin.admin.archiveProduct('ca-mini');
    expect(await listed('ca-mini')).toBeUndefined();
    await expectApiError(shop.product('ca-mini'), 404, 'not_found');
    expect(await balls()).toBe(1);
    await admin.admin.restoreProduct('ca-mini');
    expect(await listed('ca-mini')).toBeDefined();
    expect(await balls()).toBe(2);
  });
});
