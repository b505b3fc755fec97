import { createHash, createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { desc, eq, gt, lt } from 'drizzle-orm';
import type { AppConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { KeyEncryptionKey } from './key-encryption.js';
import { channelKeys } from './tables.js';

const generateRsa = promisify(generateKeyPair);

export interface KeyPolicy {
  modulusBits: number;
  /** A key is current (used for new handshakes) for this long after it is made. */
  rotateAfterMs: number;
  /** After a newer key appears, the old one still accepts handshakes this long (cached keys). */
  retireGraceMs: number;
  /** The longest a channel session lives; a retired key is deleted once this has passed. */
  sessionLifetimeMs: number;
}

export interface PublicChannelKey {
  kid: string;
  jwk: { kty: 'RSA'; n: string; e: string };
  createdAt: Date;
  retiresAt: Date;
}

export function keyPolicyFrom(config: AppConfig): KeyPolicy {
  return {
    modulusBits: config.channel.rsaModulusBits,
    rotateAfterMs: config.channel.keyRotateAfterMs,
    retireGraceMs: config.channel.keyRetireGraceMs,
    sessionLifetimeMs: config.session.absoluteMs,
  };
}

/** How long a cached key's retirement date is trusted before the database is asked again. */
const CACHE_TTL_MS = 60_000;

interface CachedKey {
  key: KeyObject;
  retiresAt: Date;
  loadedAt: number;
}

const wrapContext = (kid: string) => `ironcart channel private key kid=${kid}`;

/** A key id derived from the public key, so the same key always has the same id. */
function kidFor(publicKey: KeyObject): string {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64url').slice(0, 22);
}

/**
 * The server's RSA-OAEP keys, shared by every instance through the database. Private keys are
 * unwrapped once per instance and cached; a kid this instance has not seen is looked up again,
 * so a rotation done by another instance is picked up at its first handshake.
 */
export class ChannelKeyStore {
  readonly #privateKeys = new Map<string, CachedKey>();

  constructor(
    private readonly db: Db,
    private readonly kek: KeyEncryptionKey,
    private readonly policy: KeyPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keys that accept new handshakes, newest first; makes one when there is none current. */
  async publishedKeys(): Promise<PublicChannelKey[]> {
    let keys = await this.#liveKeys();
    const newest = keys[0];
    if (!newest || newest.createdAt.getTime() + this.policy.rotateAfterMs <= this.now()) {
      await this.rotate();
      keys = await this.#liveKeys();
    }
    return keys;
  }

  /**
   * Makes a new current key. Older keys keep accepting handshakes for the grace period (clients
   * may hold them in cache), then retire; they are deleted once their sessions have expired.
   */
  async rotate(): Promise<PublicChannelKey> {
    const { publicKey, privateKey } = await generateRsa('rsa', {
      modulusLength: this.policy.modulusBits,
      publicExponent: 0x10001,
    });
    const kid = kidFor(publicKey);
    const now = this.now();
    const retiresAt = new Date(now + this.policy.rotateAfterMs + this.policy.retireGraceMs);
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const jwk = publicKey.export({ format: 'jwk' }) as { kty: 'RSA'; n: string; e: string };
    const graceEnd = new Date(now + this.policy.retireGraceMs);
    await this.db.transaction(async (tx) => {
      await tx
        .update(channelKeys)
        .set({
          retiresAt: graceEnd,
          expiresAt: new Date(graceEnd.getTime() + this.policy.sessionLifetimeMs),
        })
        .where(gt(channelKeys.retiresAt, graceEnd));
      await tx.insert(channelKeys).values({
        kid,
        publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e },
        wrappedPrivateKey: this.kek.wrap(pkcs8, wrapContext(kid)),
        createdAt: new Date(now),
        retiresAt,
        expiresAt: new Date(retiresAt.getTime() + this.policy.sessionLifetimeMs),
      });
    });
    this.#privateKeys.set(kid, { key: privateKey, retiresAt, loadedAt: now });
    return { kid, jwk: { kty: 'RSA', n: jwk.n, e: jwk.e }, createdAt: new Date(now), retiresAt };
  }

  /** The private key for a handshake under `kid`, or undefined when unknown or retired. */
  async privateKeyFor(kid: string): Promise<KeyObject | undefined> {
    let entry = this.#privateKeys.get(kid);
    if (!entry || entry.loadedAt + CACHE_TTL_MS <= this.now()) {
      const [row] = await this.db.select().from(channelKeys).where(eq(channelKeys.kid, kid));
      if (!row) {
        this.#privateKeys.delete(kid);
        return undefined;
      }
      // A rotation on another instance may have brought the retirement forward: refresh it.
      const key =
        entry?.key ??
        createPrivateKey({
          key: this.kek.unwrap(row.wrappedPrivateKey, wrapContext(kid)),
          format: 'der',
          type: 'pkcs8',
        });
      entry = { key, retiresAt: row.retiresAt, loadedAt: this.now() };
      this.#privateKeys.set(kid, entry);
    }
    if (entry.retiresAt.getTime() <= this.now()) return undefined;
    return entry.key;
  }

  /** Deletes keys whose sessions have all expired. Returns how many went. */
  async deleteExpired(): Promise<number> {
    const gone = await this.db
      .delete(channelKeys)
      .where(lt(channelKeys.expiresAt, new Date(this.now())))
      .returning({ kid: channelKeys.kid });
    for (const { kid } of gone) this.#privateKeys.delete(kid);
    return gone.length;
  }

  async #liveKeys(): Promise<PublicChannelKey[]> {
    const rows = await this.db
      .select({
        kid: channelKeys.kid,
        jwk: channelKeys.publicJwk,
        createdAt: channelKeys.createdAt,
        retiresAt: channelKeys.retiresAt,
      })
      .from(channelKeys)
      .where(gt(channelKeys.retiresAt, new Date(this.now())))
      .orderBy(desc(channelKeys.createdAt));
    return rows;
  }
}
