import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppConfig, RateLimitGroup } from '../../config.js';
import { HttpError } from '../../lib/errors.js';
import { runPeriodically } from '../../lib/periodic.js';
import type { LegacyCartChange } from '../cart/service.js';
import { catalogChanged as publishCatalogChange } from '../catalog/answer-cache.js';
import { MAX_VARIANT_ID_LENGTH } from '../catalog/tables.js';
import { releaseExpiredReservations } from './reservations.js';
import { LegacyError, LegacyService } from './service.js';

export interface LegacyPluginOptions {
  config: AppConfig;
  now: () => number;
}

/** Most changes one modifyCart request may carry. */
export const MAX_ITEMS_PER_REQUEST = 100;
/** Largest quantity one change may name. */
export const MAX_QUANTITY = 1_000_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRODUCT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A legacy product is a variant: ids as long as the shop makes them. */
const MAX_PRODUCT_ID_LENGTH = MAX_VARIANT_ID_LENGTH;
const TOKEN_HOUSEKEEPING_MS = 60 * 60_000;
const RESERVATION_SWEEP_MS = 60_000;

const refuse = (statusCode: number, code: string): never => {
  throw new LegacyError(statusCode, code);
};

/**
 * The credential of `Authorization: Bearer <credential>`: undefined when no (or an empty)
 * Authorization header is sent, '' when it is not a Bearer credential.
 */
function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
}

/** The token: `Authorization: Bearer <token>`, else `?token=<token>` (as the original). */
function tokenOf(request: FastifyRequest): string | undefined {
  const bearer = bearerOf(request);
  if (bearer !== undefined) return bearer || undefined;
  const query = request.query as Record<string, unknown> | undefined;
  const token = query?.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** A JSON object body; an absent body counts as `{}`. */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) refuse(400, 'INVALID_BODY');
  return body as Record<string, unknown>;
}

const absent = (value: unknown) => value === undefined || value === null || value === '';

/** true/false, or the strings "true"/"false" as the seed's samples send them. */
function flag(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return refuse(400, 'INVALID_FIELD_TYPE');
}

function productId(value: unknown): string {
  if (absent(value)) refuse(400, 'MISSING_PRODUCT_ID');
  if (
    typeof value !== 'string' ||
    value.length > MAX_PRODUCT_ID_LENGTH ||
    !PRODUCT_ID.test(value)
  ) {
    refuse(400, 'INVALID_PRODUCT_ID');
  }
  return value as string;
}

/** MISSING_CART_ID, 400 for a non-string, and 404 INVALID_CART_ID for what cannot be a cart id. */
function cartIdOf(body: Record<string, unknown>): string {
  const value = body.cart_id;
  if (absent(value)) refuse(400, 'MISSING_CART_ID');
  if (typeof value !== 'string') return refuse(400, 'INVALID_FIELD_TYPE');
  if (!UUID.test(value)) refuse(404, 'INVALID_CART_ID');
  return value.toLowerCase();
}

/** The items array of a modifyCart request, or MISSING_ITEMS_ARRAY. */
function itemsOf(body: Record<string, unknown>): unknown[] {
  const items = body.items;
  if (!Array.isArray(items)) return refuse(400, 'MISSING_ITEMS_ARRAY');
  return items;
}

/** Every change of a modifyCart request, checked before anything is touched. */
function changesOf(items: unknown[]): LegacyCartChange[] {
  if (items.length === 0) refuse(400, 'EMPTY_ITEMS_ARRAY');
  if (items.length > MAX_ITEMS_PER_REQUEST) refuse(400, 'TOO_MANY_ITEMS');
  return items.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return refuse(400, 'INVALID_FIELD_TYPE');
    }
    const { action, product_id, quantity } = item as Record<string, unknown>;
    if (absent(action)) refuse(400, 'MISSING_ACTION_TYPE');
    if (action !== 'add' && action !== 'remove') refuse(400, 'INVALID_ACTION');
    const id = productId(product_id);
    if (quantity === undefined || quantity === null) refuse(400, 'MISSING_QUANTITY');
    if (
      typeof quantity !== 'number' ||
      !Number.isInteger(quantity) ||
      quantity < 1 ||
      quantity > MAX_QUANTITY
    ) {
      refuse(400, 'INVALID_QUANTITY');
    }
    return { action: action as 'add' | 'remove', variantId: id, quantity: quantity as number };
  });
}

/** Fastify's own refusals of a malformed request, in the legacy shape. */
const fastifyCodes: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST'],
};

/**
 * The legacy cart API of the second seed (docs/legacy-api.md): plain JSON at the root, outside
 * /api and outside the secure channel, with the original paths, fields and codes and the
 * corrections the brief lists. Every answer, refusals included, is the original's shape.
 */
const legacyPlugin: FastifyPluginAsync<LegacyPluginOptions> = async (app, options) => {
  const { shop } = options.config;
  const catalogChanged = (productIds: Iterable<string>) =>
    publishCatalogChange(app.invalidations, productIds);
  const service = new LegacyService({
    db: app.database.db,
    carts: app.carts,
    pricing: shop,
    currency: shop.currency,
    rules: options.config.legacy,
    catalogChanged,
    now: options.now,
  });
  if (!options.config.legacy.openTokens) {
    const ended = await service.endDemoTokens();
    if (ended > 0) app.log.info({ ended }, 'demo mode is off: ended the legacy tokens it issued');
  }
  runPeriodically(app, 'old legacy tokens', TOKEN_HOUSEKEEPING_MS, () => service.deleteOldTokens());
  runPeriodically(app, 'expired legacy reservations', RESERVATION_SWEEP_MS, () =>
    releaseExpiredReservations(app.database.db, new Date(options.now()), catalogChanged),
  );

  app.setErrorHandler<FastifyError>((error, request, reply) => {
    let status: number;
    let code: string;
    if (error instanceof LegacyError) {
      [status, code] = [error.statusCode, error.code];
    } else if (error instanceof HttpError && error.statusCode === 429) {
      // From the rate limiter, which has set Retry-After already.
      [status, code] = [429, 'RATE_LIMITED'];
    } else if (error instanceof HttpError && error.statusCode === 503) {
      [status, code] = [503, 'TEMPORARILY_UNAVAILABLE'];
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
    } else if (error.code && fastifyCodes[error.code]) {
      [status, code] = fastifyCodes[error.code] as [number, string];
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      [status, code] = [error.statusCode, 'BAD_REQUEST'];
    } else {
      [status, code] = [500, 'INTERNAL_ERROR'];
    }
    if (status >= 500 && status !== 503) request.log.error({ err: error }, 'legacy request failed');
    else request.log.info({ code }, 'legacy request refused');
    return reply.code(status).send({ response: code });
  });

  const route = (rateLimitGroup: RateLimitGroup, summary: string, description?: string) => ({
    config: { rateLimitGroup, corsPolicy: 'legacy' as const },
    // GET and POST only: no automatic HEAD twin (a HEAD /getAccessToken would mint tokens).
    exposeHeadRoute: false,
    schema: { summary, tags: ['legacy'], ...(description ? { description } : {}) },
  });

  app.get(
    '/getAccessToken',
    route(
      'legacy_get_token',
      'A new access token, valid for 3 hours, for the API client whose key is given',
      'Send the client key an admin created as `Authorization: Bearer <client key>`. ' +
        'Without one, a token is issued only in demo mode (LEGACY_OPEN_TOKENS=true).',
    ),
    async (request) => ({ response: await service.issueToken(bearerOf(request)) }),
  );

  app.get(
    '/invalidateAccessToken',
    route('legacy_invalidate_token', 'Invalidates the token given as ?token= or Bearer'),
    async (request) => {
      await service.invalidate(tokenOf(request));
      return { response: 'INVALIDATION_SUCCESS' };
    },
  );

  app.post(
    '/retrieveProducts',
    route('legacy_products', 'Products: all, only in stock, or a list of product ids'),
    async (request) => {
      await service.authenticate(tokenOf(request));
      const body = bodyOf(request);
      const all = flag(body.all);
      const availableOnly = flag(body.availableInventoryOnly);
      let ids: string[] | undefined;
      if (!all && body.products !== undefined && body.products !== null) {
        if (!Array.isArray(body.products)) return refuse(400, 'INVALID_FIELD_TYPE');
        if (body.products.length > MAX_ITEMS_PER_REQUEST) refuse(400, 'TOO_MANY_ITEMS');
        ids = body.products.map(productId);
      }
      return service.products({ ...(ids ? { ids } : {}), availableOnly });
    },
  );

  app.get(
    '/createCart',
    route('legacy_create_cart', 'A new, empty cart owned by the token'),
    async (request) => {
      const tokenId = await service.authenticate(tokenOf(request));
      return { response: await service.createCart(tokenId) };
    },
  );

  app.post(
    '/modifyCart',
    route('legacy_cart', "Adds and removes items: all of the request's changes or none"),
    async (request) => {
      const tokenId = await service.authenticate(tokenOf(request));
      const body = bodyOf(request);
      const cartId = cartIdOf(body);
      const items = itemsOf(body);
      // As the original: an unknown cart is INVALID_CART_ID whatever its items say.
      await service.requireOpenCart(tokenId, cartId);
      return [await service.modifyCart(tokenId, cartId, changesOf(items))];
    },
  );

  app.post(
    '/checkoutCart',
    route('legacy_cart', 'Buys the cart: takes the stock of every line or of none'),
    async (request) => {
      const tokenId = await service.authenticate(tokenOf(request));
      const cartId = cartIdOf(bodyOf(request));
      return [await service.checkoutCart(tokenId, cartId)];
    },
  );

  app.post('/discardCart', route('legacy_cart', 'Discards the cart'), async (request) => {
    const tokenId = await service.authenticate(tokenOf(request));
    await service.discardCart(tokenId, cartIdOf(bodyOf(request)));
    return { response: 'REMOVED' };
  });
};

export const legacyModule = legacyPlugin;
