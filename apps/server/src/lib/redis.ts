import { Redis } from 'ioredis';

/**
 * One Redis connection per app, shared by the rate limiter and the replay cache. Commands fail
 * fast while Redis is down (no endless offline queue), so callers can fail closed.
 */
export function openRedis(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  redis.on('error', onError);
  return redis;
}
