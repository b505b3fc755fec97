import { type IroncartClient, MemorySessionStore, newIdempotencyKey } from '@ironcart/sdk';
import { count, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, buildApp } from '../../app.js';
import { formatCents } from '../../lib/money.js';
import { createTestApp, LogCapture, type TestApp, TestClock } from '../../test-support/app.js';
import { insertProducts, stockOf as variantStock } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { extractPdfPages } from '../../test-support/pdf.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { createUser } from '../accounts/service.js';
import { categories, images, products } from '../catalog/tables.js';
import { MAX_ORDER_TOTAL_CENTS } from '../orders/limits.js';
import { orders } from '../orders/tables.js';
import { payments, testGatewayLedger } from '../payments/tables.js';
import { TestGateway } from '../payments/test-gateway.js';
import { auditLog } from './tables.js';

const PASSWORD = 'correct horse battery staple';
const UPLOAD_LIMIT = 256 * 1024;
const billing = {
  name: 'Ada Admin',
  line1: '1 Main St',
  city: 'Portland',
  postalCode: '97204',
  country: 'US',
};
const visa = () => ({
  number: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: '123',
  holder: 'Ada Shopper',
});
const png = (width = 320, height = 200) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } } })
    .png()
    .toBuffer()
    .then((buffer) => new Uint8Array(buffer));

describe.each(testDrivers)('admin on %s', (driver) => {
  let t: TestApp;
  let admin: IroncartClient;
  let customer: IroncartClient;
  let customerEmail: string;
  const clock = new TestClock();
  let users = 0;

  const db = () => t.testDatabase.database.db;
  /** The units on hand of a variant (a product's default variant has the product's id). */
  const stockOf = (id: string) => variantStock(db(), id);
  const auditCount = async () => (await db().select({ n: count() }).from(auditLog))[0]?.n ?? 0;

  async function loggedIn(role: 'customer' | 'admin', app: App = t.app) {
    const email = `${role}${++users}-${driver}@example.com`;
    await createUser(db(), { email, password: PASSWORD, name: `${role} ${users}`, role });
    const client = sdkFor(app, { store: new MemorySessionStore(), now: clock.now });
    await client.login({ email, password: PASSWORD });
    return Object.assign(client, { email });
  }

  async function buy(shopper: IroncartClient, productId: string, quantity: number) {
    const cart = await shopper.addToCart(productId, quantity);
    return shopper.checkout(
      { card: visa(), billing, cartVersion: cart.version },
      newIdempotencyKey(),
    );
  }

  beforeAll(async () => {
    t = await createTestApp(
      driver,
      {
        seedDemoCatalog: false,
        imageUploads: { maxBytes: UPLOAD_LIMIT, maxPixels: 4_000_000, maxDimension: 1000 },
      },
      { now: clock.now },
    );
    await db()
      .insert(categories)
      .values([
        { id: 'ad-balls', name: 'Balls' },
        { id: 'ad-boots', name: 'Boots' },
      ]);
    await insertProducts(db(), [
      { id: 'ad-ball', title: 'Admin Ball', categoryId: 'ad-balls', priceCents: 2500, stock: 10 },
      { id: 'ad-boot', title: 'Admin Boot', categoryId: 'ad-boots', priceCents: 9000, stock: 4 },
    ]);
    admin = await loggedIn('admin');
    const shopper = await loggedIn('customer');
    customer = shopper;
    customerEmail = shopper.email;
  });
  afterAll(() => t.close());

  test('every admin route is refused with a plain 404 to guests and customers, and changes nothing', async () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/v1/admin/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
      );
    // The enumeration must see every route, or the test proves nothing about a new one.
    expect(routes.length).toBeGreaterThanOrEqual(19);
    expect(routes).toContainEqual({ method: 'PATCH', path: '/api/v1/admin/variants/{variantId}' });
    const someOrder = '00000000-0000-4000-8000-000000000000';
    const guest = sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });
    const before = { audit: await auditCount(), stock: await stockOf('ad-ball') };
    for (const { method, path } of routes) {
      const params: Record<string, string> = {
        id: path.includes('/orders/') ? someOrder : 'ad-ball',
        variantId: 'ad-ball',
        zoneId: 'us',
        ruleId: 'US-OR',
      };
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? name);
      for (const [who, client] of [
        ['guest', guest],
        ['customer', customer],
      ] as const) {
        const answer = await client.channel.send(method as 'GET', concrete, {
          json:
            method === 'GET'
              ? undefined
              : { stock: 0, reason: 'take it all', delta: -10, options: [], archived: true },
        });
        const body = JSON.parse(new TextDecoder().decode(answer.body));
        expect({ who, method, path, status: answer.status, code: body.error?.code }).toEqual({
          who,
          method,
          path,
          status: 404,
          code: 'not_found',
        });
      }
    }
    expect({ audit: await auditCount(), stock: await stockOf('ad-ball') }).toEqual(before);
    // And the admin does reach them.
    await expect(admin.admin.product('ad-ball')).resolves.toMatchObject({ id: 'ad-ball' });
  });

  test('an admin creates a product with an uploaded image, edits, archives and restores it', async () => {
    const uploaded = await admin.admin.uploadImage(await png(), 'image/png');
    expect(uploaded).toMatchObject({ width: 320, height: 200 });
    expect(uploaded.name).toMatch(/^product-[0-9a-f]{12}\.webp$/);
    expect(uploaded.url).toBe(`/images/${uploaded.name}`);
    const served = await t.app.inject({ method: 'GET', url: uploaded.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect((await sharp(served.rawPayload).metadata()).format).toBe('webp');

    const created = await admin.admin.createProduct({
      id: 'ad-racket',
      title: 'Admin Racket Pro',
      description: 'A carbon racket for fast players.',
      specs: [{ name: 'Weight', value: '300 g' }],
      categoryId: 'ad-balls',
      price: '149.5',
      stock: 7,
      image: uploaded.name,
    });
    expect(created).toMatchObject({
      id: 'ad-racket',
      price: { amount: '149.50', currency: 'USD' },
      stock: 7,
      availability: { variants: 1, soldOut: 0, option: null },
      archived: false,
      unitsSold: 0,
      image: { url: uploaded.url, width: 320, height: 200 },
      options: [],
      // Its one default variant: the product's id, a SKU made of it, the stock given.
      variants: [
        {
          id: 'ad-racket',
          sku: 'AD-RACKET',
          values: [],
          label: '',
          priceOverride: null,
          price: { amount: '149.50' },
          stock: 7,
          archived: false,
        },
      ],
    });
    // The shop sells it, with the image's real size.
    const shopper = sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });
    expect((await shopper.products({ q: 'racket' })).items.map((p) => p.id)).toEqual(['ad-racket']);
    expect((await shopper.product('ad-racket')).image).toEqual(created.image);

    const edited = await admin.admin.updateProduct('ad-racket', {
      price: '139.00',
      title: 'Admin Racket Pro 2',
    });
    expect(edited).toMatchObject({
      price: { amount: '139.00' },
      title: 'Admin Racket Pro 2',
      stock: 7,
      variants: [{ price: { amount: '139.00' } }],
    });
    // The catalog's "from" price follows the base price.
    expect((await shopper.products({ q: 'racket' })).items[0]?.price.amount).toBe('139.00');
    // Nothing changed: no audit entry.
    const entries = await auditCount();
    await admin.admin.updateProduct('ad-racket', { price: '139' });
    expect(await auditCount()).toBe(entries);

    await admin.admin.archiveProduct('ad-racket');
    await expectApiError(shopper.product('ad-racket'), 404, 'not_found');
    expect((await admin.admin.products({ status: 'archived' })).items.map((p) => p.id)).toContain(
      'ad-racket',
    );
    expect((await admin.admin.products({ q: 'racket' })).items).toEqual([]);
    await admin.admin.restoreProduct('ad-racket');
    await expect(shopper.product('ad-racket')).resolves.toMatchObject({
      title: 'Admin Racket Pro 2',
    });

    const log = await admin.admin.auditLog({ targetType: 'product', targetId: 'ad-racket' });
    expect(log.items.map((entry) => entry.action)).toEqual([
      'product.restore',
      'product.archive',
      'product.update',
      'product.create',
    ]);
    expect(log.items[2]).toMatchObject({
      actor: { email: expect.stringContaining('admin') },
      details: {
        changes: {
          priceCents: { from: '149.50', to: '139.00' },
          title: { to: 'Admin Racket Pro 2' },
        },
      },
    });
    const [upload] = (await admin.admin.auditLog({ action: 'image.upload' })).items;
    expect(upload).toMatchObject({ targetType: 'image', targetId: uploaded.name });
  });

  test('bad product input is a 400 or 409 naming the field, and changes nothing', async () => {
    const valid = {
      id: 'ad-new',
      title: 'New thing',
      description: 'Something new for the shop.',
      specs: [],
      categoryId: 'ad-balls',
      price: '10.00',
      stock: 1,
      image: null,
    };
    const before = await auditCount();
    const field = async (body: object, status: number, code: string, path: string) => {
      const error = await expectApiError(
        admin.admin.createProduct(body as typeof valid),
        status,
        code,
      );
      expect(error.details?.map((d) => d.path)).toContain(path);
    };
    await field({ ...valid, price: '10.999' }, 400, 'invalid_request', 'body/price');
    await field({ ...valid, price: 10 }, 400, 'invalid_request', 'body/price');
    await field({ ...valid, id: 'Bad Id' }, 400, 'invalid_request', 'body/id');
    await field(
      { ...valid, categoryId: 'no-such-category' },
      400,
      'invalid_request',
      'body/categoryId',
    );
    await field(
      { ...valid, image: 'product-000000000000.webp' },
      400,
      'invalid_request',
      'body/image',
    );
    await field({ ...valid, stock: -1 }, 400, 'invalid_request', 'body/stock');
    await field({ ...valid, sku: 'lower-case' }, 400, 'invalid_request', 'body/sku');
    await field({ ...valid, sku: 'AD-BALL' }, 409, 'sku_taken', 'body/sku');
    await field({ ...valid, id: 'ad-ball' }, 409, 'product_exists', 'body/id');
    await expectApiError(
      admin.admin.createProduct({ ...valid, extra: 1 } as typeof valid),
      400,
      'invalid_request',
    );
    await expectApiError(admin.admin.updateProduct('ad-ball', {}), 400, 'invalid_request');
    await expectApiError(
      admin.admin.updateProduct('no-such-product', { title: 'x y' }),
      404,
      'not_found',
    );
    expect(await auditCount()).toBe(before);
    expect((await db().select().from(products).where(eq(products.id, 'ad-new'))).length).toBe(0);
  });

  test('a price is at most the largest order total, so no amount made from it overflows', async () => {
    const most = formatCents(MAX_ORDER_TOTAL_CENTS);
    for (const price of [formatCents(MAX_ORDER_TOTAL_CENTS + 1), '1000001', '9999999.99']) {
      const refused = await expectApiError(
        admin.admin.updateProduct('ad-ball', { price }),
        400,
        'invalid_request',
      );
      expect(refused.details.map((d) => d.path)).toEqual(['body/price']);
    }
    expect((await admin.admin.product('ad-ball')).price.amount).toBe('25.00');
    try {
      const priced = await admin.admin.updateProduct('ad-ball', { price: most });
      expect(priced.price.amount).toBe(most);
    } finally {
      await admin.admin.updateProduct('ad-ball', { price: '25.00' });
    }
  });

  test('stock is set and adjusted with a reason, never below zero, each change in the audit log', async () => {
    await admin.admin.setStock('ad-boot', 12, 'count 2026-11-20');
    expect(await stockOf('ad-boot')).toBe(12);
    await admin.admin.adjustStock('ad-boot', 5, 'delivery from supplier');
    await admin.admin.adjustStock('ad-boot', -3, 'damaged in storage');
    expect(await stockOf('ad-boot')).toBe(14);
    const error = await expectApiError(
      admin.admin.adjustStock('ad-boot', -15, 'lost'),
      409,
      'insufficient_stock',
    );
    expect(error.message).toContain('Only 14');
    expect(await stockOf('ad-boot')).toBe(14);
    await expectApiError(admin.admin.adjustStock('ad-boot', 0, 'nothing'), 400, 'invalid_request');
    await expectApiError(admin.admin.setStock('ad-boot', 3, ''), 400, 'invalid_request');
    const log = await admin.admin.auditLog({ targetType: 'product', targetId: 'ad-boot' });
    // Each names the variant counted: the product's default (no label).
    const about = { title: 'Admin Boot', variant: '', variantId: 'ad-boot', sku: 'AD-BOOT' };
    expect(log.items.map((e) => [e.action, e.details])).toEqual([
      ['stock.adjust', { ...about, delta: -3, from: 17, to: 14, reason: 'damaged in storage' }],
      ['stock.adjust', { ...about, delta: 5, from: 12, to: 17, reason: 'delivery from supplier' }],
      ['stock.set', { ...about, from: 4, to: 12, reason: 'count 2026-11-20' }],
    ]);
  });

  /** A new product (no options yet, no stock), as the admin creates it. */
  const newProduct = (id: string, sku?: string) =>
    admin.admin.createProduct({
      id,
      title: `Admin ${id}`,
      description: 'A product with sizes and colours.',
      specs: [],
      categoryId: 'ad-balls',
      price: '60.00',
      stock: 0,
      image: null,
      ...(sku ? { sku } : {}),
    });
  const sizeColour = (sizes: string[], colours = ['Red', 'Blue']) => [
    { name: 'Size', values: sizes },
    { name: 'Colour', values: colours },
  ];
  const priceFromOf = async (id: string) =>
    (
      await db()
        .select({ cents: products.priceFromCents })
        .from(products)
        .where(eq(products.id, id))
    )[0]?.cents;

  test('options generate the variant grid; redefining them keeps what exists and archives what is gone', async () => {
    await newProduct('ad-jersey', 'AD-JRS');
    const grid = await admin.admin.setOptions('ad-jersey', sizeColour(['S', 'M']));
    expect(grid.options).toEqual(sizeColour(['S', 'M']));
    expect(grid.variants.map((v) => [v.id, v.sku, v.label, v.stock, v.archived])).toEqual([
      ['ad-jersey-s-red', 'AD-JRS-S-RED', 'Size S · Colour Red', 0, false],
      ['ad-jersey-s-blue', 'AD-JRS-S-BLUE', 'Size S · Colour Blue', 0, false],
      ['ad-jersey-m-red', 'AD-JRS-M-RED', 'Size M · Colour Red', 0, false],
      ['ad-jersey-m-blue', 'AD-JRS-M-BLUE', 'Size M · Colour Blue', 0, false],
      // The default variant is archived, never deleted.
      ['ad-jersey', 'AD-JRS', '', 0, true],
    ]);
    expect(grid).toMatchObject({
      stock: 0,
      // Two options: the list counts variants, not sizes.
      availability: { variants: 4, soldOut: 4, option: null },
    });

    await admin.admin.setVariantStock('ad-jersey-m-blue', 5, 'count 2026-12-01');
    await admin.admin.adjustVariantStock('ad-jersey-s-red', 3, 'delivery');
    const priced = await admin.admin.updateVariant('ad-jersey-s-red', { price: '55.00' });
    expect(priced.variants[0]).toMatchObject({
      id: 'ad-jersey-s-red',
      priceOverride: { amount: '55.00' },
      price: { amount: '55.00' },
      stock: 3,
    });
    expect(priced).toMatchObject({ stock: 8, availability: { variants: 4, soldOut: 2 } });
    expect(await priceFromOf('ad-jersey')).toBe(5500);

    // S goes, L comes: M keeps its stock and SKU, S is archived (with its stock), L is new.
    const redefined = await admin.admin.setOptions('ad-jersey', sizeColour(['M', 'L']));
    const byId = new Map(redefined.variants.map((v) => [v.id, v]));
    expect(byId.get('ad-jersey-m-blue')).toMatchObject({ sku: 'AD-JRS-M-BLUE', stock: 5 });
    expect(byId.get('ad-jersey-s-red')).toMatchObject({ archived: true, stock: 3 });
    expect(byId.get('ad-jersey-l-blue')).toMatchObject({ sku: 'AD-JRS-L-BLUE', stock: 0 });
    expect(redefined.variants.filter((v) => !v.archived).map((v) => v.id)).toEqual([
      'ad-jersey-m-red',
      'ad-jersey-m-blue',
      'ad-jersey-l-red',
      'ad-jersey-l-blue',
    ]);
    // The archived 55.00 no longer makes the "from" price.
    expect(await priceFromOf('ad-jersey')).toBe(6000);
    // A size that is no longer an option cannot go back on sale by itself...
    await expectApiError(
      admin.admin.updateVariant('ad-jersey-s-red', { archived: false }),
      409,
      'not_in_options',
    );
    // ...but comes back, stock and price intact, with its value.
    const back = await admin.admin.setOptions('ad-jersey', sizeColour(['S', 'M', 'L']));
    expect(back.variants.find((v) => v.id === 'ad-jersey-s-red')).toMatchObject({
      archived: false,
      stock: 3,
      price: { amount: '55.00' },
    });
    expect(back.availability.variants).toBe(6);
    // The same options again change nothing.
    const entries = await auditCount();
    await admin.admin.setOptions('ad-jersey', sizeColour(['S', 'M', 'L']));
    expect(await auditCount()).toBe(entries);

    // One variant archived and restored; the list counts only those for sale.
    await admin.admin.updateVariant('ad-jersey-l-red', { archived: true });
    const [listed] = (await admin.admin.products({ q: 'ad-jersey' })).items;
    expect(listed).toMatchObject({
      stock: 8,
      availability: { variants: 5, soldOut: 3, option: null },
      lowStock: true,
    });
    await admin.admin.updateVariant('ad-jersey-l-red', { archived: false });

    const log = await admin.admin.auditLog({ targetType: 'product', targetId: 'ad-jersey' });
    expect(log.items.map((e) => e.action).slice(0, 5)).toEqual([
      'variant.restore',
      'variant.archive',
      'product.options',
      'product.options',
      'variant.update',
    ]);
    expect(log.items[2]?.details).toEqual({
      options: {
        from: 'Size: M, L · Colour: Red, Blue',
        to: 'Size: S, M, L · Colour: Red, Blue',
      },
      added: 0,
      restored: 2,
      archived: 0,
    });
    expect(log.items[4]?.details).toEqual({
      title: 'Admin ad-jersey',
      variant: 'Size S · Colour Red',
      variantId: 'ad-jersey-s-red',
      sku: 'AD-JRS-S-RED',
      changes: { price: { from: 'base price', to: '55.00' } },
    });

    // Renaming an option keeps every variant (one archived by itself stays archived); no
    // options at all brings the default back.
    await admin.admin.updateVariant('ad-jersey-l-red', { archived: true });
    const renamed = await admin.admin.setOptions('ad-jersey', [
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Color', values: ['Red', 'Blue'] },
    ]);
    expect(renamed.variants.find((v) => v.id === 'ad-jersey-m-blue')).toMatchObject({
      label: 'Size M · Color Blue',
      stock: 5,
      archived: false,
    });
    expect(renamed.variants.find((v) => v.id === 'ad-jersey-l-red')?.archived).toBe(true);
    const plain = await admin.admin.setOptions('ad-jersey', []);
    expect(plain.variants.filter((v) => !v.archived).map((v) => [v.id, v.sku])).toEqual([
      ['ad-jersey', 'AD-JRS'],
    ]);
    expect(plain).toMatchObject({ options: [], stock: 0, availability: { variants: 1 } });
    expect(await priceFromOf('ad-jersey')).toBe(6000);
  });

  test('a product holding stock without options must count it out before it gets options', async () => {
    const before = { audit: await auditCount(), stock: await stockOf('ad-ball') };
    const refused = await expectApiError(
      admin.admin.setOptions('ad-ball', [{ name: 'Size', values: ['4', '5'] }]),
      409,
      'stock_on_hand',
    );
    expect(refused.message).toContain('units on hand');
    const ball = await admin.admin.product('ad-ball');
    expect(ball.options).toEqual([]);
    expect(ball.variants.map((v) => v.id)).toEqual(['ad-ball']);
    expect({ audit: await auditCount(), stock: await stockOf('ad-ball') }).toEqual(before);
  });

  test('bad options and variant edits are a 4xx naming the field, and change nothing', async () => {
    await newProduct('ad-cap');
    await admin.admin.setOptions('ad-cap', [{ name: 'Size', values: ['S', 'M'] }]);
    const before = { audit: await auditCount(), cap: await admin.admin.product('ad-cap') };
    const options = async (body: unknown, path: string) => {
      const error = await expectApiError(
        admin.admin.setOptions('ad-cap', body as []),
        400,
        'invalid_request',
      );
      expect(error.details?.map((d) => d.path)).toContain(path);
    };
    await options(
      [
        { name: 'Size', values: ['S'] },
        { name: ' size ', values: ['X'] },
      ],
      'body/options/1/name',
    );
    await options([{ name: 'Size', values: ['M', 'm'] }], 'body/options/0/values');
    await options([{ name: 'Size', values: ['UK 9.5', 'uk 9-5'] }], 'body/options/0/values');
    await options([{ name: 'Size', values: [] }], 'body/options/0/values');
    await options([{ name: '', values: ['S'] }], 'body/options/0/name');
    await options(
      ['A', 'B', 'C', 'D'].map((name) => ({ name, values: ['1'] })),
      'body/options',
    );
    const hundred = Array.from({ length: 100 }, (_, i) => `V${i}`);
    await options(
      [
        { name: 'Size', values: hundred },
        { name: 'Colour', values: hundred },
      ],
      'body/options',
    );
    await expectApiError(
      admin.admin.setOptions('no-such-product', [{ name: 'Size', values: ['S'] }]),
      404,
      'not_found',
    );

    const variant = async (changes: object, status: number, code: string, path?: string) => {
      const error = await expectApiError(
        admin.admin.updateVariant('ad-cap-s', changes),
        status,
        code,
      );
      if (path) expect(error.details?.map((d) => d.path)).toContain(path);
    };
    await variant({ sku: 'AD-BALL' }, 409, 'sku_taken', 'body/sku');
    await variant({ sku: 'lower' }, 400, 'invalid_request', 'body/sku');
    await variant({ price: '-1.00' }, 400, 'invalid_request', 'body/price');
    await variant({ price: 12 }, 400, 'invalid_request', 'body/price');
    await variant({}, 400, 'invalid_request');
    await variant({ stock: 3 }, 400, 'invalid_request');
    await expectApiError(
      admin.admin.updateVariant('no-such-variant', { sku: 'X1' }),
      404,
      'not_found',
    );
    await expectApiError(
      admin.admin.setVariantStock('no-such-variant', 1, 'count'),
      404,
      'not_found',
    );
    await expectApiError(
      admin.admin.setVariantStock('ad-cap-s', -1, 'count'),
      400,
      'invalid_request',
    );
    // The one variant of a product without options is archived with its product.
    await expectApiError(
      admin.admin.updateVariant('ad-ball', { archived: true }),
      409,
      'default_variant',
    );
    expect({ audit: await auditCount(), cap: await admin.admin.product('ad-cap') }).toEqual(before);
  });

  test('a product for sale keeps a variant for sale: the last one is not archived, nor options left with none', async () => {
    await newProduct('ad-glove');
    await admin.admin.setOptions('ad-glove', [{ name: 'Size', values: ['S', 'M'] }]);
    await admin.admin.updateVariant('ad-glove-s', { archived: true });
    const before = await admin.admin.product('ad-glove');
    await expectApiError(
      admin.admin.updateVariant('ad-glove-m', { archived: true }),
      409,
      'last_variant',
    );
    // Dropping M leaves only S, which the owner archived: refused as well.
    await expectApiError(
      admin.admin.setOptions('ad-glove', [{ name: 'Size', values: ['S'] }]),
      409,
      'last_variant',
    );
    expect(await admin.admin.product('ad-glove')).toEqual(before);
    const variants = (await sdkFor(t.app).product('ad-glove')).variants;
    expect(variants.map((v) => v.id)).toEqual(['ad-glove-m']);
  });

  test('stock per variant: counts, adjustments never below zero, and the count of every size at once', async () => {
    await newProduct('ad-sock');
    await admin.admin.setOptions('ad-sock', [{ name: 'Size', values: ['S', 'M', 'L'] }]);
    await admin.admin.updateVariant('ad-sock-l', { archived: true });
    await admin.admin.setVariantStock('ad-sock-m', 12, 'count');
    await admin.admin.adjustVariantStock('ad-sock-m', -2, 'damaged');
    const error = await expectApiError(
      admin.admin.adjustVariantStock('ad-sock-m', -11, 'lost'),
      409,
      'insufficient_stock',
    );
    expect(error.message).toContain('Only 10');
    expect(await stockOf('ad-sock-m')).toBe(10);
    // Adjusting "the product" cannot say which size: refused.
    await expectApiError(
      admin.admin.adjustStock('ad-sock', 5, 'delivery'),
      409,
      'variant_required',
    );

    // The product-level count sets every size for sale; the archived L keeps its count.
    const counted = await admin.admin.setStock('ad-sock', 4, 'count of all sizes');
    expect(counted.variants.map((v) => [v.id, v.stock])).toEqual([
      ['ad-sock-s', 4],
      ['ad-sock-m', 4],
      ['ad-sock', 0],
      ['ad-sock-l', 0],
    ]);
    expect(counted).toMatchObject({
      stock: 8,
      lowStock: true,
      availability: { variants: 2, soldOut: 0, option: 'Size' },
    });
    expect(
      (await admin.admin.products({ lowStock: true, q: 'ad-sock' })).items.map((p) => p.id),
    ).toEqual(['ad-sock']);

    const log = await admin.admin.auditLog({ targetType: 'product', targetId: 'ad-sock' });
    const about = {
      title: 'Admin ad-sock',
      variant: 'Size M',
      variantId: 'ad-sock-m',
      sku: 'AD-SOCK-M',
    };
    expect(log.items.slice(0, 3).map((e) => [e.action, e.details])).toEqual([
      [
        'stock.bulk_set',
        {
          title: 'Admin ad-sock',
          to: 4,
          reason: 'count of all sizes',
          variants: [
            { variantId: 'ad-sock-s', sku: 'AD-SOCK-S', variant: 'Size S', from: 0 },
            { variantId: 'ad-sock-m', sku: 'AD-SOCK-M', variant: 'Size M', from: 10 },
          ],
        },
      ],
      ['stock.adjust', { ...about, delta: -2, from: 12, to: 10, reason: 'damaged' }],
      ['stock.set', { ...about, from: 0, to: 12, reason: 'count' }],
    ]);
  });

  test('a shopper buys one variant: only its stock moves, and the admin order names it', async () => {
    await newProduct('ad-tee');
    await admin.admin.setOptions('ad-tee', sizeColour(['S', 'M']));
    for (const id of ['ad-tee-s-red', 'ad-tee-m-red', 'ad-tee-m-blue']) {
      await admin.admin.setVariantStock(id, 6, 'count');
    }
    const shopper = await loggedIn('customer');
    const order = await buy(shopper, 'ad-tee-m-blue', 2);
    const stock = async () =>
      Object.fromEntries(
        (await admin.admin.product('ad-tee')).variants.map((v) => [v.id, v.stock]),
      );
    expect(await stock()).toEqual({
      'ad-tee-s-red': 6,
      'ad-tee-s-blue': 0,
      'ad-tee-m-red': 6,
      'ad-tee-m-blue': 4,
      'ad-tee': 0,
    });
    const detail = await admin.admin.order(order.id);
    expect(detail.lines).toMatchObject([
      {
        productId: 'ad-tee',
        variantId: 'ad-tee-m-blue',
        sku: 'AD-TEE-M-BLUE',
        variantLabel: 'Size M · Colour Blue',
        quantity: 2,
      },
    ]);
    expect((await admin.admin.product('ad-tee')).unitsSold).toBe(2);
  });

  test('uploads that are not safe images are refused and nothing is stored', async () => {
    const stored = async () => (await db().select({ n: count() }).from(images))[0]?.n ?? 0;
    const before = { images: await stored(), audit: await auditCount() };
    const text = new TextEncoder().encode('just some text, not an image');
    await expectApiError(
      admin.admin.uploadImage(text, 'text/plain'),
      415,
      'unsupported_image_type',
    );
    await expectApiError(admin.admin.uploadImage(text, 'image/png'), 415, 'unsupported_image_type');
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    );
    const refusal = await expectApiError(
      admin.admin.uploadImage(svg, 'image/svg+xml'),
      415,
      'unsupported_image_type',
    );
    expect(refusal.message).toContain('SVG');
    // Noise does not compress: a PNG well over the limit.
    const noise = await sharp(
      Buffer.from(Array.from({ length: 400 * 400 * 3 }, () => Math.floor(Math.random() * 256))),
      {
        raw: { width: 400, height: 400, channels: 3 },
      },
    )
      .png()
      .toBuffer();
    expect(noise.byteLength).toBeGreaterThan(UPLOAD_LIMIT);
    const tooBig = await admin.channel.send('POST', '/api/v1/admin/images', {
      bytes: new Uint8Array(noise),
      headers: { 'content-type': 'image/png' },
    });
    expect(tooBig.status).toBe(413);
    expect({ images: await stored(), audit: await auditCount() }).toEqual(before);
  });

  test('an order charged through another payment provider is not marked refunded here', async () => {
    const customer = await loggedIn('customer');
    const admin = await loggedIn('admin');
    const order = await buy(customer, 'ad-ball', 1);
    // As if the shop had changed providers since the order was paid.
    await db()
      .update(payments)
      .set({ gateway: 'previous-provider' })
      .where(eq(payments.orderId, order.id));
    const before = await stockOf('ad-ball');
    await expectApiError(admin.admin.refundOrder(order.id, 'returned'), 409, 'refund_elsewhere');
    expect(await customer.order(order.id)).toMatchObject({ status: 'paid' });
    expect(await stockOf('ad-ball')).toBe(before);
  });

  test('an order is found by state, date and customer, refunded through the gateway, and its stock returns', async () => {
    const before = await stockOf('ad-ball');
    const order = await buy(customer, 'ad-ball', 3);
    expect(await stockOf('ad-ball')).toBe((before ?? 0) - 3);

    const today = new Date(clock.now()).toISOString().slice(0, 10);
    const found = await admin.admin.orders({
      customer: customerEmail.toUpperCase(),
      status: 'paid',
      from: today,
      to: today,
    });
    expect(found.items.map((o) => o.id)).toContain(order.id);
    expect(
      (await admin.admin.orders({ customer: String(order.number) })).items.map((o) => o.id),
    ).toEqual([order.id]);
    expect(
      (await admin.admin.orders({ status: 'refunded', customer: customerEmail })).items,
    ).toEqual([]);
    const yesterday = new Date(clock.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await admin.admin.orders({ to: yesterday, customer: customerEmail })).items).toEqual(
      [],
    );

    const detail = await admin.admin.order(order.id);
    expect(detail).toMatchObject({
      status: 'paid',
      canRefund: true,
      canCancel: false,
      customer: { email: customerEmail },
      payments: [{ status: 'captured', amount: order.total }],
    });
    await expectApiError(
      admin.admin.cancelOrder(order.id, 'changed mind'),
      409,
      'invalid_order_state',
    );

    const refunded = await admin.admin.refundOrder(order.id, 'customer returned the items');
    expect(refunded).toMatchObject({ status: 'refunded', canRefund: false });
    expect(refunded.refundedAt).not.toBeNull();
    expect(refunded.payments.map((p) => p.status)).toEqual(['captured', 'refunded']);
    expect(await stockOf('ad-ball')).toBe(before);
    // The gateway's books: one capture and one refund for the full amount.
    const ledger = await db()
      .select()
      .from(testGatewayLedger)
      .where(sql`${testGatewayLedger.idempotencyKey} like ${`order-${order.id}-%`}`);
    expect(ledger.filter((row) => row.operation === 'refund')).toMatchObject([
      { status: 'succeeded', amountCents: Math.round(Number(order.total.amount) * 100) },
    ]);
    // Refunding twice changes nothing.
    await expectApiError(
      admin.admin.refundOrder(order.id, 'again please'),
      409,
      'invalid_order_state',
    );
    expect(await stockOf('ad-ball')).toBe(before);
    // The shopper sees it, and the invoice carries the credit note.
    expect(await customer.order(order.id)).toMatchObject({ status: 'refunded' });
    const text = (await extractPdfPages(await customer.invoice(order.id))).join('\n');
    expect(text).toContain('REFUNDED');
    expect(text).toContain('CREDIT NOTE');
    const [entry] = (await admin.admin.auditLog({ targetType: 'order', targetId: order.id })).items;
    expect(entry).toMatchObject({
      action: 'order.refund',
      details: { reason: 'customer returned the items', amount: order.total.amount },
    });
  });

  test('an unpaid order is cancelled: the authorization is voided and the stock returns', async () => {
    const before = await stockOf('ad-boot');
    // Another instance whose gateway authorizes, then stops answering: the order stays pending
    // with its stock held.
    const flaky = await buildApp(t.app.config, {
      database: t.testDatabase.database,
      logStream: new LogCapture(),
      now: clock.now,
      paymentGateway: new TestGateway({
        db: db(),
        latencyMs: 0,
        behaviour: { capture: 'unavailable' },
      }),
    });
    const shopper = await loggedIn('customer', flaky);
    const cart = await shopper.addToCart('ad-boot', 2);
    await shopper
      .checkout({ card: visa(), billing, cartVersion: cart.version }, newIdempotencyKey())
      .catch(() => undefined);
    await flaky.close();
    const [pending] = (await admin.admin.orders({ customer: 'customer', status: 'pending' })).items;
    expect(pending).toBeDefined();
    const id = pending?.id ?? '';
    expect(await stockOf('ad-boot')).toBe((before ?? 0) - 2);
    await expectApiError(admin.admin.refundOrder(id, 'not paid yet'), 409, 'invalid_order_state');

    const cancelled = await admin.admin.cancelOrder(id, 'payment never completed');
    expect(cancelled).toMatchObject({ status: 'cancelled', canCancel: false, canRefund: false });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(cancelled.payments.map((p) => p.status)).toContain('voided');
    expect(await stockOf('ad-boot')).toBe(before);
    const [entry] = (await admin.admin.auditLog({ targetType: 'order', targetId: id })).items;
    expect(entry).toMatchObject({
      action: 'order.cancel',
      details: { reason: 'payment never completed', voided: true },
    });
    const voids = await db()
      .select()
      .from(testGatewayLedger)
      .where(sql`${testGatewayLedger.idempotencyKey} = ${`order-${id}-void`}`);
    expect(voids).toMatchObject([{ operation: 'void', status: 'succeeded' }]);
    // The sweeper leaves a cancelled order alone later.
    clock.advance(11 * 60_000);
    await t.app.checkout.sweep();
    expect((await db().select().from(orders).where(eq(orders.id, id)))[0]?.status).toBe(
      'cancelled',
    );
    expect(await stockOf('ad-boot')).toBe(before);
  });

  test('the sales summary counts paid orders per day, refunds and best sellers', async () => {
    const shopper = await loggedIn('customer');
    await buy(shopper, 'ad-boot', 1);
    const summary = await admin.admin.salesSummary({ days: 7 });
    expect(summary.days).toHaveLength(7);
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    expect(summary.to).toBe(today);
    const paid = await db()
      .select({
        total: orders.totalCents,
        status: orders.status,
        paidAt: orders.paidAt,
        refundedAt: orders.refundedAt,
      })
      .from(orders);
    const onDay = (at: Date | null) => at?.toISOString().slice(0, 10);
    const cents = (m: { amount: string }) => Math.round(Number(m.amount) * 100);
    for (const day of summary.days) {
      const sold = paid.filter(
        (o) => ['paid', 'refunded'].includes(o.status) && onDay(o.paidAt) === day.date,
      );
      const back = paid.filter((o) => o.status === 'refunded' && onDay(o.refundedAt) === day.date);
      expect({
        date: day.date,
        orders: day.orders,
        revenue: cents(day.revenue),
        refunds: cents(day.refunds),
      }).toEqual({
        date: day.date,
        orders: sold.length,
        revenue: sold.reduce((s, o) => s + o.total, 0),
        refunds: back.reduce((s, o) => s + o.total, 0),
      });
    }
    expect(summary.totals.orders).toBeGreaterThan(0);
    expect(summary.topProducts.find((p) => p.productId === 'ad-boot')).toMatchObject({
      units: 1,
      revenue: { amount: '90.00' },
    });
    await expectApiError(admin.admin.salesSummary({ days: 0 }), 400, 'invalid_request');
  });
});
