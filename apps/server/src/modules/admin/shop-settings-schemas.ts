import { type Static, Type } from 'typebox';
import { Money } from '../../lib/money.js';
import { PRICE, SLUG } from './schemas.js';

const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
const RegionCode = Type.String({ pattern: '^[A-Z]{2,3}$', description: 'e.g. OR, ON, NSW' });
const Days = Type.Integer({ minimum: 0, maximum: 90 });
const Area = Type.Object(
  { country: CountryCode, region: Type.Union([RegionCode, Type.Null()]) },
  { additionalProperties: false },
);

export const ZoneParams = Type.Object({ zoneId: Type.String({ pattern: SLUG, maxLength: 40 }) });
export const TaxRuleParams = Type.Object({
  ruleId: Type.String({
    pattern: '^[A-Z]{2}(-[A-Z]{2,3})?$',
    description: 'A country (DE) or a region of one (US-OR)',
  }),
});

export const AdminShippingZone = Type.Object({
  id: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  areas: Type.Array(
    Type.Object({ country: Type.String(), region: Type.Union([Type.String(), Type.Null()]) }),
  ),
  methods: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      minDays: Type.Integer(),
      maxDays: Type.Integer(),
      bands: Type.Array(Type.Object({ from: Money, price: Money })),
    }),
  ),
});
export type AdminShippingZone = Static<typeof AdminShippingZone>;
export const AdminShippingZones = Type.Object({ zones: Type.Array(AdminShippingZone) });
export type AdminShippingZones = Static<typeof AdminShippingZones>;

export const SaveShippingZoneBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    position: Type.Integer({ minimum: 0, maximum: 1000 }),
    areas: Type.Array(Area, { minItems: 1, maxItems: 100 }),
    methods: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: SLUG, maxLength: 40 }),
          name: Type.String({ minLength: 1, maxLength: 60 }),
          minDays: Days,
          maxDays: Days,
          bands: Type.Array(
            Type.Object({ from: PRICE, price: PRICE }, { additionalProperties: false }),
            { minItems: 1, maxItems: 10, description: 'Price by subtotal: the first from 0' },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);
export type SaveShippingZoneBody = Static<typeof SaveShippingZoneBody>;

const Rate = Type.String({
  pattern: '^\\d{1,2}(\\.\\d{1,4})?$',
  description: 'Percent, at most four decimals: "6.875"',
});

export const AdminTaxRule = Type.Object({
  id: Type.String(),
  country: Type.String(),
  region: Type.Union([Type.String(), Type.Null()]),
  components: Type.Array(Type.Object({ name: Type.String(), rate: Type.String() })),
  pricesIncludeTax: Type.Boolean(),
  shippingTaxed: Type.Boolean(),
});
export type AdminTaxRule = Static<typeof AdminTaxRule>;
export const AdminTaxRules = Type.Object({ rules: Type.Array(AdminTaxRule) });
export type AdminTaxRules = Static<typeof AdminTaxRules>;

export const SaveTaxRuleBody = Type.Object(
  {
    components: Type.Array(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 40 }), rate: Rate },
        { additionalProperties: false },
      ),
      { maxItems: 4, description: 'Empty for a destination without tax' },
    ),
    pricesIncludeTax: Type.Boolean({
      description: 'Shoppers there see prices with the tax in them',
    }),
    shippingTaxed: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SaveTaxRuleBody = Static<typeof SaveTaxRuleBody>;
