import type { AdminProductDetail } from '@ironcart/server/api';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../../format.js';
import { useShop } from '../../shop.js';
import { FieldMessages } from '../FieldMessages.js';
import { describedBy, fieldErrorsOf } from './common.js';
import type { ProductPanelProps } from './product-form.js';
import { Segmented } from './Segmented.js';

type Mode = 'set' | 'adjust';
const MODES = [
  { value: 'set', label: 'Set the count' },
  { value: 'adjust', label: 'Add or remove' },
] as const;

/**
 * Units on hand of the product. Without options: its one variant's, set after a count or
 * adjusted by a delivery or a loss. With options: the total, and one count for every variant
 * for sale at once ("set stock for all sizes"); each variant's own stock is in the grid.
 */
export function StockPanel({ product, onChange }: ProductPanelProps) {
  const { client } = useShop();
  const ids = useId();
  const several = product.options.length > 0;
  const noun = product.availability.option
    ? `${product.availability.option.toLowerCase()}s`
    : 'variants';
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Stock</h2>
      <p className="stock-on-hand">
        <span data-testid="stock-on-hand">{product.stock}</span> on hand
        {several && ` across ${product.availability.variants} ${noun}`}
        {product.stock === 0 ? (
          <span className="stock stock-out">Out of stock</span>
        ) : product.lowStock ? (
          <span className="stock stock-low">Low</span>
        ) : null}
      </p>
      {several ? (
        <StockForm
          stock={null}
          modes={['set']}
          amountLabel={`Units of each of the ${product.availability.variants} ${noun}`}
          submitLabel={`Set stock for all ${noun}`}
          onSet={(n, reason) => client.admin.setStock(product.id, n, reason)}
          onChange={onChange}
          done={(_, n) => `Stock of all ${product.availability.variants} ${noun} set to ${n}.`}
        />
      ) : (
        <StockForm
          stock={product.stock}
          onSet={(n, reason) => client.admin.setStock(product.id, n, reason)}
          onAdjust={(n, reason) => client.admin.adjustStock(product.id, n, reason)}
          onChange={onChange}
          done={(updated) => `Stock updated: ${updated.stock} on hand.`}
        />
      )}
    </section>
  );
}

/**
 * A stock change with its reason (kept in the activity log): a count, or units added or
 * removed. `stock` is what is on hand now (null for several variants at once).
 */
export function StockForm({
  stock,
  modes = ['set', 'adjust'],
  amountLabel,
  submitLabel = 'Update stock',
  autoFocus = false,
  onSet,
  onAdjust,
  onChange,
  done,
}: {
  stock: number | null;
  modes?: readonly Mode[];
  amountLabel?: string;
  submitLabel?: string;
  autoFocus?: boolean;
  onSet: (stock: number, reason: string) => Promise<AdminProductDetail>;
  onAdjust?: (delta: number, reason: string) => Promise<AdminProductDetail>;
  onChange: (product: AdminProductDetail) => void;
  /** The success message. */
  done: (product: AdminProductDetail, amount: number) => string;
}) {
  const ids = useId();
  const [mode, setMode] = useState<Mode>(modes[0] ?? 'set');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});
  const amountInput = useRef<HTMLInputElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when it appears
  useEffect(() => {
    if (autoFocus) amountInput.current?.focus();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const n = Number(amount);
    const problems: { amount?: string; reason?: string } = {};
    if (amount.trim() === '' || !Number.isInteger(n)) problems.amount = 'Enter a whole number.';
    else if (mode === 'set' && (n < 0 || n > 1_000_000)) {
      problems.amount = 'Enter 0 or more units.';
    } else if (mode === 'adjust' && n === 0) problems.amount = 'Enter units to add or remove.';
    else if (mode === 'adjust' && stock !== null && stock + n < 0) {
      problems.amount = `Only ${stock} on hand: remove at most ${stock}.`;
    }
    if (reason.trim().length < 3) problems.reason = 'Please give a reason (3 characters or more).';
    setErrors(problems);
    setResult(null);
    if (problems.amount || problems.reason) return;
    setBusy(true);
    try {
      const updated =
        mode === 'adjust' && onAdjust
          ? await onAdjust(n, reason.trim())
          : await onSet(n, reason.trim());
      onChange(updated);
      setAmount('');
      setReason('');
      setResult({ ok: true, message: done(updated, n) });
    } catch (failure) {
      const fields = fieldErrorsOf(failure);
      setErrors({ amount: fields.stock ?? fields.delta, reason: fields.reason });
      setResult({ ok: false, message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  }

  const options = MODES.filter((m) => modes.includes(m.value));
  return (
    <form className="form stock-form" onSubmit={submit} noValidate>
      {options.length > 1 && (
        <Segmented legend="Change the stock by" options={options} value={mode} onChange={setMode} />
      )}
      <div className="form-field">
        <label htmlFor={`${ids}-amount`}>
          {amountLabel ?? (mode === 'set' ? 'Units on hand' : 'Units to add (negative to remove)')}
        </label>
        <input
          id={`${ids}-amount`}
          ref={amountInput}
          type="number"
          inputMode="numeric"
          step={1}
          min={mode === 'set' ? 0 : undefined}
          value={amount}
          placeholder={mode === 'set' ? String(stock ?? 0) : 'e.g. 12 or -2'}
          aria-invalid={errors.amount ? true : undefined}
          aria-describedby={errors.amount ? `${ids}-amount-error` : undefined}
          onChange={(event) => setAmount(event.target.value)}
        />
        <FieldMessages id={`${ids}-amount`} error={errors.amount} />
      </div>
      <div className="form-field">
        <label htmlFor={`${ids}-reason`}>Reason</label>
        <input
          id={`${ids}-reason`}
          maxLength={200}
          value={reason}
          placeholder={mode === 'set' ? 'e.g. Stock count' : 'e.g. Delivery from supplier'}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={describedBy(`${ids}-reason`, 'hint', errors.reason)}
          onChange={(event) => setReason(event.target.value)}
        />
        <FieldMessages
          id={`${ids}-reason`}
          hint="Kept in the activity log."
          error={errors.reason}
        />
      </div>
      <button type="submit" className="button" disabled={busy} aria-busy={busy}>
        {busy ? 'Updating…' : submitLabel}
      </button>
      <p className={`stock-editor-result ${result?.ok ? 'ok' : 'bad'}`} role="status">
        {result?.message}
      </p>
    </form>
  );
}
