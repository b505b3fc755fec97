import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as client from './client.js';
import {
  CHANNEL_ERROR_REASONS,
  CHANNEL_INVALID,
  CHANNEL_REFRESH_KEYS,
  CHANNEL_REQUIRED,
  ChannelError,
  classifyPublicError,
  decodeEnvelope,
  decodeInnerRequest,
  decodeInnerResponse,
  encodeHeader,
  encodeInnerRequest,
  encodeInnerResponse,
  FORBIDDEN_INNER_HEADERS,
  fromBase64Url,
  INNER_LIMITS,
  InMemoryReplayCache,
  isChannelError,
  isTimestampFresh,
  normalizeInnerPath,
  PROTOCOL_VERSION,
  parseJsonMessage,
  parseKeysDocument,
  publicErrorFor,
  replayTtlMs,
  toBase64Url,
  validatePublicJwk,
} from './index.js';
import * as server from './server.js';
import { Rng } from './testing/random.js';
import { reasonOf, vectors } from './testing/vectors.js';

describe('constants and errors', () => {
  it('keeps PROTOCOL_VERSION', () => {
    expect(PROTOCOL_VERSION).toBe(1);
  });

  it('maps every reason but unknown-kid to the one generic answer', () => {
    for (const reason of CHANNEL_ERROR_REASONS) {
      const answer = publicErrorFor(new ChannelError(reason, 'detail for logs'));
      expect(answer).toBe(reason === 'unknown-kid' ? CHANNEL_REFRESH_KEYS : CHANNEL_INVALID);
      expect(JSON.stringify(answer.body)).not.toContain('detail');
    }
    expect(publicErrorFor(new Error('boom'))).toBe(CHANNEL_INVALID);
    expect(publicErrorFor(undefined)).toBe(CHANNEL_INVALID);
    expect(CHANNEL_INVALID.status).toBe(401);
    expect(CHANNEL_INVALID.body).toEqual({
      error: {
        code: 'channel_invalid',
        message: 'The secure channel is not valid. Establish a new one.',
      },
    });
    expect(CHANNEL_REFRESH_KEYS.status).toBe(409);
    expect(CHANNEL_REFRESH_KEYS.body.error.code).toBe('channel_refresh_keys');
    expect(Object.isFrozen(CHANNEL_INVALID.body.error)).toBe(true);
  });

  it('classifies public answers for the client', () => {
    expect(classifyPublicError(401, CHANNEL_INVALID.body)).toBe('reestablish');
    expect(classifyPublicError(409, CHANNEL_REFRESH_KEYS.body)).toBe('refresh-keys');
    expect(classifyPublicError(403, CHANNEL_REQUIRED.body)).toBe('use-channel');
    expect(classifyPublicError(401, { error: { code: 'unauthorized' } })).toBeNull();
    expect(classifyPublicError(500, 'x')).toBeNull();
  });

  it('recognises a ChannelError from another copy of the module', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ChannelError', reason: 'stale' });
    expect(isChannelError(foreign)).toBe(true);
    expect(
      isChannelError(Object.assign(new Error('x'), { name: 'ChannelError', reason: 'x' })),
    ).toBe(false);
  });
});

describe('base64url', () => {
  it('round-trips all lengths', () => {
    const rng = new Rng(1);
    for (let n = 0; n < 70; n++) {
      const bytes = rng.bytes(n);
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(Array.from(fromBase64Url(text))).toEqual(Array.from(bytes));
    }
  });

  it('is strict', async () => {
    for (const bad of ['AQ==', 'A+/B', 'AB C', 'A', 'AB\n', 'AR', 'AAB', 'é']) {
      expect(await reasonOf(() => fromBase64Url(bad))).toBe('malformed');
    }
    expect(await reasonOf(() => fromBase64Url('AQID', 2))).toBe('malformed');
  });
});

describe('envelope header', () => {
  const sid = new Uint8Array(16).fill(1);
  const salt = new Uint8Array(16).fill(2);

  it('lays out version, direction, sid, salt, timestamp, requestSalt', () => {
    const header = encodeHeader({
      direction: 2,
      sid,
      salt,
      timestamp: 0x0102030405,
      requestSalt: salt,
    });
    expect(header).toHaveLength(58);
    expect(Buffer.from(header).toString('hex')).toBe(
      `0102${'01'.repeat(16)}${'02'.repeat(16)}0000000102030405${'02'.repeat(16)}`,
    );
  });

  it('rejects bad header fields on encode and decode', async () => {
    expect(
      await reasonOf(() =>
        encodeHeader({ direction: 1, sid, salt, timestamp: 1, requestSalt: salt }),
      ),
    ).toBe('malformed');
    expect(await reasonOf(() => encodeHeader({ direction: 2, sid, salt, timestamp: 1 }))).toBe(
      'malformed',
    );
    expect(await reasonOf(() => encodeHeader({ direction: 1, sid, salt, timestamp: -1 }))).toBe(
      'malformed',
    );
    const envelope = new Uint8Array(100);
    envelope.set(encodeHeader({ direction: 1, sid, salt, timestamp: 1 }));
    expect(decodeEnvelope(envelope).timestamp).toBe(1);
    envelope[34] = 0x00;
    envelope[35] = 0x20; // 2^53
    expect(await reasonOf(() => decodeEnvelope(envelope))).toBe('malformed');
    envelope[35] = 0;
    envelope[1] = 3;
    expect(await reasonOf(() => decodeEnvelope(envelope))).toBe('malformed');
    envelope[1] = 1;
    expect(await reasonOf(() => decodeEnvelope(envelope, { maxEnvelopeBytes: 99 }))).toBe(
      'malformed',
    );
    expect(await reasonOf(() => decodeEnvelope(envelope.subarray(0, 73)))).toBe('malformed');
    expect(await reasonOf(() => decodeEnvelope(envelope.subarray(0, 74)))).toBe('accepted');
  });
});

describe('inner messages', () => {
  it('encodes the head as compact JSON after a u32 length', () => {
    const bytes = encodeInnerRequest({ method: 'GET', path: '/a?b=c', headers: { 'X-A': '1' } });
    const head = '{"method":"GET","path":"/a?b=c","headers":{"x-a":"1"}}';
    expect(new DataView(bytes.buffer).getUint32(0)).toBe(head.length);
    expect(new TextDecoder().decode(bytes.subarray(4))).toBe(head);
  });

  it('lower-cases names and drops framing headers when encoding; refuses duplicates', async () => {
    const bytes = encodeInnerRequest({
      method: 'POST',
      path: '/x',
      headers: {
        'Content-Type': 'text/plain',
        'Content-Length': '3',
        Host: 'a',
        Connection: 'close',
      },
      body: new Uint8Array([1, 2, 3]),
    });
    const decoded = decodeInnerRequest(bytes);
    expect(decoded.headers).toEqual({ 'content-type': 'text/plain' });
    expect(Array.from(decoded.body)).toEqual([1, 2, 3]);
    expect(
      await reasonOf(() =>
        encodeInnerRequest({ method: 'GET', path: '/', headers: { accept: 'a', Accept: 'b' } }),
      ),
    ).toBe('bad-inner');
    expect(FORBIDDEN_INNER_HEADERS).toContain('transfer-encoding');
  });

  it('validates paths strictly', async () => {
    const ok = ['/', '/api/v1/products?q=ball', "/a/b;c=d?e=%20&f=g's", '/a//b', '/a/...', '/a/.b'];
    const bad = [
      '',
      'api',
      '//evil.example/x',
      '/\\evil.example',
      '/a#b',
      '/a b',
      '/a\r\nb',
      '/é',
      '/\u0000',
      `/${'a'.repeat(INNER_LIMITS.maxPathLength)}`,
      // Characters RFC 3986 does not allow in a path as they are.
      '/a"b',
      '/a<b>',
      '/a{b}',
      '/a|b',
      '/a^b',
      '/a`b',
      '/a[b]',
      // A "%" that does not start a triplet.
      '/a%',
      '/a%2',
      '/a%zz',
    ];
    for (const path of ok) {
      expect(decodeInnerRequest(encodeInnerRequest({ method: 'GET', path })).path).toBe(path);
    }
    for (const path of bad) {
      expect(await reasonOf(() => encodeInnerRequest({ method: 'GET', path }))).toBe('bad-inner');
    }
  });

  it('refuses dot segments and encoded slashes, however they are spelled', async () => {
    const escapes = [
      '/api/../health',
      '/api/..',
      '/api/./v1',
      '/..',
      '/.',
      '/api/%2e%2e/health',
      '/api/%2E%2E/health',
      '/api/.%2e/health',
      '/api/%2e./health',
      '/api/%2e/v1',
      '/api/v1/../../channel/keys',
      '/api/v1%2f..%2fhealth',
      '/api/v1/x%2Fy',
      '/api/v1/x%5cy',
      '/api/v1/x%5Cy',
      '/api/%2e%2e?next=/',
    ];
    for (const path of escapes) {
      expect({ path, reason: await reasonOf(() => normalizeInnerPath(path)) }).toEqual({
        path,
        reason: 'bad-inner',
      });
      expect(await reasonOf(() => encodeInnerRequest({ method: 'GET', path }))).toBe('bad-inner');
      const head = JSON.stringify({ method: 'GET', path, headers: {} });
      const plaintext = new Uint8Array(4 + head.length);
      new DataView(plaintext.buffer).setUint32(0, head.length);
      plaintext.set(new TextEncoder().encode(head), 4);
      expect(await reasonOf(() => decodeInnerRequest(plaintext))).toBe('bad-inner');
    }
    // Dots and slashes in the query are the application's business, not the path's.
    expect(normalizeInnerPath('/api/v1/products?next=/../x&d=%2e%2e%2f')).toBe(
      '/api/v1/products?next=/../x&d=%2e%2e%2f',
    );
  });

  it('normalises the path once: unreserved characters decoded, other triplets upper-case', () => {
    expect(normalizeInnerPath('/%61pi/v1/%70roducts')).toBe('/api/v1/products');
    expect(normalizeInnerPath('/api/v1/products/caf%c3%a9%7e%2D%5f')).toBe(
      '/api/v1/products/caf%C3%A9~-_',
    );
    expect(normalizeInnerPath('/api/v1/x%20y?q=%c3%a9')).toBe('/api/v1/x%20y?q=%c3%a9');
    // The decoder hands on the normalised path; the encoder writes it.
    const bytes = encodeInnerRequest({ method: 'GET', path: '/ap%69/v1/cart' });
    expect(decodeInnerRequest(bytes).path).toBe('/api/v1/cart');
  });

  it('reads JSON strictly: a repeated member name anywhere is refused', async () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(parseJsonMessage(bytes('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}'))).toEqual({
      a: 1,
      b: { a: 2 },
      c: [{ a: 3 }, { a: 4 }],
    });
    expect(parseJsonMessage(bytes('["a","a",{"x":"a"}]'))).toEqual(['a', 'a', { x: 'a' }]);
    for (const text of [
      '{"a":1,"a":1}',
      '{"a":1,"\\u0061":2}',
      '{"x":{"b":[1,{"c":1,"c":2}]}}',
      '{"s":"\\","","s":1}',
    ]) {
      expect({ text, reason: await reasonOf(() => parseJsonMessage(bytes(text))) }).toEqual({
        text,
        reason: 'malformed',
      });
    }
    const head = '{"method":"GET","path":"/api/v1/cart","path":"/health","headers":{}}';
    const plaintext = new Uint8Array(4 + head.length);
    new DataView(plaintext.buffer).setUint32(0, head.length);
    plaintext.set(bytes(head), 4);
    expect(await reasonOf(() => decodeInnerRequest(plaintext))).toBe('bad-inner');
  });

  it('reads JSON numbers by value: 200.0 is the integer 200, 200.5 is not an integer', async () => {
    const framedHead = (head: string) => {
      const out = new Uint8Array(4 + head.length);
      new DataView(out.buffer).setUint32(0, head.length);
      out.set(new TextEncoder().encode(head), 4);
      return out;
    };
    expect(decodeInnerResponse(framedHead('{"status":200.0,"headers":{}}')).status).toBe(200);
    expect(decodeInnerResponse(framedHead('{"status":2.04e2,"headers":{}}')).status).toBe(204);
    expect(
      await reasonOf(() => decodeInnerResponse(framedHead('{"status":200.5,"headers":{}}'))),
    ).toBe('bad-inner');
  });

  it('validates methods, statuses, header names and values', async () => {
    const bad: (() => unknown)[] = [
      () => encodeInnerRequest({ method: 'get' as 'GET', path: '/' }),
      () => encodeInnerRequest({ method: 'CONNECT' as 'GET', path: '/' }),
      () => encodeInnerResponse({ status: 199 }),
      () => encodeInnerResponse({ status: 600 }),
      () => encodeInnerResponse({ status: 200.5 }),
      () => encodeInnerResponse({ status: 200, headers: { 'a b': 'x' } }),
      () => encodeInnerResponse({ status: 200, headers: { '': 'x' } }),
      () => encodeInnerResponse({ status: 200, headers: { a: 'x\ny' } }),
      () => encodeInnerResponse({ status: 200, headers: { a: 'é' } }),
      () => encodeInnerResponse({ status: 200, headers: { a: 1 as unknown as string } }),
      () => encodeInnerResponse({ status: 200, headers: JSON.parse('{"__proto__":"x"}') }),
      () =>
        encodeInnerResponse({
          status: 200,
          headers: { a: 'x'.repeat(INNER_LIMITS.maxHeaderValueLength + 1) },
        }),
      () =>
        encodeInnerResponse({
          status: 200,
          headers: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`h${i}`, 'x'])),
        }),
      () => encodeInnerResponse({ status: 200, body: 'text' as unknown as Uint8Array }),
    ];
    for (const operation of bad) expect(await reasonOf(operation)).toBe('bad-inner');
    const withProto = new TextEncoder().encode('{"status":200,"headers":{"__proto__":"x"}}');
    const framed = new Uint8Array([0, 0, 0, withProto.length, ...withProto]);
    expect(await reasonOf(() => decodeInnerResponse(framed))).toBe('bad-inner');
  });
});

describe('replay defence', () => {
  it('isTimestampFresh: inclusive window either side', () => {
    expect(isTimestampFresh(1000, 1000, 0)).toBe(true);
    expect(isTimestampFresh(0, 60_000)).toBe(true);
    expect(isTimestampFresh(0, 60_001)).toBe(false);
    expect(isTimestampFresh(120_001, 60_000)).toBe(false);
    expect(isTimestampFresh(Number.NaN, 0)).toBe(false);
    expect(replayTtlMs(60_000)).toBeGreaterThanOrEqual(120_000);
  });

  it('InMemoryReplayCache: first sight true, then false until the record expires', async () => {
    let now = 0;
    const cache = new InMemoryReplayCache({ now: () => now });
    expect(await cache.markSeen('s', 'a', 1000)).toBe(true);
    expect(await cache.markSeen('s', 'a', 1000)).toBe(false);
    expect(await cache.markSeen('s', 'b', 1000)).toBe(true);
    expect(await cache.markSeen('t', 'a', 1000)).toBe(true);
    now = 999;
    expect(await cache.markSeen('s', 'a', 1000)).toBe(false);
    now = 1000;
    expect(await cache.markSeen('s', 'a', 1000)).toBe(true);
    now = 100_000;
    expect(await cache.markSeen('u', 'a', 1000)).toBe(true);
    expect(cache.size).toBe(1); // the expired records were swept
  });

  it('InMemoryReplayCache fails closed when full', async () => {
    let now = 0;
    const cache = new InMemoryReplayCache({ now: () => now, maxEntries: 2 });
    expect(await cache.markSeen('s', 'a', 1000)).toBe(true);
    expect(await cache.markSeen('s', 'b', 1000)).toBe(true);
    expect(await cache.markSeen('s', 'c', 1000)).toBe(false);
    now = 2000;
    expect(await cache.markSeen('s', 'c', 1000)).toBe(true);
  });
});

describe('keys', () => {
  const small = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('refuses RSA keys under 3072 bits on both sides', async () => {
    const jwk = small.publicKey.export({ format: 'jwk' });
    expect(await reasonOf(() => validatePublicJwk(jwk))).toBe('bad-key');
    expect(await reasonOf(() => client.createHandshake(jwk, 'k'))).toBe('bad-key');
    expect(await reasonOf(() => server.assertServerKey(small.privateKey))).toBe('bad-key');
    expect(
      await reasonOf(() =>
        server.openHandshake(
          { v: 1, kid: 'k', enc: toBase64Url(new Uint8Array(256)) },
          () => small.privateKey,
        ),
      ),
    ).toBe('bad-key');
  });

  it('refuses a JWK with private members or another algorithm', async () => {
    const pub = vectors.serverKey.publicJwk;
    expect(validatePublicJwk(pub)).toEqual({ kty: 'RSA', n: pub.n, e: pub.e, alg: 'RSA-OAEP-256' });
    expect(
      await reasonOf(() =>
        validatePublicJwk({ ...pub, d: vectors.serverKey.privateJwkTestOnly.d }),
      ),
    ).toBe('bad-key');
    expect(await reasonOf(() => validatePublicJwk({ ...pub, alg: 'RSA-OAEP' }))).toBe('bad-key');
    expect(await reasonOf(() => validatePublicJwk({ ...pub, kty: 'EC' }))).toBe('bad-key');
    expect(await reasonOf(() => validatePublicJwk({ ...pub, e: 'AA' }))).toBe('bad-key');
  });

  it('takes n and e only as minimal base64url integers (RFC 7518 Base64urlUInt)', async () => {
    const pub = vectors.serverKey.publicJwk;
    const withLeadingZero = (value: string) =>
      toBase64Url(Uint8Array.from([0, ...fromBase64Url(value)]));
    for (const jwk of [
      { ...pub, n: withLeadingZero(pub.n) },
      { ...pub, e: withLeadingZero(pub.e) },
      { ...pub, e: 'AQAB=' },
      { ...pub, n: `${pub.n}=` },
      { ...pub, e: 'AQA+' },
      { ...pub, e: '' },
    ]) {
      expect(await reasonOf(() => validatePublicJwk(jwk))).toBe('bad-key');
      expect(await reasonOf(() => client.importServerKey(jwk))).toBe('bad-key');
    }
  });

  it('parses the key-publication document', async () => {
    const doc = vectors.keysDocument as { keys: Record<string, unknown>[]; current: string };
    expect(parseKeysDocument(doc).keys).toHaveLength(1);
    expect(await reasonOf(() => parseKeysDocument({ ...doc, current: 'other' }))).toBe('malformed');
    expect(await reasonOf(() => parseKeysDocument({ ...doc, keys: [] }))).toBe('malformed');
    const entry = doc.keys[0];
    expect(
      await reasonOf(() =>
        parseKeysDocument({ ...doc, keys: [{ ...entry, expiresAt: 'tomorrow' }] }),
      ),
    ).toBe('malformed');
    expect(await reasonOf(() => parseKeysDocument({ ...doc, keys: [entry, entry] }))).toBe(
      'malformed',
    );
  });

  it('refuses a kid that does not match the syntax', async () => {
    for (const kid of ['', 'a'.repeat(65), 'a b', 'é', '../x']) {
      expect(await reasonOf(() => client.createHandshake(vectors.serverKey.publicJwk, kid))).toBe(
        'malformed',
      );
    }
  });
});
