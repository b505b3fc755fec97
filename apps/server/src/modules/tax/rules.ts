import { type PricedLine, subtotalOf } from '../cart/pricing.js';

/**
 * Tax by destination, in integer cents. Rates are in parts per million (6.875 % = 68,750 ppm),
 * so every rate that exists, Minnesota's and Quebec's included, is a whole number.
 *
 * Two kinds of destination:
 * - Tax added on top (the US, Canada): the price list is net; each component (a state's sales
 *   tax; GST and PST) is charged on the order's taxable base (the goods, plus shipping where the
 *   destination taxes it). **Rounding: once per component per order, half up to the cent.**
 * - Prices that include tax (the EU, the UK, Australia): shoppers there see and pay prices with
 *   the tax in them. Each net unit price (and the shipping price) is grossed up and rounded half
 *   up to the cent, once; what the shopper pays is the sum of those prices, and the tax is the
 *   part of it above the net amounts. **Rounding: once per unit price, half up**; the tax
 *   shown is exactly what the rounded prices contain. Such a destination has one component.
 */

export interface TaxComponent {
  /** As the invoice names it: "Sales tax", "VAT", "GST", "PST", "QST", "HST". */
  name: string;
  ratePpm: number;
}

export interface TaxRule {
  /** Empty for a destination without tax (Oregon). */
  components: readonly TaxComponent[];
  pricesIncludeTax: boolean;
  shippingTaxed: boolean;
}

export interface TaxedLine {
  /** What the shopper sees per unit: net, or with the tax in it where prices include tax. */
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
}

export interface TaxedOrder {
  lines: TaxedLine[];
  /** The goods, at the prices shown. */
  subtotalCents: number;
  /** Shipping at the price shown. */
  shippingCents: number;
  /** Each component's amount: added on top, or contained in the prices. */
  components: (TaxComponent & { amountCents: number })[];
  taxCents: number;
  /** Contained in subtotal and shipping, rather than added to them. */
  taxIncluded: boolean;
  totalCents: number;
}

const MILLION = 1_000_000n;

/** a × ppm / 1,000,000, rounded half up (amounts are never negative). In BigInt: no overflow. */
export function shareOf(cents: number, ratePpm: number): number {
  return Number((BigInt(cents) * BigInt(ratePpm) * 2n + MILLION) / (2n * MILLION));
}

export function taxOrder(
  rule: TaxRule,
  lines: readonly PricedLine[],
  shippingNetCents: number,
): TaxedOrder {
  const netSubtotal = subtotalOf(lines);
  if (rule.pricesIncludeTax) {
    const [vat] = rule.components;
    const gross = (cents: number) => cents + (vat ? shareOf(cents, vat.ratePpm) : 0);
    const taxedLines = lines.map((line) => {
      const unitPriceCents = gross(line.unitPriceCents);
      return {
        unitPriceCents,
        quantity: line.quantity,
        lineTotalCents: unitPriceCents * line.quantity,
      };
    });
    const subtotalCents = taxedLines.reduce((sum, line) => sum + line.lineTotalCents, 0);
    const shippingCents = rule.shippingTaxed ? gross(shippingNetCents) : shippingNetCents;
    const taxCents = subtotalCents - netSubtotal + (shippingCents - shippingNetCents);
    return {
      lines: taxedLines,
      subtotalCents,
      shippingCents,
      components: vat ? [{ ...vat, amountCents: taxCents }] : [],
      taxCents,
      taxIncluded: true,
      totalCents: subtotalCents + shippingCents,
    };
  }
  const base = netSubtotal + (rule.shippingTaxed ? shippingNetCents : 0);
  const components = rule.components.map((component) => ({
    ...component,
    amountCents: shareOf(base, component.ratePpm),
  }));
  const taxCents = components.reduce((sum, component) => sum + component.amountCents, 0);
  return {
    lines: lines.map((line) => ({ ...line, lineTotalCents: line.unitPriceCents * line.quantity })),
    subtotalCents: netSubtotal,
    shippingCents: shippingNetCents,
    components,
    taxCents,
    taxIncluded: false,
    totalCents: netSubtotal + shippingNetCents + taxCents,
  };
}

/** What is wrong with a rule, if anything (checked before an admin's rule is saved). */
export function ruleProblems(rule: TaxRule): string | null {
  for (const component of rule.components) {
    if (
      !Number.isSafeInteger(component.ratePpm) ||
      component.ratePpm < 0 ||
      component.ratePpm >= 1_000_000
    ) {
      return 'a rate is a whole number of parts per million, from 0 to 999,999';
    }
    if (component.name.trim() === '') return 'every tax component needs a name';
  }
  if (rule.pricesIncludeTax && rule.components.length > 1) {
    return 'prices can include one tax only';
  }
  return null;
}
