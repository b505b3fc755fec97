import { type IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp, TestClock } from '../../test-support/app.js';
import { insertProducts, setBasePrice, setStock } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { recordStatements } from '../../test-support/statements.js';
import { createUser } from '../accounts/service.js';
import { categories, productOptions, products, productVariants } from '../catalog/tables.js';
import { MAX_ORDER_TOTAL_CENTS } from '../orders/limits.js';
import { carts } from './tables.js';

const PASSWORD = 'correct horse battery staple';
/** Our own small catalog, so every number below is known. */
const catalog = [
  { id: 'test-ball', title: 'Test Ball', priceCents: 1000, stock: 5 },
  { id: 'test-bat', title: 'Test Bat', priceCents: 2550, stock: 2 },
  { id: 'test-net', title: 'Test Net', priceCents: 4999, stock: 50 },
  { id: 'test-gone', title: 'Test Gone', priceCents: 100, stock: 0 },
];
/** A jersey in three sizes: what shoppers add is one of its variants. */
const jersey = {
  id: 'test-jersey',
  title: 'Test Jersey',
  priceCents: 3000,
  sizes: { S: 4, M: 1, L: 0 },
};

const quantities = (cart: { lines: { variantId: string; quantity: number }[] }) =>
  Object.fromEntries(cart.lines.map((line) => [line.variantId, line.quantity]));

describe.each(testDrivers)('the cart on %s', (driver) => {
  let t: TestApp;
  const clock = new TestClock();
  const shopper = (): IroncartClient =>
    sdkFor(t.app, { store: new MemorySessionStore(), now: clock.now });

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false }, { now: clock.now });
    const { db } = t.testDatabase.database;
    await db.insert(categories).values({ id: 'test-gear', name: 'Test gear' });
    await insertProducts(
      db,
      [...catalog, jersey].map((p) => ({ ...p, categoryId: 'test-gear' })),
    );
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    // Each test starts from the catalog above.
    const { db } = t.testDatabase.database;
    for (const p of catalog) {
      await setStock(db, p.id, p.stock);
      await db.update(products).set({ archived: false }).where(eq(products.id, p.id));
      await setBasePrice(db, p.id, p.priceCents);
    }
    for (const [size, stock] of Object.entries(jersey.sizes)) {
      await setStock(db, `test-jersey-${size.toLowerCase()}`, stock);
    }
    await db.update(productVariants).set({ archived: false });
  });

  test('a change is one short transaction: lock and mark in one statement, the answer read inside', async () => {
    const recorder = recordStatements(t.testDatabase.database);
    const owner = { guestSessionId: `statements-${driver}` };
    await t.app.carts.add(owner, 'test-net', 1);
    const { result, statements } = await recorder.record(() =>
      t.app.carts.add(owner, 'test-ball', 2),
    );
    expect(result.itemCount).toBe(3);
    // begin, the open cart's id, lock-and-mark, the insert, the lines, commit.
    expect(statements, statements.join('\n')).toHaveLength(6);
    // A refused change leaves the cart exactly as it was, its mark included.
    const [before] = await t.testDatabase.database.db
      .select()
      .from(carts)
      .where(eq(carts.id, result.id));
    clock.advance(1_000);
    await expect(t.app.carts.decrement(owner, 'test-net')).rejects.toMatchObject({
      code: 'minimum_quantity',
    });
    const [after] = await t.testDatabase.database.db
      .select()
      .from(carts)
      .where(eq(carts.id, result.id));
    expect(after?.updatedAt).toEqual(before?.updatedAt);
  });

  test('refused changes by a shopper without a cart leave no cart behind', async () => {
    const { db } = t.testDatabase.database;
    const countCarts = async () => (await db.select({ id: carts.id }).from(carts)).length;
    const before = await countCarts();
    const guest = shopper();
    const [product] = catalog;
    const id = product?.id ?? '';
    await expectApiError(guest.addToCart(id, 9_999), 409, 'insufficient_stock');
    await expectApiError(guest.setCartQuantity(id, 2), 404, 'not_found');
    await expectApiError(guest.incrementCartItem(id), 404, 'not_found');
    await expectApiError(guest.decrementCartItem(id), 404, 'not_found');
    await expectApiError(guest.removeFromCart(id), 404, 'not_found');
    expect(await countCarts()).toBe(before);
  });

  test('a guest has an empty cart that cannot be checked out', async () => {
    const cart = await shopper().cart();
    expect(cart).toMatchObject({
      lines: [],
      itemCount: 0,
      subtotal: { amount: '0.00', currency: 'USD' },
      shipping: { amount: '0.00', currency: 'USD' },
      total: { amount: '0.00', currency: 'USD' },
      checkoutBlocked: true,
    });
  });

  test('add, add again, set, increment, decrement, remove and empty', async () => {
    const guest = shopper();
    let cart = await guest.addToCart('test-ball');
    cart = await guest.addToCart('test-ball', 2);
    expect(quantities(cart)).toEqual({ 'test-ball': 3 });
    expect(cart.lines[0]).toMatchObject({
      title: 'Test Ball',
      unitPrice: { amount: '10.00' },
      lineTotal: { amount: '30.00' },
      state: 'ok',
      problem: null,
    });
    cart = await guest.addToCart('test-bat');
    cart = await guest.setCartQuantity('test-ball', 1);
    cart = await guest.incrementCartItem('test-ball');
    cart = await guest.incrementCartItem('test-bat');
    expect(quantities(cart)).toEqual({ 'test-ball': 2, 'test-bat': 2 });
    cart = await guest.decrementCartItem('test-bat');
    expect(quantities(cart)).toEqual({ 'test-ball': 2, 'test-bat': 1 });
    // 2 x 10.00 + 25.50 = 45.50; 8 % tax = 3.64; shipping 5.99 under 100.00.
    expect(cart).toMatchObject({
      itemCount: 3,
      subtotal: { amount: '45.50' },
      tax: { amount: '3.64' },
      shipping: { amount: '5.99' },
      total: { amount: '55.13' },
      checkoutBlocked: false,
    });
    cart = await guest.removeFromCart('test-bat');
    expect(quantities(cart)).toEqual({ 'test-ball': 2 });
    cart = await guest.emptyCart();
    expect(cart.lines).toEqual([]);
  });

  test('quantities stay between 1 and the stock, with the available amount in the refusal', async () => {
    const guest = shopper();
    await guest.addToCart('test-bat', 2);
    const tooMany = await expectApiError(guest.addToCart('test-bat'), 409, 'insufficient_stock');
    expect(tooMany.available).toBe(2);
    expect(tooMany.message).toContain('Only 2');
    await expectApiError(guest.incrementCartItem('test-bat'), 409, 'insufficient_stock');
    await expectApiError(guest.setCartQuantity('test-bat', 3), 409, 'insufficient_stock');
    await expectApiError(guest.setCartQuantity('test-bat', 0), 400, 'invalid_request');
    await guest.setCartQuantity('test-bat', 1);
    await expectApiError(guest.decrementCartItem('test-bat'), 409, 'minimum_quantity');
    expect(quantities(await guest.cart())).toEqual({ 'test-bat': 1 });

    await expectApiError(guest.addToCart('test-gone'), 409, 'insufficient_stock');
    await expectApiError(guest.addToCart('no-such-product'), 404, 'not_found');
    await expectApiError(guest.addToCart('test-ball', 0), 400, 'invalid_request');
    await expectApiError(guest.removeFromCart('test-net'), 404, 'not_found');
    await expectApiError(guest.incrementCartItem('test-net'), 404, 'not_found');
    await expectApiError(guest.setCartQuantity('test-net', 1), 404, 'not_found');
    expect(quantities(await guest.cart())).toEqual({ 'test-bat': 1 });
  });

  test('lines whose product was archived, sold out or ran short block checkout', async () => {
    const guest = shopper();
    await guest.addToCart('test-ball', 4);
    await guest.addToCart('test-bat', 1);
    await guest.addToCart('test-net', 1);
    const { db } = t.testDatabase.database;
    await setStock(db, 'test-ball', 3);
    await setStock(db, 'test-bat', 0);
    await db.update(products).set({ archived: true }).where(eq(products.id, 'test-net'));
    const cart = await guest.cart();
    const byId = Object.fromEntries(cart.lines.map((line) => [line.variantId, line]));
    expect(byId['test-ball']).toMatchObject({ state: 'insufficient_stock', available: 3 });
    expect(byId['test-ball']?.problem).toContain('Only 3 left');
    expect(byId['test-bat']).toMatchObject({ state: 'sold_out', available: 0 });
    expect(byId['test-net']?.state).toBe('unavailable');
    expect(cart.checkoutBlocked).toBe(true);
    // Only what can be bought counts.
    expect(cart.subtotal.amount).toBe('0.00');
    await expectApiError(guest.addToCart('test-net'), 409, 'product_unavailable');
    // Fixing the lines unblocks checkout.
    await guest.setCartQuantity('test-ball', 3);
    await guest.removeFromCart('test-bat');
    const fixed = await guest.removeFromCart('test-net');
    expect(fixed).toMatchObject({ checkoutBlocked: false, subtotal: { amount: '30.00' } });
  });

  const setPrice = (id: string, priceCents: number) =>
    setBasePrice(t.testDatabase.database.db, id, priceCents);

  test('a cart never grows past the largest order total; lowering a quantity always works', async () => {
    // Two units fit in one order (tax included), three do not.
    const price = MAX_ORDER_TOTAL_CENTS * 0.4;
    await setPrice('test-net', price);
    const guest = shopper();
    const two = await guest.addToCart('test-net', 2);
    const refused = await expectApiError(guest.addToCart('test-net'), 409, 'order_limit_exceeded');
    expect(refused.message).toMatch(/at most 1000000\.00 USD/);
    await expectApiError(guest.incrementCartItem('test-net'), 409, 'order_limit_exceeded');
    await expectApiError(guest.setCartQuantity('test-net', 3), 409, 'order_limit_exceeded');
    await setPrice('test-bat', price / 2);
    await expectApiError(guest.addToCart('test-bat'), 409, 'order_limit_exceeded');
    expect(await guest.cart()).toEqual(two);
    // A price raised since takes the cart past the limit: lowering is still allowed.
    await setPrice('test-net', price * 1.5);
    const one = await guest.setCartQuantity('test-net', 1);
    expect(quantities(one)).toEqual({ 'test-net': 1 });
  });

  test('racing adds to one cart never pass the largest order total together', async () => {
    await setPrice('test-net', MAX_ORDER_TOTAL_CENTS * 0.4);
    const guest = shopper();
    await guest.cart();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, () => guest.addToCart('test-net', 2)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'order_limit_exceeded' });
    }
    expect(quantities(await guest.cart())).toEqual({ 'test-net': 2 });
  });

  test('the version changes with what checkout would charge, and only then', async () => {
    const guest = shopper();
    const first = await guest.addToCart('test-ball', 2);
    expect(first.version).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await guest.cart()).version).toBe(first.version);
    const more = await guest.incrementCartItem('test-ball');
    expect(more.version).not.toBe(first.version);
    expect((await guest.decrementCartItem('test-ball')).version).toBe(first.version);
    const other = await guest.addToCart('test-net');
    expect(other.version).not.toBe(first.version);
    await setPrice('test-net', 5999);
    const repriced = await guest.cart();
    expect(repriced.version).not.toBe(other.version);
    // The same lines in another shopper's cart are another cart.
    const twin = shopper();
    await twin.addToCart('test-ball', 2);
    expect((await twin.removeFromCart('test-ball')).version).not.toBe(
      (await guest.removeFromCart('test-net')).version,
    );
  });

  test('concurrent adds never pass the stock', async () => {
    const guest = shopper();
    await guest.cart();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => guest.addToCart('test-ball')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({ status: 409, code: 'insufficient_stock' });
    }
    expect(quantities(await guest.cart())).toEqual({ 'test-ball': 5 });
  });

  test('at login the guest cart merges into the account cart, capped at stock', async () => {
    const email = `merge-${driver}@example.com`;
    await createUser(t.testDatabase.database.db, {
      email,
      password: PASSWORD,
      name: 'M',
      role: 'customer',
    });
    const laptop = shopper();
    await laptop.login({ email, password: PASSWORD });
    await laptop.addToCart('test-ball', 3);

    const phone = shopper();
    await phone.addToCart('test-ball', 3);
    await phone.addToCart('test-bat', 1);
    const guestCartId = (await phone.cart()).id;
    await phone.login({ email, password: PASSWORD });

    const merged = await phone.cart();
    expect(quantities(merged)).toEqual({ 'test-ball': 5, 'test-bat': 1 });
    expect((await laptop.cart()).id).toBe(merged.id);
    const [guestCart] = await t.testDatabase.database.db
      .select()
      .from(carts)
      .where(eq(carts.id, guestCartId));
    expect(guestCart?.status).toBe('merged');
    // Logging out leaves the account cart in the account; the new guest starts empty.
    await phone.logout();
    expect((await phone.cart()).lines).toEqual([]);
    await phone.login({ email, password: PASSWORD });
    expect(quantities(await phone.cart())).toEqual({ 'test-ball': 5, 'test-bat': 1 });
  });

  test("another shopper's cart id is a 404", async () => {
    const email = `owner-${driver}@example.com`;
    await createUser(t.testDatabase.database.db, {
      email,
      password: PASSWORD,
      name: 'O',
      role: 'customer',
    });
    const owner = shopper();
    await owner.login({ email, password: PASSWORD });
    const cart = await owner.addToCart('test-net');
    await expect(owner.cartById(cart.id)).resolves.toMatchObject({ id: cart.id });

    const guest = shopper();
    await expectApiError(guest.cartById(cart.id), 404, 'not_found');
    const guestCart = await guest.addToCart('test-net');
    await expectApiError(owner.cartById(guestCart.id), 404, 'not_found');
    await expectApiError(owner.cartById('00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  test('abandoned guest carts are deleted after the configured age', async () => {
    const guest = shopper();
    const cart = await guest.addToCart('test-net');
    clock.advance(73 * 3_600_000);
    expect(await t.app.carts.deleteAbandonedGuestCarts()).toBeGreaterThanOrEqual(1);
    const [row] = await t.testDatabase.database.db
      .select()
      .from(carts)
      .where(eq(carts.id, cart.id));
    expect(row).toBeUndefined();
  });

  test('a product sold in sizes is added by size: each size its own line, stock and cap', async () => {
    const guest = shopper();
    const refused = await expectApiError(guest.addToCart('test-jersey'), 409, 'variant_required');
    expect(refused.message).toBe('Choose a size of Test Jersey to add it to the cart.');
    await expectApiError(guest.addToCart('test-jersey-xl'), 404, 'not_found');
    await guest.addToCart('test-jersey-s', 2);
    const cart = await guest.addToCart('test-jersey-m');
    expect(quantities(cart)).toEqual({ 'test-jersey-s': 2, 'test-jersey-m': 1 });
    expect(cart.lines[1]).toMatchObject({
      variantId: 'test-jersey-m',
      productId: 'test-jersey',
      title: 'Test Jersey',
      variantLabel: 'Size M',
      sku: 'TEST-JERSEY-M',
      unitPrice: { amount: '30.00' },
    });
    // M has one unit: the cap is the variant's, not the product's seven.
    const short = await expectApiError(
      guest.incrementCartItem('test-jersey-m'),
      409,
      'insufficient_stock',
    );
    expect(short.message).toBe(
      'Only 1 of Test Jersey (Size M) in stock (1 already in your cart); you asked for 2.',
    );
    const soldOut = await expectApiError(
      guest.addToCart('test-jersey-l'),
      409,
      'insufficient_stock',
    );
    expect(soldOut.message).toBe('Test Jersey (Size L) is sold out.');
    // An archived size is no longer sold; the other sizes still are.
    const { db } = t.testDatabase.database;
    await db
      .update(productVariants)
      .set({ archived: true })
      .where(eq(productVariants.id, 'test-jersey-s'));
    const after = await guest.cart();
    expect(after.lines.map((line) => [line.variantId, line.state])).toEqual([
      ['test-jersey-s', 'unavailable'],
      ['test-jersey-m', 'ok'],
    ]);
    await expectApiError(guest.addToCart('test-jersey-s'), 409, 'product_unavailable');
  });

  test('a product given options after it was sold alone asks for a choice by its own id', async () => {
    const { db } = t.testDatabase.database;
    // As the admin leaves it: the default variant archived, under the product's id.
    await insertProducts(db, [
      { id: 'test-cap', title: 'Test Cap', priceCents: 1500, stock: 0, categoryId: 'test-gear' },
    ]);
    await db
      .update(productVariants)
      .set({ archived: true })
      .where(eq(productVariants.id, 'test-cap'));
    await db
      .insert(productOptions)
      .values({ productId: 'test-cap', position: 1, name: 'Colour', values: ['Red'] });
    await db.insert(productVariants).values({
      id: 'test-cap-red',
      productId: 'test-cap',
      sku: 'TEST-CAP-RED',
      option1: 'Red',
      stock: 2,
    });
    const guest = shopper();
    const refused = await expectApiError(guest.addToCart('test-cap'), 409, 'variant_required');
    expect(refused.message).toBe('Choose a colour of Test Cap to add it to the cart.');
    expect(quantities(await guest.addToCart('test-cap-red'))).toEqual({ 'test-cap-red': 1 });
  });

  test('one cart in many tabs racing for the last unit of one size holds it once', async () => {
    const one = shopper();
    await one.cart();
    const racing = await Promise.allSettled(
      Array.from({ length: 8 }, () => one.addToCart('test-jersey-m')),
    );
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of racing) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'insufficient_stock' });
    }
    expect(quantities(await one.cart())).toEqual({ 'test-jersey-m': 1 });
  });

  test('the guest-cart merge adds and caps per size', async () => {
    const email = `merge-sizes-${driver}@example.com`;
    await createUser(t.testDatabase.database.db, {
      email,
      password: PASSWORD,
      name: 'S',
      role: 'customer',
    });
    const laptop = shopper();
    await laptop.login({ email, password: PASSWORD });
    await laptop.addToCart('test-jersey-s', 3);
    const phone = shopper();
    await phone.addToCart('test-jersey-s', 3);
    await phone.addToCart('test-jersey-m', 1);
    await phone.login({ email, password: PASSWORD });
    expect(quantities(await phone.cart())).toEqual({ 'test-jersey-s': 4, 'test-jersey-m': 1 });
  });

  test('for any sequence of operations the totals follow quantity x price, tax and shipping', async () => {
    const id = fc.constantFrom('test-ball', 'test-bat', 'test-net');
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id, q: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('set' as const), id, q: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constantFrom('inc' as const, 'dec' as const, 'remove' as const), id }),
      fc.record({ kind: fc.constant('empty' as const) }),
    );
    const price: Record<string, number> = { 'test-ball': 1000, 'test-bat': 2550, 'test-net': 4999 };
    const stock: Record<string, number> = { 'test-ball': 5, 'test-bat': 2, 'test-net': 50 };
    type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

    /** What the cart should hold after `o`, or undefined when the server must refuse it. */
    const expected = (model: Record<string, number>, o: Op): Record<string, number> | undefined => {
      if (o.kind === 'empty') return {};
      const have = model[o.id] ?? 0;
      const limit = stock[o.id] ?? 0;
      const next = { ...model };
      switch (o.kind) {
        case 'add':
          next[o.id] = have + o.q;
          return have + o.q <= limit ? next : undefined;
        case 'set':
          next[o.id] = o.q;
          return have > 0 && o.q <= limit ? next : undefined;
        case 'inc':
          next[o.id] = have + 1;
          return have > 0 && have < limit ? next : undefined;
        case 'dec':
          next[o.id] = have - 1;
          return have > 1 ? next : undefined;
        case 'remove':
          delete next[o.id];
          return have > 0 ? next : undefined;
      }
    };
    const send = (guest: IroncartClient, o: Op) => {
      if (o.kind === 'empty') return guest.emptyCart();
      if (o.kind === 'add') return guest.addToCart(o.id, o.q);
      if (o.kind === 'set') return guest.setCartQuantity(o.id, o.q);
      if (o.kind === 'inc') return guest.incrementCartItem(o.id);
      if (o.kind === 'dec') return guest.decrementCartItem(o.id);
      return guest.removeFromCart(o.id);
    };
    const cents = (m: { amount: string }) => Math.round(Number(m.amount) * 100);

    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const guest = shopper();
        let model: Record<string, number> = {};
        for (const o of ops) {
          const next = expected(model, o);
          const accepted = await send(guest, o).then(
            () => true,
            () => false,
          );
          expect({ o, accepted }).toEqual({ o, accepted: next !== undefined });
          model = next ?? model;
        }
        const cart = await guest.cart();
        expect(quantities(cart)).toEqual(model);
        const subtotal = Object.entries(model).reduce(
          (sum, [p, q]) => sum + (price[p] ?? 0) * q,
          0,
        );
        const tax = Math.round((subtotal * 8) / 100); // 8 %; half up, as Math.round on cents
        const shipping = subtotal === 0 || subtotal >= 10_000 ? 0 : 599;
        expect(cents(cart.subtotal)).toBe(subtotal);
        expect(cents(cart.tax)).toBe(tax);
        expect(cents(cart.shipping)).toBe(shipping);
        expect(cents(cart.total)).toBe(subtotal + tax + shipping);
      }),
      { numRuns: 20 },
    );
  });
});
