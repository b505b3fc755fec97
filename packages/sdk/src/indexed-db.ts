/**
 * The SDK's one IndexedDB database: the channel session (session-store.ts) and the device
 * tokens (device-tokens.ts) live side by side in it, each in its own object store.
 */
const DB_NAME = 'ironcart';
/** Version 2 added the device-token store; opening upgrades a version 1 database in place. */
const DB_VERSION = 2;
export const OBJECT_STORES = ['channel', 'devices'] as const;
export type ObjectStoreName = (typeof OBJECT_STORES)[number];

export class IroncartIndexedDb {
  #db: Promise<IDBDatabase> | undefined;

  constructor(private readonly indexedDb: IDBFactory = globalThis.indexedDB) {}

  /** Runs `work` in one transaction and settles when it is durably complete (or failed). */
  async transaction(
    storeName: ObjectStoreName,
    mode: IDBTransactionMode,
    work: (store: IDBObjectStore) => void,
  ): Promise<void> {
    const db = await this.#open();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      work(tx.objectStore(storeName));
    });
  }

  /** Reads one value (undefined when there is none). */
  async get(storeName: ObjectStoreName, key: string): Promise<unknown> {
    let value: unknown;
    await this.transaction(storeName, 'readonly', (store) => {
      const request = store.get(key);
      request.onsuccess = () => {
        value = request.result;
      };
    });
    return value;
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = this.indexedDb.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        for (const name of OBJECT_STORES) {
          if (!request.result.objectStoreNames.contains(name)) {
            request.result.createObjectStore(name);
          }
        }
      };
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
