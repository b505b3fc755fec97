import { type ErrorDetail, HttpError } from '../../lib/errors.js';
import { countryByCode, isRegionOf, normalisePostalCode } from './countries.js';
import type { Address, AddressInput } from './schemas.js';

/** A phone number a carrier can dial: 6 to 15 digits, with the usual punctuation. */
const PHONE = /^\+?[\d ()./-]+$/;
const MIN_PHONE_DIGITS = 6;
const MAX_PHONE_DIGITS = 15;

const optional = (value: string | undefined) => {
  const trimmed = value?.trim().replace(/\s+/g, ' ');
  return trimmed ? trimmed : null;
};

/**
 * Checks an address against its country (known country, region where the country has them,
 * postal code in its format, a dialable phone) and returns it normalised. Every problem is
 * reported at once, each with the field it is about (`body/<prefix>postalCode`), so a form can
 * show them all next to their fields; the message names the first.
 */
export function validateAddress(input: AddressInput, fieldPrefix = ''): Address {
  const problems: ErrorDetail[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ path: `body/${fieldPrefix}${field}`, message });

  const required = (field: 'name' | 'line1' | 'city') => {
    const value = optional(input[field]);
    if (value === null) problem(field, 'is required');
    return value ?? '';
  };
  const name = required('name');
  const line1 = required('line1');
  const city = required('city');

  const country = countryByCode(input.country);
  let region: string | null = null;
  let postalCode = input.postalCode.trim();
  if (!country) {
    problem('country', 'is not a country we deliver to');
  } else {
    const regionCode = optional(input.region)?.toUpperCase() ?? null;
    if (country.regions) {
      if (regionCode === null) problem('region', `is required (${country.regionLabel})`);
      else if (!isRegionOf(country, regionCode)) {
        problem('region', `is not a ${country.regionLabel?.toLowerCase()} of ${country.name}`);
      } else region = regionCode;
    } else if (regionCode !== null) {
      problem('region', `is not used in ${country.name} addresses`);
    }
    postalCode = normalisePostalCode(country, input.postalCode);
    if (!country.postalCode.test(postalCode)) {
      problem(
        'postalCode',
        `is not a ${country.name} ${country.postalCodeLabel.toLowerCase()} (for example ${country.postalCodeExample})`,
      );
    }
  }

  const phone = optional(input.phone);
  if (phone !== null) {
    const digits = phone.replace(/\D/g, '').length;
    if (!PHONE.test(phone) || digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) {
      problem('phone', 'is not a phone number (digits, spaces, + ( ) - only)');
    }
  }

  const [first] = problems;
  if (first) {
    const field = first.path.slice(`body/${fieldPrefix}`.length);
    throw new HttpError(
      400,
      'invalid_address',
      `Check the address: ${field} ${first.message}.`,
      problems,
    );
  }
  return {
    name,
    company: optional(input.company),
    line1,
    line2: optional(input.line2),
    city,
    region,
    postalCode,
    country: input.country,
    phone,
  };
}
