import { readFileSync } from 'node:fs';
import type { SecureServerOptions } from 'node:http2';
import cors from '@fastify/cors';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import { ENDPOINT_HANDSHAKE, ENDPOINT_TUNNEL } from '@ironcart/channel';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { type AppConfig, type RateLimitGroup, rateLimitGroups } from '../config.js';
import { HttpError } from './errors.js';
import { API_PREFIX, routeKindOf } from './route-kind.js';

/**
 * HTTP hardening for the whole app: security headers (helmet), CORS from an allowlist, rate
 * limits per route group and client IP (memory, or Redis when configured), and the options
 * that make Fastify serve HTTPS itself. Documented in docs/operations.md, "HTTP security".
 */

/** A named cross-origin policy; the origins always come from `CORS_ORIGINS`. */
export interface CorsPolicy {
  methods: readonly string[];
  /** Request headers a cross-origin caller may send. */
  allowedHeaders: readonly string[];
  /** Response headers a cross-origin caller may read besides the CORS-safelisted ones. */
  exposedHeaders: readonly string[];
}

/**
 * The cross-origin policies. `/channel/*` and `/api/*` use `api`; any other route is
 * same-origin only unless it names a policy in its config (`config: { corsPolicy: 'api' }`).
 * The legacy API adds its own entry here and names it on its routes.
 */
export const corsPolicies = {
  api: {
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept'],
    exposedHeaders: ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining'],
  },
  /** The legacy cart API (docs/legacy-api.md): GET and POST only, token in a Bearer header. */
  legacy: {
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept', 'authorization'],
    exposedHeaders: ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining'],
  },
} as const satisfies Record<string, CorsPolicy>;
export type CorsPolicyName = keyof typeof corsPolicies;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The rate-limit group this route counts in; see {@link defaultRateLimitGroup}. */
    rateLimitGroup?: RateLimitGroup;
    /** A cross-origin policy for a route outside /api and /channel (same-origin otherwise). */
    corsPolicy?: CorsPolicyName;
  }
}

/**
 * The group of a request whose route does not name one, by the route the router matched (see
 * {@link routeKindOf}): API routes, the handshake, the tunnel; everything else (keys, health,
 * docs, images, static files, URLs that match no route) is public.
 */
export function defaultRateLimitGroup(request: FastifyRequest): RateLimitGroup {
  const kind = routeKindOf(request);
  if (kind === 'api') return 'api';
  if (kind === 'channel' && request.routeOptions.url === ENDPOINT_HANDSHAKE) return 'handshake';
  if (kind === 'channel' && request.routeOptions.url === ENDPOINT_TUNNEL) return 'tunnel';
  return 'public';
}

/** Groups whose requests are refused when their counters cannot be reached (Redis down). */
export const failClosedGroups: ReadonlySet<RateLimitGroup> = new Set(['auth', 'signup']);

/** Raw-path prefixes a CORS preflight is judged by (it matches no route of its own). */
const PREFLIGHT_API_PREFIXES = [API_PREFIX, '/channel/'];
const ONE_YEAR_SECONDS = 31_536_000;
/** How long a client is told to wait when its group's counters cannot be reached. */
const UNAVAILABLE_RETRY_SECONDS = 5;
/** At most one "counting failed, letting through" warning per this many ms. */
const FAIL_OPEN_WARNING_INTERVAL_MS = 30_000;

/** The Content-Security-Policy of every answer that does not bring a stricter one. */
export function contentSecurityPolicy(tls: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'none'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    ...(tls ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Tightens a policy that a route or plugin set itself (Swagger UI, product images): whatever
 * else it allows, it may not be framed, set a base URL or load plugins. Over plain HTTP an
 * `upgrade-insecure-requests` is dropped, since it would send the page's own assets to an
 * HTTPS port that does not exist.
 */
export function hardenContentSecurityPolicy(policy: string, tls: boolean): string {
  const directives = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    directives.set(name.toLowerCase(), values.join(' '));
  }
  directives.set('base-uri', "'none'");
  directives.set('object-src', "'none'");
  directives.set('frame-ancestors', "'none'");
  if (!tls) directives.delete('upgrade-insecure-requests');
  return [...directives].map(([name, value]) => (value ? `${name} ${value}` : name)).join('; ');
}

/**
 * Fastify constructor options for serving HTTPS (HTTP/2 with HTTP/1.1 fallback) when TLS is
 * configured; nothing otherwise. Typed as `object` on purpose: see the note in app.ts.
 */
export function tlsServerOptions(config: AppConfig): object {
  const tls = config.http.tls;
  if (!tls) return {};
  const https: SecureServerOptions = {
    key: readFileSync(tls.keyPath),
    cert: readFileSync(tls.certPath),
    allowHTTP1: true,
    minVersion: 'TLSv1.2',
  };
  return { http2: true, https };
}

/**
 * Fastify's trustProxy from TRUST_PROXY. A hop count n trusts the n nearest hops whatever their
 * address (Fastify 5.12 itself treats a bare number as "trust nothing", so it is handed over
 * as a function): only safe when clients cannot reach the server except through those
 * proxies. A list of proxy addresses or CIDRs is the safer setting.
 */
export function trustProxyOption(
  value: AppConfig['http']['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  const hops = value;
  return (_address, hop) => hop < hops;
}

export interface HttpSecurityOptions {
  config: AppConfig;
  /** The app's shared Redis connection; rate-limit counters live there when set. */
  redis: Redis | undefined;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function rateLimitGroupOf(request: FastifyRequest): RateLimitGroup {
  return request.routeOptions.config.rateLimitGroup ?? defaultRateLimitGroup(request);
}

async function httpSecurityPlugin(app: FastifyInstance, options: HttpSecurityOptions) {
  const { config, redis } = options;
  const tls = config.http.tls !== undefined;
  const allowedOrigins = new Set(config.http.corsOrigins);

  // ---- Security headers ------------------------------------------------------------------
  // Helmet's middleware, built once: it renders every header value when it is made, so a
  // request only copies them. (@fastify/helmet rebuilt the middleware, policy parsing and all,
  // on every request, twice for a tunnelled one: about 0.03 ms each.)
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(tls) },
    // HSTS only from a server that itself answers over HTTPS; behind a TLS proxy the proxy
    // sets it (an HSTS header sent over plain HTTP is ignored by browsers anyway).
    strictTransportSecurity: tls
      ? { maxAge: ONE_YEAR_SECONDS, includeSubDomains: true, preload: false }
      : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    xContentTypeOptions: true,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });

  // API and channel answers are never stored, and neither is an answer to a URL that matched no
  // route (whatever its spelling, it may be an API URL the router did not recognise).
  app.addHook('onSend', async (request, reply) => {
    if (routeKindOf(request) !== 'other') reply.header('cache-control', 'no-store');
  });

  // Routes may send their own CSP (Swagger UI does, product images do); it wins over the
  // global one, and a route-level onSend (which runs after the plugin's own hooks) tightens it.
  const routePrefixes: { prefix: string; policy: CorsPolicyName }[] = [];
  app.addHook('onRoute', (route) => {
    const group = route.config?.rateLimitGroup;
    if (group !== undefined && !rateLimitGroups.includes(group)) {
      throw new Error(`Route ${route.url}: unknown rateLimitGroup "${group}"`);
    }
    const policy = route.config?.corsPolicy;
    if (policy !== undefined) {
      if (!Object.hasOwn(corsPolicies, policy)) {
        throw new Error(`Route ${route.url}: unknown corsPolicy "${policy}"`);
      }
      // For preflights (which match no route of their own): the static part of the path.
      routePrefixes.push({ prefix: route.url.split(/[:*]/)[0] ?? route.url, policy });
    }
    const harden = async (_request: FastifyRequest, reply: FastifyReply) => {
      const own = reply.getHeader('content-security-policy');
      if (typeof own === 'string' && own !== reply.raw.getHeader('content-security-policy')) {
        reply.header('content-security-policy', hardenContentSecurityPolicy(own, tls));
      }
    };
    route.onSend = route.onSend ? [route.onSend, harden].flat() : [harden];
  });

  // ---- Rate limits -----------------------------------------------------------------------
  await app.register(rateLimit, {
    global: false, // applied by the hook below, so unrouted requests (404s) count too
    ...(redis ? { redis, nameSpace: 'ironcart:rate-limit:' } : { cache: 10_000 }),
    keyGenerator: (request) => `${rateLimitGroupOf(request)}:${normalizeIP(request.ip)}`,
    max: (request) => config.rateLimits[rateLimitGroupOf(request)].max,
    timeWindow: (request) => config.rateLimits[rateLimitGroupOf(request)].windowMs,
    skipOnError: false,
  });
  const count = app.createRateLimit();
  let lastFailOpenWarning = 0;

  app.addHook('onRequest', async (request, reply) => {
    const group = rateLimitGroupOf(request);
    let result: Awaited<ReturnType<typeof count>>;
    try {
      result = await count(request);
    } catch (error) {
      if (failClosedGroups.has(group)) {
        request.log.error({ err: error, group }, 'rate limit unavailable: refusing');
        allowCrossOriginRead(request, reply);
        reply.header('retry-after', String(UNAVAILABLE_RETRY_SECONDS));
        throw new HttpError(
          503,
          'temporarily_unavailable',
          'This service is briefly unavailable. Please try again in a moment.',
        );
      }
      const now = Date.now();
      if (now - lastFailOpenWarning > FAIL_OPEN_WARNING_INTERVAL_MS) {
        lastFailOpenWarning = now;
        request.log.warn({ err: error, group }, 'rate limit unavailable: letting requests through');
      }
      return;
    }
    if (result.isAllowed) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    reply.header('x-ratelimit-limit', String(result.max));
    reply.header('x-ratelimit-remaining', String(result.remaining));
    reply.header('x-ratelimit-reset', String(seconds));
    if (!result.isExceeded) return;
    allowCrossOriginRead(request, reply);
    reply.header('retry-after', String(seconds));
    throw new HttpError(
      429,
      'rate_limited',
      `Too many requests. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    );
  });

  // ---- CORS ------------------------------------------------------------------------------
  const corsPolicyOf = (request: FastifyRequest): CorsPolicy | undefined => {
    const named = request.routeOptions.config.corsPolicy;
    if (named) return corsPolicies[named];
    const kind = routeKindOf(request);
    if (kind === 'api' || kind === 'channel') return corsPolicies.api;
    if (request.method === 'OPTIONS') {
      // A preflight names the URL of a request still to come and matches no route of its own,
      // so its raw path decides; an unusual spelling only loses the CORS headers (fails closed).
      const path = pathOf(request.url);
      if (PREFLIGHT_API_PREFIXES.some((prefix) => path.startsWith(prefix))) return corsPolicies.api;
      const match = routePrefixes.find(({ prefix }) => path.startsWith(prefix));
      if (match) return corsPolicies[match.policy];
    }
    return undefined;
  };
  const allowedOrigin = (request: FastifyRequest): string | undefined => {
    const origin = request.headers.origin;
    return typeof origin === 'string' && allowedOrigins.has(origin) ? origin : undefined;
  };
  /** Refusals are thrown before the CORS hook runs: let an allowed caller read them. */
  function allowCrossOriginRead(request: FastifyRequest, reply: FastifyReply): void {
    const origin = allowedOrigin(request);
    const policy = corsPolicyOf(request);
    if (!origin || !policy) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', policy.exposedHeaders.join(', '));
    reply.header('vary', 'Origin');
  }

  await app.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => {
      const origin = allowedOrigin(request);
      const policy = corsPolicyOf(request);
      const requested = request.headers['access-control-request-method'];
      const refusedMethod =
        request.method === 'OPTIONS' &&
        typeof requested === 'string' &&
        !policy?.methods.includes(requested.toUpperCase());
      if (!origin || !policy || refusedMethod) {
        // No CORS headers at all; a preflight falls through to a 404. A preflight for a method
        // the policy does not allow (PUT, DELETE...) is refused the same way.
        callback(null, { origin: false });
        return;
      }
      callback(null, {
        origin, // echoed exactly; never "*", never "null" (config refuses both)
        credentials: false, // the API authenticates through the channel, not cookies
        methods: [...policy.methods],
        allowedHeaders: [...policy.allowedHeaders],
        exposedHeaders: [...policy.exposedHeaders],
        maxAge: 600,
        strictPreflight: true,
      });
    },
  });
}

export const httpSecurity = fp(httpSecurityPlugin, { name: 'http-security', fastify: '5.x' });
