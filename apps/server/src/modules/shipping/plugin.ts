import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { ErrorResponse } from '../../lib/errors.js';
import { cartOwnerOf } from '../cart/plugin.js';
import { subtotalOf } from '../cart/pricing.js';
import { ShippingQuote, ShippingQuoteQuery } from './schemas.js';
import { ShippingService, shippingQuoteAnswer } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    shipping: ShippingService;
  }
}

export interface ShippingPluginOptions {
  config: AppConfig;
}

const shippingPlugin: FastifyPluginAsyncTypebox<ShippingPluginOptions> = async (app, options) => {
  const service = new ShippingService(app.database.db);
  const { currency } = options.config.shop;
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
      const subtotalCents = subtotalOf(await app.carts.buyableLines(cartOwnerOf(request)));
      const { country, region } = request.query;
      const quote = await service.quote({ country, region: region ?? null }, subtotalCents);
      return shippingQuoteAnswer(quote, currency);
    },
  );
};

export const shippingModule = fp(shippingPlugin, {
  name: 'shipping',
  dependencies: ['accounts', 'cart'],
});
