import { useState } from 'react';
import { errorMessage } from '../format.js';
import { useShop } from '../shop.js';

/**
 * Fetches an order's invoice PDF through the secure channel and hands it to the browser as a
 * download (a Blob behind an object URL on an `<a download>`).
 */
export function InvoiceButton({
  orderId,
  orderNumber,
  label = 'Download invoice (PDF)',
  className = 'button button-outline',
}: {
  orderId: string;
  orderNumber: number;
  label?: string;
  className?: string;
}) {
  const { client } = useShop();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const bytes = await client.invoice(orderId);
      const url = URL.createObjectURL(new Blob([bytes.slice()], { type: 'application/pdf' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `ironcart-invoice-${orderNumber}.pdf`;
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      // The download has started from the URL; free the bytes a moment later.
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="invoice">
      <button
        type="button"
        className={className}
        onClick={download}
        disabled={busy}
        aria-busy={busy}
        aria-label={
          label === 'Download invoice (PDF)' ? undefined : `${label}, order ${orderNumber}`
        }
      >
        {busy ? 'Preparing invoice…' : label}
      </button>
      {error && (
        <span className="inline-error invoice-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
