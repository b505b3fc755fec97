import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CHANNEL_REQUIRED,
  ENDPOINT_HANDSHAKE,
  ENDPOINT_KEYS,
  ENDPOINT_TUNNEL,
  ENVELOPE_MEDIA_TYPE,
  type InnerRequest,
  isChannelError,
  publicErrorFor,
} from '@ironcart/channel';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { AppConfig } from '../../config.js';
import { errorBody } from '../../lib/errors.js';
import { runPeriodically } from '../../lib/periodic.js';
import { API_PREFIX, isApiRoute } from '../../lib/route-kind.js';
import { type ChannelContext, ChannelDispatch } from './context.js';
import { loadKeyEncryptionKey } from './key-encryption.js';
import { ChannelKeyStore, keyPolicyFrom } from './key-store.js';
import { DatabaseReplayCache, sharedReplayCache } from './replay-caches.js';
import { ChannelService } from './service.js';
import { ChannelSessionStore } from './session-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    channel: ChannelService;
  }
}

export interface ChannelPluginOptions {
  config: AppConfig;
  redis: Redis | undefined;
  now: () => number;
}

/** Headers of an inner response that the client may need; everything else stays outside. */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-disposition',
  'cache-control',
  'etag',
  'last-modified',
  'location',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

const MAINTENANCE_INTERVAL_MS = 5 * 60_000;
/** A handshake body is about 600 bytes (3072-bit key), 1.4 KB at the largest (8192 bits). */
const HANDSHAKE_BODY_LIMIT = 16 * 1024;

const KeysAnswer = Type.Object({
  current: Type.String(),
  keys: Type.Array(
    Type.Object({
      kid: Type.String(),
      alg: Type.Literal('RSA-OAEP-256'),
      jwk: Type.Object({
        kty: Type.Literal('RSA'),
        n: Type.String(),
        e: Type.String(),
        alg: Type.Literal('RSA-OAEP-256'),
        use: Type.Literal('enc'),
        kid: Type.String(),
      }),
      expiresAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

const HandshakeAnswer = Type.Object({
  v: Type.Literal(1),
  sid: Type.String(),
  confirm: Type.String(),
  time: Type.Integer(),
  expiresAt: Type.String({ format: 'date-time' }),
});

const ChannelErrorAnswer = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

const channelPlugin: FastifyPluginAsyncTypebox<ChannelPluginOptions> = async (app, options) => {
  const { config, redis, now } = options;
  const { kek, created } = loadKeyEncryptionKey(config.channel.kek);
  if (created) app.log.warn('generated a development key-encryption key in the data directory');
  const keys = new ChannelKeyStore(app.database.db, kek, keyPolicyFrom(config), now);
  const sessions = new ChannelSessionStore(
    app.database.db,
    kek,
    config.session,
    app.invalidations,
    now,
  );
  app.addHook('onClose', () => sessions.close());
  const databaseReplay = new DatabaseReplayCache(app.database.db, now);
  const { maxEnvelopeBytes } = config.channel;
  const service = new ChannelService({
    keys,
    sessions,
    replay: sharedReplayCache(redis, databaseReplay),
    windowMs: config.channel.replayWindowMs,
    maxEnvelopeBytes,
    now,
  });
  app.decorate('channel', service);
  app.decorateRequest('channel', null);
  const { dispatch } = service;

  // Housekeeping: expired sessions, seen salts and retired keys.
  runPeriodically(app, 'expired channel sessions, salts and keys', MAINTENANCE_INTERVAL_MS, () =>
    Promise.all([sessions.deleteExpired(), databaseReplay.deleteExpired(), keys.deleteExpired()]),
  );

  // The API answers only inside the channel (unless a debugging flag says otherwise). Which
  // requests are for the API is the router's decision, whatever the spelling of the URL; a URL
  // that matches no route reaches nothing and gets the ordinary 404.
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiRoute(request)) return;
    const context = dispatch.redeem(request.headers[ChannelDispatch.header]);
    if (context) {
      request.channel = context;
      return;
    }
    if (!config.channel.allowPlaintextApi) {
      return reply.code(CHANNEL_REQUIRED.status).send(CHANNEL_REQUIRED.body);
    }
  });

  const channelErrorReply = (error: unknown) => {
    if (!isChannelError(error)) throw error;
    return publicErrorFor(error);
  };

  app.get(
    ENDPOINT_KEYS,
    {
      schema: {
        summary: 'The RSA-OAEP public keys that open new channels',
        tags: ['channel'],
        response: { 200: KeysAnswer },
      },
    },
    async () => service.keysDocument(),
  );

  // Each channel endpoint reads its body as raw bytes of its own media type; any other type is
  // a 415 before the channel is involved. The handshake parses its JSON itself, so that a body
  // that is not JSON is the protocol's `malformed` (the generic 401), not the API's 400.
  app.register(async (handshake) => {
    handshake.removeAllContentTypeParsers();
    handshake.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: HANDSHAKE_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    handshake.post(
      ENDPOINT_HANDSHAKE,
      {
        bodyLimit: HANDSHAKE_BODY_LIMIT,
        schema: {
          summary: 'Open a channel: the client sends its secret under a server key',
          description:
            'Body: {"v":1,"kid":"...","enc":"<base64url RSA-OAEP ciphertext>"}. Answer: ' +
            '{"v":1,"sid","confirm","time","expiresAt"}. See docs/secure-channel.md.',
          tags: ['channel'],
          response: { 200: HandshakeAnswer, 401: ChannelErrorAnswer, 409: ChannelErrorAnswer },
        },
      },
      async (request, reply) => {
        try {
          return await service.handshake(request.body as Buffer);
        } catch (error) {
          const answer = channelErrorReply(error);
          request.log.info({ reason: (error as { reason?: string }).reason }, 'handshake refused');
          return reply.code(answer.status as 401 | 409).send(answer.body);
        }
      },
    );
  });

  /** Sends an opened inner request through the normal routing, as the client's own request. */
  const dispatchInner = async (inner: InnerRequest, context: ChannelContext, ip: string) => {
    const ticket = dispatch.issue(context);
    try {
      return await app.inject({
        method: inner.method,
        url: inner.path,
        headers: { ...withoutProxyHeaders(inner.headers), [ChannelDispatch.header]: ticket },
        payload: Buffer.from(inner.body),
        remoteAddress: ip,
      });
    } finally {
      dispatch.discard(ticket);
    }
  };

  app.register(async (tunnel) => {
    tunnel.removeAllContentTypeParsers();
    tunnel.addContentTypeParser(
      ENVELOPE_MEDIA_TYPE,
      { parseAs: 'buffer', bodyLimit: maxEnvelopeBytes },
      (_request, body, done) => done(null, body),
    );
    tunnel.post(
      ENDPOINT_TUNNEL,
      {
        bodyLimit: maxEnvelopeBytes,
        schema: {
          summary: 'Send one encrypted API request and receive its encrypted response',
          description:
            'Body and answer are application/octet-stream envelopes (docs/secure-channel.md). ' +
            'Every /api/v1 route is reached this way.',
          tags: ['channel'],
        },
      },
      async (request, reply) => {
        let opened: Awaited<ReturnType<ChannelService['openTunnelRequest']>>;
        try {
          opened = await service.openTunnelRequest(request.body as Buffer);
        } catch (error) {
          const answer = channelErrorReply(error);
          request.log.info({ reason: (error as { reason?: string }).reason }, 'tunnel refused');
          return reply.code(answer.status).send(answer.body);
        }
        const { record, inner, requestSalt } = opened;
        const context: ChannelContext = {
          sid: record.sid,
          userId: record.userId,
          loginSessionId: record.loginSessionId,
          expiresAt: record.expiresAt,
        };
        const response = inner.path.startsWith(API_PREFIX)
          ? await dispatchInner(inner, context, request.ip)
          : undefined;
        const sealed = service.sealTunnelResponse(
          record,
          requestSalt,
          response
            ? {
                status: response.statusCode,
                headers: pickHeaders(response.headers),
                body: response.rawPayload,
              }
            : {
                status: 404,
                headers: { 'content-type': 'application/json; charset=utf-8' },
                body: Buffer.from(
                  JSON.stringify(
                    errorBody('not_found', 'Only /api/ paths are reachable through the channel.'),
                  ),
                ),
              },
        );
        return reply
          .type(ENVELOPE_MEDIA_TYPE)
          .header('cache-control', 'no-store')
          .send(Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength));
      },
    );
  });
};

/**
 * Proxy headers inside the envelope come from the client, not from a proxy of ours: dropped, so
 * that with TRUST_PROXY set the inner request's IP (rate limits, logs) is the outer one.
 */
const PROXY_HEADERS = new Set([
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

function withoutProxyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !PROXY_HEADERS.has(name.toLowerCase())),
  );
}

function pickHeaders(headers: Record<string, unknown>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    picked[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return picked;
}

export const channelModule = fp(channelPlugin, { name: 'channel' });
