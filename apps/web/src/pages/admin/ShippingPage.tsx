import type { AdminShippingZone, AdminShippingZones } from '@ironcart/server/api';
import { useState } from 'react';
import { Link } from 'react-router';
import { ActionDialog } from '../../components/admin/ActionDialog.js';
import { AdminHead, DoneNotice, LoadError, useLoad } from '../../components/admin/common.js';
import { TableSkeleton } from '../../components/admin/listing.js';
import { useShop } from '../../shop.js';
import { type Country, useCountries } from '../../use-countries.js';
import { useTitle } from '../../use-title.js';
import { placeName, shortName } from './shop-settings.js';
import { bandsText, daysText } from './zone-form.js';

/** The zones in the order checkout offers them (the server's order: position, then id). */
export function AdminShippingPage() {
  useTitle('Shipping · Admin');
  const { client } = useShop();
  const load = useLoad<AdminShippingZones>('zones', () => client.admin.shippingZones());
  const { countries, error: countriesError, retry: retryCountries } = useCountries();
  const [deleting, setDeleting] = useState<AdminShippingZone | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function remove() {
    if (!deleting || !load.data) return;
    await client.admin.deleteShippingZone(deleting.id);
    load.set({ zones: load.data.zones.filter((zone) => zone.id !== deleting.id) });
    setDone(`${deleting.name} is deleted: its destinations are no longer delivered to.`);
    setDeleting(null);
  }

  const failure = load.error ?? countriesError;
  return (
    <>
      <AdminHead
        title="Shipping"
        lead="Where the shop delivers, how fast, and for what: every destination belongs to one zone."
      >
        <Link to="/admin/shipping/new" className="button button-primary">
          <span aria-hidden="true">+</span> New zone
        </Link>
      </AdminHead>
      <DoneNotice message={done} />
      {failure ? (
        <LoadError
          error={failure}
          retry={() => {
            load.retry();
            retryCountries();
          }}
        />
      ) : !load.data || !countries ? (
        <TableSkeleton label="Loading shipping zones" rows={3} />
      ) : load.data.zones.length === 0 ? (
        <div className="empty">
          <h2>No shipping zones</h2>
          <p>Without one, nothing can be delivered: checkout refuses every address.</p>
          <Link to="/admin/shipping/new" className="button button-primary">
            New zone
          </Link>
        </div>
      ) : (
        <ol className="zone-list">
          {load.data.zones.map((zone) => (
            <li key={zone.id}>
              <ZoneCard
                zone={zone}
                countries={countries}
                onDelete={() => {
                  setDone(null);
                  setDeleting(zone);
                }}
              />
            </li>
          ))}
        </ol>
      )}

      <ActionDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'this zone'}?`}
        confirmLabel="Delete zone"
        pendingLabel="Deleting…"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={remove}
      >
        <p>
          Its destinations will no longer be delivered to:{' '}
          {deleting && countries
            ? deleting.areas.map((area) => placeName(countries, area)).join(', ')
            : ''}
          . Shoppers there cannot check out until another zone covers them.
        </p>
      </ActionDialog>
    </>
  );
}

function ZoneCard({
  zone,
  countries,
  onDelete,
}: {
  zone: AdminShippingZone;
  countries: readonly Country[];
  onDelete: () => void;
}) {
  const headingId = `zone-${zone.id}`;
  return (
    <section className="panel zone-card" aria-labelledby={headingId} data-testid="zone">
      <div className="zone-card-head">
        <div>
          <h2 id={headingId}>{zone.name}</h2>
          <span className="admin-id">
            {zone.id} · position {zone.position}
          </span>
        </div>
        <div className="zone-card-actions">
          <Link
            to={`/admin/shipping/${encodeURIComponent(zone.id)}`}
            className="button button-outline button-small"
          >
            Edit<span className="visually-hidden"> {zone.name}</span>
          </Link>
          <button type="button" className="button button-outline button-small" onClick={onDelete}>
            Delete<span className="visually-hidden"> {zone.name}</span>
          </button>
        </div>
      </div>
      <p className="zone-areas-text" data-testid="zone-areas">
        {zone.areas.map((area) => shortName(countries, area)).join(', ')}
      </p>
      <div className="zone-methods">
        <table>
          <caption className="visually-hidden">Delivery methods of {zone.name}</caption>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Delivery</th>
              <th scope="col">Price</th>
            </tr>
          </thead>
          <tbody>
            {zone.methods.map((method) => (
              <tr key={method.id} data-testid="zone-method">
                <td>
                  <span className="admin-strong">{method.name}</span>
                  <span className="admin-id">{method.id}</span>
                </td>
                <td className="nowrap">{daysText(method)}</td>
                <td>{bandsText(method.bands)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
