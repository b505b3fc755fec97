import { type Static, Type } from 'typebox';
import { Money } from '../../lib/money.js';
import { ShippingOption } from '../shipping/schemas.js';

export const EstimateQuery = Type.Object(
  {
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. US' }),
    region: Type.Optional(
      Type.String({ pattern: '^[A-Za-z]{2,3}$', description: 'Region code, e.g. OR' }),
    ),
    shippingMethod: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'A method id of the quote; the cheapest if absent',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EstimateQuery = Static<typeof EstimateQuery>;

export const CartEstimate = Type.Object({
  destination: Type.Object({
    country: Type.String(),
    region: Type.Union([Type.String(), Type.Null()]),
  }),
  pricesIncludeTax: Type.Boolean({
    description: 'True where shoppers see prices with tax in them (EU, UK, Australia)',
  }),
  lines: Type.Array(
    Type.Object({
      variantId: Type.String(),
      unitPrice: Money,
      quantity: Type.Integer(),
      lineTotal: Money,
    }),
  ),
  subtotal: Money,
  shipping: Type.Object({ method: ShippingOption, price: Money }),
  tax: Type.Object({
    included: Type.Boolean({ description: 'Contained in the prices rather than added to them' }),
    components: Type.Array(
      Type.Object({
        name: Type.String({ description: 'Sales tax, VAT, GST, PST, QST, HST...' }),
        rate: Type.String({ description: 'Percent, e.g. "7.25"' }),
        amount: Money,
      }),
    ),
    total: Money,
  }),
  total: Money,
});
export type CartEstimate = Static<typeof CartEstimate>;
