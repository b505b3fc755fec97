/**
 * The one error type of the channel. `reason` is for server logs and tests; what a peer is told
 * comes from {@link publicErrorFor}, which collapses every reason but one into a single answer.
 */

/** Why a channel operation failed. Only for logs: never send it to the peer. */
export type ChannelErrorReason =
  /** Bytes or JSON that do not have the required shape (length, field, encoding). */
  | 'malformed'
  /** A well-formed message for another protocol version. */
  | 'bad-version'
  /** The handshake names a key id the server does not (or no longer) accept. */
  | 'unknown-kid'
  /** RSA-OAEP decryption failed (wrong key, wrong label, tampered `enc`). */
  | 'oaep-failed'
  /** The client could not verify the server's key confirmation. */
  | 'confirm-failed'
  /** AES-GCM authentication failed: any change to header, kid, ciphertext or tag. */
  | 'tag-mismatch'
  /** A response presented as a request, or the reverse. */
  | 'wrong-direction'
  /** The envelope names another session than the one used to open it. */
  | 'wrong-session'
  /** A response that answers another request than the one it is opened for. */
  | 'wrong-request'
  /** The envelope timestamp is outside the accepted window of the receiver's clock. */
  | 'stale'
  /** The (session, salt) pair was seen before. */
  | 'replayed'
  /** The session exists no more (absolute or idle lifetime over, logout, rotation). */
  | 'expired'
  /** The envelope names a session the server does not know. */
  | 'unknown-session'
  /** The decrypted inner request or response is not valid. */
  | 'bad-inner'
  /** A public or private key that is not usable for this protocol (type, size, format). */
  | 'bad-key';

export const CHANNEL_ERROR_REASONS: readonly ChannelErrorReason[] = Object.freeze([
  'malformed',
  'bad-version',
  'unknown-kid',
  'oaep-failed',
  'confirm-failed',
  'tag-mismatch',
  'wrong-direction',
  'wrong-session',
  'wrong-request',
  'stale',
  'replayed',
  'expired',
  'unknown-session',
  'bad-inner',
  'bad-key',
]);

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  readonly reason: ChannelErrorReason;

  /**
   * @param reason the log code.
   * @param detail optional log detail. Never put key material or plaintext in it.
   */
  constructor(reason: ChannelErrorReason, detail?: string, options?: { cause?: unknown }) {
    super(
      detail ? `ironcart-channel: ${reason}: ${detail}` : `ironcart-channel: ${reason}`,
      options,
    );
    this.reason = reason;
  }
}

/** True for a {@link ChannelError}, also one from another copy of this module. */
export function isChannelError(value: unknown): value is ChannelError {
  if (value instanceof ChannelError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; reason?: unknown };
  return (
    candidate.name === 'ChannelError' &&
    typeof candidate.reason === 'string' &&
    (CHANNEL_ERROR_REASONS as readonly string[]).includes(candidate.reason)
  );
}

/** The public error codes a server answers with (outside the tunnel, as plain JSON). */
export type PublicChannelErrorCode =
  | 'channel_invalid'
  | 'channel_refresh_keys'
  | 'channel_required';

export interface PublicChannelError {
  readonly status: number;
  readonly body: {
    readonly error: { readonly code: PublicChannelErrorCode; readonly message: string };
  };
}

function answer(status: number, code: PublicChannelErrorCode, message: string): PublicChannelError {
  return Object.freeze({
    status,
    body: Object.freeze({ error: Object.freeze({ code, message }) }),
  });
}

/** The one answer for every channel failure but an unknown key id: re-handshake and retry once. */
export const CHANNEL_INVALID = answer(
  401,
  'channel_invalid',
  'The secure channel is not valid. Establish a new one.',
);

/** The answer to a handshake under an unknown or retired key id: fetch the keys again. */
export const CHANNEL_REFRESH_KEYS = answer(
  409,
  'channel_refresh_keys',
  'The channel key is unknown or retired. Fetch the keys again and establish a new channel.',
);

/** The answer to a plaintext call to an API that is reachable only through the channel. */
export const CHANNEL_REQUIRED = answer(
  403,
  'channel_required',
  'This API is reachable only through the secure channel (POST /channel/tunnel).',
);

/**
 * Maps any failure to what the peer may be told. Only an unknown or retired key id gets its own
 * answer; every other reason, and any error that is not a {@link ChannelError}, gets the one
 * generic {@link CHANNEL_INVALID} answer, so nothing about the cause leaks.
 */
export function publicErrorFor(error: unknown): PublicChannelError {
  if (isChannelError(error) && error.reason === 'unknown-kid') return CHANNEL_REFRESH_KEYS;
  return CHANNEL_INVALID;
}

/**
 * What a client should do with a plaintext (outer) error answer from a channel endpoint:
 * `'reestablish'` (new handshake, retry once), `'refresh-keys'` (fetch the keys, then handshake),
 * `'use-channel'` (the call was sent in plaintext) or `null` (not a channel error).
 */
export function classifyPublicError(
  status: number,
  body: unknown,
): 'reestablish' | 'refresh-keys' | 'use-channel' | null {
  if (typeof body !== 'object' || body === null) return null;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  if (code === CHANNEL_INVALID.body.error.code && status === CHANNEL_INVALID.status) {
    return 'reestablish';
  }
  if (code === CHANNEL_REFRESH_KEYS.body.error.code && status === CHANNEL_REFRESH_KEYS.status) {
    return 'refresh-keys';
  }
  if (code === CHANNEL_REQUIRED.body.error.code && status === CHANNEL_REQUIRED.status) {
    return 'use-channel';
  }
  return null;
}
