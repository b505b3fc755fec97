import { type Static, Type } from 'typebox';

/**
 * Money: integers in minor units (cents) everywhere inside; decimal strings with a currency
 * code on the wire ("75.00" USD). Two-decimal currencies only, which is all the store sells in.
 */
export const Money = Type.Object(
  {
    amount: Type.String({
      pattern: '^-?\\d+\\.\\d{2}$',
      description: 'Decimal string, e.g. "75.00"',
    }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
  },
  { title: 'Money' },
);
export type Money = Static<typeof Money>;

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function money(cents: number, currency: string): Money {
  return { amount: formatCents(cents), currency };
}

/** Parses "75", "75.5" or "75.50" into cents; undefined for anything else. */
export function parseDecimal(text: string): number | undefined {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
