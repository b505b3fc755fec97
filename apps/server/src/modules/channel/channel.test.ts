import {
  CHANNEL_INVALID,
  CHANNEL_REQUIRED,
  ENDPOINT_HANDSHAKE,
  ENDPOINT_TUNNEL,
  ENVELOPE_MEDIA_TYPE,
  encodeInnerRequest,
  OFFSET_SID,
  OFFSET_TIMESTAMP,
  SID_BYTES,
} from '@ironcart/channel';
import {
  type ClientChannelSession,
  completeHandshake,
  createHandshake,
  openResponse,
  sealRequest,
} from '@ironcart/channel/client';
import { ApiError, IroncartClient, MemorySessionStore } from '@ironcart/sdk';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, buildApp, loadConfig } from '../../app.js';
import { framed } from '../../fuzz/inner-heads.js';
import { RawChannel } from '../../fuzz/raw-channel.js';
import {
  createTestApp,
  LogCapture,
  type TestApp,
  TestClock,
  testConfig,
} from '../../test-support/app.js';
import { testDrivers } from '../../test-support/databases.js';
import { injectFetch, sdkFor, type WireRecord } from '../../test-support/sdk.js';
import { recordStatements } from '../../test-support/statements.js';
import { channelSessions } from './tables.js';

const MINUTE = 60_000;

/** Posts raw bytes to the tunnel, as an attacker on the wire would. */
function postEnvelope(app: App, envelope: Uint8Array) {
  return app.inject({
    method: 'POST',
    url: ENDPOINT_TUNNEL,
    headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
    payload: Buffer.from(envelope),
  });
}

/** A fresh channel, opened by the SDK, and the session it stored. */
async function openChannel(
  app: App,
): Promise<{ client: IroncartClient; session: ClientChannelSession }> {
  const store = new MemorySessionStore();
  const client = sdkFor(app, { store });
  await client.session();
  const session = await store.load();
  if (!session) throw new Error('no session stored');
  return { client, session };
}

const sessionRequest = { method: 'GET', path: '/api/v1/session', headers: {} } as const;

describe.each(testDrivers)('the secure channel on %s', (driver) => {
  let t: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp(driver, { seedDemoCatalog: false }, { now: clock.now });
  });
  afterAll(() => t.close());

  test('the SDK opens a channel and tunnels calls through it', async () => {
    const client = sdkFor(t.app);
    const states: string[] = [];
    client.channel.onStateChange((state) => states.push(state));
    const info = await client.session();
    expect(info).toEqual({
      authenticated: false,
      user: null,
      expiresAt: expect.any(String),
      idleTimeoutSeconds: 30 * 60,
    });
    expect(new Date(info.expiresAt ?? 0).getTime()).toBe(clock.time + 3 * 60 * MINUTE);
    expect(states).toEqual(['establishing', 'established']);
  });

  test('handshakes that arrive together store their sessions in one statement, each usable', async () => {
    const keys = (await t.app.inject({ method: 'GET', url: '/channel/keys' })).json();
    const pending = await Promise.all(
      Array.from({ length: 8 }, () => createHandshake(keys.keys[0].jwk, keys.current)),
    );
    const recorder = recordStatements(t.testDatabase.database);
    const { result: opened, statements } = await recorder.record(() =>
      Promise.all(
        pending.map(async (half) => ({
          half,
          answer: await t.app.inject({
            method: 'POST',
            url: ENDPOINT_HANDSHAKE,
            payload: half.body,
          }),
        })),
      ),
    );
    expect(statements.filter((s) => s.startsWith('insert into "channel_sessions"'))).toHaveLength(
      1,
    );
    for (const { half, answer } of opened) {
      expect(answer.statusCode).toBe(200);
      const session = await completeHandshake(half.pending, answer.json(), { now: clock.time });
      const { envelope } = await sealRequest(session, sessionRequest, { now: clock.time });
      expect((await postEnvelope(t.app, envelope)).statusCode).toBe(200);
    }
  });

  test('a plaintext call to the API is refused and told to use the channel', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/session' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual(CHANNEL_REQUIRED.body);
  });

  test('nothing about the request or the response is readable on the wire', async () => {
    const wire: WireRecord[] = [];
    const client = sdkFor(t.app, { wire });
    const answer = await client.channel.send('POST', '/api/v1/needle-path', {
      query: { q: 'needle-query' },
      json: { secret: 'needle-body' },
      headers: { 'x-needle': 'needle-header' },
    });
    // The inner answer (a 404 for the unknown route) came back encrypted and was opened.
    expect(answer.status).toBe(404);
    expect(new TextDecoder().decode(answer.body)).toContain('needle-path');
    const tunnel = wire.filter((w) => w.url === ENDPOINT_TUNNEL);
    expect(tunnel).toHaveLength(1);
    for (const record of tunnel) {
      for (const bytes of [record.request, record.response]) {
        const text = Buffer.from(bytes).toString('latin1');
        for (const needle of ['needle', '/api/', 'POST', 'not_found', '404']) {
          expect(text).not.toContain(needle);
        }
      }
    }
  });

  test('tampering with any part of an envelope gets the one generic answer', async () => {
    const { session } = await openChannel(t.app);
    const { envelope } = await sealRequest(session, sessionRequest, { now: clock.time });
    const positions = {
      version: 0,
      direction: 1,
      sid: OFFSET_SID + 3,
      salt: OFFSET_SID + SID_BYTES + 5,
      timestamp: OFFSET_TIMESTAMP + 7,
      ciphertext: 70,
      tag: envelope.length - 1,
    };
    for (const [part, position] of Object.entries(positions)) {
      const tampered = envelope.slice();
      tampered[position] = (tampered[position] ?? 0) ^ 0x01;
      const res = await postEnvelope(t.app, tampered);
      expect({ part, status: res.statusCode }).toEqual({ part, status: 401 });
      expect(res.json()).toEqual(CHANNEL_INVALID.body);
    }
    // None of that consumed the genuine message.
    expect((await postEnvelope(t.app, envelope)).statusCode).toBe(200);
  });

  test('a replayed request is refused, and so is one for another session', async () => {
    const a = await openChannel(t.app);
    const b = await openChannel(t.app);
    const { envelope } = await sealRequest(a.session, sessionRequest, { now: clock.time });
    expect((await postEnvelope(t.app, envelope)).statusCode).toBe(200);
    const replay = await postEnvelope(t.app, envelope);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toEqual(CHANNEL_INVALID.body);

    const fresh = (await sealRequest(a.session, sessionRequest, { now: clock.time })).envelope;
    const moved = fresh.slice();
    moved.set(Buffer.from(b.session.sid, 'base64url'), OFFSET_SID);
    const res = await postEnvelope(t.app, moved);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual(CHANNEL_INVALID.body);
  });

  test('an inner path cannot leave /api/: dot segments and encoded slashes are refused', async () => {
    const raw = await RawChannel.open(t.app);
    const other = await RawChannel.open(t.app);
    const sealedHead = (method: string, path: string, body?: Uint8Array) =>
      raw.seal(framed(JSON.stringify({ method, path, headers: {} }), body), clock.time);
    // Another session's envelope, carried inside this one (tunnel in tunnel).
    const nested = other.seal(encodeInnerRequest(sessionRequest), clock.time).envelope;
    const escapes: [string, string, Uint8Array?][] = [
      ['GET', '/api/../health'],
      ['GET', '/api/%2e%2e/health'],
      ['GET', '/api/%2E%2e/health'],
      ['GET', '/api/.%2e/health'],
      ['GET', '/api/v1/../../channel/keys'],
      ['GET', '/api/../docs/json'],
      ['GET', '/api/./v1/session'],
      ['GET', '/api/v1/%2e/session'],
      ['GET', '/api/v1%2f..%2f..%2fhealth'],
      ['GET', '/api/v1/products/x%2F..%2F..%2Fsession'],
      ['GET', '/api/v1/%5c..%5chealth'],
      ['POST', '/api/../channel/tunnel', nested],
      ['POST', '/api/%2e%2e/channel/handshake', Buffer.from('{}')],
    ];
    for (const [method, path, body] of escapes) {
      const { envelope, salt } = sealedHead(method, path, body);
      const res = await raw.post(envelope, salt);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(JSON.parse(res.body)).toEqual(CHANNEL_INVALID.body);
    }
    // The nested envelope was never opened: it still works on its own.
    expect((await other.post(nested)).status).toBe(200);
    // A percent-encoded unreserved character is just another spelling: dispatched decoded.
    const { envelope, salt } = sealedHead('GET', '/%61pi/v1/session');
    expect(await raw.post(envelope, salt)).toMatchObject({ status: 200 });
  });

  test('a response sent back as a request is refused', async () => {
    const { session } = await openChannel(t.app);
    const { envelope, requestSalt } = await sealRequest(session, sessionRequest, {
      now: clock.time,
    });
    const answer = await postEnvelope(t.app, envelope);
    const responseEnvelope = new Uint8Array(answer.rawPayload);
    const opened = await openResponse(session, responseEnvelope, requestSalt);
    expect(opened.inner.status).toBe(200);
    const res = await postEnvelope(t.app, responseEnvelope);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual(CHANNEL_INVALID.body);
  });

  test('a stale request is refused even if never seen', async () => {
    const { session } = await openChannel(t.app);
    const { envelope } = await sealRequest(session, sessionRequest, {
      now: clock.time - 2 * MINUTE,
    });
    expect((await postEnvelope(t.app, envelope)).statusCode).toBe(401);
  });

  test('an idle channel expires and the SDK makes a new one by itself', async () => {
    const store = new MemorySessionStore();
    const client = sdkFor(t.app, { store });
    await client.session();
    const first = await store.load();
    const states: string[] = [];
    client.channel.onStateChange((state) => states.push(state));

    clock.advance(31 * MINUTE);
    const { envelope } = await sealRequest(first as ClientChannelSession, sessionRequest, {
      now: clock.time,
    });
    expect((await postEnvelope(t.app, envelope)).statusCode).toBe(401);
    await client.session();
    const second = await store.load();
    expect(second?.sid).not.toBe(first?.sid);
    expect(states).toEqual(['re-establishing', 'established']);
  });

  test('a busy channel still ends at its absolute lifetime', async () => {
    const store = new MemorySessionStore();
    const client = sdkFor(t.app, { store, now: clock.now });
    await client.session();
    const first = await store.load();
    for (let minutes = 20; minutes <= 160; minutes += 20) {
      clock.advance(20 * MINUTE);
      await client.session();
      expect((await store.load())?.sid).toBe(first?.sid);
    }
    clock.advance(40 * MINUTE); // 200 minutes in: past the 3 hours
    await client.session();
    expect((await store.load())?.sid).not.toBe(first?.sid);
  });

  test('many concurrent calls from one session, and from two tabs sharing it', async () => {
    const logLinesBefore = t.logs.lines.length;
    const store = new MemorySessionStore();
    const tab1 = sdkFor(t.app, { store });
    const tab2 = sdkFor(t.app, { store });
    await tab1.session();
    const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? tab1 : tab2).session());
    const answers = await Promise.all(calls);
    expect(answers).toHaveLength(40);
    expect(answers.every((a) => a.authenticated === false)).toBe(true);
    const newLogs = t.logs.lines.slice(logLinesBefore).join('');
    expect(newLogs).not.toContain('tunnel refused');
  });

  test('a refusal that arrives after the channel was remade leaves it established', async () => {
    // Two calls on a channel the server has dropped; the second refusal is held back until the
    // first call has made a new channel and succeeded on it.
    const base = injectFetch(t.app);
    let tunnelCalls = 0;
    let releaseSecond = () => {};
    const secondHeld = new Promise<void>((resolve) => {
      releaseSecond = resolve;
    });
    const gatedFetch: typeof fetch = async (input, init) => {
      const response = await base(input, init);
      if (String(input).endsWith(ENDPOINT_TUNNEL)) {
        tunnelCalls++;
        if (tunnelCalls === 3) releaseSecond();
        if (tunnelCalls === 2) await secondHeld;
      }
      return response;
    };
    const store = new MemorySessionStore();
    const client = new IroncartClient({
      baseUrl: 'http://ironcart.test',
      fetch: gatedFetch,
      store,
    });
    await client.channel.send('GET', '/api/v1/session'); // tunnel call 0 (not counted yet)
    tunnelCalls = 0;
    const old = await store.load();
    await t.app.channel.sessions.destroy(old?.sid ?? '');
    await Promise.all([client.session(), client.session()]);
    expect(client.channel.state).toBe('established');
  });

  test('a session row moved to another session id cannot be used', async () => {
    const a = await openChannel(t.app);
    const b = await openChannel(t.app);
    const { db } = t.testDatabase.database;
    const [rowA] = await db
      .select()
      .from(channelSessions)
      .where(eq(channelSessions.sid, a.session.sid));
    await db
      .update(channelSessions)
      .set({ wrappedSecret: rowA?.wrappedSecret })
      .where(eq(channelSessions.sid, b.session.sid));
    // The instance holds b in memory; the row counts once read again (another instance, a
    // restart, the revalidation): drop the copy as any of those would.
    await t.app.invalidations.publish('channel-session', [b.session.sid]);
    const { envelope } = await sealRequest(b.session, sessionRequest, { now: clock.time });
    expect((await postEnvelope(t.app, envelope)).statusCode).toBe(401);
    // And the stored secret is not the key material in clear.
    expect(rowA?.wrappedSecret.byteLength).toBe(1 + 12 + 32 + 16);
  });

  test('key rotation: open sessions go on, the old key retires after its grace', async () => {
    const before = await openChannel(t.app);
    const oldKeys = (await t.app.inject({ method: 'GET', url: '/channel/keys' })).json();
    const oldKey = oldKeys.keys[0];
    await t.app.channel.rotateKeys();
    const newKeys = (await t.app.inject({ method: 'GET', url: '/channel/keys' })).json();
    expect(newKeys.current).not.toBe(oldKeys.current);
    expect(newKeys.keys.map((k: { kid: string }) => k.kid)).toContain(oldKey.kid);

    // The session opened under the old key still works.
    await expect(before.client.session()).resolves.toMatchObject({ authenticated: false });

    const handshakeUnder = async (key: { kid: string; jwk: JsonWebKey }) => {
      const { body } = await createHandshake(key.jwk, key.kid);
      return t.app.inject({ method: 'POST', url: ENDPOINT_HANDSHAKE, payload: body });
    };
    expect((await handshakeUnder(oldKey)).statusCode).toBe(200);
    clock.advance(11 * MINUTE);
    const refused = await handshakeUnder(oldKey);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('channel_refresh_keys');
    // A client that still has the old key document recovers by fetching it again.
    await expect(sdkFor(t.app).session()).resolves.toMatchObject({ authenticated: false });
  });

  test('a handshake body that is not JSON, or repeats a member, gets the generic 401', async () => {
    const keys = (await t.app.inject({ method: 'GET', url: '/channel/keys' })).json();
    const { body } = await createHandshake(keys.keys[0].jwk, keys.current);
    const repeated = `{"v":1,"kid":"${body.kid}","enc":"${body.enc}","kid":"${body.kid}"}`;
    for (const payload of ['not json', '', '{"v":1,', '\u00ff', '[1]', repeated]) {
      const res = await t.app.inject({
        method: 'POST',
        url: ENDPOINT_HANDSHAKE,
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect({ payload, status: res.statusCode }).toEqual({ payload, status: 401 });
      expect(res.json()).toEqual(CHANNEL_INVALID.body);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    // The same body without the repeated member opens a channel; `1.0` is the integer 1.
    const res = await t.app.inject({
      method: 'POST',
      url: ENDPOINT_HANDSHAKE,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: `{"v":1.0,"kid":"${body.kid}","enc":"${body.enc}"}`,
    });
    expect(res.statusCode).toBe(200);
  });

  test('each channel endpoint takes its own media type only: anything else is 415', async () => {
    const cases: [string, string | undefined, string][] = [
      [ENDPOINT_HANDSHAKE, 'text/plain', '{"v":1}'],
      [ENDPOINT_HANDSHAKE, 'application/octet-stream', '{"v":1}'],
      [ENDPOINT_HANDSHAKE, 'application/x-www-form-urlencoded', 'v=1'],
      [ENDPOINT_HANDSHAKE, undefined, '{"v":1}'],
      [ENDPOINT_TUNNEL, 'application/json', '{}'],
      [ENDPOINT_TUNNEL, 'text/plain', 'x'],
      [ENDPOINT_TUNNEL, undefined, 'x'],
    ];
    for (const [url, contentType, payload] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: contentType ? { 'content-type': contentType } : {},
        payload,
      });
      const label = `${url} ${contentType}`;
      expect({ label, status: res.statusCode }).toEqual({ label, status: 415 });
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
  });

  test('garbage never crashes the channel endpoints or yields a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        const res = await postEnvelope(t.app, bytes);
        expect([400, 401]).toContain(res.statusCode);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await t.app.inject({
          method: 'POST',
          url: ENDPOINT_HANDSHAKE,
          payload: JSON.stringify(value),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.statusCode).toBeLessThan(500);
        expect(res.statusCode).not.toBe(200);
      }),
      { numRuns: 150 },
    );
  });
});

describe.each(testDrivers)('two app instances on one %s database', (driver) => {
  let first: TestApp;
  let second: App;

  beforeAll(async () => {
    // Same configuration (key-encryption key, Redis when CI has one) for both instances.
    const config = testConfig({ seedDemoCatalog: false, redisUrl: process.env.REDIS_URL });
    first = await createTestApp(driver, config);
    second = await buildApp(config, {
      database: await first.testDatabase.openSibling(),
      logStream: new LogCapture(),
    });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  test('serve one session alternately and share the replay defence', async () => {
    let turn = 0;
    const apps = [first.app, second];
    const client = new IroncartClient({
      baseUrl: 'http://ironcart.test',
      fetch: injectFetch(() => apps[turn++ % 2] as App),
      store: new MemorySessionStore(),
    });
    for (let i = 0; i < 10; i++) {
      await expect(client.session()).resolves.toMatchObject({ authenticated: false });
    }
    const { session } = await openChannel(first.app);
    const { envelope } = await sealRequest(session, sessionRequest);
    expect((await postEnvelope(first.app, envelope)).statusCode).toBe(200);
    expect((await postEnvelope(second, envelope)).statusCode).toBe(401);
  });

  test('a key rotated on one instance is used by the other', async () => {
    const rotated = await first.app.channel.rotateKeys();
    const keys = (await second.inject({ method: 'GET', url: '/channel/keys' })).json();
    expect(keys.current).toBe(rotated.kid);
    const { body } = await createHandshake(rotated.jwk, rotated.kid);
    const answer = await second.inject({ method: 'POST', url: ENDPOINT_HANDSHAKE, payload: body });
    expect(answer.statusCode).toBe(200);
  });
});

describe('the channel over a real socket', () => {
  test('handshake and tunnelled call with the platform fetch', async () => {
    const t = await createTestApp('pglite', { seedDemoCatalog: false });
    try {
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      const client = new IroncartClient({ baseUrl: address, store: new MemorySessionStore() });
      await expect(client.session()).resolves.toMatchObject({ authenticated: false });
      const plain = await fetch(`${address}/api/v1/session`);
      expect(plain.status).toBe(403);
    } finally {
      await t.close();
    }
  });

  test('the plaintext debugging flag opens the API without the channel', async () => {
    const t = await createTestApp('pglite', {
      seedDemoCatalog: false,
      channel: { ...testConfig().channel, allowPlaintextApi: true },
    });
    try {
      // Past the channel guard: the router answers (here: no such route) instead of 403.
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    } finally {
      await t.close();
    }
  });

  test('CHANNEL_MAX_ENVELOPE_BYTES is the one envelope limit; its default fits the largest body', async () => {
    const defaults = loadConfig({});
    expect(defaults.channel.maxEnvelopeBytes).toBe(
      Math.max(defaults.bodyLimit, defaults.imageUploads.maxBytes) + 128 * 1024,
    );
    expect(loadConfig({ BODY_LIMIT: String(8 * 1024 * 1024) }).channel.maxEnvelopeBytes).toBe(
      8 * 1024 * 1024 + 128 * 1024,
    );
    expect(() => loadConfig({ CHANNEL_MAX_ENVELOPE_BYTES: '1000' })).toThrow(
      /CHANNEL_MAX_ENVELOPE_BYTES/,
    );
    const limit = 256 * 1024;
    const t = await createTestApp('pglite', {
      seedDemoCatalog: false,
      channel: { ...testConfig().channel, maxEnvelopeBytes: limit },
    });
    try {
      const raw = await RawChannel.open(t.app);
      const sized = (total: number) => {
        const head = JSON.stringify({ method: 'POST', path: '/api/v1/nothing', headers: {} });
        // header 58 + tag 16 + u32 + head + body = total
        return raw.seal(framed(head, new Uint8Array(total - 74 - 4 - head.length)));
      };
      const fits = sized(limit);
      expect(fits.envelope.length).toBe(limit);
      expect((await raw.post(fits.envelope, fits.salt)).status).toBe(404); // dispatched
      const over = await raw.post(sized(limit + 1).envelope);
      expect(over.status).toBe(413);
      expect(JSON.parse(over.body).error.code).toBe('body_too_large');
    } finally {
      await t.close();
    }
  });

  test('errors of the API itself reach the SDK as ApiError', async () => {
    const t = await createTestApp('pglite', { seedDemoCatalog: false });
    try {
      const error = await sdkFor(t.app)
        .channel.request('GET', '/api/v1/nothing')
        .catch((e) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 404, code: 'not_found' });
    } finally {
      await t.close();
    }
  });
});
