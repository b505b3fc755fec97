import type { OrderSummary } from '@ironcart/server/api';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { AccountNav } from '../components/AccountNav.js';
import { FulfilmentBadge } from '../components/Fulfilment.js';
import { InvoiceButton } from '../components/InvoiceButton.js';
import { RequireLogin } from '../components/RequireLogin.js';
import { errorMessage, formatDate, formatMoney } from '../format.js';
import { useShop } from '../shop.js';
import { useTitle } from '../use-title.js';
import { hasInvoice, StatusBadge } from './OrderPage.js';

/** The account page: who is logged in, and their orders, newest first. */
export function OrdersPage() {
  useTitle('My orders');
  return (
    <RequireLogin>
      {(user) => (
        <div className="container page">
          <h1>My orders</h1>
          <p className="order-meta">
            Logged in as {user.name} ({user.email})
          </p>
          <AccountNav />
          <Orders />
        </div>
      )}
    </RequireLogin>
  );
}

function Orders() {
  const { client } = useShop();
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` retries
  useEffect(() => {
    let live = true;
    setError(null);
    client.orders().then(
      (answer) => live && setOrders(answer),
      (failure: unknown) => live && setError(errorMessage(failure)),
    );
    return () => {
      live = false;
    };
  }, [client, attempt]);

  if (error && !orders) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{error}</p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  }
  if (!orders) return <div className="skeleton skeleton-block" aria-busy="true" />;
  if (orders.length === 0) {
    return (
      <div className="empty">
        <h2>No orders yet</h2>
        <p>When you buy something, it shows up here with its invoice.</p>
        <Link to="/" className="button button-primary">
          Start shopping
        </Link>
      </div>
    );
  }
  return (
    <div className="panel orders">
      <table>
        <caption className="visually-hidden">Your orders, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Date</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Items
            </th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">
              <span className="visually-hidden">Invoice</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-testid="order-row">
              <td>
                <Link to={`/orders/${order.id}`}>Order #{order.number}</Link>
              </td>
              <td>{formatDate(order.createdAt)}</td>
              <td>
                <StatusBadge status={order.status} /> <FulfilmentBadge status={order.fulfilment} />
              </td>
              <td className="num">{order.itemCount}</td>
              <td className="num">{formatMoney(order.total)}</td>
              <td className="num">
                {hasInvoice(order.status) && (
                  <InvoiceButton
                    orderId={order.id}
                    orderNumber={order.number}
                    label="Invoice (PDF)"
                    className="link-button invoice-link"
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
