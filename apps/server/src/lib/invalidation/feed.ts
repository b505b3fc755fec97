import { randomUUID } from 'node:crypto';

/**
 * Invalidations between instances. Every instance keeps hot state in memory (live channel
 * sessions, rendered catalog answers) and trusts it only while it hears every change made by
 * any instance: a write publishes the keys it changed, every instance drops them. A feed that
 * may have missed a message (its connection dropped) says so by `trusted` turning false and by
 * a reset of every topic, and caches then go to the database until it is back: fail closed.
 */

/** What changed. Each topic is one cache's key space. */
export type InvalidationTopic = 'channel-session' | 'login' | 'catalog';

/** Everything under a topic, as opposed to a list of keys. */
export const ALL_KEYS = '*';

export type InvalidationListener = (keys: readonly string[]) => void;

export interface InvalidationFeed {
  /** `local` on PGlite (one process), else the shared transport. */
  readonly kind: 'local' | 'redis' | 'postgres';
  /**
   * False while messages from other instances may be getting lost; memory must not be trusted.
   * Local feeds are always trusted.
   */
  readonly trusted: boolean;
  /**
   * Counts invalidations (and resets) of a topic on this instance. A cache that reads the
   * database notes it first and stores the answer only if it has not moved meanwhile, so a
   * change that lands during the read is never cached over.
   */
  version(topic: InvalidationTopic): number;
  /**
   * Drops `keys` on this instance at once (before returning), then tells every other instance.
   * Call it after the change is committed: an instance that reloads earlier would cache the
   * old row again.
   */
  publish(topic: InvalidationTopic, keys: readonly string[]): Promise<void>;
  /** Called for every invalidation of `topic`, this instance's own included; ALL_KEYS on reset. */
  subscribe(topic: InvalidationTopic, listener: InvalidationListener): void;
  close(): Promise<void>;
}

/**
 * The part every transport shares: listeners, versions and the trusted flag. A transport calls
 * `deliver` for each message it receives and `lose`/`regain` as its connection comes and goes.
 */
export abstract class FeedBase implements InvalidationFeed {
  abstract readonly kind: InvalidationFeed['kind'];
  /** Names this instance on the wire, so it skips its own messages coming back. */
  readonly #origin = randomUUID();
  /** Numbers this instance's messages, so no two of them read the same. */
  #sent = 0;
  readonly #listeners = new Map<InvalidationTopic, InvalidationListener[]>();
  readonly #versions = new Map<InvalidationTopic, number>();
  #trusted: boolean;

  protected constructor(trusted: boolean) {
    this.#trusted = trusted;
  }

  get trusted(): boolean {
    return this.#trusted;
  }

  version(topic: InvalidationTopic): number {
    return this.#versions.get(topic) ?? 0;
  }

  subscribe(topic: InvalidationTopic, listener: InvalidationListener): void {
    this.#listeners.set(topic, [...(this.#listeners.get(topic) ?? []), listener]);
  }

  async publish(topic: InvalidationTopic, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    this.deliver(topic, keys);
    await this.send(topic, keys);
  }

  /** Sends to the other instances (this one has already applied it). */
  protected abstract send(topic: InvalidationTopic, keys: readonly string[]): Promise<void>;

  abstract close(): Promise<void>;

  protected deliver(topic: InvalidationTopic, keys: readonly string[]): void {
    this.#versions.set(topic, this.version(topic) + 1);
    for (const listener of this.#listeners.get(topic) ?? []) listener(keys);
  }

  /** The wire form of a message of ours. */
  protected encode(topic: InvalidationTopic, keys: readonly string[]): string {
    const message: FeedMessage = { from: this.#origin, n: ++this.#sent, topic, keys };
    return JSON.stringify(message);
  }

  /** A message off the wire: applied unless it is our own; unreadable means "all changed". */
  protected receive(text: string): void {
    const message = parseFeedMessage(text);
    if (message === 'unreadable') this.resetAll();
    else if (message.from !== this.#origin) this.deliver(message.topic, message.keys);
  }

  /** The connection is gone: stop trusting memory and drop it all. */
  protected lose(): void {
    this.#trusted = false;
    this.resetAll();
  }

  /**
   * Listening again. Anything cached during the gap may have missed a message, so everything
   * is dropped once more before memory is trusted again.
   */
  protected regain(): void {
    this.resetAll();
    this.#trusted = true;
  }

  /** Every topic is dropped whole (a message we could not read, a gap in the feed). */
  protected resetAll(): void {
    for (const topic of this.#listeners.keys()) this.deliver(topic, [ALL_KEYS]);
  }
}

/**
 * One process owns the database (PGlite): invalidations never leave it. Apps that share one
 * database object in a process (tests run two "instances" on one in-memory PGlite) share a
 * hub, so each hears the others at once, synchronously.
 */
export class LocalFeed extends FeedBase {
  readonly kind = 'local';

  constructor(private readonly hub: Set<LocalFeed>) {
    super(true);
    hub.add(this);
  }

  protected async send(topic: InvalidationTopic, keys: readonly string[]): Promise<void> {
    for (const feed of this.hub) if (feed !== this) feed.deliver(topic, keys);
  }

  async close(): Promise<void> {
    this.hub.delete(this);
  }
}

/** The wire form shared by the transports: who sent it (to skip our own), topic and keys. */
interface FeedMessage {
  from: string;
  n?: number;
  topic: InvalidationTopic;
  keys: readonly string[];
}

const TOPICS: readonly InvalidationTopic[] = ['channel-session', 'login', 'catalog'];

/** Reads a message off the wire; anything malformed is treated as "everything changed". */
function parseFeedMessage(text: string): FeedMessage | 'unreadable' {
  try {
    const value = JSON.parse(text) as Partial<FeedMessage>;
    if (
      typeof value.from === 'string' &&
      TOPICS.includes(value.topic as InvalidationTopic) &&
      Array.isArray(value.keys) &&
      value.keys.every((key) => typeof key === 'string')
    ) {
      return value as FeedMessage;
    }
  } catch {}
  return 'unreadable';
}
