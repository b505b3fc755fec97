import { type CardBrand, detectBrand, maxNumberLength } from './brands.js';

/** Group sizes: American Express prints 4-6-5, the others 4-4-4-4 (then the rest of 19). */
function groupsFor(brand: CardBrand | undefined): number[] {
  return brand === 'amex' ? [4, 6, 5] : [4, 4, 4, 4, 3];
}

/**
 * Formats what a shopper has typed into a card number field: keeps only the digits, cuts them
 * at the longest length the detected brand issues, and groups them with single spaces as the
 * card prints them ("4242 4242 4242 4242", "3782 822463 10005"). No trailing space, so
 * deleting backwards works naturally.
 */
export function formatCardNumber(text: string): string {
  const typed = text.replace(/[^0-9]/g, '');
  const brand = detectBrand(typed);
  const digits = typed.slice(0, maxNumberLength(brand));
  const parts: string[] = [];
  let at = 0;
  for (const size of groupsFor(brand)) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}
