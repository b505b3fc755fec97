import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { ErrorResponse } from '../../lib/errors.js';
import { CatalogAnswers } from './answer-cache.js';
import { normaliseListing } from './listing.js';
import {
  CategoryList,
  ProductDetail,
  ProductIdParams,
  ProductListQuery,
  ProductPage,
} from './schemas.js';
import { CatalogService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    catalog: CatalogService;
  }
}

export interface CatalogPluginOptions {
  config: AppConfig;
  now: () => number;
}

const errors = { 400: ErrorResponse, 429: ErrorResponse };

/** What Fastify itself sends JSON as. */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends an answer from the cache. On a miss it is rendered with the route's own serializer
 * (its response schema) and the bytes are kept, so a hit is sent without serialising again;
 * the hooks (security headers, cache-control, the channel's sealing) run as for any answer.
 */
async function sendCached(
  reply: FastifyReply,
  cached: (render: () => Promise<Buffer>) => Promise<Buffer>,
  load: () => Promise<unknown>,
): Promise<FastifyReply> {
  // The response schema's serializer (fast-json-stringify) makes a string.
  const bytes = await cached(async () => Buffer.from(reply.serialize(await load()) as string));
  return reply.type(JSON_TYPE).send(bytes);
}

/**
 * The shop's catalog: product listing with search and keyset pages, product page, categories,
 * answered from memory (answer-cache.ts) while nothing of the catalog changed.
 */
const catalogPlugin: FastifyPluginAsyncTypebox<CatalogPluginOptions> = async (app, options) => {
  const answers = new CatalogAnswers(app.invalidations, options.now);
  const service = new CatalogService({
    db: app.database.db,
    lowStockThreshold: options.config.shop.lowStockThreshold,
    answers,
  });
  app.decorate('catalog', service);
  const tags = ['catalog'];

  app.get(
    '/api/v1/products',
    {
      config: { access: 'public' },
      schema: {
        summary: 'List, search and filter the products for sale',
        description:
          'Keyset pagination: pass nextCursor as cursor (with the same filters and sort) for ' +
          'the next page; pages never repeat or skip a product. total counts every match. ' +
          'See docs/api.md.',
        tags,
        querystring: ProductListQuery,
        response: { 200: ProductPage, ...errors },
      },
    },
    async (request, reply) => {
      const listing = normaliseListing(request.query);
      return sendCached(
        reply as FastifyReply,
        (render) => answers.page(listing, render),
        () => service.listProducts(listing),
      );
    },
  );

  app.get(
    '/api/v1/products/:id',
    {
      config: { access: 'public' },
      schema: {
        summary: 'A product for sale, with description and specs',
        tags,
        params: ProductIdParams,
        response: { 200: ProductDetail, 404: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      return sendCached(
        reply as FastifyReply,
        (render) => answers.product(id, render),
        () => service.getProduct(id),
      );
    },
  );

  app.get(
    '/api/v1/categories',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The categories in shop order, with how many products each has for sale',
        tags,
        response: { 200: CategoryList, ...errors },
      },
    },
    async (_request, reply) =>
      sendCached(
        reply as FastifyReply,
        (render) => answers.categories(render),
        () => service.listCategories(),
      ),
  );
};

export const catalogModule = fp(catalogPlugin, {
  name: 'catalog',
  dependencies: ['channel', 'accounts'],
});
