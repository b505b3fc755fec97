import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type ErrorDetail, HttpError } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { countryByCode, isRegionOf } from '../addresses/countries.js';
import {
  type Area,
  type Band,
  bandProblems,
  type Destination,
  freeFrom,
  priceFor,
  zoneFor,
} from './rates.js';
import type { ShippingOption, ShippingQuote } from './schemas.js';
import { shippingMethods, shippingZones } from './tables.js';

type Zone = typeof shippingZones.$inferSelect & {
  methods: (typeof shippingMethods.$inferSelect)[];
};

/** Shipping zones and methods, and what delivery costs to a destination. */
export class ShippingService {
  constructor(private readonly db: Db) {}

  /** Every zone with its methods, in their positions. */
  async zones(): Promise<Zone[]> {
    const [zones, methods] = await Promise.all([
      this.db
        .select()
        .from(shippingZones)
        .orderBy(asc(shippingZones.position), asc(shippingZones.id)),
      this.db
        .select()
        .from(shippingMethods)
        .orderBy(asc(shippingMethods.position), asc(shippingMethods.id)),
    ]);
    return zones.map((zone) => ({
      ...zone,
      methods: methods.filter((method) => method.zoneId === zone.id),
    }));
  }

  /**
   * The methods that deliver to a destination, priced for a subtotal, cheapest first. A country
   * or region we do not know is a 400 `invalid_destination`; one no zone serves, a 400
   * `not_delivered` that says so (before any payment is attempted).
   */
  async quote(destination: Destination, subtotalCents: number): Promise<Quote> {
    const country = countryByCode(destination.country);
    const region = destination.region?.toUpperCase() ?? null;
    if (!country || (region !== null && !isRegionOf(country, region))) {
      throw new HttpError(400, 'invalid_destination', 'There is no such country or region.');
    }
    const zone = zoneFor(await this.zones(), { country: country.code, region });
    if (!zone || zone.methods.length === 0) {
      throw new HttpError(400, 'not_delivered', `Sorry, we do not deliver to ${country.name} yet.`);
    }
    const methods = zone.methods.map((method): QuotedMethod => {
      const priceCents = priceFor(method.bands, subtotalCents);
      const freeFromCents = freeFrom(method.bands);
      return {
        id: method.id,
        name: method.name,
        minDays: method.minDays,
        maxDays: method.maxDays,
        priceCents,
        freeFromCents,
        amountToFreeCents:
          freeFromCents !== null && priceCents > 0 ? freeFromCents - subtotalCents : null,
      };
    });
    methods.sort((a, b) => a.priceCents - b.priceCents || a.minDays - b.minDays);
    return {
      destination: { country: country.code, region },
      zone: { id: zone.id, name: zone.name },
      subtotalCents,
      methods,
    };
  }
}

export interface QuotedMethod {
  id: string;
  name: string;
  minDays: number;
  maxDays: number;
  priceCents: number;
  freeFromCents: number | null;
  amountToFreeCents: number | null;
}

export interface Quote {
  destination: Destination;
  zone: { id: string; name: string };
  subtotalCents: number;
  methods: QuotedMethod[];
}

/** A quoted method as the API shows it. */
export function shippingOption(method: QuotedMethod, currency: string): ShippingOption {
  const cents = (amount: number | null) => (amount === null ? null : money(amount, currency));
  return {
    id: method.id,
    name: method.name,
    minDays: method.minDays,
    maxDays: method.maxDays,
    price: money(method.priceCents, currency),
    freeFrom: cents(method.freeFromCents),
    amountToFree: cents(method.amountToFreeCents),
  };
}

export function shippingQuoteAnswer(quote: Quote, currency: string): ShippingQuote {
  return {
    destination: quote.destination,
    zone: quote.zone,
    subtotal: money(quote.subtotalCents, currency),
    methods: quote.methods.map((method) => shippingOption(method, currency)),
  };
}

/** A zone as an admin saves it: everything about it, its methods included. */
export interface ZoneInput {
  id: string;
  name: string;
  position: number;
  areas: Area[];
  methods: { id: string; name: string; minDays: number; maxDays: number; bands: Band[] }[];
}

/**
 * Saves a zone and its methods whole (made or replaced), after checking them: known countries
 * and regions, no area already in another zone, no method id used by another zone, days in
 * order and valid price bands. Runs in the caller's transaction (with its audit entry).
 */
export async function saveZone(tx: Db, zone: ZoneInput): Promise<void> {
  const problems = zoneProblems(zone);
  if (problems.length > 0) {
    throw new HttpError(
      400,
      'invalid_request',
      `Check the zone: ${problems[0]?.message}.`,
      problems,
    );
  }
  // One zone is saved at a time, so two saves cannot both take the same area.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('ironcart.shipping_zones', 0))`,
  );
  const others = (await tx.select().from(shippingZones)).filter((other) => other.id !== zone.id);
  const areaKey = (area: Area) => `${area.country}:${area.region ?? ''}`;
  const taken = new Map(
    others.flatMap((other) => other.areas.map((area) => [areaKey(area), other.name])),
  );
  const clash = zone.areas.find((area) => taken.has(areaKey(area)));
  if (clash) {
    const where = clash.region ? `${clash.country}-${clash.region}` : clash.country;
    throw new HttpError(
      409,
      'area_taken',
      `${where} is already in the zone "${taken.get(areaKey(clash))}".`,
    );
  }
  const methodIds = zone.methods.map((method) => method.id);
  const [usedElsewhere] = await tx
    .select({ id: shippingMethods.id, zoneId: shippingMethods.zoneId })
    .from(shippingMethods)
    .where(and(inArray(shippingMethods.id, methodIds), ne(shippingMethods.zoneId, zone.id)));
  if (usedElsewhere) {
    throw new HttpError(
      409,
      'method_id_taken',
      `The method id "${usedElsewhere.id}" belongs to another zone.`,
    );
  }
  await tx
    .insert(shippingZones)
    .values({ id: zone.id, name: zone.name, position: zone.position, areas: zone.areas })
    .onConflictDoUpdate({
      target: shippingZones.id,
      set: { name: zone.name, position: zone.position, areas: zone.areas },
    });
  await tx.delete(shippingMethods).where(eq(shippingMethods.zoneId, zone.id));
  await tx
    .insert(shippingMethods)
    .values(zone.methods.map((method, position) => ({ ...method, zoneId: zone.id, position })));
}

/** Deletes a zone and its methods; false when there was no such zone. */
export async function deleteZone(tx: Db, zoneId: string): Promise<boolean> {
  const gone = await tx.delete(shippingZones).where(eq(shippingZones.id, zoneId)).returning();
  return gone.length > 0;
}

function zoneProblems(zone: ZoneInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const problem = (path: string, message: string) =>
    problems.push({ path: `body/${path}`, message });
  if (zone.name.trim() === '') problem('name', 'is required');
  if (zone.areas.length === 0) problem('areas', 'needs at least one country or region');
  const seen = new Set<string>();
  for (const [index, area] of zone.areas.entries()) {
    const country = countryByCode(area.country);
    const key = `${area.country}:${area.region ?? ''}`;
    if (!country) problem(`areas/${index}/country`, 'is not a country we know');
    else if (area.region !== null && !isRegionOf(country, area.region)) {
      problem(`areas/${index}/region`, `is not a region of ${country.name}`);
    }
    if (seen.has(key)) problem(`areas/${index}`, 'is listed twice');
    seen.add(key);
  }
  if (zone.methods.length === 0) problem('methods', 'needs at least one delivery method');
  const ids = new Set<string>();
  for (const [index, method] of zone.methods.entries()) {
    if (ids.has(method.id)) problem(`methods/${index}/id`, 'is used twice');
    ids.add(method.id);
    if (method.name.trim() === '') problem(`methods/${index}/name`, 'is required');
    if (method.maxDays < method.minDays) problem(`methods/${index}/maxDays`, 'is before minDays');
    const bands = bandProblems(method.bands);
    if (bands) problem(`methods/${index}/bands`, bands);
  }
  return problems;
}
