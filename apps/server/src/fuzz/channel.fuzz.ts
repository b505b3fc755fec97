import type { HttpMethod } from '@ironcart/channel';
import { ApiError, type IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDrivers } from '../test-support/databases.js';
import { sdkFor } from '../test-support/sdk.js';
import { describeRequest } from './describe.js';
import { innerPlaintexts } from './inner-heads.js';
import { RawChannel } from './raw-channel.js';
import { type GeneratedRequest, requestFor, urlOf } from './requests.js';
import type { Route } from './routes.js';
import {
  type FuzzTarget,
  forEachRoute,
  fuzzParameters,
  fuzzSeed,
  startTarget,
  watchUnhandledRejections,
} from './target.js';

/**
 * Fuzzing through the secure channel: every /api/v1 route gets schema-driven garbage from a
 * guest, a customer and an admin (the SDK seals it properly), and valid envelopes carry inner
 * plaintexts no SDK would produce.
 */
/**
 * The path as the channel can carry it. A parameter holding an encoded "/" or "\\", or being a
 * dot segment, makes a path the protocol refuses (the SDK throws before sending, the server
 * answers bad-inner: fuzzed with raw envelopes below), so here its "%" is encoded once more and
 * the hostile text reaches the route as a literal value.
 */
function carriable(path: string): string {
  return path
    .replace(/%(2F|5C)/gi, '%25$1')
    .split('/')
    .map((segment) =>
      /^(?:\.|%2e){1,2}$/i.test(segment) ? segment.replace(/\.|%2e/gi, '%252E') : segment,
    )
    .join('/');
}

describe.each(testDrivers)('channel fuzz on %s', (driver) => {
  let target: FuzzTarget;
  let rejections: ReturnType<typeof watchUnhandledRejections>;

  beforeAll(async () => {
    rejections = watchUnhandledRejections();
    target = await startTarget(driver);
  });
  afterAll(async () => {
    console.log(`${target.oracle.tally.summary(`channel on ${driver}`)} seed=${fuzzSeed}`);
    await target.t.close();
  });

  /** One request through the SDK; an outer refusal (ApiError) counts with its status. */
  function sendInner(
    who: string,
    client: IroncartClient,
    route: Route,
    request: GeneratedRequest,
  ): Promise<number> {
    const body = request.body;
    // The protocol caps an inner path with its query at 8,192 characters and the SDK refuses
    // longer ones before sending; long values are fuzzed in plaintext and in bodies instead.
    const path = carriable(request.path.slice(0, 2_000));
    const capped = Object.fromEntries(
      Object.entries(request.query).map(([name, value]) => [name, value.slice(0, 100)]),
    );
    const query = urlOf({ path, query: capped }).length <= 8_000 ? capped : {};
    const options = {
      query,
      headers: { ...request.headers },
      ...(body && 'json' in body ? { json: body.json } : {}),
      ...(body && 'raw' in body ? { bytes: Buffer.from(body.raw) } : {}),
    };
    if (body && 'raw' in body) options.headers['content-type'] = body.contentType;
    return target.oracle.check(
      () =>
        describeRequest({
          via: `channel as ${who}`,
          method: route.method,
          url: path,
          headers: options.headers,
          body: { query, ...body },
        }),
      async () => {
        try {
          return (await client.channel.send(route.method as HttpMethod, path, options)).status;
        } catch (error) {
          if (error instanceof ApiError) return error.status;
          throw error;
        }
      },
    );
  }

  /**
   * Logged-in personas leave out the routes that end or replace their login (a logout would
   * turn the rest of their run into a guest's); the guest covers those.
   */
  const keepsLogin = (route: Route) =>
    !route.path.startsWith('/api/v1/auth/') || route.path === '/api/v1/auth/password';

  test.each(['guest', 'customer', 'admin'] as const)(
    'every /api/v1 route, as %s, with schema-driven garbage',
    async (who) => {
      const client = target.personas[who];
      const routes = target.routes
        .filter((route) => route.path.startsWith('/api/v1/'))
        .filter((route) => who === 'guest' || keepsLogin(route));
      expect(routes.length).toBeGreaterThanOrEqual(who === 'guest' ? 40 : 35);
      const failures = await forEachRoute(routes, (route) =>
        fc.assert(
          fc.asyncProperty(
            requestFor(route, target.known, target.t.app.config.bodyLimit),
            async (request) => {
              await sendInner(who, client, route, request);
            },
          ),
          fuzzParameters(15),
        ),
      );
      expect(failures).toEqual([]);
      // Still logged in as who it was: the whole run fuzzed with this persona's rights.
      const session = await client.session();
      target.oracle.resync();
      expect(session.user?.role).toBe(who === 'guest' ? undefined : who);
    },
  );

  test('every /api/v1 route as the first request of a brand-new guest', async () => {
    // A long-lived persona already has its cart and session rows; only a first request shows
    // whether a refusal creates rows of its own.
    const routes = target.routes.filter((route) => route.path.startsWith('/api/v1/'));
    const failures = await forEachRoute(routes, (route) =>
      fc.assert(
        fc.asyncProperty(
          requestFor(route, target.known, target.t.app.config.bodyLimit),
          async (request) => {
            const guest = sdkFor(target.t.app, { store: new MemorySessionStore() });
            await sendInner('new guest', guest, route, request);
          },
        ),
        fuzzParameters(3),
      ),
    );
    expect(failures).toEqual([]);
  });

  test('valid envelopes around garbage inner requests', async () => {
    const channel = await RawChannel.open(target.t.app);
    await fc.assert(
      fc.asyncProperty(
        innerPlaintexts,
        fc.constantFrom(0, 0, 0, 0, -120_000, 120_000),
        async (plaintext, skew) => {
          const { envelope, salt } = channel.seal(plaintext, Date.now() + skew);
          await target.oracle.check(
            () =>
              describeRequest({
                via: 'raw channel',
                method: 'POST',
                url: '/channel/tunnel',
                body: plaintext,
              }),
            async () => (await channel.post(envelope, salt)).status,
          );
        },
      ),
      fuzzParameters(600),
    );
    // Garbage never ended the channel, so every run above reached the server's inner checks.
    target.oracle.resync();
    expect(await channel.send({ method: 'GET', path: '/api/v1/categories' })).toMatchObject({
      status: 200,
    });
  });

  test('no unhandled rejection escaped', () => {
    expect(rejections.stop()).toEqual([]);
  });
});
