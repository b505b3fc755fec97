import { CoherentCache, keysUnder } from '../../lib/invalidation/cache.js';
import type { InvalidationFeed } from '../../lib/invalidation/feed.js';
import type { UserRole } from './tables.js';

/** The user a request acts for, resolved from its channel. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  loginSessionId: string;
}

/** A login session and its user as last read from (or written to) the database. */
export interface LiveLogin {
  user: AuthenticatedUser;
  expiresAt: number;
  lastSeenAt: number;
}

/** Logins kept in memory per instance (a few hundred bytes each). */
const MAX_CACHED_LOGINS = 20_000;
/**
 * The longest a login is served from memory without reading its row: the feed makes every end
 * of a login immediate; this bounds the one it cannot see (an instance that committed it and
 * died before publishing it), as for channel sessions.
 */
const REVALIDATE_AFTER_MS = 30_000;

/** Keys are `<userId>:<loginSessionId>`, so one prefix names every login of a user. */
const loginKey = (userId: string, loginSessionId: string) => `${userId}:${loginSessionId}`;

/**
 * Every tunnelled request of a logged-in shopper needs its login session and user: read once,
 * then served from memory while nothing about them needs the database (issue 16). Whatever ends
 * a login or changes a user publishes it on the invalidation feed after it commits, and every
 * instance drops its copy before its next request; while the feed is down nothing is served
 * from memory (lib/invalidation).
 */
export class LiveLogins {
  readonly #cache: CoherentCache<LiveLogin>;

  constructor(
    private readonly feed: InvalidationFeed,
    now: () => number,
  ) {
    this.#cache = new CoherentCache(feed, 'login', {
      maxEntries: MAX_CACHED_LOGINS,
      maxAgeMs: REVALIDATE_AFTER_MS,
      now,
    });
  }

  /**
   * The login from memory, or `read()`'s answer (concurrent misses share one read). `usable`
   * says whether a cached login may answer without the database: an expired one, or one whose
   * use is due to be written, goes through `read()` again, which decides with the stored row
   * (another instance may have seen a later use).
   */
  async through(
    userId: string,
    loginSessionId: string,
    usable: (login: LiveLogin) => boolean,
    read: () => Promise<LiveLogin | undefined>,
  ): Promise<LiveLogin | undefined> {
    const key = loginKey(userId, loginSessionId);
    const cached = this.#cache.get(key);
    if (cached && usable(cached)) return cached;
    if (cached) this.#cache.delete(key);
    return this.#cache.through(key, read);
  }

  /** After login sessions ended (committed): every instance forgets them. */
  ended(logins: readonly { id: string; userId: string }[]): Promise<void> {
    if (logins.length === 0) return Promise.resolve();
    return this.feed.publish(
      'login',
      logins.map(({ id, userId }) => loginKey(userId, id)),
    );
  }

  /** After a user row changed (committed): every instance forgets every login of the user. */
  userChanged(userId: string): Promise<void> {
    return this.feed.publish('login', [keysUnder(`${userId}:`)]);
  }
}
