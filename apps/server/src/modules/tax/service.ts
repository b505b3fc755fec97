import { and, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Destination } from '../shipping/rates.js';
import type { TaxRule } from './rules.js';
import { taxRules } from './tables.js';

/** No rule for a destination: nothing to charge (the shop only ships where it has rules). */
const NO_TAX: TaxRule = { components: [], pricesIncludeTax: false, shippingTaxed: false };

/** Tax rules by destination. */
export class TaxService {
  constructor(private readonly db: Db) {}

  /** The rule for a destination: its region's if it has one, else its country's. */
  async ruleFor(destination: Destination): Promise<TaxRule> {
    const rows = await this.db
      .select()
      .from(taxRules)
      .where(
        and(
          eq(taxRules.country, destination.country),
          destination.region === null
            ? isNull(taxRules.region)
            : or(isNull(taxRules.region), eq(taxRules.region, destination.region)),
        ),
      );
    const row = rows.find((rule) => rule.region !== null) ?? rows[0];
    return row
      ? {
          components: row.components,
          pricesIncludeTax: row.pricesIncludeTax,
          shippingTaxed: row.shippingTaxed,
        }
      : NO_TAX;
  }
}

/** A rate in parts per million as a percent for people: 68,750 is "6.875", 190,000 "19". */
export function percentOf(ratePpm: number): string {
  return (ratePpm / 10_000).toFixed(4).replace(/\.?0+$/, '');
}
