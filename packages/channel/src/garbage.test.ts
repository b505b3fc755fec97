import { describe, expect, it } from 'vitest';
import * as client from './client.js';
import {
  CHANNEL_ERROR_REASONS,
  decodeEnvelope,
  decodeInnerRequest,
  decodeInnerResponse,
  fromBase64Url,
  fromHex,
  HEADER_BYTES,
  isChannelError,
  parseHandshakeAnswer,
  parseHandshakeRequest,
  parseKeysDocument,
  toBase64Url,
  validatePublicJwk,
} from './index.js';
import * as server from './server.js';
import { Rng } from './testing/random.js';
import { clientSessionOf, testPrivateKey, vectors } from './testing/vectors.js';

/** Runs `operation`; it may succeed, or fail with a ChannelError; anything else fails the test. */
async function onlyChannelErrors(operation: () => unknown): Promise<string> {
  try {
    await operation();
    return 'accepted';
  } catch (error) {
    if (!isChannelError(error)) {
      throw new Error(`threw a non-ChannelError: ${String(error)}`, { cause: error });
    }
    expect(CHANNEL_ERROR_REASONS).toContain(error.reason);
    return error.reason;
  }
}

/** Random bytes; some shaped like an envelope header (version 1, a direction) to go deeper. */
function garbageEnvelope(rng: Rng, sid?: Uint8Array): Uint8Array {
  const kind = rng.int(0, 3);
  const length = kind === 0 ? rng.int(0, 100) : rng.int(HEADER_BYTES + 16, 400);
  const bytes = rng.bytes(length);
  if (kind >= 2 && bytes.length >= HEADER_BYTES) {
    bytes[0] = 1;
    bytes[1] = rng.int(1, 2);
    if (bytes[1] === 1) bytes.fill(0, 42, 58);
    if (kind === 3 && sid) bytes.set(sid, 2);
    bytes.fill(0, 34, 36); // a timestamp within 2^53
  }
  return bytes;
}

function randomJson(rng: Rng, depth = 0): unknown {
  const kind = rng.int(0, depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.pick([0, 1, 2, -1, 1.5, 1e308, Number.NaN]);
    case 3:
      return rng.string('abcXYZ-_=+/ \u00e9\u0000\n', 0, 40);
    case 4:
      return toBase64Url(rng.bytes(rng.int(0, 400)));
    case 5:
      return rng.pick(['v', 'kid', 'enc', 'sid', 'confirm', '__proto__', 'constructor']);
    case 6:
      return Array.from({ length: rng.int(0, 4) }, () => randomJson(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (const key of ['v', 'kid', 'enc', 'sid', 'confirm', 'keys', 'current', 'x']) {
        if (rng.next() < 0.6) out[key] = randomJson(rng, depth + 1);
      }
      if (rng.next() < 0.3) out.v = 1;
      if (rng.next() < 0.3) out.kid = vectors.serverKey.kid;
      return out;
    }
  }
}

describe('random garbage never throws anything but ChannelError', () => {
  it('envelopes, to every decoder and both implementations', async () => {
    const rng = new Rng(42);
    const serverSession = server.createServerSession(
      fromHex(vectors.handshake.secret),
      fromHex(vectors.handshake.sid),
      vectors.serverKey.kid,
    );
    const clientSession = await clientSessionOf('main');
    const requestSalt = rng.bytes(16);
    for (let i = 0; i < 400; i++) {
      const envelope = garbageEnvelope(rng, serverSession.sid);
      const reasons = [
        await onlyChannelErrors(() => decodeEnvelope(envelope)),
        await onlyChannelErrors(() => server.openRequest(serverSession, envelope)),
        await onlyChannelErrors(() => server.openResponse(serverSession, envelope, requestSalt)),
        await onlyChannelErrors(() => client.openRequest(clientSession, envelope)),
        await onlyChannelErrors(() => client.openResponse(clientSession, envelope, requestSalt)),
        await onlyChannelErrors(() => decodeInnerRequest(envelope)),
        await onlyChannelErrors(() => decodeInnerResponse(envelope)),
      ];
      // Nothing random ever authenticates.
      expect(reasons.slice(1, 5)).not.toContain('accepted');
    }
  });

  it('non-bytes in place of an envelope or salt', async () => {
    const serverSession = server.createServerSession(
      fromHex(vectors.handshake.secret),
      fromHex(vectors.handshake.sid),
      vectors.serverKey.kid,
    );
    const clientSession = await clientSessionOf('main');
    const values: unknown[] = [undefined, null, 'x', 1, {}, [], new ArrayBuffer(100), [1, 2, 3]];
    for (const value of values) {
      const v = value as Uint8Array;
      await onlyChannelErrors(() => decodeEnvelope(v));
      await onlyChannelErrors(() => server.openRequest(serverSession, v));
      await onlyChannelErrors(() => server.openResponse(serverSession, v, v));
      await onlyChannelErrors(() => client.openRequest(clientSession, v));
      await onlyChannelErrors(() => client.openResponse(clientSession, v, v));
      await onlyChannelErrors(() => decodeInnerRequest(v));
      await onlyChannelErrors(() => fromBase64Url(v));
      await onlyChannelErrors(() => server.openRequest(v as never, new Uint8Array(100)));
      await onlyChannelErrors(() => client.openResponse(v as never, new Uint8Array(100), v));
    }
  });

  it('single-bit flips of valid envelopes are always rejected', async () => {
    const rng = new Rng(99);
    const serverSession = server.createServerSession(
      fromHex(vectors.handshake.secret),
      fromHex(vectors.handshake.sid),
      vectors.serverKey.kid,
    );
    const clientSession = await clientSessionOf('main');
    const request = vectors.requests[1];
    const response = vectors.responses[1];
    if (!request || !response) throw new Error('vectors');
    for (let i = 0; i < 300; i++) {
      const env = fromHex(request.envelope);
      const bit = rng.int(0, env.length * 8 - 1);
      env[bit >> 3] = (env[bit >> 3] as number) ^ (1 << (bit & 7));
      const opts = { now: request.now };
      expect(await onlyChannelErrors(() => server.openRequest(serverSession, env, opts))).not.toBe(
        'accepted',
      );
      expect(await onlyChannelErrors(() => client.openRequest(clientSession, env, opts))).not.toBe(
        'accepted',
      );
      const res = fromHex(response.envelope);
      res[bit % res.length] = (res[bit % res.length] as number) ^ 0x40;
      const salt = fromHex(response.requestSalt);
      expect(await onlyChannelErrors(() => server.openResponse(serverSession, res, salt))).not.toBe(
        'accepted',
      );
      expect(await onlyChannelErrors(() => client.openResponse(clientSession, res, salt))).not.toBe(
        'accepted',
      );
    }
  });

  it('inner plaintexts: random heads', async () => {
    const rng = new Rng(5);
    for (let i = 0; i < 500; i++) {
      const head = new TextEncoder().encode(JSON.stringify(randomJson(rng)) ?? 'undefined');
      const prefix = new Uint8Array(4);
      new DataView(prefix.buffer).setUint32(
        0,
        rng.next() < 0.9 ? head.length : rng.int(0, 2 ** 32 - 1),
      );
      const plaintext = new Uint8Array([...prefix, ...head, ...rng.bytes(rng.int(0, 8))]);
      await onlyChannelErrors(() => decodeInnerRequest(plaintext));
      await onlyChannelErrors(() => decodeInnerResponse(plaintext));
    }
  });

  it('handshake bodies, answers, key documents, JWKs and base64url text', async () => {
    const rng = new Rng(2024);
    const privateKey = testPrivateKey();
    const resolver = (kid: string) => (kid === vectors.serverKey.kid ? privateKey : undefined);
    const { pending } = await client.createHandshake(
      vectors.serverKey.publicJwk,
      vectors.serverKey.kid,
    );
    for (let i = 0; i < 300; i++) {
      const value = randomJson(rng);
      await onlyChannelErrors(() => parseHandshakeRequest(value));
      await onlyChannelErrors(() => server.openHandshake(value, resolver));
      await onlyChannelErrors(() => parseHandshakeAnswer(value));
      await onlyChannelErrors(() => client.completeHandshake(pending, value));
      await onlyChannelErrors(() => parseKeysDocument(value));
      await onlyChannelErrors(() => validatePublicJwk(value));
      await onlyChannelErrors(() => client.createHandshake(value, vectors.serverKey.kid));
      await onlyChannelErrors(() => fromBase64Url(rng.string('AZaz09-_+/= .', 0, 30)));
    }
    // A well-formed body whose enc is random bytes of the right length: OAEP must fail cleanly.
    for (let i = 0; i < 20; i++) {
      const body = { v: 1, kid: vectors.serverKey.kid, enc: toBase64Url(rng.bytes(384)) };
      expect(await onlyChannelErrors(() => server.openHandshake(body, resolver))).toBe(
        'oaep-failed',
      );
    }
  });
});
