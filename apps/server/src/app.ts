import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config.js';
import { type Database, databaseTargetFor, openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { seedDemoCatalog } from './db/seed/seed.js';
import { adminApiDocument, apiDocs } from './lib/api-docs.js';
import { ErrorResponse, errorBody, toErrorAnswer } from './lib/errors.js';
import { httpSecurity, tlsServerOptions, trustProxyOption } from './lib/http-security.js';
import type { InvalidationFeed } from './lib/invalidation/feed.js';
import { openInvalidationFeed } from './lib/invalidation/open.js';
import { loggerOptions } from './lib/logging.js';
import { openRedis } from './lib/redis.js';
import { validatorCompiler } from './lib/validation.js';
import { webApp } from './lib/web-app.js';
import { accountsModule } from './modules/accounts/plugin.js';
import { addressesModule } from './modules/addresses/plugin.js';
import { adminModule } from './modules/admin/plugin.js';
import { cartModule } from './modules/cart/plugin.js';
import { imageRoutes } from './modules/catalog/image-routes.js';
import { catalogModule } from './modules/catalog/plugin.js';
import { channelModule } from './modules/channel/plugin.js';
import { checkoutModule } from './modules/checkout/plugin.js';
import { healthRoutes } from './modules/health/routes.js';
import { invoicesModule } from './modules/invoices/plugin.js';
import { legacyModule } from './modules/legacy/plugin.js';
import type { PaymentGateway } from './modules/payments/gateway.js';
import { createPaymentGateway } from './modules/payments/gateways.js';
import { shippingModule } from './modules/shipping/plugin.js';
import { taxModule } from './modules/tax/plugin.js';

export type { AppConfig } from './config.js';
export { loadConfig } from './config.js';
/** For the bench's count of statements per checkout. */
export { watchStatements } from './db/statement-watch.js';

export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    config: AppConfig;
    /** Tells every instance what changed, so each may keep hot state in memory. */
    invalidations: InvalidationFeed;
  }
}

export interface BuildAppOptions {
  /** An already open database (tests share one); otherwise one is opened from the config. */
  database?: Database;
  /** Where log lines go; tests capture them. */
  logStream?: DestinationStream;
  /** The clock (ms since the epoch); tests move it to reach expiry. */
  now?: () => number;
  /** A payment gateway other than the configured one (tests that simulate failures). */
  paymentGateway?: PaymentGateway;
  /**
   * The built storefront to serve at / (main.ts passes apps/web/dist); none when absent, so
   * tests answer the same whether or not the web app was built.
   */
  webRoot?: string;
}

/**
 * Builds the whole server from a configuration: database (migrated, demo catalog seeded when
 * empty), error handling, API documentation and every module's routes. Listening is the
 * caller's business, so tests can use `inject` or a real socket alike.
 */
export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<App> {
  const database = options.database ?? (await openDatabase(databaseTargetFor(config)));
  const app: App = Fastify({
    // With TLS configured this adds `http2: true` and `https: { key, cert, allowHTTP1: true }`,
    // so the raw server is an http2.Http2SecureServer (HTTP/2 and HTTP/1.1) and raw requests
    // are Http2ServerRequest. The spread is typed as `object` on purpose: the App type keeps
    // Fastify's http.Server typing, which routes and hooks do not depend on (they use Fastify's
    // request and reply, and the compatibility API both raw kinds share).
    ...tlsServerOptions(config),
    trustProxy: trustProxyOption(config.http.trustProxy),
    logger: loggerOptions({
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
    }),
    bodyLimit: config.bodyLimit,
    // Bound what one request may cost before any handler runs.
    routerOptions: { maxParamLength: 200 },
    requestTimeout: 30_000,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('database', database);
  app.decorate('config', config);
  app.setValidatorCompiler(validatorCompiler);
  // During a graceful shutdown, answers to requests still in flight close their connection;
  // otherwise idle keep-alive sockets would hold the shutdown open until they time out.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  const redis = config.redisUrl
    ? openRedis(config.redisUrl, (error) => app.log.error({ err: error }, 'redis error'))
    : undefined;
  const invalidations = await openInvalidationFeed({ database, redis, log: app.log });
  app.decorate('invalidations', invalidations);
  app.addHook('onClose', async () => {
    await invalidations.close();
    await redis?.quit().catch(() => redis.disconnect());
    // A database handed in belongs to the caller, who closes it.
    if (!options.database) await database.close();
  });

  try {
    await runMigrations(database);
    if (config.seedDemoCatalog) {
      const seeded = await seedDemoCatalog(database.db);
      if (seeded.products > 0) app.log.info(seeded, 'seeded the demo catalog');
    }
  } catch (error) {
    await app.close();
    throw error;
  }

  app.addSchema(ErrorResponse);
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    const { status, body, headers } = toErrorAnswer(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code }, 'request refused');
    if (headers) reply.headers(headers);
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    return reply
      .code(404)
      .send(errorBody('not_found', `There is nothing at ${request.method} ${path}.`));
  });
  // Security headers, CORS and rate limits for every route registered after this line.
  await app.register(httpSecurity, { config, redis });

  // The OpenAPI document and /docs; the public one leaves admin routes out (lib/api-docs.ts).
  await app.register(apiDocs);

  const now = options.now ?? Date.now;
  await app.register(channelModule, { config, redis, now });
  await app.register(accountsModule, { config, now });
  await app.register(addressesModule, { now });
  await app.register(catalogModule, { config, now });
  await app.register(cartModule, { config, now });
  await app.register(shippingModule, { config });
  await app.register(taxModule, { config });
  const gateway =
    options.paymentGateway ??
    createPaymentGateway(config.payments.gateway, {
      db: database.db,
      now,
      test: { latencyMs: config.payments.testGatewayLatencyMs },
    });
  await app.register(checkoutModule, { config, gateway, now });
  await app.register(invoicesModule, { config });
  await app.register(adminModule, { config, gateway, now });
  await app.register(adminApiDocument);
  await app.register(legacyModule, { config, now });
  await app.register(healthRoutes);
  await app.register(imageRoutes);
  await app.register(webApp, { root: options.webRoot });

  return app;
}
