import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../app.js';
import { LogCapture, testConfig } from '../test-support/app.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../test-support/databases.js';
import { migrateTo, migrationsBefore } from '../test-support/migrations.js';
import { sdkFor } from '../test-support/sdk.js';

/**
 * 0010–0011 on a shop that already sold things: every product gets its default variant with
 * today's stock, and no cart or order loses a line.
 */
describe.each(testDrivers)('the variants migration on %s', (driver) => {
  let testDb: TestDatabase;
  const order = '00000000-0000-4000-8000-000000000001';
  const cart = '00000000-0000-4000-8000-0000000000c1';
  const rows = async <Row>(query: SQL) =>
    ((await testDb.database.db.execute(query)) as unknown as { rows: Row[] }).rows;

  beforeAll(async () => {
    testDb = await createTestDatabase(driver, { migrate: false });
    const before = migrationsBefore('0010');
    try {
      await migrateTo(testDb.database, before.folder);
    } finally {
      before.dispose();
    }
    // The shop as the schema before variants held it: stock on products.
    const run = (query: SQL) => testDb.database.db.execute(query);
    await run(sql`insert into categories (id, name) values ('gear', 'Gear')`);
    await run(sql`
      insert into products (id, title, description, category_id, price_cents, stock, archived)
      values ('match-ball', 'Match Ball', 'A ball.', 'gear', 2999, 7, false),
             ('old-bat', 'Old Bat', 'A bat.', 'gear', 4500, 0, true),
             (${`long-${'x'.repeat(70)}`}, 'Long', 'Long id.', 'gear', 100, 3, false)`);
    await run(sql`
      insert into orders (id, source, status, currency, subtotal_cents, tax_cents,
                          shipping_cents, total_cents, paid_at)
      values (${order}, 'storefront', 'paid', 'USD', 10498, 0, 0, 10498, now())`);
    await run(sql`
      insert into order_lines (order_id, line_no, product_id, title, unit_price_cents, quantity,
                               line_total_cents)
      values (${order}, 1, 'match-ball', 'Match Ball', 2999, 2, 5998),
             (${order}, 2, 'old-bat', 'Old Bat', 4500, 1, 4500)`);
    await run(sql`insert into carts (id, guest_session_id) values (${cart}, 'guest-1')`);
    await run(
      sql`insert into cart_lines (cart_id, product_id, quantity) values (${cart}, 'match-ball', 3)`,
    );

    await migrateTo(testDb.database);
  });
  afterAll(() => testDb.dispose());

  test('every product has one default variant with its id, its stock and a SKU', async () => {
    expect(
      await rows(sql`select id, product_id, sku, stock, archived, option1, price_cents
                     from product_variants order by id`),
    ).toEqual([
      {
        id: `long-${'x'.repeat(70)}`,
        product_id: `long-${'x'.repeat(70)}`,
        sku: expect.stringMatching(/^LONG-X{50}-[0-9A-F]{8}$/),
        stock: 3,
        archived: false,
        option1: null,
        price_cents: null,
      },
      {
        id: 'match-ball',
        product_id: 'match-ball',
        sku: 'MATCH-BALL',
        stock: 7,
        archived: false,
        option1: null,
        price_cents: null,
      },
      {
        id: 'old-bat',
        product_id: 'old-bat',
        sku: 'OLD-BAT',
        stock: 0,
        archived: false,
        option1: null,
        price_cents: null,
      },
    ]);
    expect(await rows(sql`select id, price_from_cents from products order by id`)).toEqual([
      { id: `long-${'x'.repeat(70)}`, price_from_cents: 100 },
      { id: 'match-ball', price_from_cents: 2999 },
      { id: 'old-bat', price_from_cents: 4500 },
    ]);
  });

  test('order and cart lines keep every line, now naming the variant and its SKU', async () => {
    expect(
      await rows(sql`select line_no, product_id, variant_id, sku, variant_label, quantity
                     from order_lines order by line_no`),
    ).toEqual([
      {
        line_no: 1,
        product_id: 'match-ball',
        variant_id: 'match-ball',
        sku: 'MATCH-BALL',
        variant_label: '',
        quantity: 2,
      },
      {
        line_no: 2,
        product_id: 'old-bat',
        variant_id: 'old-bat',
        sku: 'OLD-BAT',
        variant_label: '',
        quantity: 1,
      },
    ]);
    expect(await rows(sql`select variant_id, quantity from cart_lines`)).toEqual([
      { variant_id: 'match-ball', quantity: 3 },
    ]);
  });

  test('the migrated shop sells the product through its default variant', async () => {
    const app = await buildApp(testConfig({ seedDemoCatalog: false }), {
      database: testDb.database,
      logStream: new LogCapture(),
    });
    try {
      const ball = await sdkFor(app).product('match-ball');
      expect(ball).toMatchObject({
        options: [],
        variants: [{ id: 'match-ball', sku: 'MATCH-BALL', label: '', stock: { available: 7 } }],
        stock: { available: 7 },
        availability: { variants: 1, inStock: 1 },
      });
      const cart = await sdkFor(app).addToCart('match-ball', 7);
      expect(cart.lines).toMatchObject([{ variantId: 'match-ball', quantity: 7 }]);
    } finally {
      await app.close();
    }
  });
});
