import type { AdminTaxRule, AdminTaxRules, SaveTaxRuleBody } from '@ironcart/server/api';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ActionDialog } from '../../components/admin/ActionDialog.js';
import {
  AdminHead,
  DoneNotice,
  describedBy,
  LoadError,
  pathErrorsOf,
  useLoad,
} from '../../components/admin/common.js';
import { SelectFilter, TableSkeleton, withParam } from '../../components/admin/listing.js';
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

/** The server's rate: a percent with at most four decimals, below 100. */
const RATE = /^\d{1,2}(\.\d{1,4})?$/;
const MAX_COMPONENTS = 4;

/** "Sales tax 6.875%; PST 7%", or "No tax". */
function componentsText(rule: Pick<AdminTaxRule, 'components'>): string {
  if (rule.components.length === 0) return 'No tax';
  return rule.components.map((c) => `${c.name} ${c.rate}%`).join('; ');
}

/** The rule's id: "DE", "US-OR". */
const ruleIdOf = (place: Destination) =>
  place.region === null ? place.country : `${place.country}-${place.region}`;

/**
 * Tax by destination: the rules of countries and of their regions (a region without a rule of
 * its own is taxed as its country; a country without one, not at all), filtered by country,
 * edited in a small form above the table.
 */
export function AdminTaxPage() {
  useTitle('Tax · Admin');
  const { client } = useShop();
  const load = useLoad<AdminTaxRules>('rules', () => client.admin.taxRules());
  const { countries, error: countriesError, retry: retryCountries } = useCountries();
  const [params, setParams] = useSearchParams();
  const country = params.get('country') ?? '';
  /** The rule in the form: an existing one, or a new one for a destination still to choose. */
  const [editing, setEditing] = useState<AdminTaxRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AdminTaxRule | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const failure = load.error ?? countriesError;
  if (failure) {
    return (
      <>
        <AdminHead title="Tax" />
        <LoadError
          error={failure}
          retry={() => {
            load.retry();
            retryCountries();
          }}
        />
      </>
    );
  }
  const rules = load.data?.rules;
  const name = (rule: AdminTaxRule) => (countries ? placeName(countries, rule) : rule.id);

  function saved(rule: AdminTaxRule) {
    if (!rules) return;
    const others = rules.filter((r) => r.id !== rule.id);
    load.set({ rules: [...others, rule] });
    setEditing(null);
    setDone(`${name(rule)} is saved: ${componentsText(rule)}. Estimates use it from now on.`);
  }

  async function remove() {
    if (!deleting || !rules) return;
    await client.admin.deleteTaxRule(deleting.id);
    load.set({ rules: rules.filter((r) => r.id !== deleting.id) });
    setDone(`The rule of ${name(deleting)} is deleted.`);
    setDeleting(null);
  }

  // By country name; a country's own rule before those of its regions, by region name.
  const sorted =
    rules && countries
      ? [...rules]
          .filter((rule) => !country || rule.country === country)
          .sort(
            (a, b) =>
              placeName(countries, { country: a.country, region: null }).localeCompare(
                placeName(countries, { country: b.country, region: null }),
              ) ||
              Number(a.region !== null) - Number(b.region !== null) ||
              name(a).localeCompare(name(b)),
          )
      : undefined;
  const ruleCountries = countries?.filter((c) => rules?.some((rule) => rule.country === c.code));

  return (
    <>
      <AdminHead
        title="Tax"
        lead="What is charged where: a region without a rule of its own is taxed as its country, a country without one not at all."
      >
        <button
          type="button"
          className="button button-primary"
          disabled={!sorted}
          onClick={() => {
            setDone(null);
            setEditing('new');
          }}
        >
          <span aria-hidden="true">+</span> New rule
        </button>
      </AdminHead>
      <DoneNotice message={done} />
      {editing && rules && countries && (
        <RuleEditor
          key={editing === 'new' ? editing : editing.id}
          rule={editing === 'new' ? null : editing}
          rules={rules}
          countries={countries}
          onSaved={saved}
          onCancel={() => setEditing(null)}
        />
      )}

      {!sorted || !ruleCountries ? (
        <TableSkeleton label="Loading tax rules" />
      ) : (
        <>
          <div className="admin-filters">
            <SelectFilter
              label="Country"
              value={country}
              anyLabel="All countries"
              options={ruleCountries.map((c) => ({ value: c.code, label: c.name }))}
              onChange={(value) => setParams(withParam(params, 'country', value))}
            />
          </div>
          <div className="panel admin-table tax-table">
            <table>
              <caption className="visually-hidden">Tax rules, by destination</caption>
              <thead>
                <tr>
                  <th scope="col">Destination</th>
                  <th scope="col">Tax</th>
                  <th scope="col">
                    <span className="visually-hidden">How it applies</span>
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((rule) => (
                  <tr key={rule.id} data-testid="tax-rule" data-rule-id={rule.id}>
                    <td>
                      <span className="admin-strong">{name(rule)}</span>
                      <span className="admin-id">{rule.id}</span>
                    </td>
                    <td>{componentsText(rule)}</td>
                    <td>
                      {rule.pricesIncludeTax && (
                        <span className="badge badge-muted">prices include tax</span>
                      )}{' '}
                      {rule.shippingTaxed && <span className="badge">shipping taxed</span>}
                    </td>
                    <td className="num">
                      <button
                        type="button"
                        className="button button-outline button-small"
                        aria-label={`Edit ${name(rule)}`}
                        onClick={() => {
                          setDone(null);
                          setEditing(rule);
                        }}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button-outline button-small"
                        aria-label={`Delete ${name(rule)}`}
                        onClick={() => {
                          setDone(null);
                          setDeleting(rule);
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <ActionDialog
        open={deleting !== null}
        title={`Delete the rule of ${deleting ? name(deleting) : 'this destination'}?`}
        confirmLabel="Delete rule"
        pendingLabel="Deleting…"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={remove}
      >
        <p>
          {deleting?.region
            ? `Orders to ${name(deleting)} are then taxed by the rule of ${name({ ...deleting, region: null })}, or not at all if it has none.`
            : 'Orders there are then not taxed at all, but in regions with a rule of their own.'}
        </p>
      </ActionDialog>
    </>
  );
}

interface ComponentRow {
  key: number;
  name: string;
  rate: string;
}
let componentKeys = 0;
const newComponent = (name = '', rate = ''): ComponentRow => ({ key: ++componentKeys, name, rate });

/**
 * A rule's form: for a new rule its destination first; the tax components (name and rate),
 * and whether prices include the tax and whether shipping is taxed.
 */
function RuleEditor({
  rule,
  rules,
  countries,
  onSaved,
  onCancel,
}: {
  rule: AdminTaxRule | null;
  rules: AdminTaxRule[];
  countries: readonly Country[];
  onSaved: (rule: AdminTaxRule) => void;
  onCancel: () => void;
}) {
  const { client } = useShop();
  const ids = useId();
  const fid = (key: string) => `${ids}-${key.replace(/\//g, '-')}`;
  const heading = useRef<HTMLHeadingElement>(null);
  const [place, setPlace] = useState<Destination>(rule ?? { country: '', region: null });
  const [components, setComponents] = useState<ComponentRow[]>(() =>
    rule ? rule.components.map((c) => newComponent(c.name, c.rate)) : [newComponent()],
  );
  const [pricesIncludeTax, setPricesIncludeTax] = useState(rule?.pricesIncludeTax ?? false);
  const [shippingTaxed, setShippingTaxed] = useState(rule?.shippingTaxed ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // The form takes the focus, so the admin lands on what they asked to edit.
  useEffect(() => heading.current?.focus(), []);

  const title = rule ? `Tax of ${placeName(countries, rule)}` : 'New tax rule';

  function changed() {
    setErrors({});
    setFailure(null);
  }

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!rule) {
      if (!place.country) found.destination = 'Choose a country, or a region of one.';
      else if (rules.some((r) => sameDestination(r, place))) {
        found.destination = `${placeName(countries, place)} has a rule already: edit it in the table.`;
      }
    }
    for (const [index, component] of components.entries()) {
      if (!component.name.trim()) found[`components/${index}/name`] = 'Name the tax, e.g. VAT.';
      if (!RATE.test(component.rate.trim())) {
        found[`components/${index}/rate`] = 'Enter a percent such as 6.875 (at most 4 decimals).';
      }
    }
    if (pricesIncludeTax && components.length > 1) {
      found.components = 'Prices can include one tax only: remove the others, or untick it.';
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setFailure(null);
    const local = check();
    setErrors(local);
    const first = Object.keys(local)[0];
    if (first) {
      document
        .getElementById(fid(first === 'destination' ? 'destination-country' : first))
        ?.focus();
      return;
    }
    const body: SaveTaxRuleBody = {
      components: components.map((c) => ({ name: c.name.trim(), rate: c.rate.trim() })),
      pricesIncludeTax,
      shippingTaxed,
    };
    setSaving(true);
    try {
      onSaved(await client.admin.saveTaxRule(rule?.id ?? ruleIdOf(place), body));
    } catch (error) {
      const fields = pathErrorsOf(error, (parts) =>
        parts[0] === 'components' && parts[1] !== undefined && parts[2] !== undefined
          ? parts.slice(0, 3).join('/')
          : parts[0],
      );
      setErrors(fields);
      setFailure(
        Object.keys(fields).length > 0
          ? 'Please correct the fields marked below.'
          : errorMessage(error),
      );
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="panel tax-editor"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${ids}-title`}
    >
      <h2 id={`${ids}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {!rule && (
        <DestinationPicker
          id={fid('destination')}
          countries={countries}
          value={place}
          error={errors.destination}
          onChange={(value) => {
            setPlace(value);
            changed();
          }}
        />
      )}
      <fieldset
        className="tax-components"
        aria-describedby={errors.components ? `${fid('components')}-error` : undefined}
      >
        <legend>Taxes charged</legend>
        {components.length === 0 && <p className="panel-note">None: nothing is charged.</p>}
        <ol className="tax-component-list">
          {components.map((component, index) => {
            const input = (part: 'name' | 'rate', label: string) => {
              const id = fid(`components/${index}/${part}`);
              const error = errors[`components/${index}/${part}`];
              return (
                <div className="form-field">
                  <label htmlFor={id}>{label}</label>
                  <input
                    id={id}
                    inputMode={part === 'rate' ? 'decimal' : undefined}
                    maxLength={part === 'rate' ? 7 : 40}
                    value={component[part]}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={describedBy(id, false, error)}
                    onChange={(event) => {
                      const value = event.target.value;
                      setComponents((now) =>
                        now.map((c) => (c.key === component.key ? { ...c, [part]: value } : c)),
                      );
                      changed();
                    }}
                  />
                  <FieldMessages id={id} error={error} />
                </div>
              );
            };
            return (
              <li key={component.key} className="tax-component">
                {input('name', 'Name')}
                {input('rate', 'Rate (%)')}
                <button
                  type="button"
                  className="button button-outline button-small"
                  onClick={() => {
                    setComponents((now) => now.filter((c) => c.key !== component.key));
                    changed();
                  }}
                >
                  Remove
                  <span className="visually-hidden"> {component.name || `tax ${index + 1}`}</span>
                </button>
              </li>
            );
          })}
        </ol>
        <FieldMessages id={fid('components')} error={errors.components} />
        <button
          type="button"
          className="button button-outline button-small"
          disabled={components.length >= MAX_COMPONENTS}
          onClick={() => {
            setComponents((now) => [...now, newComponent()]);
            changed();
          }}
        >
          <span aria-hidden="true">+</span> Add a tax
        </button>
      </fieldset>
      <div className="tax-flags">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={pricesIncludeTax}
            onChange={(event) => {
              setPricesIncludeTax(event.target.checked);
              changed();
            }}
          />
          Prices include tax
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={shippingTaxed}
            onChange={(event) => {
              setShippingTaxed(event.target.checked);
              changed();
            }}
          />
          Shipping is taxed
        </label>
      </div>
      {failure && (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      )}
      <div className="admin-save">
        <button
          type="submit"
          className="button button-primary"
          disabled={saving}
          aria-busy={saving}
        >
          {saving ? 'Saving…' : 'Save rule'}
        </button>
        <button
          type="button"
          className="button button-outline"
          disabled={saving}
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
