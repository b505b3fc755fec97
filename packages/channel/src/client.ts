/**
 * ironcart-channel v1 on WebCrypto (`globalThis.crypto.subtle`): browsers and Node 20.
 * No node: imports. The session holds only non-extractable CryptoKeys, so it can be kept in
 * IndexedDB (structured clone) and shared by several tabs.
 *
 * A browser uses createHandshake, completeHandshake, sealRequest and openResponse. openRequest and
 * sealResponse (the server's side) are here too, so this implementation can be checked against
 * every test vector and used for tests.
 */

import {
  DEFAULT_WINDOW_MS,
  DIRECTION_REQUEST,
  DIRECTION_RESPONSE,
  type Direction,
  handshakeLabel,
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
} from './constants.js';
import {
  asArrayBufferView,
  concatBytes,
  equalBytes,
  fromBase64Url,
  isBytes,
  toBase64Url,
  utf8,
} from './encoding.js';
import {
  assertKid,
  buildAad,
  type DecodeOptions,
  decodeEnvelope,
  encodeHeader,
} from './envelope.js';
import { ChannelError } from './errors.js';
import {
  buildHandshakeRequest,
  buildTranscript,
  type HandshakeRequestBody,
  parseHandshakeAnswer,
  validatePublicJwk,
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

/** An established channel, client side. Only CryptoKeys (non-extractable) and public ids. */
export interface ClientChannelSession {
  readonly v: 1;
  /** base64url of the 16-byte session id. */
  readonly sid: string;
  readonly kid: string;
  /** HKDF key k_c2s (requests). Non-extractable. */
  readonly c2s: CryptoKey;
  /** HKDF key k_s2c (responses). Non-extractable. */
  readonly s2c: CryptoKey;
  /**
   * Server clock minus client clock, ms, measured at the handshake; added to Date.now() for
   * request timestamps so a client with a wrong clock still passes the server's window.
   */
  readonly clockOffsetMs: number;
}

/** Client state between sending the handshake and reading its answer. */
export interface PendingHandshake {
  readonly kid: string;
  /** The RSA-OAEP ciphertext that was sent (part of the confirmation transcript). */
  readonly enc: Uint8Array;
  /** The secret S as a non-extractable HKDF key. */
  readonly ikm: CryptoKey;
  /** Local clock when the handshake was created (for the clock offset): send it right away. */
  readonly startedAt: number;
}

export interface SealOptions {
  /** Fixed 16-byte salt. For test vectors only: a repeated salt breaks the protocol. */
  salt?: Uint8Array;
  /** Timestamp in ms since the epoch (default: Date.now() plus the session's clock offset). */
  now?: number;
}

export interface SealedRequest {
  readonly envelope: Uint8Array;
  /** Keep it to open the response (the response is bound to it). */
  readonly requestSalt: Uint8Array;
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

export interface OpenRequestOptions extends DecodeOptions {
  /** The receiver's clock in ms (default Date.now()). */
  now?: number;
  /** Accepted clock difference either side (default 60 s). */
  windowMs?: number;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('ironcart-channel: WebCrypto is not available (needs a secure context)');
  return s;
}

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

function hkdfParams(salt: Uint8Array, info: string): HkdfParams {
  return { name: 'HKDF', hash: 'SHA-256', salt: asArrayBufferView(salt), info: utf8(info) };
}

function isCryptoKey(value: unknown): value is CryptoKey {
  // The tag check also accepts keys from another realm (an iframe, a structured clone).
  return (
    (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) ||
    Object.prototype.toString.call(value) === '[object CryptoKey]'
  );
}

function assertRsaKey(key: CryptoKey): void {
  const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
  if (
    key.type !== 'public' ||
    algorithm.name !== 'RSA-OAEP' ||
    algorithm.hash?.name !== 'SHA-256' ||
    algorithm.modulusLength < MIN_RSA_MODULUS_BITS ||
    algorithm.modulusLength > MAX_RSA_MODULUS_BITS ||
    !key.usages.includes('encrypt')
  ) {
    throw new ChannelError('bad-key', 'need an RSA-OAEP SHA-256 public key of 3072..8192 bits');
  }
}

/** Imports a server public key (JWK) after validating it for this protocol ('bad-key' if not). */
export async function importServerKey(jwk: unknown): Promise<CryptoKey> {
  const checked = validatePublicJwk(jwk);
  let key: CryptoKey;
  try {
    key = await subtle().importKey(
      'jwk',
      { kty: 'RSA', n: checked.n, e: checked.e, alg: 'RSA-OAEP-256', ext: true },
      { name: 'RSA-OAEP', hash: 'SHA-256' },
      false,
      ['encrypt'],
    );
  } catch (cause) {
    throw new ChannelError('bad-key', 'jwk import failed', { cause });
  }
  assertRsaKey(key);
  return key;
}

/**
 * Starts a handshake: a fresh 32-byte secret S from the CSPRNG, encrypted with RSA-OAEP-256 under
 * the server key with the label `ironcart-channel/1 handshake kid=<kid>`. Send `body` as JSON to
 * POST /channel/handshake and keep `pending` for {@link completeHandshake}.
 *
 * @param serverKey the published JWK (validated) or a key from {@link importServerKey}.
 * @param options.secret fixed secret, for test vectors only.
 */
export async function createHandshake(
  serverKey: unknown,
  kid: string,
  options: { secret?: Uint8Array; now?: number } = {},
): Promise<{ body: HandshakeRequestBody; pending: PendingHandshake }> {
  assertKid(kid);
  const key = isCryptoKey(serverKey) ? serverKey : await importServerKey(serverKey);
  assertRsaKey(key);
  if (
    options.secret !== undefined &&
    (!isBytes(options.secret) || options.secret.length !== SECRET_BYTES)
  ) {
    throw new ChannelError('malformed', 'secret must be 32 bytes');
  }
  const secret = options.secret ? new Uint8Array(options.secret) : randomBytes(SECRET_BYTES);
  try {
    const enc = new Uint8Array(
      await subtle().encrypt({ name: 'RSA-OAEP', label: utf8(handshakeLabel(kid)) }, key, secret),
    );
    const ikm = await subtle().importKey('raw', secret, 'HKDF', false, ['deriveKey', 'deriveBits']);
    const startedAt = options.now ?? Date.now();
    return { body: buildHandshakeRequest(kid, enc), pending: { kid, enc, ikm, startedAt } };
  } finally {
    secret.fill(0);
  }
}

async function deriveDirectionKey(
  ikm: CryptoKey,
  sid: Uint8Array,
  label: string,
): Promise<CryptoKey> {
  const bits = new Uint8Array(
    await subtle().deriveBits(hkdfParams(sid, label), ikm, KEY_BYTES * 8),
  );
  try {
    return await subtle().importKey('raw', bits, 'HKDF', false, ['deriveKey', 'deriveBits']);
  } finally {
    bits.fill(0);
  }
}

/**
 * Verifies the server's answer (constant-time HMAC verification of `confirm` over the transcript)
 * and derives the session. Throws 'confirm-failed' when the server did not prove it holds S,
 * 'malformed'/'bad-version' for a malformed answer. Send nothing before this succeeds.
 */
export async function completeHandshake(
  pending: PendingHandshake,
  answer: unknown,
  options: { now?: number } = {},
): Promise<ClientChannelSession> {
  if (
    typeof pending !== 'object' ||
    pending === null ||
    !isBytes(pending.enc) ||
    !isCryptoKey(pending.ikm)
  ) {
    throw new ChannelError('malformed', 'pending handshake');
  }
  assertKid(pending.kid);
  const { sid, confirm, time } = parseHandshakeAnswer(answer);
  const transcript = buildTranscript(pending.kid, pending.enc, sid);
  const confirmKey = await subtle().deriveKey(
    hkdfParams(sid, LABEL_CONFIRM),
    pending.ikm,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['verify'],
  );
  const ok = await subtle().verify('HMAC', confirmKey, asArrayBufferView(confirm), transcript);
  if (!ok) throw new ChannelError('confirm-failed');
  const [c2s, s2c] = await Promise.all([
    deriveDirectionKey(pending.ikm, sid, LABEL_C2S),
    deriveDirectionKey(pending.ikm, sid, LABEL_S2C),
  ]);
  // The server read its clock between our send and our receipt: compare with the midpoint.
  const receivedAt = options.now ?? Date.now();
  const startedAt =
    Number.isFinite(pending.startedAt) && pending.startedAt <= receivedAt
      ? pending.startedAt
      : receivedAt;
  const clockOffsetMs = time - Math.round((startedAt + receivedAt) / 2);
  return { v: PROTOCOL_VERSION, sid: toBase64Url(sid), kid: pending.kid, c2s, s2c, clockOffsetMs };
}

function sessionParts(session: ClientChannelSession): {
  sid: Uint8Array;
  kid: string;
  c2s: CryptoKey;
  s2c: CryptoKey;
  clockOffsetMs: number;
} {
  if (
    typeof session !== 'object' ||
    session === null ||
    session.v !== PROTOCOL_VERSION ||
    !isCryptoKey(session.c2s) ||
    !isCryptoKey(session.s2c) ||
    !Number.isSafeInteger(session.clockOffsetMs)
  ) {
    throw new ChannelError('malformed', 'session');
  }
  assertKid(session.kid);
  return {
    sid: fromBase64Url(session.sid, SID_BYTES),
    kid: session.kid,
    c2s: session.c2s,
    s2c: session.s2c,
    clockOffsetMs: session.clockOffsetMs,
  };
}

async function messageKey(
  directionKey: CryptoKey,
  salt: Uint8Array,
  usage: 'encrypt' | 'decrypt',
): Promise<{ key: CryptoKey; nonce: Uint8Array<ArrayBuffer> }> {
  const [key, nonce] = await Promise.all([
    subtle().deriveKey(
      hkdfParams(salt, LABEL_MESSAGE_KEY),
      directionKey,
      { name: 'AES-GCM', length: 256 },
      false,
      [usage],
    ),
    subtle().deriveBits(hkdfParams(salt, LABEL_MESSAGE_NONCE), directionKey, NONCE_BYTES * 8),
  ]);
  return { key, nonce: new Uint8Array(nonce) };
}

function checkSalt(salt: unknown, what: string): Uint8Array {
  if (!isBytes(salt) || salt.length !== SALT_BYTES) {
    throw new ChannelError('malformed', `${what} must be ${SALT_BYTES} bytes`);
  }
  return salt;
}

async function seal(
  direction: Direction,
  directionKey: CryptoKey,
  sid: Uint8Array,
  kid: string,
  plaintext: Uint8Array,
  requestSalt: Uint8Array | undefined,
  options: SealOptions,
): Promise<{ envelope: Uint8Array; salt: Uint8Array }> {
  const salt =
    options.salt !== undefined
      ? new Uint8Array(checkSalt(options.salt, 'salt'))
      : randomBytes(SALT_BYTES);
  const header = encodeHeader({
    direction,
    sid,
    salt,
    timestamp: options.now ?? Date.now(),
    ...(requestSalt ? { requestSalt } : {}),
  });
  const { key, nonce } = await messageKey(directionKey, salt, 'encrypt');
  const sealed = await subtle().encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: buildAad(header, kid), tagLength: 128 },
    key,
    asArrayBufferView(plaintext),
  );
  return { envelope: concatBytes(header, new Uint8Array(sealed)), salt };
}

async function open(
  direction: Direction,
  directionKey: CryptoKey,
  sid: Uint8Array,
  kid: string,
  envelope: unknown,
  requestSalt: Uint8Array | undefined,
  options: DecodeOptions,
): Promise<{ plaintext: Uint8Array; salt: Uint8Array; timestamp: number }> {
  const decoded = decodeEnvelope(envelope, options);
  if (decoded.direction !== direction) throw new ChannelError('wrong-direction');
  if (!equalBytes(decoded.sid, sid)) throw new ChannelError('wrong-session');
  if (requestSalt && !equalBytes(decoded.requestSalt, requestSalt)) {
    throw new ChannelError('wrong-request');
  }
  const { key, nonce } = await messageKey(directionKey, decoded.salt, 'decrypt');
  let plaintext: Uint8Array;
  try {
    plaintext = new Uint8Array(
      await subtle().decrypt(
        {
          name: 'AES-GCM',
          iv: nonce,
          additionalData: buildAad(decoded.headerBytes, kid),
          tagLength: 128,
        },
        key,
        asArrayBufferView(decoded.sealed),
      ),
    );
  } catch (cause) {
    throw new ChannelError('tag-mismatch', undefined, { cause });
  }
  return { plaintext, salt: new Uint8Array(decoded.salt), timestamp: decoded.timestamp };
}

/**
 * Encrypts an inner request for POST /channel/tunnel. The timestamp is the local clock corrected
 * by the session's clock offset.
 */
export async function sealRequest(
  session: ClientChannelSession,
  request: InnerRequestInit,
  options: SealOptions = {},
): Promise<SealedRequest> {
  const { sid, kid, c2s, clockOffsetMs } = sessionParts(session);
  const plaintext = encodeInnerRequest(request);
  const now = options.now ?? Math.max(0, Date.now() + clockOffsetMs);
  const { envelope, salt } = await seal(DIRECTION_REQUEST, c2s, sid, kid, plaintext, undefined, {
    ...options,
    now,
  });
  return { envelope, requestSalt: salt };
}

/**
 * Decrypts the tunnel answer to the request sealed with `requestSalt`. Rejects ('wrong-direction',
 * 'wrong-session', 'wrong-request', 'tag-mismatch', 'bad-inner', ...) with a ChannelError only.
 * The response timestamp is authenticated and returned but not checked against the local clock.
 */
export async function openResponse(
  session: ClientChannelSession,
  envelope: Uint8Array,
  requestSalt: Uint8Array,
  options: DecodeOptions = {},
): Promise<OpenedResponse> {
  const { sid, kid, s2c } = sessionParts(session);
  checkSalt(requestSalt, 'requestSalt');
  const opened = await open(DIRECTION_RESPONSE, s2c, sid, kid, envelope, requestSalt, options);
  return {
    inner: decodeInnerResponse(opened.plaintext),
    salt: opened.salt,
    timestamp: opened.timestamp,
  };
}

/**
 * The server's side on WebCrypto: decrypts a request and checks its timestamp ('stale').
 * The replay check (assertNotReplayed) is the caller's, after this succeeds.
 */
export async function openRequest(
  session: ClientChannelSession,
  envelope: Uint8Array,
  options: OpenRequestOptions = {},
): Promise<OpenedRequest> {
  const { sid, kid, c2s } = sessionParts(session);
  const opened = await open(DIRECTION_REQUEST, c2s, sid, kid, envelope, undefined, options);
  if (
    !isTimestampFresh(
      opened.timestamp,
      options.now ?? Date.now(),
      options.windowMs ?? DEFAULT_WINDOW_MS,
    )
  ) {
    throw new ChannelError('stale');
  }
  return {
    inner: decodeInnerRequest(opened.plaintext),
    salt: opened.salt,
    timestamp: opened.timestamp,
  };
}

/** The server's side on WebCrypto: encrypts the answer to the request with `requestSalt`. */
export async function sealResponse(
  session: ClientChannelSession,
  requestSalt: Uint8Array,
  response: InnerResponseInit,
  options: SealOptions = {},
): Promise<Uint8Array> {
  const { sid, kid, s2c } = sessionParts(session);
  checkSalt(requestSalt, 'requestSalt');
  const plaintext = encodeInnerResponse(response);
  return (await seal(DIRECTION_RESPONSE, s2c, sid, kid, plaintext, requestSalt, options)).envelope;
}
