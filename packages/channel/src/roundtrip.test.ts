import { describe, expect, it } from 'vitest';
import * as client from './client.js';
import {
  assertNotReplayed,
  encodeInnerResponse,
  fromBase64Url,
  HEADER_BYTES,
  InMemoryReplayCache,
  type InnerRequestInit,
  type InnerResponseInit,
  TAG_BYTES,
  toHex,
} from './index.js';
import * as server from './server.js';
import { Rng, randomRequest, randomResponse } from './testing/random.js';
import { testPrivateKey, vectors } from './testing/vectors.js';

const { kid, publicJwk } = vectors.serverKey;
const privateKey = testPrivateKey();
const resolver = (k: string) => (k === kid ? privateKey : undefined);

/** A fresh channel: real random secret, real OAEP, real sid. */
async function establish(): Promise<{
  clientSession: client.ClientChannelSession;
  serverSession: server.ServerChannelSession;
  keys: server.SessionKeys;
}> {
  const { body, pending } = await client.createHandshake(publicJwk, kid);
  // The body travels as JSON.
  const result = server.openHandshake(JSON.parse(JSON.stringify(body)), resolver);
  const answer = JSON.parse(
    JSON.stringify({ ...result.answer, expiresAt: '2026-01-01T03:00:00Z' }),
  );
  const clientSession = await client.completeHandshake(pending, answer);
  return { clientSession, serverSession: result.session, keys: result.keys };
}

function expectSameRequest(actual: client.OpenedRequest['inner'], expected: InnerRequestInit) {
  expect(actual.method).toBe(expected.method);
  expect(actual.path).toBe(expected.path);
  expect(actual.headers).toEqual(expected.headers ?? {});
  expect(Buffer.from(actual.body).equals(Buffer.from(expected.body ?? new Uint8Array(0)))).toBe(
    true,
  );
}

function expectSameResponse(actual: client.OpenedResponse['inner'], expected: InnerResponseInit) {
  expect(actual.status).toBe(expected.status);
  expect(actual.headers).toEqual(expected.headers ?? {});
  expect(Buffer.from(actual.body).equals(Buffer.from(expected.body ?? new Uint8Array(0)))).toBe(
    true,
  );
}

describe('client <-> server round trips', () => {
  it('a real handshake gives both sides the same session', async () => {
    const { clientSession, serverSession } = await establish();
    expect(clientSession.sid).toBe(Buffer.from(serverSession.sid).toString('base64url'));
    expect(clientSession.kid).toBe(kid);
  });

  it('300 seeded random requests and responses, in both implementations', async () => {
    const { clientSession, serverSession } = await establish();
    const rng = new Rng(0x1c0ffee);
    const cache = new InMemoryReplayCache();
    for (let i = 0; i < 300; i++) {
      const request = randomRequest(rng);
      const response = randomResponse(rng);
      // browser -> node
      const sealed = await client.sealRequest(clientSession, request);
      const opened = server.openRequest(serverSession, sealed.envelope);
      await assertNotReplayed(cache, serverSession.sid, opened.salt);
      expectSameRequest(opened.inner, request);
      expect(toHex(opened.salt)).toBe(toHex(sealed.requestSalt));
      const answer = server.sealResponse(serverSession, opened.salt, response);
      const back = await client.openResponse(clientSession, answer, sealed.requestSalt);
      expectSameResponse(back.inner, response);
      // node -> browser roles swapped (both implementations in both roles)
      const sealed2 = server.sealRequest(serverSession, request);
      const opened2 = await client.openRequest(clientSession, sealed2.envelope);
      expectSameRequest(opened2.inner, request);
      const answer2 = await client.sealResponse(clientSession, opened2.salt, response);
      expectSameResponse(
        server.openResponse(serverSession, answer2, sealed2.requestSalt).inner,
        response,
      );
    }
  });

  it('carries a zero-length body and a 1 MiB binary body both ways', async () => {
    const { clientSession, serverSession } = await establish();
    const big = new Rng(7).bytes(1024 * 1024);
    for (const body of [new Uint8Array(0), big]) {
      const request: InnerRequestInit = {
        method: 'PUT',
        path: '/api/v1/files/x',
        headers: { 'content-type': 'application/octet-stream' },
        body,
      };
      const sealed = await client.sealRequest(clientSession, request);
      const opened = server.openRequest(serverSession, sealed.envelope);
      expectSameRequest(opened.inner, request);
      const response: InnerResponseInit = {
        status: 200,
        headers: { 'content-type': 'application/pdf' },
        body,
      };
      const answer = server.sealResponse(serverSession, opened.salt, response);
      expect(answer.length).toBe(HEADER_BYTES + encodeInnerResponse(response).length + TAG_BYTES);
      const back = await client.openResponse(clientSession, answer, sealed.requestSalt);
      expectSameResponse(back.inner, response);
    }
  });
});

describe('clock offset', () => {
  it('a client whose clock is 10 minutes slow still passes the 60 s window', async () => {
    const { body, pending } = await client.createHandshake(publicJwk, kid);
    const serverNow = pending.startedAt + 10 * 60_000 + 40;
    const result = server.openHandshake(body, resolver, { now: serverNow });
    const session = await client.completeHandshake(pending, result.answer, {
      now: pending.startedAt + 80,
    });
    expect(Math.abs(session.clockOffsetMs - 10 * 60_000)).toBeLessThanOrEqual(1);
    const sealed = await client.sealRequest(session, { method: 'GET', path: '/api/v1/cart' });
    const opened = server.openRequest(result.session, sealed.envelope, {
      now: Date.now() + 10 * 60_000,
    });
    expect(opened.inner.path).toBe('/api/v1/cart');
    // Without the offset the same request would be stale.
    const uncorrected = await client.sealRequest(
      { ...session, clockOffsetMs: 0 },
      { method: 'GET', path: '/api/v1/cart' },
    );
    expect(() =>
      server.openRequest(result.session, uncorrected.envelope, { now: Date.now() + 10 * 60_000 }),
    ).toThrow(/stale/);
  });
});

describe('nonces and concurrency', () => {
  it('500 concurrent requests from one session: distinct salts, keys and nonces; none falsely replayed', async () => {
    const { clientSession, serverSession, keys } = await establish();
    const request: InnerRequestInit = { method: 'GET', path: '/api/v1/cart' };
    const sealed = await Promise.all(
      Array.from({ length: 500 }, () => client.sealRequest(clientSession, request)),
    );
    const salts = new Set(sealed.map((s) => toHex(s.requestSalt)));
    const nonces = new Set(
      sealed.map((s) => toHex(server.deriveMessageKey(keys.c2s, s.requestSalt).nonce)),
    );
    const messageKeys = new Set(
      sealed.map((s) => toHex(server.deriveMessageKey(keys.c2s, s.requestSalt).key)),
    );
    expect(salts.size).toBe(500);
    expect(nonces.size).toBe(500);
    expect(messageKeys.size).toBe(500);
    const cache = new InMemoryReplayCache();
    await Promise.all(
      sealed.map(async (s) => {
        const opened = server.openRequest(serverSession, s.envelope);
        await assertNotReplayed(cache, serverSession.sid, opened.salt);
      }),
    );
    expect(cache.size).toBe(500);
  });

  it('server instances sealing responses concurrently never repeat a salt', () => {
    const keysA = server.createServerSession(
      Buffer.from(vectors.handshake.secret, 'hex'),
      Buffer.from(vectors.handshake.sid, 'hex'),
      kid,
    );
    const keysB = server.createServerSession(
      Buffer.from(vectors.handshake.secret, 'hex'),
      Buffer.from(vectors.handshake.sid, 'hex'),
      kid,
    );
    const requestSalt = new Uint8Array(16).fill(9);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      for (const s of [keysA, keysB]) {
        const envelope = server.sealResponse(s, requestSalt, { status: 200 });
        seen.add(toHex(envelope.subarray(18, 34)));
      }
    }
    expect(seen.size).toBe(2000);
  });

  it('two tabs (two structured clones of the stored session) interoperate', async () => {
    const { clientSession, serverSession } = await establish();
    // What IndexedDB does: a structured clone per reader.
    const tabA = structuredClone(clientSession);
    const tabB = structuredClone(clientSession);
    expect(tabA.c2s.extractable).toBe(false);
    const cache = new InMemoryReplayCache();
    const run = async (tab: client.ClientChannelSession, i: number) => {
      const request: InnerRequestInit = { method: 'GET', path: `/api/v1/products/${i}` };
      const sealed = await client.sealRequest(tab, request);
      const opened = server.openRequest(serverSession, sealed.envelope);
      await assertNotReplayed(cache, serverSession.sid, opened.salt);
      expectSameRequest(opened.inner, request);
      const answer = server.sealResponse(serverSession, opened.salt, {
        status: 200,
        body: new TextEncoder().encode(`product ${i}`),
      });
      return { answer, requestSalt: sealed.requestSalt, i };
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => run(i % 2 === 0 ? tabA : tabB, i)),
    );
    for (const { answer, requestSalt, i } of results) {
      // Either tab (and the original) can open any response of the session.
      for (const tab of [tabA, tabB, clientSession]) {
        const back = await client.openResponse(tab, answer, requestSalt);
        expect(new TextDecoder().decode(back.inner.body)).toBe(`product ${i}`);
      }
    }
  });
});

describe('client key hygiene', () => {
  it('the session holds only non-extractable CryptoKeys besides its public ids', async () => {
    const { clientSession } = await establish();
    for (const [name, value] of Object.entries(clientSession)) {
      if (name === 'sid' || name === 'kid' || name === 'v' || name === 'clockOffsetMs') {
        expect(typeof value === 'string' || typeof value === 'number').toBe(true);
        continue;
      }
      expect(value).toBeInstanceOf(CryptoKey);
      expect((value as CryptoKey).extractable).toBe(false);
      expect((value as CryptoKey).algorithm.name).toBe('HKDF');
      await expect(crypto.subtle.exportKey('raw', value as CryptoKey)).rejects.toThrow();
    }
    expect(Object.keys(clientSession).sort()).toEqual([
      'c2s',
      'clockOffsetMs',
      'kid',
      's2c',
      'sid',
      'v',
    ]);
    expect(fromBase64Url(clientSession.sid)).toHaveLength(16);
  });

  it('the pending handshake keeps the secret only as a non-extractable key', async () => {
    const { pending } = await client.createHandshake(publicJwk, kid);
    expect(pending.ikm.extractable).toBe(false);
    expect(Object.keys(pending).sort()).toEqual(['enc', 'ikm', 'kid', 'startedAt']);
  });

  it('does not mutate a caller-supplied secret, salt or body', async () => {
    const secret = new Uint8Array(32).fill(3);
    await client.createHandshake(publicJwk, kid, { secret });
    expect(secret.every((b) => b === 3)).toBe(true);
    const { clientSession } = await establish();
    const salt = new Uint8Array(16).fill(5);
    const body = new Uint8Array(10).fill(6);
    await client.sealRequest(clientSession, { method: 'POST', path: '/x', body }, { salt });
    expect(salt.every((b) => b === 5) && body.every((b) => b === 6)).toBe(true);
  });
});
