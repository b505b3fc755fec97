import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { expect, test } from 'vitest';
import { openDatabase } from '../../db/client.js';

/**
 * Migration 0006 on a shop that already has legacy orders: the legacy checkout used to mark
 * every order `paid` without a payment. Those become `awaiting_payment` (with no expiry, for
 * the admin to confirm or cancel); everything else is left as it was. The SQL is the same on
 * both drivers, so PGlite is enough here.
 */
const MIGRATIONS = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** The migrations folder as it was before 0006. */
function migrationsBefore0006(): string {
  const folder = mkdtempSync(join(tmpdir(), 'ironcart-migrations-'));
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0006');
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

test('0006 turns legacy orders marked paid without a payment into orders awaiting payment', async () => {
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
  const before = migrationsBefore0006();
  try {
    const db = database.db as Parameters<typeof migrate>[0];
    await migrate(db, { migrationsFolder: before });
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

    await migrate(db, { migrationsFolder: MIGRATIONS });

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
    rmSync(before, { recursive: true, force: true });
    await database.close();
  }
});
