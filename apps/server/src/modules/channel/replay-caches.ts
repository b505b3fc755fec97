import { InMemoryReplayCache, type ReplayCache } from '@ironcart/channel';
import { lt } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Database, Db } from '../../db/client.js';
import { channelSeenSalts } from './tables.js';

/** Seen salts in Redis: one key per (sid, salt), SET NX with an expiry, atomic across instances. */
export class RedisReplayCache implements ReplayCache {
  constructor(private readonly redis: Redis) {}

  async markSeen(sid: string, salt: string, ttlMs: number): Promise<boolean> {
    const answer = await this.redis.set(`ironcart:seen:${sid}:${salt}`, '1', 'PX', ttlMs, 'NX');
    return answer === 'OK';
  }
}

/** Seen salts in the database (no Redis configured): the primary key makes the insert atomic. */
export class DatabaseReplayCache implements ReplayCache {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async markSeen(sid: string, salt: string, ttlMs: number): Promise<boolean> {
    const inserted = await this.db
      .insert(channelSeenSalts)
      .values({ sid, salt, expiresAt: new Date(this.now() + ttlMs) })
      .onConflictDoNothing()
      .returning({ sid: channelSeenSalts.sid });
    return inserted.length === 1;
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

/** One in-memory cache per embedded database: every app using it lives in this process. */
const embeddedCaches = new WeakMap<Database, ReplayCache>();

/**
 * The replay cache every instance must share: Redis when configured; for the embedded PGlite,
 * which only one process can open, memory (the database round trip per request was the
 * channel's largest cost, see bench/results.md); otherwise the PostgreSQL table.
 */
export function sharedReplayCache(
  database: Database,
  redis: Redis | undefined,
  databaseCache: DatabaseReplayCache,
  now: () => number,
): ReplayCache {
  if (redis) return new RedisReplayCache(redis);
  if (database.kind === 'postgres') return databaseCache;
  let cache = embeddedCaches.get(database);
  if (!cache) {
    cache = new InMemoryReplayCache({ now });
    embeddedCaches.set(database, cache);
  }
  return cache;
}
