import path from 'node:path';

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
  return {
    host: optional(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65_535),
    databaseUrl: optional(env, 'DATABASE_URL'),
    dataDir: path.resolve(optional(env, 'DATA_DIR') ?? 'data'),
    redisUrl: optional(env, 'REDIS_URL'),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    bodyLimit: integer(env, 'BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    seedDemoCatalog: boolean(env, 'SEED_DEMO_CATALOG', true),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
  };
}
