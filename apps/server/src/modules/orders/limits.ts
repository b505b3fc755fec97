/**
 * The largest amount one order may total, in integer cents: $1,000,000.00. Money columns are
 * 32-bit integers (at most 2,147,483,647 cents), and a cart's total is a product of prices and
 * quantities, so every place where an amount is made (an admin's price, a cart line's
 * quantity × price, a checkout's total, the legacy checkout) is bounded by this one figure
 * well before a column could overflow. A bigger order is a clear 4xx, never a 500.
 */
export const MAX_ORDER_TOTAL_CENTS = 100_000_000;
