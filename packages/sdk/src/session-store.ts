import type { ClientChannelSession } from '@ironcart/channel/client';

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

const DB_NAME = 'ironcart';
const STORE_NAME = 'channel';
const KEY = 'session';

/**
 * Keeps the session in IndexedDB, so a reload keeps it and tabs share it. The session holds
 * only non-extractable CryptoKeys, which IndexedDB stores as they are: the key bytes are never
 * visible to page scripts, and never in localStorage.
 */
export class IndexedDbSessionStore implements SessionStore {
  #db: Promise<IDBDatabase> | undefined;

  constructor(private readonly indexedDb: IDBFactory = globalThis.indexedDB) {}

  async load(): Promise<ClientChannelSession | undefined> {
    let value: unknown;
    await this.#transaction('readonly', (store) => {
      const request = store.get(KEY);
      request.onsuccess = () => {
        value = request.result;
      };
    });
    return isSession(value) ? value : undefined;
  }

  async save(session: ClientChannelSession): Promise<void> {
    await this.#transaction('readwrite', (store) => store.put(session, KEY));
  }

  async clear(sid: string): Promise<void> {
    // Read and delete in one transaction, so a session another tab just saved survives.
    await this.#transaction('readwrite', (store) => {
      const read = store.get(KEY);
      read.onsuccess = () => {
        if (isSession(read.result) && read.result.sid === sid) store.delete(KEY);
      };
    });
  }

  /** Runs `work` in one transaction and settles when it is durably complete (or failed). */
  async #transaction(
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => void,
  ): Promise<void> {
    const db = await this.#open();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE_NAME, mode);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      work(tx.objectStore(STORE_NAME));
    });
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = this.indexedDb.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
      request.onsuccess = () => {
        const db = request.result;
        // The browser may close the connection (site data cleared, another version opened):
        // forget it so the next call opens a new one.
        db.onclose = () => {
          this.#db = undefined;
        };
        db.onversionchange = () => {
          db.close();
          this.#db = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    }).catch((error: unknown) => {
      this.#db = undefined;
      throw error;
    });
    return this.#db;
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
