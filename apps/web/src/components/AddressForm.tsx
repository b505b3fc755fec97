import { ApiError } from '@ironcart/sdk';
import type { Address, AddressInput } from '@ironcart/server/api';
import { type ReactNode, useState } from 'react';
import type { Country } from '../use-countries.js';
import { FieldMessages } from './FieldMessages.js';

/**
 * The fields of an address, for any form that asks for one (the address book; checkout later):
 * the country decides whether there is a region to choose and what the postal code is called.
 * It renders fields only, so it can sit inside a larger form; the form around it submits.
 */

/** An address as typed: every part a string, empty when not given. */
export interface AddressDraft {
  name: string;
  company: string;
  line1: string;
  line2: string;
  city: string;
  country: string;
  region: string;
  postalCode: string;
  phone: string;
}

export type AddressField = keyof AddressDraft;
export type AddressErrors = Partial<Record<AddressField, string>>;

/** In the order the form shows them, so the first with an error is the first on screen. */
const FIELDS: readonly AddressField[] = [
  'name',
  'company',
  'country',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'phone',
];

/** A draft of a known address (its absent parts empty), or an empty one in the first country. */
export function addressDraft(from: Address | null, countries: readonly Country[]): AddressDraft {
  return {
    name: from?.name ?? '',
    company: from?.company ?? '',
    line1: from?.line1 ?? '',
    line2: from?.line2 ?? '',
    city: from?.city ?? '',
    country: from?.country ?? countries[0]?.code ?? '',
    region: from?.region ?? '',
    postalCode: from?.postalCode ?? '',
    phone: from?.phone ?? '',
  };
}

/** The draft and the errors shown on it; editing a field clears what was said about it. */
export function useAddressDraft(initial: () => AddressDraft) {
  const [value, setValue] = useState(initial);
  const [errors, setErrors] = useState<AddressErrors>({});

  function onChange(field: AddressField, text: string) {
    // Another country has other regions and another postal code format.
    const country = field === 'country';
    setValue((now) => ({ ...now, [field]: text, ...(country ? { region: '' } : {}) }));
    setErrors((now) => {
      const cleared = country ? ['country', 'region', 'postalCode'] : [field];
      if (!cleared.some((name) => name in now)) return now;
      return Object.fromEntries(Object.entries(now).filter(([name]) => !cleared.includes(name)));
    });
  }

  return { value, errors, setErrors, onChange };
}

function countryOf(draft: AddressDraft, countries: readonly Country[]): Country | undefined {
  return countries.find((country) => country.code === draft.country);
}

/** A field's name as the form labels it, without "(optional)". */
function fieldLabel(field: AddressField, country: Country | undefined): string {
  switch (field) {
    case 'name':
      return 'Full name';
    case 'company':
      return 'Company';
    case 'line1':
      return 'Address line 1';
    case 'line2':
      return 'Address line 2';
    case 'city':
      return 'City';
    case 'country':
      return 'Country';
    case 'region':
      return country?.regionLabel ?? 'Region';
    case 'postalCode':
      return country?.postalCodeLabel ?? 'Postal code';
    case 'phone':
      return 'Phone';
  }
}

/**
 * What can be said before asking the server: the parts every address needs. The server checks
 * the rest (the postal code's format, the phone) and its answer goes through addressErrorsFrom.
 */
export function checkAddress(draft: AddressDraft, countries: readonly Country[]): AddressErrors {
  const country = countryOf(draft, countries);
  const needed: AddressField[] = ['name', 'line1', 'city', 'postalCode'];
  if (country?.regions.length) needed.push('region');
  const errors: AddressErrors = {};
  for (const field of needed) {
    if (!draft[field].trim()) errors[field] = `${fieldLabel(field, country)} is required.`;
  }
  return errors;
}

/** The draft as the API takes it: trimmed, empty optional parts left out. */
export function addressInput(draft: AddressDraft): AddressInput {
  const optional = (text: string) => text.trim() || undefined;
  return {
    name: draft.name.trim(),
    company: optional(draft.company),
    line1: draft.line1.trim(),
    line2: optional(draft.line2),
    city: draft.city.trim(),
    region: optional(draft.region),
    postalCode: draft.postalCode.trim(),
    country: draft.country,
    phone: optional(draft.phone),
  };
}

/**
 * A 400's problems per field (`details` paths `<prefix><field>`: `body/postalCode`, or
 * `body/shipping/postalCode` where the address is part of a larger body), each a sentence that
 * starts with the field's label. Empty when the failure names no address field.
 */
export function addressErrorsFrom(
  failure: unknown,
  draft: AddressDraft,
  countries: readonly Country[],
  prefix = 'body/',
): AddressErrors {
  const errors: AddressErrors = {};
  if (!(failure instanceof ApiError) || failure.status !== 400) return errors;
  const country = countryOf(draft, countries);
  for (const detail of failure.details) {
    const field = FIELDS.find((name) => detail.path === `${prefix}${name}`);
    if (field) errors[field] ??= `${fieldLabel(field, country)} ${detail.message}.`;
  }
  return errors;
}

/** The id of a field's input, to move the focus to it. */
export function addressFieldId(id: string, field: AddressField): string {
  return `${id}-${field}`;
}

/** The first field with an error, in the order of the form. */
export function firstAddressError(errors: AddressErrors): AddressField | undefined {
  return FIELDS.find((field) => errors[field]);
}

export function AddressForm({
  id,
  countries,
  value,
  errors,
  onChange,
}: {
  /** Prefix of the fields' ids, unique on the page. */
  id: string;
  countries: readonly Country[];
  value: AddressDraft;
  errors: AddressErrors;
  onChange: (field: AddressField, value: string) => void;
}) {
  const country = countryOf(value, countries);
  const hints: Partial<Record<AddressField, string>> = {
    postalCode: country && `For example ${country.postalCodeExample}`,
  };
  /** The wiring every control gets: id, value, its error state and its messages' ids. */
  const control = (name: AddressField) => {
    const fieldId = addressFieldId(id, name);
    const described = [hints[name] ? `${fieldId}-hint` : '', errors[name] ? `${fieldId}-error` : '']
      .filter(Boolean)
      .join(' ');
    return {
      id: fieldId,
      name,
      value: value[name],
      'aria-invalid': errors[name] ? true : undefined,
      'aria-describedby': described || undefined,
      onChange: (event: { target: { value: string } }) => onChange(name, event.target.value),
    };
  };
  const field = (
    name: AddressField,
    input: ReactNode,
    options: { optional?: boolean; wide?: boolean } = {},
  ) => (
    <div className={options.wide ? 'form-field span-2' : 'form-field'}>
      <label htmlFor={addressFieldId(id, name)}>
        {fieldLabel(name, country)}
        {options.optional && ' (optional)'}
      </label>
      {input}
      <FieldMessages id={addressFieldId(id, name)} hint={hints[name]} error={errors[name]} />
    </div>
  );

  return (
    <div className="form-grid">
      {field('name', <input {...control('name')} autoComplete="name" required maxLength={100} />, {
        wide: true,
      })}
      {field(
        'company',
        <input {...control('company')} autoComplete="organization" maxLength={100} />,
        { optional: true, wide: true },
      )}
      {field(
        'country',
        <select {...control('country')} autoComplete="country" required>
          {countries.map((known) => (
            <option key={known.code} value={known.code}>
              {known.name}
            </option>
          ))}
        </select>,
        { wide: true },
      )}
      {field(
        'line1',
        <input {...control('line1')} autoComplete="address-line1" required maxLength={200} />,
        { wide: true },
      )}
      {field(
        'line2',
        <input {...control('line2')} autoComplete="address-line2" maxLength={200} />,
        { optional: true, wide: true },
      )}
      {field(
        'city',
        <input {...control('city')} autoComplete="address-level2" required maxLength={100} />,
      )}
      {country &&
        country.regions.length > 0 &&
        field(
          'region',
          <select {...control('region')} autoComplete="address-level1" required>
            <option value="">Choose…</option>
            {country.regions.map((region) => (
              <option key={region.code} value={region.code}>
                {region.name}
              </option>
            ))}
          </select>,
        )}
      {field(
        'postalCode',
        <input {...control('postalCode')} autoComplete="postal-code" required maxLength={16} />,
      )}
      {field(
        'phone',
        <input {...control('phone')} type="tel" autoComplete="tel" maxLength={32} />,
        { optional: true },
      )}
    </div>
  );
}
