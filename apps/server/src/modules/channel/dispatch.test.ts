import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RawChannel } from '../../fuzz/raw-channel.js';
import { createTestApp, type TestApp, testConfig } from '../../test-support/app.js';

/** A forced full garbage collection, for this file only (the rest of the suite runs without). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function heapUsedAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** 8,000 tunnelled requests one at a time (about 40 s on a quiet 2-core machine). */
const THOUSANDS_OF_REQUESTS_TIMEOUT_MS = 180_000;

describe('the dispatch ticket of a tunnelled request', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The inner requests are refused by the api rate limit before any route (or the channel
    // guard that used to redeem the ticket) runs. No log lines, so nothing else accumulates.
    const limits = testConfig().rateLimits;
    t = await createTestApp('pglite', {
      seedDemoCatalog: false,
      logLevel: 'silent',
      rateLimits: { ...limits, api: { max: 1, windowMs: 3_600_000 } },
    });
  });
  afterAll(() => t.close());

  test(
    'is freed whatever happens to the inner request, so memory returns to its baseline',
    async () => {
      const channel = await RawChannel.open(t.app);
      const { dispatch } = t.app.channel;
      const refusedInner = async () => {
        const { status } = await channel.send({ method: 'GET', path: '/api/v1/session' });
        return status;
      };
      expect(await refusedInner()).toBe(200);
      expect(await refusedInner()).toBe(429);
      expect(dispatch.pendingCount).toBe(0);
      // Warm-up: the first few thousand requests fill caches and compiled code for good.
      for (let i = 0; i < 3_000; i++) await refusedInner();

      const requests = 5_000;
      const baseline = heapUsedAfterGc();
      for (let i = 0; i < requests; i++) await refusedInner();
      const growth = heapUsedAfterGc() - baseline;

      expect(dispatch.pendingCount).toBe(0);
      // A kept ticket and its context cost about 235 bytes: 5,000 of them would be ~1.1 MiB. What
      // remains is the heap's noise, a few hundred KiB either way, whatever the count.
      expect(growth).toBeLessThan(requests * 100);
    },
    THOUSANDS_OF_REQUESTS_TIMEOUT_MS,
  );
});
