import { ApiError } from '@ironcart/sdk';
import type { AdminShippingZone, AdminShippingZones } from '@ironcart/server/api';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  AdminHead,
  DetailFallback,
  describedBy,
  type Load,
  pathErrorsOf,
  useLoad,
} from '../../components/admin/common.js';
import { FieldMessages } from '../../components/FieldMessages.js';
import { errorMessage } from '../../format.js';
import { useShop } from '../../shop.js';
import { type Country, useCountries } from '../../use-countries.js';
import { useTitle } from '../../use-title.js';
import {
  type Destination,
  DestinationPicker,
  placeName,
  sameDestination,
} from './shop-settings.js';
import {
  type BandRow,
  checkZone,
  emptyZone,
  idOf,
  MAX_BANDS,
  MAX_METHODS,
  type MethodRow,
  newBand,
  newMethod,
  type ZoneErrors,
  type ZoneForm,
  zoneBody,
  zoneErrorKey,
  zoneFormOf,
} from './zone-form.js';

/**
 * A shipping zone's editor, and a new zone's: its name and position, its areas (countries, or
 * regions of them) and its methods with their price bands. The zone is saved whole; what the
 * server refuses is shown at the field it names.
 */

export function AdminShippingZonePage() {
  const { zoneId = '' } = useParams();
  return (
    <ZoneLoader>
      {(zones, countries, load) => {
        const zone = zones.find((candidate) => candidate.id === zoneId);
        if (!zone) {
          return (
            <div className="empty">
              <h1>We could not find this zone</h1>
              <p>There is no shipping zone with the id “{zoneId}”: it may have been deleted.</p>
              <Link to="/admin/shipping" className="button button-primary">
                All zones
              </Link>
            </div>
          );
        }
        return (
          <ZoneEditor
            key={zone.id}
            zone={zone}
            countries={countries}
            zones={zones}
            onSaved={(saved) =>
              load.set({ zones: zones.map((z) => (z.id === saved.id ? saved : z)) })
            }
          />
        );
      }}
    </ZoneLoader>
  );
}

export function AdminShippingNewZonePage() {
  return (
    <ZoneLoader>
      {(zones, countries) => <ZoneEditor zone={null} countries={countries} zones={zones} />}
    </ZoneLoader>
  );
}

/** The zones (a new zone needs their positions and ids too) and the countries, then the page. */
function ZoneLoader({
  children,
}: {
  children: (
    zones: AdminShippingZone[],
    countries: readonly Country[],
    load: Load<AdminShippingZones>,
  ) => ReactNode;
}) {
  const { client } = useShop();
  const load = useLoad<AdminShippingZones>('zones', () => client.admin.shippingZones());
  const countries = useCountries();
  if (!load.data || !countries.countries) {
    return (
      <DetailFallback
        load={{
          error: load.error ?? countries.error ?? undefined,
          retry: () => {
            load.retry();
            countries.retry();
          },
        }}
        noun="shipping zone"
        missing=""
        listTo="/admin/shipping"
        listLabel="All zones"
        layoutClass="zone-editor"
      />
    );
  }
  return children(load.data.zones, countries.countries, load);
}

function ZoneEditor({
  zone,
  zones,
  countries,
  onSaved,
}: {
  zone: AdminShippingZone | null;
  zones: AdminShippingZone[];
  countries: readonly Country[];
  /** The zone as saved (a new zone's page is left for the saved zone's). */
  onSaved?: (zone: AdminShippingZone) => void;
}) {
  const creating = zone === null;
  useTitle(creating ? 'New shipping zone · Admin' : `${zone.name} · Admin`);
  const { client } = useShop();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const ids = useId();
  /** The element an error key is shown at (an input, or a focusable list or fieldset). */
  const fid = (key: string) => `${ids}-${key.replace(/\//g, '-')}`;
  const [form, setForm] = useState<ZoneForm>(() =>
    zone ? zoneFormOf(zone) : emptyZone(Math.max(-1, ...zones.map((z) => z.position)) + 1),
  );
  const [idTyped, setIdTyped] = useState(false);
  const [errors, setErrors] = useState<ZoneErrors>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(
    params.get('created') === '1' ? 'Zone created: checkout delivers there now.' : null,
  );
  const messageRef = useRef<HTMLDivElement>(null);
  const focusNext = useRef<string | null>(null);

  // The "created" notice is shown once: the address drops its flag (a reload does not repeat it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on arrival
  useEffect(() => {
    if (params.get('created') === '1') setParams({}, { replace: true });
  }, []);

  useEffect(() => {
    if (failure || saved) messageRef.current?.focus();
  }, [failure, saved]);

  useEffect(() => {
    if (focusNext.current === null) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const zoneId = creating ? form.id : zone.id;

  /** Changes the form; the errors at `keys` (or starting with them) go, being about the old value. */
  function edit(change: (now: ZoneForm) => ZoneForm, ...keys: string[]) {
    setForm(change);
    setSaved(null);
    setErrors((now) => {
      const rest = Object.fromEntries(
        Object.entries(now).filter(([key]) => !keys.some((gone) => key.startsWith(gone))),
      );
      return Object.keys(rest).length === Object.keys(now).length ? now : rest;
    });
  }

  function editMethod(index: number, change: (method: MethodRow) => MethodRow, ...keys: string[]) {
    edit(
      (now) => ({ ...now, methods: now.methods.map((m, i) => (i === index ? change(m) : m)) }),
      ...keys.map((key) => `methods/${index}/${key}`),
    );
  }

  function editBands(index: number, change: (bands: BandRow[]) => BandRow[]) {
    // A band's error may be the whole list's ("the first band must start at 0"): all go.
    editMethod(index, (m) => ({ ...m, bands: change(m.bands) }), 'bands');
  }

  /** Rows came or went: the server's indices no longer match them, so its errors go. */
  function reshape(change: (now: ZoneForm) => ZoneForm, focus: string) {
    edit(change, 'areas', 'methods');
    focusNext.current = focus;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setFailure(null);
    setSaved(null);
    const local = checkZone(form, creating);
    setErrors(local);
    const first = Object.keys(local)[0];
    if (first) {
      document.getElementById(fid(first))?.focus();
      return;
    }
    setSaving(true);
    try {
      const answer = await client.admin.saveShippingZone(zoneId, zoneBody(form));
      if (creating) {
        navigate(`/admin/shipping/${encodeURIComponent(answer.id)}?created=1`);
        return;
      }
      onSaved?.(answer);
      setForm(zoneFormOf(answer));
      setSaved('Zone saved: quotes and checkout use it from now on.');
    } catch (error) {
      const fields = pathErrorsOf(error, zoneErrorKey);
      if (error instanceof ApiError && error.code === 'area_taken') fields.areas = error.message;
      if (error instanceof ApiError && error.code === 'method_id_taken') {
        const index = form.methods.findIndex((m) => error.message.includes(`"${m.id}"`));
        fields[index >= 0 ? `methods/${index}/id` : 'methods'] = error.message;
      }
      setErrors(fields);
      // A conflict is said in full above the form too: it is about another zone.
      setFailure(
        error instanceof ApiError && error.status === 409
          ? error.message
          : Object.keys(fields).length > 0
            ? 'Please correct the fields marked below.'
            : errorMessage(error),
      );
    } finally {
      setSaving(false);
    }
  }

  const title = creating ? 'New shipping zone' : zone.name;
  const text = (
    key: 'name' | 'position' | 'id',
    label: string,
    input: { maxLength?: number; type?: string; hint?: string },
  ) => (
    <div className="form-field">
      <label htmlFor={fid(key)}>{label}</label>
      <input
        id={fid(key)}
        type={input.type ?? 'text'}
        inputMode={input.type === 'number' ? 'numeric' : undefined}
        maxLength={input.maxLength}
        value={form[key]}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={describedBy(fid(key), input.hint, errors[key])}
        onChange={(event) => {
          const value = event.target.value;
          if (key === 'id') setIdTyped(true);
          edit(
            (now) => ({
              ...now,
              [key]: value,
              // A new zone's id follows its name until the admin types one.
              ...(key === 'name' && creating && !idTyped ? { id: idOf(value) } : {}),
            }),
            key,
            ...(key === 'name' && creating && !idTyped ? ['id'] : []),
          );
        }}
      />
      <FieldMessages id={fid(key)} hint={input.hint} error={errors[key]} />
    </div>
  );

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/admin/shipping">Shipping</Link>
          </li>
          <li aria-current="page">{creating ? 'New zone' : zone.id}</li>
        </ol>
      </nav>
      <AdminHead
        title={title}
        lead="Saved whole: its areas, its methods and their prices change together."
      />

      <div ref={messageRef} tabIndex={-1} className="admin-message">
        {failure && (
          <div className="notice notice-error" role="alert" data-testid="zone-failure">
            {failure}
          </div>
        )}
        {saved && (
          <div className="notice notice-success" role="status">
            {saved}
          </div>
        )}
      </div>

      <form className="zone-editor" onSubmit={submit} noValidate>
        <fieldset className="panel">
          <legend>Zone</legend>
          <div className="zone-fields">
            {text('name', 'Name', { maxLength: 80, hint: 'Shown to you only, e.g. “Nordics”.' })}
            {creating &&
              text('id', 'Id', {
                maxLength: 40,
                hint: 'Lower-case letters, digits and dashes; it cannot change later.',
              })}
            {text('position', 'Position', {
              type: 'number',
              hint: 'Zones are listed from the lowest.',
            })}
          </div>
        </fieldset>

        <AreasEditor
          id={fid('areas')}
          fid={fid}
          countries={countries}
          areas={form.areas}
          errors={errors}
          onAdd={(area) =>
            reshape((now) => ({ ...now, areas: [...now.areas, area] }), `${ids}-area-country`)
          }
          onRemove={(index) =>
            reshape(
              (now) => ({ ...now, areas: now.areas.filter((_, i) => i !== index) }),
              `${ids}-area-country`,
            )
          }
          pickerId={`${ids}-area`}
        />

        <fieldset className="panel" id={fid('methods')} tabIndex={-1}>
          <legend>Delivery methods</legend>
          <p className="panel-note">Checkout offers them in this order.</p>
          <FieldMessages id={fid('methods')} error={errors.methods} />
          <ol className="zone-method-list">
            {form.methods.map((method, index) => (
              <li key={method.key}>
                <MethodEditor
                  method={method}
                  at={`methods/${index}`}
                  fid={fid}
                  errors={errors}
                  onChange={(change, key) => editMethod(index, change, key)}
                  onName={(name) =>
                    editMethod(
                      index,
                      (m) => ({
                        ...m,
                        name,
                        id: m.idTyped ? m.id : idOf(`${zoneId} ${name}`),
                      }),
                      'name',
                      'id',
                    )
                  }
                  onBands={(change) => editBands(index, change)}
                  onAddBand={() => {
                    editBands(index, (bands) => [...bands, newBand()]);
                    focusNext.current = fid(`methods/${index}/bands/${method.bands.length}/from`);
                  }}
                  onRemove={() =>
                    reshape(
                      (now) => ({ ...now, methods: now.methods.filter((_, i) => i !== index) }),
                      `${ids}-add-method`,
                    )
                  }
                />
              </li>
            ))}
          </ol>
          <button
            type="button"
            id={`${ids}-add-method`}
            className="button button-outline button-small"
            disabled={form.methods.length >= MAX_METHODS}
            onClick={() => {
              reshape(
                (now) => ({ ...now, methods: [...now.methods, newMethod()] }),
                fid(`methods/${form.methods.length}/name`),
              );
            }}
          >
            <span aria-hidden="true">+</span> Add a method
          </button>
        </fieldset>

        <div className="admin-save">
          <button
            type="submit"
            className="button button-primary button-large"
            disabled={saving}
            aria-busy={saving}
          >
            {saving ? 'Saving…' : creating ? 'Create zone' : 'Save zone'}
          </button>
          <Link to="/admin/shipping" className="summary-continue">
            Back to shipping
          </Link>
        </div>
      </form>
    </>
  );
}

/** The zone's countries and regions, each with Remove, and a picker to add one. */
function AreasEditor({
  id,
  fid,
  pickerId,
  countries,
  areas,
  errors,
  onAdd,
  onRemove,
}: {
  id: string;
  fid: (key: string) => string;
  pickerId: string;
  countries: readonly Country[];
  areas: Destination[];
  errors: ZoneErrors;
  onAdd: (area: Destination) => void;
  onRemove: (index: number) => void;
}) {
  const [choice, setChoice] = useState<Destination>({ country: '', region: null });
  const [problem, setProblem] = useState<string | null>(null);

  function add() {
    if (!choice.country) {
      setProblem('Choose a country first.');
      return;
    }
    if (areas.some((area) => sameDestination(area, choice))) {
      setProblem(`${placeName(countries, choice)} is in this zone already.`);
      return;
    }
    onAdd(choice);
    setChoice({ country: '', region: null });
  }

  return (
    <fieldset className="panel" id={id} tabIndex={-1}>
      <legend>Delivers to</legend>
      <FieldMessages id={id} error={errors.areas} />
      {areas.length === 0 ? (
        <p className="panel-note">No countries or regions yet.</p>
      ) : (
        <ul className="zone-areas" aria-label="Countries and regions of this zone">
          {areas.map((area, index) => {
            const name = placeName(countries, area);
            const error = errors[`areas/${index}`];
            return (
              <li
                key={`${area.country}-${area.region}`}
                id={fid(`areas/${index}`)}
                tabIndex={-1}
                className={error ? 'zone-area is-invalid' : 'zone-area'}
              >
                <span>{name}</span>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${name}`}
                  onClick={() => onRemove(index)}
                >
                  Remove
                </button>
                <FieldMessages id={fid(`areas/${index}`)} error={error} />
              </li>
            );
          })}
        </ul>
      )}
      <div className="zone-area-add">
        <DestinationPicker
          id={pickerId}
          countries={countries}
          value={choice}
          error={problem ?? undefined}
          onChange={(value) => {
            setChoice(value);
            setProblem(null);
          }}
        />
        <button type="button" className="button button-outline" onClick={add}>
          Add to zone
        </button>
      </div>
    </fieldset>
  );
}

/** One delivery method: its name, id, days, and price bands by subtotal. */
function MethodEditor({
  method,
  at,
  fid,
  errors,
  onChange,
  onName,
  onBands,
  onAddBand,
  onRemove,
}: {
  method: MethodRow;
  /** "methods/1": where its errors are. */
  at: string;
  fid: (key: string) => string;
  errors: ZoneErrors;
  onChange: (change: (method: MethodRow) => MethodRow, key: string) => void;
  onName: (name: string) => void;
  onBands: (change: (bands: BandRow[]) => BandRow[]) => void;
  onAddBand: () => void;
  onRemove: () => void;
}) {
  const label = method.name.trim() || 'New method';
  const field = (
    key: 'name' | 'id' | 'minDays' | 'maxDays',
    text: string,
    input: { maxLength?: number; number?: boolean },
  ) => {
    const id = fid(`${at}/${key}`);
    const error = errors[`${at}/${key}`];
    return (
      <div className="form-field">
        <label htmlFor={id}>{text}</label>
        <input
          id={id}
          type={input.number ? 'number' : 'text'}
          inputMode={input.number ? 'numeric' : undefined}
          min={input.number ? 0 : undefined}
          max={input.number ? 90 : undefined}
          maxLength={input.maxLength}
          value={method[key]}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, false, error)}
          onChange={(event) => {
            const value = event.target.value;
            if (key === 'name') onName(value);
            else onChange((m) => ({ ...m, [key]: value, idTyped: m.idTyped || key === 'id' }), key);
          }}
        />
        <FieldMessages id={id} error={error} />
      </div>
    );
  };

  const bandsId = fid(`${at}/bands`);
  return (
    <fieldset className="zone-method">
      <legend>{label}</legend>
      <div className="zone-method-fields">
        {field('name', 'Name', { maxLength: 60 })}
        {field('id', 'Id', { maxLength: 40 })}
        {field('minDays', 'Min days', { number: true })}
        {field('maxDays', 'Max days', { number: true })}
      </div>
      <fieldset
        className="zone-bands"
        id={bandsId}
        tabIndex={-1}
        aria-describedby={errors[`${at}/bands`] ? `${bandsId}-error` : undefined}
      >
        <legend>Price by order subtotal</legend>
        <p className="field-hint">
          The first band starts from 0; each next one from a higher subtotal. A price of 0 is free
          shipping.
        </p>
        <FieldMessages id={bandsId} error={errors[`${at}/bands`]} />
        <ol className="zone-band-list">
          {method.bands.map((band, index) => {
            const input = (part: 'from' | 'price', text: string) => {
              const key = `${at}/bands/${index}/${part}`;
              const id = fid(key);
              return (
                <div className="form-field">
                  <label htmlFor={id}>{text}</label>
                  <input
                    id={id}
                    inputMode="decimal"
                    maxLength={10}
                    value={band[part]}
                    aria-invalid={errors[key] || errors[`${at}/bands`] ? true : undefined}
                    aria-describedby={describedBy(id, false, errors[key])}
                    onChange={(event) => {
                      const value = event.target.value;
                      onBands((bands) =>
                        bands.map((b) => (b.key === band.key ? { ...b, [part]: value } : b)),
                      );
                    }}
                  />
                  <FieldMessages id={id} error={errors[key]} />
                </div>
              );
            };
            return (
              <li key={band.key} className="zone-band">
                {input('from', 'From subtotal')}
                {input('price', 'Price')}
                <button
                  type="button"
                  className="button button-outline button-small"
                  disabled={method.bands.length === 1}
                  onClick={() => onBands((bands) => bands.filter((b) => b.key !== band.key))}
                >
                  Remove
                  <span className="visually-hidden">
                    {' '}
                    band {index + 1} of {label}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button button-outline button-small"
          disabled={method.bands.length >= MAX_BANDS}
          onClick={onAddBand}
        >
          <span aria-hidden="true">+</span> Add a price band
        </button>
      </fieldset>
      <button type="button" className="button button-outline button-small" onClick={onRemove}>
        Remove method<span className="visually-hidden"> {label}</span>
      </button>
    </fieldset>
  );
}
