import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from './client.js';

/** Hears the SQL text of one statement sent to the database. */
export type StatementListener = (text: string) => void;

/** Who hears a watched client's statements: the latest listener set for its database. */
const listeners = new WeakMap<object, StatementListener>();

/**
 * Calls `listener` for every SQL statement the database is sent, below Drizzle, on either
 * driver: each round trip that carries one statement counts once, BEGIN and COMMIT included.
 * For the checkout's statement test and the bench's count; nothing else changes (the calls go
 * through as made). A later call for the same database replaces the listener.
 * - PostgreSQL: every `query` of every pool client (a pool query is one client query).
 * - PGlite: every Parse (extended protocol, queries with parameters) and Query (simple protocol,
 *   what its transactions send for BEGIN/COMMIT/ROLLBACK) message.
 */
export function watchStatements(database: Database, listener: StatementListener): void {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'postgres') watchPool(client as pg.Pool, listener);
  else watchPglite(client as PGlite, listener);
}

function watchPool(pool: pg.Pool, listener: StatementListener): void {
  const known = listeners.has(pool);
  listeners.set(pool, listener);
  if (known) return;
  // Every checkout of a client (pool.query's included) passes here, before its first query.
  pool.on('acquire', (client) => {
    if (listeners.has(client)) return;
    listeners.set(client, (text) => listeners.get(pool)?.(text));
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const [first] = args;
      listeners.get(client)?.(
        typeof first === 'string' ? first : String((first as { text?: string }).text),
      );
      return query(...args);
    };
  });
}

const PARSE = 0x50; // 'P'
const QUERY = 0x51; // 'Q'

function watchPglite(client: PGlite, listener: StatementListener): void {
  const known = listeners.has(client);
  listeners.set(client, listener);
  if (known) return;
  const send = client.execProtocolStream.bind(client);
  client.execProtocolStream = (message, options) => {
    const kind = message[0];
    if (kind === PARSE || kind === QUERY) listeners.get(client)?.(statementText(message));
    return send(message, options);
  };
}

/** The SQL of a Parse ('P', length, name\0, query\0, ...) or Query ('Q', length, query\0) message. */
function statementText(message: Uint8Array): string {
  let start = 5;
  if (message[0] === PARSE) start = message.indexOf(0, start) + 1;
  return Buffer.from(message.subarray(start, message.indexOf(0, start))).toString('utf8');
}
