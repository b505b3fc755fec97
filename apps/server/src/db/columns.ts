import { customType, timestamp } from 'drizzle-orm/pg-core';

/** Binary data. PGlite hands back Uint8Array and node-postgres a Buffer; both are Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/** A timezone-aware timestamp column; every time in the store is an instant. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => instant('created_at').notNull().defaultNow();
export const updatedAt = () => instant('updated_at').notNull().defaultNow();
