import type { IroncartClient } from '@ironcart/sdk';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { insertProducts } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { countryByCode } from '../addresses/countries.js';
import { categories } from '../catalog/tables.js';
import { bandProblems } from './rates.js';
import { shippingMethods, shippingZones } from './tables.js';

const usd = (amount: string) => ({ amount, currency: 'USD' });

describe.each(testDrivers)('shipping on %s', (driver) => {
  let t: TestApp;
  let shopper: IroncartClient;

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false });
    const { db } = t.testDatabase.database;
    await db.insert(categories).values({ id: 'ship-gear', name: 'Shipping gear' });
    await insertProducts(db, [
      { id: 'ship-shirt', title: 'Shirt', priceCents: 3499, stock: 50, categoryId: 'ship-gear' },
    ]);
    shopper = sdkFor(t.app);
  });
  afterAll(() => t.close());

  test('the seeded zones are valid: known areas, each in one zone, every method priced right', async () => {
    const zones = await t.app.shipping.zones();
    expect(zones.map((zone) => zone.id)).toEqual(['us', 'us-remote', 'ca', 'gb', 'eu', 'au']);
    const areas = zones.flatMap((zone) => zone.areas.map((a) => `${a.country}:${a.region}`));
    expect(new Set(areas).size).toBe(areas.length);
    for (const zone of zones) {
      expect(zone.methods.length, zone.id).toBeGreaterThan(0);
      for (const area of zone.areas) {
        const country = countryByCode(area.country);
        expect(country, area.country).toBeDefined();
        if (area.region) expect(country?.regions?.map((r) => r.code)).toContain(area.region);
      }
      for (const method of zone.methods) expect(bandProblems(method.bands), method.id).toBeNull();
    }
    expect(zones.find((zone) => zone.id === 'eu')?.areas).toHaveLength(27);
  });

  test('an empty cart is quoted too: the US standard rate, and what is left to free shipping', async () => {
    const quote = await shopper.shippingQuote('US', 'OR');
    expect(quote).toMatchObject({
      destination: { country: 'US', region: 'OR' },
      zone: { id: 'us' },
      subtotal: usd('0.00'),
    });
    expect(quote.methods[0]).toEqual({
      id: 'us-standard',
      name: 'Standard',
      minDays: 3,
      maxDays: 5,
      price: usd('5.99'),
      freeFrom: usd('100.00'),
      amountToFree: usd('100.00'),
    });
  });

  test("prices follow the cart's subtotal and the destination, cheapest first", async () => {
    await shopper.addToCart('ship-shirt', 1);
    const oregon = await shopper.shippingQuote('US', 'OR');
    expect(oregon.subtotal).toEqual(usd('34.99'));
    expect(
      oregon.methods.map((m) => [m.id, m.price.amount, m.amountToFree?.amount ?? null]),
    ).toEqual([
      ['us-standard', '5.99', '65.01'],
      ['us-express', '14.99', null],
    ]);
    expect((await shopper.shippingQuote('US', 'ak')).zone.id).toBe('us-remote');
    expect((await shopper.shippingQuote('DE')).methods[0]?.price).toEqual(usd('12.99'));
    expect((await shopper.shippingQuote('AU', 'NSW')).methods[0]?.price).toEqual(usd('16.99'));

    // Canada's standard rate has a middle band: 9.99 below 50.00, 5.99 from it, free from 100.00.
    expect((await shopper.shippingQuote('CA', 'ON')).methods[0]?.price).toEqual(usd('9.99'));
    await shopper.addToCart('ship-shirt', 1);
    const canada = await shopper.shippingQuote('CA', 'ON');
    expect(canada.subtotal).toEqual(usd('69.98'));
    expect(canada.methods[0]).toMatchObject({ price: usd('5.99'), amountToFree: usd('30.02') });
    await shopper.addToCart('ship-shirt', 1);
    const free = await shopper.shippingQuote('CA', 'ON');
    expect(free.methods[0]).toMatchObject({ price: usd('0.00'), amountToFree: null });
  });

  test('a destination we do not serve, or do not know, is a clear 400', async () => {
    await expectApiError(shopper.shippingQuote('JP'), 400, 'invalid_destination');
    await expectApiError(shopper.shippingQuote('US', 'ZZ'), 400, 'invalid_destination');
    await expectApiError(shopper.shippingQuote('us'), 400, 'invalid_request');
    const { db } = t.testDatabase.database;
    const [australia] = await db.select().from(shippingZones).where(eq(shippingZones.id, 'au'));
    const methods = await db.select().from(shippingMethods).where(eq(shippingMethods.zoneId, 'au'));
    await db.delete(shippingZones).where(eq(shippingZones.id, 'au'));
    try {
      const refused = await expectApiError(
        shopper.shippingQuote('AU', 'NSW'),
        400,
        'not_delivered',
      );
      expect(refused.message).toBe('Sorry, we do not deliver to Australia yet.');
    } finally {
      if (australia) await db.insert(shippingZones).values(australia);
      await db.insert(shippingMethods).values(methods);
    }
  });
});
