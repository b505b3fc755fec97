import { and, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { SQL_STATE, sqlStateOf } from '../../lib/db-errors.js';
import { HttpError } from '../../lib/errors.js';
import type { ChannelContext } from '../channel/context.js';
import type { ChannelSessionStore } from '../channel/session-store.js';
import type { DeviceTokens } from './device-tokens.js';
import { isValidNormalizedEmail, normalizeEmail } from './emails.js';
import type { AuthenticatedUser, LiveLogin, LiveLogins } from './live-logins.js';
import { type LoginThrottle, throttleBuckets } from './login-throttle.js';
import {
  checkPasswordPolicy,
  hashPassword,
  normalizePassword,
  verifyPassword,
} from './passwords.js';
import type {
  ChangePasswordBody,
  LoginAnswer,
  LoginBody,
  PublicUser,
  SignUpBody,
} from './schemas.js';
import { loginThrottle, sessions, type UserRole, users } from './tables.js';
import { hashSecretToken, newSecretToken } from './tokens.js';

/**
 * Creates an account after checking the password policy. A taken email is a 409: sign-up must
 * say so, or the shopper cannot know to log in instead (docs/decisions.md).
 */
export async function createUser(
  db: Db,
  input: { email: string; password: string; name: string; role: UserRole },
): Promise<typeof users.$inferSelect> {
  const email = normalizeEmail(input.email);
  if (!isValidNormalizedEmail(email)) {
    throw new HttpError(400, 'invalid_request', 'This is not an email address we can use.', [
      { path: 'body/email', message: 'is not a valid email address' },
    ]);
  }
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    const [user] = await db
      .insert(users)
      .values({
        email,
        name: input.name.trim(),
        passwordHash,
        role: input.role,
      })
      .returning();
    if (!user) throw new Error('user insert returned nothing');
    return user;
  } catch (error) {
    if (sqlStateOf(error) !== SQL_STATE.uniqueViolation) throw error;
    throw new HttpError(409, 'email_taken', 'An account with this email exists. Please log in.');
  }
}

export interface AccountServiceDeps {
  db: Db;
  channels: ChannelSessionStore;
  logins: LiveLogins;
  throttle: LoginThrottle;
  devices: DeviceTokens;
  lifetimes: { absoluteMs: number; idleMs: number };
  now: () => number;
}

/** How long the one-time session token may bind a new channel after login. */
const BIND_WINDOW_MS = 2 * 60_000;
/** lastSeenAt is written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;
const HOUR_MS = 3_600_000;

const INVALID_CREDENTIALS = () =>
  new HttpError(401, 'invalid_credentials', 'The email or password is incorrect.');

function publicUser(row: typeof users.$inferSelect): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Accounts and login sessions, bound to the secure channel: a login closes the channel it came
 * through and hands out a one-time token that binds the client's next, fresh channel to the new
 * login session (no channel made before authentication is ever authenticated). Logging out
 * deletes the login session and, by cascade, its channels.
 */
/** Told about every login (and sign-up) before the pre-login channel is closed. */
export type LoginListener = (event: {
  userId: string;
  previousChannelSid: string;
}) => Promise<void>;

export class AccountService {
  readonly #loginListeners: LoginListener[] = [];

  constructor(private readonly deps: AccountServiceDeps) {}

  /** Lets another module act at login, e.g. the cart merging the guest's cart. */
  onLogin(listener: LoginListener): void {
    this.#loginListeners.push(listener);
  }

  async signUp(body: SignUpBody, channel: ChannelContext): Promise<LoginAnswer> {
    const user = await createUser(this.deps.db, { ...body, role: 'customer' });
    return this.#startSession(user, channel, null);
  }

  /**
   * Checks the credentials under the login throttle. An attempt that presents a live device
   * token of this account counts in that device's own bucket; any other attempt counts in the
   * account's bucket (the untrusted one, as strict as ever). So failures from elsewhere cannot
   * lock the owner's devices out, and a device's own failures lock only that device.
   */
  async login(body: LoginBody, channel: ChannelContext): Promise<LoginAnswer> {
    const email = normalizeEmail(body.email);
    const deviceId = await this.deps.devices.recognise(body.deviceToken, email);
    const throttleKey = deviceId
      ? throttleBuckets.device(deviceId)
      : throttleBuckets.account(email);
    await this.deps.throttle.claim(throttleKey);
    const [user] = await this.deps.db
      .select()
      .from(users)
      .where(eq(sql`lower(${users.email})`, email));
    const check = await verifyPassword(user?.passwordHash, body.password);
    if (!check.valid || !user) throw INVALID_CREDENTIALS();
    await this.deps.throttle.succeeded(throttleKey);
    if (check.rehash) await this.#setPassword(user.id, body.password);
    // Logging in on a channel that already had a login replaces that login.
    if (channel.loginSessionId) await this.#endSessions(eq(sessions.id, channel.loginSessionId));
    return this.#startSession(user, channel, deviceId);
  }

  /** Binds the caller's fresh channel to the login session its one-time token names. */
  async bindChannel(token: string, channel: ChannelContext): Promise<PublicUser> {
    const now = this.deps.now();
    const invalid = () =>
      new HttpError(401, 'invalid_session_token', 'This login has expired. Please log in again.');
    if (channel.userId) throw invalid();
    const [session] = await this.deps.db
      .update(sessions)
      .set({ boundAt: new Date(now), lastSeenAt: new Date(now) })
      .where(
        and(
          eq(sessions.tokenHash, hashSecretToken(token)),
          isNull(sessions.boundAt),
          gt(sessions.createdAt, new Date(now - BIND_WINDOW_MS)),
        ),
      )
      .returning();
    if (!session) throw invalid();
    const bound = await this.deps.channels.bind(channel.sid, {
      userId: session.userId,
      loginSessionId: session.id,
    });
    if (!bound) throw invalid();
    return this.#publicUserById(session.userId);
  }

  /**
   * The user behind a channel, or null when it is anonymous or its login has ended. From memory
   * while the login is live and its use need not be written (LiveLogins); otherwise from the row,
   * which ends an expired login and writes the use at most once a minute.
   */
  async authenticate(channel: ChannelContext): Promise<AuthenticatedUser | null> {
    const { userId, loginSessionId } = channel;
    if (!userId || !loginSessionId) return null;
    const usable = (login: LiveLogin) => {
      const now = this.deps.now();
      return this.#isLive(login, now) && now - login.lastSeenAt < TOUCH_INTERVAL_MS;
    };
    const login = await this.deps.logins.through(userId, loginSessionId, usable, () =>
      this.#readLogin(loginSessionId),
    );
    return login?.user ?? null;
  }

  #isLive(login: LiveLogin, now: number): boolean {
    return login.expiresAt > now && login.lastSeenAt + this.deps.lifetimes.idleMs > now;
  }

  /** The stored login, ended if it has expired, its use written if that is due. */
  async #readLogin(loginSessionId: string): Promise<LiveLogin | undefined> {
    const [row] = await this.deps.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, loginSessionId));
    if (!row) return undefined;
    const now = this.deps.now();
    const { session, user } = row;
    const login: LiveLogin = {
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        loginSessionId: session.id,
      },
      expiresAt: session.expiresAt.getTime(),
      lastSeenAt: session.lastSeenAt.getTime(),
    };
    if (!this.#isLive(login, now)) {
      await this.#endSessions(eq(sessions.id, session.id));
      return undefined;
    }
    if (now - login.lastSeenAt >= TOUCH_INTERVAL_MS) {
      await this.deps.db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.id, session.id));
      login.lastSeenAt = now;
    }
    return login;
  }

  me(user: AuthenticatedUser): Promise<PublicUser> {
    return this.#publicUserById(user.id);
  }

  logout(user: AuthenticatedUser): Promise<void> {
    return this.#endSessions(eq(sessions.id, user.loginSessionId));
  }

  logoutEverywhere(user: AuthenticatedUser): Promise<void> {
    return this.#endSessions(eq(sessions.userId, user.id));
  }

  /**
   * Changes the password and ends every other login of the user; this one stays. Wrong current
   * passwords are throttled per login session: the session is the device, so failed logins
   * elsewhere never keep its owner from changing the password.
   */
  async changePassword(user: AuthenticatedUser, body: ChangePasswordBody): Promise<void> {
    const throttleKey = throttleBuckets.loginSession(user.loginSessionId);
    await this.deps.throttle.claim(throttleKey);
    const [row] = await this.deps.db.select().from(users).where(eq(users.id, user.id));
    if (!row || !(await verifyPassword(row.passwordHash, body.currentPassword)).valid) {
      throw new HttpError(400, 'wrong_password', 'The current password is not correct.', [
        { path: 'body/currentPassword', message: 'is not correct' },
      ]);
    }
    await this.deps.throttle.succeeded(throttleKey);
    checkPasswordPolicy(body.newPassword, 'newPassword');
    if (normalizePassword(body.newPassword) === normalizePassword(body.currentPassword)) {
      throw new HttpError(
        400,
        'same_password',
        'The new password must differ from the current one.',
      );
    }
    await this.#setPassword(user.id, body.newPassword);
    await this.#endSessions(
      and(eq(sessions.userId, user.id), ne(sessions.id, user.loginSessionId)),
    );
  }

  /** Deletes expired login sessions, unused login tokens, device tokens and throttle records. */
  async deleteExpired(): Promise<void> {
    const now = this.deps.now();
    await this.#endSessions(
      or(
        lt(sessions.expiresAt, new Date(now)),
        lt(sessions.lastSeenAt, new Date(now - this.deps.lifetimes.idleMs)),
        and(isNull(sessions.boundAt), lt(sessions.createdAt, new Date(now - BIND_WINDOW_MS))),
      ),
    );
    await this.deps.devices.deleteExpired();
    await this.deps.db
      .delete(loginThrottle)
      .where(
        and(
          lt(loginThrottle.windowStartedAt, new Date(now - HOUR_MS)),
          or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, new Date(now))),
        ),
      );
  }

  /**
   * A new login session and device token (replacing the device's previous one); the channel
   * the login came through is closed (rotation at login).
   */
  async #startSession(
    user: typeof users.$inferSelect,
    channel: ChannelContext,
    deviceId: string | null,
  ): Promise<LoginAnswer> {
    const { token, hash } = newSecretToken();
    const now = this.deps.now();
    await this.deps.db.insert(sessions).values({
      userId: user.id,
      tokenHash: hash,
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + this.deps.lifetimes.absoluteMs),
    });
    for (const listener of this.#loginListeners) {
      await listener({ userId: user.id, previousChannelSid: channel.sid });
    }
    const deviceToken = await this.deps.devices.issue(user.id, deviceId);
    await this.deps.channels.destroy(channel.sid);
    return { user: publicUser(user), sessionToken: token, deviceToken };
  }

  async #setPassword(userId: string, password: string): Promise<void> {
    await this.deps.db
      .update(users)
      .set({ passwordHash: await hashPassword(password), updatedAt: new Date(this.deps.now()) })
      .where(eq(users.id, userId));
    await this.deps.logins.userChanged(userId);
  }

  /** Ends login sessions; their channels go with them (rows by cascade, memory by the feed). */
  async #endSessions(where: ReturnType<typeof eq> | undefined): Promise<void> {
    const ended = await this.deps.db
      .delete(sessions)
      .where(where)
      .returning({ id: sessions.id, userId: sessions.userId });
    await this.deps.logins.ended(ended);
    await this.deps.channels.loginSessionsEnded(ended.map(({ id }) => id));
  }

  async #publicUserById(id: string): Promise<PublicUser> {
    const [row] = await this.deps.db.select().from(users).where(eq(users.id, id));
    if (!row) throw new HttpError(401, 'unauthenticated', 'Please log in.');
    return publicUser(row);
  }
}
