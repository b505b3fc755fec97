import { type SQL, sql } from 'drizzle-orm';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { resultRows } from '../db/rows.js';
import { LogCapture } from '../test-support/app.js';
import type { ChaosStore } from './store.js';

/** Past every reservation the run made (RESERVATION_MINUTES=1). */
const AFTER_RESERVATIONS_MS = 2 * 60_000;

const rows = async <T>(db: Db, query: SQL): Promise<T[]> => resultRows<T>(await db.execute(query));

/**
 * What production does for orders a crash left pending: the sweeper settles each one whose
 * reservation expired. Here an in-process app on the same database with its clock moved past
 * the reservations does it at once, until nothing is left (it settles up to 100 per call).
 * Then reads everything the invariants are about. PGlite: only after the server has exited.
 */
export async function settleAndInspect(store: ChaosStore): Promise<Inspection> {
  const database = await store.open();
  try {
    const app = await buildApp(loadConfig(store.env), {
      database,
      logStream: new LogCapture(),
      now: () => Date.now() + AFTER_RESERVATIONS_MS,
    });
    let swept = 0;
    try {
      for (let round = 0; round < 100; round++) {
        const { settled } = await app.checkout.sweep();
        if (settled === 0) break;
        swept += settled;
      }
    } finally {
      await app.close();
    }
    return { swept, ...(await inspect(database.db)) };
  } finally {
    await database.close();
  }
}

export interface StockRow {
  id: string;
  stock: number;
  sold: number;
  reserved: number;
}

/** One succeeded authorization at the test gateway and what became of it. */
export interface AuthorizationRow {
  orderId: string;
  /** The order's status, null when there is no such order. */
  orderStatus: string | null;
  totalCents: number | null;
  captures: number;
  captureKey: string | null;
  capturedCents: number | null;
  refunds: number;
  voids: number;
  /** `payments` rows of the order recording this very capture. */
  paymentRows: number;
}

export interface Inspection {
  swept: number;
  stock: StockRow[];
  ordersByStatus: Record<string, number>;
  paidOrders: { id: string; totalCents: number }[];
  authorizations: AuthorizationRow[];
  /** Idempotency keys still "in progress" after the sweep: with and without an order. */
  stuckKeys: { withOrder: number; withoutOrder: number };
}

async function inspect(db: Db): Promise<Omit<Inspection, 'swept'>> {
  const statuses = await rows<{ status: string; count: number }>(
    db,
    sql`select status, count(*)::int as count from orders group by status`,
  );
  const [stuck] = await rows<Inspection['stuckKeys']>(
    db,
    sql`select count(*) filter (where order_id is not null)::int as "withOrder",
               count(*) filter (where order_id is null)::int as "withoutOrder"
        from idempotency_records where state = 'in_progress'`,
  );
  return {
    stock: await rows<StockRow>(
      db,
      sql`select v.id, v.stock,
                 coalesce(sum(l.quantity) filter (where o.status = 'paid'), 0)::int as sold,
                 coalesce(sum(l.quantity) filter (where o.status = 'pending'), 0)::int as reserved
          from product_variants v
          left join order_lines l on l.variant_id = v.id
          left join orders o on o.id = l.order_id
          group by v.id order by v.id`,
    ),
    ordersByStatus: Object.fromEntries(statuses.map((s) => [s.status, s.count])),
    paidOrders: await rows(
      db,
      sql`select id::text, total_cents as "totalCents" from orders
          where status = 'paid' and source = 'storefront'`,
    ),
    authorizations: await rows<AuthorizationRow>(db, authorizationsQuery),
    stuckKeys: stuck ?? { withOrder: 0, withoutOrder: 0 },
  };
}

/**
 * The gateway's books, per succeeded authorization: the order it was made for (its key is
 * `order-<id>-authorize`), and the succeeded capture, refund and void that name it.
 */
const authorizationsQuery = sql`
  with authorized as (
    select reference, substring(idempotency_key from '^order-(.*)-authorize$') as order_id
    from test_gateway_ledger where operation = 'authorize' and status = 'succeeded'
  ), moves as (
    select reference,
           count(*) filter (where operation = 'capture')::int as captures,
           max(idempotency_key) filter (where operation = 'capture') as capture_key,
           max(amount_cents) filter (where operation = 'capture') as captured_cents,
           count(*) filter (where operation = 'refund')::int as refunds,
           count(*) filter (where operation = 'void')::int as voids
    from test_gateway_ledger
    where operation <> 'authorize' and status = 'succeeded'
    group by reference
  )
  select a.order_id as "orderId", o.status as "orderStatus", o.total_cents as "totalCents",
         coalesce(m.captures, 0) as captures, m.capture_key as "captureKey",
         m.captured_cents as "capturedCents",
         coalesce(m.refunds, 0) as refunds, coalesce(m.voids, 0) as voids,
         (select count(*)::int from payments p
          where p.order_id = o.id and p.status = 'captured'
            and p.gateway_reference = a.reference) as "paymentRows"
  from authorized a
  left join moves m on m.reference = a.reference
  left join orders o on o.id::text = a.order_id`;

/**
 * Paid orders whose money is not exactly one capture of their total, under the order's own
 * capture key, kept (not refunded or voided) and recorded in `payments`.
 */
export function paidOrdersWithoutOneCharge(inspection: Inspection) {
  const byOrder = new Map(inspection.authorizations.map((a) => [a.orderId, a]));
  return inspection.paidOrders.filter(({ id, totalCents }) => {
    const a = byOrder.get(id);
    return !(
      a?.captures === 1 &&
      a.captureKey === `order-${id}-capture` &&
      a.capturedCents === totalCents &&
      a.refunds === 0 &&
      a.voids === 0 &&
      a.paymentRows === 1
    );
  });
}

/** Money kept without a paid order: a capture not refunded, for an order that is not paid. */
export function chargesWithoutPaidOrder(inspection: Inspection) {
  return inspection.authorizations.filter(
    (a) => a.orderStatus !== 'paid' && a.captures > 0 && a.refunds === 0,
  );
}

/** Money still held for an order that is not paid: an authorization never captured nor voided. */
export function holdsWithoutPaidOrder(inspection: Inspection) {
  return inspection.authorizations.filter(
    (a) => a.orderStatus !== 'paid' && a.captures === 0 && a.voids === 0,
  );
}
