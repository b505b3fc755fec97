/**
 * Emails are trimmed, folded to Unicode NFKC and lower-cased (local part and domain) before they
 * are stored or looked up, so compatibility look-alikes (fullwidth `ａ`, the `ﬁ` ligature,
 * superscripts) are the one account they look like. Uniqueness is also enforced
 * case-insensitively by the database (users_email_lower_unique).
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}

/**
 * Characters that show nothing, or reorder what is shown, and so make an address that looks
 * like another: format characters (zero-width space and joiners, word joiner, soft hyphen, byte
 * order mark, bidirectional controls), separators, the combining grapheme joiner, variation
 * selectors and the Hangul fillers (letters that render blank). Refused in new addresses.
 */
const INVISIBLE = '\\p{Cf}\\p{Z}\\p{Cc}\\u034f\\u115f\\u1160\\u3164\\uffa0\\ufe00-\\ufe0f';

/**
 * Deliberately simple: one @, something on each side, a dot in the domain, no inner spaces and
 * nothing invisible. Surrounding spaces (pasted addresses) are allowed and trimmed by
 * normalizeEmail.
 */
export const EMAIL_PATTERN = `^\\s*[^@\\s${INVISIBLE}]{1,64}@[^@\\s${INVISIBLE}]+\\.[^@\\s${INVISIBLE}]{2,}\\s*$`;

const emailShape = new RegExp(EMAIL_PATTERN, 'u');

/**
 * Whether a normalised address still has the shape EMAIL_PATTERN asks for: NFKC can fold a
 * character the pattern let through into one it refuses (a fullwidth `＠` becomes a second `@`).
 */
export function isValidNormalizedEmail(email: string): boolean {
  return emailShape.test(email);
}
