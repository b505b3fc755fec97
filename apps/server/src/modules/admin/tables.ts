import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns.js';
import { users } from '../accounts/tables.js';

export const auditActions = [
  'product.create',
  'product.update',
  'product.archive',
  'product.restore',
  'stock.set',
  'stock.adjust',
  'stock.bulk_set',
  'product.options',
  'variant.update',
  'variant.archive',
  'variant.restore',
  'image.upload',
  'order.cancel',
  'order.refund',
  'order.confirm_payment',
  'order.ship',
  'order.deliver',
  'api_client.create',
  'api_client.revoke',
  'shipping_zone.save',
  'shipping_zone.delete',
  'tax_rule.save',
  'tax_rule.delete',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditTargets = [
  'product',
  'order',
  'image',
  'api_client',
  'shipping_zone',
  'tax_rule',
] as const;
export type AuditTarget = (typeof auditTargets)[number];

/**
 * Every admin action: who (the admin, and their email as it was then, so the entry still reads
 * right after the account changes), what (action, target and the details of the change) and when.
 * Written in the same transaction as the change it records, so neither exists without the other.
 * Append-only: nothing in the server updates or deletes these rows.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    /** Increasing: the log's order even for entries made in the same millisecond. */
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    actorEmail: text('actor_email').notNull(),
    action: text('action', { enum: auditActions }).notNull(),
    targetType: text('target_type', { enum: auditTargets }).notNull(),
    targetId: text('target_id').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'audit_log_action_known',
      sql.raw(`action in (${auditActions.map((a) => `'${a}'`).join(', ')})`),
    ),
    check(
      'audit_log_target_known',
      sql.raw(`target_type in (${auditTargets.map((a) => `'${a}'`).join(', ')})`),
    ),
    index('audit_log_target_idx').on(t.targetType, t.targetId, t.id),
  ],
);
