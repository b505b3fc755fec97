import { ENDPOINT_TUNNEL, ENVELOPE_MEDIA_TYPE } from '@ironcart/channel';
import { type ClientChannelSession, sealRequest } from '@ironcart/channel/client';
import { MemorySessionStore } from '@ironcart/sdk';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../app.js';
import { sdkFor } from '../../test-support/sdk.js';
import { testRedisUrl, twoInstancesOnOneRedis } from '../../test-support/shared-redis.js';
import { twoInstancesOnOneDatabase } from '../../test-support/two-instances.js';
import { channelSessions } from './tables.js';

const setups = [
  { name: 'one PGlite (in-process feed)', open: () => twoInstancesOnOneDatabase('pglite') },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'PostgreSQL without Redis (LISTEN/NOTIFY)',
          open: () => twoInstancesOnOneDatabase('postgres'),
        },
      ]
    : []),
  ...(process.env.TEST_DATABASE_URL && testRedisUrl
    ? [
        {
          name: 'PostgreSQL with Redis (pub/sub)',
          open: async () => {
            const shared = await twoInstancesOnOneRedis('postgres', {});
            return { ...shared, database: shared.apps[0].database, prefix: shared.prefix };
          },
        },
      ]
    : []),
];

/** The tunnel's status for a fresh `GET /api/v1/session` sealed with `session`'s keys. */
async function statusOn(app: App, session: ClientChannelSession): Promise<number> {
  const { envelope } = await sealRequest(session, {
    method: 'GET',
    path: '/api/v1/session',
    headers: {},
  });
  const response = await app.inject({
    method: 'POST',
    url: ENDPOINT_TUNNEL,
    headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
    payload: Buffer.from(envelope),
  });
  return response.statusCode;
}

describe.each(setups)('revocation between two instances on $name', (setup) => {
  let pair: Awaited<ReturnType<typeof setup.open>>;
  beforeAll(async () => {
    pair = await setup.open();
  });
  afterAll(() => pair.dispose());

  /** A logged-in shopper whose channel both instances have served (so both hold it). */
  async function shopperOnBoth() {
    const store = new MemorySessionStore();
    const [a, b] = pair.apps;
    const onA = sdkFor(a, { store });
    await onA.signUp({
      email: `r-${Math.random().toString(36).slice(2)}@example.com`,
      password: 'correct horse battery staple',
      name: 'Rae',
    });
    const onB = sdkFor(b, { store });
    await expect(onB.me()).resolves.toMatchObject({ name: 'Rae' });
    const session = await store.load();
    if (!session) throw new Error('no channel stored');
    expect(await statusOn(b, session)).toBe(200);
    return { onA, session };
  }

  test('a logout on A is refused on B at once, on the same channel', async () => {
    const { onA, session } = await shopperOnBoth();
    await onA.logout();
    expect(await statusOn(pair.apps[1], session)).toBe(401);
    expect(await statusOn(pair.apps[0], session)).toBe(401);
  });

  test('logging out everywhere on A ends the channel B holds', async () => {
    const { onA, session } = await shopperOnBoth();
    await onA.logoutEverywhere();
    expect(await statusOn(pair.apps[1], session)).toBe(401);
  });

  test('a lost feed makes B read the row again rather than trust its copy', async () => {
    const [, b] = pair.apps;
    if (b.invalidations.kind === 'local') return; // one process: there is no connection to lose
    const { session } = await shopperOnBoth();
    // Cut B's feed, then remove the row behind everyone's back (no publication at all).
    if (b.invalidations.kind === 'postgres') {
      await pair.database.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and application_name = 'ironcart-invalidations'`,
      );
    } else {
      const admin = new Redis(testRedisUrl ?? '');
      const clients = (await admin.client('LIST')) as string;
      const name = `name=${'prefix' in pair ? pair.prefix : ''}ironcart:invalidations`;
      for (const line of clients.split('\n').filter((l) => l.includes(name))) {
        const id = /\bid=(\d+)/.exec(line)?.[1];
        if (id) await admin.client('KILL', 'ID', id);
      }
      admin.disconnect();
    }
    for (let i = 0; i < 250 && b.invalidations.trusted; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await pair.database.db.delete(channelSessions).where(eq(channelSessions.sid, session.sid));
    expect(await statusOn(b, session)).toBe(401);
  });
});
