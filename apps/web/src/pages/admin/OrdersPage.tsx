import type { AdminOrderListQuery, AdminOrderPage, AdminOrderSummary } from '@ironcart/server/api';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  AdminHead,
  formatDateTime,
  LoadError,
  PAGE_SIZE,
  Pager,
  pageFrom,
  TableSkeleton,
  useLoad,
  withParam,
} from '../../components/admin/common.js';
import { formatMoney } from '../../format.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';
import { StatusBadge } from '../OrderPage.js';

type OrderStatus = AdminOrderSummary['status'];
export const ORDER_STATUSES: { value: OrderStatus; label: string }[] = [
  { value: 'paid', label: 'Paid' },
  { value: 'pending', label: 'Payment pending' },
  { value: 'failed', label: 'Payment failed' },
  { value: 'refunded', label: 'Refunded' },
  { value: 'cancelled', label: 'Cancelled' },
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function queryFrom(params: URLSearchParams): AdminOrderListQuery {
  const query: AdminOrderListQuery = { page: pageFrom(params), pageSize: PAGE_SIZE };
  const status = params.get('status');
  if (ORDER_STATUSES.some((s) => s.value === status)) query.status = status as OrderStatus;
  const from = params.get('from');
  if (from && DATE.test(from)) query.from = from;
  const to = params.get('to');
  if (to && DATE.test(to)) query.to = to;
  const customer = params.get('customer')?.trim();
  if (customer) query.customer = customer.slice(0, 200);
  return query;
}

export function AdminOrdersPage() {
  useTitle('Orders · Admin');
  const { client } = useShop();
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const key = JSON.stringify(query);
  const load = useLoad<AdminOrderPage>(key, () => client.admin.orders(query));
  const ids = useId();
  const [customer, setCustomer] = useState(query.customer ?? '');
  useEffect(() => setCustomer(query.customer ?? ''), [query.customer]);

  function search(event: FormEvent) {
    event.preventDefault();
    setParams(withParam(params, 'customer', customer.trim()));
  }

  const listing = load.data ?? load.last;
  const filtered = Boolean(query.status || query.from || query.to || query.customer);

  return (
    <>
      <AdminHead title="Orders" lead="Every order of the shop and the legacy API, newest first." />
      <div className="admin-filters">
        <search className="admin-search">
          <form onSubmit={search}>
            <label htmlFor={`${ids}-customer`}>Customer</label>
            <div className="admin-search-row">
              <input
                id={`${ids}-customer`}
                type="search"
                placeholder="Email, name or order number"
                maxLength={200}
                value={customer}
                onChange={(event) => setCustomer(event.target.value)}
              />
              <button type="submit" className="button">
                Find
              </button>
            </div>
          </form>
        </search>
        <div className="field">
          <label htmlFor={`${ids}-status`}>Status</label>
          <select
            id={`${ids}-status`}
            value={query.status ?? ''}
            onChange={(event) => setParams(withParam(params, 'status', event.target.value))}
          >
            <option value="">All statuses</option>
            {ORDER_STATUSES.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>From</label>
          <input
            id={`${ids}-from`}
            type="date"
            className="date-input"
            value={query.from ?? ''}
            max={query.to}
            onChange={(event) => setParams(withParam(params, 'from', event.target.value))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>To</label>
          <input
            id={`${ids}-to`}
            type="date"
            className="date-input"
            value={query.to ?? ''}
            min={query.from}
            onChange={(event) => setParams(withParam(params, 'to', event.target.value))}
          />
        </div>
      </div>

      {load.error !== undefined ? (
        <LoadError error={load.error} retry={load.retry} />
      ) : !listing ? (
        <TableSkeleton label="Loading orders" />
      ) : listing.items.length === 0 && !load.loading ? (
        <div className="empty">
          {filtered ? (
            <>
              <h2>No orders match these filters</h2>
              <p>Try another customer, status or period.</p>
              <button type="button" className="button" onClick={() => setParams({})}>
                Reset filters
              </button>
            </>
          ) : (
            <>
              <h2>No orders yet</h2>
              <p>Orders show up here as soon as shoppers check out.</p>
            </>
          )}
        </div>
      ) : (
        <>
          <div className="panel admin-table" aria-busy={load.loading}>
            <table>
              <caption className="visually-hidden">Orders, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Date</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Items
                  </th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {listing.items.map((order) => (
                  <tr key={order.id} data-testid="admin-order-row">
                    <td>
                      <Link to={`/admin/orders/${order.id}`} className="admin-strong">
                        #{order.number}
                      </Link>
                    </td>
                    <td className="nowrap">{formatDateTime(order.createdAt)}</td>
                    <td>
                      {order.customer ? (
                        <span className="admin-customer">
                          <span>{order.customer.name}</span>
                          <span className="admin-id">{order.customer.email}</span>
                        </span>
                      ) : (
                        <span className="admin-id">Guest</span>
                      )}
                    </td>
                    <td>
                      <StatusBadge status={order.status} />
                    </td>
                    <td className="num">{order.itemCount}</td>
                    <td className="num">{formatMoney(order.total)}</td>
                    <td>
                      <SourceBadge source={order.source} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={listing.page}
            pageSize={listing.pageSize}
            total={listing.total}
            what="orders"
            onPage={(page) => setParams(withParam(params, 'page', String(page)))}
          />
        </>
      )}
    </>
  );
}

export function SourceBadge({ source }: { source: AdminOrderSummary['source'] }) {
  return (
    <span className={`badge ${source === 'legacy' ? 'badge-legacy' : 'badge-muted'}`}>
      {source === 'legacy' ? 'Legacy API' : 'Storefront'}
    </span>
  );
}
