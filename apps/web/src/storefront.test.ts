import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { extractPdfPages } from '../../server/src/test-support/pdf.js';

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

    test('sign up at checkout, a declined card then a good one, the invoice, my orders, log out', async () => {
      if (!browser) throw new Error('no browser');
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      try {
        const page = await context.newPage();
        const seen = watch(page);

        // A guest fills the cart; the login on the way to checkout keeps it (server-side merge).
        await page.goto(`${origin}/product/argentina-home-jersey`);
        await page.getByRole('heading', { level: 1, name: 'Argentina Home Jersey' }).waitFor();
        await page.getByRole('link', { name: 'Log in' }).waitFor();
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await page.getByRole('link', { name: /^Cart, 1 items$/ }).click();
        await page.getByRole('link', { name: 'Checkout' }).click();
        await page.waitForURL(/\/login\?next=%2Fcheckout$/);
        await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();

        await page.getByRole('link', { name: 'Create an account' }).click();
        await page.waitForURL(/\/signup\?next=%2Fcheckout$/);
        await page.getByLabel('Your name').fill('Ada Lovelace');
        await page.getByLabel('Email').fill(`ada-${Date.now()}@example.com`);
        await page.getByLabel('Password', { exact: true }).fill('pitch-lane-harbour-42');
        await page.getByRole('button', { name: 'Show password' }).click();
        expect(await page.getByLabel('Password', { exact: true }).getAttribute('type')).toBe(
          'text',
        );
        await page.getByRole('button', { name: 'Create account' }).click();

        await page.waitForURL(/\/checkout$/);
        await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
        await page.locator('[data-testid="cart-count"]', { hasText: /^1$/ }).waitFor();
        const summary = page.getByRole('complementary', { name: 'Order summary' });
        await summary.getByText('Argentina Home Jersey').waitFor();
        const cartTotal = (await textOf(page, '[data-testid="checkout-total"]')) ?? '';
        expect(cartTotal).toMatch(/^\$\d+\.\d\d$/);

        expect(await page.getByLabel('Full name').inputValue()).toBe('Ada Lovelace');
        await page.getByLabel('Address line 1').fill('12 Pitch Lane');
        await page.getByLabel('City').fill('Portland');
        await page.getByLabel('Postal code').fill('97204');
        expect(await page.getByLabel('Country').inputValue()).toBe('US');
        const number = page.getByLabel('Card number');
        await number.fill('4000000000000002');
        expect(await number.inputValue()).toBe('4000 0000 0000 0002');
        expect(await textOf(page, '[data-testid="card-brand"]')).toBe('Visa');
        // A field error appears on blur, tied to its field.
        const expiry = page.getByLabel('Expiry (MM / YY)');
        await expiry.fill('1');
        await expiry.blur();
        expect(await expiry.getAttribute('aria-invalid')).toBe('true');
        expect(await expiry.getAttribute('aria-describedby')).toBe('checkout-expiry-error');
        await expiry.fill('1230');
        expect(await expiry.inputValue()).toBe('12 / 30');
        expect(await expiry.getAttribute('aria-invalid')).toBeNull();
        await page.getByLabel('Security code (CVC)').fill('123');
        await page.getByLabel('Name on card').fill('Ada Lovelace');
        await page.getByLabel('Name on card').blur();
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(SHOTS, 'checkout-desktop.png'), fullPage: true });

        const pay = page.getByRole('button', { name: /^Pay \$/ });
        await pay.click();
        const declined = page.locator('[data-testid="checkout-error"]');
        await declined.getByText('Your card was declined. Please use another card.').waitFor();
        await page.screenshot({ path: join(SHOTS, 'checkout-declined-desktop.png') });

        await number.fill('4242 4242 4242 4242');
        await pay.click();
        await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?placed=1$/);
        await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
        const orderNumber = await textOf(page, '[data-testid="order-number"]');
        expect(orderNumber).toMatch(/^#\d+$/);
        expect(await textOf(page, '[data-testid="order-payment"]')).toBe('Visa ending in 4242');
        const orderTotal = await textOf(page, '[data-testid="order-total"]');
        expect(orderTotal).toBe(cartTotal);
        await page.locator('[data-testid="cart-count"]', { hasText: /^0$/ }).waitFor();
        await page.screenshot({ path: join(SHOTS, 'order-placed-desktop.png'), fullPage: true });

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download invoice (PDF)' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`ironcart-invoice-${orderNumber.slice(1)}.pdf`);
        const pdf = new Uint8Array(readFileSync(await download.path()));
        expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
        const text = (await extractPdfPages(pdf)).join('\n');
        expect(text).toContain('Argentina Home Jersey');
        expect(text).toContain(orderTotal);

        await page.getByRole('button', { name: /account menu/ }).click();
        await page.getByRole('link', { name: 'My orders', exact: true }).click();
        await page.waitForURL(/\/orders$/);
        const row = page.locator('[data-testid="order-row"]').first();
        await row.getByRole('link', { name: `Order ${orderNumber}` }).waitFor();
        expect(await row.textContent()).toContain(orderTotal);
        expect(await row.textContent()).toContain('Paid');

        await page.getByRole('button', { name: /account menu/ }).click();
        await page.getByRole('button', { name: 'Log out' }).click();
        await page.getByRole('link', { name: 'Log in' }).waitFor();

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
