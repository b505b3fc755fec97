/** Constants of the "ironcart-channel v1" protocol. See docs/secure-channel.md. */

export const PROTOCOL_VERSION = 1;
/** The protocol name that prefixes every label. */
export const PROTOCOL_NAME = 'ironcart-channel/1';

/** HKDF info labels and the confirmation transcript prefix (UTF-8, here all ASCII). */
export const LABEL_C2S = 'ironcart-channel/1 c2s';
export const LABEL_S2C = 'ironcart-channel/1 s2c';
export const LABEL_CONFIRM = 'ironcart-channel/1 confirm';
export const LABEL_MESSAGE_KEY = 'ironcart-channel/1 key';
export const LABEL_MESSAGE_NONCE = 'ironcart-channel/1 nonce';
/** The transcript that the confirmation MAC covers starts with these bytes. */
export const TRANSCRIPT_PREFIX = 'ironcart-channel/1 confirm';

/** The RSA-OAEP label for a key id: `ironcart-channel/1 handshake kid=<kid>`. */
export function handshakeLabel(kid: string): string {
  return `ironcart-channel/1 handshake kid=${kid}`;
}

/** The JOSE algorithm name of the server keys: RSA-OAEP with SHA-256 and MGF1-SHA-256. */
export const KEY_ALG = 'RSA-OAEP-256';
export const MIN_RSA_MODULUS_BITS = 3072;
/** Largest accepted modulus; keeps the cost of a handshake bounded. */
export const MAX_RSA_MODULUS_BITS = 8192;

/** Key ids: 1 to 64 characters from [A-Za-z0-9_-]. */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const SECRET_BYTES = 32;
export const SID_BYTES = 16;
export const SALT_BYTES = 16;
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const CONFIRM_BYTES = 32;

/** Envelope direction byte. */
export const DIRECTION_REQUEST = 1;
export const DIRECTION_RESPONSE = 2;
export type Direction = typeof DIRECTION_REQUEST | typeof DIRECTION_RESPONSE;

/** Header offsets: version | direction | sid | salt | timestamp | requestSalt. */
export const OFFSET_VERSION = 0;
export const OFFSET_DIRECTION = 1;
export const OFFSET_SID = 2;
export const OFFSET_SALT = OFFSET_SID + SID_BYTES; // 18
export const OFFSET_TIMESTAMP = OFFSET_SALT + SALT_BYTES; // 34
export const OFFSET_REQUEST_SALT = OFFSET_TIMESTAMP + 8; // 42
export const HEADER_BYTES = OFFSET_REQUEST_SALT + SALT_BYTES; // 58
/** Smallest possible envelope: a header and a GCM tag (the inner message then cannot be valid). */
export const MIN_ENVELOPE_BYTES = HEADER_BYTES + TAG_BYTES; // 74
/** Default upper bound on an envelope; receivers may configure another. */
export const DEFAULT_MAX_ENVELOPE_BYTES = 16 * 1024 * 1024;

/** Default accepted clock difference for request timestamps, either side. */
export const DEFAULT_WINDOW_MS = 60_000;

/** Media type of both tunnel bodies. */
export const ENVELOPE_MEDIA_TYPE = 'application/octet-stream';

/** HTTP endpoints (paths) of the channel. */
export const ENDPOINT_KEYS = '/channel/keys';
export const ENDPOINT_HANDSHAKE = '/channel/handshake';
export const ENDPOINT_TUNNEL = '/channel/tunnel';
