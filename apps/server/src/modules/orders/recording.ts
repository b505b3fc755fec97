import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { resultRows } from '../../db/rows.js';
import { productVariants } from '../catalog/tables.js';
import { variantRowForSale } from '../catalog/variants.js';
import { orderLines, orders } from './tables.js';

/**
 * Everything that changes stock is in this file: recordOrder takes it, returnStock gives it back.
 * Both run inside their caller's transaction and lock the variant rows in id order (so concurrent
 * purchases and returns lock them in one sequence and cannot deadlock), one statement for all
 * lines whatever their number.
 */

/** A line being bought: the variant, and the title, label, SKU and price it is bought at. */
export interface PurchasedLine {
  variantId: string;
  productId: string;
  title: string;
  variantLabel: string;
  sku: string;
  unitPriceCents: number;
  quantity: number;
}

type NewOrder = typeof orders.$inferInsert & { id: string };
export type OrderLineRow = typeof orderLines.$inferSelect;

/**
 * Thrown by recordOrder, inside the caller's transaction (which it rolls back, order and lines
 * with it), when a line could not be served: not enough stock, or no longer for sale.
 */
export class OutOfStock extends Error {
  constructor(
    readonly line: PurchasedLine,
    /** The variant's stock when the purchase looked (0 when there is no such variant). */
    readonly available: number,
  ) {
    super(`out of stock: ${line.variantId}`);
    this.name = 'OutOfStock';
  }
}

/**
 * Takes the stock of every line and records the order with its lines, in one statement inside
 * the caller's transaction: variant rows locked in id order, then one update of all of them, each
 * row conditional on enough stock being left and the variant and its product being for sale (so
 * nothing can be oversold: PostgreSQL rechecks the condition on the row it locked), then the
 * order and its lines, with the title, variant, SKU and price at purchase time. When any line
 * is short it throws OutOfStock, which rolls the whole transaction back. Returns the order's
 * number and the lines as stored.
 */
export async function recordOrder(
  tx: Db,
  order: NewOrder,
  lines: readonly PurchasedLine[],
  now: Date,
): Promise<{ number: number; lines: OrderLineRow[] }> {
  const rows = orderLineRows(order.id, lines);
  const wanted = sql.join(
    lines.map((line) => sql`(${line.variantId}::text, ${line.quantity}::int)`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    with wanted (variant_id, quantity) as (
      select variant_id, sum(quantity) from (values ${wanted}) w (variant_id, quantity)
      group by variant_id
    ),
    ${lockedInIdOrder(sql`(select variant_id from wanted)`)},
    taken as (
      update ${productVariants} v set stock = v.stock - w.quantity, updated_at = ${now.toISOString()}::timestamptz
      from wanted w, locked l
      where v.id = w.variant_id and l.id = v.id and v.stock >= w.quantity
        and ${variantRowForSale(sql`v`)}
      returning v.id
    ),
    placed as (${tx.insert(orders).values(order).returning({ number: orders.number }).getSQL()}),
    lines as (${tx.insert(orderLines).values(rows).getSQL()})
    select
      (select number from placed)::float8 as number,
      (select coalesce(json_agg(id), '[]') from taken) as taken,
      (select coalesce(json_object_agg(id, stock), '{}') from locked) as stock`);
  const [row] = resultRows<{ number: number; taken: string[]; stock: Record<string, number> }>(
    result,
  );
  if (!row) throw new Error('recording the order returned nothing');
  const taken = new Set(row.taken);
  // The first short line in id order, as if the lines had been taken one by one.
  const short = [...lines].sort(byVariantId).find((line) => !taken.has(line.variantId));
  if (short) throw new OutOfStock(short, row.stock[short.variantId] ?? 0);
  return { number: Number(row.number), lines: rows };
}

/**
 * Puts an order's units back in stock, inside the caller's transaction, in one statement (rows
 * locked in id order, as recordOrder does). The caller guards it with the order's status
 * transition, so it runs once.
 */
export async function returnStock(tx: Db, orderId: string, now: Date): Promise<string[]> {
  const returned = await tx.execute(sql`
    with returned (variant_id, quantity) as (
      select variant_id, sum(quantity) from ${orderLines} where order_id = ${orderId}
      group by variant_id
    ),
    ${lockedInIdOrder(sql`(select variant_id from returned)`)}
    update ${productVariants} v set stock = v.stock + r.quantity, updated_at = ${now.toISOString()}::timestamptz
    from returned r, locked l
    where v.id = r.variant_id and l.id = v.id
    returning v.product_id`);
  return resultRows<{ product_id: string }>(returned).map((row) => row.product_id);
}

/** An order's lines as order_lines holds them, numbered from 1 in the order given. */
export function orderLineRows(orderId: string, lines: readonly PurchasedLine[]): OrderLineRow[] {
  return lines.map((line, index) => ({
    orderId,
    lineNo: index + 1,
    productId: line.productId,
    variantId: line.variantId,
    sku: line.sku,
    variantLabel: line.variantLabel,
    title: line.title,
    unitPriceCents: line.unitPriceCents,
    quantity: line.quantity,
    lineTotalCents: line.unitPriceCents * line.quantity,
  }));
}

/**
 * The CTE `locked (id, stock)`: the variants `ids` names, locked in id order before the statement
 * changes any of them. Materialized, so the locks are taken by this scan in this order; the
 * update that follows joins it, so it only touches rows this transaction already holds.
 */
function lockedInIdOrder(ids: SQL): SQL {
  return sql`locked as materialized (
      select v.id, v.stock from ${productVariants} v where v.id in ${ids}
      order by v.id for update
    )`;
}

const byVariantId = (a: { variantId: string }, b: { variantId: string }) =>
  a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0;
