import {
  type ApiError,
  CartChangedError,
  type IroncartClient,
  MemorySessionStore,
  newIdempotencyKey,
} from '@ironcart/sdk';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { type App, buildApp } from '../../app.js';
import { createTestApp, LogCapture, type TestApp, TestClock } from '../../test-support/app.js';
import {
  insertProducts,
  setBasePrice,
  setStock,
  stockOf as variantStock,
} from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { extractPdfPages } from '../../test-support/pdf.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { createUser } from '../accounts/service.js';
import { categories } from '../catalog/tables.js';
import { orders } from '../orders/tables.js';
import type { PaymentGateway } from '../payments/gateway.js';
import { testGatewayLedger } from '../payments/tables.js';
import { TestGateway } from '../payments/test-gateway.js';
import { idempotencyRecords } from './tables.js';

const PASSWORD = 'correct horse battery staple';
const catalog = [
  { id: 'co-ball', title: 'Checkout Ball', priceCents: 2500, stock: 20 },
  { id: 'co-shirt', title: 'Checkout Shirt', priceCents: 7500, stock: 20 },
  { id: 'co-rare', title: 'Rare Boots', priceCents: 19_900, stock: 10 },
];
/** Boots in two sizes, the UK 9 down to its last pair. */
const boots = {
  id: 'co-boots',
  title: 'Checkout Boots',
  priceCents: 12_000,
  sizes: { 'UK 9': 1, 'UK 10': 6 },
};
const billing = {
  name: 'Zoë Ødegård',
  line1: '12 Pitch Lane',
  city: 'Portland',
  postalCode: '97204',
  country: 'US',
};
const card = (number: string, extra: Partial<{ cvc: string; expYear: number }> = {}) => ({
  number,
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: number.startsWith('37') ? '1234' : '123',
  holder: 'Zoe Odegard',
  ...extra,
});

describe.each(testDrivers)('checkout on %s', (driver) => {
  let t: TestApp;
  const clock = new TestClock();
  let buyers = 0;

  const stockOf = (id: string) => variantStock(t.testDatabase.database.db, id);
  const ledgerFor = async (orderId: string) =>
    t.testDatabase.database.db
      .select()
      .from(testGatewayLedger)
      .where(sql`${testGatewayLedger.idempotencyKey} like ${`order-${orderId}-%`}`);

  /** A new customer, logged in through the SDK on `app`. */
  async function buyer(app: App = t.app): Promise<IroncartClient & { email: string }> {
    const email = `buyer${++buyers}-${driver}@example.com`;
    await createUser(t.testDatabase.database.db, {
      email,
      password: PASSWORD,
      name: `Buyer ${buyers}`,
      role: 'customer',
    });
    const client = sdkFor(app, { store: new MemorySessionStore(), now: clock.now });
    await client.login({ email, password: PASSWORD });
    return Object.assign(client, { email });
  }

  /** What `shopper` sends to pay, with this card, for the cart they see now. */
  const paying = async (shopper: IroncartClient, number: string) => ({
    card: card(number),
    billing,
    cartVersion: (await shopper.cart()).version,
  });

  /** Runs `use` against a second app on the same database, paying through `gateway`. */
  async function withGateway<T>(gateway: PaymentGateway, use: (app: App) => Promise<T>) {
    const app = await buildApp(t.app.config, {
      database: t.testDatabase.database,
      logStream: new LogCapture(),
      now: clock.now,
      paymentGateway: gateway,
    });
    try {
      return await use(app);
    } finally {
      await app.close();
    }
  }
  const slowGateway = () => new TestGateway({ db: t.testDatabase.database.db, latencyMs: 25 });

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false }, { now: clock.now });
    const { db } = t.testDatabase.database;
    await db.insert(categories).values({ id: 'co-gear', name: 'Checkout gear' });
    await insertProducts(
      db,
      [...catalog, boots].map((p) => ({ ...p, categoryId: 'co-gear' })),
    );
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    const { db } = t.testDatabase.database;
    for (const p of catalog) await setStock(db, p.id, p.stock);
    await setStock(db, 'co-boots-uk-9', 1);
    await setStock(db, 'co-boots-uk-10', 6);
  });

  test('a purchase end to end: order, stock, empty cart, order history, invoice', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-ball', 2);
    const cart = await shopper.addToCart('co-shirt', 1);
    const order = await shopper.checkout(
      { card: card('4242 4242 4242 4242'), billing, cartVersion: cart.version },
      newIdempotencyKey(),
    );
    expect(order).toMatchObject({
      status: 'paid',
      itemCount: 3,
      subtotal: cart.subtotal,
      tax: cart.tax,
      shipping: cart.shipping,
      total: cart.total,
      billing,
      payment: { brand: 'visa', last4: '4242' },
      lines: [
        {
          productId: 'co-ball',
          variantId: 'co-ball',
          sku: 'CO-BALL',
          variantLabel: '',
          title: 'Checkout Ball',
          quantity: 2,
          unitPrice: { amount: '25.00' },
          lineTotal: { amount: '50.00' },
        },
        {
          productId: 'co-shirt',
          title: 'Checkout Shirt',
          quantity: 1,
          lineTotal: { amount: '75.00' },
        },
      ],
    });
    expect(await stockOf('co-ball')).toBe(18);
    expect(await stockOf('co-shirt')).toBe(19);
    expect((await shopper.cart()).lines).toEqual([]);
    expect((await shopper.orders()).map((o) => o.id)).toContain(order.id);
    expect(await shopper.latestOrder()).toEqual(order);
    expect(await shopper.order(order.id)).toEqual(order);

    const pdf = await shopper.invoice('latest');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(await shopper.invoice(order.id)).toEqual(pdf); // the same order, the same invoice
    const text = (await extractPdfPages(pdf)).join('\n');
    for (const expected of [
      'Checkout Ball',
      'Checkout Shirt',
      `INV-${order.number}`,
      'Zoë Ødegård',
      '12 Pitch Lane',
      '$50.00',
      '$75.00',
      `$${order.total.amount}`,
      `$${order.tax.amount}`,
      '4242',
    ]) {
      expect(text).toContain(expected);
    }
    // Exactly one authorization and one capture at the gateway.
    const ledger = await ledgerFor(order.id);
    expect(ledger.map((e) => e.operation).sort()).toEqual(['authorize', 'capture']);
  });

  test.each([
    ['4000000000000002', 'card_declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000069', 'expired_card'],
    ['4000000000000127', 'incorrect_cvc'],
    ['4000000000000119', 'processing_error'],
  ])('card %s is declined as %s, and nothing is lost', async (number, code) => {
    const shopper = await buyer();
    await shopper.addToCart('co-rare', 2);
    const declined = await expectApiError(
      shopper.checkout(await paying(shopper, number), newIdempotencyKey()),
      402,
      code,
    );
    expect(declined.message.length).toBeGreaterThan(10);
    expect(await stockOf('co-rare')).toBe(10);
    expect((await shopper.cart()).lines).toHaveLength(1);
    const [latest] = await shopper.orders();
    expect(latest?.status).toBe('failed');
  });

  test('invalid cards and carts are refused before anything happens', async () => {
    const shopper = await buyer();
    await expectApiError(
      shopper.checkout(await paying(shopper, '4242424242424242'), newIdempotencyKey()),
      409,
      'cart_empty',
    );
    await shopper.addToCart('co-ball');
    const bad = await expectApiError(
      shopper.checkout(
        {
          ...(await paying(shopper, '4242424242424241')),
          card: { ...card('4242424242424241'), expYear: 2001, cvc: '1' },
        },
        newIdempotencyKey(),
      ),
      400,
      'invalid_card',
    );
    expect(bad.details.map((d) => d.path).sort()).toEqual([
      'body/card/cvc',
      'body/card/expiry',
      'body/card/number',
    ]);
    await expectApiError(
      shopper.channel.request('POST', '/api/v1/checkout', {
        json: { card: card('4242424242424242'), billing },
      }),
      400,
      'invalid_request',
    );
    await setStock(t.testDatabase.database.db, 'co-ball', 0);
    await expectApiError(
      shopper.checkout(await paying(shopper, '4242424242424242'), newIdempotencyKey()),
      409,
      'insufficient_stock',
    );
    expect(await shopper.orders()).toEqual([]);
  });

  test('a retry with the same key charges once; the same key for another cart is refused', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-shirt', 2);
    const key = newIdempotencyKey();
    const purchase = await paying(shopper, '5555555555554444');
    const first = await shopper.checkout(purchase, key);
    // The cart is consumed, but the retry (the same request) is answered from the stored result.
    expect(await shopper.checkout(purchase, key)).toEqual(first);
    expect(await stockOf('co-shirt')).toBe(18);
    expect(await ledgerFor(first.id)).toHaveLength(2);
    // The same key for the next cart: another purchase.
    await shopper.addToCart('co-ball');
    await expectApiError(
      shopper.checkout(await paying(shopper, '5555555555554444'), key),
      422,
      'idempotency_key_reused',
    );
  });

  test('one key sent 3 times at once: one order, one charge, every answer that order or 409', async () => {
    // The key is claimed inside the reservation transaction: the copies wait on its row, then
    // find it taken (and answer from it), never claiming the cart or the stock themselves.
    const shopper = await buyer();
    await shopper.addToCart('co-shirt', 1);
    const key = newIdempotencyKey();
    const outcomes = await withGateway(slowGateway(), async (app) => {
      const tab = sdkFor(app, { store: new MemorySessionStore(), now: clock.now });
      await tab.login({ email: shopper.email, password: PASSWORD });
      const purchase = await paying(tab, '4242424242424242');
      return Promise.allSettled(Array.from({ length: 3 }, () => tab.checkout(purchase, key)));
    });
    const placed = await shopper.orders();
    expect(placed.map((o) => o.status)).toEqual(['paid']);
    for (const o of outcomes) {
      if (o.status === 'fulfilled') expect(o.value.id).toBe(placed[0]?.id);
      else expect(o.reason).toMatchObject({ status: 409, code: 'checkout_in_progress' });
    }
    expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true);
    expect(await stockOf('co-shirt')).toBe(19);
    expect((await ledgerFor(placed[0]?.id ?? '')).map((e) => e.operation).sort()).toEqual([
      'authorize',
      'capture',
    ]);
  });

  test.each([2, 5])(
    '%i tabs pay for one cart at once: one order, one charge, the others 409',
    async (tabs) => {
      // A gateway that takes its time, so the tabs' requests overlap on either database.
      const shopper = await buyer();
      await shopper.addToCart('co-ball', 1);
      const outcomes = await withGateway(slowGateway(), async (app) => {
        const tab = sdkFor(app, { store: new MemorySessionStore(), now: clock.now });
        await tab.login({ email: shopper.email, password: PASSWORD });
        const purchase = await paying(tab, '4242424242424242');
        return Promise.allSettled(
          Array.from({ length: tabs }, () => tab.checkout(purchase, newIdempotencyKey())),
        );
      });
      const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(won).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'rejected') {
          expect(o.reason).toMatchObject({ status: 409 });
          expect(['cart_in_checkout', 'cart_empty']).toContain((o.reason as ApiError).code);
        }
      }
      expect(await stockOf('co-ball')).toBe(19);
      const placed = await shopper.orders();
      expect(placed.map((o) => o.status)).toEqual(['paid']);
      expect((await ledgerFor(won[0]?.id ?? '')).map((e) => e.operation).sort()).toEqual([
        'authorize',
        'capture',
      ]);
      expect((await shopper.cart()).lines).toEqual([]);
    },
  );

  test('a cart being paid for cannot change: the order and the consumed cart are what was paid', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-ball', 1);
    const gateway = new TestGateway({
      db: t.testDatabase.database.db,
      behaviour: { authorize: 'hang' },
    });
    await withGateway(gateway, async (app) => {
      const tab = sdkFor(app, { store: new MemorySessionStore(), now: clock.now });
      await tab.login({ email: shopper.email, password: PASSWORD });
      const payment = tab.checkout(await paying(tab, '4242424242424242'), newIdempotencyKey());
      await vi.waitFor(() => expect(gateway.hungCalls).toBe(1));
      // Another tab, while the payment is in flight: every change to the cart is refused.
      for (const change of [
        () => shopper.addToCart('co-shirt', 1),
        () => shopper.incrementCartItem('co-ball'),
        () => shopper.setCartQuantity('co-ball', 2),
        () => shopper.removeFromCart('co-ball'),
        () => shopper.emptyCart(),
      ]) {
        await expectApiError(change(), 409, 'cart_in_checkout');
      }
      // A guest cart does not merge into it at login either (the login itself succeeds).
      const phone = sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });
      await phone.addToCart('co-shirt', 2);
      await phone.login({ email: shopper.email, password: PASSWORD });
      expect((await phone.cart()).lines.map((line) => line.variantId)).toEqual(['co-ball']);
      gateway.releaseHung();
      await expect(payment).resolves.toMatchObject({ status: 'paid' });
    });
    const [order] = await shopper.orders();
    expect(order).toMatchObject({ status: 'paid' });
    expect(await stockOf('co-ball')).toBe(19);
    expect(await stockOf('co-shirt')).toBe(20);
    // The paid cart is gone; the next add opens a new one.
    await expect(shopper.addToCart('co-shirt', 1)).resolves.toMatchObject({
      lines: [expect.objectContaining({ productId: 'co-shirt', quantity: 1 })],
    });
  });

  test('a declined payment releases the cart: the shopper pays it with another card', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-shirt', 1);
    await expectApiError(
      shopper.checkout(await paying(shopper, '4000000000000002'), newIdempotencyKey()),
      402,
      'card_declined',
    );
    await expect(
      shopper.checkout(await paying(shopper, '4242424242424242'), newIdempotencyKey()),
    ).resolves.toMatchObject({ status: 'paid' });
    expect(await stockOf('co-shirt')).toBe(19);
  });

  test('an unexpected failure before the order is made releases the key', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-ball', 1);
    const { db } = t.testDatabase.database;
    // A fault inside the reservation transaction, after the key was claimed.
    await db.execute(sql`
      create function co_refuse_orders() returns trigger language plpgsql as
        $$ begin raise exception 'the database refused the order'; end $$`);
    await db.execute(sql`
      create trigger co_refuse_orders before insert on orders
        for each row execute function co_refuse_orders()`);
    const key = newIdempotencyKey();
    const purchase = await paying(shopper, '4242424242424242');
    try {
      await expectApiError(shopper.checkout(purchase, key), 500, 'internal_error');
    } finally {
      await db.execute(sql`drop trigger co_refuse_orders on orders`);
      await db.execute(sql`drop function co_refuse_orders()`);
    }
    expect(await stockOf('co-ball')).toBe(20);
    // The same key is free again: the retry buys the cart, once.
    await expect(shopper.checkout(purchase, key)).resolves.toMatchObject({ status: 'paid' });
    expect(await stockOf('co-ball')).toBe(19);
  });

  test('an unexpected failure after the order is made settles it and answers the key', async () => {
    class BrokenGateway extends TestGateway {
      override async authorize(): Promise<never> {
        throw new TypeError('a bug in the gateway adapter');
      }
    }
    const gateway = new BrokenGateway({ db: t.testDatabase.database.db, latencyMs: 0 });
    await withGateway(gateway, async (broken) => {
      const shopper = await buyer(broken);
      await shopper.addToCart('co-rare', 2);
      const key = newIdempotencyKey();
      const purchase = await paying(shopper, '4242424242424242');
      await expectApiError(shopper.checkout(purchase, key), 500, 'internal_error');
      // Settled at once, not left for the sweeper: stock back, order failed, key answered.
      expect(await stockOf('co-rare')).toBe(10);
      expect((await shopper.orders()).map((o) => o.status)).toEqual(['failed']);
      await expectApiError(shopper.checkout(purchase, key), 402, 'processing_error');
      // And the cart can be paid (here through the working app).
      const again = sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });
      await again.login({ email: shopper.email, password: PASSWORD });
      await expect(again.checkout(purchase, newIdempotencyKey())).resolves.toMatchObject({
        status: 'paid',
      });
    });
  });

  test('a price raised after the shopper looked is not charged: 409 cart_changed with the new cart', async () => {
    const shopper = await buyer();
    const seen = await shopper.addToCart('co-shirt', 1);
    const { db } = t.testDatabase.database;
    await setBasePrice(db, 'co-shirt', 107_784);
    try {
      const key = newIdempotencyKey();
      const purchase = { card: card('4242424242424242'), billing, cartVersion: seen.version };
      const changed = await expectApiError(shopper.checkout(purchase, key), 409, 'cart_changed');
      expect(changed).toBeInstanceOf(CartChangedError);
      const { cart } = changed as CartChangedError;
      expect(cart.lines.map((l) => l.unitPrice.amount)).toEqual(['1077.84']);
      expect(cart.total).not.toEqual(seen.total);
      expect(cart.version).not.toBe(seen.version);
      // Nothing happened: no order, no charge, stock untouched.
      expect(await shopper.orders()).toEqual([]);
      expect(await stockOf('co-shirt')).toBe(20);
      // Confirmed at the new price, it is charged that; the key was not spent on the refusal.
      const order = await shopper.checkout({ ...purchase, cartVersion: cart.version }, key);
      expect(order.total).toEqual(cart.total);
      expect((await ledgerFor(order.id)).map((e) => e.amountCents)).toEqual([
        Math.round(Number(cart.total.amount) * 100),
        Math.round(Number(cart.total.amount) * 100),
      ]);
    } finally {
      await setBasePrice(db, 'co-shirt', 7500);
    }
  });

  test('a line added in another tab is not bought unseen', async () => {
    const shopper = await buyer();
    const seen = await shopper.addToCart('co-ball', 1);
    await shopper.addToCart('co-rare', 1);
    const changed = await expectApiError(
      shopper.checkout(
        { card: card('4242424242424242'), billing, cartVersion: seen.version },
        newIdempotencyKey(),
      ),
      409,
      'cart_changed',
    );
    expect((changed as CartChangedError).cart.lines.map((l) => l.variantId)).toEqual([
      'co-ball',
      'co-rare',
    ]);
    expect(await shopper.orders()).toEqual([]);
  });

  test('an order above the largest total is a 409 before anything is claimed', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-rare', 3);
    const { db } = t.testDatabase.database;
    // Priced up after the cart was filled: 3 × 9,999,999.99 would overflow a 32-bit column.
    await setBasePrice(db, 'co-rare', 999_999_999);
    const key = newIdempotencyKey();
    try {
      const refused = await expectApiError(
        shopper.checkout(await paying(shopper, '4242424242424242'), key),
        409,
        'order_limit_exceeded',
      );
      expect(refused.message).toMatch(/at most 1000000\.00 USD/);
    } finally {
      await setBasePrice(db, 'co-rare', 19_900);
    }
    expect(await shopper.orders()).toEqual([]);
    expect(await stockOf('co-rare')).toBe(10);
    expect(
      await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.key, key)),
    ).toEqual([]);
    // The key is free: at the old price the same key buys the cart.
    await expect(
      shopper.checkout(await paying(shopper, '4242424242424242'), key),
    ).resolves.toMatchObject({ status: 'paid', itemCount: 3 });
  });

  test('50 buyers race for 10 units: exactly 10 win, stock ends at 0', async () => {
    const racers = await Promise.all(Array.from({ length: 50 }, () => buyer()));
    for (const racer of racers) await racer.addToCart('co-rare');
    const outcomes = await Promise.allSettled(
      racers.map(async (racer) =>
        racer.checkout(await paying(racer, '4242424242424242'), newIdempotencyKey()),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(10);
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        expect(o.reason).toMatchObject({ status: 409, code: 'insufficient_stock' });
        expect((o.reason as ApiError).message).toMatch(/sold out|left/i);
      }
    }
    expect(await stockOf('co-rare')).toBe(0);
  }, 120_000);

  test('20 buyers race for the last pair of one size: exactly one order, only that size moves', async () => {
    const racers = await Promise.all(Array.from({ length: 20 }, () => buyer()));
    for (const racer of racers) await racer.addToCart('co-boots-uk-9');
    const outcomes = await Promise.allSettled(
      racers.map(async (racer) =>
        racer.checkout(await paying(racer, '4242424242424242'), newIdempotencyKey()),
      ),
    );
    const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(won).toHaveLength(1);
    expect(won[0]?.lines).toEqual([
      expect.objectContaining({
        productId: 'co-boots',
        variantId: 'co-boots-uk-9',
        sku: 'CO-BOOTS-UK-9',
        variantLabel: 'Size UK 9',
        title: 'Checkout Boots',
        quantity: 1,
      }),
    ]);
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        expect(o.reason).toMatchObject({ status: 409, code: 'insufficient_stock' });
        expect((o.reason as ApiError).message).toContain('Checkout Boots (Size UK 9)');
      }
    }
    expect(await stockOf('co-boots-uk-9')).toBe(0);
    expect(await stockOf('co-boots-uk-10')).toBe(6);
    // The winner's invoice names the size and its SKU.
    const winner = racers[outcomes.findIndex((o) => o.status === 'fulfilled')];
    const pages = await extractPdfPages(await (winner as IroncartClient).invoice('latest'));
    expect(pages.join(' ')).toContain('Size UK 9 · SKU CO-BOOTS-UK-9');
  }, 120_000);

  test('someone else’s order and invoice are 404', async () => {
    const owner = await buyer();
    await owner.addToCart('co-ball');
    const order = await owner.checkout(
      await paying(owner, '4242424242424242'),
      newIdempotencyKey(),
    );
    const other = await buyer();
    await expectApiError(other.order(order.id), 404, 'not_found');
    await expectApiError(other.invoice(order.id), 404, 'not_found');
    await expectApiError(other.latestOrder(), 404, 'not_found');
  });

  test('no card number or CVC is stored or logged', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-ball');
    await shopper.checkout(await paying(shopper, '3782 822463 10005'), newIdempotencyKey());
    const { db } = t.testDatabase.database;
    const rowsOf = async (query: ReturnType<typeof sql>) =>
      ((await db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
    const tables = await rowsOf(
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    let dump = '';
    for (const { table_name } of tables) {
      dump += JSON.stringify(
        await rowsOf(sql`select * from ${sql.identifier(String(table_name))}`),
      );
    }
    for (const haystack of [dump, t.logs.text]) {
      expect(haystack).not.toContain('378282246310005');
      expect(haystack).not.toContain('3782 822463 10005');
      expect(haystack).not.toContain('822463');
      expect(haystack.toLowerCase()).not.toContain('"cvc"');
    }
    expect(dump).toContain('0005'); // the last 4 are kept, as allowed
  });

  test('a process that dies between reservation and payment: stock and cart come back after the sweep', async () => {
    const hanging = await buildApp(t.app.config, {
      database: t.testDatabase.database,
      logStream: new LogCapture(),
      now: clock.now,
      paymentGateway: new TestGateway({
        db: t.testDatabase.database.db,
        latencyMs: 0,
        behaviour: { authorize: 'hang' },
      }),
    });
    const shopper = await buyer(hanging);
    await shopper.addToCart('co-rare', 3);
    void shopper
      .checkout(await paying(shopper, '4242424242424242'), newIdempotencyKey())
      .catch(() => {});
    // Wait until the reservation is committed and the payment call hangs.
    for (let i = 0; i < 100 && (await stockOf('co-rare')) === 10; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await stockOf('co-rare')).toBe(7);
    const [pending] = await t.testDatabase.database.db
      .select()
      .from(orders)
      .where(eq(orders.status, 'pending'));
    expect(pending).toBeDefined();
    // Meanwhile the cart is claimed by that pending order: another tab cannot pay it too.
    const tab = sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });
    await tab.login({ email: shopper.email, password: PASSWORD });
    const key = newIdempotencyKey();
    const purchase = await paying(tab, '4242424242424242');
    await expectApiError(tab.checkout(purchase, key), 409, 'cart_in_checkout');

    // "Restart": another instance sweeps once the reservation has expired.
    expect((await t.app.checkout.sweep()).settled).toBe(0); // not expired yet
    clock.advance(11 * 60_000);
    await t.app.checkout.sweep();
    expect(await stockOf('co-rare')).toBe(10);
    // The failed order no longer holds the cart, and the refused key was not spent.
    await expect(tab.checkout(purchase, key)).resolves.toMatchObject({ status: 'paid' });
    expect(await stockOf('co-rare')).toBe(7);
    const [settled] = await t.testDatabase.database.db
      .select()
      .from(orders)
      .where(eq(orders.id, pending?.id ?? ''));
    expect(settled?.status).toBe('failed');
    await hanging.close();
  });

  test('a payment whose answer was lost is found by the sweeper and the order is paid', async () => {
    const lossy = await buildApp(t.app.config, {
      database: t.testDatabase.database,
      logStream: new LogCapture(),
      now: clock.now,
      paymentGateway: new TestGateway({
        db: t.testDatabase.database.db,
        latencyMs: 0,
        behaviour: { authorize: 'lost_response' },
      }),
    });
    try {
      const shopper = await buyer(lossy);
      await shopper.addToCart('co-shirt', 1);
      const key = newIdempotencyKey();
      const purchase = await paying(shopper, '4242424242424242');
      await expectApiError(shopper.checkout(purchase, key), 503, 'payment_pending');
      clock.advance(11 * 60_000);
      await t.app.checkout.sweep();
      const [latest] = await shopper.orders();
      expect(latest?.status).toBe('paid');
      expect(await stockOf('co-shirt')).toBe(19);
      expect((await ledgerFor(latest?.id ?? '')).map((e) => e.operation).sort()).toEqual([
        'authorize',
        'capture',
      ]);
      // The sweeper closed the cart that held this purchase, and the key now answers with it.
      expect((await shopper.cart()).lines).toEqual([]);
      await expect(shopper.checkout(purchase, key)).resolves.toMatchObject({
        id: latest?.id,
        status: 'paid',
      });
    } finally {
      await lossy.close();
    }
  });

  test('a key whose attempt died before its answer was stored is answered from its order', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-ball', 1);
    const key = newIdempotencyKey();
    const purchase = await paying(shopper, '4242424242424242');
    const order = await shopper.checkout(purchase, key);
    // As if the process died after paying and emptying the cart, before storing the answer.
    await t.testDatabase.database.db
      .update(idempotencyRecords)
      .set({ state: 'in_progress', responseStatus: null, responseBody: null })
      .where(eq(idempotencyRecords.key, key));
    await expect(shopper.checkout(purchase, key)).resolves.toMatchObject({
      id: order.id,
      status: 'paid',
    });
    const [record] = await t.testDatabase.database.db
      .select()
      .from(idempotencyRecords)
      .where(eq(idempotencyRecords.key, key));
    expect(record).toMatchObject({ state: 'completed', responseStatus: 201 });
    expect(await shopper.orders()).toHaveLength(1);
  });

  test('a key claimed by an attempt that died before making its order is released by the sweeper', async () => {
    const shopper = await buyer();
    await shopper.addToCart('co-ball', 1);
    const key = newIdempotencyKey();
    const purchase = await paying(shopper, '4242424242424242');
    // The claim of an attempt whose process died at once: no order was made.
    const { db } = t.testDatabase.database;
    const me = await shopper.me();
    await db.insert(idempotencyRecords).values({
      scope: `user:${me.id}`,
      key,
      requestHash: Buffer.alloc(32),
      state: 'in_progress',
      createdAt: new Date(clock.now()),
      expiresAt: new Date(clock.now() + 86_400_000),
    });
    // While the dead claim stands, the key is not usable.
    await expectApiError(shopper.checkout(purchase, key), 422, 'idempotency_key_reused');
    clock.advance(11 * 60_000);
    await t.app.checkout.sweep();
    // One reservation period is not enough: a live attempt could still be on its way.
    expect(
      await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.key, key)),
    ).toHaveLength(1);
    clock.advance(10 * 60_000);
    await t.app.checkout.sweep();
    expect(
      await db.select().from(idempotencyRecords).where(eq(idempotencyRecords.key, key)),
    ).toEqual([]);
    await expect(shopper.checkout(purchase, key)).resolves.toMatchObject({ status: 'paid' });
  });
});
