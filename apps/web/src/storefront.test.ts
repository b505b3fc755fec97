import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENDPOINT_HANDSHAKE, ENDPOINT_KEYS, ENDPOINT_TUNNEL } from '@ironcart/channel';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, buildApp } from '../../server/src/app.js';
import { LogCapture, testConfig } from '../../server/src/test-support/app.js';
import { browserSuiteSkipped, launchBrowser } from '../../server/src/test-support/browser.js';
import { createTestDatabase, type TestDatabase } from '../../server/src/test-support/databases.js';

/**
 * The storefront end to end: the web app built with Vite, served by the real server (demo
 * catalog, fresh database) on a socket, driven in Debian's Chromium. Screenshots of the key
 * pages go to /tmp/web-shots/ (look at them after a design change).
 */

const CONFIG_FILE = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
const SHOTS = process.env.WEB_SHOTS_DIR ?? '/tmp/web-shots';
const CHANNEL_TRAFFIC = new Set([
  `GET ${ENDPOINT_KEYS}`,
  `POST ${ENDPOINT_HANDSHAKE}`,
  `POST ${ENDPOINT_TUNNEL}`,
]);

/**
 * The production build, as `npm run build` makes it. Vitest sets NODE_ENV=test, which would
 * make Vite bundle React's development build: production it is, for the build's duration.
 */
async function buildStorefront(into: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: CONFIG_FILE, logLevel: 'error', build: { outDir: into } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

let outDir = '';
let testDatabase: TestDatabase | undefined;
let app: App | undefined;
let origin = '';

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'ironcart-web-'));
  const [, database] = await Promise.all([buildStorefront(outDir), createTestDatabase('pglite')]);
  testDatabase = database;
  app = await buildApp(testConfig(), {
    database: database.database,
    logStream: new LogCapture(),
    webRoot: outDir,
  });
  origin = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  await testDatabase?.dispose();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('serving the built storefront', () => {
  test('index.html has no inline script or style, and is revalidated on every visit', async () => {
    const answer = await fetch(`${origin}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.headers.get('cache-control')).toBe('no-cache');
    expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await answer.text();
    // Every script is external; no style element or attribute at all.
    for (const script of html.match(/<script\b[^>]*>/g) ?? []) expect(script).toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<style\b|\sstyle=/);
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${origin}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test('app routes answer index.html; server paths and missing files do not', async () => {
    const deep = await fetch(`${origin}/product/argentina-home-jersey`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    for (const path of ['/api/v1/nothing', '/channel/nothing', '/images/nothing.svg']) {
      const answer = await fetch(`${origin}${path}`);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.headers.get('content-type'), path).toContain('application/json');
    }
    const missing = await fetch(`${origin}/assets/missing-123.js`);
    expect(missing.status).toBe(404);
  });
});

interface Watch {
  requests: { method: string; path: string; type: string }[];
  problems: string[];
}

function watch(page: Page): Watch {
  const seen: Watch = { requests: [], problems: [] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    seen.requests.push({
      method: request.method(),
      path: url.pathname + url.search,
      type: request.resourceType(),
    });
  });
  // CSP violations are reported on the console as errors.
  page.on('console', (message) => {
    if (message.type() === 'error') seen.problems.push(message.text());
  });
  page.on('pageerror', (error) => seen.problems.push(error.message));
  return seen;
}

/** Only page loads, static assets, images and the channel: never /api/ in plaintext. */
function expectNoPlaintextApi(seen: Watch): void {
  for (const request of seen.requests) {
    const what = `${request.method} ${request.path}`;
    expect(request.path, what).not.toMatch(/^\/api\//);
    const allowed =
      CHANNEL_TRAFFIC.has(what) ||
      (request.method === 'GET' &&
        (request.type === 'document' ||
          request.path.startsWith('/assets/') ||
          request.path.startsWith('/images/') ||
          request.path === '/favicon.svg'));
    expect(allowed, what).toBe(true);
  }
  expect(seen.requests.some((r) => r.path === ENDPOINT_TUNNEL)).toBe(true);
}

async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

describe.skipIf(browserSuiteSkipped('storefront browser tests'))(
  'the storefront in Chromium',
  () => {
    let browser: Browser | undefined;

    beforeAll(async () => {
      browser = await launchBrowser();
      mkdirSync(SHOTS, { recursive: true });
    });

    afterAll(async () => {
      await browser?.close();
    });

    test('search, open a product, add two, change the cart, empty it: all through the channel', async () => {
      if (!browser) throw new Error('no browser');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const seen = watch(page);

        await page.goto(`${origin}/`);
        await page.locator('ul[aria-label="Products"] .card').first().waitFor();
        await page.getByText('Secure channel: established').waitFor();
        await page.locator('.category-nav a', { hasText: 'Football Jerseys' }).waitFor();
        // Let the lazy images of the first row arrive before the picture.
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(SHOTS, 'home-desktop.png') });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.screenshot({ path: join(SHOTS, 'home-phone.png') });
        await page.setViewportSize({ width: 1280, height: 900 });

        await page.getByLabel('Search products').fill('argentina');
        await page.getByLabel('Search products').press('Enter');
        await page.waitForURL(/\?q=argentina$/);
        await page.getByRole('heading', { level: 1, name: /argentina/ }).waitFor();
        await page.locator('ul[aria-label="Products"] .card').first().waitFor();
        expect(await textOf(page, 'ul[aria-label="Products"] .card-title')).toBe(
          'Argentina Home Jersey',
        );

        await page.locator('ul[aria-label="Products"] .card-link').first().click();
        await page.waitForURL(/\/product\/argentina-home-jersey$/);
        await page.getByRole('heading', { level: 1, name: 'Argentina Home Jersey' }).waitFor();
        // A deep link survives a reload (the server answers index.html, the router takes over).
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Argentina Home Jersey' }).waitFor();
        await page.getByRole('button', { name: 'One more' }).click();
        expect(await textOf(page, '[data-testid="quantity"]')).toBe('2');
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByText('Added 2 to your cart.').waitFor();
        await page.locator('[data-testid="cart-count"]', { hasText: /^2$/ }).waitFor();

        await page.setViewportSize({ width: 390, height: 844 });
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(SHOTS, 'product-phone.png'), fullPage: true });
        await page.setViewportSize({ width: 1280, height: 900 });

        await page.getByRole('link', { name: /^Cart, \d+ items$/ }).click();
        await page.waitForURL(/\/cart$/);
        const total = page.locator('[data-testid="cart-total"]');
        await total.waitFor();
        const before = (await total.textContent()) ?? '';
        await page.screenshot({ path: join(SHOTS, 'cart-desktop.png') });
        await page.getByRole('button', { name: 'One more Argentina Home Jersey' }).click();
        await page.locator('[data-testid="cart-count"]', { hasText: /^3$/ }).waitFor();
        expect((await total.textContent()) ?? '').not.toBe(before);

        await page.getByRole('button', { name: 'Remove Argentina Home Jersey' }).click();
        await page.getByRole('heading', { name: 'Your cart is empty' }).waitFor();
        await page.getByRole('link', { name: 'Continue shopping' }).waitFor();
        expect(await textOf(page, '[data-testid="cart-count"]')).toBe('0');

        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test('an unknown product shows the 404 page', async () => {
      if (!browser) throw new Error('no browser');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(`${origin}/product/no-such-thing`);
        await page.getByRole('heading', { name: 'We could not find this product' }).waitFor();
        expectNoPlaintextApi(seen);
        // The channel answered 404 inside the envelope: nothing failed at the HTTP level.
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
