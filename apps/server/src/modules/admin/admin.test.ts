import { type IroncartClient, MemorySessionStore, newIdempotencyKey } from '@ironcart/sdk';
import { count, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, buildApp } from '../../app.js';
import { formatCents } from '../../lib/money.js';
import { createTestApp, LogCapture, type TestApp, TestClock } from '../../test-support/app.js';
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
  const stockOf = async (id: string) =>
    (await db().select({ stock: products.stock }).from(products).where(eq(products.id, id)))[0]
      ?.stock;
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
    await db()
      .insert(products)
      .values([
        {
          id: 'ad-ball',
          title: 'Admin Ball',
          description: 'A ball.',
          categoryId: 'ad-balls',
          priceCents: 2500,
          stock: 10,
        },
        {
          id: 'ad-boot',
          title: 'Admin Boot',
          description: 'A boot.',
          categoryId: 'ad-boots',
          priceCents: 9000,
          stock: 4,
        },
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
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const someOrder = '00000000-0000-4000-8000-000000000000';
    const guest = sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });
    const before = { audit: await auditCount(), stock: await stockOf('ad-ball') };
    for (const { method, path } of routes) {
      const concrete = path.replace('{id}', path.includes('/orders/') ? someOrder : 'ad-ball');
      for (const [who, client] of [
        ['guest', guest],
        ['customer', customer],
      ] as const) {
        const answer = await client.channel.send(method as 'GET', concrete, {
          json: method === 'GET' ? undefined : { stock: 0, reason: 'take it all', delta: -10 },
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
      archived: false,
      unitsSold: 0,
      image: { url: uploaded.url, width: 320, height: 200 },
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
    });
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
    expect(log.items.map((e) => [e.action, e.details])).toEqual([
      ['stock.adjust', { delta: -3, from: 17, to: 14, reason: 'damaged in storage' }],
      ['stock.adjust', { delta: 5, from: 12, to: 17, reason: 'delivery from supplier' }],
      ['stock.set', { from: 4, to: 12, reason: 'count 2026-11-20' }],
    ]);
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
    expect(summary.topProducts[0]).toMatchObject({
      productId: 'ad-boot',
      units: 1,
      revenue: { amount: '90.00' },
    });
    await expectApiError(admin.admin.salesSummary({ days: 0 }), 400, 'invalid_request');
  });
});
