/**
 * @ironcart/sdk: the typed Ironcart API client over the secure channel. Used by the web app,
 * the tests, the benchmarks and scripts; runs in browsers and in Node.
 */

export { AdminApi } from './admin.js';
export {
  type ApiResponse,
  ChannelClient,
  type ChannelClientOptions,
  type ChannelState,
  type QueryValue,
  type RequestOptions,
} from './client.js';
export {
  type DeviceTokenStore,
  defaultDeviceTokenStore,
  deviceAccountKey,
  IndexedDbDeviceTokenStore,
  MemoryDeviceTokenStore,
} from './device-tokens.js';
export { ApiError, CartChangedError, TransportError } from './errors.js';
export { IroncartClient, type IroncartClientOptions, newIdempotencyKey } from './ironcart.js';
export {
  defaultSessionStore,
  IndexedDbSessionStore,
  MemorySessionStore,
  type SessionStore,
} from './session-store.js';
