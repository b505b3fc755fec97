/** A small seeded PRNG (mulberry32) and random protocol inputs for property-style tests. */

import { HTTP_METHODS, type InnerRequestInit, type InnerResponseInit } from '../index.js';

export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }

  string(alphabet: string, min: number, max: number): string {
    let out = '';
    const length = this.int(min, max);
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}

const SEGMENT_CHARS =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@";
/** Triplets that stay encoded in a normalised path (reserved or non-ASCII, never "/" or "\\"). */
const KEPT_TRIPLETS = ['%20', '%23', '%25', '%3F', '%C3%A9', '%E2%82%AC', '%00', '%7F'];
const QUERY_CHARS = `${SEGMENT_CHARS}%/?`;
const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";
const VALUE_CHARS = (() => {
  let s = '\t';
  for (let c = 0x20; c <= 0x7e; c++) s += String.fromCharCode(c);
  return s;
})();

function randomHeaders(rng: Rng): Record<string, string> {
  const headers: Record<string, string> = {};
  const count = rng.int(0, 6);
  for (let i = 0; i < count; i++) {
    const name = `x-${rng.string(TOKEN_CHARS, 1, 20)}`;
    headers[name] = rng.string(VALUE_CHARS, 0, 60);
  }
  return headers;
}

function randomBody(rng: Rng): Uint8Array {
  const kind = rng.int(0, 9);
  if (kind === 0) return new Uint8Array(0);
  if (kind === 1) return rng.bytes(rng.int(1, 16));
  return rng.bytes(rng.int(0, kind < 8 ? 512 : 8192));
}

/** A path already in the normal form of normalizeInnerPath, so it round-trips unchanged. */
function randomPath(rng: Rng): string {
  const segments: string[] = [];
  const count = rng.int(0, 6);
  for (let i = 0; i < count; i++) {
    let segment = rng.string(SEGMENT_CHARS, 1, 20);
    if (rng.int(0, 3) === 0) segment += rng.pick(KEPT_TRIPLETS);
    segments.push(segment === '.' || segment === '..' ? `${segment}a` : segment);
  }
  const query = rng.int(0, 2) === 0 ? `?${rng.string(QUERY_CHARS, 0, 40)}` : '';
  return `/${segments.join('/')}${query}`;
}

export function randomRequest(rng: Rng): InnerRequestInit {
  const path = randomPath(rng);
  return {
    method: rng.pick(HTTP_METHODS),
    path,
    headers: randomHeaders(rng),
    body: randomBody(rng),
  };
}

export function randomResponse(rng: Rng): InnerResponseInit {
  return { status: rng.int(200, 599), headers: randomHeaders(rng), body: randomBody(rng) };
}
