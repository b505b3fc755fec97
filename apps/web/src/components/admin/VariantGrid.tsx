import { ApiError } from '@ironcart/sdk';
import type { AdminProductDetail, AdminVariant } from '@ironcart/server/api';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { errorMessage, formatMoney } from '../../format.js';
import { useShop } from '../../shop.js';
import { FieldMessages } from '../FieldMessages.js';
import { ActionDialog } from './ActionDialog.js';
import { fieldErrorsOf } from './common.js';
import type { ProductPanelProps } from './product-form.js';
import { StockForm } from './StockPanel.js';

const SKU = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;
const PRICE = /^\d{1,7}(\.\d{1,2})?$/;

/**
 * The variants of a product with options, one row each: its SKU and price override (saved
 * together), its stock (a count or an adjustment, with a reason, in a row that opens under
 * it) and archiving. Archived variants are listed apart, to be restored.
 */
export function VariantGrid({ product, onChange }: ProductPanelProps) {
  const ids = useId();
  const forSale = product.variants.filter((v) => !v.archived);
  const archived = product.variants.filter((v) => v.archived && v.values.length > 0);
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Variants</h2>
      {forSale.length === 0 ? (
        <p className="panel-note">No variant is for sale: generate them from the options.</p>
      ) : (
        <div className="admin-table">
          <table data-testid="variant-grid">
            <caption className="visually-hidden">Variants of {product.title}</caption>
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">SKU</th>
                <th scope="col">Price</th>
                <th scope="col">Stock</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {forSale.map((variant) => (
                <VariantRow
                  key={variant.id}
                  product={product}
                  variant={variant}
                  onChange={onChange}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {archived.length > 0 && (
        <details>
          <summary>Archived variants ({archived.length})</summary>
          <ul className="specs-editor">
            {archived.map((variant) => (
              <ArchivedVariant key={variant.id} variant={variant} onChange={onChange} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function VariantRow({
  product,
  variant,
  onChange,
}: {
  product: AdminProductDetail;
  variant: AdminVariant;
  onChange: (product: AdminProductDetail) => void;
}) {
  const { client } = useShop();
  const ids = useId();
  const [sku, setSku] = useState(variant.sku);
  const [price, setPrice] = useState(variant.priceOverride?.amount ?? '');
  const [errors, setErrors] = useState<{ sku?: string; price?: string }>({});
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [stockOpen, setStockOpen] = useState(false);
  const [archiving, setArchiving] = useState(false);
  useEffect(() => setSku(variant.sku), [variant.sku]);
  useEffect(() => setPrice(variant.priceOverride?.amount ?? ''), [variant.priceOverride?.amount]);

  const name = variant.label || variant.id;
  const changes = {
    ...(sku.trim().toUpperCase() !== variant.sku ? { sku: sku.trim().toUpperCase() } : {}),
    ...(price.trim() !== (variant.priceOverride?.amount ?? '')
      ? { price: price.trim() === '' ? null : price.trim() }
      : {}),
  };
  const changed = Object.keys(changes).length > 0;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy || !changed) return;
    const problems: { sku?: string; price?: string } = {};
    if (changes.sku !== undefined && !SKU.test(changes.sku)) {
      problems.sku = 'Use capital letters, digits, ".", "_" or "-" (64 at most).';
    }
    if (typeof changes.price === 'string' && !PRICE.test(changes.price)) {
      problems.price = 'Enter a price such as 74.99, or leave it empty for the base price.';
    }
    setErrors(problems);
    setResult(null);
    if (problems.sku || problems.price) {
      document.getElementById(`${ids}-${problems.sku ? 'sku' : 'price'}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      onChange(await client.admin.updateVariant(variant.id, changes));
      setResult({ ok: true, message: `Saved ${name}.` });
    } catch (failure) {
      const fields = fieldErrorsOf(failure);
      if (failure instanceof ApiError && failure.code === 'sku_taken') fields.sku = failure.message;
      setErrors({ sku: fields.sku, price: fields.price });
      setResult({ ok: false, message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  }

  const state = variant.stock === 0 ? 'out' : variant.lowStock ? 'low' : null;
  return (
    <>
      <tr data-testid="variant-row" data-variant-id={variant.id}>
        <th scope="row">
          <span className="admin-strong">{name}</span>
        </th>
        <td>
          <label htmlFor={`${ids}-sku`} className="visually-hidden">
            SKU of {name}
          </label>
          <input
            id={`${ids}-sku`}
            form={`${ids}-form`}
            maxLength={64}
            size={Math.max(12, sku.length + 2)}
            value={sku}
            aria-invalid={errors.sku ? true : undefined}
            aria-describedby={errors.sku ? `${ids}-sku-error` : undefined}
            onChange={(event) => setSku(event.target.value)}
          />
          <FieldMessages id={`${ids}-sku`} error={errors.sku} />
        </td>
        <td>
          <label htmlFor={`${ids}-price`} className="visually-hidden">
            Price of {name} (empty: the base price)
          </label>
          <input
            id={`${ids}-price`}
            form={`${ids}-form`}
            inputMode="decimal"
            size={8}
            value={price}
            placeholder={product.price.amount}
            aria-invalid={errors.price ? true : undefined}
            aria-describedby={errors.price ? `${ids}-price-error` : undefined}
            onChange={(event) => setPrice(event.target.value)}
          />
          <FieldMessages id={`${ids}-price`} error={errors.price} />
          {!variant.priceOverride && (
            <span className="admin-id">Base price {formatMoney(product.price)}</span>
          )}
        </td>
        <td className="nowrap">
          <span data-testid="variant-stock">{variant.stock}</span>
          {state && (
            <span className={`stock stock-${state}`}>{state === 'out' ? 'Out' : 'Low'}</span>
          )}
          <button
            type="button"
            className="button button-outline button-small"
            aria-expanded={stockOpen}
            aria-controls={`${ids}-stock`}
            onClick={() => setStockOpen((open) => !open)}
          >
            Change stock<span className="visually-hidden"> of {name}</span>
          </button>
        </td>
        <td className="nowrap">
          <form id={`${ids}-form`} onSubmit={save} noValidate>
            <button
              type="submit"
              className="button button-small"
              disabled={busy || !changed}
              aria-busy={busy}
            >
              {busy ? 'Saving…' : 'Save'}
              <span className="visually-hidden"> {name}</span>
            </button>
            <button
              type="button"
              className="button button-outline button-small"
              onClick={() => setArchiving(true)}
            >
              Archive<span className="visually-hidden"> {name}</span>
            </button>
          </form>
          <p className={`stock-editor-result ${result?.ok ? 'ok' : 'bad'}`} role="status">
            {result?.message}
          </p>
          <ActionDialog
            open={archiving}
            title={`Archive ${name}?`}
            confirmLabel="Archive"
            pendingLabel="Archiving…"
            danger
            onClose={() => setArchiving(false)}
            onConfirm={async () => {
              onChange(await client.admin.updateVariant(variant.id, { archived: true }));
              setArchiving(false);
            }}
          >
            <p>
              Shoppers can no longer choose it; orders that have it keep it. Its {variant.stock}{' '}
              units stay counted and come back if you restore it.
            </p>
          </ActionDialog>
        </td>
      </tr>
      {stockOpen && (
        <tr id={`${ids}-stock`} data-testid="variant-stock-row">
          <td colSpan={5}>
            <StockForm
              stock={variant.stock}
              autoFocus
              submitLabel={`Update stock of ${name}`}
              onSet={(n, reason) => client.admin.setVariantStock(variant.id, n, reason)}
              onAdjust={(n, reason) => client.admin.adjustVariantStock(variant.id, n, reason)}
              onChange={onChange}
              done={(updated) =>
                `Stock of ${name}: ${updated.variants.find((v) => v.id === variant.id)?.stock ?? 0} on hand.`
              }
            />
          </td>
        </tr>
      )}
    </>
  );
}

function ArchivedVariant({
  variant,
  onChange,
}: {
  variant: AdminVariant;
  onChange: (product: AdminProductDetail) => void;
}) {
  const { client } = useShop();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const name = variant.label || variant.id;
  return (
    <li className="specs-row" data-testid="archived-variant">
      <span>
        {name} <span className="admin-code">{variant.sku}</span> · {variant.stock} on hand
      </span>
      <button
        type="button"
        className="button button-outline button-small"
        disabled={busy}
        aria-busy={busy}
        onClick={async () => {
          setBusy(true);
          setFailure(null);
          try {
            onChange(await client.admin.updateVariant(variant.id, { archived: false }));
          } catch (error) {
            setFailure(errorMessage(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        Restore<span className="visually-hidden"> {name}</span>
      </button>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
    </li>
  );
}
