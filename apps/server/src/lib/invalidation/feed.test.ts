import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/databases.js';
import { testRedisUrl } from '../../test-support/shared-redis.js';
import { ALL_KEYS, type InvalidationFeed, type InvalidationTopic } from './feed.js';
import { openInvalidationFeed } from './open.js';

const log = pino({ level: 'silent' });

/** Everything a feed told one listener of a topic. */
function heard(feed: InvalidationFeed, topic: InvalidationTopic): string[][] {
  const messages: string[][] = [];
  feed.subscribe(topic, (keys) => messages.push([...keys]));
  return messages;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Transport {
  name: string;
  open(): Promise<[InvalidationFeed, InvalidationFeed]>;
  /** Cuts the listening connection of every feed of this run from the server side. */
  cut?(): Promise<void>;
  dispose(): Promise<void>;
}

function localTransport(): Transport {
  let testDatabase: TestDatabase;
  return {
    name: 'in-process (PGlite)',
    async open() {
      testDatabase = await createTestDatabase('pglite', { migrate: false });
      const database = testDatabase.database;
      return [
        await openInvalidationFeed({ database, redis: undefined, log }),
        await openInvalidationFeed({ database, redis: undefined, log }),
      ];
    },
    dispose: () => testDatabase.dispose(),
  };
}

function postgresTransport(): Transport {
  let testDatabase: TestDatabase;
  return {
    name: 'PostgreSQL LISTEN/NOTIFY',
    async open() {
      testDatabase = await createTestDatabase('postgres', { migrate: false });
      return [
        await openInvalidationFeed({ database: testDatabase.database, redis: undefined, log }),
        await openInvalidationFeed({
          database: await testDatabase.openSibling(),
          redis: undefined,
          log,
        }),
      ];
    },
    async cut() {
      await testDatabase.database.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and application_name = 'ironcart-invalidations'`,
      );
    },
    dispose: () => testDatabase.dispose(),
  };
}

function redisTransport(): Transport {
  const prefix = `ironcart-test:${randomBytes(6).toString('hex')}:`;
  const connections: Redis[] = [];
  let testDatabase: TestDatabase;
  const connect = () => {
    const redis = new Redis(testRedisUrl ?? '', { keyPrefix: prefix, maxRetriesPerRequest: 1 });
    connections.push(redis);
    return redis;
  };
  return {
    name: 'Redis pub/sub',
    async open() {
      testDatabase = await createTestDatabase('pglite', { migrate: false });
      // Two apps that share only Redis: the feed must not need the database at all.
      return [
        await openInvalidationFeed({ database: testDatabase.database, redis: connect(), log }),
        await openInvalidationFeed({ database: testDatabase.database, redis: connect(), log }),
      ];
    },
    async cut() {
      const admin = new Redis(testRedisUrl ?? '');
      const clients = (await admin.client('LIST')) as string;
      for (const line of clients.split('\n')) {
        if (!line.includes(`name=${prefix}ironcart:invalidations`)) continue;
        const id = /\bid=(\d+)/.exec(line)?.[1];
        if (id) await admin.client('KILL', 'ID', id);
      }
      admin.disconnect();
    },
    async dispose() {
      for (const redis of connections) redis.disconnect();
      await testDatabase.dispose();
    },
  };
}

const transports = [
  localTransport(),
  ...(process.env.TEST_DATABASE_URL ? [postgresTransport()] : []),
  ...(testRedisUrl ? [redisTransport()] : []),
];

describe.each(transports)('the invalidation feed over $name', (transport) => {
  let a: InvalidationFeed;
  let b: InvalidationFeed;
  beforeAll(async () => {
    [a, b] = await transport.open();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await transport.dispose();
  });

  test('a publication reaches the other instance, and the publisher once, at once', async () => {
    const onA = heard(a, 'channel-session');
    const onB = heard(b, 'channel-session');
    const catalogOnB = heard(b, 'catalog');
    const versionBefore = b.version('channel-session');
    await a.publish('channel-session', ['sid-1', 'sid-2']);
    // The publisher has dropped the keys before publish() returned.
    expect(onA).toEqual([['sid-1', 'sid-2']]);
    await until(() => onB.length > 0, 'the other instance');
    expect(onB).toEqual([['sid-1', 'sid-2']]);
    expect(b.version('channel-session')).toBe(versionBefore + 1);
    expect(catalogOnB).toEqual([]);
    // Nothing comes back to the publisher a second time.
    await b.publish('channel-session', ['sid-3']);
    await until(() => onA.length > 1, 'the way back');
    expect(onA).toEqual([['sid-1', 'sid-2'], ['sid-3']]);
    expect(a.trusted && b.trusted).toBe(true);
  });

  test('many keys at once all arrive (split to fit the transport)', async () => {
    const onB = heard(b, 'catalog');
    const keys = Array.from({ length: 2_000 }, (_, i) => `product:${i}:${'x'.repeat(20)}`);
    await a.publish('catalog', keys);
    await until(() => onB.flat().length >= keys.length, 'every key');
    expect(onB.flat()).toEqual(keys);
  });

  if (transport.cut) {
    const cut = transport.cut;
    test('a cut connection stops the trust and drops everything, until it listens again', async () => {
      const onB = heard(b, 'channel-session');
      await cut();
      await until(() => !b.trusted, 'the feed to notice the cut');
      expect(onB).toContainEqual([ALL_KEYS]);
      await until(() => b.trusted, 'the feed to listen again');
      // Once back, it hears again: what it may have missed was dropped on the way back in.
      const before = onB.length;
      await a.publish('channel-session', ['after-the-cut']);
      await until(() => onB.length > before + 0 && onB.at(-1)?.[0] === 'after-the-cut', 'news');
    });
  }
});

test('a message that cannot be read drops everything rather than being ignored', async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  const testDatabase = await createTestDatabase('postgres', { migrate: false });
  const feed = await openInvalidationFeed({
    database: testDatabase.database,
    redis: undefined,
    log,
  });
  try {
    const messages = heard(feed, 'catalog');
    const client = new pg.Client({ connectionString: testDatabase.database.url });
    await client.connect();
    await client.query(`select pg_notify('ironcart_invalidations', 'not json')`);
    await client.end();
    await until(() => messages.length > 0, 'the reset');
    expect(messages).toEqual([[ALL_KEYS]]);
  } finally {
    await feed.close();
    await testDatabase.dispose();
  }
});
