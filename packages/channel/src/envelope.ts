/**
 * The binary envelope that carries every tunnelled request and response.
 *
 * ```
 * offset size field
 *      0    1 version      = 1
 *      1    1 direction    1 = request (client to server), 2 = response (server to client)
 *      2   16 sid          session id
 *     18   16 salt         fresh random per message; derives the message key and nonce
 *     34    8 timestamp    u64 big-endian, milliseconds since the Unix epoch (<= 2^53 - 1)
 *     42   16 requestSalt  response: the salt of the request it answers; request: all zero
 *     58    n ciphertext   AES-256-GCM of the inner message
 *   58+n   16 tag          GCM tag
 * ```
 *
 * AAD = header (bytes 0..57) || u8 length of kid || kid (ASCII).
 */

import {
  DEFAULT_MAX_ENVELOPE_BYTES,
  DIRECTION_REQUEST,
  DIRECTION_RESPONSE,
  type Direction,
  HEADER_BYTES,
  KID_PATTERN,
  MIN_ENVELOPE_BYTES,
  OFFSET_DIRECTION,
  OFFSET_REQUEST_SALT,
  OFFSET_SALT,
  OFFSET_SID,
  OFFSET_TIMESTAMP,
  OFFSET_VERSION,
  PROTOCOL_VERSION,
  SALT_BYTES,
  SID_BYTES,
} from './constants.js';
import { concatBytes, isAllZero, isBytes, utf8 } from './encoding.js';
import { ChannelError } from './errors.js';

export interface EnvelopeHeader {
  readonly version: number;
  readonly direction: Direction;
  readonly sid: Uint8Array;
  readonly salt: Uint8Array;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: number;
  /** The answered request's salt in a response; 16 zero bytes in a request. */
  readonly requestSalt: Uint8Array;
}

export interface DecodedEnvelope extends EnvelopeHeader {
  /** The 58 header bytes as received (a view into the envelope). */
  readonly headerBytes: Uint8Array;
  /** Ciphertext followed by the 16-byte tag (a view into the envelope). */
  readonly sealed: Uint8Array;
}

export interface DecodeOptions {
  /** Largest accepted envelope in bytes (default 16 MiB). */
  maxEnvelopeBytes?: number;
}

export function assertKid(kid: unknown): asserts kid is string {
  if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) {
    throw new ChannelError('malformed', 'kid must match [A-Za-z0-9_-]{1,64}');
  }
}

/** Builds the 58 header bytes. Throws 'malformed' for fields of the wrong size or range. */
export function encodeHeader(header: {
  direction: Direction;
  sid: Uint8Array;
  salt: Uint8Array;
  timestamp: number;
  /** Required in a response; in a request it may be omitted (it is 16 zero bytes). */
  requestSalt?: Uint8Array;
}): Uint8Array<ArrayBuffer> {
  const { direction, sid, salt, timestamp } = header;
  const requestSalt =
    header.requestSalt ??
    (direction === DIRECTION_REQUEST ? new Uint8Array(SALT_BYTES) : undefined);
  if (direction !== DIRECTION_REQUEST && direction !== DIRECTION_RESPONSE) {
    throw new ChannelError('malformed', 'direction');
  }
  if (!isBytes(sid) || sid.length !== SID_BYTES) throw new ChannelError('malformed', 'sid');
  if (!isBytes(salt) || salt.length !== SALT_BYTES) throw new ChannelError('malformed', 'salt');
  if (!isBytes(requestSalt) || requestSalt.length !== SALT_BYTES) {
    throw new ChannelError('malformed', 'requestSalt');
  }
  if (direction === DIRECTION_REQUEST && !isAllZero(requestSalt)) {
    throw new ChannelError('malformed', 'requestSalt of a request must be zero');
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new ChannelError('malformed', 'timestamp');
  }
  const out = new Uint8Array(HEADER_BYTES);
  const view = new DataView(out.buffer);
  out[OFFSET_VERSION] = PROTOCOL_VERSION;
  out[OFFSET_DIRECTION] = direction;
  out.set(sid, OFFSET_SID);
  out.set(salt, OFFSET_SALT);
  view.setBigUint64(OFFSET_TIMESTAMP, BigInt(timestamp), false);
  out.set(requestSalt, OFFSET_REQUEST_SALT);
  return out;
}

/**
 * Parses an envelope without decrypting it (a server reads `sid` here to find the session).
 * Checks, in this order: type and length ('malformed'), version ('bad-version'), direction byte,
 * timestamp range and a zero requestSalt in requests ('malformed').
 */
export function decodeEnvelope(envelope: unknown, options: DecodeOptions = {}): DecodedEnvelope {
  if (!isBytes(envelope)) throw new ChannelError('malformed', 'envelope is not bytes');
  const max = options.maxEnvelopeBytes ?? DEFAULT_MAX_ENVELOPE_BYTES;
  if (envelope.length < MIN_ENVELOPE_BYTES) throw new ChannelError('malformed', 'too short');
  if (envelope.length > max) throw new ChannelError('malformed', 'too long');
  const version = envelope[OFFSET_VERSION] as number;
  if (version !== PROTOCOL_VERSION) throw new ChannelError('bad-version', `version ${version}`);
  const direction = envelope[OFFSET_DIRECTION] as number;
  if (direction !== DIRECTION_REQUEST && direction !== DIRECTION_RESPONSE) {
    throw new ChannelError('malformed', `direction ${direction}`);
  }
  const view = new DataView(envelope.buffer, envelope.byteOffset, envelope.byteLength);
  const bigTimestamp = view.getBigUint64(OFFSET_TIMESTAMP, false);
  if (bigTimestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ChannelError('malformed', 'timestamp out of range');
  }
  const requestSalt = envelope.subarray(OFFSET_REQUEST_SALT, OFFSET_REQUEST_SALT + SALT_BYTES);
  if (direction === DIRECTION_REQUEST && !isAllZero(requestSalt)) {
    throw new ChannelError('malformed', 'requestSalt of a request must be zero');
  }
  return {
    version,
    direction,
    sid: envelope.subarray(OFFSET_SID, OFFSET_SID + SID_BYTES),
    salt: envelope.subarray(OFFSET_SALT, OFFSET_SALT + SALT_BYTES),
    timestamp: Number(bigTimestamp),
    requestSalt,
    headerBytes: envelope.subarray(0, HEADER_BYTES),
    sealed: envelope.subarray(HEADER_BYTES),
  };
}

/** AAD = header || u8 len(kid) || kid. */
export function buildAad(headerBytes: Uint8Array, kid: string): Uint8Array<ArrayBuffer> {
  assertKid(kid);
  const kidBytes = utf8(kid);
  return concatBytes(headerBytes, Uint8Array.of(kidBytes.length), kidBytes);
}
