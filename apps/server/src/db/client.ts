import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDirectory } from './directory-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one database type the rest of the server sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` undefined means an in-memory database (tests). */
  | { kind: 'pglite'; dataDir: string | undefined };

export interface Database {
  kind: DatabaseTarget['kind'];
  db: Db;
  /** PostgreSQL's connection string, for the connections the pool cannot serve (LISTEN). */
  url?: string;
  /** Runs `fn` holding a dedicated connection, for work that needs session state (locks). */
  withSession<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Chooses the driver: PostgreSQL when a URL is configured, the embedded PGlite otherwise. */
export function databaseTargetFor(config: {
  databaseUrl: string | undefined;
  dataDir: string;
}): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'postgres' ? openPostgres(target) : openPglite(target.dataDir);
}

async function openPostgres(target: { url: string; poolSize?: number }): Promise<Database> {
  const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
  // An idle client can lose its connection (server restart); without a listener that kills Node.
  pool.on('error', () => {});
  const db: Db = drizzleNodePg({ client: pool, schema });
  await db.execute(sql`select 1`);
  return {
    kind: 'postgres',
    db,
    url: target.url,
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn(drizzleNodePg({ client, schema }));
      } finally {
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let unlock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    unlock = lockDirectory(`${dataDir}.lock`, `the embedded database in ${dataDir}`);
  }
  const client = await PGlite.create(dataDir ? { dataDir } : {}).catch((error: unknown) => {
    unlock();
    throw error;
  });
  const db: Db = drizzlePglite({ client, schema });
  return {
    kind: 'pglite',
    db,
    // PGlite is a single connection already.
    withSession: (fn) => fn(db),
    async ping() {
      if (client.closed) throw new Error('database is closed');
      await db.execute(sql`select 1`);
    },
    async close() {
      if (!client.closed) await client.close();
      unlock();
    },
  };
}
