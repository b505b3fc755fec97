import { IroncartIndexedDb } from './indexed-db.js';

/**
 * Where the client keeps the device token of each account that logged in on this device
 * (OWASP's device cookies): sent with the next login to that account, inside the channel, so
 * that failed logins elsewhere (an attacker locking the account) do not lock this device out.
 * A device token is no credential: the password is always needed.
 */
export interface DeviceTokenStore {
  load(account: string): Promise<string | undefined>;
  save(account: string, token: string): Promise<void>;
}

/**
 * The key an account's token is kept under: the email folded as the server folds it (NFKC,
 * lower case, trimmed), so the address as typed and as the server spells it find one entry.
 */
export const deviceAccountKey = (email: string): string =>
  email.trim().normalize('NFKC').toLowerCase();

/** Keeps the tokens in memory: Node scripts, tests, and browsers without IndexedDB. */
export class MemoryDeviceTokenStore implements DeviceTokenStore {
  readonly #tokens = new Map<string, string>();

  async load(account: string): Promise<string | undefined> {
    return this.#tokens.get(account);
  }
  async save(account: string, token: string): Promise<void> {
    this.#tokens.set(account, token);
  }
}

/** Keeps the tokens in IndexedDB, next to the channel session: they outlive reloads and tabs. */
export class IndexedDbDeviceTokenStore implements DeviceTokenStore {
  readonly #db: IroncartIndexedDb;

  constructor(indexedDb: IDBFactory = globalThis.indexedDB) {
    this.#db = new IroncartIndexedDb(indexedDb);
  }

  async load(account: string): Promise<string | undefined> {
    const value = await this.#db.get('devices', account);
    return typeof value === 'string' ? value : undefined;
  }

  async save(account: string, token: string): Promise<void> {
    await this.#db.transaction('devices', 'readwrite', (store) => store.put(token, account));
  }
}

/** IndexedDB where there is one (browsers), memory elsewhere. */
export function defaultDeviceTokenStore(): DeviceTokenStore {
  return typeof globalThis.indexedDB === 'undefined'
    ? new MemoryDeviceTokenStore()
    : new IndexedDbDeviceTokenStore();
}
