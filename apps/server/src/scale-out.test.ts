import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseKeysDocument } from '@ironcart/channel';
import { completeHandshake, createHandshake } from '@ironcart/channel/client';
import {
  type ChannelState,
  IroncartClient,
  MemorySessionStore,
  newIdempotencyKey,
} from '@ironcart/sdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createScratchPostgres, type ScratchPostgres } from './test-support/databases.js';
import { type ServerProcess, startQuietServerProcess } from './test-support/server-process.js';

/**
 * Scale-out, end to end: two real server processes on one PostgreSQL and one Redis behind a
 * "load balancer" that alternates requests between them. A shopper goes through the whole
 * journey while a channel key rotates and one instance is killed; the rate limits are counted
 * once for both. Everything that makes this work lives in PostgreSQL and Redis, nothing in the
 * processes.
 */

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const inCi = process.env.CI !== undefined && process.env.CI !== '';
const missing = [...(databaseUrl ? [] : ['TEST_DATABASE_URL']), ...(redisUrl ? [] : ['REDIS_URL'])];
const skipped = missing.length > 0 && !inCi;
if (skipped) {
  console.warn(
    `[scale-out] SKIPPED: needs ${missing.join(' and ')} (a PostgreSQL the tests may create ` +
      'databases on, e.g. postgres://postgres@127.0.0.1:5432/test, and a Redis, e.g. ' +
      'redis://127.0.0.1:6379; CI sets both, and there this suite fails instead).',
  );
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const rotateKeysCli = fileURLToPath(
  new URL('./modules/channel/rotate-keys-cli.ts', import.meta.url),
);
const PASSWORD = 'correct horse battery staple';
const billing = {
  name: 'Scale Out',
  line1: '1 Replica Road',
  city: 'Portland',
  postalCode: '97204',
  country: 'US',
};
const card = {
  number: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: '123',
  holder: 'Scale Out',
};

type InstanceName = 'A' | 'B';

interface Instance {
  name: InstanceName;
  process: ServerProcess;
  port: number;
  /** Set by the load balancer once a connection to it is refused, as a health check would. */
  down: boolean;
}

/** One call through the load balancer. */
interface Hop {
  n: number;
  method: string;
  path: string;
  routedTo: InstanceName;
  servedBy: InstanceName;
  status: number;
  /** Set when `routedTo` refused the connection and `servedBy` took the call. */
  failedOver: boolean;
}

/** Awaits `promise`, but no longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isRefused = (error: unknown) =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';

/**
 * Sends one request to an instance on a connection of its own (no keep-alive pool), so a dead
 * instance shows up as a refused connection, the one failure a proxy may safely retry elsewhere.
 */
function forward(instance: Instance, url: URL, init: RequestInit | undefined): Promise<Response> {
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    headers[name] = value;
  });
  const body = init?.body ? Buffer.from(init.body as Uint8Array) : undefined;
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: instance.port,
        method: init?.method ?? 'GET',
        path: url.pathname + url.search,
        headers,
        agent: false,
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of [value ?? []].flat()) answerHeaders.append(name, one);
          }
          const status = response.statusCode ?? 502;
          resolve(
            new Response(status === 204 ? null : Buffer.concat(chunks), {
              status,
              headers: answerHeaders,
            }),
          );
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${url.pathname}: no answer in 30 s`)));
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * A round-robin load balancer as a `fetch`: request n goes to instance n % 2; when that one
 * refuses the connection it is marked down and the call goes to the other. Every call is logged.
 */
function loadBalancer(instances: [Instance, Instance]) {
  const hops: Hop[] = [];
  let next = 0;
  const lbFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const n = next++;
    const first = instances[n % 2] as Instance;
    let failedOver = false;
    for (const instance of [first, instances[(n + 1) % 2] as Instance]) {
      if (instance.down) {
        failedOver = true;
        continue;
      }
      try {
        const response = await forward(instance, url, init);
        hops.push({
          n,
          method: init?.method ?? 'GET',
          path: url.pathname,
          routedTo: first.name,
          servedBy: instance.name,
          status: response.status,
          failedOver,
        });
        return response;
      } catch (error) {
        if (!isRefused(error)) throw error;
        instance.down = true;
        failedOver = true;
      }
    }
    throw new TypeError('fetch failed: no instance is up');
  };
  return { fetch: lbFetch, hops };
}

/** For every tunnel call after a handshake: the instance that made the channel and the one that used it. */
function channelUse(hops: Hop[]): { madeOn: InstanceName; usedOn: InstanceName }[] {
  const uses: { madeOn: InstanceName; usedOn: InstanceName }[] = [];
  let madeOn: InstanceName | undefined;
  for (const hop of hops) {
    if (hop.path === '/channel/handshake' && hop.status === 200) madeOn = hop.servedBy;
    if (hop.path === '/channel/tunnel' && hop.status === 200 && madeOn) {
      uses.push({ madeOn, usedOn: hop.servedBy });
    }
  }
  return uses;
}

/** Runs `npm run channel:rotate-keys` (the same command, without npm) with `env`; returns the new kid. */
async function rotateKeysWithCli(env: Record<string, string>): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--conditions=ironcart-source', '--import', 'tsx', rotateKeysCli],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = once(child, 'exit');
  try {
    const [code] = await within(exited, 60_000, 'channel:rotate-keys');
    expect(code, output).toBe(0);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await within(exited, 5_000, 'killing channel:rotate-keys').catch(() => undefined);
    }
  }
  const kid = /New current channel key ([A-Za-z0-9_-]+);/.exec(output)?.[1];
  if (!kid) throw new Error(`channel:rotate-keys printed no key id: ${output}`);
  return kid;
}

async function keysOf(instance: Instance) {
  const answer = await fetch(`${instance.process.baseUrl}/channel/keys`, {
    signal: AbortSignal.timeout(10_000),
  });
  expect(answer.status).toBe(200);
  return parseKeysDocument(await answer.json());
}

async function getAccessToken(instance: Instance) {
  const answer = await fetch(`${instance.process.baseUrl}/getAccessToken`, {
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: answer.status,
    retryAfter: answer.headers.get('retry-after'),
    body: await answer.json(),
  };
}

/** A fresh guest client talking to one instance only, remembering the kid of its handshakes. */
function pinnedClient(instance: Instance) {
  const kids: string[] = [];
  const client = new IroncartClient({
    baseUrl: instance.process.baseUrl,
    store: new MemorySessionStore(),
    fetch: async (input, init) => {
      if (String(input).endsWith('/channel/handshake') && init?.body) {
        kids.push(JSON.parse(Buffer.from(init.body as Uint8Array).toString('utf8')).kid);
      }
      return fetch(input, { ...init, signal: AbortSignal.timeout(30_000) });
    },
  });
  return { client, kids };
}

/** Stops a process this suite started, if it still runs: SIGTERM, then SIGKILL; bounded. */
async function stop(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  try {
    await within(server.exited, 15_000, 'graceful stop');
  } catch {
    server.child.kill('SIGKILL');
    await within(server.exited, 5_000, 'kill');
  }
}

describe.skipIf(skipped)('two server processes on one PostgreSQL and one Redis', () => {
  let scratch: ScratchPostgres | undefined;
  let dataDir: string | undefined;
  let redis: Redis | undefined;
  const prefix = `ironcart-test:scale-out-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}:`;
  let env: Record<string, string> = {};
  const instances: Instance[] = [];
  const pair = () => instances as [Instance, Instance];

  beforeAll(async () => {
    if (!databaseUrl || !redisUrl) {
      throw new Error(
        `[scale-out] ${missing.join(' and ')} not set: in CI (CI=${process.env.CI}) this suite ` +
          'runs and fails instead of skipping. Set TEST_DATABASE_URL and REDIS_URL.',
      );
    }
    scratch = await createScratchPostgres();
    dataDir = mkdtempSync(path.join(tmpdir(), 'ironcart-scale-out-'));
    redis = new Redis(redisUrl);
    const sharedRedis = new URL(redisUrl);
    sharedRedis.searchParams.set('keyPrefix', prefix);
    env = {
      DATABASE_URL: scratch.url,
      REDIS_URL: sharedRedis.toString(),
      CHANNEL_KEK: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      SEED_DEMO_CATALOG: 'true',
      TEST_GATEWAY_LATENCY_MS: '10',
      LOG_LEVEL: 'warn',
    };
    // Both at once, on an empty database: migrations under the advisory lock, the seed once.
    const started = await Promise.allSettled([
      startQuietServerProcess(env),
      startQuietServerProcess(env),
    ]);
    for (const [i, result] of started.entries()) {
      if (result.status === 'rejected') continue;
      const name: InstanceName = i === 0 ? 'A' : 'B';
      instances.push({
        name,
        process: result.value,
        port: Number(new URL(result.value.baseUrl).port),
        down: false,
      });
    }
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  });

  afterAll(async () => {
    const problems: unknown[] = [];
    const attempt = async (step: () => Promise<unknown> | unknown) => {
      try {
        await step();
      } catch (error) {
        problems.push(error);
      }
    };
    for (const instance of instances) await attempt(() => stop(instance.process));
    await attempt(async () => {
      if (!redis) return;
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    });
    await attempt(() => redis?.quit());
    await attempt(() => scratch?.drop());
    await attempt(() => dataDir && rmSync(dataDir, { recursive: true, force: true }));
    if (problems.length > 0) throw new AggregateError(problems, 'scale-out clean-up failed');
  });

  test('both instances serve the same catalog and the same channel keys', async () => {
    const [a, b] = pair();
    const [keysA, keysB] = [await keysOf(a), await keysOf(b)];
    expect(keysB.current).toBe(keysA.current);
    expect(keysB.keys.map((k) => k.kid)).toEqual(keysA.keys.map((k) => k.kid));
    // Started together on an empty database, they seeded one catalog between them.
    const counts = [];
    for (const instance of [a, b]) {
      counts.push((await pinnedClient(instance).client.products({ limit: 1 })).total);
    }
    expect(counts[0]).toBeGreaterThan(10);
    expect(counts[1]).toBe(counts[0]);
  });

  test('rate limits are counted once for both instances, in Redis', async () => {
    const [a, b] = pair();
    // The legacy GET /getAccessToken allows 1 per 10 s per client IP; the journey never calls it.
    // Without a client key it is refused (401), and that attempt counts like any other.
    expect(await getAccessToken(a)).toMatchObject({
      status: 401,
      body: { response: 'MISSING_CLIENT_KEY' },
    });
    const refused = await getAccessToken(b);
    expect(refused).toMatchObject({ status: 429, body: { response: 'RATE_LIMITED' } });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await getAccessToken(a)).status).toBe(429);
    expect(await redis?.keys(`${prefix}ironcart:rate-limit:legacy_get_token:*`)).toEqual([
      `${prefix}ironcart:rate-limit:legacy_get_token:127.0.0.1`,
    ]);
  });

  test('a shopper alternating between the instances buys through a key rotation and the loss of one', async () => {
    const [a, b] = pair();
    const byName = { A: a, B: b };
    const lb = loadBalancer([a, b]);
    const shopper = new IroncartClient({
      baseUrl: 'http://ironcart.lb.test',
      fetch: lb.fetch,
      store: new MemorySessionStore(),
    });
    const states: ChannelState[] = [];
    shopper.channel.onStateChange((state) => states.push(state));

    // Browse as a guest.
    const categories = await shopper.categories();
    expect(categories.items.length).toBeGreaterThan(3);
    const page = await shopper.products({ limit: 5 });
    expect(page.items).toHaveLength(5);
    const found = await shopper.products({ q: 'brazil' });
    expect(found.items.length).toBeGreaterThan(0);
    for (const item of found.items) expect(item.title.toLowerCase()).toContain('brazil');
    const jersey = await shopper.product('brazil-home-jersey');
    expect(jersey).toMatchObject({ id: 'brazil-home-jersey', stock: { state: 'in_stock' } });

    // Sign up, log out, log in.
    const email = `scale-out-${randomBytes(4).toString('hex')}@example.com`;
    expect(await shopper.signUp({ email, password: PASSWORD, name: 'Scale Out' })).toMatchObject({
      email,
    });
    expect((await shopper.me()).email).toBe(email);
    await shopper.logout();
    expect(await shopper.session()).toMatchObject({ authenticated: false, user: null });
    expect(await shopper.login({ email, password: PASSWORD })).toMatchObject({ email });

    // Fill the cart (a jersey's line is one of its sizes): add, increment, decrement, remove.
    const sizeInStock = async (productId: string) => {
      const size = (await shopper.product(productId)).variants.find(
        (variant) => variant.stock.available >= 2,
      );
      if (!size) throw new Error(`no size of ${productId} with 2 in stock`);
      return size.id;
    };
    const brazil = await sizeInStock('brazil-home-jersey');
    const germany = await sizeInStock('germany-home-jersey');
    const spain = await sizeInStock('spain-home-jersey');
    await shopper.addToCart(brazil, 1);
    await shopper.addToCart(germany, 2);
    await shopper.addToCart(spain, 1);
    expect((await shopper.incrementCartItem(brazil)).itemCount).toBe(5);
    expect((await shopper.decrementCartItem(germany)).itemCount).toBe(4);
    const cart = await shopper.removeFromCart(spain);
    expect(cart.lines.map((l) => [l.productId, l.variantId, l.quantity])).toEqual([
      ['brazil-home-jersey', brazil, 2],
      ['germany-home-jersey', germany, 1],
    ]);

    // Rotate the channel key now, from outside both instances, on the shared database.
    const before = await keysOf(a);
    const kid = await rotateKeysWithCli(env);
    expect(kid).not.toBe(before.current);
    for (const instance of [b, a]) {
      const keys = await keysOf(instance);
      expect(keys.current, `current key on ${instance.name}`).toBe(kid);
      // The old key stays listed for the grace period (clients may have it cached).
      expect(keys.keys.map((k) => k.kid)).toEqual([kid, before.current]);
    }
    // The shopper's channel, made under the old key, goes on on both instances.
    const hopsBeforeRotationCheck = lb.hops.length;
    expect(await shopper.cart()).toEqual(cart);
    expect(await shopper.cart()).toEqual(cart);
    const afterRotation = lb.hops.slice(hopsBeforeRotationCheck);
    expect(afterRotation.map((h) => [h.path, h.status])).toEqual([
      ['/channel/tunnel', 200],
      ['/channel/tunnel', 200],
    ]);
    expect(new Set(afterRotation.map((h) => h.servedBy))).toEqual(new Set(['A', 'B']));
    // New channels are made under the new key on each instance...
    for (const instance of [a, b]) {
      const guest = pinnedClient(instance);
      expect((await guest.client.products({ limit: 1 })).items).toHaveLength(1);
      expect(guest.kids, `handshake on ${instance.name}`).toEqual([kid]);
    }
    // ...and across them: made on one, used on the other.
    const guestLb = loadBalancer([a, b]);
    const guest = new IroncartClient({
      baseUrl: 'http://ironcart.lb.test',
      fetch: guestLb.fetch,
      store: new MemorySessionStore(),
    });
    expect((await guest.products({ limit: 1 })).items).toHaveLength(1);
    expect(guestLb.hops.map((h) => [h.path, h.servedBy, h.status])).toEqual([
      ['/channel/keys', 'A', 200],
      ['/channel/handshake', 'B', 200],
      ['/channel/tunnel', 'A', 200],
    ]);
    // A client that fetched the keys just before the rotation still gets a channel (grace).
    const stale = before.keys.find((k) => k.kid === before.current);
    const { body, pending } = await createHandshake(stale?.jwk, before.current);
    const staleAnswer = await fetch(`${b.process.baseUrl}/channel/handshake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    expect(staleAnswer.status).toBe(200);
    await completeHandshake(pending, await staleAnswer.json());

    // Kill the instance that made the shopper's current channel, mid-journey.
    const lastHandshake = lb.hops.findLast(
      (h) => h.path === '/channel/handshake' && h.status === 200,
    );
    const victim = byName[lastHandshake?.servedBy ?? 'A'];
    const survivor = victim === a ? b : a;
    const hopsBeforeKill = lb.hops.length;
    victim.process.child.kill('SIGKILL');
    expect(await within(victim.process.exited, 10_000, `instance ${victim.name} exit`)).toBe(null);
    expect(victim.process.child.signalCode).toBe('SIGKILL');

    // The journey finishes on the survivor: same login, same channel, same cart.
    expect(await shopper.cart()).toEqual(cart);
    expect((await shopper.me()).email).toBe(email);
    const order = await shopper.checkout(
      { card, billing, cartVersion: cart.version },
      newIdempotencyKey(),
    );
    expect(order).toMatchObject({
      status: 'paid',
      itemCount: 3,
      total: cart.total,
      payment: { brand: 'visa', last4: '4242' },
    });
    expect(order.lines.map((l) => [l.variantId, l.quantity])).toEqual([
      [brazil, 2],
      [germany, 1],
    ]);
    expect((await shopper.orders()).map((o) => o.id)).toEqual([order.id]);
    expect(await shopper.order(order.id)).toEqual(order);
    const pdf = await shopper.invoice(order.id);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect((await shopper.cart()).lines).toEqual([]);

    const afterKill = lb.hops.slice(hopsBeforeKill);
    // The load balancer took it out because its connection was refused, then sent all to the other.
    expect(victim.down).toBe(true);
    expect(afterKill.every((h) => h.servedBy === survivor.name)).toBe(true);
    expect(afterKill.filter((h) => h.failedOver).length).toBeGreaterThan(0);
    expect(afterKill.find((h) => h.routedTo === victim.name)?.failedOver).toBe(true);
    expect(afterKill.some((h) => h.path === '/channel/handshake')).toBe(false);

    // Over the whole journey: both instances made channels, each used on the other, and no
    // channel was ever refused (the SDK never had to make one again).
    const handshakes = lb.hops.filter((h) => h.path === '/channel/handshake');
    expect(new Set(handshakes.map((h) => h.servedBy))).toEqual(new Set(['A', 'B']));
    const uses = channelUse(lb.hops).map((u) => `${u.madeOn}->${u.usedOn}`);
    expect(uses).toContain('A->B');
    expect(uses).toContain('B->A');
    expect(lb.hops.filter((h) => h.status !== 200)).toEqual([]);
    expect(states).not.toContain('re-establishing');
    // Neither instance logged an error.
    for (const instance of [a, b]) {
      const errors = instance.process.logs.filter((l) => Number(l.level) >= 50);
      expect(errors, `errors logged by ${instance.name}`).toEqual([]);
    }
  }, 90_000);
});
