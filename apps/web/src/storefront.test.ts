import { readFileSync } from 'node:fs';
import { ENDPOINT_TUNNEL } from '@ironcart/channel';
import { IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createUser } from '../../server/src/modules/accounts/service.js';
import { browserSuiteSkipped } from '../../server/src/test-support/browser.js';
import { extractPdfPages } from '../../server/src/test-support/pdf.js';
import {
  DESKTOP,
  expectImagesDescribed,
  expectNoPlaintextApi,
  fillCheckout,
  JOURNEY_TIMEOUT_MS,
  serveBuiltWebApp,
  shoot,
  useChromium,
  watch,
} from './test-support/browser-journey.js';

/**
 * The storefront end to end: the web app built with Vite, served by the real server (demo
 * catalog, fresh database) on a socket, driven in Debian's Chromium. Screenshots of the key
 * pages, at desktop and phone widths, go to test-output/screenshots/ at the repository root
 * (WEB_SHOTS_DIR overrides it; the folder is not committed): look at them after a design change.
 * The setup and the checks every page gets are in test-support/browser-journey.ts.
 */

const web = serveBuiltWebApp('ironcart-web-');

describe('serving the built storefront', () => {
  test('index.html has no inline script or style, and is revalidated on every visit', async () => {
    const answer = await fetch(`${web.origin}/`);
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
    const script = await fetch(`${web.origin}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test('app routes answer index.html; server paths and missing files do not', async () => {
    const deep = await fetch(`${web.origin}/product/argentina-home-jersey`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    for (const path of ['/api/v1/nothing', '/channel/nothing', '/images/nothing.svg']) {
      const answer = await fetch(`${web.origin}${path}`);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.headers.get('content-type'), path).toContain('application/json');
    }
    const missing = await fetch(`${web.origin}/assets/missing-123.js`);
    expect(missing.status).toBe(404);
  });
});

async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

/** The secure channel session the page keeps in IndexedDB (database 'ironcart'). */
async function channelSid(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      new Promise<string | undefined>((resolve, reject) => {
        const open = indexedDB.open('ironcart');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('channel', 'readonly').objectStore('channel').get('session');
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            db.close();
            resolve((read.result as { sid?: string } | undefined)?.sid);
          };
        };
      }),
  );
}

async function cartCount(page: Page, count: number): Promise<void> {
  await page.locator('[data-testid="cart-count"]', { hasText: new RegExp(`^${count}$`) }).waitFor();
}

describe.skipIf(browserSuiteSkipped('storefront browser tests'))(
  'the storefront in Chromium',
  { timeout: JOURNEY_TIMEOUT_MS },
  () => {
    const chromium = useChromium();

    test('the whole shopper flow: search, cart, sign up, a decline, pay, invoice, log out and in, my orders', async () => {
      const context = await chromium.browser.newContext({
        viewport: DESKTOP,
        acceptDownloads: true,
      });
      try {
        const page = await context.newPage();
        const seen = watch(page);

        // Home, as a guest.
        await page.goto(`${web.origin}/`);
        await page.locator('ul[aria-label="Products"] .card').first().waitFor();
        await page.getByText('Secure channel: established').waitFor();
        await page.locator('.category-nav a', { hasText: 'Football Jerseys' }).waitFor();
        await page.getByRole('link', { name: 'Log in' }).waitFor();
        await expectImagesDescribed(page);
        await shoot(page, 'home');

        // Search by keyboard: Tab from the top of the page reaches the search box.
        const search = page.getByLabel('Search products');
        for (let tabs = 0; tabs < 5; tabs++) {
          if (await search.evaluate((box) => box === document.activeElement)) break;
          await page.keyboard.press('Tab');
        }
        expect(await search.evaluate((box) => box === document.activeElement)).toBe(true);
        await page.keyboard.type('argentina');
        await page.keyboard.press('Enter');
        await page.waitForURL(/\?q=argentina$/);
        await page.getByRole('heading', { level: 1, name: /argentina/ }).waitFor();
        const results = page.locator('ul[aria-label="Products"] .card-title');
        await results.first().waitFor();
        expect((await results.allTextContents()).sort()).toEqual([
          'Argentina Away Jersey',
          'Argentina Home Jersey',
        ]);
        await expectImagesDescribed(page);
        await shoot(page, 'search');

        // Open a product; a deep link survives a reload (index.html, then the router).
        await page.getByRole('link', { name: /Argentina Home Jersey/ }).click();
        await page.waitForURL(/\/product\/argentina-home-jersey$/);
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Argentina Home Jersey' }).waitFor();
        await expectImagesDescribed(page);
        await shoot(page, 'product');
        // Two of it, and "Add to cart" by keyboard: Tab from the stepper, then Enter.
        await page.getByRole('button', { name: 'One more' }).click();
        expect(await textOf(page, '[data-testid="quantity"]')).toBe('2');
        await page.keyboard.press('Tab');
        const add = page.getByRole('button', { name: 'Add to cart' });
        expect(await add.evaluate((button) => button === document.activeElement)).toBe(true);
        await page.keyboard.press('Enter');
        await page.getByText('Added 2 to your cart.').waitFor();
        await cartCount(page, 2);

        // A second product from the results, and a third by its address (a fresh page load).
        await page.goBack();
        await page.getByRole('link', { name: /Argentina Away Jersey/ }).click();
        await page.getByRole('heading', { level: 1, name: 'Argentina Away Jersey' }).waitFor();
        await add.click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await cartCount(page, 3);
        await page.goto(`${web.origin}/product/germany-home-jersey`);
        await page.getByRole('heading', { level: 1, name: 'Germany Home Jersey' }).waitFor();
        await add.click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await cartCount(page, 4);

        // The cart: - and + change quantities and the total; Remove deletes a line.
        await page.getByRole('link', { name: 'Cart, 4 items' }).click();
        await page.waitForURL(/\/cart$/);
        const lines = page.getByRole('list', { name: 'Items in your cart' }).getByRole('listitem');
        const total = page.locator('[data-testid="cart-total"]');
        await total.waitFor();
        expect(await lines.count()).toBe(3);
        await expectImagesDescribed(page);
        await shoot(page, 'cart');
        let before = (await total.textContent()) ?? '';
        await page.getByRole('button', { name: 'One less Argentina Home Jersey' }).click();
        await cartCount(page, 3);
        await page.locator('[data-testid="cart-total"]', { hasNotText: before }).waitFor();
        before = (await total.textContent()) ?? '';
        await page.getByRole('button', { name: 'One more Argentina Away Jersey' }).click();
        await cartCount(page, 4);
        await page.locator('[data-testid="cart-total"]', { hasNotText: before }).waitFor();
        await page.getByRole('button', { name: 'Remove Germany Home Jersey' }).click();
        await cartCount(page, 3);
        await page
          .getByRole('link', { name: 'Germany Home Jersey' })
          .waitFor({ state: 'detached' });
        expect(await lines.count()).toBe(2);

        // Checkout needs an account: log in, then "Create an account"; the cart comes along.
        await page.getByRole('link', { name: 'Checkout' }).click();
        await page.waitForURL(/\/login\?next=%2Fcheckout$/);
        await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
        await page.getByRole('link', { name: 'Create an account' }).click();
        await page.waitForURL(/\/signup\?next=%2Fcheckout$/);
        const email = `ada-${Date.now()}@example.com`;
        const password = 'pitch-lane-harbour-42';
        await page.getByLabel('Your name').fill('Ada Lovelace');
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Show password' }).click();
        expect(await page.getByLabel('Password', { exact: true }).getAttribute('type')).toBe(
          'text',
        );
        await page.getByRole('button', { name: 'Create account' }).click();

        await page.waitForURL(/\/checkout$/);
        await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
        await cartCount(page, 3);
        const summary = page.getByRole('complementary', { name: 'Order summary' });
        await summary.getByText('Argentina Home Jersey').waitFor();
        await summary.getByText('Argentina Away Jersey').waitFor();
        const cartTotal = await textOf(page, '[data-testid="checkout-total"]');
        expect(cartTotal).toMatch(/^\$\d+\.\d\d$/);
        expect(await page.getByLabel('Full name').inputValue()).toBe('Ada Lovelace');
        // Live formatting, the brand, and a field error tied to its field.
        const number = page.getByLabel('Card number');
        await number.fill('4000000000000002');
        expect(await number.inputValue()).toBe('4000 0000 0000 0002');
        expect(await textOf(page, '[data-testid="card-brand"]')).toBe('Visa');
        const expiry = page.getByLabel('Expiry (MM / YY)');
        await expiry.fill('1');
        await expiry.blur();
        expect(await expiry.getAttribute('aria-invalid')).toBe('true');
        expect(await expiry.getAttribute('aria-describedby')).toBe('checkout-expiry-error');
        await fillCheckout(page, '4000000000000002', 'Ada Lovelace');
        expect(await expiry.inputValue()).toBe('12 / 30');
        expect(await expiry.getAttribute('aria-invalid')).toBeNull();
        await expectImagesDescribed(page);
        await page.evaluate(() => window.scrollTo(0, 0));
        await shoot(page, 'checkout');

        // A declined card: its message, and the cart keeps its lines.
        const pay = page.getByRole('button', { name: /^Pay \$/ });
        await pay.click();
        const declined = page.locator('[data-testid="checkout-error"]');
        await declined.getByText('Your card was declined. Please use another card.').waitFor();
        await shoot(page, 'checkout-declined');
        await cartCount(page, 3);
        await page.getByRole('link', { name: 'Cart, 3 items' }).click();
        await page.waitForURL(/\/cart$/);
        await page.getByRole('link', { name: 'Argentina Home Jersey' }).waitFor();
        await page.getByRole('link', { name: 'Argentina Away Jersey' }).waitFor();
        expect(await lines.count()).toBe(2);
        expect(await textOf(page, '[data-testid="cart-total"]')).toBe(cartTotal);

        // Then a good card.
        await page.getByRole('link', { name: 'Checkout' }).click();
        await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
        await summary.getByText('Argentina Away Jersey').waitFor();
        await fillCheckout(page, '4242 4242 4242 4242', 'Ada Lovelace');
        expect(await number.inputValue()).toBe('4242 4242 4242 4242');
        await pay.click();
        await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?placed=1$/);
        await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
        const orderNumber = await textOf(page, '[data-testid="order-number"]');
        expect(orderNumber).toMatch(/^#\d+$/);
        expect(await textOf(page, '[data-testid="order-payment"]')).toBe('Visa ending in 4242');
        const orderTotal = await textOf(page, '[data-testid="order-total"]');
        expect(orderTotal).toBe(cartTotal);
        await cartCount(page, 0);
        await expectImagesDescribed(page);
        await shoot(page, 'confirmation');

        // The invoice: a PDF with both products and the order's total.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download invoice (PDF)' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`ironcart-invoice-${orderNumber.slice(1)}.pdf`);
        const pdf = new Uint8Array(readFileSync(await download.path()));
        expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
        const text = (await extractPdfPages(pdf)).join('\n');
        expect(text).toContain('Argentina Home Jersey');
        expect(text).toContain('Argentina Away Jersey');
        expect(text).toContain(orderTotal);

        // Log out, then back in through the login page.
        await page.getByRole('button', { name: /account menu/ }).click();
        await page.getByRole('button', { name: 'Log out' }).click();
        await page.getByRole('link', { name: 'Log in' }).click();
        await page.waitForURL(/\/login$/);
        await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
        await shoot(page, 'login');
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('button', { name: /account menu/ }).waitFor();

        // My orders: the order, its total, paid.
        await page.getByRole('button', { name: /account menu/ }).click();
        await page.getByRole('link', { name: 'My orders', exact: true }).click();
        await page.waitForURL(/\/orders$/);
        // (The declined attempt is in the history too, as its own order.)
        const rows = page.locator('[data-testid="order-row"]');
        const row = rows.filter({ has: page.getByRole('link', { name: `Order ${orderNumber}` }) });
        await row.waitFor();
        expect(await row.textContent()).toContain(orderTotal);
        expect(await row.textContent()).toContain('Paid');
        await expectImagesDescribed(page);
        await shoot(page, 'orders');

        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test('the channel recovers by itself when the server forgets it, and a key rotation passes unnoticed', async () => {
      const { app } = web;
      const context = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        const indicator = page.getByTestId('channel');
        const add = page.getByRole('button', { name: 'Add to cart' });

        const tunnelStatuses: number[] = [];
        page.on('response', (response) => {
          if (new URL(response.url()).pathname === ENDPOINT_TUNNEL) {
            tunnelStatuses.push(response.status());
          }
        });
        await page.goto(`${web.origin}/product/brazil-home-jersey`);
        await page.getByRole('heading', { level: 1, name: 'Brazil Home Jersey' }).waitFor();
        await page.getByText('Secure channel: established').waitFor();
        await add.click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await cartCount(page, 1);

        // The server forgets the channel session while the shopper browses.
        const first = await channelSid(page);
        expect(first).toMatch(/\S/);
        await app.channel.sessions.destroy(first ?? '');
        await page.locator('.category-nav a', { hasText: 'Football Jerseys' }).click();
        await page.getByRole('link', { name: /France Home Jersey/ }).click();
        await page.getByRole('heading', { level: 1, name: 'France Home Jersey' }).waitFor();
        await add.click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await page.getByText('Secure channel: established').waitFor();
        const second = await channelSid(page);
        expect(second).toMatch(/\S/);
        expect(second).not.toBe(first);

        // A key rotation while the page is open: browsing goes on. (A guest's cart belongs to
        // their channel session, so the server forgot the Brazil jersey with it: only the
        // France one is sure to be there.)
        await app.channel.rotateKeys();
        await page.locator('a.cart-link').click();
        await page.waitForURL(/\/cart$/);
        await page.getByRole('link', { name: 'France Home Jersey' }).waitFor();
        for (const title of ['Brazil Home Jersey', 'France Home Jersey']) {
          const remove = page.getByRole('button', { name: `Remove ${title}` });
          if (await remove.count()) await remove.click();
        }
        await page.getByRole('heading', { name: 'Your cart is empty' }).waitFor();
        await page.getByRole('link', { name: 'Continue shopping' }).waitFor();
        await cartCount(page, 0);
        expect(await indicator.textContent()).toBe('Secure channel: established');
        expect(await channelSid(page)).toBe(second);

        expectNoPlaintextApi(seen);
        // The tunnel refused the forgotten session (401, which Chromium logs), once per call
        // in flight; nothing else went wrong.
        expect(tunnelStatuses).toContain(401);
        expect(tunnelStatuses.filter((status) => status !== 200 && status !== 401)).toEqual([]);
        const unexpected = seen.problems.filter(
          (problem) => !problem.includes('status of 401 (Unauthorized)'),
        );
        expect(unexpected).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test('a price raised by an admin between cart and pay: the shopper sees the new total and pays it only after confirming', async () => {
      const { db } = web.app.database;
      const password = 'price-watch-harbour-42';
      const shopperEmail = `pricewatch-${Date.now()}@example.com`;
      const adminEmail = `owner-${Date.now()}@example.com`;
      await createUser(db, { email: shopperEmail, password, name: 'Pat Watch', role: 'customer' });
      await createUser(db, { email: adminEmail, password, name: 'Shop Owner', role: 'admin' });
      const owner = new IroncartClient({ baseUrl: web.origin, store: new MemorySessionStore() });
      await owner.login({ email: adminEmail, password });
      const product = 'spain-home-jersey';
      const oldPrice = (await owner.admin.product(product)).price.amount;
      const context = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(`${web.origin}/login?${new URLSearchParams({ next: '/checkout' })}`);
        await page.getByLabel('Email').fill(shopperEmail);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('button', { name: /account menu/ }).waitFor();
        await page.goto(`${web.origin}/product/${product}`);
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await page.goto(`${web.origin}/checkout`);
        await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
        const total = page.locator('[data-testid="checkout-total"]');
        await total.waitFor();
        const shown = ((await total.textContent()) ?? '').trim();
        await fillCheckout(page, '4242 4242 4242 4242', 'Pat Watch');

        // The owner raises the price while the shopper is on the payment form.
        await owner.admin.updateProduct(product, { price: '1077.84' });
        await page.getByRole('button', { name: `Pay ${shown}` }).click();

        // Nothing is charged: the new cart is shown with a clear message, and the form stays.
        const notice = page.locator('[data-testid="checkout-error"]');
        await notice.getByText('Your cart changed since you looked at it').waitFor();
        const now = ((await total.textContent()) ?? '').trim();
        expect(now).not.toBe(shown);
        expect(await textOf(page, '[data-testid="changed-total"]')).toBe(now);
        expect(await notice.textContent()).toContain(`instead of ${shown}`);
        await page.locator('.summary-line-total', { hasText: '$1,077.84' }).waitFor();
        expect(await owner.admin.orders({ customer: shopperEmail })).toMatchObject({ total: 0 });
        expect(await page.getByLabel('Card number').inputValue()).toBe('4242 4242 4242 4242');
        await shoot(page, 'checkout-cart-changed');

        // The shopper confirms the new total: now it is paid, at that total.
        await page.getByRole('button', { name: `Pay ${now}` }).click();
        await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?placed=1$/);
        expect(await textOf(page, '[data-testid="order-total"]')).toBe(now);
        const placed = await owner.admin.orders({ customer: shopperEmail });
        expect(placed.items.map((o) => [o.status, o.total.amount])).toEqual([
          ['paid', now.replace(/[$,]/g, '')],
        ]);
        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
        await owner.admin.updateProduct(product, { price: oldPrice });
      }
    });

    test('an unknown product shows the 404 page', async () => {
      const context = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(`${web.origin}/product/no-such-thing`);
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
