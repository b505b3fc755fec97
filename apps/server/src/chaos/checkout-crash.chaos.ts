import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freeLoopbackPort } from '../test-support/server-process.js';
import { Buyer, emptyStats, type LoadStats } from './buyers.js';
import { ChaoticServer } from './chaotic-server.js';
import {
  chargesWithoutPaidOrder,
  holdsWithoutPaidOrder,
  type Inspection,
  paidOrdersWithoutOneCharge,
  settleAndInspect,
} from './invariants.js';
import { type ChaosStore, catalog, pgliteStore, postgresStore, seedStore } from './store.js';

/**
 * The real server process under a checkout load is killed with SIGKILL at random moments and
 * started again, several times. Afterwards, once the sweeper has settled what the crashes left
 * pending: every unit of stock is either on the shelf or in a paid order, every paid order was
 * charged exactly once, no charge is kept without a paid order, and no reservation is left.
 */

const BUYERS = 16;
const KILLS = 4;
/** How long the load runs on the last restart, so retries of the last kill's victims land. */
const SETTLE_LOAD_MS = 1_500;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ChaosRun {
  stats: LoadStats;
  kills: number;
  seconds: number;
}

/** Logs everybody in, runs the load, kills and restarts the server KILLS times, stops it. */
async function runChaos(server: ChaoticServer): Promise<ChaosRun> {
  const started = Date.now();
  const stats = emptyStats();
  const buyers = Array.from({ length: BUYERS }, (_, i) => new Buyer(i + 1, server, stats));
  await Promise.all(buyers.map((buyer) => buyer.login()));
  let stopped = false;
  const load = Promise.all(buyers.map((buyer) => buyer.run(() => stopped)));
  // A buyer's failure is rethrown by the `await load` below, not reported as unhandled.
  load.catch(() => {});
  try {
    for (let kill = 0; kill < KILLS; kill++) {
      await pause(randomInt(300, 2_500));
      await server.crashAndRestart();
    }
    await pause(SETTLE_LOAD_MS);
  } finally {
    stopped = true;
    await load;
  }
  // A graceful stop: it must still work after all those crashes.
  expect(await server.stop()).toBe(0);
  return { stats, kills: server.kills, seconds: (Date.now() - started) / 1000 };
}

function expectConsistent(inspection: Inspection, stats: LoadStats): void {
  // (1) Every unit of every variant is on the shelf or in a paid order; (2) no reservation is left.
  expect(Object.fromEntries(inspection.stock.map((p) => [p.id, p.stock + p.sold]))).toEqual(
    Object.fromEntries(catalog.map((p) => [p.id, p.stock])),
  );
  expect(inspection.stock.filter((p) => p.reserved > 0)).toEqual([]);
  // The last unit of one size went to one buyer at most, however many raced for it.
  expect(inspection.stock.find((v) => v.id === 'chaos-jersey-m')?.sold).toBeLessThanOrEqual(1);
  expect(inspection.ordersByStatus.pending ?? 0).toBe(0);
  // (3) Each paid order: exactly one capture of its total, kept, and its payments row.
  expect(paidOrdersWithoutOneCharge(inspection)).toEqual([]);
  // (4) No capture is kept for an order that is not paid (or does not exist).
  expect(chargesWithoutPaidOrder(inspection)).toEqual([]);
  // (5) Nor is an authorization left holding money for one.
  expect(holdsWithoutPaidOrder(inspection)).toEqual([]);
  // Every order a buyer was told is paid is paid.
  const paid = new Set(inspection.paidOrders.map((o) => o.id));
  expect([...stats.paidOrderIds].filter((id) => !paid.has(id))).toEqual([]);
  // (6) Idempotency keys survive the crashes: a retry with its key is never mistaken for another
  // purchase, and after the sweep no key is left "in progress" by a killed attempt.
  expect(stats.answers['422 idempotency_key_reused'] ?? 0).toBe(0);
  expect(inspection.stuckKeys).toEqual({ withOrder: 0, withoutOrder: 0 });
}

function summary(kind: string, run: ChaosRun, inspection: Inspection): string {
  const { stats } = run;
  const lateRefunds = inspection.authorizations.filter((a) => a.refunds > 0).length;
  return (
    `chaos[${kind}]: kills=${run.kills} checkouts=${stats.checkouts} ` +
    `paidOrders=${inspection.paidOrders.length} (answered ${stats.paidOrderIds.size}) ` +
    `orders=${JSON.stringify(inspection.ordersByStatus)} checkoutRetries=${stats.checkoutRetries} ` +
    `networkErrors=${stats.networkErrors} (cut ${stats.cutRequests}) 5xx=${stats.serverErrors} ` +
    `abandonedKeys=${stats.abandonedKeys} relogins=${stats.relogins} ` +
    `sweptAfterwards=${inspection.swept} lateRefunds=${lateRefunds} ` +
    `stuckKeys=${JSON.stringify(inspection.stuckKeys)} answers=${JSON.stringify(stats.answers)} ` +
    `chaosSeconds=${run.seconds.toFixed(1)}`
  );
}

function chaosSuite(kind: ChaosStore['kind'], openStore: () => Promise<ChaosStore>): void {
  let store: ChaosStore | undefined;
  let server: ChaoticServer | undefined;

  beforeAll(async () => {
    store = await openStore();
    await seedStore(store, BUYERS);
  });
  afterAll(async () => {
    await server?.stop();
    await store?.dispose();
  });

  test('stock, charges and reservations stay consistent across SIGKILLs', async () => {
    if (!store) throw new Error('the store was not set up');
    server = new ChaoticServer(store.env, await freeLoopbackPort());
    await server.start();
    const run = await runChaos(server);
    const inspection = await settleAndInspect(store);
    console.log(summary(kind, run, inspection));

    // The chaos was real: every kill happened, requests were lost, and checkouts still worked.
    expect(run.kills).toBe(KILLS);
    expect(run.stats.networkErrors).toBeGreaterThan(0);
    expect(inspection.paidOrders.length).toBeGreaterThan(0);
    expectConsistent(inspection, run.stats);
  });
}

// PostgreSQL runs wherever TEST_DATABASE_URL is set, and always in CI (where a missing URL
// fails the run rather than skipping it).
const skipPostgres = !process.env.TEST_DATABASE_URL && !process.env.CI;

describe.skipIf(skipPostgres)(
  `checkout under SIGKILL on PostgreSQL${skipPostgres ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`,
  () => chaosSuite('postgres', postgresStore),
);

describe('checkout under SIGKILL on PGlite (data directory)', () =>
  chaosSuite('pglite', pgliteStore));
