import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { users } from '../accounts/tables.js';
import {
  type ApiClientRow,
  createApiClient,
  listApiClients,
  revokeApiClient,
} from '../legacy/clients.js';
import type { ApiClient, ApiClientPage, CreatedApiClient } from './api-client-schemas.js';
import { type Actor, recordAudit } from './audit.js';

export interface ApiClientAdminDeps {
  db: Db;
  now: () => number;
}

const noSuchClient = () => new HttpError(404, 'not_found', 'There is no such API client.');

/**
 * The legacy API's clients as the admin manages them: list, create (the key is in the answer,
 * once) and revoke (which ends every token of the client). Each change and its audit entry
 * commit together.
 */
export class ApiClientAdmin {
  constructor(private readonly deps: ApiClientAdminDeps) {}

  async list(query: { page: number; pageSize: number }): Promise<ApiClientPage> {
    const { rows, total } = await listApiClients(this.deps.db, {
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    return {
      items: await this.#shown(rows),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async create(actor: Actor, name: string): Promise<CreatedApiClient> {
    const now = new Date(this.deps.now());
    const { client, key } = await this.deps.db.transaction(async (tx) => {
      const created = await createApiClient(tx, { name: name.trim(), createdBy: actor.id, now });
      await recordAudit(
        tx,
        actor,
        {
          action: 'api_client.create',
          targetType: 'api_client',
          targetId: created.client.id,
          // Never the key: the hint only.
          details: { name: created.client.name, keyHint: created.client.keyHint },
        },
        now,
      );
      return created;
    });
    const [shown] = await this.#shown([client]);
    if (!shown) throw new Error('created client not shown');
    return { client: shown, key };
  }

  /** Revokes a client; revoking a revoked one answers it as it is, with no new audit entry. */
  async revoke(actor: Actor, clientId: string, reason: string): Promise<ApiClient> {
    const now = new Date(this.deps.now());
    const client = await this.deps.db.transaction(async (tx) => {
      const result = await revokeApiClient(tx, clientId, now);
      if (!result) throw noSuchClient();
      if (result.revokedNow) {
        await recordAudit(
          tx,
          actor,
          {
            action: 'api_client.revoke',
            targetType: 'api_client',
            targetId: clientId,
            details: { name: result.client.name, keyHint: result.client.keyHint, reason },
          },
          now,
        );
      }
      return result.client;
    });
    const [shown] = await this.#shown([client]);
    if (!shown) throw new Error('revoked client not shown');
    return shown;
  }

  /** Rows as the API shows them, with their creators' emails. */
  async #shown(rows: readonly ApiClientRow[]): Promise<ApiClient[]> {
    const creatorIds = [...new Set(rows.flatMap((row) => (row.createdBy ? [row.createdBy] : [])))];
    const creators =
      creatorIds.length === 0
        ? []
        : await this.deps.db
            .select({ id: users.id, email: users.email })
            .from(users)
            .where(inArray(users.id, creatorIds));
    const emails = new Map(creators.map((user) => [user.id, user.email]));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      keyHint: row.keyHint,
      createdAt: row.createdAt.toISOString(),
      createdBy: (row.createdBy && emails.get(row.createdBy)) ?? null,
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
    }));
  }
}
