import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { orders } from './tables.js';

/**
 * Fulfilment (orders.fulfilment) is its own dimension of an order, beside its payment status: a paid order is
 * unfulfilled, then shipped (carrier and tracking), then delivered. Keeping it apart leaves every
 * rule about money (refunds, invoices, sales figures: "paid") as it is, and a shipped order can
 * still be refunded (a return).
 */
/** The fulfilment columns of an order just placed. */
export const UNFULFILLED = {
  fulfilment: 'unfulfilled',
  carrier: null,
  trackingNumber: null,
  trackingUrl: null,
  shippedAt: null,
  deliveredAt: null,
} as const;

export interface Carrier {
  code: string;
  name: string;
  /** The carrier's tracking page for a number ("{number}" is replaced, URL-encoded). */
  tracking: string;
}

/** The carriers of the countries we ship to; an admin may also name another carrier. */
export const CARRIERS: readonly Carrier[] = [
  { code: 'ups', name: 'UPS', tracking: 'https://www.ups.com/track?tracknum={number}' },
  {
    code: 'usps',
    name: 'USPS',
    tracking: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={number}',
  },
  { code: 'fedex', name: 'FedEx', tracking: 'https://www.fedex.com/fedextrack/?trknbr={number}' },
  {
    code: 'dhl',
    name: 'DHL',
    tracking: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}',
  },
  {
    code: 'canada-post',
    name: 'Canada Post',
    tracking: 'https://www.canadapost-postescanada.ca/track-reperage/en#/details/{number}',
  },
  {
    code: 'royal-mail',
    name: 'Royal Mail',
    tracking: 'https://www.royalmail.com/track-your-item#/tracking-results/{number}',
  },
  {
    code: 'australia-post',
    name: 'Australia Post',
    tracking: 'https://auspost.com.au/mypost/track/details/{number}',
  },
  { code: 'dpd', name: 'DPD', tracking: 'https://www.dpd.com/tracking?parcelNumber={number}' },
];

export function carrierByCode(code: string): Carrier | undefined {
  return CARRIERS.find((carrier) => carrier.code === code);
}

export interface Shipment {
  /** A carrier code of CARRIERS, or `other` with the carrier's name. */
  carrier: string;
  carrierName?: string;
  trackingNumber: string;
  /** Required for `other`; for a known carrier, its own tracking page unless given. */
  trackingUrl?: string;
}

/** The carrier's name and tracking page of a shipment, or a 400 naming what is missing. */
export function resolveShipment(shipment: Shipment): {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string;
} {
  const trackingNumber = shipment.trackingNumber.trim();
  const known = carrierByCode(shipment.carrier);
  if (!known) {
    const name = shipment.carrierName?.trim();
    if (shipment.carrier !== 'other' || !name || !shipment.trackingUrl) {
      throw new HttpError(
        400,
        'invalid_request',
        'Choose a carrier from the list, or "other" with the carrier\'s name and a tracking link.',
      );
    }
    return { carrier: name, trackingNumber, trackingUrl: shipment.trackingUrl };
  }
  return {
    carrier: known.name,
    trackingNumber,
    trackingUrl:
      shipment.trackingUrl ??
      known.tracking.replace('{number}', encodeURIComponent(trackingNumber)),
  };
}

/**
 * Marks a paid, unfulfilled order shipped (in the caller's transaction). A 409 for any other:
 * an unpaid order is not shipped, a shipped one is not shipped twice.
 */
export async function markShipped(
  tx: Db,
  orderId: string,
  shipment: Shipment,
  at: Date,
): Promise<void> {
  const { carrier, trackingNumber, trackingUrl } = resolveShipment(shipment);
  const updated = await tx
    .update(orders)
    .set({
      fulfilment: 'shipped',
      carrier,
      trackingNumber,
      trackingUrl,
      shippedAt: at,
      updatedAt: at,
    })
    .where(
      and(eq(orders.id, orderId), eq(orders.status, 'paid'), eq(orders.fulfilment, 'unfulfilled')),
    )
    .returning({ id: orders.id });
  if (updated.length === 0)
    await refuse(tx, orderId, 'shipped', 'only a paid order not yet shipped is');
}

/** Marks a shipped order delivered (in the caller's transaction); a 409 for any other. */
export async function markDelivered(tx: Db, orderId: string, at: Date): Promise<void> {
  const updated = await tx
    .update(orders)
    .set({ fulfilment: 'delivered', deliveredAt: at, updatedAt: at })
    .where(and(eq(orders.id, orderId), eq(orders.fulfilment, 'shipped')))
    .returning({ id: orders.id });
  if (updated.length === 0) await refuse(tx, orderId, 'delivered', 'only a shipped order is');
}

async function refuse(tx: Db, orderId: string, what: string, rule: string): Promise<never> {
  const [order] = await tx
    .select({ status: orders.status, fulfilment: orders.fulfilment })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) throw new HttpError(404, 'not_found', 'There is no such order.');
  const state = order.status === 'paid' ? order.fulfilment : order.status;
  throw new HttpError(
    409,
    'invalid_order_state',
    `This order is ${state}: it cannot be marked ${what} (${rule}).`,
  );
}
