import { index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, instant } from '../../db/columns.js';
import { sessions, users } from '../accounts/tables.js';

/**
 * The server's RSA key pairs. Private keys are stored wrapped under the key-encryption key
 * (never in clear), in the shared database so every instance can open every handshake and a
 * rotation on one instance is seen by all.
 */
export const channelKeys = pgTable('channel_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').$type<{ kty: 'RSA'; n: string; e: string }>().notNull(),
  wrappedPrivateKey: bytea('wrapped_private_key').notNull(),
  createdAt: createdAt(),
  /** After this, no new handshakes under this key; sessions made under it live on. */
  retiresAt: instant('retires_at').notNull(),
  /** After this, the key is deleted: every session made under it has expired. */
  expiresAt: instant('expires_at').notNull(),
});

/**
 * Channel sessions. The 32-byte handshake secret is stored wrapped under the key-encryption
 * key with the session id as additional data, so a row copied to another session is useless.
 */
export const channelSessions = pgTable(
  'channel_sessions',
  {
    sid: text('sid').primaryKey(),
    kid: text('kid').notNull(),
    wrappedSecret: bytea('wrapped_secret').notNull(),
    /** Set when the channel belongs to a logged-in user (the accounts module binds it). */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    loginSessionId: uuid('login_session_id').references(() => sessions.id, {
      onDelete: 'cascade',
    }),
    createdAt: createdAt(),
    lastUsedAt: instant('last_used_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    index('channel_sessions_expires_idx').on(t.expiresAt),
    index('channel_sessions_user_idx').on(t.userId),
  ],
);

/** Seen request salts, for the replay check when no Redis is configured. */
export const channelSeenSalts = pgTable(
  'channel_seen_salts',
  {
    sid: text('sid').notNull(),
    salt: text('salt').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sid, t.salt] }),
    index('channel_seen_salts_expires_idx').on(t.expiresAt),
  ],
);
