import type {
  AdjustStockBody,
  AdminOrderDetail,
  AdminOrderListQuery,
  AdminOrderPage,
  AdminProductDetail,
  AdminProductListQuery,
  AdminProductPage,
  AdminShippingZone,
  AdminShippingZones,
  AdminTaxRule,
  AdminTaxRules,
  ApiClient,
  ApiClientListQuery,
  ApiClientPage,
  AuditLogPage,
  AuditLogQuery,
  CreatedApiClient,
  CreateProductBody,
  SalesSummary,
  SalesSummaryQuery,
  SaveShippingZoneBody,
  SaveTaxRuleBody,
  SetOptionsBody,
  ShipOrderBody,
  ShipOrdersAnswer,
  ShipOrdersBody,
  UpdateProductBody,
  UpdateVariantBody,
  UploadedImage,
} from '@ironcart/server/api';
import type { ChannelClient } from './client.js';

const product = (id: string) => `/api/v1/admin/products/${encodeURIComponent(id)}`;
const variant = (id: string) => `/api/v1/admin/variants/${encodeURIComponent(id)}`;
const order = (id: string) => `/api/v1/admin/orders/${encodeURIComponent(id)}`;
const apiClient = (id: string) => `/api/v1/admin/api-clients/${encodeURIComponent(id)}`;
const zone = (id: string) => `/api/v1/admin/shipping/zones/${encodeURIComponent(id)}`;
const taxRule = (id: string) => `/api/v1/admin/tax/rules/${encodeURIComponent(id)}`;

/**
 * The admin API (`client.admin`): products, stock, images, orders, refunds, sales, the legacy
 * API's clients, shipping zones and tax rules, and the audit log. Every route answers 404 to anyone who is not logged in as an
 * admin.
 */
export class AdminApi {
  constructor(private readonly channel: ChannelClient) {}

  products(query: AdminProductListQuery = {}): Promise<AdminProductPage> {
    return this.channel.request('GET', '/api/v1/admin/products', { query });
  }

  product(id: string): Promise<AdminProductDetail> {
    return this.channel.request('GET', product(id));
  }

  createProduct(body: CreateProductBody): Promise<AdminProductDetail> {
    return this.channel.request('POST', '/api/v1/admin/products', { json: body });
  }

  updateProduct(id: string, changes: UpdateProductBody): Promise<AdminProductDetail> {
    return this.channel.request('PATCH', product(id), { json: changes });
  }

  /** Hides the product from the shop (and from carts' checkout); orders keep it. */
  archiveProduct(id: string): Promise<AdminProductDetail> {
    return this.channel.request('POST', `${product(id)}/archive`);
  }

  restoreProduct(id: string): Promise<AdminProductDetail> {
    return this.channel.request('POST', `${product(id)}/restore`);
  }

  /**
   * Sets the units on hand (a stock count): of its one variant for a product without options,
   * of every variant for sale for a product with options ("set stock for all sizes").
   */
  setStock(id: string, stock: number, reason: string): Promise<AdminProductDetail> {
    return this.channel.request('PUT', `${product(id)}/stock`, { json: { stock, reason } });
  }

  /**
   * Adds (delivery) or removes (damage, loss) units; never below zero. A product with options
   * answers 409 `variant_required`: use adjustVariantStock.
   */
  adjustStock(id: string, delta: AdjustStockBody['delta'], reason: string) {
    return this.channel.request<AdminProductDetail>('POST', `${product(id)}/stock-adjustments`, {
      json: { delta, reason },
    });
  }

  /**
   * Defines the product's options (0 to 3) and generates its variant grid: existing
   * combinations keep their SKU, stock and price, removed ones are archived.
   */
  setOptions(id: string, options: SetOptionsBody['options']): Promise<AdminProductDetail> {
    return this.channel.request('PUT', `${product(id)}/options`, { json: { options } });
  }

  /** Changes a variant's SKU, price override or sale; answers its product. */
  updateVariant(variantId: string, changes: UpdateVariantBody): Promise<AdminProductDetail> {
    return this.channel.request('PATCH', variant(variantId), { json: changes });
  }

  /** Sets one variant's units on hand (a stock count). */
  setVariantStock(variantId: string, stock: number, reason: string): Promise<AdminProductDetail> {
    return this.channel.request('PUT', `${variant(variantId)}/stock`, { json: { stock, reason } });
  }

  /** Adds or removes units of one variant; never below zero. */
  adjustVariantStock(variantId: string, delta: AdjustStockBody['delta'], reason: string) {
    return this.channel.request<AdminProductDetail>(
      'POST',
      `${variant(variantId)}/stock-adjustments`,
      { json: { delta, reason } },
    );
  }

  /** Uploads a PNG, JPEG or WebP image; the server re-encodes it. Use the answer's `name`. */
  uploadImage(bytes: Uint8Array, contentType: string): Promise<UploadedImage> {
    return this.channel.request('POST', '/api/v1/admin/images', {
      bytes,
      headers: { 'content-type': contentType },
    });
  }

  orders(query: AdminOrderListQuery = {}): Promise<AdminOrderPage> {
    return this.channel.request('GET', '/api/v1/admin/orders', { query });
  }

  order(id: string): Promise<AdminOrderDetail> {
    return this.channel.request('GET', order(id));
  }

  /**
   * Cancels an unpaid order (pending, or a legacy order awaiting payment): its stock goes back,
   * any authorization is voided.
   */
  cancelOrder(id: string, reason: string): Promise<AdminOrderDetail> {
    return this.channel.request('POST', `${order(id)}/cancel`, { json: { reason } });
  }

  /** Refunds a paid order in full through the payment gateway; its stock goes back. */
  refundOrder(id: string, reason: string): Promise<AdminOrderDetail> {
    return this.channel.request('POST', `${order(id)}/refund`, { json: { reason } });
  }

  /** Marks a legacy API order awaiting payment as paid, with how it was paid. */
  confirmOrderPayment(id: string, reference: string): Promise<AdminOrderDetail> {
    return this.channel.request('POST', `${order(id)}/confirm-payment`, { json: { reference } });
  }

  /** The clients allowed to obtain legacy API access tokens, newest first. */
  apiClients(query: ApiClientListQuery = {}): Promise<ApiClientPage> {
    return this.channel.request('GET', '/api/v1/admin/api-clients', { query });
  }

  /** A new legacy API client. The answer's `key` is shown this once: only its hash is kept. */
  createApiClient(name: string): Promise<CreatedApiClient> {
    return this.channel.request('POST', '/api/v1/admin/api-clients', { json: { name } });
  }

  /** Revokes a legacy API client: its key and every token it obtained stop working. */
  revokeApiClient(id: string, reason: string): Promise<ApiClient> {
    return this.channel.request('POST', `${apiClient(id)}/revoke`, { json: { reason } });
  }

  salesSummary(query: SalesSummaryQuery = {}): Promise<SalesSummary> {
    return this.channel.request('GET', '/api/v1/admin/sales-summary', { query });
  }

  auditLog(query: AuditLogQuery = {}): Promise<AuditLogPage> {
    return this.channel.request('GET', '/api/v1/admin/audit-log', { query });
  }

  shippingZones(): Promise<AdminShippingZones> {
    return this.channel.request('GET', '/api/v1/admin/shipping/zones');
  }

  /** Makes or replaces a zone with its methods; an area of another zone is a 409 area_taken. */
  saveShippingZone(id: string, body: SaveShippingZoneBody): Promise<AdminShippingZone> {
    return this.channel.request('PUT', zone(id), { json: body });
  }

  async deleteShippingZone(id: string): Promise<void> {
    await this.channel.request('DELETE', zone(id));
  }

  taxRules(): Promise<AdminTaxRules> {
    return this.channel.request('GET', '/api/v1/admin/tax/rules');
  }

  /** Makes or replaces the rule of a country (`DE`) or a region (`US-OR`). */
  saveTaxRule(id: string, body: SaveTaxRuleBody): Promise<AdminTaxRule> {
    return this.channel.request('PUT', taxRule(id), { json: body });
  }

  async deleteTaxRule(id: string): Promise<void> {
    await this.channel.request('DELETE', taxRule(id));
  }

  /** Carriers whose tracking page the server knows (others: `carrier: 'other'`). */
  carriers(): Promise<{ carriers: { code: string; name: string }[] }> {
    return this.channel.request('GET', '/api/v1/admin/carriers');
  }

  /** Marks a paid order shipped; a shipped or unpaid one is a 409 invalid_order_state. */
  shipOrder(id: string, body: ShipOrderBody): Promise<AdminOrderDetail> {
    return this.channel.request('POST', `${order(id)}/ship`, { json: body });
  }

  /** Ships many orders at once; each result says whether it was shipped, or why not. */
  shipOrders(shipments: ShipOrdersBody['shipments']): Promise<ShipOrdersAnswer> {
    return this.channel.request('POST', '/api/v1/admin/orders/ship', { json: { shipments } });
  }

  markDelivered(id: string): Promise<AdminOrderDetail> {
    return this.channel.request('POST', `${order(id)}/delivered`);
  }
}
