import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { ErrorResponse } from '../../lib/errors.js';
import { runPeriodically } from '../../lib/periodic.js';
import { channelOf } from '../accounts/plugin.js';
import { AddItemBody, Cart, CartParams, SetQuantityBody, VariantParams } from './schemas.js';
import { type CartOwner, CartService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    carts: CartService;
  }
}

export interface CartPluginOptions {
  config: AppConfig;
  now: () => number;
}

const MAINTENANCE_INTERVAL_MS = 15 * 60_000;
const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** A logged-in shopper's cart is their account's; a guest's belongs to their channel session. */
export function cartOwnerOf(
  request: Parameters<typeof channelOf>[0] & { user: { id: string } | null },
): CartOwner {
  return request.user ? { userId: request.user.id } : { guestSessionId: channelOf(request).sid };
}

const cartPlugin: FastifyPluginAsyncTypebox<CartPluginOptions> = async (app, options) => {
  const { shop } = options.config;
  const service = new CartService({
    db: app.database.db,
    pricing: shop,
    currency: shop.currency,
    guestCartMaxAgeMs: shop.guestCartMaxAgeMs,
    now: options.now,
  });
  app.decorate('carts', service);
  app.accounts.onLogin(({ userId, previousChannelSid }) =>
    service.mergeGuestCart(previousChannelSid, userId),
  );

  runPeriodically(app, 'abandoned guest carts', MAINTENANCE_INTERVAL_MS, () =>
    service.deleteAbandonedGuestCarts(),
  );

  // Guests have carts too: every cart route is public (the cart is found from the session).
  const config = { access: 'public' as const };
  const tags = ['cart'];
  const response = { 200: Cart, ...errors };

  app.get(
    '/api/v1/cart',
    { config, schema: { summary: "This session's cart, with totals", tags, response } },
    async (request) => service.view(cartOwnerOf(request)),
  );

  app.get(
    '/api/v1/carts/:cartId',
    {
      config,
      schema: {
        summary: 'A cart by id; only its owner sees it',
        tags,
        params: CartParams,
        response,
      },
    },
    async (request) => service.viewById(cartOwnerOf(request), request.params.cartId),
  );

  app.post(
    '/api/v1/cart/items',
    {
      config,
      schema: {
        summary:
          'Add a variant (1 unit unless a quantity is given), within its stock; 409 variant_required for a product id whose options must be chosen',
        tags,
        body: AddItemBody,
        response,
      },
    },
    async (request) =>
      service.add(cartOwnerOf(request), request.body.variantId, request.body.quantity ?? 1),
  );

  app.put(
    '/api/v1/cart/items/:variantId',
    {
      config,
      schema: {
        summary: "Set a line's quantity (1 to the stock)",
        tags,
        params: VariantParams,
        body: SetQuantityBody,
        response,
      },
    },
    async (request) =>
      service.setQuantity(cartOwnerOf(request), request.params.variantId, request.body.quantity),
  );

  app.post(
    '/api/v1/cart/items/:variantId/increment',
    {
      config,
      schema: { summary: 'One more unit of a line', tags, params: VariantParams, response },
    },
    async (request) => service.increment(cartOwnerOf(request), request.params.variantId),
  );

  app.post(
    '/api/v1/cart/items/:variantId/decrement',
    {
      config,
      schema: {
        summary: 'One unit less; refused at 1 (409 minimum_quantity): remove the line instead',
        tags,
        params: VariantParams,
        response,
      },
    },
    async (request) => service.decrement(cartOwnerOf(request), request.params.variantId),
  );

  app.delete(
    '/api/v1/cart/items/:variantId',
    { config, schema: { summary: 'Remove a line', tags, params: VariantParams, response } },
    async (request) => service.remove(cartOwnerOf(request), request.params.variantId),
  );

  app.delete(
    '/api/v1/cart',
    { config, schema: { summary: 'Empty the cart', tags, response } },
    async (request) => service.empty(cartOwnerOf(request)),
  );
};

export const cartModule = fp(cartPlugin, { name: 'cart', dependencies: ['accounts'] });
