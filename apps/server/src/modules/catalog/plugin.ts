import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { ErrorResponse } from '../../lib/errors.js';
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
}

const errors = { 400: ErrorResponse, 429: ErrorResponse };

/** The shop's catalog: product listing with search and keyset pages, product page, categories. */
const catalogPlugin: FastifyPluginAsyncTypebox<CatalogPluginOptions> = async (app, options) => {
  const service = new CatalogService({
    db: app.database.db,
    lowStockThreshold: options.config.shop.lowStockThreshold,
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
    async (request) => service.listProducts(request.query),
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
    async (request) => service.getProduct(request.params.id),
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
    async () => service.listCategories(),
  );
};

export const catalogModule = fp(catalogPlugin, {
  name: 'catalog',
  dependencies: ['channel', 'accounts'],
});
