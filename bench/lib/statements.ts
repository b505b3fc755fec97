import { type App, watchStatements } from '@ironcart/server';

/**
 * Counts the SQL statements the server sends to its database (runs in the server process, see
 * server.ts), with the server's own watcher (apps/server/src/db/statement-watch.ts, which the
 * checkout's statement test uses too): every round trip, BEGIN and COMMIT included.
 */
export function countStatements(database: App['database']): { count: () => number } {
  let statements = 0;
  watchStatements(database, () => {
    statements++;
  });
  return { count: () => statements };
}
