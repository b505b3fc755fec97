import type { ReplayCache } from '@ironcart/channel';
import { lt, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../db/client.js';
import { resultRows } from '../../db/rows.js';
import { WriteBatches } from '../../db/write-batches.js';
import { channelSeenSalts } from './tables.js';

/** Seen salts in Redis: one key per (sid, salt), SET NX with an expiry, atomic across instances. */
export class RedisReplayCache implements ReplayCache {
  constructor(private readonly redis: Redis) {}

  async markSeen(sid: string, salt: string, ttlMs: number): Promise<boolean> {
    const answer = await this.redis.set(`ironcart:seen:${sid}:${salt}`, '1', 'PX', ttlMs, 'NX');
    return answer === 'OK';
  }
}

interface Mark {
  sid: string;
  salt: string;
  expiresAt: string;
}

const pairKey = (sid: string, salt: string) => `${sid}.${salt}`;

/**
 * Seen salts in the database (no Redis configured): the primary key makes the insert atomic, on
 * PostgreSQL and on PGlite alike. The salts of requests that arrive together are written by one
 * statement (db/write-batches.ts: an INSERT from three arrays, ON CONFLICT DO NOTHING RETURNING
 * the new pairs); one INSERT per tunnelled request was half of the channel's CPU (issue 16).
 * Each request still waits for its row to commit, so the check stays atomic across instances
 * and survives a restart (docs/decisions.md, "Secure channel").
 */
export class DatabaseReplayCache implements ReplayCache {
  readonly #marks = new WriteBatches<Mark, boolean>((marks) => this.#write(marks));

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  markSeen(sid: string, salt: string, ttlMs: number): Promise<boolean> {
    const expiresAt = new Date(this.now() + ttlMs).toISOString();
    return this.#marks.submit({ sid, salt, expiresAt });
  }

  /** Inserts a batch; true for each pair it wrote. A pair twice in one batch: the first wins. */
  async #write(marks: Mark[]): Promise<boolean[]> {
    const unique = new Map<string, Mark>();
    for (const mark of marks) {
      const key = pairKey(mark.sid, mark.salt);
      if (!unique.has(key)) unique.set(key, mark);
    }
    const rows = [...unique.values()];
    const inserted = resultRows<{ sid: string; salt: string }>(
      await this.db.execute(sql`
        insert into ${channelSeenSalts} (sid, salt, expires_at)
        select * from unnest(
          ${sql.param(rows.map((mark) => mark.sid))}::text[],
          ${sql.param(rows.map((mark) => mark.salt))}::text[],
          ${sql.param(rows.map((mark) => mark.expiresAt))}::timestamptz[]
        )
        on conflict do nothing
        returning sid, salt`),
    );
    const fresh = new Set(inserted.map((row) => pairKey(row.sid, row.salt)));
    // Only the first of a pair queued twice may take its fresh row.
    return marks.map((mark) => {
      const key = pairKey(mark.sid, mark.salt);
      return unique.get(key) === mark && fresh.has(key);
    });
  }

  /**
   * Forgets salts whose window has passed. An expired row still blocks its pair until this
   * runs, which only errs on the safe side (the timestamp check refuses such a request anyway).
   */
  async deleteExpired(): Promise<number> {
    const gone = await this.db
      .delete(channelSeenSalts)
      .where(lt(channelSeenSalts.expiresAt, new Date(this.now())))
      .returning({ sid: channelSeenSalts.sid });
    return gone.length;
  }
}

/**
 * The replay cache every instance shares: Redis when configured, otherwise the database table,
 * on PostgreSQL and on the embedded PGlite alike. Never process memory: a restart would forget
 * every salt it had seen, and an envelope accepted before it would be accepted again within its
 * window (see docs/decisions.md, "Secure channel").
 */
export function sharedReplayCache(
  redis: Redis | undefined,
  databaseCache: DatabaseReplayCache,
): ReplayCache {
  return redis ? new RedisReplayCache(redis) : databaseCache;
}
