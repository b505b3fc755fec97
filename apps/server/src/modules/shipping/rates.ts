/**
 * Shipping prices, in integer cents. A method's price is a list of bands over the order's
 * subtotal: the band with the highest `fromCents` not above the subtotal gives the price. A flat
 * rate is one band from 0; "free above $75" is a band from 7,500 at 0. No rounding anywhere:
 * every price is a whole number of cents as the admin entered it.
 */

export interface Band {
  fromCents: number;
  priceCents: number;
}

export interface Area {
  country: string;
  /** Only this region of the country; null for the whole country. */
  region: string | null;
}

export interface Destination {
  country: string;
  region: string | null;
}

export interface ZoneRates<M> {
  id: string;
  name: string;
  areas: readonly Area[];
  methods: readonly M[];
}

/** The price of a method's bands for a subtotal (the bands are valid: see bandProblems). */
export function priceFor(bands: readonly Band[], subtotalCents: number): number {
  let price = bands[0]?.priceCents ?? 0;
  for (const band of bands) if (band.fromCents <= subtotalCents) price = band.priceCents;
  return price;
}

/** The subtotal from which a method costs nothing, if some band is free. */
export function freeFrom(bands: readonly Band[]): number | null {
  return bands.find((band) => band.priceCents === 0)?.fromCents ?? null;
}

/**
 * What is wrong with a list of bands, if anything: the first starts at 0, each starts above the
 * one before, and every amount is whole cents, none negative.
 */
export function bandProblems(bands: readonly Band[]): string | null {
  if (bands.length === 0) return 'needs at least one price band';
  if (bands[0]?.fromCents !== 0) return 'the first price band must start at a subtotal of 0';
  for (const [index, band] of bands.entries()) {
    for (const cents of [band.fromCents, band.priceCents]) {
      if (!Number.isSafeInteger(cents) || cents < 0) return 'amounts are whole, positive cents';
    }
    const before = bands[index - 1];
    if (before && band.fromCents <= before.fromCents) {
      return 'each price band must start above the one before';
    }
  }
  return null;
}

/**
 * The zone that serves a destination: one that names its region comes before one that names
 * its whole country. (Saving zones refuses the same area in two zones, so there is no tie.)
 */
export function zoneFor<Z extends { areas: readonly Area[] }>(
  zones: readonly Z[],
  destination: Destination,
): Z | undefined {
  const inCountry = (area: Area) => area.country === destination.country;
  return (
    zones.find((zone) =>
      zone.areas.some(
        (area) => inCountry(area) && area.region !== null && area.region === destination.region,
      ),
    ) ?? zones.find((zone) => zone.areas.some((area) => inCountry(area) && area.region === null))
  );
}
