import { createHash, randomBytes } from 'node:crypto';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { legacyApiClients } from './tables.js';

/**
 * The API clients of the legacy cart API: the integrations that may obtain access tokens. An
 * admin creates them (modules/admin/api-clients.ts, which records each change in the audit log
 * in the same transaction, hence the `tx` parameters); each gets a client key, shown once.
 */

/** Every client key starts so, which makes a leaked one easy to recognise (and to scan for). */
export const CLIENT_KEY_PREFIX = 'ick_';
/** 32 random bytes (256 bits) after the prefix, as 64 hex characters. */
const CLIENT_KEY = /^ick_[0-9a-f]{64}$/;
/** How much of a key the admin sees afterwards: the prefix and 8 of its 64 digits (32 bits). */
const HINT_LENGTH = CLIENT_KEY_PREFIX.length + 8;

export type ApiClientRow = typeof legacyApiClients.$inferSelect;

/**
 * How the legacy API stores its secrets (client keys and access tokens): their SHA-256. Both are
 * long random strings, so a plain hash is enough: there is nothing to guess that a slow hash
 * would protect.
 */
export const hashLegacySecret = (secret: string) =>
  createHash('sha256').update(secret, 'utf8').digest();

/** Creates a client and its key. The key is in the answer only: it cannot be read again. */
export async function createApiClient(
  tx: Db,
  input: { name: string; createdBy: string | null; now: Date },
): Promise<{ client: ApiClientRow; key: string }> {
  const key = `${CLIENT_KEY_PREFIX}${randomBytes(32).toString('hex')}`;
  const [client] = await tx
    .insert(legacyApiClients)
    .values({
      name: input.name,
      keyHash: hashLegacySecret(key),
      keyHint: key.slice(0, HINT_LENGTH),
      createdBy: input.createdBy,
      createdAt: input.now,
    })
    .returning();
  if (!client) throw new Error('api client insert returned nothing');
  return { client, key };
}

/**
 * Revokes a client, which ends every token issued to it (a token is live only while its client
 * is not revoked). Undefined when there is no such client; a revoked one is answered as it is.
 */
export async function revokeApiClient(
  tx: Db,
  clientId: string,
  now: Date,
): Promise<{ client: ApiClientRow; revokedNow: boolean } | undefined> {
  const [revoked] = await tx
    .update(legacyApiClients)
    .set({ revokedAt: now })
    .where(and(eq(legacyApiClients.id, clientId), isNull(legacyApiClients.revokedAt)))
    .returning();
  if (revoked) return { client: revoked, revokedNow: true };
  const [existing] = await tx
    .select()
    .from(legacyApiClients)
    .where(eq(legacyApiClients.id, clientId));
  return existing ? { client: existing, revokedNow: false } : undefined;
}

/** Clients, newest first, a page at a time. */
export async function listApiClients(
  db: Db,
  page: { offset: number; limit: number },
): Promise<{ rows: ApiClientRow[]; total: number }> {
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(legacyApiClients)
      .orderBy(desc(legacyApiClients.createdAt), desc(legacyApiClients.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(legacyApiClients),
  ]);
  return { rows, total: counted?.n ?? 0 };
}

/**
 * The live (not revoked) client a key belongs to, noting that it was used; undefined for
 * anything else. The lookup is by the key's hash, so it reveals nothing about other keys.
 */
export async function clientOfKey(db: Db, key: string, now: Date): Promise<string | undefined> {
  if (!CLIENT_KEY.test(key)) return undefined;
  const [client] = await db
    .update(legacyApiClients)
    .set({ lastUsedAt: now })
    .where(
      and(eq(legacyApiClients.keyHash, hashLegacySecret(key)), isNull(legacyApiClients.revokedAt)),
    )
    .returning({ id: legacyApiClients.id });
  return client?.id;
}
