/** The card brands the store accepts. */
export const cardBrands = ['visa', 'mastercard', 'amex', 'discover'] as const;
export type CardBrand = (typeof cardBrands)[number];

interface PrefixRange {
  /** How many leading digits the range is about. */
  digits: number;
  low: number;
  high: number;
}

interface BrandRule {
  name: string;
  prefixes: PrefixRange[];
  lengths: readonly number[];
  cvcLength: number;
}

const range = (low: number, high = low): PrefixRange => ({
  digits: String(low).length,
  low,
  high,
});

/** Prefix ranges, lengths and CVC lengths (docs: security requirements, section 3). */
const rules: Record<CardBrand, BrandRule> = {
  visa: { name: 'Visa', prefixes: [range(4)], lengths: [16, 18, 19], cvcLength: 3 },
  mastercard: {
    name: 'Mastercard',
    prefixes: [range(51, 55), range(2221, 2720)],
    lengths: [16],
    cvcLength: 3,
  },
  amex: { name: 'American Express', prefixes: [range(34), range(37)], lengths: [15], cvcLength: 4 },
  discover: {
    name: 'Discover',
    prefixes: [range(6011), range(644, 649), range(65)],
    lengths: [16, 19],
    cvcLength: 3,
  },
};

/** The longest card number of any brand. */
export const MAX_CARD_NUMBER_LENGTH = 19;

const ONLY_DIGITS = /^[0-9]*$/;

/** Whether every card number that starts with `digits` falls inside `prefix`. */
function prefixDecides(digits: string, prefix: PrefixRange): boolean {
  if (digits.length >= prefix.digits) {
    const head = Number(digits.slice(0, prefix.digits));
    return head >= prefix.low && head <= prefix.high;
  }
  // Not enough digits yet: decided only if every possible continuation lands in the range.
  const missing = 10 ** (prefix.digits - digits.length);
  const lowest = Number(digits) * missing;
  const highest = lowest + missing - 1;
  return lowest >= prefix.low && highest <= prefix.high;
}

/**
 * The brand of a card number, or of the first digits of one typed so far: known as soon as the
 * prefix leaves no doubt ("4" is Visa, "5" is not yet anything, "51" is Mastercard, "22" is not
 * yet anything, "223" is Mastercard). Spaces and dashes are ignored; any other character, or no
 * digit at all, gives undefined.
 */
export function detectBrand(partialDigits: string): CardBrand | undefined {
  const digits = partialDigits.replace(/[ -]/g, '');
  if (digits === '' || !ONLY_DIGITS.test(digits)) return undefined;
  for (const brand of cardBrands) {
    if (rules[brand].prefixes.some((prefix) => prefixDecides(digits, prefix))) return brand;
  }
  return undefined;
}

/** The brand's display name, e.g. "American Express". */
export function brandName(brand: CardBrand): string {
  return rules[brand].name;
}

/** The number lengths the brand issues, shortest first. */
export function cardNumberLengths(brand: CardBrand): readonly number[] {
  return rules[brand].lengths;
}

/** Digits in the security code: 4 for American Express, 3 for the others (and while unknown). */
export function cvcLength(brand: CardBrand | undefined): number {
  return brand ? rules[brand].cvcLength : 3;
}

/** The longest number the brand issues; 19 while the brand is unknown. */
export function maxNumberLength(brand: CardBrand | undefined): number {
  if (!brand) return MAX_CARD_NUMBER_LENGTH;
  const lengths = rules[brand].lengths;
  return lengths[lengths.length - 1] ?? MAX_CARD_NUMBER_LENGTH;
}
