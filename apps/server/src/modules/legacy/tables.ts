import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, instant } from '../../db/columns.js';
import { users } from '../accounts/tables.js';

/**
 * The integrations allowed to use the legacy cart API, created by an admin. Each has a client
 * key (shown once, at creation) that it presents to `GET /getAccessToken`; only the key's
 * SHA-256 is stored, plus a short hint of its start so the admin can tell keys apart.
 * Revoking a client (setting `revoked_at`) ends every token issued to it.
 */
export const legacyApiClients = pgTable(
  'legacy_api_clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    keyHash: bytea('key_hash').notNull().unique('legacy_api_clients_key_hash_unique'),
    /** The first characters of the key (`ick_3f9a1c2b`), never enough to use it. */
    keyHint: text('key_hint').notNull(),
    /** The admin who created it; null for clients made outside the admin area (tests, scripts). */
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /** When it last obtained a token. */
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    check('legacy_api_clients_name_length', sql`char_length(${t.name}) between 1 and 100`),
    index('legacy_api_clients_created_idx').on(t.createdAt),
  ],
);

/**
 * Access tokens of the legacy cart API. Only the SHA-256 of a token is stored: a copy of this
 * table does not let anyone use the tokens in it. A token lives 3 hours unless invalidated, and
 * belongs to the API client it was issued to (none for tokens issued in demo mode,
 * LEGACY_OPEN_TOKENS, which are honoured only while that mode is on).
 */
export const legacyTokens = pgTable(
  'legacy_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: bytea('token_hash').notNull().unique('legacy_tokens_token_hash_unique'),
    clientId: uuid('client_id').references(() => legacyApiClients.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    invalidatedAt: instant('invalidated_at'),
  },
  (t) => [
    index('legacy_tokens_expires_idx').on(t.expiresAt),
    index('legacy_tokens_client_idx').on(t.clientId),
  ],
);
