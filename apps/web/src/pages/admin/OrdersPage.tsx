import type { AdminOrderListQuery, AdminOrderPage, AdminOrderSummary } from '@ironcart/server/api';
import { useId } from 'react';
import { Link } from 'react-router';
import { AdminHead, formatDateTime } from '../../components/admin/common.js';
import {
  ListingTable,
  NoMatches,
  pagingFrom,
  SearchFilter,
  SelectFilter,
  useListing,
} from '../../components/admin/listing.js';
import { FulfilmentBadge } from '../../components/Fulfilment.js';
import { formatMoney } from '../../format.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';
import { StatusBadge } from '../OrderPage.js';

type OrderStatus = AdminOrderSummary['status'];
export const ORDER_STATUSES: { value: OrderStatus; label: string }[] = [
  { value: 'paid', label: 'Paid' },
  { value: 'awaiting_payment', label: 'Awaiting payment (legacy API)' },
  { value: 'pending', label: 'Payment pending' },
  { value: 'failed', label: 'Payment failed' },
  { value: 'refunded', label: 'Refunded' },
  { value: 'cancelled', label: 'Cancelled' },
];
type Fulfilment = NonNullable<AdminOrderListQuery['fulfilment']>;
/** Fulfilment counts for paid orders only: the server's `fulfilment` filter keeps to them. */
const FULFILMENTS: { value: Fulfilment; label: string }[] = [
  { value: 'unfulfilled', label: 'To ship' },
  { value: 'shipped', label: 'Shipped' },
  { value: 'delivered', label: 'Delivered' },
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function queryFrom(params: URLSearchParams): AdminOrderListQuery {
  const query: AdminOrderListQuery = pagingFrom(params);
  const status = params.get('status');
  if (ORDER_STATUSES.some((s) => s.value === status)) query.status = status as OrderStatus;
  const fulfilment = params.get('fulfilment');
  if (FULFILMENTS.some((f) => f.value === fulfilment)) query.fulfilment = fulfilment as Fulfilment;
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
  const listing = useListing<AdminOrderListQuery, AdminOrderPage>(queryFrom, (query) =>
    client.admin.orders(query),
  );
  const { query, setParam } = listing;
  const ids = useId();
  const filtered = Boolean(
    query.status || query.fulfilment || query.from || query.to || query.customer,
  );

  return (
    <>
      <AdminHead title="Orders" lead="Every order of the shop and the legacy API, newest first." />
      <div className="admin-filters">
        <SearchFilter
          label="Customer"
          placeholder="Email, name or order number"
          value={query.customer ?? ''}
          onSearch={(words) => setParam('customer', words)}
        />
        <SelectFilter
          label="Status"
          value={query.status ?? ''}
          options={ORDER_STATUSES}
          anyLabel="All statuses"
          onChange={(status) => setParam('status', status)}
        />
        <SelectFilter
          label="Fulfilment"
          value={query.fulfilment ?? ''}
          options={FULFILMENTS}
          anyLabel="All"
          onChange={(fulfilment) => setParam('fulfilment', fulfilment)}
        />
        <div className="field">
          <label htmlFor={`${ids}-from`}>From</label>
          <input
            id={`${ids}-from`}
            type="date"
            className="date-input"
            value={query.from ?? ''}
            max={query.to}
            onChange={(event) => setParam('from', event.target.value)}
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
            onChange={(event) => setParam('to', event.target.value)}
          />
        </div>
      </div>

      <ListingTable
        listing={listing}
        loadingLabel="Loading orders"
        empty={
          filtered ? (
            <NoMatches
              what="orders"
              hint="Try another customer, status, fulfilment or period."
              onReset={listing.reset}
            />
          ) : (
            <>
              <h2>No orders yet</h2>
              <p>Orders show up here as soon as shoppers check out.</p>
            </>
          )
        }
        caption="Orders, newest first"
        columns={
          <>
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
          </>
        }
        what="orders"
        row={(order) => (
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
              <StatusBadge status={order.status} /> <FulfilmentBadge status={order.fulfilment} />
            </td>
            <td className="num">{order.itemCount}</td>
            <td className="num">{formatMoney(order.total)}</td>
            <td>
              <SourceBadge source={order.source} />
            </td>
          </tr>
        )}
      />
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
