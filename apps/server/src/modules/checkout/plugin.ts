import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { AppConfig } from '../../config.js';
import { ErrorResponse } from '../../lib/errors.js';
import { runPeriodically } from '../../lib/periodic.js';
import { currentUser } from '../accounts/plugin.js';
import { catalogChanged } from '../catalog/answer-cache.js';
import { OrderDetail, OrderList } from '../orders/schemas.js';
import { OrderService } from '../orders/service.js';
import type { PaymentGateway } from '../payments/gateway.js';
import { CheckoutBody, CheckoutConflict, IdempotencyHeaders } from './schemas.js';
import { CheckoutService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    checkout: CheckoutService;
    orders: OrderService;
  }
}

export interface CheckoutPluginOptions {
  config: AppConfig;
  gateway: PaymentGateway;
  now: () => number;
}

const SWEEP_INTERVAL_MS = 30_000;
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  402: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  503: ErrorResponse,
};

/** Checkout and the shopper's orders (invoices are served by the invoices module). */
const checkoutPlugin: FastifyPluginAsyncTypebox<CheckoutPluginOptions> = async (app, options) => {
  const { config, gateway, now } = options;
  const orders = new OrderService(app.database.db);
  const checkout = new CheckoutService({
    db: app.database.db,
    carts: app.carts,
    orders,
    gateway,
    pricing: config.shop,
    currency: config.shop.currency,
    reservationMs: config.checkout.reservationMs,
    idempotencyTtlMs: config.checkout.idempotencyTtlMs,
    catalogChanged: (productIds) => catalogChanged(app.invalidations, productIds),
    now,
  });
  app.decorate('checkout', checkout);
  app.decorate('orders', orders);

  runPeriodically(app, 'expired reservations', SWEEP_INTERVAL_MS, () => checkout.sweep());

  app.post(
    '/api/v1/checkout',
    {
      config: { rateLimitGroup: 'auth' },
      schema: {
        summary: 'Pay for the cart: creates the order, charges the card, answers the order',
        description:
          'Requires an Idempotency-Key header: a retry with the same key returns the same answer ' +
          'and never charges twice; the same key for a different purchase is refused (422). ' +
          'The body names the cart version the shopper confirmed: a cart that changed since is ' +
          '409 cart_changed with the new cart; a cart another checkout is paying is 409 ' +
          'cart_in_checkout. ' +
          'Declines are 402 with a code (card_declined, insufficient_funds, expired_card, ' +
          'incorrect_cvc, processing_error) and a message for the shopper.',
        tags: ['checkout'],
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { 201: OrderDetail, ...errors, 409: CheckoutConflict },
      },
    },
    async (request, reply) => {
      const answer = await checkout.checkout(
        currentUser(request),
        request.headers['idempotency-key'],
        request.body,
      );
      return reply.code(answer.status).send(answer.body as never);
    },
  );

  const tags = ['orders'];
  app.get(
    '/api/v1/orders',
    {
      schema: { summary: 'My orders, newest first', tags, response: { 200: OrderList, ...errors } },
    },
    async (request) => ({ items: await orders.list(currentUser(request).id) }),
  );

  app.get(
    '/api/v1/orders/latest',
    {
      schema: { summary: 'My latest paid order', tags, response: { 200: OrderDetail, ...errors } },
    },
    async (request) => orders.latest(currentUser(request).id),
  );

  app.get(
    '/api/v1/orders/:orderId',
    {
      schema: {
        summary: 'One of my orders',
        tags,
        params: Type.Object({ orderId: Type.String({ format: 'uuid' }) }),
        response: { 200: OrderDetail, ...errors },
      },
    },
    async (request) => orders.detail(currentUser(request).id, request.params.orderId),
  );
};

export const checkoutModule = fp(checkoutPlugin, { name: 'checkout', dependencies: ['cart'] });
