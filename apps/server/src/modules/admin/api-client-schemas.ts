import { type Static, Type } from 'typebox';
import { Page, pageOf } from './schemas.js';

/** The admin's view of the legacy API's clients (modules/legacy/clients.ts). */

export const ApiClient = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  keyHint: Type.String({
    description: 'The start of the client key, to tell keys apart; never enough to use it',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  /** The admin who created it, by email; null when made outside the admin area. */
  createdBy: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When it last obtained an access token',
  }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ApiClient = Static<typeof ApiClient>;

export const ApiClientListQuery = Type.Object({ ...Page }, { additionalProperties: false });
export type ApiClientListQuery = Partial<Static<typeof ApiClientListQuery>>;

export const ApiClientPage = pageOf(ApiClient);
export type ApiClientPage = Static<typeof ApiClientPage>;

export const CreateApiClientBody = Type.Object(
  {
    name: Type.String({
      minLength: 2,
      maxLength: 100,
      pattern: '\\S',
      description: 'Who the integration is, e.g. "Warehouse kiosk"',
    }),
  },
  { additionalProperties: false },
);
export type CreateApiClientBody = Static<typeof CreateApiClientBody>;

export const CreatedApiClient = Type.Object({
  client: ApiClient,
  key: Type.String({
    description:
      'The client key, for `Authorization: Bearer <key>` on GET /getAccessToken. Shown this ' +
      'once: only its hash is kept.',
  }),
});
export type CreatedApiClient = Static<typeof CreatedApiClient>;

export const ApiClientIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const RevokeApiClientBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 200, description: 'Kept in the audit log' }) },
  { additionalProperties: false },
);
export type RevokeApiClientBody = Static<typeof RevokeApiClientBody>;
