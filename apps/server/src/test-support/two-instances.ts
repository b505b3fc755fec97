import { type App, buildApp } from '../app.js';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { LogCapture, testConfig } from './app.js';
import { createTestDatabase, type DriverName } from './databases.js';

export interface TwoInstancesOnOneDatabase {
  apps: [App, App];
  /** The first instance's connection to the shared database. */
  database: Database;
  /** Closes both apps and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Two app instances on one database and no Redis, as behind a load balancer: on PostgreSQL
 * each has its own pool (they hear each other through LISTEN/NOTIFY), on PGlite they share the
 * one in-process database (and its in-process feed). With Redis: shared-redis.ts.
 */
export async function twoInstancesOnOneDatabase(
  driver: DriverName,
  overrides: Partial<AppConfig> = {},
): Promise<TwoInstancesOnOneDatabase> {
  const testDatabase = await createTestDatabase(driver);
  const config = testConfig({ seedDemoCatalog: false, ...overrides });
  const apps: [App, App] = [
    await buildApp(config, { database: testDatabase.database, logStream: new LogCapture() }),
    await buildApp(config, {
      database: await testDatabase.openSibling(),
      logStream: new LogCapture(),
    }),
  ];
  return {
    apps,
    database: testDatabase.database,
    async dispose() {
      for (const app of apps) await app.close();
      await testDatabase.dispose();
    },
  };
}
