import { type Static, Type } from 'typebox';

/** An address as a shopper types it; `validateAddress` checks it against its country. */
export const AddressInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Who receives it' }),
    company: Type.Optional(Type.String({ maxLength: 100 })),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    region: Type.Optional(
      Type.String({
        maxLength: 3,
        description: 'Region code where the country has regions (GET /api/v1/countries): OR',
      }),
    ),
    postalCode: Type.String({
      minLength: 1,
      maxLength: 16,
      description: "In the country's format; spacing and case are normalised",
    }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. US' }),
    phone: Type.Optional(
      Type.String({ maxLength: 32, description: 'For the carrier: digits, spaces, + ( ) -' }),
    ),
  },
  { additionalProperties: false },
);
export type AddressInput = Static<typeof AddressInput>;

/** A checked address: trimmed, optional parts null, postal code in the country's format. */
export const Address = Type.Object({
  name: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  line1: Type.String(),
  line2: Type.Union([Type.String(), Type.Null()]),
  city: Type.String(),
  region: Type.Union([Type.String(), Type.Null()]),
  postalCode: Type.String(),
  country: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
});
export type Address = Static<typeof Address>;

export const SavedAddress = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ...Address.properties,
  isDefault: Type.Boolean({ description: 'Offered first at checkout' }),
});
export type SavedAddress = Static<typeof SavedAddress>;

export const SaveAddressBody = Type.Object(
  {
    ...AddressInput.properties,
    makeDefault: Type.Optional(Type.Boolean({ description: 'Make it the default address' })),
  },
  { additionalProperties: false },
);
export type SaveAddressBody = Static<typeof SaveAddressBody>;

export const AddressParams = Type.Object({ addressId: Type.String({ format: 'uuid' }) });

export const AddressBook = Type.Object({ addresses: Type.Array(SavedAddress) });
export type AddressBook = Static<typeof AddressBook>;

export const CountryList = Type.Object({
  countries: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      regionLabel: Type.Union([Type.String(), Type.Null()]),
      regions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
      postalCodeLabel: Type.String(),
      postalCodeExample: Type.String(),
    }),
  ),
});
export type CountryList = Static<typeof CountryList>;
