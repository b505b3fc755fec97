import { type IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import { count, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../test-support/app.js';
import { insertProducts, stocksOf, stockOf as variantStock } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { clientKeyHeaders } from '../../test-support/legacy.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { createUser } from '../accounts/service.js';
import { categories } from '../catalog/tables.js';
import { legacyApiClients } from '../legacy/tables.js';
import { orders } from '../orders/tables.js';
import { testGatewayLedger } from '../payments/tables.js';
import { auditLog } from './tables.js';

/**
 * The admin's side of the legacy cart API: the API clients that may obtain tokens (created with
 * a key shown once, revoked), and the legacy orders awaiting payment (confirmed as paid with a
 * reference, or cancelled), and what sales make of them.
 */

const PASSWORD = 'correct horse battery staple';

describe.each(testDrivers)('admin of the legacy API on %s', (driver) => {
  let t: TestApp;
  let admin: IroncartClient;
  let customer: IroncartClient;
  const clock = new TestClock();

  const db = () => t.testDatabase.database.db;
  const stockOf = (id: string) => variantStock(db(), id);
  const auditCount = async () => (await db().select({ n: count() }).from(auditLog))[0]?.n ?? 0;

  async function loggedIn(role: 'customer' | 'admin') {
    const email = `legacy-${role}-${driver}@example.com`;
    await createUser(db(), { email, password: PASSWORD, name: `Legacy ${role}`, role });
    const client = sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });
    await client.login({ email, password: PASSWORD });
    return client;
  }

  /** A legacy API call, plain JSON as its clients send it. */
  async function legacy(url: string, headers: Record<string, string>, json?: unknown) {
    const answer = await t.app.inject({
      method: json === undefined ? 'GET' : 'POST',
      url,
      headers,
      ...(json === undefined ? {} : { payload: json as Record<string, unknown> }),
    });
    return { status: answer.statusCode, body: answer.json() as { response?: string } };
  }

  /** A legacy client's cart of `quantity` × `productId`, checked out: the checkout's answer. */
  async function legacyCheckout(key: string, productId: string, quantity: number) {
    const token = (await legacy('/getAccessToken', clientKeyHeaders(key))).body.response ?? '';
    const auth = { authorization: `Bearer ${token}` };
    const cartId = (await legacy('/createCart', auth)).body.response;
    const items = [{ action: 'add', product_id: productId, quantity }];
    expect((await legacy('/modifyCart', auth, { cart_id: cartId, items })).status).toBe(200);
    return legacy('/checkoutCart', auth, { cart_id: cartId });
  }

  /** A legacy client's whole purchase; answers the order it made. */
  async function legacyPurchase(key: string, productId: string, quantity: number) {
    expect((await legacyCheckout(key, productId, quantity)).status).toBe(200);
    const [order] = await db()
      .select()
      .from(orders)
      .where(eq(orders.source, 'legacy'))
      .orderBy(desc(orders.number))
      .limit(1);
    if (!order) throw new Error('no legacy order');
    return order;
  }

  beforeAll(async () => {
    t = await createTestApp(
      driver,
      // Each API client may hold at most 3 units in orders awaiting payment.
      { seedDemoCatalog: false, legacy: { ...testConfig().legacy, maxOutstandingUnits: 3 } },
      { now: clock.now },
    );
    await db().insert(categories).values({ id: 'la-gear', name: 'Gear' });
    await insertProducts(db(), [
      {
        id: 'la-ball',
        title: 'Legacy Ball',
        description: 'A ball.',
        categoryId: 'la-gear',
        priceCents: 2000,
        stock: 20,
      },
      // In sizes: each is a legacy product of its own (`la-shirt-m`).
      {
        id: 'la-shirt',
        title: 'Legacy Shirt',
        categoryId: 'la-gear',
        priceCents: 1500,
        sizes: { S: 4, M: 4 },
      },
    ]);
    admin = await loggedIn('admin');
    customer = await loggedIn('customer');
  });
  afterAll(() => t.close());

  test('an admin creates an API client whose key, shown once, obtains tokens; revoking it ends the key and its tokens', async () => {
    const auditBefore = await auditCount();
    const created = await admin.admin.createApiClient('  Warehouse kiosk ');
    expect(created.key).toMatch(/^ick_[0-9a-f]{64}$/);
    expect(created.client).toMatchObject({
      name: 'Warehouse kiosk',
      keyHint: created.key.slice(0, 12),
      createdBy: `legacy-admin-${driver}@example.com`,
      lastUsedAt: null,
      revokedAt: null,
    });
    // The key is nowhere to be read again: not in the list, not in the audit log, not stored.
    const listed = await admin.admin.apiClients();
    expect(listed.items.map((c) => c.id)).toContain(created.client.id);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const [entry] = (
      await admin.admin.auditLog({ targetType: 'api_client', targetId: created.client.id })
    ).items;
    expect(entry).toMatchObject({
      action: 'api_client.create',
      details: { name: 'Warehouse kiosk', keyHint: created.client.keyHint },
    });
    expect(JSON.stringify(entry)).not.toContain(created.key);
    const stored = await db().select().from(legacyApiClients);
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(4));

    const issued = await legacy('/getAccessToken', clientKeyHeaders(created.key));
    expect(issued.status).toBe(200);
    const token = issued.body.response ?? '';
    const auth = { authorization: `Bearer ${token}` };
    expect((await legacy('/createCart', auth)).status).toBe(200);
    expect((await admin.admin.apiClients()).items[0]?.lastUsedAt).not.toBeNull();

    const revoked = await admin.admin.revokeApiClient(created.client.id, 'kiosk retired');
    expect(revoked.revokedAt).not.toBeNull();
    expect(await legacy('/createCart', auth)).toEqual({
      status: 401,
      body: { response: 'INVALID_ACCESS_TOKEN' },
    });
    expect(await legacy('/getAccessToken', clientKeyHeaders(created.key))).toEqual({
      status: 401,
      body: { response: 'INVALID_CLIENT_KEY' },
    });
    // Revoking again changes nothing and logs nothing more.
    await admin.admin.revokeApiClient(created.client.id, 'kiosk retired again');
    expect(await auditCount()).toBe(auditBefore + 2);
    const actions = (
      await admin.admin.auditLog({ targetType: 'api_client', targetId: created.client.id })
    ).items.map((e) => [e.action, e.details.reason]);
    expect(actions).toEqual([
      ['api_client.revoke', 'kiosk retired'],
      ['api_client.create', undefined],
    ]);
  });

  test('bad API client input is a 4xx that changes nothing; customers get 404', async () => {
    const before = { audit: await auditCount(), clients: (await admin.admin.apiClients()).total };
    for (const name of ['', ' ', 'x', '   \t ', 'y'.repeat(101)]) {
      await expectApiError(admin.admin.createApiClient(name), 400, 'invalid_request');
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expectApiError(admin.admin.revokeApiClient(unknown, 'no such'), 404, 'not_found');
    await expectApiError(
      admin.admin.revokeApiClient('not-a-uuid', 'bad id'),
      400,
      'invalid_request',
    );
    await expectApiError(customer.admin.createApiClient('Sneaky'), 404, 'not_found');
    await expectApiError(customer.admin.apiClients(), 404, 'not_found');
    expect({ audit: await auditCount(), clients: (await admin.admin.apiClients()).total }).toEqual(
      before,
    );
  });

  test('sales count a legacy order only once an admin confirms it paid; the payment is recorded and audited', async () => {
    const { key } = await admin.admin.createApiClient('Partner shop');
    const before = await admin.admin.salesSummary({ days: 1 });
    const order = await legacyPurchase(key, 'la-ball', 2);
    expect(order).toMatchObject({ status: 'awaiting_payment', paidAt: null });

    // Awaiting payment: not a sale.
    const awaiting = await admin.admin.salesSummary({ days: 1 });
    expect(awaiting.totals).toEqual(before.totals);
    const detail = await admin.admin.order(order.id);
    expect(detail).toMatchObject({
      status: 'awaiting_payment',
      canConfirmPayment: true,
      canCancel: true,
      canRefund: false,
      payments: [],
    });
    expect(detail.reservedUntil).not.toBeNull();
    const listed = await admin.admin.orders({ status: 'awaiting_payment' });
    expect(listed.items.map((o) => o.id)).toContain(order.id);

    await expectApiError(admin.admin.confirmOrderPayment(order.id, '  '), 400, 'invalid_request');
    const paid = await admin.admin.confirmOrderPayment(order.id, 'bank transfer ref 4471');
    expect(paid).toMatchObject({
      status: 'paid',
      canConfirmPayment: false,
      canRefund: true,
      reservedUntil: null,
      payments: [{ status: 'captured', reference: 'bank transfer ref 4471', amount: paid.total }],
    });
    expect(paid.paidAt).not.toBeNull();
    const [entry] = (await admin.admin.auditLog({ targetType: 'order', targetId: order.id })).items;
    expect(entry).toMatchObject({
      action: 'order.confirm_payment',
      details: { reference: 'bank transfer ref 4471', amount: paid.total.amount },
    });
    const after = await admin.admin.salesSummary({ days: 1 });
    expect(after.totals.orders).toBe(before.totals.orders + 1);
    expect(Number(after.totals.revenue.amount)).toBeCloseTo(
      Number(before.totals.revenue.amount) + Number(paid.total.amount),
      2,
    );
    // Confirming twice is refused.
    await expectApiError(
      admin.admin.confirmOrderPayment(order.id, 'paid twice?'),
      409,
      'invalid_order_state',
    );

    // Its refund is bookkeeping: the gateway never took that money, so it is never asked.
    const stock = await stockOf('la-ball');
    const refunded = await admin.admin.refundOrder(order.id, 'partner returned the balls');
    expect(refunded.status).toBe('refunded');
    expect(await stockOf('la-ball')).toBe(stock + 2);
    const ledger = await db()
      .select()
      .from(testGatewayLedger)
      .where(sql`${testGatewayLedger.idempotencyKey} like ${`order-${order.id}-%`}`);
    expect(ledger).toEqual([]);
  });

  test('a legacy order awaiting payment is cancelled by the admin: stock back, audited, no longer confirmable', async () => {
    const { key } = await admin.admin.createApiClient('Another partner');
    const before = await stockOf('la-ball');
    const order = await legacyPurchase(key, 'la-ball', 3);
    expect(await stockOf('la-ball')).toBe(before - 3);
    const cancelled = await admin.admin.cancelOrder(order.id, 'partner never paid');
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      canCancel: false,
      canConfirmPayment: false,
      reservedUntil: null,
      payments: [],
    });
    expect(await stockOf('la-ball')).toBe(before);
    const [entry] = (await admin.admin.auditLog({ targetType: 'order', targetId: order.id })).items;
    expect(entry).toMatchObject({
      action: 'order.cancel',
      details: { reason: 'partner never paid', voided: false },
    });
    const audit = await auditCount();
    await expectApiError(
      admin.admin.confirmOrderPayment(order.id, 'too late'),
      409,
      'invalid_order_state',
    );
    await expectApiError(admin.admin.cancelOrder(order.id, 'again'), 409, 'invalid_order_state');
    await expectApiError(
      admin.admin.confirmOrderPayment('00000000-0000-4000-8000-000000000000', 'nobody'),
      404,
      'not_found',
    );
    await expectApiError(customer.admin.confirmOrderPayment(order.id, 'sneaky'), 404, 'not_found');
    expect(await auditCount()).toBe(audit);
    expect(await stockOf('la-ball')).toBe(before);
  });

  test("a legacy order of one size shows the size and its SKU to the admin; cancelled, only that size's stock comes back", async () => {
    const { key } = await admin.admin.createApiClient('Shirt partner');
    const sizes = ['la-shirt-s', 'la-shirt-m'];
    const before = await stocksOf(db(), sizes);
    expect(before).toEqual({ 'la-shirt-s': 4, 'la-shirt-m': 4 });
    const order = await legacyPurchase(key, 'la-shirt-m', 2);
    expect(await stocksOf(db(), sizes)).toEqual({ 'la-shirt-s': 4, 'la-shirt-m': 2 });
    const detail = await admin.admin.order(order.id);
    expect(detail.lines).toMatchObject([
      {
        productId: 'la-shirt',
        variantId: 'la-shirt-m',
        sku: 'LA-SHIRT-M',
        title: 'Legacy Shirt',
        variantLabel: 'Size M',
        quantity: 2,
      },
    ]);
    await admin.admin.cancelOrder(order.id, 'partner never paid');
    expect(await stocksOf(db(), sizes)).toEqual(before);
  });

  test("confirming or cancelling a client's order awaiting payment frees its room under the cap", async () => {
    const { key } = await admin.admin.createApiClient('Capped partner');
    const full = { status: 409, body: { response: 'TOO_MANY_UNITS_AWAITING_PAYMENT' } };
    const paidLater = await legacyPurchase(key, 'la-ball', 2);
    const cancelledLater = await legacyPurchase(key, 'la-ball', 1);
    // 3 units await payment: a 4th is refused.
    expect(await legacyCheckout(key, 'la-ball', 1)).toEqual(full);
    await admin.admin.confirmOrderPayment(paidLater.id, 'bank transfer ref 5512');
    // A paid order no longer counts: 2 units fit again, and then nothing more.
    await legacyPurchase(key, 'la-ball', 2);
    expect(await legacyCheckout(key, 'la-ball', 1)).toEqual(full);
    await admin.admin.cancelOrder(cancelledLater.id, 'partner changed its mind');
    // Nor does a cancelled one.
    await legacyPurchase(key, 'la-ball', 1);
    expect(await legacyCheckout(key, 'la-ball', 1)).toEqual(full);
  });
});
