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
  { value: 'stock.bulk_set', label: 'Stock set for all variants' },
  { value: 'product.options', label: 'Options changed' },
  { value: 'variant.update', label: 'Variant changed' },
  { value: 'variant.archive', label: 'Variant archived' },
  { value: 'variant.restore', label: 'Variant restored' },
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

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * A variant's stock or edit as a sentence, "Stock of Portugal Home Jersey · Size M set 12 → 3
 * (count)", with its SKU; null for other entries (their details are listed).
 */
function sentence(entry: AuditEntry): { line: string; sku: string } | null {
  const d = entry.details;
  const subject = [text(d.title), text(d.variant)].filter(Boolean).join(' · ');
  if (!subject) return null;
  const why = d.reason ? ` (${text(d.reason)})` : '';
  const sku = text(d.sku);
  switch (entry.action) {
    case 'stock.set':
      return { line: `Stock of ${subject} set ${d.from} → ${d.to}${why}`, sku };
    case 'stock.adjust': {
      const delta = Number(d.delta);
      return {
        line: `Stock of ${subject} ${delta > 0 ? '+' : ''}${delta}: ${d.from} → ${d.to}${why}`,
        sku,
      };
    }
    case 'stock.bulk_set': {
      const count = Array.isArray(d.variants) ? d.variants.length : 0;
      return { line: `Stock of all ${count} variants of ${subject} set to ${d.to}${why}`, sku };
    }
    case 'variant.update':
      return { line: `${subject}: ${brief(d.changes)}`, sku };
    case 'variant.archive':
      return { line: `${subject} archived`, sku };
    case 'variant.restore':
      return { line: `${subject} back on sale`, sku };
    default:
      return null;
  }
}

function Details({ entry }: { entry: AuditEntry }) {
  const said = sentence(entry);
  if (said) {
    return (
      <p className="audit-details" data-testid="audit-sentence">
        {said.line}
        {said.sku && (
          <span className="admin-id">
            SKU <span className="admin-code">{said.sku}</span>
          </span>
        )}
      </p>
    );
  }
  const entries = Object.entries(entry.details);
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
              <Details entry={entry} />
            </td>
          </tr>
        )}
      />
    </>
  );
}
