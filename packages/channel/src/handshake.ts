/**
 * Handshake messages (JSON), the confirmation transcript, and the key-publication document.
 * Platform-neutral: validation and byte layout only, no cryptography.
 */

import {
  CONFIRM_BYTES,
  KEY_ALG,
  MAX_RSA_MODULUS_BITS,
  MIN_RSA_MODULUS_BITS,
  PROTOCOL_VERSION,
  SID_BYTES,
  TRANSCRIPT_PREFIX,
} from './constants.js';
import { concatBytes, fromBase64Url, isBytes, toBase64Url, utf8 } from './encoding.js';
import { assertKid } from './envelope.js';
import { ChannelError } from './errors.js';

/** POST /channel/handshake request body. */
export interface HandshakeRequestBody {
  readonly v: 1;
  readonly kid: string;
  /** base64url (no padding) of the RSA-OAEP ciphertext of the 32-byte secret. */
  readonly enc: string;
}

/** The protocol fields of the POST /channel/handshake answer (a server adds e.g. `expiresAt`). */
export interface HandshakeAnswer {
  readonly v: 1;
  /** base64url of the 16-byte session id. */
  readonly sid: string;
  /** base64url of HMAC-SHA256(k_confirm, transcript). */
  readonly confirm: string;
  /**
   * The server's clock when it answered, ms since the epoch. The client keeps the difference to
   * its own clock so that request timestamps pass the server's window even when the client's
   * clock is wrong. Not covered by `confirm`: altering it can only make requests fail.
   */
  readonly time: number;
}

/** An RSA public key as JWK (RFC 7517/7518); only these members are used. */
export interface RsaPublicJwk {
  readonly kty: 'RSA';
  readonly n: string;
  readonly e: string;
  readonly alg?: 'RSA-OAEP-256';
  readonly use?: 'enc';
  readonly kid?: string;
}

/** One entry of GET /channel/keys. */
export interface PublishedKey {
  readonly kid: string;
  readonly alg: 'RSA-OAEP-256';
  readonly jwk: RsaPublicJwk;
  /** RFC 3339 UTC time until which the server accepts new handshakes under this key. */
  readonly expiresAt: string;
}

/** The GET /channel/keys answer. */
export interface KeysDocument {
  readonly keys: readonly PublishedKey[];
  /** The kid clients should use for new handshakes; one of `keys`. */
  readonly current: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a handshake request body (already parsed from JSON). Order of checks: object,
 * `v` (a number other than 1 is 'bad-version'), no other members than v/kid/enc, kid syntax,
 * enc base64url of 1..1024 bytes. Every other problem is 'malformed'. (That enc is exactly as
 * long as the key's modulus is checked with the key: 'oaep-failed' otherwise.)
 */
export function parseHandshakeRequest(body: unknown): { kid: string; enc: Uint8Array } {
  if (!isRecord(body)) throw new ChannelError('malformed', 'handshake body must be an object');
  if (typeof body.v !== 'number') throw new ChannelError('malformed', 'v');
  if (body.v !== PROTOCOL_VERSION) throw new ChannelError('bad-version', `v ${body.v}`);
  for (const key of Object.keys(body)) {
    if (key !== 'v' && key !== 'kid' && key !== 'enc') {
      throw new ChannelError('malformed', 'unknown handshake field');
    }
  }
  assertKid(body.kid);
  const enc = fromBase64Url(body.enc);
  if (enc.length === 0 || enc.length > MAX_RSA_MODULUS_BITS / 8) {
    throw new ChannelError('malformed', 'enc length');
  }
  return { kid: body.kid, enc };
}

export function buildHandshakeRequest(kid: string, enc: Uint8Array): HandshakeRequestBody {
  assertKid(kid);
  return { v: PROTOCOL_VERSION, kid, enc: toBase64Url(enc) };
}

/**
 * Validates the protocol fields of a handshake answer. Other members (such as `expiresAt`) are
 * allowed and ignored.
 */
export function parseHandshakeAnswer(answer: unknown): {
  sid: Uint8Array;
  confirm: Uint8Array;
  time: number;
} {
  if (!isRecord(answer)) throw new ChannelError('malformed', 'handshake answer must be an object');
  if (typeof answer.v !== 'number') throw new ChannelError('malformed', 'v');
  if (answer.v !== PROTOCOL_VERSION) throw new ChannelError('bad-version', `v ${answer.v}`);
  const sid = fromBase64Url(answer.sid, SID_BYTES);
  const confirm = fromBase64Url(answer.confirm, CONFIRM_BYTES);
  const time = answer.time;
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || time < 0) {
    throw new ChannelError('malformed', 'time');
  }
  return { sid, confirm, time };
}

/**
 * transcript = "ironcart-channel/1 confirm" || u16be(len kid) || kid || u16be(len enc) || enc
 *              || sid (16 bytes)
 */
export function buildTranscript(
  kid: string,
  enc: Uint8Array,
  sid: Uint8Array,
): Uint8Array<ArrayBuffer> {
  assertKid(kid);
  if (!isBytes(enc) || enc.length === 0 || enc.length > 0xffff) {
    throw new ChannelError('malformed', 'enc');
  }
  if (!isBytes(sid) || sid.length !== SID_BYTES) throw new ChannelError('malformed', 'sid');
  const kidBytes = utf8(kid);
  const lengths = new Uint8Array(4);
  const view = new DataView(lengths.buffer);
  view.setUint16(0, kidBytes.length, false);
  view.setUint16(2, enc.length, false);
  return concatBytes(
    utf8(TRANSCRIPT_PREFIX),
    lengths.subarray(0, 2),
    kidBytes,
    lengths.subarray(2, 4),
    enc,
    sid,
  );
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Number of significant bits of a big-endian unsigned integer. */
function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}

/**
 * Validates an RSA public JWK for this protocol: kty RSA, `n` and `e` strict base64url of
 * minimal big-endian integers (no leading zero octet), a modulus of 3072..8192 bits, an odd
 * exponent >= 3, alg (if present) RSA-OAEP-256, and no private members. Problems are 'bad-key'.
 * Returns a copy with only kty, n, e and alg.
 */
export function validatePublicJwk(jwk: unknown): RsaPublicJwk {
  if (!isRecord(jwk)) throw new ChannelError('bad-key', 'jwk must be an object');
  if (jwk.kty !== 'RSA') throw new ChannelError('bad-key', 'kty must be RSA');
  for (const member of PRIVATE_JWK_MEMBERS) {
    if (Object.hasOwn(jwk, member)) throw new ChannelError('bad-key', 'private key material');
  }
  if (jwk.alg !== undefined && jwk.alg !== KEY_ALG) throw new ChannelError('bad-key', 'alg');
  if (jwk.use !== undefined && jwk.use !== 'enc') throw new ChannelError('bad-key', 'use');
  let n: Uint8Array;
  let e: Uint8Array;
  try {
    n = fromBase64Url(jwk.n);
    e = fromBase64Url(jwk.e);
  } catch (cause) {
    throw new ChannelError('bad-key', 'n or e is not base64url', { cause });
  }
  // RFC 7518 Base64urlUInt: the fewest octets that hold the value, so one key has one spelling.
  if (n[0] === 0 || e[0] === 0) throw new ChannelError('bad-key', 'n or e is not minimal');
  const bits = bitLength(n);
  if (bits < MIN_RSA_MODULUS_BITS || bits > MAX_RSA_MODULUS_BITS) {
    throw new ChannelError('bad-key', `modulus of ${bits} bits`);
  }
  const eBits = bitLength(e);
  if (eBits < 2 || eBits > 64 || ((e[e.length - 1] as number) & 1) === 0) {
    throw new ChannelError('bad-key', 'exponent');
  }
  return { kty: 'RSA', n: jwk.n as string, e: jwk.e as string, alg: KEY_ALG };
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/**
 * Validates a GET /channel/keys answer. Unknown members are ignored (forward compatibility);
 * a document without a usable `current` key is 'malformed', an unusable jwk is 'bad-key'.
 */
export function parseKeysDocument(value: unknown): KeysDocument {
  if (!isRecord(value)) throw new ChannelError('malformed', 'keys document must be an object');
  if (!Array.isArray(value.keys) || value.keys.length === 0 || value.keys.length > 16) {
    throw new ChannelError('malformed', 'keys');
  }
  const keys: PublishedKey[] = [];
  for (const entry of value.keys as unknown[]) {
    if (!isRecord(entry)) throw new ChannelError('malformed', 'key entry');
    assertKid(entry.kid);
    if (entry.alg !== KEY_ALG) throw new ChannelError('bad-key', 'alg');
    if (typeof entry.expiresAt !== 'string' || !RFC3339_UTC.test(entry.expiresAt)) {
      throw new ChannelError('malformed', 'expiresAt');
    }
    if (keys.some((key) => key.kid === entry.kid)) {
      throw new ChannelError('malformed', 'duplicate kid');
    }
    keys.push({
      kid: entry.kid,
      alg: KEY_ALG,
      jwk: validatePublicJwk(entry.jwk),
      expiresAt: entry.expiresAt,
    });
  }
  if (typeof value.current !== 'string' || !keys.some((key) => key.kid === value.current)) {
    throw new ChannelError('malformed', 'current');
  }
  return { keys, current: value.current };
}
