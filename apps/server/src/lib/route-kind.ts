import { ENDPOINT_HANDSHAKE, ENDPOINT_KEYS, ENDPOINT_TUNNEL } from '@ironcart/channel';
import type { FastifyRequest } from 'fastify';

/** The API proper: the shopper and admin routes, reachable only through the secure channel. */
export const API_PREFIX = '/api/';

const CHANNEL_ENDPOINTS: ReadonlySet<string> = new Set([
  ENDPOINT_KEYS,
  ENDPOINT_HANDSHAKE,
  ENDPOINT_TUNNEL,
]);

/**
 * What a request is for: a route of the API, one of the channel's own endpoints, another route,
 * or no route at all.
 *
 * Decided from the pattern of the route the router matched (`/api/v1/products/:id`), never from
 * the raw URL: the router decodes percent-encoding, so `/%61pi/v1/products` reaches an /api route
 * although its raw URL does not start with `/api/`. Every "is this the API?" question (the
 * channel guard, `Cache-Control: no-store`, the CORS policy, the rate-limit group) asks here, so
 * they cannot disagree with the router.
 */
export type RouteKind = 'api' | 'channel' | 'other' | 'unmatched';

export function routeKindOf(request: FastifyRequest): RouteKind {
  const pattern = request.routeOptions.url;
  if (pattern === undefined) return 'unmatched';
  if (pattern.startsWith(API_PREFIX)) return 'api';
  if (CHANNEL_ENDPOINTS.has(pattern)) return 'channel';
  return 'other';
}

/** True when the router matched a route of the API (see {@link routeKindOf}). */
export function isApiRoute(request: FastifyRequest): boolean {
  return routeKindOf(request) === 'api';
}
