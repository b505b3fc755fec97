import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHANNEL_INVALID, ENDPOINT_TUNNEL, ENVELOPE_MEDIA_TYPE } from '@ironcart/channel';
import { openResponse, sealRequest } from '@ironcart/channel/client';
import { IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createScratchPostgres,
  type ScratchPostgres,
  testDrivers,
} from '../../test-support/databases.js';
import {
  freeLoopbackPort,
  type ServerProcess,
  startServerProcessOnPort,
  stopServerProcess,
} from '../../test-support/server-process.js';

/** Two real server processes start one after the other: on a loaded 2-core machine, 60 s is short. */
const RESTARTS_TIMEOUT_MS = 150_000;

/**
 * The replay defence across a restart of the real server process: a request it accepted once
 * stays refused by the next process on the same data, and the client's channel goes on.
 */
describe.each(testDrivers)('replay across a restart on %s', (driver) => {
  let dataDir: string;
  let scratch: ScratchPostgres | undefined;
  let port: number;
  const started: ServerProcess[] = [];
  const start = async () => {
    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    };
    const server = await startServerProcessOnPort(env, port);
    started.push(server);
    return server;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ironcart-replay-'));
    if (driver === 'postgres') scratch = await createScratchPostgres();
    port = await freeLoopbackPort();
  });
  afterAll(async () => {
    for (const server of started) await stopServerProcess(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  });

  test(
    'an envelope accepted before the restart is refused after it',
    async () => {
      const first = await start();
      const tunnelBodies: Uint8Array[] = [];
      const store = new MemorySessionStore();
      const client = new IroncartClient({
        baseUrl: first.baseUrl,
        store,
        fetch: async (input, init) => {
          if (String(input).endsWith(ENDPOINT_TUNNEL)) {
            tunnelBodies.push(new Uint8Array(init?.body as Uint8Array));
          }
          return fetch(input, init);
        },
      });
      const [product] = (await client.products({ limit: 1, inStock: true })).items;
      if (!product) throw new Error('the demo catalog has no product');
      const variant = (await client.product(product.id)).variants.find(
        (v) => v.stock.available > 0,
      );
      await client.addToCart(variant?.id ?? '');
      const captured = tunnelBodies.at(-1) as Uint8Array;
      expect((await client.cart()).itemCount).toBe(1);
      // A request sealed before the restart and delivered after it (in flight across it).
      const session = await store.load();
      if (!session) throw new Error('no channel session stored');
      const inFlight = await sealRequest(session, { method: 'GET', path: '/api/v1/cart' });

      await stopServerProcess(first, 'SIGTERM');
      const second = await start();
      const post = (envelope: Uint8Array) =>
        fetch(`${second.baseUrl}${ENDPOINT_TUNNEL}`, {
          method: 'POST',
          headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
          body: envelope as Uint8Array<ArrayBuffer>,
        });
      const replay = await post(captured);
      expect(replay.status).toBe(CHANNEL_INVALID.status);
      expect(await replay.json()).toEqual(CHANNEL_INVALID.body);
      const delivered = await post(inFlight.envelope);
      expect(delivered.status).toBe(200);
      const opened = await openResponse(
        session,
        new Uint8Array(await delivered.arrayBuffer()),
        inFlight.requestSalt,
      );
      expect(JSON.parse(new TextDecoder().decode(opened.inner.body)).itemCount).toBe(1);
      // The shopper's channel lives on in the database: the next call just works.
      expect((await client.cart()).itemCount).toBe(1);
    },
    RESTARTS_TIMEOUT_MS,
  );
});
