import { HttpError } from '../../lib/errors.js';
import { formatCents } from '../../lib/money.js';

/**
 * The largest amount one order may total, in integer cents: $1,000,000.00. Money columns are
 * 32-bit integers (at most 2,147,483,647 cents), and a cart's total is a product of prices and
 * quantities, so every place where an amount is made (an admin's price, a cart line's
 * quantity × price, a checkout's total, the legacy checkout) is bounded by this one figure
 * well before a column could overflow. A bigger order is a clear 4xx, never a 500.
 */
export const MAX_ORDER_TOTAL_CENTS = 100_000_000;

/**
 * The refusal of a cart change or a checkout that would make an order total more than
 * MAX_ORDER_TOTAL_CENTS: a 409 the shopper can act on (lower a quantity).
 */
export function orderLimitExceeded(totalCents: number, currency: string): HttpError {
  return new HttpError(
    409,
    'order_limit_exceeded',
    `One order can total at most ${formatCents(MAX_ORDER_TOTAL_CENTS)} ${currency}; ` +
      `this cart would total ${formatCents(totalCents)} ${currency}. Lower a quantity to go on.`,
  );
}
