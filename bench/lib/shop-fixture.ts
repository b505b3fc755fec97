import type { App } from '@ironcart/server';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { createUser } from '../../apps/server/src/modules/accounts/service.js';
import { productVariants } from '../../apps/server/src/modules/catalog/tables.js';
import { orderLines, orders } from '../../apps/server/src/modules/orders/tables.js';

type Db = App['database']['db'];

/** What the checkout benchmark asks the server to prepare (a command on its stdin). */
export interface ShopFixtureRequest {
  buyers: number;
  products: number;
  stock: number;
  /** Units of one more product, apart from the hot ones, for checkouts one at a time. */
  probeUnits: number;
  password: string;
}

export interface ShopFixture {
  /** Buyer i logs in as buyerEmail(i), i from 1, with the request's password. */
  buyers: number;
  productIds: string[];
  stock: number;
  /** The product with `probeUnits` units, not one of `productIds`. */
  probeProductId: string;
  seconds: number;
}

export const buyerEmail = (index: number) => `buyer-${index}@bench.ironcart.test`;
const HOT_CATEGORY = 'bench-hot';
const PROBE_PRODUCT = 'bench-probe';

/**
 * Accounts and hot products for the checkout benchmark. The first buyer is made by the server's
 * own createUser (password policy, argon2id hash); the others copy its hash in one INSERT, so
 * 100 accounts cost one hash instead of 100 (they share the password, which nothing checks).
 * The products are ordinary products without options: each its default variant (same id) with
 * `stock` units; one more like them has `probeUnits`.
 */
export async function createShopFixture(db: Db, request: ShopFixtureRequest): Promise<ShopFixture> {
  const started = performance.now();
  const first = await createUser(db, {
    email: buyerEmail(1),
    password: request.password,
    name: 'Bench buyer 1',
    role: 'customer',
  });
  await db.execute(sql`
    insert into users (email, name, password_hash, role)
    select 'buyer-' || g || '@bench.ironcart.test', 'Bench buyer ' || g, ${first.passwordHash},
      'customer'
    from generate_series(2, ${request.buyers}::int) as g`);
  await db.execute(sql`
    insert into categories (id, name, description, sort_order)
    values (${HOT_CATEGORY}, 'Hot deals', 'Bench category', 100) on conflict do nothing`);
  const productIds = Array.from({ length: request.products }, (_, i) => `bench-hot-${i + 1}`);
  await db.execute(sql`
    insert into products (id, title, description, category_id, price_cents, price_from_cents)
    select 'bench-hot-' || g, 'Hot Deal ' || g, 'A limited run.', ${HOT_CATEGORY}, 2500, 2500
    from generate_series(1, ${request.products}::int) as g
    union all
    select ${PROBE_PRODUCT}, 'Probe', 'One at a time.', ${HOT_CATEGORY}, 2500, 2500`);
  await db.execute(sql`
    insert into product_variants (id, product_id, sku, stock)
    select 'bench-hot-' || g, 'bench-hot-' || g, 'BENCH-HOT-' || g, ${request.stock}::int
    from generate_series(1, ${request.products}::int) as g
    union all
    select ${PROBE_PRODUCT}, ${PROBE_PRODUCT}, 'BENCH-PROBE', ${request.probeUnits}::int`);
  return {
    buyers: request.buyers,
    productIds,
    stock: request.stock,
    probeProductId: PROBE_PRODUCT,
    seconds: (performance.now() - started) / 1000,
  };
}

/** One hot product after the run: what is left, and the units of its orders by status. */
export interface StockLedgerRow {
  productId: string;
  stock: number;
  /** Units in orders by status (paid, pending, failed...). */
  units: Record<string, number>;
}

/** Stock and ordered units of the given products, read from the database. */
export async function stockLedger(db: Db, productIds: string[]): Promise<StockLedgerRow[]> {
  const stock = await db
    .select({ id: productVariants.id, stock: productVariants.stock })
    .from(productVariants)
    .where(inArray(productVariants.id, productIds))
    .orderBy(asc(productVariants.id));
  const units = await db
    .select({
      productId: orderLines.variantId,
      status: orders.status,
      units: sql<number>`sum(${orderLines.quantity})::int`,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(inArray(orderLines.variantId, productIds))
    .groupBy(orderLines.variantId, orders.status);
  return stock.map((row) => ({
    productId: row.id,
    stock: row.stock,
    units: Object.fromEntries(
      units.filter((u) => u.productId === row.id).map((u) => [u.status, Number(u.units)]),
    ),
  }));
}
