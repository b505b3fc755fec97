import { type Static, Type } from 'typebox';

export const ChannelSessionInfo = Type.Object({
  authenticated: Type.Boolean({ description: 'Whether the channel belongs to a logged-in user' }),
  expiresAt: Type.String({ format: 'date-time', description: 'End of the absolute lifetime' }),
  idleTimeoutSeconds: Type.Integer({ description: 'The channel ends after this long unused' }),
});
export type ChannelSessionInfo = Static<typeof ChannelSessionInfo>;
