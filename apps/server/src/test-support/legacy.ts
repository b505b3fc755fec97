import type { Db } from '../db/client.js';
import { createApiClient } from '../modules/legacy/clients.js';

/**
 * An API client of the legacy cart API, made as an admin would (without the audit entry), for
 * tests that call the legacy API as a real integration does: its client key, to send to
 * `GET /getAccessToken` as `Authorization: Bearer <key>`.
 */
export async function createLegacyApiClient(db: Db, name = 'Test integration'): Promise<string> {
  const { key } = await createApiClient(db, { name, createdBy: null, now: new Date() });
  return key;
}

/** The headers that present a client key to `GET /getAccessToken`. */
export const clientKeyHeaders = (key: string) => ({ authorization: `Bearer ${key}` });
