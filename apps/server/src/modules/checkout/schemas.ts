import { type Static, Type } from 'typebox';
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
  { card: CardInput, billing: BillingAddress },
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
