import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/**
 * What every fuzzed request must satisfy: an answer below 500, within a time bound, and, when
 * the answer is a refusal (4xx), not a single change to the store's business data.
 */

/**
 * The business tables. Channel sessions, seen salts, login sessions and throttles, and the
 * test gateway's ledger are left out: they legitimately change on refused requests.
 */
export const BUSINESS_TABLES = [
  'users',
  'products',
  'categories',
  'carts',
  'cart_lines',
  'orders',
  'order_lines',
  'payments',
  'images',
  'audit_log',
  'legacy_api_clients',
  'legacy_tokens',
  'idempotency_records',
] as const;

/** Per table, an md5 of its rows in a stable order: one cheap query for the whole store. */
const FINGERPRINT = sql.raw(
  `select ${BUSINESS_TABLES.map(
    (table) =>
      `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${table} t) as ${table}`,
  ).join(', ')}`,
);

export type Fingerprint = Record<string, string>;

export async function fingerprint(db: Db): Promise<Fingerprint> {
  // Both drivers answer execute() with { rows }; drizzle's shared type leaves it unknown.
  const result = (await db.execute(FINGERPRINT)) as unknown as { rows: Fingerprint[] };
  const [row] = result.rows;
  if (!row) throw new Error('the fingerprint query returned no row');
  return row;
}

function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return BUSINESS_TABLES.filter((table) => before[table] !== after[table]);
}

/** Generous for a loaded CI machine; a request that takes this long is stuck, not slow. */
export const REQUEST_TIMEOUT_MS = 15_000;

export class FuzzFailure extends Error {}

/** Counts answers by status class, per driver, for the one-line summary. */
export class Tally {
  readonly byClass: Record<string, number> = {};
  sent = 0;

  add(status: number): void {
    this.sent++;
    const key = `${Math.floor(status / 100)}xx`;
    this.byClass[key] = (this.byClass[key] ?? 0) + 1;
  }

  summary(label: string): string {
    const classes = Object.entries(this.byClass)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => `${key}=${n}`)
      .join(' ');
    return `[fuzz] ${label}: ${this.sent} requests (${classes})`;
  }
}

/**
 * Sends requests one at a time and checks each answer. The fingerprint taken after one request
 * is the "before" of the next, so each request costs one fingerprint query.
 */
export class Oracle {
  #last: Fingerprint | undefined;

  constructor(
    private readonly db: Db,
    readonly tally: Tally,
  ) {}

  /** Forgets the last fingerprint: call after changing data outside {@link check}. */
  resync(): void {
    this.#last = undefined;
  }

  /**
   * Runs `send` (which answers the HTTP status), bounded in time, and throws a FuzzFailure
   * naming `describe()` when the status is 5xx, the request hangs, or a refusal changed data.
   */
  async check(describe: () => string, send: () => Promise<number>): Promise<number> {
    this.#last ??= await fingerprint(this.db);
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FuzzFailure(`hang: no answer in ${REQUEST_TIMEOUT_MS} ms: ${describe()}`)),
        REQUEST_TIMEOUT_MS,
      );
    });
    let status: number;
    try {
      status = await Promise.race([send(), hang]);
    } catch (error) {
      if (error instanceof FuzzFailure) throw error;
      throw new FuzzFailure(`the request threw ${String(error)}: ${describe()}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    this.tally.add(status);
    if (status >= 500) throw new FuzzFailure(`answered ${status}: ${describe()}`);
    const after = await fingerprint(this.db);
    const changed = changedTables(this.#last, after);
    this.#last = after;
    if (status >= 400 && changed.length > 0) {
      throw new FuzzFailure(
        `refused with ${status} but changed ${changed.join(', ')}: ${describe()}`,
      );
    }
    return status;
  }
}
