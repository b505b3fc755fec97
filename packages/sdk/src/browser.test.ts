import { fileURLToPath } from 'node:url';
import { ENDPOINT_HANDSHAKE, ENDPOINT_KEYS, ENDPOINT_TUNNEL } from '@ironcart/channel';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { deviceTokens, users } from '../../../apps/server/src/modules/accounts/tables.js';
import { categories } from '../../../apps/server/src/modules/catalog/tables.js';
import { createTestApp, type TestApp } from '../../../apps/server/src/test-support/app.js';
import {
  browserSuiteSkipped,
  bundleForBrowser,
  launchBrowser,
} from '../../../apps/server/src/test-support/browser.js';
import { insertProducts } from '../../../apps/server/src/test-support/catalog.js';
import type { IroncartClient } from './index.js';
import type { SdkTestGlobals } from './test-fixtures/browser-entry.js';

/**
 * The SDK in a real browser (Debian's Chromium through playwright-core) against the real server
 * on a socket: the page is served by the app itself, so the SDK talks to its own origin.
 */

const PAGE = '/test/sdk.html';
const SCRIPT = '/test/sdk.js';
const ENTRY = fileURLToPath(new URL('./test-fixtures/browser-entry.ts', import.meta.url));
const HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <link rel="icon" href="data:,">
    <title>Ironcart SDK test page</title>
    <script type="module" src="${SCRIPT}"></script>
  </head>
  <body></body>
</html>
`;

/** `window` in the test page: the fixture's globals, plus what the tests leave there. */
type TestWindow = Window &
  SdkTestGlobals & {
    client: IroncartClient;
    states: string[];
  };

/** One request the page sent (page loads included). */
interface SentRequest {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

interface Tab {
  page: Page;
  requests: SentRequest[];
  /** Status of every answer, by path. */
  answers: { path: string; status: number }[];
  errors: Error[];
}

const CHANNEL_TRAFFIC = new Set([
  `GET ${ENDPOINT_KEYS}`,
  `POST ${ENDPOINT_HANDSHAKE}`,
  `POST ${ENDPOINT_TUNNEL}`,
]);

/** What the SDK sent: everything but loading the test page itself. */
function sdkTraffic(tab: Tab): SentRequest[] {
  return tab.requests.filter((r) => r.path !== PAGE && r.path !== SCRIPT);
}

function count(tab: Tab, path: string): number {
  return tab.requests.filter((r) => r.path === path).length;
}

/** Everything the SDK sent went to the channel endpoints; nothing to /api/ in plaintext. */
function expectOnlyChannelTraffic(...tabs: Tab[]): void {
  for (const tab of tabs) {
    for (const request of sdkTraffic(tab)) {
      expect(CHANNEL_TRAFFIC, request.url).toContain(`${request.method} ${request.path}`);
      expect(request.url).not.toContain('/api/');
      expect(request.body?.toString('latin1') ?? '').not.toContain('/api/');
    }
    expect(tab.errors).toEqual([]);
  }
}

/** Makes a client with the default store in the page, recording its channel states. */
function startClient(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as TestWindow;
    w.states = [];
    w.client = new w.IroncartClient({ baseUrl: '' });
    w.client.channel.onStateChange((state) => w.states.push(state));
  });
}

function callSession(page: Page) {
  return page.evaluate(() => (window as unknown as TestWindow).client.session());
}

function statesIn(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as TestWindow).states);
}

/** What IndexedDB holds, read directly (not through the SDK's store). */
interface StoredSession {
  fields: string[];
  sid: unknown;
  keys: {
    field: string;
    type: string;
    algorithm: string;
    extractable: boolean;
    usages: string[];
  }[];
  /** The error each CryptoKey gave when asked to export itself (none may succeed). */
  exports: string[];
  /** Fields holding raw bytes (there must be none). */
  byteFields: string[];
}

function readStoredSession(page: Page): Promise<StoredSession | undefined> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it empty: look first.
    const databases = await indexedDB.databases();
    if (!databases.some((d) => d.name === 'ironcart')) return undefined;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('ironcart');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const value = await new Promise<unknown>((resolve, reject) => {
        const get = db.transaction('channel', 'readonly').objectStore('channel').get('session');
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      });
      if (typeof value !== 'object' || value === null) return undefined;
      const entries = Object.entries(value as Record<string, unknown>);
      const keys: StoredSession['keys'] = [];
      const exports: string[] = [];
      for (const [field, key] of entries) {
        if (!(key instanceof CryptoKey)) continue;
        keys.push({
          field,
          type: key.type,
          algorithm: key.algorithm.name,
          extractable: key.extractable,
          usages: [...key.usages],
        });
        for (const format of ['raw', 'jwk'] as const) {
          exports.push(
            await crypto.subtle.exportKey(format, key).then(
              () => `${field} exported as ${format}`,
              (error: DOMException) => error.name,
            ),
          );
        }
      }
      return {
        fields: entries.map(([field]) => field).sort(),
        sid: (value as { sid?: unknown }).sid,
        keys,
        exports,
        byteFields: entries
          .filter(([, v]) => v instanceof ArrayBuffer || ArrayBuffer.isView(v))
          .map(([field]) => field),
      };
    } finally {
      db.close();
    }
  });
}

async function storedSid(page: Page): Promise<string> {
  const stored = await readStoredSession(page);
  if (typeof stored?.sid !== 'string') throw new Error('no session in IndexedDB');
  return stored.sid;
}

describe.skipIf(browserSuiteSkipped('sdk browser tests'))('the SDK in Chromium', () => {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let origin = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [script, app] = await Promise.all([
      bundleForBrowser(ENTRY),
      createTestApp('pglite', { seedDemoCatalog: false }),
    ]);
    t = app;
    // A tee in two sizes and a ball without options, for the cart calls.
    const { db } = t.testDatabase.database;
    await db.insert(categories).values({ id: 'sdk-kit', name: 'SDK kit' });
    await insertProducts(db, [
      {
        id: 'sdk-tee',
        title: 'SDK Tee',
        priceCents: 2000,
        sizes: { S: 3, M: 5 },
        categoryId: 'sdk-kit',
      },
      { id: 'sdk-ball', title: 'SDK Ball', priceCents: 1500, stock: 4, categoryId: 'sdk-kit' },
    ]);
    // Test-only routes, on the app's own origin: no CORS involved.
    const hide = { schema: { hide: true } };
    t.app.get(PAGE, hide, (_request, reply) => reply.type('text/html; charset=utf-8').send(HTML));
    t.app.get(SCRIPT, hide, (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').send(script),
    );
    origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh browser profile (its own IndexedDB); its tabs share it, as real tabs do. */
  async function newContext(): Promise<BrowserContext> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    contexts.push(context);
    return context;
  }

  async function openTab(context: BrowserContext): Promise<Tab> {
    const page = await context.newPage();
    const tab: Tab = { page, requests: [], answers: [], errors: [] };
    page.on('request', (request) => {
      const url = new URL(request.url());
      tab.requests.push({
        method: request.method(),
        path: url.pathname + url.search,
        url: request.url(),
        headers: request.headers(),
        body: request.postDataBuffer(),
      });
    });
    page.on('response', (response) => {
      tab.answers.push({ path: new URL(response.url()).pathname, status: response.status() });
    });
    page.on('pageerror', (error) => tab.errors.push(error));
    await page.goto(`${origin}${PAGE}`);
    await page.waitForFunction(() => 'IroncartClient' in window);
    return tab;
  }

  test('a page opens a channel with the default store (IndexedDB) and calls the API', async () => {
    const tab = await openTab(await newContext());
    await startClient(tab.page);
    const info = await callSession(tab.page);
    expect(info).toEqual({
      authenticated: false,
      user: null,
      expiresAt: expect.any(String),
      idleTimeoutSeconds: 30 * 60,
    });
    expect(await statesIn(tab.page)).toEqual(['establishing', 'established']);
    expect(count(tab, ENDPOINT_KEYS)).toBe(1);
    expect(count(tab, ENDPOINT_HANDSHAKE)).toBe(1);
    expect(count(tab, ENDPOINT_TUNNEL)).toBe(1);
    // The default store is IndexedDB: the session is there.
    expect(typeof (await readStoredSession(tab.page))?.sid).toBe('string');
    expectOnlyChannelTraffic(tab);
  });

  test('the stored session is only non-extractable CryptoKeys and ids; no web storage', async () => {
    const tab = await openTab(await newContext());
    await startClient(tab.page);
    await callSession(tab.page);
    const stored = await readStoredSession(tab.page);
    expect(stored).toBeDefined();
    expect(stored?.fields).toEqual(['c2s', 'clockOffsetMs', 'kid', 's2c', 'sid', 'v']);
    expect(stored?.byteFields).toEqual([]);
    const hkdfKey = {
      type: 'secret',
      algorithm: 'HKDF',
      extractable: false,
      usages: ['deriveKey', 'deriveBits'],
    };
    expect(stored?.keys).toEqual([
      { field: 'c2s', ...hkdfKey },
      { field: 's2c', ...hkdfKey },
    ]);
    // No way to get the key bytes out, in any format.
    expect(stored?.exports).toHaveLength(4);
    for (const outcome of stored?.exports ?? []) {
      expect(['InvalidAccessError', 'NotSupportedError']).toContain(outcome);
    }
    const web = await tab.page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
    }));
    expect(web).toEqual({ local: 0, session: 0, cookie: '' });
    expectOnlyChannelTraffic(tab);
  });

  test('the device token is kept per account in IndexedDB, next to the session, and sent at the next login', async () => {
    const tab = await openTab(await newContext());
    // A profile from before device tokens: the database at version 1, with the session store only.
    await tab.page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('ironcart', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('channel');
          open.onsuccess = () => {
            open.result.close();
            resolve();
          };
          open.onerror = () => reject(open.error);
        }),
    );
    await startClient(tab.page);
    const email = 'browser-device@example.com';
    await tab.page.evaluate(
      (address) =>
        (window as unknown as TestWindow).client.signUp({
          email: address,
          password: 'correct horse battery staple',
          name: 'Dev',
        }),
      email,
    );
    const readToken = () =>
      tab.page.evaluate(
        (address) =>
          new Promise<unknown>((resolve, reject) => {
            const open = indexedDB.open('ironcart');
            open.onsuccess = () => {
              const get = open.result
                .transaction('devices', 'readonly')
                .objectStore('devices')
                .get(address);
              get.onsuccess = () => {
                open.result.close();
                resolve(get.result);
              };
              get.onerror = () => reject(get.error);
            };
            open.onerror = () => reject(open.error);
          }),
        email,
      );
    const first = await readToken();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await tab.page.reload();
    await tab.page.waitForFunction(() => 'IroncartClient' in window);
    await startClient(tab.page);
    await tab.page.evaluate(async (address) => {
      const { client } = window as unknown as TestWindow;
      await client.logout();
      await client.login({ email: address, password: 'correct horse battery staple' });
    }, email);
    const second = await readToken();
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    // The login presented the first token: the server replaced it instead of adding a device.
    const db = t?.testDatabase.database.db;
    if (!db) throw new Error('no app');
    const devices = await db
      .select({ id: deviceTokens.id })
      .from(deviceTokens)
      .innerJoin(users, eq(users.id, deviceTokens.userId))
      .where(eq(users.email, email));
    expect(devices).toHaveLength(1);
    expectOnlyChannelTraffic(tab);
  });

  test('a reload keeps the session: same sid, no new handshake', async () => {
    const tab = await openTab(await newContext());
    await startClient(tab.page);
    await callSession(tab.page);
    const sid = await storedSid(tab.page);

    await tab.page.reload();
    await tab.page.waitForFunction(() => 'IroncartClient' in window);
    await startClient(tab.page);
    await expect(callSession(tab.page)).resolves.toMatchObject({ authenticated: false });

    expect(await storedSid(tab.page)).toBe(sid);
    expect(count(tab, PAGE)).toBe(2);
    expect(count(tab, ENDPOINT_KEYS)).toBe(1);
    expect(count(tab, ENDPOINT_HANDSHAKE)).toBe(1);
    expect(count(tab, ENDPOINT_TUNNEL)).toBe(2);
    // Loaded, not made: the reloaded client never went through 'establishing'.
    expect(await statesIn(tab.page)).toEqual(['established']);
    expectOnlyChannelTraffic(tab);
  });

  test('two tabs share one session and call concurrently', async () => {
    const context = await newContext();
    const first = await openTab(context);
    const second = await openTab(context);
    await startClient(first.page);
    await callSession(first.page);
    const sid = await storedSid(first.page);

    await startClient(second.page);
    const burst = (page: Page) =>
      page.evaluate(async () => {
        const { client } = window as unknown as TestWindow;
        const answers = await Promise.all(Array.from({ length: 20 }, () => client.session()));
        return answers.filter((answer) => answer.authenticated === false).length;
      });
    expect(await Promise.all([burst(first.page), burst(second.page)])).toEqual([20, 20]);

    expect(await storedSid(first.page)).toBe(sid);
    expect(await storedSid(second.page)).toBe(sid);
    // One handshake for both tabs: the second tab found the session in IndexedDB.
    expect(count(first, ENDPOINT_HANDSHAKE) + count(second, ENDPOINT_HANDSHAKE)).toBe(1);
    expect(count(second, ENDPOINT_KEYS)).toBe(0);
    expect(count(first, ENDPOINT_TUNNEL)).toBe(21);
    expect(count(second, ENDPOINT_TUNNEL)).toBe(20);
    for (const tab of [first, second]) {
      expect(tab.answers.filter((a) => a.path === ENDPOINT_TUNNEL && a.status !== 200)).toEqual([]);
    }
    expect(await statesIn(second.page)).toEqual(['established']);
    expectOnlyChannelTraffic(first, second);
  });

  test('when the server forgets the channel, the next call re-establishes it transparently', async () => {
    const context = await newContext();
    const first = await openTab(context);
    const second = await openTab(context);
    await startClient(first.page);
    await startClient(second.page);
    await callSession(first.page);
    await callSession(second.page);
    const oldSid = await storedSid(first.page);

    await t?.app.channel.sessions.destroy(oldSid);

    // The first tab's call is refused by the server, makes a new channel and succeeds.
    await expect(callSession(first.page)).resolves.toMatchObject({ authenticated: false });
    const newSid = await storedSid(first.page);
    expect(newSid).not.toBe(oldSid);
    expect(await statesIn(first.page)).toEqual([
      'establishing',
      'established',
      're-establishing',
      'established',
    ]);
    expect(count(first, ENDPOINT_HANDSHAKE)).toBe(2);
    expect(first.answers.filter((a) => a.path === ENDPOINT_TUNNEL).map((a) => a.status)).toEqual([
      200, 401, 200,
    ]);

    // The second tab still holds the old session in memory: refused too, it takes the new one
    // the first tab stored instead of making a third.
    await expect(callSession(second.page)).resolves.toMatchObject({ authenticated: false });
    expect(count(second, ENDPOINT_HANDSHAKE)).toBe(0);
    expect(await storedSid(second.page)).toBe(newSid);
    expect(await statesIn(second.page)).toEqual(['established', 're-establishing', 'established']);
    expectOnlyChannelTraffic(first, second);
  });

  test('cart calls name a variant: two sizes are two lines, a product without options by its id, a product with options refused', async () => {
    const tab = await openTab(await newContext());
    await startClient(tab.page);
    const outcome = await tab.page.evaluate(async () => {
      const { client } = window as unknown as TestWindow;
      type Answer = Awaited<ReturnType<typeof client.cart>>;
      // Each step: the lines as [variant, product, label, SKU, quantity], in variant order.
      const lines = (cart: Answer) =>
        cart.lines
          .map((l) => [l.variantId, l.productId, l.variantLabel, l.sku, l.quantity] as const)
          .sort(([a], [b]) => a.localeCompare(b));
      const refusal = (call: Promise<unknown>) =>
        call.then(
          () => 'accepted',
          (error: { status: number; code: string }) => `${error.status} ${error.code}`,
        );
      return {
        added: lines(await client.addToCart('sdk-tee-m', 2)),
        otherSize: lines(await client.addToCart('sdk-tee-s')),
        incremented: lines(await client.incrementCartItem('sdk-tee-s')),
        decremented: lines(await client.decrementCartItem('sdk-tee-m')),
        set: lines(await client.setCartQuantity('sdk-tee-s', 3)),
        ball: lines(await client.addToCart('sdk-ball')),
        removed: lines(await client.removeFromCart('sdk-tee-m')),
        needsSize: await refusal(client.addToCart('sdk-tee')),
        unknown: await refusal(client.addToCart('sdk-tee-xl')),
        overStock: await refusal(client.incrementCartItem('sdk-tee-s')),
        notInCart: await refusal(client.removeFromCart('sdk-tee-m')),
      };
    });
    const m = ['sdk-tee-m', 'sdk-tee', 'Size M', 'SDK-TEE-M'] as const;
    const s = ['sdk-tee-s', 'sdk-tee', 'Size S', 'SDK-TEE-S'] as const;
    const ball = ['sdk-ball', 'sdk-ball', '', 'SDK-BALL'] as const;
    expect(outcome).toEqual({
      added: [[...m, 2]],
      otherSize: [
        [...m, 2],
        [...s, 1],
      ],
      incremented: [
        [...m, 2],
        [...s, 2],
      ],
      decremented: [
        [...m, 1],
        [...s, 2],
      ],
      set: [
        [...m, 1],
        [...s, 3],
      ],
      ball: [
        [...ball, 1],
        [...m, 1],
        [...s, 3],
      ],
      removed: [
        [...ball, 1],
        [...s, 3],
      ],
      needsSize: '409 variant_required',
      unknown: '404 not_found',
      overStock: '409 insufficient_stock',
      notInCart: '404 not_found',
    });
    expectOnlyChannelTraffic(tab);
  });

  test('nothing of an API call leaves the page outside the channel', async () => {
    const tab = await openTab(await newContext());
    const answers: Promise<Buffer>[] = [];
    tab.page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/channel/')) answers.push(response.body());
    });
    await startClient(tab.page);
    const answer = await tab.page.evaluate(async () => {
      const { client } = window as unknown as TestWindow;
      await client.session();
      const response = await client.channel.send('POST', '/api/v1/needle-path', {
        query: { q: 'needle-query' },
        json: { secret: 'needle-body' },
        headers: { 'x-needle': 'needle-header' },
      });
      return { status: response.status, body: new TextDecoder().decode(response.body) };
    });
    // The inner answer (a 404 for the unknown route) came back and was opened in the page.
    expect(answer.status).toBe(404);
    expect(answer.body).toContain('needle-path');

    const sent = sdkTraffic(tab);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${ENDPOINT_KEYS}`,
      `POST ${ENDPOINT_HANDSHAKE}`,
      `POST ${ENDPOINT_TUNNEL}`,
      `POST ${ENDPOINT_TUNNEL}`,
    ]);
    for (const request of sent) {
      const outside = [
        request.url,
        JSON.stringify(request.headers),
        request.body?.toString('latin1'),
      ];
      for (const text of outside) {
        for (const needle of ['needle', '/api/']) expect(text ?? '').not.toContain(needle);
      }
    }
    for (const body of await Promise.all(answers)) {
      for (const needle of ['needle', '/api/', 'not_found']) {
        expect(body.toString('latin1')).not.toContain(needle);
      }
    }
    expectOnlyChannelTraffic(tab);
  });
});
