import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { luhnCheckDigit, luhnValid } from './luhn.js';
import { digitString } from './testing/arbitraries.js';

/** A plain textbook Luhn, written differently on purpose, to compare against. */
function referenceLuhn(digits: string): boolean {
  const reversed = [...digits].reverse().map(Number);
  const sum = reversed.reduce((total, digit, index) => {
    if (index % 2 === 0) return total + digit;
    const doubled = digit * 2;
    return total + Math.floor(doubled / 10) + (doubled % 10);
  }, 0);
  return digits.length > 0 && sum % 10 === 0;
}

describe('Luhn', () => {
  test('a body with its computed check digit always passes', () => {
    fc.assert(
      fc.property(digitString(1, 30), (body) => {
        expect(luhnValid(body + luhnCheckDigit(body))).toBe(true);
      }),
    );
  });

  test('changing any single digit of a valid number makes it fail', () => {
    fc.assert(
      fc.property(
        digitString(1, 30),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (body, position, shift) => {
          const valid = body + luhnCheckDigit(body);
          const at = position % valid.length;
          const changed = String((Number(valid[at]) + shift) % 10);
          const mutated = valid.slice(0, at) + changed + valid.slice(at + 1);
          expect(luhnValid(mutated)).toBe(false);
        },
      ),
    );
  });

  test('agrees with a textbook implementation on any digits', () => {
    fc.assert(
      fc.property(digitString(1, 25), (digits) => {
        expect(luhnValid(digits)).toBe(referenceLuhn(digits));
      }),
    );
  });

  test('known numbers', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnCheckDigit('424242424242424')).toBe('2');
  });

  test('empty or non-digit input never passes', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4242 4242 4242 4242')).toBe(false);
    expect(luhnValid('٤٢٤٢')).toBe(false);
    expect(() => luhnCheckDigit('12a')).toThrow(TypeError);
  });
});
