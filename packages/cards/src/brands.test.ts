import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  brandName,
  cardBrands,
  cardNumberLengths,
  cvcLength,
  detectBrand,
  maxNumberLength,
} from './brands.js';
import { formatCardNumber } from './format.js';
import { anyValidNumber, digitString, numberInRange, prefixRanges } from './testing/arbitraries.js';

describe('detectBrand', () => {
  for (const range of prefixRanges) {
    for (const length of range.lengths) {
      test(`${range.brand} ${range.low}-${range.high}, ${length} digits`, () => {
        fc.assert(
          fc.property(numberInRange(range, length), (number) => {
            expect(detectBrand(number)).toBe(range.brand);
          }),
        );
      });
    }
  }

  test('while typing, a prefix never suggests a wrong brand and, once known, stays known', () => {
    fc.assert(
      fc.property(anyValidNumber, ({ number, brand }) => {
        let known = false;
        for (let typed = 1; typed <= number.length; typed++) {
          const detected = detectBrand(number.slice(0, typed));
          if (known) expect(detected).toBe(brand);
          else if (detected !== undefined) {
            expect(detected).toBe(brand);
            known = true;
          }
        }
        // Four digits always settle it.
        expect(detectBrand(number.slice(0, 4))).toBe(brand);
      }),
    );
  });

  test('on any digits, a detected brand survives more typing', () => {
    fc.assert(
      fc.property(digitString(1, 8), digitString(0, 12), (head, tail) => {
        const early = detectBrand(head);
        if (early) expect(detectBrand(head + tail)).toBe(early);
      }),
    );
  });

  test.each([
    ['4', 'visa'],
    ['5', undefined],
    ['50', undefined],
    ['51', 'mastercard'],
    ['55', 'mastercard'],
    ['56', undefined],
    ['2', undefined],
    ['22', undefined],
    ['222', undefined],
    ['2220', undefined],
    ['2221', 'mastercard'],
    ['223', 'mastercard'],
    ['23', 'mastercard'],
    ['26', 'mastercard'],
    ['27', undefined],
    ['271', 'mastercard'],
    ['272', undefined],
    ['2720', 'mastercard'],
    ['2721', undefined],
    ['28', undefined],
    ['3', undefined],
    ['34', 'amex'],
    ['35', undefined],
    ['37', 'amex'],
    ['6', undefined],
    ['60', undefined],
    ['601', undefined],
    ['6011', 'discover'],
    ['6012', undefined],
    ['64', undefined],
    ['643', undefined],
    ['644', 'discover'],
    ['649', 'discover'],
    ['65', 'discover'],
    ['66', undefined],
    ['1', undefined],
    ['', undefined],
    ['4242 42', 'visa'],
    ['37-8', 'amex'],
    ['4a', undefined],
  ] as const)('%j -> %s', (typed, brand) => {
    expect(detectBrand(typed)).toBe(brand);
  });
});

describe('brand facts for the card form', () => {
  test('CVC length: 4 for American Express, 3 otherwise and while unknown', () => {
    expect(cvcLength('amex')).toBe(4);
    expect(cvcLength('visa')).toBe(3);
    expect(cvcLength('mastercard')).toBe(3);
    expect(cvcLength('discover')).toBe(3);
    expect(cvcLength(undefined)).toBe(3);
  });

  test('longest number per brand', () => {
    expect(maxNumberLength('visa')).toBe(19);
    expect(maxNumberLength('mastercard')).toBe(16);
    expect(maxNumberLength('amex')).toBe(15);
    expect(maxNumberLength('discover')).toBe(19);
    expect(maxNumberLength(undefined)).toBe(19);
  });

  test('every brand has a name and lengths', () => {
    for (const brand of cardBrands) {
      expect(brandName(brand)).not.toBe('');
      expect(cardNumberLengths(brand).length).toBeGreaterThan(0);
    }
    expect(brandName('amex')).toBe('American Express');
  });
});

describe('formatCardNumber', () => {
  test.each([
    ['', ''],
    ['4', '4'],
    ['4242', '4242'],
    ['42424', '4242 4'],
    ['4242424242424242', '4242 4242 4242 4242'],
    ['4242-4242 4242.4242', '4242 4242 4242 4242'],
    ['4000 0000 0000 0000 123', '4000 0000 0000 0000 123'],
    ['4000 0000 0000 0000 12345', '4000 0000 0000 0000 123'],
    ['5555555555554444999', '5555 5555 5555 4444'],
    ['3782', '3782'],
    ['37828', '3782 8'],
    ['3782822463', '3782 822463'],
    ['37828224631', '3782 822463 1'],
    ['378282246310005', '3782 822463 10005'],
    ['3782822463100059', '3782 822463 10005'],
    ['abc', ''],
    ['6011 1111 1111 1117', '6011 1111 1111 1117'],
  ])('%j -> %j', (typed, shown) => {
    expect(formatCardNumber(typed)).toBe(shown);
  });

  test('keeps the typed digits in order, cut at the brand maximum, and is stable', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), digitString(0, 25), (noise, digits) => {
        const typed = [...digits].map((d, i) => d + (noise[i] ?? '')).join('');
        const shown = formatCardNumber(typed);
        const allDigits = typed.replace(/[^0-9]/g, '');
        const kept = shown.replace(/ /g, '');
        expect(allDigits.startsWith(kept)).toBe(true);
        expect(kept.length).toBe(Math.min(allDigits.length, maxNumberLength(detectBrand(kept))));
        expect(shown).toMatch(/^([0-9]+( [0-9]+)*)?$/);
        expect(formatCardNumber(shown)).toBe(shown);
      }),
    );
  });
});
