import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../format.js';
import { useShop } from '../../shop.js';
import { FieldMessages } from '../FieldMessages.js';
import { describedBy, fieldErrorsOf } from './common.js';
import type { ProductPanelProps } from './product-form.js';
import { Segmented } from './Segmented.js';

const MODES = [
  { value: 'set', label: 'Set the count' },
  { value: 'adjust', label: 'Add or remove' },
] as const;

/** Units on hand: set after a count, or adjust by a delivery or a loss. */
export function StockPanel({ product, onChange }: ProductPanelProps) {
  const { client } = useShop();
  const ids = useId();
  const [mode, setMode] = useState<'set' | 'adjust'>('set');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const n = Number(amount);
    const problems: { amount?: string; reason?: string } = {};
    if (amount.trim() === '' || !Number.isInteger(n)) problems.amount = 'Enter a whole number.';
    else if (mode === 'set' && (n < 0 || n > 1_000_000)) {
      problems.amount = 'Enter 0 or more units.';
    } else if (mode === 'adjust' && n === 0) problems.amount = 'Enter units to add or remove.';
    else if (mode === 'adjust' && product.stock + n < 0) {
      problems.amount = `Only ${product.stock} on hand: remove at most ${product.stock}.`;
    }
    if (reason.trim().length < 3) problems.reason = 'Please give a reason (3 characters or more).';
    setErrors(problems);
    setResult(null);
    if (problems.amount || problems.reason) return;
    setBusy(true);
    try {
      const updated =
        mode === 'set'
          ? await client.admin.setStock(product.id, n, reason.trim())
          : await client.admin.adjustStock(product.id, n, reason.trim());
      onChange(updated);
      setAmount('');
      setReason('');
      setResult({ ok: true, message: `Stock updated: ${updated.stock} on hand.` });
    } catch (failure) {
      const fields = fieldErrorsOf(failure);
      setErrors({
        amount: fields.stock ?? fields.delta,
        reason: fields.reason,
      });
      setResult({ ok: false, message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Stock</h2>
      <p className="stock-on-hand">
        <span data-testid="stock-on-hand">{product.stock}</span> on hand
        {product.stock === 0 ? (
          <span className="stock stock-out">Out of stock</span>
        ) : product.lowStock ? (
          <span className="stock stock-low">Low</span>
        ) : null}
      </p>
      <form className="form stock-form" onSubmit={submit} noValidate>
        <Segmented legend="Change the stock by" options={MODES} value={mode} onChange={setMode} />
        <div className="form-field">
          <label htmlFor={`${ids}-amount`}>
            {mode === 'set' ? 'Units on hand' : 'Units to add (negative to remove)'}
          </label>
          <input
            id={`${ids}-amount`}
            type="number"
            inputMode="numeric"
            step={1}
            min={mode === 'set' ? 0 : undefined}
            value={amount}
            placeholder={mode === 'set' ? String(product.stock) : 'e.g. 12 or -2'}
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
          {busy ? 'Updating…' : 'Update stock'}
        </button>
        <p className={`stock-editor-result ${result?.ok ? 'ok' : 'bad'}`} role="status">
          {result?.message}
        </p>
      </form>
    </section>
  );
}
