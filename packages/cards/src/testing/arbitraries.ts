// Test-only generators (excluded from the build): card numbers built from the brand rules.
import fc from 'fast-check';
import type { CardBrand } from '../brands.js';
import { luhnCheckDigit } from '../luhn.js';

/** Every prefix range and the lengths issued under it, as the security requirements list them. */
export const prefixRanges: {
  brand: CardBrand;
  low: number;
  high: number;
  lengths: number[];
}[] = [
  { brand: 'visa', low: 4, high: 4, lengths: [16, 18, 19] },
  { brand: 'mastercard', low: 51, high: 55, lengths: [16] },
  { brand: 'mastercard', low: 2221, high: 2720, lengths: [16] },
  { brand: 'amex', low: 34, high: 34, lengths: [15] },
  { brand: 'amex', low: 37, high: 37, lengths: [15] },
  { brand: 'discover', low: 6011, high: 6011, lengths: [16, 19] },
  { brand: 'discover', low: 644, high: 649, lengths: [16, 19] },
  { brand: 'discover', low: 65, high: 65, lengths: [16, 19] },
];

export const digitString = (minLength: number, maxLength: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength, maxLength })
    .map((digits) => digits.join(''));

/** A number of exactly `length` digits starting with `prefix` that passes Luhn. */
export const luhnNumber = (prefix: fc.Arbitrary<string>, length: number) =>
  prefix.chain((head) => {
    if (length <= head.length) throw new RangeError(`no ${length}-digit number starts ${head}`);
    return digitString(length - head.length - 1, length - head.length - 1).map((middle) => {
      const body = head + middle;
      return body + luhnCheckDigit(body);
    });
  });

/** A valid number for one prefix range and one of its lengths. */
export const numberInRange = (range: (typeof prefixRanges)[number], length: number) =>
  luhnNumber(fc.integer({ min: range.low, max: range.high }).map(String), length);

/** A valid number of any accepted brand, with its brand. */
export const anyValidNumber = fc.oneof(
  ...prefixRanges.flatMap((range) =>
    range.lengths.map((length) =>
      numberInRange(range, length).map((number) => ({ number, brand: range.brand })),
    ),
  ),
);
