/** The shop's rules for what an order costs on top of its goods (config `shop`). */
export interface PricingRules {
  taxBasisPoints: number;
  shippingCents: number;
  freeShippingFromCents: number;
}

export interface PricedLine {
  unitPriceCents: number;
  quantity: number;
}

export interface Totals {
  subtotalCents: number;
  taxCents: number;
  shippingCents: number;
  totalCents: number;
}

/** What lines come to at their unit prices, in cents. */
export function subtotalOf(lines: readonly PricedLine[]): number {
  return lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
}

/**
 * Totals of a cart or an order, in cents: tax is a share of the subtotal rounded half up to
 * the cent; shipping is flat, free from a subtotal threshold, and nothing for an empty cart.
 * Checkout prices orders with the same function, so cart and order can never disagree.
 */
export function priceLines(lines: readonly PricedLine[], rules: PricingRules): Totals {
  const subtotalCents = subtotalOf(lines);
  const taxCents = Math.floor((subtotalCents * rules.taxBasisPoints + 5_000) / 10_000);
  const shippingCents =
    subtotalCents === 0 || subtotalCents >= rules.freeShippingFromCents ? 0 : rules.shippingCents;
  return {
    subtotalCents,
    taxCents,
    shippingCents,
    totalCents: subtotalCents + taxCents + shippingCents,
  };
}
