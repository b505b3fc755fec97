import { createHash, randomBytes } from 'node:crypto';

/**
 * Secret tokens handed to clients (login session tokens, device tokens): 256 random bits,
 * sent as base64url (43 characters); the database keeps only their SHA-256, so a leaked table
 * yields no usable token.
 */
export const TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';

export function newSecretToken(): { token: string; hash: Buffer } {
  const bytes = randomBytes(32);
  return { token: bytes.toString('base64url'), hash: hashOf(bytes) };
}

export function hashSecretToken(token: string): Buffer {
  return hashOf(Buffer.from(token, 'base64url'));
}

const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
