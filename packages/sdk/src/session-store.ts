import type { ClientChannelSession } from '@ironcart/channel/client';
import { IroncartIndexedDb } from './indexed-db.js';

/**
 * Where the client keeps its channel session. Several clients (browser tabs) may share one
 * store: after a failure a client first looks whether another has already made a new session.
 */
export interface SessionStore {
  load(): Promise<ClientChannelSession | undefined>;
  save(session: ClientChannelSession): Promise<void>;
  /** Forgets the stored session, but only if it is still `sid` (another tab may have replaced it). */
  clear(sid: string): Promise<void>;
}

/** Keeps the session in memory: Node scripts, tests, and browsers without IndexedDB. */
export class MemorySessionStore implements SessionStore {
  #session: ClientChannelSession | undefined;

  async load(): Promise<ClientChannelSession | undefined> {
    return this.#session;
  }
  async save(session: ClientChannelSession): Promise<void> {
    this.#session = session;
  }
  async clear(sid: string): Promise<void> {
    if (this.#session?.sid === sid) this.#session = undefined;
  }
}

const KEY = 'session';

/**
 * Keeps the session in IndexedDB, so a reload keeps it and tabs share it. The session holds
 * only non-extractable CryptoKeys, which IndexedDB stores as they are: the key bytes are never
 * visible to page scripts, and never in localStorage.
 */
export class IndexedDbSessionStore implements SessionStore {
  readonly #db: IroncartIndexedDb;

  constructor(indexedDb: IDBFactory = globalThis.indexedDB) {
    this.#db = new IroncartIndexedDb(indexedDb);
  }

  async load(): Promise<ClientChannelSession | undefined> {
    const value = await this.#db.get('channel', KEY);
    return isSession(value) ? value : undefined;
  }

  async save(session: ClientChannelSession): Promise<void> {
    await this.#db.transaction('channel', 'readwrite', (store) => store.put(session, KEY));
  }

  async clear(sid: string): Promise<void> {
    // Read and delete in one transaction, so a session another tab just saved survives.
    await this.#db.transaction('channel', 'readwrite', (store) => {
      const read = store.get(KEY);
      read.onsuccess = () => {
        if (isSession(read.result) && read.result.sid === sid) store.delete(KEY);
      };
    });
  }
}

function isSession(value: unknown): value is ClientChannelSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ClientChannelSession>;
  return typeof v.sid === 'string' && typeof v.kid === 'string' && v.c2s instanceof CryptoKey;
}

/** IndexedDB where there is one (browsers), memory elsewhere. */
export function defaultSessionStore(): SessionStore {
  return typeof globalThis.indexedDB === 'undefined'
    ? new MemorySessionStore()
    : new IndexedDbSessionStore();
}
