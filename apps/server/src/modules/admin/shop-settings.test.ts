import { type IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { insertProducts } from '../../test-support/catalog.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { createUser } from '../accounts/service.js';
import { categories } from '../catalog/tables.js';
import type { SaveShippingZoneBody } from './shop-settings-schemas.js';
import { auditLog } from './tables.js';

const PASSWORD = 'correct horse battery staple';

describe.each(testDrivers)(
  'shipping zones and tax rules as the admin edits them, on %s',
  (driver) => {
    let t: TestApp;
    let admin: IroncartClient;
    let shopper: IroncartClient;

    const auditCount = async () =>
      (await t.testDatabase.database.db.select({ n: count() }).from(auditLog))[0]?.n ?? 0;

    beforeAll(async () => {
      t = await createTestApp(driver, { seedDemoCatalog: false });
      const { db } = t.testDatabase.database;
      await createUser(db, {
        email: `settings-${driver}@example.com`,
        password: PASSWORD,
        name: 'Owner',
        role: 'admin',
      });
      admin = sdkFor(t.app, { store: new MemorySessionStore() });
      await admin.login({ email: `settings-${driver}@example.com`, password: PASSWORD });
      await db.insert(categories).values({ id: 'set-gear', name: 'Settings gear' });
      await insertProducts(db, [
        { id: 'set-shirt', title: 'Shirt', priceCents: 3499, stock: 50, categoryId: 'set-gear' },
      ]);
      shopper = sdkFor(t.app);
      await shopper.addToCart('set-shirt', 1);
    });
    afterAll(() => t.close());

    const usZone = async (): Promise<SaveShippingZoneBody> => {
      const zone = (await admin.admin.shippingZones()).zones.find(
        (candidate) => candidate.id === 'us',
      );
      if (!zone) throw new Error('no US zone');
      return {
        name: zone.name,
        position: zone.position,
        areas: zone.areas,
        methods: zone.methods.map((method) => ({
          id: method.id,
          name: method.name,
          minDays: method.minDays,
          maxDays: method.maxDays,
          bands: method.bands.map((band) => ({ from: band.from.amount, price: band.price.amount })),
        })),
      };
    };

    test('a changed rate reaches quotes at once, with an audit entry', async () => {
      const zone = await usZone();
      expect(zone.methods.map((m) => m.id)).toEqual(['us-standard', 'us-express']);
      const audited = await auditCount();
      const saved = await admin.admin.saveShippingZone('us', {
        ...zone,
        methods: zone.methods.map((method) =>
          method.id === 'us-express'
            ? { ...method, bands: [{ from: '0', price: '19.99' }] }
            : method,
        ),
      });
      expect(saved.methods[1]?.bands).toEqual([
        { from: { amount: '0.00', currency: 'USD' }, price: { amount: '19.99', currency: 'USD' } },
      ]);
      const quote = await shopper.shippingQuote('US', 'OR');
      expect(quote.methods.map((m) => m.price.amount)).toEqual(['5.99', '19.99']);
      expect(await auditCount()).toBe(audited + 1);
      const [entry] = (await admin.admin.auditLog({ action: 'shipping_zone.save' })).items;
      expect(entry).toMatchObject({ targetType: 'shipping_zone', targetId: 'us' });
    });

    test('bad zones are refused with what is wrong, and change nothing', async () => {
      const zone = await usZone();
      const [standard] = zone.methods;
      if (!standard) throw new Error('no standard method');
      const audited = await auditCount();
      const refused = await expectApiError(
        admin.admin.saveShippingZone('us', {
          ...zone,
          areas: [{ country: 'US', region: 'ZZ' }],
          methods: [{ ...standard, maxDays: 1, bands: [{ from: '10', price: '1' }] }],
        }),
        400,
        'invalid_request',
      );
      expect(refused.details?.map((d) => d.path)).toEqual([
        'body/areas/0/region',
        'body/methods/0/maxDays',
        'body/methods/0/bands',
      ]);
      // Alaska is already the remote zone's; a method id of another zone cannot move.
      await expectApiError(
        admin.admin.saveShippingZone('alaska', {
          ...zone,
          name: 'Alaska',
          areas: [{ country: 'US', region: 'AK' }],
          methods: [{ ...standard, id: 'alaska-standard' }],
        }),
        409,
        'area_taken',
      );
      await expectApiError(
        admin.admin.saveShippingZone('nowhere', {
          ...zone,
          name: 'Nowhere',
          areas: [{ country: 'FR', region: null }],
        }),
        409,
        'area_taken',
      );
      await expectApiError(
        admin.admin.saveShippingZone('us', {
          ...zone,
          methods: [{ ...standard, id: 'ca-standard' }],
        }),
        409,
        'method_id_taken',
      );
      expect(await usZone()).toEqual(zone);
      expect(await auditCount()).toBe(audited);
    });

    test('a deleted zone stops deliveries there; a new one starts them', async () => {
      await admin.admin.deleteShippingZone('au');
      await expectApiError(shopper.shippingQuote('AU', 'NSW'), 400, 'not_delivered');
      await expectApiError(admin.admin.deleteShippingZone('au'), 404, 'not_found');
      await admin.admin.saveShippingZone('oceania', {
        name: 'Australia',
        position: 9,
        areas: [{ country: 'AU', region: null }],
        methods: [
          {
            id: 'oceania-post',
            name: 'Post',
            minDays: 6,
            maxDays: 10,
            bands: [{ from: '0', price: '20' }],
          },
        ],
      });
      expect((await shopper.shippingQuote('AU', 'NSW')).methods.map((m) => m.price.amount)).toEqual(
        ['20.00'],
      );
    });

    test('a changed tax rule reaches estimates at once; bad rules are refused', async () => {
      const { rules } = await admin.admin.taxRules();
      expect(rules.find((rule) => rule.id === 'US-MN')?.components).toEqual([
        { name: 'Sales tax', rate: '6.875' },
      ]);
      await admin.admin.saveTaxRule('US-OR', {
        components: [{ name: 'Sales tax', rate: '1.5' }],
        pricesIncludeTax: false,
        shippingTaxed: false,
      });
      const oregon = await shopper.cartEstimate({ country: 'US', region: 'OR' });
      expect(oregon.tax.components).toEqual([
        { name: 'Sales tax', rate: '1.5', amount: { amount: '0.52', currency: 'USD' } },
      ]);
      const audited = await auditCount();
      await expectApiError(
        admin.admin.saveTaxRule('US-ZZ', {
          components: [],
          pricesIncludeTax: false,
          shippingTaxed: false,
        }),
        400,
        'invalid_request',
      );
      await expectApiError(
        admin.admin.saveTaxRule('DE', {
          components: [
            { name: 'VAT', rate: '19' },
            { name: 'Extra', rate: '1' },
          ],
          pricesIncludeTax: true,
          shippingTaxed: true,
        }),
        400,
        'invalid_request',
      );
      expect(await auditCount()).toBe(audited);
      await admin.admin.deleteTaxRule('US-OR');
      expect((await shopper.cartEstimate({ country: 'US', region: 'OR' })).tax.components).toEqual(
        [],
      );
      await expectApiError(admin.admin.deleteTaxRule('US-OR'), 404, 'not_found');
    });
  },
);
