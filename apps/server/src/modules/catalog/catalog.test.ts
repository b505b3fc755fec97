import type { IroncartClient } from '@ironcart/sdk';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProductListQuery, ProductSort, ProductSummary } from '../../api.js';
import {
  categories as categorySeeds,
  products as productSeeds,
} from '../../db/seed/catalog-data.js';
import { parseDecimal } from '../../lib/money.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { setBasePrice } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { catalogChanged } from './answer-cache.js';
import { encodeCursor } from './cursor.js';
import { stockState } from './service.js';
import { products, productVariants } from './tables.js';
import { optionsOf, valuesOf, variantLabel, variantLabelSql } from './variants.js';

/** Archived before the tests: it must never show. */
const ARCHIVED = 'peru-home-jersey';
/** Given one price before the tests, so the price sorts meet ties. */
const SAME_PRICE = ['speed-jump-rope', 'training-kickboard', 'silicone-swim-cap'];
const TIED_PRICE_CENTS = 4242;
/** Given one title before the tests, so the name sort meets a tie. */
const SAME_TITLE = ['resistance-band-set', 'textured-foam-roller'];
/** The default of LOW_STOCK_THRESHOLD. */
const LOW_STOCK_THRESHOLD = 5;

const forSale = productSeeds.filter((p) => p.id !== ARCHIVED);
const forSaleIds = forSale.map((p) => p.id).sort();

const cents = (item: ProductSummary) => parseDecimal(item.price.amount) ?? Number.NaN;
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How two neighbours must compare in each sort order (< 0: right order), id breaking ties. */
const comparators: Record<
  Exclude<ProductSort, 'relevance'>,
  (a: ProductSummary, b: ProductSummary) => number
> = {
  price_asc: (a, b) => cents(a) - cents(b) || byCode(a.id, b.id),
  price_desc: (a, b) => cents(b) - cents(a) || byCode(b.id, a.id),
  name: (a, b) => byCode(a.title.toLowerCase(), b.title.toLowerCase()) || byCode(a.id, b.id),
  newest: (a, b) => byCode(b.createdAt, a.createdAt) || byCode(b.id, a.id),
};

function expectOrdered(items: ProductSummary[], sort: Exclude<ProductSort, 'relevance'>) {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1], items[i]];
    if (!a || !b) throw new Error('unreachable');
    expect(comparators[sort](a, b), `${a.id} before ${b.id} in ${sort}`).toBeLessThan(0);
  }
}

describe.each(testDrivers)('catalog on %s', (driver) => {
  let t: TestApp;
  let shop: IroncartClient;

  /** Every page of a listing, limit 7: each page consistent, the whole in order of pages. */
  async function everyPage(query: ProductListQuery): Promise<ProductSummary[]> {
    const seen: ProductSummary[] = [];
    let cursor: string | undefined;
    let total: number | undefined;
    for (let page = 0; page < 100; page++) {
      const answer = await shop.products({ ...query, limit: 7, ...(cursor ? { cursor } : {}) });
      expect(answer.items.length).toBeLessThanOrEqual(7);
      total ??= answer.total;
      expect(answer.total).toBe(total);
      seen.push(...answer.items);
      if (answer.nextCursor === null) {
        expect(seen).toHaveLength(total);
        return seen;
      }
      expect(answer.items).toHaveLength(7);
      cursor = answer.nextCursor;
    }
    throw new Error('more than 100 pages');
  }

  beforeAll(async () => {
    t = await createTestApp(driver);
    expect(t.app.config.shop.lowStockThreshold).toBe(LOW_STOCK_THRESHOLD);
    const { db } = t.app.database;
    await db.update(products).set({ archived: true }).where(eq(products.id, ARCHIVED));
    for (const id of SAME_PRICE) await setBasePrice(db, id, TIED_PRICE_CENTS);
    await db
      .update(products)
      .set({ title: 'Recovery Kit' })
      .where(inArray(products.id, SAME_TITLE));
    shop = sdkFor(t.app);
  });
  afterAll(() => t.close());

  describe('search', () => {
    test('"argentina" finds the Argentina home jersey first', async () => {
      const page = await shop.products({ q: 'argentina' });
      expect(page.items.map((p) => p.id)).toEqual([
        'argentina-home-jersey',
        'argentina-away-jersey',
      ]);
      expect(page).toMatchObject({ total: 2, nextCursor: null });
    });

    test('words match as prefixes, in any case, and every word must match', async () => {
      const prefix = await shop.products({ q: 'argent' });
      expect(prefix.items[0]?.id).toBe('argentina-home-jersey');
      expect(prefix.total).toBe(2);
      const two = await shop.products({ q: 'ARGENT  Home!' });
      expect(two.items.map((p) => p.id)).toEqual(['argentina-home-jersey']);
      expect((await shop.products({ q: 'jerseys' })).total).toBeGreaterThan(20); // stemmed
    });

    test('the words of the category id are searched: "cycling" finds cycling products', async () => {
      const page = await shop.products({ q: 'cycling', limit: 60 });
      const cycling = productSeeds.filter((p) => p.categoryId === 'cycling').map((p) => p.id);
      expect(cycling.length).toBeGreaterThan(0);
      expect(page.items.map((p) => p.id)).toEqual(expect.arrayContaining(cycling));
      // Title and category words weigh more than a word in a description.
      expect(page.items.slice(0, cycling.length).every((p) => p.category.id === 'cycling')).toBe(
        true,
      );
    });

    test('nonsense finds nothing: an empty page with total 0', async () => {
      expect(await shop.products({ q: 'qwxzzyplonk' })).toEqual({
        items: [],
        nextCursor: null,
        total: 0,
      });
    });

    test('injection-looking and odd input is only ever words', async () => {
      for (const q of [
        "'); drop table products; --",
        '&|!:*()',
        "argentina' | 'brazil",
        'argentina:* | brazil:*',
        '!argentina',
        '<-> <1> \\ \' "',
        'Ünïcödé 日本語 🏃‍♀️ ½ ﬁ ḱ̃ Ωμέγα مرحبا',
        '\uFEFF argentina \u200B',
        'a'.repeat(200),
        'the and of', // English stop words only
      ]) {
        const page = await shop.products({ q });
        expect(page.total, q).toBeGreaterThanOrEqual(0);
      }
      // Words and nothing else: the operators the shopper typed had no effect.
      expect((await shop.products({ q: "argentina' | 'brazil" })).total).toBe(0);
      expect((await shop.products({ q: '!argentina' })).total).toBe(2);
      // Control characters are no words: the request is refused (lib/validation.ts).
      await expectApiError(shop.products({ q: '\u0000argentina' }), 400, 'invalid_request');
      // No word at all: no text filter, the whole catalog, newest first.
      const noWords = await shop.products({ q: '&|!:*()', limit: 60 });
      expect(noWords.total).toBe(forSale.length);
      expectOrdered(noWords.items, 'newest');
      // And the table is still there.
      expect((await shop.products({})).total).toBe(forSale.length);
    });

    test('a query longer than 200 characters is refused', async () => {
      await expectApiError(shop.products({ q: 'a'.repeat(201) }), 400, 'invalid_request');
    });
  });

  describe('filters', () => {
    test('category', async () => {
      const tennis = await everyPage({ category: 'tennis' });
      const expected = forSale.filter((p) => p.categoryId === 'tennis').map((p) => p.id);
      expect(tennis.map((p) => p.id).sort()).toEqual(expected.sort());
      expect(tennis.every((p) => p.category.id === 'tennis' && p.category.name === 'Tennis')).toBe(
        true,
      );
      expect(await shop.products({ category: 'no-such-category' })).toMatchObject({ total: 0 });
    });

    test('in stock only, and the stock state rule', async () => {
      const all = await everyPage({});
      for (const item of all) {
        expect(item.stock.state).toBe(stockState(item.stock.available, LOW_STOCK_THRESHOLD));
      }
      expect(new Set(all.map((p) => p.stock.state))).toEqual(new Set(['in_stock', 'low', 'out']));
      const inStock = await everyPage({ inStock: true });
      expect(inStock.map((p) => p.id).sort()).toEqual(
        all
          .filter((p) => p.stock.available > 0)
          .map((p) => p.id)
          .sort(),
      );
      expect((await shop.products({ inStock: false })).total).toBe(forSale.length);
    });

    test('price range, both ends inclusive', async () => {
      const all = await everyPage({ sort: 'price_asc' });
      const low = all[10];
      const high = all[30];
      if (!low || !high) throw new Error('catalog too small');
      const within = await everyPage({ minPrice: low.price.amount, maxPrice: high.price.amount });
      const expected = all.filter((p) => cents(p) >= cents(low) && cents(p) <= cents(high));
      expect(within.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
      expect(within.map((p) => p.id)).toEqual(expect.arrayContaining([low.id, high.id]));

      // "42.42", "42.4" and "42.420"-less forms all read as cents.
      const tied = await shop.products({ minPrice: '42.42', maxPrice: '42.42' });
      expect(tied.items.map((p) => p.id).sort()).toEqual([...SAME_PRICE].sort());
      expect((await shop.products({ minPrice: '42.4', maxPrice: '42.42' })).total).toBe(3);
      expect((await shop.products({ minPrice: '0', maxPrice: '999999999.99' })).total).toBe(
        forSale.length,
      );
      await expectApiError(
        shop.products({ minPrice: '50.00', maxPrice: '49.99' }),
        400,
        'invalid_request',
      );
    });

    test('filters combine with search', async () => {
      const page = await shop.products({ q: 'jersey', category: 'cycling', inStock: true });
      expect(page.total).toBeGreaterThan(0);
      for (const item of page.items) {
        expect(item.category.id).toBe('cycling');
        expect(item.stock.available).toBeGreaterThan(0);
      }
    });
  });

  describe('variants', () => {
    const portugal = async () =>
      (await shop.products({ q: 'portugal home', limit: 5 })).items.find(
        (p) => p.id === 'portugal-home-jersey',
      );

    test('a list item carries the price range and the availability of its sizes', async () => {
      const seed = productSeeds.find((p) => p.id === 'portugal-home-jersey');
      const item = await portugal();
      expect(item).toMatchObject({
        price: { amount: ((seed?.priceCents ?? 0) / 100).toFixed(2) },
        maxPrice: { amount: (((seed?.priceCents ?? 0) + 300) / 100).toFixed(2) },
        // XS 0, S 3, M 12, L 9, XL 0, 2XL 4 (the demo catalog's story).
        stock: { state: 'in_stock', available: 28 },
        availability: { variants: 6, inStock: 4 },
      });
      const ball = (await shop.products({ q: 'match pro football' })).items[0];
      expect(ball?.price).toEqual(ball?.maxPrice);
      expect(ball?.availability.variants).toBe(1);
    });

    test('the product page and the list summarise the variants alike (sold-out sizes, two options, none)', async () => {
      const listed = await everyPage({});
      for (const id of ['portugal-home-jersey', 'pro-goalkeeper-jersey', 'match-pro-football']) {
        const { description, specs, options, variants, updatedAt, ...summary } =
          await shop.product(id);
        expect(listed.find((item) => item.id === id)).toEqual(summary);
      }
    });

    test('the product answer carries its options and every variant with its stock state', async () => {
      const jersey = await shop.product('portugal-home-jersey');
      expect(jersey.options).toEqual([
        { name: 'Size', values: ['XS', 'S', 'M', 'L', 'XL', '2XL'] },
      ]);
      expect(
        jersey.variants.map((v) => [v.id, v.values, v.label, v.stock.state, v.stock.available]),
      ).toEqual([
        ['portugal-home-jersey-xs', ['XS'], 'Size XS', 'out', 0],
        ['portugal-home-jersey-s', ['S'], 'Size S', 'low', 3],
        ['portugal-home-jersey-m', ['M'], 'Size M', 'in_stock', 12],
        ['portugal-home-jersey-l', ['L'], 'Size L', 'in_stock', 9],
        ['portugal-home-jersey-xl', ['XL'], 'Size XL', 'out', 0],
        ['portugal-home-jersey-2xl', ['2XL'], 'Size 2XL', 'low', 4],
      ]);
      expect(jersey.variants.at(-1)?.price.amount).toBe(jersey.maxPrice.amount);
      expect(new Set(jersey.variants.map((v) => v.sku)).size).toBe(6);

      const keeper = await shop.product('pro-goalkeeper-jersey');
      expect(keeper.options.map((o) => o.name)).toEqual(['Size', 'Colour']);
      const navy = keeper.variants.find((v) => v.id === 'pro-goalkeeper-jersey-m-navy');
      expect(navy).toMatchObject({ label: 'Size M · Colour Navy', values: ['M', 'Navy'] });
      expect(navy?.image?.url).toMatch(/^\/images\/pro-goalkeeper-jersey-navy-/);
      expect(
        keeper.variants.find((v) => v.id === 'pro-goalkeeper-jersey-m-green')?.image,
      ).toBeNull();

      const ball = await shop.product('match-pro-football');
      expect(ball.options).toEqual([]);
      expect(ball.variants).toEqual([
        expect.objectContaining({ id: 'match-pro-football', values: [], label: '' }),
      ]);
    });

    test('size and colour filters apply per variant, together with in-stock', async () => {
      const ids = async (query: ProductListQuery) => (await everyPage(query)).map((p) => p.id);
      expect(await ids({ size: 'M', inStock: true })).toContain('portugal-home-jersey');
      // Its XS is sold out: sold in XS, but not in stock in XS.
      expect(await ids({ size: 'xs' })).toContain('portugal-home-jersey');
      expect(await ids({ size: 'XS', inStock: true })).not.toContain('portugal-home-jersey');
      expect(await ids({ size: 'UK 9', inStock: true })).toContain('strike-pro-fg-football-boots');
      expect(await ids({ size: 'UK 7', inStock: true })).not.toContain(
        'strike-pro-fg-football-boots',
      );
      expect(await ids({ colour: 'navy' })).toEqual(['pro-goalkeeper-jersey']);
      // Green L is sold out; the Navy L may not be: L and Green must be one variant.
      expect(await ids({ size: 'L', colour: 'Green', inStock: true })).not.toContain(
        'pro-goalkeeper-jersey',
      );
      expect(await ids({ size: 'M', colour: 'Navy', inStock: true })).toEqual([
        'pro-goalkeeper-jersey',
      ]);
      expect((await shop.products({ size: 'no such size' })).total).toBe(0);
      // A product without sizes is never "in size M".
      expect(await ids({ size: 'M' })).not.toContain('match-pro-football');
    });

    test('the label in SQL (lines) and in TypeScript (product pages, admin) are the same text', async () => {
      const { db } = t.app.database;
      const rows = await db
        .select({
          productId: productVariants.productId,
          option1: productVariants.option1,
          option2: productVariants.option2,
          option3: productVariants.option3,
          label: variantLabelSql,
        })
        .from(productVariants);
      const options = await optionsOf(db, [...new Set(rows.map((row) => row.productId))]);
      expect(rows.filter((row) => row.label.includes(' · ')).length).toBeGreaterThan(5);
      for (const row of rows) {
        const names = (options.get(row.productId) ?? []).map((option) => option.name);
        expect(row.label).toBe(variantLabel(names, valuesOf(row)));
      }
    });

    test('search finds a product by the SKU of a variant, in any case', async () => {
      const jersey = await shop.product('portugal-home-jersey');
      const sku = jersey.variants.find((v) => v.id === 'portugal-home-jersey-m')?.sku ?? '';
      expect(sku).toMatch(/^IC-\d{5}-M$/);
      const found = await shop.products({ q: sku.toLowerCase() });
      expect(found.items.map((p) => p.id)).toContain('portugal-home-jersey');
      expect((await shop.products({ q: 'IC-99999-M' })).total).toBe(0);
    });

    test('an archived variant is not sold: not on the page, not counted, not in the filters', async () => {
      const { db } = t.app.database;
      const sizes = (await shop.product('mexico-home-jersey')).variants.map((v) => v.id);
      const mexicoM = 'mexico-home-jersey-m';
      const rest = sizes.filter((id) => id !== mexicoM);
      // Written behind the admin's back: told to the catalog's answer cache as every write is.
      const changed = () => catalogChanged(t.app.invalidations, ['mexico-home-jersey']);
      await db
        .update(productVariants)
        .set({ archived: true })
        .where(eq(productVariants.id, mexicoM));
      await changed();
      try {
        const jersey = await shop.product('mexico-home-jersey');
        expect(jersey.variants.map((v) => v.id)).toEqual(rest);
        expect(jersey.availability.variants).toBe(rest.length);
        expect((await everyPage({ size: 'M' })).map((p) => p.id)).not.toContain(
          'mexico-home-jersey',
        );
        // The admin never leaves a product for sale without a variant for sale (admin.test.ts);
        // should the data say otherwise, its page is a 404 rather than a product nobody can buy.
        await db
          .update(productVariants)
          .set({ archived: true })
          .where(inArray(productVariants.id, sizes));
        await changed();
        await expectApiError(shop.product('mexico-home-jersey'), 404, 'not_found');
      } finally {
        await db
          .update(productVariants)
          .set({ archived: false })
          .where(inArray(productVariants.id, sizes));
        await changed();
      }
    });
  });

  describe('sorting and keyset pages', () => {
    test.each(['price_asc', 'price_desc', 'name', 'newest'] as const)(
      '%s: every product for sale exactly once, in order, across pages of 7',
      async (sort) => {
        const items = await everyPage({ sort });
        expect(items.map((p) => p.id).sort()).toEqual(forSaleIds);
        expectOrdered(items, sort);
      },
    );

    test.each(['price_asc', 'price_desc', 'name', 'newest', 'relevance'] as const)(
      '%s with filters: pages of 7 are the one big page, cut',
      async (sort) => {
        for (const query of [
          { category: 'football-jerseys' },
          { q: 'jersey' },
          { q: 'ball', inStock: true, minPrice: '10' },
        ] satisfies ProductListQuery[]) {
          const whole = await shop.products({ ...query, sort, limit: 60 });
          expect(whole.nextCursor, JSON.stringify(query)).toBeNull();
          const paged = await everyPage({ ...query, sort });
          expect(paged.map((p) => p.id)).toEqual(whole.items.map((p) => p.id));
          if (sort !== 'relevance') expectOrdered(paged, sort);
        }
      },
    );

    test('defaults: newest without words, relevance with; relevance without words is newest', async () => {
      const plain = await shop.products({ limit: 60 });
      expectOrdered(plain.items, 'newest');
      expect((await shop.products({ sort: 'relevance', limit: 60 })).items).toEqual(plain.items);
      const relevance = await shop.products({ q: 'argentina' });
      expect(relevance.items[0]?.id).toBe('argentina-home-jersey');
      expect(await shop.products({ q: 'argentina', sort: 'relevance' })).toEqual(relevance);
      expect((await shop.products({})).items).toHaveLength(24);
    });

    test('a garbage, foreign or forged cursor is a 400, never a 500', async () => {
      const first = await shop.products({ sort: 'price_asc', limit: 5 });
      const cursor = first.nextCursor;
      if (!cursor) throw new Error('no next page');
      await expectApiError(shop.products({ sort: 'name', cursor }), 400, 'invalid_request');
      const forge = (payload: unknown) =>
        Buffer.from(JSON.stringify(payload)).toString('base64url');
      for (const bad of [
        'garbage',
        'AAAA',
        forge('just a string'),
        forge([1, 2]),
        forge({ s: 'price_asc', k: ['9499'], i: 'a' }),
        forge({ s: 'price_asc', k: [1e12], i: 'a' }),
        forge({ s: 'price_asc', k: [-1], i: 'a' }),
        forge({ s: 'price_asc', k: [1.5], i: 'a' }),
        forge({ s: 'price_asc', k: [1], i: 'NOT A SLUG' }),
        forge({ s: 'price_asc', k: [1], i: 'a\u0000' }),
        forge({ s: 'price_asc', k: [1], i: 'a', x: 1 }),
        forge({ s: 'price_asc', k: [1, 2], i: 'a' }),
      ]) {
        await expectApiError(
          shop.products({ sort: 'price_asc', cursor: bad }),
          400,
          'invalid_request',
        );
      }
      for (const [sort, k] of [
        ['name', ['a\u0000b']],
        ['name', [42]],
        ['newest', ['2026-13-01T00:00:00.000000Z']],
        ['newest', ['2026-02-30T00:00:00.000000Z']],
        ['newest', ['0000-01-01T00:00:00.000000Z']],
        ['newest', ['yesterday']],
        ['relevance', [1e-50, '2026-01-01T00:00:00.000000Z']],
        ['relevance', [1e300, '2026-01-01T00:00:00.000000Z']],
        ['relevance', [0.1]],
      ] as const) {
        const q = sort === 'relevance' ? 'jersey' : undefined;
        await expectApiError(
          shop.products({ sort, cursor: forge({ s: sort, k, i: 'a' }), ...(q ? { q } : {}) }),
          400,
          'invalid_request',
        );
      }
      // A well-formed cursor made up by hand only says where to start.
      const forged = encodeCursor({ sort: 'price_asc', priceCents: 10_000, id: 'a' });
      const after = await shop.products({ sort: 'price_asc', cursor: forged, limit: 60 });
      expect(after.items.every((p) => cents(p) >= 10_000)).toBe(true);
      const forgedRank = encodeCursor({
        sort: 'relevance',
        rank: 0.05,
        createdAt: '2000-01-01T00:00:00.123456Z',
        id: 'zzz',
      });
      await shop.products({ q: 'jersey', cursor: forgedRank });
    });

    test('bad parameters are 400 invalid_request', async () => {
      const bad: Record<string, string | number>[] = [
        { limit: 0 },
        { limit: 61 },
        { limit: 'ten' },
        { sort: 'popular' },
        { minPrice: 'abc' },
        { maxPrice: '-5' },
        { minPrice: '1.234' },
        { inStock: 'maybe' },
        { category: 'Not A Slug' },
        { cursor: 'not base64url!' },
        { foo: 'bar' },
      ];
      for (const query of bad) {
        const error = await expectApiError(
          shop.channel.request('GET', '/api/v1/products', { query }),
          400,
          'invalid_request',
        );
        expect(error.message, JSON.stringify(query)).toMatch(/querystring/);
      }
    });
  });

  describe('product page', () => {
    test('a product with description, specs, image, price and stock', async () => {
      const product = await shop.product('argentina-home-jersey');
      const seed = productSeeds.find((p) => p.id === 'argentina-home-jersey');
      if (!seed) throw new Error('seed changed');
      expect(product).toMatchObject({
        id: seed.id,
        title: seed.title,
        category: { id: 'football-jerseys', name: 'Football Jerseys' },
        price: { amount: '94.99', currency: 'USD' },
        maxPrice: { amount: '97.99', currency: 'USD' },
        image: { width: 800, height: 800 },
        description: seed.description,
        specs: seed.specs,
      });
      expect(product.stock.available).toBe(
        product.variants.reduce((sum, variant) => sum + variant.stock.available, 0),
      );
      expect(product.image?.url).toMatch(/^\/images\/argentina-home-jersey-[0-9a-f]{12}\.svg$/);
      expect(Date.parse(product.createdAt)).toBeLessThan(Date.parse(product.updatedAt));
      const image = await t.app.inject({ method: 'GET', url: product.image?.url ?? '' });
      expect(image.statusCode).toBe(200);
      // The summary in a listing is the same product.
      const [summary] = (await shop.products({ q: 'argentina home' })).items;
      const { description, specs, options, variants, updatedAt, ...rest } = product;
      expect(summary).toEqual(rest);
    });

    test('unknown, malformed and archived products are 404 not_found', async () => {
      for (const id of ['no-such-product', 'NOT A SLUG', "x'; drop table products; --", ARCHIVED]) {
        await expectApiError(shop.product(id), 404, 'not_found');
      }
    });
  });

  test('archived products never appear: not listed, not found, not counted', async () => {
    expect((await everyPage({ q: 'peru' })).map((p) => p.id)).toEqual([]);
    expect((await everyPage({ category: 'football-jerseys' })).map((p) => p.id)).not.toContain(
      ARCHIVED,
    );
    const { items } = await shop.categories();
    const jerseys = items.find((c) => c.id === 'football-jerseys');
    expect(jerseys?.productCount).toBe(
      productSeeds.filter((p) => p.categoryId === 'football-jerseys').length - 1,
    );
  });

  test('categories in shop order, with their product counts', async () => {
    const { items } = await shop.categories();
    const seeds = [...categorySeeds].sort((a, b) => a.sortOrder - b.sortOrder);
    expect(items.map((c) => c.id)).toEqual(seeds.map((c) => c.id));
    for (const category of items) {
      const seed = seeds.find((c) => c.id === category.id);
      expect(category).toEqual({
        id: seed?.id,
        name: seed?.name,
        description: seed?.description,
        productCount: forSale.filter((p) => p.categoryId === category.id).length,
      });
    }
    // An empty category is listed with 0.
    await t.app.database.db.execute(
      sql`insert into categories (id, name, sort_order) values ('curling', 'Curling', 99)`,
    );
    await catalogChanged(t.app.invalidations, []);
    const after = await shop.categories();
    expect(after.items.at(-1)).toEqual({
      id: 'curling',
      name: 'Curling',
      description: '',
      productCount: 0,
    });
    await t.app.database.db.execute(sql`delete from categories where id = 'curling'`);
    await catalogChanged(t.app.invalidations, []);
  });

  test('no request of this suite failed on the server side', () => {
    expect(t.logs.text).not.toContain('request failed');
    expect(t.logs.text).not.toContain('"statusCode":500');
  });

  test('the catalog is only reached through the secure channel, and documented', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/api/v1/products' });
    expect(plain.statusCode).toBe(403);
    expect(plain.json()).toMatchObject({ error: { code: 'channel_required' } });
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/products', '/api/v1/products/{id}', '/api/v1/categories']),
    );
  });
});
