import { createHash, randomUUID } from 'node:crypto';
import { type ValidCard, validateCard } from '@ironcart/cards';
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { resultRows } from '../../db/rows.js';
import { errorBody, HttpError } from '../../lib/errors.js';
import { type PricingRules, priceLines } from '../cart/pricing.js';
import { type CartService, type CheckoutSnapshot, cartInCheckout } from '../cart/service.js';
import { variantName } from '../catalog/variants.js';
import { UNFULFILLED } from '../orders/fulfilment.js';
import { MAX_ORDER_TOTAL_CENTS, orderLimitExceeded } from '../orders/limits.js';
import { type OrderLineRow, OutOfStock, recordOrder, returnStock } from '../orders/recording.js';
import type { OrderDetail } from '../orders/schemas.js';
import { type OrderRow, type OrderService, orderDetail } from '../orders/service.js';
import { orders } from '../orders/tables.js';
import {
  type DeclineCode,
  declineMessage,
  GatewayUnavailableError,
  isDeclineCode,
  type PaymentGateway,
} from '../payments/gateway.js';
import { orderPaymentKeys } from '../payments/order-keys.js';
import { payments } from '../payments/tables.js';
import type { CheckoutBody } from './schemas.js';
import { idempotencyRecords } from './tables.js';

export interface CheckoutServiceDeps {
  db: Db;
  carts: CartService;
  orders: OrderService;
  gateway: PaymentGateway;
  pricing: PricingRules;
  currency: string;
  /** How long a pending order holds its stock before the sweeper settles it. */
  reservationMs: number;
  /** How long an idempotency key is remembered. */
  idempotencyTtlMs: number;
  /**
   * Tells every instance's catalog cache which products' stock changed (after the commit).
   * catalog/answer-cache.ts catalogChanged over the app's feed.
   */
  catalogChanged: (productIds: Iterable<string>) => Promise<void>;
  now: () => number;
}

/** A checkout answer, stored under the idempotency key and replayed for retries. */
export interface CheckoutAnswer {
  status: number;
  body: unknown;
}

/** Everything one checkout attempt is about. */
interface Purchase {
  user: { id: string };
  body: CheckoutBody;
  card: ValidCard;
  scope: string;
  key: string;
  requestHash: Buffer;
}

type PendingOrder = {
  id: string;
  number: number;
  totalCents: number;
};

/** An order the reservation just wrote, with its rows as written (to answer without reading). */
interface Reservation extends PendingOrder {
  row: OrderRow;
  lines: OrderLineRow[];
}

/** Where the answer to a paid order goes: the key of the attempt that paid it. */
interface KeyToAnswer {
  scope: string;
  key: string;
  body: (paidAt: Date) => OrderDetail;
}

const authorizeKey = (orderId: string) => orderPaymentKeys(orderId).authorize;
const captureKey = (orderId: string) => orderPaymentKeys(orderId).capture;
const voidKey = (orderId: string) => orderPaymentKeys(orderId).void;
const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checkout, designed so that no failure anywhere oversells, double-charges or loses stock, in a
 * handful of statements whatever the number of lines (docs/decisions.md, "Checkout in a handful
 * of statements"):
 *
 * 1. One short transaction claims the idempotency key and the cart in one statement (a retry
 *    replays the stored answer; the same key with another purchase is refused; one checkout in
 *    flight per cart), reads the cart under that claim (it must be the version the shopper was
 *    shown), then takes the stock and records the order `pending` with its lines in one
 *    statement (recordOrder: rows locked in variant-id order, conditional updates). Anything
 *    refused rolls it all back, the key's claim with it.
 * 2. The gateway is called outside any transaction (authorize, then capture), with keys derived
 *    from the order id, so any retry of a call is idempotent at the gateway too.
 * 3. One conditional statement settles the order: `paid`, consuming the cart, recording the
 *    payment and storing the answer under the key; or `failed` with its stock returned (which
 *    ends the cart's claim).
 *
 * A refusal about the purchase (out of stock, empty cart, ...) is stored under the key; a passing
 * conflict (the cart changed, another checkout holds it) or a fault before the order leaves the
 * key unclaimed; a fault after the order settles it at once. A crash between 1 and 3 leaves a
 * pending order whose reservation expires; the sweeper asks the gateway what happened to its
 * authorization and finishes the job either way.
 */
export class CheckoutService {
  constructor(private readonly deps: CheckoutServiceDeps) {}

  async checkout(
    user: { id: string },
    idempotencyKey: string,
    body: CheckoutBody,
  ): Promise<CheckoutAnswer> {
    const validation = validateCard(body.card, new Date(this.deps.now()));
    if (!validation.ok) {
      const [first] = validation.errors;
      throw new HttpError(
        400,
        'invalid_card',
        first?.message ?? 'The card details are not valid.',
        validation.errors.map((e) => ({ path: `body/card/${e.field}`, message: e.message })),
      );
    }
    const card = validation.card;
    // What makes two requests "the same purchase": the billing address, which card (never the
    // number itself) and the cart the shopper confirmed (its version). A retry after success
    // finds that cart consumed and still gets the stored answer.
    const requestHash = sha256(
      JSON.stringify({
        billing: body.billing,
        card: [card.brand, card.last4, card.expMonth, card.expYear, card.holder],
        cartVersion: body.cartVersion,
      }),
    );
    const purchase = {
      user,
      body,
      card,
      scope: `user:${user.id}`,
      key: idempotencyKey,
      requestHash,
    };
    let order: Reservation;
    try {
      order = await this.#reserve(purchase);
    } catch (error) {
      return this.#notReserved(error, purchase);
    }
    try {
      return await this.#pay(purchase, order);
    } catch (error) {
      await this.#settleAfterFault(error, purchase, order);
      throw error;
    }
  }

  /**
   * The answer to an attempt whose reservation rolled back (so its key is not claimed):
   * - the key was another attempt's: that attempt's answer (or 422, or 409 while it runs);
   * - a passing state (the cart changed, another checkout holds it, an order over the limit):
   *   answered and nothing stored, so the key can be used again;
   * - a refusal about this purchase (out of stock, empty cart, ...): stored under the key;
   * - any other fault: thrown, the key left free.
   */
  async #notReserved(error: unknown, purchase: Purchase): Promise<CheckoutAnswer> {
    if (error instanceof KeyTaken) return this.#replay(purchase);
    if (error instanceof CartChangedMeanwhile) return this.#cartChanged(purchase);
    if (error instanceof NoCartClaimed) {
      const { lines } = await this.deps.carts.checkoutSnapshot(purchase.user.id);
      if (lines.length > 0) throw cartInCheckout();
      error = cartEmpty();
    }
    if (!(error instanceof HttpError) || PASSING.has(error.code)) throw error;
    await this.#remember(purchase, {
      status: error.statusCode,
      body: errorBody(error.code, error.message, error.details, error.available),
    });
    throw error;
  }

  /**
   * After the order was made, a fault leaves the key answerable, never stuck "in progress":
   * a payment whose outcome is unknown (503, or the gateway unreachable) stays pending for the
   * sweeper to settle with the gateway and answer the key; any other fault settles the order at
   * once and answers the key from it.
   */
  async #settleAfterFault(error: unknown, purchase: Purchase, order: PendingOrder): Promise<void> {
    if (error instanceof GatewayUnavailableError) return;
    if (error instanceof HttpError && error.statusCode === 503) return;
    try {
      const pending = await this.#pendingOrder(order.id);
      if (pending) await this.#settleWithGateway(pending);
      const answer = await this.#answerFromOrder(order.id);
      if (answer) await this.#complete(purchase.scope, purchase.key, answer);
    } catch {
      // The store or the gateway is failing too: the sweeper settles the order and the key
      // later. The caller reports the original fault.
    }
  }

  /**
   * Settles pending orders whose reservation has expired (a crash, or a gateway that never
   * answered): an authorization the gateway has is captured and the order paid; otherwise the
   * order fails and its stock returns. Then answers the idempotency keys whose first attempt
   * died, and forgets expired keys.
   */
  async sweep(): Promise<{ settled: number }> {
    const now = new Date(this.deps.now());
    const stale = await this.deps.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.status, 'pending'), lt(orders.reservedUntil, now)))
      .orderBy(asc(orders.reservedUntil))
      .limit(100);
    for (const { id } of stale) {
      const order = await this.#pendingOrder(id);
      if (order) await this.#settleWithGateway(order);
    }
    await this.#answerAbandonedKeys(now);
    await this.deps.db.delete(idempotencyRecords).where(lt(idempotencyRecords.expiresAt, now));
    return { settled: stale.length };
  }

  /**
   * Settles a pending order whose attempt can no longer finish it: an authorization the gateway
   * has is captured and the order paid; otherwise the order fails and its stock returns.
   */
  async #settleWithGateway(order: PendingOrder): Promise<void> {
    const found = await this.deps.gateway.lookup({ idempotencyKey: authorizeKey(order.id) });
    const authorized = found.ok && (found.status === 'authorized' || found.status === 'captured');
    if (authorized) await this.#captureAndSettle(order, found.reference);
    else await this.#fail(order, 'processing_error');
  }

  /**
   * Keys whose first attempt died (the process was killed) stay `in_progress`. Once their order
   * is settled they get its answer, so a retry with the key is answered instead of being told
   * "in progress" for a day (settling the order consumed or freed the cart already).
   * A key that died before its order was made is released, so a retry starts afresh; it waits
   * two reservation periods first, far longer than a live attempt takes to make its order.
   */
  async #answerAbandonedKeys(now: Date): Promise<void> {
    const stuck = await this.deps.db
      .select()
      .from(idempotencyRecords)
      .where(
        and(
          eq(idempotencyRecords.state, 'in_progress'),
          lt(idempotencyRecords.createdAt, new Date(now.getTime() - this.deps.reservationMs)),
        ),
      )
      .limit(100);
    for (const record of stuck) {
      const which = and(
        eq(idempotencyRecords.scope, record.scope),
        eq(idempotencyRecords.key, record.key),
        eq(idempotencyRecords.state, 'in_progress'),
      );
      if (!record.orderId) {
        const releaseBefore = new Date(now.getTime() - 2 * this.deps.reservationMs);
        if (record.createdAt < releaseBefore) {
          await this.deps.db
            .delete(idempotencyRecords)
            .where(and(which, isNull(idempotencyRecords.orderId)));
        }
        continue;
      }
      const answer = await this.#answerFromOrder(record.orderId);
      if (!answer) continue;
      await this.deps.db
        .update(idempotencyRecords)
        .set({ state: 'completed', responseStatus: answer.status, responseBody: answer.body })
        .where(which);
    }
  }

  /**
   * The answer for a key another attempt holds: the stored answer for a retry of the same
   * purchase (same card, billing and cart version); 422 when the key was used for another
   * purchase; 409 while the first attempt still runs. A first attempt that died after its order
   * was settled (a crash before its answer was stored) is answered from the order.
   */
  async #replay({ scope, key, requestHash }: Purchase): Promise<CheckoutAnswer> {
    const [record] = await this.deps.db
      .select()
      .from(idempotencyRecords)
      .where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key)));
    if (record && !Buffer.from(record.requestHash).equals(requestHash)) {
      throw new HttpError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different purchase. Use a new key for a new purchase.',
      );
    }
    if (record?.state === 'completed' && record.responseStatus !== null) {
      return { status: record.responseStatus, body: record.responseBody };
    }
    if (record?.orderId) {
      const answer = await this.#answerFromOrder(record.orderId);
      if (answer) return this.#complete(scope, key, answer);
    }
    throw new HttpError(
      409,
      'checkout_in_progress',
      'This checkout is being processed. Try again in a moment.',
    );
  }

  /**
   * The answer a checkout gets for an order that is settled: 201 with the order when paid, the
   * decline when not; undefined while it is pending.
   */
  async #answerFromOrder(orderId: string): Promise<CheckoutAnswer | undefined> {
    const order = await this.deps.orders.detailById(orderId);
    if (order.status === 'pending') return undefined;
    if (order.status === 'paid' || order.status === 'refunded') return { status: 201, body: order };
    const [failure] = await this.deps.db
      .select({ code: payments.failureCode })
      .from(payments)
      .where(and(eq(payments.orderId, orderId), eq(payments.status, 'failed')));
    const decline = isDeclineCode(failure?.code) ? failure.code : 'processing_error';
    return { status: 402, body: errorBody(decline, declineMessage(decline)) };
  }

  async #complete(
    scope: string,
    key: string,
    answer: CheckoutAnswer,
    orderId?: string,
  ): Promise<CheckoutAnswer> {
    await this.deps.db
      .update(idempotencyRecords)
      .set({
        state: 'completed',
        responseStatus: answer.status,
        responseBody: answer.body,
        ...(orderId ? { orderId } : {}),
      })
      .where(and(eq(idempotencyRecords.scope, scope), eq(idempotencyRecords.key, key)));
    return answer;
  }

  /** Stores the answer to an attempt that made no order (its claim of the key rolled back). */
  async #remember({ scope, key, requestHash }: Purchase, answer: CheckoutAnswer): Promise<void> {
    const now = this.deps.now();
    await this.deps.db
      .insert(idempotencyRecords)
      .values({
        scope,
        key,
        requestHash,
        state: 'completed',
        responseStatus: answer.status,
        responseBody: answer.body,
        createdAt: new Date(now),
        expiresAt: new Date(now + this.deps.idempotencyTtlMs),
      })
      // Another attempt with the key got in since: it answers for the key.
      .onConflictDoNothing();
  }

  /**
   * 409 cart_changed with the cart as it is now. Not an answer about this purchase: the shopper
   * confirms the new cart, with this key or another, so nothing is stored under the key.
   */
  async #cartChanged(purchase: Purchase): Promise<CheckoutAnswer> {
    return {
      status: 409,
      body: {
        ...errorBody(
          'cart_changed',
          'Your cart changed since you last saw it (a price, a quantity or an item). Please check the new total and confirm again.',
        ),
        cart: await this.deps.carts.view({ userId: purchase.user.id }),
      },
    };
  }

  /** Authorizes and captures the reserved order's payment, and answers. */
  async #pay(purchase: Purchase, order: Reservation): Promise<CheckoutAnswer> {
    const { card, scope, key } = purchase;
    let authorization: Awaited<ReturnType<PaymentGateway['authorize']>>;
    try {
      authorization = await this.deps.gateway.authorize({
        idempotencyKey: authorizeKey(order.id),
        amountCents: order.totalCents,
        currency: this.deps.currency,
        card,
        description: `Ironcart order ${order.number}`,
      });
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError)) throw error;
      // Unknown outcome: the order stays pending and the sweeper settles it with the gateway.
      throw new HttpError(
        503,
        'payment_pending',
        'We could not reach the payment provider. Your order is pending; check your orders in a few minutes before trying again.',
      );
    }
    if (!authorization.ok) {
      await this.#fail(order, authorization.decline);
      return this.#complete(scope, key, declineAnswer(authorization.decline), order.id);
    }
    const paidAs = (paidAt: Date) =>
      orderDetail(
        { ...order.row, status: 'paid', paidAt, updatedAt: paidAt, reservedUntil: null },
        order.lines,
      );
    const settled = await this.#captureAndSettle(order, authorization.reference, {
      scope,
      key,
      body: paidAs,
    });
    if (!settled.ok) {
      return this.#complete(scope, key, declineAnswer(settled.decline), order.id);
    }
    return { status: 201, body: settled.answer };
  }

  /**
   * The reservation transaction, 3 statements between BEGIN and COMMIT: the key and the cart
   * claimed together, the cart read under its claim, the stock taken and the order recorded
   * together. Throws, rolling it all back, KeyTaken, NoCartClaimed, CartChangedMeanwhile, or the
   * HttpError refusing the cart.
   */
  async #reserve(purchase: Purchase): Promise<Reservation> {
    const { user, body, card, scope, key, requestHash } = purchase;
    const now = this.deps.now();
    const orderId = randomUUID();
    const reservation = await this.deps.db.transaction(async (tx): Promise<Reservation> => {
      // First, so that racing checkouts of this key or this cart wait here and take no stock.
      // The key names its order from the start: the key and the order commit together or not.
      const claim = await tx.execute(sql`
        with claimed_key as (${tx
          .insert(idempotencyRecords)
          .values({
            scope,
            key,
            requestHash,
            state: 'in_progress',
            orderId,
            createdAt: new Date(now),
            expiresAt: new Date(now + this.deps.idempotencyTtlMs),
          })
          .onConflictDoNothing()
          .returning({ key: idempotencyRecords.key })
          .getSQL()}),
        claimed_cart as (${this.deps.carts.checkoutClaim(
          user.id,
          orderId,
          sql`exists (select 1 from claimed_key)`,
        )})
        select exists (select 1 from claimed_key) as key_claimed,
          (select id from claimed_cart) as cart_id`);
      const [claimed] = resultRows<{ key_claimed: boolean; cart_id: string | null }>(claim);
      if (!claimed?.key_claimed) throw new KeyTaken();
      if (!claimed.cart_id) throw new NoCartClaimed();
      // The claim holds the cart's lock, which every change takes: a change that committed
      // before the claim shows now (a new statement, a new snapshot), and none can come after.
      const snapshot = await this.deps.carts.snapshotOf(claimed.cart_id, tx);
      const totals = this.#refuseUnlessBuyable(snapshot, body.cartVersion);
      const row: OrderRow = {
        id: orderId,
        number: 0,
        userId: user.id,
        source: 'storefront',
        status: 'pending',
        currency: this.deps.currency,
        ...totals,
        billingName: body.billing.name,
        billingAddress: {
          line1: body.billing.line1,
          ...(body.billing.line2 ? { line2: body.billing.line2 } : {}),
          city: body.billing.city,
          postalCode: body.billing.postalCode,
          country: body.billing.country,
        },
        cardBrand: card.brand,
        cardLast4: card.last4,
        cardExpMonth: card.expMonth,
        cardExpYear: card.expYear,
        createdAt: new Date(now),
        updatedAt: new Date(now),
        paidAt: null,
        reservedUntil: new Date(now + this.deps.reservationMs),
        refundedAt: null,
        cancelledAt: null,
        ...UNFULFILLED,
        legacyClientId: null,
      };
      const { number, ...values } = row;
      try {
        const recorded = await recordOrder(tx, values, snapshot.lines, new Date(now));
        return {
          id: orderId,
          number: recorded.number,
          totalCents: totals.totalCents,
          row: { ...row, number: recorded.number },
          lines: recorded.lines,
        };
      } catch (error) {
        if (error instanceof OutOfStock) throw outOfStock(error);
        throw error;
      }
    });
    await this.deps.catalogChanged(reservation.lines.map((line) => line.productId));
    return reservation;
  }

  /** The totals of a cart fit to buy as the shopper saw it; throws the refusal otherwise. */
  #refuseUnlessBuyable(snapshot: CheckoutSnapshot, cartVersion: string) {
    if (snapshot.lines.length === 0) throw cartEmpty();
    const totals = priceLines(snapshot.lines, this.deps.pricing);
    if (totals.totalCents > MAX_ORDER_TOTAL_CENTS) {
      throw orderLimitExceeded(totals.totalCents, this.deps.currency);
    }
    if (snapshot.version !== cartVersion) throw new CartChangedMeanwhile();
    const blocked = snapshot.lines.find((line) => line.state !== 'ok');
    if (blocked) {
      const code = blocked.state === 'unavailable' ? 'product_unavailable' : 'insufficient_stock';
      throw new HttpError(
        409,
        code,
        `${variantName(blocked.title, blocked.variantLabel)}: ${blocked.problem}`,
      );
    }
    return totals;
  }

  /**
   * Captures an authorization and marks the order paid, in one statement that also consumes the
   * cart, records the payment and, for a live attempt, stores its answer under its key; voids or
   * refunds the authorization if the order was settled meanwhile.
   */
  async #captureAndSettle(
    order: PendingOrder,
    reference: string,
    answering?: KeyToAnswer,
  ): Promise<
    { ok: true; answer?: OrderDetail } | { ok: false; decline: DeclineCode; retryable: boolean }
  > {
    const capture = await this.deps.gateway.capture({
      idempotencyKey: captureKey(order.id),
      reference,
      amountCents: order.totalCents,
    });
    if (!capture.ok) {
      await this.deps.gateway.void({ idempotencyKey: voidKey(order.id), reference });
      await this.#fail(order, capture.decline);
      return capture;
    }
    const now = new Date(this.deps.now());
    const answer = answering?.body(now);
    const { db } = this.deps;
    const settled = await db.execute(sql`
      with paid as (${db
        .update(orders)
        .set({ status: 'paid', paidAt: now, updatedAt: now, reservedUntil: null })
        .where(and(eq(orders.id, order.id), eq(orders.status, 'pending')))
        .returning({ id: orders.id })
        .getSQL()}),
      consumed as (${this.deps.carts.checkoutConsumed(sql`(select id from paid)`)}),
      payment as (
        insert into ${payments} (order_id, gateway, gateway_reference, status, amount_cents,
          currency, idempotency_key, created_at, updated_at)
        select id, ${this.deps.gateway.name}, ${reference}, 'captured', ${order.totalCents}::int,
          ${this.deps.currency}, ${captureKey(order.id)}, ${now.toISOString()}::timestamptz,
          ${now.toISOString()}::timestamptz
        from paid
      )${
        answering && answer
          ? sql`, answered as (${db
              .update(idempotencyRecords)
              .set({ state: 'completed', responseStatus: 201, responseBody: answer })
              .where(
                and(
                  eq(idempotencyRecords.scope, answering.scope),
                  eq(idempotencyRecords.key, answering.key),
                  sql`exists (select 1 from paid)`,
                ),
              )
              .getSQL()})`
          : sql``
      }
      select exists (select 1 from paid) as paid`);
    const [row] = resultRows<{ paid: boolean }>(settled);
    if (!row?.paid) {
      // The sweeper failed this order while the gateway was slow: give the money back.
      await this.deps.gateway.refund({
        idempotencyKey: orderPaymentKeys(order.id).refund,
        reference,
        amountCents: order.totalCents,
      });
      return { ok: false, decline: 'processing_error', retryable: true };
    }
    return answer ? { ok: true, answer } : { ok: true };
  }

  /** Fails a pending order and returns its stock, once (the status transition guards it). */
  async #fail(order: PendingOrder, reason: string): Promise<void> {
    const now = new Date(this.deps.now());
    let returned: string[] = [];
    await this.deps.db.transaction(async (tx) => {
      const updated = await tx
        .update(orders)
        .set({ status: 'failed', updatedAt: now, reservedUntil: null })
        .where(and(eq(orders.id, order.id), eq(orders.status, 'pending')))
        .returning({ id: orders.id });
      if (updated.length === 0) return;
      returned = await returnStock(tx, order.id, now);
      await tx
        .insert(payments)
        .values({
          orderId: order.id,
          gateway: this.deps.gateway.name,
          status: 'failed',
          amountCents: order.totalCents,
          currency: this.deps.currency,
          idempotencyKey: authorizeKey(order.id),
          failureCode: reason,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing();
    });
    await this.deps.catalogChanged(returned);
  }

  async #pendingOrder(id: string): Promise<PendingOrder | undefined> {
    const [order] = await this.deps.db
      .select({ id: orders.id, number: orders.number, totalCents: orders.totalCents })
      .from(orders)
      .where(and(eq(orders.id, id), eq(orders.status, 'pending')));
    return order;
  }
}

/** Thrown inside the reservation transaction (rolling it back) when the cart changed since its snapshot. */
class CartChangedMeanwhile extends Error {}
/** Thrown inside the reservation transaction when another attempt holds the key. */
class KeyTaken extends Error {}
/** Thrown inside the reservation transaction when the user has no open cart free to claim. */
class NoCartClaimed extends Error {}

/** Refusals that are not answers about the purchase: a retry with the same key may succeed. */
const PASSING = new Set(['cart_in_checkout', 'order_limit_exceeded']);

const cartEmpty = () => new HttpError(409, 'cart_empty', 'Your cart is empty.');

const declineAnswer = (decline: DeclineCode): CheckoutAnswer => ({
  status: 402,
  body: errorBody(decline, declineMessage(decline)),
});

/** The shopper's refusal of a line recordOrder could not serve. */
function outOfStock({ line, available }: OutOfStock): HttpError {
  const name = variantName(line.title, line.variantLabel);
  const error = new HttpError(
    409,
    'insufficient_stock',
    available
      ? `Only ${available} of ${name} left; your cart has ${line.quantity}. Please update your cart.`
      : `${name} just sold out. Please remove it from your cart.`,
  );
  error.available = available;
  return error;
}
