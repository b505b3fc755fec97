import type { ChannelSessionInfo } from '@ironcart/server/api';
import { ChannelClient, type ChannelClientOptions } from './client.js';

/**
 * The typed Ironcart API. Every method goes through the secure channel; the shapes come from
 * the server's own schemas (`@ironcart/server/api`), so they cannot drift apart.
 */
export class IroncartClient {
  readonly channel: ChannelClient;

  constructor(options: ChannelClientOptions) {
    this.channel = new ChannelClient(options);
  }

  /** The current channel session: lifetime, and whether it belongs to a logged-in user. */
  session(): Promise<ChannelSessionInfo> {
    return this.channel.request('GET', '/api/v1/session');
  }
}
