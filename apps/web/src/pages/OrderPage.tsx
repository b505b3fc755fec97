import { brandName, type CardBrand, cardBrands } from '@ironcart/cards';
import type { OrderDetail } from '@ironcart/server/api';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { BillingAddress } from '../components/BillingAddress.js';
import { FulfilmentStatus, OrderTimeline } from '../components/Fulfilment.js';
import { InvoiceButton } from '../components/InvoiceButton.js';
import { OrderLines } from '../components/OrderLines.js';
import { RequireLogin } from '../components/RequireLogin.js';
import { VariantDetails } from '../components/VariantDetails.js';
import { variantPath } from '../components/variant-choice.js';
import { errorMessage, formatDate, isNotFound } from '../format.js';
import { useShop } from '../shop.js';
import { useTitle } from '../use-title.js';

const STATUS_TEXT: Record<OrderDetail['status'], string> = {
  pending: 'Payment pending',
  // Legacy API orders only (no shopper has one); the admin's order pages share this badge.
  awaiting_payment: 'Awaiting payment',
  paid: 'Paid',
  failed: 'Payment failed',
  refunded: 'Refunded',
  cancelled: 'Cancelled',
};

export function StatusBadge({ status }: { status: OrderDetail['status'] }) {
  return <span className={`status status-${status}`}>{STATUS_TEXT[status]}</span>;
}

export function cardBrandName(brand: string): string {
  return (cardBrands as readonly string[]).includes(brand)
    ? brandName(brand as CardBrand)
    : brand.charAt(0).toUpperCase() + brand.slice(1);
}

export const hasInvoice = (status: OrderDetail['status']) =>
  status === 'paid' || status === 'refunded';

export function OrderPage() {
  const { id = '' } = useParams();
  useTitle('Your order');
  return <RequireLogin>{() => <Order id={id} />}</RequireLogin>;
}

function Order({ id }: { id: string }) {
  const { client } = useShop();
  const [params] = useSearchParams();
  const placed = params.get('placed') === '1';
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<{ message: string; notFound: boolean } | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` retries
  useEffect(() => {
    let live = true;
    setError(null);
    client.order(id).then(
      (answer) => live && setOrder(answer),
      (failure: unknown) =>
        live && setError({ message: errorMessage(failure), notFound: isNotFound(failure) }),
    );
    return () => {
      live = false;
    };
  }, [client, id, attempt]);

  if (error && !order) {
    return (
      <div className="container page">
        {error.notFound ? (
          <div className="empty">
            <h1>We could not find this order</h1>
            <p>It may belong to another account.</p>
            <Link to="/orders" className="button button-primary">
              My orders
            </Link>
          </div>
        ) : (
          <>
            <h1>Your order</h1>
            <div className="notice notice-error" role="alert">
              <p>{error.message}</p>
              <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </button>
            </div>
          </>
        )}
      </div>
    );
  }
  if (!order) {
    return (
      <div className="container page" aria-busy="true">
        <div className="skeleton skeleton-title" />
        <div className="skeleton skeleton-block" />
      </div>
    );
  }

  return (
    <div className="container page">
      {placed && (
        <div className="thank-you" role="status">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="40" height="40">
            <path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-1.2 14.2-4.3-4.3 1.4-1.4 2.9 2.9 6-6 1.4 1.4-7.4 7.4Z" />
          </svg>
          <div>
            <h2>Thank you for your order!</h2>
            <p>
              {order.status === 'paid'
                ? 'Your payment went through. We are getting your order ready.'
                : 'We received your order.'}
            </p>
          </div>
        </div>
      )}
      <div className="order-head">
        <h1>
          Order <span data-testid="order-number">#{order.number}</span>
        </h1>
        <StatusBadge status={order.status} />
      </div>
      <p className="order-meta">
        Placed {formatDate(order.createdAt)}
        {order.paidAt && order.status === 'paid' ? ` · paid ${formatDate(order.paidAt)}` : ''}
      </p>
      <div className="order">
        <OrderLines
          order={order}
          headingId="order-items-title"
          product={(line) => (
            <>
              <Link to={variantPath(line.productId, line.variantId)}>{line.title}</Link>
              <VariantDetails label={line.variantLabel} sku={line.sku} />
            </>
          )}
        />
        <div className="order-side">
          <section className="panel" aria-labelledby="order-delivery-title">
            <h2 id="order-delivery-title">Delivery</h2>
            {/* An unpaid or cancelled order is never shipped: "Not shipped yet" would promise it. */}
            {(order.status === 'paid' || order.fulfilment.status !== 'unfulfilled') && (
              <FulfilmentStatus fulfilment={order.fulfilment} />
            )}
            <OrderTimeline timeline={order.timeline} />
          </section>
          {order.billing && (
            <section className="panel" aria-labelledby="order-billing-title">
              <h2 id="order-billing-title">Billing address</h2>
              <BillingAddress billing={order.billing} />
            </section>
          )}
          {order.payment && (
            <section className="panel" aria-labelledby="order-payment-title">
              <h2 id="order-payment-title">Payment</h2>
              <p data-testid="order-payment">
                {cardBrandName(order.payment.brand)} ending in {order.payment.last4}
              </p>
              <p className="order-meta">
                Expires {String(order.payment.expMonth).padStart(2, '0')}/
                {String(order.payment.expYear).slice(-2)}
              </p>
            </section>
          )}
          {hasInvoice(order.status) && (
            <section className="panel" aria-labelledby="order-invoice-title">
              <h2 id="order-invoice-title">Invoice</h2>
              <InvoiceButton orderId={order.id} orderNumber={order.number} />
            </section>
          )}
          <Link to="/orders" className="summary-continue">
            All my orders
          </Link>
        </div>
      </div>
    </div>
  );
}
