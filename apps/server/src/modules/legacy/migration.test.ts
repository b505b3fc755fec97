import { type SQL, sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { migrateTo, migrationsBefore } from '../../test-support/migrations.js';

/*
 * The legacy migrations on a shop that already has legacy orders. The SQL is the same on both
 * drivers, so PGlite is enough here.
 */

const rowsOf = async <Row>(database: Database, query: SQL) =>
  ((await database.db.execute(query)) as unknown as { rows: Row[] }).rows;

/**
 * The legacy checkout used to mark every order `paid` without a payment. Those become
 * `awaiting_payment` (with no expiry, for the admin to confirm or cancel); everything else is
 * left as it was.
 */
test('0006 turns legacy orders marked paid without a payment into orders awaiting payment', async () => {
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
  const before = migrationsBefore('0006');
  try {
    await migrateTo(database, before.folder);
    const money = sql`'USD', 1000, 0, 0, 1000`;
    const order = (id: string, source: string, status: string) =>
      database.db.execute(sql`
        insert into orders (id, source, status, currency, subtotal_cents, tax_cents,
                            shipping_cents, total_cents, paid_at)
        values (${id}, ${source}, ${status}, ${money}, now())`);
    const ids = {
      unpaidLegacy: '00000000-0000-4000-8000-000000000001',
      refundedLegacy: '00000000-0000-4000-8000-000000000002',
      storefront: '00000000-0000-4000-8000-000000000003',
      legacyWithPayment: '00000000-0000-4000-8000-000000000004',
    };
    await order(ids.unpaidLegacy, 'legacy', 'paid');
    await order(ids.refundedLegacy, 'legacy', 'refunded');
    await order(ids.storefront, 'storefront', 'paid');
    await order(ids.legacyWithPayment, 'legacy', 'paid');
    await database.db.execute(sql`
      insert into payments (order_id, gateway, status, amount_cents, currency, idempotency_key)
      values (${ids.legacyWithPayment}, 'manual', 'captured', 1000, 'USD', 'k')`);

    await migrateTo(database);

    const rows = (
      (await database.db.execute(
        sql`select id::text, status, paid_at is not null as paid, reserved_until from orders order by id`,
      )) as unknown as { rows: { id: string; status: string; paid: boolean }[] }
    ).rows;
    expect(rows).toEqual([
      { id: ids.unpaidLegacy, status: 'awaiting_payment', paid: false, reserved_until: null },
      { id: ids.refundedLegacy, status: 'refunded', paid: true, reserved_until: null },
      { id: ids.storefront, status: 'paid', paid: true, reserved_until: null },
      { id: ids.legacyWithPayment, status: 'paid', paid: true, reserved_until: null },
    ]);
  } finally {
    before.dispose();
    await database.close();
  }
});

/**
 * Orders never recorded their token, so 0009 finds an existing legacy order's client through
 * the one checked-out legacy cart with exactly its lines, closed within a minute after the
 * order was made (the checkout closes the cart in the order's transaction). Where that is not
 * one cart of a token that still names its client, the order keeps no client (it then counts
 * with the demo-mode orders).
 */
test("0009 gives existing legacy orders the API client of their cart's token where it is known", async () => {
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
  const before = migrationsBefore('0009');
  try {
    await migrateTo(database, before.folder);
    const run = (query: SQL) => database.db.execute(query);
    await run(sql`insert into categories (id, name) values ('gear', 'Gear')`);
    await run(sql`
      insert into products (id, title, description, category_id, price_cents, stock)
      values ('ball', 'Ball', 'A ball.', 'gear', 1000, 50), ('bat', 'Bat', 'A bat.', 'gear', 1000, 50)`);
    const client = '00000000-0000-4000-8000-0000000000c1';
    await run(sql`
      insert into legacy_api_clients (id, name, key_hash, key_hint)
      values (${client}, 'Partner', '\\x01', 'ick_00000001')`);
    const tokens = {
      client: '00000000-0000-4000-8000-0000000000a1',
      demo: '00000000-0000-4000-8000-0000000000a2',
      clientAgain: '00000000-0000-4000-8000-0000000000a3',
      deleted: '00000000-0000-4000-8000-0000000000ff',
    };
    await run(sql`
      insert into legacy_tokens (id, token_hash, client_id, expires_at) values
        (${tokens.client}, '\\x01', ${client}, now()),
        (${tokens.demo}, '\\x02', null, now()),
        (${tokens.clientAgain}, '\\x03', ${client}, now())`);
    const at = '2025-03-01T10:00:00Z';
    const purchase = async (
      order: string,
      source: string,
      cart: string | null,
      token: string | null,
      lines: [string, number][],
      closedAt = at,
    ) => {
      await run(sql`
        insert into orders (id, source, status, currency, subtotal_cents, tax_cents,
                            shipping_cents, total_cents, created_at)
        values (${order}, ${source}, 'awaiting_payment', 'USD', 1000, 0, 0, 1000, ${at})`);
      for (const [index, [product, quantity]] of lines.entries()) {
        await database.db.execute(sql`
          insert into order_lines (order_id, line_no, product_id, title, unit_price_cents,
                                   quantity, line_total_cents)
          values (${order}, ${index + 1}, ${product}, ${product}, 1000, ${quantity}, ${1000 * quantity})`);
      }
      if (!cart || !token) return;
      await database.db.execute(sql`
        insert into carts (id, legacy_token_id, status, created_at, updated_at)
        values (${cart}, ${token}, 'checked_out', ${at}, ${closedAt})`);
      for (const [product, quantity] of lines) {
        await database.db.execute(sql`
          insert into cart_lines (cart_id, product_id, quantity) values (${cart}, ${product}, ${quantity})`);
      }
    };
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const later = '2025-03-01T10:00:00.004Z';
    // The client's checkout: its cart closed a few milliseconds after the order.
    await purchase(
      id(1),
      'legacy',
      id(101),
      tokens.client,
      [
        ['ball', 2],
        ['bat', 1],
      ],
      later,
    );
    // A demo-mode token's checkout.
    await purchase(id(2), 'legacy', id(102), tokens.demo, [['ball', 3]], later);
    // The cart's token was deleted since (old tokens are): unknown.
    await purchase(id(3), 'legacy', id(103), tokens.deleted, [['bat', 4]], later);
    // Two carts fit (the client's and a demo token's): which made it is not known.
    await purchase(id(4), 'legacy', id(104), tokens.clientAgain, [['bat', 5]], later);
    await run(sql`
      insert into carts (id, legacy_token_id, status, created_at, updated_at)
      values (${id(105)}, ${tokens.demo}, 'checked_out', ${at}, ${later})`);
    await run(
      sql`insert into cart_lines (cart_id, product_id, quantity) values (${id(105)}, 'bat', 5)`,
    );
    // The same lines, but a cart closed an hour later is another checkout.
    await purchase(id(5), 'legacy', id(106), tokens.client, [['ball', 6]], '2025-03-01T11:00:00Z');
    // The storefront's orders are not the legacy API's.
    await purchase(id(6), 'storefront', null, null, [
      ['ball', 2],
      ['bat', 1],
    ]);

    await migrateTo(database);

    const rows = await rowsOf<{ id: string; client: string | null }>(
      database,
      sql`select id::text, legacy_client_id::text as client from orders order by id`,
    );
    expect(rows).toEqual([
      { id: id(1), client },
      { id: id(2), client: null },
      { id: id(3), client: null },
      { id: id(4), client: null },
      { id: id(5), client: null },
      { id: id(6), client: null },
    ]);
    // The later migrations (0010, 0011: variants) keep every line of these orders and carts,
    // now on the products' default variants (id = product id), which carry their stock.
    const lines = await rowsOf<{ order: string; variant: string; quantity: number }>(
      database,
      sql`select order_id::text as order, variant_id as variant, quantity from order_lines
          where order_id = ${id(1)} order by line_no`,
    );
    expect(lines).toEqual([
      { order: id(1), variant: 'ball', quantity: 2 },
      { order: id(1), variant: 'bat', quantity: 1 },
    ]);
    const cartLines = await rowsOf<{ n: number }>(
      database,
      sql`select count(*)::int as n from cart_lines where variant_id in ('ball', 'bat')`,
    );
    expect(cartLines).toEqual([{ n: 7 }]);
    const variants = await rowsOf<{ id: string; stock: number }>(
      database,
      sql`select id, stock from product_variants order by id`,
    );
    expect(variants).toEqual([
      { id: 'ball', stock: 50 },
      { id: 'bat', stock: 50 },
    ]);
  } finally {
    before.dispose();
    await database.close();
  }
});
