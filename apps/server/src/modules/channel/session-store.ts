import { toBase64Url } from '@ironcart/channel';
import {
  createServerSession,
  type HandshakeResult,
  type ServerChannelSession,
} from '@ironcart/channel/server';
import { and, eq, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { WriteBatches } from '../../db/write-batches.js';
import { CoherentCache } from '../../lib/invalidation/cache.js';
import type { InvalidationFeed } from '../../lib/invalidation/feed.js';
import type { KeyEncryptionKey } from './key-encryption.js';
import { channelSessions } from './tables.js';

export interface SessionLifetimes {
  absoluteMs: number;
  idleMs: number;
}

/** A live channel session as the tunnel and the accounts module see it. */
export interface ChannelSessionRecord {
  sid: string;
  session: ServerChannelSession;
  userId: string | null;
  loginSessionId: string | null;
  expiresAt: Date;
  /** The last use this instance knows of (its own requests, or the stored value). */
  lastUsedAt: Date;
}

/** A use is written to the database at most this often: idle expiry needs minutes, not ms. */
const TOUCH_INTERVAL_MS = 60_000;
/** Uses waiting to be written go out together, in one statement, this often. */
const TOUCH_FLUSH_MS = 1_000;
/** Live sessions kept in memory per instance. */
const MAX_CACHED_SESSIONS = 20_000;
/**
 * The longest a session is served from memory without reading its row: the feed makes every
 * revocation immediate; this bounds the one it cannot see (an instance that committed one and
 * died before publishing it).
 */
const REVALIDATE_AFTER_MS = 30_000;

/** Invalidation key for "every channel of this login session" (sids never contain ':'). */
const LOGIN_KEY = 'login:';

const wrapContext = (sid: string) => `ironcart channel session sid=${sid}`;

/**
 * Channel sessions: rows in the shared database, live copies in each instance's memory. The
 * handshake secret is stored wrapped under the key-encryption key (bound to its sid), so any
 * instance can serve any session; an instance reads a row once, derives its keys once, and then
 * answers from memory. Every change (bind, logout, password change, expiry) is published on the
 * invalidation feed after it commits, and every instance drops its copy before its next request;
 * while the feed is down, every request reads the row again (see lib/invalidation).
 */
export class ChannelSessionStore {
  readonly #live: CoherentCache<ChannelSessionRecord>;
  /** When each live record's use was last written to (or read from) the database. */
  readonly #storedUse = new WeakMap<ChannelSessionRecord, number>();
  /** Uses to write at the next flush. */
  readonly #pendingTouches = new Set<string>();
  readonly #flushTimer: NodeJS.Timeout;
  readonly #inserts = new WriteBatches<typeof channelSessions.$inferInsert, void>(async (rows) => {
    await this.db.insert(channelSessions).values(rows);
    return rows.map(() => undefined);
  });

  constructor(
    private readonly db: Db,
    private readonly kek: KeyEncryptionKey,
    private readonly lifetimes: SessionLifetimes,
    private readonly feed: InvalidationFeed,
    private readonly now: () => number,
  ) {
    this.#live = new CoherentCache(feed, 'channel-session', {
      maxEntries: MAX_CACHED_SESSIONS,
      maxAgeMs: REVALIDATE_AFTER_MS,
      now,
    });
    feed.subscribe('channel-session', (keys) => {
      for (const key of keys) {
        if (!key.startsWith(LOGIN_KEY)) continue;
        const loginSessionId = key.slice(LOGIN_KEY.length);
        this.#live.deleteWhere((record) => record.loginSessionId === loginSessionId);
      }
    });
    this.#flushTimer = setInterval(() => void this.flushTouches().catch(() => {}), TOUCH_FLUSH_MS);
    this.#flushTimer.unref();
  }

  /**
   * Stores a new session (the handshake's secret wrapped, its keys already derived). Sessions
   * opened together are inserted by one statement (db/write-batches.ts).
   */
  async create(
    result: Pick<HandshakeResult, 'sid' | 'secret' | 'session'>,
  ): Promise<ChannelSessionRecord> {
    const sidText = toBase64Url(result.sid);
    const now = new Date(this.now());
    const expiresAt = new Date(now.getTime() + this.lifetimes.absoluteMs);
    await this.#inserts.submit({
      sid: sidText,
      kid: result.session.kid,
      wrappedSecret: this.kek.wrap(result.secret, wrapContext(sidText)),
      createdAt: now,
      lastUsedAt: now,
      expiresAt,
    });
    const record: ChannelSessionRecord = {
      sid: sidText,
      session: result.session,
      userId: null,
      loginSessionId: null,
      expiresAt,
      lastUsedAt: now,
    };
    // A new sid: no instance can hold an older copy of it.
    this.#live.set(sidText, record);
    this.#storedUse.set(record, now.getTime());
    return record;
  }

  /** The live session, or undefined when unknown, expired (absolute or idle) or unreadable. */
  async find(sid: string): Promise<ChannelSessionRecord | undefined> {
    const cached = this.#live.get(sid);
    // Idle by this instance's count: another instance may have served it since; ask the row.
    if (cached && !this.#expired(cached)) return cached;
    if (cached) this.#live.delete(sid);
    // A use of ours not yet written would make the row look idler than it is.
    if (this.#pendingTouches.has(sid)) await this.flushTouches();
    return this.#live.through(sid, () => this.#load(sid));
  }

  /** Records use, for the idle timeout; written to the database in batches. */
  touch(record: ChannelSessionRecord): void {
    const now = this.now();
    record.lastUsedAt = new Date(now);
    if (now - (this.#storedUse.get(record) ?? 0) >= TOUCH_INTERVAL_MS) {
      this.#storedUse.set(record, now);
      this.#pendingTouches.add(record.sid);
    }
  }

  /** Writes the waiting uses in one statement (the plugin calls it on close too). */
  async flushTouches(): Promise<void> {
    if (this.#pendingTouches.size === 0) return;
    const sids = [...this.#pendingTouches];
    this.#pendingTouches.clear();
    await this.db
      .update(channelSessions)
      .set({ lastUsedAt: new Date(this.now()) })
      .where(inArray(channelSessions.sid, sids));
  }

  /**
   * Binds a fresh, still anonymous channel to a login session (the accounts module calls this
   * right after login, on the channel the client made after its old one was destroyed).
   * Returns false when the channel is already bound: a channel never changes owner.
   */
  async bind(sid: string, owner: { userId: string; loginSessionId: string }): Promise<boolean> {
    const bound = await this.db
      .update(channelSessions)
      .set({ userId: owner.userId, loginSessionId: owner.loginSessionId })
      .where(and(eq(channelSessions.sid, sid), isNull(channelSessions.userId)))
      .returning({ sid: channelSessions.sid });
    await this.feed.publish('channel-session', [sid]);
    return bound.length === 1;
  }

  async destroy(sid: string): Promise<void> {
    await this.db.delete(channelSessions).where(eq(channelSessions.sid, sid));
    await this.#forget([sid]);
  }

  /** Ends every channel of a user (log out everywhere, password change), but `keepSid`. */
  async destroyAllOfUser(userId: string, keepSid?: string): Promise<void> {
    const gone = await this.db
      .delete(channelSessions)
      .where(
        keepSid
          ? and(eq(channelSessions.userId, userId), ne(channelSessions.sid, keepSid))
          : eq(channelSessions.userId, userId),
      )
      .returning({ sid: channelSessions.sid });
    await this.#forget(gone.map(({ sid }) => sid));
  }

  /**
   * Login sessions the accounts module has ended: their channels went with them (the rows
   * cascade), and every instance drops its copies of those channels.
   */
  async loginSessionsEnded(loginSessionIds: readonly string[]): Promise<void> {
    await this.feed.publish(
      'channel-session',
      loginSessionIds.map((id) => `${LOGIN_KEY}${id}`),
    );
  }

  async deleteExpired(): Promise<number> {
    const now = new Date(this.now());
    const idleCutoff = new Date(now.getTime() - this.lifetimes.idleMs);
    const gone = await this.db
      .delete(channelSessions)
      .where(or(lt(channelSessions.expiresAt, now), lt(channelSessions.lastUsedAt, idleCutoff)))
      .returning({ sid: channelSessions.sid });
    await this.#forget(gone.map(({ sid }) => sid));
    return gone.length;
  }

  #expired(record: Pick<ChannelSessionRecord, 'expiresAt' | 'lastUsedAt'>): boolean {
    const now = this.now();
    return (
      record.expiresAt.getTime() <= now ||
      record.lastUsedAt.getTime() + this.lifetimes.idleMs <= now
    );
  }

  /** Reads a row and derives its keys; an expired row is deleted on the way. */
  async #load(sid: string): Promise<ChannelSessionRecord | undefined> {
    const [row] = await this.db.select().from(channelSessions).where(eq(channelSessions.sid, sid));
    if (!row) return undefined;
    if (this.#expired(row)) {
      await this.destroy(sid);
      return undefined;
    }
    let secret: Buffer;
    try {
      secret = this.kek.unwrap(row.wrappedSecret, wrapContext(sid));
    } catch {
      // Tampered or moved row: as good as unknown.
      return undefined;
    }
    const record: ChannelSessionRecord = {
      sid,
      session: createServerSession(secret, Buffer.from(sid, 'base64url'), row.kid),
      userId: row.userId,
      loginSessionId: row.loginSessionId,
      expiresAt: row.expiresAt,
      lastUsedAt: row.lastUsedAt,
    };
    secret.fill(0);
    this.#storedUse.set(record, row.lastUsedAt.getTime());
    return record;
  }

  async #forget(sids: string[]): Promise<void> {
    for (const sid of sids) this.#pendingTouches.delete(sid);
    await this.feed.publish('channel-session', sids);
  }

  /** Stops the flush timer and writes what is waiting (the app is closing). */
  async close(): Promise<void> {
    clearInterval(this.#flushTimer);
    await this.flushTouches();
  }
}
