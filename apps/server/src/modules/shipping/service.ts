import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { countryByCode } from '../addresses/countries.js';
import { type Destination, freeFrom, priceFor, zoneFor } from './rates.js';
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
    if (!country || (region !== null && !country.regions?.some((r) => r.code === region))) {
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
