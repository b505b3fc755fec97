import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { loginThrottle } from './tables.js';

export interface ThrottlePolicy {
  freeFailures: number;
  maxDelayMs: number;
  maxFailuresPerHour: number;
}

const HOUR_MS = 3_600_000;

/**
 * The throttle's buckets, each kind in its own namespace, so that no typed login email (which
 * is only length-checked at login) can name another kind's bucket.
 */
export const throttleBuckets = {
  /** Attempts at an account from anywhere not recognised: the untrusted bucket. */
  account: (email: string) => `email:${email}`,
  /** Attempts from a device recognised by its device token. */
  device: (deviceId: string) => `device:${deviceId}`,
  /** Wrong current passwords in one login session's password change. */
  loginSession: (loginSessionId: string) => `login-session:${loginSessionId}`,
};

/**
 * Per-account brute-force defence, shared by all instances through the database.
 *
 * Each attempt is first claimed as a failure in one atomic upsert that is refused while the
 * account is locked; so a burst of parallel guesses cannot slip past the lock. A successful
 * login then takes the claim back. After `freeFailures` consecutive failures every further one
 * locks the account for a doubling delay (1 s, 2 s, 4 s ... up to `maxDelayMs`), and no more than
 * `maxFailuresPerHour` failures are ever counted in one hour.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly policy: ThrottlePolicy,
    private readonly now: () => number,
  ) {}

  /** Claims an attempt for `accountKey`, or throws 429 with the time to wait. */
  async claim(accountKey: string): Promise<void> {
    const now = new Date(this.now());
    const hourAgo = new Date(now.getTime() - HOUR_MS);
    const t = loginThrottle;
    const windowActive = sql`${t.windowStartedAt} > ${hourAgo}`;
    const consecutive = sql`${t.consecutiveFailures} + 1`;
    const claimed = await this.db
      .insert(t)
      .values({
        accountKey,
        windowStartedAt: now,
        failuresInWindow: 1,
        consecutiveFailures: 1,
        lockedUntil: this.#lockAfter(1, now),
      })
      .onConflictDoUpdate({
        target: t.accountKey,
        set: {
          windowStartedAt: sql`case when ${windowActive} then ${t.windowStartedAt} else ${now} end`,
          failuresInWindow: sql`case when ${windowActive} then ${t.failuresInWindow} + 1 else 1 end`,
          consecutiveFailures: consecutive,
          lockedUntil: sql`case when ${consecutive} > ${this.policy.freeFailures}
            then ${now}::timestamptz + least(
              power(2, ${consecutive} - ${this.policy.freeFailures} - 1) * 1000,
              ${this.policy.maxDelayMs}
            ) * interval '1 millisecond'
            else null end`,
        },
        setWhere: sql`(${t.lockedUntil} is null or ${t.lockedUntil} <= ${now})
          and not (${windowActive} and ${t.failuresInWindow} >= ${this.policy.maxFailuresPerHour})`,
      })
      .returning({ accountKey: t.accountKey });
    if (claimed.length === 1) return;
    throw this.#tooMany(await this.#retryAfterMs(accountKey, now));
  }

  /** The attempt succeeded: it was no failure, and the consecutive count starts again. */
  async succeeded(accountKey: string): Promise<void> {
    await this.db
      .update(loginThrottle)
      .set({
        consecutiveFailures: 0,
        lockedUntil: null,
        failuresInWindow: sql`greatest(${loginThrottle.failuresInWindow} - 1, 0)`,
      })
      .where(eq(loginThrottle.accountKey, accountKey));
  }

  #lockAfter(consecutive: number, now: Date): Date | null {
    if (consecutive <= this.policy.freeFailures) return null;
    const delay = Math.min(
      2 ** (consecutive - this.policy.freeFailures - 1) * 1000,
      this.policy.maxDelayMs,
    );
    return new Date(now.getTime() + delay);
  }

  async #retryAfterMs(accountKey: string, now: Date): Promise<number> {
    const [row] = await this.db
      .select()
      .from(loginThrottle)
      .where(eq(loginThrottle.accountKey, accountKey));
    if (!row) return 1000;
    const lockedFor = (row.lockedUntil?.getTime() ?? 0) - now.getTime();
    const windowFor =
      row.failuresInWindow >= this.policy.maxFailuresPerHour
        ? row.windowStartedAt.getTime() + HOUR_MS - now.getTime()
        : 0;
    return Math.max(lockedFor, windowFor, 1000);
  }

  #tooMany(retryAfterMs: number): HttpError {
    const seconds = Math.ceil(retryAfterMs / 1000);
    const error = new HttpError(
      429,
      'too_many_attempts',
      `Too many failed attempts for this account. Try again in ${seconds} seconds.`,
    );
    error.retryAfterSeconds = seconds;
    return error;
  }
}
