/**
 * Replay defence: a time window on the (authenticated) envelope timestamp plus a cache of seen
 * (sid, salt) pairs that every server instance shares.
 */

import { DEFAULT_WINDOW_MS } from './constants.js';
import { isBytes, toBase64Url } from './encoding.js';
import { ChannelError } from './errors.js';

/** True when |timestamp - now| <= windowMs (all in milliseconds). */
export function isTimestampFresh(
  timestamp: number,
  now: number,
  windowMs: number = DEFAULT_WINDOW_MS,
): boolean {
  if (!Number.isFinite(timestamp) || !Number.isFinite(now) || !(windowMs >= 0)) return false;
  return Math.abs(timestamp - now) <= windowMs;
}

/**
 * How long a seen salt must be remembered: a timestamp accepted at `now` is at most
 * `now + window`, and stays acceptable until it is `window` in the past, so `2 * window` after
 * first sight; `maxClockSkewMs` covers instances whose clocks differ.
 */
export function replayTtlMs(windowMs: number = DEFAULT_WINDOW_MS, maxClockSkewMs = 5_000): number {
  return 2 * windowMs + maxClockSkewMs;
}

/**
 * The seen-salt store. Implementations shared by all server instances (Redis SET NX PX, or an
 * INSERT into a table with a unique key and an expiry) live in the server app.
 */
export interface ReplayCache {
  /**
   * Records (sid, salt) for ttlMs milliseconds. Resolves true when the pair was not seen before
   * (or its record has expired), false when it was: a replay. Must be atomic across instances.
   * sid and salt are base64url strings.
   */
  markSeen(sid: string, salt: string, ttlMs: number): Promise<boolean>;
}

export interface InMemoryReplayCacheOptions {
  /** Clock in milliseconds (default Date.now); injectable for tests. */
  now?: () => number;
  /**
   * Most records kept. When full of unexpired records, markSeen fails closed (answers false,
   * i.e. "replayed") rather than forgetting a salt that could then be replayed. Default 1e6.
   */
  maxEntries?: number;
}

/** A process-local {@link ReplayCache} with expiry, for tests and single-instance servers. */
export class InMemoryReplayCache implements ReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;
  readonly #maxEntries: number;
  #nextSweep = 0;

  constructor(options: InMemoryReplayCacheOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxEntries = options.maxEntries ?? 1_000_000;
  }

  /** Number of records, expired ones included until the next sweep. */
  get size(): number {
    return this.#seen.size;
  }

  async markSeen(sid: string, salt: string, ttlMs: number): Promise<boolean> {
    if (typeof sid !== 'string' || typeof salt !== 'string') {
      throw new ChannelError('malformed', 'sid and salt must be strings');
    }
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new ChannelError('malformed', 'ttlMs');
    const now = this.#now();
    const key = `${sid}.${salt}`;
    const expiresAt = this.#seen.get(key);
    if (expiresAt !== undefined && expiresAt > now) return false;
    if (now >= this.#nextSweep || this.#seen.size >= this.#maxEntries) this.#sweep(now);
    if (this.#seen.size >= this.#maxEntries) return false;
    this.#seen.set(key, now + ttlMs);
    return true;
  }

  #sweep(now: number): void {
    for (const [key, expiresAt] of this.#seen) if (expiresAt <= now) this.#seen.delete(key);
    this.#nextSweep = now + 10_000;
  }
}

/**
 * The replay check a server runs after a request authenticated: records (sid, salt) and throws a
 * 'replayed' {@link ChannelError} when the pair was seen before.
 */
export async function assertNotReplayed(
  cache: ReplayCache,
  sid: Uint8Array | string,
  salt: Uint8Array | string,
  windowMs: number = DEFAULT_WINDOW_MS,
): Promise<void> {
  const sidText = isBytes(sid) ? toBase64Url(sid) : sid;
  const saltText = isBytes(salt) ? toBase64Url(salt) : salt;
  if (!(await cache.markSeen(sidText, saltText, replayTtlMs(windowMs)))) {
    throw new ChannelError('replayed');
  }
}
