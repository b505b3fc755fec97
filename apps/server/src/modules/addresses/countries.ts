/**
 * The countries an address may be in: their names, their regions where an address must name one
 * (US states, Canadian provinces and territories, Australian states and territories), and the
 * shape of their postal codes. Reference data, not shop settings: which of them the shop ships
 * to, and at what price, is the shipping zones' business.
 */

export interface Region {
  /** ISO 3166-2 subdivision code without the country prefix: `OR` for Oregon. */
  code: string;
  name: string;
}

export interface Country {
  /** ISO 3166-1 alpha-2. */
  code: string;
  name: string;
  /** What the country calls its regions in an address; absent when addresses name none. */
  regionLabel?: 'State' | 'Province' | 'State or territory';
  /** Every region an address may name; an address in this country must name one. */
  regions?: readonly Region[];
  /** What the country calls its postal codes in an address. */
  postalCodeLabel: 'ZIP code' | 'Postal code' | 'Postcode' | 'Eircode';
  /** The postal code after normalisation (upper case, single spaces), anchored. */
  postalCode: RegExp;
  /** A valid code, for the form's hint and the error message. */
  postalCodeExample: string;
  /** In the European Union (its VAT rules apply). */
  eu?: true;
}

const US_STATES: readonly Region[] = [
  ['AL', 'Alabama'],
  ['AK', 'Alaska'],
  ['AZ', 'Arizona'],
  ['AR', 'Arkansas'],
  ['CA', 'California'],
  ['CO', 'Colorado'],
  ['CT', 'Connecticut'],
  ['DE', 'Delaware'],
  ['DC', 'District of Columbia'],
  ['FL', 'Florida'],
  ['GA', 'Georgia'],
  ['HI', 'Hawaii'],
  ['ID', 'Idaho'],
  ['IL', 'Illinois'],
  ['IN', 'Indiana'],
  ['IA', 'Iowa'],
  ['KS', 'Kansas'],
  ['KY', 'Kentucky'],
  ['LA', 'Louisiana'],
  ['ME', 'Maine'],
  ['MD', 'Maryland'],
  ['MA', 'Massachusetts'],
  ['MI', 'Michigan'],
  ['MN', 'Minnesota'],
  ['MS', 'Mississippi'],
  ['MO', 'Missouri'],
  ['MT', 'Montana'],
  ['NE', 'Nebraska'],
  ['NV', 'Nevada'],
  ['NH', 'New Hampshire'],
  ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'],
  ['NY', 'New York'],
  ['NC', 'North Carolina'],
  ['ND', 'North Dakota'],
  ['OH', 'Ohio'],
  ['OK', 'Oklahoma'],
  ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'],
  ['RI', 'Rhode Island'],
  ['SC', 'South Carolina'],
  ['SD', 'South Dakota'],
  ['TN', 'Tennessee'],
  ['TX', 'Texas'],
  ['UT', 'Utah'],
  ['VT', 'Vermont'],
  ['VA', 'Virginia'],
  ['WA', 'Washington'],
  ['WV', 'West Virginia'],
  ['WI', 'Wisconsin'],
  ['WY', 'Wyoming'],
].map(([code, name]) => ({ code, name }) as Region);

const CANADIAN_PROVINCES: readonly Region[] = [
  ['AB', 'Alberta'],
  ['BC', 'British Columbia'],
  ['MB', 'Manitoba'],
  ['NB', 'New Brunswick'],
  ['NL', 'Newfoundland and Labrador'],
  ['NS', 'Nova Scotia'],
  ['NT', 'Northwest Territories'],
  ['NU', 'Nunavut'],
  ['ON', 'Ontario'],
  ['PE', 'Prince Edward Island'],
  ['QC', 'Quebec'],
  ['SK', 'Saskatchewan'],
  ['YT', 'Yukon'],
].map(([code, name]) => ({ code, name }) as Region);

const AUSTRALIAN_STATES: readonly Region[] = [
  ['ACT', 'Australian Capital Territory'],
  ['NSW', 'New South Wales'],
  ['NT', 'Northern Territory'],
  ['QLD', 'Queensland'],
  ['SA', 'South Australia'],
  ['TAS', 'Tasmania'],
  ['VIC', 'Victoria'],
  ['WA', 'Western Australia'],
].map(([code, name]) => ({ code, name }) as Region);

/** A European Union country whose addresses name no region. */
const eu = (
  code: string,
  name: string,
  postalCode: RegExp,
  postalCodeExample: string,
  postalCodeLabel: Country['postalCodeLabel'] = 'Postal code',
): Country => ({ code, name, postalCode, postalCodeExample, postalCodeLabel, eu: true });

/** In the order a country picker shows them: the shop's main markets, then the EU by name. */
export const COUNTRIES: readonly Country[] = [
  {
    code: 'US',
    name: 'United States',
    regionLabel: 'State',
    regions: US_STATES,
    postalCodeLabel: 'ZIP code',
    postalCode: /^\d{5}(-\d{4})?$/,
    postalCodeExample: '97204',
  },
  {
    code: 'CA',
    name: 'Canada',
    regionLabel: 'Province',
    regions: CANADIAN_PROVINCES,
    postalCodeLabel: 'Postal code',
    postalCode: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$/,
    postalCodeExample: 'K1A 0B1',
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    postalCodeLabel: 'Postcode',
    postalCode: /^([A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|GIR 0AA)$/,
    postalCodeExample: 'SW1A 1AA',
  },
  {
    code: 'AU',
    name: 'Australia',
    regionLabel: 'State or territory',
    regions: AUSTRALIAN_STATES,
    postalCodeLabel: 'Postcode',
    postalCode: /^\d{4}$/,
    postalCodeExample: '2000',
  },
  eu('AT', 'Austria', /^\d{4}$/, '1010'),
  eu('BE', 'Belgium', /^\d{4}$/, '1000'),
  eu('BG', 'Bulgaria', /^\d{4}$/, '1000'),
  eu('HR', 'Croatia', /^\d{5}$/, '10000'),
  eu('CY', 'Cyprus', /^\d{4}$/, '1010'),
  eu('CZ', 'Czechia', /^\d{3} \d{2}$/, '110 00'),
  eu('DK', 'Denmark', /^\d{4}$/, '1050'),
  eu('EE', 'Estonia', /^\d{5}$/, '10111'),
  eu('FI', 'Finland', /^\d{5}$/, '00100'),
  eu('FR', 'France', /^\d{5}$/, '75001'),
  eu('DE', 'Germany', /^\d{5}$/, '10115'),
  eu('GR', 'Greece', /^\d{3} \d{2}$/, '105 57'),
  eu('HU', 'Hungary', /^\d{4}$/, '1051'),
  eu('IE', 'Ireland', /^([AC-FHKNPRTV-Y]\d{2}|D6W) [AC-FHKNPRTV-Y\d]{4}$/, 'D02 X285', 'Eircode'),
  eu('IT', 'Italy', /^\d{5}$/, '00118'),
  eu('LV', 'Latvia', /^LV-\d{4}$/, 'LV-1050'),
  eu('LT', 'Lithuania', /^LT-\d{5}$/, 'LT-01100'),
  eu('LU', 'Luxembourg', /^L-\d{4}$/, 'L-1009'),
  eu('MT', 'Malta', /^[A-Z]{3} \d{4}$/, 'VLT 1117'),
  eu('NL', 'Netherlands', /^\d{4} [A-Z]{2}$/, '1012 JS'),
  eu('PL', 'Poland', /^\d{2}-\d{3}$/, '00-950'),
  eu('PT', 'Portugal', /^\d{4}-\d{3}$/, '1100-148'),
  eu('RO', 'Romania', /^\d{6}$/, '010011'),
  eu('SK', 'Slovakia', /^\d{3} \d{2}$/, '811 01'),
  eu('SI', 'Slovenia', /^\d{4}$/, '1000'),
  eu('ES', 'Spain', /^\d{5}$/, '28001'),
  eu('SE', 'Sweden', /^\d{3} \d{2}$/, '111 22'),
];

const byCode = new Map(COUNTRIES.map((country) => [country.code, country]));

export function countryByCode(code: string): Country | undefined {
  return byCode.get(code);
}

/** Whether `code` names one of the country's regions (never, for a country without them). */
export function isRegionOf(country: Country, code: string): boolean {
  return country.regions?.some((region) => region.code === code) ?? false;
}

/**
 * A postal code as the country writes it: upper case, single spaces, and the space or the
 * prefix a shopper often leaves out put back where the country's format has one (`sw1a1aa` is
 * `SW1A 1AA`, `1050` in Latvia is `LV-1050`). What still does not match the format is refused.
 */
export function normalisePostalCode(country: Country, raw: string): string {
  const compact = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (country.postalCode.test(compact)) return compact;
  const bare = compact.replace(/[\s-]/g, '');
  for (const candidate of postalCodeRepairs(country.code, bare)) {
    if (country.postalCode.test(candidate)) return candidate;
  }
  return compact;
}

function postalCodeRepairs(country: string, bare: string): string[] {
  switch (country) {
    case 'GB':
    case 'CA':
    case 'IE':
    case 'MT':
      // The inward part is the last three (four in Malta and Ireland's Eircode) characters.
      return [3, 4].map((tail) => `${bare.slice(0, -tail)} ${bare.slice(-tail)}`);
    case 'NL':
      return [`${bare.slice(0, 4)} ${bare.slice(4)}`];
    case 'CZ':
    case 'SK':
    case 'GR':
    case 'SE':
      return [`${bare.slice(0, 3)} ${bare.slice(3)}`];
    case 'PL':
      return [`${bare.slice(0, 2)}-${bare.slice(2)}`];
    case 'PT':
      return [`${bare.slice(0, 4)}-${bare.slice(4)}`];
    case 'LV':
    case 'LT':
    case 'LU': {
      const prefix = country === 'LU' ? 'L' : country;
      const digits = bare.startsWith(prefix) ? bare.slice(prefix.length) : bare;
      return [`${prefix}-${digits}`];
    }
    default:
      return [];
  }
}
