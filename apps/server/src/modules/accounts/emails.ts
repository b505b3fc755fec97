/**
 * Emails are trimmed and lower-cased before they are stored or looked up. Uniqueness is also
 * enforced case-insensitively by the database (users_email_lower_unique).
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/**
 * Deliberately simple: one @, something on each side, a dot in the domain, no inner spaces.
 * Surrounding spaces (pasted addresses) are allowed and trimmed by normalizeEmail.
 */
export const EMAIL_PATTERN = '^\\s*[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}\\s*$';
