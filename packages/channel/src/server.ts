/**
 * ironcart-channel v1 on node:crypto: synchronous and fast. Session key material is plain bytes
 * (the server app stores the 32-byte secret wrapped under its key-encryption key and re-derives
 * the session with {@link createServerSession}).
 *
 * A server uses openHandshake, openRequest and sealResponse. sealRequest and openResponse (the
 * client's side) are here too, for tests, benchmarks and Node-to-Node use.
 */

import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPublicKey,
  type KeyObject,
  privateDecrypt,
  randomBytes,
} from 'node:crypto';
import {
  DEFAULT_WINDOW_MS,
  DIRECTION_REQUEST,
  DIRECTION_RESPONSE,
  type Direction,
  handshakeLabel,
  KEY_ALG,
  KEY_BYTES,
  LABEL_C2S,
  LABEL_CONFIRM,
  LABEL_MESSAGE_KEY,
  LABEL_MESSAGE_NONCE,
  LABEL_S2C,
  MAX_RSA_MODULUS_BITS,
  MIN_RSA_MODULUS_BITS,
  NONCE_BYTES,
  PROTOCOL_VERSION,
  SALT_BYTES,
  SECRET_BYTES,
  SID_BYTES,
  TAG_BYTES,
} from './constants.js';
import { equalBytes, isBytes, toBase64Url } from './encoding.js';
import {
  assertKid,
  buildAad,
  type DecodeOptions,
  decodeEnvelope,
  encodeHeader,
} from './envelope.js';
import { ChannelError } from './errors.js';
import {
  buildTranscript,
  type HandshakeAnswer,
  parseHandshakeRequest,
  type RsaPublicJwk,
} from './handshake.js';
import {
  decodeInnerRequest,
  decodeInnerResponse,
  encodeInnerRequest,
  encodeInnerResponse,
  type InnerRequest,
  type InnerRequestInit,
  type InnerResponse,
  type InnerResponseInit,
} from './inner.js';
import { isTimestampFresh } from './replay.js';

/** The three 32-byte keys derived from the handshake secret. */
export interface SessionKeys {
  readonly c2s: Uint8Array;
  readonly s2c: Uint8Array;
  readonly confirm: Uint8Array;
}

/** What the server needs to open requests and seal responses of one session. */
export interface ServerChannelSession {
  readonly sid: Uint8Array;
  readonly kid: string;
  readonly c2s: Uint8Array;
  readonly s2c: Uint8Array;
}

/** Finds the private key for a kid; undefined/null for an unknown, retired or deleted kid. */
export type PrivateKeyResolver = (kid: string) => KeyObject | undefined | null;

export interface HandshakeResult {
  readonly kid: string;
  readonly sid: Uint8Array;
  /** The 32-byte secret S: store it wrapped; {@link createServerSession} re-derives the keys. */
  readonly secret: Uint8Array;
  readonly keys: SessionKeys;
  readonly session: ServerChannelSession;
  /** The protocol fields of the answer; the server adds its own (e.g. `expiresAt`). */
  readonly answer: HandshakeAnswer;
}

export interface SealOptions {
  /** Fixed 16-byte salt. For test vectors only: a repeated salt breaks the protocol. */
  salt?: Uint8Array;
  /** Timestamp in ms since the epoch (default Date.now()). */
  now?: number;
}

export interface OpenRequestOptions extends DecodeOptions {
  /** The server's clock in ms (default Date.now()). */
  now?: number;
  /** Accepted clock difference either side (default 60 s). */
  windowMs?: number;
}

export interface OpenedRequest {
  readonly inner: InnerRequest;
  readonly salt: Uint8Array;
  readonly timestamp: number;
}

export interface OpenedResponse {
  readonly inner: InnerResponse;
  readonly salt: Uint8Array;
  readonly timestamp: number;
}

const SHA256_BYTES = 32;
const FIRST_BLOCK = Buffer.of(1);

/**
 * HKDF-SHA256 (RFC 5869) of one input keying material under one salt: the extract, once, and a
 * function that expands it for a label. Every output of the protocol fits in the first block of
 * the expand (at most 32 bytes), so an output is one HMAC. The bytes are hkdfSync's; the cost is
 * a third of it for the two outputs of a message (hkdfSync makes a key object and runs the
 * extract again for each output: about 13 µs per output against 4.5).
 */
function hkdfExtract(ikm: Uint8Array, salt: Uint8Array): (info: string, length: number) => Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return (info, length) => {
    if (length > SHA256_BYTES) throw new RangeError('HKDF output longer than one block');
    return createHmac('sha256', prk).update(info).update(FIRST_BLOCK).digest().subarray(0, length);
  };
}

function checkBytes(value: unknown, length: number, what: string): Uint8Array {
  if (!isBytes(value) || value.length !== length) {
    throw new ChannelError('malformed', `${what} must be ${length} bytes`);
  }
  return value;
}

/**
 * k_c2s, k_s2c, k_confirm = HKDF-SHA256(ikm = secret, salt = sid, info = label, 32 bytes each).
 */
export function deriveSessionKeys(secret: Uint8Array, sid: Uint8Array): SessionKeys {
  checkBytes(secret, SECRET_BYTES, 'secret');
  checkBytes(sid, SID_BYTES, 'sid');
  const expand = hkdfExtract(secret, sid);
  return {
    c2s: expand(LABEL_C2S, KEY_BYTES),
    s2c: expand(LABEL_S2C, KEY_BYTES),
    confirm: expand(LABEL_CONFIRM, KEY_BYTES),
  };
}

/** Rebuilds a session from the stored secret, sid and kid. */
export function createServerSession(
  secret: Uint8Array,
  sid: Uint8Array,
  kid: string,
): ServerChannelSession {
  assertKid(kid);
  const { c2s, s2c } = deriveSessionKeys(secret, sid);
  return { sid: Uint8Array.from(sid), kid, c2s, s2c };
}

/** confirm = HMAC-SHA256(k_confirm, transcript). */
export function computeConfirm(
  confirmKey: Uint8Array,
  kid: string,
  enc: Uint8Array,
  sid: Uint8Array,
): Uint8Array {
  checkBytes(confirmKey, KEY_BYTES, 'confirm key');
  return createHmac('sha256', confirmKey)
    .update(buildTranscript(kid, enc, sid))
    .digest();
}

/** Per-message AES-256-GCM key and nonce: HKDF-SHA256(ikm = k_dir, salt = salt, info = label). */
export function deriveMessageKey(
  directionKey: Uint8Array,
  salt: Uint8Array,
): { key: Uint8Array; nonce: Uint8Array } {
  checkBytes(directionKey, KEY_BYTES, 'direction key');
  checkBytes(salt, SALT_BYTES, 'salt');
  const expand = hkdfExtract(directionKey, salt);
  return {
    key: expand(LABEL_MESSAGE_KEY, KEY_BYTES),
    nonce: expand(LABEL_MESSAGE_NONCE, NONCE_BYTES),
  };
}

/** Throws 'bad-key' unless `key` is an RSA private key of 3072..8192 bits. */
export function assertServerKey(key: KeyObject): void {
  const bits = key?.asymmetricKeyDetails?.modulusLength;
  if (
    key?.type !== 'private' ||
    key.asymmetricKeyType !== 'rsa' ||
    bits === undefined ||
    bits < MIN_RSA_MODULUS_BITS ||
    bits > MAX_RSA_MODULUS_BITS
  ) {
    throw new ChannelError('bad-key', 'need an RSA private key of 3072..8192 bits');
  }
}

/** The public JWK to publish for a server key (private or public KeyObject). */
export function publicJwkOf(key: KeyObject): RsaPublicJwk {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') {
    throw new ChannelError('bad-key', 'not an RSA key');
  }
  return { kty: 'RSA', n: jwk.n, e: jwk.e, alg: KEY_ALG, use: 'enc' };
}

/**
 * Opens a POST /channel/handshake body (parsed JSON). Checks, in order: body shape and version
 * ('malformed', 'bad-version'), kid known ('unknown-kid': answer channel_refresh_keys), RSA-OAEP
 * decryption to exactly 32 bytes ('oaep-failed'). Then draws the session id and derives the keys.
 *
 * @param options.sid fixed session id, for test vectors only.
 * @param options.now the server clock for the answer's `time` (default Date.now()).
 */
export function openHandshake(
  body: unknown,
  resolveKey: PrivateKeyResolver,
  options: { sid?: Uint8Array; now?: number } = {},
): HandshakeResult {
  const { kid, enc } = parseHandshakeRequest(body);
  const key = resolveKey(kid);
  if (!key) throw new ChannelError('unknown-kid', kid);
  assertServerKey(key);
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (enc.length !== modulusBytes) throw new ChannelError('oaep-failed', 'enc length');
  let secret: Buffer;
  try {
    secret = privateDecrypt(
      {
        key,
        padding: constants.RSA_PKCS1_OAEP_PADDING,
        oaepHash: 'sha256',
        oaepLabel: Buffer.from(handshakeLabel(kid), 'utf8'),
      },
      enc,
    );
  } catch (cause) {
    throw new ChannelError('oaep-failed', undefined, { cause });
  }
  if (secret.length !== SECRET_BYTES) {
    secret.fill(0);
    throw new ChannelError('oaep-failed', 'secret length');
  }
  const sid = options.sid
    ? Uint8Array.from(checkBytes(options.sid, SID_BYTES, 'sid'))
    : randomBytes(SID_BYTES);
  const keys = deriveSessionKeys(secret, sid);
  const confirm = computeConfirm(keys.confirm, kid, enc, sid);
  return {
    kid,
    sid,
    secret,
    keys,
    session: { sid, kid, c2s: keys.c2s, s2c: keys.s2c },
    answer: {
      v: PROTOCOL_VERSION,
      sid: toBase64Url(sid),
      confirm: toBase64Url(confirm),
      time: options.now ?? Date.now(),
    },
  };
}

function sessionParts(session: ServerChannelSession): ServerChannelSession {
  if (typeof session !== 'object' || session === null)
    throw new ChannelError('malformed', 'session');
  checkBytes(session.sid, SID_BYTES, 'session sid');
  checkBytes(session.c2s, KEY_BYTES, 'session c2s');
  checkBytes(session.s2c, KEY_BYTES, 'session s2c');
  assertKid(session.kid);
  return session;
}

function seal(
  direction: Direction,
  directionKey: Uint8Array,
  session: ServerChannelSession,
  plaintext: Uint8Array,
  requestSalt: Uint8Array | undefined,
  options: SealOptions,
): { envelope: Uint8Array; salt: Uint8Array } {
  const salt =
    options.salt !== undefined
      ? Uint8Array.from(checkBytes(options.salt, SALT_BYTES, 'salt'))
      : randomBytes(SALT_BYTES);
  const header = encodeHeader({
    direction,
    sid: session.sid,
    salt,
    timestamp: options.now ?? Date.now(),
    ...(requestSalt ? { requestSalt } : {}),
  });
  const { key, nonce } = deriveMessageKey(directionKey, salt);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(buildAad(header, session.kid));
  const body = cipher.update(plaintext);
  const final = cipher.final();
  const envelope = Buffer.concat([header, body, final, cipher.getAuthTag()]);
  key.fill(0);
  return { envelope, salt };
}

function open(
  direction: Direction,
  directionKey: Uint8Array,
  session: ServerChannelSession,
  envelope: unknown,
  requestSalt: Uint8Array | undefined,
  options: DecodeOptions,
): { plaintext: Uint8Array; salt: Uint8Array; timestamp: number } {
  const decoded = decodeEnvelope(envelope, options);
  if (decoded.direction !== direction) throw new ChannelError('wrong-direction');
  if (!equalBytes(decoded.sid, session.sid)) throw new ChannelError('wrong-session');
  if (requestSalt && !equalBytes(decoded.requestSalt, requestSalt)) {
    throw new ChannelError('wrong-request');
  }
  const { key, nonce } = deriveMessageKey(directionKey, decoded.salt);
  const tagStart = decoded.sealed.length - TAG_BYTES;
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(buildAad(decoded.headerBytes, session.kid));
    decipher.setAuthTag(decoded.sealed.subarray(tagStart));
    const body = decipher.update(decoded.sealed.subarray(0, tagStart));
    plaintext = Buffer.concat([body, decipher.final()]);
  } catch (cause) {
    throw new ChannelError('tag-mismatch', undefined, { cause });
  } finally {
    key.fill(0);
  }
  return { plaintext, salt: Uint8Array.from(decoded.salt), timestamp: decoded.timestamp };
}

/**
 * Opens a tunnel request. Checks, in order: envelope shape ('malformed'), version ('bad-version'),
 * direction ('wrong-direction'), sid ('wrong-session'), AES-GCM tag ('tag-mismatch'), timestamp
 * window ('stale'), inner request ('bad-inner'). Throws only ChannelError.
 *
 * The replay check is the caller's, after this succeeds:
 * `await assertNotReplayed(cache, session.sid, opened.salt, windowMs)`.
 */
export function openRequest(
  session: ServerChannelSession,
  envelope: Uint8Array,
  options: OpenRequestOptions = {},
): OpenedRequest {
  const s = sessionParts(session);
  const opened = open(DIRECTION_REQUEST, s.c2s, s, envelope, undefined, options);
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  if (!isTimestampFresh(opened.timestamp, options.now ?? Date.now(), windowMs)) {
    throw new ChannelError('stale', `timestamp ${opened.timestamp}`);
  }
  return {
    inner: decodeInnerRequest(opened.plaintext),
    salt: opened.salt,
    timestamp: opened.timestamp,
  };
}

/** Seals the inner response to the request whose salt is `requestSalt`. */
export function sealResponse(
  session: ServerChannelSession,
  requestSalt: Uint8Array,
  response: InnerResponseInit,
  options: SealOptions = {},
): Uint8Array {
  const s = sessionParts(session);
  checkBytes(requestSalt, SALT_BYTES, 'requestSalt');
  const plaintext = encodeInnerResponse(response);
  return seal(DIRECTION_RESPONSE, s.s2c, s, plaintext, requestSalt, options).envelope;
}

/** The client's side on node:crypto: seals an inner request. */
export function sealRequest(
  session: ServerChannelSession,
  request: InnerRequestInit,
  options: SealOptions = {},
): { envelope: Uint8Array; requestSalt: Uint8Array } {
  const s = sessionParts(session);
  const plaintext = encodeInnerRequest(request);
  const { envelope, salt } = seal(DIRECTION_REQUEST, s.c2s, s, plaintext, undefined, options);
  return { envelope, requestSalt: salt };
}

/** The client's side on node:crypto: opens the response to the request with `requestSalt`. */
export function openResponse(
  session: ServerChannelSession,
  envelope: Uint8Array,
  requestSalt: Uint8Array,
  options: DecodeOptions = {},
): OpenedResponse {
  const s = sessionParts(session);
  checkBytes(requestSalt, SALT_BYTES, 'requestSalt');
  const opened = open(DIRECTION_RESPONSE, s.s2c, s, envelope, requestSalt, options);
  return {
    inner: decodeInnerResponse(opened.plaintext),
    salt: opened.salt,
    timestamp: opened.timestamp,
  };
}
