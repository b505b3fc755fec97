import { type Static, Type } from 'typebox';
import { Money } from '../../lib/money.js';
import { MAX_VARIANT_ID_LENGTH } from '../catalog/tables.js';

const VariantId = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  maxLength: MAX_VARIANT_ID_LENGTH,
  description: "A variant's id (a product without options: the product's id)",
});
const Quantity = Type.Integer({ minimum: 1, maximum: 10_000 });

export const VariantParams = Type.Object({ variantId: VariantId });
export const CartParams = Type.Object({ cartId: Type.String({ format: 'uuid' }) });

export const AddItemBody = Type.Object(
  { variantId: VariantId, quantity: Type.Optional(Quantity) },
  { additionalProperties: false },
);
export type AddItemBody = Static<typeof AddItemBody>;

export const SetQuantityBody = Type.Object({ quantity: Quantity }, { additionalProperties: false });
export type SetQuantityBody = Static<typeof SetQuantityBody>;

/**
 * ok: can be bought as is. insufficient_stock: fewer left than the line wants (lower it to
 * `available`). sold_out: none left. unavailable: no longer sold (archived).
 */
export const LineState = Type.Union([
  Type.Literal('ok'),
  Type.Literal('insufficient_stock'),
  Type.Literal('sold_out'),
  Type.Literal('unavailable'),
]);

export const CartLine = Type.Object({
  variantId: Type.String(),
  productId: Type.String(),
  title: Type.String({ description: "The product's title" }),
  variantLabel: Type.String({ description: 'e.g. "Size M · Colour Navy"; "" without options' }),
  sku: Type.String(),
  image: Type.Union([Type.String(), Type.Null()]),
  unitPrice: Money,
  quantity: Type.Integer(),
  lineTotal: Money,
  available: Type.Integer({ description: 'Units in stock now' }),
  state: LineState,
  /** A sentence for the shopper when the line cannot be bought as is. */
  problem: Type.Union([Type.String(), Type.Null()]),
});
export type CartLine = Static<typeof CartLine>;

export const Cart = Type.Object({
  id: Type.String({ format: 'uuid' }),
  version: Type.String({
    description:
      'Fingerprint of the lines, their prices and the totals; changes whenever what checkout ' +
      'would charge changes. Checkout requires it as cartVersion.',
  }),
  lines: Type.Array(CartLine),
  itemCount: Type.Integer({ description: 'Units in the cart, all lines' }),
  subtotal: Money,
  tax: Money,
  shipping: Money,
  total: Money,
  /** True when the cart is empty or a line cannot be bought as is (see each line's problem). */
  checkoutBlocked: Type.Boolean(),
});
export type Cart = Static<typeof Cart>;
