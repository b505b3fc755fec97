import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../db/client.js';

/**
 * Records every SQL statement a Database sends while `record` runs, on either driver, below
 * Drizzle: each round trip that carries one statement counts once, BEGIN and COMMIT included.
 * - PostgreSQL: every `query` of every pool client (a pool query is one client query).
 * - PGlite: every Parse (extended protocol, queries with parameters) and Query (simple protocol,
 *   what its transactions send for BEGIN/COMMIT/ROLLBACK) message.
 * Whatever else shares the database while recording (a sweeper tick, another request) counts too,
 * so callers record one piece of work at a time.
 */
export interface StatementRecorder {
  record<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
}

export function recordStatements(database: Database): StatementRecorder {
  let log: string[] | undefined;
  const note = (text: string) => log?.push(text.replace(/\s+/g, ' ').trim());
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'postgres') watchPool(client as pg.Pool, note);
  else watchPglite(client as PGlite, note);
  return {
    async record(work) {
      if (log) throw new Error('already recording');
      log = [];
      try {
        const result = await work();
        return { result, statements: log };
      } finally {
        log = undefined;
      }
    },
  };
}

type Note = (text: string) => void;
/** Who hears a wrapped client's statements: the latest recorder made for its database. */
const listeners = new WeakMap<object, Note>();

function watchPool(pool: pg.Pool, note: Note): void {
  const known = listeners.has(pool);
  listeners.set(pool, note);
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

function watchPglite(client: PGlite, note: Note): void {
  const known = listeners.has(client);
  listeners.set(client, note);
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
