import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatCents, parseDecimal } from './money.js';

describe('money', () => {
  test.each([
    [0, '0.00'],
    [5, '0.05'],
    [7500, '75.00'],
    [123456, '1234.56'],
    [-250, '-2.50'],
  ])('%i cents are "%s"', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  test('parse and format are inverse for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (cents) => {
        expect(parseDecimal(formatCents(cents))).toBe(cents);
      }),
    );
  });

  test.each(['', 'abc', '1.234', '-1', '1e3', '1,00', '.5'])('"%s" is not an amount', (text) => {
    expect(parseDecimal(text)).toBeUndefined();
  });

  test('short decimals are cents', () => {
    expect(parseDecimal('75')).toBe(7500);
    expect(parseDecimal('75.5')).toBe(7550);
  });

  test('fractions of a cent are refused', () => {
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });
});
