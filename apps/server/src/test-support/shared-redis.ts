import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type App, buildApp } from '../app.js';
import type { AppConfig } from '../config.js';
import { LogCapture, testConfig } from './app.js';
import { createTestDatabase, type DriverName } from './databases.js';

/** The Redis the shared-state tests use (CI sets REDIS_URL); they skip, saying so, without it. */
export const testRedisUrl = process.env.REDIS_URL;

export interface TwoInstances {
  apps: [App, App];
  /** The prefix of this run's Redis keys. */
  prefix: string;
  /** This run's keys in Redis, prefix included. */
  keys(): Promise<string[]>;
  /** Closes both apps, deletes this run's Redis keys and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Two app instances on one database and one Redis, as behind a load balancer. Their Redis keys
 * carry a prefix unique to this run (ioredis reads `keyPrefix` from the URL), so parallel runs on
 * the shared Redis never see each other's counters.
 */
export async function twoInstancesOnOneRedis(
  driver: DriverName,
  overrides: Partial<AppConfig>,
): Promise<TwoInstances> {
  if (!testRedisUrl) throw new Error('REDIS_URL is not set');
  const prefix = `ironcart-test:${Date.now().toString(36)}-${randomBytes(4).toString('hex')}:`;
  const url = new URL(testRedisUrl);
  url.searchParams.set('keyPrefix', prefix);
  const testDatabase = await createTestDatabase(driver);
  const config = testConfig({ seedDemoCatalog: false, redisUrl: url.toString(), ...overrides });
  const apps: [App, App] = [
    await buildApp(config, { database: testDatabase.database, logStream: new LogCapture() }),
    await buildApp(config, {
      database: await testDatabase.openSibling(),
      logStream: new LogCapture(),
    }),
  ];
  const redis = new Redis(testRedisUrl);
  return {
    apps,
    prefix,
    keys: () => redis.keys(`${prefix}*`),
    async dispose() {
      for (const app of apps) await app.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await testDatabase.dispose();
    },
  };
}
