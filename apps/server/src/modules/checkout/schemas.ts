import { type Static, Type } from 'typebox';
import { ErrorResponse } from '../../lib/errors.js';
import { Cart } from '../cart/schemas.js';
import { BillingAddress } from '../orders/schemas.js';

export const CardInput = Type.Object(
  {
    number: Type.String({ maxLength: 40, description: 'Digits; spaces and dashes are ignored' }),
    expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
    expYear: Type.Integer({ minimum: 0, maximum: 9999, description: '2026 or 26' }),
    cvc: Type.String({ maxLength: 4 }),
    holder: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);

export const CheckoutBody = Type.Object(
  {
    card: CardInput,
    billing: BillingAddress,
    cartVersion: Type.String({
      pattern: '^[A-Za-z0-9_-]{1,100}$',
      description:
        'The `version` of the cart the shopper was shown and confirmed; if the cart changed ' +
        'since (a price, a quantity, an item), checkout answers 409 cart_changed with the new cart',
    }),
  },
  { additionalProperties: false },
);
export type CheckoutBody = Static<typeof CheckoutBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 200,
    pattern: '^[\\x21-\\x7e]+$',
    description: 'A fresh random value per purchase attempt (a UUID); retries reuse it',
  }),
});

/** A 409 from checkout: the error, and for `cart_changed` the cart as it is now. */
export const CheckoutConflict = Type.Object(
  {
    error: ErrorResponse.properties.error,
    cart: Type.Optional(Cart),
  },
  { title: 'CheckoutConflict' },
);
export type CheckoutConflict = Static<typeof CheckoutConflict>;
