import { type Static, Type } from 'typebox';
import { Money } from '../../lib/money.js';
import { multilineText } from '../../lib/validation.js';
import { CategoryRef, ProductImage, ProductOption, ProductSpec } from '../catalog/schemas.js';
import { MAX_OPTIONS, MAX_VARIANT_ID_LENGTH, SKU_PATTERN } from '../catalog/tables.js';
import { OrderDetail, OrderStatus, OrderSummary } from '../orders/schemas.js';
import { auditActions, auditTargets } from './tables.js';

export const SLUG = '^[a-z0-9]+(-[a-z0-9]+)*$';
/**
 * A price as the admin types it: "75", "75.5" or "75.50" (parseDecimal reads it), at most
 * MAX_ORDER_TOTAL_CENTS (1,000,000.00): a product no order could hold cannot be priced, and no
 * amount made from prices can reach an int4 column's limit. admin.test.ts pins the pattern to
 * the constant.
 */
export const PRICE = Type.String({
  pattern: '^(\\d{1,6}(\\.\\d{1,2})?|1000000(\\.0{1,2})?)$',
  description: 'Decimal amount, e.g. "75.00" (at most 1000000.00, the largest order total)',
});
/** Stock is bounded so that adding a refund or an adjustment can never overflow an int4. */
export const MAX_STOCK = 1_000_000;
const Stock = Type.Integer({ minimum: 0, maximum: MAX_STOCK });
const Reason = Type.String({
  minLength: 3,
  maxLength: 200,
  description: 'Why: kept in the audit log, e.g. "stock count 2026-11-20"',
});
/** The file name of an uploaded image, as POST /api/v1/admin/images answered it. */
const ImageName = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]*\\.(svg|png|jpg|webp)$',
  maxLength: 120,
});

export const Page = {
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
};
export const pageOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0, description: 'Items matching the filters, on all pages' }),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

// ---- products ------------------------------------------------------------------------------

export const AdminProductStatus = Type.Union(
  [Type.Literal('active'), Type.Literal('archived'), Type.Literal('all')],
  { description: 'active: for sale (the default); archived: hidden from the shop; all: both' },
);

export const AdminProductListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Words of the title or id, as prefixes' }),
    ),
    category: Type.Optional(Type.String({ pattern: SLUG, maxLength: 100 })),
    status: Type.Optional(AdminProductStatus),
    lowStock: Type.Optional(
      Type.Boolean({ description: 'true: only products at or below the low-stock threshold' }),
    ),
    ...Page,
  },
  { additionalProperties: false },
);
export type AdminProductListQuery = Partial<Static<typeof AdminProductListQuery>>;

export const AdminProduct = Type.Object({
  id: Type.String(),
  title: Type.String(),
  category: CategoryRef,
  price: Money,
  stock: Type.Integer({
    minimum: 0,
    description: 'Units on hand, all its variants for sale together',
  }),
  lowStock: Type.Boolean({
    description: 'A variant for sale is at or below the low-stock threshold',
  }),
  /** Named as the catalog's summary; the product answer's `variants` is the full list. */
  availability: Type.Object({
    variants: Type.Integer({ minimum: 0, description: 'Variants for sale (1 without options)' }),
    soldOut: Type.Integer({ minimum: 0, description: 'Of those, how many have no stock' }),
    option: Type.Union([Type.String(), Type.Null()], {
      description: 'Its only option\'s name, for "2 of 6 sizes out"; null with none or several',
    }),
  }),
  image: Type.Union([ProductImage, Type.Null()]),
  archived: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type AdminProduct = Static<typeof AdminProduct>;

export const AdminVariant = Type.Object({
  id: Type.String({ description: 'What cart and order lines name' }),
  sku: Type.String(),
  values: Type.Array(Type.String(), { description: "In the options' order; [] without options" }),
  label: Type.String({ description: 'e.g. "Size M · Colour Navy"; "" without options' }),
  priceOverride: Type.Union([Money, Type.Null()], {
    description: "Its own price, or null for the product's base price",
  }),
  price: Money,
  stock: Type.Integer({ minimum: 0, description: 'Units on hand' }),
  lowStock: Type.Boolean({ description: 'At or below the low-stock threshold' }),
  archived: Type.Boolean({ description: 'No longer sold; kept for the orders that name it' }),
  image: Type.Union([ProductImage, Type.Null()]),
});
export type AdminVariant = Static<typeof AdminVariant>;

export const AdminProductDetail = Type.Object({
  ...AdminProduct.properties,
  description: Type.String(),
  specs: Type.Array(ProductSpec),
  options: Type.Array(ProductOption, { description: '0 to 3 options, e.g. Size and Colour' }),
  variants: Type.Array(AdminVariant, {
    description: 'Every variant, archived ones included, in shop order',
  }),
  /** Units sold in paid orders, all time: a product with sales can be archived, not deleted. */
  unitsSold: Type.Integer({ minimum: 0 }),
});
export type AdminProductDetail = Static<typeof AdminProductDetail>;

export const AdminProductPage = pageOf(AdminProduct);
export type AdminProductPage = Static<typeof AdminProductPage>;

const Spec = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    value: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

const editableProductFields = {
  title: Type.String({ minLength: 2, maxLength: 120 }),
  // Paragraphs: line breaks and tabs allowed, other control characters still refused.
  description: multilineText({ minLength: 10, maxLength: 4000 }),
  specs: Type.Array(Spec, { maxItems: 20 }),
  categoryId: Type.String({ pattern: SLUG, maxLength: 100 }),
  price: PRICE,
  image: Type.Union([ImageName, Type.Null()], {
    description: 'An uploaded image (POST /api/v1/admin/images), or null for none',
  }),
};

export const CreateProductBody = Type.Object(
  {
    id: Type.String({
      pattern: SLUG,
      minLength: 3,
      maxLength: 80,
      description: 'Stable, human-readable id, e.g. argentina-home-jersey; cannot change later',
    }),
    ...editableProductFields,
    stock: Stock,
    sku: Type.Optional(
      Type.String({
        pattern: SKU_PATTERN,
        description: "Its default variant's SKU; the id upper-cased when not given",
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

export const UpdateProductBody = Type.Partial(Type.Object(editableProductFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateProductBody = Static<typeof UpdateProductBody>;

export const ProductIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const SetStockBody = Type.Object(
  { stock: Stock, reason: Reason },
  { additionalProperties: false },
);
export type SetStockBody = Static<typeof SetStockBody>;

export const AdjustStockBody = Type.Object(
  {
    delta: Type.Integer({
      minimum: -MAX_STOCK,
      maximum: MAX_STOCK,
      not: Type.Literal(0),
      description: 'Units to add (received) or remove (damaged, lost); never below zero',
    }),
    reason: Reason,
  },
  { additionalProperties: false },
);
export type AdjustStockBody = Static<typeof AdjustStockBody>;

const OptionValue = Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' });

export const SetOptionsBody = Type.Object(
  {
    options: Type.Array(
      Type.Object(
        {
          name: Type.String({
            minLength: 1,
            maxLength: 40,
            pattern: '\\S',
            description: 'e.g. Size',
          }),
          values: Type.Array(OptionValue, {
            minItems: 1,
            maxItems: 100,
            description: 'In shop order, e.g. XS, S, M, L, XL, 2XL',
          }),
        },
        { additionalProperties: false },
      ),
      {
        maxItems: MAX_OPTIONS,
        description: '0 to 3 options; [] makes it a product without options',
      },
    ),
  },
  { additionalProperties: false },
);
export type SetOptionsBody = Static<typeof SetOptionsBody>;

export const VariantIdParams = Type.Object({
  variantId: Type.String({ minLength: 1, maxLength: MAX_VARIANT_ID_LENGTH }),
});

export const UpdateVariantBody = Type.Object(
  {
    sku: Type.Optional(Type.String({ pattern: SKU_PATTERN, description: 'Unique in the shop' })),
    price: Type.Optional(
      Type.Union([PRICE, Type.Null()], {
        description: "Its own price, or null to sell it at the product's base price",
      }),
    ),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVariantBody = Static<typeof UpdateVariantBody>;

export const UploadedImage = Type.Object({
  name: Type.String({ description: 'Pass as `image` when creating or editing a product' }),
  ...ProductImage.properties,
});
export type UploadedImage = Static<typeof UploadedImage>;

// ---- orders --------------------------------------------------------------------------------

export const AdminOrderListQuery = Type.Object(
  {
    status: Type.Optional(OrderStatus),
    fulfilment: Type.Optional(
      Type.Union(
        [Type.Literal('unfulfilled'), Type.Literal('shipped'), Type.Literal('delivered')],
        {
          description: 'Paid orders in this fulfilment state (unfulfilled: still to ship)',
        },
      ),
    ),
    from: Type.Optional(
      Type.String({ format: 'date', description: 'Placed on or after this day (UTC)' }),
    ),
    to: Type.Optional(
      Type.String({ format: 'date', description: 'Placed on or before this day (UTC)' }),
    ),
    customer: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Part of the customer email or name, or an order number',
      }),
    ),
    ...Page,
  },
  { additionalProperties: false },
);
export type AdminOrderListQuery = Partial<Static<typeof AdminOrderListQuery>>;

export const OrderCustomer = Type.Union([
  Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  Type.Null(),
]);

export const AdminOrderSummary = Type.Object({
  ...OrderSummary.properties,
  source: Type.Union([Type.Literal('storefront'), Type.Literal('legacy')]),
  customer: OrderCustomer,
});
export type AdminOrderSummary = Static<typeof AdminOrderSummary>;

export const AdminOrderPage = pageOf(AdminOrderSummary);
export type AdminOrderPage = Static<typeof AdminOrderPage>;

export const PaymentRecord = Type.Object({
  status: Type.String(),
  amount: Money,
  reference: Type.Union([Type.String(), Type.Null()]),
  failureCode: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const AdminOrderDetail = Type.Object({
  ...OrderDetail.properties,
  source: Type.Union([Type.Literal('storefront'), Type.Literal('legacy')]),
  customer: OrderCustomer,
  cancelledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reservedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  payments: Type.Array(PaymentRecord),
  canRefund: Type.Boolean(),
  canCancel: Type.Boolean(),
  /** A legacy API order awaiting payment: the admin records how it was paid. */
  canConfirmPayment: Type.Boolean(),
  canShip: Type.Boolean(),
  canMarkDelivered: Type.Boolean(),
});
export type AdminOrderDetail = Static<typeof AdminOrderDetail>;

export const OrderIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const OrderActionBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export type OrderActionBody = Static<typeof OrderActionBody>;

const ShipmentFields = {
  carrier: Type.String({
    minLength: 1,
    maxLength: 40,
    description:
      'A code of GET /api/v1/admin/carriers, or "other" with carrierName and trackingUrl',
  }),
  carrierName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  trackingNumber: Type.String({ minLength: 3, maxLength: 60, pattern: '^[A-Za-z0-9 -]+$' }),
  trackingUrl: Type.Optional(
    Type.String({
      maxLength: 500,
      pattern: '^https://[^\\s]+$',
      description: "The parcel's tracking page; a known carrier's own page if left out",
    }),
  ),
};

export const ShipOrderBody = Type.Object(ShipmentFields, { additionalProperties: false });
export type ShipOrderBody = Static<typeof ShipOrderBody>;

export const ShipOrdersBody = Type.Object(
  {
    shipments: Type.Array(
      Type.Object(
        { orderId: Type.String({ format: 'uuid' }), ...ShipmentFields },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type ShipOrdersBody = Static<typeof ShipOrdersBody>;

export const ShipOrdersAnswer = Type.Object({
  results: Type.Array(
    Type.Object({
      orderId: Type.String(),
      shipped: Type.Boolean(),
      error: Type.Union([
        Type.Object({ code: Type.String(), message: Type.String() }),
        Type.Null(),
      ]),
    }),
  ),
});
export type ShipOrdersAnswer = Static<typeof ShipOrdersAnswer>;

export const CarrierList = Type.Object({
  carriers: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});

export const ConfirmPaymentBody = Type.Object(
  {
    reference: Type.String({
      minLength: 3,
      maxLength: 200,
      pattern: '\\S',
      description:
        'How it was paid, kept with the payment record and in the audit log, e.g. ' +
        '"bank transfer 2026-11-20, ref 4471"',
    }),
  },
  { additionalProperties: false },
);
export type ConfirmPaymentBody = Static<typeof ConfirmPaymentBody>;

// ---- sales summary -------------------------------------------------------------------------

export const SalesSummaryQuery = Type.Object(
  {
    days: Type.Integer({
      minimum: 1,
      maximum: 366,
      default: 30,
      description: 'How many days back from today (UTC), today included',
    }),
  },
  { additionalProperties: false },
);
export type SalesSummaryQuery = Partial<Static<typeof SalesSummaryQuery>>;

export const SalesSummary = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  currency: Type.String(),
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      orders: Type.Integer({ description: 'Orders paid that day (later refunds included)' }),
      revenue: Money,
      refunds: Money,
    }),
    { description: 'Every day of the period, oldest first, days without sales included' },
  ),
  totals: Type.Object({ orders: Type.Integer(), revenue: Money, refunds: Money }),
  topProducts: Type.Array(
    Type.Object({
      productId: Type.String(),
      title: Type.String(),
      units: Type.Integer(),
      revenue: Money,
    }),
    { description: 'The ten best sellers of the period by revenue, refunded orders left out' },
  ),
});
export type SalesSummary = Static<typeof SalesSummary>;

// ---- audit log -----------------------------------------------------------------------------

export const AuditLogQuery = Type.Object(
  {
    targetType: Type.Optional(Type.Enum(auditTargets)),
    targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    action: Type.Optional(Type.Enum(auditActions)),
    ...Page,
  },
  { additionalProperties: false },
);
export type AuditLogQuery = Partial<Static<typeof AuditLogQuery>>;

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({ id: Type.String(), email: Type.String() }),
  action: Type.Enum(auditActions),
  targetType: Type.Enum(auditTargets),
  targetId: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditLogPage = pageOf(AuditEntry);
export type AuditLogPage = Static<typeof AuditLogPage>;
