import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { DEFAULT_ACCESS, type RouteAccess } from './access.js';

/**
 * The OpenAPI document. Every /api operation carries `x-access` (public, user or admin: who may
 * call it). Admin routes answer 404 to everyone but an admin, so that their existence is not
 * revealed; the public document at /docs (and /docs/json, /docs/yaml) leaves them out for the
 * same reason, and admins read the whole document through the channel at
 * GET /api/v1/admin/openapi.json. `app.swagger()` is the whole document: the tests and the fuzz
 * suite enumerate the routes from it.
 */
export const ACCESS_EXTENSION = 'x-access';

type Operation = Record<string, unknown>;
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  [key: string]: unknown;
}

/** The document without the operations only admins may call (and the paths they leave empty). */
export function publicDocument(document: OpenApiDocument): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const [path, operations] of Object.entries(document.paths)) {
    const visible = Object.entries(operations).filter(
      ([, operation]) => operation[ACCESS_EXTENSION] !== 'admin',
    );
    if (visible.length > 0) paths[path] = Object.fromEntries(visible);
  }
  return { ...document, paths };
}

/** Registers the document generator and the public /docs pages; before any route. */
const apiDocsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ironcart API',
        version: '1.0.0',
        description:
          'The Ironcart store API. Shopper and admin routes under /api/v1 are reached through ' +
          'the secure channel (see docs/secure-channel.md); the legacy cart API is plain JSON. ' +
          '`x-access` says who may call an operation (public: anyone; user: a logged-in ' +
          'shopper).',
      },
    },
    transform: ({ schema, url, route }) => {
      // Access rules belong to /api routes only (see the accounts plugin).
      if (!url.startsWith('/api/')) return { schema, url };
      const access: RouteAccess = route.config?.access ?? DEFAULT_ACCESS;
      return { schema: { ...schema, [ACCESS_EXTENSION]: access }, url };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformSpecification: (document) => publicDocument(document as OpenApiDocument),
  });
};

export const apiDocs = fp(apiDocsPlugin, { name: 'api-docs' });

/**
 * The whole document, admin operations included, for admins through the channel. Registered
 * after the channel and accounts modules, like every other /api route.
 */
export const adminApiDocument: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/admin/openapi.json',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'The whole OpenAPI document, admin operations included',
        tags: ['admin'],
        response: {
          200: Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3.1' }),
        },
      },
    },
    async () => app.swagger() as Record<string, unknown>,
  );
};
