import { readFileSync } from 'node:fs';
import { ENDPOINT_TUNNEL } from '@ironcart/channel';
import { IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createUser } from '../../server/src/modules/accounts/service.js';
import { catalogChanged } from '../../server/src/modules/catalog/answer-cache.js';
import { productOptions, productVariants } from '../../server/src/modules/catalog/tables.js';
import { refreshPriceFrom } from '../../server/src/modules/catalog/variants.js';
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

/** The product page's radio group of an option ("Size", or "Size: M" once one is picked). */
function optionGroup(page: Page, option: string) {
  return page.getByRole('group', { name: new RegExp(`^${option}\\b`) });
}

/**
 * Picks the first size of the product page that is well in stock (not sold out, not "Only N
 * left"): the demo stock is uneven, and the journeys that are not about sizes need some units.
 * Returns the size.
 */
async function pickAnySize(page: Page): Promise<string> {
  const labels = optionGroup(page, 'Size').locator('label');
  await labels.first().waitFor();
  for (const label of await labels.all()) {
    const radio = label.getByRole('radio');
    if ((await radio.isEnabled()) && !(await label.textContent())?.includes('left')) {
      await radio.check();
      return radio.inputValue();
    }
  }
  throw new Error('no size well in stock');
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
        // A size, two of it, and "Add to cart" by keyboard: Tab from the stepper, then Enter.
        await pickAnySize(page);
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
        await pickAnySize(page);
        await add.click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await cartCount(page, 3);
        await page.goto(`${web.origin}/product/germany-home-jersey`);
        await page.getByRole('heading', { level: 1, name: 'Germany Home Jersey' }).waitFor();
        await pickAnySize(page);
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
        await pickAnySize(page);
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
        await pickAnySize(page);
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
        await pickAnySize(page);
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

    test('the option picker: a sold-out size is refused, "Choose a size" first, the choice kept in the address, the cart line says the size and its SKU', async () => {
      const context = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        const product = `${web.origin}/product/portugal-home-jersey`;
        await page.goto(product);
        await page.getByRole('heading', { level: 1, name: 'Portugal Home Jersey' }).waitFor();
        const sizes = optionGroup(page, 'Size');
        const size = (value: string) => sizes.getByRole('radio', { name: value, exact: true });
        const checked = sizes.getByRole('radio', { checked: true });
        const price = page.getByTestId('product-price');
        // Before a choice: the price range (the 2XL costs more), nothing picked.
        expect(await price.textContent()).toMatch(/^from \$\d+\.\d\d$/);
        const from = Number((await price.textContent())?.replace(/[^\d.]/g, ''));

        // XS is sold out: struck through, said so, and cannot be picked.
        const soldOut = page.getByRole('radio', { name: /^XS\W+sold out$/ });
        const xs = sizes.locator(soldOut);
        expect(await xs.isDisabled()).toBe(true);
        expect(
          await sizes
            .locator('label', { has: soldOut })
            .locator('.option-chip')
            .evaluate((chip) => getComputedStyle(chip).textDecorationLine),
        ).toBe('line-through');
        await xs.click({ force: true });
        expect(await checked.count()).toBe(0);
        // S has 3 left: said next to it.
        await sizes.getByRole('radio', { name: /^S\W+Only 3 left$/ }).waitFor();

        // "Add to cart" without a size: refused next to the picker, focus on the first size
        // that can be picked (S), nothing in the cart.
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await sizes.getByText('Choose a size').waitFor();
        expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(
          'S',
        );
        expect(await sizes.getAttribute('aria-describedby')).toBeTruthy();
        await cartCount(page, 0);

        // The arrow keys pick: M, then L, then XL is skipped (sold out) for 2XL, $3.00 more.
        await page.keyboard.press('ArrowRight');
        await page.waitForURL(/\?variant=portugal-home-jersey-m$/);
        expect(await size('M').isChecked()).toBe(true);
        expect(await sizes.getByText('Choose a size').count()).toBe(0);
        expect(await price.textContent()).toBe(`$${from.toFixed(2)}`);
        expect(await textOf(page, '.product-status .stock')).toBe('In stock');
        expect(await textOf(page, '[data-testid="product-sku"]')).toMatch(/^SKU IC-\d{5}-M$/);
        await page.keyboard.press('ArrowRight');
        await page.waitForURL(/\?variant=portugal-home-jersey-l$/);
        await page.keyboard.press('ArrowRight');
        await page.waitForURL(/\?variant=portugal-home-jersey-2xl$/);
        expect(await price.textContent()).toBe(`$${(from + 3).toFixed(2)}`);
        expect(await textOf(page, '.product-status .stock')).toBe('Only 4 left');

        // The size guide (clothing: chest sizes), a dialog that Escape closes.
        const guideButton = page.getByRole('button', { name: 'Size guide' });
        await guideButton.click();
        const guide = page.getByRole('dialog', { name: 'Size guide' });
        await guide.getByRole('rowheader', { name: '2XL' }).waitFor();
        await guide.getByRole('columnheader', { name: 'Chest (cm)' }).waitFor();
        await page.keyboard.press('Escape');
        await guide.waitFor({ state: 'hidden' });
        expect(await guideButton.evaluate((button) => button === document.activeElement)).toBe(
          true,
        );

        // M by a click, and into the cart.
        await size('M').check();
        await page.waitForURL(/\?variant=portugal-home-jersey-m$/);
        await expectImagesDescribed(page);
        await shoot(page, 'product-sizes');
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await cartCount(page, 1);

        // The shared address opens with M picked; a sold-out or unknown one with nothing.
        await page.reload();
        await size('M').waitFor();
        expect(await size('M').isChecked()).toBe(true);
        for (const ignored of ['portugal-home-jersey-xs', 'portugal-home-jersey-3xl']) {
          await page.goto(`${product}?variant=${ignored}`);
          await sizes.waitFor();
          await page.waitForURL(/\/product\/portugal-home-jersey$/);
          expect(await checked.count(), ignored).toBe(0);
        }

        // Another size of the same jersey is its own line.
        await page.goto(`${product}?variant=portugal-home-jersey-s`);
        const small = sizes.getByRole('radio', { name: /^S\W+Only 3 left$/ });
        await small.waitFor();
        expect(await small.isChecked()).toBe(true);
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await cartCount(page, 2);

        // The cart: one line per size, each with its size and SKU; the stepper per line.
        await page.goto(`${web.origin}/cart`);
        const lines = page.getByRole('list', { name: 'Items in your cart' }).getByRole('listitem');
        await lines.first().waitFor();
        expect(await lines.count()).toBe(2);
        const lineOf = (label: string) =>
          lines.filter({ has: page.locator('.variant-label', { hasText: label }) });
        expect(await lineOf('Size M').locator('.variant-sku').textContent()).toMatch(
          /^SKU IC-\d{5}-M$/,
        );
        expect(await lineOf('Size S').locator('.variant-sku').textContent()).toMatch(
          /^SKU IC-\d{5}-S$/,
        );
        await page
          .getByRole('button', { name: 'One more Portugal Home Jersey, Size M', exact: true })
          .click();
        await cartCount(page, 3);
        expect(await lineOf('Size M').locator('output').textContent()).toBe('2');
        expect(await lineOf('Size S').locator('output').textContent()).toBe('1');
        await shoot(page, 'cart-sizes');
        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test('the catalog: "from" prices, and the Size filter in the address, per size with "in stock only"', async () => {
      const context = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(`${web.origin}/?q=portugal+home`);
        const card = page.locator('.card', { hasText: 'Portugal Home Jersey' });
        await card.waitFor();
        expect(await card.locator('.price').textContent()).toMatch(/^from \$\d+\.\d\d$/);

        // XS of the Portugal home jersey is sold out: in stock in XS, it is not there.
        await page.getByLabel('Size', { exact: true }).selectOption('XS');
        await page.waitForURL(/[?&]size=XS\b/);
        await card.waitFor();
        await page.getByLabel('In stock only').check();
        await page.waitForURL(/inStock=true/);
        await page.getByRole('heading', { name: /No products match “portugal home”/ }).waitFor();
        await shoot(page, 'catalog-size-empty');
        // In stock in M it is; and the filters survive a reload.
        await page.getByLabel('Size', { exact: true }).selectOption('M');
        await page.waitForURL(/[?&]size=M\b/);
        await card.waitFor();
        await page.reload();
        await card.waitFor();
        expect(await page.getByLabel('Size', { exact: true }).inputValue()).toBe('M');
        expect(await page.getByLabel('In stock only').isChecked()).toBe(true);

        // Footwear sizes: boots in UK 9, none of the jerseys.
        await page.goto(`${web.origin}/?${new URLSearchParams({ size: 'UK 9' })}`);
        const titles = page.locator('ul[aria-label="Products"] .card-title');
        await titles.first().waitFor();
        const found = await titles.allTextContents();
        expect(found).toContain('Strike Pro FG Football Boots');
        expect(found.filter((title) => title.includes('Jersey'))).toEqual([]);
        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test("the issue's done journey: a size-M navy goalkeeper jersey and UK 9 boots; the order, the invoice and the stock show exactly those", async () => {
      const { db } = web.app.database;
      const password = 'keeper-boots-harbour-42';
      const email = `keeper-${Date.now()}@example.com`;
      await createUser(db, { email, password, name: 'Kim Keeper', role: 'customer' });
      const catalog = new IroncartClient({ baseUrl: web.origin, store: new MemorySessionStore() });
      const jersey = 'pro-goalkeeper-jersey';
      const boots = 'strike-pro-fg-football-boots';
      /** Units available of every variant of both products, by variant id. */
      const stock = async () => {
        const both = await Promise.all([catalog.product(jersey), catalog.product(boots)]);
        return Object.fromEntries(
          both.flatMap((p) => p.variants.map((v) => [v.id, v.stock.available])),
        );
      };
      const before = await stock();
      expect(before[`${jersey}-m-navy`]).toBe(7);
      expect(before[`${boots}-uk-9`]).toBe(6);
      const navy = (await catalog.product(jersey)).variants.find(
        (v) => v.id === `${jersey}-m-navy`,
      );
      expect(navy?.image).not.toBeNull();

      const context = await chromium.browser.newContext({
        viewport: DESKTOP,
        acceptDownloads: true,
      });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(`${web.origin}/login`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('button', { name: /account menu/ }).waitFor();

        // The jersey: Navy (its own image), then M; two of it.
        await page.goto(`${web.origin}/product/${jersey}`);
        await page
          .getByRole('heading', { level: 1, name: 'Pro Goalkeeper Long-Sleeve Jersey' })
          .waitFor();
        await optionGroup(page, 'Colour').getByRole('radio', { name: 'Navy', exact: true }).check();
        await page.locator('.product-media img[src*="-navy-"]').waitFor();
        await optionGroup(page, 'Size').getByRole('radio', { name: 'M', exact: true }).check();
        await page.waitForURL(/\?variant=pro-goalkeeper-jersey-m-navy$/);
        await page.locator(`.product-media img[src="${navy?.image?.url}"]`).waitFor();
        await expectImagesDescribed(page);
        await shoot(page, 'product-colours');
        await page.getByRole('button', { name: 'One more' }).click();
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByText('Added 2 to your cart.').waitFor();
        await cartCount(page, 2);

        // The boots: UK 7 is sold out; UK 9; the size guide is the footwear one.
        await page.goto(`${web.origin}/product/${boots}`);
        const sizes = optionGroup(page, 'Size');
        expect(await sizes.getByRole('radio', { name: /^UK 7\W+sold out$/ }).isDisabled()).toBe(
          true,
        );
        await page.getByRole('button', { name: 'Size guide' }).click();
        const guide = page.getByRole('dialog', { name: 'Footwear size guide' });
        await guide.getByRole('columnheader', { name: 'EU' }).waitFor();
        await guide.getByRole('button', { name: 'Close' }).click();
        await guide.waitFor({ state: 'hidden' });
        await sizes.getByRole('radio', { name: 'UK 9', exact: true }).check();
        await page.waitForURL(/\?variant=strike-pro-fg-football-boots-uk-9$/);
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await cartCount(page, 3);

        // Checkout: the summary names both variants; pay.
        await page.goto(`${web.origin}/checkout`);
        const summary = page.getByRole('complementary', { name: 'Order summary' });
        await summary.getByText('Size M · Colour Navy').waitFor();
        await summary.getByText('Size UK 9').waitFor();
        await fillCheckout(page, '4242 4242 4242 4242', 'Kim Keeper');
        await page.getByRole('button', { name: /^Pay \$/ }).click();
        await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?placed=1$/);
        await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();

        // The order page: both lines with their variant and SKU.
        const items = page.getByRole('region', { name: 'Items' });
        const row = (label: string) =>
          items
            .getByRole('row')
            .filter({ has: page.locator('.variant-label', { hasText: label }) });
        expect(await row('Size M · Colour Navy').textContent()).toMatch(/SKU IC-\d{5}-M-NAVY/);
        expect(await row('Size UK 9').textContent()).toMatch(/SKU IC-\d{5}-\S/);
        expect(await row('Size M · Colour Navy').locator('td.num').first().textContent()).toBe('2');
        await shoot(page, 'order-variants');

        // The invoice says which size and colour to send.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download invoice (PDF)' }).click(),
        ]);
        const text = (
          await extractPdfPages(new Uint8Array(readFileSync(await download.path())))
        ).join('\n');
        for (const words of [
          'Pro Goalkeeper Long-Sleeve Jersey',
          'Size M',
          'Navy',
          'Strike Pro FG Football Boots',
          'UK 9',
        ]) {
          expect(text).toContain(words);
        }

        // Stock moved on those two variants only, by what was bought.
        const after = await stock();
        expect(after).toEqual({
          ...before,
          [`${jersey}-m-navy`]: (before[`${jersey}-m-navy`] ?? 0) - 2,
          [`${boots}-uk-9`]: (before[`${boots}-uk-9`] ?? 0) - 1,
        });
        expect(after[`${jersey}-m-green`]).toBe(before[`${jersey}-m-green`]);
        expect(after[`${boots}-uk-9-5`]).toBe(before[`${boots}-uk-9-5`]);
        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });

    test('a product that gets sizes while its page is open: "Add to cart" asks for a size, then adds the one chosen', async () => {
      const { db } = web.app.database;
      const product = 'training-kickboard';
      // Some in stock, whatever the demo stock: the page offers "Add to cart".
      await db.update(productVariants).set({ stock: 5 }).where(eq(productVariants.id, product));
      // Written behind the app's back, so told to its catalog cache as every write path does.
      await catalogChanged(web.app.invalidations, [product]);
      const context = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(`${web.origin}/product/${product}`);
        await page.getByRole('heading', { level: 1, name: 'Training Kickboard' }).waitFor();
        expect(await page.getByRole('radio').count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Size guide' }).count()).toBe(0);

        // Meanwhile the shop starts selling it in two sizes (its one variant retired).
        await db.transaction(async (tx) => {
          await tx.insert(productOptions).values({
            productId: product,
            position: 1,
            name: 'Size',
            values: ['S', 'M'],
          });
          await tx
            .update(productVariants)
            .set({ archived: true })
            .where(eq(productVariants.id, product));
          await tx.insert(productVariants).values([
            {
              id: `${product}-s`,
              productId: product,
              sku: 'KICK-S',
              option1: 'S',
              stock: 4,
              position: 0,
            },
            {
              id: `${product}-m`,
              productId: product,
              sku: 'KICK-M',
              option1: 'M',
              stock: 0,
              position: 1,
            },
          ]);
          await refreshPriceFrom(tx, product);
        });
        await catalogChanged(web.app.invalidations, [product]);

        // The server refuses the retired variant: the page shows the sizes and asks for one.
        await page.getByRole('button', { name: 'Add to cart' }).click();
        const sizes = optionGroup(page, 'Size');
        await sizes.getByText('Choose a size').waitFor();
        expect(await sizes.getByRole('radio', { name: /^M\W+sold out$/ }).isDisabled()).toBe(true);
        await cartCount(page, 0);
        await sizes.getByRole('radio', { name: /^S\b/ }).check();
        await page.waitForURL(/\?variant=training-kickboard-s$/);
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByText('Added 1 to your cart.').waitFor();
        await cartCount(page, 1);
        expectNoPlaintextApi(seen);
        // The refused add (409 inside the channel) is no failure at the HTTP level.
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
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
