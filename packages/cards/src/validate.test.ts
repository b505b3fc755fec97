import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { luhnCheckDigit } from './luhn.js';
import { anyValidNumber, digitString, luhnNumber, prefixRanges } from './testing/arbitraries.js';
import { type CardInput, type FieldError, validateCard } from './validate.js';

const now = new Date('2025-06-15T12:00:00Z');
const good: CardInput = {
  number: '4242424242424242',
  expMonth: 12,
  expYear: 2030,
  cvc: '123',
  holder: 'Ada Lovelace',
};

function errorsOf(input: Partial<CardInput>, at = now): FieldError[] {
  const result = validateCard({ ...good, ...input }, at);
  return result.ok ? [] : result.errors;
}

function codeOf(input: Partial<CardInput>, field: FieldError['field'], at = now) {
  return errorsOf(input, at).find((error) => error.field === field)?.code;
}

describe('the Stripe test cards', () => {
  test.each([
    ['4242424242424242', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
    ['6011000990139424', 'discover'],
    ['4000000000000002', 'visa'],
    ['4000000000009995', 'visa'],
    ['4000000000000069', 'visa'],
    ['4000000000000127', 'visa'],
    ['4000000000000119', 'visa'],
  ] as const)('%s validates as %s', (number, brand) => {
    const cvc = brand === 'amex' ? '1234' : '123';
    const result = validateCard({ ...good, number, cvc }, now);
    expect(result).toEqual({
      ok: true,
      card: {
        number,
        brand,
        last4: number.slice(-4),
        expMonth: 12,
        expYear: 2030,
        cvc,
        holder: 'Ada Lovelace',
      },
    });
  });
});

describe('card number', () => {
  test('spaces and dashes are removed; the card keeps digits only', () => {
    const result = validateCard({ ...good, number: ' 4242 4242-4242-4242 ' }, now);
    expect(result.ok && result.card.number).toBe('4242424242424242');
  });

  test.each([
    '4242.4242.4242.4242',
    '4242\t4242424242424242',
    '4242_4242_4242_4242',
    '424242424242424a',
    '٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢',
    '4242４２４２42424242',
    '+4242424242424242',
  ])('any other character is refused: %j', (number) => {
    expect(codeOf({ number }, 'number')).toBe('invalid_characters');
  });

  test.each(['', '   ', ' - - '])('missing: %j', (number) => {
    expect(codeOf({ number }, 'number')).toBe('required');
  });

  test('every accepted brand, prefix range and length validates', () => {
    fc.assert(
      fc.property(anyValidNumber, ({ number, brand }) => {
        const cvc = brand === 'amex' ? '1234' : '123';
        const result = validateCard({ ...good, number, cvc }, now);
        expect(result.ok && result.card.brand).toBe(brand);
      }),
    );
  });

  test('a valid prefix with a length the brand does not issue is refused', () => {
    const cases = prefixRanges.flatMap((range) =>
      // From one digit past the prefix (the check digit) up to 23 digits.
      Array.from({ length: 23 }, (_, i) => i + 1)
        .filter((length) => length > String(range.high).length && !range.lengths.includes(length))
        .map((length) => ({ range, length })),
    );
    fc.assert(
      fc.property(
        fc
          .constantFrom(...cases)
          .chain(({ range, length }) =>
            luhnNumber(fc.integer({ min: range.low, max: range.high }).map(String), length),
          ),
        (number) => {
          expect(codeOf({ number }, 'number')).toBe('wrong_length');
        },
      ),
    );
  });

  test('a number that fails Luhn is refused', () => {
    fc.assert(
      fc.property(anyValidNumber, fc.integer({ min: 1, max: 9 }), ({ number }, shift) => {
        const last = String((Number(number.at(-1)) + shift) % 10);
        expect(codeOf({ number: number.slice(0, -1) + last }, 'number')).toBe('failed_checksum');
      }),
    );
  });

  test.each([
    '50',
    '56',
    '2220',
    '2721',
    '33',
    '35',
    '36',
    '38',
    '6010',
    '6012',
    '643',
    '66',
    '1',
    '0',
    '9',
  ])('prefixes just outside the ranges are an unknown brand: %s', (prefix) => {
    const body = prefix.padEnd(15, '0');
    expect(codeOf({ number: body + luhnCheckDigit(body) }, 'number')).toBe('unknown_brand');
  });
});

describe('expiry', () => {
  test('valid through the last instant of its month (UTC), expired from the next one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2098 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const lastInstant = new Date(Date.UTC(y, m, 1) - 1);
        const firstOfNext = new Date(Date.UTC(y, m, 1));
        expect(errorsOf({ expMonth: m, expYear: y }, lastInstant)).toEqual([]);
        expect(codeOf({ expMonth: m, expYear: y }, 'expiry', firstOfNext)).toBe('expired');
      }),
    );
  });

  test('the last day of the month is valid whatever the local time zone says', () => {
    // 23:30 UTC on 30 June is already July east of Greenwich: still valid, the rule is UTC.
    expect(errorsOf({ expMonth: 6, expYear: 2025 }, new Date('2025-06-30T23:30:00Z'))).toEqual([]);
    expect(codeOf({ expMonth: 6, expYear: 2025 }, 'expiry', new Date('2025-07-01T00:00:00Z'))).toBe(
      'expired',
    );
    expect(errorsOf({ expMonth: 2, expYear: 2028 }, new Date('2028-02-29T23:59:59.999Z'))).toEqual(
      [],
    );
  });

  test('up to exactly 20 years ahead, counted in months', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2070-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (at) => {
          const y = at.getUTCFullYear() + 20;
          const m = at.getUTCMonth() + 1;
          expect(errorsOf({ expMonth: m, expYear: y }, at)).toEqual([]);
          const next = m === 12 ? { expMonth: 1, expYear: y + 1 } : { expMonth: m + 1, expYear: y };
          expect(codeOf(next, 'expiry', at)).toBe('too_far_ahead');
        },
      ),
    );
  });

  test('the current month is valid, the previous one expired', () => {
    expect(errorsOf({ expMonth: 6, expYear: 2025 })).toEqual([]);
    expect(codeOf({ expMonth: 5, expYear: 2025 }, 'expiry')).toBe('expired');
    expect(codeOf({ expMonth: 12, expYear: 2024 }, 'expiry')).toBe('expired');
  });

  test('two-digit years mean 20xx, from text or numbers', () => {
    for (const expYear of ['30', 30, '2030', 2030]) {
      const result = validateCard({ ...good, expYear }, now);
      expect(result.ok && result.card.expYear).toBe(2030);
    }
    const result = validateCard({ ...good, expMonth: '06', expYear: '45' }, now);
    expect(result.ok && [result.card.expMonth, result.card.expYear]).toEqual([6, 2045]);
    expect(codeOf({ expYear: '24' }, 'expiry')).toBe('expired');
  });

  test.each([0, 13, -1, 1.5, '0', '13', '00', '1a', '001', ' ', Number.NaN])(
    'month %j is refused',
    (expMonth) => {
      expect(codeOf({ expMonth }, 'expiry')).toBe(expMonth === ' ' ? 'required' : 'invalid_month');
    },
  );

  test.each(['3', '203', '20301', 'abcd', '2030.0', 3.5, 123, 10_000, -30])(
    'year %j is refused',
    (expYear) => {
      expect(codeOf({ expYear }, 'expiry')).toBe('invalid_year');
    },
  );

  test('missing month or year', () => {
    expect(codeOf({ expMonth: '' }, 'expiry')).toBe('required');
    expect(codeOf({ expYear: '' }, 'expiry')).toBe('required');
  });

  test('an invalid clock is a programming error', () => {
    expect(() => validateCard(good, new Date(Number.NaN))).toThrow(TypeError);
  });
});

describe('CVC', () => {
  test('3 digits for most brands, 4 for American Express', () => {
    expect(errorsOf({ cvc: '123' })).toEqual([]);
    expect(codeOf({ cvc: '1234' }, 'cvc')).toBe('wrong_length');
    expect(codeOf({ cvc: '12' }, 'cvc')).toBe('wrong_length');
    const amex = { number: '378282246310005' };
    expect(errorsOf({ ...amex, cvc: '1234' })).toEqual([]);
    expect(codeOf({ ...amex, cvc: '123' }, 'cvc')).toBe('wrong_length');
  });

  test('the brand from the prefix decides even when the number has another problem', () => {
    expect(codeOf({ number: '3782822463100', cvc: '123' }, 'cvc')).toBe('wrong_length');
    // Unknown brand: 3 or 4 digits are both plausible, only the number is reported.
    expect(errorsOf({ number: '9999999999999995', cvc: '1234' }).map((e) => e.field)).toEqual([
      'number',
    ]);
  });

  test('digits only, surrounding spaces ignored', () => {
    expect(codeOf({ cvc: '12a' }, 'cvc')).toBe('invalid_characters');
    expect(codeOf({ cvc: '1 3' }, 'cvc')).toBe('invalid_characters');
    expect(codeOf({ cvc: '' }, 'cvc')).toBe('required');
    const result = validateCard({ ...good, cvc: ' 123 ' }, now);
    expect(result.ok && result.card.cvc).toBe('123');
  });
});

describe('cardholder name', () => {
  test('trimmed, 1 to 100 characters', () => {
    const result = validateCard({ ...good, holder: '  Ada Lovelace \n' }, now);
    expect(result.ok && result.card.holder).toBe('Ada Lovelace');
    expect(codeOf({ holder: '' }, 'holder')).toBe('required');
    expect(codeOf({ holder: ' \t ' }, 'holder')).toBe('required');
    expect(errorsOf({ holder: 'A' })).toEqual([]);
    expect(errorsOf({ holder: 'x'.repeat(100) })).toEqual([]);
    expect(codeOf({ holder: 'x'.repeat(101) }, 'holder')).toBe('too_long');
    // Characters, not UTF-16 units: 100 emoji are 200 units and still fit.
    expect(errorsOf({ holder: '😀'.repeat(100) })).toEqual([]);
    expect(errorsOf({ holder: 'Zoë Ōtomo-Łukasiewicz' })).toEqual([]);
  });

  test('no control characters inside the name', () => {
    expect(codeOf({ holder: 'Ada\nLovelace' }, 'holder')).toBe('invalid_characters');
    expect(codeOf({ holder: 'Ada\u0000' }, 'holder')).toBe('invalid_characters');
  });
});

describe('reporting', () => {
  test('every field problem is reported together, one per field, with a message', () => {
    const errors = errorsOf({
      number: '4242424242424241',
      expMonth: 13,
      expYear: 2030,
      cvc: '12',
      holder: '',
    });
    expect(errors.map(({ field, code }) => ({ field, code }))).toEqual([
      { field: 'number', code: 'failed_checksum' },
      { field: 'expiry', code: 'invalid_month' },
      { field: 'cvc', code: 'wrong_length' },
      { field: 'holder', code: 'required' },
    ]);
    for (const error of errors) expect(error.message).toMatch(/^[A-Z].{10,}\.$/);
  });

  test('never throws and reports at most one error per field, whatever it is given', () => {
    const anyPart = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double());
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 30 }), digitString(0, 25)),
        anyPart,
        anyPart,
        fc.string({ maxLength: 6 }),
        fc.string({ maxLength: 120 }),
        (number, expMonth, expYear, cvc, holder) => {
          const result = validateCard({ number, expMonth, expYear, cvc, holder }, now);
          if (result.ok) return;
          const fields = result.errors.map((error) => error.field);
          expect(new Set(fields).size).toBe(fields.length);
          expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  test('messages never repeat the card number or the CVC', () => {
    const errors = errorsOf({ number: '4242424242424241', cvc: '98' });
    for (const error of errors) {
      expect(error.message).not.toContain('4242');
      expect(error.message).not.toContain('98');
    }
  });
});
