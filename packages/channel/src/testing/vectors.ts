/** Test support (not built): the vectors file, typed, and both implementations behind one shape. */

import { createPrivateKey, type KeyObject } from 'node:crypto';
import vectorsJson from '../../vectors/v1.vectors.json' with { type: 'json' };
import * as client from '../client.js';
import {
  fromHex,
  type InnerRequest,
  type InnerRequestInit,
  type InnerResponse,
  type InnerResponseInit,
  isChannelError,
  toBase64Url,
} from '../index.js';
import * as server from '../server.js';

export interface VectorKeys {
  c2s: string;
  s2c: string;
  confirm: string;
}

export interface InnerRequestVector {
  method: string;
  path: string;
  headers: Record<string, string>;
  bodyHex: string;
  bodyText?: string;
}

export interface InnerResponseVector {
  status: number;
  headers: Record<string, string>;
  bodyHex: string;
  bodyText?: string;
}

export interface RequestVector {
  name: string;
  description: string;
  session: 'main';
  salt: string;
  timestamp: number;
  now: number;
  windowMs: number;
  inner: InnerRequestVector;
  messageKey: string;
  nonce: string;
  header: string;
  aad: string;
  plaintext: string;
  envelope: string;
}

export interface ResponseVector {
  name: string;
  description: string;
  session: 'main';
  answers: string;
  requestSalt: string;
  salt: string;
  timestamp: number;
  inner: InnerResponseVector;
  messageKey: string;
  nonce: string;
  header: string;
  aad: string;
  plaintext: string;
  envelope: string;
}

export interface NegativeRequestVector {
  name: string;
  description: string;
  envelope: string;
  now: number;
  reason: string;
  kid?: string;
  replayOf?: string;
}

export interface NegativeResponseVector {
  name: string;
  description: string;
  envelope: string;
  requestSalt: string;
  reason: string;
  session?: 'main' | 'other';
}

export interface NegativeHandshakeVector {
  name: string;
  side: 'server' | 'client';
  description: string;
  request?: unknown;
  answer?: unknown;
  reason: string;
  publicAnswer?: { status: number; code: string };
}

export interface VectorsFile {
  protocol: string;
  serverKey: {
    kid: string;
    alg: string;
    modulusBits: number;
    publicJwk: { kty: 'RSA'; n: string; e: string; alg: string; use: string };
    privateJwkTestOnly: Record<string, string>;
  };
  keysDocument: unknown;
  handshake: {
    kid: string;
    oaepLabel: string;
    secret: string;
    enc: string;
    sid: string;
    request: { v: number; kid: string; enc: string };
    transcript: string;
    keys: VectorKeys;
    confirm: string;
    answer: { v: number; sid: string; confirm: string; time: number };
  };
  otherSession: { kid: string; secret: string; sid: string; keys: VectorKeys };
  requests: RequestVector[];
  responses: ResponseVector[];
  negative: {
    handshake: NegativeHandshakeVector[];
    requests: NegativeRequestVector[];
    responses: NegativeResponseVector[];
  };
}

export const vectors = vectorsJson as unknown as VectorsFile;

export function testPrivateKey(): KeyObject {
  return createPrivateKey({ key: vectors.serverKey.privateJwkTestOnly, format: 'jwk' });
}

export function innerRequestOf(v: InnerRequestVector): InnerRequestInit {
  return {
    method: v.method as InnerRequestInit['method'],
    path: v.path,
    headers: v.headers,
    body: fromHex(v.bodyHex),
  };
}

export function innerResponseOf(v: InnerResponseVector): InnerResponseInit {
  return { status: v.status, headers: v.headers, body: fromHex(v.bodyHex) };
}

/** The failure reason of an operation, 'accepted' when it succeeds; rethrows non-channel errors. */
export async function reasonOf(operation: () => unknown): Promise<string> {
  try {
    await operation();
    return 'accepted';
  } catch (error) {
    if (isChannelError(error)) return error.reason;
    throw error;
  }
}

type Opened<T> = { inner: T; salt: Uint8Array; timestamp: number };

/** One implementation (client = WebCrypto, server = node:crypto) behind an async interface. */
export interface Implementation<S> {
  name: string;
  /** The vector's main or other session, optionally presented under another kid. */
  session(which: 'main' | 'other', kid?: string): Promise<S>;
  sealRequest(
    session: S,
    inner: InnerRequestInit,
    options?: { salt?: Uint8Array; now?: number },
  ): Promise<{ envelope: Uint8Array; requestSalt: Uint8Array }>;
  openRequest(
    session: S,
    envelope: Uint8Array,
    options?: { now?: number; windowMs?: number; maxEnvelopeBytes?: number },
  ): Promise<Opened<InnerRequest>>;
  sealResponse(
    session: S,
    requestSalt: Uint8Array,
    inner: InnerResponseInit,
    options?: { salt?: Uint8Array; now?: number },
  ): Promise<Uint8Array>;
  openResponse(
    session: S,
    envelope: Uint8Array,
    requestSalt: Uint8Array,
  ): Promise<Opened<InnerResponse>>;
}

function serverSessionOf(which: 'main' | 'other', kid?: string): server.ServerChannelSession {
  const source = which === 'main' ? vectors.handshake : vectors.otherSession;
  return server.createServerSession(
    fromHex(source.secret),
    fromHex(source.sid),
    kid ?? vectors.serverKey.kid,
  );
}

export const serverImpl: Implementation<server.ServerChannelSession> = {
  name: 'server (node:crypto)',
  session: async (which, kid) => serverSessionOf(which, kid),
  sealRequest: async (s, inner, options) => server.sealRequest(s, inner, options),
  openRequest: async (s, envelope, options) => server.openRequest(s, envelope, options),
  sealResponse: async (s, salt, inner, options) => server.sealResponse(s, salt, inner, options),
  openResponse: async (s, envelope, salt) => server.openResponse(s, envelope, salt),
};

/**
 * A client session for a vector: the handshake is completed with the vector's secret and enc, and
 * the answer (confirm) is the vector's for the main session, computed here for the other one.
 */
export async function clientSessionOf(
  which: 'main' | 'other',
): Promise<client.ClientChannelSession> {
  const { kid, publicJwk } = vectors.serverKey;
  if (which === 'main') {
    const { pending } = await client.createHandshake(publicJwk, kid, {
      secret: fromHex(vectors.handshake.secret),
    });
    return client.completeHandshake(
      { ...pending, enc: fromHex(vectors.handshake.enc) },
      vectors.handshake.answer,
    );
  }
  const secret = fromHex(vectors.otherSession.secret);
  const sid = fromHex(vectors.otherSession.sid);
  const { pending } = await client.createHandshake(publicJwk, kid, { secret });
  const keys = server.deriveSessionKeys(secret, sid);
  const confirm = server.computeConfirm(keys.confirm, kid, pending.enc, sid);
  return client.completeHandshake(pending, {
    v: 1,
    sid: toBase64Url(sid),
    confirm: toBase64Url(confirm),
    time: vectors.handshake.answer.time,
  });
}

export const clientImpl: Implementation<client.ClientChannelSession> = {
  name: 'client (WebCrypto)',
  session: async (which, kid) => {
    const session = await clientSessionOf(which);
    return kid ? { ...session, kid } : session;
  },
  sealRequest: (s, inner, options) => client.sealRequest(s, inner, options),
  openRequest: (s, envelope, options) => client.openRequest(s, envelope, options),
  sealResponse: (s, salt, inner, options) => client.sealResponse(s, salt, inner, options),
  openResponse: (s, envelope, salt) => client.openResponse(s, envelope, salt),
};
