import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildApp } from './app.js';
import { LogCapture, testConfig } from './test-support/app.js';

describe('graceful shutdown', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ironcart-shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('finishes in-flight requests, refuses new connections, then closes the database', async () => {
    // The app opens (and so owns) its database from the config, as in production.
    const app = await buildApp(testConfig({ dataDir, seedDemoCatalog: false }), {
      logStream: new LogCapture(),
    });
    let release: () => void = () => {};
    const started = new Promise<void>((resolveStarted) => {
      app.get('/test/slow', async () => {
        resolveStarted();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        await app.database.ping();
        return { finished: true };
      });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const base = `http://127.0.0.1:${address.port}`;

    const inFlight = fetch(`${base}/test/slow`);
    await started;
    const closing = app.close();
    // The listener closes at once; the request in flight still gets its answer.
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    await closing;
    await expect(app.database.ping()).rejects.toThrow();
  });
});
