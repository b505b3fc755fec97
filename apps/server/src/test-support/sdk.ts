import {
  ApiError,
  type DeviceTokenStore,
  IroncartClient,
  MemoryDeviceTokenStore,
  MemorySessionStore,
  type SessionStore,
} from '@ironcart/sdk';
import { expect } from 'vitest';
import type { App } from '../app.js';

/**
 * A fetch that hands requests to `app.inject`: the SDK's real code path, without a socket.
 * Everything the SDK sends is recorded, so tests can inspect the bytes on the "wire".
 */
export interface WireRecord {
  url: string;
  request: Uint8Array;
  response: Uint8Array;
}

export function injectFetch(app: App | (() => App), wire: WireRecord[] = []): typeof fetch {
  return async (input, init) => {
    const target = typeof app === 'function' ? app() : app;
    const url = new URL(String(input));
    const body = init?.body ? new Uint8Array(init.body as ArrayBuffer) : undefined;
    const res = await target.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers: init?.headers as Record<string, string>,
      ...(body ? { payload: Buffer.from(body) } : {}),
    });
    wire.push({
      url: url.pathname + url.search,
      request: body ?? new Uint8Array(),
      response: new Uint8Array(res.rawPayload),
    });
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), {
      status: res.statusCode,
      headers: res.headers as Record<string, string>,
    });
  };
}

/** An SDK client talking to the in-process app. */
export function sdkFor(
  app: App | (() => App),
  options: {
    store?: SessionStore;
    /** Share one between clients to play one device; each client has its own otherwise. */
    deviceTokens?: DeviceTokenStore;
    wire?: WireRecord[];
    now?: () => number;
  } = {},
): IroncartClient {
  return new IroncartClient({
    baseUrl: 'http://ironcart.test',
    fetch: injectFetch(app, options.wire),
    store: options.store ?? new MemorySessionStore(),
    deviceTokens: options.deviceTokens ?? new MemoryDeviceTokenStore(),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Awaits a call that must be refused with this status and code; returns the ApiError. */
export async function expectApiError(
  call: Promise<unknown>,
  status: number,
  code: string,
): Promise<ApiError> {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status, code });
  return error as ApiError;
}
