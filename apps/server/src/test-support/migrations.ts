import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from '../db/client.js';

/** The project's migrations folder. */
const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * A copy of the migrations folder as it was before migration `number` ('0010'), for tests that
 * build a database with an older schema, fill it as the shop then did, and migrate it. Remove
 * it with `dispose`.
 */
export function migrationsBefore(number: string): { folder: string; dispose(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'ironcart-migrations-'));
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < number);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Runs the migrations of `folder` (default: all of them) on either driver. */
export async function migrateTo(database: Database, folder = MIGRATIONS): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as Parameters<typeof migratePglite>[0], {
      migrationsFolder: folder,
    });
  } else {
    await migrateNodePg(database.db as Parameters<typeof migrateNodePg>[0], {
      migrationsFolder: folder,
    });
  }
}
