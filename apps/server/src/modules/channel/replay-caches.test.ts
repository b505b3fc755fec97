import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  testDrivers,
} from '../../test-support/databases.js';
import { recordStatements, type StatementRecorder } from '../../test-support/statements.js';
import { DatabaseReplayCache } from './replay-caches.js';

const TTL_MS = 60_000;
const salt = () => randomBytes(16).toString('base64url');

describe.each(testDrivers)('the database replay cache on %s', (driver) => {
  let testDatabase: TestDatabase;
  let cache: DatabaseReplayCache;
  let statements: StatementRecorder;
  let now = Date.now();

  beforeAll(async () => {
    testDatabase = await createTestDatabase(driver);
    cache = new DatabaseReplayCache(testDatabase.database.db, () => now);
    statements = recordStatements(testDatabase.database);
  });
  afterAll(() => testDatabase.dispose());

  test('answers a pair seen once true, and false ever after', async () => {
    const pair = salt();
    expect(await cache.markSeen('sid-a', pair, TTL_MS)).toBe(true);
    expect(await cache.markSeen('sid-a', pair, TTL_MS)).toBe(false);
    // The same salt under another session is another pair.
    expect(await cache.markSeen('sid-b', pair, TTL_MS)).toBe(true);
  });

  test('writes the pairs of requests that arrive together in one statement', async () => {
    const salts = Array.from({ length: 50 }, salt);
    const { result, statements: sent } = await statements.record(() =>
      Promise.all(salts.map((s) => cache.markSeen('sid-c', s, TTL_MS))),
    );
    expect(result.every(Boolean)).toBe(true);
    expect(sent).toHaveLength(1);
  });

  test('lets exactly one of many concurrent marks of one pair through, in a batch or across', async () => {
    const pair = salt();
    const together = await Promise.all(
      Array.from({ length: 20 }, () => cache.markSeen('sid-d', pair, TTL_MS)),
    );
    expect(together.filter(Boolean)).toHaveLength(1);

    // Marks spread over several batches (each turn of the event loop queues more while the
    // previous batch is being written) still let only the first one through.
    const other = salt();
    const spread: Promise<boolean>[] = [];
    for (let i = 0; i < 10; i++) {
      spread.push(cache.markSeen('sid-d', other, TTL_MS));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await Promise.all(spread)).filter(Boolean)).toHaveLength(1);
  });

  test('a batch that fails rejects all its callers, records nothing, and the next batch works', async () => {
    const { db } = testDatabase.database;
    let failures = 1;
    // The real database, whose next statement fails as if the connection dropped.
    const flaky = new Proxy(db, {
      get(target, property, receiver) {
        if (property === 'execute' && failures > 0) {
          failures--;
          return () => Promise.reject(new Error('connection lost'));
        }
        return Reflect.get(target, property, receiver);
      },
    });
    const flakyCache = new DatabaseReplayCache(flaky, () => now);
    const pairs = [salt(), salt()];
    const failed = await Promise.allSettled(
      pairs.map((s) => flakyCache.markSeen('sid-e', s, TTL_MS)),
    );
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(await Promise.all(pairs.map((s) => flakyCache.markSeen('sid-e', s, TTL_MS)))).toEqual([
      true,
      true,
    ]);
  });

  test('forgets pairs whose window has passed', async () => {
    const pair = salt();
    expect(await cache.markSeen('sid-f', pair, TTL_MS)).toBe(true);
    now += TTL_MS + 1;
    expect(await cache.deleteExpired()).toBeGreaterThan(0);
    expect(await cache.markSeen('sid-f', pair, TTL_MS)).toBe(true);
  });
});
