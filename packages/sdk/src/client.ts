import {
  classifyPublicError,
  ENDPOINT_HANDSHAKE,
  ENDPOINT_KEYS,
  ENDPOINT_TUNNEL,
  ENVELOPE_MEDIA_TYPE,
  type HttpMethod,
  type KeysDocument,
  parseKeysDocument,
} from '@ironcart/channel';
import {
  type ClientChannelSession,
  completeHandshake,
  createHandshake,
  openResponse,
  sealRequest,
} from '@ironcart/channel/client';
import { apiErrorFrom, TransportError } from './errors.js';
import { defaultSessionStore, type SessionStore } from './session-store.js';

/** What the page shows: the channel is up, being made, or being made again after a failure. */
export type ChannelState = 'closed' | 'establishing' | 'established' | 're-establishing';

export interface ChannelClientOptions {
  /** Origin of the store, e.g. `http://localhost:3000`; '' for the page's own origin. */
  baseUrl: string;
  fetch?: typeof fetch;
  store?: SessionStore;
  /** The local clock (ms since the epoch); tests replace it. */
  now?: () => number;
}

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as they are (an image upload); say what they are in `headers['content-type']`. */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sends API calls through the secure channel: it opens the channel on first use, encrypts
 * every request (method, path, query, headers, body), decrypts every response, and makes a new
 * channel by itself when the server says the old one is gone (expiry, logout, key rotation).
 */
export class ChannelClient {
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #store: SessionStore;
  readonly #now: () => number;
  #session: ClientChannelSession | undefined;
  #establishing: Promise<ClientChannelSession> | undefined;
  #state: ChannelState = 'closed';
  readonly #listeners = new Set<(state: ChannelState) => void>();

  constructor(options: ChannelClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#store = options.store ?? defaultSessionStore();
    this.#now = options.now ?? Date.now;
  }

  get state(): ChannelState {
    return this.#state;
  }

  /** Calls `listener` on every state change; returns the function that stops it. */
  onStateChange(listener: (state: ChannelState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sends one request through the channel and returns the raw response, whatever its status. */
  async send(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let body: Uint8Array | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = encoder.encode(JSON.stringify(options.json));
    } else if (options.bytes !== undefined) {
      body = options.bytes;
    }
    const inner = {
      method,
      path: withQuery(path, options.query),
      headers,
      ...(body ? { body } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      const session = await this.#ensureSession();
      const { envelope, requestSalt } = await sealRequest(session, inner, {
        now: this.#now() + session.clockOffsetMs,
      });
      const answer = await this.#post(ENDPOINT_TUNNEL, ENVELOPE_MEDIA_TYPE, envelope);
      if (answer.ok) {
        const opened = await openResponse(
          session,
          new Uint8Array(await answer.arrayBuffer()),
          requestSalt,
        );
        return {
          status: opened.inner.status,
          headers: opened.inner.headers,
          body: opened.inner.body,
        };
      }
      const error = await readJson(answer);
      // The server refuses a channel only before it dispatched the request: retrying is safe.
      if (classifyPublicError(answer.status, error) === 'reestablish' && attempt === 0) {
        await this.#discard(session);
        continue;
      }
      throw apiErrorFrom(answer.status, error);
    }
  }

  /** Sends a request and returns its JSON answer; throws ApiError for a 4xx or 5xx. */
  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const text = decoder.decode(response.body);
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (response.status >= 400) throw apiErrorFrom(response.status, parsed);
    return parsed as T;
  }

  /** Forgets the channel on this side (the server forgets it at logout). */
  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session) await this.#store.clear(session.sid);
    this.#setState('closed');
  }

  async #ensureSession(): Promise<ClientChannelSession> {
    if (this.#session) return this.#session;
    this.#establishing ??= this.#loadOrHandshake().finally(() => {
      this.#establishing = undefined;
    });
    return this.#establishing;
  }

  async #loadOrHandshake(): Promise<ClientChannelSession> {
    const stored = await this.#store.load();
    const session = stored ?? (await this.#handshake());
    this.#session = session;
    this.#setState('established');
    return session;
  }

  /** Drops a session the server refused; another tab may already have stored a new one. */
  async #discard(failed: ClientChannelSession): Promise<void> {
    if (this.#session?.sid === failed.sid) this.#session = undefined;
    await this.#store.clear(failed.sid);
    // Another call may already have made the new channel: then nothing is being re-established.
    if (!this.#session) this.#setState('re-establishing');
  }

  async #handshake(): Promise<ClientChannelSession> {
    if (this.#state !== 're-establishing') this.#setState('establishing');
    for (let attempt = 0; ; attempt++) {
      const keys = await this.#fetchKeys();
      const current = keys.keys.find((key) => key.kid === keys.current);
      if (!current) throw new TransportError('the server published no current key');
      const { body, pending } = await createHandshake(current.jwk, current.kid, {
        now: this.#now(),
      });
      const answer = await this.#post(
        ENDPOINT_HANDSHAKE,
        'application/json',
        encoder.encode(JSON.stringify(body)),
      );
      const json = await readJson(answer);
      if (answer.ok) {
        const session = await completeHandshake(pending, json, { now: this.#now() });
        await this.#store.save(session);
        return session;
      }
      // Keys rotated since we fetched them: fetch again, once.
      if (classifyPublicError(answer.status, json) === 'refresh-keys' && attempt === 0) continue;
      throw apiErrorFrom(answer.status, json);
    }
  }

  async #fetchKeys(): Promise<KeysDocument> {
    const answer = await this.#call(`${this.#baseUrl}${ENDPOINT_KEYS}`, { method: 'GET' });
    if (!answer.ok) throw apiErrorFrom(answer.status, await readJson(answer));
    return parseKeysDocument(await readJson(answer));
  }

  #post(path: string, contentType: string, body: Uint8Array): Promise<Response> {
    return this.#call(`${this.#baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: body as Uint8Array<ArrayBuffer>,
    });
  }

  async #call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.#fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
    } catch (cause) {
      throw new TransportError('The store could not be reached. Check your connection.', { cause });
    }
  }

  #setState(state: ChannelState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}

function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    throw new TransportError(
      `The store answered ${response.status} with something that is not JSON.`,
    );
  }
}
