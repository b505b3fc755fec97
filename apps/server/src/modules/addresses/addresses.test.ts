import type { IroncartClient } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HttpError } from '../../lib/errors.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { COUNTRIES } from './countries.js';
import type { AddressInput } from './schemas.js';
import { MAX_SAVED_ADDRESSES } from './service.js';
import { validateAddress } from './validation.js';

const PASSWORD = 'correct horse battery staple';
const portland: AddressInput = {
  name: 'Sam Rivers',
  line1: '1 Ledger Row',
  city: 'Portland',
  region: 'OR',
  postalCode: '97204',
  country: 'US',
};
const berlin: AddressInput = {
  name: 'Mia Vogel',
  company: 'Vogel Sport GmbH',
  line1: 'Invalidenstraße 117',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
  phone: '+49 30 1234567',
};

/** The problems validateAddress reports, as { field: message }. */
function problemsOf(input: AddressInput): Record<string, string> {
  try {
    validateAddress(input);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('invalid_address');
    return Object.fromEntries(
      (error.details ?? []).map((d) => [d.path.replace('body/', ''), d.message]),
    );
  }
  return {};
}

describe('address validation', () => {
  test.each([
    ['US', '97204', 'OR', '97204'],
    ['US', '94105-1804', 'CA', '94105-1804'],
    ['CA', 'k1a0b1', 'ON', 'K1A 0B1'],
    ['GB', 'sw1a1aa', undefined, 'SW1A 1AA'],
    ['GB', ' EC1A  1BB ', undefined, 'EC1A 1BB'],
    ['AU', '2000', 'NSW', '2000'],
    ['DE', '10115', undefined, '10115'],
    ['NL', '1012js', undefined, '1012 JS'],
    ['IE', 'd02x285', undefined, 'D02 X285'],
    ['PL', '00950', undefined, '00-950'],
    ['LV', '1050', undefined, 'LV-1050'],
    ['SE', '11122', undefined, '111 22'],
  ])('%s postal code %j is accepted as %j', (country, postalCode, region, expected) => {
    const address = validateAddress({ ...portland, country, postalCode, region });
    expect(address.postalCode).toBe(expected);
  });

  test.each([
    ['US', '9720'],
    ['US', 'ABCDE'],
    ['CA', 'D1A 0B1'],
    ['GB', '12345'],
    ['AU', '200'],
    ['DE', '1011'],
    ['NL', '1012'],
  ])('%s postal code %j is refused with an example', (country, postalCode) => {
    const region = COUNTRIES.find((c) => c.code === country)?.regions?.[0]?.code;
    const problems = problemsOf({ ...portland, country, postalCode, region });
    expect(Object.keys(problems)).toEqual(['postalCode']);
    expect(problems.postalCode).toMatch(/for example/);
  });

  test('a region is required where the country has them, and must be one of them', () => {
    expect(problemsOf({ ...portland, region: undefined })).toEqual({
      region: 'is required (State)',
    });
    expect(problemsOf({ ...portland, region: 'XX' })).toEqual({
      region: 'is not a state of United States',
    });
    expect(problemsOf({ ...berlin, region: 'BE' })).toEqual({
      region: 'is not used in Germany addresses',
    });
    // Lower case is fine.
    expect(validateAddress({ ...portland, region: 'or' }).region).toBe('OR');
  });

  test('every problem is reported at once, and the message names the first', () => {
    let caught: unknown;
    try {
      validateAddress({ ...portland, name: '  ', city: '', region: undefined, postalCode: 'x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HttpError);
    const error = caught as HttpError;
    expect(error.message).toBe('Check the address: name is required.');
    expect(error.details?.map((d) => d.path)).toEqual([
      'body/name',
      'body/city',
      'body/region',
      'body/postalCode',
    ]);
  });

  test('an unknown country, or a phone a carrier cannot dial, is refused', () => {
    expect(Object.keys(problemsOf({ ...berlin, country: 'ZZ' }))).toEqual(['country']);
    expect(Object.keys(problemsOf({ ...berlin, phone: 'call me' }))).toEqual(['phone']);
    expect(Object.keys(problemsOf({ ...berlin, phone: '12345' }))).toEqual(['phone']);
  });

  test('a valid address comes back trimmed, with absent parts null', () => {
    expect(validateAddress({ ...berlin, name: '  Mia   Vogel ', line2: '  ' })).toEqual({
      ...berlin,
      name: 'Mia Vogel',
      line2: null,
      region: null,
    });
  });
});

describe.each(testDrivers)('the address book on %s', (driver) => {
  let t: TestApp;
  let accounts = 0;
  const shopper = async (): Promise<IroncartClient> => {
    const client = sdkFor(t.app);
    await client.signUp({
      email: `book${++accounts}-${driver}@example.com`,
      password: PASSWORD,
      name: 'Book',
    });
    return client;
  };

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false });
  });
  afterAll(() => t.close());

  test('countries come with their regions and postal code formats, for anyone', async () => {
    const { countries } = await sdkFor(t.app).countries();
    const us = countries.find((c) => c.code === 'US');
    expect(us?.regions).toHaveLength(51);
    expect(us?.regions).toContainEqual({ code: 'OR', name: 'Oregon' });
    expect(countries.find((c) => c.code === 'DE')).toMatchObject({
      regions: [],
      regionLabel: null,
    });
    expect(countries.map((c) => c.code)).toEqual(expect.arrayContaining(['CA', 'GB', 'AU', 'FR']));
  });

  test('the first address is the default; a later one can take over', async () => {
    const client = await shopper();
    const home = await client.saveAddress(portland);
    expect(home).toMatchObject({ ...portland, isDefault: true, line2: null, phone: null });
    const work = await client.saveAddress({ ...berlin, makeDefault: true });
    expect(work.isDefault).toBe(true);
    const { addresses } = await client.addresses();
    expect(addresses.map((a) => [a.id, a.isDefault])).toEqual([
      [work.id, true],
      [home.id, false],
    ]);
    await client.makeDefaultAddress(home.id);
    expect((await client.addresses()).addresses[0]).toMatchObject({ id: home.id, isDefault: true });
  });

  test('an edit replaces the address; deleting the default hands it to the most recent other', async () => {
    const client = await shopper();
    const first = await client.saveAddress(portland);
    const second = await client.saveAddress(berlin);
    const edited = await client.updateAddress(second.id, { ...berlin, line2: 'Hinterhaus' });
    expect(edited).toMatchObject({ id: second.id, line2: 'Hinterhaus', isDefault: false });
    await client.deleteAddress(first.id);
    expect((await client.addresses()).addresses).toEqual([{ ...edited, isDefault: true }]);
  });

  test('a bad address is a 400 naming its fields, and nothing is saved or changed', async () => {
    const client = await shopper();
    const saved = await client.saveAddress(portland);
    const refused = await expectApiError(
      client.saveAddress({ ...portland, postalCode: 'nope', region: 'ZZ' }),
      400,
      'invalid_address',
    );
    expect(refused.details?.map((d) => d.path)).toEqual(['body/region', 'body/postalCode']);
    await expectApiError(
      client.updateAddress(saved.id, { ...portland, country: 'ZZ' }),
      400,
      'invalid_address',
    );
    expect((await client.addresses()).addresses).toEqual([saved]);
  });

  test("another shopper's address is a 404 to every route, and stays as it was", async () => {
    const owner = await shopper();
    const other = await shopper();
    const saved = await owner.saveAddress(portland);
    await expectApiError(other.updateAddress(saved.id, berlin), 404, 'not_found');
    await expectApiError(other.makeDefaultAddress(saved.id), 404, 'not_found');
    await expectApiError(other.deleteAddress(saved.id), 404, 'not_found');
    expect((await other.addresses()).addresses).toEqual([]);
    expect((await owner.addresses()).addresses).toEqual([saved]);
  });

  test('a guest has no address book', async () => {
    await expectApiError(sdkFor(t.app).addresses(), 401, 'unauthenticated');
    await expectApiError(sdkFor(t.app).saveAddress(portland), 401, 'unauthenticated');
  });

  test('saves from many tabs at once: one default, and never more than the limit', async () => {
    const client = await shopper();
    const outcomes = await Promise.allSettled(
      Array.from({ length: MAX_SAVED_ADDRESSES + 3 }, (_, n) =>
        client.saveAddress({ ...portland, line1: `${n + 1} Ledger Row` }),
      ),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(3);
    for (const outcome of refused) {
      expect(outcome.reason).toMatchObject({ status: 409, code: 'address_book_full' });
    }
    const { addresses } = await client.addresses();
    expect(addresses).toHaveLength(MAX_SAVED_ADDRESSES);
    expect(addresses.filter((a) => a.isDefault)).toHaveLength(1);
  });
});
