import { FeedBase } from '../lib/invalidation/feed.js';

/**
 * An in-process feed whose connection a test drops and brings back by hand: the shared
 * bookkeeping of every real transport (FeedBase), with `lose`/`regain` in the test's hands.
 */
export class ControlledFeed extends FeedBase {
  readonly kind = 'local';

  constructor() {
    super(true);
  }

  /** The connection is gone: untrusted, and every topic dropped. */
  drop(): void {
    this.lose();
  }

  /** Back: every topic dropped once more, then trusted. */
  restore(): void {
    this.regain();
  }

  protected async send(): Promise<void> {}

  async close(): Promise<void> {}
}
