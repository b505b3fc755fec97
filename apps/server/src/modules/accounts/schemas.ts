import { type Static, Type } from 'typebox';
import { EMAIL_PATTERN } from './emails.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import { TOKEN_PATTERN } from './tokens.js';

const Email = Type.String({ pattern: EMAIL_PATTERN, maxLength: 254, description: 'Email address' });
// The policy (length, common passwords) is checked by the service, with clearer messages.
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH * 4 });

export const SignUpBody = Type.Object(
  {
    email: Email,
    password: Password,
    name: Type.String({ minLength: 1, maxLength: 100, description: 'How the shop greets you' }),
  },
  { additionalProperties: false },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Password,
    deviceToken: Type.Optional(
      Type.String({
        pattern: TOKEN_PATTERN,
        description:
          "The deviceToken of this device's last login to this account, if it has one: its " +
          'failed attempts then count for this device alone, not for the account',
      }),
    ),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const BindBody = Type.Object(
  {
    token: Type.String({ pattern: TOKEN_PATTERN, description: 'sessionToken from login' }),
  },
  { additionalProperties: false },
);

export const ChangePasswordBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const PublicUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('customer'), Type.Literal('admin')]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type PublicUser = Static<typeof PublicUser>;

/**
 * The answer to sign-up and login. The channel the request came through is closed; the client
 * makes a new one and presents `sessionToken` once on it (POST /api/v1/auth/bind).
 */
export const LoginAnswer = Type.Object({
  user: PublicUser,
  sessionToken: Type.String({ description: 'Single use, valid 2 minutes: binds the next channel' }),
  deviceToken: Type.String({
    description:
      'Keep it on this device for this account (90 days) and send it with the next login; ' +
      'each login answers a new one, which replaces it',
  }),
});
export type LoginAnswer = Static<typeof LoginAnswer>;

export const SessionInfo = Type.Object({
  authenticated: Type.Boolean({ description: 'Whether the channel belongs to a logged-in user' }),
  user: Type.Union([PublicUser, Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'End of the absolute lifetime (null without a channel: local debugging only)',
  }),
  idleTimeoutSeconds: Type.Integer({ description: 'The session ends after this long unused' }),
});
export type SessionInfo = Static<typeof SessionInfo>;
