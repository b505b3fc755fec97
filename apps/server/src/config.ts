import path from 'node:path';
import type { KekSource } from './modules/channel/key-encryption.js';
import { MAX_ORDER_TOTAL_CENTS } from './modules/orders/limits.js';

/** Everything the server needs to know, read once from the environment at start. */
export interface AppConfig {
  host: string;
  port: number;
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Most connections each instance opens to PostgreSQL (DATABASE_POOL_SIZE; unused on PGlite). */
  databasePoolSize: number;
  /** Where the embedded database (and, later, generated keys) live. */
  dataDir: string;
  redisUrl: string | undefined;
  logLevel: string;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Seed the demo catalog when the database has no products yet. */
  seedDemoCatalog: boolean;
  /** How long graceful shutdown waits for in-flight requests before giving up. */
  shutdownTimeoutMs: number;
  /** Lifetimes shared by channel sessions and login sessions. */
  session: {
    absoluteMs: number;
    idleMs: number;
  };
  channel: {
    kek: KekSource;
    rsaModulusBits: number;
    keyRotateAfterMs: number;
    keyRetireGraceMs: number;
    /** Accepted clock difference for tunnelled requests, either side. */
    replayWindowMs: number;
    /** Largest request envelope accepted by POST /channel/tunnel, in bytes. */
    maxEnvelopeBytes: number;
    /** Local debugging only: lets /api/v1 answer plaintext requests. */
    allowPlaintextApi: boolean;
  };
  http: {
    /** Origins allowed to call cross-origin; empty means same-origin only. */
    corsOrigins: string[];
    /** Fastify's trustProxy: false, true, a hop count, or a list of addresses/CIDRs. */
    trustProxy: boolean | number | string[];
    /** Serve HTTPS (HTTP/1.1 and HTTP/2) with this certificate and key. */
    tls: { certPath: string; keyPath: string } | undefined;
  };
  /** Per client IP; each group has its own counters (shared through Redis when configured). */
  rateLimits: Record<RateLimitGroup, RateLimit>;
  shop: {
    /** Who sells: printed on invoices. */
    name: string;
    addressLines: string[];
    email: string;
    currency: string;
    /** At or below this many units a product shows as "low stock". */
    lowStockThreshold: number;
    /** Sales tax in basis points of the subtotal (825 = 8.25 %), rounded half up to the cent. */
    taxBasisPoints: number;
    /** Flat shipping per order, waived from `freeShippingFromCents` of subtotal. */
    shippingCents: number;
    freeShippingFromCents: number;
    /** Guest carts untouched this long are deleted. */
    guestCartMaxAgeMs: number;
  };
  checkout: {
    /** A pending order holds its stock this long before the sweeper settles it. */
    reservationMs: number;
    idempotencyTtlMs: number;
  };
  /** The legacy cart API (docs/legacy-api.md). */
  legacy: {
    /**
     * Demo mode: GET /getAccessToken issues tokens to anyone, as the seed's demonstration did.
     * Off by default: tokens go only to API clients an admin created.
     */
    openTokens: boolean;
    /** A legacy checkout's order awaits payment this long, its stock reserved, then expires. */
    reservationMs: number;
    /** Most units one checkoutCart may buy. */
    maxUnitsPerCheckout: number;
    /** Largest order total one checkoutCart may make, in cents (at most MAX_ORDER_TOTAL_CENTS). */
    maxAmountCents: number;
    /**
     * Most units one API client's orders awaiting payment may hold together (all demo-mode
     * orders count as one client's): what one integration can keep off the shelves unpaid.
     */
    maxOutstandingUnits: number;
    /** Most those orders may total together, in cents (at most 10 × MAX_ORDER_TOTAL_CENTS). */
    maxOutstandingAmountCents: number;
  };
  payments: {
    gateway: 'test';
    /** The built-in test gateway's simulated network latency. */
    testGatewayLatencyMs: number;
  };
  login: {
    /** Failures per account that cost no delay. */
    freeFailures: number;
    /** Longest delay imposed after repeated failures. */
    maxDelayMs: number;
    /** Hard cap on failures per account per hour. */
    maxFailuresPerHour: number;
  };
  /** Product images uploaded by admins (see modules/admin/image-upload.ts). */
  imageUploads: {
    /** Largest upload accepted, in bytes (the secure channel's envelope limit grows to fit). */
    maxBytes: number;
    /** Largest pixel count decoded: refuses decompression bombs before decoding. */
    maxPixels: number;
    /** Stored images are scaled down to fit this many pixels on their longest side. */
    maxDimension: number;
  };
}

export interface RateLimit {
  max: number;
  windowMs: number;
}

export const rateLimitGroups = [
  'api',
  'auth',
  'signup',
  'handshake',
  'tunnel',
  'public',
  'legacy_get_token',
  'legacy_invalidate_token',
  'legacy_products',
  'legacy_create_cart',
  'legacy_cart',
] as const;
export type RateLimitGroup = (typeof rateLimitGroups)[number];

const defaultRateLimits: Record<RateLimitGroup, string> = {
  api: '300/1m', // every /api/v1 route not in another group
  auth: '10/1m', // login and password change
  signup: '5/10m',
  handshake: '30/1m',
  tunnel: '1200/1m', // the envelope carrier; inner requests count in their own group too
  public: '600/1m', // keys, health, images, docs
  // The legacy cart API (docs/legacy-api.md): the second seed's documented numbers.
  legacy_get_token: '1/10s', // GET /getAccessToken
  legacy_invalidate_token: '1/10s', // GET /invalidateAccessToken
  legacy_products: '1/5s', // POST /retrieveProducts
  legacy_create_cart: '1/1m', // GET /createCart
  legacy_cart: '60/1m', // POST /modifyCart, /checkoutCart, /discardCart (the seed set none)
};

/** Room around the largest inner body in an envelope: header, inner head (<= 64 KiB), tag. */
const ENVELOPE_OVERHEAD_BYTES = 128 * 1024;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

const windowUnits: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** `RATE_LIMIT_<GROUP>` as `max/window`, e.g. `300/1m`, `5/10m`, `20/30s`. */
function rateLimit(env: Env, group: RateLimitGroup): RateLimit {
  const name = `RATE_LIMIT_${group.toUpperCase()}`;
  const raw = optional(env, name) ?? defaultRateLimits[group];
  const match = /^(\d{1,7})\/(\d{1,5})([smh])$/.exec(raw);
  const unit = match ? windowUnits[match[3] ?? ''] : undefined;
  if (!match || !unit || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new ConfigError(
      `${name} must look like 300/1m (max per window in s, m or h), got "${raw}"`,
    );
  }
  return { max: Number(match[1]), windowMs: Number(match[2]) * unit };
}

function trustProxy(env: Env): boolean | number | string[] {
  const raw = optional(env, 'TRUST_PROXY');
  if (raw === undefined) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (['true', 'false'].includes(raw.toLowerCase())) return boolean(env, 'TRUST_PROXY', false);
  return list(raw);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** CORS_ORIGINS: comma-separated exact origins. `*` and `null` are refused, never allowed. */
function corsOrigins(env: Env): string[] {
  const origins = list(optional(env, 'CORS_ORIGINS'));
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS must list exact origins like https://shop.example (no "*", no "null", no path), got "${origin}"`,
      );
    }
  }
  return origins;
}

function paymentGateway(env: Env): 'test' {
  const value = optional(env, 'PAYMENT_GATEWAY') ?? 'test';
  if (value !== 'test') {
    throw new ConfigError(`PAYMENT_GATEWAY must be one of: test (got "${value}")`);
  }
  return value;
}

function currency(env: Env): string {
  const value = optional(env, 'CURRENCY') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(value))
    throw new ConfigError(`CURRENCY must be an ISO 4217 code like USD, got "${value}"`);
  return value;
}

function tls(env: Env): AppConfig['http']['tls'] {
  const certPath = optional(env, 'TLS_CERT');
  const keyPath = optional(env, 'TLS_KEY');
  if (!certPath && !keyPath) return undefined;
  if (!certPath || !keyPath) throw new ConfigError('TLS_CERT and TLS_KEY must be set together');
  return { certPath: path.resolve(certPath), keyPath: path.resolve(keyPath) };
}

/** Builds the configuration from environment variables (documented in docs/operations.md). */
export function loadConfig(env: Env = process.env): AppConfig {
  const dataDir = path.resolve(optional(env, 'DATA_DIR') ?? 'data');
  const kekValue = optional(env, 'CHANNEL_KEK');
  const kekFile = optional(env, 'CHANNEL_KEK_FILE');
  const minutes = 60_000;
  const bodyLimit = integer(env, 'BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024);
  const imageUploadMaxBytes = integer(
    env,
    'IMAGE_UPLOAD_MAX_BYTES',
    5 * 1024 * 1024,
    1024,
    32 * 1024 * 1024,
  );
  return {
    host: optional(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65_535),
    databaseUrl: optional(env, 'DATABASE_URL'),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 1, 1000),
    dataDir,
    redisUrl: optional(env, 'REDIS_URL'),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    bodyLimit,
    seedDemoCatalog: boolean(env, 'SEED_DEMO_CATALOG', true),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    session: {
      absoluteMs: integer(env, 'SESSION_ABSOLUTE_MINUTES', 180, 1, 43_200) * minutes,
      idleMs: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 43_200) * minutes,
    },
    channel: {
      kek: kekValue
        ? { kind: 'value', value: kekValue }
        : kekFile
          ? { kind: 'file', path: path.resolve(kekFile), create: false }
          : { kind: 'file', path: path.join(dataDir, 'channel-kek.key'), create: true },
      rsaModulusBits: integer(env, 'CHANNEL_RSA_BITS', 3072, 3072, 8192),
      keyRotateAfterMs: integer(env, 'CHANNEL_KEY_ROTATION_HOURS', 168, 1, 8760) * 60 * minutes,
      keyRetireGraceMs: integer(env, 'CHANNEL_KEY_GRACE_MINUTES', 10, 0, 1440) * minutes,
      replayWindowMs: integer(env, 'CHANNEL_REPLAY_WINDOW_SECONDS', 60, 5, 600) * 1000,
      // By default room for the largest inner body (a JSON body or an admin's image upload)
      // plus the envelope header, the inner head (at most 64 KiB) and the tag.
      maxEnvelopeBytes: integer(
        env,
        'CHANNEL_MAX_ENVELOPE_BYTES',
        Math.max(bodyLimit, imageUploadMaxBytes) + ENVELOPE_OVERHEAD_BYTES,
        ENVELOPE_OVERHEAD_BYTES,
        128 * 1024 * 1024,
      ),
      allowPlaintextApi: boolean(env, 'CHANNEL_ALLOW_PLAINTEXT_API', false),
    },
    http: {
      corsOrigins: corsOrigins(env),
      trustProxy: trustProxy(env),
      tls: tls(env),
    },
    rateLimits: Object.fromEntries(
      rateLimitGroups.map((group) => [group, rateLimit(env, group)]),
    ) as Record<RateLimitGroup, RateLimit>,
    shop: {
      name: optional(env, 'SHOP_NAME') ?? 'Ironcart Sports',
      addressLines: (
        optional(env, 'SHOP_ADDRESS') ?? '200 Harbour Street|Portland, OR 97204|United States'
      )
        .split('|')
        .map((line) => line.trim())
        .filter(Boolean),
      email: optional(env, 'SHOP_EMAIL') ?? 'orders@ironcart.example',
      currency: currency(env),
      lowStockThreshold: integer(env, 'LOW_STOCK_THRESHOLD', 5, 0, 1_000_000),
      taxBasisPoints: integer(env, 'TAX_BASIS_POINTS', 800, 0, 10_000),
      shippingCents: integer(env, 'SHIPPING_CENTS', 599, 0, 1_000_000),
      freeShippingFromCents: integer(env, 'FREE_SHIPPING_FROM_CENTS', 10_000, 0, 100_000_000),
      guestCartMaxAgeMs: integer(env, 'GUEST_CART_MAX_AGE_HOURS', 72, 1, 8760) * 3_600_000,
    },
    checkout: {
      reservationMs: integer(env, 'RESERVATION_MINUTES', 10, 1, 1440) * 60_000,
      idempotencyTtlMs: integer(env, 'IDEMPOTENCY_KEY_HOURS', 24, 1, 720) * 3_600_000,
    },
    legacy: {
      openTokens: boolean(env, 'LEGACY_OPEN_TOKENS', false),
      reservationMs: integer(env, 'LEGACY_RESERVATION_HOURS', 48, 1, 720) * 3_600_000,
      maxUnitsPerCheckout: integer(env, 'LEGACY_MAX_UNITS_PER_CHECKOUT', 100, 1, 1_000_000),
      maxAmountCents: integer(env, 'LEGACY_MAX_AMOUNT_CENTS', 1_000_000, 1, MAX_ORDER_TOTAL_CENTS),
      maxOutstandingUnits: integer(env, 'LEGACY_MAX_OUTSTANDING_UNITS', 500, 1, 1_000_000),
      // Ten of the largest orders; summed as bigint in SQL, and it fits 32 bits anyway.
      maxOutstandingAmountCents: integer(
        env,
        'LEGACY_MAX_OUTSTANDING_AMOUNT_CENTS',
        5_000_000,
        1,
        10 * MAX_ORDER_TOTAL_CENTS,
      ),
    },
    payments: {
      gateway: paymentGateway(env),
      testGatewayLatencyMs: integer(env, 'TEST_GATEWAY_LATENCY_MS', 150, 0, 60_000),
    },
    login: {
      freeFailures: integer(env, 'LOGIN_FREE_FAILURES', 5, 0, 100),
      maxDelayMs: integer(env, 'LOGIN_MAX_DELAY_SECONDS', 900, 1, 86_400) * 1000,
      maxFailuresPerHour: integer(env, 'LOGIN_MAX_FAILURES_PER_HOUR', 100, 1, 100),
    },
    imageUploads: {
      maxBytes: imageUploadMaxBytes,
      maxPixels: integer(env, 'IMAGE_UPLOAD_MAX_PIXELS', 40_000_000, 10_000, 200_000_000),
      maxDimension: integer(env, 'IMAGE_MAX_DIMENSION', 2000, 100, 8000),
    },
  };
}
