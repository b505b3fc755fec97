import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createScratchPostgres,
  type ScratchPostgres,
  testDrivers,
} from './test-support/databases.js';
import {
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
} from './test-support/server-process.js';

/**
 * The real entry point, as `npm start` runs it: it serves, stops cleanly on SIGTERM, and a
 * restart finds the data it left (PGlite data directory, or the PostgreSQL database).
 */
describe.each(testDrivers)('the server process on %s', (driver) => {
  let dataDir: string;
  let scratch: ScratchPostgres | undefined;
  // Every process this suite starts, so none outlives it even when a test fails or times out.
  const started: ServerProcess[] = [];
  const start = async () => {
    const server = await startServerProcess(env());
    started.push(server);
    return server;
  };
  const env = () => ({
    DATA_DIR: dataDir,
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ironcart-main-'));
    if (driver === 'postgres') scratch = await createScratchPostgres();
  });
  afterAll(async () => {
    for (const server of started) await stopServerProcess(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  });

  test('serves, shuts down gracefully, and keeps its data across a restart', async () => {
    const first = await start();
    const health = await fetch(`${first.baseUrl}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
    const docs = await fetch(`${first.baseUrl}/docs/json`);
    expect(docs.status).toBe(200);
    expect(first.logs.some((l) => l.msg === 'seeded the demo catalog')).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutting down gracefully', 'shutdown complete']),
    );
    await expect(fetch(`${first.baseUrl}/health`)).rejects.toThrow();

    const second = await start();
    try {
      // Same data: the catalog is there and was not seeded a second time.
      expect(second.logs.some((l) => l.msg === 'seeded the demo catalog')).toBe(false);
      const image = await fetch(`${second.baseUrl}/health`);
      expect(image.status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});
