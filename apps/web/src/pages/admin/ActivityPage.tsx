import type { AuditEntry, AuditLogPage, AuditLogQuery } from '@ironcart/server/api';
import { Link } from 'react-router';
import { AdminHead, formatDateTime } from '../../components/admin/common.js';
import {
  ListingTable,
  pagingFrom,
  SelectFilter,
  useListing,
} from '../../components/admin/listing.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';

type Action = AuditEntry['action'];

export const ACTIONS: { value: Action; label: string }[] = [
  { value: 'product.create', label: 'Product created' },
  { value: 'product.update', label: 'Product changed' },
  { value: 'product.archive', label: 'Product archived' },
  { value: 'product.restore', label: 'Product restored' },
  { value: 'stock.set', label: 'Stock set' },
  { value: 'stock.adjust', label: 'Stock adjusted' },
  { value: 'image.upload', label: 'Image uploaded' },
  { value: 'order.cancel', label: 'Order cancelled' },
  { value: 'order.refund', label: 'Order refunded' },
  { value: 'order.confirm_payment', label: 'Payment confirmed' },
  { value: 'api_client.create', label: 'API client created' },
  { value: 'api_client.revoke', label: 'API client revoked' },
];

function queryFrom(params: URLSearchParams): AuditLogQuery {
  const query: AuditLogQuery = pagingFrom(params);
  const action = params.get('action');
  if (ACTIONS.some((a) => a.value === action)) query.action = action as Action;
  return query;
}

/** A detail value in a few words. */
function brief(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value.length > 60 ? `${value.slice(0, 57)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // A change: { from, to } (or { before, after }, { old, new }).
    for (const [a, b] of [
      ['from', 'to'],
      ['before', 'after'],
      ['old', 'new'],
    ] as const) {
      if (a in record && b in record) return `${brief(record[a])} → ${brief(record[b])}`;
    }
    // Money.
    if (typeof record.amount === 'string' && typeof record.currency === 'string') {
      return `${record.amount} ${record.currency}`;
    }
    return Object.entries(record)
      .slice(0, 3)
      .map(([name, inner]) => `${name} ${brief(inner)}`)
      .join(', ');
  }
  return String(value);
}

/** "Capital letters in camelCase" as words: "unitsSold" is "units sold". */
const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

function Details({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="admin-id">—</span>;
  return (
    <dl className="audit-details">
      {entries.slice(0, 6).map(([name, value]) => (
        <div key={name}>
          <dt>{words(name)}</dt>
          <dd>{brief(value)}</dd>
        </div>
      ))}
      {entries.length > 6 && <div className="admin-id">and {entries.length - 6} more</div>}
    </dl>
  );
}

function Target({ entry }: { entry: AuditEntry }) {
  if (entry.targetType === 'product') {
    return (
      <Link to={`/admin/products/${encodeURIComponent(entry.targetId)}`}>
        Product <span className="admin-code">{entry.targetId}</span>
      </Link>
    );
  }
  if (entry.targetType === 'order') {
    const number = entry.details.number ?? entry.details.orderNumber;
    return (
      <Link to={`/admin/orders/${encodeURIComponent(entry.targetId)}`}>
        Order{' '}
        {typeof number === 'number' ? (
          `#${number}`
        ) : (
          <span className="admin-code">{entry.targetId.slice(0, 8)}</span>
        )}
      </Link>
    );
  }
  if (entry.targetType === 'api_client') {
    const name = entry.details.name;
    return (
      <Link to="/admin/api-clients">
        API client{' '}
        {typeof name === 'string' ? (
          brief(name)
        ) : (
          <span className="admin-code">{entry.targetId.slice(0, 8)}</span>
        )}
      </Link>
    );
  }
  return (
    <span>
      Image <span className="admin-code">{entry.targetId}</span>
    </span>
  );
}

export function AdminActivityPage() {
  useTitle('Activity · Admin');
  const { client } = useShop();
  const listing = useListing<AuditLogQuery, AuditLogPage>(queryFrom, (query) =>
    client.admin.auditLog(query),
  );
  const { query, setParam } = listing;
  const label = (action: Action) => ACTIONS.find((a) => a.value === action)?.label ?? action;

  return (
    <>
      <AdminHead title="Activity" lead="Every change made in the admin, who made it and when." />
      <div className="admin-filters">
        <SelectFilter
          label="Action"
          value={query.action ?? ''}
          options={ACTIONS}
          anyLabel="All actions"
          onChange={(action) => setParam('action', action)}
        />
      </div>

      <ListingTable
        listing={listing}
        loadingLabel="Loading the activity log"
        empty={
          <>
            <h2>{query.action ? `No “${label(query.action)}” entries` : 'Nothing logged yet'}</h2>
            <p>
              Changes to products, stock, orders and API clients made here are listed as they
              happen.
            </p>
            {query.action && (
              <button type="button" className="button" onClick={listing.reset}>
                Show all actions
              </button>
            )}
          </>
        }
        caption="Activity log, newest first"
        columns={
          <>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </>
        }
        what="entries"
        row={(entry) => (
          <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
            <td className="nowrap">
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </td>
            <td className="admin-who">{entry.actor.email}</td>
            <td>
              <span className={`badge badge-action-${entry.action.split('.')[0]}`}>
                {label(entry.action)}
              </span>
              <span className="admin-code admin-id">{entry.action}</span>
            </td>
            <td>
              <Target entry={entry} />
            </td>
            <td>
              <Details details={entry.details} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
