import type { AdminOrderDetail, ShipOrderBody } from '@ironcart/server/api';
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../format.js';
import { useShop } from '../../shop.js';
import { FieldMessages } from '../FieldMessages.js';
import { describedBy, fieldErrorsOf, LoadError, useLoad } from './common.js';

/** The carrier code the server takes for a carrier it has no tracking page for. */
const OTHER = 'other';

/**
 * "Mark as shipped": a carrier of the server's list (or another one, by name and with its
 * tracking link), the tracking number, and for a known carrier an optional tracking link of
 * its own. The server's field errors go under their fields, any other failure above the button.
 */
export function ShipForm({
  order,
  onShipped,
}: {
  order: AdminOrderDetail;
  onShipped: (order: AdminOrderDetail) => void;
}) {
  const { client } = useShop();
  const ids = useId();
  const carriers = useLoad('carriers', () => client.admin.carriers());
  const [carrier, setCarrier] = useState('');
  const [carrierName, setCarrierName] = useState('');
  const [trackingNumber, setTrackingNumber] = useState('');
  const [trackingUrl, setTrackingUrl] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const other = carrier === OTHER;

  async function ship(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!carrier) {
      setErrors({ carrier: 'Choose the carrier.' });
      return;
    }
    const body: ShipOrderBody = { carrier, trackingNumber: trackingNumber.trim() };
    if (other && carrierName.trim()) body.carrierName = carrierName.trim();
    if (trackingUrl.trim()) body.trackingUrl = trackingUrl.trim();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      onShipped(await client.admin.shipOrder(order.id, body));
    } catch (failure) {
      const fields = fieldErrorsOf(failure);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string) => `${ids}-${name}`;
  const text = (
    name: 'carrierName' | 'trackingNumber' | 'trackingUrl',
    label: string,
    value: string,
    set: (value: string) => void,
    hint?: string,
  ) => (
    <div className="field">
      <label htmlFor={field(name)}>{label}</label>
      <input
        id={field(name)}
        type={name === 'trackingUrl' ? 'url' : 'text'}
        value={value}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(field(name), hint, errors[name])}
        onChange={(event) => set(event.target.value)}
      />
      <FieldMessages id={field(name)} hint={hint} error={errors[name]} />
    </div>
  );

  return (
    <form className="ship-form" onSubmit={ship} noValidate aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>Mark as shipped</h3>
      <div className="field">
        <label htmlFor={field('carrier')}>Carrier</label>
        <select
          id={field('carrier')}
          value={carrier}
          aria-invalid={errors.carrier ? true : undefined}
          aria-describedby={describedBy(field('carrier'), false, errors.carrier)}
          onChange={(event) => setCarrier(event.target.value)}
        >
          <option value="">Choose…</option>
          {carriers.data?.carriers.map((known) => (
            <option key={known.code} value={known.code}>
              {known.name}
            </option>
          ))}
          <option value={OTHER}>Other carrier…</option>
        </select>
        <FieldMessages id={field('carrier')} error={errors.carrier} />
      </div>
      {carriers.error !== undefined && <LoadError error={carriers.error} retry={carriers.retry} />}
      {other && text('carrierName', 'Carrier name', carrierName, setCarrierName)}
      {text('trackingNumber', 'Tracking number', trackingNumber, setTrackingNumber)}
      {text(
        'trackingUrl',
        other ? 'Tracking link' : 'Tracking link (optional)',
        trackingUrl,
        setTrackingUrl,
        other
          ? 'The https:// address of the parcel on the carrier’s site.'
          : 'Leave empty for the carrier’s own tracking page.',
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
        {busy ? 'Saving…' : 'Mark as shipped'}
      </button>
    </form>
  );
}
