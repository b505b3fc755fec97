import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { AuditLogPage, AuditLogQuery } from './schemas.js';
import { type AuditAction, type AuditTarget, auditLog } from './tables.js';

/** The admin doing something, as the audit log names them. */
export interface Actor {
  id: string;
  email: string;
}

export interface AuditEvent {
  action: AuditAction;
  targetType: AuditTarget;
  targetId: string;
  details?: Record<string, unknown>;
}

/**
 * Records an admin action. Call it inside the transaction that makes the change, so the change
 * and its record commit together or not at all.
 */
export async function recordAudit(tx: Db, actor: Actor, event: AuditEvent, at: Date) {
  await tx.insert(auditLog).values({
    actorId: actor.id,
    actorEmail: actor.email,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    details: event.details ?? {},
    createdAt: at,
  });
}

/** The audit log, newest first, filtered by target and action. */
export async function listAudit(
  db: Db,
  query: AuditLogQuery & { page: number; pageSize: number },
): Promise<AuditLogPage> {
  const filters: SQL[] = [];
  if (query.targetType) filters.push(eq(auditLog.targetType, query.targetType));
  if (query.targetId) filters.push(eq(auditLog.targetId, query.targetId));
  if (query.action) filters.push(eq(auditLog.action, query.action));
  const where = and(...filters);
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return {
    items: rows.map((row) => ({
      id: String(row.id),
      at: row.createdAt.toISOString(),
      actor: { id: row.actorId, email: row.actorEmail },
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details,
    })),
    total: counted?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
