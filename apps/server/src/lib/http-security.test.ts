import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENDPOINT_HANDSHAKE, ENDPOINT_KEYS, ENDPOINT_TUNNEL } from '@ironcart/channel';
import { ApiError, IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, buildApp } from '../app.js';
import type { AppConfig, RateLimit, RateLimitGroup } from '../config.js';
import { products } from '../modules/catalog/tables.js';
import { createTestApp, LogCapture, type TestApp, testConfig } from '../test-support/app.js';
import { injectFetch, sdkFor } from '../test-support/sdk.js';
import {
  type TwoInstances,
  testRedisUrl,
  twoInstancesOnOneRedis,
} from '../test-support/shared-redis.js';
import { writeDevCertificate } from './dev-cert.js';
import { hardenContentSecurityPolicy } from './http-security.js';

const SHOP = 'https://shop.example';
const EVIL = 'https://evil.example';

function httpConfig(overrides: Partial<AppConfig['http']> = {}): AppConfig['http'] {
  return { corsOrigins: [], trustProxy: false, tls: undefined, ...overrides };
}

function rateLimits(
  overrides: Partial<Record<RateLimitGroup, RateLimit>>,
): Record<RateLimitGroup, RateLimit> {
  return { ...testConfig().rateLimits, ...overrides };
}

const perMinute = (max: number): RateLimit => ({ max, windowMs: 60_000 });

type HeaderMap = Record<string, string | string[] | number | undefined>;

/** The headers every answer must carry (over plain HTTP). */
function expectSecurityHeaders(headers: HeaderMap, label: string): void {
  const csp = String(headers['content-security-policy'] ?? '');
  for (const directive of [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp, `${label}: ${directive}`).toContain(directive);
  }
  expect(csp, label).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  expect(headers['referrer-policy'], label).toBe('strict-origin-when-cross-origin');
  expect(headers['cross-origin-opener-policy'], label).toBe('same-origin');
  expect(headers['x-frame-options'], label).toBe('DENY');
  expect(headers['strict-transport-security'], `${label}: no HSTS over HTTP`).toBeUndefined();
}

const badHandshake = (app: App, remoteAddress: string) =>
  app.inject({
    method: 'POST',
    url: ENDPOINT_HANDSHAKE,
    headers: { 'content-type': 'application/json' },
    payload: '{"v":1,"kid":"nope","enc":"AAAA"}',
    remoteAddress,
  });

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t.close());

  test('an API answer through the channel: the outer tunnel response has every header', async () => {
    const seen: { url: string; status: number; headers: HeaderMap }[] = [];
    const inner = injectFetch(t.app);
    const client = new IroncartClient({
      baseUrl: 'http://ironcart.test',
      store: new MemorySessionStore(),
      fetch: async (input, init) => {
        const response = await inner(input, init);
        const headers: HeaderMap = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        seen.push({ url: new URL(String(input)).pathname, status: response.status, headers });
        return response;
      },
    });
    await client.session();
    const tunnel = seen.find((answer) => answer.url === ENDPOINT_TUNNEL);
    expect(tunnel?.status).toBe(200);
    expectSecurityHeaders(tunnel?.headers ?? {}, 'tunnel');
    expect(tunnel?.headers['cache-control']).toBe('no-store');
    for (const answer of seen) {
      expectSecurityHeaders(answer.headers, answer.url);
      expect(answer.headers['cache-control'], answer.url).toBe('no-store');
    }
    expect(seen.map((answer) => answer.url)).toEqual(
      expect.arrayContaining([ENDPOINT_KEYS, ENDPOINT_HANDSHAKE, ENDPOINT_TUNNEL]),
    );
  });

  test('plaintext /health, /docs, a 404 and a refused /api call have every header', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expectSecurityHeaders(health.headers, '/health');

    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expectSecurityHeaders(docs.headers, '/docs/');
    // Swagger UI brings its own policy, tightened; plain HTTP gets no upgrade directive.
    expect(docs.headers['content-security-policy']).toContain("script-src-attr 'none'");
    expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const docsJson = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expectSecurityHeaders(docsJson.headers, '/docs/json');

    const missing = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    expect(missing.statusCode).toBe(404);
    expectSecurityHeaders(missing.headers, '404');

    const plaintextApi = await t.app.inject({ method: 'GET', url: '/api/v1/session' });
    expect(plaintextApi.statusCode).toBe(403);
    expectSecurityHeaders(plaintextApi.headers, 'plaintext /api');
    expect(plaintextApi.headers['cache-control']).toBe('no-store');
    const apiMissing = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(apiMissing.headers['cache-control']).toBe('no-store');
  });

  test('a product image keeps its own, stricter policy', async () => {
    const [row] = await t.testDatabase.database.db
      .select({ image: products.imageName })
      .from(products)
      .limit(1);
    const res = await t.app.inject({ method: 'GET', url: `/images/${row?.image}` });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('sandbox');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'self'");
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('a route that sets its own policy cannot allow framing, <base> or plugins', () => {
    expect(
      hardenContentSecurityPolicy(
        "default-src 'self'; base-uri 'self'; frame-ancestors *; upgrade-insecure-requests;",
        false,
      ),
    ).toBe("default-src 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'");
    expect(hardenContentSecurityPolicy("default-src 'none'; upgrade-insecure-requests", true)).toBe(
      "default-src 'none'; upgrade-insecure-requests; base-uri 'none'; object-src 'none'; frame-ancestors 'none'",
    );
  });
});

describe('CORS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('pglite', {
      seedDemoCatalog: false,
      http: httpConfig({ corsOrigins: [SHOP] }),
    });
    // Shaped like a future legacy-API route: outside /api, opting in to a CORS policy.
    t.app.get('/test/cross-origin', { config: { corsPolicy: 'api' } }, async () => ({ ok: true }));
  });
  afterAll(() => t.close());

  const keys = (origin?: string) =>
    t.app.inject({
      method: 'GET',
      url: ENDPOINT_KEYS,
      headers: origin === undefined ? {} : { origin },
    });
  const preflight = (url: string, origin: string) =>
    t.app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
  const corsHeaders = (headers: HeaderMap) =>
    Object.keys(headers).filter((name) => name.startsWith('access-control-'));

  test('an allowed origin gets itself echoed, never "*", and no credentials', async () => {
    const res = await keys(SHOP);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toContain('Origin');
    expect(res.headers['access-control-expose-headers']).toContain('retry-after');
  });

  test('a refused origin, a same-origin call and Origin: null get no CORS headers', async () => {
    for (const origin of [EVIL, 'null', `${SHOP}.evil.example`, 'http://shop.example', undefined]) {
      const res = await keys(origin);
      expect(res.statusCode).toBe(200);
      expect(corsHeaders(res.headers), String(origin)).toEqual([]);
    }
  });

  test('a preflight from an allowed origin is answered with GET and POST only', async () => {
    const res = await preflight(ENDPOINT_TUNNEL, SHOP);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(res.headers['access-control-allow-headers']).toBe('content-type, accept');
    expect(res.headers['access-control-max-age']).toBe('600');
    expectSecurityHeaders(res.headers, 'preflight');
  });

  test('a preflight from a refused origin or from null gets no allow headers', async () => {
    for (const origin of [EVIL, 'null']) {
      for (const url of [ENDPOINT_TUNNEL, '/api/v1/session']) {
        const res = await preflight(url, origin);
        // 404 (no preflight route for it) or the channel guard's 403: never a 2xx grant.
        expect(res.statusCode, `${origin} ${url}`).toBeGreaterThanOrEqual(400);
        expect(corsHeaders(res.headers), `${origin} ${url}`).toEqual([]);
      }
    }
  });

  test('routes outside /api and /channel are same-origin unless they name a policy', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/health', headers: { origin: SHOP } });
    expect(corsHeaders(health.headers)).toEqual([]);
    expect(corsHeaders((await preflight('/health', SHOP)).headers)).toEqual([]);

    const opted = await t.app.inject({
      method: 'GET',
      url: '/test/cross-origin',
      headers: { origin: SHOP },
    });
    expect(opted.headers['access-control-allow-origin']).toBe(SHOP);
    const optedPreflight = await preflight('/test/cross-origin', SHOP);
    expect(optedPreflight.statusCode).toBe(204);
    expect(optedPreflight.headers['access-control-allow-origin']).toBe(SHOP);
    const refused = await t.app.inject({
      method: 'GET',
      url: '/test/cross-origin',
      headers: { origin: EVIL },
    });
    expect(corsHeaders(refused.headers)).toEqual([]);
  });

  test('with no origins configured, no origin is allowed', async () => {
    const other = await createTestApp('pglite', { seedDemoCatalog: false });
    try {
      const res = await other.app.inject({
        method: 'GET',
        url: ENDPOINT_KEYS,
        headers: { origin: SHOP },
      });
      expect(corsHeaders(res.headers)).toEqual([]);
      const pre = await other.app.inject({
        method: 'OPTIONS',
        url: ENDPOINT_TUNNEL,
        headers: { origin: SHOP, 'access-control-request-method': 'POST' },
      });
      expect(corsHeaders(pre.headers)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('pglite', {
      seedDemoCatalog: false,
      http: httpConfig({ corsOrigins: [SHOP] }),
      rateLimits: rateLimits({
        handshake: perMinute(3),
        api: perMinute(4),
        auth: perMinute(2),
        public: perMinute(5),
      }),
    });
    t.app.post('/test/auth-like', { config: { rateLimitGroup: 'auth' } }, async () => ({
      ok: true,
    }));
  });
  afterAll(() => t.close());

  test('the fourth handshake in a minute gets 429 with Retry-After and the error shape', async () => {
    const ip = '127.0.0.21';
    for (let i = 0; i < 3; i++) {
      const res = await badHandshake(t.app, ip);
      expect(res.statusCode).not.toBe(429);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const refused = await badHandshake(t.app, ip);
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: `Too many requests. Try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
      },
    });
    expectSecurityHeaders(refused.headers, '429');
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  test('a refusal is readable by an allowed cross-origin caller', async () => {
    const ip = '127.0.0.22';
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: ENDPOINT_HANDSHAKE,
        headers: { 'content-type': 'application/json', origin: SHOP },
        payload: '{}',
        remoteAddress: ip,
      });
    for (let i = 0; i < 3; i++) await send();
    const refused = await send();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['access-control-allow-origin']).toBe(SHOP);
    expect(refused.headers['access-control-expose-headers']).toContain('retry-after');
  });

  test('groups and client IPs count separately', async () => {
    const ip = '127.0.0.23';
    for (let i = 0; i < 3; i++) await badHandshake(t.app, ip);
    expect((await badHandshake(t.app, ip)).statusCode).toBe(429);
    // Same client, other groups: untouched.
    const health = await t.app.inject({ method: 'GET', url: '/health', remoteAddress: ip });
    expect(health.statusCode).toBe(200);
    expect(health.headers['x-ratelimit-limit']).toBe('5');
    const auth = await t.app.inject({ method: 'POST', url: '/test/auth-like', remoteAddress: ip });
    expect(auth.statusCode).toBe(200);
    expect(auth.headers['x-ratelimit-limit']).toBe('2');
    // Same group, another client: untouched.
    expect((await badHandshake(t.app, '127.0.0.24')).statusCode).not.toBe(429);
  });

  test('a route in the auth group gets the auth limit; unrouted requests count as public', async () => {
    const ip = '127.0.0.25';
    const auth = () => t.app.inject({ method: 'POST', url: '/test/auth-like', remoteAddress: ip });
    expect((await auth()).statusCode).toBe(200);
    expect((await auth()).statusCode).toBe(200);
    expect((await auth()).statusCode).toBe(429);

    const ip2 = '127.0.0.26';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await t.app.inject({ method: 'GET', url: '/nowhere', remoteAddress: ip2 })).statusCode,
      );
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
  });

  test('an /api route counts in the api group whatever the spelling of its URL', async () => {
    const ip = '127.0.0.27';
    const statuses: number[] = [];
    for (const url of [
      '/api/v1/session',
      '/%61pi/v1/session',
      '/ap%69/v1/categories',
      '/%61%70%69/v1/products',
      '/%61pi/v1/session',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, remoteAddress: ip });
      statuses.push(res.statusCode);
      expect(res.headers['cache-control'], url).toBe('no-store');
      if (res.statusCode === 403) expect(res.headers['x-ratelimit-limit'], url).toBe('4');
    }
    expect(statuses).toEqual([403, 403, 403, 403, 429]);
    // A URL that matches no route reaches nothing: public, whatever it looks like.
    const unmatched = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nowhere',
      remoteAddress: ip,
    });
    expect(unmatched.statusCode).toBe(404);
    expect(unmatched.headers['x-ratelimit-limit']).toBe('5');
  });

  test('an unknown group on a route is refused when the route is registered', async () => {
    const app = await buildApp(testConfig({ seedDemoCatalog: false }), {
      database: t.testDatabase.database,
      logStream: new LogCapture(),
    });
    try {
      expect(() =>
        app.get(
          '/test/typo',
          { config: { rateLimitGroup: 'autth' as RateLimitGroup } },
          async () => 'x',
        ),
      ).toThrow(/unknown rateLimitGroup "autth"/);
    } finally {
      await app.close();
    }
  });

  test('an inner /api call through the tunnel counts in the api group, by the client IP', async () => {
    const client = sdkFor(t.app); // app.inject's default client IP, 127.0.0.1
    const outcomes: (number | 'ok')[] = [];
    let refusal: ApiError | undefined;
    for (let i = 0; i < 8 && !refusal; i++) {
      try {
        await client.session();
        outcomes.push('ok');
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        refusal = error;
        outcomes.push(error.status);
      }
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 429]);
    expect(refusal?.code).toBe('rate_limited');
    expect(refusal?.message).toMatch(/^Too many requests\. Try again in \d+ seconds?\.$/);
    // The 429 came back inside the tunnel: the channel itself is still open and counting
    // in its own groups, so a plaintext public route still answers for this client.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('rate limits when Redis is unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens there, so every count fails.
    t = await createTestApp('pglite', {
      seedDemoCatalog: false,
      redisUrl: 'redis://127.0.0.1:1',
    });
    t.app.post('/test/auth-like', { config: { rateLimitGroup: 'auth' } }, async () => ({
      ok: true,
    }));
    t.app.post('/test/signup-like', { config: { rateLimitGroup: 'signup' } }, async () => ({
      ok: true,
    }));
  });
  afterAll(() => t.close());

  test('auth and signup routes fail closed: refused while they cannot be counted', async () => {
    for (const url of ['/test/auth-like', '/test/signup-like']) {
      const res = await t.app.inject({ method: 'POST', url });
      expect(res.statusCode, url).toBe(503);
      expect(res.json()).toEqual({
        error: { code: 'temporarily_unavailable', message: expect.any(String) },
      });
      expect(res.headers['retry-after']).toBe('5');
      expectSecurityHeaders(res.headers, url);
    }
    expect(t.logs.text).toContain('rate limit unavailable: refusing');
  });

  test('other groups fail open, and say so in the log', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    expect(t.logs.text).toContain('rate limit unavailable: letting requests through');
  });
});

if (!testRedisUrl) {
  console.warn(
    '[http-security] SKIPPED: the shared Redis rate-limit test needs REDIS_URL ' +
      '(e.g. redis://127.0.0.1:6379; CI sets it).',
  );
}

describe.skipIf(!testRedisUrl)('rate limits shared through Redis', () => {
  let shared: TwoInstances;

  beforeAll(async () => {
    shared = await twoInstancesOnOneRedis('pglite', {
      rateLimits: rateLimits({ handshake: perMinute(3) }),
    });
  });
  afterAll(() => shared.dispose());

  test('two instances see one limit', async () => {
    const [a, b] = shared.apps;
    const ip = '127.0.0.31';
    const statuses = [];
    for (const app of [a, b, a, b]) statuses.push((await badHandshake(app, ip)).statusCode);
    expect(statuses.slice(0, 3)).not.toContain(429);
    expect(statuses[3]).toBe(429);
    expect((await badHandshake(a, ip)).statusCode).toBe(429);
    expect(await shared.keys()).toContain(`${shared.prefix}ironcart:rate-limit:handshake:${ip}`);
  });
});

describe('HTTPS with the development certificate', () => {
  let dir: string;
  let t: TestApp;
  let ca: Buffer;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ironcart-tls-'));
    const cert = await writeDevCertificate(dir);
    ca = readFileSync(cert.certPath);
    t = await createTestApp('pglite', {
      seedDemoCatalog: false,
      http: httpConfig({ tls: { certPath: cert.certPath, keyPath: cert.keyPath } }),
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    origin = `https://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the key is written with mode 0600 and the certificate names localhost and loopback', () => {
    expect(statSync(path.join(dir, 'key.pem')).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(ca);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.subjectAltName).toContain('IP Address:0:0:0:0:0:0:0:1');
    const days = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);
  });

  test('HTTP/1.1 over TLS answers /health with HSTS', async () => {
    const answer = await new Promise<{ status: number; headers: HeaderMap; version: string }>(
      (resolve, reject) => {
        const req = https.get(`${origin}/health`, { ca }, (res) => {
          res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              version: res.httpVersion,
            }),
          );
        });
        req.on('error', reject);
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.version).toBe('1.1');
    expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(answer.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  test('HTTP/2 answers /health with HSTS', async () => {
    const session = http2.connect(origin, { ca });
    try {
      const answer = await new Promise<{ headers: http2.IncomingHttpHeaders; body: string }>(
        (resolve, reject) => {
          const stream = session.request({ ':path': '/health' });
          let body = '';
          let headers: http2.IncomingHttpHeaders = {};
          stream.setEncoding('utf8');
          stream.on('response', (h) => {
            headers = h;
          });
          stream.on('data', (chunk: string) => {
            body += chunk;
          });
          stream.on('end', () => resolve({ headers, body }));
          stream.on('error', reject);
        },
      );
      expect(session.alpnProtocol).toBe('h2');
      expect(answer.headers[':status']).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ status: 'ok', database: 'up' });
      expect(answer.headers['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains',
      );
      expect(answer.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    } finally {
      session.close();
    }
  });
});
