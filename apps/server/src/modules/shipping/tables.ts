import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { Area, Band } from './rates.js';

/**
 * Where the shop delivers: each zone covers countries, or single regions of a country, and
 * offers its own methods. The migration that made these tables seeded sensible defaults (US,
 * Canada, the EU, the UK, Australia); an admin edits them.
 */
export const shippingZones = pgTable('shipping_zones', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The order zones are listed in. */
  position: integer('position').notNull(),
  areas: jsonb('areas').$type<Area[]>().notNull(),
});

export const shippingMethods = pgTable(
  'shipping_methods',
  {
    id: text('id').primaryKey(),
    zoneId: text('zone_id')
      .notNull()
      .references(() => shippingZones.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Business days from dispatch, shown as "3–5 business days". */
    minDays: integer('min_days').notNull(),
    maxDays: integer('max_days').notNull(),
    position: integer('position').notNull(),
    /** Price by subtotal (rates.ts). */
    bands: jsonb('bands').$type<Band[]>().notNull(),
  },
  (t) => [check('shipping_methods_days', sql`${t.minDays} >= 0 and ${t.maxDays} >= ${t.minDays}`)],
);
