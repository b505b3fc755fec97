import { randomInt } from 'node:crypto';
import { ApiError, IroncartClient, MemorySessionStore, newIdempotencyKey } from '@ironcart/sdk';
import type { Cart } from '@ironcart/server/api';
import type { ChaoticServer } from './chaotic-server.js';
import { BUYER_PASSWORD, buyerEmail, catalog } from './store.js';

/** What the buyers saw, for the invariants (paid orders) and to prove the chaos was real. */
export interface LoadStats {
  /** Purchase attempts, one idempotency key each. */
  checkouts: number;
  /** Checkouts sent again with the same key after a cut request or a 5xx. */
  checkoutRetries: number;
  /** Requests that failed on the wire: refused while the server was down, or cut by a kill. */
  networkErrors: number;
  /** Of those, requests the kill cut after they were sent (anything but a refused connection). */
  cutRequests: number;
  serverErrors: number;
  /** Keys given up on while the server still said the cut attempt was in progress. */
  abandonedKeys: number;
  relogins: number;
  /** Orders the server answered 201 for. */
  paidOrderIds: Set<string>;
  /** Every other final checkout answer, by `status code`. */
  answers: Record<string, number>;
}

export const emptyStats = (): LoadStats => ({
  checkouts: 0,
  checkoutRetries: 0,
  networkErrors: 0,
  cutRequests: 0,
  serverErrors: 0,
  abandonedKeys: 0,
  relogins: 0,
  paidOrderIds: new Set(),
  answers: {},
});

/** Tries per request before a buyer gives up and fails the run (each waits for the server). */
const MAX_ATTEMPTS = 20;
/**
 * How often a buyer asks again while its key is `checkout_in_progress`. A killed attempt stays
 * so until the sweeper settles its order (a minute or more), so a shopper soon moves on.
 */
const IN_PROGRESS_POLLS = 4;

const purchase = {
  card: {
    number: '4242424242424242',
    expMonth: 12,
    expYear: new Date().getUTCFullYear() + 2,
    cvc: '123',
    holder: 'Chaos Buyer',
  },
  billing: {
    name: 'Chaos Buyer',
    line1: '1 Crash Street',
    city: 'Portland',
    postalCode: '97204',
    country: 'US',
  },
};

type Failure = 'network' | 'server' | 'session' | 'answer';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error from undici or the SDK's transport: the request never got an answer. */
function isNetworkError(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.name === 'TransportError' || typeof (e as { code?: unknown }).code === 'string') {
      return true;
    }
  }
  return false;
}

function hasCode(error: unknown, code: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === code) return true;
  }
  return false;
}

function failureOf(error: unknown, reloginOn401: boolean): Failure {
  if (error instanceof ApiError) {
    if (error.status >= 500) return 'server';
    return error.status === 401 && reloginOn401 ? 'session' : 'answer';
  }
  if (isNetworkError(error)) return 'network';
  throw error;
}

/**
 * A shopper in a loop: a fresh cart of 1-3 units of hot products, then checkout with a new
 * idempotency key. A request lost to a kill is sent again, unchanged, once the server is back:
 * for checkout that is the same key, which must never charge twice.
 */
export class Buyer {
  readonly #client: IroncartClient;
  readonly #email: string;

  constructor(
    n: number,
    private readonly server: ChaoticServer,
    private readonly stats: LoadStats,
  ) {
    this.#email = buyerEmail(n);
    this.#client = new IroncartClient({ baseUrl: server.baseUrl, store: new MemorySessionStore() });
  }

  async login(): Promise<void> {
    const answer = await this.#call(
      () => this.#client.login({ email: this.#email, password: BUYER_PASSWORD }),
      false,
    );
    if (answer instanceof ApiError) throw answer;
  }

  async run(stopped: () => boolean): Promise<void> {
    while (!stopped()) {
      const cart = await this.#fillCart();
      if (cart) await this.#checkout(newIdempotencyKey(), cart);
      // Sold out: nothing to buy, so do not spin.
      else await pause(100);
    }
  }

  /** The cart as the buyer last saw it, or undefined when nothing could be added. */
  async #fillCart(): Promise<Cart | undefined> {
    const emptied = await this.#call(() => this.#client.emptyCart());
    if (this.#heldByCheckout(emptied)) return undefined;
    this.#expectOk(emptied);
    let cart: Cart | undefined;
    for (let i = randomInt(1, 4); i > 0; i--) {
      const variant = catalog[randomInt(catalog.length)]?.id ?? '';
      const added = await this.#call(() => this.#client.addToCart(variant, 1));
      if (this.#heldByCheckout(added)) return undefined;
      if (added instanceof ApiError && added.code !== 'insufficient_stock') throw added;
      if (!(added instanceof ApiError)) cart = added;
    }
    return cart;
  }

  /**
   * A killed attempt's pending order holds the cart until the sweeper settles it: every change
   * answers 409 cart_in_checkout meanwhile, and the buyer waits (counted with the answers).
   */
  #heldByCheckout(answer: unknown): boolean {
    if (!(answer instanceof ApiError) || answer.code !== 'cart_in_checkout') return false;
    const outcome = '409 cart_in_checkout (cart change)';
    this.stats.answers[outcome] = (this.stats.answers[outcome] ?? 0) + 1;
    return true;
  }

  async #checkout(key: string, cart: Cart): Promise<void> {
    this.stats.checkouts++;
    let sent = 0;
    const body = { ...purchase, cartVersion: cart.version };
    const send = () => {
      if (sent++ > 0) this.stats.checkoutRetries++;
      return this.#client.checkout(body, key);
    };
    for (let polls = 0; ; polls++) {
      const answer = await this.#call(send);
      if (!(answer instanceof ApiError)) {
        this.stats.paidOrderIds.add(answer.id);
        return;
      }
      if (answer.code !== 'checkout_in_progress') {
        const outcome = `${answer.status} ${answer.code}`;
        this.stats.answers[outcome] = (this.stats.answers[outcome] ?? 0) + 1;
        return;
      }
      if (polls === IN_PROGRESS_POLLS) {
        this.stats.abandonedKeys++;
        return;
      }
      await pause(250);
    }
  }

  /** Runs a request until it gets an answer, riding out kills, 5xx and lost logins. */
  async #call<T>(request: () => Promise<T>, reloginOn401 = true): Promise<T | ApiError> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        const failure = failureOf(error, reloginOn401);
        if (failure === 'answer') return error as ApiError;
        if (attempt >= MAX_ATTEMPTS) throw error;
        await this.#recover(failure, error);
      }
    }
  }

  async #recover(failure: Exclude<Failure, 'answer'>, error: unknown): Promise<void> {
    if (failure === 'network') {
      this.stats.networkErrors++;
      if (!hasCode(error, 'ECONNREFUSED')) this.stats.cutRequests++;
      await this.server.whenUp();
      await pause(randomInt(20, 100));
    } else if (failure === 'server') {
      this.stats.serverErrors++;
      await pause(200);
    } else {
      this.stats.relogins++;
      await this.login();
    }
  }

  #expectOk<T>(answer: T | ApiError): T {
    if (answer instanceof ApiError) throw answer;
    return answer;
  }
}
