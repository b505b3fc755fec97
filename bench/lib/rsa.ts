import {
  constants,
  generateKeyPair,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { promisify } from 'node:util';
import { handshakeLabel } from '@ironcart/channel';

const generateRsa = promisify(generateKeyPair);

/** A 3072-bit RSA key, like the server's (CHANNEL_RSA_BITS default). */
export async function makeRsaKey(): Promise<KeyObject> {
  const { privateKey } = await generateRsa('rsa', { modulusLength: 3072 });
  return privateKey;
}

export interface DecryptionRate {
  count: number;
  seconds: number;
  rate: number;
}

/**
 * The handshake's one expensive step on its own: node:crypto privateDecrypt with RSA-OAEP
 * (SHA-256, MGF1-SHA-256, the protocol's label) of a 32-byte secret, in a tight loop on this
 * process's main thread (one core) for about `seconds`.
 */
export function rsaOaepDecryptions(privateKey: KeyObject, seconds: number): DecryptionRate {
  const label = Buffer.from(handshakeLabel('bench'), 'utf8');
  const padding = constants.RSA_PKCS1_OAEP_PADDING;
  const enc = publicEncrypt(
    { key: privateKey, padding, oaepHash: 'sha256', oaepLabel: label },
    randomBytes(32),
  );
  const options = { key: privateKey, padding, oaepHash: 'sha256', oaepLabel: label };
  for (let i = 0; i < 10; i++) privateDecrypt(options, enc);

  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  let count = 0;
  while (now < end) {
    const secret = privateDecrypt(options, enc);
    if (secret.length !== 32) throw new Error('RSA-OAEP decryption gave the wrong length');
    count++;
    now = performance.now();
  }
  const elapsed = (now - start) / 1000;
  return { count, seconds: elapsed, rate: count / elapsed };
}
