import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';

export type DriverName = 'pglite' | 'postgres';

const adminUrl = process.env.TEST_DATABASE_URL;

/**
 * Every database-backed suite runs once per driver: always on PGlite, and on PostgreSQL too
 * when TEST_DATABASE_URL is set (CI sets it).
 */
export const testDrivers: DriverName[] = adminUrl ? ['pglite', 'postgres'] : ['pglite'];

/** A throwaway PostgreSQL database on the shared server: created empty, dropped afterwards. */
export interface ScratchPostgres {
  url: string;
  drop(): Promise<void>;
}

export async function createScratchPostgres(): Promise<ScratchPostgres> {
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ironcart_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  database: Database;
  /** Opens another connection to the same database, as a second app instance would. */
  openSibling(): Promise<Database>;
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one suite: in-memory PGlite or a scratch PostgreSQL one.
 * `migrate: false` leaves it empty, for migration tests (test-support/migrations.ts).
 */
export async function createTestDatabase(
  driver: DriverName,
  { migrate = true } = {},
): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
    if (migrate) await runMigrations(database);
    // PGlite is in-process: a second instance in the same process shares the one database.
    return { database, openSibling: async () => database, dispose: () => database.close() };
  }
  const scratch = await createScratchPostgres();
  const database = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 });
  if (migrate) await runMigrations(database);
  const siblings: Database[] = [];
  return {
    database,
    async openSibling() {
      const sibling = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 5 });
      siblings.push(sibling);
      return sibling;
    },
    async dispose() {
      for (const sibling of siblings) await sibling.close();
      await database.close();
      await scratch.drop();
    },
  };
}
