import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { FeedBase, type InvalidationTopic } from './feed.js';

/** NOTIFY payloads must stay under 8,000 bytes; keys go out in messages of about this size. */
const MAX_PAYLOAD_CHARS = 7_000;
const CHANNEL = 'ironcart_invalidations';
/** How often the listener proves its connection alive (a dead socket can stay silent). */
const HEARTBEAT_MS = 5_000;
const RECONNECT_DELAY_MS = 1_000;
/** Longest a publication waits to hear itself back (see send). */
const ECHO_WAIT_MS = 1_000;

/**
 * Invalidations over PostgreSQL LISTEN/NOTIFY (no Redis configured). One dedicated connection,
 * outside the pool, listens; messages go out as `pg_notify` on the pool. NOTIFY is scoped to the
 * database, so instances of other databases on the same server never hear each other. When the
 * listening connection fails, nothing is trusted until a new one is listening.
 */
export class PostgresFeed extends FeedBase {
  readonly kind = 'postgres';
  #listener: pg.Client | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #reconnect: NodeJS.Timeout | undefined;
  #closed = false;
  /** Our own messages on their way, by their text: resolved when they come back to us. */
  readonly #echoes = new Map<string, () => void>();

  private constructor(
    private readonly url: string,
    private readonly notify: (channel: string, payload: string) => Promise<void>,
    private readonly log: FastifyBaseLogger,
  ) {
    super(false);
  }

  /** Resolves once listening, so the app starts trusting its caches. */
  static async open(
    url: string,
    notify: (channel: string, payload: string) => Promise<void>,
    log: FastifyBaseLogger,
  ): Promise<PostgresFeed> {
    const feed = new PostgresFeed(url, notify, log);
    await feed.#listen();
    return feed;
  }

  /**
   * PostgreSQL hands a notification to each listening connection in the background, after the
   * NOTIFY has returned; so a publication waits (bounded) until it comes back on our own
   * listener, by which time the other listeners have been handed it too. That keeps "revoked on
   * A, then refused on B" true when the client's next request goes straight to B.
   */
  protected async send(topic: InvalidationTopic, keys: readonly string[]): Promise<void> {
    for (const part of chunked(keys)) {
      const text = this.encode(topic, part);
      const echoed = new Promise<void>((resolve) => this.#echoes.set(text, resolve));
      let timer: NodeJS.Timeout | undefined;
      try {
        await this.notify(CHANNEL, text);
        if (!this.trusted) continue; // no listener to hear it back on
        await Promise.race([
          echoed,
          new Promise((resolve) => {
            timer = setTimeout(resolve, ECHO_WAIT_MS);
          }),
        ]);
      } finally {
        clearTimeout(timer);
        this.#echoes.delete(text);
      }
    }
  }

  protected override receive(text: string): void {
    const echo = this.#echoes.get(text);
    if (echo) echo();
    else super.receive(text);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnect);
    clearInterval(this.#heartbeat);
    await this.#listener?.end().catch(() => {});
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'ironcart-invalidations',
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel === CHANNEL) this.receive(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.#listener = client;
    this.#heartbeat = setInterval(() => {
      client.query('select 1').catch((error: Error) => this.#lost(client, error));
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
    this.regain();
    this.log.info('invalidation feed listening (postgres)');
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#closed || client !== this.#listener) return;
    this.#listener = undefined;
    clearInterval(this.#heartbeat);
    client.end().catch(() => {});
    this.log.warn({ err: error }, 'invalidation feed lost: caches dropped until it is back');
    this.lose();
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    this.#reconnect = setTimeout(() => {
      if (this.#closed) return;
      this.#listen().catch((error: unknown) => {
        this.log.warn({ err: error }, 'invalidation feed could not listen again');
        this.#scheduleReconnect();
      });
    }, RECONNECT_DELAY_MS);
    this.#reconnect.unref();
  }
}

/** Splits keys into runs whose JSON fits one NOTIFY payload. */
function chunked(keys: readonly string[]): string[][] {
  const parts: string[][] = [];
  let part: string[] = [];
  let size = 0;
  for (const key of keys) {
    if (part.length > 0 && size + key.length + 3 > MAX_PAYLOAD_CHARS) {
      parts.push(part);
      part = [];
      size = 0;
    }
    part.push(key);
    size += key.length + 3;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
