import { encodeInnerRequest } from '@ironcart/channel';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDrivers } from '../test-support/databases.js';
import { clientKeyHeaders, createLegacyApiClient } from '../test-support/legacy.js';
import { contentTypes, HOSTILE_STRINGS, hostileText, hostileValue, rawBodies } from './hostile.js';
import { type PlainRequest, sendPlain, toPlain } from './plaintext.js';
import { RawChannel } from './raw-channel.js';
import { percentEncode, requestFor } from './requests.js';
import { registeredRoutes } from './routes.js';
import {
  type FuzzTarget,
  forEachRoute,
  fuzzParameters,
  fuzzSeed,
  MIN_ROUTES,
  startTarget,
  watchUnhandledRejections,
} from './target.js';

/**
 * Plaintext fuzzing: every route Fastify serves, without the channel. /api/v1 must refuse it
 * all (403 channel_required) without a trace; the channel endpoints, images, legacy API, health
 * and docs must survive whatever a socket can carry.
 */
describe.each(testDrivers)('plaintext fuzz on %s', (driver) => {
  let target: FuzzTarget;
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  const send = (request: PlainRequest) => sendPlain(target.t.app, target.oracle, request);

  beforeAll(async () => {
    rejections = watchUnhandledRejections();
    target = await startTarget(driver);
  });
  afterAll(async () => {
    console.log(`${target.oracle.tally.summary(`plaintext on ${driver}`)} seed=${fuzzSeed}`);
    await target.t.close();
  });

  test('the route enumeration is complete', () => {
    expect(target.routes.length).toBeGreaterThanOrEqual(MIN_ROUTES);
    const registered = new Set(registeredRoutes(target.t.app).map((r) => `${r.method} ${r.path}`));
    const missing = target.routes.filter((r) => !registered.has(`${r.method} ${r.path}`));
    expect(missing).toEqual([]);
  });

  test('every route, with schema-driven and hostile requests', async () => {
    const { app } = target.t;
    const failures = await forEachRoute(target.routes, (route) =>
      fc.assert(
        fc.asyncProperty(
          requestFor(route, target.known, app.config.bodyLimit),
          contentTypes,
          fc.option(fc.constantFrom('https://evil.example', 'null', 'http://localhost:3000')),
          async (request, contentType, origin) => {
            const plain = toPlain(route.method, request, contentType);
            if (origin) plain.headers = { ...plain.headers, origin };
            await send(plain);
          },
        ),
        fuzzParameters(20),
      ),
    );
    expect(failures).toEqual([]);
  });

  test('hostile paths and methods anywhere', async () => {
    const segment = fc.oneof(
      hostileText.map(percentEncode),
      fc.constantFrom('..', '.', '%2e%2e', '%2E%2E%2F', '..%2f', '..%5c', '%00', '', 'api', 'v1'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.constantFrom('', '/api/v1', '/images', '/docs', '/channel', '/api/v1/admin'),
        fc.array(segment, { minLength: 1, maxLength: 6 }),
        fc.option(fc.integer({ min: 300, max: 20_000 })),
        async (method, prefix, segments, longSegment) => {
          const tail = longSegment ? ['a'.repeat(longSegment)] : [];
          await send({ method, url: `${prefix}/${[...segments, ...tail].join('/')}` });
        },
      ),
      fuzzParameters(300),
    );
  });

  test('image names: traversal, encodings, lookalikes', async () => {
    const name = fc.oneof(
      fc.constantFrom(...HOSTILE_STRINGS).map(percentEncode),
      fc.constantFrom(
        '..%2f..%2f..%2fetc%2fpasswd',
        '%2e%2e%2f%2e%2e%2fpackage.json',
        '..%252f..%252fetc%252fpasswd',
        '..%5c..%5cpackage.json',
        'a.png%00.svg',
        'a.png%2500',
        '.png',
        '-.png',
        'A.PNG',
        'a.svg.png',
        'a.webp/',
        `${'x'.repeat(116)}.png`,
        `${'x'.repeat(5_000)}.png`,
      ),
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}\.(svg|png|jpg|webp)$/),
      fc.constantFrom(...target.known.products).map((id) => `${id}.svg`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'HEAD'), name, async (method, n) => {
        await send({ method, url: `/images/${n}` });
        // Unencoded, so the router sees the dots and slashes themselves.
        await send({ method, url: `/images/../../${n}` });
      }),
      fuzzParameters(150),
    );
  });

  test('the tunnel: garbage, truncated, bit-flipped, replayed and oversized envelopes', async () => {
    const raw = await RawChannel.open(target.t.app);
    const tunnel = (payload: Buffer, contentType = 'application/octet-stream') =>
      send({
        method: 'POST',
        url: '/channel/tunnel',
        headers: { 'content-type': contentType },
        payload,
      });
    const valid = () => raw.seal(encodeInnerRequest({ method: 'GET', path: '/api/v1/categories' }));
    const { maxBytes } = target.t.app.config.imageUploads;
    const mutation = fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
      fc.integer({ min: 0, max: 10_000 }).map((bit) => {
        const { envelope } = valid();
        const at = bit % (envelope.length * 8);
        envelope[at >> 3] = (envelope[at >> 3] ?? 0) ^ (1 << (at & 7));
        return envelope;
      }),
      fc.nat().map((n) => {
        const { envelope } = valid();
        return envelope.subarray(0, n % envelope.length);
      }),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((extra) => {
        const { envelope } = valid();
        return Buffer.concat([envelope, extra]);
      }),
      // Another session's id, a wrong version, a response direction, a timestamp far away.
      fc.tuple(fc.integer({ min: 0, max: 57 }), fc.integer({ min: 0, max: 255 })).map(([at, b]) => {
        const { envelope } = valid();
        envelope[at] = b;
        return envelope;
      }),
      fc.constantFrom(Buffer.alloc(maxBytes + 200 * 1024), Buffer.alloc(0)),
    );
    await fc.assert(
      fc.asyncProperty(
        mutation,
        fc.constantFrom('application/octet-stream', 'application/json', 'text/plain'),
        async (envelope, contentType) => {
          await tunnel(envelope, contentType);
        },
      ),
      fuzzParameters(300),
    );
    // An envelope sent twice: the second time is a replay and must be refused cleanly.
    const replayed = valid().envelope;
    expect(await tunnel(replayed)).toBe(200);
    expect(await tunnel(replayed)).toBeGreaterThanOrEqual(400);
  });

  test('the handshake and keys: garbage JSON and near-miss bodies', async () => {
    const keys = (await target.t.app.inject({ method: 'GET', url: '/channel/keys' })).json() as {
      current: string;
    };
    const body = fc.oneof(
      rawBodies(target.t.app.config.bodyLimit).map((raw) => ({ raw })),
      fc
        .record(
          {
            v: fc.oneof(fc.constant(1), hostileValue),
            kid: fc.oneof(fc.constant(keys.current), hostileValue),
            enc: fc.oneof(
              fc
                .uint8Array({ minLength: 384, maxLength: 384 })
                .map((b) => Buffer.from(b).toString('base64url')),
              fc.uint8Array({ maxLength: 1200 }).map((b) => Buffer.from(b).toString('base64url')),
              hostileValue,
            ),
          },
          { requiredKeys: [] },
        )
        .map((json) => ({ raw: JSON.stringify(json) })),
    );
    await fc.assert(
      fc.asyncProperty(body, contentTypes, async ({ raw }, contentType) => {
        await send({
          method: 'POST',
          url: '/channel/handshake',
          headers: { 'content-type': contentType },
          payload: raw,
        });
        await send({
          method: 'GET',
          url: `/channel/keys?${percentEncode(String(raw).slice(0, 50))}`,
        });
      }),
      fuzzParameters(150),
    );
  });

  test('the legacy API, with and without a live token', async () => {
    const { app } = target.t;
    const key = await createLegacyApiClient(target.t.testDatabase.database.db);
    const token = (
      await app.inject({ method: 'GET', url: '/getAccessToken', headers: clientKeyHeaders(key) })
    ).json() as { response: string };
    const cart = (
      await app.inject({
        method: 'GET',
        url: '/createCart',
        headers: { authorization: `Bearer ${token.response}` },
      })
    ).json() as { response: string };
    target.oracle.resync();
    const item = fc.record(
      {
        action: fc.oneof(fc.constantFrom('add', 'remove'), hostileValue),
        product_id: fc.oneof(fc.constantFrom(...target.known.products), hostileValue),
        quantity: fc.oneof(fc.integer({ min: -5, max: 2_000_000 }), hostileValue),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc
        .record(
          {
            cart_id: fc.oneof(fc.constant(cart.response), fc.uuid(), hostileValue),
            items: fc.oneof(fc.array(item, { maxLength: 4 }), hostileValue),
            product_id: fc.oneof(fc.constantFrom(...target.known.products), hostileValue),
            in_stock: fc.oneof(fc.boolean(), hostileValue),
          },
          { requiredKeys: [] },
        )
        .map((json) => JSON.stringify(json)),
      rawBodies(app.config.bodyLimit),
    );
    const credentials = fc.oneof(
      fc.constant({ headers: { authorization: `Bearer ${token.response}` }, query: '' }),
      fc.constant({ headers: clientKeyHeaders(key), query: '' }),
      fc.constant({ headers: {}, query: `token=${token.response}` }),
      fc.constant({ headers: {}, query: '' }),
      hostileText.map((t) => ({ headers: { authorization: `Bearer ${t}` }, query: '' })),
      hostileText.map((t) => ({ headers: {}, query: `token=${percentEncode(t)}` })),
    );
    const legacyRoutes = target.routes.filter(
      (r) => !r.path.startsWith('/api/') && /^\/[a-zA-Z]+$/.test(r.path) && r.path !== '/health',
    );
    expect(legacyRoutes.length).toBeGreaterThanOrEqual(7);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...legacyRoutes),
        credentials,
        body,
        contentTypes,
        async (route, { headers, query }, payload, contentType) => {
          // Invalidating the one live token would leave the rest of the run unauthenticated.
          const live = `${query} ${JSON.stringify(headers)}`.includes(token.response);
          if (route.path === '/invalidateAccessToken' && live) return;
          await send({
            method: route.method,
            url: query ? `${route.path}?${query}` : route.path,
            headers: { ...headers, 'content-type': contentType },
            ...(route.method === 'POST' ? { payload } : {}),
          });
        },
      ),
      fuzzParameters(400),
    );
  });

  test('no unhandled rejection escaped', () => {
    expect(rejections.stop()).toEqual([]);
  });
});
