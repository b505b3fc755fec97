import type { ScratchPostgres } from '../../apps/server/src/test-support/databases.js';

/** Where the bench looks for PostgreSQL when neither variable is set (this machine's test server). */
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The admin connection string the scratch database is made from, and where it came from. */
export function postgresAdminUrl(env: NodeJS.ProcessEnv = process.env): {
  url: string;
  source: string;
} {
  if (env.BENCH_DATABASE_URL) return { url: env.BENCH_DATABASE_URL, source: 'BENCH_DATABASE_URL' };
  if (env.TEST_DATABASE_URL) return { url: env.TEST_DATABASE_URL, source: 'TEST_DATABASE_URL' };
  return { url: DEFAULT_ADMIN_URL, source: 'the default' };
}

/**
 * A throwaway database on the PostgreSQL at `adminUrl` (loopback only), made and dropped with
 * the server tests' own helper. Rejects when no PostgreSQL answers there: the caller reports
 * the PostgreSQL figures as not measured.
 */
export async function createBenchPostgres(adminUrl: string): Promise<ScratchPostgres> {
  const host = new URL(adminUrl).hostname;
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`refusing PostgreSQL at ${host}: the bench uses loopback only`);
  }
  // The helper reads TEST_DATABASE_URL when it is loaded: point it at the chosen server first.
  process.env.TEST_DATABASE_URL = adminUrl;
  const { createScratchPostgres } = await import('../../apps/server/src/test-support/databases.js');
  return createScratchPostgres();
}
