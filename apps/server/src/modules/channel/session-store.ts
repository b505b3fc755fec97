import { toBase64Url } from '@ironcart/channel';
import { createServerSession, type ServerChannelSession } from '@ironcart/channel/server';
import { and, eq, isNull, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
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
  lastUsedAt: Date;
}

/** lastUsedAt is written at most this often: idle expiry needs minutes, not milliseconds. */
const TOUCH_INTERVAL_MS = 60_000;
/** Derived keys kept in memory per instance, so a request costs no unwrap and no HKDF. */
const MAX_CACHED_SESSIONS = 10_000;

const wrapContext = (sid: string) => `ironcart channel session sid=${sid}`;

/**
 * Channel sessions in the shared database. The handshake secret is stored wrapped under the
 * key-encryption key (bound to its sid); every instance can unwrap it, so any instance serves
 * any session. Each request re-reads the row, so expiry, logout and rotation apply at once.
 */
export class ChannelSessionStore {
  /** Derived keys by sid, with the stored value they came from (a changed row is re-read). */
  readonly #derived = new Map<string, { wrapped: Buffer; session: ServerChannelSession }>();

  constructor(
    private readonly db: Db,
    private readonly kek: KeyEncryptionKey,
    private readonly lifetimes: SessionLifetimes,
    private readonly now: () => number,
  ) {}

  async create(sid: Uint8Array, kid: string, secret: Uint8Array): Promise<ChannelSessionRecord> {
    const sidText = toBase64Url(sid);
    const now = new Date(this.now());
    const expiresAt = new Date(now.getTime() + this.lifetimes.absoluteMs);
    const wrappedSecret = this.kek.wrap(secret, wrapContext(sidText));
    await this.db.insert(channelSessions).values({
      sid: sidText,
      kid,
      wrappedSecret,
      createdAt: now,
      lastUsedAt: now,
      expiresAt,
    });
    const session = createServerSession(secret, sid, kid);
    this.#remember(sidText, wrappedSecret, session);
    return {
      sid: sidText,
      session,
      userId: null,
      loginSessionId: null,
      expiresAt,
      lastUsedAt: now,
    };
  }

  /** The live session, or undefined when unknown, expired (absolute or idle) or unreadable. */
  async find(sid: string): Promise<ChannelSessionRecord | undefined> {
    const [row] = await this.db.select().from(channelSessions).where(eq(channelSessions.sid, sid));
    if (!row) {
      this.#derived.delete(sid);
      return undefined;
    }
    const now = this.now();
    if (row.expiresAt.getTime() <= now || row.lastUsedAt.getTime() + this.lifetimes.idleMs <= now) {
      await this.destroy(sid);
      return undefined;
    }
    const wrapped = Buffer.from(row.wrappedSecret);
    const cached = this.#derived.get(sid);
    let session = cached?.wrapped.equals(wrapped) ? cached.session : undefined;
    if (!session || session.kid !== row.kid) {
      let secret: Buffer;
      try {
        secret = this.kek.unwrap(row.wrappedSecret, wrapContext(sid));
      } catch {
        // Tampered or moved row: as good as unknown.
        return undefined;
      }
      session = createServerSession(secret, Buffer.from(sid, 'base64url'), row.kid);
      secret.fill(0);
      this.#remember(sid, wrapped, session);
    }
    return {
      sid,
      session,
      userId: row.userId,
      loginSessionId: row.loginSessionId,
      expiresAt: row.expiresAt,
      lastUsedAt: row.lastUsedAt,
    };
  }

  /** Records use, for the idle timeout. */
  async touch(record: ChannelSessionRecord): Promise<void> {
    const now = this.now();
    if (now - record.lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return;
    await this.db
      .update(channelSessions)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(channelSessions.sid, record.sid));
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
    return bound.length === 1;
  }

  async destroy(sid: string): Promise<void> {
    this.#derived.delete(sid);
    await this.db.delete(channelSessions).where(eq(channelSessions.sid, sid));
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
    for (const { sid } of gone) this.#derived.delete(sid);
  }

  async deleteExpired(): Promise<number> {
    const now = new Date(this.now());
    const idleCutoff = new Date(now.getTime() - this.lifetimes.idleMs);
    const gone = await this.db
      .delete(channelSessions)
      .where(or(lt(channelSessions.expiresAt, now), lt(channelSessions.lastUsedAt, idleCutoff)))
      .returning({ sid: channelSessions.sid });
    for (const { sid } of gone) this.#derived.delete(sid);
    return gone.length;
  }

  #remember(sid: string, wrapped: Buffer, session: ServerChannelSession): void {
    if (this.#derived.size >= MAX_CACHED_SESSIONS) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.#derived.keys().next().value;
      if (oldest !== undefined) this.#derived.delete(oldest);
    }
    this.#derived.set(sid, { wrapped, session });
  }
}
