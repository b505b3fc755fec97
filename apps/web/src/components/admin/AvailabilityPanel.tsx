import { useId, useState } from 'react';
import { formatMoney } from '../../format.js';
import { useShop } from '../../shop.js';
import { ActionDialog } from './ActionDialog.js';
import type { ProductPanelProps } from './product-form.js';

/** For sale or archived (hidden from the shop; orders keep it). */
export function AvailabilityPanel({ product, onChange }: ProductPanelProps) {
  const { client } = useShop();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const archiving = !product.archived;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Availability</h2>
      <p className="panel-note">
        {product.archived
          ? 'Archived: hidden from the shop and from checkout. Past orders keep it.'
          : `For sale at ${formatMoney(product.price)}.`}
      </p>
      <button
        type="button"
        className={`button ${archiving ? 'button-outline' : 'button-primary'}`}
        onClick={() => {
          setDone(null);
          setOpen(true);
        }}
      >
        {archiving ? 'Archive product' : 'Restore to the shop'}
      </button>
      {done && (
        <p className="notice notice-success" role="status">
          {done}
        </p>
      )}
      <ActionDialog
        open={open}
        title={archiving ? `Archive “${product.title}”?` : `Restore “${product.title}”?`}
        confirmLabel={archiving ? 'Archive' : 'Restore'}
        pendingLabel={archiving ? 'Archiving…' : 'Restoring…'}
        danger={archiving}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          const updated = archiving
            ? await client.admin.archiveProduct(product.id)
            : await client.admin.restoreProduct(product.id);
          onChange(updated);
          setOpen(false);
          setDone(archiving ? 'Product archived.' : 'Product restored: it is for sale again.');
        }}
      >
        <p>
          {archiving
            ? 'Shoppers will no longer see it, and carts holding it cannot check out. Orders already placed keep it. You can restore it at any time.'
            : 'It goes back on sale in the shop at its current price and stock.'}
        </p>
      </ActionDialog>
    </section>
  );
}
