import { newIdempotencyKey } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { insertProducts } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { recordStatements, type StatementRecorder } from '../../test-support/statements.js';
import { createUser } from '../accounts/service.js';
import { categories } from '../catalog/tables.js';

/** The most statements a paid checkout may send, whatever the size of the cart (issue 16). */
const MAX_STATEMENTS = 12;
const billing = {
  name: 'Sam Count',
  line1: '1 Ledger Row',
  city: 'Portland',
  postalCode: '97204',
  country: 'US',
};
const products = ['st-a', 'st-b', 'st-c'].map((id, n) => ({
  id,
  title: `Statement ${id}`,
  priceCents: 1000 * (n + 1),
  stock: 50,
  categoryId: 'st-gear',
}));

describe.each(testDrivers)('checkout statements on %s', (driver) => {
  let t: TestApp;
  let recorder: StatementRecorder;
  let buyers = 0;

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false });
    const { db } = t.testDatabase.database;
    await db.insert(categories).values({ id: 'st-gear', name: 'Statement gear' });
    await insertProducts(db, products);
    recorder = recordStatements(t.testDatabase.database);
  });
  afterAll(() => t.close());

  /**
   * The statements of one paid checkout of `lines` distinct products, from the moment the route
   * handler hands the request to the checkout service to its answer (the handler does nothing
   * else with the database), the test gateway's own books included.
   */
  async function paidCheckout(lines: number): Promise<string[]> {
    const user = await createUser(t.testDatabase.database.db, {
      email: `counted${++buyers}-${driver}@example.com`,
      password: 'correct horse battery staple',
      name: 'Counted',
      role: 'customer',
    });
    let cart = await t.app.carts.view({ userId: user.id });
    for (const product of products.slice(0, lines)) {
      cart = await t.app.carts.add({ userId: user.id }, product.id, 2);
    }
    const body = {
      card: {
        number: '4242424242424242',
        expMonth: 12,
        expYear: new Date().getUTCFullYear() + 2,
        cvc: '123',
        holder: 'Sam Count',
      },
      billing,
      cartVersion: cart.version,
    };
    const { result, statements } = await recorder.record(() =>
      t.app.checkout.checkout({ id: user.id }, newIdempotencyKey(), body),
    );
    expect(result).toMatchObject({ status: 201, body: { status: 'paid', itemCount: 2 * lines } });
    return statements;
  }

  test(`a paid checkout takes at most ${MAX_STATEMENTS} statements, however many lines`, async () => {
    // The catalog's invalidation notice (PostgreSQL without Redis: one pg_notify after the
    // reservation commits; none on PGlite or with Redis) is the feed's, counted apart.
    const notices = (statements: string[]) => statements.filter((s) => s.includes('pg_notify'));
    const withNotices = await paidCheckout(3);
    expect(notices(withNotices).length).toBeLessThanOrEqual(1);
    const three = withNotices.filter((s) => !s.includes('pg_notify'));
    const one = (await paidCheckout(1)).filter((s) => !s.includes('pg_notify'));
    expect(three.length, three.join('\n')).toBeLessThanOrEqual(MAX_STATEMENTS);
    expect(three.length, `3 lines:\n${three.join('\n')}\n1 line:\n${one.join('\n')}`).toBe(
      one.length,
    );
    // No statement is sent once per line.
    expect(new Set(three).size).toBe(three.length - repeatedTransactionControl(three));
  });
});

/** BEGIN and COMMIT repeat once per transaction, not per line. */
function repeatedTransactionControl(statements: string[]): number {
  const control = statements.filter((s) => /^(begin|commit)$/i.test(s));
  return control.length - new Set(control.map((s) => s.toLowerCase())).size;
}
