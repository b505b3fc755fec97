import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { countryByCode, isRegionOf } from '../addresses/countries.js';
import type { Destination } from '../shipping/rates.js';
import { ruleProblems, type TaxRule } from './rules.js';
import { taxRules } from './tables.js';

/** No rule for a destination: nothing to charge (the shop only ships where it has rules). */
const NO_TAX: TaxRule = { components: [], pricesIncludeTax: false, shippingTaxed: false };

/** Tax rules by destination. */
export class TaxService {
  constructor(private readonly db: Db) {}

  /** Every rule, by id. */
  rules() {
    return this.db.select().from(taxRules).orderBy(asc(taxRules.id));
  }

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

/** A rule as an admin saves it; `id` names the destination (`US-OR`, `DE`). */
export interface RuleInput extends TaxRule {
  id: string;
}

/**
 * The destination a rule id names: a country we know (`DE`), or one of its regions (`US-OR`).
 * Undefined for anything else.
 */
export function destinationOfRule(id: string): Destination | undefined {
  const [countryCode, region, extra] = id.split('-');
  const country = countryByCode(countryCode ?? '');
  if (!country || extra !== undefined) return undefined;
  if (region === undefined) return { country: country.code, region: null };
  return isRegionOf(country, region) ? { country: country.code, region } : undefined;
}

/** Saves (makes or replaces) a rule after checking it, in the caller's transaction. */
export async function saveRule(tx: Db, rule: RuleInput): Promise<void> {
  const destination = destinationOfRule(rule.id);
  if (!destination) {
    throw new HttpError(400, 'invalid_request', `"${rule.id}" is not a country or region we know.`);
  }
  const problem = ruleProblems(rule);
  if (problem) throw new HttpError(400, 'invalid_request', `Check the rule: ${problem}.`);
  const values = {
    components: rule.components.map(({ name, ratePpm }) => ({ name: name.trim(), ratePpm })),
    pricesIncludeTax: rule.pricesIncludeTax,
    shippingTaxed: rule.shippingTaxed,
  };
  await tx
    .insert(taxRules)
    .values({ id: rule.id, ...destination, ...values })
    .onConflictDoUpdate({ target: taxRules.id, set: values });
}

/** Deletes a rule; false when there was no such rule. */
export async function deleteRule(tx: Db, ruleId: string): Promise<boolean> {
  const gone = await tx.delete(taxRules).where(eq(taxRules.id, ruleId)).returning();
  return gone.length > 0;
}

/** "6.875" (percent, at most four decimals) as parts per million; undefined if it is not one. */
export function ppmOfPercent(text: string): number | undefined {
  const match = /^(\d{1,2})(?:\.(\d{1,4}))?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
}
