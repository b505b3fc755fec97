import { brandName, type CardBrand, cardNumberLengths, cvcLength, detectBrand } from './brands.js';
import { luhnValid } from './luhn.js';

/** What a card form sends; month and year may come straight from text inputs. */
export interface CardInput {
  number: string;
  expMonth: number | string;
  expYear: number | string;
  cvc: string;
  holder: string;
}

/** A card that passed every rule, normalized: digits only, four-digit year, trimmed name. */
export interface ValidCard {
  /** Digits only. Never store or log it. */
  number: string;
  brand: CardBrand;
  last4: string;
  /** 1-12. */
  expMonth: number;
  /** Four digits, e.g. 2031. */
  expYear: number;
  /** Never store or log it. */
  cvc: string;
  holder: string;
}

export type CardField = 'number' | 'expiry' | 'cvc' | 'holder';

export type NumberErrorCode =
  | 'required'
  | 'invalid_characters'
  | 'unknown_brand'
  | 'wrong_length'
  | 'failed_checksum';
export type ExpiryErrorCode =
  | 'required'
  | 'invalid_month'
  | 'invalid_year'
  | 'expired'
  | 'too_far_ahead';
export type CvcErrorCode = 'required' | 'invalid_characters' | 'wrong_length';
export type HolderErrorCode = 'required' | 'too_long' | 'invalid_characters';

/** One problem with one field, with a message fit to show the shopper next to that field. */
export type FieldError =
  | { field: 'number'; code: NumberErrorCode; message: string }
  | { field: 'expiry'; code: ExpiryErrorCode; message: string }
  | { field: 'cvc'; code: CvcErrorCode; message: string }
  | { field: 'holder'; code: HolderErrorCode; message: string };

export type CardValidation = { ok: true; card: ValidCard } | { ok: false; errors: FieldError[] };

/** The longest cardholder name accepted, in characters (code points) after trimming. */
export const MAX_HOLDER_LENGTH = 100;
/** How far ahead an expiry date may be, in years (counted in months from the current month). */
export const MAX_YEARS_AHEAD = 20;

const DIGITS = /^[0-9]+$/;
/** C0 and C1 control characters (newlines, tabs, NUL...) and line separators: never in a name. */
function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      return true;
    }
  }
  return false;
}

function listLengths(lengths: readonly number[]): string {
  if (lengths.length === 1) return String(lengths[0]);
  return `${lengths.slice(0, -1).join(', ')} or ${lengths[lengths.length - 1]}`;
}

type NumberCheck =
  | { ok: true; digits: string; brand: CardBrand }
  | { ok: false; error: FieldError; brand: CardBrand | undefined };

function checkNumber(raw: unknown): NumberCheck {
  const fail = (code: NumberErrorCode, message: string, brand?: CardBrand): NumberCheck => ({
    ok: false,
    error: { field: 'number', code, message },
    brand,
  });
  const digits = typeof raw === 'string' ? raw.replace(/[ -]/g, '') : '';
  if (digits === '') return fail('required', 'Please enter your card number.');
  if (!DIGITS.test(digits)) {
    return fail(
      'invalid_characters',
      'The card number can only contain digits (spaces and dashes are fine).',
    );
  }
  const brand = detectBrand(digits);
  if (!brand) {
    return fail(
      'unknown_brand',
      'We accept Visa, Mastercard, American Express and Discover. Please check the card number.',
    );
  }
  const lengths = cardNumberLengths(brand);
  if (!lengths.includes(digits.length)) {
    return fail(
      'wrong_length',
      `A ${brandName(brand)} card number has ${listLengths(lengths)} digits. Please check the number.`,
      brand,
    );
  }
  if (!luhnValid(digits)) {
    return fail(
      'failed_checksum',
      'This card number is not valid. Please check it for typing mistakes.',
      brand,
    );
  }
  return { ok: true, digits, brand };
}

/** A month or year as an integer, from a number or a string of digits; undefined otherwise. */
function parsePart(raw: unknown, allowedDigits: readonly number[]): number | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (!DIGITS.test(text) || !allowedDigits.includes(text.length)) return undefined;
  return Number(text);
}

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

type ExpiryCheck = { ok: true; month: number; year: number } | { ok: false; error: FieldError };

function checkExpiry(rawMonth: unknown, rawYear: unknown, now: Date): ExpiryCheck {
  const fail = (code: ExpiryErrorCode, message: string): ExpiryCheck => ({
    ok: false,
    error: { field: 'expiry', code, message },
  });
  if (isBlank(rawMonth) || isBlank(rawYear)) {
    return fail('required', 'Please enter the expiry date (month and year).');
  }
  const month = parsePart(rawMonth, [1, 2]);
  if (month === undefined || month < 1 || month > 12) {
    return fail('invalid_month', 'The expiry month must be between 01 and 12.');
  }
  // Two-digit years mean 20xx; four-digit years are taken as they are.
  const parsedYear = parsePart(rawYear, [2, 4]);
  const year =
    parsedYear === undefined
      ? undefined
      : parsedYear < 100
        ? 2000 + parsedYear
        : parsedYear >= 1000 && parsedYear <= 9999
          ? parsedYear
          : undefined;
  if (year === undefined) {
    return fail('invalid_year', 'Please enter the expiry year as 2 or 4 digits, e.g. 29 or 2029.');
  }
  // Months counted from year 0 in UTC: a card is valid through the last instant of its month.
  const expiryMonth = year * 12 + (month - 1);
  const currentMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  if (expiryMonth < currentMonth) {
    return fail('expired', 'This card has expired. Please use another card.');
  }
  if (expiryMonth > currentMonth + MAX_YEARS_AHEAD * 12) {
    return fail('too_far_ahead', 'The expiry date is too far in the future. Please check it.');
  }
  return { ok: true, month, year };
}

type CvcCheck = { ok: true; cvc: string } | { ok: false; error: FieldError };

function checkCvc(raw: unknown, brand: CardBrand | undefined): CvcCheck {
  const fail = (code: CvcErrorCode, message: string): CvcCheck => ({
    ok: false,
    error: { field: 'cvc', code, message },
  });
  const cvc = typeof raw === 'string' ? raw.trim() : '';
  if (cvc === '') return fail('required', 'Please enter the security code (CVC).');
  if (!DIGITS.test(cvc)) return fail('invalid_characters', 'The security code is digits only.');
  // While the brand is unknown (the number itself is wrong) either length is plausible.
  const expected = brand ? [cvcLength(brand)] : [3, 4];
  if (!expected.includes(cvc.length)) {
    return fail(
      'wrong_length',
      brand === 'amex'
        ? 'The security code of an American Express card is the 4 digits on its front.'
        : brand
          ? 'The security code is the 3 digits on the back of your card.'
          : 'The security code is 3 digits (4 for American Express).',
    );
  }
  return { ok: true, cvc };
}

type HolderCheck = { ok: true; holder: string } | { ok: false; error: FieldError };

function checkHolder(raw: unknown): HolderCheck {
  const fail = (code: HolderErrorCode, message: string): HolderCheck => ({
    ok: false,
    error: { field: 'holder', code, message },
  });
  const holder = typeof raw === 'string' ? raw.trim() : '';
  if (holder === '') return fail('required', 'Please enter the name as it appears on the card.');
  if ([...holder].length > MAX_HOLDER_LENGTH) {
    return fail(
      'too_long',
      `The name on the card can be at most ${MAX_HOLDER_LENGTH} characters long.`,
    );
  }
  if (hasControlCharacter(holder)) {
    return fail('invalid_characters', 'The name on the card contains characters we cannot accept.');
  }
  return { ok: true, holder };
}

/**
 * Checks a card against the store's rules and reports every problem at once, at most one per
 * field (the first rule that field breaks, in the order listed on FieldError's codes):
 * - number: spaces and dashes are removed, then digits only; brand by prefix (Visa 4;
 *   Mastercard 51-55 and 2221-2720; Amex 34, 37; Discover 6011, 644-649, 65); length by brand
 *   (Visa 16/18/19, Mastercard 16, Amex 15, Discover 16/19); Luhn.
 * - expiry: month 1-12 (number, or 1-2 digits); year as 2 digits (20xx) or 4 digits; the card is
 *   valid through the end of its month in UTC and at most 20 years ahead (in months: with
 *   `now` in June 2025, 06/2045 passes and 07/2045 does not).
 * - cvc: surrounding spaces trimmed, 3 digits, 4 for Amex (3 or 4 while the brand is unknown).
 * - holder: trimmed, 1 to 100 characters, no control characters.
 *
 * Pure and dependency-free: the storefront runs it for comfort, the server for truth.
 */
export function validateCard(input: CardInput, now: Date): CardValidation {
  if (Number.isNaN(now.getTime())) throw new TypeError('validateCard needs a valid current date');
  const errors: FieldError[] = [];
  const number = checkNumber(input.number);
  if (!number.ok) errors.push(number.error);
  const expiry = checkExpiry(input.expMonth, input.expYear, now);
  if (!expiry.ok) errors.push(expiry.error);
  const cvc = checkCvc(input.cvc, number.brand);
  if (!cvc.ok) errors.push(cvc.error);
  const holder = checkHolder(input.holder);
  if (!holder.ok) errors.push(holder.error);
  if (!number.ok || !expiry.ok || !cvc.ok || !holder.ok) return { ok: false, errors };
  return {
    ok: true,
    card: {
      number: number.digits,
      brand: number.brand,
      last4: number.digits.slice(-4),
      expMonth: expiry.month,
      expYear: expiry.year,
      cvc: cvc.cvc,
      holder: holder.holder,
    },
  };
}
