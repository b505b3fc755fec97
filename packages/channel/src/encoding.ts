/** Platform-neutral byte helpers (Uint8Array only, no Buffer). */

import { ChannelError } from './errors.js';

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Strict UTF-8 decoding: invalid sequences (and a byte order mark) are a 'malformed' error. */
export function fromUtf8(
  bytes: Uint8Array,
  reason: 'malformed' | 'bad-inner' = 'malformed',
): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new ChannelError(reason, 'invalid UTF-8', { cause });
  }
}

/**
 * Parses a protocol JSON message (a handshake request, an inner head): strict UTF-8, valid JSON,
 * and no object with two members of the same name (RFC 8259 leaves duplicates open; I-JSON,
 * RFC 7493, forbids them, and so does this protocol, so no two parsers can read one message
 * differently). Numbers are read as JSON.parse reads them: `200.0` is the integer 200.
 * Any problem is a {@link ChannelError} with `reason`.
 */
export function parseJsonMessage(
  bytes: Uint8Array,
  reason: 'malformed' | 'bad-inner' = 'malformed',
): unknown {
  const text = fromUtf8(bytes, reason);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ChannelError(reason, 'not JSON', { cause });
  }
  if (hasDuplicateMember(text)) throw new ChannelError(reason, 'duplicate member name');
  return value;
}

/**
 * Whether valid JSON `text` has an object with a repeated member name (compared decoded, so
 * `"a"` and `"\u0061"` are the same name). A scan of the text: JSON.parse keeps the last one.
 */
function hasDuplicateMember(text: string): boolean {
  // One entry per open container: the names seen (null for an array), and whether the next
  // string in it is a member name.
  const open: { names: Set<string> | null; expectName: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const container = open.at(-1);
      if (container?.names && container.expectName) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (container.names.has(name)) return true;
        container.names.add(name);
        container.expectName = false;
      }
      i = end;
    } else if (char === '{') {
      open.push({ names: new Set(), expectName: true });
    } else if (char === '[') {
      open.push({ names: null, expectName: false });
    } else if (char === '}' || char === ']') {
      open.pop();
    } else if (char === ',') {
      const container = open.at(-1);
      if (container?.names) container.expectName = true;
    }
  }
  return false;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Equality of public values (ids, salts). Not for secrets: those go through MAC/AEAD checks. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export function isAllZero(bytes: Uint8Array): boolean {
  let acc = 0;
  for (const byte of bytes) acc |= byte;
  return acc === 0;
}

/** A view with a plain ArrayBuffer behind it, as WebCrypto's BufferSource wants (copies if not). */
export function asArrayBufferView(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_LOOKUP = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64URL.length; i++) table[B64URL.charCodeAt(i)] = i;
  return table;
})();

/** base64url (RFC 4648 section 5) without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64URL[(n >> 18) & 63];
    out += B64URL[(n >> 12) & 63];
    out += B64URL[(n >> 6) & 63];
    out += B64URL[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += B64URL[(n >> 18) & 63];
    out += B64URL[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += B64URL[(n >> 18) & 63];
    out += B64URL[(n >> 12) & 63];
    out += B64URL[(n >> 6) & 63];
  }
  return out;
}

/**
 * Strict base64url decoding: only the URL-safe alphabet, no padding, no whitespace, and the
 * canonical form (unused trailing bits zero), so every byte string has exactly one encoding.
 * Anything else is a 'malformed' {@link ChannelError}.
 */
export function fromBase64Url(text: unknown, expectedLength?: number): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string') throw new ChannelError('malformed', 'base64url: not a string');
  if (text.length % 4 === 1) throw new ChannelError('malformed', 'base64url: bad length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (B64URL_LOOKUP[code] as number) : -1;
    if (value < 0) throw new ChannelError('malformed', 'base64url: bad character');
    acc = ((acc << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) {
    throw new ChannelError('malformed', 'base64url: not canonical');
  }
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new ChannelError('malformed', `base64url: expected ${expectedLength} bytes`);
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(text: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-f]{2})*$/.test(text))
    throw new ChannelError('malformed', 'hex: not lower-case hex');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
