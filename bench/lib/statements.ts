import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { App } from '@ironcart/server';
import type pg from 'pg';

/**
 * Counts the SQL statements the server sends to its database (runs in the server process, see
 * server.ts): every round trip to the driver, transaction control (BEGIN, COMMIT, ROLLBACK)
 * included, a multi-statement `exec` as one. Nothing else changes: the calls go through as they
 * were made.
 *
 * - PostgreSQL: `query` of the pool's client class, which every statement goes through (the
 *   pool's own `query` borrows a client and calls it, transactions hold one), so each counts
 *   once, on every connection of the process.
 * - PGlite: its `query` (its `sql` calls it) and `exec`, and inside `transaction` the
 *   transaction's own `query`, `sql` and `exec` (which do not go through the instance's), plus
 *   its BEGIN and its COMMIT or ROLLBACK.
 */
export function countStatements(database: App['database']): { count: () => number } {
  let statements = 0;
  const counted = <A extends unknown[], R>(fn: (...args: A) => R) =>
    function (this: unknown, ...args: A): R {
      statements++;
      return fn.apply(this, args);
    };
  const client: unknown = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'postgres') {
    const proto = (client as pg.Pool & { Client: typeof pg.Client }).Client.prototype;
    proto.query = counted(proto.query) as typeof proto.query;
  } else {
    const lite = client as PGlite;
    lite.query = counted(lite.query.bind(lite)) as typeof lite.query;
    lite.exec = counted(lite.exec.bind(lite)) as typeof lite.exec;
    const transaction = lite.transaction.bind(lite);
    lite.transaction = <T>(fn: (tx: Transaction) => Promise<T>) =>
      transaction(async (tx) => {
        statements += 2; // BEGIN, and COMMIT or ROLLBACK
        const countedTx: Transaction = {
          ...tx,
          query: counted(tx.query) as Transaction['query'],
          sql: counted(tx.sql) as Transaction['sql'],
          exec: counted(tx.exec),
          get closed() {
            return tx.closed;
          },
        };
        return fn(countedTx);
      });
  }
  return { count: () => statements };
}
