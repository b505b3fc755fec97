import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENDPOINT_HANDSHAKE, ENDPOINT_KEYS, ENDPOINT_TUNNEL } from '@ironcart/channel';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';
import { type App, buildApp } from '../../../server/src/app.js';
import { LogCapture, testConfig } from '../../../server/src/test-support/app.js';
import { launchBrowser } from '../../../server/src/test-support/browser.js';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../server/src/test-support/databases.js';

/**
 * What the web app's end-to-end tests (storefront.test.ts, admin.test.ts) share: the web app
 * built with Vite and served by the real server (demo catalog, fresh database) on a socket,
 * Debian's Chromium (the server's test-support/browser.ts launches it), and the checks every
 * journey makes: no console errors, never /api/ in plaintext, the layout at desktop and phone
 * widths (with screenshots), images described.
 *
 * Screenshots go to test-output/screenshots/ at the repository root (WEB_SHOTS_DIR overrides
 * it; the folder is not committed): look at them after a design change.
 */

const CONFIG_FILE = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
export const SHOTS =
  process.env.WEB_SHOTS_DIR ||
  fileURLToPath(new URL('../../../../test-output/screenshots/', import.meta.url));
/** Whole journeys in a real browser: a bound against hangs, not a speed check. */
export const JOURNEY_TIMEOUT_MS = 240_000;
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
const CHANNEL_TRAFFIC = new Set([
  `GET ${ENDPOINT_KEYS}`,
  `POST ${ENDPOINT_HANDSHAKE}`,
  `POST ${ENDPOINT_TUNNEL}`,
]);

/**
 * The production build, as `npm run build` makes it. Vitest sets NODE_ENV=test, which would
 * make Vite bundle React's development build: production it is, for the build's duration.
 */
async function buildWebApp(into: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: CONFIG_FILE, logLevel: 'error', build: { outDir: into } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** The running server of {@link serveBuiltWebApp}; its fields throw until it has started. */
export interface ServedWebApp {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly app: App;
}

/**
 * Builds the web app into a fresh temporary folder (`tmpPrefix`) and serves it with the real
 * server on a fresh PGlite database, for the test file that calls it (its beforeAll and
 * afterAll). `beforeListen` prepares the database first (e.g. creates an administrator).
 */
export function serveBuiltWebApp(
  tmpPrefix: string,
  beforeListen?: (database: TestDatabase) => Promise<void>,
): ServedWebApp {
  let outDir = '';
  let testDatabase: TestDatabase | undefined;
  let app: App | undefined;
  let origin = '';

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), tmpPrefix));
    const [, database] = await Promise.all([buildWebApp(outDir), createTestDatabase('pglite')]);
    testDatabase = database;
    app = await buildApp(testConfig(), {
      database: database.database,
      logStream: new LogCapture(),
      webRoot: outDir,
    });
    await beforeListen?.(database);
    origin = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    // Every client is gone by now (the browser closes first). A socket Chromium opened ahead
    // of a request it never sent is not "idle" to Node, and held the close open for about a
    // minute (until the headers timeout) in some runs: end them all.
    app?.server.closeAllConnections();
    await app?.close();
    await testDatabase?.dispose();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  return {
    get origin() {
      if (!origin) throw new Error('the web app is not served (yet)');
      return origin;
    },
    get app() {
      if (!app) throw new Error('the web app is not served (yet)');
      return app;
    },
  };
}

/**
 * Chromium for the suite that calls it (inside its `describe`): launched before its tests
 * (the screenshot folder made), closed after them.
 */
export function useChromium(): { readonly browser: Browser } {
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    get browser() {
      if (!browser) throw new Error('no browser');
      return browser;
    },
  };
}

/** What a page asked the server for, and what went wrong on it. */
export interface Watch {
  requests: { method: string; path: string; type: string }[];
  /** Console errors (CSP violations among them) and uncaught exceptions. */
  problems: string[];
}

/**
 * Records the page's requests and problems from now on. `ignoreDataUrls`: data: URLs (e.g.
 * the local preview of a chosen image) are no requests to the server, and are not recorded.
 */
export function watch(page: Page, options: { ignoreDataUrls?: boolean } = {}): Watch {
  const seen: Watch = { requests: [], problems: [] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (options.ignoreDataUrls && url.protocol === 'data:') return;
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
export function expectNoPlaintextApi(seen: Watch): void {
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

/**
 * The page's layout faults at the current width: elements that stick out sideways (outside
 * any scrolling box), cut-off input text, too small tap targets, and header icons off the
 * line of the cart icon.
 */
async function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const width = document.documentElement.clientWidth;
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''}`;
    const scrolls = (element: Element) =>
      ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(element).overflowX);
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      let inside = element.parentElement;
      while (inside && inside !== document.body && !scrolls(inside)) inside = inside.parentElement;
      if (inside && inside !== document.body) continue;
      faults.push(`${describe(element)} sticks out by ${Math.round(box.right - width)}px`);
    }
    const sideways = document.documentElement.scrollWidth - width;
    if (sideways > 0) faults.push(`the page scrolls sideways by ${sideways}px`);
    for (const input of Array.from(document.querySelectorAll('input'))) {
      if (input.offsetParent && input.value && input.scrollWidth > input.clientWidth) {
        faults.push(`the text of input#${input.id} is cut off`);
      }
    }
    // Tap targets (WCAG 2.2 target size): at least 24 by 24 CSS pixels, but links in a line
    // of text; visually hidden ones (skip link) do not count.
    const controls = document.querySelectorAll(
      'header a, header button, header input, main a, main button, main input, main select',
    );
    for (const control of Array.from(controls)) {
      const box = control.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      if (control.tagName === 'A' && getComputedStyle(control).display === 'inline') continue;
      // A check box counts with its label, which takes the tap too.
      const label = control instanceof HTMLInputElement ? control.labels?.[0] : undefined;
      const labelBox = label?.getBoundingClientRect();
      if (labelBox && labelBox.width >= 24 && labelBox.height >= 24) continue;
      if (box.width < 24 || box.height < 24) {
        faults.push(
          `${describe(control)} "${control.textContent?.trim()}" is a small target (${Math.round(box.width)}x${Math.round(box.height)})`,
        );
      }
    }
    const centre = (selector: string) => {
      const box = document.querySelector(selector)?.getBoundingClientRect();
      return box ? box.top + box.height / 2 : undefined;
    };
    const cart = centre('.cart-link svg');
    for (const selector of ['.account-button svg', 'a.header-link:not(.cart-link) svg']) {
      const icon = centre(selector);
      if (icon !== undefined && cart !== undefined && Math.abs(icon - cart) > 0.5) {
        faults.push(`${selector} is ${(icon - cart).toFixed(1)}px off the cart icon's line`);
      }
    }
    return faults.slice(0, 12);
  });
}

/**
 * Saves the page at desktop width (the viewport) and at phone width (the whole page), and
 * checks the layout at both (nothing sticks out sideways, the header icons line up).
 * Returns to the desktop width.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  expect(await layoutFaults(page), `${name} at desktop width`).toEqual([]);
  await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`) });
  await page.setViewportSize(PHONE);
  try {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage: true });
    expect(await layoutFaults(page), `${name} at phone width`).toEqual([]);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

/**
 * Every image has an alt text. An empty one (decorative) must not leave a link or button
 * without a name: its link then needs text of its own or is hidden from assistive technology.
 */
export async function expectImagesDescribed(page: Page): Promise<void> {
  const faults = await page.evaluate(() =>
    Array.from(document.images).flatMap((image) => {
      const alt = image.getAttribute('alt');
      if (alt === null) return [`no alt: ${image.src}`];
      if (alt.trim() !== '') return [];
      const control = image.closest('a, button');
      if (!control || control.closest('[aria-hidden="true"]')) return [];
      const name = control.getAttribute('aria-label') ?? control.textContent ?? '';
      return name.trim() === '' ? [`decorative image is a link's only content: ${image.src}`] : [];
    }),
  );
  expect(faults).toEqual([]);
}

/**
 * Fills the checkout form (every field found by its label; the country stays the United
 * States) with a card number and the name on the card.
 */
export async function fillCheckout(page: Page, card: string, nameOnCard: string): Promise<void> {
  await page.getByLabel('Address line 1').fill('12 Pitch Lane');
  await page.getByLabel('Address line 2 (optional)').fill('');
  await page.getByLabel('City').fill('Portland');
  await page.getByLabel('Postal code').fill('97204');
  expect(await page.getByLabel('Country').inputValue()).toBe('US');
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry (MM / YY)').fill('1230');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByLabel('Name on card').fill(nameOnCard);
}
