import { hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as client from './client.js';
import { LABEL_MESSAGE_KEY, LABEL_MESSAGE_NONCE } from './constants.js';
import {
  assertNotReplayed,
  buildAad,
  buildTranscript,
  encodeInnerRequest,
  encodeInnerResponse,
  fromBase64Url,
  fromHex,
  handshakeLabel,
  InMemoryReplayCache,
  parseKeysDocument,
  publicErrorFor,
  toHex,
} from './index.js';
import * as server from './server.js';
import {
  clientImpl,
  clientSessionOf,
  type Implementation,
  innerRequestOf,
  innerResponseOf,
  reasonOf,
  serverImpl,
  testPrivateKey,
  vectors,
} from './testing/vectors.js';

const hs = vectors.handshake;
const resolver = (kid: string) => (kid === vectors.serverKey.kid ? testPrivateKey() : undefined);

describe('vectors file', () => {
  it('describes a 3072-bit test key whose public half matches the private half', () => {
    expect(vectors.protocol).toBe('ironcart-channel/1');
    const key = testPrivateKey();
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(server.publicJwkOf(key)).toEqual(vectors.serverKey.publicJwk);
    expect(parseKeysDocument(vectors.keysDocument).current).toBe(vectors.serverKey.kid);
  });

  it('has the byte layouts the spec gives (label, transcript, AAD, plaintext)', () => {
    expect(hs.oaepLabel).toBe(handshakeLabel(hs.kid));
    expect(toHex(buildTranscript(hs.kid, fromHex(hs.enc), fromHex(hs.sid)))).toBe(hs.transcript);
    for (const r of [...vectors.requests, ...vectors.responses]) {
      expect(toHex(buildAad(fromHex(r.header), hs.kid))).toBe(r.aad);
      expect(r.envelope.startsWith(r.header)).toBe(true);
    }
    for (const r of vectors.requests) {
      expect(toHex(encodeInnerRequest(innerRequestOf(r.inner)))).toBe(r.plaintext);
    }
    for (const r of vectors.responses) {
      expect(toHex(encodeInnerResponse(innerResponseOf(r.inner)))).toBe(r.plaintext);
    }
  });
});

describe('server (node:crypto) handshake vectors', () => {
  it('opens the handshake: secret, keys, confirm and answer', () => {
    const result = server.openHandshake(hs.request, resolver, {
      sid: fromHex(hs.sid),
      now: hs.answer.time,
    });
    expect(toHex(result.secret)).toBe(hs.secret);
    expect(toHex(result.keys.c2s)).toBe(hs.keys.c2s);
    expect(toHex(result.keys.s2c)).toBe(hs.keys.s2c);
    expect(toHex(result.keys.confirm)).toBe(hs.keys.confirm);
    expect(result.answer).toEqual(hs.answer);
    expect(toHex(fromBase64Url(result.answer.confirm))).toBe(hs.confirm);
    const keys = server.deriveSessionKeys(fromHex(hs.secret), fromHex(hs.sid));
    expect(
      toHex(server.computeConfirm(keys.confirm, hs.kid, fromHex(hs.enc), fromHex(hs.sid))),
    ).toBe(hs.confirm);
  });

  it('derives the per-message key and nonce of every envelope', () => {
    const keys = server.deriveSessionKeys(fromHex(hs.secret), fromHex(hs.sid));
    for (const r of vectors.requests) {
      const { key, nonce } = server.deriveMessageKey(keys.c2s, fromHex(r.salt));
      expect([toHex(key), toHex(nonce)]).toEqual([r.messageKey, r.nonce]);
    }
    for (const r of vectors.responses) {
      const { key, nonce } = server.deriveMessageKey(keys.s2c, fromHex(r.salt));
      expect([toHex(key), toHex(nonce)]).toEqual([r.messageKey, r.nonce]);
    }
  });

  it('derives what RFC 5869 HKDF (node:crypto hkdfSync) derives, for any key and salt', () => {
    const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
    fc.assert(
      fc.property(bytes(32), bytes(16), (directionKey, salt) => {
        const { key, nonce } = server.deriveMessageKey(directionKey, salt);
        const reference = (label: string, length: number) =>
          toHex(new Uint8Array(hkdfSync('sha256', directionKey, salt, label, length)));
        expect([toHex(key), toHex(nonce)]).toEqual([
          reference(LABEL_MESSAGE_KEY, 32),
          reference(LABEL_MESSAGE_NONCE, 12),
        ]);
      }),
    );
  });

  for (const v of vectors.negative.handshake.filter((n) => n.side === 'server')) {
    it(`rejects handshake "${v.name}" with ${v.reason}`, async () => {
      let caught: unknown;
      const reason = await reasonOf(() => {
        try {
          return server.openHandshake(v.request, resolver);
        } catch (error) {
          caught = error;
          throw error;
        }
      });
      expect(reason).toBe(v.reason);
      const answer = publicErrorFor(caught);
      expect({ status: answer.status, code: answer.body.error.code }).toEqual(v.publicAnswer);
    });
  }
});

describe('client (WebCrypto) handshake vectors', () => {
  it('verifies the confirmation and derives a session that matches the vectors', async () => {
    const session = await clientSessionOf('main');
    expect(session.kid).toBe(hs.kid);
    expect(toHex(fromBase64Url(session.sid))).toBe(hs.sid);
  });

  it('makes a handshake the server opens (OAEP-256 with the kid label)', async () => {
    const { body, pending } = await client.createHandshake(vectors.serverKey.publicJwk, hs.kid, {
      secret: fromHex(hs.secret),
    });
    expect(body.kid).toBe(hs.kid);
    expect(toHex(pending.enc)).not.toBe(hs.enc); // OAEP is randomized
    const result = server.openHandshake(body, resolver, { sid: fromHex(hs.sid) });
    expect(toHex(result.secret)).toBe(hs.secret);
    const session = await client.completeHandshake(pending, result.answer);
    const opened = await client.openRequest(session, fromHex(vectors.requests[0]?.envelope ?? ''), {
      now: vectors.requests[0]?.now,
    });
    expect(opened.inner.path).toBe(vectors.requests[0]?.inner.path);
  });

  for (const v of vectors.negative.handshake.filter((n) => n.side === 'client')) {
    it(`rejects answer "${v.name}" with ${v.reason}`, async () => {
      const { pending } = await client.createHandshake(vectors.serverKey.publicJwk, hs.kid, {
        secret: fromHex(hs.secret),
      });
      const reason = await reasonOf(() =>
        client.completeHandshake({ ...pending, enc: fromHex(hs.enc) }, v.answer),
      );
      expect(reason).toBe(v.reason);
    });
  }
});

function envelopeVectors<S>(impl: Implementation<S>): void {
  describe(`${impl.name} envelope vectors`, () => {
    for (const r of vectors.requests) {
      it(`request "${r.name}": opens, and seals to the same bytes`, async () => {
        const session = await impl.session('main');
        const opened = await impl.openRequest(session, fromHex(r.envelope), {
          now: r.now,
          windowMs: r.windowMs,
        });
        expect(opened.timestamp).toBe(r.timestamp);
        expect(toHex(opened.salt)).toBe(r.salt);
        expect(opened.inner.method).toBe(r.inner.method);
        expect(opened.inner.path).toBe(r.inner.path);
        expect(opened.inner.headers).toEqual(r.inner.headers);
        expect(toHex(opened.inner.body)).toBe(r.inner.bodyHex);
        const sealed = await impl.sealRequest(session, innerRequestOf(r.inner), {
          salt: fromHex(r.salt),
          now: r.timestamp,
        });
        expect(toHex(sealed.envelope)).toBe(r.envelope);
        expect(toHex(sealed.requestSalt)).toBe(r.salt);
      });
    }

    for (const r of vectors.responses) {
      it(`response "${r.name}": opens, and seals to the same bytes`, async () => {
        const session = await impl.session('main');
        const opened = await impl.openResponse(
          session,
          fromHex(r.envelope),
          fromHex(r.requestSalt),
        );
        expect(opened.timestamp).toBe(r.timestamp);
        expect(opened.inner.status).toBe(r.inner.status);
        expect(opened.inner.headers).toEqual(r.inner.headers);
        expect(toHex(opened.inner.body)).toBe(r.inner.bodyHex);
        const sealed = await impl.sealResponse(
          session,
          fromHex(r.requestSalt),
          innerResponseOf(r.inner),
          { salt: fromHex(r.salt), now: r.timestamp },
        );
        expect(toHex(sealed)).toBe(r.envelope);
      });
    }

    for (const v of vectors.negative.requests) {
      it(`rejects request "${v.name}" with ${v.reason}`, async () => {
        const session = await impl.session('main', v.kid);
        const cache = new InMemoryReplayCache({ now: () => v.now });
        // The server pipeline: open (authenticate, window), then the seen-salt check.
        const accept = async () => {
          const opened = await impl.openRequest(session, fromHex(v.envelope), { now: v.now });
          await assertNotReplayed(cache, fromHex(vectors.handshake.sid), opened.salt);
          return opened;
        };
        if (v.replayOf) {
          expect(await reasonOf(accept)).toBe('accepted');
        }
        expect(await reasonOf(accept)).toBe(v.reason);
      });
    }

    for (const v of vectors.negative.responses) {
      it(`rejects response "${v.name}" with ${v.reason}`, async () => {
        const session = await impl.session(v.session ?? 'main');
        const reason = await reasonOf(() =>
          impl.openResponse(session, fromHex(v.envelope), fromHex(v.requestSalt)),
        );
        expect(reason).toBe(v.reason);
      });
    }

    it('accepts every positive request once and rejects it as replayed afterwards', async () => {
      const session = await impl.session('main');
      const cache = new InMemoryReplayCache({ now: () => vectors.requests[0]?.now ?? 0 });
      for (const r of vectors.requests) {
        const opened = await impl.openRequest(session, fromHex(r.envelope), { now: r.now });
        await assertNotReplayed(cache, fromHex(hs.sid), opened.salt);
      }
      for (const r of vectors.requests) {
        const opened = await impl.openRequest(session, fromHex(r.envelope), { now: r.now });
        expect(await reasonOf(() => assertNotReplayed(cache, fromHex(hs.sid), opened.salt))).toBe(
          'replayed',
        );
      }
    });
  });
}

envelopeVectors(serverImpl);
envelopeVectors(clientImpl);
