import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createUser } from '../../server/src/modules/accounts/service.js';
import { browserSuiteSkipped } from '../../server/src/test-support/browser.js';
import {
  DESKTOP,
  expectImagesDescribed,
  expectNoPlaintextApi,
  JOURNEY_TIMEOUT_MS,
  serveBuiltWebApp,
  shoot,
  useChromium,
  watch,
} from './test-support/browser-journey.js';

/**
 * The admin's shipping and tax pages end to end, like admin.test.ts (in a file of its own, so
 * it runs next to the other journeys): a shop owner reprices US Express (a bad band first, and
 * an area of another zone), replaces the Australia zone by a new one, gives Oregon a sales tax
 * and deletes Minnesota's rule. The setup and the checks every page gets are in
 * test-support/browser-journey.ts.
 */

const ADMIN = {
  email: 'settings-owner@ironcart.test',
  password: 'harbour-lantern-anvil-8',
  name: 'Sam Settings',
};

const web = serveBuiltWebApp('ironcart-shop-settings-web-', async (database) => {
  await createUser(database.database.db, { ...ADMIN, role: 'admin' });
});

/** Each zone on the list: its name, what it delivers to, and its methods' lines. */
function zonesShown(page: Page): Promise<string[][]> {
  return page
    .getByTestId('zone')
    .evaluateAll((zones) =>
      zones.map((zone) => [
        zone.querySelector('h2')?.textContent ?? '',
        zone.querySelector('[data-testid="zone-areas"]')?.textContent ?? '',
        ...Array.from(zone.querySelectorAll('[data-testid="zone-method"]'), (row) =>
          Array.from(row.querySelectorAll('td'), (cell) => cell.textContent).join(' | '),
        ),
      ]),
    );
}

describe.skipIf(browserSuiteSkipped('shop settings browser tests'))(
  'shipping zones and tax rules in the admin, in Chromium',
  { timeout: JOURNEY_TIMEOUT_MS },
  () => {
    const chromium = useChromium();

    test("a shop owner reprices US Express (told about a bad band and a taken area first), replaces the Australia zone, gives Oregon a sales tax and deletes Minnesota's", async () => {
      const context = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(`${web.origin}/login?next=${encodeURIComponent('/admin/shipping')}`);
        await page.getByLabel('Email').fill(ADMIN.email);
        await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.waitForURL(/\/admin\/shipping$/);
        await page.getByRole('heading', { level: 1, name: 'Shipping' }).waitFor();
        const nav = page.getByRole('navigation', { name: 'Admin' });
        expect(await nav.getByRole('link', { name: 'Shipping' }).getAttribute('aria-current')).toBe(
          'page',
        );

        // The seeded zones, in their order.
        await page.getByTestId('zone').first().waitFor();
        const zones = await zonesShown(page);
        expect(zones.map((zone) => zone[0])).toEqual([
          'United States',
          'United States: Alaska and Hawaii',
          'Canada',
          'United Kingdom',
          'European Union',
          'Australia',
        ]);
        expect(zones[0]).toEqual([
          'United States',
          'United States',
          'Standardus-standard | 3–5 days | $5.99; free from $100.00',
          'Expressus-express | 1–2 days | $14.99',
        ]);
        expect(zones[1]?.[1]).toBe('Alaska, Hawaii');
        expect(zones[2]?.[2]).toBe(
          'Standardca-standard | 5–8 days | $9.99; $5.99 from $50.00; free from $100.00',
        );
        await expectImagesDescribed(page);
        await shoot(page, 'admin-shipping');

        // Express at 19.99, but its one band from 10: the server's message is at the bands.
        await page.getByRole('link', { name: 'Edit United States', exact: true }).click();
        await page.waitForURL(/\/admin\/shipping\/us$/);
        await page.getByRole('heading', { level: 1, name: 'United States' }).waitFor();
        const express = page.getByRole('group', { name: 'Express', exact: true });
        const price = express.getByLabel('Price', { exact: true });
        const from = express.getByLabel('From subtotal');
        expect(await price.inputValue()).toBe('14.99');
        await price.fill('19.99');
        await from.fill('10');
        await page.getByRole('button', { name: 'Save zone' }).click();
        await page
          .getByTestId('zone-failure')
          .getByText('Please correct the fields marked below.')
          .waitFor();
        const bands = express.getByRole('group', { name: 'Price by order subtotal' });
        expect(await bands.locator('.field-error').textContent()).toBe(
          'The first price band must start at a subtotal of 0.',
        );
        expect(await from.getAttribute('aria-invalid')).toBe('true');
        expect(await bands.getAttribute('aria-describedby')).toMatch(/-error$/);
        // Standard's bands are fine: no message there.
        const standard = page.getByRole('group', { name: 'Standard', exact: true });
        expect(await standard.locator('.field-error').count()).toBe(0);
        await shoot(page, 'admin-shipping-zone-error');

        // Fixed, but Alaska added too: it is the remote zone's, which the page says in full.
        await from.fill('0');
        expect(await bands.locator('.field-error').count()).toBe(0);
        await page.getByLabel('Country', { exact: true }).selectOption({ label: 'United States' });
        await page.getByLabel('State', { exact: true }).selectOption({ label: 'Alaska' });
        await page.getByRole('button', { name: 'Add to zone' }).click();
        await page.getByRole('button', { name: 'Remove Alaska, United States' }).waitFor();
        await page.getByRole('button', { name: 'Save zone' }).click();
        await page
          .getByTestId('zone-failure')
          .getByText('US-AK is already in the zone "United States: Alaska and Hawaii".')
          .waitFor();
        const areas = page.getByRole('group', { name: 'Delivers to' });
        expect(await areas.locator('.field-error').first().textContent()).toContain('US-AK');
        await page.getByRole('button', { name: 'Remove Alaska, United States' }).click();
        await page.getByRole('button', { name: 'Save zone' }).click();
        await page.getByText('Zone saved: quotes and checkout use it from now on.').waitFor();
        await shoot(page, 'admin-shipping-zone');

        // Saved: after a reload too, and on the list.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'United States' }).waitFor();
        expect(await express.getByLabel('Price', { exact: true }).inputValue()).toBe('19.99');
        expect(await express.getByLabel('From subtotal').inputValue()).toBe('0.00');
        expect(await page.getByRole('button', { name: /^Remove Alaska/ }).count()).toBe(0);
        await nav.getByRole('link', { name: 'Shipping' }).click();
        await page.getByTestId('zone').first().waitFor();
        expect((await zonesShown(page))[0]?.[3]).toBe('Expressus-express | 1–2 days | $19.99');

        // Australia deleted (the dialog says what that means), then served by a new zone.
        await page.getByRole('button', { name: 'Delete Australia', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Delete Australia?' });
        await dialog
          .getByText(
            'Its destinations will no longer be delivered to: Australia. Shoppers there cannot check out until another zone covers them.',
          )
          .waitFor();
        await shoot(page, 'admin-shipping-delete');
        await dialog.getByRole('button', { name: 'Delete zone' }).click();
        await page
          .getByText('Australia is deleted: its destinations are no longer delivered to.')
          .waitFor();
        expect((await zonesShown(page)).map((zone) => zone[0])).not.toContain('Australia');
        await page.getByRole('link', { name: 'New zone' }).click();
        await page.getByRole('heading', { level: 1, name: 'New shipping zone' }).waitFor();
        const zoneFields = page.getByRole('group', { name: 'Zone', exact: true });
        await zoneFields.getByLabel('Name').fill('Oceania');
        expect(await zoneFields.getByLabel('Id').inputValue()).toBe('oceania');
        expect(await zoneFields.getByLabel('Position').inputValue()).toBe('5');
        await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Australia' });
        await page.getByRole('button', { name: 'Add to zone' }).click();
        const post = page.getByRole('group', { name: 'New method' });
        await post.getByLabel('Name').fill('Post');
        const method = page.getByRole('group', { name: 'Post', exact: true });
        expect(await method.getByLabel('Id').inputValue()).toBe('oceania-post');
        await method.getByLabel('Min days').fill('6');
        await method.getByLabel('Max days').fill('10');
        expect(await method.getByLabel('From subtotal').inputValue()).toBe('0');
        await method.getByLabel('Price', { exact: true }).fill('20');
        await page.getByRole('button', { name: 'Create zone' }).click();
        await page.waitForURL(/\/admin\/shipping\/oceania$/);
        await page.getByText('Zone created: checkout delivers there now.').waitFor();
        await nav.getByRole('link', { name: 'Shipping' }).click();
        await page.getByTestId('zone').first().waitFor();
        expect((await zonesShown(page)).at(-1)).toEqual([
          'Oceania',
          'Australia',
          'Postoceania-post | 6–10 days | $20.00',
        ]);

        // Tax: the US rules; Oregon (no sales tax) gets 1.5%.
        await nav.getByRole('link', { name: 'Tax' }).click();
        await page.getByRole('heading', { level: 1, name: 'Tax' }).waitFor();
        const rows = page.getByTestId('tax-rule');
        await rows.first().waitFor();
        const germany = page.locator('[data-rule-id="DE"]');
        expect((await germany.locator('td').allTextContents()).slice(0, 3)).toEqual([
          'GermanyDE',
          'VAT 19%',
          'prices include tax shipping taxed',
        ]);
        await page.getByLabel('Country', { exact: true }).selectOption({ label: 'United States' });
        await page.waitForURL(/\/admin\/tax\?country=US$/);
        await germany.waitFor({ state: 'detached' });
        const oregon = page.locator('[data-rule-id="US-OR"]');
        expect(await oregon.locator('td').nth(1).textContent()).toBe('No tax');
        expect(await page.locator('[data-rule-id="US-MN"] td').nth(1).textContent()).toBe(
          'Sales tax 6.875%',
        );
        await shoot(page, 'admin-tax');

        await page.getByRole('button', { name: 'Edit Oregon, United States' }).click();
        const editor = page.getByRole('form', { name: 'Tax of Oregon, United States' });
        await editor.waitFor();
        await editor.getByRole('button', { name: 'Add a tax' }).click();
        await editor.getByLabel('Name').fill('Sales tax');
        await editor.getByLabel('Rate (%)').fill('1.5.');
        await editor.getByRole('button', { name: 'Save rule' }).click();
        expect(await editor.locator('.field-error').textContent()).toBe(
          'Enter a percent such as 6.875 (at most 4 decimals).',
        );
        await editor.getByLabel('Rate (%)').fill('1.5');
        await shoot(page, 'admin-tax-edit');
        await editor.getByRole('button', { name: 'Save rule' }).click();
        await page
          .getByText(
            'Oregon, United States is saved: Sales tax 1.5%. Estimates use it from now on.',
          )
          .waitFor();
        expect(await editor.count()).toBe(0);
        expect(await oregon.locator('td').nth(1).textContent()).toBe('Sales tax 1.5%');
        await page.reload();
        await oregon.waitFor();
        expect(await oregon.locator('td').nth(1).textContent()).toBe('Sales tax 1.5%');

        // Minnesota's rule deleted: the dialog says where its tax then comes from.
        await page.getByRole('button', { name: 'Delete Minnesota, United States' }).click();
        const question = page.getByRole('dialog', {
          name: 'Delete the rule of Minnesota, United States?',
        });
        await question
          .getByText(
            'Orders to Minnesota, United States are then taxed by the rule of United States, or not at all if it has none.',
          )
          .waitFor();
        await question.getByRole('button', { name: 'Delete rule' }).click();
        await page.getByText('The rule of Minnesota, United States is deleted.').waitFor();
        await page.locator('[data-rule-id="US-MN"]').waitFor({ state: 'detached' });

        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
