import type { IroncartClient } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { insertProducts } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { COUNTRIES } from '../addresses/countries.js';
import { categories } from '../catalog/tables.js';
import { ruleProblems } from './rules.js';
import { taxRules } from './tables.js';

describe.each(testDrivers)('tax by destination on %s', (driver) => {
  let t: TestApp;
  let shopper: IroncartClient;

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false });
    const { db } = t.testDatabase.database;
    await db.insert(categories).values({ id: 'tax-gear', name: 'Tax gear' });
    await insertProducts(db, [
      { id: 'tax-shirt', title: 'Shirt', priceCents: 3499, stock: 50, categoryId: 'tax-gear' },
    ]);
    shopper = sdkFor(t.app);
    await shopper.addToCart('tax-shirt', 1);
  });
  afterAll(() => t.close());

  /** [subtotal, shipping, tax, total] and the components as "name rate amount". */
  const estimate = async (country: string, region?: string, shippingMethod?: string) => {
    const answer = await shopper.cartEstimate({ country, region, shippingMethod });
    return {
      amounts: [answer.subtotal, answer.shipping.price, answer.tax.total, answer.total].map(
        (m) => m.amount,
      ),
      components: answer.tax.components.map((c) => `${c.name} ${c.rate}% ${c.amount.amount}`),
      included: answer.tax.included,
    };
  };

  test('the seeded rules cover every US state, Canadian province and shipping country, and are valid', async () => {
    const rules = await t.testDatabase.database.db.select().from(taxRules);
    for (const rule of rules) expect(ruleProblems(rule), rule.id).toBeNull();
    const ids = new Set(rules.map((rule) => rule.id));
    // A region is covered by its own rule or by its country's (Australia has one GST).
    for (const country of COUNTRIES) {
      const regions = country.regions?.map((region) => `${country.code}-${region.code}`) ?? [];
      for (const id of regions.length > 0 ? regions : [country.code]) {
        expect(ids.has(id) || ids.has(country.code), id).toBe(true);
      }
    }
  });

  test('Oregon has no sales tax; California charges 7.25 % on the goods, not on shipping', async () => {
    expect(await estimate('US', 'OR')).toEqual({
      amounts: ['34.99', '5.99', '0.00', '40.98'],
      components: [],
      included: false,
    });
    // 7.25 % of 34.99 = 2.5368 -> 2.54.
    expect(await estimate('US', 'CA')).toEqual({
      amounts: ['34.99', '5.99', '2.54', '43.52'],
      components: ['Sales tax 7.25% 2.54'],
      included: false,
    });
    // Minnesota taxes shipping: 6.875 % of 40.98 = 2.8174 -> 2.82; express changes the base.
    expect((await estimate('US', 'MN')).amounts).toEqual(['34.99', '5.99', '2.82', '43.80']);
    expect((await estimate('US', 'MN', 'us-express')).amounts).toEqual([
      '34.99',
      '14.99',
      '3.44',
      '53.42',
    ]);
  });

  test('Germany, the UK and Australia see prices with their tax in them', async () => {
    // 34.99 net + 19 % = 41.64; shipping 12.99 + 19 % = 15.46; VAT contained 6.65 + 2.47.
    expect(await estimate('DE')).toEqual({
      amounts: ['41.64', '15.46', '9.12', '57.10'],
      components: ['VAT 19% 9.12'],
      included: true,
    });
    expect((await estimate('GB')).components).toEqual(['VAT 20% 9.40']);
    expect((await estimate('AU', 'NSW')).components).toEqual(['GST 10% 5.20']);
  });

  test('Canada adds GST and the provincial tax, or the HST, on goods and shipping', async () => {
    // BC: base 34.99 + 9.99 = 44.98; GST 5 % = 2.249 -> 2.25; PST 7 % = 3.1486 -> 3.15.
    expect((await estimate('CA', 'BC')).components).toEqual(['GST 5% 2.25', 'PST 7% 3.15']);
    expect((await estimate('CA', 'ON')).components).toEqual(['HST 13% 5.85']);
    expect((await estimate('CA', 'QC')).components).toEqual(['GST 5% 2.25', 'QST 9.975% 4.49']);
  });

  test('a country with regions needs one; an unknown method or destination is a clear 400', async () => {
    const noState = await expectApiError(
      shopper.cartEstimate({ country: 'US' }),
      400,
      'region_required',
    );
    expect(noState.message).toBe('Choose a state to estimate tax in United States.');
    await expectApiError(
      shopper.cartEstimate({ country: 'US', region: 'OR', shippingMethod: 'eu-express' }),
      400,
      'unknown_shipping_method',
    );
    await expectApiError(shopper.cartEstimate({ country: 'JP' }), 400, 'invalid_destination');
  });
});
