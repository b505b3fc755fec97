import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { AppConfig } from '../../config.js';
import { DEFAULT_ACCESS } from '../../lib/access.js';
import { ErrorResponse, HttpError } from '../../lib/errors.js';
import { runPeriodically } from '../../lib/periodic.js';
import type { ChannelContext } from '../channel/context.js';
import { DeviceTokens } from './device-tokens.js';
import { type AuthenticatedUser, LiveLogins } from './live-logins.js';
import { LoginThrottle } from './login-throttle.js';
import {
  BindBody,
  ChangePasswordBody,
  LoginAnswer,
  LoginBody,
  PublicUser,
  SessionInfo,
  SignUpBody,
} from './schemas.js';
import { AccountService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    accounts: AccountService;
  }
  interface FastifyRequest {
    /** The logged-in user, for requests through a channel bound to a login. */
    user: AuthenticatedUser | null;
  }
}

export interface AccountsPluginOptions {
  config: AppConfig;
  now: () => number;
}

const MAINTENANCE_INTERVAL_MS = 5 * 60_000;

/** The authenticated user of a request on a route whose access is 'user' or 'admin'. */
export function currentUser(request: { user: AuthenticatedUser | null }): AuthenticatedUser {
  if (!request.user) throw new HttpError(401, 'unauthenticated', 'Please log in first.');
  return request.user;
}

/** The channel a request came through; the API guard has made sure there is one. */
export function channelOf(request: { channel: ChannelContext | null }): ChannelContext {
  if (!request.channel) {
    throw new HttpError(400, 'channel_required', 'This call needs the secure channel.');
  }
  return request.channel;
}

const errors = { 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };

const accountsPlugin: FastifyPluginAsyncTypebox<AccountsPluginOptions> = async (app, options) => {
  const { config, now } = options;
  const service = new AccountService({
    db: app.database.db,
    channels: app.channel.sessions,
    logins: new LiveLogins(app.invalidations, now),
    throttle: new LoginThrottle(app.database.db, config.login, now),
    devices: new DeviceTokens(app.database.db, now),
    lifetimes: config.session,
    now,
  });
  app.decorate('accounts', service);
  app.decorateRequest('user', null);

  // Who is calling, and may they call this route? Runs after the channel guard.
  app.addHook('onRequest', async (request) => {
    // Access rules belong to API routes (by their pattern, so a catch-all route elsewhere,
    // such as the storefront's, never borrows them); unmatched URLs fall through to the 404.
    if (!request.routeOptions.url?.startsWith('/api/')) return;
    request.user = request.channel ? await service.authenticate(request.channel) : null;
    const access = request.routeOptions.config.access ?? DEFAULT_ACCESS;
    if (access === 'user') currentUser(request);
    if (access === 'admin' && request.user?.role !== 'admin') {
      // Not 403: to anyone but an admin, admin routes do not exist.
      throw new HttpError(
        404,
        'not_found',
        `There is nothing at ${request.method} ${request.url.split('?')[0]}.`,
      );
    }
  });

  runPeriodically(app, 'expired logins', MAINTENANCE_INTERVAL_MS, () => service.deleteExpired());

  const tags = ['accounts'];

  app.post(
    '/api/v1/auth/signup',
    {
      config: { access: 'public', rateLimitGroup: 'signup' },
      schema: {
        summary: 'Create an account and log in',
        description:
          'Closes the channel the request came through; the client makes a new channel and ' +
          'binds it with POST /api/v1/auth/bind and the returned sessionToken.',
        tags,
        body: SignUpBody,
        response: { 201: LoginAnswer, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.signUp(request.body, channelOf(request))),
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', rateLimitGroup: 'auth' },
      schema: {
        summary: 'Log in',
        description:
          'One answer for an unknown email and a wrong password (401 invalid_credentials). ' +
          'Repeated failures for one account are delayed (429 too_many_attempts with Retry-After); ' +
          'a login with the deviceToken of an earlier login to the account counts its failures ' +
          'for that device alone, so failures elsewhere do not lock it out. ' +
          'Closes the channel the request came through, like sign-up.',
        tags,
        body: LoginBody,
        response: { 200: LoginAnswer, ...errors },
      },
    },
    async (request) => service.login(request.body, channelOf(request)),
  );

  app.post(
    '/api/v1/auth/bind',
    {
      config: { access: 'public', rateLimitGroup: 'auth' },
      schema: {
        summary: 'Bind this fresh channel to the login that issued the token',
        tags,
        body: BindBody,
        response: { 200: PublicUser, ...errors },
      },
    },
    async (request) => service.bindChannel(request.body.token, channelOf(request)),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        summary: 'Log out: ends this login and its channel',
        tags,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.logout(currentUser(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/logout-everywhere',
    {
      schema: {
        summary: 'Log out on every device: ends all logins of this account',
        tags,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.logoutEverywhere(currentUser(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { rateLimitGroup: 'auth' },
      schema: {
        summary: 'Change the password; every other login of the account ends',
        tags,
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.changePassword(currentUser(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'This session: whether it is logged in, and how long it lives',
        tags,
        response: { 200: SessionInfo },
      },
    },
    async (request) => {
      return {
        authenticated: request.user !== null,
        user: request.user ? await service.me(request.user) : null,
        expiresAt: request.channel?.expiresAt.toISOString() ?? null,
        idleTimeoutSeconds: Math.round(config.session.idleMs / 1000),
      };
    },
  );

  app.get(
    '/api/v1/me',
    { schema: { summary: 'The logged-in user', tags, response: { 200: PublicUser, ...errors } } },
    async (request) => service.me(currentUser(request)),
  );
};

export const accountsModule = fp(accountsPlugin, { name: 'accounts', dependencies: ['channel'] });
