import { type IroncartClient, MemorySessionStore, newIdempotencyKey } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp, TestClock } from '../../test-support/app.js';
import { insertProducts } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { createUser } from '../accounts/service.js';
import { categories } from '../catalog/tables.js';

const PASSWORD = 'correct horse battery staple';
const billing = {
  name: 'Fay Ship',
  line1: '1 Dock Road',
  city: 'Portland',
  postalCode: '97204',
  country: 'US',
};
const card = () => ({
  number: '4242424242424242',
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: '123',
  holder: 'Fay Ship',
});

describe.each(testDrivers)('fulfilment on %s', (driver) => {
  let t: TestApp;
  let admin: IroncartClient;
  let shopper: IroncartClient;
  const clock = new TestClock();

  const login = async (role: 'admin' | 'customer') => {
    const email = `${role}-ship-${driver}@example.com`;
    await createUser(t.testDatabase.database.db, { email, password: PASSWORD, name: role, role });
    const client = sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });
    await client.login({ email, password: PASSWORD });
    return client;
  };
  const buy = async () => {
    const cart = await shopper.addToCart('ship-ball', 1);
    return shopper.checkout(
      { card: card(), billing, cartVersion: cart.version },
      newIdempotencyKey(),
    );
  };

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false }, { now: clock.now });
    const { db } = t.testDatabase.database;
    await db.insert(categories).values({ id: 'ship-balls', name: 'Balls' });
    await insertProducts(db, [
      {
        id: 'ship-ball',
        title: 'Ship Ball',
        categoryId: 'ship-balls',
        priceCents: 2500,
        stock: 20,
      },
    ]);
    admin = await login('admin');
    shopper = await login('customer');
  });
  afterAll(() => t.close());

  test('paid, shipped with tracking, delivered: the shopper sees each step on a timeline', async () => {
    const order = await buy();
    expect(order.fulfilment).toMatchObject({ status: 'unfulfilled', carrier: null });
    expect(order.timeline.map((e) => e.event)).toEqual(['placed', 'paid']);
    expect((await admin.admin.order(order.id)).canShip).toBe(true);
    const toShip = await admin.admin.orders({ fulfilment: 'unfulfilled' });
    expect(toShip.items.map((o) => o.id)).toContain(order.id);

    clock.advance(60_000);
    const shipped = await admin.admin.shipOrder(order.id, {
      carrier: 'ups',
      trackingNumber: '1Z999AA10123456784',
    });
    expect(shipped).toMatchObject({ canShip: false, canMarkDelivered: true });
    const seen = await shopper.order(order.id);
    expect(seen.fulfilment).toMatchObject({
      status: 'shipped',
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    });
    expect(seen.timeline.at(-1)).toMatchObject({
      event: 'shipped',
      label: 'Shipped with UPS (1Z999AA10123456784)',
    });
    expect(
      (await admin.admin.orders({ fulfilment: 'unfulfilled' })).items.map((o) => o.id),
    ).not.toContain(order.id);

    clock.advance(60_000);
    await admin.admin.markDelivered(order.id);
    const delivered = await shopper.order(order.id);
    expect(delivered.fulfilment.status).toBe('delivered');
    expect(delivered.timeline.map((e) => e.event)).toEqual([
      'placed',
      'paid',
      'shipped',
      'delivered',
    ]);
    // Both order lists say where it is, beside how it was paid.
    const listed = (await shopper.orders()).find((o) => o.id === order.id);
    expect(listed).toMatchObject({ status: 'paid', fulfilment: 'delivered' });
    const adminListed = (await admin.admin.orders({ fulfilment: 'delivered' })).items;
    expect(adminListed.map((o) => [o.id, o.fulfilment])).toContainEqual([order.id, 'delivered']);
    const audit = await admin.admin.auditLog({ targetId: order.id });
    expect(audit.items.map((e) => e.action)).toEqual(['order.deliver', 'order.ship']);
  });

  test('an order ships once, is delivered once, and only when paid', async () => {
    const order = await buy();
    await expectApiError(admin.admin.markDelivered(order.id), 409, 'invalid_order_state');
    await admin.admin.shipOrder(order.id, { carrier: 'dhl', trackingNumber: 'JD014600006281230' });
    const again = await expectApiError(
      admin.admin.shipOrder(order.id, { carrier: 'dhl', trackingNumber: 'JD014600006281230' }),
      409,
      'invalid_order_state',
    );
    expect(again.message).toMatch(/This order is shipped/);
    const refunded = await buy();
    await admin.admin.refundOrder(refunded.id, 'changed their mind');
    await expectApiError(
      admin.admin.shipOrder(refunded.id, { carrier: 'ups', trackingNumber: '1Z999AA10123456784' }),
      409,
      'invalid_order_state',
    );
    // Another carrier needs its name and a tracking page.
    const other = await buy();
    await expectApiError(
      admin.admin.shipOrder(other.id, { carrier: 'other', trackingNumber: 'AB123456' }),
      400,
      'invalid_request',
    );
    await admin.admin.shipOrder(other.id, {
      carrier: 'other',
      carrierName: 'Velo Couriers',
      trackingNumber: 'AB123456',
      trackingUrl: 'https://velo.example/track/AB123456',
    });
    expect((await shopper.order(other.id)).fulfilment).toMatchObject({
      carrier: 'Velo Couriers',
      trackingUrl: 'https://velo.example/track/AB123456',
    });
  });

  test('shipping many at once ships each that can be, and says why the others were not', async () => {
    const first = await buy();
    const second = await buy();
    await admin.admin.shipOrder(second.id, { carrier: 'usps', trackingNumber: '9400111899223856' });
    const { results } = await admin.admin.shipOrders([
      { orderId: first.id, carrier: 'fedex', trackingNumber: '123456789012' },
      { orderId: second.id, carrier: 'fedex', trackingNumber: '123456789013' },
      {
        orderId: '00000000-0000-4000-8000-000000000000',
        carrier: 'fedex',
        trackingNumber: '123456789014',
      },
    ]);
    expect(results.map((r) => [r.shipped, r.error?.code ?? null])).toEqual([
      [true, null],
      [false, 'invalid_order_state'],
      [false, 'not_found'],
    ]);
    expect((await shopper.order(first.id)).fulfilment.carrier).toBe('FedEx');
    expect((await shopper.order(second.id)).fulfilment.carrier).toBe('USPS');
  });
});
