import type { ReplayCache } from '@ironcart/channel';
import { lt, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../db/client.js';
import { resultRows } from '../../db/rows.js';
import { channelSeenSalts } from './tables.js';

/** Seen salts in Redis: one key per (sid, salt), SET NX with an expiry, atomic across instances. */
export class RedisReplayCache implements ReplayCache {
  constructor(private readonly redis: Redis) {}

  async markSeen(sid: string, salt: string, ttlMs: number): Promise<boolean> {
    const answer = await this.redis.set(`ironcart:seen:${sid}:${salt}`, '1', 'PX', ttlMs, 'NX');
    return answer === 'OK';
  }
}

interface PendingMark {
  sid: string;
  salt: string;
  expiresAt: string;
  settle: (seen: boolean) => void;
  fail: (error: unknown) => void;
}

/** Pairs written by one statement at most (three text arrays of this length). */
const MAX_BATCH = 1_000;

const pairKey = (sid: string, salt: string) => `${sid}.${salt}`;

/**
 * Seen salts in the database (no Redis configured): the primary key makes the insert atomic, on
 * PostgreSQL and on PGlite alike. The salts of requests that arrive together are written by one
 * statement (an INSERT from three arrays, ON CONFLICT DO NOTHING RETURNING the new pairs): a
 * statement costs far more than a row (about 0.15 ms of this process's CPU on PostgreSQL and
 * 0.5 ms on PGlite against a few µs per extra row), and one per tunnelled request was most of
 * the channel's cost. A batch is written at the end of the event-loop turn that queued its first
 * pair, or when the batch before it has been written: at most one is in flight, so under load
 * the batches grow, alone a request waits for nothing but its own statement. Every caller still
 * waits for its row to be committed before it is answered, so the check stays atomic across
 * instances and survives a restart (docs/decisions.md, "Secure channel" and i16).
 */
export class DatabaseReplayCache implements ReplayCache {
  #queue: PendingMark[] = [];
  #scheduled = false;
  #writing = false;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  markSeen(sid: string, salt: string, ttlMs: number): Promise<boolean> {
    const expiresAt = new Date(this.now() + ttlMs).toISOString();
    return new Promise<boolean>((settle, fail) => {
      this.#queue.push({ sid, salt, expiresAt, settle, fail });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#write();
    });
  }

  async #write(): Promise<void> {
    this.#writing = true;
    const batch = this.#queue.splice(0, MAX_BATCH);
    // A pair queued twice in one batch: the first stands for it, the others are replays.
    const first = new Map<string, PendingMark>();
    for (const mark of batch) {
      const key = pairKey(mark.sid, mark.salt);
      if (first.has(key)) mark.settle(false);
      else first.set(key, mark);
    }
    const marks = [...first.values()];
    try {
      const inserted = resultRows<{ sid: string; salt: string }>(
        await this.db.execute(sql`
          insert into ${channelSeenSalts} (sid, salt, expires_at)
          select * from unnest(
            ${sql.param(marks.map((mark) => mark.sid))}::text[],
            ${sql.param(marks.map((mark) => mark.salt))}::text[],
            ${sql.param(marks.map((mark) => mark.expiresAt))}::timestamptz[]
          )
          on conflict do nothing
          returning sid, salt`),
      );
      const fresh = new Set(inserted.map((row) => pairKey(row.sid, row.salt)));
      for (const mark of marks) mark.settle(fresh.has(pairKey(mark.sid, mark.salt)));
    } catch (error) {
      for (const mark of marks) mark.fail(error);
    } finally {
      this.#writing = false;
      this.#schedule();
    }
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
