import type { ReplayCache } from '@ironcart/channel';
import {
  assertNotReplayed,
  ChannelError,
  decodeEnvelope,
  type HandshakeAnswer,
  type InnerRequest,
  type InnerResponseInit,
  parseHandshakeRequest,
  parseJsonMessage,
  toBase64Url,
} from '@ironcart/channel';
import { openHandshake, openRequest, sealResponse } from '@ironcart/channel/server';
import { ChannelDispatch } from './context.js';
import type { ChannelKeyStore } from './key-store.js';
import type { ChannelSessionRecord, ChannelSessionStore } from './session-store.js';

export interface ChannelServiceDeps {
  keys: ChannelKeyStore;
  sessions: ChannelSessionStore;
  replay: ReplayCache;
  /** Accepted clock difference for request timestamps, either side. */
  windowMs: number;
  /** Largest accepted envelope in bytes. */
  maxEnvelopeBytes: number;
  now: () => number;
}

export interface OpenedTunnelRequest {
  record: ChannelSessionRecord;
  inner: InnerRequest;
  requestSalt: Uint8Array;
}

/**
 * The server side of ironcart-channel v1 (docs/secure-channel.md): key publication, handshakes,
 * and opening and sealing tunnelled messages. Every failure is a ChannelError, which the routes
 * turn into the protocol's public answers.
 */
export class ChannelService {
  /** Tickets that carry the channel context from the tunnel to the request it dispatches. */
  readonly dispatch = new ChannelDispatch();

  constructor(private readonly deps: ChannelServiceDeps) {}

  get sessions(): ChannelSessionStore {
    return this.deps.sessions;
  }

  /** Makes a new current key now (the schedule does it by itself; this is for operators). */
  rotateKeys() {
    return this.deps.keys.rotate();
  }

  async keysDocument() {
    const keys = await this.deps.keys.publishedKeys();
    const [current] = keys;
    if (!current) throw new Error('no channel key available');
    return {
      current: current.kid,
      keys: keys.map((key) => ({
        kid: key.kid,
        alg: 'RSA-OAEP-256' as const,
        jwk: { ...key.jwk, alg: 'RSA-OAEP-256' as const, use: 'enc' as const, kid: key.kid },
        expiresAt: key.retiresAt.toISOString(),
      })),
    };
  }

  /** Opens a channel from the raw POST /channel/handshake body (JSON, read strictly here). */
  async handshake(bytes: Uint8Array): Promise<HandshakeAnswer & { expiresAt: string }> {
    const body = parseJsonMessage(bytes);
    const { kid } = parseHandshakeRequest(body);
    const privateKey = await this.deps.keys.privateKeyFor(kid);
    const result = openHandshake(body, () => privateKey, { now: this.deps.now() });
    try {
      const record = await this.deps.sessions.create(result);
      return { ...result.answer, expiresAt: record.expiresAt.toISOString() };
    } finally {
      result.secret.fill(0);
    }
  }

  /** Authenticates and decrypts a tunnelled request; checks freshness and replay. */
  async openTunnelRequest(envelope: Uint8Array): Promise<OpenedTunnelRequest> {
    const { sid } = decodeEnvelope(envelope, { maxEnvelopeBytes: this.deps.maxEnvelopeBytes });
    const sidText = toBase64Url(sid);
    const record = await this.deps.sessions.find(sidText);
    if (!record) throw new ChannelError('unknown-session');
    const opened = openRequest(record.session, envelope, {
      now: this.deps.now(),
      windowMs: this.deps.windowMs,
      maxEnvelopeBytes: this.deps.maxEnvelopeBytes,
    });
    // Only after authentication, so forged envelopes cannot fill the replay cache.
    await assertNotReplayed(this.deps.replay, sidText, opened.salt, this.deps.windowMs);
    this.deps.sessions.touch(record);
    return { record, inner: opened.inner, requestSalt: opened.salt };
  }

  sealTunnelResponse(
    record: ChannelSessionRecord,
    requestSalt: Uint8Array,
    response: InnerResponseInit,
  ): Uint8Array {
    return sealResponse(record.session, requestSalt, response, { now: this.deps.now() });
  }
}
