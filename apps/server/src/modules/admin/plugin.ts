import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { AppConfig } from '../../config.js';
import { ErrorResponse } from '../../lib/errors.js';
import { currentUser } from '../accounts/plugin.js';
import { catalogChanged, productChanges } from '../catalog/answer-cache.js';
import { CARRIERS } from '../orders/fulfilment.js';
import type { PaymentGateway } from '../payments/gateway.js';
import {
  ApiClient,
  ApiClientIdParams,
  ApiClientListQuery,
  ApiClientPage,
  CreateApiClientBody,
  CreatedApiClient,
  RevokeApiClientBody,
} from './api-client-schemas.js';
import { ApiClientAdmin } from './api-clients.js';
import { listAudit } from './audit.js';
import { acceptedImageTypes } from './image-upload.js';
import { confirmLegacyPayment } from './legacy-orders.js';
import { OrderAdmin } from './orders.js';
import { ProductAdmin } from './products.js';
import { salesSummary } from './sales.js';
import {
  AdjustStockBody,
  AdminOrderDetail,
  AdminOrderListQuery,
  AdminOrderPage,
  AdminProductDetail,
  AdminProductListQuery,
  AdminProductPage,
  AuditLogPage,
  AuditLogQuery,
  CarrierList,
  ConfirmPaymentBody,
  CreateProductBody,
  OrderActionBody,
  OrderIdParams,
  ProductIdParams,
  SalesSummary,
  SalesSummaryQuery,
  SetOptionsBody,
  SetStockBody,
  ShipOrderBody,
  ShipOrdersAnswer,
  ShipOrdersBody,
  UpdateProductBody,
  UpdateVariantBody,
  UploadedImage,
  VariantIdParams,
} from './schemas.js';
import { ShopSettingsAdmin } from './shop-settings.js';
import {
  AdminShippingZone,
  AdminShippingZones,
  AdminTaxRule,
  AdminTaxRules,
  SaveShippingZoneBody,
  SaveTaxRuleBody,
  TaxRuleParams,
  ZoneParams,
} from './shop-settings-schemas.js';
import { VariantAdmin } from './variants.js';

export interface AdminPluginOptions {
  config: AppConfig;
  gateway: PaymentGateway;
  now: () => number;
}

/** Every admin route answers these; 404 is also what anyone but an admin gets, on every route. */
const errors = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  503: ErrorResponse,
};
const tags = ['admin'];
/** Every route here is for admins only (enforced by the accounts module's access hook). */
const admin = { access: 'admin' } as const;

/**
 * The shop owner's API: products, stock, images, orders, refunds, sales, the legacy API's
 * clients and the audit log.
 */
const adminPlugin: FastifyPluginAsyncTypebox<AdminPluginOptions> = async (app, options) => {
  const { config, gateway, now } = options;
  const db = app.database.db;
  const changeProduct = productChanges(db, app.invalidations);
  const products = new ProductAdmin({
    db,
    changeProduct,
    currency: config.shop.currency,
    lowStockThreshold: config.shop.lowStockThreshold,
    imageLimits: config.imageUploads,
    now,
  });
  const variants = new VariantAdmin({
    changeProduct,
    now,
    detail: (id, tx) => products.detail(id, tx),
  });
  const orders = new OrderAdmin({ db, orders: app.orders, gateway, now });
  const apiClients = new ApiClientAdmin({ db, now });
  const settings = new ShopSettingsAdmin({
    db,
    shipping: app.shipping,
    tax: app.tax,
    currency: config.shop.currency,
    now,
  });
  const actor = (request: Parameters<typeof currentUser>[0]) => {
    const user = currentUser(request);
    return { id: user.id, email: user.email };
  };

  app.get(
    '/api/v1/admin/products',
    {
      config: admin,
      schema: {
        summary: 'Every product, archived ones too, with exact stock',
        tags,
        querystring: AdminProductListQuery,
        response: { 200: AdminProductPage, ...errors },
      },
    },
    async (request) => products.list(request.query),
  );

  app.get(
    '/api/v1/admin/products/:id',
    {
      config: admin,
      schema: {
        summary: 'A product with everything the product form needs',
        tags,
        params: ProductIdParams,
        response: { 200: AdminProductDetail, ...errors },
      },
    },
    async (request) => products.detail(request.params.id),
  );

  app.post(
    '/api/v1/admin/products',
    {
      config: admin,
      schema: {
        summary: 'Create a product',
        description: 'Upload its image first (POST /api/v1/admin/images) and pass its name.',
        tags,
        body: CreateProductBody,
        response: { 201: AdminProductDetail, ...errors },
      },
    },
    async (request, reply) => {
      const created = await products.create(actor(request), request.body);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/admin/products/:id',
    {
      config: admin,
      schema: {
        summary: 'Edit a product (only the fields given change)',
        tags,
        params: ProductIdParams,
        body: UpdateProductBody,
        response: { 200: AdminProductDetail, ...errors },
      },
    },
    async (request) => products.update(actor(request), request.params.id, request.body),
  );

  for (const [verb, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(
      `/api/v1/admin/products/:id/${verb}`,
      {
        config: admin,
        schema: {
          summary: archived
            ? 'Archive a product: hidden from the shop, kept in orders'
            : 'Put an archived product back on sale',
          tags,
          params: ProductIdParams,
          response: { 200: AdminProductDetail, ...errors },
        },
      },
      async (request) => products.setArchived(actor(request), request.params.id, archived),
    );
  }

  app.put(
    '/api/v1/admin/products/:id/stock',
    {
      config: admin,
      schema: {
        summary: 'Set the units on hand (a stock count), with a reason',
        description:
          'A product without options: its one variant. A product with options: every variant ' +
          'for sale gets this count ("set stock for all sizes"), in one audit entry.',
        tags,
        params: ProductIdParams,
        body: SetStockBody,
        response: { 200: AdminProductDetail, ...errors },
      },
    },
    async (request) => variants.setProductStock(actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/admin/products/:id/stock-adjustments',
    {
      config: admin,
      schema: {
        summary: 'Add or remove units (delivery, damage), with a reason; never below zero',
        description:
          'A product without options only: one with options answers 409 variant_required ' +
          '(adjust one variant: POST /api/v1/admin/variants/{variantId}/stock-adjustments).',
        tags,
        params: ProductIdParams,
        body: AdjustStockBody,
        response: { 200: AdminProductDetail, ...errors },
      },
    },
    async (request) => variants.adjustProductStock(actor(request), request.params.id, request.body),
  );

  app.put(
    '/api/v1/admin/products/:id/options',
    {
      config: admin,
      schema: {
        summary: "Define a product's options and generate its variant grid",
        description:
          'Every combination of the values becomes a variant (new ones: stock 0, a generated ' +
          'SKU). Existing combinations keep their SKU, stock and price; combinations no longer ' +
          'in the grid are archived, never deleted. From no options to some, the default ' +
          'variant is archived: refused (409 stock_on_hand) while it holds stock.',
        tags,
        params: ProductIdParams,
        body: SetOptionsBody,
        response: { 200: AdminProductDetail, ...errors },
      },
    },
    async (request) => variants.setOptions(actor(request), request.params.id, request.body),
  );

  app.patch(
    '/api/v1/admin/variants/:variantId',
    {
      config: admin,
      schema: {
        summary: "Edit a variant's SKU, price override or sale (archived); answers its product",
        tags,
        params: VariantIdParams,
        body: UpdateVariantBody,
        response: { 200: AdminProductDetail, ...errors },
      },
    },
    async (request) => variants.update(actor(request), request.params.variantId, request.body),
  );

  app.put(
    '/api/v1/admin/variants/:variantId/stock',
    {
      config: admin,
      schema: {
        summary: "Set a variant's units on hand (a stock count), with a reason",
        tags,
        params: VariantIdParams,
        body: SetStockBody,
        response: { 200: AdminProductDetail, ...errors },
      },
    },
    async (request) => variants.setStock(actor(request), request.params.variantId, request.body),
  );

  app.post(
    '/api/v1/admin/variants/:variantId/stock-adjustments',
    {
      config: admin,
      schema: {
        summary: 'Add or remove units of a variant, with a reason; never below zero',
        tags,
        params: VariantIdParams,
        body: AdjustStockBody,
        response: { 200: AdminProductDetail, ...errors },
      },
    },
    async (request) => variants.adjustStock(actor(request), request.params.variantId, request.body),
  );

  // Image bytes, not JSON: their own scope, so the raw-body parser serves this route alone.
  // Every content type is read (as bytes, up to the upload limit) so that the upload module
  // gives its own clear answer for an SVG, a PDF or a mislabelled file.
  app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: config.imageUploads.maxBytes },
      (_request, body, done) => done(null, body),
    );
    uploads.post(
      '/api/v1/admin/images',
      {
        config: admin,
        bodyLimit: config.imageUploads.maxBytes,
        schema: {
          summary: 'Upload a product image',
          description:
            `Body: the image bytes, Content-Type one of ${acceptedImageTypes.join(', ')}. ` +
            'SVG is refused (it can carry scripts). The image is re-encoded as WebP, scaled to ' +
            "fit IMAGE_MAX_DIMENSION and stripped of metadata; use the answer's name as a " +
            "product's image.",
          tags,
          response: { 201: UploadedImage, ...errors },
        },
      },
      async (request, reply) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const uploaded = await products.uploadImage(
          actor(request),
          new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          request.headers['content-type'],
        );
        return reply.code(201).send(uploaded);
      },
    );
  });

  app.get(
    '/api/v1/admin/orders',
    {
      config: admin,
      schema: {
        summary: 'Every order, newest first, filtered by state, dates and customer',
        tags,
        querystring: AdminOrderListQuery,
        response: { 200: AdminOrderPage, ...errors },
      },
    },
    async (request) => orders.list(request.query),
  );

  app.get(
    '/api/v1/admin/orders/:id',
    {
      config: admin,
      schema: {
        summary: 'An order with its customer and payment records',
        tags,
        params: OrderIdParams,
        response: { 200: AdminOrderDetail, ...errors },
      },
    },
    async (request) => orders.detail(request.params.id),
  );

  const orderActions = {
    cancel: {
      summary:
        'Cancel an unpaid order (pending, or a legacy order awaiting payment): any card ' +
        'authorization is voided, stock goes back',
      act: orders.cancel.bind(orders),
    },
    refund: {
      summary: 'Refund a paid order in full through the payment gateway; stock goes back',
      act: orders.refund.bind(orders),
    },
  };
  for (const [verb, { summary, act }] of Object.entries(orderActions)) {
    app.post(
      `/api/v1/admin/orders/:id/${verb}`,
      {
        config: admin,
        schema: {
          summary,
          tags,
          params: OrderIdParams,
          body: OrderActionBody,
          response: { 200: AdminOrderDetail, ...errors },
        },
      },
      async (request) => {
        const order = await act(actor(request), request.params.id, request.body.reason);
        // Its units are back in stock (committed by now): the catalog answers showing them go.
        await catalogChanged(
          app.invalidations,
          order.lines.map((line) => line.productId),
        );
        return order;
      },
    );
  }

  app.post(
    '/api/v1/admin/orders/:id/confirm-payment',
    {
      config: admin,
      schema: {
        summary: 'Confirm that a legacy API order awaiting payment was paid, and how',
        tags,
        params: OrderIdParams,
        body: ConfirmPaymentBody,
        response: { 200: AdminOrderDetail, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params;
      await confirmLegacyPayment(db, actor(request), id, request.body.reference, new Date(now()));
      return orders.detail(id);
    },
  );

  app.get(
    '/api/v1/admin/api-clients',
    {
      config: admin,
      schema: {
        summary: 'The clients allowed to obtain legacy API access tokens, newest first',
        tags,
        querystring: ApiClientListQuery,
        response: { 200: ApiClientPage, ...errors },
      },
    },
    async (request) => apiClients.list(request.query),
  );

  app.post(
    '/api/v1/admin/api-clients',
    {
      config: admin,
      schema: {
        summary: 'Create a legacy API client; its key is in this answer only',
        tags,
        body: CreateApiClientBody,
        response: { 201: CreatedApiClient, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await apiClients.create(actor(request), request.body.name)),
  );

  app.post(
    '/api/v1/admin/api-clients/:id/revoke',
    {
      config: admin,
      schema: {
        summary: 'Revoke a legacy API client: its key and all of its tokens stop working',
        tags,
        params: ApiClientIdParams,
        body: RevokeApiClientBody,
        response: { 200: ApiClient, ...errors },
      },
    },
    async (request) => apiClients.revoke(actor(request), request.params.id, request.body.reason),
  );

  app.get(
    '/api/v1/admin/carriers',
    {
      config: admin,
      schema: {
        summary: 'Carriers with known tracking pages',
        tags,
        response: { 200: CarrierList, ...errors },
      },
    },
    async () => ({ carriers: CARRIERS.map(({ code, name }) => ({ code, name })) }),
  );

  app.post(
    '/api/v1/admin/orders/:id/ship',
    {
      config: admin,
      schema: {
        summary: 'Mark a paid order shipped, with its carrier and tracking number',
        tags,
        params: OrderIdParams,
        body: ShipOrderBody,
        response: { 200: AdminOrderDetail, ...errors },
      },
    },
    async (request) => orders.ship(actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/admin/orders/ship',
    {
      config: admin,
      schema: {
        summary: 'Mark many paid orders shipped; each is shipped or refused on its own',
        tags,
        body: ShipOrdersBody,
        response: { 200: ShipOrdersAnswer, ...errors },
      },
    },
    async (request) => orders.shipMany(actor(request), request.body.shipments),
  );

  app.post(
    '/api/v1/admin/orders/:id/delivered',
    {
      config: admin,
      schema: {
        summary: 'Mark a shipped order delivered',
        tags,
        params: OrderIdParams,
        response: { 200: AdminOrderDetail, ...errors },
      },
    },
    async (request) => orders.markDelivered(actor(request), request.params.id),
  );

  app.get(
    '/api/v1/admin/sales-summary',
    {
      config: admin,
      schema: {
        summary: 'Orders and revenue per day, refunds, and the best sellers',
        tags,
        querystring: SalesSummaryQuery,
        response: { 200: SalesSummary, ...errors },
      },
    },
    async (request) =>
      salesSummary(db, {
        days: request.query.days ?? 30,
        now: now(),
        currency: config.shop.currency,
      }),
  );

  app.get(
    '/api/v1/admin/audit-log',
    {
      config: admin,
      schema: {
        summary: 'Who did what and when, newest first',
        tags,
        querystring: AuditLogQuery,
        response: { 200: AuditLogPage, ...errors },
      },
    },
    async (request) => listAudit(db, request.query),
  );

  app.get(
    '/api/v1/admin/shipping/zones',
    {
      config: admin,
      schema: {
        summary: 'Shipping zones with their methods and price bands',
        tags,
        response: { 200: AdminShippingZones, ...errors },
      },
    },
    async () => settings.zones(),
  );

  app.put(
    '/api/v1/admin/shipping/zones/:zoneId',
    {
      config: admin,
      schema: {
        summary: 'Make or replace a shipping zone, its methods included',
        description:
          'Areas are countries or single regions; an area of another zone is a 409 ' +
          'area_taken. Price bands: the first from 0, each from above the one before.',
        tags,
        params: ZoneParams,
        body: SaveShippingZoneBody,
        response: { 200: AdminShippingZone, ...errors },
      },
    },
    async (request) => settings.saveZone(actor(request), request.params.zoneId, request.body),
  );

  app.delete(
    '/api/v1/admin/shipping/zones/:zoneId',
    {
      config: admin,
      schema: {
        summary: 'Delete a shipping zone (its destinations are then not delivered to)',
        tags,
        params: ZoneParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await settings.deleteZone(actor(request), request.params.zoneId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/tax/rules',
    {
      config: admin,
      schema: {
        summary: 'Tax rules by destination',
        tags,
        response: { 200: AdminTaxRules, ...errors },
      },
    },
    async () => settings.taxRules(),
  );

  app.put(
    '/api/v1/admin/tax/rules/:ruleId',
    {
      config: admin,
      schema: {
        summary: 'Make or replace the tax rule of a country (DE) or region (US-OR)',
        tags,
        params: TaxRuleParams,
        body: SaveTaxRuleBody,
        response: { 200: AdminTaxRule, ...errors },
      },
    },
    async (request) => settings.saveTaxRule(actor(request), request.params.ruleId, request.body),
  );

  app.delete(
    '/api/v1/admin/tax/rules/:ruleId',
    {
      config: admin,
      schema: {
        summary: "Delete a tax rule (a region then falls back to its country's rule, if any)",
        tags,
        params: TaxRuleParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await settings.deleteTaxRule(actor(request), request.params.ruleId);
      return reply.code(204).send(null);
    },
  );
};

export const adminModule = fp(adminPlugin, {
  name: 'admin',
  dependencies: ['channel', 'accounts', 'checkout', 'shipping', 'tax'],
});
