import type { AddressInfo } from 'node:net';
import { and, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type App, buildApp } from '../../app.js';
import { type AppConfig, ConfigError, loadConfig, type RateLimit } from '../../config.js';
import type { Db } from '../../db/client.js';
import {
  createTestApp,
  LogCapture,
  type TestApp,
  TestClock,
  testConfig,
} from '../../test-support/app.js';
import {
  insertProducts,
  setStock,
  stockOf,
  stocksOf,
  testSku,
} from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { clientKeyHeaders, createLegacyApiClient } from '../../test-support/legacy.js';
import {
  type TwoInstances,
  testRedisUrl,
  twoInstancesOnOneRedis,
} from '../../test-support/shared-redis.js';
import { carts } from '../cart/tables.js';
import { categories, productOptions, products, productVariants } from '../catalog/tables.js';
import { refreshPriceFrom, variantId } from '../catalog/variants.js';
import { MAX_ORDER_TOTAL_CENTS } from '../orders/limits.js';
import { orderLines, orders } from '../orders/tables.js';
import { revokeApiClient } from './clients.js';
import { releaseExpiredReservations } from './reservations.js';
import { LEGACY_TOKEN_TTL_MS } from './service.js';
import { legacyApiClients, legacyTokens } from './tables.js';

/**
 * The legacy cart API over a real socket with plain fetch, as its old clients call it. The
 * catalog is the seed README's two shirts plus a few products for the edge cases, and a
 * jersey in sizes (each size a legacy product of its own).
 */
const SHOP = 'https://shop.example';
const EVIL = 'https://evil.example';

const catalog = [
  { id: 'red-shirt', title: 'Red Shirt', priceCents: 10_000, stock: 35, archived: false },
  { id: 'blue-shirt', title: 'Blue Shirt', priceCents: 100_000, stock: 10, archived: false },
  { id: 'empty-mug', title: 'Empty Mug', priceCents: 1_250, stock: 0, archived: false },
  { id: 'old-cap', title: 'Old Cap', priceCents: 900, stock: 50, archived: true },
  { id: 'gadget-a', title: 'Gadget A', priceCents: 333, stock: 5, archived: false },
  { id: 'gadget-b', title: 'Gadget B', priceCents: 1_001, stock: 3, archived: false },
  { id: 'race-ball', title: 'Race Ball', priceCents: 2_500, stock: 30, archived: false },
  { id: 'race-bat', title: 'Race Bat', priceCents: 4_000, stock: 40, archived: false },
];

/**
 * A product in sizes: to the legacy API, one product per size for sale. Its XL is archived
 * (no longer sold), its L sold out, its M down to the last unit, its 2XL dearer (an override).
 */
const jersey = {
  id: 'legacy-jersey',
  title: 'Legacy Jersey',
  priceCents: 5_000,
  sizes: { S: 4, M: 1, L: 0, XL: 6, '2XL': 2 },
};
const ARCHIVED_SIZE = 'legacy-jersey-xl';
const DEAR_SIZE = { id: 'legacy-jersey-2xl', priceCents: 5_300 };

const jerseySizes = Object.keys(jersey.sizes).map((size) => variantId(jersey.id, [size]));

/** The legacy product ids for sale, in the API's order: the plain products', the sizes but XL. */
const forSale = [
  ...catalog.filter((p) => !p.archived).map((p) => p.id),
  ...jerseySizes.filter((id) => id !== ARCHIVED_SIZE),
].sort();

/** The stock of every variant in the test catalog, by id. */
const everyStock = (db: Db) => stocksOf(db, [...catalog.map((p) => p.id), ...jerseySizes]);

async function seedCatalog(db: Db): Promise<void> {
  await db.insert(categories).values({ id: 'legacy-gear', name: 'Legacy gear' });
  await insertProducts(
    db,
    [...catalog, jersey].map((p) => ({ ...p, categoryId: 'legacy-gear' })),
  );
  await db
    .update(productVariants)
    .set({ priceCents: DEAR_SIZE.priceCents })
    .where(eq(productVariants.id, DEAR_SIZE.id));
  await refreshPriceFrom(db, jersey.id);
}

/** Puts back every stock and archived flag the tests change. */
async function resetCatalog(db: Db): Promise<void> {
  for (const p of catalog) {
    await setStock(db, p.id, p.stock);
    await db.update(products).set({ archived: p.archived }).where(eq(products.id, p.id));
  }
  for (const [size, stock] of Object.entries(jersey.sizes)) {
    const id = variantId(jersey.id, [size]);
    await setStock(db, id, stock);
    await db
      .update(productVariants)
      .set({ archived: id === ARCHIVED_SIZE })
      .where(eq(productVariants.id, id));
  }
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

interface CallOptions {
  token?: string;
  /** Send the token as `?token=` (as the original) instead of `Authorization: Bearer`. */
  viaQuery?: boolean;
  json?: unknown;
  /** A raw body, sent as given with the content type below. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let url = `${base}${path}`;
  if (options.token !== undefined) {
    if (options.viaQuery) url += `?token=${encodeURIComponent(options.token)}`;
    else headers.authorization = `Bearer ${options.token}`;
  }
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

async function listen(app: App): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const code = (answer: Answer) => (answer.body as { response?: unknown }).response;

function expectRefusal(answer: Answer, status: number, response: string, label = ''): void {
  expect({ status: answer.status, body: answer.body }, label).toEqual({
    status,
    body: { response },
  });
}

interface CartShape {
  items: string[];
  item_quantities: number[];
  cost: string;
  cart_id: string;
}

/** The cart of a `[cart]` answer as `{ productId: quantity }` plus cost and id. */
function cartOf(answer: Answer): CartShape & { lines: Record<string, number> } {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const list = answer.body as CartShape[];
  expect(Array.isArray(list)).toBe(true);
  expect(list).toHaveLength(1);
  const cart = list[0] as CartShape;
  expect(Object.keys(cart).sort()).toEqual(['cart_id', 'cost', 'item_quantities', 'items']);
  expect(cart.items).toHaveLength(cart.item_quantities.length);
  const lines = Object.fromEntries(cart.items.map((id, i) => [id, cart.item_quantities[i]]));
  return { ...cart, lines: lines as Record<string, number> };
}

describe.each(testDrivers)('legacy cart API on %s', (driver) => {
  let t: TestApp;
  let base: string;
  let db: Db;
  const issued: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(driver, {
      seedDemoCatalog: false,
      bodyLimit: 16_384,
      http: { corsOrigins: [SHOP], trustProxy: false, tls: undefined },
    });
    db = t.testDatabase.database.db;
    await seedCatalog(db);
    clientKey = await createLegacyApiClient(db);
    base = await listen(t.app);
  });
  afterAll(() => t.close());
  beforeEach(() => resetCatalog(db));
  let clientKey: string;

  async function newToken(): Promise<string> {
    const answer = await call(base, 'GET', '/getAccessToken', {
      headers: clientKeyHeaders(clientKey),
    });
    expect(answer.status).toBe(200);
    const token = code(answer);
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    issued.push(token as string);
    return token as string;
  }

  async function newCart(token: string): Promise<string> {
    const answer = await call(base, 'GET', '/createCart', { token });
    expect(answer.status).toBe(200);
    const cartId = code(answer);
    expect(cartId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    return cartId as string;
  }

  const modify = (token: string, cartId: string, items: unknown) =>
    call(base, 'POST', '/modifyCart', { token, json: { cart_id: cartId, items } });
  const add = (productId: string, quantity: number) => ({
    action: 'add',
    product_id: productId,
    quantity,
  });
  const remove = (productId: string, quantity: number) => ({
    action: 'remove',
    product_id: productId,
    quantity,
  });

  test("the README's sample flow: token, products, cart, modify, checkout, discard", async () => {
    const token = await newToken();

    // Booleans as strings, as the seed's sample sends them; "false" lists everything.
    const listed = await call(base, 'POST', '/retrieveProducts', {
      token,
      viaQuery: true,
      json: { availableInventoryOnly: 'false' },
    });
    expect(listed.status).toBe(200);
    const shirts = (listed.body as { product_id: string }[]).filter((p) =>
      p.product_id.endsWith('-shirt'),
    );
    expect(shirts).toEqual([
      { title: 'Blue Shirt', price: '1000.00', inventory_count: 10, product_id: 'blue-shirt' },
      { title: 'Red Shirt', price: '100.00', inventory_count: 35, product_id: 'red-shirt' },
    ]);

    const cartId = await newCart(token);
    // The cart the sample assumes: 3 red and 2 blue shirts already in it.
    const before = cartOf(await modify(token, cartId, [add('red-shirt', 3), add('blue-shirt', 2)]));
    expect(before.lines).toEqual({ 'red-shirt': 3, 'blue-shirt': 2 });
    expect(before.cost).toBe('2300.00');

    // The README's request: add 10 red shirts, remove 1 blue shirt.
    const after = cartOf(
      await call(base, 'POST', '/modifyCart', {
        token,
        json: {
          cart_id: cartId,
          items: [
            { action: 'add', product_id: 'red-shirt', quantity: 10 },
            { action: 'remove', product_id: 'blue-shirt', quantity: 1 },
          ],
        },
      }),
    );
    expect(after.lines).toEqual({ 'red-shirt': 13, 'blue-shirt': 1 });
    expect(after.cost).toBe('2300.00'); // 13 x 100.00 + 1 x 1000.00
    expect(after.cart_id).toBe(cartId);

    const checkedOut = cartOf(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
    );
    expect(checkedOut.lines).toEqual({ 'red-shirt': 13, 'blue-shirt': 1 });
    expect(checkedOut.cost).toBe('2300.00');
    expect(await stockOf(db, 'red-shirt')).toBe(22);
    expect(await stockOf(db, 'blue-shirt')).toBe(9);

    // The order is in the store's own orders table: legacy, no user, no card, and (no money
    // having moved) awaiting payment, not paid.
    const [order] = await db
      .select()
      .from(orders)
      .where(eq(orders.source, 'legacy'))
      .orderBy(orders.number);
    expect(order).toMatchObject({
      source: 'legacy',
      status: 'awaiting_payment',
      paidAt: null,
      userId: null,
      cardBrand: null,
      cardLast4: null,
      subtotalCents: 230_000,
    });
    expect(order?.totalCents).toBe(
      (order?.subtotalCents ?? 0) + (order?.taxCents ?? 0) + (order?.shippingCents ?? 0),
    );
    const lines = await db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, order?.id ?? ''));
    expect(lines.map((l) => [l.productId, l.quantity, l.unitPriceCents]).sort()).toEqual([
      ['blue-shirt', 1, 100_000],
      ['red-shirt', 13, 10_000],
    ]);

    // A checked-out cart is closed; a new one can be discarded.
    expectRefusal(await modify(token, cartId, [add('red-shirt', 1)]), 404, 'INVALID_CART_ID');
    const second = await newCart(token);
    cartOf(await modify(token, second, [add('red-shirt', 1)]));
    const discarded = await call(base, 'POST', '/discardCart', {
      token,
      json: { cart_id: second },
    });
    expect({ status: discarded.status, body: discarded.body }).toEqual({
      status: 200,
      body: { response: 'REMOVED' },
    });
    expectRefusal(
      await call(base, 'POST', '/discardCart', { token, json: { cart_id: second } }),
      404,
      'INVALID_CART_ID',
    );
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: second } }),
      404,
      'INVALID_CART_ID',
    );

    const invalidated = await call(base, 'GET', '/invalidateAccessToken', {
      token,
      viaQuery: true,
    });
    expect({ status: invalidated.status, body: invalidated.body }).toEqual({
      status: 200,
      body: { response: 'INVALIDATION_SUCCESS' },
    });
  });

  test('retrieveProducts: all, in stock only, a list, and the list filtered by stock', async () => {
    const token = await newToken();
    const ids = async (json: unknown) => {
      const answer = await call(base, 'POST', '/retrieveProducts', { token, json });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return (answer.body as { product_id: string }[]).map((p) => p.product_id);
    };
    expect(await ids({})).toEqual(forSale);
    expect(await ids({ all: true })).toEqual(forSale);
    expect(await ids({ all: 'true', availableInventoryOnly: false })).toEqual(forSale);
    expect(await ids({ availableInventoryOnly: true })).toEqual(
      forSale.filter((id) => id !== 'empty-mug' && id !== 'legacy-jersey-l'),
    );
    // The list, unknown and archived ids left out; with the filter, only those in stock.
    const list = ['red-shirt', 'empty-mug', 'old-cap', 'no-such-thing'];
    expect(await ids({ products: list })).toEqual(['empty-mug', 'red-shirt']);
    expect(await ids({ products: list, availableInventoryOnly: 'true' })).toEqual(['red-shirt']);
    expect(await ids({ products: [] })).toEqual([]);
    // Without a body at all: everything.
    const bare = await call(base, 'POST', '/retrieveProducts', { token });
    expect(bare.status).toBe(200);
    expect((bare.body as unknown[]).length).toBe(forSale.length);
  });

  test('a token works as ?token= and as Bearer; invalidation ends it; 404 for none', async () => {
    const token = await newToken();
    expect((await call(base, 'GET', '/createCart', { token, viaQuery: true })).status).toBe(200);
    expect((await call(base, 'GET', '/createCart', { token })).status).toBe(200);
    expect((await call(base, 'GET', '/invalidateAccessToken', { token })).body).toEqual({
      response: 'INVALIDATION_SUCCESS',
    });
    expectRefusal(
      await call(base, 'GET', '/createCart', { token, viaQuery: true }),
      401,
      'INVALID_ACCESS_TOKEN',
    );
    expectRefusal(await call(base, 'GET', '/createCart', { token }), 401, 'INVALID_ACCESS_TOKEN');
    for (const options of [
      { token },
      { token, viaQuery: true },
      { token: 'f'.repeat(48) },
      {},
      { headers: { authorization: 'Basic abc' } },
    ]) {
      expectRefusal(
        await call(base, 'GET', '/invalidateAccessToken', options),
        404,
        'TOKEN_DOES_NOT_EXIST',
        JSON.stringify(options),
      );
    }
    // Only the hash is stored.
    const fresh = await newToken();
    const rows = await db.select({ hash: legacyTokens.tokenHash }).from(legacyTokens);
    const stored = rows.map((row) => Buffer.from(row.hash).toString('hex'));
    expect(stored).not.toContain(fresh);
    expect(rows.every((row) => row.hash.length === 32)).toBe(true);
  });

  test('INVALID_ACCESS_TOKEN (401) on every protected endpoint, for any bad token', async () => {
    const token = await newToken();
    const cartId = await newCart(token);
    const endpoints: [string, string, unknown][] = [
      ['POST', '/retrieveProducts', {}],
      ['GET', '/createCart', undefined],
      ['POST', '/modifyCart', { cart_id: cartId, items: [add('red-shirt', 1)] }],
      ['POST', '/checkoutCart', { cart_id: cartId }],
      ['POST', '/discardCart', { cart_id: cartId }],
    ];
    const bad: CallOptions[] = [
      {},
      { token: 'f'.repeat(48) },
      { token: 'not-a-token', viaQuery: true },
      { headers: { authorization: 'Bearer' } },
      { headers: { authorization: `Basic ${token}` } },
    ];
    for (const [method, path, json] of endpoints) {
      for (const options of bad) {
        expectRefusal(
          await call(base, method, path, { ...options, ...(json ? { json } : {}) }),
          401,
          'INVALID_ACCESS_TOKEN',
          `${path} ${JSON.stringify(options)}`,
        );
      }
    }
    // Nothing happened to the cart.
    const [cart] = await db.select().from(carts).where(eq(carts.id, cartId));
    expect(cart?.status).toBe('open');
  });

  test("a cart belongs to the token that created it: another token's cart is INVALID_CART_ID", async () => {
    const owner = await newToken();
    const other = await newToken();
    const cartId = await newCart(owner);
    cartOf(await modify(owner, cartId, [add('red-shirt', 2)]));
    expectRefusal(await modify(other, cartId, [add('red-shirt', 1)]), 404, 'INVALID_CART_ID');
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token: other, json: { cart_id: cartId } }),
      404,
      'INVALID_CART_ID',
    );
    expectRefusal(
      await call(base, 'POST', '/discardCart', { token: other, json: { cart_id: cartId } }),
      404,
      'INVALID_CART_ID',
    );
    // Still the owner's, untouched.
    expect(cartOf(await modify(owner, cartId, [add('red-shirt', 1)])).lines).toEqual({
      'red-shirt': 3,
    });
  });

  test('every modifyCart refusal, with its status', async () => {
    const token = await newToken();
    const cartId = await newCart(token);
    const post = (json: unknown) => call(base, 'POST', '/modifyCart', { token, json });
    const cases: [unknown, number, string][] = [
      [{ items: [add('red-shirt', 1)] }, 400, 'MISSING_CART_ID'],
      [{ cart_id: '', items: [add('red-shirt', 1)] }, 400, 'MISSING_CART_ID'],
      [{ cart_id: cartId }, 400, 'MISSING_ITEMS_ARRAY'],
      [{ cart_id: cartId, items: 'red-shirt' }, 400, 'MISSING_ITEMS_ARRAY'],
      [{ cart_id: cartId, items: [] }, 400, 'EMPTY_ITEMS_ARRAY'],
      [
        { cart_id: cartId, items: [{ product_id: 'red-shirt', quantity: 1 }] },
        400,
        'MISSING_ACTION_TYPE',
      ],
      [
        { cart_id: cartId, items: [{ action: 'delete', product_id: 'red-shirt', quantity: 1 }] },
        400,
        'INVALID_ACTION',
      ],
      [{ cart_id: cartId, items: [{ action: 'add', quantity: 1 }] }, 400, 'MISSING_PRODUCT_ID'],
      [{ cart_id: cartId, items: [add('Red Shirt!', 1)] }, 400, 'INVALID_PRODUCT_ID'],
      [{ cart_id: cartId, items: [add('a'.repeat(201), 1)] }, 400, 'INVALID_PRODUCT_ID'],
      [
        { cart_id: cartId, items: [{ action: 'add', product_id: 'red-shirt' }] },
        400,
        'MISSING_QUANTITY',
      ],
      [{ cart_id: cartId, items: [add('red-shirt', 0)] }, 400, 'INVALID_QUANTITY'],
      [{ cart_id: cartId, items: [add('red-shirt', -3)] }, 400, 'INVALID_QUANTITY'],
      [{ cart_id: cartId, items: [add('red-shirt', 1.5)] }, 400, 'INVALID_QUANTITY'],
      [{ cart_id: cartId, items: [remove('red-shirt', 1)] }, 400, 'INVALID_QUANTITY'],
      [{ cart_id: cartId, items: [add('no-such-product', 1)] }, 404, 'INVALID_PRODUCT'],
      [{ cart_id: cartId, items: [add('old-cap', 1)] }, 404, 'INVALID_PRODUCT'],
      [{ cart_id: cartId, items: [add('empty-mug', 1)] }, 409, 'LACK_INVENTORY_FOR_(empty-mug)'],
      [{ cart_id: cartId, items: [add('blue-shirt', 11)] }, 409, 'LACK_INVENTORY_FOR_(blue-shirt)'],
      [
        { cart_id: '00000000-0000-4000-8000-000000000000', items: [add('red-shirt', 1)] },
        404,
        'INVALID_CART_ID',
      ],
      [{ cart_id: 'not-a-cart', items: [add('red-shirt', 1)] }, 404, 'INVALID_CART_ID'],
      // As the original checks: the cart before what the items say.
      [{ cart_id: '00000000-0000-4000-8000-000000000000', items: [] }, 404, 'INVALID_CART_ID'],
      [
        { cart_id: '00000000-0000-4000-8000-000000000000', items: [{ quantity: 1 }] },
        404,
        'INVALID_CART_ID',
      ],
      [
        { cart_id: cartId, items: Array.from({ length: 101 }, () => add('red-shirt', 1)) },
        400,
        'TOO_MANY_ITEMS',
      ],
    ];
    for (const [json, status, response] of cases) {
      expectRefusal(await post(json), status, response, JSON.stringify(json).slice(0, 120));
    }
    // Over-removal: more than the line holds.
    cartOf(await modify(token, cartId, [add('red-shirt', 2)]));
    expectRefusal(await modify(token, cartId, [remove('red-shirt', 3)]), 400, 'INVALID_QUANTITY');
    // Adding past the stock counts what the line already holds.
    cartOf(await modify(token, cartId, [add('blue-shirt', 8)]));
    expectRefusal(
      await modify(token, cartId, [add('blue-shirt', 3)]),
      409,
      'LACK_INVENTORY_FOR_(blue-shirt)',
    );
    expect(cartOf(await modify(token, cartId, [remove('red-shirt', 2)])).lines).toEqual({
      'blue-shirt': 8,
    });
  });

  test('modifyCart is all-or-nothing: one bad change leaves the cart exactly as it was', async () => {
    const token = await newToken();
    const cartId = await newCart(token);
    const start = cartOf(await modify(token, cartId, [add('red-shirt', 4), add('gadget-a', 1)]));
    expect(start.cost).toBe('403.33');
    for (const [items, status, response] of [
      [[add('gadget-a', 2), add('blue-shirt', 11)], 409, 'LACK_INVENTORY_FOR_(blue-shirt)'],
      [[remove('red-shirt', 4), add('no-such-thing', 1)], 404, 'INVALID_PRODUCT'],
      [[add('gadget-b', 1), remove('gadget-a', 2)], 400, 'INVALID_QUANTITY'],
      [[add('gadget-a', 4), add('gadget-a', 1)], 409, 'LACK_INVENTORY_FOR_(gadget-a)'],
    ] as [unknown[], number, string][]) {
      expectRefusal(await modify(token, cartId, items), status, response, JSON.stringify(items));
    }
    // A no-op change shows the cart: unchanged.
    const now = cartOf(await modify(token, cartId, [add('red-shirt', 1), remove('red-shirt', 1)]));
    expect(now.lines).toEqual({ 'red-shirt': 4, 'gadget-a': 1 });
    expect(now.cost).toBe('403.33');
    // Changes apply in order within one request; cost is always the exact sum.
    const mixed = cartOf(
      await modify(token, cartId, [
        add('gadget-b', 3),
        remove('gadget-b', 1),
        remove('red-shirt', 4),
        add('gadget-a', 3),
      ]),
    );
    expect(mixed.lines).toEqual({ 'gadget-a': 4, 'gadget-b': 2 });
    expect(mixed.cost).toBe('33.34'); // 4 x 3.33 + 2 x 10.01
  });

  test('malformed JSON, wrong types and other bodies are 400s in the legacy shape, never 500', async () => {
    const token = await newToken();
    const cartId = await newCart(token);
    for (const path of ['/modifyCart', '/checkoutCart', '/discardCart', '/retrieveProducts']) {
      for (const raw of ['{"cart_id":', '{bad json}', '', "{'cart_id': 1}"]) {
        expectRefusal(
          await call(base, 'POST', path, { token, raw }),
          400,
          'MALFORMED_JSON',
          `${path} ${raw}`,
        );
      }
      for (const raw of ['[1, 2]', '"cart"', '42', 'true']) {
        expectRefusal(
          await call(base, 'POST', path, { token, raw }),
          400,
          'INVALID_BODY',
          `${path} ${raw}`,
        );
      }
      // Text is not JSON: refused like any other non-object body.
      const text = await call(base, 'POST', path, {
        token,
        raw: 'cart_id=1',
        contentType: 'text/plain',
      });
      expectRefusal(text, 400, 'INVALID_BODY', path);
      const xml = await call(base, 'POST', path, {
        token,
        raw: '<cart_id>1</cart_id>',
        contentType: 'application/xml',
      });
      expectRefusal(xml, 415, 'UNSUPPORTED_MEDIA_TYPE', path);
      const huge = await call(base, 'POST', path, {
        token,
        raw: JSON.stringify({ cart_id: cartId, padding: 'x'.repeat(20_000) }),
      });
      expectRefusal(huge, 413, 'BODY_TOO_LARGE', path);
    }
    const wrong: [string, unknown, number, string][] = [
      ['/modifyCart', { cart_id: 42, items: [add('red-shirt', 1)] }, 400, 'INVALID_FIELD_TYPE'],
      [
        '/modifyCart',
        { cart_id: [cartId], items: [add('red-shirt', 1)] },
        400,
        'INVALID_FIELD_TYPE',
      ],
      [
        '/modifyCart',
        { cart_id: cartId, items: { 0: add('red-shirt', 1) } },
        400,
        'MISSING_ITEMS_ARRAY',
      ],
      ['/modifyCart', { cart_id: cartId, items: [5] }, 400, 'INVALID_FIELD_TYPE'],
      ['/modifyCart', { cart_id: cartId, items: [null] }, 400, 'INVALID_FIELD_TYPE'],
      [
        '/modifyCart',
        { cart_id: cartId, items: [{ action: 1, product_id: 'red-shirt', quantity: 1 }] },
        400,
        'INVALID_ACTION',
      ],
      [
        '/modifyCart',
        { cart_id: cartId, items: [{ action: 'add', product_id: 7, quantity: 1 }] },
        400,
        'INVALID_PRODUCT_ID',
      ],
      [
        '/modifyCart',
        { cart_id: cartId, items: [{ action: 'add', product_id: ['red-shirt'], quantity: 1 }] },
        400,
        'INVALID_PRODUCT_ID',
      ],
      [
        '/modifyCart',
        { cart_id: cartId, items: [add('red-shirt', '10' as unknown as number)] },
        400,
        'INVALID_QUANTITY',
      ],
      [
        '/modifyCart',
        { cart_id: cartId, items: [add('red-shirt', true as unknown as number)] },
        400,
        'INVALID_QUANTITY',
      ],
      ['/checkoutCart', { cart_id: { id: cartId } }, 400, 'INVALID_FIELD_TYPE'],
      ['/checkoutCart', {}, 400, 'MISSING_CART_ID'],
      ['/discardCart', { cart_id: false }, 400, 'INVALID_FIELD_TYPE'],
      ['/discardCart', {}, 400, 'MISSING_CART_ID'],
      ['/retrieveProducts', { all: 'yes' }, 400, 'INVALID_FIELD_TYPE'],
      ['/retrieveProducts', { availableInventoryOnly: 1 }, 400, 'INVALID_FIELD_TYPE'],
      ['/retrieveProducts', { products: 'red-shirt' }, 400, 'INVALID_FIELD_TYPE'],
      ['/retrieveProducts', { products: [1] }, 400, 'INVALID_PRODUCT_ID'],
      ['/retrieveProducts', { products: ['../etc'] }, 400, 'INVALID_PRODUCT_ID'],
      ['/retrieveProducts', { products: Array(101).fill('red-shirt') }, 400, 'TOO_MANY_ITEMS'],
    ];
    for (const [path, json, status, response] of wrong) {
      expectRefusal(
        await call(base, 'POST', path, { token, json }),
        status,
        response,
        `${path} ${JSON.stringify(json).slice(0, 100)}`,
      );
    }
    // The cart survived all of it, empty.
    expect(cartOf(await modify(token, cartId, [add('red-shirt', 1)])).lines).toEqual({
      'red-shirt': 1,
    });
  });

  test('huge quantities are refused cleanly, never overflowing', async () => {
    const token = await newToken();
    const cartId = await newCart(token);
    for (const raw of ['1e12', '9007199254740993', '1e400', '2147483648', '-1e400']) {
      const answer = await call(base, 'POST', '/modifyCart', {
        token,
        raw: `{"cart_id":"${cartId}","items":[{"action":"add","product_id":"red-shirt","quantity":${raw}}]}`,
      });
      expectRefusal(answer, 400, 'INVALID_QUANTITY', raw);
    }
    // Within the accepted range but above the stock: a stock refusal, for add and for remove.
    expectRefusal(
      await modify(token, cartId, [add('red-shirt', 1_000_000)]),
      409,
      'LACK_INVENTORY_FOR_(red-shirt)',
    );
    cartOf(await modify(token, cartId, [add('red-shirt', 35)]));
    expectRefusal(
      await modify(token, cartId, [remove('red-shirt', 1_000_000)]),
      400,
      'INVALID_QUANTITY',
    );
    expectRefusal(
      await modify(token, cartId, [add('red-shirt', 1)]),
      409,
      'LACK_INVENTORY_FOR_(red-shirt)',
    );
    expect(cartOf(await modify(token, cartId, [remove('red-shirt', 35)])).cost).toBe('0.00');
  });

  test('unknown fields are ignored, as the original did', async () => {
    const token = await newToken();
    const cartId = await newCart(token);
    const answer = await call(base, 'POST', '/modifyCart', {
      token,
      json: {
        cart_id: cartId,
        coupon: 'FREE',
        price: '0.01',
        items: [{ ...add('red-shirt', 2), price: '0.01', colour: 'blue' }],
      },
    });
    const cart = cartOf(answer);
    expect(cart.lines).toEqual({ 'red-shirt': 2 });
    expect(cart.cost).toBe('200.00'); // prices come from the database
    const listed = await call(base, 'POST', '/retrieveProducts', {
      token,
      json: { products: ['red-shirt'], sort: 'price', extra: { nested: true } },
    });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    const checkedOut = await call(base, 'POST', '/checkoutCart', {
      token,
      json: { cart_id: cartId, total: '0.00' },
    });
    expect(cartOf(checkedOut).cost).toBe('200.00');
  });

  test('checkoutCart is one transaction: every line or none; empty carts refused', async () => {
    const token = await newToken();
    const empty = await newCart(token);
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: empty } }),
      409,
      'EMPTY_CART',
    );
    // Emptied by removals: still empty.
    cartOf(await modify(token, empty, [add('gadget-a', 1)]));
    cartOf(await modify(token, empty, [remove('gadget-a', 1)]));
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: empty } }),
      409,
      'EMPTY_CART',
    );

    const cartId = await newCart(token);
    cartOf(await modify(token, cartId, [add('gadget-a', 2), add('gadget-b', 3)]));
    // Someone else bought gadget-b meanwhile.
    await setStock(db, 'gadget-b', 1);
    const ordersBefore = (await db.select().from(orders)).length;
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
      409,
      'LACK_INVENTORY_FOR_(gadget-b)',
    );
    // gadget-a (taken first, by id order) was given back with the rollback; no order.
    expect(await stockOf(db, 'gadget-a')).toBe(5);
    expect(await stockOf(db, 'gadget-b')).toBe(1);
    expect((await db.select().from(orders)).length).toBe(ordersBefore);
    // An archived product in the cart blocks checkout the same way.
    await setStock(db, 'gadget-b', 3);
    await db.update(products).set({ archived: true }).where(eq(products.id, 'gadget-a'));
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
      409,
      'LACK_INVENTORY_FOR_(gadget-a)',
    );
    await db.update(products).set({ archived: false }).where(eq(products.id, 'gadget-a'));
    const done = cartOf(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
    );
    expect(done.cost).toBe('36.69'); // 2 x 3.33 + 3 x 10.01
    expect(await stockOf(db, 'gadget-a')).toBe(3);
    expect(await stockOf(db, 'gadget-b')).toBe(0);
    // Checking out twice is refused: the cart is closed.
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
      404,
      'INVALID_CART_ID',
    );
    expect(await stockOf(db, 'gadget-a')).toBe(3);
  });

  test('50 concurrent checkouts that together want more than the stock never oversell', async () => {
    // 30 balls and 40 bats; 50 carts each want 1 ball and 1 bat: 30 can win, 20 must lose.
    const token = await newToken();
    const cartIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      const cartId = await newCart(token);
      cartOf(await modify(token, cartId, [add('race-bat', 1), add('race-ball', 1)]));
      cartIds.push(cartId);
    }
    const answers = await Promise.all(
      cartIds.map((cartId) =>
        call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
      ),
    );
    const won = answers.filter((answer) => answer.status === 200);
    const lost = answers.filter((answer) => answer.status !== 200);
    expect(won).toHaveLength(30);
    for (const answer of lost) expectRefusal(answer, 409, 'LACK_INVENTORY_FOR_(race-ball)');
    expect(await stockOf(db, 'race-ball')).toBe(0);
    expect(await stockOf(db, 'race-bat')).toBe(10); // losers took no bats either
    const sold = await db
      .select({ quantity: orderLines.quantity, productId: orderLines.productId })
      .from(orderLines)
      .where(inArray(orderLines.productId, ['race-ball', 'race-bat']));
    expect(sold.filter((l) => l.productId === 'race-ball')).toHaveLength(30);
    expect(sold.filter((l) => l.productId === 'race-bat')).toHaveLength(30);
    const stillOpen = await db
      .select({ id: carts.id })
      .from(carts)
      .where(and(inArray(carts.id, cartIds), eq(carts.status, 'open')));
    expect(stillOpen).toHaveLength(20);
    // The winners' orders await payment, their stock reserved: none is paid.
    const made = await db
      .selectDistinct({ id: orders.id, status: orders.status, paidAt: orders.paidAt })
      .from(orders)
      .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
      .where(eq(orderLines.productId, 'race-ball'));
    expect(made).toHaveLength(30);
    expect(made.every((o) => o.status === 'awaiting_payment' && o.paidAt === null)).toBe(true);
  });

  test('a product in sizes is one legacy product per size for sale, with its own inventory_count; never under its own id', async () => {
    const token = await newToken();
    const retrieve = async (json: unknown) => {
      const answer = await call(base, 'POST', '/retrieveProducts', { token, json });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body as { product_id: string }[];
    };
    // Every size for sale, titled with its size, at its own price (the 2XL's override) and
    // stock (the sold-out L included); the archived XL and the product's own id are not.
    const sizes = (await retrieve({})).filter((p) => p.product_id.startsWith('legacy-jersey'));
    expect(sizes).toEqual([
      {
        title: 'Legacy Jersey (Size 2XL)',
        price: '53.00',
        inventory_count: 2,
        product_id: 'legacy-jersey-2xl',
      },
      {
        title: 'Legacy Jersey (Size L)',
        price: '50.00',
        inventory_count: 0,
        product_id: 'legacy-jersey-l',
      },
      {
        title: 'Legacy Jersey (Size M)',
        price: '50.00',
        inventory_count: 1,
        product_id: 'legacy-jersey-m',
      },
      {
        title: 'Legacy Jersey (Size S)',
        price: '50.00',
        inventory_count: 4,
        product_id: 'legacy-jersey-s',
      },
    ]);
    // Asked for by id: the product's own id and the archived size are unknown products.
    const asked = ['legacy-jersey', ARCHIVED_SIZE, 'legacy-jersey-l', 'legacy-jersey-m'];
    expect((await retrieve({ products: asked })).map((p) => p.product_id)).toEqual([
      'legacy-jersey-l',
      'legacy-jersey-m',
    ]);
    expect(
      (await retrieve({ products: asked, availableInventoryOnly: true })).map((p) => p.product_id),
    ).toEqual(['legacy-jersey-m']);

    // Neither can go in a cart, and a refused change changes nothing.
    const cartId = await newCart(token);
    cartOf(await modify(token, cartId, [add('legacy-jersey-s', 1)]));
    for (const id of ['legacy-jersey', ARCHIVED_SIZE]) {
      expectRefusal(await modify(token, cartId, [add(id, 1)]), 404, 'INVALID_PRODUCT', id);
    }
    // A size archived while in a cart blocks its checkout as an archived product does.
    await db
      .update(productVariants)
      .set({ archived: true })
      .where(eq(productVariants.id, 'legacy-jersey-s'));
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
      409,
      'LACK_INVENTORY_FOR_(legacy-jersey-s)',
    );
    expect(await everyStock(db)).toMatchObject({ 'legacy-jersey-s': 4, [ARCHIVED_SIZE]: 6 });
  });

  test('every variant retrieveProducts lists can be put in a cart, whatever the length of its id', async () => {
    // The longest the admin makes: an 80-character product id and a 31-character size.
    const productId = `long-${'a'.repeat(75)}`;
    const size = 'Extra Long Tall Fit For Keepers';
    await db.insert(products).values({
      id: productId,
      title: 'Long Jersey',
      description: 'Long.',
      categoryId: 'legacy-gear',
      priceCents: 1_000,
      priceFromCents: 1_000,
    });
    await db
      .insert(productOptions)
      .values({ productId, position: 1, name: 'Size', values: [size] });
    await db.insert(productVariants).values({
      id: variantId(productId, [size]),
      productId,
      sku: 'LONG-XLTF',
      option1: size,
      stock: 3,
    });
    const token = await newToken();
    const listed = await call(base, 'POST', '/retrieveProducts', { token, json: {} });
    const long = (listed.body as { product_id: string }[]).find((p) =>
      p.product_id.startsWith(productId),
    );
    expect(long?.product_id).toBe(`${productId}-extra-long-tall-fit-for-keepers`);
    const cartId = await newCart(token);
    cartOf(await modify(token, cartId, [add(long?.product_id ?? '', 1)]));
  });

  test("modifyCart and checkoutCart on a size move only that size's stock", async () => {
    const token = await newToken();
    const cartId = await newCart(token);
    const before = await everyStock(db);
    cartOf(await modify(token, cartId, [add('legacy-jersey-s', 3), add('legacy-jersey-2xl', 1)]));
    // Each size has its own stock: the last M can go in, a second cannot, whatever S holds.
    const cart = cartOf(
      await modify(token, cartId, [add('legacy-jersey-m', 1), remove('legacy-jersey-s', 1)]),
    );
    // In the order they entered the cart (those entered together by id).
    expect(cart.items).toEqual(['legacy-jersey-2xl', 'legacy-jersey-s', 'legacy-jersey-m']);
    expect(cart.item_quantities).toEqual([1, 2, 1]);
    expect(cart.cost).toBe('203.00'); // 2 x 50.00 + 53.00 + 50.00
    expectRefusal(
      await modify(token, cartId, [add('legacy-jersey-m', 1)]),
      409,
      'LACK_INVENTORY_FOR_(legacy-jersey-m)',
    );
    expectRefusal(
      await modify(token, cartId, [add('legacy-jersey-l', 1)]),
      409,
      'LACK_INVENTORY_FOR_(legacy-jersey-l)',
    );
    // Putting in a cart reserves nothing.
    expect(await everyStock(db)).toEqual(before);

    const checkedOut = cartOf(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
    );
    expect(checkedOut.lines).toEqual(cart.lines);
    expect(await everyStock(db)).toEqual({
      ...before,
      'legacy-jersey-s': 2,
      'legacy-jersey-2xl': 1,
      'legacy-jersey-m': 0,
    });
    // The order's lines name the product, the size and its SKU.
    const [order] = await db
      .select({ id: orders.id })
      .from(orders)
      .orderBy(desc(orders.number))
      .limit(1);
    const lines = await db
      .select({
        productId: orderLines.productId,
        variantId: orderLines.variantId,
        sku: orderLines.sku,
        variantLabel: orderLines.variantLabel,
        quantity: orderLines.quantity,
        unitPriceCents: orderLines.unitPriceCents,
      })
      .from(orderLines)
      .where(eq(orderLines.orderId, order?.id ?? ''));
    expect(lines.sort((a, b) => a.variantId.localeCompare(b.variantId))).toEqual(
      [
        ['legacy-jersey-2xl', 'Size 2XL', 1, 5_300],
        ['legacy-jersey-m', 'Size M', 1, 5_000],
        ['legacy-jersey-s', 'Size S', 2, 5_000],
      ].map(([id, label, quantity, unitPriceCents]) => ({
        productId: 'legacy-jersey',
        variantId: id,
        sku: testSku(id as string),
        variantLabel: label,
        quantity,
        unitPriceCents,
      })),
    );
    // Sold out now: listed with 0, refused in a new cart.
    const listed = await call(base, 'POST', '/retrieveProducts', {
      token,
      json: { products: ['legacy-jersey-m'] },
    });
    expect(listed.body).toMatchObject([{ product_id: 'legacy-jersey-m', inventory_count: 0 }]);
    expectRefusal(
      await modify(token, await newCart(token), [add('legacy-jersey-m', 1)]),
      409,
      'LACK_INVENTORY_FOR_(legacy-jersey-m)',
    );
  });

  test('concurrent checkouts of the last unit of one size: exactly one succeeds', async () => {
    const token = await newToken();
    const before = await everyStock(db);
    expect(before['legacy-jersey-m']).toBe(1);
    const soldM = () =>
      db
        .select({ id: orderLines.orderId })
        .from(orderLines)
        .where(eq(orderLines.variantId, 'legacy-jersey-m'));
    const soldBefore = (await soldM()).length;
    // Each cart also wants an S (4 in stock, enough for them all): no loser may take one.
    const cartIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const cartId = await newCart(token);
      cartOf(await modify(token, cartId, [add('legacy-jersey-s', 1), add('legacy-jersey-m', 1)]));
      cartIds.push(cartId);
    }
    const answers = await Promise.all(
      cartIds.map((cartId) =>
        call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
      ),
    );
    const won = answers.filter((answer) => answer.status === 200);
    expect(won).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expectRefusal(answer, 409, 'LACK_INVENTORY_FOR_(legacy-jersey-m)');
    }
    expect(await everyStock(db)).toEqual({
      ...before,
      'legacy-jersey-m': 0,
      'legacy-jersey-s': 3,
    });
    expect((await soldM()).length).toBe(soldBefore + 1);
    const stillOpen = await db
      .select({ id: carts.id })
      .from(carts)
      .where(and(inArray(carts.id, cartIds), eq(carts.status, 'open')));
    expect(stillOpen).toHaveLength(cartIds.length - 1);
  });

  test('GET /getAccessToken needs a live client key: none, a wrong or a revoked one is a 401 and issues nothing', async () => {
    const tokensBefore = (await db.select().from(legacyTokens)).length;
    // The anonymous client: no key at all.
    expectRefusal(await call(base, 'GET', '/getAccessToken'), 401, 'MISSING_CLIENT_KEY');
    // The key in the query is not read (it would reach the logs): still none.
    expectRefusal(
      await call(base, 'GET', `/getAccessToken?client_key=${clientKey}`),
      401,
      'MISSING_CLIENT_KEY',
    );
    for (const authorization of [
      `Bearer ick_${'0'.repeat(64)}`,
      `Bearer ${clientKey.slice(0, -1)}`,
      `Bearer ${clientKey}x`,
      'Bearer',
      `Basic ${clientKey}`,
    ]) {
      expectRefusal(
        await call(base, 'GET', '/getAccessToken', { headers: { authorization } }),
        401,
        'INVALID_CLIENT_KEY',
        authorization,
      );
    }
    expect((await db.select().from(legacyTokens)).length).toBe(tokensBefore);

    // A token belongs to its client; revoking the client ends its tokens at once.
    const otherKey = await createLegacyApiClient(db, 'Partner about to be revoked');
    const answer = await call(base, 'GET', '/getAccessToken', {
      headers: clientKeyHeaders(otherKey),
    });
    expect(answer.status).toBe(200);
    const token = code(answer) as string;
    const cartId = await newCart(token);
    const [row] = await db
      .select({ clientId: legacyTokens.clientId })
      .from(legacyTokens)
      .where(isNotNull(legacyTokens.clientId))
      .orderBy(desc(legacyTokens.createdAt))
      .limit(1);
    const [client] = await db
      .select()
      .from(legacyApiClients)
      .where(eq(legacyApiClients.id, row?.clientId ?? ''));
    expect(client?.name).toBe('Partner about to be revoked');
    expect(client?.lastUsedAt).not.toBeNull();
    // Only the key's hash is stored, and the hint is too short to use.
    expect(Buffer.from(client?.keyHash ?? []).toString('hex')).not.toContain(otherKey.slice(4));
    expect(otherKey.startsWith(client?.keyHint ?? 'x')).toBe(true);
    expect(client?.keyHint).toHaveLength(12);
    await db.transaction((tx) => revokeApiClient(tx, client?.id ?? '', new Date()));
    expectRefusal(await call(base, 'GET', '/createCart', { token }), 401, 'INVALID_ACCESS_TOKEN');
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
      401,
      'INVALID_ACCESS_TOKEN',
    );
    expectRefusal(
      await call(base, 'GET', '/getAccessToken', { headers: clientKeyHeaders(otherKey) }),
      401,
      'INVALID_CLIENT_KEY',
    );
  });

  test('per-checkout limits: too many units or too large an amount is a 409 and changes nothing', async () => {
    const token = await newToken();
    const before = {
      stock: await everyStock(db),
      orders: (await db.select().from(orders)).length,
    };
    // As in the issue, one modifyCart takes (nearly) everything on the shelf: 105 units, over
    // the default 100 per checkout.
    const greedy = await newCart(token);
    cartOf(
      await modify(token, greedy, [
        add('red-shirt', 35),
        add('race-ball', 30),
        add('race-bat', 40),
      ]),
    );
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: greedy } }),
      409,
      'TOO_MANY_UNITS',
    );
    // 10 blue shirts: $10,000.00 plus tax, over the default $10,000.00 per checkout.
    const dear = await newCart(token);
    cartOf(await modify(token, dear, [add('blue-shirt', 10)]));
    expectRefusal(
      await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: dear } }),
      409,
      'AMOUNT_TOO_LARGE',
    );
    expect({
      stock: await everyStock(db),
      orders: (await db.select().from(orders)).length,
    }).toEqual(before);
    // The carts stay open: the client can take something out and try again.
    cartOf(await modify(token, dear, [remove('blue-shirt', 1)]));
    cartOf(await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: dear } }));
    expect(await stockOf(db, 'blue-shirt')).toBe(1);
  });

  test('CORS: GET and POST from a configured origin; PUT and DELETE preflights refused', async () => {
    const preflight = (path: string, method: string, origin = SHOP) =>
      fetch(`${base}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'content-type, authorization',
        },
      });
    for (const path of ['/modifyCart', '/getAccessToken', '/checkoutCart']) {
      for (const method of ['GET', 'POST']) {
        const res = await preflight(path, method);
        expect(res.status, `${method} ${path}`).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
        expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
        expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
      }
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const res = await preflight(path, method);
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.headers.get('access-control-allow-origin'), `${method} ${path}`).toBeNull();
        expect(res.headers.get('access-control-allow-methods')).toBeNull();
      }
      const evil = await preflight(path, 'POST', EVIL);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    }
    const allowed = await call(base, 'GET', '/getAccessToken', {
      headers: { origin: SHOP, ...clientKeyHeaders(clientKey) },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    const refused = await call(base, 'GET', '/getAccessToken', { headers: { origin: EVIL } });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    // The methods themselves: nothing answers PUT or DELETE.
    for (const method of ['PUT', 'DELETE']) {
      expect((await fetch(`${base}/modifyCart`, { method })).status).toBe(404);
    }
    const tokensBefore = (await db.select().from(legacyTokens)).length;
    expect((await fetch(`${base}/getAccessToken`, { method: 'HEAD' })).status).toBe(404);
    expect((await db.select().from(legacyTokens)).length).toBe(tokensBefore);
  });

  test('tokens never reach the logs, whether in the query or the Authorization header', async () => {
    const token = await newToken();
    await call(base, 'GET', '/createCart', { token, viaQuery: true });
    await call(base, 'GET', '/createCart', { token });
    await call(base, 'GET', '/invalidateAccessToken', { token, viaQuery: true });
    await call(base, 'GET', '/createCart', { token: 'a'.repeat(48), viaQuery: true });
    expect(t.logs.text).toContain('/createCart?token=[REDACTED]');
    for (const secret of [...issued, 'a'.repeat(48)]) {
      expect(t.logs.text).not.toContain(secret);
    }
  });
});

describe.each(testDrivers)('legacy tokens on %s: 3 hours, on the injectable clock', (driver) => {
  let t: TestApp;
  let base: string;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false }, { now: clock.now });
    clientKey = await createLegacyApiClient(t.testDatabase.database.db);
    base = await listen(t.app);
  });
  afterAll(() => t.close());
  let clientKey: string;

  test('a token works until 3 hours have passed, then is INVALID_ACCESS_TOKEN', async () => {
    const token = code(
      await call(base, 'GET', '/getAccessToken', { headers: clientKeyHeaders(clientKey) }),
    ) as string;
    const cartId = code(await call(base, 'GET', '/createCart', { token })) as string;
    clock.advance(LEGACY_TOKEN_TTL_MS - 1000);
    expect((await call(base, 'GET', '/createCart', { token })).status).toBe(200);
    clock.advance(1000);
    expectRefusal(await call(base, 'GET', '/createCart', { token }), 401, 'INVALID_ACCESS_TOKEN');
    expectRefusal(
      await call(base, 'POST', '/discardCart', { token, json: { cart_id: cartId } }),
      401,
      'INVALID_ACCESS_TOKEN',
    );
    expectRefusal(
      await call(base, 'GET', '/invalidateAccessToken', { token }),
      404,
      'TOKEN_DOES_NOT_EXIST',
    );
  });
});

describe.each(testDrivers)('legacy demo mode (LEGACY_OPEN_TOKENS) on %s', (driver) => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(driver, {
      seedDemoCatalog: false,
      legacy: { ...testConfig().legacy, openTokens: true },
    });
    base = await listen(t.app);
  });
  afterAll(() => t.close());

  test('tokens without a key while it is on; they stop working when it is turned off', async () => {
    const open = await call(base, 'GET', '/getAccessToken');
    expect(open.status).toBe(200);
    const token = code(open) as string;
    expect((await call(base, 'GET', '/createCart', { token })).status).toBe(200);
    // A key, when one is sent, must still be a valid one.
    expectRefusal(
      await call(base, 'GET', '/getAccessToken', {
        headers: { authorization: `Bearer ick_${'a'.repeat(64)}` },
      }),
      401,
      'INVALID_CLIENT_KEY',
    );
    const key = await createLegacyApiClient(t.testDatabase.database.db);
    const keyed = await call(base, 'GET', '/getAccessToken', { headers: clientKeyHeaders(key) });
    expect(keyed.status).toBe(200);

    // The same database served with demo mode off (the default): the open token is dead, the
    // client's token lives on.
    const closed = await buildApp(testConfig(), {
      database: t.testDatabase.database,
      logStream: new LogCapture(),
    });
    try {
      const closedBase = await listen(closed);
      expectRefusal(
        await call(closedBase, 'GET', '/createCart', { token }),
        401,
        'INVALID_ACCESS_TOKEN',
      );
      expect(
        (await call(closedBase, 'GET', '/createCart', { token: code(keyed) as string })).status,
      ).toBe(200);
      expectRefusal(await call(closedBase, 'GET', '/getAccessToken'), 401, 'MISSING_CLIENT_KEY');
    } finally {
      await closed.close();
    }
    // Demo mode on again (the first app never stopped serving with it): a start with it off
    // ended the open tokens for good, so turning it back on revives none of them.
    expectRefusal(await call(base, 'GET', '/createCart', { token }), 401, 'INVALID_ACCESS_TOKEN');
  });
});

describe.each(testDrivers)(
  'legacy orders on %s: awaiting payment, reserved until they expire',
  (driver) => {
    let t: TestApp;
    let base: string;
    let db: Db;
    let token: string;
    const clock = new TestClock();
    const RESERVATION_MS = 6 * 3_600_000;

    beforeAll(async () => {
      t = await createTestApp(
        driver,
        {
          seedDemoCatalog: false,
          legacy: {
            ...testConfig().legacy,
            reservationMs: RESERVATION_MS,
            maxUnitsPerCheckout: 1_000_000,
            // A misconfiguration far above what a 32-bit money column holds: the checkout must
            // still be bounded by MAX_ORDER_TOTAL_CENTS.
            maxAmountCents: 2 ** 40,
          },
        },
        { now: clock.now },
      );
      db = t.testDatabase.database.db;
      await seedCatalog(db);
      await insertProducts(db, [
        {
          id: 'gold-trophy',
          title: 'Gold Trophy',
          description: 'Solid gold.',
          categoryId: 'legacy-gear',
          priceCents: 1_000_000_000, // $10,000,000.00
          stock: 5,
        },
      ]);
      base = await listen(t.app);
      const key = await createLegacyApiClient(db);
      token = code(
        await call(base, 'GET', '/getAccessToken', { headers: clientKeyHeaders(key) }),
      ) as string;
    });
    afterAll(() => t.close());
    beforeEach(() => resetCatalog(db));

    async function checkedOut(items: { product_id: string; quantity: number }[]) {
      const cartId = code(await call(base, 'GET', '/createCart', { token })) as string;
      cartOf(
        await call(base, 'POST', '/modifyCart', {
          token,
          json: { cart_id: cartId, items: items.map((item) => ({ action: 'add', ...item })) },
        }),
      );
      return {
        cartId,
        answer: await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } }),
      };
    }

    test('an order above what the money columns hold is a clear 409, never a 500', async () => {
      // 3 x $10,000,000.00: past $21,474,836.47, the largest a 32-bit cents column holds.
      const { cartId, answer } = await checkedOut([{ product_id: 'gold-trophy', quantity: 3 }]);
      expectRefusal(answer, 409, 'AMOUNT_TOO_LARGE');
      expect(await stockOf(db, 'gold-trophy')).toBe(5);
      const [cart] = await db.select().from(carts).where(eq(carts.id, cartId));
      expect(cart?.status).toBe('open');
    });

    test('the stock stays reserved until the reservation expires, then goes back and the order is cancelled', async () => {
      const placedAt = clock.now();
      const before = await everyStock(db);
      const { answer } = await checkedOut([
        { product_id: 'gadget-a', quantity: 2 },
        { product_id: 'gadget-b', quantity: 1 },
        { product_id: 'legacy-jersey-s', quantity: 3 },
      ]);
      cartOf(answer);
      // Reserved: taken from these variants only (the jersey's S, not its other sizes).
      expect(await everyStock(db)).toEqual({
        ...before,
        'gadget-a': 3,
        'gadget-b': 2,
        'legacy-jersey-s': 1,
      });
      const [order] = await db
        .select()
        .from(orders)
        .where(eq(orders.source, 'legacy'))
        .orderBy(desc(orders.number))
        .limit(1);
      expect(order).toMatchObject({ status: 'awaiting_payment', paidAt: null });
      expect(order?.reservedUntil?.getTime()).toBe(placedAt + RESERVATION_MS);

      // Not yet expired: the sweeper leaves it.
      clock.advance(RESERVATION_MS - 1000);
      expect(await releaseExpiredReservations(db, new Date(clock.now()), async () => {})).toBe(0);
      expect(await stockOf(db, 'gadget-a')).toBe(3);
      clock.advance(2000);
      expect(await releaseExpiredReservations(db, new Date(clock.now()), async () => {})).toBe(1);
      expect(await releaseExpiredReservations(db, new Date(clock.now()), async () => {})).toBe(0);
      expect(await everyStock(db)).toEqual(before);
      const [after] = await db
        .select()
        .from(orders)
        .where(eq(orders.id, order?.id ?? ''));
      expect(after).toMatchObject({ status: 'cancelled', reservedUntil: null, paidAt: null });
      expect(after?.cancelledAt?.getTime()).toBe(clock.now());
    });
  },
);

describe.each(testDrivers)(
  'legacy orders awaiting payment on %s: capped per API client, demo mode as one client',
  (driver) => {
    let t: TestApp;
    let base: string;
    let db: Db;
    const clock = new TestClock();
    // Shorter than a token's 3 hours, so the client's token outlives its orders' reservations.
    const RESERVATION_MS = 3_600_000;

    beforeAll(async () => {
      t = await createTestApp(
        driver,
        {
          seedDemoCatalog: false,
          legacy: {
            ...testConfig().legacy,
            // Demo mode on, so keyed clients and demo-mode tokens meet in one shop.
            openTokens: true,
            reservationMs: RESERVATION_MS,
            maxOutstandingUnits: 10,
            maxOutstandingAmountCents: 50_000, // $500.00
          },
        },
        { now: clock.now },
      );
      db = t.testDatabase.database.db;
      await seedCatalog(db);
      base = await listen(t.app);
    });
    afterAll(() => t.close());
    beforeEach(() => resetCatalog(db));

    /** A new API client: its id and a token of its own. */
    async function newClient(): Promise<{ id: string; token: string }> {
      const key = await createLegacyApiClient(db);
      const [client] = await db
        .select({ id: legacyApiClients.id })
        .from(legacyApiClients)
        .where(eq(legacyApiClients.keyHint, key.slice(0, 12)));
      const answer = await call(base, 'GET', '/getAccessToken', { headers: clientKeyHeaders(key) });
      expect(answer.status).toBe(200);
      return { id: client?.id ?? '', token: code(answer) as string };
    }

    async function demoToken(): Promise<string> {
      const answer = await call(base, 'GET', '/getAccessToken');
      expect(answer.status).toBe(200);
      return code(answer) as string;
    }

    /** A cart of `token` holding `quantity` of `productId`. */
    async function cartWith(token: string, productId: string, quantity: number): Promise<string> {
      const cartId = code(await call(base, 'GET', '/createCart', { token })) as string;
      cartOf(
        await call(base, 'POST', '/modifyCart', {
          token,
          json: { cart_id: cartId, items: [{ action: 'add', product_id: productId, quantity }] },
        }),
      );
      return cartId;
    }

    const checkout = (token: string, cartId: string) =>
      call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } });

    const snapshot = async () => ({
      stock: await everyStock(db),
      orders: (await db.select({ id: orders.id }).from(orders)).length,
    });

    test("the checkout that would pass the client's cap is refused and changes nothing; expired orders no longer count", async () => {
      const client = await newClient();
      // 6 balls ($162.00 with tax), then 5 more: 11 units over the cap of 10.
      cartOf(await checkout(client.token, await cartWith(client.token, 'race-ball', 6)));
      const [order] = await db.select().from(orders).where(eq(orders.legacyClientId, client.id));
      expect(order).toMatchObject({ status: 'awaiting_payment', totalCents: 16_200 });
      const five = await cartWith(client.token, 'race-ball', 5);
      const before = await snapshot();
      expectRefusal(await checkout(client.token, five), 409, 'TOO_MANY_UNITS_AWAITING_PAYMENT');
      expect(await snapshot()).toEqual(before);
      const [cart] = await db.select().from(carts).where(eq(carts.id, five));
      expect(cart?.status).toBe('open');
      // Up to the cap exactly is allowed: 4 more balls make 10 units, $270.00.
      cartOf(await checkout(client.token, await cartWith(client.token, 'race-ball', 4)));
      // 1 red shirt ($108.00) would be an 11th unit.
      const shirt = await cartWith(client.token, 'red-shirt', 1);
      expectRefusal(await checkout(client.token, shirt), 409, 'TOO_MANY_UNITS_AWAITING_PAYMENT');

      // Once those reservations expire (the sweeper cancels the orders), the room is back: 3
      // red shirts ($324.00) pass, then 2 more ($216.00) would make $540.00, over $500.00.
      clock.advance(RESERVATION_MS + 1000);
      expect(await releaseExpiredReservations(db, new Date(clock.now()), async () => {})).toBe(2);
      cartOf(await checkout(client.token, await cartWith(client.token, 'red-shirt', 3)));
      const two = await cartWith(client.token, 'red-shirt', 2);
      const beforeAmount = await snapshot();
      expectRefusal(await checkout(client.token, two), 409, 'AMOUNT_AWAITING_PAYMENT_TOO_LARGE');
      expect(await snapshot()).toEqual(beforeAmount);
      // The shirt cart left open earlier ($108.00, 4 units in all) fits: $432.00.
      cartOf(await checkout(client.token, shirt));
      const made = await db
        .select({ status: orders.status })
        .from(orders)
        .where(eq(orders.legacyClientId, client.id));
      expect(made.map((o) => o.status).sort()).toEqual([
        'awaiting_payment',
        'awaiting_payment',
        'cancelled',
        'cancelled',
      ]);
    });

    test('concurrent checkouts of one client never pass its cap together', async () => {
      const client = await newClient();
      const cartIds: string[] = [];
      for (let i = 0; i < 20; i++) cartIds.push(await cartWith(client.token, 'race-bat', 1));
      const answers = await Promise.all(cartIds.map((cartId) => checkout(client.token, cartId)));
      const won = answers.filter((answer) => answer.status === 200);
      expect(won).toHaveLength(10);
      for (const answer of answers.filter((a) => a.status !== 200)) {
        expectRefusal(answer, 409, 'TOO_MANY_UNITS_AWAITING_PAYMENT');
      }
      const made = await db
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.legacyClientId, client.id), eq(orders.status, 'awaiting_payment')));
      expect(made).toHaveLength(10);
      expect(await stockOf(db, 'race-bat')).toBe(30);
    });

    test('each API client has its own cap; every demo-mode token shares one, apart from them', async () => {
      const first = await newClient();
      const second = await newClient();
      cartOf(await checkout(first.token, await cartWith(first.token, 'race-ball', 10)));
      expectRefusal(
        await checkout(first.token, await cartWith(first.token, 'gadget-a', 1)),
        409,
        'TOO_MANY_UNITS_AWAITING_PAYMENT',
      );
      // The first client's full cap is nothing to the second's.
      cartOf(await checkout(second.token, await cartWith(second.token, 'race-ball', 10)));

      // Demo mode: a new token costs nothing, so all demo-mode orders count together.
      const demo = await demoToken();
      cartOf(await checkout(demo, await cartWith(demo, 'race-bat', 6)));
      const another = await demoToken();
      expectRefusal(
        await checkout(another, await cartWith(another, 'race-bat', 5)),
        409,
        'TOO_MANY_UNITS_AWAITING_PAYMENT',
      );
      cartOf(await checkout(another, await cartWith(another, 'race-bat', 4)));
      // Demo-mode orders record no client.
      const demoOrders = await db
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.source, 'legacy'), isNull(orders.legacyClientId)));
      expect(demoOrders).toHaveLength(2);
      // The demo bucket being full takes nothing from a keyed client.
      const third = await newClient();
      cartOf(await checkout(third.token, await cartWith(third.token, 'race-bat', 10)));
    });
  },
);

const legacyLimits = (overrides: Partial<Record<string, RateLimit>> = {}) => ({
  ...testConfig().rateLimits,
  legacy_get_token: { max: 1, windowMs: 10_000 },
  legacy_invalidate_token: { max: 1, windowMs: 10_000 },
  legacy_products: { max: 1, windowMs: 5_000 },
  legacy_create_cart: { max: 1, windowMs: 60_000 },
  legacy_cart: { max: 3, windowMs: 60_000 },
  ...overrides,
});

test('legacy tokens go to API clients only, with bounded checkouts, unless configured otherwise', () => {
  expect(loadConfig({}).legacy).toEqual({
    openTokens: false,
    reservationMs: 48 * 3_600_000,
    maxUnitsPerCheckout: 100,
    maxAmountCents: 1_000_000,
    maxOutstandingUnits: 500,
    maxOutstandingAmountCents: 5_000_000,
  });
  expect(
    loadConfig({
      LEGACY_OPEN_TOKENS: 'true',
      LEGACY_RESERVATION_HOURS: '2',
      LEGACY_MAX_UNITS_PER_CHECKOUT: '500',
      LEGACY_MAX_AMOUNT_CENTS: String(MAX_ORDER_TOTAL_CENTS),
      LEGACY_MAX_OUTSTANDING_UNITS: '2000',
      LEGACY_MAX_OUTSTANDING_AMOUNT_CENTS: String(10 * MAX_ORDER_TOTAL_CENTS),
    }).legacy,
  ).toEqual({
    openTokens: true,
    reservationMs: 2 * 3_600_000,
    maxUnitsPerCheckout: 500,
    maxAmountCents: MAX_ORDER_TOTAL_CENTS,
    maxOutstandingUnits: 2000,
    maxOutstandingAmountCents: 10 * MAX_ORDER_TOTAL_CENTS,
  });
  // What a client's orders awaiting payment may total together: at most ten of the largest
  // orders, which still fits a 32-bit cents column.
  expect(() =>
    loadConfig({ LEGACY_MAX_OUTSTANDING_AMOUNT_CENTS: String(10 * MAX_ORDER_TOTAL_CENTS + 1) }),
  ).toThrow(ConfigError);
  expect(() => loadConfig({ LEGACY_MAX_OUTSTANDING_UNITS: '0' })).toThrow(ConfigError);
  // No amount limit above the one bound of order totals.
  expect(() => loadConfig({ LEGACY_MAX_AMOUNT_CENTS: String(MAX_ORDER_TOTAL_CENTS + 1) })).toThrow(
    ConfigError,
  );
  expect(() => loadConfig({ LEGACY_MAX_UNITS_PER_CHECKOUT: '0' })).toThrow(ConfigError);
});

test('the seed numbers are the configurable defaults of the legacy rate limits', () => {
  const limits = loadConfig({}).rateLimits;
  expect(limits.legacy_get_token).toEqual({ max: 1, windowMs: 10_000 });
  expect(limits.legacy_invalidate_token).toEqual({ max: 1, windowMs: 10_000 });
  expect(limits.legacy_products).toEqual({ max: 1, windowMs: 5_000 });
  expect(limits.legacy_create_cart).toEqual({ max: 1, windowMs: 60_000 });
  expect(limits.legacy_cart).toEqual({ max: 60, windowMs: 60_000 });
  const tuned = loadConfig({
    RATE_LIMIT_LEGACY_CART: '5/30s',
    RATE_LIMIT_LEGACY_GET_TOKEN: '3/1m',
  });
  expect(tuned.rateLimits.legacy_cart).toEqual({ max: 5, windowMs: 30_000 });
  expect(tuned.rateLimits.legacy_get_token).toEqual({ max: 3, windowMs: 60_000 });
});

describe.each(testDrivers)('legacy rate limits on %s', (driver) => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(driver, {
      seedDemoCatalog: false,
      rateLimits: legacyLimits() as AppConfig['rateLimits'],
      http: { corsOrigins: [SHOP], trustProxy: false, tls: undefined },
    });
    clientKey = await createLegacyApiClient(t.testDatabase.database.db);
    base = await listen(t.app);
  });
  afterAll(() => t.close());
  let clientKey: string;

  function expectLimited(answer: Answer, windowSeconds: number, label: string): void {
    expectRefusal(answer, 429, 'RATE_LIMITED', label);
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter, label).toBeGreaterThanOrEqual(1);
    expect(retryAfter, label).toBeLessThanOrEqual(windowSeconds);
  }

  test('each endpoint group answers 429 with Retry-After past its limit, per group', async () => {
    const first = await call(base, 'GET', '/getAccessToken', {
      headers: clientKeyHeaders(clientKey),
    });
    expect(first.status).toBe(200);
    const token = code(first) as string;
    expectLimited(await call(base, 'GET', '/getAccessToken'), 10, 'getAccessToken');

    expect((await call(base, 'POST', '/retrieveProducts', { token })).status).toBe(200);
    expectLimited(await call(base, 'POST', '/retrieveProducts', { token }), 5, 'retrieveProducts');

    const created = await call(base, 'GET', '/createCart', { token });
    expect(created.status).toBe(200);
    const cartId = code(created) as string;
    expectLimited(await call(base, 'GET', '/createCart', { token }), 60, 'createCart');

    // modify, checkout and discard share one group (3 per minute here).
    expect(
      (await call(base, 'POST', '/modifyCart', { token, json: { cart_id: cartId } })).status,
    ).toBe(400);
    expect(
      (await call(base, 'POST', '/checkoutCart', { token, json: { cart_id: cartId } })).status,
    ).toBe(409);
    expect(
      (await call(base, 'POST', '/discardCart', { token, json: { cart_id: cartId } })).status,
    ).toBe(200);
    expectLimited(
      await call(base, 'POST', '/discardCart', { token, json: { cart_id: cartId } }),
      60,
      'discardCart',
    );
    expectLimited(
      await call(base, 'POST', '/modifyCart', { token, json: { cart_id: cartId } }),
      60,
      'modifyCart',
    );

    // A cross-origin caller can read the refusal and its Retry-After.
    const crossOrigin = await call(base, 'GET', '/getAccessToken', { headers: { origin: SHOP } });
    expect(crossOrigin.status).toBe(429);
    expect(crossOrigin.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(crossOrigin.headers.get('access-control-expose-headers')).toContain('retry-after');

    expect((await call(base, 'GET', '/invalidateAccessToken', { token })).status).toBe(200);
    expectLimited(
      await call(base, 'GET', '/invalidateAccessToken', { token }),
      10,
      'invalidateAccessToken',
    );
  });
});

if (!testRedisUrl) {
  console.warn(
    '[legacy] SKIPPED: the shared Redis rate-limit test needs REDIS_URL ' +
      '(e.g. redis://127.0.0.1:6379; CI sets it).',
  );
}

describe.skipIf(!testRedisUrl).each(testDrivers)(
  'legacy rate limits shared through Redis on %s',
  (driver) => {
    let shared: TwoInstances;
    let bases: string[] = [];

    beforeAll(async () => {
      shared = await twoInstancesOnOneRedis(driver, {
        rateLimits: legacyLimits({
          legacy_get_token: { max: 3, windowMs: 10_000 },
        }) as AppConfig['rateLimits'],
      });
      bases = [];
      for (const app of shared.apps) bases.push(await listen(app));
      clientKey = await createLegacyApiClient((shared.apps[0] as App).database.db);
    });
    let clientKey: string;
    afterAll(() => shared.dispose());

    test('two instances count getAccessToken together', async () => {
      const [a, b] = bases as [string, string];
      const statuses: number[] = [];
      for (const base of [a, b, a, b]) {
        statuses.push(
          (await call(base, 'GET', '/getAccessToken', { headers: clientKeyHeaders(clientKey) }))
            .status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await call(a, 'GET', '/getAccessToken');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ response: 'RATE_LIMITED' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await shared.keys()).toContain(
        `${shared.prefix}ironcart:rate-limit:legacy_get_token:127.0.0.1`,
      );
    });
  },
);
