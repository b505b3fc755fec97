import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { ErrorResponse } from '../../lib/errors.js';
import { cartOwnerOf } from '../cart/plugin.js';
import { ShippingQuote, ShippingQuoteQuery } from './schemas.js';
import { ShippingService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    shipping: ShippingService;
  }
}

export interface ShippingPluginOptions {
  config: AppConfig;
}

const shippingPlugin: FastifyPluginAsyncTypebox<ShippingPluginOptions> = async (app, options) => {
  const service = new ShippingService(app.database.db, options.config.shop.currency);
  app.decorate('shipping', service);

  app.get(
    '/api/v1/shipping/quote',
    {
      config: { access: 'public' },
      schema: {
        summary: "Delivery methods to a destination, priced for this session's cart",
        description:
          'Cheapest first, each with what the cart still needs for it to be free. 400 ' +
          'not_delivered for a destination the shop does not serve.',
        tags: ['shipping'],
        querystring: ShippingQuoteQuery,
        response: { 200: ShippingQuote, 400: ErrorResponse },
      },
    },
    async (request) => {
      const subtotalCents = await app.carts.subtotalCents(cartOwnerOf(request));
      const { country, region } = request.query;
      return service.quote({ country, region: region ?? null }, subtotalCents);
    },
  );
};

export const shippingModule = fp(shippingPlugin, {
  name: 'shipping',
  dependencies: ['accounts', 'cart'],
});
