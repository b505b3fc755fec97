import { boolean, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { TaxComponent } from './rules.js';

/**
 * Tax by destination (rules.ts says how a rule prices an order). A rule for a region (a US state,
 * a Canadian province) wins over its country's. `id` is the ISO 3166-2 code (`US-OR`) or the
 * country code (`DE`). The migration that made this table seeded the rules of the countries we
 * ship to; an admin edits them (and should have them confirmed by the shop's tax adviser).
 */
export const taxRules = pgTable('tax_rules', {
  id: text('id').primaryKey(),
  country: text('country').notNull(),
  region: text('region'),
  components: jsonb('components').$type<TaxComponent[]>().notNull(),
  pricesIncludeTax: boolean('prices_include_tax').notNull(),
  shippingTaxed: boolean('shipping_taxed').notNull(),
});
