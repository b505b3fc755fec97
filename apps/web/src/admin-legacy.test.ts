import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createUser } from '../../server/src/modules/accounts/service.js';
import { browserSuiteSkipped } from '../../server/src/test-support/browser.js';
import {
  DESKTOP,
  expectNoPlaintextApi,
  JOURNEY_TIMEOUT_MS,
  serveBuiltWebApp,
  shoot,
  useChromium,
  watch,
} from './test-support/browser-journey.js';

/**
 * The admin's side of the legacy cart API in Chromium, like admin.test.ts: the owner creates an
 * API client (its key shown once, copied with the button), the integration (plain fetch from
 * here) buys with it, the owner finds its order by the "Awaiting payment" filter, confirms the
 * payment of one and cancels another with the keyboard alone, then revokes the client, whose
 * key stops working. Screenshots: test-output/screenshots/admin-api-clients*.png and
 * admin-order-awaiting*.png.
 */

const ADMIN = {
  email: 'legacy-owner@ironcart.test',
  password: 'harbour-lantern-anvil-9',
  name: 'Lena Owner',
};

const web = serveBuiltWebApp('ironcart-admin-legacy-web-', async (database) => {
  await createUser(database.database.db, { ...ADMIN, role: 'admin' });
});

/** The integration: plain JSON to the legacy API, as its clients call it. */
async function legacy(path: string, authorization: string, json?: unknown) {
  const answer = await fetch(`${web.origin}${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    headers: {
      authorization,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: answer.status, body: (await answer.json()) as { response?: string } };
}

async function legacyPurchase(key: string, productId: string, quantity: number) {
  const issued = await legacy('/getAccessToken', `Bearer ${key}`);
  expect(issued.status).toBe(200);
  const auth = `Bearer ${issued.body.response}`;
  const cartId = (await legacy('/createCart', auth)).body.response;
  const items = [{ action: 'add', product_id: productId, quantity }];
  expect((await legacy('/modifyCart', auth, { cart_id: cartId, items })).status).toBe(200);
  expect((await legacy('/checkoutCart', auth, { cart_id: cartId })).status).toBe(200);
}

const adminNav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name }).click();

describe.skipIf(browserSuiteSkipped('admin legacy API browser tests'))(
  'the legacy API in the admin area, in Chromium',
  { timeout: JOURNEY_TIMEOUT_MS },
  () => {
    const chromium = useChromium();

    test('an owner makes an API client, confirms one legacy order paid, cancels another with the keyboard, and revokes the client', async () => {
      const owner = await chromium.browser.newContext({ viewport: DESKTOP });
      await owner.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: web.origin,
      });
      try {
        const page = await owner.newPage();
        const seen = watch(page, { ignoreDataUrls: true });
        await page.goto(`${web.origin}/login`);
        await page.getByLabel('Email').fill(ADMIN.email);
        await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.getByRole('button', { name: /account menu/ }).waitFor();
        await page.goto(`${web.origin}/admin/products`);
        await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();

        // No clients yet: the legacy API issues no tokens.
        await adminNav(page, 'API clients');
        await page.waitForURL(/\/admin\/api-clients$/);
        await page.getByRole('heading', { level: 1, name: 'API clients' }).waitFor();
        await page.getByRole('heading', { name: 'No API clients yet' }).waitFor();
        expect((await legacy('/getAccessToken', '')).body).toEqual({
          response: 'MISSING_CLIENT_KEY',
        });

        // A name is required; then the key is shown once, with its warning, and copied.
        await page.getByRole('button', { name: 'Create client' }).click();
        const name = page.getByLabel('Name', { exact: true });
        expect(await name.getAttribute('aria-invalid')).toBe('true');
        expect(await name.evaluate((input) => input === document.activeElement)).toBe(true);
        await name.fill('Warehouse kiosk');
        await page.keyboard.press('Enter');
        const shown = page.getByTestId('new-client-key');
        await shown.waitFor();
        await shown.getByText(/shown only this once/).waitFor();
        expect(
          await shown
            .getByRole('heading', { name: 'Client key for Warehouse kiosk' })
            .evaluate((heading) => heading === document.activeElement),
        ).toBe(true);
        const key = ((await page.getByTestId('client-key').textContent()) ?? '').trim();
        expect(key).toMatch(/^ick_[0-9a-f]{64}$/);
        await shown.getByRole('button', { name: 'Copy key' }).click();
        await shown.getByText('Copied to the clipboard.').waitFor();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
        const rows = page.locator('[data-testid="api-client-row"]');
        await rows.filter({ hasText: 'Warehouse kiosk' }).waitFor();
        expect(await rows.first().textContent()).toContain(key.slice(0, 12));
        expect(await rows.first().textContent()).not.toContain(key.slice(12));
        await shoot(page, 'admin-api-clients-new-key');
        await shown.getByRole('button', { name: 'I have stored it' }).click();
        expect(await page.getByTestId('client-key').count()).toBe(0);
        // Focus does not fall to the page: it lands on what was just said.
        const status = page.getByRole('status').filter({ hasText: 'Warehouse kiosk' });
        await expect.poll(() => status.evaluate((el) => el === document.activeElement)).toBe(true);

        // The integration buys twice; nothing is paid yet.
        const auth = `Bearer ${(await legacy('/getAccessToken', `Bearer ${key}`)).body.response}`;
        const listed = await fetch(`${web.origin}/retrieveProducts`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify({ availableInventoryOnly: true }),
        });
        const inStock = ((await listed.json()) as { product_id: string; inventory_count: number }[])
          .filter((product) => product.inventory_count >= 2)
          .map((product) => product.product_id);
        const [first = '', second = ''] = inStock;
        await legacyPurchase(key, first, 2);
        await legacyPurchase(key, second, 1);

        // The orders list filters them by their status, which shows clearly.
        await adminNav(page, 'Orders');
        await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
        await page.getByLabel('Status').selectOption('awaiting_payment');
        await page.waitForURL(/status=awaiting_payment/);
        const orderRows = page.locator('[data-testid="admin-order-row"]');
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid="admin-order-row"]').length === 2,
        );
        for (const text of await orderRows.allTextContents()) {
          expect(text).toContain('Awaiting payment');
          expect(text).toContain('Legacy API');
        }
        await shoot(page, 'admin-orders-awaiting');

        // The older one: confirmed paid, with a reference.
        await orderRows.last().getByRole('link').click();
        await page.waitForURL(/\/admin\/orders\/[0-9a-f-]{36}$/);
        expect(await page.getByTestId('order-status').textContent()).toBe('Awaiting payment');
        await page.getByTestId('awaiting-payment-notice').waitFor();
        await shoot(page, 'admin-order-awaiting');
        await page.getByRole('button', { name: 'Confirm payment' }).click();
        const confirm = page.getByRole('dialog', { name: /^Confirm payment of order #\d+\?$/ });
        await confirm.waitFor();
        const reference = confirm.getByLabel('Payment reference');
        expect(await reference.evaluate((input) => input === document.activeElement)).toBe(true);
        await confirm.getByRole('button', { name: /^Confirm \$.* received$/ }).click();
        await confirm.getByText('Please say how it was paid, in at least 3 characters.').waitFor();
        await reference.fill('Bank transfer, ref 4471');
        await confirm.getByRole('button', { name: /^Confirm \$.* received$/ }).click();
        await page.getByText(/^Payment confirmed:/).waitFor();
        expect(await page.getByTestId('order-status').textContent()).toBe('Paid');
        await page.getByRole('cell', { name: 'Bank transfer, ref 4471' }).waitFor();
        expect(await page.getByRole('button', { name: 'Confirm payment' }).count()).toBe(0);
        await page.getByTestId('order-timeline').getByText('Paid').waitFor();

        // The other one: cancelled with the keyboard alone.
        await page.goBack();
        await page.waitForURL(/status=awaiting_payment/);
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid="admin-order-row"]').length === 1,
        );
        await orderRows.first().getByRole('link').focus();
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/admin\/orders\/[0-9a-f-]{36}$/);
        const cancelButton = page.getByRole('button', { name: 'Cancel order' });
        await cancelButton.focus();
        await page.keyboard.press('Enter');
        const cancel = page.getByRole('dialog', { name: /^Cancel order #\d+\?$/ });
        await cancel.waitFor();
        await page.keyboard.type('Partner never paid');
        await page.keyboard.press('Tab'); // the dialog's own Cancel
        await page.keyboard.press('Tab'); // "Cancel order"
        await page.keyboard.press('Enter');
        await page.getByText(/^Order cancelled:/).waitFor();
        expect(await page.getByTestId('order-status').textContent()).toBe('Cancelled');

        // Revoked: the key no longer obtains tokens.
        await adminNav(page, 'API clients');
        const row = rows.filter({ hasText: 'Warehouse kiosk' });
        await row.waitFor();
        expect(await row.textContent()).toMatch(/Active/);
        await page.getByRole('button', { name: 'Revoke Warehouse kiosk' }).click();
        const revoke = page.getByRole('dialog', { name: 'Revoke Warehouse kiosk?' });
        await revoke.waitFor();
        await revoke.getByLabel('Reason').fill('Kiosk retired');
        await shoot(page, 'admin-api-clients-revoke');
        await revoke.getByRole('button', { name: 'Revoke client' }).click();
        await page
          .getByText(/is revoked: its key and its access tokens no longer work\.$/)
          .waitFor();
        await row.getByText(/^Revoked /).waitFor();
        expect(await page.getByRole('button', { name: 'Revoke Warehouse kiosk' }).count()).toBe(0);
        expect(await legacy('/getAccessToken', `Bearer ${key}`)).toEqual({
          status: 401,
          body: { response: 'INVALID_CLIENT_KEY' },
        });
        await shoot(page, 'admin-api-clients');

        // The activity log names it all.
        await adminNav(page, 'Activity');
        const audit = page.locator('[data-testid="audit-row"]');
        await audit.first().waitFor();
        const actions = await audit.evaluateAll((list) =>
          list.map((entry) => entry.getAttribute('data-action')),
        );
        for (const action of [
          'api_client.create',
          'order.confirm_payment',
          'order.cancel',
          'api_client.revoke',
        ]) {
          expect(actions).toContain(action);
        }
        expect(await page.content()).not.toContain(key);

        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await owner.close();
      }
    });
  },
);
