import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const KEK_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 1;

/**
 * Wraps secrets for storage with AES-256-GCM under the key-encryption key (KEK). The caller's
 * context (for example the session id) is bound as additional data, so a wrapped value only
 * unwraps where it was stored. Layout: version (1) | nonce (12) | ciphertext | tag (16).
 */
export class KeyEncryptionKey {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.byteLength !== KEK_BYTES) throw new Error('the key-encryption key must be 32 bytes');
    this.#key = Buffer.from(key);
  }

  wrap(plaintext: Uint8Array, context: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.of(FORMAT_VERSION), nonce, body, cipher.getAuthTag()]);
  }

  /** Throws when the value was changed, or was wrapped under another key or context. */
  unwrap(wrapped: Uint8Array, context: string): Buffer {
    const data = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
    if (data.length < 1 + NONCE_BYTES + TAG_BYTES || data[0] !== FORMAT_VERSION) {
      throw new Error('not a wrapped key');
    }
    const nonce = data.subarray(1, 1 + NONCE_BYTES);
    const tag = data.subarray(data.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key, nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(data.subarray(1 + NONCE_BYTES, -TAG_BYTES)),
      decipher.final(),
    ]);
  }
}

function decodeKek(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== KEK_BYTES) {
    throw new Error(`${origin} must hold 32 bytes as 64 hex digits or base64`);
  }
  return key;
}

/**
 * Reads a KEK file, refusing one that anyone but its owner may read or write (group or other
 * permission bits set): whoever reads it can unwrap every stored channel key. Refusing to
 * start is louder than a warning nobody reads; the message says how to fix it.
 */
function readKekFile(file: string): Buffer {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `the key-encryption key file ${file} has mode 0${mode.toString(8)}: others may read it. ` +
        `Run \`chmod 600 ${file}\` (owner only) and start again.`,
    );
  }
  return decodeKek(readFileSync(file, 'utf8'), file);
}

export type KekSource =
  | { kind: 'value'; value: string }
  | { kind: 'file'; path: string; create: boolean };

/**
 * Loads the KEK: from the CHANNEL_KEK value, or from a file (mode 0600 or stricter, see
 * readKekFile). In development the file is made on first start (random, mode 0600) in the data
 * directory. Instances that share a database
 * must share the KEK too, so production sets CHANNEL_KEK or CHANNEL_KEK_FILE explicitly.
 */
export function loadKeyEncryptionKey(source: KekSource): {
  kek: KeyEncryptionKey;
  created: boolean;
} {
  if (source.kind === 'value')
    return { kek: new KeyEncryptionKey(decodeKek(source.value, 'CHANNEL_KEK')), created: false };
  if (!existsSync(source.path)) {
    if (!source.create)
      throw new Error(`the key-encryption key file ${source.path} does not exist`);
    mkdirSync(path.dirname(source.path), { recursive: true, mode: 0o700 });
    // 'wx' fails if another process created the file meanwhile; then we read theirs.
    try {
      writeFileSync(source.path, `${randomBytes(KEK_BYTES).toString('hex')}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
      return { kek: new KeyEncryptionKey(readKekFile(source.path)), created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { kek: new KeyEncryptionKey(readKekFile(source.path)), created: false };
}
