import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { HttpError } from '../../lib/errors.js';

/** OWASP's argon2id floor: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

// The same relative path works from src/ and dist/.
const commonPasswordsFile = new URL('../../../resources/common-passwords.txt', import.meta.url);

/** Loaded once: the 5,000 most common passwords of acceptable length, lower-cased. */
const commonPasswords: ReadonlySet<string> = new Set(
  readFileSync(commonPasswordsFile, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#')),
);

/**
 * Passwords are compared in Unicode NFC (NIST SP 800-63B 5.1.1.2): an "é" typed as one code
 * point or as "e" plus a combining accent (keyboards and systems differ) is the same password.
 */
export const normalizePassword = (password: string): string => password.normalize('NFC');

/**
 * Length and the common-password list are the only rules (NIST SP 800-63B): no composition
 * rules. Length counts code points of the NFC form, so emoji and accents count once each.
 */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  const length = [...normalizePassword(password)].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new HttpError(
      400,
      'weak_password',
      `The password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long.`,
      [{ path: `body/${field}`, message: 'has the wrong length' }],
    );
  }
  if (commonPasswords.has(normalizePassword(password).toLowerCase())) {
    throw new HttpError(
      400,
      'weak_password',
      'This password is one of the most common ones and easy to guess. Please choose another.',
      [{ path: `body/${field}`, message: 'is too common' }],
    );
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2_PARAMS);
}

/** A real hash of a random password, verified when the account does not exist (same timing). */
const dummyHash = hashPassword(`no-such-account-${Math.random()}`);

export interface PasswordCheck {
  valid: boolean;
  /** The hash was made from the raw, non-NFC input (before normalisation): store a new one. */
  rehash: boolean;
}

/**
 * Checks a password against a stored hash, or against a dummy hash when there is no account,
 * so that "unknown email" and "wrong password" cost the same time.
 *
 * Hashes made before passwords were normalised hold the raw input. So when the input is not
 * already NFC and its NFC form does not match, the raw form is tried once; on success the
 * caller rehashes it from the NFC form, and that account needs the fallback no more. Whether
 * the second verification runs depends on the input only, never on the account.
 */
export async function verifyPassword(
  storedHash: string | undefined,
  password: string,
): Promise<PasswordCheck> {
  const normalized = normalizePassword(password);
  const forms = normalized === password ? [normalized] : [normalized, password];
  const target = storedHash ?? (await dummyHash);
  for (const [index, form] of forms.entries()) {
    if ((await verifyOrFalse(target, form)) && storedHash !== undefined) {
      return { valid: true, rehash: index > 0 };
    }
  }
  return { valid: false, rehash: false };
}

async function verifyOrFalse(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
