/**
 * The inner message: what the envelope encrypts. A simplified binary HTTP (RFC 9292 in spirit):
 *
 * ```
 * u32 big-endian n | n bytes: the head, UTF-8 JSON | the body: all remaining bytes, raw
 * ```
 *
 * Request head: `{"method":"GET","path":"/api/v1/products?q=ball","headers":{"accept":"..."}}`.
 * Response head: `{"status":200,"headers":{"content-type":"application/json"}}`.
 */

import { concatBytes, isBytes, parseJsonMessage, utf8 } from './encoding.js';
import { ChannelError } from './errors.js';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Header fields: lower-case names, one string value each (join repeated fields with ", "). */
export type InnerHeaders = Record<string, string>;

export interface InnerRequest {
  readonly method: HttpMethod;
  /**
   * Path and query, e.g. `/api/v1/products?q=ball`; ASCII, percent-encoded, and normalised by
   * {@link normalizeInnerPath}: no dot segments, no encoded slashes.
   */
  readonly path: string;
  readonly headers: InnerHeaders;
  readonly body: Uint8Array;
}

export interface InnerResponse {
  readonly status: number;
  readonly headers: InnerHeaders;
  readonly body: Uint8Array;
}

/** Input for encoding a request: header names may be in any case, headers and body optional. */
export interface InnerRequestInit {
  readonly method: HttpMethod;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

export interface InnerResponseInit {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
}

export const INNER_LIMITS = Object.freeze({
  /** Largest head (the JSON), in bytes. */
  maxHeadBytes: 64 * 1024,
  /** Longest path plus query, in characters (all ASCII). */
  maxPathLength: 8192,
  maxHeaders: 100,
  maxHeaderNameLength: 256,
  maxHeaderValueLength: 8192,
});

/**
 * Connection-specific and framing fields. They make no sense inside the tunnel (the body length
 * is the rest of the plaintext; the receiver supplies host and connection handling): encoders
 * drop them, decoders reject a head that has them.
 */
export const FORBIDDEN_INNER_HEADERS: readonly string[] = Object.freeze([
  'connection',
  'content-length',
  'host',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
// "/" then printable ASCII without "#" and "\"; not "//" (a network-path reference).
const PATH = /^\/(?!\/)[\x21\x22\x24-\x5b\x5d-\x7e]*$/;
// What RFC 3986 allows as it is in a path: unreserved, sub-delims, ":", "@" and "/".
const PATH_CHARACTER = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
// After normalisation: an encoded "/" or "\" would be a segment boundary to some decoder.
const ENCODED_SLASH = /%2F|%5C/;

function bad(detail: string): ChannelError {
  return new ChannelError('bad-inner', detail);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkKeys(head: Record<string, unknown>, allowed: readonly string[]): void {
  const keys = Object.keys(head);
  for (const key of keys) if (!allowed.includes(key)) throw bad(`unknown head field ${key}`);
  for (const key of allowed) if (!Object.hasOwn(head, key)) throw bad(`missing head field ${key}`);
}

function validateMethod(method: unknown): HttpMethod {
  if (typeof method !== 'string' || !(HTTP_METHODS as readonly string[]).includes(method)) {
    throw bad('method');
  }
  return method as HttpMethod;
}

/**
 * The one normal form of an inner path, which a server checks and dispatches as it is (section
 * 10 of the spec). The path part (before the first "?") is normalised as RFC 3986 section 6.2.2
 * says: a percent-encoded unreserved character is decoded (`%61` is `a`, `%2E` is `.`), every
 * other triplet is written with upper-case hex. Then it must have no `.` or `..` segment and no
 * encoded "/" or "\", which a router, proxy or URL parser could resolve into another path than
 * the one checked (`/api/%2e%2e/health` is `/health` to a WHATWG URL parser). A "%" must start
 * a triplet, and characters RFC 3986 does not allow in a path must be percent-encoded. The query
 * is left exactly as it is. Anything else is 'bad-inner'.
 */
export function normalizeInnerPath(target: unknown): string {
  if (
    typeof target !== 'string' ||
    target.length > INNER_LIMITS.maxPathLength ||
    !PATH.test(target)
  ) {
    throw bad('path');
  }
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = queryStart === -1 ? '' : target.slice(queryStart);
  let normal = '';
  for (let i = 0; i < path.length; i++) {
    const char = path.charAt(i);
    if (char !== '%') {
      if (!PATH_CHARACTER.test(char)) throw bad('path: character must be percent-encoded');
      normal += char;
      continue;
    }
    const hex = path.slice(i + 1, i + 3);
    if (!HEX_PAIR.test(hex)) throw bad('path: "%" without two hex digits');
    const decoded = String.fromCharCode(Number.parseInt(hex, 16));
    normal += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
    i += 2;
  }
  if (ENCODED_SLASH.test(normal)) throw bad('path: encoded slash');
  for (const segment of normal.split('/')) {
    if (segment === '.' || segment === '..') throw bad('path: dot segment');
  }
  return normal + query;
}

function validateStatus(status: unknown): number {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw bad('status');
  }
  return status;
}

function validateHeaders(headers: unknown): InnerHeaders {
  if (!isPlainObject(headers)) throw bad('headers must be an object');
  const entries = Object.entries(headers);
  if (entries.length > INNER_LIMITS.maxHeaders) throw bad('too many headers');
  const out: InnerHeaders = {};
  for (const [name, value] of entries) {
    if (
      name.length > INNER_LIMITS.maxHeaderNameLength ||
      !HEADER_NAME.test(name) ||
      name === '__proto__'
    ) {
      throw bad('header name');
    }
    if (FORBIDDEN_INNER_HEADERS.includes(name)) throw bad(`forbidden header ${name}`);
    if (
      typeof value !== 'string' ||
      value.length > INNER_LIMITS.maxHeaderValueLength ||
      !HEADER_VALUE.test(value)
    ) {
      throw bad('header value');
    }
    out[name] = value;
  }
  return out;
}

/** Lower-cases names, drops forbidden fields, then validates like a decoder. */
function normalizeHeaders(headers: Readonly<Record<string, string>> | undefined): InnerHeaders {
  if (headers === undefined) return {};
  if (!isPlainObject(headers)) throw bad('headers must be an object');
  // A null-prototype object, so that a "__proto__" name stays a member (and is then rejected).
  const out: Record<string, string> = Object.create(null);
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (FORBIDDEN_INNER_HEADERS.includes(name)) continue;
    if (Object.hasOwn(out, name)) throw bad(`header ${name} given twice`);
    out[name] = value;
  }
  return validateHeaders(out);
}

function frame(head: unknown, body: Uint8Array | undefined): Uint8Array<ArrayBuffer> {
  if (body !== undefined && !isBytes(body)) throw bad('body must be a Uint8Array');
  const headBytes = utf8(JSON.stringify(head));
  if (headBytes.length > INNER_LIMITS.maxHeadBytes) throw bad('head too large');
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, headBytes.length, false);
  return concatBytes(prefix, headBytes, body ?? new Uint8Array(0));
}

function unframe(plaintext: Uint8Array): { head: Record<string, unknown>; body: Uint8Array } {
  if (!isBytes(plaintext)) throw bad('not bytes');
  if (plaintext.length < 4) throw bad('too short');
  const view = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
  const headLength = view.getUint32(0, false);
  if (headLength > INNER_LIMITS.maxHeadBytes || headLength > plaintext.length - 4) {
    throw bad('head length');
  }
  const head = parseJsonMessage(plaintext.subarray(4, 4 + headLength), 'bad-inner');
  if (!isPlainObject(head)) throw bad('head must be a JSON object');
  return { head, body: plaintext.subarray(4 + headLength) };
}

export function encodeInnerRequest(request: InnerRequestInit): Uint8Array<ArrayBuffer> {
  if (!isPlainObject(request)) throw bad('request must be an object');
  const head = {
    method: validateMethod(request.method),
    path: normalizeInnerPath(request.path),
    headers: normalizeHeaders(request.headers),
  };
  return frame(head, request.body);
}

export function encodeInnerResponse(response: InnerResponseInit): Uint8Array<ArrayBuffer> {
  if (!isPlainObject(response)) throw bad('response must be an object');
  const head = {
    status: validateStatus(response.status),
    headers: normalizeHeaders(response.headers),
  };
  return frame(head, response.body);
}

/** Strict decoding; any problem is a 'bad-inner' {@link ChannelError}. */
export function decodeInnerRequest(plaintext: Uint8Array): InnerRequest {
  const { head, body } = unframe(plaintext);
  checkKeys(head, ['method', 'path', 'headers']);
  return {
    method: validateMethod(head.method),
    path: normalizeInnerPath(head.path),
    headers: validateHeaders(head.headers),
    body,
  };
}

export function decodeInnerResponse(plaintext: Uint8Array): InnerResponse {
  const { head, body } = unframe(plaintext);
  checkKeys(head, ['status', 'headers']);
  return {
    status: validateStatus(head.status),
    headers: validateHeaders(head.headers),
    body,
  };
}
