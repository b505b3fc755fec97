import type { AdminProduct, AdminProductListQuery, AdminProductPage } from '@ironcart/server/api';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { AdminHead } from '../../components/admin/common.js';
import {
  ListingTable,
  NoMatches,
  pagingFrom,
  SearchFilter,
  SelectFilter,
  useListing,
} from '../../components/admin/listing.js';
import { soldOutText } from '../../components/admin/variant-form.js';
import { errorMessage, formatMoney } from '../../format.js';
import { useShop } from '../../shop.js';
import { useTitle } from '../../use-title.js';

const STATUSES = [
  { value: 'active', label: 'For sale' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All products' },
] as const;
type Status = (typeof STATUSES)[number]['value'];

function queryFrom(params: URLSearchParams): AdminProductListQuery {
  const query: AdminProductListQuery = pagingFrom(params);
  const q = params.get('q')?.trim();
  if (q) query.q = q.slice(0, 200);
  const status = params.get('status');
  if (STATUSES.some((s) => s.value === status)) query.status = status as Status;
  if (params.get('lowStock') === 'true') query.lowStock = true;
  return query;
}

export function AdminProductsPage() {
  useTitle('Products · Admin');
  const { client } = useShop();
  const listing = useListing<AdminProductListQuery, AdminProductPage>(queryFrom, (query) =>
    client.admin.products(query),
  );
  const { query, setParam } = listing;
  const filtered = Boolean(
    query.q || query.lowStock || (query.status && query.status !== 'active'),
  );

  return (
    <>
      <AdminHead title="Products" lead="Everything in the shop: prices, stock and images.">
        <Link to="/admin/products/new" className="button button-primary">
          <span aria-hidden="true">+</span> New product
        </Link>
      </AdminHead>

      <div className="admin-filters">
        <SearchFilter
          label="Find products"
          placeholder="Title or id"
          value={query.q ?? ''}
          onSearch={(words) => setParam('q', words)}
        />
        <SelectFilter
          label="Show"
          value={query.status ?? 'active'}
          options={STATUSES}
          onChange={(status) => setParam('status', status === 'active' ? null : status)}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={query.lowStock === true}
            onChange={(event) => setParam('lowStock', event.target.checked ? 'true' : null)}
          />
          Low stock only
        </label>
      </div>

      <ListingTable
        listing={listing}
        loadingLabel="Loading products"
        empty={
          filtered ? (
            <NoMatches
              what="products"
              hint="Try other words, or show every product."
              onReset={listing.reset}
            />
          ) : (
            <>
              <h2>No products yet</h2>
              <p>Add the first product to open the shop.</p>
              <Link to="/admin/products/new" className="button button-primary">
                New product
              </Link>
            </>
          )
        }
        caption="Products"
        columns={
          <>
            <th scope="col">
              <span className="visually-hidden">Image</span>
            </th>
            <th scope="col">Product</th>
            <th scope="col">Category</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col">Stock</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </>
        }
        what="products"
        row={(product) => <ProductRow key={product.id} product={product} />}
      />
    </>
  );
}

function ProductRow({ product: initial }: { product: AdminProduct }) {
  const [product, setProduct] = useState(initial);
  useEffect(() => setProduct(initial), [initial]);
  return (
    <tr data-testid="product-row" data-product-id={product.id}>
      <td className="admin-thumb-cell">
        {product.image ? (
          <img
            className="admin-thumb"
            src={product.image.url}
            width={48}
            height={48}
            alt=""
            loading="lazy"
          />
        ) : (
          <div className="admin-thumb no-image" aria-hidden="true" />
        )}
      </td>
      <td className="admin-product-cell">
        <Link to={`/admin/products/${encodeURIComponent(product.id)}`} className="admin-strong">
          {product.title}
        </Link>
        <span className="admin-id">{product.id}</span>
        {product.archived && <span className="badge badge-muted">Archived</span>}
      </td>
      <td>{product.category.name}</td>
      <td className="num">{formatMoney(product.price)}</td>
      <td>
        {product.availability.variants > 1 ? (
          <VariantsStock product={product} />
        ) : (
          <StockEditor product={product} onSaved={setProduct} />
        )}
      </td>
      <td className="num">
        <Link to={`/admin/products/${encodeURIComponent(product.id)}`} className="admin-edit-link">
          Edit<span className="visually-hidden"> {product.title}</span>
        </Link>
      </td>
    </tr>
  );
}

/**
 * The stock of a product with several variants: the total and how many are sold out ("2 of 6
 * sizes out"); each variant's count is changed in the product's variant grid.
 */
function VariantsStock({ product }: { product: AdminProduct }) {
  const out = soldOutText(product.availability);
  return (
    <p className="stock-editor" data-testid="variants-stock">
      <span className="admin-strong">{product.stock}</span> on hand
      {product.stock === 0 ? (
        <span className="stock stock-out">Out</span>
      ) : product.lowStock ? (
        // Some variant is low, not the total.
        <span className="stock stock-low">Some low</span>
      ) : null}
      {out && <span className="admin-id">{out}</span>}
    </p>
  );
}

/**
 * The stock of one row without options (its one variant), edited where it stands: a count, a
 * reason once it changes, Save.
 */
function StockEditor({
  product,
  onSaved,
}: {
  product: AdminProduct;
  onSaved: (product: AdminProduct) => void;
}) {
  const { client } = useShop();
  const ids = useId();
  const [value, setValue] = useState(String(product.stock));
  const [reason, setReason] = useState('Stock count');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  useEffect(() => setValue(String(product.stock)), [product.stock]);

  const count = Number(value);
  const valid = value.trim() !== '' && Number.isInteger(count) && count >= 0 && count <= 1_000_000;
  const changed = valid && count !== product.stock;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!valid) {
      setResult({ ok: false, message: 'Enter a whole number of units, 0 or more.' });
      return;
    }
    if (!changed) return;
    if (reason.trim().length < 3) {
      setResult({ ok: false, message: 'Give a reason of at least 3 characters.' });
      return;
    }
    setBusy(true);
    setResult(null);
    try {
      const saved = await client.admin.setStock(product.id, count, reason.trim());
      onSaved({
        ...product,
        stock: saved.stock,
        lowStock: saved.lowStock,
        availability: saved.availability,
      });
      setResult({ ok: true, message: `Saved: ${saved.stock} on hand.` });
    } catch (failure) {
      setResult({ ok: false, message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  }

  const state = product.stock === 0 ? 'out' : product.lowStock ? 'low' : null;
  return (
    <form className="stock-editor" onSubmit={save} noValidate>
      <div className="stock-editor-row">
        <label htmlFor={`${ids}-stock`} className="visually-hidden">
          Stock of {product.title}
        </label>
        <input
          id={`${ids}-stock`}
          type="number"
          inputMode="numeric"
          min={0}
          max={1_000_000}
          step={1}
          value={value}
          aria-invalid={!valid ? true : undefined}
          aria-describedby={result ? `${ids}-result` : undefined}
          onChange={(event) => {
            setValue(event.target.value);
            setResult(null);
          }}
        />
        <button type="submit" className="button button-small" disabled={busy || !changed}>
          {busy ? 'Saving…' : 'Save'}
          <span className="visually-hidden"> stock of {product.title}</span>
        </button>
        {state && <span className={`stock stock-${state}`}>{state === 'out' ? 'Out' : 'Low'}</span>}
      </div>
      {changed && (
        <div className="stock-editor-reason">
          <label htmlFor={`${ids}-reason`}>Reason</label>
          <input
            id={`${ids}-reason`}
            maxLength={200}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
      )}
      <p
        id={`${ids}-result`}
        className={`stock-editor-result ${result?.ok ? 'ok' : 'bad'}`}
        role="status"
      >
        {result?.message}
      </p>
    </form>
  );
}
