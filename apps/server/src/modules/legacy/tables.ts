import { index, pgTable, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, instant } from '../../db/columns.js';

/**
 * Access tokens of the legacy cart API. Only the SHA-256 of a token is stored: a copy of this
 * table does not let anyone use the tokens in it. A token lives 3 hours unless invalidated.
 */
export const legacyTokens = pgTable(
  'legacy_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: bytea('token_hash').notNull().unique('legacy_tokens_token_hash_unique'),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    invalidatedAt: instant('invalidated_at'),
  },
  (t) => [index('legacy_tokens_expires_idx').on(t.expiresAt)],
);
