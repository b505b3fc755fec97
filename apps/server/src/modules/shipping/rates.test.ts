import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Band, bandProblems, freeFrom, priceFor, zoneFor } from './rates.js';

/** Valid bands: the first from 0, each start above the one before, whole positive cents. */
const validBands = fc
  .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 5 })
  .chain((starts) =>
    fc.tuple(
      fc.constant([0, ...starts.sort((a, b) => a - b)]),
      fc.array(fc.integer({ min: 0, max: 100_000 }), {
        minLength: starts.length + 1,
        maxLength: starts.length + 1,
      }),
    ),
  )
  .map(([starts, prices]) =>
    starts.map((fromCents, index): Band => ({ fromCents, priceCents: prices[index] ?? 0 })),
  );

describe('shipping price bands', () => {
  test('a subtotal pays the price of the last band that starts at or below it', () => {
    fc.assert(
      fc.property(validBands, fc.integer({ min: 0, max: 2_000_000 }), (bands, subtotal) => {
        expect(bandProblems(bands)).toBeNull();
        const applying = bands.filter((band) => band.fromCents <= subtotal).at(-1);
        expect(priceFor(bands, subtotal)).toBe(applying?.priceCents);
      }),
    );
  });

  test('"free from" is where the first free band starts, and it is free there', () => {
    fc.assert(
      fc.property(validBands, (bands) => {
        const free = freeFrom(bands);
        if (free === null) expect(bands.every((band) => band.priceCents > 0)).toBe(true);
        else expect(priceFor(bands, free)).toBe(0);
      }),
    );
    expect(
      freeFrom([
        { fromCents: 0, priceCents: 599 },
        { fromCents: 10_000, priceCents: 0 },
      ]),
    ).toBe(10_000);
  });

  test.each([
    [[], 'needs at least one price band'],
    [[{ fromCents: 100, priceCents: 5 }], 'the first price band must start at a subtotal of 0'],
    [
      [
        { fromCents: 0, priceCents: 5 },
        { fromCents: 0, priceCents: 1 },
      ],
      'each price band must start above the one before',
    ],
    [[{ fromCents: 0, priceCents: -1 }], 'amounts are whole, positive cents'],
    [[{ fromCents: 0, priceCents: 1.5 }], 'amounts are whole, positive cents'],
  ])('bands %j are refused: %s', (bands, problem) => {
    expect(bandProblems(bands)).toBe(problem);
  });
});

describe('the zone of a destination', () => {
  const zones = [
    { id: 'us', areas: [{ country: 'US', region: null }] },
    {
      id: 'us-remote',
      areas: [
        { country: 'US', region: 'AK' },
        { country: 'US', region: 'HI' },
      ],
    },
    { id: 'eu', areas: [{ country: 'DE', region: null }] },
  ];

  test('a zone that names the region comes before the one for the whole country', () => {
    expect(zoneFor(zones, { country: 'US', region: 'HI' })?.id).toBe('us-remote');
    expect(zoneFor(zones, { country: 'US', region: 'OR' })?.id).toBe('us');
    expect(zoneFor(zones, { country: 'US', region: null })?.id).toBe('us');
    expect(zoneFor(zones, { country: 'DE', region: null })?.id).toBe('eu');
    expect(zoneFor(zones, { country: 'JP', region: null })).toBeUndefined();
  });
});
