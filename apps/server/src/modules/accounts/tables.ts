import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, instant, updatedAt } from '../../db/columns.js';

export const userRoles = ['customer', 'admin'] as const;
export type UserRole = (typeof userRoles)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored as entered after normalisation; uniqueness is case-insensitive (index below). */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: userRoles }).notNull().default('customer'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
    check('users_role_known', sql`${t.role} in ('customer', 'admin')`),
    check('users_email_shape', sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+$'`),
  ],
);

/**
 * Login sessions. The token is a one-time credential that binds a fresh secure channel to the
 * session right after login (see service.ts); only its SHA-256 is kept, so a database leak yields
 * no usable token. `boundAt` makes it single use. Logging out deletes the row, and with it (by
 * cascade) every channel bound to it.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: bytea('token_hash').notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    boundAt: instant('bound_at'),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_unique').on(t.tokenHash),
    index('sessions_user_idx').on(t.userId),
  ],
);

/**
 * Failed-login bookkeeping per account key (the normalised email, whether or not an account
 * exists, so throttling reveals nothing). Growing delay after a few failures, and a hard cap of
 * failures per hour.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    accountKey: text('account_key').primaryKey(),
    windowStartedAt: instant('window_started_at').notNull(),
    failuresInWindow: integer('failures_in_window').notNull(),
    consecutiveFailures: integer('consecutive_failures').notNull(),
    lockedUntil: instant('locked_until'),
  },
  (t) => [index('login_throttle_window_idx').on(t.windowStartedAt)],
);

/**
 * Device tokens (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a successful
 * login hands the device a random token, bound to the account, kept here only as its SHA-256.
 * A later login that presents it is throttled in that device's own bucket, so failures from
 * anywhere else (an attacker locking a known email) never lock out a device the owner has used.
 */
export const deviceTokens = pgTable(
  'device_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: bytea('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('device_tokens_token_hash_unique').on(t.tokenHash),
    index('device_tokens_user_idx').on(t.userId, t.createdAt),
    index('device_tokens_expires_idx').on(t.expiresAt),
  ],
);
