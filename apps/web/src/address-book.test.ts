import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { users } from '../../server/src/modules/accounts/tables.js';
import { MAX_SAVED_ADDRESSES } from '../../server/src/modules/addresses/service.js';
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
 * The address book end to end, like storefront.test.ts (in a file of its own, so it runs next
 * to the other journeys): a new shopper fills it through the account menu, with the country's
 * own regions, postal code label and the server's field messages. The setup and the checks
 * every page gets are in test-support/browser-journey.ts.
 */

const web = serveBuiltWebApp('ironcart-addresses-web-');

/** The cards on screen, in order: "Default: " for the default, then the address's lines. */
function savedAddresses(page: Page): Promise<string[]> {
  return page.locator('.address-card').evaluateAll((cards) =>
    cards.map((card) => {
      const lines = (card.querySelector('address') as HTMLElement).innerText.split('\n');
      return `${card.querySelector('.address-badge') ? 'Default: ' : ''}${lines.join(', ')}`;
    }),
  );
}

async function said(page: Page, status: string): Promise<void> {
  await page.locator('.address-status', { hasText: status }).waitFor();
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe.skipIf(browserSuiteSkipped('address book browser tests'))(
  'the address book in Chromium',
  { timeout: JOURNEY_TIMEOUT_MS },
  () => {
    const chromium = useChromium();

    test('a new shopper adds a US and a German address, a bad ZIP code first, makes one the default, edits one, deletes one, and is told when the book is full', async () => {
      const context = await chromium.browser.newContext({ viewport: DESKTOP });
      try {
        const page = await context.newPage();
        const seen = watch(page);
        await page.goto(`${web.origin}/signup`);
        await page.getByLabel('Your name').fill('Ada Lovelace');
        const email = `ada-addresses-${Date.now()}@example.com`;
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill('pitch-lane-harbour-42');
        await page.getByRole('button', { name: 'Create account' }).click();
        await page.getByRole('button', { name: /account menu/ }).click();
        await page.getByRole('link', { name: 'Address book' }).click();
        await page.waitForURL(/\/account\/addresses$/);
        await page.getByRole('heading', { level: 1, name: 'Address book' }).waitFor();
        const nav = page.getByRole('navigation', { name: 'Your account' });
        expect(
          await nav.getByRole('link', { name: 'Address book' }).getAttribute('aria-current'),
        ).toBe('page');

        // The empty book says what it is for.
        await page.getByRole('heading', { name: 'Your address book is empty' }).waitFor();
        await page.getByText('Save the addresses you have orders delivered to').waitFor();
        await shoot(page, 'address-book-empty');

        // A US address: the state from the country's list, a ZIP code the server refuses.
        await page.getByRole('button', { name: 'Add an address' }).click();
        const name = page.getByLabel('Full name');
        expect(await name.evaluate((input) => input === document.activeElement)).toBe(true);
        await name.fill('Ada Lovelace');
        await page.getByLabel('Address line 1').fill('12 Pitch Lane');
        await page.getByLabel('City').fill('Portland');
        expect(await page.getByLabel('Country').inputValue()).toBe('US');
        await page.getByLabel('Country').selectOption({ label: 'United States' });
        await page.getByLabel('State').selectOption({ label: 'Oregon' });
        const zip = page.getByLabel('ZIP code');
        await zip.fill('9720');
        const zipField = page.locator('.form-field', { has: zip });
        await zipField.getByText('For example 97204').waitFor();
        await page.getByRole('button', { name: 'Save address' }).click();
        await page
          .locator('[data-testid="address-error"]', {
            hasText: 'Please check the details marked below.',
          })
          .waitFor();
        const zipError = zipField.locator('.field-error');
        expect(await zipError.textContent()).toBe(
          'ZIP code is not a United States zip code (for example 97204).',
        );
        expect(await zip.getAttribute('aria-invalid')).toBe('true');
        const zipErrorId = await zipError.getAttribute('id');
        expect((await zip.getAttribute('aria-describedby'))?.split(' ')).toContain(zipErrorId);
        expect(await zip.evaluate((input) => input === document.activeElement)).toBe(true);
        await shoot(page, 'address-book-field-error');
        await zip.fill('97204');
        expect(await zip.getAttribute('aria-invalid')).toBeNull();
        await page.getByRole('button', { name: 'Save address' }).click();
        await said(page, 'Address saved.');
        // The first address is the default by itself.
        await expect
          .poll(() => savedAddresses(page))
          .toEqual(['Default: Ada Lovelace, 12 Pitch Lane, Portland, OR 97204, United States']);

        // A German one: no state, a "Postal code" with Germany's example.
        await page.getByRole('button', { name: 'Add an address' }).click();
        await page.getByLabel('Full name').fill('Ada Lovelace');
        await page.getByLabel('Company (optional)').fill('Analytical Engines GmbH');
        await page.getByLabel('Country').selectOption({ label: 'Germany' });
        expect(await page.getByLabel('State').count()).toBe(0);
        await page.getByText('For example 10115').waitFor();
        await page.getByLabel('Address line 1').fill('Invalidenstraße 117');
        await page.getByLabel('City').fill('Berlin');
        await page.getByLabel('Postal code').fill('10115');
        await page.getByLabel('Phone (optional)').fill('+49 30 1234567');
        await page.getByRole('button', { name: 'Save address' }).click();
        await said(page, 'Address saved.');
        const us = 'Ada Lovelace, 12 Pitch Lane, Portland, OR 97204, United States';
        const de =
          'Ada Lovelace, Analytical Engines GmbH, Invalidenstraße 117, 10115 Berlin, Germany, Phone: +49 30 1234567';
        await expect.poll(() => savedAddresses(page)).toEqual([`Default: ${us}`, de]);

        // The German one becomes the default, and comes first.
        const berlin = page.locator('.address-card', { hasText: 'Berlin' });
        await berlin.getByRole('button', { name: /^Make default/ }).click();
        await said(page, 'Ada Lovelace, Invalidenstraße 117 is now your default address.');
        await expect.poll(() => savedAddresses(page)).toEqual([`Default: ${de}`, us]);
        expect(await focused(page)).toMatch(/^Edit Ada Lovelace, Invalidenstraße 117/);

        // Edit the US one: the form holds what was saved, the state among it.
        const portland = page.locator('.address-card', { hasText: 'Portland' });
        await portland.getByRole('button', { name: /^Edit/ }).click();
        expect(await page.getByLabel('Address line 1').inputValue()).toBe('12 Pitch Lane');
        expect(await page.getByLabel('State').inputValue()).toBe('OR');
        await page.getByLabel('Address line 2 (optional)').fill('Suite 300');
        await page.getByRole('button', { name: 'Save address' }).click();
        await said(page, 'Address updated.');
        const usSuite = us.replace('12 Pitch Lane', '12 Pitch Lane, Suite 300');
        await expect.poll(() => savedAddresses(page)).toEqual([`Default: ${de}`, usSuite]);
        // The focus is back on the edited address's Edit button.
        expect(await focused(page)).toMatch(/^Edit/);
        await shoot(page, 'address-book');

        // Delete the German one by keyboard: Escape keeps it, the confirmation deletes it.
        await berlin.getByRole('button', { name: /^Delete/ }).focus();
        await page.keyboard.press('Enter');
        const question = berlin.getByRole('group', { name: 'Delete this address?' });
        await question.waitFor();
        expect(await focused(page)).toBe('Keep it');
        await page.keyboard.press('Escape');
        await question.waitFor({ state: 'detached' });
        expect(await focused(page)).toMatch(/^Delete/);
        await page.keyboard.press('Enter');
        await question.waitFor();
        await shoot(page, 'address-book-delete');
        await page.keyboard.press('Shift+Tab');
        expect(await focused(page)).toMatch(/^Delete/);
        await page.keyboard.press('Enter');
        await said(page, 'Address deleted.');
        // The default went with it: the one left takes over.
        await expect.poll(() => savedAddresses(page)).toEqual([`Default: ${usSuite}`]);
        expect(await focused(page)).toBe('Add an address');

        // A full book (filled behind the page's back): the form says so and keeps what was typed.
        const [user] = await web.app.database.db
          .select({ id: users.id })
          .from(users)
          .where(eq(users.email, email));
        if (!user) throw new Error('the shopper was not found');
        for (let n = 1; n < MAX_SAVED_ADDRESSES; n++) {
          await web.app.addressBook.add(user.id, {
            name: 'Ada Lovelace',
            line1: `${n} Court Avenue`,
            city: 'Salem',
            region: 'OR',
            postalCode: '97301',
            country: 'US',
          });
        }
        await page.reload();
        await expect
          .poll(async () => (await savedAddresses(page)).length)
          .toBe(MAX_SAVED_ADDRESSES);
        await page.getByRole('button', { name: 'Add an address' }).click();
        await page.getByLabel('Full name').fill('Ada Lovelace');
        await page.getByLabel('Country').selectOption({ label: 'Germany' });
        await page.getByLabel('Address line 1').fill('Unter den Linden 1');
        await page.getByLabel('City').fill('Berlin');
        await page.getByLabel('Postal code').fill('10117');
        await page.getByRole('button', { name: 'Save address' }).click();
        const full = page.locator('[data-testid="address-error"]');
        await full.getByText('Your address book is full.').waitFor();
        expect(await full.textContent()).toContain('Delete one you no longer use first.');
        expect(await full.evaluate((notice) => notice === document.activeElement)).toBe(true);
        expect(await page.getByLabel('Address line 1').inputValue()).toBe('Unter den Linden 1');
        expect(await savedAddresses(page)).toHaveLength(MAX_SAVED_ADDRESSES);

        await expectImagesDescribed(page);
        expectNoPlaintextApi(seen);
        expect(seen.problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
