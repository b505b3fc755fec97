import type { Database } from '../db/client.js';
import { watchStatements } from '../db/statement-watch.js';

/**
 * Records every SQL statement a Database sends while `record` runs (db/statement-watch.ts says
 * what counts). Whatever else shares the database while recording (a sweeper tick, another
 * request) counts too, so callers record one piece of work at a time.
 */
export interface StatementRecorder {
  record<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
}

export function recordStatements(database: Database): StatementRecorder {
  let log: string[] | undefined;
  watchStatements(database, (text) => log?.push(text.replace(/\s+/g, ' ').trim()));
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
