import type { OrderDetail } from '@ironcart/server/api';
import { formatDateTime } from '../format.js';
import './fulfilment.css';

type Fulfilment = OrderDetail['fulfilment'];

const FULFILMENT_TEXT: Record<Fulfilment['status'], string> = {
  unfulfilled: 'Not shipped yet',
  shipped: 'Shipped',
  delivered: 'Delivered',
};

/** Where the parcel is: the status in words, and once shipped, the carrier and a tracking link. */
export function FulfilmentStatus({ fulfilment }: { fulfilment: Fulfilment }) {
  return (
    <div className="fulfilment">
      <p>
        <span
          className={`fulfilment-status fulfilment-${fulfilment.status}`}
          data-testid="fulfilment-status"
        >
          {FULFILMENT_TEXT[fulfilment.status]}
        </span>
      </p>
      {fulfilment.carrier && (
        <p data-testid="fulfilment-carrier">
          {fulfilment.carrier}
          {fulfilment.trackingNumber && (
            <>
              {' · '}
              <span className="fulfilment-number">{fulfilment.trackingNumber}</span>
            </>
          )}
        </p>
      )}
      {fulfilment.trackingUrl && (
        <p>
          <a href={fulfilment.trackingUrl} target="_blank" rel="noopener noreferrer">
            Track the parcel on the {fulfilment.carrier ?? 'carrier'} site
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </p>
      )}
    </div>
  );
}

/** In an order list: "Shipped" or "Delivered" next to the payment status; nothing before. */
export function FulfilmentBadge({ status }: { status: Fulfilment['status'] }) {
  if (status === 'unfulfilled') return null;
  return (
    <span className={`fulfilment-status fulfilment-${status}`}>{FULFILMENT_TEXT[status]}</span>
  );
}

/** The server's timeline of the order, oldest first. */
export function OrderTimeline({ timeline }: { timeline: OrderDetail['timeline'] }) {
  return (
    <ol className="timeline fulfilment-timeline" data-testid="order-timeline">
      {timeline.map((event) => (
        <li key={`${event.event}-${event.at}`} className={`timeline-${event.event}`}>
          <span className="timeline-label">{event.label}</span>
          <time dateTime={event.at}>{formatDateTime(event.at)}</time>
        </li>
      ))}
    </ol>
  );
}
