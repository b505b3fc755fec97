import { join } from 'node:path';
import { IroncartClient, MemorySessionStore, newIdempotencyKey } from '@ironcart/sdk';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { createUser } from '../../server/src/modules/accounts/service.js';
import { browserSuiteSkipped } from '../../server/src/test-support/browser.js';
import {
  DESKTOP,
  expectImagesDescribed,
  expectNoPlaintextApi,
  fillCheckout,
  JOURNEY_TIMEOUT_MS,
  SHOTS,
  serveBuiltWebApp,
  shoot,
  useChromium,
  watch,
} from './test-support/browser-journey.js';

/**
 * The admin area end to end, like storefront.test.ts: the built web app served by the real
 * server (demo catalog, fresh database), an administrator created with the account service,
 * driven in Debian's Chromium. A shop owner creates a product with an image, counts its
 * stock, sees a shopper buy it, refunds the order and finds it all in the activity log;
 * a customer finds no admin area at all. Another owner gives a product sizes and colours, counts
 * two of its variants, and after a shopper buys one, sees only that variant's stock move.
 * Screenshots of every admin page, at desktop and
 * phone widths, go to test-output/screenshots/admin-*.png (WEB_SHOTS_DIR overrides it).
 * The setup and the checks every page gets are in test-support/browser-journey.ts.
 */

const ADMIN = {
  email: 'owner@ironcart.test',
  password: 'harbour-lantern-anvil-7',
  name: 'Olga Owner',
};

const web = serveBuiltWebApp('ironcart-admin-web-', async (database) => {
  // As `npm run admin:create` does it.
  await createUser(database.database.db, { ...ADMIN, role: 'admin' });
});

/** Waits until the image has loaded and has pixels. */
async function expectLoaded(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (css) => {
      const image = document.querySelector<HTMLImageElement>(css);
      return Boolean(image?.complete && image.naturalWidth > 0);
    },
    selector,
    { timeout: 10_000 },
  );
}

/** A product photo as a shop owner would upload it: a 640 × 480 PNG. */
async function productPng(): Promise<Buffer> {
  const stripe = await sharp({
    create: { width: 640, height: 160, channels: 3, background: { r: 11, g: 27, b: 43 } },
  })
    .png()
    .toBuffer();
  return sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 255, g: 90, b: 31 } },
  })
    .composite([{ input: stripe, top: 160, left: 0 }])
    .png()
    .toBuffer();
}

describe.skipIf(browserSuiteSkipped('admin browser tests'))(
  'the admin area in Chromium',
  { timeout: JOURNEY_TIMEOUT_MS },
  () => {
    const chromium = useChromium();

    test('a shop owner adds a product, counts its stock, refunds its order and finds it all logged; a customer sees no admin area', async () => {
      const owner = await chromium.browser.newContext({ viewport: DESKTOP });
      const shopper = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await owner.newPage();
        const seen = watch(page, { ignoreDataUrls: true });

        // A guest finds no admin area: the ordinary 404 page.
        await page.goto(`${web.origin}/admin/products`);
        await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
        expect(await page.locator('.admin').count()).toBe(0);

        // The owner logs in through the login page; the header then offers the admin.
        await page.getByRole('link', { name: 'Log in' }).click();
        await page.getByLabel('Email').fill(ADMIN.email);
        await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('button', { name: /account menu/ }).waitFor();
        // The login page sent them back where they came from: now the admin itself.
        await page.waitForURL(/\/admin\/products$/);
        await page.goto(`${web.origin}/`);
        await page.getByRole('link', { name: 'Shop admin' }).click();
        await page.waitForURL(/\/admin\/products$/);
        await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
        const rows = page.locator('[data-testid="product-row"]');
        await rows.first().waitFor();
        expect(await page.getByText(/^Showing 1–20 of \d+ products$/).count()).toBe(1);
        await expectImagesDescribed(page);
        await shoot(page, 'admin-products');

        // A new product: its id follows the title, one specification, an uploaded PNG.
        await page.getByRole('link', { name: 'New product' }).click();
        await page.waitForURL(/\/admin\/products\/new$/);
        await page.getByRole('heading', { level: 1, name: 'New product' }).waitFor();
        // Saving an empty form shows the fields' errors, tied to their fields.
        await page.getByRole('button', { name: 'Create product' }).click();
        const title = page.getByLabel('Title');
        expect(await title.getAttribute('aria-invalid')).toBe('true');
        expect(await title.getAttribute('aria-describedby')).toMatch(/-title-error$/);
        const unique = 'Zephyrix';
        const productTitle = `${unique} Trail Bottle`;
        const productId = 'zephyrix-trail-bottle';
        await title.fill(productTitle);
        expect(await page.getByLabel('Id', { exact: true }).inputValue()).toBe(productId);
        const category = page.getByLabel('Category');
        await category.locator('option').nth(1).waitFor({ state: 'attached' });
        await category.selectOption({ index: 1 });
        await page.getByLabel('Price').fill('24.50');
        await page.getByLabel('Stock', { exact: true }).fill('3');
        await page
          .getByLabel('Description')
          .fill('A steel trail bottle that keeps water cold for a whole match day.');
        await page.getByRole('button', { name: 'Add a specification' }).click();
        // Focus moves to the new row's name.
        const specName = page.getByLabel('Name', { exact: true });
        expect(await specName.evaluate((input) => input === document.activeElement)).toBe(true);
        await specName.fill('Volume');
        await page.getByLabel('Value', { exact: true }).fill('750 ml');
        await page.getByLabel('Choose an image').setInputFiles({
          name: 'bottle.png',
          mimeType: 'image/png',
          buffer: await productPng(),
        });
        await page.getByText('bottle.png uploaded (640 × 480).').waitFor();
        const preview = '[data-testid="image-preview"] img';
        expect(await page.locator(preview).getAttribute('src')).toMatch(/^\/images\//);
        await expectLoaded(page, preview);
        await expectImagesDescribed(page);
        await shoot(page, 'admin-product-new');
        await page.getByRole('button', { name: 'Create product' }).click();
        await page.waitForURL(new RegExp(`/admin/products/${productId}$`));
        await page.getByText('Product created. It is now for sale in the shop.').waitFor();
        await page.getByRole('heading', { level: 1, name: productTitle }).waitFor();
        expect(await page.getByTestId('stock-on-hand').textContent()).toBe('3');
        await expectLoaded(page, preview);
        await shoot(page, 'admin-product-edit');

        // Listed; its stock counted to 5 right in the list.
        await page
          .getByRole('navigation', { name: 'Admin' })
          .getByRole('link', { name: 'Products' })
          .click();
        await page.getByLabel('Find products').fill(unique);
        await page.getByRole('button', { name: 'Find', exact: true }).click();
        await page.waitForURL(/\/admin\/products\?q=Zephyrix$/);
        const row = rows.filter({ hasText: productTitle });
        await row.waitFor();
        expect(await rows.count()).toBe(1);
        expect(await row.textContent()).toContain(productId);
        expect(await row.textContent()).toContain('$24.50');
        const stock = page.getByLabel(`Stock of ${productTitle}`);
        expect(await stock.inputValue()).toBe('3');
        await stock.fill('5');
        expect(await row.getByLabel('Reason').inputValue()).toBe('Stock count');
        await page.getByRole('button', { name: `Save stock of ${productTitle}` }).click();
        await row.getByText('Saved: 5 on hand.').waitFor();
        expect(await stock.inputValue()).toBe('5');
        await shoot(page, 'admin-products-search');

        // A shopper (another browser) finds it, sees its image, and buys it.
        const shop = await shopper.newPage();
        const shopSeen = watch(shop, { ignoreDataUrls: true });
        await shop.goto(`${web.origin}/signup`);
        const email = `grace-${Date.now()}@example.com`;
        await shop.getByLabel('Your name').fill('Grace Hopper');
        await shop.getByLabel('Email').fill(email);
        await shop.getByLabel('Password', { exact: true }).fill('compiler-harbour-1906');
        await shop.getByRole('button', { name: 'Create account' }).click();
        await shop.getByRole('button', { name: /account menu/ }).waitFor();
        // A customer has no admin link, and every admin address is the 404 page.
        expect(await shop.getByRole('link', { name: 'Shop admin' }).count()).toBe(0);
        await shop.goto(`${web.origin}/admin/products`);
        await shop.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
        await shop.getByRole('button', { name: /account menu/ }).waitFor();
        expect(await shop.locator('.admin').count()).toBe(0);
        expect(await shop.getByRole('heading', { name: 'Products' }).count()).toBe(0);
        await shop.goto(`${web.origin}/admin/orders/00000000-0000-4000-8000-000000000000`);
        await shop.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();

        await shop.getByLabel('Search products').fill(unique.toLowerCase());
        await shop.keyboard.press('Enter');
        await shop.getByRole('link', { name: new RegExp(productTitle) }).click();
        await shop.getByRole('heading', { level: 1, name: productTitle }).waitFor();
        await expectLoaded(shop, '.product-media img');
        await shop.getByText('750 ml').waitFor();
        await shop.getByRole('button', { name: 'Add to cart' }).click();
        await shop.getByText('Added 1 to your cart.').waitFor();
        await shop.locator('a.cart-link').click();
        await shop.getByRole('link', { name: 'Checkout' }).click();
        await shop.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
        await fillCheckout(shop, '4242 4242 4242 4242', 'Grace Hopper');
        await shop.getByRole('button', { name: /^Pay \$/ }).click();
        await shop.waitForURL(/\/orders\/[0-9a-f-]{36}\?placed=1$/);
        await shop.getByRole('heading', { name: 'Thank you for your order!' }).waitFor();
        const orderNumber = ((await shop.getByTestId('order-number').textContent()) ?? '').trim();
        expect(orderNumber).toMatch(/^#\d+$/);

        // The owner finds the order by the shopper's email and refunds it.
        await page
          .getByRole('navigation', { name: 'Admin' })
          .getByRole('link', { name: 'Orders' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
        await page.locator('[data-testid="admin-order-row"]').first().waitFor();
        await shoot(page, 'admin-orders');
        await page.getByLabel('Customer').fill(email);
        await page.getByRole('button', { name: 'Find' }).click();
        const orderRows = page.locator('[data-testid="admin-order-row"]');
        await page.waitForURL(/customer=/);
        await orderRows.filter({ hasText: email }).waitFor();
        expect(await orderRows.count()).toBe(1);
        expect(await orderRows.first().textContent()).toContain('Paid');
        await page.getByRole('link', { name: orderNumber }).click();
        await page.waitForURL(/\/admin\/orders\/[0-9a-f-]{36}$/);
        await page.getByRole('heading', { level: 1, name: `Order ${orderNumber}` }).waitFor();
        expect(await page.getByTestId('order-status').textContent()).toBe('Paid');
        await page.getByText('Visa ending in 4242').waitFor();
        await page.getByRole('link', { name: productTitle }).waitFor();
        await shoot(page, 'admin-order');

        const refund = page.getByRole('button', { name: 'Refund order' });
        await refund.click();
        const dialog = page.getByRole('dialog', { name: `Refund order ${orderNumber}?` });
        await dialog.waitFor();
        const reason = dialog.getByLabel('Reason');
        // Focus is in the dialog, on the reason; a reason is required.
        expect(await reason.evaluate((input) => input === document.activeElement)).toBe(true);
        await dialog.getByRole('button', { name: /^Refund \$/ }).click();
        await dialog.getByText('Please give a reason of at least 3 characters.').waitFor();
        await reason.fill('Customer returned the bottle unopened');
        await page.screenshot({ path: join(SHOTS, 'admin-refund-dialog-desktop.png') });
        await dialog.getByRole('button', { name: /^Refund \$/ }).click();
        await page.getByText(/^Order refunded:/).waitFor();
        await dialog.waitFor({ state: 'hidden' });
        expect(await page.getByTestId('order-status').textContent()).toBe('Refunded');
        expect(await refund.count()).toBe(0);
        await page.getByTestId('order-timeline').getByText('Refunded').waitFor();
        await shoot(page, 'admin-order-refunded');

        // Its stock is back: 5 again.
        await page.getByRole('link', { name: productTitle }).click();
        await page.waitForURL(new RegExp(`/admin/products/${productId}$`));
        await page.getByRole('heading', { level: 1, name: productTitle }).waitFor();
        expect(await page.getByTestId('stock-on-hand').textContent()).toBe('5');

        // The activity log has it all.
        await page
          .getByRole('navigation', { name: 'Admin' })
          .getByRole('link', { name: 'Activity' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
        const audit = page.locator('[data-testid="audit-row"]');
        await audit.first().waitFor();
        const actions = await audit.evaluateAll((list) =>
          list.map((entry) => entry.getAttribute('data-action')),
        );
        for (const action of ['product.create', 'stock.set', 'order.refund']) {
          expect(actions).toContain(action);
        }
        expect(await audit.first().textContent()).toContain(ADMIN.email);
        await shoot(page, 'admin-activity');
        await page.getByLabel('Action').selectOption('stock.set');
        await page.waitForURL(/action=stock\.set/);
        await page.waitForFunction(() =>
          Array.from(document.querySelectorAll('[data-testid="audit-row"]')).every(
            (entry) => entry.getAttribute('data-action') === 'stock.set',
          ),
        );

        // Sales: the chart has bars, the totals count the order.
        await page
          .getByRole('navigation', { name: 'Admin' })
          .getByRole('link', { name: 'Sales' })
          .click();
        await page.getByRole('heading', { level: 1, name: 'Sales' }).waitFor();
        const chart = page.locator('svg[data-testid="sales-chart"]');
        await chart.waitFor();
        expect(await chart.getAttribute('role')).toBe('img');
        expect(await chart.getAttribute('aria-label')).toMatch(/revenue per day/i);
        const bars = chart.locator('rect.chart-bar');
        expect(await bars.count()).toBeGreaterThanOrEqual(1);
        const tallest = await bars.evaluateAll((list) =>
          Math.max(...list.map((bar) => Number(bar.getAttribute('height')))),
        );
        expect(tallest).toBeGreaterThan(0);
        expect(Number(await page.getByTestId('sales-orders').textContent())).toBeGreaterThanOrEqual(
          1,
        );
        await shoot(page, 'admin-sales');
        await page.getByText('7 days').click();
        await page.waitForURL(/days=7$/);
        // The 30 days' chart stays (dimmed) while the 7 days load: wait for the new one.
        await chart.locator('rect.chart-bar').nth(6).waitFor({ state: 'attached' });
        await chart.locator('rect.chart-bar').nth(7).waitFor({ state: 'detached' });
        expect(await chart.locator('rect.chart-bar').count()).toBe(7);

        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
        expectNoPlaintextApi(shopSeen);
        expect(shopSeen.problems).toEqual([]);
      } finally {
        await owner.close();
        await shopper.close();
      }
    });

    test('a shop owner gives a product two options, counts two variants, and a sale moves only the one bought', async () => {
      const owner = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await owner.newPage();
        const seen = watch(page, { ignoreDataUrls: true });
        await page.goto(
          `${web.origin}/login?${new URLSearchParams({ next: '/admin/products/new' })}`,
        );
        await page.getByLabel('Email').fill(ADMIN.email);
        await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('heading', { level: 1, name: 'New product' }).waitFor();

        // The demo catalog's goalkeeper jersey: sizes × colours, each with its own count.
        await page.goto(`${web.origin}/admin/products/pro-goalkeeper-jersey`);
        const keeper = page.locator('[data-testid="variant-row"]');
        await keeper.first().waitFor();
        expect(await keeper.count()).toBe(10);
        const navyM = keeper.filter({
          has: page.getByText('Size M · Colour Navy', { exact: true }),
        });
        expect(await navyM.getByTestId('variant-stock').textContent()).toBe('7');
        await page.getByRole('link', { name: 'Products' }).first().click();
        await page.getByRole('link', { name: 'New product' }).click();
        await page.getByRole('heading', { level: 1, name: 'New product' }).waitFor();

        const productTitle = 'Quillon Training Tee';
        const productId = 'quillon-training-tee';
        await page.getByLabel('Title').fill(productTitle);
        const category = page.getByLabel('Category');
        await category.locator('option').nth(1).waitFor({ state: 'attached' });
        await category.selectOption({ index: 1 });
        await page.getByLabel('Price').fill('20.00');
        await page.getByLabel('Stock', { exact: true }).fill('0');
        await page.getByLabel('Description').fill('A light training tee in two colours.');
        await page.getByRole('button', { name: 'Create product' }).click();
        await page.waitForURL(new RegExp(`/admin/products/${productId}$`));
        await page.getByRole('heading', { level: 1, name: productTitle }).waitFor();

        // Two options, typed as a shop owner would: the values as a list, Enter adds them.
        await page.getByRole('button', { name: 'Add an option' }).click();
        const firstName = page.getByLabel('Option name').first();
        expect(await firstName.evaluate((input) => input === document.activeElement)).toBe(true);
        await firstName.fill('Size');
        await page.getByLabel('Add values to option 1').fill('S, M');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'Add an option' }).click();
        await page.getByLabel('Option name').nth(1).fill('Colour');
        await page.getByLabel('Add values to option 2').fill('Red, Blue');
        await page.keyboard.press('Enter');
        expect(await page.getByTestId('option-value').allTextContents()).toEqual(
          expect.arrayContaining([expect.stringContaining('S'), expect.stringContaining('Blue')]),
        );
        await page.getByText('Makes 4 variants.').waitFor();
        await page.getByRole('button', { name: 'Generate variants' }).click();
        await page.getByText('4 variants for sale: 4 new, 1 archived.').waitFor();
        const rows = page.locator('[data-testid="variant-row"]');
        expect(
          await rows.evaluateAll((list) => list.map((row) => row.getAttribute('data-variant-id'))),
        ).toEqual([
          `${productId}-s-red`,
          `${productId}-s-blue`,
          `${productId}-m-red`,
          `${productId}-m-blue`,
        ]);

        // A count for two of them, each with its reason; one gets its own price.
        const count = async (label: string, units: number) => {
          await page.getByRole('button', { name: `Change stock of ${label}` }).click();
          const form = page.getByTestId('variant-stock-row');
          const amount = form.getByLabel('Units on hand');
          expect(await amount.evaluate((input) => input === document.activeElement)).toBe(true);
          await amount.fill(String(units));
          await form.getByRole('button', { name: `Update stock of ${label}` }).click();
          await form.getByText('Please give a reason (3 characters or more).').waitFor();
          await form.getByLabel('Reason').fill('first count');
          await form.getByRole('button', { name: `Update stock of ${label}` }).click();
          await form.getByText(`Stock of ${label}: ${units} on hand.`).waitFor();
          await page.getByRole('button', { name: `Change stock of ${label}` }).click();
          await form.waitFor({ state: 'detached' });
        };
        await count('Size M · Colour Blue', 5);
        await count('Size S · Colour Red', 3);
        await page
          .getByLabel('Price of Size M · Colour Blue (empty: the base price)')
          .fill('24.00');
        await page.getByRole('button', { name: 'Save Size M · Colour Blue' }).click();
        await page.getByText('Saved Size M · Colour Blue.').waitFor();
        await page.waitForFunction(
          () => document.querySelector('[data-testid="stock-on-hand"]')?.textContent === '8',
        );
        await expectImagesDescribed(page);
        await shoot(page, 'admin-product-variants');

        // A shopper buys one Size M in Blue.
        const shopper = new IroncartClient({
          baseUrl: web.origin,
          store: new MemorySessionStore(),
        });
        const email = `tee-${Date.now()}@example.com`;
        await shopper.signUp({ email, password: 'loom-harbour-anvil-9', name: 'Tess Tee' });
        const cart = await shopper.addToCart(`${productId}-m-blue`, 1);
        const order = await shopper.checkout(
          {
            card: {
              number: '4242 4242 4242 4242',
              expMonth: 12,
              expYear: new Date().getUTCFullYear() + 2,
              cvc: '123',
              holder: 'Tess Tee',
            },
            billing: {
              name: 'Tess Tee',
              line1: '1 Main St',
              city: 'Portland',
              postalCode: '97204',
              country: 'US',
            },
            cartVersion: cart.version,
          },
          newIdempotencyKey(),
        );
        expect(order.status).toBe('paid');

        // Only that variant's stock moved.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: productTitle }).waitFor();
        await rows.first().waitFor();
        const stock = await rows.evaluateAll((list) =>
          list.map((row) => [
            row.getAttribute('data-variant-id'),
            row.querySelector('[data-testid="variant-stock"]')?.textContent,
          ]),
        );
        expect(stock).toEqual([
          [`${productId}-s-red`, '3'],
          [`${productId}-s-blue`, '0'],
          [`${productId}-m-red`, '0'],
          [`${productId}-m-blue`, '4'],
        ]);

        // The list sums it and says how many are out; the order page says what to send.
        await page
          .getByRole('navigation', { name: 'Admin' })
          .getByRole('link', { name: 'Products' })
          .click();
        await page.getByLabel('Find products').fill('Quillon');
        await page.getByRole('button', { name: 'Find', exact: true }).click();
        const listed = page.locator('[data-testid="product-row"]', { hasText: productTitle });
        await listed.getByTestId('variants-stock').getByText('2 of 4 variants out').waitFor();
        expect(await listed.getByTestId('variants-stock').textContent()).toContain('7 on hand');

        await page.goto(`${web.origin}/admin/orders/${order.id}`);
        await page.getByRole('link', { name: productTitle }).waitFor();
        expect(await page.getByTestId('line-variant').allTextContents()).toEqual([
          'Size M · Colour Blue',
        ]);
        await page.getByText('QUILLON-TRAINING-TEE-M-BLUE').waitFor();
        await shoot(page, 'admin-order-variant');

        await page
          .getByRole('navigation', { name: 'Admin' })
          .getByRole('link', { name: 'Activity' })
          .click();
        await page
          .getByTestId('audit-sentence')
          .filter({
            hasText: `Stock of ${productTitle} · Size M · Colour Blue set 0 → 5 (first count)`,
          })
          .waitFor();
        await shoot(page, 'admin-activity-variants');

        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await owner.close();
      }
    });
  },
);
