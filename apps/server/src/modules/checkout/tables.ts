import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, instant } from '../../db/columns.js';

/**
 * Idempotency records: the first request with a key claims it ('in_progress'), the outcome is
 * stored ('completed'), and a retry with the same key replays that outcome. `scope` names the
 * owner (for example `user:<id>`) so two users can never collide on one key.
 */
export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** Hash of the request payload: the same key with a different payload is refused. */
    requestHash: bytea('request_hash').notNull(),
    state: text('state', { enum: ['in_progress', 'completed'] }).notNull(),
    /** The order the request created, once it has one (the sweeper completes stale records). */
    orderId: uuid('order_id'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    check('idempotency_state_known', sql`${t.state} in ('in_progress', 'completed')`),
    index('idempotency_expires_idx').on(t.expiresAt),
  ],
);
