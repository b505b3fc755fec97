import { type Static, Type } from 'typebox';
import { Money } from '../../lib/money.js';

export const ShippingQuoteQuery = Type.Object(
  {
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. US' }),
    region: Type.Optional(
      Type.String({ pattern: '^[A-Za-z]{2,3}$', description: 'Region code, e.g. OR' }),
    ),
  },
  { additionalProperties: false },
);
export type ShippingQuoteQuery = Static<typeof ShippingQuoteQuery>;

export const ShippingOption = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'e.g. "Standard"' }),
  minDays: Type.Integer({ description: 'Business days from dispatch, at the soonest' }),
  maxDays: Type.Integer(),
  price: Money,
  freeFrom: Type.Union([Money, Type.Null()], {
    description: 'The subtotal from which this method is free, if it ever is',
  }),
  amountToFree: Type.Union([Money, Type.Null()], {
    description: 'What the cart still needs for it to be free (null when free or never free)',
  }),
});
export type ShippingOption = Static<typeof ShippingOption>;

export const ShippingQuote = Type.Object({
  destination: Type.Object({
    country: Type.String(),
    region: Type.Union([Type.String(), Type.Null()]),
  }),
  zone: Type.Object({ id: Type.String(), name: Type.String() }),
  subtotal: Money,
  methods: Type.Array(ShippingOption, { description: 'Cheapest first' }),
});
export type ShippingQuote = Static<typeof ShippingQuote>;
