import { type Static, Type } from 'typebox';
import { Money } from '../../lib/money.js';

export const OrderStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('awaiting_payment'),
  Type.Literal('paid'),
  Type.Literal('failed'),
  Type.Literal('refunded'),
  Type.Literal('cancelled'),
]);

export const BillingAddress = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    postalCode: Type.String({
      minLength: 2,
      maxLength: 16,
      pattern: '^[A-Za-z0-9][A-Za-z0-9 -]*$',
    }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. US' }),
  },
  { additionalProperties: false },
);
export type BillingAddress = Static<typeof BillingAddress>;

export const FulfilmentStatus = Type.Union([
  Type.Literal('unfulfilled'),
  Type.Literal('shipped'),
  Type.Literal('delivered'),
]);

export const OrderSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer(),
  status: OrderStatus,
  createdAt: Type.String({ format: 'date-time' }),
  paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  itemCount: Type.Integer(),
  total: Money,
  fulfilment: FulfilmentStatus,
});
export type OrderSummary = Static<typeof OrderSummary>;

export const OrderLine = Type.Object({
  productId: Type.String(),
  variantId: Type.String(),
  sku: Type.String({ description: 'As it was when bought' }),
  title: Type.String({ description: 'As it was when bought' }),
  variantLabel: Type.String({ description: 'As it was when bought, e.g. "Size M · Colour Navy"' }),
  quantity: Type.Integer(),
  unitPrice: Money,
  lineTotal: Money,
});

export const Fulfilment = Type.Object({
  status: FulfilmentStatus,
  carrier: Type.Union([Type.String(), Type.Null()]),
  trackingNumber: Type.Union([Type.String(), Type.Null()]),
  trackingUrl: Type.Union([Type.String(), Type.Null()]),
  shippedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const TimelineEvent = Type.Object({
  at: Type.String({ format: 'date-time' }),
  event: Type.Union([
    Type.Literal('placed'),
    Type.Literal('paid'),
    Type.Literal('shipped'),
    Type.Literal('delivered'),
    Type.Literal('refunded'),
    Type.Literal('cancelled'),
  ]),
  label: Type.String({ description: 'For people: "Shipped with UPS (1Z999AA10123456784)"' }),
});
export type TimelineEvent = Static<typeof TimelineEvent>;

export const OrderDetail = Type.Object({
  ...OrderSummary.properties,
  lines: Type.Array(OrderLine),
  subtotal: Money,
  tax: Money,
  shipping: Money,
  billing: Type.Union([BillingAddress, Type.Null()]),
  payment: Type.Union([
    Type.Object({
      brand: Type.String(),
      last4: Type.String(),
      expMonth: Type.Integer(),
      expYear: Type.Integer(),
    }),
    Type.Null(),
  ]),
  refundedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  fulfilment: Fulfilment,
  timeline: Type.Array(TimelineEvent, { description: 'What happened to the order, oldest first' }),
});
export type OrderDetail = Static<typeof OrderDetail>;

export const OrderList = Type.Object({ items: Type.Array(OrderSummary) });
export type OrderList = Static<typeof OrderList>;
