import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/client.js';
import { type InvalidationFeed, LocalFeed } from './feed.js';
import { PostgresFeed } from './postgres-feed.js';
import { RedisFeed } from './redis-feed.js';

/** The apps sharing one in-process database, by database (tests run two on one PGlite). */
const localHubs = new WeakMap<Database, Set<LocalFeed>>();

/**
 * The feed for this deployment: Redis pub/sub when Redis is configured, PostgreSQL
 * LISTEN/NOTIFY on PostgreSQL without it, in-process on PGlite (one process owns its files).
 */
export async function openInvalidationFeed(deps: {
  database: Database;
  redis: Redis | undefined;
  log: FastifyBaseLogger;
}): Promise<InvalidationFeed> {
  const { database, redis, log } = deps;
  if (redis) return RedisFeed.open(redis, log);
  if (database.kind === 'postgres' && database.url) {
    const notify = async (channel: string, payload: string) => {
      await database.db.execute(sql`select pg_notify(${channel}, ${payload})`);
    };
    return PostgresFeed.open(database.url, notify, log);
  }
  let hub = localHubs.get(database);
  if (!hub) {
    hub = new Set();
    localHubs.set(database, hub);
  }
  return new LocalFeed(hub);
}
