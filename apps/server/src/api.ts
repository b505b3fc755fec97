// The API's request and response types, derived from the routes' TypeBox schemas. The SDK
// imports these (types only), so client and server can never disagree on a shape.
export type { ErrorResponse } from './lib/errors.js';
export type {
  ChangePasswordBody,
  LoginAnswer,
  LoginBody,
  PublicUser,
  SessionInfo,
  SignUpBody,
} from './modules/accounts/schemas.js';
export type {
  Address,
  AddressBook,
  AddressInput,
  CountryList,
  SaveAddressBody,
  SavedAddress,
} from './modules/addresses/schemas.js';
export type {
  ApiClient,
  ApiClientListQuery,
  ApiClientPage,
  CreateApiClientBody,
  CreatedApiClient,
} from './modules/admin/api-client-schemas.js';
export type {
  AdjustStockBody,
  AdminOrderDetail,
  AdminOrderListQuery,
  AdminOrderPage,
  AdminOrderSummary,
  AdminProduct,
  AdminProductDetail,
  AdminProductListQuery,
  AdminProductPage,
  AdminVariant,
  AuditEntry,
  AuditLogPage,
  AuditLogQuery,
  ConfirmPaymentBody,
  CreateProductBody,
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
} from './modules/admin/schemas.js';
export type {
  AdminShippingZone,
  AdminShippingZones,
  AdminTaxRule,
  AdminTaxRules,
  SaveShippingZoneBody,
  SaveTaxRuleBody,
} from './modules/admin/shop-settings-schemas.js';
export type {
  AddItemBody,
  Cart,
  CartLine,
  SetQuantityBody,
} from './modules/cart/schemas.js';
export type {
  CategoryList,
  CategorySummary,
  ProductDetail,
  ProductImage,
  ProductListQuery,
  ProductOption,
  ProductPage,
  ProductSort,
  ProductSummary,
  ProductVariant,
  StockInfo,
  StockState,
} from './modules/catalog/schemas.js';
export type { CheckoutBody, CheckoutConflict } from './modules/checkout/schemas.js';
export type {
  BillingAddress,
  OrderDetail,
  OrderList,
  OrderSummary,
} from './modules/orders/schemas.js';
export type { ShippingOption, ShippingQuote } from './modules/shipping/schemas.js';
export type { CartEstimate, EstimateQuery } from './modules/tax/schemas.js';
