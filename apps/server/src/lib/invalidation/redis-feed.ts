import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { FeedBase, type InvalidationTopic } from './feed.js';

/** How often the subscriber proves it still hears Redis (a silent dead socket sends nothing). */
const HEARTBEAT_MS = 5_000;

/**
 * Invalidations over Redis pub/sub. A second connection subscribes (a subscribed connection can
 * do nothing else); messages go out on the app's own connection. The channel name carries the
 * connection's key prefix, since ioredis prefixes keys and not channels, so deployments (and
 * test runs) sharing a Redis keep apart. While the subscription is down nothing is trusted.
 */
export class RedisFeed extends FeedBase {
  readonly kind = 'redis';
  readonly #channel: string;
  readonly #subscriber: Redis;
  readonly #heartbeat: NodeJS.Timeout;
  #closed = false;

  private constructor(
    private readonly redis: Redis,
    private readonly log: FastifyBaseLogger,
  ) {
    super(false);
    this.#channel = `${redis.options.keyPrefix ?? ''}ironcart:invalidations`;
    this.#subscriber = redis.duplicate({
      // Named after the channel, so an operator (or a test) can tell whose subscriber it is.
      connectionName: this.#channel,
      commandTimeout: HEARTBEAT_MS,
      // The `ready` handler subscribes again itself, catching failures: ioredis's own
      // resubscription leaves its promise unhandled when the connection closes meanwhile.
      autoResubscribe: false,
    });
    this.#subscriber.on('error', (error) => log.warn({ err: error }, 'invalidation feed error'));
    this.#subscriber.on('message', (_channel: string, text: string) => this.receive(text));
    this.#subscriber.on('close', () => this.#lost('connection closed'));
    // After a reconnect: subscribe again, then trust again.
    this.#subscriber.on('ready', () => {
      if (!this.#closed) this.#subscribe();
    });
    this.#heartbeat = setInterval(() => {
      this.#subscriber.ping().then(
        () => {
          if (!this.trusted) this.#subscribe();
        },
        () => {
          this.#lost('heartbeat failed');
          this.#subscriber.disconnect(true);
        },
      );
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** Resolves once subscribed, so the app starts trusting its caches. */
  static async open(redis: Redis, log: FastifyBaseLogger): Promise<RedisFeed> {
    const feed = new RedisFeed(redis, log);
    await feed.#subscribe();
    return feed;
  }

  protected async send(topic: InvalidationTopic, keys: readonly string[]): Promise<void> {
    await this.redis.publish(this.#channel, this.encode(topic, keys));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#subscriber.disconnect();
  }

  async #subscribe(): Promise<void> {
    try {
      await this.#subscriber.subscribe(this.#channel);
      if (!this.trusted) {
        this.regain();
        this.log.info('invalidation feed listening (redis)');
      }
    } catch (error) {
      this.log.warn({ err: error }, 'invalidation feed could not subscribe');
      this.#lost('subscribe failed');
    }
  }

  #lost(reason: string): void {
    if (this.#closed || !this.trusted) return;
    this.log.warn({ reason }, 'invalidation feed lost: caches dropped until it is back');
    this.lose();
  }
}
