import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { priceLines } from './pricing.js';

const rules = { taxBasisPoints: 825, shippingCents: 599, freeShippingFromCents: 10_000 };

describe('priceLines', () => {
  test('an empty cart costs nothing, not even shipping', () => {
    expect(priceLines([], rules)).toEqual({
      subtotalCents: 0,
      taxCents: 0,
      shippingCents: 0,
      totalCents: 0,
    });
  });

  test('tax rounds half up to the cent; shipping is free from the threshold', () => {
    // 8.25 % of 2.00 = 0.165 -> 0.17
    expect(priceLines([{ unitPriceCents: 200, quantity: 1 }], rules)).toMatchObject({
      taxCents: 17,
      shippingCents: 599,
    });
    expect(priceLines([{ unitPriceCents: 5000, quantity: 2 }], rules)).toMatchObject({
      subtotalCents: 10_000,
      shippingCents: 0,
    });
    expect(priceLines([{ unitPriceCents: 9999, quantity: 1 }], rules).shippingCents).toBe(599);
  });

  test('the total is always the sum of its parts, in whole cents', () => {
    const line = fc.record({
      unitPriceCents: fc.integer({ min: 0, max: 1_000_000 }),
      quantity: fc.integer({ min: 1, max: 100 }),
    });
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 20 }),
        fc.integer({ min: 0, max: 10_000 }),
        (lines, bp) => {
          const totals = priceLines(lines, { ...rules, taxBasisPoints: bp });
          const subtotal = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
          expect(totals.subtotalCents).toBe(subtotal);
          expect(Number.isInteger(totals.taxCents)).toBe(true);
          expect(Math.abs(totals.taxCents - (subtotal * bp) / 10_000)).toBeLessThanOrEqual(0.5);
          expect(totals.totalCents).toBe(
            totals.subtotalCents + totals.taxCents + totals.shippingCents,
          );
        },
      ),
    );
  });
});
