import { randomBytes } from 'node:crypto';

/** What a route learns about the channel a request came through. */
export interface ChannelContext {
  sid: string;
  userId: string | null;
  loginSessionId: string | null;
  expiresAt: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for requests that arrived through the secure channel. */
    channel: ChannelContext | null;
  }
}

/**
 * Hands the channel context from the tunnel to the request it dispatches. Fastify's inject
 * does not carry async context, so the tunnel issues a single-use ticket (256 random bits) in
 * a header of the dispatched request, and the API guard redeems it. A plaintext client cannot
 * guess a live ticket, so it cannot pass for a tunnelled request. The guard does not always run
 * (a rate limit or an unknown route ends the request first), so the tunnel discards the ticket
 * when the inner request is over, whatever became of it.
 */
export class ChannelDispatch {
  static readonly header = 'x-ironcart-channel-dispatch';
  readonly #pending = new Map<string, ChannelContext>();

  issue(context: ChannelContext): string {
    const ticket = randomBytes(32).toString('base64url');
    this.#pending.set(ticket, context);
    return ticket;
  }

  /** Tickets issued and not yet redeemed or discarded. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Forgets a ticket, redeemed or not. */
  discard(ticket: string): void {
    this.#pending.delete(ticket);
  }

  /** The context for a ticket, once; undefined for anything else. */
  redeem(ticket: unknown): ChannelContext | undefined {
    if (typeof ticket !== 'string') return undefined;
    const context = this.#pending.get(ticket);
    this.#pending.delete(ticket);
    return context;
  }
}
