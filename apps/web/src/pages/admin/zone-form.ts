import type { AdminShippingZone, SaveShippingZoneBody } from '@ironcart/server/api';
import { slugify } from '../../components/admin/product-form.js';
import { formatMoney } from '../../format.js';
import type { Destination } from './shop-settings.js';

/** The shipping zone form's rules and conversions (no React): what the admin types, as text. */

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The server's PRICE below a million (a shipping price or threshold never comes near it). */
const AMOUNT = /^\d{1,6}(\.\d{1,2})?$/;
export const MAX_METHODS = 10;
export const MAX_BANDS = 10;
const MAX_ID_LENGTH = 40;

type Band = AdminShippingZone['methods'][number]['bands'][number];

/** "$5.99; free from $100.00": the price of each band, from the subtotal where it starts. */
export function bandsText(bands: readonly Band[]): string {
  return bands
    .map((band, index) => {
      const free = Number(band.price.amount) === 0;
      if (index === 0) return free ? 'Free' : formatMoney(band.price);
      return `${free ? 'free' : formatMoney(band.price)} from ${formatMoney(band.from)}`;
    })
    .join('; ');
}

/** "1–2 days", "3 days", "1 day". */
export function daysText(method: { minDays: number; maxDays: number }): string {
  const { minDays, maxDays } = method;
  if (minDays === maxDays) return `${minDays} ${minDays === 1 ? 'day' : 'days'}`;
  return `${minDays}–${maxDays} days`;
}

/** "Standard shipping!" as "standard-shipping", short enough for a zone or method id. */
export const idOf = (text: string) => slugify(text).slice(0, MAX_ID_LENGTH).replace(/-+$/, '');

export interface BandRow {
  /** Stable identity for React and focus, not sent. */
  key: number;
  from: string;
  price: string;
}

export interface MethodRow {
  key: number;
  id: string;
  /** A new method's id follows its name until the admin types one. */
  idTyped: boolean;
  name: string;
  minDays: string;
  maxDays: string;
  bands: BandRow[];
}

export interface ZoneForm {
  id: string;
  name: string;
  position: string;
  areas: Destination[];
  methods: MethodRow[];
}

/**
 * Errors by where they are shown: `name`, `position`, `areas`, `areas/2` (one area),
 * `methods`, `methods/1/maxDays`, `methods/1/bands`, `methods/1/bands/0/price`...; the
 * server's `details` paths, without `body/`, are the same.
 */
export type ZoneErrors = Record<string, string>;

let rowKeys = 0;
export const newBand = (from = '', price = ''): BandRow => ({ key: ++rowKeys, from, price });
export const newMethod = (): MethodRow => ({
  key: ++rowKeys,
  id: '',
  idTyped: false,
  name: '',
  minDays: '',
  maxDays: '',
  bands: [newBand('0')],
});

export function emptyZone(position: number): ZoneForm {
  return { id: '', name: '', position: String(position), areas: [], methods: [newMethod()] };
}

export function zoneFormOf(zone: AdminShippingZone): ZoneForm {
  return {
    id: zone.id,
    name: zone.name,
    position: String(zone.position),
    areas: zone.areas,
    methods: zone.methods.map((method) => ({
      key: ++rowKeys,
      id: method.id,
      idTyped: true,
      name: method.name,
      minDays: String(method.minDays),
      maxDays: String(method.maxDays),
      bands: method.bands.map((band) => newBand(band.from.amount, band.price.amount)),
    })),
  };
}

/** Where a `details` path (without `body`) is shown; see {@link ZoneErrors}. */
export function zoneErrorKey(parts: string[]): string | undefined {
  const [top, index, field, band, part] = parts;
  if (top === 'areas') return index === undefined ? 'areas' : `areas/${index}`;
  if (top === 'methods') {
    if (index === undefined || field === undefined) return 'methods';
    if (field === 'bands' && band !== undefined && part !== undefined) {
      return `methods/${index}/bands/${band}/${part}`;
    }
    return `methods/${index}/${field}`;
  }
  return top;
}

const whole = (text: string, min: number, max: number) => {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
};

/**
 * The server schema's rules, checked first so that typing mistakes need no round trip. How
 * areas, days and bands fit together is the shipping module's to check: its answer is shown
 * at the same fields.
 */
export function checkZone(form: ZoneForm, creating: boolean): ZoneErrors {
  const errors: ZoneErrors = {};
  if (creating && !SLUG.test(form.id)) {
    errors.id = 'Use lower-case letters, digits and single dashes, e.g. nordic-countries.';
  }
  if (!form.name.trim()) errors.name = 'Please name the zone.';
  if (!whole(form.position, 0, 1000)) errors.position = 'Enter a whole number from 0 to 1000.';
  if (form.areas.length === 0) errors.areas = 'Add at least one country or region.';
  if (form.methods.length === 0) errors.methods = 'Add at least one delivery method.';
  for (const [i, method] of form.methods.entries()) {
    const at = `methods/${i}`;
    if (!SLUG.test(method.id)) errors[`${at}/id`] = 'Use lower-case letters, digits and dashes.';
    if (!method.name.trim()) errors[`${at}/name`] = 'Please name the method.';
    for (const days of ['minDays', 'maxDays'] as const) {
      if (!whole(method[days], 0, 90)) errors[`${at}/${days}`] = 'Enter whole days, 0 to 90.';
    }
    if (method.bands.length === 0) errors[`${at}/bands`] = 'Add at least one price band.';
    for (const [j, band] of method.bands.entries()) {
      for (const part of ['from', 'price'] as const) {
        if (!AMOUNT.test(band[part].trim())) {
          errors[`${at}/bands/${j}/${part}`] = 'Enter an amount such as 5.99.';
        }
      }
    }
  }
  return errors;
}

export function zoneBody(form: ZoneForm): SaveShippingZoneBody {
  return {
    name: form.name.trim(),
    position: Number(form.position),
    areas: form.areas,
    methods: form.methods.map((method) => ({
      id: method.id,
      name: method.name.trim(),
      minDays: Number(method.minDays),
      maxDays: Number(method.maxDays),
      bands: method.bands.map((band) => ({ from: band.from.trim(), price: band.price.trim() })),
    })),
  };
}
