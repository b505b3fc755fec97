import { IroncartClient, MemorySessionStore, newIdempotencyKey } from '@ironcart/sdk';
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
 * Fulfilment end to end, like admin.test.ts: a customer buys (through the SDK, the quickest
 * way to a paid order), the shop owner finds the order among those to ship, ships it with UPS
 * and marks it delivered in the admin area, and the customer's order page shows where the
 * parcel is: "Delivered", the UPS tracking link and the timeline. Screenshots go to
 * test-output/screenshots/fulfilment-*.png.
 */

const ADMIN = {
  email: 'owner@ironcart.test',
  password: 'harbour-lantern-anvil-7',
  name: 'Olga Owner',
};
const CUSTOMER = {
  email: `ada-${Date.now()}@example.com`,
  password: 'engine-harbour-lantern-1843',
  name: 'Ada Lovelace',
};
const TRACKING = '1Z999AA10123456784';

const web = serveBuiltWebApp('ironcart-fulfilment-web-', async (database) => {
  await createUser(database.database.db, { ...ADMIN, role: 'admin' });
});

async function logIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${web.origin}/`);
  await page.getByRole('link', { name: 'Log in' }).click();
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: /account menu/ }).waitFor();
}

/** A paid order of the customer (signed up on the way) for a demo product in stock. */
async function buy(): Promise<{ id: string; number: number }> {
  const shopper = new IroncartClient({ baseUrl: web.origin, store: new MemorySessionStore() });
  await shopper.signUp(CUSTOMER);
  const [product] = (await shopper.products({ limit: 1, inStock: true })).items;
  if (!product) throw new Error('the demo catalog has no product in stock');
  const variant = (await shopper.product(product.id)).variants.find((v) => v.stock.available > 0);
  if (!variant) throw new Error(`${product.id} has no variant in stock`);
  const cart = await shopper.addToCart(variant.id, 1);
  const order = await shopper.checkout(
    {
      card: {
        number: '4242 4242 4242 4242',
        expMonth: 12,
        expYear: new Date().getUTCFullYear() + 2,
        cvc: '123',
        holder: CUSTOMER.name,
      },
      billing: {
        name: CUSTOMER.name,
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
  return order;
}

const timelineLabels = (page: Page) =>
  page.getByTestId('order-timeline').locator('.timeline-label').allTextContents();

describe.skipIf(browserSuiteSkipped('fulfilment browser tests'))(
  'fulfilment in Chromium',
  { timeout: JOURNEY_TIMEOUT_MS },
  () => {
    const chromium = useChromium();

    test('the owner ships an order with UPS and marks it delivered; the customer follows the parcel', async () => {
      const owner = await chromium.browser.newContext({ viewport: DESKTOP });
      const customer = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const order = await buy();
        const orderNumber = `#${order.number}`;

        // The customer sees the order paid, not shipped yet.
        const shop = await customer.newPage();
        const shopSeen = watch(shop);
        await logIn(shop, CUSTOMER);
        await shop.goto(`${web.origin}/orders/${order.id}`);
        const delivery = shop.getByRole('region', { name: 'Delivery' });
        await delivery.getByTestId('fulfilment-status').waitFor();
        expect(await delivery.getByTestId('fulfilment-status').textContent()).toBe(
          'Not shipped yet',
        );
        expect(await timelineLabels(shop)).toEqual(['Order placed', 'Payment received']);
        expect(await delivery.getByRole('link').count()).toBe(0);

        // The owner finds it among the orders to ship, the filter kept in the address.
        const page = await owner.newPage();
        const seen = watch(page);
        await logIn(page, ADMIN);
        await page.goto(`${web.origin}/admin/orders`);
        await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
        await page.getByLabel('Fulfilment').selectOption({ label: 'To ship' });
        await page.waitForURL(/[?&]fulfilment=unfulfilled/);
        await page.getByRole('link', { name: orderNumber }).click();
        await page.waitForURL(/\/admin\/orders\/[0-9a-f-]{36}$/);
        await page.getByRole('heading', { level: 1, name: `Order ${orderNumber}` }).waitFor();
        const panel = page.getByRole('region', { name: 'Fulfilment' });
        expect(await panel.getByTestId('fulfilment-status').textContent()).toBe('Not shipped yet');
        const carrier = panel.getByLabel('Carrier', { exact: true });
        await carrier.locator('option', { hasText: 'UPS' }).waitFor({ state: 'attached' });
        await shoot(page, 'fulfilment-admin-to-ship');

        // No carrier: the form says so. Another carrier needs its name and link: the server says so.
        const ship = panel.getByRole('button', { name: 'Mark as shipped' });
        await ship.click();
        await panel.getByText('Choose the carrier.').waitFor();
        await carrier.selectOption({ label: 'Other carrier…' });
        await panel.getByLabel('Carrier name').waitFor();
        await panel.getByLabel('Tracking number').fill(TRACKING);
        await ship.click();
        await panel
          .getByRole('alert')
          .getByText(/the carrier's name and a tracking link/)
          .waitFor();

        // Shipped with UPS: its own tracking page.
        await carrier.selectOption({ label: 'UPS' });
        expect(await panel.getByLabel('Carrier name').count()).toBe(0);
        await ship.click();
        await page.getByText(/^Order marked shipped:/).waitFor();
        expect(await panel.getByTestId('fulfilment-status').textContent()).toBe('Shipped');
        expect(await panel.getByTestId('fulfilment-carrier').textContent()).toBe(
          `UPS · ${TRACKING}`,
        );
        expect(await ship.count()).toBe(0);

        // Delivered, after the confirmation.
        await panel.getByRole('button', { name: 'Mark as delivered' }).click();
        const dialog = page.getByRole('dialog', {
          name: `Mark as delivered: order ${orderNumber}?`,
        });
        await dialog.waitFor();
        await dialog.getByRole('button', { name: 'Mark as delivered' }).click();
        await page.getByText(/^Order marked delivered:/).waitFor();
        await dialog.waitFor({ state: 'hidden' });
        expect(await panel.getByTestId('fulfilment-status').textContent()).toBe('Delivered');
        expect(await panel.getByRole('button', { name: 'Mark as delivered' }).count()).toBe(0);
        await page.getByTestId('order-timeline').getByText('Delivered').waitFor();
        await shoot(page, 'fulfilment-admin-delivered');

        // The customer's order page: delivered, the UPS tracking link, the whole timeline.
        await shop.reload();
        await delivery.getByTestId('fulfilment-status').waitFor();
        expect(await delivery.getByTestId('fulfilment-status').textContent()).toBe('Delivered');
        const track = delivery.getByRole('link', { name: /Track the parcel on the UPS site/ });
        expect(await track.getAttribute('href')).toBe(
          `https://www.ups.com/track?tracknum=${TRACKING}`,
        );
        expect(await track.getAttribute('target')).toBe('_blank');
        expect(await track.getAttribute('rel')).toBe('noopener noreferrer');
        expect(await timelineLabels(shop)).toEqual([
          'Order placed',
          'Payment received',
          `Shipped with UPS (${TRACKING})`,
          'Delivered',
        ]);
        expect(await shop.getByTestId('order-timeline').locator('time').count()).toBe(4);
        await shoot(shop, 'fulfilment-order-delivered');

        // Her list of orders says it too, beside the payment status.
        await shop.getByRole('link', { name: 'My orders' }).first().click();
        await shop.getByRole('cell', { name: /Paid\s*Delivered/ }).waitFor();
        await shoot(shop, 'fulfilment-orders-list');

        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
        expectNoPlaintextApi(shopSeen);
        expect(shopSeen.problems).toEqual([]);
      } finally {
        await owner.close();
        await customer.close();
      }
    });
  },
);
