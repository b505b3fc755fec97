import { ApiError } from '@ironcart/sdk';
import type { AdminOrderDetail } from '@ironcart/server/api';
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ActionDialog } from '../../components/admin/ActionDialog.js';
import { DetailFallback, formatDateTime, useLoad } from '../../components/admin/common.js';
import { ShipForm } from '../../components/admin/ShipForm.js';
import { BillingAddress } from '../../components/BillingAddress.js';
import { FulfilmentStatus } from '../../components/Fulfilment.js';
import { OrderLines } from '../../components/OrderLines.js';
import { formatMoney } from '../../format.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';
import { cardBrandName, StatusBadge } from '../OrderPage.js';
import { SourceBadge } from './OrdersPage.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AdminOrderPage() {
  const { id = '' } = useParams();
  const { client } = useShop();
  // Not an order id at all: no need to ask.
  const load = useLoad<AdminOrderDetail>(id, () =>
    UUID.test(id) ? client.admin.order(id) : Promise.reject(notAnOrderId),
  );
  useTitle(load.data ? `Order #${load.data.number} · Admin` : 'Order · Admin');

  if (!load.data) {
    return (
      <DetailFallback
        load={load}
        noun="order"
        missing="The link may be mistyped, or the order id is wrong."
        listTo="/admin/orders"
        listLabel="All orders"
        layoutClass="order"
      />
    );
  }
  return <Order order={load.data} onChange={load.set} />;
}

/** The answer the server would give, without asking it. */
const notAnOrderId = new ApiError(404, 'not_found', 'There is no such order.');

type Action = 'refund' | 'cancel' | 'confirm' | 'deliver';

/** What each action's dialog says and does; `total` is the order's total, formatted. */
const ACTION_TEXT: Record<
  Action,
  { title: string; confirmLabel: (total: string) => string; pendingLabel: string; done: string }
> = {
  refund: {
    title: 'Refund order',
    confirmLabel: (total) => `Refund ${total}`,
    pendingLabel: 'Refunding…',
    done: 'Order refunded: the money goes back to the customer, and the items are back in stock.',
  },
  cancel: {
    title: 'Cancel order',
    confirmLabel: () => 'Cancel order',
    pendingLabel: 'Cancelling…',
    done: 'Order cancelled: its items are back in stock and any card authorization is voided.',
  },
  confirm: {
    title: 'Confirm payment of order',
    confirmLabel: (total) => `Confirm ${total} received`,
    pendingLabel: 'Confirming…',
    done: 'Payment confirmed: the order is paid and counts in sales.',
  },
  deliver: {
    title: 'Mark as delivered: order',
    confirmLabel: () => 'Mark as delivered',
    pendingLabel: 'Saving…',
    done: 'Order marked delivered: the customer sees it on their order page.',
  },
};

function Order({
  order,
  onChange,
}: {
  order: AdminOrderDetail;
  onChange: (order: AdminOrderDetail) => void;
}) {
  const { client } = useShop();
  const ids = useId();
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const timeline = [
    { label: 'Placed', at: order.createdAt },
    order.paidAt ? { label: 'Paid', at: order.paidAt } : null,
    order.fulfilment.shippedAt ? { label: 'Shipped', at: order.fulfilment.shippedAt } : null,
    order.fulfilment.deliveredAt ? { label: 'Delivered', at: order.fulfilment.deliveredAt } : null,
    order.refundedAt ? { label: 'Refunded', at: order.refundedAt } : null,
    order.cancelledAt ? { label: 'Cancelled', at: order.cancelledAt } : null,
  ]
    .filter((event): event is { label: string; at: string } => event !== null)
    .sort((a, b) => a.at.localeCompare(b.at));

  async function act(text: string) {
    if (!action) return;
    const updated =
      action === 'refund'
        ? await client.admin.refundOrder(order.id, text)
        : action === 'cancel'
          ? await client.admin.cancelOrder(order.id, text)
          : action === 'confirm'
            ? await client.admin.confirmOrderPayment(order.id, text)
            : await client.admin.markDelivered(order.id);
    onChange(updated);
    setAction(null);
    setDone(ACTION_TEXT[action].done);
  }

  const open = (next: Action) => () => {
    setDone(null);
    setAction(next);
  };
  const legacyAwaiting = order.status === 'awaiting_payment';
  const shown = action ? ACTION_TEXT[action] : ACTION_TEXT.cancel;

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/admin/orders">Orders</Link>
          </li>
          <li aria-current="page">#{order.number}</li>
        </ol>
      </nav>
      <div className="order-head">
        <h1>
          Order <span data-testid="order-number">#{order.number}</span>
        </h1>
        <span data-testid="order-status">
          <StatusBadge status={order.status} />
        </span>
        <SourceBadge source={order.source} />
        {(order.canRefund || order.canCancel || order.canConfirmPayment) && (
          <div className="order-actions">
            {order.canConfirmPayment && (
              <button type="button" className="button button-primary" onClick={open('confirm')}>
                Confirm payment
              </button>
            )}
            {order.canRefund && (
              <button type="button" className="button button-danger" onClick={open('refund')}>
                Refund order
              </button>
            )}
            {order.canCancel && (
              <button type="button" className="button button-outline" onClick={open('cancel')}>
                Cancel order
              </button>
            )}
          </div>
        )}
      </div>
      <p className="order-meta">
        Placed {formatDateTime(order.createdAt)}
        {(order.status === 'pending' || legacyAwaiting) && order.reservedUntil
          ? ` · stock reserved until ${formatDateTime(order.reservedUntil)}`
          : ''}
      </p>
      {legacyAwaiting && (
        <p className="notice notice-warning admin-awaiting" data-testid="awaiting-payment-notice">
          This legacy API order has not been paid: no payment went through the shop. Its items are
          reserved
          {order.reservedUntil
            ? ` until ${formatDateTime(order.reservedUntil)}, when the order is cancelled by itself`
            : ' until you decide'}
          . Confirm the payment once you have received it, or cancel the order to put the items back
          on sale.
        </p>
      )}
      <div aria-live="polite">
        {done && <p className="notice notice-success admin-done">{done}</p>}
      </div>

      <div className="order">
        <div className="order-main">
          <OrderLines
            order={order}
            headingId={`${ids}-items`}
            scrolls
            product={(line) => (
              <>
                <Link to={`/admin/products/${encodeURIComponent(line.productId)}`}>
                  {line.title}
                </Link>
                {/* What to pick and pack: the variant as bought, and its SKU. */}
                {line.variantLabel && (
                  <span className="admin-id admin-strong" data-testid="line-variant">
                    {line.variantLabel}
                  </span>
                )}
                <span className="admin-id">
                  SKU <span className="admin-code">{line.sku}</span>
                </span>
              </>
            )}
          />

          <section className="panel" aria-labelledby={`${ids}-payments`}>
            <h2 id={`${ids}-payments`}>Payment records</h2>
            {order.payments.length === 0 ? (
              <p className="panel-note">No payment was attempted.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Status</th>
                      <th scope="col" className="num">
                        Amount
                      </th>
                      <th scope="col">Reference</th>
                    </tr>
                  </thead>
                  <tbody>
                    {order.payments.map((payment, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: records have no id; the list only grows
                      <tr key={index}>
                        <td className="nowrap">{formatDateTime(payment.createdAt)}</td>
                        <td>
                          <span className={`badge badge-payment-${payment.status}`}>
                            {payment.status}
                          </span>
                          {payment.failureCode && (
                            <span className="admin-id">{payment.failureCode}</span>
                          )}
                        </td>
                        <td className="num">{formatMoney(payment.amount)}</td>
                        <td>
                          <code className="admin-code">{payment.reference ?? '—'}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>

        <div className="order-side">
          <section className="panel" aria-labelledby={`${ids}-customer`}>
            <h2 id={`${ids}-customer`}>Customer</h2>
            {order.customer ? (
              <>
                <p className="admin-strong">{order.customer.name}</p>
                <p>
                  <a href={`mailto:${order.customer.email}`} className="admin-mail">
                    {order.customer.email}
                  </a>
                </p>
                <p>
                  <Link
                    to={`/admin/orders?${new URLSearchParams({ customer: order.customer.email })}`}
                    className="admin-more"
                  >
                    All orders of this customer
                  </Link>
                </p>
              </>
            ) : (
              <p className="panel-note">No account (a legacy API order).</p>
            )}
          </section>
          <section className="panel" aria-labelledby={`${ids}-fulfilment`}>
            <h2 id={`${ids}-fulfilment`}>Fulfilment</h2>
            <FulfilmentStatus fulfilment={order.fulfilment} />
            {order.canShip && (
              <ShipForm
                order={order}
                onShipped={(shipped) => {
                  onChange(shipped);
                  setDone('Order marked shipped: the customer sees the carrier and tracking link.');
                }}
              />
            )}
            {order.canMarkDelivered && (
              <button type="button" className="button button-primary" onClick={open('deliver')}>
                Mark as delivered
              </button>
            )}
          </section>
          {order.billing && (
            <section className="panel" aria-labelledby={`${ids}-billing`}>
              <h2 id={`${ids}-billing`}>Billing address</h2>
              <BillingAddress billing={order.billing} />
            </section>
          )}
          {order.payment && (
            <section className="panel" aria-labelledby={`${ids}-card`}>
              <h2 id={`${ids}-card`}>Card</h2>
              <p>
                {cardBrandName(order.payment.brand)} ending in {order.payment.last4}
              </p>
              <p className="order-meta">
                Expires {String(order.payment.expMonth).padStart(2, '0')}/
                {String(order.payment.expYear).slice(-2)}
              </p>
            </section>
          )}
          <section className="panel" aria-labelledby={`${ids}-timeline`}>
            <h2 id={`${ids}-timeline`}>Timeline</h2>
            <ol className="timeline" data-testid="order-timeline">
              {timeline.map((event) => (
                <li key={event.label} className={`timeline-${event.label.toLowerCase()}`}>
                  <span className="timeline-label">{event.label}</span>
                  <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>

      <ActionDialog
        open={action !== null}
        title={`${shown.title} #${order.number}?`}
        confirmLabel={shown.confirmLabel(formatMoney(order.total))}
        pendingLabel={shown.pendingLabel}
        danger={action === 'refund' || action === 'cancel'}
        reason={
          action === 'deliver'
            ? undefined
            : action === 'confirm'
              ? {
                  label: 'Payment reference',
                  field: 'reference',
                  initial: '',
                  hint: 'How it was paid, kept with the payment record, e.g. “Bank transfer, ref 4471”.',
                  tooShort: 'Please say how it was paid, in at least 3 characters.',
                }
              : {
                  label: 'Reason',
                  initial: '',
                  hint: 'Kept in the activity log, e.g. “Customer returned the items”.',
                }
        }
        onClose={() => setAction(null)}
        onConfirm={act}
      >
        <p>
          {action === 'deliver'
            ? 'The order is marked delivered, and the customer sees it on their order page.'
            : action === 'refund'
              ? `The whole order (${formatMoney(order.total)}) is refunded and its items go back into stock. This cannot be undone.`
              : action === 'confirm'
                ? `The order is marked paid (${formatMoney(order.total)}) and its reserved items are sold. Confirm only once the money has arrived.`
                : 'The order is cancelled, its reserved items go back into stock and any card authorization is voided. This cannot be undone.'}
        </p>
      </ActionDialog>
    </>
  );
}
