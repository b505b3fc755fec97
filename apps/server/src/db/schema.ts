// The whole store's schema, gathered from the modules that own each table.
// drizzle-kit reads this file to generate migrations (see apps/server/drizzle.config.ts).
export * from '../modules/accounts/tables.js';
export * from '../modules/addresses/tables.js';
export * from '../modules/admin/tables.js';
export * from '../modules/cart/tables.js';
export * from '../modules/catalog/tables.js';
export * from '../modules/channel/tables.js';
export * from '../modules/checkout/tables.js';
export * from '../modules/legacy/tables.js';
export * from '../modules/orders/tables.js';
export * from '../modules/payments/tables.js';
export * from '../modules/shipping/tables.js';
export * from '../modules/tax/tables.js';
