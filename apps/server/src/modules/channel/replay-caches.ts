import type { ReplayCache } from '@ironcart/channel';
import { lt } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../db/client.js';
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
