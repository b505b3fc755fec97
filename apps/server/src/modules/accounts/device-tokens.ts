import { and, desc, eq, gt, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { deviceTokens, users } from './tables.js';
import { hashSecretToken, newSecretToken } from './tokens.js';

/** How long a device stays recognised after its last successful login. */
export const DEVICE_TOKEN_LIFETIME_MS = 90 * 24 * 3_600_000;
/** Devices remembered per account; the oldest are forgotten first. */
const DEVICES_PER_ACCOUNT = 20;

/**
 * The devices an account has logged in from. A device token is no credential: it only decides
 * which throttle bucket a login attempt counts in; the password is checked all the same.
 */
export class DeviceTokens {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /**
   * The id of the device `token` names, if it is live and was issued to the account with this
   * normalised email; null for a missing, expired, unknown or another account's token.
   */
  async recognise(token: string | undefined, accountKey: string): Promise<string | null> {
    if (!token) return null;
    const [row] = await this.db
      .select({ id: deviceTokens.id })
      .from(deviceTokens)
      .innerJoin(users, eq(users.id, deviceTokens.userId))
      .where(
        and(
          eq(deviceTokens.tokenHash, hashSecretToken(token)),
          gt(deviceTokens.expiresAt, new Date(this.now())),
          eq(sql`lower(${users.email})`, accountKey),
        ),
      );
    return row?.id ?? null;
  }

  /**
   * A new token for a device that has just logged in. The token it presented (if any) is
   * replaced, so a token lives from one successful login to the next, and an account keeps
   * only its most recent devices.
   */
  async issue(userId: string, replacing: string | null): Promise<string> {
    const { token, hash } = newSecretToken();
    const now = this.now();
    await this.db.transaction(async (tx) => {
      if (replacing) await tx.delete(deviceTokens).where(eq(deviceTokens.id, replacing));
      await tx.insert(deviceTokens).values({
        userId,
        tokenHash: hash,
        createdAt: new Date(now),
        expiresAt: new Date(now + DEVICE_TOKEN_LIFETIME_MS),
      });
      const newest = tx
        .select({ id: deviceTokens.id })
        .from(deviceTokens)
        .where(eq(deviceTokens.userId, userId))
        .orderBy(desc(deviceTokens.createdAt))
        .limit(DEVICES_PER_ACCOUNT);
      await tx
        .delete(deviceTokens)
        .where(and(eq(deviceTokens.userId, userId), notInArray(deviceTokens.id, newest)));
    });
    return token;
  }

  async deleteExpired(): Promise<void> {
    await this.db.delete(deviceTokens).where(lt(deviceTokens.expiresAt, new Date(this.now())));
  }
}
