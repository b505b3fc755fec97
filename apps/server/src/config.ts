import path from 'node:path';
import type { KekSource } from './modules/channel/key-encryption.js';

/** Everything the server needs to know, read once from the environment at start. */
export interface AppConfig {
  host: string;
  port: number;
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
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
    /** Local debugging only: lets /api/v1 answer plaintext requests. */
    allowPlaintextApi: boolean;
  };
}

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

function optional(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** Builds the configuration from environment variables (documented in docs/operations.md). */
export function loadConfig(env: Env = process.env): AppConfig {
  const dataDir = path.resolve(optional(env, 'DATA_DIR') ?? 'data');
  const kekValue = optional(env, 'CHANNEL_KEK');
  const kekFile = optional(env, 'CHANNEL_KEK_FILE');
  const minutes = 60_000;
  return {
    host: optional(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65_535),
    databaseUrl: optional(env, 'DATABASE_URL'),
    dataDir,
    redisUrl: optional(env, 'REDIS_URL'),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    bodyLimit: integer(env, 'BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
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
      allowPlaintextApi: boolean(env, 'CHANNEL_ALLOW_PLAINTEXT_API', false),
    },
  };
}
