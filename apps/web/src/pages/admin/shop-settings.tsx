import { FieldMessages } from '../../components/FieldMessages.js';
import type { Country } from '../../use-countries.js';
import './shop-settings.css';

/**
 * What the shipping and tax pages share: the names of destinations (a country, or a region of
 * one) and the picker that chooses one.
 */

export interface Destination {
  country: string;
  /** null: the whole country. */
  region: string | null;
}

export function countryOf(countries: readonly Country[], code: string): Country | undefined {
  return countries.find((country) => country.code === code);
}

/** "Oregon" for US/OR, "Germany" for DE; the code when the list does not know it. */
export function shortName(countries: readonly Country[], place: Destination): string {
  const country = countryOf(countries, place.country);
  if (place.region === null) return country?.name ?? place.country;
  return country?.regions.find((region) => region.code === place.region)?.name ?? place.region;
}

/** "Oregon, United States" for US/OR, "Germany" for DE. */
export function placeName(countries: readonly Country[], place: Destination): string {
  if (place.region === null) return shortName(countries, place);
  return `${shortName(countries, place)}, ${shortName(countries, { ...place, region: null })}`;
}

export const sameDestination = (a: Destination, b: Destination) =>
  a.country === b.country && a.region === b.region;

/**
 * A country select, and for a country with regions a select of its regions whose first
 * choice is the whole country.
 */
export function DestinationPicker({
  id,
  countries,
  value,
  error,
  onChange,
}: {
  id: string;
  countries: readonly Country[];
  /** country "" while none is chosen. */
  value: Destination;
  error?: string | undefined;
  onChange: (value: Destination) => void;
}) {
  const country = countryOf(countries, value.country);
  return (
    <div className="destination-picker">
      <div className="form-field">
        <label htmlFor={`${id}-country`}>Country</label>
        <select
          id={`${id}-country`}
          value={value.country}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => onChange({ country: event.target.value, region: null })}
        >
          <option value="">Choose…</option>
          {countries.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
      </div>
      {country && country.regions.length > 0 && (
        <div className="form-field">
          <label htmlFor={`${id}-region`}>{country.regionLabel ?? 'Region'}</label>
          <select
            id={`${id}-region`}
            value={value.region ?? ''}
            onChange={(event) =>
              onChange({ country: value.country, region: event.target.value || null })
            }
          >
            <option value="">All of {country.name}</option>
            {country.regions.map((region) => (
              <option key={region.code} value={region.code}>
                {region.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="destination-picker-error">
        <FieldMessages id={id} error={error} />
      </div>
    </div>
  );
}
